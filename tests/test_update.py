"""Extract after a statement changed: catalogs update like msgmerge --previous, nothing translated is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from stmtl10n.catalog import Catalog, read_catalog, write_catalog
from stmtl10n.extract import extract
from stmtl10n.project import find_project, init_project

LONG = (
    "More than 11 months have passed since the beginning of the criminal offensive against the people. "
    "More than 40,000 people have been murdered, including women and children, and more than 100,000 have "
    "been injured. Hospitals, schools and universities were destroyed, water and energy cut, and aid blocked "
    "at the crossings while the world watched. Under pressure from the masses, some governments have broken "
    "their relationships and some international bodies have been forced to take legal action."
)
STATEMENT = f"""# Call for solidarity

{LONG}

We call on all organizations to join the week of action from 7 to 13 October.

1. Affirm our solidarity with the struggles of the people.
2. Condemn the attacks against the defenseless population.

Signed by:

- Jane Doe, Workers Party, Chile
- Omar Haddad, Union of Students, Jordan
- Ana Lima, Movimento Popular, Brazil
"""


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    init_project(tmp_path, source_lang="en", languages=("es",))
    (tmp_path / "statements" / "call.md").write_text(STATEMENT, encoding="utf-8")
    project = find_project(tmp_path)
    extract(project)
    return project


def _catalog(project) -> Catalog:  # type: ignore[no-untyped-def]
    return read_catalog(project.catalog_path("call", "es"))


def _translate_all(project) -> None:  # type: ignore[no-untyped-def]
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    for entry in catalog.active():
        entry.msgstr = f"ES[{entry.msgid}]"
    write_catalog(path, catalog)


def _rewrite(project, text: str) -> None:  # type: ignore[no-untyped-def]
    (project.root / "statements" / "call.md").write_text(text, encoding="utf-8")
    extract(project)


def test_a_small_edit_to_a_long_paragraph_keeps_the_translation_as_fuzzy_with_the_previous_msgid(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    edited = LONG.replace("40,000", "43,000")
    _rewrite(project, STATEMENT.replace(LONG, edited))
    entry = _catalog(project).index()[(None, edited)]
    assert entry.is_fuzzy
    assert entry.previous_msgid == LONG
    assert entry.msgstr == f"ES[{LONG}]"


def test_unchanged_segments_keep_their_translations(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    _rewrite(project, STATEMENT.replace("7 to 13 October", "7 to 14 October"))
    index = _catalog(project).index()
    assert index[(None, LONG)].msgstr == f"ES[{LONG}]" and not index[(None, LONG)].is_fuzzy


def test_inserted_paragraph_is_a_new_untranslated_entry(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    _rewrite(project, STATEMENT.replace("1. Affirm", "A wholly different sentence about the march.\n\n1. Affirm"))
    entry = _catalog(project).index()[(None, "A wholly different sentence about the march.")]
    assert entry.msgstr == "" and not entry.is_fuzzy


def test_deleted_paragraph_becomes_obsolete_and_comes_back_when_restored(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    removed = "We call on all organizations to join the week of action from 7 to 13 October."
    _rewrite(project, STATEMENT.replace(removed + "\n\n", ""))
    catalog = _catalog(project)
    obsolete = [e for e in catalog.entries if e.obsolete]
    assert [e.msgid for e in obsolete] == [removed] and obsolete[0].msgstr == f"ES[{removed}]"
    assert "#~ msgid" in project.catalog_path("call", "es").read_text()
    _rewrite(project, STATEMENT)
    restored = _catalog(project).index()[(None, removed)]
    assert restored.msgstr == f"ES[{removed}]" and not restored.obsolete


def test_reordered_paragraphs_keep_every_translation(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    first = "We call on all organizations to join the week of action from 7 to 13 October."
    _rewrite(project, STATEMENT.replace(f"{LONG}\n\n{first}", f"{first}\n\n{LONG}"))
    catalog = _catalog(project)
    assert all(e.msgstr == f"ES[{e.msgid}]" and not e.is_fuzzy for e in catalog.active())
    assert not [e for e in catalog.entries if e.obsolete]
    assert [e.msgid for e in catalog.active()][1:3] == [first, LONG]


def test_a_new_signatory_is_just_a_new_entry(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    _rewrite(project, STATEMENT + "- Li Wei, Workers Forum, China\n")
    catalog = _catalog(project)
    new = catalog.index()[(None, "Li Wei, Workers Forum, China")]
    assert new.msgstr == "" and "signatory" in new.flags
    others = [e for e in catalog.active() if e.msgid != new.msgid]
    assert all(e.msgstr == f"ES[{e.msgid}]" and not e.is_fuzzy for e in others)


def test_a_translated_catalog_survives_an_extract_of_the_same_statement_byte_for_byte(project) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    path = project.catalog_path("call", "es")
    before = path.read_bytes()
    results = extract(project)
    assert path.read_bytes() == before
    assert {change.action for change in results[0].changes} == {"unchanged"}


def test_an_edit_to_a_catalog_alone_is_seen_by_the_next_extract(project) -> None:  # type: ignore[no-untyped-def]
    # The extract record must not hide a catalog someone changed since.
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    catalog.entries.append(catalog.entries[0].__class__(msgid="Stray entry", msgstr="Suelta"))
    write_catalog(path, catalog)
    extract(project)
    after = read_catalog(path)
    assert [e.msgid for e in after.entries if e.obsolete] == ["Stray entry"]


def test_an_edit_with_msgmerge_previous_gives_the_same_entries(project, tmp_path: Path, gettext_tools) -> None:  # type: ignore[no-untyped-def]
    _translate_all(project)
    old = tmp_path / "old.po"
    old.write_bytes(project.catalog_path("call", "es").read_bytes())
    edited = LONG.replace("some governments", "several governments")
    _rewrite(project, STATEMENT.replace(LONG, edited))
    ours = project.catalog_path("call", "es")
    theirs = tmp_path / "theirs.po"
    theirs.write_text(gettext_tools.msgmerge(old, project.template_path("call")), encoding="utf-8")
    ours_entries = [(e.msgid, e.msgstr, e.is_fuzzy, e.previous_msgid, e.obsolete) for e in read_catalog(ours).entries]
    their_entries = [(e.msgid, e.msgstr, e.is_fuzzy, e.previous_msgid, e.obsolete) for e in read_catalog(theirs).entries]
    assert ours_entries == their_entries
    gettext_tools.check(ours)
    assert gettext_tools.msgcat(ours) == ours.read_text(encoding="utf-8")
