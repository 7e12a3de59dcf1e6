"""Aligned multilingual documents written by build: HTML side by side, and Markdown for pull requests."""

from __future__ import annotations

import itertools
import os
import random
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange_support import make_project
from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.documents.side_by_side import (
    aligned_rows,
    render_aligned_html,
    render_aligned_markdown,
    render_inline_html,
)
from stmtl10n.formats import format_for

STATEMENT = """# Call for a week of action

## Our demands

We call on *all* unions to join <b>BDS</b>, see [the call](https://bdsmovement.net).

1. Stop arms exports.
2. Free all 700 prisoners.
3. End the 17-year siege.

Signing Parties and Organizations:

- Ana Pérez, Workers Union, Spain
- John Smith, Teachers Federation, United Kingdom
- Fatima Zahra, Women's Forum, Morocco
"""


@pytest.fixture
def project(tmp_path: Path):
    made = make_project(tmp_path, {"call.md": STATEMENT}, languages=("es", "ar"))
    made.translate("call", "es", {
        "Call for a week of action": "Llamamiento a una semana de acción",
        "Our demands": "Nuestras demandas",
        "Stop arms exports.": "Detener la exportación de armas.",
    })
    made.translate("call", "es", {"Free all 700 prisoners.": "Liberar a los 700 presos."}, fuzzy=True)
    made.translate("call", "ar", {
        "Call for a week of action": "دعوة إلى أسبوع من العمل",
        "We call on *all* unions to join <b>BDS</b>, see [the call](https://bdsmovement.net).":
            "ندعو *جميع* النقابات إلى الانضمام إلى <b>BDS</b>، انظر [النداء](https://bdsmovement.net).",
        "End the 17-year siege.": "إنهاء الحصار المستمر منذ 17 عامًا.",
    })
    return made


