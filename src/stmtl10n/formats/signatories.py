"""Recognise lists of signatories ("Name, Organization, Country") and find the country in each."""

from __future__ import annotations

import re
from collections.abc import Sequence

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")

# Words that announce a signatory list in the line before it.  A few non-English
# forms are here because forms get pasted from Spanish, French and German calls.
_SIGNING_WORDS = re.compile(
    r"\b(?:sign(?:ed|ing|atory|atories|atures?|ers?)|co-?signed|undersigned|"
    r"endorse(?:d|ments?|rs)?|firmantes|firmado|signataires|unterzeichne\w*)\b",
    re.IGNORECASE,
)

_MAX_ITEM = 160  # longer than any real "Name, Organization, Country" line
_MAX_COUNTRY = 40  # "Ivory Coast (Cote d'Ivoire)", "Democratic Republic of the Congo"
_MAX_COUNTRY_WORDS = 5
_MAX_NAME_WORDS = 20
_MAX_HEADING = 100  # a lead-in longer than this is prose, not a list heading
_MIN_ITEMS = 3
_MATCH_SHARE = 0.7
_MATCH_SHARE_WITH_HEADING = 0.5


def country_span(text: str) -> tuple[int, int] | None:
    """The ``(start, end)`` offsets of the country at the end of a signatory line, or None.

    The country is the text after the last comma, without surrounding spaces,
    when it looks like a place name: short, not starting with a lowercase
    letter and not ending a sentence.

    >>> text = "Central de Trabajadores de Cuba , Cuba"
    >>> start, end = country_span(text)
    >>> text[start:end]
    'Cuba'
    >>> country_span("Affirm our solidarity with the people, and their resistance.") is None
    True
    """
    comma = _last_comma(text)
    if comma < 0:
        return None
    start = comma + 1
    end = len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not _is_country_like(text[start:end]):
        return None
    return (start, end)


def split_signatory(text: str) -> tuple[str, str | None]:
    """Split a signatory line into (name and organization, country).

    The country is the part after the last comma ("Galiza, Spain" keeps the
    region with the name); None when the line has no plausible country.

    >>> split_signatory("Parti Communiste Revolutionnaire (PCRCI), Ivory Coast (Cote d'Ivoire)")
    ('Parti Communiste Revolutionnaire (PCRCI)', "Ivory Coast (Cote d'Ivoire)")
    >>> split_signatory("Responsable de CIG, Galiza, Spain")
    ('Responsable de CIG, Galiza', 'Spain')
    >>> split_signatory(", Chile")
    ('', 'Chile')
    >>> split_signatory("Free Palestine!")
    ('Free Palestine!', None)
    """
    span = country_span(text)
    if span is None:
        return (text.strip(), None)
    start, end = span
    return (text[:_last_comma(text)].strip(), text[start:end])


def replace_country(text: str, country: str) -> str:
    """Put ``country`` in place of the country of a signatory line, keeping every other byte.

    :raises ValueError: when the line has no country to replace.

    >>> replace_country("Central de Trabajadores de Cuba , Cuba", "Kuba")
    'Central de Trabajadores de Cuba , Kuba'
    """
    span = country_span(text)
    if span is None:
        raise ValueError(f"no country at the end of {text!r}")
    start, end = span
    return text[:start] + country + text[end:]


def is_signatory_item(text: str) -> bool:
    """Whether one list item reads like ``Name, Organization, Country``.

    >>> is_signatory_item("Bread and Freedom Party (under establishment), Egypt")
    True
    >>> is_signatory_item("Affirm our solidarity with the struggles of the Palestinian people.")
    False
    """
    text = text.strip()
    if not text or len(text) > _MAX_ITEM:
        return False
    # The name and organization part only needs counting: no need to strip it.
    return country_span(text) is not None and len(text[: _last_comma(text)].split()) <= _MAX_NAME_WORDS


def is_signatory_list(items: Sequence[str], *, heading: str | None = None) -> bool:
    """Whether a list is a list of signatories rather than prose.

    A signatory list has at least three items, and most of them (70 %) are
    short ``Name, Organization, Country`` lines: a comma, then a short
    capitalised (or non-Latin) place name, no sentence punctuation at the end.
    Numbered demands ("1. Affirm our solidarity ...") fail because they are long
    sentences that end with a period.  Real lists are messy (empty names,
    "No." as an organization), so a lead-in line such as "Signing Parties and
    Organizations:" or "Endorsed by" lowers the share to 50 %.

    :param items: the texts of the list's items, without their markers.
    :param heading: the line just before the list, if any: supporting evidence only.

    >>> is_signatory_list(["ATE Capital, Argentina", "BDS Chile, Chile", "Derek, United States"])
    True
    >>> is_signatory_list(["Affirm our solidarity.", "Condemn the crimes.", "Call upon all peoples."])
    False
    """
    if len(items) < _MIN_ITEMS:
        return False
    share = _MATCH_SHARE
    if heading is not None and len(heading) <= _MAX_HEADING and _SIGNING_WORDS.search(heading):
        share = _MATCH_SHARE_WITH_HEADING
    needed = share * len(items)
    matched = 0
    for item in items:  # stop once the share is reached: lists run to hundreds of names
        matched += is_signatory_item(item)
        if matched >= needed:
            return True
    return False


def _last_comma(text: str) -> int:
    # A Latin comma, or the Arabic and full-width commas people type with their own script.
    return max(text.rfind(","), text.rfind("،"), text.rfind("，"))


def _is_country_like(part: str) -> bool:
    if not part or len(part) > _MAX_COUNTRY or len(part.split()) > _MAX_COUNTRY_WORDS:
        return False
    if part[-1] in ".!?:;" or _DIGIT.search(part):
        return False
    # "(Cote d'Ivoire)" and quoted names start with punctuation: judge the first letter.
    first = _LETTER.search(part)
    return first is not None and not first.group().islower()
