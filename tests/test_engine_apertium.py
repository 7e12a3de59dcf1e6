"""The Apertium engine, run for real: routes, chains, markup, unknown words, one process per batch."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from stmtl10n.config import Settings
from stmtl10n.engines import get_engine
from stmtl10n.engines.apertium import ApertiumEngine
from stmtl10n.engines.base import SourceSegment
from stmtl10n.errors import EngineError
from stmtl10n.formats import format_for
from stmtl10n.glossary import parse_glossary
from stmtl10n.project import Project

STATEMENTS = Path(__file__).resolve().parent.parent / "statements"
URL = re.compile(r"\]\(([^)]*)\)")


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    # Apertium and its eng-spa / fr-es pairs are required: `make test` installs them.
    return ApertiumEngine()


def test_routes_are_direct_chained_or_none(engine: ApertiumEngine) -> None:
    assert engine.route("en", "es") == "apertium en>es"
    assert engine.route("en", "fr") == "apertium en>es>fr"
    assert engine.route("es_MX", "fr") == "apertium es>fr"
    assert engine.route("en", "ar") is None


def test_language_without_a_pair_raises_one_clear_line(engine: ApertiumEngine) -> None:
    with pytest.raises(EngineError) as caught:
        engine.translate([SourceSegment("Hello")], source="en", target="ar")
    assert str(caught.value) == "no offline engine for ar: set DEEPL_AUTH_KEY to use DeepL"


def test_missing_apertium_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    project = Project(tmp_path, Settings(), tmp_path / "stmtl10n.toml")
    with pytest.raises(EngineError, match=r"make demo.*apt-get install apertium apertium-eng-spa apertium-fr-es"):
        get_engine("apertium", project=project)


def test_translates_a_batch_in_order(engine: ApertiumEngine) -> None:
    texts = ["The house is red.", "I have a cat.", "", "The dog is big."]
    result = engine.translate([SourceSegment(t) for t in texts], source="en", target="es")
    assert [t.text for t in result] == ["La casa es roja.", "Tengo un gato.", "", "El perro es grande."]


@pytest.mark.parametrize("target", ["es", "fr"])
def test_inline_markup_survives(engine: ApertiumEngine, target: str) -> None:
    text = "Read [the full statement](https://example.org/call_(2024)?a=1&b=2) and *sign* it with `make demo` **today**."
    (result,) = engine.translate([SourceSegment(text)], source="en", target=target)
    assert result.text.count("](https://example.org/call_(2024)?a=1&b=2)") == 1
    assert "`make demo`" in result.text
    assert re.search(r"(?<!\*)\*[^*]+\*(?!\*)", result.text)  # emphasis
    assert re.search(r"\*\*[^*]+\*\*", result.text)  # strong
    assert "<" not in result.text and "&amp;" not in result.text


def test_unknown_words_are_taken_out_of_the_text_and_listed(engine: ApertiumEngine) -> None:
    (result,) = engine.translate(
        [SourceSegment("The flibbertigibbet supports #FreePalestine, 5 * 3.")], source="en", target="es"
    )
    assert "flibbertigibbet" in result.unknown_words
    assert "*flibbertigibbet" not in result.text and "flibbertigibbet" in result.text
    assert "#FreePalestine" in result.text  # a literal hashtag keeps its sign
    assert "5 * 3" in result.text


def test_chained_pairs_do_not_stack_marks(engine: ApertiumEngine) -> None:
    (result,) = engine.translate([SourceSegment("The flibbertigibbet is here.")], source="en", target="fr")
    assert "flibbertigibbet" in result.unknown_words
    assert "*" not in result.text


def test_one_apertium_process_per_batch_and_pair(engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args: list[str], **kwargs: Any) -> Any:
        started.append(list(args))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    segments = [SourceSegment(f"Paragraph number {n} is about solidarity.") for n in range(30)]
    assert len(engine.translate(segments, source="en", target="es")) == 30
    assert [args[-1] for args in started] == ["eng-spa"]
    started.clear()
    assert len(engine.translate(segments, source="en", target="fr")) == 30
    assert [args[-1] for args in started] == ["eng-spa", "es-fr"]


@pytest.mark.parametrize("statement", sorted(p.name for p in STATEMENTS.glob("*.txt")), ids=str)
def test_real_statements_split_back_one_translation_per_segment(engine: ApertiumEngine, statement: str) -> None:
    path = STATEMENTS / statement
    segments = format_for(path).extract(path.read_text(encoding="utf-8"), path=f"statements/{statement}")
    texts = [segment.text for segment in segments]
    assert len(texts) > 5
    result = engine.translate([SourceSegment(t) for t in texts], source="en", target="es")
    assert len(result) == len(texts)
    for source, translation in zip(texts, result, strict=True):
        assert translation.text.strip(), source
        assert "<p" not in translation.text and "</p>" not in translation.text
        assert URL.findall(translation.text) == URL.findall(source)


def test_a_failing_apertium_run_is_one_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "apertium"
    fake.write_text('#!/bin/sh\nif [ "$1" = "-l" ]; then echo eng-spa; exit 0; fi\necho "mode file broken" >&2\nexit 1\n')
    fake.chmod(0o755)
    engine = ApertiumEngine(binary=str(fake))
    with pytest.raises(EngineError, match=r"^apertium eng-spa failed: mode file broken; check the installed pairs"):
        engine.translate([SourceSegment("Hello")], source="en", target="es")


def test_marks_a_chained_pair_puts_before_a_tag_are_removed(engine: ApertiumEngine) -> None:
    # es-fr marks the unknown "*Palestine" of eng-spa outside the emphasis: *<em>*Palestine</em>
    (result,) = engine.translate([SourceSegment("Free *Palestine*")], source="en", target="fr")
    assert result.text == "Libre *Palestine*"
    assert result.unknown_words == ("Palestine",)


@pytest.mark.parametrize("target", ["es", "fr"])
def test_markup_of_the_markdown_golden_statements_survives(engine: ApertiumEngine, target: str) -> None:
    golden = Path(__file__).resolve().parent / "golden" / "markdown"
    texts = [
        segment.text
        for path in sorted(golden.glob("*/source.md"))
        for segment in format_for(path).extract(path.read_text(encoding="utf-8"), path=str(path))
    ]
    assert len(texts) > 50
    result = engine.translate([SourceSegment(t) for t in texts], source="en", target=target)
    for source, translation in zip(texts, result, strict=True):
        for char in "*_`[]()<>":
            assert translation.text.count(char) == source.count(char), (char, source, translation.text)


def test_a_stuck_apertium_run_is_stopped_with_its_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stmtl10n.engines.apertium as apertium_module

    fake = tmp_path / "apertium"
    fake.write_text('#!/bin/sh\nif [ "$1" = "-l" ]; then echo eng-spa; exit 0; fi\nsleep 60\n')
    fake.chmod(0o755)
    monkeypatch.setattr(apertium_module, "TIMEOUT_BASE_SECONDS", 0.5)
    monkeypatch.setattr(apertium_module, "TIMEOUT_PER_SEGMENT_SECONDS", 0.0)
    with pytest.raises(EngineError, match=r"^apertium eng-spa did not finish within 0 s and was stopped"):
        ApertiumEngine(binary=str(fake)).translate([SourceSegment("Hello")], source="en", target="es")
    # The sleeping child was killed with its pipeline (read() returned instead of waiting 60 s).
    still_running = subprocess.run(["pgrep", "-f", str(fake)], capture_output=True)
    assert still_running.returncode == 1, still_running.stdout


def test_a_word_apertium_drops_leaves_no_doubled_space() -> None:
    engine = ApertiumEngine()
    (translation,) = engine.translate([SourceSegment("Together we will win!")], source="en", target="es")
    assert "  " not in translation.text
    (kept,) = engine.translate([SourceSegment("Two  spaces stay where the source has them.")], source="en", target="es")
    assert "  " in kept.text


# --- what must come through intact ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("3 March 2025", "es", "3 de marzo de 2025"),
        ("3 March 2025", "fr", "3 mars 2025"),
        ("On 3 March 2025 we met.", "es", "El 3 de marzo de 2025 cumplimos."),  # "on" + a date is "el"
        ("On 3 March 2025 we met.", "fr", "Le 3 mars 2025 nous accomplissons."),
        ("In March the people rose.", "es", "En marzo las personas ascendieron."),
        ("Over 40,000 people since 1947.", "es", "Sobre 40.000 personas desde entonces 1947."),
        ("Over 40,000 people since 1947.", "fr", "Sur 40\u202f000 des personnes dès lors 1947."),
    ],
)
def test_dates_and_numbers_are_written_in_the_target(engine: ApertiumEngine, text: str, target: str, expected: str) -> None:
    (result,) = engine.translate([SourceSegment(text)], source="en", target=target)
    assert result.text == expected


@pytest.mark.parametrize("target", ["es", "fr"])
def test_every_form_of_date_comes_through(engine: ApertiumEngine, target: str) -> None:
    text = ("We marched on 29th of November, March 3, 2025, in September 2024, from 7th October to 13th October "
            "and on Saturday 12 October 2024; the 7 October attack and the 29 November rally.")
    (result,) = engine.translate([SourceSegment(text)], source="en", target=target)
    expected = {
        "es": ["29 de noviembre", "3 de marzo de 2025", "septiembre de 2024", "7 de octubre", "13 de octubre",
               "sábado, 12 de octubre de 2024", "ataque de 7 de octubre", "rally de 29 de noviembre"],
        "fr": ["29 novembre", "3 mars 2025", "septembre 2024", "7 octobre", "13 octobre", "samedi 12 octobre 2024",
               "attaque de 7 octobre", "rallye de 29 novembre"],
    }[target]
    for date in expected:
        assert date in result.text
    # The stand-in word a date's placeholder held for Apertium is gone, whatever Apertium did with it.
    assert "lunes" not in result.text and "lundi" not in result.text


@pytest.mark.parametrize("target", ["es", "fr"])
def test_identifiers_never_reach_apertium(engine: ApertiumEngine, target: str) -> None:
    text = ("Visit [fourth.international](https://fourth.international), bdsmovement.net and samidoun.net/act, "
            "write to info@bds.net, follow @UNRWA and #FreePalestine.")
    (result,) = engine.translate([SourceSegment(text)], source="en", target=target)
    for identifier in ("[fourth.international](https://fourth.international)", "bdsmovement.net", "samidoun.net/act",
                       "info@bds.net", "@UNRWA", "#FreePalestine"):
        assert identifier in result.text


def test_no_space_is_left_inside_emphasis_in_french_through_spanish(engine: ApertiumEngine) -> None:
    results = engine.translate([SourceSegment("of the **European Union** now"), SourceSegment("the **European** Union")],
                               source="en", target="fr")
    assert [r.text for r in results] == ["De l'Union **européenne** maintenant", "L'Union **européenne**"]


@pytest.mark.parametrize("target", ["es", "fr"])
def test_the_project_glossary_is_enforced(target: str) -> None:
    glossary = parse_glossary(
        "en,es,fr\nNakba,Nakba,Nakba\nEuropean Union,Unión Europea,Union européenne\nsettler,colono,colon\n",
        source_lang="en", display="glossary.csv",
    )
    engine = ApertiumEngine(glossary=glossary)
    (result,) = engine.translate([SourceSegment("Nakba survivors ask the European Union to stop every settler.")],
                                 source="en", target=target)
    terms = {"es": ["Nakba", "Unión Europea", "colono"], "fr": ["Nakba", "Union européenne", "colon"]}[target]
    for term in terms:
        assert term in result.text
    assert not result.unknown_words  # "Nakba" no longer goes to Apertium as an unknown word


def test_a_placeholder_starting_a_segment_leaves_the_next_word_in_lower_case(engine: ApertiumEngine) -> None:
    (result,) = engine.translate([SourceSegment("#FreePalestine is everywhere.")], source="en", target="es")
    assert result.text == "#FreePalestine es en todas partes."
