"""Shared pytest set-up: GNU gettext as an oracle on every catalog a test writes, its kept reading checked
against a parse of the file, and --update-golden."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stmtl10n.catalog import catalog_digest, read_catalog
from stmtl10n.errors import Stmtl10nError
from stmtl10n.project import find_project
from stmtl10n.readings import kept_catalog


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", dest="update_golden",
                     help="Rewrite golden files from the current output (review the diff in git).")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "foreign_catalogs: the test writes catalogs gettext would rewrite on purpose "
        "(broken files, other tools' flags), so they are not held to msgcat's output",
    )


def read_exact(path: Path) -> str:
    """A text file as written: newline="" keeps "\r\n", so round trips are checked byte for byte."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write_exact(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare output with a golden file; ``--update-golden`` rewrites it (review the diff in git).

    A missing golden file is written and the test fails, so a new case is
    always looked at once before it can pass.
    """

    def check(path: Path, actual: str) -> None:
        if request.config.getoption("update_golden"):
            write_exact(path, actual)
            return
        if not path.exists():
            write_exact(path, actual)
            pytest.fail(f"{path} was missing and has been written: review it, then run again")
        assert actual == read_exact(path), f"{path} differs (run pytest --update-golden and review the diff)"

    return check


class GettextTools:
    """Run msgcat/msgfmt/msgmerge; a missing gettext fails the test instead of skipping it."""

    def __init__(self) -> None:
        for tool in ("msgcat", "msgfmt", "msgmerge"):
            if shutil.which(tool) is None:
                pytest.fail(f"{tool} not found: install GNU gettext (apt-get install gettext)")

    def _run(self, *args: str) -> str:
        done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def msgcat(self, path: Path) -> str:
        """What gettext writes back for ``path``."""
        return self._run("msgcat", str(path))

    def check(self, path: Path) -> None:
        """``msgfmt --check`` must accept ``path``."""
        self._run("msgfmt", "--check", "-o", "/dev/null", str(path))

    def msgmerge(self, old: Path, template: Path) -> str:
        return self._run("msgmerge", "--quiet", "--previous", "-o", "-", str(old), str(template))


@pytest.fixture(scope="session")
def gettext_tools() -> GettextTools:
    return GettextTools()


@pytest.fixture(autouse=True)
def _catalogs_are_what_gettext_writes(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that used ``tmp_path``, every .po/.pot in it passes ``msgfmt --check``
    and ``msgcat`` prints it back unchanged."""
    if "tmp_path" not in request.fixturenames or request.node.get_closest_marker("foreign_catalogs"):
        yield
        return
    # Both set up here: fixtures cannot be asked for during teardown.
    root: Path = request.getfixturevalue("tmp_path")
    tools: GettextTools = request.getfixturevalue("gettext_tools")
    yield
    if hasattr(request.node, "rep_call") and not request.node.rep_call.passed:
        return  # the test's own failure says more
    catalogs = sorted(p for pattern in ("*.po", "*.pot") for p in root.rglob(pattern) if ".work" not in p.parts)
    for path in catalogs:
        tools.check(path)
        assert tools.msgcat(path) == path.read_text(encoding="utf-8"), f"{path} is not what msgcat writes"
        _kept_reading_is_the_files(path, root)


def _kept_reading_is_the_files(path: Path, root: Path) -> None:
    """A reading kept for this very file (by the command that parsed it or wrote it) is what parsing it gives."""
    folder = next((parent for parent in path.parents if (parent / ".stmtl10n-cache").is_dir()), None)
    if folder is None or not folder.is_relative_to(root):
        return
    try:
        project = find_project(folder)
    except Stmtl10nError:
        return
    digest = catalog_digest(path)
    shown = project.relative(path)
    kept = kept_catalog(project, shown, digest) if digest is not None else None
    if kept is None:
        return
    parsed = read_catalog(path, display=shown)
    assert kept == parsed, f"{path}: the kept reading is not what parsing the file gives"
    assert [e.line for e in kept.entries] == [e.line for e in parsed.entries], f"{path}: kept lines differ"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
