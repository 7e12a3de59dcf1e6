"""The identifiers check: domain names, e-mail addresses, hashtags and handles of the source stay exactly as they are.

It shares the work with the markup check: markup owns every URL (link
targets, images, autolinks, bare ``https://`` and ``www.`` addresses) and
the structure of links, emphasis and code; this check owns the identifiers
written as words of the text, outside URLs and code: domain names
(``samidoun.net`` in prose, ``[fourth.international](…)`` as a link's
text), e-mail addresses, ``#hashtags`` and ``@handles``. A fault is
therefore reported by one of the two, never by both.

They are compared without regard to case (``#AllForPalestine`` and
``#allforpalestine`` are one hashtag), and a translation may write them
where its grammar wants, glued to Arabic letters too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from stmtl10n.catalog import Entry
from stmtl10n.checks.base import CheckContext, problem, prose_text
from stmtl10n.formats.markdown import markdown_parser
from stmtl10n.model import N_, Problem, message
from stmtl10n.patterns import EMAIL_RE, HANDLE_RE, HASHTAG_RE, find_domains, is_domain

if TYPE_CHECKING:
    from markdown_it.token import Token

# What the check says of each kind of identifier, as whole sentences for translators.
_MISSING = {
    "domain": N_("The domain name %(written)s is missing or changed in the translation; "
                 "copy it exactly as in the source (site names are not translated)."),
    "email": N_("The e-mail address %(written)s is missing or changed in the translation; "
                "copy it exactly as in the source (an address changed by one letter reaches nobody)."),
    "hashtag": N_("The hashtag %(written)s is missing or changed in the translation; "
                  "copy it exactly as in the source (a translated hashtag is another hashtag)."),
    "handle": N_("The handle %(written)s is missing or changed in the translation; "
                 "copy it exactly as in the source (a translated handle is another account)."),
}


def _link_texts(tokens: Sequence[Token]) -> list[str]:
    """The texts of the Markdown links of a text, from its inline tokens (not autolinks, whose text is their URL)."""
    texts: list[str] = []
    for block in tokens:
        pieces: list[str] | None = None
        for token in block.children or ():
            if token.type == "link_open" and token.markup != "autolink":
                pieces = []
            elif token.type == "link_close":
                if pieces is not None:
                    texts.append("".join(pieces).strip())
                pieces = None
            elif pieces is not None and token.type in ("text", "text_special"):
                pieces.append(token.content)
    return texts


def source_identifiers(text: str, *, markdown: bool, ctx: CheckContext | None = None) -> dict[str, tuple[str, str]]:
    """The identifiers of a source text: case-folded form → (kind, as written), in order.

    >>> list(source_identifiers("Join #LiftTheSiege, @UN and [fourth.international](#) at info@bds.net.",
    ...                         markdown=True).values())
    [('hashtag', '#LiftTheSiege'), ('handle', '@UN'), ('domain', 'fourth.international'), ('email', 'info@bds.net')]

    :param ctx: a check's context, whose parse of ``text`` is used (then ``markdown`` is its statement's).
    """
    prose = ctx.prose(text) if ctx is not None else prose_text(text, markdown=markdown)
    inline: Callable[[str], Sequence[Token]] = ctx.inline_tokens if ctx is not None else markdown_parser().parseInline
    found: list[tuple[int, str, str]] = []  # where, kind, as written
    for kind, pattern in (("email", EMAIL_RE), ("handle", HANDLE_RE), ("hashtag", HASHTAG_RE)):
        found += [(match.start(), kind, match.group()) for match in pattern.finditer(prose)]
    found += [(prose.find(domain), "domain", domain) for domain in find_domains(prose)]
    # A text that is only a domain name ("[fourth.international](#)") is one whatever it ends in.
    for alone in (_link_texts(inline(text)) if markdown and "](" in text else []) + [text.strip()]:
        if is_domain(alone):
            found.append((prose.find(alone), "domain", alone))
    identifiers: dict[str, tuple[str, str]] = {}
    for _, kind, written in sorted(found):
        identifiers.setdefault(written.casefold(), (kind, written))
    return identifiers


def _is_in(needle: str, haystack: str, kind: str) -> bool:
    """Whether ``needle`` is in ``haystack`` and not the start of a longer one ("#Gaza" in "#GazaNow")."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        after, then = haystack[end:end + 1], haystack[end + 1:end + 2]
        if kind in ("hashtag", "handle"):
            longer = after.isalnum() or after == "_" or (kind == "handle" and after == "@" and then.isalnum())
        else:  # a domain name goes on with a letter or digit, or "." or "-" before one
            longer = after.isalnum() or (after in (".", "-") and then.isalnum())
        if not longer:
            return True
        start = haystack.find(needle, start + 1)
    return False


def check_identifiers(ctx: CheckContext, entry: Entry) -> Iterator[Problem]:
    """Domain names (also as link text), e-mail addresses, hashtags and handles of the source are in the translation unchanged."""
    wanted = source_identifiers(entry.msgid, markdown=ctx.is_markdown, ctx=ctx)
    if not wanted:
        return
    written_alike = source_identifiers(entry.msgstr, markdown=ctx.is_markdown, ctx=ctx)
    # Or anywhere a reader sees it, URLs included ("bdsmovement.net" may become a link), glued to Arabic words too.
    seen = ctx.prose(entry.msgstr, keep_urls=True).casefold()
    for folded, (kind, written) in wanted.items():
        if folded in written_alike or _is_in(folded, seen, kind):
            continue
        yield problem(ctx, entry, "identifiers", message(_MISSING[kind], written=written))
