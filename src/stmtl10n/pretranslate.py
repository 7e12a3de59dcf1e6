"""Pretranslate: fill the empty entries of the catalogs from memory, signatories and a machine engine.

For each empty entry, in order: a ``no-translate`` segment is copied; the
translation memory gives an exact or close match; a signatory line keeps its
names and organizations and gets its country localized, which completes it
(no reviewer needed) unless it has a role to translate ("actor": from the
roles reviewers translated, else the engine; a draft) or a place CLDR does not
name (a draft); everything else goes to the machine engine of its language,
each distinct text once per language. Entries someone translated, reviewed
or drafted are never touched.

What survives a fault: each language's memory, signatory and copied fills
are appended to its journal (under the cache folder, one ``write()``: once it
returns, killing the process cannot lose it) before its engine is asked to
translate anything, so a refused key, a dead network or a kill cannot lose
them; they reach the catalogs with the first answered batch, or when the
language stops. Each language's engine works through batches, one request in
flight at a time; the engines are chosen (DeepL's language list) while the
catalogs are planned, and a batch leaves as soon as the texts weighed so far
tell where it ends. Each answered batch is appended to the journal before the
next batch is sent, and a writer thread puts it into the catalogs, under
their lock, while the next batches are in flight: each catalog when the last
of its entries the engine was asked for is answered (rendering a catalog
costs more than a request). A run killed at any moment therefore loses at
most the batch in flight of each language: the next run writes every
journaled batch into its catalogs before it plans anything, and picks up
from there. DeepL bills that batch again, so an engine that bills says how
large a share of a language's job one batch may be (``max_batch_share``, 5 %
for DeepL). A language whose engine fails stops alone (its answered batches
are written first), the others go on, and every language that failed is named.

Nothing to do costs almost nothing: the digest of every catalog in which no
entry needs a draft is remembered under the cache folder, and a catalog whose
content has such a digest is neither parsed nor planned again. When no
catalog of the run needs anything, neither the memory nor any engine is opened.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from stmtl10n import __version__
from stmtl10n._io import atomic_write, file_digest, file_lock
from stmtl10n.catalog import Catalog, Entry, read_catalog, render_catalog_and_reading
from stmtl10n.errors import EngineError
from stmtl10n.model import NO_TRANSLATE_FLAG, SIGNATORY_FLAG
from stmtl10n.project import Project, list_statements
from stmtl10n.readings import kept_catalog, write_catalog_kept

if TYPE_CHECKING:
    from stmtl10n.engines import Engine, PlansRequests
    from stmtl10n.memory import TranslationMemory
    from stmtl10n.signatory_drafts import SignatoryDraft

#: Called from worker threads as batches finish: ``(lang, segments done, segments to do)``.
ProgressCallback = Callable[[str, int, int], None]

# DeepL's documented limits per request (50 texts, 128 KiB body), used when an
# engine does not state its own; the character bound leaves room for JSON and XML tags.
_DEFAULT_BATCH_SEGMENTS = 50
_DEFAULT_BATCH_CHARACTERS = 60_000
_UNKNOWN_WORDS_PREFIX = "stmtl10n: unknown words: "
# Under the project's cache folder: the journals of answered batches, and the
# digests of the catalogs that need nothing.
_JOURNAL_DIR = "pretranslate"
_COMPLETE_FILE = "pretranslate-complete.json"
# Seconds a catalog's answered fills wait at most for the rest of its entries before
# they are written (see _Writer); the journal holds them meanwhile. A catalog holding a
# text first sent for an earlier one gets that translation long before its own: written
# at each such wait, it would be rendered many times over in a long job.
_WRITE_INTERVAL = 10.0
# Texts weighed between two wake-ups of a language's thread waiting for weights.
_WEIGHTS_NOTIFY_EVERY = 16
# Catalogs to parse from which the parsing is spread over worker processes.
_PARALLEL_FROM = 64

Key = tuple[str | None, str]


@dataclass(slots=True)
class LanguageResult:
    """What pretranslate did (or, with ``dry_run``, would do) for one language.

    :param engine: how the machine part is translated (``deepl``, ``apertium en>es>fr``),
        None when no engine can do this language; with ``dry_run``, for an engine that
        can say, where and in how many requests (``libretranslate at http://… (3 requests)``).
    :param note: why the machine part was skipped, for the user (one line).
    :param memory_exact: entries filled with an identical source's translation.
    :param memory_close: entries filled with a similar source's translation (fuzzy).
    :param signatories: signatory entries filled without the engine (names copied, country
        localized, roles from reviewed lines); complete unless a role or an unknown place is in them.
    :param copied: ``no-translate`` entries copied.
    :param machine: entries filled by the engine.
    :param segments: distinct texts for the engine (sent, or to send with ``dry_run``).
    :param characters: their characters.
    :param billed_characters: characters the engine bills for them (DeepL; 0 for free engines).
    :param batches: engine batches sent (an engine may split one into several requests).
    :param left: entries still empty afterwards (no engine, or stopped).
    :param requests: with ``dry_run``, the requests the engine would send (LibreTranslate, llm; else 0).
    """

    lang: str
    engine: str | None = None
    note: str | None = None
    memory_exact: int = 0
    memory_close: int = 0
    signatories: int = 0
    copied: int = 0
    machine: int = 0
    segments: int = 0
    characters: int = 0
    billed_characters: int = 0
    batches: int = 0
    left: int = 0
    requests: int = 0

    @property
    def filled(self) -> int:
        return self.memory_exact + self.memory_close + self.signatories + self.copied + self.machine


@dataclass(slots=True)
class PretranslateResult:
    """The outcome of a run, one entry per language, plus notes (missing catalogs…)."""

    languages: list[LanguageResult]
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Fill:
    """A msgstr decided for one entry, with how it must be marked.

    ``is_machine``: the engine's (counted in :attr:`LanguageResult.machine`); not journaled.
    """

    msgstr: str
    provenance: str
    is_fuzzy: bool = True
    unknown_words: tuple[str, ...] = ()
    is_machine: bool = False


@dataclass(slots=True)
class _SignatoryWait:
    """A signatory entry waiting for the engine's translation of each of its roles."""

    draft: SignatoryDraft
    path: Path
    key: Key
    translations: dict[str, str] = field(default_factory=dict)
    unknown_words: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _MachineText:
    """A distinct source text a language needs from its engine, and the entries waiting for it.

    ``targets`` take the translation as their msgstr; ``signatories`` take it
    as a role in their line.
    """

    text: str
    context: str
    targets: list[tuple[Path, Key]] = field(default_factory=list)
    signatories: list[_SignatoryWait] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """Entries this text is for (a signatory with two roles counts at its first)."""
        return len(self.targets) + sum(1 for wait in self.signatories if wait.draft.roles[0] == self.text)


@dataclass(slots=True)
class _LanguagePlan:
    result: LanguageResult
    engine: Engine | None = None
    local_fills: dict[Path, dict[Key, _Fill]] = field(default_factory=lambda: defaultdict(dict))
    machine: dict[str, _MachineText] = field(default_factory=dict)  # by text, in first-seen order
    roles: dict[str, str] | None = None  # role → translation, learned from reviewed signatory lines
    notes: list[str] = field(default_factory=list)  # texts the engine gave nothing for, one line each


def pretranslate(
    project: Project,
    *,
    languages: Sequence[str] = (),
    names: Sequence[str] = (),
    engine_name: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    today: date | None = None,
) -> PretranslateResult:
    """Fill the empty entries of every catalog of the project (or of ``languages`` / ``names``).

    :param engine_name: the machine engine for every language (``deepl``, ``apertium``);
        default: the project's ``engines`` setting per language, then DeepL when
        ``DEEPL_AUTH_KEY`` is set, else Apertium.
    :param dry_run: count what would be filled and billed; write nothing, call no engine.
    :param progress: told of each finished batch, from the language's thread.
    :param today: the date written in provenance comments (default: today, UTC).
    :raises EngineError: (EngineQuotaError, EngineAuthError, EngineNetworkError …) when an
        engine fails: one line per language that failed, in the project's order (the
        others finish). The memory and signatory fills and every batch finished are
        saved, so running again continues.
    :raises CatalogError: for a catalog that cannot be read.
    :raises ConfigError: for a language that is not the project's.
    """
    stamp = (today or datetime.now(UTC).date()).isoformat()
    langs = project.require_languages(languages)
    statements = list_statements(project, tuple(names))
    result = PretranslateResult([], dry_run=dry_run)
    catalogs = _Catalogs(project)
    if not dry_run:
        _replay_journals(project, catalogs)  # what a killed run was answered and did not write

    # A catalog whose content is one known to need nothing is not parsed; one parsed
    # that needs nothing is remembered. The memory is opened only for the others.
    complete = _CompleteCatalogs(project)
    plans = [_LanguagePlan(LanguageResult(lang)) for lang in langs]
    to_plan: list[tuple[_LanguagePlan, Path, Catalog]] = []
    to_read: list[tuple[_LanguagePlan, Path, str]] = []
    langs_by_path: dict[Path, str] = {}
    for plan in plans:
        lang = plan.result.lang
        for statement in statements:
            path = project.catalog_path(statement.slug, lang)
            digest = file_digest(path, display=_relative(project, path))
            if digest is None:
                result.notes.append(f"{_relative(project, path)}: no catalog yet; run `stmtl10n extract` first")
                continue
            langs_by_path[path] = lang
            if not complete.holds(path, digest):
                to_read.append((plan, path, digest))
    for (plan, path, digest), catalog in zip(to_read, catalogs.read_all([(p, d) for _, p, d in to_read]), strict=True):
        if _is_complete(catalog, plan.result.lang):
            complete.add(path, digest)
        else:
            to_plan.append((plan, path, catalog))
    if not to_plan:
        # Nothing to fill anywhere: no memory to open, no engine to ask.
        if not dry_run:
            complete.save()
        result.languages = [plan.result for plan in plans]
        return result
    # The memory indexes the catalogs just parsed from their parse, not from their files.
    parsed = {path: (digest, catalog) for path, digest, catalog in catalogs.known()}
    from stmtl10n.memory import open_memory  # lazy: a run with nothing to do needs none

    # Choosing an engine may ask it which languages it has (a DeepL request per
    # language, and loading its client): done in threads while the catalogs are
    # planned. A language it fails for is named with the others at the end; its
    # memory and signatory fills are saved all the same (_run_engines).
    failures: dict[str, BaseException] = {}
    with ThreadPoolExecutor(max_workers=len(langs) or 1, thread_name_prefix="engine-choice") as pool:
        choices = {lang: pool.submit(_choose_engine, project, lang, engine_name, dry_run=dry_run) for lang in langs}
        with open_memory(project, parsed=parsed) as memory:
            for plan, path, catalog in to_plan:
                _plan_catalog(project, plan, catalog, path, memory, stamp=stamp)
        for plan in plans:
            try:
                plan.engine, plan.result.engine, plan.result.note = choices[plan.result.lang].result()
            except EngineError as exc:
                failures[plan.result.lang] = exc

    for plan in plans:
        _count_machine_work(plan, dry_run=dry_run)
        result.languages.append(plan.result)
    if dry_run:
        if failures:
            raise _failure(plans, failures, saved=False)
        return result

    try:
        _run_engines(project, plans, catalogs, failures, stamp=stamp, progress=progress)
    finally:
        # Every catalog as this run left it that needs nothing more: the next run skips it.
        for path, digest, catalog in catalogs.known():
            catalog_lang = langs_by_path.get(path)
            if catalog_lang is not None and digest is not None and _is_complete(catalog, catalog_lang):
                complete.add(path, digest)
        complete.save()
    for plan in plans:
        result.notes.extend(plan.notes)
    return result


def _relative(project: Project, path: Path) -> str:
    """``project.relative(path)`` without its resolve(), a stat per folder: the catalogs' paths are built under the root."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return project.relative(path)


def _is_complete(catalog: Catalog, lang: str) -> bool:
    """No entry of ``catalog`` needs a draft: pretranslate has nothing to do in it."""
    return not any(_needs_draft(entry, lang) for entry in catalog.active())


def _choose_engine(
    project: Project, lang: str, engine_name: str | None, *, dry_run: bool
) -> tuple[Engine | None, str | None, str | None]:
    """The engine for ``lang``, its route (for provenance) and a note when it cannot translate."""
    from stmtl10n.engines import default_engine_name, get_engine  # lazy: a run with nothing to do needs none

    source = project.settings.source_lang
    name = engine_name or project.settings.engines.get(lang) or default_engine_name(lang, project.settings)
    try:
        engine = get_engine(name, project=project)
    except EngineError as exc:
        if not dry_run:
            raise
        # A dry run estimates the bill before the key is set up: count anyway.
        return None, name, f"{lang}: {exc}"
    if dry_run and (name == "deepl" or _planner(engine) is not None):
        # Asking DeepL or a LibreTranslate server which languages it has is a
        # request, and a dry run sends none (_count_machine_work says where it would send).
        return engine, name, None
    route = engine.route(source, lang)
    if route is not None:
        return engine, route, None
    if name == "apertium":
        return None, None, f"{lang}: no offline engine; set DEEPL_AUTH_KEY to translate with DeepL"
    hint = getattr(engine, "missing_pair_hint", None)  # what the server has instead, how to add the language
    if callable(hint):
        return None, None, f"{lang}: {hint(source, lang)}"
    return None, None, f"{lang}: {name} cannot translate {source} to {lang}; choose another engine with --engine"


def _plan_catalog(
    project: Project, plan: _LanguagePlan, catalog: Catalog, path: Path, memory: TranslationMemory, *, stamp: str
) -> None:
    from stmtl10n.signatory_drafts import SignatoryDraft  # lazy: a run with nothing to do needs none

    lang = plan.result.lang
    rel = _relative(project, path)
    active = list(catalog.active())
    for position, entry in enumerate(active):
        if not _needs_draft(entry, lang):
            continue
        fill = _local_fill(entry, lang, memory, origin=rel, stamp=stamp, plan=plan)
        if isinstance(fill, _Fill):
            plan.local_fills[path][entry.key] = fill
        elif isinstance(fill, SignatoryDraft):
            # Each role is a text for the engine, with the whole line as its context
            # (the person's name tells DeepL "actriz" from "actor").
            wait = _SignatoryWait(fill, path, entry.key)
            for role in fill.roles:
                _machine_text(plan, role, entry.msgid).signatories.append(wait)
        else:
            _machine_text(plan, entry.msgid, _neighbours(active, position)).targets.append((path, entry.key))


def _machine_text(plan: _LanguagePlan, text: str, context: str) -> _MachineText:
    waiting = plan.machine.get(text)
    if waiting is None:
        waiting = plan.machine[text] = _MachineText(text, context)
    return waiting


def _needs_draft(entry: Entry, lang: str) -> bool:
    """An empty entry, or an engine's draft of a source that has changed since,
    or a signatory line pretranslate completed whose source changed (a name corrected).

    Any other fuzzy entry is a reviewer's business: a draft of the current
    source, or a human translation of the previous one ("#|"), which a reviewer
    adapts. An engine's draft of an old source is worth nothing, so it is
    drafted again, as a fuzzy draft of the current source (the "#|" goes: no
    part of the old translation is left to compare).
    """
    if entry.obsolete:
        return False
    if not entry.msgstr:
        return True
    if entry.previous_msgid is None:
        return False
    # A signatory line pretranslate completed is copied again when its source
    # changed (a name corrected): that costs nothing, and nobody had worked on it.
    if entry.is_machine_written and (entry.provenance or "").startswith("mt "):
        return True
    # Only if the msgstr is still the copy: a Poedit user may have edited it and kept the comment.
    if not entry.is_copied_signatory:
        return False
    from stmtl10n.signatory_drafts import draft_signatory  # lazy: a run with nothing to do needs none

    return entry.msgstr == draft_signatory(entry.previous_msgid, lang).compose({})


def _local_fill(
    entry: Entry, lang: str, memory: TranslationMemory, *, origin: str, stamp: str, plan: _LanguagePlan
) -> _Fill | SignatoryDraft | None:
    """The fill that needs no engine, or the signatory's roles the engine must translate, or None."""
    from stmtl10n.memory import fit_markup, same_markup, shorten  # lazy: a run with nothing to do needs none
    from stmtl10n.signatory_drafts import draft_signatory, learned_roles  # lazy: a run with nothing to do needs none

    result = plan.result
    if NO_TRANSLATE_FLAG in entry.flags:
        result.copied += 1
        return _Fill(entry.msgid, "copied")
    is_signatory = SIGNATORY_FLAG in entry.flags
    exact = memory.exact(entry.msgid, lang, exclude=(origin, entry.msgctxt))
    if exact is not None and same_markup(entry.msgid, exact.target):
        # (A translation that lost the source's bold or a link is no match: it would be reused as translated.)
        result.memory_exact += 1
        if exact.is_reviewed:
            # A human approved this very translation of this very text: reuse it as
            # translated, unless reviewers disagree, then a reviewer picks.
            return _Fill(exact.target, f"memory 100% {shorten(exact.source)}", is_fuzzy=exact.alternatives > 1)
        # An engine's draft for the same text: the same draft again, saying whose it is.
        return _Fill(exact.target, exact.provenance or f"memory 100% {shorten(exact.source)}")
    if is_signatory:
        draft = draft_signatory(entry.msgid, lang)
        if draft.roles:
            if plan.roles is None:
                plan.roles = learned_roles(memory.reviewed_signatories(lang), lang)
            if not all(role in plan.roles for role in draft.roles):
                return draft
            # A reviewer's "actriz" may not fit the next actor: a draft to look at.
            result.signatories += 1
            return _Fill(draft.compose(plan.roles), f"signatory {stamp}, roles from memory")
        result.signatories += 1
        # Names copied and the country CLDR's: nothing for a reviewer, unless CLDR does not know the place.
        return _Fill(draft.compose({}), f"signatory {stamp}", is_fuzzy=not draft.country_known)
    # The best close match whose translation takes the new source's markup (see fit_markup).
    for match in memory.close_matches(entry.msgid, lang, limit=3):
        fitted = fit_markup(match.target, source=entry.msgid)
        if fitted is not None:
            result.memory_close += 1
            return _Fill(fitted, f"memory {match.score}% {shorten(match.source)}")
    return None


def _neighbours(active: list[Entry], position: int) -> str:
    # DeepL's `context`: the paragraphs around a segment, so a heading or a
    # slogan is translated as part of its statement (not billed).
    around = [active[i].msgid for i in (position - 1, position + 1) if 0 <= i < len(active)]
    return "\n\n".join(around)


def _count_machine_work(plan: _LanguagePlan, *, dry_run: bool) -> None:
    result = plan.result
    waiting = sum(item.waiting for item in plan.machine.values())
    # A dry run without a usable engine (no key yet) still counts what DeepL would bill.
    can_translate = plan.engine is not None or (dry_run and result.engine is not None)
    if not can_translate:
        result.left = waiting
    elif dry_run:
        texts = list(plan.machine.values())
        result.segments = len(texts)
        result.characters = sum(len(item.text) for item in texts)
        result.billed_characters = _billable(result.engine, texts)
        planner = _planner(plan.engine)
        if planner is not None and plan.engine is not None and texts:
            # The same batches a run would make; each engine says how many requests one takes.
            batches = _batches(texts, plan.engine, _Weights(result.engine, texts, background=False))
            result.requests = sum(planner.count_requests([item.text for item in batch]) for batch in batches)
            plural = "" if result.requests == 1 else "s"
            result.engine = f"{planner.describe()} ({result.requests:,} request{plural})"


def _planner(engine: Engine | None) -> PlansRequests | None:
    """``engine`` when it can say how it would send a batch (for dry runs), else None."""
    from stmtl10n.engines import PlansRequests  # lazy: a run with nothing to do needs none

    candidate: object = engine  # mypy cannot intersect the two protocols; a plain object it can narrow
    return candidate if isinstance(candidate, PlansRequests) else None


def _billable(route: str | None, texts: Iterable[_MachineText]) -> int:
    if route is None or not route.startswith("deepl"):
        return 0  # only DeepL bills
    from stmtl10n.engines.deepl_engine import billable_characters  # lazy: loads the deepl client

    return sum(billable_characters(item.text) for item in texts)


# --- writing ---------------------------------------------------------------------------------


class _Catalogs:
    """The catalogs as this run last read or wrote them, reused while their file is unchanged.

    Every batch writes a few catalogs; parsing each again before each write
    would cost more than the write. A file counts as unchanged while its
    content digest is the one seen, so a reviewer's save is always read.
    """

    def __init__(self, project: Project) -> None:
        self._project = project
        self._known: dict[Path, tuple[str | None, Catalog]] = {}

    def read(self, path: Path, *, digest: str | None = None) -> Catalog:
        """The catalog at ``path``; ``digest``: its content's, when the caller just took it."""
        # Taken before reading: a change during the read is seen next time.
        fingerprint = digest or file_digest(path)
        known = self._known.get(path)
        if known is not None and known[0] == fingerprint:
            return known[1]
        shown = self._project.relative(path)
        # The reading extract (or the last run) kept of this very file, else a parse.
        kept = kept_catalog(self._project, shown, fingerprint) if fingerprint is not None else None
        catalog = kept if kept is not None else read_catalog(path, display=shown)
        self._known[path] = (fingerprint, catalog)
        return catalog

    def read_all(self, paths: Sequence[tuple[Path, str]]) -> list[Catalog]:
        """The catalogs at ``paths`` (each with its content's digest, just taken), in order.

        Parsing is most of the cost of planning a first run (polib, about 20 ms
        a catalog): many catalogs are parsed in worker processes, as the memory does.
        """
        workers = min(os.cpu_count() or 1, 8)
        kept = {path: found for path, digest in paths
                if (found := kept_catalog(self._project, self._project.relative(path), digest)) is not None}
        for path, digest in paths:
            if path in kept:
                self._known[path] = (digest, kept[path])
        unread = [(path, digest) for path, digest in paths if path not in kept]
        if len(unread) < _PARALLEL_FROM or workers < 2:
            return [self.read(path, digest=digest) for path, digest in paths]
        import multiprocessing  # lazy: only for many catalogs
        from concurrent.futures import ProcessPoolExecutor  # lazy: only for many catalogs

        # Not "fork": the caller may run threads (the review server), and forking those is unsafe.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        jobs = [(path, self._project.relative(path)) for path, _ in unread]
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parsed = list(pool.map(_read_catalog_job, jobs, chunksize=8))
        for (path, digest), catalog in zip(unread, parsed, strict=True):
            self._known[path] = (digest, catalog)
        return [self._known[path][1] for path, _ in paths]

    def write(self, path: Path, catalog: Catalog) -> None:
        self._known.pop(path, None)
        text, reading = render_catalog_and_reading(catalog)
        # Kept: the check or build after this run, and its next batch, parse nothing.
        self._known[path] = (write_catalog_kept(self._project, path, text, reading), catalog)

    def forget(self, path: Path) -> None:
        self._known.pop(path, None)

    def known(self) -> list[tuple[Path, str | None, Catalog]]:
        """``(path, digest, catalog)`` of every catalog as this run last read or wrote it."""
        return [(path, digest, catalog) for path, (digest, catalog) in list(self._known.items())]


class _CompleteCatalogs:
    """The digests of catalogs in which no entry needs a draft, kept between runs under the cache folder.

    A content digest, not a size and time: a catalog someone changed is
    planned again whatever its clock says. The record is the package
    version's: another version may draft other entries.
    """

    def __init__(self, project: Project) -> None:
        self._project = project
        self._path = project.cache_dir / _COMPLETE_FILE
        self._digests = self._load()
        self._added: dict[str, str] = {}

    def _load(self) -> dict[str, str]:
        try:
            record = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or damaged: a cache, planned again
        if not isinstance(record, dict) or record.get("version") != __version__:
            return {}
        digests = record.get("catalogs")
        return {str(k): str(v) for k, v in digests.items()} if isinstance(digests, dict) else {}

    def holds(self, path: Path, digest: str) -> bool:
        return self._digests.get(_relative(self._project, path)) == digest

    def add(self, path: Path, digest: str) -> None:
        rel = _relative(self._project, path)
        if self._digests.get(rel) != digest:
            self._digests[rel] = self._added[rel] = digest

    def save(self) -> None:
        """Add what this run found to the record (another run's additions kept)."""
        if not self._added:
            return
        with file_lock(self._project.lock_path(self._path)):
            on_disk = self._load()
            on_disk.update(self._added)
            text = json.dumps({"version": __version__, "catalogs": dict(sorted(on_disk.items()))}, indent=0)
            atomic_write(self._path, text + "\n")
        self._added.clear()



def _read_catalog_job(job: tuple[Path, str]) -> Catalog:
    return read_catalog(job[0], display=job[1])


def _apply(project: Project, catalogs: _Catalogs, path: Path, fills: dict[Key, _Fill], lang: str) -> list[_Fill]:
    """Write ``fills`` into the catalog at ``path``, to entries that are still empty; the fills written.

    The catalog is read again under its lock (unless this run wrote it last):
    a reviewer's or extract's change since the plan was made wins over this run's draft.
    """
    if not fills:
        return []
    with file_lock(project.lock_path(path)):
        catalog = catalogs.read(path)
        try:
            applied = _fill_catalog(catalog, fills, lang)
            if applied:
                catalogs.write(path, catalog)
        except BaseException:
            catalogs.forget(path)  # filled in memory, maybe not on disk
            raise
    return applied


def _fill_catalog(catalog: Catalog, fills: dict[Key, _Fill], lang: str) -> list[_Fill]:
    applied: list[_Fill] = []
    for entry in catalog.active():
        fill = fills.get(entry.key)
        if fill is None or not _needs_draft(entry, lang):
            continue
        entry.msgstr = fill.msgstr
        entry.previous_msgid = entry.previous_msgctxt = None  # the draft is of the current source
        entry.set_fuzzy(fill.is_fuzzy)
        entry.set_provenance(fill.provenance)
        entry.translator_comments = [c for c in entry.translator_comments if not c.startswith(_UNKNOWN_WORDS_PREFIX)]
        if fill.unknown_words:
            entry.translator_comments.append(_UNKNOWN_WORDS_PREFIX + ", ".join(fill.unknown_words))
        applied.append(fill)
    return applied


# --- engines -----------------------------------------------------------------------------------


def _run_engines(
    project: Project, plans: list[_LanguagePlan], catalogs: _Catalogs, failures: dict[str, BaseException], *,
    stamp: str, progress: ProgressCallback | None,
) -> None:
    """A thread per language (:func:`_run_language`); then every failure, in ``failures`` and new, is raised.

    An engine error stops its own language only: the others have their own
    engine (a quota or a key shared by all fails each at its next request, and
    says so). Any other error (a broken catalog, a bug) stops them all after
    the batch each has in flight.
    """
    stop = threading.Event()
    threads = []
    for plan in plans:
        if (plan.engine is None or not plan.machine) and not any(plan.local_fills.values()):
            continue

        def work(plan: _LanguagePlan = plan) -> None:
            try:
                _run_language(project, plan, catalogs, stamp=stamp, stop=stop, progress=progress)
            except EngineError as exc:  # handed to the main thread below
                failures[plan.result.lang] = exc
            except BaseException as exc:
                failures[plan.result.lang] = exc
                stop.set()

        thread = threading.Thread(target=work, name=f"pretranslate-{plan.result.lang}")
        threads.append(thread)
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:
        stop.set()  # Ctrl-C: let each language finish and save its batch
        for thread in threads:
            thread.join()
        raise
    if failures:
        raise _failure(plans, failures, saved=True)


def _failure(plans: list[_LanguagePlan], failures: dict[str, BaseException], *, saved: bool) -> BaseException:
    """One exception naming every language that failed, one line each, in the project's order.

    Its type is the failures' own when they share it (EngineQuotaError…), else EngineError;
    an error that is not an engine's (a broken catalog, a bug) is raised as it is.
    """
    ordered = [(plan.result.lang, failures[plan.result.lang]) for plan in plans if plan.result.lang in failures]
    engine_errors: list[tuple[str, EngineError]] = []
    for lang, exc in ordered:
        if not isinstance(exc, EngineError):
            return exc
        engine_errors.append((lang, exc))
    lines = [f"{lang}: {exc}" for lang, exc in engine_errors]
    if saved:
        lines[-1] += "; the translations made so far are saved, run `stmtl10n pretranslate` again to continue"
    kinds = {type(exc) for _, exc in engine_errors}
    kind = kinds.pop() if len(kinds) == 1 else EngineError
    error = kind("\n".join(lines))
    error.__cause__ = engine_errors[0][1]
    return error


def _run_language(
    project: Project, plan: _LanguagePlan, catalogs: _Catalogs, *, stamp: str, stop: threading.Event,
    progress: ProgressCallback | None,
) -> None:
    """One language's fills: those that need no engine first, then its engine's batches.

    The memory, signatory and copied fills go into the journal before the
    engine is asked to translate anything (whatever it then does, a 403, no
    connection, a kill, they need no engine), and into the catalogs by the
    :class:`_Writer` while the first batches are in flight.
    """
    local = {path: fills for path, fills in plan.local_fills.items() if fills}
    with _Journal(project, plan.result.lang) as journal, _Writer(project, catalogs, plan, journal) as writer:
        journal.append(local)
        writer.put(local)
        if plan.engine is not None and plan.machine:
            _translate_language(project, plan, journal, writer, stamp=stamp, stop=stop, progress=progress)


def _translate_language(
    project: Project, plan: _LanguagePlan, journal: _Journal, writer: _Writer, *, stamp: str,
    stop: threading.Event, progress: ProgressCallback | None,
) -> None:
    """Send the language's batches one after the other, each journaled as soon as it is answered
    and written into its catalogs by ``writer`` while the next one is in flight."""
    from stmtl10n.engines import SourceSegment  # lazy: a run with nothing to do needs none
    from stmtl10n.memory import shorten  # lazy: a run with nothing to do needs none

    engine = plan.engine
    assert engine is not None
    result = plan.result
    lang = result.lang
    provenance = f"mt {result.engine} {stamp}"
    pending = list(plan.machine.values())
    result.left = sum(item.waiting for item in pending)
    done = 0
    if progress:
        progress(lang, 0, len(pending))
    with _Weights(result.engine, pending) as weights:
        for batch in _batches(pending, engine, weights):
            if stop.is_set():
                return
            billed_before = getattr(engine, "billed_characters", None)
            translations = engine.translate(
                [SourceSegment(item.text, item.context) for item in batch],
                source=project.settings.source_lang,
                target=lang,
            )
            result.batches += 1
            result.segments += len(batch)
            result.characters += sum(len(item.text) for item in batch)
            billed_after = getattr(engine, "billed_characters", None)
            if isinstance(billed_before, int) and isinstance(billed_after, int):
                result.billed_characters += billed_after - billed_before  # what the engine counted, resends included
            else:
                result.billed_characters += _billable(result.engine, batch)
            by_catalog: dict[Path, dict[Key, _Fill]] = defaultdict(dict)
            resolved: list[tuple[Path, Key]] = []
            for item, translation in zip(batch, translations, strict=True):
                resolved.extend(item.targets)
                if translation.failure is not None:
                    plan.notes.append(f"{lang}: {shorten(item.text)!r} left empty: {translation.failure}")
                    resolved.extend((wait.path, wait.key) for wait in item.signatories)  # a role missing: never whole
                    continue
                fill = _Fill(translation.text, provenance, unknown_words=tuple(translation.unknown_words),
                             is_machine=True)
                for path, key in item.targets:
                    by_catalog[path][key] = fill
                for wait in item.signatories:
                    wait.translations[item.text] = translation.text
                    wait.unknown_words.extend(translation.unknown_words)
                    if len(wait.translations) == len(wait.draft.roles):  # its last role: the line is whole
                        resolved.append((wait.path, wait.key))
                        by_catalog[wait.path][wait.key] = _Fill(
                            wait.draft.compose(wait.translations), f"signatory {stamp}, roles by {provenance}",
                            unknown_words=tuple(wait.unknown_words), is_machine=True,
                        )
                        result.left -= 1
                result.left -= len(item.targets)
            # In the journal before the next request leaves: from here a kill cannot lose this batch.
            journal.append(by_catalog)
            writer.put(by_catalog, resolved=resolved, at_once=result.batches == 1)  # the first: progress shows
            done += len(batch)
            if progress:
                progress(lang, done, len(pending))


class _Journal:
    """The batches one language's engine answered in this run, appended to a file under the cache folder.

    Each batch is one ``write()`` of one line: once it returns the kernel
    holds it, and killing the process cannot lose it. The run holds the
    file's lock while it lives; a later run replays the journal of a run that
    is gone (:func:`_replay_journals`). The file is removed once every batch
    in it is in the catalogs.
    """

    def __init__(self, project: Project, lang: str) -> None:
        self._project = project
        self._lang = lang
        folder = project.cache_dir / _JOURNAL_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{lang}.{os.getpid()}.{secrets.token_hex(4)}.journal"
        self._fd: int | None = None
        self.is_written = False  # set by the writer once every batch is in the catalogs

    def __enter__(self) -> _Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is None:
            return
        if self.is_written:
            self.path.unlink(missing_ok=True)  # while locked: no later run replays it
        os.close(self._fd)
        self._fd = None

    def append(self, fills: dict[Path, dict[Key, _Fill]]) -> None:
        if not fills:
            return
        if self._fd is None:  # created with the first answer: a run that gets none leaves no file
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        record = {"lang": self._lang, "fills": [
            [_relative(self._project, path), key[0], key[1], fill.msgstr, fill.provenance, fill.is_fuzzy,
             list(fill.unknown_words)]
            for path, by_key in fills.items() for key, fill in by_key.items()
        ]}
        os.write(self._fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))


