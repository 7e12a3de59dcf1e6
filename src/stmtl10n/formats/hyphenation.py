"""Undo line-end hyphenation in hard-wrapped text: one word split by the wrapper, or a compound that keeps its hyphen.

A PDF extract of a justified statement breaks words at the line end with a
hyphen: ``im-`` / ``punity`` is "impunity", ``prevent-`` / ``ed.`` is
"prevented", but ``densely-`` / ``populated`` is the compound
"densely-populated" that merely fell at a line end.  Which one it is is read
from evidence, never guessed from the shape alone:

1. the document's own words: "impunity" written whole elsewhere in the
   statement, or "densely-populated" written with its hyphen inside a line;
2. a word list of the statement's language (Debian's ``/usr/share/dict``
   lists: ``wamerican``, ``wbritish``, ``wfrench``, ``wspanish``,
   ``wngerman``, ``witalian``, ``wportuguese``, which the Makefile
   installs): the joined word is a word, or both halves are words;
3. without a word list (or for a language none covers), the document's words
   alone: both halves written as words elsewhere make a compound.

When nothing says "compound" the hyphen goes: a hyphen at a line end in a
justified text is far more often the wrapper's than the author's.

Which list to use: the format is given no language, so each installed list is
tried on the document's own words and the one that knows most of them wins
(English first, so an English statement reads one list).  A list that knows
fewer than half of them is no list for that statement: an Arabic or Chinese
statement is judged on its own words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: Where Debian's word-list packages put their lists.
DICT_DIR = Path("/usr/share/dict")

#: The word lists tried, per language, in the order tried (Debian package in the comment).
WORD_LISTS: dict[str, tuple[str, ...]] = {
    "en": ("american-english", "british-english"),  # wamerican, wbritish
    "fr": ("french",),  # wfrench
    "es": ("spanish",),  # wspanish
    "de": ("ngerman",),  # wngerman
    "it": ("italian",),  # witalian
    "pt": ("portuguese",),  # wportuguese
}

# A list that knows this share of the document's common words is the document's language.
_SURE_SHARE = 0.8
_MIN_SHARE = 0.5
_SAMPLE_WORDS = 300  # the document's most frequent words are enough to tell its language
_MIN_SAMPLE_WORDS = 3  # a short statement still shows its language in a few words

# Letters only: a word's edges are found by stripping what is not a letter.
_LETTERS = re.compile(r"[^\W\d_]+")
#: The hyphens a wrapper leaves at a line end (U+00AD, the soft hyphen, always goes).
LINE_END_HYPHENS = "-\u2010\u00ad"
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True, slots=True)
class WordList:
    """The words of one language, lowercased."""

    lang: str
    words: frozenset[str]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self.words


class DocumentWords:
    """What a document itself says about its hyphenated words.

    ``whole`` counts every word written whole (lowercased, edge punctuation
    stripped, compounds kept with their hyphens and also counted by their
    parts); the halves of a word broken at a line end are not counted, since
    they are what is being decided.
    """

    __slots__ = ("whole",)

    def __init__(self, lines: Sequence[str]) -> None:
        whole: Counter[str] = Counter()
        skip_first = False
        for index, line in enumerate(lines):
            tokens = line.split()
            last = len(tokens) - 1
            for position, token in enumerate(tokens):
                if position == 0 and skip_first:
                    continue
                if position == last and _breaks_at_end(token) and index + 1 < len(lines):
                    continue
                word = _strip_to_letters(token)
                if word:
                    whole[word] += 1
                    if "-" in word:
                        whole.update(part for part in word.split("-") if part)
            skip_first = bool(tokens) and _breaks_at_end(tokens[-1])
        self.whole = whole

    def count(self, word: str) -> int:
        return self.whole[word.lower()]


def join_at_hyphen(head: str, tail: str, *, document: DocumentWords, words: WordList | None) -> bool:
    """Whether ``head-`` at a line end and ``tail`` on the next line are one word (True) or a compound (False).

    :param head: the letters before the hyphen ("im", "densely").
    :param tail: the letters the next line starts with ("punity", "populated").

    >>> document = DocumentWords(["a total im-", "punity; the densely-", "populated strip"])
    >>> join_at_hyphen("im", "punity", document=document, words=None)
    True
    >>> english = WordList("en", frozenset({"densely", "populated", "impunity"}))
    >>> join_at_hyphen("densely", "populated", document=document, words=english)
    False
    >>> join_at_hyphen("densely", "populated", document=DocumentWords(["densely populated"]), words=None)
    False
    """
    joined = (head + tail).lower()
    compound = f"{head}-{tail}".lower()
    as_one, as_compound = document.count(joined), document.count(compound)
    if as_one != as_compound:
        return as_one > as_compound
    if words is not None:
        if joined in words:
            return True
        if head in words and tail in words:
            return False
    # Both halves written as words of their own in this very document: a compound.
    return not (document.count(head) and document.count(tail))


def choose_word_list(document: DocumentWords) -> WordList | None:
    """The installed word list that knows most of the document's common words, or None.

    None when no list is installed, when the document has too few words to
    tell, or when the best list knows fewer than half of them (a language no
    list covers).
    """
    sample = [word for word, _ in document.whole.most_common(_SAMPLE_WORDS) if "-" not in word]
    if len(sample) < _MIN_SAMPLE_WORDS:
        return None
    best: WordList | None = None
    best_share = 0.0
    for lang in WORD_LISTS:
        words = load_word_list(lang)
        if words is None:
            continue
        share = sum(word in words.words for word in sample) / len(sample)
        if share > best_share:
            best, best_share = words, share
        if share >= _SURE_SHARE:
            break  # plainly this language: no need to read the others
    return best if best_share >= _MIN_SHARE else None


@cache
def load_word_list(lang: str) -> WordList | None:
    """The word list for ``lang`` from :data:`DICT_DIR`, all its files together, or None when none is installed."""
    words: set[str] = set()
    for name in WORD_LISTS.get(lang, ()):
        path = DICT_DIR / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not installed (or unreadable): the document's own words still decide
        words.update(_list_words(text.split("\n")))
    return WordList(lang, frozenset(words)) if words else None


def _list_words(lines: Iterable[str]) -> Iterable[str]:
    for line in lines:
        word = line.strip()
        # Debian's English lists carry possessives ("Gaza's"): the word itself is there too.
        if word and "'" not in word:
            yield word.lower()


def _breaks_at_end(token: str) -> bool:
    # "im-" or "densely-" at a line end, not a dash standing alone ("–", "-").
    return len(token) > 1 and token[-1] in LINE_END_HYPHENS and token[-2].isalpha()


def _strip_to_letters(token: str) -> str:
    # The token from its first letter to its last, lowercased: "(impunity)." is "impunity".
    first = _LETTERS.search(token)
    if first is None:
        return ""
    end = len(token)
    while not token[end - 1].isalpha():
        end -= 1
    return token[first.start():end].lower()
