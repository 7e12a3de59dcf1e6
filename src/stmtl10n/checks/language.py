"""The wrong-language check: the translation is written in the catalog's language."""

from __future__ import annotations

from collections.abc import Iterator

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import CheckContext, is_exempt_from_language, problem
from stmtl10n.detect import detect_language, is_language
from stmtl10n.locales import display_name
from stmtl10n.model import Problem


def _language_name(code: str | None) -> str:
    return display_name(code) if code else "another language"


def check_wrong_language(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is in the target language (abstains on short text; names and signatories exempt)."""
    if is_exempt_from_language(entry) or entry.msgstr.strip() == entry.msgid.strip():
        return  # identical text is the unchanged check's business
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    if is_language(entry.msgstr, ctx.lang, candidates=candidates) is False:
        found = detect_language(entry.msgstr, candidates=[c for c in candidates if c != ctx.lang])
        where = f"in {_language_name(found)}" if found else f"not in {display_name(ctx.lang)}"
        yield problem(ctx, entry, "wrong-language", f"This translation looks like it is written {where}, "
                      f"not {display_name(ctx.lang)}; translate it into {display_name(ctx.lang)}.")
