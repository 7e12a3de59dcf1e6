"""Weblate's side of the catalogs: what a Weblate commit writes, and what stmtl10n makes of it.

Weblate reads and writes gettext PO through Translate Toolkit's ``translate.storage.pypo``
(``weblate/formats/ttkit.py``: ``PoFormat.loader = pofile``), so these tests use that very
storage: open a catalog stmtl10n wrote, set translations and the header the way Weblate's
``PoUnit.set_target``/``set_state`` and ``BasePoFormat.update_header`` do, save, and see what
``read_catalog``, ``check``, ``build`` and the next ``extract`` do with the file.

The statements are the repository's own worked example (``statements/``, real published
calls), and the translators' text is the Apertium drafts committed in ``locales/es`` and
``locales/fr``, approved or edited as a Weblate reviewer would.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from translate.storage import pypo

from stmtl10n.build import build
from stmtl10n.catalog import Catalog, read_catalog, write_catalog
from stmtl10n.checks import problems_to_dicts, run_checks
from stmtl10n.extract import extract
from stmtl10n.project import Project, find_project, init_project

REPOSITORY = Path(__file__).resolve().parent.parent
STATEMENTS = ("solidarity-day-call.txt", "campaign-call-2024.txt")
# A name written in Arabic in an English statement is copied, not translated (no-translate);
# the name is that of a signatory of solidarity-day-call.txt (its last letter corrected).
NOTE = (
    "# A note on names\n\n"
    "The coalition keeps the names of its member organizations as each organization writes them.\n\n"
    "تجمع المدافعين الصحراويين عن حقوق الإنسان بالصحراء الغربية\n"
)
WEBLATE_VERSION = "5.14.3"
# What Weblate's Translation.update_header passes for a commit by one translator.
WEBLATE_HEADER = {
    "last_translator": "Lucía Pérez <lucia@example.org>",
    "language_team": "Spanish <https://weblate.example.org/projects/coalition/solidarity-day-call/es/>",
    "PO_Revision_Date": "2026-12-01 10:15+0000",
    "plural_forms": "nplurals=2; plural=n != 1;",
    "x_generator": f"Weblate {WEBLATE_VERSION}",
}
# The bulk-edit add-on's search (docs/weblate.md) that makes these entries read-only.
READ_ONLY_NOTES = ("flags: signatory", "flags: no-translate")

pytestmark = pytest.mark.foreign_catalogs  # Translate Toolkit wraps some lines unlike msgcat, on purpose here


@pytest.fixture
def project(tmp_path: Path) -> Project:
    init_project(tmp_path, source_lang="en", languages=("es", "fr"))
    for name in STATEMENTS:
        shutil.copy(REPOSITORY / "statements" / name, tmp_path / "statements" / name)
    (tmp_path / "statements" / "note.md").write_text(NOTE, encoding="utf-8")
    found = find_project(tmp_path)
    extract(found)
    # The machine drafts pretranslate wrote for the repository's catalogs (fuzzy, with their provenance).
    for lang in ("es", "fr"):
        for name in STATEMENTS:
            slug = Path(name).stem
            path = found.catalog_path(slug, lang)
            committed = {e.msgid: e for e in read_catalog(REPOSITORY / "locales" / lang / "LC_MESSAGES" / f"{slug}.po").active()}
            catalog = read_catalog(path)
            for entry in catalog.active():
                draft = committed.get(entry.msgid)
                if draft is not None and draft.msgstr:
                    entry.msgstr, entry.flags, entry.translator_comments = (
                        draft.msgstr, list(draft.flags), list(draft.translator_comments))
            if (lang, slug) == ("es", "campaign-call-2024"):
                # A reviewer accepted a problem in stmtl10n's review page: a translator flag.
                list(catalog.active())[1].flags.append("no-check-numbers")
            write_catalog(path, catalog)
    return found


def _drafts(lang: str, slug: str) -> dict[str, str]:
    """The committed machine drafts of the repository's own catalogs, by msgid."""
    path = REPOSITORY / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
    return {entry.msgid: entry.msgstr for entry in read_catalog(path).active() if entry.msgstr} if path.exists() else {}


def open_store(path: Path) -> Any:
    """The PO file as Weblate's ``PoFormat`` loads it."""
    return pypo.pofile.parsefile(str(path))  # type: ignore[no-untyped-call]


def _units(store: pypo.pofile) -> Iterator[pypo.pounit]:
    return (unit for unit in store.units if not unit.isheader() and not unit.isobsolete())


def weblate_flags(unit: pypo.pounit) -> set[str]:
    """The flags Weblate's ``PoUnit.flags`` reads from a unit: its ``#,`` lines, less ``fuzzy``."""
    flags = {flag.strip() for line in unit.typecomments for flag in line.removeprefix("#,").split(",")}
    return flags - {"fuzzy", ""}


