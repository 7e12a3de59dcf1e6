"""Machine drafts that keep every date, name and link: what comes through each engine intact, and what the checks find.

Run: .venv/bin/python benchmarks/draft_integrity.py [--skip-chrf]

1. Integrity. A corpus of statements written for this benchmark (below: dates
   in the usual English forms, URLs and domain names, some as link text,
   e-mail addresses, handles, hashtags, formatted numbers and the terms of a
   20-term glossary) is extracted into a temporary project and drafted by each
   engine: Apertium offline (es; fr through es) and, through the test servers
   of tests/ (their answers are fakes: what they measure is the protection,
   not translation), DeepL, LibreTranslate and the LLM engine (es, fr, ar,
   with ``[digits] ar = "arab"``). For each engine and language it prints how
   many of the source's dates are in the draft as CLDR writes them in the
   target (``3 March 2025`` → ``3 de marzo de 2025``), how many formatted
   numbers (``40,000`` → ``40.000``), identifiers (URLs, domain names, e-mail
   addresses, handles, hashtags: exactly as written) and glossary terms (the
   target term) are present, and the problems ``stmtl10n check`` finds in the
   drafts, per check. "apertium raw" is Apertium on the bare text, without
   the engine's protection, for comparison.

2. chrF. On the Debian parallel texts of tests/data/parallel/ (real human
   translations, en→es and en→fr, aligned block by block), the engine's drafts
   against plain Apertium's, without and with a glossary of Debian terms:
   chrF (Popović 2015: character n-grams n = 1…6, spaces removed, β = 2,
   precision and recall averaged over n, counts summed over the corpus).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.checks import run_checks
from stmtl10n.config import LibreTranslateSettings, LLMSettings, Settings
from stmtl10n.dates import find_dates, find_numbers, format_date_like, format_number_like
from stmtl10n.engines import get_engine
from stmtl10n.engines.apertium import ApertiumEngine
from stmtl10n.engines.base import Engine, SourceSegment
from stmtl10n.engines.markup import markup_spans
from stmtl10n.extract import extract
from stmtl10n.glossary import TermFinder, parse_glossary
from stmtl10n.patterns import EMAIL_RE, HANDLE_RE, HASHTAG_RE, find_domains, find_urls, is_domain, remove_urls
from stmtl10n.project import Project, find_project, init_project

PARALLEL = REPO / "tests" / "data" / "parallel"
STAMP = "2026-01-01"

# --- the corpus ---------------------------------------------------------------------

STATEMENTS = {
    "land-day.md": """\
# Land Day: fifty years, 30 March 2026

