"""Aligning existing translations with their statements and importing them into catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange_support import blocks, join_blocks, make_project, parallel
from stmtl10n.catalog import EntryState, write_catalog
from stmtl10n.formats import format_for
from stmtl10n.import_translation import ALIGN_NOTE_PREFIX, align_segments, split_translation
from stmtl10n.model import Segment

EN = "faq-contributing.en.md"
FR = "faq-contributing.fr.md"
# A statement of this repository, and a Spanish translation of it written for these tests (see SOURCE.md there).
CAMPAIGN = Path(__file__).resolve().parent.parent / "statements" / "campaign-call-2024.txt"
CAMPAIGN_ES = "campaign-call-2024.es.txt"


def _align(source_text: str, target_text: str, *, lang: str = "", name: str = "a.md"):
    source = format_for(name).extract(source_text, path=name)
    target = format_for(name).extract(target_text, path=name)
    return align_segments(source, target, source_lang="en" if lang else "", lang=lang)


# What the published translations changed, as `stmtl10n check` reports it too: those pairs are imported as fuzzy.
_CHANGED_BY_THE_TRANSLATOR = {
    "faq-contributing.fr.md": {13: "number 501 not in the translation"},  # "an IRS 501(c)(3) non-profit" left out
    "reference-preface.es.md": {
        13: "links differ: https://www.debian.org in the statement, www.debian.org in the translation",
        33: "links differ: http://bugs.debian.org/package\\_name in the statement, "
            "https://bugs.debian.org/nombre\\_del\\_paquete in the translation",
        38: "links differ: http://tldp.org/ in the statement, http://tldp.org in the translation",
    },
    "reference-preface.fr.md": {
        13: "link https://www.debian.org not in the translation",
        33: "links differ: http://bugs.debian.org/package\\_name in the statement, "
            "http://bugs.debian.org/nom\\_paquet in the translation",
        36: "links differ: https://www.wikipedia.org/ in the statement, http://www.wikipedia.org/ in the translation",
    },
    # The translator's note "(N. del t.: …)".
    "maint-guide-start.es.md": {26: "395 characters for 64: the usual length from English to Spanish is 25 to 238"},
    "maint-guide-start.fr.md": {7: "link http://www.debian.org/doc/maint-guide/index.en.html not in the statement"},
}


@pytest.mark.parametrize(
    ("english", "translated"),
    [
        ("faq-basic-defs.en.md", "faq-basic-defs.fr.md"),
        ("faq-contributing.en.md", "faq-contributing.fr.md"),
        ("reference-preface.en.md", "reference-preface.es.md"),
        ("reference-preface.en.md", "reference-preface.fr.md"),
        ("maint-guide-start.en.md", "maint-guide-start.es.md"),
        ("maint-guide-start.en.md", "maint-guide-start.fr.md"),
    ],
    ids=lambda name: name,
)
def test_real_translations_with_the_same_structure_align_block_for_block(english: str, translated: str) -> None:
    alignment = _align(parallel(english), parallel(translated), lang=translated.split(".")[1])
    assert alignment.method == "structure"
    assert [(p.source, p.target) for p in alignment.pairs] == [((i,), (i,)) for i in range(len(alignment.pairs))]
    # Sure, but for the pairs whose numbers, links or lengths the translator changed.
    unsure = {p.source[0]: p.reason for p in alignment.pairs if p.is_unsure}
    assert unsure == _CHANGED_BY_THE_TRANSLATOR.get(translated, {})


def _campaign_blocks() -> tuple[list[str], list[str]]:
    return blocks(CAMPAIGN.read_text(encoding="utf-8")), blocks(parallel(CAMPAIGN_ES))


def _merged_and_split(spanish: list[str]) -> tuple[list[str], list[set[int]]]:
    """Paragraphs #3 and #4 merged, #6 split: 21 blocks, as in the statement; and where each block's text went."""
    cut = spanish[5].index(". ", len(spanish[5]) // 2) + 1
    variant = [*spanish[:2], spanish[2] + " " + spanish[3], spanish[4], spanish[5][:cut], spanish[5][cut:].strip(),
               *spanish[6:]]
    truth = [{0}, {1}, {2}, {2}, {3}, {4, 5}, *({j} for j in range(6, 21))]
    return variant, truth


def test_a_correct_translation_of_a_statement_aligns_block_for_block_and_sure() -> None:
    english, spanish = _campaign_blocks()
    alignment = _align(join_blocks(english), join_blocks(spanish), lang="es", name="a.txt")
    assert alignment.method == "structure"
    assert [(p.source, p.target) for p in alignment.pairs] == [((i,), (i,)) for i in range(21)]
    assert not any(p.is_unsure for p in alignment.pairs)


def test_equal_counts_from_a_merge_and_a_split_fall_back_to_the_length_based_alignment() -> None:
    english, spanish = _campaign_blocks()
    variant, truth = _merged_and_split(spanish)
    assert len(variant) == len(english) == 21
    alignment = _align(join_blocks(english), join_blocks(variant), lang="es", name="a.txt")
    assert alignment.method == "length"
    shapes = {pair.source: pair.target for pair in alignment.pairs}
    assert shapes[(2, 3)] == (2,) and shapes[(4,)] == (3,) and shapes[(5,)] == (4, 5)
    sure = [pair for pair in alignment.pairs if not pair.is_unsure]
    assert sure and all(set(pair.target) == truth[i] for pair in sure for i in pair.source)
    assert all(pair.reason for pair in alignment.pairs if pair.is_unsure)


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("Free all 700 prisoners now.", "Liberad ya a los 800 presos.",
         "numbers differ: 700 in the statement, 800 in the translation"),
        ("Free all 700 prisoners now.", "Liberad ya a todos los presos.", "number 700 not in the translation"),
        ("Free all prisoners now.", "Liberad ya a los 1.948 presos.", "number 1.948 not in the statement"),
        ("Free all 3 prisoners now.", "Liberad ya a los 4 presos.",
         "numbers differ: 3 in the statement, 4 in the translation"),
        ("Sign at https://bdsmovement.net/sign today.", "Firma hoy en https://bdsmovement.net/firma.",
         "links differ: https://bdsmovement.net/sign in the statement, https://bdsmovement.net/firma in the translation"),
        ("Write to info@bds.net today.", "Escribid hoy a info@bds.org.",
         "links differ: info@bds.net in the statement, info@bds.org in the translation"),
        ("Write to us today, friends.", "Escribid hoy a info@bds.net.", "link info@bds.net not in the statement"),
        ("Then Biden met Netanyahu in Washington.", "Puis Macron rencontra Scholz à Berlin.",
         "names differ: Biden, Netanyahu, Washington in the statement, Berlin, Macron, Scholz in the translation"),
        ("Free Palestine!", "¡Palestina libre! " * 12,
         "215 characters for 15: the usual length from English to Spanish is 4 to 85"),
    ],
    ids=["changed-number", "dropped-number", "added-number", "changed-small-number", "changed-url",
         "changed-address", "added-address", "other-names", "length-outlier"],
)
def test_a_pair_whose_anchors_or_length_disagree_is_unsure_and_says_why(source: str, target: str, reason: str) -> None:
    statement = f"# Our call\n\n{source}\n\nLong live the struggle of the Palestinian people!\n"
    translation = f"# Nuestro llamamiento\n\n{target}\n\n¡Viva la lucha del pueblo palestino!\n"
    alignment = _align(statement, translation, lang="es")
    assert [(p.source, p.target, p.is_unsure, p.reason) for p in alignment.pairs] == [
        ((0,), (0,), False, ""), ((1,), (1,), True, reason), ((2,), (2,), False, "")]


