"""Captions and alt text live with the figures (oxytocin_course/data/figures/NN.yaml),
not as strings in notebook code; model numbers in them are filled in by the code."""
from __future__ import annotations

import ast
import json
import string

import pytest
import yaml

from oxytocin_course.figures import FIGURE_TEXT_DIR, figure_text
from oxytocin_course.notebook_files import cell_source, notebooks, python_source

NOTEBOOKS = notebooks()


def _show_figure_calls():
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            src = cell_source(cell)
            for node in ast.walk(ast.parse(python_source(src))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "show_figure":
                    yield path.name, i, node


def _figure_id(node):
    if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
        return node.args[1].value
    for kw in node.keywords:
        if kw.arg == "id" and isinstance(kw.value, ast.Constant):
            return kw.value.value
    return None


def test_no_caption_or_alt_text_in_notebook_code():
    for name, i, node in _show_figure_calls():
        kws = {kw.arg for kw in node.keywords}
        assert not kws & {"caption", "alt"}, (
            f"{name} cell {i}: caption/alt belong in data/figures/{name[:2]}.yaml")


def test_every_figure_has_its_text_and_every_text_its_figure():
    used = {}
    for name, i, node in _show_figure_calls():
        fid = _figure_id(node)
        assert fid, f"{name} cell {i}: show_figure needs a literal figure id"
        used[fid] = name
    declared = {}
    for f in sorted(FIGURE_TEXT_DIR.glob("*.yaml")):
        for fid, entry in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).items():
            assert fid.startswith(f.stem + "-"), f"{f.name}: {fid} belongs in {fid[:2]}.yaml"
            assert set(entry) == {"caption", "alt"}, f"{fid}: keys {sorted(entry)}"
            declared[fid] = entry
    assert sorted(set(used) - set(declared)) == [], "figures without text"
    assert sorted(set(declared) - set(used)) == [], "texts without a figure"


def test_alt_text_is_substantial_and_placeholders_are_named():
    for f in sorted(FIGURE_TEXT_DIR.glob("*.yaml")):
        for fid, entry in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).items():
            assert len(entry["alt"]) >= 60, f"{fid}: alt text too short to describe the figure"
            for field in ("caption", "alt"):
                for _, name, _, _ in string.Formatter().parse(entry[field]):
                    assert name is None or name.isidentifier(), f"{fid} {field}: {{{name}}}"


def test_figure_text_errors_name_the_problem(tmp_path, monkeypatch):
    import oxytocin_course.figures as figures

    monkeypatch.setattr(figures, "FIGURE_TEXT_DIR", tmp_path)
    (tmp_path / "99.yaml").write_text(
        "99-demo:\n  caption: Peak {peak:.2f}.\n  alt: A line rising to {peak:.2f} and falling.\n")
    assert figure_text("99-demo", {"peak": 1.234}) == ("Peak 1.23.", "A line rising to 1.23 and falling.")
    with pytest.raises(ValueError, match="peak"):
        figure_text("99-demo", {})
    with pytest.raises(ValueError, match="no caption"):
        figure_text("99-other")
