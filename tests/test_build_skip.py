"""A build with nothing changed since the last one reads no catalog, writes nothing and reports the same.

Each statement's record under ``.stmtl10n-cache/build/`` holds the digest of
what its outputs were made from (statement, catalogs, settings, options, code)
and of each output as written: a changed input, a deleted or hand-edited
output, another option, builds again.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from exchange_support import TestProject, make_project
from stmtl10n.build import BuildResult, build

CALL = """# Call for a week of action

We call on all unions to join the campaign, see [the call](https://bdsmovement.net).

Free Palestine!
"""
LINK = "We call on all unions to join the campaign, see [the call](https://bdsmovement.net)."
ES = {
    "Call for a week of action": "Llamamiento a una semana de acción",
    LINK: "Hacemos un llamamiento a todos los sindicatos para que se unan a la campaña, "
          "véase [el llamamiento](https://bdsmovement.net).",
    "Free Palestine!": "¡Palestina libre!",
}
# stmtl10n/__init__ exports the function build, which hides the module of that name.
build_module = importlib.import_module("stmtl10n.build")
ES_BROKEN = "Hacemos un llamamiento a todos los sindicatos para que se unan a la campaña."


@pytest.fixture
def made(tmp_path: Path) -> TestProject:
    made = make_project(tmp_path, {"call.md": CALL}, languages=("es", "fr"))
    made.translate("call", "es", ES)
    return made


def _outputs(made: TestProject) -> dict[str, bytes]:
    build_dir = made.root / "build"
    return {str(path.relative_to(build_dir)): path.read_bytes() for path in sorted(build_dir.rglob("*")) if path.is_file()}


def _comparable(results: list[BuildResult]) -> list[tuple[object, ...]]:
    return [(r.statement, r.languages, r.path, r.percent, r.skipped, r.aligned, r.problems, r.withheld, r.stale)
            for r in results]


def _no_catalog_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every catalog read of build fail the test; returns the written paths (atomic_write)."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a build with nothing changed read a catalog")

    monkeypatch.setattr(build_module, "read_catalog_kept", refuse)
    writes: list[str] = []
    original = build_module.atomic_write

    def counting(path: Path, data: str | bytes) -> None:
        writes.append(path.name)
        original(path, data)

    monkeypatch.setattr(build_module, "atomic_write", counting)
    return writes


def test_a_second_build_reads_no_catalog_and_writes_no_output(made: TestProject, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(made.project)
    before = _outputs(made)
    assert (made.root / ".stmtl10n-cache" / "build" / "call.json").is_file()
    writes = _no_catalog_read(monkeypatch)
    second = build(made.project)
    assert _comparable(second) == _comparable(first)
    assert all(result.unchanged for result in second if result.path)
    assert _outputs(made) == before
    assert set(writes) <= {"build-outputs.json"}  # the list of build/'s files, no output and no record


def test_the_cli_reports_the_same_and_exits_the_same(made: TestProject) -> None:
    made.translate("call", "es", {LINK: ES_BROKEN})
    first = made.run("build")
    second = made.run("build")
    assert first.exit_code == second.exit_code == 3
    assert "markup" in second.stderr and "skipped call [es]: blocked by 1 problem" in second.stderr
    assert (second.stdout, second.stderr) == (first.stdout, first.stderr)


def test_held_back_translations_keep_their_problems(made: TestProject, monkeypatch: pytest.MonkeyPatch) -> None:
    made.translate("call", "es", {LINK: ES_BROKEN})
    first = build(made.project)
    [blocked] = [result for result in first if result.blocked]
    _no_catalog_read(monkeypatch)
    second = build(made.project)
    [again] = [result for result in second if result.blocked]
    assert again.problems == blocked.problems and again.problems[0].problem.wording is not None
    assert str(again.problems[0]) == str(blocked.problems[0])
    assert again.removed is None  # removed last time, and still gone


@pytest.mark.parametrize("change", ["delete", "edit", "catalog", "statement", "option", "record"])
def test_what_changed_is_built_again(made: TestProject, change: str) -> None:
    made.translate("call", "fr", {"Free Palestine!": "Palestine libre !"}, fuzzy=True)
    build(made.project, min_translated=0)
    built = made.root / "build" / "es" / "call.md"
    good = built.read_bytes()
    options: dict[str, object] = {"min_translated": 0}
    if change == "delete":
        built.unlink()
    elif change == "edit":
        built.write_text("edited by hand\n", encoding="utf-8")
    elif change == "catalog":
        made.translate("call", "es", {"Free Palestine!": "¡Viva Palestina libre!"})
    elif change == "statement":
        (made.root / "statements" / "call.md").write_text(CALL + "\nJoin us.\n", encoding="utf-8")
    elif change == "option":
        options["include_fuzzy"] = True
    else:
        record = made.root / ".stmtl10n-cache" / "build" / "call.json"
        record.write_text(record.read_text(encoding="utf-8")[:-20], encoding="utf-8")  # a torn record
    results = build(made.project, **options)  # type: ignore[arg-type]
    [es] = [result for result in results if result.path == "build/es/call.md"]
    if change in ("delete", "edit"):
        assert not es.unchanged and built.read_bytes() == good
    elif change == "catalog":
        assert not es.unchanged and "¡Viva Palestina libre!" in built.read_text(encoding="utf-8")
    elif change == "statement":
        assert not es.unchanged and "Join us." in built.read_text(encoding="utf-8")
    elif change == "option":
        [fr] = [result for result in results if result.path == "build/fr/call.md"]
        assert not fr.unchanged and "Palestine libre !" in (made.root / fr.path).read_text(encoding="utf-8")
    else:
        assert es.unchanged and json.loads((made.root / ".stmtl10n-cache" / "build" / "call.json").read_text())


def test_a_file_put_where_a_skipped_output_was_is_removed_again(made: TestProject) -> None:
    made.translate("call", "es", {LINK: ES_BROKEN})
    build(made.project)
    built = made.root / "build" / "es" / "call.md"
    assert not built.exists()
    built.parent.mkdir(parents=True, exist_ok=True)
    built.write_text("stale\n", encoding="utf-8")
    [es] = [result for result in build(made.project) if result.lang == "es" and not result.aligned]
    assert es.blocked and es.removed == "build/es/call.md" and not built.exists()


def test_a_dry_run_writes_no_record_but_uses_one(made: TestProject) -> None:
    record = made.root / ".stmtl10n-cache" / "build" / "call.json"
    checked = build(made.project, dry_run=True)
    assert not record.exists() and not any(result.unchanged for result in checked if result.path)
    build(made.project)
    again = build(made.project, dry_run=True)
    assert all(result.unchanged for result in again if result.path)


def test_a_build_with_nothing_to_do_loads_no_check_and_no_parser(made: TestProject) -> None:
    build(made.project)
    # A process of its own: this one has loaded everything already.
    probe = (
        "import sys\nfrom pathlib import Path\nfrom stmtl10n.build import build\nfrom stmtl10n.project import find_project\n"
        f"build(find_project(Path({str(made.root)!r})))\n"
        "print(' '.join(sorted(name for name in sys.modules if name.startswith("
        "('stmtl10n.checks.', 'stmtl10n.formats.', 'markdown_it', 'langdetect', 'babel.dates')))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    # The check records and the format protocol; no check of an entry, no parser, no CLDR dates.
    assert loaded <= {"stmtl10n.checks.base", "stmtl10n.checks.consistency", "stmtl10n.checks.records",
                      "stmtl10n.formats.base"}, loaded
