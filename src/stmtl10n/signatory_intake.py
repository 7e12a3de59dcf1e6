"""Signatories from sign-up forms: read a CSV export, plan the additions, append them to a statement's list.

A statement's signatory lists are read from its format's blocks: a *list* is a
run of consecutive signatory blocks (a new one starts where the marker style
changes, the numbering starts again, or, in an unmarked list, a wider gap
opens), and a Markdown table whose header names signatories' fields is one
list of rows. New signatories are written in the list's own format, after its
last item; every other byte of the statement stays as it was.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel import Locale
from rapidfuzz import fuzz, process

from stmtl10n._io import atomic_write, decode_utf8, file_lock, has_bom, read_statement, read_user_file
from stmtl10n.countries import _CLDR_ENGLISH_ALTERNATIVES, _VARIANTS, country_code, normalize_country_name
from stmtl10n.errors import ConfigError, FormatError
from stmtl10n.formats import format_for
from stmtl10n.formats.base import Block
from stmtl10n.formats.signatories import COUNTRY, NAME, ORGANIZATION, ROLE, Signatory, parse_signatory, table_fields
from stmtl10n.model import Statement
from stmtl10n.project import Project, list_statements

#: The fields a form column can fill (``--column FIELD=HEADER``).
FIELDS = ("name", "first-name", "last-name", "organization", "role", "country")
Field = Literal["name", "first-name", "last-name", "organization", "role", "country"]
OutputFormat = Literal["text", "csv", "json"]

# Form headers as people write them, compared after _header_key (case, accents,
# punctuation and a bracketed note dropped). A header that is none of these
# (Email, Timestamp, Phone, Comments …) is ignored.
_HEADERS: dict[str, Field] = {
    **dict.fromkeys(
        ("name", "names", "full name", "fullname", "your name", "your full name", "name and surname",
         "signatory", "nombre", "nombre completo", "nombre y apellido", "nombre y apellidos", "nom", "nom complet",
         "nom et prenom", "nome", "nome completo", "vollstandiger name", "الاسم", "الاسم الكامل", "姓名", "名前"),
        "name",
    ),
    **dict.fromkeys(
        ("first name", "firstname", "first", "given name", "given names", "forename", "prenom", "vorname",
         "nombre de pila"),
        "first-name",
    ),
    **dict.fromkeys(
        ("last name", "lastname", "last", "surname", "family name", "nom de famille", "apellido", "apellidos",
         "cognome", "nachname"),
        "last-name",
    ),
    **dict.fromkeys(
        ("organization", "organisation", "organization name", "organisation name", "organizations",
         "organisations", "org", "affiliation", "institution", "institutional affiliation", "affiliation institution",
         "organization institution", "organisation institution", "group", "organizacion", "organizacao",
         "organizzazione", "organisme", "institucion", "المنظمة", "المؤسسة", "单位", "机构"),
        "organization",
    ),
    **dict.fromkeys(
        ("role", "title", "position", "job title", "function", "fonction", "cargo", "occupation", "profession",
         "titre", "puesto", "الصفة", "职务"),
        "role",
    ),
    **dict.fromkeys(
        ("country", "country region", "country or region", "country of residence", "nation", "pays", "pais",
         "paese", "land", "البلد", "الدولة", "国家"),
        "country",
    ),
}

# Headings that announce the individuals' list, compared after _fold.
_INDIVIDUALS = re.compile(
    r"\b(?:individual|individuals|individuales|individuos|individus|individui|individuais|"
    r"personnes|personas|persone|pessoas|einzelpersonen|privatpersonen|personal capacity|titre personnel)\b"
)
_INDIVIDUALS_OTHER_SCRIPTS = ("افراد", "شخصيات", "个人", "個人", "個人署名")
_MAX_HEADING = 150  # a longer block before a list is prose, not its heading

_BLANKS = re.compile("[\\s\u200b\u2060\ufeff]+")  # \s covers NBSP, U+202F and the other Unicode spaces
_HEADER_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NON_WORD = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d+")
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_MD_BLOCK_START = re.compile(r"[#>+=*-]|\d+[.)]")
_SUGGESTION_CUTOFF = 75.0  # rapidfuzz ratio: "Frnace" scores 83 against "France"
_SUGGESTION_SPREAD = 8.0  # names this close to the best one are suggested too
_MAX_SUGGESTIONS = 3
_RECENT_ITEMS = 20  # the latest items of a shape whose separators a new item follows


@dataclass(frozen=True, slots=True)
class ListedSignatory:
    """One signatory of a statement as parsed: the fields are the text as written, None when absent."""

    list_number: int  # 1-based, in document order
    line: int
    text: str
    name: str | None
    organization: str | None
    role: str | None
    country: str | None
    country_code: str | None


@dataclass(frozen=True, slots=True)
class SignatoryList:
    """A run of signatory blocks (or a signatory table) of a statement."""

    number: int
    heading: str | None  # the short block just before the list, if any
    signatories: tuple[ListedSignatory, ...]
    is_individuals: bool  # the heading names individuals ("Individual signatories", "Personnes" …)
    blocks: tuple[Block, ...] = field(repr=False, compare=False)  # the statement's blocks it was read from
    table: SignatoryTable | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class SignatoryTable:
    """Where a Markdown signatory table is, and which field each of its columns holds."""

    start: int  # offset of the header line
    kinds: tuple[str | None, ...]  # the part kind of each column
    rows: tuple[tuple[int, int], ...]  # (start, end) offset of each data row's line, without its line ending


@dataclass(frozen=True, slots=True)
class FormRow:
    """One sign-up read from a form export, white space normalised; empty fields are ``""``."""

    row: int  # the spreadsheet row: the header is row 1
    name: str
    organization: str
    role: str
    country: str


@dataclass(frozen=True, slots=True)
class Form:
    """A form export: its rows, and which header fills which field."""

    path: str  # as the user named it, for messages
    rows: tuple[FormRow, ...]
    columns: Mapping[str, str]  # field → the header it was read from


@dataclass(frozen=True, slots=True)
class UnknownCountry:
    """A row whose country CLDR does not know, with the closest names."""

    row: int
    country: str
    suggestions: tuple[str, ...]

    def message(self, path: str) -> str:
        hint = f"; did you mean {_or(self.suggestions)}?" if self.suggestions else ""
        return f'{path}:{self.row}: unknown country "{self.country}"{hint}'


@dataclass(frozen=True, slots=True)
class IntakeResult:
    """What ``signatories add`` did, or would do with ``dry_run``."""

    statement: Statement
    list_number: int
    lines: tuple[str, ...]  # the new items as written in the statement, markers included
    duplicates: int
    kept_unknown: tuple[UnknownCountry, ...]  # kept as written (--keep-unknown)
    without_name: tuple[int, ...]  # rows with neither a name nor an organization, left out
    written: bool

    @property
    def added(self) -> int:
        return len(self.lines)


# -- the statement's lists -------------------------------------------------


def read_signatory_lists(text: str, *, path: str) -> list[SignatoryList]:
    """The signatory lists of a statement's ``text``, in document order.

    :param path: the statement's path; its extension chooses the format.
    """
    fmt = format_for(path)
    blocks = sorted(fmt.blocks(text, path=path), key=lambda b: b.start)
    markdown = fmt.name == "markdown"
    groups: list[tuple[list[Block], SignatoryTable | None, str | None]] = []
    current: list[Block] = []
    table: SignatoryTable | None = None
    heading: str | None = None
    for index, block in enumerate(blocks):
        row = _line_bounds(text, block.start) if markdown and _in_table_row(text, block) else None
        if table is not None and row in table.rows:
            current.append(block)  # every cell of a signatory table's rows, number columns too
            continue
        if not block.segment.is_signatory:
            if current:
                groups.append((current, table, heading))
            current, table = [], None
            continue
        found = _read_table(text, block) if row is not None else None
        if found is None and table is None and current and _continues(text, current, block):
            current.append(block)
            continue
        if current:
            groups.append((current, table, heading))
        current, table = [block], found
        heading = _heading(blocks, index, found.start if found is not None else block.start)
    if current:
        groups.append((current, table, heading))
    return [_make_list(number, text, *group) for number, group in enumerate(groups, start=1)]


def list_signatories(project: Project, name: str) -> tuple[Statement, list[SignatoryList]]:
    """The statement ``name`` stands for, and its signatory lists.

    :raises FormatError: for a name that is no statement of the project.
    """
    (statement,) = list_statements(project, (name,))
    text = read_statement(project.root / statement.path, display=statement.path)
    return statement, read_signatory_lists(text, path=statement.path)


def render_signatories(lists: Sequence[SignatoryList], output_format: OutputFormat) -> str:
    """The signatories of ``lists`` as a readable table per list, CSV with a header row, or a JSON array."""
    people = [person for lst in lists for person in lst.signatories]
    keys = ("list", "line", "text", "name", "organization", "role", "country", "country_code")
    if output_format == "json":
        objects = [_as_row(person, keys) for person in people]
        return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([_as_row(person, keys)[key] or "" for key in keys] for person in people)
        return out.getvalue()
    lines: list[str] = []
    for lst in lists:
        count = len(lst.signatories)
        noun = "signatory" if count == 1 else "signatories"
        after = f", after {_excerpt(lst.heading, 60)!r}" if lst.heading else ""
        lines.append(f"list {lst.number}: {count} {noun}{after}")
        rows = [
            (str(p.line), p.name or "", p.organization or "", p.role or "",
             f"{p.country} ({p.country_code or '?'})" if p.country else "")
            for p in lst.signatories
        ]
        header = ("line", "name", "organization", "role", "country")
        widths = [min(max(len(cell) for cell in column), 40) for column in zip(header, *rows, strict=True)]
        for row in (header, *rows):
            cells = [_excerpt(cell, width).ljust(width) for cell, width in zip(row, widths, strict=True)]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("")
    return "\n".join(lines)


# -- the form ----------------------------------------------------------------


def read_form(path: Path, *, columns: Mapping[str, str] | None = None, display: str | None = None) -> Form:
    """Read a sign-up form's CSV export (UTF-8, with or without a byte order mark; ``,``, ``;`` or tab).

    Headers are recognised in any order, case and spacing (``Name``, ``Full name``,
    ``First name`` and ``Last name``, ``Organization``, ``Affiliation``, ``Role``,
    ``Title``, ``Country`` …); other columns are ignored. White space in every
    field is normalised (no-break spaces, runs of spaces, line breaks in a cell).

    :param columns: field → header, for headers the defaults do not know
        (``{"organization": "Union or party"}``); fields are those of :data:`FIELDS`.
    :raises FormatError: for a file that cannot be read, has no header row, or
        no column for names or organizations.
    :raises ConfigError: for a ``columns`` field or header that does not exist.
    """
    shown = display or str(path)
    raw = read_user_file(path, display=shown, kind="CSV file", missing="check its name", error=FormatError)
    text = decode_utf8(raw, display=shown, fix="export the form as UTF-8 CSV", error=FormatError)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise FormatError(f"{shown}:{reader.line_num}: not readable as CSV ({exc}); export the form as CSV again") from None
    first = next((index for index, record in enumerate(records) if any(cell.strip() for cell in record)), None)
    if first is None:
        raise FormatError(f"{shown}: the file is empty; export the form's responses with their header row")
    header = [normalize_space(cell) for cell in records[first]]
    fields = _assign_columns(header, columns or {}, shown)
    rows = []
    # The spreadsheet's row numbers: a record is one row, even with line breaks in a cell.
    for number, record in enumerate(records[first + 1:], start=first + 2):
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets export trailing empty rows

        def value(name: str, record: list[str] = record) -> str:
            index = fields.get(name)
            return normalize_space(record[index]) if index is not None and index < len(record) else ""

        full = value("name") or _join_name(value("first-name"), value("last-name"))
        rows.append(FormRow(number, full, value("organization"), value("role"), value("country")))
    return Form(shown, tuple(rows), {name: header[index] for name, index in fields.items()})


def normalize_space(text: str) -> str:
    """``text`` with every run of white space (no-break spaces and line breaks too) one space, trimmed.

    >>> normalize_space("  Anna\\u00a0 Āboltiņa\\n")
    'Anna Āboltiņa'
    """
    return _BLANKS.sub(" ", text).strip()


def suggest_countries(name: str) -> tuple[str, ...]:
    """The country names closest to a misspelt ``name`` (CLDR's English names and common variants).

    >>> suggest_countries("Frnace")
    ('France',)
    """
    choices = _country_choices()
    found = process.extract(
        normalize_country_name(name), list(choices), scorer=fuzz.ratio, limit=10, score_cutoff=_SUGGESTION_CUTOFF
    )
    if not found:
        return ()
    best = found[0][1]
    names: list[str] = []
    for key, score, _ in found:
        display = choices[key]
        if score >= best - _SUGGESTION_SPREAD and display not in names:
            names.append(display)
    return tuple(names[:_MAX_SUGGESTIONS])


# -- intake ------------------------------------------------------------------


def add_signatories(
    project: Project,
    name: str,
    csv_path: Path,
    *,
    columns: Mapping[str, str] | None = None,
    list_number: int | None = None,
    keep_unknown: bool = False,
    dry_run: bool = False,
) -> IntakeResult:
    """Append the signatories of a form export to the end of a statement's list.

    The list is ``list_number`` (1-based, in document order), else the list whose
    heading names individuals, else the statement's last list. Each new signatory
    is written in the list's format: its markers and numbering, its spacing, and
    the shape of its last item with the same fields (``Name, Organization,
    Country``, ``Name – Organization`` …; a field the form lacks is left out with
    its separator, a field the list never shows is not written), or a row of a
    signatory table. Signatories already in the list, or twice in the form (same
    name and organization, ignoring case, accents and spacing), are skipped.
    The statement is written atomically, under its lock, with its line endings.

    :raises FormatError: for a statement with no signatory list, an unreadable form,
        and (unless ``keep_unknown``) every row whose country CLDR does not know, one
        line each with the closest names, before anything is written.
    :raises ConfigError: for a list number the statement does not have, and a
        ``columns`` field or header that does not exist.
    """
    (statement,) = list_statements(project, (name,))
    form = read_form(csv_path, columns=columns)
    unknown = tuple(
        UnknownCountry(row.row, row.country, suggest_countries(row.country))
        for row in form.rows if row.country and country_code(row.country) is None
    )
    if unknown and not keep_unknown:
        lines = [problem.message(form.path) for problem in unknown]
        noun, them = ("country", "it") if len(unknown) == 1 else ("countries", "them")
        lines.append(
            f"{len(unknown)} unknown {noun}: correct {them} in {form.path}, "
            f"or run again with --keep-unknown to keep {them} as written; nothing was added"
        )
        raise FormatError("\n".join(lines))
    path = project.root / statement.path
    with file_lock(project.lock_path(path)):
        text = read_statement(path, display=statement.path)
        target = _choose_list(read_signatory_lists(text, path=statement.path), statement, list_number)
        new_text, lines, duplicates, without_name = _append(text, target, form.rows, markdown=statement.format_name == "markdown")
        written = bool(lines) and not dry_run
        if written:
            bom = "\ufeff" if has_bom(path) else ""
            atomic_write(path, bom + new_text)
    return IntakeResult(statement, target.number, tuple(lines), duplicates, unknown, without_name, written)


def _choose_list(lists: list[SignatoryList], statement: Statement, number: int | None) -> SignatoryList:
    if not lists:
        raise FormatError(
            f"{statement.path}: no signatory list to add to; write the first few signatories by hand "
            '(three or more "- Name, Organization, Country" lines under a "Signatories:" line), then add the rest'
        )
    if number is not None:
        if not 1 <= number <= len(lists):
            raise ConfigError(
                f"--list {number}: {statement.path} has {len(lists)} signatory "
                f"{'list' if len(lists) == 1 else 'lists'}; `stmtl10n signatories list {statement.slug}` numbers them"
            )
        return lists[number - 1]
    individuals = [lst for lst in lists if lst.is_individuals]
    return individuals[-1] if individuals else lists[-1]


def _append(
    text: str, target: SignatoryList, rows: Iterable[FormRow], *, markdown: bool
) -> tuple[str, list[str], int, tuple[int, ...]]:
    """The statement with the rows appended to ``target``, the new items, the duplicates and the rows left out."""
    shapes = _Shapes(target)
    seen = {key for person in target.signatories for key in _listed_keys(person)}
    items: list[dict[str, str]] = []
    duplicates = 0
    without_name: list[int] = []
    for row in rows:
        values = shapes.values(row)
        if NAME not in values and ORGANIZATION not in values:
            without_name.append(row.row)
            continue
        key = _person_key(values.get(NAME), values.get(ORGANIZATION))
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        items.append(values)
    if not items:
        return text, [], duplicates, tuple(without_name)
    if target.table is not None:
        new_text, lines = _append_rows(text, target.table, items, markdown=markdown)
    else:
        new_text, lines = _append_items(text, target, [shapes.compose(values) for values in items], markdown=markdown)
    return new_text, lines, duplicates, tuple(without_name)


def _append_items(text: str, target: SignatoryList, items: list[str], *, markdown: bool) -> tuple[str, list[str]]:
    blocks = target.blocks
    last = blocks[-1]
    last_line_start = text.rfind("\n", 0, last.start) + 1
    prefix = text[last_line_start:last.start]
    head = _line_ending(text)
    if len(blocks) > 1:
        between = text[blocks[-2].end:last.start]
        if "\n" not in between:
            head, prefix = between, ""  # items on one line: a run-on list separated by ";"
        elif between[: len(between) - len(prefix)].strip() in ("", "\\"):
            # What ends an item's line: nothing, a Markdown hard break, blank lines.
            head = between[: len(between) - len(prefix)]
    numbers = [_marker_number(block.segment.marker) for block in blocks]
    number = numbers[-1]
    step = 1
    if number is not None and len(numbers) > 1 and numbers[-2] is not None:
        step = (number > numbers[-2]) - (number < numbers[-2])
    out: list[str] = []
    lines: list[str] = []
    for item in items:
        line_prefix = prefix
        if number is not None:
            number += step
            if number < 1:
                raise FormatError(
                    f"list {target.number} counts down to 1 at line {last.segment.line}; add new signatories "
                    "at its top by hand"
                )
            line_prefix = _renumber(prefix, last.segment.marker or "", number)
        written = _escape_markdown(item) if markdown else item
        out.append(head + line_prefix + written)
        lines.append((line_prefix + written).strip())
    return text[:last.end] + "".join(out) + text[last.end:], lines


def _append_rows(text: str, table: SignatoryTable, items: list[dict[str, str]], *, markdown: bool) -> tuple[str, list[str]]:
    start, end = table.rows[-1]
    template = text[start:end]
    cells = _split_cells(template)
    eol = _line_ending(text, end)
    out: list[str] = []
    lines: list[str] = []
    counter: list[int | None] = [int(c.strip()) if c.strip().isdigit() else None for c in _cell_texts(cells, template)]
    for values in items:
        used: set[str] = set()
        new_cells = []
        for index, kind in enumerate(table.kinds):
            if index >= len(cells):
                break
            content = ""
            if kind is not None and kind not in used and kind in values:
                content = values[kind].replace("|", "\\|")
                used.add(kind)
            elif counter[index] is not None:
                counter[index] = (counter[index] or 0) + 1
                content = str(counter[index])
            new_cells.append(content)
        line = _fill_cells(template, cells, new_cells)
        out.append(eol + line)
        lines.append(line.strip())
    return text[:end] + "".join(out) + text[end:], lines


class _Shapes:
    """The shapes a list's items are written in, to write a new signatory like the latest one with its fields."""

    def __init__(self, target: SignatoryList) -> None:
        self.parsed: list[Signatory] = []
        kinds: set[str] = set()
        if target.table is not None:
            kinds = {kind for kind in target.table.kinds if kind is not None}
        else:
            self.parsed = [parse_signatory(block.segment.text) for block in target.blocks]
            for parsed in self.parsed:
                kinds.update(part.kind for part in parsed.parts)
        self.kinds = kinds
        # The latest items of each set of part kinds: a new row is written like one of them.
        recent: dict[frozenset[str], list[int]] = {}
        for index, parsed in enumerate(self.parsed):
            recent.setdefault(frozenset(part.kind for part in parsed.parts), []).append(index)
        self.recent = {kinds: indexes[-_RECENT_ITEMS:] for kinds, indexes in recent.items()}

    def values(self, row: FormRow) -> dict[str, str]:
        """The row's fields this list shows, by part kind."""
        values = {NAME: row.name, ORGANIZATION: row.organization, ROLE: row.role, COUNTRY: row.country}
        if not row.name and row.organization and ORGANIZATION not in self.kinds:
            # An organizations' list whose items read as names alone ("ATE Capital, Argentina").
            values[NAME] = row.organization
        return {kind: value for kind, value in values.items() if value and kind in self.kinds}

    def compose(self, values: dict[str, str]) -> str:
        """The row written like the latest item with the same fields (else with most of them, fewest others),
        in the separators most of those items use: one item's "Cuba , Cuba" is no format."""
        wanted = set(values)
        _, indexes = max(
            self.recent.items(), key=lambda pair: (len(wanted & pair[0]), -len(pair[0] - wanted), pair[1][-1])
        )
        signatures = Counter(_separators(self.parsed[index]) for index in indexes)
        chosen = max(indexes, key=lambda index: (signatures[_separators(self.parsed[index])], index))
        return compose_signatory(self.parsed[chosen], values)


def _separators(signatory: Signatory) -> tuple[str, ...]:
    """A signatory's shape: its part kinds and the text around and between them."""
    text, parts = signatory.text, signatory.parts
    bounds = [0, *(offset for part in parts for offset in (part.start, part.end)), len(text)]
    between = tuple(text[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2))
    return (*between, *(part.kind for part in parts))


def compose_signatory(template: Signatory, values: Mapping[str, str]) -> str:
    """A new signatory written in the shape of ``template``: its parts' order and separators.

    A part whose field is not in ``values`` is left out with its separator, and
    brackets opened or closed by the separators left stay balanced.

    >>> from stmtl10n.formats.signatories import SignatoryPart
    >>> text = "Molly de Blanc (Debian Project, Spain)"
    >>> t = Signatory(text, (SignatoryPart(NAME, 0, 14), SignatoryPart(ORGANIZATION, 16, 30),
    ...                      SignatoryPart(COUNTRY, 32, 37)))
    >>> compose_signatory(t, {NAME: "Nathan Freitas", COUNTRY: "Brazil"})
    'Nathan Freitas (Brazil)'
    >>> compose_signatory(t, {NAME: "Nathan Freitas"})
    'Nathan Freitas'
    """
    text = template.text
    parts = template.parts
    kept: list[int] = []
    seen: set[str] = set()
    for index, part in enumerate(parts):
        if part.kind in values and part.kind not in seen:
            kept.append(index)
            seen.add(part.kind)
    if not parts or not kept:
        return " ".join(values.values())
    pieces = [text[: parts[0].start]]
    for position, index in enumerate(kept):
        if position:
            before = kept[position - 1]
            after_kept = text[parts[before].end:parts[before + 1].start]
            # "Name (Org, Country)" without the org keeps " (": a separator that opens a bracket.
            pieces.append(after_kept if _opens(after_kept) else text[parts[index - 1].end:parts[index].start])
        pieces.append(values[parts[index].kind])
    depth = sum(_opens(piece) - _closes(piece) for piece in pieces[0::2])  # the lead and separators
    tail = []
    for char in text[parts[-1].end:]:
        if char in ")]":
            if depth <= 0:
                continue
            depth -= 1
        tail.append(char)
    return "".join(pieces) + "".join(tail) + ")" * max(depth, 0)


# -- helpers -----------------------------------------------------------------


def _make_list(number: int, text: str, blocks: list[Block], table: SignatoryTable | None, heading: str | None) -> SignatoryList:
    people: list[ListedSignatory] = []
    if table is not None:
        for start, end in table.rows:
            line = text.count("\n", 0, start) + 1
            cells = _cell_texts(_split_cells(text[start:end]), text[start:end])
            fields: dict[str, list[str]] = {}
            for kind, cell in zip(table.kinds, cells, strict=False):
                cell = cell.strip().replace("\\|", "|")
                if kind is not None and cell:
                    fields.setdefault(kind, []).append(cell)
            people.append(_listed(number, line, " | ".join(c.strip() for c in cells), fields))
    else:
        for block in blocks:
            parsed = parse_signatory(block.segment.text)
            fields = {}
            for part in parsed.parts:
                fields.setdefault(part.kind, []).append(parsed.part_text(part))
            people.append(_listed(number, block.segment.line, block.segment.text, fields))
    is_individuals = heading is not None and _names_individuals(heading)
    return SignatoryList(number, heading, tuple(people), is_individuals, tuple(blocks), table)


def _as_row(person: ListedSignatory, keys: Sequence[str]) -> dict[str, str | int | None]:
    return {key: getattr(person, "list_number" if key == "list" else key) for key in keys}


def _listed(number: int, line: int, text: str, fields: dict[str, list[str]]) -> ListedSignatory:
    def joined(kind: str) -> str | None:
        return ", ".join(fields[kind]) if kind in fields else None

    country = fields[COUNTRY][0] if COUNTRY in fields else None
    return ListedSignatory(
        number, line, text, joined(NAME), joined(ORGANIZATION), joined(ROLE), country,
        country_code(country) if country else None,
    )


def _heading(blocks: Sequence[Block], index: int, offset: int) -> str | None:
    """The text of the block just before ``offset`` when it is a short one that is no signatory."""
    before = index - 1
    while before >= 0 and blocks[before].end > offset:
        before -= 1  # a table's header cells
    if before < 0 or blocks[before].segment.is_signatory or len(blocks[before].segment.text) > _MAX_HEADING:
        return None
    return blocks[before].segment.text


def _names_individuals(heading: str) -> bool:
    folded = _fold(heading)
    return _INDIVIDUALS.search(folded) is not None or any(word in folded for word in _INDIVIDUALS_OTHER_SCRIPTS)


def _continues(text: str, current: list[Block], block: Block) -> bool:
    """Whether ``block`` continues the list of ``current`` (same marker style, numbering going on, same gap)."""
    last = current[-1]
    style, new_style = _marker_style(last.segment.marker), _marker_style(block.segment.marker)
    if style != new_style:
        return False
    number, new_number = _marker_number(last.segment.marker), _marker_number(block.segment.marker)
    if number is not None and new_number is not None:
        if len(current) > 1:
            first = _marker_number(current[-2].segment.marker)
            if first is not None and first != number:
                direction = 1 if number > first else -1
                return (new_number - number) * direction > 0
        return new_number != number or number == 1  # "1." repeated is Markdown's lazy numbering
    if style is None and len(current) > 1:
        # Unmarked items: a gap wider than the list's own (more blank lines) ends it.
        return _gap(text, last, block) <= _gap(text, current[0], current[1])
    return True


def _gap(text: str, before: Block, after: Block) -> int:
    return text.count("\n", before.end, after.start)


def _marker_style(marker: str | None) -> str | None:
    if not marker:
        return None
    return marker.lstrip("0123456789") or "#"


def _marker_number(marker: str | None) -> int | None:
    match = _NUMBER.match(marker or "")
    return int(match.group()) if match else None


def _renumber(prefix: str, marker: str, number: int) -> str:
    at = prefix.rfind(marker)
    if at < 0:
        return prefix
    digits = _NUMBER.match(marker)
    assert digits is not None
    new_marker = str(number) + marker[digits.end():]
    return prefix[:at] + new_marker + prefix[at + len(marker):]


def _escape_markdown(item: str) -> str:
    # A new item must not open another block ("# …", "> …", "- …", "1. …") after its marker.
    return "\\" + item if _MD_BLOCK_START.match(item) else item


def _line_ending(text: str, at: int = 0) -> str:
    index = text.find("\n", at)
    if index < 0:
        index = text.find("\n")
    return "\r\n" if index > 0 and text[index - 1] == "\r" else "\n"


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def _in_table_row(text: str, block: Block) -> bool:
    start, end = _line_bounds(text, block.start)
    outside = text[start:block.start] + text[block.end:end]
    return "|" in outside.replace("\\|", "")


def _read_table(text: str, block: Block) -> SignatoryTable | None:
    """The table whose row holds ``block``: its column kinds and data rows, or None without a header."""
    lines: list[tuple[int, int]] = []
    start = _line_bounds(text, block.start)[0]
    # Up to the header, then down to the last row: a table is a run of non-blank lines with pipes.
    while start > 0:
        above = _line_bounds(text, start - 1)
        line = text[above[0]:above[1]]
        if not line.strip() or "|" not in line:
            break
        start = above[0]
    position = start
    while position <= len(text):
        bounds = _line_bounds(text, position)
        line = text[bounds[0]:bounds[1]]
        if not line.strip() or "|" not in line:
            break
        lines.append(bounds)
        next_line = text.find("\n", position)
        if next_line < 0:
            break
        position = next_line + 1
    delimiter = text[lines[1][0]:lines[1][1]] if len(lines) >= 3 else ""
    if "-" not in delimiter or not set(delimiter) <= set("|:- \t"):
        return None
    header_line = text[lines[0][0]:lines[0][1]]
    header = [cell.strip() for cell in _cell_texts(_split_cells(header_line), header_line)]
    kinds = table_fields(header) or (NAME, *([None] * (len(header) - 1)))
    return SignatoryTable(lines[0][0], tuple(kinds), tuple(lines[2:]))


def _split_cells(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a table row, between its unescaped pipes."""
    pipes = [index for index, char in enumerate(line) if char == "|" and (index == 0 or line[index - 1] != "\\")]
    bounds = [-1, *pipes, len(line)]
    cells = [(a + 1, b) for a, b in itertools.pairwise(bounds)]
    if pipes and not line[: pipes[0]].strip():
        cells = cells[1:]  # a leading pipe
    if pipes and not line[pipes[-1] + 1:].strip():
        cells = cells[:-1]  # a trailing pipe
    return cells


def _cell_texts(cells: list[tuple[int, int]], line: str) -> list[str]:
    return [line[start:end] for start, end in cells]


def _fill_cells(template: str, cells: list[tuple[int, int]], contents: list[str]) -> str:
    """``template`` (a table row) with each cell's text replaced, its padding and pipes kept."""
    out = []
    position = 0
    for (start, end), content in zip(cells, contents, strict=False):
        cell = template[start:end]
        left = cell[: len(cell) - len(cell.lstrip())] or " "
        right = cell[len(cell.rstrip()):] or " "
        out.append(template[position:start] + (left + content + right if content else left))
        position = end
    return "".join(out) + template[position:]


def _assign_columns(header: list[str], columns: Mapping[str, str], shown: str) -> dict[str, int]:
    keys = [_header_key(cell) for cell in header]
    fields: dict[str, int] = {}
    for index, key in enumerate(keys):
        known = _HEADERS.get(key)
        if known is not None and known not in fields:
            fields[known] = index
    for name, wanted in columns.items():
        if name not in FIELDS:
            raise ConfigError(f"--column {name}={wanted}: unknown field {name!r}; use one of {', '.join(FIELDS)}")
        matches = [index for index, key in enumerate(keys) if key == _header_key(wanted)]
        if not matches:
            raise ConfigError(
                f"--column {name}={wanted}: {shown} has no column {wanted!r} (its headers: {', '.join(header)})"
            )
        for other, index in list(fields.items()):
            if index == matches[0]:
                del fields[other]
        fields[name] = matches[0]
    if "name" in fields and "last-name" in fields and "first-name" not in fields:
        fields["first-name"] = fields.pop("name")  # "Name" and "Surname": the name is the first name
    if not ({"name", "first-name", "last-name", "organization"} & fields.keys()):
        raise FormatError(
            f"{shown}: no column of names or organizations (its headers: {', '.join(header) or 'none'}); "
            "name one with --column name=HEADER or --column organization=HEADER"
        )
    return fields


def _header_key(header: str) -> str:
    """A header as compared: accents, case, punctuation and a bracketed note ("(optional)") dropped.

    >>> _header_key(" Organisation (if any) *"), _header_key("E-mail"), _header_key("Prénom")
    ('organisation', 'e mail', 'prenom')
    """
    return " ".join(_NON_WORD.sub(" ", _fold(_HEADER_NOTE.sub(" ", header))).split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _person_key(name: str | None, organization: str | None) -> tuple[str, str]:
    """Name and organization as duplicates are found: case, accents, spacing and punctuation ignored.

    >>> _person_key("XOSÉ  LUÍS RIVERA", None) == _person_key("Xose Luis Rivera", "")
    True
    """
    return (_NON_WORD.sub("", _fold(name or "")), _NON_WORD.sub("", _fold(organization or "")))


def _listed_keys(person: ListedSignatory) -> set[tuple[str, str]]:
    """The keys a signatory already listed is found under: its organization may have been read as a
    role ("Rosa Bartiromo , potere al popolo , Italy"), or be all a signatory wrote after the name."""
    organization, role = person.organization or "", person.role or ""
    keys = {_person_key(person.name, organization)}
    if role:
        keys |= {_person_key(person.name, text) for text in (role, organization + role, role + organization)}
    return keys


def _join_name(first: str, last: str) -> str:
    """A full name from its parts; Chinese and Japanese names are written family name first, unspaced.

    >>> _join_name("星宇", "胡"), _join_name("Jihene", "Belgasmi")
    ('胡星宇', 'Jihene Belgasmi')
    """
    if first and last and _CJK_NAME.fullmatch(first) and _CJK_NAME.fullmatch(last):
        return last + first
    return " ".join(part for part in (first, last) if part)


def _delimiter(text: str) -> str:
    """The delimiter of a CSV export, from its header line: the most frequent of ``,``, ``;`` and tab outside quotes."""
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char == "\n":
                break
            if char in counts:
                counts[char] += 1
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


@functools.cache
def _country_choices() -> dict[str, str]:
    """Normalised name → name as shown: CLDR's English country names, their parts ("Myanmar
    (Burma)": also "Myanmar" and "Burma"), and the alternatives and variants countries.py knows."""
    choices: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for code, name in Locale("en").territories.items():
        outside, _, inside = name.partition(" (")
        names += [(code, name), (code, outside), (code, inside.rstrip(")"))]
    # countries.py keeps these tables for recognition; they are the spellings forms use.
    for table in (_CLDR_ENGLISH_ALTERNATIVES, _VARIANTS):
        names += [(code, variant) for code, variants in table.items() for variant in variants]
    for code, name in names:
        if name and len(code) == 2 and country_code(name) == code:
            choices.setdefault(normalize_country_name(name), name)
    return choices


def _opens(text: str) -> int:
    return text.count("(") + text.count("[")


def _closes(text: str) -> int:
    return text.count(")") + text.count("]")


def _or(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
