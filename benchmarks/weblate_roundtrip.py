"""Round trip through a real Weblate: components per statement, a translation saved over its API, its commit.

Run: .venv/bin/python benchmarks/weblate_roundtrip.py [--venv /tmp/weblate-venv] [--keep]

Setup (automatic, heavy, outside the test suite): Weblate from PyPI in its own virtual
environment (``--venv``, default ``/tmp/weblate-venv``; never the project's venv), Debian's
PostgreSQL and Redis (``apt-get install postgresql redis-server``; Weblate's wheels also build
borgbackup and PyGObject, which need ``pkg-config liblz4-dev libzstd-dev libxxhash-dev
libacl1-dev libssl-dev libcairo2-dev libgirepository1.0-dev``, and at run time ``gir1.2-rsvg-2.0
``gir1.2-pango-1.0``; PyGObject below 3.51 on
Debian 12, whose GLib has no girepository-2.0).

What it does, in a throwaway folder under /tmp: a git repository holding this repository's
stmtl10n project (statements/, locales/, stmtl10n.toml); a PostgreSQL cluster and a Redis
server on loopback ports; Weblate (Celery tasks run eagerly) serving its API on 127.0.0.1.
Through the API it creates a project and one component set up as docs/weblate.md says,
installs the component-discovery add-on (which creates a component per other statement) and
the bulk-edit add-on that makes signatory and no-translate entries read-only, saves one Spanish
translation, and has Weblate commit. It then prints ``git diff`` of Weblate's commit, what
``stmtl10n check`` says of the committed catalogs, and the diff the next ``stmtl10n extract``
leaves. Whatever step fails is printed with its error, and the script stops there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
STMTL10N = REPO / ".venv" / "bin" / "stmtl10n"
# django-otp 1.7 dropped the _verify_user that Weblate 5.14.3's middleware calls (HTTP 500 on every request).
# GitPython 3.1.62 writes Weblate's quoted fetch refspec with its quotes, so no fetch finds the branch.
WEBLATE_PIN = ["weblate[postgres]==5.14.3", "PyGObject<3.51", "django-otp==1.6.3", "GitPython==3.1.45"]
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
ADMIN_PASSWORD = "weblate-roundtrip-admin"
FIRST = "international-week-declaration"  # the component the others are discovered from


class Stop(Exception):
    """A step that could not be done: the message says which and why."""


def run(args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, user: str | None = None,
        check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    if user is not None:
        args = ["runuser", "-u", user, "--", *args]
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        # A traceback says what went wrong; Django's system-check warnings come after it.
        starts = [n for n, line in enumerate(lines) if line.startswith("Traceback")]
        first = next((n for n, line in enumerate(lines) if line.startswith("ERRORS:")), None)
        errors = lines[first:first + 8] if first is not None else []
        tail = "\n".join(lines[starts[-1]:][-25:] if starts else (errors or lines)[-12:])
        raise Stop(f"{' '.join(args[:6])} exited {done.returncode}:\n{tail}")
    return done


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise Stop(f"{what} did not listen on 127.0.0.1:{port} within {seconds:.0f} s")


def ensure_weblate(venv: Path) -> Path:
    weblate = venv / "bin" / "weblate"
    if weblate.exists():
        return weblate
    print(f"installing {' '.join(WEBLATE_PIN)} into {venv} (minutes) …", flush=True)
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "pip"), "install", "-q", *WEBLATE_PIN], timeout=3600)
    return weblate


def start_postgres(work: Path, port: int) -> subprocess.Popen[str]:
    if not PG_BIN:
        raise Stop("no PostgreSQL server: apt-get install postgresql")
    data = work / "pg"
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    # initdb refuses to run as root: the cluster belongs to Debian's postgres user.
    run([str(PG_BIN[-1] / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], user="postgres")
    server = subprocess.Popen(
        ["runuser", "-u", "postgres", "--", str(PG_BIN[-1] / "postgres"), "-D", str(data), "-p", str(port),
         "-h", "127.0.0.1", "-k", str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    wait_for(port, "PostgreSQL")
    time.sleep(1)
    run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", "CREATE DATABASE weblate"])
    return server


def write_settings(work: Path, pg_port: int, redis_port: int, http_port: int) -> Path:
    settings = work / "settings" / "roundtrip_settings.py"
    settings.parent.mkdir()
    settings.write_text(f"""
from weblate.settings_example import *  # noqa: F403

DEBUG = False
SECRET_KEY = "weblate-roundtrip-not-secret"
DATA_DIR = {str(work / "data")!r}
CACHE_DIR = {str(work / "data" / "cache")!r}
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "weblate", "USER": "postgres",
    "PASSWORD": "", "HOST": "127.0.0.1", "PORT": "{pg_port}"}}}}
