"""Tests for the plain-text statement format: golden cases, the real statements and round-trip properties."""

from __future__ import annotations

import json
import re
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import read_exact
from stmtl10n.formats import hyphenation
from stmtl10n.formats.plaintext import PlainTextFormat
from stmtl10n.model import HEADING, LIST_ITEM, PARAGRAPH, SIGNATORY, SIGNATORY_FLAG, SIGNATORY_NOTE, Segment

FORMAT = PlainTextFormat()
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "text"
CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())
STATEMENTS = ROOT / "statements"
HARD_WRAPPED = Path(__file__).resolve().parent / "data" / "hardwrapped"
EXTRACTS = sorted(path.name for path in HARD_WRAPPED.glob("*.txt"))
LISTS = Path(__file__).resolve().parent / "data" / "signatories"
LIST_SAMPLES = sorted(path.name for path in LISTS.glob("*.txt") if not path.name.endswith(".truth.txt"))


def _upper(segment: Segment) -> str:
    return segment.text.upper()


def _as_json(segments: list[Segment]) -> list[dict[str, object]]:
    return [
        {"line": s.line, "kind": s.kind, "text": s.text, "flags": list(s.flags), "context": s.context}
        for s in segments
    ]


# Golden cases: tests/golden/text/<case>/source.txt, segments.json, expected.upper[.w<width>].txt


def test_golden_cases_cover_every_kind() -> None:
    kinds = {
        s.kind for case in CASES for s in FORMAT.extract(read_exact(GOLDEN / case / "source.txt"), path=case)
    }
    assert kinds == {HEADING, PARAGRAPH, LIST_ITEM, SIGNATORY}


@pytest.mark.parametrize("case", CASES)
def test_golden_segments(golden: Callable[[Path, str], None], case: str) -> None:
    source = read_exact(GOLDEN / case / "source.txt")
    actual = json.dumps(_as_json(FORMAT.extract(source, path=case)), ensure_ascii=False, indent=1) + "\n"
    golden(GOLDEN / case / "segments.json", actual)


@pytest.mark.parametrize("case", CASES)
def test_golden_identity_round_trip_is_byte_exact(case: str) -> None:
    source = read_exact(GOLDEN / case / "source.txt")
    assert FORMAT.render(source, lambda s: s.text, path=case) == source
    assert FORMAT.render(source, lambda s: None, path=case) == source


@pytest.mark.parametrize("case", CASES)
def test_golden_translated_render(golden: Callable[[Path, str], None], case: str) -> None:
    source = read_exact(GOLDEN / case / "source.txt")
    golden(GOLDEN / case / "expected.upper.txt", FORMAT.render(source, _upper, path=case))


@pytest.mark.parametrize("case", ["hard-wrapped", "numbered-list", "crlf"])
def test_golden_translated_render_wrapped_at_width(golden: Callable[[Path, str], None], case: str) -> None:
    source = read_exact(GOLDEN / case / "source.txt")
    rendered = FORMAT.render(source, _upper, path=case, width=40)
    golden(GOLDEN / case / "expected.upper.w40.txt", rendered)
    for line in re.split(r"\r?\n", rendered):
        assert len(line.rstrip()) <= 40 or " " not in line.strip(), line


# The real statements


REAL_COUNTS = {
    "allforpalestine-action.txt": {HEADING: 1, PARAGRAPH: 8},
    "campaign-call-2024.txt": {PARAGRAPH: 21},
    "international-week-declaration.txt": {PARAGRAPH: 11},
    "solidarity-day-call.txt": {HEADING: 1, PARAGRAPH: 10, LIST_ITEM: 4, SIGNATORY: 94},
}


@pytest.mark.parametrize("name", sorted(REAL_COUNTS))
def test_real_statement_segment_counts(name: str) -> None:
    segments = FORMAT.extract(read_exact(STATEMENTS / name), path=name)
    assert Counter(s.kind for s in segments) == REAL_COUNTS[name]


