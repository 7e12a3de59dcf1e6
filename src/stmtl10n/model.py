"""Value types shared by formats, catalogs and engines: no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field

# Block kinds, as they appear in the ``#.`` comment of each entry.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
TABLE_CELL = "table cell"
BLOCK_QUOTE = "block quote"
SIGNATORY = "signatory"

SIGNATORY_FLAG = "signatory"
# A segment written in another language than its statement (an Arabic
# organization name in an English list): engines skip it, it is copied as it is.
NO_TRANSLATE_FLAG = "no-translate"

SIGNATORY_NOTE = (
    "Signatory: names and organizations are copied as written; the country is localized "
    "(CLDR's name) and a role or title (actor, professor of history) is translated."
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable block of a statement.

    :param text: the msgid: the block's text with inline markup kept as written
        and soft line breaks (or hard wraps, in plain text) turned into spaces.
    :param kind: the block kind (``heading``, ``paragraph``, ``list item`` …).
    :param line: 1-based line of the statement where the block starts.
    :param flags: gettext flags the entry carries (``signatory`` …).
    :param notes: extra ``#.`` lines for translators.
    :param context: msgctxt, set only when the same text has two roles.
    :param level: a heading's level (1 to 6), as the statement writes it.
    :param marker: a list item's marker as the statement writes it (``1.``, ``-``).
    """

    text: str
    kind: str
    line: int
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    context: str | None = None
    level: int | None = None
    marker: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        """The catalog key: ``(msgctxt, msgid)``."""
        return (self.context, self.text)

    @property
    def is_signatory(self) -> bool:
        return SIGNATORY_FLAG in self.flags


@dataclass(frozen=True, slots=True)
class Statement:
    """A canonical statement file in a project."""

    slug: str
    path: str  # relative to the project root, with forward slashes
    format_name: str  # "markdown" or "text"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a check found wrong with one entry of a catalog."""

    statement: str
    lang: str
    msgid: str
    check: str
    message: str
    reference: str = ""
    severity: str = "error"
    msgctxt: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def excerpt(text: str, limit: int = 70) -> str:
    r"""``text`` on one line, cut to at most ``limit`` characters, for messages and reports.

    >>> excerpt("Affirm  our\nsolidarity with the people", 20)
    'Affirm our solidari…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
