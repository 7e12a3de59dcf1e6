"""The markup check: links, emphasis, code, footnote references and HTML tags of the source stay in the translation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import ERROR, TAG_RE, WARNING, CheckContext, problem
from stmtl10n.model import Message, Problem, message, plural_message
from stmtl10n.patterns import find_urls

if TYPE_CHECKING:
    from markdown_it.token import Token

_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
# Emphasis marks with a space between them and their words: "** européenne**", "**l'Union **".
_SPACED_OPENING_RE = re.compile(r"(?:^|(?<=\s))(\*{1,3}|_{1,3})[ \u00a0]+(?=[^\W_])")
_SPACED_CLOSING_RE = re.compile(r"(?<=[^\W_])[ \u00a0]+(\*{1,3}|_{1,3})(?=\s|$|[.,;:!?])")
_WORD_RE = re.compile(r"\S+")


@dataclass(slots=True)
class _Markup:
    """What inline markup a text carries, counted."""

    urls: Counter[str] = field(default_factory=Counter)
    empty_links: int = 0
    emphasis: Counter[str] = field(default_factory=Counter)  # "em", "strong"
    code: Counter[str] = field(default_factory=Counter)
    tags: Counter[str] = field(default_factory=Counter)
    footnotes: Counter[str] = field(default_factory=Counter)
    text: list[str] = field(default_factory=list)  # the plain text pieces, for bare URLs


def _inventory(text: str, tokens: Sequence[Token] | None) -> _Markup:
    """What markup ``text`` carries: from its inline ``tokens`` (Markdown), else its URLs and its tags.

    The tags are what HTML statements keep raw in the msgid and what Word and
    OpenDocument statements write their formatting and links as (``<b>``,
    ``<a1>…</a1>``, ``<x1/>``): a translation that drops one loses the bold,
    the link or the footnote in the built document.
    """
    markup = _Markup()
    if tokens is None:
        markup.urls.update(find_urls(text))
        markup.tags.update(" ".join(tag.group().split()) for tag in TAG_RE.finditer(text))
        return markup
    for block in tokens:
        link_text: list[str] = []
        in_link = 0
        for token in block.children or ():
            kind = token.type
            if kind == "link_open":
                href = str(token.attrGet("href") or "")
                markup.urls[href] += 1
                in_link += 1
                link_text = []
            elif kind == "link_close":
                in_link -= 1
                if not "".join(link_text).strip():
                    markup.empty_links += 1
            elif kind == "image":
                markup.urls[str(token.attrGet("src") or "")] += 1
            elif kind in ("em_open", "strong_open"):
                markup.emphasis[kind[:-5]] += 1
            elif kind == "code_inline":
                markup.code[token.content] += 1
                if in_link:
                    link_text.append(token.content)
            elif kind == "html_inline":
                markup.tags[" ".join(token.content.split())] += 1
            elif kind in ("text", "text_special"):
                if in_link:
                    link_text.append(token.content)
                else:
                    markup.text.append(token.content)
                    markup.footnotes.update(_FOOTNOTE_REF_RE.findall(token.content))
    for piece in markup.text:
        markup.urls.update(find_urls(piece))
    return markup


def _tag_name(tag: str) -> str:
    match = TAG_RE.match(tag)
    return match.group(1).lower() if match else tag


def _spaced_emphasis(tokens: Sequence[Token] | None) -> str | None:
    """A piece of ``text`` whose emphasis marks stand apart from their words ("l'Union ** européenne**"), or None.

    Markdown shows such marks as asterisks: the emphasis is lost (machine
    engines move the words and leave the spaces).
    """
    if tokens is None:
        return None
    for block in tokens:
        for token in block.children or ():
            if token.type != "text":
                continue
            content = token.content
            opening, closing = _SPACED_OPENING_RE.search(content), _SPACED_CLOSING_RE.search(content)
            if opening is None and closing is None:
                continue
            found = min((m for m in (opening, closing) if m is not None), key=lambda m: m.start(1))
            marks, where = found.group(1), found.start(1)
            words = [word.span() for word in _WORD_RE.finditer(content)]
            at = next(i for i, (_, end) in enumerate(words) if end > where)
            # The marks and the word they were meant for: "** européenne**", "**l'Union européenne **".
            if content.count(marks, 0, where) % 2 == 0:
                return content[words[at][0]:words[min(at + 1, len(words) - 1)][1]]
            return content[words[max(at - 1, 0)][0]:words[at][1]]
    return None


def check_markup(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every link, emphasis, code span, footnote reference and HTML tag of the source is in the translation.

    What is lost or changed is an error, and so is a link or URL the source
    does not have (readers would follow it); other markup the translation adds
    (emphasis, code, a tag, a footnote reference) is a warning, as a translator
    may add it on purpose.
    """
    source_tokens = ctx.inline_tokens(entry.msgid) if ctx.is_markdown else None
    target_tokens = ctx.inline_tokens(entry.msgstr) if ctx.is_markdown else None
    source = _inventory(entry.msgid, source_tokens)
    target = _inventory(entry.msgstr, target_tokens)

    missing = source.urls - target.urls
    extra = target.urls - source.urls
    if len(missing) == 1 and len(extra) == 1:
        (old, _), (new, _) = next(iter(missing.items())), next(iter(extra.items()))
        yield problem(ctx, entry, "markup", message(
            "The link to %(url)s was changed to %(written)s in the translation; "
            "links must stay exactly as in the source: copy %(url)s.", url=old, written=new))
    else:
        for url, count in missing.items():
            if count == 1:
                wording = message("The link to %(url)s is missing from the translation; copy it from the source.",
                                  url=url)
            else:
                wording = message("The link to %(url)s is missing from the translation (%(count)s times); "
                                  "copy it from the source.", url=url, count=count)
            yield problem(ctx, entry, "markup", wording)
        for url in extra:
            # An error, unlike other added markup: readers would follow a link the authors never gave.
            yield problem(ctx, entry, "markup", message(
                "The translation has a link to %(url)s that the source does not have; "
                "links must point where the source's point.", url=url))
    if target.empty_links > source.empty_links:
        yield problem(ctx, entry, "markup", message(
            "A link in the translation has no text: put the translated words between [ and ] before the link's (…)."))
    spaced = _spaced_emphasis(target_tokens)
    for kind in ("em", "strong"):
        have, want = target.emphasis[kind], source.emphasis[kind]
        if have < want and spaced is not None:
            yield problem(ctx, entry, "markup", _emphasis_message(kind, "spaced", want=want, have=have, spaced=spaced))
            spaced = None  # one fault, one report
        elif have < want:
            yield problem(ctx, entry, "markup", _emphasis_message(kind, "fewer", want=want, have=have))
        elif have > want:
            yield problem(ctx, entry, "markup", _emphasis_message(kind, "more", want=want, have=have), severity=WARNING)
    for code in source.code - target.code:
        yield problem(ctx, entry, "markup", message(
            "The code `%(code)s` is missing from the translation; copy it unchanged (code is not translated).",
            code=code))
    for code in target.code - source.code:
        yield problem(ctx, entry, "markup", message(
            "The translation has code `%(code)s` that the source does not have; "
            "code spans must be copied unchanged from the source.", code=code), severity=WARNING)
    source_tag_names = {_tag_name(tag) for tag in source.tags}
    for tag in sorted(set(source.tags) | set(target.tags)):
        if _tag_name(tag) not in source_tag_names:
            continue  # a tag the source never had is an engine leftover: see check_machine_marks
        if source.tags[tag] != target.tags[tag]:
            yield problem(ctx, entry, "markup", message(
                "The HTML tag %(tag)s appears %(count)s time(s) in the source and %(written)s in the translation; "
                "keep the tags as in the source.", tag=tag, count=source.tags[tag], written=target.tags[tag]),
                severity=ERROR if source.tags[tag] > target.tags[tag] else WARNING)
    for note in sorted(set(source.footnotes) | set(target.footnotes)):
        if source.footnotes[note] > target.footnotes[note]:
            yield problem(ctx, entry, "markup", message(
                "The footnote reference %(note)s is missing from the translation; copy it where the note belongs.",
                note=note))
        elif source.footnotes[note] < target.footnotes[note]:
            yield problem(ctx, entry, "markup", message(
                "The footnote reference %(note)s is not in the source; remove it or check it is the right note.",
                note=note), severity=WARNING)


