"""The review pages in the reviewer's language: gettext catalogs shipped in the package, negotiation, babel formats.

The interface's own catalogs are ``review/locale/<lang>/LC_MESSAGES/review.po``
(extracted with babel, see ``babel.cfg`` at the project root); the library's
problem messages have theirs, ``checks.po`` next to them (``babel-checks.cfg``).
Building the package compiles them to MO beside the PO files (``setup.py``),
and an installed package reads those. The source tree holds no MO (``*.mo`` is
ignored by git): run from it (an editable install, the tests), the PO files are
compiled in memory with babel when first used, so no stale MO is ever read there.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.core import negotiate_locale
from babel.dates import format_date, format_datetime, format_time, get_datetime_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from stmtl10n.errors import LocaleError
from stmtl10n.locales import display_name
from stmtl10n.model import Message, MessageArgument, Problem, is_language_argument

#: The languages the review pages are written in (English is the source).
INTERFACE_LANGUAGES = ("en", "es", "ar", "fr")
DOMAIN = "review"
#: The gettext domain of the library's problem messages (:class:`~stmtl10n.model.Message` templates).
CHECKS_DOMAIN = "checks"
_current: ContextVar[str] = ContextVar("interface_language", default="en")


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def translations(lang: str) -> gettext.NullTranslations:
    """The interface's catalog for ``lang`` (nothing translated for English or a language it lacks)."""
    return _compiled(lang, DOMAIN)


def check_translations(lang: str) -> gettext.NullTranslations:
    """The catalog of the library's problem messages for ``lang`` (nothing translated for English or a language it lacks)."""
    return _compiled(lang, CHECKS_DOMAIN)


@lru_cache(maxsize=2 * len(INTERFACE_LANGUAGES))
def _compiled(lang: str, domain: str) -> gettext.NullTranslations:
    if lang == "en" or lang not in INTERFACE_LANGUAGES:
        return gettext.NullTranslations()
    folder = resources.files("stmtl10n.review") / "locale" / lang / "LC_MESSAGES"
    built = folder / f"{domain}.mo"
    if built.is_file():  # an installed package: compiled when it was built (setup.py)
        with built.open("rb") as mo_file:
            return gettext.GNUTranslations(mo_file)
    source = folder / f"{domain}.po"
    with source.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def current_language() -> str:
    return _current.get()


