"""The review server's HTML, built from escaped pieces: every text from a statement or catalog goes through ``esc``."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import quote

from stmtl10n.catalog import Entry, EntryState
from stmtl10n.model import Problem, Statement
from stmtl10n.review.accounts import Reviewer
from stmtl10n.review.catalogs import (
    CatalogProgress,
    LanguageInfo,
    ReviewPage,
    block_kind,
    entry_version,
    language_info,
    word_diff,
)

FILTERS = {
    "needs-review": "Needs review",
    "problems": "Has problems",
    "untranslated": "Untranslated",
    "all": "All",
}
DEFAULT_FILTER = "needs-review"
# What a reviewer says by accepting a check's error ("Accept: …"); the page's script reads these too.
ACCEPT_LABELS = {
    "markup": "the link or markup changed on purpose",
    "numbers": "the numbers differ on purpose",
    "dates": "the date is written right",
    "identifiers": "the address or tag changed on purpose",
    "names": "the name is written right",
    "wrong-language": "the language is right",
    "machine-marks": "the marks belong there",
    "unchanged": "it stays as in the source",
    "length": "the length is right",
    "punctuation": "the punctuation is right",
}
# By EntryState value, in a reviewer's words.
_STATE_LABELS = {
    "reviewed": "reviewed", "machine": "machine draft: needs review", "changed": "source changed: needs review",
    "draft": "draft: needs review", "untranslated": "untranslated",
}


def esc(text: object) -> str:
    """Text made safe for HTML content and quoted attributes.

    >>> esc('"><img src=x onerror=alert(1)>')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
    """
    return _escaped(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=65536)
def _escaped(text: str) -> str:
    # A review page escapes the same segments on every load (and each one
    # three times, as itself and as its neighbours' context): remember them.
    return html.escape(text, quote=True)


def review_url(slug: str, lang: str, suffix: str = "") -> str:
    return f"/review/{quote(slug, safe='')}/{quote(lang, safe='')}{suffix}"


def layout(title: str, body: str, *, reviewer: Reviewer | None = None, csrf_token: str = "",
           body_class: str = "") -> str:
    """A whole page: one stylesheet, one script, nothing inline."""
    account = ""
    if reviewer is not None:
        scope = "coordinator" if reviewer.is_coordinator else ", ".join(reviewer.languages)
        account = (
            f'<span class="who">{esc(reviewer.name)} <small>({esc(scope)})</small></span>'
            f'<form method="post" action="/logout" class="logout">{_csrf_field(csrf_token)}'
            '<button type="submit">Log out</button></form>'
        )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="csrf-token" content="{esc(csrf_token)}">'
        f"<title>{esc(title)} · stmtl10n review</title>"
        '<link rel="stylesheet" href="/static/app.css">'
        '<script src="/static/app.js" defer></script></head>'
        f'<body class="{esc(body_class)}"><header class="top"><a class="home" href="/">stmtl10n review</a>'
        f"{account}</header><main>{body}</main></body></html>\n"
    )


def login_page(*, message: str = "") -> str:
    note = f'<p class="notice error">{esc(message)}</p>' if message else ""
    body = (
        '<section class="login"><h1>Log in</h1>'
        "<p>Open the login link your coordinator sent you, or paste its token here.</p>"
        f"{note}"
        '<form method="post" action="/login"><label for="token">Token</label>'
        '<input id="token" name="token" type="password" autocomplete="off" required>'
        '<button type="submit">Log in</button></form></section>'
    )
    return layout("Log in", body)


def login_link_page(reviewer: Reviewer, token: str) -> str:
    """What a login link opens: one button that posts the token.

    The click is the reviewer's own act, so a link on another site cannot log
    anyone in, and the form posts from our own page, so the browser keeps the
    SameSite=Strict cookie it gets back. The name is shown so nobody logs in
    under somebody else's name unawares.
    """
    body = (
        f'<section class="login"><h1>Log in as {esc(reviewer.name)}</h1>'
        "<p>This is your personal login link: do not share it.</p>"
        '<form method="post" action="/login" id="login-link">'
        f'<input type="hidden" name="token" value="{esc(token)}">'
        '<button type="submit">Log in</button></form></section>'
    )
    return layout("Log in", body, body_class="login-link")


def statements_page(rows: list[tuple[Statement, list[tuple[str, CatalogProgress]]]], *, reviewer: Reviewer,
                    csrf_token: str) -> str:
    parts = ['<h1>Statements</h1><p class="hint">Pick a statement and a language to review its drafts.</p>']
    if not rows:
        parts.append('<p class="notice">No statements yet: add them to statements/ and run <code>stmtl10n extract</code>.</p>')
    for statement, per_lang in rows:
        cells = []
        for lang, progress in per_lang:
            info = language_info(lang)
            mine = " mine" if reviewer.can_change(lang) else ""
            if not progress.exists:
                cells.append(f'<li class="lang missing{mine}"><span class="name">{esc(info.name)}</span> '
                             '<span class="counts">no catalog yet: run <code>stmtl10n extract</code></span></li>')
                continue
            cells.append(
                f'<li class="lang{mine}"><a href="{esc(review_url(statement.slug, lang))}">'
                f'<span class="name">{esc(info.name)} <small>{esc(lang)}</small></span>'
                f"{progress_bar(progress)}{progress_counts(progress)}</a></li>"
            )
        parts.append(
            f'<section class="statement"><h2>{esc(statement.slug)}</h2>'
            f'<p class="path">{esc(statement.path)}</p><ul class="langs">{"".join(cells)}</ul></section>'
        )
    return layout("Statements", "".join(parts), reviewer=reviewer, csrf_token=csrf_token)


def progress_bar(progress: CatalogProgress) -> str:
    entries = progress.entries
    total = entries.total or 1
    # Widths come from a fixed set of classes: the policy forbids inline styles.
    segments = []
    for state, count in (("reviewed", entries.reviewed), ("draft", entries.drafts),
                         ("untranslated", entries.untranslated)):
        if count:
            segments.append(f'<span class="bar-{state} w{round(20 * count / total) * 5}"></span>')
    return f'<span class="bar" aria-hidden="true">{"".join(segments)}</span>'


def progress_counts(progress: CatalogProgress) -> str:
    # Catalogs not checked yet (or without checks) show no count rather than a wrong zero.
    problems = "" if progress.problems is None else (
        f'<span class="c-problems" data-count="problems">{progress.problems}</span> problems'
    )
    return (
        f'<span class="counts" data-total="{progress.entries.total}">'
        f'<span class="c-reviewed" data-count="reviewed">{progress.entries.reviewed}</span> reviewed · '
        f'<span class="c-drafts" data-count="drafts">{progress.entries.drafts}</span> drafts · '
        f'<span class="c-untranslated" data-count="untranslated">{progress.entries.untranslated}</span> untranslated'
        f'{" · " + problems if problems else ""}</span>'
    )


def review_page(page: ReviewPage, *, source_lang: str, reviewer: Reviewer, csrf_token: str, filter_name: str,
                notice: str = "") -> str:
    ref, snapshot = page.ref, page.snapshot
    lang = language_info(ref.lang)
    source = language_info(source_lang)
    can_change = reviewer.can_change(ref.lang)
    shown = [ident for ident in snapshot.order if _matches(filter_name, snapshot.by_id[ident], page)]
    counts = {name: sum(1 for i in snapshot.order if _matches(name, snapshot.by_id[i], page)) for name in FILTERS}
    tabs = "".join(
        f'<a class="tab{" current" if name == filter_name else ""}" '
        f'href="{esc(review_url(ref.slug, ref.lang))}?filter={name}">{esc(label)} <span>{counts[name]}</span></a>'
        for name, label in FILTERS.items()
        if name != "problems" or page.problems is not None
    )
    header = (
        f'<h1>{esc(ref.slug)} <span class="arrow">→</span> {esc(lang.name)} <small>{esc(ref.lang)}</small></h1>'
        f'<p class="path">{esc(ref.statement.path)} · {esc(ref.path.name)}</p>'
        f'<div id="progress">{progress_bar(page.progress)}{progress_counts(page.progress)}</div>'
        f'<nav class="filters">{tabs}</nav>'
    )
    if not can_change:
        header += (f'<p class="notice">You review {esc(", ".join(reviewer.languages) or "no language")}: '
                   f"this page is read-only for you.</p>")
    elif page.problems is None:
        header += '<p class="hint">Checks are not available on this server: problems are not shown.</p>'
    if notice:
        header += f'<p class="notice" id="notice">{esc(notice)}</p>'
    header += ('<p class="keys hint">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, '
               "<kbd>e</kbd> edit, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save and approve while editing.</p>")
    entries = [
        entry_block(page, ident, source=source, target=lang, can_change=can_change, csrf_token=csrf_token,
                    filter_name=filter_name)
        for ident in shown
    ]
    if not entries:
        entries.append(f'<p class="notice empty">Nothing here under “{esc(FILTERS[filter_name])}”. '
                       f'<a href="{esc(review_url(ref.slug, ref.lang))}?filter=all">Show all entries</a>.</p>')
    body = f'{_review_section(page, filter_name)}{header}<div class="entries">{"".join(entries)}</div></section>'
    return layout(f"{ref.slug} [{ref.lang}]", body, reviewer=reviewer, csrf_token=csrf_token, body_class="review-page")


def _review_section(page: ReviewPage, filter_name: str) -> str:
    # What the page's script needs: where to post, under which filter, and the accept buttons' words.
    labels = json.dumps(ACCEPT_LABELS, ensure_ascii=False, sort_keys=True)
    return (f'<section class="review" data-slug="{esc(page.ref.slug)}" data-lang="{esc(page.ref.lang)}" '
            f'data-filter="{esc(filter_name)}" data-accept-labels="{esc(labels)}">')


def entry_block(page: ReviewPage, ident: str, *, source: LanguageInfo, target: LanguageInfo, can_change: bool,
                csrf_token: str, filter_name: str, flash: str = "", msgstr: str | None = None,
                problems: Sequence[Problem] | None = None, accepted: Sequence[str] = ()) -> str:
    """One entry: source and translation side by side, what changed, problems, context and actions.

    A refused approval shows the reviewer's own text (``msgstr``), its
    ``problems`` beside the box and the checks already ``accepted``, so the
    next click sends them again.
    """
    snapshot = page.snapshot
    entry = snapshot.by_id[ident]
    state = entry.state.value
    version = entry_version(entry)
    position = snapshot.positions[ident]
    meta = [f'<span class="num">#{position + 1}</span>']
    if block_kind(entry):
        meta.append(f'<span class="kind">{esc(block_kind(entry))}</span>')
    if "signatory" in entry.flags:
        meta.append('<span class="badge signatory">signatory: names stay as they are</span>')
    meta.append(f'<span class="badge state-{state}">{esc(_STATE_LABELS[state])}</span>')
    if entry.provenance:
        meta.append(f'<span class="provenance" title="where this translation comes from">{esc(entry.provenance)}</span>')
    if entry.references:
        meta.append(f'<span class="ref">{esc(entry.references[0])}</span>')
    if flash:
        meta.append(f'<span class="flash">{esc(flash)}</span>')

    parts = [f'<div class="meta">{" ".join(meta)}</div>']
    if entry.msgctxt:
        parts.append(f'<p class="context-note">Context: {esc(entry.msgctxt)}</p>')
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        parts.append(
            '<div class="changed"><p>The source changed since this was translated '
            '(<del>removed</del>, <ins>added</ins>):</p>'
            f'<p class="diff" lang="{esc(source.code)}" dir="{source.direction}">'
            f"{_diff_html(entry.previous_msgid, entry.msgid)}</p></div>"
        )
    source_html = (f'<div class="source" lang="{esc(source.code)}" dir="{source.direction}">'
                   f"{esc(entry.msgid)}</div>")
    shown_problems = list(page.entry_problems(entry) if problems is None else problems)
    if can_change:
        rows = max(2, min(12, len(entry.msgid) // 60 + 2))
        text = entry.msgstr if msgstr is None else msgstr
        kept = "".join(f'<input type="hidden" name="accepted" value="{esc(name)}">' for name in accepted)
        # The box holds something else than the catalog: approving it is an edit (the script must know).
        edited = " data-edited" if text != entry.msgstr else ""
        translation_html = (
            f'<div class="target"><textarea name="msgstr" class="translation" lang="{esc(target.code)}" '
            f'dir="{target.direction}" rows="{rows}" aria-label="Translation #{position + 1}" '
            f'placeholder="untranslated"{edited}>{esc(text)}</textarea>'
            f'<div class="check-problems" aria-live="polite">{problem_list(shown_problems, can_accept=True)}</div>'
            f"{kept}</div>"
        )
    else:
        shown_text = esc(entry.msgstr) if entry.msgstr else '<em class="none">untranslated</em>'
        translation_html = (f'<div class="translation" lang="{esc(target.code)}" dir="{target.direction}">'
                            f"{shown_text}</div>")
    pair = f'<div class="pair">{source_html}{translation_html}</div>'
    if can_change:
        approve_label = "Approve" if entry.msgstr else "Save and approve"
        pair = (
            f'<form class="entry-form" method="post" action="{esc(review_url(page.ref.slug, page.ref.lang))}/entries/{ident}">'
            f'{_csrf_field(csrf_token)}<input type="hidden" name="version" value="{version}">'
            f'<input type="hidden" name="filter" value="{esc(filter_name)}">{pair}'
            f'<div class="buttons"><button type="submit" name="action" value="approve" class="approve">{approve_label}</button>'
            '<button type="submit" name="action" value="send-back" class="send-back" '
            'title="Empty the translation so it is translated again">Send back</button></div></form>'
        )
    parts.append(pair)
    if shown_problems and not can_change:
        parts.append(problem_list(shown_problems, can_accept=False))
    parts.append(_context(page, position, source))
    return (f'<article class="entry state-{state}{" has-problems" if shown_problems else ""}" id="e-{ident}" '
            f'data-id="{ident}" data-version="{version}" tabindex="-1">{"".join(parts)}</article>')


def problems_page(page: ReviewPage, ident: str, *, source_lang: str, yours: str, problems: Sequence[Problem],
                  accepted: Sequence[str], message: str, reviewer: Reviewer, csrf_token: str, filter_name: str) -> str:
    """The answer to a form whose translation has errors: the entry again, the reviewer's text still in the box."""
    back = f"{review_url(page.ref.slug, page.ref.lang)}?filter={filter_name}#e-{ident}"
    block = entry_block(page, ident, source=language_info(source_lang), target=language_info(page.ref.lang),
                        can_change=True, csrf_token=csrf_token, filter_name=filter_name, msgstr=yours,
                        problems=problems, accepted=accepted)
    body = (
        f'{_review_section(page, filter_name)}<h1>Not saved</h1>'
        f'<p class="notice error" id="notice">{esc(message)}</p>'
        '<p class="hint">Fix the translation in the box and approve again, or accept a problem '
        "that is right on purpose.</p>"
        f'<div class="entries">{block}</div>'
        f'<p><a href="{esc(back)}">Back to the statement, keeping what is in the catalog</a></p></section>'
    )
    return layout("Not saved", body, reviewer=reviewer, csrf_token=csrf_token, body_class="review-page")


