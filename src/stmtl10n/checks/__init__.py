"""Quality checks on translated entries: plain functions with one signature, listed in one registry.

Each check takes a :class:`CheckContext` (which catalog, which languages, what
the cross-catalog checks need) and one :class:`~stmtl10n.catalog.Entry`, and
yields :class:`~stmtl10n.model.Problem` values whose message tells a volunteer
what is wrong and what to do. An entry opts out of a check with the flag
``no-check-<name>`` (``#, no-check-numbers``); ``[checks] disabled = [...]`` in
the settings turns a check off for the whole project.

Each family of checks has its module (:mod:`~stmtl10n.checks.markup`,
:mod:`~stmtl10n.checks.identifiers`, :mod:`~stmtl10n.checks.numbers`,
:mod:`~stmtl10n.checks.dates`, :mod:`~stmtl10n.checks.names`,
:mod:`~stmtl10n.checks.punctuation`,
:mod:`~stmtl10n.checks.language`, :mod:`~stmtl10n.checks.completeness`,
:mod:`~stmtl10n.checks.machine`, :mod:`~stmtl10n.checks.consistency`), with
what they share in :mod:`~stmtl10n.checks.base`; the registry and the
functions that run checks are here.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence

from stmtl10n.catalog import Catalog, Entry, read_catalog
from stmtl10n.checks.base import ERROR, OPT_OUT_PREFIX, WARNING, CheckContext, CheckFunction
from stmtl10n.checks.completeness import check_length, check_unchanged, check_untranslated, length_bounds
from stmtl10n.checks.consistency import check_consistency, reviewed_translations
from stmtl10n.checks.dates import check_dates
from stmtl10n.checks.identifiers import check_identifiers
from stmtl10n.checks.language import check_wrong_language
from stmtl10n.checks.machine import check_machine_marks
from stmtl10n.checks.markup import check_markup
from stmtl10n.checks.names import check_names
from stmtl10n.checks.numbers import check_numbers
from stmtl10n.checks.punctuation import check_punctuation
from stmtl10n.errors import CatalogError, ConfigError
from stmtl10n.glossary import read_project_glossary
from stmtl10n.model import Problem, Statement
from stmtl10n.project import Project, list_statements

# The registry: a check's name (in settings, flags and reports) and its function.
# stmtl10n.choices.CHECK_NAMES lists the same names for the settings to be
# validated without importing the checks.
CHECKS: dict[str, CheckFunction] = {
    "markup": check_markup,
    "identifiers": check_identifiers,
    "numbers": check_numbers,
    "dates": check_dates,
    "names": check_names,
    "punctuation": check_punctuation,
    "wrong-language": check_wrong_language,
    "untranslated": check_untranslated,
    "unchanged": check_unchanged,
    "length": check_length,
    "machine-marks": check_machine_marks,
    "consistency": check_consistency,
}
# The one check that looks at entries without a translation.
_EMPTY_ENTRY_CHECKS = frozenset({"untranslated"})


def enabled_checks(disabled: Iterable[str] = (), *, where: str = "checks.disabled") -> dict[str, CheckFunction]:
    """The registry without the checks turned off in the settings.

    :raises ConfigError: for a name that is no check, with the closest name.
    """
    off = set()
    for name in disabled:
        if name not in CHECKS:
            close = difflib.get_close_matches(name, list(CHECKS), n=1)
            hint = f", did you mean {close[0]!r}?" if close else f"; checks: {', '.join(CHECKS)}"
            raise ConfigError(f"{where}: unknown check {name!r}{hint}")
        off.add(name)
    return {name: check for name, check in CHECKS.items() if name not in off}


def check_entry(ctx: CheckContext, entry: Entry, checks: Mapping[str, CheckFunction] = CHECKS) -> list[Problem]:
    """Run the checks that apply to one entry, honouring its ``no-check-<name>`` flags."""
    problems: list[Problem] = []
    for name, check in checks.items():
        if OPT_OUT_PREFIX + name in entry.flags:
            continue
        if not entry.msgstr and name not in _EMPTY_ENTRY_CHECKS:
            continue
        problems.extend(check(ctx, entry))
    return problems


def check_catalog(ctx: CheckContext, checks: Mapping[str, CheckFunction] = CHECKS) -> list[Problem]:
    """Run the checks on every active entry of ``ctx.catalog``."""
    problems: list[Problem] = []
    for entry in ctx.catalog.active():
        problems.extend(check_entry(ctx, entry, checks))
    return problems


def catalog_context(project: Project, statement: Statement, lang: str, catalog: Catalog, *,
                    reviewed: Mapping[tuple[str | None, str], Mapping[str, tuple[str, ...]]] | None = None,
                    ) -> CheckContext:
    """The context for checking one catalog of a project (the review page can check one entry with it).

    :param reviewed: for the consistency check, from :func:`reviewed_translations`
        over the language's catalogs; without it consistency finds nothing.
    """
    settings = project.settings
    return CheckContext(
        statement=statement.slug, lang=lang, source_lang=settings.source_lang, catalog=catalog,
        catalog_path=project.relative(project.catalog_path(statement.slug, lang)),
        is_markdown=statement.format_name == "markdown",
        candidates=tuple(dict.fromkeys((settings.source_lang, *settings.languages, lang))),
        reviewed_translations=reviewed or {},
        kept_terms=kept_glossary_terms(project, lang),
        digits=settings.digits_for(lang),
    )


def kept_glossary_terms(project: Project, lang: str) -> tuple[str, ...]:
    """The project glossary's terms not translated in ``lang`` (for the names check); none without a glossary file.

    :raises ConfigError: for a glossary file that cannot be read as one.
    """
    name = project.settings.glossary
    if not name or not (project.root / name).is_file():
        return ()
    glossary = read_project_glossary(project)
    return glossary.kept_terms(lang) if glossary is not None else ()


def entry_checks(disabled: Iterable[str] = (), *, where: str = "checks.disabled") -> dict[str, CheckFunction]:
    """The enabled checks that judge an entry alone: every one but consistency, which compares a
    catalog with the language's other catalogs and only warns. Build, TMX export and the review
    server run these."""
    return {name: check for name, check in enabled_checks(disabled, where=where).items() if name != "consistency"}


def publishing_errors(
    project: Project,
    statement: Statement,
    lang: str,
    catalog: Catalog,
    *,
    include_fuzzy: bool,
    keys: Collection[tuple[str | None, str]] | None = None,
    checks: Mapping[str, CheckFunction] | None = None,
) -> dict[tuple[str | None, str], list[Problem]]:
    """The problems that keep entries from being published, by ``(msgctxt, msgid)``, in catalog order:
    those of severity ``error`` in the entries a build or TMX export would publish. An untranslated
    entry never blocks (the source text stands in for it).

    :param keys: the statement's segments (entries the statement no longer has are not published).
    :param checks: the checks to run (default: :func:`entry_checks` of the settings).
    """
    if checks is None:
        checks = entry_checks(project.settings.disabled_checks)
    ctx = catalog_context(project, statement, lang, catalog)
    found: dict[tuple[str | None, str], list[Problem]] = {}
    for entry in catalog.active():
        if (keys is not None and entry.key not in keys) or not entry.state.is_published(include_fuzzy=include_fuzzy):
            continue
        problems = [p for p in check_entry(ctx, entry, checks) if p.severity == ERROR and p.check != "untranslated"]
        if problems:
            found[entry.key] = problems
    return found


def run_checks(project: Project, *, languages: Sequence[str] = (), statements: Sequence[str] = ()) -> list[Problem]:
    """Check every catalog of the project (or the languages and statements given).

    Catalogs that do not exist yet are skipped (``status`` reports them). The
    consistency check compares with every statement of the language, also
    those not asked for.

    :raises ConfigError: for an unknown check name in the settings.
    :raises FormatError: for a statement name that is not in the project.
    :raises CatalogError: for a catalog that cannot be read, or when there is
        no catalog at all to check.
    """
    settings = project.settings
    checks = enabled_checks(settings.disabled_checks, where=f"{project.config_path}: checks.disabled")
    chosen = list_statements(project, tuple(statements))
    everyone = list_statements(project) if statements and "consistency" in checks else chosen
    langs = project.require_languages(languages)

    problems: list[Problem] = []
    checked = 0
    for lang in langs:
        catalogs: dict[str, Catalog] = {}
        for statement in everyone:
            path = project.catalog_path(statement.slug, lang)
            if path.exists():
                catalogs[statement.slug] = read_catalog(path, display=project.relative(path))
        translations = reviewed_translations(catalogs) if "consistency" in checks else {}
        for statement in chosen:
            catalog = catalogs.get(statement.slug)
            if catalog is None:
                continue
            ctx = catalog_context(project, statement, lang, catalog, reviewed=translations)
            problems.extend(check_catalog(ctx, checks))
            checked += 1
    if not checked:
        raise CatalogError(f"{project.relative(project.locales_dir)}: no catalogs to check for "
                           f"{', '.join(langs)} yet; run `stmtl10n extract` first")
    return problems


def problems_to_dicts(problems: Iterable[Problem]) -> list[dict[str, object]]:
    """Problems as JSON-ready objects (``check --format json``)."""
    return [
        {"statement": p.statement, "lang": p.lang, "msgid": p.msgid, "msgctxt": p.msgctxt, "check": p.check,
         "message": p.message, "reference": p.reference, "severity": p.severity, "catalog": p.extra.get("catalog", "")}
        for p in problems
    ]


__all__ = [
    "CHECKS", "ERROR", "OPT_OUT_PREFIX", "WARNING", "CheckContext", "CheckFunction", "catalog_context",
    "check_catalog", "check_consistency", "check_dates", "check_entry", "check_identifiers", "check_length",
    "check_machine_marks", "check_markup", "check_names", "check_numbers", "check_punctuation", "check_unchanged",
    "check_untranslated", "check_wrong_language", "enabled_checks", "entry_checks", "kept_glossary_terms",
    "length_bounds", "problems_to_dicts", "publishing_errors", "reviewed_translations", "run_checks",
]
