"""The statement list at scale: one read of each catalog per page, counts kept on disk, checks in the background."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from review_support import Client, make_project
from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.project import Project
from stmtl10n.review import catalogs as review_catalogs
from stmtl10n.review.accounts import add_reviewer
from stmtl10n.review.app import ReviewApp
from stmtl10n.review.catalogs import check_project
from stmtl10n.review.counts import COUNTS_FILE

STATEMENT = """\
# Statement {n}

Supporters of freedom in {n} cities commemorate the day.

We demand an end to the occupation.
"""


def _project(root: Path, count: int) -> Project:
    return make_project(root, statements={f"s{n:03d}.md": STATEMENT.format(n=n) for n in range(count)})


def _logged_in(app: ReviewApp, project: Project) -> Client:
    client = Client(app)
    client.login(add_reviewer(project, "coord", languages=(), coordinator=True, replace=True)[1])
    return client


def _catalog_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        if self.suffix == ".po":
            reads.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def test_the_statement_list_reads_each_catalog_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: each statement × language reloaded every catalog of its language (statements² × languages).
    for count in (5, 20):
        project = _project(tmp_path / f"p{count}", count)
        app = ReviewApp(project)
        client = _logged_in(app, project)
        check_project(app.cache)
        assert app.checker.wait_idle(60)  # the login's first page asked for a pass: none may read meanwhile
        reads = _catalog_reads(monkeypatch)
        reply = client.get("/")
        assert reply.status == 200
        assert len(reads) == count * 3, (count, len(reads))
        reads.clear()
        assert client.get("/api/statements").status == 200
        assert len(reads) == count * 3
        monkeypatch.undo()
        assert reply.text.count('class="statement"') == count
        assert "checking…" not in reply.text


def test_checking_a_project_reads_each_catalog_once_per_language(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path / "p", 12)
    app = ReviewApp(project)
    reads = _catalog_reads(monkeypatch)
    check_project(app.cache)
    assert len(reads) == 12 * 3 * 3  # to see whether its count is known, to digest it as parsed, to parse it
    reads.clear()
    check_project(app.cache)
    assert len(reads) == 12 * 3  # every count known: only digested, nothing parsed or checked
    reads.clear()
    check_project(ReviewApp(project).cache)  # a restart: the counts on disk
    assert len(reads) == 12 * 3


def test_counts_survive_a_restart_without_parsing_or_checking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path / "p", 4)
    first = ReviewApp(project)
    check_project(first.cache)
    assert (project.cache_dir / COUNTS_FILE).is_file()
    shown = _logged_in(first, project).get("/").text
    counts = re.findall(r'data-count="problems">([^<]*)<', shown)
    assert len(counts) == 12 and all(c.isdigit() for c in counts)

    # A restart: a new application, whose parser and checks must not be needed for the list.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed or checked for the statement list")

    restarted = ReviewApp(project)
    client = _logged_in(restarted, project)
    monkeypatch.setattr(review_catalogs, "read_catalog", refuse)
    monkeypatch.setattr(review_catalogs.checks, "check_entry", refuse)
    restarted.checker.request = lambda: None  # type: ignore[method-assign]
    again = client.get("/").text
    assert re.findall(r'data-count="problems">([^<]*)<', again) == counts
    assert re.findall(r'data-count="reviewed">(\d+)<', again) == re.findall(r'data-count="reviewed">(\d+)<', shown)

    # A catalog changed since: its language's counts are unknown until checked again, the others stay.
    monkeypatch.undo()
    path = project.catalog_path("s001", "es")
    catalog = read_catalog(path)
    next(iter(catalog.active())).msgstr = "Declaración 1"
    write_catalog(path, catalog)
    restarted.checker.request = lambda: None  # type: ignore[method-assign]
    data = client.get("/api/statements").json()
    by_lang: dict[str, list[object]] = {}
    for statement in data["statements"]:
        for lang in statement["languages"]:
            by_lang.setdefault(lang["lang"], []).append(lang["problems"])
    assert by_lang["es"] == [None] * 4
    assert all(isinstance(n, int) for n in by_lang["ar"] + by_lang["fr"])


def test_the_list_never_waits_for_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path / "p", 3)
    app = ReviewApp(project)
    release = threading.Event()
    original = review_catalogs.checks.check_entry

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)  # checks that take as long as we like
        return original(*args, **kwargs)

    monkeypatch.setattr(review_catalogs.checks, "check_entry", slow)
    client = _logged_in(app, project)  # its first page asks for the checks already
    started = time.perf_counter()
    reply = client.get("/")
    assert time.perf_counter() - started < 5
    assert reply.text.count("checking…") == 9
    assert '<span class="c-problems' not in reply.text
    assert client.get("/api/statements").json()["statements"][0]["languages"][0]["problems"] is None
    release.set()
    assert app.checker.wait_idle(60)
    done = client.get("/").text
    assert "checking…" not in done
    assert done.count('class="c-problems none"') + done.count('class="c-problems"') == 9


def test_a_first_start_answers_the_list_without_parsing_any_catalog(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: the first-ever start parsed every catalog for the first page (22.9 s at 1,000 statements).
    project = _project(tmp_path / "p", 4)
    assert not (project.cache_dir / COUNTS_FILE).exists()  # the server never ran here
    first = ReviewApp(project)
    first.checker.request = lambda: None  # type: ignore[method-assign]
    first.parse_budget = 0  # as if the first catalogs had taken the whole budget

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed a catalog for the statement list")

    monkeypatch.setattr(review_catalogs, "read_catalog", refuse)
    client = _logged_in(first, project)
    page = client.get("/").text
    assert page.count('data-count="progress">checking…<') == 12
    languages = client.get("/api/statements").json()["statements"][0]["languages"]
    assert all(lang["total"] is None and lang["reviewed"] is None and lang["problems"] is None for lang in languages)
    monkeypatch.undo()
    # The background pass counts first, then checks.
    assert review_catalogs.count_project(first.cache) == 12
    counted = client.get("/").text
    assert 'data-count="progress"' not in counted
    assert counted.count('data-count="reviewed">0<') == 12 and counted.count('data-count="problems">checking…<') == 12
    check_project(first.cache)
    assert "checking…" not in client.get("/").text
    assert review_catalogs.count_project(ReviewApp(project).cache) == 0  # a restart: all counted on disk


def test_the_background_pass_waits_behind_requests(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", 2)
    app = ReviewApp(project)
    app._busy = 1  # a request being answered
    started = time.perf_counter()
    app._behind_requests()
    assert time.perf_counter() - started >= 0.9  # it waited (at most a second, so a pass always ends)
    app._busy = 0
    started = time.perf_counter()
    app._behind_requests()
    assert time.perf_counter() - started < 0.05
