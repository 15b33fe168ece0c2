"""The package uses only public names of other code: no ``obj._private``
attribute of another object (matplotlib's ``_stale``, ``_loc``, ``axis._update_ticks``
...), no ``getattr(obj, "_x")``, no import of a private module or name (another
course module's included), and no method patched onto an object.  An upgrade of matplotlib or ipywidgets then
cannot silently break the explorers through an internal that changed."""
import ast

import pytest

from oxytocin_course.notebook_files import PACKAGE_DIR as PACKAGE

MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "node_modules" not in p.parts)
OWN = {"self", "cls"}
REFLECTION = {"getattr", "setattr", "hasattr", "delattr"}


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def problems(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute) and private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in OWN):
                out.append(f"{where}: private attribute {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in REFLECTION and len(node.args) >= 2 \
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str) \
                and private(node.args[1].value):
            out.append(f"{where}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom):
            # Another module's private function is private to it, ours included.
            if any(private(part) for part in (node.module or "").split(".")) \
                    or any(private(alias.name) for alias in node.names):
                out.append(f"{where}: private import from {'.' * node.level}{node.module or ''}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(private(part) for part in alias.name.split(".")):
                    out.append(f"{where}: private import {alias.name}")
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "draw" \
                        and not (isinstance(target.value, ast.Name) and target.value.id in OWN):
                    out.append(f"{where}: patches {ast.unparse(target)}")
    return out


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_only_public_names(path):
    found = problems(ast.parse(path.read_text(encoding="utf-8")))
    assert not found, f"{path.relative_to(PACKAGE.parent)}:\n" + "\n".join(found)


def test_the_check_finds_what_it_must():
    code = ("a._stale = False\nx = legend._loc\nticks = axis._update_ticks()\n"
            "getattr(ax, '_oxy_max', None)\nfrom matplotlib._api import check\n"
            "import matplotlib._pylab_helpers\nartist.draw = skip\nself._ok = 1\nobj.__class__\n"
            "from .power import ALPHA_MIN, _power_t\n")
    found = problems(ast.parse(code))
    assert len(found) == 8, found
