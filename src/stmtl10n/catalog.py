"""Gettext catalogs: the entry model, reading (polib), writing exactly as GNU gettext does, merging.

This is the only module that imports polib.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

import polib

from stmtl10n._io import UTF8_BOM, atomic_write, decode_utf8, read_user_file
from stmtl10n._linebreak import display_columns, line_breaks
from stmtl10n.errors import CatalogError
from stmtl10n.model import SIGNATORY_FLAG
from stmtl10n.similarity import msgmerge_similarity

FUZZY = "fuzzy"
PROVENANCE_PREFIX = "stmtl10n: "  # translator comment that records who or what wrote a msgstr
# Provenances pretranslate writes (engine, memory, signatory, copy); a person's
# work says "reviewed by …", "edited by …" or "aligned from …", or nothing.
MACHINE_PROVENANCES = ("mt ", "memory", "signatory", "copied")
# A signatory line pretranslate completed on its own (names copied, country
# looked up): not fuzzy, yet nobody's work. Any edit in the review page
# rewrites the provenance; one with a role ("signatory …, roles by mt …") was a draft.
_COPIED_SIGNATORY = re.compile(r"signatory \d{4}-\d{2}-\d{2}")

# GNU gettext keeps only the flags it knows (fuzzy, the *-format flags, range,
# wrap): msgcat and msgmerge silently drop any other, so a "#, signatory" line
# would vanish the first time a coordinator ran msgmerge, and the file would not
# be what gettext writes. stmtl10n's own flags are written where gettext keeps
# them instead: those extract derives from the statement as "#. flags: ..."
# (msgmerge refreshes #. lines from the template), a translator's own (such as
# no-check-numbers) as "# flags: ...". Both are read back into Entry.flags, as
# are flags in "#," lines written by Weblate or Poedit.
FLAGS_COMMENT = "flags: "
EXTRACTED_FLAGS = frozenset({"signatory", "no-translate"})
_GETTEXT_FORMATS = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep ruby sh awk "
    "lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl perl-brace php gcc-internal "
    "gfc-internal ycp"
).split()
# Looked up in a set: the writer asks this of every flag of every entry.
_GETTEXT_FLAGS = frozenset(
    [FUZZY, "wrap", "no-wrap"]
    + [f"{prefix}{name}-format" for prefix in ("", "no-", "possible-", "impossible-") for name in _GETTEXT_FORMATS]
)
_RANGE_FLAG = re.compile(r"range: *\d+\.\.\d+")


def is_gettext_flag(flag: str) -> bool:
    """Whether GNU gettext keeps this flag in a ``#,`` line.

    >>> is_gettext_flag("python-format"), is_gettext_flag("signatory")
    (True, False)
    """
    return flag in _GETTEXT_FLAGS or (flag.startswith("range:") and _RANGE_FLAG.fullmatch(flag) is not None)


class EntryState(enum.StrEnum):
    """Where an entry stands in the workflow: the words status, the dashboard, the
    review server, build, check and TMX export all use, decided by :attr:`Entry.state`.
    """

    # In the order people read them, from done to not started.
    # A msgstr that is not fuzzy: a person approved it, or it is a signatory line
    # with nothing to approve (names copied, CLDR's country: Entry.is_copied_signatory).
    REVIEWED = "reviewed"
    MACHINE = "machine"  # a draft pretranslate wrote (engine, memory, signatory), untouched since
    CHANGED = "changed"  # a fuzzy msgstr whose source changed since (msgmerge's "#|" lines)
    DRAFT = "draft"  # another fuzzy msgstr: a person's draft, or one from a PO editor
    UNTRANSLATED = "untranslated"  # no msgstr

    @property
    def label(self) -> str:
        """The words people read: ``machine drafts``, ``changed source`` …"""
        return _STATE_LABELS[self]

    @property
    def is_draft(self) -> bool:
        """A msgstr that waits for review (fuzzy): published only with ``--include-fuzzy``."""
        return self in (EntryState.MACHINE, EntryState.DRAFT, EntryState.CHANGED)

    def is_published(self, *, include_fuzzy: bool) -> bool:
        """Whether build and TMX export use such an entry's msgstr: reviewed ones,
        and drafts too with ``--include-fuzzy``."""
        return self is EntryState.REVIEWED or (include_fuzzy and self.is_draft)


_STATE_LABELS = {
    EntryState.UNTRANSLATED: "untranslated",
    EntryState.MACHINE: "machine drafts",
    EntryState.DRAFT: "other drafts",
    EntryState.CHANGED: "changed source",
    EntryState.REVIEWED: "reviewed",
}


@dataclass(slots=True)
class Entry:
    """One gettext entry. Comment lists hold the text after the ``#.``/``# ``/``#:`` marker."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)  # "# ..."
    extracted_comments: list[str] = field(default_factory=list)  # "#. ..."
    references: list[str] = field(default_factory=list)  # "statements/x.md:12"
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    obsolete: bool = False
    # The line of its msgid in the file it was read from, for "file.po:LINE:" messages;
    # None for an entry not read from a file. Not part of what the entry says.
    line: int | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def state(self) -> EntryState:
        """Where this entry stands: the one place that decides it (see :class:`EntryState`)."""
        if not self.msgstr:
            return EntryState.UNTRANSLATED
        if not self.is_fuzzy:
            return EntryState.REVIEWED
        # A changed source comes first, even under a machine draft: the reviewer
        # must look at what changed before anything else.
        if self.previous_msgid is not None:
            return EntryState.CHANGED
        return EntryState.MACHINE if self.is_machine_written else EntryState.DRAFT

    def set_fuzzy(self, value: bool) -> None:
        if value and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not value and FUZZY in self.flags:
            self.flags.remove(FUZZY)
            # A reviewed entry has nothing left to compare: msgmerge drops "#|" then too.
            self.previous_msgid = None
            self.previous_msgctxt = None

    @property
    def provenance(self) -> str | None:
        """The ``# stmtl10n: ...`` comment, without its prefix (``mt apertium 2026-11-25``)."""
        for comment in self.translator_comments:
            if comment.startswith(PROVENANCE_PREFIX):
                return comment[len(PROVENANCE_PREFIX):]
        return None

    def copy(self) -> Entry:
        """An independent copy (its lists are copied too)."""
        return dataclasses.replace(
            self,
            flags=list(self.flags),
            translator_comments=list(self.translator_comments),
            extracted_comments=list(self.extracted_comments),
            references=list(self.references),
        )

    @property
    def is_machine_written(self) -> bool:
        """Who wrote the msgstr, not its state: a fuzzy msgstr that pretranslate
        wrote and no person has touched since (its source may have changed since)."""
        return self.is_fuzzy and bool(self.msgstr) and (self.provenance or "").startswith(MACHINE_PROVENANCES)

    @property
    def is_copied_signatory(self) -> bool:
        """A signatory line pretranslate completed (``signatory <date>``), translated but nobody's work."""
        return SIGNATORY_FLAG in self.flags and _COPIED_SIGNATORY.fullmatch(self.provenance or "") is not None

    def set_provenance(self, text: str | None) -> None:
        """Replace the provenance comment (``None`` removes it)."""
        self.translator_comments = [
            c for c in self.translator_comments if not c.startswith(PROVENANCE_PREFIX)
        ]
        if text:
            self.translator_comments.append(PROVENANCE_PREFIX + text)