@pytest.mark.parametrize("name", sorted(REAL_COUNTS))
def test_real_statement_msgids_are_single_trimmed_lines(name: str) -> None:
    for segment in FORMAT.extract(read_exact(STATEMENTS / name), path=name):
        assert segment.text
        assert "\n" not in segment.text and "\r" not in segment.text
        assert segment.text == segment.text.strip()
        assert "  " not in segment.text, segment.text  # runs of spaces are one space in a msgid


@pytest.mark.parametrize("name", sorted(REAL_COUNTS))
def test_real_statement_segment_lines_point_at_their_text(name: str) -> None:
    lines = read_exact(STATEMENTS / name).split("\n")
    for segment in FORMAT.extract(read_exact(STATEMENTS / name), path=name):
        assert segment.text.split()[0] in lines[segment.line - 1], segment


@pytest.mark.parametrize("name", sorted(REAL_COUNTS))
def test_real_statement_identity_round_trip_is_byte_exact(name: str) -> None:
    source = read_exact(STATEMENTS / name)
    assert FORMAT.render(source, lambda s: s.text, path=name) == source


@pytest.mark.parametrize("name", sorted(REAL_COUNTS))
def test_real_statement_translated_render_reads_back_alike(name: str) -> None:
    source = read_exact(STATEMENTS / name)
    translated = FORMAT.render(source, _upper, path=name)
    before = FORMAT.extract(source, path=name)
    after = FORMAT.extract(translated, path=name)
    assert [s.kind for s in after] == [s.kind for s in before]
    assert [s.text for s in after] == [s.text.upper() for s in before]


def test_hard_wrapped_statement_has_no_segment_ending_mid_sentence() -> None:
    segments = FORMAT.extract(read_exact(STATEMENTS / "international-week-declaration.txt"), path="x.txt")
    for segment in segments:
        assert not re.search(r"\b[a-z]+$", segment.text), segment.text


def test_hard_wrapped_statement_joins_the_page_break_inside_a_sentence() -> None:
    first = FORMAT.extract(read_exact(STATEMENTS / "international-week-declaration.txt"), path="x.txt")[0]
    assert first.line == 1
    assert "in support of Palestine resistance and make it a great success." in first.text
    assert first.text.endswith("Our Party endorses the joint declaration.")


def test_hard_wrapped_statement_splits_after_short_sentence_final_lines() -> None:
    segments = FORMAT.extract(read_exact(STATEMENTS / "international-week-declaration.txt"), path="x.txt")
    starts = {s.line: s.text for s in segments}
    assert starts[11].endswith("south of the Gaza Strip.")
    assert starts[16].startswith("The Zionists want to annihilate")
    assert [s.text for s in segments[-3:]] == [
        "Proletarians and peoples of the world, let's unite against imperialism!",
        "Long live the liberation struggle of the Palestinian people!",
        "Free Palestine!",
    ]


def test_solidarity_call_signatories_and_demands() -> None:
    segments = FORMAT.extract(read_exact(STATEMENTS / "solidarity-day-call.txt"), path="x.txt")
    by_line = {s.line: s for s in segments}
    assert by_line[1].kind == HEADING
    assert by_line[13].kind == LIST_ITEM and by_line[13].text.startswith("Affirm our solidarity")
    assert by_line[21].text == "Viva Palestine!"  # the leading no-break space is outside the msgid
    quirk = by_line[60]
    assert (quirk.kind, quirk.text) == (SIGNATORY, ", Chile")
    assert quirk.flags == (SIGNATORY_FLAG,) and quirk.notes == (SIGNATORY_NOTE,)
    assert by_line[37].text == "Central de Trabajadores de Cuba , Cuba"
    assert by_line[126].text == "胡星宇, China"
    assert all(s.is_signatory for s in segments if s.kind == SIGNATORY)


