"""The machine-marks check: leftovers of machine engines (unknown-word marks, XML tags, language labels)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel import localedata

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import TAG_RE, CheckContext, problem
from stmtl10n.formats.markdown import markdown_parser
from stmtl10n.model import Problem

# Apertium marks words it does not know: *unknown, #unsure generation, @untransferred.
_UNKNOWN_WORD_RE = re.compile(r"(?:^|(?<=[\s(\[«“\"'¿¡]))([*#@])([^\W\d_][\w'’-]*)")
_LANG_PREFIX_RE = re.compile(r"^\s*[\[(]([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?|MT|mt)[\])]\s*")


def _is_language_code(code: str) -> bool:
    # "[ES]", "(pt-BR)": a language label; "(ONU)", "(Sic)" are words.
    parts = code.replace("-", "_").split("_")
    normalized = parts[0].lower() + (f"_{parts[1].upper()}" if len(parts) > 1 else "")
    return code.upper() == "MT" or localedata.exists(normalized)


def _literal_text(text: str) -> str:
    # Text tokens only: emphasis written *like this* is markup, a lone *word is a mark.
    pieces = []
    for block in markdown_parser().parseInline(text):
        for token in block.children or ():
            pieces.append(token.content if token.type in ("text", "text_special") else " ")
        pieces.append(" ")  # an inline footnote's text comes last, as a block of its own
    return "".join(pieces)


def check_machine_marks(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Leftovers of machine engines: Apertium unknown-word marks, XML tags, ``[ES]`` prefixes."""
    source_literal = _literal_text(entry.msgid)
    target_literal = _literal_text(entry.msgstr)
    marks_in_source = {m.group(1) for m in _UNKNOWN_WORD_RE.finditer(source_literal)}
    seen: set[str] = set()
    for match in _UNKNOWN_WORD_RE.finditer(target_literal):
        mark, word = match.group(1), match.group(2)
        if mark in marks_in_source or match.group(0) in seen:
            continue  # hashtags and handles the source has too
        seen.add(match.group(0))
        yield problem(ctx, entry, "machine-marks", f"“{mark}{word}” looks like a word the machine engine did not know "
                      f"(Apertium marks them with *, # or @); check the word and remove the “{mark}”.")
    source_tags = {m.group(1).lower() for m in TAG_RE.finditer(entry.msgid)}
    reported_tags: set[str] = set()
    for match in TAG_RE.finditer(entry.msgstr):
        name = match.group(1).lower()
        if name in source_tags or name in reported_tags:
            continue
        reported_tags.add(name)
        yield problem(ctx, entry, "machine-marks", f"“{match.group(0)}” is left over from the machine engine; "
                      "remove it and keep the words around it.")
    prefix = _LANG_PREFIX_RE.match(entry.msgstr)
    if prefix and _is_language_code(prefix.group(1)) and not _LANG_PREFIX_RE.match(entry.msgid):
        yield problem(ctx, entry, "machine-marks", f"The translation starts with “{prefix.group(0).strip()}”, "
                      "a label added by a machine engine; remove it.")