@dataclass(slots=True)
class Catalog:
    """A PO file (or a POT template when ``locale`` is None)."""

    locale: str | None
    header: dict[str, str] = field(default_factory=dict)  # ordered header fields
    header_comments: list[str] = field(default_factory=list)  # "# ..." lines above the header
    header_is_fuzzy: bool = False
    entries: list[Entry] = field(default_factory=list)  # active and obsolete, in file order

    def active(self) -> Iterator[Entry]:
        return (e for e in self.entries if not e.obsolete)

    def index(self) -> dict[tuple[str | None, str], Entry]:
        """Active entries by ``(msgctxt, msgid)``."""
        return {e.key: e for e in self.entries if not e.obsolete}


GETTEXT_STATES = ("translated", "fuzzy")


@dataclass(slots=True)
class Progress:
    """How many entries (or msgid words) of one or more catalogs are in each :class:`EntryState`.

    >>> p = Progress.of([Entry("a b", "x"), Entry("c"), Entry("d e f", "y", flags=["fuzzy"])])
    >>> p.reviewed, p.draft, p.untranslated, p.total
    (1, 1, 1, 3)
    >>> Progress.of([Entry("a b", "x"), Entry("c")], words=True).reviewed
    2
    """

    reviewed: int = 0
    machine: int = 0
    changed: int = 0
    draft: int = 0
    untranslated: int = 0

    @classmethod
    def of(cls, entries: Iterable[Entry], *, words: bool = False) -> Progress:
        """Count ``entries`` (their msgid words, whitespace-split, with ``words``)."""
        progress = cls()
        for entry in entries:
            progress.count(entry.state, len(entry.msgid.split()) if words else 1)
        return progress

    def count(self, state: EntryState, n: int = 1) -> None:
        setattr(self, state.value, getattr(self, state.value) + n)

    def __getitem__(self, state: EntryState) -> int:
        return int(getattr(self, state.value))

    @property
    def total(self) -> int:
        return self.untranslated + self.machine + self.draft + self.changed + self.reviewed

    @property
    def drafts(self) -> int:
        """Entries waiting for review, whatever wrote them."""
        return self.machine + self.draft + self.changed

    # gettext's words for the same counts (``msgfmt --statistics``): translated
    # is reviewed, fuzzy is every kind of draft.
    @property
    def translated(self) -> int:
        return self.reviewed

    @property
    def fuzzy(self) -> int:
        return self.drafts

    def percent(self, state: EntryState | str) -> float:
        """The share of ``state``: an :class:`EntryState`, or ``translated``/``fuzzy``."""
        count = self[state] if isinstance(state, EntryState) else getattr(self, state)
        return 100.0 * count / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts by state, their total, gettext's translated/fuzzy, and percentages of each."""
        names = [state.value for state in EntryState] + list(GETTEXT_STATES)
        data: dict[str, Any] = {name: getattr(self, name) for name in names}
        data["total"] = self.total
        data["percent"] = {name: round(self.percent(name), 1) for name in names}
        return data

    def add(self, other: Progress) -> None:
        for state in EntryState:
            self.count(state, other[state])


def new_catalog(*, locale: str | None, header: dict[str, str]) -> Catalog:
    """Start an empty catalog (``locale=None`` for a template) with the given header fields."""
    return Catalog(locale=locale, header=dict(header))


# --- reading -------------------------------------------------------------------------------

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_FIX = "fix the file or restore it from git"