class _Cells(HTMLParser):
    """Collects table rows as lists of (attributes, text) per cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[dict[str, str | None], str]]] = []
        self.header: list[dict[str, str | None]] = []
        self.cell: tuple[dict[str, str | None], list[str]] | None = None
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = (dict(attrs), [])
        elif tag == "th":
            self.header.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            self.rows[-1].append((self.cell[0], "".join(self.cell[1])))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[1].append(data)


def _build(project, *args: str) -> str:
    result = project.run("build", "--min-translated", "0", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _parse(project) -> _Cells:
    parser = _Cells()
    parser.feed((project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8"))
    return parser


def test_build_writes_aligned_html_and_markdown_and_says_so(project) -> None:
    stdout = _build(project)
    assert "wrote build/aligned/call.html (en, es, ar; " in stdout
    assert "wrote build/aligned/call.md (en, es, ar; " in stdout
    assert (project.root / "build" / "aligned" / "call.html").is_file()
    assert (project.root / "build" / "aligned" / "call.md").is_file()


def test_html_has_one_row_per_segment_and_a_column_per_language(project) -> None:
    _build(project)
    parsed = _parse(project)
    segments = format_for("call.md").extract(STATEMENT, path="call.md")
    body_rows = [row for row in parsed.rows if row]
    assert len(body_rows) == len(segments)
    assert all(len(row) == 1 + 3 for row in body_rows)  # number, en, es, ar
    assert [(h.get("lang"), h.get("dir")) for h in parsed.header] == [(None, None), ("en", "ltr"), ("es", "ltr"), ("ar", "rtl")]
    first = body_rows[0]
    assert [cell[0].get("lang") for cell in first[1:]] == ["en", "es", "ar"]
    assert [cell[0].get("dir") for cell in first[1:]] == ["ltr", "ltr", "rtl"]
    assert first[3][1] == "دعوة إلى أسبوع من العمل"


def test_html_marks_drafts_and_untranslated_cells(project) -> None:
    _build(project)
    parsed = _parse(project)
    rows = {row[1][1]: row for row in parsed.rows if row}
    draft = rows["2.Free all 700 prisoners."][2]
    assert "state-draft" in (draft[0].get("class") or "")
    assert draft[1] == "2.Liberar a los 700 presos.draft"
    untranslated = rows["3.End the 17-year siege."][2]
    assert "state-untranslated" in (untranslated[0].get("class") or "")
    # The fallback shows the source text, so the cell is in the source's language.
    assert untranslated[0].get("lang") == "en"
    assert untranslated[1] == "3.End the 17-year siege.untranslated"
    html = (project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8")
    assert "draft, not reviewed yet" in html and "source text shown in grey" in html


def test_reviewed_only_leaves_other_cells_blank_with_a_mark(project) -> None:
    _build(project, "--reviewed-only")
    parsed = _parse(project)
    rows = {row[1][1]: row for row in parsed.rows if row}
    draft = rows["2.Free all 700 prisoners."][2]
    assert "state-withheld" in (draft[0].get("class") or "")
    assert draft[1] == "not reviewed"
    assert "Liberar" not in (project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8")
    assert "Liberar" not in (project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")
    assert rows["1.Stop arms exports."][2][1] == "1.Detener la exportación de armas."


BROKEN_AR = "ندعو *جميع* النقابات إلى الانضمام إلى <b>BDS</b>، انظر النداء."


def test_a_translation_with_problems_is_withheld_from_its_cell(project) -> None:
    project.translate("call", "ar", {
        "We call on *all* unions to join <b>BDS</b>, see [the call](https://bdsmovement.net).": BROKEN_AR,
    })
    result = project.run("build", "--min-translated", "0")
    assert result.exit_code == 3  # the Arabic statement is blocked; the aligned documents are written
    assert "wrote build/aligned/call.html (en, es, ar; 25% reviewed; 1 translation withheld: problems)" in result.stdout
    html = (project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8")
    markdown = (project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")
    assert "انظر النداء" not in html and "انظر النداء" not in markdown
    rows = {row[1][1]: row for row in _parse(project).rows if row}
    cell = rows["We call on all unions to join <b>BDS</b>, see the call."][3]
    assert "state-withheld" in (cell[0].get("class") or "") and cell[1] == "withheld: problems"
    assert "the translation has problems to fix, left out" in html
    assert "> **ar** *(withheld: problems)*\n" in markdown
    assert "*(withheld: problems)*: the translation has problems to fix, left out." in markdown
    # The other languages' cells and the other Arabic ones are as before.
    assert rows["Call for a week of action"][3][1] == "دعوة إلى أسبوع من العمل"
    # --allow-problems publishes it, in the aligned documents too.
    result = project.run("build", "--min-translated", "0", "--allow-problems")
    assert result.exit_code == 0, result.output
    assert "انظر النداء" in (project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8")
    assert "withheld: problems" not in (project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")


def test_a_draft_with_problems_is_withheld_when_drafts_are_published(project) -> None:
    project.translate("call", "es", {"Free all 700 prisoners.": "Liberar a los 70 presos."}, fuzzy=True)
    _build(project)  # drafts are not published: the draft is shown, marked as one
    assert "> **es** *(draft)*: Liberar a los 70 presos.\n" in (
        project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")
    result = project.run("build", "--min-translated", "0", "--include-fuzzy")
    assert result.exit_code == 3
    markdown = (project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")
    assert "Liberar a los 70 presos." not in markdown and "> **es** *(withheld: problems)*\n" in markdown


def test_html_keeps_headings_list_numbers_and_signatories(project) -> None:
    _build(project)
    html = (project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8")
    assert "<h1>Call for a week of action</h1>" in html
    assert "<h2>Nuestras demandas</h2>" in html
    assert '<span class="marker"><bdi>3.</bdi></span>' in html
    assert html.count('<tr class="row-signatory"') == 3


def test_html_is_safe_standalone_and_printable(project) -> None:
    _build(project)
    html = (project.root / "build" / "aligned" / "call.html").read_text(encoding="utf-8")
    # Raw HTML from the statement is shown, never injected; inline Markdown is rendered.
    assert "&lt;b&gt;BDS&lt;/b&gt;" in html and "<b>" not in html
    assert "<em>all</em>" in html and '<a href="https://bdsmovement.net">the call</a>' in html
    # Nothing is fetched: no scripts, stylesheets, images, fonts or frames from anywhere.
    for needle in ("<script", "<link", "<img", "@import", "url(", "<iframe", "src="):
        assert needle not in html
    assert "@media print" in html and "size: A4" in html and "Letter" in html
    assert "thead { display: table-header-group; }" in html
    assert "break-inside: avoid" in html
    assert '"Noto Naskh Arabic", "Amiri", "Geeza Pro", "Arabic Typesetting"' in html


def test_latin_names_numbers_and_urls_are_isolated_in_arabic() -> None:
    html = render_inline_html("وقّع Ana Pérez و25,000 عامل، انظر https://bdsmovement.net (الموقع).", lang="ar")
    assert html == (
        "وقّع <bdi>Ana Pérez</bdi> و<bdi>25,000</bdi> عامل، انظر <bdi>https://bdsmovement.net</bdi> (الموقع)."
    )
    # Left-to-right text is left alone.
    assert render_inline_html("Ana Pérez, 25,000", lang="es") == "Ana Pérez, 25,000"


def test_rows_look_entries_up_by_key_not_by_catalog_order(project) -> None:
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    before = aligned_rows(STATEMENT, path="call.md", source_lang="en", catalogs={"es": catalog})
    random.Random(5).shuffle(catalog.entries)
    write_catalog(path, catalog)
    after = aligned_rows(STATEMENT, path="call.md", source_lang="en", catalogs={"es": read_catalog(path)})
    assert before == after


def test_markdown_interleaves_languages_and_escapes_html(project) -> None:
    _build(project)
    text = (project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")
    assert text.startswith("# Call for a week of action\n")
    assert "> **en**: Our demands\n\n> **es**: Nuestras demandas\n\n> **ar** *(untranslated)*: Our demands\n" in text
    assert "**5** · list item `2.`" in text
    assert "> **es** *(draft)*: Liberar a los 700 presos.\n" in text
    assert "\\<b\\>BDS\\</b\\>" in text and "<b>" not in text


def test_segments_carry_heading_levels_and_list_markers_as_written() -> None:
    text = "Title\n=====\n\nSub\n---\n\n### Third\n\n> 4) quoted item\n\n* bullet\n"
    segments = format_for("x.md").extract(text, path="x.md")
    assert [(s.level, s.marker) for s in segments] == [
        (1, None), (2, None), (3, None), (None, "4)"), (None, "*"),
    ]
    plain = format_for("x.txt").extract("A title\n\nText here.\n\n  12. An item.\n  - A bullet.\n", path="x.txt")
    assert [(s.level, s.marker) for s in plain] == [(1, None), (None, None), (None, "12."), (None, "-")]


def test_plain_text_statement_gets_aligned_documents(tmp_path: Path) -> None:
    made = make_project(tmp_path, {"note.txt": "A short title\n\nA first paragraph.\n\n1. One item.\n2. Two items.\n"},
                        languages=("fr",))
    made.translate("note", "fr", {"A first paragraph.": "Un premier paragraphe."})
    result = made.run("build", "--min-translated", "0")
    assert result.exit_code == 0, result.output
    html = (made.root / "build" / "aligned" / "note.html").read_text(encoding="utf-8")
    assert "<h1>A short title<span" in html  # the untranslated heading, with its mark
    assert '<span class="marker"><bdi>2.</bdi></span>' in html


def test_render_functions_need_no_project() -> None:
    rows = aligned_rows("# T\n\nText.\n", path="t.md", source_lang="en", catalogs={"ar": None})
    html = render_aligned_html(rows, title="T", languages=["en", "ar"])
    markdown = render_aligned_markdown(rows, title="T", languages=["en", "ar"])
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "العربية (Arabic)" in html
    assert "> **ar** *(untranslated)*: Text.\n" in markdown


def test_markdown_gives_right_to_left_text_its_own_paragraph(project) -> None:
    _build(project)
    text = (project.root / "build" / "aligned" / "call.md").read_text(encoding="utf-8")
    # Code-hosting sites pick each paragraph's direction from its first letter.
    assert "> **ar**:\n>\n> دعوة إلى أسبوع من العمل\n" in text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 .,:;-+#$%^{}~=()/'\"?>|@éñ—“”دعوة")), max_size=40),
       st.sampled_from(["en", "ar"]))
def test_plain_cells_render_as_markdown_it_renders_them(text: str, lang: str) -> None:
    # The shortcut for cells without inline syntax must give markdown-it's own output.
    from stmtl10n.documents.side_by_side import _inline_markdown
    from stmtl10n.locales import text_direction

    expected = _inline_markdown(text_direction(lang) == "rtl").renderInline(text)
    assert render_inline_html.__wrapped__(text, lang=lang) == expected


# -- readable on a phone: Markdown rendered, right-to-left isolated, languages stacked ------------

PHONE_STATEMENT = """\
# Stop the *siege* now

