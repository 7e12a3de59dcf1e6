"""Build publishes nothing wrong, and build/ holds only what the catalogs give.

A translation a build would publish (reviewed, or a draft with --include-fuzzy)
with a problem of severity error keeps its statement from being written in
that language; earlier output that is not built now is removed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from exchange_support import TestProject, make_project
from stmtl10n.build import BuildResult, build
from stmtl10n.catalog import read_catalog
from stmtl10n.checks import run_checks

CALL = """# Call for a week of action

We call on all unions to join the campaign, see [the call](https://bdsmovement.net).

Free Palestine!
"""
SIGN = """Sign the statement

Sign it at https://example.org/sign before Friday.
"""
LINK = "We call on all unions to join the campaign, see [the call](https://bdsmovement.net)."
URL = "Sign it at https://example.org/sign before Friday."

AR = {
    "Call for a week of action": "دعوة إلى أسبوع من العمل",
    LINK: "ندعو جميع النقابات إلى الانضمام إلى الحملة، انظر [النداء](https://bdsmovement.net).",
    "Free Palestine!": "فلسطين حرة!",
}
AR_BROKEN = "ندعو جميع النقابات إلى الانضمام إلى الحملة، انظر النداء."
ES_CALL = {
    "Call for a week of action": "Llamamiento a una semana de acción",
    LINK: "Hacemos un llamamiento a todos los sindicatos para que se unan a la campaña, "
          "véase [el llamamiento](https://bdsmovement.net).",
    "Free Palestine!": "¡Palestina libre!",
}
ES_SIGN = {
    "Sign the statement": "Firma la declaración",
    URL: "Fírmala en https://example.org/sign antes del viernes.",
}
ES_SIGN_BROKEN = "Fírmala en nuestra página antes del viernes."


@pytest.fixture
def made(tmp_path: Path) -> TestProject:
    """Every translation reviewed and good, in es and ar; fr untranslated."""
    made = make_project(tmp_path, {"call.md": CALL, "sign.txt": SIGN})
    made.translate("call", "ar", AR)
    made.translate("call", "es", ES_CALL)
    made.translate("sign", "es", ES_SIGN)
    return made


def _built(made: TestProject, lang: str, name: str) -> Path:
    return made.root / "build" / lang / name


def _msgid_line(po: Path, reference: str) -> int:
    """The line of the msgid that follows the ``#: reference`` comment, found as a reader would."""
    lines = po.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"#: {reference}")
    return next(number for number, line in enumerate(lines, start=1) if number > start and line.startswith("msgid "))


def _build(made: TestProject, *args: str):  # type: ignore[no-untyped-def]
    return made.run("build", "--min-translated", "0", *args)


def test_good_translations_are_written(made: TestProject) -> None:
    result = _build(made)
    assert result.exit_code == 0, result.output
    assert "دعوة إلى أسبوع من العمل" in _built(made, "ar", "call.md").read_text(encoding="utf-8")
    assert "Fírmala en https://example.org/sign" in _built(made, "es", "sign.txt").read_text(encoding="utf-8")


