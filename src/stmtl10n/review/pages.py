"""The review server's HTML, built from escaped pieces: every text from a statement or catalog goes through ``esc``."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from stmtl10n.catalog import Entry, EntryState
from stmtl10n.documents.side_by_side import render_inline_html
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
from stmtl10n.review.comments import MAX_COMMENT_LENGTH, entry_comments
from stmtl10n.review.history import Step
from stmtl10n.review.i18n import (
    CHECK_NAMES,
    INTERFACE_LANGUAGES,
    N_,
    _,
    block_kind_name,
    check_name,
    current_language,
    day,
    direction,
    language_name,
    language_own_name,
    moment,
    ngettext,
    number,
    translations,
)

FILTERS = {
    "needs-review": N_("Needs review"),
    "problems": N_("Has problems"),
    "untranslated": N_("Untranslated"),
    "all": N_("All"),
}
DEFAULT_FILTER = "needs-review"
# What a reviewer says by accepting a check's error ("Accept: …"); the page's script reads these too.
ACCEPT_LABELS = {
    "markup": N_("the link or markup changed on purpose"),
    "numbers": N_("the numbers differ on purpose"),
    "dates": N_("the date is written right"),
    "identifiers": N_("the address or tag changed on purpose"),
    "names": N_("the name is written right"),
    "wrong-language": N_("the language is right"),
    "machine-marks": N_("the marks belong there"),
    "unchanged": N_("it stays as in the source"),
    "length": N_("the length is right"),
    "punctuation": N_("the punctuation is right"),
}
# By EntryState value, in a reviewer's words.
_STATE_LABELS = {
    "reviewed": N_("reviewed"), "machine": N_("machine draft: needs review"),
    "changed": N_("source changed: needs review"), "draft": N_("draft: needs review"),
    "untranslated": N_("untranslated"),
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


@lru_cache(maxsize=len(INTERFACE_LANGUAGES))
def _templates(lang: str) -> jinja2.Environment:
    """The pages' templates with ``lang``'s catalog: one environment per interface language (they are shared by threads)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("stmtl10n.review", "templates"),
                             autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, **context: object) -> Markup:
    """A template rendered in the current interface language (its text escaped, HTML in ``Markup`` kept)."""
    return Markup(_templates(current_language()).get_template(template).render(**context))


def layout(title: str, body: str, *, reviewer: Reviewer | None = None, csrf_token: str = "",
           body_class: str = "", here: str = "/") -> str:
    """A whole page: one stylesheet, one script, nothing inline; ``body`` is HTML already escaped.

    :param here: the page's own address, where the language switch comes back to.
    """
    scope = ""
    if reviewer is not None:
        scope = _("coordinator") if reviewer.is_coordinator else ", ".join(reviewer.languages)
    languages = [(code, language_own_name(code)) for code in INTERFACE_LANGUAGES]
    return str(render("layout.html", title=title, body=Markup(body), reviewer=reviewer, csrf_token=csrf_token,
                      body_class=body_class, scope=scope, ui_lang=current_language(), ui_dir=direction(),
                      interface_languages=languages, here=here)) + "\n"


def login_page(*, message: str = "") -> str:
    return layout(_("Log in"), render("login.html", message=message))


def login_link_page(reviewer: Reviewer, token: str) -> str:
    """What a login link opens: one button that posts the token.

    The click is the reviewer's own act, so a link on another site cannot log
    anyone in, and the form posts from our own page, so the browser keeps the
    SameSite=Strict cookie it gets back. The name is shown so nobody logs in
    under somebody else's name unawares.
    """
    return layout(_("Log in"), render("login_link.html", reviewer=reviewer, token=token), body_class="login-link")


