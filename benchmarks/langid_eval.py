"""Measure language identification on the labelled set: precision, recall and abstention, by length.

Run: .venv/bin/python benchmarks/langid_eval.py [tests/data/langid/segments.tsv]

Two views of the same set, with the candidates a project translating into
en, es, fr and ar would pass:

* ``detect_language(text)``: the verdict is a language or an abstention.
* the wrong-language check, ``is_language(text, lang) is False`` asked for each
  of the four languages: a flag is right when the text is not in ``lang``.
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from stmtl10n.detect import MIN_DETECT_CHARS, detect_language, is_language

CANDIDATES = ("en", "es", "fr", "ar")
DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "langid" / "segments.tsv"


@dataclass
class Tally:
    items: int = 0
    verdicts: int = 0
    correct: int = 0

    def add(self, *, decided: bool, right: bool) -> None:
        self.items += 1
        if decided:
            self.verdicts += 1
            self.correct += right

    def row(self, label: str) -> str:
        precision = f"{self.correct / self.verdicts:.3f}" if self.verdicts else "  n/a"
        recall = self.correct / self.items if self.items else 0.0
        abstention = 1 - self.verdicts / self.items if self.items else 0.0
        wrong = self.verdicts - self.correct
        return (f"{label:<24} {self.items:>6} {self.verdicts:>8} {wrong:>6} {precision:>9} "
                f"{recall:>7.3f} {abstention:>10.3f}")


def bucket(text: str) -> str:
    if len(text) < MIN_DETECT_CHARS:
        return f"under {MIN_DETECT_CHARS} chars"
    return "30-99 chars" if len(text) < 100 else "paragraphs (100+)"


def main(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    order = [f"under {MIN_DETECT_CHARS} chars", "30-99 chars", "paragraphs (100+)"]
    detect = {name: Tally() for name in order}
    flags = {name: Tally() for name in order}
    started = time.perf_counter()
    wrong_cases: list[str] = []
    for row in rows:
        text, truth = row["text"], row["lang"]
        name = bucket(text)
        verdict = detect_language(text, candidates=CANDIDATES)
        detect[name].add(decided=verdict is not None, right=verdict == truth)
        if verdict is not None and verdict != truth:
            wrong_cases.append(f"  detect: {truth} text taken for {verdict}: {text[:70]}")
        for lang in CANDIDATES:
            answer = is_language(text, lang, candidates=CANDIDATES)
            # A flag (False) is the check's verdict; True or None raises nothing.
            flags[name].add(decided=answer is False, right=answer is False and truth != lang)
            if answer is False and truth == lang:
                wrong_cases.append(f"  check: {truth} text flagged as not {lang}: {text[:70]}")
    elapsed = time.perf_counter() - started

    languages = sorted({row["lang"] for row in rows})
    print(f"Labelled set: {path} ({len(rows)} segments in {', '.join(languages)}; candidates {', '.join(CANDIDATES)})")
    header = f"{'':<24} {'items':>6} {'verdicts':>8} {'wrong':>6} {'precision':>9} {'recall':>7} {'abstention':>10}"
    print("\ndetect_language(text): the language, or abstain")
    print(header)
    for name in order:
        print(detect[name].row(name))
    print("\nwrong-language check: is_language(text, lang) is False, for each of the 4 languages")
    print("(items are text x language pairs; recall counts the 3 of 4 pairs where the text is in another language)")
    print(header)
    for name in order:
        tally = flags[name]
        # Recall here is over the pairs that should be flagged, not over all pairs.
        should = sum(1 for row in rows if bucket(row["text"]) == name) * (len(CANDIDATES) - 1)
        precision = f"{tally.correct / tally.verdicts:.3f}" if tally.verdicts else "  n/a"
        print(f"{name:<24} {tally.items:>6} {tally.verdicts:>8} {tally.verdicts - tally.correct:>6} {precision:>9} "
              f"{tally.correct / should if should else 0:>7.3f} {1 - tally.verdicts / tally.items:>10.3f}")
    print(f"\nWrong verdicts: {len(wrong_cases)}")
    for line in wrong_cases:
        print(line)
    print(f"Time: {elapsed:.2f} s for {len(rows)} segments x (1 detect + {len(CANDIDATES)} checks)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET)
