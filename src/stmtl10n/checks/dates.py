"""The dates check: every date of the source is in the translation, with the same day, month and year.

Dates are read by one scanner over the words of the text, built from CLDR's
month and weekday names (through babel) for the source language: ``3 March
2025``, ``March 3, 2025``, ``29th of November``, ``7th October to 13th
October`` (two dates), ``September 2024`` and ``Saturday``. In the
translation the month (or weekday) must be one of the target language's CLDR
names, in any of its regional variants (Arabic ``مارس`` and the Levantine
``آذار`` both), with the day and year among the numbers next to it, in Western
or native digits (``٣ مارس ٢٠٢٥``). The order of the parts is the language's
business, so ``noviembre 29, 1947`` passes; Apertium's ``3 Marcha 2025`` and
``3 Part 2025`` do not.

A month alone ("since October") is only reported when the translation names
another month instead, and as a warning, since "March" and "May" are also
words; every other date missing or changed is an error.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from babel import Locale, UnknownLocaleError, localedata
from babel.dates import format_date, format_skeleton, get_date_format, get_day_names, get_month_names

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import ERROR, WARNING, CheckContext, is_exempt_from_language, problem, prose_text
from stmtl10n.locales import display_name
from stmtl10n.model import Problem

# A number, a word (letters with their combining marks: Arabic vowel signs,
# decomposed accents) or one other character. The alternatives are disjoint,
# so a scan is linear.
_TOKEN_RE = re.compile(r"\d+|(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+|\S")
# What English prose puts between a day and its month that CLDR's date
# patterns do not have ("29th of November", "November the 29th"); other
# languages' words ("3 de marzo") come from their patterns.
_PROSE_CONNECTORS = {"en": ("of", "the")}
# Arabic writes "and", "in", "to" glued to the next word ("ومارس", "بمارس").
_ARABIC_CLITICS = ("و", "ب", "ل", "ف", "ك", "وب", "ول", "فب", "فل")
_MAX_SUFFIX = 3  # "29th", "1er", "2ème", "7.º": letters glued to a day number
_WINDOW = 4  # how many words either side of a month the day and year may be, in the translation
_SPELLED_OUT_DAYS = 10  # "primero de mayo", "الأول من مايو": a small day may be a word
_YEARS = range(1000, 3000)
_WIDTHS: tuple[Literal["wide", "abbreviated"], ...] = ("wide", "abbreviated")
_CONTEXTS: tuple[Literal["format", "stand-alone"], ...] = ("format", "stand-alone")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "word" or "mark"
    text: str
    key: str  # how it is compared: no accents nor vowel signs, case folded
    start: int
    end: int

    @property
    def value(self) -> int:
        # Any script's digits ("٢٩" is 29); a run longer than a date's is no day nor year.
        return int(self.text) if self.kind == "number" and len(self.text) <= 4 else -1


@dataclass(frozen=True, slots=True)
class _Date:
    """A date of the source: at least a month or a weekday (0 = Monday)."""

    text: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class _Names:
    """A language's month and weekday names, as token keys."""

    months: dict[tuple[str, ...], int]
    wide_months: dict[tuple[str, ...], int]  # no abbreviations: French "sept" is also seven
    weekdays: dict[tuple[str, ...], int]
    wide_weekdays: dict[tuple[str, ...], int]
    longest: int
    capitalized: bool  # whether CLDR writes them with a capital (English, German)
    connectors: frozenset[str]


def _key(word: str) -> str:
    """A word as names are compared: no accents nor Arabic vowel signs, one alef, case folded.

    >>> _key("Février"), _key("أكتوبر") == _key("اكتوبر")
    ('fevrier', True)
    """
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold().replace("ٱ", "ا").replace("ى", "ي").replace("ـ", "")


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        piece = match.group()
        kind = "number" if piece[0].isdecimal() else "word" if any(ch.isalpha() for ch in piece) else "mark"
        tokens.append(_Token(kind, piece, _key(piece), match.start(), match.end()))
    return tokens


def _name_keys(name: str) -> tuple[str, ...]:
    return tuple(token.key for token in _tokens(name) if token.kind == "word")


