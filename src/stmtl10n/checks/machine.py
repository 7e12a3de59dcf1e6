"""The machine-marks check: leftovers of machine engines (unknown-word marks, XML tags, language labels)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel import localedata

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import TAG_RE, CheckContext, problem
from stmtl10n.model import Problem, message
from stmtl10n.patterns import EMAIL_RE, HANDLE_RE, HASHTAG_RE, remove_urls

# Apertium marks words it does not know: *unknown, #unsure generation, @untransferred;
# chained pairs stack them ("#**LiftTheSiege") or leave them inside a word ("cuarto.int*ernacional", "Al-*Aqsa").
_WORD_RE = re.compile(r"\S+")
_OPENERS = "([«“\"'¿¡"
_LEADING_MARKS_RE = re.compile(r"\A([*#@]+)([^\W\d_][\w'’-]*)")
# After a letter, a dot, a hyphen or an apostrophe (Apertium's "d’@association").
_INSIDE_MARK_RE = re.compile(r"(?<=[^\W_]|[.'’-])[*#@]+(?=[^\W\d_])")
_WORD_EDGES = "()[]{}«»“”\"'¿¡.,;:!?…"
_BLANK = "\ufffc"
_LANG_PREFIX_RE = re.compile(r"^\s*[\[(]([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?|MT|mt)[\])]\s*")


def _is_language_code(code: str) -> bool:
    # "[ES]", "(pt-BR)": a language label; "(ONU)", "(Sic)" are words.
    parts = code.replace("-", "_").split("_")
    normalized = parts[0].lower() + (f"_{parts[1].upper()}" if len(parts) > 1 else "")
    return code.upper() == "MT" or localedata.exists(normalized)


def _literal_text(ctx: CheckContext, text: str) -> str:
    # Text tokens only: emphasis written *like this* is markup, a lone *word is a mark.
    pieces = []
    for block in ctx.inline_tokens(text):
        for token in block.children or ():
            pieces.append(token.content if token.type in ("text", "text_special") else " ")
        pieces.append(" ")  # an inline footnote's text comes last, as a block of its own
    return "".join(pieces)


def _without_identifiers(text: str, source: str) -> str:
    """``text`` with its URLs, e-mail addresses and the source's hashtags and handles blanked: their "@" and "#" are no marks."""
    # A stand-in that is neither a space nor a word character keeps the words around it as they were.
    text = EMAIL_RE.sub(_BLANK, remove_urls(text, _BLANK))
    for identifier in dict.fromkeys(m.group() for m in (*HASHTAG_RE.finditer(source), *HANDLE_RE.finditer(source))):
        text = text.replace(identifier, _BLANK)
    return text


def _marked_words(target: str, source: str, *, bold_in_source: bool) -> Iterator[tuple[str, str, bool]]:
    """Each word of ``target`` with an engine's mark: (the word, its marks, whether they are inside it).

    :param bold_in_source: a "**" before a word is then bold markup gone wrong, the markup check's business.
    """
    source_marks = {m.group(1) for word in _WORD_RE.findall(source)
                    if (m := _LEADING_MARKS_RE.match(word.lstrip(_OPENERS)))}
    source_words = set(_WORD_RE.findall(_without_identifiers(source, source)))
    for word in _WORD_RE.findall(target):
        if word in source_words:
            continue  # copied from the source as it is
        bare = word.lstrip(_OPENERS)
        leading = _LEADING_MARKS_RE.match(bare)
        if leading is not None:
            marks = leading.group(1)
            if bold_in_source and len(marks) > 1 and set(marks) == {"*"}:
                continue
            if marks in source_marks:
                continue  # hashtags and handles the source has too ("#PalestinaLibre")
            # "#*LiftTheSiege": the hashtag's "#" is the source's, the "*" the engine's.
            kept = marks[0] if marks[0] in source_marks else ""
            yield leading.group(0), marks[len(kept):], False
            continue
        inside = _INSIDE_MARK_RE.search(bare)
        if inside is not None:
            yield word.strip(_WORD_EDGES), inside.group(), True


def check_machine_marks(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Leftovers of machine engines: Apertium unknown-word marks (also inside a word), XML tags, ``[ES]`` prefixes."""
    source_literal = _literal_text(ctx, entry.msgid)
    target_literal = _without_identifiers(_literal_text(ctx, entry.msgstr), source_literal)
    seen: set[str] = set()
    for word, marks, inside in _marked_words(target_literal, source_literal, bold_in_source="**" in entry.msgid):
        if word in seen:
            continue
        seen.add(word)
        if inside:
            wording = message("“%(word)s” looks like a word the machine engine did not know (Apertium marks them "
                              "with *, # or @, here “%(marks)s” inside it); check the word and remove the “%(marks)s”.",
                              word=word, marks=marks)
        else:
            wording = message("“%(word)s” looks like a word the machine engine did not know (Apertium marks them "
                              "with *, # or @, here “%(marks)s” in front); check the word and remove the “%(marks)s”.",
                              word=word, marks=marks)
        yield problem(ctx, entry, "machine-marks", wording)
    source_tags = {m.group(1).lower() for m in TAG_RE.finditer(entry.msgid)}
    reported_tags: set[str] = set()
    for match in TAG_RE.finditer(entry.msgstr):
        name = match.group(1).lower()
        if name in source_tags or name in reported_tags:
            continue
        reported_tags.add(name)
        yield problem(ctx, entry, "machine-marks", message(
            "“%(tag)s” is left over from the machine engine; remove it and keep the words around it.",
            tag=match.group(0)))
    prefix = _LANG_PREFIX_RE.match(entry.msgstr)
    if prefix and _is_language_code(prefix.group(1)) and not _LANG_PREFIX_RE.match(entry.msgid):
        yield problem(ctx, entry, "machine-marks", message(
            "The translation starts with “%(label)s”, a label added by a machine engine; remove it.",
            label=prefix.group(0).strip()))