def statements_page(rows: list[tuple[Statement, list[tuple[str, CatalogProgress]]]], *, reviewer: Reviewer,
                    csrf_token: str) -> str:
    """The statements by title (the slug beside it), with each language's progress."""
    shown = []
    for statement, per_lang in rows:
        cells = []
        title = next((progress.title for _, progress in per_lang if progress.exists and progress.title), "")
        for lang, progress in per_lang:
            cells.append({
                "lang": lang, "name": language_name(lang), "exists": progress.exists,
                "mine": " mine" if reviewer.can_change(lang) else "", "url": review_url(statement.slug, lang),
                "bar": Markup(progress_bar(progress)) if progress.exists else "",
                "counts": Markup(progress_counts(progress)) if progress.exists else "",
            })
        shown.append({"slug": statement.slug, "path": statement.path, "cells": cells,
                      "title": Markup(render_inline_html(title, lang="en")) if title else statement.slug})
    return layout(_("Statements"), render("statements.html", rows=shown), reviewer=reviewer, csrf_token=csrf_token)


def progress_bar(progress: CatalogProgress) -> str:
    if not progress.counted:
        return '<span class="bar" aria-hidden="true"></span>'
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
    # Catalogs not checked yet show that they are being checked rather than a wrong zero;
    # no problems is good news, not an alarm in red.
    def count(name: str, n: int, words: str) -> str:
        # The number inside the sentence's words: "%(n)s reviewed" lets a language put it where it goes.
        shown = f'<span class="c-{name}" data-count="{name}">{esc(number(n))}</span>'
        return esc(words).replace("%(n)s", shown)

    entries = progress.entries
    if not progress.counted:  # a first start: the background pass has not read this catalog yet
        return (f'<span class="counts"><span class="c-checking" data-count="progress">{esc(_("checking…"))}</span>'
                "</span>")
    if progress.problems is None:
        problems = f'<span class="c-checking" data-count="problems">{esc(_("checking…"))}</span>'
    else:
        quiet = " none" if progress.problems == 0 else ""
        shown = f'<span class="c-problems{quiet}" data-count="problems">{esc(number(progress.problems))}</span>'
        problems = esc(ngettext("%(n)s problem", "%(n)s problems", progress.problems)).replace("%(n)s", shown)
    return (
        f'<span class="counts" data-total="{entries.total}">'
        f'{count("reviewed", entries.reviewed, ngettext("%(n)s reviewed", "%(n)s reviewed", entries.reviewed))} · '
        f'{count("drafts", entries.drafts, ngettext("%(n)s draft", "%(n)s drafts", entries.drafts))} · '
        f'{count("untranslated", entries.untranslated, ngettext("%(n)s untranslated", "%(n)s untranslated", entries.untranslated))}'
        f' · {problems}</span>'
    )


