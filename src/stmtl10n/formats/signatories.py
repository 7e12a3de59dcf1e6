"""Recognise lists of signatories and read each signatory's parts: name, organization, role and country.

Names and organizations are copied as the signatories wrote them, roles and
titles are translated, the country is written with each language's CLDR name.
Which part is which is decided from evidence a reader can check: a country CLDR
names (in the languages statements are written in); a title word of the part's
language opening it ("Associate Professor", "députée", "Catedrática"); an
organization word in it ("University", "Partido", "Gewerkschaft", "حزب"); a
lowercase start in a cased script ("actor"). Everything here is linear in the
text and cheap: formats judge every candidate list of a statement with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from stmtl10n.countries import country_code, localize_country

NAME, ORGANIZATION, ROLE, COUNTRY = "name", "organization", "role", "country"


@dataclass(frozen=True, slots=True)
class SignatoryPart:
    """One part of a signatory: ``text[start:end]`` of its :class:`Signatory`, without surrounding spaces."""

    kind: str  # NAME, ORGANIZATION, ROLE or COUNTRY
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Signatory:
    """A signatory's text and its parts, in text order; the text between parts is separators."""

    text: str
    parts: tuple[SignatoryPart, ...]

    def part_text(self, part: SignatoryPart) -> str:
        """The text of one of this signatory's parts."""
        return self.text[part.start:part.end]

    @property
    def country(self) -> SignatoryPart | None:
        """The COUNTRY part, if any."""
        return next((part for part in self.parts if part.kind == COUNTRY), None)

    @property
    def roles(self) -> tuple[SignatoryPart, ...]:
        """The ROLE parts: the translatable text of the signatory."""
        return tuple(part for part in self.parts if part.kind == ROLE)


# Words that announce a signatory list in the line before it, in the languages
# statements are written in: whole words in Latin and Cyrillic script...
_LEAD_IN_WORDS = re.compile(
    r"\b(?:sign(?:ed|ing|atory|atories|atures?|ers?)|co-?sign(?:ed|ers|atories)|undersigned|"
    r"endorse(?:d|ments?|rs)|endorsing|supported by|"
    r"(?:co)?signataires?|sign[ée]e?s?|premiers signataires|soutiens|"
    r"firmantes?|firman|firmad[oa]s?|firmas|suscriben|adhesiones|adhieren|"
    r"signat[áa]ri[oa]s|assinam|assinad[oa]s?|assinaturas?|subscrevem|ades[õo]es|"
    r"firmatari[ei]?|sottoscrittori|sottoscrittrici|aderiscono|adesioni|"
    r"(?:erst)?unterzeichne(?:r|rinnen|nde|t)|unterschriften|"
    r"ondertekenaars|ondertekend|signants|signen|imzac[ıi]lar|подписали|подписанты)\b",
    re.IGNORECASE,
)
# A stem of each word above, in ASCII ("sign[ée]e?s?" holds "sign", "imzac[ıi]lar" "imzac"):
# ASCII text without any of them cannot match (a test holds every word to one).
_LEAD_IN_ASCII_STEMS = ("sign", "endors", "supported by", "firm", "suscrib", "adh", "assin", "subscrev", "ades",
                        "sottoscritt", "aderisc", "unterzeichn", "unterschrift", "ondertek", "imzac", "soutiens")
# ...and the forms of scripts without spaces or with attached articles, as substrings.
_LEAD_IN_STEMS = ("الموقعون", "الموقعين", "الموقعات", "الموقّعون", "الموقّعين", "التوقيعات", "الموقعة",
                  "署名", "签名", "簽名", "联署", "聯署", "連署", "החותמים", "امضاکنندگان")

# Words that make a part an organization, folded, per source language: whole
# words ("party", "partido", "gewerkschaft") and the beginnings of longer ones
# ("univers" for University, Université, Universidad, Universität).  Looked up
# word by word in sets: a regular expression of hundreds of alternatives would
# be tried at every position, and a 5,000-line list must be judged at once.
_ORGANIZATION_WORDS = frozenset("""
agrupación agrupacion college colleges collège colegio school schools école escuela escola scuola schule dept department departments
département departamento dipartimento faculty faculté facultad faculdade facoltà fakultät institute institutes
institut instituto institutos istituto academy academia académie akademie association associations associação
associazione asociación verein verband party parties parti partido partito partei partij union unions unión
unione sindicato sindicatos syndicat syndicats gewerkschaft committee committees comité comités comitato comitê
komitee network networks réseau rete red netzwerk council councils conseil consejo consiglio centre center
centres centers centro zentrum foundation fondation fundación fundação fondazione stiftung movement movements
mouvement movimiento movimento bewegung collective collectif colectivo collettivo coletivo kollektiv alliance
alianza alleanza allianz aliança front frente fronte group groups groupe grupo gruppo gruppe society société
sociedad sociedade società gesellschaft league ligue liga lega campaign campagne campaña campanha forum foro ngo
ong ltd inc gmbh e.v press éditions ediciones edizioni verlag magazine journal revista rivista hospital hôpital
ospedale church église iglesia chiesa kirche mosque mosquée synagogue labour labor workers trabajadores
travailleurs travailleuses trabalhadores lavoratori arbeiter youth jeunesse juventud juventude jugend caucus
assembly assemblée asamblea assemblea congress congrès congreso congresso kongress bds laboratory laboratoire
laboratorio museum musée museo library bibliothèque biblioteca ministry ministère ministerio ministero
ministerium commission comisión commissione kommission board office bureau agency agence agencia agenzia club
coop co-op cooperative coopérative cooperativa initiative iniciativa iniziativa project projet proyecto progetto
projekt projeto solidarity solidarité solidaridad solidarietà solidarität solidariedade platform plateforme
plataforma piattaforma plattform observatory observatoire observatorio osservatorio secretariat secrétariat
secretaría brigade brigades brigada brigata international internationale internacional internazionale
""".split())
_ORGANIZATION_PREFIXES = ("univers", "federa", "fédéra", "föderation", "confedera", "confédéra", "coalici",
                          "coalition", "coalizione", "organisation", "organization", "organizaci", "organizaç",
                          "organizzazione")
