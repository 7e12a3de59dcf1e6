"""A local HTTP server speaking LibreTranslate's API, for tests driving the real engine over HTTP.

Usage::

    with LibreTranslateServer(char_limit=2000) as server:
        ...  # [libretranslate] url = server.url
        server.fail_next(429, times=2)        # the next two /translate requests answer 429
        server.wrong_count_next()             # the next answer has one translation too few
        server.stop_responding()              # requests hang until resume_responding()
        server.translate_requests()           # what the engine sent (RecordedRequest), answered 200

It answers as LibreTranslate's ``app.py`` does where stmtl10n depends on it:
``GET /languages`` (``{code, name, targets}``), ``GET /frontend/settings``
(``charLimit``…), ``POST /translate`` with JSON or form bodies, ``q`` a string
or a list, errors as ``{"error": "..."}``: 400 for a missing parameter, an
unsupported language or format, more texts than ``batch_limit`` or more
characters than ``char_limit`` ("Invalid request: request (N) exceeds text
limit (L)"), or a missing key where one is required; 403 for a key that is not
in its database. An unhandled 500 is Flask's HTML page, as in the real server.

Translations are deterministic: every text node with letters gets ``[ar] ``
before it. ``format: "html"`` behaves as LibreTranslate's translatehtml does
(BeautifulSoup over Python's own HTML parser): whitespace runs are collapsed
first, elements, known or not, are kept with their attributes and the text
between them is translated, an empty non-void element is written
``<x i="1"></x>``, and the whole answer is HTML-unescaped (``&lt;`` comes back
as ``<``). The character limit counts a request's texts together, as older
servers did (newer ones count each text; the engine's requests satisfy both).
"""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_server import LocalHandler, LocalHTTPServer

LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "es": "Spanish", "fr": "French", "de": "German",
                  "pt": "Portuguese", "pt-BR": "Portuguese (Brazil)", "zh-Hans": "Chinese", "it": "Italian"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_FLASK_500 = (
    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n"
    "<p>The server encountered an internal error and was unable to complete your request.</p>\n"
)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received (the key is not kept, only whether one came)."""

    method: str
    path: str
    status: int  # what the server answered (0: it never answered)
    params: dict[str, Any] = field(default_factory=dict)  # body parameters, q and api_key excluded
    texts: tuple[str, ...] = ()
    with_key: bool = False


def fake_translate(text: str, target: str) -> str:
    """The fake's translation of plain text: ``[ar] `` before it, its edges kept.

    >>> fake_translate(" Read ", "ar")
    ' [ar] Read '
    """
    core = text.strip()
    if not any(ch.isalpha() for ch in core):
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}[{target}] {core}{trail}"


class _HTMLTranslator(HTMLParser):
    """Text nodes translated, elements and attributes kept, as BeautifulSoup writes them back."""

    def __init__(self, target: str) -> None:
        super().__init__(convert_charrefs=True)
        self.target = target
        self.out: list[str] = []
        self.open: list[str] = []

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        parts = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs)
        return f"<{tag}{parts}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.out.append(self._start(tag, attrs) + "/>")
            return
        self.out.append(self._start(tag, attrs) + ">")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # BeautifulSoup makes ``<x i="1"/>`` an empty element and writes it ``<x i="1"></x>``.
        self.out.append(self._start(tag, attrs) + ("/>" if tag in _VOID else f"></{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # an end tag with no element open is dropped
            while self.open:
                name = self.open.pop()
                self.out.append(f"</{name}>")
                if name == tag:
                    break

    def handle_data(self, data: str) -> None:
        # BeautifulSoup escapes & < > in text, LibreTranslate unescapes the whole answer: raw text.
        self.out.append(fake_translate(data, self.target))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def translate_html(text: str, target: str) -> str:
    """What LibreTranslate answers for ``text`` with ``format: "html"``."""
    parser = _HTMLTranslator(target)
    parser.feed(" ".join(text.split()))  # translatehtml minifies first
    return html.unescape(parser.result())


class _Handler(LocalHandler):
    text_content_type = "text/html; charset=utf-8"  # Flask's error pages


class LibreTranslateServer(LocalHTTPServer):
    """LibreTranslate's HTTP API on ``127.0.0.1``, in a thread; a context manager.

    :param languages: codes loaded (``--load-only``); every pair among them is offered.
    :param char_limit: ``--char-limit`` (-1: none), reported by ``/frontend/settings``.
    :param batch_limit: ``--batch-limit`` (-1: none), reported nowhere, as in LibreTranslate.
    :param api_keys: keys in its database (``--api-keys``); another key is refused with 403.
    :param key_required: refuse requests without a key (400, as ``--require-api-key-origin`` does).
    :param frontend_settings: False for an old server without ``/frontend/settings`` (404).
    :param latency: seconds every request waits before it is answered.
    """

    handler = _Handler
    thread_name = "libretranslate-server"

    def __init__(
        self,
        *,
        languages: tuple[str, ...] = ("en", "ar", "es", "fr"),
        char_limit: int = -1,
        batch_limit: int = -1,
        api_keys: tuple[str, ...] = (),
        key_required: bool = False,
        frontend_settings: bool = True,
        latency: float = 0.0,
    ) -> None:
        super().__init__()
        self.languages = languages
        self.char_limit = char_limit
        self.batch_limit = batch_limit
        self.api_keys = api_keys
        self.key_required = key_required
        self.frontend_settings = frontend_settings
        self.latency = latency
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._failures: list[tuple[int, str | None, str | None]] = []  # status, path, error message
        self._wrong_counts = 0

    # --- control ------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The server's URL, as ``[libretranslate] url`` takes it (no trailing slash)."""
        host, port = self.host_port
        return f"http://{host}:{port}"

    def fail_next(self, status: int, times: int = 1, *, path: str | None = "/translate",
                  error: str | None = None) -> None:
        """Answer the next ``times`` requests to ``path`` (None: any) with ``status``: ``{"error": error}``,
        or for 500 without ``error`` Flask's HTML page."""
        with self._lock:
            self._failures.extend([(status, path, error)] * times)

    def wrong_count_next(self, times: int = 1) -> None:
        """The next ``times`` translations answer one text too few (a broken proxy, a bug)."""
        with self._lock:
            self._wrong_counts += times

    def translate_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == "/translate" and r.status == 200]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- behaviour ----------------------------------------------------------------

    def _take_failure(self, path: str) -> tuple[int, str | None] | None:
        with self._lock:
            for index, (status, wanted, error) in enumerate(self._failures):
                if wanted is None or wanted == path:
                    del self._failures[index]
                    return status, error
        return None

    def _languages_answer(self) -> list[dict[str, Any]]:
        return [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "targets": [c for c in self.languages if c != code]}
            for code in self.languages
        ]

    def _settings_answer(self) -> dict[str, Any]:
        return {
            "charLimit": self.char_limit, "frontendTimeout": 500, "apiKeys": bool(self.api_keys),
            "keyRequired": self.key_required, "suggestions": False, "filesTranslation": True,
            "supportedFilesFormat": [".txt", ".odt", ".odp", ".docx", ".pptx", ".epub", ".html"],
            "language": {"source": {"code": "auto", "name": "Auto Detect"},
                         "target": {"code": self.languages[1], "name": LANGUAGE_NAMES.get(self.languages[1], "")}},
        }

    def _translate(self, params: dict[str, Any], key: str | None) -> tuple[int, Any]:
        if self.api_keys and key and key not in self.api_keys:
            return 403, {"error": "Invalid API key"}
        if self.key_required and not (key and key in self.api_keys):
            return 400, {"error": "Please contact the server operator to get an API key"}
        q, source, target = params.get("q"), params.get("source"), params.get("target")
        for name, value in (("q", q), ("source", source), ("target", target)):
            if not value:
                return 400, {"error": f"Invalid request: missing {name} parameter"}
        batch = isinstance(q, list)
        texts = q if isinstance(q, list) else [str(q)]
        if batch and self.batch_limit != -1 and len(texts) > self.batch_limit:
            return 400, {"error": f"Invalid request: request ({len(texts)}) exceeds text limit ({self.batch_limit})"}
        chars = sum(len(text) for text in texts)
        if self.char_limit != -1 and chars > self.char_limit:
            return 400, {"error": f"Invalid request: request ({chars}) exceeds text limit ({self.char_limit})"}
        for code in (source, target):
            if code not in self.languages:
                return 400, {"error": f"{code} is not supported"}
        text_format = params.get("format") or "text"
        if text_format not in ("text", "html"):
            return 400, {"error": f"{text_format} format is not supported"}
        translated = [translate_html(t, target) if text_format == "html" else fake_translate(t, target) for t in texts]
        with self._lock:
            if self._wrong_counts and batch:
                self._wrong_counts -= 1
                translated = translated[:-1]
        return 200, {"translatedText": translated if batch else translated[0]}

    def handle(self, method: str, raw_path: str, headers: Any, body: bytes) -> tuple[int, Any]:
        path = urlsplit(raw_path).path
        params: dict[str, Any] = {}
        if body:
            if "json" in headers.get("Content-Type", ""):
                try:
                    value = json.loads(body.decode("utf-8"))
                except ValueError:
                    return self._finish(method, path, 400, {"error": "Invalid JSON format"}, {})
                if not isinstance(value, dict):
                    return self._finish(method, path, 400, {"error": "Invalid JSON format"}, {})
                params = value
            else:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                params = {k: v if k == "q" and len(v) > 1 else v[0] for k, v in form.items()}
        if self.latency:
            time.sleep(self.latency)
        if self.hangs(path):
            self.hang()
            return self._finish(method, path, 0, None, params)
        failure = self._take_failure(path)
        if failure is not None:
            status, error = failure
            if status == 500 and error is None:
                return self._finish(method, path, 500, _FLASK_500, params)
            return self._finish(method, path, status, {"error": error or f"Injected failure {status}"}, params)
        if path == "/languages" and method == "GET":
            return self._finish(method, path, 200, self._languages_answer(), params)
        if path == "/frontend/settings" and method == "GET" and self.frontend_settings:
            return self._finish(method, path, 200, self._settings_answer(), params)
        if path == "/translate" and method == "POST":
            status, answer = self._translate(params, params.get("api_key"))
            return self._finish(method, path, status, answer, params)
        return self._finish(method, path, 404, _FLASK_404, params)

    def _finish(self, method: str, path: str, status: int, answer: Any, params: dict[str, Any]) -> tuple[int, Any]:
        q = params.get("q")
        texts = tuple(q) if isinstance(q, list) else ((str(q),) if q else ())
        kept = {k: v for k, v in params.items() if k not in ("q", "api_key")}
        with self._lock:
            self.requests.append(RecordedRequest(method, path, status, kept, texts, bool(params.get("api_key"))))
        return status, answer


_FLASK_404 = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server.</p>\n"
)
