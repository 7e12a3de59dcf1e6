"""Translation memory: every translation in the project's catalogs (and imported TMX), indexed in SQLite for reuse."""

from __future__ import annotations

import multiprocessing
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from stmtl10n._io import file_digest
from stmtl10n.catalog import Catalog, Entry, EntryState, read_catalog
from stmtl10n.documents.tmx import read_tmx
from stmtl10n.engines.markup import MarkupSpan, inline_markup, markup_spans
from stmtl10n.model import NO_TRANSLATE_FLAG, SIGNATORY_FLAG
from stmtl10n.project import Project
from stmtl10n.similarity import word_similarity

MEMORY_FILE = "memory.sqlite"
TMX_DIR = "memory"  # where `import-tmx` keeps imported files, in the project root
CLOSE_MATCH_THRESHOLD = 75

# Bump when the schema or what gets indexed changes: the index is a cache and is rebuilt.
_SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,      -- relative to the project root
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL          -- every atomic write is a new inode: two writes in one clock tick still differ
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,
    words INTEGER NOT NULL          -- word count, for the length bound on close matches
);
CREATE VIRTUAL TABLE source_words USING fts5(
    text, content='sources', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE source_vocabulary USING fts5vocab(source_words, 'row');
CREATE TABLE translations (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    lang TEXT NOT NULL,
    msgctxt TEXT,
    msgstr TEXT NOT NULL,
    is_reviewed INTEGER NOT NULL,   -- a human approved it: not fuzzy
    is_signatory INTEGER NOT NULL,
    provenance TEXT
);
CREATE INDEX translations_by_source ON translations(source_id, lang);
CREATE INDEX translations_by_file ON translations(file_id);
"""

_WORD = re.compile(r"\w+")
# Close matches are looked for among at most this many candidates, best BM25 first.
_CANDIDATES = 20
# Sources whose similar sources are remembered between lookups (one per language).
_SIMILAR_CACHE_SIZE = 4096
# A refresh with at least this many files to read parses them in worker processes.
_PARALLEL_FROM = 64


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A translation the memory holds for a source like the one looked up.

    :param source: the source text that was translated (the matched msgid).
    :param target: its translation.
    :param score: similarity of ``source`` to the looked-up text, 0–100; 100 only when identical.
    :param is_reviewed: a human approved the translation (it was not fuzzy).
    :param provenance: the ``stmtl10n:`` comment the translation carried, if any.
    :param origin: the file it came from, relative to the project root.
    :param agreeing: how many entries of the memory carry this same translation.
    :param alternatives: how many different translations of ``source`` the memory holds.
    """

    source: str
    target: str
    score: int
    is_reviewed: bool
    provenance: str | None
    origin: str
    agreeing: int = 1
    alternatives: int = 1


@dataclass(frozen=True, slots=True)
class RefreshStats:
    """What a refresh of the index did."""

    indexed: int  # files read again (new or changed)
    removed: int  # files gone since the last refresh
    unchanged: int
    seconds: float


@dataclass(frozen=True, slots=True)
class _Row:
    source: str
    lang: str
    msgctxt: str | None
    msgstr: str
    is_reviewed: bool
    is_signatory: bool
    provenance: str | None


class TranslationMemory:
    """The project's translation memory, an SQLite index under the cache folder.

    Open it with :func:`open_memory`. Lookups are safe from several threads
    (they share one connection behind a lock).
    """

    def __init__(self, project: Project, *, path: Path | None = None) -> None:
        self.project = project
        self.path = path or project.cache_dir / MEMORY_FILE
        self._lock = threading.Lock()
        self._db = _connect(self.path)
        self._similar_cache: dict[tuple[str, int], list[tuple[int, str, int]]] = {}
        self._document_frequency: dict[str, int] = {}  # word → sources containing it
        self._has_close_pool: dict[str, bool] = {}  # lang → it has a reviewed translation a close match can come from
        self._has_translations: dict[str, bool] = {}  # lang → it has any translation

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self, *, parsed: Mapping[Path, tuple[str | None, Catalog]] | None = None) -> RefreshStats:
        """Re-index the catalogs and TMX files that changed since the last refresh.

        A file is re-read when its size, modification time or inode changed; files
        that are gone are dropped from the index.

        :param parsed: catalogs the caller has already parsed, by path, with the
            SHA-256 of the content parsed: one whose file still has that content
            is indexed from it instead of being parsed again.
        :raises CatalogError: for a catalog or TMX file that cannot be read.
        """
        started = time.perf_counter()
        found = {rel: (folder, name, stat) for rel, folder, name, stat in _memory_files(self.project)}
        indexed = removed = unchanged = 0
        with self._lock:
            # IMMEDIATE: two runs refreshing at once take turns instead of indexing a file twice.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = {
                    path: (file_id, fingerprint)
                    for path, file_id, *fingerprint in self._db.execute("SELECT path, id, size, mtime_ns, inode FROM files")
                }
                maybe_orphans: set[int] = set()
                for rel in known.keys() - found.keys():
                    maybe_orphans |= self._forget_file(known[rel][0])
                    removed += 1
                changed = []
                for rel, (folder, name, stat) in found.items():
                    old = known.get(rel)
                    if old is not None and old[1] == _fingerprint(stat):
                        unchanged += 1
                    else:
                        changed.append((rel, folder / name, stat, old))
                changed.sort(key=lambda item: item[0])
                for (rel, _path, stat, old), rows in zip(changed, _rows_of(self.project, changed, parsed or {}), strict=False):
                    if rows is None:  # a TMX file and no TMX reader yet
                        continue
                    if old is not None:
                        maybe_orphans |= self._forget_file(old[0])
                    self._index_file(rel, stat, rows)
                    indexed += 1
                self._drop_orphan_sources(maybe_orphans)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            if indexed or removed:
                self._similar_cache.clear()
                self._document_frequency.clear()
            # Another run may have indexed what this one found unchanged: asked again per refresh.
            self._has_close_pool.clear()
            self._has_translations.clear()
            if indexed >= _PARALLEL_FROM:
                # A first build leaves a write-ahead log as big as the database: fold it in.
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return RefreshStats(indexed, removed, unchanged, time.perf_counter() - started)

    def exact(self, source: str, lang: str, *, exclude: tuple[str, str | None] | None = None) -> MemoryMatch | None:
        """The translation of exactly ``source`` into ``lang``, or None.

        Reviewed translations win over drafts; when reviewers translated the
        same text differently, the most frequent wins and ``alternatives`` says
        how many there are, so the caller can leave the choice to a reviewer.

        :param exclude: ``(origin, msgctxt)`` of the entry being filled, never its own match.
        """
        with self._lock:
            if not self._translates_into(lang):
                return None  # nothing translated into this language yet (a first run): no query per entry
            rows = self._db.execute(
                """SELECT t.msgstr, t.is_reviewed, t.provenance, f.path, t.msgctxt
                   FROM sources s JOIN translations t ON t.source_id = s.id JOIN files f ON f.id = t.file_id
                   WHERE s.text = ? AND t.lang = ?""",
                (source, lang),
            ).fetchall()
        rows = [r for r in rows if exclude is None or (r[3], r[4]) != exclude]
        if not rows:
            return None
        reviewed = [r for r in rows if r[1]]
        pool = reviewed or rows
        counts = Counter(r[0] for r in pool)
        target, agreeing = counts.most_common(1)[0]
        first = next(r for r in pool if r[0] == target)
        return MemoryMatch(source, target, 100, bool(first[1]), first[2], first[3], agreeing, len(counts))

    def reviewed_signatories(self, lang: str) -> list[tuple[str, str]]:
        """``(source, translation)`` of every reviewed signatory line in ``lang``.

        Signatory lines are never close matches of one another (another
        person's name is no draft), but the roles reviewers translated in
        them ("actor" → "actriz") are what pretranslate drafts new roles from.
        """
        with self._lock:
            rows = self._db.execute(
                """SELECT s.text, t.msgstr FROM translations t JOIN sources s ON s.id = t.source_id
                   WHERE t.lang = ? AND t.is_reviewed = 1 AND t.is_signatory = 1""",
                (lang,),
            ).fetchall()
        return [(source, target) for source, target in rows]

    def close_matches(
        self, source: str, lang: str, *, threshold: int = CLOSE_MATCH_THRESHOLD, limit: int = 3
    ) -> list[MemoryMatch]:
        """Reviewed translations of sources similar to ``source`` (score ≥ ``threshold``), best first.

        Candidates come from the word index; the score is :func:`similarity`
        (word-level, 0–100), so an edit of one word in a long paragraph still
        scores high. Identical sources are left to :meth:`exact`, and signatory
        lines are never close matches of anything.
        """
        with self._lock:
            if not self._close_pool(lang):
                return []  # nothing reviewed in this language (a first run): no search to make
            scored = []
            for source_id, text, score in self._similar_sources(source, threshold):
                rows = self._db.execute(
                    """SELECT t.msgstr, t.provenance, f.path FROM translations t JOIN files f ON f.id = t.file_id
                       WHERE t.source_id = ? AND t.lang = ? AND t.is_reviewed = 1 AND t.is_signatory = 0""",
                    (source_id, lang),
                ).fetchall()
                if not rows:
                    continue
                counts = Counter(r[0] for r in rows)
                target, agreeing = counts.most_common(1)[0]
                first = next(r for r in rows if r[0] == target)
                scored.append(MemoryMatch(text, target, min(score, 99), True, first[1], first[2], agreeing, len(counts)))
        scored.sort(key=lambda m: (-m.score, -m.agreeing, m.source))
        return scored[:limit]

    def _translates_into(self, lang: str) -> bool:
        """Whether the memory holds any translation into ``lang`` (asked once per refresh)."""
        known = self._has_translations.get(lang)
        if known is None:
            known = self._has_translations[lang] = self._db.execute(
                "SELECT EXISTS (SELECT 1 FROM translations WHERE lang = ?)", (lang,)
            ).fetchone()[0] == 1
        return known

    def _close_pool(self, lang: str) -> bool:
        """Whether ``lang`` has a reviewed translation of a line that is no signatory (asked once per refresh)."""
        known = self._has_close_pool.get(lang)
        if known is None:
            known = self._has_close_pool[lang] = self._db.execute(
                "SELECT EXISTS (SELECT 1 FROM translations WHERE lang = ? AND is_reviewed = 1 AND is_signatory = 0)",
                (lang,),
            ).fetchone()[0] == 1
        return known

    def _similar_sources(self, source: str, threshold: int) -> list[tuple[int, str, int]]:
        """``(source id, text, score)`` of reviewed sources at least ``threshold`` similar to ``source``.

        The same text is looked up once per target language: the search, which
        does not depend on the language, is kept for the next one.
        """
        cached = self._similar_cache.get((source, threshold))
        if cached is not None:
            return cached
        words = _words(source)
        found: list[tuple[int, str, int]] = []
        if words:
            ratio = threshold / 100
            # 2·M/(a+b) ≥ ratio needs the shorter text to be at least ratio/(2−ratio) of the longer.
            bound = ratio / (2 - ratio)
            low, high = int(len(words) * bound), int(len(words) / bound) + 1
            candidates = self._db.execute(
                f"""SELECT s.id, s.text FROM source_words
                    JOIN sources s ON s.id = source_words.rowid
                    WHERE source_words MATCH ? AND s.words BETWEEN ? AND ? AND s.text != ?
                      AND EXISTS (SELECT 1 FROM translations t WHERE t.source_id = s.id
                                  AND t.is_reviewed = 1 AND t.is_signatory = 0)
                    ORDER BY source_words.rank LIMIT {_CANDIDATES}""",
                (self._rare_words_query(words, ratio), low, high, source),
            ).fetchall()
            # rapidfuzz gives up early below the cutoff: half a point under the threshold
            # (and a hair for rounding), since a score that rounds up to it passes.
            cutoff = (threshold - 0.5) / 100 - 1e-9
            for source_id, text in candidates:
                score = round(100 * word_similarity(words, _words(text), score_cutoff=cutoff))
                if score >= threshold:
                    found.append((source_id, text, score))
        if len(self._similar_cache) >= _SIMILAR_CACHE_SIZE:
            self._similar_cache.pop(next(iter(self._similar_cache)))
        self._similar_cache[(source, threshold)] = found
        return found

    def size(self) -> int:
        """How many translations the memory holds."""
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM translations").fetchone()[0])

    def _rare_words_query(self, words: list[str], ratio: float) -> str:
        # A match of `ratio` shares at least ratio/(2−ratio) (60 % at 75) of the query's
        # words, so it must contain one of any set covering the other 40 %+: take the
        # rarest such set. Posting lists stay short even when the query has "the", "of".
        occurrences = Counter(_fold(w) for w in words)
        unknown = [word for word in occurrences if word not in self._document_frequency]
        if unknown:
            # FTS5 counts a term's documents by walking its postings: remember the counts.
            placeholders = ",".join("?" * len(unknown))
            counted = dict(self._db.execute(
                f"SELECT term, doc FROM source_vocabulary WHERE term IN ({placeholders})", unknown
            ).fetchall())
            for word in unknown:
                self._document_frequency[word] = counted.get(word, 0)
        frequency = self._document_frequency
        needed = len(words) * (1 - ratio / (2 - ratio))
        chosen: list[str] = []
        covered = 0
        for word in sorted(occurrences, key=lambda w: (frequency.get(w, 0), w)):
            chosen.append(word)
            covered += occurrences[word]
            if covered > needed:
                break
        return " OR ".join('"' + word.replace('"', '""') + '"' for word in chosen)

    def _index_file(self, rel: str, stat: os.stat_result, rows: Iterable[_Row]) -> None:
        file_id = self._db.execute(
            "INSERT INTO files (path, size, mtime_ns, inode) VALUES (?, ?, ?, ?)", (rel, *_fingerprint(stat))
        ).lastrowid
        for row in rows:
            found = self._db.execute("SELECT id FROM sources WHERE text = ?", (row.source,)).fetchone()
            if found is None:
                source_id = self._db.execute(
                    "INSERT INTO sources (text, words) VALUES (?, ?)", (row.source, len(_words(row.source)))
                ).lastrowid
                self._db.execute("INSERT INTO source_words (rowid, text) VALUES (?, ?)", (source_id, row.source))
            else:
                source_id = found[0]
            self._db.execute(
                "INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (source_id, file_id, row.lang, row.msgctxt, row.msgstr, row.is_reviewed, row.is_signatory, row.provenance),
            )

    def _forget_file(self, file_id: int) -> set[int]:
        """Drop a file's translations; returns the sources they translated (maybe orphans now)."""
        sources = {row[0] for row in self._db.execute("SELECT source_id FROM translations WHERE file_id = ?", (file_id,))}
        self._db.execute("DELETE FROM translations WHERE file_id = ?", (file_id,))
        self._db.execute("DELETE FROM files WHERE id = ?", (file_id,))
        return sources

    def _drop_orphan_sources(self, candidates: set[int]) -> None:
        for source_id in candidates:
            if self._db.execute("SELECT 1 FROM translations WHERE source_id = ? LIMIT 1", (source_id,)).fetchone():
                continue
            (text,) = self._db.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()
            # An external-content FTS table forgets a row only when told its old text.
            self._db.execute("INSERT INTO source_words (source_words, rowid, text) VALUES ('delete', ?, ?)", (source_id, text))
            self._db.execute("DELETE FROM sources WHERE id = ?", (source_id,))


