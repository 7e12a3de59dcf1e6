"""How each command's cost grows with the number of statements: wall, CPU (worker processes included) and peak memory.

Usage: .venv/bin/python benchmarks/scaling.py [--sizes 10,100,1000] [--keep] [--src DIR]

``--src`` runs another copy of the package's source (``git archive HEAD | tar -x -C /tmp/before``,
then ``--src /tmp/before/src``): the figures before a change, beside those after it.

The corpus is made from this repository's own statements and their committed
catalogs (real text, real translations): statement ``copy-N-<slug>`` is
``statements/<slug>`` with one paragraph of its own added at the end, and its
catalogs start as copies of ``locales/<lang>/LC_MESSAGES/<slug>.po``, so that
the first extract merges them (every translation kept, the new paragraph
untranslated). Projects are made under benchmarks/.work/scaling-<size>/.

Each command runs as a user runs it, start-up included, in a process of its
own; its CPU is what ``wait4`` reports for it and every worker process it
waited for, and its memory the largest resident set among them:

  extract             the first extract (templates written, catalogs merged)
  extract (same)      again, nothing changed
  extract (one edit)  after one statement got one more sentence
  status              with no check results kept (.stmtl10n-cache/checks/ removed)
  check               the same, for check
  check (same)        again, nothing changed
  status (same)       again, nothing changed
  export-tmx          every translation, drafts included (--include-fuzzy: the committed catalogs hold
                      drafts), to one TMX file; the copies share most segments, so units grow slowly
  build               --include-fuzzy --min-translated 0, so that every statement is written
  build (same)        again, nothing changed: each statement's outputs are replayed from its record

Then ``export_tmx`` runs twice more inside a Python process, the second time under
tracemalloc, whose peak is the memory the export itself allocates beyond what
the first loaded for good (CLDR, langdetect): flat when it streams.
First of all, ``stmtl10n --help`` and ``stmtl10n status`` on this repository
(4 statements x 3 languages), with and without kept check results.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
PYTHON = REPO / ".venv" / "bin" / "python"
STMTL10N = [str(PYTHON), "-m", "stmtl10n"]
ENV = dict(os.environ)

_TMX_PEAK = """
import sys, tracemalloc
from pathlib import Path
from stmtl10n.project import find_project
from stmtl10n.documents.tmx import export_tmx
project = find_project(Path(sys.argv[1]))
export_tmx(project, Path(sys.argv[2]), include_fuzzy=True)  # loads what every export loads once (CLDR, langdetect)
tracemalloc.start()
result = export_tmx(project, Path(sys.argv[2]), include_fuzzy=True)
current, peak = tracemalloc.get_traced_memory()
print(peak, result.units, Path(sys.argv[2]).stat().st_size)
"""


def measure(args: list[str], *, cwd: Path | None = None) -> tuple[float, float, float, str]:
    """Run a command: (wall seconds, CPU seconds with its children, peak resident MB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):  # 3: check found problems, build held some back
        raise SystemExit(f"{' '.join(map(str, args))}: exit code {code}")
    # On Linux, wait4's usage covers the process and every descendant it waited for (the worker pools).
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def make_project(root: Path, count: int) -> None:
    """A project of ``count`` statements made from the repository's statements and catalogs."""
    if root.exists():
        shutil.rmtree(root)
    (root / "statements").mkdir(parents=True)
    shutil.copy(REPO / "stmtl10n.toml", root / "stmtl10n.toml")
    originals = sorted((REPO / "statements").iterdir())
    langs = sorted(p.name for p in (REPO / "locales").iterdir() if p.is_dir())
    for number in range(count):
        original = originals[number % len(originals)]
        slug = f"copy-{number:04d}-{original.stem}"
        text = original.read_text(encoding="utf-8").rstrip("\n")
        own = f"This is copy {number} of the statement, first published on 3 March 2025 by {number + 2} groups."
        (root / "statements" / f"{slug}{original.suffix}").write_text(f"{text}\n\n{own}\n", encoding="utf-8")
        for lang in langs:
            catalog = REPO / "locales" / lang / "LC_MESSAGES" / f"{original.stem}.po"
            if catalog.exists():
                target = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(catalog, target)


def edit_one(root: Path) -> None:
    first = sorted((root / "statements").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence, added for the benchmark.\n",
                     encoding="utf-8")


