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

import importlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from stmtl10n.catalog import Catalog, Entry, catalog_digest
from stmtl10n.checks.base import (
    ERROR,
    OPT_OUT_PREFIX,
    WARNING,
    CheckContext,
    CheckFunction,
    english,
    length_message,
    problem,
)
from stmtl10n.checks.consistency import check_consistency, consistency_messages, reviewed_translations
from stmtl10n.checks.records import (
    CatalogReport,
    check_key,
    load_record,
    report_of,
    run_key,
    save_record,
    statement_digest,
    worker_count,
)
from stmtl10n.errors import CatalogError, ConfigError
from stmtl10n.glossary import read_project_glossary
from stmtl10n.model import Message, Problem, Statement
from stmtl10n.project import Project, list_statements
from stmtl10n.readings import read_catalog_kept

if TYPE_CHECKING:
    from stmtl10n.checks.completeness import check_length, check_unchanged, check_untranslated, length_bounds
    from stmtl10n.checks.dates import check_dates
    from stmtl10n.checks.identifiers import check_identifiers
    from stmtl10n.checks.language import check_wrong_language
    from stmtl10n.checks.machine import check_machine_marks
    from stmtl10n.checks.markup import check_markup
    from stmtl10n.checks.names import check_names
    from stmtl10n.checks.numbers import check_numbers
    from stmtl10n.checks.punctuation import check_punctuation

# The registry: a check's name (in settings, flags and reports) and where its function is.
# stmtl10n.choices.CHECK_NAMES lists the same names for the settings to be
# validated without importing the checks.
_REGISTRY: dict[str, tuple[str, str]] = {
    "markup": ("markup", "check_markup"),
    "identifiers": ("identifiers", "check_identifiers"),
    "numbers": ("numbers", "check_numbers"),
    "dates": ("dates", "check_dates"),
    "names": ("names", "check_names"),
    "punctuation": ("punctuation", "check_punctuation"),
    "wrong-language": ("language", "check_wrong_language"),
    "untranslated": ("completeness", "check_untranslated"),
    "unchanged": ("completeness", "check_unchanged"),
    "length": ("completeness", "check_length"),
    "machine-marks": ("machine", "check_machine_marks"),
    "consistency": ("consistency", "check_consistency"),
}
# Names this package gives from its modules, loaded on first use (PEP 562).
_LAZY_NAMES = {function: module for module, function in _REGISTRY.values()} | {"length_bounds": "completeness"}


def __getattr__(name: str) -> Any:
    # A check's module loads (with the CLDR tables, langdetect, the signatory parser it needs) only
    # when a check runs: a `check` or `status` whose every result was kept loads none of them.
    if name not in _LAZY_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY_NAMES[name]}"), name)
    globals()[name] = value
    return value


