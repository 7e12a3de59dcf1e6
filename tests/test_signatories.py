"""Tests for recognising signatory lists and finding the country of each signatory."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import stmtl10n.formats.signatories
from stmtl10n.formats.signatories import (
    country_span,
    is_signatory_item,
    is_signatory_list,
    replace_country,
    split_signatory,
)

SOLIDARITY_CALL = Path(__file__).resolve().parent.parent / "statements" / "solidarity-day-call.txt"
_ITEM = re.compile(r"^\s*\d+\.\s*(.*?)\s*$")


def _real_lists() -> tuple[list[str], list[str], list[str]]:
    lines = SOLIDARITY_CALL.read_text(encoding="utf-8").split("\n")
    demands = [m.group(1) for line in lines[12:19] if (m := _ITEM.match(line))]
    parties = [m.group(1) for line in lines[30:86] if (m := _ITEM.match(line))]
    people = [m.group(1) for line in lines[88:] if (m := _ITEM.match(line))]
    return demands, parties, people


def test_real_lists_are_read_as_expected() -> None:
    demands, parties, people = _real_lists()
    assert (len(demands), len(parties), len(people)) == (4, 56, 38)
    assert parties[0] == "Abahlali baseMjondolo (AbM), South Africa" and parties[-1].endswith("Morocco")
    assert people[0].startswith("Anam El-Jabali") and people[-1] == "胡星宇, China"


def test_signing_parties_list_is_a_signatory_list() -> None:
    _, parties, _ = _real_lists()
    assert is_signatory_list(parties)
    assert is_signatory_list(parties, heading="Signing Parties and Organizations:")


def test_list_without_heading_is_a_signatory_list() -> None:
    _, _, people = _real_lists()
    assert is_signatory_list(people)


def test_numbered_demands_are_prose() -> None:
    demands, _, _ = _real_lists()
    assert not is_signatory_list(demands)
    # "The undersigned parties ..." is a long lead-in, not a heading: no evidence.
    lead_in = (
        "The undersigned parties and organizations that consider the Palestinian cause a cause of "
        "national liberation, a cause of a people struggling for their inalienable rights:"
    )
    assert not is_signatory_list(demands, heading=lead_in)
    assert not any(is_signatory_item(item) for item in demands)


def test_every_real_signatory_has_a_country() -> None:
    _, parties, people = _real_lists()
    for item in parties + people:
        _name, country = split_signatory(item)
        assert country, item
        assert country[0].isupper(), item


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Derek, United States", ("Derek", "United States")),
        ("Central de Trabajadores de Cuba , Cuba", ("Central de Trabajadores de Cuba", "Cuba")),
        ("PCRCI, Ivory Coast (Cote d’Ivoire)", ("PCRCI", "Ivory Coast (Cote d’Ivoire)")),
        (
            "XOSÉ LUÍS RIVERA JÁCOME, Si. Responsable de Relaciones Internacionales de CIG, Galiza, Spain",
            ("XOSÉ LUÍS RIVERA JÁCOME, Si. Responsable de Relaciones Internacionales de CIG, Galiza", "Spain"),
        ),
        ("Rene Alvarez, No., Mexico", ("Rene Alvarez, No.", "Mexico")),
        (", Chile", ("", "Chile")),
        ("حزب العمال , Tunisia", ("حزب العمال", "Tunisia")),
        ("رياضي نورالدين، المغرب", ("رياضي نورالدين", "المغرب")),
        ("胡星宇，中国", ("胡星宇", "中国")),
        ("胡星宇, China", ("胡星宇", "China")),
        ("Free Palestine!", ("Free Palestine!", None)),
        ("bread, water and shelter", ("bread, water and shelter", None)),
        ("Condemn the crimes, and the occupation.", ("Condemn the crimes, and the occupation.", None)),
        ("Party, 2024", ("Party, 2024", None)),
        ("Party,   ", ("Party,", None)),
    ],
    ids=[
        "plain",
        "space-before-comma",
        "country-with-brackets",
        "region-and-country",
        "no-as-organization",
        "empty-name",
        "arabic-name",
        "arabic-comma-and-country",
        "full-width-comma",
        "chinese-name",
        "no-comma",
        "lowercase-tail",
        "sentence",
        "digits",
        "empty-tail",
    ],
)
def test_split_signatory(text: str, expected: tuple[str, str | None]) -> None:
    assert split_signatory(text) == expected


def test_replace_country_keeps_every_other_byte() -> None:
    assert replace_country("Rosa Bartiromo , potere al popolo , Italy ", "Italia") == (
        "Rosa Bartiromo , potere al popolo , Italia "
    )
    assert replace_country(", Chile", "Chili") == ", Chili"
    with pytest.raises(ValueError, match="no country"):
        replace_country("Free Palestine!", "x")


def test_country_span_points_into_the_text() -> None:
    text = "Ehab Idris Ali , الحزب الشيوعي السوداني , South Sudan"
    span = country_span(text)
    assert span is not None and text[span[0]:span[1]] == "South Sudan"


def test_short_lists_are_never_signatory_lists() -> None:
    assert not is_signatory_list([])
    assert not is_signatory_list(["Derek, United States", "PSL, United States"])
    assert not is_signatory_list(["Derek, United States", "PSL, United States"], heading="Signed by:")


def test_share_of_matching_items_decides() -> None:
    names = ["Derek, United States", "PSL, United States", "Qutb Party, Tunisia"]
    prose = ["We demand an end to the siege.", "We call for a boycott.", "We stand with the resistance."]
    assert is_signatory_list(names * 7 + prose[:3])  # 21 of 24
    assert not is_signatory_list(names * 2 + prose)  # 6 of 9
    assert is_signatory_list(names * 2 + prose, heading="Endorsed by")
    assert is_signatory_list(names * 2 + prose, heading="Signatories:")
    assert not is_signatory_list(names * 2 + prose, heading=">> Sign on via the form here")
    assert not is_signatory_list(names + prose * 2, heading="Signed by:")  # 3 of 9


def test_bulleted_and_short_prose_lists_are_not_signatories() -> None:
    assert not is_signatory_list(["Join the demonstration.", "Write to your representatives.", "Share the call."])
    assert not is_signatory_list(["bread, water and shelter", "food, medicine", "schools, hospitals"])


def test_overlong_items_are_not_signatories() -> None:
    long_name = "Committee " * 20
    assert not is_signatory_item(f"{long_name}, Chile")


def test_doctests() -> None:
    result = doctest.testmod(stmtl10n.formats.signatories)
    assert result.failed == 0 and result.attempted > 0
