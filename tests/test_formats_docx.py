"""The .docx format on documents LibreOffice made from the project's statements (tests/data/docx/make.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from office_support import DOCUMENTS, convert, parts, upper_text
from stmtl10n.formats import binary_format_for

FORMAT = binary_format_for("x.docx")



def test_arabic_paragraphs_are_right_to_left_and_open_in_libreoffice(tmp_path: Path) -> None:
    data = (DOCUMENTS / "allforpalestine-action.docx").read_bytes()
    segments = FORMAT.extract(data, path="a.docx")
    kept = segments[-1].text
    built = FORMAT.render(data, lambda s: None if s.text == kept else "فلسطين حرة " + s.text, path="a.docx", lang="ar")
    # Each translated paragraph reads right to left, whatever the source said (LibreOffice writes
    # <w:bidi w:val="0"/> on every paragraph); the one left in the source stays left to right.
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(parts(built)["word/document.xml"])
    for paragraph in body.iter(f"{w}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
        if not text:
            continue
        bidi = paragraph.find(f"{w}pPr/{w}bidi")
        right_to_left = bidi is not None and bidi.get(f"{w}val") not in ("0", "false", "off")
        assert right_to_left == text.startswith("فلسطين حرة"), text
        if right_to_left:
            texts = [run for run in paragraph.iter(f"{w}r") if run.find(f"{w}t") is not None]
            assert all(run.find(f"{w}rPr/{w}rtl") is not None for run in texts)
    target = tmp_path / "built.docx"
    target.write_bytes(built)
    text = convert(target, "txt", tmp_path).read_text(encoding="utf-8-sig")
    assert text.count("فلسطين حرة") == len([s for s in segments if s.text != kept])
    assert convert(target, "pdf", tmp_path).read_bytes().startswith(b"%PDF-")
    again = FORMAT.extract(built, path="a.docx")
    assert again[-1].text == kept


# A document as Word writes one, cut down to the parts that matter here: a text box (with
# its VML fallback twin), a simple and a complex field, a comment, a header.
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {_W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"><w:body>
<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> of the call, printed </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \\@ "d MMMM yyyy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1 December 2026</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Stop the war now.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Join the march on Saturday.</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Join the march on Saturday.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:sectPr><w:headerReference w:type="default" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr>
</w:body></w:document>"""
_HEADER = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {_W}><w:p><w:r><w:t>Coalition letterhead</w:t></w:r></w:p></w:hdr>'
_COMMENTS = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {_W}><w:comment w:id="0" w:author="Coordinator"><w:p><w:r><w:t>Check this line</w:t></w:r></w:p></w:comment></w:comments>'


def _word_document() -> bytes:
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": _DOCUMENT,
        "word/header1.xml": _HEADER,
        "word/comments.xml": _COMMENTS,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_text_boxes_are_segments_and_fields_comments_and_headers_survive() -> None:
    data = _word_document()
    texts = [s.text for s in FORMAT.extract(data, path="w.docx")]
    # A field is one tag whatever its result says; the text box once, though drawn twice.
    assert texts == ["Page <x1/> of the call, printed <x2/>.", "Stop the war now.<x1/>", "Join the march on Saturday."]
    built = parts(FORMAT.render(data, lambda s: upper_text(s.text), path="w.docx"))
    source = parts(data)
    assert built["word/header1.xml"] == source["word/header1.xml"]
    assert built["word/comments.xml"] == source["word/comments.xml"]
    document = built["word/document.xml"].decode()
    assert 'w:instr=" PAGE "' in document and 'DATE \\@ "d MMMM yyyy"' in document and "1 December 2026" in document
    assert document.count("JOIN THE MARCH ON SATURDAY.") == 2  # the drawing and its fallback
    assert 'w:commentReference w:id="0"' in document and "Coalition letterhead" not in texts
    again = [s.text for s in FORMAT.extract(FORMAT.render(data, lambda s: upper_text(s.text), path="w.docx"),
                                            path="w.docx")]
    assert again == [upper_text(text) for text in texts]
