"""build --format pdf / docx: copies of each built statement for circulation, Arabic right to left.

These tests print with Debian's chromium and read the PDFs with poppler-utils'
pdftotext, and make Word files with LibreOffice: the Makefile installs all three,
and a test fails loudly when one is missing.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from exchange_support import TestProject, make_project
from stmtl10n.documents.circulation import circulation_page

CALL = """---
title: Call for a week of action
---

# Call for a week of action

We call on all unions to join the campaign, see [the call](https://bdsmovement.net).

Free Palestine!
"""
LINK = "We call on all unions to join the campaign, see [the call](https://bdsmovement.net)."
AR = {
    "Call for a week of action": "دعوة إلى أسبوع من العمل",
    LINK: "ندعو جميع النقابات إلى الانضمام إلى الحملة، انظر [النداء](https://bdsmovement.net).",
    "Free Palestine!": "فلسطين حرة!",
}
ES = {
    "Call for a week of action": "Llamamiento a una semana de acción",
    LINK: "Hacemos un llamamiento a todos los sindicatos, véase [el llamamiento](https://bdsmovement.net).",
    "Free Palestine!": "¡Palestina libre!",
}
SIGN = "Sign the statement\n\nSign it before Friday.\n"
PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><title>Sign</title></head>\n'
        "<body><nav><a href=/>Home</a></nav><h1>Sign the statement</h1><p>Sign it before Friday.</p></body></html>\n")


@pytest.fixture
def made(tmp_path: Path) -> TestProject:
    made = make_project(tmp_path, {"call.md": CALL, "sign.txt": SIGN, "page.html": PAGE}, languages=("ar", "es"))
    made.translate("call", "ar", AR)
    made.translate("call", "es", ES)
    made.translate("sign", "es", {"Sign the statement": "Firma la declaración",
                                  "Sign it before Friday.": "Fírmala antes del viernes."})
    made.translate("page", "es", {"Sign the statement": "Firma la declaración",
                                  "Sign it before Friday.": "Fírmala antes del viernes."})
    return made


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    # pdftotext marks right-to-left runs with embedding controls; the words are what matter
    return re.sub("[\u202a-\u202e]", "", done.stdout)


def _lines(path: Path) -> list[tuple[float, float, str]]:
    """Each line of the PDF's first page: where it starts and ends (points from the left) and its words."""
    done = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(path), "-"],
                          capture_output=True, text=True, check=True)
    lines = []
    for match in re.finditer(r'<line xMin="([0-9.]+)"[^>]*xMax="([0-9.]+)"[^>]*>(.*?)</line>', done.stdout, re.S):
        words = " ".join(re.findall(r">([^<]+)</word>", match.group(3)))
        lines.append((float(match.group(1)), float(match.group(2)), words))
    return lines


def _build(made: TestProject, *args: str):  # type: ignore[no-untyped-def]
    return made.run("build", "--min-translated", "0", *args)


def test_pdf_copies_hold_the_translated_text_in_every_language_and_the_aligned_document(made: TestProject) -> None:
    result = _build(made, "--format", "pdf")
    assert result.exit_code == 0, result.output
    build = made.root / "build"
    assert "wrote build/ar/call.pdf" in result.output
    assert "فلسطين حرة!" in _pdf_text(build / "ar" / "call.pdf")
    assert "دعوة إلى أسبوع من العمل" in _pdf_text(build / "ar" / "call.pdf")
    spanish = _pdf_text(build / "es" / "call.pdf")
    assert "¡Palestina libre!" in spanish and "Llamamiento a una semana de acción" in spanish
    assert "title:" not in spanish  # front matter is no text of the page
    assert "Fírmala antes del viernes." in _pdf_text(build / "es" / "sign.pdf")
    page = _pdf_text(build / "es" / "page.pdf")
    assert "Firma la declaración" in page and "Home" in page  # an HTML statement is printed as it is
    aligned = _pdf_text(build / "aligned" / "call.pdf")
    # in a table cell pdftotext may put the "!" of a right-to-left line at either end
    assert "Free Palestine!" in aligned and "فلسطين حرة" in aligned and "¡Palestina libre!" in aligned
    for pdf in build.glob("*/*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf


def test_arabic_is_laid_out_right_to_left(made: TestProject) -> None:
    assert _build(made, "-s", "call", "--format", "pdf").exit_code == 0
    build = made.root / "build"
    arabic, spanish = _lines(build / "ar" / "call.pdf"), _lines(build / "es" / "call.pdf")
    width = 595.0  # A4
    # a short line ends at the right margin and starts past the middle; in Spanish it starts at the left one
    short_ar = next(line for line in arabic if "!ةرح" in line[2] or "حرة!" in line[2])
    short_es = next(line for line in spanish if "Palestina" in line[2])
    assert short_ar[1] > width - 100 and short_ar[0] > width / 2
    assert short_es[0] < 100 and short_es[1] < width / 2
    assert max(line[1] for line in arabic) - max(line[1] for line in spanish if line[1] < width / 2) > 100


def test_the_page_that_is_printed_says_its_language_and_direction() -> None:
    page = circulation_page("# نداء\n\nفلسطين حرة!\n", path="call.md", lang="ar", title="call")
    assert '<html lang="ar" dir="rtl">' in page and '<body dir="rtl">' in page
    assert "Noto Naskh Arabic" in page and "Noto Sans CJK" in page
    plain = circulation_page("Signed,\nAmal\nLucía\n\n胡星宇\n", path="x.txt", lang="zh_Hant", title="x")
    assert '<html lang="zh-Hant" dir="ltr">' in plain and "<p>Signed,\nAmal\nLucía</p>" in plain
    assert '"Noto Sans CJK TC"' in plain


def test_word_copies_are_right_to_left_for_arabic(made: TestProject) -> None:
    result = _build(made, "-s", "call", "--format", "docx", "--lang", "ar")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(made.root / "build" / "ar" / "call.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", document))
    assert "فلسطين حرة!" in text and "دعوة إلى أسبوع من العمل" in text
    assert "<w:bidi" in document and 'w:rtl w:val="true"' in document
    assert 'w:pStyle w:val="Heading1"' in document
    assert not (made.root / "build" / "aligned" / "call.pdf").exists()  # only --format pdf prints the aligned one


