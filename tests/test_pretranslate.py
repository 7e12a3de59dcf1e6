"""Tests for pretranslate: what it fills and never touches, memory, signatories, DeepL efficiency, faults, interruption."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import deepl
import pytest
from click.testing import CliRunner

import stmtl10n.engines.deepl_engine as deepl_engine
from deepl_server import MAX_BODY_BYTES, DeepLServer
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
from stmtl10n._io import file_lock
from stmtl10n.catalog import Entry, write_catalog
from stmtl10n.cli import cli
from stmtl10n.engines.deepl_engine import billable_characters
from stmtl10n.errors import EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.model import NO_TRANSLATE_FLAG, SIGNATORY_FLAG
from stmtl10n.pretranslate import pretranslate
from stmtl10n.project import Project
from stmtl10n.signatory_drafts import draft_signatory

TODAY = date(2026, 11, 25)

CALL = """Call for solidarity with the people of Gaza

Every year on the 29th of November the supporters of freedom commemorate the day of solidarity.

Samidoun and the trade unions call on everyone to join the marches.

Down with the occupation!
"""

APPEAL = """An appeal to the trade unions

The trade unions of the world are called to stop the shipment of weapons.

Down with the occupation!
"""

SIGNED = "Signed by:\n\n1. Union A, Chile\n2. Union B, Palestine\n3. Union C, USA\n"
SIGNATORIES = ("Union A, Chile", "Union B, Palestine", "Union C, USA")


def _paragraphs(count: int, *, seed: str) -> str:
    # Distinct paragraphs, each a plain sentence the engines can translate.
    return "\n\n".join(
        f"Paragraph {seed}-{number}: the workers of city {number} support the call for freedom and justice."
        for number in range(count)
    ) + "\n"


@pytest.fixture(autouse=True)
def _no_deepl_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # The default engine depends on DEEPL_AUTH_KEY: tests choose it explicitly.
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)
    # The engine's retries of a 429, a 5xx or a refused connection, without the seconds of backoff.
    monkeypatch.setattr(deepl_engine, "RETRY_DELAYS", (0.01, 0.01, 0.01, 0.01))


@pytest.fixture
def deepl_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DeepLServer]:
    with DeepLServer() as server:
        monkeypatch.setenv("DEEPL_AUTH_KEY", server.auth_key)
        monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
        yield server


def _project(tmp_path: Path, statements: dict[str, str], languages: tuple[str, ...] = ("es", "ar", "fr")) -> Project:
    project = make_project(tmp_path / "project", languages=languages, statements=statements)
    extract_all(project)
    return project


def _sent_texts(server: DeepLServer) -> list[str]:
    return [text for request in server.translate_requests() for text in request.texts]


def _job(project: Project, slugs: tuple[str, ...], lang: str) -> int:
    """Billable characters of the distinct texts of ``slugs`` the engine gets in ``lang``."""
    texts = {e.msgid for slug in slugs for e in read_po(project, slug, lang).active()
             if SIGNATORY_FLAG not in e.flags and NO_TRANSLATE_FLAG not in e.flags}
    return sum(billable_characters(text) for text in texts)


def _signatories_filled(project: Project, lang: str) -> bool:
    entries = by_msgid(read_po(project, "list", lang))
    return all(entries[name].msgstr and (entries[name].provenance or "").startswith("signatory ") for name in SIGNATORIES)


# --- what is filled, what is never touched ------------------------------------------------------


def test_only_empty_entries_are_filled_and_every_other_state_is_kept(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL + "\nLong live international solidarity.\n"}, languages=("es",))
    catalog = read_po(project, "call", "es")
    entries = list(catalog.active())
    reviewed, draft, changed, empty, foreign = entries[0], entries[1], entries[2], entries[3], entries[4]
    reviewed.msgstr = "Llamamiento de solidaridad con el pueblo de Gaza"
    draft.msgstr, draft.flags = "Borrador de alguien", ["fuzzy"]
    changed.msgstr, changed.flags, changed.previous_msgid = "Traducción del texto anterior", ["fuzzy"], "Old text."
    foreign.flags.append(NO_TRANSLATE_FLAG)
    write_catalog(project.catalog_path("call", "es"), catalog)

    pretranslate(project, engine_name="deepl", today=TODAY)

    after = by_msgid(read_po(project, "call", "es"))
    assert after[reviewed.msgid].msgstr == reviewed.msgstr and not after[reviewed.msgid].is_fuzzy
    assert after[reviewed.msgid].provenance is None
    assert after[draft.msgid].msgstr == "Borrador de alguien"
    assert after[changed.msgid].msgstr == "Traducción del texto anterior"
    assert after[changed.msgid].previous_msgid == "Old text."
    assert after[empty.msgid].msgstr == f"[ES] {empty.msgid}"
    assert after[empty.msgid].is_fuzzy and after[empty.msgid].provenance == "mt deepl 2026-11-25"
    assert after[foreign.msgid].msgstr == foreign.msgid
    assert after[foreign.msgid].is_fuzzy and after[foreign.msgid].provenance == "copied"
    # Only the empty entry went to DeepL; the foreign one was copied, the others kept.
    assert _sent_texts(deepl_server) == [empty.msgid]
    msgfmt_check(project.catalog_path("call", "es"))


def test_an_engine_draft_of_a_changed_source_is_drafted_again_once(
    tmp_path: Path, deepl_server: DeepLServer
) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    pretranslate(project, engine_name="deepl", today=TODAY)
    catalog = read_po(project, "call", "es")
    first, second = list(catalog.active())[:2]
    second.msgstr, second.flags, second.translator_comments = "Traducción humana", [], []
    write_catalog(project.catalog_path("call", "es"), catalog)
    edited = (project.root / "statements" / "call.txt").read_text()
    edited = edited.replace(first.msgid, first.msgid + " Now.").replace(second.msgid, second.msgid + " Now.")
    (project.root / "statements" / "call.txt").write_text(edited)
    extract_all(project)
    deepl_server.reset_log()

    pretranslate(project, engine_name="deepl", today=TODAY)

    after = by_msgid(read_po(project, "call", "es"))
    redrafted, adapted = after[first.msgid + " Now."], after[second.msgid + " Now."]
    # The machine draft of the old source is replaced by a fuzzy draft of the new one.
    assert redrafted.msgstr == f"[ES] {first.msgid} Now." and redrafted.is_fuzzy
    assert redrafted.previous_msgid is None and redrafted.is_machine_written
    # A human translation of the old source is left for a reviewer to adapt.
    assert adapted.msgstr == "Traducción humana" and adapted.previous_msgid == second.msgid
    assert _sent_texts(deepl_server) == [first.msgid + " Now."]
    deepl_server.reset_log()
    pretranslate(project, engine_name="deepl", today=TODAY)
    assert _sent_texts(deepl_server) == []


def test_a_second_run_sends_nothing(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "appeal.txt": APPEAL})
    pretranslate(project, today=TODAY)
    assert deepl_server.translate_requests()
    deepl_server.reset_log()
    result = pretranslate(project, today=TODAY)
    assert deepl_server.translate_requests() == []
    assert all(lang.filled == 0 for lang in result.languages)


# --- translation memory -------------------------------------------------------------------------


def test_memory_exact_reviewed_is_reused_as_translated_and_close_matches_as_fuzzy(tmp_path: Path) -> None:
    edited = CALL.replace("join the marches", "join the marches and rallies")
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es", "ar"))
    catalog = read_po(project, "call", "ar")
    for entry in catalog.active():
        entry.msgstr = f"AR {entry.msgid}"  # a reviewed Arabic translation of the first call
    write_catalog(project.catalog_path("call", "ar"), catalog)
    (project.statements_dir / "second.txt").write_text(edited.replace("Call for", "Second call for"), encoding="utf-8")
    extract_all(project)

    result = pretranslate(project, names=["second"], languages=["ar"], today=TODAY)

    second = by_msgid(read_po(project, "second", "ar"))
    exact = second["Down with the occupation!"]
    assert exact.msgstr == "AR Down with the occupation!" and not exact.is_fuzzy
    assert exact.provenance == "memory 100% Down with the occupation!"
    close = second["Samidoun and the trade unions call on everyone to join the marches and rallies."]
    assert close.msgstr == "AR Samidoun and the trade unions call on everyone to join the marches."
    assert close.is_fuzzy and close.provenance is not None
    # 11 of 13 words shared: 2·11/24 = 92 %; the matched source follows, shortened.
    assert close.provenance == "memory 92% Samidoun and the trade unions call on everyone to join the…"
    (ar,) = result.languages
    assert (ar.memory_exact, ar.memory_close) == (2, 2)  # the paragraph and the slogan; heading and one line close
    assert ar.note == "ar: no offline engine; set DEEPL_AUTH_KEY to translate with DeepL"


def test_memory_reuses_an_engine_draft_for_the_same_text_as_a_draft(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    pretranslate(project, today=date(2026, 11, 20))
    (project.statements_dir / "appeal.txt").write_text(APPEAL, encoding="utf-8")
    extract_all(project)
    deepl_server.reset_log()

    pretranslate(project, today=TODAY)

    slogan = by_msgid(read_po(project, "appeal", "es"))["Down with the occupation!"]
    assert slogan.msgstr == "[ES] Down with the occupation!" and slogan.is_fuzzy
    assert slogan.provenance == "mt deepl 2026-11-20"  # what wrote this text, and when
    assert "Down with the occupation!" not in _sent_texts(deepl_server)


def test_disagreeing_reviewed_translations_come_in_fuzzy(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", languages=("ar",), statements={"c.txt": "Viva Palestine!\n"})
    extract_all(project)
    write_po(project, "a", "ar", [Entry("Viva Palestine!", "تحيا فلسطين!")])
    write_po(project, "b", "ar", [Entry("Viva Palestine!", "عاشت فلسطين!")])
    write_po(project, "d", "ar", [Entry("Viva Palestine!", "تحيا فلسطين!")])
    pretranslate(project, names=["c"], today=TODAY)
    entry = by_msgid(read_po(project, "c", "ar"))["Viva Palestine!"]
    assert entry.msgstr == "تحيا فلسطين!" and entry.is_fuzzy


# --- signatories ------------------------------------------------------------------------------


def test_real_signatory_list_is_localized_and_never_sent_to_deepl(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = make_project(tmp_path / "project", statements={
        "solidarity-day-call.txt": (STATEMENTS / "solidarity-day-call.txt").read_text(encoding="utf-8"),
    })
    extract_all(project)
    result = pretranslate(project, today=TODAY)

    signatory_ids = {e.msgid for e in read_po(project, "solidarity-day-call", "es").active() if "signatory" in e.flags}
    assert len(signatory_ids) >= 90
    assert signatory_ids.isdisjoint(_sent_texts(deepl_server))
    # A role ("Secretary General of …") is the engine's, in its line: those lines are drafts.
    with_roles = {msgid for msgid in signatory_ids if draft_signatory(msgid, "es").roles}
    assert len(with_roles) <= 2
    assert all(lang.signatories == len(signatory_ids) - len(with_roles) for lang in result.languages)
    for lang, south_africa, ivory in (("es", "Sudáfrica", "Côte d’Ivoire"), ("ar", "جنوب أفريقيا", "ساحل العاج"),
                                      ("fr", "Afrique du Sud", "Côte d’Ivoire")):
        entries = by_msgid(read_po(project, "solidarity-day-call", lang))
        abm = entries["Abahlali baseMjondolo (AbM), South Africa"]
        assert abm.msgstr == f"Abahlali baseMjondolo (AbM), {south_africa}"
        # Names copied and a country CLDR names: complete, nothing for a reviewer.
        assert not abm.is_fuzzy and abm.provenance == "signatory 2026-11-25"
        assert entries["PCRCI, Ivory Coast (Cote d’Ivoire)"].msgstr == f"PCRCI, {ivory}"
        # Names in another script are copied as they are; only the country changes.
        assert entries["胡星宇, China"].msgstr.startswith("胡星宇, ")
        galiza = next(e for msgid, e in entries.items() if msgid.endswith("Galiza, Spain"))
        assert galiza.msgstr.endswith("Galiza, " + {"es": "España", "ar": "إسبانيا", "fr": "Espagne"}[lang])
    msgfmt_check(project.catalog_path("solidarity-day-call", "ar"))


ROLES = """An open letter

