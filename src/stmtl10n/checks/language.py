"""The wrong-language check: the translation is written in the catalog's language."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import ERROR, WARNING, CheckContext, is_exempt_from_language, problem
from stmtl10n.detect import MIN_DETECT_CHARS, Judgement, clean_for_detection, judge_language
from stmtl10n.errors import LocaleError
from stmtl10n.locales import display_name
from stmtl10n.model import Problem, message


@cache
def _is_named(code: str) -> bool:
    try:
        display_name(code)
    except LocaleError:
        return False  # a code langdetect knows and CLDR does not
    return True


def _source_published(text: str, verdict: Judgement, source_lang: str, *, plain: str) -> bool:
    """Sure that a copy of the source is prose in the source's language: words enough to tell
    (not a name, a link text or a slogan), and the detector sure of the source's language."""
    return (verdict.sure and (verdict.found or "").split("_")[0] == source_lang.split("_")[0]
            and len(clean_for_detection(text, plain=plain)) >= MIN_DETECT_CHARS)


def check_wrong_language(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is in the target language (an error only when sure; abstains on short text; names exempt)."""
    if is_exempt_from_language(entry):
        return
    identical = entry.msgstr.strip() == entry.msgid.strip()
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    plain = ctx.plain(entry.msgstr)
    verdict = judge_language(entry.msgstr, ctx.lang, candidates=candidates, plain=plain)
    # Identical text is the unchanged check's warning, unless the detector is sure it is another
    # language: then the source was published as a translation, and readers would be misled.
    if verdict.is_language is not False:
        return
    if identical and not _source_published(entry.msgstr, verdict, ctx.source_lang, plain=plain):
        return
    found = verdict.found if verdict.found and _is_named(verdict.found) else None
    if verdict.sure and found:
        wording = message("This translation looks like it is written in %(found_language)s, not %(language)s; "
                          "translate it into %(language)s.", found_language=found, language=ctx.lang)
    elif verdict.sure:
        wording = message("This translation is not written in %(language)s; translate it into %(language)s.",
                          language=ctx.lang)
    elif found:
        wording = message("This translation may be written in %(found_language)s rather than %(language)s; "
                          "check it, and translate it into %(language)s if so.", found_language=found, language=ctx.lang)
    else:
        wording = message("This translation may not be written in %(language)s; check it, and translate it into "
                          "%(language)s if so.", language=ctx.lang)
    yield problem(ctx, entry, "wrong-language", wording, severity=ERROR if verdict.sure else WARNING)
