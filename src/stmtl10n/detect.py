"""Language identification that abstains rather than guesses: writing systems, common words, then seeded langdetect.

Three kinds of evidence, from the cheapest:

* the writing system: Latin letters are certainly not Arabic; among Arabic
  script, letters such as پ چ ژ گ ک ی are Persian or Urdu, ة ى ي ك Arabic;
* the most frequent words of a language (:data:`_FUNCTION_WORDS`), compared
  pairwise: the words only one of two close languages uses (Spanish "los",
  "y", Portuguese "não", "os", Galician "unha", "non") tell them apart;
* seeded langdetect over every language it knows that is written in the text's
  writing system (55 profiles in all), on text of at least
  :data:`MIN_DETECT_CHARS` characters.

A verdict that the text is *not* in a language is sure (:attr:`Judgement.sure`)
only when the writing system says so, or when langdetect is sure of another
language and the common words (in Arabic script, the letters) side with it.
Under :data:`MIN_DETECT_CHARS` characters there is no verdict between the
languages of one writing system, only from the writing system or the
orthography. langdetect's profiles load on first use, once per writing system.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.core import get_global
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram

from stmtl10n.formats.markdown import markdown_parser
from stmtl10n.model import Segment
from stmtl10n.patterns import EMAIL_RE, HANDLE_RE, HASHTAG_RE, remove_urls

if TYPE_CHECKING:
    from markdown_it.token import Token

# langdetect is random on short text unless seeded (its README): same text, same verdict.
DetectorFactory.seed = 0

#: Below this many characters of visible text (markup and URLs removed) there
#: is no verdict among the languages of one writing system: on headings and
#: slogans langdetect guesses ("Viva Palestine!" comes out as Estonian).
MIN_DETECT_CHARS = 30
#: langdetect is asked only when this much is left once names and numbers are
#: removed (a 30-character segment that names a city still has it), or
#: :data:`MIN_DETECT_CHARS` when names were half the words (a signatory line).
MIN_LANGDETECT_CHARS = 20
_NAMES_SHARE = 0.5
#: langdetect reads at most this much of a long text (a whole statement): plenty to decide.
MAX_DETECT_CHARS = 2000
#: langdetect must be this sure for a verdict.
MIN_PROBABILITY = 0.95
#: Short-but-not-tiny text must be surer still.
MIN_PROBABILITY_SHORT = 0.995
SHORT_TEXT_CHARS = 80
#: "Not in this language" needs langdetect to give the language at most this probability.
MAX_OWN_PROBABILITY = 0.01
#: An error (not a warning) needs langdetect this sure of the other language, and the expected one near nothing.
SURE_PROBABILITY = 0.999
SURE_OWN_PROBABILITY = 0.001
#: Share of the letters a writing system needs to count as the text's script.
DOMINANT_SHARE = 0.8
#: A script verdict needs at least this many letters ("BDS" decides nothing).
MIN_SCRIPT_LETTERS = 3

# Orthography that is itself a verdict: inverted opening marks among languages
# that use them (Spanish, Galician, Asturian).
_INVERTED_MARK_LANGS = frozenset({"es", "gl", "ast"})

# ISO 15924 scripts as babel's likely subtags give them, mapped to the scripts
# unicodedata names letters by. Japanese and Korean mix systems.
_SCRIPT_PARTS = {
    "Hans": {"Hani"}, "Hant": {"Hani"}, "Jpan": {"Hani", "Hira", "Kana"}, "Kore": {"Hang", "Hani"},
}
_UNICODE_NAME_TO_SCRIPT = {
    "LATIN": "Latn", "ARABIC": "Arab", "CYRILLIC": "Cyrl", "GREEK": "Grek", "HEBREW": "Hebr",
    "CJK": "Hani", "HIRAGANA": "Hira", "KATAKANA": "Kana", "HANGUL": "Hang", "DEVANAGARI": "Deva",
    "BENGALI": "Beng", "THAI": "Thai", "ARMENIAN": "Armn", "GEORGIAN": "Geor", "ETHIOPIC": "Ethi",
    "TAMIL": "Taml", "GUJARATI": "Gujr", "GURMUKHI": "Guru", "KANNADA": "Knda", "MALAYALAM": "Mlym",
    "TELUGU": "Telu", "SINHALA": "Sinh", "KHMER": "Khmr", "LAO": "Laoo", "MYANMAR": "Mymr", "TIBETAN": "Tibt",
    "SYRIAC": "Syrc", "THAANA": "Thaa",
}

# Letters of Arabic script that Arabic does not use (Persian and Urdu do), and
# the other way round. langdetect cannot see the first kind: it reads the
# Persian ی as the Arabic ي.
_PERSIAN_URDU_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںےہھۓ")
_ARABIC_ONLY_LETTERS = frozenset("ةىيك")

_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]")
# The characters CommonMark's inline rules (emphasis, code, links, images, autolinks, HTML, entities,
# escapes, footnotes) start at, and the NUL its normalization replaces: text without them parses as itself.
_INLINE_MARKUP_RE = re.compile(r"[*_`\\\[\]<>!&^~\x00]")
_WORD_RE = re.compile(r"\S+")
_ELISION_RE = re.compile(r"([a-zA-Z]{1,2}['’])(?=\w)")
# Characters after which the next word starts a sentence, so its capital says nothing about names.
_SENTENCE_OPENERS = set(".!?:;¡¿\"“”«»„(\u061f\u06d4-–—")
_WORD_PUNCTUATION = "\"'“”‘’«»()[]{}¡¿!?.,;:…-–—"
_TOKEN_PUNCTUATION = ".,;:!?¡¿\"'“”‘’«»()[]*_`#>-"
# Words in capitals this often, after the first of a sentence, make a title ("Freedom for All Political
# Prisoners"): the capitals then say nothing about names. Not a list ("James Long, Socialist Party, United
# States"): names and places, as signatory lines are, whose capitals do say so.
_TITLE_CASE_SHARE = 0.5
_TITLE_CASE_MIN_WORDS = 3
_LIST_MARKS = frozenset(",;،؛()/|")

# Letters of writing systems other than Latin (Greek to Hangul, Arabic presentation forms).
_NOT_LATIN_RE = re.compile("[\u0370-\u1dff\u2c00-\u2dff\u3040-\ud7ff\uf900-\ufdff\ufe70-\ufefc]")
# The most frequent words of a language: ordinary text in it has plenty of them
# (English prose about 40%), text in another language almost none. A segment
# below this share is the only kind that goes to langdetect at extract time.
_OWN_WORDS_SHARE = 0.12
_SAMPLE_CHARS = 300
# statement_language reads this much of a statement, and votes with common words when it has this many.
_STATEMENT_SAMPLE_CHARS = 3000
_MIN_VOTING_WORDS = 40
# A segment's common words vote when it has this many words.
_MIN_SEGMENT_VOTING_WORDS = 6
# A vote for one language over another: at least this many of its own words that the other does not use,
# and this many times as many as the other's own words. Confirming the expected language takes less
# (one such word, none of the other's), since it only spares langdetect.
_MIN_OWN_WORDS = 2
_MIN_OWN_WORDS_TO_CONFIRM = 1
_OWN_WORDS_RATIO = 3
# langdetect at extract time: on this much text, at most this many segments per statement.
_SEGMENT_DETECT_CHARS = 400
MAX_LANGDETECT_PER_STATEMENT = 8
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with are on as by this be was were from it their its our we they "
                    "have has not all which will who an at or a".split()),
    "es": frozenset("de la el que y en los las del por con para una un se su sus es no al como más lo este esta "
                    "nuestro nuestra a pero nos".split()),
    "fr": frozenset("de la le les et des du en un une est que qui dans pour par sur au aux pas ne nous sont leur "
                    "leurs ce cette avec il elle a à".split()),
    "de": frozenset("der die das und in zu den von mit ist des sich nicht auf für ein eine dem wir sie auch es an "
                    "werden bei im zum zur als dass".split()),
    "pt": frozenset("de a o que e do da em um para com não uma os no se na por mais as dos como mas ao das nos sua "
                    "seu é à".split()),
    "it": frozenset("di e il la che in a per un è non una del della le con i si sono dei gli al da alla come "
                    "nel".split()),
    "ca": frozenset("de la i el que a les els en per un una amb del no és al als dels es ha són com més o però "
                    "seva seu aquest aquesta".split()),
    "gl": frozenset("de a o e que do da en un unha os as para con non no na por se dos das ao máis como pero polo "
                    "pola súa seu é nos á ás".split()),
    "ro": frozenset("de la și în a cu pe un o să care din nu pentru este mai au ca se al sunt fost ce lui sau dar ne "
                    "am ei".split()),
    "ar": frozenset("في من على إلى أن عن مع التي الذي الذين هذا هذه كان لا ما هو هي كل بين قد ثم أو".split()),
}
# For each listed word, the languages that list it.
_WORD_LANGUAGES: dict[str, frozenset[str]] = {
    word: frozenset(lang for lang, words in _FUNCTION_WORDS.items() if word in words)
    for words in _FUNCTION_WORDS.values() for word in words
}
# Languages with a word list but no langdetect profile, and the profiles langdetect takes them for.
_STAND_INS = {"gl": frozenset({"es", "pt"})}

# langdetect's own constants (langdetect.detector.Detector), for the loop that reproduces its sampling.
_N_TRIAL = 7
_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_ITERATION_LIMIT = Detector.ITERATION_LIMIT
_CONVERGENCE = Detector.CONV_THRESHOLD
_BASE_FREQ = Detector.BASE_FREQ
# A language this far behind within a trial has no chance left: it is dropped from the trial (see _langdetect).
_HOPELESS = 1e-30


@dataclass(frozen=True, slots=True)
class ScriptShare:
    """How the letters of a text split between writing systems."""

    letters: int
    dominant: str | None  # ISO 15924 code, or None when mixed or letterless
    shares: dict[str, float]


@dataclass(frozen=True, slots=True)
class Judgement:
    """Whether a text is written in a language, and how sure that is.

    :param is_language: True, False, or None (abstain).
    :param found: the language the text looks written in instead (a
        candidate's spelling, ``pt_BR``, or a base code such as ``de``), or
        None when unknown.
    :param sure: for False, whether the detector is sure: the writing system
        says so, or langdetect is sure of another language and the common
        words agree. Not sure is a reason to look, not to block.
    """

    is_language: bool | None
    found: str | None = None
    sure: bool = False


_ABSTAIN = Judgement(None)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What one text offers to identify its language, computed once per text."""

    visible: int  # characters a reader sees (markup, URLs, handles removed)
    cleaned: str  # names and numbers removed too (clean_for_detection)
    text: str  # what is read for the language: the cleaned text, or a title without its numbers and acronyms
    share: ScriptShare  # of text
    tokens: tuple[str, ...]  # the words of text, lower case, without punctuation
    mostly_names: bool  # names were half the words or more: what is left says little


@dataclass(frozen=True, slots=True)
class _Guess:
    """langdetect and the common words combined: the most likely language of a text."""

    lang: str | None  # a base code, or None when nothing stands out
    probability: float  # langdetect's, or 1.0 when the writing system decides
    probabilities: Mapping[str, float]  # langdetect's, by base code
    vote: str | None  # the language the common words vote for


def strip_markup(text: str, *, tokens: Sequence[Token] | None = None) -> str:
    """The words a reader sees: inline Markdown, URLs, e-mail addresses, handles, hashtags, footnote marks removed.

    >>> strip_markup("Read [the call](https://example.org/call) on **29 November**")
    'Read the call on 29 November'

    :param tokens: markdown-it's inline parse of ``text``, when the caller has it (the checks do).
    """
    if _INLINE_MARKUP_RE.search(text) is None:
        plain = text  # nothing an inline rule of CommonMark (or a footnote) would make anything but text of
    else:
        parts: list[str] = []
        for block in markdown_parser().parseInline(text) if tokens is None else tokens:
            for child in block.children or ():
                # Text and link text stay; code, HTML, images and line breaks become spaces.
                parts.append(child.content if child.type in ("text", "text_special") else " ")
            parts.append(" ")  # an inline footnote's text comes last, as a block of its own
        plain = "".join(parts)
    # Each pattern needs its mark: most segments have none of them.
    if ":" in plain or "www." in plain.lower():
        plain = remove_urls(plain)
    if "@" in plain:
        plain = EMAIL_RE.sub(" ", plain)
    if "[^" in plain:
        plain = _FOOTNOTE_RE.sub(" ", plain)
    if "@" in plain:
        plain = HANDLE_RE.sub(" ", plain)
    if "#" in plain:
        plain = HASHTAG_RE.sub(" ", plain)
    return " ".join(plain.split())


def clean_for_detection(text: str, *, plain: str | None = None) -> str:
    """Markup, URLs, numbers and name-looking words removed: what says which language a text is in.

    A capitalised word that does not start a sentence, or a word in capitals,
    is most likely a name or an acronym, and names travel between languages.

    >>> clean_for_detection("On 29 November the UN met in New York with BDS activists.")
    'On the met in with activists.'

    :param plain: :func:`strip_markup` of ``text``, when the caller has it (the checks do).
    """
    return _evidence(text, plain).cleaned


def _parse_words(plain: str) -> list[tuple[str, str, str, bool]]:
    """Each word with its elided article (l’, d’), its core without punctuation, and whether it starts a sentence."""
    parsed: list[tuple[str, str, str, bool]] = []
    sentence_start = True
    for word in _WORD_RE.findall(plain):
        core = word.strip(_WORD_PUNCTUATION)
        elided = _ELISION_RE.match(core)
        if elided:  # l’État, d’Israël: the article is language, the rest may be a name
            prefix, core = elided.group(1), core[elided.end():]
        else:
            prefix = ""
        starts_sentence = sentence_start or word[0] in "¡¿\"“«("
        sentence_start = word[-1] in _SENTENCE_OPENERS
        parsed.append((word, prefix, core, starts_sentence and not prefix))
    return parsed


def _remove_names(parsed: list[tuple[str, str, str, bool]], *, title: bool) -> tuple[str, float]:
    """The words without numbers and names, and the share of the words with letters that were names."""
    kept: list[str] = []
    words = names = 0
    for word, prefix, core, starts_sentence in parsed:
        if core.islower() and core.isalpha():
            kept.append(word)  # most words: lower-case letters only, no name
            words += 1
            continue
        if core.isalpha():
            letters: Sequence[str] = core
        elif any(ch.isdigit() for ch in core):
            continue
        else:
            letters = [ch for ch in core if ch.isalpha()]
        if not letters:
            kept.append(word)
            continue
        words += 1
        if prefix and _looks_like_name(letters, starts_sentence=False, title=title):
            kept.append(prefix)
            names += 1
            continue
        if _looks_like_name(letters, starts_sentence=starts_sentence, title=title):
            names += 1
            continue
        kept.append(word)
    return " ".join(kept), names / words if words else 0.0


def _is_title_case(parsed: list[tuple[str, str, str, bool]]) -> bool:
    """Whether the words read as a title ("Freedom for All Political Prisoners"), whose capitals say nothing of names.

    A title has common words ("for"); a name of capitalised words only
    ("Samidoun Palestinian Prisoner Solidarity Network") or a list ("James
    Long, Socialist Party, United States") is names, as its capitals say.
    """
    if any(mark in word for word, _, _, _ in parsed for mark in _LIST_MARKS):
        return False
    # Words with capitals to go by, after the first of a sentence, not acronyms.
    cased = [core for _, _, core, starts in parsed if not starts and core[:1].isalpha()
             and core[:1].lower() != core[:1].upper() and not (len(core) >= 2 and core.isupper())]
    if len(cased) < _TITLE_CASE_MIN_WORDS or not any(core.lower() in _WORD_LANGUAGES for core in cased):
        return False
    return sum(core[0].isupper() for core in cased) >= _TITLE_CASE_SHARE * len(cased)


def _looks_like_name(letters: Sequence[str], *, starts_sentence: bool, title: bool = False) -> bool:
    if not any(ch.isupper() or ch.islower() for ch in letters):
        return False  # Arabic, Chinese: no capitals to go by
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True  # an acronym: UN, BDS
    if letters[0].isupper() and not starts_sentence and not title:
        return True  # a name: Gaza, Samidoun
    return any(ch.isupper() for ch in letters[1:])  # baseMjondolo, iPhone


@lru_cache(maxsize=4096)
def _evidence(text: str, plain: str | None = None) -> _Evidence:
    """What ``text`` offers to identify its language; ``plain`` is :func:`strip_markup` of it, when known."""
    # The check, status and build judge each entry once or twice (wrong-language, unchanged): clean once.
    if plain is None:
        plain = strip_markup(text)
    parsed = _parse_words(plain)
    cleaned, names = _remove_names(parsed, title=False)
    # A title keeps its capitalised words: without them "Call for an International Week of Action" is "Call for an".
    read, names = _remove_names(parsed, title=True) if _is_title_case(parsed) else (cleaned, names)
    tokens = tuple(t for t in (w.strip(_TOKEN_PUNCTUATION).lower() for w in read.split()) if t)
    return _Evidence(len(plain), cleaned, read, script_share(read), tokens, names >= _NAMES_SHARE)


def script_share(text: str) -> ScriptShare:
    """Count the letters of ``text`` by writing system (ISO 15924 codes).

    >>> script_share("سلام hello").dominant is None
    True
    >>> script_share("فلسطين حرة").dominant
    'Arab'
    """
    if text.isascii():
        # Latin letters or none: most texts of a Latin-script project, told without naming a character.
        letters = sum(map(str.isalpha, text))
        return ScriptShare(letters, "Latn", {"Latn": 1.0}) if letters else ScriptShare(0, None, {})
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        if ch.isalpha():
            counts[_script_of(ch)] += n
    letters = sum(counts.values())
    if not letters:
        return ScriptShare(0, None, {})
    shares = {script: n / letters for script, n in counts.items()}
    script, top = max(shares.items(), key=lambda item: item[1])
    # Japanese and Korean text mixes systems that all belong to the language.
    for parts in _SCRIPT_PARTS.values():
        if len(parts) > 1 and script in parts and sum(shares.get(p, 0.0) for p in parts) >= DOMINANT_SHARE:
            return ScriptShare(letters, script, shares)
    return ScriptShare(letters, script if top >= DOMINANT_SHARE else None, shares)


def language_scripts(lang: str) -> frozenset[str]:
    """The writing systems a language is normally written in, from CLDR's likely subtags.

    >>> sorted(language_scripts("ar")), sorted(language_scripts("es"))
    (['Arab'], ['Latn'])
    """
    return _language_scripts(_base(lang))


def detect_language(text: str, *, candidates: Sequence[str] | None = None) -> str | None:
    """The language ``text`` is written in, or None to abstain.

    Text of at least :data:`MIN_DETECT_CHARS` characters is identified among
    every language langdetect knows in its writing system (seeded, and only
    when it is sure), with the common words and, in Arabic script, the letters
    of Persian and Urdu as a check on it. Shorter text gets a language only
    from its writing system or its orthography, and only among candidates.

    :param text: a segment, a paragraph or a whole statement (Markdown is fine).
    :param candidates: the plausible languages (a project's languages); when
        given, the answer is one of them, as written there (``pt_BR``), or
        None, also when the text is in another language.
    :returns: a language code, or None when unsure.

    >>> detect_language("Wir laden alle Organisationen ein, diese Erklärung zu unterzeichnen und zu verbreiten.")
    'de'
    >>> detect_language("Wir laden alle Organisationen ein, diese Erklärung zu unterzeichnen und zu verbreiten.",
    ...                 candidates=["en", "es"]) is None
    True
    """
    evidence = _evidence(text)
    share = evidence.share
    if share.letters < MIN_SCRIPT_LETTERS or share.dominant is None:
        return None
    pool = _plausible(candidates, share.dominant) if candidates is not None else None
    if pool is not None and not pool:
        return None
    if evidence.visible < MIN_DETECT_CHARS:
        return _short_text_language(evidence, pool) if pool is not None else None
    guess = _identify(evidence)
    if pool is None:
        return guess.lang
    if guess.lang is None:
        # Nothing stands out, but the writing system may leave one candidate (Arabic script among en, es, fr, ar).
        return _short_text_language(evidence, pool)
    return _spelled_as_candidate(guess.lang, pool)


def is_language(text: str, lang: str, *, candidates: Sequence[str] | None = None,
                plain: str | None = None) -> bool | None:
    """Whether ``text`` is written in ``lang``: True, False, or None to abstain.

    False needs certainty: either the text is in a writing system ``lang`` does
    not use (Latin letters are certainly not Arabic), or the text is long enough
    and langdetect gives ``lang`` next to no chance (see :func:`judge_language`).

    >>> is_language("فلسطين حرة", "es")
    False
    >>> is_language("Viva Palestine!", "es") is None
    True

    :param candidates: the plausible languages; ``lang`` is always among them.
    :param plain: :func:`strip_markup` of ``text``, when the caller has it (the checks do).
    """
    return judge_language(text, lang, candidates=candidates, plain=plain).is_language


def judge_language(text: str, lang: str, *, candidates: Sequence[str] | None = None,
                   plain: str | None = None) -> Judgement:
    """Whether ``text`` is written in ``lang``, which language it is in instead, and whether that is sure.

    * Another writing system: not ``lang``, sure, at any length.
    * Under :data:`MIN_DETECT_CHARS` characters: abstain, unless the writing
      system or orthography decides: Arabic script with a letter only Arabic
      uses and none of Persian or Urdu, when Arabic is the one candidate written
      so; text opening with ¡ or ¿ (not French, not sure; Spanish when Spanish
      is the one candidate that writes them).
    * Otherwise ``lang``'s common words may settle it (most translations, at
      no langdetect cost); then langdetect, over every language of the writing
      system: not ``lang`` when it gives ``lang`` at most
      :data:`MAX_OWN_PROBABILITY` and the common words do not side with
      ``lang``; sure when it is :data:`SURE_PROBABILITY` sure of another
      language, gives ``lang`` at most :data:`SURE_OWN_PROBABILITY`, and the
      common words (in Arabic script, the letters) side with the other one.
      Galician, which langdetect does not know, is told by its words.

    >>> judge_language("Die Versammlung beginnt um zehn Uhr vor dem Rathaus der Stadt.", "es")
    Judgement(is_language=False, found='de', sure=True)

    :param candidates: the project's languages: the answer's spelling
        (``pt_BR``) and, for short text, the plausible languages.
    :param plain: :func:`strip_markup` of ``text``, when the caller has it (the checks do).
    """
    evidence = _evidence(text, plain)
    share = evidence.share
    if share.letters < MIN_SCRIPT_LETTERS:
        return _ABSTAIN
    pool = list(dict.fromkeys(candidates)) if candidates is not None else []
    if lang not in pool:
        pool.append(lang)
    scripts = language_scripts(lang)
    own_share = sum(share.shares.get(s, 0.0) for s in scripts)
    if share.dominant is not None and share.dominant not in scripts and own_share < 1 - DOMINANT_SHARE:
        others = [c for c in pool if _base(c) != _base(lang)]
        return Judgement(False, _name_other_script(evidence, others), sure=True)
    if share.dominant is None or share.dominant not in scripts:
        return _ABSTAIN  # mixed writing systems: a name in another script, a quotation
    plausible = _plausible(pool, share.dominant)
    if evidence.visible < MIN_DETECT_CHARS:
        if _base(lang) not in _INVERTED_MARK_LANGS and _opens_with_inverted_mark(evidence.text):
            return Judgement(False, _inverted_mark_language(evidence.text, plausible))  # "¡No pasarán!": not French
        found = _short_text_language(evidence, plausible)
        if found is None:
            return _ABSTAIN
        same = _base(found) == _base(lang)
        return Judgement(same, None if same else found)
    base = _base(lang)
    if _word_vote(evidence.tokens, share.dominant, only=base, min_own=_MIN_OWN_WORDS_TO_CONFIRM) == base \
            and _letters_allow(evidence, base):
        return Judgement(True)  # most translations: settled without langdetect
    return _judge_by_langdetect(evidence, lang, pool)


def _judge_by_langdetect(evidence: _Evidence, lang: str, pool: Sequence[str]) -> Judgement:
    base = _base(lang)
    guess = _identify(evidence)
    if guess.lang == base:
        return Judgement(True)
    probabilities = guess.probabilities
    if guess.vote == base or not probabilities:
        return _ABSTAIN  # the common words say it is the language, langdetect does not: no verdict
    found = _spelled_as_candidate(guess.lang, pool) or guess.lang if guess.lang is not None else None
    top, top_probability = max(probabilities.items(), key=lambda item: item[1])
    unknown = _unknown_language_words(evidence.tokens, base)
    if unknown is not None and top in _STAND_INS[unknown] and guess.lang in (None, unknown):
        # The common words of a language langdetect does not know, which it takes for this one or a
        # neighbour (Galician for Spanish or Portuguese): not this one, and not sure.
        return Judgement(False, unknown if guess.lang == unknown else None)
    if top == base:
        return _ABSTAIN  # langdetect takes the text for this language, not surely enough
    if _profile_name(lang) is None:
        # langdetect does not know the language (Galician, Basque): it cannot say the text is not in it,
        # except when the common words name another language and langdetect agrees (Spanish words
        # beating Galician ones are Spanish, even though langdetect takes Galician for Spanish too).
        if guess.lang is not None and guess.vote == guess.lang:
            return Judgement(False, found)
        return _ABSTAIN
    own = probabilities.get(base, 0.0)
    if own > MAX_OWN_PROBABILITY or _words_side_with(evidence.tokens, base, top) or not _letters_allow(evidence, top):
        return _ABSTAIN
    # The common words (or, in Arabic script, the letters) side with langdetect's language.
    seconded = (guess.vote == top or _words_side_with(evidence.tokens, top, base)
                or (evidence.share.dominant == "Arab" and _arabic_letters(evidence.text) == top))
    if len(evidence.text) < MIN_DETECT_CHARS and not seconded:
        return _ABSTAIN  # under 30 characters once names are gone, langdetect alone is no verdict
    sure = (guess.lang == top and top_probability >= SURE_PROBABILITY and own <= SURE_OWN_PROBABILITY
            and (seconded or (top not in _FUNCTION_WORDS and _own_words_share(evidence.tokens, base) < _OWN_WORDS_SHARE)))
    return Judgement(False, found, sure=sure)


def _identify(evidence: _Evidence) -> _Guess:
    """The language of text long enough to identify: langdetect over the writing system, checked by words and letters."""
    script = evidence.share.dominant
    if script is None:
        return _Guess(None, 0.0, {}, None)
    vote = _word_vote(evidence.tokens, script)
    profiles = _script_profiles(script)
    if len(profiles) == 1:
        [only] = profiles
        return _Guess(_base(only), 1.0, {_base(only): 1.0}, vote)  # Greek, Thai, Hebrew: one language langdetect knows
    if len(evidence.text) < (MIN_DETECT_CHARS if evidence.mostly_names else MIN_LANGDETECT_CHARS) or not profiles:
        return _Guess(None, 0.0, {}, vote)  # the words alone make no verdict
    probabilities = _langdetect(evidence.text, profiles)
    if not probabilities:
        return _Guess(None, 0.0, {}, vote)
    top, probability = max(probabilities.items(), key=lambda item: item[1])
    threshold = MIN_PROBABILITY_SHORT if len(evidence.text) < SHORT_TEXT_CHARS else MIN_PROBABILITY
    # The common words agreeing with langdetect make up for a lower probability.
    lang: str | None = top if probability >= threshold or (vote == top and probability >= 0.5) else None
    if vote is not None and vote != top:
        # The common words name another language: a language langdetect does not know (Galician
        # read as Spanish or Portuguese), or a contradiction to abstain on.
        lang = vote if top in _STAND_INS.get(vote, ()) else None
    elif _unknown_language_words(evidence.tokens, top):
        lang = None  # Galician's own words, where langdetect can only say Spanish or Portuguese
    if lang is not None and not _letters_allow(evidence, lang):
        lang = None
    return _Guess(lang, probability, probabilities, vote)


def _short_text_language(evidence: _Evidence, pool: Sequence[str] | None) -> str | None:
    """The language short text is in when its writing system or orthography decides, among the candidates."""
    if not pool:
        return None
    marked = _inverted_mark_language(evidence.text, pool)
    if marked is not None:
        return marked
    if len(pool) != 1:
        return None
    [only] = pool
    script = evidence.share.dominant
    if script == "Arab":
        return only if _arabic_letters(evidence.text) == _base(only) else None
    # A writing system only one language langdetect knows is written in (Greek, Thai); not Latin or Cyrillic.
    return only if script is not None and len(_script_profiles(script)) <= 1 else None


def _name_other_script(evidence: _Evidence, others: Sequence[str]) -> str | None:
    """Which language text in a writing system the catalog's language does not use is in, if that can be said."""
    script = evidence.share.dominant
    if script is None:
        return None
    if evidence.visible >= MIN_DETECT_CHARS and not evidence.mostly_names:
        guess = _identify(evidence)
        if guess.lang is not None:
            return _spelled_as_candidate(guess.lang, others) or guess.lang
    # Only a name: the one candidate written this way, unless the letters rule it out.
    plausible = _plausible(others, script)
    if len(plausible) == 1 and _letters_allow(evidence, _base(plausible[0])):
        return plausible[0]
    return _short_text_language(evidence, plausible)


def _spelled_as_candidate(base: str, candidates: Sequence[str]) -> str | None:
    """``base`` as the candidates spell it (``pt`` as ``pt_BR``), or None when no candidate is that language."""
    return next((c for c in candidates if _base(c) == base), None) if candidates else None


def _word_vote(tokens: Sequence[str], script: str | None, *, min_words: int = _MIN_SEGMENT_VOTING_WORDS,
               only: str | None = None, min_own: int = _MIN_OWN_WORDS) -> str | None:
    """The language whose common words the text is full of, far more than of any other listed language's.

    Close languages share many of their common words (de, que, en, para), so
    each pair is compared on the words only one of the two uses: Spanish
    "los", "y", "el" against Portuguese "os", "e", "o", "não".

    :param only: the one language to consider (whether the text votes for it).
    """
    if len(tokens) < min_words:
        return None
    sets: Counter[frozenset[str]] = Counter(_WORD_LANGUAGES[t] for t in tokens if t in _WORD_LANGUAGES)
    listed = [lang for lang in _FUNCTION_WORDS if script is None or script in _language_scripts(lang)]
    for lang in listed if only is None else [only] if only in listed else []:
        if sum(n for langs, n in sets.items() if lang in langs) < 2 * _OWN_WORDS_SHARE * len(tokens):
            continue
        if all(_beats(sets, lang, other, min_own) for other in listed if other != lang):
            return lang
    return None


def _beats(sets: Counter[frozenset[str]], lang: str, other: str, min_own: int = _MIN_OWN_WORDS) -> bool:
    mine = sum(n for langs, n in sets.items() if lang in langs and other not in langs)
    theirs = sum(n for langs, n in sets.items() if other in langs and lang not in langs)
    return mine >= min_own and mine >= _OWN_WORDS_RATIO * theirs


def _words_side_with(tokens: Sequence[str], lang: str, other: str) -> bool:
    """Whether the text uses more of ``lang``'s own common words than of ``other``'s (False when either has no list)."""
    if lang not in _FUNCTION_WORDS or other not in _FUNCTION_WORDS:
        return False
    sets: Counter[frozenset[str]] = Counter(_WORD_LANGUAGES[t] for t in tokens if t in _WORD_LANGUAGES)
    mine = sum(n for langs, n in sets.items() if lang in langs and other not in langs)
    theirs = sum(n for langs, n in sets.items() if other in langs and lang not in langs)
    return mine > theirs


def _unknown_language_words(tokens: Sequence[str], lang: str) -> str | None:
    """The language without a langdetect profile whose common words the text uses far more than ``lang``'s.

    Only for the languages langdetect takes it for: Galician text comes out of
    langdetect as Spanish or Portuguese, and only its words tell.
    """
    if len(tokens) < _MIN_SEGMENT_VOTING_WORDS:
        return None
    for unknown, stand_ins in _STAND_INS.items():
        if lang in stand_ins and _own_words_share(tokens, unknown) >= 2 * _OWN_WORDS_SHARE:
            sets: Counter[frozenset[str]] = Counter(_WORD_LANGUAGES[t] for t in tokens if t in _WORD_LANGUAGES)
            if _beats(sets, unknown, lang):
                return unknown
    return None


def _own_words_share(tokens: Sequence[str], lang: str) -> float:
    words = _FUNCTION_WORDS.get(lang)
    return sum(map(words.__contains__, tokens)) / len(tokens) if words and tokens else 0.0


def _arabic_letters(text: str) -> str | None:
    """What the letters of Arabic-script text say: ``ar``, ``fa``, ``ur``, or None when they do not tell.

    >>> _arabic_letters("الحرية لجميع المعتقلين"), _arabic_letters("آزادی برای همه"), _arabic_letters("سب کے لیے آزادی")
    ('ar', 'fa', 'ur')
    """
    persian_urdu = sum(ch in _PERSIAN_URDU_LETTERS for ch in text)
    urdu = sum(ch in _URDU_LETTERS for ch in text)
    arabic = sum(ch in _ARABIC_ONLY_LETTERS for ch in text)
    if arabic and not persian_urdu and not urdu:
        return "ar"
    if (persian_urdu or urdu) and not arabic:
        return "ur" if urdu else "fa"
    return None


def _letters_allow(evidence: _Evidence, lang: str) -> bool:
    """Whether the letters of Arabic-script text do not rule ``lang`` out (Persian letters rule out Arabic)."""
    if evidence.share.dominant != "Arab":
        return True
    said = _arabic_letters(evidence.text)
    if said is None:
        if any(ch in _PERSIAN_URDU_LETTERS or ch in _URDU_LETTERS for ch in evidence.text):
            return True  # both kinds: Persian typed with Arabic letters, or a quotation; the letters do not tell
        return lang not in ("fa", "ur")  # no Persian or Urdu letter at all: not Persian or Urdu
    if said == "ar":
        return lang not in ("fa", "ur")
    # Persian or Urdu letters: not Arabic; Urdu's own letters rule out Persian, their absence is no proof of it.
    return lang != "ar" and not (said == "ur" and lang == "fa")


def statement_language(text: str, *, candidates: Sequence[str] | None = None) -> str | None:
    """The language a whole statement is written in (an ISO 639 code), or None when unsure.

    Used by extract to compare with the configured source language, so it
    must be cheap: it reads the start of the statement, and when the most
    frequent words of one language clearly dominate (a long text in a language
    is a third made of them) that language is the answer without langdetect
    (about 1 ms). Otherwise langdetect reads the first 400 characters: a few
    milliseconds over the languages of its writing system.

    :param candidates: the plausible languages (the project's source and
        target languages); the answer is then one of them or None.

    >>> statement_language("We call on all the peoples of the world to stand with the workers "
    ...                    "and the students who are on strike, and to send their support to the unions. " * 3)
    'en'
    """
    sample = text[:_STATEMENT_SAMPLE_CHARS]
    verdict = _function_word_verdict(sample)
    if verdict is not None and (candidates is None or verdict in {_base(c) for c in candidates}):
        if candidates is None:
            return verdict
        return next(c for c in candidates if _base(c) == verdict)
    return detect_language(sample[:_SEGMENT_DETECT_CHARS], candidates=candidates)


def _function_word_verdict(text: str) -> str | None:
    # Plain tokens are enough here: names, URLs and markup only dilute every language alike.
    tokens = [t.strip(_TOKEN_PUNCTUATION).lower() for t in text.split()]
    return _word_vote([t for t in tokens if t], None, min_words=_MIN_VOTING_WORDS)


def foreign_segments(segments: list[Segment], statement_lang: str) -> set[int]:
    """Indexes of the segments clearly written in another language than the statement.

    Conservative: a segment counts only when its letters are mostly in a
    writing system the statement's language does not use (an Arabic
    organization name in an English list), when it opens with Spanish inverted
    marks in a statement that is not Spanish, or when it is long, has almost
    none of the statement language's common words, and langdetect is sure.
    A signatory line counts only when it is in another writing system country
    included, since a country the statement can read is localized.

    Cheap on ordinary segments (extract runs this on every statement): text in
    the statement's own script with its common words never reaches langdetect.
    """
    scripts = language_scripts(statement_lang)
    function_words = _FUNCTION_WORDS.get(_base(statement_lang))
    # A segment short of common words stands out only if the statement as a
    # whole is full of them; otherwise (a word list, a language without a
    # list) the gate tells nothing and langdetect is not asked at all.
    prose = " ".join(s.text for s in segments if not s.is_signatory)[:_STATEMENT_SAMPLE_CHARS]
    if function_words is not None and _function_word_verdict(prose) != _base(statement_lang):
        function_words = None
    budget = [MAX_LANGDETECT_PER_STATEMENT]
    latin_statement = scripts == {"Latn"}
    found: set[int] = set()
    for index, segment in enumerate(segments):
        text = segment.text
        if latin_statement and (text.isascii() or (not _NOT_LATIN_RE.search(text) and "¡" not in text
                                                   and "¿" not in text)):
            # Latin letters only: foreign only if long and without the statement's common words.
            if segment.is_signatory or function_words is None or len(text) < 2 * MIN_DETECT_CHARS:
                continue
            if _function_word_share(text, function_words) >= _OWN_WORDS_SHARE:
                continue
        if _is_foreign(segment, statement_lang, scripts, function_words, budget):
            found.add(index)
    return found


def _is_foreign(segment: Segment, statement_lang: str, scripts: frozenset[str],
                function_words: frozenset[str] | None, budget: list[int]) -> bool:
    if segment.is_signatory:
        text = strip_markup(segment.text)
        share = script_share(text)
        if share.letters < MIN_SCRIPT_LETTERS or share.dominant is None or share.dominant in scripts:
            return False
        # "Name, Organization, Country": a country the statement's readers can read gets localized.
        country = re.split(r"[,،]", text)[-1] if re.search(r"[,،]", text) else ""
        return not any(ch.isalpha() and _script_of(ch) in scripts for ch in country)
    cleaned = clean_for_detection(segment.text)
    share = script_share(cleaned)
    if share.letters < MIN_SCRIPT_LETTERS:
        return False
    if share.dominant is not None and share.dominant not in scripts:
        return True
    if share.dominant is None:
        return False  # mixed writing systems: a quotation or a name inside a sentence
    if (_base(statement_lang) not in _INVERTED_MARK_LANGS and len(cleaned) < 2 * MIN_DETECT_CHARS
            and _opens_with_inverted_mark(cleaned)):
        return True  # a slogan: "¡No pasarán!"
    if function_words is None or _function_word_share(cleaned, function_words) >= _OWN_WORDS_SHARE:
        return False
    if budget[0] <= 0:
        return False  # bounded cost per statement: past the budget, abstain
    budget[0] -= 1
    return _confident_other_language(cleaned[:_SEGMENT_DETECT_CHARS], statement_lang, share.dominant)


def _function_word_share(text: str, words: frozenset[str]) -> float:
    # The first few hundred characters tell as well as the whole paragraph, at a bounded cost.
    tokens = text[:_SAMPLE_CHARS].lower().split()
    return sum(map(words.__contains__, tokens)) / len(tokens) if tokens else 0.0


def _confident_other_language(cleaned: str, statement_lang: str, script: str) -> bool:
    # langdetect over the writing system's languages, held to a high bar: a long segment it is sure is
    # another language, and gives the statement's language no chance at all.
    profiles = _script_profiles(script)
    if len(cleaned) < 2 * MIN_DETECT_CHARS or len(profiles) < 2:
        return False
    probabilities = _langdetect(cleaned, profiles)
    if not probabilities:
        return False
    best, probability = max(probabilities.items(), key=lambda item: item[1])
    own = probabilities.get(_base(statement_lang), 0.0)
    return best != _base(statement_lang) and probability >= 0.99 and own < 0.01


@lru_cache(maxsize=2048)
def _langdetect(cleaned: str, profiles: frozenset[str]) -> Mapping[str, float]:
    """langdetect's probabilities among ``profiles``, by base code (``zh`` adds up zh-cn and zh-tw).

    langdetect's own algorithm (``Detector._detect_block``), seeded alike and
    with the same arithmetic in the same order: seven trials, each multiplying
    the languages' probabilities by those of n-grams drawn at random from the
    text, normalizing every five draws, until one language passes 0.99999.
    Two things differ, neither in the result: the five multiplications between
    two normalizations are done in one pass over the languages, and within a
    trial a language that has fallen below 1e-30 of the total is no longer
    updated (it cannot come back before the trial ends; its share stays under
    1e-29). Languages under langdetect's 0.1 reporting cut are kept.
    """
    factory = _factory(profiles)
    detector = factory.create()
    detector.set_max_text_length(MAX_DETECT_CHARS)
    detector.append(cleaned)
    detector.cleaning_text()
    table = factory.word_lang_prob_map
    rows = _ngram_rows(detector.text, table)
    if not rows:
        return {}
    langs: list[str] = factory.langlist
    count = len(langs)
    generator = random.Random()
    generator.seed(factory.seed)
    # random.Random.choice(rows) is rows[self._randbelow(len(rows))], and _randbelow draws
    # n.bit_length() bits until they make a number below n: the same draws, five at a time.
    getrandbits, size = generator.getrandbits, len(rows)
    bits = size.bit_length()

    def draw(n: int) -> list[list[float]]:
        drawn = [rows[r] for r in [getrandbits(bits) for _ in range(n)] if r < size]
        while len(drawn) < n:
            r = getrandbits(bits)
            if r < size:
                drawn.append(rows[r])
        return drawn

    start = [1.0 / count] * count
    totals = [0.0] * count
    for _ in range(_N_TRIAL):
        w = (_ALPHA + generator.gauss(0.0, 1.0) * _ALPHA_WIDTH) / _BASE_FREQ
        alive: list[int] | None = None  # every language
        [a] = draw(1)
        prob = [p * (w + x) for p, x in zip(start, a, strict=True)]
        step = 0
        while True:
            # Normalized, prob would be [p / total for p in prob]: the division is done in the next pass.
            total = sum(prob)
            if max(prob) / total > _CONVERGENCE or step >= _ITERATION_LIMIT:
                break
            if min(prob) / total < _HOPELESS:
                kept = [k for k, p in enumerate(prob) if p / total >= _HOPELESS]
                alive = [(alive[k] if alive is not None else k) for k in kept]
                prob = [prob[k] for k in kept]
            a, b, c, d, e = draw(5)
            if alive is None:
                prob = [p / total * (w + ai) * (w + bi) * (w + ci) * (w + di) * (w + ei)
                        for p, ai, bi, ci, di, ei in zip(prob, a, b, c, d, e, strict=True)]
            else:
                prob = [p / total * (w + a[j]) * (w + b[j]) * (w + c[j]) * (w + d[j]) * (w + e[j])
                        for p, j in zip(prob, alive, strict=True)]
            step += 5
        for j, p in zip(alive if alive is not None else range(count), prob, strict=True):
            totals[j] += p / total / _N_TRIAL
    result: dict[str, float] = {}
    for name, p in zip(_bases(factory), totals, strict=True):
        if p > 0.0:
            result[name] = result.get(name, 0.0) + p
    return result


@lru_cache(maxsize=16)
def _bases(factory: Any) -> list[str]:
    """The base code of each of the factory's languages, in its order."""
    return [_base(name) for name in factory.langlist]


def _ngrams(text: str, table: Mapping[str, Any]) -> list[str]:
    """The 1- to 3-grams of ``text`` that langdetect's profiles know, in order: ``Detector._extract_ngrams``.

    The same walk as langdetect's ``NGram.add_char`` (a word in capitals is
    skipped, a space ends a word), with each character's normalization cached.
    The walk starts afresh after each space, so each word's n-grams (with the
    space after it) are the same wherever it stands: they are walked once per
    word and profile set (texts share most of their words).

    >>> _ngrams("la UN, Paris", {"l": 0, "la": 0, "a ": 0, " P": 0, "Pa": 0, "ari": 0, "s": 0, "UN": 0})
    ['l', 'la', 'a ', ' P', 'Pa', 'ari', 's']
    """
    result: list[str] = []
    for grams, _ in _word_ngrams(text, table):
        result += grams
    return result


def _ngram_rows(text: str, table: Mapping[str, list[float]]) -> list[list[float]]:
    """The profiles' row (a probability per language) of each n-gram of :func:`_ngrams`, in order."""
    result: list[list[float]] = []
    for _, rows in _word_ngrams(text, table):
        result += rows
    return result


def _word_ngrams(text: str, table: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], tuple[Any, ...]]]:
    """The n-grams of each word of ``text``, with their rows in ``table``."""
    cache = _word_ngram_cache(table)
    words = "".join(map(_normalized, text)).split(" ")
    last = len(words) - 1
    for at, word in enumerate(words):
        if not word:
            continue  # a run of spaces: langdetect's walk skips the second one
        key = word + " " if at < last else word
        found = cache.get(key)
        if found is None:
            grams = _walk_ngrams(key, table)
            found = cache[key] = (grams, tuple(table[gram] for gram in grams))
        yield found


