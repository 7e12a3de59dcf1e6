"""Build: catalogs back into per-language statements in the source's format.

Nothing wrong is published: every entry a build would publish is checked as
``stmtl10n check`` checks it, and a problem of severity ``error`` keeps its
statement from being written in that language (``allow_problems`` publishes it
anyway). What ``build/`` holds always matches the catalogs: the earlier output of
a statement that is skipped now is removed, and so are the files of statements
and languages the project no longer has (only files stmtl10n writes; see
:func:`build`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stmtl10n._io import UTF8_BOM, atomic_write, file_digest, file_lock, has_bom, read_statement, read_statement_bytes
from stmtl10n.catalog import Catalog, Entry
from stmtl10n.checks import CheckFunction, entry_checks, publishing_errors
from stmtl10n.checks.records import run_key
from stmtl10n.documents import ALIGNED_SUFFIXES
from stmtl10n.documents.circulation import planned_copies, write_copies
from stmtl10n.errors import OutputError, Stmtl10nError
from stmtl10n.formats import STATEMENT_EXTENSIONS, binary_format_for, format_for, is_binary
from stmtl10n.formats.base import Translate
from stmtl10n.model import Message, Problem, Segment, Statement
from stmtl10n.project import Project, list_statements, map_statements
from stmtl10n.readings import read_catalog_kept, read_segments

#: The folder of the aligned documents, under the build folder.
ALIGNED_DIR = "aligned"
# Where build keeps the list of the files it wrote (relative to the build folder), so
# that those of a language taken out of the settings can be removed too.
_RECORD = "build-outputs.json"
# Where build keeps, per statement, what it read and wrote last (see _replay): a build
# with nothing changed since reads no catalog and writes nothing.
_DONE_DIR = "build"
_DONE_FORMAT = 1  # bump when a record's layout changes
# A temporary file atomic_write leaves when a build is killed mid-write: ".x.md.k2j4h1_a.tmp".
# \A: only ever matched whole (fullmatch), and a search could not restart inside the name.
_TEMPORARY = re.compile(r"\A\.(?P<name>.+)\.[a-z0-9_]+\.tmp")


@dataclass(frozen=True, slots=True)
class BlockingProblem:
    """A problem of severity ``error`` in an entry a build would publish, located in its catalog."""

    catalog: str  # the PO file, relative to the project
    line: int | None  # the line of the entry's msgid in it
    problem: Problem

    def __str__(self) -> str:
        """``locales/ar/LC_MESSAGES/x.po:123: markup: The link to … is missing …``"""
        where = f"{self.catalog}:{self.line}" if self.line else self.catalog
        return f"{where}: {self.problem.check}: {self.problem.message}"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """One file of a build: a statement in one language (written, or skipped and why), an aligned
    document, or an earlier file that no statement or language of the project builds any more (``stale``)."""

    statement: str
    languages: tuple[str, ...]  # one language; for an aligned document, every column's
    path: str | None  # None when skipped
    percent: float  # share of entries published as translated (reviewed cells, when aligned)
    skipped: str | None = None  # the reason, when not written (or, when stale, why it was removed)
    aligned: bool = False
    removed: str | None = None  # an earlier output removed because it is not built now
    # The errors in what the file publishes: why it was skipped, or (allow_problems) what went out anyway.
    problems: tuple[BlockingProblem, ...] = ()
    withheld: int = 0  # aligned: translations left out of the cells because of their problems
    stale: bool = False
    unchanged: bool = False  # written (or, dry run, to write) with exactly what the file held already

    @property
    def lang(self) -> str:
        return self.languages[0] if not self.aligned else "+".join(self.languages)

    @property
    def blocked(self) -> bool:
        """Not written because of the problems in what it would publish."""
        return self.path is None and bool(self.problems)


def build(
    project: Project,
    *,
    languages: Sequence[str] = (),
    names: Sequence[str] = (),
    include_fuzzy: bool = False,
    min_translated: float | None = None,
    width: int | None = None,
    reviewed_only: bool = False,
    allow_problems: bool = False,
    dry_run: bool = False,
    formats: Sequence[str] = (),
) -> list[BuildResult]:
    """Write ``build/<lang>/<slug>.<ext>`` for every statement and language.

    Untranslated entries, and fuzzy ones unless ``include_fuzzy``, fall back to
    the source text. A statement below ``min_translated`` percent is not written;
    nor is one with a problem of severity ``error`` in an entry it would publish
    (the checks of ``stmtl10n check`` but consistency), unless ``allow_problems``:
    the result is ``blocked`` and carries the problems. Each statement also gets
    ``build/aligned/<slug>.html`` and ``.md``, all its languages side by side (see
    :mod:`stmtl10n.documents.side_by_side`); their results are ``aligned`` with
    ``percent`` the share of reviewed cells, ``reviewed_only`` leaves drafts and
    untranslated cells blank in them, and a translation with problems is left
    out of its cell (``withheld`` counts them) unless ``allow_problems``.

    Afterwards ``build/`` holds only what the catalogs and options give: a
    skipped statement's earlier output is removed (its result's ``removed``), and
    so are the files stmtl10n wrote for statements and languages the project no
    longer has (``stale`` results). Only files stmtl10n writes are removed: in
    ``build/<lang>/`` the statements' file names, in ``build/aligned/`` ``.html``
    and ``.md`` files, temporary files an interrupted build left, and whatever
    it recorded writing; never a link's target, never through a folder that
    links out of the project.

    With ``dry_run`` (``stmtl10n build --check``) the results are the same but
    nothing is written or removed, not even the record or a lock file: a result
    with a ``path`` that is not ``unchanged`` would be written, one with
    ``removed`` would be removed.

    :param languages: the languages to build (default: all of the project's).
    :param names: the statements to build, by slug, file name or path (default: all).
    :param formats: ``pdf`` and/or ``docx``: also a copy of each statement in that format beside it,
        and with ``pdf`` a PDF of each aligned HTML document (:mod:`stmtl10n.documents.circulation`).
    :raises ConfigError: for a language that is not the project's, or an unknown check in the settings.
    :raises CatalogError: for a catalog that cannot be read.
    :raises OutputError: for an output that cannot be written or removed.
    """
    threshold = project.settings.min_translated if min_translated is None else min_translated
    langs = project.require_languages(languages)
    checks = entry_checks(project.settings.disabled_checks, where=f"{project.relative(project.config_path)}: checks.disabled")
    # What every statement's outputs depend on besides its own files: the code, the libraries,
    # the settings, the glossary and the checks (as for kept check results), and the options.
    run = json.dumps([run_key(project, list(checks)), include_fuzzy, threshold, width, reviewed_only, allow_problems])
    options = _Options(include_fuzzy, threshold, width, reviewed_only, allow_problems, checks, dry_run, run)
    statements = list_statements(project, tuple(names))
    everyone = list_statements(project) if names else statements
    # A dry run writes nothing, so it needs no lock, and taking one would create the lock file.
    with nullcontext() if dry_run else file_lock(project.lock_path(project.build_dir)):
        # Recorded before anything is written: a build killed halfway still knows its files.
        recorded = _read_record(project)
        planned = [f"{lang}/{Path(s.path).name}" for s in statements for lang in langs]
        planned += [f"{ALIGNED_DIR}/{s.slug}{suffix}" for s in statements for suffix in ALIGNED_SUFFIXES]
        planned += planned_copies([s.slug for s in statements], langs, formats, aligned_dir=ALIGNED_DIR)
        if not dry_run:
            _write_record(project, [*recorded, *planned])
        # What a build with nothing to do replays is read here: worker processes would cost more.
        replayed = {statement.path: _replay(project, statement, langs, options) for statement in statements}
        todo = [statement for statement in statements if replayed[statement.path] is None]
        built = map_statements(functools.partial(_build_files, project, languages=langs, options=options), todo)
        batches = dict(zip((statement.path for statement in todo), built, strict=True))
        results = [result for statement in statements
                   for result in (replayed[statement.path] or batches[statement.path])]
        results += write_copies(project, results, recorded, formats=formats, dry_run=dry_run)
        handled = {result.path or result.removed or "" for result in results}
        results += _remove_stale(project, everyone, recorded, dry_run=dry_run, handled=handled)
        if not dry_run:
            _write_record(project, [f for f in (*recorded, *planned) if (project.build_dir / f).is_file()])
    return results


@dataclass(frozen=True, slots=True)
class _Options:
    include_fuzzy: bool
    min_translated: float
    width: int | None
    reviewed_only: bool
    allow_problems: bool
    checks: Mapping[str, CheckFunction]
    dry_run: bool = False
    run: str = ""  # what the outputs depend on besides the statement's own files (see build)


def _build_files(project: Project, statement: Statement, *, languages: tuple[str, ...], options: _Options) -> list[BuildResult]:
    """Every file of one statement, and the record that lets the next build skip them all (see :func:`_replay`)."""
    # The digests first: a file that changes while it is read leaves a record that no longer matches.
    key = _inputs_key(project, statement, languages, options)
    written: dict[str, str | None] = {}
    results = _build_files_now(project, statement, languages=languages, options=options, written=written)
    if not options.dry_run:
        _remember(project, statement, key, written, results)
    return results


def _build_files_now(project: Project, statement: Statement, *, languages: tuple[str, ...], options: _Options,
                     written: dict[str, str | None]) -> list[BuildResult]:
    """Every file of one statement: each language, then the aligned documents; each catalog read and checked once.

    :param written: filled with each output's path (relative to the project) and the
        SHA-256 of what it now holds, None for one that is not there.
    """
    text: str | bytes
    if is_binary(statement.path):
        text = read_statement_bytes(project.root / statement.path, display=statement.path)
        segments = binary_format_for(statement.path).extract(text, path=statement.path)
    else:
        text = read_statement(project.root / statement.path, display=statement.path)
        fmt = format_for(statement.path, front_matter_keys=project.settings.front_matter_keys)
        segments = read_segments(project, statement, fmt, text, keep=not options.dry_run)  # extract's reading
    keys = {segment.key for segment in segments}
    read = {lang: _read_if_present(project, project.catalog_path(statement.slug, lang), keep=not options.dry_run)
            for lang in languages}
    catalogs = {lang: catalog for lang, (catalog, _) in read.items()}
    # With the digest, the problems a check or status kept for this very file are reused.
    errors = {
        lang: publishing_errors(project, statement, lang, catalog, keys=keys, include_fuzzy=options.include_fuzzy,
                                checks=options.checks, digest=digest)
        for lang, (catalog, digest) in read.items() if catalog is not None
    }
    results = [
        _write_statement(project, statement, lang, text, segments, catalogs[lang], errors.get(lang, {}), options,
                         written)
        for lang in languages
    ]
    if isinstance(text, bytes):
        return results  # no aligned document of a word processor's statement yet
    withheld = {} if options.allow_problems else {lang: set(found) for lang, found in errors.items()}
    from stmtl10n.documents.side_by_side import render_aligned  # lazy: a build with nothing to do renders nothing

    aligned, files = render_aligned(project, statement, languages=languages, reviewed_only=options.reviewed_only,
                                    text=text, catalogs=catalogs, withheld=withheld)
    columns = (project.settings.source_lang, *languages)
    for path, content in files.items():
        data = content.encode("utf-8")
        unchanged = _output(path, data, dry_run=options.dry_run)
        written[project.relative(path)] = hashlib.sha256(data).hexdigest()
        results.append(BuildResult(statement.slug, columns, project.relative(path), aligned.reviewed_percent,
                                   aligned=True, withheld=aligned.withheld, unchanged=unchanged))
    return results


def _output(path: Path, data: bytes, *, dry_run: bool) -> bool:
    """Write one output (``dry_run``: only compare); whether the file held exactly ``data`` already."""
    try:
        unchanged = path.is_file() and not path.is_symlink() and path.read_bytes() == data
    except OSError:
        unchanged = False  # unreadable: writing it is what build would do
    if not dry_run:
        atomic_write(path, data)
    return unchanged


def _read_if_present(project: Project, path: Path, *, keep: bool) -> tuple[Catalog | None, str | None]:
    """The catalog at ``path`` (None when there is none), and the digest of what was read.

    :param keep: keep what reading it found (False for ``--check``, which writes nothing).
    """
    if not path.exists():
        return None, None
    return read_catalog_kept(project, path, display=project.relative(path), keep=keep)


def _write_statement(
    project: Project,
    statement: Statement,
    lang: str,
    text: str | bytes,
    segments: Sequence[Segment],
    catalog: Catalog | None,
    errors: Mapping[tuple[str | None, str], list[Problem]],
    options: _Options,
    written: dict[str, str | None],
) -> BuildResult:
    target = project.build_dir / lang / Path(statement.path).name
    written[project.relative(target)] = None  # until it is written: skipped, its earlier output removed
    po_path = project.catalog_path(statement.slug, lang)
    if catalog is None:
        reason = f"no catalog {project.relative(po_path)}; run `stmtl10n extract`"
        return _skip(project, statement, lang, target, 0.0, reason, dry_run=options.dry_run)
    percent = published_percent(catalog, segments, include_fuzzy=options.include_fuzzy)
    if percent < options.min_translated:
        reason = f"{percent:.0f}% translated, below --min-translated {options.min_translated:g}"
        return _skip(project, statement, lang, target, percent, reason, dry_run=options.dry_run)
    blocking = _locate(project, po_path, catalog, errors)
    if blocking and not options.allow_problems:
        count = len(blocking)
        them = "them" if count != 1 else "it"
        reason = f"blocked by {count} problem{'s' if count != 1 else ''} (fix {them}, or build with --allow-problems)"
        return _skip(project, statement, lang, target, percent, reason, blocking, dry_run=options.dry_run)
    if isinstance(text, bytes):
        data = render_document(text, catalog, path=statement.path, include_fuzzy=options.include_fuzzy)
    else:
        output = render_statement(text, catalog, path=statement.path, include_fuzzy=options.include_fuzzy,
                                  width=options.width, front_matter_keys=project.settings.front_matter_keys)
        data = output.encode("utf-8")
        if has_bom(project.root / statement.path):
            data = UTF8_BOM + data
    unchanged = _output(target, data, dry_run=options.dry_run)
    written[project.relative(target)] = hashlib.sha256(data).hexdigest()
    return BuildResult(statement.slug, (lang,), project.relative(target), percent, problems=blocking,
                       unchanged=unchanged)


def _skip(project: Project, statement: Statement, lang: str, target: Path, percent: float, reason: str,
          problems: tuple[BlockingProblem, ...] = (), *, dry_run: bool = False) -> BuildResult:
    """A statement not written in ``lang``: its earlier output goes, so build/ matches the catalogs."""
    removed = project.relative(target) if _remove(project, target, dry_run=dry_run) else None
    return BuildResult(statement.slug, (lang,), None, percent, skipped=reason, removed=removed, problems=problems)


def _locate(project: Project, po_path: Path, catalog: Catalog, errors: Mapping[tuple[str | None, str], list[Problem]]
            ) -> tuple[BlockingProblem, ...]:
    shown = project.relative(po_path)
    index = catalog.index()
    return tuple(BlockingProblem(shown, index[key].line if key in index else None, problem)
                 for key, found in errors.items() for problem in found)


def render_statement(text: str, catalog: Catalog, *, path: str, include_fuzzy: bool = False, width: int | None = None,
                     front_matter_keys: Sequence[str] | None = None) -> str:
    """The statement ``text`` with every segment replaced by its translation from ``catalog``."""
    translate = _translator(catalog, include_fuzzy=include_fuzzy)
    fmt = format_for(path, front_matter_keys=front_matter_keys)
    return fmt.render(text, translate, path=path, width=width, lang=catalog.locale)


def render_document(data: bytes, catalog: Catalog, *, path: str, include_fuzzy: bool = False) -> bytes:
    """A binary statement (``.docx``, ``.odt``) with every segment replaced by its translation from ``catalog``."""
    translate = _translator(catalog, include_fuzzy=include_fuzzy)
    return binary_format_for(path).render(data, translate, path=path, lang=catalog.locale)


def _translator(catalog: Catalog, *, include_fuzzy: bool) -> Translate:
    index = catalog.index()

    def translate(segment: Segment) -> str | None:
        entry = index.get(segment.key)
        if entry is None or not is_published(entry, include_fuzzy=include_fuzzy):
            return None
        return entry.msgstr

    return translate


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


# --------------------------------------------------------------------------- builds with nothing to do


def _inputs_key(project: Project, statement: Statement, languages: Sequence[str], options: _Options) -> str:
    """The digest of everything one statement's outputs are made from: its file, its catalogs and the run's key."""
    catalogs = [[lang, file_digest(project.catalog_path(statement.slug, lang))] for lang in languages]
    statement_digest = file_digest(project.root / statement.path, display=statement.path) or ""
    material = [_DONE_FORMAT, options.run, statement.slug, statement.path, statement_digest, catalogs]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()


def _done_path(project: Project, statement: Statement) -> Path:
    return project.cache_dir / _DONE_DIR / f"{statement.slug}.json"


def _replay(project: Project, statement: Statement, languages: Sequence[str], options: _Options
            ) -> list[BuildResult] | None:
    """The results of the statement's last build, when it was made from the same inputs (:func:`_inputs_key`)
    and every output still holds what it wrote (a deleted or hand-edited file is built again);
    None otherwise. Each written file is then ``unchanged``, and a skipped one is still skipped,
    with the problems that held it back."""
    try:
        record = json.loads(_done_path(project, statement).read_text(encoding="utf-8"))
        if record.get("key") != _inputs_key(project, statement, languages, options):
            return None
        for relative, digest in record["outputs"].items():
            path = project.root / relative
            if digest is None:
                if path.exists() or path.is_symlink():
                    return None  # build would remove it
            elif path.is_symlink() or file_digest(path) != digest:
                return None
        return [_result_from_json(data) for data in record["results"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, Stmtl10nError):
        return None  # no record, or one this version cannot read: build


def _remember(project: Project, statement: Statement, key: str, written: Mapping[str, str | None],
              results: Sequence[BuildResult]) -> None:
    """Keep what this build of the statement read (``key``), wrote and reported, for :func:`_replay`.

    A record that cannot be written costs only speed: the build goes on.
    """
    record = {"key": key, "outputs": dict(written), "results": [_result_to_json(result) for result in results]}
    with contextlib.suppress(Stmtl10nError, OSError):
        atomic_write(_done_path(project, statement), json.dumps(record, ensure_ascii=False))


def _result_to_json(result: BuildResult) -> dict[str, object]:
    return {
        "statement": result.statement, "languages": list(result.languages), "path": result.path,
        "percent": result.percent, "skipped": result.skipped, "aligned": result.aligned,
        "withheld": result.withheld, "stale": result.stale,
        "problems": [[blocking.catalog, blocking.line, _problem_to_json(blocking.problem)]
                     for blocking in result.problems],
    }


def _result_from_json(data: dict[str, Any]) -> BuildResult:
    """A result as a build with nothing to do gives it: its file holds what it would write, and an
    earlier output of a skipped file was removed last time (the record says it is gone)."""
    problems = tuple(BlockingProblem(str(catalog), None if line is None else int(line), _problem_from_json(problem))
                     for catalog, line, problem in data["problems"])
    path = data["path"]
    return BuildResult(str(data["statement"]), tuple(str(lang) for lang in data["languages"]),
                       None if path is None else str(path), float(data["percent"]), skipped=data["skipped"],
                       aligned=bool(data["aligned"]), problems=problems, withheld=int(data["withheld"]),
                       stale=bool(data["stale"]), unchanged=path is not None)


def _problem_to_json(problem: Problem) -> list[object]:
    return [problem.statement, problem.lang, problem.msgid, problem.check, problem.message, problem.reference,
            problem.severity, problem.msgctxt, dict(problem.extra),
            problem.wording.to_json() if problem.wording is not None else None]


def _problem_from_json(data: list[Any]) -> Problem:
    statement, lang, msgid, check, message, reference, severity, msgctxt, extra, wording = data
    said = None if wording is None else Message.from_json(wording)
    return Problem(statement, lang, msgid, check, message, reference, severity, msgctxt, dict(extra), said)


# --------------------------------------------------------------------------- msgid lines

# --------------------------------------------------------------------------- what build/ holds


def _owned_folder(project: Project, folder: Path) -> bool:
    """A folder build may remove files from: a real folder (no link) inside the project."""
    try:
        return folder.is_dir() and not folder.is_symlink() and folder.resolve().is_relative_to(project.root.resolve())
    except OSError:
        return False


def _remove(project: Project, path: Path, *, dry_run: bool = False) -> bool:
    """Remove one output (a link is removed, never its target); whether there was one (``dry_run``: is one)."""
    if not _owned_folder(project, path.parent) or not (path.is_symlink() or path.is_file()):
        return False
    if dry_run:
        return True
    try:
        os.unlink(path)  # one rename-free unlink: the file is there or gone, never half
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputError(f"{project.relative(path)}: cannot remove it ({exc.strerror}); "
                          "check the folder's permissions") from None
    return True


def _named_like_output(suffixes: Iterable[str], name: str) -> bool:
    temporary = _TEMPORARY.fullmatch(name)
    return Path(temporary.group("name") if temporary else name).suffix.lower() in suffixes


def _remove_stale(project: Project, statements: Sequence[Statement], recorded: Iterable[str], *,
                  dry_run: bool = False, handled: Iterable[str | None] = ()) -> list[BuildResult]:
    """Remove what no statement or language of the project builds any more: files stmtl10n wrote
    (the record), and files named as it names them in the folders it owns (should the record be lost).
    ``handled`` (paths relative to the project) were written or removed by this build already."""
    done = set(handled)
    build_dir = project.build_dir
    languages = set(project.settings.languages)
    by_name = {Path(s.path).name: s for s in statements}
    slugs = {s.slug for s in statements}
    statement_suffixes = STATEMENT_EXTENSIONS
    candidates: dict[str, None] = dict.fromkeys(recorded)
    for folder in (*sorted(languages), ALIGNED_DIR):
        if not _owned_folder(project, build_dir / folder):
            continue
        suffixes = ALIGNED_SUFFIXES if folder == ALIGNED_DIR else statement_suffixes
        try:
            inside = sorted((build_dir / folder).iterdir())
        except OSError:
            continue  # a folder that cannot be listed: the record still names what was written there
        for path in inside:
            if _named_like_output(suffixes, path.name) and path.is_file() and not path.is_symlink():
                candidates[f"{folder}/{path.name}"] = None
    results = []
    emptied = set()
    for relative in candidates:
        folder, name = relative.split("/")
        path = build_dir / folder / name
        if path.is_symlink() or not path.is_file() or project.relative(path) in done:
            continue  # gone already, a link someone made (not what stmtl10n writes), or this build's own
        stem = Path(name).stem
        if _TEMPORARY.fullmatch(name):
            reason = "left by an interrupted build"
        elif folder == ALIGNED_DIR:
            if stem in slugs and Path(name).suffix in ALIGNED_SUFFIXES:
                continue
            reason = f"no statement {stem} in {project.relative(project.statements_dir)}/ any more"
        elif folder not in languages:
            reason = f"{folder} is no longer a language of the project ({project.relative(project.config_path)})"
        elif name in by_name:
            continue
        else:
            reason = f"no statement {name} in {project.relative(project.statements_dir)}/ any more"
        if _remove(project, path, dry_run=dry_run):
            aligned = folder == ALIGNED_DIR
            results.append(BuildResult(stem, (folder,) if not aligned else (), None, 0.0, skipped=reason,
                                       aligned=aligned, removed=project.relative(path), stale=True))
            if folder not in languages and folder != ALIGNED_DIR and not dry_run:
                emptied.add(build_dir / folder)
    for empty in sorted(emptied):
        with contextlib.suppress(OSError):
            empty.rmdir()  # only when nothing else is left in it
    return results


def _read_record(project: Project) -> list[str]:
    """The files (``<folder>/<name>`` under the build folder) stmtl10n recorded writing; anything else in the record is ignored."""
    path = project.cache_dir / _RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("build-dir") != project.settings.build_dir:
        return []
    files = data.get("files")
    return [f for f in files if _is_output_place(f)] if isinstance(files, list) else []


def _is_output_place(relative: object) -> bool:
    if not isinstance(relative, str) or "\\" in relative or "\0" in relative:
        return False
    parts = relative.split("/")
    return len(parts) == 2 and all(part and part not in (".", "..") for part in parts)


def _write_record(project: Project, files: Iterable[str]) -> None:
    record = {"build-dir": project.settings.build_dir, "files": sorted({f for f in files if _is_output_place(f)})}
    atomic_write(project.cache_dir / _RECORD, json.dumps(record, indent=1) + "\n")
