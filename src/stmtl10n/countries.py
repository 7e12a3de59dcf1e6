"""Country names: recognise them as lists write them, and give each language's CLDR name (through babel).

A signatory's country is localized by :func:`stmtl10n.formats.signatories.localize_signatory`,
which reads the signatory's parts and uses :func:`localize_country`: that module imports this one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError

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

# CLDR's everyday short names (``alt="short"``) of the territories whose standard
# name is a long official form: "Hong Kong", not "R.A.S. chinoise de Hong Kong" or
# "RAE de Hong Kong (China)"; "Palestina", not "Territorios Palestinos". babel 2.18
# does not ship the ``alt="short"`` names. Copied from unicode-org/cldr,
# common/main/<lang>.xml (main branch, CLDR 48 development, commits 0061e3b2 and
# 00826690, read 2026-12): the ``<territory type="HK|MO|PS" alt="short">`` elements
# of en, fr, es, ar, de, it, pt, ru and zh. Short forms that are abbreviations
# (US "EE. UU.", "É.-U.", GB "UK") are left out: the standard names of those
# ("Estados Unidos", "Royaume-Uni") are the everyday ones.
_CLDR_SHORT_NAMES: dict[str, dict[str, str]] = {
    "en": {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestine", "MM": "Myanmar"},
    "fr": {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestine"},
    "es": {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestina"},
    "ar": {"HK": "هونغ كونغ", "MO": "مكاو", "PS": "فلسطين"},
    "de": {"HK": "Hongkong", "MO": "Macau", "PS": "Palästina"},
    "it": {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestina"},
    "pt": {"HK": "Hong Kong", "MO": "Macau", "PS": "Palestina"},
    "ru": {"HK": "Гонконг", "MO": "Макао", "PS": "Палестина"},
    "zh": {"HK": "香港", "MO": "澳门", "PS": "巴勒斯坦"},
}
# CLDR's PS-alt-short in the other languages volunteers translate into, as this
# project's earlier table had it (not re-read from the XML files above).
for _language, _palestine in {
    "bn": "ফিলিস্তিন", "ca": "Palestina", "cs": "Palestina", "el": "Παλαιστίνη", "eu": "Palestina", "fa": "فلسطین",
    "gl": "Palestina", "he": "פלסטין", "hi": "फ़िलिस्तीन", "id": "Palestina", "ja": "パレスチナ", "ko": "팔레스타인",
    "ms": "Palestin", "nl": "Palestina", "pl": "Palestyna", "ro": "Palestina", "sv": "Palestina", "sw": "Palestina",
    "tr": "Filistin", "uk": "Палестина", "ur": "فلسطین",
}.items():
    _CLDR_SHORT_NAMES.setdefault(_language, {})["PS"] = _palestine

# CLDR's short forms that are abbreviations (same files): not written in a
# translation, but recognised when a list in that language uses them.
_CLDR_SHORT_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US": ("EE. UU.", "EE.UU.", "EEUU", "É.-U.", "EUA", "США"),
    "GB": ("R.-U.",),
}

# The languages statements are written in, whose CLDR names of countries are
# recognised in a source text ("Palestina", "Maroc", "المغرب", "中国") besides
# English. Few: each costs babel a locale load the first time a country is read.
_SOURCE_LANGUAGES = ("ar", "de", "es", "fr", "it", "pt", "ru", "zh")

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


@lru_cache(maxsize=4096)  # lists name the same few countries thousands of times
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
    # "Ivory Coast (Cote d'Ivoire)", "Palestine (Gaza)": a country and a note. The country
    # comes first: "Jane Doe (Palestine)" is a person.
    outside, _, inside = name.partition("(")
    if inside:
        return names.get(normalize_country_name(outside))
    return None


def localize_country(name: str, lang: str) -> str | None:
    """The everyday name of the country ``name`` in language ``lang`` (CLDR), or None when not recognised.

    CLDR's standard name, except where that is a long official form: then its
    short name (``alt="short"``), so a signatory who wrote "Hong Kong" or
    "Palestine" never gets a longer name than the standard one.

    >>> localize_country("South Africa", "es"), localize_country("South Africa", "fr")
    ('Sudáfrica', 'Afrique du Sud')
    >>> localize_country("Palestine", "es"), localize_country("Hong Kong", "fr"), localize_country("USA", "es")
    ('Palestina', 'Hong Kong', 'Estados Unidos')
    """
    code = country_code(name)
    if code is None:
        return None
    short = _CLDR_SHORT_NAMES.get(_language_part(lang), {}).get(code)
    if short is not None:
        return short
    territories = _territories(lang)
    return territories.get(code) if territories else None


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
    for table in (_CLDR_ENGLISH_ALTERNATIVES, _VARIANTS, _CLDR_SHORT_ABBREVIATIONS):
        for code, variants in table.items():
            for variant in variants:
                add(variant, code)
    # Then the names in the languages statements are written in, after every English
    # name, so that a clash ("Man") keeps its English meaning.
    for language in _SOURCE_LANGUAGES:
        for code, name in (_territories(language) or {}).items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                add(name, code)
                outside, _, inside = name.partition(" (")
                add(outside, code)
    for shorts in _CLDR_SHORT_NAMES.values():
        for code, name in shorts.items():
            add(name, code)
    return names


@lru_cache(maxsize=64)
def _territories(lang: str) -> dict[str, str] | None:
    try:
        return dict(Locale.parse(lang.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return None


def _language_part(lang: str) -> str:
    return lang.replace("-", "_").split("_", 1)[0].lower()
