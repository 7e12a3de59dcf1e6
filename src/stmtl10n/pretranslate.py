"""Pretranslate: fill the empty entries of the catalogs from memory, signatories and a machine engine.

For each empty entry, in order: a ``no-translate`` segment is copied; the
translation memory gives an exact or close match; a signatory line keeps its
names and organizations and gets its country localized, which completes it
(no reviewer needed) unless it has a role to translate ("actor": from the
roles reviewers translated, else the engine; a draft) or a place CLDR does not
name (a draft); everything else goes to the machine engine of its language,
each distinct text once per language. Entries someone translated, reviewed
or drafted are never touched.

What survives a fault: the memory, signatory and copied fills are written
before any engine is asked anything, so a refused key, a dead network or a
kill cannot lose them. Then each language's engine works through batches, one
at a time, and the catalogs are written after each batch, under their lock:
a run killed at any moment loses at most the batch in flight of each
language, and the next run picks up from there. DeepL bills that batch again,
so an engine that bills says how large a share of a language's job one batch
may be (``max_batch_share``, 5 % for DeepL). A language whose engine fails
stops alone, the others go on, and every language that failed is named.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from stmtl10n._io import atomic_write, file_digest, file_lock
from stmtl10n.catalog import Catalog, Entry, read_catalog, render_catalog
from stmtl10n.engines import Engine, PlansRequests, SourceSegment, default_engine_name, get_engine
from stmtl10n.errors import EngineError
from stmtl10n.memory import TranslationMemory, fit_markup, open_memory, same_markup, shorten
from stmtl10n.model import NO_TRANSLATE_FLAG, SIGNATORY_FLAG
from stmtl10n.project import Project, list_statements
from stmtl10n.signatory_drafts import SignatoryDraft, draft_signatory, learned_roles

#: Called from worker threads as batches finish: ``(lang, segments done, segments to do)``.
ProgressCallback = Callable[[str, int, int], None]

# DeepL's documented limits per request (50 texts, 128 KiB body), used when an
# engine does not state its own; the character bound leaves room for JSON and XML tags.
_DEFAULT_BATCH_SEGMENTS = 50
_DEFAULT_BATCH_CHARACTERS = 60_000
_UNKNOWN_WORDS_PREFIX = "stmtl10n: unknown words: "

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
    """A msgstr decided for one entry, with how it must be marked."""

    msgstr: str
    provenance: str
    is_fuzzy: bool = True
    unknown_words: tuple[str, ...] = ()


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

    plans = []
    with open_memory(project) as memory:
        for lang in langs:
            plan = _LanguagePlan(LanguageResult(lang))
            for statement in statements:
                path = project.catalog_path(statement.slug, lang)
                if not path.exists():
                    result.notes.append(f"{project.relative(path)}: no catalog yet; run `stmtl10n extract` first")
                    continue
                _plan_catalog(project, plan, catalogs.read(path), path, memory, stamp=stamp)
            plans.append(plan)
    if not dry_run:
        # Saved before any engine is asked anything (its languages, its key): whatever
        # it then does (403, no connection, a kill), these need no engine.
        for plan in plans:
            for path, fills in plan.local_fills.items():
                _apply(project, catalogs, path, fills, plan.result.lang)

    # Choosing an engine may ask it which languages it has (a DeepL request per
    # language): done in threads. A language it fails for is named with the others at the end.
    failures: dict[str, BaseException] = {}
    with ThreadPoolExecutor(max_workers=len(langs) or 1, thread_name_prefix="engine-choice") as pool:
        choices = {lang: pool.submit(_choose_engine, project, lang, engine_name, dry_run=dry_run) for lang in langs}
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

    _run_engines(project, plans, catalogs, failures, stamp=stamp, progress=progress)
    for plan in plans:
        result.notes.extend(plan.notes)
    return result


def _choose_engine(
    project: Project, lang: str, engine_name: str | None, *, dry_run: bool
) -> tuple[Engine | None, str | None, str | None]:
    """The engine for ``lang``, its route (for provenance) and a note when it cannot translate."""
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
    lang = plan.result.lang
    rel = project.relative(path)
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
    return entry.is_copied_signatory and entry.msgstr == draft_signatory(entry.previous_msgid, lang).compose({})


def _local_fill(
    entry: Entry, lang: str, memory: TranslationMemory, *, origin: str, stamp: str, plan: _LanguagePlan
) -> _Fill | SignatoryDraft | None:
    """The fill that needs no engine, or the signatory's roles the engine must translate, or None."""
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
            batches = _batches(texts, plan.engine, _weights(result.engine, texts))
            result.requests = sum(planner.count_requests([item.text for item in batch]) for batch in batches)
            plural = "" if result.requests == 1 else "s"
            result.engine = f"{planner.describe()} ({result.requests:,} request{plural})"


