"""Project settings: where a project is, what it translates, read once into frozen values."""

from __future__ import annotations

import difflib
import logging
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stmtl10n._io import atomic_write, decode_utf8, read_user_file
from stmtl10n.choices import CHECK_NAMES, ENGINE_NAMES
from stmtl10n.errors import ConfigError, LocaleError
from stmtl10n.locales import normalize_locale

CONFIG_NAME = "stmtl10n.toml"
DEFAULT_LANGUAGES = ("es", "ar", "fr")
CACHE_DIR = ".stmtl10n-cache"

_TOP_KEYS = {
    "source-lang", "languages", "statements-dir", "locales-dir", "build-dir",
    "min-translated", "engines", "glossary", "digits", "deepl", "checks", "libretranslate", "llm", "markdown",
}
_DEEPL_KEYS = {"formality", "english", "portuguese", "glossary"}
_LIBRETRANSLATE_KEYS = {"url"}
_LLM_KEYS = {"url", "model"}
_CHECK_KEYS = {"disabled"}
_MARKDOWN_KEYS = {"front-matter-keys"}
# The front matter keys whose values are segments (formats.markdown.FRONT_MATTER_KEYS, which
# sits a layer above the settings).
DEFAULT_FRONT_MATTER_KEYS = ("title", "description", "summary")
_FORMALITY = ("default", "more", "less", "prefer_more", "prefer_less")
# The variants DeepL offers as targets; it refuses plain "EN"/"PT" as a target.
_ENGLISH = ("EN-GB", "EN-US")
_PORTUGUESE = ("PT-PT", "PT-BR")

# Notes on settings that still work but should change (a key that moved): one
# warning line each, on stderr, when the settings are read.
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeepLSettings:
    """DeepL options: formality per language, English/Portuguese variants (the glossary is Settings.glossary)."""

    formality: dict[str, str] = field(default_factory=dict)
    english: str = "EN-GB"
    portuguese: str = "PT-PT"


