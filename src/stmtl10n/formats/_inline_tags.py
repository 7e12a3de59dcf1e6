"""Inline formatting of word-processor paragraphs as tags in a msgid, and back.

A word processor splits a paragraph's text into runs, each with its own
formatting; a msgid carries only what a translator must keep: bold ``<b>``,
italic ``<i>``, underline ``<u>``, strike-through ``<s>``, superscript
``<sup>`` and subscript ``<sub>``, links ``<a1>…</a1>`` (numbered per
segment: the target stays in the document), and ``<x1/>`` for what sits in the
text but is no text (a footnote reference, an image, a field, a comment mark),
numbered per segment too. Runs that differ in nothing a tag says (spell-check
marks, revision ids, the language) are one piece, so a word is never split
into several tags. Engines keep these tags like a Markdown statement's inline
HTML (:mod:`stmtl10n.engines.markup` protects them as placeholders).

>>> pieces = [Piece("Free ", Style()), Piece("Pal", Style(marks=frozenset({"b"}))),
...           Piece("estine", Style(marks=frozenset({"b"}))), Piece("!", Style(link=1))]
>>> encode(pieces)
'Free <b>Palestine</b><a1>!</a1>'
>>> [(p.text, sorted(p.style.marks), p.style.link) for p in decode('Free <b>Palestine</b><a1>!</a1>')]
[('Free ', [], None), ('Palestine', ['b'], None), ('!', [], 1)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: The formatting marks, outermost first when several apply to one piece.
MARKS = ("b", "i", "u", "s", "sup", "sub")

# One tag of the msgid: a mark, a numbered link, or a numbered empty atom. Linear: no nesting.
_TAG_RE = re.compile(r"<(/?)(b|i|u|s|sup|sub|a[1-9][0-9]*)>|<x([1-9][0-9]*)/>")
# Text that would read as one of those tags or as an escape is escaped: "&lt;" and "&amp;".
_NEEDS_ESCAPE_RE = re.compile(r"<(?=/?(?:b|i|u|s|sup|sub|a[1-9]|x[1-9])[0-9]*/?>)|&(?=lt;|amp;)")
_ESCAPE_RE = re.compile("&lt;|&amp;")


@dataclass(frozen=True, slots=True)
class Style:
    """What tags a piece of text is inside: its marks and its link (a number within the segment)."""

    marks: frozenset[str] = field(default_factory=frozenset)
    link: int | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """Text with one style; or, with ``atom`` set, the n-th non-text item (``text`` empty)."""

    text: str
    style: Style
    atom: int | None = None


def _stack(style: Style) -> list[str]:
    tags = [f"a{style.link}"] if style.link is not None else []
    return tags + [mark for mark in MARKS if mark in style.marks]


def merged(pieces: Iterable[Piece]) -> list[Piece]:
    """Adjacent text pieces of one style joined, empty ones dropped."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.atom is None and not piece.text:
            continue
        if out and piece.atom is None and out[-1].atom is None and out[-1].style == piece.style:
            out[-1] = Piece(out[-1].text + piece.text, piece.style)
        else:
            out.append(piece)
    return out


def encode(pieces: Sequence[Piece]) -> str:
    """The msgid of a paragraph's pieces: tags opened and closed as the style changes, well nested."""
    out: list[str] = []
    open_tags: list[str] = []
    for piece in merged(pieces):
        wanted = open_tags if piece.atom is not None else _stack(piece.style)
        common = 0
        while common < min(len(open_tags), len(wanted)) and open_tags[common] == wanted[common]:
            common += 1
        for tag in reversed(open_tags[common:]):
            out.append(f"</{tag}>")
        for tag in wanted[common:]:
            out.append(f"<{tag}>")
        open_tags = list(wanted)
        if piece.atom is not None:
            out.append(f"<x{piece.atom}/>")
        else:
            out.append(_NEEDS_ESCAPE_RE.sub(lambda m: "&lt;" if m.group() == "<" else "&amp;", piece.text))
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def decode(text: str) -> list[Piece]:
    """The pieces a msgstr's tags give; tags that do not pair up (a damaged translation) are
    ignored, so their text keeps the formatting around it.
    """
    pieces: list[Piece] = []
    marks: list[str] = []
    links: list[int] = []
    pos = 0

    def add(chunk: str) -> None:
        if chunk:
            style = Style(frozenset(marks), links[-1] if links else None)
            pieces.append(Piece(_ESCAPE_RE.sub(lambda m: "<" if m.group() == "&lt;" else "&", chunk), style))

    for match in _TAG_RE.finditer(text):
        add(text[pos:match.start()])
        pos = match.end()
        if match.group(3) is not None:
            pieces.append(Piece("", Style(), atom=int(match.group(3))))
            continue
        closing, name = match.group(1), match.group(2)
        if name.startswith("a"):
            number = int(name[1:])
            if not closing:
                links.append(number)
            elif number in links:
                links.remove(number)
        elif not closing:
            marks.append(name)
        elif name in marks:
            marks.remove(name)
    add(text[pos:])
    return merged(pieces)


def strip_edges(pieces: list[Piece]) -> list[Piece]:
    """The pieces without the whitespace at the start of the first text and the end of the last."""
    texts = [i for i, piece in enumerate(pieces) if piece.atom is None]
    out = list(pieces)
    if texts:
        first, last = texts[0], texts[-1]
        out[first] = Piece(out[first].text.lstrip(), out[first].style)
        out[last] = Piece(out[last].text.rstrip(), out[last].style)
    return [piece for piece in out if piece.atom is not None or piece.text]


def has_text(pieces: Iterable[Piece]) -> bool:
    return any(piece.atom is None and piece.text.strip() for piece in pieces)
