"""DeepL behind the engine protocol, through the official ``deepl`` package (the only module importing it)."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import deepl
from babel import Locale
from deepl.api_data import MultilingualGlossaryDictionaryEntries

from stmtl10n.config import Settings
from stmtl10n.engines.base import SourceSegment, Translation
from stmtl10n.engines.markup import IGNORE_TAGS, PAIR_TAGS, PLACEHOLDER_TAG, Protected, protect
from stmtl10n.errors import EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.glossary import Glossary

# DeepL's limits per /v2/translate request.
MAX_TEXTS = 50
MAX_BODY_BYTES = 128 * 1024
# Room for the other parameters and JSON punctuation, counted generously.
_BODY_OVERHEAD_BYTES = 2048
# Neighbouring paragraphs sent as context, per request. Context is not billed
# and has no limit of its own but the body's; DeepL advises a few sentences, so
# it is kept to the paragraphs that matter most (see DeepLEngine.translate).
CONTEXT_BUDGET_CHARS = 8_000
# Body bytes kept free for the context when texts are packed into a request.
_CONTEXT_RESERVE_BYTES = 16 * 1024
# Segments this short (headings, slogans) need context most.
SHORT_SEGMENT_CHARS = 200

# Retries are this module's, not the SDK's: the SDK retries a timeout like a 429,
# up to its max_network_retries, and a request that timed out after DeepL did the
# work is billed again at every retry (a hanging server billed the same batch five
# times over). So the SDK retries nothing (a process-wide global, set once here)
# and _request() tells apart a request DeepL did not take (429, 500, 503, no
# connection: retried with backoff) from one it may have translated and billed
# without the answer arriving (no answer in time, a connection dropped mid-request,
# 504: retried once). Each attempt waits at least min_connection_timeout for the
# answer: a 50-paragraph request can take more than the SDK's default 10 s. Callers
# (tests, benchmarks) may lower it afterwards; the SDK reads it at each request.
deepl.http_client.max_network_retries = 0
deepl.http_client.min_connection_timeout = 30.0
#: Waits before the retries of a request DeepL did not take: the SDK's own backoff
#: (1 s, ×1.6, ±23 % jitter), four retries riding out a burst of 429s in about 9 s.
RETRY_DELAYS: tuple[float, ...] = (1.0, 1.6, 2.56, 4.1)
#: Retries of a request DeepL may have billed without answering: one, so a hanging
#: server bills one batch twice at most before the run stops and says so.
TIMEOUT_RETRIES = 1
_JITTER = 0.23
# A connection that was never made: the request never reached DeepL (requests' wording).
_NOT_SENT_MARKERS = ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError", "connect timeout")

_T = TypeVar("_T")

# Spanish outside Spain (and its territories) is DeepL's Latin American Spanish.
_SPAIN_TERRITORIES = {None, "ES", "EA", "IC", "GQ"}

# DeepL's target languages, asked once per server and process: the per-language
# engines of a run share the answer (it is the same for every account).
_languages_lock = threading.Lock()
_languages_by_server: dict[str, dict[str, bool]] = {}

_GLOSSARY_PREFIX = "stmtl10n"
# One sync of the project glossary per server, shared by the per-language threads.
_glossary_lock = threading.Lock()
_glossary_ids: dict[tuple[str, str], str] = {}


def deepl_target_code(lang: str, settings: Settings) -> str:
    """DeepL's target code for a locale: ``es`` → ``ES``, ``pt_BR`` → ``PT-BR``, ``zh_Hans`` → ``ZH-HANS``.

    ``en`` and ``pt`` without a territory follow ``deepl.english`` / ``deepl.portuguese``.

    >>> deepl_target_code("es_MX", Settings())
    'ES-419'
    >>> deepl_target_code("en", Settings())
    'EN-GB'
    """
    locale = Locale.parse(lang)
    base, territory, script = locale.language, locale.territory, locale.script
    if base == "en":
        return {"GB": "EN-GB", "US": "EN-US"}.get(territory or "", settings.deepl.english)
    if base == "pt":
        return {"BR": "PT-BR", "PT": "PT-PT"}.get(territory or "", settings.deepl.portuguese)
    if base == "es":
        return "ES" if territory in _SPAIN_TERRITORIES else "ES-419"
    if base == "zh":
        traditional = script == "Hant" or (script is None and territory in {"TW", "HK", "MO"})
        return "ZH-HANT" if traditional else "ZH-HANS"
    if base in ("nb", "no"):
        return "NB"
    return base.upper()


def deepl_source_code(lang: str) -> str:
    """DeepL's source code: the base language, without variants (``en_GB`` → ``EN``)."""
    base = Locale.parse(lang).language
    return "NB" if base == "no" else base.upper()


