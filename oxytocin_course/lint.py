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

from .exercises import SOLUTION_LINE
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


def python_source(src: str) -> str:
    """A code cell's source as plain Python: IPython magic lines (``%%solution ...``,
    ``%matplotlib ...``) are blanked so that ``ast.parse`` reads the rest."""
    return "\n".join("" if ln.lstrip().startswith("%") else ln for ln in src.splitlines())


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

    # One title style everywhere: "# NN · Title"; the title cell holds the title
    # and the header line only.
    if h1 and not re.match(rf"{number} · \S", h1[0]):
        problems.append(f"{name}: the title must read '# {number} · Title'")
    if len([ln for ln in first.splitlines() if ln.strip()]) > 2:
        problems.append(f"{name}: the title cell holds only the title and the header line "
                        "(put the introduction under 'Questions and objectives')")
    # Previous/next links at the bottom as well as the top.
    nav = NAV_LINK.findall(first)
    last = _src(cells[-1]) if cells else ""
    if nav and (cells[-1]["cell_type"] != "markdown" or NAV_LINK.findall(last) != nav):
        problems.append(f"{name}: the last cell must repeat the header's navigation links {nav}")

    for i, c in enumerate(cells):
        s = _src(c)
        if c["cell_type"] == "markdown":
            m = SEED_WORD.search(_prose(s))
            if m:
                problems.append(f"{name}: cell {i} says {m.group(0)!r}: call the commissioning "
                                "documents 'source documents' ('seed' means a random seed)")
        else:
            problems += [f"{name}: cell {i}: {p}" for p in _plumbing(c)]

    if kind(nb) == "lesson":
        problems += _lesson_checks(name, number, cells, md_cells, code_text, first)
    return problems


NAV_LINK = re.compile(r"\[(?:← Previous|Next →)\]\([^)]*\)")
#: "seed" or "seeds" as a word for a document; a random seed is fine ("random seed",
#: "fixed seed", "seed=" ...); inline code such as the folder name `seeds/` is ignored.
SEED_WORD = re.compile(r"(?<!random )(?<!fixed )(?<!same )(?<!different )(?<!another )"
                       r"\bseeds?\b(?!\s*=)(?![/_\w-])", re.I)
INLINE_CODE = re.compile(r"`[^`]*`")
DISPLAY_CALL = re.compile(
    r"^(?:(?:register\.)?evidence_table|quiz\.show|(?:references\.)?show_for|"
    r"(?:evidence\.)?legend|(?:evidence\.)?rubric|glossary\.show)\(")
STRING_LITERAL = re.compile(r"(\"\"\"|'''|\"|')(.*?)\1", re.S)
#: Longest string literal a visible (not hidden, not solution) code cell may hold.
LONG_STRING = 70
EXPLORER_CALL = re.compile(r"(?:^|[.\s=(])(\w+_explorer)\(")
SOLUTION_SUMMARY = re.compile(
    r'^<details class="oxy-solution"><summary>Worked solution to Exercise (\d+\.\d+)</summary>')
EXERCISE_H3 = re.compile(r"^###\s+Exercise\b.*$", re.M)
EXERCISE_TITLE = re.compile(r"^### Exercise (\d+)\.(\d+) · \S")
SECTION_H2 = re.compile(r"^##\s+(.+?)\s*$", re.M)
NUMBERED = re.compile(r"^(\d+)\. \S")
TIMING = re.compile(r"^\*(Core|Optional) · (\d+) min\*\s*$")
HEADER_TIME = re.compile(r"Time: (\d+) min core(?: \+ (\d+) min optional)?")
TIMED_SECTIONS = ("Test yourself", "Seminar questions")
MAX_CORE_MINUTES = 90
LESSON_ORDER = ["Questions and objectives", "Setup", "<numbered>", "Test yourself",
                "Seminar questions", "Key points", "References"]
#: A longer run of comment lines in a code solution is prose: a Markdown solution block.
MAX_COMMENT_RUN = 6


