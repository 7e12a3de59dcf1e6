"""The review pages in a real browser (Debian's Chromium driven by Playwright): log in, approve, edit, send back."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from review_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LINK_PARAGRAPH,
    LINK_STATEMENT,
    catalog_of,
    live_server,
    make_project,
    msgfmt_check,
)
from stmtl10n._io import file_lock
from stmtl10n.catalog import EntryState, read_catalog, write_catalog
from stmtl10n.project import Project
from stmtl10n.review.accounts import add_reviewer, login_link

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # fail every browser test loudly below rather than skip them
    expect = sync_playwright = None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if sync_playwright is None:
        pytest.fail("playwright is not installed: pip install playwright==1.65.2 (never `playwright install`)")
    # Debian's Chromium, never Playwright's own download (it cannot be fetched here).
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p")


@pytest.fixture
def server(project: Project) -> Iterator[str]:
    with live_server(project) as base:
        yield base


def _open(browser: Any, *, javascript: bool = True, phone: bool = False) -> tuple[Any, list[str]]:
    options: dict[str, object] = {"java_script_enabled": javascript}
    if phone:
        options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context = browser.new_context(**options)  # type: ignore[attr-defined]
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def _login(page: Any, project: Project, base: str, name: str, interface: str | None = "en", **rights: object) -> str:
    """Open the login link as printed by `reviewer add` and click its one button; returns the token.

    :param interface: then pick the pages' language with the switch on the page (these tests
        read English); ``None`` keeps the negotiated one (the reviewer's first language …).
    """
    token = add_reviewer(project, name, **rights)[1]  # type: ignore[arg-type]
    port = int(base.rsplit(":", 1)[1])
    page.goto(login_link(token, port=port))
    expect(page.get_by_role("heading", name=f"Log in as {name}")).to_be_visible()
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    if interface is not None:
        page.locator("#ui-language").select_option(interface)
        with page.expect_navigation():
            page.locator("form.ui-language button").click()
    return token


def test_arabic_reviewer_logs_in_with_the_link_approves_and_edits(browser: Any, project: Project, server: str) -> None:
    page, problems = _open(browser)
    _login(page, project, server, "amal", languages=("ar",))
    page.get_by_role("link", name="Arabic ar").click()
    page.wait_for_url("**/review/call/ar")
    entries = page.locator("article.entry")
    first, second = entries.nth(0), entries.nth(1)
    assert first.locator("textarea.translation").get_attribute("dir") == "rtl"
    assert first.locator(".provenance").inner_text() == "mt deepl 2026-11-25"

    # Approve with the button: the entry changes in place and the counts follow.
    first_id = first.get_attribute("data-id")
    first.get_by_role("button", name="Approve").click()
    approved = page.locator(f"#e-{first_id}")
    expect(approved.locator(".badge.state-reviewed")).to_have_text("reviewed")
    expect(approved.locator(".flash")).to_have_text("approved just now")
    expect(page.locator('#progress [data-count="reviewed"]')).to_have_text("1")

    # Edit the next one in Arabic and save with Ctrl+Enter.
    second_id = second.get_attribute("data-id")
    box = page.locator(f"#e-{second_id} textarea.translation")
    box.fill("في ٢٩ تشرين الثاني من كل عام يحيي أنصار الحرية هذا اليوم.")
    box.press("Control+Enter")
    expect(page.locator(f"#e-{second_id} .flash")).to_have_text("edited and approved just now")

    # Keyboard only: j moves to the next entry, a approves it.
    page.locator("body").click(position={"x": 5, "y": 5})
    third_id = entries.nth(2).get_attribute("data-id")
    page.locator(f"#e-{second_id}").focus()
    page.keyboard.press("j")
    expect(page.locator(f"#e-{third_id}")).to_have_class(re.compile(r"(^|\s)current(\s|$)"))
    page.keyboard.press("a")
    expect(page.locator(f"#e-{third_id} .badge.state-reviewed")).to_be_visible()

    catalog = catalog_of(project, "call", "ar")
    active = list(catalog.active())
    assert active[0].state is EntryState.REVIEWED and active[0].provenance.startswith("reviewed by amal ")
    assert active[1].msgstr == "في ٢٩ تشرين الثاني من كل عام يحيي أنصار الحرية هذا اليوم." and active[1].state is EntryState.REVIEWED
    assert active[1].provenance.startswith("edited by amal ")
    assert active[2].state is EntryState.REVIEWED
    assert all(entry.is_fuzzy for entry in active[3:])
    assert catalog.header["Last-Translator"] == "amal"
    msgfmt_check(project.catalog_path("call", "ar"))
    assert problems == []  # no script errors, no Content-Security-Policy violations


def test_send_back_and_a_conflict_with_another_writer(browser: Any, project: Project, server: str) -> None:
    page, problems = _open(browser)
    _login(page, project, server, "coord", languages=(), coordinator=True)
    page.goto(f"{server}/review/call/es?filter=all")
    entries = page.locator("article.entry")
    first_id = entries.nth(0).get_attribute("data-id")
    entries.nth(0).get_by_role("button", name="Send back").click()
    expect(page.locator(f"#e-{first_id} .badge.state-untranslated")).to_be_visible()
    assert catalog_of(project, "call", "es").entries[0].msgstr == ""

    # Someone else (the command line, Poedit) changes the second entry after the page loaded.
    second_id = entries.nth(1).get_attribute("data-id")
    path = project.catalog_path("call", "es")
    with file_lock(project.lock_path(path)):
        catalog = read_catalog(path)
        list(catalog.active())[1].msgstr = "Cambiado por otra persona"
        write_catalog(path, catalog)
    page.locator(f"#e-{second_id} textarea.translation").fill("Mi versión del 29 de noviembre.")
    page.locator(f"#e-{second_id}").get_by_role("button", name="Approve").click()
    conflict = page.locator(f"#e-{second_id} .conflict-box")
    expect(conflict).to_contain_text("Cambiado por otra persona")
    expect(page.locator(f"#e-{second_id} textarea.translation")).to_have_value("Mi versión del 29 de noviembre.")
    assert list(catalog_of(project, "call", "es").active())[1].msgstr == "Cambiado por otra persona"
    # Approving again now saves mine on purpose, against the version just shown.
    page.locator(f"#e-{second_id}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#e-{second_id} .flash")).to_have_text("edited and approved just now")
    assert list(catalog_of(project, "call", "es").active())[1].msgstr == "Mi versión del 29 de noviembre."
    msgfmt_check(path)
    # The browser logs the refused request itself; nothing else may go wrong.
    assert [p for p in problems if "status of 409 (Conflict)" not in p] == []


def test_problems_show_beside_the_box_while_typing_and_one_is_accepted(browser: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "g", statements={"gaza.md": LINK_STATEMENT}, languages=("ar",))
    without_link = "اقرأ البيان الكامل ووقّع عليه قبل 29 نوفمبر."
    with_link = "اقرأ [البيان الكامل](https://example.org/gaza-statement) ووقّع عليه قبل 29 نوفمبر."
    path = project.catalog_path("gaza", "ar")
    with live_server(project) as server:
        page, problems = _open(browser)
        _login(page, project, server, "amal", languages=("ar",))
        page.goto(f"{server}/review/gaza/ar")
        article = page.locator("article.entry").filter(has=page.locator("div.source", has_text=LINK_PARAGRAPH))
        ident = article.get_attribute("data-id")
        box = article.locator("textarea.translation")
        before = path.read_bytes()

        # Typing a translation without the link: the problem appears beside the box, nothing is saved.
        box.fill(without_link)
        found = article.locator(".check-problems li.severity-error")
        expect(found).to_contain_text("https://example.org/gaza-statement")
        accept = article.get_by_role("button", name="Accept: the link or markup changed on purpose")
        expect(accept).to_be_visible()
        area, listed, source = (article.locator(sel).bounding_box() for sel in ("textarea.translation", ".check-problems ul",
                                                                                 ".source"))
        assert area and listed and source
        assert listed["y"] >= area["y"] + area["height"] - 1  # right under the box, in its column
        assert abs(listed["x"] - area["x"]) < 2 and listed["x"] >= source["x"] + source["width"]
        assert path.read_bytes() == before
        # Putting the link back clears it.
        box.fill(with_link)
        expect(article.locator(".check-problems li")).to_have_count(0)

        # Approving the text without the link is refused: the problems and why, the text still in the box.
        box.fill(without_link)
        article.get_by_role("button", name="Approve").click()
        expect(article.locator(".action-message")).to_contain_text("must not be published")
        expect(box).to_have_value(without_link)
        expect(found).to_contain_text("https://example.org/gaza-statement")
        assert path.read_bytes() == before

        # The link was left out on purpose: accept the problem.
        accept.click()
        saved_block = page.locator(f"#e-{ident}")
        expect(saved_block.locator(".flash")).to_have_text("edited and approved just now")
        expect(saved_block.locator(".check-problems li")).to_have_count(0)
    saved = catalog_of(project, "gaza", "ar").index()[(None, LINK_PARAGRAPH)]
    assert saved.msgstr == without_link and "no-check-markup" in saved.flags
    assert saved.provenance is not None and saved.provenance.startswith("edited by amal ")
    assert "; accepted markup; draft: mt deepl 2026-11-25" in saved.provenance
    assert "# flags: no-check-markup\n" in path.read_text(encoding="utf-8")
    msgfmt_check(path)
    # The browser logs the refused request itself; nothing else may go wrong (no CSP violation either).
    assert [p for p in problems if "status of 422" not in p] == []


def test_the_forms_work_without_javascript(browser: Any, project: Project, server: str) -> None:
    page, _ = _open(browser, javascript=False)
    _login(page, project, server, "lucia", languages=("fr",))
    page.get_by_role("link", name="French fr").click()
    first = page.locator("article.entry").nth(0)
    first.locator("textarea.translation").fill("Appel à la solidarité")
    first.get_by_role("button", name="Approve").click()
    expect(page.locator("#notice")).to_contain_text("Appel à la solidarité")
    saved = next(iter(catalog_of(project, "call", "fr").active()))
    assert saved.msgstr == "Appel à la solidarité" and saved.state is EntryState.REVIEWED


def test_review_page_fits_a_phone_screen(browser: Any, project: Project, server: str, tmp_path: Path) -> None:
    page, problems = _open(browser, phone=True)
    _login(page, project, server, "amal", languages=("ar",))
    page.goto(f"{server}/review/call/ar")
    first = page.locator("article.entry").nth(0)
    source_box = first.locator(".source").bounding_box()
    translation_box = first.locator("textarea.translation").bounding_box()
    assert source_box and translation_box
    assert translation_box["y"] >= source_box["y"] + source_box["height"]  # stacked, not side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
    assert problems == []


def test_the_login_link_leaves_no_token_in_the_address_bar_or_history(browser: Any, project: Project,
                                                                      server: str) -> None:
    page, problems = _open(browser)
    token = _login(page, project, server, "amal", interface=None, languages=("ar",))
    assert token not in page.url
    page.go_back()
    page.wait_for_url(f"{server}/login")  # the link's page, its token taken out of the history entry
    assert token not in page.url
    assert problems == []


def _fake_site(page: Any, html: str) -> None:
    """Serve ``html`` as http://mail.example/, another site (Playwright answers; nothing leaves the machine)."""
    page.route("http://mail.example/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html))


def test_a_login_link_in_a_mail_on_another_site_logs_in_with_one_click(browser: Any, project: Project,
                                                                       server: str) -> None:
    page, problems = _open(browser)
    token = add_reviewer(project, "amal", languages=("ar",))[1]
    link = login_link(token, port=int(server.rsplit(":", 1)[1]))
    _fake_site(page, f'<!doctype html><p><a href="{link}">Your review link</a></p>')
    page.goto("http://mail.example/inbox")
    page.get_by_role("link", name="Your review link").click()
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server}/")
    # The SameSite=Strict cookie set by the click is sent: the statements page (in amal's Arabic), not the login page.
    expect(page.get_by_role("heading", name="البيانات")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("amal")
    assert problems == []


def test_another_site_cannot_log_the_reader_in_as_someone_else(browser: Any, project: Project, server: str) -> None:
    page, _ = _open(browser)
    attacker = add_reviewer(project, "mallory", languages=("es",))[1]
    # A page that posts the attacker's token by itself (login CSRF), and one that just opens the link.
    _fake_site(page, f'<!doctype html><form method="post" action="{server}/login">'
                     f'<input name="token" value="{attacker}"></form>'
                     "<script>document.forms[0].submit()</script>")
    with page.expect_response(f"{server}/login") as answer:
        page.goto("http://mail.example/trap")
    assert answer.value.status == 403
    page.goto(f"{server}/")
    page.wait_for_url(f"{server}/login")  # still logged out
    page.goto(login_link(attacker, port=int(server.rsplit(":", 1)[1])))
    page.goto(f"{server}/")
    page.wait_for_url(f"{server}/login")  # opening the link logs nobody in without the click


def test_an_arabic_reviewer_on_a_phone_reviews_in_arabic_right_to_left(browser: Any, project: Project, server: str,
                                                                     tmp_path: Path) -> None:
    page, problems = _open(browser, phone=True)
    # The browser says English; the reviewer's first language is Arabic, which the pages speak.
    _login(page, project, server, "amal", interface=None, languages=("ar",))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_role("heading", name="البيانات")).to_be_visible()
    # Listed by title, the slug beside it.
    statement = page.locator("section.statement").first
    expect(statement.locator(".title")).to_have_text("Call for solidarity")
    expect(statement.locator(".slug")).to_have_text("call")
    page.get_by_role("link", name=re.compile(r"^العربية ar")).click()
    page.wait_for_url("**/review/call/ar")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    # Mirrored: the header's home link on the right, the state stripe on the right edge of a card.
    home = page.locator("a.home").bounding_box()
    assert home and home["x"] + home["width"] > 390 / 2
    first = page.locator("article.entry").nth(0)
    stripe = first.evaluate("card => getComputedStyle(card).borderRightWidth")
    assert stripe == "4px"
    expect(first.get_by_role("button", name="اعتماد")).to_be_visible()
    expect(first.get_by_role("button", name="إعادة")).to_be_visible()

    # Copy the source into the box, then write the translation and approve it.
    first.get_by_role("button", name="نسخ النص الأصلي إلى الخانة").click()
    expect(first.locator("textarea.translation")).to_have_value("Call for solidarity")
    first.locator("textarea.translation").fill("نداءٌ إلى التضامن")
    first_id = first.get_attribute("data-id")
    first.get_by_role("button", name="اعتماد").click()
    approved = page.locator(f"#e-{first_id}")
    expect(approved.locator(".flash")).to_have_text("حُرّرت واعتُمدت للتو")
    expect(approved.locator(".badge.state-reviewed")).to_have_text("تمت مراجعتها")
    saved = next(iter(catalog_of(project, "call", "ar").active()))
    assert saved.msgstr == "نداءٌ إلى التضامن" and saved.state is EntryState.REVIEWED
    # Then a comment on it, for the translator: in place, with who wrote it and when.
    approved = page.locator(f"#e-{first_id}")
    approved.locator("details.comments summary").click()
    approved.get_by_role("textbox", name="تعليق على رقم 1").fill("العنوان أطول من الأصل؛ <b>اختصروه</b>")
    approved.get_by_role("button", name="إضافة التعليق").click()
    commented = page.locator(f"#e-{first_id}")
    expect(commented.locator(".flash")).to_have_text("أُضيف التعليق للتو")
    expect(commented.locator(".comment-list .text")).to_have_text("العنوان أطول من الأصل؛ <b>اختصروه</b>")
    expect(commented.locator(".comment-list .who")).to_have_text("amal")
    expect(commented.locator(".comment-list time")).to_contain_text("UTC")
    expect(commented.locator("details.history li").last).to_contain_text("amal")
    commented.locator(".comment-list").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # still no sideways scrolling
    saved = next(iter(catalog_of(project, "call", "ar").active()))
    assert saved.translator_comments[0].startswith("amal (") and saved.msgstr == "نداءٌ إلى التضامن"
    # What is being typed is checked, and its problems read in Arabic: the date is gone.
    second = page.locator("article.entry").nth(1)
    second.locator("textarea.translation").fill("في نوفمبر من كل عام، يحيي أنصار الحرية هذا اليوم.")
    expect(second.locator(".check-problems li").first).to_be_visible()
    said = " ".join(second.locator(".check-problems li").all_inner_texts())
    assert "التاريخ \u206829 November\u2069 غير موجود" in said and "missing" not in said, said
    page.screenshot(path=str(tmp_path / "arabic-phone.png"), full_page=False)
    if os.environ.get("STMTL10N_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["STMTL10N_SCREENSHOTS"], "arabic-phone.png"), full_page=False)
    # The switch takes the session to French.
    page.locator("#ui-language").select_option("fr")
    with page.expect_navigation():
        page.locator("form.ui-language button").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    msgfmt_check(project.catalog_path("call", "ar"))
    assert problems == []
