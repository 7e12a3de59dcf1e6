"""Dates and formatted numbers: found in English prose, written in Spanish, French and Arabic with CLDR."""

from __future__ import annotations

import datetime
import doctest
import time
import unicodedata
from decimal import Decimal

import pytest
from babel import Locale, localedata
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

import stmtl10n.dates
from stmtl10n.dates import (
    CalendarName,
    DateMention,
    calendar_names,
    default_numbering_system,
    find_dates,
    find_numbers,
    format_date_like,
    format_number_like,
    numbering_systems,
    with_digits,
)

NNBSP = "\u202f"


def test_doctests() -> None:
    assert doctest.testmod(stmtl10n.dates).failed == 0


def fields(mention: DateMention) -> tuple[str, int | None, int | None, int | None, int | None, str]:
    return mention.text, mention.day, mention.month, mention.year, mention.weekday, mention.form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 3 March 2025 we met.", [("3 March 2025", 3, 3, 2025, None, "yMMMMd")]),
        ("On March 3, 2025, we met.", [("March 3, 2025", 3, 3, 2025, None, "yMMMMd")]),
        ("March 3rd 2025", [("March 3rd 2025", 3, 3, 2025, None, "yMMMMd")]),
        ("every year on the 29th of November", [("29th of November", 29, 11, None, None, "MMMMd")]),
        ("November the 29th", [("November the 29th", 29, 11, None, None, "MMMMd")]),
        ("since September 2024", [("September 2024", None, 9, 2024, None, "yMMMM")]),
        ("from 7th October to 13th October", [("7th October", 7, 10, None, None, "MMMMd"),
                                              ("13th October", 13, 10, None, None, "MMMMd")]),
        ("on Saturday 12 October 2024", [("Saturday 12 October 2024", 12, 10, 2024, 5, "yMMMMEEEEd")]),
        ("Saturday, October 12, 2024", [("Saturday, October 12, 2024", 12, 10, 2024, 5, "yMMMMEEEEd")]),
        ("on Saturday the 12th of October", [("Saturday the 12th of October", 12, 10, None, 5, "MMMMEEEEd")]),
        ("Sat, 12 Oct 2024", [("Sat, 12 Oct 2024", 12, 10, 2024, 5, "yMMMEd")]),
        ("on Oct. 7 and 3 Sept. 2024", [("Oct. 7", 7, 10, None, None, "MMMd"), ("3 Sept. 2024", 3, 9, 2024, None, "yMMMd")]),
        ("It ends on 3 Oct.", [("3 Oct", 3, 10, None, None, "MMMd")]),  # the point ends the sentence
        ("in March, since May, until June", [("March", None, 3, None, None, "MMMM"), ("May", None, 5, None, None, "MMMM"),
                                             ("June", None, 6, None, None, "MMMM")]),
        ("On Monday we strike.", [("Monday", None, None, None, 0, "EEEE")]),
    ],
    ids=["d-month-y", "month-d-y", "ordinal-no-comma", "ordinal-of", "month-the-ordinal", "month-year", "two-dates",
         "weekday-date", "us-weekday-date", "weekday-the-ordinal", "abbreviated", "abbreviated-points", "final-point",
         "months-after-prepositions", "weekday-alone"],
)
def test_usual_english_forms_are_found(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [fields(mention) for mention in find_dates(text, "en")] == expected
    for mention in find_dates(text, "en"):
        assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize(
    "text",
    [
        "The March of Return, the Great March of Return.",  # a name, not a date
        "May we never forget.",  # a verb
        "they march in may",  # English months take a capital
        "25,000 March in the streets",  # a number, not a day
        "October 7–13, 2024",  # a range is left as it is
        "On 1947 and 2025 they came.",  # bare years
        "version 2.100 of the reference",
        "March",  # a month alone, capitalised, with no preposition: a heading or a name as much as a date
        "In Sept we met.",  # an abbreviation alone
    ],
)
def test_what_is_no_date(text: str) -> None:
    assert [m for m in find_dates(text, "en") if m.month is not None] == []


def test_a_weekday_that_is_not_the_dates_is_no_part_of_it() -> None:
    found = find_dates("Sunday, 12 October 2024", "en")  # 12 October 2024 was a Saturday
    assert [fields(m) for m in found] == [("Sunday", None, None, None, 6, "EEEE"),
                                          ("12 October 2024", 12, 10, 2024, None, "yMMMMd")]


def test_a_lone_abbreviation_and_a_plural_weekday_are_no_dates() -> None:
    # The dates check reads its source dates here too: "sept" is French for seven, "Saturdays" is no one day.
    assert [m.text for m in find_dates("le 1er mai, sept ans", "fr")] == ["1er mai"]
    assert find_dates("On Saturdays we march.", "en") == []


def test_a_day_that_does_not_exist_is_no_date() -> None:
    assert [m.text for m in find_dates("on 30 February and 29 February 2024", "en")] == ["29 February 2024"]


def test_dates_in_other_languages_by_their_cldr_names() -> None:
    assert [fields(m) for m in find_dates("El 3 de marzo de 2025 y en mayo", "es")] == [
        ("3 de marzo de 2025", 3, 3, 2025, None, "yMMMMd"), ("mayo", None, 5, None, None, "MMMM")]
    assert [fields(m) for m in find_dates("le 1er mai 2024", "fr")] == [("1er mai 2024", 1, 5, 2024, None, "yMMMMd")]
    assert find_dates("3 March 2025", "xx") == []


def test_calendar_names_gather_every_regional_form_once() -> None:
    # Facts of CLDR: British English abbreviates September "Sept"; the Levantine Arabic forms name
    # March آذار where Egypt and the Maghreb say مارس; Serbian is written in Cyrillic and in Latin letters.
    english = calendar_names("en")
    assert CalendarName("Sept", "month", 9, "abbreviated") in english
    assert CalendarName("Saturday", "weekday", 5, "wide") in english
    assert len(english) == len(set(english))
    arabic = {(name.text, name.number) for name in calendar_names("ar") if name.kind == "month"}
    assert {("مارس", 3), ("آذار", 3)} <= arabic
    serbian = {name.text for name in calendar_names("sr") if name.kind == "month"}
    assert "јануар" in serbian and "januar" not in serbian  # the language's own script only
    assert "januar" in {name.text for name in calendar_names("sr", every_form=True)}
    assert calendar_names("xx") == ()


@pytest.mark.parametrize(
    ("text", "lang", "written"),
    [
        ("3 March 2025", "es", "3 de marzo de 2025"),
        ("3 March 2025", "fr", "3 mars 2025"),
        ("3 March 2025", "ar", "3 مارس 2025"),
        ("29th of November", "es", "29 de noviembre"),
        ("29th of November", "fr", "29 novembre"),
        ("March 3, 2025", "es", "3 de marzo de 2025"),
        ("September 2024", "es", "septiembre de 2024"),
        ("September 2024", "fr", "septembre 2024"),
        ("7th October", "es", "7 de octubre"),
        ("Saturday 12 October 2024", "es", "sábado, 12 de octubre de 2024"),
        ("Saturday 12 October 2024", "fr", "samedi 12 octobre 2024"),
        ("Saturday the 12th of October", "es", "sábado, 12 de octubre"),  # no year: the weekday still is CLDR's wide one
        ("Sat, 12 Oct 2024", "es", "sáb, 12 oct 2024"),
        ("in March", "es", "marzo"),
        ("3 March 2025", "en_US", "March 3, 2025"),
        ("March 3, 2025", "en_GB", "3 March 2025"),
    ],
)
def test_dates_are_written_in_the_target_in_the_form_of_the_source(text: str, lang: str, written: str) -> None:
    (mention,) = [m for m in find_dates(text, "en") if m.month is not None]
    assert format_date_like(mention, lang) == written


def test_arabic_dates_take_the_digits_asked_for() -> None:
    (mention,) = find_dates("Saturday 12 October 2024", "en")
    assert format_date_like(mention, "ar", digits="arab") == "السبت، ١٢ أكتوبر ٢٠٢٤"
    assert format_date_like(mention, "ar", digits="latn") == "السبت، 12 أكتوبر 2024"
    assert format_date_like(mention, "ar") == format_date_like(mention, "ar", digits=default_numbering_system("ar"))
    assert format_date_like(mention, "ar_EG").startswith("السبت، ١٢")  # Egypt's CLDR default is arab


@settings(max_examples=200, deadline=None)
@given(st.dates(datetime.date(1000, 1, 1), datetime.date(2999, 12, 31)),
       st.sampled_from(["long", "full", "medium"]), st.sampled_from(["en", "en_GB", "en_US", "en_IE"]))
def test_what_cldr_writes_in_english_is_found_with_its_day_month_year_and_weekday(
    when: datetime.date, width: str, locale: str
) -> None:
    text = format_date(when, width, locale=locale)
    (mention,) = find_dates(f"It happened on {text} in Gaza.", "en")
    assert (mention.day, mention.month, mention.year) == (when.day, when.month, when.year)
    assert mention.weekday == (when.weekday() if width == "full" else None)
    assert mention.text == text
    # ... and written back in English as CLDR writes it.
    assert format_date_like(mention, locale) == format_date(when, width if width != "medium" else "medium", locale=locale)


def test_finding_dates_takes_linear_time() -> None:
    for piece in ("3 ", "March ", "3 March ", "Saturday, ", "1,", "29th of "):
        small, large = piece * 2_000, piece * 16_000
        started = time.perf_counter()
        find_dates(small, "en")
        find_numbers(small, "en")
        middle = time.perf_counter()
        find_dates(large, "en")
        find_numbers(large, "en")
        ended = time.perf_counter()
        assert ended - middle < 30 * max(middle - started, 0.002), piece


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("40,000 people", [("40,000", Decimal(40000), 0, False)]),
        ("1,234,567.89 dollars", [("1,234,567.89", Decimal("1234567.89"), 2, False)]),
        ("2.5 million refugees", [("2.5", Decimal("2.5"), 1, False)]),
        ("$3.20 a day", [("3.20", Decimal("3.20"), 2, False)]),
        ("70% of them, 12.5%", [("70%", Decimal(70), 0, True), ("12.5%", Decimal("12.5"), 1, True)]),
        ("in 1947, 250 villages, version 2.100, 192.168.1.1, the 1,000th day, 4.5km", []),
    ],
)
def test_formatted_numbers_are_found(text: str, found: list[tuple[object, ...]]) -> None:
    assert [(m.text, m.value, m.fraction_digits, m.percent) for m in find_numbers(text, "en")] == found


