"""A project: the folder, its settings, where its files live, and the statements in it."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from stmtl10n.config import (
    CACHE_DIR,
    CONFIG_NAME,
    DEFAULT_LANGUAGES,
    Settings,
    load_settings,
    settings_file,
    write_settings,
)
from stmtl10n.errors import ConfigError, FormatError, LayoutError
from stmtl10n.formats import format_for, statement_format_name
from stmtl10n.model import Statement

log = logging.getLogger(__name__)
# Files in statements/ already said to be no statement: commands list statements more than once.
_SAID_NOT_A_STATEMENT: set[Path] = set()


@dataclass(frozen=True, slots=True)
class Project:
    """A folder with settings, statements, catalogs and builds."""

    root: Path
    settings: Settings
    config_path: Path

    @property
    def statements_dir(self) -> Path:
        return self.root / self.settings.statements_dir

    @property
    def locales_dir(self) -> Path:
        return self.root / self.settings.locales_dir

    @property
    def build_dir(self) -> Path:
        return self.root / self.settings.build_dir

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    def template_path(self, slug: str) -> Path:
        return self.locales_dir / f"{slug}.pot"

    def catalog_path(self, slug: str, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def lock_path(self, path: Path) -> Path:
        """The lock file guarding writes to ``path`` (see :func:`stmtl10n._io.file_lock`)."""
        name = self.relative(path).replace("/", "__")
        return self.cache_dir / "locks" / f"{name}.lock"

    def require_languages(self, languages: Sequence[str]) -> tuple[str, ...]:
        """The languages asked for (``--lang``), or all of the project's when none are.

        :raises ConfigError: for a language that is not in the settings, naming the config file.
        """
        for lang in languages:
            if lang not in self.settings.languages:
                raise ConfigError(
                    f"--lang {lang}: not a language of this project ({', '.join(self.settings.languages)}); "
                    f"add it to {self.relative(self.config_path)} first"
                )
        return tuple(dict.fromkeys(languages)) or self.settings.languages

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes, for messages and references."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_project(start: Path | None = None) -> Project:
    """The project containing ``start`` (default: the current folder), searching upwards.

    :raises ConfigError: when no ``stmtl10n.toml`` or ``pyproject.toml`` with
        ``[tool.stmtl10n]`` is found.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = settings_file(folder)
        if config is not None:
            return Project(folder, load_settings(config), config)
    raise ConfigError(
        f"{here}: not inside a stmtl10n project (no {CONFIG_NAME} here or above); "
        "run `stmtl10n init` or pass -C DIR"
    )


def list_statements(project: Project, names: tuple[str, ...] = ()) -> list[Statement]:
    """The statements to work on: all of ``statements/``, or those named.

    A name may be a slug (``solidarity-day-call``), a file name, or a path
    (from the current folder or the project root) to a file in ``statements/``.

    :raises FormatError: for a name that is no statement of the project, and for a
        statement that is a link out of the project (or to nothing).
    :raises LayoutError: for a file where the project needs a folder (see :func:`check_layout`).
    """
    folder = project.statements_dir
    check_layout(project)
    if not folder.is_dir():
        raise FormatError(f"{project.relative(folder)}: no statements folder; create it and add statements")
    files = sorted(p for p in folder.iterdir() if not p.name.startswith(".") and (p.is_file() or not p.exists()))
    statements = []
    for path in files:
        try:
            name = statement_format_name(path)
        except FormatError:
            # README files, notes and the like live beside statements; said once, so a
            # statement saved in a format stmtl10n does not read is not skipped unseen.
            if path not in _SAID_NOT_A_STATEMENT:
                _SAID_NOT_A_STATEMENT.add(path)
                log.warning("warning: %s: not a statement (%s), skipped", project.relative(path),
                            path.suffix or "no extension")
            continue
        _refuse_outside_link(project, path)
        statements.append(Statement(path.stem, project.relative(path), name))
    _refuse_duplicate_slugs(statements)
    if not names:
        return statements
    return [_resolve(project, name, statements) for name in names]


def check_layout(project: Project) -> None:
    """Refuse a file where the project needs a folder, before anything is read or written.

    Otherwise a file named ``locales/es`` reads as "no catalogs yet" to status,
    build and check, and as a traceback to extract.

    :raises LayoutError: naming the file and what the folder is for.
    """
    locales = project.locales_dir
    needed = [
        (project.statements_dir, "the statements live there"),
        (locales, "the templates and catalogs live there"),
    ]
    for lang in project.settings.languages:
        needed.append((locales / lang, f"the {lang} catalogs live in it"))
        needed.append((locales / lang / "LC_MESSAGES", f"the {lang} catalogs live there"))
    needed += [
        (project.build_dir, "builds are written there"),
        (project.cache_dir, "stmtl10n keeps its locks and caches there"),
        (project.cache_dir / "locks", "stmtl10n keeps its lock files there"),
        (project.cache_dir / "extract", "extract keeps its records there"),
    ]
    for path, purpose in needed:
        # A parent in the way is met first: exists() is False below a file.
        if path.exists() and not path.is_dir():
            raise LayoutError(
                f"{project.relative(path)}: a file where a folder should be ({purpose}); move or rename the file"
            )


def _refuse_outside_link(project: Project, path: Path) -> None:
    """A statement must be a file of the project: a link may point within it, never out of it
    (its references would name a file others do not have, and the review server would read it)."""
    if not path.is_symlink():
        return
    shown = project.relative(project.statements_dir) + "/" + path.name
    if not path.exists():
        raise FormatError(f"{shown}: a link to {os.readlink(path)}, which does not exist; remove the link or restore the file")
    target = path.resolve()
    if not any(target.is_relative_to(inside) for inside in (project.root.resolve(), project.statements_dir.resolve())):
        raise FormatError(
            f"{shown}: a link to {target}, outside the project; copy the file into "
            f"{project.relative(project.statements_dir)}/ instead of linking to it"
        )


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
    import multiprocessing  # lazy: only a project large enough for workers pays for it
    from concurrent.futures import ProcessPoolExecutor  # lazy: the same

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(work, statements, chunksize=max(1, len(statements) // (workers * 4))))
