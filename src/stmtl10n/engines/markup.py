"""Inline Markdown of a msgid turned into XML tags an engine keeps in place, and back.

What no engine may change travels as an empty placeholder tag: URLs, domain
names (also as a link's text), e-mail addresses, hashtags, handles, code,
HTML, and the spans an engine gets wrong that are written back in the target
language instead: dates and formatted numbers (:mod:`stmtl10n.dates`, CLDR)
and, for engines without a glossary of their own, the project glossary's terms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from stmtl10n.dates import DateMention, NumberMention, find_dates, find_numbers, format_date_like, format_number_like
from stmtl10n.formats.markdown import make_markdown_parser
from stmtl10n.glossary import TermFinder
from stmtl10n.patterns import (
    DOMAIN_RE,
    HANDLE_RE,
    HASHTAG_RE,
    URL_RE,
    URL_SCHEMES,
    email_span,
    is_domain,
    trim_url,
    url_end,
)

# Element names of the protected XML. Pairs wrap translatable text (link text,
# emphasis, image alt text, an inline footnote's text); ``x`` is an empty
# placeholder for everything that must not be translated (URLs, code, HTML tags,
# escapes…). The raw Markdown of every tag lives in :class:`Protected`, keyed by
# the ``i`` attribute, so URLs and code never leave the machine and come back
# exactly as written.
PAIR_TAGS = ("em", "strong", "a", "image")
PLACEHOLDER_TAG = "x"
IGNORE_TAGS = (PLACEHOLDER_TAG,)

_ENV_KEY = "_stmtl10n_markup"
# Languages written without spaces between words: no space is put back around markup.
_UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


@dataclass(slots=True)
class _Recorder:
    """Source spans seen by the inline parser while it runs (kept in the parser env)."""

    offset: int = 0  # where the string being parsed starts in the msgid (image alt text)
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    pairs: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # tag, open span, close span


class _AnyReference(dict[str, dict[str, str]]):
    """Link references that resolve every label.

    A msgid is cut out of its statement, so the reference definitions of
    ``[text][ref]`` are not there; every bracketed label is taken as a link,
    which only means its brackets travel as a tag (restored exactly).
    """

    def get(self, key: Any, default: Any = None) -> dict[str, str]:
        return {"href": "", "title": ""}

    def __contains__(self, key: object) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class _Term:
    """A glossary term of the source, written back as the glossary's term for the target."""

    target: str


_Value = DateMention | NumberMention | _Term


@dataclass(frozen=True, slots=True)
class _Spacing:
    """Whitespace around a tag's markup in the source: what restore puts right in a translation.

    :param before: whitespace (or the start) before the opening (or the placeholder).
    :param after: whitespace (or the end) after the closing (or the placeholder).
    :param inner_lead: a pair's text starts with whitespace.
    :param inner_trail: a pair's text ends with whitespace.
    :param empty: a pair with nothing inside (``[](url)``).
    """

    before: bool
    after: bool
    inner_lead: bool = False
    inner_trail: bool = False
    empty: bool = False


