"""A signatory line in another language: what is copied, what CLDR gives, what is left to translate."""

from __future__ import annotations

import pytest

from stmtl10n.signatory_drafts import draft_signatory, learned_roles


@pytest.mark.parametrize(("line", "lang", "expected"), [
    # Real lines from statements/solidarity-day-call.txt.
    ("Abahlali baseMjondolo (AbM), South Africa", "es", "Abahlali baseMjondolo (AbM), Sudáfrica"),
    ("胡星宇, China", "ar", "胡星宇, الصين"),
    ("Union C, USA", "fr", "Union C, États-Unis"),
    # CLDR's everyday short name, never the official long form.
    ("Hong Kong Confederation of Trade Unions, Hong Kong", "fr", "Hong Kong Confederation of Trade Unions, Hong Kong"),
])
def test_a_line_of_names_and_a_known_country_is_complete(line: str, lang: str, expected: str) -> None:
    draft = draft_signatory(line, lang)
    assert draft.is_complete
    assert draft.compose({}) == expected


def test_a_place_cldr_does_not_name_is_copied_and_left_for_a_reviewer() -> None:
    draft = draft_signatory("Comité de solidarité, Kurdistan", "fr")
    assert draft.compose({}) == "Comité de solidarité, Kurdistan"
    assert not draft.is_complete and not draft.roles


def test_roles_are_slots_for_their_translation() -> None:
    draft = draft_signatory("Tilda Swinton — actor", "es")
    assert draft.roles == ("actor",)
    assert not draft.is_complete
    assert draft.compose({"actor": "actriz"}) == "Tilda Swinton — actriz"
    with pytest.raises(KeyError):
        draft.compose({})


def test_roles_are_learned_only_where_the_rest_of_the_line_is_kept() -> None:
    pairs = [
        ("Ken Loach — film director", "Ken Loach — director de cine"),
        ("Mike Leigh — film director", "Mike Leigh — director de cine"),
        ("Andrea Arnold — film director", "Andrea Arnold — directora de cine"),
        ("Brian Eno — musician", "Brian Enoch — músico"),  # the name changed: nothing learned from it
    ]
    assert learned_roles(pairs, "es") == {"film director": "director de cine"}
