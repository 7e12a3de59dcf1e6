"""Tests for the quality checks, run_checks and the ``check`` command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checks_support import checks_of, context, entry, make_project, messages, problems, write_po
from stmtl10n.catalog import Catalog
from stmtl10n.checks import CHECKS, check_entry, enabled_checks, length_bounds, reviewed_translations, run_checks
from stmtl10n.choices import CHECK_NAMES
from stmtl10n.cli import cli
from stmtl10n.errors import ConfigError
from stmtl10n.project import find_project

# --------------------------------------------------------------------------- registry


def test_registry_names_every_check_of_the_issue() -> None:
    assert list(CHECKS) == ["markup", "identifiers", "numbers", "dates", "names", "punctuation", "wrong-language",
                            "untranslated", "unchanged", "length", "machine-marks", "consistency"]


def test_registry_lists_the_names_settings_are_validated_against() -> None:
    # config validates [checks] disabled against choices.CHECK_NAMES without importing the checks.
    assert tuple(CHECKS) == CHECK_NAMES


def test_every_check_has_a_docstring() -> None:
    for name, check in CHECKS.items():
        assert check.__doc__, name


def test_unknown_disabled_check_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"unknown check 'lenght', did you mean 'length'\?"):
        enabled_checks(["lenght"])


def test_disabled_check_is_left_out() -> None:
    assert "length" not in enabled_checks(["length"])
    assert "numbers" in enabled_checks(["length"])


def test_entry_opts_out_with_a_no_check_flag() -> None:
    msgid, msgstr = "In 1947 the UN voted.", "En 1974 la ONU votó."
    assert checks_of(problems("es", msgid, msgstr)) == ["numbers"]
    assert problems("es", msgid, msgstr, flags=["no-check-numbers"]) == []


# --------------------------------------------------------------------------- markup


def test_lost_link_is_reported_with_its_url() -> None:
    found = problems("es", "Read [the call](https://example.org/call).", "Lee la convocatoria.", check="markup")
    assert [p.message for p in found] == [
        "The link to https://example.org/call is missing from the translation; copy it from the source."
    ]
    assert found[0].severity == "error" and found[0].reference == "statements/call.md:3"


def test_changed_url_is_reported_as_a_change() -> None:
    found = problems("es", "Read [the call](https://example.org/a).", "Lee [el llamado](https://example.org/b).",
                     check="markup")
    assert len(found) == 1 and "was changed to https://example.org/b" in found[0].message


def test_translated_link_text_with_the_same_url_passes() -> None:
    assert problems("fr", "See [our site](https://x.org) and <https://y.org>.",
                    "Voir [notre site](https://x.org) et <https://y.org>.", check="markup") == []


def test_link_that_appears_twice_must_appear_twice() -> None:
    found = problems("es", "[a](https://x.org) and [b](https://x.org)", "[a](https://x.org) y b", check="markup")
    assert len(found) == 1 and "(2 times)" not in found[0].message and "https://x.org" in found[0].message


def test_emphasis_code_footnote_and_html_tags_are_counted() -> None:
    msgid = "A *strong* call with `code`, a note[^1] and <sup>2</sup>."
    good = "Un llamado *fuerte* con `code`, una nota[^1] y <sup>2</sup>."
    assert problems("es", msgid, good, check="markup") == []
    bad = "Un llamado fuerte con `codigo`, una nota y <sup>2."
    messages = " | ".join(p.message for p in problems("es", msgid, bad, check="markup"))
    assert "The source has 1 emphasized part (*…* or _…_) and the translation 0" in messages
    assert "The code `code` is missing" in messages
    assert "[^1] is missing" in messages
    assert "</sup>" in messages


def test_bare_url_in_plain_text_must_be_identical() -> None:
    found = problems("es", "Sign at https://example.org/sign now", "Firma en https://example.org/firma ya",
                     check="markup", markdown=False)
    assert len(found) == 1 and "https://example.org/sign" in found[0].message


def test_bare_urls_are_compared_as_patterns_finds_them() -> None:
    # www. and ftp:// addresses are URLs; a ")" belongs to the URL only when it opens inside it.
    msgid = "See www.bds.net/faq, ftp://x.org/a.pdf and https://en.wikipedia.org/wiki/Nakba_(1948)."
    same = "Vea www.bds.net/faq, ftp://x.org/a.pdf y https://en.wikipedia.org/wiki/Nakba_(1948)."
    assert problems("es", msgid, same, check="markup", markdown=False) == []
    cut = "Vea www.bds.net/faq, ftp://x.org/a.pdf y https://en.wikipedia.org/wiki/Nakba_(1948."
    [found] = problems("es", msgid, cut, check="markup", markdown=False)
    assert "https://en.wikipedia.org/wiki/Nakba_(1948) was changed to https://en.wikipedia.org/wiki/Nakba_(1948 " in (
        found.message)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("lang", "msgstr"),
    [
        ("es", "Había 25.000 personas en 1947."),
        ("es", "Había 25,000 personas en 1947."),  # kept as in the source: not a changed number
        ("ar", "كان هناك ٢٥٬٠٠٠ شخص في عام ١٩٤٧."),
        ("ar", "كان هناك ۲۵٬۰۰۰ شخص في عام ۱۹۴۷."),  # Eastern Arabic-Indic digits
        ("fr", "Il y avait 25\u202f000 personnes en 1947."),
        ("fr", "Il y avait 25\u00a0000 personnes en 1947."),
        ("fr", "Il y avait 25 000 personnes en 1947."),
    ],
    ids=["es-dot-groups", "es-source-style", "ar-arabic-indic", "ar-eastern", "fr-nnbsp", "fr-nbsp", "fr-space"],
)
def test_numbers_in_the_targets_digits_and_separators_pass(lang: str, msgstr: str) -> None:
    assert problems(lang, "There were 25,000 people in 1947.", msgstr, check="numbers") == []


def test_changed_year_is_reported_with_the_source_number() -> None:
    found = problems("es", "The partition plan of 1947", "El plan de partición de 1974", check="numbers")
    assert [p.message for p in found] == [
        "The source's number 1947 is missing from the translation; check that it was not dropped or changed."
    ]


def test_the_day_and_year_of_a_date_are_the_dates_checks_so_one_fault_is_one_problem() -> None:
    found = problems("es", "Resolution No. 181 of November 29, 1947", "Resolución n.º 181 del 29 de noviembre de 1974")
    assert [(p.check, p.severity) for p in found] == [("dates", "error")]
    assert found[0].message.startswith("The date November 29, 1947 is missing or changed: expected 29 de noviembre "
                                       "de 1947")
    # The other numbers stay the numbers check's; so do a date's when the entry is not date-checked.
    assert checks_of(problems("es", "Resolution No. 181 of November 29, 1947",
                              "Resolución n.º 118 del 29 de noviembre de 1947")) == ["numbers"]
    assert checks_of(problems("es", "Resolution No. 181 of November 29, 1947",
                              "Resolución n.º 181 del 29 de noviembre de 1974", flags=["no-check-dates"])) == ["numbers"]
    # A date's numbers in the translation are no stray numbers: a small count may still be spelled out.
    assert problems("es", "On 3 March 2025, 5 people marched.", "El 3 de marzo de 2025 marcharon cinco personas.") == []


def test_missing_count_suggests_the_targets_way_of_writing_it() -> None:
    found = problems("fr", "More than 40,000 killed", "Plus de 4 000 morts", check="numbers")
    assert len(found) == 1
    assert "40,000" in found[0].message and "40\u202f000" in found[0].message


def test_decimal_separator_follows_the_target() -> None:
    assert problems("es", "It rose by 2.5% in 2023.", "Subió un 2,5 % en 2023.", check="numbers") == []
    assert checks_of(problems("es", "It rose by 2.5% in 2023.", "Subió un 3,5 % en 2023.", check="numbers")) == ["numbers"]


def test_ordinals_become_numbers_and_small_spelled_out_ordinals_pass() -> None:
    assert problems("es", "On the 29th of November", "El 29 de noviembre", check="numbers") == []
    assert problems("es", "On the 7th day", "El séptimo día", check="numbers") == []
    assert checks_of(problems("es", "On the 29th day", "El día 28", check="numbers")) == ["numbers"]
    assert checks_of(problems("es", "On the 29th of November", "El 28 de noviembre")) == ["dates"]


def test_numbers_inside_urls_are_not_counted() -> None:
    assert problems("es", "See [the report](https://x.org/2024/report-181).", "Vea [el informe](https://x.org/2024/report-181).",
                    check="numbers") == []


def test_numbers_of_an_inline_footnote_are_read_apart_from_the_text_around() -> None:
    # The footnote's text is parsed on its own: it must not be glued to the number after the note.
    assert problems("es", "Signed^[1948] by 25", "25 lo firmaron^[1948]", check="numbers") == []


# --------------------------------------------------------------------------- punctuation


def test_missing_end_punctuation_is_a_warning() -> None:
    found = problems("es", "We demand justice.", "Exigimos justicia", check="punctuation")
    assert [(p.severity, p.message) for p in found] == [
        ("warning", "The source ends with “.” but the translation has no end punctuation; add “.” at the end.")
    ]


def test_arabic_question_and_comma_marks() -> None:
    assert problems("ar", "Until when?", "إلى متى؟", check="punctuation") == []
    found = problems("ar", "Until when?", "إلى متى?", check="punctuation")
    assert len(found) == 1 and "“؟”" in found[0].message
    missing = problems("ar", "Until when?", "إلى متى", check="punctuation")
    assert "add “؟” at the end" in missing[0].message


def test_spanish_opening_marks() -> None:
    assert problems("es", "Until when?", "¿Hasta cuándo?", check="punctuation") == []
    found = problems("es", "Free Palestine!", "Palestina libre!", check="punctuation")
    assert len(found) == 1 and "“¡”" in found[0].message


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"], ids=["space", "nbsp", "nnbsp"])
def test_french_space_before_high_punctuation_passes(space: str) -> None:
    assert problems("fr", "Until when?", f"Jusqu’à quand{space}?", check="punctuation") == []


def test_french_without_space_before_question_mark_is_reported() -> None:
    found = problems("fr", "Until when?", "Jusqu’à quand?", check="punctuation")
    assert len(found) == 1 and "French puts a space before “?”" in found[0].message


def test_whitespace_doubled_spaces_and_brackets() -> None:
    found = problems("es", " We (all) demand justice.", "Nosotros  (todos exigimos justicia. ", check="punctuation")
    messages = " | ".join(p.message for p in found)
    assert "start with the same spaces" in messages
    assert "end with the same spaces" in messages
    assert "two spaces in a row" in messages
    assert "1 “(” but 0 “)”" in messages


def test_french_guillemets_replacing_english_quotes_pass() -> None:
    assert problems("fr", "They said “never again”.", "Ils ont dit « plus jamais ».", check="punctuation") == []


# --------------------------------------------------------------------------- language


def test_translation_left_in_english_is_the_wrong_language() -> None:
    msgid = "The undersigned organizations demand an immediate end to the occupation and the siege."
    msgstr = "The undersigned organisations demand an immediate end to the occupation and to the siege."
    found = problems("es", msgid, msgstr, check="wrong-language")
    assert [p.message for p in found] == [
        "This translation looks like it is written in English, not Spanish; translate it into Spanish."
    ]


def test_latin_text_in_an_arabic_catalog_is_the_wrong_language_even_when_short() -> None:
    assert checks_of(problems("ar", "Free all prisoners", "Liberad a los presos", check="wrong-language")) == [
        "wrong-language"
    ]


def test_short_latin_text_abstains() -> None:
    # langdetect calls "Viva Palestine!" Estonian; the check must not guess.
    assert problems("es", "Long live Palestine!", "Viva Palestine!", check="wrong-language") == []


def test_signatories_and_no_translate_entries_are_exempt_from_language_checks() -> None:
    arabic = "تجمع المدافعين الصحراويين عن حقوق الإنسان"
    assert problems("es", arabic, arabic, flags=["no-translate"]) == []
    line = "Palestinian Youth Movement, United States"
    assert problems("ar", line, "Palestinian Youth Movement, الولايات المتحدة", flags=["signatory"]) == []


def test_right_translation_passes_every_check() -> None:
    msgid = "On 29 November, supporters of freedom worldwide stand with the Palestinian people."
    msgstr = "El 29 de noviembre, quienes defienden la libertad en todo el mundo se solidarizan con el pueblo palestino."
    assert problems("es", msgid, msgstr) == []


# --------------------------------------------------------------------------- untranslated, unchanged


def test_empty_entry_is_untranslated_and_nothing_else() -> None:
    found = problems("fr", "Glory to the Resistance!", "")
    assert checks_of(found) == ["untranslated"] and found[0].severity == "warning"
    assert problems("fr", "Glory to the Resistance!", "", flags=["no-translate"]) == []


def test_copied_sentence_is_unchanged() -> None:
    assert checks_of(problems("es", "Down with the occupation!", "Down with the occupation!")) == ["unchanged"]


@pytest.mark.parametrize(
    "text",
    ["Viva Palestine!", "BDS", "Samidoun Palestinian Prisoner Solidarity Network", "2024", "https://example.org",
     "Abahlali baseMjondolo (AbM)"],
    ids=["slogan-one-word", "acronym", "name", "number", "url", "mixed-case-name"],
)
def test_unchanged_abstains_on_names_and_text_without_words(text: str) -> None:
    assert problems("es", text, text, check="unchanged") == []


def test_unchanged_passes_text_already_in_the_target_language() -> None:
    text = "El pueblo unido jamás será vencido, gritaban miles de personas en la plaza."
    assert problems("es", text, text, check="unchanged") == []


# --------------------------------------------------------------------------- length


def test_length_bounds_widen_for_short_strings() -> None:
    long_low, long_high = length_bounds(400, "en", "es")
    short_low, short_high = length_bounds(12, "en", "es")
    assert short_low < long_low and short_high > long_high


def test_translation_that_drops_half_a_paragraph_is_too_short() -> None:
    msgid = ("The apartheid state constitutes part of the imperialist system and is its military base; its aggression "
             "against the people is part of an ongoing agenda targeting the peoples of the region.")
    found = problems("es", msgid, "El estado de apartheid forma parte del sistema.", check="length")
    assert len(found) == 1 and "much shorter" in found[0].message


def test_ordinary_translation_length_passes() -> None:
    assert problems("fr", "Stop the evictions!", "Halte aux expulsions !", check="length") == []


# --------------------------------------------------------------------------- machine marks


def test_apertium_unknown_word_marks() -> None:
    found = problems("es", "The settlers burned the olive groves.", "Los *settlers quemaron los #olivares.",
                     check="machine-marks")
    assert [p.message.split(" looks")[0] for p in found] == ["“*settlers”", "“#olivares”"]


def test_hashtags_and_emphasis_of_the_source_are_not_marks() -> None:
    assert problems("es", "Share #FreePalestine and *act*", "Comparte #PalestinaLibre y *actúa*",
                    check="machine-marks") == []


def test_engine_xml_tags_and_language_prefixes() -> None:
    found = problems("es", "Glory to the Resistance!", "[ES] ¡Gloria a la <x id=\"1\">Resistencia</x>!")
    messages = [p.message for p in found if p.check == "machine-marks"]
    assert messages == [
        "“<x id=\"1\">” is left over from the machine engine; remove it and keep the words around it.",
        "The translation starts with “[ES]”, a label added by a machine engine; remove it.",
    ]
    assert "markup" not in checks_of(found)  # one report per leftover, not two


# --------------------------------------------------------------------------- consistency


def test_consistency_reports_the_other_statements_translation() -> None:
    catalogs = {
        "call": Catalog(locale="es", entries=[entry("Viva Palestine!", "¡Viva Palestina!")]),
        "week": Catalog(locale="es", entries=[entry("Viva Palestine!", "¡Viva Palestina libre!")]),
    }
    reviewed = reviewed_translations(catalogs)
    ctx = context("es", catalog=catalogs["call"], reviewed=reviewed, statement="call")
    found = check_entry(ctx, catalogs["call"].entries[0], {"consistency": CHECKS["consistency"]})
    assert [p.message for p in found] == [
        "The same text is translated differently in week: “¡Viva Palestina libre!”; "
        "agree on one translation and use it in both."
    ]


def test_consistency_ignores_fuzzy_drafts() -> None:
    draft = entry("Viva Palestine!", "¡Viva Palestina libre!", flags=["fuzzy"])
    catalogs = {"call": Catalog(locale="es", entries=[entry("Viva Palestine!", "¡Viva Palestina!")]),
                "week": Catalog(locale="es", entries=[draft])}
    ctx = context("es", catalog=catalogs["call"], reviewed=reviewed_translations(catalogs))
    assert check_entry(ctx, catalogs["call"].entries[0], {"consistency": CHECKS["consistency"]}) == []


# --------------------------------------------------------------------------- run_checks and the command

STATEMENTS = {
    "call.md": "# Call\n\nRead [the call](https://example.org/call) of 1947.\n\nDown with the occupation!\n",
    "week.md": "# Week\n\nDown with the occupation!\n",
}


@pytest.fixture()
def project_dir(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", languages=("es", "fr"), statements=STATEMENTS)
    write_po(root, "call", "es", [
        entry("Call", "Llamamiento"),
        entry("Read [the call](https://example.org/call) of 1947.", "Lee el llamamiento de 1974."),
        entry("Down with the occupation!", "¡Abajo la ocupación!"),
    ])
    write_po(root, "week", "es", [
        entry("Week", "Semana"),
        entry("Down with the occupation!", "¡Fuera la ocupación!"),
    ])
    write_po(root, "call", "fr", [
        entry("Call", "Appel"),
        entry("Read [the call](https://example.org/call) of 1947.", "Lisez [l’appel](https://example.org/call) de 1947."),
        entry("Down with the occupation!", "À bas l’occupation !"),
    ])
    return root


def test_run_checks_finds_problems_across_statements(project_dir: Path) -> None:
    found = run_checks(find_project(project_dir))
    summary = sorted((p.statement, p.lang, p.check) for p in found)
    assert summary == [
        ("call", "es", "consistency"), ("call", "es", "markup"), ("call", "es", "numbers"),
        ("week", "es", "consistency"),
    ]


def test_run_checks_filters_by_language_and_statement_but_compares_with_all(project_dir: Path) -> None:
    project = find_project(project_dir)
    assert run_checks(project, languages=["fr"]) == []
    only_week = run_checks(project, statements=["week"])
    assert [(p.statement, p.check) for p in only_week] == [("week", "consistency")]


def test_run_checks_honours_disabled_checks_from_the_config(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", languages=("es",), statements={"call.md": "In 1947.\n"},
                        extra_config='[checks]\ndisabled = ["numbers"]\n')
    write_po(root, "call", "es", [entry("In 1947.", "En 1974.")])
    assert run_checks(find_project(root)) == []


def test_check_command_exit_3_and_text_grouped_by_statement_and_language(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "check"])
    assert result.exit_code == 3, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "call [es] locales/es/LC_MESSAGES/call.po"
    assert any("statements/call.md:" in line and "https://example.org/call" in line for line in lines)
    assert "week [es] locales/es/LC_MESSAGES/week.po" in lines
    assert result.stderr == "4 problems (2 errors, 2 warnings) in 2 catalogs.\n"


def test_check_command_json_lists_every_field(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "check", "--format", "json", "--lang", "es",
                                      "--statement", "call"])
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert {p["check"] for p in data} == {"markup", "numbers", "consistency"}
    for problem in data:
        # The fields docs/checks.md documents, exactly.
        assert set(problem) == {"statement", "lang", "catalog", "reference", "msgid", "msgctxt", "check", "severity",
                                "message"}
        assert problem["statement"] == "call" and problem["lang"] == "es"
        assert problem["catalog"] == "locales/es/LC_MESSAGES/call.po" and problem["severity"] in ("error", "warning")


def test_check_command_exit_0_without_problems(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "check", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "No problems" in result.stderr


def test_check_command_exit_1_on_an_unknown_statement(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "check", "--statement", "nope"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: nope: no such statement")
    assert "Traceback" not in result.stderr


@pytest.mark.foreign_catalogs  # the broken catalog is the point
def test_check_command_exit_1_on_a_broken_catalog(project_dir: Path) -> None:
    (project_dir / "locales" / "fr" / "LC_MESSAGES" / "call.po").write_text('msgid "x\nmsgstr ""\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "check", "--lang", "fr"])
    assert result.exit_code == 1
    assert "locales/fr/LC_MESSAGES/call.po" in result.stderr and "Traceback" not in result.stderr


def test_check_command_exit_2_on_bad_usage(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "check", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_doctests_of_the_checks_package_pass() -> None:
    import doctest
    import importlib
    import pkgutil

    import stmtl10n.checks

    attempted = 0
    for module in pkgutil.iter_modules(stmtl10n.checks.__path__, "stmtl10n.checks."):
        result = doctest.testmod(importlib.import_module(module.name))
        assert result.failed == 0, module.name
        attempted += result.attempted
    assert attempted > 0


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@settings(max_examples=300, deadline=None)
@given(number=st.one_of(st.integers(0, 10**10), st.decimals(0, 10**7, places=2)),
       lang=st.sampled_from(["es", "fr", "ar", "de", "en", "pt_BR", "fr_CH"]), arabic_digits=st.booleans())
def test_any_number_written_the_cldr_way_passes_and_a_changed_one_is_reported(
        number: int | Decimal, lang: str, arabic_digits: bool) -> None:
    source = f"There were {format_decimal(number, locale='en')} of them."
    written = format_decimal(number, locale=lang)
    if arabic_digits:
        written = written.translate(ARABIC_INDIC)
    assert problems(lang, source, f"Eran {written} en total.", check="numbers") == []
    changed = format_decimal(number + 1, locale=lang)
    assert checks_of(problems(lang, source, f"Eran {changed} en total.", check="numbers")) == ["numbers"]


def test_centuries_in_roman_numerals_pass() -> None:
    assert problems("es", "The 21st century", "El siglo XXI", check="numbers") == []
    assert problems("fr", "The 21st century", "Le XXIe siècle", check="numbers") == []


def test_small_numbers_may_be_spelled_out_but_not_changed() -> None:
    assert problems("es", "For 3 days", "Durante tres días", check="numbers") == []
    assert checks_of(problems("es", "For 3 days", "Durante 4 días", check="numbers")) == ["numbers"]


@pytest.mark.parametrize(("msgstr", "flagged"), [("[ES] Hola.", True), ("(pt-BR) Olá.", True), ("[MT] Hola.", True),
                                                 ("(ONU) Hola.", False), ("(Sic) Hola.", False)],
                         ids=["es", "pt-BR", "mt", "acronym", "word"])
def test_language_labels_are_machine_marks_other_brackets_are_not(msgstr: str, flagged: bool) -> None:
    found = problems("es", "Hello.", msgstr, check="machine-marks")
    assert bool(found) is flagged


def test_check_command_without_any_catalog_says_to_extract(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", languages=("es",))
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exit_code == 1
    assert result.stderr == "Error: locales: no catalogs to check for es yet; run `stmtl10n extract` first\n"


def test_leftover_engine_pair_tags_are_machine_marks() -> None:
    found = problems("es", "Read *the call* now", "Lea <em i=\"2\">el llamamiento</em> ya", check="machine-marks")
    assert [p.message.split("”")[0] for p in found] == ["“<em i=\"2\">"]


def test_check_help_names_every_check() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    for name in CHECKS:
        assert name in result.stdout


def test_a_lost_autolink_is_reported_once_by_markup_not_by_numbers() -> None:
    found = problems("es", "Sign at <https://example.org/2024/sign>.", "Firma en la web.")
    assert checks_of(found) == ["markup"]


_INLINE = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
    st.sampled_from(["[the call](https://example.org/a?b=1)", "*now*", "**all**", "`code`", "<sup>2</sup>", "[^1]",
                     "25,000", "1947", "٢٠٢٤", "https://x.org/1", "#tag", "@handle", "*word", "<x i=\"1\"/>", "¿", "¡",
                     "  ", " : ", "(", ")", "«", "»", "\"", "...", "؟", "[ES] "]),
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_INLINE, min_size=1, max_size=8), lang=st.sampled_from(["es", "fr", "ar"]),
       markdown=st.booleans())
def test_a_translation_identical_to_the_source_keeps_every_markup_number_and_mark(
        parts: list[str], lang: str, markdown: bool) -> None:
    text = "".join(parts)
    # Not dates: a date copied unchanged keeps the source language's month names, which is wrong.
    # Not wrong-language: source-language prose copied unchanged is that error by design
    # (test_english_copied_into_a_spanish_catalog_is_a_wrong_language_error).
    comparison_checks = ["markup", "identifiers", "numbers", "names", "punctuation", "machine-marks", "length"]
    for name in comparison_checks:
        assert problems(lang, text, text, check=name, markdown=markdown) == [], name


def test_catalog_context_checks_one_entry_as_run_checks_does(project_dir: Path) -> None:
    from stmtl10n.catalog import read_catalog
    from stmtl10n.checks import catalog_context
    from stmtl10n.project import list_statements

    project = find_project(project_dir)
    [statement] = list_statements(project, ("call",))
    catalog = read_catalog(project.catalog_path("call", "es"))
    ctx = catalog_context(project, statement, "es", catalog)
    assert ctx.catalog_path == "locales/es/LC_MESSAGES/call.po" and ctx.is_markdown
    assert ctx.candidates == ("en", "es", "fr")
    found = check_entry(ctx, catalog.entries[1])
    assert sorted(checks_of(found)) == ["markup", "numbers"]


# --------------------------------------------------------------------------- severities

REPO = Path(__file__).resolve().parent.parent


def test_every_punctuation_problem_is_a_warning() -> None:
    # An official translation may end a clause differently: punctuation never blocks.
    cases = [("We demand justice.", "Exigimos justicia"), (" We (all) demand.", "Nosotros  (todos exigimos. "),
             ("He said \"no\".", "Dijo \"no."), ("Until when?", "Hasta cuándo."), ("Free Palestine!", "Palestina libre!")]
    found = [p for msgid, msgstr in cases for p in problems("es", msgid, msgstr, check="punctuation")]
    assert len(found) >= 7 and {p.severity for p in found} == {"warning"}


def test_markup_lost_or_changed_is_an_error_added_is_a_warning_but_for_links() -> None:
    def severities(msgid: str, msgstr: str) -> list[str]:
        return [p.severity for p in problems("es", msgid, msgstr, check="markup")]

    assert severities("Read **the call** now.", "Lee el llamamiento ya.") == ["error"]
    assert severities("Read the call now.", "Lee *el llamamiento* ya.") == ["warning"]
    assert severities("Read [the call](https://x.org).", "Lee [el llamamiento](https://y.org).") == ["error"]
    # A link the source does not have would take readers where its authors never pointed.
    assert severities("Read [the call](https://x.org).", "Lee [esto](https://x.org) y [eso](https://y.org).") == ["error"]
    assert severities("Run `stmtl10n check`.", "Ejecuta stmtl10n check.") == ["error"]
    assert severities("Run it.", "Ejecuta `stmtl10n`.") == ["warning"]
    assert severities("A note[^1].", "Una nota.") == ["error"]
    assert severities("A note.", "Una nota[^1].") == ["warning"]


def test_emphasis_marks_apart_from_their_words_are_named() -> None:
    # Apertium en>es>fr through the engine's Markdown protection, verbatim.
    found = problems("fr", "Read the statement of the **European Union** today.",
                     "Lu la déclaration de l'Union ** européenne** aujourd'hui.")
    assert [(p.check, p.severity) for p in found if p.check in ("markup", "machine-marks")] == [("markup", "error")]
    assert "in “** européenne**” a space stands between the marks and the words" in found[0].message
    closing = problems("fr", "Read the **European Union** today.", "Lisez **l'Union européenne ** aujourd'hui.",
                       check="markup")
    assert "in “européenne **”" in closing[0].message


# --------------------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("lang", "msgstr", "missing"),
    [
        # The engine's output (en>es, en>es>fr) for "See [fourth.international](#) now.", verbatim.
        ("es", "Ve [cuarto.Internacional](#) ahora.", ["domain name fourth.international"]),
        ("fr", "Il [voit cuarto.int*ernacional](#) maintenant.", ["domain name fourth.international"]),
    ],
    ids=["es", "fr"],
)
def test_a_domain_as_link_text_is_not_translated(lang: str, msgstr: str, missing: list[str]) -> None:
    found = problems(lang, "See [fourth.international](#) now.", msgstr, check="identifiers")
    assert [p.message.split("The ")[1].split(" is missing")[0] for p in found] == missing
    assert found[0].severity == "error"


SOCIAL = "Join #LiftTheSiege with @UN and write to info@bds.net or visit bdsmovement.net."


@pytest.mark.parametrize(
    "msgstr",
    [
        # `apertium eng-spa` and `apertium eng-spa | apertium es-fr` on SOCIAL, verbatim.
        "Une #*LiftTheSiege con @ONU y escribir a info@bds.net o visita bdsmovement.net.",
        "Il unit #**LiftTheSiege avec @ONU et écrire à info@bds.net ou visite bdsmovement.net.",
    ],
    ids=["es", "fr"],
)
def test_raw_apertium_changes_hashtags_and_handles(msgstr: str) -> None:
    found = problems("es", SOCIAL, msgstr, check="identifiers")
    assert messages(found) == [
        "The hashtag #LiftTheSiege is missing or changed in the translation; copy it exactly as in the source "
        "(a translated hashtag is another hashtag).",
        "The handle @UN is missing or changed in the translation; copy it exactly as in the source "
        "(a translated handle is another account).",
    ]


@pytest.mark.parametrize(
    ("lang", "msgstr"),
    [
        ("es", "Únete a #LiftTheSiege con @UN, escribe a info@bds.net o visita bdsmovement.net."),
        ("fr", "Rejoignez #LiftTheSiege avec @UN, écrivez à info@bds.net ou visitez bdsmovement.net\u202f!"),
        ("ar", "انضموا إلى #LiftTheSiege مع @UN واكتبوا إلى info@bds.net أو زوروا bdsmovement.net."),
        ("ar", "انضموا إلى الوسم#liftthesiege مع ‎@un‎ واكتبوا إلى info@bds.net أو زوروا https://bdsmovement.net."),
    ],
    ids=["es", "fr", "ar", "ar-glued-case-and-url"],
)
def test_identifiers_copied_as_they_are_pass(lang: str, msgstr: str) -> None:
    assert problems(lang, SOCIAL, msgstr, check="identifiers") == []


def test_what_only_looks_like_a_domain_is_none() -> None:
    msgid = "See e.g. U.S. policy, Mr.Smith, No.181 and 2.5% at https://x.org/#top, resistance.we said."
    assert problems("es", msgid, "Vea p. ej. la política de EE. UU., el Sr. Smith, n.º 181 y 2,5 % en "
                    "https://x.org/#top, dijimos.", check="identifiers") == []


def test_markup_owns_urls_and_identifiers_the_rest_so_one_fault_is_one_report() -> None:
    # A changed URL is markup's; its host is not an identifier of its own.
    found = problems("es", "Sign at https://bdsmovement.net/sign or [bdsmovement.net](https://bdsmovement.net).",
                     "Firma en https://bdsmovimiento.net/firma o [bdsmovement.net](https://bdsmovement.net).")
    assert [p.check for p in found if p.check in ("markup", "identifiers")] == ["markup"]
    # A changed link text that is a domain is identifiers'; the link target is the same.
    found = problems("es", "See [bdsmovement.net](https://bdsmovement.net).",
                     "Vea [bdsmovimiento.net](https://bdsmovement.net).")
    assert [p.check for p in found if p.check in ("markup", "identifiers")] == ["identifiers"]
    # An autolinked address is a link: markup speaks, once.
    found = problems("es", "Write to <info@bds.net>.", "Escribe a <info@bds.org>.")
    assert [p.check for p in found if p.check in ("markup", "identifiers")] == ["markup"]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr", "expected"),
    [
        # Apertium's own output (the engine, en>es and en>es>fr), verbatim.
        ("es", "3 March 2025", "3 Marcha 2025", "3 de marzo de 2025"),
        ("fr", "3 March 2025", "3 Il part 2025", "3 mars 2025"),
        ("fr", "3 March 2025", "3 Part 2025", "3 mars 2025"),
        ("es", "On Saturday 3 March 2025 we march.", "El sábado 3 Marcha 2025 nosotros marcha.", "3 de marzo de 2025"),
        ("fr", "On Saturday 3 March 2025 we march.", "Le samedi 3 Part 2025 nous il part.", "3 mars 2025"),
        ("es", "Join us on March 3, 2025.", "Únete a nosotros en March 3, 2025.", "3 de marzo de 2025"),
        # Changed by a person: another day, another year.
        ("es", "On 3 March 2025", "El 4 de marzo de 2025", "3 de marzo de 2025"),
        ("es", "On 3 March 2025", "El 3 de marzo de 2024", "3 de marzo de 2025"),
        ("ar", "On 29 November 1947", "في ٢٨ نوفمبر ١٩٤٧", "29 نوفمبر 1947"),
        ("es", "September 2024", "Septiembre de 2023", "septiembre de 2024"),
    ],
    ids=["es-marcha", "fr-il-part", "fr-part", "es-in-a-sentence", "fr-in-a-sentence", "es-left-in-english",
         "other-day", "other-year", "ar-other-day", "month-year"],
)
def test_a_missing_or_changed_date_is_an_error_with_the_expected_form(
        lang: str, msgid: str, msgstr: str, expected: str) -> None:
    [found] = problems(lang, msgid, msgstr, check="dates")
    assert found.severity == "error"
    assert " is missing or changed: expected " + expected + ";" in found.message


def test_the_date_message_names_the_source_date_and_babels_form() -> None:
    [found] = problems("es", "3 March 2025", "3 Marcha 2025", check="dates")
    assert found.message == ("The date 3 March 2025 is missing or changed: expected 3 de marzo de 2025; keep its day, "
                             "month and year, the month in Spanish.")


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr"),
    [
        ("es", "On 3 March 2025", "El 3 de marzo de 2025"),
        ("fr", "On 3 March 2025", "Le 3\u00a0mars\u00a02025"),
        ("fr", "On 1 March 2025", "Le 1er mars 2025"),
        ("es", "On 1 May 2025", "El primero de mayo de 2025"),
        ("ar", "On 3 March 2025", "في ٣ مارس ٢٠٢٥"),
        ("ar", "On 3 March 2025", "في 3 مارس 2025"),
        ("ar", "On 3 March 2025", "في ٣ آذار ٢٠٢٥"),  # Levantine month names (CLDR ar_SY, ar_LB)
        ("ar", "On 29 November 1947", "في ٢٩ تشرين الثاني/نوفمبر ١٩٤٧"),
        ("ar", "Until 3 March", "حتى ٣ مارس وما بعده"),
        ("ar", "On Saturday", "يوم السبت"),
        ("ar", "Every Friday", "كل جمعة"),
        ("es", "On the 29th of November", "El 29 de noviembre"),
        ("es", "from 7th October to 13th October", "del 7 al 13 de octubre"),
        ("fr", "from 7th October to 13th October", "du 7 au 13\u00a0octobre"),
        ("es", "On Saturdays we march.", "Los sábados marchamos."),
        ("fr", "The siege since October", "Le siège depuis octobre"),
        ("es", "The Great March of Return began in 2018.", "La Gran Marcha del Retorno empezó en 2018."),
        # Apertium's order is odd but the day, month and year are right: not misleading.
        ("es", "Resolution No. 181 of November 29, 1947", "Núm. de Resolución 181 de noviembre 29, 1947"),
        ("es", "On the 29th of November", "En el 29.º de noviembre"),
        ("fr", "On the 29th of November", "Dans le 29e novembre"),
        ("es", "from 7th October to 13th October", "De 7.º octubre a 13.º octubre"),
        ("es", "September 2024", "Septiembre 2024"),
        ("fr", "The march is on Saturday.", "Il la part il est le samedi."),
    ],
)
def test_a_date_written_the_target_way_passes(lang: str, msgid: str, msgstr: str) -> None:
    assert problems(lang, msgid, msgstr, check="dates") == []


def test_a_changed_weekday_is_an_error_a_changed_lone_month_a_warning() -> None:
    [weekday] = problems("es", "The march is on Saturday.", "La marcha es el domingo.", check="dates")
    assert (weekday.severity, weekday.message) == (
        "error", "The weekday Saturday is missing or changed: expected sábado; use its Spanish name.")
    [month] = problems("es", "The siege since October.", "El asedio desde septiembre.", check="dates")
    assert month.severity == "warning" and "The month October is missing or changed: expected octubre" in month.message
    # "March" is also a word: without another month in the translation nothing is said.
    assert problems("fr", "The March of Return.", "La Marche du retour.", check="dates") == []


def test_dates_are_read_with_the_source_languages_cldr_names() -> None:
    assert problems("en", "El 3 de marzo de 2025 protestamos.", "On 3 March 2025 we protest.", check="dates",
                    source_lang="es") == []
    [found] = problems("en", "El 3 de marzo de 2025 protestamos.", "On 3 Marcha 2025 we protest.", check="dates",
                       source_lang="es")
    assert "The date 3 de marzo de 2025 is missing or changed: expected March 3, 2025" in found.message


def test_the_dates_checked_are_the_ones_machine_translation_protects() -> None:
    # One reader of source dates (stmtl10n.dates.find_dates): a weekday written with its date is one date,
    # reported once with CLDR's full form, and checked for its weekday too.
    assert problems("es", "Saturday, 12 October 2024", "Sábado, 12 de octubre de 2024", check="dates") == []
    [found] = problems("es", "Saturday, 12 October 2024", "Domingo, 12 de octubre de 2024", check="dates")
    assert found.message == ("The date Saturday, 12 October 2024 is missing or changed: expected sábado, 12 de octubre "
                             "de 2024; keep its weekday, day, month and year, the month in Spanish.")
    [found] = problems("es", "Saturday, 12 October 2024", "Sábado, 13 de octubre de 2024", check="dates")
    assert found.severity == "error"
    # Precision first: a capitalised month alone is a date only after a preposition, so "May" and "March" as words,
    # and a lone abbreviation ("sept" is French for seven), are never read as months.
    assert problems("es", "May we march in October?", "¿Podemos marchar en septiembre?", check="dates")[0].message \
        .startswith("The month October is missing")
    assert len(problems("es", "May we march in October?", "¿Podemos marchar en septiembre?", check="dates")) == 1
    assert problems("es", "The March of Return in 2018", "La Marcha del Retorno en septiembre de 2018",
                    check="dates") == []
    assert problems("en", "le 1er mai, sept ans", "on 1 May, seven years", check="dates", source_lang="fr") == []
    # "October 7–13" is a range: left as it is, as machine translation leaves it.
    assert problems("es", "October 7–13", "Del 8 al 13 de septiembre", check="dates") == []


def test_the_expected_date_is_written_in_the_projects_digits(tmp_path: Path) -> None:
    root = make_project(tmp_path, languages=("ar",), extra_config='[digits]\nar = "arab"\n',
                        statements={"call.md": "# Call\n\nOn 3 March 2025.\n"})
    write_po(root, "call", "ar", [entry("On 3 March 2025.", "في ٤ مارس ٢٠٢٥.")])
    found = [p for p in run_checks(find_project(root)) if p.check == "dates"]
    assert [p.message.split(";")[0] for p in found] == ["The date 3 March 2025 is missing or changed: expected ٣ مارس ٢٠٢٥"]
    # Without a [digits] setting: CLDR's default for the language.
    [found] = problems("ar", "On 3 March 2025.", "في ٤ مارس ٢٠٢٥.", check="dates")
    assert "expected 3 مارس 2025;" in found.message


def test_names_and_foreign_segments_have_no_dates_to_check() -> None:
    assert problems("es", "Comité 3 March, Spain", "Comité 3 March, España", check="dates", flags=["signatory"]) == []


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr", "expected"),
    [
        # `apertium eng-spa` (| `apertium es-fr`) on signatory lines, verbatim: the names are translated.
        ("es", "Palestinian Youth Movement, United States", "Movimiento de Juventud palestina, Estados Unidos",
         ["The name and organization “Palestinian Youth Movement” are changed"]),
        ("fr", "Bread and Freedom Party (under establishment), Egypt",
         "Pain et Fête de Liberté (en dessous établissement), l'Égypte",
         ["The name and organization “Bread and Freedom Party (under establishment)” are changed"]),
        ("fr", "Abahlali baseMjondolo (AbM), South Africa", "**Abahlali **baseMjondolo (**AbM), l'Afrique du Sud",
         ["The name and organization “Abahlali baseMjondolo (AbM)” are changed"]),
        # The country left in English, or another country.
        ("ar", "Palestinian Youth Movement, United States", "Palestinian Youth Movement, United States",
         ["The country United States is written “United States” in the translation; in Arabic it is "
          "“الولايات المتحدة”"]),
        ("es", "BDS Chile, Chile", "BDS Chile, Perú", ["The country Chile is written “Perú”"]),
        ("fr", "ATE Capital, Argentina", "ATE Capital", ["The country Argentina is missing from the translation; "
                                                         "end the line with “, Argentine”"]),
    ],
    ids=["es-apertium", "fr-apertium", "fr-apertium-marks", "ar-english-country", "es-other-country",
         "fr-no-country"],
)
def test_signatory_names_and_countries(lang: str, msgid: str, msgstr: str, expected: list[str]) -> None:
    found = problems(lang, msgid, msgstr, check="names", flags=["signatory"])
    assert len(found) == len(expected) and all(p.severity == "error" for p in found)
    for problem, start in zip(found, expected, strict=True):
        assert problem.message.startswith(start), problem.message


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr"),
    [
        ("es", "Abahlali baseMjondolo (AbM), South Africa", "Abahlali baseMjondolo (AbM), Sudáfrica"),
        ("fr", "Bread and Freedom Party (under establishment), Egypt",
         "Bread and Freedom Party (under establishment), l'Égypte"),
        ("ar", "Palestinian Youth Movement, United States", "Palestinian Youth Movement، الولايات المتحدة"),
        ("es", "Masar Badil, Palestine", "Masar Badil, Palestina"),
        ("es", "Masar Badil, State of Palestine", "Masar Badil, Estado de Palestina"),
        ("fr", "Responsable de CIG, Galiza, Spain", "Responsable de CIG, Galiza, Espagne"),
        ("es", "Comité de Solidaridad, Galiza", "Comité de Solidaridad, Galicia"),  # no CLDR country: not judged
        ("es", "Coordinación Política y Social Marcha Patriótica, Colombia",
         "Coordinación Política y Social Marcha Patriótica, Colombia"),
    ],
)
def test_signatory_lines_with_the_cldr_country_pass(lang: str, msgid: str, msgstr: str) -> None:
    assert problems(lang, msgid, msgstr, check="names", flags=["signatory"]) == []


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr", "expected"),
    [
        # Issue 11: every name and organization is copied, wherever it stands; roles are translated.
        ("es", "Tilda Swinton — actor", "Tilde Swinton — actriz", ["The name and organization “Tilda Swinton” are"]),
        ("es", "Jane Doe (Birzeit University, Palestine)", "Jane Doe (Universidad de Birzeit, Palestina)",
         ["The name and organization “Birzeit University” are changed"]),
        ("es", "John Smith, Associate Professor, Department of History, University of Chicago",
         "John Smith, profesor asociado, Departamento de Historia, Universidad de Chicago",
         ["The name and organization “Department of History”, “University of Chicago” are changed"]),
        ("es", "Jane Doe (Birzeit University, Palestine)", "Jane Doe (Birzeit University, Israel)",
         ["The country Palestine is written “Israel” in the translation; in Spanish it is “Palestina”"]),
        ("fr", "Lai Ching, HKCTU, Hong Kong", "Lai Ching, HKCTU",
         ["The country Hong Kong is missing from the translation; end the line with “, Hong Kong”"]),
    ],
    ids=["dash-role", "brackets-organization", "title-department-university", "brackets-country",
         "short-country-missing"],
)
def test_signatory_parts_are_checked_where_they_stand(lang: str, msgid: str, msgstr: str, expected: list[str]) -> None:
    found = problems(lang, msgid, msgstr, check="names", flags=["signatory"])
    assert [p.message[:len(start)] for p, start in zip(found, expected, strict=False)] == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr"),
    [
        ("es", "Tilda Swinton — actor", "Tilda Swinton — actriz"),
        ("fr", "Marie Dupont, députée européenne ;", "Marie Dupont, MEP ;"),
        ("es", "John Smith, Associate Professor, Department of History, University of Chicago",
         "John Smith, profesor asociado, Department of History, University of Chicago"),
        ("es", "Jane Doe (Birzeit University, Palestine)", "Jane Doe (Birzeit University, Palestina)"),
        ("fr", "Lai Ching, HKCTU, Hong Kong", "Lai Ching, HKCTU, Hong Kong"),  # CLDR's short name
        ("fr", "Lai Ching, HKCTU, Hong Kong", "Lai Ching, HKCTU, R.A.S. chinoise de Hong Kong"),  # and the long one
        ("ar", "أحمد أبو مطر      ناقد أكاديمي", "أحمد أبو مطر      ناقد أكاديمي"),
    ],
    ids=["dash-role", "nom-fonction", "title-department-university", "brackets-country", "short-country",
         "long-country", "arabic-columns"],
)
def test_translated_roles_and_copied_names_pass(lang: str, msgid: str, msgstr: str) -> None:
    assert problems(lang, msgid, msgstr, check="names", flags=["signatory"]) == []


def test_untranslated_glossary_terms_stay_as_they_are() -> None:
    msgid = "The letter of the Masar Badil (Palestinian Alternative Revolutionary Path)."
    # `apertium eng-spa | apertium es-fr`, verbatim: marks glued to the name.
    found = problems("fr", msgid, "La lettre du **Masar **Badil (Route Révolutionnaire Alternative palestinienne).",
                     check="names", kept_terms=["Masar Badil", "Nakba"])
    assert [(p.severity, p.message) for p in found] == [
        ("error", "The glossary keeps “Masar Badil” untranslated in French; write “Masar Badil” as in the source.")]
    assert problems("es", msgid, "La carta de Masar Badil (Camino Revolucionario Alternativo Palestino).",
                    check="names", kept_terms=["Masar Badil"]) == []
    # Only whole words of the source: "Nakba" is not in "Nakbas".
    assert problems("es", "The Nakbas", "Las catástrofes", check="names", kept_terms=["Nakba"]) == []


def test_glossary_terms_kept_come_from_the_project_glossary(tmp_path: Path) -> None:
    from stmtl10n.checks import kept_glossary_terms

    root = make_project(tmp_path / "p", extra_config='[deepl]\nglossary = "glossary.csv"\n')
    project = find_project(root)
    assert kept_glossary_terms(project, "es") == ()  # no file yet: nothing, no error
    (root / "glossary.csv").write_text("en,es,fr,ar\napartheid,apartheid,apartheid,الفصل العنصري\n"
                                       "Nakba,Nakba,Nakba,النكبة\nstatement,declaración,,\n", encoding="utf-8")
    project = find_project(root)
    assert kept_glossary_terms(project, "es") == ("apartheid", "Nakba")
    assert kept_glossary_terms(project, "ar") == ()
    write_po(root, "call", "es", [entry("Text.", "Texto."), entry("Call", "Llamamiento"),
                                  entry("Stop the Nakba.", "Detened la Catástrofe.")])
    assert [(p.check, p.msgid) for p in run_checks(project)] == [("names", "Stop the Nakba.")]


# --------------------------------------------------------------------------- machine marks inside words


@pytest.mark.parametrize(
    ("msgid", "msgstr", "reported"),
    [
        # Apertium output, verbatim (the engine en>es>fr; raw `apertium eng-spa`, `| apertium es-fr`).
        ("See [fourth.international](#) now.", "Il [voit cuarto.int*ernacional](#) maintenant.",
         ["“cuarto.int*ernacional”"]),
        (SOCIAL, "Une #*LiftTheSiege con @ONU y escribir a info@bds.net o visita bdsmovement.net.",
         ["“#*LiftTheSiege”"]),
        (SOCIAL, "Il unit #**LiftTheSiege avec @ONU et écrire à info@bds.net ou visite bdsmovement.net.",
         ["“#**LiftTheSiege”"]),
        ("The Al-Aqsa Flood shattered many established understandings.",
         "El Al-*Aqsa la inundación destrozó muchos establecieron comprensiones.", ["“Al-*Aqsa”"]),
    ],
    ids=["inside-a-domain", "after-a-hashtag", "doubled", "inside-a-name"],
)
def test_apertium_marks_inside_words(msgid: str, msgstr: str, reported: list[str]) -> None:
    found = problems("es", msgid, msgstr, check="machine-marks")
    assert [p.message.split(" looks")[0] for p in found] == reported
    assert all(p.severity == "error" for p in found)


def test_hashtags_handles_and_addresses_are_no_marks() -> None:
    assert problems("es", SOCIAL, "Únete a #LiftTheSiege con @UN, escribe a info@bds.net o visita bdsmovement.net.",
                    check="machine-marks") == []
    assert problems("ar", "Follow @samidoun@mastodon.social and #LiftTheSiege",
                    "تابعوا @samidoun@mastodon.social والوسم#LiftTheSiege", check="machine-marks") == []
    assert problems("es", "See https://x.org/a#b and write to a@b.org", "Vea https://x.org/a#b y escriba a a@b.org",
                    check="machine-marks") == []


# --------------------------------------------------------------------------- the project's own catalogs


def test_the_repositorys_apertium_drafts_have_no_false_date_identifier_or_name_errors() -> None:
    # The catalogs in locales/ are real Apertium drafts (and CLDR-localized signatory lines) of the
    # statements: where their dates, hashtags, names and countries are right, nothing is reported.
    from stmtl10n.catalog import read_catalog
    from stmtl10n.checks import catalog_context
    from stmtl10n.project import list_statements

    project = find_project(REPO)
    new_checks = {name: CHECKS[name] for name in ("dates", "identifiers", "names")}
    checked = dated = signed = 0
    found = []
    for statement in list_statements(project):
        for lang in project.settings.languages:
            path = project.catalog_path(statement.slug, lang)
            if not path.exists():
                continue
            catalog = read_catalog(path)
            ctx = catalog_context(project, statement, lang, catalog)
            for item in catalog.active():
                if not item.msgstr:
                    continue
                checked += 1
                dated += any(month in item.msgid for month in ("October", "November", "September"))
                signed += "signatory" in item.flags
                found += check_entry(ctx, item, new_checks)
    assert [(p.statement, p.lang, p.check, p.message) for p in found if p.severity == "error"] == []
    # The one warning is a real flaw of Apertium's French: "Zionist State" half translated.
    assert [p.message.split(";")[0] for p in found] == [
        "The name “Zionist State” is written “Zionist État” in the translation"]
    assert checked > 300 and dated >= 15 and signed >= 250  # the checks had something to look at


def test_docs_describe_every_check_with_its_flag_and_the_readme_links_them() -> None:
    docs = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for name in CHECKS:
        assert f"### `{name}` (flag `no-check-{name}`)" in docs, name
        assert f"| `{name}` |" in docs, name  # its row in the severity table
    for field in ("statement", "lang", "catalog", "reference", "msgid", "msgctxt", "check", "severity", "message"):
        assert f"| `{field}` |" in docs, field
    assert "(docs/checks.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_machine_mark_after_an_apostrophe_is_found() -> None:
    # Apertium's French, through Spanish, marks a word it does not know right after the elision.
    found = problems("fr", "the right to associate", "le droit d’@association", check="machine-marks")
    assert checks_of(found) == ["machine-marks"] and found[0].severity == "error"


@pytest.mark.parametrize(
    ("msgid", "msgstr", "flagged"),
    [
        ("Read the letter to Antonio Guterres now.", "Lee la carta a Antonio Gutiérrez ya.", True),
        ("Read the letter to Antonio Guterres now.", "Lee la carta a Antonio Guterres ya.", False),
        ("The Israel Palestine conflict.", "El conflicto Israel Palestina.", False),  # a translated cognate
        ("Stop the Gaza Genocide.", "Detengan el Gaza Genocidio.", False),
        ("The United Nations and South Africa.", "Las Naciones Unidas y Sudáfrica.", False),
        ("The Gaza Strip is besieged.", "La Franja de Gaza está sitiada.", False),
    ],
    ids=["respelled", "kept", "cognate", "cognate-noun", "translated-names", "reordered"],
)
def test_a_respelled_name_in_prose_is_a_warning(msgid: str, msgstr: str, flagged: bool) -> None:
    found = problems("es", msgid, msgstr, check="names")
    assert bool(found) is flagged
    assert all(p.severity == "warning" for p in found)  # languages transliterate some names their own way


def test_english_copied_into_a_spanish_catalog_is_a_wrong_language_error() -> None:
    text = "Sign the call and share it with your union, your school and your neighbours today."
    found = problems("es", text, text)
    assert ("wrong-language", "error") in [(p.check, p.severity) for p in found]
    assert problems("es", "Hind Rajab", "Hind Rajab", check="wrong-language") == []  # a name stays


# --------------------------------------------------------------------------- kept results, lazy registry


def test_publishing_errors_from_the_record_are_those_found_by_checking(project_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    import stmtl10n.checks as checks_module
    from stmtl10n.catalog import read_catalog
    from stmtl10n.checks import publishing_errors
    from stmtl10n.project import list_statements

    project = find_project(project_dir)
    statement = next(s for s in list_statements(project) if s.slug == "call")
    path = project.catalog_path("call", "es")
    checked = publishing_errors(project, statement, "es", read_catalog(path), include_fuzzy=False)
    assert [p.check for found in checked.values() for p in found] == ["markup", "numbers"]
    run_checks(project)
    calls: list[object] = []
    original = checks_module.check_entry
    monkeypatch.setattr(checks_module, "check_entry", lambda *a, **k: calls.append(a) or original(*a, **k))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert publishing_errors(project, statement, "es", read_catalog(path), include_fuzzy=False, digest=digest) == checked
    assert calls == []
    # A digest that is not the file's finds no record, and checks.
    assert publishing_errors(project, statement, "es", read_catalog(path), include_fuzzy=False,
                             digest="0" * 64) == checked
    assert calls


def test_the_registry_loads_a_check_only_when_it_is_looked_up() -> None:
    import subprocess
    import sys

    code = ("import sys, stmtl10n.checks as c; before = sorted(m for m in sys.modules if m.startswith('stmtl10n.checks.'));"
            " c.CHECKS['dates']; print(before, 'langdetect' in sys.modules, 'stmtl10n.checks.dates' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['stmtl10n.checks.base', 'stmtl10n.checks.consistency', 'stmtl10n.checks.records'] False True"


def test_a_tag_lost_in_a_document_statement_is_an_error() -> None:
    # Word and OpenDocument statements write bold, links and footnotes as tags in the msgid; HTML keeps its own.
    source = "Sign <b>the call</b> on <a1>our page</a1>.<x1/>"
    kept = "Firma <b>el llamamiento</b> en <a1>nuestra página</a1>.<x1/>"
    assert problems("es", source, kept, check="markup", markdown=False) == []
    lost = problems("es", source, "Firma el llamamiento en nuestra página.", check="markup", markdown=False)
    assert len(lost) == 5 and all(p.severity == "error" and "HTML tag" in p.message for p in lost)


def test_a_translation_too_long_to_be_one_is_one_error_and_not_checked_further() -> None:
    # A megabyte of brackets would cost the other checks a minute of CPU; it is refused at once.
    source = "Read [the call](https://example.org) now."
    found = problems("es", source, "[" * 1_000_000)
    assert [(p.check, p.severity) for p in found] == [("length", "error")]
    assert "1,000,000 characters, more than 10 times its source" in found[0].message
    assert problems("es", source, "Lee [el llamamiento](https://example.org) ya.", check="length") == []
