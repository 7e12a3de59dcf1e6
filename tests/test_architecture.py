"""The package's shape: no import cycle, each layer imports only from itself and below, settings need no engines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import stmtl10n
from stmtl10n.checks import CHECKS
from stmtl10n.choices import CHECK_NAMES, ENGINE_NAMES

PACKAGE = Path(stmtl10n.__file__).parent

# Lowest first. The README's file layout shows the same layers.
LAYERS: dict[str, tuple[str, ...]] = {
    "foundation": ("errors", "_io", "_stamps", "_linebreak", "model", "choices", "patterns", "similarity"),
    "project model": (
        "locales", "dates", "config", "catalog", "project", "formats", "countries", "signatory_drafts", "glossary",
        "detect",
    ),
    "services": ("checks", "engines", "memory", "status", "documents", "readings"),
    "workflow": ("extract", "pretranslate", "build", "import_translation", "signatory_intake"),
    "front ends": ("cli", "review", "__main__"),
}


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names[name] = path
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports, at module level or inside functions.

    ``from package import module`` counts as importing the module alone, as
    import-linter and grimp count it.
    """
    modules = _module_names()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                graph[name].update(alias.name for alias in node.names if alias.name in modules)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                submodules = {f"{target}.{alias.name}" for alias in node.names} & modules.keys()
                graph[name].update(submodules)
                if target in modules and len(submodules) < len(node.names):
                    graph[name].add(target)
    for edges in graph.values():
        edges.discard("stmtl10n")  # the package's __init__ holds only its version and public names
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def _layer(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else ""
    for rank, members in enumerate(LAYERS.values()):
        if top in members:
            return rank
    raise AssertionError(f"{module}: in no layer; add it to LAYERS and to the README's file layout")


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycles(import_graph()) == []


def test_a_cycle_would_be_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_each_layer_imports_only_from_itself_and_below() -> None:
    upward = [
        f"{module} ({list(LAYERS)[_layer(module)]}) imports {target} ({list(LAYERS)[_layer(target)]})"
        for module, targets in import_graph().items() if module != "stmtl10n"
        for target in sorted(targets) if _layer(target) > _layer(module)
    ]
    assert upward == []


@pytest.mark.parametrize("module", ["stmtl10n.config", "stmtl10n.project", "stmtl10n.catalog"])
def test_the_project_model_loads_no_engine_and_no_check(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('stmtl10n')))"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert "stmtl10n.engines" not in loaded and "stmtl10n.checks" not in loaded, loaded


def test_settings_validate_against_the_registries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stmtl10n.engines import get_engine
    from stmtl10n.errors import EngineError
    from stmtl10n.project import find_project, init_project

    assert tuple(CHECKS) == CHECK_NAMES
    init_project(tmp_path, source_lang="en", languages=("es",))
    project = find_project(tmp_path)
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    for name in ENGINE_NAMES:
        try:
            get_engine(name, project=project)
        except EngineError as exc:  # a missing key or command, never an unknown name
            assert not str(exc).startswith("unknown engine"), exc
    with pytest.raises(EngineError, match=r"^unknown engine 'deeepl'; did you mean 'deepl'"):
        get_engine("deeepl", project=project)


def test_function_level_imports_follow_the_one_lazy_rule() -> None:
    """Outside cli/ (whose commands all import inside their function), an import
    inside a function says why with a ``# lazy:`` comment on its line or just above."""
    unexplained = []
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    here = lines[inner.lineno - 1]
                    above = lines[inner.lineno - 2].strip() if inner.lineno > 1 else ""
                    if "# lazy:" not in here and not (above.startswith("#") and "lazy:" in above):
                        unexplained.append(f"{path.relative_to(PACKAGE)}:{inner.lineno}: {here.strip()}")
    assert unexplained == []


def test_the_format_registry_names_each_class_as_it_names_itself() -> None:
    import importlib

    from stmtl10n.formats import BINARY_FORMATS, TEXT_FORMATS

    for entry in (*TEXT_FORMATS, *BINARY_FORMATS):
        cls = getattr(importlib.import_module(entry.module), entry.cls)
        assert (cls.name, tuple(cls.extensions)) == (entry.name, entry.extensions)


def test_listing_statements_loads_no_parser(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from stmtl10n.project import init_project, find_project, list_statements\n"
        f"root = init_project(__import__('pathlib').Path({str(tmp_path / 'p')!r}), source_lang='en', languages=('es',)).parent\n"
        "for name in ('a.md', 'b.txt', 'c.docx', 'd.html'):\n"
        "    (root / 'statements' / name).write_bytes(b'x')\n"
        "print(sorted(s.format_name for s in list_statements(find_project(root))))\n"
        "print(sorted(m for m in ('markdown_it', 'lxml') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["['docx', 'html', 'markdown', 'text']", "[]"]