@contextmanager
def interface_language(lang: str) -> Iterator[str]:
    """Render in ``lang`` (one of :data:`INTERFACE_LANGUAGES`) inside the block."""
    token = _current.set(lang if lang in INTERFACE_LANGUAGES else "en")
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` in the current interface language."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def negotiate(first_languages: Iterable[str], accept_language: str) -> str:
    """The interface language: the reviewer's first language the interface has, else the browser's best, else English.

    >>> negotiate(["ar"], "en-US,en;q=0.9")
    'ar'
    >>> negotiate(["de"], "de-DE,fr;q=0.8,es;q=0.5")
    'fr'
    >>> negotiate([], "pt-BR")
    'en'
    """
    for lang in first_languages:
        base = lang.replace("-", "_").split("_")[0].lower()
        if base in INTERFACE_LANGUAGES:
            return base
        break  # only the first: a Spanish reviewer who also does French reads Spanish
    preferred = _accepted(accept_language)
    found = negotiate_locale(preferred, list(INTERFACE_LANGUAGES), sep="-") if preferred else None
    if found is None and preferred:
        bases = [tag.split("-")[0] for tag in preferred]
        found = negotiate_locale(bases, list(INTERFACE_LANGUAGES), sep="-")
    return found or "en"


def _accepted(header: str) -> list[str]:
    """Accept-Language's tags, best first (``q=0`` left out)."""
    weighted = []
    for position, part in enumerate(header.split(",")[:32]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _q, _p, tag in sorted(weighted)]


def direction() -> str:
    """``rtl`` for Arabic pages, else ``ltr``."""
    return "rtl" if Locale.parse(_current.get()).character_order == "right-to-left" else "ltr"


def number(value: int) -> str:
    """``value`` as the interface language writes numbers (``1,234``, ``1.234``, ``1 234``)."""
    return _number(value, _babel_locale())


@lru_cache(maxsize=8192)  # the statement list shows thousands of small counts
def _number(value: int, locale: str) -> str:
    return str(format_decimal(value, locale=locale))


def day(value: date | datetime | str) -> str:
    """A date as the interface language writes it (``25 nov 2026``); an ISO string is read first."""
    if isinstance(value, datetime):
        return str(format_datetime(value, "medium", locale=_babel_locale()))
    if isinstance(value, date):
        return str(format_date(value, "medium", locale=_babel_locale()))
    try:
        return str(format_date(date.fromisoformat(value[:10]), "medium", locale=_babel_locale()))
    except ValueError:
        return value


def moment(value: datetime) -> str:
    """A time to the minute as the interface language writes it, in UTC (``Dec 1, 2026, 2:05 PM UTC``):
    reviewers live in many zones, and a comment's seconds say nothing."""
    locale = _babel_locale()
    shown = value.astimezone(UTC)
    # Babel's own medium date-time, with the short time (no seconds) in it.
    return (str(get_datetime_format("medium", locale=locale))
            .replace("{1}", str(format_date(shown, "medium", locale=locale)))
            .replace("{0}", str(format_time(shown, "short", tzinfo=UTC, locale=locale)))) + " UTC"


def _babel_locale() -> str:
    # Arabic in Arabic-Indic digits is what CLDR's "ar" gives; reviewers in Egypt and the Levant read them.
    return _current.get()


def language_name(code: str) -> str:
    """The name of language ``code`` in the interface language (``árabe`` for ``ar`` in Spanish)."""
    return _language_name(code, _current.get())


@lru_cache(maxsize=1024)
def _language_name(code: str, ui: str) -> str:
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(ui) or code
    except (UnknownLocaleError, ValueError):
        return code
    # CLDR writes names in lower case in Spanish and French ("árabe"); in a list they start a line.
    return name[:1].upper() + name[1:]


def language_own_name(code: str) -> str:
    """The name of ``code`` in that language itself, for the language switch (``العربية``)."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code


def problem_message(problem: Problem) -> str:
    """What ``problem`` says, in the current interface language: its :attr:`~stmtl10n.model.Problem.wording`
    translated, else (English, or a problem made without a wording) its English message."""
    if problem.wording is None or _current.get() == "en":
        return problem.message
    return message_text(problem.wording)


def message_text(wording: Message) -> str:
    """A library message (a problem's, the too-long error's) in the current interface language.

    Language codes become the language's name as the interface language
    writes it (mid-sentence, so in CLDR's own case: ``árabe``), counts its
    digits; on a right-to-left page each piece of data (a URL, a quoted text)
    is isolated (U+2068 … U+2069), so a Latin URL does not reorder the Arabic
    words around it.
    """
    lang = _current.get()
    if lang == "en":
        return wording.render(language_name=display_name, number="{:,}".format)
    catalog = check_translations(lang)
    if direction() == "rtl":
        wording = Message(wording.template, {name: _isolated(name, value) for name, value in wording.args.items()},
                          wording.plural)
    return wording.render(language_name=lambda code: _language_name_in_text(code, lang),
                          number=lambda value: _number(value, _babel_locale()),
                          gettext=catalog.gettext, ngettext=catalog.ngettext)


def _isolated(name: str, value: MessageArgument) -> MessageArgument:
    # Only data: language codes and counts are written in the page's own script and direction.
    return f"\u2068{value}\u2069" if isinstance(value, str) and not is_language_argument(name) else value


@lru_cache(maxsize=1024)
def _language_name_in_text(code: str, ui: str) -> str:
    try:
        return display_name(code, in_locale=ui)
    except (LocaleError, ValueError):
        return code  # a code langdetect knows and CLDR does not


# The library's check names and block kinds, as the pages show them (problem messages: see problem_message).
CHECK_NAMES = {
    "markup": N_("markup"), "identifiers": N_("identifiers"), "numbers": N_("numbers"), "dates": N_("dates"),
    "names": N_("names"), "punctuation": N_("punctuation"), "wrong-language": N_("wrong language"),
    "untranslated": N_("untranslated"), "unchanged": N_("unchanged"), "length": N_("length"),
    "machine-marks": N_("machine marks"), "consistency": N_("consistency"),
}
BLOCK_KINDS = {
    "heading": N_("heading"), "paragraph": N_("paragraph"), "list item": N_("list item"),
    "table cell": N_("table cell"), "signatory": N_("signatory"), "block quote": N_("block quote"),
    "title": N_("title"),
}


def check_name(check: str) -> str:
    return _(CHECK_NAMES[check]) if check in CHECK_NAMES else check


def block_kind_name(kind: str) -> str:
    return _(BLOCK_KINDS[kind]) if kind in BLOCK_KINDS else kind
