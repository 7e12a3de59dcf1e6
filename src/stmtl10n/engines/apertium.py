"""Apertium behind the engine protocol: offline drafts from Debian's language pairs, one process per batch."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from babel import Locale
from babel.dates import get_day_names, get_month_names

from stmtl10n.config import Settings
from stmtl10n.engines.base import SourceSegment, Translation
from stmtl10n.engines.markup import PLACEHOLDER_TAG, Protected, protect
from stmtl10n.errors import EngineError
from stmtl10n.glossary import Glossary

# A run that takes longer than this is stuck (Apertium does thousands of words a second).
TIMEOUT_BASE_SECONDS = 120.0
TIMEOUT_PER_SEGMENT_SECONDS = 0.5

INSTALL_HINT = (
    "run `make demo`, or install it: apt-get install apertium apertium-eng-spa apertium-fr-es"
)

# Apertium names modes with ISO 639-1 or 639-3 codes (``es-fr``, ``eng-spa``).
_THREE_LETTER = {
    "eng": "en", "spa": "es", "fra": "fr", "fre": "fr", "cat": "ca", "por": "pt", "glg": "gl", "ita": "it",
    "deu": "de", "ger": "de", "nld": "nl", "ron": "ro", "oci": "oc", "eus": "eu", "arg": "an", "ast": "ast",
    "ara": "ar", "rus": "ru", "ukr": "uk", "pol": "pl", "ces": "cs", "slk": "sk", "swe": "sv", "dan": "da",
    "nob": "nb", "nno": "nn", "isl": "is", "epo": "eo", "bre": "br", "cym": "cy", "gle": "ga", "kaz": "kk",
    "tat": "tt", "hin": "hi", "urd": "ur", "mlt": "mt", "srd": "sc", "hbs": "sh", "mkd": "mk", "bul": "bg",
}

# Apertium marks words it could not handle: ``*`` unknown to the analyser,
# ``@`` missing from the bilingual dictionary, ``#`` not generated. A chained
# pair stacks them (``**word``). Literal ``*#@`` of the source are told apart by
# comparing with the source text.
_MARKED_WORD = re.compile(r"(?<![\w*#@])([*#@]+)(\w[\w'’-]*)")
# A later pair of a chain may put its mark before the tag the word is in
# (``*<em i="1">*Palestine``): such marks are moved next to their word first.
_MARKS_BEFORE_TAGS = re.compile(r"(?<![\w*#@])([*#@]+)((?:<[^<>]*>)+)(?=[*#@]*\w)")
_TAG = re.compile(r"<[^<>]*>")
_BLOCK = re.compile(r'<p id="s(\d+)">(.*?)</p>', re.DOTALL)


class ApertiumEngine:
    """Apertium through Debian's ``apertium`` command, chaining pairs where no direct one exists.

    A batch goes to Apertium as one HTML document, each segment in its own
    ``<p>`` block: one process per batch, and Apertium's HTML mode keeps the
    markup tags of :mod:`stmtl10n.engines.markup` attached to their words.
    Apertium has no glossary: the project glossary's terms go as placeholders
    and come back as the glossary's target terms. The placeholder of a date
    or a term holds a stand-in word (see :class:`_StandIns`), so that Apertium
    translates the words around it as it would around a date or a noun ("on
    Monday" is "el lunes", where "on" alone is "encima"); the date or the
    term is written in its place.

    :param glossary: the project glossary, enforced as placeholders.
    :param settings: the project settings (``[digits]``).
    :raises EngineError: when the ``apertium`` command is missing.
    """

    name = "apertium"
    # One process per batch: big batches spread its start-up (about 0.25 s).
    max_batch_segments = 400
    max_batch_characters = 150_000

    def __init__(
        self, *, binary: str | None = None, glossary: Glossary | None = None, settings: Settings | None = None
    ) -> None:
        found = binary or shutil.which("apertium")
        if not found:
            raise EngineError(f"the apertium command is missing; {INSTALL_HINT}")
        self._binary = found
        self._pairs: dict[str, set[str]] | None = None
        self._glossary = glossary
        self._settings = settings or Settings()

    # --- the protocol ----------------------------------------------------------------

    def route(self, source: str, target: str) -> str | None:
        """``"apertium en>es"``, ``"apertium en>es>fr"`` when chained through Spanish, or None."""
        path = self._path(source, target)
        if path is None:
            return None
        return "apertium " + ">".join(lang for lang, _ in [(source_code(source), None), *path])

    def translate(self, segments: Sequence[SourceSegment], *, source: str, target: str) -> list[Translation]:
        """Translate a batch in one Apertium run (one process per pair of a chain).

        Unknown-word marks are taken out of the text and listed in
        :attr:`Translation.unknown_words`.

        :raises EngineError: no pair or chain for ``source`` → ``target``, or Apertium failed.
        """
        path = self._path(source, target)
        if path is None:
            raise EngineError(f"no offline engine for {target}: set DEEPL_AUTH_KEY to use DeepL")
        if not segments:
            return []
        protected: list[Protected] = []
        terms = self._glossary.finder(target) if self._glossary is not None else None
        stand_ins = _StandIns.of(source, target)

        def document() -> Iterator[str]:
            # Produced while Apertium already runs: protection overlaps its start-up.
            for index, segment in enumerate(segments):
                protected.append(protect(segment.text, source=source, terms=terms))
                yield f'<p id="s{index}">{stand_ins.put(protected[-1])}</p>\n'

        timeout = TIMEOUT_BASE_SECONDS + TIMEOUT_PER_SEGMENT_SECONDS * len(segments)
        output = self._run([mode for _, mode in path], document(), timeout=timeout)
        blocks = {int(match.group(1)): match.group(2) for match in _BLOCK.finditer(output)}
        missing = [index for index in range(len(segments)) if index not in blocks]
        if missing:
            raise EngineError(
                f"apertium lost segment {missing[0] + 1} of {len(segments)} "
                f"(starting {segments[missing[0]].text[:40]!r}); report this statement as a bug"
            )
        digits = self._settings.digits_for(target)
        return [_translation(protected[index], stand_ins.take(protected[index], blocks[index]), target=target,
                             digits=digits) for index in range(len(segments))]

    # --- pairs -----------------------------------------------------------------------

    def _path(self, source: str, target: str) -> list[tuple[str, str]] | None:
        """The pairs to run, as (language reached, mode) steps: direct, or through one pivot."""
        start, goal = source_code(source), source_code(target)
        pairs = self._available_pairs()
        # Breadth-first: the shortest chain wins, a direct pair first of all.
        queue: deque[tuple[str, list[tuple[str, str]]]] = deque([(start, [])])
        seen = {start}
        while queue:
            lang, steps = queue.popleft()
            if lang == goal and steps:
                return steps
            if len(steps) >= 2:
                continue
            for mode in sorted(pairs.get(lang, ())):
                reached = _mode_target(mode)
                if reached not in seen or reached == goal:
                    seen.add(reached)
                    queue.append((reached, [*steps, (reached, mode)]))
        return None

    def _available_pairs(self) -> dict[str, set[str]]:
        """Source language → modes, from ``apertium -l`` (asked once per engine)."""
        if self._pairs is None:
            try:
                listing = subprocess.run(
                    [self._binary, "-l"], capture_output=True, text=True, timeout=30, check=False
                ).stdout
            except OSError as exc:
                raise EngineError(f"cannot run apertium ({exc.strerror}); {INSTALL_HINT}") from None
            pairs: dict[str, set[str]] = {}
            for mode in listing.split():
                parts = mode.split("-")
                # Plain ``xx-yy`` modes only: ``eco-es-fr`` and ``spa-eng_US`` are variants.
                if len(parts) != 2 or "_" in mode:
                    continue
                pairs.setdefault(_two_letter(parts[0]), set()).add(mode)
            self._pairs = pairs
        return self._pairs

    # --- running ---------------------------------------------------------------------

    def _run(self, modes: list[str], document: Iterable[str], *, timeout: float) -> str:
        """Pipe ``document`` through ``apertium -f html`` once per mode, the processes chained.

        Each ``apertium`` runs in its own process group, so that a stuck run can be
        ended with its whole pipeline (``lt-proc``, ``apertium-transfer``…).
        """
        processes: list[subprocess.Popen[bytes]] = []
        errors: list[IO[bytes]] = []
        try:
            for mode in modes:
                error_file = tempfile.TemporaryFile()  # noqa: SIM115  (closed with the pipeline, below)
                errors.append(error_file)
                previous = processes[-1].stdout if processes else None
                process = subprocess.Popen(
                    [self._binary, "-f", "html", mode],
                    stdin=previous if previous is not None else subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=error_file,
                    start_new_session=True,
                )
                if previous is not None:
                    previous.close()  # only the next process reads it now
                processes.append(process)
        except OSError as exc:
            for process in processes:
                process.kill()
                process.wait()
            for stderr_file in errors:
                stderr_file.close()
            raise EngineError(f"cannot run apertium ({exc.strerror}); {INSTALL_HINT}") from None

        first, last = processes[0], processes[-1]
        assert first.stdin is not None and last.stdout is not None
        feed_failures: list[BaseException] = []
        feed = threading.Thread(target=_feed, args=(first.stdin, document, feed_failures), daemon=True)
        timed_out = threading.Event()

        def stop_pipelines() -> None:
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)

        def stop_stuck_run() -> None:
            timed_out.set()
            stop_pipelines()

        watchdog = threading.Timer(timeout, stop_stuck_run)
        watchdog.daemon = True
        watchdog.start()
        feed.start()
        try:
            output = last.stdout.read()
        except BaseException:
            # Ctrl-C reaches only the terminal's process group, not these sessions.
            stop_pipelines()
            raise
        finally:
            watchdog.cancel()
        last.stdout.close()
        feed.join()
        if timed_out.is_set():
            for process, stderr_file in zip(processes, errors, strict=False):
                process.wait()
                stderr_file.close()
            raise EngineError(
                f"apertium {' | '.join(modes)} did not finish within {timeout:.0f} s and was stopped; "
                "try a smaller batch or check the machine's load"
            )
        if feed_failures:
            for process in processes:
                process.wait()
            raise feed_failures[0]
        failures = []
        for mode, process, stderr_of_mode in zip(modes, processes, errors, strict=False):
            if process.wait() != 0:
                stderr_of_mode.seek(0)
                detail = stderr_of_mode.read().decode("utf-8", "replace").strip().splitlines()
                failures.append(f"apertium {mode} failed: {detail[-1] if detail else f'exit code {process.returncode}'}")
            stderr_of_mode.close()
        if failures:
            raise EngineError(f"{failures[0]}; check the installed pairs with `apertium -l` ({INSTALL_HINT})")
        return output.decode("utf-8", "replace")


def source_code(lang: str) -> str:
    """The base language of a locale, as Apertium pairs are keyed (``es_MX`` → ``es``)."""
    try:
        return Locale.parse(lang).language
    except (ValueError, TypeError):
        return lang.split("_")[0].lower()


def _two_letter(code: str) -> str:
    return _THREE_LETTER.get(code, code)


def _mode_target(mode: str) -> str:
    return _two_letter(mode.split("-")[1])


def _feed(stream: IO[bytes], document: Iterable[str], failures: list[BaseException]) -> None:
    try:
        for piece in document:
            stream.write(piece.encode("utf-8"))
    except BrokenPipeError:
        pass  # the process died; its exit code tells why
    except BaseException as exc:  # handed to the calling thread
        failures.append(exc)
    finally:
        with contextlib.suppress(BrokenPipeError):
            stream.close()


@dataclass(frozen=True, slots=True)
class _StandIns:
    """Words the placeholders of dates and terms hold for Apertium, and what becomes of them.

    Apertium translates a word by the words around it, and an empty
    placeholder is no word: "on 3 March" with the date as ``<x i="1"/>``
    comes out as "encima" ("on" alone), "the Nakba" as "el", which the French
    pair then reads as the pronoun "él" ("l'il"). So a date with a day goes as
    ``<x i="1">Monday</x>`` ("on Monday" is "el lunes"), one without as
    ``<x i="1">January</x>`` (CLDR's names in the source language), and a
    term as a made-up word, which Apertium takes for a noun it does not know
    ("el *Zqxb", "le **Zqxb"). Back from Apertium the stand-in (translated:
    "lunes", "lundi"; or as it was) is taken out and the placeholder stays,
    with what else came inside ("El lunes" keeps "El"). When Apertium moved
    the tag onto another word ("the Monday rally" is "el <x>rally</x> de
    lunes"), that word is kept and the placeholder takes the stand-in's place.
    A segment that has a weekday's or month's stand-in word itself keeps its
    dates' placeholders empty.
    """

    day: tuple[str, str] | None  # (in the source language, in the target language)
    month: tuple[str, str] | None

    @classmethod
    def of(cls, source: str, target: str) -> _StandIns:
        try:
            source_locale, target_locale = Locale.parse(source), Locale.parse(target)
        except (ValueError, TypeError, LookupError):
            return cls(None, None)
        monday = (str(get_day_names("wide", locale=source_locale)[0]),
                  str(get_day_names("wide", locale=target_locale)[0]))
        january = (str(get_month_names("wide", locale=source_locale)[1]),
                   str(get_month_names("wide", locale=target_locale)[1]))
        return cls(monday, january)

    def _for(self, protected: Protected) -> dict[int, tuple[str, re.Pattern[str]]]:
        """Placeholder id → (the stand-in sent, what finds it in Apertium's answer)."""
        found: dict[int, tuple[str, re.Pattern[str]]] = {}
        folded = protected.xml.casefold()
        if self.day is not None and self.month is not None and \
                not any(word.casefold() in folded for word, _ in (self.day, self.month)):
            for ident, mention in protected.dates.items():
                word, translated = self.day if mention.day is not None else self.month
                # Inflected as Apertium's analysis of the sentence has it: "lundis".
                found[ident] = (word, re.compile(rf"(?<!\w){re.escape(translated)}\w{{0,2}}(?!\w)", re.IGNORECASE))
        for ident in protected.terms:
            word = _TERM_STAND_IN + "".join(chr(ord("b") + int(digit)) for digit in str(ident))
            # Apertium marks it as unknown: "*Zqxb", "**Zqxb" through a chain.
            found[ident] = (word, re.compile(rf"(?<![\w*#@])[*#@]*{word}(?!\w)", re.IGNORECASE))
        return found

    def put(self, protected: Protected) -> str:
        """The protected XML, each placeholder of a date or a term holding its stand-in."""
        xml = protected.xml
        for ident, (word, _) in self._for(protected).items():
            tag = f'<{PLACEHOLDER_TAG} i="{ident}"'
            xml = xml.replace(f"{tag}/>", f"{tag}>{word}</{PLACEHOLDER_TAG}>", 1)
        return xml

    def take(self, protected: Protected, block: str) -> str:
        """Apertium's ``block`` with the stand-ins taken out and the placeholders empty again."""
        for ident, (_, word) in self._for(protected).items():
            # Marks a chained pair put before the tag ("*<x i="1">*Zqxb</x>") belong to the stand-in.
            element = re.search(rf'([*#@]*)<{PLACEHOLDER_TAG} i="{ident}">([^<]*)</{PLACEHOLDER_TAG}>', block)
            if element is None:
                continue
            placeholder = f'<{PLACEHOLDER_TAG} i="{ident}"/>'
            content = element.group(2)
            inside = word.search(content)
            if inside is not None:
                # "lunes", "El lunes": the rest ("El") stays before the placeholder.
                rest = (content[:inside.start()] + content[inside.end():]).strip()
                block = block[:element.start()] + (f"{rest} " if rest else "") + placeholder + block[element.end():]
                continue
            # The tag went onto another word: keep it; the placeholder goes where the stand-in went, nearest first.
            block = block[:element.start()] + element.group(1) + content + block[element.end():]
            at = element.start() + len(element.group(1)) + len(content)
            found = min(_outside_tags(word, block), key=lambda match: abs(match.start() - at), default=None)
            if found is None:
                block = block[:at] + placeholder + block[at:]
            else:
                block = block[:found.start()] + placeholder + block[found.end():]
        return block


# A word no Apertium dictionary has: a term's stand-in, told apart by letters for its id ("Zqxb" for 1).
_TERM_STAND_IN = "Zqx"


def _outside_tags(word: re.Pattern[str], block: str) -> list[re.Match[str]]:
    """The matches of ``word`` in the text of ``block``, not in its tags."""
    found = []
    pos = 0
    for tag in [*_TAG.finditer(block), None]:
        stop = tag.start() if tag is not None else len(block)
        found += list(word.finditer(block, pos, stop))
        if tag is not None:
            pos = tag.end()
    return found


def _translation(protected: Protected, block: str, *, target: str, digits: str | None) -> Translation:
    unknown: dict[str, None] = {}
    source_text = protected.xml

    def unmark(match: re.Match[str]) -> str:
        marks, word = match.group(1), match.group(2)
        # Keep the longest run of marks the source itself has before this word.
        literal = next((k for k in range(len(marks), 0, -1) if marks[:k] + word in source_text), 0)
        if literal < len(marks):
            unknown[word] = None
        return marks[:literal] + word

    block = _MARKS_BEFORE_TAGS.sub(r"\2\1", block)
    block = _lower_after_leading_placeholder(block, source_text)
    parts: list[str] = []
    pos = 0
    for tag in _TAG.finditer(block):
        parts.append(_MARKED_WORD.sub(unmark, block[pos:tag.start()]))
        parts.append(tag.group(0))
        pos = tag.end()
    parts.append(_MARKED_WORD.sub(unmark, block[pos:]))
    text = protected.restore("".join(parts), target=target, digits=digits)
    if "  " not in source_text:
        # A word Apertium drops (a subject pronoun in Spanish: "we publish" →
        # "publicamos") leaves its blank behind: "De ahora en adelante  publicamos".
        text = _DOUBLED_SPACES.sub(" ", text)
    return Translation(text, tuple(unknown))


_DOUBLED_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
# A placeholder (matched where a segment's text starts), then the first letter of the next word.
_LEADING_PLACEHOLDER = re.compile(r'(<x i="\d+"/>)\s+(\w)')


def _lower_after_leading_placeholder(block: str, source_xml: str) -> str:
    """Apertium capitalizes the word after a placeholder that starts a segment, as the sentence's first:
    "<x/> is a crime" comes out as "<x/> Es un delito". It takes the source's case again."""
    translated = _LEADING_PLACEHOLDER.match(block, len(block) - len(block.lstrip()))
    source = _LEADING_PLACEHOLDER.match(source_xml, len(source_xml) - len(source_xml.lstrip()))
    if translated is None or source is None or translated.group(1) != source.group(1):
        return block
    letter = translated.group(2)
    if not (source.group(2).islower() and letter.isupper()):
        return block
    rest = block[translated.end():]
    if rest[:1].isupper():
        return block  # "UN", "EU": an acronym keeps its capitals
    return block[:translated.start(2)] + letter.lower() + rest
