"""Align an existing human translation with its statement, segment by segment, and import it into the catalog."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stmtl10n._io import file_lock, read_statement
from stmtl10n.catalog import Entry, EntryState, read_catalog, write_catalog
from stmtl10n.checks.completeness import length_bounds
from stmtl10n.detect import detect_language
from stmtl10n.errors import CatalogError, ConfigError, FormatError
from stmtl10n.formats import format_for
from stmtl10n.locales import display_name
from stmtl10n.model import HEADING, LIST_ITEM, SIGNATORY, Segment
from stmtl10n.patterns import EMAIL_RE, find_urls, remove_urls
from stmtl10n.project import Project, list_statements

Method = Literal["structure", "length"]

#: Below this score a 1–1 pair of a length-based alignment is imported as fuzzy for review.
UNSURE_SCORE = 0.05
#: Translator comment prefix for what a reviewer should check in an aligned entry.
ALIGN_NOTE_PREFIX = "align: "

# Gale & Church (1993): how often each kind of match occurs between real
# translations.  Paragraphs are merged or split rarely, dropped more rarely.
_PRIOR = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.045, (1, 2): 0.045}
_PRIOR_COST = {move: -math.log(p) for move, p in _PRIOR.items()}

# Variance of the target length per source character: Gale & Church's 6.8,
# measured on sentences; on the paragraphs of benchmarks/align_accuracy.py
# neither 3 nor 10 did better.
_VARIANCE = 6.8
# How far from the diagonal the dynamic programme looks, as a share of the
# longer side (with a floor): translations keep the order of their statement.
_BAND_SHARE = 0.15
_BAND_MIN = 25


@dataclass(frozen=True, slots=True)
class _Model:
    """What the dynamic programme assumes: how often each kind of match occurs, and how unlikely lengths can be."""

    prior_cost: dict[tuple[int, int], float]
    # The least probability of a match's lengths, however far apart they are.
    length_floor: float


_ANY_COUNT = _Model(_PRIOR_COST, 1e-12)
# When the translation has as many blocks of the same kinds as the statement, a
# merge has to be undone by a split further on (a gap by an addition): each is
# ten times rarer; and a pair far apart in length is more likely a translator's
# note than a shift (probability 1e-3 at least, where Gale and Church's normal
# law gives a paragraph three times as long 1e-18).  On
# benchmarks/align_accuracy.py these keep every published translation block
# for block and still find every merge and split that cancel out.
_SAME_COUNT_RARITY = 10.0
_SAME_COUNT = _Model({move: cost if move == (1, 1) else cost + math.log(_SAME_COUNT_RARITY)
                      for move, cost in _PRIOR_COST.items()}, 1e-3)

# A number, its digits grouped or not ("25,000", "25.000", "25 000", Swiss "25'000", Arabic "25٬000").
_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?: \d{3})+(?!\d)|\d+(?:[.,'’٫٬]\d+)*")
# Whole numbers up to this are often spelled out in a translation ("3 days" → "tres días"), as the numbers check allows.
_SMALL_NUMBER = 10
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# After these, a capital starts a sentence and says nothing about a name.
_SENTENCE_OPENERS = frozenset(".!?:;\"“”«»¿¡(\u061f\u06d4")


@dataclass(frozen=True, slots=True)
class _Features:
    """What a block offers the aligner: its length and the anchors a translation keeps."""

    length: int
    kind: str
    level: int | None  # a heading's level
    marker: str | None  # a list item's marker
    strong: frozenset[str]  # numbers and URLs
    names: frozenset[str]  # capitalized words that do not start a sentence
    cognates: frozenset[str]  # first four letters of the longer words
    blocks: int = 1  # more than one for merged blocks (then kind, level and marker are the first's)
    has_heading: bool = False
    has_marker: bool = False
    words: frozenset[str] = frozenset()  # every word, folded and cut to four letters, to find the names in


def _merge(group: Sequence[_Features]) -> _Features:
    """Blocks taken together, as one side of a 2–1 or 1–2 match."""
    if len(group) == 1:
        return group[0]
    first = group[0]
    return _Features(
        sum(f.length for f in group), first.kind, first.level, first.marker,
        frozenset().union(*(f.strong for f in group)),
        frozenset().union(*(f.names for f in group)),
        frozenset().union(*(f.cognates for f in group)),
        blocks=len(group),
        has_heading=any(f.has_heading for f in group),
        has_marker=any(f.has_marker for f in group),
        words=frozenset().union(*(f.words for f in group)),
    )


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Source segments matched with translated segments (indices into each list).

    ``(3,) ↔ (3,)`` is a 1–1 match; ``(4, 5) ↔ (4,)`` two source segments
    the translator merged into one paragraph; ``(6,) ↔ ()`` a segment the
    translation left out.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float  # 0..1: how well lengths, anchors and block kinds agree
    is_unsure: bool = False  # import as fuzzy, for review
    reason: str = ""  # why it is unsure ("" when it is sure)

    @property
    def shape(self) -> str:
        """``1-1``, ``2-1``, ``1-2``, ``1-0`` or ``0-1``."""
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True, slots=True)
class Alignment:
    """Every source and translated segment, each in exactly one pair, in document order."""

    method: Method
    pairs: tuple[AlignedPair, ...]

    @property
    def unmatched_source(self) -> list[int]:
        return [i for pair in self.pairs if not pair.target for i in pair.source]

    @property
    def unmatched_target(self) -> list[int]:
        return [j for pair in self.pairs if not pair.source for j in pair.target]


# --------------------------------------------------------------------------- aligning


def align_segments(
    source: Sequence[Segment],
    target: Sequence[Segment],
    *,
    source_lang: str = "",
    lang: str = "",
) -> Alignment:
    """Match the segments of a statement with those of its translation.

    When both have the same number of segments with the same block kinds, the
    translation most likely kept the structure and segment *i* translates
    segment *i*, as po4a-gettextize assumes.  Equal counts are no proof,
    though: a merged paragraph and a split one further on cancel out.  So the
    structure is kept only when the length-based alignment, told that merges,
    splits and gaps then have to cancel out (and so are rarer), matches block
    *i* with block *i* too; otherwise its alignment is used.  When the counts
    or kinds differ, a Gale–Church alignment by dynamic programming over
    character lengths finds the likeliest sequence of 1–1, 2–1, 1–2, 1–0 and
    0–1 matches, with costs lowered by anchors both sides share (numbers,
    URLs, names in capitals, cognate words, list numbering, heading levels)
    and raised when they disagree.

    Whatever the method, a pair whose anchors disagree or whose length ratio is
    an outlier for the language pair (:func:`_disagreements`) is unsure, and
    says why in its ``reason``.

    :param source_lang: the statement's language, and ``lang`` the
        translation's, for the usual length ratio (:func:`length_bounds`);
        without them the same length is expected.
    """
    src = _features(source)
    tgt = _features(target)
    ratio = (sum(f.length for f in tgt) or 1) / (sum(f.length for f in src) or 1)
    texts = ([s.text for s in source], [t.text for t in target])
    if _same_structure(src, tgt):
        pairs = _dynamic_alignment(src, tgt, ratio, model=_SAME_COUNT)
        if all(pair.source == pair.target for pair in pairs):
            # The same blocks in the same order: pairs are sure unless their own anchors or lengths disagree.
            return Alignment("structure", tuple(_check_pairs(pairs, src, tgt, texts, source_lang=source_lang,
                                                             lang=lang)))
    else:
        pairs = _dynamic_alignment(src, tgt, ratio)
    return Alignment("length", tuple(_check_pairs(_mark_unsure(pairs), src, tgt, texts, source_lang=source_lang,
                                                  lang=lang)))


def _mark_unsure(pairs: list[AlignedPair]) -> list[AlignedPair]:
    """Merged, split and weak pairs are unsure, and so are 1–1 pairs next to a merge, split or gap.

    Where the two structures part, the alignment is most often wrong: on the
    benchmark's perturbed texts, two thirds of the wrong 1–1 pairs sat next to one.
    """
    marked = []
    for index, pair in enumerate(pairs):
        neighbours = pairs[max(0, index - 1):index] + pairs[index + 1:index + 2]
        if not pair.source or not pair.target:
            reason = "not in the translation" if pair.source else "not in the statement"
        elif pair.shape == "2-1":
            reason = "the translation merged these two paragraphs"
        elif pair.shape == "1-2":
            reason = "the translation split this paragraph in two"
        elif any(other.shape != "1-1" for other in neighbours):
            reason = "next to a merged, split or missing paragraph"
        elif pair.score < UNSURE_SCORE:
            reason = f"lengths and anchors match poorly (score {pair.score:.2f})"
        else:
            reason = ""
        marked.append(dataclasses.replace(pair, is_unsure=bool(reason), reason=reason))
    return marked


def _check_pairs(pairs: list[AlignedPair], src: Sequence[_Features], tgt: Sequence[_Features],
                 texts: tuple[Sequence[str], Sequence[str]], *, source_lang: str, lang: str) -> list[AlignedPair]:
    """The pairs, those whose anchors or lengths disagree made unsure, with the reasons."""
    checked = []
    for pair in pairs:
        if not pair.source or not pair.target:
            checked.append(pair)
            continue
        found = _disagreements(
            _merge([src[i] for i in pair.source]), _merge([tgt[j] for j in pair.target]),
            " ".join(texts[0][i] for i in pair.source), " ".join(texts[1][j] for j in pair.target),
            source_lang=source_lang, lang=lang,
        )
        if found:
            reason = "; ".join(filter(None, [pair.reason, *found]))
            pair = dataclasses.replace(pair, is_unsure=True, reason=reason)
        checked.append(pair)
    return checked


def _disagreements(a: _Features, b: _Features, source_text: str, target_text: str, *,
                   source_lang: str, lang: str) -> list[str]:
    """Why source block(s) ``a`` cannot be imported as translated by block(s) ``b``, or [] when they agree.

    * numbers: one the statement has and the translation not, or the other
      way round (a whole number up to ten may be spelled out, unless the
      other side has a number of its own: then it changed);
    * URLs and e-mail addresses: any the other side does not have, exactly;
    * list numbers: both blocks are numbered, differently;
    * names: each side has two names or more and none of them is among the
      other side's words (by their first four letters, accents and case aside);
    * length: the ratio is outside :func:`length_bounds` for the language pair.
    """
    reasons = []
    only_source, only_target = a.strong - b.strong, b.strong - a.strong
    numbers_source = sorted(x[1:] for x in only_source if x.startswith("#"))
    numbers_target = sorted(x[1:] for x in only_target if x.startswith("#"))
    if numbers_source and numbers_target:
        reasons.append(f"numbers differ: {_written(numbers_source, source_text)} in the statement, "
                       f"{_written(numbers_target, target_text)} in the translation")
    else:
        missing = [n for n in numbers_source if not _is_small(n)]
        added = [n for n in numbers_target if not _is_small(n)]
        if missing:
            reasons.append(f"{_plural(missing, 'number')} {_written(missing, source_text)} not in the translation")
        if added:
            reasons.append(f"{_plural(added, 'number')} {_written(added, target_text)} not in the statement")
    urls_source = sorted(x[1:] for x in only_source if x.startswith("@"))
    urls_target = sorted(x[1:] for x in only_target if x.startswith("@"))
    if urls_source and urls_target:
        reasons.append(f"links differ: {', '.join(urls_source)} in the statement, {', '.join(urls_target)} "
                       "in the translation")
    elif urls_source:
        reasons.append(f"{_plural(urls_source, 'link')} {', '.join(urls_source)} not in the translation")
    elif urls_target:
        reasons.append(f"{_plural(urls_target, 'link')} {', '.join(urls_target)} not in the statement")
    if a.marker and b.marker and a.marker[0].isdigit() and _marker_number(a.marker) != _marker_number(b.marker):
        reasons.append(f"list numbers differ: {a.marker} in the statement, {b.marker} in the translation")
    if (len(a.names) >= _NAMES_TO_COMPARE and len(b.names) >= _NAMES_TO_COMPARE
            and not any(_fold(name) in b.words for name in a.names)
            and not any(_fold(name) in a.words for name in b.names)):
        reasons.append(f"names differ: {_some(a.names)} in the statement, {_some(b.names)} in the translation")
    if a.length and b.length:
        low, high = length_bounds(a.length, source_lang, lang)
        if not low <= b.length / a.length <= high:
            known = _known(source_lang) and _known(lang)
            languages = f" from {display_name(source_lang)} to {display_name(lang)}" if known else ""
            reasons.append(f"{b.length} characters for {a.length}: the usual length{languages} is "
                           f"{a.length * low:.0f} to {a.length * high:.0f}")
    return reasons


# A name or two may be translated ("League", "Liga"); more names, none of them on the other side, is another text.
_NAMES_TO_COMPARE = 2


def _is_small(digits: str) -> bool:
    return int(digits) <= _SMALL_NUMBER


def _written(keys: Sequence[str], text: str) -> str:
    """Numbers as ``text`` writes them, from their digits: "25,000" for "25000"."""
    written = {re.sub(r"\D", "", match.group()): match.group() for match in _NUMBER.finditer(remove_urls(_plain(text)))}
    return ", ".join(written.get(key, key) for key in keys)


def _plural(items: Sequence[str], noun: str) -> str:
    return noun if len(items) == 1 else noun + "s"


def _some(names: frozenset[str], most: int = 3) -> str:
    shown = sorted(names)
    return ", ".join(shown[:most]) + (", …" if len(shown) > most else "")


def _fold(word: str) -> str:
    """A word without accents, in lower case, cut to four letters: "Liberación" and "Liberation" are both "libe"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:4]


