"""Statements read once: what reading a statement found, kept under ``.stmtl10n-cache/readings/``.

Segmenting a Markdown statement (markdown-it's block pass, its signatory
lists, its line breaks) is a third of what ``build`` costs, and the statement
seldom changes between an ``extract`` and the builds after it, while the
catalogs do. So ``extract`` keeps its reading of each statement, and ``build``
loads it instead of reading the statement again (and keeps its own when none
was kept).

A kept reading is used only for the very text it was made from, by the same
code and the same markdown-it install, with the same front matter keys: its
key holds them all. A reading that cannot be read, or does not match its
text, is ignored and the statement read afresh; one is written through a
temporary file and a rename, so a kill leaves the old one or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from stmtl10n._io import atomic_write
from stmtl10n._stamps import code_stamp, library_stamp
from stmtl10n.errors import Stmtl10nError
from stmtl10n.formats.base import DocumentFormat, KeepsReadings
from stmtl10n.model import Segment, Statement
from stmtl10n.project import Project

READINGS_DIR = "readings"
_FORMAT = 1  # bump when a record's layout changes


def read_segments(project: Project, statement: Statement, fmt: DocumentFormat, text: str, *,
                  keep: bool = True) -> list[Segment]:
    """``fmt.extract(text)``, from the reading kept for ``text`` when there is one.

    :param keep: keep a fresh reading for the next run (False for a dry run, which writes nothing).
    """
    kept = _reuse_kept_reading(project, statement, fmt, text)
    segments = fmt.extract(text, path=statement.path)
    if keep and not kept:
        _keep_reading(project, statement, fmt, text)
    return segments


def _reuse_kept_reading(project: Project, statement: Statement, fmt: DocumentFormat, text: str) -> bool:
    """Give ``fmt`` the reading kept for ``text``, if there is one; whether there was.

    The next ``fmt.extract``, ``fmt.blocks`` or ``fmt.render`` of ``text`` then parses nothing.
    """
    if not isinstance(fmt, KeepsReadings):
        return False
    try:
        record = json.loads(_record_path(project, statement).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("key") != _key(fmt, text):
        return False
    try:
        fmt.reuse_reading(text, record.get("blocks"))
    except ValueError:
        return False
    return True


def _keep_reading(project: Project, statement: Statement, fmt: DocumentFormat, text: str) -> None:
    """Keep ``fmt``'s reading of ``text`` for the next run (nothing, for a format that keeps none).

    Best effort: a cache that cannot be written costs the next run a reading, nothing else.
    """
    if not isinstance(fmt, KeepsReadings):
        return
    record = {"key": _key(fmt, text), "blocks": fmt.reading(text)}
    with contextlib.suppress(Stmtl10nError, OSError):
        atomic_write(_record_path(project, statement), json.dumps(record, ensure_ascii=False))


def _record_path(project: Project, statement: Statement) -> Path:
    return project.cache_dir / READINGS_DIR / f"{statement.slug}.json"


def _key(fmt: KeepsReadings, text: str) -> str:
    material = [
        _FORMAT, code_stamp(), library_stamp("markdown_it"), type(fmt).__name__, list(fmt.reading_settings),
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
    ]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()
