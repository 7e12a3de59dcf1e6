"""The numbers check: every number of the source is in the translation, as the target language may write it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import OPT_OUT_PREFIX, CheckContext, is_exempt_from_language, problem
from stmtl10n.checks.dates import dated_text
from stmtl10n.model import Problem, message

# Separators that can sit inside one number: ASCII, Arabic (٫ decimal, ٬ group),
# apostrophe (Swiss), no-break, narrow no-break and thin spaces (French groups).
_NUMBER_RE = re.compile(r"\d+(?:[.,٫٬'’\u00a0\u202f\u2009]\d+)*")
# Regular spaces also group digits when people type "25 000" in French.
_SPACE_GROUPED_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
# Numbers up to ten are often spelled out ("3 days" → "tres días", "7th" → "séptimo").
_SMALL_NUMBER_LIMIT = 10


@cache
def _conventions(lang: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(decimal symbol, group symbols) for each numbering system of ``lang``, from CLDR."""
    found: list[tuple[str, frozenset[str]]] = []
    try:
        locale = Locale.parse(lang)
    except (ValueError, TypeError):
        return ((".", frozenset({","})),)
    systems = {locale.default_numbering_system, *dict(locale.other_numbering_systems).values()}
    for system in sorted(systems):
        try:
            decimal = get_decimal_symbol(locale, numbering_system=system)
            group = get_group_symbol(locale, numbering_system=system)
        except Exception:  # a numbering system CLDR lists but has no symbols for
            continue
        groups = {group}
        if group in ("\u00a0", "\u202f", " ", "\u2009"):
            groups |= {"\u00a0", "\u202f", "\u2009"}  # every kind of space people use for it
        if group in ("'", "’"):
            groups |= {"'", "’"}
        found.append((decimal, frozenset(groups)))
    return tuple(dict.fromkeys(found)) or ((".", frozenset({","})),)


def _ascii_digits(text: str) -> str:
    # Arabic-Indic ٠-٩, Eastern ۰-۹ and every other decimal digit become 0-9.
    if text.isascii():
        return text  # most texts: nothing to change, at no cost per character
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def _canonical(integer: str, fraction: str | None = None) -> str:
    integer = integer.lstrip("0") or "0"
    return f"{integer}.{fraction}" if fraction else integer


def _readings(token: str, conventions: Sequence[tuple[str, frozenset[str]]]) -> list[str]:
    """The values a written number can mean under the given conventions, or [] when none fits."""
    parts = re.split(r"[^\d]", token)
    seps = re.findall(r"[^\d]", token)
    if not seps:
        return [_canonical(token)]
    values = []
    for decimal, groups in conventions:
        integer = [parts[0]]
        fraction = None
        valid = True
        for index, sep in enumerate(seps):
            part = parts[index + 1]
            if sep in groups and fraction is None and len(part) == 3 and len(parts[0]) <= 3:
                integer.append(part)
            elif sep == decimal and index == len(seps) - 1:
                fraction = part
            else:
                valid = False
                break
        if valid:
            values.append(_canonical("".join(integer), fraction))
    return values


@dataclass(frozen=True, slots=True)
class _Number:
    written: str
    value: str
    is_small: bool  # a whole number up to ten, often spelled out in a translation


def _source_numbers(text: str, lang: str) -> list[_Number]:
    numbers: list[_Number] = []
    conventions = _conventions(lang)
    for match in _NUMBER_RE.finditer(_ascii_digits(text)):
        written = match.group(0)
        values = _readings(written, conventions)
        if values:
            chosen = [values[0]]
        else:  # "1.2.3", "29.11.1947": several numbers
            chosen = [_canonical(part) for part in re.split(r"[^\d]", written) if part]
        numbers.extend(_Number(written, value, value.isdigit() and int(value) <= _SMALL_NUMBER_LIMIT)
                       for value in chosen)
    return numbers