def open_memory(
    project: Project, *, refresh: bool = True, parsed: Mapping[Path, tuple[str | None, Catalog]] | None = None
) -> TranslationMemory:
    """Open the project's translation memory, brought up to date with its catalogs first.

    :param parsed: catalogs the caller has parsed already (see :meth:`TranslationMemory.refresh`).
    :raises CatalogError: for a catalog or TMX file that cannot be read.
    """
    memory = TranslationMemory(project)
    if refresh:
        try:
            memory.refresh(parsed=parsed)
        except BaseException:
            memory.close()
            raise
    return memory


def similarity(a: str, b: str) -> int:
    """Word-level similarity of two texts, 0–100: :func:`stmtl10n.similarity.word_similarity`
    on their casefolded words, so case and punctuation do not count.

    >>> similarity("Down with the occupation!", "Down with the occupation!")
    100
    >>> similarity("Glory to the Resistance!", "Glory to the resistance of the people!")
    73
    """
    return round(100 * word_similarity(_words(a), _words(b)))


def same_markup(source: str, target: str) -> bool:
    """Whether translation ``target`` has the inline markup of ``source``: emphasis, links, code, URLs, hashtags.

    >>> same_markup("**No peace without justice.**", "No hay paz sin justicia.")
    False
    """
    return inline_markup(source) == inline_markup(target)