def catalog_digest(path: Path) -> str | None:
    """The SHA-256 of a catalog file, or None when it cannot be read (:func:`read_catalog` then says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_catalog_and_digest(path: Path, *, display: str | None = None) -> tuple[Catalog, str | None]:
    """:func:`read_catalog`, and the SHA-256 of the very content it parsed.

    The digest is None when the file changed while it was read: results kept
    under a digest (check records) must never be reused for other content.
    """
    before = catalog_digest(path)
    catalog = read_catalog(path, display=display)
    return catalog, before if before is not None and catalog_digest(path) == before else None


def read_catalog(path: Path, *, display: str | None = None) -> Catalog:
    """Read a PO or POT file.

    polib is fed the path, never the text: ``polib.pofile(text)`` splits lines
    with :meth:`str.splitlines` and so breaks entries that contain U+2028 or ``\\x1e``.

    :param path: the catalog file.
    :param display: how to name the file in error messages (default: ``path``).
    :raises CatalogError: the file is missing, not UTF-8 (or its header says another
        charset), malformed (what ``msgfmt --check`` rejects, and what polib would
        read differently from msgfmt: an entry without its msgstr line, a NUL), or has
        plural entries; the message names the file and the line.
    """
    shown = display or str(path)
    raw = read_user_file(path, display=shown, kind="catalog", missing="check the path or restore it from git",
                         error=CatalogError)
    _check_charset(raw, shown)
    text = decode_utf8(raw, display=shown, fix=_FIX, error=CatalogError)
    _check_strings(text, shown)
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError) as exc:
        message = str(exc)
        found = _POLIB_LINE.search(message)
        reason = "unescaped double quote" if "unescaped" in message else "syntax error"
        raise CatalogError(f"{shown}:{found.group(1) if found else 1}: {reason}; {_FIX}") from None
    lines = text.split("\n")
    entries = [_from_polib(entry, shown, lines) for entry in po]
    retired = [e for e in entries if e.obsolete]
    # Without a "#~|" line no obsolete entry has a previous msgid: no need for a pass over every line.
    previous = _obsolete_previous(text) if "#~|" in text else [(None, None)] * len(retired)
    if len(previous) == len(retired):
        for entry, (context, msgid) in zip(retired, previous, strict=True):
            entry.previous_msgctxt, entry.previous_msgid = context, msgid
    seen: set[tuple[bool, str | None, str]] = set()
    for entry, source in zip(entries, po, strict=True):
        if (entry.obsolete, *entry.key) in seen:
            raise CatalogError(f"{shown}:{source.linenum}: duplicate entry {entry.msgid[:40]!r}; {_FIX}")
        seen.add((entry.obsolete, *entry.key))
    language = po.metadata.get("Language") or None
    header_flags: Any = po.metadata_is_fuzzy  # the header entry's flags: a list, though types-polib says bool
    return Catalog(
        locale=language,
        header=dict(po.metadata),
        header_comments=po.header.split("\n") if po.header else [],
        header_is_fuzzy=FUZZY in (header_flags or []),
        entries=entries,
    )


def catalog_to_json(catalog: Catalog) -> list[Any]:
    """``catalog`` as JSON data, every field (each entry's line too): see :func:`catalog_from_json`."""
    return [
        catalog.locale, list(catalog.header.items()), catalog.header_comments, catalog.header_is_fuzzy,
        [[e.msgid, e.msgstr, e.msgctxt, e.flags, e.translator_comments, e.extracted_comments, e.references,
          e.previous_msgctxt, e.previous_msgid, e.obsolete, e.line] for e in catalog.entries],
    ]


def catalog_from_json(data: object) -> Catalog:
    """The catalog :func:`catalog_to_json` wrote as ``data``.

    :raises ValueError: for anything else.
    """
    if not isinstance(data, list) or len(data) != 5:
        raise ValueError("not a catalog: five fields expected")
    fields: list[Any] = data
    try:
        locale, header, header_comments, header_is_fuzzy, entries = fields
        catalog = Catalog(
            locale=_optional_text(locale),
            header={_text(name): _text(value) for name, value in header},
            header_comments=_texts(header_comments),
            header_is_fuzzy=header_is_fuzzy is True,
            entries=[
                Entry(msgid=_text(msgid), msgstr=_text(msgstr), msgctxt=_optional_text(msgctxt), flags=_texts(flags),
                      translator_comments=_texts(tc), extracted_comments=_texts(ec), references=_texts(refs),
                      previous_msgctxt=_optional_text(previous_msgctxt), previous_msgid=_optional_text(previous_msgid),
                      obsolete=obsolete is True, line=line if isinstance(line, int) else None)
                for (msgid, msgstr, msgctxt, flags, tc, ec, refs, previous_msgctxt, previous_msgid, obsolete, line)
                in entries
            ],
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a catalog: {exc}") from None
    return catalog


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a text expected")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _texts(values: object) -> list[str]:
    if not isinstance(values, list):
        raise ValueError("a list of texts expected")
    return [_text(value) for value in values]


_STRING_LINE = re.compile(r'\A(?:#~\s*)?(?:#\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*')
_STARTS_STRING = re.compile(r'(?:#~\s*)?(?:#\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)(?:\s|"|$)|(?:#~\s*)?"')


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(\[\d+\])?)(?=\s|\"|$)")
# Escapes polib reads; msgfmt also reads \a, octal and hex ones, which polib keeps as
# a backslash and a letter (so a rewrite would change them), and rejects any other.
_POLIB_ESCAPES = frozenset('ntrvbf"\\')
_C_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]*)|(.))")