def review_page(page: ReviewPage, *, source_lang: str, reviewer: Reviewer, csrf_token: str, filter_name: str,
                notice: str = "", can_draft: bool = True, here: str = "/") -> str:
    """A catalog's entries under a filter.

    :param can_draft: whether a machine engine can draft this language; if not, untranslated entries say what can be done.
    """
    ref, snapshot = page.ref, page.snapshot
    lang = language_info(ref.lang)
    source = language_info(source_lang)
    can_change = reviewer.can_change(ref.lang)
    shown = [ident for ident in snapshot.order if _matches(filter_name, snapshot.by_id[ident], page)]
    counts = {name: sum(1 for i in snapshot.order if _matches(name, snapshot.by_id[i], page)) for name in FILTERS}
    tabs = "".join(
        f'<a class="tab{" current" if name == filter_name else ""}" '
        f'href="{esc(review_url(ref.slug, ref.lang))}?filter={name}">{esc(_(label))} <span>{esc(number(counts[name]))}</span></a>'
        for name, label in FILTERS.items()
        if name != "problems" or page.problems is not None
    )
    title = snapshot.title
    shown_title = render_inline_html(title, lang=source_lang) if title else esc(ref.slug)
    header = (
        f'<h1><span class="title">{shown_title}</span> <span class="arrow">→</span> {esc(language_name(ref.lang))} '
        f'<small>{esc(ref.lang)}</small></h1>'
        f'<p class="path" dir="ltr">{esc(ref.slug)} · {esc(ref.statement.path)} · {esc(ref.path.name)}</p>'
        f'<div id="progress">{progress_bar(page.progress)}{progress_counts(page.progress)}</div>'
        f'<nav class="filters">{tabs}</nav>'
    )
    if not can_change:
        languages = ", ".join(reviewer.languages) or _("no language")
        header += f'<p class="notice">{esc(_("You review %(languages)s: this page is read-only for you.") % {"languages": languages})}</p>'
    elif page.problems is None:
        header += f'<p class="hint">{esc(_("Problems are being checked; reload in a moment to see them."))}</p>'
    if can_change and not can_draft and snapshot.progress.untranslated:
        header += (f'<p class="hint engine-hint">{esc(_("No machine engine can draft %(language)s here: translate the empty entries in their boxes (copy the source to start from it), or ask the coordinator to set up an engine for it (DeepL, LibreTranslate or an LLM, in stmtl10n.toml).") % {"language": language_name(ref.lang)})}</p>')
    if notice:
        header += f'<p class="notice" id="notice">{esc(notice)}</p>'
    header += f'<p class="keys hint">{_KEYS_HELP()}</p>'
    entries = [
        entry_block(page, ident, source=source, target=lang, can_change=can_change, csrf_token=csrf_token,
                    filter_name=filter_name)
        for ident in shown
    ]
    if not entries:
        nothing = _("Nothing here under “%(filter)s”.") % {"filter": _(FILTERS[filter_name])}
        entries.append(f'<p class="notice empty">{esc(nothing)} '
                       f'<a href="{esc(review_url(ref.slug, ref.lang))}?filter=all">{esc(_("Show all entries"))}</a>.</p>')
    body = f'{_review_section(page, filter_name)}{header}<div class="entries">{"".join(entries)}</div></section>'
    return layout(f"{title or ref.slug} [{ref.lang}]", body, reviewer=reviewer, csrf_token=csrf_token,
                  body_class="review-page", here=here)


def _KEYS_HELP() -> str:
    keys = {"j": "<kbd>j</kbd>", "k": "<kbd>k</kbd>", "a": "<kbd>a</kbd>", "e": "<kbd>e</kbd>",
            "ctrl_enter": "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>"}
    text = esc(_("Keys: %(j)s/%(k)s next/previous, %(a)s approve, %(e)s edit, %(ctrl_enter)s save and approve while editing."))
    return text.replace("%(j)s", keys["j"]).replace("%(k)s", keys["k"]).replace("%(a)s", keys["a"]).replace(
        "%(e)s", keys["e"]).replace("%(ctrl_enter)s", keys["ctrl_enter"])


def _review_section(page: ReviewPage, filter_name: str) -> str:
    # What the page's script needs: where to post, under which filter, and the accept buttons' words.
    labels = json.dumps({name: _(label) for name, label in ACCEPT_LABELS.items()}, ensure_ascii=False, sort_keys=True)
    words = json.dumps({key: _(text) for key, text in SCRIPT_WORDS.items()}, ensure_ascii=False, sort_keys=True)
    checks = json.dumps({name: check_name(name) for name in CHECK_NAMES}, ensure_ascii=False, sort_keys=True)
    return (f'<section class="review" data-slug="{esc(page.ref.slug)}" data-lang="{esc(page.ref.lang)}" '
            f'data-filter="{esc(filter_name)}" data-accept-labels="{esc(labels)}" data-words="{esc(words)}" '
            f'data-check-names="{esc(checks)}">')


