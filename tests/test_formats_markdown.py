"""Tests for the Markdown statement format: golden cases, msgid rules, safe rendering and round-trip properties."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from conftest import read_exact
from stmtl10n.formats.markdown import (
    FRONT_MATTER,
    FRONT_MATTER_KEYS,
    MarkdownFormat,
    make_markdown_parser,
    markdown_parser,
)
from stmtl10n.model import (
    BLOCK_QUOTE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    SIGNATORY,
    SIGNATORY_FLAG,
    SIGNATORY_NOTE,
    TABLE_CELL,
    Segment,
)

FORMAT = MarkdownFormat()
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "markdown"
CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())


# Markup the fake translation leaves alone: code spans, link destinations,
# autolinks and HTML tags, footnote labels, entities and escapes.
_MARKUP = re.compile(r"`[^`]*`|\]\([^)]*\)|\][\[(][^\])]*[\])]|<[^>]*>|\[\^[^\]]*\]|&\w+;|\\.")


def _upper(segment: Segment) -> str:
    """A deterministic fake translation: upper case outside markup."""
    text = segment.text
    out = []
    pos = 0
    for match in _MARKUP.finditer(text):
        out.append(text[pos : match.start()].upper())
        out.append(match.group())
        pos = match.end()
    out.append(text[pos:].upper())
    return "".join(out)


def _as_json(segments: list[Segment]) -> list[dict[str, object]]:
    return [
        {
            "line": s.line,
            "kind": s.kind,
            "text": s.text,
            "flags": list(s.flags),
            "notes": list(s.notes),
            "context": s.context,
        }
        for s in segments
    ]


def _structure_parser() -> MarkdownIt:
    md = make_markdown_parser()
    # footnote_tail drops unreferenced definitions and moves the rest: compare blocks as written.
    md.disable("footnote_tail")
    return md


_STRUCTURE_MD = _structure_parser()


def test_only_the_markdown_format_builds_markdown_parsers() -> None:
    # One place decides the statements' syntax; every reader starts from make_markdown_parser.
    import stmtl10n

    package = Path(stmtl10n.__file__).parent
    builders = [path.relative_to(package).as_posix() for path in sorted(package.rglob("*.py"))
                if "MarkdownIt(" in path.read_text(encoding="utf-8")]
    assert builders == ["formats/markdown.py"]


def test_inline_readers_read_the_statements_footnotes() -> None:
    from stmtl10n.documents.side_by_side import _inline_markdown
    from stmtl10n.engines.markup import _parser as engine_parser

    for md in (markdown_parser(), engine_parser(), _inline_markdown(False), _inline_markdown(True)):
        assert {"footnote_inline", "footnote_ref"} <= set(md.inline.ruler.get_active_rules())


def _structure(text: str) -> list[tuple[object, ...]]:
    """Block structure: token types, nesting, levels, markers; code and HTML verbatim."""
    out: list[tuple[object, ...]] = []
    for token in _STRUCTURE_MD.parse(text):
        if token.type == "inline":
            continue
        verbatim = token.content if token.type in ("fence", "code_block", "html_block") else ""
        if token.type == "front_matter":
            verbatim = _front_matter_shape(token.content)
        out.append((token.type, token.tag, token.nesting, token.level, token.markup, token.info, token.hidden, verbatim))
    return out


def _front_matter_shape(content: str) -> str:
    """Front matter as written but the values of the keys that are translated (``title: …``)."""
    return "\n".join(line.split(":", 1)[0] if line.split(":", 1)[0] in FRONT_MATTER_KEYS else line
                     for line in content.split("\n"))


# -- golden cases: tests/golden/markdown/<case>/source.md, segments.json, expected.upper.md


def test_golden_cases_cover_every_kind() -> None:
    kinds = {s.kind for case in CASES for s in FORMAT.extract(read_exact(GOLDEN / case / "source.md"), path=case)}
    assert kinds == {HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, BLOCK_QUOTE, SIGNATORY, FRONT_MATTER}


@pytest.mark.parametrize("case", CASES)
def test_golden_segments(golden: Callable[[Path, str], None], case: str) -> None:
    source = read_exact(GOLDEN / case / "source.md")
    actual = json.dumps(_as_json(FORMAT.extract(source, path=case)), ensure_ascii=False, indent=1) + "\n"
    golden(GOLDEN / case / "segments.json", actual)


@pytest.mark.parametrize("case", CASES)
def test_golden_identity_round_trip_is_byte_exact(case: str) -> None:
    source = read_exact(GOLDEN / case / "source.md")
    assert FORMAT.render(source, lambda s: s.text, path=case) == source
    assert FORMAT.render(source, lambda s: None, path=case) == source
    assert FORMAT.render(source, lambda s: "", path=case) == source


@pytest.mark.parametrize("case", CASES)
def test_golden_translated_render(golden: Callable[[Path, str], None], case: str) -> None:
    source = read_exact(GOLDEN / case / "source.md")
    actual = FORMAT.render(source, _upper, path=case)
    golden(GOLDEN / case / "expected.upper.md", actual)
    assert _structure(actual) == _structure(source)


@pytest.mark.parametrize("case", CASES)
def test_golden_translation_reads_back_as_the_translated_segments(case: str) -> None:
    source = read_exact(GOLDEN / case / "source.md")
    translated = FORMAT.extract(FORMAT.render(source, _upper, path=case), path=case)
    expected = FORMAT.extract(source, path=case)
    # Lines move: a soft-wrapped paragraph is written back on one line.
    assert [(s.kind, s.text) for s in translated] == [(s.kind, _upper(s)) for s in expected]


# -- msgids


def _texts(source: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in FORMAT.extract(source, path="t.md")]


def test_inline_markup_stays_as_written() -> None:
    source = (
        "Read *this* and __that__, [the call](https://example.org/x?a=1&b=2 \"t\"), ![alt](i.png),\n"
        "`a  b`, \\(escaped\\), <https://example.org>, <b>bold</b>, &amp; and a note[^1].\n\n"
        "[^1]: Note.\n"
    )
    assert _texts(source)[0] == (
        PARAGRAPH,
        "Read *this* and __that__, [the call](https://example.org/x?a=1&b=2 \"t\"), ![alt](i.png), "
        "`a  b`, \\(escaped\\), <https://example.org>, <b>bold</b>, &amp; and a note[^1].",
    )


def test_soft_breaks_become_one_space_without_prefixes() -> None:
    source = "> one \n>   two\n\n- three\n    four\n  five\n"
    assert _texts(source) == [(BLOCK_QUOTE, "one two"), (LIST_ITEM, "three four five")]


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("one  \ntwo\n", "one\\\ntwo"),
        ("one\\\ntwo\n", "one\\\ntwo"),
        ("one\\  \ntwo\n", "one\\\\\\\ntwo"),  # a literal backslash, then a hard break
        ("one\\\\\ntwo\n", "one\\\\ two"),  # an escaped backslash: soft break
        ("`one  \ntwo`\n", "`one   two`"),  # inside a code span: no break, its blanks are code
        ("one \ntwo\n", "one two"),
    ],
    ids=["spaces", "backslash", "backslash-then-spaces", "escaped-backslash", "code-span", "one-space"],
)
def test_hard_breaks_are_a_backslash_and_newline(source: str, msgid: str) -> None:
    assert _texts(source) == [(PARAGRAPH, msgid)]


def test_segment_line_is_where_the_text_starts() -> None:
    source = "---\na: b\n---\n\n# Title\n\n- \n  item text\n\n| x |\n|---|\n| y |\n"
    assert [(s.line, s.text) for s in FORMAT.extract(source, path="t.md")] == [
        (5, "Title"),
        (8, "item text"),
        (10, "x"),
        (12, "y"),
    ]


def test_same_text_in_two_roles_gets_a_context() -> None:
    segments = FORMAT.extract("# Free Palestine\n\nFree Palestine\n\nFree Palestine\n", path="t.md")
    assert [s.context for s in segments] == [HEADING, PARAGRAPH, PARAGRAPH]


def test_footnote_paragraphs_are_segments_with_a_note() -> None:
    segments = FORMAT.extract("Text[^a].\n\n[^a]: The note.\n\n[^b]: Unused note.\n", path="t.md")
    assert [(s.text, s.notes) for s in segments] == [
        ("Text[^a].", ()),
        ("The note.", ("footnote [^a]",)),
        ("Unused note.", ("footnote [^b]",)),
    ]


def test_signatory_list_items_are_marked() -> None:
    names = ["Jane Doe", "Ali Hassan", "Maria Silva", "Kofi Mensah", "Lena Schmidt", "Ravi Kumar"]
    countries = ["Chile", "Palestine", "Brazil", "Ghana", "Germany", "India", "Mexico", "France", "Morocco", "Turkey"]
    items = [f"{names[i % len(names)]}, Workers Party, {country}" for i, country in enumerate(countries)]
    source = "Signed by:\n\n" + "".join(f"- {item}\n" for item in items) + "\nDemands:\n\n1. End the siege.\n2. Free them.\n3. Stop arms.\n"
    segments = FORMAT.extract(source, path="t.md")
    signatories = [s for s in segments if s.kind == SIGNATORY]
    assert [s.text for s in signatories] == items
    assert all(s.flags == (SIGNATORY_FLAG,) and s.notes == (SIGNATORY_NOTE,) for s in signatories)
    assert [s.kind for s in segments[-3:]] == [LIST_ITEM] * 3


# -- translated render keeps the block structure


def _render_all(source: str, translation: str) -> str:
    return FORMAT.render(source, lambda s: translation, path="t.md")


@pytest.mark.parametrize(
    "translation",
    [
        "# not a heading",
        "- not a list\n1. nor this\n+ nor this",
        "> not a quote",
        "first\n\n\nsecond after blank lines",
        "text\n===",
        "text\n---",
        "a | b\n--|--\nc | d",
        "```\nnot a fence",
        "<div>\nnot html",
        "[x]: /not-a-definition",
        "[^x]: not a footnote",
        "***",
        "    not code",
        "hard  \nbreak\\\nkept",
        "pipe | inside",
        "ends with #",
        "1. one",
    ],
)
def test_hostile_translations_keep_the_structure(translation: str) -> None:
    source = read_exact(GOLDEN / "statement" / "source.md") + "\nSetext\n======\n\n> - quoted item\n>   more\n"
    rendered = _render_all(source, translation)
    assert _structure(rendered) == _structure(source)


def test_translated_continuation_lines_get_the_container_prefix() -> None:
    source = "> - quoted item\n>   more\n\n1. item\n\n   second paragraph\n\n[^1]: note\n"
    rendered = _render_all(source, "A\\\nB")
    assert rendered == "> - A\\\n>   B\n\n1. A\\\n   B\n\n   A\\\n   B\n\n[^1]: A\\\n      B\n"


def test_translated_table_cells_escape_pipes_and_stay_on_one_line() -> None:
    source = "a | b\n--|--\nc | `d`\n"
    rendered = FORMAT.render(source, lambda s: {"c": "- x | y", "`d`": "`e|f`\nnext"}.get(s.text), path="t.md")
    assert rendered == "a | b\n--|--\n\\- x \\| y | `e\\|f` next\n"


def test_translated_atx_heading_keeps_a_trailing_hash() -> None:
    rendered = FORMAT.render("## Title ##\n", lambda s: "Learn C #", path="t.md")
    assert rendered == "## Learn C \\# ##\n"
    assert FORMAT.extract(rendered, path="t.md")[0].text == "Learn C \\#"


def test_translation_uses_the_source_line_endings() -> None:
    source = "> one\r\n> two\r\n"
    assert _render_all(source, "A  \nB") == "> A\\\r\n> B\r\n"


# -- properties


_WORD = st.sampled_from(
    [
        "Palestine",
        "free",
        "the",
        "people",
        "*struggle*",
        "__unity__",
        "[link](https://example.org/a)",
        "[ref][r]",
        "`code`",
        "`a|b`",
        "\\(escaped\\)",
        "\\*",
        "<https://example.org>",
        "<em>html</em>",
        "[^1]",
        "&amp;",
        "résistance",
        "حرية",
        "1.",
        "#",
        "-",
        ">",
        "|",
    ]
)
_PHRASE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join).filter(lambda t: t[0] not in "#->1|")
_LINE_END = st.sampled_from(["", "", "", " ", "  ", "\\", "\t"])


@st.composite
def _paragraph(draw: st.DrawFn, prefix: str = "") -> str:
    lines = draw(st.lists(_PHRASE, min_size=1, max_size=3))
    indents = [draw(st.sampled_from(["", " ", "  "])) for _ in lines]
    ends = [draw(_LINE_END) for _ in lines[:-1]] + [draw(st.sampled_from(["", " ", "  "]))]
    return "\n".join(prefix + (indent if i else "") + line + end for i, (indent, line, end) in enumerate(zip(indents, lines, ends, strict=False)))


@st.composite
def _heading(draw: st.DrawFn) -> str:
    text = draw(_PHRASE)
    if draw(st.booleans()):
        closing = draw(st.sampled_from(["", " #", " ###"]))
        return "#" * draw(st.integers(1, 6)) + " " + text + closing
    return text + "\n" + draw(st.sampled_from(["=", "===", "-----"]))


@st.composite
def _list(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    marker = draw(st.sampled_from([".", ")"])) if ordered else draw(st.sampled_from(["-", "*", "+"]))
    start = draw(st.integers(1, 12))
    loose = draw(st.booleans())
    items = []
    for number in range(draw(st.integers(1, 4))):
        head = f"{start + number}{marker} " if ordered else f"{marker} "
        pad = " " * len(head)
        body = draw(_paragraph()).replace("\n", "\n" + pad)
        item = head + body
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            item += "\n" + ("\n" if loose else "") + pad + draw(_list(depth + 1)).replace("\n", "\n" + pad).replace("\n" + pad + "\n", "\n\n")
        items.append(item)
    return ("\n\n" if loose else "\n").join(items)


@st.composite
def _table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 4))
    cell = st.one_of(st.just(""), _PHRASE.map(lambda t: t.replace("|", "\\|")))
    lead = draw(st.booleans())

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if lead else body

    header = [draw(_PHRASE.map(lambda t: t.replace("|", "\\|"))) for _ in range(cols)]
    delimiter = [draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(cols)]
    rows = [[draw(cell) for _ in range(draw(st.integers(1, cols + 1)))] for _ in range(draw(st.integers(0, 3)))]
    if not lead:
        rows = [r for r in rows if r[0]]  # a row with no pipe before an empty first cell is no row
    indent = st.sampled_from(["", "", " ", "    "])
    delimiter_row = draw(indent) + (" | ".join(delimiter) if cols > 1 and draw(st.booleans()) else "|" + "|".join(delimiter) + "|")
    return "\n".join([row(header), delimiter_row, *(draw(indent) + row(r) for r in rows)])


def _quote(inner: str) -> str:
    return "\n".join("> " + line if line else ">" for line in inner.split("\n"))


_LEAF = st.one_of(
    _heading(),
    _paragraph(),
    _list(),
    _table(),
    st.just("```\ncode *here*\n\n# not a heading\n```"),
    st.just("    indented code"),
    st.sampled_from(["---", "***", "_ _ _"]),
    st.just("<div>\n*html*\n</div>"),
    st.just("[r]: https://example.org/r"),
    st.just("[^1]: A footnote\n    continued."),
)
_BLOCK = st.one_of(_LEAF, _LEAF.map(_quote), st.lists(_LEAF, min_size=1, max_size=3).map(lambda b: _quote("\n\n".join(b))))


@st.composite
def _document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCK, min_size=1, max_size=6))
    text = "\n\n".join(blocks)
    if draw(st.booleans()):
        text = "---\ntitle: t\n---\n" + text
    if draw(st.booleans()):
        text += "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


_HOSTILE = st.sampled_from(
    [
        "# hash",
        "- dash\n+ plus\n1. one",
        "> quote",
        "a\n\nb",
        "t\n===",
        "t\n---",
        "x | y\n-|-",
        "```",
        "<div>",
        "[x]: /y",
        "[^z]: w",
        "***",
        "    code",
        "hard  \nbreak",
        "pipe | here",
        "ends #",
        "ÜBERSETZUNG mit *Betonung*",
        "\r\n\r\n",
    ]
)

_SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SLOW
@given(_document())
def test_identity_render_is_byte_exact(doc: str) -> None:
    assert FORMAT.render(doc, lambda s: s.text, path="t.md") == doc
    assert FORMAT.render(doc, lambda s: None, path="t.md") == doc


@_SLOW
@given(_document(), st.lists(_HOSTILE, min_size=1, max_size=5))
def test_translated_render_keeps_the_block_structure(doc: str, translations: list[str]) -> None:
    rendered = FORMAT.render(doc, lambda s: translations[(s.line + len(s.text)) % len(translations)], path="t.md")
    assert _structure(rendered) == _structure(doc)


@_SLOW
@given(_document())
def test_upper_case_translation_reads_back(doc: str) -> None:
    rendered = FORMAT.render(doc, _upper, path="t.md")
    assert _structure(rendered) == _structure(doc)
    assert [s.kind for s in FORMAT.extract(rendered, path="t.md")] == [s.kind for s in FORMAT.extract(doc, path="t.md")]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])) | st.text("#>-*+_=`~|:[]^()\\!<>1. \t\r\n\0ab\u00a0"))
def test_any_text_reads_and_round_trips(doc: str) -> None:
    segments = FORMAT.extract(doc, path="t.md")
    assert all(s.text and s.line >= 1 for s in segments)
    assert FORMAT.render(doc, lambda s: s.text, path="t.md") == doc
    FORMAT.render(doc, lambda s: s.text.upper() + "\n- x", path="t.md")


# -- speed


# Pieces of Markdown glued at random: the corners where block rules meet.
_PIECES = st.sampled_from(
    [
        "- ", "* ", "+ ", "1. ", "2) ", "10. ", "# ", "## ", "> ", "| ", " | ", "|---|", "--- | ---",
        "\n", "\n", "\n\n", "  ", "    ", "word", "Jane Doe, Workers Party, Chile", "[x](u)", "[r]: /u",
        "[^1]", "[^1]: n", "`c`", "```", "~~~", "<div>", "<http://a.b>", "***", "===", "\\", "\\|",
        "\u00a0", "\r\n", "_x_", "*x*",
    ]
)
_ODD_DOCUMENT = st.one_of(
    st.lists(_PIECES, max_size=30).map("".join),
    st.text("#>-*+_=`~|:[]^()\\!<>1. \r\nab\u00a0", max_size=60),
)


@settings(max_examples=300, deadline=None)
@given(_ODD_DOCUMENT, st.lists(_HOSTILE, min_size=1, max_size=4))
def test_odd_text_keeps_its_structure_under_any_translation(doc: str, translations: list[str]) -> None:
    assert FORMAT.render(doc, lambda s: s.text, path="t.md") == doc
    rendered = FORMAT.render(doc, lambda s: translations[(s.line + len(s.text)) % len(translations)], path="t.md")
    assert _structure(rendered) == _structure(doc)


# -- the CommonMark 0.31.2 spec: tests/data/commonmark/spec.json (see its SOURCE.md)


SPEC = json.loads((ROOT / "tests" / "data" / "commonmark" / "spec.json").read_text(encoding="utf-8"))
SPEC_IDS = [f"example-{example['example']}" for example in SPEC]
_HTML = make_markdown_parser()  # the statements' own parser, CommonMark preset


def _text_rule_spans() -> MarkdownIt:
    """A parser that notes which stretches of its source markdown-it's ``text`` rule reads.

    Those stretches are words and spaces only, never markup: link destinations,
    titles, code spans, autolinks, HTML, entities and escapes are read by
    other rules.  A fake translation that changes only them changes the
    document's words and nothing else.
    """
    from markdown_it.rules_inline.text import text as text_rule  # lazy: only this test wraps markdown-it's rule

    def recording_text(state: StateInline, silent: bool) -> bool:
        start = state.pos
        found = text_rule(state, silent)
        # An image's alt text is parsed from a source of its own: left as it is.
        if found and not silent and state.src is state.env["source"]:
            state.env["spans"].append((start, min(state.pos, state.posMax), state.linkLevel > 0))
        return found

    md = make_markdown_parser()
    md.inline.ruler.at("text", recording_text)
    return md


_TEXT_SPANS = _text_rule_spans()
_LETTERS = re.compile(r"[^\W\d_]+")


def _change_words(change: Callable[[str], str], references: dict[str, object], *, in_links: bool) -> Callable[[Segment], str]:
    """A fake translation: ``change`` applied to the msgid's words, its markup kept byte for byte.

    :param references: the document's link reference definitions, so ``[foo]`` reads as the link it is.
    :param in_links: whether a link's text changes too.
    """

    def translate(segment: Segment) -> str:
        text = segment.text
        env: dict[str, object] = {"source": text, "spans": [], "references": references}
        _TEXT_SPANS.inline.parse(text, _TEXT_SPANS, env, [])
        out, pos = [], 0
        spans = env["spans"]
        assert isinstance(spans, list)
        for start, end, in_link in spans:
            out.append(text[pos:start])
            out.append(text[start:end] if in_link and not in_links else change(text[start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    return translate


def _reverse_words(text: str) -> str:
    return _LETTERS.sub(lambda match: match.group()[::-1], text)


def _mask_letters(text: str) -> str:
    return _LETTERS.sub(lambda match: "a" * len(match.group()), text)


_TAG = re.compile(r"<[^<>]*>")


def _html_up_to_text(html: str, fold: Callable[[str], str]) -> str:
    """The HTML with ``fold`` applied to the text between tags; a soft break is a space.

    Tags and their attributes (URLs, titles) are compared as they are.
    """
    out, pos = [], 0
    for match in _TAG.finditer(html):
        out.append(fold(html[pos : match.start()].replace("\n", " ")))
        out.append(match.group())
        pos = match.end()
    out.append(fold(html[pos:].replace("\n", " ")))
    return "".join(out)


def _references(markdown: str) -> dict[str, object]:
    env: dict[str, object] = {}
    _HTML.parse(markdown, env)
    references = env.get("references", {})
    assert isinstance(references, dict)
    return references


def _same_meaning(source: str, translated: str, fold: Callable[[str], str]) -> bool:
    return _html_up_to_text(_HTML.render(translated), fold) == _html_up_to_text(_HTML.render(source), fold)


def test_the_spec_is_commonmark_0_31_2() -> None:
    assert len(SPEC) == 652
    assert [example["example"] for example in SPEC] == list(range(1, 653))
    assert SPEC[0] == {
        "markdown": "\tfoo\tbaz\t\tbim\n",
        "html": "<pre><code>foo\tbaz\t\tbim\n</code></pre>\n",
        "example": 1,
        "start_line": 355,
        "end_line": 360,
        "section": "Tabs",
    }


@pytest.mark.parametrize("example", SPEC, ids=SPEC_IDS)
def test_spec_identity_round_trip_is_byte_exact(example: dict[str, object]) -> None:
    markdown = example["markdown"]
    assert isinstance(markdown, str)
    assert FORMAT.render(markdown, lambda s: s.text, path="spec.md") == markdown


# Upper case is its own fold; reversed words keep every letter where a letter
# was, so masking letters folds them.  Link texts keep their words when
# reversed: "[foo]" reversed is "[oof]", a link to no reference, which a real
# translation of a shortcut reference breaks too, whatever the writer does.
_TRANSLATIONS = {
    "upper-case": (str.upper, True, str.upper),
    "reversed-words": (_reverse_words, False, _mask_letters),
}


@pytest.mark.parametrize("translation", sorted(_TRANSLATIONS))
@pytest.mark.parametrize("example", SPEC, ids=SPEC_IDS)
def test_spec_translated_build_keeps_the_meaning(example: dict[str, object], translation: str) -> None:
    markdown = example["markdown"]
    assert isinstance(markdown, str)
    change, in_links, fold = _TRANSLATIONS[translation]
    translated = FORMAT.render(markdown, _change_words(change, _references(markdown), in_links=in_links), path="spec.md")
    assert _same_meaning(markdown, translated, fold), translated


@pytest.mark.parametrize(
    ("source", "broken"),
    [
        ("### foo\\\n", "### FOO\n"),  # the heading's literal backslash lost
        ("[link](<foo\nbar>)\n", "[LINK](<foo bar>)\n"),  # no link in the source, a link on one line
        ("Run ``\nfoo\nbar  \nbaz\n`` now\n", "RUN `` foo bar baz `` NOW\n"),  # the code span's blanks lost
        ("Read <a href=\"foo  \nbar\">this</a>\n", "READ <a href=\"foo bar\">THIS</a>\n"),  # the attribute changed
        ("Read this\n# now\n", "READ THIS # NOW\n"),  # a heading became text
    ],
    ids=["heading-backslash", "link-destination", "code-span-blanks", "html-attribute", "heading"],
)
def test_meaning_comparison_sees_a_changed_structure(source: str, broken: str) -> None:
    assert _same_meaning(source, source, str.upper)
    assert not _same_meaning(source, broken, str.upper)


@pytest.mark.parametrize(
    ("source", "translated"),
    [
        ("### foo\\\n", "### FOO\\\n"),
        ("Foo\\\n----\n", "FOO\\\n----\n"),
        ("[link](<foo\nbar>)\n", "[LINK](<foo\nbar>)\n"),
        ("Run ``\nfoo\nbar  \nbaz\n`` now\n", "RUN `` foo bar   baz `` NOW\n"),
        ("Read <a href=\"foo  \nbar\">this</a>\n", "READ <a href=\"foo  \nbar\">THIS</a>\n"),
        ("foo <!-- this is a --\ncomment - with hyphens -->\n", "FOO <!-- this is a --\ncomment - with hyphens -->\n"),
        ("| a | b\\ |\n|---|---|\n| c | d |\n", "| A | B\\\\ |\n|---|---|\n| C | D |\n"),  # an escaped backslash
    ],
    ids=["atx-backslash", "setext-backslash", "link-destination", "code-span-blanks", "html-attribute", "html-comment", "cell-backslash"],
)
def test_translated_build_keeps_what_joining_lines_would_change(source: str, translated: str) -> None:
    rendered = FORMAT.render(source, _change_words(str.upper, _references(source), in_links=True), path="t.md")
    assert rendered == translated
    assert _same_meaning(source, rendered, str.upper)


def test_a_cell_translation_ending_in_a_backslash_does_not_escape_the_pipe() -> None:
    rendered = FORMAT.render("|a|b|\n|-|-|\n|c|d|\n", lambda s: {"c": "C\\"}.get(s.text), path="t.md")
    assert rendered == "|a|b|\n|-|-|\n|C\\\\|d|\n"
    assert _structure(rendered) == _structure("|a|b|\n|-|-|\n|c|d|\n")


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("Read <a href=\"foo  \nbar\">this</a>\n", "Read <a href=\"foo  \nbar\">this</a>"),
        ("[link](<foo\nbar>)\n", "[link](<foo\nbar>)"),
        ("Run `a  \nb` now\n", "Run `a   b` now"),
    ],
    ids=["html-attribute", "link-destination", "code-span"],
)
def test_msgids_keep_what_a_space_would_change(source: str, msgid: str) -> None:
    assert _texts(source) == [(PARAGRAPH, msgid)]


# -- signatory lists as Markdown statements write them


SIGNATORY_DATA = ROOT / "tests" / "data" / "markdown-signatories"


def _signatories(source: str) -> list[str]:
    return [s.text for s in FORMAT.extract(source, path="t.md") if s.kind == SIGNATORY]


def _spans(source: str) -> list[tuple[str, str, str]]:
    return [(b.segment.kind, b.segment.text, source[b.start : b.end]) for b in FORMAT.blocks(source, path="t.md")]


@pytest.mark.parametrize("name", ["cppcon-letter-of-support.md", "freeon-authors.md"])
def test_real_signatory_statements_round_trip(name: str) -> None:
    source = read_exact(SIGNATORY_DATA / name)
    assert FORMAT.render(source, lambda s: s.text, path=name) == source
    rendered = FORMAT.render(source, _upper, path=name)
    assert _structure(rendered) == _structure(source)


def test_names_one_a_line_after_a_signed_paragraph_are_signatories() -> None:
    # A real letter: "Signed", then a paragraph of names, each line ending in "<br>".
    source = read_exact(SIGNATORY_DATA / "cppcon-letter-of-support.md")
    blocks = FORMAT.blocks(source, path="letter.md")
    signatories = [b for b in blocks if b.segment.kind == SIGNATORY]
    assert len(signatories) == 161
    assert [b.segment.text for b in signatories[:3]] == ["Patricia Aas", "Bryce Adelstein Lelbach", "John Murray"]
    assert "Jennifer Yao" in [b.segment.text for b in signatories]  # "Jennifer Yao<br>", no space
    assert all(source[b.start : b.end] == b.segment.text for b in signatories)  # "<br>" stays in the statement
    assert all(b.segment.flags == (SIGNATORY_FLAG,) and b.segment.notes == (SIGNATORY_NOTE,) for b in signatories)
    assert [b.segment.line for b in signatories[:2]] == [19, 20]
    others = [b.segment.text for b in blocks if b.segment.kind != SIGNATORY]
    assert "Signed" in others and "Ways to sign this letter:" in others


def test_a_translated_build_writes_each_signatory_on_its_own_line() -> None:
    source = "We stand with them.\n\nSigned,\nJudith Butler\nNaomi Klein\nمحمد أحمد\nTilda Swinton — actor\n"
    assert _spans(source)[1:] == [
        (PARAGRAPH, "Signed,", "Signed,"),
        (SIGNATORY, "Judith Butler", "Judith Butler"),
        (SIGNATORY, "Naomi Klein", "Naomi Klein"),
        (SIGNATORY, "محمد أحمد", "محمد أحمد"),
        (SIGNATORY, "Tilda Swinton — actor", "Tilda Swinton — actor"),
    ]
    translations = {"Signed,": "Firmado,", "Tilda Swinton — actor": "Tilda Swinton — actriz"}
    rendered = FORMAT.render(source, lambda s: translations.get(s.text), path="t.md")
    assert rendered == "We stand with them.\n\nFirmado,\nJudith Butler\nNaomi Klein\nمحمد أحمد\nTilda Swinton — actriz\n"


def test_signatory_lines_keep_hard_breaks_and_numbers_in_the_statement() -> None:
    source = (
        "> Signatories:  \n> Jane Doe, Workers Party, Chile  \n> Ali Hassan, BDS Gaza, Palestine\\\n> Maria Silva, MST, Brazil\n\n"
        "Signatories:\n1504. Jane Doe – University of Chile\n1503. Ali Hassan – Birzeit University\n1501. Maria Silva – USP\n"
    )
    segments = FORMAT.extract(source, path="t.md")
    assert [(s.kind, s.text, s.marker) for s in segments] == [
        (BLOCK_QUOTE, "Signatories:", None),
        (SIGNATORY, "Jane Doe, Workers Party, Chile", None),
        (SIGNATORY, "Ali Hassan, BDS Gaza, Palestine", None),
        (SIGNATORY, "Maria Silva, MST, Brazil", None),
        (PARAGRAPH, "Signatories:", None),
        (SIGNATORY, "Jane Doe – University of Chile", "1504."),
        (SIGNATORY, "Ali Hassan – Birzeit University", "1503."),
        (SIGNATORY, "Maria Silva – USP", "1501."),
    ]
    rendered = FORMAT.render(source, lambda s: s.text.upper(), path="t.md")
    assert rendered == source.upper()  # line by line: "  ", "\" and "1504. " where they were
    assert _structure(rendered) == _structure(source)


@pytest.mark.parametrize(
    "translation",
    ["# Jane", "- Jane", "1. Jane", "===", "> Jane", "Jane\\", "Jane\nDoe", "    Jane"],
)
def test_a_hostile_signatory_translation_keeps_the_paragraph(translation: str) -> None:
    source = "Signed,\nJudith Butler\nNaomi Klein\nKen Loach\n"
    rendered = FORMAT.render(source, lambda s: translation, path="t.md")
    assert _structure(rendered) == _structure(source)
    assert len(rendered.splitlines()) == 4


def test_blank_line_separated_signatories_are_marked_but_the_prose_around_them() -> None:
    source = (
        "Endorsed by\n\nJane Doe, Workers Party, Chile\n\nAli Hassan, BDS Gaza, Palestine\n\n"
        "Maria Silva, MST, Brazil\n\nThank you.\n\nSigned,\n\nJudith Butler\n\nNaomi Klein\n\nKen Loach\n"
    )
    assert [(s.kind, s.text) for s in FORMAT.extract(source, path="t.md")] == [
        (PARAGRAPH, "Endorsed by"),
        (SIGNATORY, "Jane Doe, Workers Party, Chile"),
        (SIGNATORY, "Ali Hassan, BDS Gaza, Palestine"),
        (SIGNATORY, "Maria Silva, MST, Brazil"),
        (PARAGRAPH, "Thank you."),
        (PARAGRAPH, "Signed,"),
        (SIGNATORY, "Judith Butler"),
        (SIGNATORY, "Naomi Klein"),
        (SIGNATORY, "Ken Loach"),
    ]


def test_a_descending_numbered_list_stays_one_signatory_list() -> None:
    source = "Signatories:\n\n1504. Jane Doe – University of Chile\n1503. Ali Hassan – Birzeit University\n1499. Maria Silva – USP\n"
    assert [t.type for t in _STRUCTURE_MD.parse(source)].count("ordered_list_open") == 1
    segments = FORMAT.extract(source, path="t.md")
    assert [(s.kind, s.marker) for s in segments[1:]] == [(SIGNATORY, "1504."), (SIGNATORY, "1503."), (SIGNATORY, "1499.")]
    rendered = FORMAT.render(source, _upper, path="t.md")
    assert rendered.startswith("SIGNATORIES:\n\n1504. JANE DOE")  # the list keeps its own numbers
    assert _structure(rendered) == _structure(source)


def test_a_signatory_table_names_organizations_and_countries_but_translates_roles() -> None:
    source = (
        "| Name | Position | Institution | Country |\n|---|---|---|---|\n"
        "| Jane Doe | Professor of history | University of Chile | Chile |\n"
        "| Ali Hassan | Lecturer | Birzeit University | Palestine |\n"
    )
    segments = FORMAT.extract(source, path="t.md")
    assert [(s.kind, s.text) for s in segments[4:]] == [
        (SIGNATORY, "Jane Doe"),
        (TABLE_CELL, "Professor of history"),
        (SIGNATORY, "University of Chile"),
        (SIGNATORY, "Chile"),
        (SIGNATORY, "Ali Hassan"),
        (TABLE_CELL, "Lecturer"),
        (SIGNATORY, "Birzeit University"),
        (SIGNATORY, "Palestine"),
    ]
    assert {s.kind for s in segments[:4]} == {TABLE_CELL}  # the header is translated
    assert all(s.flags == (SIGNATORY_FLAG,) and s.notes == (SIGNATORY_NOTE,) for s in segments if s.kind == SIGNATORY)


def test_a_real_authors_table_is_a_signatory_table() -> None:
    source = read_exact(SIGNATORY_DATA / "freeon-authors.md")
    segments = FORMAT.extract(source, path="authors.md")
    assert _signatories(source)[:4] == ["Nicolas Bock", "Los Alamos National Laboratory, T-1", "Matt Challacombe", "Los Alamos National Laboratory, T-1"]
    assert len(_signatories(source)) == 20
    assert [s.text for s in segments if s.kind == TABLE_CELL][:4] == ["Name", "email address", "Affiliation", "nicolasbock@freeon.org"]


def test_a_run_on_list_gives_one_segment_per_signatory() -> None:
    source = (
        "> Liste complète des signataires : Marie Dupont, députée ; Jean Martin,\n"
        "> enseignant-chercheur ; Ana Ruiz, avocate ;\n> Paul Roux, syndicaliste.\n"
    )
    assert _spans(source) == [
        (BLOCK_QUOTE, "Liste complète des signataires", "Liste complète des signataires"),
        (SIGNATORY, "Marie Dupont, députée", "Marie Dupont, députée"),
        (SIGNATORY, "Jean Martin, enseignant-chercheur", "Jean Martin,\n> enseignant-chercheur"),
        (SIGNATORY, "Ana Ruiz, avocate", "Ana Ruiz, avocate"),
        (SIGNATORY, "Paul Roux, syndicaliste", "Paul Roux, syndicaliste"),
    ]
    translations = {"Liste complète des signataires": "Full list of signatories", "Paul Roux, syndicaliste": "# Paul Roux, trade unionist"}
    rendered = FORMAT.render(source, lambda s: translations.get(s.text), path="t.md")
    assert rendered == source.replace("Liste complète des signataires", "Full list of signatories").replace(
        "Paul Roux, syndicaliste", "\\# Paul Roux, trade unionist"
    )
    assert _structure(rendered) == _structure(source)


@pytest.mark.parametrize(
    "source",
    [
        "We demand:\n1. An end to the siege of Gaza.\n2. A halt to all arms sales to Israel.\n3. Sanctions now.\n",
        "Free Palestine!\nStop the genocide!\nEnd the occupation!\nFrom the river to the sea\n",
        "Write to us:\nBDS National Committee\n12 Main Street, Ramallah\nPalestine\n",
        "Events:\n\n3 March 2025\n\n12 April 2025\n\n1 May 2025\n",
        "We met in Paris, France, last week.\n\nThe march went through Madrid, Spain.\n\nThe next one is in Rome, Italy.\n",
        "| Country | Population |\n|---|---|\n| Chile | 19 million |\n| Palestine | 5 million |\n",
        "The undersigned organisations, trade unions and movements\ncall on all governments, including France,\nto end arms exports now.\n",
        "We demand an end to the siege; we call for a boycott; we stand with Gaza.\n",
    ],
    ids=["demands", "slogans", "address", "dates", "places-in-sentences", "country-table", "wrapped-prose", "semicolons"],
)
def test_prose_that_looks_like_a_list_is_no_signatory_list(source: str) -> None:
    assert _signatories(source) == []
    assert FORMAT.render(source, lambda s: s.text, path="t.md") == source


def test_a_list_that_goes_on_below_a_comment_keeps_its_lead_in() -> None:
    source = (
        "Signed,\n\n- Molly de Blanc (Debian Project, GNOME Foundation)\n- Nathan Freitas\n- Katherine Maher\n\n"
        "<!-- Any additional signees should go below this comment -->\n\n1. Aaron Carson\n1. Adam Barber\n1. Alan Ball\n"
    )
    assert _signatories(source)[3:] == ["Aaron Carson", "Adam Barber", "Alan Ball"]


def test_a_lead_in_inside_a_paragraph_splits_it_after_the_prose() -> None:
    source = (
        "نحن المثقفين الفلسطينيين نعلن موقفنا\nمن هذا البيان  \nالموقعون:\n"
        "1ـ أحمد أبو مطر      ناقد أكاديمي وباحث\n2ـ خضر محجز       روائي وشاعر\n3ـ خالد جمعة         شاعر\n"
    )
    assert [(s.kind, s.text, s.marker) for s in FORMAT.extract(source, path="t.md")] == [
        (PARAGRAPH, "نحن المثقفين الفلسطينيين نعلن موقفنا من هذا البيان", None),
        (PARAGRAPH, "الموقعون:", None),
        (SIGNATORY, "أحمد أبو مطر      ناقد أكاديمي وباحث", "1ـ"),
        (SIGNATORY, "خضر محجز       روائي وشاعر", "2ـ"),
        (SIGNATORY, "خالد جمعة         شاعر", "3ـ"),
    ]
    rendered = FORMAT.render(source, lambda s: "T " + s.text, path="t.md")
    assert rendered.splitlines()[:3] == ["T نحن المثقفين الفلسطينيين نعلن موقفنا من هذا البيان  ", "T الموقعون:", "1ـ T أحمد أبو مطر      ناقد أكاديمي وباحث"]
    assert _structure(rendered) == _structure(source)
