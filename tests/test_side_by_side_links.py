"""The links of a statement (reference definitions, footnotes in order) as a full markdown-it parse reads them.

``statement_links`` runs the block pass only, and the inline pass only where a
footnote may be referenced: these tests hold it to what the whole parse gives,
on the CommonMark spec's examples, the footnote plugin's own fixture and mixes of both.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stmtl10n.documents.side_by_side import Links, _inline_markdown, render_inline_html, statement_links
from stmtl10n.formats.markdown import make_markdown_parser
from stmtl10n.locales import text_direction

DATA = Path(__file__).parent / "data"
SPEC = [example["markdown"] for example in json.loads((DATA / "commonmark" / "spec.json").read_text(encoding="utf-8"))]


def _fixture_cases(text: str) -> list[str]:
    """The Markdown of each case of an mdit-py-plugins fixture (title, ``.``, Markdown, ``.``, HTML, ``.``)."""
    lines = text.split("\n")
    cases = []
    i = 0
    while i < len(lines):
        if lines[i] == "." and i > 0:
            end = lines.index(".", i + 1)
            cases.append("\n".join(lines[i + 1:end]) + "\n")
            i = lines.index(".", end + 1) + 1
        else:
            i += 1
    return cases


FOOTNOTES = _fixture_cases((DATA / "footnotes" / "footnote.md").read_text(encoding="utf-8"))


def _links_of_full_parse(text: str) -> Links:
    """What markdown-it's whole parse (block and inline passes, footnote_tail) leaves in its environment."""
    env: dict[str, object] = {}
    make_markdown_parser().parse(text, env)
    references = env.get("references") or {}
    assert isinstance(references, dict)
    found = tuple((str(label), str(value["href"]), str(value.get("title") or "")) for label, value in references.items())
    notes = env.get("footnotes") or {}
    assert isinstance(notes, dict)
    ordered = [str(item["label"]) for _, item in sorted((notes.get("list") or {}).items()) if "label" in item]
    unreferenced = [key[1:] for key in notes.get("refs") or {} if key[1:] not in ordered]
    return Links(found, tuple(ordered + unreferenced))


def test_the_fixture_has_the_footnote_cases() -> None:
    assert len(FOOTNOTES) == 16
    assert FOOTNOTES[1] == "[^1][^2][^3]\n\n[^1]: foo\n[^2]: bar\n[^3]: baz\n"


@pytest.mark.parametrize("text", SPEC, ids=[f"spec-{n}" for n in range(1, len(SPEC) + 1)])
def test_links_of_each_spec_example_are_those_of_a_full_parse(text: str) -> None:
    assert statement_links(text, path="s.md") == _links_of_full_parse(text)


@pytest.mark.parametrize("text", FOOTNOTES, ids=[f"footnote-{n}" for n in range(1, len(FOOTNOTES) + 1)])
def test_links_of_each_footnote_case_are_those_of_a_full_parse(text: str) -> None:
    assert statement_links(text, path="s.md") == _links_of_full_parse(text)


def test_footnotes_are_numbered_by_first_reference_wherever_it_is() -> None:
    # References in a link's text, in an inline note, in another note's definition,
    # and a "[^b]" in a code span, which is no reference.
    text = ("Code `[^b]` first, then [see [^c]](https://example.org) and ^[a note on [^a]].\n\n"
            "[^b]: Defined first, referenced last.\n[^c]: Refers to [^b].\n[^a]: A.\n[^d]: Never referenced.\n\n"
            "[arms]: https://example.org/arms \"Arms\"\n")
    links = statement_links(text, path="s.md")
    assert links == _links_of_full_parse(text)
    assert links.footnotes == ("c", "a", "b", "d")
    assert links.references == (("ARMS", "https://example.org/arms", "Arms"),)


def test_a_statement_without_definitions_has_no_links() -> None:
    assert statement_links("See [the list][arms] and [^1].\n", path="s.md") == Links()
    assert statement_links("[arms]: https://example.org\n", path="s.txt") == Links()


def test_mixed_documents_give_the_links_of_a_full_parse() -> None:
    # Cases read together: definitions of one case meet references of another.
    rng = random.Random(14)
    with_definitions = [text for text in SPEC + FOOTNOTES if "]:" in text]
    for _ in range(300):
        text = "\n".join(rng.sample(with_definitions, rng.randint(2, 6)))
        assert statement_links(text, path="s.md") == _links_of_full_parse(text), text


_PIECES = ["[^a]", "[^b]", "[^a]: note", "[^b]:\n", "[x]: /u", "[x]", "^[inline [^b]]", "`", "*", "[", "]", "(", ")",
           "\n", "\n\n", "> ", "- ", "    ", "\\", "<", ">", "word ", ":", "^", "|", "---"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_mix_of_markup_gives_the_links_of_a_full_parse(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert statement_links(text, path="s.md") == _links_of_full_parse(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab019 .,!?:;-#^~=()/'\"<>|[]*_`&\\\néدعوة")), max_size=30),
       st.sampled_from(["en", "ar"]))
def test_every_cell_renders_as_markdown_it_renders_it(text: str, lang: str) -> None:
    # Cells without inline syntax ("!" included, images being off) take a shortcut;
    # with or without it, the cell is what markdown-it renders.
    expected = _inline_markdown(text_direction(lang) == "rtl").renderInline(text, Links().env() | {"stmtl10n_links": Links()})
    assert render_inline_html.__wrapped__(text, lang=lang) == expected


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_spec_example_as_a_cell_renders_as_markdown_it_renders_it(lang: str) -> None:
    md = _inline_markdown(text_direction(lang) == "rtl")
    for text in [*SPEC, "Free Gaza!", "*a*", "a ![x](y) b!", "Stop! *now*", "دعوة! BDS 2024"]:
        expected = md.renderInline(text, Links().env() | {"stmtl10n_links": Links()})
        assert render_inline_html.__wrapped__(text, lang=lang) == expected, text