def _check_strings(text: str, shown: str) -> None:
    """Refuse, line by line, what polib would read silently and differently from msgfmt.

    polib drops the last character of an unterminated string ("Hello -> "Hell), merges
    an entry whose msgstr line was deleted into the next one (or reads it as untranslated,
    so extract would rewrite it empty), loses a msgstr whose msgid line was deleted, and
    keeps a NUL that msgfmt cuts the string at. One pass, so a large catalog costs no more.
    """
    if "\0" in text:
        nul = text.index("\0")
        start = text.rfind("\n", 0, nul) + 1
        raise CatalogError(
            f"{shown}:{text.count(chr(10), 0, nul) + 1}: NUL character (U+0000) at column {nul - start + 1}; "
            "remove it (msgfmt cuts a string at a NUL, so the rest would never be published)"
        )
    lines = text.split("\n")
    if "\r" in text:
        for number, line in enumerate(lines, start=1):
            if "\r" in line[:-1]:
                raise CatalogError(
                    f"{shown}:{number}: carriage return (CR) inside a line; end lines with LF or CRLF, "
                    "and write \\r for a carriage return inside a string"
                )
    waiting: int | None = None  # the line of a msgid whose msgstr has not come yet
    waiting_obsolete = False
    comment_inside: int | None = None  # a comment line met between that msgid and its msgstr
    after_msgstr = False  # the last keyword was a msgstr (a plural's msgstr[1] may follow)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] == '"':  # a continuation line, most lines of a catalog with long strings
            if not _STRING_LINE.fullmatch(stripped):
                raise CatalogError(f"{shown}:{number}: malformed string (a quote missing or unescaped); {_FIX}")
            if "\\" in stripped:
                quote = line.index('"')
                _check_escapes(line[quote:], shown, number, column=quote + 1)
            continue
        if _STARTS_STRING.match(stripped):
            if not _STRING_LINE.fullmatch(stripped):
                raise CatalogError(f"{shown}:{number}: malformed string (a quote missing or unescaped); {_FIX}")
            if "\\" in stripped:
                quote = line.index('"')
                _check_escapes(line[quote:], shown, number, column=quote + 1)
        obsolete = stripped.startswith("#~")
        body = stripped[2:].lstrip() if obsolete else stripped
        keyword = _KEYWORD.match(body)
        if body.startswith(("#", "|")) or (obsolete and not body):
            if waiting is not None and comment_inside is None:
                comment_inside = number
            after_msgstr = False
        elif keyword is None:
            continue  # a continuation line, or one polib reports as a syntax error
        elif keyword.group(1) in ("msgctxt", "msgid"):
            if waiting is not None:
                _missing_msgstr(shown, waiting)
            if keyword.group(1) == "msgid":
                waiting, waiting_obsolete, comment_inside = number, obsolete, None
            after_msgstr = False
        elif keyword.group(1).startswith("msgstr"):
            if waiting is None:
                if not (after_msgstr and keyword.group(2)):
                    raise CatalogError(
                        f"{shown}:{number}: msgstr without a msgid (was the msgid line deleted?); "
                        "restore the file from git or write the msgid above it"
                    )
            elif comment_inside is not None:
                raise CatalogError(f"{shown}:{comment_inside}: a comment between msgid and msgstr; "
                                   "move it above the msgid")
            elif obsolete != waiting_obsolete:
                raise CatalogError(
                    f"{shown}:{number}: only some lines of this entry start with #~; "
                    "mark every line of an obsolete entry #~, or none"
                )
            waiting, after_msgstr = None, True
    if waiting is not None:
        _missing_msgstr(shown, waiting)


def _missing_msgstr(shown: str, line: int) -> NoReturn:
    raise CatalogError(
        f"{shown}:{line}: msgid without a msgstr line (msgfmt: missing 'msgstr' section); "
        'write msgstr "" below it, or restore the file from git'
    )


def _check_escapes(quoted: str, shown: str, number: int, *, column: int) -> None:
    """Refuse an escape in a string that polib would misread: ``quoted`` starts at the
    line's first quote, which is at ``column``."""
    for found in _C_ESCAPE.finditer(quoted):
        octal, hexa, other = found.groups()
        if other is not None and other in _POLIB_ESCAPES:
            continue
        where = f"{shown}:{number}: escape {found.group()} at column {column + found.start()}"
        value = int(octal, 8) if octal else int(hexa, 16) if hexa else None
        if value == 0:
            raise CatalogError(
                f"{where} is a NUL character; remove it (msgfmt cuts a string at a NUL, "
                "so the rest would never be published)"
            )
        if other == "a":
            raise CatalogError(f"{where} is a control character (U+0007 BEL); remove it")
        if value is not None:
            raise CatalogError(f"{where} (U+{value:04X}) is one stmtl10n cannot read; write the character itself")
        raise CatalogError(f"{where} is not a valid escape (msgfmt rejects it); write \\\\ for a backslash")


_CHARSET = re.compile(r'"Content-Type:[^"]*charset=([^\s"\\;]*)', re.IGNORECASE)
_UTF8_NAMES = ("utf-8", "utf8")


def _check_charset(raw: bytes, shown: str) -> None:
    """Refuse a header that declares another charset than UTF-8, the only one stmtl10n reads and writes.

    msgfmt would publish such a file's UTF-8 text as that charset (mojibake), and a
    file in that charset is not UTF-8. ``CHARSET``, the placeholder of a template
    written by xgettext, is fine for plain ASCII text.
    """
    declared = _declared_charset(raw)
    if declared is None:
        return
    charset, number = declared
    if charset.lower() in _UTF8_NAMES or (charset == "CHARSET" and raw.isascii()):
        return
    where = f"{shown}:{number}: the header says charset={charset}"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(
            f"{where}, but stmtl10n reads UTF-8 catalogs only; convert the file: "
            f"msgconv --to-code=UTF-8 {shown} -o {shown}"
        ) from None
    text_is = "plain ASCII" if raw.isascii() else "UTF-8 text"
    raise CatalogError(f"{where}, but the file is {text_is}; change the header to charset=UTF-8")