def test_no_break_spaces_inside_text_are_content() -> None:
    segments = FORMAT.extract(read_exact(STATEMENTS / "campaign-call-2024.txt"), path="x.txt")
    assert segments[0].text == "Hereby we publish the statement found in the webpage of the\u00a0Anti-Imperialist League."


# Behaviour in detail


def test_wrapped_lines_join_with_single_spaces_and_trailing_whitespace_goes() -> None:
    text = "alpha beta gamma delta epsilon zeta eta  \n  theta iota kappa lambda mu nu xi \t\nomicron pi rho.\n"
    (segment,) = FORMAT.extract(text, path="x.txt")
    assert segment.text == "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho."


def test_unwrapped_statement_keeps_one_line_per_complete_sentence_line() -> None:
    text = "Down with the occupation!\nGlory to the Resistance!\nVery long line " + "x " * 100 + "ends.\n"
    assert [s.line for s in FORMAT.extract(text, path="x.txt")] == [1, 2, 3]


def test_short_line_without_punctuation_before_lowercase_line_wraps() -> None:
    text = "Intensify actions and make the movement\nin support to the struggle advance!\n"
    (segment,) = FORMAT.extract(text, path="x.txt")
    assert segment.text == "Intensify actions and make the movement in support to the struggle advance!"


def test_page_break_join_needs_an_unfinished_sentence_and_a_lowercase_start() -> None:
    text = "The march goes on\n\nand on.\n\nThe end.\n\nand a new start\n\nStill separate\n"
    assert [s.text for s in FORMAT.extract(text, path="x.txt")] == [
        "The march goes on and on.",
        "The end.",
        "and a new start",
        "Still separate",
    ]


def test_first_line_is_a_heading_only_when_short_without_final_punctuation() -> None:
    assert FORMAT.extract("Free Palestine\n\nText.\n", path="x.txt")[0].kind == HEADING
    assert FORMAT.extract("Free Palestine.\n\nText.\n", path="x.txt")[0].kind == PARAGRAPH
    assert FORMAT.extract("Free Palestine\nText.\n", path="x.txt")[0].kind == PARAGRAPH
    assert FORMAT.extract("Free Palestine\n", path="x.txt")[0].kind == PARAGRAPH
    assert FORMAT.extract("Text.\n\nSeptember 2024\n", path="x.txt")[1].kind == PARAGRAPH


def test_same_text_as_heading_and_paragraph_gets_contexts() -> None:
    segments = FORMAT.extract("Free Palestine\n\nText.\n\nFree Palestine\n", path="x.txt")
    assert [(s.kind, s.context) for s in segments] == [(HEADING, HEADING), (PARAGRAPH, None), (PARAGRAPH, PARAGRAPH)]
    rendered = FORMAT.render("Free Palestine\n\nText.\n\nFree Palestine\n", _upper, path="x.txt")
    assert rendered == "FREE PALESTINE\n\nTEXT.\n\nFREE PALESTINE\n"


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("1. One.", "One."),
        ("12) Twelve.", "Twelve."),
        ("  - Dash.", "Dash."),
        ("* Star.", "Star."),
        ("\t• Bullet.", "Bullet."),
        ("32., Chile", ", Chile"),
    ],
    ids=["dot", "paren", "dash", "star", "bullet", "number-comma"],
)
def test_list_markers_stay_out_of_the_msgid(line: str, text: str) -> None:
    (segment,) = FORMAT.extract(line + "\n", path="x.txt")
    assert (segment.kind, segment.text) == (LIST_ITEM, text)
    assert FORMAT.render(line + "\n", _upper, path="x.txt") == line.replace(text, text.upper()) + "\n"


@pytest.mark.parametrize(
    "line",
    ["2024. The year of the flood.", "-5 degrees at night.", "*emphasis* is not a bullet.", "1.5 million people."],
)
def test_lookalike_markers_are_text(line: str) -> None:
    assert FORMAT.extract(line + "\n", path="x.txt")[0].kind == PARAGRAPH


