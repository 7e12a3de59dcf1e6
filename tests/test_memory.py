"""Tests for the translation memory: what it indexes, exact and close matches, incremental refresh."""

from __future__ import annotations

import doctest
import os
from datetime import date
from pathlib import Path

import pytest

import stmtl10n.memory
from pretranslate_support import by_msgid, extract_all, make_project, read_po, write_po
from stmtl10n.catalog import Entry
from stmtl10n.memory import TranslationMemory, fit_markup, open_memory, same_markup, similarity
from stmtl10n.pretranslate import pretranslate
from stmtl10n.project import Project

PARAGRAPH = ("The apartheid state of Israel constitutes part of the Western imperialist system led by "
             "the United States of America and is its military base.")
PARAGRAPH_ES = ("El estado de apartheid de Israel forma parte del sistema imperialista occidental liderado por "
                "los Estados Unidos de América y es su base militar.")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p", languages=("es", "fr"))


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_doctests() -> None:
    assert doctest.testmod(stmtl10n.memory).failed == 0


def test_exact_match_of_a_reviewed_translation(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Down with the occupation!", "¡Abajo la ocupación!")])
    with open_memory(project) as memory:
        match = memory.exact("Down with the occupation!", "es")
        assert match is not None
        assert (match.target, match.score, match.is_reviewed) == ("¡Abajo la ocupación!", 100, True)
        assert match.origin == "locales/es/LC_MESSAGES/a.po"
        assert memory.exact("Down with the occupation!", "fr") is None
        assert memory.exact("Down with the occupation", "es") is None


def test_reviewed_translation_wins_over_a_draft_of_the_same_text(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Viva Palestine!", "¡Viva Palestina! (borrador)", flags=["fuzzy"],
                                        translator_comments=["stmtl10n: mt deepl 2026-11-20"])])
    write_po(project, "b", "es", [Entry("Viva Palestine!", "¡Viva Palestina!")])
    with open_memory(project) as memory:
        match = memory.exact("Viva Palestine!", "es")
        assert match is not None and match.target == "¡Viva Palestina!" and match.is_reviewed


def test_a_draft_alone_is_an_unreviewed_exact_match_with_its_provenance(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Viva Palestine!", "¡Viva Palestina!", flags=["fuzzy"],
                                        translator_comments=["stmtl10n: mt deepl 2026-11-20"])])
    with open_memory(project) as memory:
        match = memory.exact("Viva Palestine!", "es")
        assert match is not None and not match.is_reviewed and match.provenance == "mt deepl 2026-11-20"