_ORGANIZATION_PREFIX_LENGTHS = tuple(sorted({len(prefix) for prefix in _ORGANIZATION_PREFIXES}))
_ORGANIZATION_PREFIX_SET = frozenset(_ORGANIZATION_PREFIXES)
_WORD_PUNCTUATION = "()[]{}.,;:!?\"'“”‘’«»/&-–—"
# The same for scripts without case: Arabic (with or without the article) and CJK.
_ORGANIZATION_STEMS = ("حزب", "جمعية", "اتحاد", "حركة", "لجنة", "جامعة", "منظمة", "شبكة", "نقابة", "مركز", "منتدى",
                       "هيئة", "مؤسسة", "تجمع", "جبهة", "رابطة", "ائتلاف", "تحالف", "مجلس", "大学", "大學", "学院",
                       "學院", "研究所", "协会", "協會", "協会", "委员会", "委員會", "委員会", "联盟", "聯盟", "组织",
                       "組織", "中心", "基金会", "基金會", "工会", "工會", "党")

# The first word of a role or title, per source language (en, fr, es, de, it, pt),
# folded to lowercase: "Associate Professor", "professor of history",
# "Secretary General of …", "députée", "enseignant-chercheur", "Catedrática".
_TITLE_WORDS = frozenset("""
professor prof associate assistant adjunct visiting distinguished lecturer senior junior researcher director
president vice vice-president chair chairman chairwoman chairperson co-chair secretary secretary-general
treasurer member founder co-founder cofounder coordinator editor editor-in-chief author writer poet novelist
playwright screenwriter actor actress artist filmmaker journalist reporter lawyer attorney barrister solicitor
judge doctor physician surgeon nurse psychiatrist psychologist student graduate undergraduate phd ph.d
doctoral postdoctoral postdoc candidate fellow emeritus emerita dean provost rector chancellor head chief ceo
spokesperson spokesman spokeswoman representative mp mep senator congressman congresswoman councillor
councilor mayor governor minister ambassador activist organizer organiser campaigner teacher educator
historian scholar musician singer songwriter composer rapper comedian producer photographer designer
architect scientist economist philosopher sociologist anthropologist linguist engineer retired former ex
deputy leader rabbi imam priest pastor bishop archbishop reverend rev father sister cardinal trustee manager
officer advisor adviser consultant analyst curator librarian translator instructor lecturer principal
professeur professeure maître maîtresse maitre chargé chargée chercheur chercheuse enseignant enseignante
enseignant-chercheur enseignante-chercheuse directeur directrice président présidente vice-présidente
secrétaire trésorier trésorière membre fondateur fondatrice cofondateur cofondatrice coordinateur
coordinatrice député députée eurodéputé eurodéputée sénateur sénatrice maire adjoint adjointe conseiller
conseillère élu élue avocat avocate magistrat magistrate médecin infirmier infirmière psychiatre psychologue
étudiant étudiante doctorant doctorante docteur docteure écrivain écrivaine auteur autrice auteure poète
poétesse romancier romancière dramaturge scénariste comédien comédienne acteur actrice plasticien
plasticienne cinéaste réalisateur réalisatrice historien historienne philosophe sociologue anthropologue
politiste politologue économiste géographe linguiste juriste militant militante responsable porte-parole
ancien ancienne syndicaliste retraité retraitée ingénieur ingénieure éditeur éditrice musicien musicienne
chanteur chanteuse compositeur compositrice photographe architecte universitaire chef cheffe délégué
déléguée animateur animatrice rédacteur rédactrice traducteur traductrice metteur chorégraphe danseur
danseuse prêtre rabbin
profesor profesora catedrático catedrática investigador investigadora directora presidenta vicepresidente
vicepresidenta secretario secretaria tesorero tesorera miembro integrante fundador fundadora cofundador
cofundadora coordinador coordinadora diputado diputada senadora alcalde alcaldesa concejal concejala abogado
abogada juez jueza médico médica enfermero enfermera estudiante doctorando doctoranda doctora escritor
escritora autora poetisa novelista dramaturgo dramaturga guionista actriz artista periodista historiador
historiadora filósofo filósofa sociólogo socióloga antropólogo antropóloga activista portavoz vocero vocera
exdiputado exdiputada jubilado jubilada docente maestro maestra editora músico música cantante cantautor
cantautora compositor compositora fotógrafo fotógrafa arquitecto arquitecta ingeniero ingeniera dirigente
líder lideresa referente delegado delegada rectora decano decana traductor traductora defensor defensora
sacerdote rabino
professorin dozent dozentin forscher forscherin wissenschaftler wissenschaftlerin direktor direktorin
präsident präsidentin vorsitzender vorsitzende sekretär sekretärin generalsekretär generalsekretärin mitglied
gründer gründerin mitgründer mitgründerin koordinator koordinatorin abgeordneter abgeordnete bürgermeister
bürgermeisterin anwalt anwältin rechtsanwalt rechtsanwältin richter richterin arzt ärztin studentin doktorand
doktorandin schriftsteller schriftstellerin autorin dichter dichterin schauspieler schauspielerin künstler
künstlerin regisseur regisseurin filmemacher filmemacherin journalistin historiker historikerin philosoph
philosophin soziologe soziologin aktivist aktivistin sprecher sprecherin ehemaliger ehemalige gewerkschafter
gewerkschafterin pfarrer pfarrerin lehrer lehrerin referent referentin musiker musikerin sänger sängerin
komponist komponistin fotograf fotografin architekt architektin ingenieurin leiter leiterin geschäftsführer
geschäftsführerin vorstandsmitglied übersetzer übersetzerin verleger verlegerin rabbiner
professore professoressa ricercatore ricercatrice direttore direttrice segretario segretaria tesoriere membro
fondatore cofondatore coordinatore deputato deputata europarlamentare senatore sindaco sindaca consigliere
consigliera assessore assessora avvocato avvocata avvocatessa giudice infermiere infermiera studente
studentessa dottorando dottoranda dottore dottoressa scrittore scrittrice autore romanziere sceneggiatore
sceneggiatrice attore attrice regista giornalista storico storica filosofo filosofa sociologo sociologa
antropologo antropologa attivista militante responsabile portavoce insegnante musicista cantautrice
compositore fotografo fotografa architetto architetta ingegnere rettore rettrice preside traduttore
traduttrice pastore rabbino
pesquisador pesquisadora diretor diretora secretário secretária tesoureiro tesoureira coordenador coordenadora
prefeito prefeita vereador vereadora advogado advogada juiz juíza enfermeiro enfermeira doutorando doutoranda
doutor doutora roteirista ator atriz ativista porta-voz aposentado aposentada cantor cantora arquiteto
arquiteta engenheiro engenheira reitor reitora tradutor tradutora padre
شاعر شاعرة كاتب كاتبة ناقد ناقدة روائي روائية قاص قاصة فنان فنانة باحث باحثة ناشط ناشطة أستاذ أستاذة
الأستاذ الأستاذة دكتور دكتورة د. رئيس رئيسة عضو عضوة مدير مديرة الأمين أمين صحفي صحفية محامي محامية
طبيب طبيبة مهندس مهندسة طالب طالبة مخرج مخرجة ممثل ممثلة نائب نائبة منسق منسقة
""".split())

