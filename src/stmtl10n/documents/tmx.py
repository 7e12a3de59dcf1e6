"""TMX 1.4b: write catalogs out as translation memory exchange files and read TMX files from other tools."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import tempfile
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from stmtl10n import __version__
from stmtl10n._io import atomic_write
from stmtl10n.errors import FormatError, LocaleError, OutputError
from stmtl10n.locales import normalize_locale
from stmtl10n.project import Project, list_statements
from stmtl10n.readings import read_catalog_kept

#: The ``<prop type=…>`` that carries a variant's state (only written for drafts).
STATE_PROP = "x-stmtl10n-state"
FUZZY_STATE = "fuzzy"
#: Where imported TMX files are kept, relative to the project root; the translation memory indexes them.
MEMORY_DIR = "memory"
#: Placeholder type for characters XML 1.0 cannot carry at all, not even as ``&#…;``.
CONTROL_PH_TYPE = "x-stmtl10n-control"

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
_FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One ``<tu>``: the same segment in several languages.

    :param source_lang: the locale the unit was translated from (normalized, ``pt_BR``).
    :param variants: normalized locale code → text, source language included.
    :param states: locale code → state for variants that are not reviewed
        translations (``fuzzy`` for drafts); absent means reviewed.
    """

    source_lang: str
    variants: dict[str, str]
    states: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str | None:
        """The text in the source language, if the unit has it."""
        return self.variants.get(self.source_lang)

    def is_fuzzy(self, lang: str) -> bool:
        return self.states.get(lang) == FUZZY_STATE


# --------------------------------------------------------------------------- writing


