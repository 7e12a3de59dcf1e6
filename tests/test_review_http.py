"""The review server over HTTP: login, sessions, scopes, CSRF, escaping, paths, actions and concurrent writers."""

from __future__ import annotations

import dataclasses
import http.client
import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_support import (
    DONATE_PARAGRAPH,
    LINK_PARAGRAPH,
    LINK_STATEMENT,
    STATEMENT,
    Client,
    Reply,
    catalog_of,
    ids_and_versions,
    live_server,
    make_project,
    msgfmt_check,
)
from stmtl10n.catalog import Catalog, Entry, EntryState, read_catalog, render_catalog, write_catalog
from stmtl10n.cli import cli
from stmtl10n.errors import BadRequestError, ConfigError, ServeError, Stmtl10nError
from stmtl10n.extract import extract
from stmtl10n.model import Problem
from stmtl10n.project import Project
from stmtl10n.review import _web as review_web
from stmtl10n.review import accounts as review_accounts
from stmtl10n.review import actions as review_actions
from stmtl10n.review import app as review_app
from stmtl10n.review import catalogs as review_catalogs
from stmtl10n.review import pages as review_pages
from stmtl10n.review import server as review_server
from stmtl10n.review._web import MAX_BODY_BYTES, Request
from stmtl10n.review.accounts import SessionStore, add_reviewer, load_reviewers, remove_reviewer
from stmtl10n.review.actions import Action, _ChunkedRenderer, apply_action
from stmtl10n.review.app import SESSION_COOKIE, ReviewApp
from stmtl10n.review.catalogs import entry_id, entry_version
from stmtl10n.review.server import make_review_server

FIXED_NOW = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(project: Project, clock: FakeClock) -> ReviewApp:
    return ReviewApp(project, sessions=SessionStore(clock=clock), now=lambda: FIXED_NOW)


@pytest.fixture
def tokens(project: Project) -> dict[str, str]:
    return {
        "amal": add_reviewer(project, "amal", languages=("ar",))[1],
        "lucia": add_reviewer(project, "lucia", languages=("es",))[1],
        "coord": add_reviewer(project, "coord", languages=(), coordinator=True)[1],
    }


def api_entries(client: Client, lang: str, **auth: str) -> list[dict]:
    reply = client.get(f"/api/statements/call/{lang}", **auth)
    assert reply.status == 200, reply.text
    return reply.json()["entries"]


# --- login and sessions ------------------------------------------------------------------


