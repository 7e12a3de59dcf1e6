"""The review server's routes: who may see and do what, mapped onto pages, the JSON API and the actions."""

from __future__ import annotations

import hmac
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from stmtl10n.catalog import Catalog, Entry
from stmtl10n.checks import ERROR
from stmtl10n.checks.base import length_message
from stmtl10n.engines import is_set_up_for
from stmtl10n.errors import BadRequestError, CatalogError, Stmtl10nError
from stmtl10n.glossary import read_project_glossary
from stmtl10n.memory import TranslationMemory
from stmtl10n.model import Problem, Statement
from stmtl10n.project import Project
from stmtl10n.review import pages
from stmtl10n.review._web import Request, Response, StartResponse, html_response, json_response, redirect
from stmtl10n.review.accounts import LoginThrottle, Reviewer, ReviewerDirectory, Session, SessionStore
from stmtl10n.review.actions import (
    ACTION_KINDS,
    Action,
    ActionKind,
    ActionResult,
    EntryChecker,
    ReviewActions,
    clean_msgstr,
    control_character_error,
)
from stmtl10n.review.background import BackgroundChecker
from stmtl10n.review.catalogs import (
    ENTRY_ID_RE,
    CatalogCache,
    CatalogProgress,
    CatalogRef,
    ReviewPage,
    entry_to_dict,
    language_info,
    problems_to_json,
    progress_of,
    project_progress,
    relative_path,
    resolve_catalog,
    review_page,
)
from stmtl10n.review.comments import MAX_COMMENT_LENGTH, clean_comment, comment_error, entry_comments
from stmtl10n.review.i18n import (
    INTERFACE_LANGUAGES,
    N_,
    _,
    interface_language,
    message_text,
    negotiate,
    number,
)

log = logging.getLogger(__name__)

SESSION_COOKIE = "stmtl10n_session"
# Under a steady stream of requests the background pass still moves on, one entry a second.
_MAX_BACKGROUND_WAIT = 1.0
_STATIC_TYPES = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class _Login:
    """Who is asking: by session cookie (``session`` set) or by bearer token (``session`` None)."""

    reviewer: Reviewer
    session: Session | None

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""


