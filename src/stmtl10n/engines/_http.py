"""The JSON-over-HTTP transport the self-hosted engines share (LibreTranslate, an LLM server).

Only the transport: one request with urllib, 429 and 5xx retried with backoff
(or the server's Retry-After), and a fault on the way (refused, timed out, cut)
made an :class:`~stmtl10n.errors.EngineNetworkError`. What a status means is
each engine's own business: it gets every answer, error answers included, as a
:class:`JsonResponse` and maps it in the only module that speaks its API.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stmtl10n.errors import EngineNetworkError

#: 429 and 5xx answers are retried this many times, waiting 1, 2, 4… seconds (or
#: the server's Retry-After, at most MAX_RETRY_DELAY_SECONDS). Tests lower them.
MAX_RETRIES = 3
RETRY_DELAY_SECONDS = 1.0
MAX_RETRY_DELAY_SECONDS = 30.0

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

@dataclass(frozen=True, slots=True)
class JsonResponse:
    """An answer: its status, its body's JSON, and how many times the request was retried."""

    status: int
    value: Any  # the body's JSON; None when the body is not JSON (see is_json)
    is_json: bool
    retries: int = 0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def request_json(
    method: str,
    url: str,
    *,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    timeout: float,
    unreachable: Callable[[str], str],
    retry: Callable[[JsonResponse], bool] | None = None,
) -> JsonResponse:
    """Send ``body`` (JSON; None: no body) and return the answer, retrying 429 and 5xx.

    :param headers: added to (or replacing) ``Accept``, ``User-Agent`` and ``Content-Type``.
    :param unreachable: the message of the EngineNetworkError for a transport fault,
        from its short reason (``"connection refused"``, ``"no answer in 180 s"``…).
    :param retry: whether a 429 or 5xx answer is worth retrying (default: always).
    :raises EngineNetworkError: the server could not be reached or did not answer in time.
    """
    data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
    sent = {"Accept": "application/json", "User-Agent": "stmtl10n/0.1"}
    if data is not None:
        sent["Content-Type"] = "application/json"
    sent.update(headers or {})
    attempt = 0
    while True:
        request = urllib.request.Request(url, data=data, headers=sent, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return _response(response.status, response.read(), attempt)
        except urllib.error.HTTPError as exc:
            retry_after = exc.headers.get("Retry-After")
            try:
                raw = exc.read()
            except (OSError, http.client.HTTPException):
                raw = b""
            finally:
                exc.close()
            answer = _response(exc.code, raw, attempt)
            if answer.status in RETRY_STATUSES and attempt < MAX_RETRIES and (retry is None or retry(answer)):
                time.sleep(retry_delay(attempt, retry_after))
                attempt += 1
                continue
            return answer
        except (OSError, http.client.HTTPException) as exc:
            raise EngineNetworkError(unreachable(_short_reason(exc, timeout))) from None


def retry_delay(attempt: int, retry_after: str | None) -> float:
    """Seconds before retry ``attempt`` (from 0): doubling from RETRY_DELAY_SECONDS, or Retry-After."""
    delay = RETRY_DELAY_SECONDS * float(2**attempt)
    if retry_after and retry_after.strip().isdigit():
        delay = float(retry_after.strip())
    return min(delay, MAX_RETRY_DELAY_SECONDS)


def _response(status: int, raw: bytes, retries: int) -> JsonResponse:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return JsonResponse(status, None, False, retries)
    return JsonResponse(status, value, True, retries)


def _short_reason(exc: BaseException, timeout: float) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError):
        return f"no answer in {timeout:.0f} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror) or (isinstance(reason, OSError) and "Name or service not known" in str(reason)):
        return "host name not found"
    if isinstance(reason, ConnectionResetError | http.client.RemoteDisconnected):
        return "connection closed by the server"
    return "no connection"


def plan_requests(lengths: Sequence[int], *, char_limit: int, max_texts: int) -> list[list[int]]:
    """Positions of ``lengths`` grouped into requests of at most ``max_texts`` texts and ``char_limit``
    characters together, in order; a text longer than the limit goes alone (the caller decides).

    >>> plan_requests([30, 30, 50, 10], char_limit=60, max_texts=3)
    [[0, 1], [2, 3]]
    """
    groups: list[list[int]] = []
    size = 0
    for index, length in enumerate(lengths):
        if not groups or len(groups[-1]) >= max_texts or size + length > char_limit:
            groups.append([])
            size = 0
        groups[-1].append(index)
        size += length
    return groups
