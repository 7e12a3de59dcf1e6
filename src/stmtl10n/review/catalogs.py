"""What the review server reads: catalogs cached by content, entry ids and versions, progress, diffs, problems."""

from __future__ import annotations

import difflib
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from stmtl10n import checks
from stmtl10n.catalog import Catalog, Entry, Progress, read_catalog
from stmtl10n.errors import CatalogError, Stmtl10nError
from stmtl10n.locales import display_name, text_direction
from stmtl10n.model import Problem, Statement
from stmtl10n.project import Project, list_statements
from stmtl10n.readings import kept_catalog
from stmtl10n.review.comments import entry_comments
from stmtl10n.review.counts import CountStore, language_digest
from stmtl10n.review.history import Step, entry_history
from stmtl10n.review.i18n import problem_message

log = logging.getLogger(__name__)

ENTRY_ID_RE = re.compile(r"^[0-9a-f]{16}$")

_statements_lock = threading.Lock()
_statements_seen: dict[Path, tuple[tuple[int, tuple[str, ...]], list[Statement]]] = {}


def project_statements(project: Project) -> list[Statement]:
    """:func:`stmtl10n.project.list_statements`, read again only when the statements folder changed.

    Every page needs the list, and at a thousand statements making it costs
    a fifth of a second (each path is resolved to refuse links out of the
    project); the folder's names and its modification time say when to.
    """
    folder = project.statements_dir
    try:
        key = (folder.stat().st_mtime_ns, tuple(sorted(os.listdir(folder))))
    except OSError:
        return list_statements(project)  # it raises the project's own error for a missing folder
    with _statements_lock:
        seen = _statements_seen.get(folder)
    if seen is not None and seen[0] == key:
        return list(seen[1])
    statements = list_statements(project)
    with _statements_lock:
        _statements_seen[folder] = (key, statements)
    return list(statements)


