"""Dates and formatted numbers of prose: found in a source text, written again in a target language with CLDR.

:func:`find_dates` reads the dates of a text in its language, by the month and
weekday names CLDR gives that language (through babel, in all its regional
variants: ``Sept`` is British English), with what prose puts around them:
``3 March 2025``, ``March 3, 2025``, ``29th of November``, ``September 2024``,
``Saturday, 12 October 2024``, ``Oct. 7``, and ``7th October to 13th October``
(two dates). A month alone is a date only where a preposition makes it one in
English ("in March", "since May": "March" and "May" are words too), or always in
a language that writes its months in lower case; a weekday alone is listed too.
Each :class:`DateMention` says what the text gives (day, month, year, weekday)
and in which form (a CLDR skeleton such as ``yMMMMd``), with its span.

:func:`format_date_like` writes a mention in another language in the same form,
with CLDR's patterns for it: ``3 March 2025`` is ``3 de marzo de 2025`` in
Spanish and ``3 mars 2025`` in French; ``29th of November`` is ``29 de
noviembre``.

:func:`find_numbers` and :func:`format_number_like` do the same for the numbers
a text has formatted (grouped digits ``40,000``, a decimal ``2.5 million``, a
percentage ``40%``): ``40.000`` in Spanish, ``40 000`` in French. A bare number
(``1947``, ``250``) is no formatted number and is left alone.

Digits are written in a numbering system: CLDR's default for the language
(:func:`default_numbering_system`), or one the project chooses among those CLDR
lists for it (:func:`numbering_systems`: Arabic has ``latn`` and ``arab``).
babel gives the systems and their symbols; the digits themselves are Unicode's
decimal digits of the system's script.

Every scan is linear in the number of words of the text.
"""

from __future__ import annotations

import calendar
import copy
import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Literal

from babel import Locale, UnknownLocaleError, localedata
from babel.dates import format_date, get_day_names, get_month_names, match_skeleton
from babel.numbers import get_decimal_symbol, get_group_symbol

# --- mentions -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as a text writes it.

    :param text: the date as written (``text[start:end]`` of the text it was found in).
    :param day: 1–31, or None when the text gives none (``September 2024``).
    :param month: 1–12, or None for a weekday alone.
    :param year: or None (``29th of November``).
    :param weekday: 0 = Monday (as :meth:`datetime.date.weekday`), or None.
    :param form: the CLDR skeleton of what is written: ``y`` year, ``MMMM``
        (``MMM``) wide (abbreviated) month, ``EEEE`` (``E``) wide (abbreviated)
        weekday, ``d`` day; ``yMMMMd`` for ``3 March 2025``, ``MMMMd`` for
        ``29th of November``, ``yMMMM`` for ``September 2024``, ``MMMM`` for a
        month alone, ``EEEE`` for a weekday alone.
    :param ordinal: the day is written as an ordinal (``29th``, ``1er``).
    """

    text: str
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    form: str = ""
    ordinal: bool = False

    @property
    def date(self) -> datetime.date | None:
        """The date, when the text gives its day, month and year."""
        if self.day is None or self.month is None or self.year is None:
            return None
        return datetime.date(self.year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number a text has formatted: grouped digits, a decimal, a percentage.

    :param value: the number (for ``40%``, 40).
    :param fraction_digits: digits after the decimal separator, kept when written again.
    :param percent: written with a percent sign.
    """

    text: str
    start: int
    end: int
    value: Decimal
    fraction_digits: int = 0
    percent: bool = False


# --- numbering systems --------------------------------------------------------------

