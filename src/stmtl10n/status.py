"""Status: how far each statement is translated into each language, and how many problems its catalog has."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stmtl10n.catalog import Catalog, Progress, read_catalog
from stmtl10n.project import Project, list_statements


@dataclass(slots=True)
class StatementStatus:
    """Progress of one statement in one language, in entries and in msgid words."""

    statement: str
    lang: str
    catalog: str
    exists: bool
    entries: Progress = field(default_factory=Progress)
    words: Progress = field(default_factory=Progress)
    problems: Counter[str] = field(default_factory=Counter)  # by check name
    problem_errors: int = 0

    @property
    def problem_count(self) -> int:
        return sum(self.problems.values())

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"statement": self.statement, "lang": self.lang, "catalog": self.catalog, "exists": self.exists}
        data["entries"] = self.entries.to_dict()
        data["words"] = self.words.to_dict()
        data["problems"] = {
            "total": self.problem_count,
            "errors": self.problem_errors,
            "warnings": self.problem_count - self.problem_errors,
            "by_check": dict(sorted(self.problems.items())),
        }
        return data


def catalog_status(catalog: Catalog, *, statement: str, lang: str, path: str) -> StatementStatus:
    entries = list(catalog.active())
    return StatementStatus(statement, lang, path, exists=True,
                           entries=Progress.of(entries), words=Progress.of(entries, words=True))


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
    from stmtl10n.checks import run_checks  # lazy: `status --no-checks` needs no checks

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
        total.entries.add(row.entries)
        total.words.add(row.words)
        total.problems.update(row.problems)
        total.problem_errors += row.problem_errors
    return totals
