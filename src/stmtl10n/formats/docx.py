"""Word (``.docx``) statements: WordprocessingML paragraphs as segments, inline formatting as tags.

Read and written with lxml on the document's own XML parts, so what stmtl10n
does not translate stays as Word wrote it: styles, numbering definitions,
sections and page layout, headers and footers, comments, images and fields.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from stmtl10n.formats._inline_tags import Piece, Style, decode, encode, has_text, strip_edges
from stmtl10n.formats._office import Draft, is_rtl, mark_signatories, read_zip, translation_for, write_zip
from stmtl10n.formats.base import Block, Translate, assign_contexts
from stmtl10n.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Segment

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DOCUMENT = "word/document.xml"
# Parts whose paragraphs are segments, in the order their segments come; headers and footers are not.
_PARTS = (_DOCUMENT, "word/footnotes.xml", "word/endnotes.xml")
_STYLES = "word/styles.xml"
FOOTNOTE = "footnote"
TEXT_BOX = "text box"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


# Elements a paragraph's text is found inside; their own wrapper is not kept in a translation.
_CONTAINERS = frozenset(_w(name) for name in ("ins", "smartTag", "customXml", "dir", "bdo"))
# Marks between runs with no width: kept at the start or the end of a translated paragraph.
_MARKERS = frozenset(_w(name) for name in (
    "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "permStart", "permEnd",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
))
_PROOF = _w("proofErr")  # a spelling mark of the source text: meaningless in a translation
_RUN_TEXT = frozenset(_w(name) for name in ("t", "tab", "br", "cr", "noBreakHyphen", "softHyphen",
                                            "lastRenderedPageBreak", "rPr"))
# rPr children a tag says; what else a run's properties hold travels with the run they are taken from.
_MARK_ELEMENTS = {_w("b"): "b", _w("i"): "i", _w("u"): "u", _w("strike"): "s"}
_FALSE = frozenset(("0", "false", "off", "none"))
# The schema's order of the rPr and pPr children that follow w:rtl and w:bidi.
_AFTER_RTL = frozenset(_w(name) for name in ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"))
_AFTER_BIDI = frozenset(_w(name) for name in (
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange",
))
_HEADING_NAME_RE = re.compile(r"heading ([1-9])")


@dataclass(slots=True)
class _Paragraph:
    """One ``w:p`` read: its pieces, and what a translation needs to write it again."""

    element: etree._Element
    pieces: list[Piece]
    atoms: dict[int, list[etree._Element]] = field(default_factory=dict)
    links: dict[int, etree._Element] = field(default_factory=dict)
    properties: dict[Style, etree._Element | None] = field(default_factory=dict)  # first rPr seen per style
    leading: list[etree._Element] = field(default_factory=list)  # markers before any text
    trailing: list[etree._Element] = field(default_factory=list)


class _Reader:
    """Walks one paragraph's children into pieces."""

    def __init__(self, element: etree._Element) -> None:
        self.paragraph = _Paragraph(element, [])
        self.field_depth = 0
        self.field: list[etree._Element] = []

    def read(self) -> _Paragraph:
        self._walk(self.paragraph.element, None)
        if self.field:  # a field that never ends within the paragraph: kept whole
            self._atom(self.field)
        return self.paragraph

    def _atom(self, elements: list[etree._Element]) -> None:
        number = len(self.paragraph.atoms) + 1
        self.paragraph.atoms[number] = elements
        self.paragraph.pieces.append(Piece("", Style(), atom=number))

    def _walk(self, parent: etree._Element, link: int | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == _w("pPr"):
                continue
            if self.field_depth or (tag == _w("r") and _field_char(child) == "begin"):
                self._field_run(child)
            elif tag == _w("r") and all(sub.tag in _RUN_TEXT for sub in child):
                self._text_run(child, link)
            elif tag == _w("hyperlink"):
                number = len(self.paragraph.links) + 1
                self.paragraph.links[number] = child
                self._walk(child, number)
            elif tag in _CONTAINERS:
                self._walk(child, link)
            elif tag in _MARKERS or tag == _PROOF or not isinstance(tag, str):
                if not self.paragraph.pieces:
                    self.paragraph.leading.append(child)
                else:
                    self.paragraph.trailing.append(child)
            else:  # a footnote reference, an image, a text box, a simple field, a deletion…
                self._atom([child])

    def _field_run(self, run: etree._Element) -> None:
        self.field.append(run)
        kind = _field_char(run) if run.tag == _w("r") else None
        if kind == "begin":
            self.field_depth += 1
        elif kind == "end":
            self.field_depth -= 1
            if self.field_depth == 0:
                self._atom(self.field)
                self.field = []

    def _text_run(self, run: etree._Element, link: int | None) -> None:
        properties = run.find(_w("rPr"))
        style = Style(_marks(properties), link)
        self.paragraph.properties.setdefault(style, properties)
        text = []
        for sub in run:
            if sub.tag == _w("t"):
                text.append(sub.text or "")
            elif sub.tag == _w("tab"):
                text.append("\t")
            elif sub.tag in (_w("br"), _w("cr")):
                text.append("\n")
            elif sub.tag == _w("noBreakHyphen"):
                text.append("\u2011")
            elif sub.tag == _w("softHyphen"):
                text.append("\u00ad")
        self.paragraph.pieces.append(Piece("".join(text), style))


def _field_char(run: etree._Element) -> str | None:
    found = run.find(_w("fldChar"))
    return None if found is None else found.get(_w("fldCharType"))


def _marks(properties: etree._Element | None) -> frozenset[str]:
    if properties is None:
        return frozenset()
    marks = set()
    for child in properties:
        mark = _MARK_ELEMENTS.get(child.tag)
        if mark is not None and child.get(_w("val"), "true").lower() not in _FALSE:
            marks.add(mark)
        elif child.tag == _w("vertAlign"):
            value = child.get(_w("val"))
            if value == "superscript":
                marks.add("sup")
            elif value == "subscript":
                marks.add("sub")
    return frozenset(marks)


class DocxFormat:
    """Word documents (``.docx``), read and written as bytes.

    **Segments.** Every paragraph with text of the body, of its tables (one
    segment per paragraph of a cell), of text boxes, footnotes and endnotes,
    in document order (then footnotes, then endnotes); headers and footers
    are not translated. A paragraph's kind comes from its style and place:
    ``heading`` (the *heading N* and *Title* styles, with the level),
    ``list item`` (numbered or bulleted: it has a numbering), ``table cell``,
    ``footnote``, ``text box``, else ``paragraph``. A segment's ``line`` is
    the paragraph's number in that order (1-based), the reference the catalog
    gives.

    **Inline formatting** is kept as tags (:mod:`stmtl10n.formats._inline_tags`):
    ``<b>``, ``<i>``, ``<u>``, ``<s>``, ``<sup>``, ``<sub>``, links as ``<a1>…</a1>``
    (their targets stay in the document) and ``<x1/>`` for a footnote
    reference, an image, a text box, a field or a comment in the text.

    **Signatories**: a list whose items read as signatories, and the name,
    organization and country cells of a table whose first row names
    signatories' fields (:mod:`stmtl10n.formats.signatories`).

    **Writing.** A translated paragraph keeps its paragraph properties
    (style, numbering, indents); each piece of text is a run with the
    properties of the first source run of the same formatting, links are
    the source's hyperlinks, atoms the source's elements, moved where the
    translation puts their tag (an atom whose tag the translation lost goes
    at the end, so no footnote or image is dropped). For a right-to-left
    language a translated paragraph gets ``w:bidi`` and its runs ``w:rtl``;
    a paragraph kept in the source language stays left to right. When no
    segment of a part is translated, the part is copied byte for byte.
    """

    name: Final = "docx"
    extensions: Final = (".docx",)

    def extract(self, data: bytes, *, path: str) -> list[Segment]:
        """Segment a Word document into translatable paragraphs, in document order."""
        return [draft.segment for draft, _ in _read(data, path=path, twins=False)[1]]

    def render(self, data: bytes, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> bytes:
        """The document with each segment replaced by ``translate(segment)``.

        :param width: ignored; a word processor wraps lines.
        :param lang: the translation's language: right to left for Arabic, Hebrew, Persian….
        """
        parts, drafts = _read(data, path=path)
        changed: dict[str, etree._Element] = {}
        for draft, (part, paragraph) in drafts:
            new = translation_for(translate, draft.segment)
            if new is not None:
                _write(paragraph, decode(new), rtl=is_rtl(lang))
                changed[part] = parts[part]
        return write_zip(data, changed)


def _read(data: bytes, *, path: str, twins: bool = True
          ) -> tuple[dict[str, etree._Element], list[tuple[Draft, tuple[str, _Paragraph]]]]:
    """The parts of a document, and each paragraph with text as a draft.

    :param twins: also the paragraphs of text boxes' fallback drawings, each with
        its original's segment (the writer fills both; a segment is one entry).
    """
    parts = read_zip(data, path=path, parts=(*_PARTS, _STYLES), kind="Word document (.docx)")
    styles = _style_kinds(parts.get(_STYLES))
    found: list[tuple[Draft, tuple[str, _Paragraph]]] = []
    twin_paragraphs: list[tuple[int, tuple[str, _Paragraph]]] = []  # index in found of the original, and the twin
    lists: dict[tuple[object, ...], object] = {}
    number = 0
    for part in _PARTS:
        root = parts.get(part)
        if root is None:
            continue
        for element in root.iter(_w("p")):
            number += 1
            if any(ancestor.tag == f"{{{_MC}}}Fallback" for ancestor in element.iterancestors()):
                continue  # the same text box, drawn the old way: written with its twin below
            paragraph = _Reader(element).read()
            pieces = strip_edges(paragraph.pieces)
            if not has_text(pieces):
                continue
            found.append((_draft(element, pieces, part, styles, number, lists), (part, paragraph)))
            twin_paragraphs.extend((len(found) - 1, (part, _Reader(twin).read())) for twin in _fallback_twins(element))
    drafts = [draft for draft, _ in found]
    mark_signatories(drafts)
    blocks = assign_contexts([Block(draft.segment, 0, 0) for draft in drafts])
    for draft, block in zip(drafts, blocks, strict=True):
        draft.segment = block.segment
    if twins:
        found.extend((Draft(found[index][0].segment, found[index][0].pieces), twin) for index, twin in twin_paragraphs)
    return parts, found


def _fallback_twins(element: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs of a text box's VML fallback that repeat ``element``, a paragraph of its drawing."""
    for ancestor in element.iterancestors(f"{{{_MC}}}Choice"):
        alternate = ancestor.getparent()
        if alternate is None:
            return
        mine = list(ancestor.iter(_w("p")))
        for fallback in alternate.iterchildren(f"{{{_MC}}}Fallback"):
            theirs = list(fallback.iter(_w("p")))
            if len(theirs) == len(mine):
                yield theirs[mine.index(element)]
        return


def _draft(element: etree._Element, pieces: list[Piece], part: str, styles: dict[str, tuple[str, int | None]],
           number: int, lists: dict[tuple[object, ...], object]) -> Draft:
    """A paragraph's segment, its kind read from its style, numbering and place.

    :param lists: one object per list seen so far (a numbering within one container), shared by its items;
        keyed by the container element itself, as lxml's proxies (and their id()) come and go.
    """
    properties = element.find(_w("pPr"))
    style_id = None
    style_node = None if properties is None else properties.find(_w("pStyle"))
    if style_node is not None:
        style_id = style_node.get(_w("val"))
    kind, level = styles.get(style_id or "", (PARAGRAPH, None))
    numbering = None if properties is None else properties.find(_w("numPr"))
    group: object | None = None
    cell: tuple[object, int, int] | None = None
    ancestors = list(element.iterancestors())
    if part != _DOCUMENT:
        kind, level = FOOTNOTE, None
    elif any(a.tag == _w("txbxContent") for a in ancestors):
        kind, level = TEXT_BOX, None
    elif kind != HEADING and numbering is not None:
        kind = LIST_ITEM
        num_id = numbering.find(_w("numId"))
        key = (element.getparent(), None if num_id is None else num_id.get(_w("val")))
        group = lists.setdefault(key, object())
    if part == _DOCUMENT and kind not in (HEADING, TEXT_BOX):
        cell = _cell(element)
        if cell is not None:
            kind, group = TABLE_CELL, None
    segment = Segment(text=encode(pieces), kind=kind, line=number, level=level)
    return Draft(segment, pieces, group=group, cell=cell)


def _cell(element: etree._Element) -> tuple[object, int, int] | None:
    cell = element.getparent()
    if cell is None or cell.tag != _w("tc"):
        return None
    row = cell.getparent()
    table = None if row is None else row.getparent()
    if row is None or table is None:
        return None
    rows = [child for child in table if child.tag == _w("tr")]
    cells = [child for child in row if child.tag == _w("tc")]
    return (table, rows.index(row), cells.index(cell))  # the element: lxml's id()s change


def _style_kinds(styles: etree._Element | None) -> dict[str, tuple[str, int | None]]:
    """Paragraph style id → (kind, heading level), from the styles' names and outline levels."""
    kinds: dict[str, tuple[str, int | None]] = {}
    if styles is None:
        return kinds
    for style in styles.iter(_w("style")):
        if style.get(_w("type")) != "paragraph":
            continue
        style_id = style.get(_w("styleId")) or ""
        name_node = style.find(_w("name"))
        name = (name_node.get(_w("val")) if name_node is not None else None) or style_id
        match = _HEADING_NAME_RE.fullmatch(name.lower())
        if match:
            kinds[style_id] = (HEADING, int(match.group(1)))
        elif name.lower() == "title":
            kinds[style_id] = (HEADING, 1)
    return kinds


def _write(paragraph: _Paragraph, pieces: list[Piece], *, rtl: bool) -> None:
    """Replace a paragraph's content by ``pieces``, keeping its properties, markers and atoms."""
    element = paragraph.element
    properties = element.find(_w("pPr"))
    for child in list(element):
        if child is not properties:
            element.remove(child)
    if rtl:
        if properties is None:
            properties = etree.SubElement(element, _w("pPr"))
            element.insert(0, properties)
        bidi = properties.find(_w("bidi"))
        if bidi is None:
            _insert_before(properties, etree.Element(_w("bidi")), _AFTER_BIDI)
        else:
            bidi.set(_w("val"), "1")  # LibreOffice writes <w:bidi w:val="0"/> on every paragraph
    element.extend(marker for marker in paragraph.leading if marker.tag != _PROOF)
    base = next(iter(paragraph.properties.values()), None)
    used: set[int] = set()
    link_number: int | None = None
    link_element: etree._Element | None = None
    for piece in pieces:
        if piece.atom is not None:
            if piece.atom in paragraph.atoms and piece.atom not in used:
                used.add(piece.atom)
                element.extend(paragraph.atoms[piece.atom])
            continue
        target: etree._Element = element
        if piece.style.link in paragraph.links:
            if link_number != piece.style.link or link_element is None:
                source = paragraph.links[piece.style.link]
                link_element = etree.SubElement(element, source.tag)
                link_element.attrib.update(source.attrib)
                link_number = piece.style.link
            target = link_element
        else:
            link_number, link_element = None, None
        target.append(_run(piece, paragraph.properties.get(piece.style, base), rtl=rtl))
    for number, atom in paragraph.atoms.items():
        if number not in used:
            element.extend(atom)
    element.extend(marker for marker in paragraph.trailing if marker.tag != _PROOF)


def _run(piece: Piece, properties: etree._Element | None, *, rtl: bool) -> etree._Element:
    run = etree.Element(_w("r"))
    rpr = copy.deepcopy(properties) if properties is not None else None
    if rpr is None and (piece.style.marks or rtl):
        rpr = etree.Element(_w("rPr"))
    if rpr is not None:
        if _marks(rpr) != piece.style.marks:
            _set_marks(rpr, piece.style.marks)
        if rtl and rpr.find(_w("rtl")) is None:
            _insert_before(rpr, etree.Element(_w("rtl")), _AFTER_RTL)
        run.append(rpr)
    for index, chunk in enumerate(re.split("([\t\n])", piece.text)):
        if index % 2:
            etree.SubElement(run, _w("tab") if chunk == "\t" else _w("br"))
        elif chunk:
            text = etree.SubElement(run, _w("t"))
            text.text = chunk
            if chunk != chunk.strip():
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _set_marks(rpr: etree._Element, marks: frozenset[str]) -> None:
    """Make a run's properties say exactly ``marks`` (a source run's, for a style no source run had)."""
    for child in list(rpr):
        if child.tag in _MARK_ELEMENTS or child.tag == _w("vertAlign"):
            rpr.remove(child)
    position = 1 if rpr.find(_w("rStyle")) is not None or rpr.find(_w("rFonts")) is not None else 0
    for tag, mark in _MARK_ELEMENTS.items():
        if mark in marks:
            node = etree.Element(tag)
            if mark == "u":
                node.set(_w("val"), "single")
            rpr.insert(position, node)
            position += 1
    vertical = "superscript" if "sup" in marks else "subscript" if "sub" in marks else None
    if vertical is not None:
        node = etree.Element(_w("vertAlign"))
        node.set(_w("val"), vertical)
        _insert_before(rpr, node, _AFTER_RTL | {_w("rtl")})


def _insert_before(parent: etree._Element, node: etree._Element, later: frozenset[str]) -> None:
    """Insert ``node`` before the first child of ``parent`` that the schema puts after it."""
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, node)
            return
    parent.append(node)