# The zero of each decimal numbering system CLDR uses for a language (the nine
# other digits follow it in Unicode): "arab" is U+0660 ARABIC-INDIC DIGIT ZERO.
_ZERO_DIGITS = {
    "latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "gujr": "\u0ae6",
    "guru": "\u0a66", "knda": "\u0ce6", "mlym": "\u0d66", "orya": "\u0b66", "telu": "\u0c66", "tamldec": "\u0be6",
    "thai": "\u0e50", "laoo": "\u0ed0", "khmr": "\u17e0", "mymr": "\u1040", "tibt": "\u0f20", "mong": "\u1810",
    "olck": "\u1c50", "nkoo": "\u07c0", "mtei": "\uabf0", "cakm": "\U00011136", "adlm": "\U0001e950",
    "hmnp": "\U0001e140", "java": "\ua9d0", "vaii": "\ua620", "fullwide": "\uff10",
}


def default_numbering_system(lang: str) -> str:
    """CLDR's numbering system for ``lang`` (``latn`` when unknown or not decimal).

    >>> default_numbering_system("ar"), default_numbering_system("ar_EG"), default_numbering_system("fa")
    ('latn', 'arab', 'arabext')
    """
    locale = _locale(lang)
    system = locale.default_numbering_system if locale is not None else "latn"
    return system if system in _ZERO_DIGITS else "latn"


def numbering_systems(lang: str) -> tuple[str, ...]:
    """The numbering systems whose digits can be written for ``lang``: ``latn``, CLDR's default and native ones.

    >>> numbering_systems("ar"), numbering_systems("es")
    (('latn', 'arab'), ('latn',))
    """
    locale = _locale(lang)
    if locale is None:
        return ("latn",)
    found = ["latn", locale.default_numbering_system, *locale.other_numbering_systems.values()]
    return tuple(system for system in dict.fromkeys(found) if system in _ZERO_DIGITS)


def with_digits(text: str, system: str) -> str:
    """``text`` with its ASCII digits written in numbering system ``system``.

    >>> with_digits("3 مارس 2025", "arab")
    '٣ مارس ٢٠٢٥'
    """
    zero = _ZERO_DIGITS.get(system, "0")
    if zero == "0":
        return text
    return text.translate({ord("0") + n: chr(ord(zero) + n) for n in range(10)})


# --- tokens -------------------------------------------------------------------------

# A number, a word (letters, with their combining marks, and the digits glued
# after them) or one other character; a scan is linear. (Excluding digits from
# the word class with [^\W\d_] beside the marks would cost 40 ms to compile.)
_TOKEN_RE = re.compile(r"\d+|(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+|\S")
_YEARS = range(1000, 3000)
_RANGE_DASHES = frozenset("-–—")
_NUMBER_SEPARATORS = frozenset(",.'’\u00a0\u202f")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "word" or "mark"
    text: str
    key: str  # as names are compared: no accents, case folded
    start: int
    end: int


def _key(word: str) -> str:
    if word.isascii():
        return word.casefold()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        piece = match.group()
        kind = "number" if piece[0].isdecimal() else "word" if piece[0].isalpha() else "mark"
        tokens.append(_Token(kind, piece, _key(piece), match.start(), match.end()))
    return tokens


def _glued(tokens: Sequence[_Token], index: int) -> bool:
    """Whether ``tokens[index]`` follows the token before it with no space."""
    return 0 < index < len(tokens) and tokens[index].start == tokens[index - 1].end


# --- names --------------------------------------------------------------------------

# What English prose puts around dates beyond CLDR's patterns: "29th of November",
# "November the 29th", "Saturday the 12th"; and the words after which a month
# alone is a date ("in March"; "the March of Return" is no date).
_PROSE_CONNECTORS = {"en": ("of", "the")}
_LONE_MONTH_AFTER = {
    "en": ("in", "since", "until", "till", "by", "during", "before", "after", "from", "to", "through",
           "throughout", "of", "between", "early", "late", "last", "next", "this", "each", "every"),
}
# Ordinal endings of a day in English; other languages: any short ending ("1er", "7.º").
_ORDINAL_ENDINGS = {"en": frozenset({"st", "nd", "rd", "th"})}
_MAX_ENDING = 3


