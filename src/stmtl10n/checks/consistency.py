"""The consistency check: a source segment has one reviewed translation in every statement of a language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from stmtl10n.catalog import Catalog, Entry, EntryState
from stmtl10n.checks.base import WARNING, CheckContext, normalized, problem
from stmtl10n.model import NO_TRANSLATE_FLAG, Message, Problem, excerpt, message


def check_consistency(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The same source segment is translated the same way in every statement (reviewed translations)."""
    if entry.state is not EntryState.REVIEWED or NO_TRANSLATE_FLAG in entry.flags:
        return
    for wording in consistency_messages(ctx.reviewed_translations.get(entry.key, {}), normalized(entry.msgstr),
                                        statement=ctx.statement):
        yield problem(ctx, entry, "consistency", wording, severity=WARNING)


def consistency_messages(translations: Mapping[str, tuple[str, ...]], own: str, *, statement: str) -> Iterator[Message]:
    """What the consistency check says about a translation ``own`` (whitespace normalized) of ``statement``,
    given the reviewed translations of the same source and the statements that use each."""
    for other, statements in translations.items():
        if other == own:
            continue
        where = ", ".join(s for s in statements if s != statement) or statement
        yield message("The same text is translated differently in %(statements)s: “%(translation)s”; "
                      "agree on one translation and use it in both.", statements=where, translation=excerpt(other, 60))


def reviewed_translations(catalogs: Mapping[str, Catalog]) -> dict[tuple[str | None, str], dict[str, tuple[str, ...]]]:
    """Per ``(msgctxt, msgid)``, each reviewed translation and the statements using it.

    :param catalogs: one language's catalogs, by statement slug.
    """
    found: dict[tuple[str | None, str], dict[str, tuple[str, ...]]] = {}
    for slug, catalog in catalogs.items():
        for entry in catalog.active():
            if entry.state is EntryState.REVIEWED:
                by_text = found.setdefault(entry.key, {})
                text = normalized(entry.msgstr)
                by_text[text] = (*by_text.get(text, ()), slug)
    return found
