"""Catalog reading, gettext-exact rendering, msgmerge-like merging and statistics."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from stmtl10n.catalog import (
    Catalog,
    Entry,
    Progress,
    merge_catalog,
    new_catalog,
    read_catalog,
    render_catalog,
    write_catalog,
)
from stmtl10n.errors import CatalogError

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "bad"

HEADER = {
    "Project-Id-Version": "stmtl10n statements",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2026-11-25 10:00+0000",
    "PO-Revision-Date": "2026-11-25 10:00+0000",
    "Last-Translator": "Volunteer <volunteer@example.org>",
    "Language-Team": "German",
    "Language": "de",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}

LONG = (
    "More than 11 months have passed since the beginning of the criminal offensive by the "
    "terrorist state of Israel against the Palestinian people. More than 40,000 Palestinians "
    "have been murdered, including women and children, and more than 100,000 have been "
    "injured. Read the [full report](https://example.org/a/very/long/path/to/the/report?x=1&lang=en) "
    "— it says that approximately 80% of the children under the age of 5 are unable to eat "
    "every day, that the “humanitarian pause” is a lie, and that self-determination is a "
    "right, not a favour granted by the occupiers; we call on all anti-imperialists to act."
)

TRICKY = {
    "ascii": "Anti-imperialists of the world, unite!",
    "long": LONG,
    "url": "See https://example.org/statements/2024/10/07/a-very-long-slug-for-a-statement-about-palestine?utm_source=x&utm_medium=y now",
    "markdown-link": "Sign the call: [International Week of Action for Palestine](https://example.org/a/very/long/path?x=1) — thank you!",
    "em-dash": "Palestine is our cause – together we will win!—and again—and again—and again—and again—and again—more",
    "curly-quotes": "the myth of an “unshakable power” was severely shaken; ‘single quotes’ too, «guillemets» and „German“ ones " * 2,
    "arabic": "فلسطين حرة من النهر إلى البحر، والمقاومة حق مشروع للشعوب المضطهدة في كل مكان من العالم، ونحن ندعو إلى التضامن الأممي",
    "spanish": "¡Viva la lucha del pueblo palestino! ¿Quién puede negar que la solidaridad internacional es más necesaria que nunca? Sí, señor.",
    "cjk": "国际团结日呼吁：我们支持巴勒斯坦人民的正义事业，反对占领和种族隔离，要求立即停火。「括号」（全角）、句号。Ahmad Saadat（艾哈迈德·萨达特）",
    "japanese": "パレスチナ人民との国際連帯の日に、私たちは即時停戦と占領の終結を要求します。ガザの子どもたちに食料と水を！",
    "hyphens": "anti-imperialist anti-colonial self-determination well-known co-operation 2024-10-07 12-13 October A-1 e-mail re-enter x-" * 2,
    "numbers": "40,000 people, 80% of them; 1.5 million; $100 and 100 € and 3:30 pm and 12/13 October and (1) [2] {3} 4th" * 2,
    "escapes": 'a tab\there, a backslash \\ and "double quotes" in the middle of a line that is long enough to wrap \\"x\\" ok',
    "line-separator": "first part\u2028second part\x1erecord separator\u2029paragraph separator and a long tail to make it wrap around",
    "embedded-newlines": "line one\nline two\n\nline four, which is quite a bit longer than the others and so it must wrap somewhere\n",
    "trailing-spaces": "Intensify actions and make the militant, mass movement  \nin support    of Palestine   ",
    "empty": "",
    "one-long-word": "x" * 100,
    "unbreakable-then-line-separator": "Palestine" * 3 + "https://example.org/a/very/long/path?x=1&y=2#frag\u2028Palestine",
    "long-word-after-first": "a " + "y" * 100 + " b",
}


def _catalog(entries: list[Entry], **kwargs: object) -> Catalog:
    return Catalog(locale="de", header=dict(HEADER), entries=entries, **kwargs)  # type: ignore[arg-type]


def _assert_gettext_identical(tmp_path: Path, gettext_tools: object, catalog: Catalog) -> str:
    path = tmp_path / "de.po"
    write_catalog(path, catalog)
    text = path.read_text(encoding="utf-8")
    assert gettext_tools.msgcat(path) == text  # type: ignore[attr-defined]
    gettext_tools.check(path)  # type: ignore[attr-defined]
    return text


def _statement_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "statements").glob("*.txt")):
        content = path.read_text(encoding="utf-8")
        texts += [block.strip() for block in content.split("\n\n")]
        texts += content.splitlines()
        texts.append(content)
    return [t for t in dict.fromkeys(texts) if t]


# --- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_render_is_what_msgcat_writes(tmp_path: Path, gettext_tools: object, text: str) -> None:
    entries = [
        Entry("key", msgstr=text, msgctxt=text or "ctx", previous_msgid=text, flags=["fuzzy"]),
        Entry(text or "x", msgstr=text.upper(), references=["statements/a.md:1"]),
        Entry("obsolete " + text, msgstr=text or "x", previous_msgid=text, flags=["fuzzy"], obsolete=True),
    ]
    _assert_gettext_identical(tmp_path, gettext_tools, _catalog(entries))


def test_render_real_statements_is_what_msgcat_writes(tmp_path: Path, gettext_tools: object) -> None:
    texts = _statement_texts()
    assert len(texts) > 100
    entries = [
        Entry(t, msgstr=t.upper() if i % 2 else "", references=[f"statements/x.md:{i}"])
        for i, t in enumerate(texts)
    ]
    _assert_gettext_identical(tmp_path, gettext_tools, _catalog(entries))


def test_render_breaks_around_escapes_like_msgcat(tmp_path: Path, gettext_tools: object) -> None:
    # A line may end just before an escape sequence but never inside one, nor before a final \n.
    cases = []
    for escape in ["\t", "\\", '"', "\a", "\b", "\f", "\r", "\v", "\n"]:
        for length in range(62, 80):
            run = "x" * length
            cases += [f"{run} {escape}abc def", f"{run}{escape}abc def", f"{run} {escape}", f"{run} a{escape}",
                      f"{run} {escape * 3}"]
    entries = [Entry(f"{index}{text}") for index, text in enumerate(cases)]
    _assert_gettext_identical(tmp_path, gettext_tools, _catalog(entries))


def test_render_layout_of_comments_flags_previous_and_obsolete() -> None:
    catalog = Catalog(
        locale="de",
        header={"Language": "de", "Content-Type": "text/plain; charset=UTF-8"},
        header_comments=["German translation.", ""],
        header_is_fuzzy=True,
        entries=[
            Entry("Old", msgstr="Alt", obsolete=True, previous_msgid="Older", flags=["fuzzy"]),
            Entry(
                "Hello",
                msgstr="Hallo",
                msgctxt="greeting",
                flags=["signatory", "fuzzy"],
                translator_comments=["stmtl10n: mt offline", ""],
                extracted_comments=["paragraph", ""],
                references=["statements/a.md:1", "statements/a.md:1", "statements/b.md:2"],
                previous_msgctxt="greeting",
                previous_msgid="Hello!",
            ),
        ],
    )
    assert render_catalog(catalog) == (
        "# German translation.\n"
        "#\n"
        "#, fuzzy\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Language: de\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        "\n"
        "# stmtl10n: mt offline\n"
        "#\n"
        "#. paragraph\n"
        "#.\n"
        "#. flags: signatory\n"
        "#: statements/a.md:1 statements/b.md:2\n"
        "#, fuzzy\n"
        '#| msgctxt "greeting"\n'
        '#| msgid "Hello!"\n'
        'msgctxt "greeting"\n'
        'msgid "Hello"\n'
        'msgstr "Hallo"\n'
        "\n"
        "#, fuzzy\n"
        '#~| msgid "Older"\n'
        '#~ msgid "Old"\n'
        '#~ msgstr "Alt"\n'
    )


def test_render_wraps_references_and_header_lines_like_gettext(tmp_path: Path, gettext_tools: object) -> None:
    references = [f"statements/international-week-declaration.md:{n}" for n in range(1, 40, 3)]
    text = _assert_gettext_identical(tmp_path, gettext_tools, _catalog([Entry("x", references=references)]))
    assert all(len(line) <= 79 for line in text.splitlines())
    assert '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 "' in text


def test_render_starts_long_strings_with_an_empty_line() -> None:
    text = render_catalog(Catalog(None, entries=[Entry(LONG)]))
    assert text.startswith('msgid ""\n"More than 11 months')
    assert render_catalog(Catalog(None, entries=[Entry("short\n")])) == 'msgid "short\\n"\nmsgstr ""\n'


def test_render_is_fast_enough_for_100k_entries() -> None:
    texts = _statement_texts()
    entries = [Entry(texts[i % len(texts)] + f" {i}", msgstr=texts[(i + 1) % len(texts)]) for i in range(100_000)]
    started = time.process_time()
    render_catalog(Catalog("de", entries=entries))
    assert time.process_time() - started < 20  # about 5 s of CPU here; generous for slow CI machines


# --- reading -------------------------------------------------------------------------------


def test_read_round_trips_through_a_path(tmp_path: Path, gettext_tools: object) -> None:
    entries = [
        Entry(text or "empty", msgstr=text, references=["statements/a.md:3"], extracted_comments=["paragraph"])
        for text in TRICKY.values()
    ]
    entries.append(Entry("Gone", msgstr="Weg", obsolete=True, previous_msgid="Gone!", flags=["fuzzy"]))
    catalog = _catalog(entries, header_comments=["German."], header_is_fuzzy=True)
    path = tmp_path / "de.po"
    write_catalog(path, catalog)
    again = read_catalog(path)
    assert again == catalog
    assert again.locale == "de"
    assert render_catalog(again) == path.read_text(encoding="utf-8")


def test_read_template_has_no_locale(tmp_path: Path) -> None:
    path = tmp_path / "x.pot"
    header = {k: v for k, v in HEADER.items() if k != "Language"}
    write_catalog(path, Catalog(None, header=header, entries=[Entry("a")]))
    assert read_catalog(path).locale is None


_SEE_GIT = "fix the file or restore it from git"
_NUL = "remove it (msgfmt cuts a string at a NUL, so the rest would never be published)"
# What read_catalog says about each file of the bad corpus: where and what, then the fix.
BAD_FILES = {
    "unterminated-string.po": (":5: malformed string", _SEE_GIT),
    "latin1.po": (":5: not valid UTF-8", _SEE_GIT),
    "plural.po": (":5: plural entry", _SEE_GIT),
    "duplicate.po": (":8: duplicate entry", _SEE_GIT),
    "garbage.po": (":7: syntax error", _SEE_GIT),
    "missing-msgstr.po": (":6: msgid without a msgstr line", 'write msgstr "" below it, or restore the file from git'),
    "missing-msgstr-at-end.po": (":8: msgid without a msgstr line", 'write msgstr "" below it, or restore the file from git'),
    "msgstr-without-msgid.po": (":9: msgstr without a msgid", "restore the file from git or write the msgid above it"),
    "comment-inside-entry.po": (":6: a comment between msgid and msgstr", "move it above the msgid"),
    "obsolete-mixed.po": (":9: only some lines of this entry start with #~", "mark every line of an obsolete entry #~, or none"),
    "nul-escape.po": (":6: escape \\0 at column 14 is a NUL character", _NUL),
    "nul-raw.po": (":6: NUL character (U+0000) at column 14", _NUL),
    "invalid-escape.po": (":6: escape \\U at column 11 is not a valid escape (msgfmt rejects it)", "write \\\\ for a backslash"),
    "octal-escape.po": (":6: escape \\041 at column 14 (U+0021) is one stmtl10n cannot read", "write the character itself"),
    "charset-latin1.po": (
        ":3: the header says charset=ISO-8859-1, but stmtl10n reads UTF-8 catalogs only",
        "convert the file: msgconv --to-code=UTF-8 locales/de/charset-latin1.po -o locales/de/charset-latin1.po",
    ),
    "charset-contradicts-text.po": (
        ":3: the header says charset=ISO-8859-1, but the file is UTF-8 text", "change the header to charset=UTF-8",
    ),
    "carriage-return.po": (
        ":6: carriage return (CR) inside a line", "end lines with LF or CRLF, and write \\r for a carriage return inside a string",
    ),
}
# The bad files msgfmt --check accepts, and what it does with them that makes them wrong to publish
# (or to read with polib, which would then rewrite them differently). msgfmt rejects every other one.
MSGFMT_ACCEPTS = {
    "nul-escape.po": "the MO file has msgstr 'Hallo': the rest of the string is lost",
    "nul-raw.po": "the MO file has msgstr 'Hallo': the rest of the string is lost",
    "octal-escape.po": "polib keeps \\041 as four characters, so a rewrite would publish them",
    "charset-latin1.po": "a Latin-1 file is fine for gettext, but stmtl10n reads and writes UTF-8 only",
    "charset-contradicts-text.po": "the MO says ISO-8859-1, so 'café' is shown as 'cafÃ©'",
    "carriage-return.po": "polib splits the line at the CR and reports a syntax error on a line that does not exist",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES), ids=str)
def test_read_bad_catalog_names_file_and_line(name: str) -> None:
    before = (BAD / name).read_bytes()
    with pytest.raises(CatalogError) as caught:
        read_catalog(BAD / name, display=f"locales/de/{name}")
    message = str(caught.value)
    where, fix = BAD_FILES[name]
    assert message.startswith(f"locales/de/{name}{where}")
    assert message.endswith(fix)
    assert "\n" not in message
    assert (BAD / name).read_bytes() == before


@pytest.mark.parametrize("name", sorted(BAD_FILES), ids=str)
def test_msgfmt_rejects_every_bad_file_but_those_it_publishes_wrong(name: str) -> None:
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(BAD / name)], capture_output=True)
    assert (checked.returncode == 0) == (name in MSGFMT_ACCEPTS), checked.stderr.decode(errors="replace")


@pytest.mark.parametrize("name", ["nul-escape.po", "nul-raw.po"])
def test_msgfmt_cuts_a_string_at_a_nul(name: str) -> None:
    mo = subprocess.run(["msgfmt", "-o", "-", str(BAD / name)], capture_output=True, check=True).stdout
    po = subprocess.run(["msgunfmt", "-"], input=mo, capture_output=True, check=True).stdout.decode()
    assert 'msgstr "Hallo"' in po and "mehr" not in po


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("charset=UTF-8", 'msgid "a"\nmsgstr "caf\u00e9"\n'),
        ("charset=utf-8", 'msgid "a"\nmsgstr "caf\u00e9"\n'),
        ("charset=CHARSET", 'msgid "a"\nmsgstr ""\n'),  # xgettext's template placeholder, ASCII text
        ("", 'msgid "a"\nmsgstr "b"\n'),  # no charset at all: msgfmt only warns
    ],
    ids=["UTF-8", "utf-8", "CHARSET-ascii", "none"],
)
@pytest.mark.foreign_catalogs  # written by hand, not as msgcat writes them
def test_catalogs_gettext_reads_as_utf8_are_read(tmp_path: Path, header: str, body: str) -> None:
    path = tmp_path / "x.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; {header}\\n"\n\n{body}', encoding="utf-8")
    assert [e.msgid for e in read_catalog(path).entries] == ["a"]


@pytest.mark.foreign_catalogs  # written by hand, not as msgcat writes them
def test_what_polib_and_msgfmt_both_read_is_read(tmp_path: Path) -> None:
    # Blank lines inside an entry, escapes polib reads, an obsolete entry with #~| previous
    # lines, CRLF line ends: none of these is refused.
    path = tmp_path / "x.po"
    path.write_bytes(
        b'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n'
        b'msgctxt "c"\r\n\r\nmsgid "a"\r\n\r\nmsgstr "b\\t\\"q\\" \\\\"\r\n\r\n'
        b'#~| msgid "old"\r\n#~ msgid "new"\r\n#~ msgstr "x"\r\n'
    )
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)
    entries = read_catalog(path).entries
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete, e.previous_msgid) for e in entries] == [
        ("c", "a", 'b\t"q" \\', False, None), (None, "new", "x", True, "old"),
    ]


def test_every_bad_file_is_covered() -> None:
    assert {p.name for p in BAD.glob("*.po")} == set(BAD_FILES)


def test_read_missing_catalog(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"^de\.po: no such catalog"):
        read_catalog(tmp_path / "de.po", display="de.po")


# --- merging -------------------------------------------------------------------------------


def _translated(msgid: str, msgstr: str, **kwargs: object) -> Entry:
    return Entry(msgid, msgstr=msgstr, **kwargs)  # type: ignore[arg-type]


def test_merge_one_word_edit_in_a_long_paragraph_is_fuzzy_with_previous_msgid() -> None:
    assert len(LONG) > 600
    old = _catalog([_translated(LONG, "LANG", translator_comments=["checked with the author", "stmtl10n: mt offline"])])
    edited = LONG.replace("criminal", "brutal")
    merged = merge_catalog(old, [Entry(edited, references=["statements/a.md:3"])])
    [entry] = merged.entries
    assert (entry.msgid, entry.msgstr, entry.flags) == (edited, "LANG", ["fuzzy"])
    assert entry.previous_msgid == LONG
    # The old msgstr was reviewed: a person's work, no longer a machine draft pretranslate may replace.
    assert entry.translator_comments == ["checked with the author"]
    assert not entry.is_machine_written
    assert entry.references == ["statements/a.md:3"]


def test_merge_keeps_exact_matches_and_takes_comments_from_the_template() -> None:
    old = _catalog([
        _translated("A", "a", translator_comments=["mine"], extracted_comments=["stale"], references=["old.md:1"]),
        _translated("B", "b", flags=["fuzzy"], previous_msgid="B!"),
    ])
    template = [Entry("B", extracted_comments=["paragraph"]), Entry("A", flags=["signatory"], references=["new.md:9"])]
    merged = merge_catalog(old, template)
    b, a = merged.entries
    assert (a.msgstr, a.translator_comments, a.extracted_comments, a.references, a.flags) == (
        "a", ["mine"], [], ["new.md:9"], ["signatory"])
    assert (b.msgstr, b.flags, b.previous_msgid, b.extracted_comments) == ("b", ["fuzzy"], "B!", ["paragraph"])
    assert merged.header == old.header


def test_merge_insert_delete_and_reorder_paragraphs() -> None:
    paragraphs = [f"Paragraph number {n} of the statement says something different, about topic {n}." for n in range(5)]
    old = _catalog([_translated(p, p.upper()) for p in paragraphs] + [Entry("never translated")])
    template = [Entry(paragraphs[3]), Entry("A brand new paragraph."), Entry(paragraphs[0]), Entry(paragraphs[4])]
    merged = merge_catalog(old, template)
    active = [e for e in merged.entries if not e.obsolete]
    assert [(e.msgid, e.msgstr) for e in active] == [
        (paragraphs[3], paragraphs[3].upper()),
        ("A brand new paragraph.", ""),
        (paragraphs[0], paragraphs[0].upper()),
        (paragraphs[4], paragraphs[4].upper()),
    ]
    retired = [e for e in merged.entries if e.obsolete]
    assert [e.msgid for e in retired] == [paragraphs[1], paragraphs[2]]  # untranslated one dropped
    assert all(e.msgstr for e in retired)


def test_merge_revives_an_obsolete_translation_and_keeps_unmatched_obsolete_ones() -> None:
    old = _catalog([
        _translated("Back again", "Wieder da", obsolete=True),
        _translated("Still gone", "Noch weg", obsolete=True),
        _translated("Fuzzy draft", "Entwurf", flags=["fuzzy"]),
    ])
    merged = merge_catalog(old, [Entry("Back again")])
    assert [(e.msgid, e.msgstr, e.obsolete) for e in merged.entries] == [
        ("Back again", "Wieder da", False),
        ("Still gone", "Noch weg", True),
        ("Fuzzy draft", "Entwurf", True),
    ]


def test_merge_unchanged_template_keeps_the_file_byte_identical(tmp_path: Path) -> None:
    texts = _statement_texts()[:60]
    old = _catalog([
        _translated(t, t[::-1], references=[f"statements/a.md:{i}"], extracted_comments=["paragraph"],
                    flags=["fuzzy"] if i % 3 == 0 else [], previous_msgid=t + "!" if i % 3 == 0 else None)
        for i, t in enumerate(texts)
    ] + [_translated("Old one", "Alt", obsolete=True)])
    template = [Entry(e.msgid, references=list(e.references), extracted_comments=list(e.extracted_comments))
                for e in old.entries if not e.obsolete]
    assert render_catalog(merge_catalog(old, template)) == render_catalog(old)


def test_merge_agrees_with_msgmerge(tmp_path: Path, gettext_tools: object) -> None:
    header = dict(HEADER)
    old = _catalog([
        _translated("The people of Palestine will win.", "Das Volk Palästinas wird siegen.", references=["a.md:1"]),
        _translated(LONG, "LANG", references=["a.md:3"]),
        _translated("Removed paragraph that was translated.", "Entfernt.", references=["a.md:5"]),
        Entry("Removed and untranslated.", references=["a.md:7"]),
        _translated("Stays the same.", "Bleibt gleich.", references=["a.md:9"], translator_comments=["checked"]),
    ])
    template_entries = [
        Entry("Stays the same.", references=["a.md:1"]),
        Entry("The people of Palestine shall win.", references=["a.md:3"]),
        Entry(LONG.replace("terrorist", "Zionist"), references=["a.md:5"]),
        Entry("A new paragraph.", references=["a.md:7"]),
    ]
    old_path, pot_path = tmp_path / "de.po", tmp_path / "x.pot"
    write_catalog(old_path, old)
    write_catalog(pot_path, Catalog(None, header={**header, "Language": ""}, entries=template_entries))
    ours = render_catalog(merge_catalog(read_catalog(old_path), read_catalog(pot_path).entries))
    assert ours == gettext_tools.msgmerge(old_path, pot_path)  # type: ignore[attr-defined]


def test_merge_handles_hundreds_of_long_paragraphs_quickly() -> None:
    texts = [f"{LONG} Variant {n}: " + " ".join(f"word{n * k}" for k in range(40)) for n in range(300)]
    old = _catalog([_translated(t, t.upper()) for t in texts])
    template = [Entry(t.replace("Variant", "Version")) for t in texts[::2]] + [Entry(f"new {n}") for n in range(150)]
    started = time.process_time()
    merged = merge_catalog(old, template)
    assert time.process_time() - started < 20
    assert sum(e.is_fuzzy for e in merged.entries if not e.obsolete) == 150


# --- statistics and construction -------------------------------------------------------------


def test_progress_counts_active_entries_and_words() -> None:
    catalog = _catalog([
        _translated("one two three", "eins zwei drei"),
        _translated("four five", "vier fünf", flags=["fuzzy"]),
        Entry("six"),
        _translated("gone gone", "weg", obsolete=True),
    ])
    entries, words = Progress.of(catalog.active()), Progress.of(catalog.active(), words=True)
    assert (entries.reviewed, entries.draft, entries.untranslated, entries.total) == (1, 1, 1, 3)
    assert (words.reviewed, words.draft, words.untranslated, words.total) == (3, 2, 1, 6)


def test_new_catalog_copies_the_header() -> None:
    header = {"Language": "ar"}
    catalog = new_catalog(locale="ar", header=header)
    header["Language"] = "x"
    assert (catalog.locale, catalog.header, catalog.entries) == ("ar", {"Language": "ar"}, [])
