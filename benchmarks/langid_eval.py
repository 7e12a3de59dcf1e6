"""Measure language identification on the labelled set: precision, recall and abstention, by length.

Run: .venv/bin/python benchmarks/langid_eval.py [tests/data/langid/segments.tsv]

The set has text in the four languages of a project translating English into
Spanish, French and Arabic (en, es, fr, ar), and in languages beyond them
(de, pt, it, ca, gl, nl, tr, ru, fa, ur). What is measured, by length of the
text (under 30 characters, 30 to 99 with the headings of 30 to 45 apart, 100
and more):

* ``detect_language(text)``: the language, or an abstention (a verdict is
  wrong when it is not the text's language; Galician has no langdetect profile).
* ``detect_language(text, candidates=en, es, fr, ar)``: a candidate or None;
  a verdict is wrong when it is not the text's language (text in another
  language must get None).
* the wrong-language check (``check_wrong_language``) on each segment as the
  translation in the Spanish, French and Arabic catalogs: a flag (error or
  warning) is right when the text is not in the catalog's language; recall is
  over the pairs that should be flagged; abstention is ``is_language`` saying
  neither yes nor no. Errors (the check is sure) are counted apart, and so
  are the wrong yeses (``is_language`` taking the text for the catalog's
  language: no flag, a missed one).
* the same check in a catalog of each other language of the set (a project
  from English into that language alone): close languages the other way
  round (Spanish text in a Portuguese or Galician catalog, Arabic in Persian).
* German, Portuguese and Italian in a Spanish catalog, segment by segment.
* extract's ``foreign_segments``: the whole set as the segments of a statement
  in each language; a flag is right when the segment is in another language.
* the cost of the check per entry (the repository's catalogs and this set),
  with the per-text caches cleared so every call is a first call.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from stmtl10n import detect
from stmtl10n.catalog import Catalog, Entry, read_catalog
from stmtl10n.checks.base import ERROR, CheckContext
from stmtl10n.checks.language import check_wrong_language
from stmtl10n.detect import (
    MAX_LANGDETECT_PER_STATEMENT,
    MIN_DETECT_CHARS,
    detect_language,
    foreign_segments,
    is_language,
)
from stmtl10n.model import Problem, Segment

CANDIDATES = ("en", "es", "fr", "ar")
CATALOGS = ("es", "fr", "ar")
OTHER_CATALOGS = ("de", "pt", "it", "ca", "gl", "nl", "tr", "ru", "fa", "ur")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "tests" / "data" / "langid" / "segments.tsv"
SHORT, SENTENCES, HEADINGS, PARAGRAPHS = "under 30 chars", "30-99 chars", "  headings 30-45", "100+ chars"
BUCKETS = (SHORT, SENTENCES, HEADINGS, PARAGRAPHS)


def buckets(row: dict[str, str]) -> list[str]:
    length = len(row["text"])
    if length < MIN_DETECT_CHARS:
        return [SHORT]
    if length < 100:
        return [SENTENCES, HEADINGS] if row["kind"] == "heading" else [SENTENCES]
    return [PARAGRAPHS]


@dataclass
class Tally:
    items: int = 0
    verdicts: int = 0
    correct: int = 0
    should: int = 0  # items a right verdict exists for (recall's denominator)

    def add(self, *, decided: bool, right: bool, answerable: bool = True) -> None:
        self.items += 1
        self.should += answerable
        if decided:
            self.verdicts += 1
            self.correct += right

    def row(self, label: str) -> str:
        precision = f"{self.correct / self.verdicts:.3f}" if self.verdicts else "  n/a"
        recall = self.correct / self.should if self.should else 0.0
        abstention = 1 - self.verdicts / self.items if self.items else 0.0
        return (f"{label:<20} {self.items:>6} {self.verdicts:>8} {self.verdicts - self.correct:>6} {precision:>9} "
                f"{recall:>7.3f} {abstention:>10.3f}")


@dataclass
class FlagTally:
    pairs: int = 0
    should: int = 0  # pairs whose text is not in the catalog's language
    flags: int = 0
    right: int = 0
    errors: int = 0
    right_errors: int = 0
    abstain: int = 0
    wrong_yes: int = 0  # is_language said yes to text in another language

    def add(self, *, truth: str, lang: str, answer: bool | None, found: list[Problem]) -> None:
        """One segment (in ``truth``) judged as a translation into ``lang``: ``is_language``'s answer, the check's problems."""
        other = truth != lang
        self.pairs += 1
        self.should += other
        self.abstain += answer is None
        self.wrong_yes += answer is True and other
        if found:
            self.flags += 1
            self.right += other
            self.errors += found[0].severity == ERROR
            self.right_errors += found[0].severity == ERROR and other

    def row(self, label: str) -> str:
        precision = f"{self.right / self.flags:.3f}" if self.flags else "  n/a"
        error_precision = f"{self.right_errors / self.errors:.3f}" if self.errors else "  n/a"
        recall = self.right / self.should if self.should else 0.0
        return (f"{label:<20} {self.pairs:>6} {self.flags:>6} {self.flags - self.right:>6} {precision:>9} "
                f"{self.errors:>6} {self.errors - self.right_errors:>6} {error_precision:>9} {recall:>7.3f} "
                f"{self.abstain / self.pairs:>10.3f} {self.wrong_yes:>9}")


def context(lang: str, candidates: tuple[str, ...] = CANDIDATES) -> CheckContext:
    return CheckContext(statement="langid", lang=lang, source_lang="en", catalog=Catalog(locale=lang),
                        catalog_path=f"locales/{lang}/LC_MESSAGES/langid.po", candidates=candidates)


def as_entry(text: str) -> Entry:
    return Entry(msgid="(the source text)", msgstr=text, references=["langid.tsv:1"])


def clear_caches() -> None:
    """Forget every text seen: the next call on each is a first call."""
    for name in ("_evidence", "_langdetect"):
        cached = getattr(detect, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    detect._WORD_NGRAMS.clear()  # each word's n-grams, shared by the texts that have it


def per_call_microseconds(run: Callable[[], object], calls: int, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        clear_caches()
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best / calls * 1e6


def repository_entries() -> list[tuple[str, Entry]]:
    """Every translated entry of the repository's own catalogs (the worked example), with its language."""
    entries: list[tuple[str, Entry]] = []
    for path in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        lang = path.parts[-3]
        entries += [(lang, entry) for entry in read_catalog(path).entries if entry.msgstr]
    return entries


