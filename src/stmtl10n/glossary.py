"""The project glossary: one CSV file, a column per language, read into validated term pairs."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stmtl10n._io import decode_utf8, read_user_file
from stmtl10n.errors import ConfigError, LocaleError
from stmtl10n.locales import normalize_locale
from stmtl10n.project import Project

# DeepL's limits on a glossary entry (its API answers 400 otherwise).
_MAX_TERM_BYTES = 1024
# Words and single other characters: how terms are matched in a text (linear).
_TERM_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Glossary:
    """Terms of the project glossary.

    :param path: the file, as shown in messages.
    :param source_lang: the project's source language (a column of the file).
    :param entries: per target language, source term → target term.
    """

    path: str
    source_lang: str
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """A hash of the terms: changes exactly when the glossary's content does."""
        canonical = "\n".join(
            f"{lang}\t{source}\t{target}"
            for lang in sorted(self.entries)
            for source, target in sorted(self.entries[lang].items())
        )
        return hashlib.sha256(f"{self.source_lang}\n{canonical}".encode()).hexdigest()

    def terms_for(self, lang: str) -> dict[str, str]:
        """Source term → target term for ``lang`` (or its base language), possibly empty."""
        return self.entries.get(lang) or self.entries.get(lang.split("_")[0], {})

    def kept_terms(self, lang: str) -> tuple[str, ...]:
        """The terms not translated in ``lang``: those whose target term is the source term, as in DeepL glossaries.

        >>> parse_glossary("en,es,ar\\nNakba,Nakba,النكبة\\n", source_lang="en", display="g.csv").kept_terms("es")
        ('Nakba',)
        """
        return tuple(source for source, target in self.terms_for(lang).items() if target == source)

    def finder(self, lang: str) -> TermFinder:
        """What finds this glossary's terms for ``lang`` in a source text."""
        return TermFinder(self.terms_for(lang))


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary term found in a text: ``text[start:end]`` is ``source`` (its first letter's case aside)."""

    start: int
    end: int
    source: str
    target: str


class TermFinder:
    """Source terms → target terms, found as whole words in a text: the longest term wins where several start.

    A term matches as written, or with its first letter in the other case (at
    the start of a sentence); the spaces between its words must be where the
    term has them.

    >>> finder = TermFinder({"apartheid": "apartheid", "Israeli apartheid": "apartheid israelí", "BDS": "BDS"})
    >>> [(m.source, m.target) for m in finder.find("Apartheid and Israeli apartheid; BDS-movement, not BDSM")]
    [('apartheid', 'apartheid'), ('Israeli apartheid', 'apartheid israelí'), ('BDS', 'BDS')]
    """

    def __init__(self, terms: Mapping[str, str]) -> None:
        # First word (case folded) -> (words, spaced-before flags, source, target), longest first.
        self._index: dict[str, list[tuple[tuple[str, ...], tuple[bool, ...], str, str]]] = {}
        for source, target in terms.items():
            tokens = list(_TERM_TOKEN_RE.finditer(source))
            if not tokens:
                continue
            words = tuple(token.group() for token in tokens)
            spaced = tuple(tokens[i].start() > tokens[i - 1].end() for i in range(1, len(tokens)))
            self._index.setdefault(words[0].casefold(), []).append((words, spaced, source, target))
        for candidates in self._index.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))

    def __bool__(self) -> bool:
        return bool(self._index)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[TermMatch]:
        """The terms in ``text[start:end]``, in order, none overlapping; positions are in ``text``."""
        if not self._index:
            return []
        stop = len(text) if end is None else end
        tokens = list(_TERM_TOKEN_RE.finditer(text, start, stop))
        found: list[TermMatch] = []
        index = 0
        while index < len(tokens):
            match = self._match_at(tokens, index)
            if match is None:
                index += 1
                continue
            length, source, target = match
            found.append(TermMatch(tokens[index].start(), tokens[index + length - 1].end(), source, target))
            index += length
        return found

    def _match_at(self, tokens: list[re.Match[str]], index: int) -> tuple[int, str, str] | None:
        first = tokens[index].group()
        for words, spaced, source, target in self._index.get(first.casefold(), ()):
            if index + len(words) > len(tokens):
                continue
            if first != words[0] and (first[1:] != words[0][1:] or first[:1].lower() != words[0][:1].lower()):
                continue
            if all(tokens[index + i].group() == words[i]
                   and (tokens[index + i].start() > tokens[index + i - 1].end()) == spaced[i - 1]
                   for i in range(1, len(words))):
                return len(words), source, target
        return None