@dataclass(frozen=True, slots=True)
class Protected:
    """A msgid as XML for an engine, with what is needed to turn a translation back into Markdown.

    :param source: the msgid.
    :param xml: the msgid with inline markup as tags and ``& < >`` escaped: well-formed
        XML content, fit for DeepL's ``tag_handling="xml"`` (v2 parses it strictly).
    """

    source: str
    xml: str
    # id -> raw Markdown of the opening tag (or of the placeholder) and of the closing tag
    _markup: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)
    # id -> what a placeholder stands for when it is written in the target language (dates, numbers, terms)
    _values: dict[int, _Value] = field(default_factory=dict, repr=False)
    _spacing: dict[int, _Spacing] = field(default_factory=dict, repr=False)
    #: Code points DeepL bills for :attr:`xml`: its text, tags excluded. Counted once: pretranslate
    #: weighs every text for its batches, in each language.
    billable_characters: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "billable_characters", len(_unescape(_TAG_RE.sub("", self.xml))))

    @property
    def dates(self) -> dict[int, DateMention]:
        """The placeholders that are dates, by id (an engine may send a stand-in word in their place)."""
        return {ident: value for ident, value in self._values.items() if isinstance(value, DateMention)}

    @property
    def terms(self) -> dict[int, str]:
        """The placeholders that are glossary terms, by id: the target terms they are written back as."""
        return {ident: value.target for ident, value in self._values.items() if isinstance(value, _Term)}

    def restore(self, xml: str, *, target: str | None = None, digits: str | None = None) -> str:
        """The translated XML ``xml`` back as Markdown, every tag replaced by its source markup.

        :param target: the language of ``xml``: dates and formatted numbers are
            written in it (CLDR), in the form the source used; without it they
            come back as the source wrote them.
        :param digits: the numbering system for them (``latn``, ``arab``…; the
            project's ``[digits]`` setting); default: CLDR's for ``target``.

        Glossary terms become the target terms they were protected with.
        Never fails: a tag the engine dropped leaves its markup out, a tag it
        invented or garbled is dropped and its text kept; later checks report
        missing markup. Text an engine put inside a placeholder is dropped. A
        pair the engine split over reordered words (Apertium: ``<em>acciones</em>
        de <em>masa</em>``) becomes one span again when that keeps the nesting
        sound. Spacing around markup is put right: whitespace an engine moved
        inside a pair goes outside (``** européenne**`` is no emphasis), a pair
        left empty takes the word after it, and a word glued to markup the
        source had spaces around gets its space (not in languages written
        without spaces). Leading and trailing whitespace is the source's.
        """
        if "<" not in xml:
            # No tag (most prose, or an engine that dropped them all): nothing to put back but the text.
            return _with_edges_of(self.source, _unescape(xml))
        items = self._fix_spacing(self._parse_translation(xml), spaced=_uses_spaces(target))
        out: list[str] = []
        plain: list[str] = []  # the text so far without markup: is a value at the start of a sentence?
        for kind, value in items:
            if kind == "text":
                out.append(str(value))
                plain.append(str(value))
            elif kind in ("open", "placeholder"):
                ident = int(value)
                written = self._markup[ident][0]
                if kind == "placeholder" and ident in self._values:
                    written = _written(self._values[ident], target, digits) or written
                    if target is not None and _starts_sentence("".join(plain), self.source):
                        written = written[:1].upper() + written[1:]
                    plain.append(written)
                out.append(written)
            elif kind == "close":
                out.append(self._markup[int(value)][1])
        return _with_edges_of(self.source, "".join(out))

    def _parse_translation(self, xml: str) -> list[tuple[str, str | int]]:
        """Text and known tags of ``xml`` in order: ("text", str), ("open"|"close"|"placeholder", id)."""
        items: list[tuple[str, str | int]] = []
        # Closing tags carry no id: match them to openers (name, id, where the opener is in items).
        open_tags: list[tuple[str, int, int]] = []
        pos = 0
        for match in _TAG_RE.finditer(xml):
            items.append(("text", _unescape(xml[pos:match.start()])))
            pos = match.end()
            name, ident = match.group("name"), match.group("id")
            if match.group("close"):
                opener = next((i for i in range(len(open_tags) - 1, -1, -1) if open_tags[i][0] == name), None)
                if opener is not None:
                    _, ident_open, at = open_tags.pop(opener)
                    if name != PLACEHOLDER_TAG:
                        items.append(("close", ident_open))
                    else:
                        # A placeholder is empty: what an engine wrote inside it (a stand-in word) goes.
                        items[at + 1:] = [("text", "") if kind == "text" else (kind, v) for kind, v in items[at + 1:]]
                continue
            if ident is None or int(ident) not in self._markup or name not in (PLACEHOLDER_TAG, *PAIR_TAGS):
                continue
            # An engine may write ``<x i="1"/>`` as ``<x i="1"></x>``: the closing tag adds nothing.
            items.append(("placeholder" if name == PLACEHOLDER_TAG else "open", int(ident)))
            if not match.group(0).endswith("/>"):
                open_tags.append((name, int(ident), len(items) - 1))
        items.append(("text", _unescape(xml[pos:])))
        _merge_split_pairs(items)
        return items

    def _fix_spacing(self, items: list[tuple[str, str | int]], *, spaced: bool) -> list[tuple[str, str | int]]:
        """``items`` with the whitespace around tags as the source has it (see :meth:`restore`)."""
        # Text and tags alternating, text first and last: every tag has a text on each side.
        texts: list[str] = [""]
        tags: list[tuple[str, int]] = []
        for kind, value in items:
            if kind == "text":
                texts[-1] += str(value)
            else:
                tags.append((kind, int(value)))
                texts.append("")
        spacing = self._spacing
        none = _Spacing(before=False, after=False, inner_lead=True, inner_trail=True, empty=True)

        # Whitespace inside a pair's edges goes out, innermost first, unless the source had it there.
        for _ in range(len(tags)):
            moved = False
            for k in range(len(tags) - 1, -1, -1):
                kind, ident = tags[k]
                edges = spacing.get(ident, none)
                if kind == "open" and not edges.inner_lead and texts[k + 1][:1].isspace():
                    stripped = texts[k + 1].lstrip()
                    texts[k] = _with_space_after(texts[k], texts[k + 1][: len(texts[k + 1]) - len(stripped)])
                    texts[k + 1] = stripped
                    moved = True
            for k in range(len(tags)):
                kind, ident = tags[k]
                edges = spacing.get(ident, none)
                if kind == "close" and not edges.inner_trail and texts[k][-1:].isspace():
                    stripped = texts[k].rstrip()
                    texts[k + 1] = _with_space_before(texts[k + 1], texts[k][len(stripped):])
                    texts[k] = stripped
                    moved = True
            if not moved:
                break

        # A pair left empty (Apertium moved its word out) takes the word after it, or goes.
        dropped: set[int] = set()
        for k in range(len(tags) - 1):
            (kind, ident), (next_kind, next_ident) = tags[k], tags[k + 1]
            if kind != "open" or next_kind != "close" or next_ident != ident or texts[k + 1]:
                continue
            if spacing.get(ident, none).empty:
                continue
            after = texts[k + 2]
            space = len(after) - len(after.lstrip())
            word = _WORD_AT.match(after, space)
            if word is None:
                dropped.update((k, k + 1))
                continue
            texts[k] = _with_space_after(texts[k], after[:space])
            texts[k + 1] = word.group()
            texts[k + 2] = after[word.end():]

        # A word glued to markup the source has spaces around gets its space.
        if spaced:
            for k, (kind, ident) in enumerate(tags):
                edges = spacing.get(ident, none)
                if kind in ("open", "placeholder") and edges.before and _ends_word(texts[k]):
                    texts[k] += " "
                if kind in ("close", "placeholder") and edges.after and _starts_word(texts[k + 1]):
                    texts[k + 1] = " " + texts[k + 1]

        result: list[tuple[str, str | int]] = [("text", texts[0])]
        for k, (kind, ident) in enumerate(tags):
            if k not in dropped:
                result.append((kind, ident))
            result.append(("text", texts[k + 1]))
        return result


