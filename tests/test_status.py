"""Tests for status: progress states, problem counts, JSON, and the HTML dashboard."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks_support import entry, make_project, write_po
from stmtl10n.catalog import Entry, EntryState, Progress
from stmtl10n.cli import cli
from stmtl10n.documents.dashboard import render_dashboard
from stmtl10n.project import find_project
from stmtl10n.status import StatementStatus, project_status


def _draft(msgid: str, msgstr: str, provenance: str, *, previous: str | None = None) -> Entry:
    made = entry(msgid, msgstr, flags=["fuzzy"])
    made.set_provenance(provenance)
    made.previous_msgid = previous
    return made


@pytest.mark.parametrize(
    ("made", "state"),
    [
        (entry("Stop the evictions!", ""), "untranslated"),
        (entry("Stop the evictions!", "¡Basta de desalojos!"), "reviewed"),
        (_draft("Stop the evictions!", "¡Detengan los desalojos!", "mt deepl 2026-11-25"), "machine"),
        (_draft("Stop the evictions!", "¡Basta de desalojos!", "memory 92% Stop evictions!"), "machine"),
        (_draft("Derek, United States", "Derek, Estados Unidos", "signatory"), "machine"),
        (_draft("يسقط الاحتلال", "يسقط الاحتلال", "copied"), "machine"),
        (_draft("Stop the evictions now!", "¡Basta de desalojos!", "mt apertium 2026-11-25",
                previous="Stop the evictions!"), "changed"),
        (_draft("Stop the evictions!", "¡Basta de desalojos!", "sent back by ana 2026-11-25; draft: mt deepl"),
         "draft"),
    ],
    ids=["untranslated", "reviewed", "mt", "memory", "signatory", "copied", "changed-wins-over-machine", "sent-back"],
)
def test_state_of_an_entry(made: Entry, state: str) -> None:
    assert made.state == state
    assert made.state.is_draft == (state in ("machine", "changed", "draft"))


def test_gettext_counts_are_the_states_summed() -> None:
    progress = Progress.of([entry("a", ""), entry("b", "x"), entry("c", "y", flags=["fuzzy"]),
                            _draft("d", "z", "mt apertium 2026-11-25")])
    assert (progress.translated, progress.fuzzy, progress.untranslated) == (1, 2, 1)
    assert (progress.draft, progress.machine) == (1, 1)


def test_a_fuzzy_flag_without_a_translation_is_untranslated() -> None:
    assert entry("a", "", flags=["fuzzy"]).state is EntryState.UNTRANSLATED


@pytest.fixture()
def project_dir(tmp_path: Path) -> Path:
    statements = {"call.md": "# Call\n\nIn 1947 the UN voted.\n\nStop the evictions!\n\nSecond paragraph here.\n",
                  "week.txt": "Week of action\n"}
    root = make_project(tmp_path / "p", languages=("es", "ar"), statements=statements)
    write_po(root, "call", "es", [
        entry("Call", "Llamamiento"),
        entry("In 1947 the UN voted.", "En 1974 la ONU votó."),  # a numbers error
        _draft("Stop the evictions!", "¡Basta de desalojos!", "mt apertium 2026-11-25"),
        _draft("Second paragraph here.", "Segundo párrafo aquí.", "memory 80% Second paragraph.",
               previous="Second paragraph."),
    ])
    write_po(root, "call", "ar", [entry("Call", ""), entry("In 1947 the UN voted.", ""),
                                  entry("Stop the evictions!", ""), entry("Second paragraph here.", "")])
    return root


def test_project_status_counts_progress_words_and_problems(project_dir: Path) -> None:
    rows = {(r.statement, r.lang): r for r in project_status(find_project(project_dir))}
    es = rows[("call", "es")]
    assert (es.entries.reviewed, es.entries.machine, es.entries.changed, es.entries.untranslated) == (2, 1, 1, 0)
    assert (es.entries.translated, es.entries.fuzzy, es.entries.untranslated) == (2, 2, 0)
    assert es.words.reviewed == 1 + 5
    assert dict(es.problems) == {"numbers": 1} and es.problem_errors == 1
    ar = rows[("call", "ar")]
    assert ar.entries.untranslated == 4 and ar.problem_count == 0  # untranslated is progress, not a problem
    assert not rows[("week", "es")].exists


def test_status_json_has_progress_and_problems(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--format", "json", "--lang", "es"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    call = next(row for row in data if row["statement"] == "call")
    assert call["entries"] == {
        "reviewed": 2, "machine": 1, "changed": 1, "draft": 0, "untranslated": 0, "translated": 2, "fuzzy": 2,
        "total": 4,
        "percent": {"reviewed": 50.0, "machine": 25.0, "changed": 25.0, "draft": 0.0, "untranslated": 0.0,
                    "translated": 50.0, "fuzzy": 50.0},
    }
    assert call["problems"] == {"total": 1, "errors": 1, "warnings": 0, "by_check": {"numbers": 1}}
    assert call["words"]["translated"] == call["words"]["reviewed"]  # gettext's words for the same counts
    assert result.stderr == ""


def test_status_text_shows_the_new_counts(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--lang", "es"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("call [es]: 4 entries, ")
    assert ": translated 2 (50%), " in lines[0] and "; untranslated 0 (0%), 0 words (0%)" in lines[0]
    assert lines[1] == ("  reviewed 2, machine drafts 1, changed source 1, other drafts 0, untranslated 0; "
                        "problems 1 (1 errors)")
    assert lines[2] == "week [es]: no catalog yet (run `stmtl10n extract`)"


def test_status_no_checks_skips_problems(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--lang", "es", "--no-checks"])
    assert result.exit_code == 0
    assert "problems" not in result.stdout


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_status_html_writes_a_standalone_dashboard(project_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "progress.html"
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"wrote {out}"
    page = out.read_text(encoding="utf-8")
    collected = _Collector()
    collected.feed(page)
    assert "script" not in collected.tags and "link" not in collected.tags and "img" not in collected.tags
    assert not re.search(r"(?:src|href)\s*=|@import|url\(|https?://", page)
    text = " ".join(collected.text)
    assert "Spanish (es)" in text and "Arabic (ar)" in text and "العربية" in text
    assert "call" in text and "no catalog yet" in text
    assert page.count('class="bar"') == 4  # call and the all-statements total, in each language (week has no catalog)
    assert 'dir="rtl"' in page


def test_status_html_with_json_keeps_stdout_json(project_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "progress.html"
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--format", "json", "--html", str(out)])
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert result.stderr == f"wrote {out}\n"
    assert out.exists()


def test_dashboard_escapes_everything() -> None:
    row = StatementStatus("<script>alert(1)</script>", "es", "x.po", exists=True)
    row.entries.reviewed = 1
    row.words.reviewed = 3
    row.problems["<b>x</b>"] = 2
    page = render_dashboard([row], title="A & B <i>", generated=datetime(2026, 11, 25, tzinfo=UTC))
    assert "<script>" not in page and "<b>x</b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "A &amp; B &lt;i&gt;" in page
    assert "2026-11-25 00:00 UTC" in page


def test_dashboard_bar_widths_follow_the_counts() -> None:
    row = StatementStatus("call", "fr", "x.po", exists=True)
    row.entries.reviewed, row.entries.machine, row.entries.untranslated = 1, 1, 2
    page = render_dashboard([row])
    assert "width:25.00%;background:#009e73" in page
    assert "width:50.00%;background:#d9d9d9" in page


def test_status_before_extract_lists_missing_catalogs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", languages=("es",))
    result = CliRunner().invoke(cli, ["-C", str(root), "status"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "call [es]: no catalog yet (run `stmtl10n extract`)\n"


def test_status_html_to_an_unwritable_place_is_one_clear_line(project_dir: Path, tmp_path: Path) -> None:
    # A file where the folder should be: no user, root included, can write there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "progress.html"
    result = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--html", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target}: cannot write it (")
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- results kept between runs


def test_status_with_nothing_changed_reads_no_catalog_and_says_the_same(project_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import stmtl10n.checks as checks_module

    first = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--format", "json"])
    reads = []
    original = checks_module.read_catalog_kept  # how the checks read a catalog
    monkeypatch.setattr(checks_module, "read_catalog_kept", lambda *a, **k: reads.append(a) or original(*a, **k))
    again = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--format", "json"])
    no_checks = CliRunner().invoke(cli, ["-C", str(project_dir), "status", "--no-checks", "--format", "json"])
    assert reads == []
    assert again.stdout == first.stdout
    assert [row["entries"] for row in json.loads(no_checks.stdout)] == [row["entries"] for row in json.loads(first.stdout)]


def test_status_counts_a_catalog_edited_since_the_last_run(project_dir: Path) -> None:
    before = {(row.statement, row.lang): row for row in project_status(find_project(project_dir))}
    write_po(project_dir, "call", "ar", [entry("Call", "")])
    after = {(row.statement, row.lang): row for row in project_status(find_project(project_dir))}
    assert after[("call", "ar")].entries.untranslated == 1
    assert after[("call", "ar")].entries.total == 1 != before[("call", "ar")].entries.total
