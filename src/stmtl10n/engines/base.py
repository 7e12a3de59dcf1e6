"""The protocol every machine engine implements: a batch of segments in, a batch of translations out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Translation:
    """An engine's output for one segment.

    :param text: the translated text, inline Markdown restored as in the source.
    :param unknown_words: words the engine could not translate (Apertium's ``*word``
        marks), listed for the reviewer instead of left in the text.
    """

    text: str
    unknown_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceSegment:
    """A segment sent to an engine, with its neighbours as context."""

    text: str
    context: str = ""  # neighbouring paragraphs, in the source language; not translated


class Engine(Protocol):
    """A machine translation engine."""

    name: str  # "deepl", "apertium": written in provenance comments

    def route(self, source: str, target: str) -> str | None:
        """How this engine would translate ``source`` → ``target`` (for provenance,
        e.g. ``"deepl"`` or ``"apertium en>es>fr"``), or None when it cannot."""
        ...

    def translate(self, segments: Sequence[SourceSegment], *, source: str, target: str) -> list[Translation]:
        """Translate a batch; the result has one Translation per segment, in order.

        :raises EngineError: for faults the user must act on (key, quota, network, missing pair).
        """
        ...
