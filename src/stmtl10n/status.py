"""Status: how far each statement is translated into each language, and how many problems its catalog has."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stmtl10n.catalog import Catalog, Progress
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

    Each catalog is read once, for its progress and its problems together, and
    not at all when it has not changed since the last ``status`` or ``check``
    (their records are kept in ``.stmtl10n-cache/checks/``).

    :param with_problems: also run the checks, as :func:`stmtl10n.checks.run_checks`
        does, and count problems per catalog (untranslated entries are counted as such, not as problems).
    :raises CatalogError: for a catalog that cannot be read.
    """
    # lazy: the checks load CLDR and langdetect data only when a catalog must be checked
    from stmtl10n.checks import check_project

    langs = project.require_languages(languages)
    statements = list_statements(project, names)
    exists = any(project.catalog_path(s.slug, lang).exists() for s in statements for lang in langs)
    found = check_project(project, languages=langs, statements=names, with_problems=with_problems and exists)
    result = []
    for statement in statements:
        for lang in langs:
            report = found.reports.get((statement.slug, lang))
            if report is None:
                path = project.relative(project.catalog_path(statement.slug, lang))
                result.append(StatementStatus(statement.slug, lang, path, exists=False))
                continue
            result.append(StatementStatus(statement.slug, lang, report.path, exists=True,
                                          entries=report.entries, words=report.words))
    by_catalog = {(row.statement, row.lang): row for row in result}
    for problem in found.problems:
        row = by_catalog.get((problem.statement, problem.lang))
        if row is None or problem.check == "untranslated":
            continue
        row.problems[problem.check] += 1
        row.problem_errors += problem.severity == "error"
    return result


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
