"""The teaching kit: run sheets, one numbering of sessions and parts, the student edition.

Run sheets (``notebooks/run_sheet_NN.ipynb``) are generated from
``oxytocin_course/data/runsheets/NN.yaml`` and the lesson itself; these tests check them
against the lesson independently of the generator: the minute plan against the
sections' timings, one expected answer per prompt and one model answer per seminar
question, the rubric's total.  The student edition is built into a temporary folder,
checked for solutions and executed notebook by notebook.
"""
from __future__ import annotations

import concurrent.futures as cf
import json
import re
from pathlib import Path

import pytest

from oxytocin_course import lint, runsheets, student
from oxytocin_course.models import power
from oxytocin_course.notebook_files import (
    NOTEBOOK_DIR,
    PARTS,
    ROOT,
    cell_source,
    notebooks,
    part_of,
    read_notebook,
    sections,
)

LESSONS = runsheets.lessons()
NUMBERS = [path.name[:2] for path in LESSONS]


def _cells(path: Path) -> list[str]:
    return [cell_source(cell) for cell in read_notebook(path)["cells"]]


# --------------------------------------------------------------------------- run sheets
def test_every_lesson_has_a_current_run_sheet():
    assert NUMBERS == [f"{n:02d}" for n in range(len(NUMBERS))]
    assert runsheets.problems() == []


@pytest.mark.parametrize("lesson", LESSONS, ids=NUMBERS)
def test_minute_plan_matches_the_lessons_timings(lesson):
    """The plan's rows run back to back from 0 over the lesson's core sections, with each
    section's own minutes, and end at the header's core minutes."""
    cells = read_notebook(lesson)["cells"]
    core = [(section.title, lint.section_minutes(section)[1]) for section in sections(cells)
            if lint.section_minutes(section) and lint.section_minutes(section)[0] == "Core"]
    header = lint.HEADER_TIME.search(cell_source(cells[0]))
    sheet = "\n".join(_cells(NOTEBOOK_DIR / runsheets.run_sheet_name(lesson.name[:2])))
    plan = sheet[sheet.index("## Minute plan"):sheet.index("## Predict, then check")]
    rows = re.findall(r"^\| (\d+)–(\d+) \| \[([^\]]+)\]", plan, re.MULTILINE)
    assert len(rows) == len(core)
    start = 0
    for (begin, end, label), (title, minutes) in zip(rows, core):
        assert (int(begin), int(end)) == (start, start + minutes), label
        assert re.sub(r"^\d+\.\s*", "", title) in label
        start += minutes
    assert start == int(header.group(1))


@pytest.mark.parametrize("lesson", LESSONS, ids=NUMBERS)
def test_every_prompt_and_seminar_question_has_an_answer(lesson):
    cells = read_notebook(lesson)["cells"]
    prompts = [cell_source(c) for c in cells if c["cell_type"] == "markdown"
               and "**Predict, then check" in cell_source(c)]
    seminar = next(s for s in sections(cells) if s.title.startswith("Seminar questions"))
    questions = re.findall(r"^\d+\.\s", seminar.markdown, re.MULTILINE)
    sheet = _cells(NOTEBOOK_DIR / runsheets.run_sheet_name(lesson.name[:2]))
    answered = [text for text in sheet if text.startswith("### §")]
    assert len(answered) == len(prompts)
    for text in answered:
        assert "**Expected answer.**" in text and "**Common wrong answers" in text
        assert re.search(r"^- \*.+\* \S", text, re.MULTILINE), "a wrong answer with its reply"
    discussed = [text for text in sheet if text.startswith("### Question ")]
    assert len(discussed) == len(questions)
    assert all("**Model answer.**" in text and "**Notes for leading it.**" in text
               for text in discussed)
    # Each prompt is quoted from the notebook, word for word.
    for prompt, text in zip(prompts, answered):
        first = prompt[prompt.index("**Predict"):].splitlines()[0]
        assert "> " + first in text


