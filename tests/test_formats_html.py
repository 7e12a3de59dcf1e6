"""HTML statements: the article's blocks are segments, everything else of the page survives byte for byte."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stmtl10n.engines.markup import protect
from stmtl10n.formats import format_for
from stmtl10n.formats.html import PAGE_DESCRIPTION, PAGE_TITLE, HtmlFormat, set_language
from stmtl10n.model import Segment

DATA = Path(__file__).parent / "data" / "html"
PAGES = sorted(DATA.glob("*.html"))
FORMAT = HtmlFormat()
# A tag, a character reference, or text between them.
_PIECES = re.compile(r"<[^<>]*>|&[#A-Za-z0-9]+;|[^<&]+|[<&]")


class _Shape(HTMLParser):
    """The element tree of a page as the sequence of its start and end tags (with attributes), and its script and style text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.code: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # lang and dir are set by the build, a description's content is translated
        translated = ("lang", "dir", "content") if dict(attrs).get("name") == "description" else ("lang", "dir")
        self.events.append(("start", tag, *(f"{name}={value}" for name, value in attrs if name not in translated)))
        self._in_code = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.code.append(data)


def _shape(page: str) -> _Shape:
    parser = _Shape()
    parser.feed(page)
    parser.close()
    return parser


def upper_text(msgid: str) -> str:
    """The msgid with its words in capitals, its tags and references as they are."""
    return "".join(piece if piece[0] in "<&" else piece.upper() for piece in _PIECES.findall(msgid))


