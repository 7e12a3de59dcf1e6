"""Pretranslate's pipeline (issue 14): batches cut while the weights are still coming, catalogs
written once when complete, the fills that need no engine journaled, the memory's first-run shortcut."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from deepl_server import DeepLServer
from pretranslate_support import (
    STATEMENTS,
    all_catalogs,
    by_msgid,
    extract_all,
    make_project,
    msgfmt_check,
    read_po,
    write_po,
)
from stmtl10n.catalog import Entry
from stmtl10n.engines.deepl_engine import billable_characters
from stmtl10n.memory import TranslationMemory
from stmtl10n.model import SIGNATORY_FLAG
from stmtl10n.pretranslate import pretranslate
from stmtl10n.project import Project

module = sys.modules["stmtl10n.pretranslate"]
TODAY = date(2026, 12, 2)
SIGNED = "Signed by:\n\n1. Union A, Chile\n2. Union B, Palestine\n3. Union C, USA\n"


@pytest.fixture(autouse=True)
def _no_deepl_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


@pytest.fixture
def deepl_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DeepLServer]:
    with DeepLServer() as server:
        monkeypatch.setenv("DEEPL_AUTH_KEY", server.auth_key)
        monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
        yield server


def _paragraphs(count: int, *, seed: str) -> str:
    return "\n\n".join(
        f"Paragraph {seed}-{number}: the workers of city {number} support the call for freedom and justice."
        for number in range(count)
    ) + "\n"


def _repo_paragraphs() -> list[str]:
    """The paragraphs of the project's own statements (real letters), each once, in order."""
    paragraphs: list[str] = []
    for path in sorted(STATEMENTS.iterdir()):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return list(dict.fromkeys(paragraphs))


@dataclass
class _Limits:
    """An engine's batch limits, as pretranslate reads them."""

    max_batch_segments: int
    max_batch_characters: int
    max_batch_share: float | None


def _batches_all_weights_known(texts: list[str], limits: _Limits) -> list[list[str]]:
    """The rule as it reads with every weight known before the first batch (the way it was computed)."""
    weights = [billable_characters(text) for text in texts]
    share = limits.max_batch_share
    max_weight = int(sum(weights) * share) if share else sum(weights)
    batches: list[list[str]] = []
    batch: list[str] = []
    size = weight = 0
    for text, text_weight in zip(texts, weights, strict=True):
        if batch and (len(batch) >= limits.max_batch_segments or size + len(text) > limits.max_batch_characters
                      or weight + text_weight > max_weight):
            batches.append(batch)
            batch, size, weight = [], 0, 0
        batch.append(text)
        size += len(text)
        weight += text_weight
    return [*batches, batch] if batch else batches


