"""Comments on an entry (translator comments in the PO file) and each entry's history, through the API and the pages."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from review_support import Client, catalog_of, ids_and_versions, make_project, msgfmt_check
from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.project import Project
from stmtl10n.review.accounts import add_reviewer
from stmtl10n.review.app import ReviewApp
from stmtl10n.review.comments import MAX_COMMENT_LENGTH, entry_comments
from stmtl10n.review.history import HISTORY_DIR

NOW = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


@pytest.fixture
def app(project: Project) -> ReviewApp:
    return ReviewApp(project, now=lambda: NOW)


@pytest.fixture
def tokens(project: Project) -> dict[str, str]:
    return {name: add_reviewer(project, name, languages=langs, coordinator=not langs)[1]
            for name, langs in (("Leila", ("ar",)), ("lucia", ("es",)), ("coord", ()))}


def _url(ident: str, what: str = "comments", lang: str = "ar") -> str:
    return f"/api/statements/call/{lang}/entries/{ident}/{what}"


def test_a_comment_is_a_translator_comment_in_the_po_and_leaves_the_translation(project: Project, app: ReviewApp,
                                                                                 tokens: dict[str, str]) -> None:
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[1]
    before = next(e for e in catalog_of(project, "call", "ar").active() if e.msgid == _msgid)
    reply = Client(app).post_json(_url(ident), {"version": version, "text": "the date is wrong\r\nsee the source"},
                                  bearer=tokens["Leila"], origin=None)
    assert reply.status == 201, reply.text
    data = reply.json()
    assert data["comment"] == {"author": "Leila", "when": "2026-12-01T14:05Z", "text": "the date is wrong see the source"}
    assert data["entry"]["version"] == version  # a comment changes nothing the version covers
    assert data["entry"]["comments"] == [data["comment"]]
    text = project.catalog_path("call", "ar").read_text(encoding="utf-8")
    assert "# Leila (2026-12-01 14:05 UTC): the date is wrong see the source\n# stmtl10n: mt deepl 2026-11-25\n" in text
    after = next(e for e in catalog_of(project, "call", "ar").active() if e.msgid == _msgid)
    assert (after.msgstr, after.flags, after.provenance) == (before.msgstr, before.flags, before.provenance)
    assert "Last-Translator: Leila" not in text  # a comment is not a translation
    msgfmt_check(project.catalog_path("call", "ar"))


def test_comments_written_by_others_are_shown_escaped_with_ours(project: Project, app: ReviewApp,
                                                                tokens: dict[str, str]) -> None:
    path = project.catalog_path("call", "ar")
    catalog = read_catalog(path)
    entry = next(iter(catalog.active()))
    # What Poedit writes for a translator's comment: plain "# " lines above the entry.
    entry.translator_comments[:0] = ["Ask Amal about <b>this</b> title", "(2026-11-30) keep it short"]
    write_catalog(path, catalog)
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[0]
    client = Client(app)
    client.login(tokens["Leila"])
    added = client.post_json(_url(ident), {"version": version, "text": "أوافق <i>نعم</i>"}, csrf=client.csrf_token())
    assert added.status == 201, added.text
    comments = entry_comments(next(iter(catalog_of(project, "call", "ar").active())))
    assert [(c.author, c.text) for c in comments] == [(None, "Ask Amal about <b>this</b> title"),
                                                       (None, "(2026-11-30) keep it short"),
                                                       ("Leila", "أوافق <i>نعم</i>")]
    page = client.get("/review/call/ar?filter=all").text
    assert html.escape("Ask Amal about <b>this</b> title") in page and "<b>this</b>" not in page
    assert html.escape("أوافق <i>نعم</i>") in page
    assert '<span class="who">Leila</span> <time datetime="2026-12-01T14:05Z">Dec 1, 2026, 2:05\u202fPM UTC</time>' in page
    # In the Arabic interface the time is written as Arabic writes it (babel).
    client.choose_interface("ar")
    arabic = client.get("/review/call/ar?filter=all").text
    assert "2:05 م UTC" in arabic
    msgfmt_check(path)


def test_a_comment_from_a_stale_version_gets_the_conflict_answer(project: Project, app: ReviewApp,
                                                                 tokens: dict[str, str]) -> None:
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[0]
    edited = Client(app).post_json(_url(ident, "edit"), {"version": version, "msgstr": "نداءٌ إلى التضامن"},
                                   bearer=tokens["coord"], origin=None)
    assert edited.status == 200, edited.text
    before = project.catalog_path("call", "ar").read_bytes()
    stale = Client(app).post_json(_url(ident), {"version": version, "text": "the title is too long"},
                                  bearer=tokens["Leila"], origin=None)
    assert stale.status == 409, stale.text
    data = stale.json()
    assert (data["outcome"], data["error"]) == ("conflict", "conflict")
    assert data["entry"]["msgstr"] == "نداءٌ إلى التضامن" and data["entry"]["version"] != version
    assert data["yours"] == {"action": "comment", "version": version, "text": "the title is too long"}
    assert project.catalog_path("call", "ar").read_bytes() == before  # nothing written
    again = Client(app).post_json(_url(ident), {"version": data["entry"]["version"], "text": "the title is too long"},
                                  bearer=tokens["Leila"], origin=None)
    assert again.status == 201, again.text


@pytest.mark.parametrize(("text", "status", "error"), [
    ("", 422, "empty"), (" \n\t ", 422, "empty"), ("x" * (MAX_COMMENT_LENGTH + 1), 422, "too long"),
    ("bad\x00text", 400, "bad request"),
])
def test_empty_overlong_or_control_character_comments_are_refused(project: Project, app: ReviewApp,
                                                                  tokens: dict[str, str], text: str, status: int,
                                                                  error: str) -> None:
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[0]
    before = project.catalog_path("call", "ar").read_bytes()
    reply = Client(app).post_json(_url(ident), {"version": version, "text": text}, bearer=tokens["Leila"], origin=None)
    assert (reply.status, reply.json()["error"]) == (status, error), reply.text
    assert project.catalog_path("call", "ar").read_bytes() == before


def test_comment_rules_are_the_actions_rules(project: Project, app: ReviewApp, tokens: dict[str, str]) -> None:
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[0]
    body = {"version": version, "text": "ok"}
    # Not your language; no version; a session without the CSRF token; an unknown entry.
    assert Client(app).post_json(_url(ident), body, bearer=tokens["lucia"], origin=None).status == 403
    assert Client(app).post_json(_url(ident), {"text": "ok"}, bearer=tokens["Leila"], origin=None).status == 400
    client = Client(app)
    client.login(tokens["Leila"])
    assert client.post_json(_url(ident), body).status == 403
    assert client.post_json(_url("0" * 16), body, csrf=client.csrf_token()).json()["error"] == "gone"
    # The coordinator comments on every language.
    assert Client(app).post_json(_url(ident), body, bearer=tokens["coord"], origin=None).status == 201


def test_the_plain_form_adds_a_comment_without_javascript(project: Project, app: ReviewApp,
                                                          tokens: dict[str, str]) -> None:
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[0]
    client = Client(app)
    client.login(tokens["Leila"])
    page = client.get("/review/call/ar").text
    assert f'action="/review/call/ar/entries/{ident}/comments"' in page
    reply = client.post_form(f"/review/call/ar/entries/{ident}/comments",
                             {"csrf": client.csrf_token(), "version": version, "text": "check the hashtag",
                              "filter": "all"})
    assert reply.status == 303 and reply.header("Location").endswith(f"#e-{ident}")
    assert "# Leila (2026-12-01 14:05 UTC): check the hashtag" in project.catalog_path("call", "ar").read_text()


def test_history_is_logged_beside_the_catalog_and_shown(project: Project, app: ReviewApp,
                                                        tokens: dict[str, str]) -> None:
    ident, version, _msgid = ids_and_versions(project, "call", "ar")[0]
    client = Client(app)
    approved = client.post_json(_url(ident, "approve"), {"version": version}, bearer=tokens["Leila"], origin=None)
    sent_back = client.post_json(_url(ident, "send-back"), {"version": approved.json()["entry"]["version"]},
                                 bearer=tokens["coord"], origin=None)
    edited = client.post_json(_url(ident, "edit"), {"version": sent_back.json()["entry"]["version"],
                                                    "msgstr": "نداء للتضامن"}, bearer=tokens["Leila"], origin=None)
    assert edited.status == 200, edited.text
    assert edited.json()["entry"]["history"] == [
        {"action": "drafted", "by": "mt deepl", "when": "2026-11-25"},
        {"action": "reviewed", "by": "Leila", "when": "2026-12-01T14:05Z"},
        {"action": "sent back", "by": "coord", "when": "2026-12-01T14:05Z"},
        {"action": "edited", "by": "Leila", "when": "2026-12-01T14:05Z"},
    ]
    # The PO file keeps one provenance comment, not the story: Poedit and git diffs stay small.
    text = project.catalog_path("call", "ar").read_text(encoding="utf-8")
    assert text.count("# stmtl10n: ") == len(ids_and_versions(project, "call", "ar"))
    assert "history" not in text
    logs = list((project.cache_dir / HISTORY_DIR).iterdir())
    assert len(logs) == 1
    assert [json.loads(line)["action"] for line in logs[0].read_text().splitlines()] == ["approve", "send-back", "edit"]
    login = Client(app)
    login.login(tokens["Leila"])
    page = login.get("/review/call/ar?filter=all").text
    assert ("<ol><li>drafted by mt deepl on Nov 25, 2026</li><li>approved by Leila on Dec 1, 2026, 2:05\u202fPM UTC</li>"
            "<li>sent back by coord on Dec 1, 2026, 2:05\u202fPM UTC</li>"
            "<li>edited and approved by Leila on Dec 1, 2026, 2:05\u202fPM UTC</li></ol>") in page


def test_an_approval_made_elsewhere_still_shows_from_the_provenance(project: Project, app: ReviewApp,
                                                                    tokens: dict[str, str]) -> None:
    # A clone without the cache, or the command line: only the provenance comment tells.
    path = project.catalog_path("call", "ar")
    catalog = read_catalog(path)
    entry = next(iter(catalog.active()))
    entry.set_fuzzy(False)
    entry.set_provenance("reviewed by amal 2026-11-28; draft: mt deepl 2026-11-25")
    write_catalog(path, catalog)
    data = Client(app).get("/api/statements/call/ar", Authorization=f"Bearer {tokens['Leila']}").json()
    assert data["entries"][0]["history"] == [{"action": "drafted", "by": "mt deepl", "when": "2026-11-25"},
                                             {"action": "reviewed", "by": "amal", "when": "2026-11-28"}]
