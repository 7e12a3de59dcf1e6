"""Quality checks on translated entries: plain functions with one signature, listed in one registry.

Each check takes a :class:`CheckContext` (which catalog, which languages, what
the cross-catalog checks need) and one :class:`~stmtl10n.catalog.Entry`, and
yields :class:`~stmtl10n.model.Problem` values whose message tells a volunteer
what is wrong and what to do. An entry opts out of a check with the flag
``no-check-<name>`` (``#, no-check-numbers``); ``[checks] disabled = [...]`` in
the settings turns a check off for the whole project.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale, localedata
from babel.numbers import get_decimal_symbol, get_group_symbol
from markdown_it import MarkdownIt

from stmtl10n.catalog import Catalog, Entry, EntryState
from stmtl10n.project import Project
from stmtl10n.detect import clean_for_detection, detect_language, is_language, strip_markup
from stmtl10n.errors import CatalogError, ConfigError
from stmtl10n.locales import display_name
from stmtl10n.model import NO_TRANSLATE_FLAG, SIGNATORY_FLAG, Problem, Statement, excerpt

ERROR = "error"  # most likely wrong: fix before publishing
WARNING = "warning"  # worth a look: may be right for this language or text

OPT_OUT_PREFIX = "no-check-"


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check knows besides the entry itself.

    :param statement: the statement's slug.
    :param lang: the catalog's language.
    :param source_lang: the language statements are written in.
    :param catalog: the catalog the entry belongs to.
    :param catalog_path: the catalog's path relative to the project, for messages.
    :param is_markdown: whether the statement is Markdown (inline markup is
        then checked; plain text only has its URLs checked).
    :param candidates: the languages a text in this project can plausibly be in.
    :param reviewed_translations: for the consistency check: per ``(msgctxt,
        msgid)``, the reviewed translations in this language across all
        statements, each with the statements that use it.
    """

    statement: str
    lang: str
    source_lang: str
    catalog: Catalog
    catalog_path: str = ""
    is_markdown: bool = True
    candidates: tuple[str, ...] = ()
    reviewed_translations: Mapping[tuple[str | None, str], Mapping[str, tuple[str, ...]]] = field(
        default_factory=dict
    )


CheckFunction = Callable[[CheckContext, Entry], Iterable[Problem]]


def _problem(ctx: CheckContext, entry: Entry, check: str, message: str, *, severity: str = ERROR) -> Problem:
    reference = entry.references[0] if entry.references else ctx.catalog_path
    return Problem(
        statement=ctx.statement, lang=ctx.lang, msgid=entry.msgid, check=check, message=message,
        reference=reference, severity=severity, msgctxt=entry.msgctxt, extra={"catalog": ctx.catalog_path},
    )


def _is_exempt_from_language(entry: Entry) -> bool:
    # Names are copied, not translated; foreign-language segments are copied as they are.
    return SIGNATORY_FLAG in entry.flags or NO_TRANSLATE_FLAG in entry.flags


def _quote(text: str) -> str:
    return f"“{excerpt(text, 60)}”"


# --------------------------------------------------------------------------- markup

_markdown = MarkdownIt("commonmark")
_BARE_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”«»]+", re.IGNORECASE)
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
_URL_TRAILING = ".,;:!?)]}’”»"
_TAG_RE = re.compile(r"</?([A-Za-z][\w:.-]*)(?:\s[^<>]*)?/?>")


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


def _bare_urls(text: str) -> Iterator[str]:
    for match in _BARE_URL_RE.finditer(text):
        yield match.group(0).rstrip(_URL_TRAILING)


def _inventory(text: str, *, markdown: bool) -> _Markup:
    markup = _Markup()
    if not markdown:
        markup.urls.update(_bare_urls(text))
        return markup
    for block in _markdown.parseInline(text):
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
        markup.urls.update(_bare_urls(piece))
    return markup


def _tag_name(tag: str) -> str:
    match = _TAG_RE.match(tag)
    return match.group(1).lower() if match else tag


