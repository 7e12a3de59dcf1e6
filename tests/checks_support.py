"""Helpers for the checks, detect and status tests: one-entry contexts and small projects on disk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from stmtl10n.catalog import Catalog, Entry, write_catalog
from stmtl10n.checks import CHECKS, CheckContext, check_entry
from stmtl10n.model import Problem

CANDIDATES = ("en", "es", "fr", "ar")


def context(lang: str, *, source_lang: str = "en", markdown: bool = True, catalog: Catalog | None = None,
            reviewed: dict[tuple[str | None, str], dict[str, tuple[str, ...]]] | None = None,
            statement: str = "call", kept_terms: Sequence[str] = ()) -> CheckContext:
    return CheckContext(
        statement=statement, lang=lang, source_lang=source_lang, catalog=catalog or Catalog(locale=lang),
        catalog_path=f"locales/{lang}/LC_MESSAGES/{statement}.po", is_markdown=markdown, candidates=CANDIDATES,
        reviewed_translations=reviewed or {}, kept_terms=tuple(kept_terms),
    )


def entry(msgid: str, msgstr: str, *, flags: Iterable[str] = (), msgctxt: str | None = None) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, flags=list(flags), references=["statements/call.md:3"])


def problems(lang: str, msgid: str, msgstr: str, *, check: str | None = None, flags: Iterable[str] = (),
             markdown: bool = True, source_lang: str = "en", kept_terms: Sequence[str] = ()) -> list[Problem]:
    """The problems one entry has, from one check or from all of them."""
    checks = {check: CHECKS[check]} if check else CHECKS
    ctx = context(lang, markdown=markdown, source_lang=source_lang, kept_terms=kept_terms)
    return check_entry(ctx, entry(msgid, msgstr, flags=flags), checks)


def messages(found: Sequence[Problem]) -> list[str]:
    return [p.message for p in found]


def checks_of(found: Sequence[Problem]) -> list[str]:
    return [p.check for p in found]


def make_project(root: Path, *, languages: Sequence[str] = ("es", "ar", "fr"), extra_config: str = "",
                 statements: dict[str, str] | None = None) -> Path:
    """A project folder with settings and statements (catalogs are written with :func:`write_po`)."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    (root / "statements").mkdir(parents=True)
    (root / "locales").mkdir()
    (root / "stmtl10n.toml").write_text(f'source-lang = "en"\nlanguages = [{langs}]\n{extra_config}', encoding="utf-8")
    for name, text in (statements or {"call.md": "# Call\n\nText.\n"}).items():
        (root / "statements" / name).write_text(text, encoding="utf-8")
    return root


def write_po(root: Path, slug: str, lang: str, entries: Sequence[Entry]) -> Path:
    """Write a catalog for ``slug`` in ``lang`` with exactly these entries."""
    path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {
        "Project-Id-Version": slug, "Language": lang, "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
    }
    write_catalog(path, Catalog(locale=lang, header=header, entries=list(entries)))
    return path
