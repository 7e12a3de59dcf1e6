"""The DeepL engine through the real ``deepl`` client against a local server speaking DeepL's API."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest

import stmtl10n.engines.deepl_engine as deepl_engine
from deepl_server import MAX_BODY_BYTES, DeepLServer
from stmtl10n.config import DeepLSettings, Settings
from stmtl10n.engines import default_engine_name, get_engine
from stmtl10n.engines.base import SourceSegment
from stmtl10n.engines.deepl_engine import DeepLEngine, billable_characters, deepl_target_code
from stmtl10n.errors import ConfigError, EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.project import Project

SECRET_KEY = "SECRET-0123456789-abcdef:fx"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    # The engine's own retries, with short waits; a short timeout per attempt (the SDK's global).
    monkeypatch.setattr(deepl_engine, "RETRY_DELAYS", (0.01, 0.01, 0.01, 0.01))
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 1.0)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DeepLServer]:
    with DeepLServer(auth_key=SECRET_KEY) as running:
        monkeypatch.setenv("DEEPL_AUTH_KEY", SECRET_KEY)
        monkeypatch.setenv("DEEPL_SERVER_URL", running.url)
        yield running


def make_project(tmp_path: Path, **deepl_options: object) -> Project:
    glossary = deepl_options.pop("glossary", None)
    settings = Settings(deepl=DeepLSettings(**deepl_options), glossary=glossary)  # type: ignore[arg-type]
    return Project(tmp_path, settings, tmp_path / "stmtl10n.toml")


def engine_for(tmp_path: Path, **deepl_options: object) -> DeepLEngine:
    engine = get_engine("deepl", project=make_project(tmp_path, **deepl_options))
    assert isinstance(engine, DeepLEngine)
    return engine


def segments(*texts: str) -> list[SourceSegment]:
    return [SourceSegment(text) for text in texts]


# --- batching ------------------------------------------------------------------------


def test_a_large_batch_is_split_into_requests_of_at_most_50_texts(server: DeepLServer, tmp_path: Path) -> None:
    texts = [f"Paragraph {n} of the call for solidarity." for n in range(120)]
    result = engine_for(tmp_path).translate(segments(*texts), source="en", target="es")
    assert [t.text for t in result] == [f"[ES] {text}" for text in texts]
    sizes = [len(r.texts) for r in server.translate_requests()]
    assert sizes == [50, 50, 20]


@pytest.mark.parametrize("letter", ["a", "é", "😀"], ids=["ascii", "latin", "astral"])
def test_requests_stay_under_128_kib_of_json(server: DeepLServer, tmp_path: Path, letter: str) -> None:
    # Non-ASCII characters are escaped as \uXXXX in the body: 6 or 12 bytes each.
    texts = [f"{n} " + letter * 3000 for n in range(40)]
    context = [SourceSegment(text, context=f"Neighbour {n}.") for n, text in enumerate(texts)]
    result = engine_for(tmp_path).translate(context, source="en", target="es")
    assert len(result) == 40
    requests = server.translate_requests()
    assert all(r.status == 200 for r in server.requests)
    assert max(r.body_bytes for r in requests) <= MAX_BODY_BYTES
    assert sum(len(r.texts) for r in requests) == 40
    if letter == "a":
        assert len(requests) == 2  # 120 KB of text: more than fits beside the context reserve


def test_context_favours_short_segments_and_never_splits_a_batch(server: DeepLServer, tmp_path: Path) -> None:
    long_paragraph = "This long paragraph explains the campaign in detail. " * 12
    batch = [
        SourceSegment(f"{n} {long_paragraph}", context=f"Before {n}. {long_paragraph}\n\nAfter {n}. {long_paragraph}")
        for n in range(49)
    ]
    batch.insert(20, SourceSegment("Free Palestine", context="The slogan of the march.\n\nWe march at noon."))
    engine_for(tmp_path).translate(batch, source="en", target="es")
    (request,) = server.translate_requests()
    assert len(request.texts) == 50
    context = request.context or ""
    assert "The slogan of the march.\n\nWe march at noon." in context  # the short segment's neighbours
    assert len(context) <= deepl_engine.CONTEXT_BUDGET_CHARS
    assert "After 48." not in context  # the budget is spent, not exceeded
    # the rest of the budget goes to the others, and all in statement order
    assert 0 <= context.index("Before 0.") < context.index("The slogan of the march.")


def test_whitespace_only_segments_are_not_sent(server: DeepLServer, tmp_path: Path) -> None:
    result = engine_for(tmp_path).translate(segments("  ", "Hello"), source="en", target="es")
    assert [t.text for t in result] == ["  ", "[ES] Hello"]
    assert server.translate_requests()[0].texts == ("Hello",)


# --- markup, context, formality -------------------------------------------------------


def test_tags_and_urls_are_preserved_and_never_sent(server: DeepLServer, tmp_path: Path) -> None:
    text = 'Read [the call](https://example.org/call?id=1&lang=en "Call") and run `make demo` *today*[^1].'
    (result,) = engine_for(tmp_path).translate(segments(text), source="en", target="fr")
    assert result.text == "[FR] " + text
    (request,) = server.translate_requests()
    sent = request.texts[0]
    assert sent == 'Read <a i="1">the call</a> and run <x i="2"/> <em i="3">today</em><x i="4"/>.'
    assert request.params["tag_handling"] == "xml"
    assert request.params["tag_handling_version"] == "v2"
    assert request.params["ignore_tags"] == ["x"]
    assert request.params["source_lang"] == "EN"


def test_billable_characters_match_what_deepl_bills(server: DeepLServer, tmp_path: Path) -> None:
    texts = ["Sign [the call](https://example.org/a/long/url) now.", "AT&T < 3 `code`", "Solidarity — تضامن"]
    engine_for(tmp_path).translate(segments(*texts), source="en", target="es")
    assert server.billed_characters == sum(billable_characters(t) for t in texts)
    assert billable_characters(texts[0]) == len("Sign the call now.")


def test_neighbouring_paragraphs_are_sent_as_context(server: DeepLServer, tmp_path: Path) -> None:
    batch = [
        SourceSegment("Free Palestine", context="We call on everyone to act.\n\nThe march starts at noon."),
        SourceSegment("The march starts at noon.", context="Free Palestine\n\nBring flags."),
    ]
    engine_for(tmp_path).translate(batch, source="en", target="es")
    (request,) = server.translate_requests()
    assert request.context == "We call on everyone to act.\n\nThe march starts at noon.\n\nFree Palestine\n\nBring flags."
    assert server.billed_characters == len("Free Palestine") + len("The march starts at noon.")


def test_formality_is_sent_only_where_deepl_supports_it(server: DeepLServer, tmp_path: Path) -> None:
    engine = engine_for(tmp_path, formality={"es": "more", "ar": "more", "fr": "prefer_less"})
    for lang in ("es", "ar", "fr"):
        engine.translate(segments("Join us."), source="en", target=lang)
    by_target = {r.params["target_lang"]: r.params.get("formality") for r in server.translate_requests()}
    assert by_target == {"ES": "more", "AR": None, "FR": "prefer_less"}


# --- glossary ------------------------------------------------------------------------


def test_project_glossary_is_created_once_and_reused(server: DeepLServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "glossary.csv").write_text("en,es,fr\noccupation,ocupación,occupation\nNakba,Nakba,Nakba\n", encoding="utf-8")
    for lang in ("es", "fr", "es"):
        result = engine_for(tmp_path, glossary="glossary.csv").translate(
            segments("End the occupation."), source="en", target=lang
        )
    assert result[0].text == "[ES] End the ocupación."
    created = [r for r in server.requests if r.method == "POST" and r.path == "/v3/glossaries"]
    assert len(created) == 1
    (glossary,) = server.glossaries.values()
    assert glossary.name.startswith(f"stmtl10n {tmp_path.name} ")
    assert {r.params.get("glossary_id") for r in server.translate_requests()} == {glossary.glossary_id}

    # A new run (no memory of the sync) finds it by name instead of creating another.
    monkeypatch.setattr(deepl_engine, "_glossary_ids", {})
    engine_for(tmp_path, glossary="glossary.csv").translate(segments("x"), source="en", target="fr")
    assert len([r for r in server.requests if r.method == "POST" and r.path == "/v3/glossaries"]) == 1

    # A changed file replaces the glossary.
    (tmp_path / "glossary.csv").write_text("en,es\noccupation,ocupación militar\n", encoding="utf-8")
    (result,) = engine_for(tmp_path, glossary="glossary.csv").translate(segments("occupation"), source="en", target="es")
    assert result.text == "[ES] ocupación militar"
    assert len(server.glossaries) == 1
    assert next(iter(server.glossaries.values())).glossary_id != glossary.glossary_id


def test_language_without_glossary_terms_is_sent_without_glossary(server: DeepLServer, tmp_path: Path) -> None:
    (tmp_path / "glossary.csv").write_text("en,es\noccupation,ocupación\n", encoding="utf-8")
    engine_for(tmp_path, glossary="glossary.csv").translate(segments("occupation"), source="en", target="ar")
    assert "glossary_id" not in server.translate_requests()[0].params


def test_bad_glossary_file_is_refused_with_its_line(server: DeepLServer, tmp_path: Path) -> None:
    (tmp_path / "glossary.csv").write_text("en,es\noccupation,ocupación\noccupation,otra\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"glossary.csv:3: 'occupation' is already in the glossary"):
        engine_for(tmp_path, glossary="glossary.csv")


# --- faults --------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 503, 504])
def test_overload_and_server_errors_are_retried(server: DeepLServer, tmp_path: Path, status: int) -> None:
    server.fail_next(status)
    (result,) = engine_for(tmp_path).translate(segments("Hello"), source="en", target="es")
    assert result.text == "[ES] Hello"
    assert [r.status for r in server.requests if r.path == "/v2/translate"] == [status, 200]


def test_quota_exceeded_stops_at_once(server: DeepLServer, tmp_path: Path) -> None:
    engine = engine_for(tmp_path)
    server.quota_exceeded = True
    with pytest.raises(EngineQuotaError, match=r"quota .* used up \(HTTP 456\)"):
        engine.translate(segments("Hello"), source="en", target="es")
    # One request: 456 is not retried.
    assert len([r for r in server.requests if r.path == "/v2/translate"]) == 1


def test_refused_key_says_so(server: DeepLServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "not-the-key:fx")
    with pytest.raises(EngineAuthError) as caught:
        engine_for(tmp_path).translate(segments("Hello"), source="en", target="es")
    assert str(caught.value) == "DeepL refused the key: check DEEPL_AUTH_KEY"


def test_the_sdk_retries_nothing_itself() -> None:
    # Its retries would send a timed-out (billed) request again like a 429: the engine's own do not.
    assert deepl.http_client.max_network_retries == 0


@pytest.mark.parametrize("billed", [False, True], ids=["not-billed", "billed"])
def test_server_that_never_answers_is_sent_the_request_twice_then_a_network_error(
    server: DeepLServer, tmp_path: Path, billed: bool
) -> None:
    engine = engine_for(tmp_path)
    engine.route("en", "es")
    server.stop_responding(path="/v2/translate", billed=billed)
    with pytest.raises(EngineNetworkError, match=(
        r"^cannot reach DeepL at http://127\.0\.0\.1:\d+/ \(no answer in 1 s, after 1 retry\); check the network"
    )):
        engine.translate(segments("Hello", "World"), source="en", target="es")
    server.resume_responding()
    assert server.wait_idle()
    attempts = [r for r in server.requests if r.path == "/v2/translate"]
    assert [r.texts for r in attempts] == [("Hello", "World")] * 2  # one retry of a timeout, no more
    assert server.billed_characters == (2 * len("HelloWorld") if billed else 0)
    assert engine.billed_characters == 0  # nothing answered: the engine cannot see what was billed


def test_a_504_is_retried_once_like_a_timeout(server: DeepLServer, tmp_path: Path) -> None:
    server.fail_next(504, times=3)
    with pytest.raises(EngineError, match=r"^DeepL answered HTTP 504"):
        engine_for(tmp_path).translate(segments("Hello"), source="en", target="es")
    assert [r.status for r in server.requests if r.path == "/v2/translate"] == [504, 504]


def test_a_connection_dropped_mid_request_is_retried_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A server that reads the request and closes the connection: DeepL may have done the work.
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                received.append(connection.recv(65536))

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("DEEPL_AUTH_KEY", SECRET_KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", f"http://127.0.0.1:{listener.getsockname()[1]}/")
    try:
        with pytest.raises(EngineNetworkError, match=r"\(connection closed by the server, after 1 retry\)"):
            engine_for(tmp_path)._ask_languages()
    finally:
        listener.close()
    assert len(received) == 2


def test_overload_retries_are_bounded(server: DeepLServer, tmp_path: Path) -> None:
    server.fail_next(503, times=10)
    with pytest.raises(EngineError, match=r"^DeepL answered HTTP 503"):
        engine_for(tmp_path).translate(segments("Hello"), source="en", target="es")
    assert len([r for r in server.requests if r.path == "/v2/translate"]) == 1 + len(deepl_engine.RETRY_DELAYS)


def test_unreachable_server_is_a_network_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with DeepLServer() as stopped:
        url = stopped.url
    monkeypatch.setenv("DEEPL_AUTH_KEY", SECRET_KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", url)
    # Nothing reached DeepL: retried with backoff, like a 429.
    with pytest.raises(EngineNetworkError, match=r"\(connection refused, after 4 retries\)"):
        engine_for(tmp_path).translate(segments("Hello"), source="en", target="es")


def test_a_short_reply_is_split_in_halves_and_sent_again(server: DeepLServer, tmp_path: Path) -> None:
    texts = [f"Paragraph {n} of the call for solidarity." for n in range(50)]
    engine = engine_for(tmp_path)
    server.short_reply_next(times=1)
    result = engine.translate(segments(*texts), source="en", target="es")
    assert [t.text for t in result] == [f"[ES] {text}" for text in texts]
    assert [len(r.texts) for r in server.translate_requests()] == [50, 25, 25]
    assert server.billed_characters == 2 * sum(map(len, texts))  # the short reply was billed too
    assert engine.billed_characters == server.billed_characters


def test_a_text_deepl_never_translates_is_isolated_and_left_with_its_reason(server: DeepLServer, tmp_path: Path) -> None:
    texts = [f"Paragraph {n}." for n in range(8)]
    engine = engine_for(tmp_path)
    server.never_translate(texts[5])
    result = engine.translate(segments(*texts), source="en", target="es")
    assert [t.text for t in result] == [f"[ES] {text}" if n != 5 else "" for n, text in enumerate(texts)]
    assert result[5].failure == "DeepL answered 0 translations for it, sent alone"
    assert all(t.failure is None for n, t in enumerate(result) if n != 5)
    # 8, then its halves; the half with the text is halved again (depth first), down to the text alone.
    assert [r.texts for r in server.translate_requests()] == [
        tuple(texts), tuple(texts[:4]), tuple(texts[4:]), tuple(texts[4:6]), (texts[4],), (texts[5],), tuple(texts[6:]),
    ]
    assert engine.billed_characters == server.billed_characters


def test_the_key_never_appears_in_messages_logs_or_files(
    server: DeepLServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)  # deepl and urllib3 log requests at DEBUG
    seen: list[str] = []
    engine = engine_for(tmp_path)
    seen.append(repr(engine))
    engine.translate(segments("Hello"), source="en", target="es")
    for fault in ("quota", "500", "hang"):
        if fault == "quota":
            server.quota_exceeded = True
        elif fault == "500":
            server.quota_exceeded = False
            server.fail_next(500, times=1 + len(deepl_engine.RETRY_DELAYS))
        else:
            server.stop_responding()
        with pytest.raises(EngineError) as caught:
            engine.translate(segments("Hello"), source="en", target="es")
        seen += [str(caught.value), repr(caught.value)]
    server.resume_responding()
    monkeypatch.setenv("DEEPL_AUTH_KEY", SECRET_KEY.replace("SECRET", "SECRET2"))
    with pytest.raises(EngineAuthError) as refused:
        engine_for(tmp_path).translate(segments("Hello"), source="en", target="es")
    seen += [str(refused.value), repr(refused.value)]
    captured = capsys.readouterr()
    seen += [captured.out, captured.err, caplog.text]
    seen += [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    assert len(seen) > 10
    for text in seen:
        assert "SECRET-0123456789" not in text
        assert "0123456789-abcdef" not in text


# --- languages -----------------------------------------------------------------------


def test_language_deepl_cannot_do_is_routed_none(server: DeepLServer, tmp_path: Path) -> None:
    engine = engine_for(tmp_path)
    assert engine.route("en", "es") == "deepl"
    assert engine.route("en", "ar") == "deepl"
    assert engine.route("en", "cy") is None
    assert engine_for(tmp_path).route("en", "fr") == "deepl"  # another language's engine
    assert len([r for r in server.requests if r.path == "/v2/languages"]) == 1  # asked once
    with pytest.raises(EngineError, match="DeepL cannot translate into cy"):
        engine.translate(segments("Hello"), source="en", target="cy")


@pytest.mark.parametrize(
    ("lang", "english", "portuguese", "code"),
    [
        ("en", "EN-GB", "PT-PT", "EN-GB"), ("en", "EN-US", "PT-PT", "EN-US"), ("en_US", "EN-GB", "PT-PT", "EN-US"),
        ("pt", "EN-GB", "PT-PT", "PT-PT"), ("pt", "EN-GB", "PT-BR", "PT-BR"), ("pt_BR", "EN-GB", "PT-PT", "PT-BR"),
        ("es", "EN-GB", "PT-PT", "ES"), ("es_419", "EN-GB", "PT-PT", "ES-419"), ("es_MX", "EN-GB", "PT-PT", "ES-419"),
        ("ar", "EN-GB", "PT-PT", "AR"), ("fr", "EN-GB", "PT-PT", "FR"), ("fr_CA", "EN-GB", "PT-PT", "FR"),
        ("zh_Hans", "EN-GB", "PT-PT", "ZH-HANS"), ("zh_CN", "EN-GB", "PT-PT", "ZH-HANS"),
        ("zh_Hant", "EN-GB", "PT-PT", "ZH-HANT"), ("zh_TW", "EN-GB", "PT-PT", "ZH-HANT"), ("nb", "EN-GB", "PT-PT", "NB"),
    ],
    ids=lambda value: str(value),
)
def test_locale_maps_to_deepl_target_code(lang: str, english: str, portuguese: str, code: str) -> None:
    settings = Settings(deepl=DeepLSettings(english=english, portuguese=portuguese))
    assert deepl_target_code(lang, settings) == code


# --- choosing the engine --------------------------------------------------------------


def test_default_engine_follows_the_key_and_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    assert default_engine_name("es", Settings()) == "apertium"
    monkeypatch.setenv("DEEPL_AUTH_KEY", SECRET_KEY)
    assert default_engine_name("es", Settings()) == "deepl"
    assert default_engine_name("fr", Settings(engines={"fr": "apertium"})) == "apertium"


def test_get_engine_without_a_key_or_with_an_unknown_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(EngineError, match="DEEPL_AUTH_KEY is not set"):
        get_engine("deepl", project=make_project(tmp_path))
    with pytest.raises(EngineError, match="unknown engine 'deepel'; did you mean 'deepl'"):
        get_engine("deepel", project=make_project(tmp_path))


def test_each_get_engine_call_gives_a_fresh_engine(server: DeepLServer, tmp_path: Path) -> None:
    project = make_project(tmp_path)
    first, second = get_engine("deepl", project=project), get_engine("deepl", project=project)
    assert first is not second


# --- the glossary file -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", r"glossary.csv:1: empty glossary; write a header row"),
        ("en,xx\na,b\n", r"glossary.csv:1: column 2: unknown language code 'xx'"),
        ("es,fr\na,b\n", r"glossary.csv:1: no column for the source language 'en'"),
        ("en,es\n,b\n", r"glossary.csv:2: the en column is empty"),
    ],
    ids=["empty", "unknown-language", "no-source-column", "empty-source-term"],
)
def test_glossary_file_errors_name_the_line_and_the_fix(tmp_path: Path, content: str, message: str) -> None:
    from stmtl10n.glossary import read_glossary

    (tmp_path / "glossary.csv").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_glossary(tmp_path / "glossary.csv", source_lang="en", display="glossary.csv")


def test_glossary_digest_changes_with_content_only(tmp_path: Path) -> None:
    from stmtl10n.glossary import parse_glossary

    first = parse_glossary("en,es\na,b\nc,d\n", source_lang="en", display="g.csv")
    reordered = parse_glossary("en,es\nc,d\na,b\n", source_lang="en", display="g.csv")
    changed = parse_glossary("en,es\na,b\nc,e\n", source_lang="en", display="g.csv")
    assert first.digest == reordered.digest != changed.digest
    assert first.terms_for("es_MX") == {"a": "b", "c": "d"}


# --- the fake server itself behaves like DeepL where stmtl10n depends on it --------------


def test_fake_server_refuses_what_deepl_refuses(server: DeepLServer) -> None:
    client = deepl.DeepLClient(SECRET_KEY, server_url=server.url)
    # On a loaded machine the 128 KiB upload has twice met a reset connection (the transport, not
    # the fake's answer); a few tries still fail the test if the answer is never 413.
    for _ in range(3):
        with pytest.raises(deepl.DeepLException) as refused:
            client.translate_text(["x" * (MAX_BODY_BYTES + 1)], target_lang="DE")
        if not isinstance(refused.value, deepl.ConnectionException):
            break
    assert "413" in str(refused.value), refused.value
    with pytest.raises(deepl.DeepLException, match="Too many texts"):
        client.translate_text(["x"] * 51, target_lang="DE")
    with pytest.raises(deepl.DeepLException, match="doesn't support formality"):
        client.translate_text("x", target_lang="AR", formality="more")
    with pytest.raises(deepl.DeepLException, match="Invalid XML"):
        client.translate_text("<a>x", target_lang="DE", tag_handling="xml", tag_handling_version="v2")
    assert client.translate_text("x", target_lang="AR", formality="prefer_more").text == "[AR] x"


def test_fake_server_accepts_form_encoded_requests(server: DeepLServer) -> None:
    import requests

    answer = requests.post(
        server.url + "v2/translate",
        data={"text": ["Hello <b>you</b>", "Two"], "target_lang": "de", "tag_handling": "xml"},
        headers={"Authorization": f"DeepL-Auth-Key {SECRET_KEY}"},
        timeout=5,
    )
    assert answer.status_code == 200
    assert [t["text"] for t in answer.json()["translations"]] == ["[DE] Hello <b>you</b>", "[DE] Two"]
    assert server.translate_requests()[-1].billed_characters == len("Hello you") + len("Two")