class ReviewApp:
    """The WSGI application of ``stmtl10n review``.

    :param allowed_hosts: ``Host`` header values to answer (``127.0.0.1:8000``
        …); a value without a port (``review.example.org``) allows that name on
        any port; ``None`` answers any. Refusing other names stops DNS-rebinding
        pages from talking to a server on the reviewer's own machine.
    :param trust_proxy: believe ``X-Forwarded-Proto: https`` from a reverse proxy
        (only then does a proxied HTTPS login get a ``Secure`` cookie).
    :param sessions: the session store (tests pass one with a fake clock).
    :param now: the time actions record (tests fix it).
    :param login_throttle: how many failed logins an address may make (tests pass one with a fake clock).
    """

    def __init__(self, project: Project, *, allowed_hosts: set[str] | None = None, trust_proxy: bool = False,
                 sessions: SessionStore | None = None, now: Callable[[], datetime] | None = None,
                 login_throttle: LoginThrottle | None = None) -> None:
        self.project = project
        self.cache = CatalogCache(project)
        self.actions = ReviewActions(self.cache, clock=now)
        #: Seconds the statement list may spend parsing catalogs never counted (a first start); past it, "checking…".
        self.parse_budget = 0.3
        self._draftable: dict[str, bool] = {}  # lang → an engine is set up for it (see _can_draft)
        self._busy_lock = threading.Lock()
        self._busy = 0  # requests being answered now: the background pass waits for none
        self.checker = BackgroundChecker(self.cache, after_pass=self._refresh_memory, pause=self._behind_requests)
        self._memory_lock = threading.Lock()
        self._memory: TranslationMemory | None = None
        self.reviewers = ReviewerDirectory(project)
        self.sessions = sessions or SessionStore()
        self.login_throttle = login_throttle or LoginThrottle()
        self._lock = threading.Lock()
        self._chosen_languages: dict[str, str] = {}  # session id -> interface language picked with the switch
        self.allowed_hosts = allowed_hosts
        self.trust_proxy = trust_proxy
        folder = resources.files("stmtl10n.review") / "static"
        self._static = {name: (folder / name).read_bytes() for name in _STATIC_TYPES}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        with self._busy_lock:
            self._busy += 1
        try:
            response = self._answer(environ)
        finally:
            with self._busy_lock:
                self._busy -= 1
        # The time spent here, for browsers' developer tools and benchmarks/review_load.py.
        response.headers.append(("Server-Timing", f"app;dur={(time.perf_counter() - started) * 1000:.1f}"))
        return response(start_response)

    def _behind_requests(self) -> None:
        """Where the background pass waits while requests are answered (at most a second at a time, so it ends)."""
        waited = 0.0
        while self._busy and waited < _MAX_BACKGROUND_WAIT:
            time.sleep(0.005)
            waited += 0.005

    def _answer(self, environ: dict[str, Any]) -> Response:
        request = Request.from_environ(environ)
        # Until we know who is asking, the browser's languages choose the pages' language.
        language = interface_language(negotiate([], request.header("Accept-Language")))
        try:
            with language:
                response = self._dispatch(request)
        except BadRequestError as exc:
            with interface_language(self._language_of(request)):
                response = self._error(request, exc.status, str(exc))
        except Stmtl10nError as exc:
            # A broken catalog in the project: say which and where, as the command line would.
            log.warning("%s", exc)
            response = self._error(request, 500, str(exc))
        except OSError as exc:  # a full disk, a catalog made read-only: nothing was written
            log.warning("%s: %s", exc.filename or "write", exc.strerror)
            response = self._error(request, 500, f"cannot write {exc.filename or 'the catalog'}: {exc.strerror}; "
                                                 "nothing was saved, tell the coordinator")
        except Exception:  # a bug: log the traceback, and still answer in the API's error format
            log.exception("%s %s", request.method, request.path)
            response = self._error(request, 500, "the server failed; tell the coordinator (the log has the details)")
        return response

    # -- routing -----------------------------------------------------------

    def _dispatch(self, request: Request) -> Response:
        if not self._host_allowed(request.host):
            return self._error(request, 421, f"this server does not answer to the host name {request.host!r}; "
                                             "start it with --allowed-host NAME to allow it")
        parts = request.path.split("/")[1:]
        method = request.method
        if parts[:1] == ["static"] and len(parts) == 2 and parts[1] in _STATIC_TYPES and method == "GET":
            return Response(self._static[parts[1]], 200, _STATIC_TYPES[parts[1]])
        if parts == ["favicon.ico"]:
            return Response(b"", 204, "image/x-icon")  # no icon; spares the browser console a 404
        if parts == ["login"]:
            if method == "GET":
                token = request.query.get("token", "")
                return self._too_many_logins(request) or self._login_form(request, token)
            if method == "POST":
                # Only the reviewer's own click logs in: a POST from another site's page
                # (login CSRF, into the attacker's account) is refused like any other write.
                self._check_origin(request)
                return self._too_many_logins(request) or self._login(request, request.form().get("token", ""))
            return self._not_allowed(request)

        is_api = request.is_api
        throttled = self._too_many_logins(request) if request.header("Authorization") else None
        if throttled is not None:
            return throttled
        login = self._authenticate(request, allow_bearer=is_api)
        if login is None:
            if is_api:
                response = json_response({"error": "unauthorized", "message": "log in or send Authorization: Bearer <token>"}, 401)
                response.headers.append(("WWW-Authenticate", 'Bearer realm="stmtl10n review"'))
                return response
            return redirect("/login")
        if method == "POST":
            self._check_csrf(request, login)
        with interface_language(self._language_of(request, login)):
            return self._dispatch_logged_in(request, login, parts)

    def _dispatch_logged_in(self, request: Request, login: _Login, parts: list[str]) -> Response:
        method, is_api = request.method, request.is_api
        if is_api:
            return self._api(request, login, parts[1:])
        if parts == ["interface-language"] and method == "POST":
            return self._choose_language(request, login)
        if parts == [""] and method == "GET":
            return self._statements_page(login)
        if parts == ["logout"] and method == "POST":
            return self._logout(request, login)
        if parts[:1] == ["review"]:
            if len(parts) == 3 and method == "GET":
                return self._review_page(request, login, parts[1], parts[2])
            if len(parts) == 5 and parts[3] == "entries" and method == "POST":
                return self._form_action(request, login, parts[1], parts[2], parts[4])
            if len(parts) == 6 and parts[3] == "entries" and parts[5] == "comments" and method == "POST":
                return self._form_comment(request, login, parts[1], parts[2], parts[4])
        return self._error(request, 404, "no such page")

    def _api(self, request: Request, login: _Login, parts: list[str]) -> Response:
        method = request.method
        if parts[:1] != ["statements"]:
            return self._error(request, 404, "no such API endpoint; see docs/review-api.md")
        if len(parts) == 1 and method == "GET":
            return self._api_statements(login)
        if len(parts) == 3 and method == "GET":
            return self._api_catalog(login, parts[1], parts[2])
        if len(parts) == 6 and parts[3] == "entries" and parts[5] == "suggestions" and method == "GET":
            return self._api_suggestions(login, parts[1], parts[2], parts[4])
        if len(parts) == 6 and parts[3] == "entries" and method == "POST":
            if parts[5] == "comments":
                return self._api_comment(request, login, parts[1], parts[2], parts[4])
            if parts[5] == "check":
                return self._api_check(request, login, parts[1], parts[2], parts[4])
            kind = _action_kind(parts[5])
            if kind is not None:
                return self._api_action(request, login, parts[1], parts[2], parts[4], kind)
        return self._error(request, 404, "no such API endpoint; see docs/review-api.md")

    # -- authentication and CSRF -------------------------------------------

    def _authenticate(self, request: Request, *, allow_bearer: bool) -> _Login | None:
        authorization = request.header("Authorization")
        if authorization:
            # A bearer token is never sent by a browser on its own, so it is a
            # login and a CSRF proof at once; a wrong one does not fall back to the cookie.
            scheme, _, token = authorization.partition(" ")
            if not allow_bearer or scheme.lower() != "bearer":
                return None
            reviewer = self.reviewers.authenticate(token.strip())
            if reviewer is None:  # a bearer token is a login too: guessing it is throttled like the form
                self.login_throttle.failed(self._client_address(request))
            return _Login(reviewer, None) if reviewer else None
        session_id = request.cookies.get(SESSION_COOKIE, "")
        session = self.sessions.get(session_id) if session_id else None
        if session is None:
            return None
        reviewer = self.reviewers.get(session.reviewer_name)
        if reviewer is None:  # removed with `stmtl10n reviewer remove` while logged in
            self.sessions.delete(session_id)
            return None
        return _Login(reviewer, session)

    def _check_csrf(self, request: Request, login: _Login) -> None:
        if login.session is None:
            return  # bearer token
        self._check_origin(request)
        sent = request.header("X-CSRF-Token") or request.form().get("csrf", "")
        if not sent or not hmac.compare_digest(sent.encode(), login.session.csrf_token.encode()):
            raise BadRequestError("the form is out of date or came from another site; reload the page and try again", 403)

    def _host_allowed(self, host: str) -> bool:
        if self.allowed_hosts is None:
            return True
        host = host.lower()
        return host in self.allowed_hosts or _without_port(host) in self.allowed_hosts

    def _check_origin(self, request: Request) -> None:
        # Browsers send Origin with every POST; when it is there it must be us.
        origin = request.header("Origin")
        if origin and origin not in (f"http://{request.host}", f"https://{request.host}"):
            raise BadRequestError("requests from other sites are refused", 403)
        if request.header("Sec-Fetch-Site") == "cross-site":
            raise BadRequestError("requests from other sites are refused", 403)

    def _language_of(self, request: Request, login: _Login | None = None) -> str:
        """The pages' language: chosen with the switch for this session, else the reviewer's first
        language when the interface has it, else (and for coordinators) the browser's best match, else English."""
        if login is None:
            session_id = request.cookies.get(SESSION_COOKIE, "")
            session = self.sessions.get(session_id) if session_id else None
            reviewer = self.reviewers.get(session.reviewer_name) if session is not None else None
            login = _Login(reviewer, session) if reviewer is not None else None
        if login is not None and login.session is not None:
            chosen = self._chosen_languages.get(login.session.session_id)
            if chosen:
                return chosen
        first = login.reviewer.languages[:1] if login is not None and not login.reviewer.is_coordinator else []
        return negotiate(first, request.header("Accept-Language"))

    def _choose_language(self, request: Request, login: _Login) -> Response:
        """The switch on every page: the pages' language for the rest of this session."""
        chosen = request.form().get("ui", "")
        if chosen not in INTERFACE_LANGUAGES:
            raise BadRequestError(f"ui: expected one of {', '.join(INTERFACE_LANGUAGES)}")
        if login.session is not None:
            with self._lock:
                # Sessions that ended leave their choice behind: drop those now and then.
                if len(self._chosen_languages) > 10_000:
                    self._chosen_languages = {key: value for key, value in self._chosen_languages.items()
                                              if self.sessions.get(key) is not None}
                self._chosen_languages[login.session.session_id] = chosen
        return redirect(request.form().get("next", "/"))

    def _client_address(self, request: Request) -> str:
        # Behind the operator's proxy every request comes from the proxy: the
        # address it saw is the last one it added to X-Forwarded-For.
        if self.trust_proxy:
            forwarded = [part.strip() for part in request.header("X-Forwarded-For").split(",") if part.strip()]
            if forwarded:
                return forwarded[-1]
        return str(request.environ.get("REMOTE_ADDR", "") or "unknown")

    def _too_many_logins(self, request: Request) -> Response | None:
        """A ``429`` when this address failed to log in too often lately (token guessing), else ``None``."""
        wait = self.login_throttle.retry_after(self._client_address(request))
        if not wait:
            return None
        response = self._error(request, 429, f"too many failed logins from your address; try again in {wait} s")
        response.headers.append(("Retry-After", str(wait)))
        return response

    def _login_form(self, request: Request, token: str) -> Response:
        """The login page; from a login link, a one-button form that posts its token.

        Opening a link never logs in by itself: a link on another site must not
        log the reader in to someone else's account (login CSRF).
        """
        if not token:
            return html_response(pages.login_page())
        reviewer = self.reviewers.authenticate(token)
        if reviewer is None:
            self.login_throttle.failed(self._client_address(request))
            return html_response(pages.login_page(message=_(_BAD_TOKEN)), 401)
        return html_response(pages.login_link_page(reviewer, token))

    def _login(self, request: Request, token: str) -> Response:
        reviewer = self.reviewers.authenticate(token) if token else None
        if reviewer is None:
            self.login_throttle.failed(self._client_address(request))
            return html_response(pages.login_page(message=_(_BAD_TOKEN)), 401)
        old = request.cookies.get(SESSION_COOKIE, "")
        if old:
            self.sessions.delete(old)
        session = self.sessions.create(reviewer.name)
        # A redirect after the POST: the address bar shows the statements, never the token.
        response = redirect("/")
        response.set_cookie(SESSION_COOKIE, session.session_id, secure=request.is_https(trust_proxy=self.trust_proxy))
        return response

    def _logout(self, request: Request, login: _Login) -> Response:
        if login.session is not None:
            self.sessions.delete(login.session.session_id)
        response = redirect("/login")
        response.set_cookie(SESSION_COOKIE, "", max_age=0, secure=request.is_https(trust_proxy=self.trust_proxy))
        return response

    # -- pages -------------------------------------------------------------

    def _statements_page(self, login: _Login) -> Response:
        rows = self._progress_rows()
        return html_response(pages.statements_page(rows, reviewer=login.reviewer, csrf_token=login.csrf_token))

    def _review_page(self, request: Request, login: _Login, slug: str, lang: str) -> Response:
        ref = self._resolve(slug, lang)
        if ref is None:
            return self._error(request, 404, "no such statement or language")
        filter_name = request.query.get("filter", pages.DEFAULT_FILTER)
        if filter_name not in pages.FILTERS:
            filter_name = pages.DEFAULT_FILTER
        page = review_page(self.cache, ref, self.actions.history.steps(ref.path))
        notice = ""
        saved = request.query.get("saved", "")
        if saved in page.snapshot.by_id:
            entry = page.snapshot.by_id[saved]
            notice = _("Saved #%(number)s: %(text)s") % {"number": number(page.snapshot.positions[saved] + 1),
                                                           "text": entry.msgstr or _("(sent back: untranslated)")}
        return html_response(pages.review_page(page, source_lang=self.project.settings.source_lang,
                                               reviewer=login.reviewer, csrf_token=login.csrf_token,
                                               filter_name=filter_name, notice=notice,
                                               can_draft=self._can_draft(lang),
                                               here=f"{pages.review_url(slug, lang)}?filter={filter_name}"))

    def _form_entry(self, request: Request, login: _Login, slug: str, lang: str, ident: str) -> CatalogRef | Response:
        """The catalog of an entry a plain form may change, or the page that refuses (404, 403)."""
        ref = self._resolve(slug, lang)
        if ref is None or not ENTRY_ID_RE.match(ident):
            return self._error(request, 404, "no such statement, language or entry")
        if not login.reviewer.can_change(lang):
            return self._error(request, 403, f"you may change {', '.join(login.reviewer.languages)} only")
        return ref

    def _form_action(self, request: Request, login: _Login, slug: str, lang: str, ident: str) -> Response:
        """A plain form post (no JavaScript): act, then back to the page, or show the conflict."""
        ref = self._form_entry(request, login, slug, lang, ident)
        if isinstance(ref, Response):
            return ref
        form = request.form()
        # An "Accept: …" button is an approval that accepts that check's error; the
        # checks accepted before (hidden fields) still count while they find an error.
        accept, accepted = request.form_values("accept"), request.form_values("accepted")
        kind = form.get("action", "") or ("approve" if accept else "")
        filter_name = form.get("filter", pages.DEFAULT_FILTER)
        if filter_name not in pages.FILTERS:
            filter_name = pages.DEFAULT_FILTER
        msgstr = form.get("msgstr")
        bad = control_character_error(msgstr) if msgstr is not None else None
        if bad:
            return self._error(request, 400, bad)
        current = self.cache.load(ref.path).by_id.get(ident)
        if current is not None and kind != "send-back":
            too_long = length_message(current.msgstr if msgstr is None else msgstr, msgid=current.msgid)
            if too_long:
                return self._error(request, 422, message_text(too_long))
        # The form's Approve button saves what is in the box: an edit when the text changed.
        if (kind == "approve" and msgstr is not None and current is not None
                and clean_msgstr(msgstr, msgid=current.msgid) != current.msgstr):
            kind = "edit"
        action_kind = _action_kind(kind)
        if action_kind is None:
            return self._error(request, 400, "unknown action")
        if accepted and current is not None and action_kind != "send-back":
            still = self._errors_of(ref, current, msgstr if action_kind == "edit" else None)
            accept += [name for name in accepted if name in still]
        action = _action(action_kind, ident, form.get("version", ""), login, msgstr, accept)
        result = self.actions.submit(ref.path, action, check=self._checker(ref))
        if result.outcome == "done":
            return redirect(f"{pages.review_url(slug, lang)}?filter={filter_name}&saved={ident}#e-{ident}")
        if result.outcome == "conflict":
            page = self._page_after(ref, result)
            return html_response(pages.conflict_page(page, ident, yours=msgstr or "", message=result.message,
                                                     reviewer=login.reviewer, csrf_token=login.csrf_token,
                                                     filter_name=filter_name), 409)
        if result.outcome == "problems":
            page = self._page_after(ref, result)
            yours = msgstr if msgstr is not None else page.snapshot.by_id[ident].msgstr
            return html_response(pages.problems_page(
                page, ident, source_lang=self.project.settings.source_lang, yours=yours,
                problems=result.problems, accepted=action.accept, message=result.message, reviewer=login.reviewer,
                csrf_token=login.csrf_token, filter_name=filter_name), 422)
        return self._error(request, 404 if result.outcome == "gone" else 400, result.message)

    # -- JSON API ----------------------------------------------------------

    def _api_statements(self, login: _Login) -> Response:
        statements = []
        for statement, per_lang in self._progress_rows():
            languages = []
            for lang, progress in per_lang:
                info = language_info(lang)
                languages.append({"lang": lang, "name": info.name, "dir": info.direction,
                                  "can_change": login.reviewer.can_change(lang), **progress.to_dict()})
            statements.append({"slug": statement.slug, "path": statement.path, "format": statement.format_name,
                               "languages": languages})
        return json_response({"reviewer": login.reviewer.to_dict(), "source_lang": self.project.settings.source_lang,
                              "statements": statements})

    def _api_catalog(self, login: _Login, slug: str, lang: str) -> Response:
        ref = self._resolve(slug, lang)
        if ref is None:
            return json_response({"error": "not found", "message": "no such statement or language"}, 404)
        page = review_page(self.cache, ref, self.actions.history.steps(ref.path))
        entries = [entry_to_dict(page.snapshot, ident, page.entry_problems(page.snapshot.by_id[ident]),
                                 page.logged.get(ident))
                   for ident in page.snapshot.order]
        info = language_info(lang)
        response = json_response({
            "statement": ref.slug, "lang": lang, "name": info.name, "dir": info.direction,
            "catalog": self.project.relative(ref.path), "can_change": login.reviewer.can_change(lang),
            "checks_available": page.problems is not None, "progress": page.progress.to_dict(), "entries": entries,
        })
        response.headers.append(("ETag", f'"{page.snapshot.digest[:32]}"'))
        return response

    def _changeable_entry(self, request: Request, login: _Login, slug: str, lang: str,
                          ident: str) -> tuple[CatalogRef, str | None] | Response:
        """The catalog of an entry this login may change, and the filter the page's script renders
        the entry's new HTML under; or the answer that refuses (404, 403)."""
        fragment_filter = request.header("X-Review-Fragment")
        if fragment_filter and fragment_filter not in pages.FILTERS:
            raise BadRequestError(f"X-Review-Fragment: expected one of {', '.join(pages.FILTERS)}")
        ref = self._resolve(slug, lang)
        if ref is None or not ENTRY_ID_RE.match(ident):
            return json_response({"error": "not found", "message": "no such statement, language or entry"}, 404)
        if not login.reviewer.can_change(lang):
            return _not_yours(login)
        return ref, fragment_filter or None

    def _entry_fragment(self, page: ReviewPage, ident: str, lang: str, login: _Login, filter_name: str, *,
                        flash: str) -> str:
        """An entry's new HTML, which the page's script swaps in, so the page and the plain form render alike."""
        return pages.entry_block(
            page, ident, source=language_info(self.project.settings.source_lang), target=language_info(lang),
            can_change=True, csrf_token=login.csrf_token, filter_name=filter_name, flash=flash,
        )

    def _api_action(self, request: Request, login: _Login, slug: str, lang: str, ident: str,
                    kind: ActionKind) -> Response:
        target = self._changeable_entry(request, login, slug, lang, ident)
        if isinstance(target, Response):
            return target
        ref, fragment_filter = target
        body = request.json()
        version, msgstr, accept = body.get("version"), body.get("msgstr"), body.get("accept", [])
        if not isinstance(version, str) or (msgstr is not None and not isinstance(msgstr, str)):
            raise BadRequestError('send {"version": "<the entry\'s version>"} (and "msgstr" to edit)')
        if kind == "edit" and msgstr is None:
            raise BadRequestError('an edit needs "msgstr": the new translation')
        if not isinstance(accept, list) or not all(isinstance(name, str) for name in accept):
            raise BadRequestError('"accept" is a list of the checks whose errors you accept, e.g. ["markup"]')
        # The length first: it costs nothing, and spares a megabyte the character scan.
        too_long = self._too_long(ref, ident, msgstr if kind != "send-back" else "")
        if too_long:
            return json_response({"error": "too long", "message": too_long}, 422)
        bad = control_character_error(msgstr) if msgstr is not None else None
        if bad:
            raise BadRequestError(bad)
        result = self.actions.submit(ref.path, _action(kind, ident, version, login, msgstr, accept),
                                     check=self._checker(ref))
        page = self._page_after(ref, result)
        if result.outcome == "problems":
            # Nothing was written: the entry as it is, and what the translation sent would have.
            return json_response({
                "outcome": "problems", "error": "problems", "message": result.message,
                "problems": problems_to_json(result.problems),
                "entry": self._entry_dict(page, ident),
            }, 422)
        status = {"done": 200, "conflict": 409, "gone": 404, "invalid": 400}[result.outcome]
        data: dict[str, Any] = {"outcome": result.outcome, "message": result.message,
                                "progress": page.progress.to_dict()}
        if ident in page.snapshot.by_id:
            data["entry"] = self._entry_dict(page, ident)
            if fragment_filter:
                data["html"] = self._entry_fragment(page, ident, lang, login, fragment_filter, flash=_flash(result))
        if result.outcome != "done":
            data["error"] = result.outcome  # "conflict", "gone" or "invalid"
        if result.outcome == "conflict":
            data["yours"] = {"action": kind, "version": version, "msgstr": msgstr}
        return json_response(data, status)

    def _api_comment(self, request: Request, login: _Login, slug: str, lang: str, ident: str) -> Response:
        """Add a comment to an entry: a translator comment in the PO file, the entry's translation untouched."""
        target = self._changeable_entry(request, login, slug, lang, ident)
        if isinstance(target, Response):
            return target
        ref, fragment_filter = target
        body = request.json()
        version, text = body.get("version"), body.get("text")
        if not isinstance(version, str) or not isinstance(text, str):
            raise BadRequestError('send {"version": "<the entry\'s version>", "text": "<your comment>"}')
        refused = comment_error(text)  # the length first: it costs nothing
        if refused:
            kind = "too long" if len(text) > MAX_COMMENT_LENGTH else "empty"
            return json_response({"error": kind, "message": refused}, 422)
        bad = control_character_error(text, field="text")
        if bad:
            raise BadRequestError(bad)
        result = self.actions.submit(ref.path, Action("comment", ident, version, login.reviewer.name, comment=text))
        page = self._page_after(ref, result)
        data: dict[str, Any] = {"outcome": result.outcome, "message": result.message,
                                "progress": page.progress.to_dict()}
        if result.outcome == "done" and result.entry is not None:
            # Written just before the provenance comment: the last of the entry's comments.
            data["comment"] = entry_comments(result.entry)[-1].to_dict()
        if ident in page.snapshot.by_id:
            data["entry"] = self._entry_dict(page, ident)
            if fragment_filter:
                data["html"] = self._entry_fragment(page, ident, lang, login, fragment_filter,
                                                    flash=_("comment added just now") if result.outcome == "done" else "")
        if result.outcome != "done":
            data["error"] = result.outcome
        if result.outcome == "conflict":
            data["yours"] = {"action": "comment", "version": version, "text": text}
        return json_response(data, {"done": 201, "conflict": 409, "gone": 404}.get(result.outcome, 400))

    def _form_comment(self, request: Request, login: _Login, slug: str, lang: str, ident: str) -> Response:
        """A comment posted by the plain form (no JavaScript): add it, then back to the entry."""
        ref = self._form_entry(request, login, slug, lang, ident)
        if isinstance(ref, Response):
            return ref
        form = request.form()
        text = form.get("text", "")
        filter_name = form.get("filter", pages.DEFAULT_FILTER)
        if filter_name not in pages.FILTERS:
            filter_name = pages.DEFAULT_FILTER
        refused = comment_error(text) or control_character_error(text, field="text")
        if refused:
            return self._error(request, 422 if comment_error(text) else 400, refused)
        result = self.actions.submit(ref.path, Action("comment", ident, form.get("version", ""), login.reviewer.name,
                                                      comment=text))
        if result.outcome == "done":
            return redirect(f"{pages.review_url(slug, lang)}?filter={filter_name}#e-{ident}")
        message = result.message
        if result.outcome == "conflict":
            # Nothing is lost: the comment comes back to be posted again after reading the entry as it is now.
            message = _("Not saved: someone changed this entry since you loaded it. Reload the page, read it again, "
                        "and add your comment again: %(text)s") % {"text": clean_comment(text)}
        return self._error(request, {"conflict": 409, "gone": 404}.get(result.outcome, 400), message)

    def _api_check(self, request: Request, login: _Login, slug: str, lang: str, ident: str) -> Response:
        """The problems a translation would have, written nowhere: the page asks while the reviewer types."""
        ref = self._resolve(slug, lang)
        if ref is None or not ENTRY_ID_RE.match(ident):
            return json_response({"error": "not found", "message": "no such statement, language or entry"}, 404)
        if not login.reviewer.can_change(lang):
            return _not_yours(login)
        msgstr = request.json().get("msgstr")
        if not isinstance(msgstr, str):
            raise BadRequestError('send {"msgstr": "<the translation to check>"}')
        snapshot = self.cache.load(ref.path)
        entry = snapshot.by_id.get(ident)
        # The length first: it costs nothing, and spares a megabyte the character scan.
        too_long = length_message(msgstr, msgid=entry.msgid) if entry is not None else None
        if too_long:
            return json_response({"error": "too long", "message": message_text(too_long)}, 422)
        bad = control_character_error(msgstr)
        if bad:
            raise BadRequestError(bad)
        if entry is None:
            return json_response({"error": "gone", "message": "this entry is no longer in the catalog; reload the page"},
                                 404)
        problems = self.cache.candidate_problems(snapshot.catalog, _candidate(entry, msgstr), path=ref.path,
                                                 slug=ref.slug, lang=ref.lang)
        if problems is None:
            return json_response({"error": "server error",
                                  "message": "the checks failed on this text; tell the coordinator (the log has the details)"},
                                 500)
        return json_response({"problems": problems_to_json(problems)})

    def _api_suggestions(self, login: _Login, slug: str, lang: str, ident: str) -> Response:
        """What helps at the box, read-only: translation-memory matches with their scores, and the glossary's terms."""
        ref = self._resolve(slug, lang)
        if ref is None or not ENTRY_ID_RE.match(ident):
            return json_response({"error": "not found", "message": "no such statement, language or entry"}, 404)
        entry = self.cache.load(ref.path).by_id.get(ident)
        if entry is None:
            return json_response({"error": "gone", "message": "this entry is no longer in the catalog; reload the page"},
                                 404)
        matches = []
        memory = self._open_memory()
        if memory is not None and "signatory" not in entry.flags:
            own = (relative_path(self.project, ref.path), entry.msgctxt)
            exact = memory.exact(entry.msgid, lang, exclude=own)
            found = ([exact] if exact is not None else []) + memory.close_matches(entry.msgid, lang, limit=3)
            matches = [{"source": m.source, "target": m.target, "score": m.score, "reviewed": m.is_reviewed,
                        "origin": m.origin} for m in found if m.target and m.target != entry.msgstr]
        glossary = read_project_glossary(self.project)
        terms = []
        if glossary is not None:
            seen = set()
            for term in glossary.finder(lang).find(entry.msgid):
                if term.source not in seen:
                    seen.add(term.source)
                    terms.append({"source": term.source, "target": term.target})
        return json_response({"memory": matches, "glossary": terms})

    def _open_memory(self) -> TranslationMemory | None:
        # Opened once, without a refresh (the background pass refreshes it): a page must not wait for an index.
        with self._memory_lock:
            if self._memory is None:
                try:
                    self._memory = TranslationMemory(self.project)
                except (OSError, sqlite3.Error) as exc:
                    log.warning("translation memory: %s", exc)
                    return None
            return self._memory

    def _refresh_memory(self) -> None:
        memory = self._open_memory()
        if memory is not None:
            try:
                memory.refresh()
            except (OSError, sqlite3.Error) as exc:
                log.warning("translation memory: %s", exc)

    # -- helpers -----------------------------------------------------------

    def _checker(self, ref: CatalogRef) -> EntryChecker:
        """What an approval of an entry of ``ref`` is checked with, under the catalog's lock."""
        def check(catalog: Catalog, entry: Entry) -> list[Problem] | None:
            # Remembered: the answer to the approval shows the same problems without checking again.
            return self.cache.candidate_problems(catalog, entry, path=ref.path, slug=ref.slug, lang=ref.lang,
                                                 remember=True)
        return check

    def _errors_of(self, ref: CatalogRef, entry: Entry, msgstr: str | None) -> set[str]:
        """The checks that find an error in ``entry`` approved with ``msgstr`` (its own text when ``None``)."""
        snapshot = self.cache.load(ref.path)
        candidate = _candidate(entry, entry.msgstr if msgstr is None else msgstr)
        found = self.cache.candidate_problems(snapshot.catalog, candidate, path=ref.path, slug=ref.slug, lang=ref.lang)
        return {p.check for p in found or [] if p.severity == ERROR}

    def _progress_rows(self) -> list[tuple[Statement, list[tuple[str, CatalogProgress]]]]:
        # Counts not known yet are shown as "checking…" and found in the background, never while a page waits.
        rows = project_progress(self.cache, parse_budget=self.parse_budget)
        if any(progress.exists and progress.problems is None for _, per_lang in rows for _, progress in per_lang):
            self.checker.request()
        return rows

    def _can_draft(self, lang: str) -> bool:
        """Whether ``pretranslate`` has an engine for ``lang`` here, for the page's hint (asked once per language:
        Apertium's pairs take a process to list)."""
        known = self._draftable.get(lang)
        if known is None:
            known = self._draftable[lang] = is_set_up_for(lang, project=self.project)
        return known

    def _too_long(self, ref: CatalogRef, ident: str, msgstr: str | None) -> str | None:
        """Why the translation an action would write (``msgstr``, or the entry's own) is too long to be one."""
        entry = self.cache.load(ref.path).by_id.get(ident)
        if entry is None:
            return None  # the action answers "gone"
        too_long = length_message(entry.msgstr if msgstr is None else msgstr, msgid=entry.msgid)
        return message_text(too_long) if too_long is not None else None

    def _resolve(self, slug: str, lang: str) -> CatalogRef | None:
        try:
            ref = resolve_catalog(self.project, slug, lang)
        except CatalogError:
            return None
        return ref if ref.path.exists() else None

    def _page_after(self, ref: CatalogRef, result: ActionResult) -> ReviewPage:
        # Only the entry acted on is checked again; the next page load checks everything.
        snapshot = result.snapshot or self.cache.load(ref.path)
        problems = self.cache.problems_after_change(snapshot, [result.action.entry_id], slug=ref.slug, lang=ref.lang)
        return ReviewPage(ref, snapshot, problems, progress_of(snapshot, problems),
                          self.actions.history.steps(ref.path))

    def _entry_dict(self, page: ReviewPage, ident: str) -> dict[str, Any]:
        return entry_to_dict(page.snapshot, ident, page.entry_problems(page.snapshot.by_id[ident]),
                             page.logged.get(ident))

    def _not_allowed(self, request: Request) -> Response:
        return self._error(request, 405, "method not allowed")

    def _error(self, request: Request, status: int, message: str) -> Response:
        if request.is_api:
            return json_response({"error": _ERROR_NAMES.get(status, "error"), "message": message}, status)
        return html_response(pages.message_page(_(_PAGE_TITLES.get(status, _ERROR)), message), status)


