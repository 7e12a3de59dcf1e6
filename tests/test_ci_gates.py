"""The CI gates: ``extract --check`` and ``build --check`` say what would change and write nothing; the pre-commit hooks."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.cli import cli
from stmtl10n.extract import extract
from stmtl10n.project import find_project

REPO = Path(__file__).resolve().parent.parent
STATEMENTS = REPO / "statements"
CALL = "solidarity-day-call"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, runner: CliRunner) -> Path:
    """A project with the repository's four real statements, not yet extracted."""
    root = tmp_path / "proj"
    result = runner.invoke(cli, ["init", str(root), "--source-lang", "en", "--lang", "es", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    for statement in STATEMENTS.iterdir():
        shutil.copy(statement, root / "statements" / statement.name)
    return root


def invoke(runner: CliRunner, root: Path, *args: str) -> Result:
    return runner.invoke(cli, ["-C", str(root), *args])


def tree(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` (hidden ones too): a file's SHA-256, a folder's "dir"."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(root.rglob("*"))
    }


def check_writes_nothing(runner: CliRunner, root: Path, *args: str) -> Result:
    before = tree(root)
    result = invoke(runner, root, *args)
    assert tree(root) == before, f"{' '.join(args)} changed the project"
    return result


def test_extract_check_of_a_new_project_lists_every_file_and_writes_nothing(project: Path, runner: CliRunner) -> None:
    result = check_writes_nothing(runner, project, "extract", "--check")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"locales/{CALL}.pot: would be created" in lines
    assert any(line.startswith(f"locales/es/LC_MESSAGES/{CALL}.po: would be created (") for line in lines)
    assert len(lines) == 4 * 3  # four statements: a template and two catalogs each
    assert result.stderr.splitlines()[-1] == "12 files would change; run `stmtl10n extract` and commit the result."
    assert not (project / ".stmtl10n-cache").exists() and not (project / "locales" / "es").exists()


def test_extract_check_passes_silently_when_the_catalogs_are_up_to_date(project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    result = check_writes_nothing(runner, project, "extract", "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "Nothing would change: catalogs are up to date with the statements.\n"
    # The same without extract's cache (a fresh clone in CI has none).
    shutil.rmtree(project / ".stmtl10n-cache")
    result = check_writes_nothing(runner, project, "extract", "--check")
    assert result.exit_code == 0 and result.stdout == "", result.output


def test_extract_check_says_what_an_edited_statement_would_change_as_extract_then_does(
        project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    path = project / "statements" / f"{CALL}.txt"
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    # Spanish has translations of the two paragraphs that change; French has none.
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{CALL}.po"
    catalog = read_catalog(po)
    for entry in catalog.active():
        if entry.msgid in (paragraphs[1].strip(), paragraphs[3].strip()):
            entry.msgstr = f"Traducción de «{entry.msgid[:30]}»"
    write_catalog(po, catalog)
    assert sum(1 for entry in read_catalog(po).active() if entry.msgstr) == 2
    # One paragraph reworded (fuzzy in Spanish), one removed (obsolete in Spanish), one added (new).
    paragraphs[1] = paragraphs[1].replace("Palestine", "Palestina", 1)
    del paragraphs[3]
    paragraphs.append("A paragraph that was not in the call before.\n")
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")

    checked = check_writes_nothing(runner, project, "extract", "--check")
    assert checked.exit_code == 1, checked.output
    expected = [
        f"locales/{CALL}.pot: would change",
        f"locales/es/LC_MESSAGES/{CALL}.po: would change (1 new, 1 changed (fuzzy), 1 obsolete)",
        f"locales/fr/LC_MESSAGES/{CALL}.po: would change (2 new)",
    ]
    assert checked.stdout.splitlines() == expected
    done = invoke(runner, project, "extract")
    assert f"  updated   locales/es/LC_MESSAGES/{CALL}.po (1 new, 1 changed (fuzzy), 1 obsolete)" in done.stdout
    assert check_writes_nothing(runner, project, "extract", "--check").exit_code == 0


def test_extract_check_sees_a_catalog_edited_by_hand(project: Path, runner: CliRunner) -> None:
    """extract keeps a record of what it wrote; --check must not trust it over the files."""
    assert invoke(runner, project, "extract").exit_code == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{CALL}.po"
    catalog = read_catalog(po)
    catalog.entries = [entry for entry in catalog.entries if entry.msgid != next(iter(catalog.active())).msgid]
    write_catalog(po, catalog)
    result = check_writes_nothing(runner, project, "extract", "--check")
    assert result.exit_code == 1
    assert result.stdout == f"locales/es/LC_MESSAGES/{CALL}.po: would change (1 new)\n"


def test_a_dry_run_extract_returns_what_the_real_one_does(project: Path, runner: CliRunner) -> None:
    root = find_project(project)
    planned = extract(root, dry_run=True)
    assert not (project / "locales" / f"{CALL}.pot").exists()
    done = extract(root)
    assert [(r.statement, r.segments, r.changes, r.warnings) for r in planned] == \
           [(r.statement, r.segments, r.changes, r.warnings) for r in done]


def _translate_first_entry(project: Path, lang: str = "es") -> None:
    po = project / "locales" / lang / "LC_MESSAGES" / f"{CALL}.po"
    catalog = read_catalog(po)
    entry = next(e for e in catalog.active() if e.msgid.startswith("Call for solidarity with Palestine"))
    entry.msgstr = "Llamamiento a la solidaridad con Palestina contra la ocupación, el asesinato y el apartheid"
    write_catalog(po, catalog)


def test_build_check_lists_what_a_build_would_write_change_and_remove(project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    result = check_writes_nothing(runner, project, "build", "--check", "--min-translated", "0")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"build/es/{CALL}.txt: would be written" in lines and f"build/aligned/{CALL}.html: would be written" in lines
    assert len(lines) == 4 * (2 + 2)  # four statements: two languages and two aligned documents each
    assert not (project / "build").exists() and not (project / ".stmtl10n-cache" / "build-outputs.json").exists()

    assert invoke(runner, project, "build", "--min-translated", "0").exit_code == 0
    result = check_writes_nothing(runner, project, "build", "--check", "--min-translated", "0")
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert result.stderr == "Nothing would change: build/ matches the catalogs.\n"

    _translate_first_entry(project)
    (project / "statements" / "campaign-call-2024.txt").unlink()
    result = check_writes_nothing(runner, project, "build", "--check", "--min-translated", "0")
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == [
        "build/aligned/campaign-call-2024.html: would be removed (no statement campaign-call-2024 in statements/ any more)",
        "build/aligned/campaign-call-2024.md: would be removed (no statement campaign-call-2024 in statements/ any more)",
        f"build/aligned/{CALL}.html: would change",
        f"build/aligned/{CALL}.md: would change",
        "build/es/campaign-call-2024.txt: would be removed (no statement campaign-call-2024.txt in statements/ any more)",
        f"build/es/{CALL}.txt: would change",
        "build/fr/campaign-call-2024.txt: would be removed (no statement campaign-call-2024.txt in statements/ any more)",
    ]
    assert result.stderr.splitlines()[-1] == "7 outputs would change; run `stmtl10n build` and commit the result."
    # The build that follows does exactly that, and then there is nothing left to do.
    done = invoke(runner, project, "build", "--min-translated", "0")
    assert done.exit_code == 0, done.output
    assert not (project / "build" / "es" / "campaign-call-2024.txt").exists()
    assert "Llamamiento a la solidaridad" in (project / "build" / "es" / f"{CALL}.txt").read_text(encoding="utf-8")
    assert check_writes_nothing(runner, project, "build", "--check", "--min-translated", "0").exit_code == 0


def test_build_check_names_an_output_the_threshold_would_remove(project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    assert invoke(runner, project, "build", "--min-translated", "0").exit_code == 0
    result = check_writes_nothing(runner, project, "build", "--check", "--lang", "es")
    assert result.exit_code == 1
    assert f"build/es/{CALL}.txt: would be removed (0% translated, below --min-translated 80)" in result.stdout


def test_build_check_with_a_blocked_translation_names_it_and_changes_nothing(project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{CALL}.po"
    catalog = read_catalog(po)
    entry = next(e for e in catalog.active() if "1977" in e.msgid)
    entry.msgstr = "Una fecha aprobada por las Naciones Unidas."  # the numbers are lost: an error
    write_catalog(po, catalog)
    assert invoke(runner, project, "build", "--min-translated", "0").exit_code == 3
    result = check_writes_nothing(runner, project, "build", "--check", "--min-translated", "0")
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert f"{CALL} [es]: blocked by 4 problems" in result.stderr  # 1977, 181, 29 and 1947


def test_check_keeps_exit_code_3_for_problems(project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    assert invoke(runner, project, "check").exit_code == 3  # untranslated entries are problems (warnings)


def _hooks(text: str) -> dict[str, dict[str, str]]:
    """The hooks of a .pre-commit-hooks.yaml written as ours is: a ``- id:`` line, then ``key: value`` lines.

    (The venv has no YAML parser; pre-commit itself reads the file in the try-repo run docs/ci.md reports.)
    """
    hooks: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.removeprefix("- ").strip().partition(": ")
        if line.startswith("- "):
            hooks.append({})
        hooks[-1][key] = value.strip().strip("'\"")
    return {hook["id"]: hook for hook in hooks}


def test_the_pre_commit_hooks_run_the_gates_on_statements_and_catalogs() -> None:
    hooks = _hooks((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks["stmtl10n-extract-check"]["entry"] == "stmtl10n extract --check"
    assert hooks["stmtl10n-check"]["entry"] == "stmtl10n check"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] == "false"
        pattern = re.compile(hook["files"])
        assert pattern.search("statements/call.md") and pattern.search("locales/es/LC_MESSAGES/call.po")
        assert not pattern.search("src/app.py") and not pattern.search("docs/statements/x.md")
