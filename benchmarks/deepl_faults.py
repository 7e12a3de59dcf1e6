"""DeepL faults against a local DeepL server with 1.5 s latency: what a kill, a hang and a short reply bill.

Copies the project's statements into a temporary project (es, ar, fr),
extracts, and runs ``stmtl10n pretranslate --engine deepl`` as a child process
through the real ``deepl`` client against tests/deepl_server.py, which bills,
like DeepL, every text of every request it answers, even when the client is no
longer there to read the answer. Each run starts from a fresh copy of the
extracted project:

* one uninterrupted run: the job (billed characters, requests per language);
* kills: SIGKILL at random moments (seeded, uniform over the uninterrupted
  run's wall time), each followed by a run to completion (without latency);
  billed again = the characters of every text billed more than once by the
  killed run and the rerun, counted each time after the first, beside the
  batch each language had in flight (its last request of the killed run);
* a hanging server (it translates and bills, and its answers never arrive):
  what is billed before the run gives up, and what it printed;
* a short reply (one translation too few) to the first request of each language.

Wall and CPU time (user + system of the child process) are printed side by
side. Run:

    .venv/bin/python benchmarks/deepl_faults.py [--latency 1.5] [--kills 20] [--seed 1] [--timeout 5]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from deepl_server import DeepLServer
from stmtl10n.extract import extract
from stmtl10n.project import find_project, init_project

LANGUAGES = ("es", "ar", "fr")
TARGETS = tuple(lang.upper() for lang in LANGUAGES)
# The child: the CLI, with the engine's per-attempt timeout (the SDK's global) set first.
CHILD = (
    "import sys, deepl, stmtl10n.engines.deepl_engine; "
    "deepl.http_client.min_connection_timeout = float(sys.argv.pop(1)); "
    "from stmtl10n.cli import main; main()"
)


@dataclass
class Run:
    """One child process: its wall and CPU time, what the server billed meanwhile, its stderr."""

    wall: float
    cpu: float
    billed: Counter[str]  # characters per target language
    requests: Counter[str]  # billed translate requests per target language
    largest: Counter[str]  # the largest billed request per target language, in characters
    last: Counter[str]  # the last billed request per target language, in characters (in flight at a kill)
    log: list[tuple[str, str, int]]  # (target, text, characters) for each text billed
    stderr: str
    killed_at: float | None = None


def _run(server: DeepLServer, project: Path, *, timeout: float, kill_after: float | None = None) -> Run:
    server.reset_log()
    command = [sys.executable, "-c", CHILD, str(timeout), "-C", str(project), "pretranslate", "--engine", "deepl",
               "--quiet"]
    env = {**os.environ, "DEEPL_AUTH_KEY": server.auth_key, "DEEPL_SERVER_URL": server.url}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as child:
        try:
            _, stderr = child.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            _, stderr = child.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server.wait_idle()  # requests in flight when the child died are answered to no one, and billed
    billed: Counter[str] = Counter()
    requests: Counter[str] = Counter()
    largest: Counter[str] = Counter()
    last: Counter[str] = Counter()
    for request in server.billed_requests():
        target = str(request.params["target_lang"])
        billed[target] += request.billed_characters
        requests[target] += 1
        largest[target] = max(largest[target], request.billed_characters)
        last[target] = request.billed_characters
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    killed = kill_after if kill_after is not None and wall >= kill_after else None
    return Run(wall, cpu, billed, requests, largest, last, server.billing_log(), stderr.strip(), killed)


def _billed_again(*runs: Run) -> Counter[str]:
    """Per target, the characters of each text billed more than once over ``runs``, after its first time."""
    times = Counter((target, text) for run in runs for target, text, _ in run.log)
    characters = {(target, text): size for run in runs for target, text, size in run.log}
    again: Counter[str] = Counter()
    for (target, text), count in times.items():
        again[target] += (count - 1) * characters[target, text]
    return again


def _fresh(template: Path, scratch: Path, name: str) -> Path:
    copy = scratch / name
    shutil.copytree(template, copy)
    return copy


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=1.5, help="seconds per request (default 1.5)")
    parser.add_argument("--kills", type=int, default=20, help="kills at random moments (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments (default 1)")
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="the engine's wait for an answer in the hanging-server run (default 5 s; stmtl10n's is 30)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="stmtl10n-deepl-faults-"))
    try:
        template = scratch / "template"
        init_project(template, source_lang="en", languages=LANGUAGES)
        for path in sorted((REPO / "statements").iterdir()):
            shutil.copy(path, template / "statements" / path.name)
        extract(find_project(template))

        with DeepLServer(latency=args.latency) as server:
            full = _run(server, _fresh(template, scratch, "full"), timeout=30.0)
            job = full.billed
            rng = random.Random(args.seed)
            kills = []
            for number in range(args.kills):
                project = _fresh(template, scratch, f"kill-{number}")
                server.latency = args.latency
                killed = _run(server, project, timeout=30.0, kill_after=rng.uniform(0.0, full.wall))
                server.latency = 0.0
                rerun = _run(server, project, timeout=30.0)
                kills.append((killed, rerun))

            server.latency = args.latency
            server.stop_responding(path="/v2/translate", billed=True)
            hang = _run(server, _fresh(template, scratch, "hang"), timeout=args.timeout)
            server.resume_responding()

            server.short_reply_next(times=len(LANGUAGES))
            short = _run(server, _fresh(template, scratch, "short"), timeout=30.0)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    total = sum(job.values())
    print(f"{len(list((REPO / 'statements').iterdir()))} statements × {len(LANGUAGES)} languages; "
          f"DeepL latency {args.latency * 1000:.0f} ms per request; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    print()
    print("uninterrupted run (the job):")
    print(f"  {'':4} {'billed chars':>12} {'requests':>9} {'largest batch':>14} {'batches over 5%':>16}")
    for target in TARGETS:
        sizes = Counter((text, size) for t, text, size in full.log if t == target)
        over = [size for (_, size), _ in sizes.items() if size > 0.05 * job[target]]  # one text alone each
        print(f"  {target:4} {job[target]:>12,} {full.requests[target]:>9} "
              f"{full.largest[target]:>7,} {_percent(full.largest[target], job[target]):>6} "
              f"{len(over):>5} (one paragraph each, {', '.join(f'{size:,}' for size in sorted(over)) or '-'})")
    print(f"  {'all':4} {total:>12,} {sum(full.requests.values()):>9}    wall {full.wall:.1f} s, CPU {full.cpu:.2f} s")
    print()

    print(f"{len(kills)} kills (SIGKILL; seed {args.seed}): characters billed again per language, its share of "
          "the language's job, / the batch it had in flight")
    header = "".join(f"{target:>22}" for target in TARGETS)
    print(f"  {'#':>2} {'killed at':>9} {header} {'all':>16} {'wall s':>7} {'CPU s':>6}")
    worst = 0.0
    within_one_batch = True
    for number, (killed, rerun) in enumerate(kills):
        again = _billed_again(killed, rerun)
        worst = max(worst, *(again[t] / job[t] for t in TARGETS))
        within_one_batch = within_one_batch and all(again[t] <= killed.last[t] for t in TARGETS)
        cells = "".join(f"{again[t]:>7,} {_percent(again[t], job[t]):>6} /{killed.last[t]:>6,}" for t in TARGETS)
        moment = f"{killed.killed_at:.1f} s" if killed.killed_at is not None else "finished"
        everything = sum(again.values())
        print(f"  {number + 1:>2} {moment:>9} {cells} {everything:>8,} {_percent(everything, total):>7} "
              f"{killed.wall:>7.1f} {killed.cpu:>6.2f}")
    mean = sum(sum(_billed_again(k, r).values()) for k, r in kills) / max(len(kills), 1)
    print(f"  billed again per kill, all languages: mean {mean:,.0f} characters ({_percent(round(mean), total)} "
          f"of the {total:,} job); worst for one language {100 * worst:.1f}% of its job")
    print(f"  target: at most the batch in flight, per language: {'met' if within_one_batch else 'MISSED'}")
    print()

    hung = sum(hang.billed.values())
    print(f"hanging server (bills, never answers; {args.timeout:g} s per attempt): {hung:,} characters billed "
          f"of a {total:,} job ({_percent(hung, total)}), {sum(hang.requests.values())} requests, "
          f"wall {hang.wall:.1f} s, CPU {hang.cpu:.2f} s")
    for target in TARGETS:
        batch = sum({text: size for t, text, size in hang.log if t == target}.values())
        print(f"  {target}: {hang.requests[target]} attempts of one batch of {batch:,} characters "
              f"({_percent(batch, job[target])} of its job): {hang.billed[target]:,} billed")
    print("  it printed:")
    for line in hang.stderr.splitlines():
        print(f"    {line}")
    print(f"  target: a timeout retried once, so at most two attempts of one batch per language: "
          f"{'met' if all(hang.requests[t] <= 2 for t in TARGETS) else 'MISSED'}")
    print()

    extra = sum(short.billed.values()) - total
    print(f"short reply (one translation too few) to {len(LANGUAGES)} requests: {sum(short.billed.values()):,} "
          f"characters billed for a {total:,} job: {extra:,} more ({_percent(extra, total)}), "
          f"{sum(short.requests.values())} requests (uninterrupted: {sum(full.requests.values())}), "
          f"wall {short.wall:.1f} s, CPU {short.cpu:.2f} s")
    print(f"  it printed: {short.stderr or '(nothing)'}")


if __name__ == "__main__":
    main()
