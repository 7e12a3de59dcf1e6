"""Shared pytest fixtures."""


# --- GNU gettext oracle (catalog tests) ------------------------------------------------------
# Kept separate from other fixtures: the catalog tests compare our output with gettext's own.

import shutil as _shutil
import subprocess as _subprocess
from pathlib import Path as _Path

import pytest as _pytest


class GettextTools:
    """Run msgcat/msgfmt/msgmerge; a missing gettext fails the test instead of skipping it."""

    def __init__(self) -> None:
        for tool in ("msgcat", "msgfmt", "msgmerge"):
            if _shutil.which(tool) is None:
                _pytest.fail(f"{tool} not found: install GNU gettext (apt-get install gettext)")

    def _run(self, *args: str) -> str:
        done = _subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def msgcat(self, path: _Path) -> str:
        """What gettext writes back for ``path``."""
        return self._run("msgcat", str(path))

    def check(self, path: _Path) -> None:
        """``msgfmt --check`` must accept ``path``."""
        self._run("msgfmt", "--check", "-o", "/dev/null", str(path))

    def msgmerge(self, old: _Path, template: _Path) -> str:
        return self._run("msgmerge", "--quiet", "--previous", "-o", "-", str(old), str(template))


@_pytest.fixture(scope="session")
def gettext_tools() -> GettextTools:
    return GettextTools()
