"""Gettext catalogs: the entry model, reading (polib), writing exactly as GNU gettext does, merging.

This is the only module that imports polib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

FUZZY = "fuzzy"
PROVENANCE_PREFIX = "stmtl10n: "  # translator comment that records who or what wrote a msgstr


@dataclass(slots=True)
class Entry:
    """One gettext entry. Comment lists hold the text after the ``#.``/``# ``/``#:`` marker."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)  # "# ..."
    extracted_comments: list[str] = field(default_factory=list)  # "#. ..."
    references: list[str] = field(default_factory=list)  # "statements/x.md:12"
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def is_translated(self) -> bool:
        """Translated and reviewed: a msgstr that is not a fuzzy draft."""
        return bool(self.msgstr) and not self.is_fuzzy

    @property
    def is_untranslated(self) -> bool:
        return not self.msgstr

    def set_fuzzy(self, value: bool) -> None:
        if value and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not value and FUZZY in self.flags:
            self.flags.remove(FUZZY)
            # A reviewed entry has nothing left to compare: msgmerge drops "#|" then too.
            self.previous_msgid = None
            self.previous_msgctxt = None

    @property
    def provenance(self) -> str | None:
        """The ``# stmtl10n: ...`` comment, without its prefix (``mt apertium 2026-11-25``)."""
        for comment in self.translator_comments:
            if comment.startswith(PROVENANCE_PREFIX):
                return comment[len(PROVENANCE_PREFIX):]
        return None

    def set_provenance(self, text: str | None) -> None:
        """Replace the provenance comment (``None`` removes it)."""
        self.translator_comments = [
            c for c in self.translator_comments if not c.startswith(PROVENANCE_PREFIX)
        ]
        if text:
            self.translator_comments.append(PROVENANCE_PREFIX + text)


@dataclass(slots=True)
class Catalog:
    """A PO file (or a POT template when ``locale`` is None)."""

    locale: str | None
    header: dict[str, str] = field(default_factory=dict)  # ordered header fields
    header_comments: list[str] = field(default_factory=list)  # "# ..." lines above the header
    header_is_fuzzy: bool = False
    entries: list[Entry] = field(default_factory=list)  # active and obsolete, in file order

    def active(self) -> Iterator[Entry]:
        return (e for e in self.entries if not e.obsolete)

    def index(self) -> dict[tuple[str | None, str], Entry]:
        """Active entries by ``(msgctxt, msgid)``."""
        return {e.key: e for e in self.entries if not e.obsolete}
