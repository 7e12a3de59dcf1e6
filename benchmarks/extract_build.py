"""Time extract and build on a generated Markdown corpus, beside po4a, Translate Toolkit and mdpo.

Usage: .venv/bin/python benchmarks/extract_build.py [--statements 100] [--runs 3] [--targets-only]

The corpus is deterministic (seeded): about 100 statements of about 23 KB each,
2.3 MB in all, with headings, paragraphs full of links and emphasis, numbered
demands, signatory lists, tables and block quotes. The peers are installed into
benchmarks/.work/ on first use (Translate Toolkit and mdpo from PyPI, each in a
venv of its own because both install `md2po`/`po2md`; po4a from Debian).

Each tool is timed as a user would run it, start-up included:
  stmtl10n    one `stmtl10n extract` and `stmtl10n build` for the whole project, the build three ways:
              cold (it checks every translation it publishes), after `stmtl10n check` (the check
              results are kept, so the build pays only its own cost), and again with nothing changed
  po4a        one `po4a-updatepo` with every file; one `po4a-translate` per file
  ttk         one `md2po` and one `po2md` over the folder
  mdpo        one `md2po` over a glob; one `po2md` per file
Build runs on catalogs whose every msgstr is filled, so every tool writes translated text.

CPU time varies by about ±15% from run to run on a shared machine, so one run
is no verdict on a ratio: every figure is the median of --runs runs, in which
the tools take turns. --targets-only leaves out what the targets do not compare
(mdpo, and po4a's build of a file at a time, 95 s): --runs 5 then takes 6 minutes.

Why three stmtl10n builds: the peers publish whatever the catalogs hold, while a
stmtl10n build first checks each translation it would publish (a lost link, a
changed number, text in the wrong language keeps a statement from being
written). The cold build is that check plus the build; the build after
`stmtl10n check` is what building costs once the checks are done, the figure
comparable with the peers' (the table's build column); the build with nothing
changed shows that an unchanged project costs almost nothing.

Every stmtl10n step after extract loads what an earlier one read instead of
parsing again (.stmtl10n-cache/readings/: each statement's segments, kept by
extract, and each catalog as polib read it, kept by whichever step parsed that
very file first). The cold build parses the filled catalogs itself; the
check after it finds them kept.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
REPO = HERE.parent
STMTL10N = REPO / ".venv" / "bin" / "stmtl10n"
PYTHON = REPO / ".venv" / "bin" / "python"

WORDS = (
    "solidarity people liberation struggle international call resistance occupation workers peoples "
    "freedom justice rights land return organizations parties movement campaign support against "
    "demand end siege right self-determination women children youth prisoners refugees cities "
    "villages schools hospitals water energy treaty court resolution council assembly governments "
    "boycott companies relations days action week statement coalition unions students farmers"
).split()
FUNCTION_WORDS = "the of and to in for with their our we all from by on that is are against".split()
COUNTRIES = ["South Africa", "Argentina", "Chile", "Spain", "Egypt", "Tunisia", "United States",
             "Palestine", "Brazil", "Italy", "Jordan", "Lebanon", "Morocco", "Kenya", "India"]


def _sentence(rng: random.Random) -> str:
    # Every other word a function word, as in real prose (and as language identification expects).
    words = [rng.choice(WORDS) if i % 2 == 0 else rng.choice(FUNCTION_WORDS) for i in range(rng.randint(8, 22))]
    if rng.random() < 0.35:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{rng.choice(WORDS)}/{rng.randint(1, 999)})"
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99)},{rng.randint(100, 999)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "!", ";"])


def _paragraph(rng: random.Random, wrap: bool) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
    if not wrap:
        return text
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def make_statement(rng: random.Random, number: int, target_size: int = 23_000) -> str:
    parts = [f"# Statement {number}: {_sentence(rng)[:-1]}", ""]
    while sum(len(p) + 1 for p in parts) < target_size:
        kind = rng.random()
        if kind < 0.55:
            parts += [_paragraph(rng, wrap=rng.random() < 0.5), ""]
        elif kind < 0.65:
            parts += [f"## {_sentence(rng)[:-1]}", ""]
        elif kind < 0.78:
            parts += [f"{i}. {_sentence(rng)}" for i in range(1, rng.randint(3, 7))] + [""]
        elif kind < 0.86:
            parts += [f"- {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}, "
                      f"{rng.choice(WORDS).title()} Party, {rng.choice(COUNTRIES)}" for _ in range(rng.randint(5, 15))] + [""]
        elif kind < 0.93:
            parts += ["| Date | Action | Place |", "| --- | --- | --- |"]
            parts += [f"| {rng.randint(1, 28)} November | {_sentence(rng)[:-1]} | {rng.choice(COUNTRIES)} |" for _ in range(3)]
            parts += [""]
        else:
            parts += ["> " + _paragraph(rng, wrap=False), ""]
    return "\n".join(parts) + "\n"


def make_corpus(folder: Path, count: int) -> int:
    rng = random.Random(20261125)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(1, count + 1):
        text = make_statement(rng, number)
        (folder / f"statement-{number:03d}.md").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def ensure_peers() -> dict[str, Path]:
    """Install the peer tools into benchmarks/.work/ (once) and return their bin folders."""
    bins = {}
    for name, requirement in (("ttk", "translate-toolkit[markdown]==3.20.4"), ("mdpo", "mdpo==2.1.4")):
        venv = WORK / f"venv-{name}"
        if not (venv / "bin" / "md2po").exists():
            print(f"setting up {name} in {venv} ...", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", requirement], check=True)
        bins[name] = venv / "bin"
    if not shutil.which("po4a-updatepo"):
        print("installing po4a from Debian ...", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "po4a"], check=True)
    return bins


def run(cmd: list[str], *, ok: tuple[int, ...] = (0,), **kwargs: object) -> None:
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    if done.returncode not in ok:
        raise subprocess.CalledProcessError(done.returncode, cmd)


# CPU seconds of the child processes of each timed step, one figure per run: on a machine shared
# with other work, wall time varies from run to run while CPU time varies less (about ±15% here);
# the figures reported are medians over the runs.
CPU_SECONDS: dict[str, list[float]] = {}


def timed(label: str, action) -> float:  # type: ignore[no-untyped-def]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU_SECONDS.setdefault(label, []).append(cpu)
    print(f"  {label:40} {elapsed:7.2f} s wall {cpu:7.2f} s CPU", file=sys.stderr)
    return elapsed


def fill_catalogs(paths: list[Path]) -> None:
    """Give every entry a translation so builds write translated text.

    polib, not stmtl10n's reader: Translate Toolkit's md2po writes duplicate
    entries, which stmtl10n refuses as a malformed catalog.
    """
    code = (
        "import sys, polib\n"
        "for p in sys.argv[1:]:\n"
        "    po = polib.pofile(p)\n"
        "    for e in po:\n"
        "        if e.msgid and not e.obsolete:\n"
        "            e.msgstr = e.msgid.replace('the', 'la')\n"
        "    po.save(p)\n"
    )
    subprocess.run([str(PYTHON), "-c", code, *map(str, paths)], check=True)


def bench_stmtl10n(corpus: Path, root: Path) -> tuple[float, float]:
    project = root / "stmtl10n"
    shutil.rmtree(project, ignore_errors=True)
    (project / "locales").mkdir(parents=True)
    shutil.copytree(corpus, project / "statements")
    # One target language, so stmtl10n writes what the peers write: a template and one catalog per statement.
    (project / "stmtl10n.toml").write_text('source-lang = "en"\nlanguages = ["es"]\n', encoding="utf-8")
    extract = timed("stmtl10n extract", lambda: run([str(STMTL10N), "-C", str(project), "extract"]))
    extract_floor(corpus, root)
    fill_catalogs(sorted((project / "locales" / "es" / "LC_MESSAGES").glob("*.po")))
    # Exit 3: build checked every translation and held back those with errors (the generated fills
    # have some); it wrote the rest.
    command = [str(STMTL10N), "-C", str(project), "build", "--min-translated", "0"]
    timed("stmtl10n build (cold: checks included)", lambda: run(command, ok=(0, 3)))
    # The same build after `stmtl10n check`, whose results build reuses: the build's own cost.
    shutil.rmtree(project / "build", ignore_errors=True)
    shutil.rmtree(project / ".stmtl10n-cache" / "build", ignore_errors=True)
    timed("stmtl10n check", lambda: run([str(STMTL10N), "-C", str(project), "check"], ok=(0, 3)))
    build = timed("stmtl10n build (after check)", lambda: run(command, ok=(0, 3)))
    timed("stmtl10n build (nothing changed)", lambda: run(command, ok=(0, 3)))
    return extract, build


FLOOR_CODE = """
import sys, time
from pathlib import Path
started = time.process_time()
from stmtl10n.catalog import read_catalog, render_catalog
from stmtl10n.formats.markdown import _parser
imports = time.process_time() - started
texts = [path.read_text(encoding="utf-8") for path in sorted(Path(sys.argv[1]).glob("*.md"))]
templates = [read_catalog(path) for path in sorted(Path(sys.argv[2]).glob("*.pot"))]
parser = _parser()
started = time.process_time()
for text in texts:
    parser.parse(text)
