"""Markdown statements: CommonMark blocks become segments, and translations are spliced back into the source."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.backticks import backtick as backticks_rule
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from stmtl10n.formats.base import Block, Translate, assign_contexts, splice
from stmtl10n.formats.signatories import (
    COUNTRY,
    NAME,
    ORGANIZATION,
    is_lead_in,
    is_signatory_item,
    is_signatory_list,
    run_on_items,
    table_fields,
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

# markdown-it splits lines on exactly these; str.splitlines() would also split
# on U+2028, U+0085 and \x1c-\x1e, which are content in a statement.
_NEWLINE_SPLIT = re.compile(r"(\r\n|\r|\n)")

# Characters a paragraph line may start with to open (or interrupt into) another
# block; a line starting with anything else is plain paragraph text.
_BLOCK_START_CHARS = frozenset("#>-+*=_~`<|:[0123456789")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ORDERED_MARKER = re.compile(r"[0-9]{1,9}(?=[.)])")
_ATX_CLOSING = re.compile(r"(?:^|(?<=[ \t]))#+[ \t]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_MARKERS_TO_SPACES = str.maketrans(dict.fromkeys("-+*.)0123456789", " "))
_HARD_BREAKS_KEY = "stmtl10n_hard_breaks"
_TEXT_BREAKS_KEY = "stmtl10n_text_breaks"
_CODE_SPANS_KEY = "stmtl10n_code_spans"
_INLINE_SRC_KEY = "stmtl10n_inline_src"
# A line break can sit inside an inline construct only where one of these is:
# code spans, raw HTML and <destinations>, link titles, inline footnotes (parsed
# apart from the paragraph, as when the paragraph has a link too).
_INLINE_SPAN_HINTS = ("`", "<", "](", "^[")
# Where a "](" is, the inline parser can also hide a line break in an image's alt
# text or an inline footnote (each parsed apart from the paragraph), and escapes
# and tabs change where a link's destination ends: with any of these, parse.
_LINK_BREAK_HINTS = ("`", "<", "![", "^[", "\\", "\t")

# How a paragraph's line ends: a soft break (one space in the msgid), a hard
# break (backslash and newline), inside a code span (the line's blanks kept, a
# space for the line ending, as CommonMark reads it) or kept as written (inside
# raw HTML or a link title, or where a space would make a link of what is none).
_Break = Literal["soft", "hard", "code", "keep"]

# A list number at the start of a paragraph line ("1504. Name – University",
# Arabic "12ـ Name"): only "1." may interrupt a paragraph, so longer lists are
# lazy continuation lines, and "12ـ" is no list marker at all.
_LINE_NUMBER = re.compile(r"[0-9\u0660-\u0669]{1,9}[.)\u0640](?=[ \t])")
_MAX_SHORT_PARAGRAPH = 200  # a paragraph longer than this is prose, never one signatory
# An HTML line break ending a line of names ("Patricia Aas <br>"): markup, not the name.
_LINE_BREAK_TAGS = ("<br>", "<br/>", "<br />")
# Table columns whose cells are signatories' parts that are copied, not translated.
_SIGNATORY_COLUMNS = frozenset((NAME, ORGANIZATION, COUNTRY))

_Style = Literal["flow", "atx", "setext", "cell", "line", "yaml"]
# Where a "line" segment (one line of a paragraph, or a stretch of one) starts.
_Start = Literal["first line", "continuation line", "inside"]

#: The kind of a front matter value's segment (``title: …`` in the YAML block that opens a statement).
FRONT_MATTER = "front matter"
#: The front matter keys whose values are segments when the settings name none (``[markdown] front-matter-keys``).
FRONT_MATTER_KEYS = ("title", "description", "summary")
_YAML_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_YAML_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t"}



@dataclass(frozen=True, slots=True)
class _Layout:
    """How to write a translation back into a block's span."""

    style: _Style
    eol: str  # line ending of the block's first line, used between translated lines
    prefix: str = ""  # what starts each continuation line: "> ", list indentation …
    leads_row: bool = False  # a table cell with no "|" before it on its row
    lone_cell: bool = False  # a table row with no "|" but in escapes: the cell must bring one
    starts: _Start = "inside"


@dataclass(slots=True)
class _Draft:
    segment: Segment
    start: int
    end: int
    layout: _Layout


