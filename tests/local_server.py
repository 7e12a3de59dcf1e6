"""The lifecycle the fake API servers share: an HTTP server on ``127.0.0.1`` in a thread, a context manager.

A fake (DeepLServer, LibreTranslateServer, LLMServer) subclasses
:class:`LocalHTTPServer` and answers in ``handle(method, path, headers, body)``
with ``(status, answer)``: a JSON value, a ``str`` (sent as ``text_content_type``),
None (an empty body) or status 0 (never answered: the client's read times out).
While :meth:`LocalHTTPServer.stop_responding` holds, ``handle`` asks
:meth:`LocalHTTPServer.hangs` and waits in :meth:`LocalHTTPServer.hang`.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Self


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client killed mid-connection resets it: the real servers would not mind either.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalHandler(BaseHTTPRequestHandler):
    """Hands every request to ``server_state.handle`` and writes its answer."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm, the body waits for
    # the client's delayed ACK of the headers, 40 ms a request that no real server costs.
    disable_nagle_algorithm = True
    #: The Content-Type of an answer given as ``str``.
    text_content_type: ClassVar[str] = "text/plain; charset=utf-8"
    server_state: LocalHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests assert on stderr: keep it quiet

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, answer = self.server_state.handle(self.command, self.path, self.headers, body)
        if status == 0:
            self.close_connection = True
            return  # never answered: the client's read times out
        if answer is None:
            payload, content_type = b"", "application/json"
        elif isinstance(answer, str):
            payload, content_type = answer.encode("utf-8"), self.text_content_type
        else:
            payload, content_type = json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json"
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _serve


class LocalHTTPServer:
    """An HTTP server on ``127.0.0.1`` (a free port), in a daemon thread; a context manager."""

    #: The request handler (``server_state`` is set to the server on a subclass of it).
    handler: ClassVar[type[LocalHandler]] = LocalHandler
    thread_name: ClassVar[str] = "local-server"

    def __init__(self) -> None:
        self._hanging = False
        self._hang_path: str | None = None
        self._resume = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        handler = type("Handler", (self.handler,), {"server_state": self})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                  name=self.thread_name, daemon=True)
        thread.start()

    def stop(self) -> None:
        self.resume_responding()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def host_port(self) -> tuple[str, int]:
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def handle(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, Any]:
        """Answer one request: (status, JSON value, text, or None); status 0 leaves it unanswered."""
        raise NotImplementedError

    # --- hanging ------------------------------------------------------------------

    def stop_responding(self, *, path: str | None = None) -> None:
        """Leave requests (to ``path``, or all) unanswered until :meth:`resume_responding`."""
        self._resume.clear()
        self._hang_path = path
        self._hanging = True

    def resume_responding(self) -> None:
        self._hanging = False
        self._resume.set()

    def hangs(self, path: str) -> bool:
        """Whether a request to ``path`` is to be left unanswered now."""
        return self._hanging and (self._hang_path is None or self._hang_path == path)

    def hang(self) -> None:
        """Wait until :meth:`resume_responding` (or the server stops)."""
        self._resume.wait(timeout=60)