def fit_markup(target: str, *, source: str) -> str | None:
    """``target`` (a translation of a text like ``source``) with the inline markup of ``source``, or None.

    A memory match translates another source: where the markup differs, the
    translation's is changed to the new source's, when it can be placed with
    certainty. A link or placeholder that changed (a new URL, another hashtag)
    is swapped when it is the only one of its kind that differs. Markup the
    new source dropped is dropped. Markup it added is placed by the words
    around it: around the whole translation when it wraps the whole source
    (punctuation outside it staying outside), around the same words when the
    translation has them once (a name, a number), or between the words next
    to it when the translation has those once each. Anything else: None, and
    the match is not used.

    >>> fit_markup("No hay paz sin justicia.", source="**No peace without justice.**")
    '**No hay paz sin justicia.**'
    >>> fit_markup("¡Abajo la ocupación!", source="*Down with the occupation*!")
    '*¡Abajo la ocupación*!'
    >>> fit_markup("Solidaridad con Gaza y Cisjordania", source="Solidarity with [Gaza](https://x.org) and the West Bank")
    'Solidaridad con [Gaza](https://x.org) y Cisjordania'
    >>> fit_markup("Firme el llamamiento", source="Sign [the call](https://x.org)") is None
    True
    """
    want = inline_markup(source)
    if inline_markup(target) == want:
        return target
    fitted = _swap_changed(target, source, want)
    if fitted is None:
        return None
    for _ in range(len(want) + len(inline_markup(fitted)) + 1):
        have = inline_markup(fitted)
        if have == want:
            return fitted
        extra, missing = have - want, want - have
        if extra:
            fitted = _drop_markup(fitted, next(iter(extra)))
        else:
            fitted = _add_markup(fitted, source, next(iter(missing)))
        if fitted is None:
            return None
    return None