# What the page's script writes itself, in the interface language (data-words).
SCRIPT_WORDS = {
    "accept": N_("Accept: %(what)s"),
    "right_here": N_("%(check)s is right here"),
    "conflict": N_("Not saved: someone changed this entry since you loaded it."),
    "theirs": N_("Now in the catalog: %(text)s"),
    "untranslated": N_("(untranslated)"),
    "yours": N_("Yours is in the box below: approve again to save it instead, or reload to keep theirs."),
    "copied": N_("Source copied into the box."),
    "memory": N_("Translation memory"),
    "match": N_("%(score)s match"),
    "use": N_("Use"),
    "glossary": N_("Glossary (keep these translations)"),
}


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
    meta = [f'<span class="num">#{esc(number(position + 1))}</span>']
    if block_kind(entry):
        meta.append(f'<span class="kind">{esc(block_kind_name(block_kind(entry)))}</span>')
    if "signatory" in entry.flags:
        meta.append(f'<span class="badge signatory">{esc(_("signatory: names stay as they are"))}</span>')
    meta.append(f'<span class="badge state-{state}">{esc(_(_STATE_LABELS[state]))}</span>')
    if entry.provenance:
        meta.append(f'<span class="provenance" title="{esc(_("where this translation comes from"))}" dir="ltr">'
                    f"{esc(entry.provenance)}</span>")
    if entry.references:
        meta.append(f'<span class="ref" dir="ltr">{esc(entry.references[0])}</span>')
    if flash:
        meta.append(f'<span class="flash">{esc(flash)}</span>')

    parts = [f'<div class="meta">{" ".join(meta)}</div>']
    if entry.msgctxt:
        parts.append(f'<p class="context-note">{esc(_("Context: %(context)s") % {"context": entry.msgctxt})}</p>')
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        parts.append(
            f'<div class="changed"><p>{esc(_("The source changed since this was translated"))} '
            f'(<del>{esc(_("removed"))}</del>, <ins>{esc(_("added"))}</ins>):</p>'
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
        # The page's script puts the source into the box (for names, numbers, or to translate from it).
        copy = (f'<button type="button" class="copy-source" data-source="{esc(entry.msgid)}">'
                f"{esc(_('Copy the source into the box'))}</button>")
        translation_html = (
            f'<div class="target">{copy}<textarea name="msgstr" class="translation" lang="{esc(target.code)}" '
            f'dir="{target.direction}" rows="{rows}" '
            f'aria-label="{esc(_("Translation #%(number)s") % {"number": number(position + 1)})}" '
            f'placeholder="{esc(_("untranslated"))}"{edited}>{esc(text)}</textarea>'
            f'<div class="check-problems" aria-live="polite">{problem_list(shown_problems, can_accept=True)}</div>'
            f"{kept}</div>"
        )
    else:
        shown_text = esc(entry.msgstr) if entry.msgstr else f'<em class="none">{esc(_("untranslated"))}</em>'
        translation_html = (f'<div class="translation" lang="{esc(target.code)}" dir="{target.direction}">'
                            f"{shown_text}</div>")
    pair = f'<div class="pair">{source_html}{translation_html}</div>'
    if can_change:
        approve_label = esc(_("Approve") if entry.msgstr else _("Save and approve"))
        pair = (
            f'<form class="entry-form" method="post" action="{esc(review_url(page.ref.slug, page.ref.lang))}/entries/{ident}">'
            f'{_csrf_field(csrf_token)}<input type="hidden" name="version" value="{version}">'
            f'<input type="hidden" name="filter" value="{esc(filter_name)}">{pair}'
            f'<div class="buttons"><button type="submit" name="action" value="approve" class="approve">{approve_label}</button>'
            f'<button type="submit" name="action" value="send-back" class="send-back" '
            f'title="{esc(_("Empty the translation so it is translated again"))}">{esc(_("Send back"))}</button></div></form>'
        )
    parts.append(pair)
    if shown_problems and not can_change:
        parts.append(problem_list(shown_problems, can_accept=False))
    parts.append(_comments_html(page, ident, can_change=can_change, csrf_token=csrf_token, filter_name=filter_name))
    parts.append(_history_html(page.history(ident)))
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
        f'{_review_section(page, filter_name)}<h1>{esc(_("Not saved"))}</h1>'
        f'<p class="notice error" id="notice">{esc(message)}</p>'
        f'<p class="hint">{esc(_("Fix the translation in the box and approve again, or accept a problem that is right on purpose."))}</p>'
        f'<div class="entries">{block}</div>'
        f'<p><a href="{esc(back)}">{esc(_("Back to the statement, keeping what is in the catalog"))}</a></p></section>'
    )
    return layout(_("Not saved"), body, reviewer=reviewer, csrf_token=csrf_token, body_class="review-page")


