"""Alignment accuracy of ``stmtl10n align`` on real parallel texts, as published and with paragraphs merged, split or dropped.

Run: .venv/bin/python benchmarks/align_accuracy.py [--seeds N] [--rate R]

The texts are in tests/data/parallel/ (see SOURCE.md there): English
documentation from Debian packages with its French and Spanish translations,
and a statement of statements/ with a Spanish translation written for these
tests; one block per line group.  For each pair it prints:

* as published: the translation has the same block structure; the share of
  source blocks aligned to the right translated block, by the structure rule
  that ``align`` uses, and by the length-based (Gale–Church) alignment alone,
  forced, to show it needs no help from the structure;
* perturbed: the translation with paragraphs merged with the next one, split
  at a sentence end, or dropped (each with probability R per paragraph,
  seeded); the share of source blocks whose aligned translated blocks are
  exactly the right ones (a merged pair must be 2–1 with the merged
  paragraph, a split one 1–2 with both halves, a dropped one 1–0);
* same count: one paragraph merged with the next and another split, in the
  same run of paragraphs, so that the translation has as many blocks of the
  same kinds as its statement and only the pairs themselves can show that
  the structure differs.

Under each scenario, "imported as reviewed" counts the pairs ``align`` would
import as translations (not fuzzy), and how many of them are wrong.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stmtl10n.formats import format_for
from stmtl10n.import_translation import (
    _dynamic_alignment,
    _features,
    align_segments,
)

DATA = ROOT / "tests" / "data" / "parallel"
STATEMENTS = ROOT / "statements"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ¿¡«\"(])")


@dataclass
class Outcome:
    right: int = 0
    total: int = 0

    def add(self, right: int, total: int) -> None:
        self.right += right
        self.total += total

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 100.0


def blocks_of(text: str) -> list[str]:
    return [block for block in text.strip("\n").split("\n\n") if block.strip()]


def is_paragraph(block: str) -> bool:
    return not re.match(r"(#|- |\d+\. )", block)


def perturb(blocks: list[str], rng: random.Random, rate: float, drop_rate: float) -> tuple[list[str], list[set[int]], dict[str, int]]:
    """The translation with edits, and for each original block the new blocks holding its text.

    Each paragraph is merged with the next paragraph with probability ``rate``,
    else split at a middle sentence end with probability ``rate`` (when it has
    one), else dropped with probability ``drop_rate``.
    """
    new: list[str] = []
    where: list[set[int]] = [set() for _ in blocks]
    counts = {"merged": 0, "split": 0, "dropped": 0}
    i = 0
    while i < len(blocks):
        block = blocks[i]
        roll = rng.random()
        if is_paragraph(block) and roll < rate and i + 1 < len(blocks) and is_paragraph(blocks[i + 1]):
            new.append(block + " " + blocks[i + 1])
            where[i].add(len(new) - 1)
            where[i + 1].add(len(new) - 1)
            counts["merged"] += 1
            i += 2
            continue
        if is_paragraph(block) and rate <= roll < 2 * rate:
            cuts = [m.start() for m in _SENTENCE_END.finditer(block)]
            if cuts:
                cut = cuts[len(cuts) // 2]
                new.extend([block[:cut], block[cut:].lstrip()])
                where[i].update({len(new) - 2, len(new) - 1})
                counts["split"] += 1
                i += 1
                continue
        if is_paragraph(block) and 2 * rate <= roll < 2 * rate + drop_rate:
            counts["dropped"] += 1
            i += 1
            continue
        new.append(block)
        where[i].add(len(new) - 1)
        i += 1
    return new, where, counts


def merge_and_split(blocks: list[str], rng: random.Random) -> tuple[list[str], list[set[int]]] | None:
    """The translation with one paragraph merged with the next and another split at a middle sentence end.

    Both edits fall in the same run of paragraphs, so the block count and the
    kinds stay those of the statement.  None when no run allows it.
    """
    cuts = {i: [m.start() for m in _SENTENCE_END.finditer(block)] for i, block in enumerate(blocks)}
    choices = []
    for merged in range(len(blocks) - 1):
        for split in range(len(blocks)):
            if split in (merged, merged + 1) or not cuts[split]:
                continue
            low, high = min(merged, split), max(merged + 1, split)
            if all(is_paragraph(blocks[i]) for i in range(low, high + 1)):
                choices.append((merged, split))
    if not choices:
        return None
    merged, split = rng.choice(choices)
    new: list[str] = []
    where: list[set[int]] = [set() for _ in blocks]
    for i, block in enumerate(blocks):
        if i == merged + 1:
            continue
        if i == merged:
            new.append(block + " " + blocks[i + 1])
            where[i].add(len(new) - 1)
            where[i + 1].add(len(new) - 1)
        elif i == split:
            cut = cuts[i][len(cuts[i]) // 2]
            new.extend([block[:cut], block[cut:].lstrip()])
            where[i].update({len(new) - 2, len(new) - 1})
        else:
            new.append(block)
            where[i].add(len(new) - 1)
    return new, where


def parallel_texts() -> list[tuple[Path, Path, str]]:
    """(statement, translation, language) for every translation in tests/data/parallel/.

    A translation's statement is the English text beside it, or else the
    statement of the same name in statements/.
    """
    found = []
    for path in sorted([*DATA.glob("*.md"), *DATA.glob("*.txt")]):
        stem, _, rest = path.name.partition(".")
        lang, _, ext = rest.partition(".")
        if lang == "en" or not ext or path.name == "SOURCE.md":
            continue
        english = DATA / f"{stem}.en.{ext}"
        source = english if english.exists() else STATEMENTS / f"{stem}.{ext}"
        if source.exists():
            found.append((source, path, lang))
    return found


def segments(text: str, name: str) -> list:
    return format_for(name).extract(text, path=name)


def score(alignment_pairs, truth: list[set[int]], sure: Outcome | None = None) -> tuple[int, int]:
    """Source blocks aligned right, of all; ``sure`` counts the pairs imported as reviewed (not fuzzy)."""
    right = 0
    for pair in alignment_pairs:
        pair_right = all(set(pair.target) == truth[i] for i in pair.source)
        for i in pair.source:
            right += set(pair.target) == truth[i]
        if sure is not None and pair.source and pair.target and not pair.is_unsure:
            sure.add(int(pair_right), 1)
    return right, len(truth)


SAME_COUNT = "same count, merged+split"


def _run(src: list, new_blocks: list[str], truth: list[set[int]], name: str, lang: str, sure: Outcome,
         pairs_total: dict[str, int], scenario: str) -> tuple[int, int, str]:
    """Align a perturbed translation: blocks right, blocks, and the method used."""
    ptgt = segments("\n\n".join(new_blocks) + "\n", name)
    assert len(ptgt) == len(new_blocks)
    result = align_segments(src, ptgt, source_lang="en", lang=lang)
    pairs_total[scenario] += sum(1 for pair in result.pairs if pair.source and pair.target)
    right, total = score(result.pairs, truth, sure)
    return right, total, result.method


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="perturbed variants per translation")
    parser.add_argument("--rate", type=float, default=0.1, help="chance per paragraph of a merge, and of a split")
    parser.add_argument("--drop-rate", type=float, default=0.03, help="chance per paragraph of a drop, in the third run")
    args = parser.parse_args()

    structure, length_only = Outcome(), Outcome()
    published_sure, published_pairs = Outcome(), 0
    scenarios = {"merged/split": (args.rate, 0.0), "merged/split/dropped": (args.rate, args.drop_rate)}
    totals = {name: Outcome() for name in [*scenarios, SAME_COUNT]}
    sure = {name: Outcome() for name in [*scenarios, SAME_COUNT]}
    pairs_total = dict.fromkeys([*scenarios, SAME_COUNT], 0)
    edits = {name: {"merged": 0, "split": 0, "dropped": 0} for name in scenarios}
    same_count_variants = same_count_structure = 0
    started = time.perf_counter()
    print(f"{'translation':28} {'blocks':>6} {'structure':>10} {'length only':>12} {'merged/split':>13} {'+dropped':>9} "
          f"{'same count':>11}")
    for source_path, translated, lang in parallel_texts():
        source_text = source_path.read_text(encoding="utf-8")
        src = segments(source_text, source_path.name)
        text = translated.read_text(encoding="utf-8")
        tgt = segments(text, translated.name)
        blocks = blocks_of(text)
        assert len(blocks) == len(tgt) == len(src), f"{translated.name}: one segment per block expected"
        identity = [{i} for i in range(len(src))]

        alignment = align_segments(src, tgt, source_lang="en", lang=lang)
        one = Outcome()
        one.add(*score(alignment.pairs, identity, published_sure))
        published_pairs += len(alignment.pairs)
        structure.add(one.right, one.total)

        sf, tf = _features(src), _features(tgt)
        ratio = sum(f.length for f in tf) / sum(f.length for f in sf)
        two = Outcome()
        two.add(*score(_dynamic_alignment(sf, tf, ratio), identity))
        length_only.add(two.right, two.total)

        row = []
        for name, (rate, drop_rate) in scenarios.items():
            this = Outcome()
            for seed in range(args.seeds):
                rng = random.Random(f"{translated.name}:{seed}")
                new_blocks, truth, counts = perturb(blocks, rng, rate, drop_rate)
                for key, value in counts.items():
                    edits[name][key] += value
                this.add(*_run(src, new_blocks, truth, translated.name, lang, sure[name], pairs_total, name)[:2])
            totals[name].add(this.right, this.total)
            row.append(this.percent)
        this = Outcome()
        for seed in range(args.seeds):
            variant = merge_and_split(blocks, random.Random(f"{translated.name}:same:{seed}"))
            if variant is None:
                continue
            new_blocks, truth = variant
            assert len(new_blocks) == len(blocks)
            right, total, method = _run(src, new_blocks, truth, translated.name, lang, sure[SAME_COUNT], pairs_total,
                                        SAME_COUNT)
            this.add(right, total)
            same_count_variants += 1
            same_count_structure += method == "structure"
        totals[SAME_COUNT].add(this.right, this.total)
        print(f"{translated.name:28} {len(src):6} {one.percent:9.1f}% {two.percent:11.1f}% "
              f"{row[0]:12.1f}% {row[1]:8.1f}% {this.percent:10.1f}%")
    print()
    print(f"as published (same structure), structure rule: {structure.right}/{structure.total} "
          f"blocks right = {structure.percent:.1f}%")
    print(f"    imported as reviewed: {published_sure.total}/{published_pairs} pairs, "
          f"{published_sure.total - published_sure.right} wrong; the rest fuzzy (their numbers, URLs, names or "
          "lengths disagree)")
    print(f"as published, length-based alignment alone:    {length_only.right}/{length_only.total} "
          f"blocks right = {length_only.percent:.1f}%")
    for name, outcome in totals.items():
        if name == SAME_COUNT:
            print(f"{name} ({same_count_variants} variants, one merge and one split each; "
                  f"{same_count_structure} aligned as the same structure): "
                  f"{outcome.right}/{outcome.total} blocks right = {outcome.percent:.1f}%")
        else:
            count = edits[name]
            print(f"{name} ({args.seeds} variants per translation; {count['merged']} merges, "
                  f"{count['split']} splits, {count['dropped']} drops): "
                  f"{outcome.right}/{outcome.total} blocks right = {outcome.percent:.1f}%")
        print(f"    imported as reviewed: {sure[name].total}/{pairs_total[name]} pairs, "
              f"{sure[name].total - sure[name].right} wrong ({sure[name].percent:.1f}% right); "
              "the rest imported as fuzzy for review")
    print(f"time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
