"""Apertium engine throughput beside a plain ``apertium`` run over the same text: prints words per second.

Run: .venv/bin/python benchmarks/apertium_throughput.py [--repeat N] [--scale K]

The text is the msgids of the project's statements (statements/*), once and
repeated K times. "plain" is ``apertium eng-spa`` (txt mode) over the msgids
joined by blank lines, in one process; "engine" is ``ApertiumEngine.translate``
over the same msgids, in the batches pretranslate makes (``max_batch_segments``)
and in one batch, markup protection and unknown-word handling included. The
chain en>es>fr is compared with ``apertium eng-spa | apertium es-fr``. Each
figure is the best of N runs, the three taking turns; words per second of wall
time, and in brackets per CPU second of every process involved, which a busy
machine disturbs less. Target: engine ≥ 80% of plain.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stmtl10n.engines.apertium import ApertiumEngine
from stmtl10n.engines.base import SourceSegment
from stmtl10n.formats import format_for

ROOT = Path(__file__).resolve().parent.parent


def statement_msgids() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "statements").iterdir()):
        try:
            fmt = format_for(path)
        except Exception:
            continue
        texts += [segment.text for segment in fmt.extract(path.read_text(encoding="utf-8"), path=str(path))]
    return texts


def best_of_interleaved(repeat: int, *runs: Callable[[], object]) -> list[tuple[float, float]]:
    """Best (wall, CPU) seconds of each run; the runs take turns, so a change of machine load hits all alike.

    CPU time is this process's plus every finished child's (Apertium's pipeline
    included): steadier than wall time on a busy machine.
    """
    best = [(float("inf"), float("inf"))] * len(runs)
    for _ in range(repeat):
        for index, run in enumerate(runs):
            started, cpu_started = time.perf_counter(), _cpu_seconds()
            run()
            wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
            best[index] = (min(best[index][0], wall), min(best[index][1], cpu))
    return best


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plain_run(texts: list[str], modes: list[str], folder: Path) -> Callable[[], object]:
    source = folder / "plain.txt"
    source.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    command = " | ".join(f"apertium {mode}" for mode in modes)

    def run() -> object:
        with source.open("rb") as stdin:
            return subprocess.run(command, shell=True, stdin=stdin, stdout=subprocess.DEVNULL, check=True)

    return run


def engine_run(engine: ApertiumEngine, texts: list[str], target: str, batch: int) -> Callable[[], object]:
    segments = [SourceSegment(text) for text in texts]

    def run() -> object:
        out = []
        for start in range(0, len(segments), batch):
            out += engine.translate(segments[start:start + batch], source="en", target=target)
        assert len(out) == len(segments)
        return out

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is shown")
    parser.add_argument("--scale", type=int, default=5, help="times the statements are repeated in the large corpus")
    args = parser.parse_args()

    engine = ApertiumEngine()
    base = statement_msgids()
    corpora = [("statements", base), (f"statements x{args.scale}", base * args.scale)]
    print(f"apertium throughput, best of {args.repeat}; engine batches of {engine.max_batch_segments} segments")
    print("words per second of wall time, and [per CPU second of all processes]")
    header = (
        f"{'corpus':<15} {'pair':<8} {'segments':>8} {'words':>6} {'plain':>12} "
        f"{'engine':>12} {'ratio':>11} {'one batch':>12} {'ratio':>11}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        for name, texts in corpora:
            words = sum(len(text.split()) for text in texts)
            for target, modes in (("es", ["eng-spa"]), ("fr", ["eng-spa", "es-fr"])):
                if name != "statements" and target == "fr":
                    continue  # the chain doubles the time; the small corpus shows it
                (plain, plain_cpu), (batched, batched_cpu), (single, single_cpu) = best_of_interleaved(
                    args.repeat,
                    plain_run(texts, modes, Path(folder)),
                    engine_run(engine, texts, target, engine.max_batch_segments),
                    engine_run(engine, texts, target, len(texts)),
                )
                pair = "en>es" if target == "es" else "en>es>fr"
                print(
                    f"{name:<15} {pair:<8} {len(texts):>8} {words:>6} "
                    f"{words / plain:>5.0f} [{words / plain_cpu:>4.0f}] "
                    f"{words / batched:>5.0f} [{words / batched_cpu:>4.0f}] "
                    f"{plain / batched:>4.0%} [{plain_cpu / batched_cpu:>4.0%}] "
                    f"{words / single:>5.0f} [{words / single_cpu:>4.0f}] "
                    f"{plain / single:>4.0%} [{plain_cpu / single_cpu:>4.0%}]"
                )

if __name__ == "__main__":
    main()