def _variants(lang: str) -> list[str]:
    """``lang`` and every regional variant CLDR has of its language (``ar`` → ``ar_SY``, ``ar_LB``…)."""
    base = lang.replace("-", "_").split("_")[0]
    return [lang, *(code for code in localedata.locale_identifiers() if code.split("_")[0] == base and code != lang)]


@cache
def _names(lang: str) -> _Names | None:
    """The month and weekday names of ``lang`` in all its variants; None when CLDR has no such language."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    months: dict[tuple[str, ...], set[int]] = {}
    wide_months: dict[tuple[str, ...], set[int]] = {}
    weekdays: dict[tuple[str, ...], set[int]] = {}
    wide_weekdays: dict[tuple[str, ...], set[int]] = {}
    for code in _variants(str(locale)):
        for width in _WIDTHS:
            for context in _CONTEXTS:
                for number, name in get_month_names(width, context, locale=code).items():
                    months.setdefault(_name_keys(name), set()).add(number)
                    if width == "wide":
                        wide_months.setdefault(_name_keys(name), set()).add(number)
                for number, name in get_day_names(width, context, locale=code).items():
                    keys = _name_keys(name)
                    weekdays.setdefault(keys, set()).add(number)
                    if keys and keys[0].startswith("ال") and len(keys[0]) > 4:
                        weekdays.setdefault((keys[0][2:], *keys[1:]), set()).add(number)  # "كل جمعة": every Friday
                    if width == "wide":
                        wide_weekdays.setdefault(keys, set()).add(number)

    def unambiguous(table: dict[tuple[str, ...], set[int]]) -> dict[tuple[str, ...], int]:
        # A name two variants give to different months says nothing.
        return {keys: next(iter(numbers)) for keys, numbers in table.items() if keys and len(numbers) == 1}

    connectors: set[str] = set(_PROSE_CONNECTORS.get(locale.language, ()))
    patterns = [get_date_format(width, locale=locale).pattern for width in ("full", "long", "medium")]
    patterns += [str(locale.datetime_skeletons.get(skeleton, "")) for skeleton in ("MMMMd", "yMMMM", "yMMMMd")]
    for pattern in patterns:
        for literal in re.findall(r"'([^']*)'", pattern):
            connectors.update(token.key for token in _tokens(literal) if token.kind == "word")
    wide = get_month_names("wide", locale=locale)
    found = unambiguous(months), unambiguous(wide_months), unambiguous(weekdays), unambiguous(wide_weekdays)
    return _Names(*found, longest=max((len(keys) for table in found for keys in table), default=1),
                  capitalized=all(name[:1].isupper() for name in wide.values()), connectors=frozenset(connectors))


def _lookup(table: dict[tuple[str, ...], int], tokens: Sequence[_Token], at: int, longest: int,
            *, plural: bool = False, clitics: bool = False) -> tuple[int, int] | None:
    """The name of ``table`` that starts at ``tokens[at]``: (its number, the index after it), or None.

    :param plural: a weekday may take an "s" ("Saturdays", "sábados").
    :param clitics: the first word may carry an Arabic clitic ("ومارس": "and March").
    """
    first = tokens[at].key
    heads = [first]
    if plural and first.endswith("s"):
        heads.append(first[:-1])
    if clitics:
        heads += [first[len(c):] for c in _ARABIC_CLITICS if first.startswith(c) and len(first) > len(c) + 1]
    for length in range(min(longest, len(tokens) - at), 0, -1):
        words = tokens[at:at + length]
        if any(token.kind != "word" for token in words):
            continue
        rest = tuple(token.key for token in words[1:])
        for head in heads:
            number = table.get((head, *rest))
            if number is not None:
                return number, at + length
    return None


def _glued(tokens: Sequence[_Token], index: int) -> bool:
    """Whether ``tokens[index]`` is written right after the token before it."""
    return index > 0 and tokens[index].start == tokens[index - 1].end


def _is_suffix(tokens: Sequence[_Token], index: int) -> bool:
    # "th" of "29th", "." and "º" of "7.º", "e" of "7e": glued to what comes before.
    token = tokens[index]
    short = token.kind == "word" and len(token.text) <= _MAX_SUFFIX
    return _glued(tokens, index) and (short or token.text == ".")


def _day_at(tokens: Sequence[_Token], index: int, month: int) -> bool:
    token = tokens[index]
    if token.kind != "number" or len(token.text) > 2 or not 1 <= token.value <= _days_in(month, None):
        return False
    # "25,000" is no day: a separator glued between digits.
    after = index + 1
    return not (after + 1 < len(tokens) and tokens[after].text in ",.'’" and _glued(tokens, after)
                and tokens[after + 1].kind == "number" and _glued(tokens, after + 1))


def _year_at(tokens: Sequence[_Token], index: int) -> int | None:
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.kind != "number" or len(token.text) != 4 or token.value not in _YEARS:
        return None
    after = index + 1
    if after < len(tokens) and _glued(tokens, after) and tokens[after].text in ",.'’" and \
            after + 1 < len(tokens) and tokens[after + 1].kind == "number":
        return None  # "2024,5": a decimal
    return token.value


def _days_in(month: int, year: int | None) -> int:
    return calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: a leap year


def _scan(text: str, names: _Names) -> list[tuple[int, int, _Date]]:
    """The dates of a source text with where they are, in order; linear in the number of its words."""
    tokens = _tokens(text)
    dates: list[tuple[int, int, _Date]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "word" or (names.capitalized and not token.text[:1].isupper()):
            index += 1
            continue
        found = _lookup(names.months, tokens, index, names.longest)
        if found is None:
            weekday = _lookup(names.wide_weekdays, tokens, index, names.longest, plural=True)
            if weekday is not None:
                start, end = token.start, tokens[weekday[1] - 1].end
                dates.append((start, end, _Date(text[start:end], weekday=weekday[0])))
                index = weekday[1]
            else:
                index += 1
            continue
        month, after = found
        first, last = index, after - 1
        if after + 1 < len(tokens) and tokens[after].text == "." and _glued(tokens, after) and \
                tokens[after + 1].kind == "number":
            last = after  # "Oct. 7"
            after += 1
        day = None
        # The day before the month: "3 March", "29th of November", "7.º de octubre".
        back = index - 1
        if back >= 0 and tokens[back].kind == "word" and tokens[back].key in names.connectors:
            back -= 1
        for _ in range(2):
            if back > 0 and _is_suffix(tokens, back):
                back -= 1
        if back >= 0 and _day_at(tokens, back, month):
            day, first = tokens[back].value, back
        # Or after it: "March 3", "November the 29th".
        year_from = after
        if day is None:
            ahead = after
            if ahead < len(tokens) and tokens[ahead].kind == "word" and tokens[ahead].key in names.connectors:
                ahead += 1
            if ahead < len(tokens) and _day_at(tokens, ahead, month):
                day, last = tokens[ahead].value, ahead
                ahead += 1
                while ahead < len(tokens) and _is_suffix(tokens, ahead) and tokens[ahead].text != ".":
                    last = ahead
                    ahead += 1
                year_from = ahead
        # The year: "3 March 2025", "March 3, 2025", "marzo de 2025".
        ahead = year_from
        if ahead < len(tokens) and (tokens[ahead].text == "," or tokens[ahead].key in names.connectors):
            ahead += 1
        year = _year_at(tokens, ahead)
        if year is not None:
            last = ahead
            after = max(after, ahead + 1)
        else:
            after = max(after, last + 1)
        if day is not None and year is not None and day > _days_in(month, year):
            day = None
        start, end = tokens[first].start, tokens[last].end
        dates.append((start, end, _Date(text[start:end], month=month, day=day, year=year)))
        index = after
    return dates


def dated_text(text: str, lang: str) -> tuple[str, set[int]]:
    """``text`` (in ``lang``) with the days and years of its dates blanked, and those numbers.

    The numbers check leaves them to this check, which compares them with
    their month: one changed date is one problem, not two.

    >>> dated_text("Resolution 181 of November 29, 1947", "en")
    ('Resolution 181 of                  ', {1947, 29})
    """
    names = _names(lang)
    if names is None:
        return text, set()
    values: set[int] = set()
    pieces, at = [], 0
    for start, end, date in _scan(text, names):
        if date.day is None and date.year is None:
            continue
        values.update(value for value in (date.day, date.year) if value is not None)
        pieces += [text[at:start], " " * (end - start)]
        at = end
    return "".join([*pieces, text[at:]]), values


@dataclass(frozen=True, slots=True)
class _Found:
    """The month and weekday names of a translation, at their positions among its words."""

    words: list[_Token]
    months: dict[int, list[tuple[int, int]]]
    wide_months: set[int]  # the months written with a full name
    weekdays: set[int]


def _find(text: str, names: _Names) -> _Found:
    words = [token for token in _tokens(text) if token.kind != "mark"]
    months: dict[int, list[tuple[int, int]]] = {}
    wide_months: set[int] = set()
    weekdays: set[int] = set()
    index = 0
    while index < len(words):
        if words[index].kind != "word":
            index += 1
            continue
        month = _lookup(names.months, words, index, names.longest, clitics=True)
        if month is not None:
            months.setdefault(month[0], []).append((index, month[1]))
            if _lookup(names.wide_months, words, index, names.longest, clitics=True) is not None:
                wide_months.add(month[0])
            index = month[1]
            continue
        weekday = _lookup(names.weekdays, words, index, names.longest, plural=True, clitics=True)
        if weekday is not None:
            weekdays.add(weekday[0])
        index += 1
    return _Found(words, months, wide_months, weekdays)


def _has(found: _Found, date: _Date) -> bool:
    """Whether the translation has ``date``'s month with its day and year nearby, or its weekday."""
    if date.weekday is not None:
        return date.weekday in found.weekdays
    if date.month is None:
        return True
    for start, end in found.months.get(date.month, ()):
        near = [w.value for w in (*found.words[max(0, start - _WINDOW):start], *found.words[end:end + _WINDOW])
                if w.kind == "number"]
        has_year = date.year is None or date.year in near
        if has_year and (date.day is None or date.day in near):
            return True
        others = [value for value in near if value != date.year]
        if has_year and date.day is not None and date.day <= _SPELLED_OUT_DAYS and not others:
            return True  # "primero de mayo": the day in words, and no other number that could be it
    return False


