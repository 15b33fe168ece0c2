"""The package's shape: no import cycle between its modules, no test helper inside it.

The import graph is read from the source with :mod:`ast`, so it sees every import:
module-level and inside functions, absolute (``oxytocin_course.x``) and relative
(``.x``, ``..x``, ``from . import x``).  A cycle fails the test with its path.
"""
from __future__ import annotations

import ast
from pathlib import Path

from oxytocin_course.notebook_files import PACKAGE_DIR

PACKAGE = PACKAGE_DIR.name


def module_name(path: Path) -> str:
    """``oxytocin_course/site/build.py`` → ``oxytocin_course.site.build`` (a package's
    ``__init__.py`` is the package itself)."""
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    """Every module of the package (``node_modules`` and other non-package folders aside)."""
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))
            if "node_modules" not in path.parts}


def imported_modules(module: str, path: Path, modules: set[str]) -> set[str]:
    """The package modules that ``module`` imports, wherever the import statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def nearest_module(dotted: str) -> str | None:
        """``dotted`` if it is a package module, else its nearest enclosing one."""
        while dotted:
            if dotted in modules:
                return dotted
            dotted = dotted.rpartition(".")[0]
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # ``from .x import y`` in a.b.c → a.b.x; in package a.b (its __init__) → a.b.x.
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # ``from package import submodule`` imports the submodule.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                resolved = nearest_module(target)
                if resolved and resolved != module:
                    found.add(resolved)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    names = set(modules)
    return {name: imported_modules(name, path, names) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_the_import_graph_is_read():
    """The graph is not vacuous: known imports of each kind are found."""
    graph = import_graph()
    assert "oxytocin_course.notebook_files" in graph["oxytocin_course.lint"]  # relative, top
    assert "oxytocin_course.quiz" in graph["oxytocin_course.lint"]  # inside a function
    assert "oxytocin_course.site.build" in graph["oxytocin_course.site"]  # package __init__
    assert "oxytocin_course.references" in graph["oxytocin_course.models.clinic"]  # ``..``
    assert "oxytocin_course.register" in graph["oxytocin_course.site.build"]  # absolute


def test_find_cycle_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_cycle_in_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle in the package: " + " -> ".join(cycle or [])


def test_test_helpers_live_in_tests():
    """Helpers used only by the tests (site build fixture, Chromium, HTTP server) are not
    part of the installed package."""
    assert not (PACKAGE_DIR / "site" / "testing.py").exists()
    assert (Path(__file__).parent / "site_helpers.py").is_file()