def test_number_without_text_is_no_segment() -> None:
    assert FORMAT.extract("1. First.\n2.\n   \n3. Third.\n", path="x.txt") == [
        Segment("First.", LIST_ITEM, 1, marker="1."),
        Segment("Third.", LIST_ITEM, 4, marker="3."),
    ]


def test_whitespace_only_statement_has_no_segments() -> None:
    assert FORMAT.extract(" \n\t\n\u00a0\r\n", path="x.txt") == []
    assert FORMAT.extract("", path="x.txt") == []
    assert FORMAT.render(" \n\t\n", _upper, path="x.txt") == " \n\t\n"


def test_unicode_line_separators_are_content_not_line_breaks() -> None:
    text = "One\u2028two\x1ethree\u0085four.\n"
    assert [s.text for s in FORMAT.extract(text, path="x.txt")] == ["One\u2028two\x1ethree\u0085four."]
    assert FORMAT.render(text, lambda s: s.text, path="x.txt") == text


def test_translation_replaces_only_the_text_span() -> None:
    text = "  3.  Text one\n      goes on. \t\r\n"
    assert FORMAT.render(text, lambda s: "Texte.", path="x.txt") == "  3.  Texte. \t\r\n"


def test_empty_or_none_translation_keeps_the_source() -> None:
    text = "First.\n\nSecond.\n"
    assert FORMAT.render(text, lambda s: "" if s.line == 1 else None, path="x.txt") == text
    assert FORMAT.render(text, lambda s: "  ", path="x.txt") == text


def test_line_breaks_in_a_translation_become_spaces() -> None:
    text = "First.\n\nSecond.\n"
    assert FORMAT.render(text, lambda s: "Erste\n\nZeile." if s.line == 1 else None, path="x.txt") == (
        "Erste Zeile.\n\nSecond.\n"
    )


def test_render_wraps_list_items_under_their_text_with_the_source_line_ending() -> None:
    text = "Intro.\r\n\r\n  12. Item.\r\n"
    rendered = FORMAT.render(text, lambda s: "one two three four five six" if s.line == 3 else None, path="x", width=16)
    assert rendered == "Intro.\r\n\r\n  12. one two\r\n      three four\r\n      five six\r\n"


def test_render_wrap_keeps_long_words_whole() -> None:
    rendered = FORMAT.render("a.\n", lambda s: "https://example.org/a/very/long/path and more", path="x", width=10)
    assert rendered == "https://example.org/a/very/long/path\nand more\n"


# Properties over generated hard-wrapped statements

_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéß", min_size=1, max_size=9)
_SPACE = st.sampled_from(["", "", " ", "  ", "\t", "\u00a0"])


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, min_size=1, max_size=14))
    words[0] = words[0].capitalize()
    return " ".join(words) + draw(st.sampled_from([".", "!", "?", ".”"]))


@st.composite
def _wrapped(draw: st.DrawFn, text: str, width: int, indent: str = "") -> list[str]:
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [text]
    return [(indent if i else "") + line + draw(_SPACE) for i, line in enumerate(lines)]