class _Checks(Mapping[str, CheckFunction]):
    """Checks by name, in the order they run and report; each check's module loads when it is looked up."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self._names = names

    def __getitem__(self, name: str) -> CheckFunction:
        if name not in self._names:
            raise KeyError(name)
        function: CheckFunction = __getattr__(_REGISTRY[name][1])
        return function

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


CHECKS: Mapping[str, CheckFunction] = _Checks(tuple(_REGISTRY))
# The one check that looks at entries without a translation.
_EMPTY_ENTRY_CHECKS = frozenset({"untranslated"})


def enabled_checks(disabled: Iterable[str] = (), *, where: str = "checks.disabled") -> dict[str, CheckFunction]:
    """The registry without the checks turned off in the settings.

    :raises ConfigError: for a name that is no check, with the closest name.
    """
    return {name: CHECKS[name] for name in enabled_check_names(disabled, where=where)}


def enabled_check_names(disabled: Iterable[str] = (), *, where: str = "checks.disabled") -> list[str]:
    """The names of :func:`enabled_checks`, in registry order, without loading any check.

    :raises ConfigError: for a name that is no check, with the closest name.
    """
    off = set()
    for name in disabled:
        if name not in _REGISTRY:
            import difflib  # lazy: only a misspelt check name needs it

            close = difflib.get_close_matches(name, list(_REGISTRY), n=1)
            hint = f", did you mean {close[0]!r}?" if close else f"; checks: {', '.join(_REGISTRY)}"
            raise ConfigError(f"{where}: unknown check {name!r}{hint}")
        off.add(name)
    return [name for name in _REGISTRY if name not in off]


def check_entry(ctx: CheckContext, entry: Entry, checks: Mapping[str, CheckFunction] = CHECKS) -> list[Problem]:
    """Run the checks that apply to one entry, honouring its ``no-check-<name>`` flags.

    A translation too long to be one (:func:`~stmtl10n.checks.base.length_message`)
    is one ``length`` error and is not checked further: nothing may take minutes.
    """
    too_long = length_message(entry.msgstr, msgid=entry.msgid, field="translation")
    if too_long is not None:
        return [problem(ctx, entry, "length", too_long)]
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


def entry_checks(disabled: Iterable[str] = (), *, where: str = "checks.disabled") -> Mapping[str, CheckFunction]:
    """The enabled checks that judge an entry alone: every one but consistency, which compares a
    catalog with the language's other catalogs and only warns. Build, TMX export and the review
    server run these.

    Each check's module loads when the check is looked up: a build that replays every
    statement from its records runs none, and loads none.
    """
    return _Checks(tuple(name for name in enabled_check_names(disabled, where=where) if name != "consistency"))



def publishing_errors(
    project: Project,
    statement: Statement,
    lang: str,
    catalog: Catalog,
    *,
    include_fuzzy: bool,
    keys: Collection[tuple[str | None, str]] | None = None,
    checks: Mapping[str, CheckFunction] | None = None,
    digest: str | None = None,
) -> dict[tuple[str | None, str], list[Problem]]:
    """The problems that keep entries from being published, by ``(msgctxt, msgid)``, in catalog order:
    those of severity ``error`` in the entries a build or TMX export would publish. An untranslated
    entry never blocks (the source text stands in for it).

    :param keys: the statement's segments (entries the statement no longer has are not published).
    :param checks: the checks to run (default: :func:`entry_checks` of the settings).
    :param digest: the SHA-256 of the file ``catalog`` was read from, unchanged
        since: the problems a ``check`` or ``status`` found in that file are
        then taken from its record instead of checking again.
    """
    if checks is None:
        checks = entry_checks(project.settings.disabled_checks)
    active = list(catalog.active())
    known = _recorded_problems(project, statement, lang, checks, active, digest) if digest is not None else None
    ctx = catalog_context(project, statement, lang, catalog) if known is None else None
    found: dict[tuple[str | None, str], list[Problem]] = {}
    for at, entry in enumerate(active):
        if (keys is not None and entry.key not in keys) or not entry.state.is_published(include_fuzzy=include_fuzzy):
            continue
        checked = check_entry(ctx, entry, checks) if ctx is not None else (known or {}).get(at, [])
        problems = [p for p in checked if p.severity == ERROR and p.check != "untranslated"]
        if problems:
            found[entry.key] = problems
    return found


def _recorded_problems(project: Project, statement: Statement, lang: str, checks: Mapping[str, CheckFunction],
                       active: Sequence[Entry], digest: str) -> dict[int, list[Problem]] | None:
    """The problems the record of this very catalog file holds, by entry position; None without one."""
    if any(CHECKS.get(name) is not check for name, check in checks.items()):
        return None  # checks of the caller's own: nothing recorded for them
    key = check_key(run_key(project, list(checks)), statement, lang,
                    statement_digest=statement_digest(project, statement))
    report = load_record(project, statement, lang, digest=digest, key=key)
    if report is None or report.problems is None:
        return None
    by_position: dict[int, list[Problem]] = {}
    for at, found in zip(report.positions, report.problems, strict=True):
        if at >= len(active) or active[at].key != (found.msgctxt, found.msgid):
            return None  # not this catalog after all
        by_position.setdefault(at, []).append(found)
    return by_position


def run_checks(project: Project, *, languages: Sequence[str] = (), statements: Sequence[str] = ()) -> list[Problem]:
    """Check every catalog of the project (or the languages and statements given).

    Catalogs that do not exist yet are skipped (``status`` reports them). The
    consistency check compares with every statement of the language, also
    those not asked for. What an earlier run found in a catalog that has not
    changed since is read back from ``.stmtl10n-cache/checks/`` (see
    :mod:`stmtl10n.checks.records`); the catalogs to check are spread over the
    cores when there are many.

    :raises ConfigError: for an unknown check name in the settings.
    :raises FormatError: for a statement name that is not in the project.
    :raises CatalogError: for a catalog that cannot be read, or when there is
        no catalog at all to check.
    """
    return check_project(project, languages=languages, statements=statements).problems


@dataclass(slots=True)
class ProjectCheck:
    """What :func:`check_project` found.

    :param reports: each existing catalog of the statements asked for, by ``(statement slug, lang)``.
    :param problems: every problem, in the order ``stmtl10n check`` lists them (by language, statement, entry).
    """

    reports: dict[tuple[str, str], CatalogReport]
    problems: list[Problem]


def check_project(project: Project, *, languages: Sequence[str] = (), statements: Sequence[str] = (),
                  with_problems: bool = True) -> ProjectCheck:
    """Each catalog's progress and, with ``with_problems``, its problems: every catalog read at most once.

    :param with_problems: run the checks (else only the progress is read, and
        ``problems`` is empty; a missing catalog then raises nothing).
    :raises ConfigError: for an unknown check name in the settings.
    :raises FormatError: for a statement name that is not in the project.
    :raises CatalogError: for a catalog that cannot be read, or, with
        ``with_problems``, when there is no catalog at all to check.
    """
    checks = (enabled_check_names(project.settings.disabled_checks, where=f"{project.config_path}: checks.disabled")
              if with_problems else [])
    compare = "consistency" in checks
    chosen = list_statements(project, tuple(statements))
    everyone = list_statements(project) if statements and compare else chosen
    langs = project.require_languages(languages)
    asked = {statement.slug for statement in chosen}
    names = [name for name in checks if name != "consistency"] if with_problems else None
    wanted = [(statement, lang, statement.slug in asked) for lang in langs for statement in everyone]
    reports = _catalog_reports(project, wanted, names)

    problems: list[Problem] = []
    for lang in langs:
        translations = _reviewed_by_key([reports[(s.slug, lang)] for s in everyone if (s.slug, lang) in reports])
        for statement in chosen:
            report = reports.get((statement.slug, lang))
            if report is not None and with_problems:
                problems.extend(_with_consistency(report, translations) if compare else report.problems or [])
    chosen_reports = {key: report for key, report in reports.items() if key[0] in asked}
    if with_problems and not chosen_reports:
        raise CatalogError(f"{project.relative(project.locales_dir)}: no catalogs to check for "
                           f"{', '.join(langs)} yet; run `stmtl10n extract` first")
    return ProjectCheck(chosen_reports, problems)


# Below this many catalogs to check per core, starting worker processes costs more than it saves.
_CATALOGS_PER_WORKER = 4


def _catalog_reports(project: Project, wanted: Sequence[tuple[Statement, str, bool]],
                     names: Sequence[str] | None) -> dict[tuple[str, str], CatalogReport]:
    """The report of each existing catalog of ``wanted`` (statement, language, whether to check it):
    from its record when the catalog has not changed since, else read (and checked) now."""
    run = run_key(project, names) if names is not None else ""
    _verdicts.clear()  # what the checks said is kept for one run (of one version of the code) only
    statement_digests: dict[str, str] = {}
    reports: dict[tuple[str, str], CatalogReport] = {}
    jobs: list[_Job] = []
    for statement, lang, is_checked in wanted:
        path = project.catalog_path(statement.slug, lang)
        if not path.exists():
            continue
        key = None
        checked: tuple[str, ...] | None = None
        if names is not None and is_checked:
            checked = tuple(names)
            if statement.slug not in statement_digests:
                statement_digests[statement.slug] = statement_digest(project, statement)
            key = check_key(run, statement, lang, statement_digest=statement_digests[statement.slug])
        digest = catalog_digest(path)
        report = load_record(project, statement, lang, digest=digest, key=key) if digest is not None else None
        if report is not None:
            reports[(statement.slug, lang)] = report
        else:
            jobs.append(_Job(project, statement, lang, key, checked))
    workers = worker_count(len(jobs), _CATALOGS_PER_WORKER)
    if workers <= 1:
        done = [job.run() for job in jobs]
    else:
        # The first catalog of each language is checked here, before the workers are forked: they
        # inherit what it loaded (langdetect's profiles, CLDR's month and country names) instead of
        # each loading it again.
        first = {job.lang: index for index, job in reversed(list(enumerate(jobs)))}
        warm = {index: jobs[index].run() for index in sorted(first.values())}
        rest = [job for index, job in enumerate(jobs) if index not in warm]
        import multiprocessing  # lazy: only a project large enough for workers pays for it
        from concurrent.futures import ProcessPoolExecutor  # lazy: the same

        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            forked = iter(pool.map(_Job.run, rest, chunksize=max(1, len(rest) // (workers * 4))))
            done = [warm[index] if index in warm else next(forked) for index in range(len(jobs))]
    _verdicts.clear()
    for report in done:
        reports[(report.statement, report.lang)] = report
    return reports


@dataclass(frozen=True, slots=True)
class _Job:
    """Reading (and checking) one catalog: picklable, for a worker process."""

    project: Project
    statement: Statement
    lang: str
    key: str | None
    names: tuple[str, ...] | None  # the checks to run; None: only read the catalog

    def run(self) -> CatalogReport:
        project, statement, lang = self.project, self.statement, self.lang
        path = project.catalog_path(statement.slug, lang)
        shown = project.relative(path)
        catalog, digest = read_catalog_kept(project, path, display=shown)
        report = report_of(catalog, statement=statement.slug, lang=lang, path=shown)
        if self.names is not None:
            ctx = catalog_context(project, statement, lang, catalog)
            checks = {name: CHECKS[name] for name in self.names}
            problems: list[Problem] = []
            for at, entry in enumerate(catalog.active()):
                found = _check_alike(ctx, entry, checks)
                problems += found
                report.positions += [at] * len(found)
            report.problems = problems
        if digest is not None:  # None when the file changed while it was read: a record describes one file
            save_record(project, statement, report, digest=digest, key=self.key)
        return report


# What the entry checks said about an entry already checked in this run, by everything of the
# entry and its context they read: a segment translated the same way in several statements (a
# signatory, a heading, a paragraph the statements share) is checked once per language. Only the
# entry's place (statement, catalog, reference) differs, and problem() takes it from the entry.
_verdicts: dict[tuple[object, ...], list[Problem]] = {}


def _check_alike(ctx: CheckContext, entry: Entry, checks: Mapping[str, CheckFunction]) -> list[Problem]:
    """``check_entry(ctx, entry, checks)``, answered from :data:`_verdicts` for an entry checked before."""
    key = (ctx.lang, ctx.source_lang, ctx.is_markdown, ctx.candidates, ctx.kept_terms, ctx.digits, tuple(checks),
           entry.msgid, entry.msgstr, tuple(entry.flags))
    verdict = _verdicts.get(key)
    if verdict is not None:
        return [_placed(ctx, entry, found) for found in verdict]
    found = check_entry(ctx, entry, checks)
    _verdicts[key] = found
    return found


def _placed(ctx: CheckContext, entry: Entry, found: Problem) -> Problem:
    """What ``found`` says (check, message, wording, severity), at ``entry``'s place."""
    placed = problem(ctx, entry, found.check, found.wording or Message(found.message), severity=found.severity,
                     text=found.message)
    return placed if found.wording is not None else replace(placed, wording=None)  # a check of the caller's own


