"""Tests for language identification: abstaining on short text, scripts, the labelled set, extract-time helpers."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks_support import problems
from stmtl10n.catalog import Catalog, Entry
from stmtl10n.checks.base import CheckContext
from stmtl10n.checks.language import check_wrong_language
from stmtl10n.detect import (
    MIN_DETECT_CHARS,
    Judgement,
    clean_for_detection,
    detect_language,
    foreign_segments,
    is_language,
    judge_language,
    language_scripts,
    script_share,
    statement_language,
    strip_markup,
)
from stmtl10n.locales import display_name
from stmtl10n.model import SIGNATORY_FLAG, Problem, Segment

CANDIDATES = ("en", "es", "fr", "ar")
# The set's languages beyond the project's (and Galician, which langdetect does not know).
OTHER_LANGUAGES = ("de", "pt", "it", "ca", "nl", "tr", "ru", "fa", "ur")
LABELLED = Path(__file__).parent / "data" / "langid" / "segments.tsv"


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_labelled_set_is_what_its_readme_says() -> None:
    rows = _labelled()
    assert len(rows) >= 450
    for lang in CANDIDATES:
        assert sum(1 for row in rows if row["lang"] == lang) >= 50, lang
    for lang in OTHER_LANGUAGES:
        assert sum(1 for row in rows if row["lang"] == lang) >= 20, lang
    assert sum(1 for row in rows if row["lang"] == "gl") >= 12
    limits = {"short": (0, MIN_DETECT_CHARS), "sentence": (MIN_DETECT_CHARS, 100), "heading": (MIN_DETECT_CHARS, 46),
              "paragraph": (100, 10_000)}
    for row in rows:
        low, high = limits[row["kind"]]
        assert low <= len(row["text"]) < high, row["text"]
    assert sum(1 for row in rows if row["kind"] == "heading") >= 60


def test_no_wrong_verdict_on_labelled_strings_under_30_characters() -> None:
    short = [row for row in _labelled() if len(row["text"]) < MIN_DETECT_CHARS]
    assert len(short) >= 100
    wrong = []
    for row in short:
        for verdict in (detect_language(row["text"]), detect_language(row["text"], candidates=CANDIDATES)):
            if verdict is not None and verdict != row["lang"]:
                wrong.append((row["text"], verdict))
        for lang in (*CANDIDATES, *OTHER_LANGUAGES, "gl"):
            candidates = CANDIDATES if lang in CANDIDATES else ("en", lang)
            if is_language(row["text"], lang, candidates=candidates) is (lang != row["lang"]):
                wrong.append((row["text"], f"is_language {lang}"))
    assert wrong == []


def test_under_30_characters_the_check_flags_only_another_writing_system_or_spanish_marks() -> None:
    # Under 30 characters there is no guessing among the languages of one writing system.
    for row in _labelled():
        if len(row["text"]) >= MIN_DETECT_CHARS:
            continue
        for lang in ("es", "fr", "ar", "de", "pt", "fa"):
            verdict = judge_language(row["text"], lang, candidates=(*CANDIDATES, lang))
            if verdict.is_language is False:
                other_script = script_share(clean_for_detection(row["text"])).dominant not in language_scripts(lang)
                assert other_script or row["text"].startswith(("¡", "¿")), (row["text"], lang)
                assert verdict.sure == other_script


def test_labelled_paragraphs_are_identified() -> None:
    # The benchmark reports precision; this guards the property the check relies on.
    paragraphs = [row for row in _labelled() if row["kind"] == "paragraph"]
    verdicts = [detect_language(row["text"]) for row in paragraphs]
    wrong = [(row["text"][:40], v) for row, v in zip(paragraphs, verdicts, strict=True) if v is not None and v != row["lang"]]
    assert wrong == []
    known = [v for row, v in zip(paragraphs, verdicts, strict=True) if row["lang"] != "gl"]  # langdetect knows no Galician
    assert sum(v is not None for v in known) >= 0.95 * len(known)
    # Among the project's languages: text in one of them is identified, text in another gets no candidate.
    among = [(row, detect_language(row["text"], candidates=CANDIDATES)) for row in paragraphs]
    assert [(row["text"][:40], v) for row, v in among if v is not None and v != row["lang"]] == []
    assert all(v == row["lang"] for row, v in among if row["lang"] in CANDIDATES)


def test_viva_palestine_abstains_where_langdetect_says_estonian() -> None:
    assert detect_language("Viva Palestine!") is None
    assert detect_language("Viva Palestine!", candidates=CANDIDATES) is None
    assert is_language("Viva Palestine!", "en", candidates=CANDIDATES) is None


def test_script_decides_short_text() -> None:
    assert detect_language("يسقط الاحتلال!", candidates=CANDIDATES) == "ar"
    assert is_language("يسقط الاحتلال!", "fr", candidates=CANDIDATES) is False
    assert is_language("Free Palestine", "ar") is False
    assert is_language("¡Viva la lucha obrera!", "es", candidates=CANDIDATES) is True


def test_without_candidates_arabic_script_alone_does_not_decide_between_arabic_and_persian() -> None:
    assert detect_language("يسقط الاحتلال!") is None


def test_candidates_keep_their_spelling() -> None:
    text = "Nós exigimos o fim imediato dos despejos e a construção de habitação pública para todas as famílias."
    assert detect_language(text, candidates=["pt_BR", "es", "fr"]) == "pt_BR"


def test_results_are_reproducible() -> None:
    text = "Housing is a right, not a commodity for speculators and banks."
    assert len({detect_language(text, candidates=CANDIDATES) for _ in range(5)}) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=MIN_DETECT_CHARS - 1, alphabet=st.characters(categories=["Ll", "Lu", "Zs", "Po"],
                                                                      max_codepoint=0x024F)))
def test_short_latin_text_never_gets_a_language(text: str) -> None:
    assert detect_language(text, candidates=CANDIDATES) in (None, "es")  # "es" only from ¡ ¿ marks
    assert detect_language(text) is None


def test_cleaning_removes_markup_urls_numbers_and_names() -> None:
    assert strip_markup("See [the call](https://x.org/a) and `code` at https://y.org") == "See the call and at"
    assert clean_for_detection("On 29 November the UN met BDS activists in Gaza.") == "On the met activists in"
    assert clean_for_detection("L’État d’Israël fait partie du système.") == "L’ d’ fait partie du système."


def test_strip_markup_removes_what_patterns_finds_and_keeps_the_words_around() -> None:
    text = ("Write to info@bds.net or @samidoun@mastodon.social, see www.bds.net/faq (and ftp://x.org/a.pdf), "
            "#FreePalestine, point #1.")
    assert strip_markup(text) == "Write to or , see (and ), , point #1."


@pytest.mark.parametrize(
    ("run", "kept"),
    [
        ("a@" * 100_000, True),  # the old e-mail pattern \S+@\S+\.\w+ took 6.6 s on 40k of these
        ("a." * 100_000, True),
        ("x" * 200_000 + "@example.org", False),
        ("http://a" * 25_000, False),
        ("@a" * 100_000, True),
        ("#a" * 100_000, True),
        ("a_" * 100_000, True),
    ],
    ids=["a@", "a.", "address", "urls", "@a", "#a", "a_"],
)
def test_a_long_run_without_spaces_is_read_in_one_pass(run: str, kept: bool) -> None:
    # Each identifier pattern reads a run once (lookbehind-anchored, no overlapping repeats);
    # timing them is the regex probe's job (shared/hooks/regex_probe.py), this pins what they find.
    plain = strip_markup(run + " Free Palestine")
    assert plain.endswith("Free Palestine")
    assert (len(plain) > len(run) // 2) is kept


def test_language_scripts_come_from_cldr() -> None:
    assert language_scripts("ar") == {"Arab"}
    assert language_scripts("pt_BR") == {"Latn"}
    assert "Hira" in language_scripts("ja")


def test_statement_language_of_a_whole_statement() -> None:
    statements = Path(__file__).parent.parent / "statements"
    text = (statements / "solidarity-day-call.txt").read_text(encoding="utf-8")
    assert statement_language(text) == "en"


def _segment(text: str, *, signatory: bool = False) -> Segment:
    return Segment(text=text, kind="signatory" if signatory else "paragraph", line=1,
                   flags=(SIGNATORY_FLAG,) if signatory else ())


def test_foreign_segments_finds_other_scripts_and_spanish_slogans_conservatively() -> None:
    segments = [
        _segment("The undersigned parties and organizations affirm our solidarity with the struggles of the people, "
                 "and they call on all the peoples of the world to stand with them in this fight for their land."),
        _segment("تجمع المدافعين الصحراويين عن حقوق الإنسان"),
        _segment("¡No pasarán!"),
        _segment("Viva Palestine!"),
        _segment("Abahlali baseMjondolo (AbM), South Africa", signatory=True),
        _segment("حزب الشعب الفلسطيني، فلسطين", signatory=True),
        _segment("Cتجمع المدافعين الصحراويين عن حقوق الإنسان بالصحراء الغربيك, Western Sahara", signatory=True),
        _segment("Los pueblos del mundo exigimos el fin inmediato de la ocupación y la libertad de todos los presos."),
        _segment("BDS"),
        _segment("رياضي نورالدين, النهج الديمقراطي العمالي, Morocco", signatory=True),
        _segment("This is a call to everyone who believes in justice, and to all the organizations that share it."),
    ]
    # The Arabic signatories whose country is in English keep it localizable.
    assert foreign_segments(segments, "en") == {1, 2, 5, 7}


def test_foreign_segments_in_a_spanish_statement() -> None:
    segments = [_segment("¡No pasarán!"), _segment("Free Palestine")]
    assert foreign_segments(segments, "es") == set()


@pytest.mark.parametrize("text", ["", "   ", "2024", "https://example.org", "***"], ids=["empty", "blank", "number",
                                                                                          "url", "stars"])
def test_nothing_to_go_by_abstains(text: str) -> None:
    assert detect_language(text, candidates=CANDIDATES) is None
    assert is_language(text, "ar", candidates=CANDIDATES) is None


def test_doctests_of_the_detect_module_pass() -> None:
    import doctest

    import stmtl10n.detect

    result = doctest.testmod(stmtl10n.detect)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("lang", CANDIDATES)
def test_statement_language_of_statements_in_each_language(lang: str) -> None:
    body = "\n\n".join(row["text"] for row in _labelled() if row["lang"] == lang and row["kind"] == "paragraph")
    assert statement_language(body) == lang


def test_statement_language_without_a_word_list_falls_back_to_langdetect() -> None:
    dutch = ("Wij, de ondertekenende vakbonden en organisaties, roepen alle gemeenten op om huisuitzettingen in de "
             "wintermaanden te stoppen en lege openbare gebouwen open te stellen voor gezinnen die hun huis hebben "
             "verloren. Het recht op water is geen gunst van bedrijven maar een mensenrecht.")
    assert statement_language(dutch) == "nl"


def test_foreign_segments_needs_a_statement_that_reads_as_its_language_before_asking_langdetect() -> None:
    # A word list (no common words anywhere) says nothing; the Spanish paragraph is then not second-guessed.
    words = _segment("solidarity people liberation struggle international resistance occupation workers peoples "
                     "freedom justice rights land return organizations parties movement campaign support")
    spanish = _segment("Los pueblos del mundo exigimos el fin inmediato de la ocupación y la libertad de todos los presos.")
    assert foreign_segments([words, words, spanish], "en") == set()


def test_statement_language_with_candidates_answers_one_of_them() -> None:
    body = "\n\n".join(row["text"] for row in _labelled() if row["lang"] == "es" and row["kind"] == "paragraph")
    assert statement_language(body, candidates=["en", "es_MX"]) == "es_MX"


def test_a_quoted_spanish_slogan_does_not_make_a_paragraph_spanish() -> None:
    french = "« ¡No pasarán ! » criaient les manifestants qui défilaient dans les rues de la capitale ce samedi-là."
    assert is_language(french, "fr", candidates=CANDIDATES) is not False
    english = _segment("¡No pasarán! shouted the crowd as they marched through the centre of the city on Saturday, "
                       "and the police did not dare to stop them.")
    assert foreign_segments([english] * 3, "en") == set()


# --------------------------------------------------------------------------- beyond the project's languages


def _flags(lang: str, text: str, candidates: tuple[str, ...]) -> list[Problem]:
    ctx = CheckContext(statement="call", lang=lang, source_lang="en", catalog=Catalog(locale=lang),
                       catalog_path=f"locales/{lang}/LC_MESSAGES/call.po", candidates=candidates)
    return list(check_wrong_language(ctx, Entry(msgid="(the source text)", msgstr=text, references=["call.md:1"])))


def test_the_check_keeps_its_precision_on_the_labelled_set_from_30_characters() -> None:
    # Every segment of 30 characters or more as the translation in the project's catalogs (en -> es, fr, ar)
    # and in a catalog of each other language of the set: a flag on text in the catalog's language is wrong.
    rows = [row for row in _labelled() if len(row["text"]) >= MIN_DETECT_CHARS]
    catalogs = [(lang, CANDIDATES) for lang in ("es", "fr", "ar")]
    catalogs += [(lang, ("en", lang)) for lang in (*OTHER_LANGUAGES, "gl")]
    flags = errors = right = right_errors = should = 0
    wrong = []
    for lang, candidates in catalogs:
        for row in rows:
            found = _flags(lang, row["text"], candidates)
            should += row["lang"] != lang
            if found:
                flags += 1
                right += row["lang"] != lang
                errors += found[0].severity == "error"
                right_errors += found[0].severity == "error" and row["lang"] != lang
                if row["lang"] == lang:
                    wrong.append((lang, row["text"]))
    assert right / flags >= 0.99, wrong
    assert right_errors / errors >= 0.99, wrong
    assert right / should >= 0.9  # and it does flag: the benchmark has the figures by length


@pytest.mark.parametrize("lang", ["de", "pt", "it"])
def test_german_portuguese_and_italian_in_a_spanish_catalog_are_flagged(lang: str) -> None:
    rows = [row for row in _labelled() if row["lang"] == lang and len(row["text"]) >= MIN_DETECT_CHARS]
    assert len(rows) >= 15
    name = display_name(lang)
    for row in rows:
        found = _flags("es", row["text"], CANDIDATES)
        assert [p.check for p in found] == ["wrong-language"], row["text"]
        if row["kind"] == "paragraph":  # long enough for the detector to be sure: an error that blocks the build
            assert found[0].severity == "error", row["text"]
            assert found[0].message == (f"This translation looks like it is written in {name}, not Spanish; "
                                        "translate it into Spanish."), row["text"]


def test_203_characters_of_german_in_a_spanish_catalog_are_an_error() -> None:
    german = ("Wir fordern von der Stadt, Zwangsräumungen im Winter auszusetzen und die leer stehenden Gebäude für "
              "alle Familien zu öffnen, die ihre Wohnung verloren haben; niemand darf im Winter ohne ein Dach bleiben.")
    assert len(german) == 203
    [found] = problems("es", "(source)", german, check="wrong-language")
    assert found.severity == "error"
    assert "written in German, not Spanish" in found.message
    assert judge_language(german, "es", candidates=CANDIDATES) == Judgement(False, "de", sure=True)


@pytest.mark.parametrize(
    ("lang", "heading", "found"),
    [
        ("es", "Call for an International Week of Action", "English"),  # title case: its capitals are no names
        ("es", "Joint Statement on the Right to Housing", "English"),
        ("fr", "Declaración final del congreso obrero", "Spanish"),
        ("es", "Gemeinsame Erklärung zum Recht auf Wohnen", "German"),
        ("es", "Pela libertação de todos os presos políticos", "Portuguese"),
        ("fr", "Dichiarazione finale della conferenza di Roma", "Italian"),
    ],
)
def test_headings_of_30_to_45_characters_in_the_wrong_language_are_flagged(lang: str, heading: str,
                                                                             found: str) -> None:
    assert MIN_DETECT_CHARS <= len(heading) <= 45
    [problem] = problems(lang, "(source)", heading, check="wrong-language")
    assert f"written in {found}" in problem.message


def test_a_title_keeps_its_capitalised_words_for_the_language_but_not_for_clean_for_detection() -> None:
    heading = "Call for an International Week of Action"
    assert clean_for_detection(heading) == "Call for an of"  # what the unchanged check counts words on
    assert is_language(heading, "en", candidates=CANDIDATES) is True
    # A name of capitalised words only, or a list of names, is no title: its capitals are names.
    assert problems("es", "(source)", "Samidoun Palestinian Prisoner Solidarity Network", check="wrong-language") == []
    assert problems("es", "(source)", "James Long, Socialist communist, Estados Unidos", check="wrong-language") == []


def test_close_romance_languages_are_told_apart_or_left_alone() -> None:
    spanish = "Los trabajadores no pagarán esta crisis: exigimos salarios dignos y vivienda para todas las familias."
    portuguese = "Os trabalhadores não vão pagar esta crise: exigimos salários dignos e moradia para todas as famílias."
    catalan = "Els treballadors no pagaran aquesta crisi: exigim salaris dignes i habitatge per a totes les famílies."
    italian = "I lavoratori non pagheranno questa crisi: chiediamo salari dignitosi e una casa per tutte le famiglie."
    for text, lang in ((spanish, "es"), (portuguese, "pt"), (catalan, "ca"), (italian, "it")):
        assert detect_language(text) == lang
        for catalog in ("es", "pt", "ca", "it", "fr"):
            assert is_language(text, catalog, candidates=("en", catalog)) is (catalog == lang), (text, catalog)
    # Galician: langdetect knows no Galician and calls it Spanish; its own words say otherwise.
    galician = ("Os traballadores non van pagar esta crise: esiximos salarios dignos e unha vivenda para todas as "
                "familias, polo dereito á cidade.")
    assert detect_language(galician) in (None, "gl")
    assert judge_language(galician, "es", candidates=CANDIDATES) == Judgement(False, "gl")  # a warning
    assert is_language(galician, "gl", candidates=("en", "gl")) is not False
    assert is_language(spanish, "gl", candidates=("en", "gl")) is False


def test_arabic_script_tells_arabic_from_persian_and_urdu_by_their_letters() -> None:
    arabic = "نطالب بالإفراج الفوري عن جميع الأسرى السياسيين وإنهاء الاعتقال الإداري."
    persian = "ما خواستار آزادی فوری همه‌ی زندانیان سیاسی و پایان بازداشت اداری هستیم."
    urdu = "ہم تمام سیاسی قیدیوں کی فوری رہائی کا مطالبہ کرتے ہیں۔"
    assert [detect_language(t) for t in (arabic, persian, urdu)] == ["ar", "fa", "ur"]
    assert judge_language(persian, "ar", candidates=CANDIDATES) == Judgement(False, "fa", sure=True)
    assert judge_language(urdu, "ar", candidates=CANDIDATES) == Judgement(False, "ur", sure=True)
    assert judge_language(arabic, "fa", candidates=("en", "fa")) == Judgement(False, "ar", sure=True)
    assert is_language(arabic, "ar", candidates=CANDIDATES) is True
    assert [p.severity for p in problems("ar", "(source)", persian, check="wrong-language")] == ["error"]
    # Short: the letters alone make no verdict between languages of the script.
    assert is_language("آزادی برای همه!", "ar", candidates=CANDIDATES) is None
    assert is_language("تماس و رسانه‌ها", "ar", candidates=CANDIDATES) is None  # no letter Arabic lacks: no guess
    assert detect_language("تماس و رسانه‌ها", candidates=CANDIDATES) is None


def test_an_error_only_when_sure_otherwise_a_warning() -> None:
    # English a reader would also be sure of: an error.
    [english] = problems("es", "(source)", "The organisations demand an immediate end to the siege and the occupation.",
                         check="wrong-language")
    assert english.severity == "error"
    # Short Italian without a common word to confirm langdetect: a warning, naming the language.
    [italian] = problems("es", "(source)", "Chiediamo la fine immediata dell'assedio.", check="wrong-language")
    assert italian.severity == "warning"
    assert italian.message == ("This translation may be written in Italian rather than Spanish; check it, and "
                               "translate it into Spanish if so.")
    # A Spanish slogan in a French catalog: Spanish orthography, too short to be sure of.
    [slogan] = problems("fr", "(source)", "¡No pasarán!", check="wrong-language")
    assert slogan.severity == "warning" and "Spanish" in slogan.message


def test_langdetect_as_run_here_gives_langdetect_s_own_probabilities() -> None:
    # detect._langdetect reproduces langdetect's sampling (one pass per five draws, hopeless languages
    # dropped): the same probabilities, to far below any threshold.
    from langdetect.detector import Detector

    from stmtl10n import detect

    texts = [row["text"] for row in _labelled() if len(row["text"]) >= MIN_DETECT_CHARS][::7]
    for text in texts:
        cleaned = clean_for_detection(text)
        script = script_share(cleaned).dominant
        profiles = detect._script_profiles(script) if script else frozenset()
        if len(profiles) < 2 or len(cleaned) < 10:
            continue
        factory = detect._factory(profiles)
        detector: Detector = factory.create()
        detector.set_max_text_length(detect.MAX_DETECT_CHARS)
        detector.append(cleaned)
        detector.get_probabilities()
        theirs = dict(zip((detect._base(name) for name in factory.langlist), detector.langprob, strict=True))
        ours = detect._langdetect(cleaned, profiles)
        assert max(abs(theirs.get(k, 0.0) - ours.get(k, 0.0)) for k in set(theirs) | set(ours)) < 1e-20, text
        check = factory.create()
        check.append(cleaned)
        check.cleaning_text()
        assert detect._ngrams(check.text, factory.word_lang_prob_map) == check._extract_ngrams()


def test_profiles_are_loaded_lazily_and_once() -> None:
    # The profiles are the big one-time cost: nothing at import, each script's set once, then reused.
    code = (
        "import stmtl10n.detect as d\n"
        "assert d._factory.cache_info().currsize == 0\n"
        "d.detect_language('Wir laden alle Organisationen ein, diese Erklärung zu unterzeichnen.')\n"
        "d.is_language('Nous invitons toutes les organisations à signer cette déclaration commune.', 'es')\n"
        "d.is_language('Invitamos a todas las organizaciones a firmar esta declaración y a difundirla.', 'fr')\n"
        "info = d._factory.cache_info()\n"
        "assert (info.currsize, info.misses) == (1, 1), info\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=MIN_DETECT_CHARS - 1, alphabet=st.characters(categories=["Ll", "Lu", "Zs", "Po"],
                                                                      max_codepoint=0x024F)),
       st.sampled_from(["es", "fr", "en", "de", "pt", "it", "gl"]))
def test_short_latin_text_is_never_judged_in_or_out_of_a_latin_language(text: str, lang: str) -> None:
    verdict = judge_language(text, lang, candidates=(*CANDIDATES, lang))
    if verdict.is_language is not None:  # only Spanish orthography decides, never surely
        assert ("¡" in text or "¿" in text) and not verdict.sure
        assert verdict.is_language is (lang == "es")
