"""The course's files and the Markdown conventions of its notebooks, defined once.

Read by the content lint (:mod:`oxytocin_course.lint`), the reference lists
(:mod:`oxytocin_course.references`) and the site build
(:mod:`oxytocin_course.site.build`), so that they agree on:

* **where things are**: :data:`ROOT`, :data:`NOTEBOOK_DIR`, :data:`SEEDS_DIR`,
  :data:`BIB_PATH`, :data:`GLOSSARY_PATH`, :data:`REGISTER_PATH`, :data:`QUIZ_DIR`;
* **which notebooks are the course**: :func:`notebooks` (``NN_*.ipynb``, in course order);
* **a cell's text**: :func:`cell_source` (nbformat stores it as a string or a list of lines);
* **sections**: a ``## Title`` heading outside a code fence opens a section that runs to
  the next one (:func:`sections`, :func:`section_markdown`);
* **citations**: ``[@key]`` or ``[@key1; @key2]`` (:data:`CITATION`, :func:`citation_keys`,
  :func:`replace_citations`);
* **lists**: a CommonMark list item (:data:`LIST_ITEM`, :func:`last_list_span`,
  :func:`count_last_list_items`).

This module imports nothing from the rest of the course, so any module may import it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- paths
#: The package directory (``oxytocin_course/``).
PACKAGE_DIR = Path(__file__).resolve().parent
#: The repository root (the package's parent directory).
ROOT = PACKAGE_DIR.parent
NOTEBOOK_DIR = ROOT / "notebooks"
#: The commissioning source documents and the course data edited beside them.
SEEDS_DIR = ROOT / "seeds"
BIB_PATH = SEEDS_DIR / "references.bib"
GLOSSARY_PATH = SEEDS_DIR / "glossary.yaml"
#: The glossary notebook: notebook 13, the one glossary in JupyterLab and on the pages.
GLOSSARY_NOTEBOOK = "13_glossary.ipynb"
#: The instructor guide: its session table lists the run sheets.
GUIDE_NOTEBOOK = "12_instructor_guide.ipynb"
#: The evidence register.
REGISTER_PATH = SEEDS_DIR / "claims.csv"
#: One self-check file per notebook: ``NN.yaml``.
QUIZ_DIR = PACKAGE_DIR / "data" / "quizzes"

#: A course notebook: two digits, an underscore, a name.
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


# --------------------------------------------------------------------------- parts and sessions
#: The parts of the course, each with its notebooks (by number): the one list behind every
#: notebook header's bold label, notebook 00's course map, the README's course map and the
#: site index.  Session ``NN`` of a seminar is lesson notebook ``NN`` (00–11), followed by
#: a capstone session; every lesson has a run sheet, ``run_sheet_NN.ipynb``.
PARTS: dict[str, tuple[str, ...]] = {
    "Part 0 · Start here": ("00",),
    "Part I · The neuropeptide system": ("01", "02"),
    "Part II · The stress–affiliation loop": ("03", "04", "05"),
    "Part III · The trust-study replication debate": ("06", "07", "08"),
    "Part IV · From lab to clinic": ("09", "10", "11"),
    "For instructors": ("12",),
    "Reference": ("13",),
    "Appendix": ("14",),
}


def part_of(number: str) -> str:
    """The part label of notebook ``number`` (``"07"`` → ``"Part III · The trust-study
    replication debate"``)."""
    for part, members in PARTS.items():
        if number in members:
            return part
    raise KeyError(f"notebook {number} is in no part of notebook_files.PARTS")


# --------------------------------------------------------------------------- notebooks
def notebooks(notebook_dir: Path | str = NOTEBOOK_DIR) -> list[Path]:
    """Every course notebook (``NN_*.ipynb``) in ``notebook_dir``, in course order."""
    return sorted(Path(notebook_dir).glob(NOTEBOOK_PATTERN))


def notebook_path(notebook: str | Path) -> Path:
    """A notebook given by path, or by file name in :data:`NOTEBOOK_DIR`
    (``"01_molecule_and_body.ipynb"``, as the notebooks name themselves)."""
    path = Path(notebook)
    if not path.is_absolute() and not path.exists():
        path = NOTEBOOK_DIR / path
    return path


def read_notebook(notebook: str | Path) -> dict[str, Any]:
    """A notebook's JSON (see :func:`notebook_path` for how ``notebook`` is found)."""
    return json.loads(notebook_path(notebook).read_text(encoding="utf-8"))


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat may store a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def python_source(source: str) -> str:
    """A code cell's source as plain Python: IPython magic lines (``%%solution ...``,
    ``%matplotlib ...``) are blanked so that ``ast.parse`` reads the rest."""
    return "\n".join("" if line.lstrip().startswith("%") else line
                     for line in source.splitlines())


def markdown_sources(notebook: str | Path) -> list[str]:
    """The sources of a notebook's Markdown cells, in order."""
    return [cell_source(cell) for cell in read_notebook(notebook)["cells"]
            if cell["cell_type"] == "markdown"]


# --------------------------------------------------------------------------- Markdown
#: A fenced code block (its content is code, not headings or lists).
FENCE = re.compile(r"```.*?```", re.DOTALL)
#: A level-2 heading, ``## Title``: one section of a notebook.
SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
#: A numbered content section's title, ``N. Title``.
NUMBERED_TITLE = re.compile(r"^(\d+)\. \S")


#: A section's timing, its first line: ``*Core · 25 min*`` or ``*Optional · 10 min*``.
TIMING = re.compile(r"^\*(Core|Optional) · (\d+) min\*\s*$")


def strip_fences(markdown: str) -> str:
    """``markdown`` without its fenced code blocks."""
    return FENCE.sub("", markdown)


@dataclass
class Section:
    """One ``## Title`` section of a notebook: from its heading to the next ``##`` heading."""

    title: str
    #: Index of the cell holding the heading.
    start: int
    #: ``N`` of a numbered content section (``## N. Title``), else None.
    number: int | None = None
    #: Indices of the section's cells, the heading's cell first.
    cells: list[int] = field(default_factory=list)
    #: The section's Markdown lines, headings dropped, a blank line after each cell.
    lines: list[str] = field(default_factory=list)
    #: The lines after the heading in the heading's own cell.
    opening_lines: list[str] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        """The section's Markdown (without its heading), stripped."""
        return "\n".join(self.lines).strip()

    @property
    def opening(self) -> str:
        """The first non-blank line after the heading in the heading's cell ('' if none):
        where a lesson section states its timing (``*Core · 20 min*``)."""
        return next((line.strip() for line in self.opening_lines if line.strip()), "")


def section_minutes(section: Section) -> tuple[str, int] | None:
    """``("Core", 25)`` from a section's opening ``*Core · 25 min*`` line, else None."""
    timing = TIMING.match(section.opening)
    return (timing.group(1), int(timing.group(2))) if timing else None


def _in_fence(fences: list[tuple[int, int]], offset: int) -> bool:
    return any(begin <= offset < end for begin, end in fences)


def sections(cells: list[dict[str, Any]]) -> list[Section]:
    """The notebook's ``## Title`` sections, in order.

    A heading inside a code fence is code, not a heading.  Cells before the first
    heading belong to no section; a cell holding two headings belongs to the second
    (the first section's text in that cell still goes to the first)."""
    found: list[Section] = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") == "markdown":
            text = cell_source(cell)
            fences = [fence.span() for fence in FENCE.finditer(text)]
            offset = 0
            for line in text.splitlines(keepends=True):
                bare = line.rstrip("\r\n")
                heading = None if _in_fence(fences, offset) else SECTION_HEADING.match(bare)
                offset += len(line)
                if heading:
                    title = heading.group(1)
                    numbered = NUMBERED_TITLE.match(title)
                    found.append(Section(title=title, start=index,
                                         number=int(numbered.group(1)) if numbered else None))
                elif found:
                    found[-1].lines.append(bare)
                    if found[-1].start == index:
                        found[-1].opening_lines.append(bare)
            if found:
                found[-1].lines.append("")
        if found:
            found[-1].cells.append(index)
    return found


def section_markdown(cells: list[dict[str, Any]], title: str) -> str:
    """The Markdown of the sections whose title starts with ``title`` (ignoring case),
    headings dropped (e.g. ``section_markdown(cells, "Key points")``)."""
    return "\n".join(section.markdown for section in sections(cells)
                     if section.title.lower().startswith(title.lower()))


# --------------------------------------------------------------------------- citations
#: A citation, ``[@key]`` or ``[@a; @b]``; keys are letters, digits, ``_``, ``-`` and ``:``.
#: Group 1 holds the ``@key`` list.
CITATION = re.compile(r"\[(@[\w:-]+(?:\s*;\s*@[\w:-]+)*)\]")


def _keys_of(citation: re.Match[str]) -> list[str]:
    return [part.strip().lstrip("@") for part in citation.group(1).split(";")]


def citation_keys(text: str) -> list[str]:
    """The keys cited in ``text``, in order of first appearance, each once."""
    seen: dict[str, None] = {}
    for citation in CITATION.finditer(text):
        for key in _keys_of(citation):
            seen.setdefault(key, None)
    return list(seen)


def replace_citations(text: str, render: Callable[[list[str]], str]) -> str:
    """``text`` with each citation replaced by ``render(its keys)``."""
    return CITATION.sub(lambda citation: render(_keys_of(citation)), text)


# --------------------------------------------------------------------------- lists
#: A CommonMark list item: ``-``, ``*`` or ``+`` bullets, ``1.`` or ``1)`` numbers.
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
#: A line indented this way (by any space or tab) continues the list item above it.
CONTINUATION_INDENT = (" ", "\t")


def fenced_lines(lines: list[str]) -> list[bool]:
    """For each of ``lines``: does it lie in a fenced code block (fences included)?"""
    fences = [fence.span() for fence in FENCE.finditer("\n".join(lines))]
    flags, offset = [], 0
    for line in lines:
        flags.append(_in_fence(fences, offset))
        offset += len(line) + 1
    return flags


def last_list_span(lines: list[str]) -> tuple[int, int] | None:
    """``(start, stop)`` line indices of the last list in ``lines``: its items, their
    indented continuation lines and the blank lines between items; None without a list.
    A non-blank line that is neither an item nor indented ends a list; a line in a code
    fence is never an item."""
    start = stop = -1
    in_list = False
    for index, (line, fenced) in enumerate(zip(lines, fenced_lines(lines))):
        if not fenced and LIST_ITEM.match(line):
            if not in_list:
                start, in_list = index, True
            stop = index + 1
        elif not line.strip():
            continue
        elif line.startswith(CONTINUATION_INDENT):
            if in_list:
                stop = index + 1
        else:
            in_list = False
    return (start, stop) if start >= 0 else None


def count_last_list_items(markdown: str) -> int:
    """Items (nested ones too) in the last list of ``markdown``: a lesson's objectives
    are the list that follows its questions."""
    lines = markdown.splitlines()
    span = last_list_span(lines)
    if span is None:
        return 0
    fenced = fenced_lines(lines)
    return sum(1 for index in range(*span) if not fenced[index] and LIST_ITEM.match(lines[index]))