def test_what_a_translation_may_change_is_no_disagreement() -> None:
    # A small number spelled out, numbers grouped as the language groups them, the same names.
    statement = "# Our call\n\nFree all 3 prisoners of Gaza, and the 25,000 held since 1948.\n"
    translation = "# Notre appel\n\nLibérez les trois prisonniers de Gaza, et les 25 000 détenus depuis 1948.\n"
    alignment = _align(statement, translation, lang="fr")
    assert alignment.method == "structure"
    assert not any(p.is_unsure for p in alignment.pairs)


def test_list_numbers_that_differ_make_a_pair_unsure() -> None:
    statement = "# Demands\n\n1. Stop the contract now.\n\n2. Free all the prisoners today.\n"
    translation = "# Demandas\n\n1. Parad el contrato ya.\n\n3. Liberad hoy a todos los presos.\n"
    pair = _align(statement, translation, lang="es").pairs[2]
    assert (pair.source, pair.target, pair.is_unsure) == ((2,), (2,), True)
    assert pair.reason == "list numbers differ: 2. in the statement, 3. in the translation"


def test_merged_paragraphs_align_two_to_one() -> None:
    parts = blocks(parallel(FR))
    # Blocks 3 and 4 (0-based) are the two paragraphs after the first question.
    merged = [*parts[:3], parts[3] + " " + parts[4], *parts[5:]]
    alignment = _align(parallel(EN), join_blocks(merged))
    assert alignment.method == "length"
    shapes = {pair.source: (pair.target, pair.shape) for pair in alignment.pairs}
    assert shapes[(3, 4)] == ((3,), "2-1")
    assert shapes[(5,)] == ((4,), "1-1")
    assert all(pair.shape == "1-1" for pair in alignment.pairs if pair.source != (3, 4))