def render_tmx(
    units: Iterable[TmxUnit],
    *,
    source_lang: str,
    admin_lang: str = "en",
    created: datetime | None = None,
) -> Iterator[str]:
    """The TMX 1.4b document for ``units``, piece by piece (join to get the file).

    The source variant comes first in each unit, then the others in the
    order of ``variants``.  Drafts carry ``<prop type="x-stmtl10n-state">fuzzy</prop>``.
    Characters XML 1.0 forbids are written as ``<ph type="x-stmtl10n-control">U+001E</ph>``
    and :func:`read_tmx` turns them back into the character.
    """
    stamp = (created or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<tmx version="1.4">\n'
    yield (
        f'  <header creationtool="stmtl10n" creationtoolversion="{_attr(__version__)}" '
        f'datatype="plaintext" segtype="paragraph" o-tmf="PO" '
        f'adminlang="{_attr(_tmx_lang(admin_lang))}" srclang="{_attr(_tmx_lang(source_lang))}" '
        f'creationdate="{stamp}"/>\n'
    )
    yield "  <body>\n"
    for unit in units:
        yield "    <tu>\n"
        ordered = sorted(unit.variants, key=lambda lang: lang != unit.source_lang)
        for lang in ordered:
            yield f'      <tuv xml:lang="{_attr(_tmx_lang(lang))}">'
            state = unit.states.get(lang)
            if state:
                yield f'<prop type="{STATE_PROP}">{_text(state)}</prop>'
            yield f"<seg>{_segment_text(unit.variants[lang])}</seg></tuv>\n"
        yield "    </tu>\n"
    yield "  </body>\n"
    yield "</tmx>\n"


def _tmx_lang(code: str) -> str:
    # TMX uses RFC 3066 tags (pt-BR); babel paths use pt_BR.
    return code.replace("_", "-")


def _text(value: str) -> str:
    # CR must be a character reference: XML parsers turn a literal CR (LF) into LF.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _segment_text(value: str) -> str:
    out = []
    pos = 0
    for match in _FORBIDDEN_IN_XML.finditer(value):
        out.append(_text(value[pos:match.start()]))
        out.append(f'<ph type="{CONTROL_PH_TYPE}">U+{ord(match.group()):04X}</ph>')
        pos = match.end()
    out.append(_text(value[pos:]))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class TmxExport:
    """What ``export-tmx`` wrote."""

    path: str
    units: int
    variants: dict[str, int]  # language → translations written (source language excluded)
    left_out: int = 0  # translations not written because the checks found errors in them


def collect_units(
    project: Project,
    *,
    languages: tuple[str, ...] = (),
    names: tuple[str, ...] = (),
    include_fuzzy: bool = False,
) -> list[TmxUnit]:
    """Translation units from the project's catalogs: one per distinct source text.

    Reviewed translations only, unless ``include_fuzzy`` adds drafts (with the
    ``fuzzy`` state).  A source text translated two different ways in two
    statements gives two units, so no translation is lost.  A translation with
    a problem of severity ``error`` (what ``stmtl10n check`` finds, consistency
    aside) is left out: a memory must not hand a broken link or a wrong number on.
    """
    return list(iter_units(project, languages=languages, names=names, include_fuzzy=include_fuzzy))


def iter_units(
    project: Project,
    *,
    languages: tuple[str, ...] = (),
    names: tuple[str, ...] = (),
    include_fuzzy: bool = False,
    left_out: list[int] | None = None,
) -> Iterator[TmxUnit]:
    """The units of :func:`collect_units`, one at a time, in the same order, without holding them all.

    The translations are read catalog by catalog into a temporary SQLite file
    (memory stays flat however many statements there are), then come out grouped
    by source text, in the order each source text first appears.

    :param left_out: gets how many translations were left out for their problems
        added to its first item, once every catalog has been read.
    """
    import sqlite3  # lazy: only exporting spools translations; the memory only reads TMX

    # lazy: exporting is the one path here that checks translations; reading TMX for the memory needs no checks
    from stmtl10n.checks import entry_checks, publishing_errors

    checks = entry_checks(project.settings.disabled_checks)
    source_lang = project.settings.source_lang
    langs = project.require_languages(languages)
    statements = list_statements(project, names)
    with tempfile.TemporaryDirectory(prefix="stmtl10n-tmx-") as folder:
        spool = sqlite3.connect(Path(folder) / "translations.db")
        try:
            # A scratch file: nothing to recover after a crash, so no journal and no syncs.
            spool.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                                "CREATE TABLE t (seq INTEGER PRIMARY KEY, source BLOB, msgid TEXT, lang TEXT,"
                                " msgstr TEXT, draft INTEGER);")
            blocked_count = 0
            for statement in statements:
                for lang in langs:
                    po_path = project.catalog_path(statement.slug, lang)
                    if not po_path.exists():
                        continue
                    catalog, digest = read_catalog_kept(project, po_path, display=project.relative(po_path))
                    blocked = publishing_errors(project, statement, lang, catalog, include_fuzzy=include_fuzzy,
                                                checks=checks, digest=digest)
                    blocked_count += len(blocked)
                    spool.executemany("INSERT INTO t (source, msgid, lang, msgstr, draft) VALUES (?, ?, ?, ?, ?)", [
                        (hashlib.sha256(entry.msgid.encode("utf-8", "surrogatepass")).digest(), entry.msgid, lang,
                         entry.msgstr, entry.state.is_draft)
                        for entry in catalog.active()
                        if entry.state.is_published(include_fuzzy=include_fuzzy) and entry.key not in blocked
                    ])
                    spool.commit()
            if left_out is not None:
                left_out[0] += blocked_count
            spool.execute("CREATE INDEX t_source ON t (source, seq)")
            rows = spool.execute(
                "SELECT t.source, t.msgid, t.lang, t.msgstr, t.draft FROM t"
                " JOIN (SELECT source, MIN(seq) AS first FROM t GROUP BY source) AS f USING (source)"
                " ORDER BY f.first, t.seq")
            for _, group in itertools.groupby(rows, key=lambda row: row[0]):
                yield from _source_units(source_lang, group)
        finally:
            spool.close()


def _source_units(source_lang: str, rows: Iterable[tuple[bytes, str, str, str, int]]) -> list[TmxUnit]:
    """The units of one source text, from its translations in the order they were read.

    A language goes to the first unit that has no variant for it yet; the same
    translation twice is one variant, reviewed if it is reviewed anywhere.
    """
    units: list[TmxUnit] = []
    for _, msgid, lang, msgstr, draft in rows:
        for unit in units:
            if unit.variants.get(lang) == msgstr:
                if not draft:
                    unit.states.pop(lang, None)  # reviewed somewhere: the same text is reviewed
                break
            if lang not in unit.variants:
                unit.variants[lang] = msgstr
                if draft:
                    unit.states[lang] = FUZZY_STATE
                break
        else:
            unit = TmxUnit(source_lang, {source_lang: msgid, lang: msgstr})
            if draft:
                unit.states[lang] = FUZZY_STATE
            units.append(unit)
    return units


