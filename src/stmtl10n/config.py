"""Project settings: where a project is, what it translates, read once into frozen values."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stmtl10n._io import atomic_write, decode_utf8, read_user_file
from stmtl10n.choices import CHECK_NAMES, ENGINE_NAMES
from stmtl10n.errors import ConfigError, LocaleError
from stmtl10n.locales import normalize_locale

CONFIG_NAME = "stmtl10n.toml"
DEFAULT_LANGUAGES = ("es", "ar", "fr")
CACHE_DIR = ".stmtl10n-cache"

_TOP_KEYS = {
    "source-lang", "languages", "statements-dir", "locales-dir", "build-dir",
    "min-translated", "engines", "deepl", "checks",
}
_DEEPL_KEYS = {"formality", "english", "portuguese", "glossary"}
_CHECK_KEYS = {"disabled"}
_FORMALITY = ("default", "more", "less", "prefer_more", "prefer_less")
# The variants DeepL offers as targets; it refuses plain "EN"/"PT" as a target.
_ENGLISH = ("EN-GB", "EN-US")
_PORTUGUESE = ("PT-PT", "PT-BR")


@dataclass(frozen=True, slots=True)
class DeepLSettings:
    """DeepL options: formality per language, English/Portuguese variants, the project glossary."""

    formality: dict[str, str] = field(default_factory=dict)
    english: str = "EN-GB"
    portuguese: str = "PT-PT"
    glossary: str | None = None  # path relative to the project root


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything ``stmtl10n.toml`` (or ``[tool.stmtl10n]``) says, validated."""

    source_lang: str = "en"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    statements_dir: str = "statements"
    locales_dir: str = "locales"
    build_dir: str = "build"
    min_translated: float = 80.0
    engines: dict[str, str] = field(default_factory=dict)  # per-language machine engine
    deepl: DeepLSettings = field(default_factory=DeepLSettings)
    disabled_checks: tuple[str, ...] = ()


def settings_file(folder: Path) -> Path | None:
    """The settings file of a project rooted at ``folder``: its ``stmtl10n.toml``, else a
    ``pyproject.toml`` with a ``[tool.stmtl10n]`` table, else None."""
    config = folder / CONFIG_NAME
    if config.is_file():
        return config
    if config.is_dir():
        raise ConfigError(f"{config}: a folder where the settings file should be; move or rename the folder")
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "stmtl10n" in _read_toml(pyproject).get("tool", {}):
        return pyproject
    return None


def load_settings(path: Path) -> Settings:
    """Read and validate settings from ``stmtl10n.toml`` or a pyproject's ``[tool.stmtl10n]``."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("stmtl10n", {})
        where = f"{path}: [tool.stmtl10n]"
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected a table, got {data!r}")
    else:
        where = str(path)
    return _settings_from_dict(data, where=where)


def write_settings(root: Path, *, source_lang: str, languages: tuple[str, ...]) -> Path:
    """Write a new ``stmtl10n.toml`` in ``root`` (used by ``init``)."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    text = (
        "# stmtl10n project settings: see the README for every key.\n"
        f'source-lang = "{source_lang}"\n'
        f"languages = [{langs}]\n"
        'statements-dir = "statements"\n'
        'locales-dir = "locales"\n'
        'build-dir = "build"\n'
        "# Build a statement in a language only when this share of its entries is translated.\n"
        "min-translated = 80\n"
    )
    path = root / CONFIG_NAME
    atomic_write(path, text)
    return path


