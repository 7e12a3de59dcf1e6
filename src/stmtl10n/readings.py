"""Files read once: what reading a statement or a catalog found, kept under ``.stmtl10n-cache/readings/``.

Reading is most of what ``build`` costs once the checks are done: segmenting a
Markdown statement (markdown-it's block pass, its signatory lists, its line
breaks) is a third of it, parsing the catalogs with polib (some 1–2 MB/s)
another. A statement seldom changes between an ``extract`` and the builds
after it, and a catalog ``check`` has just read is the very file ``build``
reads next. So each reading is kept, and the next command loads it instead of
parsing the file again:

* a statement's reading (``readings/statements/<slug>.json``), kept by extract
  and by a build that found none, is used only for the very text it was made
  from, with the same front matter keys;
* a catalog's (``readings/<catalog path>.json``), kept by whichever command
  parsed it, or wrote it (:func:`write_catalog_kept`: extract and pretranslate
  keep what they write, so the status or check after them parses nothing),
  only for a file with the very SHA-256 it was made from.

Both only by the same stmtl10n code and the same install of the parsing
library: the key holds them all, so a kept reading is what parsing the file
again would give. A reading that cannot be read or does not fit is ignored and
the file parsed afresh; one is written through a temporary file and a rename,
so a kill leaves the old one or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from stmtl10n._io import atomic_write
from stmtl10n._stamps import code_stamp, library_stamp
from stmtl10n.catalog import (
    Catalog,
    catalog_digest,
    catalog_from_json,
    catalog_to_json,
    read_catalog,
    read_catalog_and_digest,
)
from stmtl10n.errors import Stmtl10nError
from stmtl10n.formats.base import DocumentFormat, KeepsReadings
from stmtl10n.model import Segment, Statement
from stmtl10n.project import Project

READINGS_DIR = "readings"
_FORMAT = 1  # bump when a record's layout changes


def read_segments(project: Project, statement: Statement, fmt: DocumentFormat, text: str, *,
                  keep: bool = True) -> list[Segment]:
    """``fmt.extract(text)``, from the reading kept for ``text`` when there is one.

    The next ``fmt.blocks`` or ``fmt.render`` of ``text`` in this process then parses nothing either.

    :param keep: keep a fresh reading for the next run (False for a dry run, which writes nothing).
    """
    kept = _reuse_kept_reading(project, statement, fmt, text)
    segments = fmt.extract(text, path=statement.path)
    if keep and not kept and isinstance(fmt, KeepsReadings):
        _keep(_statement_record(project, statement), _statement_key(fmt, text), fmt.reading(text))
    return segments


def read_catalog_kept(project: Project, path: Path, *, display: str | None = None,
                      keep: bool = True) -> tuple[Catalog, str | None]:
    """:func:`~stmtl10n.catalog.read_catalog_and_digest`, from the reading kept for the file's very bytes if there is one.

    :param display: the catalog's path relative to the project, as messages name it (default: worked out).
    :param keep: keep a fresh reading for the next run (False for a run that writes nothing).
    :raises CatalogError: as :func:`~stmtl10n.catalog.read_catalog` does.
    """
    shown = display or project.relative(path)
    before = catalog_digest(path)
    if before is None:
        return read_catalog_and_digest(path, display=shown)  # no file, or none that can be read: it says so
    kept = kept_catalog(project, shown, before)
    if kept is not None:
        return kept, before
    catalog = read_catalog(path, display=shown)
    # As read_catalog_and_digest: no digest for a file that changed while it was parsed.
    digest = before if catalog_digest(path) == before else None
    if keep and digest is not None:
        _keep(_catalog_record(project, shown), _catalog_key(digest), catalog_to_json(catalog))
    return catalog, digest


def write_catalog_kept(project: Project, path: Path, text: str, reading: Catalog | None, *,
                       display: str | None = None) -> str:
    """Write a catalog's ``text`` to ``path`` atomically and keep its ``reading`` for the next command.

    ``text`` and ``reading`` are :func:`~stmtl10n.catalog.render_catalog_and_reading`'s
    (no reading: nothing kept). The reading is kept under the digest of the
    bytes written: should anyone replace the file in the meantime, its digest
    no longer matches, and the next reader parses the file.

    :param display: the catalog's path relative to the project (default: worked out).
    :returns: the SHA-256 of what was written.
    :raises OutputError: for a file that cannot be written.
    """
    data = text.encode("utf-8")
    atomic_write(path, data)
    digest = hashlib.sha256(data).hexdigest()
    if reading is not None:
        _keep(_catalog_record(project, display or project.relative(path)), _catalog_key(digest),
              catalog_to_json(reading))
    return digest


def kept_catalog(project: Project, shown: str, digest: str) -> Catalog | None:
    """The catalog kept for the file at ``shown`` (relative to the project) with content ``digest``; None if none is.

    For a caller that has digested the file's bytes already (the review server); others call
    :func:`read_catalog_kept`.
    """
    data = _kept(_catalog_record(project, shown), _catalog_key(digest))
    if data is None:
        return None
    try:
        return catalog_from_json(data)
    except ValueError:
        return None


def _reuse_kept_reading(project: Project, statement: Statement, fmt: DocumentFormat, text: str) -> bool:
    """Give ``fmt`` the reading kept for ``text``, if there is one; whether there was."""
    if not isinstance(fmt, KeepsReadings):
        return False
    data = _kept(_statement_record(project, statement), _statement_key(fmt, text))
    if data is None:
        return False
    try:
        fmt.reuse_reading(text, data)
    except ValueError:
        return False
    return True


def _kept(record: Path, key: str) -> object | None:
    """What the record at ``record`` keeps under ``key``; None when there is none, or it was kept under another key."""
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    return kept.get("reading")


def _keep(record: Path, key: str, reading: object) -> None:
    # Best effort: a cache that cannot be written costs the next run a parse, nothing else.
    with contextlib.suppress(Stmtl10nError, OSError):
        atomic_write(record, json.dumps({"key": key, "reading": reading}, ensure_ascii=False))


def _statement_record(project: Project, statement: Statement) -> Path:
    return project.cache_dir / READINGS_DIR / "statements" / f"{statement.slug}.json"


def _statement_key(fmt: KeepsReadings, text: str) -> str:
    return _key(library_stamp("markdown_it"), type(fmt).__name__, list(fmt.reading_settings),
                hashlib.sha256(text.encode("utf-8")).hexdigest())


def _catalog_record(project: Project, shown: str) -> Path:
    return project.cache_dir / READINGS_DIR / f"{shown}.json"


def _catalog_key(digest: str) -> str:
    return _key(library_stamp("polib"), "catalog", digest)


def _key(*material: object) -> str:
    return hashlib.sha256(json.dumps([_FORMAT, code_stamp(), *material]).encode("utf-8")).hexdigest()
