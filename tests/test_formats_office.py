"""What the .docx and .odt formats share, on documents LibreOffice made from the project's statements
(tests/data/docx/make.py); what each writes its own way is in test_formats_docx.py and test_formats_odt.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from office_support import DOCUMENTS, parts, upper_text
from stmtl10n.errors import FormatError
from stmtl10n.formats import binary_format_for

EXTENSIONS = ("docx", "odt")
FILES = sorted([*DOCUMENTS.glob("*.docx"), *DOCUMENTS.glob("*.odt")])



@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_identity_build_keeps_every_part(path: Path) -> None:
    fmt = binary_format_for(path)
    data = path.read_bytes()
    assert parts(fmt.render(data, lambda s: s.text, path=path.name)) == parts(data)
    assert parts(fmt.render(data, lambda s: None, path=path.name)) == parts(data)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_translation_read_back_keeps_tags_and_structure(path: Path) -> None:
    fmt = binary_format_for(path)
    data = path.read_bytes()
    segments = fmt.extract(data, path=path.name)
    again = fmt.extract(fmt.render(data, lambda s: upper_text(s.text), path=path.name), path=path.name)
    assert [(s.kind, s.level, upper_text(s.text)) for s in segments] == [(s.kind, s.level, s.text) for s in again]


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_kinds_tags_and_signatories(extension: str) -> None:
    path = DOCUMENTS / f"solidarity-day-call.{extension}"
    segments = binary_format_for(path).extract(path.read_bytes(), path=path.name)
    kinds = {s.kind for s in segments}
    assert {"heading", "list item", "table cell", "footnote", "signatory", "paragraph"} <= kinds
    first = next(s for s in segments if "<a1>" in s.text)
    assert "<b>" in first.text and "https://" not in first.text  # the link's target stays in the document
    names = [s.text for s in segments if s.kind == "signatory"]
    assert "Leila Haddad" in names and "Name" not in names
    assert "<b></b>" not in first.text and "</b><b>" not in first.text  # runs merged: one word, one tag


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_not_a_document_is_one_line(extension: str) -> None:
    with pytest.raises(FormatError, match=rf"x\.{extension}: not a"):
        binary_format_for(f"x.{extension}").extract(b"plain text", path=f"x.{extension}")