@pytest.mark.parametrize("lesson", LESSONS, ids=NUMBERS)
def test_run_sheet_has_task_rubric_misconceptions_and_cuts(lesson):
    sheet = "\n".join(_cells(NOTEBOOK_DIR / runsheets.run_sheet_name(lesson.name[:2])))
    for heading in ("## Before the session", "## Minute plan", "## Misconceptions to listen for",
                    "## Assessed task", "## If you are short of time", "## References"):
        assert heading in sheet
    task = sheet[sheet.index("## Assessed task"):sheet.index("## If you are short of time")]
    points = [int(p) for p in re.findall(r"^\| (?!\*\*Total)[^|]+\| (\d+) \|", task, re.MULTILINE)]
    total = re.search(r"\| \*\*Total\*\* \| \*\*(\d+)\*\* \|", task)
    assert points and total and sum(points) == int(total.group(1))
    assert "**Key.**" in task
    misconceptions = sheet[sheet.index("## Misconceptions"):sheet.index("## Assessed task")]
    assert len(re.findall(r"^- \*\*", misconceptions, re.MULTILINE)) >= 2


def test_header_links_its_run_sheet_and_back():
    for lesson in LESSONS:
        number = lesson.name[:2]
        assert f"[Run sheet]({runsheets.run_sheet_name(number)})" in _cells(lesson)[0]
        sheet_header = _cells(NOTEBOOK_DIR / runsheets.run_sheet_name(number))[0]
        assert f"]({lesson.name})" in sheet_header
        assert f"../_site/slides/{runsheets.slides_name(lesson)}" in sheet_header


def test_numbers_in_run_sheets_are_computed():
    """A Jinja expression in the YAML is the model's value, formatted as asked; an error in
    one names where it is."""
    assert runsheets.fill("{{ power.power(0.3, 29) | fmt('.3f') }}", "x") == \
        format(power.power(0.3, 29), ".3f")
    with pytest.raises(runsheets.RunSheetError, match=r"predict\[0\]\.expected: .*no_such"):
        runsheets.fill("{{ power.no_such(1) }}", "predict[0].expected")
    with pytest.raises(runsheets.RunSheetError, match="must be non-empty"):
        runsheets.fill("  ", "seminar[1].model")


def test_a_run_sheet_missing_an_answer_is_named(tmp_path, monkeypatch):
    short_of_a_prompt, without_task = runsheets.load("06"), runsheets.load("06")
    short_of_a_prompt["predict"] = short_of_a_prompt["predict"][:-1]
    without_task.pop("task")
    monkeypatch.setattr(runsheets, "RUNSHEET_DIR", tmp_path)
    for data, message in ((short_of_a_prompt, r"06\.yaml: predict entries are for sections"),
                          (without_task, "missing keys")):
        (tmp_path / "06.yaml").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(runsheets.RunSheetError, match=message):
            runsheets.run_sheet_cells("06")


# --------------------------------------------------------------------------- numbering
def test_headers_readme_and_map_use_the_parts():
    """Every notebook's header names its part from PARTS; so do the README's map and the
    generated map in notebook 00 (the lint checks all three)."""
    assert [n for members in PARTS.values() for n in members] == [p.name[:2] for p in notebooks()]
    for path in notebooks():
        header = _cells(path)[0].strip().splitlines()[-1]
        assert header.startswith(f"**{part_of(path.name[:2])}**")
    assert lint.readme_problems() == []


def test_the_lint_catches_a_wrong_part_or_session(tmp_path):
    guide = "\n".join(_cells(NOTEBOOK_DIR / "12_instructor_guide.ipynb"))
    assert lint.guide_session_problems(guide) == []
    wrong = guide.replace("| 07 | [07 Small studies", "| 8 | [07 Small studies")
    assert any("session '8'" in problem for problem in lint.guide_session_problems(wrong))
    assert lint.guide_session_problems("Pairs do this in session 13.")
    assert lint.numbering_problems("07_x.ipynb", "07", "# 07 · X\n\n**Part II · Y** · Time: 1",
                                   "lesson")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    broken = tmp_path / "README.md"
    broken.write_text(readme.replace("| Part III · The trust-study replication debate |",
                                     "| III |", 1), encoding="utf-8")
    assert lint.readme_problems(broken)


