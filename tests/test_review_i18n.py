"""The review pages in the reviewer's language: shipped catalogs, negotiation, the switch, right to left."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from review_support import Client, assert_complete_translation, make_project
from stmtl10n.project import Project
from stmtl10n.review.accounts import add_reviewer
from stmtl10n.review.app import ReviewApp
from stmtl10n.review.catalogs import check_project
from stmtl10n.review.i18n import INTERFACE_LANGUAGES, interface_language, negotiate, number

LOCALE = Path(__file__).resolve().parents[1] / "src" / "stmtl10n" / "review" / "locale"
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", [lang for lang in INTERFACE_LANGUAGES if lang != "en"])
def test_each_shipped_catalog_is_complete_and_passes_msgfmt_check(lang: str) -> None:
    assert_complete_translation(LOCALE / lang / "LC_MESSAGES" / "review.po", LOCALE / "review.pot", lang=lang)


def test_the_template_holds_what_babel_extracts_from_the_pages(tmp_path: Path) -> None:
    out = tmp_path / "extracted-template"  # not a .pot: conftest holds written catalogs to msgcat's layout
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                           "-k", "N_", "-k", "_", "-k", "ngettext:1,2", "--no-location", "-o", str(out), "."],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with out.open("rb") as fresh, (LOCALE / "review.pot").open("rb") as shipped:
        assert {m.id for m in read_po(fresh) if m.id} == {m.id for m in read_po(shipped) if m.id}, (
            "the pages' strings changed: extract again (src/stmtl10n/review/locale/README.md)")


def test_negotiation_and_babel_numbers() -> None:
    assert negotiate(["ar"], "es-ES,es;q=0.9") == "ar"  # the reviewer's first language wins
    assert negotiate(["de"], "fr-CH, fr;q=0.9, en;q=0.8") == "fr"
    assert negotiate([], "de, *;q=0.5") == "en"
    assert negotiate([], "es;q=0, fr;q=0.4") == "fr"
    with interface_language("es"):
        assert number(25000) == "25.000"
    with interface_language("fr"):
        assert number(25000) == "25\u202f000"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p")


def test_an_arabic_reviewer_gets_arabic_right_to_left_pages_and_the_switch_changes_them(project: Project) -> None:
    app = ReviewApp(project)
    client = Client(app)
    client.login(add_reviewer(project, "amal", languages=("ar",))[1], interface=None)
    page = client.get("/", **{"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>البيانات</h1>" in page and "تسجيل الخروج" in page
    review = client.get("/review/call/ar").text
    assert '<html lang="ar" dir="rtl">' in review and ">اعتماد</button>" in review
    client.choose_interface("fr")
    assert '<html lang="fr" dir="ltr">' in client.get("/").text
    assert "Déclarations" in client.get("/").text


def test_a_coordinator_gets_the_browsers_language_and_english_otherwise(project: Project) -> None:
    app = ReviewApp(project)
    token = add_reviewer(project, "coord", languages=(), coordinator=True)[1]
    client = Client(app)
    client.login(token, interface=None)
    assert '<html lang="es" dir="ltr">' in client.get("/", **{"Accept-Language": "es-AR,es;q=0.9"}).text
    assert '<html lang="en" dir="ltr">' in client.get("/", **{"Accept-Language": "de-DE"}).text
    # Before logging in too: the login page follows the browser.
    assert "Iniciar sesión" in Client(app).get("/login", **{"Accept-Language": "es"}).text


def test_statements_are_listed_by_title_with_the_slug_and_no_problems_is_not_an_alarm(project: Project) -> None:
    app = ReviewApp(project)
    client = Client(app)
    client.login(add_reviewer(project, "coord", languages=(), coordinator=True)[1])
    check_project(app.cache)
    page = client.get("/").text
    assert '<span class="title">Call for solidarity</span> <small class="slug" dir="ltr">call</small>' in page
    found = re.findall(r'<span class="(c-problems[^"]*)" data-count="problems">(\d+)</span>', page)
    assert found and all(("none" in classes) == (count == "0") for classes, count in found)


def test_a_language_an_engine_drafts_gets_no_engine_hint(project: Project) -> None:
    app = ReviewApp(project)
    client = Client(app)
    client.login(add_reviewer(project, "lucia", languages=("es",))[1])
    path = project.catalog_path("call", "es")
    text = path.read_text(encoding="utf-8")
    assert "engine-hint" not in client.get("/review/call/es").text
    # Arabic, with an empty entry, and no DeepL key: the hint is there.
    from stmtl10n.catalog import read_catalog, write_catalog

    ar = project.catalog_path("call", "ar")
    catalog = read_catalog(ar)
    next(iter(catalog.active())).msgstr = ""
    write_catalog(ar, catalog)
    client.login(add_reviewer(project, "amal", languages=("ar",))[1])
    assert "engine-hint" in client.get("/review/call/ar").text
    assert path.read_text(encoding="utf-8") == text


SECOND = """\
# A second call

