"""The structure that keeps commands fast, tested without timing anything.

Start-up loads no heavy library; a check with nothing new to do reads its
results back instead of checking (and sees fresh results as soon as a catalog,
the statement, the glossary or the settings change); each text is parsed once
per check run; checks spread over worker processes find what one process
finds; export-tmx streams, so its memory does not grow with the project.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import stmtl10n.checks as checks_module
import stmtl10n.formats.markdown as markdown_format
from checks_support import entry, make_project, write_po
from stmtl10n.catalog import read_catalog
from stmtl10n.checks import catalog_context, check_catalog, run_checks
from stmtl10n.checks.records import RECORDS_DIR
from stmtl10n.documents.tmx import export_tmx, read_tmx
from stmtl10n.project import find_project, list_statements
from stmtl10n.status import project_status

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("babel", "polib", "markdown_it", "deepl", "langdetect", "lxml", "rapidfuzz")


def _imported(*args: str) -> set[str]:
    """The modules ``python -X importtime -m stmtl10n ARGS`` imports."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "stmtl10n", *args],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def test_help_imports_no_heavy_library_nor_the_engines_or_checks() -> None:
    loaded = _imported("--help")
    assert "stmtl10n.cli" in loaded  # the measurement itself works
    assert sorted(name for name in loaded if name.split(".")[0] in HEAVY) == []
    assert sorted(name for name in loaded if name.startswith(("stmtl10n.engines", "stmtl10n.checks"))) == []