# A word (an emptied pair takes the one after it): letters and digits, with
# apostrophes and hyphens inside; never started inside another word.
_WORD_AT = re.compile(r"(?<![^\W_])[^\W_]+(?:['’-][^\W_]+)*")


def _with_space_after(text: str, space: str) -> str:
    return text if text[-1:].isspace() else text + space


def _with_space_before(text: str, space: str) -> str:
    return text if text[:1].isspace() else space + text


def _ends_word(text: str) -> bool:
    """Whether ``text`` ends in a letter or digit that a tag would be glued to.

    An Arabic proclitic (``و``, ``ب``, ``ال``…) is written glued to the next word: not one of those.
    """
    if not text[-1:].isalnum():
        return False
    if not "\u0600" <= text[-1] <= "\u06ff":
        return True
    letters = 0
    while letters < 3 and letters < len(text) and text[-1 - letters].isalpha():
        letters += 1
    return letters > 2


def _starts_word(text: str) -> bool:
    return text[:1].isalnum()


def _uses_spaces(lang: str | None) -> bool:
    return lang is None or lang.replace("-", "_").split("_")[0].lower() not in _UNSPACED_LANGUAGES


def _written(value: _Value, target: str | None, digits: str | None) -> str | None:
    """A protected value in ``target`` (None: as the source wrote it)."""
    if isinstance(value, _Term):
        return value.target
    if target is None:
        return None
    if isinstance(value, DateMention):
        return format_date_like(value, target, digits=digits)
    return format_number_like(value, target, digits=digits)


def _starts_sentence(before: str, source: str) -> bool:
    """Whether a value written after ``before`` starts a sentence (and takes a capital)."""
    text = before.rstrip()
    if not text:
        # The start of the segment: a sentence when the source starts with a capital or no letter.
        first = next((ch for ch in source if ch.isalpha()), "")
        return not first or first.isupper()
    return text[-1] in "¡¿" or (text[-1] in ".!?" and before[-1:].isspace())


