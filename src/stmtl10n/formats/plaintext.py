"""Plain-text statements: reflow hard-wrapped paragraphs and list items into segments, and write translations back."""

from __future__ import annotations

import itertools
import re
import textwrap
from dataclasses import dataclass, field
from statistics import median

from stmtl10n.formats.base import Block, Translate, assign_contexts, splice
from stmtl10n.formats.signatories import is_signatory_list
from stmtl10n.model import HEADING, LIST_ITEM, PARAGRAPH, SIGNATORY, SIGNATORY_FLAG, SIGNATORY_NOTE, Segment

# "1." / "12)" / "-" / "*" / "•", possibly indented.  A number may be followed
# directly by a comma ("32., Chile" is a real form export), a bullet needs a space
# so "-5 degrees" and "*emphasis*" stay text.  Three digits at most: "2024. The year"
# starts a sentence, not item 2024.
_MARKER = re.compile(r"\A\s*(?:(?P<number>\d{1,3})[.)](?=\s|[,;]|$)|(?P<bullet>[-*•])(?=\s))\s*")
_MARKER_START = frozenset("0123456789-*•")

# Sentence-final punctuation, possibly followed by closing quotes or brackets.
_FINAL_PUNCTUATION = frozenset(".!?:;…")
_CLOSING = "\"'”’»)]"
_MAX_HEADING = 150

# A line at least this share of the wrap width was broken by the wrapper, not by the author.
_FULL_SHARE = 0.75
# A line this much longer than the wrap width was never wrapped: an unwrapped paragraph.
_OVERLONG_SHARE = 1.5
# Fewer mid-sentence line breaks than this is no evidence of hard wrapping.
_MIN_WRAP_SAMPLES = 3

# Starts only where a run of spaces starts, so a long run without a line break is scanned once.
_LINE_BREAKS = re.compile(r"(?<![^\S\r\n])[^\S\r\n]*[\r\n]\s*")


@dataclass(slots=True)  # not frozen: it is built once per line, and frozen __init__ is slow
class _Line:
    text_start: int  # first non-blank character (after the list marker, for list items)
    text_end: int  # after the last non-blank character; text_start == text_end for blank lines
    length: int  # length of the stripped line, marker included: what the wrapper measured
    number: int | None = None  # list item number
    bullet: str | None = None  # list item bullet
    final: bool = False  # ends with sentence-final punctuation
    lower: bool = False  # starts with a lowercase letter

    @property
    def blank(self) -> bool:
        return self.length == 0

    @property
    def is_item(self) -> bool:
        return self.number is not None or self.bullet is not None


@dataclass(slots=True)
class _Draft:
    kind: str
    first: int  # index of the first line
    last: int  # index of the last line
    parts: list[str] = field(default_factory=list)
    start: int = -1  # offset where the text starts (-1 while an item has no text yet)
    end: int = -1
    number: int | None = None
    bullet: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def add(self, line: _Line, content: str) -> None:
        if not self.parts:
            self.start = line.text_start
        self.parts.append(content)
        self.end = line.text_end


