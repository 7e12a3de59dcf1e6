"""How similar two texts are, for the whole package: GNU msgmerge's measure, computed by rapidfuzz."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rapidfuzz.distance import Indel

__all__ = ["msgmerge_similarity", "similarity", "word_similarity"]


def similarity(a: str, b: str, *, score_cutoff: float = 0.0) -> float:
    """How alike two texts are, character by character, from 0 (nothing shared) to 1 (equal).

    The measure is ``2·M / (len(a) + len(b))``, where ``M`` is the length of the
    longest common subsequence: rapidfuzz's normalized Indel similarity, the
    number gnulib's ``fstrcmp`` computes for msgmerge. A one-word edit in a long
    paragraph stays close to 1, and swapping two words costs both.

    :param score_cutoff: a result below it comes back as 0.0, and rapidfuzz stops
        early on such pairs: callers that only want good matches pass their
        threshold (or the best score so far) to prune cheaply.

    >>> similarity("Free Palestine!", "Free Palestine!")
    1.0
    >>> round(similarity("Glory to the martyrs", "Glory to the martyr"), 3)
    0.974
    >>> similarity("abcd", "abce")
    0.75
    >>> similarity("Hello", "world", score_cutoff=0.6)
    0.0
    >>> similarity("", "")
    1.0
    """
    return _indel_similarity(a, b, score_cutoff)


def word_similarity(a: Sequence[str], b: Sequence[str], *, score_cutoff: float = 0.0) -> float:
    """:func:`similarity` over lists of words instead of characters (the caller splits the texts).

    Each word is one unit, whatever its length: an edited word counts as a whole,
    as people read it. Use it where texts are compared as phrases (translation
    memory scores), not where msgmerge's choice must be reproduced.

    >>> word_similarity("a b c d".split(), "a b c e".split())
    0.75
    >>> round(word_similarity(["down", "with", "the", "wall"], ["down", "with", "walls"]), 3)
    0.571
    >>> word_similarity(["one"], ["two"], score_cutoff=0.5)
    0.0
    """
    return _indel_similarity(a, b, score_cutoff)


def msgmerge_similarity(a: str, b: str, *, score_cutoff: float = 0.0) -> float:
    """:func:`similarity` over the UTF-8 bytes of the texts: exactly what ``msgmerge`` compares.

    gnulib's ``fstrcmp`` works on ``char``, so a letter of two bytes (é, “, –)
    counts twice; near the 0.6 fuzzy threshold that decides a match, so a merge
    that must agree with msgmerge compares bytes too.

    >>> msgmerge_similarity("Café", "Cafe")  # 2·3 / (5 + 4): é is two bytes
    0.6666666666666666
    >>> similarity("Café", "Cafe")
    0.75
    """
    return _indel_similarity(a.encode("utf-8"), b.encode("utf-8"), score_cutoff)


def _indel_similarity(a: Sequence[Hashable], b: Sequence[Hashable], score_cutoff: float) -> float:
    total = len(a) + len(b)
    if not total:
        return 1.0  # fstrcmp's answer too: two empty texts are the same text
    if score_cutoff <= 0:
        edits = Indel.distance(a, b)
    else:
        # One edit of slack against rounding: the exact comparison below decides.
        edits = Indel.distance(a, b, score_cutoff=int(total * (1 - score_cutoff)) + 1)
    # fstrcmp's own arithmetic, (total − edits) / total, so a score equals msgmerge's
    # double bit for bit and ties and the threshold fall the same way.
    score = (total - edits) / total
    return score if score >= score_cutoff else 0.0