def test_split_paragraph_aligns_one_to_two() -> None:
    parts = blocks(parallel(FR))
    first, second = parts[3].split(". ", 1)
    split = [*parts[:3], first + ".", second, *parts[4:]]
    alignment = _align(parallel(EN), join_blocks(split))
    pair = next(p for p in alignment.pairs if p.source == (3,))
    assert pair.target == (3, 4)
    assert pair.is_unsure


def test_dropped_paragraph_is_left_unmatched() -> None:
    parts = blocks(parallel(FR))
    alignment = _align(parallel(EN), join_blocks(parts[:6] + parts[7:]))
    assert alignment.unmatched_source == [6]
    assert alignment.unmatched_target == []


def test_numbers_anchor_the_alignment_of_short_list_items() -> None:
    # Same lengths everywhere: only the numbers say that the translator dropped item 2.
    source = "# Demands\n\n1. Stop the 2023 contract.\n\n2. Free all 700 prisoners.\n\n3. End the 17-year siege.\n"
    target = "# Demandas\n\n1. Parar el contrato de 2023.\n\n3. Fin del asedio de 17 años.\n"
    alignment = _align(source, target)
    assert [(p.source, p.target) for p in alignment.pairs] == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_urls_and_addresses_anchor_as_patterns_finds_them() -> None:
    from stmtl10n.import_translation import _anchors

    strong, _ = _anchors("Write to info@bds.net (see www.bds.net/faq).")
    assert strong == {"@info@bds.net", "@www.bds.net/faq"}
    # The sentence's punctuation is not the URL's: the translation's "¡Visite www.bds.net/faq!" anchors the same.
    assert _anchors("¡Visite www.bds.net/faq! Escriba a info@bds.net.")[0] == strong


def test_split_translation_cuts_at_the_sentence_end_nearest_the_source_share() -> None:
    text = "Primera frase corta. Segunda frase, que es bastante más larga que la primera. Tercera."
    assert split_translation(text, [20, 60]) == [
        "Primera frase corta.", "Segunda frase, que es bastante más larga que la primera. Tercera."
    ]
    assert split_translation("Una sola frase sin final", [10, 10]) is None


