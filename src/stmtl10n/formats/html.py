"""HTML statements (a page saved from a website): the article's blocks become segments, spliced back in place."""

from __future__ import annotations

import dataclasses
import functools
import html
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from stmtl10n.formats.base import Block, Translate, assign_contexts, splice
from stmtl10n.formats.signatories import (
    COUNTRY,
    NAME,
    ORGANIZATION,
    is_lead_in,
    is_signatory_item,
    is_signatory_list,
    table_fields,
)
from stmtl10n.locales import text_direction
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

#: The kind of the page's ``<title>`` and of its ``<meta name="description">`` text.
PAGE_TITLE = "page title"
PAGE_DESCRIPTION = "page description"

_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Elements whose own text (the stretches between their child blocks) is a segment, and its kind.
_SEGMENT_KINDS = {
    **dict.fromkeys(_HEADINGS, HEADING),
    "p": PARAGRAPH, "li": LIST_ITEM, "td": TABLE_CELL, "th": TABLE_CELL, "blockquote": BLOCK_QUOTE,
    "figcaption": PARAGRAPH, "dt": LIST_ITEM, "dd": LIST_ITEM, "caption": TABLE_CELL,
    # Text straight inside these (no <p>) is how many pages write a paragraph.
    "div": PARAGRAPH, "section": PARAGRAPH, "article": PARAGRAPH, "main": PARAGRAPH, "body": PARAGRAPH,
    "center": PARAGRAPH, "summary": PARAGRAPH, "address": PARAGRAPH,
}
# Block-level elements: they end the stretch of inline content before them.
_BLOCKS = frozenset((
    *_SEGMENT_KINDS, "html", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "hr", "figure",
    "form", "fieldset", "legend", "details", "dialog", "hgroup", "pre", "menu", "colgroup", "col", "option",
))
# Nothing inside is translated: the page's furniture and what is not text.
_SKIPPED = frozenset((
    "head", "script", "style", "template", "noscript", "textarea", "select", "nav", "header", "footer", "aside",
    "pre", "iframe", "object", "button", "form",
))
# Inline, but what is inside is no text of the article (an icon's path, a formula).
_OPAQUE_INLINE = frozenset(("svg", "math"))
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
))
# What a start tag closes when it is left open (HTML's optional end tags, the common cases).
_CLOSED_BY = {
    "li": frozenset(("li",)), "dt": frozenset(("dt", "dd")), "dd": frozenset(("dt", "dd")),
    "tr": frozenset(("tr", "td", "th")), "td": frozenset(("td", "th")), "th": frozenset(("td", "th")),
    "option": frozenset(("option",)),
}
# Where an implied close stops looking: a list item never closes an item of an outer list.
_SCOPES = frozenset(("ul", "ol", "dl", "table", "select", "blockquote", "div", "body", "html"))
_SIGNATORY_COLUMNS = frozenset((NAME, ORGANIZATION, COUNTRY))
_MAX_SHORT = 200  # a line or paragraph longer than this is prose, never one signatory
_NBSP_ENTITIES = frozenset(("nbsp", "#160", "#xa0", "#xA0", "#x00a0"))
_HTML_SPACES = " \t\n\r\f"
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_TAG = re.compile(r"<[^<>]*>")


