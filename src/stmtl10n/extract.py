"""Extract: statements to a template and per-language catalogs, updated like ``msgmerge --previous``."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from stmtl10n import __version__
from stmtl10n._io import atomic_write, file_digest, file_lock, read_statement, read_statement_bytes
from stmtl10n.catalog import Catalog, Entry, EntryState, merge_catalog, render_catalog, render_catalog_and_reading
from stmtl10n.detect import foreign_segments, statement_language
from stmtl10n.formats import binary_format_for, format_for, is_binary
from stmtl10n.locales import display_name, plural_forms
from stmtl10n.model import NO_TRANSLATE_FLAG, Segment, Statement
from stmtl10n.project import Project, list_statements, map_statements
from stmtl10n.readings import read_catalog_kept, read_segments, write_catalog_kept

_Result = TypeVar("_Result")


@dataclass(slots=True)
class CatalogChange:
    """What extract did to one template or catalog."""

    path: str
    lang: str | None  # None for the template
    action: str  # "created", "updated", "unchanged" (with dry_run: what a real run would do)
    new: int = 0  # entries with no translation to reuse
    fuzzy: int = 0  # entries that took a changed segment's old translation
    obsolete: int = 0  # entries kept as #~ because their segment went away


@dataclass(slots=True)
class ExtractResult:
    statement: Statement
    segments: int
    changes: list[CatalogChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract(
    project: Project,
    *,
    names: Sequence[str] = (),
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[ExtractResult]:
    """Extract every statement (or those named) of a project into its template and catalogs.

    :param names: statements by slug, file name or path (default: every statement).
    :param dry_run: find what would change and write nothing at all, not even a
        cache record or a lock file (``stmtl10n extract --check``): each change's
        ``action`` is then what a real run would do (``created``, ``updated``).
    :param now: the time written in new headers (default: now, UTC).
    :raises FormatError: for a statement that cannot be read.
    :raises CatalogError: for an existing catalog that cannot be read; nothing
        of that statement is written then.
    """
    stamp = _po_date(now or datetime.now(UTC))
    work = functools.partial(extract_statement, project, stamp=stamp, dry_run=dry_run)
    return _map_warm(work, list_statements(project, tuple(names)))


def _map_warm(work: Callable[[Statement], _Result], statements: list[Statement]) -> list[_Result]:
    """:func:`~stmtl10n.project.map_statements`, the first statement done first, here.

    What every statement needs and is computed once (the parser's tables, CLDR's
    month and country names, langdetect's profiles) is then ready before the
    worker processes fork, instead of being computed again in each of them.
    """
    if len(statements) < 2:
        return [work(statement) for statement in statements]
    first = work(statements[0])
    return [first, *map_statements(work, statements[1:])]


def extract_statement(project: Project, statement: Statement, *, stamp: str, dry_run: bool = False) -> ExtractResult:
    """Segment one statement, then write its template and refresh its catalogs (``dry_run``: only say what would change)."""
    path = project.root / statement.path
    data = read_statement_bytes(path, display=statement.path) if is_binary(path) else None
    # A binary document is remembered by its digest: what the record keys on is text.
    text = read_statement(path, display=statement.path) if data is None else hashlib.sha256(data).hexdigest()
    up_to_date = _up_to_date(project, statement, text)
    if up_to_date is not None:
        return up_to_date
    if data is None:
        fmt = format_for(path, front_matter_keys=project.settings.front_matter_keys)
        segments = read_segments(project, statement, fmt, text, keep=not dry_run)  # kept for the builds that follow
    else:
        segments = binary_format_for(path).extract(data, path=statement.path)
    warnings = []
    source_lang = project.settings.source_lang
    detected = statement_language(text if data is None else "\n\n".join(segment.text for segment in segments))
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
    # Each path made relative once: project.relative resolves it on the file system.
    shown_paths = {path: project.relative(path) for path in _statement_files(project, statement)}
    old_template, _ = _read_existing(project, template_path, shown_paths[template_path], keep=not dry_run)
    old_catalogs = {
        lang: _read_existing(project, path, shown_paths[path], keep=not dry_run)
        for lang, path in zip(project.settings.languages, _statement_files(project, statement)[1:], strict=True)
    }

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
    with _lock_unless(dry_run, project.lock_path(template_path)):
        result.changes.append(_write_if_changed(project, template_path, template, lang=None, old=old_template,
                                                dry_run=dry_run, shown=shown_paths[template_path]))
    creation_date = template.header["POT-Creation-Date"]

    for lang, (existing, signature) in old_catalogs.items():
        po_path = project.catalog_path(statement.slug, lang)
        # Under the catalog's lock, read it again if a reviewer or a
        # pretranslate run has written it since the check above.
        with _lock_unless(dry_run, project.lock_path(po_path)):
            if file_digest(po_path) != signature:
                existing, _ = _read_existing(project, po_path, shown_paths[po_path], keep=not dry_run)
            old = existing or Catalog(locale=lang, header=catalog_header(statement, lang, stamp=stamp), header_comments=[
                f"{display_name(lang)} translation of {statement.path}.",
            ])
            merged = merge_catalog(old, template_entries)
            merged.header["POT-Creation-Date"] = creation_date
            merged.header.setdefault("Language", lang)
            change = _write_if_changed(project, po_path, merged, lang=lang, old=existing, dry_run=dry_run,
                                       shown=shown_paths[po_path])
        old_keys = old.index()
        for entry in merged.active():
            if entry.key not in old_keys:
                if entry.state is EntryState.CHANGED:
                    change.fuzzy += 1
                else:
                    change.new += 1
        change.obsolete = sum(1 for e in merged.entries if e.obsolete) - sum(1 for e in old.entries if e.obsolete)
        result.changes.append(change)
    if not dry_run:
        _remember(project, statement, text, result)
    return result


def _lock_unless(dry_run: bool, lock_path: Path) -> AbstractContextManager[None]:
    # A dry run writes nothing, so it needs no lock, and taking one would create the lock file.
    return nullcontext() if dry_run else file_lock(lock_path)


# A record per statement of what its last extract read and wrote, so that an
# extract with nothing to do (same statement, catalogs untouched since) does
# not parse every catalog again: polib reads some 1 MB/s.
def _record_path(project: Project, statement: Statement) -> Path:
    return project.cache_dir / "extract" / f"{statement.slug}.json"


def _record_key(project: Project, text: str) -> str:
    settings = project.settings
    material = "\0".join((__version__, settings.source_lang, *settings.languages, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _statement_files(project: Project, statement: Statement) -> list[Path]:
    return [project.template_path(statement.slug)] + [
        project.catalog_path(statement.slug, lang) for lang in project.settings.languages
    ]


def _up_to_date(project: Project, statement: Statement, text: str) -> ExtractResult | None:
    try:
        record = json.loads(_record_path(project, statement).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = _statement_files(project, statement)
    if record.get("key") != _record_key(project, text):
        return None
    if record.get("files") != [file_digest(path, display=project.relative(path)) for path in files]:
        return None
    result = ExtractResult(statement, int(record.get("segments", 0)), warnings=list(record.get("warnings", [])))
    langs: list[str | None] = [None, *project.settings.languages]
    result.changes = [CatalogChange(project.relative(path), lang, "unchanged") for path, lang in zip(files, langs, strict=True)]
    return result


def _remember(project: Project, statement: Statement, text: str, result: ExtractResult) -> None:
    record = {
        "key": _record_key(project, text),
        "segments": result.segments,
        "warnings": result.warnings,
        "files": [file_digest(path) for path in _statement_files(project, statement)],
    }
    atomic_write(_record_path(project, statement), json.dumps(record))


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


def _read_existing(project: Project, path: Path, shown: str | None = None, *,
                   keep: bool = True) -> tuple[Catalog | None, str | None]:
    """The catalog at ``path`` (None if there is none) and the digest of the file read.

    :param shown: ``project.relative(path)``, when the caller has it already.
    :param keep: keep what reading it found (False for a dry run, which writes nothing).
    """
    shown = shown or project.relative(path)
    if file_digest(path, display=shown) is None:  # a folder in the way is named as such
        return None, None
    catalog, digest = read_catalog_kept(project, path, display=shown, keep=keep)
    # A file that changed while it was read has no digest: "" matches no file, so the
    # write under the lock reads it again.
    return catalog, digest if digest is not None else ""


def _same_entries(a: Catalog, b: Catalog) -> bool:
    return render_catalog(Catalog(None, entries=a.entries)) == render_catalog(Catalog(None, entries=b.entries))


def _write_if_changed(project: Project, path: Path, catalog: Catalog, *, lang: str | None, old: Catalog | None,
                      dry_run: bool = False, shown: str | None = None) -> CatalogChange:
    # Rewriting an unchanged catalog would only churn dates and git history.
    shown = shown or project.relative(path)
    if lang is None:
        text, reading = render_catalog(catalog), None  # only the next extract reads a template
    else:
        text, reading = render_catalog_and_reading(catalog)  # kept: the status or check after parses nothing
    if old is not None and path.exists() and path.read_text(encoding="utf-8") == text:
        return CatalogChange(shown, lang, "unchanged")
    if not dry_run:
        write_catalog_kept(project, path, text, reading, display=shown)
    return CatalogChange(shown, lang, "created" if old is None else "updated")


def _po_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")