def _repo_copy(root: Path) -> Path:
    """This repository's own project (real statements, real catalogs), copied."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "stmtl10n.toml", root / "stmtl10n.toml")
    shutil.copytree(REPO / "statements", root / "statements")
    shutil.copytree(REPO / "locales", root / "locales")
    return root


class _Counter:
    """Wraps the functions run_checks calls per entry and per catalog, and counts the calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = {"check_entry": 0, "read_catalog": 0}
        # What is counted → the function of the checks' module that does it (catalogs are read with their digest).
        targets = {"check_entry": "check_entry", "read_catalog": "read_catalog_kept"}
        for name, target in targets.items():
            original = getattr(checks_module, target)

            def counted(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
                self.calls[_name] += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(checks_module, target, counted)


def test_a_second_check_with_nothing_changed_reads_every_result_back(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo_copy(tmp_path / "p")
    first = run_checks(find_project(root))
    assert first  # the committed drafts have problems worth finding
    counter = _Counter(monkeypatch)
    assert run_checks(find_project(root)) == first
    assert counter.calls == {"check_entry": 0, "read_catalog": 0}
    # status takes its progress and its problems from the same records
    rows = project_status(find_project(root))
    assert counter.calls == {"check_entry": 0, "read_catalog": 0}
    assert sum(row.problem_count for row in rows) == sum(1 for p in first if p.check != "untranslated")


STATEMENTS = {
    "call.md": "# Call\n\nRead [the call](https://example.org/call) of 1947.\n\nThe Nakba goes on.\n",
    "week.md": "# Week\n\nThe Nakba goes on.\n",
}


@pytest.fixture()
def project_dir(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", languages=("es",), statements=STATEMENTS)
    write_po(root, "call", "es", [
        entry("Call", "Llamamiento"),
        entry("Read [the call](https://example.org/call) of 1947.", "Lee [el llamamiento](https://example.org/call) de 1947."),
        entry("The Nakba goes on.", "La catástrofe continúa."),
    ])
    write_po(root, "week", "es", [entry("Week", "Semana"), entry("The Nakba goes on.", "La Nakba continúa.")])
    return root


def _edit_catalog(root: Path) -> None:
    write_po(root, "call", "es", [
        entry("Call", "Llamamiento"),
        entry("Read [the call](https://example.org/call) of 1947.", "Lee el llamamiento de 1974."),
        entry("The Nakba goes on.", "La catástrofe continúa."),
    ])


def _edit_statement(root: Path) -> None:
    path = root / "statements" / "call.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")


def _add_glossary(root: Path) -> None:
    (root / "glossary.csv").write_text("en,es\nNakba,Nakba\n", encoding="utf-8")
    config = root / "stmtl10n.toml"
    config.write_text('glossary = "glossary.csv"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")


def _disable_consistency_and_markup(root: Path) -> None:
    config = root / "stmtl10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[checks]\ndisabled = ["consistency", "markup"]\n',
                      encoding="utf-8")


@pytest.mark.parametrize(("change", "fresh"), [
    (_edit_catalog, {("call", "markup"), ("call", "numbers")}),
    (_edit_statement, set()),
    (_add_glossary, {("call", "names")}),
    (_disable_consistency_and_markup, set()),
], ids=["catalog", "statement", "glossary", "settings"])
def test_a_change_to_what_the_checks_read_gives_fresh_results(project_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                              change: Any, fresh: set[tuple[str, str]]) -> None:
    before = run_checks(find_project(project_dir))
    kept = {(p.statement, p.check) for p in before if p.check != "consistency"}
    assert ("call", "consistency") in {(p.statement, p.check) for p in before}
    change(project_dir)
    counter = _Counter(monkeypatch)
    after = run_checks(find_project(project_dir))
    assert counter.calls["check_entry"] > 0  # checked again, not read back
    found = {(p.statement, p.check) for p in after if p.check != "consistency"}
    if change is _disable_consistency_and_markup:
        assert {p.check for p in after} <= {"untranslated", "unchanged", "length", "punctuation"}
    else:
        assert found == kept | fresh
    # and a run after that reads back what the fresh one found
    counter.calls.update(check_entry=0, read_catalog=0)
    assert run_checks(find_project(project_dir)) == after
    assert counter.calls == {"check_entry": 0, "read_catalog": 0}


def test_consistency_is_worked_out_afresh_when_another_catalog_changes(project_dir: Path) -> None:
    project = find_project(project_dir)
    assert {p.statement for p in run_checks(project) if p.check == "consistency"} == {"call", "week"}
    write_po(project_dir, "week", "es", [entry("Week", "Semana"), entry("The Nakba goes on.", "La catástrofe continúa.")])
    assert [p for p in run_checks(find_project(project_dir)) if p.check == "consistency"] == []


def test_an_unreadable_record_is_made_again(project_dir: Path) -> None:
    first = run_checks(find_project(project_dir))
    records = sorted((project_dir / ".stmtl10n-cache" / RECORDS_DIR).rglob("*.json"))
    assert len(records) == 2
    records[0].write_text('{"format": 1, "catalog": ', encoding="utf-8")  # as a full disk could leave it
    records[1].write_text("[]", encoding="utf-8")
    assert run_checks(find_project(project_dir)) == first
    assert all(json.loads(path.read_text(encoding="utf-8"))["format"] == 2 for path in records)


def test_two_checks_racing_on_no_records_agree(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path / "p")
    command = [sys.executable, "-m", "stmtl10n", "-C", str(root), "check", "--format", "json"]
    racers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) for _ in range(2)]
    outputs = [racer.communicate()[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [3, 3]
    assert outputs[0] == outputs[1]
    assert subprocess.run(command, capture_output=True, check=False).stdout == outputs[0]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="worker processes need two cores")
def test_checks_spread_over_worker_processes_find_what_one_process_finds(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo_copy(tmp_path / "p")
    monkeypatch.setattr(checks_module, "_CATALOGS_PER_WORKER", 10_000)
    alone = run_checks(find_project(root))
    shutil.rmtree(root / ".stmtl10n-cache" / RECORDS_DIR)
    monkeypatch.setattr(checks_module, "_CATALOGS_PER_WORKER", 1)
    monkeypatch.setattr(checks_module, "worker_count", lambda jobs, per_worker: 2)
    counter = _Counter(monkeypatch)
    spread = run_checks(find_project(root))
    assert spread == alone
    # Three catalogs (one per language) are checked before forking; the workers check the nine others.
    assert counter.calls["read_catalog"] == 3


def test_each_text_is_parsed_once_per_check_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parser = markdown_format.markdown_parser()
    parsed: list[str] = []

    class Counting:
        def parseInline(self, text: str) -> Any:  # markdown-it's name
            parsed.append(text)
            return parser.parseInline(text)

    monkeypatch.setattr(markdown_format, "markdown_parser", Counting)  # the checks import it when they parse
    root = make_project(tmp_path / "p", languages=("es",), statements={"call.md": "# Call\n"})
    entries = [entry(f"Read [the call](https://example.org/{n}) of 29 November 1947, #Gaza{n}.",
                     f"Lee [el llamamiento](https://example.org/{n}) del 29 de noviembre de 1947, #Gaza{n}.")
               for n in range(5)]
    write_po(root, "call", "es", entries)
    project = find_project(root)
    statement = list_statements(project)[0]
    catalog = read_catalog(project.catalog_path("call", "es"))
    check_catalog(catalog_context(project, statement, "es", catalog))
    assert len(parsed) == 2 * len(entries) == len(set(parsed))  # msgid and msgstr, once each


def _tmx_project(root: Path, statements: int) -> Path:
    """A project whose every entry is a reviewed translation of its own source text."""
    names = {f"s{number:03d}.md": f"# Statement {number}\n" for number in range(statements)}
    make_project(root, languages=("es",), statements=names)
    for number in range(statements):
        write_po(root, f"s{number:03d}", "es", [
            entry(f"Paragraph {line} of statement {number}: the workers of the port refuse to load the ships "
                  f"of the occupation, and their unions call on every port to do the same.",
                  f"Párrafo {line} de la declaración {number}: los trabajadores del puerto se niegan a cargar los "
                  f"barcos de la ocupación, y sus sindicatos llaman a todos los puertos a hacer lo mismo.")
            for line in range(30)
        ])
    return root


def _traced_export(root: Path) -> tuple[int, int, int]:
    """(tracemalloc peak, units, file size) of exporting the project's TMX."""
    project = find_project(root)
    output = root / "memory.tmx"
    export_tmx(project, output)  # once, so that what every export loads once (CLDR, langdetect) is loaded
    tracemalloc.start()
    try:
        result = export_tmx(project, output)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, result.units, output.stat().st_size


def test_export_tmx_memory_does_not_grow_with_the_project(tmp_path: Path) -> None:
    small = _traced_export(_tmx_project(tmp_path / "small", 8))
    large = _traced_export(_tmx_project(tmp_path / "large", 32))
    assert (small[1], large[1]) == (8 * 30, 32 * 30)
    assert large[2] > 3.5 * small[2]  # four times the units, four times the file
    # A file held whole (or every unit) would grow the peak fourfold too.
    assert large[0] < 1.5 * small[0], (small, large)
    assert large[0] < large[2], (small, large)
    assert [unit.variants["es"][:12] for unit in read_tmx(tmp_path / "large" / "memory.tmx")][:2] == [
        "Párrafo 0 de", "Párrafo 1 de"]


def test_status_with_kept_results_loads_no_parser(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", languages=("es",), statements={"call.md": "# Call\n\nRead [the call](https://example.org).\n"})
    code = (
        "import contextlib, io, sys\n"
        "from stmtl10n.cli import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    cli(['-C', {str(root)!r}, 'status'], standalone_mode=False)\n"
        "print(sorted(m for m in ('markdown_it', 'lxml', 'langdetect') if m in sys.modules))\n"
    )
    subprocess.run([sys.executable, "-m", "stmtl10n", "-C", str(root), "extract"], check=True, capture_output=True)
    first = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert first.stdout.strip() != "[]"  # the first run checks, and parses
    assert second.stdout.strip() == "[]"  # the second reads the kept results only


def test_build_after_a_check_reuses_its_results_and_checks_a_changed_catalog_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stmtl10n.build import build
    from stmtl10n.catalog import write_catalog

    root = _repo_copy(tmp_path / "p")
    run_checks(find_project(root))
    counter = _Counter(monkeypatch)
    first = build(find_project(root), include_fuzzy=True, min_translated=0)
    assert counter.calls["check_entry"] == 0  # every catalog's problems read from the records
    # A translation that loses its numbers, written since: checked again, and held back.
    po = root / "locales" / "es" / "LC_MESSAGES" / "campaign-call-2024.po"
    catalog = read_catalog(po)
    numbered = next(e for e in catalog.active() if any(c.isdigit() for c in e.msgid) and e.msgstr
                    and "signatory" not in e.flags)
    numbered.msgstr = "Sin cifras."
    write_catalog(po, catalog)
    again = build(find_project(root), include_fuzzy=True, min_translated=0)
    assert counter.calls["check_entry"] > 0
    blocked = [r for r in again if r.skipped and "campaign-call-2024" in r.statement and r.languages == ("es",)]
    assert blocked and not any(r.skipped for r in first if r.statement == "campaign-call-2024" and r.languages == ("es",))
