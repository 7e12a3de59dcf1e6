"""A local HTTP server speaking DeepL's API, for tests and benchmarks driving the real ``deepl`` client.

Usage::

    with DeepLServer(latency=0.1) as server:
        monkeypatch.setenv("DEEPL_AUTH_KEY", server.auth_key)
        monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
        ...
        server.fail_next(429, times=2)      # the next two translate requests answer 429
        server.quota_exceeded = True        # every translate request answers 456
        server.stop_responding()            # requests hang until resume_responding()
        server.stop_responding(billed=True) # ... after DeepL translated and billed them
        server.short_reply_next(times=1)    # the next reply holds one translation too few
        server.never_translate(text)        # every reply leaves out the translation of text
        server.requests                     # what the client sent (RecordedRequest)
        server.wait_idle()                  # every request received has been answered (or given up)
        server.billing_log()                # (target, text, characters) for every text billed

Billing is DeepL's: every text of every translate request the server answered
is billed, whether the client is still there to read the answer or not (a
request answered after the client was killed, or timed out, is billed too).

Translations are deterministic: ``"[ES] " + text`` with glossary terms replaced
inside the text, so XML tags stay where they were. It behaves like DeepL where
stmtl10n depends on it: 403 for a wrong key, 413 over 128 KiB, 400 over 50 texts,
for formality on a language without it (AR), for a glossary without
``source_lang`` and for malformed XML under ``tag_handling_version="v2"``;
``billed_characters`` counts code points, tags excluded (context is free).
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import uuid
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_server import LocalHandler, LocalHTTPServer

MAX_BODY_BYTES = 128 * 1024
MAX_TEXTS = 50
DEFAULT_KEY = "stmtl10n-test-key:fx"

# (code, name, supports_formality), as /v2/languages?type=target lists them.
TARGET_LANGUAGES: tuple[tuple[str, str, bool], ...] = (
    ("AR", "Arabic", False), ("BG", "Bulgarian", False), ("CS", "Czech", False), ("DA", "Danish", False),
    ("DE", "German", True), ("EL", "Greek", False), ("EN-GB", "English (British)", False),
    ("EN-US", "English (American)", False), ("ES", "Spanish", True), ("ES-419", "Spanish (Latin American)", True),
    ("ET", "Estonian", False), ("FI", "Finnish", False), ("FR", "French", True), ("HU", "Hungarian", False),
    ("ID", "Indonesian", False), ("IT", "Italian", True), ("JA", "Japanese", True), ("KO", "Korean", False),
    ("LT", "Lithuanian", False), ("LV", "Latvian", False), ("NB", "Norwegian (Bokmål)", False),
    ("NL", "Dutch", True), ("PL", "Polish", True), ("PT-BR", "Portuguese (Brazilian)", True),
    ("PT-PT", "Portuguese (European)", True), ("RO", "Romanian", False), ("RU", "Russian", True),
    ("SK", "Slovak", False), ("SL", "Slovenian", False), ("SV", "Swedish", False), ("TR", "Turkish", False),
    ("UK", "Ukrainian", False), ("ZH", "Chinese (simplified)", False), ("ZH-HANS", "Chinese (simplified)", False),
    ("ZH-HANT", "Chinese (traditional)", False),
)
SOURCE_LANGUAGES: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((code.split("-")[0], name.split(" (")[0]) for code, name, _ in TARGET_LANGUAGES)
)
_PREFER_FORMALITY = {"default", "prefer_more", "prefer_less"}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received (the key is not kept)."""

    method: str
    path: str  # without the query string
    status: int  # what the server answered (0: it never answered)
    params: dict[str, Any] = field(default_factory=dict)  # body and query parameters, ``text`` excluded
    texts: tuple[str, ...] = ()
    billed_characters: int = 0
    body_bytes: int = 0

    @property
    def context(self) -> str | None:
        value = self.params.get("context")
        return None if value is None else str(value)


@dataclass
class _Glossary:
    glossary_id: str
    name: str
    created: str
    dictionaries: dict[tuple[str, str], dict[str, str]]  # (source, target) base codes -> entries

    def to_json(self) -> dict[str, Any]:
        return {
            "glossary_id": self.glossary_id,
            "name": self.name,
            "creation_time": self.created,
            "dictionaries": [
                {"source_lang": s.lower(), "target_lang": t.lower(), "entry_count": len(entries)}
                for (s, t), entries in self.dictionaries.items()
            ],
        }


class _Handler(LocalHandler):
    text_content_type = "text/tab-separated-values; charset=utf-8"  # glossary entries


