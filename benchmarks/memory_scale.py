"""Translation memory at scale: index build, incremental refresh and lookup latency over 1,000 statements × 10 languages.

Generates a deterministic project (catalogs written directly, as extract and
reviewers would have left them), then prints the figures. Run:

    .venv/bin/python benchmarks/memory_scale.py [--statements 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stmtl10n.catalog import Catalog, Entry, render_catalog
from stmtl10n.memory import TranslationMemory, open_memory
from stmtl10n.project import find_project, init_project

LANGUAGES = ("es", "fr", "ar", "de", "it", "pt", "ru", "tr", "nl", "pl")
COMMON = (
    "the of and to in a is that for on with as by this their our all people against we are be it from an "
    "its which have has not at or who they was were will were also more solidarity struggle against occupation "
    "rights peoples freedom liberation resistance international workers land state support call"
).split()
SYLLABLES = "ka lo mi ne su ra to vi de pa no li ze ru ma te sa co fi gu".split()


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class _Zipf:
    """Words drawn by Zipf's law (weight 1/rank), as in real prose: the 60 commonest make ~45 % of the text."""

    def __init__(self, ranked: list[str]) -> None:
        self.words = ranked
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(ranked) + 1):
            total += 1 / rank
            self.cumulative.append(total)

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _sentence(rng: random.Random, words: _Zipf, count: int) -> str:
    return " ".join(words.draw(rng, count)).capitalize() + "."


def _edit(rng: random.Random, text: str, words_drawn: _Zipf) -> str:
    words = text.rstrip(".").split()
    words[rng.randrange(len(words))] = words_drawn.draw(rng, 1)[0]
    return " ".join(words) + "."


def _translate(text: str, lang: str) -> str:
    return f"{lang}: " + " ".join(reversed(text.split()))


def generate(root: Path, statements: int, seed: int = 1) -> dict[str, list[str]]:
    """Write the project; return sample sources: exact ones, edited ones (close matches) and novel ones."""
    rng = random.Random(seed)
    zipf = _Zipf(list(dict.fromkeys(COMMON)) + _vocabulary(rng, 20_000))
    slogans = [_sentence(rng, zipf, rng.randint(3, 6)) for _ in range(200)]
    standard = [_sentence(rng, zipf, rng.randint(20, 60)) for _ in range(2_000)]
    init_project(root, source_lang="en", languages=LANGUAGES)
    samples: dict[str, list[str]] = {"exact": [], "close": [], "novel": []}
    for number in range(statements):
        slug = f"statement-{number:04d}"
        sources = [_sentence(rng, zipf, rng.randint(5, 12))]  # heading
        sources += [_sentence(rng, zipf, rng.randint(15, 60)) for _ in range(rng.randint(12, 20))]
        sources += rng.sample(slogans, 3)
        sources += [_edit(rng, rng.choice(standard), zipf) if rng.random() < 0.5 else rng.choice(standard)
                    for _ in range(4)]
        sources = list(dict.fromkeys(sources))
        samples["exact"].append(rng.choice(sources))
        samples["close"].append(_edit(rng, rng.choice(sources[1:]), zipf))
        samples["novel"].append(_sentence(rng, zipf, 30))
        for lang in LANGUAGES:
            entries = []
            for source in sources:
                state = rng.random()
                if state < 0.1:
                    entries.append(Entry(source, references=[f"statements/{slug}.md:1"]))
                elif state < 0.3:
                    entries.append(Entry(source, _translate(source, lang), flags=["fuzzy"],
                                         translator_comments=["stmtl10n: mt deepl 2026-11-25"]))
                else:
                    entries.append(Entry(source, _translate(source, lang)))
            path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            header = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
            path.write_text(render_catalog(Catalog(lang, header=header, entries=entries)), encoding="utf-8")
    return samples


def _latencies(call: Callable[[str, str], object], queries: list[str]) -> tuple[float, float, float, int]:
    """p50 and p95 wall-clock milliseconds, mean CPU milliseconds, and how many lookups found something."""
    times = []
    hits = 0
    cpu_started = time.process_time()
    for number, query in enumerate(queries):
        lang = LANGUAGES[number % len(LANGUAGES)]
        started = time.perf_counter()
        found = call(query, lang)
        times.append(time.perf_counter() - started)
        hits += bool(found)
    cpu = (time.process_time() - cpu_started) / len(queries)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000, cpu * 1000, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="generate the project here and keep it")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="stmtl10n-memory-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    try:
        started = time.perf_counter()
        samples = generate(root, args.statements)
        files = list(root.glob("locales/*/LC_MESSAGES/*.po"))
        volume = sum(p.stat().st_size for p in files)
        print(f"generated {len(files):,} catalogs, {volume / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s")
        project = find_project(root)

        started = time.perf_counter()
        memory = open_memory(project)
        build = time.perf_counter() - started
        db = project.cache_dir / "memory.sqlite"
        size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
        translations = memory.size()

        started = time.perf_counter()
        memory.refresh()
        nothing = time.perf_counter() - started

        one = files[len(files) // 2]
        text = one.read_text(encoding="utf-8").replace('msgstr ""\n\n', 'msgstr "added in review"\n\n', 1)
        one.write_text(text, encoding="utf-8")
        stat = one.stat()
        os.utime(one, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        started = time.perf_counter()
        stats = memory.refresh()
        incremental = time.perf_counter() - started
        assert stats.indexed == 1, stats

        memory.close()
        with TranslationMemory(project) as memory:
            exact = _latencies(memory.exact, samples["exact"])
            close = _latencies(lambda q, lang: memory.close_matches(q, lang, limit=1), samples["close"])
            novel = _latencies(lambda q, lang: memory.close_matches(q, lang, limit=1), samples["novel"])
            # Pretranslate looks each new text up once per language: the word search is shared.
            every_language = [query for query in samples["close"][:100] for _ in LANGUAGES]
            shared = _latencies(lambda q, lang: memory.close_matches(q, lang, limit=1), every_language)

        print()
        print(f"{'memory of':34} {args.statements:,} statements × {len(LANGUAGES)} languages, "
              f"{translations:,} translations")
        print(f"{'index build (from nothing)':34} {build:8.2f} s")
        print(f"{'refresh, nothing changed':34} {nothing * 1000:8.1f} ms")
        print(f"{'refresh after editing 1 catalog':34} {incremental * 1000:8.1f} ms")
        print(f"{'database size':34} {size / 1e6:8.1f} MB")
        print(f"{'lookup':34} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'found':>9}")
        for label, (p50, p95, cpu, hits) in (("exact (source in memory)", exact),
                                             ("close (one word edited)", close),
                                             ("close, novel text (no match)", novel),
                                             ("close, each text in 10 languages", shared)):
            queries = len(every_language) if label.endswith("languages") else len(samples["exact"])
            print(f"{label:34} {p50:8.2f} {p95:8.2f} {cpu:8.2f} {hits:>5}/{queries}")
        print(f"(load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
