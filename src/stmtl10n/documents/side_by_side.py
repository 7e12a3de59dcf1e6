"""Aligned multilingual documents: a statement side by side in every language, as standalone HTML and as Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.token import Token

from stmtl10n._io import atomic_write, read_statement
from stmtl10n.catalog import Catalog, Entry, EntryState, read_catalog
from stmtl10n.documents import ALIGNED_SUFFIXES
from stmtl10n.formats import format_for
from stmtl10n.formats.markdown import make_markdown_parser
from stmtl10n.locales import display_name, text_direction
from stmtl10n.model import HEADING, Segment, Statement
from stmtl10n.project import Project

CellState = Literal["source", "reviewed", "draft", "untranslated", "withheld"]

_STATE_LABELS = {
    "draft": "draft, not reviewed",
    "untranslated": "untranslated, source text shown",
    "withheld": "not reviewed yet, left out",
}
#: Why a cell is withheld when it is not for want of review: its translation has problems to fix.
PROBLEMS = "problems"
_PROBLEMS_TITLE = "the translation has problems to fix (stmtl10n check), left out"
#: The aligned documents of a statement: build/aligned/<slug>.html and .md.

# Runs of left-to-right text (Latin names, numbers, URLs, hashtags, handles)
# inside right-to-left text: isolated with <bdi> so "25,000", "#LiftTheSiege" or
# "Free Palestine, BDS" keep their order and do not pull neighbouring Arabic
# punctuation around (unisolated, "#LiftTheSiege." shows as ".LiftTheSiege#").
# Brackets stay outside the runs: in right-to-left text they must mirror with
# the Arabic around them. Angle brackets are in: HTML shown as text (<b>BDS</b>)
# reads left to right. A run is taken whole (one greedy class, no backtracking)
# and its trailing punctuation is given back in Python: linear on any input.
_LTR_LETTERS = "A-Za-z0-9\u00C0-\u024F\u1E00-\u1EFF"
_LTR_RUN = re.compile(rf"[#@<{_LTR_LETTERS}][<>{_LTR_LETTERS}.,:;/@_%+&'’#?=~\-– ]*")
_LTR_END = re.compile(rf"[>{_LTR_LETTERS}/%]")
_FOOTNOTE_NOTE = re.compile(r"footnote \[\^([^\]\s]+)\]")
_BULLETS = {"*": "•", "-": "•", "+": "•"}


@dataclass(frozen=True, slots=True)
class Links:
    """What the inline Markdown of a statement's cells refers to, read from the whole statement.

    A segment is one block: a reference link (``[the list][arms]``) or a
    footnote reference (``[^1]``) in it only resolves with the statement's
    definitions, which are not in any segment.

    :param references: ``(label, href, title)`` of each link reference definition (label as markdown-it normalizes it).
    :param footnotes: the footnote labels, numbered from 1 in this order (the order of their first reference).
    """

    references: tuple[tuple[str, str, str], ...] = ()
    footnotes: tuple[str, ...] = ()

    def env(self) -> dict[str, object]:
        """A fresh markdown-it environment holding these definitions (rendering changes it)."""
        return {
            "references": {label: {"href": href, "title": title} for label, href, title in self.references},
            "footnotes": {"refs": {f":{label}": n for n, label in enumerate(self.footnotes)},
                          "list": {n: {"label": label, "count": 0} for n, label in enumerate(self.footnotes)}},
        }

    def footnote_number(self, label: str) -> int | None:
        return self.footnotes.index(label) + 1 if label in self.footnotes else None


def statement_links(text: str, *, path: str) -> Links:
    """The link reference definitions and footnotes of a Markdown statement (none for plain text).

    >>> links = statement_links("See [the list][arms].[^n]\\n\\n[arms]: https://example.org/a\\n[^n]: A note.\\n", path="s.md")
    >>> links.references, links.footnotes
    ((('ARMS', 'https://example.org/a', ''),), ('n',))
    """
    # A definition, of a link or of a footnote, is a label closed by "]" and
    # followed at once by ":" (CommonMark, and the footnote plugin): a statement
    # without "]:" has none, and most statements have none.
    if "]:" not in text or format_for(path).name != "markdown":
        return Links()
    env: dict[str, object] = {}
    md = _definitions_parser()
    tokens = md.parse(text, env)
    references = env.get("references") or {}
    assert isinstance(references, dict)
    found = tuple((str(label), str(value.get("href", "")), str(value.get("title", "") or ""))
                  for label, value in references.items() if isinstance(value, dict))
    notes = env.get("footnotes") or {}
    assert isinstance(notes, dict)
    if notes.get("refs"):
        # Footnotes are numbered in the order of their first reference, which only the
        # inline pass finds. A reference is a literal "[^label]" in an inline token's
        # text, so only the tokens holding "[^" are parsed, in document order, as
        # markdown-it's inline pass would.
        for token in tokens:
            if token.type == "inline" and "[^" in token.content:
                md.inline.parse(token.content, md, env, [])
    listed = notes.get("list") or {}
    ordered = [str(item["label"]) for _, item in sorted(listed.items()) if isinstance(item, dict) and "label" in item]
    unreferenced = [str(key)[1:] for key in notes.get("refs") or {} if str(key)[1:] not in ordered]
    return Links(found, tuple(ordered + unreferenced))


@lru_cache(maxsize=1)
def _definitions_parser() -> MarkdownIt:
    # The block pass finds every definition; the inline pass (most of a parse's
    # cost) runs only where a footnote may be referenced (see statement_links).
    # footnote_tail reads the inline pass's results and only moves tokens.
    md = make_markdown_parser()
    md.disable(["inline", "footnote_tail", "text_join"])
    return md


@dataclass(frozen=True, slots=True)
class Cell:
    lang: str
    text: str  # Markdown inline text (the msgid or msgstr); "" for a withheld cell
    state: CellState
    reason: str = ""  # for a withheld cell: PROBLEMS when its translation has problems, "" when not reviewed


@dataclass(frozen=True, slots=True)
class Row:
    segment: Segment  # its level (headings) and marker (list items) as the statement writes them
    cells: tuple[Cell, ...]  # source first


def aligned_rows(
    text: str,
    *,
    path: str,
    source_lang: str,
    catalogs: dict[str, Catalog | None],
    reviewed_only: bool = False,
    withheld: Mapping[str, Collection[tuple[str | None, str]]] | None = None,
    front_matter_keys: Sequence[str] | None = None,
) -> list[Row]:
    """One row per segment of the statement, in document order, one cell per language.

    The statement is segmented again and each segment is looked up by
    ``(msgctxt, msgid)`` in each catalog, never by position in the PO file.

    :param catalogs: language → its catalog (None when there is none yet), in column order.
    :param reviewed_only: leave drafts and untranslated cells blank (state ``withheld``).
    :param withheld: language → the ``(msgctxt, msgid)`` of translations with problems
        (build's checks): their cells are blank, state ``withheld`` for reason ``problems``.
    """
    segments = format_for(path, front_matter_keys=front_matter_keys).extract(text, path=path)
    indexes = {lang: (catalog.index() if catalog is not None else {}) for lang, catalog in catalogs.items()}
    bad = withheld or {}
    rows = []
    for segment in segments:
        cells = [Cell(source_lang, segment.text, "source")]
        for lang, index in indexes.items():
            entry = index.get(segment.key)
            if entry is not None and segment.key in bad.get(lang, ()):
                cells.append(Cell(lang, "", "withheld", PROBLEMS))
            else:
                cells.append(_cell(lang, segment, entry, reviewed_only=reviewed_only))
        rows.append(Row(segment, tuple(cells)))
    return rows


def _cell(lang: str, segment: Segment, entry: Entry | None, *, reviewed_only: bool) -> Cell:
    if entry is not None and entry.state is EntryState.REVIEWED:
        return Cell(lang, entry.msgstr, "reviewed")
    if reviewed_only:
        return Cell(lang, "", "withheld")
    if entry is not None and entry.msgstr:
        return Cell(lang, entry.msgstr, "draft")
    return Cell(lang, segment.text, "untranslated")


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=2)
def _inline_markdown(rtl: bool) -> MarkdownIt:
    # html=False: raw HTML in a statement or a translation is shown as text, never
    # injected.  Images would fetch from the network, so they stay links.
    md = make_markdown_parser({"html": False})
    md.disable("image")
    # A cell shows a reference; the note is a row of its own (footnote_tail would append it to every cell).
    md.disable("footnote_tail")
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    if rtl:
        md.add_render_rule("text", _render_isolated_text)
        md.add_render_rule("code_inline", _render_isolated_code)
    # The same link is in the source cell and in each translation: normalized once.
    md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=4096)
def _normalize_link(url: str) -> str:
    # What MarkdownIt.normalizeLink does (percent-encoding, punycode): a pure function of the URL.
    return normalize_url.normalizeLink(url)


@lru_cache(maxsize=4096)  # an untranslated cell shows the source again: rendered once
def render_inline_html(text: str, *, lang: str, links: Links = Links()) -> str:
    """Inline Markdown as safe HTML; in right-to-left text, left-to-right runs are isolated in ``<bdi>``.

    >>> render_inline_html("*Free* <b>Gaza</b>", lang="en")
    '<em>Free</em> &lt;b&gt;Gaza&lt;/b&gt;'
    >>> render_inline_html("دعوة BDS 2024", lang="ar")
    'دعوة <bdi>BDS 2024</bdi>'
    >>> render_inline_html("ارفعوا الحصار #LiftTheSiege.", lang="ar")
    'ارفعوا الحصار <bdi>#LiftTheSiege</bdi>.'

    :param links: the statement's reference definitions and footnotes (see :func:`statement_links`).
    """
    rtl = _direction(lang) == "rtl"
    if not _INLINE_SYNTAX.search(text):
        # Nothing markdown-it's inline rules could start on: the text is one text
        # token, rendered as its renderer would, at a fraction of the cost.
        return _isolate_ltr(text) if rtl else text.replace(">", "&gt;").replace('"', "&quot;")
    env = links.env()
    env["stmtl10n_links"] = links
    rendered: str = _inline_markdown(rtl).renderInline(text, env)
    return rendered


def _render_footnote_ref(self: object, tokens: Sequence[Token], idx: int, options: object, env: dict[str, object]) -> str:
    # The number the statement gives the note, linking to its row; no id, as every column has the reference.
    links = env.get("stmtl10n_links")
    label = str(tokens[idx].meta.get("label", ""))
    number = links.footnote_number(label) if isinstance(links, Links) else None
    shown = str(number) if number is not None else html.escape(label)
    return f'<sup class="fn-ref"><a href="#fn-{shown}">{shown}</a></sup>'


# Characters that can open inline Markdown (emphasis, code, links, autolinks
# and HTML, entities, escapes, line breaks); without them a cell is plain text.
# "!" is not one: images are off, so "![" is "!" and a link, and "[" is here.
_INLINE_SYNTAX = re.compile(r"[*_`\[\]<&\\\n]")


def _render_isolated_text(self: object, tokens: Sequence[Token], idx: int, options: object, env: object) -> str:
    return _isolate_ltr(tokens[idx].content)


def _render_isolated_code(self: object, tokens: Sequence[Token], idx: int, options: object, env: object) -> str:
    return f"<bdi><code>{html.escape(tokens[idx].content, quote=False)}</code></bdi>"


def _isolate_ltr(text: str) -> str:
    out = []
    pos = 0
    for match in _LTR_RUN.finditer(text):
        run = match.group()
        # The run ends at its last letter, digit, "/", "%" or ">": trailing
        # punctuation and spaces belong to the right-to-left sentence.
        end = len(run)
        while end > 1 and not _LTR_END.match(run, end - 1):
            end -= 1
        out.append(html.escape(text[pos:match.start()], quote=False))
        out.append(f"<bdi>{html.escape(run[:end], quote=False)}</bdi>{html.escape(run[end:], quote=False)}")
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def _language_label(lang: str) -> str:
    own = display_name(lang, in_locale=lang)
    english = display_name(lang)
    return own if own == english else f"{own} ({english})"


_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
       margin: 1.5rem; color: #1b1b1b; line-height: 1.45; }
:lang(ar), :lang(fa), :lang(ur) { font-family: "Noto Naskh Arabic", "Amiri", "Geeza Pro", "Arabic Typesetting",
       "Traditional Arabic", serif; font-size: 1.08em; line-height: 1.6; }
:lang(he) { font-family: "Noto Sans Hebrew", "Arial Hebrew", "David", sans-serif; }
h1.title { font-size: 1.4rem; margin: 0 0 .5rem; }
.legend { font-size: .85rem; color: #444; margin: 0 0 1rem; padding: .5rem .75rem; border: 1px solid #ccc; }
.legend span { margin-inline-end: 1.25rem; white-space: nowrap; }
.print-note { font-size: .75rem; color: #666; margin: -.5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #c8c8c8; padding: .4rem .55rem; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f0f0f0; font-size: .9rem; text-align: start; }
.n { width: 2.6rem; color: #777; font-size: .75rem; text-align: end; }
td p, td h1, td h2, td h3, td h4, td h5, td h6 { margin: 0; }
td h1 { font-size: 1.35rem; } td h2 { font-size: 1.2rem; } td h3 { font-size: 1.08rem; }
td h4 { font-size: 1rem; } td h5 { font-size: .95rem; } td h6 { font-size: .9rem; font-style: italic; }
.marker { font-weight: 600; margin-inline-end: .35em; }
.row-signatory td { font-size: .9rem; padding-top: .2rem; padding-bottom: .2rem; }
.state-draft { background: #fff8e1; border-inline-start: 3px dashed #c77c00; }
.state-untranslated { background: #f6f6f6; color: #8a8a8a; }
.state-withheld { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 6px, #efefef 6px, #efefef 12px); }
.badge { display: inline-block; font-size: .7rem; font-weight: 600; padding: 0 .35em; border-radius: 3px;
         margin-inline-start: .4em; vertical-align: middle; font-family: system-ui, sans-serif; }
.badge-draft { background: #c77c00; color: #fff; }
.badge-untranslated { background: #8a8a8a; color: #fff; }
.badge-withheld { background: #555; color: #fff; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; }
.fn-ref { font-size: .75em; line-height: 0; }
.fn-ref a { text-decoration: none; }
.row-footnote .marker { font-size: .85em; }
/* A phone: each segment's languages one under the other, each cell named by its language. */
@media screen and (max-width: 700px) {
  body { margin: .75rem; }
  .legend span { white-space: normal; }
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead { display: none; }
  tr { border: 1px solid #c8c8c8; margin: 0 0 .75rem; }
  td { border: none; border-top: 1px solid #e4e4e4; overflow-wrap: break-word; }
  td.n { width: auto; text-align: start; border-top: none; padding-bottom: 0; }
  td[data-label]::before { content: attr(data-label); display: block; font-size: .7rem; color: #666;
                           font-family: system-ui, sans-serif; margin-bottom: .15rem; }
}
@media print {
  /* A4 by default; for US Letter change "A4" to "letter" here or pick Letter in the print dialog. */
  @page { size: A4 ORIENTATION; margin: 14mm 12mm; }
  body { margin: 0; font-size: 9.5pt; }
  .legend { border: none; padding: 0; }
  .print-note { display: none; }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  .n { width: 2rem; }
  .state-draft, .state-untranslated, .state-withheld, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: underline; }
}
"""


def render_aligned_html(rows: Sequence[Row], *, title: str, languages: Sequence[str], reviewed_only: bool = False,
                        links: Links = Links()) -> str:
    """A standalone HTML page: one row per segment, one column per language (source first).

    The segments' Markdown is rendered (emphasis, links, reference links and
    footnotes resolved with ``links``, list numbers and bullets, headings);
    HTML in them is shown as text. No scripts, no external stylesheets, fonts
    or images; system fonts with Arabic fallbacks; under 700 px wide each
    segment's languages are stacked; a print stylesheet for A4 (Letter
    noted) that repeats the column headers on every page and keeps rows whole.

    :param title: the statement's title, inline Markdown (``Stop the *siege* now``).
    """
    source_lang = languages[0]
    orientation = "landscape" if len(languages) >= 4 else "portrait"
    shown_title = render_inline_html(title, lang=source_lang, links=links)
    plain_title = html.unescape(_TAGS.sub("", shown_title))
    out = [
        "<!DOCTYPE html>\n",
        f'<html lang="{_attr(source_lang)}" dir="{_direction(source_lang)}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="stmtl10n">\n',
        f"<title>{html.escape(plain_title)}</title>\n<style>{_CSS.replace('ORIENTATION', orientation)}</style>\n</head>\n<body>\n",
        f'<h1 class="title">{shown_title}</h1>\n',
        '<p class="legend">',
        '<span>Columns: ' + " · ".join(html.escape(_language_label(lang)) for lang in languages) + "</span> ",
    ]
    if reviewed_only:
        out.append('<span><span class="badge badge-withheld">not reviewed</span> not reviewed yet, left out</span>')
    else:
        out.append('<span><span class="badge badge-draft">draft</span> draft, not reviewed yet</span> ')
        out.append('<span><span class="badge badge-untranslated">untranslated</span> source text shown in grey</span>')
    if _has_problem_cells(rows):
        out.append(' <span><span class="badge badge-withheld">withheld: problems</span> '
                   "the translation has problems to fix, left out</span>")
    out.append("</p>\n")
    out.append('<p class="print-note">Prints on A4 with the column headers on every page. '
               "For US Letter paper, change <code>size: A4</code> to <code>size: letter</code> "
               "in this file's style sheet.</p>\n")
    out.append("<table>\n<thead>\n<tr><th class=\"n\" scope=\"col\">#</th>")
    for lang in languages:
        out.append(f'<th scope="col" lang="{_attr(lang)}" dir="{_direction(lang)}">'
                   f"{html.escape(_language_label(lang))}</th>")
    out.append("</tr>\n</thead>\n<tbody>\n")
    labels = {lang: _language_label(lang) for lang in languages}
    for number, row in enumerate(rows, start=1):
        kind_class = row.segment.kind.replace(" ", "-")
        note = _footnote_label(row.segment)
        footnote = links.footnote_number(note) if note is not None else None
        if footnote is not None:
            kind_class, anchor = "footnote", f"fn-{footnote}"
        else:
            anchor = f"s{number}"
        out.append(f'<tr class="row-{kind_class}" id="{anchor}"><td class="n">{number}</td>')
        for cell in row.cells:
            out.append(_html_cell(cell, row, links=links, label=labels.get(cell.lang, cell.lang), footnote=footnote))
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</body>\n</html>\n")
    return "".join(out)


def _html_cell(cell: Cell, row: Row, *, links: Links = Links(), label: str = "", footnote: int | None = None) -> str:
    # An untranslated cell shows the source text: it is in the source's language and direction.
    shown_lang = row.cells[0].lang if cell.state == "untranslated" else cell.lang
    # The label names the language where cells are stacked (a phone), in place of the column headers.
    attrs = f' class="state-{cell.state}" data-label="{html.escape(label, quote=True)}"'
    badge = ""
    if cell.reason == PROBLEMS:
        badge = f'<span class="badge badge-withheld" title="{_PROBLEMS_TITLE}">withheld: problems</span>'
    elif cell.state in _STATE_LABELS:
        label = {"draft": "draft", "untranslated": "untranslated", "withheld": "not reviewed"}[cell.state]
        badge = f'<span class="badge badge-{cell.state}" title="{_STATE_LABELS[cell.state]}">{label}</span>'
    if cell.state == "withheld":
        return f'<td lang="{_attr(shown_lang)}" dir="{_direction(shown_lang)}"{attrs}>{badge}</td>'
    content = render_inline_html(cell.text, lang=shown_lang, links=links)
    marker = ""
    if row.segment.marker:
        shown_marker = _BULLETS.get(row.segment.marker, row.segment.marker)
        marker = f'<span class="marker"><bdi>{html.escape(shown_marker)}</bdi></span>'
    elif footnote is not None:
        marker = f'<span class="marker"><bdi>[{footnote}]</bdi></span>'
    if row.segment.level:
        body = f"<h{row.segment.level}>{content}{badge}</h{row.segment.level}>"
    else:
        body = f"<p>{marker}{content}{badge}</p>"
    return f'<td lang="{_attr(shown_lang)}" dir="{_direction(shown_lang)}"{attrs}>{body}</td>'


_TAGS = re.compile(r"<[^<>]*>")


def _footnote_label(segment: Segment) -> str | None:
    """The label of the footnote whose definition ``segment`` is (extract notes it as ``footnote [^x]``)."""
    for note in segment.notes:
        found = _FOOTNOTE_NOTE.fullmatch(note)
        if found:
            return found.group(1)
    return None


@lru_cache(maxsize=64)  # asked for every cell of every row, of the few languages of a page
def _direction(lang: str) -> str:
    return text_direction(lang)


@lru_cache(maxsize=64)
def _attr(value: str) -> str:
    return html.escape(value.replace("_", "-"), quote=True)


def _has_problem_cells(rows: Sequence[Row]) -> bool:
    return any(cell.reason == PROBLEMS for row in rows for cell in row.cells)


# --------------------------------------------------------------------------- Markdown

_BLOCK_START = re.compile(r"^(\s*)([#>+=|~`]|[-*](?=\s|$)|\d{1,9}[.)](?=\s|$))")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


def render_aligned_markdown(rows: Sequence[Row], *, title: str, languages: Sequence[str],
                            reviewed_only: bool = False) -> str:
    """The alignment as Markdown for a pull request: each segment once, its languages one under the other.

    Each translation is a block quote line labelled with its language, so long
    paragraphs stay readable on a code-hosting site (a table would squeeze
    them into narrow columns).  Raw HTML is escaped, lines that would open a
    block are escaped, and states are marked in words.
    """
    out = [f"# {_markdown_text(title)}\n\n"]
    out.append("Aligned: " + " · ".join(f"{_language_label(lang)} (`{lang}`)" for lang in languages) + "  \n")
    if reviewed_only:
        out.append("Only reviewed translations are shown; *(not reviewed)* marks the others.")
    else:
        out.append("*(draft)*: not reviewed yet. *(untranslated)*: the source text is shown instead.")
    if _has_problem_cells(rows):
        out.append(" *(withheld: problems)*: the translation has problems to fix, left out.")
    out.append("\n\n")
    for number, row in enumerate(rows, start=1):
        what = row.segment.kind
        if row.segment.level:
            what = f"heading {row.segment.level}"
        if row.segment.marker:
            what += f" `{row.segment.marker}`"
        out.append(f"---\n\n**{number}** · {what}\n\n")
        for cell in row.cells:
            label = f"**{cell.lang.replace('_', '-')}**"
            if cell.state == "draft":
                label += " *(draft)*"
            elif cell.state == "untranslated":
                label += " *(untranslated)*"
            elif cell.state == "withheld":
                mark = "withheld: problems" if cell.reason == PROBLEMS else "not reviewed"
                out.append(f"> {label} *({mark})*\n\n")
                continue
            lines = _markdown_text(cell.text).split("\n")
            if _direction(cell.lang if cell.state != "untranslated" else row.cells[0].lang) == "rtl":
                # Code-hosting sites give each paragraph dir="auto": the text needs a
                # paragraph of its own, or the Latin label makes it left-to-right.
                out.append(f"> {label}:\n>\n")
                lines[0] = _BLOCK_START.sub(r"\1\\\2", lines[0], count=1)
                out.extend(f"> {line}\n" for line in lines)
            else:
                out.append(f"> {label}: {lines[0]}\n")
                out.extend(f"> {line}\n" for line in lines[1:])
            out.append("\n")
    return "".join(out)


def _markdown_text(text: str) -> str:
    """Inline text safe in a block quote line: raw HTML escaped, block openers escaped after line breaks."""
    pieces = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_escape_html(text[pos:match.start()]))
        pieces.append(match.group())
        pos = match.end()
    pieces.append(_escape_html(text[pos:]))
    lines = "".join(pieces).split("\n")
    return "\n".join([lines[0], *(_BLOCK_START.sub(r"\1\\\2", line, count=1) for line in lines[1:])])


