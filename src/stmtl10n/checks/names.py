"""The names check: signatories' names and organizations unchanged, their country in CLDR's name, glossary terms kept.

A signatory reads as :func:`~stmtl10n.formats.signatories.parse_signatory` reads
it: its names and organizations are copied exactly as they signed, wherever they
stand ("Name (Organization, Country)", "Name, Title, Department, University");
its roles ("actor", "professor of history") are translated and not judged; its
country is written with the target language's CLDR name (what
:func:`~stmtl10n.countries.localize_country` gives, or another CLDR name of the
same country: ``Estado de Palestina`` holds ``Palestina``). A last part that is
no country CLDR knows ("Galiza") is left to the translator.

Glossary terms whose target term is the source term ("apartheid" in Spanish)
are not translated: where the source has one, the translation has it too.

In prose, a person's name is not translated either, but nothing says which
capitalised words are names ("United Nations" becomes "Naciones Unidas"). One
sign is strong: the translation keeps a name's first word and writes the word
after it differently, but close ("Antonio Guterres" as "Antonio Gutiérrez").
It is a warning: languages transliterate some names their own way (Spanish
writes Leila Khaled "Leila Jaled"), and a translated cognate ("Palestine",
"Palestina") is no respelling at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from babel import Locale, UnknownLocaleError

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import WARNING, CheckContext, normalized, problem
from stmtl10n.countries import country_code, localize_country, normalize_country_name
from stmtl10n.formats.signatories import NAME, ORGANIZATION, Signatory, SignatoryPart, country_span, parse_signatory
from stmtl10n.model import SIGNATORY_FLAG, Problem, message
from stmtl10n.similarity import similarity


@cache
def _territory_names(lang: str) -> dict[str, tuple[str, ...]]:
    """ISO code → CLDR names of the territory in ``lang`` and its base language (``es_MX``, ``es``)."""
    names: dict[str, tuple[str, ...]] = {}
    code = lang.replace("-", "_")
    for tag in dict.fromkeys((code, code.split("_")[0])):
        try:
            territories = Locale.parse(tag).territories
        except (UnknownLocaleError, ValueError):
            continue
        for territory, name in territories.items():
            names[territory] = (*names.get(territory, ()), name)
    return names


def _accepted_countries(country: str, lang: str) -> tuple[str, list[str]] | None:
    """The name to suggest for ``country`` in ``lang`` and every name accepted, or None when it is no known country."""
    code = country_code(country)
    expected = localize_country(country, lang)
    if code is None or expected is None:
        return None
    accepted = [expected, *_territory_names(lang).get(code, ())]
    if code == "PS":
        accepted.append(localize_country("Palestine", lang) or expected)  # "Palestina" as well as CLDR's long name
    return expected, accepted


def _holds(text: str, name: str) -> bool:
    # Whole words: "Estados Unidos de América" holds "Estados Unidos".
    return f" {normalize_country_name(name)} " in f" {normalize_country_name(text)} "


def _signatory_problems(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    source = parse_signatory(entry.msgid)
    target = normalized(entry.msgstr)
    changed = [source.part_text(part) for part in _copied_parts(source)
               if normalized(source.part_text(part)) not in target]
    if changed:
        names = ", ".join(f"“{name}”" for name in changed)
        yield problem(ctx, entry, "names", message(
            "The name and organization %(names)s are changed in the translation; "
            "copy them exactly as the signatory wrote them (names are not translated).", names=names))
    if source.country is None:
        return
    country = source.part_text(source.country)
    known = _accepted_countries(country, ctx.lang)
    if known is None:
        return  # a region or a place CLDR does not name: the translator's call
    expected, accepted = known
    written_signatory = parse_signatory(entry.msgstr)
    if written_signatory.country is None:
        if not any(_holds(entry.msgstr, accept) for accept in accepted):
            yield problem(ctx, entry, "names", message(
                "The country %(country)s is missing from the translation; end the line with “, %(expected)s” "
                "(%(language)s name from CLDR).", country=country, expected=expected, language=ctx.lang))
        return
    written = written_signatory.part_text(written_signatory.country)
    if not any(_holds(written, accept) for accept in accepted):
        yield problem(ctx, entry, "names", message(
            "The country %(country)s is written “%(written)s” in the translation; "
            "in %(language)s it is “%(expected)s” (CLDR's name).",
            country=country, written=written, language=ctx.lang, expected=expected))


def _copied_parts(signatory: Signatory) -> list[SignatoryPart]:
    """The NAME and ORGANIZATION parts, which a translation copies; roles are translated.

    A last part that reads like a place CLDR does not name ("Comité de Solidaridad,
    Galiza") is the translator's call, as the country after the last comma always was.
    """
    parts = [part for part in signatory.parts if part.kind in (NAME, ORGANIZATION)]
    if len(signatory.parts) > 1 and parts and parts[-1] is signatory.parts[-1] \
            and country_span(signatory.text) == (parts[-1].start, parts[-1].end) \
            and parse_signatory(signatory.part_text(parts[-1])).parts[0].kind == NAME:
        parts.pop()  # read alone, a place is a name; "University of Chicago" is an organization
    return parts


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` is in ``text`` as a whole word (both case-folded)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start and text[start - 1].isalnum()) and not text[end:end + 1].isalnum():
            return True
        start = text.find(word, start + 1)
    return False


# A capitalised Latin-script word (hyphens and apostrophes inside), and the
# word that follows it; the alternatives cannot overlap, so a scan is linear.
_CAPITALISED_PAIR_RE = re.compile(r"(?<![\w'’-])([A-Z][a-zà-ÿ'’-]+) ([A-Z][a-zà-ÿ'’-]+)")
# Used with .match(text, pos); starting only where spaces start keeps a search linear too.
_WORD_AFTER_RE = re.compile(r"(?<![ \u00a0])[ \u00a0]+([^\W\d_][\w'’-]*)")
_RESPELLED = 0.6  # as close as msgmerge's fuzzy match, and not the same word


def _adapted_ending(word: str, written: str) -> bool:
    """Whether ``written`` is ``word`` with only its last two letters changed (accents aside): a
    translated cognate (Palestine, Palestina; Genocide, Genocidio), not a respelled name."""
    a, b = _folded(word), _folded(written)
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= len(a) - 2


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _respelled_names(source: str, target: str) -> Iterator[tuple[str, str]]:
    """``(name, as the translation writes it)`` for names whose first word is kept and second respelled."""
    for match in _CAPITALISED_PAIR_RE.finditer(source):
        first, second = match.groups()
        if _has_word(target, second):
            continue
        start = target.find(first)
        while start >= 0:
            end = start + len(first)
            after = _WORD_AFTER_RE.match(target, end) if not target[end:end + 1].isalnum() else None
            if after and not (start and target[start - 1].isalnum()):
                written = after.group(1)
                if written[:1].isupper() and written != second and similarity(written, second) >= _RESPELLED \
                        and not _adapted_ending(second, written):
                    yield f"{first} {second}", f"{first} {written}"
                    break
            start = target.find(first, end)


def check_names(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Signatories' names and organizations unchanged, their country in CLDR's name; untranslated glossary terms
    kept; a person's name in prose not respelled."""
    if SIGNATORY_FLAG in entry.flags:
        yield from _signatory_problems(ctx, entry)
    else:
        for name, written in _respelled_names(entry.msgid, entry.msgstr):
            yield problem(ctx, entry, "names", message(
                "The name “%(name)s” is written “%(written)s” in the translation; "
                "check it: names stay as the source writes them, unless this language spells this one its own way.",
                name=name, written=written), severity=WARNING)
    if not ctx.kept_terms:
        return
    source, target = entry.msgid.casefold(), entry.msgstr.casefold()
    for term in ctx.kept_terms:
        folded = term.casefold()
        if _has_word(source, folded) and folded not in target:
            yield problem(ctx, entry, "names", message(
                "The glossary keeps “%(term)s” untranslated in %(language)s; write “%(term)s” as in the source.",
                term=term, language=ctx.lang))
