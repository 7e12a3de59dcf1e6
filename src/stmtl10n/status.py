"""Status: how far each statement is translated into each language, and how many problems its catalog has."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from stmtl10n.catalog import Catalog, Entry, read_catalog
from stmtl10n.project import Project
from stmtl10n.project import list_statements

STATES = ("translated", "fuzzy", "untranslated")
#: Finer states for coordinators: who or what wrote the msgstr, and whether the source moved on.
PROGRESS_STATES = ("reviewed", "machine", "changed", "other_fuzzy", "untranslated")
PROGRESS_LABELS = {
    "reviewed": "reviewed",
    "machine": "machine drafts",
    "changed": "changed source",
    "other_fuzzy": "other fuzzy",
    "untranslated": "untranslated",
}
# Provenance comments (``# stmtl10n: ...``) written by pretranslate: a draft no person has reviewed.
@dataclass(slots=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def percent(self, state: str) -> float:
        return 100.0 * getattr(self, state) / self.total if self.total else 0.0


@dataclass(slots=True)
class Progress:
    """Entries (or words) by :data:`PROGRESS_STATES`."""

    reviewed: int = 0
    machine: int = 0
    changed: int = 0
    other_fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.reviewed + self.machine + self.changed + self.other_fuzzy + self.untranslated

    def percent(self, state: str) -> float:
        return 100.0 * getattr(self, state) / self.total if self.total else 0.0

    def add(self, other: Progress) -> None:
        for state in PROGRESS_STATES:
            setattr(self, state, getattr(self, state) + getattr(other, state))


@dataclass(slots=True)
class StatementStatus:
    """Progress of one statement in one language."""

    statement: str
    lang: str
    catalog: str
    exists: bool
    entries: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)
    progress: Progress = field(default_factory=Progress)  # entries
    progress_words: Progress = field(default_factory=Progress)
    problems: Counter[str] = field(default_factory=Counter)  # by check name
    problem_errors: int = 0

    @property
    def problem_count(self) -> int:
        return sum(self.problems.values())

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"statement": self.statement, "lang": self.lang, "catalog": self.catalog, "exists": self.exists}
        for unit in ("entries", "words"):
            counts: Counts = getattr(self, unit)
            data[unit] = {**asdict(counts), "total": counts.total}
            data[unit]["percent"] = {state: round(counts.percent(state), 1) for state in STATES}
        data["progress"] = {}
        for unit, progress in (("entries", self.progress), ("words", self.progress_words)):
            data["progress"][unit] = {**asdict(progress), "total": progress.total}
            data["progress"][unit]["percent"] = {state: round(progress.percent(state), 1) for state in PROGRESS_STATES}
        data["problems"] = {
            "total": self.problem_count,
            "errors": self.problem_errors,
            "warnings": self.problem_count - self.problem_errors,
            "by_check": dict(sorted(self.problems.items())),
        }
        return data


def entry_state(entry: Entry) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``."""
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if entry.is_fuzzy else "translated"


def progress_state(entry: Entry) -> str:
    """One of :data:`PROGRESS_STATES`.

    A fuzzy entry with a previous msgid (``#|``) counts as ``changed`` even
    when a machine wrote it: the reviewer must first look at what changed.
    """
    if not entry.msgstr:
        return "untranslated"
    if not entry.is_fuzzy:
        return "reviewed"
    if entry.previous_msgid is not None:
        return "changed"
    return "machine" if entry.is_machine_draft else "other_fuzzy"


def catalog_status(catalog: Catalog, *, statement: str, lang: str, path: str) -> StatementStatus:
    status = StatementStatus(statement, lang, path, exists=True)
    for entry in catalog.active():
        words = len(entry.msgid.split())
        state = entry_state(entry)
        setattr(status.entries, state, getattr(status.entries, state) + 1)
        setattr(status.words, state, getattr(status.words, state) + words)
        progress = progress_state(entry)
        setattr(status.progress, progress, getattr(status.progress, progress) + 1)
        setattr(status.progress_words, progress, getattr(status.progress_words, progress) + words)
    return status


def project_status(project: Project, *, languages: tuple[str, ...] = (), names: tuple[str, ...] = (),
                   with_problems: bool = True) -> list[StatementStatus]:
    """Progress of every statement (or those named) in every language (or those given).

    :param with_problems: also run :func:`stmtl10n.checks.run_checks` and count
        problems per catalog (untranslated entries are counted as such, not as problems).
    :raises CatalogError: for a catalog that cannot be read.
    """
    result = []
    langs = project.require_languages(languages)
    for statement in list_statements(project, names):
        for lang in langs:
            path = project.catalog_path(statement.slug, lang)
            shown = project.relative(path)
            if not path.exists():
                result.append(StatementStatus(statement.slug, lang, shown, exists=False))
                continue
            result.append(catalog_status(read_catalog(path, display=shown), statement=statement.slug, lang=lang, path=shown))
    if with_problems and any(row.exists for row in result):
        _count_problems(project, result, languages=languages, names=names)
    return result


def _count_problems(project: Project, rows: Sequence[StatementStatus], *, languages: tuple[str, ...],
                    names: tuple[str, ...]) -> None:
    from stmtl10n.checks import run_checks

    by_catalog = {(row.statement, row.lang): row for row in rows}
    for problem in run_checks(project, languages=languages, statements=names):
        row = by_catalog.get((problem.statement, problem.lang))
        if row is None or problem.check == "untranslated":
            continue
        row.problems[problem.check] += 1
        row.problem_errors += problem.severity == "error"


def totals_by_language(rows: Sequence[StatementStatus]) -> dict[str, StatementStatus]:
    """One summed row per language (statement ``*``), in the order languages first appear."""
    totals: dict[str, StatementStatus] = {}
    for row in rows:
        total = totals.setdefault(row.lang, StatementStatus("*", row.lang, "", exists=False))
        if not row.exists:
            continue
        total.exists = True
        for unit in ("entries", "words"):
            mine: Counts = getattr(total, unit)
            theirs: Counts = getattr(row, unit)
            for state in STATES:
                setattr(mine, state, getattr(mine, state) + getattr(theirs, state))
        total.progress.add(row.progress)
        total.progress_words.add(row.progress_words)
        total.problems.update(row.problems)
        total.problem_errors += row.problem_errors
    return totals