def relative_path(project: Project, path: Path) -> str:
    """``path`` inside the project as ``project.relative`` writes it, without resolving links (a catalog's path is ours)."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return project.relative(path)


def entry_id(entry: Entry) -> str:
    """A short stable id for an entry, from its ``(msgctxt, msgid)`` key, safe in URLs and HTML ids.

    >>> entry_id(Entry("Hello"))
    '5fb7cec5d8a482ef'
    """
    return _key_id(entry.msgctxt, entry.msgid)


@lru_cache(maxsize=200_000)
def _key_id(msgctxt: str | None, msgid: str) -> str:
    context = "\x00" if msgctxt is None else msgctxt
    return hashlib.sha256(f"{context}\x04{msgid}".encode()).hexdigest()[:16]


def entry_version(entry: Entry) -> str:
    """A fingerprint of what a reviewer sees and changes (msgctxt, msgid, msgstr, flags).

    An action carries the version the reviewer saw; when the entry's version
    has moved on since, the action is refused instead of overwriting.
    """
    context = "\x00" if entry.msgctxt is None else entry.msgctxt
    parts = (context, entry.msgid, entry.msgstr, ",".join(entry.flags))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One parsed state of a catalog file. Shared between threads: never mutate it."""

    path: Path
    digest: str
    catalog: Catalog
    order: tuple[str, ...]  # ids of the active entries, in file order
    by_id: dict[str, Entry]
    positions: dict[str, int]  # id -> index in ``order``
    progress: Progress  # active entries by state
    keys: frozenset[tuple[str | None, str]]  # (msgctxt, msgid) of the active entries

    @classmethod
    def of(cls, path: Path, digest: str, catalog: Catalog) -> Snapshot:
        by_id = {entry_id(e): e for e in catalog.active()}
        order = tuple(by_id)
        return cls(path, digest, catalog, order, by_id, {ident: n for n, ident in enumerate(order)},
                   Progress.of(by_id.values()),
                   frozenset(entry.key for entry in by_id.values()))

    @property
    def title(self) -> str:
        """The statement's title as its catalog has it: the first heading, else the first segment (its first line)."""
        entries = list(self.by_id.values())
        heading = next((e for e in entries if block_kind(e) == "heading"), entries[0] if entries else None)
        if heading is None:
            return ""
        first = heading.msgid.strip().split("\n")[0]
        return first if len(first) <= 120 else first[:119] + "…"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CatalogCache:
    """Parsed catalogs, reused while the file's bytes are unchanged.

    Parsing is what costs; reading and hashing the bytes is cheap, and unlike
    a check of mtime and size it cannot miss two writes within one clock tick.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        self._snapshots: dict[Path, Snapshot] = {}
        # Per catalog: results of the single-entry checks by entry text and flags,
        # and the last whole result with the catalogs it was computed from.
        self._entry_results: dict[Path, dict[tuple[Any, ...], list[Problem]]] = {}
        self._whole_results: dict[Path, tuple[tuple[Any, ...], dict[tuple[str | None, str], list[Problem]]]] = {}
        self._computing: dict[Path, threading.Lock] = {}
        self._object_results: dict[Path, dict[int, tuple[Entry, tuple[Any, ...], list[Problem]]]] = {}
        self.counts = CountStore(project)

    def load(self, path: Path) -> Snapshot:
        """The current snapshot of the catalog at ``path``.

        :raises CatalogError: when the file is missing or cannot be parsed.
        """
        shown = self.project.relative(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CatalogError(f"{shown}: no such catalog; run `stmtl10n extract`") from None
        except OSError as exc:
            raise CatalogError(f"{shown}: cannot read it ({exc.strerror})") from None
        digest = content_digest(raw)
        with self._lock:
            cached = self._snapshots.get(path)
        if cached is not None and cached.digest == digest:
            return cached
        # A writer may replace the file between our read and the parse: the
        # snapshot then holds the newer entries under the older digest, and the
        # next load (seeing new bytes) parses again. Versions come from the
        # entries themselves, so they are right either way. What check, build
        # or extract parsed of these very bytes is loaded, not parsed again (a
        # first start on a large project reads every catalog).
        catalog = kept_catalog(self.project, shown, digest) or read_catalog(path, display=shown)
        return self.remember(path, digest, catalog)

    def remember(self, path: Path, digest: str, catalog: Catalog) -> Snapshot:
        """Store a catalog known to match bytes with ``digest`` (a writer calls this after writing)."""
        snapshot = Snapshot.of(path, digest, catalog)
        with self._lock:
            self._snapshots[path] = snapshot
        self.counts.set_progress(digest, snapshot.progress, snapshot.title)
        return snapshot

    def digest_of(self, path: Path) -> str | None:
        """The digest of the catalog's bytes as they are now; ``None`` when there is no such file.

        :raises CatalogError: when the file cannot be read.
        """
        try:
            return content_digest(path.read_bytes())
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CatalogError(f"{self.project.relative(path)}: cannot read it ({exc.strerror})") from None

    def current(self, path: Path, digest: str) -> Snapshot | None:
        """The snapshot in memory when it is of the bytes with ``digest``, else ``None`` (nothing is parsed)."""
        with self._lock:
            cached = self._snapshots.get(path)
        return cached if cached is not None and cached.digest == digest else None

    def known_problems(self, path: Path,
                       whole_key: tuple[tuple[str, str], ...]) -> dict[tuple[str | None, str], list[Problem]] | None:
        """The problems found last for ``path`` if its language's catalogs were then as ``whole_key`` says."""
        with self._lock:
            cached = self._whole_results.get(path)
        return cached[1] if cached is not None and cached[0] == whole_key else None

    def problems(self, snapshot: Snapshot, *, slug: str, lang: str, snapshots: dict[str, Snapshot] | None = None,
                 statement: Statement | None = None,
                 pause: Callable[[], None] | None = None) -> dict[tuple[str | None, str], list[Problem]] | None:
        """Problems ``stmtl10n check`` finds, by entry key; ``None`` when checks are not available.

        Checking a whole catalog takes long (language identification), and an
        approval changes one entry: results are kept per entry, keyed by what
        the checks look at, so only changed entries are checked again.

        :param snapshots: every catalog of ``lang`` by slug, when the caller
            has them (checking a whole project reads each once, not once per catalog).
        :param statement: the statement of ``slug``, when the caller has it.
        :param pause: called before each entry is checked (the background pass yields to requests).
        """
        with self._lock:
            computing = self._computing.setdefault(snapshot.path, threading.Lock())
        try:
            shots = snapshots if snapshots is not None else self._language_snapshots(snapshot, lang)
            found = self._cached_problems(snapshot, lang, shots)
            if found is not None:
                return found
            # One thread checks a new state of the catalog; the others wait and reuse its result.
            with computing:
                return self._entry_problems(snapshot, slug=slug, lang=lang, snapshots=shots, statement=statement,
                                            pause=pause)
        except Stmtl10nError:
            raise
        except Exception:  # a failing check must not take the review page down with it
            log.exception("checks failed for %s [%s]", slug, lang)
            return None

    def problems_after_change(self, snapshot: Snapshot, changed: list[str], *, slug: str,
                              lang: str) -> dict[tuple[str | None, str], list[Problem]] | None:
        """Problems right after an action: the last full result, with the ``changed`` entries checked afresh.

        Cheap enough for every approval: nothing but the changed entries is
        looked at (consistency with other statements waits for the next page
        load, which checks everything).
        """
        with self._lock:
            last = self._whole_results.get(snapshot.path)
        if last is None:
            return self.problems(snapshot, slug=slug, lang=lang)
        try:
            return self._merge_changed(snapshot, last[1], changed, slug=slug, lang=lang)
        except Stmtl10nError:
            raise
        except Exception:  # a failing check must not lose the reviewer's answer
            log.exception("checks failed for %s [%s]", slug, lang)
            return None

    def _merge_changed(self, snapshot: Snapshot, last: dict[tuple[str | None, str], list[Problem]],
                       changed: list[str], *, slug: str, lang: str) -> dict[tuple[str | None, str], list[Problem]]:
        merged = {key: found for key, found in last.items() if key in snapshot.keys}
        ctx = None
        for ident in changed:
            entry = snapshot.by_id.get(ident)
            if entry is None:
                continue
            key = _check_key(entry)
            with self._lock:
                found = self._entry_results.get(snapshot.path, {}).get(key)
            if found is None:
                if ctx is None:
                    ctx = self._check_context(snapshot.catalog, snapshot.path, slug=slug, lang=lang,
                                              translations={})
                found = checks.check_entry(ctx, entry, checks.entry_checks(self.project.settings.disabled_checks))
                with self._lock:
                    self._entry_results.setdefault(snapshot.path, {})[key] = found
            merged.pop(entry.key, None)
            if found:
                merged[entry.key] = found
        return merged

    def candidate_problems(self, catalog: Catalog, entry: Entry, *, path: Path, slug: str, lang: str,
                           remember: bool = False) -> list[Problem] | None:
        """The problems ``entry`` (as a reviewer would write it, perhaps not in ``catalog``) has.

        Every check but consistency (which compares with other statements and
        only warns) runs on the entry alone, honouring its ``no-check-<name>``
        flags; ``None`` when the checks fail (the log says why).

        :param path: the catalog's file, whose results are reused and, with
            ``remember``, extended (an approval is checked again right after it).
        """
        key = _check_key(entry)
        with self._lock:
            found = self._entry_results.get(path, {}).get(key)
        if found is not None:
            return list(found)
        try:
            alone = checks.entry_checks(self.project.settings.disabled_checks,
                                        where=f"{self.project.config_path}: checks.disabled")
            ctx = self._check_context(catalog, path, slug=slug, lang=lang, translations={})
            found = checks.check_entry(ctx, entry, alone)
        except Stmtl10nError:
            raise
        except Exception:  # a failing check must not take the review down with it
            log.exception("checks failed on a translation of %s [%s]", slug, lang)
            return None
        if remember:
            with self._lock:
                self._entry_results.setdefault(path, {})[key] = found
        return list(found)

    def _check_context(self, catalog: Catalog, path: Path, *, slug: str, lang: str,
                       translations: Mapping[tuple[str | None, str], Mapping[str, tuple[str, ...]]],
                       statement: Statement | None = None) -> checks.CheckContext:
        # The checks build the context, as for `stmtl10n check`: the same settings, glossary and statement format.
        if statement is None:
            statement = next((s for s in project_statements(self.project) if s.slug == slug), None)
        if statement is None:  # a catalog whose statement was removed since: read it as Markdown
            statement = Statement(slug, self.project.relative(path), "markdown")
        return checks.catalog_context(self.project, statement, lang, catalog, reviewed=translations)

    def _language_snapshots(self, snapshot: Snapshot, lang: str) -> dict[str, Snapshot]:
        """The current snapshots of every catalog of ``lang``, ``snapshot`` for its own file."""
        snapshots: dict[str, Snapshot] = {}
        for statement in project_statements(self.project):
            path = self.project.catalog_path(statement.slug, lang)
            if path == snapshot.path:
                snapshots[statement.slug] = snapshot
            elif path.exists():
                snapshots[statement.slug] = self.load(path)
        return snapshots

    def parsed_language_snapshots(self, snapshot: Snapshot, lang: str) -> tuple[dict[str, Snapshot], bool]:
        """The snapshots of ``lang``'s catalogs that are parsed already (nothing is parsed), and whether that is all.

        :raises CatalogError: when a catalog cannot be read.
        """
        snapshots: dict[str, Snapshot] = {}
        complete = True
        for statement in project_statements(self.project):
            path = self.project.catalog_path(statement.slug, lang)
            if path == snapshot.path:
                snapshots[statement.slug] = snapshot
                continue
            digest = self.digest_of(path)
            if digest is None:
                continue
            found = self.current(path, digest)
            if found is None:
                complete = False
            else:
                snapshots[statement.slug] = found
        return snapshots, complete

    def checked_problems(self, snapshot: Snapshot, lang: str) -> dict[tuple[str | None, str], list[Problem]] | None:
        """The problems of this snapshot if they have been found already, else ``None`` (nothing is checked)."""
        return self._cached_problems(snapshot, lang)

    def _cached_problems(self, snapshot: Snapshot, lang: str,
                         snapshots: dict[str, Snapshot] | None = None) -> dict[tuple[str | None, str], list[Problem]] | None:
        # The consistency check compares with the other statements of the
        # language, so a result holds while none of those catalogs changes.
        shots = snapshots if snapshots is not None else self._language_snapshots(snapshot, lang)
        whole_key = tuple((other, shot.digest) for other, shot in shots.items())
        with self._lock:
            cached = self._whole_results.get(snapshot.path)
        return cached[1] if cached is not None and cached[0] == whole_key else None

    def _entry_problems(self, snapshot: Snapshot, *, slug: str, lang: str, snapshots: dict[str, Snapshot] | None = None,
                        statement: Statement | None = None,
                        pause: Callable[[], None] | None = None) -> dict[tuple[str | None, str], list[Problem]]:
        project, settings = self.project, self.project.settings
        if snapshots is None:
            snapshots = self._language_snapshots(snapshot, lang)
        cached = self._cached_problems(snapshot, lang, snapshots)
        if cached is not None:
            return cached
        catalogs = {other: shot.catalog for other, shot in snapshots.items()}
        whole_key = tuple((other, shot.digest) for other, shot in snapshots.items())

        enabled = checks.enabled_checks(settings.disabled_checks, where=f"{project.config_path}: checks.disabled")
        # Every check but consistency looks at one entry alone: those results are
        # kept per entry text and flags (fuzzy aside: approving changes nothing
        # they see), so an approval costs no language identification at all.
        alone = {name: check for name, check in enabled.items() if name != "consistency"}
        across = {name: check for name, check in enabled.items() if name == "consistency"}
        translations = checks.reviewed_translations(catalogs) if across else {}
        ctx = self._check_context(snapshot.catalog, snapshot.path, slug=slug, lang=lang,
                                  translations=translations, statement=statement)
        with self._lock:
            known = self._entry_results.get(snapshot.path, {})
            by_object = self._object_results.get(snapshot.path, {})
        fresh: dict[tuple[Any, ...], list[Problem]] = {}
        fresh_objects: dict[int, tuple[Entry, tuple[Any, ...], list[Problem]]] = {}
        found: dict[tuple[str | None, str], list[Problem]] = {}
        for entry in snapshot.by_id.values():
            # Entries an action did not touch are the very same objects as before: skip building their keys.
            same = by_object.get(id(entry))
            if same is not None and same[0] is entry:
                key, problems = same[1], same[2]
            else:
                key = _check_key(entry)
                earlier = known.get(key)
                if earlier is None and pause is not None:
                    pause()
                problems = earlier if earlier is not None else checks.check_entry(ctx, entry, alone)
            fresh[key] = problems
            fresh_objects[id(entry)] = (entry, key, problems)
            # Only a key with two different reviewed translations can be inconsistent.
            inconsistent = across and len(translations.get(entry.key, ())) > 1
            everything = problems + checks.check_entry(ctx, entry, across) if inconsistent else problems
            if everything:
                found[entry.key] = everything
        with self._lock:
            self._entry_results[snapshot.path] = fresh  # results for entries that no longer exist go
            self._object_results[snapshot.path] = fresh_objects
            self._whole_results[snapshot.path] = (whole_key, found)
        return found