def _emphasis_message(kind: str, fault: str, *, want: int, have: int, spaced: str = "") -> Message:
    """What the markup check says when the translation has ``fewer`` or ``more`` emphasized
    (``em``) or bold (``strong``) parts than the source, or fewer because ``spaced`` marks
    stand apart from their words: one whole sentence for each, for translators."""
    counts = {"count": want, "written": have}
    if kind == "em" and fault == "spaced":
        return plural_message(
            "The source has %(count)s emphasized part (*…* or _…_) and the translation %(written)s: in “%(spaced)s” "
            "a space stands between the marks and the words, so readers see the marks instead; "
            "write them against the words.",
            "The source has %(count)s emphasized parts (*…* or _…_) and the translation %(written)s: in “%(spaced)s” "
            "a space stands between the marks and the words, so readers see the marks instead; "
            "write them against the words.", spaced=spaced, **counts)
    if kind == "em" and fault == "fewer":
        return plural_message(
            "The source has %(count)s emphasized part (*…* or _…_) and the translation %(written)s; "
            "mark the same words in the translation.",
            "The source has %(count)s emphasized parts (*…* or _…_) and the translation %(written)s; "
            "mark the same words in the translation.", **counts)
    if kind == "em":
        return plural_message(
            "The source has %(count)s emphasized part (*…* or _…_) and the translation %(written)s; "
            "mark the same words as the source, unless the emphasis is on purpose.",
            "The source has %(count)s emphasized parts (*…* or _…_) and the translation %(written)s; "
            "mark the same words as the source, unless the emphasis is on purpose.", **counts)
    if fault == "spaced":
        return plural_message(
            "The source has %(count)s bold part (**…**) and the translation %(written)s: in “%(spaced)s” "
            "a space stands between the marks and the words, so readers see the marks instead; "
            "write them against the words.",
            "The source has %(count)s bold parts (**…**) and the translation %(written)s: in “%(spaced)s” "
            "a space stands between the marks and the words, so readers see the marks instead; "
            "write them against the words.", spaced=spaced, **counts)
    if fault == "fewer":
        return plural_message(
            "The source has %(count)s bold part (**…**) and the translation %(written)s; "
            "mark the same words in the translation.",
            "The source has %(count)s bold parts (**…**) and the translation %(written)s; "
            "mark the same words in the translation.", **counts)
    return plural_message(
        "The source has %(count)s bold part (**…**) and the translation %(written)s; "
        "mark the same words as the source, unless the emphasis is on purpose.",
        "The source has %(count)s bold parts (**…**) and the translation %(written)s; "
        "mark the same words as the source, unless the emphasis is on purpose.", **counts)