def _kind(key: str) -> str:
    """What a markup key is, for telling a changed link or placeholder from an added one."""
    if key in ("em", "strong", "<br>"):
        return key
    if "…" in key:
        return key.split("…")[0] + "…" + key.split("…")[-1][:2]  # "[…](", "[…][", "![…](", "^[…]"
    if key.startswith(("http", "www.", "WWW.", "ftp:", "mailto:", "<http", "<mailto")):
        return "url"
    return key[:1]  # "`" code, "#" hashtag, "@" handle, "<" HTML, "[" a footnote reference


def _swap_changed(target: str, source: str, want: Counter[str]) -> str | None:
    """``target`` with each link or placeholder that is the only one of its kind differing replaced by the source's."""
    have = inline_markup(target)
    extra, missing = have - want, want - have
    for kind in {_kind(key) for key in extra} & {_kind(key) for key in missing}:
        old = [key for key in extra if _kind(key) == kind]
        new = [key for key in missing if _kind(key) == kind]
        if len(old) != 1 or len(new) != 1 or extra[old[0]] != 1 or missing[new[0]] != 1 or kind in ("em", "strong"):
            continue
        span = _only_span(target, old[0])
        wanted = _only_span(source, new[0])
        if span is None or wanted is None:
            return None
        target = _replaced(target, span, source, wanted)
    return target


