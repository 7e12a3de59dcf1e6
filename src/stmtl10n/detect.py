"""Language identification that abstains rather than guesses: writing systems first, then seeded langdetect."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel.core import get_global
from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import PROFILES_DIRECTORY

from stmtl10n.formats.markdown import markdown_parser
from stmtl10n.model import Segment
from stmtl10n.patterns import EMAIL_RE, HANDLE_RE, HASHTAG_RE, remove_urls

# langdetect is random on short text unless seeded (its README): same text, same verdict.
DetectorFactory.seed = 0

#: Below this many characters of cleaned text langdetect is not asked at all:
#: on headings and slogans it guesses ("Viva Palestine!" comes out as Estonian).
MIN_DETECT_CHARS = 30
#: langdetect reads at most this much of a long text (a whole statement): plenty to decide.
MAX_DETECT_CHARS = 2000
#: langdetect must be this sure (among the plausible languages) for a verdict.
MIN_PROBABILITY = 0.95
#: Short-but-not-tiny text must be surer still.
MIN_PROBABILITY_SHORT = 0.995
SHORT_TEXT_CHARS = 80
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

_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]")
_WORD_RE = re.compile(r"\S+")
_ELISION_RE = re.compile(r"([a-zA-Z]{1,2}['’])(?=\w)")
# Characters after which the next word starts a sentence, so its capital says nothing about names.
_SENTENCE_OPENERS = set(".!?:;¡¿\"“”«»„(\u061f\u06d4-–—")

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
# langdetect at extract time: on this much text, at most this many segments per statement.
_SEGMENT_DETECT_CHARS = 400
MAX_LANGDETECT_PER_STATEMENT = 8
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with are on as by this be was were from it their its our we they "
                    "have has not all which will who an at or".split()),
    "es": frozenset("de la el que y en los las del por con para una un se su sus es no al como más lo este esta "
                    "nuestro nuestra".split()),
    "fr": frozenset("de la le les et des du en un une est que qui dans pour par sur au aux pas ne nous sont leur "
                    "leurs ce cette avec il elle".split()),
    "de": frozenset("der die das und in zu den von mit ist des sich nicht auf für ein eine dem wir sie auch es an "
                    "werden bei".split()),
    "pt": frozenset("de a o que e do da em um para com não uma os no se na por mais as dos como mas ao das nos sua "
                    "seu".split()),
    "it": frozenset("di e il la che in a per un è non una del della le con i si sono dei gli al da alla come "
                    "nel".split()),
    "ar": frozenset("في من على إلى أن عن مع التي الذي الذين هذا هذه كان لا ما هو هي كل بين قد ثم أو".split()),
}


@dataclass(frozen=True, slots=True)
class ScriptShare:
    """How the letters of a text split between writing systems."""

    letters: int
    dominant: str | None  # ISO 15924 code, or None when mixed or letterless
    shares: dict[str, float]


def strip_markup(text: str) -> str:
    """The words a reader sees: inline Markdown, URLs, e-mail addresses, handles, hashtags, footnote marks removed.

    >>> strip_markup("Read [the call](https://example.org/call) on **29 November**")
    'Read the call on 29 November'
    """
    parts: list[str] = []
    for block in markdown_parser().parseInline(text):
        for child in block.children or ():
            # Text and link text stay; code, HTML, images and line breaks become spaces.
            parts.append(child.content if child.type in ("text", "text_special") else " ")
        parts.append(" ")  # an inline footnote's text comes last, as a block of its own
    plain = remove_urls("".join(parts))
    plain = EMAIL_RE.sub(" ", plain)
    plain = _FOOTNOTE_RE.sub(" ", plain)
    plain = HANDLE_RE.sub(" ", plain)
    plain = HASHTAG_RE.sub(" ", plain)
    return " ".join(plain.split())


def clean_for_detection(text: str) -> str:
    """Markup, URLs, numbers and name-looking words removed: what says which language a text is in.

    A capitalised word that does not start a sentence, or a word in capitals,
    is most likely a name or an acronym, and names travel between languages.

    >>> clean_for_detection("On 29 November the UN met in New York with BDS activists.")
    'On the met in with activists.'
    """
    words = _WORD_RE.findall(strip_markup(text))
    kept: list[str] = []
    sentence_start = True
    for word in words:
        core = word.strip("\"'“”‘’«»()[]{}¡¿!?.,;:…-–—")
        elided = _ELISION_RE.match(core)
        if elided:  # l’État, d’Israël: the article is language, the rest may be a name
            prefix, core = elided.group(1), core[elided.end():]
        else:
            prefix = ""
        letters = [ch for ch in core if ch.isalpha()]
        starts_sentence = sentence_start
        sentence_start = word[-1] in _SENTENCE_OPENERS if word else False
        if word[0] in "¡¿\"“«(":
            starts_sentence = True
        if any(ch.isdigit() for ch in core):
            continue
        if not letters:
            kept.append(word)
            continue
        if prefix and _looks_like_name(letters, starts_sentence=False):
            kept.append(prefix)
            continue
        if _looks_like_name(letters, starts_sentence=starts_sentence and not prefix):
            continue
        kept.append(word)
    return " ".join(kept)


def _looks_like_name(letters: list[str], *, starts_sentence: bool) -> bool:
    if not any(ch.isupper() or ch.islower() for ch in letters):
        return False  # Arabic, Chinese: no capitals to go by
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True  # an acronym: UN, BDS
    if letters[0].isupper() and not starts_sentence:
        return True  # a name: Gaza, Samidoun
    return any(ch.isupper() for ch in letters[1:])  # baseMjondolo, iPhone


def script_share(text: str) -> ScriptShare:
    """Count the letters of ``text`` by writing system (ISO 15924 codes).

    >>> script_share("سلام hello").dominant is None
    True
    >>> script_share("فلسطين حرة").dominant
    'Arab'
    """
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[_script_of(ch)] += 1
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

    The writing system decides when only one plausible language uses it
    (Arabic script among en, es, fr, ar). Otherwise seeded langdetect decides,
    restricted to the candidates, only on text of at least
    :data:`MIN_DETECT_CHARS` characters once markup, URLs, numbers and names are
    removed, and only when it is sure.

    :param text: a segment, a paragraph or a whole statement (Markdown is fine).
    :param candidates: the plausible languages (a project's languages); when
        given, the answer is one of them, as written there (``pt_BR``).
    :returns: a language code, or None when unsure.
    """
    cleaned = clean_for_detection(text)
    share = script_share(cleaned)
    if share.letters < MIN_SCRIPT_LETTERS or share.dominant is None:
        return None
    pool = _plausible(candidates, share.dominant) if candidates is not None else None
    if pool is not None:
        if not pool:
            return None
        if len(pool) == 1:
            return pool[0]
        marked = _inverted_mark_language(cleaned, pool)
        if marked is not None:
            return marked
    probabilities = _probabilities(cleaned, pool)
    if not probabilities:
        return None
    best, probability = max(probabilities.items(), key=lambda item: item[1])
    return best if probability >= _threshold(cleaned) else None