# --- the align command --------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path):
    made = make_project(tmp_path, {"contributing.md": parallel(EN)}, languages=("es", "fr"))
    (made.root / "old").mkdir()
    return made


def _write_translation(project, name: str, text: str) -> Path:
    path = project.root / "old" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_align_imports_a_same_structure_translation_as_reviewed(project, gettext_tools) -> None:
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "contributing", str(path), "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # All but the paragraph where the French translator left out "an IRS 501(c)(3)".
    assert result.stdout == (
        "wrote locales/fr/LC_MESSAGES/contributing.po: 18 imported, 1 fuzzy for review; "
        "aligned same structure, 0 unmatched\n"
    )
    catalog = project.catalog("contributing", "fr")
    french = blocks(parallel(FR))
    entries = list(catalog.active())
    assert [entry.is_fuzzy for entry in entries] == [False] * 13 + [True] + [False] * 5
    assert ALIGN_NOTE_PREFIX + "number 501 not in the translation" in entries[13].translator_comments
    assert all(entry.provenance == "aligned from old/contributing.fr.md" for entry in entries)
    by_msgid = {entry.msgid: entry.msgstr for entry in entries}
    assert by_msgid["13.1. How can I become a Debian member/Debian developer?"] == french[2].lstrip("# ")
    gettext_tools.check(project.catalog_path("contributing", "fr"))
    assert gettext_tools.msgcat(project.catalog_path("contributing", "fr")) == \
        project.catalog_path("contributing", "fr").read_text(encoding="utf-8")


def test_align_imports_merged_paragraphs_as_fuzzy_with_a_note(project, gettext_tools) -> None:
    parts = blocks(parallel(FR))
    merged = [*parts[:3], parts[3] + " " + parts[4], *parts[5:]]
    path = _write_translation(project, "merged.fr.md", join_blocks(merged))
    result = project.run("align", "contributing", str(path), "--lang", "fr", "--report")
    assert result.exit_code == 0, result.output
    assert "2-1 " in result.stdout and "#4+#5 ↔ #4: imported as fuzzy" in result.stdout
    english = blocks(parallel(EN))
    entries = {entry.msgid: entry for entry in project.catalog("contributing", "fr").active()}
    first, second = entries[english[3]], entries[english[4]]
    assert first.is_fuzzy and second.is_fuzzy
    # The merged paragraph was cut at a sentence end: the two halves are the whole of it.
    assert first.msgstr + " " + second.msgstr == parts[3] + " " + parts[4]
    assert any(c.startswith(ALIGN_NOTE_PREFIX + "the translation merged") for c in first.translator_comments)
    # Far from the merge, pairs are sure.
    assert entries[english[-1]].state is EntryState.REVIEWED
    gettext_tools.check(project.catalog_path("contributing", "fr"))


def _campaign_project(tmp_path: Path):
    return make_project(tmp_path, {"campaign-call-2024.txt": CAMPAIGN.read_text(encoding="utf-8")}, languages=("es",))


def test_align_imports_a_correct_translation_of_a_statement_as_reviewed(tmp_path: Path, gettext_tools) -> None:
    made = _campaign_project(tmp_path)
    path = tmp_path / "llamamiento.es.txt"
    path.write_text(parallel(CAMPAIGN_ES), encoding="utf-8")
    result = made.run("align", "campaign-call-2024", str(path), "--lang", "es")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("wrote locales/es/LC_MESSAGES/campaign-call-2024.po: 21 imported, 0 fuzzy for review; "
                             "aligned same structure, 0 unmatched\n")
    entries = list(made.catalog("campaign-call-2024", "es").active())
    assert [entry.msgstr for entry in entries] == blocks(parallel(CAMPAIGN_ES))
    assert all(entry.state is EntryState.REVIEWED for entry in entries)
    gettext_tools.check(made.catalog_path("campaign-call-2024", "es"))


