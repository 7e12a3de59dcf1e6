"""The punctuation check: end marks by the target's conventions, edge and doubled spaces, balanced pairs.

Every problem it finds is a warning: an official translation may end a
clause differently, and punctuation never misleads readers about what the
statement says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import WARNING, CheckContext, normalized, problem
from stmtl10n.model import Problem, message
from stmtl10n.patterns import remove_urls

# End marks in other scripts, mapped to the ASCII mark they stand for.
_MARK_EQUIVALENTS = {"؟": "?", "،": ",", "؛": ";", "۔": ".", "。": ".", "．": ".", "！": "!", "？": "?",
                     "：": ":", "；": ";", "，": ",", "、": ",", "…": "…"}
_END_MARKS = set(".!?:;,…") | set(_MARK_EQUIVALENTS)
_CLOSERS = "\"'”’»)]}*_`"
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))
_ARABIC_LETTER_THEN_LATIN_MARK = re.compile(r"[\u0600-\u06ff][?,;]")
_FRENCH_TIGHT_MARK = re.compile(r"(?<=[^\W\d_])[;:!?](?=\s|$)")


def _end_mark(text: str) -> str | None:
    stripped = text.rstrip()
    stripped = stripped.rstrip(_CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    if not stripped or stripped[-1] not in _END_MARKS:
        return None
    return _MARK_EQUIVALENTS.get(stripped[-1], stripped[-1])


def _expected_mark(mark: str, lang: str) -> str:
    base = lang.split("_")[0]
    if base in ("ar", "fa", "ur") and mark in "?,;":
        return {"?": "؟", ",": "،", ";": "؛"}[mark]
    if base in ("zh", "ja") and mark in ".!?:;,":
        return {".": "。", "!": "！", "?": "？", ":": "：", ";": "；", ",": "，"}[mark]
    return mark


def check_punctuation(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """End punctuation by the target's conventions, surrounding whitespace, doubled spaces, balanced pairs."""
    source, target = entry.msgid, entry.msgstr
    if normalized(source) == normalized(target):
        return  # a copy: the unchanged check speaks about it, or it is a name that keeps its punctuation
    base = ctx.lang.split("_")[0]

    source_lead, target_lead = source[:len(source) - len(source.lstrip())], target[:len(target) - len(target.lstrip())]
    if source_lead != target_lead:
        yield problem(ctx, entry, "punctuation", message(
            "The translation does not start with the same spaces as the source; "
            "remove or add the spaces at the start so both match."), severity=WARNING)
    source_trail = source[len(source.rstrip()):]
    target_trail = target[len(target.rstrip()):]
    if source_trail != target_trail:
        yield problem(ctx, entry, "punctuation", message(
            "The translation does not end with the same spaces as the source; "
            "remove or add the spaces at the end so both match."), severity=WARNING)
    if "  " in target.strip() and "  " not in source.strip():
        yield problem(ctx, entry, "punctuation", message("The translation has two spaces in a row; use one."),
                      severity=WARNING)

    source_mark, target_mark = _end_mark(source), _end_mark(target)
    if source_mark != target_mark:
        if source_mark and not target_mark:
            want = _expected_mark(source_mark, ctx.lang)
            yield problem(ctx, entry, "punctuation", message(
                "The source ends with “%(mark)s” but the translation has no end punctuation; "
                "add “%(expected)s” at the end.", mark=source_mark, expected=want), severity=WARNING)
        elif target_mark and not source_mark:
            yield problem(ctx, entry, "punctuation", message(
                "The translation ends with “%(mark)s” but the source has no end punctuation; "
                "remove it unless the sentence needs it.", mark=target_mark), severity=WARNING)
        else:
            want = _expected_mark(str(source_mark), ctx.lang)
            yield problem(ctx, entry, "punctuation", message(
                "The source ends with “%(mark)s” and the translation with “%(written)s”; "
                "end it with “%(expected)s” unless the change is on purpose.",
                mark=str(source_mark), written=str(target_mark), expected=want), severity=WARNING)
    elif source_mark:
        want = _expected_mark(source_mark, ctx.lang)
        written = target.rstrip().rstrip(_CLOSERS).rstrip()[-1:]
        if want != source_mark and written == source_mark:
            yield problem(ctx, entry, "punctuation", message(
                "%(language)s uses “%(expected)s” rather than “%(mark)s”; end the translation with “%(expected)s”.",
                language=ctx.lang, expected=want, mark=source_mark), severity=WARNING)
        if base == "es" and source_mark in "?!":
            opener = "¿" if source_mark == "?" else "¡"
            if opener not in target and source_mark == "?":
                yield problem(ctx, entry, "punctuation", message(
                    "Spanish opens questions with “¿”; add it where the question starts."), severity=WARNING)
            elif opener not in target:
                yield problem(ctx, entry, "punctuation", message(
                    "Spanish opens exclamations with “¡”; add it where the exclamation starts."), severity=WARNING)

    if base == "fr" and ctx.lang != "fr_CA":
        plain = remove_urls(ctx.plain(target) if ctx.is_markdown else target)
        tight = _FRENCH_TIGHT_MARK.search(plain)
        if tight:
            mark = tight.group(0)
            yield problem(ctx, entry, "punctuation", message(
                "French puts a space before “%(mark)s” (best a narrow no-break space); write “ %(mark)s”.",
                mark=mark), severity=WARNING)
    if base in ("ar", "fa", "ur"):
        body = target.rstrip()[:-1] if target_mark else target
        latin = _ARABIC_LETTER_THEN_LATIN_MARK.search(body)
        # Arabic copied from the source with its Latin commas (a signatory's name) is not the translator's doing.
        if latin and len(_ARABIC_LETTER_THEN_LATIN_MARK.findall(body)) > len(_ARABIC_LETTER_THEN_LATIN_MARK.findall(source)):
            mark = latin.group(0)[-1]
            yield problem(ctx, entry, "punctuation", message(
                "%(language)s text uses “%(expected)s” rather than “%(mark)s”; replace it.",
                language=ctx.lang, expected=_expected_mark(mark, ctx.lang), mark=mark), severity=WARNING)

    for opening, closing in _PAIRS:
        if source.count(opening) == source.count(closing) and target.count(opening) != target.count(closing):
            yield problem(ctx, entry, "punctuation", message(
                "The translation has %(opened)s “%(opening)s” but %(closed)s “%(closing)s”; "
                "close every bracket or quotation you open.", opened=target.count(opening), opening=opening,
                closed=target.count(closing), closing=closing), severity=WARNING)
    if source.count('"') % 2 == 0 and target.count('"') % 2 == 1:
        yield problem(ctx, entry, "punctuation", message(
            "The translation has an odd number of straight quotes (\"); close the quotation."), severity=WARNING)
