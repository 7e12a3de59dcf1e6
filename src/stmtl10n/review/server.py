"""Serving the review application over HTTP with a threaded server from the standard library."""

from __future__ import annotations

import logging
import socketserver
import threading
from collections.abc import Iterable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from stmtl10n.errors import ServeError, Stmtl10nError
from stmtl10n.project import Project, list_statements
from stmtl10n.review.app import ReviewApp
from stmtl10n.review.catalogs import check_project

log = logging.getLogger(__name__)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Ten reviewers clicking at once queue more than the default five connections.
    request_queue_size = 64


class _QuietHandler(WSGIRequestHandler):
    # Request lines would carry login tokens (GET /login?token=...): log nothing.
    def log_message(self, format: str, *args: object) -> None:
        pass


def make_review_server(project: Project, *, host: str = "127.0.0.1", port: int = 8000,
                       allowed_hosts: Iterable[str] = (), trust_proxy: bool = False,
                       app: ReviewApp | None = None) -> WSGIServer:
    """A server for the review application, bound but not yet serving (call ``serve_forever``).

    ``port=0`` picks a free port; read the actual one from ``server.server_port``.

    :param allowed_hosts: more ``Host`` names to answer besides the address
        listened on, such as the name a reverse proxy sends (``review.example.org``,
        any port, or ``review.example.org:8443``).
    :param trust_proxy: believe the proxy's ``X-Forwarded-Proto`` (for the ``app`` made here).
    :raises ServeError: when the address is taken or cannot be bound.
    """
    review_app = app or ReviewApp(project, trust_proxy=trust_proxy)
    extra = {name.strip().lower() for name in allowed_hosts if name.strip()}
    try:
        server = make_server(host, port, review_app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    except OSError as exc:
        raise ServeError(f"{host}:{port}: cannot listen there ({exc.strerror}); pick another --port or --host") from None
    # Listening on every interface means a LAN address we cannot know: accept any Host then,
    # unless the operator named the hosts to answer.
    if review_app.allowed_hosts is None and (extra or host not in ("0.0.0.0", "::", "")):
        bound = server.server_port
        names = ["127.0.0.1", "localhost"] + ([] if host in ("0.0.0.0", "::", "") else [host])
        shown = {f"[{name}]" if ":" in name else name for name in names}
        review_app.allowed_hosts = {f"{name.lower()}:{bound}" for name in shown} | extra
    return server


def warm_up_in_background(server: WSGIServer) -> threading.Thread:
    """Read, render and check every catalog in a background thread, so the first pages and actions are fast."""
    app = server.get_app()
    assert isinstance(app, ReviewApp)
    thread = threading.Thread(target=_warm_up, args=(app,), name="review-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_up(app: ReviewApp) -> None:
    try:
        project = app.project
        for statement in list_statements(project):
            for lang in project.settings.languages:
                path = project.catalog_path(statement.slug, lang)
                if path.exists():
                    app.actions.prepare(path)
        check_project(app.cache)
    except Stmtl10nError as exc:  # a broken catalog: its pages will say so when opened
        log.warning("%s", exc)
