"""A language model behind the engine protocol, through an OpenAI-compatible chat-completions API.

Any server speaking ``POST {url}/chat/completions`` will do: a local llama.cpp
(``llama-server``), Ollama (``http://localhost:11434/v1``), vLLM, or a hosted
API. The request asks for a JSON object (``response_format: json_object``,
which OpenAI, llama.cpp, Ollama and vLLM accept) holding one translation per
segment. A model can answer anything, so each answer is checked before it
becomes a draft (:func:`check_translation`): the tags protect() made are all
back, each once; there is one translation per segment; and it is not in
another language than the target (:func:`stmtl10n.detect.judge_language`,
which abstains on short text). Segments whose answer fails are asked once
more, with the reason; a second failure leaves the segment untranslated
(``Translation.failure``), and pretranslate says why.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale

from stmtl10n.config import Settings
from stmtl10n.detect import MIN_DETECT_CHARS, clean_for_detection, judge_language
from stmtl10n.engines._http import RETRY_STATUSES, plan_requests, request_json
from stmtl10n.engines.base import SourceSegment, Translation
from stmtl10n.engines.markup import PAIR_TAGS, PLACEHOLDER_TAG, Protected, protect
from stmtl10n.errors import EngineAuthError, EngineError, EngineNetworkError, EngineQuotaError
from stmtl10n.glossary import Glossary

#: Segments and source characters per request: a local model's context (Ollama's
#: default is 4,096 tokens) must hold the instructions, the context, the
#: segments and the answer, and Arabic takes two or three times the tokens of English.
MAX_SEGMENTS_PER_REQUEST = 8
MAX_CHARACTERS_PER_REQUEST = 2_000
#: Neighbouring paragraphs sent per request, at most.
CONTEXT_BUDGET_CHARS = 1_500
#: A local model on a CPU can take minutes for a request.
REQUEST_TIMEOUT_SECONDS = 300.0
#: The second ask samples a little, so a model that answered badly does not answer the same again.
RETRY_TEMPERATURE = 0.3

# 429 (rate limits) and 5xx are retried as stmtl10n.engines._http says (MAX_RETRIES…).
_FORMAL = {"more": "formal", "prefer_more": "formal", "less": "informal", "prefer_less": "informal"}
# protect()'s tags in an answer: name, id, and whether it is a closing or a self-closing tag.
_TAG_RE = re.compile(
    r"<(?P<close>/?)\s*(?P<name>" + "|".join([*PAIR_TAGS, PLACEHOLDER_TAG]) + r")\b"
    r"(?:\s+i\s*=\s*[\"']?(?P<id>\d{1,9})[\"']?)?\s*(?P<empty>/?)>"
)


@dataclass(frozen=True, slots=True)
class _Answer:
    translations: list[str] | None  # None: the answer as a whole is unusable
    problem: str | None = None


class LLMEngine:
    """A chat-completions server and model, for one thread.

    :param url: the API's base (``[llm] url``), e.g. ``http://localhost:11434/v1``.
    :param model: the model's name as the server knows it (``[llm] model``).
    :param api_key: ``STMTL10N_LLM_API_KEY``, sent as a Bearer token; never shown in messages.
    :param settings: the project settings (``deepl.formality`` is read for the register).
    :param glossary: the project glossary: its terms found in a request are sent with it.
    :param languages: the languages a translation may plausibly be in (the project's),
        among which the language check decides.
    """

    name = "llm"
    max_batch_segments = MAX_SEGMENTS_PER_REQUEST
    max_batch_characters = MAX_CHARACTERS_PER_REQUEST

    def __init__(
        self,
        *,
        url: str,
        model: str,
        api_key: str | None = None,
        settings: Settings | None = None,
        glossary: Glossary | None = None,
        languages: Sequence[str] = (),
    ) -> None:
        self._url = url.rstrip("/")
        self._model = model
        self._api_key = api_key or None
        self._settings = settings or Settings()
        self._glossary = glossary
        self._languages = tuple(dict.fromkeys(languages))

    def __repr__(self) -> str:
        return f"LLMEngine(url={self._url!r}, model={self._model!r})"  # never the key

    # --- the protocol ----------------------------------------------------------------

    def route(self, source: str, target: str) -> str | None:
        """``"llm <model>"``: a model is asked for any language (the answer's language is checked)."""
        return f"{self.name} {self._model}"

    def translate(self, segments: Sequence[SourceSegment], *, source: str, target: str) -> list[Translation]:
        """Translate a batch: a request per :data:`MAX_SEGMENTS_PER_REQUEST` segments, each answer checked.

        :raises EngineAuthError: the server refused the key (401, 403).
        :raises EngineQuotaError: the account's quota is used up.
        :raises EngineNetworkError: the server could not be reached, or stayed overloaded.
        :raises EngineError: any other refusal (an unknown model, a request too long), with the server's reason.
        """
        # The prompt carries the glossary, so terms stay words the model can inflect.
        protected = [protect(segment.text, source=source) for segment in segments]
        results: list[Translation | None] = [None] * len(segments)
        todo = []
        for index, segment in enumerate(segments):
            if segment.text.strip():
                todo.append(index)
            else:
                results[index] = Translation(segment.text)
        for group in plan_requests([len(segments[i].text) for i in todo], char_limit=MAX_CHARACTERS_PER_REQUEST, max_texts=MAX_SEGMENTS_PER_REQUEST):
            indexes = [todo[i] for i in group]
            for index, translation in self._translate_group(segments, protected, indexes, source, target).items():
                results[index] = translation
        return [result for result in results if result is not None]

    # --- dry runs ----------------------------------------------------------------------

    def describe(self) -> str:
        return f"{self.name} {self._model} at {self._url}"

    def count_requests(self, texts: Sequence[str]) -> int:
        """Requests for ``texts`` when every answer is good (a bad one is asked again)."""
        return len(plan_requests([len(text) for text in texts if text.strip()], char_limit=MAX_CHARACTERS_PER_REQUEST,
                                 max_texts=MAX_SEGMENTS_PER_REQUEST))

    # --- one request's segments ----------------------------------------------------------

    def _translate_group(
        self, segments: Sequence[SourceSegment], protected: list[Protected], indexes: list[int],
        source: str, target: str,
    ) -> dict[int, Translation]:
        done: dict[int, Translation] = {}
        problems: dict[int, str] = {}
        rejected: list[str] = []  # what was wrong with the first answer, told to the model when asking again
        pending = list(indexes)
        for _attempt in range(2):
            answer = self._ask(segments, protected, pending, source, target, previous=rejected)
            if answer.translations is None:
                whole = answer.problem or "the answer is unusable"
                problems = dict.fromkeys(pending, whole)
                rejected = [whole]
                continue
            rejected = []
            still = []
            for index, text in zip(pending, answer.translations, strict=True):
                problem = check_translation(protected[index], text, target, candidates=(*self._languages, source, target))
                if problem is None:
                    done[index] = Translation(protected[index].restore(text, target=target, digits=self._settings.digits_for(target)))
                else:
                    problems[index] = problem
                    still.append(index)
                    rejected.append(f"segment {len(still)}: {problem}")  # its number in the next request
            pending = still
            if not pending:
                break
        for index in pending:
            done[index] = Translation("", failure=f"{problems[index]} ({self.name} {self._model}, asked twice)")
        return done

    def _ask(
        self, segments: Sequence[SourceSegment], protected: list[Protected], indexes: list[int],
        source: str, target: str, *, previous: list[str],
    ) -> _Answer:
        texts = [protected[i].xml for i in indexes]
        payload: dict[str, Any] = {
            "from": _language_name(source),
            "to": _language_name(target),
            "context": _context([segments[i] for i in indexes]),
            "glossary": self._glossary_terms(target, [segments[i].text for i in indexes]),
            "segments": texts,
        }
        if previous:
            payload["your_previous_answer_was_rejected"] = previous
        body = {
            "model": self._model,
            "messages": [
                {"role": "system", "content": self._instructions(source, target)},
                {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
            ],
            "temperature": RETRY_TEMPERATURE if previous else 0,
            "response_format": {"type": "json_object"},
            "stream": False,
        }
        completion = self._post("/chat/completions", body)
        return _read_answer(completion, len(texts), where=self._url)

    def _instructions(self, source: str, target: str) -> str:
        source_name, target_name = _language_name(source), _language_name(target)
        formality = self._settings.deepl.formality.get(target) or self._settings.deepl.formality.get(target.split("_")[0])
        register = _FORMAL.get(formality or "")
        address = f", addressing the reader in the {register} register" if register else ""
        return (
            f"You translate published statements of solidarity campaigns from {source_name} into {target_name}, "
            f"faithfully and completely, in the style of a public statement{address}.\n\n"
            'The user sends a JSON object: "segments" are the texts to translate; "context" is the text around '
            'them in the statement, only to understand them (never translate it); "glossary" maps terms to the '
            "translation they must have.\n\n"
            "Rules for every segment:\n"
            f"1. Translate all of its text into {target_name}. Keep every number, date and name correct.\n"
            "2. The segments contain XML tags. Keep every tag exactly as written, each once, with its i "
            'attribute. <x i="N"/> stands for a link, code, an address or a name that must not change: put it '
            'where it belongs in the translated sentence. Translate the words between <a i="N"> and </a> (and '
            "<em>, <strong>, <image>) and keep the pair of tags around their translation. Add no other tag; "
            "keep &amp; &lt; &gt; as they are.\n"
            "3. Use the glossary's translation for each of its terms.\n\n"
            'Answer with one JSON object and nothing else: {"translations": ["...", "..."]}, with exactly one '
            'translation per segment, in the order of "segments".'
        )

    def _glossary_terms(self, target: str, texts: list[str]) -> dict[str, str]:
        if self._glossary is None:
            return {}
        joined = "\n".join(texts).casefold()
        return {source: term for source, term in self._glossary.terms_for(target).items() if source.casefold() in joined}

    # --- HTTP ------------------------------------------------------------------------------

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        answer = request_json(
            "POST", self._url + path, body=body, timeout=REQUEST_TIMEOUT_SECONDS,
            headers={"Authorization": f"Bearer {self._api_key}"} if self._api_key else None,
            unreachable=lambda short: (
                f"cannot reach the LLM server at {self._url} ({short}); check [llm] url and that the server runs"
            ),
            retry=lambda refused: _error_of(refused.value)[1] != "insufficient_quota",
        )
        if not answer.ok:
            message, code = _error_of(answer.value)
            raise self._refusal(answer.status, self._scrub(message), code, retries=answer.retries)
        if not answer.is_json:
            raise EngineError(
                f"the LLM server at {self._url} answered with something that is not JSON; check [llm] url "
                "(the API's base, usually ending in /v1)"
            )
        return answer.value

    def _refusal(self, status: int, message: str, code: str | None, *, retries: int) -> EngineError:
        said = f"HTTP {status}: {message}" if message else f"HTTP {status}"
        where = f"the LLM server at {self._url}"
        if status in (401, 403):
            return EngineAuthError(f"{where} refused the key ({said}); check STMTL10N_LLM_API_KEY")
        if code == "insufficient_quota":
            return EngineQuotaError(f"{where} says the account's quota is used up ({said})")
        if status == 429:
            return EngineNetworkError(f"{where} is overloaded ({said}) even after {retries} retries; run again later")
        if status == 404:
            return EngineError(f"{where} answered {said}; check [llm] url (the API's base, usually ending in /v1) "
                               f"and [llm] model ({self._model!r})")
        if status in RETRY_STATUSES:
            return EngineError(f"{where} failed ({said}, after {retries} retries); run again")
        return EngineError(f"{where} refused the request ({said})")

    def _scrub(self, message: str) -> str:
        return message.replace(self._api_key, "<STMTL10N_LLM_API_KEY>") if self._api_key else message


# --- checking an answer ------------------------------------------------------------------


def check_translation(protected: Protected, answer: str, target: str, *, candidates: Sequence[str] = ()) -> str | None:
    """Why ``answer`` (XML, as the model wrote it) is no translation of ``protected`` into ``target``; None if fine.

    >>> p = protect("Read [the call](https://example.org/call) now.")
    >>> check_translation(p, 'اقرأ <a i="1">النداء</a> الآن.', "ar") is None
    True
    >>> check_translation(p, "اقرأ النداء الآن.", "ar")
    'the answer lost [the call](https://example.org/call)'
    """
    if not answer.strip():
        return "the answer is empty"
    expected, got = _tags(protected.xml), _tags(answer)
    missing = expected - got
    lost_pairs = {name for name, ident in missing if ident and name != PLACEHOLDER_TAG}
    shown = [_shown(protected, tag) for tag in sorted(missing) if tag[0].lstrip("/") not in lost_pairs or tag[1]]
    if shown:  # a lost link is one thing lost, not its opening and its closing tag
        return "the answer lost " + ", ".join(shown)
    extra = got - expected
    if extra:
        return "the answer added or repeated " + ", ".join(_tag_xml(tag) for tag in sorted(extra))
    restored = protected.restore(answer)
    if len(clean_for_detection(restored)) < MIN_DETECT_CHARS:
        return None  # a heading, a name, a slogan: too short to say (and names stay as they are)
    # The wrong-language check's own judgement: any language the detector knows, not only the candidates.
    judgement = judge_language(restored, target, candidates=list(dict.fromkeys([*candidates, target])) or None)
    if judgement.is_language is False and judgement.sure:
        found = _language_name(judgement.found) if judgement.found else "another language"
        return f"the answer is in {found}, not {_language_name(target)}"
    return None


def _tags(xml: str) -> Counter[tuple[str, str]]:
    """protect()'s tags in ``xml``: ("x", id) placeholders, ("a", id) openings, ("/a", "") closings."""
    found: Counter[tuple[str, str]] = Counter()
    for match in _TAG_RE.finditer(xml):
        name, ident = match.group("name"), match.group("id") or ""
        if match.group("close"):
            if name != PLACEHOLDER_TAG:  # ``<x i="1"></x>`` is a placeholder written long
                found[("/" + name, "")] += 1
        else:
            found[(name, ident)] += 1
    return found


def _tag_xml(tag: tuple[str, str]) -> str:
    name, ident = tag
    if name.startswith("/"):
        return f"<{name}>"
    return f'<{name} i="{ident}"/>' if name == PLACEHOLDER_TAG else f'<{name} i="{ident}">'


def _shown(protected: Protected, tag: tuple[str, str]) -> str:
    """A lost tag as the reader knows it: the URL or code it stands for, the link it opens."""
    name, ident = tag
    if name.startswith("/"):
        return f"the closing tag <{name}>"
    if name == PLACEHOLDER_TAG:
        return protected.restore(f'<x i="{ident}"/>').strip() or _tag_xml(tag)
    shown = protected.restore(f'<{name} i="{ident}">{_inner(protected.xml, name, ident)}</{name}>').strip()
    return shown or _tag_xml(tag)


def _inner(xml: str, name: str, ident: str) -> str:
    start = xml.find(f'<{name} i="{ident}">')
    if start < 0:
        return ""
    start += len(f'<{name} i="{ident}">')
    end = xml.find(f"</{name}>", start)
    return xml[start:end] if end >= 0 else ""


def _read_answer(completion: Any, count: int, *, where: str) -> _Answer:
    """The translations in a chat completion, or why there are none."""
    try:
        choice = completion["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        raise EngineError(f"the LLM server at {where} answered something that is not a chat completion; "
                          "check [llm] url") from None
    content = message.get("content") if isinstance(message, dict) else None
    if choice.get("finish_reason") == "length":
        return _Answer(None, "the answer is cut off (finish_reason \"length\")")
    if not isinstance(content, str) or not content.strip():
        return _Answer(None, "the answer is empty")
    value = _json_in(content)
    if isinstance(value, dict):
        value = value.get("translations")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return _Answer(None, 'the answer is not a JSON object {"translations": [...]} of strings')
    if len(value) != count:
        return _Answer(None, f"the answer has {len(value)} translations for {count} segments")
    return _Answer(value)


def _json_in(content: str) -> Any:
    """The JSON value of a model's message: reasoning (``<think>…</think>``) and code fences around it dropped."""
    text = content.strip()
    if text.startswith("<think>"):
        end = text.find("</think>")
        text = text[end + len("</think>"):].strip() if end >= 0 else ""
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    try:
        return json.loads(text)
    except ValueError:
        return None


# --- helpers -----------------------------------------------------------------------------


def _context(segments: list[SourceSegment]) -> str:
    """The segments' neighbouring paragraphs, each once, in order, within CONTEXT_BUDGET_CHARS."""
    texts = {segment.text.strip() for segment in segments}
    chosen: list[str] = []
    size = 0
    for segment in segments:
        for paragraph in (p.strip() for p in segment.context.split("\n\n")):
            if not paragraph or paragraph in texts or paragraph in chosen:
                continue
            if size + len(paragraph) > CONTEXT_BUDGET_CHARS:
                continue
            chosen.append(paragraph)
            size += len(paragraph) + 2
    return "\n\n".join(chosen)


def _language_name(code: str) -> str:
    """``"Arabic (ar)"``: the English name a model knows, with the code."""
    try:
        name = Locale.parse(code).get_display_name("en") or code
    except (ValueError, TypeError):
        name = code
    return f"{name} ({code})"


def _error_of(value: Any) -> tuple[str, str | None]:
    """Message and code of an error answer's JSON, as OpenAI (``{"error": {"message", "code"}}``), Ollama,
    llama.cpp (the same, or ``{"error": "..."}``) and vLLM (``{"message": ...}``) write them."""
    if not isinstance(value, dict):
        return "", None
    error = value.get("error", value)
    if isinstance(error, str):
        return _one_line(error), None
    if isinstance(error, dict):
        message = error.get("message") or error.get("detail") or ""
        code = error.get("code")
        return _one_line(str(message)), str(code) if isinstance(code, str) else None
    return "", None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]

