"""Content lint over every notebook (shape, citations, outputs, exercises)."""
import pytest

from oxytocin_course.lint import lint
from oxytocin_course.notebook_files import notebooks

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


# --------------------------------------------------------------------------- the lesson shape
def _md(text, **meta):
    return {"cell_type": "markdown", "metadata": meta, "source": text}


def _code(text, tags=(), hidden=False):
    meta = {"tags": list(tags)} if tags else {}
    if hidden:
        meta["jupyter"] = {"source_hidden": True}
    return {"cell_type": "code", "metadata": meta, "source": text, "outputs": [],
            "execution_count": None}


NAV = "[← Previous](98_a.ipynb) · [Contents](00_start_here.ipynb#course-map) · [Next →](00_start_here.ipynb)"


def _lesson(**swap):
    """A minimal lesson that passes the lint; ``swap`` replaces named cells."""
    cells = {
        "title": _md("# 99 · A lesson\n\n**Part I · X** · Time: 40 min core + 10 min optional · "
                     "Prerequisites: none · [Run sheet](run_sheet_99.ipynb) · " + NAV,
                     tags=["slide"]),
        "objectives": _md("## Questions and objectives\n\nWhy?\n\n- explain a\n- compute b",
                          tags=["slide"]),
        "setup": _md("## Setup"),
        "setup_code": _code("from oxytocin_course import setup, filled, quiz\nsetup()"),
        "s1": _md("## 1. First\n\n*Core · 20 min*\n\nText."),
        "predict": _md("**Predict, then check.** Up or down?", tags=["slide"]),
        "figure": _code('show_figure(m.plot(), "99-a")', tags=["slide"]),
        "try": _md("**Things to try**\n\n- move it"),
        "explorer": _code("m.some_explorer()"),
        "ex1": _md("### Exercise 1.1 · Compute"),
        "starter": _code("# Your turn\nx = ...\nif filled(x):\n    print(x)"),
        "sol1": _code("%%solution Exercise 1.1\nx = 1\nprint(x)", tags=["solution"], hidden=True),
        "ex2": _md("### Exercise 1.2 · Explain"),
        "sol2": _md('<details class="oxy-solution"><summary>Worked solution to Exercise 1.2</summary>'
                    "\n\nBecause.\n\n</details>", tags=["solution"]),
        "table": _code('evidence_table(["C07-02"])', tags=["hide-input"], hidden=True),
        "s2": _md("## 2. Second\n\n*Optional · 10 min*\n\nMore text."),
        "quiz": _md("## Test yourself\n\n*Core · 10 min*"),
        "quiz_code": _code('quiz.show("99")', tags=["hide-input"], hidden=True),
        "seminar": _md("## Seminar questions\n\n*Core · 10 min*\n\n1. Why?", tags=["slide"]),
        "key": _md("## Key points\n\n- a\n- b", tags=["slide"]),
        "refs": _md("## References"),
        "refs_code": _code('show_for("99_a.ipynb")', tags=["hide-input"], hidden=True),
        "nav": _md(NAV),
    }
    cells.update(swap)
    return {"cells": [c for c in cells.values() if c is not None],
            "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}


def _problems(tmp_path, nb):
    """The lint's problems with the test lesson, notebook 99, placed in part "Part I · X"."""
    import json
    from unittest import mock

    import oxytocin_course.lint as lint_module

    p = tmp_path / "99_a.ipynb"
    p.write_text(json.dumps(nb))
    with mock.patch.object(lint_module, "part_of", lambda number: "Part I · X"):
        return "\n".join(lint(p))


def test_a_lesson_in_the_documented_shape_passes(tmp_path):
    assert _problems(tmp_path, _lesson()) == ""


@pytest.mark.parametrize("swap,expected", [
    # The prompt after the figure it predicts.
    ({"predict": None, "try": _md("**Things to try**\n\n**Predict, then check.** Up?")},
     "must come before the section's first figure"),
    # An explorer without a prompt in its section.
    ({"predict": None}, "has an explorer but no **Predict, then check.**"),
    # Minutes that do not add up to the header.
    ({"s2": _md("## 2. Second\n\n*Optional · 15 min*")}, "section minutes add up to 40 core + 15"),
    ({"s1": _md("## 1. First\n\nText.")}, "must open with '*Core · N min*'"),
    ({"title": _md("# 99 · A\n\n**Part I** · Time: 95 min core · Prerequisites: none · " + NAV)},
     "do not fit a 90-minute session"),
    # One shape.
    ({"title": _md("# A lesson\n\n**Part I · X** · Time: 40 min core + 10 min optional · "
                   "Prerequisites: none · " + NAV)}, "the title must read '# 99 · Title'"),
    ({"ex1": _md("### Exercise 1.1: Compute")}, "must read '### Exercise 1.1 · Title'"),
    ({"ex2": _md("### Exercise 2.1 · Explain")}, "must read '### Exercise 1.2 · Title'"),
    ({"nav": _md("The end.")}, "the last cell must repeat the header's navigation links"),
    ({"s2": _md("## Extras\n\n*Optional · 10 min*")}, "unexpected section '## Extras'"),
    ({"try": _md("Move the slider.")}, "Things to try** right next to it"),
    ({"s2": _md("## 2. Second\n\n*Optional · 10 min*"), "ex2": None, "sol2": None,
      "table": _code("m.some_explorer()")}, "shows some_explorer again"),
    # Solutions stay hidden and carry no test code or prose comments.
    ({"sol1": _code("# Worked solution\nx = 1", tags=["solution"], hidden=True)},
     "starts with '%%solution Exercise 1.1'"),
    ({"sol1": _code("%%solution Exercise 1.1\nx = 1", tags=["solution"])}, "source_hidden"),
    ({"sol1": _code("%%solution Exercise 1.1\nx = 1\nassert x == 1", tags=["solution"], hidden=True)},
     "no assert in a worked solution"),
    ({"sol1": _code("%%solution Exercise 1.1\n" + "# why\n" * 8, tags=["solution"], hidden=True)},
     "comment lines in a row"),
    ({"sol2": _md("<details><summary>Answer</summary>\n\nBecause.\n\n</details>", tags=["solution"])},
     "a Markdown solution is one block"),
    ({"sol1": None}, "exercise 1.1 (cell 9) has no worked solution"),
    ({"starter": None}, "no scaffolded exercise"),
    # No plumbing on the page.
    ({"table": _code('evidence_table(["C07-02"])')}, "needs the 'hide-input' tag"),
    ({"figure": _code('show_figure(m.plot(), "99-a", caption="A figure")')}, "caption and alt text"),
    ({"figure": _code('show_figure(m.plot(), "99-a")\nx = "' + "a" * 80 + '"')},
     "a string of 80 characters"),
    # Words.
    ({"s1": _md("## 1. First\n\n*Core · 20 min*\n\nSeed 003 says so.")}, "says 'Seed'"),
])
def test_lint_catches_a_shape_problem(tmp_path, swap, expected):
    assert expected in _problems(tmp_path, _lesson(**swap))


def test_random_seeds_and_the_seeds_folder_are_not_flagged(tmp_path):
    text = ("## 1. First\n\n*Core · 20 min*\n\nThe random seed is fixed; the files live in "
            "`seeds/`; pass `seed=3`.")
    assert _problems(tmp_path, _lesson(s1=_md(text))) == ""


def test_register_and_bibliography_say_source_document():
    from oxytocin_course.lint import wording_problems

    assert wording_problems() == []


# --------------------------------------------------------------------------- shared helpers
def test_cell_source_joins_a_list_of_lines():
    from oxytocin_course.notebook_files import cell_source

    assert cell_source({"source": ["a\n", "b"]}) == "a\nb"
    assert cell_source({"source": "a\nb"}) == "a\nb"
    assert cell_source({}) == ""


def test_sections_split_at_h2_outside_code_fences():
    from oxytocin_course.notebook_files import section_markdown, sections

    cells = [_md("# 99 · Title"),
             _md("## Questions and objectives\n\nWhy?\n\n- a\n- b"),
             _code("x = 1"),
             _md("```\n## not a heading\n```\nstill objectives"),
             _md("## 1. First\n\n*Core · 20 min*\n\nText.\n## Key points\n\n- a")]
    found = sections(cells)
    assert [(s.title, s.start, s.cells, s.number) for s in found] == [
        ("Questions and objectives", 1, [1, 2, 3], None), ("1. First", 4, [], 1),
        ("Key points", 4, [4], None)]
    assert found[1].opening == "*Core · 20 min*" and found[0].opening == "Why?"
    objectives = section_markdown(cells, "questions and")
    assert objectives.startswith("Why?") and objectives.endswith("still objectives")
    assert "## not a heading" in objectives
    assert section_markdown(cells, "Key points") == "- a"
    assert section_markdown(cells, "Nowhere") == ""


def test_citations_are_found_and_replaced():
    from oxytocin_course.notebook_files import citation_keys, replace_citations

    text = "A [@a2001; @b-c:2] and [@a2001], not [a2001] or @d2003 or [@]."
    assert citation_keys(text) == ["a2001", "b-c:2"]
    assert replace_citations(text, lambda keys: "+".join(keys)) == (
        "A a2001+b-c:2 and a2001, not [a2001] or @d2003 or [@].")


@pytest.mark.parametrize("markdown,count", [
    ("Why?\n\n- a\n- b", 2),
    ("* a\n+ b\n1. c\n2) d", 4),  # every CommonMark marker
    ("- a\n\n- b\n\n- c", 3),  # a loose list is one list
    ("- a\n  more of a\n continued\n- b", 2),  # indented lines continue an item
    ("- a\n- b\n\nProse.\n\n- c", 1),  # prose ends a list: the last one counts
    ("- a\n  - nested\n- b", 3),
    ("- a\n- b\n\n```\n- code\n```", 2),  # a fence is not a list
    ("No list here.", 0),
])
def test_the_last_list_is_counted(markdown, count):
    from oxytocin_course.notebook_files import count_last_list_items

    assert count_last_list_items(markdown) == count


def test_last_list_span_keeps_continuations():
    from oxytocin_course.notebook_files import last_list_span

    lines = ["Why?", "", "- a", "  more", "", "- b", "", "After."]
    assert last_list_span(lines) == (2, 6)
    assert last_list_span(["Prose only."]) is None


def test_lint_counts_plus_and_parenthesis_lists(tmp_path):
    objectives = _md("## Questions and objectives\n\nWhy?\n\n+ explain a\n+ compute b",
                     tags=["slide"])
    key_points = _md("## Key points\n\n1) a\n2) b", tags=["slide"])
    assert _problems(tmp_path, _lesson(objectives=objectives, key=key_points)) == ""