def _merge_split_pairs(items: list[tuple[str, str | int]]) -> None:
    """Join the copies of a pair an engine split: first opening to last closing, if nothing crosses them."""
    for ident in {value for kind, value in items if kind == "open"}:
        opens = [i for i, (kind, value) in enumerate(items) if kind == "open" and value == ident]
        closes = [i for i, (kind, value) in enumerate(items) if kind == "close" and value == ident]
        if len(opens) < 2 or len(opens) != len(closes) or opens[0] > closes[-1]:
            continue
        first, last = opens[0], closes[-1]
        inside: dict[str | int, int] = {}
        for kind, value in items[first + 1:last]:
            if kind in ("open", "close") and value != ident:
                inside[value] = inside.get(value, 0) + (1 if kind == "open" else -1)
        if any(inside.values()):
            continue  # another pair would cross the joined span
        for index in [*opens[1:], *closes[:-1]]:
            items[index] = ("text", "")


def protect(text: str, *, source: str = "en", terms: TermFinder | None = None) -> Protected:
    """Turn the inline Markdown of ``text`` into XML tags (see :class:`Protected`).

    The spans come from markdown-it's own inline parser, so what is markup is
    decided exactly as when the statement is rendered. In the text between
    them, domain names (:func:`stmtl10n.patterns.is_domain`; a link's whole
    text when it is one), dates and formatted numbers (:mod:`stmtl10n.dates`)
    and glossary terms become placeholders too.

    :param source: the language of ``text``, for its dates and numbers.
    :param terms: the glossary's terms for the target language, for an engine
        that has no glossary of its own; each becomes a placeholder that
        :meth:`Protected.restore` writes as the target term.

    >>> p = protect("Read [the call](https://x.org/a?b=1&c=2) *now*")
    >>> p.xml
    'Read <a i="1">the call</a> <em i="2">now</em>'
    >>> p.restore('Lea <a i="1">el llamamiento</a> <em i="2">ya</em>')
    'Lea [el llamamiento](https://x.org/a?b=1&c=2) *ya*'
    >>> p = protect("On 3 March 2025, 40,000 marched: [fourth.international](https://fourth.international)")
    >>> p.xml
    'On <x i="1"/>, <x i="2"/> marched: <a i="3"><x i="4"/></a>'
    >>> p.restore('El <x i="1"/>, <x i="2"/> marcharon: <a i="3"><x i="4"/></a>', target="es")
    'El 3 de marzo de 2025, 40.000 marcharon: [fourth.international](https://fourth.international)'
    """
    may_have_markup = _MAY_HAVE_MARKUP.search(text) is not None
    recorder = _recorded(text) if may_have_markup else _Recorder()

    events: list[tuple[int, int, str, str, int]] = []  # start, end, role, tag, id
    markup: dict[int, tuple[str, str]] = {}
    spacing: dict[int, _Spacing] = {}
    link_texts: set[tuple[int, int]] = set()
    next_id = 1
    for tag, open_start, open_end, close_start, close_end in recorder.pairs:
        markup[next_id] = (text[open_start:open_end], text[close_start:close_end])
        spacing[next_id] = _Spacing(
            before=_space_or_edge(text, open_start - 1), after=_space_or_edge(text, close_end),
            inner_lead=text[open_end:close_start][:1].isspace(), inner_trail=text[open_end:close_start][-1:].isspace(),
            empty=open_end == close_start,
        )
        events.append((open_start, open_end, "open", tag, next_id))
        events.append((close_start, close_end, "close", tag, next_id))
        if tag == "a":
            link_texts.add((open_end, close_start))
        next_id += 1
    for start, end in recorder.placeholders:
        events.append((start, end, "placeholder", PLACEHOLDER_TAG, 0))
    events.sort(key=lambda event: (event[0], event[1]))

    # What no engine may translate in the text between the markup: domains, dates, numbers, terms.
    values: dict[tuple[int, int], _Value | None] = {}
    pos = 0
    for start, end in [*((event[0], event[1]) for event in events), (len(text), len(text))]:
        if start < pos:
            continue
        if start > pos:
            values.update(_protected_spans(text, pos, start, source, terms, link_text=(pos, start) in link_texts))
        pos = max(pos, end)
    if not may_have_markup and not values:
        # Most msgids are plain prose with nothing to protect.
        return Protected(text, text.replace(">", "&gt;"))
    events += [(start, end, "value", PLACEHOLDER_TAG, 0) for start, end in values]
    events.sort(key=lambda event: (event[0], event[1]))

    xml: list[str] = []
    found: dict[int, _Value] = {}
    pos = 0
    for start, end, role, tag, ident in events:
        if start < pos:
            continue  # inside a span already taken (never happens with a sane parser)
        next_id = _emit_text(text[pos:start], xml, markup, next_id)
        if role == "open":
            xml.append(f'<{tag} i="{ident}">')
        elif role == "close":
            xml.append(f"</{tag}>")
        else:
            markup[next_id] = (text[start:end], "")
            spacing[next_id] = _Spacing(before=_space_or_edge(text, start - 1), after=_space_or_edge(text, end))
            value = values.get((start, end)) if role == "value" else None
            if value is not None:
                found[next_id] = value
            xml.append(f'<{PLACEHOLDER_TAG} i="{next_id}"/>')
            next_id += 1
        pos = end
    _emit_text(text[pos:], xml, markup, next_id)
    # Ids were handed out in two passes (pairs first); keep them in document order
    # for readability of what is sent.
    return _renumbered(Protected(text, "".join(xml), markup, found, spacing))


