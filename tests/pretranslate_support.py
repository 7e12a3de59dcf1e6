"""Helpers for the pretranslate and memory tests: small projects, hand-written catalogs, gettext checks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from stmtl10n.catalog import Catalog, Entry, read_catalog, write_catalog
from stmtl10n.project import Project, find_project, init_project

REPO = Path(__file__).resolve().parent.parent
STATEMENTS = REPO / "statements"


def make_project(root: Path, *, languages: tuple[str, ...] = ("es", "ar", "fr"),
                 statements: dict[str, str] | None = None, copy_repo_statements: bool = False) -> Project:
    """A fresh project in ``root`` with the given statement files (name → text)."""
    init_project(root, source_lang="en", languages=languages)
    if copy_repo_statements:
        for path in STATEMENTS.iterdir():
            if path.is_file():
                shutil.copy(path, root / "statements" / path.name)
    for name, text in (statements or {}).items():
        (root / "statements" / name).write_text(text, encoding="utf-8")
    return find_project(root)


def write_po(project: Project, slug: str, lang: str, entries: list[Entry]) -> Path:
    """Write a catalog by hand (for memory tests that need exact entry states)."""
    path = project.catalog_path(slug, lang)
    header = {
        "Project-Id-Version": slug,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    write_catalog(path, Catalog(lang, header=header, entries=entries))
    return path


def read_po(project: Project, slug: str, lang: str) -> Catalog:
    return read_catalog(project.catalog_path(slug, lang))


def by_msgid(catalog: Catalog) -> dict[str, Entry]:
    return {entry.msgid: entry for entry in catalog.active()}


def extract_all(project: Project) -> None:
    from stmtl10n.extract import extract

    extract(project)


def msgfmt_check(path: Path) -> None:
    """GNU msgfmt --check as an oracle: fails loudly (no skip) when gettext is missing."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None, "GNU gettext's msgfmt is required: apt-get install gettext"
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, f"{path}: {done.stderr}"


def all_catalogs(project: Project) -> list[Path]:
    return sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po"))