# Lowercase words that start a clause, not a role: a lowercase part opening with
# one of them is prose ("Gaza, the West Bank and East Jerusalem").
_FUNCTION_WORDS = frozenset("""
the a an and or but of to in on at for with from by as which who whom that this these those it its we our they
their is are was were be not nor so than then if when where while le la les l un une des du de et ou mais qui
que dont nous ils elles est sont el los las lo unos unas y o pero del nosotros es son der die das den dem des
ein eine und oder aber wir ist sind il gli i uno una e ma che noi è os as um uma mas nós é são
""".split())

# Lowercase words that may join the capitalised words of a name or an organization.
_NAME_PARTICLES = frozenset("""
de da das do dos du des del della delle dei di der den van von zu ter ten la le el al bin ben ibn bint abu
y e i of for the and in on at to against with und et für pour por para per contra gegen
""".split())

# The first word of a slogan, not of a name: "Free Palestine", "Stop the genocide".
_SLOGAN_WORDS = frozenset("""
stop end free freedom boycott lift save ban no never hands justice ceasefire halt down long viva vive stand
let break open not arrêtez stoppez libérez halte fin non alto basta libertad liberen paren abajo fuera
stoppt freiheit nie nein fermate libertà liberate liberdade parem fora abaixo
""".split())

# Street words that, with a number, make a line an address, not a signatory.
_STREET_WORDS = frozenset("""
street st avenue ave road rd boulevard blvd lane drive rue allée chemin impasse calle avenida av plaza carrera
rua praça via viale piazza corso straße strasse str platz weg gasse box bp cedex suite floor
""".split())

# A spaced dash; the lookbehind starts a match only where spaces start, so a long run
# of spaces is tried once, not once per space.
_DASHES = re.compile(r"(?<!\s)\s+(?:--|[-–—―])\s+|—")
# Name and role in columns: "أحمد أبو مطر      ناقد أكاديمي" (two or more spaces, or a tab).
_COLUMNS = re.compile(r"(?<![ \u00a0])[ \u00a0]{2,}|\t")
_CONJUNCTIONS = frozenset({"and", "&", "et", "y", "e", "und", "i", "or", "ou", "o", "oder"})
_SEPARATORS = re.compile(r"[,،，()\[\]（）]")
_COMMAS = ",،，"
_OPENING = "([（"
_CLOSING = ")]）"
_WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[\w.])?")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CJK_PUNCTUATION = re.compile(r"[。！？、；：]")
_CLOSING_MARKS = "*_~`\"'”’»)]）"
_RUN_ON_SEPARATOR = re.compile("[;؛]")
_LEAD_IN_COLON = re.compile(r"(?<!\s)\s*[:：]")  # the lookbehind keeps a search linear

# Signing words that are lead-ins, but as the first word of a line are a demand: "Sign the call".
_MAX_ITEM = 200  # longer than any real "Name, Title, Department, University, Country" line
_MAX_ITEM_WORDS = 30
_MAX_NAME_WORDS = 8  # "Fatima Zahra bint Mohammed al-Amin"; organizations may be longer
_MAX_ORGANIZATION_WORDS = 16
_MAX_ROLE_WORDS = 24  # "professeure de droit à Sciences Po Toulouse et membre du conseil …"
_MAX_COLUMN_NAME_WORDS = 5  # the name column of "Name      role"
_MAX_CJK_NAME = 12  # "胡星宇", "中国人民大学"; a longer run without spaces is a sentence
_MAX_COUNTRY = 40  # "Ivory Coast (Cote d'Ivoire)", "Democratic Republic of the Congo"
_MAX_COUNTRY_WORDS = 5
_MAX_HEADING = 100  # a lead-in longer than this is prose, not a list heading
_MAX_HEADING_WORDS = 14
_MIN_ITEMS = 3
_MATCH_SHARE = 0.7
_MATCH_SHARE_WITH_HEADING = 0.5
_SAMPLE = 400  # items judged in a long list: spread over it, enough to tell a list from prose