def _planner(engine: Engine | None) -> PlansRequests | None:
    """``engine`` when it can say how it would send a batch (for dry runs), else None."""
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

    def read(self, path: Path) -> Catalog:
        fingerprint = file_digest(path)  # before reading: a change during the read is seen next time
        known = self._known.get(path)
        if known is not None and known[0] == fingerprint:
            return known[1]
        catalog = read_catalog(path, display=self._project.relative(path))
        self._known[path] = (fingerprint, catalog)
        return catalog

    def write(self, path: Path, catalog: Catalog) -> None:
        self._known.pop(path, None)
        text = render_catalog(catalog)
        atomic_write(path, text)
        self._known[path] = (hashlib.sha256(text.encode("utf-8")).hexdigest(), catalog)

    def forget(self, path: Path) -> None:
        self._known.pop(path, None)



def _apply(project: Project, catalogs: _Catalogs, path: Path, fills: dict[Key, _Fill], lang: str) -> int:
    """Write ``fills`` into the catalog at ``path``, to entries that are still empty.

    The catalog is read again under its lock (unless this run wrote it last):
    a reviewer's or extract's change since the plan was made wins over this run's draft.
    """
    if not fills:
        return 0
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


def _fill_catalog(catalog: Catalog, fills: dict[Key, _Fill], lang: str) -> int:
    applied = 0
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
        applied += 1
    return applied


# --- engines -----------------------------------------------------------------------------------


def _run_engines(
    project: Project, plans: list[_LanguagePlan], catalogs: _Catalogs, failures: dict[str, BaseException], *,
    stamp: str, progress: ProgressCallback | None,
) -> None:
    """A thread per language, each with its own engine; then every failure, in ``failures`` and new, is raised.

    An engine error stops its own language only: the others have their own
    engine (a quota or a key shared by all fails each at its next request, and
    says so). Any other error (a broken catalog, a bug) stops them all after
    the batch each has in flight.
    """
    stop = threading.Event()
    threads = []
    for plan in plans:
        if plan.engine is None or not plan.machine:
            continue

        def work(plan: _LanguagePlan = plan) -> None:
            try:
                _translate_language(project, plan, catalogs, stamp=stamp, stop=stop, progress=progress)
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


def _translate_language(
    project: Project, plan: _LanguagePlan, catalogs: _Catalogs, *, stamp: str, stop: threading.Event,
    progress: ProgressCallback | None,
) -> None:
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
    for batch in _batches(pending, engine, _weights(result.engine, pending)):
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
        for item, translation in zip(batch, translations, strict=True):
            if translation.failure is not None:
                plan.notes.append(f"{lang}: {shorten(item.text)!r} left empty: {translation.failure}")
                continue
            fill = _Fill(translation.text, provenance, unknown_words=tuple(translation.unknown_words))
            for path, key in item.targets:
                by_catalog[path][key] = fill
            for wait in item.signatories:
                wait.translations[item.text] = translation.text
                wait.unknown_words.extend(translation.unknown_words)
                if len(wait.translations) == len(wait.draft.roles):  # its last role: the line is whole
                    by_catalog[wait.path][wait.key] = _Fill(
                        wait.draft.compose(wait.translations), f"signatory {stamp}, roles by {provenance}",
                        unknown_words=tuple(wait.unknown_words),
                    )
                    result.left -= 1
            result.left -= len(item.targets)
        for path, fills in by_catalog.items():
            applied = _apply(project, catalogs, path, fills, lang)
            result.machine += applied
        done += len(batch)
        if progress:
            progress(lang, done, len(pending))


def _batches(pending: list[_MachineText], engine: Engine, weights: list[int]) -> Iterator[list[_MachineText]]:
    """Consecutive batches within the engine's limits (texts, characters) and, for an engine
    with a ``max_batch_share``, each at most that share of the job's ``weights`` (or one text)."""
    max_segments = int(getattr(engine, "max_batch_segments", _DEFAULT_BATCH_SEGMENTS))
    max_characters = int(getattr(engine, "max_batch_characters", _DEFAULT_BATCH_CHARACTERS))
    share = getattr(engine, "max_batch_share", None)
    max_weight = int(sum(weights) * float(share)) if share else sum(weights)
    batch: list[_MachineText] = []
    size = weight = 0
    for item, item_weight in zip(pending, weights, strict=True):
        if batch and (len(batch) >= max_segments or size + len(item.text) > max_characters
                      or weight + item_weight > max_weight):
            yield batch
            batch, size, weight = [], 0, 0
        batch.append(item)
        size += len(item.text)
        weight += item_weight
    if batch:
        yield batch


def _weights(route: str | None, texts: list[_MachineText]) -> list[int]:
    """What each text costs the engine: DeepL's billable characters, else its length."""
    if route is not None and route.startswith("deepl"):
        from stmtl10n.engines.deepl_engine import billable_characters  # lazy: loads the deepl client

        return [billable_characters(item.text) for item in texts]
    return [len(item.text) for item in texts]