def _expected(date: _Date, lang: str) -> str:
    """How the target language writes ``date`` (CLDR's long form, through babel)."""
    locale = Locale.parse(lang.replace("-", "_"))
    if date.weekday is not None:
        return str(get_day_names("wide", locale=locale)[date.weekday])
    if date.month is None:
        return date.text
    if date.day is not None and date.year is not None:
        return format_date(datetime.date(date.year, date.month, date.day), "long", locale=locale)
    if date.day is not None:
        return format_skeleton("MMMMd", datetime.date(2000, date.month, date.day), locale=locale)
    if date.year is not None:
        return format_skeleton("yMMMM", datetime.date(date.year, date.month, 1), locale=locale)
    return str(get_month_names("wide", "stand-alone", locale=locale)[date.month])


def check_dates(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every date of the source is in the translation: same day, month and year, the month in the target's words."""
    if is_exempt_from_language(entry):
        return  # names and segments in another language are copied as they are
    source_names, target_names = _names(ctx.source_lang), _names(ctx.lang)
    if source_names is None or target_names is None:
        return
    dates = list(dict.fromkeys(date for _, _, date in _scan(prose_text(entry.msgid, markdown=ctx.is_markdown),
                                                             source_names)))
    if not dates:
        return
    found = _find(prose_text(entry.msgstr, markdown=ctx.is_markdown), target_names)
    source_months = {date.month for date in dates}
    other_month = any(month not in source_months for month in found.wide_months)
    language = display_name(ctx.lang)
    for date in dates:
        if _has(found, date):
            continue
        severity = ERROR
        if date.month is not None and date.day is None and date.year is None:
            # "March" and "May" are words too ("the Great March of Return"): a month alone is only
            # reported when the translation names another month instead, and as a warning.
            if not other_month:
                continue
            what, hint, severity = "month", f"use its {language} name", WARNING
        elif date.weekday is not None:
            what, hint = "weekday", f"use its {language} name"
        else:
            what, hint = "date", f"keep its day, month and year, the month in {language}"
        yield problem(ctx, entry, "dates", f"The {what} {date.text} is missing or changed: expected "
                      f"{_expected(date, ctx.lang)}; {hint}.", severity=severity)