def _walk_ngrams(word: str, table: Mapping[str, Any]) -> tuple[str, ...]:
    """langdetect's n-gram walk over one normalized word (and the space after it), from a fresh start."""
    result: list[str] = []
    grams = " "
    capital_word = False
    for ch in word:
        last = grams[-1]
        if len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital_word = True
        else:
            capital_word = False
        if capital_word:
            continue
        if ch != " " and ch in table:
            result.append(ch)
        if len(grams) >= 2:
            if grams[-2:] in table:
                result.append(grams[-2:])
            if len(grams) >= 3 and grams in table:
                result.append(grams)
    return tuple(result)


# Each profile set's n-grams by word (see _ngrams), with the table they were looked up in.
_WORD_NGRAMS: dict[int, tuple[Mapping[str, Any], dict[str, tuple[tuple[str, ...], tuple[Any, ...]]]]] = {}
_MAX_CACHED_WORDS = 50_000  # a project's vocabulary; past it the cache starts afresh (memory stays bounded)


def _word_ngram_cache(table: Mapping[str, Any]) -> dict[str, tuple[tuple[str, ...], tuple[Any, ...]]]:
    held = _WORD_NGRAMS.get(id(table))
    if held is None or held[0] is not table or len(held[1]) > _MAX_CACHED_WORDS:
        held = _WORD_NGRAMS[id(table)] = (table, {})
    return held[1]


