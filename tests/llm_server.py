"""A local HTTP server speaking the OpenAI chat-completions API, with a fake model, for the llm engine's tests.

Usage::

    with LLMServer(models=("tiny-model",), api_key="sk-test") as server:
        ...  # [llm] url = server.url (ends in /v1), model = "tiny-model"
        server.answer_next("not-json")       # the next answer is prose, not JSON
        server.always_answer("lost-tag")     # every answer drops a tag
        server.fail_next(429, times=2)       # HTTP errors, OpenAI's error shape
        server.chats                         # what the engine sent (RecordedChat)

The HTTP side is the API's: ``POST /v1/chat/completions`` with ``model`` and
``messages`` answers ``{"choices": [{"message": {"role", "content"},
"finish_reason"}], …}``; errors are ``{"error": {"message", "type", "param",
"code"}}`` with 401 (``invalid_api_key``), 404 (``model_not_found``), 400 (no
``messages``, or ``response_format: json_object`` without the word "json" in
the messages, as OpenAI refuses it) and 429/5xx.

The model is a fake that understands the engine's request: it reads the JSON
object of the last user message and translates its ``segments`` into the
language of ``to`` (``"Arabic (ar)"``): glossary terms first, then every Latin
letter written with an Arabic one (so that the language check sees Arabic),
tags kept exactly; other targets get ``[es] `` before the text. Answer kinds
(:data:`ANSWER_KINDS`) script the ways a real model goes wrong.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from local_server import LocalHTTPServer

DEFAULT_MODEL = "stmtl10n-test-model"
ANSWER_KINDS = (
    "good",            # {"translations": [...]}
    "fenced",          # good, inside ```json fences, as many local models write it
    "think",           # good, after a <think>…</think> block (reasoning models)
    "bare-list",       # a JSON list instead of the object
    "not-json",        # prose
    "wrong-count",     # one translation too few
    "lost-tag",        # each translation with tags drops its first tag
    "wrong-language",  # the segments sent back untranslated (English)
    "truncated",       # cut off: finish_reason "length"
    "empty",           # content ""
)

_TAG_RE = re.compile(r"<[^<>]{1,200}>")
_LATIN_TO_ARABIC = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ابكديفغهيجكلمنوبقرستوفوكيز" * 2,
)


@dataclass(frozen=True)
class RecordedChat:
    """One request to the server (the key is not kept, only whether one came)."""

    path: str
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] = field(default_factory=dict)  # the engine's JSON object in the last user message
    with_key: bool = False

    @property
    def segments(self) -> list[str]:
        return list(self.payload.get("segments", []))

    @property
    def system(self) -> str:
        return next((m["content"] for m in self.body.get("messages", []) if m.get("role") == "system"), "")


def fake_model_translate(xml: str, target: str, glossary: dict[str, str]) -> str:
    """The fake model's translation of one segment: tags kept, text "translated".

    >>> fake_model_translate('Read <a i="1">the call</a>', "ar", {})
    'رياد <a i="1">تهي كالل</a>'
    """
    for term, translation in sorted(glossary.items(), key=lambda item: -len(item[0])):
        xml = re.sub(re.escape(term), translation, xml, flags=re.IGNORECASE)
    if target != "ar":
        return f"[{target}] {xml}"
    out, pos = [], 0
    for match in _TAG_RE.finditer(xml):
        out.append(xml[pos:match.start()].translate(_LATIN_TO_ARABIC))
        out.append(match.group(0))
        pos = match.end()
    out.append(xml[pos:].translate(_LATIN_TO_ARABIC))
    return "".join(out)


class LLMServer(LocalHTTPServer):
    """An OpenAI-compatible chat-completions API on ``127.0.0.1``, in a thread; a context manager.

    :param models: the models it serves (others: 404 model_not_found).
    :param api_key: the only key accepted (None: no key needed, as a local llama.cpp).
    :param latency: seconds every request waits before it is answered.
    """

    thread_name = "llm-server"

    def __init__(self, *, models: tuple[str, ...] = (DEFAULT_MODEL,), api_key: str | None = None,
                 latency: float = 0.0) -> None:
        super().__init__()
        self.models = models
        self.api_key = api_key
        self.latency = latency
        self.chats: list[RecordedChat] = []
        self._lock = threading.Lock()
        self._answers: list[str] = []
        self._default = "good"
        self._failures: list[tuple[int, str | None, str | None]] = []  # status, code, message

    # --- control ------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The API's base, as ``[llm] url`` takes it: ``http://127.0.0.1:PORT/v1``."""
        host, port = self.host_port
        return f"http://{host}:{port}/v1"

    def answer_next(self, kind: str, times: int = 1) -> None:
        """The next ``times`` completions answer as ``kind`` (one of :data:`ANSWER_KINDS`), then as before."""
        assert kind in ANSWER_KINDS, kind
        with self._lock:
            self._answers.extend([kind] * times)

    def always_answer(self, kind: str) -> None:
        assert kind in ANSWER_KINDS, kind
        self._default = kind

    def fail_next(self, status: int, times: int = 1, *, code: str | None = None, message: str | None = None) -> None:
        with self._lock:
            self._failures.extend([(status, code, message)] * times)

    def completions(self) -> list[RecordedChat]:
        """The chat completions answered 200."""
        return [c for c in self.chats if c.path == "/v1/chat/completions" and c.status == 200]

    # --- behaviour ----------------------------------------------------------------

    def _kind(self) -> str:
        with self._lock:
            return self._answers.pop(0) if self._answers else self._default

    def _take_failure(self) -> tuple[int, str | None, str | None] | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def handle(self, method: str, path: str, headers: Any, raw: bytes) -> tuple[int, Any]:
        path = path.split("?")[0]
        body: dict[str, Any] = {}
        if raw:
            try:
                value = json.loads(raw.decode("utf-8"))
            except ValueError:
                return self._finish(path, 400, _error("We could not parse the JSON body of your request.", None), {})
            body = value if isinstance(value, dict) else {}
        with_key = bool(headers.get("Authorization"))
        if self.latency:
            time.sleep(self.latency)
        if self.hangs(path):
            self.hang()
            return self._finish(path, 0, None, body, with_key=with_key)
        if self.api_key is not None and headers.get("Authorization", "") != f"Bearer {self.api_key}":
            given = headers.get("Authorization", "").removeprefix("Bearer ")
            shown = f"{given[:3]}***{given[-4:]}" if len(given) > 8 else "***"
            return self._finish(path, 401, _error(f"Incorrect API key provided: {shown}.", "invalid_api_key"),
                                body, with_key=with_key)
        failure = self._take_failure()
        if failure is not None:
            status, code, message = failure
            return self._finish(path, status, _error(message or f"Injected failure {status}", code), body,
                                with_key=with_key)
        if method == "GET" and path == "/v1/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "stmtl10n"} for m in self.models]
            return self._finish(path, 200, {"object": "list", "data": data}, body, with_key=with_key)
        if method != "POST" or path != "/v1/chat/completions":
            return self._finish(path, 404, _error(f"Invalid URL ({method} {path})", None), body, with_key=with_key)
        model, messages = body.get("model"), body.get("messages")
        if not model:
            return self._finish(path, 400, _error("you must provide a model parameter", None), body, with_key=with_key)
        if model not in self.models:
            return self._finish(path, 404, _error(
                f"The model `{model}` does not exist or you do not have access to it.", "model_not_found"),
                body, with_key=with_key)
        if not isinstance(messages, list) or not messages:
            return self._finish(path, 400, _error("'messages' is a required property", None), body, with_key=with_key)
        wants_json = (body.get("response_format") or {}).get("type") == "json_object"
        if wants_json and not any("json" in str(m.get("content", "")).lower() for m in messages):
            return self._finish(path, 400, _error(
                "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                "'json_object'.", None), body, with_key=with_key)
        payload = _payload(messages)
        content, finish = self._answer(payload, self._kind())
        completion = {
            "id": "chatcmpl-stmtl10n", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
            "usage": {"prompt_tokens": len(raw) // 4, "completion_tokens": len(content) // 4,
                      "total_tokens": (len(raw) + len(content)) // 4},
        }
        return self._finish(path, 200, completion, body, payload, with_key=with_key)

    def _answer(self, payload: dict[str, Any], kind: str) -> tuple[str, str]:
        segments = [str(s) for s in payload.get("segments", [])]
        target = _code_of(str(payload.get("to", "")))
        glossary = payload.get("glossary") or {}
        translations = [fake_model_translate(s, target, glossary) for s in segments]
        if kind == "wrong-count":
            translations = translations[:-1]
        elif kind == "lost-tag":
            translations = [_TAG_RE.sub("", t, count=1) for t in translations]
        elif kind == "wrong-language":
            translations = list(segments)
        good = json.dumps({"translations": translations}, ensure_ascii=False)
        if kind == "fenced":
            return f"```json\n{good}\n```", "stop"
        if kind == "think":
            return f"<think>The user wants {target}. Keep the tags.</think>\n{good}", "stop"
        if kind == "bare-list":
            return json.dumps(translations, ensure_ascii=False), "stop"
        if kind == "not-json":
            return "Sure! Here are the translations you asked for: " + "; ".join(translations), "stop"
        if kind == "truncated":
            return good[: len(good) // 2], "length"
        if kind == "empty":
            return "", "stop"
        return good, "stop"

    def _finish(self, path: str, status: int, answer: Any, body: dict[str, Any],
                payload: dict[str, Any] | None = None, *, with_key: bool = False) -> tuple[int, Any]:
        with self._lock:
            self.chats.append(RecordedChat(path, status, body, payload or {}, with_key))
        return status, answer


def _error(message: str, code: str | None) -> dict[str, Any]:
    kind = "invalid_request_error" if code != "insufficient_quota" else "insufficient_quota"
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def _payload(messages: list[Any]) -> dict[str, Any]:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            try:
                value = json.loads(str(message.get("content", "")))
            except ValueError:
                return {}
            return value if isinstance(value, dict) else {}
    return {}


def _code_of(language: str) -> str:
    """``"Arabic (ar)"`` → ``"ar"``."""
    match = re.search(r"\(([A-Za-z_]+)\)\s*$", language)
    return match.group(1).split("_")[0] if match else language
