"""The markup check: links, emphasis, code, footnote references and HTML tags of the source stay in the translation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import TAG_RE, CheckContext, problem
from stmtl10n.formats.markdown import markdown_parser
from stmtl10n.model import Problem
from stmtl10n.patterns import find_urls

_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")


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


def _inventory(text: str, *, markdown: bool) -> _Markup:
    markup = _Markup()
    if not markdown:
        markup.urls.update(find_urls(text))
        return markup
    for block in markdown_parser().parseInline(text):
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


def check_markup(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every link, emphasis, code span, footnote reference and HTML tag of the source is in the translation."""
    source = _inventory(entry.msgid, markdown=ctx.is_markdown)
    target = _inventory(entry.msgstr, markdown=ctx.is_markdown)

    missing = source.urls - target.urls
    extra = target.urls - source.urls
    if len(missing) == 1 and len(extra) == 1:
        (old, _), (new, _) = next(iter(missing.items())), next(iter(extra.items()))
        yield problem(ctx, entry, "markup", f"The link to {old} was changed to {new} in the translation; "
                      f"links must stay exactly as in the source: copy {old}.")
    else:
        for url, count in missing.items():
            times = "" if count == 1 else f" ({count} times)"
            yield problem(ctx, entry, "markup", f"The link to {url} is missing from the translation{times}; "
                          "copy it from the source.")
        for url in extra:
            yield problem(ctx, entry, "markup", f"The translation has a link to {url} that the source does not have; "
                          "links must point where the source's point.")
    if target.empty_links > source.empty_links:
        yield problem(ctx, entry, "markup", "A link in the translation has no text: put the translated words "
                      "between [ and ] before the link's (…).")
    names = {"em": ("emphasized part", "*…* or _…_"), "strong": ("bold part", "**…**")}
    for kind, (noun, syntax) in names.items():
        have, want = target.emphasis[kind], source.emphasis[kind]
        if have != want:
            yield problem(ctx, entry, "markup", f"The source has {want} {noun}{'' if want == 1 else 's'} ({syntax}) "
                          f"and the translation {have}; mark the same words in the translation.")
    for code in source.code - target.code:
        yield problem(ctx, entry, "markup", f"The code `{code}` is missing from the translation; "
                      "copy it unchanged (code is not translated).")
    for code in target.code - source.code:
        yield problem(ctx, entry, "markup", f"The translation has code `{code}` that the source does not have; "
                      "code spans must be copied unchanged from the source.")
    source_tag_names = {_tag_name(tag) for tag in source.tags}
    for tag in sorted(set(source.tags) | set(target.tags)):
        if _tag_name(tag) not in source_tag_names:
            continue  # a tag the source never had is an engine leftover: see check_machine_marks
        if source.tags[tag] != target.tags[tag]:
            yield problem(ctx, entry, "markup", f"The HTML tag {tag} appears {source.tags[tag]} time(s) in the source "
                          f"and {target.tags[tag]} in the translation; keep the tags as in the source.")
    for note in sorted(set(source.footnotes) | set(target.footnotes)):
        if source.footnotes[note] > target.footnotes[note]:
            yield problem(ctx, entry, "markup", f"The footnote reference {note} is missing from the translation; "
                          "copy it where the note belongs.")
        elif source.footnotes[note] < target.footnotes[note]:
            yield problem(ctx, entry, "markup", f"The footnote reference {note} is not in the source; remove it "
                          "or check it is the right note.")
