"""A statement is read once: extract keeps its reading, build reuses it, and a reading that does not fit is never used.

A kept reading (``.stmtl10n-cache/readings/<slug>.json``) must give exactly the
blocks and layouts a fresh reading gives, for every document, and must be
ignored whenever it could be wrong: another text, other front matter keys,
other code, or a record that is not a reading of this text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange_support import TestProject, make_project
from stmtl10n import readings
from stmtl10n.catalog import Catalog, Entry, catalog_from_json, catalog_to_json, read_catalog, write_catalog
from stmtl10n.errors import CatalogError
from stmtl10n.formats import markdown
from stmtl10n.formats.base import KeepsReadings
from stmtl10n.formats.markdown import MarkdownFormat, _read_blocks
from stmtl10n.formats.plaintext import PlainTextFormat
from stmtl10n.project import find_project
from stmtl10n.review import catalogs as review_catalogs
from test_catalog_properties import HEADER, TEXT
from test_extract_prefilters import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
# The repository's own catalogs: real statements, real translations (obsolete and fuzzy entries too).
REAL_CATALOGS = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "locales").rglob("*.po*"))

CALL = """---
title: A call to the unions
layout: statement
---
# Call for a week of action

We call on all unions to join the campaign, see [the call](https://bdsmovement.net).

- Stop arms sales
- End the siege

Signed:

- Amal Haddad, Teachers' Union, Palestine
- John Smith, Dockers' Union, United Kingdom
"""
ES = {
    "Call for a week of action": "Llamamiento a una semana de acción",
    "We call on all unions to join the campaign, see [the call](https://bdsmovement.net).":
        "Hacemos un llamamiento a todos los sindicatos para que se unan a la campaña, "
        "véase [el llamamiento](https://bdsmovement.net).",
}


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a Markdown parse fail the test: what follows must come from a kept reading."""
    def refuse() -> None:
        raise AssertionError("a statement was parsed although its reading was kept")

    _read_blocks.cache_clear()
    monkeypatch.setattr(markdown, "_parser", refuse)


# -- the reading itself ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_kept_reading_gives_the_blocks_and_layouts_of_a_fresh_one(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = DOCUMENTS[name]
    fmt = MarkdownFormat()
    fresh = _read_blocks.__wrapped__(text, fmt.front_matter_keys)
    data = json.loads(json.dumps(fmt.reading(text)))  # as the record holds it
    _forbid_parsing(monkeypatch)
    fmt.reuse_reading(text, data)
    assert _read_blocks(text, fmt.front_matter_keys) == fresh


def test_markdown_keeps_readings_and_plain_text_does_not() -> None:
    # Plain text is read in a few milliseconds (no block parser): nothing to keep.
    assert isinstance(MarkdownFormat(), KeepsReadings)
    assert not isinstance(PlainTextFormat(), KeepsReadings)


@pytest.mark.parametrize("spoil", [
    lambda data: data[::-1],  # spans out of order
    lambda data: [[*item[:9], 10**6, *item[10:]] for item in data],  # a span past the end
    lambda data: [item[:-1] for item in data],  # a field missing
    lambda data: [[*item[:10], "wavy", *item[11:]] for item in data],  # a layout this code never writes
    lambda data: {"blocks": data},
])
def test_what_is_not_a_reading_of_the_text_is_refused(spoil: object) -> None:
    text = "# Title\n\nOne paragraph.\n\nAnother one.\n"
    fmt = MarkdownFormat()
    assert callable(spoil)
    with pytest.raises(ValueError):
        fmt.reuse_reading(text, spoil(fmt.reading(text)))


# -- extract and build -------------------------------------------------------


@pytest.fixture
def made(tmp_path: Path) -> TestProject:
    made = make_project(tmp_path, {"call.md": CALL}, languages=("es",))
    made.translate("call", "es", ES)
    return made


def _outputs(made: TestProject) -> dict[str, bytes]:
    build_dir = made.root / "build"
    return {str(path.relative_to(build_dir)): path.read_bytes() for path in sorted(build_dir.rglob("*")) if path.is_file()}


def _reading(made: TestProject) -> Path:
    return made.root / ".stmtl10n-cache" / "readings" / "statements" / "call.json"


def _forget_builds(made: TestProject) -> None:
    """Remove build's records, so that the next build builds (instead of skipping what has not changed)."""
    for path in (made.root / ".stmtl10n-cache" / "build").glob("*"):
        path.unlink()


def _build_again(made: TestProject) -> dict[str, bytes]:
    """What a build writes when it builds anew: no build record to skip by, nothing read in this process."""
    _forget_builds(made)
    _read_blocks.cache_clear()
    result = made.run("build", "--allow-problems")
    assert result.exit_code == 0, result.output
    return _outputs(made)


def _fresh_build(made: TestProject) -> dict[str, bytes]:
    """What build writes when it reads the statement itself."""
    _reading(made).unlink(missing_ok=True)
    return _build_again(made)


def test_build_after_extract_parses_no_statement_and_writes_the_same(made: TestProject,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert _reading(made).is_file()  # kept by the extract that made the project
    expected = _fresh_build(made)
    assert _reading(made).is_file()  # kept by that build, which found none
    for path in (made.root / "build").rglob("*"):
        if path.is_file():
            path.unlink()
    _forget_builds(made)
    with monkeypatch.context() as patched:
        _forbid_parsing(patched)
        result = made.run("build", "--allow-problems")
        assert result.exit_code == 0, result.output
    assert _outputs(made) == expected


def test_an_edited_statement_is_read_afresh(made: TestProject) -> None:
    statement = made.root / "statements" / "call.md"
    statement.write_text(CALL.replace("End the siege", "Lift the siege"), encoding="utf-8")
    _read_blocks.cache_clear()
    result = made.run("extract")
    assert result.exit_code == 0, result.output
    msgids = {entry.msgid for entry in made.catalog("call", "es").active()}
    assert "Lift the siege" in msgids and "End the siege" not in msgids


def test_other_front_matter_keys_make_another_reading(made: TestProject) -> None:
    config = made.root / "stmtl10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[markdown]\nfront-matter-keys = ["layout"]\n',
                      encoding="utf-8")
    _read_blocks.cache_clear()
    result = made.run("extract")
    assert result.exit_code == 0, result.output
    msgids = {entry.msgid for entry in made.catalog("call", "es").active()}
    assert "statement" in msgids and "A call to the unions" not in msgids


@pytest.mark.parametrize("content", ["", "{", "[]", '{"key": "0", "reading": []}'])
def test_a_record_that_is_not_this_reading_is_ignored(made: TestProject, content: str) -> None:
    expected = _fresh_build(made)
    _reading(made).write_text(content, encoding="utf-8")
    assert _build_again(made) == expected


def test_a_spoiled_reading_under_the_right_key_is_refused_not_published(made: TestProject) -> None:
    expected = _fresh_build(made)
    record = json.loads(_reading(made).read_text(encoding="utf-8"))
    record["reading"] = record["reading"][::-1]
    _reading(made).write_text(json.dumps(record), encoding="utf-8")
    assert _build_again(made) == expected


# -- catalogs ------------------------------------------------------------------


def _every_field(catalog: Catalog) -> list[object]:
    # Entry equality leaves out the line an entry was read from; messages name it, so it must come back too.
    return [catalog.locale, catalog.header, catalog.header_comments, catalog.header_is_fuzzy,
            [(entry, entry.line) for entry in catalog.entries]]


def test_the_real_catalogs_are_many() -> None:
    assert len(REAL_CATALOGS) >= 12


@pytest.mark.parametrize("name", REAL_CATALOGS)
def test_a_kept_catalog_is_every_field_of_the_parsed_one(name: str) -> None:
    parsed = read_catalog(ROOT / name)
    kept = catalog_from_json(json.loads(json.dumps(catalog_to_json(parsed))))
    assert _every_field(kept) == _every_field(parsed)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=8, unique=True), context=st.none() | TEXT)
