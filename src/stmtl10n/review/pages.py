"""The review server's pages: plain data for the templates in ``templates/``, which Jinja2 escapes and translates.

The templates' ``_()`` and ``ngettext()`` escape the catalog's text too, except
where the msgid itself holds markup (``<code>…</code>`` in a ``{% trans %}``
block): a translation is HTML only where its source is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

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
    number,
    problem_message,
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


def review_url(slug: str, lang: str, suffix: str = "") -> str:
    return f"/review/{quote(slug, safe='')}/{quote(lang, safe='')}{suffix}"


# Compiling the templates is a good part of a server's first page (a quarter of a second), and
# each language's environment would compile them again: the compiled code is the same for all
# (the catalog comes in at render time), so one cache serves them, kept on disk between starts.
# Jinja keys it by template and source checksum, in a directory of this user's only.
@lru_cache(maxsize=1)
def _compiled_templates() -> jinja2.BytecodeCache | None:
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private temporary directory to be had: compile at every start
        return None


@lru_cache(maxsize=len(INTERFACE_LANGUAGES))
def _templates(lang: str) -> jinja2.Environment:
    """The pages' templates with ``lang``'s catalog: one environment per interface language (they are shared by threads)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("stmtl10n.review", "templates"),
                             autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False, bytecode_cache=_compiled_templates(),
                             auto_reload=False)  # the package's templates do not change under a running server
    catalog = translations(lang)

    def gettext_html(message: str) -> str:
        return _as_html(message, catalog.gettext(message))

    def ngettext_html(singular: str, plural: str, n: int) -> str:
        return _as_html(singular, catalog.ngettext(singular, plural, n))

    env.install_gettext_callables(gettext_html, ngettext_html, newstyle=True)  # type: ignore[attr-defined]
    return env


def _as_html(message: str, translated: str) -> str:
    """A translation as HTML: escaped, unless its msgid is markup (a ``{% trans %}`` block with tags).

    >>> _as_html("Keys: %(j)s", "Teclas & %(j)s"), _as_html("run <code>x</code>", "lance <code>x</code>")
    (Markup('Teclas &amp; %(j)s'), 'lance <code>x</code>')
    """
    return translated if "<" in message else escape(translated)


def render(template: str, **context: object) -> Markup:
    """A template rendered in the current interface language (its text escaped, HTML in ``Markup`` kept)."""
    return Markup(_templates(current_language()).get_template(template).render(**context))


def _macro(name: str) -> Callable[..., Markup]:
    """A macro of ``_macros.html`` in the current interface language, for the pieces Python renders alone."""
    macro: Callable[..., Markup] = getattr(_templates(current_language()).get_template("_macros.html").module, name)
    return macro


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
                "progress": _progress_html(progress) if progress.exists else "",
            })
        shown.append({"slug": statement.slug, "path": statement.path, "cells": cells,
                      "title": Markup(render_inline_html(title, lang="en")) if title else statement.slug})
    return layout(_("Statements"), render("statements.html", rows=shown), reviewer=reviewer, csrf_token=csrf_token)


# What the templates show, as plain values: numbers already written in the interface
# language, words already translated where Python picks them. (Dataclasses rather than
# dicts: Jinja2 reads an attribute at once, a dict key only after a failed getattr.)

@dataclass(frozen=True, slots=True)
class _ProgressView:
    counted: bool  # False: the background pass has not read the catalog yet (a first start): "checking…"
    segments: tuple[tuple[str, int], ...]  # (state, width in %) of the bar
    total: int
    reviewed: int
    drafts: int
    untranslated: int
    problems: int | None
    shown: _Counts  # the same, as the interface language writes them


@dataclass(frozen=True, slots=True)
class _Counts:
    reviewed: str
    drafts: str
    untranslated: str
    problems: str