@dataclass(frozen=True, slots=True)
class _Names:
    """A language's month and weekday names as token keys, and the words around dates."""

    months: dict[tuple[str, ...], tuple[int, str]]  # keys -> (month, "wide" | "abbreviated")
    weekdays: dict[tuple[str, ...], tuple[int, str]]  # keys -> (weekday, width)
    longest: int
    capitalized: bool  # CLDR writes the months with a capital (English, German)
    connectors: frozenset[str]
    lone_month_after: frozenset[str]
    endings: frozenset[str] | None
    first_words: frozenset[str]  # the first word of every name: a text with none of them has no date


@cache
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _variants(locale: Locale, *, every_form: bool) -> list[str]:
    """The locale and the other forms CLDR has of its language: the regional ones in its script
    (``en`` → ``en_GB``…), or with ``every_form`` all of them (``sr_Latn``, ``ca_ES_VALENCIA``)."""
    found = [str(locale)]
    for code in localedata.locale_identifiers():
        if code.split("_")[0] != locale.language or code == str(locale):
            continue
        other = _locale(code)
        if other is not None and (every_form or (other.script == locale.script and not other.variant)):
            found.append(code)
    return found


@dataclass(frozen=True, slots=True)
class CalendarName:
    """A name CLDR gives a month or a weekday in one form of a language: ``("Sept", "month", 9, "abbreviated")``.

    :param number: the month, 1 to 12, or the weekday, 0 = Monday.
    """

    text: str
    kind: Literal["month", "weekday"]
    number: int
    width: Literal["wide", "abbreviated"]


@cache
def calendar_names(lang: str, *, every_form: bool = False) -> tuple[CalendarName, ...]:
    """Every month and weekday name CLDR gives ``lang`` in its regional forms, each once; () for no language CLDR has.

    Both widths, in both contexts (``format``, ``stand-alone``). With
    ``every_form``, the forms in other scripts and variants too (see
    :func:`_variants`). Reading the dates of a text and checking those of a
    translation both start here: the names are taken from CLDR once.

    >>> CalendarName("Sept", "month", 9, "abbreviated") in calendar_names("en")
    True
    """
    locale = _locale(lang)
    if locale is None:
        return ()
    found: dict[CalendarName, None] = {}
    widths: tuple[Literal["wide", "abbreviated"], ...] = ("wide", "abbreviated")
    for code in _variants(locale, every_form=every_form):
        for context in ("format", "stand-alone"):
            for width in widths:
                for number, name in get_month_names(width, context, locale=code).items():
                    found[CalendarName(name, "month", number, width)] = None
                for number, name in get_day_names(width, context, locale=code).items():
                    found[CalendarName(name, "weekday", number, width)] = None
    return tuple(found)


def _name_keys(name: str) -> tuple[str, ...]:
    return tuple(token.key for token in _tokens(name) if token.kind == "word")


@cache
def _names(lang: str) -> _Names | None:
    locale = _locale(lang)
    if locale is None:
        return None
    months: dict[tuple[str, ...], set[tuple[int, str]]] = {}
    weekdays: dict[tuple[str, ...], set[tuple[int, str]]] = {}
    for name in calendar_names(lang):
        table = months if name.kind == "month" else weekdays
        table.setdefault(_name_keys(name.text), set()).add((name.number, name.width))

    def unambiguous(table: dict[tuple[str, ...], set[tuple[int, str]]]) -> dict[tuple[str, ...], tuple[int, str]]:
        # A name two variants give to different months says nothing; "May" is wide and abbreviated: wide.
        result = {}
        for keys, values in table.items():
            if keys and len({number for number, _ in values}) == 1:
                result[keys] = min(values, key=lambda value: value[1] != "wide")
        return result

    connectors = set(_PROSE_CONNECTORS.get(locale.language, ()))
    patterns = [str(locale.date_formats[width].pattern) for width in ("full", "long", "medium")]
    patterns += [str(locale.datetime_skeletons[s].pattern) for s in ("MMMMd", "yMMMM", "yMMMMd")
                 if s in locale.datetime_skeletons]
    for pattern in patterns:
        for literal in re.findall(r"'([^']*)'", pattern):
            connectors.update(token.key for token in _tokens(literal) if token.kind == "word")
    wide = get_month_names("wide", locale=locale)
    found_months, found_weekdays = unambiguous(months), unambiguous(weekdays)
    return _Names(
        months=found_months,
        weekdays=found_weekdays,
        longest=max((len(keys) for table in (found_months, found_weekdays) for keys in table), default=1),
        capitalized=all(name[:1].isupper() for name in wide.values()),
        connectors=frozenset(connectors),
        lone_month_after=frozenset(_LONE_MONTH_AFTER.get(locale.language, ())),
        endings=_ORDINAL_ENDINGS.get(locale.language),
        first_words=frozenset(keys[0] for table in (found_months, found_weekdays) for keys in table),
    )