def read_glossary(path: Path, *, source_lang: str, display: str | None = None) -> Glossary:
    """Read a glossary CSV: a header row of language codes, then one row per term.

    Example file::

        en,es,fr,ar
        apartheid,apartheid,apartheid,الفصل العنصري
        Nakba,Nakba,Nakba,النكبة

    An empty cell means "no fixed term in that language".

    :raises ConfigError: naming the file, the line and the fix, for a missing file,
        an unknown language code, a missing source column, or an entry DeepL refuses.
    """
    shown = display or str(path)
    raw = read_user_file(path, display=shown, kind="glossary file",
                         missing="create it or remove glossary from the settings", error=ConfigError)
    text = decode_utf8(raw, display=shown, fix="save the glossary as UTF-8 CSV", error=ConfigError)
    return parse_glossary(text, source_lang=source_lang, display=shown)


def parse_glossary(text: str, *, source_lang: str, display: str) -> Glossary:
    """Parse glossary CSV ``text`` (see :func:`read_glossary`).

    >>> g = parse_glossary("en,es\\nstatement,declaración\\n", source_lang="en", display="g.csv")
    >>> g.terms_for("es")
    {'statement': 'declaración'}
    """
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ConfigError(f"{display}:1: empty glossary; write a header row of language codes, e.g. en,es,fr,ar")
    header: list[str] = []
    for column, cell in enumerate(rows[0], start=1):
        try:
            header.append(normalize_locale(cell, where=f"{display}:1: column {column}"))
        except LocaleError as exc:
            raise ConfigError(str(exc)) from None
    if source_lang not in header:
        raise ConfigError(
            f"{display}:1: no column for the source language {source_lang!r}; "
            f"add it to the header row (it has: {', '.join(header)})"
        )
    source_column = header.index(source_lang)
    entries: dict[str, dict[str, str]] = {lang: {} for lang in header if lang != source_lang}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        source = _term(row, source_column, display, line)
        if not source:
            raise ConfigError(f"{display}:{line}: the {source_lang} column is empty; every row needs its source term")
        for column, lang in enumerate(header):
            if column == source_column:
                continue
            target = _term(row, column, display, line)
            if not target:
                continue
            if source in entries[lang]:
                raise ConfigError(f"{display}:{line}: {source!r} is already in the glossary; keep one row per term")
            entries[lang][source] = target
    return Glossary(display, source_lang, {lang: terms for lang, terms in entries.items() if terms})


def read_project_glossary(project: Project) -> Glossary | None:
    """The glossary named by ``glossary`` in the settings (formerly ``deepl.glossary``), or None when there is none."""
    name = project.settings.glossary
    if not name:
        return None
    path = project.root / name
    return read_glossary(path, source_lang=project.settings.source_lang, display=project.relative(path))


def _term(row: list[str], column: int, display: str, line: int) -> str:
    term = row[column].strip() if column < len(row) else ""
    if any(ord(char) < 0x20 for char in term):
        raise ConfigError(f"{display}:{line}: a term contains a line break or control character; remove it")
    if len(term.encode("utf-8")) > _MAX_TERM_BYTES:
        raise ConfigError(f"{display}:{line}: a term is longer than {_MAX_TERM_BYTES} bytes; shorten it")
    return term
