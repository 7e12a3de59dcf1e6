"""The protocol every statement format implements, and what all formats share."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from stmtl10n.model import Segment

#: Given a segment, the text to publish for it, or None to keep the source.
Translate = Callable[[Segment], "str | None"]


class DocumentFormat(Protocol):
    """A reader and writer pair for one kind of statement file."""

    # Read-only, so a format may declare them as plain (or Final) class attributes.
    @property
    def name(self) -> str:
        """``markdown``, ``text``."""
        ...

    @property
    def extensions(self) -> tuple[str, ...]:
        """``(".md",)``, ``(".txt",)``."""
        ...

    def extract(self, text: str, *, path: str) -> list[Segment]:
        """Segment a statement into translatable blocks, in document order."""
        ...

    def blocks(self, text: str, *, path: str) -> list[Block]:
        """The segments of :meth:`extract`, each with the span of ``text`` it was read from.

        ``text[block.start:block.end]`` runs from the first to the last character
        of the segment's text as written (list markers outside it): what a
        translation replaces, and where ``signatories add`` appends after.
        """
        ...

    def render(self, text: str, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> str:
        """Rebuild the statement with each segment replaced by ``translate(segment)``.

        When ``translate`` returns the segment's own text (or None) for every
        segment, the result is ``text`` itself, byte for byte. ``lang`` is the
        language of the translations (for ``lang``/``dir`` attributes and right
        to left paragraphs); None for the source language or an identity render.
        """
        ...


@runtime_checkable
class KeepsReadings(Protocol):
    """A text format whose reading of a statement can be kept between runs (see :mod:`stmtl10n.readings`).

    Reading a statement costs far more than loading what the reading found: a
    format that parses (Markdown's block pass, its signatory lists) offers its
    reading as JSON data, and takes it back for the very same text.
    """

    @property
    def reading_settings(self) -> tuple[str, ...]:
        """What a reading depends on besides the text and the code (Markdown: the front matter keys)."""
        ...

    def reading(self, text: str) -> list[Any]:
        """What reading ``text`` found (its blocks and how to write each back), as JSON data."""
        ...

    def reuse_reading(self, text: str, data: object) -> None:
        """Take ``data``, :meth:`reading` of this very ``text`` by this very code, as the reading of ``text``.

        :raises ValueError: when ``data`` is not such a reading (the caller then reads ``text`` afresh).
        """
        ...


class BinaryDocumentFormat(Protocol):
    """A reader and writer pair for a statement that is a binary document (a word processor's zip).

    The same pair as :class:`DocumentFormat`, on bytes; there are no text
    spans (:meth:`DocumentFormat.blocks`), so what splices into a statement's
    text (``signatories add``, ``import``) refuses these formats.
    """

    @property
    def name(self) -> str:
        """``docx``, ``odt``."""
        ...

    @property
    def extensions(self) -> tuple[str, ...]:
        """``(".docx",)``, ``(".odt",)``."""
        ...

    def extract(self, data: bytes, *, path: str) -> list[Segment]:
        """Segment a document into translatable blocks, in document order."""
        ...

    def render(self, data: bytes, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> bytes:
        """Rebuild the document with each segment replaced by ``translate(segment)``.

        When ``translate`` returns the segment's own text (or None) for every
        segment, every XML part of the result is the source's, byte for byte
        (the zip around them may differ).
        """
        ...


@dataclass(frozen=True, slots=True)
class Block:
    """A segment and the span of the statement text it was read from."""

    segment: Segment
    start: int
    end: int


def assign_contexts(blocks: Sequence[Block]) -> list[Block]:
    """Give a msgctxt (the block kind) to texts that occur in more than one role.

    Identical text in the same role is one entry with several references;
    "Free Palestine!" as a heading and as a paragraph are two entries.
    """
    kinds: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        kinds[block.segment.text].add(block.segment.kind)
    result = []
    for block in blocks:
        if len(kinds[block.segment.text]) > 1:
            segment = dataclasses.replace(block.segment, context=block.segment.kind)
            block = dataclasses.replace(block, segment=segment)
        result.append(block)
    return result


def splice(text: str, blocks: Sequence[Block], replacement: Callable[[Block], str | None]) -> str:
    """Replace each block's span by ``replacement(block)``; None keeps the source span as it is."""
    out: list[str] = []
    pos = 0
    for block in sorted(blocks, key=lambda b: b.start):
        new = replacement(block)
        if new is None:
            continue
        out.append(text[pos:block.start])
        out.append(new)
        pos = block.end
    out.append(text[pos:])
    return "".join(out)
