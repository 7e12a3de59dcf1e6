"""The checks' problem messages in the reviewer's language: the ``checks`` catalogs, their rendering, their records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import read_po

from checks_support import context, entry, make_project, problems, write_po
from review_support import LINK_PARAGRAPH, LINK_STATEMENT, Client, assert_complete_translation
from review_support import make_project as review_project
from stmtl10n.checks import check_entry, entry_checks, run_checks
from stmtl10n.checks.base import english, length_error, length_message
from stmtl10n.checks.records import RECORDS_DIR
from stmtl10n.model import Message, Problem, message, plural_message
from stmtl10n.project import find_project
from stmtl10n.review import i18n
from stmtl10n.review.accounts import add_reviewer
from stmtl10n.review.app import ReviewApp

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "stmtl10n" / "review" / "locale"
LANGUAGES = ("es", "ar", "fr")
# Real material: a paragraph of the open letter in tests/data/signatories (see its SOURCE.md), with its link.
_LETTER = ROOT / "tests" / "data" / "signatories" / "signed-marked-name-organization.md"


def _read(path: Path) -> BabelCatalog:
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.foreign_catalogs  # babel writes the template, not GNU gettext
def test_the_template_is_what_extraction_gives_today(tmp_path: Path) -> None:
    extracted = tmp_path / "checks.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel-checks.cfg",
                    "--no-default-keywords", "-k", "N_", "-k", "message", "-k", "plural_message:1,2",
                    "--no-location", "--sort-output", "-o", str(extracted), "."],
                   cwd=ROOT, check=True, capture_output=True)
    fresh, kept = _read(extracted), _read(LOCALE / "checks.pot")
    assert [(m.id, sorted(m.flags)) for m in fresh if m.id] == [(m.id, sorted(m.flags)) for m in kept if m.id]
    assert len([m for m in kept if m.id]) >= 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    # Markdown and code as the source writes them: a translator's "*" or "`" would be read as markup.
    assert_complete_translation(LOCALE / lang / "LC_MESSAGES" / "checks.po", LOCALE / "checks.pot", lang=lang,
                                marks=("**…**", "*…*", "_…_", "`stmtl10n pretranslate`", "no-check-unchanged"))


def test_a_problem_keeps_its_english_message_and_its_wording() -> None:
    found = problems("es", "Read [the call](https://example.org/call).", "Lee el llamamiento.", check="markup")
    assert [p.message for p in found] == [
        "The link to https://example.org/call is missing from the translation; copy it from the source."]
    assert found[0].wording == message(
        "The link to %(url)s is missing from the translation; copy it from the source.", url="https://example.org/call")
    assert english(found[0].wording) == found[0].message
    with i18n.interface_language("en"):
        assert i18n.problem_message(found[0]) == found[0].message


def _letter_paragraph() -> str:
    paragraph = next(line for line in _LETTER.read_text(encoding="utf-8").splitlines() if "](https://" in line)
    assert paragraph.startswith("To sign, please email digitalautonomy at riseup.net")
    return paragraph


def test_a_missing_link_of_a_real_letter_reads_in_arabic_and_spanish() -> None:
    source = _letter_paragraph()
    found = problems("es", source, "Para firmar, escribe a digitalautonomy at riseup.net o envía una solicitud de "
                     "incorporación.", check="markup")
    url = "https://github.com/rms-open-letter/rms-open-letter.github.io/pulls"
    assert [p.message for p in found] == [f"The link to {url} is missing from the translation; copy it from the source."]
    with i18n.interface_language("es"):
        assert i18n.problem_message(found[0]) == f"Falta el enlace a {url} en la traducción; cópialo del original."
    with i18n.interface_language("ar"):
        # The URL is isolated, so the Arabic sentence around it keeps its order.
        assert i18n.problem_message(found[0]) == (
            f"الرابط إلى \u2068{url}\u2069 غير موجود في الترجمة؛ انسخه من النص الأصلي.")


def _statement_text(name: str) -> str:
    """A statement of this repository's worked example (``statements/``), its paragraphs on one line each."""
    text = (ROOT / "statements" / name).read_text(encoding="utf-8")
    return "\n".join(" ".join(paragraph.split()) for paragraph in text.split("\n\n"))