On **Monday 30 March 2026** we mark fifty years since Land Day, 30 March 1976, when six Palestinians were killed \
defending their land in the Galilee. Join the call at [landday.ps](https://landday.ps) and follow #LandDay and #Palestine.

The Nakba did not end in May 1948. Since 15 May 1948 more than 750,000 Palestinians have been driven from their \
homes, and the occupation goes on. Read the dossier at https://www.badil.org/nakba-dossier and on bdsmovement.net.

From 7th October to 13th October the week of action will take place in every city. Write to info@samidoun.net \
or to @Samidoun before 1 October 2026. #WeekOfAction

We call on the trade unions to join the general strike on Saturday, October 10, 2026. The apartheid regime must \
face sanctions, as South African apartheid did in the 1980s. #BDS #StrikeForPalestine

Sign the petition at [www.stopthewall.org](https://www.stopthewall.org/petition) by the 29th of November, the day \
of solidarity with the Palestinian people. #FreePalestine
""",
    "prisoners.md": """\
# Free all political prisoners

On 17 April 2025, Palestinian Prisoners' Day, more than 9,500 political prisoners were held, over 3,400 of them in \
administrative detention without charge. #FreeThemAll #PalestinianPrisoners

Since September 2024 the number of children held has risen by 12.5%. The figures of Addameer, published on \
15 January 2025 at [addameer.org](https://www.addameer.org/statistics), are the source. Contact @Addameer or \
media@addameer.ps.

We remember the hunger strike of 2 May to 19 May 2022 and the prisoners who died in detention between January 2024 \
and June 2024. #HungerStrike

Rallies will take place on Thursday 17 April 2025 in Ramallah, on 18 April 2025 in Brussels and on April 19, 2025 \
in Montreal. Details: https://samidoun.net/events and samidoun.net/contact. #Samidoun

The right of return of the refugees is not negotiable, and neither is the freedom of the prisoners. \
*Write to a prisoner*: [writetoprisoners.org](https://writetoprisoners.org).
""",
    "gaza-ceasefire.md": """\
# A ceasefire is not enough

The ceasefire announced on Sunday 19 January 2025 did not end the genocide in the Gaza Strip. Between \
7th October 2023 and 19th January 2025, more than 46,000 people were killed. #Gaza #StopTheGenocide

In March 2025 the bombing started again, and on 18 March 2025 alone more than 400 people were killed. Since \
March the aid trucks have been stopped at the checkpoint of Kerem Shalom. See https://www.unrwa.org/situation-reports \
and ochaopt.org. #LetGazaLive

Ethnic cleansing is the plan: on 4 February 2025 it was said openly. We call for the boycott of every company \
profiting from it, as the list at [whoprofits.org](https://www.whoprofits.org/companies) shows. #Boycott #Divest

Divestment works: on June 3, 2024 a pension fund sold $1.2 billion of shares. Follow @BDSmovement and \
@UNRWA, and write to campaigns@bdsmovement.net. #DivestFromGenocide

National days of action: Saturday 1 February 2025, Saturday 8 March 2025 and the 15th of May. \
Every Friday in the West Bank, people march against the separation wall. #ActForGaza
""",
    "march-of-return.md": """\
# Remember the Great March of Return

On Friday 30 March 2018 the Great March of Return began at the fence of the Gaza Strip. Until December 2019, \
every Friday, tens of thousands marched. #GreatReturnMarch #RightOfReturn

By 31 December 2019 more than 200 people had been killed and over 8,000 wounded by live fire. The report of \
28 February 2019 is at https://www.ohchr.org/en/hr-bodies/hrc/co-i-opt and on un.org. #Justice

Settler colonialism is the name of what the refugees of 1948 face. In May 1948, on 15 May, 750,000 people were \
driven out: the Nakba. Read [the Nakba archive](https://www.nakba-archive.org) and palestine-studies.org. #Nakba76

The march ended on 27 December 2019. On March 30, 2026 we meet again, at 15:00, in every city: see \
[returnmarch.ps](https://returnmarch.ps/2026). #LandDay

Contact the organisers at contact@returnmarch.ps or @ReturnMarch. *No peace without justice.* #Palestine
""",
    "solidarity-week.md": """\
# Week of solidarity, 23 to 29 November 2025

The week begins on Sunday 23 November 2025 and ends on Saturday 29 November 2025, the day of solidarity \
with the Palestinian people. #SolidarityWeek #Nov29

On 29 November 1947 the partition plan was voted. On the 29th of November we march. In 2025 the trade unions of \
40 countries have signed: see [solidarity-week.org](https://solidarity-week.org/unions). #UnionsForPalestine

Program: 24 November, film at 19:00; 25 November, talk on apartheid; 26 Nov 2025, concert; Thursday 27 November 2025, \
rally; 28 November, the general strike. Register at https://www.eventbrite.com/e/solidarity-week or at \
info@solidarity-week.org. #Strike

Since October 2023 more than 2,000,000 people have marched in Europe. The sanctions campaign asks governments to \
stop arms sales by 1 January 2026. Follow @StopArmingIsrael and see caat.org.uk. #ArmsEmbargo

In December, on 10 December 2025, Human Rights Day, the week ends with a report at \
[humanrightsday.org](https://humanrightsday.org). #HumanRights
""",
}

GLOSSARY = """\
en,es,fr,ar
Nakba,Nakba,Nakba,النكبة
apartheid,apartheid,apartheid,الفصل العنصري
occupation,ocupación,occupation,الاحتلال
settler colonialism,colonialismo de asentamiento,colonialisme de peuplement,الاستعمار الاستيطاني
right of return,derecho al retorno,droit au retour,حق العودة
refugees,refugiados,réfugiés,اللاجئون
political prisoners,presos políticos,prisonniers politiques,الأسرى السياسيون
administrative detention,detención administrativa,détention administrative,الاعتقال الإداري
general strike,huelga general,grève générale,الإضراب العام
trade unions,sindicatos,syndicats,النقابات
boycott,boicot,boycott,المقاطعة
sanctions,sanciones,sanctions,العقوبات
Divestment,Desinversión,Désinvestissement,سحب الاستثمارات
Ethnic cleansing,Limpieza étnica,Nettoyage ethnique,التطهير العرقي
genocide,genocidio,génocide,الإبادة الجماعية
ceasefire,alto el fuego,cessez-le-feu,وقف إطلاق النار
West Bank,Cisjordania,Cisjordanie,الضفة الغربية
Gaza Strip,Franja de Gaza,bande de Gaza,قطاع غزة
Land Day,Día de la Tierra,Journée de la Terre,يوم الأرض
Great March of Return,Gran Marcha del Retorno,Grande Marche du retour,مسيرة العودة الكبرى
separation wall,muro de separación,mur de séparation,جدار الفصل
checkpoint,puesto de control,poste de contrôle,الحاجز
"""

# The Debian terms for the chrF comparison: what a Debian translation team's glossary would hold.
DEBIAN_GLOSSARY = """\
en,es,fr
free software,software libre,logiciel libre
operating system,sistema operativo,système d'exploitation
mailing list,lista de correo,liste de diffusion
mailing lists,listas de correo,listes de diffusion
Debian Project,Proyecto Debian,projet Debian
Debian project,proyecto Debian,projet Debian
Debian developer,desarrollador de Debian,développeur Debian
Debian developers,desarrolladores de Debian,développeurs Debian
Debian Developer,desarrollador de Debian,développeur Debian
source code,código fuente,code source
bug report,informe de error,rapport de bogue
bug reports,informes de error,rapports de bogue
Linux kernel,núcleo Linux,noyau Linux
Debian GNU/Linux,Debian GNU/Linux,Debian GNU/Linux
Social Contract,Contrato Social,contrat social
"""

LANGUAGES = {"apertium": ("es", "fr"), "deepl": ("es", "fr", "ar"), "libretranslate": ("es", "fr", "ar"),
             "llm": ("es", "fr", "ar")}
DIGITS = {"ar": "arab"}


# --- what must come through ----------------------------------------------------------


@dataclass
class Tally:
    """Found in the drafts / in the sources, per kind."""

    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, expected: list[str], draft: str) -> None:
        for text, count in Counter(expected).items():
            self.total[kind] += count
            self.found[kind] += min(count, _count(draft, text))

    def cell(self, kind: str) -> str:
        total = self.total[kind]
        return f"{self.found[kind]}/{total} {self.found[kind] / total:>4.0%}" if total else "-"


def _count(draft: str, text: str) -> int:
    # A value starting a sentence takes a capital ("Sábado, 12 de octubre").
    return draft.count(text) + (draft.count(text[:1].upper() + text[1:]) if text[:1].islower() else 0)


def identifiers(text: str) -> list[str]:
    """URLs, domain names (also a link's whole text), e-mail addresses, handles and hashtags of a msgid."""
    found = find_urls(text)
    rest = remove_urls(text)
    found += EMAIL_RE.findall(rest)
    found += HANDLE_RE.findall(rest)
    found += HASHTAG_RE.findall(rest)
    found += find_domains(EMAIL_RE.sub(" ", rest))
    for span in markup_spans(text):
        if span.close is not None and span.key.startswith("[…]("):
            label = text[span.open[1]:span.close[0]].strip()
            if is_domain(label.split("/")[0]) and label not in found:
                found.append(label)
    return found


def _kind(identifier: str) -> str:
    if find_urls(identifier):
        return "URLs"
    if identifier.startswith("#"):
        return "hashtags"
    if identifier.startswith("@"):
        return "handles"
    return "e-mail addresses" if "@" in identifier else "domain names"


def expected_values(msgid: str, lang: str) -> tuple[list[str], list[str]]:
    """The dates and formatted numbers of ``msgid`` as they must read in ``lang``."""
    dates = [m for m in find_dates(msgid, "en") if m.month is not None]
    spans = [(m.start, m.end) for m in dates]
    numbers = [m for m in find_numbers(msgid, "en") if not any(a <= m.start < b for a, b in spans)]
    digits = DIGITS.get(lang)
    return ([format_date_like(m, lang, digits=digits) for m in dates],
            [format_number_like(m, lang, digits=digits) for m in numbers])


def measure(msgids: list[str], drafts: list[str], lang: str, finder: TermFinder) -> Tally:
    tally = Tally()
    for msgid, draft in zip(msgids, drafts, strict=True):
        dates, numbers = expected_values(msgid, lang)
        tally.add("dates", dates, draft)
        tally.add("numbers", numbers, draft)
        tally.add("identifiers", identifiers(msgid), draft)
        # Terms in prose: not those inside a URL or a hashtag ("nakba-dossier", "#Boycott"), which stay as written.
        prose = msgid
        for identifier in identifiers(msgid):
            prose = prose.replace(identifier, " " * len(identifier))
        tally.add("terms", [m.target for m in finder.find(prose)], draft)
    return tally


# --- engines -------------------------------------------------------------------------


def raw_apertium(modes: list[str]) -> Callable[[list[str]], list[str]]:
    """Apertium on the bare text (HTML-escaped, one block per msgid), its unknown-word marks taken out."""

    def translate(texts: list[str]) -> list[str]:
        document = "".join(f'<p id="s{i}">{html.escape(text, quote=False)}</p>\n' for i, text in enumerate(texts))
        command = " | ".join(f"apertium -f html {mode}" for mode in modes)
        output = subprocess.run(command, shell=True, input=document, capture_output=True, text=True, check=True).stdout
        blocks = dict(re.findall(r'<p id="s(\d+)">(.*?)</p>', output, re.DOTALL))
        return [html.unescape(re.sub(r"(?<![\w*#@])[*#@]+(?=\w)", "", blocks[str(i)])) for i in range(len(texts))]

    return translate


def engine_translate(engine: Engine, target: str) -> Callable[[list[str]], list[str]]:
    def translate(texts: list[str]) -> list[str]:
        return [t.text for t in engine.translate([SourceSegment(text) for text in texts], source="en", target=target)]

    return translate


@contextmanager
def servers(root: Path, settings: Settings) -> Iterator[dict[str, Callable[[str], Engine]]]:
    """Engine factories for every test server of tests/ that exists (DeepL, LibreTranslate, LLM)."""
    import os

    factories: dict[str, Callable[[str], Engine]] = {}
    with ExitStack() as stack:
        try:
            from deepl_server import DeepLServer

            deepl = stack.enter_context(DeepLServer())
            os.environ["DEEPL_AUTH_KEY"], os.environ["DEEPL_SERVER_URL"] = deepl.auth_key, deepl.url
            factories["deepl"] = lambda _lang: get_engine("deepl", project=Project(root, settings, root / "x.toml"))
        except ImportError:
            pass
        extra: dict[str, object] = {}
        try:
            from libretranslate_server import LibreTranslateServer

            extra["libretranslate"] = LibreTranslateSettings(url=stack.enter_context(LibreTranslateServer()).url)
        except ImportError:
            pass
        try:
            from llm_server import DEFAULT_MODEL, LLMServer

            extra["llm"] = LLMSettings(url=stack.enter_context(LLMServer()).url, model=DEFAULT_MODEL)
        except ImportError:
            pass
        with_servers = dataclasses.replace(settings, **extra)  # type: ignore[arg-type]
        for name in extra:
            factories[name] = lambda _lang, name=name: get_engine(name, project=Project(root, with_servers, root / "x.toml"))
        yield factories


# --- the integrity run -----------------------------------------------------------------


def integrity() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        init_project(root, source_lang="en", languages=("es", "fr", "ar"))
        for name, text in STATEMENTS.items():
            (root / "statements" / name).write_text(text, encoding="utf-8")
        (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
        config = root / "stmtl10n.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "statements-dir", 'glossary = "glossary.csv"\nstatements-dir', 1) + '\n[digits]\nar = "arab"\n',
            encoding="utf-8")
        project = find_project(root)
        extract(project)
        glossary = parse_glossary(GLOSSARY, source_lang="en", display="glossary.csv")
        slugs = sorted(p.stem for p in (root / "statements").iterdir())
        msgids = list(dict.fromkeys(
            entry.msgid for slug in slugs for entry in read_catalog(project.catalog_path(slug, "es")).active()))

        totals = measure(msgids, msgids, "en", TermFinder(glossary.terms_for("es")))
        kinds = Counter(_kind(identifier) for m in msgids for identifier in identifiers(m))
        print(f"corpus: {len(STATEMENTS)} statements, {len(msgids)} segments; {totals.total['dates']} dates, "
              f"{totals.total['numbers']} formatted numbers, {totals.total['identifiers']} identifiers "
              f"({', '.join(f'{n} {kind}' for kind, n in kinds.most_common())}), "
              f"{totals.total['terms']} glossary term occurrences of {len(glossary.terms_for('es'))} terms")
        print()
        header = (f"{'engine':<16} {'lang':<4} {'dates':>13} {'numbers':>12} {'identifiers':>13} {'terms':>12} "
                  f"{'problems':>8}  by check")
        print(header)
        print("-" * len(header))
        runs: list[tuple[str, str, Callable[[list[str]], list[str]]]] = []
        for lang, modes in (("es", ["eng-spa"]), ("fr", ["eng-spa", "es-fr"])):
            runs.append(("apertium raw", lang, raw_apertium(modes)))
            engine = ApertiumEngine(glossary=glossary, settings=project.settings)
            runs.append(("apertium", lang, engine_translate(engine, lang)))
        with servers(root, project.settings) as factories:
            for name, make in factories.items():
                for lang in LANGUAGES[name]:
                    runs.append((name, lang, engine_translate(make(lang), lang)))
            for name, lang, translate in runs:
                started = time.perf_counter()
                drafts = translate(msgids)
                seconds = time.perf_counter() - started
                tally = measure(msgids, drafts, lang, TermFinder(glossary.terms_for(lang)))
                problems = check_drafts(project, slugs, lang, dict(zip(msgids, drafts, strict=True)), name)
                by_check = ", ".join(f"{check} {n}" for check, n in problems.most_common())
                print(f"{name:<16} {lang:<4} {tally.cell('dates'):>13} {tally.cell('numbers'):>12} "
                      f"{tally.cell('identifiers'):>13} {tally.cell('terms'):>12} {sum(problems.values()):>8}  "
                      f"{by_check or '-'}  [{seconds:.1f} s]")
        print()
        print("dates, numbers: as CLDR writes them in the target; identifiers: exactly as in the source;")
        print("terms: the glossary's target term. Test servers answer fakes (DeepL and LibreTranslate keep the")
        print("English words, the LLM server writes Arabic letters), so their wrong-language problems are theirs.")


def check_drafts(project: Project, slugs: list[str], lang: str, drafts: dict[str, str], engine: str) -> Counter[str]:
    """Write ``drafts`` into the catalogs of ``lang`` as machine drafts; the problems `stmtl10n check` finds."""
    for slug in slugs:
        path = project.catalog_path(slug, lang)
        catalog = read_catalog(path)
        for entry in catalog.active():
            entry.msgstr = drafts.get(entry.msgid, "")
            entry.set_fuzzy(True)
            entry.set_provenance(f"mt {engine.split()[0]} {STAMP}")
        write_catalog(path, catalog)
    return Counter(problem.check for problem in run_checks(project, languages=[lang]))


# --- chrF ---------------------------------------------------------------------------


def chrf(hypotheses: list[str], references: list[str], *, order: int = 6, beta: float = 2.0) -> float:
    """Corpus chrF (Popović 2015) in percent: character n-gram precision and recall, each averaged
    over n = 1…``order`` from counts summed over the corpus, combined as an F-score weighting recall β times."""
    matches, hyp_total, ref_total = [0] * order, [0] * order, [0] * order
    for hypothesis, reference in zip(hypotheses, references, strict=True):
        hyp, ref = "".join(hypothesis.split()), "".join(reference.split())
        for n in range(1, order + 1):
            hyp_grams = Counter(hyp[i:i + n] for i in range(len(hyp) - n + 1))
            ref_grams = Counter(ref[i:i + n] for i in range(len(ref) - n + 1))
            matches[n - 1] += sum((hyp_grams & ref_grams).values())
            hyp_total[n - 1] += sum(hyp_grams.values())
            ref_total[n - 1] += sum(ref_grams.values())
    precision = sum(m / h for m, h in zip(matches, hyp_total, strict=True) if h) / order
    recall = sum(m / r for m, r in zip(matches, ref_total, strict=True) if r) / order
    if not precision and not recall:
        return 0.0
    return 100 * (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def blocks(path: Path) -> list[str]:
    """The blocks of a parallel text (blank-line separated), heading marks taken off."""
    text = path.read_text(encoding="utf-8")
    return [re.sub(r"^#+\s+", "", block.strip()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def chrf_comparison() -> None:
    debian = parse_glossary(DEBIAN_GLOSSARY, source_lang="en", display="debian.csv")
    plain, with_glossary = ApertiumEngine(), ApertiumEngine(glossary=debian)
    print("chrF against the human translations of tests/data/parallel (higher is better)")
    header = f"{'texts':<28} {'pair':<9} {'blocks':>6} {'apertium raw':>12} {'engine':>8} {'+ glossary':>10}"
    print(header)
    print("-" * len(header))
    for target, modes in (("es", ["eng-spa"]), ("fr", ["eng-spa", "es-fr"])):
        sources: list[str] = []
        references: list[str] = []
        names = []
        for english in sorted(PARALLEL.glob("*.en.md")):
            translated = english.with_name(english.name.replace(".en.", f".{target}."))
            if not translated.exists():
                continue
            source, reference = blocks(english), blocks(translated)
            if len(source) != len(reference):
                continue  # not aligned block by block
            sources += source
            references += reference
            names.append(english.name.split(".")[0])
        raw = raw_apertium(modes)(sources)
        engine = engine_translate(plain, target)(sources)
        glossed = engine_translate(with_glossary, target)(sources)
        pair = "en>es" if target == "es" else "en>es>fr"
        print(f"{'+'.join(names)[:28]:<28} {pair:<9} {len(sources):>6} {chrf(raw, references):>12.2f} "
              f"{chrf(engine, references):>8.2f} {chrf(glossed, references):>10.2f}")
        terms = sum(len(debian.finder(target).find(text)) for text in sources)
        print(f"{'':<28} {'':<9} {'':>6} glossary: {len(debian.terms_for(target))} terms, {terms} occurrences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-chrf", action="store_true", help="only the integrity table")
    args = parser.parse_args()
    integrity()
    if not args.skip_chrf:
        print()
        chrf_comparison()


if __name__ == "__main__":
    main()
