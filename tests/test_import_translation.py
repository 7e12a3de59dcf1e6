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


def _align(source_text: str, target_text: str):
    source = format_for("a.md").extract(source_text, path="a.md")
    target = format_for("b.md").extract(target_text, path="b.md")
    return align_segments(source, target)


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
    alignment = _align(parallel(english), parallel(translated))
    assert alignment.method == "structure"
    assert [(p.source, p.target) for p in alignment.pairs] == [((i,), (i,)) for i in range(len(alignment.pairs))]
    assert not any(p.is_unsure for p in alignment.pairs)


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
    assert result.stdout == (
        "wrote locales/fr/LC_MESSAGES/contributing.po: 19 imported, 0 fuzzy for review; "
        "aligned same structure, 0 unmatched\n"
    )
    catalog = project.catalog("contributing", "fr")
    french = blocks(parallel(FR))
    entries = list(catalog.active())
    assert all(entry.state is EntryState.REVIEWED for entry in entries)
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
    assert "18 imported, 0 fuzzy for review, 1 reviewed kept (--overwrite replaces them)" in result.stdout
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
    assert result.stdout.startswith("would write locales/fr/LC_MESSAGES/contributing.po: 19 imported")
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