def test_every_lesson_tags_its_slides():
    for lesson in LESSONS:
        cells = read_notebook(lesson)["cells"]
        assert lint.slide_problems(lesson.name, cells) == []
    cells = read_notebook(LESSONS[7])["cells"]
    untagged = [dict(cell, metadata={}) if "Predict, then check" in cell_source(cell) else cell
                for cell in cells]
    assert any("Predict" in problem for problem in lint.slide_problems("07", untagged))


# --------------------------------------------------------------------------- student edition
@pytest.fixture(scope="module")
def student_edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    student.build(out)
    return out / "notebooks"


def test_student_edition_has_no_solutions(student_edition):
    written = sorted(student_edition.glob("*.ipynb"))
    assert [p.name for p in written] == [p.name for p in notebooks()]
    full_solutions = 0
    for path in written:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            text = cell_source(cell)
            assert not set(cell.get("metadata", {}).get("tags", [])) & set(student.REMOVED_TAGS)
            if cell["cell_type"] == "code":
                assert not text.lstrip().startswith("%%solution")
            else:
                assert '<details class="oxy-solution">' not in text
            assert "run_sheet_" not in text
        full = read_notebook(NOTEBOOK_DIR / path.name)["cells"]
        full_solutions += sum("solution" in c.get("metadata", {}).get("tags", []) for c in full)
        # Every relative link still lands on a file of the edition.
        for target in re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", "\n".join(
                cell_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")):
            assert (path.parent / target).exists(), f"{path.name}: link to {target}"
    assert full_solutions > 0, "the full edition keeps its worked solutions"


def _execute(path: str) -> str | None:
    import nbformat

    from oxytocin_course.site.build import BuildError, execute_notebook

    notebook = nbformat.read(path, as_version=4)
    try:
        execute_notebook(notebook, Path(path), timeout=300)
    except BuildError as err:
        return str(err)
    return None


@pytest.mark.timeout(900)
def test_every_student_notebook_executes(student_edition):
    import multiprocessing

    paths = sorted(str(p) for p in student_edition.glob("*.ipynb"))
    context = multiprocessing.get_context("spawn")
    # One kernel at a time: pytest-xdist already runs another test file beside this one.
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        failures = [error for error in pool.map(_execute, paths) if error]
    assert not failures, "\n\n".join(failures)


# --------------------------------------------------------------------------- classroom links
def test_class_links_open_notebook_00():
    from urllib.parse import parse_qs, urlparse

    from oxytocin_course import classroom

    link = classroom.nbgitpuller_link("https://hub.example.edu/",
                                      "https://github.com/ORG/oxytocin-course.git")
    parsed = urlparse(link)
    assert (parsed.netloc, parsed.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
    query = parse_qs(parsed.query)
    assert query["repo"] == ["https://github.com/ORG/oxytocin-course.git"]
    assert query["branch"] == ["main"]
    assert query["urlpath"] == ["lab/tree/oxytocin-course/notebooks/00_start_here.ipynb"]
    assert (ROOT / query["urlpath"][0].split("/", 3)[3]).is_file()
    binder = classroom.binder_link("https://github.com/ORG/oxytocin-course")
    assert binder == ("https://mybinder.org/v2/gh/ORG/oxytocin-course/HEAD"
                      "?labpath=notebooks%2F00_start_here.ipynb")
    with pytest.raises(ValueError, match="hub's address"):
        classroom.nbgitpuller_link("hub.example.edu", "https://github.com/ORG/x")
    with pytest.raises(ValueError, match="not a file of the course"):
        classroom.nbgitpuller_link("https://hub.example.edu", "https://github.com/ORG/x",
                                   notebook="notebooks/99_nothing.ipynb")