def _only_span(text: str, key: str) -> MarkupSpan | None:
    found = [span for span in markup_spans(text) if span.key == key]
    return found[0] if len(found) == 1 else None


def _replaced(target: str, span: MarkupSpan, source: str, wanted: MarkupSpan) -> str:
    """``target`` with the delimiters of ``span`` replaced by those of ``wanted`` in ``source``."""
    (o1, o2), (w1, w2) = span.open, wanted.open
    if span.close is None or wanted.close is None:
        return target[:o1] + source[w1:w2] + target[o2:]
    (c1, c2), (v1, v2) = span.close, wanted.close
    return target[:o1] + source[w1:w2] + target[o2:c1] + source[v1:v2] + target[c2:]


def _drop_markup(target: str, key: str) -> str | None:
    """``target`` without the markup ``key`` (its text kept), when it has it once and it is a pair."""
    span = _only_span(target, key)
    if span is None or span.close is None:
        return None
    (o1, o2), (c1, c2) = span.open, span.close
    return target[:o1] + target[o2:c1] + target[c2:]


def _add_markup(target: str, source: str, key: str) -> str | None:
    """``target`` with the pair ``key`` of ``source`` placed around the words it wraps there (see :func:`fit_markup`)."""
    wanted = _only_span(source, key)
    if wanted is None or wanted.close is None:
        return None  # a new placeholder: content the translation does not have
    (o1, o2), (c1, c2) = wanted.open, wanted.close
    before, inner, after = source[:o1], source[o2:c1], source[c2:]
    opening, closing = source[o1:o2], source[c1:c2]
    span = _whole(target, before, after) or _same_words(target, source, inner) or \
        _between_anchors(target, source, before, after)
    if span is None:
        return None
    start, end = span
    return target[:start] + opening + target[start:end] + closing + target[end:]