def test_a_kept_catalog_is_the_parsed_one_for_any_text(tmp_path: Path, texts: list[str], context: str | None) -> None:
    # As gettext writes them (see test_catalog_properties): msgcat leaves out an obsolete entry without a msgstr.
    entries = []
    for index, text in enumerate(texts):
        plain = bool(text.strip("\n")) and not text.startswith("\n") and not text.endswith("\n")
        entries.append(Entry(f"{index}: {text}", msgstr=text if plain else "", msgctxt=context,
                             previous_msgid=text or None, flags=["fuzzy"] if plain and index % 2 else [],
                             extracted_comments=["signatory"] if index % 2 else [],
                             references=[f"statements/s{index}.md:{index + 1}"], obsolete=plain and index % 3 == 2))
    path = tmp_path / "es.po"
    write_catalog(path, Catalog("es", header=dict(HEADER), entries=entries))
    parsed = read_catalog(path)
    assert _every_field(catalog_from_json(json.loads(json.dumps(catalog_to_json(parsed))))) == _every_field(parsed)


@pytest.mark.parametrize("data", [None, [], ["es", [], [], False], ["es", [], [], False, [["only a msgid"]]],
                                  ["es", [["Language", 3]], [], False, []], ["es", [], [], False, [[1] * 11]]])
def test_what_is_not_a_kept_catalog_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        catalog_from_json(data)


