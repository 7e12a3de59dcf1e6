"""The wrong-language check: the translation is written in the catalog's language."""

from __future__ import annotations

from collections.abc import Iterator

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import ERROR, WARNING, CheckContext, is_exempt_from_language, problem
from stmtl10n.detect import MIN_DETECT_CHARS, Judgement, clean_for_detection, judge_language
from stmtl10n.errors import LocaleError
from stmtl10n.locales import display_name
from stmtl10n.model import Problem


def _language_name(code: str) -> str | None:
    try:
        return display_name(code)
    except LocaleError:
        return None  # a code langdetect knows and CLDR does not


def _source_published(text: str, verdict: Judgement, source_lang: str) -> bool:
    """Sure that a copy of the source is prose in the source's language: words enough to tell
    (not a name, a link text or a slogan), and the detector sure of the source's language."""
    return (verdict.sure and (verdict.found or "").split("_")[0] == source_lang.split("_")[0]
            and len(clean_for_detection(text)) >= MIN_DETECT_CHARS)


def check_wrong_language(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is in the target language (an error only when sure; abstains on short text; names exempt)."""
    if is_exempt_from_language(entry):
        return
    identical = entry.msgstr.strip() == entry.msgid.strip()
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    verdict = judge_language(entry.msgstr, ctx.lang, candidates=candidates)
    # Identical text is the unchanged check's warning, unless the detector is sure it is another
    # language: then the source was published as a translation, and readers would be misled.
    if verdict.is_language is not False or (identical and not _source_published(entry.msgstr, verdict, ctx.source_lang)):
        return
    wanted = display_name(ctx.lang)
    found = _language_name(verdict.found) if verdict.found else None
    if verdict.sure:
        where = f"looks like it is written in {found}, not {wanted}" if found else f"is not written in {wanted}"
        message = f"This translation {where}; translate it into {wanted}."
    else:
        where = f"may be written in {found} rather than {wanted}" if found else f"may not be written in {wanted}"
        message = f"This translation {where}; check it, and translate it into {wanted} if so."
    yield problem(ctx, entry, "wrong-language", message, severity=ERROR if verdict.sure else WARNING)