def test_a_changed_number_of_a_real_statement_reads_in_arabic_and_spanish() -> None:
    paragraph = next(p for p in _statement_text("international-week-declaration.txt").splitlines() if "40,000" in p)
    source = next(sentence for sentence in paragraph.split(". ") if "40,000" in sentence) + "."
    assert source.startswith("More than 40,000 Palestinians have been murdered")
    found = problems("es", source, "Más de 41.000 palestinos han sido asesinados, entre ellos mujeres y niños, "
                     "y más de 100.000 han resultado heridos.", check="numbers")
    assert [p.message for p in found] == [
        "The source's number 40,000 is missing from the translation (in Spanish it may be written 40.000); "
        "check that it was not dropped or changed."]
    with i18n.interface_language("ar"):
        assert i18n.problem_message(found[0]) == (
            "الرقم \u206840,000\u2069 الوارد في النص الأصلي غير موجود في الترجمة (قد يُكتب باللغة الإسبانية هكذا: "
            "\u206840.000\u2069)؛ تحقق من أنه لم يُحذف أو يتغير.")
    with i18n.interface_language("es"):
        assert i18n.problem_message(found[0]) == (
            "Falta en la traducción el número 40,000 del original (en español puede escribirse 40.000); "
            "comprueba que no se haya perdido ni cambiado.")


def test_a_translation_in_the_wrong_language_names_both_languages_in_the_readers_language() -> None:
    source = next(p for p in _statement_text("international-week-declaration.txt").splitlines()
                  if p.startswith("Under pressure from the masses"))
    found = problems("fr", source, source, check="wrong-language")  # the source published as the translation
    assert [p.message for p in found] == [
        "This translation looks like it is written in English, not French; translate it into French."]
    with i18n.interface_language("es"):
        assert i18n.problem_message(found[0]) == (
            "Esta traducción parece escrita en inglés, no en francés; tradúcela al francés.")
    with i18n.interface_language("ar"):
        assert i18n.problem_message(found[0]) == (
            "يبدو أن هذه الترجمة مكتوبة باللغة الإنجليزية لا الفرنسية؛ ترجمها إلى الفرنسية.")


def test_a_too_long_translation_reads_in_the_readers_language_with_its_digits() -> None:
    too_long = length_message("x" * 12_345, msgid="Free Palestine")
    assert too_long is not None
    assert english(too_long) == length_error("x" * 12_345, msgid="Free Palestine") == (
        "msgstr: 12,345 characters, more than 10 times its source (14) plus 1,000; "
        "a translation that long is not one: shorten it")
    with i18n.interface_language("es"):
        assert i18n.message_text(too_long) == (
            "msgstr: 12.345 caracteres, más de 10 veces el original (14) más 1.000; "
            "una traducción tan larga no es una traducción: acórtala")
    with i18n.interface_language("fr"):
        assert i18n.message_text(too_long).startswith("msgstr\u00a0: 12\u202f345 caractères")
    # The length check says the same of an entry, naming it "translation".
    found = check_entry(context("ar"), entry("Free Palestine", "x" * 12_345), entry_checks())
    assert [p.message for p in found] == [
        "translation: 12,345 characters, more than 10 times its source (14) plus 1,000; "
        "a translation that long is not one: shorten it"]
    with i18n.interface_language("ar"):
        assert i18n.problem_message(found[0]).startswith("الترجمة: عدد الحروف 12,345،")


def test_plural_messages_choose_the_form_by_the_count() -> None:
    one = problems("es", "Stop the *siege* now.", "Detened el asedio ya.", check="markup")
    two = problems("es", "Stop the *siege* and the *war* now.", "Detened el asedio y la guerra ya.", check="markup")
    assert one[0].message.startswith("The source has 1 emphasized part (*…* or _…_) and the translation 0;")
    assert two[0].message.startswith("The source has 2 emphasized parts (*…* or _…_) and the translation 0;")
    with i18n.interface_language("es"):
        assert i18n.problem_message(one[0]).startswith("El original tiene 1 parte en cursiva (*…* o _…_)")
        assert i18n.problem_message(two[0]).startswith("El original tiene 2 partes en cursiva (*…* o _…_)")
    with i18n.interface_language("fr"):
        assert i18n.problem_message(two[0]).startswith("L’original a 2 passages en italique")


def test_a_problem_without_wording_is_shown_as_its_message() -> None:
    bare = Problem(statement="call", lang="ar", msgid="a", check="custom", message="Something else.")
    with i18n.interface_language("ar"):
        assert i18n.problem_message(bare) == "Something else."


def test_messages_round_trip_through_json() -> None:
    wording = plural_message("%(count)s part", "%(count)s parts", count=3, url="https://x.org", language="ar")
    assert Message.from_json(json.loads(json.dumps(wording.to_json()))) == wording
    for bad in ([], ["a", None, {"n": [1]}], ["a", None, {"n": True}], "text"):
        with pytest.raises(ValueError, match="not a message"):
            Message.from_json(bad)


