"""Plain-text statements: reflow hard-wrapped paragraphs and list items into segments, and write translations back."""

from __future__ import annotations

import bisect
import itertools
import re
import textwrap
from dataclasses import dataclass, field
from statistics import median

from stmtl10n.formats.base import Block, Translate, assign_contexts, splice
from stmtl10n.formats.hyphenation import (
    LINE_END_HYPHENS,
    SOFT_HYPHEN,
    DocumentWords,
    WordList,
    choose_word_list,
    join_at_hyphen,
)
from stmtl10n.formats.signatories import is_lead_in, is_signatory_item, is_signatory_list, run_on_items
from stmtl10n.model import HEADING, LIST_ITEM, PARAGRAPH, SIGNATORY, SIGNATORY_FLAG, SIGNATORY_NOTE, Segment
from stmtl10n.patterns import EMAIL_RE, URL_RE

# "1." / "12)" / "-" / "*" / "•", possibly indented.  A number may be followed
# directly by a comma ("32., Chile" is a real form export), a bullet needs a space
# so "-5 degrees" and "*emphasis*" stay text.  A number of four digits or more is
# an item only beside other numbered lines (see _MIN_YEAR_DIGITS).
# "1ـ" (a tatweel) and "1-" before a space number Arabic lists.
_MARKER = re.compile(r"\A\s*(?:(?P<number>\d{1,7})(?:[.)](?=\s|[,;]|$)|[ـ-](?=\s))|(?P<bullet>[-*•])(?=\s))\s*")
_BULLETS = frozenset("-*•")
# "2024. The year" starts a sentence, not item 2024, unless the lines around
# it are numbered too ("1503. Name – University" in a list of 1,600 names).
_MIN_YEAR_DIGITS = 4

# "a)", "(b)", "(iv)", "ii)": the items of a legal text's enumeration.  They stay in
# their paragraph's text (they are no list markers), but each starts a paragraph.
_ENUMERATOR = re.compile(r"\A\s*\(?(?:[A-Za-z]|[ivxIVX]{1,5})\)(?=\s)")

# Sentence-final punctuation, possibly followed by closing quotes or brackets.
_FINAL_PUNCTUATION = frozenset(".!?:;…")
_CLOSING = "\"'”’»)]"
_MAX_HEADING = 150
_MAX_LIST_LINE = 160  # a longer line is prose, whatever its commas

# A line at least this share of the wrap width was broken by the wrapper, not by the author.
_FULL_SHARE = 0.75
# A line this much longer than the wrap width was never wrapped: an unwrapped paragraph.
_OVERLONG_SHARE = 1.5
# Fewer mid-sentence line breaks than this is no evidence of hard wrapping.
_MIN_WRAP_SAMPLES = 3
_MIN_LIST_ITEMS = 3

# Starts only where a run of spaces starts, so a long run without a line break is scanned once.
_LINE_BREAKS = re.compile(r"(?<![^\S\r\n])[^\S\r\n]*[\r\n]\s*")
# Justified text pads words with spaces; a tab inside a line is spacing too.
_SPACING = re.compile(r"[ \t]{2,}|\t")

# Where a URL broken at a line end goes on: after these it cannot have ended.
_URL_OPEN_END = frozenset("-_/=&?%#~.")
# A next line starting with these continues the URL whatever the URL ended with.
_URL_CONTINUATION_START = frozenset("/-_.?&=#%~")


@dataclass(slots=True)  # not frozen: it is built once per line, and frozen __init__ is slow
class _Line:
    text_start: int  # first non-blank character (after the list marker, for list items)
    text_end: int  # after the last non-blank character; text_start == text_end for blank lines
    length: int  # length of the stripped line, marker included: what the wrapper measured
    number: int | None = None  # list item number
    bullet: str | None = None  # list item bullet
    final: bool = False  # ends with sentence-final punctuation
    lower: bool = False  # starts with a lowercase letter
    content_start: int = 0  # first non-blank character, marker or not
    digits: int = 0  # how many digits the list number has
    enumerator: bool = False  # starts with "a)", "(ii)"
    listed: bool = False  # one item of a one-per-line signatory list
    continued: bool = False  # a listed line whose item goes on on the next line
    hyphenated: bool = False  # ends with a word and a hyphen ("im-", "Anti-", "1948-"): it goes on

    @property
    def blank(self) -> bool:
        return self.length == 0

    @property
    def is_item(self) -> bool:
        return self.number is not None or self.bullet is not None


