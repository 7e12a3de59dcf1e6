"""Load on the review server: 10 reviewers submit 1,000 approvals to a 500-entry catalog; latency, lost updates, render time.

Run: .venv/bin/python benchmarks/review_load.py [--reviewers 10] [--entries 500] [--edit]
     .venv/bin/python benchmarks/review_load.py --scale [--statements 10,100,1000]

``--scale`` measures instead the statement list and a review page at 10, 100
and 1,000 statements × 3 languages (p50 and p95 of wall and server CPU time,
the server's memory, the time to the first page after start, with and without
the counts kept on disk), and a freeze test: one reviewer sends a 900 KiB edit
without spaces while others load pages (their p95 during it).

The server runs as its own process (``stmtl10n review``), as it does for real;
each reviewer is a thread with its own browser-like session (login link,
cookie, CSRF token). Every entry is approved twice: first by its owner (the
machine draft), then, after all first approvals, by the next reviewer against
the version the first approval returned (with ``--edit``, the second one is an
edit-and-approve with the reviewer's own text). The PO file must then show
every second approval: zero lost updates.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from stmtl10n.catalog import read_catalog, write_catalog
from stmtl10n.extract import extract
from stmtl10n.project import find_project, init_project
from stmtl10n.review.accounts import add_reviewer
from stmtl10n.review.app import ReviewApp

SLUG = "big-statement"
LANG = "es"


def make_project(root: Path, entries: int) -> None:
    init_project(root, source_lang="en", languages=(LANG,))
    # The drafts below are the English text behind a Spanish word: the server
    # would refuse to approve them (wrong-language errors), which is right for
    # readers but not what this benchmark measures, so that check is off here.
    with (root / "stmtl10n.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[checks]\ndisabled = ["wrong-language"]\n')
    paragraphs = [f"Paragraph {n}: the supporters of freedom worldwide commemorate day {n} of the year "
                  f"with {n % 7 + 2} events in {n % 50 + 1} cities." for n in range(entries - 1)]
    (root / "statements" / f"{SLUG}.md").write_text("# A long statement\n\n" + "\n\n".join(paragraphs) + "\n",
                                                    encoding="utf-8")
    project = find_project(root)
    extract(project)
    path = project.catalog_path(SLUG, LANG)
    catalog = read_catalog(path)
    for entry in catalog.active():
        entry.msgstr = "Borrador: " + entry.msgid
        entry.set_fuzzy(True)
        entry.set_provenance("mt deepl 2026-11-25")
    write_catalog(path, catalog)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(port: int, method: str, path: str, *, body: bytes = b"", headers: dict[str, str] | None = None,
            ) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


class Reviewer(threading.Thread):
    """One volunteer: logs in with the link, approves their share of entries, then a colleague's share again."""

    def __init__(self, port: int, token: str, name: str, own: list[dict[str, Any]], rounds: Rounds) -> None:
        super().__init__()
        self.port, self.token, self.reviewer_name, self.own, self.rounds = port, token, name, own, rounds
        self.latencies: list[float] = []
        self.server_times: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        # The login link opens a form; its button posts the token (see docs/review-api.md).
        _, headers, _ = request(self.port, "POST", "/login", body=f"token={self.token}".encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{self.port}"})
        cookie = headers["set-cookie"].split(";")[0]
        _, _, page = request(self.port, "GET", "/", headers={"Cookie": cookie})
        csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
        self.headers = {"Cookie": cookie, "X-CSRF-Token": csrf, "Origin": f"http://127.0.0.1:{self.port}",
                        "Content-Type": "application/json"}
        for job in self.own:
            job["version"] = self.act(job, "approve", {}) or job["version"]
        self.rounds.barrier.wait()
        # Second round: the next reviewer's entries, against the versions their approvals returned.
        for job in self.rounds.second_round_for(self):
            body = {"msgstr": f"Revisado por {self.reviewer_name}: {job['msgid']}"} if self.rounds.edit else {}
            self.act(job, "edit" if self.rounds.edit else "approve", body)

    def act(self, job: dict[str, Any], kind: str, body: dict[str, str]) -> str | None:
        started = time.perf_counter()
        status, headers, data = request(self.port, "POST", f"/api/statements/{SLUG}/{LANG}/entries/{job['id']}/{kind}",
                                  body=json.dumps({"version": job["version"], **body}).encode(), headers=self.headers)
        self.latencies.append(time.perf_counter() - started)
        timing = re.search(r"dur=([0-9.]+)", headers.get("server-timing", ""))
        if timing:
            self.server_times.append(float(timing.group(1)) / 1000)
        if status != 200:
            self.failures.append(f"{kind} {job['id']}: {status} {data[:120]!r}")
            return None
        return str(json.loads(data)["entry"]["version"])


class Rounds:
    def __init__(self, count: int, *, edit: bool) -> None:
        self.barrier = threading.Barrier(count)
        self.edit = edit
        self.reviewers: list[Reviewer] = []

    def second_round_for(self, reviewer: Reviewer) -> list[dict[str, Any]]:
        at = self.reviewers.index(reviewer)
        return self.reviewers[(at + 1) % len(self.reviewers)].own


def render_times(root: Path, token: str, entries: int, runs: int = 20) -> dict[str, float]:
    """Server time to answer GET of the whole review page, in-process (no network, no client)."""
    app = ReviewApp(find_project(root))

    def call(method: str, path: str, cookie: str = "", body: bytes = b"",
             extra: dict[str, str] | None = None) -> tuple[int, list[tuple[str, str]], bytes]:
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]]) -> None:
            captured["status"], captured["headers"] = int(status.split()[0]), headers

        environ = {"REQUEST_METHOD": method, "PATH_INFO": path.split("?")[0],
                   "QUERY_STRING": path.split("?")[1] if "?" in path else "", "HTTP_HOST": "127.0.0.1:8000",
                   "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), "wsgi.url_scheme": "http",
                   "HTTP_COOKIE": cookie, **(extra or {})}
        answer = b"".join(app(environ, start_response))
        return captured["status"], captured["headers"], answer

    def timed_page() -> float:
        started = time.perf_counter()
        status, _, body = call("GET", page, cookie)
        elapsed = time.perf_counter() - started
        assert status == 200 and body.count(b'<article class="entry') == entries, status
        sizes.append(len(body))
        return elapsed

    _, headers, _ = call("POST", "/login", body=f"token={token}".encode(), extra={
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "HTTP_ORIGIN": "http://127.0.0.1:8000"})
    cookie = dict(headers)["Set-Cookie"].split(";")[0]
    page = f"/review/{SLUG}/{LANG}?filter=all"
    sizes: list[int] = []
    cold = timed_page()
    warm = [timed_page() for _ in range(runs)]
    # The usual case: a reviewer approved an entry through the server since the last load.
    api = json.loads(call("GET", f"/api/statements/{SLUG}/{LANG}", extra={"HTTP_AUTHORIZATION": f"Bearer {token}"})[2])
    after_approval = []
    for job in api["entries"][:runs]:
        status, _, _ = call("POST", f"/api/statements/{SLUG}/{LANG}/entries/{job['id']}/edit",
                            body=json.dumps({"version": job["version"], "msgstr": "Nuevo " + job["msgid"]}).encode(),
                            extra={"HTTP_AUTHORIZATION": f"Bearer {token}", "CONTENT_TYPE": "application/json"})
        assert status == 200, status
        after_approval.append(timed_page())
    # Someone ran the command line (or saved in Poedit): the file must be parsed again.
    project = find_project(root)
    path = project.catalog_path(SLUG, LANG)
    after_cli = []
    for n in range(5):
        catalog = read_catalog(path)
        list(catalog.active())[n].msgstr += " (corregido)"
        write_catalog(path, catalog)
        after_cli.append(timed_page())
    return {"cold": cold, "warm": statistics.median(warm), "approval": statistics.median(after_approval),
            "cli": statistics.median(after_cli), "size": max(sizes)}