def _replay_journals(project: Project, catalogs: _Catalogs) -> int:
    """Write into the catalogs the batches journaled by runs that were killed; the entries filled.

    A journal whose run still lives is locked and left alone. Only entries
    that still need a draft take their journaled translation (as in :func:`_apply`).
    """
    folder = project.cache_dir / _JOURNAL_DIR
    if not folder.is_dir():
        return 0
    applied = 0
    for path in sorted(folder.glob("*.journal")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue  # its run finished meanwhile
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a run at work
            fills: dict[tuple[str, Path], dict[Key, _Fill]] = defaultdict(dict)
            with open(fd, encoding="utf-8", closefd=False) as handle:
                for line in handle:
                    try:
                        record = json.loads(line)
                        for rel, msgctxt, msgid, msgstr, provenance, is_fuzzy, unknown in record["fills"]:
                            fill = _Fill(msgstr, provenance, is_fuzzy=is_fuzzy, unknown_words=tuple(unknown))
                            fills[(record["lang"], project.root / rel)][(msgctxt, msgid)] = fill
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short: that batch was in flight
            for (lang, catalog_path), by_key in fills.items():
                if catalog_path.exists():
                    applied += len(_apply(project, catalogs, catalog_path, by_key, lang))
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)
    return applied


class _Writer:
    """Writes one language's fills into their catalogs, in a thread, while the next batch is in flight.

    Rendering a catalog costs more CPU than a batch's request, and one batch
    holds texts of many catalogs (a text shared by many statements is sent
    once), so a catalog is written when the last of its entries the engine
    was asked for is answered (or given up), or once its fills have waited
    :data:`_WRITE_INTERVAL`, the fills of that time together. The first
    answered batch is written at once, and with it the memory, signatory and
    copied fills (a catalog is rendered once for both). Everything is written
    when the language stops, however it stops. Until then the journal holds it.
    """

    def __init__(self, project: Project, catalogs: _Catalogs, plan: _LanguagePlan, journal: _Journal) -> None:
        self._project = project
        self._catalogs = catalogs
        self._plan = plan
        self._journal = journal
        self._pending: dict[Path, dict[Key, _Fill]] = {}
        # Per catalog, the entries still waiting for the engine (see put's ``resolved``).
        self._waiting: dict[Path, set[Key]] = defaultdict(set)
        if plan.engine is not None:
            for item in plan.machine.values():
                for path, key in item.targets:
                    self._waiting[path].add(key)
                for wait in item.signatories:
                    self._waiting[wait.path].add(wait.key)
        self._at_once: set[Path] = set()  # catalogs to write without waiting for the engine
        self._started = False  # nothing is written before the first answered batch (or the end)
        self._pending_since: dict[Path, float] = {}  # when each catalog's oldest pending fill came
        self._closed = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"pretranslate-{plan.result.lang}-writer", daemon=True)
        self._thread.start()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify()
        self._thread.join()
        if self._error is not None:
            raise self._error
        self._journal.is_written = True

    def put(
        self, fills: dict[Path, dict[Key, _Fill]], *, resolved: Iterable[tuple[Path, Key]] = (), at_once: bool = False
    ) -> None:
        """Fills to write; ``resolved``: entries the engine answered (or gave nothing for) with them;
        ``at_once``: write them now, and whatever was put before, whatever else their catalogs wait for."""
        with self._changed:
            if self._error is not None:
                raise self._error
            now = time.monotonic()
            for path, by_key in fills.items():
                self._pending.setdefault(path, {}).update(by_key)
                self._pending_since.setdefault(path, now)
            if at_once:
                self._started = True
                self._at_once.update(self._pending)
            for path, key in resolved:
                waiting = self._waiting.get(path)
                if waiting is not None:
                    waiting.discard(key)
            self._changed.notify()

    def _due(self) -> dict[Path, dict[Key, _Fill]]:
        """The pending fills of the catalogs to write now (every one once closed), taken out of pending."""
        if not self._started and not self._closed:
            return {}
        stale = time.monotonic() - _WRITE_INTERVAL
        due = [
            path for path in self._pending
            if self._closed or path in self._at_once or not self._waiting.get(path) or self._pending_since[path] <= stale
        ]
        self._at_once.difference_update(due)
        for path in due:
            del self._pending_since[path]
        return {path: self._pending.pop(path) for path in due}

    def _run(self) -> None:
        lang = self._plan.result.lang
        try:
            while True:
                with self._changed:
                    taken = self._due()
                    while not taken and not self._closed:
                        oldest = min(self._pending_since.values(), default=None) if self._started else None
                        self._changed.wait(None if oldest is None else max(oldest + _WRITE_INTERVAL - time.monotonic(), 0.0))
                        taken = self._due()
                    if not taken and self._closed:
                        return  # closed, and everything written
                for path, fills in taken.items():
                    written = _apply(self._project, self._catalogs, path, fills, lang)
                    self._plan.result.machine += sum(1 for fill in written if fill.is_machine)
        except BaseException as exc:  # handed to the language's thread at its next batch or at the end
            with self._changed:
                self._error = exc