def test_api_answers_401_and_pages_redirect_to_login_without_a_login(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    reply = client.get("/api/statements")
    assert reply.status == 401
    assert reply.json()["error"] == "unauthorized"
    assert reply.header("WWW-Authenticate").startswith("Bearer")
    for path in ("/", "/review/call/es", "/review/call/es?filter=all"):
        reply = client.get(path)
        assert (reply.status, reply.header("Location")) == (303, "/login"), path
    assert client.get("/login").status == 200
    assert client.post_form("/review/call/es/entries/0123456789abcdef", {"action": "approve"}).status == 303


def test_login_link_opens_a_session_in_an_httponly_samesite_strict_cookie(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    reply = client.login(tokens["amal"])
    cookie = reply.header("Set-Cookie")
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert tokens["amal"] not in cookie  # the session id is not the token
    listing = client.get("/api/statements")
    assert listing.status == 200
    data = listing.json()
    assert data["reviewer"]["name"] == "amal"
    languages = {lang["lang"]: lang for lang in data["statements"][0]["languages"]}
    assert languages["ar"]["can_change"] and not languages["es"]["can_change"]
    assert languages["es"]["drafts"] == languages["es"]["total"] > 0
    assert languages["es"]["reviewed"] == languages["es"]["untranslated"] == 0
    assert "call" in client.get("/").text


def test_a_login_link_only_shows_a_form_and_the_click_logs_in(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    page = client.get(f"/login?token={tokens['amal']}")
    assert page.status == 200
    assert not page.header("Set-Cookie")  # opening a link (perhaps planted on another site) logs nobody in
    assert client.get("/api/statements").status == 401
    assert "Log in as amal" in page.text
    forms = [attrs for tag, attrs in _tags(page.text) if tag == "form"]
    assert {"method": "post", "action": "/login", "id": "login-link"} in forms
    assert {"type": "hidden", "name": "token", "value": tokens["amal"]} in [a for t, a in _tags(page.text) if t == "input"]
    # No inline script, and the strict policy still applies.
    assert [attrs for tag, attrs in _tags(page.text) if tag == "script"] == [{"src": "/static/app.js", "defer": None}]
    assert not [name for _, attrs in _tags(page.text) for name in attrs if name.startswith("on")]
    assert "script-src 'self'" in page.header("Content-Security-Policy")
    # The click: a POST from our own page, answered with a redirect away from the token.
    reply = client.post_form("/login", {"token": tokens["amal"]})
    assert (reply.status, reply.header("Location")) == (303, "/")
    assert tokens["amal"] not in reply.header("Location") + reply.text
    assert client.get("/api/statements").json()["reviewer"]["name"] == "amal"


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Sec-Fetch-Site": "cross-site"}],
                         ids=["foreign-origin", "null-origin", "cross-site-fetch"])
def test_a_login_posted_from_another_site_is_refused(app: ReviewApp, tokens: dict[str, str],
                                                     headers: dict[str, str]) -> None:
    # Login CSRF: another site's page posts the attacker's token to log the victim in as the attacker.
    client = Client(app)
    reply = client.request("POST", "/login", body=urlencode({"token": tokens["coord"]}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded", **headers})
    assert reply.status == 403
    assert not reply.header("Set-Cookie") and SESSION_COOKIE not in client.cookies


def test_logging_in_again_ends_the_previous_session(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["amal"])
    first = client.cookies[SESSION_COOKIE]
    client.login(tokens["lucia"])
    assert client.cookies[SESSION_COOKIE] != first
    assert Client(app, cookies={SESSION_COOKIE: first}).get("/api/statements").status == 401


@pytest.mark.parametrize(("scheme", "forwarded", "trust_proxy", "secure"), [
    ("http", None, False, False),
    ("https", None, False, True),
    ("http", "https", False, False),
    ("http", "https", True, True),
    ("http", "http", True, False),
], ids=["http", "https", "forwarded-untrusted", "forwarded-trusted", "forwarded-http"])
def test_the_session_cookie_is_secure_over_https(project: Project, tokens: dict[str, str], scheme: str,
                                                 forwarded: str | None, trust_proxy: bool, secure: bool) -> None:
    client = Client(ReviewApp(project, trust_proxy=trust_proxy), scheme=scheme)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"{scheme}://{client.host}"}
    if forwarded:
        headers["X-Forwarded-Proto"] = forwarded
    reply = client.request("POST", "/login", body=urlencode({"token": tokens["amal"]}).encode(), headers=headers)
    assert reply.status == 303
    attributes = [part.strip() for part in reply.header("Set-Cookie").split(";")]
    assert "HttpOnly" in attributes and "SameSite=Strict" in attributes
    assert ("Secure" in attributes) is secure
    logout = client.request("POST", "/logout", body=urlencode({"csrf": client.csrf_token()}).encode(), headers=headers)
    assert ("Secure" in logout.header("Set-Cookie").split("; ")) is secure


def test_login_by_pasting_the_token_in_the_form(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    reply = client.post_form("/login", {"token": tokens["lucia"]})
    assert (reply.status, reply.header("Location")) == (303, "/")
    assert client.get("/api/statements").status == 200


@pytest.mark.parametrize("token", ["", "x", "not-a-token-" * 4], ids=["empty", "short", "wrong"])
def test_a_wrong_token_opens_no_session(app: ReviewApp, tokens: dict[str, str], token: str) -> None:
    client = Client(app)
    reply = client.get(f"/login?token={token}")
    assert reply.status == (200 if not token else 401)
    posted = client.post_form("/login", {"token": token})
    assert posted.status == 401 and "not valid" in posted.text and '<form method="post" action="/login">' in posted.text
    assert not posted.header("Set-Cookie")
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/api/statements").status == 401
    assert client.get("/api/statements", Authorization=f"Bearer {token}").status == 401


def test_tokens_are_stored_only_as_hashes(project: Project, tokens: dict[str, str]) -> None:
    text = (project.root / "reviewers.toml").read_text(encoding="utf-8")
    for token in tokens.values():
        assert token not in text
    assert [r.name for r in load_reviewers(project)] == ["amal", "lucia", "coord"]


def test_sessions_expire_after_twelve_idle_hours(app: ReviewApp, tokens: dict[str, str], clock: FakeClock) -> None:
    client = Client(app)
    client.login(tokens["lucia"])
    clock.now += 11 * 3600
    assert client.get("/api/statements").status == 200  # activity keeps the session alive
    clock.now += 11 * 3600
    assert client.get("/api/statements").status == 200
    clock.now += 12 * 3600 + 1
    assert client.get("/api/statements").status == 401
    assert client.get("/").header("Location") == "/login"


def test_logout_ends_the_session(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["lucia"])
    session_id = client.cookies[SESSION_COOKIE]
    token = client.csrf_token()
    assert client.post_form("/logout", {"csrf": token}).header("Location") == "/login"
    assert SESSION_COOKIE not in client.cookies
    client.cookies[SESSION_COOKIE] = session_id  # replaying the old cookie does not work either
    assert client.get("/api/statements").status == 401


def test_removing_a_reviewer_ends_their_session_and_token(project: Project, app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["amal"])
    assert client.get("/api/statements").status == 200
    remove_reviewer(project, "amal")
    assert client.get("/api/statements").status == 401
    assert Client(app).get("/api/statements", Authorization=f"Bearer {tokens['amal']}").status == 401


def test_bearer_token_reads_and_writes_without_csrf_token(project: Project, app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    entry = api_entries(client, "es", Authorization=f"Bearer {tokens['lucia']}")[0]
    reply = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/approve", {"version": entry["version"]},
                             bearer=tokens["lucia"], origin=None)
    assert reply.status == 200, reply.text
    assert catalog_of(project, "call", "es").index()[(None, entry["msgid"])].state is EntryState.REVIEWED


# --- language scopes ---------------------------------------------------------------------


def test_a_reviewer_for_arabic_reads_spanish_but_cannot_change_it(project: Project, app: ReviewApp,
                                                                   tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["amal"])
    csrf = client.csrf_token()
    before = project.catalog_path("call", "es").read_bytes()
    entry = api_entries(client, "es")[0]
    page = client.get("/review/call/es?filter=all")
    assert page.status == 200 and "read-only for you" in page.text and "<textarea" not in page.text
    api = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/approve", {"version": entry["version"]}, csrf=csrf)
    assert api.status == 403
    form = client.post_form(f"/review/call/es/entries/{entry['id']}",
                            {"csrf": csrf, "version": entry["version"], "action": "approve"})
    assert form.status == 403
    assert project.catalog_path("call", "es").read_bytes() == before
    # ... and may change Arabic.
    ar_entry = api_entries(client, "ar")[0]
    reply = client.post_json(f"/api/statements/call/ar/entries/{ar_entry['id']}/approve",
                             {"version": ar_entry["version"]}, csrf=csrf)
    assert reply.status == 200


def test_a_coordinator_changes_every_language(project: Project, app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    for lang in ("es", "ar", "fr"):
        entry = api_entries(client, lang, Authorization=f"Bearer {tokens['coord']}")[1]
        reply = client.post_json(f"/api/statements/call/{lang}/entries/{entry['id']}/approve",
                                 {"version": entry["version"]}, bearer=tokens["coord"])
        assert reply.status == 200, (lang, reply.text)
        assert catalog_of(project, "call", lang).header["Last-Translator"] == "coord"


# --- CSRF --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("csrf", "origin", "expected"),
    [
        (None, "same", 403),
        ("wrong", "same", 403),
        ("right", "http://evil.example", 403),
        ("right", "null", 403),
        ("right", None, 200),
        ("right", "same", 200),
    ],
    ids=["no-token", "wrong-token", "foreign-origin", "null-origin", "no-origin", "same-origin"],
)
def test_cookie_writes_need_the_session_csrf_token_and_our_origin(project: Project, app: ReviewApp,
                                                                  tokens: dict[str, str], csrf: str | None,
                                                                  origin: str | None, expected: int) -> None:
    client = Client(app)
    client.login(tokens["lucia"])
    real = client.csrf_token()
    entry = api_entries(client, "es")[0]
    sent = real if csrf == "right" else csrf
    before = project.catalog_path("call", "es").read_bytes()
    api = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/approve", {"version": entry["version"]},
                           csrf=sent, origin=origin)
    assert api.status == expected, api.text
    if expected == 403:
        assert project.catalog_path("call", "es").read_bytes() == before
        fields = {"version": entry["version"], "action": "approve"}
        if sent:
            fields["csrf"] = sent
        assert client.post_form(f"/review/call/es/entries/{entry['id']}", fields, origin=origin).status == 403
        assert project.catalog_path("call", "es").read_bytes() == before


def test_a_csrf_token_from_another_session_does_not_work(app: ReviewApp, tokens: dict[str, str]) -> None:
    attacker, victim = Client(app), Client(app)
    attacker.login(tokens["coord"])
    victim.login(tokens["lucia"])
    entry = api_entries(victim, "es")[0]
    reply = victim.post_json(f"/api/statements/call/es/entries/{entry['id']}/approve", {"version": entry["version"]},
                             csrf=attacker.csrf_token())
    assert reply.status == 403


# --- escaping and headers ----------------------------------------------------------------


def test_html_in_statements_and_translations_is_shown_escaped(tmp_path: Path) -> None:
    statement = f"# Title {XSS_SCRIPT}\n\nA paragraph with {XSS_ATTR} inside.\n\nPlain words here.\n"
    project = make_project(tmp_path / "x", statements={"call.md": statement})
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    entries = list(catalog.active())
    entries[2].msgstr = f"Traducción {XSS_ATTR} {XSS_SCRIPT}"
    entries[2].set_provenance(f"mt {XSS_SCRIPT}")
    write_catalog(path, catalog)
    token = add_reviewer(project, "lucia", languages=("es",))[1]
    client = Client(ReviewApp(project))
    client.login(token)
    for url in ("/review/call/es?filter=all", "/review/call/fr?filter=all", "/"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img" not in page, url
        tags = _tags(page)
        # the only script is our own file; no element a browser would run code from
        assert [attrs for tag, attrs in tags if tag == "script"] == [{"src": "/static/app.js", "defer": None}]
        assert not [tag for tag, _ in tags if tag in ("img", "iframe", "object", "embed", "svg")]
        assert not [name for _, attrs in tags for name in attrs if name.startswith("on") or name == "style"]
    page = client.get("/review/call/es?filter=all").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Jinja2's autoescape (markupsafe) writes a quote as &#34; (html.escape as &quot;): the same character.
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    # the JSON API carries the text as data, and is served as JSON
    reply = client.get("/api/statements/call/es")
    assert reply.header("Content-Type").startswith("application/json")
    assert XSS_SCRIPT in json.dumps(reply.json(), ensure_ascii=False)


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of ``page`` with its attributes, as a browser's parser sees them."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collector().feed(page)
    return found


@pytest.mark.parametrize("url", ["/login", "/", "/review/call/ar?filter=all", "/api/statements", "/static/app.js",
                                 "/no/such/page"])
def test_every_response_carries_the_security_headers(app: ReviewApp, tokens: dict[str, str], url: str) -> None:
    client = Client(app)
    client.login(tokens["coord"])
    reply = client.get(url)
    policy = reply.header("Content-Security-Policy")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert reply.header("X-Content-Type-Options") == "nosniff"
    assert reply.header("Referrer-Policy") == "same-origin"


def test_arabic_translation_is_right_to_left(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["amal"])
    page = client.get("/review/call/ar?filter=all").text
    assert re.search(r'<textarea name="msgstr" class="translation" lang="ar" dir="rtl"', page)
    assert 'class="source" lang="en" dir="ltr"' in page


# --- paths -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/review/../../etc/passwd/es",
    "/review/%2e%2e/%2e%2e/etc/passwd/es",
    "/review/..%2f..%2fstmtl10n.toml/es",
    "/review/call/..%2F..%2Freviewers.toml",
    "/review/call/es%2F..%2F..",
    "/review/statements%2Fcall/es",
    "/review/call.md/es",
    "/api/statements/..%2f..%2fetc%2fpasswd/es",
    "/api/statements/call/..",
    "/api/statements/call/es/../../../reviewers.toml",
    "/static/..%2fapp.py",
    "/static/../../../etc/passwd",
    "/review//es",
])
def test_paths_from_the_url_reach_no_file_outside_the_project(project: Project, tokens: dict[str, str], path: str) -> None:
    with live_server(project) as base:
        # http.client sends the path as written: no client-side normalization of ".." or %2e.
        connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
        connection.request("POST", "/login", body=urlencode({"token": tokens["coord"]}),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        response.read()
        connection.close()
        connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
    assert response.status in (400, 404), (path, response.status)
    assert "root:" not in body and "token-sha256" not in body and "source-lang" not in body


# --- actions -----------------------------------------------------------------------------


def test_approving_clears_fuzzy_and_records_reviewer_date_and_headers(project: Project, app: ReviewApp,
                                                                       tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["lucia"])
    entry = api_entries(client, "es")[1]
    assert entry["fuzzy"] and entry["provenance"] == "mt deepl 2026-11-25"
    reply = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/approve", {"version": entry["version"]},
                             csrf=client.csrf_token())
    assert reply.status == 200
    data = reply.json()
    assert data["entry"]["state"] == "reviewed" and data["entry"]["version"] != entry["version"]
    assert data["progress"]["reviewed"] == 1
    catalog = catalog_of(project, "call", "es")
    saved = catalog.index()[(None, entry["msgid"])]
    assert not saved.is_fuzzy and saved.msgstr == entry["msgstr"]
    assert saved.provenance == "reviewed by lucia 2026-11-25; draft: mt deepl 2026-11-25"
    assert catalog.header["Last-Translator"] == "lucia"
    assert catalog.header["PO-Revision-Date"] == "2026-11-25 14:30+0000"
    others = [e for e in catalog.active() if e.msgid != entry["msgid"]]
    assert all(e.is_fuzzy for e in others)
    msgfmt_check(project.catalog_path("call", "es"))


def test_edit_saves_the_new_text_reviewed_and_send_back_empties_it(project: Project, app: ReviewApp,
                                                                     tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["amal"])
    csrf = client.csrf_token()
    first, second = api_entries(client, "ar")[:2]
    edited = client.post_json(f"/api/statements/call/ar/entries/{first['id']}/edit",
                              {"version": first["version"], "msgstr": "نداء\r\nللتضامن"}, csrf=csrf)
    assert edited.status == 200, edited.text
    sent = client.post_json(f"/api/statements/call/ar/entries/{second['id']}/send-back",
                            {"version": second["version"]}, csrf=csrf)
    assert sent.status == 200
    index = catalog_of(project, "call", "ar").index()
    assert index[(None, first["msgid"])].msgstr == "نداء للتضامن"  # a browser's line break in a one-line segment
    assert index[(None, first["msgid"])].provenance.startswith("edited by amal 2026-11-25")
    assert index[(None, second["msgid"])].msgstr == "" and not index[(None, second["msgid"])].is_fuzzy
    assert index[(None, second["msgid"])].provenance.startswith("sent back by amal")
    msgfmt_check(project.catalog_path("call", "ar"))
    empty = client.post_json(f"/api/statements/call/ar/entries/{second['id']}/approve",
                             {"version": sent.json()["entry"]["version"]}, csrf=csrf)
    assert empty.status == 400 and "no translation" in empty.json()["message"]


def test_an_edit_to_an_entry_changed_since_loading_is_refused_with_both_versions(project: Project, app: ReviewApp,
                                                                                  tokens: dict[str, str]) -> None:
    lucia, coord = Client(app), Client(app)
    lucia.login(tokens["lucia"])
    coord.login(tokens["coord"])
    entry = api_entries(lucia, "es")[2]
    first = coord.post_json(f"/api/statements/call/es/entries/{entry['id']}/edit",
                            {"version": entry["version"], "msgstr": "Versión del coordinador."}, csrf=coord.csrf_token())
    assert first.status == 200
    late = lucia.post_json(f"/api/statements/call/es/entries/{entry['id']}/edit",
                           {"version": entry["version"], "msgstr": "Versión de Lucía."}, csrf=lucia.csrf_token())
    assert late.status == 409
    data = late.json()
    assert data["error"] == "conflict"
    assert data["entry"]["msgstr"] == "Versión del coordinador."
    assert data["yours"]["msgstr"] == "Versión de Lucía."
    assert catalog_of(project, "call", "es").index()[(None, entry["msgid"])].msgstr == "Versión del coordinador."
    # The plain form shows both versions too, and offers to save the late one on purpose.
    page = lucia.post_form(f"/review/call/es/entries/{entry['id']}",
                           {"csrf": lucia.csrf_token(), "version": entry["version"], "action": "approve",
                            "msgstr": "Versión de Lucía."})
    assert page.status == 409
    assert "Versión del coordinador." in page.text and "Versión de Lucía." in page.text
    new_version = data["entry"]["version"]
    assert f'name="version" value="{new_version}"' in page.text


def test_plain_forms_work_without_javascript(project: Project, app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["lucia"])
    csrf = client.csrf_token()
    first, second = api_entries(client, "es")[:2]
    unchanged = client.post_form(f"/review/call/es/entries/{first['id']}",
                                 {"csrf": csrf, "version": first["version"], "action": "approve",
                                  "msgstr": first["msgstr"], "filter": "needs-review"})
    assert unchanged.status == 303
    assert unchanged.header("Location") == f"/review/call/es?filter=needs-review&saved={first['id']}#e-{first['id']}"
    changed = client.post_form(f"/review/call/es/entries/{second['id']}",
                               {"csrf": csrf, "version": second["version"], "action": "approve", "msgstr": "Hecho a mano el 29 de noviembre."})
    assert changed.status == 303
    index = catalog_of(project, "call", "es").index()
    assert index[(None, first["msgid"])].msgstr == first["msgstr"] and index[(None, first["msgid"])].state is EntryState.REVIEWED
    assert index[(None, second["msgid"])].msgstr == "Hecho a mano el 29 de noviembre."
    assert index[(None, second["msgid"])].provenance.startswith("edited by lucia")
    page = client.get(unchanged.header("Location").split("#")[0]).text
    assert "Saved #1" in page


def test_review_page_filters_shows_word_diff_provenance_and_context(project: Project, app: ReviewApp,
                                                                    tokens: dict[str, str]) -> None:
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    entries = list(catalog.active())
    entries[1].previous_msgid = entries[1].msgid.replace("supporters of freedom", "friends")
    entries[2].msgstr = ""
    entries[2].set_fuzzy(False)
    entries[3].set_fuzzy(False)
    write_catalog(path, catalog)
    client = Client(app)
    client.login(tokens["lucia"])
    page = client.get("/review/call/es").text  # default filter: needs review
    assert page.count('<article class="entry') == len(entries) - 2
    assert "<del>friends </del>" in page and "<ins>supporters of freedom </ins>" in page
    assert "mt deepl 2026-11-25" in page
    assert '<details class="context">' in page
    untranslated = client.get("/review/call/es?filter=untranslated").text
    assert untranslated.count('<article class="entry') == 1
    everything = client.get("/review/call/es?filter=all").text
    assert everything.count('<article class="entry') == len(entries)
    api = api_entries(client, "es")
    assert api[1]["previous_msgid"] == entries[1].previous_msgid
    assert api[1]["neighbours"]["previous"]["id"] == api[0]["id"]
    assert api[1]["neighbours"]["next"]["id"] == api[2]["id"]


def test_unknown_entry_or_action_is_refused(app: ReviewApp, tokens: dict[str, str]) -> None:
    client = Client(app)
    client.login(tokens["lucia"])
    csrf = client.csrf_token()
    gone = client.post_json("/api/statements/call/es/entries/0123456789abcdef/approve", {"version": "x"}, csrf=csrf)
    assert gone.status == 404
    bad = client.post_json("/api/statements/call/es/entries/nothex/approve", {"version": "x"}, csrf=csrf)
    assert bad.status == 404
    entry = api_entries(client, "es")[0]
    wrong = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/publish", {"version": entry["version"]}, csrf=csrf)
    assert wrong.status == 404
    no_body = client.request("POST", f"/api/statements/call/es/entries/{entry['id']}/approve", body=b"[1]",
                             headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert no_body.status == 400


# --- problems that must not be published -------------------------------------------------


# The Arabic translation of LINK_PARAGRAPH without its link: what an engine or a hurried edit does.
AR_WITHOUT_LINK = "اقرأ البيان الكامل ووقّع عليه قبل 29 نوفمبر."
AR_WITH_LINK = "اقرأ [البيان الكامل](https://example.org/gaza-statement) ووقّع عليه قبل 29 نوفمبر."


@pytest.fixture
def gaza(tmp_path: Path) -> Project:
    return make_project(tmp_path / "g", statements={"call.md": STATEMENT, "gaza.md": LINK_STATEMENT})


@pytest.fixture
def gaza_app(gaza: Project) -> ReviewApp:
    return ReviewApp(gaza, now=lambda: FIXED_NOW)


def _gaza_entry(client: Client, lang: str, msgid: str, token: str) -> dict:
    reply = client.get(f"/api/statements/gaza/{lang}", Authorization=f"Bearer {token}")
    assert reply.status == 200, reply.text
    return next(e for e in reply.json()["entries"] if e["msgid"] == msgid)


def test_an_edit_that_drops_a_link_is_refused_with_422_and_nothing_written(gaza: Project, gaza_app: ReviewApp) -> None:
    token = add_reviewer(gaza, "amal", languages=("ar",))[1]
    client = Client(gaza_app)
    entry = _gaza_entry(client, "ar", LINK_PARAGRAPH, token)
    path = gaza.catalog_path("gaza", "ar")
    before = path.read_bytes()
    reply = client.post_json(f"/api/statements/gaza/ar/entries/{entry['id']}/edit",
                             {"version": entry["version"], "msgstr": AR_WITHOUT_LINK}, bearer=token)
    assert reply.status == 422, reply.text
    data = reply.json()
    assert set(data) == {"outcome", "error", "message", "problems", "entry"}
    assert (data["outcome"], data["error"]) == ("problems", "problems")
    assert "markup" in data["message"] and "accept" in data["message"]
    assert all(set(p) == {"check", "message", "severity"} for p in data["problems"])
    markup = [p for p in data["problems"] if p["check"] == "markup"]
    assert markup and markup[0]["severity"] == "error"
    assert "https://example.org/gaza-statement" in markup[0]["message"]
    # The entry as the API shows it, unchanged: still the draft, at the version sent.
    assert data["entry"] == entry
    assert path.read_bytes() == before
    # Approving the entry as it is (a good draft) still works.
    done = client.post_json(f"/api/statements/gaza/ar/entries/{entry['id']}/approve", {"version": entry["version"]},
                            bearer=token)
    assert done.status == 200 and done.json()["entry"]["state"] == "reviewed"


def test_approving_a_draft_that_lost_its_url_is_refused(gaza: Project, gaza_app: ReviewApp) -> None:
    # The machine draft itself dropped the donation URL: approving it unchanged is refused too.
    path = gaza.catalog_path("gaza", "es")
    catalog = read_catalog(path)
    catalog.index()[(None, DONATE_PARAGRAPH)].msgstr = "Dona en nuestra web para apoyar a las familias."
    write_catalog(path, catalog)
    token = add_reviewer(gaza, "lucia", languages=("es",))[1]
    client = Client(gaza_app)
    entry = _gaza_entry(client, "es", DONATE_PARAGRAPH, token)
    assert "markup" in [p["check"] for p in entry["problems"]]
    before = path.read_bytes()
    reply = client.post_json(f"/api/statements/gaza/es/entries/{entry['id']}/approve", {"version": entry["version"]},
                             bearer=token)
    assert reply.status == 422
    assert [p["check"] for p in reply.json()["problems"] if p["severity"] == "error"] == ["markup"]
    assert path.read_bytes() == before


def test_accepting_the_problem_saves_with_a_flag_and_says_who_accepted(gaza: Project, gaza_app: ReviewApp) -> None:
    token = add_reviewer(gaza, "amal", languages=("ar",))[1]
    client = Client(gaza_app)
    entry = _gaza_entry(client, "ar", LINK_PARAGRAPH, token)
    reply = client.post_json(f"/api/statements/gaza/ar/entries/{entry['id']}/edit",
                             {"version": entry["version"], "msgstr": AR_WITHOUT_LINK, "accept": ["markup"]},
                             bearer=token)
    assert reply.status == 200, reply.text
    saved = reply.json()["entry"]
    assert saved["msgstr"] == AR_WITHOUT_LINK and saved["state"] == "reviewed"
    assert "no-check-markup" in saved["flags"]
    assert "markup" not in [p["check"] for p in saved["problems"]]
    path = gaza.catalog_path("gaza", "ar")
    text = path.read_text(encoding="utf-8")
    assert "# flags: no-check-markup\n" in text
    assert ("# stmtl10n: edited by amal 2026-11-25; accepted markup; draft: mt deepl 2026-11-25\n") in text
    msgfmt_check(path)
    # The flag is the translator's own: it stays, and the entry stays exempt, when read back.
    entry = read_catalog(path).index()[(None, LINK_PARAGRAPH)]
    assert "no-check-markup" in entry.flags and entry.provenance.endswith("; draft: mt deepl 2026-11-25")


def test_accepting_a_check_that_found_no_error_is_a_400(gaza: Project, gaza_app: ReviewApp) -> None:
    token = add_reviewer(gaza, "amal", languages=("ar",))[1]
    client = Client(gaza_app)
    entry = _gaza_entry(client, "ar", LINK_PARAGRAPH, token)
    path = gaza.catalog_path("gaza", "ar")
    before = path.read_bytes()
    url = f"/api/statements/gaza/ar/entries/{entry['id']}"
    cases = [
        ("edit", {"msgstr": AR_WITHOUT_LINK, "accept": ["numbers"]}, "'numbers'"),  # the error is markup's
        ("edit", {"msgstr": AR_WITH_LINK, "accept": ["markup"]}, "no errors"),  # the link is there
        ("approve", {"accept": ["no-such-check"]}, "'no-such-check'"),
    ]
    for kind, body, said in cases:
        reply = client.post_json(f"{url}/{kind}", {"version": entry["version"], **body}, bearer=token)
        assert reply.status == 400, (body, reply.text)
        assert reply.json()["error"] == "invalid" and said in reply.json()["message"], reply.json()["message"]
    for bad in ("markup", [1], {"markup": True}):
        reply = client.post_json(f"{url}/approve", {"version": entry["version"], "accept": bad}, bearer=token)
        assert reply.status == 400 and reply.json()["error"] == "bad request", bad
    assert path.read_bytes() == before


def test_the_check_endpoint_answers_problems_and_writes_nothing(gaza: Project, gaza_app: ReviewApp) -> None:
    token = add_reviewer(gaza, "amal", languages=("ar",))[1]
    add_reviewer(gaza, "lucia", languages=("es",))
    client = Client(gaza_app)
    entry = _gaza_entry(client, "ar", LINK_PARAGRAPH, token)
    path, spanish = gaza.catalog_path("gaza", "ar"), gaza.catalog_path("gaza", "es")
    before, spanish_before = path.read_bytes(), spanish.read_bytes()
    url = f"/api/statements/gaza/ar/entries/{entry['id']}/check"
    reply = client.post_json(url, {"msgstr": AR_WITHOUT_LINK}, bearer=token)
    assert reply.status == 200, reply.text
    assert set(reply.json()) == {"problems"}
    problems = reply.json()["problems"]
    assert any(p == {"check": "markup", "severity": "error", "message": p["message"]} for p in problems)
    clean = client.post_json(url, {"msgstr": AR_WITH_LINK}, bearer=token)
    assert clean.json() == {"problems": []}
    # With the session, as the page asks: the CSRF token and our Origin are needed, as for every write.
    client.login(token)
    csrf = client.csrf_token()
    assert client.post_json(url, {"msgstr": AR_WITHOUT_LINK}, csrf=csrf).status == 200
    assert client.post_json(url, {"msgstr": AR_WITHOUT_LINK}).status == 403
    assert client.post_json(url, {"msgstr": AR_WITHOUT_LINK}, csrf=csrf, origin="http://evil.example").status == 403
    assert client.post_json(url, {}, csrf=csrf).status == 400
    assert client.post_json(url, {"msgstr": 5}, csrf=csrf).status == 400
    assert client.post_json(url.replace(entry["id"], "0123456789abcdef"), {"msgstr": "x"}, csrf=csrf).json()["error"] == "gone"
    other = _gaza_entry(client, "es", LINK_PARAGRAPH, token)
    refused = client.post_json(f"/api/statements/gaza/es/entries/{other['id']}/check", {"msgstr": "x"}, csrf=csrf)
    assert refused.status == 403  # not amal's language, like every other POST
    assert (path.read_bytes(), spanish.read_bytes()) == (before, spanish_before)


@pytest.mark.parametrize(("text", "char", "position"), [
    ("Exigimos el fin\x00 de la ocupación.", "U+0000", 15),
    ("\x1bExigimos el fin de la ocupación.", "U+001B", 0),
    ("Exigimos el fin de la ocupación.\x7f", "U+007F", 32),
    ("Exigimos el fin de la\x85 ocupación.", "U+0085", 21),
], ids=["nul", "escape", "delete", "c1-next-line"])
def test_control_characters_in_a_translation_are_refused(project: Project, app: ReviewApp, tokens: dict[str, str],
                                                         text: str, char: str, position: int) -> None:
    client = Client(app)
    bearer = {"Authorization": f"Bearer {tokens['lucia']}"}
    entry = next(e for e in api_entries(client, "es", **bearer) if e["msgid"] == "We demand an end to the occupation.")
    path = project.catalog_path("call", "es")
    before = path.read_bytes()
    url = f"/api/statements/call/es/entries/{entry['id']}"
    expected = f"msgstr: control character {char} at position {position}; remove it"
    for kind in ("edit", "check"):
        reply = client.post_json(f"{url}/{kind}", {"version": entry["version"], "msgstr": text}, bearer=tokens["lucia"])
        assert reply.status == 400, (kind, reply.text)
        assert reply.json() == {"error": "bad request", "message": expected}
    client.login(tokens["lucia"])
    form = client.post_form(f"/review/call/es/entries/{entry['id']}",
                            {"csrf": client.csrf_token(), "version": entry["version"], "action": "approve", "msgstr": text})
    assert form.status == 400 and expected in form.text
    assert path.read_bytes() == before
    # Tab and line breaks are text.
    fine = client.post_json(f"{url}/check", {"msgstr": "Exigimos\tel fin de la ocupación.\r\n"}, csrf=client.csrf_token())
    assert fine.status == 200


def test_the_plain_form_shows_the_problems_keeps_the_text_and_accepts(gaza: Project, gaza_app: ReviewApp) -> None:
    token = add_reviewer(gaza, "amal", languages=("ar",))[1]
    client = Client(gaza_app)
    client.login(token)
    csrf = client.csrf_token()
    entry = _gaza_entry(client, "ar", LINK_PARAGRAPH, token)
    path = gaza.catalog_path("gaza", "ar")
    before = path.read_bytes()
    url = f"/review/gaza/ar/entries/{entry['id']}"
    fields = {"csrf": csrf, "version": entry["version"], "filter": "all", "msgstr": AR_WITHOUT_LINK}
    refused = client.post_form(url, {**fields, "action": "approve"})
    assert refused.status == 422
    assert path.read_bytes() == before
    # The entry again, the reviewer's text in the box, the problem beside it with its button.
    textareas = re.findall(r'<textarea name="msgstr"[^>]*>([^<]*)</textarea>', refused.text)
    assert textareas == [AR_WITHOUT_LINK]
    assert "data-edited" in refused.text
    assert "<strong>markup</strong>" in refused.text and "https://example.org/gaza-statement" in refused.text
    buttons = [attrs for tag, attrs in _tags(refused.text) if tag == "button" and attrs.get("name") == "accept"]
    assert buttons == [{"type": "submit", "name": "accept", "value": "markup", "class": "accept"}]
    assert "Accept: the link or markup changed on purpose" in refused.text
    assert f'name="version" value="{entry["version"]}"' in refused.text
    # Its button: the browser sends accept=markup instead of action=approve.
    accepted = client.post_form(url, {**fields, "accept": "markup"})
    assert accepted.status == 303, accepted.text
    saved = read_catalog(path).index()[(None, LINK_PARAGRAPH)]
    assert saved.msgstr == AR_WITHOUT_LINK and "no-check-markup" in saved.flags
    assert saved.provenance == "edited by amal 2026-11-25; accepted markup; draft: mt deepl 2026-11-25"
    msgfmt_check(path)


def test_checks_accepted_before_count_while_they_still_find_an_error(gaza: Project, gaza_app: ReviewApp) -> None:
    # A translation with two errors: accept one, the form comes back with the other, accept it too.
    token = add_reviewer(gaza, "amal", languages=("ar",))[1]
    client = Client(gaza_app)
    client.login(token)
    entry = _gaza_entry(client, "ar", LINK_PARAGRAPH, token)
    text = "اقرأ البيان الكامل ووقّع عليه قبل 30 نوفمبر."  # no link, and the 29th became the 30th
    url = f"/review/gaza/ar/entries/{entry['id']}"
    fields = {"csrf": client.csrf_token(), "version": entry["version"], "msgstr": text}
    first = client.post_form(url, {**fields, "accept": "markup"})
    assert first.status == 422
    assert '<input type="hidden" name="accepted" value="markup">' in first.text
    assert [a["value"] for t, a in _tags(first.text) if t == "button" and a.get("name") == "accept"] == ["dates"]
    body = urlencode([*fields.items(), ("accepted", "markup"), ("accept", "dates")]).encode()
    second = client.request("POST", url, body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                             "Origin": "http://127.0.0.1:8000"})
    assert second.status == 303, second.text
    saved = read_catalog(gaza.catalog_path("gaza", "ar")).index()[(None, LINK_PARAGRAPH)]
    assert {"no-check-markup", "no-check-dates"} <= set(saved.flags)
    assert saved.provenance.startswith("edited by amal 2026-11-25; accepted dates, markup")


def _fake_check(*problems: tuple[str, str]) -> Callable[[Catalog, Entry], list[Problem]]:
    def check(catalog: Catalog, entry: Entry) -> list[Problem]:
        return [Problem(statement="call", lang="es", msgid=entry.msgid, check=name, message=f"{name} says no",
                        reference="", severity=severity)
                for name, severity in problems if f"no-check-{name}" not in entry.flags]
    return check


def test_warnings_never_block_and_errors_do(project: Project) -> None:
    catalog = read_catalog(project.catalog_path("call", "es"))
    entry = next(catalog.active())
    action = Action("approve", entry_id(entry), entry_version(entry), "lucia")
    _, warned = apply_action(catalog, action, now=FIXED_NOW, check=_fake_check(("length", "warning")))
    assert warned.outcome == "done"
    _, refused = apply_action(catalog, action, now=FIXED_NOW,
                              check=_fake_check(("length", "warning"), ("numbers", "error")))
    assert refused.outcome == "problems" and [p.check for p in refused.problems] == ["length", "numbers"]
    assert refused.entry is entry
    accepting = dataclasses.replace(action, accept=("numbers",))
    updated, done = apply_action(catalog, accepting, now=FIXED_NOW,
                                 check=_fake_check(("length", "warning"), ("numbers", "error")))
    assert done.outcome == "done" and done.entry is not None and "no-check-numbers" in done.entry.flags
    assert done.entry.provenance == "reviewed by lucia 2026-11-25; accepted numbers; draft: mt deepl 2026-11-25"
    # A later approval keeps the machine origin, not the earlier reviewer's acceptance.
    again = next(e for e in updated.active() if e.msgid == entry.msgid)
    _, later = apply_action(updated, Action("approve", entry_id(again), entry_version(again), "coord"), now=FIXED_NOW,
                            check=_fake_check(("numbers", "error")))
    assert later.outcome == "done" and later.entry is not None
    assert later.entry.provenance == "reviewed by coord 2026-11-25; draft: mt deepl 2026-11-25"
    # Checks that could not run stop nobody, but then nothing can be accepted either.
    _, unchecked = apply_action(catalog, action, now=FIXED_NOW, check=lambda catalog, entry: None)
    assert unchecked.outcome == "done"
    _, blind = apply_action(catalog, accepting, now=FIXED_NOW, check=lambda catalog, entry: None)
    assert blind.outcome == "invalid"
    _, sent_back = apply_action(catalog, dataclasses.replace(accepting, kind="send-back"), now=FIXED_NOW)
    assert sent_back.outcome == "invalid"


# --- concurrent writers ------------------------------------------------------------------


def _approve_all(base: str, token: str, lang: str, jobs: list[tuple[str, str]], failures: list[str]) -> None:
    netloc = urlsplit(base).netloc
    for ident, version in jobs:
        connection = http.client.HTTPConnection(netloc, timeout=30)
        connection.request("POST", f"/api/statements/call/{lang}/entries/{ident}/approve",
                           body=json.dumps({"version": version}),
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200:
            failures.append(f"{ident}: {response.status} {body[:200]!r}")


def _big_statement(paragraphs: int) -> str:
    return "# Big statement\n\n" + "".join(f"Paragraph number {n} says something different.\n\n" for n in range(paragraphs))


def _big_draft(lang: str, msgid: str) -> str:
    # Spanish drafts the checks pass, so every approval goes through.
    found = re.fullmatch(r"Paragraph number (\d+) says something different\.", msgid)
    return f"El párrafo número {found.group(1)} dice algo distinto." if found else "Una declaración extensa"


def test_concurrent_reviewers_in_threads_lose_no_approval(tmp_path: Path) -> None:
    project = make_project(tmp_path / "big", statements={"call.md": _big_statement(120)}, languages=("es",),
                           draft=_big_draft)
    token = add_reviewer(project, "coord", languages=(), coordinator=True)[1]
    jobs = [(ident, version) for ident, version, _ in ids_and_versions(project, "call", "es")]
    failures: list[str] = []
    with live_server(project) as base:
        threads = [threading.Thread(target=_approve_all, args=(base, token, "es", jobs[n::8], failures)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    catalog = catalog_of(project, "call", "es")
    assert all(entry.state is EntryState.REVIEWED for entry in catalog.active())
    assert len(list(catalog.active())) == len(jobs) == 121
    msgfmt_check(project.catalog_path("call", "es"))


_CLI_WRITER = """
import sys
from pathlib import Path
from stmtl10n._io import file_lock
from stmtl10n.catalog import read_catalog, render_catalog, write_catalog
from stmtl10n.project import find_project

project = find_project(Path(sys.argv[1]))
path = project.catalog_path("call", "es")
stop = Path(sys.argv[2])
n = 0
while n < 5 or not stop.exists():
    # What pretranslate or extract do: take the lock, re-read, change, write.
    with file_lock(project.lock_path(path)):
        catalog = read_catalog(path)
        for entry in catalog.active():
            if entry.msgid.startswith("Paragraph number") and int(entry.msgid.split()[2]) % 2 == 1:
                entry.msgstr = f"CLI round {n} " + entry.msgid
                entry.set_fuzzy(True)
        catalog.header["X-CLI-Rounds"] = str(n + 1)
        write_catalog(path, catalog)
    n += 1
    if n == 1:
        print("started", flush=True)
print(n, flush=True)
"""


def test_a_cli_process_rewriting_the_catalog_under_the_lock_loses_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "big", statements={"call.md": _big_statement(100)}, languages=("es",),
                           draft=_big_draft)
    token = add_reviewer(project, "coord", languages=(), coordinator=True)[1]
    # Reviewers approve the even paragraphs (and the heading) while the CLI process rewrites the odd ones.
    jobs = [(ident, version) for ident, version, msgid in ids_and_versions(project, "call", "es")
            if not msgid.startswith("Paragraph number") or int(msgid.split()[2]) % 2 == 0]
    failures: list[str] = []
    stop = tmp_path / "stop"
    with live_server(project) as base:
        writer = subprocess.Popen([sys.executable, "-c", _CLI_WRITER, str(project.root), str(stop)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert writer.stdout is not None
        assert writer.stdout.readline() == "started\n"
        during, after = jobs[: len(jobs) * 2 // 3], jobs[len(jobs) * 2 // 3:]
        threads = [threading.Thread(target=_approve_all, args=(base, token, "es", during[n::5], failures)) for n in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.touch()
        out, err = writer.communicate(timeout=120)
        # Approvals after the writer's last round must build on it, not on what the server wrote before.
        _approve_all(base, token, "es", after, failures)
    assert writer.returncode == 0, err
    assert failures == []
    rounds = int(out.strip())
    assert rounds > 5  # the writer really ran while the approvals did
    catalog = catalog_of(project, "call", "es")
    assert catalog.header["X-CLI-Rounds"] == str(rounds)
    for entry in catalog.active():
        if entry.msgid.startswith("Paragraph number") and int(entry.msgid.split()[2]) % 2 == 1:
            assert entry.msgstr == f"CLI round {rounds - 1} {entry.msgid}" and entry.is_fuzzy
        else:
            assert entry.state is EntryState.REVIEWED and entry.provenance.startswith("reviewed by coord"), entry.msgid
    msgfmt_check(project.catalog_path("call", "es"))


# --- command line ------------------------------------------------------------------------


def test_reviewer_commands_add_list_and_remove(project: Project) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["-C", str(project.root), "reviewer", "add", "amal", "--lang", "ar"])
    assert added.exit_code == 0, added.stderr
    link = added.stdout.strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/login\?token=[A-Za-z0-9_-]{43}", link)
    assert "shown only once" in added.stderr
    token = link.split("token=")[1]
    assert Client(ReviewApp(project)).get("/api/statements", Authorization=f"Bearer {token}").status == 200
    coordinator = runner.invoke(cli, ["-C", str(project.root), "reviewer", "add", "demo", "--coordinator", "--port", "9000"])
    assert coordinator.stdout.startswith("http://127.0.0.1:9000/login?token=")
    listed = runner.invoke(cli, ["-C", str(project.root), "reviewer", "list"])
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == ["amal\tar\tadded " + load_reviewers(project)[0].created,
                                          "demo\tcoordinator\tadded " + load_reviewers(project)[1].created]
    removed = runner.invoke(cli, ["-C", str(project.root), "reviewer", "remove", "amal"])
    assert (removed.exit_code, removed.stdout) == (0, "Removed reviewer amal.\n")
    assert [r.name for r in load_reviewers(project)] == ["demo"]


@pytest.mark.parametrize(("args", "message"), [
    (["reviewer", "add", "x", "--lang", "de"], "not a language of this project"),
    (["reviewer", "add", "x"], "give the languages they review"),
    (["reviewer", "add", "bad\nname", "--lang", "es"], "use letters, digits"),
    (["reviewer", "add", "eve\n", "--lang", "es"], "use letters, digits"),
    (["reviewer", "add", "eve\r", "--lang", "es"], "use letters, digits"),
    (["reviewer", "add", "amal", "--lang", "es"], "already exists"),
    (["reviewer", "remove", "nobody"], "no such reviewer"),
], ids=["foreign-language", "no-language", "bad-name", "trailing-newline", "trailing-return", "duplicate",
        "remove-unknown"])
def test_reviewer_command_errors_are_one_line(project: Project, args: list[str], message: str) -> None:
    add_reviewer(project, "amal", languages=("ar",))
    result = CliRunner().invoke(cli, ["-C", str(project.root), *args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_review_command_refuses_a_port_in_use(project: Project) -> None:
    with live_server(project) as base:
        port = urlsplit(base).port
        result = CliRunner().invoke(cli, ["-C", str(project.root), "review", "--port", str(port)])
    assert result.exit_code == 1
    assert "cannot listen there" in result.stderr and "Traceback" not in result.stderr


def test_problems_from_check_are_shown_and_rechecked_after_an_edit(project: Project, app: ReviewApp,
                                                                   tokens: dict[str, str]) -> None:
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    signed = next(e for e in catalog.active() if e.msgid == "Signed in 2024.")
    signed.msgstr = "Firmado en 2023."
    write_catalog(path, catalog)
    client = Client(app)
    client.login(tokens["lucia"])
    page = client.get("/review/call/es?filter=problems").text
    assert page.count('<article class="entry') >= 1
    assert "<strong>numbers</strong>" in page and "2024" in page
    entry = next(e for e in api_entries(client, "es") if e["msgid"] == "Signed in 2024.")
    assert "numbers" in [p["check"] for p in entry["problems"]]
    fixed = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/edit",
                             {"version": entry["version"], "msgstr": "Firmado en 2024."}, csrf=client.csrf_token())
    assert fixed.status == 200
    assert "numbers" not in [p["check"] for p in fixed.json()["entry"]["problems"]]


# --- catalog writing ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                              min_size=1, max_size=120), min_size=1, max_size=6))
def test_incremental_rendering_writes_what_render_catalog_writes(tmp_path: Path, texts: list[str]) -> None:
    statement = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n- item one\n- item two\n"
    root = tmp_path / f"p{abs(hash(tuple(texts)))}"
    project = make_project(root, statements={"call.md": statement}, languages=("es",))
    # An obsolete entry and a changed segment (fuzzy with a previous msgid), as extract leaves them.
    (root / "statements" / "call.md").write_text(statement.replace("Second", "The second").replace("- item two\n", ""),
                                                 encoding="utf-8")
    extract(project)
    renderer = _ChunkedRenderer()
    catalog = read_catalog(project.catalog_path("call", "es"))
    assert any(e.obsolete for e in catalog.entries) and any(e.previous_msgid for e in catalog.entries)
    # The piecewise text itself, not render()'s fallback to render_catalog.
    assert renderer._assemble(catalog) == render_catalog(catalog)
    ids = [entry_id(e) for e in catalog.active()]
    for n, text in enumerate(texts):
        ident = ids[n % len(ids)]
        entry = next(e for e in catalog.active() if entry_id(e) == ident)
        kind = ("edit", "approve", "send-back")[n % 3] if entry.msgstr else "edit"
        catalog, result = apply_action(catalog, Action(kind, ident, entry_version(entry), "amal", text), now=FIXED_NOW)
        assert result.outcome in ("done", "invalid")
        assert renderer._assemble(catalog) == render_catalog(catalog)


def test_reviewer_add_replace_issues_a_new_link_and_revokes_the_old(project: Project) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["-C", str(project.root), "reviewer", "add", "demo", "--lang", "es"])
    again = runner.invoke(cli, ["-C", str(project.root), "reviewer", "add", "demo", "--coordinator", "--replace"])
    assert (first.exit_code, again.exit_code) == (0, 0)
    old_token, new_token = (r.stdout.strip().split("token=")[1] for r in (first, again))
    client = Client(ReviewApp(project))
    assert client.get("/api/statements", Authorization=f"Bearer {old_token}").status == 401
    reply = client.get("/api/statements", Authorization=f"Bearer {new_token}")
    assert reply.json()["reviewer"] == {"name": "demo", "languages": [], "coordinator": True,
                                        "created": load_reviewers(project)[0].created}
    assert len(load_reviewers(project)) == 1


def test_review_command_serves_the_project(project: Project, tokens: dict[str, str]) -> None:
    with subprocess.Popen([sys.executable, "-m", "stmtl10n", "-C", str(project.root), "review", "--port", "0",
                           "--allowed-host", "review.example.org", "--allowed-host", "other.example:8443",
                           "--trust-proxy"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as server:
        try:
            _check_served(server, tokens["amal"])
        finally:
            server.terminate()
            server.communicate(timeout=10)


def _check_served(server: subprocess.Popen[str], token: str) -> None:
    assert server.stderr is not None
    first_line = server.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", first_line)
    assert found, first_line
    connection = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=10)
    connection.request("GET", "/api/statements", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    data = json.loads(response.read())
    assert response.status == 200 and data["statements"][0]["slug"] == "call"
    connection.request("GET", "/api/statements", headers={"Host": f"evil.example:{found.group(1)}",
                                                          "Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    assert response.status == 421  # a DNS-rebinding page names another host
    assert json.loads(response.read())["error"] == "unknown host"
    # The names a reverse proxy sends, given with --allowed-host; HTTPS as the trusted proxy reports it.
    for host in ("review.example.org", "other.example:8443"):
        connection.request("POST", "/login", body=urlencode({"token": token}),
                           headers={"Host": host, "Origin": f"https://{host}", "X-Forwarded-Proto": "https",
                                    "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        assert response.status == 303, host
        assert "Secure" in response.getheader("Set-Cookie", "").split("; ")
    connection.close()


def test_a_write_by_another_tool_after_warm_up_is_kept(project: Project, app: ReviewApp, tokens: dict[str, str]) -> None:
    path = project.catalog_path("call", "es")
    app.actions.prepare(path)  # what the server's warm-up does for every catalog
    catalog = read_catalog(path)
    next(iter(catalog.active())).msgstr = "Escrito en Poedit"
    write_catalog(path, catalog)
    client = Client(app)
    entry = api_entries(client, "es", Authorization=f"Bearer {tokens['lucia']}")[1]
    reply = client.post_json(f"/api/statements/call/es/entries/{entry['id']}/approve", {"version": entry["version"]},
                             bearer=tokens["lucia"])
    assert reply.status == 200
    active = list(catalog_of(project, "call", "es").active())
    assert active[0].msgstr == "Escrito en Poedit"
    assert active[1].state is EntryState.REVIEWED


# --- names, hosts, errors ----------------------------------------------------------------


def test_a_reviewer_name_ending_in_a_line_break_is_refused(project: Project) -> None:
    for name in ("eve\n", "eve\r\n", "\neve"):
        with pytest.raises(ConfigError, match="use letters, digits"):
            add_reviewer(project, name, languages=("es",))
    assert load_reviewers(project) == []
    # A hand-edited reviewers.toml cannot smuggle one in either (it would land in Last-Translator).
    add_reviewer(project, "eve", languages=("es",))
    path = project.root / "reviewers.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "eve"', 'name = "eve\\n"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"reviewers\.toml: reviewer 1: name: .*use letters"):
        load_reviewers(project)


def test_allowed_host_names_the_proxy_host(project: Project, tokens: dict[str, str]) -> None:
    app = ReviewApp(project, allowed_hosts={"127.0.0.1:8000", "review.example.org", "[::1]:8000"})
    bearer = {"Authorization": f"Bearer {tokens['amal']}"}
    for host in ("127.0.0.1:8000", "review.example.org", "Review.Example.ORG:443", "[::1]:8000"):
        assert Client(app, host=host).get("/api/statements", **bearer).status == 200, host
    for host in ("evil.example", "127.0.0.1:9000", "review.example.org.evil.example", "[::1]:9000", ""):
        reply = Client(app, host=host).get("/api/statements", **bearer)
        assert reply.status == 421, host
        assert reply.json()["error"] == "unknown host" and "--allowed-host" in reply.json()["message"]


def test_review_server_answers_allowed_hosts_and_refuses_others(project: Project, tokens: dict[str, str]) -> None:
    server = make_review_server(project, host="127.0.0.1", port=0, allowed_hosts=["review.example.org"])
    try:
        port = server.server_port
        app = server.get_app()
        assert isinstance(app, ReviewApp)
        assert app.allowed_hosts == {f"127.0.0.1:{port}", f"localhost:{port}", "review.example.org"}
    finally:
        server.server_close()
    # On every interface the LAN address is unknown: any host, unless the operator names them.
    server = make_review_server(project, host="0.0.0.0", port=0)
    try:
        assert server.get_app().allowed_hosts is None  # type: ignore[attr-defined]
    finally:
        server.server_close()
    server = make_review_server(project, host="0.0.0.0", port=0, allowed_hosts=["Review.Example.org"])
    try:
        assert server.get_app().allowed_hosts == {  # type: ignore[attr-defined]
            f"127.0.0.1:{server.server_port}", f"localhost:{server.server_port}", "review.example.org"}
    finally:
        server.server_close()


def test_a_taken_port_raises_serve_error(project: Project) -> None:
    with live_server(project) as base, \
            pytest.raises(ServeError, match=r"cannot listen there .*; pick another --port or --host$"):
        make_review_server(project, host="127.0.0.1", port=urlsplit(base).port or 0)


def test_a_bad_fragment_filter_is_refused_before_anything_is_written(project: Project, app: ReviewApp,
                                                                      tokens: dict[str, str]) -> None:
    client = Client(app)
    entry = api_entries(client, "es", Authorization=f"Bearer {tokens['lucia']}")[0]
    url = f"/api/statements/call/es/entries/{entry['id']}/approve"
    before = project.catalog_path("call", "es").read_bytes()
    for bad in ("bogus", "<script>", "all "):
        reply = client.request("POST", url, body=json.dumps({"version": entry["version"]}).encode(),
                               headers={"Content-Type": "application/json", "X-Review-Fragment": bad,
                                        "Authorization": f"Bearer {tokens['lucia']}"})
        assert reply.status == 400, bad
        assert reply.json() == {"error": "bad request", "message": reply.json()["message"]}
        assert "X-Review-Fragment" in reply.json()["message"]
    assert project.catalog_path("call", "es").read_bytes() == before
    good = client.request("POST", url, body=json.dumps({"version": entry["version"]}).encode(),
                          headers={"Content-Type": "application/json", "X-Review-Fragment": "all",
                                   "Authorization": f"Bearer {tokens['lucia']}"})
    assert good.status == 200 and 'name="filter" value="all"' in good.json()["html"]


def test_bad_request_error_lives_in_errors_outside_the_cli_boundary() -> None:
    assert not issubclass(BadRequestError, Stmtl10nError)
    assert issubclass(ServeError, Stmtl10nError)
    request = Request.from_environ({"REQUEST_METHOD": "POST", "CONTENT_TYPE": "text/plain"})
    with pytest.raises(BadRequestError) as caught:
        request.json()
    assert caught.value.status == 415
    # The house rule: every exception class in stmtl10n.errors, none in the review package.
    for module in (review_web, review_accounts, review_actions, review_app, review_catalogs, review_pages,
                   review_server):
        defined = [value for value in vars(module).values()
                   if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == module.__name__]
        assert defined == [], module.__name__


def _error_replies(app: ReviewApp, project: Project, token: str) -> dict[str, Reply]:
    client = Client(app)
    bearer = {"Authorization": f"Bearer {token}"}
    entry = api_entries(client, "es", **bearer)[0]
    action = f"/api/statements/call/es/entries/{entry['id']}"

    def post(url: str, body: bytes, content_type: str = "application/json") -> Reply:
        return client.request("POST", url, body=body, headers={"Content-Type": content_type, **bearer})

    replies = {
        "401": client.get("/api/statements"),
        "403": post("/api/statements/call/ar/entries/0123456789abcdef/approve", b'{"version": "x"}'),
        "404-endpoint": client.get("/api/nothing", **bearer),
        "404-api-root": client.get("/api", **bearer),
        "404-catalog": client.get("/api/statements/call/de", **bearer),
        "404-gone": post(f"{action[:-16]}0123456789abcdef/approve", b'{"version": "x"}'),
        "400-body": post(f"{action}/approve", b"[1]"),
        "400-invalid": post(f"{action}/edit", json.dumps({"version": entry["version"], "msgstr": ""}).encode()),
        "409": post(f"{action}/approve", b'{"version": "stale"}'),
        "422": post(f"{action}/edit", json.dumps({"version": entry["version"],
                                                  "msgstr": "Llamamiento a la solidaridad https://evil.example"}).encode()),
        "413": post(f"{action}/approve", b" " * (MAX_BODY_BYTES + 1)),
        "415": post(f"{action}/approve", b"version=x", "application/x-www-form-urlencoded"),
        "421": Client(ReviewApp(project, allowed_hosts={"127.0.0.1:8000"}), host="evil.example").get(
            "/api/statements", **bearer),
    }
    app.actions.submit = _broken  # type: ignore[method-assign]
    replies["500"] = post(f"{action}/approve", json.dumps({"version": entry["version"]}).encode())
    return replies


def _broken(*args: object) -> object:
    raise RuntimeError("a bug")


def test_every_api_error_is_json_with_error_and_message(project: Project, app: ReviewApp,
                                                        tokens: dict[str, str]) -> None:
    replies = _error_replies(app, project, tokens["lucia"])
    for name, reply in replies.items():
        assert reply.status == int(name[:3]), (name, reply.status, reply.text)
        assert reply.header("Content-Type") == "application/json; charset=utf-8", name
        data = reply.json()
        assert isinstance(data["error"], str) and data["error"], name
        assert isinstance(data["message"], str) and data["message"], name
    kinds = {name: reply.json()["error"] for name, reply in replies.items()}
    assert kinds == {
        "401": "unauthorized", "403": "forbidden", "404-endpoint": "not found", "404-api-root": "not found",
        "404-catalog": "not found", "404-gone": "gone", "400-body": "bad request", "400-invalid": "invalid",
        "409": "conflict", "422": "problems", "413": "too large", "415": "unsupported media type", "421": "unknown host",
        "500": "server error",
    }
    assert "a bug" not in replies["500"].text  # the traceback goes to the log, not to the client
    # The documentation lists every one of these kinds.
    docs = (Path(__file__).parent.parent / "docs" / "review-api.md").read_text(encoding="utf-8")
    for kind in kinds.values():
        assert f"`{kind}`" in docs, kind