def _recorded(text: str) -> _Recorder:
    """The spans of the inline markup of ``text``, as markdown-it's inline parser finds them."""
    recorder = _Recorder()
    env: dict[str, Any] = {_ENV_KEY: recorder, "references": _AnyReference()}
    tokens: list[Token] = []
    # Straight to the inline parser: the core rules would normalize the text
    # (CR, NUL) and shift every position.
    _parser().inline.parse(text, _parser(), env, tokens)
    _collect_emphasis(tokens, recorder)
    for note in env.get("footnotes", {}).get("list", {}).values():
        _collect_emphasis(note.get("tokens", []), recorder)  # an inline footnote's text is parsed on its own
    return recorder


@dataclass(frozen=True, slots=True)
class MarkupSpan:
    """One piece of the inline markup of a text: a pair (emphasis, a link…) or a placeholder (code, a URL…).

    :param key: what a translation must have the same of: ``strong``, ``em``,
        ``[…](https://x.org)`` for a link, the raw text of a placeholder
        (`` `make demo` ``, a URL, a hashtag), ``<br>`` for a hard line break.
    :param open: the span of the opening delimiter, or of the whole placeholder.
    :param close: the span of the closing delimiter; None for a placeholder.
    """

    key: str
    open: tuple[int, int]
    close: tuple[int, int] | None = None

    @property
    def is_pair(self) -> bool:
        return self.close is not None


def markup_spans(text: str) -> list[MarkupSpan]:
    """The inline markup of ``text`` in order, as :func:`protect` sees it (escapes and entities left out).

    >>> [(m.key, m.open, m.close) for m in markup_spans("**Sign** [it](https://x.org) `now`")]
    [('strong', (0, 2), (6, 8)), ('[…](https://x.org)', (9, 10), (12, 28)), ('`now`', (29, 34), None)]
    """
    if not _MAY_HAVE_MARKUP.search(text):
        return []
    recorder = _recorded(text)
    spans = []
    for tag, open_start, open_end, close_start, close_end in recorder.pairs:
        if tag in ("em", "strong"):
            key = tag
        else:
            key = f"{text[open_start:open_end]}…{text[close_start:close_end]}"
        spans.append(MarkupSpan(key, (open_start, open_end), (close_start, close_end)))
    for start, end in recorder.placeholders:
        raw = text[start:end]
        if raw.endswith("\n"):
            spans.append(MarkupSpan("<br>", (start, end)))
        elif not raw.startswith(("\\", "&")):
            spans.append(MarkupSpan(raw, (start, end)))
    return sorted(spans, key=lambda span: span.open)


def inline_markup(text: str) -> Counter[str]:
    """How many of each :attr:`MarkupSpan.key` ``text`` has: a translation with the same has the same markup.

    A bracketed label alone (``[sic]``, ``[ES]``) does not count: cut out of its
    statement, a msgid cannot tell a shortcut reference link from brackets.

    >>> inline_markup("**No peace** without [justice](https://x.org)!") == inline_markup("**No hay paz** sin [justicia](https://x.org)!")
    True
    >>> inline_markup("[ES] Down with the occupation!")
    Counter()
    """
    return Counter(span.key for span in markup_spans(text) if span.key != _SHORTCUT_REFERENCE)


_SHORTCUT_REFERENCE = "[…]"


def _space_or_edge(text: str, index: int) -> bool:
    return not 0 <= index < len(text) or text[index].isspace()


