"""The progress dashboard: one standalone HTML page (inline CSS, no scripts, no network) from status rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from stmtl10n._io import atomic_write
from stmtl10n.catalog import EntryState
from stmtl10n.errors import LocaleError
from stmtl10n.locales import display_name, is_rtl
from stmtl10n.status import StatementStatus, totals_by_language

# Colours chosen to stay apart for common colour blindness (Okabe–Ito palette).
_COLOURS: dict[str, str] = {  # by EntryState value; colour-blind safe (Okabe–Ito)
    "reviewed": "#009e73",
    "machine": "#56b4e9",
    "changed": "#e69f00",
    "draft": "#cc79a7",
    "untranslated": "#d9d9d9",
}

_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.meta { color: #666; margin-top: 0; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: -2px; margin-right: .3rem;
          border-radius: 2px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.c-statement { width: 26%; } col.c-bar { width: 28%; } col.c-counts { width: 22%; } col.c-words { width: 13%; }
col.c-problems { width: 11%; }
th, td { text-align: left; padding: .35rem .5rem; vertical-align: middle; }
th { font-weight: 600; font-size: .85rem; color: #555; }
tr + tr td { border-top: 1px solid #eee; }
tr.total td { font-weight: 600; border-top: 2px solid #ccc; }
.bar { display: flex; height: 1rem; width: 100%; border-radius: 3px; overflow: hidden;
       background: #f3f3f3; }
.bar span { display: block; height: 100%; }
.counts { font-size: .85rem; color: #444; }
.num { text-align: right; white-space: nowrap; }
.problems { color: #b00020; font-weight: 600; }
.warnings { color: #8a5a00; font-weight: 600; }
.ok { color: #2e7d32; }
.missing { color: #888; font-style: italic; }
"""


def render_dashboard(rows: Sequence[StatementStatus], *, title: str = "Translation progress",
                     generated: datetime | None = None) -> str:
    """The dashboard page for these status rows, as one HTML string; every text is escaped.

    :param rows: from :func:`stmtl10n.status.project_status`.
    :param title: the page heading (the project's name, say).
    :param generated: the time printed on the page (default: now, UTC).
    """
    stamp = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return "".join(_page(rows, title=title, stamp=stamp))


def write_dashboard(path: Path, rows: Sequence[StatementStatus], *, title: str = "Translation progress",
                    generated: datetime | None = None) -> None:
    """Write :func:`render_dashboard` to ``path`` atomically.

    :raises OutputError: when the file cannot be written (a missing
        permission, a read-only disk).
    """
    atomic_write(path, render_dashboard(rows, title=title, generated=generated))


def _page(rows: Sequence[StatementStatus], *, title: str, stamp: str) -> Iterator[str]:
    yield "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    yield "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    yield f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
    yield f"<h1>{escape(title)}</h1>\n<p class=\"meta\">Generated {escape(stamp)} by stmtl10n.</p>\n"
    yield "<p class=\"legend\">" + "".join(
        f"<span><span class=\"swatch\" style=\"background:{_COLOURS[state]}\"></span>{escape(state.label)}</span>"
        for state in EntryState
    ) + "</p>\n"
    totals = totals_by_language(rows)
    for lang, total in totals.items():
        name = _language_label(lang)
        direction = " dir=\"rtl\"" if _rtl(lang) else ""
        yield f"<h2 id=\"lang-{escape(lang, quote=True)}\"><span lang=\"{escape(lang, quote=True)}\"{direction}>" \
              f"{escape(_native_name(lang))}</span> · {escape(name)}</h2>\n"
        yield "<table>\n<colgroup><col class=\"c-statement\"><col class=\"c-bar\"><col class=\"c-counts\">" \
              "<col class=\"c-words\"><col class=\"c-problems\"></colgroup>\n"
        yield "<tr><th>Statement</th><th>Progress (entries)</th><th>Counts</th>" \
              "<th class=\"num\">Words reviewed</th><th class=\"num\">Problems</th></tr>\n"
        for row in rows:
            if row.lang == lang:
                yield _row(row, label=row.statement)
        if sum(1 for row in rows if row.lang == lang) > 1:
            yield _row(total, label="All statements", css="total")
        yield "</table>\n"
    if not rows:
        yield "<p class=\"missing\">No statements yet: add them to statements/ and run stmtl10n extract.</p>\n"
    yield "</body>\n</html>\n"


def _row(row: StatementStatus, *, label: str, css: str = "") -> str:
    cls = f" class=\"{css}\"" if css else ""
    if not row.exists:
        return (f"<tr{cls}><td>{escape(label)}</td><td colspan=\"4\" class=\"missing\">"
                "no catalog yet (run stmtl10n extract)</td></tr>\n")
    progress = row.entries
    segments = []
    for state in EntryState:
        count = progress[state]
        if count:
            share = progress.percent(state)
            tip = f"{state.label}: {count} of {progress.total} entries ({share:.0f}%)"
            segments.append(f"<span style=\"width:{share:.2f}%;background:{_COLOURS[state]}\" "
                            f"title=\"{escape(tip, quote=True)}\"></span>")
    bar = f"<div class=\"bar\" role=\"img\" aria-label=\"{escape(_summary(row), quote=True)}\">{''.join(segments)}</div>"
    counts = ", ".join(
        f"{progress[state]} {state.label}" for state in EntryState if progress[state]
    ) or "no entries"
    words = row.words
    reviewed_words = f"{words.reviewed} / {words.total} ({words.percent(EntryState.REVIEWED):.0f}%)"
    if row.problem_count:
        detail = ", ".join(f"{count} {name}" for name, count in sorted(row.problems.items()))
        errors = f"{row.problem_errors} error{'s' if row.problem_errors != 1 else ''}"
        css = "problems" if row.problem_errors else "warnings"
        problems = (f"<span class=\"{css}\" title=\"{escape(detail, quote=True)}\">{row.problem_count}</span>"
                    f"<br><span class=\"counts\">{escape(errors)}</span>")
    else:
        problems = "<span class=\"ok\">0</span>"
    return (f"<tr{cls}><td>{escape(label)}</td><td>{bar}</td><td class=\"counts\">{escape(counts)}</td>"
            f"<td class=\"num\">{escape(reviewed_words)}</td><td class=\"num\">{problems}</td></tr>\n")


def _summary(row: StatementStatus) -> str:
    return ", ".join(f"{state.label} {row.entries.percent(state):.0f}%" for state in EntryState)


def _language_label(lang: str) -> str:
    try:
        return f"{display_name(lang)} ({lang})"
    except LocaleError:  # a code babel does not know still gets a section
        return lang


def _native_name(lang: str) -> str:
    try:
        return display_name(lang, in_locale=lang)
    except LocaleError:
        return lang


def _rtl(lang: str) -> bool:
    try:
        return is_rtl(lang)
    except LocaleError:
        return False
