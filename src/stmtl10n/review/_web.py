"""The little HTTP the review server needs on top of WSGI: requests, responses, cookies, security headers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from stmtl10n.errors import BadRequestError

StartResponse = Callable[..., Any]

MAX_BODY_BYTES = 1024 * 1024  # a translation is a paragraph, not a file

# No inline script or style anywhere, so the policy can forbid both.
SECURITY_HEADERS = (
    ("Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
     "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    # Login links carry the token in the URL: never let it leave for another site in a Referer.
    # ("no-referrer" would be stricter, but then Chromium sends "Origin: null" with our own forms.)
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


@dataclass(slots=True)
class Request:
    """What a handler needs from the WSGI environ."""

    environ: dict[str, Any]
    method: str
    path: str
    query: dict[str, str]
    cookies: dict[str, str]
    _body: bytes | None = None

    @classmethod
    def from_environ(cls, environ: dict[str, Any]) -> Request:
        raw_path = environ.get("PATH_INFO", "") or "/"
        # WSGI hands PATH_INFO over as latin-1 decoded bytes; URLs are UTF-8.
        try:
            path = raw_path.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            path = raw_path
        return cls(environ, environ.get("REQUEST_METHOD", "GET").upper(), path,
                   _first_values(parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
                   _parse_cookies(environ.get("HTTP_COOKIE", "")))

    def header(self, name: str) -> str:
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            return str(self.environ.get(key, "") or "")
        return str(self.environ.get(f"HTTP_{key}", "") or "")

    def body(self) -> bytes:
        if self._body is None:
            try:
                length = int(self.environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                raise BadRequestError("bad Content-Length") from None
            if length > MAX_BODY_BYTES:
                raise BadRequestError("request body too large", 413)
            self._body = self.environ["wsgi.input"].read(length) if length > 0 else b""
        return self._body

    def form(self) -> dict[str, str]:
        """The fields of a urlencoded form (the only kind of form the pages send), each one's first value."""
        return _first_values(self._form_fields())

    def form_values(self, name: str) -> list[str]:
        """Every value of a form field that may repeat (``accepted=markup&accepted=numbers``)."""
        return self._form_fields().get(name, [])

    def _form_fields(self) -> dict[str, list[str]]:
        if not self.header("Content-Type").startswith("application/x-www-form-urlencoded"):
            return {}
        try:
            text = self.body().decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequestError("form data is not UTF-8") from None
        return parse_qs(text, keep_blank_values=True)

    def json(self) -> dict[str, Any]:
        if not self.header("Content-Type").startswith("application/json"):
            raise BadRequestError("send the body as JSON with Content-Type: application/json", 415)
        try:
            data = json.loads(self.body().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BadRequestError("the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise BadRequestError("the body must be a JSON object")
        return data

    @property
    def host(self) -> str:
        return self.header("Host")

    @property
    def is_api(self) -> bool:
        return self.path == "/api" or self.path.startswith("/api/")

    def is_https(self, *, trust_proxy: bool) -> bool:
        """Whether the browser reached us over HTTPS (directly, or through a proxy the operator trusts)."""
        if self.environ.get("wsgi.url_scheme") == "https":
            return True
        # Any client can send X-Forwarded-Proto: believe it only behind the operator's own proxy.
        forwarded = self.header("X-Forwarded-Proto").split(",")[0].strip().lower()
        return trust_proxy and forwarded == "https"


@dataclass(slots=True)
class Response:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, start_response: StartResponse) -> Iterable[bytes]:
        phrase = HTTPStatus(self.status).phrase
        headers = [("Content-Type", self.content_type), ("Content-Length", str(len(self.body))),
                   *SECURITY_HEADERS, *self.headers]
        start_response(f"{self.status} {phrase}", headers)
        return [self.body]

    def set_cookie(self, name: str, value: str, *, max_age: int | None = None, secure: bool = False) -> None:
        # HttpOnly: scripts never see the session id. SameSite=Strict: other
        # sites' pages cannot make the browser send it (the first CSRF wall).
        # Secure (over HTTPS only: browsers drop Secure cookies set over plain HTTP)
        # keeps the id off any plain-HTTP request to the same name.
        parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
        if secure:
            parts.append("Secure")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        self.headers.append(("Set-Cookie", "; ".join(parts)))


def html_response(text: str, status: int = 200) -> Response:
    return Response(text.encode("utf-8"), status)


def json_response(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"), status, "application/json; charset=utf-8")


def redirect(location: str, status: int = 303) -> Response:
    # Only our own absolute paths: a Location built from input must not leave the site.
    if not location.startswith("/") or location.startswith("//"):
        location = "/"
    return Response(b"", status, "text/plain; charset=utf-8", [("Location", location)])


def _first_values(parsed: dict[str, list[str]]) -> dict[str, str]:
    return {key: values[0] for key, values in parsed.items() if values}


def _parse_cookies(header: str) -> dict[str, str]:
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(header)
    except CookieError:
        return {}
    return {key: morsel.value for key, morsel in cookie.items()}