# The words of _TOKEN_RE, alone.
_WORDS_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+")


def _may_have_names(text: str, names: _Names) -> bool:
    """Whether a word of ``text`` may start a month's or weekday's name (most texts have none: no tokens then)."""
    return not names.first_words.isdisjoint(map(_key, _WORDS_RE.findall(text)))


def _name_at(
    table: dict[tuple[str, ...], tuple[int, str]], tokens: Sequence[_Token], at: int, names: _Names
) -> tuple[int, str, int] | None:
    """The name of ``table`` starting at ``tokens[at]``: (number, width, index after it), or None."""
    if tokens[at].kind != "word" or (names.capitalized and not tokens[at].text[:1].isupper()):
        return None
    for length in range(min(names.longest, len(tokens) - at), 0, -1):
        words = tokens[at:at + length]
        if all(token.kind == "word" for token in words):
            found = table.get(tuple(token.key for token in words))
            if found is not None:
                return found[0], found[1], at + length
    return None


def _name_ending_at(
    table: dict[tuple[str, ...], tuple[int, str]], tokens: Sequence[_Token], last: int, floor: int, names: _Names
) -> tuple[int, str, int] | None:
    """The name of ``table`` whose last token is ``tokens[last]``: (number, width, its first index), or None."""
    for length in range(1, names.longest + 1):
        first = last - length + 1
        if first < floor:
            break
        found = _name_at(table, tokens, first, names)
        if found is not None and found[2] == last + 1:
            return found[0], found[1], first
    return None


# --- finding dates ------------------------------------------------------------------


def find_dates(text: str, lang: str) -> list[DateMention]:
    """The dates of ``text``, written in ``lang``, in order (none for a language CLDR does not know).

    >>> [(m.text, m.day, m.month, m.year, m.form) for m in find_dates("On 3 March 2025 and March 3, 2025.", "en")]
    [('3 March 2025', 3, 3, 2025, 'yMMMMd'), ('March 3, 2025', 3, 3, 2025, 'yMMMMd')]
    >>> [(m.text, m.form, m.ordinal) for m in find_dates("from 7th October to 13th October, since May", "en")]
    [('7th October', 'MMMMd', True), ('13th October', 'MMMMd', True), ('May', 'MMMM', False)]
    >>> [(m.text, m.weekday, m.form) for m in find_dates("Saturday, 12 October 2024; the March of Return", "en")]
    [('Saturday, 12 October 2024', 5, 'yMMMMEEEEd')]
    """
    names = _names(lang)
    if names is None or not text or not _may_have_names(text, names):
        return []
    tokens = _tokens(text)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []  # token ranges of the dates found
    floor = 0
    index = 0
    while index < len(tokens):
        month = _name_at(names.months, tokens, index, names)
        if month is None:
            index += 1
            continue
        mention, first, after = _date_at(text, tokens, index, month, names, floor)
        if mention is not None:
            found.append(mention)
            taken.append((first, after))
            floor = after
        index = max(after, index + 1)
    found += _lone_weekdays(text, tokens, names, taken)
    return sorted(found, key=lambda mention: mention.start)


