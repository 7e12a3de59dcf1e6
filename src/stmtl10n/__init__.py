"""stmtl10n: statements to gettext catalogs to per-language statements.

The Python API is the command line's: a script finds (or creates) a project and
runs the workflow verbs on it, each the function its command calls, with the
same options as keyword-only arguments (``docs/api.md`` runs the whole
workflow)::

    import stmtl10n

    project = stmtl10n.find_project()
    stmtl10n.extract(project)
    stmtl10n.pretranslate(project, languages=["es"], engine_name="apertium")
    problems = stmtl10n.check(project)
    stmtl10n.build(project, include_fuzzy=True)

The verbs: :func:`init_project`, :func:`extract`, :func:`pretranslate`,
:func:`check`, :func:`status`, :func:`build`, :func:`align`,
:func:`export_tmx`, :func:`import_tmx`, and :class:`ReviewApp` (the review
server's WSGI application; :func:`make_review_server` serves it). They return
result objects and never print; an expected failure raises a
:class:`Stmtl10nError` subclass whose message is one line naming the file and
the fix, and whose ``exit_code`` the command line exits with. A verb that runs
long reports progress through an optional callback (``pretranslate(...,
progress=...)``).

Importing ``stmtl10n`` loads none of this (``stmtl10n --help`` must start
fast): each name is imported on first use (PEP 562). ``extract``, ``build``,
``status`` and ``pretranslate`` are also the names of the modules that hold
them; the package's attribute is always the function, so reach a module's other
names with ``from stmtl10n.build import render_statement``, not ``import
stmtl10n.build as m``.

The package is in layers; a module imports only from its own layer and those
below it (``tests/test_architecture.py`` holds the list and checks it, with no
import cycle anywhere):

1. foundation: ``errors``, ``_io``, ``model``, ``choices``, ``patterns``, ``similarity``;
2. project model: ``config`` (settings), ``project``, ``locales``, ``catalog``
   (the entry and its state), ``formats/`` (a reader and writer per statement
   format), ``countries``, ``signatory_drafts``, ``glossary``, ``detect``;
3. services: ``checks/``, ``engines/``, ``memory``, ``status``, ``documents/``
   (what readers get: side-by-side documents, the dashboard, TMX);
4. workflow verbs: ``extract``, ``pretranslate``, ``build``, ``import_translation``, ``signatory_intake``;
5. front ends: ``cli/`` and ``review/``.

This file stands outside the layers: it re-exports from all of them, lazily.

Imports go at the top of a module. Start-up time has one documented exception,
marked ``# lazy:`` where it is used: a CLI command imports the library inside
its function, so ``stmtl10n --help`` loads none of it, and a library function
imports a heavy optional part (an engine's client, the checks) only on the
path that needs it.
"""

from __future__ import annotations

import sys

__version__ = "0.1.0"

# Not `from typing import TYPE_CHECKING`: importing typing would double what `import stmtl10n` costs,
# and type checkers read any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from stmtl10n.build import BlockingProblem, BuildResult, build
    from stmtl10n.checks import run_checks as check
    from stmtl10n.config import Settings
    from stmtl10n.documents.tmx import TmxExport, TmxImport, export_tmx, import_tmx
    from stmtl10n.errors import (
        CatalogError,
        CheckFailed,
        ConfigError,
        EngineAuthError,
        EngineError,
        EngineNetworkError,
        EngineQuotaError,
        FormatError,
        LayoutError,
        LocaleError,
        OutputError,
        ServeError,
        Stmtl10nError,
    )
    from stmtl10n.extract import CatalogChange, ExtractResult, extract
    from stmtl10n.import_translation import AlignResult
    from stmtl10n.import_translation import align_translation as align
    from stmtl10n.model import Problem
    from stmtl10n.pretranslate import LanguageResult, PretranslateResult, ProgressCallback, pretranslate
    from stmtl10n.project import Project, find_project, init_project
    from stmtl10n.review import ReviewApp, make_review_server
    from stmtl10n.status import StatementStatus
    from stmtl10n.status import project_status as status

