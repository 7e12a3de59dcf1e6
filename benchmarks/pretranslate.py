"""Pretranslate against a local DeepL server with 100 ms latency: requests, billed characters, wall time.

Copies the project's statements into a temporary project (es, ar, fr),
extracts, and runs ``pretranslate`` through the real ``deepl`` client against
tests/deepl_server.py, beside a naive baseline that sends every msgid of every
catalog in its own request. Then: a second run; five signatories added; one
paragraph edited (a small edit, and a rewrite). Run:

    .venv/bin/python benchmarks/pretranslate.py [--latency 0.1] [--skip-naive]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from deepl_server import DeepLServer
from stmtl10n.catalog import read_catalog
from stmtl10n.engines import get_engine
from stmtl10n.engines.base import SourceSegment
from stmtl10n.engines.deepl_engine import billable_characters
from stmtl10n.extract import extract
from stmtl10n.model import SIGNATORY_FLAG
from stmtl10n.pretranslate import PretranslateResult, pretranslate
from stmtl10n.project import (
    Project,
    find_project,
    init_project,
)

LANGUAGES = ("es", "ar", "fr")
NEW_SIGNATORIES = (
    "  39. Leila Haddad, Union of Palestinian Women's Committees, Palestine",
    "  40. Tomás Ferreira, Sindicato dos Metalúrgicos, Brazil",
    "  41. Amina Diallo, Collectif Sénégal-Palestine, Senegal",
    "  42. John Murphy, Irish Congress of Trade Unions, Ireland",
    "  43. 李明, Beijing, China",
)
SMALL_EDIT = ("supporters of freedom worldwide", "supporters of freedom all over the world")
REWRITE_FROM = "This year’s anniversary coincides with"


class _Run:
    """One pretranslate run: what the server saw and how long it took."""

    def __init__(self, label: str, server: DeepLServer, project: Project) -> None:
        server.reset_log()
        began: dict[str, float] = {}
        finished: dict[str, float] = {}
        started = time.perf_counter()

        def progress(lang: str, done: int, total: int) -> None:
            # Called with done=0 when the language's first batch starts, then after each batch.
            now = time.perf_counter()
            began.setdefault(lang, now)
            finished[lang] = now - began[lang]

        self.result: PretranslateResult = pretranslate(project, progress=progress)
        self.wall = time.perf_counter() - started
        self.label = label
        requests = server.translate_requests()
        self.requests = len(requests)
        self.billed = sum(r.billed_characters for r in requests)
        self.per_language = {
            lang: (sum(1 for r in requests if r.params.get("target_lang") == lang.upper()), finished.get(lang))
            for lang in LANGUAGES
        }


def _catalog_entries(project: Project, lang: str) -> list[tuple[str, bool]]:
    entries = []
    for path in sorted((project.locales_dir / lang / "LC_MESSAGES").glob("*.po")):
        for entry in read_catalog(path).active():
            entries.append((entry.msgid, SIGNATORY_FLAG in entry.flags))
    return entries


def _naive(project: Project, latency: float, *, measure: bool) -> tuple[int, int, float]:
    """Every msgid of every catalog, one request each, one language after the other."""
    requests = billed = 0
    started = time.perf_counter()
    for lang in LANGUAGES:
        engine = get_engine("deepl", project=project) if measure else None
        for msgid, _ in _catalog_entries(project, lang):
            requests += 1
            billed += len(msgid)
            if engine is not None:
                engine.translate([SourceSegment(msgid)], source="en", target=lang)
    wall = time.perf_counter() - started if measure else requests * latency
    return requests, billed, wall


def _edit_statement(project: Project, name: str, old: str, new: str) -> None:
    path = project.statements_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    extract(project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request (default 0.1)")
    parser.add_argument("--skip-naive", action="store_true", help="estimate the naive baseline instead of running it")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="stmtl10n-pretranslate-"))
    try:
        init_project(root, source_lang="en", languages=LANGUAGES)
        for path in sorted((REPO / "statements").iterdir()):
            shutil.copy(path, root / "statements" / path.name)
        project = find_project(root)
        extract(project)

        with DeepLServer(latency=args.latency) as server:
            os.environ["DEEPL_AUTH_KEY"] = server.auth_key
            os.environ["DEEPL_SERVER_URL"] = server.url
            distinct_prose = {msgid for lang in LANGUAGES for msgid, signatory in _catalog_entries(project, lang)
                              if not signatory}
            target = len(LANGUAGES) * sum(billable_characters(msgid) for msgid in distinct_prose)
            entries = sum(len(_catalog_entries(project, lang)) for lang in LANGUAGES)

            naive = _naive(project, args.latency, measure=not args.skip_naive)
            server.reset_log()
            first = _Run("first run", server, project)
            second = _Run("second run", server, project)

            _edit_statement(project, "solidarity-day-call.txt", "  38. 胡星宇, China", "  38. 胡星宇, China\n" +
                            "\n".join(NEW_SIGNATORIES))
            signatories = _Run("5 signatories added", server, project)

            _edit_statement(project, "solidarity-day-call.txt", *SMALL_EDIT)
            edited_paragraph = next(p.strip() for p in (project.statements_dir / "solidarity-day-call.txt")
                                    .read_text(encoding="utf-8").split("\n\n") if SMALL_EDIT[1] in p)
            small = _Run("one paragraph, small edit", server, project)

            rewrite_path = project.statements_dir / "solidarity-day-call.txt"
            paragraph = next(p for p in rewrite_path.read_text(encoding="utf-8").split("\n\n")
                             if p.startswith(REWRITE_FROM))
            rewritten = ("This year the anniversary comes while the occupation escalates its war on Gaza, "
                         "the West Bank and Jerusalem, and the peoples of the world answer with boycotts and strikes.")
            _edit_statement(project, "solidarity-day-call.txt", paragraph.strip(), rewritten)
            rewrite = _Run("one paragraph, rewritten", server, project)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    naive_requests, naive_billed, naive_wall = naive
    print(f"{len(list((REPO / 'statements').iterdir()))} statements × {len(LANGUAGES)} languages, {entries} entries; "
          f"DeepL latency {args.latency * 1000:.0f} ms per request")
    print()
    print(f"{'':32} {'requests':>9} {'billed chars':>13} {'wall s':>8}")
    naive_label = "naive baseline" + (" (estimated)" if args.skip_naive else "")
    print(f"{naive_label:32} {naive_requests:>9} {naive_billed:>13,} {naive_wall:>8.2f}")
    for run in (first, second, signatories, small, rewrite):
        print(f"{run.label:32} {run.requests:>9} {run.billed:>13,} {run.wall:>8.2f}")
    print()
    print(f"target: billed ≤ distinct non-signatory segments' characters × {len(LANGUAGES)} = {target:,}: "
          f"{'met' if first.billed <= target else 'MISSED'} ({first.billed:,})")
    print(f"target: second run bills 0: {'met' if second.billed == 0 else 'MISSED'}")
    print(f"target: 5 signatories added bill 0: {'met' if signatories.billed == 0 else 'MISSED'}")
    small_chars = billable_characters(edited_paragraph) * len(LANGUAGES)
    edit_chars = billable_characters(rewritten) * len(LANGUAGES)
    print(f"target: an edited paragraph bills only itself (its characters × {len(LANGUAGES)} languages): "
          f"small edit {small.billed} of {small_chars}, rewrite {rewrite.billed} of {edit_chars}: "
          f"{'met' if small.billed <= small_chars and rewrite.billed <= edit_chars else 'MISSED'}")
    # A language's batches go one at a time, each at most 5% of its job, so that a kill
    # re-bills one (benchmarks/deepl_faults.py): at least 20 round trips per language.
    print("target: wall time within requests × latency + 25% per language (one batch in flight per language, "
          "languages at once):")
    for lang, (requests, seconds) in first.per_language.items():
        bound = 1.25 * requests * args.latency
        engine_time = f"{seconds:.2f} s" if seconds is not None else "no request"
        verdict = "met" if seconds is not None and seconds <= bound else "MISSED"
        print(f"  {lang}: {requests} translate requests, first batch sent to last batch saved {engine_time} "
              f"(bound {bound:.2f} s): {verdict}")
    print(f"  whole run {first.wall:.2f} s (memory index, reading catalogs, signatories, DeepL's language list "
          f"and every catalog write included); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
