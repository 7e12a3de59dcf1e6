"""Reviewers' comments on an entry, kept in the PO file as translator comments (``# `` lines) that Poedit and Weblate show.

A comment written on the review pages is one line,
``# Leila (2026-12-01 14:05 UTC): the date is wrong``; every other translator
comment (Poedit's, a coordinator's written by hand) is a comment too, with no
author or time. The provenance comment (``# stmtl10n: …``) is not a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from stmtl10n.catalog import PROVENANCE_PREFIX, Entry

#: The longest comment the pages and the API take (a comment, not a document).
MAX_COMMENT_LENGTH = 2000
_TIME_FORMAT = "%Y-%m-%d %H:%M"
# "<name> (<YYYY-MM-DD HH:MM> UTC): <text>". Names are at most 64 characters
# without parentheses (accounts.py), so the name's run is bounded: linear time.
_OWN_COMMENT_RE = re.compile(r"\A(?P<who>[^()\n]{1,64}) \((?P<when>\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\): (?P<text>.*)")


@dataclass(frozen=True, slots=True)
class Comment:
    """One translator comment: ``author`` and ``when`` (UTC) are ``None`` for one the pages did not write."""

    text: str
    author: str | None = None
    when: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """As the JSON API shows it: ``when`` in ISO 8601 (UTC), or ``null``."""
        when = self.when.strftime("%Y-%m-%dT%H:%MZ") if self.when is not None else None
        return {"author": self.author, "when": when, "text": self.text}


def comment_line(author: str, when: datetime, text: str) -> str:
    """The translator comment a reviewer's comment becomes (without the ``# `` gettext puts before it).

    >>> comment_line("Leila", datetime(2026, 12, 1, 14, 5, tzinfo=UTC), "the date is wrong")
    'Leila (2026-12-01 14:05 UTC): the date is wrong'
    """
    return f"{author} ({when.astimezone(UTC).strftime(_TIME_FORMAT)} UTC): {text}"


def parse_comment(line: str) -> Comment:
    """A translator comment line read back: with author and time when the pages wrote it.

    >>> parse_comment("Leila (2026-12-01 14:05 UTC): the date is wrong").author
    'Leila'
    >>> parse_comment("check the date with the coordinator")
    Comment(text='check the date with the coordinator', author=None, when=None)
    """
    found = _OWN_COMMENT_RE.fullmatch(line)
    if found is None:
        return Comment(line)
    try:
        when = datetime.strptime(found.group("when"), _TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:  # 2026-13-45: someone's own words that look like ours
        return Comment(line)
    return Comment(found.group("text"), found.group("who"), when)


def entry_comments(entry: Entry) -> list[Comment]:
    """The comments on ``entry``, in file order: its translator comments but the provenance and empty lines."""
    return [parse_comment(line) for line in entry.translator_comments
            if line.strip() and not line.startswith(PROVENANCE_PREFIX)]


def clean_comment(text: str) -> str:
    """A comment as typed, made one line: line breaks become spaces, the ends are trimmed.

    >>> clean_comment("  the date\\r\\nis wrong ")
    'the date is wrong'
    """
    return " ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())


def comment_error(text: str) -> str | None:
    """Why ``text`` (as typed) cannot be a comment, or ``None``: empty, or longer than :data:`MAX_COMMENT_LENGTH`.

    >>> comment_error("   ")
    'text: the comment is empty; write what the translator should know'
    """
    if len(text) > MAX_COMMENT_LENGTH:
        return (f"text: {len(text):,} characters, more than {MAX_COMMENT_LENGTH:,}; a comment says what is wrong "
                "in a few words: shorten it")
    if not clean_comment(text):
        return "text: the comment is empty; write what the translator should know"
    return None


def with_comment(entry: Entry, line: str) -> Entry:
    """A copy of ``entry`` with the comment ``line`` after its other comments (before the provenance comment)."""
    new = entry.copy()
    comments = new.translator_comments
    at = next((n for n, c in enumerate(comments) if c.startswith(PROVENANCE_PREFIX)), len(comments))
    comments.insert(at, line)
    return new