block_pass = time.process_time() - started
started = time.process_time()
for template in templates:
    render_catalog(template)
    render_catalog(template)  # the catalog extract writes beside each template: as large, its msgstrs empty
writing = time.process_time() - started
print(imports, block_pass, writing)
"""


def extract_floor(corpus: Path, root: Path) -> None:
    """What any extract built on markdown-it-py and a gettext-exact PO writer must spend, in CPU seconds.

    The imports, markdown-it's block pass over every statement, and writing each
    template and catalog (rendering only): what is left of stmtl10n's extract is
    its own reading (segments, signatory lists, line breaks), merging and locking.
    """
    done = subprocess.run([str(PYTHON), "-c", FLOOR_CODE, str(corpus), str(root / "stmtl10n" / "locales")],
                          check=True, capture_output=True, text=True)
    imports, block_pass, writing = (float(part) for part in done.stdout.split())
    for part, value in (("imports", imports), ("block_pass", block_pass), ("writing", writing)):
        FLOOR.setdefault(part, []).append(value)


FLOOR: dict[str, list[float]] = {}  # each part's CPU seconds, one figure per run


def _ratios(ours: str, peer: str) -> list[float]:
    """Our CPU seconds over the peer's, run by run."""
    return [a / b for a, b in zip(CPU_SECONDS[ours], CPU_SECONDS[peer], strict=True)]