def _check_key(entry: Entry) -> tuple[Any, ...]:
    # What the single-entry checks look at; fuzzy aside, since approving changes nothing they see.
    return (entry.msgctxt, entry.msgid, entry.msgstr, tuple(f for f in entry.flags if f != "fuzzy"))


@dataclass(frozen=True, slots=True)
class CatalogRef:
    """A statement × language the URL asked for, checked against the project's own lists."""

    statement: Statement
    lang: str
    path: Path

    @property
    def slug(self) -> str:
        return self.statement.slug


def resolve_catalog(project: Project, slug: str, lang: str) -> CatalogRef:
    """The catalog of statement ``slug`` in ``lang``.

    Both names are looked up in the project's lists (never joined into a path
    as given), so ``..``, slashes or odd encodings in a URL reach no file.

    :raises CatalogError: for an unknown statement or language.
    """
    if lang not in project.settings.languages:
        raise CatalogError(f"{lang!r}: not a language of this project ({', '.join(project.settings.languages)})")
    for statement in project_statements(project):
        if statement.slug == slug:
            return CatalogRef(statement, lang, project.catalog_path(statement.slug, lang))
    raise CatalogError(f"{slug!r}: no such statement")


@dataclass(slots=True)
class CatalogProgress:
    """One catalog on the review pages: its entries by state and its problem count
    (``None``: not checked yet, or checks unavailable)."""

    entries: Progress = field(default_factory=Progress)
    problems: int | None = None
    exists: bool = True
    title: str = ""  # the statement's title (first heading or first line), as this catalog's msgids have it
    counted: bool = True  # False: never parsed yet (a first start), ``entries`` is not known

    def to_dict(self) -> dict[str, Any]:
        if not self.counted:  # the counts come from the background pass
            return {"exists": self.exists, "total": None, **dict.fromkeys(asdict(self.entries)), "drafts": None,
                    "problems": None}
        return {"exists": self.exists, "total": self.entries.total, **asdict(self.entries),
                "drafts": self.entries.drafts, "problems": self.problems}