def _date_at(
    text: str, tokens: Sequence[_Token], at: int, month_found: tuple[int, str, int], names: _Names, floor: int
) -> tuple[DateMention | None, int, int]:
    """The date around the month name at ``tokens[at]``: (the mention or None, its first token, the token after it)."""
    month, width, after = month_found
    first, last = at, after - 1
    count = len(tokens)
    if (width == "abbreviated" and after + 1 < count and tokens[after].text == "." and _glued(tokens, after)
            and tokens[after + 1].kind == "number"):
        last, after = after, after + 1  # "Oct. 7": the point belongs to the month
    day: int | None = None
    ordinal = False

    # The day before the month: "3 March", "29th of November", "7.º de octubre".
    back = at - 1
    if back >= floor and tokens[back].kind == "word" and tokens[back].key in names.connectors:
        back -= 1
    endings = 0
    while endings < 2 and back >= floor and _is_ending(tokens, back, names):
        back -= 1
        endings += 1
    if back >= floor and _is_day(tokens, back, month) and not _after_number_separator(tokens, back):
        day, first, ordinal = int(tokens[back].text), back, any(
            tokens[i].kind == "word" for i in range(back + 1, back + 1 + endings))

    year_from = after
    if day is None:
        # Or after it: "March 3", "November the 29th".
        ahead = after
        if ahead < count and tokens[ahead].kind == "word" and tokens[ahead].key in names.connectors:
            ahead += 1
        if ahead < count and _is_day(tokens, ahead, month) and not _before_number_separator(tokens, ahead):
            if _starts_range(tokens, ahead + 1):
                return None, at, ahead + 3  # "October 7–13": a range, left as it is
            day, last = int(tokens[ahead].text), ahead
            ahead += 1
            while ahead < count and _is_ending(tokens, ahead, names) and tokens[ahead].text != ".":
                ordinal = ordinal or tokens[ahead].kind == "word"
                last = ahead
                ahead += 1
            year_from = ahead

    # The year: "3 March 2025", "March 3, 2025", "marzo de 2025".
    year: int | None = None
    ahead = year_from
    if ahead < count and (tokens[ahead].text == "," or tokens[ahead].key in names.connectors):
        ahead += 1
    if _is_year(tokens, ahead):
        year, last = int(tokens[ahead].text), ahead
    after = max(after, last + 1)

    if day is None and year is None:
        # A month alone: a date after a preposition ("in March"), or in a language writing months in lower case.
        before = tokens[at - 1].key if at > 0 and tokens[at - 1].kind == "word" else ""
        if width != "wide" or (names.capitalized and before not in names.lone_month_after):
            return None, at, after
    if day is not None and day > _days_in(month, year):
        return None, at, after

    weekday: int | None = None
    weekday_width = ""
    if day is not None:
        # The weekday before it: "Saturday 12 October", "Saturday, October 12", "Saturday the 12th".
        back = first - 1
        comma = back > floor and tokens[back].text == "," and _glued(tokens, back)
        if comma or (back >= floor and tokens[back].kind == "word" and tokens[back].key in names.connectors):
            back -= 1
        if back >= floor:
            found = _name_ending_at(names.weekdays, tokens, back, floor, names)
            if found is not None and (year is None or datetime.date(year, month, day).weekday() == found[0]):
                weekday, weekday_width, first = found[0], found[1], found[2]

    form = ("y" if year is not None else "") + ("MMMM" if width == "wide" else "MMM")
    form += ("EEEE" if weekday_width == "wide" else "E") if weekday is not None else ""
    form += "d" if day is not None else ""
    start, end = tokens[first].start, tokens[last].end
    return DateMention(text[start:end], start, end, day, month, year, weekday, form, ordinal), first, after


