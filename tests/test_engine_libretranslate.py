"""The LibreTranslate engine over HTTP against a local server speaking LibreTranslate's API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import stmtl10n.engines._http as _http
import stmtl10n.engines.libretranslate as lt
from libretranslate_server import LibreTranslateServer, translate_html
from pretranslate_support import by_msgid, extract_all, make_project, msgfmt_check, read_po
from stmtl10n.cli import cli
from stmtl10n.config import LibreTranslateSettings, Settings
from stmtl10n.engines import get_engine
from stmtl10n.engines._http import plan_requests
from stmtl10n.engines.base import SourceSegment
from stmtl10n.engines.libretranslate import LibreTranslateEngine, libretranslate_code
from stmtl10n.engines.markup import protect
from stmtl10n.errors import EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.pretranslate import pretranslate
from stmtl10n.project import Project, find_project

TODAY = date(2026, 11, 25)
SECRET_KEY = "SECRET-lt-0123456789"

CALL = """# Call for solidarity with the people of Gaza

Read [the call](https://example.org/call?id=1&lang=en "The call") and sign it at **www.example.org/sign**.

Samidoun and the trade unions call on everyone to join the marches on 29 November.

Write to `info@example.org` if AT&T < 3 or 4 > 2.
"""


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_http, "MAX_RETRIES", 2)
    monkeypatch.setattr(_http, "RETRY_DELAY_SECONDS", 0.01)
    monkeypatch.setattr(lt, "REQUEST_TIMEOUT_SECONDS", 1.0)
    monkeypatch.setattr(lt, "_servers", {})  # what servers said is kept per URL; a port may come again
    for name in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL", "LIBRETRANSLATE_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[LibreTranslateServer]:
    with LibreTranslateServer() as running:
        yield running


def _project(tmp_path: Path, url: str, statements: dict[str, str] | None = None,
             languages: tuple[str, ...] = ("ar",)) -> Project:
    root = tmp_path / "project"
    make_project(root, languages=languages, statements=statements or {"call.md": CALL})
    with (root / "stmtl10n.toml").open("a", encoding="utf-8") as config:
        engines = "".join(f'{lang} = "libretranslate"\n' for lang in languages)
        config.write(f'\n[engines]\n{engines}\n[libretranslate]\nurl = "{url}"\n')
    project = find_project(root)
    extract_all(project)
    return project


def _engine(url: str, api_key: str | None = None) -> LibreTranslateEngine:
    return LibreTranslateEngine(url=url, api_key=api_key)


def _segments(*texts: str) -> list[SourceSegment]:
    return [SourceSegment(text) for text in texts]


# --- a full run ----------------------------------------------------------------------------


def test_a_run_drafts_arabic_fuzzy_with_provenance_and_every_link_kept(
    tmp_path: Path, server: LibreTranslateServer
) -> None:
    project = _project(tmp_path, server.url)
    result = pretranslate(project, today=TODAY)

    entries = by_msgid(read_po(project, "call", "ar"))
    link = entries['Read [the call](https://example.org/call?id=1&lang=en "The call") and sign it at '
                   "**www.example.org/sign**."]
    assert link.msgstr == ('[ar] Read [[ar] the call](https://example.org/call?id=1&lang=en "The call") [ar] and '
                           "sign it at **www.example.org/sign**.")
    assert link.is_fuzzy and link.provenance == "mt libretranslate 2026-11-25"
    code = entries["Write to `info@example.org` if AT&T < 3 or 4 > 2."]
    assert code.msgstr == "[ar] Write to `info@example.org` [ar] if AT&T < 3 or 4 > 2."
    assert all(e.msgstr and e.is_fuzzy and (e.provenance or "").startswith("mt libretranslate ")
               for e in entries.values())
    msgfmt_check(project.catalog_path("call", "ar"))
    (ar,) = result.languages
    assert (ar.engine, ar.machine, ar.left) == ("libretranslate", len(entries), 0)

    (request,) = server.translate_requests()
    assert request.params == {"source": "en", "target": "ar", "format": "html"}
    assert 'Read <a i="1">the call</a> and sign it at <strong i="2"><x i="3"/></strong>.' in request.texts
    assert [r.path for r in server.requests] == ["/languages", "/frontend/settings", "/translate"]


def test_markup_and_escaped_text_survive_the_html_round_trip(server: LibreTranslateServer) -> None:
    texts = [
        "AT&T < 3 and 4 > 2, a <b and c> d",
        "First line  \nsecond line with ![a banner](banner.png) and a note[^1].",
        "Mail info@example.org or @samidoun, #FreePalestine, see https://example.org/a_(b)?c=1&d=2.",
        "Run `make demo` and <span>raw HTML</span> with \\*escapes\\*.",
    ]
    result = _engine(server.url).translate(_segments(*texts), source="en", target="ar")
    for text, translation in zip(texts, result, strict=True):
        assert translation.failure is None
        stripped = re.sub(r"\[ar\] ", "", translation.text)
        assert stripped == text, (text, translation.text)


def test_the_fake_server_keeps_tags_and_attributes_like_libretranslate() -> None:
    # BeautifulSoup writes an empty element long and LibreTranslate unescapes the answer.
    sent = protect("Read [the call](https://x.org/?a=1&b=2) now & <3").xml
    assert sent == 'Read <a i="1">the call</a> now &amp; &lt;3'
    assert translate_html(sent, "ar") == '[ar] Read <a i="1">[ar] the call</a> [ar] now & <3'
    assert translate_html('a<x i="2"/>  b\n\nc', "es") == '[es] a<x i="2"></x> [es] b c'


# --- limits ----------------------------------------------------------------------------------


def test_requests_keep_within_the_servers_character_limit(tmp_path: Path) -> None:
    with LibreTranslateServer(char_limit=300) as server:
        texts = [f"Paragraph {n}: the workers of city {n} support the call." for n in range(30)]
        result = _engine(server.url).translate(_segments(*texts), source="en", target="ar")
        assert [t.text for t in result] == [f"[ar] {text}" for text in texts]
        requests = server.translate_requests()
        assert all(sum(len(t) for t in r.texts) <= 300 for r in requests)
        assert sum(len(r.texts) for r in requests) == 30
        assert all(r.status == 200 for r in server.requests)


def test_a_segment_over_the_limit_is_left_empty_and_named(tmp_path: Path) -> None:
    long_paragraph = "The workers of the world support the call for freedom and justice. " * 6
    with LibreTranslateServer(char_limit=200) as server:
        project = _project(tmp_path, server.url, {"call.txt": f"Short heading\n\n{long_paragraph}\n"})
        result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate"])
        assert result.exit_code == 0, result.output
        assert result.stderr == (
            "ar: 'The workers of the world support the call for freedom and…' left empty: 401 characters are more "
            "than LibreTranslate's limit of 200 per request; split the paragraph\n"
        )
        entries = by_msgid(read_po(project, "call", "ar"))
        assert entries["Short heading"].msgstr == "[ar] Short heading"
        assert entries[long_paragraph.strip()].msgstr == ""
        assert "ar: 1 entries filled" in result.stdout and "1 left empty" in result.stdout
        assert all(len(t) <= 200 for r in server.translate_requests() for t in r.texts)


def test_a_batch_limit_is_learned_from_the_refusal(server: LibreTranslateServer) -> None:
    server.batch_limit = 4
    engine = _engine(server.url)
    texts = [f"Text number {n}" for n in range(10)]
    result = engine.translate(_segments(*texts), source="en", target="ar")
    assert [t.text for t in result] == [f"[ar] {text}" for text in texts]
    statuses = [(r.status, len(r.texts)) for r in server.requests if r.path == "/translate"]
    assert statuses == [(400, 10), (200, 4), (200, 4), (200, 2)]
    server.reset_log()
    _engine(server.url).translate(_segments(*texts), source="en", target="fr")  # another language's engine
    assert [len(r.texts) for r in server.requests if r.path == "/translate"] == [4, 4, 2]
    assert [r.status for r in server.requests] == [200, 200, 200]  # nothing asked again, nothing refused


def test_plan_requests_and_the_language_codes() -> None:
    assert plan_requests([10, 10, 10], char_limit=15, max_texts=5) == [[0], [1], [2]]
    assert plan_requests([100], char_limit=15, max_texts=5) == [[0]]
    assert libretranslate_code("zh_Hans", ["en", "zh"]) == "zh"
    assert libretranslate_code("cy", ["en", "ar"]) is None


# --- languages ----------------------------------------------------------------------------


def test_the_servers_languages_decide_what_it_can_translate(tmp_path: Path) -> None:
    with LibreTranslateServer(languages=("en", "es", "fr")) as server:
        engine = _engine(server.url)
        assert engine.route("en", "es") == "libretranslate"
        assert engine.route("en", "ar") is None
        assert _engine(server.url).route("en", "fr") == "libretranslate"
        assert len([r for r in server.requests if r.path == "/languages"]) == 1  # asked once per server
        with pytest.raises(EngineError, match="cannot translate en to ar"):
            engine.translate(_segments("Hello"), source="en", target="ar")

        project = _project(tmp_path, server.url)
        result = pretranslate(project, today=TODAY)
        (ar,) = result.languages
        assert ar.engine is None and ar.left > 0
        assert ar.note == (
            f"ar: LibreTranslate at {server.url} cannot translate en to ar (it has en, es, fr); "
            "start it with the language (libretranslate --load-only en,ar,…) or choose another engine"
        )
        assert server.translate_requests() == []


def test_an_old_server_without_settings_or_targets_works_with_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    with LibreTranslateServer(frontend_settings=False) as server:
        monkeypatch.setattr(server, "_languages_answer", lambda: [{"code": c, "name": c} for c in ("en", "ar")])
        engine = _engine(server.url)
        assert engine.route("en", "ar") == "libretranslate"
        texts = ["x" * 3000, "y" * 3000]
        result = engine.translate(_segments(*texts), source="en", target="ar")
        assert [t.text for t in result] == ["[ar] " + texts[0], "[ar] " + texts[1]]
        # No limit known: requests of at most DEFAULT_REQUEST_CHARACTERS together.
        assert [len(r.texts) for r in server.translate_requests()] == [1, 1]


# --- faults ----------------------------------------------------------------------------------


def test_unreachable_server_is_one_line(tmp_path: Path) -> None:
    with LibreTranslateServer() as stopped:
        url = stopped.url
    with pytest.raises(EngineNetworkError) as caught:
        _engine(url).route("en", "ar")
    assert str(caught.value) == (
        f"cannot reach LibreTranslate at {url} (connection refused); check [libretranslate] url and that the "
        "server runs (libretranslate --load-only en,ar,…)"
    )


def test_a_server_that_never_answers_is_a_network_error(server: LibreTranslateServer) -> None:
    engine = _engine(server.url)
    engine.route("en", "ar")
    server.stop_responding(path="/translate")
    with pytest.raises(EngineNetworkError, match=r"\(no answer in 1 s\)"):
        engine.translate(_segments("Hello"), source="en", target="ar")


def test_a_wrong_key_and_a_missing_key_say_which(monkeypatch: pytest.MonkeyPatch) -> None:
    with LibreTranslateServer(api_keys=(SECRET_KEY,), key_required=True) as server:
        with pytest.raises(EngineAuthError) as missing:
            _engine(server.url).translate(_segments("Hello"), source="en", target="ar")
        assert str(missing.value) == (
            f"LibreTranslate at {server.url} wants an API key (HTTP 400: Please contact the server operator to get "
            "an API key); set LIBRETRANSLATE_API_KEY"
        )
        with pytest.raises(EngineAuthError) as wrong:
            _engine(server.url, api_key="SECRET-wrong-key").translate(_segments("Hello"), source="en", target="ar")
        assert str(wrong.value) == (
            f"LibreTranslate at {server.url} refused the request (HTTP 403: Invalid API key); "
            "check LIBRETRANSLATE_API_KEY"
        )
        (result,) = _engine(server.url, api_key=SECRET_KEY).translate(_segments("Hello"), source="en", target="ar")
        assert result.text == "[ar] Hello"
        assert server.translate_requests()[-1].with_key
        assert "SECRET" not in repr(_engine(server.url, api_key=SECRET_KEY))


def test_the_key_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with LibreTranslateServer(api_keys=(SECRET_KEY,), key_required=True) as server:
        project = _project(tmp_path, server.url)
        monkeypatch.setenv("LIBRETRANSLATE_API_KEY", SECRET_KEY)
        engine = get_engine("libretranslate", project=project)
        assert engine.translate(_segments("Hello"), source="en", target="ar")[0].text == "[ar] Hello"


@pytest.mark.parametrize(
    ("status", "error", "kind", "message"),
    [
        (429, "Slowdown: 30 per 1 minute", EngineQuotaError,
         "limits requests (HTTP 429: Slowdown: 30 per 1 minute) even after 2 retries; run again later, "
         "or raise the server's --req-limit"),
        (500, None, EngineError, "failed on /translate (HTTP 500, after 2 retries); run again"),
        (503, "busy", EngineError, "failed on /translate (HTTP 503: busy, after 2 retries); run again"),
        (400, "xx format is not supported", EngineError, "refused /translate (HTTP 400: xx format is not supported)"),
    ],
    ids=["429", "500-flask-page", "503", "400"],
)
def test_refusals_are_one_line(
    server: LibreTranslateServer, status: int, error: str | None, kind: type[EngineError], message: str
) -> None:
    engine = _engine(server.url)
    engine.route("en", "ar")
    server.fail_next(status, times=5, error=error)
    with pytest.raises(kind) as caught:
        engine.translate(_segments("Hello"), source="en", target="ar")
    assert str(caught.value) == f"LibreTranslate at {server.url} {message}"
    attempts = 3 if status in (429, 500, 503) else 1
    assert [r.status for r in server.requests if r.path == "/translate"] == [status] * attempts


@pytest.mark.parametrize("status", [429, 500, 502])
def test_overload_is_retried(server: LibreTranslateServer, status: int) -> None:
    server.fail_next(status)
    (result,) = _engine(server.url).translate(_segments("Hello"), source="en", target="ar")
    assert result.text == "[ar] Hello"
    assert [r.status for r in server.requests if r.path == "/translate"] == [status, 200]


def test_an_answer_with_the_wrong_count_is_an_error(server: LibreTranslateServer) -> None:
    server.wrong_count_next()
    with pytest.raises(EngineError) as caught:
        _engine(server.url).translate(_segments("One", "Two", "Three"), source="en", target="ar")
    assert str(caught.value) == f"LibreTranslate at {server.url} answered 2 translations for 3 texts; run again"


def test_a_url_that_is_no_libretranslate_says_so(server: LibreTranslateServer) -> None:
    with pytest.raises(EngineError) as caught:
        _engine(server.url + "/translate").route("en", "ar")
    assert str(caught.value) == (
        f"LibreTranslate at {server.url}/translate has no /languages (HTTP 404); check [libretranslate] url"
    )


def test_a_run_stops_on_a_fault_with_one_line_and_keeps_what_it_saved(tmp_path: Path) -> None:
    with LibreTranslateServer(api_keys=(SECRET_KEY,), key_required=True) as server:
        project = _project(tmp_path, server.url)
        result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate"])
        assert result.exit_code == 1
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines == [
            f"Error: ar: LibreTranslate at {server.url} wants an API key (HTTP 400: Please contact the server "
            "operator to get an API key); set LIBRETRANSLATE_API_KEY; the translations made so far are saved, "
            "run `stmtl10n pretranslate` again to continue"
        ]
        assert "Traceback" not in result.output


# --- settings and dry runs -------------------------------------------------------------------


def test_get_engine_needs_the_url(tmp_path: Path) -> None:
    project = Project(tmp_path, Settings(), tmp_path / "stmtl10n.toml")
    with pytest.raises(EngineError, match=r'set \[libretranslate\] url = "http://localhost:5000" in stmtl10n.toml'):
        get_engine("libretranslate", project=project)
    configured = Project(tmp_path, Settings(libretranslate=LibreTranslateSettings(url="http://lt:5000")),
                         tmp_path / "stmtl10n.toml")
    assert repr(get_engine("libretranslate", project=configured)) == "LibreTranslateEngine(url='http://lt:5000')"


def test_dry_run_says_where_and_in_how_many_requests_and_sends_nothing(tmp_path: Path) -> None:
    statements = {"call.md": CALL, "long.txt": "\n\n".join(f"Paragraph {n}: " + "words " * 60 for n in range(12))}
    with LibreTranslateServer() as server:
        url = server.url
        project = _project(tmp_path, url, statements)
        result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate", "--dry-run"])
        assert result.exit_code == 0, result.output
        assert server.requests == []
    (line,) = result.stdout.splitlines()
    match = re.fullmatch(
        rf"ar: (\d+) segments, ([\d,]+) characters for libretranslate at {re.escape(url)} "
        r"\((\d+) requests\), not billed",
        line,
    )
    assert match, line
    assert int(match.group(1)) == 16 and int(match.group(3)) == 2  # 4,000 characters a request, by default
