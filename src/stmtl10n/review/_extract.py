"""babel's Python extractor, also reading the ``_()`` calls inside f-strings (see ``babel.cfg``).

On Python 3.11 an f-string is one token, so babel's ``extract_python`` does
not look inside it; the pages build their HTML in f-strings, with the
interface's words in ``_("…")`` and ``ngettext("…", "…", n)`` calls there.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

# A plain string literal in double or single quotes, escapes allowed: each a linear scan.
_DQ = r'"((?:[^"\\\n]|\\.)*)"'
_SQ = r"'((?:[^'\\\n]|\\.)*)'"
_CALL = re.compile(rf"(?<![\w.])_\((?:{_DQ}|{_SQ})\)")
_PLURAL = re.compile(rf"(?<![\w.])ngettext\({_DQ}, {_DQ},")


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, str, str | tuple[str, ...], list[str]]]:
    """What :func:`babel.messages.extract.extract_python` finds, and the calls inside f-strings."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[arg-type, misc]
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type != tokenize.STRING or not token.string[:2].lower().lstrip("rb").startswith("f"):
            continue
        line = token.start[0]
        for found in _CALL.finditer(token.string):
            text = found.group(1) if found.group(1) is not None else found.group(2)
            yield line, "_", _unescape(text), []
        for found in _PLURAL.finditer(token.string):
            yield line, "ngettext", (_unescape(found.group(1)), _unescape(found.group(2))), []


def _unescape(text: str) -> str:
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in text else text