def _prose(md: str) -> str:
    return INLINE_CODE.sub("", FENCE.sub("", md))


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _hidden(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def is_display_cell(cell: dict) -> bool:
    """A code cell that only displays an evidence table, a quiz or a reference list."""
    lines = [ln.strip() for ln in _src(cell).splitlines()
             if ln.strip() and not ln.strip().startswith("#")]
    calls = [ln for ln in lines if DISPLAY_CALL.match(ln)]
    rest = [ln for ln in lines if not DISPLAY_CALL.match(ln)]
    # Continuation lines of a multi-line call start with a quote, a bracket or an id.
    return bool(calls) and all(ln.startswith(("from ", "import ", '"', "'", "]", ")"))
                               for ln in rest)


def _plumbing(cell: dict) -> list[str]:
    """Machinery a reader should not see in a visible code cell."""
    s = _src(cell)
    out = []
    if is_display_cell(cell) and ("hide-input" not in _tags(cell) or not _hidden(cell)):
        out.append("a cell that only displays a table, quiz or reference list needs the "
                   "'hide-input' tag and source_hidden metadata")
    if "solution" in _tags(cell) or _hidden(cell):
        return out
    if re.search(r"\b(?:caption|alt)\s*=", s):
        out.append("caption and alt text belong in data/figures/NN.yaml, not in notebook code")
    for m in STRING_LITERAL.finditer(s):
        if len(m.group(2)) > LONG_STRING:
            out.append(f"a string of {len(m.group(2))} characters in visible code "
                       "(move text into the package or a data file)")
            break
    return out


def sections(cells: list[dict]) -> list[dict]:
    """H2 sections: ``title``, ``start`` cell, ``cells``, ``number`` (numbered sections)
    and ``after`` (the heading cell's text after the heading)."""
    out: list[dict] = []
    for i, c in enumerate(cells):
        if c["cell_type"] == "markdown":
            text = FENCE.sub("", _src(c))
            for m in SECTION_H2.finditer(text):
                title = m.group(1)
                num = NUMBERED.match(title)
                out.append({"title": title, "start": i, "cells": [],
                            "number": int(num.group(1)) if num else None,
                            "after": text[m.end():]})
        if out:
            out[-1]["cells"].append(i)
    return out


def section_minutes(sec: dict) -> tuple[str, int] | None:
    """``("Core", 25)`` from a section's opening ``*Core · 25 min*`` line, else None."""
    line = next((ln for ln in sec["after"].splitlines() if ln.strip()), "")
    m = TIMING.match(line.strip())
    return (m.group(1), int(m.group(2))) if m else None


def _lesson_checks(name: str, number: str, cells: list[dict], md_cells: list[tuple[int, str]],
                   code_text: str, first: str) -> list[str]:
    problems: list[str] = []

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

    # The same sections in the same order; numbered sections 1, 2, 3 ...
    secs = sections(cells)
    order: list[str] = []
    for sec in secs:
        if sec["number"] is not None:
            label = "<numbered>"
        else:
            label = next((t for t in LESSON_ORDER if sec["title"].lower().startswith(t.lower())), "")
            if not label:
                problems.append(f"{name}: unexpected section '## {sec['title']}' (sections: "
                                "objectives, setup, numbered content sections, Test yourself, "
                                "Seminar questions, Key points, References)")
                continue
        if not order or order[-1] != label:
            order.append(label)
    if order != LESSON_ORDER:
        problems.append(f"{name}: sections must run {LESSON_ORDER}; found {order}")
    numbers = [s["number"] for s in secs if s["number"] is not None]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"{name}: content sections must be numbered 1, 2, 3 ...; found {numbers}")

    # Timing: numbered sections, Test yourself and Seminar questions say Core or
    # Optional and their minutes; the minutes add up to the header's time.
    minutes = {"Core": 0, "Optional": 0}
    for sec in secs:
        if sec["number"] is None and not sec["title"].startswith(TIMED_SECTIONS):
            continue
        timing = section_minutes(sec)
        if timing is None:
            problems.append(f"{name}: section '{sec['title']}' must open with '*Core · N min*' "
                            "or '*Optional · N min*'")
            continue
        minutes[timing[0]] += timing[1]
    header = HEADER_TIME.search(first)
    if not header:
        problems.append(f"{name}: the header's time must read 'Time: N min core' or "
                        "'Time: N min core + M min optional'")
    else:
        core, optional = int(header.group(1)), int(header.group(2) or 0)
        if (minutes["Core"], minutes["Optional"]) != (core, optional):
            problems.append(f"{name}: section minutes add up to {minutes['Core']} core + "
                            f"{minutes['Optional']} optional; the header says {core} + {optional}")
        if core > MAX_CORE_MINUTES:
            problems.append(f"{name}: {core} core minutes do not fit a "
                            f"{MAX_CORE_MINUTES}-minute session")

    # Explorers: each shown once, after a default figure in its section, with its
    # Things to try right next to it.
    seen: dict[str, int] = {}
    section_of = {i: sec for sec in secs for i in sec["cells"]}
    figure_seen: set[int] = set()
    for i, c in enumerate(cells):
        if c["cell_type"] != "code" or "solution" in _tags(c):
            continue
        s = _src(c)
        if "show_figure(" in s:
            figure_seen.add(section_of[i]["start"] if i in section_of else -1)
        lines = [ln for ln in s.strip().splitlines() if ln.strip()]
        m = EXPLORER_CALL.search(lines[-1]) if lines else None
        if not m:
            continue
        fn = m.group(1)
        if fn in seen:
            problems.append(f"{name}: cell {i} shows {fn} again (first in cell {seen[fn]}); "
                            "show each explorer once and refer back to it")
        seen.setdefault(fn, i)
        if (section_of[i]["start"] if i in section_of else -1) not in figure_seen:
            problems.append(f"{name}: cell {i} shows an explorer before any default figure "
                            "in its section (show_figure first)")
        near = [cells[j] for j in (i - 1, i + 1) if 0 <= j < len(cells)]
        if not any(n["cell_type"] == "markdown" and "Things to try" in _src(n) for n in near):
            problems.append(f"{name}: cell {i}: put the explorer's **Things to try** right "
                            "next to it (the cell before or after)")

    # Predict, then check comes before anything in its section that could answer it.
    n_prompts = 0
    for sec in secs:
        if sec["number"] is None:
            continue
        shown = [i for i in sec["cells"] if cells[i]["cell_type"] == "code"
                 and "solution" not in _tags(cells[i])
                 and ("show_figure(" in _src(cells[i]) or EXPLORER_CALL.search(_src(cells[i])))]
        prompts = [i for i in sec["cells"] if cells[i]["cell_type"] == "markdown"
                   and "Predict, then check" in _src(cells[i])]
        n_prompts += len(prompts)
        has_explorer = any(EXPLORER_CALL.search(_src(cells[i])) for i in shown)
        if has_explorer and not prompts:
            problems.append(f"{name}: section {sec['number']} has an explorer but no "
                            "**Predict, then check.** prompt before it")
        if prompts and shown and min(prompts) > min(shown):
            problems.append(f"{name}: section {sec['number']}: the **Predict, then check.** prompt "
                            f"(cell {min(prompts)}) must come before the section's first figure "
                            f"or explorer (cell {min(shown)})")
    if not n_prompts:
        problems.append(f"{name}: no 'Predict, then check' prompt")

    # Exercises: "### Exercise N.M · Title" (N = its section), a worked solution that
    # stays folded and asserts nothing, and at least one scaffolded starter cell.
    starters = n_exercises = 0
    for sec in secs:
        if sec["number"] is None:
            continue
        ex = [i for i in sec["cells"] if cells[i]["cell_type"] == "markdown"
              and EXERCISE_H3.search(_src(cells[i]))]
        n_exercises += len(ex)
        for k, start in enumerate(ex):
            heading = EXERCISE_H3.search(_src(cells[start])).group(0)
            t = EXERCISE_TITLE.match(heading)
            label = f"{sec['number']}.{k + 1}"
            if not t or f"{t.group(1)}.{t.group(2)}" != label:
                problems.append(f"{name}: cell {start}: the exercise heading must read "
                                f"'### Exercise {label} · Title'; found {heading!r}")
            stop = ex[k + 1] if k + 1 < len(ex) else sec["cells"][-1] + 1
            span = range(start + 1, stop)
            sols = [j for j in span if "solution" in _tags(cells[j])]
            if not sols:
                problems.append(f"{name}: exercise {label} (cell {start}) has no worked solution "
                                "(a cell tagged 'solution')")
            problems += [f"{name}: cell {j}: {p}" for j in sols
                         for p in _solution_problems(cells[j], label)]
            starters += sum(1 for j in span if cells[j]["cell_type"] == "code"
                            and "filled(" in _src(cells[j]) and "solution" not in _tags(cells[j]))
    if n_exercises < 2:
        problems.append(f"{name}: needs at least two exercises (### Exercise N.M · Title)")
    if starters == 0:
        problems.append(f"{name}: no scaffolded exercise (a starter cell with ... blanks "
                        "guarded by filled(...))")
    return problems