# Public name → (module, name in it). One implementation each: where a verb's
# function has a longer name in its module (run_checks), the API name is an alias.
_EXPORTS: dict[str, tuple[str, str]] = {
    # the project
    "find_project": ("stmtl10n.project", "find_project"),
    "init_project": ("stmtl10n.project", "init_project"),
    "Project": ("stmtl10n.project", "Project"),
    "Settings": ("stmtl10n.config", "Settings"),
    # the workflow verbs
    "extract": ("stmtl10n.extract", "extract"),
    "pretranslate": ("stmtl10n.pretranslate", "pretranslate"),
    "check": ("stmtl10n.checks", "run_checks"),
    "status": ("stmtl10n.status", "project_status"),
    "build": ("stmtl10n.build", "build"),
    "align": ("stmtl10n.import_translation", "align_translation"),
    "export_tmx": ("stmtl10n.documents.tmx", "export_tmx"),
    "import_tmx": ("stmtl10n.documents.tmx", "import_tmx"),
    "ReviewApp": ("stmtl10n.review", "ReviewApp"),
    "make_review_server": ("stmtl10n.review", "make_review_server"),
    # what they return
    "ExtractResult": ("stmtl10n.extract", "ExtractResult"),
    "CatalogChange": ("stmtl10n.extract", "CatalogChange"),
    "PretranslateResult": ("stmtl10n.pretranslate", "PretranslateResult"),
    "LanguageResult": ("stmtl10n.pretranslate", "LanguageResult"),
    "ProgressCallback": ("stmtl10n.pretranslate", "ProgressCallback"),
    "Problem": ("stmtl10n.model", "Problem"),
    "StatementStatus": ("stmtl10n.status", "StatementStatus"),
    "BuildResult": ("stmtl10n.build", "BuildResult"),
    "BlockingProblem": ("stmtl10n.build", "BlockingProblem"),
    "AlignResult": ("stmtl10n.import_translation", "AlignResult"),
    "TmxExport": ("stmtl10n.documents.tmx", "TmxExport"),
    "TmxImport": ("stmtl10n.documents.tmx", "TmxImport"),
    # what they raise
    **{name: ("stmtl10n.errors", name) for name in (
        "Stmtl10nError", "ConfigError", "LocaleError", "FormatError", "OutputError", "LayoutError", "CatalogError",
        "EngineError", "EngineAuthError", "EngineQuotaError", "EngineNetworkError", "CheckFailed", "ServeError",
    )},
}

# Written out, so that type checkers and linters see it; a test holds it equal to _EXPORTS.
__all__ = [
    "AlignResult",
    "BlockingProblem",
    "BuildResult",
    "CatalogChange",
    "CatalogError",
    "CheckFailed",
    "ConfigError",
    "EngineAuthError",
    "EngineError",
    "EngineNetworkError",
    "EngineQuotaError",
    "ExtractResult",
    "FormatError",
    "LanguageResult",
    "LayoutError",
    "LocaleError",
    "OutputError",
    "PretranslateResult",
    "Problem",
    "ProgressCallback",
    "Project",
    "ReviewApp",
    "ServeError",
    "Settings",
    "StatementStatus",
    "Stmtl10nError",
    "TmxExport",
    "TmxImport",
    "__version__",
    "align",
    "build",
    "check",
    "export_tmx",
    "extract",
    "find_project",
    "import_tmx",
    "init_project",
    "make_review_server",
    "pretranslate",
    "status",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562), and keep it."""
    try:
        module_name, attribute = _EXPORTS[name]
    except KeyError:
        # An AttributeError, not an ImportError: `from stmtl10n import detect` relies on it to find the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    # __import__ with a fromlist returns the submodule itself; importlib would cost a module more to load.
    value = getattr(__import__(module_name, fromlist=[attribute]), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:
    from types import ModuleType as _ModuleType
else:
    _ModuleType = type(sys)  # the type of modules, without importing `types` for it


class _Package(_ModuleType):
    """The package, keeping a verb as the attribute of its name when its module of the same name is imported.

    Once ``stmtl10n.build`` (the module) is loaded, the import system sets the
    package's attribute ``build`` to it, so ``stmtl10n.build(project)`` would call
    a module, depending on what happened to be imported before. The verb stays.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if (isinstance(value, _ModuleType) and value.__name__ == f"{__name__}.{name}"
                and _EXPORTS.get(name, ("", ""))[0] == value.__name__):
            value = getattr(value, _EXPORTS[name][1])
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
