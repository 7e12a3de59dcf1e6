"""Build: catalogs back into per-language statements in the source's format."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from stmtl10n._io import UTF8_BOM, atomic_write, has_bom, read_statement
from stmtl10n.documents.side_by_side import write_aligned
from stmtl10n.catalog import Catalog, Entry, read_catalog
from stmtl10n.project import Project
from stmtl10n.formats import format_for
from stmtl10n.model import Segment, Statement
from stmtl10n.project import list_statements, map_statements


@dataclass(frozen=True, slots=True)
class BuildResult:
    """One file of a build: a statement in one language (written, or skipped and why), or an aligned document."""

    statement: str
    languages: tuple[str, ...]  # one language; for an aligned document, every column's
    path: str | None  # None when skipped
    percent: float  # share of entries published as translated (reviewed cells, when aligned)
    skipped: str | None = None  # the reason, when not written
    aligned: bool = False

    @property
    def lang(self) -> str:
        return self.languages[0] if not self.aligned else "+".join(self.languages)


def build(
    project: Project,
    *,
    languages: tuple[str, ...] = (),
    names: tuple[str, ...] = (),
    include_fuzzy: bool = False,
    min_translated: float | None = None,
    width: int | None = None,
    reviewed_only: bool = False,
) -> list[BuildResult]:
    """Write ``build/<lang>/<slug>.<ext>`` for every statement and language.

    Untranslated entries, and fuzzy ones unless ``include_fuzzy``, fall back to
    the source text. A statement below ``min_translated`` percent is not written.
    Each statement also gets ``build/aligned/<slug>.html`` and ``.md``, all its
    languages side by side (see :mod:`stmtl10n.documents.side_by_side`); their results are
    ``aligned`` with ``percent`` the share of reviewed cells, and
    ``reviewed_only`` leaves drafts and untranslated cells blank in them.
    """
    threshold = project.settings.min_translated if min_translated is None else min_translated
    langs = project.require_languages(languages)
    options = _Options(include_fuzzy, threshold, width, reviewed_only)
    statements = list_statements(project, names)
    batches = map_statements(functools.partial(_build_files, project, languages=langs, options=options), statements)
    return [result for batch in batches for result in batch]


@dataclass(frozen=True, slots=True)
class _Options:
    include_fuzzy: bool
    min_translated: float
    width: int | None
    reviewed_only: bool


def _build_files(project: Project, statement: Statement, *, languages: tuple[str, ...], options: _Options) -> list[BuildResult]:
    """Every file of one statement: each language, then the aligned documents; each catalog read once."""
    text = read_statement(project.root / statement.path, display=statement.path)
    catalogs = {lang: _read_if_present(project, project.catalog_path(statement.slug, lang)) for lang in languages}
    results = [
        _write_statement(project, statement, lang, text, catalogs[lang], include_fuzzy=options.include_fuzzy,
                         min_translated=options.min_translated, width=options.width)
        for lang in languages
    ]
    aligned = write_aligned(project, statement, languages=languages, reviewed_only=options.reviewed_only,
                            text=text, catalogs=catalogs)
    columns = (project.settings.source_lang, *languages)
    for path in (aligned.html_path, aligned.markdown_path):
        results.append(BuildResult(statement.slug, columns, path, aligned.reviewed_percent, aligned=True))
    return results


def _read_if_present(project: Project, path: Path) -> Catalog | None:
    return read_catalog(path, display=project.relative(path)) if path.exists() else None


def _write_statement(
    project: Project,
    statement: Statement,
    lang: str,
    text: str,
    catalog: Catalog | None,
    *,
    include_fuzzy: bool,
    min_translated: float,
    width: int | None,
) -> BuildResult:
    if catalog is None:
        po_path = project.relative(project.catalog_path(statement.slug, lang))
        return BuildResult(statement.slug, (lang,), None, 0.0, skipped=f"no catalog {po_path}; run `stmtl10n extract`")
    segments = format_for(statement.path).extract(text, path=statement.path)
    percent = published_percent(catalog, segments, include_fuzzy=include_fuzzy)
    if percent < min_translated:
        return BuildResult(
            statement.slug, (lang,), None, percent,
            skipped=f"{percent:.0f}% translated, below --min-translated {min_translated:g}",
        )
    output = render_statement(text, catalog, path=statement.path, include_fuzzy=include_fuzzy, width=width)
    target = project.build_dir / lang / Path(statement.path).name
    data = output.encode("utf-8")
    if has_bom(project.root / statement.path):
        data = UTF8_BOM + data
    atomic_write(target, data)
    return BuildResult(statement.slug, (lang,), project.relative(target), percent)


def render_statement(text: str, catalog: Catalog, *, path: str, include_fuzzy: bool = False, width: int | None = None) -> str:
    """The statement ``text`` with every segment replaced by its translation from ``catalog``."""
    index = catalog.index()

    def translate(segment: Segment) -> str | None:
        entry = index.get(segment.key)
        if entry is None or not is_published(entry, include_fuzzy=include_fuzzy):
            return None
        return entry.msgstr

    return format_for(path).render(text, translate, path=path, width=width)


def is_published(entry: Entry, *, include_fuzzy: bool) -> bool:
    """Whether a build uses this entry's msgstr rather than the source text."""
    return entry.state.is_published(include_fuzzy=include_fuzzy)


def published_percent(catalog: Catalog, segments: Sequence[Segment], *, include_fuzzy: bool) -> float:
    """Share of the statement's distinct segments whose translation a build would publish.

    Counted over the statement as it is now, not over the catalog: a paragraph
    added since the last extract has no entry, falls back to the source, and
    must lower the share (100 for a statement with no segments).
    """
    keys = {segment.key for segment in segments}
    if not keys:
        return 100.0
    index = catalog.index()
    done = sum(1 for key in keys if key in index and is_published(index[key], include_fuzzy=include_fuzzy))
    return 100.0 * done / len(keys)