CACHES = {{
    "default": {{"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:{redis_port}/1",
                "OPTIONS": {{"CLIENT_CLASS": "django_redis.client.DefaultClient"}}}},
    "avatar": {{"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
               "LOCATION": {str(work / "data" / "avatar-cache")!r}}},
}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
SITE_DOMAIN = "localhost:{http_port}"
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_RP_NAME = "Weblate"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:{http_port}"]
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "otp_webauthn.E010", "otp_webauthn.E031"]  # noqa: F405
ALLOWED_HOSTS = ["*"]
ENABLE_HTTPS = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
COMPRESS_OFFLINE = False
COMPRESS_ENABLED = False
# The upstream repository is a folder on this machine.
VCS_ALLOW_SCHEMES = {{"https", "ssh", "file"}}
VCS_RESTRICT_PRIVATE = False
ENABLE_AVATARS = False
""", encoding="utf-8")
    return settings


def upstream_repository(work: Path) -> Path:
    upstream = work / "upstream"
    upstream.mkdir()
    for name in ("statements", "locales"):
        shutil.copytree(REPO / name, upstream / name)
    shutil.copy(REPO / "stmtl10n.toml", upstream / "stmtl10n.toml")
    # Catalogs as this stmtl10n writes them, so that later diffs show Weblate's changes alone.
    run([str(STMTL10N), "-C", str(upstream), "extract"])
    (upstream / ".gitignore").write_text(".stmtl10n-cache/\nbuild/\n", encoding="utf-8")  # as a project keeps it
    run(["git", "init", "-q", "-b", "main"], cwd=upstream)
    run(["git", "add", "."], cwd=upstream)
    run(["git", "-c", "user.name=Coalition", "-c", "user.email=coalition@example.org", "commit", "-q", "-m",
         "stmtl10n project"], cwd=upstream)
    # Weblate pushes nowhere here; it commits into its own clone.
    return upstream


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "Authorization": f"Token {self.token}", "Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise Stop(f"{method} {path}: HTTP {error.code}: {error.read().decode(errors='replace')[:1500]}") from None
        return json.loads(body) if body else None


def roundtrip(work: Path, venv: Path) -> None:
    weblate = ensure_weblate(venv)
    print(run([str(weblate), "--version"], check=False).stdout.strip() or "weblate installed", flush=True)
    pg_port, redis_port, http_port = free_port(), free_port(), free_port()
    servers: list[subprocess.Popen[str]] = []
    try:
        servers.append(start_postgres(work, pg_port))
        if shutil.which("redis-server") is None:
            raise Stop("no Redis server: apt-get install redis-server")
        servers.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, text=True))
        wait_for(redis_port, "Redis")
        settings = write_settings(work, pg_port, redis_port, http_port)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "roundtrip_settings", "PYTHONPATH": str(settings.parent),
               "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
        print("weblate migrate …", flush=True)
        run([str(weblate), "migrate", "--noinput"], env=env, timeout=1800)
        run([str(weblate), "createadmin", "--username", "admin", "--password", ADMIN_PASSWORD,
             "--email", "admin@example.org"], env=env)
        token = run([str(weblate), "shell", "-c",
                     "from weblate.auth.models import User; from rest_framework.authtoken.models import Token; "
                     "print(Token.objects.get_or_create(user=User.objects.get(username='admin'))[0].key)"],
                    env=env).stdout.strip().splitlines()[-1]
        servers.append(subprocess.Popen([str(weblate), "runserver", f"127.0.0.1:{http_port}", "--noreload"], env=env,
                                        stdout=(work / "runserver.log").open("w"), stderr=subprocess.STDOUT, text=True))
        wait_for(http_port, "Weblate's runserver", seconds=120)
        api = Api(f"http://127.0.0.1:{http_port}/api/", token)
        upstream = upstream_repository(work)
        # Weblate runs git with DATA_DIR/home as HOME; git refuses file:// remotes it is handed
        # unless told otherwise (GIT_PROTOCOL_FROM_USER=0 in Weblate's environment).
        home = work / "data" / "home"
        home.mkdir(parents=True, exist_ok=True)
        (home / ".gitconfig").write_text('[protocol "file"]\n\tallow = always\n[user]\n\tname = Weblate\n\temail = noreply@weblate.example.org\n', encoding="utf-8")
        session(api, env, weblate, work, upstream)
    finally:
        for server in reversed(servers):
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def session(api: Api, env: dict[str, str], weblate: Path, work: Path, upstream: Path) -> None:
    api.call("POST", "projects/", {"name": "Coalition", "slug": "coalition", "web": "https://example.org/"})
    # The component settings of docs/weblate.md, for one statement.
    api.call("POST", "projects/coalition/components/", {
        "name": FIRST, "slug": FIRST, "vcs": "git", "repo": f"file://{upstream}", "branch": "main",
        "file_format": "po", "filemask": f"locales/*/LC_MESSAGES/{FIRST}.po", "template": "",
        "new_base": f"locales/{FIRST}.pot", "new_lang": "add", "source_language": {"code": "en"},
        "push": "", "manage_units": False, "edit_template": False,
    })
    addons = [api.call("GET", url.split("/api/", 1)[1])["name"] for url in api.call("GET", f"components/coalition/{FIRST}/")["addons"]]
    print("add-ons Weblate installed by itself:", ", ".join(addons) or "none")
    # The component-discovery add-on: a component per statement.
    api.call("POST", f"components/coalition/{FIRST}/addons/", {"name": "weblate.discovery.discovery", "configuration": {
        "match": r"locales/(?P<language>[^/.]*)/LC_MESSAGES/(?P<component>[^/]*)\.po",
        "file_format": "po", "name_template": "{{ component }}", "base_file_template": "",
        "new_base_template": "locales/{{ component }}.pot", "intermediate_template": "", "language_regex": "^[^.]+$",
        "copy_addons": True, "remove": False, "confirm": True}})
    components = [c["slug"] for c in api.call("GET", "projects/coalition/components/")["results"]]
    print("components:", ", ".join(sorted(components)))
    slug = "solidarity-day-call"
    if slug not in components:
        raise Stop(f"component discovery did not create {slug}: {components}")
    api.call("POST", f"components/coalition/{slug}/addons/", {"name": "weblate.flags.bulk", "configuration": {
        "q": 'note:"flags: signatory" OR note:"flags: no-translate"', "state": -1,
        "add_flags": "read-only", "remove_flags": "", "add_labels": [], "remove_labels": []}})
    units = api.call("GET", f"translations/coalition/{slug}/es/units/?q=" + urllib.parse.quote('note:"flags: signatory"'))
    readonly = api.call("GET", f"translations/coalition/{slug}/es/units/?q=" + urllib.parse.quote("state:read-only"))
    sample = units["results"][0]
    print(f"signatory units (note:\"flags: signatory\"): {units['count']}; read-only units: {readonly['count']}; "
          f"a signatory unit's state {sample['state']}, flags {sample['flags']!r}, note {sample['note'][:80]!r}")
    units = api.call("GET", f"translations/coalition/{slug}/es/units/?q=" + urllib.parse.quote("state:needs-editing"))
    unit = next(u for u in units["results"] if u["state"] != 100)  # 100: read-only
    target = unit["target"][0] if unit["target"] else unit["source"][0]
    print(f"saving unit {unit['id']} as translated: {unit['source'][0][:60]!r}")
    api.call("PATCH", f"units/{unit['id']}/", {"target": [target], "state": 20})
    api.call("POST", f"translations/coalition/{slug}/es/repository/", {"operation": "commit"})
    checkout = work / "data" / "vcs" / "coalition" / FIRST
    log = run(["git", "log", "--oneline", "-3"], cwd=checkout).stdout
    print("Weblate's commits:\n" + log)
    diff = run(["git", "diff", "HEAD~1", "--stat"], cwd=checkout).stdout
    print("git diff --stat of Weblate's commit:\n" + diff)
    print(run(["git", "diff", "HEAD~1"], cwd=checkout).stdout[:6000])
    after = work / "after"
    run(["git", "clone", "-q", str(checkout), str(after)])
    check = run([str(STMTL10N), "-C", str(after), "check", "--lang", "es", "--statement", slug], check=False)
    print(f"stmtl10n check exit {check.returncode}:\n{check.stdout.strip()}\n{check.stderr.strip()}")
    extract = run([str(STMTL10N), "-C", str(after), "extract"], check=False)
    print(f"stmtl10n extract exit {extract.returncode}: {extract.stdout.strip()[:800]} {extract.stderr.strip()[:300]}")
    print("git diff --stat after the next extract:\n" + (run(["git", "diff", "--stat"], cwd=after).stdout or "(no diff)"))
    print(run(["git", "diff"], cwd=after).stdout[:4000])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path("/tmp/weblate-venv"))
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="weblate-roundtrip-"))
    os.chmod(work, 0o755)
    try:
        roundtrip(work, args.venv)
    except Stop as stop:
        print(f"Weblate round trip stopped: {stop}")
        return 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
