"""Approve, edit and send back entries: under the catalog lock, re-reading the catalog, refusing stale edits."""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from stmtl10n._io import atomic_write, file_lock
from stmtl10n.catalog import Catalog, Entry, read_catalog, render_catalog
from stmtl10n.checks import ERROR, OPT_OUT_PREFIX
from stmtl10n.model import Problem
from stmtl10n.review.catalogs import CatalogCache, Snapshot, content_digest, entry_id, entry_version
from stmtl10n.review.comments import clean_comment, comment_line, with_comment
from stmtl10n.review.history import HistoryLog

log = logging.getLogger(__name__)

ActionKind = Literal["approve", "edit", "send-back", "comment"]
Outcome = Literal["done", "conflict", "gone", "invalid", "problems"]
#: The actions that change the translation (``comment`` adds a translator comment and leaves it as it is).
ACTION_KINDS: tuple[ActionKind, ...] = ("approve", "edit", "send-back")

#: The problems a translation would have as approved: given the catalog read under
#: the lock and the entry as it would be written (``None``: the checks could not run).
EntryChecker = Callable[[Catalog, Entry], list[Problem] | None]

# Our own provenance comments: "<verb> by <name> <date>", the problems the reviewer
# accepted as "; accepted ...", then the machine origin kept as "; draft: ...".
_OWN_PROVENANCE_RE = re.compile(r"^(?:reviewed|edited|sent back) by .+? \d{4}-\d{2}-\d{2}"
                                r"(?:; accepted [^;]*)?(?:; draft: (?P<origin>.*))?$")
_VERBS = {"approve": "reviewed", "edit": "edited", "send-back": "sent back"}
# What a catalog can hold: tab, LF and CR are the only control characters a translation may carry.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


