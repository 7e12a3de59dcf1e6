"""The dates check: every date of the source is in the translation, with the same day, month and year.

The source's dates are :func:`stmtl10n.dates.find_dates`'s, the ones machine
translation protects too: ``3 March 2025``, ``March 3, 2025``, ``29th of
November``, ``7th October to 13th October`` (two dates), ``September 2024``,
``Saturday``, and a capitalised month alone only after a preposition ("since
October"; "the March of Return" is no date). In the translation the month (or
weekday) must be one of the target language's CLDR names, in any of its
regional variants (Arabic ``مارس`` and the Levantine ``آذار`` both), with the
day and year among the numbers next to it, in Western or native digits (``٣
مارس ٢٠٢٥``). The order of the parts is the language's business, so
``noviembre 29, 1947`` passes; Apertium's ``3 Marcha 2025`` and ``3 Part
2025`` do not. The expected form is :func:`stmtl10n.dates.format_date_like`'s,
in the project's digits for the language.

A month alone ("since October") is only reported when the translation names
another month instead, and as a warning, since "March" and "May" are also
words; every other date missing or changed is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import ERROR, WARNING, CheckContext, is_exempt_from_language, problem
from stmtl10n.dates import DateMention, calendar_names, find_dates, format_date_like
from stmtl10n.model import Message, Problem, message

# A number, a word (letters with their combining marks: Arabic vowel signs,
# decomposed accents) or one other character. The alternatives are disjoint,
# so a scan is linear.
_TOKEN_RE = re.compile(r"\d+|(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+|\S")
# Arabic writes "and", "in", "to" glued to the next word ("ومارس", "بمارس").
_ARABIC_CLITICS = ("و", "ب", "ل", "ف", "ك", "وب", "ول", "فب", "فل")
_WINDOW = 4  # how many words either side of a month the day and year may be, in the translation
_SPELLED_OUT_DAYS = 10  # "primero de mayo", "الأول من مايو": a small day may be a word


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
class _Names:
    """A target language's month and weekday names, as token keys."""

    months: dict[tuple[str, ...], int]
    wide_months: dict[tuple[str, ...], int]  # no abbreviations: French "sept" is also seven
    weekdays: dict[tuple[str, ...], int]
    longest: int


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


@cache
def _names(lang: str) -> _Names | None:
    """The month and weekday names a translation in ``lang`` may use, in every form CLDR has of the language
    (regional, and in other scripts); None when CLDR has no such language."""
    names = calendar_names(lang, every_form=True)
    if not names:
        return None
    months: dict[tuple[str, ...], set[int]] = {}
    wide_months: dict[tuple[str, ...], set[int]] = {}
    weekdays: dict[tuple[str, ...], set[int]] = {}
    for name in names:
        keys = _name_keys(name.text)
        if name.kind == "month":
            months.setdefault(keys, set()).add(name.number)
            if name.width == "wide":
                wide_months.setdefault(keys, set()).add(name.number)
        else:
            weekdays.setdefault(keys, set()).add(name.number)
            if keys and keys[0].startswith("ال") and len(keys[0]) > 4:
                weekdays.setdefault((keys[0][2:], *keys[1:]), set()).add(name.number)  # "كل جمعة": every Friday

    def unambiguous(table: dict[tuple[str, ...], set[int]]) -> dict[tuple[str, ...], int]:
        # A name two variants give to different months says nothing.
        return {keys: next(iter(numbers)) for keys, numbers in table.items() if keys and len(numbers) == 1}

    found = unambiguous(months), unambiguous(wide_months), unambiguous(weekdays)
    return _Names(*found, longest=max((len(keys) for table in found for keys in table), default=1))


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


def dated_text(text: str, lang: str, *, mentions: Sequence[DateMention] | None = None) -> tuple[str, set[int]]:
    """``text`` (in ``lang``) with the days and years of its dates blanked, and those numbers.

    The numbers check leaves them to this check, which compares them with
    their month: one changed date is one problem, not two.

    >>> dated_text("Resolution 181 of November 29, 1947", "en")
    ('Resolution 181 of                  ', {1947, 29})

    :param mentions: ``find_dates(text, lang)``, when the caller has it.
    """
    values: set[int] = set()
    pieces, at = [], 0
    for date in find_dates(text, lang) if mentions is None else mentions:
        if date.day is None and date.year is None:
            continue
        values.update(value for value in (date.day, date.year) if value is not None)
        pieces += [text[at:date.start], " " * (date.end - date.start)]
        at = date.end
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


def _has_month(found: _Found, date: DateMention) -> bool:
    """Whether the translation has ``date``'s month with its day and year nearby (True for a weekday alone)."""
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


def check_dates(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every date of the source is in the translation: same day, month and year, the month in the target's words."""
    if is_exempt_from_language(entry):
        return  # names and segments in another language are copied as they are
    target_names = _names(ctx.lang)
    if target_names is None:
        return
    unique: dict[tuple[object, ...], DateMention] = {}  # the same date twice is one date to find
    for mention in ctx.source_dates(ctx.prose(entry.msgid)):
        unique.setdefault((mention.text, mention.day, mention.month, mention.year, mention.weekday), mention)
    dates = list(unique.values())
    if not dates:
        return
    found = _find(ctx.prose(entry.msgstr), target_names)
    source_months = {date.month for date in dates}
    other_month = any(month not in source_months for month in found.wide_months)
    for date in dates:
        has_weekday = date.weekday is None or date.weekday in found.weekdays
        if has_weekday and _has_month(found, date):
            continue
        # "March" and "May" are words too ("the Great March of Return"): a month alone is only
        # reported when the translation names another month instead, and as a warning.
        is_month_alone = date.month is not None and date.day is None and date.year is None
        if is_month_alone and not other_month:
            continue
        expected = format_date_like(date, ctx.lang, digits=ctx.digits)
        yield problem(ctx, entry, "dates", _date_message(date, expected, ctx.lang),
                      severity=WARNING if is_month_alone else ERROR)


def _date_message(date: DateMention, expected: str, lang: str) -> Message:
    """What the dates check says of a ``date`` of the source the translation lacks (``expected`` in ``lang``)."""
    args = {"date": date.text, "expected": expected, "language": lang}
    if date.month is not None and date.day is None and date.year is None:
        return message("The month %(date)s is missing or changed: expected %(expected)s; use its %(language)s name.",
                       **args)
    if date.month is None:
        return message("The weekday %(date)s is missing or changed: expected %(expected)s; "
                       "use its %(language)s name.", **args)
    if date.weekday is not None:
        return message("The date %(date)s is missing or changed: expected %(expected)s; "
                       "keep its weekday, day, month and year, the month in %(language)s.", **args)
    return message("The date %(date)s is missing or changed: expected %(expected)s; "
                   "keep its day, month and year, the month in %(language)s.", **args)