def export_tmx(
    project: Project,
    output: Path,
    *,
    languages: tuple[str, ...] = (),
    names: tuple[str, ...] = (),
    include_fuzzy: bool = False,
    created: datetime | None = None,
) -> TmxExport:
    """Write the project's translations (see :func:`collect_units`) to ``output`` as TMX 1.4b, atomically.

    Each unit is written as it comes (:func:`iter_units`): memory does not grow
    with the project. Translations with errors are left out, and counted in ``left_out``.

    :raises ConfigError: for a language that is not one of the project's.
    :raises OutputError: when ``output`` cannot be written.
    """
    counts = dict.fromkeys(project.require_languages(languages), 0)
    left_out = [0]
    written = 0

    def counted(units: Iterable[TmxUnit]) -> Iterator[TmxUnit]:
        nonlocal written
        for unit in units:
            written += 1
            for lang in unit.variants:
                if lang in counts:
                    counts[lang] += 1
            yield unit

    units = iter_units(project, languages=languages, names=names, include_fuzzy=include_fuzzy, left_out=left_out)
    _write_pieces(output, render_tmx(counted(units), source_lang=project.settings.source_lang, created=created))
    return TmxExport(project.relative(output), written, counts, left_out[0])


def _write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """Write ``pieces`` to ``path`` as UTF-8 as they come, through a temporary file and a rename
    (what :func:`stmtl10n._io.atomic_write` does for a text held whole)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{path}: cannot write it (a file is in the way of its folder); move or rename that file"
                          ) from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it ({exc.strerror}); check the folder and its permissions") from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            for piece in pieces:
                out.write(piece)
        os.chmod(tmp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write it ({exc.strerror}); check free space and permissions") from None
        raise


@dataclass(frozen=True, slots=True)
class TmxImport:
    """What ``import-tmx`` stored."""

    path: str  # the copy under memory/
    units: int
    languages: tuple[str, ...]
    replaced: bool  # a memory file of that name was there before


def import_tmx(project: Project, path: Path) -> TmxImport:
    """Check a TMX file and keep a copy as ``memory/<name>.tmx``, where the translation memory finds it.

    :raises FormatError: the file is not well-formed TMX (with its line), has no
        unit in two languages, or none in the project's source language.
    """
    shown = project.relative(path)
    units = 0
    with_source = 0
    languages: dict[str, None] = {}
    source_lang = project.settings.source_lang
    source_base = source_lang.split("_")[0]
    for unit in read_tmx(path, display=shown):
        units += 1
        # OmegaT and others write regional codes (EN-US): en_US text is English text.
        with_source += any(lang.split("_")[0] == source_base for lang in unit.variants)
        languages.update(dict.fromkeys(unit.variants))
    if not units:
        raise FormatError(f"{shown}: no translation unit with text in two languages; nothing to add")
    if not with_source:
        raise FormatError(
            f"{shown}: no unit has text in {source_lang}, the project's source language "
            f"(languages in the file: {', '.join(languages)}); export the memory with {source_lang} in it"
        )
    name = re.sub(r"[^\w.-]+", "-", path.stem).strip(".-") or "memory"
    target = project.root / MEMORY_DIR / f"{name}.tmx"
    replaced = target.exists()
    if not (replaced and target.resolve() == path.resolve()):
        atomic_write(target, path.read_bytes())
    return TmxImport(project.relative(target), units, tuple(languages), replaced)


# --------------------------------------------------------------------------- reading


def read_tmx(path: Path, *, display: str | None = None) -> Iterator[TmxUnit]:
    """The translation units of a TMX file (1.1 to 1.4b), streamed.

    Variant languages are normalized (``en-US`` → ``en_US``).  The text of a
    ``<seg>`` is its character data with inline codes (``<ph>``, ``<bpt>``,
    ``<ept>``, ``<it>``) kept as their native text, which is what they stand
    for in plain-text TMX.  Units with fewer than two languages are skipped.

    :raises FormatError: for a file that is not well-formed XML or not TMX,
        naming the file and line.
    """
    shown = display or str(path)
    reader = _TmxReader(shown)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise FormatError(f"{shown}: no such file") from None
    except OSError as exc:
        raise FormatError(f"{shown}: cannot read it ({exc.strerror})") from None
    with handle:
        while True:
            chunk = handle.read(_CHUNK)
            reader.feed(chunk, final=not chunk)
            yield from reader.take()
            if not chunk:
                break
    reader.finish()


class _TmxReader:
    """An expat push parser that collects finished units; expat gives the line numbers errors need."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._data
        # A TMX file from elsewhere must not make us read local files or the network.
        self.parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.ready: list[TmxUnit] = []
        self.stack: list[str] = []
        self.header_srclang: str | None = None
        self.saw_root = False
        self.saw_body = False
        # State of the unit being read.
        self.tu_srclang: str | None = None
        self.variants: dict[str, str] = {}
        self.states: dict[str, str] = {}
        self.variant_order: list[str] = []
        self.tuv_lang: str | None = None
        self.seg_parts: list[str] | None = None
        self.prop_type: str | None = None
        self.prop_parts: list[str] = []
        self.ph_type: str | None = None
        self.ph_parts: list[str] = []

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def fail(self, message: str) -> FormatError:
        return FormatError(f"{self.shown}:{self.line}: {message}")

    def feed(self, chunk: bytes, *, final: bool) -> None:
        try:
            self.parser.Parse(chunk, final)
        except xml.parsers.expat.ExpatError as exc:
            raise FormatError(
                f"{self.shown}:{exc.lineno}: not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}, "
                f"column {exc.offset + 1}); fix the file or export it again"
            ) from None

    def take(self) -> list[TmxUnit]:
        ready, self.ready = self.ready, []
        return ready

    def finish(self) -> None:
        if not self.saw_root:
            raise FormatError(f"{self.shown}: not a TMX file (no <tmx> root element)")
        if not self.saw_body:
            raise FormatError(f"{self.shown}: TMX file without a <body>; export it again")

    def _lang(self, code: str, what: str) -> str:
        try:
            return normalize_locale(code, where=what)
        except LocaleError:
            # Private or unusual tags (x-klingon, es-419 in old babel) are kept as written, only normalized in form.
            return code.strip().replace("-", "_")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        if parent is None:
            if name != "tmx":
                raise self.fail(f"not a TMX file (root element <{name}>, expected <tmx>)")
            self.saw_root = True
        elif name == "header" and parent == "tmx":
            srclang = attrs.get("srclang")
            if srclang and srclang.lower() != "*all*":
                self.header_srclang = self._lang(srclang, "srclang")
        elif name == "body" and parent == "tmx":
            self.saw_body = True
        elif name == "tu" and parent == "body":
            srclang = attrs.get("srclang")
            self.tu_srclang = self._lang(srclang, "srclang") if srclang and srclang.lower() != "*all*" else None
            self.variants, self.states, self.variant_order = {}, {}, []
        elif name == "tuv" and parent == "tu":
            code = attrs.get("xml:lang") or attrs.get("lang")  # TMX 1.1 used "lang"
            if not code:
                raise self.fail("<tuv> without xml:lang; every variant needs its language")
            self.tuv_lang = self._lang(code, "xml:lang")
        elif name == "prop" and parent == "tuv":
            self.prop_type = attrs.get("type")
            self.prop_parts = []
        elif name == "seg" and parent == "tuv":
            self.seg_parts = []
        elif self.seg_parts is not None and name == "ph" and attrs.get("type") == CONTROL_PH_TYPE:
            self.ph_type = CONTROL_PH_TYPE
            self.ph_parts = []

    def _end(self, name: str) -> None:
        self.stack.pop()
        if name == "ph" and self.ph_type is not None:
            self.ph_type = None
            written = "".join(self.ph_parts)
            if self.seg_parts is not None:
                self.seg_parts.append(_control_char(written) or written)
        elif name == "seg" and self.seg_parts is not None:
            if self.tuv_lang is not None:
                if self.tuv_lang not in self.variants:
                    self.variant_order.append(self.tuv_lang)
                self.variants[self.tuv_lang] = "".join(self.seg_parts)
            self.seg_parts = None
        elif name == "prop" and self.prop_type is not None:
            if self.prop_type == STATE_PROP and self.tuv_lang is not None:
                self.states[self.tuv_lang] = "".join(self.prop_parts).strip()
            self.prop_type = None
        elif name == "tuv":
            self.tuv_lang = None
        elif name == "tu" and self.stack and self.stack[-1] == "body":
            self._close_unit()

    def _data(self, data: str) -> None:
        if self.ph_type is not None:
            self.ph_parts.append(data)
        elif self.seg_parts is not None:
            self.seg_parts.append(data)
        elif self.prop_type is not None:
            self.prop_parts.append(data)

    def _close_unit(self) -> None:
        if len(self.variants) < 2:
            return  # nothing to translate from or to
        source = self.tu_srclang or self.header_srclang
        if source not in self.variants:
            source = self.variant_order[0]
        states = {lang: state for lang, state in self.states.items() if lang in self.variants and state}
        self.ready.append(TmxUnit(source, dict(self.variants), states))


def _control_char(written: str) -> str | None:
    match = re.fullmatch(r"U\+([0-9A-Fa-f]{4,6})", written.strip())
    return chr(int(match.group(1), 16)) if match else None