@dataclass(frozen=True, slots=True)
class Action:
    """One reviewer's change to one entry.

    :param version: the :func:`~stmtl10n.review.catalogs.entry_version` the reviewer saw.
    :param msgstr: the new translation, for ``edit`` only.
    :param comment: the comment's text, for ``comment`` only (see :mod:`stmtl10n.review.comments`).
    :param accept: checks whose errors the reviewer accepts as right on purpose
        (``markup``): the entry gets ``no-check-<name>`` and the provenance says so.
    """

    kind: ActionKind
    entry_id: str
    version: str
    reviewer: str
    msgstr: str | None = None
    accept: tuple[str, ...] = ()
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What became of an action.

    ``done``: applied (``entry`` is the new state). ``conflict``: the entry
    changed since the reviewer loaded it (``entry`` is the current state, to show
    beside the reviewer's). ``gone``: no such entry any more (the statement was
    re-extracted). ``invalid``: the action makes no sense (``message`` says why).
    ``problems``: the translation has errors the reviewer has not accepted, so
    nothing was written (``entry`` is the unchanged entry, ``problems`` what the
    translation as sent would have, the accepted checks left out).
    """

    outcome: Outcome
    action: Action
    snapshot: Snapshot | None = None
    entry: Entry | None = None
    message: str = ""
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class _Ticket:
    action: Action
    check: EntryChecker | None = None
    done: threading.Event = field(default_factory=threading.Event)
    result: ActionResult | None = None
    error: BaseException | None = None


@dataclass(slots=True)
class _Queue:
    pending: list[_Ticket] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    is_flushing: bool = False


class _ChunkedRenderer:
    """:func:`render_catalog`'s text for one catalog file, re-rendering only the entries that changed.

    Rendering a 500-entry catalog the way gettext wraps lines takes tens of
    milliseconds; an approval changes one entry. Each entry's text is kept,
    keyed by everything in the entry, so even a catalog re-read from disk
    re-renders only what differs. (Entries must not be changed in place
    once rendered: actions copy the entries they change.) The first result is compared with a full
    :func:`render_catalog`; should they ever differ, this falls back to it.
    """

    def __init__(self) -> None:
        self._chunks: dict[tuple[object, ...], str] = {}
        self._objects: dict[int, tuple[Entry, tuple[object, ...], str]] = {}
        self._trusted: bool | None = None

    def render(self, catalog: Catalog) -> str:
        if self._trusted is False:
            return render_catalog(catalog)
        text = self._assemble(catalog)
        if self._trusted is None:
            full = render_catalog(catalog)
            self._trusted = text == full
            if not self._trusted:
                log.warning("incremental catalog rendering differs from render_catalog; using render_catalog")
                return full
        return text

    def _assemble(self, catalog: Catalog) -> str:
        # render_catalog writes the header, then each entry (active ones first),
        # separated by blank lines, and ends with a newline.
        parts = []
        if catalog.header or catalog.header_comments or catalog.header_is_fuzzy:
            parts.append(render_catalog(dataclasses.replace(catalog, entries=[]))[:-1])
        fresh: dict[tuple[object, ...], str] = {}
        fresh_objects: dict[int, tuple[Entry, tuple[object, ...], str]] = {}
        ordered = [e for e in catalog.entries if not e.obsolete] + [e for e in catalog.entries if e.obsolete]
        for entry in ordered:
            # Entries no action touched are the same objects as last time (actions copy what they change).
            same = self._objects.get(id(entry))
            if same is not None and same[0] is entry:
                key, chunk = same[1], same[2]
            else:
                key = (entry.msgid, entry.msgstr, entry.msgctxt, tuple(entry.flags), tuple(entry.translator_comments),
                       tuple(entry.extracted_comments), tuple(entry.references), entry.previous_msgctxt,
                       entry.previous_msgid, entry.obsolete)
                found = fresh.get(key) or self._chunks.get(key)
                chunk = found if found is not None else render_catalog(Catalog(None, entries=[entry]))[:-1]
            fresh[key] = chunk
            fresh_objects[id(entry)] = (entry, key, chunk)
            parts.append(chunk)
        self._chunks, self._objects = fresh, fresh_objects
        return "\n\n".join(parts) + "\n" if parts else render_catalog(catalog)


class ReviewActions:
    """Applies reviewers' actions to catalogs, several at a time.

    Actions on one catalog queue up; whichever request thread gets there first
    takes the catalog's file lock (shared with the command line), re-reads the
    file, applies every queued action in order, each checked against the
    version its reviewer saw, and writes once. With ten reviewers on one
    statement that is one read and one write per batch instead of per click,
    which keeps approvals fast without ever writing from a stale copy.

    :param clock: the current time (tests fix it).
    """

    def __init__(self, cache: CatalogCache, *, clock: Callable[[], datetime] | None = None) -> None:
        self.cache = cache
        self.project = cache.project
        self._clock = clock or (lambda: datetime.now().astimezone())
        self._queues_lock = threading.Lock()
        self._queues: dict[Path, _Queue] = {}
        # What this process last wrote to each catalog, to skip re-parsing when the file still holds exactly that.
        self._written: dict[Path, Snapshot] = {}
        self._renderers: dict[Path, _ChunkedRenderer] = {}
        self.history = HistoryLog(self.project)

    def submit(self, path: Path, action: Action, *, check: EntryChecker | None = None) -> ActionResult:
        """Apply ``action`` to the catalog at ``path`` and return what became of it.

        :param check: the problems of the entry as it would be written; an approval
            with errors it does not accept is refused (see :func:`apply_action`).
        :raises CatalogError: when the catalog cannot be read.
        :raises OSError: when it cannot be written.
        """
        with self._queues_lock:
            queue = self._queues.setdefault(path, _Queue())
        ticket = _Ticket(action, check)
        with queue.changed:
            queue.pending.append(ticket)
            # Wait while another thread writes; it may take this ticket along.
            while queue.is_flushing and not ticket.done.is_set():
                queue.changed.wait()
            if ticket.done.is_set():
                batch = []
            else:
                batch, queue.pending = queue.pending, []
                queue.is_flushing = True
        if batch:
            try:
                self._flush(path, batch)
            finally:
                with queue.changed:
                    queue.is_flushing = False
                    queue.changed.notify_all()
        if ticket.error is not None:
            raise ticket.error
        assert ticket.result is not None
        return ticket.result

    def prepare(self, path: Path) -> None:
        """Read the catalog under its lock and render it once, so the first action on it is as fast as the rest."""
        with self._queues_lock:
            queue = self._queues.setdefault(path, _Queue())
        with queue.changed:
            while queue.is_flushing:
                queue.changed.wait()
            queue.is_flushing = True
        try:
            with file_lock(self.project.lock_path(path)):
                catalog, digest = self._read_locked(path)
                self._written[path] = self.cache.remember(path, digest, catalog)
                self._renderers.setdefault(path, _ChunkedRenderer()).render(catalog)
        finally:
            with queue.changed:
                queue.is_flushing = False
                queue.changed.notify_all()

    def _flush(self, path: Path, batch: list[_Ticket]) -> None:
        try:
            results = self._apply_batch(path, batch)
            for ticket, result in zip(batch, results, strict=False):
                ticket.result = result
        except BaseException as exc:
            for ticket in batch:
                ticket.error = exc
            if not isinstance(exc, Exception):
                raise
        finally:
            for ticket in batch:
                ticket.done.set()

    def _apply_batch(self, path: Path, tickets: list[_Ticket]) -> list[ActionResult]:
        with file_lock(self.project.lock_path(path)):
            catalog, digest = self._read_locked(path)
            now = self._clock()
            positions = _positions(catalog)
            results = []
            for ticket in tickets:
                catalog, result = apply_action(catalog, ticket.action, now=now, positions=positions,
                                               check=ticket.check)
                results.append(result)
            if any(result.outcome == "done" for result in results):
                data = self._renderers.setdefault(path, _ChunkedRenderer()).render(catalog).encode("utf-8")
                atomic_write(path, data)
                digest = content_digest(data)
                # Still under the lock: the log's order is the catalog's.
                self.history.record(path, [(r.action.entry_id, r.action.kind, r.action.reviewer, now)
                                           for r in results if r.outcome == "done" and r.action.kind != "comment"])
            snapshot = self.cache.remember(path, digest, catalog)
            self._written[path] = snapshot
        return [dataclasses.replace(result, snapshot=snapshot) for result in results]

    def _read_locked(self, path: Path) -> tuple[Catalog, str]:
        shown = self.project.relative(path)
        raw = path.read_bytes()
        digest = content_digest(raw)
        known = self._written.get(path)
        if known is not None and known.digest == digest:
            return known.catalog, digest
        return read_catalog(path, display=shown), digest


def apply_action(catalog: Catalog, action: Action, *, now: datetime, positions: dict[str, int] | None = None,
                 check: EntryChecker | None = None) -> tuple[Catalog, ActionResult]:
    """``catalog`` with ``action`` applied, and the outcome; ``catalog`` itself is not changed.

    Only the touched entry and the header are copied, so snapshots other
    threads are reading stay as they were.

    :param positions: entry id -> index in ``catalog.entries``, when the caller has it.
    :param check: the problems of the entry as it would be written. An approval
        (or edit) whose translation has a problem of severity ``error`` is refused
        (outcome ``problems``) unless the action accepts that check; accepting a
        check that found no error is ``invalid``. Without it nothing is checked.
    """
    position = (positions if positions is not None else _positions(catalog)).get(action.entry_id, -1)
    entry = catalog.entries[position] if position >= 0 else None
    if entry is None:
        return catalog, ActionResult("gone", action, message="this entry is no longer in the catalog; reload the page")
    if entry_version(entry) != action.version:
        return catalog, ActionResult("conflict", action, entry=entry,
                                     message="someone changed this entry since you loaded it")
    if action.kind == "comment":
        return _comment(catalog, entry, position, action, now)
    new = entry.copy()
    if action.kind == "approve":
        if not entry.msgstr:
            return catalog, ActionResult("invalid", action, entry=entry,
                                         message="there is no translation to approve; write one and save it")
    elif action.kind == "edit":
        msgstr = clean_msgstr(action.msgstr or "", msgid=entry.msgid)
        if not msgstr.strip():
            return catalog, ActionResult("invalid", action, entry=entry,
                                         message="the translation is empty; use send back to leave it untranslated")
        new.msgstr = msgstr
    elif action.kind == "send-back":
        if action.accept:
            return catalog, ActionResult("invalid", action, entry=entry,
                                         message="only an approval accepts problems; send back without accept")
        new.msgstr = ""
    else:  # the type says it cannot happen; a caller that did not validate its input still gets an answer
        return catalog, ActionResult("invalid", action, entry=entry,  # type: ignore[unreachable]
                                     message=f"unknown action {action.kind!r}")
    new.set_fuzzy(False)
    accepted = tuple(dict.fromkeys(action.accept))
    if action.kind != "send-back" and (check is not None or accepted):
        refused = _gate(catalog, entry, new, action, accepted, check)
        if refused is not None:
            return catalog, refused
        for name in accepted:
            if OPT_OUT_PREFIX + name not in new.flags:
                new.flags.append(OPT_OUT_PREFIX + name)
    new.set_provenance(_provenance(entry.provenance, _VERBS[action.kind], action.reviewer, now, accepted))
    entries = list(catalog.entries)
    entries[position] = new
    header = dict(catalog.header)
    header["PO-Revision-Date"] = now.strftime("%Y-%m-%d %H:%M%z")
    header["Last-Translator"] = action.reviewer
    updated = dataclasses.replace(catalog, header=header, entries=entries)
    return updated, ActionResult("done", action, entry=new)


def _comment(catalog: Catalog, entry: Entry, position: int, action: Action,
             now: datetime) -> tuple[Catalog, ActionResult]:
    # A comment changes nothing a translator reviewed: not the msgstr, the flags, the
    # provenance or the header's Last-Translator; the entry's version stays the same.
    text = clean_comment(action.comment or "")
    if not text:
        return catalog, ActionResult("invalid", action, entry=entry,
                                     message="the comment is empty; write what the translator should know")
    new = with_comment(entry, comment_line(action.reviewer, now, text))
    entries = list(catalog.entries)
    entries[position] = new
    return dataclasses.replace(catalog, entries=entries), ActionResult("done", action, entry=new)


def _gate(catalog: Catalog, entry: Entry, new: Entry, action: Action, accepted: tuple[str, ...],
          check: EntryChecker | None) -> ActionResult | None:
    """Why ``new`` must not be written (an ``invalid`` or ``problems`` result), or ``None`` when it may."""
    found = check(catalog, new) if check is not None else None
    if found is None:
        if accepted:
            return ActionResult("invalid", action, entry=entry,
                                message="the checks could not run, so there is no problem to accept; "
                                        "approve without accept")
        return None  # checks that fail must not stop reviewers (the server logged why)
    errors = list(dict.fromkeys(p.check for p in found if p.severity == ERROR))
    for name in accepted:
        if name not in errors:
            have = f"its errors are: {', '.join(errors)}" if errors else "it has no errors"
            return ActionResult("invalid", action, entry=entry,
                                message=f"accept: {name!r} found no error in this translation ({have}); "
                                        "accept only a check that reports an error")
    remaining = [name for name in errors if name not in accepted]
    if not remaining:
        return None
    kept = tuple(p for p in found if p.check not in accepted)
    what = "a problem" if len(remaining) == 1 else "problems"
    return ActionResult("problems", action, entry=entry, problems=kept,
                        message=f"not saved: the translation has {what} that must not be published "
                                f"({', '.join(remaining)}); fix the translation, or accept a problem "
                                "that is right on purpose")


def control_character_error(text: str, *, field: str = "msgstr") -> str | None:
    """Why ``text`` cannot go into a catalog, naming the first bad character and its position (from 0); else ``None``.

    Control characters other than tab, LF and CR (NUL above all) break
    gettext's tools and the files built from the catalog, and a lone surrogate
    cannot be written as UTF-8.

    >>> control_character_error("Hola\\x00")
    'msgstr: control character U+0000 at position 4; remove it'
    >>> control_character_error("Hola\\tmundo") is None
    True
    """
    for position, char in enumerate(text):
        kind = unicodedata.category(char)
        if kind == "Cc" and char not in _ALLOWED_CONTROLS:
            return f"{field}: control character U+{ord(char):04X} at position {position}; remove it"
        if kind == "Cs":
            return f"{field}: lone surrogate U+{ord(char):04X} at position {position} is no character; remove it"
    return None


def clean_msgstr(text: str, *, msgid: str) -> str:
    """A translation typed in a browser, made fit for the catalog.

    Browsers send line breaks as CRLF; a segment without line breaks gets
    none (a stray Enter becomes a space), and gettext requires a msgstr to
    start and end with a line break exactly when its msgid does.

    >>> clean_msgstr("uno\\r\\ndos ", msgid="one two")
    'uno dos'
    """
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in msgid:
        return re.sub(r"\s*\n\s*", " ", text).strip()
    text = text.strip("\n")
    if msgid.startswith("\n"):
        text = "\n" + text
    if msgid.endswith("\n"):
        text += "\n"
    return text


def _positions(catalog: Catalog) -> dict[str, int]:
    return {entry_id(e): n for n, e in enumerate(catalog.entries) if not e.obsolete}


def _provenance(current: str | None, verb: str, reviewer: str, now: datetime, accepted: tuple[str, ...] = ()) -> str:
    # Keep where the draft came from (a machine engine, the memory) after the
    # reviewer's mark, so a later look at the catalog still tells both; and
    # which problems this reviewer accepted, so nobody wonders why they are exempt.
    origin = current
    if current:
        own = _OWN_PROVENANCE_RE.match(current)
        if own:
            origin = own.group("origin")
    text = f"{verb} by {reviewer} {now.date().isoformat()}"
    if accepted:
        text += f"; accepted {', '.join(accepted)}"
    return f"{text}; draft: {origin}" if origin else text