def test_records_keep_the_wording_of_every_problem(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", languages=("es",),
                        statements={"call.md": "# Call\n\nRead [the call](https://example.org/call) by 29 November.\n"})
    write_po(root, "call", "es", [
        entry("Call", "Llamamiento"),
        entry("Read [the call](https://example.org/call) by 29 November.", "Lee el llamamiento antes del 28."),
    ])
    first = run_checks(find_project(root))
    assert {p.check for p in first} >= {"markup", "dates"}
    assert all(p.wording is not None and english(p.wording) == p.message for p in first)
    records = list((root / ".stmtl10n-cache" / RECORDS_DIR).rglob("*.json"))
    assert records and all(json.loads(path.read_text(encoding="utf-8"))["format"] == 2 for path in records)
    kept = run_checks(find_project(root))  # from the record: no catalog is checked again
    assert kept == first
    with i18n.interface_language("es"):
        assert [i18n.problem_message(p) for p in kept] == [i18n.problem_message(p) for p in first]
        assert "Falta el enlace a \u2068" not in i18n.problem_message(kept[0])  # isolates are for right to left


def test_the_consistency_check_has_its_wording_too(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", languages=("es",), statements={"a.md": "# Free Palestine\n",
                                                                       "b.md": "# Free Palestine\n"})
    write_po(root, "a", "es", [entry("Free Palestine", "Palestina libre")])
    write_po(root, "b", "es", [entry("Free Palestine", "Libertad para Palestina")])
    found = [p for p in run_checks(find_project(root)) if p.check == "consistency"]
    assert [p.message for p in found] == [
        "The same text is translated differently in b: “Libertad para Palestina”; agree on one translation and use "
        "it in both.",
        "The same text is translated differently in a: “Palestina libre”; agree on one translation and use it in both."]
    with i18n.interface_language("ar"):
        assert i18n.problem_message(found[0]) == (
            "النص نفسه مترجم بشكل مختلف في \u2068b\u2069: «\u2068Libertad para Palestina\u2069»؛ "
            "اتفقوا على ترجمة واحدة واستخدموها في الموضعين.")


def test_the_review_servers_check_endpoint_answers_in_the_reviewers_language(tmp_path: Path) -> None:
    project = review_project(tmp_path / "p", statements={"gaza.md": LINK_STATEMENT})
    token = add_reviewer(project, "amal", languages=("ar",))[1]  # an Arabic reviewer: Arabic pages and messages
    client = Client(ReviewApp(project))
    entries = client.get("/api/statements/gaza/ar", Authorization=f"Bearer {token}").json()["entries"]
    target = next(e for e in entries if e["msgid"] == LINK_PARAGRAPH)
    url = f"/api/statements/gaza/ar/entries/{target['id']}/check"
    reply = client.post_json(url, {"msgstr": "اقرأ البيان الكامل ووقّع عليه قبل 29 نوفمبر."}, bearer=token)
    assert reply.status == 200, reply.text
    said = {p["check"]: p["message"] for p in reply.json()["problems"]}
    assert said["markup"] == ("الرابط إلى \u2068https://example.org/gaza-statement\u2069 غير موجود في الترجمة؛ "
                              "انسخه من النص الأصلي.")
    too_long = client.post_json(url, {"msgstr": "x" * 5_000}, bearer=token)
    assert too_long.status == 422
    assert too_long.json() == {"error": "too long", "message": (
        f"\u2068msgstr\u2069: عدد الحروف 5,000، أي أكثر من 10 أضعاف طول النص الأصلي ({len(LINK_PARAGRAPH)}) مضافًا "
        "إليها 1,000؛ "
        "ترجمة بهذا الطول ليست ترجمة: اختصرها")}


def test_the_review_page_shows_problems_in_the_reviewers_language(tmp_path: Path) -> None:
    from stmtl10n.catalog import read_catalog, write_catalog

    project = review_project(tmp_path / "p", statements={"gaza.md": LINK_STATEMENT})
    path = project.catalog_path("gaza", "ar")
    catalog = read_catalog(path)
    [target] = [e for e in catalog.active() if e.msgid == LINK_PARAGRAPH]
    target.msgstr = "اقرأ البيان الكامل ووقّع عليه قبل 29 نوفمبر."  # the link is gone
    write_catalog(path, catalog)
    token = add_reviewer(project, "amal", languages=("ar",))[1]
    client = Client(ReviewApp(project))
    client.login(token, interface=None)  # her first language decides: Arabic
    page = client.get("/review/gaza/ar?filter=all").text
    assert '<html lang="ar" dir="rtl">' in page
    assert ('<span class="message">الرابط إلى \u2068https://example.org/gaza-statement\u2069 غير موجود في الترجمة؛ '
            "انسخه من النص الأصلي.</span>") in page
    assert "is missing from the translation" not in page
