"""Value types shared by formats, catalogs and engines: no I/O here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


#: What a message's placeholder stands for: a URL, a quoted text, a count, a language code.
MessageArgument = str | int


def N_(template: str) -> str:
    """Mark ``template`` for extraction into the ``checks`` catalog; it is translated where it is shown."""
    return template


def is_language_argument(name: str) -> bool:
    """Whether a :class:`Message`'s argument ``name`` holds a language code (``language``, ``found_language``)."""
    return name == "language" or name.endswith("_language")


@dataclass(frozen=True, slots=True)
class Message:
    """A message as gettext translates it: an English template (the msgid) and the data it is filled with.

    The template has ``%(name)s`` placeholders for the arguments. An argument
    named ``language`` or ``…_language`` is a language code, shown as the
    language's name in the language the message is read in; an ``int`` is a
    count, shown with that language's digits and separators; a ``str`` is data
    shown as it is (a URL, a quoted text). With ``plural`` the message has two
    English forms, chosen by the argument ``count`` as ``ngettext`` chooses.

    >>> m = message(N_("The link to %(url)s is missing."), url="https://x.org")
    >>> m.render(language_name=str.upper, number=str)
    'The link to https://x.org is missing.'
    >>> plural_message(N_("%(count)s part"), N_("%(count)s parts"), count=1200).render(
    ...     language_name=str.upper, number="{:,}".format)
    '1,200 parts'
    """

    template: str
    args: Mapping[str, MessageArgument] = field(default_factory=dict)
    plural: str | None = None

    def render(self, *, language_name: Callable[[str], str], number: Callable[[int], str],
               gettext: Callable[[str], str] | None = None,
               ngettext: Callable[[str, str, int], str] | None = None) -> str:
        """The message filled in: translated by ``gettext``/``ngettext`` (English without them),
        language codes named by ``language_name`` and counts written by ``number``."""
        if self.plural is None:
            text = gettext(self.template) if gettext is not None else self.template
        else:
            count = int(self.args["count"])
            if ngettext is not None:
                text = ngettext(self.template, self.plural, count)
            else:
                text = self.template if count == 1 else self.plural
        if not self.args:
            return text  # no placeholders: a "%" in it is a percent sign
        values = {name: language_name(str(value)) if is_language_argument(name)
                  else number(value) if isinstance(value, int) else value
                  for name, value in self.args.items()}
        return text % values

    def to_json(self) -> list[object]:
        """``[template, plural, args]``: what :meth:`from_json` reads back."""
        return [self.template, self.plural, dict(self.args)]

    @classmethod
    def from_json(cls, data: object) -> Message:
        """The message :meth:`to_json` wrote.

        :raises ValueError: for data that is not one.
        """
        if not isinstance(data, list) or len(data) != 3:
            raise ValueError(f"not a message: {data!r}")
        template, plural, args = data
        if not isinstance(template, str) or not (plural is None or isinstance(plural, str)) \
                or not isinstance(args, dict):
            raise ValueError(f"not a message: {data!r}")
        for name, value in args.items():  # a build with nothing new reads thousands: no generator
            if not isinstance(name, str) or not isinstance(value, str | int) or isinstance(value, bool):
                raise ValueError(f"not a message: {data!r}")
        return cls(template, args, plural)


def message(template: str, /, **args: MessageArgument) -> Message:
    """A :class:`Message`: ``template`` (marked with :func:`N_`) filled with ``args``."""
    return Message(template, args)


def plural_message(singular: str, plural: str, /, *, count: int, **args: MessageArgument) -> Message:
    """A :class:`Message` with a singular and a plural template, chosen by ``count`` (also an argument)."""
    return Message(singular, {"count": count, **args}, plural)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a check found wrong with one entry of a catalog.

    :param message: what is wrong and what to do, in English (``check``'s output, its JSON).
    :param wording: the same message as gettext translates it (template and
        arguments), for the review pages to show it in the reviewer's language;
        None for a problem made without one (then ``message`` is all there is).
    """

    statement: str
    lang: str
    msgid: str
    check: str
    message: str
    reference: str = ""
    severity: str = "error"
    msgctxt: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    wording: Message | None = None


def excerpt(text: str, limit: int = 70) -> str:
    r"""``text`` on one line, cut to at most ``limit`` characters, for messages and reports.

    >>> excerpt("Affirm  our\nsolidarity with the people", 20)
    'Affirm our solidari…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
