"""Checking every catalog in a thread of its own, so the statement list shows problem counts without waiting for them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from stmtl10n.errors import Stmtl10nError
from stmtl10n.review.catalogs import CatalogCache, check_project, count_project

log = logging.getLogger(__name__)


class BackgroundChecker:
    """Runs :func:`count_project` and :func:`check_project` in a daemon thread whenever :meth:`request` is called.

    Requests that come while a pass runs make one more pass after it, never
    more. The statement list asks when it shows a count as "checking…"; the
    server asks once at start. Python runs one thread at a time, but switches
    every few milliseconds, so pages stay answered while a pass runs (slower,
    never blocked: each entry's check is short, see checks.base.length_error).
    """

    def __init__(self, cache: CatalogCache, *, after_pass: Callable[[], None] | None = None,
                 pause: Callable[[], None] | None = None) -> None:
        """:param after_pass: more background work after each pass (the app refreshes its translation memory).
        :param pause: called before each catalog is parsed and each entry checked; the app waits there
            while requests are being answered, so the pass runs behind them (Python threads have no priorities).
        """
        self.cache = cache
        self._after_pass = after_pass
        self._pause = pause
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.passes = 0

    def request(self) -> None:
        """Check every catalog again soon (in the background); returns at once."""
        with self._lock:
            self._idle.clear()
            self._wanted.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="review-checks", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no pass is running or wanted (tests, benchmarks); whether that happened within ``timeout``."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                # Progress first (a first start has none): a parse per catalog, then the checks.
                count_project(self.cache, pause=self._pause)
                check_project(self.cache, pause=self._pause)
                if self._after_pass is not None:
                    self._after_pass()
            except Stmtl10nError as exc:  # a broken statements folder: its pages say so when opened
                log.warning("%s", exc)
            except Exception:  # a bug must not end the thread: the next request tries again
                log.exception("checking the project in the background failed")
            self.passes += 1
            with self._lock:
                if not self._wanted.is_set():
                    self._idle.set()
