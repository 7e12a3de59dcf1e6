"""The core commands through click's CliRunner: init, extract, build, status, and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.cli import cli

REPO = Path(__file__).resolve().parent.parent
STATEMENTS = REPO / "statements"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, runner: CliRunner) -> Path:
    """A project with the four real statements, not yet extracted."""
    root = tmp_path / "proj"
    result = runner.invoke(cli, ["init", str(root), "--source-lang", "en", "--lang", "es", "--lang", "ar", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    for statement in STATEMENTS.iterdir():
        shutil.copy(statement, root / "statements" / statement.name)
    return root


def invoke(runner: CliRunner, root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["-C", str(root), *args])


def test_init_writes_config_and_folders(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--lang", "es", "--lang", "pt-br"])
    assert result.exit_code == 0
    config = (tmp_path / "p" / "stmtl10n.toml").read_text()
    assert 'languages = ["es", "pt_BR"]' in config
    assert (tmp_path / "p" / "statements").is_dir() and (tmp_path / "p" / "locales").is_dir()
    assert result.stderr == ""


def test_init_defaults_to_spanish_arabic_french(tmp_path: Path, runner: CliRunner) -> None:
    assert runner.invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    assert 'languages = ["es", "ar", "fr"]' in (tmp_path / "stmtl10n.toml").read_text()


@pytest.mark.parametrize(("code", "suggestion"), [("arabic", "ar"), ("spanish", "es"), ("fr_XX", "fr")], ids=str)
def test_unknown_locale_is_refused_with_suggestions(tmp_path: Path, runner: CliRunner, code: str, suggestion: str) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--lang", code])
    assert result.exit_code == 2
    assert code in result.stderr and suggestion in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "p" / "stmtl10n.toml").exists()


def test_unknown_locale_xx_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--lang", "xx"])
    assert result.exit_code == 2 and "'xx'" in result.stderr


def test_init_refuses_an_existing_project(project: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(project)])
    assert result.exit_code == 1
    assert "already a stmtl10n project" in result.stderr


def test_extract_writes_template_and_catalogs(project: Path, runner: CliRunner, gettext_tools) -> None:  # type: ignore[no-untyped-def]
    result = invoke(runner, project, "extract")
    assert result.exit_code == 0, result.output
    assert "statements/solidarity-day-call.txt: 109 segments" in result.stdout
    for slug in ("solidarity-day-call", "campaign-call-2024", "international-week-declaration", "allforpalestine-action"):
        paths = [project / "locales" / f"{slug}.pot"] + [
            project / "locales" / lang / "LC_MESSAGES" / f"{slug}.po" for lang in ("es", "ar", "fr")
        ]
        for path in paths:
            assert path.exists()
            gettext_tools.check(path)
            assert gettext_tools.msgcat(path) == path.read_text(encoding="utf-8"), path


def test_catalog_headers_come_from_cldr(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    catalog = read_catalog(project / "locales" / "ar" / "LC_MESSAGES" / "solidarity-day-call.po")
    assert catalog.header["Language"] == "ar"
    assert catalog.header["Plural-Forms"].startswith("nplurals=6;")
    assert catalog.header["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.header["X-Generator"].startswith("stmtl10n ")


def test_entries_carry_reference_kind_and_signatory_marks(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    catalog = read_catalog(project / "locales" / "es" / "LC_MESSAGES" / "solidarity-day-call.po")
    index = catalog.index()
    heading = index[(None, "Call for solidarity with Palestine against occupation, assassination and apartheid")]
    assert heading.references == ["statements/solidarity-day-call.txt:1"]
    assert heading.extracted_comments[0] == "heading"
    signatory = index[(None, "Abahlali baseMjondolo (AbM), South Africa")]
    assert "signatory" in signatory.flags
    assert any("copied as written" in c for c in signatory.extracted_comments)
    demand = next(e for e in catalog.active() if e.msgid.startswith("Affirm our solidarity"))
    assert "signatory" not in demand.flags
    assert demand.extracted_comments[0] == "list item"


def test_second_extract_changes_nothing(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    result = invoke(runner, project, "extract")
    assert result.exit_code == 0
    assert "created" not in result.stdout and "updated" not in result.stdout
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


def test_build_of_untranslated_catalogs_reproduces_the_sources(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, "build", "--min-translated", "0")
    assert result.exit_code == 0, result.output
    for lang in ("es", "ar", "fr"):
        for statement in STATEMENTS.iterdir():
            assert (project / "build" / lang / statement.name).read_bytes() == statement.read_bytes()
    assert "wrote build/es/solidarity-day-call.txt" in result.stdout


def test_build_below_min_translated_says_which_and_why(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, "build", "--lang", "es")
    assert result.exit_code == 0
    assert "skipped solidarity-day-call [es]: 0% translated, below --min-translated 80" in result.stderr
    assert not (project / "build" / "es" / "solidarity-day-call.txt").exists()


def test_build_publishes_translations_and_fuzzy_only_when_asked(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    # "ES " + the English text is no Spanish, and keeps an English date: wrong-language and dates would block it.
    with (project / "stmtl10n.toml").open("a", encoding="utf-8") as config:
        config.write('\n[checks]\ndisabled = ["wrong-language", "dates"]\n')
    path = project / "locales" / "es" / "LC_MESSAGES" / "allforpalestine-action.po"
    catalog = read_catalog(path)
    entries = list(catalog.active())
    for entry in entries:
        entry.msgstr = "ES " + entry.msgid
    entries[-1].flags.append("fuzzy")
    write_catalog(path, catalog)
    assert invoke(runner, project, "build", "--lang", "es").exit_code == 0
    built = (project / "build" / "es" / "allforpalestine-action.txt").read_text()
    assert "ES On the occasion" in built
    assert "ES " + entries[-1].msgid not in built and entries[-1].msgid in built
    assert invoke(runner, project, "build", "--lang", "es", "--include-fuzzy").exit_code == 0
    assert "ES " + entries[-1].msgid in (project / "build" / "es" / "allforpalestine-action.txt").read_text()


def test_build_refuses_a_language_outside_the_project(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, "build", "--lang", "de")
    assert result.exit_code == 1
    assert "not a language of this project" in result.stderr


def test_status_text_and_json(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    text = invoke(runner, project, "status")
    assert text.exit_code == 0
    assert "solidarity-day-call [ar]" in text.stdout
    data = json.loads(invoke(runner, project, "status", "--format", "json").stdout)
    row = next(r for r in data if r["statement"] == "allforpalestine-action" and r["lang"] == "fr")
    assert row["entries"]["untranslated"] == 9 and row["entries"]["translated"] == 0
    assert row["words"]["total"] > 400


def test_commands_outside_a_project_say_how_to_start(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(tmp_path), "extract"])
    assert result.exit_code == 1
    assert "not inside a stmtl10n project" in result.stderr and "stmtl10n init" in result.stderr


# Bad input: one line naming the file and the fix, non-zero exit, nothing half-written.

def _only_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_missing_statement(project: Path, runner: CliRunner) -> None:
    result = invoke(runner, project, "extract", "statements/nope.md")
    assert result.exit_code == 1
    assert "statements/nope.md" in _only_line(result.stderr)


def test_statement_not_utf8_names_line_and_offset(project: Path, runner: CliRunner) -> None:
    (project / "statements" / "latin1.txt").write_bytes("First line.\n\nCaf\xe9 con leche.\n".encode("latin-1"))
    result = invoke(runner, project, "extract", "statements/latin1.txt")
    line = _only_line(result.stderr)
    assert result.exit_code == 1
    assert "statements/latin1.txt:3" in line and "byte offset 16" in line and "UTF-8" in line
    assert not (project / "locales" / "latin1.pot").exists()


def test_utf16_statement(project: Path, runner: CliRunner) -> None:
    (project / "statements" / "wide.txt").write_bytes("Hello.\n".encode("utf-16"))
    result = invoke(runner, project, "extract", "statements/wide.txt")
    assert result.exit_code == 1 and "UTF-16" in _only_line(result.stderr)


def test_empty_statement(project: Path, runner: CliRunner) -> None:
    (project / "statements" / "empty.md").write_text("  \n\n")
    result = invoke(runner, project, "extract", "statements/empty.md")
    assert result.exit_code == 1 and "empty" in _only_line(result.stderr)


def test_unknown_extension(project: Path, runner: CliRunner) -> None:
    (project / "notes.docx").write_text("x")
    result = invoke(runner, project, "extract", "notes.docx")
    assert result.exit_code == 1 and ".docx" in _only_line(result.stderr)


@pytest.mark.foreign_catalogs  # the broken catalog is the point
def test_malformed_catalog_names_file_and_line_and_writes_nothing(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    po = project / "locales" / "fr" / "LC_MESSAGES" / "campaign-call-2024.po"
    broken = po.read_text().replace('msgstr ""', 'msgstr "unterminated', 3)
    po.write_text(broken)
    statement = project / "statements" / "campaign-call-2024.txt"
    statement.write_text(statement.read_text() + "\n\nA new closing line.\n")
    pot_before = (project / "locales" / "campaign-call-2024.pot").read_bytes()
    result = invoke(runner, project, "extract", "campaign-call-2024")
    line = _only_line(result.stderr)
    assert result.exit_code == 1
    assert "locales/fr/LC_MESSAGES/campaign-call-2024.po:" in line
    assert po.read_text() == broken
    assert (project / "locales" / "campaign-call-2024.pot").read_bytes() == pot_before
    assert not list((project / "locales").rglob("*.tmp"))


def test_malformed_config(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "stmtl10n.toml").write_text('languages = ["es"]\nsource-langs = "en"\n')
    result = runner.invoke(cli, ["-C", str(tmp_path), "status"])
    line = _only_line(result.stderr)
    assert result.exit_code == 1 and "source-langs" in line and "source-lang" in line


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert cli.commands[command].help


def test_an_output_that_cannot_be_written_is_one_line(project: Path, runner: CliRunner, tmp_path: Path) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, "export-tmx", "--output", "/proc/stmtl10n-cannot-write.tmx")
    assert result.exit_code == 1
    assert "/proc/stmtl10n-cannot-write.tmx: cannot write it" in _only_line(result.stderr)


def test_engine_must_be_one_the_tool_knows(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, "pretranslate", "--dry-run", "--engine", "deeppl")
    assert result.exit_code == 2
    assert "Invalid value for '--engine': 'deeppl' is not one of 'deepl', 'apertium', 'libretranslate', 'llm'." in result.stderr
    assert result.stdout == ""


def test_a_misspelt_folder_after_c_is_refused_not_replaced_by_the_parent_project(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(runner, project, "extract")
    monkeypatch.chdir(project)
    result = runner.invoke(cli, ["-C", "statments", "status", "--no-checks"])
    assert result.exit_code == 2
    assert "Invalid value for '-C': Directory 'statments' does not exist." in result.stderr
    assert result.stdout == ""


def test_an_unknown_language_names_the_option_once(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--source-lang", "xx"])
    assert result.exit_code == 2
    assert "Error: --source-lang: unknown language code 'xx'; " in result.stderr
    assert "Invalid value" not in result.stderr


@pytest.mark.parametrize("command", ["status", "check"])
def test_status_and_check_refuse_a_language_outside_the_project(project: Path, runner: CliRunner, command: str) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, command, "--lang", "de")
    assert result.exit_code == 1
    assert _only_line(result.stderr) == (
        "Error: --lang de: not a language of this project (es, ar, fr); add it to stmtl10n.toml first"
    )
    assert "no catalog yet" not in result.stdout


def test_check_summary_is_not_called_an_error(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    result = invoke(runner, project, "check", "--lang", "es", "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)
    line = _only_line(result.stderr)
    assert line.endswith(" warnings) in 4 catalogs.") and not line.startswith("Error")


def test_the_boundary_prints_check_failed_without_error_prefix(runner: CliRunner) -> None:
    import click

    from stmtl10n.cli._group import _Group
    from stmtl10n.errors import CheckFailed

    @click.group(cls=_Group)
    def group() -> None:
        pass

    @group.command()
    def found() -> None:
        raise CheckFailed("2 problems (1 error, 1 warning) in 1 catalog.")

    result = runner.invoke(group, ["found"])
    assert result.exit_code == 3
    assert result.stderr == "2 problems (1 error, 1 warning) in 1 catalog.\n"


def test_init_refuses_the_source_language_as_the_only_target(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--source-lang", "en", "--lang", "en"])
    assert result.exit_code == 1
    assert "the only target language is the source language (en)" in _only_line(result.stderr)
    assert not (tmp_path / "p" / "stmtl10n.toml").exists()


def test_a_file_outside_statements_is_not_merged_into_a_statement(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    impostor = project / "solidarity-day-call.txt"
    impostor.write_text("Nothing to do with the statement.\n")
    pot = project / "locales" / "solidarity-day-call.pot"
    before = pot.read_bytes()
    result = invoke(runner, project, "extract", str(impostor))
    assert result.exit_code == 1
    assert "not in statements/, where this project's statements live" in _only_line(result.stderr)
    assert pot.read_bytes() == before


def test_build_counts_paragraphs_added_since_the_last_extract(project: Path, runner: CliRunner) -> None:
    invoke(runner, project, "extract")
    path = project / "locales" / "es" / "LC_MESSAGES" / "allforpalestine-action.po"
    catalog = read_catalog(path)
    for entry in catalog.active():
        entry.msgstr = "ES " + entry.msgid
    write_catalog(path, catalog)
    statement = project / "statements" / "allforpalestine-action.txt"
    statement.write_text(statement.read_text() + "\n\nOne.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    result = invoke(runner, project, "build", "--lang", "es", "--statement", "allforpalestine-action")
    # 9 of 12 segments translated: 75%, below the default 80, though every catalog entry is translated.
    assert "skipped allforpalestine-action [es]: 75% translated" in result.stderr


# --- bad input is refused, never swallowed ----------------------------------------------------------------------

BAD = Path(__file__).resolve().parent / "data" / "bad"
COMMANDS = [("extract",), ("build",), ("pretranslate", "--dry-run"), ("status",), ("check",)]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.foreign_catalogs  # the broken catalogs are the point
@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.po")), ids=str)
def test_a_catalog_of_the_bad_corpus_stops_extract_and_nothing_is_rewritten(
    project: Path, runner: CliRunner, name: str
) -> None:
    invoke(runner, project, "extract")
    po = project / "locales" / "fr" / "LC_MESSAGES" / "campaign-call-2024.po"
    shutil.copy(BAD / name, po)
    statement = project / "statements" / "campaign-call-2024.txt"
    statement.write_text(statement.read_text() + "\n\nA new closing line.\n")  # so extract has to merge
    before = _snapshot(project / "locales")
    result = invoke(runner, project, "extract")
    line = _only_line(result.stderr)
    assert result.exit_code == 1
    assert line.startswith("Error: locales/fr/LC_MESSAGES/campaign-call-2024.po:"), line
    assert line.split(":")[2].strip().isdigit(), line  # the line number
    assert _snapshot(project / "locales") == before  # the catalog, the template, the other languages
    assert not list(project.rglob("*.tmp"))


def _translate_then_delete_a_msgstr_line(path: Path) -> tuple[bytes, int]:
    """Translate every entry, then delete the third entry's msgstr line; return the bytes and the msgid's line."""
    catalog = read_catalog(path)
    for entry in catalog.active():
        entry.msgstr = "FR"
    write_catalog(path, catalog)
    lines = path.read_text(encoding="utf-8").split("\n")
    deleted = [i for i, line in enumerate(lines) if line == 'msgstr "FR"'][2]
    msgid_line = max(i for i in range(deleted) if lines[i].startswith("msgid ")) + 1
    broken = "\n".join(lines[:deleted] + lines[deleted + 1:]).encode("utf-8")
    path.write_bytes(broken)
    return broken, msgid_line


@pytest.mark.foreign_catalogs  # the broken catalog is the point
def test_a_deleted_msgstr_line_is_refused_by_every_command_with_its_line(project: Path, runner: CliRunner) -> None:
    # polib alone reads such an entry as part of the next one: extract would re-create it
    # untranslated and write the catalog back, build would publish without it.
    invoke(runner, project, "extract")
    po = project / "locales" / "fr" / "LC_MESSAGES" / "campaign-call-2024.po"
    broken, msgid_line = _translate_then_delete_a_msgstr_line(po)
    for command in COMMANDS:
        result = invoke(runner, project, *command)
        assert result.exit_code == 1, (command, result.output)
        assert _only_line(result.stderr) == (
            f"Error: locales/fr/LC_MESSAGES/campaign-call-2024.po:{msgid_line}: msgid without a msgstr line "
            "(msgfmt: missing 'msgstr' section); write msgstr \"\" below it, or restore the file from git"
        ), command
        assert po.read_bytes() == broken, command
    assert not list(project.glob("build/**/campaign-call-2024*"))


_CONTROL_FIX = "remove it (statements are plain text: only tab, line feed and carriage return)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
         "statements/x.txt: a binary file, not text (an ELF executable); save the statement as plain text (UTF-8) instead"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(64),
         "statements/x.txt: a binary file, not text (a ZIP archive, such as a .docx or .odt document); "
         "save the statement as plain text (UTF-8) instead"),
        (b"Header text\n" + b"\x00\x00\xff\xfe\x00\x80" * 20,
         "statements/x.txt: a binary file, not text (NUL bytes, the first at byte offset 12); "
         "save the statement as plain text (UTF-8) instead"),
        (b"First line.\n\nSecond\x00 line.\n", f"statements/x.txt:3: control character U+0000 at byte offset 19; {_CONTROL_FIX}"),
        (b"First line.\n\n\x1b[31mRed\x1b[0m line.\n", f"statements/x.txt:3: control character U+001B at byte offset 13; {_CONTROL_FIX}"),
        ("Caf\u00e9 \u0085 line.\n".encode(), f"statements/x.txt:1: control character U+0085 at byte offset 6; {_CONTROL_FIX}"),
        (b"\xef\xbb\xbfA form\x0cfeed.\n", f"statements/x.txt:1: control character U+000C at byte offset 9; {_CONTROL_FIX}"),
        ("Hello world.\n\nSecond paragraph.\n".encode("utf-16-le"),
         "statements/x.txt: the file is UTF-16; save it as UTF-8 (for example: iconv -f UTF-16 -t UTF-8 "
         "statements/x.txt > statements/x.txt.utf8 && mv statements/x.txt.utf8 statements/x.txt)"),
    ],
    ids=["elf", "zip", "nul-bytes-binary", "nul-in-text", "escape", "c1-control", "form-feed-after-bom", "utf16-no-bom"],
)
def test_a_statement_that_is_not_plain_text_is_refused_with_its_offset(
    project: Path, runner: CliRunner, content: bytes, message: str
) -> None:
    (project / "statements" / "x.txt").write_bytes(content)
    result = invoke(runner, project, "extract", "x")
    assert result.exit_code == 1
    assert _only_line(result.stderr) == f"Error: {message}"
    assert not (project / "locales" / "x.pot").exists()


def test_tabs_and_crlf_are_plain_text(project: Path, runner: CliRunner) -> None:
    (project / "statements" / "x.txt").write_bytes(b"A tab\there.\r\n\r\nNext paragraph.\r\n")
    result = invoke(runner, project, "extract", "x")
    assert result.exit_code == 0, result.output
    assert (project / "locales" / "x.pot").exists()


def test_a_statement_linked_from_outside_the_project_is_refused(project: Path, runner: CliRunner, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("A statement kept somewhere else.\n")
    (project / "statements" / "elsewhere.txt").symlink_to(outside)
    for command in ("extract", "status"):
        result = invoke(runner, project, command)
        assert result.exit_code == 1
        assert _only_line(result.stderr) == (
            f"Error: statements/elsewhere.txt: a link to {outside.resolve()}, outside the project; "
            "copy the file into statements/ instead of linking to it"
        )
    assert not list((project / "locales").rglob("*.po*"))


def test_a_statement_linked_to_nothing_is_refused(project: Path, runner: CliRunner, tmp_path: Path) -> None:
    (project / "statements" / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result = invoke(runner, project, "extract")
    assert result.exit_code == 1
    assert _only_line(result.stderr) == (
        f"Error: statements/gone.txt: a link to {tmp_path / 'deleted.txt'}, which does not exist; "
        "remove the link or restore the file"
    )


def test_a_statement_linked_within_the_project_is_read(project: Path, runner: CliRunner) -> None:
    (project / "drafts").mkdir()
    (project / "drafts" / "inside.txt").write_text("A statement kept in the project.\n")
    (project / "statements" / "inside.txt").symlink_to(Path("..") / "drafts" / "inside.txt")
    result = invoke(runner, project, "extract", "inside")
    assert result.exit_code == 0, result.output
    assert (project / "locales" / "inside.pot").exists()


def _replace_by_file(path: Path) -> None:
    shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    path.write_text("not a folder\n")


def _replace_by_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


_IN_THE_WAY = "a file where a folder should be"
# Where a file is put in the way, what every command then says (after "Error: "), and which commands say it.
LAYOUT_CASES = {
    "locales-es": ("locales/es", _replace_by_file,
                   f"locales/es: {_IN_THE_WAY} (the es catalogs live in it); move or rename the file", COMMANDS),
    "locales": ("locales", _replace_by_file,
                f"locales: {_IN_THE_WAY} (the templates and catalogs live there); move or rename the file", COMMANDS),
    "lc-messages": ("locales/fr/LC_MESSAGES", _replace_by_file,
                    f"locales/fr/LC_MESSAGES: {_IN_THE_WAY} (the fr catalogs live there); move or rename the file", COMMANDS),
    "statements": ("statements", _replace_by_file,
                   f"statements: {_IN_THE_WAY} (the statements live there); move or rename the file", COMMANDS),
    "cache": (".stmtl10n-cache", _replace_by_file,
              f".stmtl10n-cache: {_IN_THE_WAY} (stmtl10n keeps its locks and caches there); move or rename the file",
              COMMANDS),
    "build": ("build", _replace_by_file,
              f"build: {_IN_THE_WAY} (builds are written there); move or rename the file", COMMANDS),
    "catalog-folder": ("locales/fr/LC_MESSAGES/campaign-call-2024.po", _replace_by_folder,
                       "locales/fr/LC_MESSAGES/campaign-call-2024.po: ", COMMANDS),  # each command says it in its words
    "template-folder": ("locales/campaign-call-2024.pot", _replace_by_folder,
                        "locales/campaign-call-2024.pot: a folder where a file should be; move or rename the folder",
                        [("extract",)]),
}


@pytest.mark.parametrize("case", [
    # A folder named like a catalog is no catalog msgfmt could check after the test.
    pytest.param(case, marks=pytest.mark.foreign_catalogs) if case.endswith("-folder") else case
    for case in sorted(LAYOUT_CASES)
])
def test_a_file_where_a_folder_should_be_is_one_line_for_every_command(
    project: Path, runner: CliRunner, case: str
) -> None:
    where, replace, message, commands = LAYOUT_CASES[case]
    invoke(runner, project, "extract")
    replace(project / where)
    for command in commands:
        result = invoke(runner, project, *command)
        assert result.exit_code == 1, (command, result.output)
        line = _only_line(result.stderr)
        if message.endswith(": "):
            assert line.startswith("Error: ") and message in line and "folder" in line, (command, line)
        else:
            assert line == f"Error: {message}", command
    assert (project / where).exists()


def test_a_file_in_statements_that_is_no_statement_is_said_once(tmp_path: Path) -> None:
    project = tmp_path / "p"
    CliRunner().invoke(cli, ["init", str(project), "--source-lang", "en", "--lang", "es"])
    (project / "statements" / "a.md").write_text("# A call\n\nStop the war.\n", encoding="utf-8")
    (project / "statements" / "notes.rtf").write_text("{\\rtf1 notes}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "stmtl10n", "-C", str(project), "extract"],
                            capture_output=True, text=True, check=True)
    assert result.stderr.count("warning: statements/notes.rtf: not a statement (.rtf), skipped") == 1
    assert "statements/a.md: 2 segments" in result.stdout
