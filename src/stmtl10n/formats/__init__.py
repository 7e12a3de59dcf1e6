"""Statement formats: pick the reader/writer pair for a file by its extension."""

from __future__ import annotations

from pathlib import PurePath

from stmtl10n.errors import FormatError
from stmtl10n.formats.base import DocumentFormat
from stmtl10n.formats.markdown import MarkdownFormat
from stmtl10n.formats.plaintext import PlainTextFormat

FORMATS: tuple[DocumentFormat, ...] = (MarkdownFormat(), PlainTextFormat())


def format_for(path: str | PurePath) -> DocumentFormat:
    """The format for a statement file, by extension.

    :raises FormatError: for an extension no format reads.
    """
    suffix = PurePath(path).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(ext for fmt in FORMATS for ext in fmt.extensions)
    raise FormatError(f"{path}: unknown statement extension {suffix or '(none)'!r}; use one of {known}")


__all__ = ["FORMATS", "DocumentFormat", "format_for"]