def run_check(items: Iterable[tuple[str, Entry]]) -> None:
    contexts = {lang: context(lang) for lang in ("en", *CATALOGS)}
    for lang, entry in items:
        list(check_wrong_language(contexts.get(lang) or context(lang), entry))


def main(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    languages = sorted({row["lang"] for row in rows})
    print(f"Labelled set: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
          f"({len(rows)} segments in {', '.join(languages)}; project languages {', '.join(CANDIDATES)})")
    wrong_cases: list[str] = []
    started = time.perf_counter()

    alone = {name: Tally() for name in BUCKETS}
    among = {name: Tally() for name in BUCKETS}
    check = {name: FlagTally() for name in BUCKETS}
    contexts = {lang: context(lang) for lang in CATALOGS}
    for row in rows:
        text, truth = row["text"], row["lang"]
        verdict = detect_language(text)
        candidate = detect_language(text, candidates=CANDIDATES)
        if verdict is not None and verdict != truth:
            wrong_cases.append(f"  detect: {truth} text taken for {verdict}: {text[:70]}")
        if candidate is not None and candidate != truth:
            wrong_cases.append(f"  detect among {'/'.join(CANDIDATES)}: {truth} text taken for {candidate}: {text[:60]}")
        results = []
        for lang in CATALOGS:
            found = list(check_wrong_language(contexts[lang], as_entry(text)))
            answer = is_language(text, lang, candidates=CANDIDATES)
            results.append((lang, found, answer))
            if found and truth == lang:
                wrong_cases.append(f"  check: {truth} text flagged in the {lang} catalog ({found[0].severity}): "
                                   f"{text[:60]}")
            if answer is True and truth != lang:
                wrong_cases.append(f"  is_language: {truth} text taken for {lang}: {text[:60]}")
        for name in buckets(row):
            alone[name].add(decided=verdict is not None, right=verdict == truth)
            among[name].add(decided=candidate is not None, right=candidate == truth,
                            answerable=truth in CANDIDATES)
            for lang, found, answer in results:
                check[name].add(truth=truth, lang=lang, answer=answer, found=found)
    elapsed = time.perf_counter() - started

    header = f"{'':<20} {'items':>6} {'verdicts':>8} {'wrong':>6} {'precision':>9} {'recall':>7} {'abstention':>10}"
    print("\ndetect_language(text): the language, among all langdetect knows, or abstain")
    print(header)
    for name in BUCKETS:
        print(alone[name].row(name))
    print(f"\ndetect_language(text, candidates={', '.join(CANDIDATES)}): one of them, or None "
          "(recall over the text in one of them)")
    print(header)
    for name in BUCKETS:
        print(among[name].row(name))
    print(f"\nwrong-language check, each segment as the translation in the {', '.join(CATALOGS)} catalogs "
          "(flags: errors and warnings)")
    print(f"{'':<20} {'pairs':>6} {'flags':>6} {'wrong':>6} {'precision':>9} {'errors':>6} {'wrong':>6} "
          f"{'err. prec.':>9} {'recall':>7} {'abstention':>10} {'wrong yes':>9}")
    for name in BUCKETS:
        print(check[name].row(name))

    print("\nthe same check in catalogs of the other languages (a project from English into each one alone)")
    print(f"{'catalog':<20} {'pairs':>6} {'flags':>6} {'wrong':>6} {'precision':>9} {'errors':>6} {'wrong':>6} "
          f"{'err. prec.':>9} {'recall':>7} {'abstention':>10} {'wrong yes':>9}")
    beyond = {name: FlagTally() for name in ("under 30 chars", "30+ chars")}
    for lang in OTHER_CATALOGS:
        other = context(lang, ("en", lang))
        for row in rows:
            text, truth = row["text"], row["lang"]
            found = list(check_wrong_language(other, as_entry(text)))
            answer = is_language(text, lang, candidates=("en", lang))
            beyond["under 30 chars" if len(text) < MIN_DETECT_CHARS else "30+ chars"].add(
                truth=truth, lang=lang, answer=answer, found=found)
            if found and truth == lang:
                wrong_cases.append(f"  check: {truth} text flagged in the {lang} catalog ({found[0].severity}): "
                                   f"{text[:60]}")
            if answer is True and truth != lang:
                wrong_cases.append(f"  is_language: {truth} text taken for {lang}: {text[:60]}")
    for name, tally in beyond.items():
        print(tally.row(name))
    print(f"({', '.join(OTHER_CATALOGS)}: {len(OTHER_CATALOGS)} catalogs, every segment in each)")

    print("\nGerman, Portuguese, Italian in a Spanish catalog (30 characters and more)")
    spanish = context("es")
    for lang in ("de", "pt", "it"):
        cases = [row["text"] for row in rows if row["lang"] == lang and len(row["text"]) >= MIN_DETECT_CHARS]
        problems = [list(check_wrong_language(spanish, as_entry(text))) for text in cases]
        flagged = sum(bool(found) for found in problems)
        errors = sum(bool(found) and found[0].severity == ERROR for found in problems)
        named = sum(bool(found) and f" in {display(lang)}" in found[0].message for found in problems)
        print(f"  {lang}: {flagged}/{len(cases)} flagged ({errors} errors, {named} naming {display(lang)})")
        for text, found in zip(cases, problems, strict=True):
            if not found:
                print(f"    missed: {text[:70]}")

    print("\nforeign_segments(all segments, statement language): flags are segments taken as foreign")
    print("(the whole set is one statement here, and extract asks langdetect about at most "
          f"{MAX_LANGDETECT_PER_STATEMENT} segments per statement, so recall on Latin-script text is capped)")
    print(f"{'statement language':<20} {'items':>6} {'flags':>8} {'wrong':>6} {'precision':>9} {'recall':>7}")
    segments = [Segment(text=row["text"], kind="paragraph", line=number) for number, row in enumerate(rows, 2)]
    for lang in CANDIDATES:
        flagged_segments = foreign_segments(segments, lang)
        right = sum(1 for index in flagged_segments if rows[index]["lang"] != lang)
        should = sum(1 for row in rows if row["lang"] != lang)
        precision = f"{right / len(flagged_segments):.3f}" if flagged_segments else "  n/a"
        print(f"{lang:<20} {len(rows):>6} {len(flagged_segments):>8} {len(flagged_segments) - right:>6} "
              f"{precision:>9} {right / should:>7.3f}")
        wrong_cases += [f"  foreign: {lang} segment flagged in a {lang} statement: {rows[i]['text'][:60]}"
                        for i in flagged_segments if rows[i]["lang"] == lang]
    print(f"\nWrong verdicts: {len(wrong_cases)}")
    for line in wrong_cases:
        print(line)
    print(f"Time for the tables above: {elapsed:.2f} s")

    print("\nCost per call, every text a first call (best of 3)")
    repository = repository_entries()
    labelled = [(lang, as_entry(row["text"])) for row in rows for lang in CATALOGS]
    print(f"  wrong-language check, the repository's catalogs ({len(repository)} entries): "
          f"{per_call_microseconds(lambda: run_check(repository), len(repository)):.0f} µs")
    print(f"  wrong-language check, this set in the {', '.join(CATALOGS)} catalogs ({len(labelled)} entries): "
          f"{per_call_microseconds(lambda: run_check(labelled), len(labelled)):.0f} µs")
    texts = [row["text"] for row in rows]
    print(f"  detect_language(text): "
          f"{per_call_microseconds(lambda: [detect_language(t) for t in texts], len(texts)):.0f} µs")
    print(f"  detect_language(text, candidates): "
          f"{per_call_microseconds(lambda: [detect_language(t, candidates=CANDIDATES) for t in texts], len(texts)):.0f} µs")


def display(lang: str) -> str:
    from stmtl10n.locales import display_name

    return display_name(lang)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_SET)
