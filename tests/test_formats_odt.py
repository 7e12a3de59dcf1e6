"""The .odt format on documents LibreOffice made from the project's statements (tests/data/docx/make.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from office_support import DOCUMENTS, convert, upper_text
from stmtl10n.errors import FormatError
from stmtl10n.formats import binary_format_for

FILES = sorted(DOCUMENTS.glob("*.odt"))
FORMAT = binary_format_for("x.odt")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_identity_build_keeps_every_part(path: Path) -> None:
    data = path.read_bytes()
    assert _parts(FORMAT.render(data, lambda s: s.text, path=path.name)) == _parts(data)
    assert _parts(FORMAT.render(data, lambda s: None, path=path.name)) == _parts(data)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_translation_read_back_keeps_tags_and_structure(path: Path) -> None:
    data = path.read_bytes()
    segments = FORMAT.extract(data, path=path.name)
    again = FORMAT.extract(FORMAT.render(data, lambda s: upper_text(s.text), path=path.name), path=path.name)
    assert [(s.kind, s.level, upper_text(s.text)) for s in segments] == [(s.kind, s.level, s.text) for s in again]


def test_kinds_tags_and_signatories() -> None:
    data = (DOCUMENTS / "solidarity-day-call.odt").read_bytes()
    segments = FORMAT.extract(data, path="s.odt")
    kinds = {s.kind for s in segments}
    assert {"heading", "list item", "table cell", "footnote", "signatory", "paragraph"} <= kinds
    first = next(s for s in segments if "<a1>" in s.text)
    assert "<b>" in first.text and "https://" not in first.text  # the link's target stays in the document
    names = [s.text for s in segments if s.kind == "signatory"]
    assert "Leila Haddad" in names and "Name" not in names
    assert "<b></b>" not in first.text and "</b><b>" not in first.text  # runs merged: one word, one tag


def test_arabic_paragraphs_are_right_to_left_and_open_in_libreoffice(tmp_path: Path) -> None:
    data = (DOCUMENTS / "allforpalestine-action.odt").read_bytes()
    segments = FORMAT.extract(data, path="a.odt")
    kept = segments[-1].text
    built = FORMAT.render(data, lambda s: None if s.text == kept else "فلسطين حرة " + s.text, path="a.odt", lang="ar")
    content = _parts(built)["content.xml".replace("docx", "word/document.xml")].decode()
    marks = ("w:bidi", "w:rtl") if "odt" == "docx" else ('style:writing-mode="rl-tb"',)
    assert all(mark in content for mark in marks)
    target = tmp_path / "built.odt"
    target.write_bytes(built)
    text = convert(target, "txt", tmp_path).read_text(encoding="utf-8-sig")
    # LibreOffice's text export of an .odt leaves footnotes out.
    assert text.count("فلسطين حرة") == len([s for s in segments if s.text != kept and s.kind != "footnote"])
    assert convert(target, "pdf", tmp_path).read_bytes().startswith(b"%PDF-")
    again = FORMAT.extract(built, path="a.odt")
    assert again[-1].text == kept


def test_not_a_document_is_one_line() -> None:
    with pytest.raises(FormatError, match=r"x\.odt: not a"):
        FORMAT.extract(b"plain text", path="x.odt")