class PlainTextFormat:
    """Statements as plain text, including hard-wrapped PDF extracts.

    **Paragraphs.**  Blank (or whitespace-only) lines separate paragraphs.
    Within a run of non-blank lines, a line break is either a *wrap* (the
    lines are joined with one space) or a *paragraph end*.  The wrap width
    ``W`` is the median length of the lines that break mid-sentence (no
    sentence-final punctuation, next line not a list item); with fewer than
    three such lines the statement is not hard-wrapped and ``W`` is unknown.
    A line of at least 75 % of ``W`` (and at most 150 %) is *full* and always
    wraps.  Any other line ends the paragraph, unless it lacks sentence-final
    punctuation (``. ! ? : ; …``, optionally followed by closing quotes or
    brackets) and the next line starts with a lowercase letter: then it wraps
    too.  So "...Gaza Strip." (48 of ~115 columns) followed by "The Zionists
    want..." starts a new paragraph, while "...every day." at 97 columns
    continues, and closing slogans ("Free Palestine!") are segments of their own.

    **Page breaks.**  PDF extracts leave blank lines inside a sentence.  A
    paragraph (or list item) that does not end with sentence-final punctuation
    is joined with the next paragraph across blank lines when that one starts
    with a lowercase letter; the segment's span covers the blank lines.

    **Lists.**  A line starting with ``1.``, ``1)``, ``-``, ``*`` or ``•``
    (possibly indented) starts a list item; following lines without a marker
    continue it under the same rules as paragraph lines.  The marker and the
    indentation stay outside the msgid.  Consecutive items form one list until
    the marker style changes or the numbering starts again; a list that
    :func:`~stmtl10n.formats.signatories.is_signatory_list` accepts (given the
    line before it as heading) has kind ``signatory``.

    **Heading.**  The first block is a heading when it is one source line of at
    most 150 characters, does not end with sentence-final punctuation or a
    comma, and is followed by a blank line and more text.  Only the first
    block: later short lines without a period are dates ("September 2024") and
    signatures, not titles.  A first "Free Palestine!" stays a paragraph, so
    that a translated first paragraph, written as one line, does not turn
    into a heading when the output is read again.

    **Render.**  A segment whose translation is None, empty or its own text
    keeps its source bytes, so the identity round trip is exact.  A translation
    replaces the span from the first to the last character of the segment's
    text, as one line, or wrapped at ``width`` columns with list items hanging
    under their text; the source's first line ending is used between lines.
    """

    name = "text"
    extensions = (".txt",)

    def extract(self, text: str, *, path: str) -> list[Segment]:
        """Segment a plain-text statement into paragraphs, list items, signatories and a heading."""
        return [block.segment for block in _read_blocks(text)]

    def blocks(self, text: str, *, path: str) -> list[Block]:
        """The segments of :meth:`extract` with the span of the statement each was read from."""
        return _read_blocks(text)

    def render(self, text: str, translate: Translate, *, path: str, width: int | None = None) -> str:
        """Rebuild the statement with each segment replaced by ``translate(segment)``.

        :param width: wrap translated segments at this many columns; None writes
            each one on a single line.
        """
        eol = _first_line_ending(text)

        def replacement(block: Block) -> str | None:
            new = translate(block.segment)
            if new is None or new == block.segment.text:
                return None
            # Line breaks in a msgstr can only be wrapping; a blank line in it
            # would split the segment in two when the output is read again.
            new = _LINE_BREAKS.sub(" ", new).strip()
            if not new:  # gettext's empty msgstr means "not translated"
                return None
            if width is None:
                return new
            return _wrap(new, text, block, width, eol)

        return splice(text, _read_blocks(text), replacement)


def _read_blocks(text: str) -> list[Block]:
    lines = _scan(text)
    drafts = _join_page_breaks(_split_paragraphs(text, lines, _wrap_width(lines)), lines)
    _mark_heading(drafts, lines)
    _mark_signatories(drafts)
    blocks = []
    for draft in drafts:
        signatory = draft.kind == SIGNATORY
        segment = Segment(
            text=draft.text,
            kind=draft.kind,
            line=draft.first + 1,
            flags=(SIGNATORY_FLAG,) if signatory else (),
            notes=(SIGNATORY_NOTE,) if signatory else (),
            level=1 if draft.kind == HEADING else None,
            marker=_marker(text, lines[draft.first]) if draft.number is not None or draft.bullet else None,
        )
        blocks.append(Block(segment, draft.start, draft.end))
    return assign_contexts(blocks)


def _marker(text: str, line: _Line) -> str:
    """A list item's marker as written ("1.", "-"): what stands between the line's start and its text."""
    line_start = text.rfind("\n", 0, line.text_start) + 1
    return text[line_start:line.text_start].strip()


def _scan(text: str) -> list[_Line]:
    # Split on "\n" only: str.splitlines() also breaks on U+2028, U+0085 and
    # \x1c-\x1e, which are content in a statement.
    lines = []
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            lines.append(_Line(start, start, 0))
            continue
        # Everything before the first occurrence of the first non-blank character is blank.
        text_start = start + raw.find(stripped[0])
        text_end = text_start + len(stripped)
        final = stripped.rstrip(_CLOSING)[-1:] in _FINAL_PUNCTUATION
        number = bullet = None
        match = _MARKER.match(raw) if stripped[0] in _MARKER_START else None
        if match is not None:
            text_start = min(start + match.end(), text_end)
            bullet = match.group("bullet")
            number = int(match.group("number")) if bullet is None else None
        first = text[text_start] if text_start < text_end else ""
        lines.append(_Line(text_start, text_end, len(stripped), number, bullet, final, first.islower()))
    return lines


