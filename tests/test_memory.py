"""Tests for the translation memory: what it indexes, exact and close matches, incremental refresh."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

import stmtl10n.memory
from pretranslate_support import make_project, write_po
from stmtl10n.catalog import Entry
from stmtl10n.memory import TranslationMemory, open_memory, similarity
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