class HtmlFormat:
    """HTML statements: a page saved from a website, or one written by hand.

    **Segments.** The text of headings, paragraphs, list items (``li``, ``dt``,
    ``dd``), table cells (``td``, ``th``, ``caption``), block quotes and figure
    captions, and text written straight into a ``div``, ``section`` or
    ``article`` without a ``<p>``: each stretch of inline content between two
    block-level tags is one segment, of the element's kind (``heading``,
    ``paragraph``, ``list item``, ``table cell``, ``block quote``).  The page's
    ``<title>`` and the ``content`` of ``<meta name="description">`` are
    segments too (``page title``, ``page description``).  ``<head>`` (but those
    two), scripts, styles, forms and the page's navigation (``nav``,
    ``header``, ``footer``, ``aside``, anything with ``role="navigation"``) are
    never segments.

    **Signatories.** As in Markdown, with
    :mod:`~stmtl10n.formats.signatories`: a ``ul``/``ol`` whose items are a
    signatory list (given the block before it as its heading), the name,
    organization and country cells of a table whose header names signatories'
    fields, a block of one signatory a line (``Signed,<br>Name<br>Name``: a
    segment per line, the ``<br>`` kept in the page), and short paragraphs in
    a row that read as signatories (after a lead-in, or by their shape; the
    prose around them is left out) give ``signatory`` segments.

    **Msgids.** Inline elements (``a``, ``em``, ``strong``, ``span``,
    ``code``, ``br``, ``sup`` …) stay in the msgid as written, with their
    attributes, as Markdown's inline markup does, and so do character
    references (``&amp;``); a run of white space that holds a line break is one
    space (HTML reads it so).  Markup around the text stays in the page, out
    of the msgid: line breaks before or after it, empty pairs, and a pair of
    tags around all of it (``<font size="+2">…</font>``, a link that is the
    whole item), so a translation replaces only what is inside.

    **Render.** A segment whose translation is None, empty or its own text
    keeps its source bytes; otherwise the stretch is replaced by the
    translation as written (it is HTML: inline tags and references kept).  A
    title's ``<`` and a description's quote are escaped.  With ``lang``, the
    ``<html>`` start tag gets ``lang`` (and ``xml:lang``, when it has one) and
    ``dir`` (``rtl`` for Arabic); nothing else of the page changes, so the
    identity build is byte-exact but for those two attributes.  ``width`` is
    ignored.
    """

    name = "html"
    extensions = (".html", ".htm")

    def extract(self, text: str, *, path: str) -> list[Segment]:
        """Segment an HTML page into translatable blocks, in document order."""
        return [block.segment for block in _read(text).blocks]

    def blocks(self, text: str, *, path: str) -> list[Block]:
        """The segments of :meth:`extract` with the span of the page each was read from."""
        return list(_read(text).blocks)

    def render(self, text: str, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> str:
        """Rebuild the page with each segment replaced by ``translate(segment)``.

        :param width: ignored.
        :param lang: the target language, set as the ``<html>`` element's ``lang`` and ``dir``;
            None (the identity build) leaves the tag as it is.
        """
        page = _read(text)
        where = {id(block): kind for block, kind in zip(page.blocks, page.writers, strict=True)}

        def replacement(block: Block) -> str | None:
            new = translate(block.segment)
            if new is None or new == block.segment.text or not new.strip():
                return None  # gettext's empty msgstr means "not translated"
            return _escape_for(new, where[id(block)])

        pieces = list(page.blocks)
        if lang is not None and page.html_tag is not None:
            start, end = page.html_tag
            tag = Block(Segment(text[start:end], "html", 1), start, end)
            pieces.append(tag)
            rewritten = set_language(text[start:end], lang)

            def with_tag(block: Block) -> str | None:
                return rewritten if block is tag else replacement(block)

            return splice(text, pieces, with_tag)
        return splice(text, pieces, replacement)


def set_language(start_tag: str, lang: str) -> str:
    """An ``<html>`` start tag with ``lang`` and ``dir`` set for ``lang`` (``xml:lang`` too when it has one).

    >>> set_language('<html class="no-js" lang="en-US">', "ar")
    '<html class="no-js" lang="ar" dir="rtl">'
    >>> set_language("<HTML>", "es")
    '<HTML lang="es" dir="ltr">'
    """
    code = lang.replace("_", "-")
    values = {"lang": code, "dir": text_direction(lang)}
    spans = _attribute_spans(start_tag)
    names = {name for name, *_ in spans}
    if "xml:lang" in names:
        values["xml:lang"] = code
    out = []
    pos = 0
    for name, start, end in spans:
        if name in values:
            out.append(start_tag[pos:start])
            out.append(f'{name}="{values.pop(name)}"')
            pos = end
    rest = start_tag[pos:]
    close = len(rest) - 2 if rest.endswith("/>") else len(rest) - 1
    added = "".join(f' {name}="{value}"' for name, value in values.items())
    body = rest[:close].rstrip(_HTML_SPACES)
    out.append(body + added + rest[len(body):] if added else rest)
    return "".join(out)


def _attribute_spans(start_tag: str) -> list[tuple[str, int, int]]:
    """Each attribute of a start tag: its lower-case name and the span of ``name="value"``."""
    spans = []
    n = len(start_tag)
    pos = 1
    while pos < n and start_tag[pos] not in _HTML_SPACES + "/>":
        pos += 1  # the tag name
    while pos < n:
        while pos < n and start_tag[pos] in _HTML_SPACES + "/":
            pos += 1
        if pos >= n or start_tag[pos] == ">":
            break
        start = pos
        while pos < n and start_tag[pos] not in _HTML_SPACES + "/>=":
            pos += 1
        name = start_tag[start:pos].lower()
        look = pos
        while look < n and start_tag[look] in _HTML_SPACES:
            look += 1
        if look < n and start_tag[look] == "=":
            pos = look + 1
            while pos < n and start_tag[pos] in _HTML_SPACES:
                pos += 1
            if pos < n and start_tag[pos] in "\"'":
                quote = start_tag.find(start_tag[pos], pos + 1)
                pos = n - 1 if quote < 0 else quote + 1
            else:
                while pos < n and start_tag[pos] not in _HTML_SPACES + ">":
                    pos += 1
        spans.append((name, start, pos))
    return spans


def _escape_for(new: str, writer: str) -> str:
    if writer == "title":
        return new.replace("<", "&lt;")
    if writer in ('"', "'"):
        return new.replace(writer, "&quot;" if writer == '"' else "&#39;")
    if writer == "bare":
        return html.escape(new, quote=True)
    return new


# -- reading ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    blocks: tuple[Block, ...]
    writers: tuple[str, ...]  # how each block's translation is written: "text", "title", a quote, "bare"
    html_tag: tuple[int, int] | None  # the span of the <html> start tag


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    what: str  # "text", "space" (&nbsp;), "open", "close" or "void" (a tag such as <br>)
    tag: str
    line: int


@dataclass(slots=True)
class _Open:
    tag: str
    kind: str | None  # the segment kind of its own text, None when it has none (ul, table …)
    skipped: bool
    # the stretch of inline content being read: each text, tag and reference in it
    run: list[_Piece] = dataclasses.field(default_factory=list)
    number: int = dataclasses.field(default_factory=itertools.count().__next__)


@dataclass(slots=True)
class _Draft:
    segment: Segment
    start: int
    end: int
    writer: str = "text"
    group: int | None = None  # the list or table it is an item of (signatory lists)
    row: int = 0
    column: int = 0


# build reads each statement twice (the statement, then the aligned documents): one reading serves both.
@functools.lru_cache(maxsize=16)
def _read(text: str) -> _Page:
    reader = _Reader(text)
    reader.feed(text)
    reader.close()
    reader.finish()
    drafts = _mark_signatories(reader.drafts, reader.groups)
    blocks = [Block(draft.segment, draft.start, draft.end) for draft in drafts]
    return _Page(tuple(assign_contexts(blocks)), tuple(draft.writer for draft in drafts), reader.html_tag)


class _Reader(HTMLParser):
    """Walks the page with the standard library's tolerant parser, noting the spans of segments."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        # HTMLParser counts lines by "\n" alone, and columns from the last "\n".
        self.line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        self.stack: list[_Open] = [_Open("#document", None, skipped=False)]
        self.drafts: list[_Draft] = []
        self.groups: dict[int, tuple[str, str | None]] = {}  # id → ("list" | "table", the text before it)
        self.group_stack: list[tuple[int, str]] = []
        self.rows: dict[int, int] = {}
        self.columns: dict[int, int] = {}
        self.html_tag: tuple[int, int] | None = None
        self.title: _Open | None = None
        self.opaque = 0

    # offsets
    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    @property
    def skipping(self) -> bool:
        return self.stack[-1].skipped

    # events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        self._start(tag, attrs, start, end, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        raw = self.get_starttag_text() or ""
        self._start(tag, attrs, start, start + len(raw), void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], start: int, end: int, *, void: bool) -> None:
        if tag == "html" and self.html_tag is None:
            self.html_tag = (start, end)
        if self.opaque:
            if tag in _OPAQUE_INLINE and not void:
                self.opaque += 1
            return
        if tag == "meta" and not self.skipping_except_head():
            self._meta(attrs, start, end)
        if tag in _CLOSED_BY or tag == "p" or (tag in _BLOCKS and tag not in ("html", "body")):
            self._implied_close(tag)
        if tag in _BLOCKS or tag in _SKIPPED or tag == "title":
            self._close_run()
            if void:
                return
            role = dict(attrs).get("role") or ""
            skipped = self.skipping or tag in _SKIPPED or "navigation" in role.split()
            entry = _Open(tag, None if skipped else _SEGMENT_KINDS.get(tag), skipped=skipped)
            if tag == "title" and self._in_head_or_top():
                self.title = entry
                entry.kind = PAGE_TITLE
                entry.skipped = False
            self.stack.append(entry)
            self._start_group(tag, entry)
            return
        # inline
        self._extend(start, end, "void" if void else "open", tag)
        if tag in _OPAQUE_INLINE and not void:
            self.opaque = 1
        elif not void:
            self.stack.append(_Open(tag, None, skipped=self.skipping))

    def skipping_except_head(self) -> bool:
        return any(entry.skipped and entry.tag != "head" for entry in self.stack)

    def _in_head_or_top(self) -> bool:
        return all(entry.tag in ("#document", "html", "head") for entry in self.stack)

    def handle_endtag(self, tag: str) -> None:
        start = self._here()
        close = self.text.find(">", start)
        end = len(self.text) if close < 0 else close + 1
        if self.opaque:
            if tag in _OPAQUE_INLINE:
                self.opaque -= 1
                if not self.opaque:
                    self._extend(start, end, "close", tag)
            return
        depth = next((i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].tag == tag), None)
        if depth is None:
            if tag not in _BLOCKS and tag not in _SKIPPED:
                self._extend(start, end, "close", tag)  # a stray inline end tag: part of the text
            return
        if tag in _BLOCKS or tag in _SKIPPED or tag == "title":
            while len(self.stack) > depth:
                self._pop()
        else:
            # an inline element: inline elements above it close with it
            if any(entry.tag in _BLOCKS or entry.tag in _SKIPPED for entry in self.stack[depth + 1:]):
                return  # it belongs outside the blocks open above it: misnested, ignore
            self._extend(start, end, "close", tag)
            del self.stack[depth:]

    def handle_data(self, data: str) -> None:
        if self.opaque:
            return
        start = self._here()
        stripped = data.strip(_HTML_SPACES)
        if not stripped:
            return
        lead = len(data) - len(data.lstrip(_HTML_SPACES))
        self._extend(start + lead, start + lead + len(stripped), "text")

    def handle_entityref(self, name: str) -> None:
        self._reference(name, f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"#{name}", f"&#{name}")

    def _reference(self, name: str, written: str) -> None:
        if self.opaque:
            return
        start = self._here()
        end = start + len(written)
        if self.text.startswith(";", end):
            end += 1
        self._extend(start, end, "space" if name in _NBSP_ENTITIES else "text")

    def handle_comment(self, data: str) -> None:
        # A comment ends the stretch: it is no text, and a translation must not swallow it.
        self._close_run()

    # segments
    def _owner(self) -> _Open | None:
        for entry in reversed(self.stack):
            if entry.tag in _BLOCKS or entry.tag in _SKIPPED or entry.tag in ("title", "#document"):
                return entry
        return None

    def _extend(self, start: int, end: int, what: str, tag: str = "") -> None:
        owner = self._owner()
        if owner is None or owner.skipped or owner.kind is None:
            return
        owner.run.append(_Piece(start, end, what, tag, self.getpos()[0]))

    def _close_run(self) -> None:
        owner = self._owner()
        if owner is not None:
            self._flush(owner)

    def _flush(self, entry: _Open) -> None:
        pieces = _trim(entry.run)
        entry.run = []
        if not pieces or entry.kind is None or entry.skipped:
            return
        if entry.kind != PAGE_TITLE and self._signatory_lines(entry, pieces):
            return
        self._add(entry, pieces)

    def _signatory_lines(self, entry: _Open, pieces: list[_Piece]) -> bool:
        """Add a block of one signatory a line (``Signed,<br>Name<br>Name``) as a segment per line; whether it is one."""
        lines = [line for line in (_trim(part) for part in _split_at_breaks(pieces)) if line]
        if len(lines) < 2:
            return False
        texts = [_plain(self.text[line[0].start:line[-1].end]) for line in lines]
        lead = is_lead_in(texts[0])
        items = texts[1:] if lead else texts
        heading = texts[0] if lead else (_plain(self.drafts[-1].segment.text) if self.drafts else None)
        # one name after a title that happens to read as a lead-in ("Independent Signatories of<br>The
        # Manifesto …") is too little to go on: a block of names has two at least
        if len(items) < 2 or any(len(item) > _MAX_SHORT for item in items) \
                or not is_signatory_list(items, heading=heading):
            return False
        for number, line in enumerate(lines):
            self._add(entry, line, signatory=not (lead and number == 0))
        return True

    def _add(self, entry: _Open, pieces: list[_Piece], *, signatory: bool = False) -> None:
        assert entry.kind is not None
        start, end = pieces[0].start, pieces[-1].end
        raw = self.text[start:end]
        segment = Segment(_msgid(raw), entry.kind, pieces[0].line,
                          level=int(entry.tag[1]) if entry.tag in _HEADINGS else None)
        writer = "title" if entry.kind == PAGE_TITLE else "text"
        group = self.group_stack[-1][0] if self.group_stack and entry.tag in ("li", "td", "th") else None
        draft = _Draft(segment, start, end, writer, None if signatory else group)
        if group is not None:
            draft.row = self.rows.get(group, 0)
            draft.column = self.columns.get(group, 0)
        self.drafts.append(_as_signatory(draft) if signatory else draft)

    def _pop(self) -> None:
        entry = self.stack.pop()
        self._flush(entry)
        if self.group_stack and self.group_stack[-1][0] == entry.number:
            self.group_stack.pop()
        if entry.tag in ("td", "th") and self.group_stack:
            group = self.group_stack[-1][0]
            self.columns[group] = self.columns.get(group, 0) + 1

    def _implied_close(self, tag: str) -> None:
        closes = _CLOSED_BY.get(tag, frozenset())
        for index in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[index].tag
            if open_tag == "p" or open_tag in closes:
                while len(self.stack) > index:
                    self._pop()
                return
            if open_tag in _SCOPES or open_tag in _SEGMENT_KINDS or open_tag in ("tr", "li"):
                return

    def _start_group(self, tag: str, entry: _Open) -> None:
        if tag in ("ul", "ol", "table"):
            before = self.drafts[-1].segment.text if self.drafts else None
            self.groups[entry.number] = ("list" if tag != "table" else "table", before)
            self.group_stack.append((entry.number, tag))
        elif tag == "tr" and self.group_stack:
            group = self.group_stack[-1][0]
            self.rows[group] = self.rows.get(group, -1) + 1
            self.columns[group] = 0

    def _meta(self, attrs: list[tuple[str, str | None]], start: int, end: int) -> None:
        values = dict(attrs)
        if (values.get("name") or "").lower() != "description" or not values.get("content"):
            return
        spans = _attribute_spans(self.text[start:end])
        for name, attr_start, attr_end in spans:
            if name != "content":
                continue
            written = self.text[start + attr_start:start + attr_end]
            equals = written.find("=")
            value_start = equals + 1
            while written[value_start] in _HTML_SPACES:
                value_start += 1
            quote = written[value_start] if written[value_start] in "\"'" else ""
            value_end = len(written) - (1 if quote and written.endswith(quote) and len(written) > value_start + 1
                                        else 0)
            value_start += bool(quote)
            raw = written[value_start:value_end]
            lead = len(raw) - len(raw.lstrip(_HTML_SPACES))
            raw = raw.strip(_HTML_SPACES)
            if raw:
                begin = start + attr_start + value_start + lead
                segment = Segment(_msgid(raw), PAGE_DESCRIPTION, self.getpos()[0])
                self.drafts.append(_Draft(segment, begin, begin + len(raw), quote or "bare"))

    def finish(self) -> None:
        while len(self.stack) > 1:
            self._pop()
        self._flush(self.stack[0])


def _trim(run: list[_Piece]) -> list[_Piece]:
    """The pieces of a stretch less the markup around its text, or none when it holds no text.

    Line breaks, images and end tags before the text, start tags and line
    breaks after it, empty pairs (``<font></font>``) at either end and a pair
    of tags around all of it (``<font size="+2">…</font>``) stay in the page,
    out of the msgid: a translator has nothing to do with them.
    """
    if not any(piece.what == "text" for piece in run):
        return []
    first, stop = 0, len(run)
    while True:
        before = (first, stop)
        while run[first].what in ("void", "close", "space"):
            first += 1
        while run[stop - 1].what in ("void", "open", "space"):
            stop -= 1
        if run[first].what == "open" and first + 1 < stop and run[first + 1].what == "close" \
                and run[first + 1].tag == run[first].tag:
            first += 2  # an empty pair before the text
        elif run[stop - 1].what == "close" and stop - 2 > first and run[stop - 2].what == "open" \
                and run[stop - 2].tag == run[stop - 1].tag:
            stop -= 2  # an empty pair after it
        elif run[first].what == "open" and run[stop - 1].what == "close" and run[first].tag == run[stop - 1].tag \
                and _closes(run, first, stop - 1):
            first += 1
            stop -= 1
        if (first, stop) == before:
            return run[first:stop]


def _closes(run: list[_Piece], opening: int, closing: int) -> bool:
    """Whether ``run[closing]`` is the end tag of ``run[opening]`` (not of a later tag of the same name)."""
    depth = 0
    tag = run[opening].tag
    for index in range(opening, closing + 1):
        piece = run[index]
        if piece.tag == tag and piece.what == "open":
            depth += 1
        elif piece.tag == tag and piece.what == "close":
            depth -= 1
            if depth == 0:
                return index == closing
    return False


def _split_at_breaks(pieces: list[_Piece]) -> list[list[_Piece]]:
    """The lines of a stretch: split at each ``<br>`` outside inline elements (inside one, a line is no item)."""
    lines: list[list[_Piece]] = [[]]
    depth = 0
    for piece in pieces:
        if piece.what == "void" and piece.tag == "br" and depth == 0:
            lines.append([])
            continue
        depth += {"open": 1, "close": -1}.get(piece.what, 0)
        depth = max(depth, 0)
        lines[-1].append(piece)
    return lines


def _msgid(raw: str) -> str:
    r"""The msgid of a stretch of HTML: white space holding a line break is one space.

    >>> _msgid("Free\n    <em>Palestine</em>  now")
    'Free <em>Palestine</em>  now'
    """
    return _SPACE_RUN.sub(lambda m: " " if "\n" in m.group() or "\r" in m.group() else m.group(), raw)


def _plain(msgid: str) -> str:
    """The text of a msgid without its tags, references read: what the signatory rules judge."""
    return html.unescape(_TAG.sub("", msgid)).strip()


def _mark_signatories(drafts: list[_Draft], groups: dict[int, tuple[str, str | None]]) -> list[_Draft]:
    by_group: dict[int, list[int]] = {}
    for index, draft in enumerate(drafts):
        if draft.group is not None:
            by_group.setdefault(draft.group, []).append(index)
    out = list(drafts)
    _mark_paragraph_runs(out)
    for group, indexes in by_group.items():
        shape, before = groups[group]
        heading = _plain(before) if before else None
        if shape == "list":
            items = [_plain(drafts[i].segment.text) for i in indexes if drafts[i].segment.kind == LIST_ITEM]
            if items and is_signatory_list(items, heading=heading):
                for i in indexes:
                    out[i] = _as_signatory(out[i])
            continue
        first_row = min(drafts[i].row for i in indexes)
        header = [drafts[i] for i in indexes if drafts[i].row == first_row]
        fields = table_fields([_plain(draft.segment.text) for draft in header])
        if fields is None:
            continue
        columns = {draft.column: number for number, draft in enumerate(header)}
        for i in indexes:
            column = columns.get(drafts[i].column)
            if drafts[i].row != first_row and column is not None and column < len(fields) \
                    and fields[column] in _SIGNATORY_COLUMNS:
                out[i] = _as_signatory(out[i])
    return out


def _mark_paragraph_runs(drafts: list[_Draft]) -> None:
    """Short paragraphs in a row, one signatory each (after a lead-in, or by their shape), become signatories."""
    index = 0
    while index < len(drafts):
        stop = index
        while stop < len(drafts) and _short_paragraph(drafts[stop]):
            stop += 1
        if stop == index:
            index += 1
            continue
        run = list(range(index, stop))
        heading = _plain(drafts[index - 1].segment.text) if index else None
        texts = [_plain(drafts[i].segment.text) for i in run]
        if is_lead_in(texts[0]):
            heading, run, texts = texts[0], run[1:], texts[1:]
        # the stretches of items that read as signatories one by one; prose around them is left out
        position = 0
        while position < len(run):
            head = heading if position == 0 else None
            end = position
            after_lead_in = head is not None and is_lead_in(head)
            while end < len(run) and (is_signatory_item(texts[end])
                                      or (after_lead_in and is_signatory_list([texts[end]], heading=head))):
                end += 1
            if end > position and is_signatory_list(texts[position:end], heading=head):
                for i in run[position:end]:
                    drafts[i] = _as_signatory(drafts[i])
            position = max(end, position + 1)
        index = stop


def _short_paragraph(draft: _Draft) -> bool:
    segment = draft.segment
    return (segment.kind == PARAGRAPH and draft.group is None and not segment.is_signatory
            and len(_plain(segment.text)) <= _MAX_SHORT and "<br" not in segment.text.lower())


def _as_signatory(draft: _Draft) -> _Draft:
    segment = dataclasses.replace(draft.segment, kind=SIGNATORY, flags=(SIGNATORY_FLAG,), notes=(SIGNATORY_NOTE,))
    return dataclasses.replace(draft, segment=segment)


__all__ = ["PAGE_DESCRIPTION", "PAGE_TITLE", "HtmlFormat", "set_language"]
