"""The Python API: docs/api.md's script runs as written, the names are the library's own, importing is cheap."""

from __future__ import annotations

import ast
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import stmtl10n
from stmtl10n.catalog import read_catalog

REPO = Path(__file__).resolve().parent.parent
API_DOC = REPO / "docs" / "api.md"
PACKAGE = Path(stmtl10n.__file__).parent

# The workflow verbs and where their one implementation lives.
VERBS = {
    "extract": "stmtl10n.extract.extract",
    "pretranslate": "stmtl10n.pretranslate.pretranslate",
    "check": "stmtl10n.checks.run_checks",
    "status": "stmtl10n.status.project_status",
    "build": "stmtl10n.build.build",
    "align": "stmtl10n.import_translation.align_translation",
    "export_tmx": "stmtl10n.documents.tmx.export_tmx",
    "import_tmx": "stmtl10n.documents.tmx.import_tmx",
    "ReviewApp": "stmtl10n.review.app.ReviewApp",
    "make_review_server": "stmtl10n.review.server.make_review_server",
    "init_project": "stmtl10n.project.init_project",
    "find_project": "stmtl10n.project.find_project",
}


def _workflow_script() -> str:
    """The first Python block of docs/api.md, as a reader would copy it."""
    found = re.search(r"^```python\n(.*?)^```$", API_DOC.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)
    assert found, f"{API_DOC}: no ```python block"
    return found.group(1)


def test_the_workflow_script_of_the_docs_runs_as_written(tmp_path: Path) -> None:
    script = tmp_path / "workflow.py"
    script.write_text(_workflow_script(), encoding="utf-8")
    # Its temporary folder goes under tmp_path (TMPDIR), so what it wrote can be looked at;
    # without a DeepL key the run is the offline one the docs describe, wherever the tests run.
    env = {key: value for key, value in os.environ.items() if key not in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
    env["TMPDIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.splitlines()[-1]
    assert last.startswith("The project is in "), done.stdout
    root = Path(last.removeprefix("The project is in "))
    assert root.is_relative_to(tmp_path)

    spanish = read_catalog(root / "locales/es/LC_MESSAGES/arms-embargo.po")
    entries = list(spanish.active())
    assert len(entries) == 3
    assert all(entry.msgstr and entry.msgstr != entry.msgid for entry in entries), entries
    assert all("mt apertium" in " ".join(entry.translator_comments) for entry in entries), entries
    assert not any(entry.msgstr for entry in read_catalog(root / "locales/ar/LC_MESSAGES/arms-embargo.po").active())
    assert "ar: 0 entries drafted, 3 left empty" in done.stdout
    assert "es: 3/3 segments drafted" in done.stderr  # the progress callback was called

    source = (root / "statements/arms-embargo.md").read_text(encoding="utf-8")
    built = (root / "build/es/arms-embargo.md").read_text(encoding="utf-8")
    assert built != source and "https://bdsmovement.net" in built
    assert (root / "build/ar/arms-embargo.md").read_text(encoding="utf-8") == source  # all untranslated
    for name in ("build/aligned/arms-embargo.html", "build/aligned/arms-embargo.md", "campaign.tmx"):
        assert f"wrote {name}" in done.stdout and (root / name).is_file()
    assert "wrote campaign.tmx: 3 translation units" in done.stdout
    assert "<tuv xml:lang=\"es\"" in (root / "campaign.tmx").read_text(encoding="utf-8")
    assert "untranslated" in done.stdout  # check's warnings for Arabic


def test_importing_the_package_loads_no_dependency() -> None:
    code = "import sys, stmtl10n; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split())
    heavy = {"babel", "polib", "markdown_it", "deepl", "click", "langdetect", "rapidfuzz"}
    assert loaded & heavy == set()
    assert sorted(name for name in loaded if name.startswith("stmtl10n")) == ["stmtl10n"]


def test_every_public_name_is_listed_and_importable() -> None:
    assert set(stmtl10n.__all__) == {"__version__", *stmtl10n._EXPORTS}
    code = "from stmtl10n import *; import stmtl10n; print(sum(n in globals() for n in stmtl10n.__all__))"
    count = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert int(count) == len(stmtl10n.__all__)
    assert issubclass(stmtl10n.CheckFailed, stmtl10n.Stmtl10nError) and stmtl10n.CheckFailed.exit_code == 3
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        stmtl10n.nonesuch  # noqa: B018


@pytest.mark.parametrize("first", ["the module", "the name"])
def test_a_verb_is_its_module_function_whatever_was_imported_first(first: str) -> None:
    """``stmtl10n.build`` is the function, also once the module ``stmtl10n.build`` is loaded."""
    modules = ("stmtl10n.extract", "stmtl10n.build", "stmtl10n.status", "stmtl10n.pretranslate")
    imports = "; ".join(f"import {module}" for module in modules)
    code = (
        "import importlib\n"
        + (f"{imports}\n" if first == "the module" else "")
        + "from stmtl10n import extract, build, status, pretranslate\n"
        + (f"{imports}\n" if first == "the name" else "")
        + "import stmtl10n\n"
        + "names = {'extract': 'extract', 'build': 'build', 'status': 'project_status', 'pretranslate': 'pretranslate'}\n"
        + "for name, attr in names.items():\n"
        + "    function = getattr(importlib.import_module('stmtl10n.' + name), attr)\n"
        + "    assert getattr(stmtl10n, name) is function is globals()[name], name\n"
        + "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "ok\n", done.stderr


@pytest.mark.parametrize("name", sorted(VERBS))
def test_each_verb_is_the_library_function_with_a_docstring_and_keyword_only_options(name: str) -> None:
    module_name, _, attribute = VERBS[name].rpartition(".")
    implementation = getattr(__import__(module_name, fromlist=[attribute]), attribute)
    verb = getattr(stmtl10n, name)
    assert verb is implementation  # one implementation: the API name is the library's function
    assert inspect.getdoc(verb)
    signature = inspect.signature(verb)
    # What a verb works on is positional; every option (a parameter with a default) is keyword-only and typed.
    options = [p for p in signature.parameters.values() if p.default is not inspect.Parameter.empty]
    positional_options = [p.name for p in options if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    assert positional_options == ([] if name != "find_project" else ["start"])
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())


def test_the_library_never_prints_and_never_imports_click() -> None:
    """Outside cli/, output is the caller's business: no print(), no click, no sys.stdout/stderr writes."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                found.append(f"{where}: print()")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                found += [f"{where}: imports {n}" for n in names if n.split(".")[0] == "click"]
            elif (isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
                  and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                found.append(f"{where}: sys.{node.attr}")
    assert found == []