def bench_po4a(corpus: Path, root: Path, *, build: bool = True) -> tuple[float, float]:
    out = root / "po4a"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    files = sorted(corpus.glob("*.md"))
    masters = [arg for f in files for arg in ("-m", str(f))]
    pot = out / "all.po"
    extract = timed("po4a-updatepo", lambda: run(
        ["po4a-updatepo", "-f", "text", "-o", "markdown", "-M", "UTF-8", *masters, "-p", str(pot)]))
    if not build:
        return extract, 0.0  # a build of 0 s: no figure, left out of the comparison
    fill_catalogs([pot])

    def translate() -> None:
        for f in files:
            run(["po4a-translate", "-f", "text", "-o", "markdown", "-M", "UTF-8", "-m", str(f),
                 "-p", str(pot), "-l", str(out / f.name), "-k", "0"])

    return extract, timed("po4a-translate (per file)", translate)


def bench_ttk(corpus: Path, root: Path, bin_dir: Path) -> tuple[float, float]:
    out = root / "ttk"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    extract = timed("translate-toolkit md2po", lambda: run(
        [str(bin_dir / "md2po"), "-i", str(corpus), "-o", str(out / "po")]))
    fill_catalogs(sorted((out / "po").glob("*.po")))
    build = timed("translate-toolkit po2md", lambda: run(
        [str(bin_dir / "po2md"), "-i", str(out / "po"), "-t", str(corpus), "-o", str(out / "md")]))
    return extract, build


