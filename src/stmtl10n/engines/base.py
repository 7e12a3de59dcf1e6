"""The protocol every machine engine implements: a batch of segments in, a batch of translations out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Translation:
    """An engine's output for one segment.

    :param text: the translated text, inline Markdown restored as in the source.
    :param unknown_words: words the engine could not translate (Apertium's ``*word``
        marks), listed for the reviewer instead of left in the text.
    :param failure: why the engine gave no usable translation for this one segment
        (one line, e.g. an answer that lost a link even after a retry); ``text`` is
        then ``""`` and pretranslate leaves the entry empty and prints the reason.
    """

    text: str
    unknown_words: tuple[str, ...] = ()
    failure: str | None = None


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


@runtime_checkable
class PlansRequests(Protocol):
    """An engine that can say, without sending anything, how it would send a batch (for ``--dry-run``)."""

    def describe(self) -> str:
        """Where the requests would go: ``"libretranslate at http://localhost:5000"``."""
        ...

    def count_requests(self, texts: Sequence[str]) -> int:
        """How many requests translating the batch ``texts`` (msgids) would take, sending nothing."""
        ...