@pytest.mark.parametrize(
    ("text", "lang", "digits", "written"),
    [
        ("40,000", "es", None, "40.000"),
        ("40,000", "fr", None, f"40{NNBSP}000"),
        ("40,000", "ar", None, "40,000"),
        ("40,000", "ar", "arab", "٤٠٬٠٠٠"),
        ("1,234.50", "de", None, "1.234,50"),
        ("70%", "es", None, "70\u00a0%"),
        ("70%", "ar", "arab", "٧٠٪\u061c"),
    ],
)
def test_numbers_are_written_as_cldr_formats_them(text: str, lang: str, digits: str | None, written: str) -> None:
    (mention,) = find_numbers(text, "en")
    assert format_number_like(mention, lang, digits=digits) == written


def test_numbers_written_in_spanish_or_french_are_found_by_their_symbols() -> None:
    assert [(m.text, m.value) for m in find_numbers("40.000 personas y 2,5 millones", "es")] == [
        ("40.000", Decimal(40000)), ("2,5", Decimal("2.5"))]
    assert [(m.text, m.value) for m in find_numbers(f"40{NNBSP}000 personnes", "fr")] == [(f"40{NNBSP}000", Decimal(40000))]


# --- numbering systems --------------------------------------------------------------


def test_numbering_systems_are_cldrs() -> None:
    assert numbering_systems("ar") == ("latn", "arab")
    assert default_numbering_system("ar") == "latn"
    assert default_numbering_system("ar_SA") == "arab"
    assert numbering_systems("fr") == ("latn",)
    assert with_digits("3 March 2025", "latn") == "3 March 2025"
    assert with_digits("2025", "arabext") == "۲۰۲۵"


def test_every_default_numbering_system_of_cldr_has_its_digits() -> None:
    for code in localedata.locale_identifiers():
        system = Locale.parse(code).default_numbering_system
        assert default_numbering_system(code) == system, code


@pytest.mark.parametrize("system", sorted(stmtl10n.dates._ZERO_DIGITS))
def test_the_digits_of_each_numbering_system_are_unicode_decimal_digits(system: str) -> None:
    digits = with_digits("0123456789", system)
    assert [unicodedata.decimal(digit) for digit in digits] == list(range(10))
    assert len({unicodedata.name(digit).rsplit(" ", 1)[0] for digit in digits}) == 1  # one script's digits