def _wrap_width(lines: list[_Line]) -> float | None:
    """The typical length of a wrapped line, or None for a statement that is not hard-wrapped."""
    samples = [
        line.length
        for line, after in itertools.pairwise(lines)
        if not line.blank and not line.final and not after.blank and not after.is_item
    ]
    return median(samples) if len(samples) >= _MIN_WRAP_SAMPLES else None


def _split_paragraphs(text: str, lines: list[_Line], width: float | None) -> list[_Draft]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    previous: _Line | None = None
    for index, line in enumerate(lines):
        if line.blank:
            current = previous = None
            continue
        content = text[line.text_start:line.text_end]
        if line.is_item:
            current = _Draft(LIST_ITEM, index, index, number=line.number, bullet=line.bullet)
            drafts.append(current)
        elif current is None or (current.parts and previous is not None and _ends_paragraph(previous, line, width)):
            current = _Draft(PARAGRAPH, index, index)
            drafts.append(current)
        if content:
            current.add(line, content)
        current.last = index
        previous = line
    # "12." alone on a line, with nothing after it, has nothing to translate.
    return [draft for draft in drafts if draft.parts]


def _ends_paragraph(line: _Line, following: _Line, width: float | None) -> bool:
    if width is not None and _FULL_SHARE * width <= line.length <= _OVERLONG_SHARE * width:
        return False
    return line.final or not following.lower


def _join_page_breaks(drafts: list[_Draft], lines: list[_Line]) -> list[_Draft]:
    joined: list[_Draft] = []
    for draft in drafts:
        before = joined[-1] if joined else None
        if (
            before is not None
            and draft.kind == PARAGRAPH
            and before.kind in (PARAGRAPH, LIST_ITEM)
            and not lines[before.last].final
            and lines[draft.first].lower
        ):
            before.parts.extend(draft.parts)
            before.last = draft.last
            before.end = draft.end
            continue
        joined.append(draft)
    return joined


def _mark_heading(drafts: list[_Draft], lines: list[_Line]) -> None:
    if len(drafts) < 2:
        return
    first = drafts[0]
    text = first.text
    if (
        first.kind == PARAGRAPH
        and first.first == first.last
        and len(text) <= _MAX_HEADING
        and not lines[first.first].final
        and not text.endswith(",")
        and lines[first.last + 1].blank
    ):
        first.kind = HEADING


def _mark_signatories(drafts: list[_Draft]) -> None:
    run: list[_Draft] = []
    heading: str | None = None
    for index, draft in enumerate([*drafts, None]):
        if run and (draft is None or not _continues_list(run[-1], draft)):
            if is_signatory_list([item.text for item in run], heading=heading):
                for item in run:
                    item.kind = SIGNATORY
            run = []
        if draft is not None and draft.kind == LIST_ITEM:
            if not run:
                before = drafts[index - 1] if index else None
                heading = before.text if before is not None and before.kind != LIST_ITEM else None
            run.append(draft)


def _continues_list(last: _Draft, draft: _Draft | None) -> bool:
    if draft is None or draft.kind != LIST_ITEM or draft.bullet != last.bullet:
        return False
    if draft.number is not None and last.number is not None:
        return draft.number > last.number  # numbering starts again: a new list
    return True


def _first_line_ending(text: str) -> str:
    index = text.find("\n")
    return "\r\n" if index > 0 and text[index - 1] == "\r" else "\n"


def _wrap(new: str, text: str, block: Block, width: int, eol: str) -> str:
    line_start = text.rfind("\n", 0, block.start) + 1
    prefix = text[line_start:block.start]
    if block.segment.kind in (LIST_ITEM, SIGNATORY):
        indent = re.sub(r"\S", " ", prefix)  # hang under the item's text, tabs kept
    else:
        indent = prefix[: len(prefix) - len(prefix.lstrip())]
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=" " * len(prefix),
        subsequent_indent=indent,
        expand_tabs=False,
        break_long_words=False,
        break_on_hyphens=False,
    )
    wrapped = wrapper.wrap(new)
    if not wrapped:
        return new
    wrapped[0] = wrapped[0][len(prefix):]
    return eol.join(wrapped)