def conflict_page(page: ReviewPage, ident: str, *, yours: str, message: str, reviewer: Reviewer, csrf_token: str,
                  filter_name: str) -> str:
    """The answer to a form that lost a race: both versions, and a way to keep yours on purpose."""
    entry = page.snapshot.by_id[ident]
    lang = language_info(page.ref.lang)
    back = f"{review_url(page.ref.slug, page.ref.lang)}?filter={filter_name}#e-{ident}"
    body = (
        f'<section class="conflict"><h1>Not saved: {esc(message)}</h1>'
        f'<p>Source:</p><div class="source">{esc(entry.msgid)}</div>'
        f'<div class="versions"><div><h2>Now in the catalog</h2>'
        f'<div class="translation" lang="{esc(lang.code)}" dir="{lang.direction}">{esc(entry.msgstr) or "<em>untranslated</em>"}</div>'
        f'<p class="provenance">{esc(entry.provenance or "")} ({esc(_STATE_LABELS[entry.state.value])})</p></div>'
        f'<div><h2>Yours</h2><form method="post" action="{esc(review_url(page.ref.slug, page.ref.lang))}/entries/{ident}">'
        f'{_csrf_field(csrf_token)}<input type="hidden" name="version" value="{entry_version(entry)}">'
        f'<input type="hidden" name="filter" value="{esc(filter_name)}">'
        f'<textarea name="msgstr" class="translation" lang="{esc(lang.code)}" dir="{lang.direction}" rows="4">{esc(yours)}</textarea>'
        '<button type="submit" name="action" value="approve" class="approve">Save mine instead</button></form></div></div>'
        f'<p><a href="{esc(back)}">Back to the statement, keeping what is in the catalog</a></p></section>'
    )
    return layout("Conflict", body, reviewer=reviewer, csrf_token=csrf_token)