def _batches(pending: list[_MachineText], engine: Engine, weights: _Weights) -> Iterator[list[_MachineText]]:
    """Consecutive batches within the engine's limits (texts, characters) and, for an engine
    with a ``max_batch_share``, each at most that share of the job's ``weights`` (or one text).

    A batch is cut where it would be with every weight known, as soon as the
    weights known so far tell (see :meth:`_Weights.fits_share`).
    """
    max_segments = int(getattr(engine, "max_batch_segments", _DEFAULT_BATCH_SEGMENTS))
    max_characters = int(getattr(engine, "max_batch_characters", _DEFAULT_BATCH_CHARACTERS))
    share = getattr(engine, "max_batch_share", None)
    # Without a share the bound is the whole job, which no batch of it exceeds: nothing to weigh.
    share_of_job = float(share) if share else None
    batch: list[_MachineText] = []
    size = weight = 0
    for index, item in enumerate(pending):
        item_weight = weights.at(index) if share_of_job is not None else 0
        if batch and (len(batch) >= max_segments or size + len(item.text) > max_characters
                      or (share_of_job is not None and not weights.fits_share(weight + item_weight, share_of_job))):
            yield batch
            batch, size, weight = [], 0, 0
        batch.append(item)
        size += len(item.text)
        weight += item_weight
    if batch:
        yield batch


