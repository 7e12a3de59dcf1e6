"""The wrong-language check: the translation is written in the catalog's language."""

from __future__ import annotations

from collections.abc import Iterator

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import ERROR, WARNING, CheckContext, is_exempt_from_language, problem
from stmtl10n.detect import judge_language
from stmtl10n.errors import LocaleError
from stmtl10n.locales import display_name
from stmtl10n.model import Problem


def _language_name(code: str) -> str | None:
    try:
        return display_name(code)
    except LocaleError:
        return None  # a code langdetect knows and CLDR does not


def check_wrong_language(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is in the target language (an error only when sure; abstains on short text; names exempt)."""
    if is_exempt_from_language(entry) or entry.msgstr.strip() == entry.msgid.strip():
        return  # identical text is the unchanged check's business
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    verdict = judge_language(entry.msgstr, ctx.lang, candidates=candidates)
    if verdict.is_language is not False:
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
