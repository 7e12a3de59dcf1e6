"""What every check shares: the context it runs in, severities, the opt-out flag and how a problem is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from stmtl10n.catalog import Catalog, Entry
from stmtl10n.locales import display_name
from stmtl10n.model import NO_TRANSLATE_FLAG, SIGNATORY_FLAG, Message, MessageArgument, Problem, message
from stmtl10n.patterns import remove_urls

if TYPE_CHECKING:
    from markdown_it.token import Token

    from stmtl10n.dates import DateMention

ERROR = "error"  # most likely wrong: fix before publishing
WARNING = "warning"  # worth a look: may be right for this language or text

#: ``#, no-check-<name>`` turns check ``<name>`` off for one entry.
OPT_OUT_PREFIX = "no-check-"

# A translation is a paragraph in another language: ten times its source plus a
# thousand characters is far past any real one. Longer text is not checked (the
# checks run in linear time, but on a megabyte of brackets that is still a minute
# of CPU) and is an error: the review server refuses it, check and build report it.
MAX_LENGTH_FACTOR = 10
MAX_LENGTH_EXTRA = 1000


def length_message(msgstr: str, *, msgid: str, field: str = "msgstr") -> Message | None:
    """Why ``msgstr`` is too long to be a translation of ``msgid`` (as gettext translates it), or
    ``None`` when it is not.

    :param field: how the message names the text: ``msgstr`` (the review server's
        API) or ``translation`` (the length check).
    """
    if len(msgstr) <= MAX_LENGTH_FACTOR * len(msgid) + MAX_LENGTH_EXTRA:
        return None
    numbers: dict[str, MessageArgument] = {
        "length": len(msgstr), "factor": MAX_LENGTH_FACTOR, "source_length": len(msgid), "extra": MAX_LENGTH_EXTRA}
    if field == "translation":
        return message("translation: %(length)s characters, more than %(factor)s times its source "
                       "(%(source_length)s) plus %(extra)s; a translation that long is not one: shorten it", **numbers)
    # The API's field name: code, the same in every language.
    return message("%(field)s: %(length)s characters, more than %(factor)s times its source "
                   "(%(source_length)s) plus %(extra)s; a translation that long is not one: shorten it",
                   field=field, **numbers)


def length_error(msgstr: str, *, msgid: str, field: str = "msgstr") -> str | None:
    """:func:`length_message` in English.

    >>> length_error("x" * 1011, msgid="a")
    'msgstr: 1,011 characters, more than 10 times its source (1) plus 1,000; a translation that long is not one: shorten it'
    >>> length_error("x" * 1010, msgid="a") is None
    True
    """
    found = length_message(msgstr, msgid=msgid, field=field)
    return english(found) if found is not None else None


def english(wording: Message) -> str:
    """``wording`` in English, as ``check`` prints it: language names in English, counts as ``1,234``.

    >>> english(message("Translate it into %(language)s.", language="ar"))
    'Translate it into Arabic.'
    """
    return wording.render(language_name=_english_name, number="{:,}".format)


@cache
def _english_name(code: str) -> str:
    # Every problem of a catalog names the same language or two: CLDR is asked once per code.
    return display_name(code)


#: An HTML tag: a statement's own markup (markup check) or an engine's leftover (machine-marks check).
TAG_RE = re.compile(r"</?([A-Za-z][\w:.-]*)(?:\s[^<>]*)?/?>")


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check knows besides the entry itself.

    :param statement: the statement's slug.
    :param lang: the catalog's language.
    :param source_lang: the language statements are written in.
    :param catalog: the catalog the entry belongs to.
    :param catalog_path: the catalog's path relative to the project, for messages.
    :param is_markdown: whether the statement is Markdown (inline markup is
        then checked; plain text only has its URLs checked).
    :param candidates: the languages a text in this project can plausibly be in.
    :param reviewed_translations: for the consistency check: per ``(msgctxt,
        msgid)``, the reviewed translations in this language across all
        statements, each with the statements that use it.
    :param kept_terms: for the names check: the glossary's terms that stay
        untranslated in this language (its target term is the source term).
    :param digits: the numbering system the project writes this language's
        digits in (``arab``), None for CLDR's default: the dates check shows
        the expected date in it.
    :param parsed: what the checks read out of the entries' texts, by text:
        each text is parsed once however many checks look at it (see
        :meth:`inline_tokens`, :meth:`prose`, :meth:`plain`).
    """

    statement: str
    lang: str
    source_lang: str
    catalog: Catalog
    catalog_path: str = ""
    is_markdown: bool = True
    candidates: tuple[str, ...] = ()
    reviewed_translations: Mapping[tuple[str | None, str], Mapping[str, tuple[str, ...]]] = field(
        default_factory=dict
    )
    kept_terms: tuple[str, ...] = ()
    digits: str | None = None
    parsed: dict[tuple[str, str], object] = field(default_factory=dict, repr=False, compare=False)

    def inline_tokens(self, text: str) -> Sequence[Token]:
        """markdown-it's inline parse of ``text`` (its blocks, with their children), parsed once per context.

        The markup, identifiers, numbers, dates and machine-marks checks all
        read the same tokens: one parse per text instead of one per check.
        Text without inline syntax (half of a statement's segments) is not
        parsed at all: its tokens are built as the parser would make them.
        Callers must not change the tokens.
        """
        key = ("inline", text)
        tokens = self.parsed.get(key)
        if tokens is None:
            if _INLINE_SYNTAX_RE.search(text) is None:
                tokens = self.parsed[key] = _plain_inline_tokens(text)
            else:
                from stmtl10n.formats.markdown import markdown_parser  # lazy: status with kept results parses nothing

                tokens = self.parsed[key] = markdown_parser().parseInline(text)
        return tokens  # type: ignore[return-value]

    def prose(self, text: str, *, keep_urls: bool = False) -> str:
        """:func:`prose_text` of ``text`` in this statement's format, computed once per context."""
        key = ("prose+urls" if keep_urls else "prose", text)
        found = self.parsed.get(key)
        if found is None:
            tokens = self.inline_tokens(text) if self.is_markdown else None
            found = self.parsed[key] = prose_text(text, markdown=self.is_markdown, keep_urls=keep_urls, tokens=tokens)
        return str(found)

    def source_dates(self, text: str) -> list[DateMention]:
        """:func:`stmtl10n.dates.find_dates` in the source language, computed once per context
        (the dates and numbers checks both look for the source's dates; callers must not change the list)."""
        key = ("dates", text)
        found = self.parsed.get(key)
        if found is None:
            from stmtl10n.dates import find_dates  # lazy: CLDR's month names load with the checks that read dates

            found = self.parsed[key] = find_dates(text, self.source_lang)
        return found  # type: ignore[return-value]

    def plain(self, text: str) -> str:
        """:func:`stmtl10n.detect.strip_markup` of ``text``, computed once per context."""
        # lazy: langdetect and its wrapper load with the checks that judge languages, not with every check run
        from stmtl10n.detect import strip_markup

        key = ("plain", text)
        found = self.parsed.get(key)
        if found is None:
            found = self.parsed[key] = strip_markup(text, tokens=self.inline_tokens(text))
        return str(found)


