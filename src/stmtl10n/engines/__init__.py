"""Machine engines behind one small protocol (see :mod:`stmtl10n.engines.base`), chosen by name."""

from __future__ import annotations

import difflib
import os

from stmtl10n.choices import ENGINE_NAMES
from stmtl10n.config import Settings
from stmtl10n.engines.base import Engine, PlansRequests, SourceSegment, Translation
from stmtl10n.errors import EngineError
from stmtl10n.glossary import read_project_glossary
from stmtl10n.project import Project

__all__ = [
    "ENGINE_NAMES", "Engine", "PlansRequests", "SourceSegment", "Translation", "default_engine_name", "get_engine",
    "is_set_up_for",
]


def default_engine_name(lang: str, settings: Settings) -> str:
    """The engine for ``lang``: the settings' ``engines`` entry, else ``deepl`` when
    ``DEEPL_AUTH_KEY`` is set, else ``apertium``.

    >>> default_engine_name("es", Settings(engines={"es": "apertium"}))
    'apertium'
    """
    chosen = settings.engines.get(lang) or settings.engines.get(lang.split("_")[0])
    if chosen:
        return chosen
    return "deepl" if os.environ.get("DEEPL_AUTH_KEY", "").strip() else "apertium"


def is_set_up_for(lang: str, *, project: Project) -> bool:
    """Whether ``pretranslate`` has an engine set up to draft ``lang`` here, asking no server.

    DeepL needs ``DEEPL_AUTH_KEY``, LibreTranslate and the LLM engine their
    server's URL in the settings (whether the server has the language is known
    only when it is asked); Apertium needs an installed pair, or a chain of
    two, from the source language (``apertium -l``). The review page uses it
    to tell a reviewer whether drafts can come, and where to turn if not.
    """
    name = default_engine_name(lang, project.settings)
    if name == "deepl":
        return bool(os.environ.get("DEEPL_AUTH_KEY", "").strip())
    if name == "libretranslate":
        return bool(project.settings.libretranslate.url)
    if name == "llm":
        return bool(project.settings.llm.url)
    if name == "apertium":
        from stmtl10n.engines.apertium import ApertiumEngine  # lazy: as in get_engine

        try:
            return ApertiumEngine(settings=project.settings).route(project.settings.source_lang, lang) is not None
        except EngineError:
            return False  # the apertium command is missing or cannot run
    return False


def get_engine(name: str, *, project: Project) -> Engine:
    """A new engine object (one per thread: engines keep a client or a process table).

    DeepL reads its key from ``DEEPL_AUTH_KEY`` and, when set, its URL from
    ``DEEPL_SERVER_URL``; the project glossary (``glossary``) is read here, for every engine.
    LibreTranslate and the LLM engine take their server from the settings
    (``[libretranslate] url``; ``[llm] url`` and ``model``) and their keys, when the
    server wants one, from ``LIBRETRANSLATE_API_KEY`` and ``STMTL10N_LLM_API_KEY``.

    :raises EngineError: for an unknown name, a missing key or server setting, or a missing ``apertium`` command.
    :raises ConfigError: for a glossary file that cannot be used.
    """
    if name == "deepl":
        # lazy: each engine's client loads only when that engine is chosen (deepl takes 0.1 s to import)
        from stmtl10n.engines.deepl_engine import DeepLEngine

        auth_key = os.environ.get("DEEPL_AUTH_KEY", "").strip()
        if not auth_key:
            raise EngineError("DEEPL_AUTH_KEY is not set: export your DeepL key, or use --engine apertium")
        server_url = os.environ.get("DEEPL_SERVER_URL", "").strip() or None
        if server_url and not server_url.endswith("/"):
            # The client joins "v2/translate" to it: without the slash, a path prefix would be lost.
            server_url += "/"
        return DeepLEngine(
            auth_key=auth_key,
            server_url=server_url,
            settings=project.settings,
            glossary=read_project_glossary(project),
            project_name=project.root.name,
        )
    if name == "apertium":
        from stmtl10n.engines.apertium import ApertiumEngine  # lazy: as above

        return ApertiumEngine(glossary=read_project_glossary(project), settings=project.settings)
    if name == "libretranslate":
        from stmtl10n.engines.libretranslate import LibreTranslateEngine  # lazy: as above

        url = project.settings.libretranslate.url
        if not url:
            raise EngineError(
                'libretranslate needs its server: set [libretranslate] url = "http://localhost:5000" in stmtl10n.toml'
            )
        return LibreTranslateEngine(url=url, api_key=os.environ.get("LIBRETRANSLATE_API_KEY", "").strip() or None,
                                    settings=project.settings, glossary=read_project_glossary(project))
    if name == "llm":
        from stmtl10n.engines.llm import LLMEngine  # lazy: as above

        llm = project.settings.llm
        if not llm.url or not llm.model:
            missing = "url" if not llm.url else "model"
            raise EngineError(
                f"llm needs its {missing}: add an [llm] table to stmtl10n.toml with "
                'url = "http://localhost:11434/v1" and model = "qwen2.5:7b-instruct" (your server\'s)'
            )
        return LLMEngine(
            url=llm.url,
            model=llm.model,
            api_key=os.environ.get("STMTL10N_LLM_API_KEY", "").strip() or None,
            settings=project.settings,
            glossary=read_project_glossary(project),
            languages=(project.settings.source_lang, *project.settings.languages),
        )
    close = difflib.get_close_matches(name, ENGINE_NAMES, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"choose one of {', '.join(ENGINE_NAMES)}"
    raise EngineError(f"unknown engine {name!r}; {hint}")