def test_align_imports_no_wrong_pair_when_a_merge_and_a_split_keep_the_block_count(tmp_path: Path) -> None:
    # The issue's case: same count, so the structure rule paired #4 of the statement with #5 of the translation…
    made = _campaign_project(tmp_path)
    spanish = blocks(parallel(CAMPAIGN_ES))
    variant, _ = _merged_and_split(spanish)
    path = tmp_path / "llamamiento.es.txt"
    path.write_text(join_blocks(variant), encoding="utf-8")
    result = made.run("align", "campaign-call-2024", str(path), "--lang", "es", "--report")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("15 imported, 6 fuzzy for review; aligned by length and anchors, 0 unmatched\n")
    for line in ("#2 ↔ #2: imported as fuzzy (next to a merged, split or missing paragraph)",
                 "#3+#4 ↔ #3: imported as fuzzy (the translation merged these two paragraphs)",
                 "#5 ↔ #4: imported as fuzzy (next to a merged, split or missing paragraph)",
                 "#6 ↔ #5+#6: imported as fuzzy (the translation split this paragraph in two)",
                 "#7 ↔ #7: imported as fuzzy (next to a merged, split or missing paragraph)",
                 "#8 ↔ #8: imported\n"):
        assert line in result.stdout
    entries = list(made.catalog("campaign-call-2024", "es").active())
    reviewed = [i for i, entry in enumerate(entries) if entry.state is EntryState.REVIEWED]
    assert reviewed == [0, *range(7, 21)]
    # …and imported 4 wrong pairs as translated; now every reviewed entry has its own translation.
    assert all(entries[i].msgstr == spanish[i] for i in reviewed)
    assert entries[5].msgstr == spanish[5]  # the split paragraph, whole again (fuzzy)


def test_align_imports_a_pair_with_a_changed_number_as_fuzzy_and_reports_why(tmp_path: Path) -> None:
    made = _campaign_project(tmp_path)
    spanish = blocks(parallel(CAMPAIGN_ES))
    assert "el 12 y el 13 de octubre" in spanish[1]
    changed = [spanish[0], spanish[1].replace("el 12 y el 13 de octubre", "el 12 y el 14 de octubre"), *spanish[2:]]
    path = tmp_path / "llamamiento.es.txt"
    path.write_text(join_blocks(changed), encoding="utf-8")
    result = made.run("align", "campaign-call-2024", str(path), "--lang", "es", "--report")
    assert result.exit_code == 0, result.output
    assert "#2 ↔ #2: imported as fuzzy (numbers differ: 13 in the statement, 14 in the translation)\n" in result.stdout
    assert result.stdout.endswith("20 imported, 1 fuzzy for review; aligned same structure, 0 unmatched\n")
    entry = list(made.catalog("campaign-call-2024", "es").active())[1]
    assert entry.is_fuzzy
    assert ALIGN_NOTE_PREFIX + "numbers differ: 13 in the statement, 14 in the translation" in entry.translator_comments


def test_align_imports_a_pair_with_a_changed_link_as_fuzzy_and_reports_why(tmp_path: Path) -> None:
    statement = ("# Sign the call\n\nSign it at https://bdsmovement.net/call and share it.\n\n"
                 "Long live the struggle of the Palestinian people!\n")
    translation = ("# Firma el llamamiento\n\nFírmalo en https://bdsmovement.net/llamamiento y compártelo.\n\n"
                   "¡Viva la lucha del pueblo palestino!\n")
    made = make_project(tmp_path, {"call.md": statement}, languages=("es",))
    path = tmp_path / "call.es.md"
    path.write_text(translation, encoding="utf-8")
    result = made.run("align", "call", str(path), "--lang", "es", "--report")
    assert result.exit_code == 0, result.output
    assert ("#2 ↔ #2: imported as fuzzy (links differ: https://bdsmovement.net/call in the statement, "
            "https://bdsmovement.net/llamamiento in the translation)\n") in result.stdout
    assert result.stdout.endswith("2 imported, 1 fuzzy for review; aligned same structure, 0 unmatched\n")
    assert [e.is_fuzzy for e in made.catalog("call", "es").active()] == [False, True, False]