def _whole(target: str, before: str, after: str) -> tuple[int, int] | None:
    """The whole translation, when the pair wraps the whole source: outside it, no word but punctuation."""
    if _WORD.search(_prose(before)) or _WORD.search(_prose(after)):
        return None
    words = list(_WORD.finditer(target))
    if not words:
        return None
    start = len(target) - len(target.lstrip()) if not before.strip() else words[0].start()
    end = len(target.rstrip()) if not after.strip() else words[-1].end()
    return (start, end) if start < end else None


def _same_words(target: str, source: str, inner: str) -> tuple[int, int] | None:
    """Where the translation has the pair's words as they are (a name, a number), once, as the source does."""
    text = inner.strip()
    if not text or not _WORD.search(text) or source.count(text) != 1 or target.count(text) != 1:
        return None
    start = target.index(text)
    if not _at_word_edges(target, start, start + len(text)):
        return None
    return start, start + len(text)


def _between_anchors(target: str, source: str, before: str, after: str) -> tuple[int, int] | None:
    """Between the words next to the pair in the source, when the translation has each of them once."""
    left = list(_WORD.finditer(_prose(before)))
    right = _WORD.search(_prose(after))
    if not left and right is None:
        return None

    def only(word: str) -> re.Match[str] | None:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        found = list(pattern.finditer(target))
        return found[0] if len(found) == 1 and len(pattern.findall(source)) == 1 else None

    start, end = len(target) - len(target.lstrip()), len(target.rstrip())
    gap_left = gap_right = ""  # what the source has between the anchor and the pair: ", " stays outside
    if left:
        anchor, gap_left = only(left[-1].group()), _prose(before)[left[-1].end():]
        if anchor is None or _WORD.search(gap_left):
            return None
        start = anchor.end()
    if right is not None:
        anchor, gap_right = only(right.group()), _prose(after)[:right.start()]
        if anchor is None or _WORD.search(gap_right):
            return None
        end = anchor.start()
    while start < end and (target[start].isspace() or target[start] in gap_left):
        start += 1
    while end > start and (target[end - 1].isspace() or target[end - 1] in gap_right):
        end -= 1
    return (start, end) if start < end and _WORD.search(target[start:end]) else None


def _prose(text: str) -> str:
    """``text`` with its inline markup delimiters blanked (their words are no prose)."""
    chars = list(text)
    for span in markup_spans(text):
        for first, last in (span.open, span.close or span.open):
            chars[first:last] = " " * (last - first)
    return "".join(chars)


def _at_word_edges(text: str, start: int, end: int) -> bool:
    return not (text[start - 1:start].isalnum() or text[end:end + 1].isalnum())


def shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut at a word boundary to about ``limit`` characters.

    >>> shorten("Affirm our solidarity with the struggles of the Palestinian people", 30)
    'Affirm our solidarity with…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(",;:") + "…"


