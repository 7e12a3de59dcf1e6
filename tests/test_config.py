"""Settings validated when stmtl10n.toml is read, the one language check, and naming statements."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stmtl10n.cli import cli
from stmtl10n.config import CONFIG_NAME, load_settings
from stmtl10n.errors import ConfigError, FormatError
from stmtl10n.project import Project, find_project, list_statements

CALL = "Stand with us on the day of solidarity.\n"


def _write_config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / CONFIG_NAME
    path.write_text(f'source-lang = "en"\nlanguages = ["es", "fr"]\n{extra}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[deepl]\nglossary = 5", "deepl.glossary: expected a file path relative to the project, got 5"),
        ('[deepl]\nglossary = ""', "deepl.glossary: expected a file path relative to the project, got ''"),
        ('[engines]\nes = "deeppl"',
         "engines.es: expected one of deepl, apertium, libretranslate, llm, got 'deeppl'; did you mean 'deepl'?"),
        ("[engines]\nes = 1", "engines.es: expected one of deepl, apertium, libretranslate, llm, got 1"),
        ('[engines]\nar = "libretranslat"', "got 'libretranslat'; did you mean 'libretranslate'?"),
        ('[libretranslate]\nurl = "localhost:5000"',
         "libretranslate.url: expected an http:// or https:// URL like 'http://localhost:5000', got 'localhost:5000'"),
        ('[libretranslate]\nurl = "ftp://lt.example.org"', "libretranslate.url: expected an http:// or https:// URL"),
        ('[libretranslate]\nurl = "http://"', "libretranslate.url: expected an http:// or https:// URL"),
        ("[libretranslate]\nurl = 5000", "libretranslate.url: expected an http:// or https:// URL like"),
        ('[libretranslate]\nurl = "http://lt:port"', "libretranslate.url: the port is not a number in 'http://lt:port'"),
        ('[libretranslate]\nurl = "http://lt:5000/?key=1"', "libretranslate.url: expected a URL without ? or #"),
        ('[libretranslate]\nurll = "http://lt:5000"', "libretranslate: unknown key 'urll', did you mean 'url'?"),
        ('libretranslate = "http://lt:5000"', "libretranslate: expected a table, got 'http://lt:5000'"),
        ('[llm]\nurl = "localhost:11434/v1"', "llm.url: expected an http:// or https:// URL like 'http://localhost:11434/v1'"),
        ('[llm]\nmodle = "qwen"', "llm: unknown key 'modle', did you mean 'model'?"),
        ('[llm]\nmodel = ""', "llm.model: expected the model's name as the server knows it, got ''"),
        ("[llm]\nmodel = 7", "llm.model: expected the model's name as the server knows it, got 7"),
        ('[llm]\nkey = "sk-123"', "llm: unknown key 'key'; known keys: model, url"),
        ('[lmm]\nurl = "http://x"', "unknown key 'lmm', did you mean 'llm'?"),
        ('[deepl]\nenglish = "EN"', "deepl.english: expected EN-GB or EN-US, got 'EN'"),
        ('[deepl]\nenglish = "EN-UK"', "deepl.english: expected EN-GB or EN-US, got 'EN-UK'; did you mean"),
        ('[deepl]\nportuguese = "BR"', "deepl.portuguese: expected PT-PT or PT-BR, got 'BR'"),
        ("[deepl]\nportuguese = true", "deepl.portuguese: expected PT-PT or PT-BR, got True"),
        ("min-translated = true", "min-translated: expected a percentage from 0 to 100, got True"),
        ("min-translated = false", "min-translated: expected a percentage from 0 to 100, got False"),
        ('[checks]\ndisabled = ["lenght"]', "checks.disabled: expected one of markup, "),
        ('[checks]\ndisabled = ["lenght"]', "got 'lenght'; did you mean 'length'?"),
        ("[checks]\ndisabled = [1]", "checks.disabled: expected one of markup, "),
        ('[deepl.formality]\nes = ["less"]', "deepl.formality.es: expected one of default, more, less"),
    ],
    ids=[
        "glossary-number", "glossary-empty", "engine-typo", "engine-number", "engine-typo-libretranslate",
        "lt-url-no-scheme", "lt-url-ftp", "lt-url-no-host", "lt-url-number", "lt-url-port", "lt-url-query",
        "lt-key-typo", "lt-not-a-table", "llm-url-no-scheme", "llm-key-typo", "llm-model-empty", "llm-model-number",
        "llm-no-key-in-settings", "llm-table-typo", "english-bare", "english-uk",
        "portuguese-bare", "portuguese-bool", "min-translated-true", "min-translated-false",
        "disabled-typo", "disabled-typo-hint", "disabled-number", "formality-list",
    ],
)
def test_bad_settings_are_refused_when_read(tmp_path: Path, extra: str, message: str) -> None:
    path = _write_config(tmp_path, extra)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_good_settings_are_kept(tmp_path: Path) -> None:
    path = _write_config(
        tmp_path,
        'min-translated = 50\n[engines]\nes = "apertium"\n'
        '[deepl]\nenglish = "en-us"\nportuguese = "PT-BR"\nglossary = "glossary.csv"\n'
        '[checks]\ndisabled = ["length", "length", "numbers"]',
    )
    settings = load_settings(path)
    assert settings.min_translated == 50.0
    assert settings.engines == {"es": "apertium"}
    assert (settings.deepl.english, settings.deepl.portuguese) == ("EN-US", "PT-BR")
    assert settings.glossary == "glossary.csv"
    assert settings.disabled_checks == ("length", "numbers")
    assert settings.libretranslate.url is None and settings.llm.url is None and settings.llm.model is None


def test_engine_server_settings_are_kept(tmp_path: Path) -> None:
    path = _write_config(
        tmp_path,
        '[engines]\nar = "libretranslate"\nfr = "llm"\n'
        '[libretranslate]\nurl = "http://localhost:5000/"\n'
        '[llm]\nurl = "https://api.example.org/v1"\nmodel = " qwen2.5:7b-instruct "',
    )
    settings = load_settings(path)
    assert settings.engines == {"ar": "libretranslate", "fr": "llm"}
    assert settings.libretranslate.url == "http://localhost:5000"  # the slash the engine adds paths after goes
    assert (settings.llm.url, settings.llm.model) == ("https://api.example.org/v1", "qwen2.5:7b-instruct")


def test_pyproject_tool_table_that_is_not_a_table_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool]\nstmtl10n = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[tool\.stmtl10n\]: expected a table, got 'yes'"):
        load_settings(path)


def test_a_bad_engine_name_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    _write_config(tmp_path, '[engines]\nes = "deeppl"')
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / CONFIG_NAME}: engines.es: expected one of deepl, apertium, libretranslate, llm, "
        "got 'deeppl'; did you mean 'deepl'?\n"
    )


# -- Project.require_languages ----------------------------------------------------------------------------------


def _project(tmp_path: Path, statements: dict[str, str] | None = None) -> Project:
    root = tmp_path / "proj"
    (root / "statements").mkdir(parents=True)
    (root / "locales").mkdir()
    _write_config(root, "")
    for name, text in (statements or {}).items():
        (root / "statements" / name).write_text(text, encoding="utf-8")
    return find_project(root)


def test_require_languages_defaults_to_the_projects(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert project.require_languages(()) == ("es", "fr")
    assert project.require_languages(["fr", "fr"]) == ("fr",)


def test_require_languages_refuses_another_language_naming_the_config_file(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with pytest.raises(ConfigError) as info:
        project.require_languages(("es", "de"))
    assert str(info.value) == "--lang de: not a language of this project (es, fr); add it to stmtl10n.toml first"


@pytest.mark.parametrize(
    "command",
    [["status"], ["check"], ["build"], ["pretranslate", "--dry-run"], ["export-tmx", "-o", "out.tmx"]],
    ids=lambda args: args[0],
)
def test_every_command_says_a_language_is_not_the_projects(tmp_path: Path, command: list[str]) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(project.root), "extract"]).exit_code == 0
    result = runner.invoke(cli, ["-C", str(project.root), *command, "--lang", "de"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --lang de: not a language of this project (es, fr); add it to stmtl10n.toml first\n"
    assert "no catalog yet" not in result.output


# -- Naming statements -----------------------------------------------------------------------------------------


def test_a_file_outside_statements_with_a_statements_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    elsewhere = tmp_path / "drafts"
    elsewhere.mkdir()
    (elsewhere / "call.txt").write_text("Something else entirely.\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    for name in ("call.txt", str(elsewhere / "call.txt"), "../drafts/call.txt"):
        with pytest.raises(FormatError) as info:
            list_statements(project, (name,))
        assert str(info.value) == (
            f"{name}: not in statements/, where this project's statements live; "
            "name a statement by its slug or file name"
        )


def test_a_project_file_that_is_no_statement_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, {"call.txt": CALL})
    monkeypatch.chdir(project.root)
    with pytest.raises(FormatError, match=r"^stmtl10n\.toml: not in statements/"):
        list_statements(project, ("stmtl10n.toml",))


@pytest.mark.parametrize(
    ("cwd", "name"),
    [
        (".", "call"),
        (".", "call.txt"),
        (".", "statements/call.txt"),
        ("statements", "call.txt"),
        ("statements", "./call.txt"),
        ("locales", "statements/call.txt"),
        ("locales", "../statements/call.txt"),
    ],
    ids=["slug", "file-name", "path-from-root", "file-in-cwd", "dotted-path", "path-from-root-elsewhere", "relative-path"],
)
def test_a_statement_is_found_by_slug_file_name_or_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, name: str
) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "other.txt": CALL})
    monkeypatch.chdir(project.root / cwd)
    [statement] = list_statements(project, (name,))
    assert (statement.slug, statement.path) == ("call", "statements/call.txt")


def test_an_unknown_statement_names_the_ones_there_are(tmp_path: Path) -> None:
    project = _project(tmp_path, {"call.txt": CALL, "other.txt": CALL})
    with pytest.raises(FormatError, match=r"^nope: no such statement in statements/ \(statements: call, other\)$"):
        list_statements(project, ("nope",))


# -- init --------------------------------------------------------------------------------------------------------


def test_init_refuses_when_every_language_is_the_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--source-lang", "en", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --lang en: the only target language is the source language (en); name at least one other language\n"
    )
    assert not (tmp_path / "p").exists()


# -- the settings file itself ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [CONFIG_NAME, "pyproject.toml"])
def test_settings_that_are_not_utf8_are_one_line_with_the_byte_offset(tmp_path: Path, name: str) -> None:
    table = "[tool.stmtl10n]\n" if name == "pyproject.toml" else ""
    content = f'{table}source-lang = "en"\nlanguages = ["es"]\n'.encode() + b'# caf\xe9\n'
    (tmp_path / name).write_bytes(content)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 1
    offset = content.index(b"\xe9")
    line = content.count(b"\n", 0, offset) + 1
    assert result.stderr == (
        f"Error: {tmp_path / name}:{line}: not valid UTF-8 at byte offset {offset} (byte 0xe9); save the file as UTF-8\n"
    )


def test_settings_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    # Windows editors write one; tomllib alone calls it an invalid statement at line 1.
    (tmp_path / CONFIG_NAME).write_bytes(b'\xef\xbb\xbfsource-lang = "en"\r\nlanguages = ["es"]\r\n')
    assert load_settings(tmp_path / CONFIG_NAME).languages == ("es",)


def test_a_folder_named_like_the_settings_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).mkdir()
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / CONFIG_NAME}: a folder where the settings file should be; move or rename the folder\n"
    )


# -- the glossary and [digits] ---------------------------------------------------------------------------------


def test_the_glossary_is_a_top_level_setting_for_every_engine(tmp_path: Path) -> None:
    settings = load_settings(_write_config(tmp_path, 'glossary = "terms/glossary.csv"'))
    assert settings.glossary == "terms/glossary.csv"


def test_deepl_glossary_is_still_read_with_a_warning_to_move_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _write_config(tmp_path, '[deepl]\nglossary = "glossary.csv"')
    with caplog.at_level(logging.WARNING, logger="stmtl10n.config"):
        settings = load_settings(path)
    assert settings.glossary == "glossary.csv"
    (message,) = caplog.messages
    assert message == (
        f"Warning: {path}: deepl.glossary has moved: every engine uses the glossary now; write "
        'glossary = "glossary.csv" at the top of the file, before any [table], and remove it from [deepl]'
    )


def test_the_warning_to_move_deepl_glossary_is_one_line_on_stderr(tmp_path: Path) -> None:
    _write_config(tmp_path, '[deepl]\nglossary = "glossary.csv"')
    (tmp_path / "statements").mkdir()
    run = subprocess.run([sys.executable, "-m", "stmtl10n", "-C", str(tmp_path), "status"],
                         capture_output=True, text=True, check=False)
    warnings = [line for line in run.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and "deepl.glossary has moved" in warnings[0], run.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('glossary = "a.csv"\n[deepl]\nglossary = "b.csv"',
         "glossary = 'a.csv' and deepl.glossary = 'b.csv': one glossary serves every engine; remove deepl.glossary"),
        ("glossary = 3", "glossary: expected a file path relative to the project, got 3"),
        ('[digits]\nar = "arabic"', "digits.ar: expected latn or arab, got 'arabic'; did you mean 'arab'?"),
        ('[digits]\nes = "arab"', "digits.es: expected one of latn, got 'arab'"),
        ('[digits]\nxx = "latn"', "digits.xx: unknown language code 'xx'"),
        ('digits = "arab"', "digits: expected a table like { ar = \"arab\" }, got 'arab'"),
    ],
    ids=["two-glossaries", "glossary-number", "digits-typo", "digits-not-cldrs", "digits-language", "digits-not-a-table"],
)
def test_bad_glossary_and_digits_settings_are_refused(tmp_path: Path, extra: str, message: str) -> None:
    path = _write_config(tmp_path, extra)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_digits_are_a_numbering_system_per_language_defaulting_to_cldrs(tmp_path: Path) -> None:
    settings = load_settings(_write_config(tmp_path, '[digits]\nar = "arab"\nfr = "latn"'))
    assert settings.digits == {"ar": "arab", "fr": "latn"}
    assert (settings.digits_for("ar"), settings.digits_for("ar_EG"), settings.digits_for("es")) == ("arab", "arab", None)
    assert load_settings(_write_config(tmp_path, "")).digits == {}


def test_front_matter_keys_default_to_title_description_summary_and_can_be_set(tmp_path: Path) -> None:
    assert load_settings(_write_config(tmp_path, "")).front_matter_keys == ("title", "description", "summary")
    settings = load_settings(_write_config(tmp_path, '[markdown]\nfront-matter-keys = ["title", "lede", "title"]'))
    assert settings.front_matter_keys == ("title", "lede")
    assert load_settings(_write_config(tmp_path, "[markdown]\nfront-matter-keys = []")).front_matter_keys == ()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[markdown]\nfront-matter-keys = "title"', "markdown.front-matter-keys: expected a list of front matter keys"),
        ("[markdown]\nfront-matter-keys = [1]", "got [1]"),
        ('[markdown]\nfront-matter-keys = [" title"]', "got [' title']"),
        ('[markdown]\nfrontmatter-keys = ["title"]', "markdown: unknown key 'frontmatter-keys', did you mean 'front-matter-keys'?"),
        ('markdown = "yes"', "markdown: expected a table"),
    ],
    ids=["string", "number", "blank-around", "misspelt-key", "not-a-table"],
)
def test_bad_front_matter_keys_are_refused_in_one_line(tmp_path: Path, extra: str, message: str) -> None:
    path = _write_config(tmp_path, extra)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value) and "\n" not in str(info.value)