def _declared_charset(raw: bytes) -> tuple[str, int] | None:
    """The charset the header entry (the first one, ``msgid ""``) declares and its line, if any.

    Reads only up to the end of the header entry.
    """
    pos = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    number = 0
    in_header = False
    while pos < len(raw):
        end = raw.find(b"\n", pos)
        if end < 0:
            end = len(raw)
        line = raw[pos:end].strip()
        pos = end + 1
        number += 1
        if not in_header:
            if not line or line.startswith(b"#"):
                continue
            if line != b'msgid ""':
                return None  # no header entry first
            in_header = True
        elif not line or line.startswith((b"#", b"msgid", b"msgctxt")):
            return None  # the header entry ended without a charset
        else:
            found = _CHARSET.search(line.decode("latin-1"))  # any byte is a character: no error
            if found is not None:
                return found.group(1), number
    return None


_OBSOLETE_PREVIOUS = re.compile(r'#~\|\s*(msgctxt|msgid)?\s*"((?:[^"\\]|\\.)*)"')


def _obsolete_previous(text: str) -> list[tuple[str | None, str | None]]:
    """The ``#~|`` previous msgctxt/msgid of each obsolete entry, in file order (polib skips them)."""
    found: list[tuple[str | None, str | None]] = []
    current: dict[str, str] = {}
    keyword = ""
    for line in text.split("\n"):
        line = line.strip()
        match = _OBSOLETE_PREVIOUS.fullmatch(line)
        if match:
            keyword = match.group(1) or keyword
            current[keyword] = current.get(keyword, "") + polib.unescape(match.group(2))
        elif re.match(r"#~\s*msgid\s", line):
            found.append((current.get("msgctxt"), current.get("msgid")))
            current = {}
    return found


def _msgid_line(lines: list[str], start: int | None) -> int | None:
    """The line of the msgid of the entry polib says starts at ``start`` (its first comment line)."""
    if start is None:
        return None
    for number in range(max(start, 1) - 1, len(lines)):
        if lines[number].startswith(("msgid ", 'msgid"')):
            return number + 1
    return start


def _from_polib(entry: polib.POEntry, shown: str, lines: list[str]) -> Entry:
    if entry.msgid_plural:
        raise CatalogError(
            f"{shown}:{entry.linenum}: plural entry (msgid_plural); "
            f"statements have no plurals, {_FIX}"
        )
    flags = list(entry.flags)
    translator_comments = _take_flags(entry.tcomment.split("\n") if entry.tcomment else [], flags)
    extracted_comments = _take_flags(entry.comment.split("\n") if entry.comment else [], flags)
    return Entry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        flags=flags,
        translator_comments=translator_comments,
        extracted_comments=extracted_comments,
        references=[f"{name}:{line}" if line else name for name, line in entry.occurrences],
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        obsolete=bool(entry.obsolete),
        line=None if entry.obsolete else _msgid_line(lines, entry.linenum),
    )


def _take_flags(comments: list[str], flags: list[str]) -> list[str]:
    """Move the flags of ``flags: a, b`` comment lines into ``flags``; return the other lines."""
    kept = []
    for comment in comments:
        if comment.startswith(FLAGS_COMMENT):
            for flag in comment[len(FLAGS_COMMENT):].split(","):
                if flag.strip() and flag.strip() not in flags:
                    flags.append(flag.strip())
        else:
            kept.append(comment)
    return kept


