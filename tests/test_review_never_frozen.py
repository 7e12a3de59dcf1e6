"""Nothing a reviewer sends keeps the server busy: patterns in linear time, long texts refused, logins throttled.

The issue behind these tests: a 900 KiB edit without spaces kept the server
busy for 14 minutes (a URL pattern that backtracked quadratically). Python's
interpreter lock stops every thread while a pattern runs, so each request's
CPU work must be bounded: every pattern linear, and no text checked that is
far longer than a translation can be.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from checks_support import context, entry
from review_support import Client, live_server, make_project
from stmtl10n import checks as checks_package
from stmtl10n import detect
from stmtl10n.checks import CHECKS, check_entry
from stmtl10n.checks.base import MAX_LENGTH_EXTRA, MAX_LENGTH_FACTOR
from stmtl10n.detect import judge_language
from stmtl10n.engines.markup import protect
from stmtl10n.project import Project
from stmtl10n.review.accounts import LoginThrottle, add_reviewer
from stmtl10n.review.app import ReviewApp

# The shapes that make backtracking patterns quadratic: a run with no space, all
# `@` (e-mail and handle patterns), all `*` and all `[` (Markdown emphasis and links),
# and a few more that the project's patterns look for.
SHAPES = {
    "no spaces": "abcdefghij",
    "all @": "@",
    "all *": "*",
    "all [": "[",
    "a@ runs": "a@",
    "dots": "a.",
    "hashes": "#",
    "digits and commas": "1,",
    "underscores": "_",
    "backticks": "`",
    "link ends": "](",
    "ampersands": "&",
}
MODULES = ["stmtl10n.detect", "stmtl10n.patterns", "stmtl10n.engines.markup"] + [
    f"stmtl10n.checks.{info.name}" for info in pkgutil.iter_modules(checks_package.__path__)]
KIB = 1024


def _patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    """Every compiled pattern of the modules, and whether it is only matched at a known start.

    A pattern kept as its bound ``match`` (``_match_email_at``) is only ever
    tried at one position its caller found by a linear scan
    (:func:`stmtl10n.patterns.email_span`); :func:`protect` on the same shapes
    covers that use.
    """
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append((f"{name}.{attr}", value, False))
            elif callable(value) and isinstance(getattr(value, "__self__", None), re.Pattern):
                pattern = value.__self__  # a bound method kept instead of the pattern (``_match = re.compile(...).match``)
                found.append((f"{name}.{attr}", pattern, True))
    return found


PATTERNS = _patterns()


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _cpu(work: Callable[[], object]) -> float:
    # The collector off while measuring, as timeit does: late in a long test run the heap is
    # large, and one full collection that happens to fall in the bigger step is not the
    # pattern's cost. (No gc.collect() first: over that heap it costs more than the work.)
    gc.disable()
    try:
        started = time.process_time()
        work()
        return time.process_time() - started
    finally:
        gc.enable()


def _assert_linear(work: Callable[[str], object], unit: str, sizes: list[int], *, what: str,
                   again: bool = False) -> None:
    """Each step up in size may cost at most three times the linear growth; tiny times (noise) pass.

    A quadratic pattern costs 64× per 8× step (16× per 4×), so it fails at the
    first step that takes measurable time, long before the megabyte.

    :param again: measure a step that looks too slow once more (both sizes, the
        fastest time of three): for work without caches, on a machine that is busy.
    """
    earlier = None
    for size in sizes:
        text = _text(unit, size)
        # Once: a second run would measure the caches (language identification keeps its answers).
        spent = _cpu(lambda text=text: work(text))
        if earlier is not None:
            smaller, before = earlier
            growth = size / smaller

            def linear(before: float, spent: float, growth: float = growth) -> bool:
                return spent < 0.1 or spent / max(before, 1e-4) < 3 * growth

            if not linear(before, spent) and again:
                small_text = _text(unit, smaller)
                for _ in range(2):
                    before = min(before, _cpu(lambda small_text=small_text: work(small_text)))
                    spent = min(spent, _cpu(lambda text=text: work(text)))
            assert linear(before, spent), (
                f"{what}: {smaller // KIB} KiB took {before:.4f} s, {size // KIB} KiB {spent:.4f} s: not linear")
        earlier = (size, spent)


def test_the_patterns_are_found() -> None:
    names = {name for name, _, _ in PATTERNS}
    assert "stmtl10n.patterns.URL_RE" in names and "stmtl10n.patterns.EMAIL_RE" in names
    assert len(PATTERNS) > 40


@pytest.mark.parametrize("shape", SHAPES)
def test_every_pattern_runs_in_linear_time_up_to_a_megabyte(shape: str) -> None:
    unit = SHAPES[shape]
    for name, pattern, anchored in PATTERNS:
        def every_match(text: str, pattern: re.Pattern[str] = pattern, anchored: bool = anchored) -> int:
            if anchored:  # matched at a start the caller found: one attempt must be linear
                return 0 if pattern.match(text) is None else 1
            return sum(1 for _ in pattern.finditer(text))

        _assert_linear(every_match, unit, [4 * KIB, 32 * KIB, 256 * KIB, 1024 * KIB], what=f"{name} on {shape!r}",
                       again=True)


# Through the real entry points the cost is dominated by markdown-it's parser
# and langdetect (about 100 µs a character on a run of `[`: a megabyte takes
# 106 s in check_entry, 28 s in judge_language, 38 s in protect), so these stop
# at 64 KiB; the server refuses translations longer than 10× their source + 1,000.
ENTRY_SIZES = [1 * KIB, 8 * KIB, 64 * KIB]


def _judge_afresh(text: str) -> object:
    # Language identification keeps its answers by text: forgotten first, so that a step measured
    # again (on a busy machine) costs what the first one did.
    detect._evidence.cache_clear()
    detect._langdetect.cache_clear()
    detect._WORD_NGRAMS.clear()
    return judge_language(text, "es")


@pytest.mark.parametrize("shape", ["no spaces", "all @", "all *", "all ["])
def test_checks_language_identification_and_markup_protection_scale_linearly(shape: str) -> None:
    # Language identification first: check_entry would fill its cache with these very texts.
    unit = SHAPES[shape]
    _assert_linear(_judge_afresh, unit, ENTRY_SIZES, what=f"judge_language on {shape!r}", again=True)
    # protect keeps nothing between calls: a step that looks slow on a busy machine is measured again.
    _assert_linear(protect, unit, ENTRY_SIZES, what=f"protect on {shape!r}", again=True)
    ctx = context("es")
    _assert_linear(lambda text: check_entry(ctx, entry("Read the [call](https://example.org) now.", text), CHECKS),
                   unit, ENTRY_SIZES, what=f"check_entry on {shape!r}")


# -- the review server refuses translations too long to be one -----------------


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p")


def _api(client: Client, token: str, lang: str = "es") -> list[dict[str, object]]:
    reply = client.get(f"/api/statements/call/{lang}", Authorization=f"Bearer {token}")
    assert reply.status == 200
    entries: list[dict[str, object]] = reply.json()["entries"]
    return entries


def test_a_translation_ten_times_its_source_plus_1000_characters_is_refused_with_422(project: Project) -> None:
    app = ReviewApp(project)
    token = add_reviewer(project, "lucia", languages=("es",))[1]
    client = Client(app)
    first = _api(client, token)[0]
    msgid = str(first["msgid"])
    limit = MAX_LENGTH_FACTOR * len(msgid) + MAX_LENGTH_EXTRA
    path = project.catalog_path("call", "es")
    before = path.read_bytes()
    url = f"/api/statements/call/es/entries/{first['id']}"
    # 900 KiB without a space, as in the report, and just one character over the limit.
    for text in ("x" * (900 * KIB), "Llamamiento " + "a" * (limit - 11)):
        assert len(text) > limit
        started = time.perf_counter()
        for action in ("edit", "check"):
            reply = client.post_json(f"{url}/{action}", {"version": first["version"], "msgstr": text},
                                     bearer=token, origin=None)
            assert reply.status == 422, reply.text
            assert reply.json()["error"] == "too long"
            # In the reviewer's language (Spanish): "921.600 caracteres".
            assert f"{len(text):,} caracteres".replace(",", ".") in reply.json()["message"]
        assert time.perf_counter() - started < 5  # refused before any check ran (these would take minutes)
    assert path.read_bytes() == before
    # At the limit it is a translation like any other: checked, not refused for its length.
    at_limit = "Llamamiento " + "a" * (limit - 12)
    reply = client.post_json(f"{url}/check", {"msgstr": at_limit}, bearer=token, origin=None)
    assert reply.status == 200
    # The form without JavaScript is refused the same way.
    client.login(token)
    csrf = client.csrf_token()
    reply = client.post_form(f"/review/call/es/entries/{first['id']}",
                             {"csrf": csrf, "version": str(first["version"]), "action": "approve",
                              "msgstr": "x" * (limit + 1)})
    assert reply.status == 422 and "shorten it" in reply.text
    assert path.read_bytes() == before


def test_a_too_long_translation_already_in_a_catalog_is_flagged_not_checked(project: Project) -> None:
    # Written by Poedit or by hand: the server must not spend minutes checking it at start, nor approve it.
    from stmtl10n.catalog import read_catalog, write_catalog

    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    victim = next(iter(catalog.active()))
    victim.msgstr = "[" * (512 * KIB)
    write_catalog(path, catalog)
    app = ReviewApp(project)
    token = add_reviewer(project, "lucia", languages=("es",))[1]
    client = Client(app)
    started = time.perf_counter()
    entries = _api(client, token)
    assert time.perf_counter() - started < 10  # checking it would take about 50 s of CPU
    flagged = entries[0]
    assert [p["check"] for p in flagged["problems"]] == ["length"]  # type: ignore[index]
    reply = client.post_json(f"/api/statements/call/es/entries/{flagged['id']}/approve",
                             {"version": flagged["version"], "accept": ["length"]}, bearer=token, origin=None)
    assert reply.status == 422 and reply.json()["error"] == "too long"


# -- login attempts per address --------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failed_logins_are_limited_per_address_then_429_with_retry_after(project: Project) -> None:
    clock = FakeClock()
    app = ReviewApp(project, login_throttle=LoginThrottle(clock=clock))
    token = add_reviewer(project, "amal", languages=("ar",))[1]
    attacker, other = Client(app), Client(app)

    def post(client: Client, address: str, value: str) -> int:
        client_environ = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://127.0.0.1:8000"}
        from urllib.parse import urlencode
        environ_extra = {"REMOTE_ADDR": address}
        reply = _request_from(client, "POST", "/login", urlencode({"token": value}).encode(), client_environ,
                              environ_extra)
        if reply[0] == 429:
            assert int(reply[1]) > 0
        return reply[0]

    statuses = [post(attacker, "203.0.113.7", f"guess-{n}") for n in range(12)]
    assert statuses == [401] * 10 + [429] * 2
    # Even the right token waits: the address is guessing.
    assert post(attacker, "203.0.113.7", token) == 429
    # Bearer tokens are logins too.
    assert _request_from(attacker, "GET", "/api/statements", b"", {"Authorization": "Bearer nope"},
                         {"REMOTE_ADDR": "203.0.113.7"})[0] == 429
    # Another address is not held up.
    assert post(other, "198.51.100.2", token) == 303
    # A minute later the address may try again.
    clock.now += 61
    assert post(attacker, "203.0.113.7", token) == 303


def _request_from(client: Client, method: str, url: str, body: bytes, headers: dict[str, str],
                  extra: dict[str, str]) -> tuple[int, str]:
    import io

    environ = {"REQUEST_METHOD": method, "PATH_INFO": url, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "8000", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
               "CONTENT_LENGTH": str(len(body)), "HTTP_HOST": client.host, **extra}
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    answer: dict[str, object] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answer["status"] = int(status.split()[0])
        answer["retry"] = dict(response_headers).get("Retry-After", "")

    b"".join(client.app(environ, start_response))
    return int(answer["status"]), str(answer["retry"])  # type: ignore[call-overload]


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(project: Project) -> None:
    app = ReviewApp(project, trust_proxy=True, login_throttle=LoginThrottle(limit=2, clock=FakeClock()))
    client = Client(app)
    for _ in range(2):
        assert _request_from(client, "POST", "/login", b"token=x", {"Content-Type": "application/x-www-form-urlencoded"},
                             {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"})[0] == 401
    assert _request_from(client, "POST", "/login", b"token=x", {"Content-Type": "application/x-www-form-urlencoded"},
                         {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})[0] == 429
    # Another client behind the same proxy logs in.
    assert _request_from(client, "POST", "/login", b"token=x", {"Content-Type": "application/x-www-form-urlencoded"},
                         {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.4"})[0] == 401


# -- waitress ---------------------------------------------------------------------


def test_the_server_is_waitress_and_answers_while_a_slow_client_holds_a_connection(project: Project) -> None:
    import http.client
    import socket
    from urllib.parse import urlsplit

    from stmtl10n.review.server import make_review_server

    server = make_review_server(project, host="127.0.0.1", port=0)
    try:
        assert type(server._server).__module__.startswith("waitress")
    finally:
        server.server_close()
    token = add_reviewer(project, "lucia", languages=("es",))[1]
    with live_server(project) as base:
        netloc = urlsplit(base).netloc
        host, port = netloc.split(":")
        # Slow clients: they send half a request and wait. wsgiref gave each a thread until it finished.
        slow = [socket.create_connection((host, int(port))) for _ in range(20)]
        for sock in slow:
            sock.sendall(b"POST /api/statements HTTP/1.1\r\nHost: " + netloc.encode() + b"\r\nContent-Length: 100\r\n\r\nab")
        try:
            started = time.perf_counter()
            connection = http.client.HTTPConnection(netloc, timeout=10)
            connection.request("GET", "/api/statements", headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            assert response.status == 200
            response.read()
            connection.close()
            assert time.perf_counter() - started < 5
            # A body far over the limit is refused as soon as its Content-Length is read.
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(b"POST /api/statements/call/es/entries/0000000000000000/check HTTP/1.1\r\nHost: "
                             + netloc.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(3 * 1024 * KIB).encode() + b"\r\n\r\n{")
                assert sock.recv(100).startswith(b"HTTP/1.1 413 ")
        finally:
            for sock in slow:
                sock.close()