def progress_of(snapshot: Snapshot, problems: dict[tuple[str | None, str], list[Problem]] | None) -> CatalogProgress:
    # ``problems`` holds the keys of this snapshot's entries that have any.
    return CatalogProgress(snapshot.progress, None if problems is None else len(problems))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changes from ``old`` to ``new`` word by word: ``("equal"|"delete"|"insert", text)`` pieces.

    >>> word_diff("a free people", "a free and proud people")
    [('equal', 'a free '), ('insert', 'and proud '), ('equal', 'people')]
    """
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


def block_kind(entry: Entry) -> str:
    """The block kind extract wrote as the first ``#.`` comment (``heading``, ``paragraph`` …)."""
    return entry.extracted_comments[0] if entry.extracted_comments else ""


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    code: str
    name: str
    direction: str


@lru_cache(maxsize=256)  # the statement list asks for each language once per statement
def language_info(code: str) -> LanguageInfo:
    try:
        return LanguageInfo(code, display_name(code), text_direction(code))
    except Stmtl10nError:
        return LanguageInfo(code, code, "ltr")


def problems_to_json(problems: Iterable[Problem]) -> list[dict[str, str]]:
    """Problems as the API shows them: ``check``, ``message`` (in the interface language) and ``severity``
    (``error`` or ``warning``)."""
    return [{"check": p.check, "message": problem_message(p), "severity": p.severity} for p in problems]