@st.composite
def _statement(draw: st.DrawFn) -> str:
    width = draw(st.integers(min_value=24, max_value=90))
    blocks: list[list[str]] = []
    if draw(st.booleans()):
        blocks.append([" ".join(draw(st.lists(_WORDS, min_size=1, max_size=5))).capitalize() + draw(_SPACE)])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.sampled_from(["paragraph", "list", "signatories"]))
        if kind == "paragraph":
            sentences = draw(st.lists(_sentence(), min_size=1, max_size=5))
            blocks.append(draw(_wrapped(" ".join(sentences), width)))
        elif kind == "list":
            marker = draw(st.sampled_from(["{n}.", "{n})", "-", "*", "•"]))
            indent = draw(st.sampled_from(["", "  ", "\t"]))
            lines = []
            for n in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
                head = indent + marker.format(n=n) + " "
                item = draw(_wrapped(draw(_sentence()), width - len(head), " " * len(head)))
                lines += [head + item[0], *item[1:]]
            blocks.append(lines)
        else:
            names = draw(st.lists(_WORDS, min_size=3, max_size=6))
            countries = st.sampled_from(["Chile", "United States", "Ivory Coast (Cote d’Ivoire)", "Tunisia"])
            blocks.append([f"  {n}. {name.capitalize()} {name.capitalize()}, {draw(countries)}" for n, name in enumerate(names, 1)])
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    separators = st.lists(_SPACE, min_size=1, max_size=3).map(lambda blanks: eol.join(blanks) + eol)
    text = ""
    for index, block in enumerate(blocks):
        if index:
            text += eol + draw(separators)
        text += eol.join(block)
    return text + (eol if draw(st.booleans()) else "")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_statement())
def test_property_identity_render_is_byte_exact(text: str) -> None:
    assert FORMAT.render(text, lambda s: s.text, path="x.txt") == text
    assert FORMAT.render(text, lambda s: None, path="x.txt") == text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_statement())
def test_property_translated_render_reads_back_to_the_same_segments(text: str) -> None:
    before = FORMAT.extract(text, path="x.txt")
    after = FORMAT.extract(FORMAT.render(text, _upper, path="x.txt"), path="x.txt")
    assert [s.kind for s in after] == [s.kind for s in before]
    assert all("\n" not in s.text and s.text for s in before)


@given(st.text(alphabet=st.sampled_from("ab. \n\r\t-1,\u00a0\u2028")))
def test_property_identity_render_on_any_text(text: str) -> None:
    assert FORMAT.render(text, lambda s: s.text, path="x.txt") == text
    assert all(s.text and "\n" not in s.text for s in FORMAT.extract(text, path="x.txt"))


def test_signing_heading_tips_a_mixed_list_into_signatories() -> None:
    items = "\n".join(
        ["  1. Derek, United States", "  2. PSL, United States", "  3. Qutb Party, Tunisia", "  4. We demand an end to the siege.", "  5. We call for a boycott."]
    )
    assert {s.kind for s in FORMAT.extract(f"Signed by:\n\n{items}\n", path="x.txt")[1:]} == {SIGNATORY}
    assert {s.kind for s in FORMAT.extract(f"Our demands:\n\n{items}\n", path="x.txt")[1:]} == {LIST_ITEM}


def test_list_item_continues_across_a_page_break() -> None:
    text = "1. Condemn the crimes committed by the occupying state against the\n\n\ndefenseless people.\n2. Next.\n"
    segments = FORMAT.extract(text, path="x.txt")
    assert [(s.kind, s.line, s.text) for s in segments] == [
        (LIST_ITEM, 1, "Condemn the crimes committed by the occupying state against the defenseless people."),
        (LIST_ITEM, 5, "Next."),
    ]
    assert FORMAT.render(text, _upper, path="x.txt") == (
        "1. CONDEMN THE CRIMES COMMITTED BY THE OCCUPYING STATE AGAINST THE DEFENSELESS PEOPLE.\n2. NEXT.\n"
    )


def test_numbering_restart_starts_a_new_list() -> None:
    prose = "\n".join(f"{n}. We demand an end to the siege number {n}." for n in range(1, 4))
    names = "\n".join(f"{n}. Party {n}, Chile".replace(f" {n},", ",") for n in range(1, 4))
    segments = FORMAT.extract(f"{prose}\n\n{names}\n", path="x.txt")
    assert [s.kind for s in segments] == [LIST_ITEM] * 3 + [SIGNATORY] * 3


# Real PDF extracts (tests/data/hardwrapped, see its SOURCE.md)


def _msgids(name: str) -> list[str]:
    return [s.text for s in FORMAT.extract(read_exact(HARD_WRAPPED / name), path=name)]