def _lone_weekdays(text: str, tokens: Sequence[_Token], names: _Names, taken: list[tuple[int, int]]) -> list[DateMention]:
    inside = {index for first, after in taken for index in range(first, after)}
    found = []
    index = 0
    while index < len(tokens):
        weekday = None if index in inside else _name_at(names.weekdays, tokens, index, names)
        if weekday is None or weekday[1] != "wide" or any(i in inside for i in range(index, weekday[2])):
            index += 1
            continue
        start, end = tokens[index].start, tokens[weekday[2] - 1].end
        found.append(DateMention(text[start:end], start, end, weekday=weekday[0], form="EEEE"))
        index = weekday[2]
    return found


def _is_ending(tokens: Sequence[_Token], index: int, names: _Names) -> bool:
    """An ordinal ending glued to a day: "th" of "29th", "." and "º" of "7.º", "er" of "1er"."""
    if not _glued(tokens, index):
        return False
    token = tokens[index]
    if token.kind == "mark":
        return token.text in ".ºª°"
    if token.kind != "word" or len(token.text) > _MAX_ENDING:
        return False
    return names.endings is None or token.key in names.endings


def _is_day(tokens: Sequence[_Token], index: int, month: int) -> bool:
    token = tokens[index]
    return token.kind == "number" and len(token.text) <= 2 and 1 <= int(token.text) <= _days_in(month, None)


def _is_year(tokens: Sequence[_Token], index: int) -> bool:
    if index >= len(tokens):
        return False
    token = tokens[index]
    if token.kind != "number" or len(token.text) != 4 or int(token.text) not in _YEARS:
        return False
    # "2024,5" is a decimal, "2025s" no year.
    after = index + 1
    return not (_glued(tokens, after) and (tokens[after].kind == "word" or _before_number_separator(tokens, index)))


def _after_number_separator(tokens: Sequence[_Token], index: int) -> bool:
    """Whether ``tokens[index]`` ends a formatted number ("1,29"): a separator glued between digits before it."""
    return (index >= 2 and _glued(tokens, index) and tokens[index - 1].text in _NUMBER_SEPARATORS
            and _glued(tokens, index - 1) and tokens[index - 2].kind == "number")


def _before_number_separator(tokens: Sequence[_Token], index: int) -> bool:
    """Whether ``tokens[index]`` starts a formatted number ("25,000"): a separator glued between digits after it."""
    after = index + 1
    return (after + 1 < len(tokens) and _glued(tokens, after) and tokens[after].text in _NUMBER_SEPARATORS
            and _glued(tokens, after + 1) and tokens[after + 1].kind == "number")


def _starts_range(tokens: Sequence[_Token], index: int) -> bool:
    return (index + 1 < len(tokens) and _glued(tokens, index) and tokens[index].text in _RANGE_DASHES
            and tokens[index + 1].kind == "number")


def _days_in(month: int, year: int | None) -> int:
    return calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: a leap year


# --- writing dates ------------------------------------------------------------------


def format_date_like(mention: DateMention, lang: str, *, digits: str | None = None) -> str:
    """``mention`` written in ``lang`` in the same form, with CLDR's pattern for that form.

    :param digits: the numbering system (``latn``, ``arab``…); default: CLDR's for ``lang``.
    :returns: the date in ``lang``; the mention's own text for a language CLDR does not know.

    >>> [format_date_like(m, "es") for m in find_dates("3 March 2025, 29th of November, September 2024", "en")]
    ['3 de marzo de 2025', '29 de noviembre', 'septiembre de 2024']
    >>> [format_date_like(m, lang) for m in find_dates("Saturday 12 October 2024", "en") for lang in ("fr", "es")]
    ['samedi 12 octobre 2024', 'sábado, 12 de octubre de 2024']
    >>> format_date_like(find_dates("3 March 2025", "en")[0], "ar", digits="arab")
    '٣ مارس ٢٠٢٥'
    """
    locale = _locale(lang)
    if locale is None:
        return mention.text
    system = digits or default_numbering_system(lang)
    if mention.month is None:
        if mention.weekday is None:
            return mention.text
        return str(get_day_names("wide", locale=locale)[mention.weekday])
    wide = "MMMM" in mention.form
    if mention.day is None and mention.year is None:
        return str(get_month_names("wide" if wide else "abbreviated", "stand-alone", locale=locale)[mention.month])
    year = mention.year if mention.year is not None else _year_for(mention)
    when = datetime.date(year, mention.month, mention.day or 1)
    text = format_date(when, _pattern(mention.form, locale), locale=locale)
    return with_digits(text, system)