def check_markup(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every link, emphasis, code span, footnote reference and HTML tag of the source is in the translation."""
    source = _inventory(entry.msgid, markdown=ctx.is_markdown)
    target = _inventory(entry.msgstr, markdown=ctx.is_markdown)

    missing = source.urls - target.urls
    extra = target.urls - source.urls
    if len(missing) == 1 and len(extra) == 1:
        (old, _), (new, _) = next(iter(missing.items())), next(iter(extra.items()))
        yield _problem(ctx, entry, "markup", f"The link to {old} was changed to {new} in the translation; "
                       f"links must stay exactly as in the source: copy {old}.")
    else:
        for url, count in missing.items():
            times = "" if count == 1 else f" ({count} times)"
            yield _problem(ctx, entry, "markup", f"The link to {url} is missing from the translation{times}; "
                           "copy it from the source.")
        for url in extra:
            yield _problem(ctx, entry, "markup", f"The translation has a link to {url} that the source does not have; "
                           "links must point where the source's point.")
    if target.empty_links > source.empty_links:
        yield _problem(ctx, entry, "markup", "A link in the translation has no text: put the translated words "
                       "between [ and ] before the link's (…).")
    names = {"em": ("emphasized part", "*…* or _…_"), "strong": ("bold part", "**…**")}
    for kind, (noun, syntax) in names.items():
        have, want = target.emphasis[kind], source.emphasis[kind]
        if have != want:
            yield _problem(ctx, entry, "markup", f"The source has {want} {noun}{'' if want == 1 else 's'} ({syntax}) "
                           f"and the translation {have}; mark the same words in the translation.")
    for code in source.code - target.code:
        yield _problem(ctx, entry, "markup", f"The code `{code}` is missing from the translation; "
                       "copy it unchanged (code is not translated).")
    for code in target.code - source.code:
        yield _problem(ctx, entry, "markup", f"The translation has code `{code}` that the source does not have; "
                       "code spans must be copied unchanged from the source.")
    source_tag_names = {_tag_name(tag) for tag in source.tags}
    for tag in sorted(set(source.tags) | set(target.tags)):
        if _tag_name(tag) not in source_tag_names:
            continue  # a tag the source never had is an engine leftover: see check_machine_marks
        if source.tags[tag] != target.tags[tag]:
            yield _problem(ctx, entry, "markup", f"The HTML tag {tag} appears {source.tags[tag]} time(s) in the source "
                           f"and {target.tags[tag]} in the translation; keep the tags as in the source.")
    for note in sorted(set(source.footnotes) | set(target.footnotes)):
        if source.footnotes[note] > target.footnotes[note]:
            yield _problem(ctx, entry, "markup", f"The footnote reference {note} is missing from the translation; "
                           "copy it where the note belongs.")
        elif source.footnotes[note] < target.footnotes[note]:
            yield _problem(ctx, entry, "markup", f"The footnote reference {note} is not in the source; remove it "
                           "or check it is the right note.")


# --------------------------------------------------------------------------- numbers

# Separators that can sit inside one number: ASCII, Arabic (٫ decimal, ٬ group),
# apostrophe (Swiss), no-break, narrow no-break and thin spaces (French groups).
_NUMBER_RE = re.compile(r"\d+(?:[.,٫٬'’\u00a0\u202f\u2009]\d+)*")
# Regular spaces also group digits when people type "25 000" in French.
_SPACE_GROUPED_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
# Numbers up to ten are often spelled out ("3 days" → "tres días", "7th" → "séptimo").
_SMALL_NUMBER_LIMIT = 10


@lru_cache(maxsize=None)
def _conventions(lang: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(decimal symbol, group symbols) for each numbering system of ``lang``, from CLDR."""
    found: list[tuple[str, frozenset[str]]] = []
    try:
        locale = Locale.parse(lang)
    except (ValueError, TypeError):
        return ((".", frozenset({","})),)
    systems = {locale.default_numbering_system, *dict(locale.other_numbering_systems).values()}
    for system in sorted(systems):
        try:
            decimal = get_decimal_symbol(locale, numbering_system=system)
            group = get_group_symbol(locale, numbering_system=system)
        except Exception:  # a numbering system CLDR lists but has no symbols for
            continue
        groups = {group}
        if group in ("\u00a0", "\u202f", " ", "\u2009"):
            groups |= {"\u00a0", "\u202f", "\u2009"}  # every kind of space people use for it
        if group in ("'", "’"):
            groups |= {"'", "’"}
        found.append((decimal, frozenset(groups)))
    return tuple(dict.fromkeys(found)) or ((".", frozenset({","})),)


def _ascii_digits(text: str) -> str:
    # Arabic-Indic ٠-٩, Eastern ۰-۹ and every other decimal digit become 0-9.
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def _canonical(integer: str, fraction: str | None = None) -> str:
    integer = integer.lstrip("0") or "0"
    return f"{integer}.{fraction}" if fraction else integer


def _readings(token: str, conventions: Sequence[tuple[str, frozenset[str]]]) -> list[str]:
    """The values a written number can mean under the given conventions, or [] when none fits."""
    parts = re.split(r"[^\d]", token)
    seps = re.findall(r"[^\d]", token)
    if not seps:
        return [_canonical(token)]
    values = []
    for decimal, groups in conventions:
        integer = [parts[0]]
        fraction = None
        valid = True
        for index, sep in enumerate(seps):
            part = parts[index + 1]
            if sep in groups and fraction is None and len(part) == 3 and len(parts[0]) <= 3:
                integer.append(part)
            elif sep == decimal and index == len(seps) - 1:
                fraction = part
            else:
                valid = False
                break
        if valid:
            values.append(_canonical("".join(integer), fraction))
    return values


@dataclass(frozen=True, slots=True)
class _Number:
    written: str
    value: str
    is_small: bool  # a whole number up to ten, often spelled out in a translation


def _source_numbers(text: str, lang: str) -> list[_Number]:
    numbers: list[_Number] = []
    conventions = _conventions(lang)
    for match in _NUMBER_RE.finditer(_ascii_digits(text)):
        written = match.group(0)
        values = _readings(written, conventions)
        if values:
            chosen = [values[0]]
        else:  # "1.2.3", "29.11.1947": several numbers
            chosen = [_canonical(part) for part in re.split(r"[^\d]", written) if part]
        numbers.extend(_Number(written, value, value.isdigit() and int(value) <= _SMALL_NUMBER_LIMIT)
                       for value in chosen)
    return numbers


def _target_numbers(text: str, lang: str, source_lang: str) -> list[set[str]]:
    """Each number written in a translation, with every value it can mean."""
    plain = _ascii_digits(text)
    # The target's own conventions, and the source's: "25,000" kept as in the
    # source is not a changed number.
    conventions = (*_conventions(lang), *_conventions(source_lang))
    found: list[set[str]] = []
    for match in _NUMBER_RE.finditer(plain):
        written = match.group(0)
        found.append({*_readings(written, conventions),
                      *(_canonical(part) for part in re.split(r"[^\d]", written) if part)})
    for match in _SPACE_GROUPED_RE.finditer(plain):
        found.append({_canonical(match.group(0).replace(" ", ""))})
    # Centuries and congresses: "21st century" is "siglo XXI", "XXIe siècle".
    for match in _ROMAN_RE.finditer(text):
        value = _roman_value(match.group(1))
        if value:
            found.append({str(value)})
    return found


_ROMAN_RE = re.compile(r"(?<!\w)([IVXLCDM]{2,8})(?=(?:e|er|re|ème|º|ª)?(?!\w))")
_ROMAN_DIGITS = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
                 ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def _roman_value(token: str) -> int | None:
    """The value of a well-formed Roman numeral, else None.

    >>> _roman_value("XXI"), _roman_value("IIII")
    (21, None)
    """
    value, rest = 0, token
    for symbol, amount in _ROMAN_DIGITS:
        while rest.startswith(symbol):
            value += amount
            rest = rest[len(symbol):]
    if rest or not value:
        return None
    written, left = "", value
    for symbol, amount in _ROMAN_DIGITS:
        while left >= amount:
            written += symbol
            left -= amount
    return value if written == token else None


def _number_text(text: str, *, markdown: bool) -> str:
    # Numbers inside URLs and code are the markup check's business.
    if markdown:
        pieces = []
        in_autolink = False
        for block in _markdown.parseInline(text):
            for token in block.children or ():
                if token.type == "link_open":
                    in_autolink = token.markup == "autolink"
                elif token.type == "link_close":
                    in_autolink = False
                is_text = token.type in ("text", "text_special") and not in_autolink
                pieces.append(token.content if is_text else " ")
        text = "".join(pieces)
    return _BARE_URL_RE.sub(" ", text)


def check_numbers(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Every number of the source is in the translation, in the target's digits and separators if it likes."""
    source = _source_numbers(_number_text(entry.msgid, markdown=ctx.is_markdown), ctx.source_lang)
    if not source:
        return
    written = _target_numbers(_number_text(entry.msgstr, markdown=ctx.is_markdown), ctx.lang, ctx.source_lang)
    available = set().union(*written)
    wanted = {number.value for number in source}
    # A number of the translation that stands for none of the source's: a changed number, not a spelled-out one.
    has_stray_number = any(not (values & wanted) for values in written)
    reported: set[str] = set()
    for number in source:
        if number.value in available or number.value in reported:
            continue
        if number.is_small and not has_stray_number:
            continue  # "3 days" → "tres días", "7th" → "séptimo": spelled out, as style guides ask
        reported.add(number.value)
        example = _example_number(number.value, ctx.lang)
        hint = f" (in {display_name(ctx.lang)} it may be written {example})" if example != number.written else ""
        yield _problem(ctx, entry, "numbers", f"The source's number {number.written} is missing from the translation"
                       f"{hint}; check that it was not dropped or changed.")


def _example_number(value: str, lang: str) -> str:
    """How ``value`` looks with the language's separators (groups only from five digits: years stay 1947)."""
    decimal, groups = _conventions(lang)[0]
    integer, _, fraction = value.partition(".")
    if len(integer) >= 5:
        group = "\u202f" if "\u202f" in groups else sorted(groups)[0]
        chunks: list[str] = []
        while integer:
            chunks.insert(0, integer[-3:])
            integer = integer[:-3]
        integer = group.join(chunks)
    return integer + (decimal + fraction if fraction else "")


# --------------------------------------------------------------------------- punctuation

# End marks in other scripts, mapped to the ASCII mark they stand for.
_MARK_EQUIVALENTS = {"؟": "?", "،": ",", "؛": ";", "۔": ".", "。": ".", "．": ".", "！": "!", "？": "?",
                     "：": ":", "；": ";", "，": ",", "、": ",", "…": "…"}
_END_MARKS = set(".!?:;,…") | set(_MARK_EQUIVALENTS)
_CLOSERS = "\"'”’»)]}*_`"
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))
_SPACES_BEFORE_FRENCH = (" ", "\u00a0", "\u202f")
_ARABIC_LETTER_THEN_LATIN_MARK = re.compile(r"[\u0600-\u06ff][?,;]")
_FRENCH_TIGHT_MARK = re.compile(r"(?<=[^\W\d_])[;:!?](?=\s|$)")