def weblate_commit(path: Path, lang: str, slug: str, *, approve: int, edit: int) -> list[str]:
    """Save ``path`` as a Weblate commit would: the first ``approve`` drafts approved as they are,
    the next ``edit`` edited and approved, the rest left as they were. Returns the msgids changed.

    Read-only entries (signatory, no-translate: see docs/weblate.md) are not touched.
    """
    store = open_store(path)
    drafts = _drafts(lang, slug)
    changed: list[str] = []
    for unit in _units(store):
        if any(note in unit.getnotes().lower() for note in READ_ONLY_NOTES) or unit.source not in drafts:
            continue
        if len(changed) >= approve + edit:
            break
        text = drafts[unit.source]
        # PoUnit.set_target, then set_state(STATE_TRANSLATED): unfuzzy, previous msgid dropped.
        unit.target = text if len(changed) < approve else f"{text} (revisado)"
        unit.markfuzzy(False)
        unit.prev_msgid, unit.prev_msgid_plural, unit.prev_msgctxt = [], [], []
        changed.append(unit.source)
    store.updateheader(add=True, language=lang, **WEBLATE_HEADER)
    store.savefile(str(path))
    return changed


def _msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines a ``git diff`` of the two files would mark with - or +."""
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_a_weblate_commit_is_read_back_with_every_translation_state_and_flag(project: Project) -> None:
    path = project.catalog_path("solidarity-day-call", "es")
    before = read_catalog(path)
    changed = weblate_commit(path, "es", "solidarity-day-call", approve=3, edit=2)
    after = read_catalog(path)
    entries = {entry.msgid: entry for entry in after.active()}
    drafts = _drafts("es", "solidarity-day-call")
    assert len(changed) == 5
    for msgid in changed[:3]:
        assert entries[msgid].msgstr == drafts[msgid] and not entries[msgid].is_fuzzy
    for msgid in changed[3:]:
        assert entries[msgid].msgstr == f"{drafts[msgid]} (revisado)" and not entries[msgid].is_fuzzy
    assert after.header["Last-Translator"] == WEBLATE_HEADER["last_translator"]
    assert after.header["Language-Team"] == WEBLATE_HEADER["language_team"]
    assert after.header["PO-Revision-Date"] == WEBLATE_HEADER["PO_Revision_Date"]
    assert after.header["X-Generator"] == f"Weblate {WEBLATE_VERSION}"
    # Nothing else moved: the entries Weblate did not touch are the ones stmtl10n wrote.
    untouched = [e for e in before.entries if e.msgid not in changed]
    assert [e for e in after.entries if e.msgid not in changed] == untouched
    assert sum("signatory" in e.flags for e in after.active()) == sum("signatory" in e.flags for e in before.active()) > 80


def test_translate_toolkit_leaves_untouched_entries_byte_for_byte(project: Project) -> None:
    path = project.catalog_path("solidarity-day-call", "es")
    original = path.read_bytes()
    changed = weblate_commit(path, "es", "solidarity-day-call", approve=2, edit=1)
    diff = _changed_lines(original, path.read_bytes())
    # Only the header fields Weblate sets and the three msgstrs (and their fuzzy lines) changed.
    header = [line for line in diff if line[1:].startswith('"') and ": " in line and line.endswith('\\n"')]
    assert {line[2:line.index(":")] for line in header if line[0] == "+"} <= {
        "PO-Revision-Date", "Last-Translator", "Language-Team", "Plural-Forms", "X-Generator"}
    rest = [line for line in diff if line not in header]
    assert sum(line == "-#, fuzzy" for line in rest) == len(changed)
    assert all(not line[1:].startswith(("msgid", "#:", "#.")) for line in rest)


def test_flags_survive_a_weblate_commit_and_are_what_weblate_sees(project: Project) -> None:
    for slug in ("solidarity-day-call", "campaign-call-2024", "note"):
        weblate_commit(project.catalog_path(slug, "es"), "es", slug, approve=2, edit=0)
    entries = [e for slug in ("solidarity-day-call", "campaign-call-2024", "note")
               for e in read_catalog(project.catalog_path(slug, "es")).active()]
    assert sum("signatory" in e.flags for e in entries) > 80
    assert [e.msgid for e in entries if "no-translate" in e.flags] == [NOTE.splitlines()[-1]]
    assert sum("no-check-numbers" in e.flags for e in entries) == 1

    for slug in ("solidarity-day-call", "note"):
        store = open_store(project.catalog_path(slug, "es"))
        ours = {e.msgid: e for e in read_catalog(project.catalog_path(slug, "es")).active()}
        for unit in _units(store):
            entry = ours[unit.source]
            # Weblate reads a PO unit's flags from its "#," line only, and GNU gettext drops
            # any flag it does not know from there: stmtl10n's flags never reach Weblate's
            # flags through the file, so read-only comes from the bulk-edit add-on instead.
            assert "read-only" not in weblate_flags(unit)
            # That add-on's query (note:"flags: signatory" OR note:"flags: no-translate")
            # searches the string's description, Translate Toolkit's getnotes(): it picks
            # exactly the entries stmtl10n reads as signatory or no-translate.
            picked = any(note in unit.getnotes().lower() for note in READ_ONLY_NOTES)
            assert picked == bool({"signatory", "no-translate"} & set(entry.flags)), unit.source


def test_gettext_drops_a_read_only_flag_so_stmtl10n_cannot_write_one(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    "#. flags: signatory\n#, read-only, ignore-same\nmsgid \"a\"\nmsgstr \"b\"\n", encoding="utf-8")
    assert b"read-only" not in _msgcat(path) and b"#. flags: signatory" in _msgcat(path)


def test_check_and_build_take_a_weblate_commit_as_they_take_stmtl10ns_own_file(project: Project) -> None:
    for lang in ("es", "fr"):
        for slug in ("solidarity-day-call", "campaign-call-2024"):
            weblate_commit(project.catalog_path(slug, lang), lang, slug, approve=4, edit=2)
    problems = run_checks(project)
    results = build(project, include_fuzzy=True, min_translated=0)
    written = {p.relative_to(project.root): p.read_bytes() for p in (project.root / "build").rglob("*") if p.is_file()}
    assert [r.statement for r in results if r.path is not None and r.languages == ("es",)] and written
    # The same catalogs, laid out by msgcat: the same problems and the same built files.
    for path in project.root.glob("locales/*/LC_MESSAGES/*.po"):
        path.write_bytes(_msgcat(path))
    assert problems_to_dicts(run_checks(project)) == problems_to_dicts(problems)
    build(project, include_fuzzy=True, min_translated=0)
    assert {p.relative_to(project.root): p.read_bytes() for p in (project.root / "build").rglob("*") if p.is_file()} == written


def test_the_next_extract_only_rewraps_what_translate_toolkit_wrapped_unlike_msgcat(project: Project) -> None:
    paths = sorted(project.root.glob("locales/*/LC_MESSAGES/*.po"))
    for path in paths:
        lang, slug = path.parent.parent.name, path.stem
        weblate_commit(path, lang, slug, approve=8, edit=4)
    weblate = {path: path.read_bytes() for path in paths}
    extract(project)
    rewrapped = 0
    for path in paths:
        after = path.read_bytes()
        # Exactly what msgcat makes of Weblate's file: the same entries and header, gettext's layout.
        assert after == _msgcat_bytes(weblate[path], path)
        assert _entries(read_catalog(path)) == _entries(_read_bytes(weblate[path], path))
        rewrapped += len(_changed_lines(weblate[path], after))
    # Translate Toolkit wraps some msgstrs unlike msgcat (see docs/weblate.md), so extract has some to fix.
    assert rewrapped > 0
    again = {path: path.read_bytes() for path in paths}
    results = extract(project)
    assert {change.action for result in results for change in result.changes} == {"unchanged"}
    assert {path: path.read_bytes() for path in paths} == again


def test_after_a_weblate_commit_a_statement_edit_changes_only_its_entry(project: Project, gettext_tools) -> None:  # type: ignore[no-untyped-def]
    path = project.catalog_path("campaign-call-2024", "es")
    weblate_commit(path, "es", "campaign-call-2024", approve=10, edit=5)
    weblate = path.read_bytes()
    statement = project.root / "statements" / "campaign-call-2024.txt"
    text = statement.read_text(encoding="utf-8")
    edited = text.replace("cannot be defined without", "can never be defined without", 1)
    assert edited != text
    statement.write_text(edited, encoding="utf-8")
    extract(project)
    ours = path.read_bytes()
    gettext_tools.check(path)
    assert gettext_tools.msgcat(path) == path.read_text(encoding="utf-8")
    # Beside msgcat's layout of Weblate's commit, only the edited entry and the template's date changed.
    baseline = _read_bytes(_msgcat_bytes(weblate, path), path)
    result = read_catalog(path)
    differing = [new for old, new in zip(baseline.entries, result.entries, strict=True) if old != new]
    assert [e.previous_msgid is not None and "cannot be defined" in e.previous_msgid for e in differing] == [True]
    assert differing[0].is_fuzzy and "can never be defined" in differing[0].msgid
    assert {k for k in result.header if result.header[k] != baseline.header.get(k)} <= {"POT-Creation-Date"}
    # And it is what extract writes had Weblate laid the file out as msgcat does.
    path.write_bytes(_msgcat_bytes(weblate, path))
    extract(project)
    assert path.read_bytes() == ours


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [(e.msgctxt, e.msgid, e.msgstr, tuple(e.flags), e.previous_msgid, e.obsolete) for e in catalog.entries]


def _read_bytes(data: bytes, like: Path) -> Catalog:
    copy = like.with_name(like.name + ".weblate")
    copy.write_bytes(data)
    try:
        return read_catalog(copy)
    finally:
        copy.unlink()


def _msgcat_bytes(data: bytes, like: Path) -> bytes:
    copy = like.with_name(like.name + ".weblate")
    copy.write_bytes(data)
    try:
        return _msgcat(copy)
    finally:
        copy.unlink()
