"""Localize the country at the end of a signatory line with CLDR's territory names (through babel)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from stmtl10n.formats.signatories import country_span

# CLDR's English alternative names ("-alt-short", "-alt-variant"): babel's
# locale data drops them, so the ones real signatory lists use are copied here.
_CLDR_ENGLISH_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "CD": ("Congo (DRC)",),
    "CG": ("Congo (Republic)",),
    "CI": ("Ivory Coast",),
    "CZ": ("Czech Republic",),
    "FK": ("Falkland Islands (Islas Malvinas)",),
    "GB": ("UK",),
    "HK": ("Hong Kong",),
    "MK": ("Macedonia",),
    "MM": ("Myanmar",),
    "MO": ("Macao",),
    "NZ": ("Aotearoa New Zealand",),
    "PS": ("Palestine",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkey",),
    "US": ("US",),
}

# What people type in sign-on forms, beyond CLDR: official UN-style names,
# abbreviations, old names. Keys are English; matching ignores case and accents.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "BO": ("Bolivia (Plurinational State of)", "Plurinational State of Bolivia"),
    "CD": ("Democratic Republic of the Congo", "Democratic Republic of Congo", "DR Congo", "DRC", "Zaire"),
    "CG": ("Republic of the Congo", "Congo"),
    "CV": ("Cabo Verde",),
    "EH": ("Sahrawi Arab Democratic Republic", "SADR"),
    "GB": ("U.K.", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "IR": ("Iran (Islamic Republic of)", "Islamic Republic of Iran"),
    "KP": ("Democratic People's Republic of Korea", "DPRK"),
    "KR": ("Republic of Korea", "Korea"),
    "LA": ("Lao People's Democratic Republic", "Lao PDR"),
    "MD": ("Republic of Moldova", "Moldova (Republic of)"),
    "MM": ("Burma",),
    "MO": ("Macau",),
    "NL": ("Holland",),
    "PS": ("State of Palestine", "Occupied Palestine", "Palestinian Territory", "Occupied Palestinian Territory"),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "TW": ("Taiwan, Province of China",),
    "TZ": ("United Republic of Tanzania", "Tanzania (United Republic of)"),
    "US": ("USA", "U.S.A.", "U.S.", "United States of America"),
    "VE": ("Venezuela (Bolivarian Republic of)", "Bolivarian Republic of Venezuela"),
    "VN": ("Viet Nam",),
}

# CLDR's "Palestine" (PS-alt-short) in the languages volunteers translate into.
# The full CLDR name is "Palestinian Territories", which a signatory who wrote
# "Palestine" would rightly refuse; babel does not ship the short form.
_PALESTINE_SHORT: dict[str, str] = {
    "ar": "فلسطين", "bn": "ফিলিস্তিন", "ca": "Palestina", "cs": "Palestina", "de": "Palästina",
    "el": "Παλαιστίνη", "es": "Palestina", "eu": "Palestina", "fa": "فلسطین", "fr": "Palestine",
    "gl": "Palestina", "he": "פלסטין", "hi": "फ़िलिस्तीन", "id": "Palestina", "it": "Palestina",
    "ja": "パレスチナ", "ko": "팔레스타인", "ms": "Palestin", "nl": "Palestina", "pl": "Palestyna",
    "pt": "Palestina", "ro": "Palestina", "ru": "Палестина", "sv": "Palestina", "sw": "Palestina",
    "tr": "Filistin", "uk": "Палестина", "ur": "فلسطین", "zh": "巴勒斯坦",
}

# Territory codes in CLDR's list that are no country a signatory lives in.
_NOT_COUNTRIES = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}

_NON_WORD = re.compile(r"[^\w]+")


def normalize_country_name(name: str) -> str:
    """The form names are compared in: accents and case dropped, punctuation to spaces, ``&`` as ``and``.

    >>> normalize_country_name("  Côte d’Ivoire ")
    'cote d ivoire'
    >>> normalize_country_name("The Gambia")
    'gambia'
    >>> normalize_country_name("St. Lucia")
    'saint lucia'
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("&", " and "))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", stripped.casefold().replace("_", " ")).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join("saint" if word == "st" else word for word in words)


def country_code(name: str) -> str | None:
    """The ISO 3166 code of a country name as people write it, or None when it is not one.

    Recognises CLDR's English names and alternatives, official long names,
    abbreviations (``USA``, ``UK``), and a name followed by another in
    parentheses (``Ivory Coast (Cote d'Ivoire)``).

    >>> country_code("Russian Federation"), country_code("usa"), country_code("Ivory Coast (Cote d'Ivoire)")
    ('RU', 'US', 'CI')
    >>> country_code("Galiza") is None
    True
    """
    names = _names_to_codes()
    key = normalize_country_name(name)
    if key in names:
        return names[key]
    # "Ivory Coast (Cote d'Ivoire)": the same country twice, or a name and a note.
    outside, _, inside = name.partition("(")
    if inside:
        for part in (outside, inside.rstrip(") ")):
            code = names.get(normalize_country_name(part))
            if code:
                return code
    return None


def localize_country(name: str, lang: str) -> str | None:
    """The name of the country ``name`` in language ``lang`` (CLDR), or None when not recognised.

    >>> localize_country("South Africa", "es"), localize_country("South Africa", "fr")
    ('Sudáfrica', 'Afrique du Sud')
    >>> localize_country("Palestine", "es")
    'Palestina'
    """
    code = country_code(name)
    if code is None:
        return None
    language = _language_part(lang)
    if code == "PS" and normalize_country_name(name) == "palestine" and language in _PALESTINE_SHORT:
        return _PALESTINE_SHORT[language]
    territories = _territories(lang)
    return territories.get(code) if territories else None


def localize_signatory(text: str, lang: str) -> tuple[str, bool]:
    """A signatory line with its country in ``lang``; name and organization copied as they are.

    Returns the new text and whether a country was localized. A line whose
    last part is no recognised country ("Galiza", an Arabic place name) is
    returned unchanged.

    >>> localize_signatory("Responsable de CIG, Galiza, Spain", "fr")
    ('Responsable de CIG, Galiza, Espagne', True)
    >>> localize_signatory("胡星宇, China", "ar")
    ('胡星宇, الصين', True)
    """
    span = country_span(text)
    if span is None:
        return text, False
    start, end = span
    localized = localize_country(text[start:end], lang)
    if localized is None:
        return text, False
    return text[:start] + localized + text[end:], True


@lru_cache(maxsize=1)
def _names_to_codes() -> dict[str, str]:
    names: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        names.setdefault(normalize_country_name(name), code)

    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
            continue
        add(name, code)
        # "Myanmar (Burma)", "Hong Kong SAR China": the parts are names too.
        outside, _, inside = name.partition(" (")
        if inside:
            add(outside, code)
            add(inside.rstrip(")"), code)
    for table in (_CLDR_ENGLISH_ALTERNATIVES, _VARIANTS):
        for code, variants in table.items():
            for variant in variants:
                add(variant, code)
    return names


@lru_cache(maxsize=64)
def _territories(lang: str) -> dict[str, str] | None:
    try:
        return dict(Locale.parse(lang.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return None


def _language_part(lang: str) -> str:
    return lang.replace("-", "_").split("_", 1)[0].lower()