def is_language(text: str, lang: str, *, candidates: Sequence[str] | None = None) -> bool | None:
    """Whether ``text`` is written in ``lang``: True, False, or None to abstain.

    False needs certainty: either the text is in a writing system ``lang`` does
    not use (Latin letters are certainly not Arabic), or the text is long enough
    and langdetect is sure it is another plausible language.

    >>> is_language("فلسطين حرة", "es")
    False
    >>> is_language("Viva Palestine!", "es") is None
    True

    :param candidates: the plausible languages; ``lang`` is always among them.
    """
    cleaned = clean_for_detection(text)
    share = script_share(cleaned)
    if share.letters < MIN_SCRIPT_LETTERS:
        return None
    scripts = language_scripts(lang)
    own_share = sum(share.shares.get(s, 0.0) for s in scripts)
    if share.dominant is not None and share.dominant not in scripts and own_share < 1 - DOMINANT_SHARE:
        return False
    if share.dominant is None or share.dominant not in scripts:
        return None  # mixed writing systems: a name in another script, a quotation
    pool = list(candidates) if candidates is not None else []
    if candidates is not None and lang not in pool:
        pool.append(lang)
    if candidates is not None:
        plausible = _plausible(pool, share.dominant)
        if len(plausible) == 1:
            return True  # the only plausible language written this way
        marked = _inverted_mark_language(cleaned, plausible)
        if marked is not None:
            return marked == lang
        if _common_words_confirm(cleaned, lang, plausible):
            return True  # most translations: settled without langdetect
        verdict = detect_language(text, candidates=plausible)
    else:
        verdict = detect_language(text)
    if verdict is None:
        return None
    return _base(verdict) == _base(lang)