def _escape_html(text: str) -> str:
    return text.replace("<", "\\<").replace(">", "\\>")


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class AlignedDocuments:
    statement: str
    html_path: str
    markdown_path: str
    reviewed_percent: float  # share of translation cells with a reviewed translation
    withheld: int = 0  # translations left out of their cells because of their problems


def write_aligned(
    project: Project,
    statement: Statement,
    *,
    languages: Sequence[str],
    reviewed_only: bool = False,
    text: str | None = None,
    catalogs: dict[str, Catalog | None] | None = None,
    withheld: Mapping[str, Collection[tuple[str | None, str]]] | None = None,
) -> AlignedDocuments:
    """Write ``build/aligned/<slug>.html`` and ``.md`` for one statement (atomically).

    :param text: the statement, when the caller has read it already.
    :param catalogs: language → catalog (None when there is none), when the caller has read them.
    :param withheld: language → the keys of translations with problems, left out of their
        cells (build passes what its checks found; see :func:`aligned_rows`).
    """
    documents, files = render_aligned(project, statement, languages=languages, reviewed_only=reviewed_only,
                                      text=text, catalogs=catalogs, withheld=withheld)
    for path, content in files.items():
        atomic_write(path, content)
    return documents


def render_aligned(
    project: Project,
    statement: Statement,
    *,
    languages: Sequence[str],
    reviewed_only: bool = False,
    text: str | None = None,
    catalogs: dict[str, Catalog | None] | None = None,
    withheld: Mapping[str, Collection[tuple[str | None, str]]] | None = None,
) -> tuple[AlignedDocuments, dict[Path, str]]:
    """What :func:`write_aligned` writes, without writing it: the summary, and each file's path and text
    (``build --check`` compares them with what ``build/aligned/`` holds)."""
    if text is None:
        text = read_statement(project.root / statement.path, display=statement.path)
    if catalogs is None:
        catalogs = {}
        for lang in languages:
            po_path = project.catalog_path(statement.slug, lang)
            catalogs[lang] = read_catalog(po_path, display=project.relative(po_path)) if po_path.exists() else None
    catalogs = {lang: catalogs.get(lang) for lang in languages}
    rows = aligned_rows(text, path=statement.path, source_lang=project.settings.source_lang,
                        front_matter_keys=project.settings.front_matter_keys,
                        catalogs=catalogs, reviewed_only=reviewed_only, withheld=withheld)
    title = next((row.segment.text for row in rows if row.segment.kind == HEADING), statement.slug)
    columns = [project.settings.source_lang, *languages]
    folder = project.build_dir / "aligned"
    html_path, md_path = (folder / f"{statement.slug}{suffix}" for suffix in ALIGNED_SUFFIXES)
    links = statement_links(text, path=statement.path)
    files = {
        html_path: render_aligned_html(rows, title=title, languages=columns, reviewed_only=reviewed_only, links=links),
        md_path: render_aligned_markdown(rows, title=title, languages=columns, reviewed_only=reviewed_only),
    }
    cells = [cell for row in rows for cell in row.cells[1:]]
    reviewed = 100.0 * sum(cell.state == "reviewed" for cell in cells) / len(cells) if cells else 100.0
    problems = sum(cell.reason == PROBLEMS for cell in cells)
    documents = AlignedDocuments(statement.slug, project.relative(html_path), project.relative(md_path), reviewed, problems)
    return documents, files


__all__ = [
    "ALIGNED_SUFFIXES",
    "PROBLEMS",
    "AlignedDocuments",
    "Cell",
    "Links",
    "Row",
    "aligned_rows",
    "render_aligned",
    "render_aligned_html",
    "render_aligned_markdown",
    "render_inline_html",
    "statement_links",
    "write_aligned",
]