def test_disagreeing_reviewers_are_counted(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Glory to the Resistance!", "¡Gloria a la Resistencia!")])
    write_po(project, "b", "es", [Entry("Glory to the Resistance!", "¡Gloria a la Resistencia!")])
    write_po(project, "c", "es", [Entry("Glory to the Resistance!", "¡Honor a la Resistencia!")])
    with open_memory(project) as memory:
        match = memory.exact("Glory to the Resistance!", "es")
        assert match is not None
        assert (match.target, match.agreeing, match.alternatives) == ("¡Gloria a la Resistencia!", 2, 2)


def test_changed_source_and_empty_entries_are_not_in_the_memory(project: Project) -> None:
    write_po(project, "a", "es", [
        # msgstr translates the previous msgid, not this one
        Entry("New wording of the call.", "Redacción antigua.", flags=["fuzzy"], previous_msgid="Old wording."),
        Entry("Untranslated paragraph."),
        Entry("Arabic name", "Arabic name", flags=["fuzzy", "no-translate"], translator_comments=["stmtl10n: copied"]),
    ])
    with open_memory(project) as memory:
        assert memory.size() == 0
        assert memory.exact("New wording of the call.", "es") is None


def test_the_entry_being_filled_is_not_its_own_match(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Down with the occupation!", "¡Abajo la ocupación!")])
    with open_memory(project) as memory:
        assert memory.exact("Down with the occupation!", "es", exclude=("locales/es/LC_MESSAGES/a.po", None)) is None
        assert memory.exact("Down with the occupation!", "es", exclude=("locales/es/LC_MESSAGES/b.po", None)) is not None


def test_close_match_of_an_edited_long_paragraph(project: Project) -> None:
    write_po(project, "a", "es", [Entry(PARAGRAPH, PARAGRAPH_ES)])
    edited = PARAGRAPH.replace("Western imperialist system", "Western colonial system")
    with open_memory(project) as memory:
        matches = memory.close_matches(edited, "es")
    assert len(matches) == 1
    assert matches[0].target == PARAGRAPH_ES and matches[0].source == PARAGRAPH
    assert 90 <= matches[0].score < 100


def test_close_matches_stop_at_75_percent(project: Project) -> None:
    write_po(project, "a", "es", [Entry("one two three four five six seven eight", "uno dos tres cuatro cinco seis siete ocho")])
    with open_memory(project) as memory:
        # 6 of 8 words shared: 2·6/16 = 75 %
        assert [m.score for m in memory.close_matches("one two three four five six nine ten", "es")] == [75]
        # 5 of 8: 62 %
        assert memory.close_matches("one two three four five eleven nine ten", "es") == []


def test_identical_source_is_no_close_match(project: Project) -> None:
    write_po(project, "a", "es", [Entry(PARAGRAPH, PARAGRAPH_ES)])
    with open_memory(project) as memory:
        assert memory.close_matches(PARAGRAPH, "es") == []


def test_close_matches_come_only_from_reviewed_prose(project: Project) -> None:
    write_po(project, "a", "es", [
        Entry(PARAGRAPH, PARAGRAPH_ES, flags=["fuzzy"], translator_comments=["stmtl10n: mt deepl 2026-11-20"]),
        Entry("Jordanian Communist Party, Jordan", "Jordanian Communist Party, Jordania", flags=["signatory"]),
    ])
    with open_memory(project) as memory:
        assert memory.close_matches(PARAGRAPH.replace("military", "main"), "es") == []
        assert memory.close_matches("Jordanian Communist Party, Jordan ", "es") == []


def test_a_close_match_sharing_only_common_words_is_found(project: Project) -> None:
    # Candidate retrieval searches the rarest words; many filler entries make "the" and "of" common.
    filler = [Entry(f"the part of the text of the {n} statement", f"la parte {n}") for n in range(300)]
    target = Entry("the voice of the people of the world", "la voz de los pueblos del mundo")
    write_po(project, "a", "es", [*filler, target])
    with open_memory(project) as memory:
        matches = memory.close_matches("the voice of the peoples of the world", "es")
    assert matches and matches[0].target == "la voz de los pueblos del mundo"


def test_refresh_reindexes_only_changed_files(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Down with the occupation!", "¡Abajo la ocupación!")])
    b = write_po(project, "b", "es", [Entry("Viva Palestine!", "¡Viva Palestina!")])
    with open_memory(project) as memory:
        assert memory.refresh().indexed == 0
        write_po(project, "b", "es", [Entry("Viva Palestine!", "¡Que viva Palestina!")])
        _touch_later(b)
        stats = memory.refresh()
        assert (stats.indexed, stats.unchanged, stats.removed) == (1, 1, 0)
        match = memory.exact("Viva Palestine!", "es")
        assert match is not None and match.target == "¡Que viva Palestina!"


def test_removed_catalog_leaves_the_memory(project: Project) -> None:
    a = write_po(project, "a", "es", [Entry(PARAGRAPH, PARAGRAPH_ES)])
    with open_memory(project) as memory:
        a.unlink()
        assert memory.refresh().removed == 1
        assert memory.exact(PARAGRAPH, "es") is None
        assert memory.close_matches(PARAGRAPH.replace("military", "main"), "es") == []


def test_index_persists_between_openings(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Down with the occupation!", "¡Abajo la ocupación!")])
    open_memory(project).close()
    with TranslationMemory(project) as memory:
        assert memory.refresh().indexed == 0
        assert memory.exact("Down with the occupation!", "es") is not None


def test_damaged_index_is_rebuilt_from_the_catalogs(project: Project) -> None:
    write_po(project, "a", "es", [Entry("Down with the occupation!", "¡Abajo la ocupación!")])
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    (project.cache_dir / "memory.sqlite").write_bytes(b"this is not a database" * 100)
    with open_memory(project) as memory:
        assert memory.exact("Down with the occupation!", "es") is not None


def test_imported_tmx_files_are_in_the_memory(project: Project) -> None:
    tmx = project.root / "memory" / "old-calls.tmx"
    tmx.parent.mkdir()
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" '
        'segtype="paragraph" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="en"><seg>End the siege of Gaza now.</seg></tuv>'
        '<tuv xml:lang="es-ES"><seg>Fin al asedio de Gaza ya.</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Levée du siège de Gaza maintenant.</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    with open_memory(project) as memory:
        es = memory.exact("End the siege of Gaza now.", "es")
        fr = memory.exact("End the siege of Gaza now.", "fr")
    assert es is not None and es.target == "Fin al asedio de Gaza ya." and es.is_reviewed
    assert fr is not None and fr.origin == "memory/old-calls.tmx"


def test_similarity_is_word_level() -> None:
    assert similarity("a b c d", "a b c d") == 100
    assert similarity("a b c d", "a b c e") == 75
    assert similarity("Down with the occupation!", "down with the occupation") == 100  # callers cap non-identical at 99


# --- markup of memory matches -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "source", "fitted"),
    [
        # The markup wraps the whole source: it wraps the whole translation.
        ("No hay paz sin justicia.", "**No peace without justice.**", "**No hay paz sin justicia.**"),
        ("No hay paz sin justicia.", "**No peace without justice**.", "**No hay paz sin justicia**."),
        ("¡Abajo la ocupación!", "_Down with the occupation!_", "_¡Abajo la ocupación!_"),
        # Around the same words (a name, a number).
        ("Solidaridad con Gaza desde 1948", "Solidarity with **Gaza** since 1948", "Solidaridad con **Gaza** desde 1948"),
        ("Solidaridad con Gaza y Cisjordania", "Solidarity with [Gaza](https://x.org) and the West Bank",
         "Solidaridad con [Gaza](https://x.org) y Cisjordania"),
        # Between the words next to it, which the translation has once each.
        ("Samidoun y BDS convocan a una huelga general en Gaza", "Samidoun and BDS call for *a general strike* in Gaza",
         None),
        ("Samidoun, la red de solidaridad con los presos palestinos, BDS y otros",
         "Samidoun, **the Palestinian prisoner solidarity network**, BDS and others",
         "Samidoun, **la red de solidaridad con los presos palestinos**, BDS y otros"),
        # A changed link or hashtag, the only one that differs, is swapped.
        ("Firme [el llamamiento](https://old.org) ya", "Sign [the call](https://new.org) now",
         "Firme [el llamamiento](https://new.org) ya"),
        ("Únete a #FreeGaza", "Join #FreePalestine", "Únete a #FreePalestine"),
        # Markup the new source dropped is dropped.
        ("**No hay paz** sin justicia", "No peace without justice", "No hay paz sin justicia"),
        # What cannot be placed with certainty: no match.
        ("Firme el llamamiento", "Sign [the call](https://x.org)", None),
        ("Firme el llamamiento", "Sign the call at https://x.org", None),
    ],
    ids=["whole", "whole-but-the-point", "whole-with-inverted-mark", "same-name", "same-name-link", "anchors-unsure",
         "anchors", "changed-url", "changed-hashtag", "dropped", "unplaceable", "new-url"],
)
def test_a_close_match_takes_the_markup_of_the_new_source_or_is_not_used(
    target: str, source: str, fitted: str | None
) -> None:
    assert fit_markup(target, source=source) == fitted
    if fitted is not None:
        assert same_markup(source, fitted)


def test_a_close_match_whose_markup_differs_is_adjusted_and_an_exact_one_is_used_only_when_it_matches(
    tmp_path: Path,
) -> None:
    statement = "**No peace without justice.**\n\nDown with the *occupation*!\n\nSign [the call](https://x.org) now.\n"
    project = make_project(tmp_path / "p", languages=("ar",), statements={"call.md": statement})
    extract_all(project)
    write_po(project, "old", "ar", [
        Entry("No peace without justice.", "لا سلام بدون عدالة."),  # a 99 % match: the bold is new
        Entry("Down with the *occupation*!", "يسقط الاحتلال!"),  # an exact match that lost its emphasis
        Entry("Sign the call now.", "وقّعوا النداء الآن."),  # the link cannot be placed: no match
    ])
    result = pretranslate(project, names=["call"], today=date(2026, 11, 25))
    entries = by_msgid(read_po(project, "call", "ar"))
    fitted = entries["**No peace without justice.**"]
    assert fitted.msgstr == "**لا سلام بدون عدالة.**" and fitted.is_fuzzy
    assert fitted.provenance == "memory 99% No peace without justice."
    assert entries["Down with the *occupation*!"].msgstr == ""
    assert entries["Sign [the call](https://x.org) now."].msgstr == ""
    (ar,) = result.languages
    assert (ar.memory_exact, ar.memory_close) == (0, 1)
