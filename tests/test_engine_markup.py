"""Inline Markdown protection for engines: exact round trip, well-formed XML, URLs never sent."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stmtl10n.config import Settings
from stmtl10n.engines.base import SourceSegment
from stmtl10n.engines.markup import inline_markup, markup_spans, protect
from stmtl10n.glossary import TermFinder
from stmtl10n.patterns import find_urls

WORDS = st.sampled_from(["the", "call", "Palestine", "solidarity", "día", "حرية", "now", "1947", "a"])
URLS = st.sampled_from(["https://x.org/a?b=1&c=2", "http://example.com/path_(x)", "/local", "mailto:a@b.org", "www.bds.net/a-b"])
PUNCT = st.sampled_from([" ", " ", ", ", ". ", "*", "_", "[", "]", "(", ")", "<", ">", "&", "\\", "`", "!", "#", "\n"])


@st.composite
def inline_markdown(draw: st.DrawFn, depth: int = 0) -> str:
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 13 if depth < 2 else 8))
        word = draw(WORDS)
        if kind == 0:
            pieces.append(word)
        elif kind == 1:
            pieces.append(draw(PUNCT))
        elif kind == 2:
            pieces.append(f"`{word} {draw(URLS)}`")
        elif kind == 3:
            pieces.append(draw(st.sampled_from([f"[^{draw(st.integers(1, 12))}]", f"^[{word} *{word}*]"])))
        elif kind == 4:
            pieces.append(f"<{draw(URLS).replace('(', '').replace(')', '')}>")
        elif kind == 5:
            pieces.append(draw(st.sampled_from(["<b>", "</b>", "<br/>", '<span class="x">', "&amp;", "&copy;", "&#35;"])))
        elif kind == 6:
            pieces.append("\\" + draw(st.sampled_from("*_[]()#`\\!<>&")))
        elif kind == 7:
            pieces.append(draw(st.text(max_size=8)))
        elif kind == 8:
            pieces.append(draw(st.sampled_from(["  \n", "\\\n", " ", "#", "(", "@", "info@"])) + draw(
                st.sampled_from([word, draw(URLS), "example.org", "#" + word, "x.org)."])
            ))
        else:
            inner = draw(inline_markdown(depth + 1))
            if kind == 9:
                pieces.append(f"*{inner}*")
            elif kind == 10:
                pieces.append(f"**{inner}**")
            elif kind == 11:
                pieces.append(f"_{inner}_")
            elif kind == 12:
                title = draw(st.sampled_from(["", ' "A title"', " 'it'"]))
                pieces.append(f"[{inner}]({draw(URLS)}{title})")
            else:
                pieces.append(f"![{inner}]({draw(URLS)})")
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(inline_markdown())
def test_restore_of_protected_xml_gives_back_the_source(text: str) -> None:
    protected = protect(text)
    assert protected.restore(protected.xml) == text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_round_trip_holds_for_any_text(text: str) -> None:
    protected = protect(text)
    assert protected.restore(protected.xml) == text


@settings(max_examples=300, deadline=None)
@given(st.one_of(inline_markdown(), st.text()))
def test_protected_xml_is_well_formed(text: str) -> None:
    ElementTree.fromstring(f"<r>{protect(text).xml}</r>")


@settings(max_examples=300, deadline=None)
@given(inline_markdown(), st.data())
def test_restore_never_fails_on_mangled_xml(text: str, data: st.DataObject) -> None:
    xml = protect(text).xml
    if xml:
        start = data.draw(st.integers(0, len(xml) - 1))
        end = data.draw(st.integers(start, len(xml)))
        xml = xml[:start] + data.draw(st.sampled_from(["", "<", "</a>", '<x i="99"/>', '<em i="1">', "&", "&amp"])) + xml[end:]
    assert isinstance(protect(text).restore(xml), str)


def test_urls_and_code_are_never_in_the_xml() -> None:
    text = 'See [the call](https://x.org/call?id=1&lang=en "Call"), run `make demo` or mail <mailto:a@b.org>.'
    xml = protect(text).xml
    assert xml == 'See <a i="1">the call</a>, run <x i="2"/> or mail <x i="3"/>.'
    for secret in ("https://", "x.org", "make demo", "mailto", "Call"):
        assert secret not in xml


def test_translated_link_keeps_the_source_url_exactly() -> None:
    protected = protect("Read [the statement](https://example.org/a_(b)?c=1&d=2) today.")
    translated = protected.restore('Lea hoy <a i="1">la declaración</a>.')
    assert translated == "Lea hoy [la declaración](https://example.org/a_(b)?c=1&d=2)."


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        ("**strong** and *em* and _em_", '<strong i="1">strong</strong> and <em i="2">em</em> and <em i="3">em</em>'),
        ("a footnote[^1] here", 'a footnote<x i="1"/> here'),
        ("AT&T <3 x>y", "AT&amp;T &lt;3 x&gt;y"),
        ("![a *photo*](img.png) of us", '<image i="1">a <em i="2">photo</em></image> of us'),
        ("an <abbr>UN</abbr> body", 'an <x i="1"/>UN<x i="2"/> body'),
        (r"not \*emphasis\*", 'not <x i="1"/>emphasis<x i="2"/>'),
        ("a [ref link][ref]", 'a <a i="1">ref link</a>'),
        ("plain words, 5 * 3", "plain words, 5 * 3"),
        ("Sign at https://example.org/sign_(now). Thanks", 'Sign at <x i="1"/>. Thanks'),
        ("(see http://a.org/x) or write to info@palestine.org.", '(see <x i="1"/>) or write to <x i="2"/>.'),
        ("Join #AllForPalestine, point #1", 'Join <x i="1"/>, point #1'),
        ("Visit www.bds.net/faq, or WWW.BDS.NET.", 'Visit <x i="1"/>, or <x i="2"/>.'),
        ("Follow @UNRWA and @samidoun@mastodon.social.", 'Follow <x i="1"/> and <x i="2"/>.'),
        ("_write to a@b.org_", '<em i="1">write to <x i="2"/></em>'),
        ("A note^[see *the annex*] here", 'A note<a i="1">see <em i="2">the annex</em></a> here'),
    ],
    ids=[
        "emphasis", "footnote", "escaping", "image", "inline-html", "backslash-escape", "reference-link", "plain",
        "bare-url", "url-in-parentheses-and-email", "hashtag", "www-url", "handles", "email-in-emphasis",
        "inline-footnote",
    ],
)
def test_protect_turns_markup_into_tags(text: str, xml: str) -> None:
    protected = protect(text)
    assert protected.xml == xml
    assert protected.restore(xml) == text


def test_restore_degrades_gracefully_when_tags_are_lost_or_invented() -> None:
    protected = protect("Sign [the call](https://x.org) *now*.")
    assert protected.restore("Firme el llamamiento ahora.") == "Firme el llamamiento ahora."
    assert protected.restore('Firme <a i="1">el llamamiento</a> <b>ahora</b>.') == "Firme [el llamamiento](https://x.org) ahora."
    assert protected.restore('Firme <a i="7">el</a> <em i="2">ya') == "Firme el *ya"


def test_a_pair_split_over_reordered_words_is_joined_again() -> None:
    protected = protect("rallies and **mass actions** for the [reference link][ref]")
    assert (
        protected.restore('<strong i="1">acciones</strong> de <strong i="1">masa</strong> para el '
                          '<a i="2">enlace</a> de <a i="2">remisión</a>')
        == "**acciones de masa** para el [enlace de remisión][ref]"
    )


def test_split_pairs_stay_split_when_joining_would_cross_another_pair() -> None:
    protected = protect("*[x](u)* and [y](v)")
    assert protected.restore('<em i="1"><a i="2">x</a></em> y <a i="2">z</a>') == "*[x](u)* y [z](u)"


def test_placeholder_written_as_an_open_and_close_pair_is_restored_once() -> None:
    protected = protect("Run `make demo` now")
    assert protected.restore('Ejecute <x i="1"></x> ahora') == "Ejecute `make demo` ahora"


def test_restore_keeps_the_source_edge_whitespace() -> None:
    protected = protect(" two words  ")
    assert protected.restore("dos palabras") == " dos palabras  "


def test_billable_characters_count_text_but_not_tags_or_urls() -> None:
    assert protect("Sign [the call](https://x.org/very/long/url) & `code`").billable_characters == len("Sign the call & ")


def test_a_long_run_of_rule_characters_is_protected_in_one_pass() -> None:
    # The link and image recorders used to look for a label at every "@" or "#", each time reading to the end.
    text = "a@b#" * 25_000
    assert protect(text).xml == text  # neither an address nor a tag: both are glued to a word


# --- protected spans: dates, numbers, domains, terms ------------------------------------


@pytest.mark.parametrize(
    ("text", "xml", "translated", "target", "digits", "restored"),
    [
        ("3 March 2025", '<x i="1"/>', '<x i="1"/>', "es", None, "3 de marzo de 2025"),
        ("3 March 2025", '<x i="1"/>', '<x i="1"/>', "fr", None, "3 mars 2025"),
        ("3 March 2025", '<x i="1"/>', '<x i="1"/>', "ar", "arab", "٣ مارس ٢٠٢٥"),
        ("3 March 2025", '<x i="1"/>', '<x i="1"/>', "ar", "latn", "3 مارس 2025"),
        ("Every year on the 29th of November.", 'Every year on the <x i="1"/>.',
         'Cada año el <x i="1"/>.', "es", None, "Cada año el 29 de noviembre."),
        ("From 7th October to 13th October", 'From <x i="1"/> to <x i="2"/>',
         'Del <x i="1"/> al <x i="2"/>', "es", None, "Del 7 de octubre al 13 de octubre"),
        ("Over 40,000 people since 1947.", 'Over <x i="1"/> people since 1947.',
         'Plus de <x i="1"/> personnes depuis 1947.', "fr", None, "Plus de 40\u202f000 personnes depuis 1947."),
        ("Saturday 12 October 2024 will be the day.", '<x i="1"/> will be the day.',
         '<x i="1"/> será el día.', "es", None, "Sábado, 12 de octubre de 2024 será el día."),
        ("Visit [fourth.international](https://fourth.international) or bdsmovement.net/act.",
         'Visit <a i="1"><x i="2"/></a> or <x i="3"/>.', 'Visite <a i="1"><x i="2"/></a> ou <x i="3"/>.', "fr", None,
         "Visite [fourth.international](https://fourth.international) ou bdsmovement.net/act."),
    ],
    ids=["date-es", "date-fr", "date-ar-arab", "date-ar-latn", "ordinal", "two-dates", "number", "capital",
         "domains"],
)
def test_dates_numbers_and_domains_never_reach_the_engine_and_come_back_in_the_target(
    text: str, xml: str, translated: str, target: str, digits: str | None, restored: str
) -> None:
    protected = protect(text)
    assert protected.xml == xml
    assert protected.restore(translated, target=target, digits=digits) == restored
    assert protected.restore(protected.xml) == text  # without a target: as the source wrote them


def test_urls_in_html_attributes_and_link_titles_never_reach_the_engine() -> None:
    text = 'Read <a href="https://x.org/call" title="The call">the call</a> or [this](https://y.org "Y.org page").'
    xml = protect(text).xml
    assert xml == 'Read <x i="1"/>the call<x i="2"/> or <a i="3">this</a>.'
    for secret in ("https://", "x.org", "y.org", "The call", "page"):
        assert secret not in xml


def test_glossary_terms_are_placeholders_written_back_as_the_target_term() -> None:
    terms = TermFinder({"Nakba": "Nakba", "apartheid": "apartheid", "occupation": "ocupación"})
    protected = protect("The Nakba of 1948 and the occupation. Apartheid is a crime.", terms=terms)
    assert protected.xml == 'The <x i="1"/> of 1948 and the <x i="2"/>. <x i="3"/> is a crime.'
    assert protected.restore('La <x i="1"/> de 1948 y la <x i="2"/>. <x i="3"/> es un crimen.', target="es") == (
        "La Nakba de 1948 y la ocupación. Apartheid es un crimen.")


def test_what_an_engine_writes_inside_a_placeholder_is_dropped() -> None:
    protected = protect("On 3 March 2025 we met.")
    assert protected.restore('El <x i="1">lunes</x> nos reunimos.', target="es") == "El 3 de marzo de 2025 nos reunimos."
    # ... but an unclosed placeholder drops nothing.
    assert protected.restore('El <x i="1">lunes nos reunimos.', target="es") == "El 3 de marzo de 2025 lunes nos reunimos."


@pytest.mark.parametrize(
    ("text", "translated", "target", "restored"),
    [
        # Apertium's French through Spanish: the space went inside the pair.
        ("of the **European Union** now", 'De l\'Union <strong i="1"> européenne</strong> maintenant', "fr",
         "De l'Union **européenne** maintenant"),
        ("the **European Union**", '<strong i="1">La Unión </strong>europea', "es", "**La Unión** europea"),
        # The pair's word moved out: the pair takes the word after it.
        ("the **European** Union", 'L\'Union <strong i="1"></strong> européenne', "fr", "L'Union **européenne**"),
        ("the **European** Union", 'L\'Union <strong i="1"></strong>.', "fr", "L'Union ."),
        # Glued to its neighbours although the source has spaces around it.
        ("Visit #Gaza and [the call](https://x.org) today", 'Visita<x i="1"/>y<a i="2">el llamamiento</a>hoy', "es",
         "Visita #Gaza y [el llamamiento](https://x.org) hoy"),
        ("Visit #Gaza today", '访问<x i="1"/>今天', "zh", "访问#Gaza今天"),  # no spaces in Chinese
        ("and #Gaza", 'و<x i="1"/>', "ar", "و#Gaza"),  # an Arabic proclitic is glued
        ("**strong**, then", '<strong i="1">fuerte</strong>, luego', "es", "**fuerte**, luego"),
    ],
    ids=["space-inside-opening", "space-inside-closing", "emptied-pair", "emptied-pair-no-word", "glued", "chinese",
         "arabic-proclitic", "punctuation-stays-glued"],
)
def test_spacing_around_markup_is_put_right(text: str, translated: str, target: str, restored: str) -> None:
    assert protect(text).restore(translated, target=target) == restored


def test_whitespace_the_source_has_inside_a_link_is_kept() -> None:
    protected = protect("see [ the call ](https://x.org)")
    assert protected.restore(protected.xml) == "see [ the call ](https://x.org)"
    assert protected.restore('ver <a i="1"> el llamamiento </a>', target="es") == "ver [ el llamamiento ](https://x.org)"


@settings(max_examples=200, deadline=None)
@given(inline_markdown(), st.sampled_from(["es", "fr", "ar", "zh"]))
def test_restore_into_a_target_never_fails_and_keeps_every_url(text: str, target: str) -> None:
    protected = protect(text)
    restored = protected.restore(protected.xml, target=target, digits="arab" if target == "ar" else None)
    for url in find_urls(text):
        assert url in restored


def test_markup_signature_counts_what_a_translation_must_keep() -> None:
    assert inline_markup("**a** [b](https://x.org) `c` #tag @handle x  \ny") == Counter(
        {"strong": 1, "[…](https://x.org)": 1, "`c`": 1, "#tag": 1, "@handle": 1, "<br>": 1})
    assert inline_markup(r"\*not\* &amp; [label]") == Counter()  # escapes, entities and bracketed labels are no markup
    assert [span.key for span in markup_spans("*a* and _b_")] == ["em", "em"]


# --- through the DeepL API (a local server speaking it) ----------------------------------


def test_deepl_drafts_get_dates_and_numbers_in_the_target_and_the_projects_digits(tmp_path: Path) -> None:
    from deepl_server import DeepLServer
    from stmtl10n.engines.deepl_engine import DeepLEngine

    with DeepLServer() as server:
        engine = DeepLEngine(auth_key=server.auth_key, server_url=server.url + "/",
                             settings=Settings(languages=("ar",), digits={"ar": "arab"}))
        (result,) = engine.translate([SourceSegment("On 3 March 2025, 40,000 marched.")], source="en", target="ar")
        (sent,) = server.translate_requests()[0].texts
    assert sent == 'On <x i="1"/>, <x i="2"/> marched.'
    assert result.text == "[AR] On ٣ مارس ٢٠٢٥, ٤٠٬٠٠٠ marched."
