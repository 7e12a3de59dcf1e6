"""Every exception stmtl10n raises on purpose: a user can cause these, so none shows a traceback."""

from __future__ import annotations

from typing import ClassVar


class Stmtl10nError(Exception):
    """Base class for every expected failure; the CLI prints it as one line."""

    exit_code: ClassVar[int] = 1


class ConfigError(Stmtl10nError):
    """The project settings are missing or wrong (message names file and key)."""


class LocaleError(ConfigError):
    """A language code babel does not know."""


class FormatError(Stmtl10nError):
    """A statement that cannot be read or segmented (message carries ``path:line``)."""


class OutputError(Stmtl10nError):
    """A file stmtl10n must write cannot be written (no space, no permission, no such folder)."""


class LayoutError(Stmtl10nError):
    """The project's files are not where they belong: a file where a folder should be
    (``locales/es`` a file), or a folder where a file should be (message names the path)."""


class CatalogError(Stmtl10nError):
    """A PO/POT file that cannot be read (message carries ``path:line``)."""


class EngineError(Stmtl10nError):
    """A machine engine failed in a way the user must fix (key, quota, network, missing pair)."""


class CheckFailed(Stmtl10nError):
    """``check`` found problems."""

    exit_code: ClassVar[int] = 3


class EngineAuthError(EngineError):
    """The engine refused the credentials (DeepL answered 403)."""


class EngineQuotaError(EngineError):
    """The engine's character quota is used up (DeepL answered 456)."""


class EngineNetworkError(EngineError):
    """The engine could not be reached, even after retries."""


class ServeError(Stmtl10nError):
    """The review server cannot start (the address is taken or cannot be bound)."""


class BadRequestError(Exception):
    """An HTTP request the review server cannot understand (malformed body, too large, cross-site).

    Not a :class:`Stmtl10nError`: the review application answers it with ``status``
    and it never reaches the command line's error boundary.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
