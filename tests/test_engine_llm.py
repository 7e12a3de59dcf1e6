"""The llm engine over HTTP against a local server speaking the OpenAI chat-completions API."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import stmtl10n.engines._http as _http
import stmtl10n.engines.llm as llm
from llm_server import DEFAULT_MODEL, LLMServer
from pretranslate_support import by_msgid, extract_all, make_project, msgfmt_check, read_po
from stmtl10n.cli import cli
from stmtl10n.config import LLMSettings, Settings
from stmtl10n.engines import get_engine
from stmtl10n.engines.base import SourceSegment
from stmtl10n.engines.llm import LLMEngine, check_translation
from stmtl10n.engines.markup import protect
from stmtl10n.errors import EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.pretranslate import pretranslate
from stmtl10n.project import Project, find_project

TODAY = date(2026, 11, 25)
SECRET_KEY = "sk-SECRET-llm-0123456789"
LINKED = "Read [the call](https://example.org/call?id=1&lang=en) and sign it today."
LONG = "Samidoun and the trade unions call on everyone to join the marches in every city."

CALL = f"""# Free Palestine

{LINKED}

{LONG}

End the occupation, now and everywhere, for the freedom of every prisoner.
"""


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_http, "MAX_RETRIES", 2)
    monkeypatch.setattr(_http, "RETRY_DELAY_SECONDS", 0.01)
    monkeypatch.setattr(llm, "REQUEST_TIMEOUT_SECONDS", 1.0)
    for name in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL", "STMTL10N_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with LLMServer() as running:
        yield running


def _project(tmp_path: Path, url: str, *, model: str = DEFAULT_MODEL, extra: str = "",
             statements: dict[str, str] | None = None) -> Project:
    root = tmp_path / "project"
    make_project(root, languages=("ar",), statements=statements or {"call.md": CALL})
    with (root / "stmtl10n.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[engines]\nar = "llm"\n\n[llm]\nurl = "{url}"\nmodel = "{model}"\n{extra}')
    project = find_project(root)
    extract_all(project)
    return project


def _engine(url: str, *, api_key: str | None = None, model: str = DEFAULT_MODEL) -> LLMEngine:
    return LLMEngine(url=url, model=model, api_key=api_key, languages=("en", "ar", "es", "fr"))


def _segments(*texts: str) -> list[SourceSegment]:
    return [SourceSegment(text) for text in texts]


def _run(project: Project, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate", *args])


# --- a full run ----------------------------------------------------------------------------


def test_a_run_drafts_arabic_fuzzy_with_provenance_context_glossary_and_register(
    tmp_path: Path, server: LLMServer
) -> None:
    extra = '\n[deepl]\nglossary = "glossary.csv"\nformality = { ar = "prefer_more" }\n'
    project = _project(tmp_path, server.url, extra=extra)
    (project.root / "glossary.csv").write_text("en,ar\noccupation,الاحتلال\nNakba,النكبة\n", encoding="utf-8")

    result = pretranslate(project, today=TODAY)

    entries = by_msgid(read_po(project, "call", "ar"))
    assert all(e.msgstr and e.is_fuzzy and e.provenance == f"mt llm {DEFAULT_MODEL} 2026-11-25" for e in entries.values())
    assert "](https://example.org/call?id=1&lang=en)" in entries[LINKED].msgstr
    assert "الاحتلال" in entries["End the occupation, now and everywhere, for the freedom of every prisoner."].msgstr
    msgfmt_check(project.catalog_path("call", "ar"))
    (ar,) = result.languages
    assert (ar.engine, ar.machine, ar.left) == (f"llm {DEFAULT_MODEL}", 4, 0)

    (chat,) = server.completions()
    assert chat.body["model"] == DEFAULT_MODEL
    assert chat.body["temperature"] == 0
    assert chat.body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in chat.body["messages"]] == ["system", "user"]
    assert "from English (en) into Arabic (ar)" in chat.system
    assert "formal register" in chat.system
    assert 'Keep every tag exactly as written' in chat.system and "JSON" in chat.system
    assert chat.payload["segments"][1] == 'Read <a i="1">the call</a> and sign it today.'
    assert chat.payload["glossary"] == {"occupation": "الاحتلال"}  # only the terms the request has
    assert chat.payload["context"] == ""  # the neighbours are all in the request: nothing more to say
    assert not chat.with_key


def test_neighbouring_paragraphs_go_as_context_and_the_key_as_a_bearer_token(tmp_path: Path) -> None:
    with LLMServer(api_key=SECRET_KEY) as server:
        engine = _engine(server.url, api_key=SECRET_KEY)
        batch = [SourceSegment("Free Palestine", context="We call on everyone to act.\n\nThe march starts at noon.")]
        (result,) = engine.translate(batch, source="en", target="ar")
        assert result.failure is None and result.text
        (chat,) = server.completions()
        assert chat.payload["context"] == "We call on everyone to act.\n\nThe march starts at noon."
        assert chat.with_key


@pytest.mark.parametrize("kind", ["fenced", "think", "bare-list"])
def test_answers_in_the_shapes_local_models_write_are_read(server: LLMServer, kind: str) -> None:
    server.always_answer(kind)
    result = _engine(server.url).translate(_segments(LINKED, LONG), source="en", target="ar")
    assert all(t.failure is None and t.text for t in result)
    assert len(server.completions()) == 1


# --- checking answers: retry once, then leave the entry empty ----------------------------------


@pytest.mark.parametrize("kind", ["not-json", "wrong-count", "truncated", "empty"])
def test_a_broken_answer_is_asked_again_once(server: LLMServer, kind: str) -> None:
    server.answer_next(kind)
    result = _engine(server.url).translate(_segments(LINKED, LONG), source="en", target="ar")
    assert all(t.failure is None and t.text for t in result)
    first, second = server.completions()
    assert first.body["temperature"] == 0 and second.body["temperature"] == llm.RETRY_TEMPERATURE
    assert second.segments == first.segments
    (rejected,) = second.payload["your_previous_answer_was_rejected"]
    assert rejected.startswith("the answer ")


def test_only_the_segments_with_a_bad_answer_are_asked_again(server: LLMServer) -> None:
    server.answer_next("lost-tag")
    result = _engine(server.url).translate(_segments(LINKED, LONG), source="en", target="ar")
    assert "](https://example.org/call?id=1&lang=en)" in result[0].text
    assert result[1].failure is None
    first, second = server.completions()
    assert len(first.segments) == 2
    assert second.segments == ['Read <a i="1">the call</a> and sign it today.']
    assert second.payload["your_previous_answer_was_rejected"] == [
        "segment 1: the answer lost [the call](https://example.org/call?id=1&lang=en)"
    ]


def test_an_answer_broken_twice_leaves_the_entry_empty_and_says_why(tmp_path: Path, server: LLMServer) -> None:
    server.always_answer("lost-tag")
    project = _project(tmp_path, server.url)
    result = _run(project)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "ar: 'Read [the call](https://example.org/call?id=1&lang=en) and…' left empty: the answer lost "
        f"[the call](https://example.org/call?id=1&lang=en) (llm {DEFAULT_MODEL}, asked twice)\n"
    )
    entries = by_msgid(read_po(project, "call", "ar"))
    assert entries[LINKED].msgstr == "" and not entries[LINKED].is_fuzzy
    assert all(e.msgstr for msgid, e in entries.items() if msgid != LINKED)
    assert "ar: 3 entries filled" in result.stdout and "1 left empty" in result.stdout
    assert len(server.completions()) == 2  # the request, and the one segment again

    # The next run asks again for what is still empty, and only that.
    server.always_answer("good")
    assert _run(project).exit_code == 0
    assert server.completions()[-1].segments == ['Read <a i="1">the call</a> and sign it today.']
    assert by_msgid(read_po(project, "call", "ar"))[LINKED].msgstr


def test_an_answer_in_the_wrong_language_is_refused_but_short_text_is_not_judged(server: LLMServer) -> None:
    server.always_answer("wrong-language")
    long, short = _engine(server.url).translate(_segments(LONG, "Free Palestine"), source="en", target="ar")
    assert long.text == "" and long.failure == f"the answer is in English (en), not Arabic (ar) (llm {DEFAULT_MODEL}, asked twice)"
    assert short.failure is None and short.text == "Free Palestine"  # too short to say: a name, a slogan


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ('اقرأ <a i="1">النداء</a> <x i="2"/> الآن', None),
        ('اقرأ <a i="1">النداء</a> <x i="2"></x> الآن', None),  # a placeholder written long
        ('اقرأ <a i = "1">النداء</a> <x i="2" /> الآن', None),
        ('اقرأ <a i="1">النداء</a> الآن', "the answer lost `make`"),
        ('اقرأ <a i="1">النداء</a> <x i="2"/> <x i="2"/>', 'the answer added or repeated <x i="2"/>'),
        ('اقرأ <a i="1">النداء <x i="2"/> الآن', "the answer lost the closing tag </a>"),
        ('اقرأ <a i="1">النداء</a> <x i="2"/> <em i="3">ا</em>', 'the answer added or repeated </em>, <em i="3">'),
        ("   ", "the answer is empty"),
    ],
    ids=["good", "long-placeholder", "spaced", "lost", "repeated", "unclosed", "invented", "empty"],
)
def test_check_translation(answer: str, problem: str | None) -> None:
    assert check_translation(protect("Read [the call](https://x.org/c) `make` now"), answer, "ar") == problem


# --- faults ----------------------------------------------------------------------------------


def test_a_wrong_key_is_one_line_and_never_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    with LLMServer(api_key="sk-the-right-key-000") as server:
        url = server.url
        engine = _engine(url, api_key=SECRET_KEY)
        with pytest.raises(EngineAuthError) as caught:
            engine.translate(_segments("Hello"), source="en", target="ar")
    assert str(caught.value) == (
        f"the LLM server at {url} refused the key (HTTP 401: Incorrect API key provided: sk-***6789.); "
        "check STMTL10N_LLM_API_KEY"
    )
    captured = capsys.readouterr()
    for text in (str(caught.value), repr(caught.value), repr(engine), captured.out, captured.err, caplog.text):
        assert "SECRET" not in text


@pytest.mark.parametrize(
    ("status", "code", "message", "kind", "said", "attempts"),
    [
        (429, "insufficient_quota", "You exceeded your current quota", EngineQuotaError,
         "says the account's quota is used up (HTTP 429: You exceeded your current quota)", 1),
        (429, "rate_limit_exceeded", "Rate limit reached", EngineNetworkError,
         "is overloaded (HTTP 429: Rate limit reached) even after 2 retries; run again later", 3),
        (503, None, "Model is loading", EngineError,
         "failed (HTTP 503: Model is loading, after 2 retries); run again", 3),
        (400, "context_length_exceeded", "This model's maximum context length is 4096 tokens", EngineError,
         "refused the request (HTTP 400: This model's maximum context length is 4096 tokens)", 1),
    ],
    ids=["quota", "rate-limit", "503", "400"],
)
def test_refusals_are_one_line(
    server: LLMServer, status: int, code: str | None, message: str, kind: type[EngineError], said: str, attempts: int
) -> None:
    server.fail_next(status, times=5, code=code, message=message)
    with pytest.raises(kind) as caught:
        _engine(server.url).translate(_segments("Hello"), source="en", target="ar")
    assert type(caught.value) is kind
    assert str(caught.value) == f"the LLM server at {server.url} {said}"
    assert [c.status for c in server.chats] == [status] * attempts


def test_overload_is_retried(server: LLMServer) -> None:
    server.fail_next(503)
    (result,) = _engine(server.url).translate(_segments("Hello"), source="en", target="ar")
    assert result.failure is None
    assert [c.status for c in server.chats] == [503, 200]


def test_an_unknown_model_or_url_names_both_settings(server: LLMServer) -> None:
    with pytest.raises(EngineError) as caught:
        _engine(server.url, model="nope").translate(_segments("Hello"), source="en", target="ar")
    assert str(caught.value) == (
        f"the LLM server at {server.url} answered HTTP 404: The model `nope` does not exist or you do not have "
        "access to it.; check [llm] url (the API's base, usually ending in /v1) and [llm] model ('nope')"
    )
    with pytest.raises(EngineError, match=r"answered HTTP 404: Invalid URL \(POST /chat/completions\)"):
        _engine(server.url.removesuffix("/v1")).translate(_segments("Hello"), source="en", target="ar")


def test_unreachable_and_silent_servers_are_network_errors(server: LLMServer) -> None:
    with LLMServer() as stopped:
        url = stopped.url
    with pytest.raises(EngineNetworkError) as caught:
        _engine(url).translate(_segments("Hello"), source="en", target="ar")
    assert str(caught.value) == (
        f"cannot reach the LLM server at {url} (connection refused); check [llm] url and that the server runs"
    )
    server.stop_responding()
    with pytest.raises(EngineNetworkError, match=r"\(no answer in 1 s\)"):
        _engine(server.url).translate(_segments("Hello"), source="en", target="ar")


def test_a_run_stops_on_a_fault_with_one_line(tmp_path: Path, server: LLMServer) -> None:
    project = _project(tmp_path, server.url, model="missing-model")
    result = _run(project)
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"Error: ar: the LLM server at {server.url} answered HTTP 404: The model `missing-model`")


# --- settings and dry runs -------------------------------------------------------------------


def test_get_engine_needs_url_and_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def project(**options: str) -> Project:
        return Project(tmp_path, Settings(llm=LLMSettings(**options)), tmp_path / "stmtl10n.toml")

    with pytest.raises(EngineError, match=r"^llm needs its url: add an \[llm\] table to stmtl10n.toml"):
        get_engine("llm", project=project())
    with pytest.raises(EngineError, match=r"^llm needs its model: "):
        get_engine("llm", project=project(url="http://localhost:8080/v1"))
    monkeypatch.setenv("STMTL10N_LLM_API_KEY", SECRET_KEY)
    engine = get_engine("llm", project=project(url="http://localhost:8080/v1", model="m"))
    assert repr(engine) == "LLMEngine(url='http://localhost:8080/v1', model='m')"
    assert engine.route("en", "ar") == "llm m"


def test_dry_run_says_where_and_in_how_many_requests_and_sends_nothing(tmp_path: Path, server: LLMServer) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n}: the workers of city {n} support the call." for n in range(20))
    project = _project(tmp_path, server.url, statements={"call.md": CALL, "more.txt": paragraphs})
    result = _run(project, "--dry-run")
    assert result.exit_code == 0, result.output
    assert server.chats == []
    (line,) = result.stdout.splitlines()
    match = re.fullmatch(
        rf"ar: 24 segments, ([\d,]+) characters for llm {DEFAULT_MODEL} at {re.escape(server.url)} "
        r"\(3 requests\), not billed",
        line,
    )
    assert match, line


def test_the_request_is_what_the_api_documents(server: LLMServer) -> None:
    _engine(server.url).translate(_segments("Hello", "World"), source="en", target="es")
    (chat,) = server.completions()
    assert set(chat.body) == {"model", "messages", "temperature", "response_format", "stream"}
    assert chat.body["stream"] is False
    user = json.loads(chat.body["messages"][1]["content"])
    assert user == {"from": "English (en)", "to": "Spanish (es)", "context": "", "glossary": {},
                    "segments": ["Hello", "World"]}