def test_copies_are_made_again_only_when_their_statement_changed(made: TestProject) -> None:
    assert _build(made, "-s", "call", "--format", "pdf").exit_code == 0
    pdf = made.root / "build" / "es" / "call.pdf"
    first = pdf.stat().st_mtime_ns
    assert _build(made, "-s", "call", "--format", "pdf").exit_code == 0
    assert pdf.stat().st_mtime_ns == first
    check = _build(made, "-s", "call", "--check", "--format", "pdf")
    assert check.exit_code == 0, check.output
    made.translate("call", "es", {"Free Palestine!": "¡Viva Palestina libre!"})
    check = _build(made, "-s", "call", "--check", "--format", "pdf")
    assert check.exit_code == 1 and "build/es/call.pdf: would change" in check.output
    assert _build(made, "-s", "call", "--format", "pdf").exit_code == 0
    assert pdf.stat().st_mtime_ns != first and "¡Viva Palestina libre!" in _pdf_text(pdf)


def test_copies_not_asked_for_any_more_are_removed(made: TestProject) -> None:
    assert _build(made, "-s", "call", "--format", "pdf", "--format", "docx").exit_code == 0
    build = made.root / "build"
    assert (build / "es" / "call.docx").is_file() and (build / "aligned" / "call.pdf").is_file()
    result = _build(made, "-s", "call", "--format", "pdf")
    assert result.exit_code == 0
    assert "removed build/es/call.docx: not asked for (--format docx)" in result.output
    assert not (build / "es" / "call.docx").exists() and (build / "es" / "call.pdf").is_file()
    result = _build(made, "-s", "call")
    assert "removed build/aligned/call.pdf" in result.output
    assert sorted(p.name for p in (build / "es").iterdir()) == ["call.md"]


def test_a_statement_that_is_not_built_loses_its_copies(made: TestProject) -> None:
    assert _build(made, "-s", "call", "--lang", "ar", "--format", "pdf").exit_code == 0
    # 3 of its 4 entries are translated (the front matter's title is untranslated)
    result = made.run("build", "-s", "call", "--format", "pdf", "--min-translated", "70", "--lang", "ar")
    assert "removed build/ar/call.pdf" not in result.output
    made.translate("call", "ar", {"Free Palestine!": ""})
    result = made.run("build", "-s", "call", "--format", "pdf", "--min-translated", "70", "--lang", "ar")
    assert "removed build/ar/call.pdf: 50% translated, below --min-translated 70" in result.output
    assert not (made.root / "build" / "ar" / "call.pdf").exists()


def test_missing_chromium_is_one_line_naming_the_debian_package(made: TestProject, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = _build(made, "--format", "pdf")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: chromium not found: install Debian's chromium (apt-get install chromium) to build --format pdf or docx")


def test_an_unknown_format_is_a_usage_error(made: TestProject) -> None:
    result = _build(made, "--format", "odt")
    assert result.exit_code == 2 and "'odt' is not one of 'pdf', 'docx'" in result.output