We call on all governments to act.[^1] Read [the list][arms] and the [call](https://example.org/call).

* End the blockade of Gaza.
* Stop **arms** sales to the occupation.

1. Open the crossings.
2. Let the aid in.

Join us: #LiftTheSiege and https://example.org/join-the-global-day-of-action by 29 November 2025, 25,000 people.

[arms]: https://example.org/arms-embargo-list
[^1]: As the United Nations said in its 2024 report.
"""

PHONE_TRANSLATIONS = {
    "es": {
        "Stop the *siege* now": "Detengan el *asedio* ya",
        "We call on all governments to act.[^1] Read [the list][arms] and the [call](https://example.org/call).":
            "Llamamos a todos los gobiernos a actuar.[^1] Lean [la lista][arms] y el "
            "[llamamiento](https://example.org/call).",
        "End the blockade of Gaza.": "Fin del bloqueo de Gaza.",
        "Stop **arms** sales to the occupation.": "Alto a la venta de **armas** a la ocupación.",
    },
    "ar": {
        "Stop the *siege* now": "أوقفوا *الحصار* الآن",
        "We call on all governments to act.[^1] Read [the list][arms] and the [call](https://example.org/call).":
            "ندعو جميع الحكومات إلى التحرك.[^1] اقرأوا [القائمة][arms] و[النداء](https://example.org/call).",
        "End the blockade of Gaza.": "إنهاء الحصار على غزة.",
        "Stop **arms** sales to the occupation.": "أوقفوا بيع **الأسلحة** للاحتلال.",
        "Open the crossings.": "افتحوا المعابر.",
        "Join us: #LiftTheSiege and https://example.org/join-the-global-day-of-action by 29 November 2025, "
        "25,000 people.":
            "انضموا إلينا: #LiftTheSiege و https://example.org/join-the-global-day-of-action قبل 29 نوفمبر 2025، "
            "25,000 شخص.",
        "As the United Nations said in its 2024 report.": "كما قالت الأمم المتحدة في تقريرها لعام 2024.",
    },
    "fr": {
        "Stop the *siege* now": "Levez le *siège* maintenant",
        "End the blockade of Gaza.": "Fin du blocus de Gaza.",
    },
}


@pytest.fixture
def phone_document(tmp_path: Path) -> Path:
    made = make_project(tmp_path, {"siege.md": PHONE_STATEMENT}, languages=("es", "ar", "fr"))
    for lang, translations in PHONE_TRANSLATIONS.items():
        made.translate("siege", lang, translations)
    result = made.run("build", "--min-translated", "0")
    assert result.exit_code in (0, 3), result.output
    return made.root / "build" / "aligned" / "siege.html"


def test_the_aligned_html_renders_the_statements_markdown(phone_document: Path) -> None:
    page = phone_document.read_text(encoding="utf-8")
    # The title without its asterisks, emphasis rendered.
    assert "<title>Stop the siege now</title>" in page
    assert '<h1 class="title">Stop the <em>siege</em> now</h1>' in page
    assert "*siege*" not in page and "أوقفوا <em>الحصار</em> الآن" in page
    # Reference links resolved from the statement's definitions, in every language.
    assert '<a href="https://example.org/arms-embargo-list">the list</a>' in page
    assert '<a href="https://example.org/arms-embargo-list">la lista</a>' in page
    assert "[the list][arms]" not in page and "[arms]" not in page
    # Footnote references are numbers linking to the note's row, which is marked with its number.
    assert page.count('<sup class="fn-ref"><a href="#fn-1">1</a></sup>') == 4  # en, es, ar, fr (the source shown)
    assert "[^1]" not in page
    assert '<tr class="row-footnote" id="fn-1">' in page
    assert '<span class="marker"><bdi>[1]</bdi></span>' in page
    # Bullets as bullets, list numbers as written.
    assert page.count('<span class="marker"><bdi>•</bdi></span>') == 2 * 4
    assert '<span class="marker"><bdi>1.</bdi></span>' in page
    assert "<strong>arms</strong>" in page and "<strong>الأسلحة</strong>" in page


def test_hashtags_urls_and_numbers_are_isolated_in_right_to_left_cells(phone_document: Path) -> None:
    page = phone_document.read_text(encoding="utf-8")
    assert "<bdi>#LiftTheSiege</bdi>" in page
    assert "<bdi>https://example.org/join-the-global-day-of-action</bdi>" in page
    assert "<bdi>29</bdi>" in page and "<bdi>2025</bdi>" in page and "<bdi>25,000</bdi>" in page
    # In the English cells nothing is isolated: they are left to right already.
    english = page.split('lang="en"')[3].split("</td>")[0]
    assert "<bdi>" not in english or "•" in english


def test_the_aligned_html_stacks_languages_on_narrow_screens_and_fetches_nothing(phone_document: Path) -> None:
    page = phone_document.read_text(encoding="utf-8")
    assert "@media screen and (max-width: 700px)" in page
    assert 'data-label="العربية (Arabic)"' in page
    for fetch in ("<script", "<link", "<img", "src=", "@import", "url("):
        assert fetch not in page, fetch


def test_isolating_runs_is_linear_on_a_megabyte_of_angle_brackets() -> None:
    import time

    # The old run pattern backtracked over every "<" (quadratic); this is one greedy pass.
    timings = []
    for size in (64 * 1024, 512 * 1024):
        started = time.process_time()
        render_inline_html("ن" + "<" * size, lang="ar")
        timings.append(time.process_time() - started)
    assert timings[1] < 0.1 or timings[1] / max(timings[0], 1e-4) < 24


def test_an_aligned_document_on_a_phone_has_no_sideways_scrolling(phone_document: Path, tmp_path: Path) -> None:
    from review_support import CHROMIUM, CHROMIUM_ARGS

    playwright_api = pytest.importorskip("playwright.sync_api")
    # An empty network: a standalone file asks nothing of it.
    requests: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            page.on("request", lambda request: requests.append(request.url))
            page.goto(phone_document.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            cells = page.locator("#s2 td[lang]")
            boxes = [cells.nth(n).bounding_box() for n in range(cells.count())]
            assert len(boxes) == 4 and all(boxes)
            # Stacked: each language under the previous one, each as wide as the screen allows.
            for above, below in itertools.pairwise(boxes):
                assert below["y"] >= above["y"] + above["height"] - 1  # type: ignore[index]
                assert below["width"] > 300  # type: ignore[index]
            arabic = page.locator('#s2 td[lang="ar"]')
            assert arabic.evaluate("cell => getComputedStyle(cell).direction") == "rtl"
            page.screenshot(path=str(tmp_path / "aligned-phone.png"), full_page=True)
            if os.environ.get("STMTL10N_SCREENSHOTS"):
                page.screenshot(path=os.path.join(os.environ["STMTL10N_SCREENSHOTS"], "aligned-phone.png"),
                                full_page=True)
            # Wide: columns again.
            page.set_viewport_size({"width": 1200, "height": 900})
            wide = [cells.nth(n).bounding_box() for n in range(cells.count())]
            assert len({round(box["y"]) for box in wide if box}) == 1
        finally:
            browser.close()
    assert [url for url in requests if not url.startswith("file:")] == []
