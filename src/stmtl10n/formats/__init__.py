"""Statement formats: pick the reader/writer pair for a file by its extension.

The registry below names each format's module and class; a format is imported
the first time a statement of its kind is read, so listing a project's
statements (``status``) loads no parser (markdown-it, lxml) at all. A test
holds the registry's names and extensions equal to the classes' own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import import_module
from pathlib import PurePath
from typing import NamedTuple, cast

from stmtl10n.errors import FormatError
from stmtl10n.formats.base import BinaryDocumentFormat, DocumentFormat


class _Registered(NamedTuple):
    name: str  # the format's ``name``: what Statement.format_name holds
    extensions: tuple[str, ...]
    module: str
    cls: str


#: The formats of statements that are text, read and written as str.
TEXT_FORMATS: tuple[_Registered, ...] = (
    _Registered("markdown", (".md", ".markdown"), "stmtl10n.formats.markdown", "MarkdownFormat"),
    _Registered("text", (".txt",), "stmtl10n.formats.plaintext", "PlainTextFormat"),
    _Registered("html", (".html", ".htm"), "stmtl10n.formats.html", "HtmlFormat"),
)
#: The formats of statements that are binary documents, read and written as bytes.
BINARY_FORMATS: tuple[_Registered, ...] = (
    _Registered("docx", (".docx",), "stmtl10n.formats.docx", "DocxFormat"),
    _Registered("odt", (".odt",), "stmtl10n.formats.odt", "OdtFormat"),
)
#: Every extension a statement may have.
STATEMENT_EXTENSIONS = frozenset(ext for entry in (*TEXT_FORMATS, *BINARY_FORMATS) for ext in entry.extensions)


def format_for(path: str | PurePath, *, front_matter_keys: Sequence[str] | None = None) -> DocumentFormat:
    """The format for a text statement file, by extension.

    :param front_matter_keys: the project's ``[markdown] front-matter-keys``
        (``project.settings.front_matter_keys``): every reader of a project's
        statements passes it, so extract and build agree on the segments.
    :raises FormatError: for an extension no format reads, and for a binary
        document (see :func:`binary_format_for`), which the caller cannot handle.
    """
    suffix = PurePath(path).suffix.lower()
    entry = _registered(TEXT_FORMATS, suffix)
    if entry is None:
        if is_binary(path):
            raise FormatError(f"{path}: {suffix} statements cannot be used here yet; "
                              "save the statement as Markdown (.md) or plain text (.txt) for this")
        raise _unknown(path, suffix)
    if entry.name == "markdown" and front_matter_keys is not None:
        return _markdown_format(tuple(front_matter_keys))
    return cast(DocumentFormat, _instance(entry))


def binary_format_for(path: str | PurePath) -> BinaryDocumentFormat:
    """The format for a binary statement file (``.docx``, ``.odt``), by extension.

    :raises FormatError: for an extension no binary format reads.
    """
    suffix = PurePath(path).suffix.lower()
    entry = _registered(BINARY_FORMATS, suffix)
    if entry is None:
        raise _unknown(path, suffix)
    return cast(BinaryDocumentFormat, _instance(entry))


def is_binary(path: str | PurePath) -> bool:
    """Whether a statement file is a binary document, read with :func:`binary_format_for`."""
    return _registered(BINARY_FORMATS, PurePath(path).suffix.lower()) is not None


def statement_format_name(path: str | PurePath) -> str:
    """The name of the format (text or binary) that reads a statement file, without loading it.

    :raises FormatError: for an extension no format reads.
    """
    suffix = PurePath(path).suffix.lower()
    entry = _registered(TEXT_FORMATS, suffix) or _registered(BINARY_FORMATS, suffix)
    if entry is None:
        raise _unknown(path, suffix)
    return entry.name


def _registered(formats: tuple[_Registered, ...], suffix: str) -> _Registered | None:
    return next((entry for entry in formats if suffix in entry.extensions), None)


@cache
def _instance(entry: _Registered) -> object:
    return getattr(import_module(entry.module), entry.cls)()


@lru_cache(maxsize=8)
def _markdown_format(front_matter_keys: tuple[str, ...]) -> DocumentFormat:
    from stmtl10n.formats.markdown import MarkdownFormat  # lazy: markdown-it, only for Markdown statements

    return MarkdownFormat(front_matter_keys=front_matter_keys)


def _unknown(path: str | PurePath, suffix: str) -> FormatError:
    known = ", ".join(ext for entry in (*TEXT_FORMATS, *BINARY_FORMATS) for ext in entry.extensions)
    return FormatError(f"{path}: unknown statement extension {suffix or '(none)'!r}; use one of {known}")


__all__ = ["BINARY_FORMATS", "STATEMENT_EXTENSIONS", "TEXT_FORMATS", "BinaryDocumentFormat", "DocumentFormat",
           "binary_format_for", "format_for", "is_binary", "statement_format_name"]