def bench_mdpo(corpus: Path, root: Path, bin_dir: Path) -> tuple[float, float]:
    out = root / "mdpo"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    po = out / "all.po"
    extract = timed("mdpo md2po", lambda: run(
        [str(bin_dir / "md2po"), str(corpus / "*.md"), "--po-filepath", str(po), "-s", "-q"]))
    fill_catalogs([po])
    files = sorted(corpus.glob("*.md"))

    def build() -> None:
        for f in files:
            run([str(bin_dir / "po2md"), str(f), "--pofiles", str(po), "-s", str(out / f.name), "-q"])

    return extract, timed("mdpo po2md (per file)", build)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool; the median is reported")
    parser.add_argument("--work", type=Path, default=WORK / "extract_build",
                        help="the folder for the corpus and the tools' outputs (two runs at once need two)")
    parser.add_argument("--targets-only", action="store_true",
                        help="only what the targets compare (stmtl10n, po4a's extract, Translate Toolkit): "
                             "about 75 s a run instead of 6 minutes, so that --runs 5 is affordable")
    args = parser.parse_args()

    bins = ensure_peers()
    root = args.work
    corpus = root / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    size = make_corpus(corpus, args.statements)
    print(f"corpus: {args.statements} Markdown statements, {size / 1e6:.2f} MB", file=sys.stderr)

    tools = {
        "stmtl10n": lambda: bench_stmtl10n(corpus, root),
        "po4a": lambda: bench_po4a(corpus, root, build=not args.targets_only),
        "translate-toolkit": lambda: bench_ttk(corpus, root, bins["ttk"]),
        "mdpo": lambda: bench_mdpo(corpus, root, bins["mdpo"]),
    }
    if args.targets_only:
        del tools["mdpo"]
    results: dict[str, tuple[float, float]] = {}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    for _ in range(args.runs):  # the tools take turns, so a slow spell of the machine spreads over all
        for name, bench in tools.items():
            runs[name].append(bench())
    for name, figures in runs.items():
        results[name] = (statistics.median(r[0] for r in figures), statistics.median(r[1] for r in figures))

    print(f"\nExtract and build of {args.statements} statements ({size / 1e6:.2f} MB), median of {args.runs} runs")
    print(f"{'tool':20} {'extract s':>10} {'build s':>10}   (wall time; stmtl10n's build is the one after"
          " `stmtl10n check`; po4a's build is left out with --targets-only)")
    for name, (extract, build) in results.items():
        print(f"{name:20} {extract:10.2f} {build:10.2f}")
    cpu = {label: statistics.median(figures) for label, figures in CPU_SECONDS.items()}
    print(f"CPU seconds, median of {args.runs} runs:", ", ".join(f"{label} {value:.2f}" for label, value in cpu.items()))
    if args.runs > 1:
        print("CPU seconds, each run:", "; ".join(
            f"{label} {' '.join(f'{value:.2f}' for value in figures)}" for label, figures in CPU_SECONDS.items()))
    peers = {k: v for k, v in results.items() if k != "stmtl10n"}
    fastest_extract = min(v[0] for v in peers.values())
    fastest_build = min(v[1] for v in peers.values() if v[1] > 0)
    ours = results["stmtl10n"]
    print(f"\nstmtl10n / fastest peer: extract {ours[0] / fastest_extract:.2f}, build {ours[1] / fastest_build:.2f} "
          "(target: at most 0.50 each)")
    print(f"in CPU seconds, medians: extract {cpu['stmtl10n extract'] / cpu['po4a-updatepo']:.2f} x po4a, "
          f"build after check {cpu['stmtl10n build (after check)'] / cpu['translate-toolkit po2md']:.2f} x "
          f"Translate Toolkit (cold, checks included: "
          f"{cpu['stmtl10n build (cold: checks included)'] / cpu['translate-toolkit po2md']:.2f} x); "
          f"build with nothing changed {cpu['stmtl10n build (nothing changed)']:.2f} s")
    if args.runs > 1:
        # Each run's own ratio pairs figures taken minutes apart at most: a slow spell of the machine
        # weighs on both sides of it, where the ratio of two medians may take them from different runs.
        print("ratio in each run, then its median: " + "; ".join(
            f"{name} {' '.join(f'{value:.2f}' for value in ratios)} (median {statistics.median(ratios):.2f})"
            for name, ratios in (
                ("extract / po4a", _ratios("stmtl10n extract", "po4a-updatepo")),
                ("build after check / Translate Toolkit", _ratios("stmtl10n build (after check)", "translate-toolkit po2md")),
            )))
    parts = {part: statistics.median(figures) for part, figures in FLOOR.items()}
    floor = sum(parts.values())
    print(f"extract's floor (imports {parts['imports']:.2f} + markdown-it's block pass {parts['block_pass']:.2f} + "
          f"writing the PO files {parts['writing']:.2f}): {floor:.2f} s CPU, "
          f"{floor / cpu['po4a-updatepo']:.2f} x po4a")


if __name__ == "__main__":
    main()
