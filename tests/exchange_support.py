"""Helpers for the aligned-document, TMX and align tests: small projects made in tmp_path, run through the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from stmtl10n.catalog import Catalog, read_catalog, write_catalog
from stmtl10n.cli import cli
from stmtl10n.project import Project, find_project

PARALLEL = Path(__file__).parent / "data" / "parallel"


@dataclass
class TestProject:
    """A project folder and the CLI pointed at it."""

    __test__ = False  # not a test class, whatever its name

    root: Path
    runner: CliRunner

    @property
    def project(self) -> Project:
        return find_project(self.root)

    def run(self, *args: str) -> Result:
        return self.runner.invoke(cli, ["-C", str(self.root), *args])

    def catalog_path(self, slug: str, lang: str) -> Path:
        return self.project.catalog_path(slug, lang)

    def catalog(self, slug: str, lang: str) -> Catalog:
        return read_catalog(self.catalog_path(slug, lang))

    def translate(self, slug: str, lang: str, translations: dict[str, str], *, fuzzy: bool = False) -> None:
        """Set msgstrs by msgid, as reviewed translations (or drafts with ``fuzzy``)."""
        path = self.catalog_path(slug, lang)
        catalog = read_catalog(path)
        index = {entry.msgid: entry for entry in catalog.active()}
        for msgid, msgstr in translations.items():
            entry = index[msgid]
            entry.msgstr = msgstr
            entry.set_fuzzy(fuzzy)
        write_catalog(path, catalog)


def make_project(tmp_path: Path, statements: dict[str, str], *, languages: tuple[str, ...] = ("es", "ar", "fr")) -> TestProject:
    """A project with these statements (file name → text), extracted into catalogs."""
    runner = CliRunner()
    root = tmp_path / "project"
    args = ["init", str(root), "--source-lang", "en"]
    for lang in languages:
        args += ["--lang", lang]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    for name, text in statements.items():
        (root / "statements" / name).write_text(text, encoding="utf-8")
    made = TestProject(root, runner)
    result = made.run("extract")
    assert result.exit_code == 0, result.output
    return made


def parallel(name: str) -> str:
    """A text from tests/data/parallel/ (see SOURCE.md there)."""
    return (PARALLEL / name).read_text(encoding="utf-8")


def blocks(text: str) -> list[str]:
    """The blocks of a parallel text: they are separated by one blank line."""
    return [block for block in text.strip("\n").split("\n\n") if block.strip()]


def join_blocks(parts: list[str]) -> str:
    return "\n\n".join(parts) + "\n"