_ERROR_NAMES = {400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found", 405: "method not allowed",
                409: "conflict", 413: "too large", 415: "unsupported media type", 421: "unknown host",
                422: "problems", 429: "too many requests", 500: "server error"}
_BAD_TOKEN = N_("This login link or token is not valid (or the reviewer was removed); ask your coordinator for a new link.")
_ERROR = N_("Error")
# The titles of error pages (the API answers with _ERROR_NAMES, which are part of its contract).
_PAGE_TITLES = {400: N_("Bad request"), 401: N_("Unauthorized"), 403: N_("Forbidden"), 404: N_("Not found"),
                405: N_("Method not allowed"), 409: N_("Conflict"), 413: N_("Too large"),
                415: N_("Unsupported media type"), 421: N_("Unknown host"), 422: N_("Problems"),
                429: N_("Too many requests"), 500: N_("Server error")}


def _action(kind: ActionKind, ident: str, version: str, login: _Login, msgstr: str | None,
            accept: list[str] | None = None) -> Action:
    return Action(kind, ident, version, login.reviewer.name, msgstr if kind == "edit" else None,
                  tuple(dict.fromkeys(accept or ())))


def _not_yours(login: _Login) -> Response:
    languages = ", ".join(login.reviewer.languages) or "no language"
    return json_response({"error": "forbidden", "message": f"{login.reviewer.name} may change {languages} only"}, 403)


def _candidate(entry: Entry, msgstr: str) -> Entry:
    """``entry`` as approving it with ``msgstr`` would write it (what the checks are run on)."""
    candidate = entry.copy()
    candidate.msgstr = clean_msgstr(msgstr, msgid=entry.msgid)
    candidate.set_fuzzy(False)
    return candidate


def _without_port(host: str) -> str:
    """``host`` without a trailing ``:port`` (``[::1]:8000`` → ``[::1]``)."""
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit() and (name.endswith("]") or ":" not in name):
        return name
    return host


def _action_kind(name: str) -> ActionKind | None:
    for kind in ACTION_KINDS:
        if kind == name:
            return kind
    return None


def _flash(result: ActionResult) -> str:
    if result.outcome != "done":
        return ""  # the page's script shows what went wrong beside the entry
    return _(_FLASHES[result.action.kind])


_FLASHES = {"approve": N_("approved just now"), "edit": N_("edited and approved just now"),
            "send-back": N_("sent back just now")}
