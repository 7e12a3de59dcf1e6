"""Extract: statements to a template and per-language catalogs, updated like ``msgmerge --previous``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from stmtl10n import __version__
from stmtl10n._io import atomic_write, file_lock, read_statement
from stmtl10n.catalog import Catalog, Entry, merge_catalog, read_catalog, render_catalog
from stmtl10n.config import Project
from stmtl10n.formats import format_for
from stmtl10n.detect import foreign_segments, statement_language
from stmtl10n.locales import display_name, plural_forms
from stmtl10n.model import NO_TRANSLATE_FLAG, Segment, Statement
from stmtl10n.project import list_statements


@dataclass(slots=True)
class CatalogChange:
    """What extract did to one template or catalog."""

    path: str
    lang: str | None  # None for the template
    action: str  # "created", "updated", "unchanged"
    new: int = 0  # entries with no translation to reuse
    fuzzy: int = 0  # entries that took a changed segment's old translation
    obsolete: int = 0  # entries kept as #~ because their segment went away


@dataclass(slots=True)
class ExtractResult:
    statement: Statement
    segments: int
    changes: list[CatalogChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract(project: Project, names: tuple[str, ...] = (), *, now: datetime | None = None) -> list[ExtractResult]:
    """Extract every statement (or those named) of a project into its catalogs.

    :raises FormatError: for a statement that cannot be read.
    :raises CatalogError: for an existing catalog that cannot be read; nothing
        of that statement is written then.
    """
    stamp = _po_date(now or datetime.now(timezone.utc))
    return [extract_statement(project, statement, stamp=stamp) for statement in list_statements(project, names)]


def extract_statement(project: Project, statement: Statement, *, stamp: str) -> ExtractResult:
    """Segment one statement, then write its template and refresh its catalogs."""
    path = project.root / statement.path
    text = read_statement(path, display=statement.path)
    segments = format_for(path).extract(text, path=statement.path)
    warnings = []
    source_lang = project.settings.source_lang
    detected = statement_language(text)
    if detected is not None and detected.split("_")[0] != source_lang.split("_")[0]:
        warnings.append(
            f"{statement.path}: reads as {display_name(detected)}, but the project's source language is "
            f"{display_name(source_lang)}; check the file, or source-lang in {project.relative(project.config_path)}"
        )
    segments = mark_foreign_segments(segments, source_lang)
    template_entries = entries_from_segments(segments, statement.path)

    # Read every existing catalog before writing anything, so a broken one
    # stops the statement with all its files untouched.
    template_path = project.template_path(statement.slug)
    old_template = read_catalog(template_path, display=project.relative(template_path)) if template_path.exists() else None
    old_catalogs: dict[str, Catalog | None] = {}
    for lang in project.settings.languages:
        po_path = project.catalog_path(statement.slug, lang)
        old_catalogs[lang] = read_catalog(po_path, display=project.relative(po_path)) if po_path.exists() else None

    result = ExtractResult(statement, len(segments), warnings=warnings)
    template = Catalog(
        locale=None,
        header=template_header(statement, stamp=stamp),
        header_comments=[f"Template for {statement.path}, written by stmtl10n.",
                         "Translators: edit the catalogs under locales/<language>/, not this file."],
        header_is_fuzzy=True,
        entries=template_entries,
    )
    if old_template is not None and _same_entries(old_template, template):
        template.header["POT-Creation-Date"] = old_template.header.get("POT-Creation-Date", stamp)
    result.changes.append(_write_if_changed(project, template_path, template, lang=None, old=old_template))
    creation_date = template.header["POT-Creation-Date"]

    for lang in old_catalogs:
        po_path = project.catalog_path(statement.slug, lang)
        # Under the catalog's lock, read it again: a reviewer or a pretranslate
        # run may have written it since the check above.
        with file_lock(project.lock_path(po_path)):
            existing = read_catalog(po_path, display=project.relative(po_path)) if po_path.exists() else None
            old = existing or Catalog(locale=lang, header=catalog_header(statement, lang, stamp=stamp), header_comments=[
                f"{display_name(lang)} translation of {statement.path}.",
            ])
            merged = merge_catalog(old, template_entries)
            merged.header["POT-Creation-Date"] = creation_date
            merged.header.setdefault("Language", lang)
            change = _write_if_changed(project, po_path, merged, lang=lang, old=existing)
        old_keys = old.index()
        for entry in merged.active():
            if entry.key not in old_keys:
                if entry.is_fuzzy and entry.previous_msgid is not None:
                    change.fuzzy += 1
                else:
                    change.new += 1
        change.obsolete = sum(1 for e in merged.entries if e.obsolete) - sum(1 for e in old.entries if e.obsolete)
        result.changes.append(change)
    return result


def entries_from_segments(segments: list[Segment], reference_path: str) -> list[Entry]:
    """Template entries, one per distinct ``(msgctxt, msgid)``, references merged, in document order."""
    by_key: dict[tuple[str | None, str], Entry] = {}
    for segment in segments:
        reference = f"{reference_path}:{segment.line}"
        entry = by_key.get(segment.key)
        if entry is None:
            by_key[segment.key] = Entry(
                msgid=segment.text,
                msgctxt=segment.context,
                flags=list(segment.flags),
                extracted_comments=[segment.kind, *segment.notes],
                references=[reference],
            )
        elif reference not in entry.references:
            entry.references.append(reference)
    return list(by_key.values())


def mark_foreign_segments(segments: list[Segment], statement_lang: str) -> list[Segment]:
    """Flag ``no-translate`` the segments written in another language than the statement.

    An Arabic organization name in an English list is copied as it is by
    pretranslate, never sent to an engine.
    """
    foreign = foreign_segments(segments, statement_lang)
    if not foreign:
        return segments
    note = "Written in another language than the statement: copy it as it is."
    return [
        dataclasses.replace(segment, flags=(*segment.flags, NO_TRANSLATE_FLAG), notes=(*segment.notes, note))
        if index in foreign else segment
        for index, segment in enumerate(segments)
    ]


def template_header(statement: Statement, *, stamp: str) -> dict[str, str]:
    return {
        "Project-Id-Version": statement.slug,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"stmtl10n {__version__}",
    }


def catalog_header(statement: Statement, lang: str, *, stamp: str) -> dict[str, str]:
    """A new catalog's header; language facts come from CLDR through babel."""
    return {
        "Project-Id-Version": statement.slug,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": display_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": f"stmtl10n {__version__}",
    }


def _same_entries(a: Catalog, b: Catalog) -> bool:
    return render_catalog(Catalog(None, entries=a.entries)) == render_catalog(Catalog(None, entries=b.entries))


def _write_if_changed(project: Project, path: Path, catalog: Catalog, *, lang: str | None, old: Catalog | None) -> CatalogChange:
    # Rewriting an unchanged catalog would only churn dates and git history.
    text = render_catalog(catalog)
    shown = project.relative(path)
    if old is not None and path.exists() and path.read_text(encoding="utf-8") == text:
        return CatalogChange(shown, lang, "unchanged")
    atomic_write(path, text)
    return CatalogChange(shown, lang, "created" if old is None else "updated")


def _po_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")