class MarkdownFormat:
    """CommonMark statements (with tables, footnotes and front matter).

    **Segments.** Headings (ATX and setext), paragraphs, the paragraphs of list
    items, table cells, and paragraphs in block quotes and footnote definitions
    are segments, of kinds ``heading``, ``paragraph``, ``list item``,
    ``table cell`` and ``block quote``; the kind is that of the nearest
    container, so a list inside a quote gives ``list item`` segments and a
    footnote's paragraphs are ``paragraph`` with a ``footnote [^x]`` note.  Code
    blocks, HTML blocks, front matter, thematic breaks and link reference
    definitions are not segments.

    **Signatories.** Lists of signatories, in the shapes statements write them,
    give ``signatory`` segments (flag ``signatory``, the signatory note), one per
    signatory, as :mod:`~stmtl10n.formats.signatories` recognises them:

    - a bullet or ordered list (any numbers: ``1504.``, descending, with gaps)
      whose items :func:`~stmtl10n.formats.signatories.is_signatory_list`
      accepts, given the block before the list as its heading;
    - a paragraph with one signatory a line (``Signed,`` then a name a line,
      ``Name — role`` lines), after a lead-in line in it or the block before
      it: each line is a segment of its own, the lead-in line one of the
      paragraph's kind, and the prose lines before the lead-in one together;
      a hard break, a trailing ``<br>`` and a ``1504.`` or ``12ـ`` number stay
      in the statement, outside the segment;
    - after signatories, the next list or paragraph of names has their lead-in
      (a list that goes on below an HTML comment);
    - one-line paragraphs in a row, one signatory each, after a lead-in or
      recognised by their shape; the prose before or after them is left out;
    - a paragraph listing signatories separated by ``;``
      (:func:`~stmtl10n.formats.signatories.run_on_items`), after a lead-in
      such as ``Liste complète des signataires :`` that is a segment of its own;
    - a table whose header :func:`~stmtl10n.formats.signatories.table_fields`
      accepts: the cells of its name, organization and country columns; role
      and other cells stay ``table cell`` segments, translated.

    **Msgids.** Inline markup (emphasis, links with their URLs, code spans,
    escapes, footnote references, inline HTML) is the source text as written.
    Soft line breaks become one space, dropping container prefixes (``>``, list
    indentation) and continuation indentation.  A hard line break, written with
    two trailing spaces or a backslash, is ``\\`` followed by a newline in the
    msgid: trailing spaces are invisible in a PO editor and engines drop them,
    a backslash survives and renders the same.  Where a space would change what
    the text means, the line break is kept as written: inside a code span the
    line's trailing blanks stay (CommonMark reads the line ending as one more
    space), and inside raw HTML or a link title, or where joining the lines
    would make a link of ``[link](<foo`` / ``bar>)``, the newline stays.

    **Render.** A segment whose translation is None, empty or its own text
    keeps its source bytes, so the identity round trip is byte-exact (CRLF, tabs,
    no final newline included).  Otherwise the span from the first to the last
    character of the segment's text is replaced, and the translation is made
    safe so the output has the same block structure: continuation lines get
    the container prefix, blank lines are dropped, lines that would open a block
    (``# ``, ``- ``, ``1. ``, ``>`` …) get a backslash escape, headings, table
    cells and signatory lines are put on one line, ``|`` in a cell is escaped,
    a trailing literal backslash is kept (and escaped where a ``|`` or a line
    break follows), a line break inside inline markup keeps its line as
    written, and the source's line ending is used.  On the 652 examples of the
    CommonMark 0.31.2 spec, a translated build gives the source's HTML up to
    the translated words.  ``width`` is ignored: Markdown paragraphs need no
    wrapping.

    Only markdown-it's block pass runs (its inline pass is off): msgids are
    raw source text, so nothing needs the inline tokens but the few
    paragraphs whose line breaks may sit inside inline markup.
    """

    name = "markdown"
    extensions = (".md", ".markdown")

    def __init__(self, *, front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS) -> None:
        """:param front_matter_keys: the front matter keys whose values are segments."""
        self.front_matter_keys = tuple(front_matter_keys)

    def extract(self, text: str, *, path: str) -> list[Segment]:
        """Segment a Markdown statement into translatable blocks, in document order."""
        return [block.segment for block, _ in _read_blocks(text, self.front_matter_keys)]

    def blocks(self, text: str, *, path: str) -> list[Block]:
        """The segments of :meth:`extract` with the span of the statement each was read from."""
        return [block for block, _ in _read_blocks(text, self.front_matter_keys)]

    def render(self, text: str, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> str:
        """Rebuild the statement with each segment replaced by ``translate(segment)``.

        :param width: ignored; translated Markdown is not wrapped.
        :param lang: ignored; Markdown has no place for a language or direction.
        """
        pairs = _read_blocks(text, self.front_matter_keys)
        layouts = {id(block): layout for block, layout in pairs}

        def replacement(block: Block) -> str | None:
            new = translate(block.segment)
            if new is None or new == block.segment.text or not new.strip():
                return None  # gettext's empty msgstr means "not translated"
            return _format(new, layouts[id(block)])

        return splice(text, [block for block, _ in pairs], replacement)

    @property
    def reading_settings(self) -> tuple[str, ...]:
        """The front matter keys: a reading made with other keys has other segments."""
        return self.front_matter_keys

    def reading(self, text: str) -> list[Any]:
        """Each block of ``text`` and its layout as one JSON list (see :class:`~stmtl10n.formats.base.KeepsReadings`)."""
        return [
            [block.segment.text, block.segment.kind, block.segment.line, list(block.segment.flags),
             list(block.segment.notes), block.segment.context, block.segment.level, block.segment.marker,
             block.start, block.end,
             layout.style, layout.eol, layout.prefix, layout.leads_row, layout.lone_cell, layout.starts]
            for block, layout in _read_blocks(text, self.front_matter_keys)
        ]

    def reuse_reading(self, text: str, data: object) -> None:
        """Take ``data``, :meth:`reading` of ``text``, as its reading: the next :func:`_read_blocks` parses nothing."""
        pairs = _blocks_of_reading(text, data)
        _KEPT_READINGS.clear()  # at most one waits: one not taken was read from the cache instead
        _KEPT_READINGS[(text, self.front_matter_keys)] = pairs


# -- reading ---------------------------------------------------------------


def make_markdown_parser(options: Mapping[str, Any] | None = None) -> MarkdownIt:
    """A new parser for the Markdown statements are written in: CommonMark with tables, footnotes and front matter.

    Every module that reads statement Markdown starts from this parser, so
    inline markup in a msgid is read as the statement's blocks are. Take a new
    one to add rules or change how it renders; to only read, share
    :func:`markdown_parser`.

    :param options: markdown-it options over CommonMark's (``{"html": False}``).
    """
    return MarkdownIt("commonmark", options).enable("table").use(front_matter_plugin).use(footnote_plugin)


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The shared parser of :func:`make_markdown_parser`, for ``parse`` and ``parseInline``; never change its rules.

    >>> [token.type for token in markdown_parser().parseInline("*Free* Gaza^[a note]")[0].children]
    ['em_open', 'text', 'em_close', 'text', 'footnote_ref']
    """
    return make_markdown_parser()


@functools.cache
def _parser() -> MarkdownIt:
    md = make_markdown_parser()
    # Block structure is all we need; the inline pass would triple the cost and
    # runs on demand for the few paragraphs that may hold hard breaks.
    # footnote_tail moves definitions to the end and drops unreferenced ones
    # (it reads references from the inline pass), so it goes too.
    md.disable(["inline", "footnote_tail", "text_join"])
    md.inline.ruler.before("newline", "stmtl10n_line_break", _record_line_break)
    md.inline.ruler.at("backticks", _record_code_span)
    return md


def _is_ours(state: StateInline, silent: bool) -> bool:
    # An image's alt text is parsed in a state of its own: its offsets are not ours.
    return not silent and state.src is state.env.get(_INLINE_SRC_KEY)


def _record_line_break(state: StateInline, silent: bool) -> bool:
    """Note where a line break of the text is, and whether it is hard; never consumes input."""
    if not _is_ours(state, silent):
        return False
    pos = state.pos
    src = state.src
    if src[pos] == "\n":
        state.env[_TEXT_BREAKS_KEY].add(pos)
        if src.endswith("  ", 0, pos):
            state.env[_HARD_BREAKS_KEY].add(pos)
    elif src[pos] == "\\" and pos + 1 < state.posMax and src[pos + 1] == "\n":
        state.env[_TEXT_BREAKS_KEY].add(pos + 1)
        state.env[_HARD_BREAKS_KEY].add(pos + 1)
    return False


def _record_code_span(state: StateInline, silent: bool) -> bool:
    """markdown-it's code span rule, noting the span it read."""
    start = state.pos
    found = backticks_rule(state, silent)
    if found and _is_ours(state, silent):
        state.env[_CODE_SPANS_KEY].append((start, state.pos))
    return found


class _Source:
    """The statement split into lines once, with offsets back into the original text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # markdown-it replaces NUL by U+FFFD; same length, so columns still match.
        parts = _NEWLINE_SPLIT.split(text.replace("\0", "\ufffd"))
        self.lines = parts[::2]
        self.eols = parts[1::2]
        starts = [0]
        position = 0
        for line, eol in zip(self.lines, self.eols, strict=False):
            position += len(line) + len(eol)
            starts.append(position)
        self.starts = starts

    def line(self, index: int) -> str:
        return self.lines[index]

    def eol(self, index: int) -> str:
        if index < len(self.eols):
            return self.eols[index]
        # the last line has no ending: use the previous one's, else "\n"
        return self.eols[index - 1] if index else "\n"

    def offset(self, index: int, column: int) -> int:
        return self.starts[index] + column


@dataclass(slots=True)
class _Container:
    kind: Literal["blockquote", "list_item", "footnote"]
    label: str = ""
    first_paragraph: int | None = None  # index into drafts, for list items
    marker: str | None = None  # a list item's "1." or "-"


@dataclass(slots=True)
class _List:
    heading: str | None
    items: list[_Container] = dataclasses.field(default_factory=list)


# build reads each statement twice (once for the translated statement, once for
# the aligned documents); blocks and layouts are frozen, so one reading serves both.
@functools.lru_cache(maxsize=16)
def _read_blocks(text: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> tuple[tuple[Block, _Layout], ...]:
    kept = _KEPT_READINGS.pop((text, front_matter_keys), None)
    if kept is not None:
        return kept
    source = _Source(text)
    tokens = _parser().parse(text)
    drafts = _walk_tokens(source, tokens)
    if tokens and tokens[0].type == "front_matter" and front_matter_keys:
        drafts[:0] = _front_matter_drafts(source, tokens[0], front_matter_keys)
    blocks = [Block(draft.segment, draft.start, draft.end) for draft in drafts]
    # assign_contexts keeps the order, so the layouts still line up.
    return tuple(zip(assign_contexts(blocks), (draft.layout for draft in drafts), strict=False))


# A reading kept from an earlier run (MarkdownFormat.reuse_reading), taken by the next _read_blocks
# of its text, whose own cache holds it from then on.
_KEPT_READINGS: dict[tuple[str, tuple[str, ...]], tuple[tuple[Block, _Layout], ...]] = {}
_STYLES = frozenset(get_args(_Style))
_STARTS = frozenset(get_args(_Start))


def _blocks_of_reading(text: str, data: object) -> tuple[tuple[Block, _Layout], ...]:
    """The blocks and layouts :meth:`MarkdownFormat.reading` wrote as ``data``; ValueError for anything else."""
    if not isinstance(data, list):
        raise ValueError("a reading is a list of blocks")
    pairs = []
    end_of_last = 0
    for item in data:
        try:
            (msgid, kind, line, flags, notes, context, level, marker, start, end,
             style, eol, prefix, leads_row, lone_cell, starts) = item
        except (TypeError, ValueError):
            raise ValueError("a block of a reading has 16 fields") from None
        # What render relies on: spans in order within the text, and layouts it knows.
        if not (isinstance(start, int) and isinstance(end, int) and end_of_last <= start <= end <= len(text)):
            raise ValueError("a block's span is not in the text")
        if style not in _STYLES or starts not in _STARTS or not isinstance(msgid, str):
            raise ValueError("a block's layout is not one this code writes")
        end_of_last = end
        segment = Segment(msgid, kind, line, tuple(flags), tuple(notes), context, level, marker)
        pairs.append((Block(segment, start, end), _Layout(style, eol, prefix, leads_row, lone_cell, starts)))
    return tuple(pairs)


def _front_matter_drafts(source: _Source, token: Token, keys: tuple[str, ...]) -> list[_Draft]:
    """The values of ``keys`` in the YAML front matter, where they are simple one-line scalars.

    Only top-level ``key: value`` lines count; a value that is a block scalar
    (``|``, ``>``), a list, a mapping, an alias or runs on over several lines
    is left as it is, as is every other line, byte for byte.
    """
    assert token.map is not None
    first, stop = token.map
    drafts = []
    wanted = set(keys)
    # the lines between the opening and the closing ---
    for index in range(first + 1, stop - 1):
        line = source.line(index)
        found = _yaml_key(line)
        if found is None or found[0] not in wanted:
            continue
        key, value_start = found
        # a value that goes on below (indented lines) is no simple one-line scalar
        if index + 1 < stop - 1 and source.line(index + 1)[:1] in (" ", "\t"):
            continue
        scalar = _yaml_scalar(line, value_start)
        if scalar is None:
            continue
        value, end = scalar
        if not value.strip():
            continue
        segment = Segment(value, FRONT_MATTER, index + 1, notes=(f"front matter: {key}",))
        drafts.append(_Draft(segment, source.offset(index, value_start), source.offset(index, end),
                             _Layout("yaml", source.eol(index))))
    return drafts


def _yaml_key(line: str) -> tuple[str, int] | None:
    """The key of a top-level ``key: value`` line and where its value starts, or None.

    >>> _yaml_key("title:  Free Gaza"), _yaml_key("  title: x"), _yaml_key("title:")
    (('title', 8), None, None)
    """
    end = 0
    while end < len(line) and line[end] in _YAML_KEY_CHARS:
        end += 1
    if end == 0 or line[0] in "-0123456789":
        return None
    pos = end
    while pos < len(line) and line[pos] in " \t":
        pos += 1
    if not line.startswith(":", pos) or not line.startswith((" ", "\t"), pos + 1):
        return None
    pos += 1
    while pos < len(line) and line[pos] in " \t":
        pos += 1
    return (line[:end], pos) if pos < len(line) else None


def _yaml_scalar(line: str, start: int) -> tuple[str, int] | None:
    r"""The value of a simple YAML scalar starting at ``line[start]`` and where it ends, or None.

    >>> _yaml_scalar('title: "Free \\"Gaza\\"" # a comment', 7)
    ('Free "Gaza"', 22)
    >>> _yaml_scalar("title: 'It''s time'", 7)
    ("It's time", 19)
    >>> _yaml_scalar("title: Stop the war # note", 7)
    ('Stop the war', 19)
    >>> _yaml_scalar("tags: [a, b]", 6) is None
    True
    """
    quote = line[start]
    if quote in "\"'":
        out = []
        pos = start + 1
        while pos < len(line):
            char = line[pos]
            if quote == "'" and char == "'":
                if line.startswith("'", pos + 1):
                    out.append("'")
                    pos += 2
                    continue
                break
            if quote == '"' and char == '"':
                break
            if quote == '"' and char == "\\":
                escaped = line[pos + 1:pos + 2]
                if escaped not in _YAML_ESCAPES:
                    return None  # \u, \x … : rare in a title, and kept as written
                out.append(_YAML_ESCAPES[escaped])
                pos += 2
                continue
            out.append(char)
            pos += 1
        else:
            return None  # no closing quote on the line: the value runs on
        rest = line[pos + 1:].strip(" \t")
        if rest and not rest.startswith("#"):
            return None
        return "".join(out), pos + 1
    if quote in "[{&*!|>%@`#":
        return None
    value = line[start:]
    comment = value.find(" #")
    if comment >= 0:
        value = value[:comment]
    value = value.rstrip(" \t")
    if ": " in value or value.endswith(":") or "\t#" in value:
        return None
    return value, start + len(value)


def _yaml_quoted(value: str) -> str:
    r"""A one-line YAML double-quoted scalar for ``value``.

    >>> _yaml_quoted('Libérez "Gaza" \\ now')
    '"Libérez \\"Gaza\\" \\\\ now"'
    """
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or char in "\x7f\x85\u2028\u2029\ufeff":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _walk_tokens(source: _Source, tokens: Sequence[Token]) -> list[_Draft]:
    drafts: list[_Draft] = []
    containers: list[_Container] = []
    lists: list[_List] = []
    row: list[Token] = []
    row_line = -1
    in_head = False
    columns: tuple[str | None, ...] | None = None  # the part kind of each column of a signatory table
    run = _Run()
    parent: Token | None = None
    for token in tokens:
        kind = token.type
        # Most tokens are paragraphs: tested first, they skip the other kinds' tests.
        if kind == "inline":
            if not token.map or parent is None:
                pass  # no source lines to read
            elif parent.type in ("th_open", "td_open"):
                row.append(token)
            elif parent.type == "heading_open":
                draft = _read_heading(source, token, parent)
                if draft is not None:
                    drafts.append(draft)
            elif parent.type == "paragraph_open":
                container = containers[-1] if containers else None
                read = _read_paragraph(source, token, container, _heading_before(drafts))
                if read and container is not None and container.kind == "list_item":
                    if container.first_paragraph is None:
                        container.first_paragraph = len(drafts)
                        read[0].segment = _with_marker(read[0].segment, container.marker)
                elif len(read) == 1:
                    run.add(drafts, len(drafts), read[0])
                else:
                    run.close(drafts)
                drafts.extend(read)
        elif kind != "paragraph_open" and kind != "paragraph_close":
            run.close(drafts)
            if kind == "blockquote_open":
                containers.append(_Container("blockquote"))
            elif kind == "footnote_reference_open":
                containers.append(_Container("footnote", label=str(token.meta.get("label", ""))))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(_List(heading=_heading_before(drafts)))
            elif kind == "list_item_open":
                # markdown-it keeps an ordered item's number in info and its "." or ")" in markup.
                item = _Container("list_item", marker=f"{token.info}{token.markup}")
                containers.append(item)
                if lists:
                    lists[-1].items.append(item)
            elif kind in ("blockquote_close", "footnote_reference_close", "list_item_close"):
                if containers:
                    containers.pop()
            elif kind in ("bullet_list_close", "ordered_list_close"):
                if lists:
                    _mark_signatories(drafts, lists.pop())
            elif kind == "table_open":
                columns = None
            elif kind in ("thead_open", "thead_close"):
                in_head = kind == "thead_open"
            elif kind == "tr_open" and token.map:
                row, row_line = [], token.map[0]
            elif kind == "tr_close":
                contents = [cell.content for cell in row]
                drafts.extend(_read_row(source, row_line, contents, None if in_head else columns))
                if in_head:
                    columns = table_fields(contents)
                row = []
        parent = token
    run.close(drafts)
    return drafts


def _heading_before(drafts: Sequence[_Draft], end: int | None = None) -> str | None:
    """The text of the block before ``drafts[end]`` (the next one by default): its lead-in, if it may be one.

    After signatories, the next list or paragraph of names (the list goes on
    below an HTML comment, "and counting") has the lead-in of the signatories
    before it.
    """
    index = (len(drafts) if end is None else end) - 1
    while index >= 0 and drafts[index].segment.kind == SIGNATORY:
        index -= 1
    if index < 0:
        return None
    return drafts[index].segment.text


# Segments are built directly, not with dataclasses.replace (several times slower):
# a statement's every list item and signatory goes through these two.
def _as_signatory(segment: Segment) -> Segment:
    return Segment(segment.text, SIGNATORY, segment.line, (SIGNATORY_FLAG,), (SIGNATORY_NOTE,), segment.context,
                   segment.level, segment.marker)


def _with_marker(segment: Segment, marker: str | None) -> Segment:
    return Segment(segment.text, segment.kind, segment.line, segment.flags, segment.notes, segment.context,
                   segment.level, marker)


@dataclass(slots=True)
class _Run:
    """Consecutive one-line paragraphs: blank-line separated signatories, one a paragraph."""

    indexes: list[int] = dataclasses.field(default_factory=list)

    def add(self, drafts: list[_Draft], index: int, draft: _Draft) -> None:
        text = draft.segment.text
        if "\n" in text or len(text) > _MAX_SHORT_PARAGRAPH:
            self.close(drafts)
            return
        if is_lead_in(text):
            self.close(drafts)  # a lead-in starts a run of its own: the prose before is no part of it
        self.indexes.append(index)

    def close(self, drafts: list[_Draft]) -> None:
        indexes, self.indexes = self.indexes, []
        if not indexes:
            return
        opening = drafts[indexes[0]].segment.text
        heading: str | None
        if is_lead_in(opening):
            heading, indexes = opening, indexes[1:]
        else:
            heading = _heading_before(drafts, indexes[0])
        texts = [drafts[index].segment.text for index in indexes]
        if indexes and is_signatory_list(texts, heading=heading):
            first, stop = _signatory_stretch(texts, heading)
            for index in indexes[first:stop]:
                drafts[index].segment = _as_signatory(drafts[index].segment)


def _is_one_signatory(item: str, *, heading: str) -> bool:
    return is_signatory_list([item], heading=heading)


def _signatory_stretch(items: Sequence[str], heading: str | None) -> tuple[int, int]:
    """The items of a signatory list less the prose around it ("Thank you." after the last name)."""
    reads_as_signatory: Callable[[str], bool] = is_signatory_item
    if heading is not None and is_lead_in(heading):
        # After a lead-in one item is judged as the list's items are: names alone count.
        reads_as_signatory = functools.partial(_is_one_signatory, heading=heading)
    first, stop = 0, len(items)
    while stop > first and not reads_as_signatory(items[stop - 1]):
        stop -= 1
    while first < stop and not reads_as_signatory(items[first]):
        first += 1
    return first, stop


def _mark_signatories(drafts: list[_Draft], lst: _List) -> None:
    indexes = [item.first_paragraph for item in lst.items if item.first_paragraph is not None]
    if not indexes:
        return
    if not is_signatory_list([drafts[index].segment.text for index in indexes], heading=lst.heading):
        return
    for index in indexes:
        drafts[index].segment = _as_signatory(drafts[index].segment)


def _read_paragraph(source: _Source, token: Token, container: _Container | None, before: str | None) -> list[_Draft]:
    """A paragraph's segment; or, for a signatory list written as a paragraph, one per signatory.

    :param before: the text of the block before, a possible lead-in ("Signed,").
    """
    assert token.map is not None
    first, last = token.map
    located = _locate_lines(source, token.content, first, last)
    if located is None:
        return []
    kind = PARAGRAPH
    notes: tuple[str, ...] = ()
    if container is not None:
        if container.kind == "list_item":
            kind = LIST_ITEM
        elif container.kind == "blockquote":
            kind = BLOCK_QUOTE
        else:
            notes = (f"footnote [^{container.label}]",)
    breaks = _line_breaks(source, token.content, located)
    draft = _flow_draft(source, token.content, located, kind, notes, style="flow", breaks=breaks)
    return (
        _read_run_on_list(source, located, breaks, draft)
        or _read_signatory_lines(source, token.content, located, breaks, draft, before)
        or [draft]
    )


def _read_signatory_lines(
    source: _Source, content: str, located: _Located, breaks: Sequence[_Break], draft: _Draft, before: str | None
) -> list[_Draft] | None:
    """One segment per line of a paragraph whose lines are signatories ("Signed," then a name a line).

    The lead-in line ("Signed,", "التواقيع:") is a segment of its own, and the
    prose lines before it, if any, one segment as a paragraph is.
    """
    if len(located) < 2 or any(kind not in ("soft", "hard") for kind in breaks):
        return None
    lines = []  # (start, end, marker) of each line's text, in the statement
    for number, (index, column, stop) in enumerate(located):
        line = source.line(index)
        end = len(line[:stop].rstrip(" \t"))
        if number < len(breaks) and breaks[number] == "hard" and _trailing_backslashes(line[:end]) % 2:
            end = len(line[: end - 1].rstrip(" \t"))  # the hard break's backslash stays in the statement
        tag = None
        if line.endswith(">", 0, end):  # every tag ends so: most lines need no lowercased copy
            tag = next((tag for tag in _LINE_BREAK_TAGS if line[:end].lower().endswith(tag)), None)
        if tag is not None and end - len(tag) > column:
            end = len(line[: end - len(tag)].rstrip(" \t"))
        match = _LINE_NUMBER.match(line, column, end)
        start = column if match is None else len(line[:end]) - len(line[match.end() : end].lstrip(" \t"))
        lines.append((source.offset(index, start), source.offset(index, end), None if match is None else match.group()))
    texts = [source.text[start:end] for start, end, _ in lines]
    if not all(texts):
        return None
    # The lead-in: the first line of the paragraph that is one, else the block before.
    lead = next((number for number, text in enumerate(texts[:-1]) if is_lead_in(text)), None)
    heading, items = (before, texts) if lead is None else (texts[lead], texts[lead + 1 :])
    if not is_signatory_list(items, heading=heading):
        return None
    drafts = []
    skip = 0 if lead is None else lead + 1  # lines before the first item
    if lead:
        # The prose ends where its last line's text does: a hard break's marker stays outside.
        index, column, _ = located[lead - 1]
        prose_lines = [*located[: lead - 1], (index, column, lines[lead - 1][1] - source.starts[index])]
        prose = "\n".join(content.split("\n")[:lead])
        kind, notes = draft.segment.kind, draft.segment.notes
        drafts.append(_flow_draft(source, prose, prose_lines, kind, notes, style="flow", breaks=breaks[: lead - 1]))
    first, stop = _signatory_stretch(items, heading)
    first, stop = first + skip, stop + skip  # as line numbers
    for number, ((start, end, marker), text) in enumerate(zip(lines, texts, strict=True)):
        if number < (lead or 0):
            continue
        segment = Segment(text, draft.segment.kind, located[number][0] + 1, (), draft.segment.notes, marker=marker)
        if first <= number < stop:
            segment = _as_signatory(segment)
        where: _Start = "inside"
        if marker is None:
            where = "continuation line" if number else "first line"
        drafts.append(_Draft(segment, start, end, dataclasses.replace(draft.layout, style="line", starts=where)))
    return drafts


def _read_run_on_list(
    source: _Source, located: _Located, breaks: Sequence[_Break], draft: _Draft
) -> list[_Draft] | None:
    """One segment per signatory of a paragraph listing them separated by ";", and one for its lead-in."""
    msgid = draft.segment.text
    if (";" not in msgid and "؛" not in msgid) or any(kind != "soft" for kind in breaks):
        return None
    spans = run_on_items(msgid)
    if spans is None:
        return None
    # Where each line's text is in the msgid: lines are joined by one space.
    at = []  # msgid offset of each line's text
    pieces = []  # (statement offset, length, line index) of each line's text
    position = 0
    for index, column, stop in located:
        length = len(source.line(index)[:stop].rstrip(" \t")) - column
        at.append(position)
        pieces.append((source.offset(index, column), length, index))
        position += length + 1

    def locate(offset: int, *, end: bool) -> tuple[int, int, bool]:
        # Items are stripped: they start and end on a line's text, never on the space between.
        number = bisect.bisect_right(at, offset - end) - 1
        origin, _, index = pieces[number]
        return origin + offset - at[number], index, offset == at[number] and number > 0

    lead = msgid[: spans[0][0]].rstrip()
    lead = lead[:-1].rstrip() if lead.endswith((":", "：")) else lead
    stretches = ([(0, len(lead))] if lead else []) + spans
    drafts = []
    for start, end in stretches:
        origin, index, continuation = locate(start, end=False)
        stop, _, _ = locate(end, end=True)
        segment = Segment(msgid[start:end], draft.segment.kind, index + 1, (), draft.segment.notes)
        if (start, end) in spans:
            segment = _as_signatory(segment)
        where: _Start = "inside"
        if start == 0:
            where = "first line"
        elif continuation:
            where = "continuation line"
        drafts.append(_Draft(segment, origin, stop, dataclasses.replace(draft.layout, style="line", starts=where)))
    return drafts


def _read_heading(source: _Source, token: Token, opening: Token) -> _Draft | None:
    assert token.map is not None and opening.map is not None
    first = token.map[0]
    if opening.markup.startswith("#"):
        draft = _read_atx_heading(source, token.content, first, len(opening.markup))
    else:
        # setext: the inline map covers the text lines and the underline
        located = _locate_lines(source, token.content, first, opening.map[1] - 1)
        draft = None if located is None else _flow_draft(source, token.content, located, HEADING, (), style="setext")
    if draft is not None:
        draft.segment = dataclasses.replace(draft.segment, level=int(opening.tag[1]))  # "h2" → 2
    return draft


def _read_atx_heading(source: _Source, content: str, index: int, level: int) -> _Draft | None:
    if not content:
        return None
    line = source.line(index)
    opening = "#" * level
    # The first run of exactly `level` hashes followed by a space (or the line
    # end) whose text is the token's content; container prefixes hold no "#"
    # except in the odd footnote label, which the check skips past.
    pos = line.find(opening)
    while pos != -1:
        after = pos + level
        if (pos == 0 or line[pos - 1] != "#") and (after == len(line) or line[after] in " \t"):
            end = len(line.rstrip(" \t"))
            closing = end
            while closing > after and line[closing - 1] == "#":
                closing -= 1
            if closing > after and line[closing - 1] in " \t":
                end = closing
            raw = line[after:end]
            stripped = raw.strip(MD_TRIM_CHARS)
            if stripped == content:
                start = after + len(raw) - len(raw.lstrip(MD_TRIM_CHARS))
                segment = Segment(text=_raw_text(source, index, start, start + len(content)), kind=HEADING, line=index + 1)
                return _Draft(
                    segment,
                    source.offset(index, start),
                    source.offset(index, start + len(content)),
                    _Layout("atx", source.eol(index)),
                )
        pos = line.find(opening, pos + 1)
    return None


def _raw_text(source: _Source, index: int, start: int, end: int) -> str:
    return source.text[source.offset(index, start) : source.offset(index, end)]


# (line index, start column, end column) of each line's share of a block's text
_Located = list[tuple[int, int, int]]


def _locate_lines(source: _Source, content: str, first: int, stop: int) -> _Located | None:
    """Find each line of a paragraph's content in the source lines ``first .. stop-1``.

    markdown-it's content is the block's lines without container prefixes,
    with synthetic spaces for half-consumed tabs, trimmed at both ends; so each
    content line, less its leading blanks, ends where its source line ends
    (the last one where that line's trailing blanks start).
    """
    if not content:
        return None
    parts = content.split("\n")
    # Lines of nothing but Unicode blanks at either end are trimmed away by
    # markdown-it; slide the content over the source lines until it fits.
    for shift in range(stop - first - len(parts) + 1):
        located: _Located = []
        for number, part in enumerate(parts):
            index = first + shift + number
            line = source.line(index)
            wanted = part if number == 0 else part.lstrip(" \t")
            end = len(line.rstrip(MD_TRIM_CHARS)) if number == len(parts) - 1 else len(line)
            start = end - len(wanted)
            if start < 0 or line[start:end] != wanted:
                break
            located.append((index, start, end))
        else:
            return located
    return None


def _flow_draft(
    source: _Source,
    content: str,
    located: _Located,
    kind: str,
    notes: tuple[str, ...],
    *,
    style: _Style,
    breaks: Sequence[_Break] | None = None,
) -> _Draft:
    text, starts = source.text, source.starts
    first_index, first_start, first_end = located[0]
    start = starts[first_index] + first_start
    if len(located) == 1:
        msgid = text[start : start + first_end - first_start]
        end = start + first_end - first_start
    else:
        lines = [text[starts[index] + column : starts[index] + stop] for index, column, stop in located]
        if breaks is None:
            breaks = _line_breaks(source, content, located)
        msgid = _join_lines(lines, breaks)
        if "soft" in breaks and "](<" in content and _inline_shape(msgid) != _inline_shape(content):
            # "[link](<foo" / "bar>)" is no link, but it would be on one line: a
            # <destination> is the one place where a space and a line break differ.
            msgid = _join_lines(lines, ["keep" if each == "soft" else each for each in breaks])
        last_index, _, last_end = located[-1]
        end = starts[last_index] + last_end
    prefix = _continuation_prefix(source.lines[first_index][:first_start])
    segment = Segment(msgid, kind, first_index + 1, (), notes)
    return _Draft(segment, start, end, _Layout(style, source.eol(first_index), prefix))


def _line_breaks(source: _Source, content: str, located: _Located) -> list[_Break]:
    """How each line of a paragraph but the last ends."""
    breaks: list[_Break] = ["soft"] * (len(located) - 1)
    if not breaks:
        return breaks
    candidates = _may_hide_breaks(content)
    for index, start, end in located[:-1]:
        line = source.line(index)
        if line.endswith("  ", start, end) or line.endswith("\\", start, end):
            candidates = True
            break
    if not candidates:
        return breaks
    # Only the inline parser knows whether the break is inside a code span,
    # an HTML tag or a link title, where it is no break at all.
    env = _inline_env(content)
    md = _parser()
    md.inline.parse(content, md, env, [])
    text_breaks, hard, code = env[_TEXT_BREAKS_KEY], env[_HARD_BREAKS_KEY], env[_CODE_SPANS_KEY]
    assert isinstance(text_breaks, set) and isinstance(hard, set) and isinstance(code, list)
    pos = -1
    for number in range(len(breaks)):
        pos = content.index("\n", pos + 1)
        if pos in hard:
            breaks[number] = "hard"
        elif pos not in text_breaks:
            breaks[number] = "code" if any(start < pos < end for start, end in code) else "keep"
    return breaks


def _may_hide_breaks(content: str) -> bool:
    r"""Whether a line break of ``content`` may be inside inline markup (a code span, raw HTML, a link's
    destination or title, an image's alt text), where it is no soft break: the inline parser says.

    A few string searches, exact for what the parser would find: a paragraph
    with links whose ``(…)`` holds no line break costs no inline pass.

    >>> _may_hide_breaks("a [link](https://example.org) and\nmore"), _may_hide_breaks('[a](u\n"title")')
    (False, True)
    """
    if "](" not in content:
        return any(hint in content for hint in _INLINE_SPAN_HINTS)
    if any(hint in content for hint in _LINK_BREAK_HINTS):
        return True
    # markdown-it reads "](", blanks, a destination (no "<", escape or tab here: it
    # ends at a blank, or at a ")" with no "(" before it), blanks, a title: a line
    # break can only be in a blank stretch or a title, which may run over lines.
    # The next blank, ")" and "(" are searched for once each, so this stays linear.
    newline = blank = close = opening = -1
    found = content.find("](")
    while found >= 0:
        pos = found + 2
        if newline < pos:
            newline = content.find("\n", pos)
            if newline < 0:
                return False  # no line break after this link, nor after any later one
        while content[pos] == " ":
            pos += 1
        if pos == newline:
            return True
        if blank < pos:
            blank = _find(content, " ", pos)
        if close < pos:
            close = _find(content, ")", pos)
        if opening < pos:
            opening = _find(content, "(", pos)
        stop = min(blank, newline)  # the destination ends here at the latest
        if close < stop and close < opening:
            found = content.find("](", close + 1)  # "(url)": the link ends at its ")"
            continue
        pos = stop
        while content[pos] == " ":
            pos += 1
        if content[pos] in "\n\"'(":
            return True
        found = content.find("](", pos)
    return False


def _find(text: str, char: str, start: int) -> int:
    """Where ``char`` is next in ``text`` from ``start``, or the end of the text."""
    found = text.find(char, start)
    return len(text) if found < 0 else found


def _inline_env(src: str) -> dict[str, object]:
    return {_INLINE_SRC_KEY: src, _TEXT_BREAKS_KEY: set(), _HARD_BREAKS_KEY: set(), _CODE_SPANS_KEY: []}


def _join_lines(lines: Sequence[str], breaks: Sequence[_Break]) -> str:
    """A paragraph's msgid from its lines (without prefixes) and how each ends."""
    pieces = []
    for line, kind in zip(lines, breaks, strict=False):
        if kind == "hard":
            pieces.append(_hard_break_text(line) + "\n")
        elif kind == "code":
            pieces.append(line + " ")
        elif kind == "keep":
            pieces.append(line + "\n")
        else:
            pieces.append(line.rstrip(" \t") + " ")
    pieces.append(lines[-1])
    return "".join(pieces)


def _inline_shape(src: str) -> list[str]:
    """The inline tokens of ``src`` but its words and line breaks: what joining lines must not change."""
    tokens: list[Token] = []
    md = _parser()
    md.inline.parse(src, md, {}, tokens)
    return [token.type for token in tokens if token.type not in ("text", "softbreak")]


def _trailing_backslashes(text: str) -> int:
    return len(text) - len(text.rstrip("\\"))


def _hard_break_text(piece: str) -> str:
    """A line ending in a hard break, written with a backslash."""
    if _trailing_backslashes(piece) % 2:
        return piece  # already "\" + newline
    piece = piece.rstrip(" ")
    # "foo\" + spaces was a literal backslash; escape it before adding ours.
    return piece + ("\\\\" if _trailing_backslashes(piece) % 2 else "\\")


def _continuation_prefix(first_prefix: str) -> str:
    """The prefix of a continuation line, from the prefix of the block's first line.

    Block quote markers stay; list markers and a footnote label become spaces
    of the same width, so the columns (and tab stops) are unchanged.
    """
    if "[" not in first_prefix:
        return first_prefix.translate(_MARKERS_TO_SPACES)
    out = []
    in_label = False
    for char in first_prefix:
        if in_label:
            out.append(" ")
            in_label = char != ":"
        elif char in " \t>":
            out.append(char)
        else:
            out.append(" ")
            in_label = char == "["
    return "".join(out)


def _read_row(
    source: _Source, index: int, contents: Sequence[str], columns: Sequence[str | None] | None = None
) -> list[_Draft]:
    """Find the span of every non-empty cell of one table row, given markdown-it's cell contents.

    :param columns: the part kind of each column of a signatory table (:func:`table_fields`):
        names, organizations and countries are signatory segments.
    """
    if not contents:
        return []
    line = source.line(index)
    # Cells are split at pipes not preceded by a backslash, as markdown-it does.
    pipes = [match.start() for match in _UNESCAPED_PIPE.finditer(line)]
    # Whether the row opens with "|" decides which stretch is the first cell;
    # the container prefix before it is unknown, so try both ways and keep the
    # one that reproduces markdown-it's cell contents.
    prefix_only = not pipes or not line[: pipes[0]].strip(" \t>-+*.)0123456789")
    for leading_pipe in (prefix_only, not prefix_only):
        spans = _cell_spans(line, pipes, list(contents), leading_pipe=leading_pipe)
        if spans is not None:
            break
    else:
        return []
    eol = source.eol(index)
    drafts = []
    for number, (start, end) in enumerate(spans):
        if start == end:
            continue  # empty cell: nothing to translate
        segment = Segment(text=_raw_text(source, index, start, end), kind=TABLE_CELL, line=index + 1)
        if columns is not None and number < len(columns) and columns[number] in _SIGNATORY_COLUMNS:
            segment = _as_signatory(segment)
        layout = _Layout("cell", eol, leads_row=number == 0 and not leading_pipe, lone_cell=not pipes)
        drafts.append(_Draft(segment, source.offset(index, start), source.offset(index, end), layout))
    return drafts


def _cell_spans(line: str, pipes: list[int], contents: list[str], *, leading_pipe: bool) -> list[tuple[int, int]] | None:
    if leading_pipe and not pipes:
        return None
    row_end = len(line.rstrip(MD_TRIM_CHARS))
    bounds = pipes[1:] if leading_pipe else pipes
    starts = [pipes[0] + 1] if leading_pipe else [-1]  # -1: the first cell's start is unknown
    starts += [pipe + 1 for pipe in bounds]
    ends = [*bounds, row_end]
    stretches = list(zip(starts, ends, strict=False))
    if stretches and stretches[-1][0] == row_end:
        stretches.pop()  # a trailing "|" ends the row, it opens no cell
    spans = []
    for number, content in enumerate(contents):
        if number >= len(stretches):
            if content:
                return None
            spans.append((row_end, row_end))
            continue
        start, end = stretches[number]
        raw_end = len(line[:end].rstrip(MD_TRIM_CHARS)) if end > 0 else 0
        if start == -1:
            # each "|" of the content is a "\|" in the source
            raw_start = raw_end - len(content) - content.count("|")
            if raw_start < 0:
                return None
        else:
            raw_start = start + len(line[start:raw_end]) - len(line[start:raw_end].lstrip(MD_TRIM_CHARS))
            raw_start = min(raw_start, raw_end)
        if line[raw_start:raw_end].replace("\\|", "|") != content:
            return None
        spans.append((raw_start, raw_end))
    return spans


# -- writing ---------------------------------------------------------------


def _format(new: str, layout: _Layout) -> str | None:
    lines = _LINE_ENDINGS.split(new)
    if layout.style == "flow":
        lines = _flow_lines(lines)
        if not lines:
            return None
        lines = _make_paragraph(lines)
        return (layout.eol + layout.prefix).join(lines)
    one_line = _one_line(lines)
    if not one_line:
        return None
    if layout.style == "yaml":
        return _yaml_quoted(one_line)
    if layout.style == "line":
        return _write_line(one_line, layout)
    if layout.style == "atx":
        # A trailing " #" would be read as the heading's closing sequence.
        match = _ATX_CLOSING.search(one_line)
        if match:
            one_line = one_line[: match.start()] + "\\" + one_line[match.start() :]
        return one_line
    if layout.style == "setext":
        return _make_paragraph([one_line])[0]
    # table cell: an unescaped "|" would end the cell
    one_line = _UNESCAPED_PIPE.sub(r"\\|", one_line)
    if _trailing_backslashes(one_line) % 2:
        one_line += "\\"  # a literal backslash, not an escape of the "|" after the cell
    if layout.lone_cell:
        # A header row needs a "|"; a leading one opens no extra cell.
        return "| " + one_line
    if layout.leads_row:
        one_line = _make_paragraph([one_line])[0]
    return one_line


_LINE_ENDINGS = re.compile(r"\r\n|\r|\n")


def _write_line(one_line: str, layout: _Layout) -> str:
    """A translation in place of one line of a paragraph, or a stretch of one."""
    if _trailing_backslashes(one_line) % 2:
        one_line += "\\"  # a literal backslash, not a hard break before the next line
    if layout.starts == "first line":
        return _make_paragraph([one_line])[0]
    if layout.starts == "continuation line" and _first_foreign_line(["x", one_line]) is not None:
        return _escape_line_start(one_line)
    return one_line


def _flow_lines(lines: list[str]) -> list[str]:
    """Trim a translation's lines; blank lines go, hard breaks are kept as backslashes.

    A line break inside a code span, raw HTML or a link title is not the
    text's: that line is kept as written, its blanks included.
    """
    in_markup = _breaks_in_markup(lines)
    out = []
    for number, line in enumerate(lines):
        stripped = line.strip(" \t")
        if not stripped:
            continue  # a blank line would end the paragraph
        if number in in_markup:
            out.append(line.lstrip(" \t"))
            continue
        if number < len(lines) - 1 and line.endswith("  "):
            stripped = _hard_break_text(line.lstrip(" \t"))
        out.append(stripped)
    return out


def _breaks_in_markup(lines: list[str]) -> set[int]:
    """The numbers of the lines whose line ending is inside inline markup."""
    if len(lines) < 2:
        return set()
    text = "\n".join(lines)
    if not _may_hide_breaks(text):
        return set()
    env = _inline_env(text)
    md = _parser()
    md.inline.parse(text, md, env, [])
    text_breaks = env[_TEXT_BREAKS_KEY]
    assert isinstance(text_breaks, set)
    numbers = set()
    pos = -1
    for number in range(len(lines) - 1):
        pos = text.index("\n", pos + 1)
        if pos not in text_breaks:
            numbers.add(number)
    return numbers


def _one_line(lines: list[str]) -> str:
    parts = []
    last = len(lines) - 1
    for number, line in enumerate(lines):
        line = line.strip(" \t")
        if number < last and _trailing_backslashes(line) % 2:
            line = line[:-1].rstrip(" \t")  # a hard break marker means nothing on one line
        if line:
            parts.append(line)
    return " ".join(parts)


def _make_paragraph(lines: list[str]) -> list[str]:
    """Escape the lines that would make ``lines`` anything but one paragraph.

    Only lines starting with a block-start character are suspects; for those
    the block parser says which line opens a block, and that line's first
    character is escaped, until the text reads as one paragraph.
    """
    if not any(line[0] in _BLOCK_START_CHARS for line in lines):
        return lines
    lines = list(lines)
    escaped: set[int] = set()
    for _ in range(2 * len(lines) + 1):
        culprit = _first_foreign_line(lines)
        if culprit is None:
            return lines
        if culprit in escaped or culprit >= len(lines):
            break
        escaped.add(culprit)
        lines[culprit] = _escape_line_start(lines[culprit])
    # Give up on line breaks: one line, its start escaped, is the safest text.
    return [_escape_line_start(" ".join(lines))] if len(lines) > 1 else [_escape_line_start(lines[0])]


def _first_foreign_line(lines: list[str]) -> int | None:
    """The line that starts something other than a paragraph, or None when all is one paragraph."""
    tokens = _parser().parse("\n".join(lines))
    first = tokens[0] if tokens else None
    if first is None or not first.map or first.map[0] > 0:
        return 0  # something without tokens (a reference definition) ate the first line
    if first.type != "paragraph_open":
        return _culprit(first)
    if len(tokens) > 3 and tokens[3].map:
        return _culprit(tokens[3])  # the block that interrupts the paragraph
    end = first.map[1]
    return end if end < len(lines) else None


def _culprit(block: Token) -> int:
    assert block.map is not None
    start, stop = block.map
    if block.type == "table_open":
        return start + 1  # the delimiter row makes the table
    if block.type == "heading_open" and block.markup[:1] in ("=", "-"):
        return stop - 1  # the underline makes the setext heading
    return start


def _escape_line_start(line: str) -> str:
    if not line:
        return line
    if line[0] in _ASCII_PUNCT:
        return "\\" + line
    match = _ORDERED_MARKER.match(line)
    if match:
        return line[: match.end()] + "\\" + line[match.end() :]
    return line
