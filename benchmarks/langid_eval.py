"""Measure language identification on the labelled set: precision, recall and abstention, by length.

Run: .venv/bin/python benchmarks/langid_eval.py [tests/data/langid/segments.tsv]

Two views of the same set, with the candidates a project translating into
en, es, fr and ar would pass:

* ``detect_language(text)``: the verdict is a language or an abstention.
* the wrong-language check, ``is_language(text, lang) is False`` asked for each
  of the four languages: a flag is right when the text is not in ``lang``.
* extract's ``foreign_segments``: the whole set as the segments of a statement
  in each language; a flag is right when the segment is in another language.
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from stmtl10n.detect import (
    MAX_LANGDETECT_PER_STATEMENT,
    MIN_DETECT_CHARS,
    detect_language,
    foreign_segments,
    is_language,
)
from stmtl10n.model import Segment

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
    # Per bucket: pairs, flags (False), right flags, pairs that should be flagged, abstentions (None).
    flags = {name: {"pairs": 0, "flags": 0, "right": 0, "should": 0, "abstain": 0} for name in order}
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
            tally = flags[name]
            tally["pairs"] += 1
            tally["should"] += truth != lang
            tally["abstain"] += answer is None
            if answer is False:  # the check's verdict: "not in this language"
                tally["flags"] += 1
                tally["right"] += truth != lang
                if truth == lang:
                    wrong_cases.append(f"  check: {truth} text flagged as not {lang}: {text[:70]}")
            elif answer is True and truth != lang:
                wrong_cases.append(f"  check: {truth} text confirmed as {lang}: {text[:70]}")
    elapsed = time.perf_counter() - started

    languages = sorted({row["lang"] for row in rows})
    print(f"Labelled set: {path} ({len(rows)} segments in {', '.join(languages)}; candidates {', '.join(CANDIDATES)})")
    header = f"{'':<24} {'items':>6} {'verdicts':>8} {'wrong':>6} {'precision':>9} {'recall':>7} {'abstention':>10}"
    print("\ndetect_language(text): the language, or abstain")
    print(header)
    for name in order:
        print(detect[name].row(name))
    print("\nwrong-language check: is_language(text, lang) for each of the 4 languages; a flag is a False answer")
    print(f"{'':<24} {'pairs':>6} {'flags':>8} {'wrong':>6} {'precision':>9} {'recall':>7} {'abstention':>10}")
    for name in order:
        t = flags[name]
        precision = f"{t['right'] / t['flags']:.3f}" if t["flags"] else "  n/a"
        recall = t["right"] / t["should"] if t["should"] else 0.0
        print(f"{name:<24} {t['pairs']:>6} {t['flags']:>8} {t['flags'] - t['right']:>6} {precision:>9} "
              f"{recall:>7.3f} {t['abstain'] / t['pairs']:>10.3f}")
    print("\nforeign_segments(all segments, statement language): flags are segments taken as foreign")
    print("(the whole set is one statement here, and extract asks langdetect about at most "
          f"{MAX_LANGDETECT_PER_STATEMENT} segments per statement, so recall on Latin-script text is capped)")
    print(f"{'statement language':<24} {'items':>6} {'flags':>8} {'wrong':>6} {'precision':>9} {'recall':>7}")
    segments = [Segment(text=row["text"], kind="paragraph", line=number) for number, row in enumerate(rows, 2)]
    for lang in CANDIDATES:
        flagged = foreign_segments(segments, lang)
        right = sum(1 for index in flagged if rows[index]["lang"] != lang)
        should = sum(1 for row in rows if row["lang"] != lang)
        precision = f"{right / len(flagged):.3f}" if flagged else "  n/a"
        print(f"{lang:<24} {len(rows):>6} {len(flagged):>8} {len(flagged) - right:>6} {precision:>9} {right / should:>7.3f}")
        wrong_cases += [f"  foreign: {lang} segment flagged in a {lang} statement: {rows[i]['text'][:60]}"
                        for i in flagged if rows[i]["lang"] == lang]
    print(f"\nWrong verdicts: {len(wrong_cases)}")
    for line in wrong_cases:
        print(line)
    print(f"Time: {elapsed:.2f} s for {len(rows)} segments x (1 detect + {len(CANDIDATES)} checks)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET)
