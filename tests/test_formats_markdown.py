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

from conftest import read_exact
from stmtl10n.formats.markdown import MarkdownFormat, make_markdown_parser, markdown_parser
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
        verbatim = token.content if token.type in ("fence", "code_block", "html_block", "front_matter") else ""
        out.append((token.type, token.tag, token.nesting, token.level, token.markup, token.info, token.hidden, verbatim))
    return out


# -- golden cases: tests/golden/markdown/<case>/source.md, segments.json, expected.upper.md


def test_golden_cases_cover_every_kind() -> None:
    kinds = {s.kind for case in CASES for s in FORMAT.extract(read_exact(GOLDEN / case / "source.md"), path=case)}
    assert kinds == {HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, BLOCK_QUOTE, SIGNATORY}


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
        ("`one  \ntwo`\n", "`one two`"),  # inside a code span: no break at all
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
