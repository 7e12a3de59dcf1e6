"""Markdown front matter: the title, description and summary are segments; the rest of the YAML is kept byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pretranslate_support import by_msgid, extract_all, make_project, read_po
from stmtl10n.build import build
from stmtl10n.catalog import write_catalog
from stmtl10n.formats.markdown import FRONT_MATTER, MarkdownFormat
from stmtl10n.model import Segment
from stmtl10n.project import find_project

FORMAT = MarkdownFormat()

# Front matter as Jekyll, Hugo and Eleventy sites write it (the keys of Hugo's and
# Jekyll's documentation), with a plain, a double-quoted and a single-quoted value.
STATEMENT = """---
layout: post
title: Stop the war on Gaza
description: "A call to \\"all\\" unions: strike on 29 November"
summary: 'It''s time to act'
date: 2024-11-29 10:00:00 +0000
tags: [gaza, strike]
author:
  name: Coalition
---

# Stop the war on Gaza

We call on all unions to strike.
"""

TRICKY = [
    "Alto a la guerra: huelga el 29 de noviembre",
    'Un "appel" à tous # les syndicats',
    "- not a list, \\ a backslash, 'quotes' and {braces}",
    "أوقفوا الحرب على غزة",
    "yes",
    "line one\nline two",
]


def _values(text: str) -> list[tuple[str, str]]:
    return [(segment.kind, segment.text) for segment in FORMAT.extract(text, path="x.md")]


def _front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    loaded = yaml.safe_load(text[4:text.index("\n---\n", 4)])
    assert isinstance(loaded, dict)
    return loaded


def test_title_description_and_summary_are_segments_decoded_from_their_quotes() -> None:
    segments = FORMAT.extract(STATEMENT, path="x.md")
    front = [segment for segment in segments if segment.kind == FRONT_MATTER]
    assert [(segment.text, segment.line) for segment in front] == [
        ("Stop the war on Gaza", 3),
        ('A call to "all" unions: strike on 29 November', 4),
        ("It's time to act", 5),
    ]
    assert front[0].notes == ("front matter: title",)
    # the same text as the heading is another role: the two entries differ by context
    heading = next(segment for segment in segments if segment.kind == "heading")
    assert heading.text == front[0].text and heading.key != front[0].key


def test_the_identity_build_keeps_the_front_matter_byte_for_byte() -> None:
    assert FORMAT.render(STATEMENT, lambda segment: segment.text, path="x.md") == STATEMENT
    crlf = STATEMENT.replace("\n", "\r\n")
    assert FORMAT.render(crlf, lambda segment: segment.text, path="x.md") == crlf
    assert [text for kind, text in _values(crlf) if kind == FRONT_MATTER] == \
           [text for kind, text in _values(STATEMENT) if kind == FRONT_MATTER]


@pytest.mark.parametrize("translation", TRICKY, ids=["colon", "quote-hash", "yaml-syntax", "arabic", "yes", "newline"])
def test_a_translated_value_is_written_so_the_yaml_reads_it_back(translation: str) -> None:
    def translate(segment: Segment) -> str | None:
        return translation if segment.kind == FRONT_MATTER else None

    built = FORMAT.render(STATEMENT, translate, path="x.md")
    expected = " ".join(translation.split("\n"))  # a value is one line, as the source's is
    loaded = _front_matter(built)
    assert loaded["title"] == loaded["description"] == loaded["summary"] == expected
    source = _front_matter(STATEMENT)
    assert {key: value for key, value in loaded.items() if key not in ("title", "description", "summary")} == \
           {key: value for key, value in source.items() if key not in ("title", "description", "summary")}
    # every other line is the source's own
    kept = [line for line in STATEMENT.split("\n") if not line.startswith(("title:", "description:", "summary:"))]
    assert [line for line in built.split("\n") if not line.startswith(("title:", "description:", "summary:"))] == kept


def test_the_keys_can_be_configured() -> None:
    text = "---\ntitle: Free Gaza\nlede: Read the call\n---\n\nText.\n"
    lede = MarkdownFormat(front_matter_keys=("lede",))
    assert [(s.kind, s.text) for s in lede.extract(text, path="x.md")] == [
        (FRONT_MATTER, "Read the call"), ("paragraph", "Text.")]
    assert [s.kind for s in MarkdownFormat(front_matter_keys=()).extract(text, path="x.md")] == ["paragraph"]


@pytest.mark.parametrize(
    "front",
    [
        "title: >\n  Folded\n  title\n",
        "title: |\n  Literal\n",
        "title: [a, b]\n",
        "title: &anchor Stop\n",
        "title:\n  nested: value\n",
        "title: A title: with a colon\n",
        '"title": quoted key\n',
        "  title: indented\n",
        "title: ''\n",
        'title: "unterminated\n  next"\n',
        'title: "\\u00e9scaped"\n',
    ],
    ids=["folded", "literal", "list", "anchor", "mapping", "colon", "quoted-key", "indented", "empty",
         "multi-line-quoted", "unicode-escape"],
)
def test_values_that_are_no_simple_one_line_scalar_are_left_alone(front: str) -> None:
    text = f"---\n{front}---\n\nText.\n"
    assert [kind for kind, _ in _values(text)] == ["paragraph"]
    assert FORMAT.render(text, lambda segment: "X", path="x.md") == "---\n" + front + "---\n\nX\n"


def test_a_comment_after_a_value_stays_in_the_file() -> None:
    text = "---\ntitle: Free Gaza # the short title\n---\n"
    assert _values(text) == [(FRONT_MATTER, "Free Gaza")]
    built = FORMAT.render(text, lambda segment: "Gaza libre", path="x.md")
    assert built == '---\ntitle: "Gaza libre" # the short title\n---\n'
    assert _front_matter(built) == {"title": "Gaza libre"}


def test_only_a_block_at_the_very_start_is_front_matter() -> None:
    text = "Intro.\n\n---\ntitle: Not front matter\n---\n"
    assert FRONT_MATTER not in [kind for kind, _ in _values(text)]


def test_the_projects_keys_reach_extract_and_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", languages=("es",), statements={"call.md": STATEMENT})
    config = project.root / "stmtl10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[markdown]\nfront-matter-keys = ["title", "layout"]\n',
                      encoding="utf-8")
    project = find_project(project.root)
    extract_all(project)
    catalog = read_po(project, "call", "es")
    entries = by_msgid(catalog)
    assert "post" in entries and "It's time to act" not in entries  # layout is a segment now, summary is not
    for entry in catalog.active():
        entry.msgstr = entry.msgid.upper()
    write_catalog(project.catalog_path("call", "es"), catalog)
    build(project, min_translated=0)
    built = (project.build_dir / "es" / "call.md").read_text(encoding="utf-8")
    assert 'layout: "POST"\n' in built and "summary: 'It''s time to act'\n" in built