def _progress_view(progress: CatalogProgress) -> _ProgressView:
    entries = progress.entries
    total = entries.total or 1
    # Widths in steps of 5 %: the stylesheet has a class for each (the policy forbids inline styles).
    segments = tuple((state, round(20 * count / total) * 5)
                     for state, count in (("reviewed", entries.reviewed), ("draft", entries.drafts),
                                          ("untranslated", entries.untranslated)) if count)
    shown = _Counts(number(entries.reviewed), number(entries.drafts), number(entries.untranslated),
                    "" if progress.problems is None else number(progress.problems))
    return _ProgressView(progress.counted, segments if progress.counted else (), entries.total, entries.reviewed,
                         entries.drafts, entries.untranslated, progress.problems, shown)


def _progress_html(progress: CatalogProgress) -> Markup:
    """A catalog's bar and counts, as the statement list shows them."""
    return _progress_html_of(_progress_view(progress), current_language())


@lru_cache(maxsize=4096)  # the statement list shows thousands of catalogs, mostly in a few states
def _progress_html_of(view: _ProgressView, lang: str) -> Markup:
    # ``lang`` is part of the key: the words are the interface language's.
    return _macro("progress_bar")(view) + _macro("progress_counts")(view)


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
    url = review_url(ref.slug, ref.lang)
    tabs = [{"label": _(label), "url": f"{url}?filter={name}", "is_current": name == filter_name,
             "count": number(sum(1 for i in snapshot.order if _matches(name, snapshot.by_id[i], page)))}
            for name, label in FILTERS.items() if name != "problems" or page.problems is not None]
    title = snapshot.title
    body = render(
        "review.html", section=_review_section(page, filter_name),
        title=Markup(render_inline_html(title, lang=source_lang)) if title else ref.slug,
        language=language_name(ref.lang), lang=ref.lang, slug=ref.slug, statement_path=ref.statement.path,
        catalog_name=ref.path.name, progress=_progress_view(page.progress), tabs=tabs,
        read_only_for=None if can_change else ", ".join(reviewer.languages) or _("no language"),
        is_checking=page.problems is None,
        engine_hint_for=language_name(ref.lang) if can_change and not can_draft and snapshot.progress.untranslated
        else None,
        notice=notice, filter_label=_(FILTERS[filter_name]), all_url=f"{url}?filter=all",
        entries=[_entry_view(page, ident, source=source, target=lang, can_change=can_change, csrf_token=csrf_token,
                             filter_name=filter_name) for ident in shown],
    )
    return layout(f"{title or ref.slug} [{ref.lang}]", body, reviewer=reviewer, csrf_token=csrf_token,
                  body_class="review-page", here=here)


def _review_section(page: ReviewPage, filter_name: str) -> dict[str, str]:
    # What the page's script needs: where to post, under which filter, and the accept buttons' words.
    labels = json.dumps({name: _(label) for name, label in ACCEPT_LABELS.items()}, ensure_ascii=False, sort_keys=True)
    words = json.dumps({key: _(text) for key, text in SCRIPT_WORDS.items()}, ensure_ascii=False, sort_keys=True)
    checks = json.dumps({name: check_name(name) for name in CHECK_NAMES}, ensure_ascii=False, sort_keys=True)
    return {"slug": page.ref.slug, "lang": page.ref.lang, "filter_name": filter_name, "accept_labels": labels,
            "words": words, "check_names": checks}


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
    return str(render("entry.html", e=_entry_view(page, ident, source=source, target=target, can_change=can_change,
                                                  csrf_token=csrf_token, filter_name=filter_name, flash=flash,
                                                  msgstr=msgstr, problems=problems, accepted=accepted)))


@dataclass(frozen=True, slots=True)
class _ProblemItem:
    severity: str
    name: str  # the check's, translated
    text: str
    accept: str  # the check whose errors this item's button accepts, or "" for no button
    accept_label: str


@dataclass(frozen=True, slots=True)
class _Neighbour:
    label: str
    msgid: str
    msgstr: str


@dataclass(frozen=True, slots=True)
class _ContextView:
    lang: str
    neighbours: list[_Neighbour]


@dataclass(frozen=True, slots=True)
class _HistoryView:
    steps: list[str]
    count: str


@dataclass(frozen=True, slots=True)
class _CommentView:
    author: str
    text: str
    when: str  # as the interface language writes it, or "" when unknown
    when_iso: str


