"""Properties of catalog rendering: gettext's own tools and library are the oracles."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stmtl10n import _linebreak as linebreak
from stmtl10n.catalog import Catalog, Entry, read_catalog, render_catalog, render_catalog_and_reading, write_catalog
from stmtl10n.errors import CatalogError

HEADER = {"Language": "ar", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8"}

WORDS = [
    "Palestine", "solidarity", "anti-imperialist", "self-determination", "co-operation", "people",
    "résistance", "campaña", "¡únete!", "¿Por", "qué?", "Ahmad", "Sa'adat", "e-mail", "x-", "-y",
    "فلسطين", "المقاومة", "الشعب", "حرة،", "؟", "مُقاوَمة",
    "巴勒斯坦", "人民", "团结", "。", "、", "「括号」", "（全角）", "パレスチナ", "連帯", "ー", "국제", "연대",
    "40,000", "80%", "12/13", "1.5", "$100", "100 €", "2024-10-07", "(1)", "[2]", "{3}",
    "—", "–", "“quoted”", "‘single’", "«guillemets»", "„German“", '"plain"', "'apostrophe'",
    "https://example.org/a/very/long/path?x=1&y=2#frag", "[link](https://example.org/x/y/z)",
    "**bold**", "_em_", "`code`", "\\", "\t", "\u2028", "\x1e", "\u00a0", "\u200b", "\u2060", "…",
    "!", "?", ",", ".", ";", ":", "/", ")", "(", "—and—", "Ω", "ñ", "ü", "é", "Ⅻ", "🇵🇸", "👍🏽",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", " ", " ", "  ", "\n"])), max_size=80
).map("".join)


def _libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    if name is None:
        pytest.fail("libunistring not found: install GNU gettext (apt-get install gettext)")
    return ctypes.CDLL(name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=12, unique=True), context=st.none() | TEXT)
def test_render_equals_msgcat_for_any_realistic_text(
    tmp_path: Path, gettext_tools: object, texts: list[str], context: str | None
) -> None:
    entries = [
        Entry(
            f"{index}: {text}",
            msgstr=text if text and not text.startswith("\n") and not text.endswith("\n") else "",
            msgctxt=context,
            previous_msgid=text,
            flags=["fuzzy"] if text and not text.startswith("\n") and not text.endswith("\n") else [],
            references=[f"statements/s{index}.md:{n}" for n in range(index % 5)],
            # msgcat leaves out obsolete entries that have no msgstr (msgl-cat.c), write-po does not.
            obsolete=index % 4 == 3 and bool(text.strip("\n")) and not text.startswith("\n") and not text.endswith("\n"),
        )
        for index, text in enumerate(texts)
    ]
    catalog = Catalog("ar", header=dict(HEADER), entries=entries)
    path = tmp_path / "ar.po"
    write_catalog(path, catalog)
    written = path.read_text(encoding="utf-8")
    assert gettext_tools.msgcat(path) == written  # type: ignore[attr-defined]
    again = read_catalog(path)
    # Obsolete entries are written last, so they come back last.
    assert again.entries == sorted(catalog.entries, key=lambda e: e.obsolete)
    assert render_catalog(again) == written


FLAGS = ["fuzzy", "python-format", "no-wrap", "signatory", "no-translate", "no-check-dates", "range: 1..5"]
COMMENTS = ["stmtl10n: deepl", "reviewed by Amal", "# hash", "~ tilde", "ملاحظة", "stmtl10n: memory (94%)"]
REFERENCES = ["statements/a.md:12", "statements/a.md", "a:b:3", "x.md:", "statements/b.txt:140"]
# One thing a catalog may hold that reading its file gives otherwise, or refuses.
FAULTS = {
    "comment": lambda e: e.translator_comments.append("two\nlines"),
    "padded comment": lambda e: e.extracted_comments.append(" padded "),
    "flags comment": lambda e: e.translator_comments.append("flags: x"),
    "reference": lambda e: e.references.append("my file.md:3"),
    "empty context": lambda e: setattr(e, "msgctxt", ""),
    "duplicate flag": lambda e: e.flags.extend(["no-wrap", "no-wrap"]),
    "duplicate own flag": lambda e: e.flags.extend(["stmtl10n-x", "stmtl10n-x"]),
    "previous of obsolete": lambda e: (setattr(e, "obsolete", True), setattr(e, "previous_msgid", "older")),
    "control character": lambda e: setattr(e, "msgstr", e.msgstr + "\x1e"),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fault=st.none() | st.sampled_from(sorted(FAULTS)))
def test_a_kept_reading_of_what_is_written_is_what_parsing_it_gives(tmp_path: Path, data: st.DataObject,
                                                                    fault: str | None) -> None:
    # What extract and pretranslate keep for the next command: equal to read_catalog's parse of the
    # file written, entry for entry and line for line. A catalog without a fault always has a
    # reading; one with a fault has none, or one that is still the parse's.
    texts = data.draw(st.lists(TEXT.filter(lambda t: t.strip() != "" and "\x1e" not in t and "\u2028" not in t),
                               min_size=1, max_size=6, unique=True))
    entries = []
    for index, text in enumerate(texts):
        obsolete = data.draw(st.booleans()) and index > 0
        entries.append(Entry(
            text,
            msgstr=data.draw(st.sampled_from(["", text, "ترجمة " + text])),
            msgctxt=data.draw(st.sampled_from([None, "heading"])),
            flags=data.draw(st.lists(st.sampled_from(FLAGS), max_size=4, unique=True)),
            translator_comments=data.draw(st.lists(st.sampled_from(COMMENTS), max_size=2)),
            extracted_comments=data.draw(st.lists(st.sampled_from(COMMENTS), max_size=2)),
            references=data.draw(st.lists(st.sampled_from(REFERENCES), max_size=3)),
            previous_msgid=None if obsolete else data.draw(st.sampled_from([None, "older " + text])),
            obsolete=obsolete,
        ))
    if fault is not None:
        FAULTS[fault](entries[data.draw(st.integers(0, len(entries) - 1))])
    header = dict(HEADER)
    if fault is None and data.draw(st.booleans()):
        fault = "header"
        header.update(data.draw(st.sampled_from([{"X-Note": " padded"}, {"Bad:Key": "v"}, {"X-Empty": ""},
                                                 {"Content-Type": "text/plain; charset=ISO-8859-1"}])))
    catalog = Catalog("ar", header=header, header_comments=["Arabic translation of statements/a.md."],
                      header_is_fuzzy=data.draw(st.booleans()), entries=entries)
    text, reading = render_catalog_and_reading(catalog)
    assert text == render_catalog(catalog)
    path = tmp_path / "catalog.written"  # not .po: msgcat's oracle is the test above's
    path.write_text(text, encoding="utf-8")
    try:
        parsed = read_catalog(path)
    except CatalogError:
        assert reading is None  # no reading of a file the next reader refuses
        return
    assert reading is not None or fault is not None
    if reading is not None:
        assert reading == parsed
        assert [e.line for e in reading.entries] == [e.line for e in parsed.entries]


def test_a_reading_is_given_for_the_catalogs_extract_writes() -> None:
    # The property above holds trivially if no reading is ever given: the usual catalog has one.
    entry = Entry("Free Palestine", "فلسطين حرة", flags=["fuzzy", "signatory"], translator_comments=["stmtl10n: deepl"],
                  extracted_comments=["heading"], references=["statements/a.md:3"], previous_msgid="Free Gaza")
    _, reading = render_catalog_and_reading(Catalog("ar", header=dict(HEADER), entries=[entry, Entry("Old", "قديم", obsolete=True)]))
    assert reading is not None and [e.line for e in reading.entries] == [13, None]  # after 4 comment lines and "#|"
    _, none = render_catalog_and_reading(Catalog("ar", entries=[Entry("a", translator_comments=["two\nlines"])]))
    assert none is None


def test_break_opportunities_match_libunistring_for_every_assigned_character() -> None:
    lib = _libunistring()
    breaks = lib.u8_possible_linebreaks_v2
    breaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]

    def reference(text: str) -> list[tuple[int, bool]]:
        data = text.encode("utf-8")
        result = ctypes.create_string_buffer(len(data))
        breaks(data, len(data), b"UTF-8", result)
        found, offset = [], 0
        for index, char in enumerate(text):
            if result.raw[offset] in (2, 3):  # UC_BREAK_POSSIBLE, UC_BREAK_MANDATORY
                found.append((index, result.raw[offset] == 3))
            offset += len(char.encode("utf-8"))
        return found

    characters = [
        chr(code) for code in range(0x40000)
        if not 0xD800 <= code < 0xE000 and unicodedata.category(chr(code)) != "Cn"
        and chr(code) not in "\r\n"  # gettext escapes these; libunistring pairs CR LF specially
    ]
    neighbours = ["a", " ", "(", ")", "一", "-", "1", "\u0300", "\u05d0", "\U0001f1e6", ",", "\u3001"]
    rng = random.Random(0)
    for start in range(0, len(characters), 4000):
        chunk = characters[start:start + 4000]
        pieces = []
        for char in chunk:
            pieces += [char, rng.choice(neighbours), char, char, rng.choice(neighbours), rng.choice(neighbours)]
        text = "".join(pieces)
        assert linebreak._opportunities(text.translate(linebreak._CLASSES)) == reference(text)


def test_fast_break_check_matches_the_full_algorithm() -> None:
    rng = random.Random(1)
    alphabet = list("aZ09 ,.;:!?()[]{}\"'-/%$#&*+=<>|~`@^_" + "“”‘’—–…«»¡¿€£§©°±×÷" + "一。、「」（）パー")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 30)))
        expected = [p for p, _ in linebreak._opportunities(text.translate(linebreak._CLASSES))]
        assert [p for p in range(1, len(text)) if linebreak._can_break(text, p)] == expected, text


def test_widths_match_libunistring_for_every_assigned_character() -> None:
    lib = _libunistring()
    width = lib.uc_width
    width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    width.restype = ctypes.c_int
    for code in range(0x40000):
        if 0xD800 <= code < 0xE000 or unicodedata.category(chr(code)) == "Cn":
            continue
        # Control characters are -1 there and count as nothing in ulc_width_linebreaks().
        assert int(linebreak._WIDTHS[code]) == max(width(code, b"UTF-8"), 0), hex(code)


@pytest.mark.foreign_catalogs  # a catalog written by hand
def test_render_of_a_read_catalog_is_stable(tmp_path: Path, gettext_tools: object) -> None:
    source = tmp_path / "x.po"
    source.write_text(
        '# Header comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. note\n#: a.md:1\nmsgid "An entry written by hand with a line that is much too long for gettext\'s taste, really"\n'
        'msgstr "x"\n',
        encoding="utf-8",
    )
    rendered = render_catalog(read_catalog(source))
    assert rendered == gettext_tools.msgcat(source)  # type: ignore[attr-defined]
