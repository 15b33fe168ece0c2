"""Session run sheets for instructors, generated from ``data/runsheets/NN.yaml``.

One run sheet per lesson (``NN``), written to ``notebooks/run_sheet_NN.ipynb`` as a
notebook of Markdown cells only, so it reads the same in JupyterLab and on the pages
(``run_sheet_NN.html``).  The YAML holds what only an instructor needs (expected answers,
model answers, the assessed task); everything the notebook already says is read from
the notebook itself, so the two cannot drift apart:

* the **minute plan** comes from the sections' ``*Core · N min*`` / ``*Optional · N min*``
  lines (the same minutes as the notebook's header);
* each **Predict, then check** prompt and each **seminar question** is quoted from the
  notebook, in order, and the YAML must have one entry for each.

Numbers that the course's models compute are never typed into the YAML: a text field may
hold a Jinja expression, ``{{ power.power(0.5, 29) | fmt(".2f") }}``, evaluated with the
course's model modules (``power``, ``trustgame``, ...), ``np``, ``stats`` (``scipy.stats``) and
``oc`` (the package) in scope.  Citations are ``[@key]`` as in the notebooks.

Schema of ``NN.yaml``::

    pre_reading: "Button et al. [@button2013]"   # Markdown, one line
    prepare: [Markdown, ...]                     # before the session
    plan:                                        # one entry per timed section
      "1": {project: Markdown, students: Markdown}   # "1", "2", ... "test", "seminar"
    predict:                                     # one per prompt, in notebook order
      - section: 1
        expected: Markdown
        wrong: [{answer: Markdown, why: Markdown}, ...]   # at least one
    seminar:                                     # one per seminar question, in order
      - {notes: Markdown, model: Markdown}
    misconceptions: [{belief: Markdown, correction: Markdown}, ...]
    task:
      title: text
      prompt: Markdown
      key: Markdown
      rubric: [{criterion: Markdown, points: int, full: Markdown, partial: Markdown}, ...]
    cut: [Markdown, ...]                         # what to cut within the core

Command line::

    python -m oxytocin_course.runsheets --write [NN ...]   # regenerate run sheets
    python -m oxytocin_course.runsheets --check            # problems, exit 1 if any
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .notebook_files import (
    GUIDE_NOTEBOOK,
    NOTEBOOK_DIR,
    PACKAGE_DIR,
    cell_source,
    citation_keys,
    notebooks,
    read_notebook,
    section_minutes,
    sections,
)

RUNSHEET_DIR = PACKAGE_DIR / "data" / "runsheets"
#: The anchor of the list of run sheets in the guide.
RUN_SHEETS_ANCHOR = "run-sheets"
#: A prompt: a paragraph opening with **Predict, then check** (its text runs to the end of
#: the cell).
PROMPT = re.compile(r"^\*\*Predict, then check", re.MULTILINE)
TOP_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
SESSION_MINUTES = 90
PLAN_KEYS = {"Test yourself": "test", "Seminar questions": "seminar"}
TOP_KEYS = {"pre_reading", "prepare", "plan", "predict", "seminar", "misconceptions",
            "task", "cut"}


class RunSheetError(ValueError):
    """A run sheet's YAML is incomplete or does not match its notebook."""


def run_sheet_name(number: str) -> str:
    """``"07"`` → ``run_sheet_07.ipynb``."""
    return f"run_sheet_{number}.ipynb"


def slides_name(notebook: str | Path) -> str:
    """The slide deck of a notebook: ``07_small_studies.slides.html``."""
    return Path(notebook).stem + ".slides.html"


#: Where a deck is linked from a run sheet in the notebooks folder (``make slides``
#: writes it there); the site build rewrites it to ``slides/…``.
SLIDES_FROM_NOTEBOOKS = "../_site/slides/"


def lessons() -> list[Path]:
    """The notebooks that have a session, and so a run sheet (kind ``lesson``)."""
    return [path for path in notebooks()
            if read_notebook(path).get("metadata", {}).get("oxytocin", {})
            .get("kind", "lesson") == "lesson"]


# --------------------------------------------------------------------------- the notebook
@dataclass
class Timed:
    key: str          # "1", "2", ..., "test", "seminar"
    title: str
    kind: str         # Core or Optional
    minutes: int
    anchor: str