def _features(segments: Sequence[Segment]) -> list[_Features]:
    result = []
    for segment in segments:
        strong, names = _anchors(segment.text)
        kind = _kind_family(segment.kind)
        words = frozenset(_fold(word) for word in _WORD.findall(segment.text))
        result.append(_Features(len(segment.text), kind, segment.level, segment.marker, strong, names,
                                _cognates(segment.text), has_heading=kind == HEADING, has_marker=bool(segment.marker),
                                words=words))
    return result


def _kind_family(kind: str) -> str:
    # A translated list of signatories may not be recognised as one (the heading
    # that announces it is in another language): it is still a list.
    return LIST_ITEM if kind == SIGNATORY else kind


def _same_structure(src: list[_Features], tgt: list[_Features]) -> bool:
    return len(src) == len(tgt) and all(a.kind == b.kind for a, b in zip(src, tgt, strict=False))


def _anchors(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a translator copies as it is: numbers and URLs (strong), names in capitals (weak).

    >>> strong, names = _anchors("Call of 25 March 2024 by BDS and McDonald, see https://bdsmovement.net")
    >>> sorted(strong), sorted(names)
    (['#2024', '#25', '@https://bdsmovement.net'], ['BDS', 'March', 'McDonald'])
    """
    plain = _plain(text)
    strong = {"@" + url for url in find_urls(plain)}
    without_urls = remove_urls(plain)
    strong.update("@" + address for address in EMAIL_RE.findall(without_urls))
    without_urls = EMAIL_RE.sub(" ", without_urls)
    for number in _NUMBER.findall(without_urls):
        # 25,000 / 25.000 / 25 000: compare the digits only.
        strong.add("#" + re.sub(r"\D", "", number))
    return frozenset(strong), frozenset(_names(without_urls))


def _plain(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text)
    # Arabic-Indic and other digits compare as ASCII digits.
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in plain)


def _names(text: str) -> Iterator[str]:
    """Capitalized words that do not start a sentence: names, which translations keep.

    >>> list(_names("Join BDS. Workers in Gaza and the UNRWA staff"))
    ['BDS', 'Gaza', 'UNRWA']
    """
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 2 or not word[0].isupper():
            continue
        before = text[:match.start()].rstrip()
        # Acronyms and inner capitals (GNU, McDonald) are names anywhere.
        if any(c.isupper() for c in word[1:]) or (before and before[-1] not in _SENTENCE_OPENERS):
            yield word


def _cognates(text: str) -> frozenset[str]:
    """Words of five letters or more by their first four: "project", "projet" and "proyecto" share "proj"/"proy"…

    Simard, Foster and Isabelle (1992) showed such cognates help align
    translations between languages that share vocabulary; between scripts they
    are simply absent.

    >>> sorted(_cognates("The Debian project publishes documentation"))
    ['debi', 'docu', 'proj', 'publ']
    """
    return frozenset(word[:4].lower() for word in _WORD.findall(text) if len(word) >= 5)


def _length_probability(source_length: int, target_length: int, ratio: float) -> float:
    """Gale & Church's two-tailed probability that lengths this different are translations."""
    mean = (source_length + target_length / ratio) / 2
    if mean == 0:
        return 1.0
    delta = (target_length - source_length * ratio) / math.sqrt(mean * _VARIANCE)
    return math.erfc(abs(delta) / math.sqrt(2))


def _match_cost(a: _Features, b: _Features, ratio: float, length_floor: float = _ANY_COUNT.length_floor) -> float:
    """How unlikely it is that source block(s) ``a`` translate into target block(s) ``b`` (0 is perfect).

    The Gale–Church length cost, plus evidence from anchors and block kinds.
    Anchor evidence adds up per anchor, so merging blocks earns nothing by itself.
    """
    cost = -math.log(max(_length_probability(a.length, b.length, ratio), length_floor))
    cost -= _SHARED_BONUS * len(a.strong & b.strong) + _NAME_BONUS * len(a.names & b.names)
    cost += _MISMATCH_PENALTY * min(len(a.strong ^ b.strong), 4)
    if a.cognates and b.cognates:
        cost -= _COGNATE_WEIGHT * 2 * len(a.cognates & b.cognates) / (len(a.cognates) + len(b.cognates))
    return cost + _kind_cost(a, b)


def _kind_cost(a: _Features, b: _Features) -> float:
    cost = 0.0
    if a.blocks > 1 or b.blocks > 1:
        # Translators merge or split paragraphs, seldom list items, never headings.
        if a.has_heading or b.has_heading:
            cost += _MERGED_HEADING_PENALTY
        elif a.has_marker or b.has_marker:
            cost += _MERGED_ITEM_PENALTY
    if a.kind != b.kind:
        cost += _KIND_PENALTY
    elif a.level != b.level:
        cost += _KIND_PENALTY / 2
    marker_a, marker_b = a.marker, b.marker
    if marker_a and marker_b:
        if _marker_number(marker_a) == _marker_number(marker_b):
            cost -= _SHARED_BONUS if marker_a[0].isdigit() else 0.0
        else:
            cost += _MISMATCH_PENALTY
    return cost


# Anchor and kind weights, in the same unit as the length cost (-log probability).
_SHARED_BONUS = 1.0
_NAME_BONUS = 0.5
_MISMATCH_PENALTY = 1.5
_KIND_PENALTY = 4.0
_MERGED_HEADING_PENALTY = 10.0
_MERGED_ITEM_PENALTY = 3.0
_COGNATE_WEIGHT = 3.0
# Extra cost of leaving a block unmatched, on top of its prior: grows with the root of its length.
_DROP_BASE = 0.0
_DROP_PER_ROOT_CHAR = 0.1


def _score(src: Sequence[_Features], tgt: Sequence[_Features], ratio: float) -> float:
    """A match's score from 0 to 1 for reports and the unsure threshold: exp(−cost), capped at 1."""
    if not src or not tgt:
        return 0.0
    return min(1.0, math.exp(-_match_cost(_merge(src), _merge(tgt), ratio)))


def _marker_number(marker: str) -> str:
    return re.sub(r"\D", "", marker) or marker


def _dynamic_alignment(src: list[_Features], tgt: list[_Features], ratio: float, *,
                       band: int | None = None, model: _Model = _ANY_COUNT) -> list[AlignedPair]:
    n, m = len(src), len(tgt)
    if band is None:
        band = max(_BAND_MIN, int(_BAND_SHARE * max(n, m)))
    inf = float("inf")
    # Merged neighbours, computed once: pairs[1][i] is blocks i and i+1 taken together.
    src_groups = {1: src, 2: [_merge(src[i:i + 2]) for i in range(max(n - 1, 0))]}
    tgt_groups = {1: tgt, 2: [_merge(tgt[j:j + 2]) for j in range(max(m - 1, 0))]}
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        # The diagonal of an n × m table runs through j = i·m/n.
        centre = int(i * m / n) if n else 0
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if i == 0 and j == 0:
                continue
            best, move = inf, None
            for di, dj in _PRIOR:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == inf:
                    continue
                a = src_groups[di][pi] if di else None
                b = tgt_groups[dj][pj] if dj else None
                total = cost[pi][pj] + _step_cost(a, b, ratio, model, (di, dj))
                if total < best:
                    best, move = total, (di, dj)
            cost[i][j], back[i][j] = best, move
    if back[n][m] is None and (n or m) and band <= max(n, m):
        # Outside the band (a translation with far more or fewer blocks): search the whole table.
        return _dynamic_alignment(src, tgt, ratio, band=max(n, m) + 1, model=model)
    return _trace(back, src, tgt, ratio)


def _step_cost(a: _Features | None, b: _Features | None, ratio: float, model: _Model, move: tuple[int, int]) -> float:
    prior = model.prior_cost[move]
    if a is None or b is None:
        # Leaving a block unmatched costs more the longer it is.
        only = a or b
        assert only is not None
        return prior + _DROP_BASE + math.sqrt(only.length) * _DROP_PER_ROOT_CHAR
    return prior + _match_cost(a, b, ratio, model.length_floor)


def _trace(back: list[list[tuple[int, int] | None]], src: list[_Features], tgt: list[_Features],
           ratio: float) -> list[AlignedPair]:
    pairs = []
    i, j = len(src), len(tgt)
    while i or j:
        move = back[i][j]
        assert move is not None  # every reachable cell has a way back to (0, 0)
        di, dj = move
        pairs.append(AlignedPair(tuple(range(i - di, i)), tuple(range(j - dj, j)),
                                 _score(src[i - di:i], tgt[j - dj:j], ratio)))
        i, j = i - di, j - dj
    pairs.reverse()
    return pairs


# --------------------------------------------------------------------------- splitting merged paragraphs

_SENTENCE_END = re.compile(r"(?<=[.!?؟。…:;])[\"'”’»)\]]*\s+")


def split_translation(text: str, source_lengths: Sequence[int]) -> list[str] | None:
    """Cut one translated paragraph into parts for the source segments it merges.

    The cut falls on sentence ends, where the share of characters before it is
    closest to the source's.  None when the paragraph has too few sentences.

    >>> split_translation("Uno dos. Tres cuatro cinco.", [7, 12])
    ['Uno dos.', 'Tres cuatro cinco.']
    """
    cuts = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
    parts_wanted = len(source_lengths)
    if len(cuts) < parts_wanted - 1:
        return None
    total_source = sum(source_lengths) or 1
    chosen: list[int] = []
    running = 0
    for length in source_lengths[:-1]:
        running += length
        goal = running / total_source * len(text)
        later = [c for c in cuts if not chosen or c > chosen[-1]]
        if not later:
            return None
        chosen.append(min(later, key=lambda c: abs(c - goal)))
    bounds = [0, *chosen, len(text)]
    parts = [text[a:b].strip() for a, b in itertools.pairwise(bounds)]
    return parts if all(parts) else None


# --------------------------------------------------------------------------- importing


@dataclass(slots=True)
class ImportedPair:
    """One aligned pair and what the import did with it."""

    pair: AlignedPair
    source_texts: list[str]
    target_texts: list[str]
    action: str = ""  # "imported", "imported as fuzzy", "kept reviewed translation", "not in catalog", "unmatched"


@dataclass(slots=True)
class AlignResult:
    """What ``align`` found and wrote."""

    statement: str
    lang: str
    translated_file: str
    catalog: str
    method: Method
    pairs: list[ImportedPair] = field(default_factory=list)
    imported: int = 0  # entries written as reviewed translations
    fuzzy: int = 0  # entries written as fuzzy, for review
    kept: int = 0  # reviewed translations left alone (no --overwrite)

    @property
    def unmatched_source(self) -> list[str]:
        return [t for p in self.pairs if not p.pair.target for t in p.source_texts]

    @property
    def unmatched_target(self) -> list[str]:
        return [t for p in self.pairs if not p.pair.source for t in p.target_texts]


@dataclass(slots=True)
class _Proposal:
    segment: Segment
    msgstr: str
    is_unsure: bool
    note: str | None
    imported: ImportedPair


def align_translation(
    project: Project,
    statement_name: str,
    translated_path: Path,
    *,
    lang: str,
    overwrite: bool = False,
    dry_run: bool = False,
) -> AlignResult:
    """Import an existing human translation of a statement into its catalog.

    The translated file is segmented with the reader for its extension,
    checked to be in ``lang``, aligned with :func:`align_segments`, and each
    pair's text becomes the msgstr of the source segment's entry, with the
    provenance ``aligned from <file>``.  Sure 1–1 pairs are imported as
    reviewed translations; merged, split and weak pairs, and pairs whose
    numbers, links, names, list numbers or lengths disagree, as fuzzy, with
    the reason in an ``align:`` note and in the pair's action.  When the
    translator merged two source segments into one paragraph, the paragraph is
    cut at the sentence end that best matches the source lengths and each part
    goes to its segment as fuzzy; with no sentence end to cut at, the whole
    paragraph goes to the first segment (fuzzy) and the second is left
    untranslated with a note saying where its text went.  Reviewed
    translations are kept unless ``overwrite``.

    :param dry_run: align and report, write nothing.
    :raises ConfigError: ``lang`` is not a language of the project.
    :raises FormatError: a file cannot be read, or the translation is in
        another language than ``lang``.
    :raises CatalogError: the statement has no catalog for ``lang`` yet.
    """
    project.require_languages((lang,))
    statement = list_statements(project, (statement_name,))[0]
    source_text = read_statement(project.root / statement.path, display=statement.path)
    shown_translation = project.relative(translated_path)
    translated_text = read_statement(translated_path, display=shown_translation)
    source_segments = format_for(statement.path, front_matter_keys=project.settings.front_matter_keys).extract(
        source_text, path=statement.path)
    target_segments = format_for(translated_path).extract(translated_text, path=shown_translation)

    _refuse_wrong_language(translated_text, target_segments, lang=lang, source_lang=project.settings.source_lang,
                           shown=shown_translation)
    alignment = align_segments(source_segments, target_segments, source_lang=project.settings.source_lang, lang=lang)
    po_path = project.catalog_path(statement.slug, lang)
    result = AlignResult(statement.slug, lang, shown_translation, project.relative(po_path), alignment.method)
    proposals = _proposals(alignment, source_segments, target_segments, result)
    if not po_path.exists():
        raise CatalogError(f"{result.catalog}: no catalog yet; run `stmtl10n extract` first")
    if dry_run:
        _apply(read_catalog(po_path, display=result.catalog).index(), proposals, result,
               provenance=f"aligned from {shown_translation}", overwrite=overwrite)
        return result
    with file_lock(project.lock_path(po_path)):
        # Re-read under the lock: another writer may have saved since we started.
        catalog = read_catalog(po_path, display=result.catalog)
        _apply(catalog.index(), proposals, result, provenance=f"aligned from {shown_translation}", overwrite=overwrite)
        if result.imported or result.fuzzy:
            write_catalog(po_path, catalog)
    return result


def _refuse_wrong_language(text: str, segments: Sequence[Segment], *, lang: str, source_lang: str, shown: str) -> None:
    # Signatory lists are names in every language: judge the prose only.
    prose = "\n".join(s.text for s in segments if s.kind != SIGNATORY) or text
    detected = detect_language(prose)
    if detected is None:
        return
    wanted = lang.split("_")[0]
    found = detected.replace("-", "_").split("_")[0]
    if found != wanted:
        hint = " (the statement's own language)" if found == source_lang.split("_")[0] else ""
        raise FormatError(
            f"{shown}: this text is in {display_name(found) if _known(found) else found}{hint}, "
            f"not {display_name(lang)}; pass the {display_name(lang)} translation, or the right --lang"
        )


def _known(code: str) -> bool:
    try:
        display_name(code)
    except ConfigError:
        return False
    return True


def _proposals(alignment: Alignment, source: Sequence[Segment], target: Sequence[Segment],
               result: AlignResult) -> list[_Proposal]:
    proposals = []
    for pair in alignment.pairs:
        imported = ImportedPair(pair, [source[i].text for i in pair.source], [target[j].text for j in pair.target])
        result.pairs.append(imported)
        if not pair.source or not pair.target:
            imported.action = "unmatched"
            continue
        texts = imported.target_texts
        if len(pair.source) == 1:
            # A split paragraph (1–2) becomes one msgstr again, as the source has it.
            proposals.append(_Proposal(source[pair.source[0]], " ".join(texts), pair.is_unsure, pair.reason or None,
                                       imported))
            continue
        parts = split_translation(texts[0], [len(source[i].text) for i in pair.source])
        if parts is not None:
            for i, part in zip(pair.source, parts, strict=False):
                proposals.append(_Proposal(source[i], part, True,
                                           "the translation merged this paragraph with the next or previous one; "
                                           "check where it was cut", imported))
        else:
            first, *rest = pair.source
            proposals.append(_Proposal(source[first], texts[0], True,
                                       "the translation merged this paragraph with the next one; "
                                       "this msgstr translates both", imported))
            for i in rest:
                proposals.append(_Proposal(source[i], "", True,
                                           "the translation merged this paragraph into the previous one", imported))
    return proposals


def _apply(index: dict[tuple[str | None, str], Entry], proposals: list[_Proposal], result: AlignResult, *,
           provenance: str, overwrite: bool) -> None:
    done: set[tuple[str | None, str]] = set()
    for proposal in proposals:
        key = proposal.segment.key
        entry = index.get(key)
        action = proposal.imported
        if entry is None:
            action.action = "not in catalog (run `stmtl10n extract`)"
            continue
        if key in done:
            continue  # a segment that occurs twice takes its first translation
        done.add(key)
        # A person's translation (reviewed, or a translation of the previous
        # source waiting to be adapted) is kept; drafts and empty entries take the import.
        # A person's translation of a changed source waits for adaptation: keep it too.
        awaiting = entry.state is EntryState.CHANGED and not entry.is_machine_written
        if (entry.state is EntryState.REVIEWED or awaiting) and not overwrite:
            result.kept += 1
            action.action = "kept reviewed translation" if entry.state is EntryState.REVIEWED else "kept a translation awaiting review"
            continue
        entry.translator_comments = [c for c in entry.translator_comments if not c.startswith(ALIGN_NOTE_PREFIX)]
        if proposal.note:
            entry.translator_comments.append(ALIGN_NOTE_PREFIX + proposal.note)
        if not proposal.msgstr:
            # Its text went to the previous entry: keep any draft it has, the note says the rest.
            action.action = "left for review (merged into the previous entry)"
            continue
        entry.msgstr = proposal.msgstr
        entry.set_provenance(provenance)
        entry.previous_msgid = None  # the translation is of the current text
        entry.previous_msgctxt = None
        if proposal.is_unsure:
            entry.set_fuzzy(True)
            result.fuzzy += 1
            action.action = f"imported as fuzzy ({action.pair.reason})" if action.pair.reason else "imported as fuzzy"
        else:
            entry.set_fuzzy(False)
            result.imported += 1
            action.action = "imported"
