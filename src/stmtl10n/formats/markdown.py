"""Markdown statements: CommonMark blocks become segments, and translations are spliced back into the source."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from stmtl10n.formats.base import Block, Translate, assign_contexts, splice
from stmtl10n.formats.signatories import is_signatory_list
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
_INLINE_SRC_KEY = "stmtl10n_inline_src"

_Style = Literal["flow", "atx", "setext", "cell"]


@dataclass(frozen=True, slots=True)
class _Layout:
    """How to write a translation back into a block's span."""

    style: _Style
    eol: str  # line ending of the block's first line, used between translated lines
    prefix: str = ""  # what starts each continuation line: "> ", list indentation …
    leads_row: bool = False  # a table cell with no "|" before it on its row
    lone_cell: bool = False  # a table row with no "|" but in escapes: the cell must bring one


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
    definitions are not segments.  A list whose items
    :func:`~stmtl10n.formats.signatories.is_signatory_list` accepts (given the
    block before the list as heading) gives ``signatory`` segments.

    **Msgids.** Inline markup (emphasis, links with their URLs, code spans,
    escapes, footnote references, inline HTML) is the source text as written.
    Soft line breaks become one space, dropping container prefixes (``>``, list
    indentation) and continuation indentation.  A hard line break, written with
    two trailing spaces or a backslash, is ``\\`` followed by a newline in the
    msgid: trailing spaces are invisible in a PO editor and engines drop them,
    a backslash survives and renders the same.

    **Render.** A segment whose translation is None, empty or its own text
    keeps its source bytes, so the identity round trip is byte-exact (CRLF, tabs,
    no final newline included).  Otherwise the span from the first to the last
    character of the segment's text is replaced, and the translation is made
    safe so the output has the same block structure: continuation lines get
    the container prefix, blank lines are dropped, lines that would open a block
    (``# ``, ``- ``, ``1. ``, ``>`` …) get a backslash escape, headings and
    table cells are put on one line, ``|`` in a cell is escaped, and the
    source's line ending is used.  ``width`` is ignored: Markdown paragraphs
    need no wrapping.

    Only markdown-it's block pass runs (its inline pass is off): msgids are
    raw source text, so nothing needs the inline tokens.
    """

    name = "markdown"
    extensions = (".md", ".markdown")

    def extract(self, text: str, *, path: str) -> list[Segment]:
        """Segment a Markdown statement into translatable blocks, in document order."""
        return [block.segment for block, _ in _read_blocks(text)]

    def blocks(self, text: str, *, path: str) -> list[Block]:
        """The segments of :meth:`extract` with the span of the statement each was read from."""
        return [block for block, _ in _read_blocks(text)]

    def render(self, text: str, translate: Translate, *, path: str, width: int | None = None) -> str:
        """Rebuild the statement with each segment replaced by ``translate(segment)``.

        :param width: ignored; translated Markdown is not wrapped.
        """
        pairs = _read_blocks(text)
        layouts = {id(block): layout for block, layout in pairs}

        def replacement(block: Block) -> str | None:
            new = translate(block.segment)
            if new is None or new == block.segment.text or not new.strip():
                return None  # gettext's empty msgstr means "not translated"
            return _format(new, layouts[id(block)])

        return splice(text, [block for block, _ in pairs], replacement)


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
    md.inline.ruler.before("newline", "stmtl10n_hard_break", _record_hard_break)
    return md


def _record_hard_break(state: StateInline, silent: bool) -> bool:
    """Note where a hard break is; never consumes input (markdown-it decides)."""
    # An image's alt text is parsed in a state of its own: its offsets are not ours.
    if silent or state.src is not state.env.get(_INLINE_SRC_KEY):
        return False
    pos = state.pos
    src = state.src
    if src[pos] == "\n":
        if src.endswith("  ", 0, pos):
            state.env[_HARD_BREAKS_KEY].add(pos)
    elif src[pos] == "\\" and pos + 1 < state.posMax and src[pos + 1] == "\n":
        state.env[_HARD_BREAKS_KEY].add(pos + 1)
    return False


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
def _read_blocks(text: str) -> tuple[tuple[Block, _Layout], ...]:
    source = _Source(text)
    drafts = _walk_tokens(source, _parser().parse(text))
    blocks = [Block(draft.segment, draft.start, draft.end) for draft in drafts]
    # assign_contexts keeps the order, so the layouts still line up.
    return tuple(zip(assign_contexts(blocks), (draft.layout for draft in drafts), strict=False))


def _walk_tokens(source: _Source, tokens: Sequence[Token]) -> list[_Draft]:
    drafts: list[_Draft] = []
    containers: list[_Container] = []
    lists: list[_List] = []
    row: list[Token] = []
    row_line = -1
    parent: Token | None = None
    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            containers.append(_Container("blockquote"))
        elif kind == "footnote_reference_open":
            containers.append(_Container("footnote", label=str(token.meta.get("label", ""))))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            before = drafts[-1].segment.text if drafts else None
            lists.append(_List(heading=before))
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
        elif kind == "tr_open" and token.map:
            row, row_line = [], token.map[0]
        elif kind == "tr_close":
            drafts.extend(_read_row(source, row_line, [cell.content for cell in row]))
            row = []
        elif kind == "inline" and token.map and parent is not None:
            if parent.type in ("th_open", "td_open"):
                row.append(token)
            elif parent.type == "heading_open":
                draft = _read_heading(source, token, parent)
                if draft is not None:
                    drafts.append(draft)
            elif parent.type == "paragraph_open":
                draft = _read_paragraph(source, token, containers[-1] if containers else None)
                if draft is not None:
                    container = containers[-1] if containers else None
                    if container is not None and container.kind == "list_item" and container.first_paragraph is None:
                        container.first_paragraph = len(drafts)
                        draft.segment = dataclasses.replace(draft.segment, marker=container.marker)
                    drafts.append(draft)
        parent = token
    return drafts


def _mark_signatories(drafts: list[_Draft], lst: _List) -> None:
    indexes = [item.first_paragraph for item in lst.items if item.first_paragraph is not None]
    if not indexes:
        return
    if not is_signatory_list([drafts[index].segment.text for index in indexes], heading=lst.heading):
        return
    for index in indexes:
        old = drafts[index].segment
        drafts[index].segment = dataclasses.replace(old, kind=SIGNATORY, flags=(SIGNATORY_FLAG,), notes=(SIGNATORY_NOTE,))


def _read_paragraph(source: _Source, token: Token, container: _Container | None) -> _Draft | None:
    assert token.map is not None
    first, last = token.map
    located = _locate_lines(source, token.content, first, last)
    if located is None:
        return None
    kind = PARAGRAPH
    notes: tuple[str, ...] = ()
    if container is not None:
        if container.kind == "list_item":
            kind = LIST_ITEM
        elif container.kind == "blockquote":
            kind = BLOCK_QUOTE
        else:
            notes = (f"footnote [^{container.label}]",)
    return _flow_draft(source, token.content, located, kind, notes, style="flow")


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
    source: _Source, content: str, located: _Located, kind: str, notes: tuple[str, ...], *, style: _Style
) -> _Draft:
    text, starts = source.text, source.starts
    first_index, first_start, first_end = located[0]
    start = starts[first_index] + first_start
    if len(located) == 1:
        msgid = text[start : start + first_end - first_start]
        end = start + first_end - first_start
    else:
        hard = _hard_breaks(source, content, located)
        pieces = []
        last = len(located) - 1
        for number, (index, column, stop) in enumerate(located):
            piece = text[starts[index] + column : starts[index] + stop]
            if number == last:
                pieces.append(piece)
            elif number in hard:
                pieces.append(_hard_break_text(piece) + "\n")
            else:
                pieces.append(piece.rstrip(" \t") + " ")
        msgid = "".join(pieces)
        last_index, _, last_end = located[-1]
        end = starts[last_index] + last_end
    prefix = _continuation_prefix(source.lines[first_index][:first_start])
    segment = Segment(msgid, kind, first_index + 1, (), notes)
    return _Draft(segment, start, end, _Layout(style, source.eol(first_index), prefix))


def _hard_breaks(source: _Source, content: str, located: _Located) -> set[int]:
    """The numbers of the lines that end in a hard break."""
    candidates = False
    for index, start, end in located[:-1]:
        line = source.line(index)
        if line.endswith("  ", start, end) or line.endswith("\\", start, end):
            candidates = True
            break
    if not candidates:
        return set()
    # Only the inline parser knows whether the break is inside a code span,
    # an HTML tag or a link title, where it is no break at all.
    env: dict[str, object] = {_INLINE_SRC_KEY: content, _HARD_BREAKS_KEY: set()}
    md = _parser()
    md.inline.parse(content, md, env, [])
    positions = env[_HARD_BREAKS_KEY]
    assert isinstance(positions, set)
    return {content.count("\n", 0, pos) for pos in positions}


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


def _read_row(source: _Source, index: int, contents: Sequence[str]) -> list[_Draft]:
    """Find the span of every non-empty cell of one table row, given markdown-it's cell contents."""
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
    if layout.lone_cell:
        # A header row needs a "|"; a leading one opens no extra cell.
        return "| " + one_line
    if layout.leads_row:
        one_line = _make_paragraph([one_line])[0]
    return one_line


_LINE_ENDINGS = re.compile(r"\r\n|\r|\n")


def _flow_lines(lines: list[str]) -> list[str]:
    """Trim a translation's lines; blank lines go, hard breaks are kept as backslashes."""
    out = []
    for number, line in enumerate(lines):
        stripped = line.strip(" \t")
        if not stripped:
            continue  # a blank line would end the paragraph
        if number < len(lines) - 1 and line.endswith("  "):
            stripped = _hard_break_text(line.lstrip(" \t"))
        out.append(stripped)
    return out


def _one_line(lines: list[str]) -> str:
    parts = []
    for line in lines:
        line = line.strip(" \t")
        if _trailing_backslashes(line) % 2:
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