def _protected_spans(
    text: str, start: int, end: int, source: str, terms: TermFinder | None, *, link_text: bool
) -> dict[tuple[int, int], _Value | None]:
    """Spans of ``text[start:end]`` (prose between markup) no engine may translate: None for those kept as
    written (domain names), else what they are written as in the target language."""
    run = text[start:end]
    if link_text:
        # A link whose text is its address ("[fourth.international](https://…)"): kept whole.
        core = run.strip()
        if core and _is_address(core):
            lead = start + len(run) - len(run.lstrip())
            return {(lead, lead + len(core)): None}
    found: list[tuple[int, int, _Value | None]] = []
    for match in DOMAIN_RE.finditer(text, start, end):
        first, last = match.span()
        if text[first - 1:first] == "@" or text[last:last + 1] == "@" or not is_domain(match.group(), in_prose=True):
            continue  # an address's server or local part, or no domain ("e.g.", "U.S.")
        found.append((first, _path_end(text, last, end), None))
    if _DIGIT_RE.search(run) or not source.startswith("en"):
        found += [(start + m.start, start + m.end, m) for m in find_dates(run, source) if m.month is not None]
        found += [(start + m.start, start + m.end, m) for m in find_numbers(run, source)]
    elif run != run.lower():
        # Without a digit only a month alone can be a date ("in March"): capitalized in English.
        found += [(start + m.start, start + m.end, m) for m in find_dates(run, source) if m.month is not None]
    if terms:
        found += [(m.start, m.end, _Term(m.target)) for m in terms.find(text, start, end)]
    # The earliest span wins, then the longest.
    found.sort(key=lambda span: (span[0], span[0] - span[1]))
    spans: dict[tuple[int, int], _Value | None] = {}
    pos = start
    for first, last, value in found:
        if first >= pos and last > first:
            spans[(first, last)] = value
            pos = last
    return spans


_DIGIT_RE = re.compile(r"\d")


def _is_address(text: str) -> bool:
    """A domain name, or one followed by a path (``bdsmovement.net/faq``), standing alone."""
    host, slash, path = text.partition("/")
    return is_domain(host) and (not slash or (not any(ch.isspace() for ch in path) and bool(trim_url("www." + text))))


def _path_end(text: str, end: int, limit: int) -> int:
    """Where a domain name's path ends, when one follows it in prose (``bdsmovement.net/faq``)."""
    if text[end:end + 1] != "/":
        return end
    stop = end
    while stop < limit and not text[stop].isspace() and text[stop] not in "<>\"'`[]{}“”‘’«»":
        stop += 1
    return end + len(trim_url("www.x" + text[end:stop])) - len("www.x")


# --- the parser, with its rules wrapped to record source spans -------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The statements' own syntax, plus what a msgid cut out of its statement needs.
    md = make_markdown_parser()
    md.inline.ruler.before("link", "msgid_footnote_ref", _footnote_ref)
    md.inline.ruler.before("link", "bare_url", _bare_url)
    md.inline.ruler.before("link", "email", _email)
    md.inline.ruler.before("link", "hashtag", _hashtag)
    md.inline.ruler.before("text", "www_url", _www_url)
    _stop_text_before_www(md)
    for name in ("backticks", "escape", "entity", "autolink", "html_inline", "msgid_footnote_ref"):
        _wrap(md, name, _record_placeholder)
    _wrap(md, "newline", _record_hard_break)
    _wrap(md, "link", _record_link)
    _wrap(md, "image", _record_image)
    _wrap(md, "footnote_inline", _record_inline_footnote)
    _wrap(md, "emphasis", _record_emphasis_delimiters)
    return md


Recorder = Callable[[StateInline, int, int, Callable[[StateInline, bool], bool]], bool]


def _wrap(md: MarkdownIt, name: str, record: Recorder) -> None:
    rules = md.inline.ruler.__rules__
    index = md.inline.ruler.__find__(name)
    original = rules[index].fn

    def wrapped(state: StateInline, silent: bool) -> bool:
        if silent or _ENV_KEY not in state.env:
            return original(state, silent)
        return record(state, state.pos, len(state.tokens), original)

    md.inline.ruler.at(name, wrapped)


def _recorder(state: StateInline) -> _Recorder:
    recorder: _Recorder = state.env[_ENV_KEY]
    return recorder