def _fingerprint(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _fold(word: str) -> str:
    # The form FTS5's unicode61 tokenizer stores with remove_diacritics 2.
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        # Autocommit mode: refresh() opens and closes its own transaction.
        db = sqlite3.connect(path, timeout=300, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
                _create_schema(db)
            return db
        except sqlite3.DatabaseError:
            db.close()
            if attempt:
                raise
            # The index is a cache: a damaged or foreign file is rebuilt from the catalogs.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    raise AssertionError("unreachable")


def _create_schema(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    if db.execute("PRAGMA user_version").fetchone()[0] == _SCHEMA_VERSION:
        db.execute("COMMIT")  # another run created it meanwhile
        return
    for name in ("source_vocabulary", "source_words", "translations", "sources", "files"):
        db.execute(f"DROP TABLE IF EXISTS {name}")
    for statement in _SCHEMA.split(";\n"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
    db.execute("COMMIT")


def _memory_files(project: Project) -> Iterator[tuple[str, Path, str, os.stat_result]]:
    """``(path relative to the root, folder, file name, stat)`` of every catalog and imported TMX file."""
    locales = project.locales_dir
    if locales.is_dir():
        prefix = project.relative(locales)  # once: a resolve() per file costs more than the stat
        for lang_dir in sorted(p for p in locales.iterdir() if p.is_dir()):
            yield from _files_in(lang_dir / "LC_MESSAGES", f"{prefix}/{lang_dir.name}/LC_MESSAGES", ".po")
    yield from _files_in(project.root / TMX_DIR, TMX_DIR, ".tmx")


def _files_in(folder: Path, rel: str, suffix: str) -> Iterator[tuple[str, Path, str, os.stat_result]]:
    # Path objects only for the files that must be read: at 10,000 catalogs they cost more than the stats.
    try:
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.stat()) for entry in entries
                     if entry.name.endswith(suffix) and not entry.name.startswith(".") and entry.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return
    for name, stat in found:
        yield f"{rel}/{name}", folder, name, stat


def _rows_of(
    project: Project, changed: Sequence[tuple[str, Path, os.stat_result, object]],
    parsed: Mapping[Path, tuple[str | None, Catalog]],
) -> Iterator[list[_Row] | None]:
    """The rows of each of ``changed``, in order: from ``parsed`` when the file still holds
    what was parsed (its digest says so; reading and hashing costs far less than parsing), else read."""
    known: dict[int, list[_Row]] = {}
    for position, (_rel, path, _stat, _old) in enumerate(changed):
        found = parsed.get(path)
        if found is not None and found[0] is not None and path.suffix == ".po" and file_digest(path) == found[0]:
            lang = path.parent.parent.name
            known[position] = [row for entry in found[1].entries if (row := _entry_row(entry, lang)) is not None]
    rest = iter(_read_all(project, [item for position, item in enumerate(changed) if position not in known]))
    for position in range(len(changed)):
        yield known[position] if position in known else next(rest)


def _read_all(project: Project, changed: Sequence[tuple[str, Path, os.stat_result, object]]) -> Iterator[list[_Row] | None]:
    # Parsing PO files is the cost of a first build (polib: ~8 ms per catalog);
    # spread a large batch over the CPUs, read a handful in this process.
    jobs = [(project, path, rel) for rel, path, _, _ in changed]
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < _PARALLEL_FROM or workers < 2:
        yield from (_read_rows(*job) for job in jobs)
        return
    # Not "fork": the caller may run threads (the review server), and forking those is unsafe.
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_read_rows_job, jobs, chunksize=16)


def _read_rows_job(job: tuple[Project, Path, str]) -> list[_Row] | None:
    return _read_rows(*job)


def _read_rows(project: Project, path: Path, rel: str) -> list[_Row] | None:
    if path.suffix == ".tmx":
        return _tmx_rows(project, path, rel)
    lang = path.parent.parent.name
    catalog = read_catalog(path, display=rel)
    return [row for entry in catalog.entries if (row := _entry_row(entry, lang)) is not None]


def _entry_row(entry: Entry, lang: str) -> _Row | None:
    state = entry.state
    if state is EntryState.UNTRANSLATED:
        return None
    if state is EntryState.CHANGED:
        return None  # the msgstr translates the previous msgid, not this one
    if entry.obsolete and state.is_draft:
        return None
    if NO_TRANSLATE_FLAG in entry.flags:
        return None  # a copy, not a translation
    return _Row(
        entry.msgid, lang, entry.msgctxt, entry.msgstr, entry.state is EntryState.REVIEWED,
        SIGNATORY_FLAG in entry.flags, entry.provenance,
    )


def _tmx_rows(project: Project, path: Path, rel: str) -> list[_Row] | None:
    source_lang = project.settings.source_lang
    rows = []
    for unit in read_tmx(path, display=rel):
        source = _pick_variant(unit.variants, source_lang)
        if not source:
            continue
        for lang, text in unit.variants.items():
            target = _project_lang(project, lang)
            if target != source_lang and text:
                rows.append(_Row(source, target, None, text, not unit.is_fuzzy(lang), False, f"tmx {path.name}"))
    return rows


def _pick_variant(variants: dict[str, str], lang: str) -> str | None:
    if lang in variants:
        return variants[lang]
    base = lang.split("_")[0]
    return next((text for code, text in variants.items() if code.split("_")[0] == base), None)


def _project_lang(project: Project, lang: str) -> str:
    # TMX says "es_ES"; a project translating into "es" wants it under "es".
    if lang in project.settings.languages:
        return lang
    base = lang.split("_")[0]
    return base if base in project.settings.languages or base == project.settings.source_lang else lang