@lru_cache(maxsize=8192)
def _normalized(ch: str) -> str:
    return str(NGram.normalize(ch))


def _plausible(candidates: Sequence[str], script: str) -> list[str]:
    return [code for code in dict.fromkeys(candidates) if script in language_scripts(code)]


def _inverted_mark_language(cleaned: str, pool: Sequence[str]) -> str | None:
    """Spanish, for short text that opens with ¡ or ¿, when it is the one candidate that writes them.

    Galician and Asturian write them too, and Spanish is always a plausible
    language (it needs no candidate): the marks make Galician no surer than Spanish.
    Only short text: a long paragraph may quote a Spanish slogan and be in another language.
    """
    users = [code for code in pool if _base(code) in _INVERTED_MARK_LANGS]
    if len(users) == 1 and _base(users[0]) == "es" and len(cleaned) < MIN_DETECT_CHARS \
            and _opens_with_inverted_mark(cleaned):
        return users[0]
    return None


def _opens_with_inverted_mark(cleaned: str) -> bool:
    # "¡Viva Palestina libre!" and "¿Hasta cuándo?": the text opens with the mark and a word.
    return re.match(r"[\s\"'“«(]*[¡¿]\s*[^\W\d_]", cleaned) is not None


@lru_cache(maxsize=16)
def _factory(profiles: frozenset[str]) -> Any:
    """A langdetect factory with the profiles named (loaded once: the whole set takes about half a second)."""
    factory = DetectorFactory()
    folder = Path(PROFILES_DIRECTORY)
    factory.load_json_profile([(folder / name).read_text(encoding="utf-8") for name in sorted(profiles)])
    return factory


@lru_cache(maxsize=1)
def _profile_names() -> frozenset[str]:
    return frozenset(p.name for p in Path(PROFILES_DIRECTORY).iterdir() if not p.name.startswith("."))


@cache
def _script_profiles(script: str) -> frozenset[str]:
    """The langdetect profiles of the languages written in ``script`` (31 for Latin, ar fa ur for Arabic)."""
    return frozenset(name for name in _profile_names() if script in _language_scripts(_base(name)))


def _profile_name(code: str) -> str | None:
    base = _base(code)
    if base == "zh":
        return "zh-tw" if "Hant" in code or code.endswith(("TW", "HK", "MO")) else "zh-cn"
    return base if base in _profile_names() else None


def _base(code: str) -> str:
    return code.replace("-", "_").split("_")[0].lower()


@cache
def _language_scripts(base: str) -> frozenset[str]:
    likely = get_global("likely_subtags").get(base)
    if not likely:
        return frozenset()
    parts = str(likely).split("_")
    script = parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None
    if script is None:
        return frozenset()
    return frozenset(_SCRIPT_PARTS.get(script, {script}))


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "Zyyy"
    return _UNICODE_NAME_TO_SCRIPT.get(first, first.title()[:4])