@dataclass(frozen=True, slots=True)
class _CommentForm:
    action: str
    csrf_token: str
    version: str
    filter_name: str
    maxlength: int
    number: str  # the entry's


@dataclass(frozen=True, slots=True)
class _CommentsView:
    comments: list[_CommentView]
    count: str
    form: _CommentForm | None


@dataclass(frozen=True, slots=True)
class _EntryForm:
    action: str
    csrf_token: str
    filter_name: str
    rows: int
    text: str  # what is in the box
    accepted: list[str]
    is_edited: bool
    approve_label: str


@dataclass(frozen=True, slots=True)
class _EntryView:
    ident: str
    version: str
    state: str
    number: str
    kind: str
    is_signatory: bool
    state_label: str
    provenance: str
    reference: str
    flash: str
    msgctxt: str
    msgid: str
    msgstr: str
    diff: list[tuple[str, str]]  # word_diff's pieces from the previous source, or [] when it did not change
    source: LanguageInfo
    target: LanguageInfo
    form: _EntryForm | None  # None: read-only
    problems: list[_ProblemItem]
    comments: _CommentsView
    history: _HistoryView
    context: _ContextView


def _entry_view(page: ReviewPage, ident: str, *, source: LanguageInfo, target: LanguageInfo, can_change: bool,
                csrf_token: str, filter_name: str, flash: str = "", msgstr: str | None = None,
                problems: Sequence[Problem] | None = None, accepted: Sequence[str] = ()) -> _EntryView:
    """What ``_macros.html``'s ``entry`` shows of one entry (see :func:`entry_block`)."""
    snapshot = page.snapshot
    entry = snapshot.by_id[ident]
    state = entry.state.value
    position = snapshot.positions[ident]
    shown_problems = list(page.entry_problems(entry) if problems is None else problems)
    form = None
    if can_change:
        text = entry.msgstr if msgstr is None else msgstr
        form = _EntryForm(
            action=f"{review_url(page.ref.slug, page.ref.lang)}/entries/{ident}", csrf_token=csrf_token,
            filter_name=filter_name, rows=max(2, min(12, len(entry.msgid) // 60 + 2)), text=text,
            accepted=list(accepted),
            # The box holds something else than the catalog: approving it is an edit (the script must know).
            is_edited=text != entry.msgstr,
            approve_label=_("Approve") if entry.msgstr else _("Save and approve"),
        )
    changed = entry.previous_msgid is not None and entry.previous_msgid != entry.msgid
    steps = page.history(ident)
    kind = block_kind(entry)
    return _EntryView(
        ident=ident, version=entry_version(entry), state=state, number=number(position + 1),
        kind=block_kind_name(kind) if kind else "", is_signatory="signatory" in entry.flags,
        state_label=_(_STATE_LABELS[state]), provenance=entry.provenance or "",
        reference=entry.references[0] if entry.references else "", flash=flash, msgctxt=entry.msgctxt or "",
        msgid=entry.msgid, msgstr=entry.msgstr,
        diff=word_diff(entry.previous_msgid or "", entry.msgid) if changed else [],
        source=source, target=target, form=form, problems=_problem_items(shown_problems, can_accept=can_change),
        comments=_comments_view(page, ident, can_change=can_change, csrf_token=csrf_token, filter_name=filter_name),
        history=_HistoryView(history(steps), number(len(steps))), context=_context(page, position, source),
    )


def problems_page(page: ReviewPage, ident: str, *, source_lang: str, yours: str, problems: Sequence[Problem],
                  accepted: Sequence[str], message: str, reviewer: Reviewer, csrf_token: str, filter_name: str) -> str:
    """The answer to a form whose translation has errors: the entry again, the reviewer's text still in the box."""
    view = _entry_view(page, ident, source=language_info(source_lang), target=language_info(page.ref.lang),
                       can_change=True, csrf_token=csrf_token, filter_name=filter_name, msgstr=yours,
                       problems=problems, accepted=accepted)
    body = render("problems.html", section=_review_section(page, filter_name), e=view, message=message,
                  back=f"{review_url(page.ref.slug, page.ref.lang)}?filter={filter_name}#e-{ident}")
    return layout(_("Not saved"), body, reviewer=reviewer, csrf_token=csrf_token, body_class="review-page")


def conflict_page(page: ReviewPage, ident: str, *, yours: str, message: str, reviewer: Reviewer, csrf_token: str,
                  filter_name: str) -> str:
    """The answer to a form that lost a race: both versions, and a way to keep yours on purpose."""
    entry = page.snapshot.by_id[ident]
    url = review_url(page.ref.slug, page.ref.lang)
    body = render("conflict.html", message=message, msgid=entry.msgid, msgstr=entry.msgstr,
                  target=language_info(page.ref.lang), provenance=entry.provenance or "",
                  state_label=_(_STATE_LABELS[entry.state.value]), action=f"{url}/entries/{ident}",
                  csrf_token=csrf_token, version=entry_version(entry), filter_name=filter_name, yours=yours,
                  back=f"{url}?filter={filter_name}#e-{ident}")
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


def problem_list(problems: Sequence[Problem], *, can_accept: bool) -> str:
    """The problems of a translation; errors get a button to accept them (app.js builds the same list)."""
    return str(_macro("problem_list")(_problem_items(problems, can_accept=can_accept)))


def _problem_items(problems: Sequence[Problem], *, can_accept: bool) -> list[_ProblemItem]:
    offered: set[str] = set()
    items = []
    for problem in problems:
        # One "Accept" button per check: accepting it accepts all of that check's errors.
        accept = ""
        if can_accept and problem.severity == "error" and problem.check not in offered:
            offered.add(problem.check)
            accept = problem.check
        label = _("Accept: %(what)s") % {"what": accept_label(problem.check)} if accept else ""
        items.append(_ProblemItem(problem.severity, check_name(problem.check), problem_message(problem), accept, label))
    return items


def accept_label(check: str) -> str:
    """What accepting ``check``'s error says: ``Accept: <this>``."""
    if check in ACCEPT_LABELS:
        return _(ACCEPT_LABELS[check])
    return _("%(check)s is right here") % {"check": check_name(check)}


def _context(page: ReviewPage, position: int, source: LanguageInfo) -> _ContextView:
    order, by_id = page.snapshot.order, page.snapshot.by_id
    neighbours = []
    for label, at in ((_("Before"), position - 1), (_("After"), position + 1)):
        if 0 <= at < len(order):
            neighbour = by_id[order[at]]
            neighbours.append(_Neighbour(label, neighbour.msgid, neighbour.msgstr))
    return _ContextView(source.code, neighbours)


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
        when = _when(step.when, current_language()) if step.when else ""
        if step.verb not in _HISTORY_VERBS or not when:
            shown.append(_("draft: %(origin)s") % {"origin": step.by} if step.verb == "drafted" else step.by)
            continue
        shown.append(_(_HISTORY_VERBS[step.verb]) % {"who": step.by, "date": when})
    return shown


@lru_cache(maxsize=4096)  # most entries of a catalog were drafted on the same few days
def _when(value: date | datetime | str, lang: str) -> str:
    """A step's time as ``lang`` writes it (``lang`` is the interface language: part of the cache's key)."""
    return moment(value) if isinstance(value, datetime) else day(value)


def _comments_view(page: ReviewPage, ident: str, *, can_change: bool, csrf_token: str,
                   filter_name: str) -> _CommentsView:
    """The entry's comments (its translator comments) with who wrote them and when, and a form to add one."""
    entry = page.snapshot.by_id[ident]
    comments = [_CommentView(comment.author or "", comment.text,
                             moment(comment.when) if comment.when is not None else "",
                             comment.when.strftime("%Y-%m-%dT%H:%MZ") if comment.when is not None else "")
                for comment in entry_comments(entry)]
    form = None
    if can_change:
        form = _CommentForm(f"{review_url(page.ref.slug, page.ref.lang)}/entries/{ident}/comments", csrf_token,
                            entry_version(entry), filter_name, MAX_COMMENT_LENGTH,
                            number(page.snapshot.positions[ident] + 1))
    return _CommentsView(comments, number(len(comments)), form)