@pytest.mark.parametrize("limits", [
    _Limits(50, 60_000, 0.05),   # DeepL's
    _Limits(50, 60_000, 0.2),
    _Limits(7, 2_000, 0.05),
    _Limits(50, 60_000, None),   # no share: nothing weighed
], ids=["deepl", "share-20", "small-batches", "no-share"])
def test_batches_cut_while_weighing_are_those_of_the_whole_job(limits: _Limits) -> None:
    # Long paragraphs first, then short lines: the share binds early, when few weights are known.
    paragraphs = _repo_paragraphs()
    texts = sorted(paragraphs, key=len, reverse=True)[:40] + paragraphs
    texts = list(dict.fromkeys(texts))
    items = [module._MachineText(text, "") for text in texts]
    with module._Weights("deepl", items) as weights:
        got = [[item.text for item in batch] for batch in module._batches(items, limits, weights)]
    assert got == _batches_all_weights_known(texts, limits)
    assert [text for batch in got for text in batch] == texts
    if limits.max_batch_share == 0.05:
        assert len(got) > -(-len(texts) // limits.max_batch_segments)  # the share did bind


def test_a_weighing_that_fails_is_raised_in_the_language_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import stmtl10n.engines.deepl_engine as deepl_engine

    def broken(text: str) -> int:
        raise RuntimeError("protect broke")

    monkeypatch.setattr(deepl_engine, "billable_characters", broken)
    items = [module._MachineText(text, "") for text in ("One.", "Two.")]
    with pytest.raises(RuntimeError, match="protect broke"), module._Weights("deepl", items) as weights:
        list(module._batches(items, _Limits(50, 60_000, 0.05), weights))


def _project(tmp_path: Path, statements: dict[str, str], languages: tuple[str, ...] = ("es",)) -> Project:
    project = make_project(tmp_path / "project", languages=languages, statements=statements)
    extract_all(project)
    return project


def test_each_catalog_is_written_once_for_the_engine_when_its_last_entry_is_answered(
    tmp_path: Path, deepl_server: DeepLServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    deepl_server.latency = 0.05  # batches far enough apart for catalogs to be written in between
    shared = "Free Palestine: end the occupation now."
    statements = {f"s{n}.txt": _paragraphs(30, seed=f"w{n}") + "\n" + shared + "\n" for n in range(6)}
    project = _project(tmp_path, {**statements, "list.txt": SIGNED})
    writes: Counter[str] = Counter()
    real_write = module._Catalogs.write

    def counting_write(self: object, path: Path, catalog: object) -> None:
        writes[path.stem] += 1
        real_write(self, path, catalog)

    monkeypatch.setattr(module._Catalogs, "write", counting_write)
    result = pretranslate(project, engine_name="deepl", today=TODAY)
    assert result.languages[0].batches >= 10
    # The first answered batch (s0's first paragraphs) is written at once, with the fills that need
    # no engine (list); after that a catalog is written when it is complete: s5 gets the shared
    # text's translation with s0's last batch, and its own paragraphs many batches later.
    assert writes["list"] == 1 and writes["s0"] == 2, writes
    assert all(writes[f"s{n}"] == 1 for n in range(1, 6)), writes
    assert result.languages[0].machine == 6 * 31 + 1  # and "Signed by:"
    assert result.languages[0].segments == 6 * 30 + 2  # the shared text sent once
    for path in all_catalogs(project):
        msgfmt_check(path)
    for n in range(6):
        assert all(e.msgstr == f"[ES] {e.msgid}" for e in read_po(project, f"s{n}", "es").active())


def test_the_fills_that_need_no_engine_are_journaled_before_the_engine_is_asked(
    tmp_path: Path, deepl_server: DeepLServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, {"call.txt": _paragraphs(3, seed="j"), "list.txt": SIGNED})
    # A run killed before its writer wrote anything, the DeepL key refused at the first request.
    deepl_server.fail_next(403, times=10)
    monkeypatch.setattr(module._Writer, "_run", lambda self: None)
    monkeypatch.setattr(module._Journal, "__exit__", lambda self, *exc: os.close(self._fd) if self._fd else None)
    with pytest.raises(Exception, match="DeepL refused the key"):
        pretranslate(project, engine_name="deepl", today=TODAY)
    assert not any(e.msgstr for e in read_po(project, "list", "es").active())
    monkeypatch.undo()

    # The next run writes them from the journal before it plans anything.
    replayed = module._replay_journals(project, module._Catalogs(project))
    assert replayed == 3
    entries = by_msgid(read_po(project, "list", "es"))
    assert entries["Union A, Chile"].msgstr == "Union A, Chile"
    assert entries["Union C, USA"].msgstr == "Union C, Estados Unidos"
    signatories = [e for e in entries.values() if SIGNATORY_FLAG in e.flags]
    assert len(signatories) == 3 and not any(e.is_fuzzy for e in signatories)
    assert not entries["Signed by:"].msgstr  # the engine's, never answered
    assert not list((project.cache_dir / "pretranslate").glob("*.journal"))


def test_a_failed_engine_choice_still_saves_the_fills_that_need_no_engine(
    tmp_path: Path, deepl_server: DeepLServer
) -> None:
    # The languages request fails: the engine is chosen while the catalogs are planned.
    project = _project(tmp_path, {"call.txt": _paragraphs(3, seed="c"), "list.txt": SIGNED})
    deepl_server.fail_next(403, path="/v2/languages")
    with pytest.raises(Exception, match="DeepL refused the key"):
        pretranslate(project, engine_name="deepl", today=TODAY)
    entries = list(read_po(project, "list", "es").active())
    assert all(e.msgstr for e in entries if SIGNATORY_FLAG in e.flags)
    assert not any(e.msgstr for e in entries if SIGNATORY_FLAG not in e.flags)
    assert not any(e.msgstr for e in read_po(project, "call", "es").active())
    assert deepl_server.translate_requests() == []


def _entry(msgid: str, msgstr: str, *, fuzzy: bool = False) -> Entry:
    return Entry(msgid, msgstr, flags=["fuzzy"] if fuzzy else [], references=["statements/a.txt:1"])


def test_close_matches_skip_the_search_in_a_language_with_nothing_reviewed_and_see_one_after_a_refresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project", languages=("es", "fr"))
    source = "The workers of the port support the call for freedom and justice."
    looked_up = "The workers of the port support the call for justice and freedom."
    write_po(project, "a", "es", [_entry(source, "Los trabajadores del puerto apoyan el llamamiento.")])
    write_po(project, "a", "fr", [_entry(source, "Brouillon.", fuzzy=True)])
    memory = TranslationMemory(project)
    try:
        memory.refresh()
        searched: list[str] = []
        real_similar = memory._similar_sources

        def spying(text: str, threshold: int) -> list[tuple[int, str, int]]:
            searched.append(text)
            return real_similar(text, threshold)

        monkeypatch.setattr(memory, "_similar_sources", spying)
        assert [m.source for m in memory.close_matches(looked_up, "es")] == [source]
        assert memory.close_matches(looked_up, "fr") == [] and searched == [looked_up]  # fr: no search

        write_po(project, "a", "fr", [_entry(source, "Les travailleurs du port soutiennent l'appel.")])
        memory.refresh()
        assert [m.target for m in memory.close_matches(looked_up, "fr")] == ["Les travailleurs du port soutiennent l'appel."]
    finally:
        memory.close()


def test_exact_matches_skip_the_query_in_a_language_with_nothing_translated_and_see_one_after_a_refresh(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project", languages=("es", "fr"))
    source = "Down with the occupation!"
    write_po(project, "a", "es", [_entry(source, "¡Abajo la ocupación!")])
    write_po(project, "a", "fr", [_entry(source, "")])
    memory = TranslationMemory(project)
    try:
        memory.refresh()
        assert memory.exact(source, "fr") is None
        found = memory.exact(source, "es")
        assert found is not None and found.target == "¡Abajo la ocupación!"
        write_po(project, "a", "fr", [_entry(source, "À bas l'occupation !")])
        memory.refresh()
        found = memory.exact(source, "fr")
        assert found is not None and found.target == "À bas l'occupation !"
    finally:
        memory.close()