@dataclass
class Prompt:
    section: int
    text: str


@dataclass
class Outline:
    """What a run sheet reads from its notebook."""

    path: Path
    number: str
    title: str
    time: str
    timed: list[Timed]
    prompts: list[Prompt]
    seminar: list[str]


def heading_anchor(title: str) -> str:
    """JupyterLab's (and nbconvert's) anchor of a heading: spaces become hyphens."""
    return title.replace(" ", "-")


def seminar_questions(markdown: str) -> list[str]:
    """The top-level numbered items of a seminar section, each as one Markdown string."""
    items: list[list[str]] = []
    for line in markdown.splitlines():
        top = TOP_ITEM.match(line)
        if top:
            items.append([top.group(2)])
        elif items and line.startswith((" ", "\t")) and line.strip():
            items[-1].append(line.strip())
        elif items and line.strip() and not line.startswith((" ", "\t")):
            if not TOP_ITEM.match(line):
                break
    return [" ".join(item) for item in items]


def outline(path: Path) -> Outline:
    nb = read_notebook(path)
    cells = nb["cells"]
    first = cell_source(cells[0])
    title = re.search(r"^# \d\d · (.+?)\s*$", first, re.MULTILINE)
    time = re.search(r"Time: ([^·]+?)\s*·", first)
    timed, prompts, seminar = [], [], []
    for section in sections(cells):
        timing = section_minutes(section)
        key = str(section.number) if section.number is not None else next(
            (value for label, value in PLAN_KEYS.items() if section.title.startswith(label)), None)
        if timing and key:
            timed.append(Timed(key, section.title, timing[0], timing[1],
                               heading_anchor(section.title)))
        if section.number is not None:
            for index in section.cells:
                text = cell_source(cells[index])
                found = PROMPT.search(text) if cells[index]["cell_type"] == "markdown" else None
                if found:
                    prompts.append(Prompt(section.number, text[found.start():].strip()))
        if section.title.startswith("Seminar questions"):
            seminar = seminar_questions(section.markdown)
    return Outline(path=path, number=path.name[:2], title=title.group(1) if title else path.stem,
                   time=time.group(1).strip() if time else "", timed=timed, prompts=prompts,
                   seminar=seminar)


# --------------------------------------------------------------------------- the YAML
@functools.cache
def _names() -> dict[str, Any]:
    import numpy as np

    import oxytocin_course as oc
    import oxytocin_course.models as models

    from scipy import stats

    names: dict[str, Any] = {"np": np, "oc": oc, "stats": stats}
    names.update({module.name: importlib.import_module(f"oxytocin_course.models.{module.name}")
                  for module in pkgutil.iter_modules(models.__path__)})
    return names


@functools.cache
def _jinja():
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=False)
    env.filters["fmt"] = lambda value, spec="": format(value, spec)
    env.globals.update(_names())
    return env


def fill(text: Any, where: str) -> str:
    """A YAML text field with its ``{{ expression }}`` numbers computed."""
    if not isinstance(text, str) or not text.strip():
        raise RunSheetError(f"{where}: must be non-empty text")
    if "{{" not in text and "{%" not in text:
        return text.strip()
    try:
        return _jinja().from_string(text).render().strip()
    except Exception as err:  # noqa: BLE001 - any template or model error, named
        raise RunSheetError(f"{where}: {type(err).__name__}: {err}") from err


def load(number: str) -> dict[str, Any]:
    path = RUNSHEET_DIR / f"{number}.yaml"
    if not path.exists():
        raise RunSheetError(f"no run sheet for session {number}: {path} is missing")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(data) - TOP_KEYS
    missing = TOP_KEYS - set(data)
    if unknown or missing:
        raise RunSheetError(f"{path.name}: unknown keys {sorted(unknown)}, missing keys "
                            f"{sorted(missing)}")
    return data


# --------------------------------------------------------------------------- rendering
def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines())


