"""The cheap tests extract runs before the costly ones change no result.

Markdown's line breaks are read by the inline parser only where one may sit
inside markup (:func:`stmtl10n.formats.markdown._may_hide_breaks`), and a list
is judged item by item only when enough of its items may have parts
(:func:`stmtl10n.formats.signatories._may_have_parts`): with both pre-filters
turned off, every real document must give the very same segments and layouts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stmtl10n.formats import markdown, signatories
from stmtl10n.formats.markdown import _inline_env, _may_hide_breaks, _parser, _read_blocks
from stmtl10n.formats.signatories import _may_have_parts, is_signatory_item, is_signatory_list, run_on_items

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SPEC = json.loads((DATA / "commonmark" / "spec.json").read_text(encoding="utf-8"))

# Real statements and letters (each folder's SOURCE.md names them), read as Markdown.
DOCUMENTS = {
    **{f"spec-{example['example']}": example["markdown"] for example in SPEC},
    **{path.name: path.read_text(encoding="utf-8")
       for folder in ("markdown-signatories", "signatories", "hardwrapped")
       for path in sorted((DATA / folder).glob("*")) if path.suffix in (".md", ".txt") and "truth" not in path.name},
    **{path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "statements").glob("*"))},
}


def _hidden_breaks(content: str) -> set[int]:
    """The line breaks of ``content`` the inline parser reads as no soft break (hard, or inside markup)."""
    env = _inline_env(content)
    md = _parser()
    md.inline.parse(content, md, env, [])
    text_breaks, hard = env["stmtl10n_text_breaks"], env["stmtl10n_hard_breaks"]
    assert isinstance(text_breaks, set) and isinstance(hard, set)
    newlines = {index for index, char in enumerate(content) if char == "\n"}
    return (newlines - text_breaks) | (newlines & hard)


def test_the_documents_are_many_and_varied() -> None:
    assert len(DOCUMENTS) >= 670
    assert sum("](" in text and "\n" in text for text in DOCUMENTS.values()) > 40


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_pre_filters_change_no_segment(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = DOCUMENTS[name]
    filtered = _read_blocks.__wrapped__(text)
    monkeypatch.setattr(markdown, "_may_hide_breaks", lambda content: True)
    monkeypatch.setattr(signatories, "_may_have_parts", lambda item: True)
    assert _read_blocks.__wrapped__(text) == filtered


@pytest.mark.parametrize(("content", "hidden"), [
    ("Boycott [the companies](https://example.org/a/1) and\nall their partners", False),
    ("a [link](https://example.org/x)\nnext line", False),
    ('a [link](https://example.org/x\n"a title") end', True),
    ("a [link](\nhttps://example.org/x) end", True),
    ("a [link](https://example.org/x 'a\ntitle') end", True),
    ("a [link](https://example.org/(x)\nmore) end", True),
    ("![an image\nof Gaza](https://example.org/g.png)", True),
    ("a note^[over\ntwo lines] and [a](b)", True),
    ("[a](b)[c](d\ne)", True),
    ("a note^[over\ntwo lines] and no link", True),  # hypothesis found it: '^[\n]'
], ids=["link-then-break", "link-ends-the-line", "title-on-next-line", "destination-on-next-line",
        "title-over-lines", "balanced-parentheses", "image-alt", "inline-footnote", "second-link-on-a-run",
        "inline-footnote-without-a-link"])
def test_links_hide_a_line_break_only_in_their_parentheses(content: str, hidden: bool) -> None:
    assert _may_hide_breaks(content) is hidden
    if not hidden:
        assert _hidden_breaks(content) == set()


_INLINE_PIECES = st.sampled_from([
    "a", "word", " ", "  ", "\n", "[", "]", "(", ")", "](", "![", "^[", '"', "'", "`", "<", ">", "\\", "*",
    "\t", "https://example.org/x", "[a](", ")(", "](u", " 't'", '"t"',
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_INLINE_PIECES, max_size=24).map("".join))
def test_no_line_break_hides_where_the_pre_filter_sees_none(content: str) -> None:
    lines = content.split("\n")
    if any(line.endswith(("  ", "\\")) for line in lines[:-1]):
        return  # hard breaks: the caller looks at line ends itself
    if not _may_hide_breaks(content):
        assert _hidden_breaks(content) == set()


def _signatory_items() -> list[str]:
    items = []
    for path in sorted((DATA / "signatories").glob("*.txt")) + sorted((DATA / "signatory_items").glob("*")):
        if path.is_file() and path.suffix in (".txt", ".tsv", ".csv", ""):
            items += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items


def test_a_signatory_item_always_may_have_parts() -> None:
    items = _signatory_items() + [line for text in DOCUMENTS.values() for line in text.splitlines()]
    assert sum(is_signatory_item(item) for item in items) > 300
    for item in items:
        if is_signatory_item(item):
            assert _may_have_parts(item), item


_ITEM_PIECES = st.sampled_from([
    "Jane", "Doe", "University", "Party", "Chile", "actor", "professor", " ", "  ", ",", "، ", "(", ")", "]",
    " - ", " — ", "—", " – ", "-", "\t", "\u00a0", "\u2003", ";", ".", "1", "Inc.", "de", "الموقعون", "胡星宇",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_ITEM_PIECES, min_size=1, max_size=12).map("".join))
def test_an_item_without_part_marks_is_never_a_signatory_by_its_shape(item: str) -> None:
    if not _may_have_parts(item):
        assert not is_signatory_item(item)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_ITEM_PIECES, min_size=1, max_size=8).map("".join), min_size=1, max_size=8))
def test_the_list_pre_filter_gives_the_judgement(items: list[str]) -> None:
    lists_judged = is_signatory_list(items)
    run_on = run_on_items("; ".join(items))
    original = signatories._may_have_parts
    try:
        signatories._may_have_parts = lambda item: True  # type: ignore[assignment]
        assert is_signatory_list(items) == lists_judged
        assert run_on_items("; ".join(items)) == run_on
    finally:
        signatories._may_have_parts = original  # type: ignore[assignment]


def test_a_run_on_list_of_signatories_is_still_read() -> None:
    text = ("Liste complète des signataires : Marie Dupont, députée ; Jean Martin, enseignant-chercheur ; "
            "Ana Ruiz, avocate.")
    assert [text[start:end] for start, end in run_on_items(text) or []] == [
        "Marie Dupont, députée", "Jean Martin, enseignant-chercheur", "Ana Ruiz, avocate"]
    long_item = "; ".join(["Jane Doe, Chile"] * 3 + ["x" * 201])
    assert run_on_items(long_item) is None