def _solution_problems(cell: dict, label: str) -> list[str]:
    s = _src(cell)
    out = []
    if cell["cell_type"] == "code":
        m = SOLUTION_LINE.match(s.splitlines()[0] if s else "")
        if not m or m.group(1) != f"Exercise {label}":
            out.append(f"a code solution starts with '%%solution Exercise {label}'")
        if not _hidden(cell):
            out.append("solution code needs source_hidden metadata")
        if re.search(r"^\s*assert\b", s, re.M):
            out.append("no assert in a worked solution (tests belong in tests/)")
        run = longest = 0
        for ln in s.splitlines():
            run = run + 1 if ln.strip().startswith("#") else 0
            longest = max(longest, run)
        if longest > MAX_COMMENT_RUN:
            out.append(f"{longest} comment lines in a row in a code solution: write the "
                       "interpretation as a Markdown solution block")
    else:
        m = SOLUTION_SUMMARY.match(s.strip())
        if not m or m.group(1) != label or not s.strip().endswith("</details>"):
            out.append('a Markdown solution is one block: <details class="oxy-solution">'
                       f"<summary>Worked solution to Exercise {label}</summary> (blank line, "
                       "Markdown, blank line) </details>")
    return out


#: No option position may hold more than this share of the course's correct answers.
MAX_POSITION_SHARE = 0.35
#: The correct option may be the longest in at most this share of choice items.
MAX_LONGEST_SHARE = 0.40
#: Two questions whose stems share this much of their words (Jaccard) are one question.
DUPLICATE_SIMILARITY = 0.6
#: Modules of the course's illustrative teaching models: a numeric item whose key is
#: one of their outputs asks for an arbitrary number, not a transferable skill.
TEACHING_MODELS = ("hpa.", "loop.", "alliance.", "fear.", "voles.", "ferguson.",
                   "literature.simulate", "assay.simulate", "release.simulate", "trustgame.simulate")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower()) if len(w) > 2}


