"""The statements of a project, found in its statements folder."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, TypeVar

from stmtl10n.config import Project
from stmtl10n.errors import FormatError
from stmtl10n.formats import format_for
from stmtl10n.model import Statement


def list_statements(project: Project, names: tuple[str, ...] = ()) -> list[Statement]:
    """The statements to work on: all of ``statements/``, or those named.

    A name may be a slug (``solidarity-day-call``), a file name, or a path
    (from the current folder or the project root) to a file in ``statements/``.

    :raises FormatError: for a name that is no statement of the project.
    """
    folder = project.statements_dir
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
    if not names:
        return statements
    return [_resolve(project, name, statements) for name in names]


def find_statement(project: Project, slug: str) -> Statement:
    """The statement with this slug, or a FormatError naming the ones there are."""
    statements = list_statements(project)
    for statement in statements:
        if statement.slug == slug:
            return statement
    raise FormatError(_no_such_statement(project, slug, statements))


def _resolve(project: Project, name: str, statements: list[Statement]) -> Statement:
    """The statement ``name`` stands for, looked up only among the project's statements.

    A file elsewhere with a statement's name must not be merged into that
    statement's catalogs, so a path counts only when it resolves into ``statements/``.
    """
    for statement in statements:
        if statement.slug == name:
            return statement
    by_path = {(project.root / s.path).resolve(): s for s in statements}
    candidate = Path(name)
    bases = (Path("/"),) if candidate.is_absolute() else (Path.cwd(), project.root, project.statements_dir)
    for base in bases:
        path = base / candidate
        if not path.is_file():
            continue
        resolved = path.resolve()
        if resolved in by_path:
            return by_path[resolved]
        if resolved.parent == project.statements_dir.resolve():
            format_for(resolved)  # says why this file is no statement (its kind), if it can
        folder = project.relative(project.statements_dir)
        raise FormatError(
            f"{name}: not in {folder}/, where this project's statements live; name a statement by its slug or file name"
        )
    raise FormatError(_no_such_statement(project, name, statements))


def _no_such_statement(project: Project, name: str, statements: list[Statement]) -> str:
    known = ", ".join(s.slug for s in statements) or "none"
    return f"{name}: no such statement in {project.relative(project.statements_dir)}/ (statements: {known})"


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

    :raises ConfigError: when the folder is already a project, or no target
        language differs from the source language.
    """
    from stmtl10n.config import CONFIG_NAME, DEFAULT_LANGUAGES, write_settings
    from stmtl10n.errors import ConfigError

    config = directory / CONFIG_NAME
    if config.exists():
        raise ConfigError(f"{config}: already a stmtl10n project; edit this file to change its settings")
    targets = tuple(lang for lang in (languages or DEFAULT_LANGUAGES) if lang != source_lang)
    if not targets:
        raise ConfigError(
            f"--lang {', '.join(languages)}: the only target language is the source language ({source_lang}); "
            "name at least one other language"
        )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "statements").mkdir(exist_ok=True)
    (directory / "locales").mkdir(exist_ok=True)
    return write_settings(directory, source_lang=source_lang, languages=targets)


_Result = TypeVar("_Result")
# Below this many statements per core, starting worker processes costs more than it saves.
_STATEMENTS_PER_WORKER = 8


def map_statements(work: Callable[[Statement], _Result], statements: list[Statement]) -> list[_Result]:
    """``[work(s) for s in statements]``, on every core when there are many statements.

    Statements are independent (each writes only its own files, under their
    locks), and markdown-it-py and the catalog writer are pure Python: a large
    project extracts and builds on every core. ``work`` must be picklable (a
    module-level function, or a functools.partial of one).
    """
    workers = min(os.cpu_count() or 1, len(statements) // _STATEMENTS_PER_WORKER)
    if workers <= 1:
        return [work(statement) for statement in statements]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(work, statements, chunksize=max(1, len(statements) // (workers * 4))))