We, the undersigned, call for an end to the siege.

Signed,

Tilda Swinton — actor
Ken Loach — film director
Ahdaf Soueif — novelist
Brian Eno — musician
"""


def test_a_signatory_role_is_translated_in_its_line_and_the_names_never_leave(
    tmp_path: Path, deepl_server: DeepLServer
) -> None:
    project = _project(tmp_path, {"letter.txt": ROLES}, languages=("es",))
    pretranslate(project, today=TODAY)

    sent = _sent_texts(deepl_server)
    assert {"actor", "film director", "novelist", "musician"} <= set(sent)
    assert not any("Swinton" in text or "Loach" in text for text in sent)
    entries = by_msgid(read_po(project, "letter", "es"))
    swinton = entries["Tilda Swinton — actor"]
    assert swinton.msgstr == "Tilda Swinton — [ES] actor"
    # Machine output in a person's line: a draft, saying which engine wrote the role.
    assert swinton.is_fuzzy and swinton.provenance == "signatory 2026-11-25, roles by mt deepl 2026-11-25"
    # The whole line is the role's context: the name tells the engine "actriz" from "actor".
    contexts = [r.params.get("context", "") for r in deepl_server.translate_requests()]
    assert any("Tilda Swinton — actor" in str(context) for context in contexts)


def test_a_role_reviewers_translated_is_reused_without_the_engine(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"letter.txt": ROLES}, languages=("es",))
    write_po(project, "earlier", "es", [
        Entry("Ken Loach — film director", "Ken Loach — director de cine", flags=[SIGNATORY_FLAG]),
    ])
    pretranslate(project, today=TODAY)

    loach = by_msgid(read_po(project, "letter", "es"))["Ken Loach — film director"]
    assert loach.msgstr == "Ken Loach — director de cine"  # the whole line: an exact match
    assert "film director" not in _sent_texts(deepl_server)


def test_roles_learned_from_reviewed_lines_draft_new_signatories(tmp_path: Path, deepl_server: DeepLServer) -> None:
    letter = ROLES.replace("Ken Loach — film director", "Céline Sciamma — film director")
    project = _project(tmp_path, {"letter.txt": letter}, languages=("es",))
    write_po(project, "earlier", "es", [
        Entry("Ken Loach — film director", "Ken Loach — director de cine", flags=[SIGNATORY_FLAG]),
    ])
    pretranslate(project, today=TODAY)

    sciamma = by_msgid(read_po(project, "letter", "es"))["Céline Sciamma — film director"]
    # "directora" for her: a reviewer's word for another person is a draft, never final.
    assert sciamma.msgstr == "Céline Sciamma — director de cine" and sciamma.is_fuzzy
    assert sciamma.provenance == "signatory 2026-11-25, roles from memory"
    assert "film director" not in _sent_texts(deepl_server)


def test_signatories_cost_no_reviewer_and_a_corrected_name_is_copied_again(tmp_path: Path) -> None:
    project = _project(tmp_path, {"list.txt": SIGNED}, languages=("es",))
    pretranslate(project, today=TODAY)
    entries = by_msgid(read_po(project, "list", "es"))
    assert all(not entries[name].is_fuzzy and entries[name].msgstr for name in SIGNATORIES)

    # A name corrected in the statement: msgmerge's fuzzy match, then copied again at no cost.
    (project.statements_dir / "list.txt").write_text(SIGNED.replace("Union A,", "Union A-1,"), encoding="utf-8")
    extract_all(project)
    changed = by_msgid(read_po(project, "list", "es"))["Union A-1, Chile"]
    assert changed.is_fuzzy and changed.previous_msgid == "Union A, Chile"
    pretranslate(project, today=date(2026, 11, 26))
    corrected = by_msgid(read_po(project, "list", "es"))["Union A-1, Chile"]
    assert corrected.msgstr == "Union A-1, Chile" and not corrected.is_fuzzy
    assert corrected.previous_msgid is None and corrected.provenance == "signatory 2026-11-26"


def test_a_signatory_line_someone_edited_is_not_copied_again_when_its_source_changes(tmp_path: Path) -> None:
    project = _project(tmp_path, {"list.txt": SIGNED}, languages=("es",))
    pretranslate(project, today=TODAY)
    catalog = read_po(project, "list", "es")
    for entry in catalog.active():
        if entry.msgid == "Union C, USA":
            entry.msgstr = "Union C, EE. UU."  # edited in Poedit: the provenance comment stays
    write_catalog(project.catalog_path("list", "es"), catalog)
    (project.statements_dir / "list.txt").write_text(SIGNED.replace("Union C,", "Union C.,"), encoding="utf-8")
    extract_all(project)
    pretranslate(project, today=date(2026, 11, 26))
    entry = by_msgid(read_po(project, "list", "es"))["Union C., USA"]
    assert entry.msgstr == "Union C, EE. UU." and entry.is_fuzzy  # the person's work, for a reviewer


def test_signatories_are_filled_even_for_a_language_without_engine(tmp_path: Path) -> None:
    project = _project(tmp_path, {"list.txt": "Signed by:\n\n1. Union A, Chile\n2. Union B, Palestine\n3. Union C, USA\n"},
                       languages=("ar",))
    result = pretranslate(project, today=TODAY)
    entries = by_msgid(read_po(project, "list", "ar"))
    assert entries["Union B, Palestine"].msgstr == "Union B, فلسطين"
    assert entries["Union C, USA"].msgstr == "Union C, الولايات المتحدة"
    assert result.languages[0].signatories == 3


# --- DeepL efficiency ---------------------------------------------------------------------------


def test_text_in_two_statements_is_sent_once_and_billed_once(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "appeal.txt": APPEAL})
    pretranslate(project, today=TODAY)

    for target in ("ES", "AR", "FR"):
        sent = [t for r in deepl_server.translate_requests() if r.params.get("target_lang") == target for t in r.texts]
        assert len(sent) == len(set(sent)), target
        assert sent.count("Down with the occupation!") == 1
    distinct = {e.msgid for slug in ("call", "appeal") for e in read_po(project, slug, "es").active()}
    assert deepl_server.billed_characters == 3 * sum(billable_characters(text) for text in distinct)
    for slug in ("call", "appeal"):
        for lang in ("es", "ar", "fr"):
            entry = by_msgid(read_po(project, slug, lang))["Down with the occupation!"]
            assert entry.msgstr == f"[{lang.upper()}] Down with the occupation!"


def test_neighbouring_paragraphs_go_as_context(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    pretranslate(project, today=TODAY)
    requests = deepl_server.translate_requests()
    # Four texts: each is more than 5 % of the job, so each goes alone, with its own neighbours.
    assert [len(r.texts) for r in requests] == [1, 1, 1, 1]
    (context,) = [r.context for r in requests if r.texts[0].startswith("Every year on the ")]
    assert context == (
        "Call for solidarity with the people of Gaza\n\n"
        "Samidoun and the trade unions call on everyone to join the marches."
    )


@pytest.mark.parametrize("paragraphs", [120, 1100])
def test_batches_are_at_most_5_percent_of_a_language_job_and_within_deepl_limits(
    tmp_path: Path, deepl_server: DeepLServer, paragraphs: int
) -> None:
    long_paragraph = "The long paragraph of the appeal explains the campaign. " * 60  # over 5 % of the job
    project = _project(tmp_path, {"long.txt": _paragraphs(paragraphs, seed="b") + "\n" + long_paragraph + "\n"},
                       languages=("es",))
    job = _job(project, ("long",), "es")
    result = pretranslate(project, today=TODAY)

    requests = deepl_server.billed_requests()
    assert sum(len(r.texts) for r in requests) == paragraphs + 1
    if paragraphs == 1100:
        assert max(len(r.texts) for r in requests) == 50  # 5 % of the job is more: DeepL's limit
    for request in requests:
        assert len(request.texts) <= 50 and request.body_bytes <= MAX_BODY_BYTES
        assert request.billed_characters <= 0.05 * job or len(request.texts) == 1
    assert (long_paragraph.strip(),) in [r.texts for r in requests]  # alone
    (es,) = result.languages
    assert es.batches == len(requests)
    assert es.billed_characters == deepl_server.billed_characters == job


def test_dry_run_counts_what_would_be_billed_and_calls_nothing(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "appeal.txt": APPEAL})
    before = {path: path.read_bytes() for path in all_catalogs(project)}
    result = pretranslate(project, dry_run=True, today=TODAY)
    assert deepl_server.requests == []
    assert {path: path.read_bytes() for path in all_catalogs(project)} == before
    distinct = {e.msgid for slug in ("call", "appeal") for e in read_po(project, slug, "es").active()}
    for lang in result.languages:
        assert (lang.segments, lang.billed_characters) == (len(distinct), sum(map(billable_characters, distinct)))


def test_quota_exhausted_mid_run_stops_and_a_rerun_continues(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"long.txt": _paragraphs(120, seed="q")}, languages=("es",))

    def exhaust_after_first_batch(lang: str, done: int, total: int) -> None:
        if done > 0:
            deepl_server.quota_exceeded = True

    with pytest.raises(EngineQuotaError, match="run `stmtl10n pretranslate` again"):
        pretranslate(project, progress=exhaust_after_first_batch, today=TODAY)
    first_run = _sent_texts(deepl_server)
    entries = list(read_po(project, "long", "es").active())
    done = {e.msgid for e in entries if e.msgstr}
    assert done == set(first_run) and 0 < len(done) < len(entries)

    deepl_server.quota_exceeded = False
    deepl_server.reset_log()
    pretranslate(project, today=TODAY)
    second_run = _sent_texts(deepl_server)
    assert set(second_run).isdisjoint(first_run)
    assert sorted(first_run + second_run) == sorted(e.msgid for e in entries)
    assert all(e.msgstr for e in read_po(project, "long", "es").active())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the hung request's socket
def test_lost_network_stops_the_run_and_a_rerun_continues(tmp_path: Path, deepl_server: DeepLServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.5)
    project = _project(tmp_path, {"long.txt": _paragraphs(120, seed="n")}, languages=("es",))

    def network_goes_down(lang: str, done: int, total: int) -> None:
        if done > 0:
            deepl_server.stop_responding(path="/v2/translate")

    with pytest.raises(EngineNetworkError, match=r"^es: cannot reach DeepL"):
        pretranslate(project, progress=network_goes_down, today=TODAY)
    saved = {e.msgid for e in read_po(project, "long", "es").active() if e.msgstr}
    assert saved and saved == set(_sent_texts(deepl_server))

    deepl_server.resume_responding()
    deepl_server.reset_log()
    pretranslate(project, today=TODAY)
    assert saved.isdisjoint(_sent_texts(deepl_server))
    assert all(e.msgstr for e in read_po(project, "long", "es").active())


def test_too_many_requests_is_retried_and_the_run_completes(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    deepl_server.fail_next(429, times=1)
    pretranslate(project, today=TODAY)
    assert all(e.msgstr for e in read_po(project, "call", "es").active())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the hung requests' sockets
def test_a_hanging_server_costs_two_attempts_of_one_batch_then_one_line(
    tmp_path: Path, deepl_server: DeepLServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.5)  # the SDK waits 1 s at least
    project = _project(tmp_path, {"long.txt": _paragraphs(120, seed="h"), "list.txt": SIGNED}, languages=("es",))
    job = _job(project, ("long", "list"), "es")

    def hang_after_first_batch(lang: str, done: int, total: int) -> None:
        if done > 0:  # DeepL translates and bills, and its answers never arrive
            deepl_server.stop_responding(path="/v2/translate", billed=True)

    with pytest.raises(EngineNetworkError) as raised:
        pretranslate(project, progress=hang_after_first_batch, today=TODAY)
    message = str(raised.value)
    assert re.fullmatch(r"es: cannot reach DeepL at \S+ \(no answer in 1 s, after 1 retry\); check the network "
                        r"or DEEPL_SERVER_URL and run again; the translations made so far are saved, "
                        r"run `stmtl10n pretranslate` again to continue", message)
    first, *hung = deepl_server.billed_requests()
    # The batch after the first was sent twice (one retry of a timeout), and nothing after it.
    assert [r.status for r in hung] == [0, 0] and hung[0].texts == hung[1].texts
    assert sum(r.billed_characters for r in hung) <= 2 * 0.05 * job
    drafted = {e.msgid for slug in ("long", "list") for e in read_po(project, slug, "es").active()
               if (e.provenance or "").startswith("mt ")}
    assert drafted == set(first.texts)
    assert _signatories_filled(project, "es")


def test_a_short_reply_is_split_and_sent_again_and_its_billing_counted(
    tmp_path: Path, deepl_server: DeepLServer
) -> None:
    project = _project(tmp_path, {"long.txt": _paragraphs(120, seed="s")}, languages=("es",))
    job = _job(project, ("long",), "es")
    deepl_server.short_reply_next(times=1)  # 5 translations for the first 6 texts
    result = pretranslate(project, today=TODAY)

    entries = list(read_po(project, "long", "es").active())
    assert all(e.msgstr == f"[ES] {e.msgid}" for e in entries)
    short, *rest = deepl_server.billed_requests()
    assert [len(r.texts) for r in rest[:2]] == [3, 3] and rest[0].texts + rest[1].texts == short.texts
    assert deepl_server.billed_characters == job + short.billed_characters  # the short reply was billed too
    (es,) = result.languages
    assert es.billed_characters == deepl_server.billed_characters
    assert (es.machine, es.left, result.notes) == (len(entries), 0, [])


def test_cli_a_text_deepl_never_translates_is_left_empty_with_one_line(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    deepl_server.never_translate("Down with the occupation!")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "es: 'Down with the occupation!' left empty: DeepL answered 0 translations for it, sent alone\n"
    entries = by_msgid(read_po(project, "call", "es"))
    assert entries.pop("Down with the occupation!").msgstr == ""
    assert all(e.msgstr.startswith("[ES] ") for e in entries.values())
    assert result.stdout.startswith("es: 3 entries filled: 3 by deepl") and result.stdout.endswith("; 1 left empty\n")


def test_cli_every_language_that_fails_is_named_with_its_reason(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    deepl_server.fail_next(456, target="ES")
    deepl_server.fail_next(400, target="AR")
    deepl_server.fail_next(503, times=1 + len(deepl_engine.RETRY_DELAYS), target="FR")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    assert lines[0] == ("Error: es: DeepL's character quota for this billing period is used up (HTTP 456); "
                        "wait for the next period or raise the limit in your DeepL account")
    assert lines[1].startswith("ar: DeepL answered HTTP 400: Bad request, message: Injected failure 400")
    assert lines[2].startswith("fr: DeepL answered HTTP 503: Service unavailable")
    assert lines[2].endswith("; the translations made so far are saved, run `stmtl10n pretranslate` again to continue")


def test_languages_failing_alike_keep_the_error_type_one_line_each(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    deepl_server.quota_exceeded = True
    with pytest.raises(EngineQuotaError) as raised:
        pretranslate(project, today=TODAY)
    assert [line[:4] for line in str(raised.value).splitlines()] == ["es: ", "ar: ", "fr: "]


@pytest.mark.parametrize("fault", ["refused key", "refused connection"])
def test_memory_and_signatory_fills_are_saved_whatever_the_engine_then_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "list.txt": SIGNED})
    write_po(project, "earlier", "es", [Entry("Down with the occupation!", "¡Abajo la ocupación!")])
    with DeepLServer() as server:
        monkeypatch.setenv("DEEPL_AUTH_KEY", "wrong-key:fx" if fault == "refused key" else server.auth_key)
        monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
        if fault == "refused key":
            with pytest.raises(EngineAuthError) as raised:
                pretranslate(project, engine_name="deepl", today=TODAY)
    if fault == "refused connection":  # the server is gone: nothing listens at its address
        with pytest.raises(EngineNetworkError) as raised:
            pretranslate(project, engine_name="deepl", today=TODAY)
    assert len(str(raised.value).splitlines()) == 3  # es, ar and fr, each named
    for lang in ("es", "ar", "fr"):
        assert _signatories_filled(project, lang)
    slogan = by_msgid(read_po(project, "call", "es"))["Down with the occupation!"]
    assert slogan.msgstr == "¡Abajo la ocupación!" and slogan.provenance == "memory 100% Down with the occupation!"
    for path in all_catalogs(project):
        msgfmt_check(path)


def test_a_bad_key_stops_the_run_and_writes_nothing(tmp_path: Path, deepl_server: DeepLServer,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    monkeypatch.setenv("DEEPL_AUTH_KEY", "wrong-key:fx")
    before = {path: path.read_bytes() for path in all_catalogs(project)}
    with pytest.raises(EngineAuthError) as raised:
        pretranslate(project, today=TODAY)
    assert "wrong-key" not in str(raised.value)
    assert {path: path.read_bytes() for path in all_catalogs(project)} == before


def test_a_reviewer_saving_during_the_run_is_not_overwritten(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"long.txt": _paragraphs(80, seed="r")}, languages=("es",))
    path = project.catalog_path("long", "es")
    last = list(read_po(project, "long", "es").active())[-1].msgid

    def reviewer_saves(lang: str, done: int, total: int) -> None:
        if done == 0:
            return
        with file_lock(project.lock_path(path)):
            catalog = read_po(project, "long", "es")
            entry = by_msgid(catalog)[last]
            if not entry.msgstr:
                entry.msgstr = "Traducción de una voluntaria"
                write_catalog(path, catalog)

    pretranslate(project, progress=reviewer_saves, today=TODAY)
    entry = by_msgid(read_po(project, "long", "es"))[last]
    assert entry.msgstr == "Traducción de una voluntaria" and not entry.is_fuzzy


# --- Apertium, for real -------------------------------------------------------------------------


def test_apertium_translates_spanish_and_french_through_spanish(tmp_path: Path) -> None:
    assert shutil.which("apertium"), "Apertium is required: apt-get install apertium apertium-eng-spa apertium-fr-es"
    project = _project(tmp_path, {"call.txt": CALL})
    result = pretranslate(project, today=TODAY)

    by_lang = {lang.lang: lang for lang in result.languages}
    assert by_lang["es"].engine == "apertium en>es" and by_lang["fr"].engine == "apertium en>es>fr"
    assert by_lang["ar"].engine is None and by_lang["ar"].left == 4
    slogan_es = by_msgid(read_po(project, "call", "es"))["Down with the occupation!"]
    assert "ocupación" in slogan_es.msgstr and slogan_es.is_fuzzy
    assert slogan_es.provenance == "mt apertium en>es 2026-11-25"
    unions_fr = by_msgid(read_po(project, "call", "fr"))["Samidoun and the trade unions call on everyone to join the marches."]
    assert unions_fr.provenance == "mt apertium en>es>fr 2026-11-25"
    assert "*" not in unions_fr.msgstr and "Samidoun" in unions_fr.msgstr
    assert "stmtl10n: unknown words: Samidoun" in unions_fr.translator_comments
    assert all(not e.msgstr for e in read_po(project, "call", "ar").active())
    for path in all_catalogs(project):
        msgfmt_check(path)


# --- interruption -------------------------------------------------------------------------------


# SIGKILL resets the client's connections; the fake server's handler threads then
# leave their socket files to the garbage collector, which is no fault of the run.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_killed_run_re_bills_at_most_the_batch_in_flight_and_a_rerun_finishes(tmp_path: Path) -> None:
    statements = {f"s{number}.txt": _paragraphs(40, seed=f"k{number}") for number in range(8)}
    project = _project(tmp_path, {**statements, "list.txt": SIGNED}, languages=("es", "fr"))
    slugs = tuple(name.removesuffix(".txt") for name in statements)
    with DeepLServer(latency=0.4) as server:
        env = {**os.environ, "DEEPL_AUTH_KEY": server.auth_key, "DEEPL_SERVER_URL": server.url}
        with subprocess.Popen(
            [sys.executable, "-m", "stmtl10n", "-C", str(project.root), "pretranslate", "--engine", "deepl", "--quiet"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        ) as run:
            deadline = time.monotonic() + 60
            while len(server.translate_requests()) < 3 and time.monotonic() < deadline and run.poll() is None:
                time.sleep(0.02)
            if run.poll() is not None:
                pytest.fail(f"the run ended before it could be killed: {run.communicate()[1]}")
            run.send_signal(signal.SIGKILL)
        assert server.wait_idle()  # the batches in flight are answered to no one, and billed
        first_run = server.billed_requests()

        for path in all_catalogs(project):
            msgfmt_check(path)
        saved = {(lang.upper(), e.msgid) for lang in ("es", "fr") for slug in slugs
                 for e in read_po(project, slug, lang).active() if e.msgstr}
        assert saved and saved <= {(r.params["target_lang"], t) for r in first_run for t in r.texts}
        # What needs no engine was saved before the first request.
        assert _signatories_filled(project, "es") and _signatories_filled(project, "fr")

        server.reset_log()
        server.latency = 0.0
        env_key = {"DEEPL_AUTH_KEY": server.auth_key, "DEEPL_SERVER_URL": server.url}
        os.environ.update(env_key)
        try:
            pretranslate(project, engine_name="deepl", today=TODAY)
        finally:
            for key in env_key:
                os.environ.pop(key, None)
        second_run = server.billed_requests()

    billed = Counter((r.params["target_lang"], t) for r in first_run + second_run for t in r.texts)
    assert max(billed.values()) <= 2
    assert saved.isdisjoint((r.params["target_lang"], t) for r in second_run for t in r.texts)
    for target, lang in (("ES", "es"), ("FR", "fr")):
        again = {text for (t, text), times in billed.items() if t == target and times == 2}
        # Billed twice: only the batch this language had in flight, the last request of the killed run...
        in_flight = [r for r in first_run if r.params["target_lang"] == target][-1]
        assert again <= set(in_flight.texts)
        # ... which is at most 5 % of the language's job.
        assert sum(billable_characters(text) for text in again) <= 0.05 * _job(project, slugs, lang)
        for slug in slugs:
            assert all(e.msgstr for e in read_po(project, slug, lang).active())


# --- the command --------------------------------------------------------------------------------


def test_cli_offline_run_reports_arabic_and_succeeds(tmp_path: Path) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "ar: no offline engine; set DEEPL_AUTH_KEY to translate with DeepL\n"
    lines = result.stdout.splitlines()
    assert lines[0].startswith("es: 4 entries filled: 4 by apertium en>es")
    assert lines[1] == "ar: 0 entries filled: 4 left empty"
    assert lines[2].startswith("fr: 4 entries filled: 4 by apertium en>es>fr")


def test_cli_dry_run_prints_the_bill_per_language(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "list.txt": "Signed by:\n\n1. A, Chile\n2. B, Chile\n3. C, Cuba\n"})
    result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate", "--dry-run"])
    assert result.exit_code == 0, result.output
    prose = [e.msgid for slug in ("call", "list") for e in read_po(project, slug, "es").active() if not e.flags]
    characters = sum(billable_characters(msgid) for msgid in prose)
    assert len(prose) == 5  # the call's four segments and "Signed by:"
    assert result.stdout.splitlines() == [
        f"{lang}: 5 segments, {characters:,} characters would be billed by deepl; 3 signatories need no engine"
        for lang in ("es", "ar", "fr")
    ]
    assert result.stderr == ""
    assert deepl_server.requests == []


def test_cli_quota_error_is_one_line_and_exit_1(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    deepl_server.quota_exceeded = True
    result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: es: DeepL's character quota")
    assert "again to continue" in result.stderr
    assert deepl_server.auth_key not in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--engine", "deepl"], 1, "Error: es: DEEPL_AUTH_KEY is not set"),
        (["--engine", "deepel"], 2, "Invalid value for '--engine'"),
        (["--lang", "xx"], 2, "unknown language code 'xx'"),
        (["--lang", "de"], 1, "Error: --lang de: not a language of this project"),
    ],
    ids=["deepl-without-key", "unknown-engine", "unknown-language", "language-not-in-project"],
)
def test_cli_refuses_bad_input_with_one_line(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    result = CliRunner().invoke(cli, ["-C", str(project.root), "pretranslate", *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_engine_error_type_is_kept_for_callers(tmp_path: Path, deepl_server: DeepLServer) -> None:
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    deepl_server.fail_next(400, times=1)
    with pytest.raises(EngineError, match=r"^es: DeepL answered HTTP 400"):
        pretranslate(project, today=TODAY)


def test_progress_line_redraws_one_line_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    from stmtl10n.cli.pretranslate import _ProgressLine

    line = _ProgressLine()
    line("es", 0, 120)
    line("fr", 50, 120)
    line("es", 50, 120)
    line.finish()
    assert capsys.readouterr().err == (
        "\rpretranslate: es 0/120 segments "
        "\rpretranslate: es 0/120  fr 50/120 segments "
        "\rpretranslate: es 50/120  fr 50/120 segments \n"
    )


# --- nothing done twice (issue 14) ----------------------------------------------------------------


def test_a_run_with_nothing_to_do_parses_no_catalog_and_a_changed_one_is_planned_again(
    tmp_path: Path, deepl_server: DeepLServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stmtl10n.catalog as catalog_module

    project = _project(tmp_path, {"call.txt": CALL, "appeal.txt": APPEAL}, languages=("es",))
    pretranslate(project, today=TODAY)
    deepl_server.reset_log()
    parsed: list[Path] = []
    real_read = catalog_module.read_catalog

    def counting_read(path: Path, **kwargs: object) -> object:
        parsed.append(path)
        return real_read(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sys.modules["stmtl10n.pretranslate"], "read_catalog", counting_read)
    result = pretranslate(project, today=TODAY)
    assert parsed == [] and deepl_server.requests == []
    assert [lang.filled for lang in result.languages] == [0]

    # A reviewer empties an entry: that catalog (only) is read again, and the entry drafted again.
    path = project.catalog_path("call", "es")
    catalog = read_po(project, "call", "es")
    emptied = next(e for e in catalog.active() if (e.provenance or "").startswith("mt "))
    emptied.msgstr = ""
    write_catalog(path, catalog)
    result = pretranslate(project, today=TODAY)
    assert parsed == [path]
    assert _sent_texts(deepl_server) == [emptied.msgid]
    assert by_msgid(read_po(project, "call", "es"))[emptied.msgid].msgstr == f"[ES] {emptied.msgid}"


def test_batches_a_killed_run_was_answered_are_written_by_the_next_run_without_asking_again(
    tmp_path: Path, deepl_server: DeepLServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = sys.modules["stmtl10n.pretranslate"]
    project = _project(tmp_path, {"long.txt": _paragraphs(120, seed="j")}, languages=("es",))
    # A run that dies after each answer reached the journal and before any catalog write:
    # its writer writes nothing, and its journal stays behind as a killed process leaves it.
    monkeypatch.setattr(module._Writer, "_run", lambda self: None)
    monkeypatch.setattr(module._Journal, "__exit__", lambda self, *exc: os.close(self._fd) if self._fd else None)
    pretranslate(project, today=TODAY)
    first_run = _sent_texts(deepl_server)
    assert first_run and not any(e.msgstr for e in read_po(project, "long", "es").active())
    assert list((project.cache_dir / "pretranslate").glob("*.journal"))
    monkeypatch.undo()

    deepl_server.reset_log()
    pretranslate(project, today=TODAY)
    assert deepl_server.requests == []  # nothing billed twice
    entries = list(read_po(project, "long", "es").active())
    assert all(e.msgstr == f"[ES] {e.msgid}" and e.provenance and e.provenance.startswith("mt deepl") for e in entries)
    assert not list((project.cache_dir / "pretranslate").glob("*.journal"))
    for path in all_catalogs(project):
        msgfmt_check(path)


def test_a_journal_whose_run_is_alive_is_left_to_it(tmp_path: Path) -> None:
    module = sys.modules["stmtl10n.pretranslate"]
    project = _project(tmp_path, {"call.txt": CALL}, languages=("es",))
    path = project.catalog_path("call", "es")
    msgid = next(e.msgid for e in read_po(project, "call", "es").active() if not e.msgstr)
    fills = {path: {(None, msgid): module._Fill("Llamamiento", "mt deepl 2026-11-25")}}
    with module._Journal(project, "es") as journal:
        journal.append(fills)
        assert module._replay_journals(project, module._Catalogs(project)) == 0  # locked: a live run's
    # Closed without its batches written (is_written never set): the run is gone, the next one writes them.
    assert module._replay_journals(project, module._Catalogs(project)) == 1
    entry = by_msgid(read_po(project, "call", "es"))[msgid]
    assert entry.msgstr == "Llamamiento" and entry.is_fuzzy and entry.provenance == "mt deepl 2026-11-25"
