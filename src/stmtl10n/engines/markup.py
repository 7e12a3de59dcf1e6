"""Inline Markdown of a msgid turned into XML tags an engine keeps in place, and back."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from stmtl10n.formats.markdown import make_markdown_parser
from stmtl10n.patterns import HANDLE_RE, HASHTAG_RE, URL_RE, URL_SCHEMES, email_span, url_end

# Element names of the protected XML. Pairs wrap translatable text (link text,
# emphasis, image alt text, an inline footnote's text); ``x`` is an empty
# placeholder for everything that must not be translated (URLs, code, HTML tags,
# escapes…). The raw Markdown of every tag lives in :class:`Protected`, keyed by
# the ``i`` attribute, so URLs and code never leave the machine and come back
# exactly as written.
PAIR_TAGS = ("em", "strong", "a", "image")
PLACEHOLDER_TAG = "x"
IGNORE_TAGS = (PLACEHOLDER_TAG,)

_ENV_KEY = "_stmtl10n_markup"


@dataclass(slots=True)
class _Recorder:
    """Source spans seen by the inline parser while it runs (kept in the parser env)."""

    offset: int = 0  # where the string being parsed starts in the msgid (image alt text)
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    pairs: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # tag, open span, close span


class _AnyReference(dict[str, dict[str, str]]):
    """Link references that resolve every label.

    A msgid is cut out of its statement, so the reference definitions of
    ``[text][ref]`` are not there; every bracketed label is taken as a link,
    which only means its brackets travel as a tag (restored exactly).
    """

    def get(self, key: Any, default: Any = None) -> dict[str, str]:
        return {"href": "", "title": ""}

    def __contains__(self, key: object) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class Protected:
    """A msgid as XML for an engine, with what is needed to turn a translation back into Markdown.

    :param source: the msgid.
    :param xml: the msgid with inline markup as tags and ``& < >`` escaped: well-formed
        XML content, fit for DeepL's ``tag_handling="xml"`` (v2 parses it strictly).
    """

    source: str
    xml: str
    # id -> raw Markdown of the opening tag (or of the placeholder) and of the closing tag
    _markup: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)

    @property
    def billable_characters(self) -> int:
        """Code points DeepL bills for :attr:`xml`: its text, tags excluded."""
        return len(_unescape(_TAG_RE.sub("", self.xml)))

    def restore(self, xml: str) -> str:
        """The translated XML ``xml`` back as Markdown, every tag replaced by its source markup.

        Never fails: a tag the engine dropped leaves its markup out, a tag it
        invented or garbled is dropped and its text kept; later checks report
        missing markup. A pair the engine split over reordered words
        (Apertium: ``<em>acciones</em> de <em>masa</em>``) becomes one span again
        when that keeps the nesting sound. Leading and trailing whitespace is the
        source's.
        """
        items = self._parse_translation(xml)
        _merge_split_pairs(items)
        out: list[str] = []
        for kind, value in items:
            if kind == "text":
                out.append(str(value))
            elif kind in ("open", "placeholder"):
                out.append(self._markup[int(value)][0])
            elif kind == "close":
                out.append(self._markup[int(value)][1])
        return _with_edges_of(self.source, "".join(out))

    def _parse_translation(self, xml: str) -> list[tuple[str, str | int]]:
        """Text and known tags of ``xml`` in order: ("text", str), ("open"|"close"|"placeholder", id)."""
        items: list[tuple[str, str | int]] = []
        open_tags: list[tuple[str, int]] = []  # closing tags carry no id: match them to openers
        pos = 0
        for match in _TAG_RE.finditer(xml):
            items.append(("text", _unescape(xml[pos:match.start()])))
            pos = match.end()
            name, ident = match.group("name"), match.group("id")
            if match.group("close"):
                opener = next((i for i in range(len(open_tags) - 1, -1, -1) if open_tags[i][0] == name), None)
                if opener is not None:
                    ident_open = open_tags.pop(opener)[1]
                    if name != PLACEHOLDER_TAG:
                        items.append(("close", ident_open))
                continue
            if ident is None or int(ident) not in self._markup or name not in (PLACEHOLDER_TAG, *PAIR_TAGS):
                continue
            # An engine may write ``<x i="1"/>`` as ``<x i="1"></x>``: the closing tag adds nothing.
            items.append(("placeholder" if name == PLACEHOLDER_TAG else "open", int(ident)))
            if not match.group(0).endswith("/>"):
                open_tags.append((name, int(ident)))
        items.append(("text", _unescape(xml[pos:])))
        return items


def _merge_split_pairs(items: list[tuple[str, str | int]]) -> None:
    """Join the copies of a pair an engine split: first opening to last closing, if nothing crosses them."""
    for ident in {value for kind, value in items if kind == "open"}:
        opens = [i for i, (kind, value) in enumerate(items) if kind == "open" and value == ident]
        closes = [i for i, (kind, value) in enumerate(items) if kind == "close" and value == ident]
        if len(opens) < 2 or len(opens) != len(closes) or opens[0] > closes[-1]:
            continue
        first, last = opens[0], closes[-1]
        inside: dict[str | int, int] = {}
        for kind, value in items[first + 1:last]:
            if kind in ("open", "close") and value != ident:
                inside[value] = inside.get(value, 0) + (1 if kind == "open" else -1)
        if any(inside.values()):
            continue  # another pair would cross the joined span
        for index in [*opens[1:], *closes[:-1]]:
            items[index] = ("text", "")


def protect(text: str) -> Protected:
    """Turn the inline Markdown of ``text`` into XML tags (see :class:`Protected`).

    The spans come from markdown-it's own inline parser, so what is markup is
    decided exactly as when the statement is rendered.

    >>> p = protect("Read [the call](https://x.org/a?b=1&c=2) *now*")
    >>> p.xml
    'Read <a i="1">the call</a> <em i="2">now</em>'
    >>> p.restore('Lea <a i="1">el llamamiento</a> <em i="2">ya</em>')
    'Lea [el llamamiento](https://x.org/a?b=1&c=2) *ya*'
    """
    if not _MAY_HAVE_MARKUP.search(text):
        # Most msgids are plain prose: no inline rule can fire without one of these characters.
        return Protected(text, text.replace(">", "&gt;"))
    recorder = _Recorder()
    env: dict[str, Any] = {_ENV_KEY: recorder, "references": _AnyReference()}
    tokens: list[Token] = []
    # Straight to the inline parser: the core rules would normalize the text
    # (CR, NUL) and shift every position.
    _parser().inline.parse(text, _parser(), env, tokens)
    _collect_emphasis(tokens, recorder)
    for note in env.get("footnotes", {}).get("list", {}).values():
        _collect_emphasis(note.get("tokens", []), recorder)  # an inline footnote's text is parsed on its own

    events: list[tuple[int, int, str, str, int]] = []  # start, end, role, tag, id
    markup: dict[int, tuple[str, str]] = {}
    next_id = 1
    for tag, open_start, open_end, close_start, close_end in recorder.pairs:
        markup[next_id] = (text[open_start:open_end], text[close_start:close_end])
        events.append((open_start, open_end, "open", tag, next_id))
        events.append((close_start, close_end, "close", tag, next_id))
        next_id += 1
    for start, end in recorder.placeholders:
        events.append((start, end, "placeholder", PLACEHOLDER_TAG, 0))
    events.sort(key=lambda event: (event[0], event[1]))

    xml: list[str] = []
    pos = 0
    for start, end, role, tag, ident in events:
        if start < pos:
            continue  # inside a span already taken (never happens with a sane parser)
        next_id = _emit_text(text[pos:start], xml, markup, next_id)
        if role == "open":
            xml.append(f'<{tag} i="{ident}">')
        elif role == "close":
            xml.append(f"</{tag}>")
        else:
            markup[next_id] = (text[start:end], "")
            xml.append(f'<{PLACEHOLDER_TAG} i="{next_id}"/>')
            next_id += 1
        pos = end
    _emit_text(text[pos:], xml, markup, next_id)
    # Ids were handed out in two passes (pairs first); keep them in document order
    # for readability of what is sent.
    return _renumbered(Protected(text, "".join(xml), markup))


# --- the parser, with its rules wrapped to record source spans -------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The statements' own syntax, plus what a msgid cut out of its statement needs.
    md = make_markdown_parser()
    md.inline.ruler.before("link", "msgid_footnote_ref", _footnote_ref)
    md.inline.ruler.before("link", "bare_url", _bare_url)
    md.inline.ruler.before("link", "email", _email)
    md.inline.ruler.before("link", "hashtag", _hashtag)
    md.inline.ruler.before("text", "www_url", _www_url)
    _stop_text_before_www(md)
    for name in ("backticks", "escape", "entity", "autolink", "html_inline", "msgid_footnote_ref"):
        _wrap(md, name, _record_placeholder)
    _wrap(md, "newline", _record_hard_break)
    _wrap(md, "link", _record_link)
    _wrap(md, "image", _record_image)
    _wrap(md, "footnote_inline", _record_inline_footnote)
    _wrap(md, "emphasis", _record_emphasis_delimiters)
    return md


Recorder = Callable[[StateInline, int, int, Callable[[StateInline, bool], bool]], bool]


def _wrap(md: MarkdownIt, name: str, record: Recorder) -> None:
    rules = md.inline.ruler.__rules__
    index = md.inline.ruler.__find__(name)
    original = rules[index].fn

    def wrapped(state: StateInline, silent: bool) -> bool:
        if silent or _ENV_KEY not in state.env:
            return original(state, silent)
        return record(state, state.pos, len(state.tokens), original)

    md.inline.ruler.at(name, wrapped)


def _recorder(state: StateInline) -> _Recorder:
    recorder: _Recorder = state.env[_ENV_KEY]
    return recorder


def _record_placeholder(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    matched = rule(state, False)
    # A rule that only added literal text (an unmatched backtick, ``\a``, ``&foo``)
    # pushed no token: that text stays translatable text.
    if matched and len(state.tokens) > n_tokens and state.tokens[-1].type != "text":
        recorder = _recorder(state)
        recorder.placeholders.append((recorder.offset + start, recorder.offset + state.pos))
    return matched


def _record_hard_break(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    matched = rule(state, False)
    if matched and state.tokens and len(state.tokens) > n_tokens and state.tokens[-1].type == "hardbreak":
        first = start
        while first > 0 and state.src[first - 1] == " ":
            first -= 1  # the two or more spaces before the newline are the break
        recorder = _recorder(state)
        recorder.placeholders.append((recorder.offset + first, recorder.offset + state.pos))
    return matched


def _record_link(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    if state.src[start] != "[":
        # Not a link; and parseLinkLabel would read to the end at every such position.
        return rule(state, False)
    maximum = state.posMax
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    matched = rule(state, False)
    if matched and label_end > start and len(state.tokens) > n_tokens:
        recorder = _recorder(state)
        offset = recorder.offset
        recorder.pairs.append(("a", offset + start, offset + start + 1, offset + label_end, offset + state.pos))
    state.posMax = maximum
    return matched


def _record_image(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    if not state.src.startswith("![", start):
        return rule(state, False)
    recorder = _recorder(state)
    label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)
    outer_offset = recorder.offset
    # The alt text is parsed as a separate string: shift what is recorded inside it.
    recorder.offset = outer_offset + start + 2
    try:
        matched = rule(state, False)
    finally:
        recorder.offset = outer_offset
    if matched and label_end > start and len(state.tokens) > n_tokens:
        recorder.pairs.append(
            ("image", outer_offset + start, outer_offset + start + 2, outer_offset + label_end, outer_offset + state.pos)
        )
    return matched


def _record_inline_footnote(state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]) -> bool:
    recorder = _recorder(state)
    outer_offset = recorder.offset
    # ``^[text]``: the text is parsed as a separate string, as an image's alt text is.
    recorder.offset = outer_offset + start + 2
    try:
        matched = rule(state, False)
    finally:
        recorder.offset = outer_offset
    if matched and len(state.tokens) > n_tokens:
        # The note's text travels between "^[" and "]" as a link's text does between its brackets.
        recorder.pairs.append(
            ("a", outer_offset + start, outer_offset + start + 2, outer_offset + state.pos - 1, outer_offset + state.pos)
        )
    return matched


def _record_emphasis_delimiters(
    state: StateInline, start: int, n_tokens: int, rule: Callable[[StateInline, bool], bool]
) -> bool:
    matched = rule(state, False)
    if matched:
        # One text token per delimiter character, pushed last; which of them
        # become <em>/<strong> is decided later, by the post-processing pass.
        run = state.pos - start
        offset = _recorder(state).offset
        for index, token in enumerate(state.tokens[len(state.tokens) - run:]):
            token.meta["source_pos"] = offset + start + index
    return matched


def _collect_emphasis(tokens: list[Token], recorder: _Recorder) -> None:
    stack: list[tuple[str, int, int]] = []
    for token in _walk(tokens):
        if token.type in ("em_open", "strong_open", "em_close", "strong_close") and "source_pos" in token.meta:
            pos = token.meta["source_pos"]
            width = len(token.markup)
            if token.nesting == 1:
                # For ``**`` the opening token is the second delimiter character.
                stack.append((token.tag, pos - width + 1, pos + 1))
            elif stack:
                tag, open_start, open_end = stack.pop()
                recorder.pairs.append((tag, open_start, open_end, pos, pos + width))


def _walk(tokens: list[Token]) -> Any:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    """``[^label]``: a footnote reference, whether or not its definition is in the msgid."""
    src, pos = state.src, state.pos
    if not src.startswith("[^", pos):
        return False
    end = pos + 2
    while end < state.posMax and src[end] not in "] \t\n[":
        end += 1
    if end == pos + 2 or end >= state.posMax or src[end] != "]":
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.markup = src[pos:end + 1]
    state.pos = end + 1
    return True


# Bare URLs, e-mail addresses, hashtags and handles are prose to CommonMark, but
# no engine may touch them (Apertium capitalizes and translates words of a URL);
# what they are is decided in stmtl10n.patterns. Their rules fire on the
# terminator character (``:``, ``@``, ``#``) and look back in the source for what
# the text rule has already passed (a scheme, a local part). A ``www.`` address
# has no terminator: the text rule stops before it and its own rule takes it.


def _claim_lookback(state: StateInline, kind: str, start: int, end: int, *, silent: bool) -> bool:
    """Take ``src[start:end]`` as one placeholder token and move past it.

    These rules match from a character before state.pos (the ":" of a URL, the
    "@" of an address), so they record their own span for the placeholder.
    """
    if not silent:
        state.push(kind, "", 0)
        recorder: _Recorder | None = state.env.get(_ENV_KEY)
        if recorder is not None:
            recorder.placeholders.append((recorder.offset + start, recorder.offset + end))
    state.pos = end
    return True


def _bare_url(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != ":":
        return False
    for scheme in URL_SCHEMES:
        start = pos - len(scheme)
        if start >= 0 and src[start:pos].lower() == scheme:
            end = url_end(src, start, state.posMax)
            if end is not None:
                return _claim_lookback(state, "bare_url", start, end, silent=silent)
    return False


def _www_url(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] not in "wW" or src[pos:pos + 4].lower() != "www.":
        return False
    end = url_end(src, pos, state.posMax)
    return end is not None and _claim_lookback(state, "bare_url", pos, end, silent=silent)


def _stop_text_before_www(md: MarkdownIt) -> None:
    """Make the text rule end its run before a ``www.`` address, where :func:`_www_url` takes over."""
    index = md.inline.ruler.__find__("text")
    original = md.inline.ruler.__rules__[index].fn

    def text(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not original(state, silent):
            return False
        # Searched within the run only (one character more for the URL's first), so each run is read once.
        www = URL_RE.search(state.src, start + 1, min(state.pos + 1, state.posMax))
        if www is not None:
            if not silent:
                state.pending = state.pending[: len(state.pending) - (state.pos - www.start())]
            state.pos = www.start()
        return True

    md.inline.ruler.at("text", text)


def _email(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "@":
        return False
    # The local part is in the text not yet made a token: "_" of "_a@b.org_" is emphasis.
    span = email_span(src, pos, start=pos - len(state.pending), end=state.posMax)
    if span is not None:
        return _claim_lookback(state, "email", *span, silent=silent)
    handle = HANDLE_RE.match(src, pos, state.posMax)
    return handle is not None and _claim_lookback(state, "handle", pos, handle.end(), silent=silent)


def _hashtag(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "#":
        return False
    tag = HASHTAG_RE.match(state.src, state.pos, state.posMax)
    return tag is not None and _claim_lookback(state, "hashtag", state.pos, tag.end(), silent=silent)


# --- XML text -----------------------------------------------------------------------

# Any tag: in the XML sent, every ``<`` of the text is escaped, so a tag in what
# comes back is either ours or one the engine made up (dropped on restore).
_TAG_RE = re.compile(
    r'<(?P<close>/?)(?P<name>[A-Za-z][\w.:-]*)'
    r'(?:\s+i\s*=\s*["\']?(?P<id>\d{1,9})["\']?)?[^<>]*?/?>'
)
# What starts an inline rule (the statements' syntax, footnote references, bare URLs,
# e-mail addresses, hashtags, handles), and the characters XML cannot carry as text.
_MAY_HAVE_MARKUP = re.compile(
    r"[\n\\`*_\[!<&@#]|://|(?i:mailto:|www\.)|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_ENTITY_RE = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _is_xml_char(char: str) -> bool:
    # XML 1.0 Char production; CR is excluded too, as XML parsers turn it into LF.
    code = ord(char)
    return (
        code in (0x9, 0xA)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _emit_text(text: str, xml: list[str], markup: dict[int, tuple[str, str]], next_id: int) -> int:
    for char in text:
        if char == "&":
            xml.append("&amp;")
        elif char == "<":
            xml.append("&lt;")
        elif char == ">":
            xml.append("&gt;")
        elif _is_xml_char(char):
            xml.append(char)
        else:
            markup[next_id] = (char, "")
            xml.append(f'<{PLACEHOLDER_TAG} i="{next_id}"/>')
            next_id += 1
    return next_id


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _NAMED:
            return _NAMED[name]
        try:
            return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        except (ValueError, OverflowError):
            return match.group(0)

    return _ENTITY_RE.sub(replace, text)


def _renumbered(protected: Protected) -> Protected:
    order: dict[int, int] = {}

    def renumber(match: re.Match[str]) -> str:
        old = int(match.group(2))
        new = order.setdefault(old, len(order) + 1)
        return f'{match.group(1)}i="{new}"'

    xml = re.sub(r'(<[a-z]+ )i="(\d+)"', renumber, protected.xml)
    markup = {order[old]: raw for old, raw in protected._markup.items() if old in order}
    return Protected(protected.source, xml, markup)


def _with_edges_of(source: str, translated: str) -> str:
    core = source.strip()
    if not core:
        return source
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()):]
    return lead + translated.strip() + trail
