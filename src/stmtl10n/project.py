"""The statements of a project, found in its statements folder."""

from __future__ import annotations

from pathlib import Path

from stmtl10n.config import Project
from stmtl10n.errors import FormatError
from stmtl10n.formats import format_for
from stmtl10n.model import Statement


def list_statements(project: Project, names: tuple[str, ...] = ()) -> list[Statement]:
    """The statements to work on: all of ``statements/``, or those named.

    A name may be a slug (``solidarity-day-call``), a file name, or a path.

    :raises FormatError: for a name that is no statement of the project.
    """
    folder = project.statements_dir
    if not names:
        if not folder.is_dir():
            raise FormatError(f"{project.relative(folder)}: no statements folder; create it and add statements")
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        statements = []
        for path in files:
            try:
                fmt = format_for(path)
            except FormatError:
                continue  # README files, notes and the like live beside statements
            statements.append(Statement(path.stem, project.relative(path), fmt.name))
        _refuse_duplicate_slugs(statements)
        return statements
    return [_resolve(project, name) for name in names]


def find_statement(project: Project, slug: str) -> Statement:
    """The statement with this slug, or a FormatError naming the ones there are."""
    for statement in list_statements(project):
        if statement.slug == slug:
            return statement
    known = ", ".join(s.slug for s in list_statements(project)) or "none"
    raise FormatError(f"{slug}: no such statement in {project.settings.statements_dir}/ (statements: {known})")


def _resolve(project: Project, name: str) -> Statement:
    candidate = Path(name)
    paths = [candidate if candidate.is_absolute() else Path.cwd() / candidate, project.root / name]
    for path in paths:
        if path.is_file():
            fmt = format_for(path)
            return Statement(path.stem, project.relative(path), fmt.name)
    if "/" not in name and "." not in Path(name).name:
        return find_statement(project, name)
    raise FormatError(f"{name}: no such statement; check the name or add the file to {project.settings.statements_dir}/")


def _refuse_duplicate_slugs(statements: list[Statement]) -> None:
    seen: dict[str, str] = {}
    for statement in statements:
        if statement.slug in seen:
            raise FormatError(
                f"{statement.path}: same name as {seen[statement.slug]}; "
                "two statements cannot share a slug, rename one of them"
            )
        seen[statement.slug] = statement.path


def init_project(directory: Path, *, source_lang: str, languages: tuple[str, ...]) -> Path:
    """Create ``stmtl10n.toml``, ``statements/`` and ``locales/`` in ``directory``.

    :raises ConfigError: when the folder is already a project.
    """
    from stmtl10n.config import CONFIG_NAME, DEFAULT_LANGUAGES, write_settings
    from stmtl10n.errors import ConfigError

    config = directory / CONFIG_NAME
    if config.exists():
        raise ConfigError(f"{config}: already a stmtl10n project; edit this file to change its settings")
    targets = tuple(lang for lang in (languages or DEFAULT_LANGUAGES) if lang != source_lang)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "statements").mkdir(exist_ok=True)
    (directory / "locales").mkdir(exist_ok=True)
    return write_settings(directory, source_lang=source_lang, languages=targets)
