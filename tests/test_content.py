"""Content lint over every notebook (shape, citations, outputs, exercises)."""
import pytest

from oxytocin_course.lint import lint, notebooks

NOTEBOOKS = notebooks()


def test_there_are_notebooks():
    names = [p.name[:2] for p in NOTEBOOKS]
    assert names[:3] == ["00", "01", "02"]
    assert len(names) == len(set(names)), "two notebooks share a number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_shape(path):
    assert lint(path) == []


def test_lint_catches_problems(tmp_path):
    import json
    bad = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A\n# B\nTODO [@nosuchkey]"},
                     {"cell_type": "code", "metadata": {}, "source": "1", "outputs": [
                         {"output_type": "stream", "name": "stdout", "text": "1"}],
                      "execution_count": 1}],
           "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / "99_bad.ipynb"
    p.write_text(json.dumps(bad))
    problems = "\n".join(lint(p))
    for expected in ("exactly one H1", "stored outputs", "'TODO'", "unknown citation key",
                     "missing section '## Key points'", "at least two exercises"):
        assert expected in problems
