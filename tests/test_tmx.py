"""TMX export and import: the file format, the commands, and the round trip through Translate Toolkit."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange_support import make_project
from stmtl10n.documents.tmx import TmxUnit, read_tmx, render_tmx
from stmtl10n.errors import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CALL = """# Call for a week of action

Join the week of action from 25 to 31 March.

Free Palestine!
"""
SECOND = """# A second call

Free Palestine!

We stand with 25,000 workers.
"""


@pytest.fixture
def project(tmp_path: Path):
    made = make_project(tmp_path, {"call.md": CALL, "second.md": SECOND})
    made.translate("call", "es", {
        "Call for a week of action": "Llamamiento a una semana de acción",
        "Free Palestine!": "¡Palestina libre!",
    })
    made.translate("call", "es", {"Join the week of action from 25 to 31 March.": "Únete del 25 al 31 de marzo."},
                   fuzzy=True)
    made.translate("second", "es", {"Free Palestine!": "¡Palestina libre!"})
    made.translate("call", "ar", {"Free Palestine!": "فلسطين حرة!"})
    made.translate("second", "ar", {"Free Palestine!": "الحرية لفلسطين!"})
    return made


def _units(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("./body/tu")


def _variants(tu: ET.Element) -> dict[str, str]:
    return {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.findall("tuv")}


def test_export_writes_tmx_14b_header(project, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    result = project.run("export-tmx", "--output", str(out))
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert {k: header.get(k) for k in ("creationtool", "srclang", "segtype", "o-tmf", "adminlang", "datatype")} == {
        "creationtool": "stmtl10n", "srclang": "en", "segtype": "paragraph", "o-tmf": "PO",
        "adminlang": "en", "datatype": "plaintext",
    }


def test_export_has_one_unit_per_source_text_with_reviewed_translations(project, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    result = project.run("export-tmx", "--output", str(out))
    assert result.exit_code == 0, result.output
    units = [_variants(tu) for tu in _units(out)]
    assert {"en": "Call for a week of action", "es": "Llamamiento a una semana de acción"} in units
    # "Free Palestine!" is in both statements: one unit, until Arabic translates it two ways.
    free = [u for u in units if u["en"] == "Free Palestine!"]
    assert free == [
        {"en": "Free Palestine!", "es": "¡Palestina libre!", "ar": "فلسطين حرة!"},
        {"en": "Free Palestine!", "ar": "الحرية لفلسطين!"},
    ]
    # The fuzzy draft is left out by default.
    assert not any(u["en"].startswith("Join the week") for u in units)
    assert result.stdout == f"wrote {out}: 3 units (es 2, ar 2, fr 0)\n"
    assert result.stderr == ""


def test_export_include_fuzzy_marks_drafts(project, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    result = project.run("export-tmx", "--include-fuzzy", "--lang", "es", "-o", str(out))
    assert result.exit_code == 0, result.output
    drafts = [tu for tu in _units(out) if _variants(tu)["en"].startswith("Join the week")]
    assert len(drafts) == 1
    (es,) = [tuv for tuv in drafts[0].findall("tuv") if tuv.get(XML_LANG) == "es"]
    assert [(p.get("type"), p.text) for p in es.findall("prop")] == [("x-stmtl10n-state", "fuzzy")]
    # --lang es: no Arabic variant anywhere.
    assert all("ar" not in _variants(tu) for tu in _units(out))
    assert list(read_tmx(out))[1].is_fuzzy("es")


def test_export_leaves_out_translations_with_problems_and_says_so(project, tmp_path: Path) -> None:
    project.translate("second", "es", {"We stand with 25,000 workers.": "Estamos con 2.500 trabajadores."})
    project.translate("call", "es", {"Join the week of action from 25 to 31 March.": "Únete del 25 al 30 de marzo."},
                      fuzzy=True)
    out = tmp_path / "memory.tmx"
    result = project.run("export-tmx", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == "export-tmx: left out 1 translation with problems\n"
    assert "2.500" not in out.read_text(encoding="utf-8")
    assert not any(_variants(tu)["en"] == "We stand with 25,000 workers." for tu in _units(out))
    # A broken draft is left out too when drafts are exported.
    result = project.run("export-tmx", "--include-fuzzy", "--output", str(out))
    assert result.stderr == "export-tmx: left out 2 translations with problems\n"
    assert "Únete" not in out.read_text(encoding="utf-8")
    # Fixed, it goes in.
    project.translate("second", "es", {"We stand with 25,000 workers.": "Estamos con 25.000 trabajadores."})
    result = project.run("export-tmx", "--output", str(out))
    assert result.stderr == ""
    assert {"en": "We stand with 25,000 workers.", "es": "Estamos con 25.000 trabajadores."} in [
        _variants(tu) for tu in _units(out)
    ]


def test_export_statement_filter(project, tmp_path: Path) -> None:
    out = tmp_path / "second.tmx"
    result = project.run("export-tmx", "--statement", "second", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [_variants(tu)["en"] for tu in _units(out)] == ["Free Palestine!"]


def test_export_refuses_a_language_outside_the_project(project, tmp_path: Path) -> None:
    result = project.run("export-tmx", "--lang", "de", "-o", str(tmp_path / "x.tmx"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "--lang de: not a language of this project" in result.stderr
    assert not (tmp_path / "x.tmx").exists()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=40), min_size=1, max_size=4))
def test_render_then_read_keeps_every_text(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    # Any text, including CR, U+2028, \x1e and characters XML 1.0 forbids, comes back as it was.
    units = [TmxUnit("en", {"en": text, "ar": text[::-1] or "x"}, {"ar": "fuzzy"}) for text in texts]
    path = tmp_path_factory.mktemp("tmx") / "round.tmx"
    path.write_text("".join(render_tmx(units, source_lang="en")), encoding="utf-8")
    ET.parse(path)  # well-formed for a strict parser too
    assert list(read_tmx(path)) == units


def test_render_is_deterministic_with_a_date() -> None:
    units = [TmxUnit("en", {"en": "a", "es": "b"})]
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    first = "".join(render_tmx(units, source_lang="en", created=moment))
    assert first == "".join(render_tmx(units, source_lang="en", created=moment))
    assert 'creationdate="20261125T120000Z"' in first


def test_read_tmx_normalizes_languages_and_keeps_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "other.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en-US" creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="html"/>\n<body>\n'
        '<tu><tuv xml:lang="en-US"><seg>Say <bpt i="1">&lt;b&gt;</bpt>no<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        '<tuv xml:lang="pt-br"><seg>Diga <bpt i="1">&lt;b&gt;</bpt>não<ept i="1">&lt;/b&gt;</ept></seg></tuv></tu>\n'
        '<tu><tuv lang="EN-US"><seg>only one language</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    assert list(read_tmx(path)) == [TmxUnit("en_US", {"en_US": "Say <b>no</b>", "pt_BR": "Diga <b>não</b>"})]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="en"><seg>a</seg></tuv>\n</body></tmx>',
         "bad.tmx:3: not well-formed XML (mismatched tag"),
        ("<html><body/></html>", "bad.tmx:1: not a TMX file (root element <html>, expected <tmx>)"),
        ('<tmx version="1.4"><header/></tmx>', "bad.tmx: TMX file without a <body>"),
        ('<tmx version="1.4"><header/><body>\n\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>',
         "bad.tmx:3: <tuv> without xml:lang"),
        ("", "bad.tmx:1: not well-formed XML (no element found"),
    ],
    ids=["mismatched-tag", "not-tmx", "no-body", "no-lang", "empty"],
)
def test_read_tmx_names_file_and_line_of_bad_input(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        list(read_tmx(path, display="bad.tmx"))
    assert str(caught.value).startswith(expected)


def test_import_tmx_stores_a_copy_under_memory(project, tmp_path: Path) -> None:
    exported = tmp_path / "from OmegaT.tmx"
    assert project.run("export-tmx", "-o", str(exported)).exit_code == 0
    result = project.run("import-tmx", str(exported))
    assert result.exit_code == 0, result.output
    stored = project.root / "memory" / "from-OmegaT.tmx"
    assert stored.read_bytes() == exported.read_bytes()
    assert result.stdout == "added memory/from-OmegaT.tmx: 3 units (en, es, ar)\n"
    again = project.run("import-tmx", str(exported))
    assert again.stdout.startswith("replaced memory/from-OmegaT.tmx")


def test_import_tmx_refuses_malformed_xml_with_its_line(project, tmp_path: Path) -> None:
    bad = tmp_path / "broken.tmx"
    bad.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu>\n</body>\n</tmx>\n', encoding="utf-8")
    result = project.run("import-tmx", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {bad}:5: not well-formed XML (mismatched tag")
    assert "Traceback" not in result.output
    assert not (project.root / "memory").exists()


def test_import_tmx_refuses_a_memory_without_the_source_language(project, tmp_path: Path) -> None:
    other = tmp_path / "de-fr.tmx"
    other.write_text("".join(render_tmx([TmxUnit("de", {"de": "Hallo", "fr": "Bonjour"})], source_lang="de")),
                     encoding="utf-8")
    result = project.run("import-tmx", str(other))
    assert result.exit_code == 1
    assert "no unit has text in en, the project's source language" in result.stderr


def test_import_tmx_missing_file_is_a_usage_error(project, tmp_path: Path) -> None:
    result = project.run("import-tmx", str(tmp_path / "nope.tmx"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# --- Translate Toolkit reads what we write, and we read what it writes ------------------------

def _translate_toolkit() -> None:
    try:
        import translate.storage.tmx  # noqa: F401
    except ImportError:
        pytest.fail("Translate Toolkit is missing: pip install translate-toolkit==3.20.4")


def test_translate_toolkit_reads_our_tmx_back_into_po(project, tmp_path: Path) -> None:
    # Translate Toolkit 3.20 has po2tmx but no tmx2po: this is tmx2po made of its
    # own TMX reader and PO writer, the classes all its tools use.
    _translate_toolkit()
    from translate.storage import factory, po

    out = tmp_path / "memory.tmx"
    assert project.run("export-tmx", "--include-fuzzy", "-o", str(out)).exit_code == 0
    store = factory.getobject(str(out))
    assert len(store.units) == 4
    per_language: dict[str, dict[str, str]] = {}
    for unit in store.units:
        nodes = unit.getlanguageNodes()
        texts = {node.get(XML_LANG): unit.getNodeText(node) for node in nodes}
        source = texts.pop("en")
        for lang, text in texts.items():
            per_language.setdefault(lang, {}).setdefault(source, text)
    for lang in ("es", "ar"):
        pofile = po.pofile()
        for source, text in per_language[lang].items():
            unit = pofile.addsourceunit(source)
            unit.target = text
        path = tmp_path / f"{lang}.po"
        path.write_bytes(bytes(pofile))
        from stmtl10n.catalog import read_catalog

        back = {e.msgid: e.msgstr for e in read_catalog(path).active()}
        ours = {e.msgid: e.msgstr for e in project.catalog("call", lang).active() if e.msgstr}
        for msgid, msgstr in ours.items():
            assert back[msgid] == msgstr


def test_we_read_translate_toolkits_po2tmx_output(project, tmp_path: Path) -> None:
    _translate_toolkit()
    # Installed beside this Python (the venv's bin/), whether or not that is on PATH.
    po2tmx = str(Path(sys.executable).parent / "po2tmx")
    if not Path(po2tmx).exists():
        pytest.fail("po2tmx not found: pip install translate-toolkit==3.20.4")
    out = tmp_path / "tt.tmx"
    done = subprocess.run(
        [po2tmx, "--language", "es", "--source-language", "en", "-i", str(project.catalog_path("call", "es")),
         "-o", str(out)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    units = {unit.source: unit.variants.get("es") for unit in read_tmx(out)}
    assert units["Call for a week of action"] == "Llamamiento a una semana de acción"
    assert units["Free Palestine!"] == "¡Palestina libre!"


OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="EN-US"/>
  <body>
<!-- Default translations -->
    <tu>
      <tuv lang="EN-US">
        <seg>Free Palestine!</seg>
      </tuv>
      <tuv lang="ES" changeid="ana" changedate="20240101T120000Z">
        <seg>¡Palestina libre!</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_tmx_takes_an_omegat_project_memory(project, tmp_path: Path) -> None:
    # The form OmegaT writes project_save.tmx in: TMX 1.1 "lang", regional codes, a DOCTYPE.
    path = tmp_path / "project_save.tmx"
    path.write_text(OMEGAT_TMX, encoding="utf-8")
    result = project.run("import-tmx", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "added memory/project_save.tmx: 1 units (en_US, es)\n"
    assert list(read_tmx(project.root / "memory" / "project_save.tmx")) == [
        TmxUnit("en_US", {"en_US": "Free Palestine!", "es": "¡Palestina libre!"})
    ]


# --------------------------------------------------------------------------- streaming export


def test_the_streamed_export_is_what_the_collected_units_render(project, tmp_path: Path) -> None:
    from stmtl10n.documents.tmx import collect_units, export_tmx, iter_units

    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    out = tmp_path / "memory.tmx"
    result = export_tmx(project.project, out, include_fuzzy=True, created=moment)
    units = collect_units(project.project, include_fuzzy=True)
    assert list(iter_units(project.project, include_fuzzy=True)) == units
    assert out.read_text(encoding="utf-8") == "".join(render_tmx(units, source_lang="en", created=moment))
    assert (result.units, result.variants) == (len(units), {"es": 3, "ar": 2, "fr": 0})


def test_an_export_that_cannot_be_written_keeps_the_old_file_and_leaves_no_temporary(project, tmp_path: Path,
                                                                                     monkeypatch) -> None:
    from stmtl10n.documents import tmx
    from stmtl10n.errors import OutputError

    out = tmp_path / "memory.tmx"
    out.write_text("the old memory\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object):
        yield "<?xml"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tmx, "render_tmx", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        tmx.export_tmx(project.project, out)
    assert out.read_text(encoding="utf-8") == "the old memory\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".memory.tmx")) == []


def test_export_reads_the_check_results_kept_by_check(project, tmp_path: Path, monkeypatch) -> None:
    import stmtl10n.checks as checks_module
    from stmtl10n.checks import run_checks
    from stmtl10n.documents.tmx import export_tmx

    project.translate("second", "es", {"We stand with 25,000 workers.": "Estamos con 2.500 trabajadores."})
    run_checks(project.project)
    calls = []
    original = checks_module.check_entry
    monkeypatch.setattr(checks_module, "check_entry", lambda *a, **k: calls.append(1) or original(*a, **k))
    result = export_tmx(project.project, tmp_path / "memory.tmx")
    assert calls == []  # every catalog's problems came from its record
    assert result.left_out == 1
    assert "Estamos con 2.500" not in (tmp_path / "memory.tmx").read_text(encoding="utf-8")