def conflict_page(page: ReviewPage, ident: str, *, yours: str, message: str, reviewer: Reviewer, csrf_token: str,
                  filter_name: str) -> str:
    """The answer to a form that lost a race: both versions, and a way to keep yours on purpose."""
    entry = page.snapshot.by_id[ident]
    lang = language_info(page.ref.lang)
    back = f"{review_url(page.ref.slug, page.ref.lang)}?filter={filter_name}#e-{ident}"
    body = (
        f'<section class="conflict"><h1>{esc(_("Not saved: %(why)s") % {"why": message})}</h1>'
        f'<p>{esc(_("Source:"))}</p><div class="source">{esc(entry.msgid)}</div>'
        f'<div class="versions"><div><h2>{esc(_("Now in the catalog"))}</h2>'
        f'<div class="translation" lang="{esc(lang.code)}" dir="{lang.direction}">{esc(entry.msgstr) or "<em>" + esc(_("untranslated")) + "</em>"}</div>'
        f'<p class="provenance">{esc(entry.provenance or "")} ({esc(_(_STATE_LABELS[entry.state.value]))})</p></div>'
        f'<div><h2>{esc(_("Yours"))}</h2><form method="post" action="{esc(review_url(page.ref.slug, page.ref.lang))}/entries/{ident}">'
        f'{_csrf_field(csrf_token)}<input type="hidden" name="version" value="{entry_version(entry)}">'
        f'<input type="hidden" name="filter" value="{esc(filter_name)}">'
        f'<textarea name="msgstr" class="translation" lang="{esc(lang.code)}" dir="{lang.direction}" rows="4">{esc(yours)}</textarea>'
        f'<button type="submit" name="action" value="approve" class="approve">{esc(_("Save mine instead"))}</button></form></div></div>'
        f'<p><a href="{esc(back)}">{esc(_("Back to the statement, keeping what is in the catalog"))}</a></p></section>'
    )
    return layout(_("Conflict"), body, reviewer=reviewer, csrf_token=csrf_token)


def message_page(title: str, message: str, *, reviewer: Reviewer | None = None, csrf_token: str = "") -> str:
    return layout(title, render("message.html", title=title, message=message), reviewer=reviewer,
                  csrf_token=csrf_token)


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
            label = _("Accept: %(what)s") % {"what": accept_label(problem.check)}
            button = (f' <button type="submit" name="accept" value="{esc(problem.check)}" class="accept">'
                      f"{esc(label)}</button>")
        # The message is the library's, in English; the check's name is translated.
        items.append(f'<li class="severity-{esc(problem.severity)}"><strong>{esc(check_name(problem.check))}</strong>: '
                     f'<span lang="en" dir="ltr">{esc(problem.message)}</span>{button}</li>')
    return f'<ul class="problems">{"".join(items)}</ul>'


def accept_label(check: str) -> str:
    """What accepting ``check``'s error says: ``Accept: <this>``."""
    if check in ACCEPT_LABELS:
        return _(ACCEPT_LABELS[check])
    return _("%(check)s is right here") % {"check": check_name(check)}


