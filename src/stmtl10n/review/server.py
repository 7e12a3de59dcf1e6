"""Serving the review application over HTTP with waitress, a WSGI server made to face a network."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterable
from typing import Any

from waitress import wasyncore
from waitress.server import TcpWSGIServer, create_server

from stmtl10n.errors import ServeError
from stmtl10n.project import Project
from stmtl10n.review._web import MAX_BODY_BYTES
from stmtl10n.review.app import ReviewApp

log = logging.getLogger(__name__)

# Ten reviewers clicking at once, plus the page loads of the others: each request
# is short, and a request's CPU work is bounded (see checks.base.length_error), so
# eight threads keep every reviewer answered.
THREADS = 8
# waitress reads a whole request before a thread sees it, so a slow client
# holds a connection, never a thread; an idle connection is closed after this.
CHANNEL_TIMEOUT_SECONDS = 30
# The application answers bodies over MAX_BODY_BYTES with its own 413 (JSON
# under /api/); waitress refuses anything far beyond that without reading it.
MAX_REQUEST_BODY = 2 * MAX_BODY_BYTES
MAX_REQUEST_HEADERS = 64 * 1024


class ReviewServer:
    """A bound review server: ``serve_forever`` in one thread, ``shutdown`` from another.

    ``server_port`` is the port actually listened on (``port=0`` picks a free one).
    """

    def __init__(self, server: TcpWSGIServer, app: ReviewApp) -> None:
        self._server = server
        self._app = app
        self._stopped = threading.Event()
        self.server_port: int = int(server.effective_port)

    def get_app(self) -> ReviewApp:
        return self._app

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Answer requests until :meth:`shutdown` (``poll_interval`` is how often the loop looks up)."""
        self._server.adj.asyncore_loop_timeout = max(poll_interval, 0.01)
        try:
            self._server.run()
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (from another thread) and wait until it has returned."""
        # Sockets belong to the loop's thread: close them there, between two polls.
        self._server.trigger.pull_trigger(self._close_sockets)
        self._stopped.wait(timeout=10)

    def server_close(self) -> None:
        """Close the listening socket and stop the worker threads."""
        if self._server._map:  # not stopped by shutdown (never served, or Ctrl+C ended the loop)
            self._close_sockets()
        self._server.task_dispatcher.shutdown(timeout=5)

    def _close_sockets(self) -> None:
        wasyncore.close_all(self._server._map)
        # waitress's trigger closes its pipe but not the copy of it its file wrapper holds.
        wrapper = getattr(self._server.trigger, "socket", None)
        if wrapper is not None:
            wrapper.close()


def make_review_server(project: Project, *, host: str = "127.0.0.1", port: int = 8000,
                       allowed_hosts: Iterable[str] = (), trust_proxy: bool = False,
                       app: ReviewApp | None = None) -> ReviewServer:
    """A server for the review application, bound but not yet serving (call ``serve_forever``).

    ``port=0`` picks a free port; read the actual one from ``server.server_port``.

    :param allowed_hosts: more ``Host`` names to answer besides the address
        listened on, such as the name a reverse proxy sends (``review.example.org``,
        any port, or ``review.example.org:8443``).
    :param trust_proxy: believe the proxy's ``X-Forwarded-Proto`` and ``X-Forwarded-For``
        (for the ``app`` made here).
    :raises ServeError: when the address is taken or cannot be bound.
    """
    review_app = app or ReviewApp(project, trust_proxy=trust_proxy)
    extra = {name.strip().lower() for name in allowed_hosts if name.strip()}
    options: dict[str, Any] = {
        "threads": THREADS, "channel_timeout": CHANNEL_TIMEOUT_SECONDS, "max_request_body_size": MAX_REQUEST_BODY,
        "max_request_header_size": MAX_REQUEST_HEADERS, "connection_limit": 200, "backlog": 64,
        # The application says what went wrong itself; waitress names itself nowhere.
        "expose_tracebacks": False, "ident": "stmtl10n", "clear_untrusted_proxy_headers": False,
    }
    # Bound here, so a taken port fails before waitress has opened anything.
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listening = socket.socket(family, socket.SOCK_STREAM)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listening.bind((host or "0.0.0.0", port))
        except OSError:
            listening.close()
            raise
    except OSError as exc:
        raise ServeError(f"{host}:{port}: cannot listen there ({exc.strerror}); pick another --port or --host") from None
    server = create_server(review_app, sockets=[listening], **options)
    assert isinstance(server, TcpWSGIServer)  # one socket: waitress makes exactly one TCP server
    review = ReviewServer(server, review_app)
    # Listening on every interface means a LAN address we cannot know: accept any Host then,
    # unless the operator named the hosts to answer.
    if review_app.allowed_hosts is None and (extra or host not in ("0.0.0.0", "::", "")):
        bound = review.server_port
        names = ["127.0.0.1", "localhost"] + ([] if host in ("0.0.0.0", "::", "") else [host])
        shown = {f"[{name}]" if ":" in name else name for name in names}
        review_app.allowed_hosts = {f"{name.lower()}:{bound}" for name in shown} | extra
    return review


def warm_up_in_background(server: ReviewServer) -> None:
    """Find the problem counts not known yet (kept on disk from an earlier run, or checked now) in the background.

    Nothing else is read ahead: at a thousand statements, parsing every catalog
    at start would hold Python's interpreter lock for seconds while the first
    pages wait. A catalog is parsed when a page or an action first needs it.
    """
    server.get_app().checker.request()
