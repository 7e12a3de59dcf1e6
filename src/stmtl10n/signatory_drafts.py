"""A signatory line in another language: names and organizations copied, the country CLDR's, roles translated.

A signatory is parts (:func:`~stmtl10n.formats.signatories.parse_signatory`):
names and organizations are written as the signatory wrote them, in every
language; the country is the target language's CLDR name; a role or title
("actor", "professor of history") is ordinary text to translate. So a line
with no role and a country CLDR names (or none) is complete without anyone's
work, and only a line with a role, or with a place CLDR does not name, is a
draft for a reviewer.

>>> draft = draft_signatory("Tilda Swinton — actor, United Kingdom", "es")
>>> draft.roles
('actor',)
>>> draft.compose({"actor": "actriz"})
'Tilda Swinton — actriz, Reino Unido'
>>> draft_signatory("ATE Capital, Argentina", "fr").is_complete
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from stmtl10n.countries import localize_country
from stmtl10n.formats.signatories import COUNTRY, ROLE, Signatory, parse_signatory


@dataclass(frozen=True, slots=True)
class SignatoryDraft:
    """How a signatory line reads in one language, up to the translation of its roles.

    :param pieces: the line in order: literal text (names, separators, the
        localized country), and for each role its position in ``roles``.
    :param roles: the distinct role texts to translate, in order of first use.
    :param country_known: the line has no country, or one CLDR names.
    """

    pieces: tuple[str | int, ...]
    roles: tuple[str, ...]
    country_known: bool

    @property
    def is_complete(self) -> bool:
        """Nothing left to translate or to check: names copied, country looked up."""
        return not self.roles and self.country_known

    def compose(self, translations: Mapping[str, str]) -> str:
        """The line with each role replaced by ``translations[role]``.

        :raises KeyError: for a role with no translation.
        """
        return "".join(piece if isinstance(piece, str) else translations[self.roles[piece]] for piece in self.pieces)


def draft_signatory(text: str, lang: str) -> SignatoryDraft:
    """The parts of signatory line ``text`` as they read in ``lang``."""
    signatory = _parsed(text)
    pieces: list[str | int] = []
    roles: list[str] = []
    country_known = True
    pos = 0
    for part in signatory.parts:
        pieces.append(text[pos:part.start])
        written = signatory.part_text(part)
        if part.kind == COUNTRY:
            localized = localize_country(written, lang)
            country_known = localized is not None
            pieces.append(localized or written)
        elif part.kind == ROLE:
            if written not in roles:
                roles.append(written)
            pieces.append(roles.index(written))
        else:
            pieces.append(written)
        pos = part.end
    pieces.append(text[pos:])
    return SignatoryDraft(tuple(piece for piece in pieces if piece != ""), tuple(roles), country_known)


# The parse does not depend on the language, and pretranslate drafts each line once per language.
@lru_cache(maxsize=16_384)
def _parsed(text: str) -> Signatory:
    return parse_signatory(text)


def learned_roles(pairs: Iterable[tuple[str, str]], lang: str) -> dict[str, str]:
    """How reviewers translated roles, from reviewed signatory lines ``(source, translation)``.

    A role is learned from a line with one role whose translation keeps the
    rest of the line as :func:`draft_signatory` writes it; when reviewers
    wrote a role two ways, the more frequent wins.

    >>> learned_roles([("Tilda Swinton — actor", "Tilda Swinton — actriz")], "es")
    {'actor': 'actriz'}
    """
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for source, target in pairs:
        draft = draft_signatory(source, lang)
        if len(draft.roles) != 1 or draft.pieces.count(0) != 1:
            continue
        at = draft.pieces.index(0)
        before = "".join(str(piece) for piece in draft.pieces[:at])
        after = "".join(str(piece) for piece in draft.pieces[at + 1:])
        if len(target) > len(before) + len(after) and target.startswith(before) and target.endswith(after):
            role = target[len(before):len(target) - len(after)].strip()
            if role:
                seen[draft.roles[0]][role] += 1
    return {role: counts.most_common(1)[0][0] for role, counts in seen.items()}