# --- writing -------------------------------------------------------------------------------


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` to ``path`` atomically, exactly as GNU gettext would (see :func:`render_catalog`)."""
    atomic_write(path, render_catalog(catalog))


def render_catalog(catalog: Catalog) -> str:
    """Render a catalog as the text GNU gettext writes for it.

    ``msgcat`` prints the result back unchanged: strings are wrapped at 79
    columns by the Unicode line breaking rules of libunistring, references
    are wrapped as gettext does, and obsolete entries come last. Flags gettext
    does not know (``signatory``) go in ``flags:`` comments, where it keeps them.

    >>> print(render_catalog(Catalog(None, entries=[Entry("Hello", references=["a.md:1"])])), end="")
    #: a.md:1
    msgid "Hello"
    msgstr ""
    """
    return "\n".join(_render_lines(catalog, []))


def render_catalog_and_reading(catalog: Catalog) -> tuple[str, Catalog | None]:
    """:func:`render_catalog`'s text, and the catalog :func:`read_catalog` reads back from that text.

    A command that writes a catalog keeps this reading (:mod:`stmtl10n.readings`),
    so the next one does not parse the file it just wrote. The reading is
    what parsing gives, entry for entry and line for line: active entries
    first, flags in the order the file holds them, each entry's msgid line.
    It is given only for a catalog in the form writing and reading agree on;
    for anything else (a comment of several lines or with spaces around it, a
    reference with a space, a string with a control character, a flag twice,
    a duplicate entry, a header field that is no plain ``Key: value``, a
    charset other than UTF-8) it is None, and the next reader parses the file.
    ``tests/test_catalog_properties.py`` holds each of these to a parse.
    """
    starts: list[int] = []
    lines = _render_lines(catalog, starts)
    text = "\n".join(lines)
    entries = [e for e in catalog.entries if not e.obsolete] + [e for e in catalog.entries if e.obsolete]
    if not _header_reads_back(catalog, text):
        return text, None
    read: list[Entry] = []
    seen: set[tuple[bool, str | None, str]] = set()
    for entry, start in zip(entries, starts, strict=True):
        back = _entry_read_back(entry)
        if back is None or (entry.obsolete, *entry.key) in seen:
            return text, None
        seen.add((entry.obsolete, *entry.key))
        if not entry.obsolete:
            back.line = next(number for number in range(start, len(lines)) if lines[number].startswith('msgid "')) + 1
        read.append(back)
    header = dict(catalog.header)
    return text, Catalog(locale=header.get("Language") or None, header=header,
                         header_comments=list(catalog.header_comments), header_is_fuzzy=catalog.header_is_fuzzy,
                         entries=read)


# What a PO string, comment or header line may hold for its reading to be the written text's:
# no control character but tab and line feed (polib reads \a, \v … otherwise than it writes
# them), no line or paragraph separator and no byte order mark (line splitting).
_NOT_READ_BACK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _plain_line(text: str) -> bool:
    """A comment or header value read back as written: one line, no space around it, nothing unusual."""
    return bool(text) and text == text.strip() and "\n" not in text and not _NOT_READ_BACK.search(text)


def _header_reads_back(catalog: Catalog, text: str) -> bool:
    try:
        _check_charset(text.encode("utf-8"), "")  # as read_catalog checks the file
    except CatalogError:
        return False  # read_catalog refuses the file: its reader must say so
    return all(_plain_line(comment) and not comment.startswith(("#", ",", ".", ":", "|", "~"))
               for comment in catalog.header_comments) \
        and all(key and ":" not in key and key == key.strip() and "\n" not in key and not _NOT_READ_BACK.search(key)
                and (value == "" or _plain_line(value)) for key, value in catalog.header.items())


def _entry_read_back(entry: Entry) -> Entry | None:
    """The entry as reading its rendering gives it (its line aside), or None when that may differ."""
    # Written for speed: extract gives the reading of every entry it writes. Line feeds are
    # allowed, so the strings are searched as one.
    strings = "\n".join((entry.msgid, entry.msgstr, entry.msgctxt or "", entry.previous_msgctxt or "",
                         entry.previous_msgid or "", *entry.flags))
    if not entry.msgid or _NOT_READ_BACK.search(strings):
        return None
    for comments in (entry.translator_comments, entry.extracted_comments):
        if comments and not all(_plain_line(comment) and not comment.startswith(FLAGS_COMMENT) for comment in comments):
            return None
    flags = entry.flags
    if flags and (len(set(flags)) != len(flags)
                  or not all(flag and flag == flag.strip() and "," not in flag and "\n" not in flag for flag in flags)):
        return None
    # A reference with a space would be read back as two.
    if not all(reference.split() == [reference] for reference in entry.references):
        return None
    # The file's order: the "#," line (fuzzy first, and only on a translated entry), then the
    # "# flags:" and "#. flags:" comments.
    if flags:
        gettext_flags = [flag for flag in flags if is_gettext_flag(flag) and flag != FUZZY]
        if FUZZY in flags and entry.msgstr:
            gettext_flags.insert(0, FUZZY)
        translator_flags = [flag for flag in flags if not is_gettext_flag(flag) and flag not in EXTRACTED_FLAGS]
        extracted_flags = [flag for flag in flags if not is_gettext_flag(flag) and flag in EXTRACTED_FLAGS]
        flags = gettext_flags + translator_flags + extracted_flags
    return Entry(msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt, flags=list(flags),
                 translator_comments=list(entry.translator_comments), extracted_comments=list(entry.extracted_comments),
                 references=list(dict.fromkeys(entry.references)), previous_msgctxt=entry.previous_msgctxt,
                 previous_msgid=entry.previous_msgid, obsolete=entry.obsolete)


def _render_lines(catalog: Catalog, starts: list[int]) -> list[str]:
    """The lines of :func:`render_catalog`; ``starts`` gets the index of each entry's first line, in the order written."""
    out: list[str] = []
    if catalog.header or catalog.header_comments or catalog.header_is_fuzzy:
        _append_comments(out.append, "# ", "#", catalog.header_comments)  # a line each, as an entry's
        if catalog.header_is_fuzzy:
            out.append("#, fuzzy")
        out.append('msgid ""')
        _render_string(out, "", "msgstr", "".join(f"{k}: {v}\n" for k, v in catalog.header.items()))
    active = [e for e in catalog.entries if not e.obsolete]
    obsolete = [e for e in catalog.entries if e.obsolete]
    for entry in active + obsolete:
        if out:
            out.append("")
        starts.append(len(out))
        _render_entry(out, entry)
    out.append("")
    return out


def _render_entry(out: list[str], entry: Entry) -> None:
    # Written for speed: extract renders every entry of every catalog, so the
    # common entry (no flags, one reference, one-line strings) takes few steps.
    append = out.append
    flags = entry.flags
    gettext_flags: list[str] = []
    translator_flags: list[str] = []
    extracted_flags: list[str] = []
    for flag in flags:
        if is_gettext_flag(flag):
            # Like gettext, "fuzzy" is written only on an entry that has a msgstr.
            if flag != FUZZY:
                gettext_flags.append(flag)
        elif flag in EXTRACTED_FLAGS:
            extracted_flags.append(flag)
        else:
            translator_flags.append(flag)
    _append_comments(append, "# ", "#", entry.translator_comments)
    if translator_flags:
        append(f"# {FLAGS_COMMENT}{', '.join(translator_flags)}")
    _append_comments(append, "#. ", "#.", entry.extracted_comments)
    if extracted_flags:
        append(f"#. {FLAGS_COMMENT}{', '.join(extracted_flags)}")
    references = entry.references
    if len(references) == 1:
        append("#: " + references[0])
    elif references:
        _render_references(out, references)
    if FUZZY in flags and entry.msgstr:
        gettext_flags.insert(0, FUZZY)
    if gettext_flags:
        append("#, " + ", ".join(gettext_flags))
    wrap = "no-wrap" not in flags
    prefix = "#~ " if entry.obsolete else ""
    if entry.previous_msgctxt is not None or entry.previous_msgid is not None:
        previous = "#~| " if entry.obsolete else "#| "
        if entry.previous_msgctxt is not None:
            out.extend(_string_lines(previous, "msgctxt", entry.previous_msgctxt, wrap))
        if entry.previous_msgid is not None:
            out.extend(_string_lines(previous, "msgid", entry.previous_msgid, wrap))
    if entry.msgctxt is not None:
        out.extend(_string_lines(prefix, "msgctxt", entry.msgctxt, wrap))
    out.extend(_string_lines(prefix, "msgid", entry.msgid, wrap))
    msgstr = entry.msgstr
    if msgstr:
        out.extend(_string_lines(prefix, "msgstr", msgstr, wrap))
    else:
        append(f'{prefix}msgstr ""')


def _append_comments(append: Callable[[str], None], marker: str, bare: str, comments: list[str]) -> None:
    """Append one ``marker`` line per line of each comment (``bare`` for an empty one).

    A comment holding a line break would end the comment mid-text and leave
    the rest as a line gettext cannot read: each line gets its own marker.
    """
    for comment in comments:
        for line in comment.split("\n") if "\n" in comment else (comment,):
            append(marker + line if line else bare)


def _render_references(out: list[str], references: list[str]) -> None:
    # gettext keeps one copy of a repeated reference, and starts a new "#:" line
    # only when the next reference would pass column 79.
    line = "#:"
    for reference in dict.fromkeys(references):
        if len(line) > 2 and len(line) + 1 + len(reference) > _PAGE_WIDTH:
            out.append(line)
            line = "#:"
        line += " " + reference
    out.append(line)


_PAGE_WIDTH = 79
_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ESCAPES = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    "\\": "\\\\", '"': '\\"',
}


def _render_string(out: list[str], prefix: str, keyword: str, value: str, *, wrap: bool = True) -> None:
    """Append the lines of ``keyword "value"`` as write-po.c's ``wrap()`` lays them out."""
    out.extend(_string_lines(prefix, keyword, value, wrap))


# A msgid is laid out the same in the template and in every catalog: extract
# writes it once per language, so the layout is computed once and reused.
@lru_cache(maxsize=16384)
def _string_lines(prefix: str, keyword: str, value: str, wrap: bool) -> tuple[str, ...]:
    # Columns are counted after the opening quote of a continuation line, as in write-po.c.
    width = _PAGE_WIDTH - 1 - (len(prefix) + 1)
    if len(value) <= width - len(keyword) - 1 and value.isascii() and value.isprintable() \
            and '"' not in value and "\\" not in value:
        # Printable ASCII is one column a character and needs no escape: a short
        # one fits after `msgid "`, where no line breaking rule can break it.
        return (f'{prefix}{keyword} "{value}"',)
    out: list[str] = []
    first = True
    start = 0
    end_of_value = len(value)
    while True:
        newline = value.find("\n", start)
        stop = end_of_value if newline < 0 else newline + 1
        text, protected = _escape(value[start:stop])
        columns = display_columns(text)
        fits = columns[-1] <= width
        breaks = [] if fits or not wrap else line_breaks(text, protected, columns, width, 0)
        # A string that needs several lines starts with `msgid ""`, so does one with an inner \n.
        # Without breaks at column 0 it may still need one after `msgid "`: a string that
        # just fits, or a long unbreakable word before a U+2028 that restarts the count.
        if first and text and (
            stop < end_of_value
            or breaks
            or (wrap and line_breaks(text, protected, columns, width, len(keyword) + 1))
        ):
            out.append(f'{prefix}{keyword} ""')
            first = False
        lead = f'{prefix}{keyword} "' if first else f'{prefix}"'
        cut = 0
        for position in breaks:
            out.append(f'{lead}{text[cut:position]}"')
            lead = f'{prefix}"'
            cut = position
        out.append(f'{lead}{text[cut:]}"')
        first = False
        start = stop
        if start >= end_of_value:
            return tuple(out)


