"""What checking one catalog found, kept between runs: a record per catalog under ``.stmtl10n-cache/checks/``.

A record holds what ``status`` and ``check`` need from a catalog, so that a run
with nothing new to do parses no catalog and runs no check: the catalog's
progress (entries and words in each state), its reviewed translations (for the
consistency check, which compares the catalogs of a language and is always
worked out afresh from the records) and the problems the other checks found.

A record is used only while the catalog file still has the SHA-256 it was made
from; its problems only while the check key is the same: the package version
and its source files, the settings, the statement, the glossary file and the
checks that ran (see :func:`check_key`). It is written through a temporary file
and a rename: two runs that race write the same record, and a kill leaves the
old one or the new one; a record that cannot be read is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from stmtl10n._io import atomic_write
from stmtl10n._stamps import code_stamp, library_stamp
from stmtl10n.catalog import Catalog, EntryState, Progress, catalog_digest
from stmtl10n.errors import Stmtl10nError
from stmtl10n.model import NO_TRANSLATE_FLAG, Message, Problem, Statement
from stmtl10n.project import Project

RECORDS_DIR = "checks"
_FORMAT = 2  # bump when a record's layout changes (2: problems keep their wording)
_PROGRESS_FIELDS = tuple(f.name for f in fields(Progress))


@dataclass(frozen=True, slots=True)
class ReviewedEntry:
    """A reviewed translation of a catalog, as the consistency check compares it.

    :param position: the entry's place among the catalog's active entries (its problems are reported in that order).
    :param checked: whether the consistency check judges this entry (not a no-translate one,
        no ``no-check-consistency`` flag); every reviewed translation counts for the others.
    """

    position: int
    msgctxt: str | None
    msgid: str
    text: str  # the translation, whitespace normalized
    reference: str
    checked: bool

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass(slots=True)
class CatalogReport:
    """What one catalog holds and what the checks (consistency aside) found in it.

    :param problems: in catalog order, each with its entry's position in ``positions``;
        None when the checks were not run (``status --no-checks``, or a catalog
        read only to compare with).
    """

    statement: str
    lang: str
    path: str  # relative to the project
    entries: Progress
    words: Progress
    reviewed: list[ReviewedEntry] = field(default_factory=list)
    problems: list[Problem] | None = None
    positions: list[int] = field(default_factory=list)


def record_path(project: Project, statement: Statement, lang: str) -> Path:
    """Where the record of ``statement``'s catalog in ``lang`` is kept."""
    return project.cache_dir / RECORDS_DIR / lang / f"{statement.slug}.json"


def run_key(project: Project, check_names: Sequence[str]) -> str:
    """The part of every :func:`check_key` of one run that is the same for all catalogs: the code
    (version and source files), the libraries, the settings, the glossary file and the checks."""
    settings = project.settings
    glossary = project.root / settings.glossary if settings.glossary else None
    material = [
        _FORMAT, code_stamp(), library_stamp("babel"), library_stamp("markdown_it"), repr(settings),
        (catalog_digest(glossary) or "") if glossary is not None and glossary.is_file() else "", list(check_names),
    ]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()


def check_key(run: str, statement: Statement, lang: str, *, statement_digest: str) -> str:
    """The digest a record's problems are valid for: everything but the catalog itself that the checks read.

    :param run: :func:`run_key` of the run.
    :param statement_digest: :func:`statement_digest` of the statement.
    """
    material = [run, statement.slug, statement.path, statement.format_name, statement_digest, lang]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()


def statement_digest(project: Project, statement: Statement) -> str:
    """The SHA-256 of a statement's file ("" when it cannot be read)."""
    return catalog_digest(project.root / statement.path) or ""  # any file's bytes: the statement's


def report_of(catalog: Catalog, *, statement: str, lang: str, path: str) -> CatalogReport:
    """A catalog's progress and reviewed translations (no problems yet)."""
    # lazy: the check registry's package imports this module
    from stmtl10n.checks.base import OPT_OUT_PREFIX, normalized

    active = list(catalog.active())
    reviewed = [
        ReviewedEntry(at, entry.msgctxt, entry.msgid, normalized(entry.msgstr),
                      entry.references[0] if entry.references else path,
                      NO_TRANSLATE_FLAG not in entry.flags and OPT_OUT_PREFIX + "consistency" not in entry.flags)
        for at, entry in enumerate(active) if entry.state is EntryState.REVIEWED and entry.msgstr
    ]
    return CatalogReport(statement, lang, path, Progress.of(active), Progress.of(active, words=True), reviewed)


def load_record(project: Project, statement: Statement, lang: str, *, digest: str,
                key: str | None) -> CatalogReport | None:
    """The report kept for the catalog with SHA-256 ``digest``, or None when there is none to trust.

    :param key: the :func:`check_key` its problems must have been found under; None
        when only the progress and reviewed translations are wanted.
    """
    try:
        data = json.loads(record_path(project, statement, lang).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("catalog") != digest:
            return None
        path = project.relative(project.catalog_path(statement.slug, lang))
        report = CatalogReport(
            statement.slug, lang, path,
            Progress(**dict(zip(_PROGRESS_FIELDS, data["entries"], strict=True))),
            Progress(**dict(zip(_PROGRESS_FIELDS, data["words"], strict=True))),
            [ReviewedEntry(int(at), ctxt, msgid, text, ref, bool(checked))
             for at, ctxt, msgid, text, ref, checked in data["reviewed"]],
        )
        if key is not None:
            if data.get("key") != key or data.get("problems") is None:
                return None
            report.problems = [
                Problem(statement=statement.slug, lang=lang, msgid=msgid, check=check, message=message,
                        reference=reference, severity=severity, msgctxt=msgctxt, extra=dict(extra),
                        wording=Message.from_json(wording) if wording is not None else None)
                for _, check, message, reference, severity, msgid, msgctxt, extra, wording in data["problems"]
            ]
            report.positions = [int(row[0]) for row in data["problems"]]
        return report
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, or one this version cannot read: check again


def save_record(project: Project, statement: Statement, report: CatalogReport, *, digest: str,
                key: str | None) -> None:
    """Keep ``report`` for the catalog with SHA-256 ``digest`` (its problems under ``key``).

    A cache that cannot be written costs only speed: the run goes on.
    """
    data = {
        "format": _FORMAT,
        "catalog": digest,
        "key": key,
        "entries": [getattr(report.entries, name) for name in _PROGRESS_FIELDS],
        "words": [getattr(report.words, name) for name in _PROGRESS_FIELDS],
        "reviewed": [[r.position, r.msgctxt, r.msgid, r.text, r.reference, r.checked] for r in report.reviewed],
        "problems": None if report.problems is None else [
            [at, p.check, p.message, p.reference, p.severity, p.msgid, p.msgctxt, p.extra,
             p.wording.to_json() if p.wording is not None else None]
            for at, p in zip(report.positions, report.problems, strict=True)
        ],
    }
    with contextlib.suppress(Stmtl10nError, OSError):
        atomic_write(record_path(project, statement, report.lang), json.dumps(data, ensure_ascii=False))


def worker_count(jobs: int, per_worker: int) -> int:
    """How many processes to spread ``jobs`` over: one per ``per_worker`` jobs, at most one per core."""
    return max(1, min(os.cpu_count() or 1, jobs // per_worker))
