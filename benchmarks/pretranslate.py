"""Pretranslate against a local DeepL server with 100 ms latency: requests, billed characters, wall time.

Copies the project's statements into a temporary project (es, ar, fr),
extracts, and runs ``pretranslate`` through the real ``deepl`` client against
tests/deepl_server.py, beside a naive baseline that sends every msgid of every
catalog in its own request. Then: a second run; five signatories added; one
paragraph edited (a small edit, and a rewrite).

First, at scale: the generated corpus of benchmarks/extract_build.py
(``--statements``, 100 by default, about 23 KB each) in es, ar and fr, each
run as a user runs it (``stmtl10n pretranslate`` in a process of its own, CPU
beside wall): a first run against the local DeepL server, beside its floor
(the most translate requests of one language × the latency: languages go at
once, a language's requests one after the other), then a run with nothing to do.
The machine may be shared: CPU seconds vary far less than wall time. Run:

    .venv/bin/python benchmarks/pretranslate.py [--latency 0.1] [--statements 100] [--skip-naive] [--scale-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from deepl_server import DeepLServer
from extract_build import make_corpus
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


def _cli_run(root: Path, server: DeepLServer) -> tuple[float, float, dict[str, int]]:
    """One ``stmtl10n pretranslate`` in its own process: wall seconds, its CPU seconds, translate requests per language."""
    server.reset_log()
    env = {**os.environ, "DEEPL_AUTH_KEY": server.auth_key, "DEEPL_SERVER_URL": server.url}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(REPO / ".venv" / "bin" / "stmtl10n"), "-C", str(root), "pretranslate", "--engine", "deepl",
                    "--quiet"], env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    requests = server.translate_requests()
    per_language = {lang: sum(1 for r in requests if r.params.get("target_lang") == lang.upper()) for lang in LANGUAGES}
    return wall, cpu, per_language


def _at_scale(statements: int, latency: float) -> None:
    """A first run and a run with nothing to do on the generated corpus, CPU beside wall."""
    root = Path(tempfile.mkdtemp(prefix="stmtl10n-pretranslate-scale-"))
    try:
        init_project(root, source_lang="en", languages=LANGUAGES)
        make_corpus(root / "statements", statements)
        project = find_project(root)
        extract(project)
        entries = sum(len(_catalog_entries(project, lang)) for lang in LANGUAGES)
        with DeepLServer(latency=latency) as server:
            first = _cli_run(root, server)
            nothing = _cli_run(root, server)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{statements} generated statements × {len(LANGUAGES)} languages, {entries:,} entries; "
          f"DeepL latency {latency * 1000:.0f} ms per request; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    print(f"{'':22} {'wall s':>8} {'CPU s':>8} {'requests per language':>24} {'floor s':>8} {'wall/floor':>10}")
    for label, (wall, cpu, per_language) in (("first run", first), ("nothing to do", nothing)):
        floor = max(per_language.values()) * latency
        ratio = f"{wall / floor:.2f}×" if floor else "-"
        requests = ", ".join(f"{lang} {count}" for lang, count in per_language.items())
        print(f"{label:22} {wall:>8.2f} {cpu:>8.2f} {requests:>24} {floor:>8.2f} {ratio:>10}")
    wall, _, per_language = first
    floor = max(per_language.values()) * latency
    print(f"target: first run within 1.5× the floor ({1.5 * floor:.2f} s): {'met' if wall <= 1.5 * floor else 'MISSED'}")
    print(f"target: nothing to do ≤ 0.5 s of CPU: {'met' if nothing[1] <= 0.5 else 'MISSED'} ({nothing[1]:.2f} s)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request (default 0.1)")
    parser.add_argument("--statements", type=int, default=100, help="generated statements for the runs at scale")
    parser.add_argument("--skip-naive", action="store_true", help="estimate the naive baseline instead of running it")
    parser.add_argument("--scale-only", action="store_true", help="only the runs at scale")
    args = parser.parse_args()

    _at_scale(args.statements, args.latency)
    if args.scale_only:
        return

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
