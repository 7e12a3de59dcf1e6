"""Tests for recognising signatory lists and finding the country of each signatory."""

from __future__ import annotations

import doctest
import re
import time
from pathlib import Path

import pytest

import stmtl10n.formats.signatories
from stmtl10n.formats.signatories import (
    COUNTRY,
    NAME,
    ORGANIZATION,
    ROLE,
    Signatory,
    country_span,
    is_lead_in,
    is_signatory_item,
    is_signatory_list,
    parse_signatory,
    replace_country,
    run_on_items,
    split_signatory,
    table_fields,
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


def test_short_lists_need_a_lead_in() -> None:
    # Issue 11: a letter signed by two ("Signed by:" and two lines) is a signatory list too;
    # without a lead-in, two lines are too little evidence.
    assert not is_signatory_list([])
    assert not is_signatory_list([], heading="Signed by:")
    assert not is_signatory_list(["Derek, United States", "PSL, United States"])
    assert is_signatory_list(["Derek, United States", "PSL, United States"], heading="Signed by:")


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


# --------------------------------------------------------------------------- issue 11: parts and shapes


ITEMS = Path(__file__).resolve().parent / "data" / "signatory_items"


def _parts(text: str) -> list[tuple[str, str]]:
    signatory = parse_signatory(text)
    return [(part.kind, signatory.part_text(part)) for part in signatory.parts]


def _block(name: str) -> tuple[str, list[str]]:
    heading, *items = (ITEMS / name).read_text(encoding="utf-8").rstrip("\n").split("\n")
    return heading, items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tilda Swinton — actor", [(NAME, "Tilda Swinton"), (ROLE, "actor")]),
        ("Rania Khalil – Birzeit University", [(NAME, "Rania Khalil"), (ORGANIZATION, "Birzeit University")]),
        ("Judith Butler", [(NAME, "Judith Butler")]),
        ("محمد أحمد", [(NAME, "محمد أحمد")]),
        ("胡星宇", [(NAME, "胡星宇")]),
        ("Hong Kong", [(COUNTRY, "Hong Kong")]),
        ("Jane Doe (Birzeit University, Palestine)",
         [(NAME, "Jane Doe"), (ORGANIZATION, "Birzeit University"), (COUNTRY, "Palestine")]),
        ("Jane Doe (actor)", [(NAME, "Jane Doe"), (ROLE, "actor")]),
        ("Bread and Freedom Party (under establishment), Egypt",
         [(ORGANIZATION, "Bread and Freedom Party (under establishment)"), (COUNTRY, "Egypt")]),
        ("John Smith, Associate Professor, Department of History, University of Chicago",
         [(NAME, "John Smith"), (ROLE, "Associate Professor"), (ORGANIZATION, "Department of History"),
          (ORGANIZATION, "University of Chicago")]),
        ("Ahmad Khalil, Secretary General of the Palestinian Federation of Trade Unions, Palestine",
         [(NAME, "Ahmad Khalil"), (ROLE, "Secretary General of the Palestinian Federation of Trade Unions"),
          (COUNTRY, "Palestine")]),
        ("Marie Dupont, députée européenne ;", [(NAME, "Marie Dupont"), (ROLE, "députée européenne")]),
        ("Jean Martin, enseignant-chercheur, Université Paris 8",
         [(NAME, "Jean Martin"), (ROLE, "enseignant-chercheur"), (ORGANIZATION, "Université Paris 8")]),
        ("Ana Ruiz, Catedrática, Universidad de Granada, España",
         [(NAME, "Ana Ruiz"), (ROLE, "Catedrática"), (ORGANIZATION, "Universidad de Granada"), (COUNTRY, "España")]),
        ("Agrupación de Familiares de Ejecutados Políticos, AFEP, Chile",
         [(ORGANIZATION, "Agrupación de Familiares de Ejecutados Políticos"), (ORGANIZATION, "AFEP"),
          (COUNTRY, "Chile")]),
        ("Inderpal Grewal, Women's, Gender, and Sexuality Studies, Yale University",
         [(NAME, "Inderpal Grewal"), (ORGANIZATION, "Women's, Gender, and Sexuality Studies"),
          (ORGANIZATION, "Yale University")]),
        ("أحمد أبو مطر      ناقد أكاديمي وباحث", [(NAME, "أحمد أبو مطر"), (ROLE, "ناقد أكاديمي وباحث")]),
        ("رياضي نورالدين، النهج الديمقراطي العمالي، المغرب",
         [(NAME, "رياضي نورالدين"), (ORGANIZATION, "النهج الديمقراطي العمالي"), (COUNTRY, "المغرب")]),
        ("胡星宇，中国", [(NAME, "胡星宇"), (COUNTRY, "中国")]),
        ("Someone, Some Group, Galiza", [(NAME, "Someone"), (ORGANIZATION, "Some Group"), (COUNTRY, "Galiza")]),
        (", Chile", [(COUNTRY, "Chile")]),
        ("", []),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_parse_signatory_reads_the_parts(text: str, expected: list[tuple[str, str]]) -> None:
    assert _parts(text) == expected


def _assert_exact_parts(signatory: Signatory) -> None:
    position = 0
    for part in signatory.parts:
        text = signatory.part_text(part)
        assert part.start >= position and text == text.strip() and text, (signatory.text, part)
        # Between parts there are separators only: every letter belongs to a part.
        assert not any(char.isalnum() for char in signatory.text[position:part.start]), (signatory.text, part)
        position = part.end
    assert not any(char.isalnum() for char in signatory.text[position:]), signatory.text


def test_parts_tile_every_real_signatory_exactly() -> None:
    _, parties, people = _real_lists()
    real = parties + people
    for name in ("memo-academics-pt.txt", "memo-academics-de.txt", "carta-por-la-paz-es.txt"):
        real += _block(name)[1]
    for text in real:
        _assert_exact_parts(parse_signatory(text))
        _assert_exact_parts(parse_signatory(f"  {text} ;"))


def test_names_and_organizations_of_a_real_list_are_copied_parts() -> None:
    _, items = _block("memo-academics-pt.txt")
    signatories = [parse_signatory(item) for item in items]
    assert all(s.parts[0].kind == NAME for s in signatories)
    # "aposentado" (retired) is the only role; the rest are institutions, copied as they are.
    assert [s.part_text(r) for s in signatories for r in s.roles] == ["aposentado"]


@pytest.mark.parametrize(
    "name", ["memo-academics-pt.txt", "memo-academics-de.txt", "carta-por-la-paz-es.txt"])
def test_real_lists_are_recognised_with_and_without_their_lead_in(name: str) -> None:
    heading, items = _block(name)
    assert is_signatory_list(items, heading=heading)
    assert is_signatory_list(items)


def test_real_numbered_demands_are_not_a_list_even_after_a_lead_in() -> None:
    _, demands = _block("carta-por-la-paz-demands-es.txt")
    demands = [demand.split("– ", 1)[1] for demand in demands]
    assert not is_signatory_list(demands)
    assert not is_signatory_list(demands, heading="Firmantes:")
    assert not any(is_signatory_item(demand) for demand in demands)


def test_names_alone_count_only_after_a_lead_in() -> None:
    names = ["Judith Butler", "Naomi Klein", "محمد أحمد", "胡星宇", "Angela Y. Davis"]
    assert not is_signatory_list(names)
    for heading in ("Signed,", "Signatories:", "Firmantes", "Signataires :", "Unterzeichner", "الموقعون:", "联署："):
        assert is_signatory_list(names, heading=heading), heading
    assert not is_signatory_list(names, heading="Our demands")


@pytest.mark.parametrize(
    "items",
    [
        ["Free Palestine!", "Stop the genocide", "End the occupation"],
        ["Stop Arming Israel", "Free Palestine", "End the Siege"],
        ["3 March 2025", "17 April 2025", "1 May 2025"],
        ["3 mars 2025", "lundi 12 octobre", "Septembre 2024"],
        ["lunes, 3 de marzo", "martes, 4 de marzo", "miércoles, 5 de marzo"],
        ["Monday", "Tuesday", "Wednesday"],
        ["Association France Palestine Solidarité", "21 ter rue Voltaire", "75011 Paris", "France"],
        ["Jewish Voice for Peace", "1611 Telegraph Ave, Suite 1020", "Oakland, CA 94612"],
        ["We met in Paris, France, with the families.", "Then in Rome, Italy, with the unions.",
         "And in Madrid, Spain, with the students."],
        ["Gaza, the West Bank and East Jerusalem", "Lebanon, the Golan and Syria", "Jordan, and Egypt"],
        ["bread, water and shelter", "food, medicine", "schools, hospitals"],
    ],
    ids=["slogans", "title-case-slogans", "dates-en", "dates-fr", "dates-es", "days", "address-fr",
         "address-us", "paris-france-in-sentences", "places-in-prose", "lowercase-series"],
)
def test_prose_that_looks_like_a_list_is_never_signatories(items: list[str]) -> None:
    assert not is_signatory_list(items)
    assert not is_signatory_list(items, heading="Signed,")


@pytest.mark.parametrize(
    "text",
    ["Signatories:", "Signed,", "Signing organizations", "Endorsed by", "Initial signatories (in alphabetical order)",
     "Firmantes", "Firman:", "Signataires", "Liste complète des signataires", "Premiers signataires :",
     "Firmatari", "Unterzeichner:innen", "Erstunterzeichnende", "Signatários", "Assinam:", "الموقعون",
     "الموقعون على البيان:", "首批联署:"],
)
def test_lead_ins_in_the_languages_statements_are_written_in(text: str) -> None:
    assert is_lead_in(text)


@pytest.mark.parametrize(
    "text",
    ["Sign the call here", "Our demands", "Free Palestine!", "",
     "The undersigned parties and organizations that consider the Palestinian cause a cause of national "
     "liberation, a cause of a people struggling for their inalienable rights:"],
)
def test_other_lines_are_no_lead_ins(text: str) -> None:
    assert not is_lead_in(text)


def test_run_on_list_after_a_lead_in() -> None:
    text = ("Liste complète des signataires : Marie Dupont, députée ; Jean Martin, enseignant-chercheur, "
            "Université Paris 8 ; Ana Ruiz, avocate ; Karim Benali, président de l’Association des Tunisiens "
            "en France.")
    spans = run_on_items(text)
    assert spans is not None
    assert [text[start:end] for start, end in spans] == [
        "Marie Dupont, députée", "Jean Martin, enseignant-chercheur, Université Paris 8", "Ana Ruiz, avocate",
        "Karim Benali, président de l’Association des Tunisiens en France"]


@pytest.mark.parametrize(
    "text",
    ["We demand an end to the siege; we call for a boycott; we stand with Gaza.",
     "Bring: bread; water; blankets; medicine.",
     "Free Palestine; End the occupation; Stop the genocide",
     "Signataires : nous appelons à la grève ; nous appelons au boycott ; nous serons là."],
)
def test_prose_with_semicolons_is_no_run_on_list(text: str) -> None:
    assert run_on_items(text) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Name", "Position", "Institution"], (NAME, ROLE, ORGANIZATION)),
        (["#", "**Nom**", "Fonction", "Pays"], (None, NAME, ROLE, COUNTRY)),
        (["Nombre", "Cargo", "Organización", "País"], (NAME, ROLE, ORGANIZATION, COUNTRY)),
        (["Full name", "Affiliation"], (NAME, ORGANIZATION)),
        (["Organisation", "Country"], (ORGANIZATION, COUNTRY)),
        (["Signatories"], (NAME,)),
    ],
)
def test_table_headers_naming_signatory_fields(header: list[str], expected: tuple[str | None, ...]) -> None:
    assert table_fields(header) == expected