def billable_characters(text: str) -> int:
    """What DeepL bills to translate msgid ``text``: code points of the protected text, tags excluded.

    >>> billable_characters("Sign [the call](https://example.org/a/very/long/url)")
    13
    """
    return _protected(text, "en").billable_characters


# protect() runs markdown-it's inline parser over the msgid, the most costly step of a
# batch: the same msgid is protected for its weight (billable_characters) and again for
# each language's request. Protected is frozen, so one is shared by every thread; the
# lock makes the per-language threads, which start on the same texts, protect each once.
_PROTECTED_CACHE_SIZE = 32_768
_protected_lock = threading.Lock()
_protected_cache: dict[tuple[str, str], Protected] = {}


def _protected(text: str, source: str) -> Protected:
    key = (text, source)
    found = _protected_cache.get(key)
    if found is None:
        with _protected_lock:
            found = _protected_cache.get(key)
            if found is None:
                if len(_protected_cache) >= _PROTECTED_CACHE_SIZE:
                    _protected_cache.pop(next(iter(_protected_cache)))
                found = _protected_cache[key] = protect(text, source=source)
    return found


@dataclass(frozen=True, slots=True)
class _Request:
    indexes: tuple[int, ...]  # positions in the batch
    context: str


class DeepLEngine:
    """DeepL for one thread: its own client (a ``requests`` session is not thread-safe).

    :param auth_key: the DeepL key; kept only inside the client, never in messages.
    :param server_url: overrides DeepL's URL (``DEEPL_SERVER_URL``); the SDK
        picks Free or Pro from the key otherwise.
    :param settings: the project settings (formality, English and Portuguese variants).
    :param glossary: the project glossary, synced to one DeepL glossary when first needed.
    :param project_name: names the DeepL glossary (``stmtl10n <project> <hash>``).
    """

    name = "deepl"
    max_batch_segments = MAX_TEXTS
    # Characters of msgid per batch: about 65 KB of JSON for English text, room
    # left for the context; a larger body (escaped non-ASCII) is split in two.
    max_batch_characters = 60_000
    # A batch is at most this share of a language's job (billable characters):
    # DeepL bills a request it answers even when the answer never arrives, so a
    # run killed mid-batch bills that batch again when run again.
    max_batch_share = 0.05

    def __init__(
        self,
        *,
        auth_key: str,
        server_url: str | None,
        settings: Settings,
        glossary: Glossary | None = None,
        project_name: str = "project",
    ) -> None:
        if not auth_key.strip():
            raise EngineAuthError("DEEPL_AUTH_KEY is empty: set it to your DeepL key")
        self._auth_key = auth_key
        self._server_url = server_url or None
        self._settings = settings
        self._glossary = glossary
        self._restore_into: tuple[str | None, str | None] = (None, None)  # (target, digits) of the batch sent
        self._project_name = project_name
        self._target_languages: dict[str, bool] | None = None
        #: Characters DeepL billed for this engine's requests: each request it answered,
        #: short replies included (a request that got no answer may be billed too, unseen).
        self.billed_characters = 0
        try:
            self._client = deepl.DeepLClient(auth_key, server_url=self._server_url, send_platform_info=False)
        except ValueError as exc:
            raise EngineError(self._scrub(f"DeepL client: {exc}")) from None
        self._client.set_app_info("stmtl10n", "0.1")

    def __repr__(self) -> str:
        return f"DeepLEngine(server_url={self._server_url!r})"  # never the key

    # --- the protocol ----------------------------------------------------------------

    def route(self, source: str, target: str) -> str | None:
        """``"deepl"`` when DeepL translates into ``target`` (its list is asked once per server), else None."""
        code = deepl_target_code(target, self._settings)
        return self.name if code in self._languages() else None

    def translate(self, segments: Sequence[SourceSegment], *, source: str, target: str) -> list[Translation]:
        """Translate a batch, in as few requests as DeepL's limits allow.

        Context: DeepL applies a request's ``context`` to every text in it, and
        each segment's neighbours differ, so grouping by identical context would
        mean one request per segment (50 times the requests and the latency).
        Instead texts are packed by DeepL's limits only (50 texts, 128 KiB) and
        each request carries one context made of its segments' neighbouring
        paragraphs, each once, in statement order: the neighbours of short
        segments (headings, slogans, which need context most) first, then the
        others while :data:`CONTEXT_BUDGET_CHARS` allows. A long paragraph
        carries its own context; a heading gets the paragraphs around it.

        A reply that does not hold one translation per text cannot be matched
        to its texts: the request is split in halves and each sent again, down
        to one text; a text DeepL still gives nothing for comes back with its
        :attr:`Translation.failure` said (its entries stay empty), the others translated.

        :raises EngineAuthError: DeepL refused the key (403).
        :raises EngineQuotaError: the quota is used up (456).
        :raises EngineNetworkError: DeepL could not be reached, even after retries
            (a request that got no answer in time is sent once more, no more).
        :raises EngineError: any other refusal, with DeepL's reason.
        """
        target_code = deepl_target_code(target, self._settings)
        if target_code not in self._languages():
            raise EngineError(f"DeepL cannot translate into {target} ({target_code}); choose another engine with --engine")
        # Terms are DeepL's glossary's business (it inflects them): no term placeholders.
        protected = [_protected(segment.text, source) for segment in segments]
        # Dates and numbers come back written in the target language, with the project's digits.
        self._restore_into = (target, self._settings.digits_for(target))
        results: list[Translation | None] = [None] * len(segments)
        todo: list[int] = []
        for index, segment in enumerate(segments):
            if segment.text.strip():
                todo.append(index)
            else:
                results[index] = Translation(segment.text)  # nothing to pay for

        options = self._options(source, target, target_code)
        for request in self._plan_requests(segments, protected, todo, options):
            self._send(request.indexes, request.context or None, protected, options, results)
        return [result for result in results if result is not None]

    # --- requests --------------------------------------------------------------------

    def _options(self, source: str, target: str, target_code: str) -> dict[str, Any]:
        options: dict[str, Any] = {
            "source_lang": deepl_source_code(source),
            "target_lang": target_code,
            "tag_handling": "xml",
            # v2 parses strictly; protect() writes well-formed XML.
            "tag_handling_version": "v2",
            "ignore_tags": list(IGNORE_TAGS),
            # Markup tags sit inside sentences and must not cut them.
            "non_splitting_tags": [*PAIR_TAGS, PLACEHOLDER_TAG],
        }
        formality = self._settings.deepl.formality.get(target) or self._settings.deepl.formality.get(target.split("_")[0])
        # DeepL refuses a formality on a language without it (AR); prefer_* would
        # pass, but is meaningless there, so it is not sent at all.
        if formality and self._languages().get(target_code):
            options["formality"] = formality
        glossary_id = self._glossary_id(source, target)
        if glossary_id:
            options["glossary"] = glossary_id
        return options

    def _plan_requests(
        self, segments: Sequence[SourceSegment], protected: list[Protected], todo: list[int], options: dict[str, Any]
    ) -> list[_Request]:
        fixed = _json_size(options) + _BODY_OVERHEAD_BYTES
        text_budget = MAX_BODY_BYTES - fixed - _CONTEXT_RESERVE_BYTES
        groups: list[list[int]] = []
        sizes: list[int] = []
        for index in todo:
            text_size = _json_size(protected[index].xml) + 1
            if text_size > text_budget:
                raise EngineError(
                    f"a segment is too long for one DeepL request ({len(segments[index].text)} characters, "
                    f"starting {segments[index].text[:40]!r}); split the paragraph in the statement"
                )
            if not groups or len(groups[-1]) >= MAX_TEXTS or sizes[-1] + text_size > text_budget:
                groups.append([])
                sizes.append(0)
            groups[-1].append(index)
            sizes[-1] += text_size
        return [
            _Request(tuple(group), _shared_context([segments[i] for i in group], MAX_BODY_BYTES - fixed - size))
            for group, size in zip(groups, sizes, strict=False)
        ]

    def _send(
        self, indexes: Sequence[int], context: str | None, protected: list[Protected], options: dict[str, Any],
        results: list[Translation | None],
    ) -> None:
        """One request for the texts at ``indexes``; a short (or long) reply is split and sent again, halves."""
        texts = [protected[i].xml for i in indexes]
        answers, billed = self._call(texts, context=context, options=options)
        if len(answers) == len(texts):
            self.billed_characters += billed if billed is not None else sum(
                protected[i].billable_characters for i in indexes
            )
            for index, answer in zip(indexes, answers, strict=True):
                target, digits = self._restore_into
                results[index] = Translation(protected[index].restore(answer, target=target, digits=digits))
            return
        # DeepL billed the request; which of its texts it counted is unknown: all are.
        self.billed_characters += sum(protected[i].billable_characters for i in indexes)
        if len(indexes) == 1:
            results[indexes[0]] = Translation("", failure=f"DeepL answered {len(answers)} translations for it, sent alone")
            return
        half = (len(indexes) + 1) // 2
        for part in (indexes[:half], indexes[half:]):
            self._send(part, context, protected, options, results)

    def _call(self, texts: list[str], *, context: str | None, options: dict[str, Any]) -> tuple[list[str], int | None]:
        """DeepL's translations of ``texts`` and the characters it says it billed (None when it does not say)."""
        try:
            results = self._request("DeepL answered", lambda: self._client.translate_text(texts, context=context, **options))
        except ValueError as exc:
            raise EngineError(self._scrub(f"DeepL request refused by the client: {exc}")) from None
        if not isinstance(results, list):
            results = [results]
        billed = [result.billed_characters for result in results]
        return [result.text for result in results], (sum(billed) if all(isinstance(b, int) for b in billed) else None)

    def _languages(self) -> dict[str, bool]:
        """Target codes DeepL offers → whether each supports formality (asked once per server)."""
        if self._target_languages is None:
            with _languages_lock:
                if self._where() not in _languages_by_server:
                    _languages_by_server[self._where()] = self._ask_languages()
                self._target_languages = _languages_by_server[self._where()]
        return self._target_languages

    def _ask_languages(self) -> dict[str, bool]:
        languages = self._request("DeepL could not list its languages", self._client.get_target_languages)
        return {lang.code.upper(): bool(lang.supports_formality) for lang in languages}

    # --- glossary --------------------------------------------------------------------

    def _glossary_id(self, source: str, target: str) -> str | None:
        """The DeepL glossary holding the project glossary, when it has terms for ``target``."""
        glossary = self._glossary
        if glossary is None or not glossary.terms_for(target):
            return None
        name = f"{_GLOSSARY_PREFIX} {self._project_name} {glossary.digest[:16]}"
        key = (self._where(), name)
        with _glossary_lock:
            if key not in _glossary_ids:
                _glossary_ids[key] = self._sync_glossary(name, glossary, source)
            return _glossary_ids[key]

    def _sync_glossary(self, name: str, glossary: Glossary, source: str) -> str:
        # Reuse the glossary whose name carries this content's hash; one with an
        # older hash is the same project's previous glossary: replace it.
        own_prefix = f"{_GLOSSARY_PREFIX} {self._project_name} "
        doing = f"{glossary.path}: DeepL refused the glossary"
        existing = self._request(doing, self._client.list_multilingual_glossaries)
        found = None
        for info in existing:
            if info.name == name and found is None:
                found = info.glossary_id
            elif info.name.startswith(own_prefix):
                self._request(doing, partial(self._client.delete_multilingual_glossary, info.glossary_id))
        if found is None:
            dictionaries = [
                MultilingualGlossaryDictionaryEntries(deepl_source_code(source), deepl_source_code(lang), terms)
                for lang, terms in sorted(glossary.entries.items())
            ]
            found = self._request(doing, lambda: self._client.create_multilingual_glossary(name, dictionaries)).glossary_id
        return str(found)

    # --- helpers ---------------------------------------------------------------------

    def _request(self, doing: str, call: Callable[[], _T]) -> _T:
        """``call()`` (one API request through the SDK) with the retries of :data:`RETRY_DELAYS`
        and :data:`TIMEOUT_RETRIES`; the deepl package's exceptions become one-line EngineErrors."""
        retries = timeouts = 0
        while True:
            try:
                return call()
            except deepl.DeepLException as exc:
                kind = _retry_kind(exc)
                if kind == "maybe billed" and timeouts < TIMEOUT_RETRIES:
                    timeouts += 1  # at once: the timeout was the wait
                elif kind == "not taken" and retries < len(RETRY_DELAYS):
                    time.sleep(RETRY_DELAYS[retries] * random.uniform(1 - _JITTER, 1 + _JITTER))
                    retries += 1
                else:
                    raise self._fault(exc, doing, retries=retries + timeouts) from None

    def _fault(self, exc: deepl.DeepLException, doing: str, *, retries: int) -> EngineError:
        """The one-line EngineError for an exception of the deepl package; the key never shows."""
        if isinstance(exc, deepl.AuthorizationException):
            return EngineAuthError("DeepL refused the key: check DEEPL_AUTH_KEY")
        if isinstance(exc, deepl.QuotaExceededException):
            return EngineQuotaError(
                "DeepL's character quota for this billing period is used up (HTTP 456); "
                "wait for the next period or raise the limit in your DeepL account"
            )
        if isinstance(exc, deepl.ConnectionException):
            return self._network_error(exc, retries=retries)
        if isinstance(exc, deepl.TooManyRequestsException):
            return EngineNetworkError(f"DeepL is overloaded (HTTP 429) even after {_retries(retries)}; run again later")
        status = f"HTTP {exc.http_status_code}" if exc.http_status_code else "an error"
        return EngineError(self._scrub(f"{doing} {status}: {exc}"))

    def _network_error(self, exc: Exception, *, retries: int) -> EngineNetworkError:
        # requests' own message runs to several nested lines: say it in a few words.
        detail = str(exc)
        waited = max(deepl.http_client.min_connection_timeout, 1.0)  # the SDK waits at least its 1 s backoff
        reasons = (
            ("timed out", f"no answer in {waited:g} s"),
            ("Connection refused", "connection refused"),
            ("Name or service not known", "host name not found"),
            ("NameResolution", "host name not found"),
            ("RemoteDisconnected", "connection closed by the server"),
            ("Connection reset", "connection reset"),
        )
        reason = next((short for marker, short in reasons if marker in detail), "no connection")
        return EngineNetworkError(
            f"cannot reach DeepL at {self._where()} ({reason}, after {_retries(retries)}); "
            "check the network or DEEPL_SERVER_URL and run again"
        )

    def _where(self) -> str:
        return self._server_url or self._client.server_url

    def _scrub(self, message: str) -> str:
        # No DeepL message is known to echo the key; make sure none ever does.
        return message.replace(self._auth_key, "<DEEPL_AUTH_KEY>") if self._auth_key else message