def _reviewed_by_key(reports: Sequence[CatalogReport]) -> dict[tuple[str | None, str], dict[str, tuple[str, ...]]]:
    """:func:`reviewed_translations` of one language's catalogs, from their reports."""
    found: dict[tuple[str | None, str], dict[str, tuple[str, ...]]] = {}
    for report in reports:
        for reviewed in report.reviewed:
            by_text = found.setdefault(reviewed.key, {})
            by_text[reviewed.text] = (*by_text.get(reviewed.text, ()), report.statement)
    return found


def _with_consistency(report: CatalogReport,
                      translations: Mapping[tuple[str | None, str], Mapping[str, tuple[str, ...]]]) -> list[Problem]:
    """The report's problems with the consistency check's merged in, each after its entry's other problems."""
    ordered = [(at, 0, index, p) for index, (at, p) in enumerate(zip(report.positions, report.problems or (),
                                                                      strict=True))]
    for index, reviewed in enumerate(report.reviewed):
        if not reviewed.checked:
            continue
        for wording in consistency_messages(translations.get(reviewed.key, {}), reviewed.text,
                                            statement=report.statement):
            ordered.append((reviewed.position, 1, index, Problem(
                statement=report.statement, lang=report.lang, msgid=reviewed.msgid, check="consistency",
                message=english(wording), reference=reviewed.reference, severity=WARNING, msgctxt=reviewed.msgctxt,
                extra={"catalog": report.path}, wording=wording)))
    return [p for *_, p in sorted(ordered, key=lambda row: row[:3])]


def problems_to_dicts(problems: Iterable[Problem]) -> list[dict[str, object]]:
    """Problems as JSON-ready objects (``check --format json``)."""
    return [
        {"statement": p.statement, "lang": p.lang, "msgid": p.msgid, "msgctxt": p.msgctxt, "check": p.check,
         "message": p.message, "reference": p.reference, "severity": p.severity, "catalog": p.extra.get("catalog", "")}
        for p in problems
    ]


__all__ = [
    "CHECKS",
    "ERROR",
    "OPT_OUT_PREFIX",
    "WARNING",
    "CatalogReport",
    "CheckContext",
    "CheckFunction",
    "ProjectCheck",
    "catalog_context",
    "check_catalog",
    "check_consistency",
    "check_dates",
    "check_entry",
    "check_identifiers",
    "check_length",
    "check_machine_marks",
    "check_markup",
    "check_names",
    "check_numbers",
    "check_project",
    "check_punctuation",
    "check_unchanged",
    "check_untranslated",
    "check_wrong_language",
    "enabled_checks",
    "entry_checks",
    "kept_glossary_terms",
    "length_bounds",
    "problems_to_dicts",
    "publishing_errors",
    "reviewed_translations",
    "run_checks",
]