def _target_numbers(text: str, lang: str, source_lang: str) -> list[set[str]]:
    """Each number written in a translation, with every value it can mean."""
    plain = _ascii_digits(text)
    # The target's own conventions, and the source's: "25,000" kept as in the
    # source is not a changed number.
    conventions = (*_conventions(lang), *_conventions(source_lang))
    found: list[set[str]] = []
    for match in _NUMBER_RE.finditer(plain):
        written = match.group(0)
        found.append({*_readings(written, conventions),
                      *(_canonical(part) for part in re.split(r"[^\d]", written) if part)})
    for match in _SPACE_GROUPED_RE.finditer(plain):
        found.append({_canonical(match.group(0).replace(" ", ""))})
    # Centuries and congresses: "21st century" is "siglo XXI", "XXIe siècle".
    for match in _ROMAN_RE.finditer(text):
        value = _roman_value(match.group(1))
        if value:
            found.append({str(value)})
    return found


_ROMAN_RE = re.compile(r"(?<!\w)([IVXLCDM]{2,8})(?=(?:e|er|re|ème|º|ª)?(?!\w))")
_ROMAN_DIGITS = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
                 ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def _roman_value(token: str) -> int | None:
    """The value of a well-formed Roman numeral, else None.

    >>> _roman_value("XXI"), _roman_value("IIII")
    (21, None)
    """
    value, rest = 0, token
    for symbol, amount in _ROMAN_DIGITS:
        while rest.startswith(symbol):
            value += amount
            rest = rest[len(symbol):]
    if rest or not value:
        return None
    written, left = "", value
    for symbol, amount in _ROMAN_DIGITS:
        while left >= amount:
            written += symbol
            left -= amount
    return value if written == token else None


def check_numbers(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every number of the source is in the translation, in the target's digits and separators if it likes.

    The days and years of dates ("29 November 1947") are the dates check's, which compares them with
    their month, unless the entry is not date-checked.
    """
    # Numbers inside URLs and code are the markup check's business.
    text = ctx.prose(entry.msgid)
    dated: set[int] = set()
    if OPT_OUT_PREFIX + "dates" not in entry.flags and not is_exempt_from_language(entry):
        text, dated = dated_text(text, ctx.source_lang, mentions=ctx.source_dates(text))
    source = _source_numbers(text, ctx.source_lang)
    if not source:
        return
    written = _target_numbers(ctx.prose(entry.msgstr), ctx.lang, ctx.source_lang)
    available = set().union(*written)
    wanted = {number.value for number in source}
    # A number of the translation that stands for none of the source's (nor a date's): a changed
    # number, not a spelled-out one.
    known = wanted | {str(value) for value in dated}
    has_stray_number = any(not (values & known) for values in written)
    reported: set[str] = set()
    for number in source:
        if number.value in available or number.value in reported:
            continue
        if number.is_small and not has_stray_number:
            continue  # "3 days" → "tres días", "7th" → "séptimo": spelled out, as style guides ask
        reported.add(number.value)
        example = _example_number(number.value, ctx.lang)
        if example != number.written:
            wording = message("The source's number %(number)s is missing from the translation "
                              "(in %(language)s it may be written %(example)s); check that it was not dropped or changed.",
                              number=number.written, language=ctx.lang, example=example)
        else:
            wording = message("The source's number %(number)s is missing from the translation; "
                              "check that it was not dropped or changed.", number=number.written)
        yield problem(ctx, entry, "numbers", wording)


def _example_number(value: str, lang: str) -> str:
    """How ``value`` looks with the language's separators (groups only from five digits: years stay 1947)."""
    decimal, groups = _conventions(lang)[0]
    integer, _, fraction = value.partition(".")
    if len(integer) >= 5:
        group = "\u202f" if "\u202f" in groups else sorted(groups)[0]
        chunks: list[str] = []
        while integer:
            chunks.insert(0, integer[-3:])
            integer = integer[:-3]
        integer = group.join(chunks)
    return integer + (decimal + fraction if fraction else "")