def _upper(segment: Segment) -> str:
    return upper_text(segment.text)


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_the_identity_build_of_a_real_page_is_byte_exact(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert FORMAT.render(text, lambda segment: segment.text, path=page.name) == text
    assert FORMAT.render(text, lambda segment: None, path=page.name) == text


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_a_build_in_a_language_changes_only_lang_and_dir_of_the_html_tag(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    built = FORMAT.render(text, lambda segment: segment.text, path=page.name, lang="ar")
    start = re.search(r"<html[^>]*>", text, re.IGNORECASE)
    assert start is not None
    tag = built[start.start():built.index(">", start.start()) + 1]
    assert ' lang="ar"' in tag and ' dir="rtl"' in tag
    assert built[:start.start()] == text[:start.start()]
    assert built[start.start() + len(tag):] == text[start.end():]
    assert re.sub(r' (lang|dir)="[^"]*"', "", tag) == re.sub(r' (lang|dir)="[^"]*"', "", start.group())


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_an_upper_case_build_keeps_the_element_tree_scripts_and_styles(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    segments = FORMAT.extract(text, path=page.name)
    built = FORMAT.render(text, _upper, path=page.name, lang="es")
    source_shape, built_shape = _shape(text), _shape(built)
    assert built_shape.events == source_shape.events
    assert built_shape.code == source_shape.code
    words = [segment for segment in segments if any(c.islower() for c in segment.text)]
    assert words, "the page has text to translate"
    # every segment is read back from the built page, in capitals
    rebuilt = FORMAT.extract(built, path=page.name)
    assert [segment.text for segment in rebuilt] == [upper_text(segment.text) for segment in segments]


def test_real_pages_give_their_article_blocks_with_inline_markup_kept() -> None:
    text = (DATA / "agile-principles.html").read_text(encoding="utf-8")
    segments = FORMAT.extract(text, path="agile-principles.html")
    kinds = [segment.kind for segment in segments]
    assert kinds[:3] == [PAGE_TITLE, "heading", "paragraph"]
    assert segments[0].text == "Principles behind the Agile Manifesto"
    assert segments[2].text == "We follow these principles:"  # the <font><i> around it stays in the page
    assert segments[3].text == ("Our highest priority is to satisfy the customer<br> through early and continuous "
                                "delivery<br> of valuable software.")
    assert segments[-1].text == "Return to Manifesto"  # the link around all of it stays in the page
    assert not any("urchinTracker" in segment.text for segment in segments)
    assert len(segments) == 16  # title, heading, the lead-in, 12 principles, the link back


def test_a_real_arabic_page_gives_its_title_description_and_text() -> None:
    text = (DATA / "agile-manifesto-ar.html").read_text(encoding="utf-8")
    segments = FORMAT.extract(text, path="agile-manifesto-ar.html")
    assert segments[0].kind == PAGE_TITLE and segments[0].text == "إعلان أجايل لتطوير البرمجيات"
    assert segments[1].kind == PAGE_DESCRIPTION and segments[1].text.startswith("إننا نكشف النقاب")
    assert not any("agile programming" in segment.text for segment in segments)  # meta keywords stay
    assert any(segment.text.startswith("Kent Beck<br> Mike Beedle") for segment in segments)


def test_signatures_separated_by_rules_are_one_segment_each() -> None:
    text = (DATA / "agile-signatories-1.html").read_text(encoding="utf-8")
    segments = FORMAT.extract(text, path="agile-signatories-1.html")
    chet = [segment for segment in segments if "Chet Hendrickson" in segment.text]
    assert len(chet) == 1
    assert chet[0].text.startswith('<a href="mailto:chet@hendricksonxp.com">Chet Hendrickson</a>:')
    assert chet[0].text.endswith("Co-author of Extreme Programming Installed")
    assert sum("<hr>" in segment.text for segment in segments) == 0


def test_head_scripts_styles_and_navigation_are_never_segments() -> None:
    page = """<!DOCTYPE html>
<html lang="en"><head><title>Stop the war</title><style>p { color: red }</style>
<meta name="keywords" content="peace, war"></head>
<body><header><h1>Site name</h1></header>
<nav><ul><li><a href="/">Home</a></li></ul></nav>
<div role="navigation"><p>Menu</p></div>
<main><h1>Stop the war</h1><p>We call for a ceasefire.</p>
<script>var text = "<p>not text</p>";</script></main>
<aside><p>Related</p></aside><footer><p>© 2024</p></footer></body></html>
"""
    texts = [(segment.kind, segment.text) for segment in FORMAT.extract(page, path="x.html")]
    assert texts == [(PAGE_TITLE, "Stop the war"), ("heading", "Stop the war"),
                     ("paragraph", "We call for a ceasefire.")]


def test_block_elements_give_their_kinds_and_optional_end_tags_are_understood() -> None:
    page = ("<body><h2>Our demands</h2><ol><li>End the siege<li>Free the prisoners <ul><li>all of them</ul> now</ol>"
            "<blockquote>Justice</blockquote><figure><img src=x.png><figcaption>A photo</figcaption></figure>"
            "<dl><dt>Date<dd>3 March</dl><table><tr><th>Where<td>Paris</table><p>One<p>Two</body>")
    segments = FORMAT.extract(page, path="x.html")
    assert [(segment.kind, segment.text) for segment in segments] == [
        ("heading", "Our demands"), ("list item", "End the siege"), ("list item", "Free the prisoners"),
        ("list item", "all of them"), ("list item", "now"), ("block quote", "Justice"), ("paragraph", "A photo"),
        ("list item", "Date"), ("list item", "3 March"), ("table cell", "Where"), ("table cell", "Paris"),
        ("paragraph", "One"), ("paragraph", "Two"),
    ]
    assert segments[0].level == 2


def test_the_title_and_description_are_translated_and_written_back_safely() -> None:
    page = '<html><head><title>Free Gaza</title><meta name="description" content="A call &amp; a plan"></head></html>'
    translations = {"Free Gaza": "Gaza <libre>", "A call &amp; a plan": 'Un "appel" &amp; un plan'}
    built = FORMAT.render(page, lambda segment: translations[segment.text], path="x.html", lang="fr")
    assert '<html lang="fr" dir="ltr">' in built
    assert "<title>Gaza &lt;libre></title>" in built
    parsed = _MetaReader()
    parsed.feed(built)
    assert parsed.description == 'Un "appel" & un plan'


class _MetaReader(HTMLParser):
    description: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")


def test_signatory_lists_and_tables_are_recognised() -> None:
    page = ("<body><p>Signatories:</p><ul><li>Judith Butler</li><li>Naomi Klein</li><li>محمد أحمد</li></ul>"
            "<table><tr><th>Name</th><th>Country</th></tr><tr><td>Ann Lee</td><td>France</td></tr></table>"
            "<ul><li>End the siege now</li><li>Free all prisoners</li><li>Stop the war</li></ul></body>")
    segments = FORMAT.extract(page, path="x.html")
    flags = {segment.text: segment.is_signatory for segment in segments}
    assert flags["Judith Butler"] and flags["محمد أحمد"]
    assert flags["Ann Lee"] and flags["France"] and not flags["Name"]
    assert not flags["End the siege now"]


def test_names_one_a_line_and_short_paragraphs_of_names_are_signatories() -> None:
    page = ("<body><p>We demand justice.</p><p>Signed,<br>Judith Butler<br>\nNaomi Klein<br>محمد أحمد</p>"
            "<h2>Organizations</h2><p>ATE Capital, Argentina</p><p>BDS Chile, Chile</p>"
            "<p>Jewish Voice for Peace, United States</p><p>Thank you for reading this statement to the end.</p>"
            "<p>Free Palestine!</p><p>Stop the war!</p><p>End the siege!</p>"
            "<p><b>Independent Signatories of<br>The Manifesto</b></p></body>")
    segments = FORMAT.extract(page, path="x.html")
    assert [(segment.kind, segment.text) for segment in segments] == [
        ("paragraph", "We demand justice."), ("paragraph", "Signed,"), ("signatory", "Judith Butler"),
        ("signatory", "Naomi Klein"), ("signatory", "محمد أحمد"), ("heading", "Organizations"),
        ("signatory", "ATE Capital, Argentina"), ("signatory", "BDS Chile, Chile"),
        ("signatory", "Jewish Voice for Peace, United States"),
        ("paragraph", "Thank you for reading this statement to the end."), ("paragraph", "Free Palestine!"),
        ("paragraph", "Stop the war!"), ("paragraph", "End the siege!"),
        ("paragraph", "Independent Signatories of<br>The Manifesto"),
    ]
    # each line is replaced in place, the <br> between them kept
    built = FORMAT.render(page, lambda segment: segment.text.upper() if segment.is_signatory else None, path="x.html")
    assert "<p>Signed,<br>JUDITH BUTLER<br>\nNAOMI KLEIN<br>محمد أحمد</p>" in built


@pytest.mark.parametrize(
    ("tag", "lang", "expected"),
    [
        ("<html>", "ar", '<html lang="ar" dir="rtl">'),
        ('<html lang="en-US" class="js">', "es", '<html lang="es" class="js" dir="ltr">'),
        ('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">', "pt_BR",
         '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="pt-BR" lang="pt-BR" dir="ltr">'),
        ("<HTML DIR=ltr LANG=en>", "ar", '<HTML dir="rtl" lang="ar">'),
    ],
    ids=["bare", "replaced", "xml-lang", "upper-case-unquoted"],
)
def test_set_language_sets_lang_and_dir(tag: str, lang: str, expected: str) -> None:
    assert set_language(tag, lang) == expected


def test_html_files_are_read_by_the_html_format() -> None:
    assert format_for("statements/call.html").name == "html"
    assert format_for("statements/call.HTM").name == "html"


def test_html_tags_in_a_msgid_reach_engines_as_placeholders() -> None:
    text = (DATA / "agile-manifesto.html").read_text(encoding="utf-8")
    values = next(segment for segment in FORMAT.extract(text, path="x.html") if "Individuals" in segment.text)
    xml = protect(values.text).xml
    assert "font" not in xml and "<br>" not in xml
    assert "Individuals and interactions" in xml
