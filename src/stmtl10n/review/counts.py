"""The statement list's numbers, kept on disk: each catalog's progress by its content digest, and its problem count.

Parsing and checking a thousand catalogs takes minutes; reading and hashing
them takes a fraction of a second. So the review server keeps, in
``.stmtl10n-cache/review-counts.json``, what it last computed for each state
of each catalog, and the first page after a restart shows them at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from stmtl10n import __version__
from stmtl10n._io import atomic_write
from stmtl10n.catalog import Progress
from stmtl10n.project import Project

log = logging.getLogger(__name__)

COUNTS_FILE = "review-counts.json"
_PROGRESS_FIELDS = tuple(asdict(Progress()))
_FORMAT = 1
# Progress of catalog states no longer on disk is dropped past this many.
_MAX_PROGRESS = 50_000


def checks_key(project: Project) -> str:
    """What problem counts depend on besides the catalogs: stmtl10n's version, the settings and the glossary.

    A count found under another key is not used (another version may check otherwise).
    """
    digest = hashlib.sha256(__version__.encode())
    for path in (project.config_path, project.root / (project.settings.glossary or "")):
        try:
            digest.update(path.read_bytes() if path.is_file() else b"-")
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()[:32]


def language_digest(whole_key: Iterable[tuple[str, str]]) -> str:
    """A short digest of every ``(slug, catalog digest)`` of a language: the consistency check depends on them all."""
    return hashlib.sha256(json.dumps(list(whole_key)).encode()).hexdigest()[:32]


class CountStore:
    """Progress by catalog digest and problem counts by catalog, read from and written to one JSON file.

    A problem count holds for the catalog's digest, the digest of its whole
    language (:func:`language_digest`) and the :func:`checks_key`. The file is
    written atomically; a damaged or foreign one is ignored (and rewritten).
    """

    def __init__(self, project: Project) -> None:
        self.path: Path = project.cache_dir / COUNTS_FILE
        self._project = project
        self._lock = threading.Lock()
        self._loaded = False
        self._dirty = False
        self._progress: dict[str, dict[str, int | str]] = {}
        self._problems: dict[str, dict[str, Any]] = {}
        self._checks_key = ""

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        self._checks_key = checks_key(self._project)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return
        progress, problems = data.get("progress"), data.get("problems")
        if isinstance(progress, dict):
            self._progress = {k: v for k, v in progress.items() if isinstance(v, dict)}
        if isinstance(problems, dict) and data.get("checks") == self._checks_key:
            self._problems = {k: v for k, v in problems.items() if isinstance(v, dict)}

    def progress(self, digest: str) -> Progress | None:
        """The progress of the catalog whose bytes have ``digest``, if it was ever counted."""
        with self._lock:
            self._load()
            found = self._progress.get(digest)
        if found is None:
            return None
        try:
            return Progress(**{name: int(found[name]) for name in _PROGRESS_FIELDS})
        except (KeyError, TypeError, ValueError):
            return None

    def title(self, digest: str) -> str | None:
        """The statement title (first heading, else first segment) read from the catalog with ``digest``."""
        with self._lock:
            self._load()
            found = self._progress.get(digest)
        title = found.get("title") if found is not None else None
        return title if isinstance(title, str) else None

    def set_progress(self, digest: str, progress: Progress, title: str = "") -> None:
        with self._lock:
            self._load()
            if self._progress.get(digest) is None:
                self._progress[digest] = {**asdict(progress), "title": title}
                self._dirty = True

    def problems(self, catalog: str, digest: str, language: str) -> int | None:
        """The problem count of ``catalog`` (its project-relative path) in this state of it and of its language."""
        with self._lock:
            self._load()
            found = self._problems.get(catalog)
        if found is None or found.get("digest") != digest or found.get("language") != language:
            return None
        count = found.get("count")
        return count if isinstance(count, int) else None

    def set_problems(self, catalog: str, digest: str, language: str, count: int) -> None:
        with self._lock:
            self._load()
            entry = {"digest": digest, "language": language, "count": count}
            if self._problems.get(catalog) != entry:
                self._problems[catalog] = entry
                self._dirty = True

    def save(self, keep: Iterable[str] = ()) -> None:
        """Write the file if anything changed; ``keep``: the digests of catalogs as they are now (others may go)."""
        with self._lock:
            if not self._dirty:
                return
            if len(self._progress) > _MAX_PROGRESS:
                wanted = set(keep)
                self._progress = {k: v for k, v in self._progress.items() if k in wanted}
            data = {"format": _FORMAT, "checks": self._checks_key, "progress": self._progress,
                    "problems": self._problems}
            text = json.dumps(data, sort_keys=True, separators=(",", ":"))
            self._dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, text)
        except OSError as exc:  # a cache: the counts are computed again next time
            log.warning("%s: cannot write it (%s)", self.path, exc.strerror)