def test_align_report_lists_unmatched_blocks(project) -> None:
    parts = blocks(parallel(FR))
    path = _write_translation(project, "short.fr.md", join_blocks(parts[:6] + parts[7:]))
    result = project.run("align", "contributing", str(path), "--lang", "fr", "--report")
    assert result.exit_code == 0, result.output
    english = blocks(parallel(EN))
    assert "unmatched in the statement (1):\n    " + english[6][:40] in result.stdout
    assert result.stdout.rstrip().endswith("1 unmatched")
    entry = {e.msgid: e for e in project.catalog("contributing", "fr").active()}[english[6]]
    assert entry.msgstr == ""


def test_align_refuses_a_file_in_the_wrong_language(project) -> None:
    before = project.catalog_path("contributing", "es").read_bytes()
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "contributing", str(path), "--lang", "es")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: old/contributing.fr.md: this text is in French, not Spanish; "
        "pass the Spanish translation, or the right --lang\n"
    )
    assert project.catalog_path("contributing", "es").read_bytes() == before


def test_align_refuses_the_untranslated_statement_itself(project) -> None:
    path = _write_translation(project, "copy.md", parallel(EN))
    result = project.run("align", "contributing", str(path), "--lang", "fr")
    assert result.exit_code == 1
    assert "this text is in English (the statement's own language), not French" in result.stderr


def test_align_keeps_reviewed_translations_unless_overwrite(project) -> None:
    english = blocks(parallel(EN))
    heading = english[0].lstrip("# ")  # "Chapter 13. Contributing to the Debian Project"
    project.translate("contributing", "fr", {heading: "Contribuer (relu)"})
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "contributing", str(path), "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "17 imported, 1 fuzzy for review, 1 reviewed kept (--overwrite replaces them)" in result.stdout
    entries = {e.msgid: e for e in project.catalog("contributing", "fr").active()}
    assert entries[heading].msgstr == "Contribuer (relu)"
    assert entries[heading].provenance is None

    result = project.run("align", "contributing", str(path), "--lang", "fr", "--overwrite")
    assert result.exit_code == 0, result.output
    entries = {e.msgid: e for e in project.catalog("contributing", "fr").active()}
    assert entries[heading].msgstr == blocks(parallel(FR))[0].lstrip("# ")


def test_align_replaces_machine_drafts(project) -> None:
    english = blocks(parallel(EN))
    project.translate("contributing", "fr", {english[3]: "brouillon machine"}, fuzzy=True)  # a paragraph
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    assert project.run("align", "contributing", str(path), "--lang", "fr").exit_code == 0
    entry = {e.msgid: e for e in project.catalog("contributing", "fr").active()}[english[3]]
    assert entry.msgstr == blocks(parallel(FR))[3]
    assert entry.state is EntryState.REVIEWED


def test_align_keeps_a_translation_of_the_previous_source_awaiting_review(project) -> None:
    english = blocks(parallel(EN))
    path = project.catalog_path("contributing", "fr")
    catalog = project.catalog("contributing", "fr")
    entry = {e.msgid: e for e in catalog.active()}[english[3]]
    entry.msgstr, entry.flags, entry.previous_msgid = "traduction humaine", ["fuzzy"], "The previous source."
    write_catalog(path, catalog)
    translation = _write_translation(project, "contributing.fr.md", parallel(FR))
    assert project.run("align", "contributing", str(translation), "--lang", "fr").exit_code == 0
    after = {e.msgid: e for e in project.catalog("contributing", "fr").active()}[english[3]]
    assert after.msgstr == "traduction humaine" and after.previous_msgid == "The previous source."


