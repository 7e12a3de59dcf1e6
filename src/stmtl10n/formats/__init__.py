"""Statement formats: pick the reader/writer pair for a file by its extension."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import PurePath

from stmtl10n.errors import FormatError
from stmtl10n.formats.base import BinaryDocumentFormat, DocumentFormat
from stmtl10n.formats.docx import DocxFormat
from stmtl10n.formats.html import HtmlFormat
from stmtl10n.formats.markdown import MarkdownFormat
from stmtl10n.formats.odt import OdtFormat
from stmtl10n.formats.plaintext import PlainTextFormat

#: The formats of statements that are text, read and written as str.
FORMATS: tuple[DocumentFormat, ...] = (
    MarkdownFormat(),
    PlainTextFormat(),
    HtmlFormat(),
)

#: The formats of statements that are binary documents, read and written as bytes.
BINARY_FORMATS: tuple[BinaryDocumentFormat, ...] = (
    DocxFormat(),
    OdtFormat(),
)


def format_for(path: str | PurePath, *, front_matter_keys: Sequence[str] | None = None) -> DocumentFormat:
    """The format for a text statement file, by extension.

    :param front_matter_keys: the project's ``[markdown] front-matter-keys``
        (``project.settings.front_matter_keys``): every reader of a project's
        statements passes it, so extract and build agree on the segments.
    :raises FormatError: for an extension no format reads, and for a binary
        document (see :func:`binary_format_for`), which the caller cannot handle.
    """
    suffix = PurePath(path).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.extensions:
            if isinstance(fmt, MarkdownFormat) and front_matter_keys is not None \
                    and tuple(front_matter_keys) != fmt.front_matter_keys:
                return _markdown_format(tuple(front_matter_keys))
            return fmt
    if is_binary(path):
        raise FormatError(f"{path}: {suffix} statements cannot be used here yet; "
                          "save the statement as Markdown (.md) or plain text (.txt) for this")
    raise FormatError(f"{path}: unknown statement extension {suffix or '(none)'!r}; use one of {_known()}")


@lru_cache(maxsize=8)
def _markdown_format(front_matter_keys: tuple[str, ...]) -> MarkdownFormat:
    return MarkdownFormat(front_matter_keys=front_matter_keys)


def binary_format_for(path: str | PurePath) -> BinaryDocumentFormat:
    """The format for a binary statement file (``.docx``, ``.odt``), by extension.

    :raises FormatError: for an extension no binary format reads.
    """
    suffix = PurePath(path).suffix.lower()
    for fmt in BINARY_FORMATS:
        if suffix in fmt.extensions:
            return fmt
    raise FormatError(f"{path}: unknown statement extension {suffix or '(none)'!r}; use one of {_known()}")


def is_binary(path: str | PurePath) -> bool:
    """Whether a statement file is a binary document, read with :func:`binary_format_for`."""
    suffix = PurePath(path).suffix.lower()
    return any(suffix in fmt.extensions for fmt in BINARY_FORMATS)


def statement_format_name(path: str | PurePath) -> str:
    """The name of the format (text or binary) that reads a statement file.

    :raises FormatError: for an extension no format reads.
    """
    return binary_format_for(path).name if is_binary(path) else format_for(path).name


def _known() -> str:
    return ", ".join([*(ext for fmt in FORMATS for ext in fmt.extensions),
                      *(ext for fmt in BINARY_FORMATS for ext in fmt.extensions)])


__all__ = ["BINARY_FORMATS", "FORMATS", "BinaryDocumentFormat", "DocumentFormat", "binary_format_for", "format_for",
           "is_binary", "statement_format_name"]
