"""stmtl10n's own flags survive GNU gettext: written as ``flags:`` comments, read back as flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from stmtl10n.catalog import Catalog, Entry, merge_catalog, read_catalog, write_catalog


def _catalog(*entries: Entry) -> Catalog:
    return Catalog("es", header={"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}, entries=list(entries))


def test_own_flags_round_trip_and_gettext_keeps_them(tmp_path: Path, gettext_tools) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.po"
    write_catalog(path, _catalog(
        Entry("Jane Doe, Workers Party, Chile", flags=["signatory"], extracted_comments=["signatory"]),
        Entry("In 1947, 33 states voted.", msgstr="En 1947 votaron 33.", flags=["fuzzy", "no-check-numbers"]),
        Entry("%(n)s signed", msgstr="%(n)s firmaron", flags=["python-format"]),
    ))
    text = path.read_text()
    assert "#. flags: signatory\n" in text and "# flags: no-check-numbers\n" in text
    assert "#, fuzzy\n" in text and "#, python-format\n" in text
    assert gettext_tools.msgcat(path) == text
    gettext_tools.check(path)
    entries = read_catalog(path).entries
    assert entries[0].flags == ["signatory"] and entries[0].extracted_comments == ["signatory"]
    assert entries[1].flags == ["fuzzy", "no-check-numbers"] and entries[1].translator_comments == []
    assert entries[2].flags == ["python-format"]


@pytest.mark.foreign_catalogs  # a catalog as Weblate writes it
def test_flags_in_hash_comma_lines_from_other_tools_are_read(tmp_path: Path) -> None:
    path = tmp_path / "weblate.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n\n#, fuzzy, no-check-length\nmsgid "a"\nmsgstr "b"\n')
    assert read_catalog(path).entries[0].flags == ["fuzzy", "no-check-length"]


def test_merge_keeps_a_translators_flags_and_takes_derived_flags_from_the_template() -> None:
    old = _catalog(Entry("Count: 12", msgstr="Cuenta: doce", flags=["no-check-numbers"]))
    template = [Entry("Count: 12", flags=["signatory"]), Entry("New")]
    merged = merge_catalog(old, template).entries
    assert merged[0].flags == ["signatory", "no-check-numbers"]
    assert merge_catalog(_catalog(Entry("Count: 12", msgstr="x", flags=["signatory"])), [Entry("Count: 12")]).entries[0].flags == []


def test_a_comment_with_a_line_break_is_written_as_several_comment_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    write_catalog(path, _catalog(Entry("a", msgstr="b", translator_comments=["reviewed by eve\ninjected"])))
    assert read_catalog(path).entries[0].translator_comments == ["reviewed by eve", "injected"]


def test_a_header_comment_with_a_line_break_is_written_as_several_comment_lines(tmp_path: Path) -> None:
    # As an entry's: its second line would otherwise be no comment, and the file unreadable.
    path = tmp_path / "x.po"
    catalog = _catalog(Entry("a", msgstr="b"))
    catalog.header_comments = ["Spanish translation of statements/a.md.", "Reviewed by\nthe coordinators."]
    write_catalog(path, catalog)
    assert read_catalog(path).header_comments == ["Spanish translation of statements/a.md.", "Reviewed by",
                                                  "the coordinators."]
