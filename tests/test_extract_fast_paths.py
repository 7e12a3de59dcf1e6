"""The shortcuts extract takes for speed give exactly what the general code gives.

Each test holds one shortcut to the code or the expression it stands for: the
writer's one-line strings and flag set, the lead-in test's ASCII stems, the
Markdown reader's direct construction of segments.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from conftest import GettextTools, read_exact
from stmtl10n.catalog import _GETTEXT_FORMATS, Catalog, Entry, is_gettext_flag, write_catalog
from stmtl10n.formats import markdown, signatories
from stmtl10n.model import SIGNATORY, SIGNATORY_FLAG, SIGNATORY_NOTE, Segment

ROOT = Path(__file__).resolve().parent.parent


# -- the catalog writer ----------------------------------------------------------------


def test_is_gettext_flag_is_the_expression_it_replaced() -> None:
    # The expression is_gettext_flag used to match, written out from gettext's list of formats.
    expression = re.compile(
        r"fuzzy|(?:no-|possible-|impossible-)?(?:" + "|".join(map(re.escape, _GETTEXT_FORMATS)) + r")-format"
        r"|range: *\d+\.\.\d+|(?:no-)?wrap"
    )
    flags = [
        f"{prefix}{name}{suffix}"
        for prefix in ("", "no-", "possible-", "impossible-", "maybe-")
        for name in (*_GETTEXT_FORMATS, "rust", "")
        for suffix in ("-format", "format", "-format ")
    ]
    flags += ["fuzzy", "Fuzzy", "wrap", "no-wrap", "nowrap", "signatory", "no-translate", "no-check-numbers",
              "range: 1..5", "range:0..12", "range:  3..4", "range: 1..", "range: a..b", "range: 1..5 ", "range:",
              "range: ١..٥", ""]
    assert [is_gettext_flag(flag) for flag in flags] == [expression.fullmatch(flag) is not None for flag in flags]


def _boundary_strings() -> list[str]:
    """Printable ASCII strings a character either side of where a string stops fitting on its keyword's line."""
    words = "Solidarity with the people of Gaza, from the river to the sea and beyond"
    texts = []
    for length in range(60, 82):
        text = (words * 2)[:length]
        texts += [text, text[:-1] + " ", text[:-1] + '"', text[:-1] + "\\", text[:-1] + "é"]
    return list(dict.fromkeys(texts))


def test_one_line_strings_are_laid_out_as_msgcat_writes_them(tmp_path: Path, gettext_tools: GettextTools) -> None:
    texts = _boundary_strings()
    entries = [Entry(text, msgstr=text, msgctxt=text if i % 3 == 0 else None) for i, text in enumerate(texts)]
    # Obsolete entries with a previous msgid: the "#~ " and "#~| " prefixes narrow the line.
    entries += [Entry(f"{text} (old)", msgstr=text, flags=["fuzzy"], previous_msgid=text, obsolete=True)
                for text in texts]
    entries += [Entry(f"{text} (changed)", msgstr=text, flags=["fuzzy"], previous_msgid=text) for text in texts]
    path = tmp_path / "boundary.po"
    write_catalog(path, Catalog("es", header={"Content-Type": "text/plain; charset=UTF-8"}, entries=entries))
    assert gettext_tools.msgcat(path) == read_exact(path)


# -- signatories --------------------------------------------------------------------------


def _expand(pattern: str, position: int = 0) -> tuple[set[str], int]:
    """Every string an alternation of literals, ``[…]``, ``(?:…)``, ``(…)``, ``?`` and ``\\b`` matches."""
    alternatives: set[str] = set()
    sequence: set[str] = {""}
    while position < len(pattern) and pattern[position] != ")":
        char = pattern[position]
        if char == "|":
            alternatives |= sequence
            sequence = {""}
            position += 1
            continue
        if char == "(":
            position += 3 if pattern.startswith("(?:", position) else 1
            item, position = _expand(pattern, position)
            position += 1  # the ")"
        elif char == "[":
            close = pattern.index("]", position)
            item, position = set(pattern[position + 1:close]), close + 1
        elif pattern.startswith("\\b", position):
            item, position = {""}, position + 2
        else:
            assert char not in "\\*+{.", f"the expander does not read {char!r}"
            item, position = {char}, position + 1
        if pattern.startswith("?", position):
            item, position = item | {""}, position + 1
        sequence = {head + tail for head, tail in itertools.product(sequence, item)}
    return alternatives | sequence, position


LEAD_IN_WORDS = sorted(_expand(signatories._LEAD_IN_WORDS.pattern)[0])


def test_the_expander_reads_the_whole_expression() -> None:
    words, end = _expand(signatories._LEAD_IN_WORDS.pattern)
    assert end == len(signatories._LEAD_IN_WORDS.pattern)
    assert {"signatories", "co-signers", "cosigned", "firmantes", "imzacılar", "unterzeichnerinnen"} <= words
    assert all(signatories._LEAD_IN_WORDS.fullmatch(word) for word in words)


@pytest.mark.parametrize("word", LEAD_IN_WORDS)
def test_every_lead_in_word_is_found_by_the_ascii_stems(word: str) -> None:
    if word.isascii():
        assert any(stem in word.lower() for stem in signatories._LEAD_IN_ASCII_STEMS)
    for line in (word, word.upper(), f"{word.capitalize()}:", f"List of {word} (2024)"):
        assert signatories.is_lead_in(line), line


def _lines_of_real_statements() -> list[str]:
    paths = [*ROOT.glob("statements/*"), *ROOT.glob("tests/data/**/*.md"), *ROOT.glob("tests/data/**/*.txt")]
    lines = []
    for path in sorted(paths):
        if path.is_file():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


def test_lead_in_answers_as_the_expression_does_on_real_statements() -> None:
    def by_expression(text: str) -> bool:
        stripped = text.strip()
        if not stripped or len(stripped) > 100 or len(stripped.split()) > 14:
            return False
        return signatories._LEAD_IN_WORDS.search(stripped) is not None or any(
            stem in stripped for stem in signatories._LEAD_IN_STEMS)

    lines = _lines_of_real_statements()
    assert len(lines) > 1000
    found = [line for line in lines if signatories.is_lead_in(line)]
    assert found == [line for line in lines if by_expression(line)]
    assert len(found) > 20


def test_an_item_judged_after_its_date_check_is_judged_the_same() -> None:
    items = [line.strip() for line in _lines_of_real_statements() if 0 < len(line.strip()) <= 200]
    undated = [item for item in items if not signatories._is_date_or_address_item(item)]
    for bare in (False, True):
        assert [signatories._judge(item, bare=bare, date_checked=True) for item in undated] == [
            signatories._judge(item, bare=bare) for item in undated]


# -- Markdown segments ------------------------------------------------------------------


def test_segments_built_directly_keep_every_field() -> None:
    segment = Segment("Jane Doe, Birzeit University", "list item", 12, ("no-translate",), ("a note",),
                      context="signatory", level=2, marker="3.")
    assert [field.name for field in dataclasses.fields(Segment)] == [
        "text", "kind", "line", "flags", "notes", "context", "level", "marker"]
    assert markdown._as_signatory(segment) == dataclasses.replace(
        segment, kind=SIGNATORY, flags=(SIGNATORY_FLAG,), notes=(SIGNATORY_NOTE,))
    assert markdown._with_marker(segment, "-") == dataclasses.replace(segment, marker="-")