# Memoized: formats judge each item of a list with it, and the checks, the
# signatory drafts and a build read the same lines again in the same process.
@lru_cache(maxsize=8192)
def parse_signatory(text: str) -> Signatory:
    """The parts of one signatory: names and organizations (copied), roles (translated), the country.

    The shapes real lists use: ``Name, Organization, Country``, ``Organization,
    Country``, ``Name – Organization``, ``Name — role``, ``Name (Organization,
    Country)``, ``Name, Title, Department, University``, ``Nom, fonction``, and
    a name alone.  Text with no such structure is one NAME part; a text that is
    a country name (a table's Country cell) is one COUNTRY part.  A part is a
    ROLE when it opens with a title word of its language ("Associate
    Professor", "députée") or, in a cased script, with a lowercase letter
    ("actor"); an ORGANIZATION when it holds an organization word
    ("University", "Partido", "حزب"); a last part is the COUNTRY when CLDR
    knows it, or, after two other parts, when it is a short place name.

    >>> sig = parse_signatory("Tilda Swinton — actor")
    >>> [(part.kind, sig.part_text(part)) for part in sig.parts]
    [('name', 'Tilda Swinton'), ('role', 'actor')]
    >>> sig = parse_signatory("Jane Doe (Birzeit University, Palestine)")
    >>> [(part.kind, sig.part_text(part)) for part in sig.parts]
    [('name', 'Jane Doe'), ('organization', 'Birzeit University'), ('country', 'Palestine')]
    """
    start, end = _strip(text, 0, len(text))
    while end > start and text[end - 1] in ";,":  # "Nom, fonction ;": the list's separator
        start, end = _strip(text, start, end - 1)
    parts: list[SignatoryPart] = []
    if start < end:
        if not _SEPARATORS.search(text, start, end) and _is_country(text[start:end]):
            parts.append(SignatoryPart(COUNTRY, start, end))
        else:
            _parse_parts(text, start, end, parts)
    return Signatory(text, tuple(parts))


def is_signatory_item(text: str) -> bool:
    """Whether one item reads like a signatory by its shape alone (no lead-in needed).

    It has a name or organization and, after a comma, a dash or in brackets,
    a country, organization or role; it is short, ends no sentence, and is
    no date, address or slogan.  A name alone is no evidence by itself: see
    :func:`is_signatory_list`.

    >>> is_signatory_item("Bread and Freedom Party (under establishment), Egypt")
    True
    >>> is_signatory_item("Judith Butler — philosopher")
    True
    >>> is_signatory_item("Affirm our solidarity with the struggles of the Palestinian people.")
    False
    >>> is_signatory_item("Judith Butler")
    False
    """
    return _judge(text, bare=False)


