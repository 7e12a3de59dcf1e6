"""URLs, e-mail addresses, hashtags and handles in prose: the one definition every module finds them by.

The checks compare them between source and translation, language detection
removes them, align anchors paragraphs on them and the engines' Markdown
protection keeps them away from machine translation; all of them read them
here, so what counts as a URL is decided once.

Every pattern takes linear time on any text, since one long word (a pasted
run without spaces) must not stall a check or a request: no repeated group
overlaps what follows it, and each pattern that could start inside a run of
its own characters is anchored with a lookbehind, so a scan never restarts
inside a run it has already read.

>>> EMAIL_RE.findall("Write to info@palestine.org.")
['info@palestine.org']
>>> HASHTAG_RE.findall("#FreePalestine, point #1, C#")
['#FreePalestine']
>>> HANDLE_RE.findall("@UNRWA and @samidoun@mastodon.social, not info@bds.net")
['@UNRWA', '@samidoun@mastodon.social']
>>> bool(DOMAIN_RE.fullmatch("bds-movement.net")), bool(DOMAIN_RE.fullmatch("bds-.net"))
(True, False)
>>> find_domains("Visit bdsmovement.net, e.g. samidoun.net; not U.S. nor Mr.Smith nor info@bds.net.")
['bdsmovement.net', 'samidoun.net']
"""

from __future__ import annotations

import re
from functools import cache

from babel.core import get_global

#: Schemes of the URLs found in prose (``www.`` addresses are URLs too).
URL_SCHEMES = ("https", "http", "ftp", "mailto")

# "www." must be followed by a domain name's first letter or digit.
_URL_PREFIX = r"(?:https?://|ftp://|mailto:|www\.(?=[^\W_]))"
# No URL in prose holds whitespace, what RFC 3986 leaves out (< > " ` { } and
# brackets), nor the quotation marks a text puts around it.
_URL_STOP = r"\s<>\"'`\[\]{}“”‘’«»"
#: A URL as written in prose, with what may follow it in the sentence: use
#: :func:`trim_url` (or :func:`find_urls`, :func:`url_end`) to drop that.
#: A scheme glued to a Latin word or a number ("xhttp://") starts no URL; one
#: right after Chinese or Arabic letters does, as those are written without a space.
URL_RE = re.compile(rf"(?<![A-Za-z0-9]){_URL_PREFIX}[^{_URL_STOP}]+", re.IGNORECASE)
_URL_PREFIX_RE = re.compile(_URL_PREFIX, re.IGNORECASE)
# Sentence punctuation after a URL, and Markdown emphasis closing around it.
_URL_TRAILING = frozenset(".,;:!?*_~")

# Letters and digits, with hyphens inside: a label never starts or ends with "-".
_LABEL = r"[^\W_]+(?:-+[^\W_]+)*"
_DOMAIN = rf"{_LABEL}(?:\.{_LABEL})+"
#: A domain name of two labels or more ("bdsmovement.net"). Meant for telling
#: whether a text is one (``fullmatch``): in prose "Mr.Smith" would pass too.
DOMAIN_RE = re.compile(rf"(?<![\w.-]){_DOMAIN}")

_LOCAL_CHARS = r"\w.+%-"
_LOCAL_CHAR_RE = re.compile(rf"[{_LOCAL_CHARS}]")
# A local part starts with a letter, digit, "_", "+" or "%", never "." or "-".
_EMAIL = rf"[\w+%][{_LOCAL_CHARS}]*@{_DOMAIN}"
# Only ever matched at a known start: a search would restart inside every run.
_match_email_at = re.compile(_EMAIL).match
#: An e-mail address ("info@palestine.org"); a final "." ends the sentence. After
#: an "@" it is the server of a handle ("@samidoun@mastodon.social").
EMAIL_RE = re.compile(rf"(?<![{_LOCAL_CHARS}@]){_EMAIL}")

# A tag or handle has a letter: "#1" is a number, "@2024" not a name.
_NAME = r"[\d_]*[^\W\d_]\w*"
#: A hashtag ("#FreePalestine"), not glued to a word ("C#") nor an entity ("&#35;").
HASHTAG_RE = re.compile(rf"(?<![^\W_])(?<!&)#{_NAME}")
#: A handle ("@UNRWA", "@samidoun@mastodon.social"), not the "@" of an address.
HANDLE_RE = re.compile(rf"(?<![{_LOCAL_CHARS}])@{_NAME}(?:@{_DOMAIN})?")


def trim_url(candidate: str) -> str:
    """``candidate`` (an :data:`URL_RE` match) without the punctuation of the sentence around it.

    A URL does not end in ``. , ; : ! ?`` (nor in ``* _ ~``, Markdown
    emphasis closing around it), and ends in ``)`` only when the parenthesis
    opened inside it.

    :returns: the URL, or ``""`` when nothing is left after its prefix.

    >>> trim_url("https://example.org/call.")
    'https://example.org/call'
    >>> trim_url("https://en.wikipedia.org/wiki/Nakba_(1948)),")
    'https://en.wikipedia.org/wiki/Nakba_(1948)'
    >>> trim_url("www.")
    ''
    """
    end = len(candidate)
    unbalanced = candidate.count(")") - candidate.count("(")
    while end:
        char = candidate[end - 1]
        if char == ")" and unbalanced > 0:
            unbalanced -= 1
        elif char not in _URL_TRAILING:
            break
        end -= 1
    prefix = _URL_PREFIX_RE.match(candidate)
    return candidate[:end] if prefix is not None and prefix.end() < end else ""


