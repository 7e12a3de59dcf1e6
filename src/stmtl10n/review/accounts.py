"""Reviewers, their login tokens (stored hashed in ``reviewers.toml``) and the review server's sessions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from stmtl10n._io import atomic_write, file_lock
from stmtl10n.errors import ConfigError, LocaleError
from stmtl10n.locales import normalize_locale
from stmtl10n.project import Project

REVIEWERS_FILE = "reviewers.toml"
# Idle sessions end after this; a session never lives longer than the absolute limit.
SESSION_IDLE_SECONDS = 12 * 3600
SESSION_MAX_SECONDS = 7 * 24 * 3600

# Names go into PO comments and the Last-Translator header, so no line breaks,
# quotes or markup: letters, digits, spaces and a few separators. Always used
# with fullmatch: `$` would also match before a trailing newline ("eve\n").
_NAME_RE = re.compile(r"\w[\w .@'-]{0,62}\w|\w")


@dataclass(frozen=True, slots=True)
class Reviewer:
    """A volunteer who may log in to the review server.

    :param languages: the languages the reviewer may change (all may be read).
    :param is_coordinator: may change every language.
    :param token_sha256: hex SHA-256 of the login token; the token itself is never stored.
    """

    name: str
    languages: tuple[str, ...]
    is_coordinator: bool
    token_sha256: str
    created: str

    def can_change(self, lang: str) -> bool:
        return self.is_coordinator or lang in self.languages

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "languages": list(self.languages), "coordinator": self.is_coordinator,
                "created": self.created}


def reviewers_path(project: Project) -> Path:
    return project.root / REVIEWERS_FILE


def hash_token(token: str) -> str:
    """The hex SHA-256 stored for a token (tokens carry 256 random bits, so no salt or stretching is needed).

    >>> hash_token("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def load_reviewers(project: Project) -> list[Reviewer]:
    """The reviewers of the project (none when ``reviewers.toml`` does not exist).

    :raises ConfigError: when the file is not valid TOML or an entry is malformed.
    """
    return _parse_reviewers(reviewers_path(project), display=project.relative(reviewers_path(project)))


def add_reviewer(project: Project, name: str, *, languages: tuple[str, ...], coordinator: bool = False,
                 replace: bool = False, today: date | None = None) -> tuple[Reviewer, str]:
    """Create a reviewer with a new random token and save it (hashed) in ``reviewers.toml``.

    :param languages: languages the reviewer may change; each must be one of the project's.
    :param replace: when the name is taken, replace that reviewer (and so their
        token: old links stop working) instead of refusing.
    :returns: the reviewer and the token, which is shown once and cannot be recovered.
    :raises ConfigError: for a bad name, an unknown language, a name already taken
        (without ``replace``), or a reviewer with neither languages nor coordinator rights.
    """
    _check_name(name)
    langs = _check_languages(project, languages)
    if not langs and not coordinator:
        raise ConfigError(f"reviewer {name}: give the languages they review (--lang ar) or make them --coordinator")
    token = secrets.token_urlsafe(32)
    reviewer = Reviewer(name, langs, coordinator, hash_token(token), (today or date.today()).isoformat())
    path = reviewers_path(project)
    with file_lock(project.lock_path(path)):
        current = load_reviewers(project)
        if any(r.name == name for r in current):
            if not replace:
                raise ConfigError(
                    f"reviewer {name}: already exists in {REVIEWERS_FILE}; "
                    f"add --replace to issue a new link (the old one stops working)"
                )
            current = [reviewer if r.name == name else r for r in current]
        else:
            current.append(reviewer)
        atomic_write(path, render_reviewers(current))
    return reviewer, token


def remove_reviewer(project: Project, name: str) -> Reviewer:
    """Delete a reviewer; their token and sessions stop working at once.

    :raises ConfigError: when there is no reviewer of that name.
    """
    path = reviewers_path(project)
    with file_lock(project.lock_path(path)):
        current = load_reviewers(project)
        found = [r for r in current if r.name == name]
        if not found:
            known = ", ".join(r.name for r in current) or "none"
            raise ConfigError(f"reviewer {name}: no such reviewer (reviewers: {known})")
        atomic_write(path, render_reviewers([r for r in current if r.name != name]))
    return found[0]


def render_reviewers(reviewers: list[Reviewer]) -> str:
    """The text of ``reviewers.toml`` for these reviewers."""
    lines = [
        "# Reviewers of `stmtl10n review`, managed with `stmtl10n reviewer add/list/remove`.",
        "# Only SHA-256 hashes of the login tokens are kept here.",
    ]
    for reviewer in reviewers:
        langs = ", ".join(_toml_string(lang) for lang in reviewer.languages)
        lines += [
            "",
            "[[reviewer]]",
            f"name = {_toml_string(reviewer.name)}",
            f"languages = [{langs}]",
            f"coordinator = {'true' if reviewer.is_coordinator else 'false'}",
            f"token-sha256 = {_toml_string(reviewer.token_sha256)}",
            f"created = {_toml_string(reviewer.created)}",
        ]
    return "\n".join(lines) + "\n"


def login_link(token: str, *, host: str = "127.0.0.1", port: int = 8000) -> str:
    """The link a reviewer opens to log in: ``http://127.0.0.1:8000/login?token=...``."""
    shown_host = f"[{host}]" if ":" in host else host
    return f"http://{shown_host}:{port}/login?token={token}"


class ReviewerDirectory:
    """The reviewers file, re-read whenever it changes, so ``reviewer remove`` takes effect on a running server."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._path = reviewers_path(project)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._by_name: dict[str, Reviewer] = {}

    def _current(self) -> dict[str, Reviewer]:
        try:
            st = self._path.stat()
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp or stamp is None:
                self._by_name = {r.name: r for r in load_reviewers(self._project)} if stamp else {}
                self._stamp = stamp
            return self._by_name

    def get(self, name: str) -> Reviewer | None:
        return self._current().get(name)

    def authenticate(self, token: str) -> Reviewer | None:
        """The reviewer whose token this is, comparing hashes in constant time."""
        if not token:
            return None
        wanted = hash_token(token)
        found = None
        for reviewer in self._current().values():
            if hmac.compare_digest(wanted, reviewer.token_sha256):
                found = reviewer
        return found


@dataclass(slots=True)
class Session:
    """A logged-in browser: who it is and the token its forms must carry against CSRF."""

    session_id: str
    reviewer_name: str
    csrf_token: str
    created: float
    last_seen: float = field(default=0.0)


class SessionStore:
    """Server-side sessions in memory, keyed by a random id sent in an HttpOnly cookie.

    A restart logs everybody out, which is fine: the login link works again.

    :param clock: seconds since the epoch; tests pass a fake one to test expiry.
    """

    def __init__(self, *, idle_seconds: float = SESSION_IDLE_SECONDS, max_seconds: float = SESSION_MAX_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}

    def create(self, reviewer_name: str) -> Session:
        now = self._clock()
        session = Session(secrets.token_urlsafe(32), reviewer_name, secrets.token_urlsafe(32), now, now)
        with self._lock:
            self._drop_expired(now)
            self._sessions[session.session_id] = session
        return session

    def get(self, session_id: str) -> Session | None:
        """The live session with this id, touching it; ``None`` when unknown or expired."""
        now = self._clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if now - session.last_seen > self.idle_seconds or now - session.created > self.max_seconds:
                del self._sessions[session_id]
                return None
            session.last_seen = now
            return session

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def _drop_expired(self, now: float) -> None:
        stale = [sid for sid, s in self._sessions.items()
                 if now - s.last_seen > self.idle_seconds or now - s.created > self.max_seconds]
        for sid in stale:
            del self._sessions[sid]


def _check_name(name: str, *, where: str = "") -> None:
    if not _NAME_RE.fullmatch(name):
        raise ConfigError(
            f"{where}reviewer {name!r}: use letters, digits, spaces and . @ ' - only (at most 64 characters), "
            "since the name goes into catalog comments"
        )


def _check_languages(project: Project, languages: tuple[str, ...]) -> tuple[str, ...]:
    result = []
    for code in languages:
        try:
            lang = normalize_locale(code)
        except LocaleError as exc:
            raise ConfigError(str(exc)) from None
        if lang not in project.settings.languages:
            known = ", ".join(project.settings.languages)
            raise ConfigError(
                f"--lang {code}: not a language of this project ({known}); add it to "
                f"{project.relative(project.config_path)} first"
            )
        if lang not in result:
            result.append(lang)
    return tuple(result)


def _parse_reviewers(path: Path, *, display: str) -> list[Reviewer]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return []
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display}: not valid TOML ({exc}); fix the file or remove it and add the reviewers again") from None
    except OSError as exc:
        raise ConfigError(f"{display}: cannot read it ({exc.strerror})") from None
    raw = data.get("reviewer", [])
    if not isinstance(raw, list):
        raise ConfigError(f"{display}: reviewer: expected [[reviewer]] tables")
    reviewers = []
    for number, item in enumerate(raw, start=1):
        where = f"{display}: reviewer {number}"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: expected a table")
        name, digest, created = item.get("name"), item.get("token-sha256"), item.get("created", "")
        langs, coordinator = item.get("languages", []), item.get("coordinator", False)
        if not isinstance(name, str) or not name:
            raise ConfigError(f"{where}: name: expected a non-empty string")
        _check_name(name, where=f"{where}: name: ")  # a hand-edited file must not smuggle in a line break either
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ConfigError(f"{where}: token-sha256: expected 64 hex digits; run `stmtl10n reviewer remove {name}` and add them again")
        if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs):
            raise ConfigError(f"{where}: languages: expected a list of language codes")
        if not isinstance(coordinator, bool):
            raise ConfigError(f"{where}: coordinator: expected true or false")
        reviewers.append(Reviewer(name, tuple(langs), coordinator, digest, str(created)))
    return reviewers


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


# A person pasting a token gets it wrong a few times; a script guessing tokens
# tries thousands. Ten failures a minute per address tells them apart.
LOGIN_FAILURES_PER_WINDOW = 10
LOGIN_WINDOW_SECONDS = 60.0


class LoginThrottle:
    """Failed login attempts per client address in a sliding window; past the limit, logins wait.

    >>> throttle = LoginThrottle(limit=2, window=10, clock=lambda: 0.0)
    >>> throttle.failed("10.0.0.1"); throttle.failed("10.0.0.1")
    >>> throttle.retry_after("10.0.0.1"), throttle.retry_after("10.0.0.2")
    (10, 0)

    :param clock: seconds (monotonic); tests pass a fake one.
    """

    def __init__(self, *, limit: int = LOGIN_FAILURES_PER_WINDOW, window: float = LOGIN_WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}

    def retry_after(self, address: str) -> int:
        """Whole seconds until ``address`` may try again; 0 when it may now."""
        now = self._clock()
        with self._lock:
            recent = self._recent(address, now)
            if len(recent) < self.limit:
                return 0
            return max(1, int(recent[-self.limit] + self.window - now + 0.999))

    def failed(self, address: str) -> None:
        now = self._clock()
        with self._lock:
            self._recent(address, now).append(now)
            if len(self._failures) > 10_000:  # a flood from many addresses must not fill the memory
                for other in [key for key, times in self._failures.items() if not times or times[-1] <= now - self.window]:
                    del self._failures[other]

    def _recent(self, address: str, now: float) -> list[float]:
        times = self._failures.setdefault(address, [])
        while times and times[0] <= now - self.window:
            times.pop(0)
        return times