def entry_to_dict(snapshot: Snapshot, ident: str, problems: list[Problem] | None,
                  logged: list[Step] | None = None) -> dict[str, Any]:
    """An entry as the JSON API shows it (see docs/review-api.md).

    :param logged: the entry's steps in the review history log (:mod:`stmtl10n.review.history`).
    """
    entry = snapshot.by_id[ident]
    position = snapshot.positions[ident]

    def neighbour(offset: int) -> dict[str, Any] | None:
        at = position + offset
        if not 0 <= at < len(snapshot.order):
            return None
        other = snapshot.by_id[snapshot.order[at]]
        return {"id": snapshot.order[at], "msgid": other.msgid, "msgstr": other.msgstr}

    return {
        "id": ident,
        "version": entry_version(entry),
        "number": position + 1,
        "msgctxt": entry.msgctxt,
        "msgid": entry.msgid,
        "msgstr": entry.msgstr,
        "state": entry.state.value,
        "fuzzy": entry.is_fuzzy,
        "flags": list(entry.flags),
        "kind": block_kind(entry),
        "references": list(entry.references),
        "previous_msgid": entry.previous_msgid,
        "provenance": entry.provenance,
        "problems": problems_to_json(problems or []),
        "neighbours": {"previous": neighbour(-1), "next": neighbour(1)},
        "comments": [comment.to_dict() for comment in entry_comments(entry)],
        "history": [step.to_dict() for step in entry_history(entry.provenance, logged or [])],
    }