@pytest.mark.parametrize("header", [["Country", "Population"], ["Name", "Age"], ["Date", "Event", "Place"], []])
def test_other_tables_are_no_signatory_tables(header: list[str]) -> None:
    assert table_fields(header) is None


def test_a_5000_line_list_is_judged_at_once() -> None:
    _, parties, people = _real_lists()
    real = parties + people
    items = [real[i % len(real)] for i in range(5000)]
    is_signatory_list(items)  # babel's calendar data and the country names load once
    start = time.perf_counter()
    assert is_signatory_list(items)
    assert is_signatory_list(items, heading="Signatories:")
    assert time.perf_counter() - start < 0.1


def test_parsing_takes_linear_time_on_hostile_input() -> None:
    parse_signatory("Derek, United States")  # the country names load once
    for text in ("a, " * 20000, "(" * 20000 + ")" * 20000, "x – " * 20000, "Name" + " " * 50000 + "role",
                 "; ".join(["Jane Doe, actor"] * 5000)):
        start = time.perf_counter()
        parse_signatory(text)
        is_signatory_item(text)
        run_on_items(text)
        assert time.perf_counter() - start < 1.0


def test_roles_of_the_real_list_are_the_translatable_parts_only() -> None:
    _, parties, people = _real_lists()
    roles = [parse_signatory(item) for item in parties + people]
    # "no" (an empty form field) is copied; "potere al popolo" is a party written in lowercase,
    # which nothing but a lowercase start tells from a role: it goes to the translator.
    assert [s.part_text(role) for s in roles for role in s.roles] == [
        "Secretary General of the frozen Algerian Socialist Workers Party", "potere al popolo"]
    assert all(s.country is not None for s in roles)