def statement_language(text: str, *, candidates: Sequence[str] | None = None) -> str | None:
    """The language a whole statement is written in (an ISO 639 code), or None when unsure.

    Used by extract to compare with the configured source language, so it
    must be cheap: it reads the start of the statement, and when the most
    frequent words of one language clearly dominate (a long text in a language
    is a third made of them) that language is the answer without langdetect
    (about 1 ms). Otherwise langdetect reads the first 400 characters: about
    20-35 ms over all its languages, 5-7 ms restricted to ``candidates``.

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
    tokens = [t.strip(".,;:!?¡¿\"'“”‘’«»()[]*_`#>-").lower() for t in text.split()]
    tokens = [t for t in tokens if t]
    if len(tokens) < _MIN_VOTING_WORDS:
        return None
    shares = sorted(((sum(map(words.__contains__, tokens)) / len(tokens), lang)
                     for lang, words in _FUNCTION_WORDS.items()), reverse=True)
    (best, lang), (second, _) = shares[0], shares[1]
    return lang if best >= 2 * _OWN_WORDS_SHARE and best >= 2 * second else None


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
    return _confident_other_language(cleaned[:_SEGMENT_DETECT_CHARS], statement_lang)


def _function_word_share(text: str, words: frozenset[str]) -> float:
    # The first few hundred characters tell as well as the whole paragraph, at a bounded cost.
    tokens = text[:_SAMPLE_CHARS].lower().split()
    return sum(map(words.__contains__, tokens)) / len(tokens) if tokens else 0.0


def _confident_other_language(cleaned: str, statement_lang: str) -> bool:
    # Unrestricted langdetect, held to a high bar: a long segment it is sure is
    # another language, and gives the statement's language no chance at all.
    if len(cleaned) < 2 * MIN_DETECT_CHARS:
        return False
    probabilities = _probabilities(cleaned, None)
    if not probabilities:
        return False
    best, probability = max(probabilities.items(), key=lambda item: item[1])
    own = probabilities.get(_base(statement_lang), 0.0)
    return best != _base(statement_lang) and probability >= 0.99 and own < 0.01


def _threshold(cleaned: str) -> float:
    return MIN_PROBABILITY_SHORT if len(cleaned) < SHORT_TEXT_CHARS else MIN_PROBABILITY


def _probabilities(cleaned: str, pool: Sequence[str] | None) -> dict[str, float]:
    """langdetect's probabilities, keyed by the candidate codes; empty when it cannot decide."""
    if len(cleaned) < MIN_DETECT_CHARS:
        return {}
    by_profile: dict[str, str] = {}
    if pool is not None:
        for code in pool:
            profile = _profile_name(code)
            if profile is not None:
                by_profile.setdefault(profile, code)
        if len(by_profile) < 2:
            return {}  # langdetect cannot tell pt_BR from pt_PT, nor choose among one
    # A detector that knows only the candidates: the same ranking as a prior
    # restricted to them, at a fraction of the cost of scoring 55 languages.
    detector = _factory(frozenset(by_profile) if by_profile else None).create()
    detector.set_max_text_length(MAX_DETECT_CHARS)
    detector.append(cleaned)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return {}
    result: dict[str, float] = {}
    for item in ranked:
        code = by_profile.get(item.lang, item.lang) if by_profile else _base(item.lang)
        result[code] = result.get(code, 0.0) + item.prob
    return result


def _plausible(candidates: Sequence[str], script: str) -> list[str]:
    return [code for code in dict.fromkeys(candidates) if script in language_scripts(code)]


def _common_words_confirm(cleaned: str, lang: str, pool: Sequence[str]) -> bool:
    """Whether ``cleaned`` is plainly ``lang``: long enough, and full of its common words, far more than of the others'."""
    own_words = _FUNCTION_WORDS.get(_base(lang))
    if own_words is None or len(cleaned) < MIN_DETECT_CHARS:
        return False
    tokens = [t.strip(".,;:!?¡¿\"'“”‘’«»()[]").lower() for t in cleaned.split()]
    if len(tokens) < 8:
        return False
    own = sum(map(own_words.__contains__, tokens)) / len(tokens)
    others = [sum(map(_FUNCTION_WORDS[_base(c)].__contains__, tokens)) / len(tokens)
              for c in pool if _base(c) != _base(lang) and _base(c) in _FUNCTION_WORDS]
    return own >= 2 * _OWN_WORDS_SHARE and own >= 2 * max(others, default=0.0)


def _inverted_mark_language(cleaned: str, pool: Sequence[str]) -> str | None:
    # Only short text: a long paragraph may quote a Spanish slogan and be in another language.
    users = [code for code in pool if _base(code) in _INVERTED_MARK_LANGS]
    if len(users) == 1 and len(cleaned) < MIN_DETECT_CHARS and _opens_with_inverted_mark(cleaned):
        return users[0]
    return None


def _opens_with_inverted_mark(cleaned: str) -> bool:
    # "¡Viva Palestina libre!" and "¿Hasta cuándo?": the text opens with the mark and a word.
    return re.match(r"[\s\"'“«(]*[¡¿]\s*[^\W\d_]", cleaned) is not None


@lru_cache(maxsize=16)
def _factory(profiles: frozenset[str] | None) -> Any:
    """A langdetect factory with every profile (None) or only those named."""
    factory = DetectorFactory()
    if profiles is None:
        factory.load_profile(PROFILES_DIRECTORY)
    else:
        folder = Path(PROFILES_DIRECTORY)
        factory.load_json_profile([(folder / name).read_text(encoding="utf-8") for name in sorted(profiles)])
    return factory


@lru_cache(maxsize=1)
def _profile_names() -> frozenset[str]:
    return frozenset(p.name for p in Path(PROFILES_DIRECTORY).iterdir() if not p.name.startswith("."))


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