@pytest.mark.parametrize("name", EXTRACTS)
def test_pdf_extract_round_trips_byte_exact_though_msgids_differ(name: str) -> None:
    source = read_exact(HARD_WRAPPED / name)
    assert FORMAT.render(source, lambda s: s.text, path=name) == source
    rendered = FORMAT.render(source, _upper, path=name)
    assert all(s.text.upper() in rendered for s in FORMAT.extract(source, path=name))


@pytest.mark.parametrize("name", EXTRACTS)
def test_pdf_extract_leaves_no_line_end_hyphen_and_no_double_space(name: str) -> None:
    for text in _msgids(name):
        assert not re.search(r"[^\W\d_]- [^\W\d_]", text), text  # "im- punity", "prevent- ed."
        assert "  " not in text, text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "gonzalez-v-trevino-per-curiam.txt",
            [
                "a plaintiff bringing a retaliatory-arrest claim",  # a compound at the line end keeps its hyphen
                "if he produces “objective evidence that",
                "We granted certiorari in this case",
                "He then asked Gonzalez to check her binder",  # "Gon-" / "zalez": the document writes "Gonzalez"
                "for the National Sheriffs' Association",
                "violated her First Amendment rights.",
            ],
        ),
        (
            "lombardo-v-st-louis-dissent.txt",
            [
                "summary disposition because it unfairly",
                "in favor of the defendant police officers",
                "a reasonable jury would necessarily find",
                "the type of fact-bound questions",
                "the correct standard for excessive-force claims",
                "Suppose officers with a combined weight",
            ],
        ),
        (
            "torres-v-madrid-opinion.txt",
            [
                "achieved recognition to such an extent",
                "In Genner v. Sparks,",
                "See Dunscomb v. Smith,",
                "Commentaries on the Laws of England 288",
                "through the framing of the Fourteenth Amendment",
            ],
        ),
    ],
    ids=["gonzalez", "lombardo", "torres"],
)
def test_pdf_extract_undoes_hyphenation_and_keeps_compounds(name: str, expected: list[str]) -> None:
    joined = "\n".join(_msgids(name))
    for phrase in expected:
        assert phrase in joined, phrase


def test_pdf_extract_rejoins_urls_broken_across_lines() -> None:
    last = _msgids("gonzalez-v-trevino-concurrence.txt")[-1]
    assert last.endswith(
        "can be viewed at https://www.youtube.com/watch?v=VGXht6ARK_4 and https://www.youtube.com/watch?v=GGLIrFiso1c."
    )


def test_pdf_extract_line_starting_with_capital_bracket_or_quote_continues_a_wrapped_sentence() -> None:
    lombardo = "\n".join(_msgids("lombardo-v-st-louis-dissent.txt"))
    assert "petitioner Lombardo’s son, Nicholas Gilbert, when he was attempting" in lombardo
    torres = "\n".join(_msgids("torres-v-madrid-opinion.txt"))
    assert "Searls v. Viets, 2 Thomp. & C. 224, 226 (N. Y. Sup. Ct. 1873); State v. Dennis" in torres
    assert "The consequences would be “pernicious,” an English judge worried" in torres


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a total im-\npunity while the im-\npunity lasts\n", "a total impunity while the impunity lasts"),
        ("the densely-\npopulated strip, densely-populated\n", "the densely-populated strip, densely-populated"),
        ("Nakba\u00ad\nday\n", "Nakbaday"),
        ("Anti-\nImperialist League\n", "Anti-Imperialist League"),
        ("between 1948-\n1967 and\n", "between 1948-1967 and"),
        ("write to info@palestine-\nsolidarity.org today\n", "write to info@palestine-solidarity.org today"),
        ("see www.\nbdsmovement.net today\n", "see www.bdsmovement.net today"),
        ("sign at https://example.org/\nand share\n", "sign at https://example.org/ and share"),
    ],
    ids=["document-says-join", "document-says-compound", "soft-hyphen", "capital", "numbers", "email", "www", "url-then-word"],
)
def test_line_end_joins(source: str, expected: str) -> None:
    (segment,) = FORMAT.extract(source, path="x.txt")
    assert segment.text == expected
    assert FORMAT.render(source, lambda s: s.text, path="x.txt") == source