def message_page(title: str, message: str, *, reviewer: Reviewer | None = None, csrf_token: str = "") -> str:
    body = f'<section class="message"><h1>{esc(title)}</h1><p>{esc(message)}</p><p><a href="/">Statements</a></p></section>'
    return layout(title, body, reviewer=reviewer, csrf_token=csrf_token)


def _matches(filter_name: str, entry: Entry, page: ReviewPage) -> bool:
    if filter_name == "needs-review":
        return entry.state.is_draft
    if filter_name == "untranslated":
        return entry.state is EntryState.UNTRANSLATED
    if filter_name == "problems":
        return bool(page.entry_problems(entry))
    return True


def _diff_html(old: str, new: str) -> str:
    tags = {"delete": "del", "insert": "ins"}
    return "".join(
        esc(text) if op == "equal" else f"<{tags[op]}>{esc(text)}</{tags[op]}>" for op, text in word_diff(old, new)
    )


def problem_list(problems: Sequence[Problem], *, can_accept: bool) -> str:
    """The problems of a translation; errors get a button to accept them (app.js builds the same list)."""
    if not problems:
        return ""
    offered: set[str] = set()
    items = []
    for problem in problems:
        button = ""
        if can_accept and problem.severity == "error" and problem.check not in offered:
            offered.add(problem.check)
            button = (f' <button type="submit" name="accept" value="{esc(problem.check)}" class="accept">'
                      f"Accept: {esc(accept_label(problem.check))}</button>")
        items.append(f'<li class="severity-{esc(problem.severity)}"><strong>{esc(problem.check)}</strong>: '
                     f"{esc(problem.message)}{button}</li>")
    return f'<ul class="problems">{"".join(items)}</ul>'


def accept_label(check: str) -> str:
    """What accepting ``check``'s error says: ``Accept: <this>``."""
    return ACCEPT_LABELS.get(check, f"{check} is right here")


def _context(page: ReviewPage, position: int, source: LanguageInfo) -> str:
    order, by_id = page.snapshot.order, page.snapshot.by_id
    lines: list[str] = []
    for label, at in (("Before", position - 1), ("After", position + 1)):
        if 0 <= at < len(order):
            neighbour = by_id[order[at]]
            translated = f'<span class="nb-translation">{esc(neighbour.msgstr)}</span>' if neighbour.msgstr else ""
            lines.append(f'<p><span class="label">{label}:</span> <span lang="{esc(source.code)}">'
                         f"{esc(neighbour.msgid)}</span>{translated}</p>")
    if not lines:
        return ""
    return f'<details class="context"><summary>Context</summary>{"".join(lines)}</details>'


def _csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{esc(token)}">' if token else ""