def _context(page: ReviewPage, position: int, source: LanguageInfo) -> str:
    order, by_id = page.snapshot.order, page.snapshot.by_id
    lines: list[str] = []
    for label, at in ((_("Before"), position - 1), (_("After"), position + 1)):
        if 0 <= at < len(order):
            neighbour = by_id[order[at]]
            translated = f'<span class="nb-translation">{esc(neighbour.msgstr)}</span>' if neighbour.msgstr else ""
            lines.append(f'<p><span class="label">{esc(label)}:</span> <span lang="{esc(source.code)}">'
                         f"{esc(neighbour.msgid)}</span>{translated}</p>")
    if not lines:
        return ""
    return f'<details class="context"><summary>{esc(_("Context"))}</summary>{"".join(lines)}</details>'


_HISTORY_VERBS = {
    "drafted": N_("drafted by %(who)s on %(date)s"),
    "reviewed": N_("approved by %(who)s on %(date)s"),
    "edited": N_("edited and approved by %(who)s on %(date)s"),
    "sent back": N_("sent back by %(who)s on %(date)s"),
}


def history(steps: Sequence[Step]) -> list[str]:
    """Who drafted, edited, approved or sent back the entry, oldest first, in the interface language.

    >>> from datetime import date
    >>> history([Step("drafted", "mt deepl", date(2026, 11, 25)), Step("edited", "amal", date(2026, 12, 2))])
    ['drafted by mt deepl on Nov 25, 2026', 'edited and approved by amal on Dec 2, 2026']
    """
    shown = []
    for step in steps:
        when = moment(step.when) if isinstance(step.when, datetime) else day(step.when) if step.when else ""
        if step.verb not in _HISTORY_VERBS or not when:
            shown.append(_("draft: %(origin)s") % {"origin": step.by} if step.verb == "drafted" else step.by)
            continue
        shown.append(_(_HISTORY_VERBS[step.verb]) % {"who": step.by, "date": when})
    return shown


def _history_html(steps: Sequence[Step]) -> str:
    if not steps:
        return ""
    items = "".join(f"<li>{esc(text)}</li>" for text in history(steps))
    return (f'<details class="history"><summary>{esc(_("History"))} <span>{esc(number(len(steps)))}</span>'
            f'</summary><ol>{items}</ol></details>')


def _comments_html(page: ReviewPage, ident: str, *, can_change: bool, csrf_token: str, filter_name: str) -> str:
    """The entry's comments (its translator comments) with who wrote them and when, and a form to add one."""
    entry = page.snapshot.by_id[ident]
    comments = entry_comments(entry)
    items = []
    for comment in comments:
        who = (f'<span class="who">{esc(comment.author)}</span> ' if comment.author else "")
        when = (f'<time datetime="{comment.when.strftime("%Y-%m-%dT%H:%MZ")}">{esc(moment(comment.when))}</time>'
                if comment.when is not None else "")
        items.append(f'<li>{who}{when}<p class="text" dir="auto">{esc(comment.text)}</p></li>')
    listed = f'<ul class="comment-list">{"".join(items)}</ul>' if items else ""
    form = ""
    if can_change:
        position = page.snapshot.positions[ident]
        form = (
            f'<form class="comment-form" method="post" '
            f'action="{esc(review_url(page.ref.slug, page.ref.lang))}/entries/{ident}/comments">'
            f'{_csrf_field(csrf_token)}<input type="hidden" name="version" value="{entry_version(entry)}">'
            f'<input type="hidden" name="filter" value="{esc(filter_name)}">'
            f'<textarea name="text" rows="2" maxlength="{MAX_COMMENT_LENGTH}" dir="auto" '
            f'aria-label="{esc(_("Comment on #%(number)s") % {"number": number(position + 1)})}" '
            f'placeholder="{esc(_("What should the translator know?"))}"></textarea>'
            f'<button type="submit" class="add-comment">{esc(_("Add the comment"))}</button></form>'
        )
    if not listed and not form:
        return ""
    summary = _("Comments") + (f" {number(len(comments))}" if comments else "")
    # Open when there is something to read; a closed one keeps a phone's screen for the translation.
    shown = " open" if comments else ""
    return f'<details class="comments"{shown}><summary>{esc(summary)}</summary>{listed}{form}</details>'


def _csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{esc(token)}">' if token else ""