def test_word_lists_are_installed() -> None:
    # make debian-packages installs them (Makefile DEBIAN_PACKAGES); without them only the document decides.
    for lang in ("en", "fr", "es"):
        assert hyphenation.load_word_list(lang) is not None, f"no word list for {lang}: run make debian-packages"


def test_word_list_of_the_statements_language_is_chosen_by_its_words() -> None:
    english = hyphenation.DocumentWords(read_exact(HARD_WRAPPED / "lombardo-v-st-louis-dissent.txt").split("\n"))
    french = hyphenation.DocumentWords(read_exact(LISTS / "run-on-nom-fonction.txt").split("\n"))
    chinese = hyphenation.DocumentWords(read_exact(LISTS / "cjk-names-alone.txt").split("\n"))
    assert [getattr(hyphenation.choose_word_list(d), "lang", None) for d in (english, french, chinese)] == [
        "en",
        "fr",
        None,
    ]


def test_word_list_decides_what_the_document_does_not() -> None:
    source = "the densely-\npopulated strip, prevent-\ned. total im-\npunity\n"
    (segment,) = FORMAT.extract(source, path="x.txt")
    assert segment.text == "the densely-populated strip, prevented. total impunity"


def test_without_word_lists_the_document_still_decides_quietly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(hyphenation, "DICT_DIR", tmp_path)
    hyphenation.load_word_list.cache_clear()
    try:
        text = "\n".join(_msgids("lombardo-v-st-louis-dissent.txt"))
        assert "summary disposition because it" in text and "Suppose officers" in text
        (segment,) = FORMAT.extract("the densely-\npopulated strip; a densely-populated city\n", path="x.txt")
        assert segment.text == "the densely-populated strip; a densely-populated city"
        assert capsys.readouterr() == ("", "")
    finally:
        hyphenation.load_word_list.cache_clear()


def test_runs_of_spaces_from_justification_are_one_space_and_the_source_is_kept() -> None:
    source = "We  call  upon  all  the  peoples  of  the  world\tto stand with Palestine.\n"
    (segment,) = FORMAT.extract(source, path="x.txt")
    assert segment.text == "We call upon all the peoples of the world to stand with Palestine."
    assert FORMAT.render(source, lambda s: s.text, path="x.txt") == source


_WRAPPED = (
    "The Security Council recalled its earlier resolutions on the question of Palestine\n"
    "and the situation in the Middle East and reaffirmed, as it stated in paragraph\n"
    "{line}\n"
    "settlement activities in the occupied Palestinian territory, including East\n"
    "Jerusalem, and that it fully respect all of its legal obligations in this regard.\n"
)


def test_number_at_a_wrapped_line_start_continues_the_sentence() -> None:
    source = _WRAPPED.format(line="7. of resolution 2334, demanded that Israel immediately cease all")
    (segment,) = FORMAT.extract(source, path="x.txt")
    assert "as it stated in paragraph 7. of resolution 2334, demanded" in segment.text
    assert segment.kind == PARAGRAPH


def test_numbered_list_after_a_sentence_stays_a_list() -> None:
    source = "We demand the following from the governments of the world today:\n1. End the siege.\n2. Stop the arms trade.\n"
    assert [s.kind for s in FORMAT.extract(source, path="x.txt")] == [PARAGRAPH, LIST_ITEM, LIST_ITEM]