def _refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a catalog was parsed although its reading was kept")

    monkeypatch.setattr(polib, "pofile", refuse)


def test_a_catalog_read_again_is_loaded_not_parsed(made: TestProject, monkeypatch: pytest.MonkeyPatch) -> None:
    project = find_project(made.root)
    path = made.catalog_path("call", "es")
    first, digest = readings.read_catalog_kept(project, path)
    with monkeypatch.context() as patched:
        _refuse_parsing(patched)
        again, again_digest = readings.read_catalog_kept(project, path)
    assert _every_field(again) == _every_field(first) and again_digest == digest


def test_a_changed_catalog_is_parsed_afresh(made: TestProject) -> None:
    project = find_project(made.root)
    path = made.catalog_path("call", "es")
    readings.read_catalog_kept(project, path)
    made.translate("call", "es", {"Stop arms sales": "Detener la venta de armas"})
    catalog, _ = readings.read_catalog_kept(project, path)
    assert catalog.index()[(None, "Stop arms sales")].msgstr == "Detener la venta de armas"


@pytest.mark.foreign_catalogs  # it writes a broken one
def test_a_broken_catalog_is_reported_whatever_was_kept(made: TestProject) -> None:
    project = find_project(made.root)
    path = made.catalog_path("call", "es")
    readings.read_catalog_kept(project, path)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "dangling"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"LC_MESSAGES/call\.po"):
        readings.read_catalog_kept(project, path)


def test_a_spoiled_kept_catalog_is_parsed_afresh(made: TestProject) -> None:
    project = find_project(made.root)
    path = made.catalog_path("call", "es")
    parsed, _ = readings.read_catalog_kept(project, path)
    record_path = made.root / ".stmtl10n-cache" / "readings" / "locales" / "es" / "LC_MESSAGES" / "call.po.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["reading"][4] = "not entries"
    record_path.write_text(json.dumps(record), encoding="utf-8")
    again, _ = readings.read_catalog_kept(project, path)
    assert _every_field(again) == _every_field(parsed)


def _edit_statement(made: TestProject) -> None:
    path = made.root / "statements" / "call.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nJoin us on the day of action.\n", encoding="utf-8")


def test_the_check_after_extract_parses_no_catalog_and_finds_what_a_parse_finds(
        made: TestProject, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit_statement(made)
    assert made.run("extract").exit_code == 0  # rewrites the catalog: a new entry
    with monkeypatch.context() as patched:
        _refuse_parsing(patched)
        kept = made.run("check", "--format", "json")
        status = made.run("status")
    shutil.rmtree(made.root / ".stmtl10n-cache")
    assert made.run("check", "--format", "json").output == kept.output
    assert made.run("status").output == status.output


def test_pretranslate_keeps_what_it_writes(made: TestProject, monkeypatch: pytest.MonkeyPatch) -> None:
    # Apertium drafts the entries no one translated: pretranslate writes the catalog.
    before = made.catalog_path("call", "es").read_bytes()
    result = made.run("pretranslate", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    assert made.catalog_path("call", "es").read_bytes() != before
    with monkeypatch.context() as patched:
        _refuse_parsing(patched)
        kept, _ = readings.read_catalog_kept(find_project(made.root), made.catalog_path("call", "es"))
    assert _every_field(kept) == _every_field(read_catalog(made.catalog_path("call", "es")))


def test_a_catalog_replaced_after_extract_wrote_it_is_parsed_afresh(made: TestProject) -> None:
    _edit_statement(made)
    made.run("extract")
    made.translate("call", "es", {"Stop arms sales": "Detener la venta de armas"})  # a PO editor's save
    catalog, _ = readings.read_catalog_kept(find_project(made.root), made.catalog_path("call", "es"))
    assert catalog.index()[(None, "Stop arms sales")].msgstr == "Detener la venta de armas"


def test_build_check_and_extract_check_keep_no_reading(made: TestProject) -> None:
    kept = made.root / ".stmtl10n-cache" / "readings"
    for path in sorted(kept.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    made.run("build", "--check")
    made.run("extract", "--check")
    assert not kept.exists() or not any(path.is_file() for path in kept.rglob("*"))


def test_the_review_server_loads_what_check_parsed(made: TestProject, monkeypatch: pytest.MonkeyPatch) -> None:
    project = find_project(made.root)
    path = made.catalog_path("call", "es")
    parsed, _ = readings.read_catalog_kept(project, path)  # as check or build reads it
    with monkeypatch.context() as patched:
        _refuse_parsing(patched)
        snapshot = review_catalogs.CatalogCache(project).load(path)
    assert _every_field(snapshot.catalog) == _every_field(parsed)