def test_a_reviewed_translation_that_drops_a_link_blocks_its_statement_in_that_language(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    made.translate("call", "ar", {LINK: AR_BROKEN})
    result = _build(made)
    assert result.exit_code == 3, result.output
    po = made.catalog_path("call", "ar")
    line = _msgid_line(po, "statements/call.md:3")
    [problem] = [p for p in run_checks(made.project, languages=["ar"]) if p.severity == "error"]
    assert problem.check == "markup" and "https://bdsmovement.net" in problem.message
    stderr = result.stderr.splitlines()
    assert f"locales/ar/LC_MESSAGES/call.po:{line}: markup: {problem.message}" in stderr
    assert "skipped call [ar]: blocked by 1 problem (fix it, or build with --allow-problems)" in stderr
    # The earlier, good output is gone: build/ must not keep what the catalogs no longer say.
    assert "removed build/ar/call.md: blocked by 1 problem (fix it, or build with --allow-problems)" in stderr
    assert not _built(made, "ar", "call.md").exists()
    assert stderr[-1] == ("1 problem kept 1 file from being published; "
                          "fix it, or build with --allow-problems to publish anyway.")
    # Everything else is written: the other statement in Arabic, the statement in the other languages.
    assert "wrote build/ar/sign.txt (0% translated)" in result.stdout
    assert "wrote build/es/call.md (100% translated)" in result.stdout
    assert "wrote build/fr/call.md (0% translated)" in result.stdout
    assert _built(made, "es", "call.md").is_file() and _built(made, "ar", "sign.txt").is_file()


def test_a_spanish_translation_that_drops_a_url_in_plain_text_blocks(made: TestProject) -> None:
    made.translate("sign", "es", {URL: ES_SIGN_BROKEN})
    result = _build(made)
    assert result.exit_code == 3
    line = _msgid_line(made.catalog_path("sign", "es"), "statements/sign.txt:3")
    assert re.search(rf"^locales/es/LC_MESSAGES/sign\.po:{line}: markup: The link to https://example\.org/sign ",
                     result.stderr, re.MULTILINE), result.stderr
    assert not _built(made, "es", "sign.txt").exists()
    assert _built(made, "es", "call.md").is_file()


def test_allow_problems_publishes_and_says_how_many_went_out(made: TestProject) -> None:
    made.translate("call", "ar", {LINK: AR_BROKEN})
    made.translate("sign", "es", {URL: ES_SIGN_BROKEN})
    result = _build(made, "--allow-problems")
    assert result.exit_code == 0, result.output
    assert AR_BROKEN in _built(made, "ar", "call.md").read_text(encoding="utf-8")
    assert ES_SIGN_BROKEN in _built(made, "es", "sign.txt").read_text(encoding="utf-8")
    assert result.stderr.splitlines() == [
        "published 2 problems in 2 files anyway (--allow-problems); `stmtl10n check` lists them",
    ]


def test_a_warning_never_blocks(made: TestProject) -> None:
    made.translate("call", "es", {"Free Palestine!": "¡Palestina  libre!"})
    found = [p for p in run_checks(made.project, languages=["es"], statements=["call"]) if p.msgid == "Free Palestine!"]
    assert found and {p.severity for p in found} == {"warning"}
    result = _build(made)
    assert result.exit_code == 0, result.output
    assert "¡Palestina  libre!" in _built(made, "es", "call.md").read_text(encoding="utf-8")
    assert result.stderr == ""


def test_an_entry_that_opts_out_of_the_check_does_not_block(made: TestProject) -> None:
    from stmtl10n.catalog import read_catalog, write_catalog

    made.translate("call", "ar", {LINK: AR_BROKEN})
    path = made.catalog_path("call", "ar")
    catalog = read_catalog(path)
    next(e for e in catalog.active() if e.msgid == LINK).flags.append("no-check-markup")
    write_catalog(path, catalog)
    assert _build(made).exit_code == 0
    assert AR_BROKEN in _built(made, "ar", "call.md").read_text(encoding="utf-8")


def test_untranslated_entries_never_block(made: TestProject) -> None:
    result = _build(made, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert _built(made, "fr", "call.md").read_text(encoding="utf-8") == CALL


def test_a_broken_draft_blocks_only_when_drafts_are_published(made: TestProject) -> None:
    made.translate("call", "ar", {LINK: AR_BROKEN}, fuzzy=True)
    result = _build(made, "--lang", "ar")
    assert result.exit_code == 0, result.output  # the draft is not published: the source stands in for it
    text = _built(made, "ar", "call.md").read_text(encoding="utf-8")
    assert AR_BROKEN not in text and LINK in text
    result = _build(made, "--lang", "ar", "--include-fuzzy")
    assert result.exit_code == 3, result.output
    line = _msgid_line(made.catalog_path("call", "ar"), "statements/call.md:3")
    assert f"locales/ar/LC_MESSAGES/call.po:{line}: markup: " in result.stderr
    assert "removed build/ar/call.md: blocked by 1 problem" in result.stderr
    assert not _built(made, "ar", "call.md").exists()


def test_a_statement_below_the_threshold_loses_its_earlier_output(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    assert _built(made, "fr", "call.md").is_file()
    result = made.run("build")  # 80% by default; French is untranslated
    assert result.exit_code == 0, result.output
    stderr = result.stderr.splitlines()
    assert "skipped call [fr]: 0% translated, below --min-translated 80" in stderr
    assert "removed build/fr/call.md: 0% translated, below --min-translated 80" in stderr
    assert not _built(made, "fr", "call.md").exists() and not _built(made, "fr", "sign.txt").exists()
    assert _built(made, "es", "call.md").is_file()
    # Nothing left to remove: a second build says nothing of it.
    assert "removed" not in made.run("build").stderr


def test_a_missing_catalog_removes_the_earlier_output(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    made.catalog_path("sign", "es").unlink()
    result = _build(made)
    assert "removed build/es/sign.txt: no catalog locales/es/LC_MESSAGES/sign.po; run `stmtl10n extract`" in result.stderr
    assert not _built(made, "es", "sign.txt").exists()


def test_files_of_a_statement_that_is_gone_are_removed_and_nothing_else(made: TestProject, tmp_path: Path) -> None:
    assert _build(made).exit_code == 0
    build_dir = made.root / "build"
    mine = {
        build_dir / "README.txt": "about these files",  # beside the folders stmtl10n owns
        build_dir / "extra" / "sign.txt": "a folder of the user's own",
        build_dir / "es" / "cover.pdf": "not a statement's file",
    }
    for path, text in mine.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (made.root / "statements" / "sign.txt").unlink()
    result = _build(made)
    assert result.exit_code == 0, result.output
    stderr = result.stderr.splitlines()
    for lang in ("es", "ar", "fr"):
        assert f"removed build/{lang}/sign.txt: no statement sign.txt in statements/ any more" in stderr
        assert not (build_dir / lang / "sign.txt").exists()
    for suffix in (".html", ".md"):
        assert f"removed build/aligned/sign{suffix}: no statement sign in statements/ any more" in stderr
    assert sorted(p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*") if p.is_file()) == sorted([
        "README.txt", "aligned/call.html", "aligned/call.md", "ar/call.md", "es/call.md", "es/cover.pdf",
        "extra/sign.txt", "fr/call.md",
    ])


def test_files_are_found_without_the_record_too(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    (made.root / ".stmtl10n-cache" / "build-outputs.json").unlink()
    (made.root / "statements" / "sign.txt").unlink()
    result = _build(made)
    assert "removed build/es/sign.txt: no statement sign.txt in statements/ any more" in result.stderr
    assert not list((made.root / "build").rglob("sign.*"))


def test_a_statement_renamed_to_another_format_loses_its_old_output(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    statements = made.root / "statements"
    (statements / "sign.txt").rename(statements / "sign.md")
    assert made.run("extract").exit_code == 0
    result = _build(made)
    assert "removed build/es/sign.txt: no statement sign.txt in statements/ any more" in result.stderr
    assert _built(made, "es", "sign.md").is_file() and not _built(made, "es", "sign.txt").exists()


def test_files_of_a_language_taken_out_of_the_settings_are_removed(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    config = made.root / "stmtl10n.toml"
    config.write_text(re.sub(r"languages = \[.*\]", 'languages = ["es", "ar"]', config.read_text()), encoding="utf-8")
    result = _build(made)
    assert result.exit_code == 0, result.output
    assert "removed build/fr/call.md: fr is no longer a language of the project (stmtl10n.toml)" in result.stderr
    assert not (made.root / "build" / "fr").exists()
    assert _built(made, "es", "call.md").is_file()


def test_a_partial_build_keeps_the_other_outputs(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    result = _build(made, "--lang", "es", "--statement", "call")
    assert result.exit_code == 0 and result.stderr == ""
    assert _built(made, "ar", "call.md").is_file() and _built(made, "es", "sign.txt").is_file()
    assert (made.root / "build" / "aligned" / "sign.html").is_file()


def test_what_an_interrupted_build_left_is_cleaned_up(made: TestProject) -> None:
    assert _build(made).exit_code == 0
    leftover = made.root / "build" / "es" / ".call.md.k2j4h1_a.tmp"
    leftover.write_text("half a statement", encoding="utf-8")
    result = _build(made)
    assert result.exit_code == 0
    assert "removed build/es/.call.md.k2j4h1_a.tmp: left by an interrupted build" in result.stderr
    assert not leftover.exists()


def test_links_are_never_followed_out_of_the_project(made: TestProject, tmp_path: Path) -> None:
    assert _build(made).exit_code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sign.txt").write_text("someone else's file", encoding="utf-8")
    (outside / "old.md").write_text("someone else's file", encoding="utf-8")
    build_dir = made.root / "build"
    # A statement's output that is a link: removed as a link, its target left alone.
    (build_dir / "fr" / "call.md").unlink()
    (build_dir / "fr" / "call.md").symlink_to(outside / "old.md")
    # A language folder that links out of the project: nothing in it is removed.
    for path in (build_dir / "ar").iterdir():
        path.unlink()
    (build_dir / "ar").rmdir()
    (build_dir / "ar").symlink_to(outside, target_is_directory=True)
    (made.root / "statements" / "sign.txt").unlink()
    made.translate("call", "ar", {LINK: AR_BROKEN})
    result = made.run("build")  # French below 80%: its output goes
    assert result.exit_code == 3
    assert "removed build/fr/call.md: 0% translated, below --min-translated 80" in result.stderr
    assert not os.path.lexists(build_dir / "fr" / "call.md")
    assert (outside / "old.md").read_text(encoding="utf-8") == "someone else's file"
    assert (outside / "sign.txt").read_text(encoding="utf-8") == "someone else's file"


def test_the_library_reports_blocked_files_with_their_problems(made: TestProject) -> None:
    made.translate("call", "ar", {LINK: AR_BROKEN})
    results = build(made.project, min_translated=0)
    blocked = [r for r in results if r.blocked]
    assert [(r.statement, r.lang, r.path) for r in blocked] == [("call", "ar", None)]
    [problem] = blocked[0].problems
    assert problem.catalog == "locales/ar/LC_MESSAGES/call.po" and problem.problem.check == "markup"
    assert str(problem).startswith(f"locales/ar/LC_MESSAGES/call.po:{problem.line}: markup: The link to ")
    assert [(r.path, r.withheld) for r in results if r.aligned] == [
        ("build/aligned/call.html", 1), ("build/aligned/call.md", 1),
        ("build/aligned/sign.html", 0), ("build/aligned/sign.md", 0),
    ]
    allowed = build(made.project, min_translated=0, allow_problems=True)
    assert not any(isinstance(r, BuildResult) and r.blocked for r in allowed)
    assert [len(r.problems) for r in allowed if r.path == "build/ar/call.md"] == [1]


def test_many_statements_are_checked_in_worker_processes(tmp_path: Path) -> None:
    statements = {f"s{n:02d}.md": f"# Statement {n}\n\nSee [the call](https://bdsmovement.net/{n}).\n" for n in range(20)}
    made = make_project(tmp_path, statements, languages=("es",))
    for n in range(20):
        link = f"See [the call](https://bdsmovement.net/{n})."
        kept = f"Véase [el llamamiento](https://bdsmovement.net/{n})." if n != 7 else "Véase el llamamiento."
        made.translate(f"s{n:02d}", "es", {f"Statement {n}": f"Declaración {n}", link: kept})
    result = made.run("build")
    assert result.exit_code == 3, result.output
    assert "skipped s07 [es]: blocked by 1 problem" in result.stderr
    assert len(list((made.root / "build" / "es").iterdir())) == 19


# Written by hand, as a PO editor may: not msgcat's layout.
@pytest.mark.foreign_catalogs
def test_entries_know_their_msgid_line_past_contexts_continuations_and_escapes(tmp_path: Path) -> None:
    text = "\n".join([
        'msgid ""',
        'msgstr ""',
        '"Language: es\\n"',
        "",
        "#, fuzzy",
        '#| msgid "Old text"',
        'msgid "Free \\"Gaza\\""',
        'msgstr "Gaza"',
        "",
        'msgctxt "heading"',
        'msgid ""',
        '"Two\\n"',
        '"lines"',
        'msgstr ""',
        '"Dos"',
        "",
        '#~ msgid "Gone"',
        '#~ msgstr "Ido"',
        "",
        'msgid "Two\\nlines"',
        'msgstr "Dos"',
        "",
    ])
    path = tmp_path / "es.po"
    path.write_text(text, encoding="utf-8")
    lines = {entry.key: entry.line for entry in read_catalog(path).active()}
    assert lines == {(None, 'Free "Gaza"'): 7, ("heading", "Two\nlines"): 11, (None, "Two\nlines"): 20}