@dataclass(frozen=True, slots=True)
class LibreTranslateSettings:
    """A LibreTranslate server (the key, if it needs one, is ``LIBRETRANSLATE_API_KEY``)."""

    url: str | None = None  # e.g. "http://localhost:5000", without the trailing slash


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """An OpenAI-compatible chat-completions server (the key, if any, is ``STMTL10N_LLM_API_KEY``)."""

    url: str | None = None  # the API's base, e.g. "http://localhost:11434/v1"; /chat/completions is added
    model: str | None = None


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
    glossary: str | None = None  # the glossary CSV, relative to the project root: used by every engine
    digits: dict[str, str] = field(default_factory=dict)  # per-language numbering system (``ar = "arab"``)
    deepl: DeepLSettings = field(default_factory=DeepLSettings)
    disabled_checks: tuple[str, ...] = ()
    libretranslate: LibreTranslateSettings = field(default_factory=LibreTranslateSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS  # ``[markdown] front-matter-keys``

    def digits_for(self, lang: str) -> str | None:
        """The numbering system chosen for ``lang`` (or its base language), None for CLDR's default.

        >>> Settings(digits={"ar": "arab"}).digits_for("ar_EG"), Settings().digits_for("ar")
        ('arab', None)
        """
        return self.digits.get(lang) or self.digits.get(lang.split("_")[0])


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


def _table(data: dict[str, Any], name: str, allowed: set[str], where: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: {name}: expected a table, got {table!r}")
    _check_keys(table, allowed, f"{where}: {name}")
    return table


def _server_url(value: Any, *, key: str, where: str, example: str) -> str | None:
    """An http(s) URL with a host, without its trailing slash; None when not set."""
    if value is None:
        return None
    parts = urlsplit(value.strip()) if isinstance(value, str) else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {key}: expected an http:// or https:// URL like {example!r}, got {value!r}")
    if parts.query or parts.fragment:
        raise ConfigError(f"{where}: {key}: expected a URL without ? or #, got {value!r}")
    try:
        _ = parts.port  # raises for a port that is not a number
    except ValueError:
        raise ConfigError(f"{where}: {key}: the port is not a number in {value!r}") from None
    return str(value).strip().rstrip("/")


def _glossary_setting(data: dict[str, Any], deepl_raw: dict[str, Any], *, where: str) -> str | None:
    """The top-level ``glossary``; ``deepl.glossary`` still counts, with a note to move it."""
    for key, value in (("glossary", data.get("glossary")), ("deepl.glossary", deepl_raw.get("glossary"))):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: {key}: expected a file path relative to the project, got {value!r}")
    top, old = data.get("glossary"), deepl_raw.get("glossary")
    if old is None:
        return str(top) if top is not None else None
    if top is not None and top != old:
        raise ConfigError(
            f"{where}: glossary = {top!r} and deepl.glossary = {old!r}: one glossary serves every engine; "
            "remove deepl.glossary"
        )
    log.warning(
        "Warning: %s: deepl.glossary has moved: every engine uses the glossary now; "
        "write glossary = %s at the top of the file, before any [table], and remove it from [deepl]",
        where, _toml_string(old),
    )
    return str(old)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _digits_setting(raw: Any, locale: Callable[[Any, str], str], *, where: str) -> dict[str, str]:
    """``[digits]``: a numbering system per language, one CLDR lists for it (``ar = "arab"`` or ``"latn"``)."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: digits: expected a table like {{ ar = \"arab\" }}, got {raw!r}")
    if not raw:
        return {}
    from stmtl10n.dates import numbering_systems  # lazy: CLDR's date tables, for the few projects with [digits]

    digits = {}
    for code, value in raw.items():
        lang = locale(code, f"digits.{code}")
        digits[lang] = _choice(value, numbering_systems(lang), key=f"digits.{code}", where=where)
    return digits


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

    glossary = _glossary_setting(data, deepl_raw, where=where)
    deepl = DeepLSettings(
        formality=formality,
        english=variant("english", "EN-GB", _ENGLISH),
        portuguese=variant("portuguese", "PT-PT", _PORTUGUESE),
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

    libretranslate_raw = _table(data, "libretranslate", _LIBRETRANSLATE_KEYS, where)
    libretranslate = LibreTranslateSettings(
        url=_server_url(libretranslate_raw.get("url"), key="libretranslate.url", where=where,
                        example="http://localhost:5000"),
    )
    llm_raw = _table(data, "llm", _LLM_KEYS, where)
    model = llm_raw.get("model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise ConfigError(f"{where}: llm.model: expected the model's name as the server knows it, got {model!r}")
    llm = LLMSettings(
        url=_server_url(llm_raw.get("url"), key="llm.url", where=where, example="http://localhost:11434/v1"),
        model=model.strip() if model else None,
    )

    markdown_raw = _table(data, "markdown", _MARKDOWN_KEYS, where)
    front_matter_keys = _front_matter_keys(markdown_raw.get("front-matter-keys", list(DEFAULT_FRONT_MATTER_KEYS)),
                                           where=where)

    return Settings(
        source_lang=source,
        languages=languages,
        statements_dir=text("statements-dir", "statements"),
        locales_dir=text("locales-dir", "locales"),
        build_dir=text("build-dir", "build"),
        min_translated=float(min_translated),
        engines=engines,
        glossary=glossary,
        digits=_digits_setting(data.get("digits", {}), locale, where=where),
        deepl=deepl,
        disabled_checks=tuple(dict.fromkeys(disabled)),
        libretranslate=libretranslate,
        llm=llm,
        front_matter_keys=front_matter_keys,
    )


def _front_matter_keys(raw: Any, *, where: str) -> tuple[str, ...]:
    """``[markdown] front-matter-keys``: the YAML keys (``title``) whose values are translated; may be empty."""
    if not isinstance(raw, list) or not all(isinstance(key, str) and key.strip() and key == key.strip()
                                            for key in raw):
        raise ConfigError(f"{where}: markdown.front-matter-keys: expected a list of front matter keys "
                          f"like [\"title\", \"description\"], got {raw!r}")
    return tuple(dict.fromkeys(raw))