def _cell_text(text: str) -> str:
    """One line for a table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _minutes(start: int, length: int) -> str:
    return f"{start}–{start + length}"


def _neighbours(out: Outline, numbers: list[str]) -> tuple[str, str]:
    index = numbers.index(out.number)
    previous = (f"[← Previous](run_sheet_{numbers[index - 1]}.ipynb)" if index
                else "← Previous: none")
    following = (f"[Next →](run_sheet_{numbers[index + 1]}.ipynb)" if index + 1 < len(numbers)
                 else "Next: none")
    return previous, following


def header(out: Outline, numbers: list[str]) -> str:
    previous, following = _neighbours(out, numbers)
    return (f"# Run sheet {out.number} · {out.title}\n\n"
            f"**For instructors · Session {out.number}** · Time: {out.time} · "
            f"Notebook: [{out.number} · {out.title}]({out.path.name}) · "
            f"Slides: [slides {out.number}]({SLIDES_FROM_NOTEBOOKS}{slides_name(out.path)}) · "
            f"[All run sheets]({GUIDE_NOTEBOOK}#{RUN_SHEETS_ANCHOR}) · {previous} · {following}")


def footer(out: Outline, numbers: list[str]) -> str:
    previous, following = _neighbours(out, numbers)
    return (f"Notebook: [{out.number} · {out.title}]({out.path.name}) · "
            f"[All run sheets]({GUIDE_NOTEBOOK}#{RUN_SHEETS_ANCHOR}) · {previous} · {following}")


def _plan(out: Outline, data: dict[str, Any]) -> str:
    plan = data["plan"] or {}
    rows = ["| Minutes | Section | What to project | What students do |", "|---|---|---|---|"]
    start = 0
    optional = []
    for timed in out.timed:
        entry = plan.get(timed.key)
        where = f"plan[{timed.key!r}]"
        if timed.kind == "Optional":
            optional.append((timed, entry))
            continue
        if not isinstance(entry, dict):
            raise RunSheetError(f"{out.number}.yaml: {where} is missing (core section "
                                f"'{timed.title}')")
        rows.append(f"| {_minutes(start, timed.minutes)} | [{_label(timed)}]"
                    f"({out.path.name}#{timed.anchor}) | "
                    f"{_cell_text(fill(entry.get('project'), where + '.project'))} | "
                    f"{_cell_text(fill(entry.get('students'), where + '.students'))} |")
        start += timed.minutes
    extra = set(plan) - {timed.key for timed in out.timed}
    if extra:
        raise RunSheetError(f"{out.number}.yaml: plan has no section {sorted(extra)} in "
                            f"{out.path.name}")
    text = (f"The core runs {start} minutes of a {SESSION_MINUTES}-minute session, with the "
            f"notebook's own section timings (its header: {out.time}).\n\n" + "\n".join(rows))
    if optional:
        lines = ["| Minutes | Optional section | How to use it |", "|---|---|---|"]
        for timed, entry in optional:
            use = (_cell_text(fill(entry.get("project"), f"plan[{timed.key!r}].project"))
                   if isinstance(entry, dict) else "Homework, or a longer session.")
            lines.append(f"| {timed.minutes} | [{_label(timed)}]"
                         f"({out.path.name}#{timed.anchor}) | {use} |")
        text += ("\n\nOutside the 90 minutes (homework, a longer session, or the "
                 "graduate-depth track):\n\n" + "\n".join(lines))
    return text


def _short(timed: Timed) -> str:
    title = re.sub(r"^\d+\.\s*", "", timed.title)
    return "" if not timed.key.isdigit() else title


def _label(timed: Timed) -> str:
    """``§3 Title`` for a numbered section, else its title (``Test yourself``)."""
    return f"§{timed.key} {_short(timed)}" if timed.key.isdigit() else timed.title


def _predictions(out: Outline, data: dict[str, Any]) -> list[str]:
    entries = data["predict"] or []
    if [entry.get("section") for entry in entries] != [prompt.section for prompt in out.prompts]:
        raise RunSheetError(
            f"{out.number}.yaml: predict entries are for sections "
            f"{[entry.get('section') for entry in entries]}; {out.path.name} has prompts in "
            f"sections {[prompt.section for prompt in out.prompts]}")
    cells = []
    seen: dict[int, int] = {}
    for k, (prompt, entry) in enumerate(zip(out.prompts, entries)):
        seen[prompt.section] = seen.get(prompt.section, 0) + 1
        where = f"predict[{k}]"
        wrong = entry.get("wrong") or []
        if not wrong:
            raise RunSheetError(f"{out.number}.yaml: {where}.wrong needs at least one "
                                "common wrong answer")
        section = next(t for t in out.timed if t.key == str(prompt.section))
        count = sum(1 for p in out.prompts if p.section == prompt.section)
        suffix = f" ({seen[prompt.section]} of {count})" if count > 1 else ""
        lines = [f"### §{prompt.section} {_short(section)}{suffix}", "",
                 f"In [notebook {out.number}, §{prompt.section}]({out.path.name}#{section.anchor}):",
                 "",
                 _quote(prompt.text), "",
                 f"**Expected answer.** {fill(entry.get('expected'), where + '.expected')}", "",
                 "**Common wrong answers, and what to say.**", ""]
        for j, item in enumerate(wrong):
            lines.append(f"- *{fill(item.get('answer'), f'{where}.wrong[{j}].answer')}* "
                         f"{fill(item.get('why'), f'{where}.wrong[{j}].why')}")
        cells.append("\n".join(lines))
    return cells


def _seminar(out: Outline, data: dict[str, Any]) -> list[str]:
    entries = data["seminar"] or []
    if len(entries) != len(out.seminar):
        raise RunSheetError(f"{out.number}.yaml: {len(entries)} seminar entries for "
                            f"{len(out.seminar)} seminar questions in {out.path.name}")
    cells = []
    for k, (question, entry) in enumerate(zip(out.seminar, entries), start=1):
        where = f"seminar[{k - 1}]"
        cells.append(f"### Question {k}\n\n{_quote(question)}\n\n"
                     f"**Notes for leading it.** {fill(entry.get('notes'), where + '.notes')}\n\n"
                     f"**Model answer.** {fill(entry.get('model'), where + '.model')}")
    return cells


def _task(out: Outline, data: dict[str, Any]) -> str:
    task = data["task"] or {}
    rubric = task.get("rubric") or []
    if not rubric:
        raise RunSheetError(f"{out.number}.yaml: task.rubric is empty")
    rows = ["| Criterion | Points | Full marks | Partial marks |", "|---|---|---|---|"]
    total = 0
    for k, item in enumerate(rubric):
        points = item.get("points")
        if not isinstance(points, int) or points <= 0:
            raise RunSheetError(f"{out.number}.yaml: task.rubric[{k}].points must be a "
                                "positive whole number")
        total += points
        rows.append("| " + " | ".join([
            _cell_text(fill(item.get("criterion"), f"task.rubric[{k}].criterion")), str(points),
            _cell_text(fill(item.get("full"), f"task.rubric[{k}].full")),
            _cell_text(fill(item.get("partial"), f"task.rubric[{k}].partial"))]) + " |")
    rows.append(f"| **Total** | **{total}** | | |")
    return (f"## Assessed task\n\n### {fill(task.get('title'), 'task.title')}\n\n"
            f"{fill(task.get('prompt'), 'task.prompt')}\n\n"
            f"**Key.** {fill(task.get('key'), 'task.key')}\n\n"
            f"**Rubric ({total} points).**\n\n" + "\n".join(rows))


def _cut(out: Outline, data: dict[str, Any]) -> str:
    items = [fill(item, f"cut[{k}]") for k, item in enumerate(data["cut"] or [])]
    if not items:
        raise RunSheetError(f"{out.number}.yaml: cut needs at least one item")
    optional = [t for t in out.timed if t.kind == "Optional"]
    lead = ("The optional parts are already outside the 90 minutes ("
            + ", ".join(f"{'§' + t.key if t.key.isdigit() else t.title}, {t.minutes} min"
                        for t in optional) + "). Within the core, in this order:"
            if optional else "Everything in this notebook is core. In this order:")
    return "## If you are short of time\n\n" + lead + "\n\n" + "\n".join(
        f"{k}. {item}" for k, item in enumerate(items, start=1))


def run_sheet_cells(number: str, numbers: list[str] | None = None) -> list[str]:
    """The Markdown cells of session ``number``'s run sheet."""
    from .references import references_html

    paths = {path.name[:2]: path for path in lessons()}
    if number not in paths:
        raise RunSheetError(f"no lesson notebook {number}_*.ipynb")
    numbers = numbers or sorted(paths)
    out = outline(paths[number])
    data = load(number)
    prepare = [fill(item, f"prepare[{k}]") for k, item in enumerate(data["prepare"] or [])]
    if not prepare:
        raise RunSheetError(f"{number}.yaml: prepare needs at least one item")
    misconceptions = data["misconceptions"] or []
    if not misconceptions:
        raise RunSheetError(f"{number}.yaml: misconceptions needs at least one item")
    cells = [header(out, numbers)]
    cells.append("## Before the session\n\n"
                 f"**Pre-reading for students.** {fill(data['pre_reading'], 'pre_reading')}\n\n"
                 + "\n".join(f"- {item}" for item in prepare))
    cells.append("## Minute plan\n\n" + _plan(out, data))
    cells.append("## Predict, then check: expected answers\n\n"
                 "Ask for a written prediction (or a show of hands for each option) before "
                 "anything on screen answers it; then reveal. The notebook's prompt is quoted "
                 "first.")
    cells += _predictions(out, data)
    cells.append("## Seminar questions: notes and model answers\n\n"
                 "Each question as the students read it, then how to lead it and what a good "
                 "answer contains.")
    cells += _seminar(out, data)
    cells.append("## Misconceptions to listen for\n\n" + "\n".join(
        f"- **{fill(item.get('belief'), f'misconceptions[{k}].belief')}** "
        f"{fill(item.get('correction'), f'misconceptions[{k}].correction')}"
        for k, item in enumerate(misconceptions)))
    cells.append(_task(out, data))
    cells.append(_cut(out, data))
    keys = citation_keys("\n".join(cells))
    cells.append("## References\n\n" + (references_html(keys) if keys else
                                         "This run sheet cites no work beyond its notebook's."))
    cells.append(footer(out, numbers))
    return cells