def is_signatory_list(items: Sequence[str], *, heading: str | None = None) -> bool:
    """Whether candidate items (list items, lines, short paragraphs) are a list of signatories.

    Without a lead-in, at least three items and 70 % of them must read like
    signatories by their shape (:func:`is_signatory_item`).  After a lead-in
    (:func:`is_lead_in`: "Signatories:", "Firmantes", "الموقعون"), half of them
    suffice and names or organizations alone count too ("Judith Butler",
    "محمد أحمد", "胡星宇").  Numbered demands, slogans, dates and address
    lines count for nothing.  A long list is judged on a sample spread over
    it, so a 5,000-line list takes milliseconds.

    :param items: the texts of the candidate items, without their markers.
    :param heading: the text just before the list, if any.

    >>> is_signatory_list(["ATE Capital, Argentina", "BDS Chile, Chile", "Derek, United States"])
    True
    >>> is_signatory_list(["Judith Butler", "Naomi Klein", "محمد أحمد"], heading="Signed,")
    True
    >>> is_signatory_list(["Judith Butler", "Naomi Klein", "محمد أحمد"])
    False
    >>> is_signatory_list(["Free Palestine!", "Stop the genocide", "End the occupation"], heading="Signed,")
    False
    """
    lead_in = heading is not None and is_lead_in(heading)
    if len(items) < (1 if lead_in else _MIN_ITEMS):
        return False
    sample = items if len(items) <= _SAMPLE else [items[i * len(items) // _SAMPLE] for i in range(_SAMPLE)]
    needed = (_MATCH_SHARE_WITH_HEADING if lead_in else _MATCH_SHARE) * len(sample)
    # Formats ask this of every paragraph's lines: prose must cost a few string operations.
    if not lead_in and sum(1 for item in sample if _may_have_parts(item)) < needed:
        return False
    matched = dates_or_addresses = 0
    for checked, item in enumerate(sample, 1):
        if _is_date_or_address_item(item):
            dates_or_addresses += 1
        else:
            matched += _judge(item, bare=lead_in, date_checked=True)
        if matched + len(sample) - checked < needed:
            return False  # the answer is known: stop
    # An address block ("21 ter rue Voltaire", "75011 Paris") or a list of dates is
    # no list of signatories, even when some of its lines are names.
    return matched >= needed and dates_or_addresses < max(2, len(sample) / 4)


# What parts need between them: a comma, a closing bracket (an opening one never ends a
# part), a spaced dash, two blanks or a tab; a text with none of these is one part.
_PART_MARKS = frozenset(_COMMAS + _CLOSING + "\t\u00a0")


def _may_have_parts(item: str) -> bool:
    """Whether ``item`` may be read as two parts or more: a necessary condition of
    :func:`is_signatory_item`, in a few string operations.

    >>> _may_have_parts("Judith Butler — philosopher"), _may_have_parts("End the siege of Gaza now")
    (True, False)
    """
    return not _PART_MARKS.isdisjoint(item) or "  " in item or _DASHES.search(item) is not None


def is_lead_in(text: str) -> bool:
    """Whether a short line announces a list of signatories.

    >>> [is_lead_in(t) for t in ("Signatories:", "Signed,", "Liste complète des signataires", "Firman:",
    ...                          "Unterzeichner:innen", "الموقعون", "Endorsed by")]
    [True, True, True, True, True, True, True]
    >>> is_lead_in("Sign the call here")
    False
    >>> is_lead_in("The undersigned parties and organizations that consider the Palestinian cause a cause of national liberation:")
    False
    """
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADING or len(stripped.split()) > _MAX_HEADING_WORDS:
        return False
    if stripped.isascii():
        # Formats ask this of every short paragraph and line. In ASCII text the
        # expression matches nothing but ASCII letters, and every word of it
        # holds one of these stems: most lines need no search at all.
        folded = stripped.lower()
        if not any(stem in folded for stem in _LEAD_IN_ASCII_STEMS):
            return False
        return _LEAD_IN_WORDS.search(stripped) is not None
    return _LEAD_IN_WORDS.search(stripped) is not None or any(stem in stripped for stem in _LEAD_IN_STEMS)


def run_on_items(text: str) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` span of each signatory of a paragraph that lists them separated by ``;``.

    A lead-in before a colon ("Liste complète des signataires : ") is left
    out of the items, and so are the ``;`` and the period that ends the
    paragraph.  None when the paragraph is no such list.

    >>> text = "Liste complète des signataires : Marie Dupont, députée ; Jean Martin, enseignant-chercheur ; Ana Ruiz, avocate."
    >>> [text[start:end] for start, end in run_on_items(text)]
    ['Marie Dupont, députée', 'Jean Martin, enseignant-chercheur', 'Ana Ruiz, avocate']
    >>> run_on_items("We demand an end to the siege; we call for a boycott; we stand with Gaza.") is None
    True
    """
    if ";" not in text and "؛" not in text:
        return None
    begin, heading = 0, None
    colon = _LEAD_IN_COLON.search(text, 0, _MAX_HEADING + 2)
    if colon is not None and is_lead_in(text[:colon.start()]):
        begin, heading = colon.end(), text[:colon.start()]
    spans: list[tuple[int, int]] = []
    piece = begin
    for separator in (*_RUN_ON_SEPARATOR.finditer(text, begin), None):
        index = len(text) if separator is None else separator.start()
        start, end = _strip(text, piece, index)
        if start < end:
            if end - start > _MAX_ITEM:
                return None  # prose, not a signatory
            spans.append((start, end))
        piece = index + 1
    if len(spans) < (2 if heading else _MIN_ITEMS):
        return None
    start, end = spans[-1]
    if text[end - 1] == "." and not any(text[e - 1] == "." for _, e in spans[:-1]) and not _ends_abbreviation(text[start:end]):
        spans[-1] = _strip(text, start, end - 1)
    if not is_signatory_list([text[start:end] for start, end in spans], heading=heading):
        return None
    return spans


# Header cells of a table of signatories, folded: the part kind of their column.
_TABLE_HEADERS: dict[str, str] = {
    **dict.fromkeys((
        "name", "names", "full name", "first name", "last name", "surname", "given name", "family name",
        "signatory", "signatories", "signed by", "individual", "person", "nom", "noms", "nom complet", "prénom",
        "prénom et nom", "nom et prénom", "signataire", "signataires", "nombre", "nombres", "nombre completo",
        "nombre y apellido", "nombre y apellidos", "apellido", "apellidos", "firmante", "firmantes", "nome",
        "nome completo", "cognome", "firmatario", "firmatari", "signatário", "signatários", "vorname",
        "nachname", "unterzeichner", "unterzeichnerin", "الاسم", "الإسم", "الموقعون", "姓名", "名前", "署名",
    ), NAME),
    **dict.fromkeys((
        "organization", "organisation", "organizations", "organisations", "institution", "institutions",
        "affiliation", "affiliations", "university", "employer", "group", "company", "organización",
        "organizacion", "organisme", "entité", "entidad", "institución", "institucion", "afiliación",
        "universidad", "université", "groupe", "grupo", "organização", "instituição", "organizzazione",
        "istituzione", "ente", "affiliazione", "università", "organisation (de)", "institut", "universität",
        "المنظمة", "المؤسسة", "الجهة", "机构", "组织", "单位", "所属", "機構", "組織", "單位",
    ), ORGANIZATION),
    **dict.fromkeys((
        "position", "title", "role", "job title", "function", "occupation", "profession", "rôle", "fonction",
        "fonctions", "titre", "qualité", "statut", "cargo", "puesto", "ocupación", "profesión", "título",
        "função", "profissão", "ruolo", "funzione", "professione", "qualifica", "funktion", "beruf", "titel",
        "position (de)", "الصفة", "المنصب", "الوظيفة", "职务", "职位", "职称", "職務", "職位", "肩書",
    ), ROLE),
    **dict.fromkeys((
        "country", "countries", "country/region", "nation", "pays", "país", "pais", "paese", "land", "staat",
        "البلد", "الدولة", "国家", "国", "國家",
    ), COUNTRY),
}
_TABLE_CELL_MARKUP = re.compile(r"[*_`:：]+")


def table_fields(header: Sequence[str]) -> tuple[str | None, ...] | None:
    """The part kind of each column of a table whose header names signatories' fields, or None.

    The table needs a name or organization column and at least one more
    signatory field (or a lone "Signatories"/"Name" column); other columns
    ("#", "City") are None.

    >>> table_fields(["Name", "Position", "Institution"])
    ('name', 'role', 'organization')
    >>> table_fields(["#", "Nom", "Pays"])
    (None, 'name', 'country')
    >>> table_fields(["Country", "Population"]) is None
    True
    """
    kinds = tuple(_TABLE_HEADERS.get(_fold_header(cell)) for cell in header)
    found = [kind for kind in kinds if kind is not None]
    if NAME not in found and ORGANIZATION not in found:
        return None
    if len(found) < 2 and not (len(kinds) == 1 and found):
        return None
    return kinds


def _fold_header(cell: str) -> str:
    return " ".join(_TABLE_CELL_MARKUP.sub(" ", cell).casefold().split())


def localize_signatory(text: str, lang: str) -> tuple[str, bool]:
    """A signatory with its country in ``lang``; every other byte copied as it is.

    The country is found wherever it stands ("Name (Organization, Country)").
    Returns the new text and whether a country was localized: a signatory whose
    country CLDR does not name ("Galiza", "Atlantis"), or with no country, is
    returned unchanged.

    >>> localize_signatory("Responsable de CIG, Galiza, Spain", "fr")
    ('Responsable de CIG, Galiza, Espagne', True)
    >>> localize_signatory("胡星宇, China", "ar")
    ('胡星宇, الصين', True)
    >>> localize_signatory("Lai Ching (HKCTU, Hong Kong)", "es")
    ('Lai Ching (HKCTU, Hong Kong)', True)
    """
    signatory = parse_signatory(text)
    country = signatory.country
    if country is None:
        return text, False
    localized = localize_country(signatory.part_text(country), lang)
    if localized is None:
        return text, False
    return text[:country.start] + localized + text[country.end:], True


def country_span(text: str) -> tuple[int, int] | None:
    """The ``(start, end)`` offsets of the country at the end of a signatory line, or None.

    The country is the text after the last comma, without surrounding spaces,
    when it looks like a place name: short, not starting with a lowercase
    letter and not ending a sentence.  (:func:`parse_signatory` reads every
    part of a signatory; this is the older, comma-only reading.)

    >>> text = "Central de Trabajadores de Cuba , Cuba"
    >>> start, end = country_span(text)
    >>> text[start:end]
    'Cuba'
    >>> country_span("Affirm our solidarity with the people, and their resistance.") is None
    True
    """
    comma = _last_comma(text)
    if comma < 0:
        return None
    start, end = _strip(text, comma + 1, len(text))
    if not _is_country_like(text[start:end]):
        return None
    return (start, end)


def split_signatory(text: str) -> tuple[str, str | None]:
    """Split a signatory line into (name and organization, country).

    The country is the part after the last comma ("Galiza, Spain" keeps the
    region with the name); None when the line has no plausible country.

    >>> split_signatory("Parti Communiste Revolutionnaire (PCRCI), Ivory Coast (Cote d'Ivoire)")
    ('Parti Communiste Revolutionnaire (PCRCI)', "Ivory Coast (Cote d'Ivoire)")
    >>> split_signatory("Responsable de CIG, Galiza, Spain")
    ('Responsable de CIG, Galiza', 'Spain')
    >>> split_signatory(", Chile")
    ('', 'Chile')
    >>> split_signatory("Free Palestine!")
    ('Free Palestine!', None)
    """
    span = country_span(text)
    if span is None:
        return (text.strip(), None)
    start, end = span
    return (text[:_last_comma(text)].strip(), text[start:end])


def replace_country(text: str, country: str) -> str:
    """Put ``country`` in place of the country of a signatory line, keeping every other byte.

    :raises ValueError: when the line has no country to replace.

    >>> replace_country("Central de Trabajadores de Cuba , Cuba", "Kuba")
    'Central de Trabajadores de Cuba , Kuba'
    """
    span = country_span(text)
    if span is None:
        raise ValueError(f"no country at the end of {text!r}")
    start, end = span
    return text[:start] + country + text[end:]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped spans between the commas of ``text[start:end]`` that are outside brackets (empty ones too)."""
    spans: list[tuple[int, int]] = []
    depth, piece = 0, start
    for match in _SEPARATORS.finditer(text, start, end):
        char = match.group()
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            spans.append(_strip(text, piece, match.start()))
            piece = match.end()
    spans.append(_strip(text, piece, end))
    return spans


def _parse_parts(text: str, start: int, end: int, parts: list[SignatoryPart]) -> None:
    dash = _top_level_dash(text, start, end)
    if dash is not None:
        left = _strip(text, start, dash[0])
        if left[0] < left[1] and len(_pieces(text, *left)) == 1:
            _add_head(text, left, parts)
            tail = _pieces(text, dash[1], end)
            _add_tail(text, tail, parts, total=len(tail) + 1)
            return
    pieces = _pieces(text, start, end)
    if len(pieces) == 1:
        columns = _COLUMNS.search(text, start, end)
        if columns is not None and len(text[start:columns.start()].split()) <= _MAX_COLUMN_NAME_WORDS:
            _add_head(text, (start, columns.start()), parts)
            _add_tail(text, [_strip(text, columns.end(), end)], parts, total=2)
            return
    if pieces[0][0] < pieces[0][1]:
        _add_head(text, pieces[0], parts)
    _add_tail(text, _joined_series(text, pieces[1:]), parts, total=len(pieces))


def _joined_series(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces, with a series joined back into one: "Women's, Gender, and Sexuality Studies"
    is one department, not three parts; a piece opening with "and" ends the series."""
    joined: list[tuple[int, int]] = []
    for start, end in pieces:
        if joined and start < end and _first_word(text[start:end]) in _CONJUNCTIONS:
            first = len(joined) - 1
            while first > 0 and len(text[joined[first - 1][0]:joined[first - 1][1]].split()) <= 2 \
                    and len(text[joined[first][0]:joined[first][1]].split()) <= 2:
                first -= 1
            start = joined[first][0]
            del joined[first:]
        joined.append((start, end))
    return joined


def _top_level_dash(text: str, start: int, end: int) -> tuple[int, int] | None:
    for match in _DASHES.finditer(text, start, end):
        before = text[start:match.start()]
        if before.count("(") + before.count("（") == before.count(")") + before.count("）"):
            return match.start(), match.end()
    return None


def _add_head(text: str, span: tuple[int, int], parts: list[SignatoryPart]) -> None:
    """The first part, the name or organization, and what its brackets hold: "Name (Organization, Country)"."""
    start, end = span
    brackets = _bracketed(text, start, end)
    if brackets is not None:
        outer_end, inner_start, inner_end = brackets
        parts.append(SignatoryPart(_head_kind(text[start:outer_end]), start, outer_end))
        inner = _pieces(text, inner_start, inner_end)
        _add_tail(text, inner, parts, total=len(inner) + 1)
        return
    parts.append(SignatoryPart(_head_kind(text[start:end]), start, end))


def _add_tail(text: str, pieces: list[tuple[int, int]], parts: list[SignatoryPart], *, total: int) -> None:
    """The parts after the first: roles, organizations and, last, the country."""
    for index, (start, end) in enumerate(pieces):
        if start == end:
            continue
        last = index == len(pieces) - 1
        piece = text[start:end]
        if last and _is_country(piece):
            parts.append(SignatoryPart(COUNTRY, start, end))
            continue
        brackets = _bracketed(text, start, end)
        if brackets is not None:  # "Organization (Country)", "Professor (retired)"
            outer_end, inner_start, inner_end = brackets
            parts.append(SignatoryPart(_tail_kind(text[start:outer_end], last=False, total=total), start, outer_end))
            inner = _pieces(text, inner_start, inner_end)
            _add_tail(text, inner, parts, total=total + len(inner))
            continue
        after_role = bool(parts) and parts[-1].kind == ROLE
        parts.append(SignatoryPart(_tail_kind(piece, last=last and not after_role, total=total), start, end))


def _bracketed(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """For a part ending in brackets that hold parts of their own ("Name (Organization, Country)",
    "Name (actor)"): the end of the text before them and the span inside; None for "Party (PCRCI)"."""
    if end - start < 3 or text[end - 1] not in _CLOSING:
        return None
    depth = 0
    for index in range(end - 1, start - 1, -1):
        char = text[index]
        if char in _CLOSING:
            depth += 1
        elif char in _OPENING:
            depth -= 1
            if depth == 0:
                break
    else:
        return None
    outer_start, outer_end = _strip(text, start, index)
    inner_start, inner_end = _strip(text, index + 1, end - 1)
    if outer_start == outer_end or inner_start == inner_end:
        return None
    inner = [piece for piece in _pieces(text, inner_start, inner_end) if piece[0] < piece[1]]
    if len(inner) == 1:
        # "Jane Doe (actor)" is a name and a role, but an organization's own note stays
        # with its name: "Bread and Freedom Party (under establishment)".
        piece = text[inner[0][0]:inner[0][1]]
        if not _is_country(piece) and (_has_organization_word(text[outer_start:outer_end])
                                       or not (_starts_with_title(piece) or _starts_lowercase(piece))):
            return None
    return outer_end, inner_start, inner_end


def _head_kind(piece: str) -> str:
    return ORGANIZATION if _has_organization_word(piece) else NAME


# What sign-on forms leave in an empty field ("Anna Āboltiņa, no, Latvia"): copied, not translated.
_PLACEHOLDERS = frozenset({"no", "no.", "none", "n/a", "na", "-", "—", "x", "nil", "ninguna", "ninguno", "aucune",
                           "aucun", "keine", "nessuna", "nenhuma", "لا"})


def _tail_kind(piece: str, *, last: bool, total: int) -> str:
    if piece.casefold() in _PLACEHOLDERS:
        return ORGANIZATION
    if _starts_with_title(piece):
        return ROLE
    if _has_organization_word(piece):
        return ORGANIZATION
    if _starts_lowercase(piece):
        return ROLE
    if last and (total >= 3 or len(piece.split()) == 1) and _is_place_like(piece):
        # "Someone, Some Group, Galiza", "Comité de solidarité, Kurdistan": a region or a
        # country CLDR does not name; after a name alone, only one word ("Sciences Po" is
        # an institution).
        return COUNTRY
    return ORGANIZATION


def _is_country(piece: str) -> bool:
    return len(piece) <= _MAX_COUNTRY + 20 and country_code(piece) is not None


def _has_organization_word(piece: str) -> bool:
    for word in piece.casefold().split():
        word = word.strip(_WORD_PUNCTUATION)
        if word in _ORGANIZATION_WORDS:
            return True
        if len(word) >= _ORGANIZATION_PREFIX_LENGTHS[0] and any(
                word[:length] in _ORGANIZATION_PREFIX_SET for length in _ORGANIZATION_PREFIX_LENGTHS):
            return True
    return not piece.isascii() and any(stem in piece for stem in _ORGANIZATION_STEMS)


def _first_word(piece: str) -> str:
    words = piece.split(maxsplit=1)
    return words[0].strip(".,;:()[]\"'“”‘’«»").casefold() if words else ""


def _starts_with_title(piece: str) -> bool:
    word = _first_word(piece)
    return word in _TITLE_WORDS or ("-" in word and word.split("-", 1)[0] in _TITLE_WORDS)


def _starts_lowercase(piece: str) -> bool:
    first = _LETTER.search(piece)
    return first is not None and first.group().islower()


def _is_place_like(piece: str) -> bool:
    if not _is_country_like(piece) or len(piece.split()) > 3 or _has_organization_word(piece):
        return False
    letters = [char for char in piece if char.isalpha()]
    return not (len(letters) > 1 and all(char.isupper() for char in letters))  # "UCLA", "BDS": acronyms


def _judge(text: str, *, bare: bool, date_checked: bool = False) -> bool:
    """Whether an item is a signatory: by its shape, or (``bare``, after a lead-in) also as a name alone.

    ``date_checked``: the caller knows the item is no date or address line (no need to look again).
    """
    core = text.strip()
    if not core or len(core) > _MAX_ITEM:
        return False
    words = core.split()
    # A sentence may end inside emphasis or quotes: "**Palestine will be free!**".
    ending = core.rstrip(_CLOSING_MARKS) or core
    if len(words) > _MAX_ITEM_WORDS or ending[-1] in "!?:" or (ending[-1] == "." and not _ends_abbreviation(ending)):
        return False
    if _CJK_PUNCTUATION.search(core) or (not date_checked and _is_date_or_address(core, words)):
        return False
    signatory = parse_signatory(core)
    parts = signatory.parts
    if not parts:
        return False
    head = parts[0]
    if head.kind == COUNTRY:
        # ", Chile" (a form left the name empty), or a list of countries after "Signatories:".
        return core[0] in _COMMAS or (bare and len(parts) == 1)
    head_text = signatory.part_text(head)
    if not _is_name_like(head_text, organization=head.kind == ORGANIZATION):
        return False
    if len(parts) == 1:
        return bare
    two_words = len(head_text.split()) > 1 or not _is_cased(head_text)
    strong = False
    for part in parts[1:]:
        part_text = signatory.part_text(part)
        word_count = len(part_text.split())
        first = _first_word(part_text)
        if part.kind == ROLE:
            if word_count > _MAX_ROLE_WORDS or first in _FUNCTION_WORDS:
                return False
            strong = strong or _starts_with_title(part_text) or two_words
        elif part.kind == ORGANIZATION:
            if word_count > _MAX_ORGANIZATION_WORDS or first in _FUNCTION_WORDS:
                return False
            strong = strong or _has_organization_word(part_text) or two_words
        else:
            strong = strong or _is_country(part_text) or two_words
    return strong or bare


def _is_name_like(text: str, *, organization: bool) -> bool:
    """Whether a part reads like a person's or an organization's name: capitalised words (or
    words of a script without case), joined by particles; no slogan, no sentence."""
    words = text.split()
    if not words or len(words) > (_MAX_ORGANIZATION_WORDS if organization else _MAX_NAME_WORDS):
        return False
    if not organization and (_DIGIT.search(text) or _first_word(text) in _SLOGAN_WORDS):
        return False
    if _CJK.search(text) and any(len(word) > _MAX_CJK_NAME for word in words):
        return False
    lowercase = 0
    for index, word in enumerate(words):
        first = _LETTER.search(word)
        if first is None or not first.group().islower():
            continue
        if index == 0:
            return False
        if word.strip("()[]\"'“”,").casefold() not in _NAME_PARTICLES:
            lowercase += 1
    # "Bread and Freedom Party (under establishment)": an organization may hold a few lowercase words.
    return lowercase == 0 or (organization and 2 * lowercase < len(words))


def _is_cased(text: str) -> bool:
    first = _LETTER.search(text)
    return first is not None and first.group().lower() != first.group().upper()


_ABBREVIATIONS = frozenset({"corp", "assoc", "dept", "univ", "bros", "prof"})


def _ends_abbreviation(text: str) -> bool:
    """Whether a final period belongs to an abbreviation ("Inc.", "U.S.A.", "e.V."), not a sentence."""
    word = text.rsplit(None, 1)[-1].rstrip(".")
    letters = word.lstrip("(\"'“")
    return len(letters) <= 3 or "." in letters or letters.casefold() in _ABBREVIATIONS


def _is_date_or_address_item(item: str) -> bool:
    core = item.strip()
    return bool(core) and len(core) <= _MAX_ITEM and _is_date_or_address(core, core.split())


def _is_date_or_address(text: str, words: list[str]) -> bool:
    """Whether an item is a date ("3 March 2025", "Monday, 12 October") or an address line ("12 rue
    de la Paix", "75002 Paris", "PO Box 100"): numbers with calendar or street words."""
    if text[0].isdigit():
        return True
    calendar = _calendar_words()
    folded: Iterable[str] = (word.strip(".,;:()").casefold() for word in words)
    if _DIGIT.search(text):
        folded = list(folded)
        if any(word in calendar or word in _STREET_WORDS or _is_postcode(word) for word in folded):
            return True
    # Without a digit, most items are told from a date at their first word.
    return all(word in calendar or not word for word in folded)


def _is_postcode(word: str) -> bool:
    return 5 <= len(word) <= 6 and word.isdigit()  # "75011", "94612"; a year has four digits


# Languages whose month and day names mark a date: those statements are written in.
_CALENDAR_LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl", "ar")


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and day names (wide and abbreviated, both contexts) in CLDR, folded."""
    words: set[str] = set()
    for language in _CALENDAR_LANGUAGES:
        locale = Locale(language)
        for names in (locale.months, locale.days):
            for context in names.values():
                for width in ("wide", "abbreviated"):
                    for name in context.get(width, {}).values():
                        words.update(word.strip(".").casefold() for word in name.split())
    words.discard("")
    return frozenset(words)


def _last_comma(text: str) -> int:
    # A Latin comma, or the Arabic and full-width commas people type with their own script.
    return max(text.rfind(","), text.rfind("،"), text.rfind("，"))


def _is_country_like(part: str) -> bool:
    if not part or len(part) > _MAX_COUNTRY or len(part.split()) > _MAX_COUNTRY_WORDS:
        return False
    if part[-1] in ".!?:;" or _DIGIT.search(part):
        return False
    # "(Cote d'Ivoire)" and quoted names start with punctuation: judge the first letter.
    first = _LETTER.search(part)
    return first is not None and not first.group().islower()
