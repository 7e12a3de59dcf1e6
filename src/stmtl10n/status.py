"""Status: how far each statement is translated into each language."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from stmtl10n.catalog import Catalog, Entry, read_catalog
from stmtl10n.config import Project
from stmtl10n.project import list_statements

STATES = ("translated", "fuzzy", "untranslated")


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
class StatementStatus:
    """Progress of one statement in one language."""

    statement: str
    lang: str
    catalog: str
    exists: bool
    entries: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"statement": self.statement, "lang": self.lang, "catalog": self.catalog, "exists": self.exists}
        for unit in ("entries", "words"):
            counts: Counts = getattr(self, unit)
            data[unit] = {**asdict(counts), "total": counts.total}
            data[unit]["percent"] = {state: round(counts.percent(state), 1) for state in STATES}
        return data


def entry_state(entry: Entry) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``."""
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if entry.is_fuzzy else "translated"


def catalog_status(catalog: Catalog, *, statement: str, lang: str, path: str) -> StatementStatus:
    status = StatementStatus(statement, lang, path, exists=True)
    for entry in catalog.active():
        state = entry_state(entry)
        setattr(status.entries, state, getattr(status.entries, state) + 1)
        setattr(status.words, state, getattr(status.words, state) + len(entry.msgid.split()))
    return status


def project_status(project: Project, *, languages: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> list[StatementStatus]:
    """Progress of every statement (or those named) in every language (or those given)."""
    result = []
    for statement in list_statements(project, names):
        for lang in languages or project.settings.languages:
            path = project.catalog_path(statement.slug, lang)
            shown = project.relative(path)
            if not path.exists():
                result.append(StatementStatus(statement.slug, lang, shown, exists=False))
                continue
            result.append(catalog_status(read_catalog(path, display=shown), statement=statement.slug, lang=lang, path=shown))
    return result