def _year_for(mention: DateMention) -> int:
    """A year in which the mention's day falls on its weekday (or a leap year): it is not written."""
    if mention.weekday is None or mention.day is None or mention.month is None:
        return 2000
    for year in range(2000, 2029):  # every weekday of every day comes within 28 years
        if mention.day <= _days_in(mention.month, year) and \
                datetime.date(year, mention.month, mention.day).weekday() == mention.weekday:
            return year
    return 2000


def _pattern(skeleton: str, locale: Locale) -> str:
    """CLDR's pattern for ``skeleton`` in ``locale``: its long and full date formats, else the closest
    skeleton's pattern with the month and weekday widened as asked (CLDR's rule for skeletons)."""
    if skeleton == "yMMMMd":
        return str(locale.date_formats["long"].pattern)
    if skeleton == "yMMMMEEEEd":
        return str(locale.date_formats["full"].pattern)
    available = locale.datetime_skeletons
    if skeleton in available:
        return str(available[skeleton].pattern)
    closest = match_skeleton(skeleton, available.keys())
    if closest is None:
        return str(locale.date_formats["long"].pattern)
    return _widen(str(available[closest].pattern), wide_month="MMMM" in skeleton, wide_weekday="EEEE" in skeleton)


def _widen(pattern: str, *, wide_month: bool, wide_weekday: bool) -> str:
    """``pattern`` with its text month (``MMM``, ``LLL``) and weekday (``E``, ``ccc``) fields made wide."""
    out = []
    for piece in _pattern_pieces(pattern):
        letter = piece[:1]
        month = wide_month and letter in "ML" and len(piece) == 3
        weekday = wide_weekday and (letter == "E" or (letter in "ce" and len(piece) >= 3)) and len(piece) < 4
        out.append(letter * 4 if month or weekday else piece)
    return "".join(out)


def _pattern_pieces(pattern: str) -> list[str]:
    """A date pattern cut into quoted literals, runs of one field letter, and other characters."""
    pieces: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = pattern.find("'", index + 1)
            end = len(pattern) if end < 0 else end + 1
        elif char.isascii() and char.isalpha():
            end = index + 1
            while end < len(pattern) and pattern[end] == char:
                end += 1
        else:
            end = index + 1
        pieces.append(pattern[index:end])
        index = end
    return pieces


# --- numbers ------------------------------------------------------------------------

# Digits with separators between them: a separator must be followed by a digit,
# so no two ways to match, and a number never starts inside another.
_NUMBER_RE = re.compile(r"(?<![\w.,'’\u00a0\u202f])\d+(?:[.,'’\u00a0\u202f]\d+)*")
_SPACES = frozenset("\u00a0\u202f ")


@cache
def _number_words(lang: str) -> frozenset[str]:
    """CLDR's words for thousand, million…, after which a decimal is a quantity ("2.5 million")."""
    locale = _locale(lang)
    if locale is None:
        return frozenset()
    words: set[str] = set()
    for patterns in locale.compact_decimal_formats.get("long", {}).values():
        for pattern in patterns.values():
            words.update(token.key for token in _tokens(str(pattern.pattern)) if token.kind == "word")
    return frozenset(words)