@dataclass(slots=True)
class _Draft:
    """A segment being built: the source spans its text is copied from, and what goes between them."""

    kind: str
    first: int  # index of the first line
    last: int  # index of the last line
    number: int | None = None
    bullet: str | None = None
    # (start, end) of source text copied verbatim into the msgid, and the text
    # written before each ("" before the first, " " for a wrap or a run of
    # spaces, "" inside a word or URL broken at the line end).
    pieces: list[tuple[int, int]] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    # The run of spaces each join stands for, when it is one (None for a wrap):
    # a signatory keeps its spacing as written ("Name      role" is two columns).
    spacings: list[tuple[int, int] | None] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def text(self, source: str, *, as_written: bool = False) -> str:
        """The msgid; ``as_written`` keeps runs of spaces inside a line as they are."""
        if as_written:
            joins = [join if spacing is None else source[spacing[0]:spacing[1]] for join, spacing in zip(
                self.joins, self.spacings, strict=True)]
        else:
            joins = self.joins
        return "".join(join + source[start:end] for join, (start, end) in zip(joins, self.pieces, strict=True))

    def add(self, source: str, line: _Line, join: str) -> None:
        """Append the line's text, written after ``join`` (ignored for the first line)."""
        start = line.text_start
        run: tuple[int, int] | None = None
        for spacing in _SPACING.finditer(source, line.text_start, line.text_end):
            self._append(start, spacing.start(), join, run)
            start, join, run = spacing.end(), " ", spacing.span()
        self._append(start, line.text_end, join, run)

    def drop_last_character(self) -> None:
        """Leave the hyphen of a word broken at the line end out of the msgid."""
        start, end = self.pieces[-1]
        self.pieces[-1] = (start, end - 1)

    def _append(self, start: int, end: int, join: str, spacing: tuple[int, int] | None) -> None:
        if start < end:
            self.joins.append(join if self.pieces else "")
            self.spacings.append(spacing if self.pieces else None)
            self.pieces.append((start, end))