def test_lettered_and_roman_items_stay_separate_paragraphs() -> None:
    source = (
        "The undersigned states shall:\n\n"
        "a) refrain from any act that would recognise the annexation of the territory; or\n\n"
        "b) ensure that no aid or assistance is rendered to the occupying power.\n\n"
        "(i) the first item;\n(ii) the second item.\n"
    )
    assert [s.text for s in FORMAT.extract(source, path="x.txt")] == [
        "The undersigned states shall:",
        "a) refrain from any act that would recognise the annexation of the territory; or",
        "b) ensure that no aid or assistance is rendered to the occupying power.",
        "(i) the first item;",
        "(ii) the second item.",
    ]


# Real signatory lists in plain text (tests/data/signatories, see its SOURCE.md)


def _truth(name: str) -> list[str]:
    return [line for line in read_exact(LISTS / name.replace(".txt", ".truth.txt")).split("\n") if line]


@pytest.mark.parametrize("name", LIST_SAMPLES)
def test_real_list_signatories_are_one_segment_each(name: str) -> None:
    segments = FORMAT.extract(read_exact(LISTS / name), path=name)
    assert [s.text for s in segments if s.kind == SIGNATORY] == _truth(name)


@pytest.mark.parametrize(
    "name", ["unmarked-name-organization.txt", "names-alone.txt", "blank-separated-name-place.txt", "nom-fonction-semicolon.txt"]
)
def test_translated_render_writes_each_signatory_of_a_list_on_its_own_line(name: str) -> None:
    rendered = FORMAT.render(read_exact(LISTS / name), _upper, path=name)
    lines = {line.strip().rstrip(" ;") for line in rendered.split("\n")}
    single_line = [item for item in _truth(name) if item.upper() in lines]
    assert len(single_line) >= len(_truth(name)) - 1  # one item of the ";" list is broken over two lines
    assert [s.kind for s in FORMAT.extract(rendered, path=name)] == [
        s.kind for s in FORMAT.extract(read_exact(LISTS / name), path=name)
    ]


def test_run_on_list_items_each_have_their_own_span() -> None:
    source = read_exact(LISTS / "run-on-nom-fonction.txt")
    blocks = [b for b in FORMAT.blocks(source, path="x.txt") if b.segment.kind == SIGNATORY]
    assert [b.segment.text for b in blocks] == _truth("run-on-nom-fonction.txt")
    assert all(source[b.start:b.end] == b.segment.text for b in blocks)
    rendered = FORMAT.render(source, lambda s: "<>" if s.kind == SIGNATORY else None, path="x.txt")
    assert "<> ; <> ; <>" in rendered and rendered.count("<>") == len(blocks)


def test_numbered_lists_with_four_digits_gaps_and_counting_down_are_one_list() -> None:
    names = _truth("unmarked-name-organization.txt")[:6]
    numbers = [1504, 1503, 1500, 1499, 1000, 998]
    source = "Signed by (and counting):\n\n" + "\n".join(f"{n}. {name}" for n, name in zip(numbers, names, strict=True))
    segments = FORMAT.extract(source + "\n", path="x.txt")
    assert [(s.kind, s.marker, s.text) for s in segments[1:]] == [
        (SIGNATORY, f"{n}.", name) for n, name in zip(numbers, names, strict=True)
    ]
    ascending = "\n".join(f"{n}. {name}" for n, name in zip([1, 2, 5, 9, 10, 14], names, strict=True))
    assert {s.kind for s in FORMAT.extract(ascending + "\n", path="x.txt")} == {SIGNATORY}


def test_five_thousand_line_list_is_five_thousand_segments_in_well_under_a_second() -> None:
    names = _truth("unmarked-name-organization.txt")
    source = "Open letter\n\nWe call for an end to the siege.\n\nSignatories:\n" + "\n".join(
        names[i % len(names)] for i in range(5000)
    ) + "\n"
    started = time.process_time()
    segments = FORMAT.extract(source, path="x.txt")
    elapsed = time.process_time() - started
    assert sum(s.kind == SIGNATORY for s in segments) == 5000
    assert elapsed < 1.0, f"{elapsed:.2f} s of CPU for 5,000 lines"