def _escape(text: str) -> tuple[str, list[int]]:
    """Escape a portion for a PO string; also return the positions no line may start at."""
    if not _ESCAPE.search(text):
        return text, []
    parts: list[str] = []
    protected: list[int] = []
    length = 0
    last = 0
    for found in _ESCAPE.finditer(text):
        parts.append(text[last:found.start()])
        length += found.start() - last
        # write-po.c never splits an escape sequence (a break before it is fine) ...
        protected.append(length + 1)
        parts.append(_ESCAPES[found.group()])
        length += 2
        last = found.end()
    parts.append(text[last:])
    if text.endswith("\n"):
        # ... and never puts the closing \n of a portion on a line of its own.
        protected.append(length - 2)
    return "".join(parts), protected


# --- merging -------------------------------------------------------------------------------

_FUZZY_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD
_CONTEXT_BONUS = 0.00001  # msgmerge's edge for a candidate with no msgctxt or the same one


def merge_catalog(old: Catalog, template: Iterable[Entry]) -> Catalog:
    """Update a translated catalog to a new template, as ``msgmerge --previous`` does.

    Each template entry, in template order, takes the translation of the old entry
    with the same ``(msgctxt, msgid)`` (an obsolete one is revived), keeping its
    msgstr, fuzzy flag, translator comments and previous msgid; extracted comments,
    references and the other flags come from the template. An entry with no exact
    match takes the msgstr of the most similar translated old entry, marked fuzzy
    with that entry's msgid as previous msgid; like msgmerge, one old entry may serve
    several new ones (a paragraph split in two) and may also have an exact match,
    except that a new signatory line never takes the line of a signatory still listed.
    Old entries with a msgstr that nothing used become (or stay) obsolete at the end;
    untranslated ones are dropped.

    Similarity is :func:`stmtl10n.similarity.msgmerge_similarity`, gnulib's fstrcmp
    over the whole msgid, and the candidate is chosen as msgmerge chooses it (see
    :func:`_most_similar`), so a one-word edit in a long paragraph still matches
    (babel's ``get_close_matches`` misses it, babel issue 969) and the result is
    the one ``msgmerge --previous`` gives.

    :param old: the existing catalog; its header is kept as is.
    :param template: the entries extracted from the statements (a POT's entries).
    :returns: a new catalog; ``old`` is not changed.
    """
    template = [e for e in template if not e.obsolete]
    by_key: dict[tuple[str | None, str], Entry] = {}
    for entry in old.entries:
        # An active entry wins over an obsolete entry with the same key.
        if entry.key not in by_key or by_key[entry.key].obsolete:
            by_key[entry.key] = entry
    used: set[int] = set()
    merged: list[Entry] = []
    unmatched: list[tuple[int, Entry]] = []
    for entry in template:
        new = Entry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            flags=[flag for flag in entry.flags if flag != FUZZY],
            extracted_comments=list(entry.extracted_comments),
            references=list(entry.references),
        )
        match = by_key.get(entry.key)
        if match is not None and id(match) not in used:
            used.add(id(match))
            new.msgstr = match.msgstr
            new.translator_comments = list(match.translator_comments)
            new.flags += _translator_flags(match, new)
            if match.is_fuzzy:
                new.flags.insert(0, FUZZY)
                new.previous_msgctxt = match.previous_msgctxt
                new.previous_msgid = match.previous_msgid
        else:
            unmatched.append((len(merged), new))
        merged.append(new)
    # msgmerge offers every translated old entry to every new msgid, used or not, in
    # the order of the file (obsolete entries last): that order breaks ties.
    candidates = [e for e in old.entries if e.msgstr and not e.obsolete]
    candidates += [e for e in old.entries if e.msgstr and e.obsolete]
    # Our one departure: a signatory still on the list keeps their line to themselves.
    # Another person's name is no draft for a new signatory (msgmerge, which knows
    # no signatories, offers it); a corrected name still gets its old line.
    template_keys = {e.key for e in merged}
    departed = [e for e in candidates if e.key not in template_keys]
    for _, new in unmatched:
        source = _most_similar(new.msgctxt, new.msgid, departed if SIGNATORY_FLAG in new.flags else candidates)
        if source is None:
            continue
        used.add(id(source))
        new.msgstr = source.msgstr
        new.translator_comments = list(source.translator_comments)
        if not source.is_fuzzy and (source.provenance or "").startswith(MACHINE_PROVENANCES) \
                and not source.is_copied_signatory:
            # A reviewed msgstr is a person's work even when an engine drafted it
            # first: it must not read as a machine draft that may be replaced.
            new.set_provenance(None)
        new.flags += _translator_flags(source, new)
        new.flags.insert(0, FUZZY)
        new.previous_msgctxt = source.msgctxt
        new.previous_msgid = source.msgid
    active_keys = {e.key for e in merged}
    for entry in old.entries:
        if id(entry) in used or not entry.msgstr:
            continue  # untranslated entries leave no trace, as in msgmerge
        if entry.key in active_keys:
            continue  # an obsolete twin of an entry that is active again
        retired = entry.copy()
        retired.obsolete = True
        retired.references = []  # msgmerge drops them: an obsolete entry occurs nowhere
        merged.append(retired)
    return Catalog(
        locale=old.locale,
        header=dict(old.header),
        header_comments=list(old.header_comments),
        header_is_fuzzy=old.header_is_fuzzy,
        entries=merged,
    )