def _read_toml(path: Path) -> dict[str, Any]:
    """The TOML in ``path``; bytes that are not UTF-8 are named by line and byte offset
    (tomllib would raise UnicodeDecodeError), and a UTF-8 byte order mark, which
    Windows editors write and tomllib refuses, is dropped."""
    raw = read_user_file(path, display=str(path), kind="settings file", missing="run `stmtl10n init`",
                         error=ConfigError)
    text = decode_utf8(raw, display=str(path), fix="save the file as UTF-8", error=ConfigError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file") from None


def _check_keys(data: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f", did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(sorted(allowed))}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")


def _choice(value: Any, choices: Iterable[str], *, key: str, where: str) -> str:
    """``value`` if it is one of ``choices``, else a ConfigError with the closest choice."""
    options = list(choices)
    if isinstance(value, str) and value in options:
        return value
    close = difflib.get_close_matches(value, options, n=1) if isinstance(value, str) else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    expected = " or ".join(options) if len(options) == 2 else f"one of {', '.join(options)}"
    raise ConfigError(f"{where}: {key}: expected {expected}, got {value!r}{hint}")


def _settings_from_dict(data: dict[str, Any], *, where: str) -> Settings:
    _check_keys(data, _TOP_KEYS, where)

    def text(key: str, default: str) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: {key}: expected a non-empty string, got {value!r}")
        return value

    def locale(code: Any, key: str) -> str:
        if not isinstance(code, str):
            raise ConfigError(f"{where}: {key}: expected a language code, got {code!r}")
        try:
            return normalize_locale(code, where=f"{where}: {key}")
        except LocaleError as exc:
            raise ConfigError(str(exc)) from None

    source = locale(data.get("source-lang", "en"), "source-lang")
    raw_langs = data.get("languages", list(DEFAULT_LANGUAGES))
    if not isinstance(raw_langs, list) or not raw_langs:
        raise ConfigError(f"{where}: languages: expected a list of language codes, got {raw_langs!r}")
    languages = tuple(dict.fromkeys(locale(code, "languages") for code in raw_langs))

    min_translated = data.get("min-translated", 80)
    # bool is an int subclass: `min-translated = true` must not pass as 1.
    if (isinstance(min_translated, bool) or not isinstance(min_translated, (int, float))
            or not 0 <= min_translated <= 100):
        raise ConfigError(f"{where}: min-translated: expected a percentage from 0 to 100, got {min_translated!r}")

    engines_raw = data.get("engines", {})
    if not isinstance(engines_raw, dict):
        raise ConfigError(f"{where}: engines: expected a table like {{ ar = \"deepl\" }}, got {engines_raw!r}")
    engines: dict[str, str] = {}
    if engines_raw:
        for code, name in engines_raw.items():
            engines[locale(code, f"engines.{code}")] = _choice(name, ENGINE_NAMES, key=f"engines.{code}", where=where)

    deepl_raw = data.get("deepl", {})
    if not isinstance(deepl_raw, dict):
        raise ConfigError(f"{where}: deepl: expected a table, got {deepl_raw!r}")
    _check_keys(deepl_raw, _DEEPL_KEYS, f"{where}: deepl")
    formality_raw = deepl_raw.get("formality", {})
    if not isinstance(formality_raw, dict):
        raise ConfigError(
            f"{where}: deepl.formality: expected a table like {{ es = \"prefer_less\" }}, got {formality_raw!r}"
        )
    formality = {
        locale(code, f"deepl.formality.{code}"): _choice(value, _FORMALITY, key=f"deepl.formality.{code}", where=where)
        for code, value in formality_raw.items()
    }

    def variant(key: str, default: str, choices: tuple[str, ...]) -> str:
        value = deepl_raw.get(key, default)
        # Case does not matter to DeepL ("en-us" works), so it does not matter here either.
        return _choice(value.upper() if isinstance(value, str) else value, choices, key=f"deepl.{key}", where=where)

    glossary = deepl_raw.get("glossary")
    if glossary is not None and (not isinstance(glossary, str) or not glossary.strip()):
        raise ConfigError(f"{where}: deepl.glossary: expected a file path relative to the project, got {glossary!r}")
    deepl = DeepLSettings(
        formality=formality,
        english=variant("english", "EN-GB", _ENGLISH),
        portuguese=variant("portuguese", "PT-PT", _PORTUGUESE),
        glossary=glossary,
    )

    checks_raw = data.get("checks", {})
    if not isinstance(checks_raw, dict):
        raise ConfigError(f"{where}: checks: expected a table like {{ disabled = [\"length\"] }}, got {checks_raw!r}")
    _check_keys(checks_raw, _CHECK_KEYS, f"{where}: checks")
    disabled = checks_raw.get("disabled", [])
    if not isinstance(disabled, list):
        raise ConfigError(f"{where}: checks.disabled: expected a list of check names, got {disabled!r}")
    if disabled:
        disabled = [_choice(name, CHECK_NAMES, key="checks.disabled", where=where) for name in disabled]

    return Settings(
        source_lang=source,
        languages=languages,
        statements_dir=text("statements-dir", "statements"),
        locales_dir=text("locales-dir", "locales"),
        build_dir=text("build-dir", "build"),
        min_translated=float(min_translated),
        engines=engines,
        deepl=deepl,
        disabled_checks=tuple(dict.fromkeys(disabled)),
    )

