"""The names check: signatories' names and organizations unchanged, their country in CLDR's name, glossary terms kept.

A signatory line splits as :func:`~stmtl10n.formats.signatories.split_signatory`
splits it: the name and organization, copied exactly as they signed, and
the country after the last comma, which the translation writes with the
target language's CLDR name (what :func:`~stmtl10n.countries.localize_country`
gives, or another CLDR name of the same country: ``Estado de Palestina`` holds
``Palestina``). A last part that is no country CLDR knows ("Galiza") is left
to the translator.

Glossary terms whose target term is the source term ("apartheid" in Spanish)
are not translated: where the source has one, the translation has it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from babel import Locale, UnknownLocaleError

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import CheckContext, normalized, problem
from stmtl10n.countries import country_code, localize_country, normalize_country_name
from stmtl10n.formats.signatories import split_signatory
from stmtl10n.locales import display_name
from stmtl10n.model import SIGNATORY_FLAG, Problem


@cache
def _territory_names(lang: str) -> dict[str, tuple[str, ...]]:
    """ISO code → CLDR names of the territory in ``lang`` and its base language (``es_MX``, ``es``)."""
    names: dict[str, tuple[str, ...]] = {}
    code = lang.replace("-", "_")
    for tag in dict.fromkeys((code, code.split("_")[0])):
        try:
            territories = Locale.parse(tag).territories
        except (UnknownLocaleError, ValueError):
            continue
        for territory, name in territories.items():
            names[territory] = (*names.get(territory, ()), name)
    return names


def _accepted_countries(country: str, lang: str) -> tuple[str, list[str]] | None:
    """The name to suggest for ``country`` in ``lang`` and every name accepted, or None when it is no known country."""
    code = country_code(country)
    expected = localize_country(country, lang)
    if code is None or expected is None:
        return None
    accepted = [expected, *_territory_names(lang).get(code, ())]
    if code == "PS":
        accepted.append(localize_country("Palestine", lang) or expected)  # "Palestina" as well as CLDR's long name
    return expected, accepted


def _holds(text: str, name: str) -> bool:
    # Whole words: "Estados Unidos de América" holds "Estados Unidos".
    return f" {normalize_country_name(name)} " in f" {normalize_country_name(text)} "


def _signatory_problems(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    name, country = split_signatory(entry.msgid)
    target_name, target_country = split_signatory(entry.msgstr)
    if name and normalized(name) not in normalized(entry.msgstr):
        yield problem(ctx, entry, "names", f"The name and organization “{name}” are changed in the translation; "
                      "copy them exactly as the signatory wrote them (names are not translated).")
    if country is None:
        return
    known = _accepted_countries(country, ctx.lang)
    if known is None:
        return  # a region or a place CLDR does not name: the translator's call
    expected, accepted = known
    if target_country is None or not normalized(target_name):
        written = entry.msgstr.strip() if target_country is None else target_country
        if not any(_holds(written, accept) for accept in accepted):
            yield problem(ctx, entry, "names", f"The country {country} is missing from the translation; end the line "
                          f"with “, {expected}” ({display_name(ctx.lang)} name from CLDR).")
        return
    if not any(_holds(target_country, accept) for accept in accepted):
        yield problem(ctx, entry, "names", f"The country {country} is written “{target_country}” in the translation; "
                      f"in {display_name(ctx.lang)} it is “{expected}” (CLDR's name).")


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` is in ``text`` as a whole word (both case-folded)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start and text[start - 1].isalnum()) and not text[end:end + 1].isalnum():
            return True
        start = text.find(word, start + 1)
    return False


def check_names(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Signatories' names and organizations unchanged, their country in CLDR's name; untranslated glossary terms kept."""
    if SIGNATORY_FLAG in entry.flags:
        yield from _signatory_problems(ctx, entry)
    if not ctx.kept_terms:
        return
    source, target = entry.msgid.casefold(), entry.msgstr.casefold()
    for term in ctx.kept_terms:
        folded = term.casefold()
        if _has_word(source, folded) and folded not in target:
            yield problem(ctx, entry, "names", f"The glossary keeps “{term}” untranslated in {display_name(ctx.lang)}; "
                          f"write “{term}” as in the source.")
