"""OpenDocument text (``.odt``) statements: ODF paragraphs and headings as segments, spans as tags.

Read and written with lxml on ``content.xml``; ``styles.xml`` (page layout,
headers and footers, named styles), pictures and the manifest are copied as they are.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from stmtl10n.formats._inline_tags import Piece, Style, decode, encode, has_text, strip_edges
from stmtl10n.formats._office import Draft, is_rtl, mark_signatories, read_zip, translation_for, write_zip
from stmtl10n.formats.base import Block, Translate, assign_contexts
from stmtl10n.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Segment

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_CONTENT = "content.xml"
_STYLES = "styles.xml"
FOOTNOTE = "footnote"
TEXT_BOX = "text box"


def _t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


def _s(name: str) -> str:
    return f"{{{STYLE}}}{name}"


_MARKERS = frozenset(_t(name) for name in (
    "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start", "reference-mark-end",
    "soft-page-break", "alphabetical-index-mark", "toc-mark",
))
_SPACES_RE = re.compile("  +")


@dataclass(slots=True)
class _Paragraph:
    element: etree._Element
    pieces: list[Piece] = field(default_factory=list)
    atoms: dict[int, etree._Element] = field(default_factory=dict)
    links: dict[int, etree._Element] = field(default_factory=dict)
    spans: dict[Style, str | None] = field(default_factory=dict)  # the span style of the first piece per style
    markers: list[etree._Element] = field(default_factory=list)


class _Reader:
    def __init__(self, element: etree._Element, marks: dict[str, frozenset[str]]) -> None:
        self.paragraph = _Paragraph(element)
        self.marks = marks

    def read(self) -> _Paragraph:
        self._walk(self.paragraph.element, frozenset(), None, None)
        return self.paragraph

    def _text(self, text: str | None, marks: frozenset[str], link: int | None, span: str | None) -> None:
        if text:
            style = Style(marks, link)
            self.paragraph.spans.setdefault(style, span)
            self.paragraph.pieces.append(Piece(text, style))

    def _walk(self, parent: etree._Element, marks: frozenset[str], link: int | None, span: str | None) -> None:
        self._text(parent.text, marks, link, span)
        for child in parent:
            tag = child.tag
            if tag == _t("span"):
                name = child.get(_t("style-name"))
                self._walk(child, marks | self.marks.get(name or "", frozenset()), link, name)
            elif tag == _t("a"):
                number = len(self.paragraph.links) + 1
                self.paragraph.links[number] = child
                self._walk(child, marks, number, span)
            elif tag == _t("s"):
                self._text(" " * int(child.get(_t("c"), "1")), marks, link, span)
            elif tag == _t("tab"):
                self._text("\t", marks, link, span)
            elif tag == _t("line-break"):
                self._text("\n", marks, link, span)
            elif tag in _MARKERS or not isinstance(tag, str):
                self.paragraph.markers.append(child)
            else:  # a note, a frame (image, text box), a field, an annotation…
                number = len(self.paragraph.atoms) + 1
                self.paragraph.atoms[number] = child
                self.paragraph.pieces.append(Piece("", Style(), atom=number))
            self._text(child.tail, marks, link, span)


def _text_marks(root: etree._Element | None, marks: dict[str, frozenset[str]]) -> None:
    """Add the marks each text style of ``root`` gives (its parents' too) to ``marks``."""
    if root is None:
        return
    parents: dict[str, str] = {}
    for style in root.iter(_s("style")):
        name = style.get(_s("name")) or ""
        found = set()
        properties = style.find(_s("text-properties"))
        if properties is not None:
            if properties.get(f"{{{_FO}}}font-weight") in ("bold", "600", "700", "800", "900"):
                found.add("b")
            if properties.get(f"{{{_FO}}}font-style") == "italic":
                found.add("i")
            if properties.get(_s("text-underline-style"), "none") != "none":
                found.add("u")
            if properties.get(_s("text-line-through-style"), "none") != "none":
                found.add("s")
            position = properties.get(_s("text-position"), "")
            if position.startswith(("super", "3")):
                found.add("sup")
            elif position.startswith(("sub", "-")):
                found.add("sub")
        marks[name] = frozenset(found)
        parent = style.get(_s("parent-style-name"))
        if parent:
            parents[name] = parent
    for name in list(marks):
        seen = {name}
        parent = parents.get(name)
        while parent is not None and parent not in seen:
            seen.add(parent)
            marks[name] = marks[name] | marks.get(parent, frozenset())
            parent = parents.get(parent)


class OdtFormat:
    """OpenDocument text documents (``.odt``), read and written as bytes.

    **Segments** are the paragraphs (``text:p``) and headings (``text:h``,
    ``heading`` with its outline level) with text in the body, in lists
    (``list item``), table cells, text boxes and footnotes, in document order;
    ``line`` is the paragraph's number in that order. Headers and footers
    (in ``styles.xml``) are not translated. Inline formatting is kept as the
    tags of :class:`~stmtl10n.formats.docx.DocxFormat` (bold, italic,
    underline, strike-through, superscript, subscript from the span's text
    style; links ``<a1>``; notes, frames and fields ``<x1/>``); signatories
    are found the same way.

    **Writing** keeps each paragraph's element and style; its text is
    rewritten as spans of the source's span styles, links and atoms moved
    where the translation puts their tags. For a right-to-left language a
    translated paragraph gets an automatic style ``stmtl10n-rtl-<style>``
    derived from its own with ``style:writing-mode="rl-tb"``. With nothing
    translated, ``content.xml`` is copied byte for byte.
    """

    name: Final = "odt"
    extensions: Final = (".odt",)

    def extract(self, data: bytes, *, path: str) -> list[Segment]:
        """Segment a document into translatable paragraphs, in document order."""
        return [draft.segment for draft, _ in _read(data, path=path)[1]]

    def render(self, data: bytes, translate: Translate, *, path: str, width: int | None = None,
               lang: str | None = None) -> bytes:
        """The document with each segment replaced by ``translate(segment)``.

        :param width: ignored; a word processor wraps lines.
        :param lang: the translation's language: right to left for Arabic, Hebrew, Persian….
        """
        parts, drafts = _read(data, path=path)
        content = parts[_CONTENT]
        changed = False
        for draft, paragraph in drafts:
            new = translation_for(translate, draft.segment)
            if new is not None:
                _write(paragraph, decode(new))
                if is_rtl(lang):
                    _right_to_left(content, paragraph.element)
                changed = True
        return write_zip(data, {_CONTENT: content} if changed else {})


def _read(data: bytes, *, path: str) -> tuple[dict[str, etree._Element], list[tuple[Draft, _Paragraph]]]:
    parts = read_zip(data, path=path, parts=(_CONTENT, _STYLES), kind="OpenDocument text (.odt)")
    marks: dict[str, frozenset[str]] = {}
    _text_marks(parts.get(_STYLES), marks)
    _text_marks(parts[_CONTENT], marks)
    body = parts[_CONTENT].find(f"{{{_OFFICE}}}body")
    found: list[tuple[Draft, _Paragraph]] = []
    lists: dict[etree._Element, object] = {}
    number = 0
    for element in ([] if body is None else body.iter(_t("p"), _t("h"))):
        number += 1
        paragraph = _Reader(element, marks).read()
        pieces = strip_edges(paragraph.pieces)
        if not has_text(pieces):
            continue
        found.append((_draft(element, pieces, number, lists), paragraph))
    drafts = [draft for draft, _ in found]
    mark_signatories(drafts)
    for draft, block in zip(drafts, assign_contexts([Block(d.segment, 0, 0) for d in drafts]), strict=True):
        draft.segment = block.segment
    return parts, found


def _draft(element: etree._Element, pieces: list[Piece], number: int, lists: dict[etree._Element, object]) -> Draft:
    kind, level = PARAGRAPH, None
    group: object | None = None
    cell: tuple[object, int, int] | None = None
    ancestors = list(element.iterancestors())
    if element.tag == _t("h"):
        kind, level = HEADING, int(element.get(_t("outline-level"), "1"))
    if any(a.tag == _t("note-body") for a in ancestors):
        kind, level = FOOTNOTE, None
    elif any(a.tag == f"{{{_DRAW}}}text-box" for a in ancestors):
        kind, level = TEXT_BOX, None
    elif kind != HEADING:
        outer_list = next((a for a in reversed(ancestors) if a.tag == _t("list")), None)
        parent = element.getparent()
        if outer_list is not None:
            kind, group = LIST_ITEM, lists.setdefault(outer_list, object())
        elif parent is not None and parent.tag == f"{{{_TABLE}}}table-cell":
            row = parent.getparent()
            table = None if row is None else row.getparent()
            if row is not None and table is not None:
                rows = list(table.iter(f"{{{_TABLE}}}table-row"))
                cells = [c for c in row if c.tag == f"{{{_TABLE}}}table-cell"]
                kind, cell = TABLE_CELL, (table, rows.index(row), cells.index(parent))
    return Draft(Segment(text=encode(pieces), kind=kind, line=number, level=level), pieces, group=group, cell=cell)


def _write(paragraph: _Paragraph, pieces: list[Piece]) -> None:
    element = paragraph.element
    for child in list(element):
        element.remove(child)
    element.text = None
    for marker in paragraph.markers:
        marker.tail = None
        element.append(marker)
    last: etree._Element | None = None  # where the next text goes: after it (its tail), or the paragraph's text
    used: set[int] = set()
    for piece in pieces:
        if piece.atom is not None:
            atom = paragraph.atoms.get(piece.atom)
            if atom is not None and piece.atom not in used:
                used.add(piece.atom)
                atom.tail = None
                element.append(atom)
                last = atom
            continue
        holder: etree._Element = element
        if piece.style.link in paragraph.links:
            source = paragraph.links[piece.style.link]
            holder = etree.SubElement(element, source.tag)
            holder.attrib.update(source.attrib)
            last = holder
        span = paragraph.spans.get(piece.style, paragraph.spans.get(Style(link=piece.style.link)))
        if span is not None:
            node = etree.SubElement(holder, _t("span"))
            node.set(_t("style-name"), span)
            _put_text(node, None, piece.text)
            last = holder if holder is not element else node
        elif holder is element:
            last = _put_text(element, last, piece.text)
        else:
            _put_text(holder, None, piece.text)
    for number, atom in paragraph.atoms.items():
        if number not in used:
            atom.tail = None
            element.append(atom)


def _put_text(parent: etree._Element, after: etree._Element | None, text: str) -> etree._Element | None:
    """Write ``text`` into ``parent`` after the child ``after`` (None: at the start), with ODF's spaces,
    tabs and line breaks; the last element written, or ``after``."""
    for index, chunk in enumerate(re.split("([\t\n]|  +)", text)):
        if not chunk:
            continue
        if index % 2 == 0:
            if after is None:
                parent.text = (parent.text or "") + chunk
            else:
                after.tail = (after.tail or "") + chunk
            continue
        if chunk == "\t":
            node = etree.SubElement(parent, _t("tab"))
        elif chunk == "\n":
            node = etree.SubElement(parent, _t("line-break"))
        else:
            node = etree.SubElement(parent, _t("s"))
            node.set(_t("c"), str(len(chunk)))
        after = node
    return after


def _right_to_left(content: etree._Element, element: etree._Element) -> None:
    """Give a paragraph a style like its own, written right to left."""
    current = element.get(_t("style-name")) or "Standard"
    name = f"stmtl10n-rtl-{current}"
    automatic = content.find(f"{{{_OFFICE}}}automatic-styles")
    if automatic is None:
        automatic = etree.Element(f"{{{_OFFICE}}}automatic-styles")
        body = content.find(f"{{{_OFFICE}}}body")
        content.insert(content.index(body) if body is not None else len(content), automatic)
    if automatic.find(f"{_s('style')}[@{_s('name')}='{name}']") is None:
        own = automatic.find(f"{_s('style')}[@{_s('name')}='{current}']")
        if own is not None:
            style = copy.deepcopy(own)
        else:
            style = etree.Element(_s("style"))
            style.set(_s("family"), "paragraph")
            style.set(_s("parent-style-name"), current)
        style.set(_s("name"), name)
        properties = style.find(_s("paragraph-properties"))
        if properties is None:
            properties = etree.Element(_s("paragraph-properties"))
            style.insert(0, properties)
        properties.set(_s("writing-mode"), "rl-tb")
        automatic.append(style)
    element.set(_t("style-name"), name)