We demand an end to the occupation now.
"""


def test_suggestions_give_memory_matches_with_scores_and_the_glossary_terms_of_the_segment(tmp_path: Path) -> None:
    from stmtl10n.catalog import read_catalog, write_catalog
    from stmtl10n.project import find_project

    project = make_project(tmp_path / "p", statements={"call.md": __import__("review_support").STATEMENT,
                                                       "second.md": SECOND}, languages=("es",))
    # A reviewer approved "We demand an end to the occupation." in the first statement.
    path = project.catalog_path("call", "es")
    catalog = read_catalog(path)
    for entry in catalog.active():
        if entry.msgid == "We demand an end to the occupation.":
            entry.set_fuzzy(False)
    write_catalog(path, catalog)
    (project.root / "glossary.csv").write_text("en,es\noccupation,ocupación\n", encoding="utf-8")
    with (project.root / "stmtl10n.toml").open("a", encoding="utf-8") as settings:
        settings.write('glossary = "glossary.csv"\n')
    project = find_project(project.root)
    app = ReviewApp(project)
    app._refresh_memory()  # what the background pass does
    token = add_reviewer(project, "lucia", languages=("es",))[1]
    client = Client(app)
    entries = client.get("/api/statements/second/es", Authorization=f"Bearer {token}").json()["entries"]
    target = next(e for e in entries if e["msgid"] == "We demand an end to the occupation now.")
    reply = client.get(f"/api/statements/second/es/entries/{target['id']}/suggestions",
                       Authorization=f"Bearer {token}")
    assert reply.status == 200, reply.text
    data = reply.json()
    assert data["glossary"] == [{"source": "occupation", "target": "ocupación"}]
    assert data["memory"], data
    best = data["memory"][0]
    assert best["target"] == "Exigimos el fin de la ocupación." and 75 <= best["score"] < 100 and best["reviewed"]
    assert client.get("/api/statements/second/es/entries/0123456789abcdef/suggestions",
                      Authorization=f"Bearer {token}").status == 404


def test_an_engine_is_set_up_for_a_language_by_the_settings_and_what_is_installed(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from stmtl10n.engines import is_set_up_for

    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    # Apertium, the offline default: Debian's installed pairs decide (en-es is installed, nothing reaches Arabic).
    assert is_set_up_for("es", project=project)
    assert not is_set_up_for("ar", project=project)
    monkeypatch.setenv("DEEPL_AUTH_KEY", "a-key:fx")
    assert is_set_up_for("ar", project=project)  # DeepL, once it has a key (its language list is not asked here)
    monkeypatch.delenv("DEEPL_AUTH_KEY")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not is_set_up_for("es", project=project)  # no apertium command: nothing drafts


@pytest.mark.foreign_catalogs  # the build copies the package's catalogs, written by babel (its own wrapping)
def test_building_the_package_compiles_the_catalogs_and_the_installed_pages_read_them(tmp_path: Path) -> None:
    # setup.py's build_py: each review catalog compiled to MO beside its PO in the build, fuzzy entries left out.
    from stmtl10n.review import i18n

    build = tmp_path / "lib"
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    locale = build / "stmtl10n" / "review" / "locale"
    built = sorted(p.relative_to(locale).as_posix() for p in locale.glob("*/LC_MESSAGES/*.mo"))
    assert built == [f"{lang}/LC_MESSAGES/{domain}.mo" for lang in ("ar", "es", "fr") for domain in ("checks", "review")]
    for mo_path in locale.glob("*/LC_MESSAGES/*.mo"):
        # What msgfmt makes of the same PO, message for message.
        po_path = mo_path.with_suffix(".po")
        theirs = tmp_path / "msgfmt.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(theirs), str(po_path)], check=True)
        with mo_path.open("rb") as ours_file, theirs.open("rb") as theirs_file:
            ours, reference = gettext.GNUTranslations(ours_file), gettext.GNUTranslations(theirs_file)
        # The header ("") is babel's own rewrite of the PO's; every message is msgfmt's.
        assert {k: v for k, v in ours._catalog.items() if k} == {  # type: ignore[attr-defined]
            k: v for k, v in reference._catalog.items() if k}  # type: ignore[attr-defined]
    # The source tree has none, so the tests read the PO files; an installed package reads the MO
    # (the build's PO files are taken away: only the MO can give the Arabic below).
    assert not list((ROOT / "src" / "stmtl10n" / "review" / "locale").glob("*/LC_MESSAGES/*.mo"))
    for po_path in locale.glob("*/LC_MESSAGES/*.po"):
        po_path.unlink()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from stmtl10n.review import i18n; "
            "import stmtl10n.review; assert stmtl10n.review.__file__.startswith(sys.argv[1]); "
            "print(i18n.translations('ar').gettext('Statements'))")
    shown = subprocess.run([sys.executable, "-c", code, str(build)], capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == i18n.translations("ar").gettext("Statements") != "Statements"
