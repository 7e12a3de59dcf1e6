"""LibreTranslate behind the engine protocol: a self-hosted server's HTTP API (the only module speaking it).

What the server does, and what this module relies on (LibreTranslate's ``app.py``):

* ``GET /languages`` lists ``{code, name, targets}``; ``GET /frontend/settings``
  gives ``charLimit`` (-1: none). Both are asked once per server and process.
* ``POST /translate`` takes JSON ``{q: [texts], source, target, format, api_key}``
  and answers ``{translatedText: [texts]}`` in order. Errors are ``{error: "..."}``
  with 400 (bad request, a limit, or a key required), 403 (a wrong key, a banned
  address), 429 (its request limits) and 500.
* ``format: "html"`` parses each text with Python's HTML parser (through
  BeautifulSoup), so unknown elements such as protect()'s ``<a i="1">`` and
  ``<x i="2"/>`` are kept with their attributes while the text between them is
  translated; whitespace runs are collapsed first, an empty element comes back
  as ``<x i="2"></x>``, and the whole answer is HTML-unescaped (a ``&lt;`` of the
  text comes back as ``<``, which :func:`_from_html` escapes again).
* The character limit counts a request's texts together in older servers and
  each text alone in newer ones: requests keep their total within it. The
  number of texts per request (``--batch-limit``) is not published; a refusal
  names the limit, which is then kept for the next requests.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel import Locale

from stmtl10n.config import Settings
from stmtl10n.engines._http import RETRY_STATUSES, plan_requests, request_json
from stmtl10n.engines.base import SourceSegment, Translation
from stmtl10n.engines.markup import PAIR_TAGS, PLACEHOLDER_TAG, protect
from stmtl10n.errors import EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.glossary import Glossary

#: Texts per request until the server says its limit (its default is none).
MAX_TEXTS = 25
#: Characters per request when the server has no limit: argostranslate does a
#: few hundred characters a second on a CPU, so a request answers well in time.
DEFAULT_REQUEST_CHARACTERS = 4_000
#: Seconds to wait for one answer (a translation, or the languages list).
REQUEST_TIMEOUT_SECONDS = 180.0
# 429 and 5xx answers are retried as stmtl10n.engines._http says (MAX_RETRIES…).

# What a server knows, asked once per URL and process: the per-language engines share it.
_servers_lock = threading.Lock()
_servers: dict[str, _ServerInfo] = {}

# protect()'s own tags, as the HTML parser gives them back: any other "<" or ">" is text.
_OUR_TAG_RE = re.compile(
    r"</?(?:" + "|".join([*PAIR_TAGS, PLACEHOLDER_TAG]) + r")(?:\s+i=\"\d{1,9}\")?\s*/?>"
)
# "Invalid request: request (30) exceeds text limit (25)" (older: "Request (…) exceeds character limit (…)").
_LIMIT_RE = re.compile(r"\((\d{1,12})\) exceeds (?:text|character) limit \((\d{1,12})\)", re.IGNORECASE)
# The refusals that mean "this server wants a key" (400, not 403, in LibreTranslate).
_KEY_WANTED_RE = re.compile(r"API key", re.IGNORECASE)


@dataclass(slots=True)
class _ServerInfo:
    pairs: dict[str, frozenset[str]]  # source code -> target codes
    char_limit: int | None  # per request; None: the server has none
    max_texts: int = MAX_TEXTS  # lowered when the server refuses a batch as too many texts
    lock: threading.Lock = field(default_factory=threading.Lock)


class _LimitRefused(Exception):
    """A 400 naming a limit: ``size`` exceeded ``limit``."""

    def __init__(self, size: int, limit: int, message: str) -> None:
        super().__init__(message)
        self.size, self.limit = size, limit


def libretranslate_code(lang: str, codes: Collection[str]) -> str | None:
    """The server's code for locale ``lang`` among ``codes``: the most specific it has, or None.

    >>> libretranslate_code("pt_BR", ["en", "pt", "pt-BR"])
    'pt-BR'
    >>> libretranslate_code("zh_TW", ["en", "zh-Hans", "zh-Hant"])
    'zh-Hant'
    >>> libretranslate_code("ar_EG", ["en", "ar"])
    'ar'
    """
    locale = Locale.parse(lang)
    base = locale.language
    candidates = []
    if locale.script:
        candidates.append(f"{base}-{locale.script}")
    if locale.territory:
        candidates.append(f"{base}-{locale.territory}")
    if base == "zh":
        traditional = locale.script == "Hant" or (locale.script is None and locale.territory in {"TW", "HK", "MO"})
        candidates.append("zh-Hant" if traditional else "zh-Hans")
    candidates.append(base)
    if base in ("nb", "no"):
        candidates += ["nb", "no"]
    by_lower = {code.lower(): code for code in codes}
    return next((by_lower[c.lower()] for c in candidates if c.lower() in by_lower), None)


class LibreTranslateEngine:
    """A LibreTranslate server, for one thread.

    :param url: the server, e.g. ``http://localhost:5000`` (``[libretranslate] url``).
    :param api_key: ``LIBRETRANSLATE_API_KEY``, for a server started with ``--api-keys``;
        sent in the request body and never shown in messages.
    """

    name = "libretranslate"
    # pretranslate's batches; each is sent in as many requests as the server's limits need.
    max_batch_segments = 50
    max_batch_characters = 20_000

    def __init__(self, *, url: str, api_key: str | None = None, settings: Settings | None = None,
                 glossary: Glossary | None = None) -> None:
        self._url = url.rstrip("/")
        self._api_key = api_key or None
        self._settings = settings or Settings()
        self._glossary = glossary  # LibreTranslate has no glossary of its own: terms are placeholders

    def __repr__(self) -> str:
        return f"LibreTranslateEngine(url={self._url!r})"  # never the key

    # --- the protocol ----------------------------------------------------------------

    def route(self, source: str, target: str) -> str | None:
        """``"libretranslate"`` when the server has ``source`` → ``target``, else None (asks it once)."""
        return self.name if self._codes(source, target) is not None else None

    def missing_pair_hint(self, source: str, target: str) -> str:
        """One line for a pair the server lacks: what it has and how to add the language."""
        info = self._info()
        languages = ", ".join(sorted(info.pairs)) or "none"
        base = Locale.parse(target).language
        return (
            f"LibreTranslate at {self._url} cannot translate {source} to {target} (it has {languages}); "
            f"start it with the language (libretranslate --load-only {source},{base},…) or choose another engine"
        )

    def translate(self, segments: Sequence[SourceSegment], *, source: str, target: str) -> list[Translation]:
        """Translate a batch in as few requests as the server's limits allow.

        Context is not sent: LibreTranslate translates each text alone. A text
        longer than the server's character limit is not sent; its Translation
        says so (``failure``) and the others go on.

        :raises EngineAuthError: the server refused the key, or wants one.
        :raises EngineQuotaError: the server's request limits (429) held even after retries.
        :raises EngineNetworkError: the server could not be reached or did not answer in time.
        :raises EngineError: anything else, with the server's reason.
        """
        codes = self._codes(source, target)
        if codes is None:
            raise EngineError(self.missing_pair_hint(source, target))
        info = self._info()
        terms = self._glossary.finder(target) if self._glossary is not None else None
        protected = [protect(segment.text, source=source, terms=terms) for segment in segments]
        digits = self._settings.digits_for(target)
        html = [p.xml for p in protected]  # protect()'s tags are HTML the server keeps as they are
        results: list[Translation | None] = [None] * len(segments)
        limit = info.char_limit or DEFAULT_REQUEST_CHARACTERS
        queue: deque[int] = deque()
        for index, segment in enumerate(segments):
            if not segment.text.strip():
                results[index] = Translation(segment.text)
            elif info.char_limit is not None and len(html[index]) > info.char_limit:
                results[index] = _too_long(len(html[index]), info.char_limit)
            else:
                queue.append(index)

        while queue:
            group = self._next_group(queue, html, info, limit)
            try:
                answers = self._post_translate([html[i] for i in group], codes)
            except _LimitRefused as refused:
                if len(group) > 1 and refused.size == len(group) and refused.limit < len(group):
                    with info.lock:
                        info.max_texts = max(1, min(info.max_texts, refused.limit))
                elif len(group) > 1 and refused.limit < limit:
                    limit = max(1, refused.limit)
                    with info.lock:
                        info.char_limit = limit
                elif len(group) > 1:
                    limit = max(1, limit // 2)
                else:
                    results[group[0]] = _too_long(len(html[group[0]]), refused.limit)
                    continue
                queue.extendleft(reversed(group))
                continue
            for index, answer in zip(group, answers, strict=True):
                results[index] = Translation(protected[index].restore(_from_html(answer), target=target, digits=digits))
        return [result for result in results if result is not None]

    # --- dry runs ----------------------------------------------------------------------

    def describe(self) -> str:
        return f"{self.name} at {self._url}"

    def count_requests(self, texts: Sequence[str]) -> int:
        """Requests for ``texts`` under the default limits (a dry run asks the server nothing)."""
        known = _servers.get(self._url)
        char_limit = (known.char_limit if known else None) or DEFAULT_REQUEST_CHARACTERS
        max_texts = known.max_texts if known else MAX_TEXTS
        lengths = [len(protect(text).xml) for text in texts if text.strip()]
        return len(plan_requests(lengths, char_limit=char_limit, max_texts=max_texts))

    # --- the server ----------------------------------------------------------------------

    def _codes(self, source: str, target: str) -> tuple[str, str] | None:
        pairs = self._info().pairs
        source_code = libretranslate_code(source, pairs)
        if source_code is None:
            return None
        target_code = libretranslate_code(target, pairs[source_code])
        return None if target_code is None else (source_code, target_code)

    def _info(self) -> _ServerInfo:
        with _servers_lock:
            if self._url not in _servers:
                _servers[self._url] = self._ask_server()
            return _servers[self._url]

    def _ask_server(self) -> _ServerInfo:
        languages = self._call("GET", "/languages", None)
        if not isinstance(languages, list) or not all(isinstance(lang, dict) and "code" in lang for lang in languages):
            raise EngineError(f"LibreTranslate at {self._url} listed its languages in an unknown shape; check [libretranslate] url")
        codes = [str(lang["code"]) for lang in languages]
        pairs = {
            # Servers before 1.3 listed no targets: every language to every other.
            str(lang["code"]): frozenset(str(t) for t in lang.get("targets", [c for c in codes if c != lang["code"]]))
            for lang in languages
        }
        char_limit: int | None = None
        try:
            settings = self._call("GET", "/frontend/settings", None)
        except EngineError as exc:
            if isinstance(exc, EngineAuthError | EngineNetworkError):
                raise
            settings = {}  # an old server without it: the default limits apply
        if isinstance(settings, dict):
            value = settings.get("charLimit")
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                char_limit = value
        return _ServerInfo(pairs, char_limit)

    def _next_group(self, queue: deque[int], html: list[str], info: _ServerInfo, limit: int) -> list[int]:
        group = [queue.popleft()]
        size = len(html[group[0]])
        while queue and len(group) < info.max_texts and size + len(html[queue[0]]) <= limit:
            size += len(html[queue[0]])
            group.append(queue.popleft())
        return group

    def _post_translate(self, texts: list[str], codes: tuple[str, str]) -> list[str]:
        body: dict[str, Any] = {"q": texts, "source": codes[0], "target": codes[1], "format": "html"}
        if self._api_key:
            body["api_key"] = self._api_key
        answer = self._call("POST", "/translate", body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list) or not all(isinstance(text, str) for text in translated):
            raise EngineError(f"LibreTranslate at {self._url} answered without a list of translations; run again")
        if len(translated) != len(texts):
            raise EngineError(
                f"LibreTranslate at {self._url} answered {len(translated)} translations for {len(texts)} texts; run again"
            )
        return translated

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        """One request, 429 and 5xx retried; the answer's JSON.

        :raises _LimitRefused: for a 400 naming a limit (the caller splits the request).
        """
        answer = request_json(
            method, self._url + path, body=body, headers={"Accept-Language": "en"}, timeout=REQUEST_TIMEOUT_SECONDS,
            unreachable=lambda short: (
                f"cannot reach LibreTranslate at {self._url} ({short}); check [libretranslate] url and that the "
                "server runs (libretranslate --load-only en,ar,…)"
            ),
        )
        if not answer.ok:
            message = self._scrub(_error_text(answer.value))
            raise self._refusal(answer.status, message, path=path, retries=answer.retries)
        if not answer.is_json:
            raise EngineError(
                f"LibreTranslate at {self._url} answered {path} with something that is not JSON; "
                "check [libretranslate] url (the server's address, without /translate)"
            )
        return answer.value

    def _refusal(self, status: int, message: str, *, path: str, retries: int) -> Exception:
        said = f"HTTP {status}: {message}" if message else f"HTTP {status}"
        if status == 400:
            limit = _LIMIT_RE.search(message)
            if limit:
                return _LimitRefused(int(limit.group(1)), int(limit.group(2)), message)
            if _KEY_WANTED_RE.search(message):
                return EngineAuthError(
                    f"LibreTranslate at {self._url} wants an API key ({said}); set LIBRETRANSLATE_API_KEY"
                )
        if status == 403:
            return EngineAuthError(
                f"LibreTranslate at {self._url} refused the request ({said}); check LIBRETRANSLATE_API_KEY"
            )
        if status == 429:
            return EngineQuotaError(
                f"LibreTranslate at {self._url} limits requests ({said}) even after {retries} retries; "
                "run again later, or raise the server's --req-limit"
            )
        if status == 404:
            return EngineError(f"LibreTranslate at {self._url} has no {path} ({said}); check [libretranslate] url")
        if status in RETRY_STATUSES:
            return EngineError(f"LibreTranslate at {self._url} failed on {path} ({said}, after {retries} retries); run again")
        return EngineError(f"LibreTranslate at {self._url} refused {path} ({said})")

    def _scrub(self, message: str) -> str:
        return message.replace(self._api_key, "<LIBRETRANSLATE_API_KEY>") if self._api_key else message


def _too_long(length: int, limit: int) -> Translation:
    return Translation(
        "", failure=f"{length} characters are more than LibreTranslate's limit of {limit} per request; split the paragraph"
    )


def _from_html(answer: str) -> str:
    """The server's answer as protect() XML: our tags as they are, every other ``<`` and ``>`` escaped again."""
    out: list[str] = []
    pos = 0
    for match in _OUR_TAG_RE.finditer(answer):
        out.append(_escape_brackets(answer[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_escape_brackets(answer[pos:]))
    return "".join(out)


def _escape_brackets(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _error_text(value: Any) -> str:
    """The ``error`` of a LibreTranslate error answer, on one line ("" for Flask's HTML page of an unhandled 500)."""
    message = value.get("error") if isinstance(value, dict) else None
    return " ".join(str(message).split())[:300] if message else ""
