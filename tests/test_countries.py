"""Tests for recognising country names and localizing them (and signatories' countries) with CLDR names."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from babel import Locale

import stmtl10n.countries
from stmtl10n.countries import country_code, localize_country
from stmtl10n.formats.signatories import localize_signatory

SOLIDARITY_CALL = Path(__file__).resolve().parent.parent / "statements" / "solidarity-day-call.txt"
_LIST_ITEM = re.compile(r"^\s+\d+\.\s*(.*?)\s*$")


def _signatory_lines() -> list[str]:
    # The two signatory lists are the indented numbered items; the demands are not indented.
    lines = SOLIDARITY_CALL.read_text(encoding="utf-8").split("\n")
    return [m.group(1) for line in lines if (m := _LIST_ITEM.match(line))]


def test_doctests() -> None:
    assert doctest.testmod(stmtl10n.countries).failed == 0


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("South Africa", "ZA"),
        ("Ivory Coast (Cote d'Ivoire)", "CI"),
        ("Ivory Coast (Cote d’Ivoire)", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Russian Federation", "RU"),
        ("United States", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Palestine", "PS"),
        ("State of Palestine", "PS"),
        ("Western Sahara", "EH"),
        ("South Sudan", "SS"),
        ("Sudan", "SD"),
        ("the Netherlands", "NL"),
        ("BRAZIL", "BR"),
        ("Turkey", "TR"),
        ("Democratic Republic of the Congo", "CD"),
        ("Bosnia and Herzegovina", "BA"),
        ("Saint Lucia", "LC"),
        ("Burma", "MM"),
    ],
    ids=lambda value: value,
)
def test_country_code_recognises_the_variants_lists_contain(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Galiza", "Kurdistan", "Free Palestine!", "", "European Union", "world", "Jane Doe (Palestine)",
                                  "Scotland", "Gaza"])
def test_names_that_are_no_country_are_not_recognised(name: str) -> None:
    assert country_code(name) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("es", "Sudáfrica"), ("ar", "جنوب أفريقيا"), ("fr", "Afrique du Sud"), ("pt_BR", "África do Sul")],
)
def test_south_africa_in_cldr_names(lang: str, expected: str) -> None:
    assert localize_country("South Africa", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("es", "Palestina"), ("ar", "فلسطين"), ("fr", "Palestine")])
def test_palestine_keeps_its_short_name_not_palestinian_territories(lang: str, expected: str) -> None:
    assert localize_country("Palestine", lang) == expected


def test_region_before_the_country_is_kept() -> None:
    line = "XOSÉ LUÍS RIVERA JÁCOME, Si. Responsable de Relaciones Internacionales de CIG, Galiza, Spain"
    assert localize_signatory(line, "es") == (line.replace("Spain", "España"), True)


def test_names_in_another_script_are_copied_as_they_are() -> None:
    assert localize_signatory("رياضي نورالدين, النهج الديمقراطي العمالي, Morocco", "fr") == (
        "رياضي نورالدين, النهج الديمقراطي العمالي, Maroc", True)
    assert localize_signatory("胡星宇, China", "es") == ("胡星宇, China", True)  # Spanish "China" is "China"


def test_unknown_country_leaves_the_line_unchanged() -> None:
    assert localize_signatory("Someone, Some Group, Atlantis", "es") == ("Someone, Some Group, Atlantis", False)
    assert localize_signatory("Free Palestine!", "es") == ("Free Palestine!", False)


def test_every_signatory_of_the_real_list_gets_its_country_localized() -> None:
    lines = _signatory_lines()
    assert len(lines) == 94
    for lang in ("es", "ar", "fr"):
        unrecognised = [line for line in lines if not localize_signatory(line, lang)[1]]
        assert unrecognised == [], lang


def test_real_list_samples_in_three_languages() -> None:
    lines = _signatory_lines()
    cuba = next(line for line in lines if line.startswith("Central de Trabajadores de Cuba"))
    ivory = next(line for line in lines if line.startswith("PCRCI"))
    sahara = next(line for line in lines if line.startswith("Collective of Sahrawi"))
    assert localize_signatory(cuba, "ar")[0] == "Central de Trabajadores de Cuba , كوبا"
    assert localize_signatory(ivory, "es")[0] == "PCRCI, Côte d’Ivoire"
    assert localize_signatory(sahara, "fr")[0] == "Collective of Sahrawi Human Rights Defenders (CODESA), Sahara occidental"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Issue 11: lists in other languages write countries their own way; "مصر" used to be None.
        ("مصر", "EG"), ("المغرب", "MA"), ("中国", "CN"), ("Maroc", "MA"), ("Palestina", "PS"), ("Brasil", "BR"),
        ("Deutschland", "DE"), ("États-Unis", "US"), ("EE. UU.", "US"), ("EEUU", "US"), ("EUA", "US"),
        ("U.K.", "GB"), ("Holland", "NL"), ("Korea", "KR"), ("Ivory Coast", "CI"), ("Hong Kong", "HK"),
        ("Macau", "MO"), ("Palestinian Territories", "PS"), ("Congo-Kinshasa", "CD"),
    ],
    ids=lambda value: value,
)
def test_source_spellings_in_every_language_map_to_codes(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        # CLDR's alt="short" names (common/main/<lang>.xml), not the long official form babel gives.
        ("Hong Kong", "fr", "Hong Kong"), ("Hong Kong", "es", "Hong Kong"), ("Hong Kong", "de", "Hongkong"),
        ("Hong Kong", "ar", "هونغ كونغ"), ("Hong Kong", "zh", "香港"), ("Hong Kong", "pt_BR", "Hong Kong"),
        ("Hong Kong", "es_MX", "Hong Kong"), ("Macao", "ru", "Макао"), ("Macau", "pt", "Macau"),
        ("Palestinian Territories", "fr", "Palestine"), ("State of Palestine", "it", "Palestina"),
        ("Palestine", "de", "Palästina"), ("Palestine", "tr", "Filistin"), ("Myanmar", "en", "Myanmar"),
    ],
)
def test_long_official_forms_give_way_to_cldr_short_names(name: str, lang: str, expected: str) -> None:
    assert localize_country(name, lang) == expected


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "de", "it", "pt", "ru", "zh", "ja", "tr", "nl", "pt_BR"])
@pytest.mark.parametrize("name", ["USA", "US", "UK", "U.K.", "Ivory Coast", "Palestine", "Holland", "Korea", "Burma",
                                  "Hong Kong", "Macau", "DRC"])
def test_a_short_source_form_never_gets_a_longer_name_than_the_standard(name: str, lang: str) -> None:
    code = country_code(name)
    assert code is not None
    standard = Locale.parse(lang).territories[code]
    localized = localize_country(name, lang)
    assert localized is not None and len(localized) <= len(standard)


def test_the_country_is_localized_wherever_it_stands() -> None:
    assert localize_signatory("Jane Doe (Birzeit University, Palestine)", "es") == (
        "Jane Doe (Birzeit University, Palestina)", True)
    assert localize_signatory("Tilda Swinton — actor", "fr") == ("Tilda Swinton — actor", False)
    assert localize_signatory("Lai Ching, Hong Kong Confederation of Trade Unions, Hong Kong", "fr") == (
        "Lai Ching, Hong Kong Confederation of Trade Unions, Hong Kong", True)
    assert localize_signatory("  Derek , USA ;", "ar") == ("  Derek , الولايات المتحدة ;", True)