@dataclass(slots=True)
class ReviewPage:
    """Everything the review page and ``GET /api/statements/<slug>/<lang>`` show for one catalog."""

    ref: CatalogRef
    snapshot: Snapshot
    problems: dict[tuple[str | None, str], list[Problem]] | None
    progress: CatalogProgress = field(default_factory=CatalogProgress)
    logged: dict[str, list[Step]] = field(default_factory=dict)  # entry id -> steps in the review history log
    complete: bool = True  # False: checked against only the catalogs of the language parsed so far

    def entry_problems(self, entry: Entry) -> list[Problem]:
        return (self.problems or {}).get(entry.key, [])

    def history(self, ident: str) -> list[Step]:
        """Who drafted, edited, approved or sent back the entry, oldest first."""
        return entry_history(self.snapshot.by_id[ident].provenance, self.logged.get(ident, []))


def review_page(cache: CatalogCache, ref: CatalogRef, logged: dict[str, list[Step]] | None = None) -> ReviewPage:
    """The page of one catalog, checked at once; never waiting for the other catalogs of its language to be parsed.

    Right after a first start most catalogs are not parsed yet (the background
    pass does that): the consistency check then compares with those that are,
    and ``complete`` is false until all are.
    """
    snapshot = cache.load(ref.path)
    snapshots, complete = cache.parsed_language_snapshots(snapshot, ref.lang)
    problems = cache.problems(snapshot, slug=ref.slug, lang=ref.lang, snapshots=snapshots)
    return ReviewPage(ref, snapshot, problems, progress_of(snapshot, problems), logged or {}, complete)


def project_progress(cache: CatalogCache, *,
                     parse_budget: float = 0.0) -> list[tuple[Statement, list[tuple[str, CatalogProgress]]]]:
    """Progress of every statement in every language of the project, without checking anything.

    Costs a read and a digest of each catalog: progress comes from the parsed
    catalog in memory or, after a restart, from the counts kept on disk by
    digest; a catalog never counted is parsed while this call has spent less
    than ``parse_budget`` seconds (a small project is counted at once), and
    past that shown as not counted (``counted`` false). A problem count is known when this state of
    the catalog and of its language was checked (in memory or on disk), and
    ``None`` otherwise (see :func:`check_project`, which counts and checks
    what is not known).
    """
    project = cache.project
    deadline = time.perf_counter() + parse_budget
    statements = project_statements(project)
    rows: dict[str, list[tuple[str, CatalogProgress]]] = {statement.slug: [] for statement in statements}
    for lang in project.settings.languages:
        paths = {statement.slug: project.catalog_path(statement.slug, lang) for statement in statements}
        digests = {slug: cache.digest_of(path) for slug, path in paths.items()}
        whole_key = tuple((slug, digest) for slug, digest in digests.items() if digest is not None)
        whole_digest = language_digest(whole_key)
        for statement in statements:
            digest, path = digests[statement.slug], paths[statement.slug]
            if digest is None:
                rows[statement.slug].append((lang, CatalogProgress(exists=False)))
                continue
            snapshot = cache.current(path, digest)
            found = cache.known_problems(path, whole_key) if snapshot is not None else None
            problems = len(found) if found is not None else cache.counts.problems(relative_path(project, path), digest,
                                                                                  whole_digest)
            progress = snapshot.progress if snapshot is not None else cache.counts.progress(digest)
            title = snapshot.title if snapshot is not None else cache.counts.title(digest)
            if (progress is None or title is None) and time.perf_counter() < deadline:
                snapshot = cache.load(path)
                progress, title = snapshot.progress, snapshot.title
            if progress is None or title is None:
                # Never counted (a first start): parsing thousands of catalogs takes many seconds, so
                # the list says "checking…" and the background pass counts them (count_project).
                rows[statement.slug].append((lang, CatalogProgress(problems=None, counted=False)))
                continue
            rows[statement.slug].append((lang, CatalogProgress(progress, problems, title=title)))
    return [(statement, rows[statement.slug]) for statement in statements]


