"""Locale codes validated and described with babel's CLDR data."""

from __future__ import annotations

import difflib
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from stmtl10n.errors import LocaleError


@lru_cache(maxsize=256)
def parse_locale(code: str, *, where: str = "--lang") -> Locale:
    """The babel Locale for a code such as ``es``, ``pt_BR`` or ``pt-BR``.

    :raises LocaleError: for a code CLDR does not know, naming the closest valid codes.
    """
    cleaned = code.strip()
    try:
        return Locale.parse(cleaned.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        suggestions = suggest_locales(cleaned)
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "; use a code such as es, ar, fr or pt_BR"
        raise LocaleError(f"{where}: unknown language code {code!r}{hint}") from None


def normalize_locale(code: str, *, where: str = "--lang") -> str:
    """The code as babel writes it in paths (``pt_BR``), after validating it.

    >>> normalize_locale("pt-br")
    'pt_BR'
    """
    return str(parse_locale(code, where=where))


def suggest_locales(code: str, *, limit: int = 3) -> list[str]:
    """Valid codes close to ``code``: by spelling, or by English language name.

    >>> suggest_locales("arabic")[0]
    'ar'
    """
    wanted = code.strip().lower().replace("-", "_")
    by_name = _codes_by_english_name()
    found: list[str] = []
    for name in difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=0.75):
        found.append(by_name[name])
    for ident in difflib.get_close_matches(wanted, _identifiers_lower(), n=limit, cutoff=0.6):
        if ident not in found:
            found.append(_identifiers_lower_map()[ident])
    return found[:limit]


def display_name(code: str, *, in_locale: str = "en") -> str:
    """``Arabic``, ``Spanish``; in another language with ``in_locale``."""
    return str(parse_locale(code).get_display_name(in_locale) or code)


def is_rtl(code: str) -> bool:
    return parse_locale(code).character_order == "right-to-left"


def text_direction(code: str) -> str:
    """``rtl`` or ``ltr``, for HTML ``dir`` attributes."""
    return "rtl" if is_rtl(code) else "ltr"


def plural_forms(code: str) -> str:
    """The gettext ``Plural-Forms`` header value from CLDR."""
    # lazy: babel.messages loads babel's whole catalog machinery (10 ms), and only new catalogs need this
    from babel.messages.plurals import get_plural

    return str(get_plural(parse_locale(code)))


@lru_cache(maxsize=1)
def _codes_by_english_name() -> dict[str, str]:
    english = Locale("en")
    names: dict[str, str] = {}
    for ident in locale_identifiers():
        if "_" in ident:
            continue
        name = english.languages.get(ident)
        if name:
            names.setdefault(name.lower(), ident)
    return names


@lru_cache(maxsize=1)
def _identifiers_lower_map() -> dict[str, str]:
    return {ident.lower(): ident for ident in locale_identifiers()}


def _identifiers_lower() -> list[str]:
    return list(_identifiers_lower_map())
