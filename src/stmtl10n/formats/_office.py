"""What the Word and OpenDocument formats share: the zip they are, signatories, right to left."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from stmtl10n import locales
from stmtl10n.errors import FormatError
from stmtl10n.formats._inline_tags import Piece
from stmtl10n.formats.signatories import COUNTRY, NAME, ORGANIZATION, is_signatory_list, table_fields
from stmtl10n.model import SIGNATORY, SIGNATORY_FLAG, SIGNATORY_NOTE, Segment

_SIGNATORY_COLUMNS = frozenset((NAME, ORGANIZATION, COUNTRY))
# A parser that keeps the XML as written: no entity expansion from outside, no network.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=True)


def is_rtl(lang: str | None) -> bool:
    """Whether ``lang`` (``ar``, ``ar_EG``; None for the source) is written right to left (CLDR)."""
    return lang is not None and locales.is_rtl(lang)


def read_zip(data: bytes, *, path: str, parts: Sequence[str], kind: str) -> dict[str, etree._Element]:
    """The XML ``parts`` of the zip ``data`` that it has, parsed; the first part is required.

    :raises FormatError: for bytes that are no such document.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if parts[0] not in names:
                raise FormatError(f"{path}: not a {kind} (no {parts[0]} in it); save it again from the word processor")
            return {part: etree.fromstring(archive.read(part), _PARSER) for part in parts if part in names}
    except zipfile.BadZipFile:
        raise FormatError(f"{path}: not a {kind} (not a zip archive); save it again from the word processor") from None
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{path}: a damaged {kind} ({exc}); save it again from the word processor") from None


def write_zip(data: bytes, changed: Mapping[str, etree._Element]) -> bytes:
    """The zip ``data`` with the ``changed`` parts serialized anew, every other entry copied as it is."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in changed:
                content = etree.tostring(changed[info.filename], xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            target.writestr(info, content, compress_type=info.compress_type)
    return out.getvalue()


@dataclass(slots=True)
class Draft:
    """A paragraph read as a segment, before signatories and contexts are decided.

    :param group: what list the paragraph is an item of (items of one list share it), or None.
    :param cell: ``(table, row, column)`` for a table cell's paragraph, or None.
    """

    segment: Segment
    pieces: list[Piece]
    group: object | None = None
    cell: tuple[object, int, int] | None = None


def mark_signatories(drafts: list[Draft]) -> None:
    """Mark signatories as the other formats do: a list whose items read as signatories
    (:func:`is_signatory_list`, the paragraph before as its lead-in), and the name,
    organization and country cells of a table whose first row names signatories' fields."""
    index = 0
    while index < len(drafts):
        group = drafts[index].group
        if group is None:
            index += 1
            continue
        stop = index
        while stop < len(drafts) and drafts[stop].group is group:
            stop += 1
        heading = drafts[index - 1].segment.text if index else None
        if is_signatory_list([draft.segment.text for draft in drafts[index:stop]], heading=heading):
            for draft in drafts[index:stop]:
                draft.segment = _as_signatory(draft.segment)
        index = stop
    headers: dict[object, dict[int, str]] = {}
    for draft in drafts:
        if draft.cell is not None and draft.cell[1] == 0:
            headers.setdefault(draft.cell[0], {})[draft.cell[2]] = draft.segment.text
    fields = {}
    for table, cells in headers.items():
        found = table_fields([cells.get(column, "") for column in range(max(cells) + 1)])
        if found is not None:
            fields[table] = found
    for draft in drafts:
        if draft.cell is None or draft.cell[1] == 0 or draft.cell[0] not in fields:
            continue
        columns = fields[draft.cell[0]]
        if draft.cell[2] < len(columns) and columns[draft.cell[2]] in _SIGNATORY_COLUMNS:
            draft.segment = _as_signatory(draft.segment)


def _as_signatory(segment: Segment) -> Segment:
    return dataclasses.replace(segment, kind=SIGNATORY, flags=(SIGNATORY_FLAG,), notes=(SIGNATORY_NOTE,))


def translation_for(translate: Callable[[Segment], str | None], segment: Segment) -> str | None:
    """The text to write for a segment, or None to keep its paragraph exactly as it is."""
    new = translate(segment)
    if new is None or new == segment.text or not new.strip():
        return None  # gettext's empty msgstr means "not translated"
    return new