def _translator_flags(old: Entry, new: Entry) -> list[str]:
    # A translator's own flags (no-check-numbers) belong to the translation, like
    # translator comments; flags the template derives (signatory) come from it.
    return [
        flag for flag in old.flags
        if flag != FUZZY and flag not in EXTRACTED_FLAGS and not is_gettext_flag(flag) and flag not in new.flags
    ]


def _most_similar(msgctxt: str | None, msgid: str, candidates: list[Entry]) -> Entry | None:
    """The candidate ``msgmerge --previous`` takes for a new ``(msgctxt, msgid)``, or None.

    As gettext's message.c and msgl-fsearch.c do it: the weight is
    :func:`~stmtl10n.similarity.msgmerge_similarity` plus 0.00001 for a candidate
    without msgctxt or with this one, and the best weight above 0.6 wins. msgmerge
    looks only at candidates that share a 4-gram of characters with ``msgid``
    (a new "Hallo" gets nothing from an old "Hello"), visited by how many they share,
    then in file order; a msgid under 4 characters is compared with the short old
    msgids, shortest first. The first of equal weights in that order wins.
    """
    if not candidates:
        return None  # a new catalog: nothing to compare, and the 4-grams of every msgid cost
    grams = _four_grams(msgid)
    best: Entry | None = None
    best_weight = _FUZZY_THRESHOLD
    best_order = 0
    for candidate in candidates:
        bonus = _CONTEXT_BONUS if candidate.msgctxt is None or candidate.msgctxt == msgctxt else 0.0
        # Prune what cannot reach the best weight so far; equal weights go on to the tie-break.
        score = msgmerge_similarity(msgid, candidate.msgid, score_cutoff=best_weight - bonus - 1e-9)
        weight = score + bonus
        if weight < best_weight or (weight == best_weight and best is None):
            continue  # only a weight above 0.6 counts; an equal one may still win the tie-break
        if grams:
            shared = set(_four_grams(candidate.msgid))
            # More shared 4-grams come first in msgmerge's visit (negated: lower is earlier).
            order = -sum(gram in shared for gram in grams)
            if not order:
                continue  # not in msgmerge's 4-gram index for this msgid: never looked at
        else:
            order = len(candidate.msgid.encode("utf-8"))
        if weight > best_weight or order < best_order:
            best, best_weight, best_order = candidate, weight, order
    return best


def _four_grams(text: str) -> list[str]:
    # msgmerge's index keys: every run of 4 characters, repeats kept (each counts).
    return [text[i:i + 4] for i in range(len(text) - 3)]