SCALE_LANGS = ("es", "ar", "fr")
SCALE_PARAGRAPHS = 8


def make_scale_project(root: Path, statements: int) -> None:
    """``statements`` statements of a heading and 8 paragraphs, each in 3 languages, every entry a machine draft."""
    init_project(root, source_lang="en", languages=SCALE_LANGS)
    with (root / "stmtl10n.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[checks]\ndisabled = ["wrong-language"]\n')  # the drafts are English behind a word
    for n in range(statements):
        paragraphs = [f"Paragraph {k} of statement {n}: supporters of freedom in {k + 2} cities "
                      f"commemorate the day with events." for k in range(SCALE_PARAGRAPHS)]
        (root / "statements" / f"statement-{n:04d}.md").write_text(
            f"# Statement number {n}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    project = find_project(root)
    extract(project)
    for n in range(statements):
        for lang in SCALE_LANGS:
            path = project.catalog_path(f"statement-{n:04d}", lang)
            catalog = read_catalog(path)
            for entry in catalog.active():
                entry.msgstr = f"Borrador {lang}: " + entry.msgid
                entry.set_fuzzy(True)
                entry.set_provenance("mt deepl 2026-11-25")
            write_catalog(path, catalog)


def _server_cpu_and_memory(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and resident memory in bytes of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = next(int(line.split()[1]) * 1024 for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("VmRSS:"))
    return cpu, rss


def _login_cookie(port: int, token: str) -> str:
    _, headers, _ = request(port, "POST", "/login", body=f"token={token}".encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     "Origin": f"http://127.0.0.1:{port}"})
    return headers["set-cookie"].split(";")[0]


def _start_server(root: Path, token: str) -> tuple[subprocess.Popen[bytes], int, float, str]:
    """Start ``stmtl10n review``; the seconds from the start to the first statement list answered, and a cookie."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "stmtl10n", "-C", str(root), "review", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while True:
        try:
            cookie = _login_cookie(port, token)
            status, _, _ = request(port, "GET", "/", headers={"Cookie": cookie})
            assert status == 200, status
            return server, port, time.perf_counter() - started, cookie
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("server did not start") from None
            time.sleep(0.02)


def _timed_gets(port: int, path: str, cookie: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall times of ``runs`` GETs of ``path`` and the server's own times (Server-Timing)."""
    wall, in_server = [], []
    for _ in range(runs):
        started = time.perf_counter()
        status, headers, _ = request(port, "GET", path, headers={"Cookie": cookie})
        wall.append(time.perf_counter() - started)
        assert status == 200, (path, status)
        timing = re.search(r"dur=([0-9.]+)", headers.get("server-timing", ""))
        in_server.append(float(timing.group(1)) / 1000 if timing else float("nan"))
    return wall, in_server


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def scale(sizes: list[int], runs: int) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    print(f"review_load --scale: statements × {len(SCALE_LANGS)} languages, {SCALE_PARAGRAPHS + 1} entries each; "
          f"{runs} GETs per page after the first")
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="review-scale-") as tmp:
            root = Path(tmp) / "project"
            built = time.perf_counter()
            make_scale_project(root, count)
            built = time.perf_counter() - built
            project = find_project(root)
            token = add_reviewer(project, "coord", languages=(), coordinator=True)[1]
            for start in ("first start", "restart"):
                server, port, first, cookie = _start_server(root, token)
                try:
                    cpu_before, _ = _server_cpu_and_memory(server.pid)
                    listing, listing_server = _timed_gets(port, "/", cookie, runs)
                    cpu_list = _server_cpu_and_memory(server.pid)[0] - cpu_before
                    review = f"/review/statement-{count // 2:04d}/es?filter=all"
                    cpu_before = _server_cpu_and_memory(server.pid)[0]
                    reviews, reviews_server = _timed_gets(port, review, cookie, runs)
                    cpu_review = _server_cpu_and_memory(server.pid)[0] - cpu_before
                    # When are all the counts there ("checking…" gone)?
                    waited = time.perf_counter()
                    while b"checking" in request(port, "GET", "/", headers={"Cookie": cookie})[2]:
                        if time.perf_counter() - waited > 600:
                            break
                        time.sleep(0.2)
                    counted = time.perf_counter() - waited
                    # Then until the server is idle (warm-up and background checks done): the steady state.
                    idle_since = time.perf_counter()
                    last_cpu = _server_cpu_and_memory(server.pid)[0]
                    while time.perf_counter() - idle_since < 600:
                        time.sleep(0.5)
                        cpu_now = _server_cpu_and_memory(server.pid)[0]
                        if cpu_now - last_cpu < 0.02:
                            break
                        last_cpu = cpu_now
                    idle = time.perf_counter() - idle_since + counted
                    listing_after, listing_after_server = _timed_gets(port, "/", cookie, runs)
                    reviews_after, _ = _timed_gets(port, review, cookie, runs)
                    _, memory = _server_cpu_and_memory(server.pid)
                    freeze = _freeze(port, cookie, count, token) if start == "restart" else None
                finally:
                    server.terminate()
                    server.wait(timeout=10)
                print(f"  {count:>5} statements, {start} (project built in {built:.0f} s): first page after start "
                      f"{ms(first)}; all problem counts after {counted:.1f} s more; server memory "
                      f"{memory / 2**20:.0f} MiB")
                print(f"        GET / while checking: p50 {ms(_p(listing, 50))}, p95 {ms(_p(listing, 95))} "
                      f"(server p50 {ms(_p(listing_server, 50))}; CPU {ms(cpu_list / runs)} a request, "
                      f"background checks included)")
                print(f"        review page (9 entries) meanwhile: p50 {ms(_p(reviews, 50))}, p95 {ms(_p(reviews, 95))} "
                      f"(server p50 {ms(_p(reviews_server, 50))}; CPU {ms(cpu_review / runs)} a request)")
                print(f"        idle after {idle:.1f} s: GET / p50 {ms(_p(listing_after, 50))}, "
                      f"p95 {ms(_p(listing_after, 95))} (server p50 {ms(_p(listing_after_server, 50))}); "
                      f"review page p50 {ms(_p(reviews_after, 50))}, p95 {ms(_p(reviews_after, 95))}")
                if freeze:
                    print(f"        freeze test: a {freeze['size'] // 1024} KiB edit without spaces answered "
                          f"{freeze['status']} in {ms(freeze['edit'])}; 4 other clients' pages meanwhile: "
                          f"p50 {ms(freeze['p50'])}, p95 {ms(freeze['p95'])}, max {ms(freeze['max'])} "
                          f"({freeze['count']} pages)")


def _freeze(port: int, cookie: str, count: int, token: str) -> dict[str, Any]:
    """Four clients load pages while one sends a 900 KiB edit without spaces; the others' latencies."""
    slug = f"statement-{count // 3:04d}"
    _, _, data = request(port, "GET", f"/api/statements/{slug}/es", headers={"Authorization": f"Bearer {token}"})
    entry = json.loads(data)["entries"][1]
    text = "x" * (900 * 1024)
    stop = threading.Event()
    latencies: list[float] = []

    def load_pages(n: int) -> None:
        paths = ["/", f"/review/statement-{(count // 2 + n) % count:04d}/fr?filter=all"]
        while not stop.is_set():
            for path in paths:
                started = time.perf_counter()
                request(port, "GET", path, headers={"Cookie": cookie})
                latencies.append(time.perf_counter() - started)

    others = [threading.Thread(target=load_pages, args=(n,)) for n in range(4)]
    for thread in others:
        thread.start()
    time.sleep(0.5)
    latencies.clear()
    started = time.perf_counter()
    status, _, _ = request(port, "POST", f"/api/statements/{slug}/es/entries/{entry['id']}/edit",
                           body=json.dumps({"version": entry["version"], "msgstr": text}).encode(),
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    edit = time.perf_counter() - started
    time.sleep(max(0.0, 2.0 - edit))  # a window of at least two seconds
    stop.set()
    for thread in others:
        thread.join()
    ordered = sorted(latencies)
    return {"size": len(text), "status": status, "edit": edit, "p50": _p(ordered, 50), "p95": _p(ordered, 95),
            "max": ordered[-1], "count": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=10)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--edit", action="store_true",
                        help="make the second round edit-and-approve (each edit runs every check on the new text)")
    parser.add_argument("--scale", action="store_true", help="measure the pages at 10, 100 and 1,000 statements instead")
    parser.add_argument("--statements", default="10,100,1000", help="with --scale: the project sizes")
    parser.add_argument("--runs", type=int, default=20, help="with --scale: GETs of each page")
    options = parser.parse_args()
    if options.scale:
        scale([int(n) for n in options.statements.split(",")], options.runs)
        return

    with tempfile.TemporaryDirectory(prefix="review-load-") as tmp:
        root = Path(tmp) / "project"
        make_project(root, options.entries)
        project = find_project(root)
        tokens = [add_reviewer(project, f"reviewer{n}", languages=(LANG,))[1] for n in range(options.reviewers)]
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "stmtl10n", "-C", str(root), "review", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.time() + 30
            while True:
                try:
                    _status, _, data = request(port, "GET", f"/api/statements/{SLUG}/{LANG}",
                                              headers={"Authorization": f"Bearer {tokens[0]}"})
                    break
                except OSError:
                    if time.time() > deadline or server.poll() is not None:
                        raise SystemExit(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}") from None
                    time.sleep(0.1)
            # Reviewers load the page before they approve: this first load also runs every check.
            entries = json.loads(data)["entries"]
            assert len(entries) == options.entries, len(entries)
            rounds = Rounds(options.reviewers, edit=options.edit)
            reviewers = [Reviewer(port, tokens[n], f"reviewer{n}", entries[n::options.reviewers], rounds)
                         for n in range(options.reviewers)]
            rounds.reviewers = reviewers
            started = time.perf_counter()
            for reviewer in reviewers:
                reviewer.start()
            for reviewer in reviewers:
                reviewer.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)

        latencies = sorted(x for reviewer in reviewers for x in reviewer.latencies)
        failures = [f for reviewer in reviewers for f in reviewer.failures]
        catalog = read_catalog(project.catalog_path(SLUG, LANG))
        by_msgid = {e.msgid: e for e in catalog.active()}
        lost = 0
        for n, owner in enumerate(reviewers):
            # The last word on an owner's entries is the previous reviewer's second-round action.
            second = f"reviewer{(n - 1) % len(reviewers)}"
            verb = "edited" if options.edit else "reviewed"
            for job in owner.own:
                entry = by_msgid[job["msgid"]]
                text_ok = entry.msgstr == (f"Revisado por {second}: {job['msgid']}" if options.edit
                                           else f"Borrador: {job['msgid']}")
                if not text_ok or entry.is_fuzzy or not (entry.provenance or "").startswith(f"{verb} by {second} "):
                    lost += 1
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(project.catalog_path(SLUG, LANG))],
                               capture_output=True, text=True)
        renders = render_times(root, tokens[0], options.entries)

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms"

    quantiles = statistics.quantiles(latencies, n=100)
    second = "edit-and-approve" if options.edit else "approve"
    print(f"review_load: {options.reviewers} reviewers, {options.entries}-entry catalog, "
          f"{len(latencies)} approvals (approve, then {second} by another reviewer) "
          f"in {wall:.2f} s ({len(latencies) / wall:.0f}/s)")
    print(f"  approval latency: p50 {ms(quantiles[49])}, p95 {ms(quantiles[94])}, p99 {ms(quantiles[98])}, "
          f"max {ms(latencies[-1])}   (target p95 < 50 ms)")
    in_server = sorted(x for reviewer in reviewers for x in reviewer.server_times)
    server_q = statistics.quantiles(in_server, n=100)
    print(f"  of which in the server (Server-Timing): p50 {ms(server_q[49])}, p95 {ms(server_q[94])}")
    print(f"  failed requests: {len(failures)}; lost updates in the PO file: {lost}; "
          f"msgfmt --check: {'ok' if check.returncode == 0 else check.stderr.strip()}")
    print(f"  review page of {options.entries} entries ({renders['size'] // 1024} KiB), server time (median): "
          f"unchanged {ms(renders['warm'])}, after an edit through the server {ms(renders['approval'])}, "
          f"after a command-line write {ms(renders['cli'])} (re-parse)   (target < 200 ms)")
    print(f"  first load after start (parse + every check, language identification included): {ms(renders['cold'])}")
    if failures:
        print("  first failures:", *failures[:5], sep="\n    ")


if __name__ == "__main__":
    main()