class _Weights:
    """What each text of a language's job costs its engine: DeepL's billable characters, else its length.

    Weighing DeepL's texts protects their markup (markdown-it's inline parser,
    the dearest step of a batch, its result kept for the requests): for a
    first run, seconds before the first request could leave. So they are
    weighed in a thread, in order, and a batch is cut as soon as the weights
    known tell where: a share of the total of the texts weighed so far is a
    share of at most the whole job's.
    """

    def __init__(self, route: str | None, texts: list[_MachineText], *, background: bool = True) -> None:
        self._texts = texts
        self._weights: list[int] = []
        self._total = 0
        self._error: BaseException | None = None
        self._closed = False
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        if route is not None and route.startswith("deepl"):
            from stmtl10n.engines.deepl_engine import billable_characters  # lazy: loads the deepl client

            self._weigh: Callable[[str], int] = billable_characters
            if background:
                self._thread = threading.Thread(target=self._run, name="pretranslate-weights", daemon=True)
                self._thread.start()
                return
        else:
            self._weigh = len
        self._run()

    def __enter__(self) -> _Weights:
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._closed = True  # a language that stopped early weighs no further
        if self._thread is not None:
            self._thread.join()

    def at(self, index: int) -> int:
        """The weight of text ``index`` (waits until it is weighed)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._weights) > index or self._error is not None)
            if self._error is not None:
                raise self._error
            return self._weights[index]

    def fits_share(self, weight: int, share: float) -> bool:
        """Whether ``weight`` is at most ``share`` of the job's whole weight, rounded down.

        True as soon as it fits the share of the texts weighed so far (the whole
        can only be more); False only once every text is weighed.
        """
        with self._changed:
            while True:
                if self._error is not None:
                    raise self._error
                if weight <= int(self._total * share):
                    return True
                if len(self._weights) == len(self._texts):
                    return False
                self._changed.wait()

    def _run(self) -> None:
        try:
            last = len(self._texts) - 1
            for index, item in enumerate(self._texts):
                weight = self._weigh(item.text)
                with self._changed:
                    if self._closed:
                        return
                    self._weights.append(weight)
                    self._total += weight
                    if index % _WEIGHTS_NOTIFY_EVERY == 0 or index == last:
                        self._changed.notify_all()
        except BaseException as exc:  # handed to the language's thread when it asks
            with self._changed:
                self._error = exc
                self._changed.notify_all()
