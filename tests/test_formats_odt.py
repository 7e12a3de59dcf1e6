"""The .odt format on documents LibreOffice made from the project's statements (tests/data/docx/make.py)."""

from __future__ import annotations

from pathlib import Path

from office_support import DOCUMENTS, convert, parts
from stmtl10n.formats import binary_format_for

FORMAT = binary_format_for("x.odt")



def test_arabic_paragraphs_are_right_to_left_and_open_in_libreoffice(tmp_path: Path) -> None:
    data = (DOCUMENTS / "allforpalestine-action.odt").read_bytes()
    segments = FORMAT.extract(data, path="a.odt")
    kept = segments[-1].text
    built = FORMAT.render(data, lambda s: None if s.text == kept else "فلسطين حرة " + s.text, path="a.odt", lang="ar")
    assert 'style:writing-mode="rl-tb"' in parts(built)["content.xml"].decode()
    target = tmp_path / "built.odt"
    target.write_bytes(built)
    text = convert(target, "txt", tmp_path).read_text(encoding="utf-8-sig")
    # LibreOffice's text export of an .odt leaves footnotes out.
    assert text.count("فلسطين حرة") == len([s for s in segments if s.text != kept and s.kind != "footnote"])
    assert convert(target, "pdf", tmp_path).read_bytes().startswith(b"%PDF-")
    again = FORMAT.extract(built, path="a.odt")
    assert again[-1].text == kept