def find_numbers(text: str, lang: str) -> list[NumberMention]:
    """The numbers ``text`` (written in ``lang``) formats: grouped digits, decimals of a quantity, percentages.

    A decimal counts only beside a percent sign, a currency symbol or a word
    like "million" (CLDR's compact number words), as ``2.100`` may be a version;
    a bare number counts only with a percent sign.

    >>> [(m.text, m.value, m.percent) for m in find_numbers("40,000 people, 2.5 million, 12%; in 1947, v2.100", "en")]
    [('40,000', Decimal('40000'), False), ('2.5', Decimal('2.5'), False), ('12%', Decimal('12'), True)]
    """
    locale = _locale(lang)
    if locale is None:
        return []
    group = get_group_symbol(locale)
    groups = _SPACES - {" "} if group in _SPACES else {group}
    decimal = get_decimal_symbol(locale)
    found = []
    for match in _NUMBER_RE.finditer(text):
        start, end = match.span()
        if text[end:end + 1].isalnum() or text[end:end + 1] == "_":
            continue  # "2.5km", "1,000th"
        parts = re.split(r"([^\d])", match.group())
        numbers, separators = parts[0::2], parts[1::2]
        percent_end = _percent_end(text, end)
        if separators and all(sep in groups for sep in separators[:-1]) and \
                (separators[-1] in groups or separators[-1] == decimal) and \
                1 <= len(numbers[0]) <= 3 and all(len(n) == 3 for n in numbers[1:-1]) and \
                (len(numbers[-1]) == 3 or separators[-1] == decimal) and len(separators) > (separators[-1] == decimal):
            integer = "".join(numbers[:-1] if separators[-1] == decimal else numbers)
            fraction = numbers[-1] if separators[-1] == decimal else ""
        elif len(separators) == 1 and separators[0] == decimal and (
                percent_end is not None or _is_quantity(text, start, end, lang)):
            integer, fraction = numbers
        elif not separators and percent_end is not None:
            integer, fraction = numbers[0], ""
        else:
            continue
        try:
            value = Decimal(f"{int(integer)}.{fraction}" if fraction else str(int(integer)))
        except (InvalidOperation, ValueError):
            continue
        stop = percent_end if percent_end is not None else end
        found.append(NumberMention(text[start:stop], start, stop, value, len(fraction), percent_end is not None))
    return found


def _percent_end(text: str, end: int) -> int | None:
    if text[end:end + 1] == "%":
        return end + 1
    if text[end:end + 1] in _SPACES - {" "} and text[end + 1:end + 2] == "%":
        return end + 2
    return None


def _is_quantity(text: str, start: int, end: int, lang: str) -> bool:
    before = text[:start].rstrip()
    if before and unicodedata.category(before[-1]) == "Sc":
        return True  # "$2.5"
    words = _tokens(text[end:end + 40])
    return bool(words) and words[0].kind == "word" and words[0].key in _number_words(lang)


def format_number_like(mention: NumberMention, lang: str, *, digits: str | None = None) -> str:
    """``mention`` as ``lang`` formats numbers (CLDR), with as many decimals as the source wrote.

    >>> m = find_numbers("40,000 and 2.50%", "en")
    >>> [format_number_like(n, "es") for n in m], [format_number_like(n, "fr") for n in m]
    (['40.000', '2,50\\xa0%'], ['40\\u202f000', '2,50\\xa0%'])
    >>> format_number_like(m[0], "ar", digits="arab")
    '٤٠٬٠٠٠'
    """
    locale = _locale(lang)
    if locale is None:
        return mention.text
    system = digits or default_numbering_system(lang)
    symbols = system if system in locale.number_symbols else "latn"
    pattern = copy.copy(locale.percent_formats[None] if mention.percent else locale.decimal_formats[None])
    pattern.frac_prec = (mention.fraction_digits, mention.fraction_digits)
    value = mention.value.scaleb(-2) if mention.percent else mention.value
    text = str(pattern.apply(value, locale, numbering_system=symbols))
    if mention.percent:
        text = text.replace("%", str(locale.number_symbols[symbols].get("percentSign", "%")))
    return with_digits(text, system)


__all__ = [
    "CalendarName", "DateMention", "NumberMention", "calendar_names", "default_numbering_system", "find_dates", "find_numbers", "format_date_like",
    "format_number_like", "numbering_systems", "with_digits",
]
