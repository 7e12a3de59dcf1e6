"""Helpers for the review server's tests and benchmark: a project with drafts, an in-process client, a live server."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from stmtl10n.catalog import Catalog, read_catalog, write_catalog
from stmtl10n.extract import extract
from stmtl10n.project import Project, find_project, init_project
from stmtl10n.review.app import ReviewApp
from stmtl10n.review.catalogs import entry_id, entry_version
from stmtl10n.review.server import make_review_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

STATEMENT = """\
# Call for solidarity

On 29 November every year, supporters of freedom commemorate the day.

We demand an end to the occupation.

- Freedom for all prisoners.
- The right of return.

Signed in 2024.
"""

# A statement whose segments carry a Markdown link and a bare URL: what translations most often lose.
LINK_STATEMENT = """\
# Solidarity with Gaza

Read the [full statement](https://example.org/gaza-statement) and sign it before 29 November.

Donate at https://example.org/donate to support the families.
"""
LINK_PARAGRAPH = "Read the [full statement](https://example.org/gaza-statement) and sign it before 29 November."
DONATE_PARAGRAPH = "Donate at https://example.org/donate to support the families."

DRAFT_PREFIX = {"es": "ES ", "ar": "عربي ", "fr": "FR "}

# Drafts of STATEMENT as an engine would write them: real translations, which the
# checks pass (a draft in English would be refused on approval as the wrong language).
TRANSLATIONS: dict[str, dict[str, str]] = {
    "es": {
        "Solidarity with Gaza": "Solidaridad con Gaza",
        LINK_PARAGRAPH: "Lee la [declaración completa](https://example.org/gaza-statement) y fírmala antes del "
                        "29 de noviembre.",
        DONATE_PARAGRAPH: "Dona en https://example.org/donate para apoyar a las familias.",
        "Call for solidarity": "Llamamiento a la solidaridad",
        "On 29 November every year, supporters of freedom commemorate the day.":
            "Cada 29 de noviembre, quienes defienden la libertad conmemoran este día.",
        "We demand an end to the occupation.": "Exigimos el fin de la ocupación.",
        "Freedom for all prisoners.": "Libertad para todas las personas presas.",
        "The right of return.": "El derecho al retorno.",
        "Signed in 2024.": "Firmado en 2024.",
    },
    "ar": {
        "Solidarity with Gaza": "التضامن مع غزة",
        LINK_PARAGRAPH: "اقرأ [البيان الكامل](https://example.org/gaza-statement) ووقّع عليه قبل 29 نوفمبر.",
        DONATE_PARAGRAPH: "تبرعوا عبر https://example.org/donate لدعم العائلات.",
        "Call for solidarity": "نداء للتضامن",
        "On 29 November every year, supporters of freedom commemorate the day.":
            "في 29 نوفمبر من كل عام، يحيي أنصار الحرية هذا اليوم.",
        "We demand an end to the occupation.": "نطالب بإنهاء الاحتلال.",
        "Freedom for all prisoners.": "الحرية لجميع الأسرى.",
        "The right of return.": "حق العودة.",
        "Signed in 2024.": "وُقّع في 2024.",
    },
    "fr": {
        "Solidarity with Gaza": "Solidarité avec Gaza",
        LINK_PARAGRAPH: "Lisez la [déclaration complète](https://example.org/gaza-statement) et signez-la avant le "
                        "29 novembre.",
        DONATE_PARAGRAPH: "Faites un don sur https://example.org/donate pour soutenir les familles.",
        "Call for solidarity": "Appel à la solidarité",
        "On 29 November every year, supporters of freedom commemorate the day.":
            "Chaque 29 novembre, les défenseurs de la liberté commémorent cette journée.",
        "We demand an end to the occupation.": "Nous exigeons la fin de l'occupation.",
        "Freedom for all prisoners.": "Liberté pour tous les prisonniers.",
        "The right of return.": "Le droit au retour.",
        "Signed in 2024.": "Signé en 2024.",
    },
}

Drafter = Callable[[str, str], str]


def machine_draft(lang: str, msgid: str) -> str:
    """The draft an engine would give ``msgid`` in ``lang``: a real translation where one is known."""
    return TRANSLATIONS.get(lang, {}).get(msgid) or DRAFT_PREFIX.get(lang, "XX ") + msgid


def make_project(root: Path, *, statements: dict[str, str] | None = None,
                 languages: tuple[str, ...] = ("es", "ar", "fr"), draft: Drafter = machine_draft) -> Project:
    """A project with statements extracted into catalogs, every entry a fuzzy machine draft.

    :param draft: the draft of a msgid in a language (``(lang, msgid) -> msgstr``).
    """
    init_project(root, source_lang="en", languages=languages)
    for name, text in (statements or {"call.md": STATEMENT}).items():
        (root / "statements" / name).write_text(text, encoding="utf-8")
    project = find_project(root)
    extract(project)
    for statement_file in (statements or {"call.md": STATEMENT}):
        for lang in languages:
            fill_drafts(project, Path(statement_file).stem, lang, draft=draft)
    return project


def fill_drafts(project: Project, slug: str, lang: str, *, draft: Drafter = machine_draft) -> None:
    """Give every empty entry a fuzzy draft, as pretranslate would."""
    path = project.catalog_path(slug, lang)
    catalog = read_catalog(path)
    for entry in catalog.active():
        if not entry.msgstr:
            entry.msgstr = draft(lang, entry.msgid)
            entry.set_fuzzy(True)
            entry.set_provenance("mt deepl 2026-11-25")
    write_catalog(path, catalog)


def catalog_of(project: Project, slug: str, lang: str) -> Catalog:
    return read_catalog(project.catalog_path(slug, lang))


def ids_and_versions(project: Project, slug: str, lang: str) -> list[tuple[str, str, str]]:
    """``(id, version, msgid)`` of every active entry, in file order."""
    return [(entry_id(e), entry_version(e), e.msgid) for e in catalog_of(project, slug, lang).active()]


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        import json

        return json.loads(self.body)

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower(), [])
        return values[0] if values else ""


@dataclass
class Client:
    """Drives the WSGI application in-process like a browser: keeps cookies, sends Origin on POST."""

    app: ReviewApp
    host: str = "127.0.0.1:8000"
    cookies: dict[str, str] = field(default_factory=dict)
    scheme: str = "http"

    def request(self, method: str, url: str, *, body: bytes = b"", headers: dict[str, str] | None = None) -> Reply:
        parts = urlsplit(url)
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method, "PATH_INFO": parts.path, "QUERY_STRING": parts.query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": self.scheme, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
            "HTTP_HOST": self.host,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for name, value in (headers or {}).items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
        captured: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
            captured["status"] = int(status.split()[0])
            captured["headers"] = response_headers

        payload = b"".join(self.app(environ, start_response))
        grouped: dict[str, list[str]] = {}
        for name, value in captured["headers"]:
            grouped.setdefault(name.lower(), []).append(value)
        for raw in grouped.get("set-cookie", []):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(raw)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return Reply(captured["status"], grouped, payload)

    def get(self, url: str, **headers: str) -> Reply:
        return self.request("GET", url, headers=headers)

    def post_form(self, url: str, fields: dict[str, str], *, origin: str | None = "same") -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin == "same":
            headers["Origin"] = f"{self.scheme}://{self.host}"
        elif origin:
            headers["Origin"] = origin
        return self.request("POST", url, body=urlencode(fields).encode(), headers=headers)

    def post_json(self, url: str, data: dict[str, Any], *, csrf: str | None = None, bearer: str | None = None,
                  origin: str | None = "same") -> Reply:
        import json

        headers = {"Content-Type": "application/json"}
        if csrf is not None:
            headers["X-CSRF-Token"] = csrf
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        if origin == "same":
            headers["Origin"] = f"{self.scheme}://{self.host}"
        elif origin:
            headers["Origin"] = origin
        return self.request("POST", url, body=json.dumps(data).encode(), headers=headers)

    def login(self, token: str, *, interface: str | None = "en") -> Reply:
        """Open the login link and click its button, as a reviewer does; returns the answer to the click.

        :param interface: then pick the pages' language with the switch (English, which these
            tests read); ``None`` keeps the one negotiated (the reviewer's first language …).
        """
        import re

        page = self.get(f"/login?token={token}")
        assert page.status == 200, page.text
        assert not page.header("Set-Cookie"), "opening the link alone must not log in"
        found = re.search(r'<input type="hidden" name="token" value="([^"]+)">', page.text)
        assert found, "no login form on the link's page"
        reply = self.post_form("/login", {"token": found.group(1)})
        assert (reply.status, reply.header("Location")) == (303, "/"), reply.text
        if interface is not None:
            self.choose_interface(interface)
        return reply

    def choose_interface(self, lang: str) -> None:
        """Use the language switch every page has."""
        switched = self.post_form("/interface-language", {"csrf": self.csrf_token(), "ui": lang, "next": "/"})
        assert switched.status == 303, switched.text

    def csrf_token(self) -> str:
        """The CSRF token the pages carry (as the page's script reads it)."""
        import re

        page = self.get("/").text
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
        assert found, "no CSRF token on the page"
        return found.group(1)


@contextmanager
def live_server(project: Project, app: ReviewApp | None = None) -> Iterator[str]:
    """A real threaded review server on 127.0.0.1 with a free port; yields its base URL."""
    server = make_review_server(project, host="127.0.0.1", port=0, app=app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")


def assert_complete_translation(path: Path, template_path: Path, *, lang: str, marks: tuple[str, ...] = ()) -> None:
    """A shipped catalog of the package (review pages, problem messages) translates its whole template.

    Every message of the template, none fuzzy, none empty, every plural form
    there, the same ``%(name)s`` placeholders, each of ``marks`` (Markdown or
    code a translator must copy) exactly where the English has it, and
    ``msgfmt --check`` accepts it.
    """
    from babel.messages.pofile import read_po

    msgfmt_check(path)
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    with template_path.open("rb") as pot_file:
        template = read_po(pot_file)
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} == {
        m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple):
            assert len(strings) == catalog.num_plurals, message.id
        wanted = {name for text in ids for name in _PLACEHOLDER_RE.findall(text)}
        for text in strings:
            assert text, message.id
            assert set(_PLACEHOLDER_RE.findall(text)) == wanted, (message.id, text)
            for mark in marks:
                assert (mark in text) == any(mark in source for source in ids), (message.id, text, mark)


def msgfmt_check(path: Path) -> None:
    """GNU ``msgfmt --check`` must accept the catalog (fails loudly when gettext is missing)."""
    assert shutil.which("msgfmt"), "msgfmt not found: install GNU gettext (apt-get install gettext)"
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
