"""Content lint for the course notebooks (run by the tests; also by hand)::

    python -m oxytocin_course.lint                 # every notebook
    python -m oxytocin_course.lint notebooks/03_stress_axis.ipynb

Checks the notebook shape described in CONTRIBUTING.md.  Returns a list of
problems; an empty list means the notebook passes.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .references import NOTEBOOK_DIR, bibliography, keys_in_text

REQUIRED_SECTIONS = ["Questions and objectives", "Setup"]
CLOSING_SECTIONS = ["Test yourself", "Seminar questions", "Key points", "References"]
FORBIDDEN = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|placeholder)\b", re.I)
FENCE = re.compile(r"```.*?```", re.S)


def notebooks() -> list[Path]:
    """Every course notebook, in course order."""
    return sorted(p for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def kind(nb: dict) -> str:
    """``lesson`` (the default) or ``guide`` (instructor guide: fewer rules)."""
    return nb.get("metadata", {}).get("oxytocin", {}).get("kind", "lesson")


def headings(md: str, level: int) -> list[str]:
    md = FENCE.sub("", md)
    return re.findall(rf"^{'#' * level}\s+(.+?)\s*$", md, re.M)


BULLET = re.compile(r"^\s*(?:[-*]|\d+\.)\s+\S")


def _bullets(md: str) -> int:
    """Items in the last list of ``md`` (the objectives follow the questions)."""
    count, in_list = 0, False
    for line in FENCE.sub("", md).splitlines():
        if BULLET.match(line):
            if not in_list:
                count, in_list = 0, True
            count += 1
        elif line.strip() and not line.startswith(("  ", "\t")):
            in_list = False
    return count


def lint(path: str | Path) -> list[str]:
    path = Path(path)
    name = path.name
    problems: list[str] = []
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except Exception as err:  # noqa: BLE001
        return [f"{name}: not valid JSON ({err})"]
    cells = nb.get("cells", [])
    if nb.get("metadata", {}).get("kernelspec", {}).get("name") != "python3":
        problems.append(f"{name}: kernelspec must be python3")
    number = name[:2]

    # Outputs and forbidden words.
    for i, c in enumerate(cells):
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count")):
            problems.append(f"{name}: cell {i} has stored outputs")
        m = FORBIDDEN.search(_src(c))
        if m:
            problems.append(f"{name}: cell {i} contains {m.group(0)!r}")

    md_cells = [(i, _src(c)) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]
    all_md = "\n".join(s for _, s in md_cells)

    # One H1, in the first cell, with the header line.
    h1 = headings(all_md, 1)
    if len(h1) != 1:
        problems.append(f"{name}: needs exactly one H1, found {len(h1)}")
    first = _src(cells[0]) if cells else ""
    if not first.lstrip().startswith("# "):
        problems.append(f"{name}: the first cell must start with the H1 title")
    for word in ("Part", "Time", "Prerequisites", "Contents"):
        if word not in first:
            problems.append(f"{name}: header line lacks {word!r}")

    # Sections in order.
    h2 = headings(all_md, 2)
    required = REQUIRED_SECTIONS + CLOSING_SECTIONS if kind(nb) == "lesson" else ["References"]
    pos = []
    for sec in required:
        idx = next((k for k, h in enumerate(h2) if h.lower().startswith(sec.lower())), None)
        if idx is None:
            problems.append(f"{name}: missing section '## {sec}'")
        else:
            pos.append(idx)
    if pos != sorted(pos):
        problems.append(f"{name}: sections are out of order (expected {required})")
    # Heading levels never skip (H1 → H2 → H3).
    levels = [len(m) for m in re.findall(r"^(#{1,6})\s", FENCE.sub("", all_md), re.M)]
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            problems.append(f"{name}: a heading jumps from level {a} to {b}")
            break

    # Citations resolve.
    known = bibliography().entries
    for key in keys_in_text(all_md):
        if key not in known:
            problems.append(f"{name}: unknown citation key [@{key}]")

    code = [(i, _src(c), c) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    code_text = "\n".join(s for _, s, _ in code)
    if "setup(" not in code_text:
        problems.append(f"{name}: the Setup section must call setup()")
    if "show_for(" not in code_text:
        problems.append(f"{name}: the References section must call references.show_for(...)")

    if kind(nb) == "lesson":
        # Objectives and key points, one per objective.
        def section_text(title: str) -> str:
            out, on = [], False
            for _, s in md_cells:
                for line in s.splitlines():
                    if line.startswith("## "):
                        on = line[3:].strip().lower().startswith(title.lower())
                        continue
                    if on:
                        out.append(line)
            return "\n".join(out)
        n_obj = _bullets(section_text("Questions and objectives"))
        n_key = _bullets(section_text("Key points"))
        if n_obj < 2:
            problems.append(f"{name}: list at least two objectives")
        if n_key != n_obj:
            problems.append(f"{name}: {n_key} key points for {n_obj} objectives (one per objective)")
        if f'quiz.show("{number}"' not in code_text and f"quiz.show('{number}'" not in code_text:
            problems.append(f"{name}: Test yourself must call quiz.show(\"{number}\")")
        if "evidence_table(" not in code_text:
            problems.append(f"{name}: no evidence table (register.evidence_table) in any section")

        # Exercises: each has a hidden, executed solution cell after it.
        ex_positions = [i for i, s in md_cells if re.search(r"^###\s+Exercise\b", s, re.M)]
        if len(ex_positions) < 2:
            problems.append(f"{name}: needs at least two exercises (### Exercise ...)")
        bounds = ex_positions[1:] + [len(cells)]
        for start, stop in zip(ex_positions, bounds):
            sol = [c for c in cells[start + 1:stop] if c["cell_type"] == "code"
                   and "solution" in c.get("metadata", {}).get("tags", [])]
            if not sol:
                problems.append(f"{name}: exercise at cell {start} has no code cell tagged 'solution'")
            for c in sol:
                if not c.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
                    problems.append(f"{name}: solution cell after cell {start} is not source_hidden")
            if sol and not _src(sol[0]).lstrip().startswith("#"):
                problems.append(f"{name}: the solution after cell {start} must open with a comment "
                                "line (JupyterLab shows the first line of a collapsed cell)")
        if "Predict, then check" not in all_md:
            problems.append(f"{name}: no 'Predict, then check' prompt")
        if "Things to try" not in all_md:
            problems.append(f"{name}: no 'Things to try' list")

        # A default figure before every explorer, in the same section.
        section = 0
        fig_in_section: dict[int, bool] = {}
        for i, c in enumerate(cells):
            s = _src(c)
            if c["cell_type"] == "markdown" and re.search(r"^##\s", s, re.M):
                section += 1
            if c["cell_type"] == "code":
                if "show_figure(" in s:
                    fig_in_section[section] = True
                if re.search(r"\w_explorer\(", s) and not fig_in_section.get(section):
                    problems.append(f"{name}: cell {i} shows an explorer before any default figure "
                                    "in its section (show_figure first)")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or notebooks()
    bad = 0
    for p in paths:
        for problem in lint(p):
            print(problem)
            bad += 1
    print(f"{len(paths)} notebooks checked, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