def _retry_kind(exc: deepl.DeepLException) -> str:
    """``"not taken"``: DeepL did no work (429, 500, 503, no connection), retry with backoff;
    ``"maybe billed"``: it may have translated and billed (no answer in time, a connection
    dropped mid-request, 504), retry once; ``""``: do not retry (403, 456, 400 …)."""
    if isinstance(exc, deepl.ConnectionException):
        if not exc.should_retry:
            return ""
        return "not taken" if any(marker in str(exc) for marker in _NOT_SENT_MARKERS) else "maybe billed"
    status = exc.http_status_code or 0
    if status == 504:
        return "maybe billed"
    return "not taken" if status == 429 or status >= 500 else ""


def _retries(count: int) -> str:
    return "1 retry" if count == 1 else f"{count} retries"


def _shared_context(segments: list[SourceSegment], byte_budget: int) -> str:
    """One context for a request: its segments' neighbours, short segments' first, in statement order."""
    by_need = sorted(range(len(segments)), key=lambda i: len(segments[i].text) >= SHORT_SEGMENT_CHARS)
    chosen: dict[str, tuple[int, int]] = {}  # paragraph -> where it comes in the statement
    chars = size = 0
    for index in by_need:
        for order, paragraph in enumerate(_paragraphs(segments[index].context)):
            if paragraph in chosen:
                continue
            paragraph_size = _json_size(paragraph)
            if chars + len(paragraph) + 2 > CONTEXT_BUDGET_CHARS or size + paragraph_size + 2 > byte_budget:
                continue
            chosen[paragraph] = (index, order)
            chars += len(paragraph) + 2
            size += paragraph_size + 2
    return "\n\n".join(sorted(chosen, key=chosen.__getitem__))


def _paragraphs(context: str) -> list[str]:
    return [p.strip() for p in context.split("\n\n") if p.strip()]


def _json_size(value: Any) -> int:
    # requests serializes with ensure_ascii: every non-ASCII character costs 6 or 12 bytes.
    return len(json.dumps(value, ensure_ascii=True))