def row(label: str, size: int, figures: tuple[float, float, float, str]) -> tuple[str, int, float, float, float]:
    wall, cpu, rss, _ = figures
    print(f"  {size:5} statements  {label:20} {wall:8.2f} s wall {cpu:8.2f} s CPU {rss:8.1f} MB peak RSS", flush=True)
    return label, size, wall, cpu, rss


def bench_size(size: int) -> list[tuple[str, int, float, float, float]]:
    root = WORK / f"scaling-{size}"
    make_project(root, size)
    cli = [*STMTL10N, "-C", str(root)]
    checks_cache = root / ".stmtl10n-cache" / "checks"
    rows = [row("extract", size, measure([*cli, "extract"]))]
    rows.append(row("extract (same)", size, measure([*cli, "extract"])))
    edit_one(root)
    rows.append(row("extract (one edit)", size, measure([*cli, "extract"])))
    shutil.rmtree(checks_cache, ignore_errors=True)
    rows.append(row("status", size, measure([*cli, "status"])))
    shutil.rmtree(checks_cache, ignore_errors=True)
    rows.append(row("check", size, measure([*cli, "check"])))
    rows.append(row("check (same)", size, measure([*cli, "check"])))
    rows.append(row("status (same)", size, measure([*cli, "status"])))
    tmx = root / "memory.tmx"
    rows.append(row("export-tmx", size, measure([*cli, "export-tmx", "--include-fuzzy", "-o", str(tmx)])))
    rows.append(row("build", size, measure([*cli, "build", "--include-fuzzy", "--min-translated", "0"])))
    rows.append(row("build (same)", size, measure([*cli, "build", "--include-fuzzy", "--min-translated", "0"])))
    *_, out = measure([str(PYTHON), "-c", _TMX_PEAK, str(root), str(root / "traced.tmx")])
    peak, units, file_size = (int(value) for value in out.split())
    print(f"  {size:5} statements  export_tmx under tracemalloc: peak {peak / 1e6:.1f} MB for {units} units, "
          f"a file of {file_size / 1e6:.1f} MB", flush=True)
    rows.append(("export-tmx traced peak MB", size, 0.0, 0.0, peak / 1e6))
    return rows


def start_up() -> None:
    figures = [measure([*STMTL10N, "--help"]) for _ in range(5)]
    best = min(figures, key=lambda f: f[1])
    print(f"stmtl10n --help (best of 5): {best[0]:.3f} s wall, {best[1]:.3f} s CPU")
    cache = REPO / ".stmtl10n-cache" / "checks"
    shutil.rmtree(cache, ignore_errors=True)
    cold = measure([*STMTL10N, "-C", str(REPO), "status"])
    warm = min((measure([*STMTL10N, "-C", str(REPO), "status"]) for _ in range(5)), key=lambda f: f[1])
    print(f"stmtl10n status on this repository (4 statements x 3 languages): no results kept {cold[0]:.3f} s wall, "
          f"{cold[1]:.3f} s CPU; results kept (best of 5) {warm[0]:.3f} s wall, {warm[1]:.3f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="Comma-separated numbers of statements.")
    parser.add_argument("--keep", action="store_true", help="Keep the projects under benchmarks/.work/.")
    parser.add_argument("--src", type=Path, default=None, help="Run the package from this source folder instead.")
    options = parser.parse_args()
    if options.src is not None:
        ENV["PYTHONPATH"] = str(options.src.resolve())
    sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    print(f"{os.cpu_count()} cores; CPU counts every worker process", flush=True)
    start_up()
    results = []
    for size in sizes:
        results += bench_size(size)
        if not options.keep:
            shutil.rmtree(WORK / f"scaling-{size}", ignore_errors=True)
    print("\nCPU seconds per statement (linear growth keeps it level):")
    labels = list(dict.fromkeys(label for label, *_ in results if not label.endswith("MB")))
    print(f"  {'':20}" + "".join(f"{size:>10}" for size in sizes))
    for label in labels:
        cells = {size: cpu / size for name, size, _, cpu, _ in results if name == label}
        print(f"  {label:20}" + "".join(f"{cells[size]:10.4f}" for size in sizes))
    print(f"  {'export-tmx traced MB':20}" + "".join(
        f"{rss:10.1f}" for name, _, _, _, rss in results if name.endswith("MB")))


if __name__ == "__main__":
    sys.exit(main())