class DeepLServer(LocalHTTPServer):
    """DeepL's HTTP API on ``127.0.0.1``, in a thread; a context manager.

    :param auth_key: the only key accepted (others get 403).
    :param latency: seconds every request waits before it is answered.
    :param target_languages: override of :data:`TARGET_LANGUAGES`.
    :param character_limit: what ``/v2/usage`` reports as the limit.
    """

    handler = _Handler
    thread_name = "deepl-server"

    def __init__(
        self,
        *,
        auth_key: str = DEFAULT_KEY,
        latency: float = 0.0,
        target_languages: tuple[tuple[str, str, bool], ...] = TARGET_LANGUAGES,
        character_limit: int = 500_000,
    ) -> None:
        super().__init__()
        self.auth_key = auth_key
        self.latency = latency
        self.target_languages = target_languages
        self.character_limit = character_limit
        self.quota_exceeded = False
        self.requests: list[RecordedRequest] = []
        self.glossaries: dict[str, _Glossary] = {}
        self._glossaries_v2: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._failures: list[tuple[int, str | None, str | None]] = []  # (status, path or None, target or None)
        self._hang_billed = False
        self._short_replies = 0
        self._never_translated: set[str] = set()
        self._in_flight = 0
        self._idle = threading.Condition(self._lock)

    # --- control ------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The server URL for ``DEEPL_SERVER_URL`` (ends in ``/``, as the client needs)."""
        host, port = self.host_port
        return f"http://{host}:{port}/"

    def fail_next(
        self, status: int, times: int = 1, *, path: str | None = "/v2/translate", target: str | None = None
    ) -> None:
        """Answer the next ``times`` requests to ``path`` (None: any path) with ``status``;
        with ``target`` (``"AR"``), only translate requests into that language."""
        with self._lock:
            self._failures.extend([(status, path, target)] * times)

    def stop_responding(self, *, path: str | None = None, billed: bool = False) -> None:
        """Leave requests (to ``path``, or all) unanswered until :meth:`resume_responding`.

        :param billed: translate and bill each request first, as DeepL does when its
            answer is lost on the way (a request the client gives up on is billed anyway).
        """
        self._hang_billed = billed
        super().stop_responding(path=path)

    def short_reply_next(self, times: int = 1) -> None:
        """The next ``times`` translate requests of two texts or more are answered with
        one translation too few (the middle one left out), and billed in full."""
        with self._lock:
            self._short_replies += times

    def never_translate(self, *texts: str) -> None:
        """Leave out the translation of each of ``texts`` from every reply (billed all the same)."""
        with self._lock:
            self._never_translated.update(texts)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every request received so far has been answered, billed or given up."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def translate_requests(self) -> list[RecordedRequest]:
        """The ``/v2/translate`` requests that were answered 200."""
        return [r for r in self.requests if r.path == "/v2/translate" and r.status == 200]

    def billed_requests(self) -> list[RecordedRequest]:
        """The ``/v2/translate`` requests that were billed: answered, or translated and then left hanging."""
        return [r for r in self.requests if r.path == "/v2/translate" and r.billed_characters]

    def billing_log(self) -> list[tuple[str, str, int]]:
        """``(target_lang, text, characters)`` for every text of every billed request, in order."""
        return [
            (str(r.params.get("target_lang", "")).upper(), text, billable_characters(text, tags=_is_xml(r.params)))
            for r in self.billed_requests()
            for text in r.texts
        ]

    @property
    def billed_characters(self) -> int:
        """Characters billed over all billed translate requests."""
        return sum(r.billed_characters for r in self.billed_requests())

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- behaviour ----------------------------------------------------------------

    def _take_failure(self, path: str, target: str) -> int | None:
        with self._lock:
            for index, (status, wanted, wanted_target) in enumerate(self._failures):
                if (wanted is None or wanted == path) and (wanted_target is None or wanted_target == target):
                    del self._failures[index]
                    return status
        return None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _supports_formality(self, target: str) -> bool | None:
        for code, _, formality in self.target_languages:
            if code == target:
                return formality
        return None

    def _translate(self, params: dict[str, Any], texts: list[str]) -> tuple[int, Any, int]:
        if not texts:
            return 400, {"message": "Parameter 'text' not specified."}, 0
        if len(texts) > MAX_TEXTS:
            return 400, {"message": f"Too many texts: at most {MAX_TEXTS} per request."}, 0
        target = str(params.get("target_lang", "")).upper()
        if self._supports_formality(target) is None:
            return 400, {"message": f"Value for 'target_lang' not supported: {target!r}."}, 0
        source = params.get("source_lang")
        formality = params.get("formality")
        if formality and formality not in _PREFER_FORMALITY and not self._supports_formality(target):
            return 400, {"message": f"Target language '{target}' doesn't support formality."}, 0
        glossary_id = params.get("glossary_id")
        entries: dict[str, str] = {}
        if glossary_id:
            if not source:
                return 400, {"message": "Use of a glossary requires the source_lang parameter to be set."}, 0
            pair = (str(source).upper(), target.split("-")[0])
            if glossary_id in self.glossaries:
                entries = self.glossaries[glossary_id].dictionaries.get(pair, {})
            elif glossary_id in self._glossaries_v2:
                entries = self._glossaries_v2[glossary_id]["entries"]
            else:
                return 404, {"message": "Glossary not found"}, 0
        is_xml = _is_xml(params)
        if params.get("tag_handling") == "xml" and params.get("tag_handling_version") == "v2":
            for text in texts:
                try:
                    ElementTree.fromstring(f"<r>{text}</r>")
                except ElementTree.ParseError as exc:
                    return 400, {"message": f"Invalid XML in text: {exc}"}, 0
        if self.quota_exceeded:
            return 456, {"message": "Quota Exceeded"}, 0
        translations = []
        billed_total = 0
        for text in texts:
            billed = billable_characters(text, tags=is_xml)
            billed_total += billed
            translated = text
            for term, replacement in entries.items():
                translated = translated.replace(term, replacement)
            translations.append({
                "detected_source_language": str(source or "EN").upper(),
                "text": f"[{target}] {translated}",
                "billed_characters": billed,
            })
        with self._lock:
            if self._never_translated:
                translations = [t for t, text in zip(translations, texts, strict=True)
                                if text not in self._never_translated]
            if self._short_replies and len(translations) > 1:
                self._short_replies -= 1
                del translations[len(translations) // 2]
        return 200, {"translations": translations}, billed_total

    def _glossary_v3(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, Any]:
        parts = path.strip("/").split("/")  # v3, glossaries, [id, [entries|dictionaries]]
        if method == "POST" and len(parts) == 2:
            dictionaries = {}
            for d in params.get("dictionaries", []):
                entries = _parse_entries(d.get("entries", ""), d.get("entries_format", "tsv"))
                if not entries:
                    return 400, {"message": "Glossary entries must not be empty"}
                dictionaries[(d["source_lang"].upper(), d["target_lang"].upper())] = entries
            if not params.get("name") or not dictionaries:
                return 400, {"message": "Missing name or dictionaries"}
            glossary = _Glossary(str(uuid.uuid4()), params["name"], _now(), dictionaries)
            with self._lock:
                self.glossaries[glossary.glossary_id] = glossary
            return 201, glossary.to_json()
        if method == "GET" and len(parts) == 2:
            return 200, {"glossaries": [g.to_json() for g in self.glossaries.values()]}
        glossary_found = self.glossaries.get(parts[2]) if len(parts) > 2 else None
        if glossary_found is None:
            return 404, {"message": "Glossary not found"}
        if method == "GET" and len(parts) == 3:
            return 200, glossary_found.to_json()
        if method == "DELETE" and len(parts) == 3:
            with self._lock:
                del self.glossaries[glossary_found.glossary_id]
            return 204, None
        if method == "GET" and parts[3:] == ["entries"]:
            pair = (str(params.get("source_lang", "")).upper(), str(params.get("target_lang", "")).upper())
            entries = glossary_found.dictionaries.get(pair)
            if entries is None:
                return 404, {"message": "Dictionary not found"}
            tsv = "\n".join(f"{s}\t{t}" for s, t in entries.items())
            return 200, {"dictionaries": [
                {"source_lang": pair[0].lower(), "target_lang": pair[1].lower(), "entries": tsv, "entries_format": "tsv"}
            ]}
        return 400, {"message": f"Unsupported glossary request {method} {path}"}

    def _glossary_v2(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if method == "POST" and len(parts) == 2:
            entries = _parse_entries(params.get("entries", ""), params.get("entries_format", "tsv"))
            info = {
                "glossary_id": str(uuid.uuid4()), "name": params.get("name", ""), "ready": True,
                "source_lang": str(params.get("source_lang", "")).lower(),
                "target_lang": str(params.get("target_lang", "")).lower(),
                "creation_time": _now(), "entry_count": len(entries),
            }
            with self._lock:
                self._glossaries_v2[info["glossary_id"]] = {"info": info, "entries": entries}
            return 201, info
        if method == "GET" and len(parts) == 2:
            return 200, {"glossaries": [g["info"] for g in self._glossaries_v2.values()]}
        found = self._glossaries_v2.get(parts[2]) if len(parts) > 2 else None
        if found is None:
            return 404, {"message": "Glossary not found"}
        if method == "GET" and len(parts) == 3:
            return 200, found["info"]
        if method == "DELETE":
            with self._lock:
                del self._glossaries_v2[parts[2]]
            return 204, None
        if method == "GET" and parts[3:] == ["entries"]:
            return 200, "\n".join(f"{s}\t{t}" for s, t in found["entries"].items())
        return 400, {"message": f"Unsupported glossary request {method} {path}"}

    def handle(self, method: str, raw_path: str, headers: Any, body: bytes) -> tuple[int, Any]:
        """Answer one request: (status, JSON value, text, or None)."""
        with self._lock:
            self._in_flight += 1
        try:
            return self._handle(method, raw_path, headers, body)
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _handle(self, method: str, raw_path: str, headers: Any, body: bytes) -> tuple[int, Any]:
        split = urlsplit(raw_path)
        path = split.path
        params: dict[str, Any] = {k: v[0] for k, v in parse_qs(split.query).items()}
        texts: list[str] = []
        content_type = headers.get("Content-Type", "")
        if body and "json" in content_type:
            try:
                payload = json.loads(body)
            except ValueError:
                return self._finish(method, path, 400, {"message": "Invalid JSON"}, params, texts, body)
            if isinstance(payload, dict):
                texts = [str(t) for t in payload.pop("text", [])] if path == "/v2/translate" else []
                params.update(payload)
        elif body:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            texts = form.pop("text", []) if path == "/v2/translate" else []
            params.update({k: v[0] if len(v) == 1 else v for k, v in form.items()})

        if self.latency:
            time.sleep(self.latency)
        hang = self.hangs(path)
        if hang and not self._hang_billed:
            self.hang()
            return self._finish(method, path, 0, None, params, texts, body)
        if headers.get("Authorization", "") != f"DeepL-Auth-Key {self.auth_key}":
            return self._finish(method, path, 403, {"message": "Wrong endpoint or invalid key"}, params, texts, body)
        if len(body) > MAX_BODY_BYTES:
            return self._finish(method, path, 413, {"message": "Request Entity Too Large"}, params, texts, body)
        failure = self._take_failure(path, str(params.get("target_lang", "")).upper())
        if failure is not None:
            return self._finish(method, path, failure, {"message": f"Injected failure {failure}"}, params, texts, body)

        billed = 0
        if path == "/v2/translate" and method == "POST":
            status, answer, billed = self._translate(params, texts)
        elif path == "/v2/usage":
            used = self.billed_characters
            status, answer = 200, {"character_count": used, "character_limit": self.character_limit}
        elif path == "/v2/languages":
            if params.get("type") == "target":
                answer = [{"language": c, "name": n, "supports_formality": f} for c, n, f in self.target_languages]
            else:
                answer = [{"language": c, "name": n} for c, n in SOURCE_LANGUAGES]
            status = 200
        elif path == "/v2/glossary-language-pairs":
            sources = [c for c, _ in SOURCE_LANGUAGES]
            status, answer = 200, {"supported_languages": [
                {"source_lang": s.lower(), "target_lang": t.lower()} for s in sources for t in sources if s != t
            ]}
        elif path.startswith("/v3/glossaries"):
            status, answer = self._glossary_v3(method, path, params)
        elif path.startswith("/v2/glossaries"):
            status, answer = self._glossary_v2(method, path, params)
        else:
            status, answer = 404, {"message": "Not found"}
        if hang:  # translated and billed, and the answer never leaves
            self._finish(method, path, 0, None, params, texts, body, billed=billed)
            self.hang()
            return 0, None
        return self._finish(method, path, status, answer, params, texts, body, billed=billed)

    def _finish(
        self, method: str, path: str, status: int, answer: Any, params: dict[str, Any],
        texts: list[str], body: bytes, *, billed: int = 0,
    ) -> tuple[int, Any]:
        self._record(RecordedRequest(method, path, status, params, tuple(texts), billed, len(body)))
        return status, answer


_TAG = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def _is_xml(params: dict[str, Any]) -> bool:
    return params.get("tag_handling") in ("xml", "html")


def billable_characters(text: str, *, tags: bool) -> int:
    """Code points DeepL bills for ``text``: with tag handling, tags are free and an entity is one character."""
    if tags:
        text = _ENTITY.sub("_", _TAG.sub("", text))
    return len(text)


def _parse_entries(data: str, entries_format: str) -> dict[str, str]:
    if entries_format == "csv":
        rows = csv.reader(io.StringIO(data))
    else:
        rows = (line.split("\t") for line in data.splitlines())
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