class PlainTextFormat:
    """Statements as plain text, including hard-wrapped PDF extracts.

    **Lists first.**  Before any line is joined to another, one-per-line
    signatory lists are found, so no reflow rule merges them: a run of three
    or more consecutive unmarked lines (at most 160 characters each) that
    :func:`~stmtl10n.formats.signatories.is_signatory_list` accepts, with the
    line before the run (or a lead-in line such as "Signatories:" at its top,
    :func:`~stmtl10n.formats.signatories.is_lead_in`) as heading, gives one
    ``signatory`` segment per line.  Lines at the ends of the run that close
    a letter or end a sentence ("Sincerely,", "Free Palestine!") are not part
    of it.  The ``;`` or ``,`` that separates the items ("Dominique A,
    musicien ;") stays outside the msgid, and where most items end with one,
    a line without it goes on on the next line ("président de" /
    "l’Association…").  A signatory's msgid keeps its spacing as written
    ("Name      role" is two columns).  Blank-line-separated one-line
    paragraphs that together are a signatory list are ``signatory`` segments
    too.  A paragraph that is a run-on list of signatories separated by ``;``
    (:func:`~stmtl10n.formats.signatories.run_on_items`) gives one segment
    per signatory, each with its own span, and its lead-in ("Liste complète
    des signataires :") one paragraph segment.

    **Paragraphs.**  Blank (or whitespace-only) lines separate paragraphs.
    Within a run of non-blank lines, a line break is either a *wrap* (the
    lines are joined) or a *paragraph end*.  The wrap width ``W`` is the
    median length of the lines that break mid-sentence (no sentence-final
    punctuation, next line not a list item, line in no signatory list); with
    fewer than three such lines the statement is not hard-wrapped and ``W``
    is unknown.  A line of at least 75 % of ``W`` (and at most 150 %) is
    *full* and always wraps, whatever the next line starts with (a capital, a
    bracket, a quote).  Any other line ends the paragraph, unless it lacks
    sentence-final punctuation (``. ! ? : ; …``, optionally followed by
    closing quotes or brackets) and the next line starts with a lowercase
    letter: then it wraps too.  So "...Gaza Strip." (48 of ~115 columns)
    followed by "The Zionists want..." starts a new paragraph, while "...every
    day." at 97 columns continues, and closing slogans ("Free Palestine!")
    are segments of their own.  A line starting with ``a)``, ``(b)``, ``i)``
    or ``(iv)`` always starts a paragraph (the enumerator stays in its text).

    **Joining lines.**  Wrapped lines are joined with one space, and inside
    a line each run of spaces or tabs (justified text) is one space in the
    msgid.  A word broken at the line end with a hyphen is joined without
    one (``im-`` / ``punity`` is "impunity") unless it is a compound
    (``densely-`` / ``populated`` stays "densely-populated"), as
    :mod:`stmtl10n.formats.hyphenation` decides from the statement's own
    words and a word list of its language; a soft hyphen always goes.  A URL
    or an e-mail address broken at the line end
    (:data:`~stmtl10n.patterns.URL_RE`) is joined without a space.

    **Page breaks.**  PDF extracts leave blank lines inside a sentence.  A
    paragraph (or list item) that does not end with sentence-final punctuation
    is joined with the next paragraph across blank lines when that one starts
    with a lowercase letter (and with no enumerator); the segment's span
    covers the blank lines.

    **Lists.**  A line starting with ``1.``, ``1)``, ``-``, ``*`` or ``•``
    (possibly indented) starts a list item; following lines without a marker
    continue it under the same rules as paragraph lines.  The marker and the
    indentation stay outside the msgid.  A number of four digits or more
    (``1504.``) is a marker only when the line before or after it is numbered
    too, so "2024. The year" alone is prose.  In a hard-wrapped statement a
    number at the start of a line after a full line that ends no sentence
    ("... in paragraph" / "7. of the resolution") continues the sentence,
    unless it is 1 or the next number of the list around it.  Consecutive
    items form one list until the marker style changes or the numbering
    starts again (at 1, or at or below the first number of an ascending
    list); gaps and counting down ("and counting" lists, 1504, 1503, ...)
    keep one list.  A list that ``is_signatory_list`` accepts (given the
    paragraph before it as heading) has kind ``signatory``.

    **Heading.**  The first block is a heading when it is one source line of at
    most 150 characters, does not end with sentence-final punctuation or a
    comma, and is followed by a blank line and more text.  Only the first
    block: later short lines without a period are dates ("September 2024") and
    signatures, not titles.  A first "Free Palestine!" stays a paragraph, so
    that a translated first paragraph, written as one line, does not turn
    into a heading when the output is read again.

    **Render.**  A segment whose translation is None, empty or its own text
    keeps its source bytes, so the identity round trip is exact even where
    the msgid differs from the source (a joined hyphenation, one space for
    many).  A translation replaces the span from the first to the last
    character of the segment's text, as one line, or wrapped at ``width``
    columns with list items hanging under their text; the source's first line
    ending is used between lines.  Each signatory of a one-per-line list has
    its own span, so a translated list keeps one signatory per line.
    """

    name = "text"
    extensions = (".txt",)

    def extract(self, text: str, *, path: str) -> list[Segment]:
        """Segment a plain-text statement into paragraphs, list items, signatories and a heading."""
        return [block.segment for block in _read_blocks(text)]

    def blocks(self, text: str, *, path: str) -> list[Block]:
        """The segments of :meth:`extract` with the span of the statement each was read from."""
        return _read_blocks(text)

    def render(self, text: str, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> str:
        """Rebuild the statement with each segment replaced by ``translate(segment)``.

        :param width: wrap translated segments at this many columns; None writes
            each one on a single line.
        :param lang: ignored; plain text has no place for a language or direction.
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
    _accept_long_numbers(text, lines)
    _mark_listed_lines(text, lines)
    width = _wrap_width(lines)
    _demote_wrapped_numbers(lines, width)
    joiner = _Joiner(text, lines)
    drafts = _join_page_breaks(_split_paragraphs(text, lines, width, joiner), lines, joiner)
    _mark_heading(drafts, text, lines)
    _mark_signatories(drafts, text)
    _mark_signatory_paragraphs(drafts, text)
    blocks = []
    for draft in drafts:
        line_number, counted = draft.first + 1, draft.start
        for kind, segment_text, start, end in _split_run_on(draft, text):
            line_number += text.count("\n", counted, start)  # the items of a run-on list start on lines of their own
            counted = start
            signatory = kind == SIGNATORY
            marked = start == draft.start and (draft.number is not None or draft.bullet is not None)
            segment = Segment(
                text=segment_text,
                kind=kind,
                line=line_number,
                flags=(SIGNATORY_FLAG,) if signatory else (),
                notes=(SIGNATORY_NOTE,) if signatory else (),
                level=1 if kind == HEADING else None,
                marker=_marker(text, lines[draft.first]) if marked else None,
            )
            blocks.append(Block(segment, start, end))
    return assign_contexts(blocks)


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _marker(text: str, line: _Line) -> str:
    """A list item's marker as written ("1.", "-"): what stands between the line's start and its text."""
    return text[_line_start(text, line.text_start):line.text_start].strip()


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
            lines.append(_Line(start, start, 0, content_start=start))
            continue
        # Everything before the first occurrence of the first non-blank character is blank.
        content_start = start + raw.find(stripped[0])
        text_start = content_start
        text_end = text_start + len(stripped)
        final = stripped.rstrip(_CLOSING)[-1:] in _FINAL_PUNCTUATION
        number = bullet = None
        digits = 0
        match = _MARKER.match(raw) if stripped[0] in _BULLETS or stripped[0].isdigit() else None
        if match is not None:
            text_start = min(start + match.end(), text_end)
            bullet = match.group("bullet")
            if bullet is None:
                digits = len(match.group("number"))
                number = int(match.group("number"))
        enumerator = stripped[0] in "(abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" and bool(
            _ENUMERATOR.match(raw)
        )
        first = text[text_start] if text_start < text_end else ""
        hyphenated = len(stripped) > 1 and stripped[-1] in LINE_END_HYPHENS and stripped[-2].isalnum()
        lines.append(
            _Line(
                text_start, text_end, len(stripped), number, bullet, final, first.islower(),
                content_start, digits, enumerator, hyphenated=hyphenated,
            )
        )
    return lines


def _demote(line: _Line, text: str) -> None:
    """Read a numbered line as text: its number is the sentence's, not a list's."""
    line.number = None
    line.digits = 0
    line.text_start = line.content_start
    line.lower = text[line.text_start:line.text_start + 1].islower()


def _accept_long_numbers(text: str, lines: list[_Line]) -> None:
    """Read "2024." as text unless the line before or after it is numbered too (a long list)."""
    nonblank = [line for line in lines if not line.blank]
    alone = [
        line
        for index, line in enumerate(nonblank)
        if line.number is not None
        and line.digits >= _MIN_YEAR_DIGITS
        and not any(
            0 <= other < len(nonblank) and nonblank[other].number is not None for other in (index - 1, index + 1)
        )
    ]
    for line in alone:  # only once every neighbour's number has been read
        _demote(line, text)


def _mark_listed_lines(text: str, lines: list[_Line]) -> None:
    """Find the one-per-line signatory lists, before any line is joined to another."""
    heading: str | None = None
    for blank, group_iter in itertools.groupby(lines, key=lambda line: line.blank):
        if blank:
            continue
        group = list(group_iter)
        # Marked items never merge with each other: their lists are judged once read (_mark_signatories).
        if len(group) >= _MIN_LIST_ITEMS and not any(line.is_item for line in group):
            _mark_listed_group(text, group, heading)
        last = group[-1]
        heading = text[last.content_start:last.text_end]


def _mark_listed_group(text: str, group: list[_Line], heading: str | None) -> None:
    items = [text[line.text_start:line.text_end] for line in group]
    candidates: list[tuple[int, str | None]]  # where the list may start, and its heading
    if any(len(item) > _MAX_LIST_LINE for item in items):
        # A prose paragraph's lines are not all that short; look only past a lead-in.
        lead = next((i for i, item in enumerate(items[:-1]) if len(item) <= _MAX_LIST_LINE and is_lead_in(item)), None)
        if lead is None:
            return
        candidates = [(lead + 1, items[lead])]
    else:
        candidates = [(0, heading), (1, items[0])]
        lead = next((i for i, item in enumerate(items[:-1]) if is_lead_in(item)), None)
        if lead is not None and lead > 0:
            candidates.append((lead + 1, items[lead]))
    for first, lead_in in candidates:
        start, end = _trim_list(items, first, len(items))
        if end - start >= _MIN_LIST_ITEMS and is_signatory_list(items[start:end], heading=lead_in):
            _mark_list_lines(items[start:end], group[start:end])
            return


def _mark_list_lines(items: list[str], group: list[_Line]) -> None:
    # Where items end with ";" (or ","), a line without one was broken inside its item
    # ("Mourad Allal, président de" / "l’Association…"): it goes on on the next line.
    separator = next((char for char in ";," if 2 * sum(item.endswith(char) for item in items) > len(items)), None)
    for item, line in zip(items[:-1], group[:-1], strict=True):
        line.listed = True
        line.continued = separator is not None and not item.endswith(separator)
    group[-1].listed = True


def _trim_list(items: list[str], start: int, end: int) -> tuple[int, int]:
    # A closing slogan or a sentence after the names ("Free Palestine!") is no signatory.
    while start < end and _is_no_list_item(items[start]):
        start += 1
    while end > start and _is_no_list_item(items[end - 1]):
        end -= 1
    return start, end


def _is_no_list_item(item: str) -> bool:
    if len(item) > _MAX_LIST_LINE or is_lead_in(item):
        return True
    # "Sincerely," and "Signed," close a letter; "Free Palestine!" ends it.
    return item.rstrip(_CLOSING)[-1:] in "!?:," or (item.endswith(".") and not is_signatory_item(item))


def _wrap_width(lines: list[_Line]) -> float | None:
    """The typical length of a wrapped line, or None for a statement that is not hard-wrapped."""
    samples = [
        line.length
        for line, after in itertools.pairwise(lines)
        if not line.blank and not line.final and not after.blank and not after.is_item and not line.listed
    ]
    return median(samples) if len(samples) >= _MIN_WRAP_SAMPLES else None


def _is_full(line: _Line, width: float | None) -> bool:
    return width is not None and _FULL_SHARE * width <= line.length <= _OVERLONG_SHARE * width


def _demote_wrapped_numbers(lines: list[_Line], width: float | None) -> None:
    """In a hard-wrapped text, a number after a full line that ends no sentence is the sentence's ("in paragraph" / "7.")."""
    if width is None:
        return
    text_numbers = [line.number for line in lines]
    last_number: int | None = None
    previous: _Line | None = None
    for index, line in enumerate(lines):
        number = line.number
        if (
            number is not None
            and not line.listed
            and previous is not None
            and not previous.blank
            and not previous.final
            and not previous.listed
            and _is_full(previous, width)
            and number != 1
            and (last_number is None or abs(number - last_number) != 1)
            and _next_number(text_numbers, lines, index) != number + 1
        ):
            line.number = None
            line.text_start = line.content_start
            line.lower = False
        elif number is not None:
            last_number = number
        previous = line


def _next_number(numbers: list[int | None], lines: list[_Line], index: int) -> int | None:
    for following in range(index + 1, len(lines)):
        if numbers[following] is not None:
            return numbers[following]
        if lines[following].blank:
            continue
        if lines[following].bullet is not None:
            return None
    return None


class _Joiner:
    """How two lines of one segment are joined: a space, or nothing inside a broken word or URL."""

    def __init__(self, text: str, lines: list[_Line]) -> None:
        self._text = text
        self._lines = lines
        self._words: DocumentWords | None = None
        self._word_list: WordList | None = None

    def breaks_address(self, line: _Line, following: _Line) -> bool:
        """Whether a URL or e-mail address at the end of ``line`` goes on at the start of ``following``."""
        before = self._text[line.text_start:line.text_end].rsplit(None, 1)
        after = self._text[following.text_start:following.text_end].split(None, 1)
        return bool(before and after) and _continues_address(before[-1], after[0])

    def join(self, draft: _Draft, line: _Line) -> None:
        """Append ``line`` to ``draft``, whose last line it follows."""
        if not draft.pieces:
            draft.add(self._text, line, "")
            return
        last_start, last_end = draft.pieces[-1]
        before = self._text[last_start:last_end]
        head = before.rsplit(None, 1)[-1] if before.strip() else before
        after = self._text[line.text_start:line.text_end]
        tail = after.split(None, 1)[0] if after.strip() else after
        if _continues_address(head, tail):
            draft.add(self._text, line, "")
        elif len(head) > 1 and head[-1] in LINE_END_HYPHENS and head[-2].isalnum() and tail[:1].isalnum():
            if head[-1] == SOFT_HYPHEN or self._joins_word(head[:-1], tail):
                draft.drop_last_character()
            draft.add(self._text, line, "")
        else:
            draft.add(self._text, line, " ")

    def _joins_word(self, head: str, tail: str) -> bool:
        first_word = _leading_letters(tail)
        last_word = _trailing_letters(head)
        if not first_word or not last_word or not first_word[0].islower():
            return False  # "Anti-" / "Imperialist", "1948-" / "1967": the hyphen is the author's
        if self._words is None:
            self._words = DocumentWords([self._text[line.content_start:line.text_end] for line in self._lines])
            self._word_list = choose_word_list(self._words)
        return join_at_hyphen(last_word, first_word, document=self._words, words=self._word_list)


def _leading_letters(token: str) -> str:
    end = 0
    while end < len(token) and token[end].isalpha():
        end += 1
    return token[:end]


def _trailing_letters(token: str) -> str:
    start = len(token)
    while start > 0 and token[start - 1].isalpha():
        start -= 1
    return token[start:]


def _continues_address(head: str, tail: str) -> bool:
    """Whether a URL or e-mail address at the end of ``head`` goes on in ``tail`` (the next line's first word)."""
    if not tail:
        return False
    joined = head + tail
    url = URL_RE.search(joined)
    if url is not None and url.start() < len(head) < url.end():
        if tail[0] in _URL_CONTINUATION_START or head.endswith("://"):
            return True
        end = head[-1]
        if end in "/.":
            # "https://x.org/" then "and sign" is a word; "www." then "aljazeera.com/...",
            # "…/thousands-in-" then "tunisia-protest-…" go on with the URL.
            return any(char in tail for char in "/-._=?&")
        return end in _URL_OPEN_END
    if "@" in head or tail.startswith("@"):
        address = EMAIL_RE.search(joined)
        return address is not None and address.start() < len(head) < address.end() and head[-1] in ".-@_"
    return False


def _split_paragraphs(text: str, lines: list[_Line], width: float | None, joiner: _Joiner) -> list[_Draft]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    previous: _Line | None = None
    for index, line in enumerate(lines):
        if line.blank:
            current = previous = None
            continue
        if line.listed and previous is not None and previous.continued and current is not None:
            _drop_separator(text, line)  # the rest of the item the line before began
        elif line.listed:  # already known to be one signatory, marker or not
            current = _Draft(SIGNATORY, index, index, number=line.number, bullet=line.bullet)
            drafts.append(current)
            _drop_separator(text, line)
        elif line.is_item:
            current = _Draft(LIST_ITEM, index, index, number=line.number, bullet=line.bullet)
            drafts.append(current)
        elif (
            current is None
            or previous is None
            or previous.listed
            or line.enumerator
            or (current.pieces and _ends_paragraph(previous, line, width) and not joiner.breaks_address(previous, line))
        ):
            current = _Draft(PARAGRAPH, index, index)
            drafts.append(current)
        if line.text_start < line.text_end:
            joiner.join(current, line)
        current.last = index
        previous = line
    # "12." alone on a line, with nothing after it, has nothing to translate.
    return [draft for draft in drafts if draft.pieces]


def _drop_separator(text: str, line: _Line) -> None:
    # "Dominique A, musicien ;": the ";" or "," that separates list items is no part of the signatory.
    end = line.text_end
    while end > line.text_start + 1 and text[end - 1] in ";,":
        end -= 1
        while end > line.text_start + 1 and text[end - 1].isspace():
            end -= 1
    line.text_end = end


def _ends_paragraph(line: _Line, following: _Line, width: float | None) -> bool:
    if line.hyphenated or _is_full(line, width):
        return False
    return line.final or not following.lower


def _join_page_breaks(drafts: list[_Draft], lines: list[_Line], joiner: _Joiner) -> list[_Draft]:
    joined: list[_Draft] = []
    for draft in drafts:
        before = joined[-1] if joined else None
        first = lines[draft.first]
        if (
            before is not None
            and draft.kind == PARAGRAPH
            and before.kind in (PARAGRAPH, LIST_ITEM)
            and not lines[before.last].final
            and not lines[before.last].listed
            and first.lower
            and not first.enumerator
        ):
            for index in range(draft.first, draft.last + 1):
                if not lines[index].blank:
                    joiner.join(before, lines[index])
            before.last = draft.last
            continue
        joined.append(draft)
    return joined


def _mark_heading(drafts: list[_Draft], text: str, lines: list[_Line]) -> None:
    if len(drafts) < 2:
        return
    first = drafts[0]
    heading = first.text(text)
    if (
        first.kind == PARAGRAPH
        and first.first == first.last
        and len(heading) <= _MAX_HEADING
        and not lines[first.first].final
        and not heading.endswith(",")
        and lines[first.last + 1].blank
    ):
        first.kind = HEADING


def _mark_signatories(drafts: list[_Draft], text: str) -> None:
    run: list[_Draft] = []
    heading: str | None = None
    for index, draft in enumerate([*drafts, None]):
        if run and (draft is None or not _continues_list(run, draft)):
            if is_signatory_list([item.text(text, as_written=True) for item in run], heading=heading):
                for item in run:
                    item.kind = SIGNATORY
            run = []
        if draft is not None and draft.kind == LIST_ITEM:
            if not run:
                before = drafts[index - 1] if index else None
                heading = before.text(text) if before is not None and before.kind != LIST_ITEM else None
            run.append(draft)


def _continues_list(run: list[_Draft], draft: _Draft) -> bool:
    last = run[-1]
    if draft.kind != LIST_ITEM or draft.bullet != last.bullet:
        return False
    if draft.number is None or last.number is None:
        return True
    first = run[0].number
    descending = len(run) > 1 and first is not None and last.number < first
    if descending:
        return draft.number < last.number  # counting down, gaps or not; a higher number starts a new list
    if len(run) == 1 and draft.number == last.number - 1:
        return True  # the second item of a list that counts down
    # Numbering starts again at 1, or at or below where this list began: a new list.
    return draft.number > 1 and (first is None or draft.number > first)


def _mark_signatory_paragraphs(drafts: list[_Draft], text: str) -> None:
    """Blank-line-separated one-line paragraphs that together are a signatory list."""
    run: list[int] = []
    for index, draft in enumerate([*drafts, None]):
        item = (
            draft is not None
            and draft.kind == PARAGRAPH
            and draft.first == draft.last
            and draft.end - draft.start <= _MAX_LIST_LINE
        )
        if item and draft is not None and run and is_lead_in(draft.text(text)):
            item = False  # a lead-in ends one list and heads the next
        if item:
            run.append(index)
            continue
        if len(run) >= _MIN_LIST_ITEMS:
            texts = [drafts[i].text(text, as_written=True) for i in run]
            start, end = _trim_list(texts, 0, len(texts))
            before = drafts[run[0] + start - 1] if run[0] + start > 0 else None
            heading = before.text(text) if before is not None else None
            if end - start >= _MIN_LIST_ITEMS and is_signatory_list(texts[start:end], heading=heading):
                for i in run[start:end]:
                    drafts[i].kind = SIGNATORY
        run = [index] if draft is not None and draft.kind == PARAGRAPH and draft.first == draft.last else []
        if run and drafts[run[0]].end - drafts[run[0]].start > _MAX_LIST_LINE:
            run = []


def _split_run_on(draft: _Draft, text: str) -> list[tuple[str, str, int, int]]:
    """The segments of one draft: itself, or the items (and lead-in) of a run-on signatory list."""
    segment_text = draft.text(text, as_written=draft.kind == SIGNATORY)
    if draft.kind != PARAGRAPH or ";" not in segment_text:
        return [(draft.kind, segment_text, draft.start, draft.end)]
    spans = run_on_items(segment_text)
    if not spans:
        return [(draft.kind, segment_text, draft.start, draft.end)]
    offsets = _Offsets(draft, text)
    parts: list[tuple[str, str, int, int]] = []
    lead_in = segment_text[:spans[0][0]].rstrip(" :;,—–-")
    if lead_in.strip():
        start = len(lead_in) - len(lead_in.lstrip())
        parts.append((PARAGRAPH, lead_in.strip(), offsets.source(start), offsets.source(len(lead_in), end=True)))
    for start, end in spans:
        parts.append((SIGNATORY, segment_text[start:end], offsets.source(start), offsets.source(end, end=True)))
    return parts


class _Offsets:
    """Map offsets in a draft's msgid back to the statement."""

    def __init__(self, draft: _Draft, text: str) -> None:
        self._starts: list[int] = []  # where each piece starts in the msgid
        self._pieces = draft.pieces
        position = 0
        for join, (start, end) in zip(draft.joins, draft.pieces, strict=True):
            position += len(join)
            self._starts.append(position)
            position += end - start

    def source(self, offset: int, *, end: bool = False) -> int:
        # An end offset belongs to the piece holding the character before it.
        index = bisect.bisect_right(self._starts, offset - 1 if end else offset) - 1
        index = max(index, 0)
        start, stop = self._pieces[index]
        return min(start + offset - self._starts[index], stop)


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
