"""The checks' shortcuts give what the long way gives: n-grams word by word, plain text's tokens, shared plain text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from langdetect.detector import Detector

from stmtl10n import detect
from stmtl10n.catalog import Catalog, read_catalog
from stmtl10n.checks import base, numbers
from stmtl10n.checks.base import CheckContext
from stmtl10n.detect import clean_for_detection, is_language, judge_language, script_share, strip_markup
from stmtl10n.formats.markdown import markdown_parser

ROOT = Path(__file__).parent.parent
LABELLED = Path(__file__).parent / "data" / "langid" / "segments.tsv"


def _labelled_texts() -> list[str]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t")]


def _repository_texts() -> list[str]:
    """Every msgid and translation of the repository's own catalogs (the worked example)."""
    texts: list[str] = []
    for path in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        for entry in read_catalog(path).entries:
            texts += [entry.msgid, entry.msgstr]
    return texts


# What langdetect's walk does at word edges: runs of spaces, a text that ends in one, words in
# capitals, an elided article, the Romanian letters it normalizes, digits and punctuation it drops.
_EDGES = ["", " ", "  a  b ", "x", "x ", " x", "ÉTAT d'Israël", "ABC def GHi", "ș ț", "l’État", "UN-Resolution 2334",
          "a\u00a0b", "Free Palestine!!", "A B C", "aB Cd"]


def test_ngrams_word_by_word_are_langdetect_s_own() -> None:
    texts = _labelled_texts() + _EDGES
    checked = 0
    for script in ("Latn", "Arab", "Cyrl"):
        factory = detect._factory(detect._script_profiles(script))
        table = factory.word_lang_prob_map
        for text in texts:
            detector: Detector = factory.create()
            detector.append(text)
            detector.cleaning_text()
            expected = detector._extract_ngrams()
            assert detect._ngrams(detector.text, table) == expected, text
            assert detect._ngram_rows(detector.text, table) == [table[gram] for gram in expected], text
            checked += bool(expected)
    assert checked > 900  # every labelled text under the Latin profiles, the Arabic and Cyrillic ones too


def test_plain_inline_tokens_are_what_markdown_it_parses() -> None:
    texts = set(_repository_texts() + _labelled_texts() + _EDGES)
    plain = [text for text in texts if base._INLINE_SYNTAX_RE.search(text) is None]
    assert len(plain) > 200  # most segments of real statements have no inline markup
    for text in plain:
        ours = [token.as_dict() for token in base._plain_inline_tokens(text)]
        assert ours == [token.as_dict() for token in markdown_parser().parseInline(text)], text


@pytest.mark.parametrize("text", ["*Free* Gaza", "a\nb", "a  \nb", "x\r\ny", "Tom &amp; Jerry", "`code`", "a\\*b",
                                  "<b>bold</b>", "[link](https://x.org)", "![alt](a.png)", "note[^1]", "note^[inline]",
                                  "~~struck~~", "_under_", "nul\x00char", "<https://x.org>"],
                         ids=repr)
def test_context_parses_text_with_inline_syntax(text: str) -> None:
    # Each character an inline rule (or normalization, or a line break) starts at sends the text to the parser.
    ctx = CheckContext(statement="call", lang="es", source_lang="en", catalog=Catalog(locale="es"))
    assert base._INLINE_SYNTAX_RE.search(text) is not None
    ours = [token.as_dict() for token in ctx.inline_tokens(text)]
    assert ours == [token.as_dict() for token in markdown_parser().parseInline(text)]


def test_context_tokens_and_plain_text_are_the_parser_s_for_every_text() -> None:
    ctx = CheckContext(statement="call", lang="es", source_lang="en", catalog=Catalog(locale="es"))
    for text in set(_repository_texts() + _labelled_texts()):
        assert [t.as_dict() for t in ctx.inline_tokens(text)] == [t.as_dict() for t in markdown_parser().parseInline(text)]
        assert ctx.plain(text) == strip_markup(text)


def test_judging_with_the_plain_text_gives_the_same_verdict() -> None:
    # The checks pass the plain text they have; the verdict is the one the text alone gets.
    texts = _labelled_texts()[::3]
    texts += [f"**{text}** ([more](https://example.org/{n}))" for n, text in enumerate(texts[:40])]
    for text in texts:
        plain = strip_markup(text)
        detect._evidence.cache_clear()
        alone = [judge_language(text, lang, candidates=("en", "es", "fr", "ar")) for lang in ("en", "es", "ar")]
        detect._evidence.cache_clear()
        given = [judge_language(text, lang, candidates=("en", "es", "fr", "ar"), plain=plain)
                 for lang in ("en", "es", "ar")]
        assert given == alone, text
        assert is_language(text, "fr", plain=plain) == is_language(text, "fr")
        assert clean_for_detection(text, plain=plain) == clean_for_detection(text)


def test_ascii_digits_leaves_ascii_alone_and_converts_every_decimal_digit() -> None:
    assert numbers._ascii_digits("On 29 November 2024, 1,500 people") == "On 29 November 2024, 1,500 people"
    assert numbers._ascii_digits("في ٢٩ نوفمبر ۲۰۲۴ — १२") == "في 29 نوفمبر 2024 — 12"
    assert script_share(numbers._ascii_digits("٢٩")).letters == 0


def test_script_share_of_ascii_text_is_the_one_by_character_names() -> None:
    def by_names(text: str) -> tuple[int, str | None, dict[str, float]]:
        counts: dict[str, int] = {}
        for ch in text:
            if ch.isalpha():
                counts[detect._script_of(ch)] = counts.get(detect._script_of(ch), 0) + 1
        letters = sum(counts.values())
        top = max(counts, key=counts.__getitem__) if counts else None
        return letters, top, {script: n / letters for script, n in counts.items()}

    for text in [t for t in _labelled_texts() + _EDGES + ["123 456", "...", "BDS"] if t.isascii()]:
        share = script_share(text)
        assert (share.letters, share.dominant, share.shares) == by_names(text), text