def url_end(text: str, start: int = 0, end: int | None = None) -> int | None:
    """Where the URL that starts at ``text[start]`` ends, or None when no URL starts there.

    :param end: read no further (a Markdown parser's limit).

    >>> text = "(see http://a.org/x) or"
    >>> text[5:url_end(text, 5)]
    'http://a.org/x'
    >>> url_end("xhttp://a.org", 1) is None
    True
    """
    match = URL_RE.match(text, start, len(text) if end is None else end)
    if match is None:
        return None
    url = trim_url(match.group())
    return start + len(url) if url else None


def find_urls(text: str) -> list[str]:
    """The URLs of ``text``, in order.

    >>> find_urls("Sign at https://example.org/sign_(now). Or www.bds.net, ftp://x.org/a.pdf!")
    ['https://example.org/sign_(now)', 'www.bds.net', 'ftp://x.org/a.pdf']
    """
    return [url for match in URL_RE.finditer(text) if (url := trim_url(match.group()))]


def remove_urls(text: str, replacement: str = " ") -> str:
    """``text`` with each URL replaced by ``replacement``; the punctuation after it stays.

    >>> remove_urls("See https://example.org/call.")
    'See  .'
    """

    def replace(match: re.Match[str]) -> str:
        url = trim_url(match.group())
        return replacement + match.group()[len(url):] if url else match.group()

    return URL_RE.sub(replace, text)


# Top-level domains a domain name in prose ends with besides the two-letter
# country ones: without one, "resistance.the" (a missing space) would be a domain.
_GENERIC_TLDS = frozenset({
    "com", "org", "net", "info", "edu", "gov", "int", "mil", "biz", "name", "pro", "coop", "ngo", "ong", "app",
    "dev", "online", "site", "website", "blog", "news", "media", "social", "world", "global", "network", "live",
    "xyz", "africa", "asia", "arab", "cat", "eus", "gal",
})


def is_domain(text: str, *, in_prose: bool = False) -> bool:
    """Whether ``text`` is a domain name: labels (:data:`DOMAIN_RE`) ending in a lowercase Latin top-level one.

    A text that stands alone (a link's text) may end in any such label
    (``fourth.international``); one met in prose (``in_prose``) must end in
    a generic top-level domain or, when every label is lowercase, in a
    country's, so that "e.g.", "U.S." and "resistance.we" (a missing space)
    are no domains.

    >>> is_domain("fourth.international"), is_domain("fourth.international", in_prose=True)
    (True, False)
    >>> [is_domain(text, in_prose=True) for text in ("Samidoun.net", "bds.ps", "Gaza.ps", "resistance.we")]
    [True, True, False, False]
    """
    if DOMAIN_RE.fullmatch(text) is None:
        return False
    tld = text.rsplit(".", 1)[1]
    if not (len(tld) >= 2 and tld.isascii() and tld.isalpha() and tld.islower()):
        return False
    if not in_prose or tld in _GENERIC_TLDS:
        return True
    return tld in _country_tlds() and text.isascii() and text == text.lower()


@cache
def _country_tlds() -> frozenset[str]:
    # The ISO 3166 codes CLDR knows (through babel), and "uk" and "eu", which are no such codes.
    return frozenset(code.lower() for code in get_global("territory_languages") if len(code) == 2) | {"uk", "eu"}


def find_domains(text: str) -> list[str]:
    """The domain names written in prose ``text`` (:func:`is_domain` with ``in_prose``), in order.

    Those of e-mail addresses and handles ("info@bds.net", "@x@mastodon.social")
    are left out, as are the hosts of URLs: remove those first (:func:`remove_urls`).
    """
    found = []
    for match in DOMAIN_RE.finditer(text):
        start, end = match.span()
        if text[start - 1:start] == "@" or text[end:end + 1] == "@":
            continue  # an address's server or local part
        if is_domain(match.group(), in_prose=True):
            found.append(match.group())
    return found


def email_span(text: str, at: int, *, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The span of the e-mail address whose "@" is ``text[at]``, or None.

    For a parser that meets the "@" after the local part: it looks back for the
    local part, no further than ``start``, and forward no further than ``end``.

    >>> text = "write to info@palestine.org."
    >>> start, stop = email_span(text, text.index("@"))
    >>> text[start:stop]
    'info@palestine.org'
    >>> email_span("a .b@c.org", 4) is None
    True
    """
    first = at
    while first > start and _LOCAL_CHAR_RE.match(text, first - 1):
        first -= 1
    if first and text[first - 1] == "@":
        return None  # a handle's server: "@samidoun@mastodon.social"
    match = _match_email_at(text, first, len(text) if end is None else end)
    return match.span() if match is not None else None


__all__ = [
    "DOMAIN_RE", "EMAIL_RE", "HANDLE_RE", "HASHTAG_RE", "URL_RE", "URL_SCHEMES",
    "email_span", "find_domains", "find_urls", "is_domain", "remove_urls", "trim_url", "url_end",
]