def quiz_problems(files: list[str] | None = None) -> list[str]:
    """Course-wide fairness checks of the self-check items (run by the lint and tests).

    Correct options spread over positions (none above 35% of the course's choice
    items) and not usually the longest (at most 40%); no two items that ask the
    same thing; no numeric item keyed to an illustrative model's output.
    """
    from .quiz import LETTERS, all_quiz_files, load

    problems: list[str] = []
    questions = [q for f in (files or all_quiz_files()) for q in load(f)]
    choice = [q for q in questions if q.type == "choice"]
    if choice:
        positions: dict[int, int] = {}
        longest = 0
        for q in choice:
            k = next(i for i, o in enumerate(q.options) if o.correct)
            positions[k] = positions.get(k, 0) + 1
            lengths = [len(o.text) for o in q.options]
            if lengths[k] == max(lengths):
                longest += 1
        for k, n in sorted(positions.items()):
            if n / len(choice) > MAX_POSITION_SHARE:
                problems.append(f"quizzes: the correct option is {LETTERS[k]} in {n} of {len(choice)} "
                                f"choice items (at most {MAX_POSITION_SHARE:.0%}); reorder options")
        if longest / len(choice) > MAX_LONGEST_SHARE:
            problems.append(f"quizzes: the correct option is the longest in {longest} of {len(choice)} "
                            f"choice items (at most {MAX_LONGEST_SHARE:.0%})")
    for a_i, a in enumerate(questions):
        for b in questions[a_i + 1:]:
            wa, wb = _words(a.question), _words(b.question)
            same_key = (a.type == b.type == "numeric" and a.answer == b.answer)
            sim = len(wa & wb) / max(1, len(wa | wb))
            if sim >= DUPLICATE_SIMILARITY or (same_key and sim >= DUPLICATE_SIMILARITY / 2):
                problems.append(f"quizzes: {a.id} and {b.id} ask the same question; keep one")
    by_claim: dict[str, str] = {}
    for q in questions:
        if q.claim and q.claim in by_claim:
            problems.append(f"quizzes: {by_claim[q.claim]} and {q.id} both ask for the grade of "
                            f"{q.claim}; keep one")
        elif q.claim:
            by_claim[q.claim] = q.id
    for q in questions:
        if q.verify and any(m in q.verify for m in TEACHING_MODELS):
            problems.append(f"quizzes: {q.id} asks for an output of a teaching model "
                            f"({q.verify}); make it a transfer item")
        texts = [q.question, q.explanation] + [t for o in q.options for t in (o.text, o.feedback)]
        for t in texts:
            m = SEED_WORD.search(re.sub(r"`[^`]*`", "", t))
            if m:
                problems.append(f"quizzes: {q.id} says {m.group(0)!r}: call the commissioning "
                                "documents 'source documents'")
                break
    return problems


def wording_problems() -> list[str]:
    """Text readers see outside the notebooks (register rows, bibliography notes):
    the commissioning documents are "source documents" there too."""
    from .register import read_rows

    problems = []
    for row in read_rows():
        for field in ("claim", "study", "reason"):
            m = SEED_WORD.search(_prose(row.get(field, "")))
            if m:
                problems.append(f"claims.csv: {row['id']} {field} says {m.group(0)!r}: "
                                "write 'source document'")
    for key, e in bibliography().entries.items():
        for field in ("title", "organization", "howpublished", "note"):
            m = SEED_WORD.search(_prose(e.fields.get(field, "")))
            if m:
                problems.append(f"references.bib: {key} {field} says {m.group(0)!r}: "
                                "write 'source document'")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or notebooks()
    bad = 0
    for p in paths:
        for problem in lint(p):
            print(problem)
            bad += 1
    if not argv:
        for problem in quiz_problems() + wording_problems():
            print(problem)
            bad += 1
    print(f"{len(paths)} notebooks checked, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
