"""The one similarity measure, and a merge that picks the fuzzy matches GNU msgmerge --previous picks."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from stmtl10n.catalog import Catalog, Entry, merge_catalog, read_catalog, write_catalog
from stmtl10n.similarity import msgmerge_similarity, similarity, word_similarity

ROOT = Path(__file__).resolve().parent.parent
HEADER = {
    "Project-Id-Version": "stmtl10n statements",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Language": "de",
}


def _paragraphs() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "statements").glob("*.txt")):
        texts += [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n")]
    return [t for t in dict.fromkeys(texts) if t]


PARAGRAPHS = _paragraphs()
LONG = [p for p in PARAGRAPHS if len(p) >= 200]
SHORT = [p for p in PARAGRAPHS if len(p) < 60]


# --- the measure -----------------------------------------------------------------------------


def test_similarity_is_rapidfuzz_normalized_indel_on_statement_text() -> None:
    for a, b in zip(PARAGRAPHS, PARAGRAPHS[1:] + PARAGRAPHS[:1], strict=True):
        assert abs(similarity(a, b) - Indel.normalized_similarity(a, b)) < 1e-12
        assert abs(msgmerge_similarity(a, b) - Indel.normalized_similarity(a.encode(), b.encode())) < 1e-12
    assert similarity(LONG[0], LONG[0]) == 1.0


def test_a_one_word_edit_in_a_long_paragraph_stays_close_to_one() -> None:
    text = LONG[0]
    word = max(text.split(), key=len)
    edited = text.replace(word, "solidarity", 1)
    assert similarity(text, edited) > 0.95
    assert msgmerge_similarity(text, edited) > 0.95
    assert word_similarity(text.split(), edited.split()) > 0.95


def test_msgmerge_similarity_counts_bytes_as_gettext_does() -> None:
    # A curly quote is three bytes: replacing it with a straight one costs more in bytes.
    assert similarity("“Free Palestine”", '"Free Palestine"') == 28 / 32
    assert msgmerge_similarity("“Free Palestine”", '"Free Palestine"') == 28 / 36


def test_word_similarity_counts_a_word_as_one_unit() -> None:
    assert word_similarity("Glory to the Resistance".split(), "Glory to the resistance".split()) == 0.75
    assert word_similarity([], []) == 1.0
    assert word_similarity(["a"], []) == 0.0


@given(st.text(alphabet="abé “", max_size=12), st.text(alphabet="abé “", max_size=12),
       st.sampled_from([0.0, 0.25, 0.5, 0.6, 0.75, 0.8, 1.0]))
def test_score_cutoff_only_turns_scores_below_it_into_zero(a: str, b: str, cutoff: float) -> None:
    for measure in (similarity, msgmerge_similarity):
        exact = measure(a, b)
        assert measure(a, b, score_cutoff=cutoff) == (exact if exact >= cutoff else 0.0)
    exact = word_similarity(a.split(), b.split())
    assert word_similarity(a.split(), b.split(), score_cutoff=cutoff) == (exact if exact >= cutoff else 0.0)


# --- merge against msgmerge ------------------------------------------------------------------


def _row(e: Entry) -> tuple[object, ...]:
    return (e.msgctxt, e.msgid, e.msgstr, e.is_fuzzy, e.previous_msgctxt, e.previous_msgid, e.obsolete)


def _outcome(catalog: Catalog) -> list[tuple[object, ...]]:
    return [_row(e) for e in catalog.entries]


def _both_merges(folder: Path, old: list[Entry], template: list[Entry], gettext_tools) -> tuple[Catalog, Catalog]:  # type: ignore[no-untyped-def]
    folder.mkdir()
    old_path, pot_path, theirs_path = folder / "de.po", folder / "x.pot", folder / "theirs.po"
    write_catalog(old_path, Catalog("de", header=dict(HEADER), entries=old))
    write_catalog(pot_path, Catalog(None, header={**HEADER, "Language": ""}, entries=template))
    ours = merge_catalog(read_catalog(old_path), read_catalog(pot_path).entries)
    theirs_path.write_text(gettext_tools.msgmerge(old_path, pot_path), encoding="utf-8")
    return ours, read_catalog(theirs_path)


def _translated(texts: list[str], **kwargs: object) -> list[Entry]:
    # A msgstr unique to each old entry tells which one a merge took.
    return [Entry(t, msgstr=f"DE{i}[{t[:30]}]", **kwargs) for i, t in enumerate(texts)]  # type: ignore[arg-type]


def _rewritten(text: str, target: float, donor: str) -> str:
    """``text`` with its words replaced from the end by ``donor``'s until msgmerge's
    similarity to ``text`` first drops to ``target`` or below."""
    words, spare = text.split(" "), donor.split(" ")
    for n in range(1, len(words) + 1):
        candidate = " ".join(words[:len(words) - n] + spare[:n])
        if msgmerge_similarity(text, candidate) <= target:
            return candidate
    return donor


def _straightened() -> tuple[str, str]:
    """A statement paragraph and a shortened copy with straight quotes and dashes:
    at least 0.6 similar in characters, under 0.6 in the bytes msgmerge compares."""
    plain = str.maketrans({"“": '"', "”": '"', "’": "'", "–": "-"})
    for text in PARAGRAPHS:
        words = text.split(" ")
        for n in range(len(words)):
            copy = " ".join(words[:len(words) - n]).translate(plain)
            if similarity(text, copy) >= 0.6 > msgmerge_similarity(text, copy):
                return text, copy
    raise AssertionError("no statement paragraph with enough curly quotes")


def _split(text: str) -> tuple[str, str]:
    """``text`` cut in two at the space nearest its middle."""
    cut = text.find(" ", len(text) // 2)
    return text[:cut], text[cut + 1:]


Scenario = tuple[list[Entry], list[Entry], list[str]]


def _by_text(old_texts: list[str], new_texts: list[str], takes: list[str | None]) -> Scenario:
    """A scenario over plain texts; ``takes`` names, for each new text, the old text whose translation it gets."""
    old = _translated(old_texts)
    label = {entry.msgid: entry.msgstr for entry in old}
    return old, [Entry(t) for t in new_texts], [label[t] if t else "" for t in takes]


def _named_scenarios() -> dict[str, Scenario]:
    a, b, c, d, e, f = LONG[:6]
    just_above = _rewritten(b, 0.615, LONG[10])
    just_below = _rewritten(c, 0.598, LONG[11])
    assert msgmerge_similarity(b, just_above) >= 0.6 > msgmerge_similarity(c, just_below)
    first, second = _split(d)
    quoted, straight = _straightened()
    typo = max(c.split(), key=len)
    return {
        # A word, a comma, a typo: each edit keeps the translation, as fuzzy.
        "edited": _by_text([a, b, c], [a.replace(" the ", " our ", 1), b.replace(",", ";", 1), c.replace(typo, typo[:-2])],
                           [a, b, c]),
        "deleted and inserted": _by_text([a, b, c], [a, LONG[7], c], [a, None, c]),
        "reordered": _by_text([a, b, c, e], [e, c, a, b], [e, c, a, b]),
        # Right at msgmerge's 0.6: one on each side of it.
        "heavily changed": _by_text([a, b, c], [a, just_above, just_below], [a, b, None]),
        # Both halves of a split paragraph take its translation, as in msgmerge.
        "split": _by_text([d, e], [first, second, e], [d, d, e]),
        "joined": _by_text([d, e, f], [d + " " + e, f], [e, f]),
        # A new paragraph close to one that stays takes that one's translation too.
        "similar paragraph inserted": _by_text([a, e], [a, a.replace(" and ", " or "), e], [a, a, e]),
        # msgmerge counts bytes: “ is three of them, " one.
        "quotes straightened": _by_text([quoted, a], [straight, a], [None, a]),
        # "Gazo!" is 0.8 like "Gaza!" but shares no 4-gram with it: msgmerge never compares them.
        "short lines": _by_text(
            ["September 2024", "Viva Palestine!", "Down with the occupation!", "Gaza!", "Signing Parties and Organizations:"],
            ["October 2024", "Viva Palestina!", "Down with the occupation", "Gazo!", "Signing Parties:"],
            ["September 2024", "Viva Palestine!", "Down with the occupation!", None, "Signing Parties and Organizations:"],
        ),
        # An obsolete translation is a candidate; an untranslated entry is not.
        "obsolete and untranslated old entries": (
            [*_translated([a]), Entry(b, msgstr="DE-obsolete", obsolete=True), Entry(c)],
            [Entry(b.replace(" of ", " for ", 1)), Entry(c.replace(" the ", " a ", 1))],
            ["DE-obsolete", ""],
        ),
        # Equal scores: msgmerge's 0.00001 for a candidate of no msgctxt or the same one
        # decides; then more shared 4-grams; then the order in the file.
        "contexts and ties": (
            [Entry(e, msgstr="DE-ctx", msgctxt="heading"), Entry(e, msgstr="DE-plain"),
             Entry(f, msgstr="DE-f-quote", msgctxt="quote"), Entry(f, msgstr="DE-f-heading", msgctxt="heading"),
             # One edit each; the one at the end breaks fewer 4-grams.
             Entry("Down with tha occupation!", msgstr="DE-middle"), Entry("Down with the occupation?", msgstr="DE-end")],
            [Entry(e + "!"), Entry(f + "!", msgctxt="heading"), Entry(f + "?", msgctxt="note"),
             Entry("Down with the occupation!")],
            ["DE-plain", "DE-f-heading", "DE-f-quote", "DE-end"],
        ),
    }


def _random_scenario(rng: random.Random) -> tuple[list[Entry], list[Entry]]:
    chosen = rng.sample(PARAGRAPHS, rng.randint(4, 12))
    template: list[str] = []
    for text in chosen:
        roll = rng.random()
        if roll < 0.15:
            pass  # deleted
        elif roll < 0.45:
            donor = rng.choice(LONG)
            template.append(_rewritten(text, rng.choice([0.98, 0.9, 0.75, 0.65, 0.61, 0.59, 0.5]), donor))
        elif roll < 0.55 and len(text) > 100:
            template += _split(text)
        else:
            template.append(text)
        if rng.random() < 0.1:
            template.append(rng.choice(PARAGRAPHS))  # inserted, maybe from elsewhere
    if rng.random() < 0.4:
        rng.shuffle(template)
    return _translated(chosen), [Entry(t) for t in dict.fromkeys(t for t in template if t)]


def test_merge_picks_the_fuzzy_match_msgmerge_picks(tmp_path: Path, gettext_tools) -> None:  # type: ignore[no-untyped-def]
    scenarios: dict[str, tuple[list[Entry], list[Entry], list[str] | None]] = dict(_named_scenarios())
    rng = random.Random(20241007)
    for n in range(30):
        scenarios[f"random {n}"] = (*_random_scenario(rng), None)
    seen: Counter[str] = Counter()
    for index, (name, (old, template, takes)) in enumerate(scenarios.items()):
        ours, theirs = _both_merges(tmp_path / f"s{index}", old, template, gettext_tools)
        assert _outcome(ours) == _outcome(theirs), f"scenario {name!r}: merge and msgmerge --previous differ"
        if takes is not None:
            assert [e.msgstr for e in ours.active()] == takes, f"scenario {name!r} is not what it says"
        # What the scenarios covered, from msgmerge's side, so the comparison means something.
        sources = Counter(e.msgstr for e in theirs.active() if e.msgstr)
        seen["reused source"] += sum(count > 1 for count in sources.values())
        for entry in theirs.active():
            best = max((msgmerge_similarity(entry.msgid, o.msgid) for o in old if o.msgstr), default=0.0)
            if entry.is_fuzzy:
                seen["fuzzy"] += 1
                seen["fuzzy at 0.60–0.62"] += best < 0.62
            elif not entry.msgstr:
                seen["left untranslated"] += 1
                seen["untranslated at 0.58–0.60"] += 0.58 <= best < 0.6
    assert seen["fuzzy"] >= 40 and seen["left untranslated"] >= 5, seen
    for kind in ("reused source", "fuzzy at 0.60–0.62", "untranslated at 0.58–0.60"):
        assert seen[kind] >= 2, (kind, seen)


def test_a_new_signatory_never_takes_the_line_of_a_signatory_still_listed(tmp_path: Path, gettext_tools) -> None:  # type: ignore[no-untyped-def]
    # The one place merge departs from msgmerge on purpose: a signatory line is a
    # person, and another person's translated name is no draft for a new one.
    listed = ["Jane Doe, Workers Party, Chile", "Omar Haddad, Union of Students, Jordan", "Ana Lima, Movimento Popular, Brazil"]
    newcomer, corrected = "Li Wei, Workers Forum, China", "Ana Lima, Movimento Popular, Brasil"
    old = _translated(listed, flags=["signatory"])
    template = [Entry(t, flags=["signatory"]) for t in (listed[0], listed[1], corrected, newcomer)]
    ours, theirs = _both_merges(tmp_path / "signatories", old, template, gettext_tools)
    ours_by_msgid = {e.msgid: e for e in ours.entries}
    theirs_by_msgid = {e.msgid: e for e in theirs.entries}
    # msgmerge offers Jane Doe's line to the newcomer (0.62 similar); merge does not.
    assert msgmerge_similarity(newcomer, listed[0]) >= 0.6
    assert (theirs_by_msgid[newcomer].is_fuzzy, theirs_by_msgid[newcomer].previous_msgid) == (True, listed[0])
    assert (ours_by_msgid[newcomer].msgstr, ours_by_msgid[newcomer].is_fuzzy) == ("", False)
    # A corrected name, whose old line left the list, still gets it, as in msgmerge; the rest agrees.
    assert ours_by_msgid[corrected].previous_msgid == listed[2]
    del ours_by_msgid[newcomer], theirs_by_msgid[newcomer]
    assert [_row(e) for e in ours_by_msgid.values()] == [_row(e) for e in theirs_by_msgid.values()]