# The characters CommonMark's inline rules (emphasis, code, links, images, autolinks, HTML, entities,
# escapes, footnotes, strikethrough) start at, the NUL its normalization replaces, and line ends (soft
# and hard breaks): text without any of them is one text token however markdown-it parses it inline.
_INLINE_SYNTAX_RE = re.compile(r"[*_`\\\[\]<>!&^~\x00\r\n]")


def _plain_inline_tokens(text: str) -> list[Token]:
    """What markdown-it's ``parseInline`` makes of ``text`` when it holds no inline syntax: one block of one text token.

    About half the segments of a statement are plain prose; building their tokens
    costs a hundredth of parsing them. :meth:`CheckContext.inline_tokens` uses it
    only for text :data:`_INLINE_SYNTAX_RE` finds nothing in.

    >>> [(block.type, [(child.type, child.content) for child in block.children or ()])
    ...  for block in _plain_inline_tokens("Free Palestine: 50% #now")]
    [('inline', [('text', 'Free Palestine: 50% #now')])]
    """
    from markdown_it.token import Token  # lazy: see CheckContext.inline_tokens

    children = [Token("text", "", 0, content=text)] if text else []
    return [Token("inline", "", 0, content=text, map=[0, 1], children=children)]


CheckFunction = Callable[[CheckContext, Entry], Iterable[Problem]]


def problem(ctx: CheckContext, entry: Entry, check: str, wording: Message, *, severity: str = ERROR,
            text: str | None = None) -> Problem:
    """The problem ``check`` found in ``entry``, located at the entry's first reference.

    :param wording: what is wrong, as gettext translates it (the message is its English).
    :param text: ``english(wording)``, when the caller has it already.
    """
    reference = entry.references[0] if entry.references else ctx.catalog_path
    return Problem(
        statement=ctx.statement, lang=ctx.lang, msgid=entry.msgid, check=check,
        message=english(wording) if text is None else text, reference=reference, severity=severity,
        msgctxt=entry.msgctxt, extra={"catalog": ctx.catalog_path}, wording=wording,
    )


def is_exempt_from_language(entry: Entry) -> bool:
    """Whether the checks that judge the translation's language and length leave ``entry`` alone."""
    # Names are copied, not translated; foreign-language segments are copied as they are.
    return SIGNATORY_FLAG in entry.flags or NO_TRANSLATE_FLAG in entry.flags


def prose_text(text: str, *, markdown: bool, keep_urls: bool = False, tokens: Sequence[Token] | None = None) -> str:
    """The words of ``text`` a reader reads as prose: no code, URLs, link targets nor HTML tags.

    Link texts stay, autolinks (``<https://…>``) go; each left-out piece leaves
    a space, so the words around it are not glued together. URLs, links and
    code are the markup check's business.

    :param keep_urls: keep the bare URLs of the text (to look for a text in
        everything a reader sees).
    :param tokens: markdown-it's inline parse of ``text``, when the caller has it
        (:meth:`CheckContext.inline_tokens`).

    >>> normalized(prose_text("See [our site](https://x.org), `code`, <https://y.org/2024> or https://z.org.",
    ...                       markdown=True))
    'See our site , , or .'
    """
    if markdown:
        pieces = []
        in_autolink = False
        from stmtl10n.formats.markdown import markdown_parser  # lazy: see CheckContext.inline_tokens

        for block in markdown_parser().parseInline(text) if tokens is None else tokens:
            for token in block.children or ():
                if token.type == "link_open":
                    in_autolink = token.markup == "autolink"
                elif token.type == "link_close":
                    in_autolink = False
                is_text = token.type in ("text", "text_special") and not in_autolink
                pieces.append(token.content if is_text else " ")
            pieces.append(" ")  # an inline footnote's text comes last, as a block of its own
        text = "".join(pieces)
    return text if keep_urls else remove_urls(text)


def normalized(text: str) -> str:
    """``text`` with its whitespace runs as single spaces: how two texts are compared as the same.

    >>> normalized(" Free\\n Palestine ")
    'Free Palestine'
    """
    return " ".join(text.split())
