"""Who drafted, edited, approved or sent back each entry: a log per catalog under ``.stmtl10n-cache/review-history/``.

Why a log beside the catalogs and not ``# stmtl10n history:`` lines in them:
every approval would add a translator comment that Poedit and Weblate show
to every translator after it, and every line of every later diff would carry
the whole story. The PO file keeps what matters for the work (the provenance
comment: the draft's origin and the last reviewer's act, in git with the
translation); the log adds the steps before it, for the pages. A step the log
lacks (a clone without the cache, an approval made in Poedit) still shows
from the provenance comment (see :func:`entry_history`).

Each catalog's log is JSON Lines, one action a line, appended under the
catalog's lock right after the catalog is written.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from stmtl10n.project import Project

log = logging.getLogger(__name__)

HISTORY_DIR = "review-history"
#: What each action is called in the log (and the verb of the provenance comment it writes).
ACTION_VERBS = {"approve": "reviewed", "edit": "edited", "send-back": "sent back"}


@dataclass(frozen=True, slots=True)
class Step:
    """One act on an entry: ``verb`` is ``drafted``, ``reviewed``, ``edited`` or ``sent back``.

    ``by`` is a reviewer's name, or for ``drafted`` where the draft came from
    (``mt deepl``); ``when`` is a time (from the log) or a day (from a provenance comment).
    """

    verb: str
    by: str
    when: datetime | date | None = None

    def to_dict(self) -> dict[str, Any]:
        when = self.when
        shown = (when.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if isinstance(when, datetime)
                 else when.isoformat() if when is not None else None)
        return {"action": self.verb, "by": self.by, "when": shown}


class HistoryLog:
    """The review actions of each catalog, appended as they happen and read back for the pages."""

    def __init__(self, project: Project) -> None:
        self.folder: Path = project.cache_dir / HISTORY_DIR
        self._project = project
        self._lock = threading.Lock()
        self._read: dict[Path, tuple[tuple[int, int], dict[str, list[Step]]]] = {}

    def _file(self, catalog: Path) -> Path:
        try:
            name = catalog.relative_to(self._project.root).as_posix()
        except ValueError:
            name = catalog.name
        return self.folder / f"{quote(name, safe='')}.jsonl"

    def record(self, catalog: Path, steps: list[tuple[str, str, str, datetime]]) -> None:
        """Append ``(entry id, action, reviewer, time)`` steps; a log that cannot be written is named in the log only."""
        if not steps:
            return
        lines = "".join(json.dumps({"id": ident, "action": action, "by": who,
                                    "at": when.isoformat(timespec="seconds")},
                                   ensure_ascii=False) + "\n"
                        for ident, action, who, when in steps)
        path = self._file(catalog)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # One write in append mode: lines of two processes never interleave within a line.
            with open(path, "a", encoding="utf-8") as out:
                out.write(lines)
        except OSError as exc:  # the catalog is written; only the pages' history misses a step
            log.warning("%s: cannot write it (%s)", path, exc.strerror)

    def steps(self, catalog: Path) -> dict[str, list[Step]]:
        """Every logged step of the catalog's entries, by entry id, oldest first."""
        path = self._file(catalog)
        try:
            stat = path.stat()
        except OSError:
            return {}
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._read.get(path)
        if known is not None and known[0] == key:
            return known[1]
        found: dict[str, list[Step]] = {}
        try:
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    step = _step(line)
                    if step is not None:
                        found.setdefault(step[0], []).append(step[1])
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("%s: cannot read it (%s)", path, exc)
            return {}
        with self._lock:
            self._read[path] = (key, found)
        return found


def _step(line: str) -> tuple[str, Step] | None:
    # A damaged line (a crash mid-write, a hand edit) is skipped: the log only adds to the provenance comment.
    try:
        data = json.loads(line)
        verb = ACTION_VERBS[data["action"]]
        when = datetime.fromisoformat(data["at"])
        ident, who = data["id"], data["by"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(ident, str) or not isinstance(who, str):
        return None
    return ident, Step(verb, who, when if when.tzinfo else when.replace(tzinfo=UTC))


def provenance_steps(provenance: str | None) -> tuple[list[Step], Step | None]:
    """The draft's origin and the last reviewer's act, as a provenance comment records them.

    >>> drafted, last = provenance_steps("edited by amal 2026-12-02; accepted markup; draft: mt deepl 2026-11-25")
    >>> drafted[0].verb, drafted[0].by, str(drafted[0].when), last.verb, last.by, str(last.when)
    ('drafted', 'mt deepl', '2026-11-25', 'edited', 'amal', '2026-12-02')
    >>> provenance_steps("mt apertium 2026-11-25")[0][0].by
    'mt apertium'
    """
    if not provenance:
        return [], None
    parts = provenance.split("; ")
    act = parts[0]
    verb = next((v for v in ACTION_VERBS.values() if act.startswith(v + " by ")), None)
    if verb is None:  # no reviewer yet: the whole comment says where the draft came from
        return [_drafted(provenance)], None
    who, _sep, when = act[len(verb) + 4:].rpartition(" ")
    drafted = [_drafted(part[len("draft: "):]) for part in parts[1:] if part.startswith("draft: ")]
    if not who:
        return drafted, None
    return drafted, Step(verb, who, _day(when))


def entry_history(provenance: str | None, logged: list[Step]) -> list[Step]:
    """The whole story of an entry: where its draft came from, the logged acts, and the provenance's last act
    when the log does not end with it (it happened elsewhere: Poedit, another clone of the project)."""
    drafted, last = provenance_steps(provenance)
    steps = drafted + list(logged)
    if last is not None and not any(_same(step, last) for step in logged[-1:]):
        steps.append(last)
    return steps


def _same(logged: Step, recorded: Step) -> bool:
    # The log keeps the time with the offset the provenance's day was taken in.
    when = logged.when.date() if isinstance(logged.when, datetime) else logged.when
    return (logged.verb, logged.by) == (recorded.verb, recorded.by) and (recorded.when is None or when == recorded.when)


def _drafted(origin: str) -> Step:
    # "mt deepl 2026-11-25", "memory 2026-11-25", "signatory 2026-11-25": the origin, then its day.
    name, _sep, when = origin.rpartition(" ")
    day = _day(when)
    return Step("drafted", name if day is not None and name else origin, day)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None

