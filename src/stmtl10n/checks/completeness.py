"""The completeness checks: the entry is translated, not a copy of its source, and about as long as expected."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import WARNING, CheckContext, is_exempt_from_language, problem
from stmtl10n.detect import clean_for_detection, is_language
from stmtl10n.model import NO_TRANSLATE_FLAG, Problem, message


def check_untranslated(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The entry has no translation yet (segments copied as they are do not need one)."""
    if entry.msgstr or NO_TRANSLATE_FLAG in entry.flags:
        return
    # No advice on engines here: a volunteer reads this on the review page, which says whether an
    # engine can draft the language; status names the command that drafts.
    yield problem(ctx, entry, "untranslated", message("This entry is not translated yet."), severity=WARNING)


def _looks_like_a_name(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    if not words or len(words) > 4:
        return False
    small = {"of", "the", "and", "for", "de", "del", "la", "le", "les", "des", "du", "y", "et", "al"}
    return all(w[0].isupper() or w.lower() in small for w in words)


def check_unchanged(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is the source copied unchanged where it should differ (not names, not text without words)."""
    if is_exempt_from_language(entry) or not entry.msgstr:
        return
    if " ".join(entry.msgstr.split()) != " ".join(entry.msgid.split()):
        return
    plain = ctx.plain(entry.msgid)
    if not any(ch.isalpha() for ch in plain) or _looks_like_a_name(plain):
        return
    # Words left once names, acronyms, numbers and URLs are gone: too few, and it may well be a name or a slogan.
    words = [w for w in clean_for_detection(entry.msgid, plain=plain).split() if sum(ch.isalpha() for ch in w) >= 2]
    if len(words) < 2:
        return
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    if is_language(entry.msgstr, ctx.lang, candidates=candidates, plain=ctx.plain(entry.msgstr)) is True:
        return  # the source quotes text already in the target language
    yield problem(ctx, entry, "unchanged", message(
        "The translation is the source text copied unchanged; translate it into %(language)s "
        "(if it must stay as it is, add the flag no-check-unchanged).", language=ctx.lang), severity=WARNING)


# Typical length of a text in each language relative to English, in characters.
_LENGTH_FACTOR = {
    "en": 1.0, "es": 1.2, "fr": 1.2, "pt": 1.15, "it": 1.15, "ca": 1.15, "de": 1.25, "nl": 1.2, "ar": 0.95,
    "fa": 1.0, "ur": 1.05, "he": 0.8, "ru": 1.1, "uk": 1.1, "tr": 1.05, "el": 1.2, "zh": 0.35, "ja": 0.45,
    "ko": 0.5, "hi": 1.1,
}
_MIN_LENGTH_CHARS = 8


def length_bounds(source_length: int, source_lang: str, lang: str) -> tuple[float, float]:
    """The usual range of translation/source length ratios, wider for short strings.

    The expected ratio comes from typical expansion factors; the tolerance is a
    factor of 1.6 for long paragraphs and grows as ``12 / sqrt(length)`` for
    short ones, where a single word changes the ratio a lot.

    >>> low, high = length_bounds(400, "en", "es")
    >>> round(low, 2), round(high, 2)
    (0.55, 2.64)
    """
    expected = _LENGTH_FACTOR.get(lang.split("_")[0], 1.0) / _LENGTH_FACTOR.get(source_lang.split("_")[0], 1.0)
    tolerance = 1.6 + 12 / max(source_length, 1) ** 0.5
    return expected / tolerance, expected * tolerance


def check_length(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation's length is far outside the usual range for the language pair."""
    if is_exempt_from_language(entry):
        return
    source = ctx.plain(entry.msgid)
    target = ctx.plain(entry.msgstr)
    if len(source) < _MIN_LENGTH_CHARS or not target:
        return
    low, high = length_bounds(len(source), ctx.source_lang, ctx.lang)
    ratio = len(target) / len(source)
    # The lengths as plain digits, as the message has always written them (no thousands separator).
    lengths = {"length": str(len(target)), "source_length": str(len(source))}
    if ratio < low:
        yield problem(ctx, entry, "length", message(
            "The translation is much shorter than the source (%(length)s characters for %(source_length)s); "
            "check that nothing was left out.", **lengths), severity=WARNING)
    elif ratio > high:
        yield problem(ctx, entry, "length", message(
            "The translation is much longer than the source (%(length)s characters for %(source_length)s); "
            "check that nothing was added or repeated.", **lengths), severity=WARNING)