def count_project(cache: CatalogCache, *, pause: Callable[[], None] | None = None) -> int:
    """Parse every catalog whose progress is not known yet (a first start), keeping its progress and title on disk.

    The first thing the background pass does, before any check, so the list's
    progress is there within seconds; ``pause`` is called before each catalog
    (the server lets requests go first). How many catalogs were parsed.
    """
    project = cache.project
    statements = project_statements(project)
    parsed = 0
    for lang in project.settings.languages:
        for statement in statements:
            path = project.catalog_path(statement.slug, lang)
            digest = cache.digest_of(path)
            if digest is None or cache.current(path, digest) is not None or (
                    cache.counts.progress(digest) is not None and cache.counts.title(digest) is not None):
                continue
            if pause is not None:
                pause()
            try:
                cache.load(path)
            except CatalogError as exc:
                log.warning("%s", exc)
            parsed += 1
    if parsed:
        cache.counts.save()
    return parsed


def check_project(cache: CatalogCache, *, pause: Callable[[], None] | None = None) -> None:
    """Check every catalog whose problem count is not known, and keep the counts on disk (the server does this in the background).

    A count is known when this state of the catalog and of its language was
    checked before (in this process, or kept on disk by an earlier one): a
    restart checks nothing that did not change. Each language's catalogs are
    read once for all its catalogs' checks (consistency compares them). A
    catalog that cannot be read is named in the log and skipped. ``pause``
    is called before each catalog is read and each entry checked: the server
    lets its requests go first, so a pass never slows a page down for long.
    """
    project = cache.project
    statements = project_statements(project)
    kept: list[str] = []
    for lang in project.settings.languages:
        paths = {statement.slug: project.catalog_path(statement.slug, lang) for statement in statements}
        digests = {slug: cache.digest_of(path) for slug, path in paths.items()}
        whole_key = tuple((slug, digest) for slug, digest in digests.items() if digest is not None)
        whole_digest = language_digest(whole_key)
        kept.extend(digest for _, digest in whole_key)
        unknown = [statement for statement in statements if digests[statement.slug] is not None
                   and cache.counts.problems(relative_path(project, paths[statement.slug]), str(digests[statement.slug]),
                                             whole_digest) is None]
        if not unknown:
            continue
        snapshots: dict[str, Snapshot] = {}
        for statement in statements:
            if digests[statement.slug] is None:
                continue
            if pause is not None:
                pause()
            try:
                snapshots[statement.slug] = cache.load(paths[statement.slug])
            except CatalogError as exc:
                log.warning("%s", exc)
        # The files may have changed while they were read: count them as they were read.
        whole_digest = language_digest((slug, shot.digest) for slug, shot in snapshots.items())
        for statement in unknown:
            snapshot = snapshots.get(statement.slug)
            if snapshot is None:
                continue
            found = cache.problems(snapshot, slug=statement.slug, lang=lang, snapshots=snapshots, statement=statement,
                                   pause=pause)
            if found is not None:
                cache.counts.set_problems(relative_path(project, snapshot.path), snapshot.digest, whole_digest, len(found))
        cache.counts.save(kept)
    cache.counts.save(kept)