def _notebook(cells: list[str]):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["oxytocin"] = {"kind": "run sheet"}
    nb.cells = [nbformat.v4.new_markdown_cell(text) for text in cells]
    for k, cell in enumerate(nb.cells):
        cell.id = f"run-sheet-{k:02d}"
    return nb


def write(numbers: Iterable[str] = ()) -> list[str]:
    """Write the run sheets (all when ``numbers`` is empty); one line per sheet."""
    import nbformat

    every = [path.name[:2] for path in lessons()]
    lines = []
    for number in list(numbers) or every:
        path = NOTEBOOK_DIR / run_sheet_name(number)
        nb = _notebook(run_sheet_cells(number, every))
        text = nbformat.writes(nb) + "\n"
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed:
            path.write_text(text, encoding="utf-8")
        lines.append(f"{path.name}: {'written' if changed else 'unchanged'}")
    return lines


def problems() -> list[str]:
    """Every run-sheet problem: a lesson without a YAML or whose YAML does not match its
    notebook, a stale or stray run sheet."""
    import nbformat

    found = []
    every = [path.name[:2] for path in lessons()]
    for number in every:
        path = NOTEBOOK_DIR / run_sheet_name(number)
        try:
            text = nbformat.writes(_notebook(run_sheet_cells(number, every))) + "\n"
        except RunSheetError as err:
            found.append(str(err))
            continue
        if not path.exists():
            found.append(f"{path.name} is missing; run python -m oxytocin_course.runsheets --write")
        elif path.read_text(encoding="utf-8") != text:
            found.append(f"{path.name} differs from data/runsheets/{number}.yaml and its "
                         "notebook; run python -m oxytocin_course.runsheets --write")
    for path in sorted(NOTEBOOK_DIR.glob("run_sheet_*.ipynb")):
        if path.stem.removeprefix("run_sheet_") not in every:
            found.append(f"{path.name} has no lesson")
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"]:
        try:
            for line in write(argv[1:]):
                print(line)
        except RunSheetError as err:
            print(f"run sheets: {err}", file=sys.stderr)
            return 1
        return 0
    if argv[:1] == ["--check"]:
        found = problems()
        for problem in found:
            print(problem)
        print(f"run sheets: {len(found)} problems")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