def _record_placeholder(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    matched = rule(state, False)
    # A rule that only added literal text (an unmatched backtick, ``\a``, ``&foo``)
    # pushed no token: that text stays translatable text.
    if matched and len(state.tokens) > n_tokens and state.tokens[-1].type != "text":
        recorder = _recorder(state)
        recorder.placeholders.append((recorder.offset + start, recorder.offset + state.pos))
    return matched


def _record_hard_break(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    matched = rule(state, False)
    if matched and state.tokens and len(state.tokens) > n_tokens and state.tokens[-1].type == "hardbreak":
        first = start
        while first > 0 and state.src[first - 1] == " ":
            first -= 1  # the two or more spaces before the newline are the break
        recorder = _recorder(state)
        recorder.placeholders.append((recorder.offset + first, recorder.offset + state.pos))
    return matched


def _record_link(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    if state.src[start] != "[":
        # Not a link; and parseLinkLabel would read to the end at every such position.
        return rule(state, False)
    maximum = state.posMax
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    matched = rule(state, False)
    if matched and label_end > start and len(state.tokens) > n_tokens:
        recorder = _recorder(state)
        offset = recorder.offset
        recorder.pairs.append(("a", offset + start, offset + start + 1, offset + label_end, offset + state.pos))
    state.posMax = maximum
    return matched


def _record_image(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    if not state.src.startswith("![", start):
        return rule(state, False)
    recorder = _recorder(state)
    label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)
    outer_offset = recorder.offset
    # The alt text is parsed as a separate string: shift what is recorded inside it.
    recorder.offset = outer_offset + start + 2
    try:
        matched = rule(state, False)
    finally:
        recorder.offset = outer_offset
    if matched and label_end > start and len(state.tokens) > n_tokens:
        recorder.pairs.append(
            ("image", outer_offset + start, outer_offset + start + 2, outer_offset + label_end, outer_offset + state.pos)
        )
    return matched


def _record_inline_footnote(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    recorder = _recorder(state)
    outer_offset = recorder.offset
    # ``^[text]``: the text is parsed as a separate string, as an image's alt text is.
    recorder.offset = outer_offset + start + 2
    try:
        matched = rule(state, False)
    finally:
        recorder.offset = outer_offset
    if matched and len(state.tokens) > n_tokens:
        # The note's text travels between "^[" and "]" as a link's text does between its brackets.
        recorder.pairs.append(
            ("a", outer_offset + start, outer_offset + start + 2, outer_offset + state.pos - 1, outer_offset + state.pos)
        )
    return matched


def _record_emphasis_delimiters(
    state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]
) -> bool:
    matched = rule(state, False)
    if matched:
        # One text token per delimiter character, pushed last; which of them
        # become <em>/<strong> is decided later, by the post-processing pass.
        run = state.pos - start
        offset = _recorder(state).offset
        for index, token in enumerate(state.tokens[len(state.tokens) - run:]):
            token.meta["source_pos"] = offset + start + index
    return matched


def _collect_emphasis(tokens: list[Token], recorder: _Recorder) -> None:
    stack: list[tuple[str, int, int]] = []
    for token in _walk(tokens):
        if token.type in ("em_open", "strong_open", "em_close", "strong_close") and "source_pos" in token.meta:
            pos = token.meta["source_pos"]
            width = len(token.markup)
            if token.nesting == 1:
                # For ``**`` the opening token is the second delimiter character.
                stack.append((token.tag, pos - width + 1, pos + 1))
            elif stack:
                tag, open_start, open_end = stack.pop()
                recorder.pairs.append((tag, open_start, open_end, pos, pos + width))


def _walk(tokens: list[Token]) -> Any:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    """``[^label]``: a footnote reference, whether or not its definition is in the msgid."""
    src, pos = state.src, state.pos
    if not src.startswith("[^", pos):
        return False
    end = pos + 2
    while end < state.posMax and src[end] not in "] \t\n[":
        end += 1
    if end == pos + 2 or end >= state.posMax or src[end] != "]":
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.markup = src[pos:end + 1]
    state.pos = end + 1
    return True


# Bare URLs, e-mail addresses, hashtags and handles are prose to CommonMark, but
# no engine may touch them (Apertium capitalizes and translates words of a URL);
# what they are is decided in stmtl10n.patterns. Their rules fire on the
# terminator character (``:``, ``@``, ``#``) and look back in the source for what
# the text rule has already passed (a scheme, a local part). A ``www.`` address
# has no terminator: the text rule stops before it and its own rule takes it.


def _claim_lookback(state: StateInline, kind: str, start: int, end: int, *, silent: bool) -> bool:
    """Take ``src[start:end]`` as one placeholder token and move past it.

    These rules match from a character before state.pos (the ":" of a URL, the
    "@" of an address), so they record their own span for the placeholder.
    """
    if not silent:
        state.push(kind, "", 0)
        recorder: _Recorder | None = state.env.get(_ENV_KEY)
        if recorder is not None:
            recorder.placeholders.append((recorder.offset + start, recorder.offset + end))
    state.pos = end
    return True


def _bare_url(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != ":":
        return False
    for scheme in URL_SCHEMES:
        start = pos - len(scheme)
        if start >= 0 and src[start:pos].lower() == scheme:
            end = url_end(src, start, state.posMax)
            if end is not None:
                return _claim_lookback(state, "bare_url", start, end, silent=silent)
    return False


def _www_url(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] not in "wW" or src[pos:pos + 4].lower() != "www.":
        return False
    end = url_end(src, pos, state.posMax)
    return end is not None and _claim_lookback(state, "bare_url", pos, end, silent=silent)


def _stop_text_before_www(md: MarkdownIt) -> None:
    """Make the text rule end its run before a ``www.`` address, where :func:`_www_url` takes over."""
    index = md.inline.ruler.__find__("text")
    original = md.inline.ruler.__rules__[index].fn

    def text(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not original(state, silent):
            return False
        # Searched within the run only (one character more for the URL's first), so each run is read once.
        www = URL_RE.search(state.src, start + 1, min(state.pos + 1, state.posMax))
        if www is not None:
            if not silent:
                state.pending = state.pending[: len(state.pending) - (state.pos - www.start())]
            state.pos = www.start()
        return True

    md.inline.ruler.at("text", text)


def _email(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "@":
        return False
    # The local part is in the text not yet made a token: "_" of "_a@b.org_" is emphasis.
    span = email_span(src, pos, start=pos - len(state.pending), end=state.posMax)
    if span is not None:
        return _claim_lookback(state, "email", *span, silent=silent)
    handle = HANDLE_RE.match(src, pos, state.posMax)
    return handle is not None and _claim_lookback(state, "handle", pos, handle.end(), silent=silent)


def _hashtag(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "#":
        return False
    tag = HASHTAG_RE.match(state.src, state.pos, state.posMax)
    return tag is not None and _claim_lookback(state, "hashtag", state.pos, tag.end(), silent=silent)


# --- XML text -----------------------------------------------------------------------

# Any tag: in the XML sent, every ``<`` of the text is escaped, so a tag in what
# comes back is either ours or one the engine made up (dropped on restore).
_TAG_RE = re.compile(
    r'<(?P<close>/?)(?P<name>[A-Za-z][\w.:-]*)'
    r'(?:\s+i\s*=\s*["\']?(?P<id>\d{1,9})["\']?)?[^<>]*?/?>'
)
# What starts an inline rule (the statements' syntax, footnote references, bare URLs,
# e-mail addresses, hashtags, handles), and the characters XML cannot carry as text.
_MAY_HAVE_MARKUP = re.compile(
    r"[\n\\`*_\[!<&@#]|://|(?i:mailto:|www\.)|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# What text cannot carry as it is in XML: "& < >" and characters outside XML 1.0's Char (CR too).
_XML_SPECIAL = re.compile(r"[&<>]|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ENTITY_RE = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _is_xml_char(char: str) -> bool:
    # XML 1.0 Char production; CR is excluded too, as XML parsers turn it into LF.
    code = ord(char)
    return (
        code in (0x9, 0xA)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _emit_text(text: str, xml: list[str], markup: dict[int, tuple[str, str]], next_id: int) -> int:
    if not _XML_SPECIAL.search(text):
        xml.append(text)  # most text: nothing to escape
        return next_id
    for char in text:
        if char == "&":
            xml.append("&amp;")
        elif char == "<":
            xml.append("&lt;")
        elif char == ">":
            xml.append("&gt;")
        elif _is_xml_char(char):
            xml.append(char)
        else:
            markup[next_id] = (char, "")
            xml.append(f'<{PLACEHOLDER_TAG} i="{next_id}"/>')
            next_id += 1
    return next_id


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _NAMED:
            return _NAMED[name]
        try:
            return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        except (ValueError, OverflowError):
            return match.group(0)

    return _ENTITY_RE.sub(replace, text)


def _renumbered(protected: Protected) -> Protected:
    order: dict[int, int] = {}

    def renumber(match: re.Match[str]) -> str:
        old = int(match.group(2))
        new = order.setdefault(old, len(order) + 1)
        return f'{match.group(1)}i="{new}"'

    xml = re.sub(r'(<[a-z]+ )i="(\d+)"', renumber, protected.xml)
    markup = {order[old]: raw for old, raw in protected._markup.items() if old in order}
    values = {order[old]: value for old, value in protected._values.items() if old in order}
    spacing = {order[old]: edges for old, edges in protected._spacing.items() if old in order}
    return Protected(protected.source, xml, markup, values, spacing)


def _with_edges_of(source: str, translated: str) -> str:
    core = source.strip()
    if not core:
        return source
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()):]
    return lead + translated.strip() + trail