def _end_mark(text: str) -> str | None:
    stripped = text.rstrip()
    stripped = stripped.rstrip(_CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    if not stripped or stripped[-1] not in _END_MARKS:
        return None
    return _MARK_EQUIVALENTS.get(stripped[-1], stripped[-1])


def _expected_mark(mark: str, lang: str) -> str:
    base = lang.split("_")[0]
    if base in ("ar", "fa", "ur") and mark in "?,;":
        return {"?": "؟", ",": "،", ";": "؛"}[mark]
    if base in ("zh", "ja") and mark in ".!?:;,":
        return {".": "。", "!": "！", "?": "？", ":": "：", ";": "；", ",": "，"}[mark]
    return mark


def check_punctuation(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """End punctuation by the target's conventions, surrounding whitespace, doubled spaces, balanced pairs."""
    source, target = entry.msgid, entry.msgstr
    if _normalized(source) == _normalized(target):
        return  # a copy: the unchanged check speaks about it, or it is a name that keeps its punctuation
    base = ctx.lang.split("_")[0]

    source_lead, target_lead = source[:len(source) - len(source.lstrip())], target[:len(target) - len(target.lstrip())]
    if source_lead != target_lead:
        yield _problem(ctx, entry, "punctuation", "The translation does not start with the same spaces as the source; "
                       "remove or add the spaces at the start so both match.", severity=WARNING)
    source_trail = source[len(source.rstrip()):]
    target_trail = target[len(target.rstrip()):]
    if source_trail != target_trail:
        yield _problem(ctx, entry, "punctuation", "The translation does not end with the same spaces as the source; "
                       "remove or add the spaces at the end so both match.", severity=WARNING)
    if "  " in target.strip() and "  " not in source.strip():
        yield _problem(ctx, entry, "punctuation", "The translation has two spaces in a row; use one.", severity=WARNING)

    source_mark, target_mark = _end_mark(source), _end_mark(target)
    if source_mark != target_mark:
        if source_mark and not target_mark:
            want = _expected_mark(source_mark, ctx.lang)
            yield _problem(ctx, entry, "punctuation", f"The source ends with “{source_mark}” but the translation has "
                           f"no end punctuation; add “{want}” at the end.")
        elif target_mark and not source_mark:
            yield _problem(ctx, entry, "punctuation", f"The translation ends with “{target_mark}” but the source has no "
                           "end punctuation; remove it unless the sentence needs it.", severity=WARNING)
        else:
            want = _expected_mark(str(source_mark), ctx.lang)
            yield _problem(ctx, entry, "punctuation", f"The source ends with “{source_mark}” and the translation with "
                           f"“{target_mark}”; end it with “{want}” unless the change is on purpose.", severity=WARNING)
    elif source_mark:
        want = _expected_mark(source_mark, ctx.lang)
        written = target.rstrip().rstrip(_CLOSERS).rstrip()[-1:]
        if want != source_mark and written == source_mark:
            yield _problem(ctx, entry, "punctuation", f"{display_name(ctx.lang)} uses “{want}” rather than "
                           f"“{source_mark}”; end the translation with “{want}”.", severity=WARNING)
        if base == "es" and source_mark in "?!":
            opener = "¿" if source_mark == "?" else "¡"
            if opener not in target:
                what = "questions" if source_mark == "?" else "exclamations"
                yield _problem(ctx, entry, "punctuation", f"Spanish opens {what} with “{opener}”; add it where the "
                               f"{what[:-1]} starts.", severity=WARNING)

    if base == "fr" and ctx.lang != "fr_CA":
        plain = _BARE_URL_RE.sub(" ", strip_markup(target) if ctx.is_markdown else target)
        tight = _FRENCH_TIGHT_MARK.search(plain)
        if tight:
            mark = tight.group(0)
            yield _problem(ctx, entry, "punctuation", f"French puts a space before “{mark}” (best a narrow no-break "
                           f"space); write “ {mark}”.", severity=WARNING)
    if base in ("ar", "fa", "ur"):
        body = target.rstrip()[:-1] if target_mark else target
        latin = _ARABIC_LETTER_THEN_LATIN_MARK.search(body)
        # Arabic copied from the source with its Latin commas (a signatory's name) is not the translator's doing.
        if latin and len(_ARABIC_LETTER_THEN_LATIN_MARK.findall(body)) > len(_ARABIC_LETTER_THEN_LATIN_MARK.findall(source)):
            mark = latin.group(0)[-1]
            yield _problem(ctx, entry, "punctuation", f"{display_name(ctx.lang)} text uses “{_expected_mark(mark, ctx.lang)}” "
                           f"rather than “{mark}”; replace it.", severity=WARNING)

    for opening, closing in _PAIRS:
        if source.count(opening) == source.count(closing) and target.count(opening) != target.count(closing):
            yield _problem(ctx, entry, "punctuation", f"The translation has {target.count(opening)} “{opening}” but "
                           f"{target.count(closing)} “{closing}”; close every bracket or quotation you open.")
    if source.count('"') % 2 == 0 and target.count('"') % 2 == 1:
        yield _problem(ctx, entry, "punctuation", "The translation has an odd number of straight quotes (\"); "
                       "close the quotation.")


# --------------------------------------------------------------------------- language

def _language_name(code: str | None) -> str:
    return display_name(code) if code else "another language"


def check_wrong_language(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is in the target language (abstains on short text; names and signatories exempt)."""
    if _is_exempt_from_language(entry) or entry.msgstr.strip() == entry.msgid.strip():
        return  # identical text is the unchanged check's business
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    if is_language(entry.msgstr, ctx.lang, candidates=candidates) is False:
        found = detect_language(entry.msgstr, candidates=[c for c in candidates if c != ctx.lang])
        where = f"in {_language_name(found)}" if found else f"not in {display_name(ctx.lang)}"
        yield _problem(ctx, entry, "wrong-language", f"This translation looks like it is written {where}, "
                       f"not {display_name(ctx.lang)}; translate it into {display_name(ctx.lang)}.")


def check_untranslated(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The entry has no translation yet (segments copied as they are do not need one)."""
    if entry.msgstr or NO_TRANSLATE_FLAG in entry.flags:
        return
    yield _problem(ctx, entry, "untranslated", "This entry is not translated yet; translate it "
                   "(`stmtl10n pretranslate` writes a draft to start from).", severity=WARNING)


def _looks_like_a_name(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text)]
    if not words or len(words) > 4:
        return False
    small = {"of", "the", "and", "for", "de", "del", "la", "le", "les", "des", "du", "y", "et", "al"}
    return all(w[0].isupper() or w.lower() in small for w in words)


def check_unchanged(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation is the source copied unchanged where it should differ (not names, not text without words)."""
    if _is_exempt_from_language(entry) or not entry.msgstr:
        return
    if " ".join(entry.msgstr.split()) != " ".join(entry.msgid.split()):
        return
    plain = strip_markup(entry.msgid)
    if not any(ch.isalpha() for ch in plain) or _looks_like_a_name(plain):
        return
    # Words left once names, acronyms, numbers and URLs are gone: too few, and it may well be a name or a slogan.
    words = [w for w in clean_for_detection(entry.msgid).split() if sum(ch.isalpha() for ch in w) >= 2]
    if len(words) < 2:
        return
    candidates = ctx.candidates or (ctx.source_lang, ctx.lang)
    if is_language(entry.msgstr, ctx.lang, candidates=candidates) is True:
        return  # the source quotes text already in the target language
    yield _problem(ctx, entry, "unchanged", f"The translation is the source text copied unchanged; translate it into "
                   f"{display_name(ctx.lang)} (if it must stay as it is, add the flag no-check-unchanged).",
                   severity=WARNING)


# --------------------------------------------------------------------------- length

# Typical length of a text in each language relative to English, in characters.
_LENGTH_FACTOR = {
    "en": 1.0, "es": 1.2, "fr": 1.2, "pt": 1.15, "it": 1.15, "ca": 1.15, "de": 1.25, "nl": 1.2, "ar": 0.95,
    "fa": 1.0, "ur": 1.05, "he": 0.8, "ru": 1.1, "uk": 1.1, "tr": 1.05, "el": 1.2, "zh": 0.35, "ja": 0.45,
    "ko": 0.5, "hi": 1.1,
}
_MIN_LENGTH_CHARS = 8


def length_bounds(source_length: int, source_lang: str, lang: str) -> tuple[float, float]:
    """The usual range of translation/source length ratios, wider for short strings.

    The expected ratio comes from typical expansion factors; the tolerance is a
    factor of 1.6 for long paragraphs and grows as ``12 / sqrt(length)`` for
    short ones, where a single word changes the ratio a lot.

    >>> low, high = length_bounds(400, "en", "es")
    >>> round(low, 2), round(high, 2)
    (0.55, 2.64)
    """
    expected = _LENGTH_FACTOR.get(lang.split("_")[0], 1.0) / _LENGTH_FACTOR.get(source_lang.split("_")[0], 1.0)
    tolerance = 1.6 + 12 / max(source_length, 1) ** 0.5
    return expected / tolerance, expected * tolerance


def check_length(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The translation's length is far outside the usual range for the language pair."""
    if _is_exempt_from_language(entry):
        return
    source = strip_markup(entry.msgid)
    target = strip_markup(entry.msgstr)
    if len(source) < _MIN_LENGTH_CHARS or not target:
        return
    low, high = length_bounds(len(source), ctx.source_lang, ctx.lang)
    ratio = len(target) / len(source)
    if ratio < low:
        yield _problem(ctx, entry, "length", f"The translation is much shorter than the source ({len(target)} "
                       f"characters for {len(source)}); check that nothing was left out.", severity=WARNING)
    elif ratio > high:
        yield _problem(ctx, entry, "length", f"The translation is much longer than the source ({len(target)} "
                       f"characters for {len(source)}); check that nothing was added or repeated.", severity=WARNING)


# --------------------------------------------------------------------------- machine marks

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
    for block in _markdown.parseInline(text):
        for token in block.children or ():
            pieces.append(token.content if token.type in ("text", "text_special") else " ")
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
        yield _problem(ctx, entry, "machine-marks", f"“{mark}{word}” looks like a word the machine engine did not know "
                       f"(Apertium marks them with *, # or @); check the word and remove the “{mark}”.")
    source_tags = {m.group(1).lower() for m in _TAG_RE.finditer(entry.msgid)}
    reported_tags: set[str] = set()
    for match in _TAG_RE.finditer(entry.msgstr):
        name = match.group(1).lower()
        if name in source_tags or name in reported_tags:
            continue
        reported_tags.add(name)
        yield _problem(ctx, entry, "machine-marks", f"“{match.group(0)}” is left over from the machine engine; "
                       "remove it and keep the words around it.")
    prefix = _LANG_PREFIX_RE.match(entry.msgstr)
    if prefix and _is_language_code(prefix.group(1)) and not _LANG_PREFIX_RE.match(entry.msgid):
        yield _problem(ctx, entry, "machine-marks", f"The translation starts with “{prefix.group(0).strip()}”, "
                       "a label added by a machine engine; remove it.")


# --------------------------------------------------------------------------- consistency

def _normalized(text: str) -> str:
    return " ".join(text.split())


def check_consistency(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """The same source segment is translated the same way in every statement (reviewed translations)."""
    if entry.state is not EntryState.REVIEWED or NO_TRANSLATE_FLAG in entry.flags:
        return
    translations = ctx.reviewed_translations.get(entry.key, {})
    own = _normalized(entry.msgstr)
    for other, statements in translations.items():
        if other == own:
            continue
        where = ", ".join(s for s in statements if s != ctx.statement) or ctx.statement
        yield _problem(ctx, entry, "consistency", f"The same text is translated differently in {where}: "
                       f"{_quote(other)}; agree on one translation and use it in both.", severity=WARNING)


def reviewed_translations(catalogs: Mapping[str, Catalog]) -> dict[tuple[str | None, str], dict[str, tuple[str, ...]]]:
    """Per ``(msgctxt, msgid)``, each reviewed translation and the statements using it.

    :param catalogs: one language's catalogs, by statement slug.
    """
    found: dict[tuple[str | None, str], dict[str, tuple[str, ...]]] = {}
    for slug, catalog in catalogs.items():
        for entry in catalog.active():
            if entry.state is EntryState.REVIEWED:
                by_text = found.setdefault(entry.key, {})
                text = _normalized(entry.msgstr)
                by_text[text] = (*by_text.get(text, ()), slug)
    return found


# --------------------------------------------------------------------------- registry and running

CHECKS: dict[str, CheckFunction] = {
    "markup": check_markup,
    "numbers": check_numbers,
    "punctuation": check_punctuation,
    "wrong-language": check_wrong_language,
    "untranslated": check_untranslated,
    "unchanged": check_unchanged,
    "length": check_length,
    "machine-marks": check_machine_marks,
    "consistency": check_consistency,
}
# The one check that looks at entries without a translation.
_EMPTY_ENTRY_CHECKS = frozenset({"untranslated"})


def enabled_checks(disabled: Iterable[str] = (), *, where: str = "checks.disabled") -> dict[str, CheckFunction]:
    """The registry without the checks turned off in the settings.

    :raises ConfigError: for a name that is no check, with the closest name.
    """
    off = set()
    for name in disabled:
        if name not in CHECKS:
            close = difflib.get_close_matches(name, list(CHECKS), n=1)
            hint = f", did you mean {close[0]!r}?" if close else f"; checks: {', '.join(CHECKS)}"
            raise ConfigError(f"{where}: unknown check {name!r}{hint}")
        off.add(name)
    return {name: check for name, check in CHECKS.items() if name not in off}


def check_entry(ctx: CheckContext, entry: Entry, checks: Mapping[str, CheckFunction] = CHECKS) -> list[Problem]:
    """Run the checks that apply to one entry, honouring its ``no-check-<name>`` flags."""
    problems: list[Problem] = []
    for name, check in checks.items():
        if OPT_OUT_PREFIX + name in entry.flags:
            continue
        if not entry.msgstr and name not in _EMPTY_ENTRY_CHECKS:
            continue
        problems.extend(check(ctx, entry))
    return problems


def check_catalog(ctx: CheckContext, checks: Mapping[str, CheckFunction] = CHECKS) -> list[Problem]:
    """Run the checks on every active entry of ``ctx.catalog``."""
    problems: list[Problem] = []
    for entry in ctx.catalog.active():
        problems.extend(check_entry(ctx, entry, checks))
    return problems


def catalog_context(project: Project, statement: Statement, lang: str, catalog: Catalog, *,
                    reviewed: Mapping[tuple[str | None, str], Mapping[str, tuple[str, ...]]] | None = None,
                    ) -> CheckContext:
    """The context for checking one catalog of a project (the review page can check one entry with it).

    :param reviewed: for the consistency check, from :func:`reviewed_translations`
        over the language's catalogs; without it consistency finds nothing.
    """
    settings = project.settings
    return CheckContext(
        statement=statement.slug, lang=lang, source_lang=settings.source_lang, catalog=catalog,
        catalog_path=project.relative(project.catalog_path(statement.slug, lang)),
        is_markdown=statement.format_name == "markdown",
        candidates=tuple(dict.fromkeys((settings.source_lang, *settings.languages, lang))),
        reviewed_translations=reviewed or {},
    )


def run_checks(project: Project, *, languages: Sequence[str] = (), statements: Sequence[str] = ()) -> list[Problem]:
    """Check every catalog of the project (or the languages and statements given).

    Catalogs that do not exist yet are skipped (``status`` reports them). The
    consistency check compares with every statement of the language, also
    those not asked for.

    :raises ConfigError: for an unknown check name in the settings.
    :raises FormatError: for a statement name that is not in the project.
    :raises CatalogError: for a catalog that cannot be read, or when there is
        no catalog at all to check.
    """
    from stmtl10n.catalog import read_catalog
    from stmtl10n.project import list_statements

    settings = project.settings
    checks = enabled_checks(settings.disabled_checks, where=f"{project.config_path}: checks.disabled")
    chosen = list_statements(project, tuple(statements))
    everyone = list_statements(project) if statements and "consistency" in checks else chosen
    langs = project.require_languages(languages)

    problems: list[Problem] = []
    checked = 0
    for lang in langs:
        catalogs: dict[str, Catalog] = {}
        for statement in everyone:
            path = project.catalog_path(statement.slug, lang)
            if path.exists():
                catalogs[statement.slug] = read_catalog(path, display=project.relative(path))
        translations = reviewed_translations(catalogs) if "consistency" in checks else {}
        for statement in chosen:
            catalog = catalogs.get(statement.slug)
            if catalog is None:
                continue
            ctx = catalog_context(project, statement, lang, catalog, reviewed=translations)
            problems.extend(check_catalog(ctx, checks))
            checked += 1
    if not checked:
        raise CatalogError(f"{project.relative(project.locales_dir)}: no catalogs to check for "
                           f"{', '.join(langs)} yet; run `stmtl10n extract` first")
    return problems


def problems_to_dicts(problems: Iterable[Problem]) -> list[dict[str, object]]:
    """Problems as JSON-ready objects (``check --format json``)."""
    return [
        {"statement": p.statement, "lang": p.lang, "msgid": p.msgid, "msgctxt": p.msgctxt, "check": p.check,
         "message": p.message, "reference": p.reference, "severity": p.severity, "catalog": p.extra.get("catalog", "")}
        for p in problems
    ]