def test_align_dry_run_writes_nothing(project) -> None:
    before = project.catalog_path("contributing", "fr").read_bytes()
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "contributing", str(path), "--lang", "fr", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("would write locales/fr/LC_MESSAGES/contributing.po: 18 imported, 1 fuzzy")
    assert project.catalog_path("contributing", "fr").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--lang", "de"], 1, "Error: --lang de: not a language of this project (es, fr)"),
        (["--lang", "klingon"], 2, "unknown language code 'klingon'"),
        ([], 2, "Missing option '--lang'"),
    ],
    ids=["foreign-lang", "unknown-lang", "no-lang"],
)
def test_align_bad_arguments(project, args: list[str], code: int, message: str) -> None:
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "contributing", str(path), *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_align_unknown_statement(project) -> None:
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "nope", str(path), "--lang", "fr")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nope: no such statement")


def test_align_without_catalog_says_to_extract(project) -> None:
    project.catalog_path("contributing", "fr").unlink()
    path = _write_translation(project, "contributing.fr.md", parallel(FR))
    result = project.run("align", "contributing", str(path), "--lang", "fr")
    assert result.exit_code == 1
    assert result.stderr == "Error: locales/fr/LC_MESSAGES/contributing.po: no catalog yet; run `stmtl10n extract` first\n"


# Written for this test (no Arabic parallel text ships in Debian or PyPI packages found here).
DEMANDS_EN = "# Our demands\n\n1. Stop the 2023 contract now.\n\n2. Free all 700 prisoners today.\n\n3. End the 17-year siege of Gaza.\n"
DEMANDS_AR = "# مطالبنا\n\n1. أوقفوا عقد ٢٠٢٣ الآن.\n\n3. أنهوا الحصار المفروض على غزة منذ ١٧ عامًا.\n"


def test_arabic_indic_digits_anchor_an_arabic_translation() -> None:
    alignment = _align(DEMANDS_EN, DEMANDS_AR)
    assert [(p.source, p.target) for p in alignment.pairs] == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_align_imports_an_arabic_translation(tmp_path: Path, gettext_tools) -> None:
    made = make_project(tmp_path, {"demands.md": DEMANDS_EN}, languages=("ar",))
    path = tmp_path / "demands.ar.md"
    path.write_text(DEMANDS_AR, encoding="utf-8")
    result = made.run("align", "demands", str(path), "--lang", "ar", "--report")
    assert result.exit_code == 0, result.output
    assert "unmatched in the statement (1):\n    Free all 700 prisoners today.\n" in result.stdout
    entries = {e.msgid: e for e in made.catalog("demands", "ar").active()}
    assert entries["End the 17-year siege of Gaza."].msgstr == "أنهوا الحصار المفروض على غزة منذ ١٧ عامًا."
    assert entries["Free all 700 prisoners today."].msgstr == ""
    gettext_tools.check(made.catalog_path("demands", "ar"))


_KINDS = ("paragraph", "heading", "list item")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_KINDS), st.text(min_size=1, max_size=60)), max_size=12),
    st.lists(st.tuples(st.sampled_from(_KINDS), st.text(min_size=1, max_size=60)), max_size=12),
)
def test_every_segment_is_in_exactly_one_pair_in_order(source_blocks, target_blocks) -> None:
    source = [Segment(text, kind, n + 1) for n, (kind, text) in enumerate(source_blocks)]
    target = [Segment(text, kind, n + 1) for n, (kind, text) in enumerate(target_blocks)]
    alignment = align_segments(source, target)
    assert [i for pair in alignment.pairs for i in pair.source] == list(range(len(source)))
    assert [j for pair in alignment.pairs for j in pair.target] == list(range(len(target)))
    assert all(pair.source or pair.target for pair in alignment.pairs)
    assert all(0.0 <= pair.score <= 1.0 for pair in alignment.pairs)
