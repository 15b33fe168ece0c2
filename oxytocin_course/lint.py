"""Content lint for the course notebooks (run by the tests; also by hand)::

    python -m oxytocin_course.lint                 # every notebook
    python -m oxytocin_course.lint notebooks/03_stress_axis.ipynb

Checks the notebook shape described in CONTRIBUTING.md.  Returns a list of
problems; an empty list means the notebook passes.  Run without arguments it
also checks the course-wide data: the quizzes' fairness, the wording of the
register and the bibliography, and where retracted works are cited.  Each notebook's
check includes its glossary links (each resolves; the first use of each term is linked)
and, for notebooks 13 and 00, that the glossary entries and the course map are current.
"""
from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .exercises import SOLUTION_LINE
from .notebook_files import (
    GUIDE_NOTEBOOK,
    PACKAGE_DIR,
    ROOT,
    Section,
    cell_source,
    citation_keys,
    count_last_list_items,
    notebooks,
    part_of,
    read_notebook,
    section_markdown,
    section_minutes,
    sections,
    strip_fences,
)
from .references import bibliography, retracted_keys
from .site.slides import slide_problems

Cell = dict[str, Any]

REQUIRED_SECTIONS = ["Questions and objectives", "Setup"]
CLOSING_SECTIONS = ["Test yourself", "Seminar questions", "Key points", "References"]
FORBIDDEN = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|placeholder)\b", re.IGNORECASE)
#: What the header line under the title names.
HEADER_WORDS = ("Part", "Time", "Prerequisites", "Contents")
#: What the header line of the guide, the glossary and the primer names.
GUIDE_HEADER_WORDS = ("Time", "Prerequisites", "Contents")
#: The header's part label, in bold at the start of the header line.
HEADER_PART = re.compile(r"^\*\*(.+?)\*\*", re.MULTILINE)
#: The title cell holds the title and the header line, nothing more.
TITLE_CELL_LINES = 2
#: A lesson lists at least this many objectives (and one key point per objective).
MIN_OBJECTIVES = 2
#: A lesson has at least this many exercises.
MIN_EXERCISES = 2


def kind(notebook: dict[str, Any]) -> str:
    """``lesson`` (the default) or ``guide`` (instructor guide: fewer rules)."""
    return notebook.get("metadata", {}).get("oxytocin", {}).get("kind", "lesson")


def headings(markdown: str, level: int) -> list[str]:
    """The titles of the level-``level`` headings in ``markdown`` (code fences aside)."""
    return re.findall(rf"^{'#' * level}\s+(.+?)\s*$", strip_fences(markdown), re.MULTILINE)


def lint(path: str | Path) -> list[str]:
    """Every problem of one notebook (an empty list when it passes)."""
    path = Path(path)
    name = path.name
    problems: list[str] = []
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except Exception as err:  # noqa: BLE001
        return [f"{name}: not valid JSON ({err})"]
    cells = notebook.get("cells", [])
    if notebook.get("metadata", {}).get("kernelspec", {}).get("name") != "python3":
        problems.append(f"{name}: kernelspec must be python3")
    number = name[:2]

    # Outputs and forbidden words.
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"{name}: cell {index} has stored outputs")
        forbidden = FORBIDDEN.search(cell_source(cell))
        if forbidden:
            problems.append(f"{name}: cell {index} contains {forbidden.group(0)!r}")

    markdown_cells = [(index, cell_source(cell)) for index, cell in enumerate(cells)
                      if cell["cell_type"] == "markdown"]
    all_markdown = "\n".join(text for _, text in markdown_cells)

    # One H1, in the first cell, with the header line.
    titles = headings(all_markdown, 1)
    if len(titles) != 1:
        problems.append(f"{name}: needs exactly one H1, found {len(titles)}")
    first = cell_source(cells[0]) if cells else ""
    if not first.lstrip().startswith("# "):
        problems.append(f"{name}: the first cell must start with the H1 title")
    for word in HEADER_WORDS if kind(notebook) == "lesson" else GUIDE_HEADER_WORDS:
        if word not in first:
            problems.append(f"{name}: header line lacks {word!r}")
    problems += numbering_problems(name, number, first, kind(notebook))

    # Sections in order.
    section_titles = headings(all_markdown, 2)
    required = REQUIRED_SECTIONS + CLOSING_SECTIONS if kind(notebook) == "lesson" else ["References"]
    positions = []
    for wanted in required:
        position = next((k for k, title in enumerate(section_titles)
                         if title.lower().startswith(wanted.lower())), None)
        if position is None:
            problems.append(f"{name}: missing section '## {wanted}'")
        else:
            positions.append(position)
    if positions != sorted(positions):
        problems.append(f"{name}: sections are out of order (expected {required})")
    # Heading levels never skip (H1 → H2 → H3).
    levels = [len(hashes) for hashes in re.findall(r"^(#{1,6})\s", strip_fences(all_markdown), re.MULTILINE)]
    for upper, lower in itertools.pairwise(levels):
        if lower > upper + 1:
            problems.append(f"{name}: a heading jumps from level {upper} to {lower}")
            break

    # Citations resolve.
    known = bibliography().entries
    for key in citation_keys(all_markdown):
        if key not in known:
            problems.append(f"{name}: unknown citation key [@{key}]")

    code_text = "\n".join(cell_source(cell) for cell in cells if cell["cell_type"] == "code")
    if "setup(" not in code_text:
        problems.append(f"{name}: the Setup section must call setup()")
    if "show_for(" not in code_text:
        problems.append(f"{name}: the References section must call references.show_for(...)")

    # One title style everywhere: "# NN · Title"; the title cell holds the title
    # and the header line only.
    if titles and not re.match(rf"{number} · \S", titles[0]):
        problems.append(f"{name}: the title must read '# {number} · Title'")
    if len([line for line in first.splitlines() if line.strip()]) > TITLE_CELL_LINES:
        problems.append(f"{name}: the title cell holds only the title and the header line "
                        "(put the introduction under 'Questions and objectives')")
    # Previous/next links at the bottom as well as the top.
    nav = NAV_LINK.findall(first)
    last = cell_source(cells[-1]) if cells else ""
    if nav and (cells[-1]["cell_type"] != "markdown" or NAV_LINK.findall(last) != nav):
        problems.append(f"{name}: the last cell must repeat the header's navigation links {nav}")

    for index, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            seed = SEED_WORD.search(_prose(cell_source(cell)))
            if seed:
                problems.append(f"{name}: cell {index} says {seed.group(0)!r}: call the "
                                "commissioning documents 'source documents' ('seed' means a "
                                "random seed)")
        else:
            problems += [f"{name}: cell {index}: {problem}" for problem in _plumbing(cell)]

    problems += link_problems(path)
    if name == GUIDE_NOTEBOOK:
        problems += guide_session_problems(all_markdown, name)
    if kind(notebook) == "lesson":
        problems += _lesson_checks(name, number, cells, code_text, first)
    return problems


NAV_LINK = re.compile(r"\[(?:← Previous|Next →)\]\([^)]*\)")
#: "seed" or "seeds" as a word for a document; a random seed is fine ("random seed",
#: "fixed seed", "seed=" ...); inline code such as the folder name `seeds/` is ignored.
SEED_WORD = re.compile(r"(?<!random )(?<!fixed )(?<!same )(?<!different )(?<!another )"
                       r"\bseeds?\b(?!\s*=)(?![/_\w-])", re.IGNORECASE)
INLINE_CODE = re.compile(r"`[^`]*`")
DISPLAY_CALL = re.compile(
    r"^(?:(?:register\.)?evidence_table|quiz\.show|(?:references\.)?show_for|"
    r"(?:evidence\.)?legend|(?:evidence\.)?rubric|glossary\.show)\(")
STRING_LITERAL = re.compile(r"(\"\"\"|'''|\"|')(.*?)\1", re.DOTALL)
#: Longest string literal a visible (not hidden, not solution) code cell may hold.
LONG_STRING = 70
EXPLORER_CALL = re.compile(r"(?:^|[.\s=(])(\w+_explorer)\(")
SOLUTION_SUMMARY = re.compile(
    r'^<details class="oxy-solution"><summary>Worked solution to Exercise (\d+\.\d+)</summary>')
EXERCISE_H3 = re.compile(r"^###\s+Exercise\b.*$", re.MULTILINE)
EXERCISE_TITLE = re.compile(r"^### Exercise (\d+)\.(\d+) · \S")
HEADER_TIME = re.compile(r"Time: (\d+) min core(?: \+ (\d+) min optional)?")
TIMED_SECTIONS = ("Test yourself", "Seminar questions")
MAX_CORE_MINUTES = 90
#: Where a section stands in :data:`LESSON_ORDER` when it is a numbered content section.
NUMBERED = "<numbered>"
LESSON_ORDER = ["Questions and objectives", "Setup", NUMBERED, "Test yourself",
                "Seminar questions", "Key points", "References"]
#: A longer run of comment lines in a code solution is prose: a Markdown solution block.
MAX_COMMENT_RUN = 6


def _prose(markdown: str) -> str:
    return INLINE_CODE.sub("", strip_fences(markdown))


def _tags(cell: Cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _hidden(cell: Cell) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def _is_solution(cell: Cell) -> bool:
    return "solution" in _tags(cell)


def is_display_cell(cell: Cell) -> bool:
    """A code cell that only displays an evidence table, a quiz or a reference list."""
    lines = [line.strip() for line in cell_source(cell).splitlines()
             if line.strip() and not line.strip().startswith("#")]
    calls = [line for line in lines if DISPLAY_CALL.match(line)]
    rest = [line for line in lines if not DISPLAY_CALL.match(line)]
    # Continuation lines of a multi-line call start with a quote, a bracket or an id.
    return bool(calls) and all(line.startswith(("from ", "import ", '"', "'", "]", ")"))
                               for line in rest)


def _plumbing(cell: Cell) -> list[str]:
    """Machinery a reader should not see in a visible code cell."""
    source = cell_source(cell)
    problems = []
    if is_display_cell(cell) and ("hide-input" not in _tags(cell) or not _hidden(cell)):
        problems.append("a cell that only displays a table, quiz or reference list needs the "
                        "'hide-input' tag and source_hidden metadata")
    if _is_solution(cell) or _hidden(cell):
        return problems
    if re.search(r"\b(?:caption|alt)\s*=", source):
        problems.append("caption and alt text belong in data/figures/NN.yaml, not in notebook code")
    for literal in STRING_LITERAL.finditer(source):
        if len(literal.group(2)) > LONG_STRING:
            problems.append(f"a string of {len(literal.group(2))} characters in visible code "
                            "(move text into the package or a data file)")
            break
    return problems


def _lesson_checks(name: str, number: str, cells: list[Cell], code_text: str,
                   first: str) -> list[str]:
    problems: list[str] = []

    n_objectives = count_last_list_items(section_markdown(cells, "Questions and objectives"))
    n_key_points = count_last_list_items(section_markdown(cells, "Key points"))
    if n_objectives < MIN_OBJECTIVES:
        problems.append(f"{name}: list at least two objectives")
    if n_key_points != n_objectives:
        problems.append(f"{name}: {n_key_points} key points for {n_objectives} objectives "
                        "(one per objective)")
    if f'quiz.show("{number}"' not in code_text and f"quiz.show('{number}'" not in code_text:
        problems.append(f"{name}: Test yourself must call quiz.show(\"{number}\")")
    if "evidence_table(" not in code_text:
        problems.append(f"{name}: no evidence table (register.evidence_table) in any section")

    # The same sections in the same order; numbered sections 1, 2, 3 ...
    lesson_sections = sections(cells)
    order: list[str] = []
    for section in lesson_sections:
        if section.number is not None:
            label = NUMBERED
        else:
            label = next((expected for expected in LESSON_ORDER
                          if section.title.lower().startswith(expected.lower())), "")
            if not label:
                problems.append(f"{name}: unexpected section '## {section.title}' (sections: "
                                "objectives, setup, numbered content sections, Test yourself, "
                                "Seminar questions, Key points, References)")
                continue
        if not order or order[-1] != label:
            order.append(label)
    if order != LESSON_ORDER:
        problems.append(f"{name}: sections must run {LESSON_ORDER}; found {order}")
    numbered = [section for section in lesson_sections if section.number is not None]
    numbers = [section.number for section in numbered]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"{name}: content sections must be numbered 1, 2, 3 ...; found {numbers}")

    # Timing: numbered sections, Test yourself and Seminar questions say Core or
    # Optional and their minutes; the minutes add up to the header's time.
    minutes = {"Core": 0, "Optional": 0}
    for section in lesson_sections:
        if section.number is None and not section.title.startswith(TIMED_SECTIONS):
            continue
        timing = section_minutes(section)
        if timing is None:
            problems.append(f"{name}: section '{section.title}' must open with "
                            "'*Core · N min*' or '*Optional · N min*'")
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

    problems += _explorer_problems(name, cells, lesson_sections)
    problems += _prompt_problems(name, cells, numbered)
    problems += _exercise_problems(name, cells, numbered)
    problems += slide_problems(name, cells)
    return problems


def _explorer_problems(name: str, cells: list[Cell], lesson_sections: list[Section]) -> list[str]:
    """Explorers: each shown once, after a default figure in its section, with its
    Things to try right next to it."""
    problems: list[str] = []
    first_shown: dict[str, int] = {}
    section_start = {index: section.start for section in lesson_sections
                     for index in section.cells}
    no_section = -1
    sections_with_figure: set[int] = set()
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code" or _is_solution(cell):
            continue
        source = cell_source(cell)
        if "show_figure(" in source:
            sections_with_figure.add(section_start.get(index, no_section))
        lines = [line for line in source.strip().splitlines() if line.strip()]
        call = EXPLORER_CALL.search(lines[-1]) if lines else None
        if not call:
            continue
        explorer = call.group(1)
        if explorer in first_shown:
            problems.append(f"{name}: cell {index} shows {explorer} again (first in cell "
                            f"{first_shown[explorer]}); show each explorer once and refer back to it")
        first_shown.setdefault(explorer, index)
        if section_start.get(index, no_section) not in sections_with_figure:
            problems.append(f"{name}: cell {index} shows an explorer before any default figure "
                            "in its section (show_figure first)")
        neighbours = [cells[j] for j in (index - 1, index + 1) if 0 <= j < len(cells)]
        if not any(neighbour["cell_type"] == "markdown" and "Things to try" in cell_source(neighbour)
                   for neighbour in neighbours):
            problems.append(f"{name}: cell {index}: put the explorer's **Things to try** right "
                            "next to it (the cell before or after)")
    return problems


def _prompt_problems(name: str, cells: list[Cell], numbered: list[Section]) -> list[str]:
    """Predict, then check comes before anything in its section that could answer it."""
    problems: list[str] = []
    n_prompts = 0
    for section in numbered:
        shown = [index for index in section.cells if cells[index]["cell_type"] == "code"
                 and not _is_solution(cells[index])
                 and ("show_figure(" in cell_source(cells[index])
                      or EXPLORER_CALL.search(cell_source(cells[index])))]
        prompts = [index for index in section.cells if cells[index]["cell_type"] == "markdown"
                   and "Predict, then check" in cell_source(cells[index])]
        n_prompts += len(prompts)
        has_explorer = any(EXPLORER_CALL.search(cell_source(cells[index])) for index in shown)
        if has_explorer and not prompts:
            problems.append(f"{name}: section {section.number} has an explorer but no "
                            "**Predict, then check.** prompt before it")
        if prompts and shown and min(prompts) > min(shown):
            problems.append(f"{name}: section {section.number}: the **Predict, then check.** "
                            f"prompt (cell {min(prompts)}) must come before the section's first "
                            f"figure or explorer (cell {min(shown)})")
    if not n_prompts:
        problems.append(f"{name}: no 'Predict, then check' prompt")
    return problems


def _exercise_problems(name: str, cells: list[Cell], numbered: list[Section]) -> list[str]:
    """Exercises: "### Exercise N.M · Title" (N = its section), a worked solution that
    stays folded and asserts nothing, and at least one scaffolded starter cell."""
    problems: list[str] = []
    starters = n_exercises = 0
    for section in numbered:
        exercises = [index for index in section.cells if cells[index]["cell_type"] == "markdown"
                     and EXERCISE_H3.search(cell_source(cells[index]))]
        n_exercises += len(exercises)
        for k, start in enumerate(exercises):
            heading = EXERCISE_H3.search(cell_source(cells[start])).group(0)
            title = EXERCISE_TITLE.match(heading)
            label = f"{section.number}.{k + 1}"
            if not title or f"{title.group(1)}.{title.group(2)}" != label:
                problems.append(f"{name}: cell {start}: the exercise heading must read "
                                f"'### Exercise {label} · Title'; found {heading!r}")
            stop = exercises[k + 1] if k + 1 < len(exercises) else section.cells[-1] + 1
            span = range(start + 1, stop)
            solutions = [j for j in span if _is_solution(cells[j])]
            if not solutions:
                problems.append(f"{name}: exercise {label} (cell {start}) has no worked "
                                "solution (a cell tagged 'solution')")
            problems += [f"{name}: cell {j}: {problem}" for j in solutions
                         for problem in _solution_problems(cells[j], label)]
            starters += sum(1 for j in span if cells[j]["cell_type"] == "code"
                            and "filled(" in cell_source(cells[j]) and not _is_solution(cells[j]))
    if n_exercises < MIN_EXERCISES:
        problems.append(f"{name}: needs at least two exercises (### Exercise N.M · Title)")
    if starters == 0:
        problems.append(f"{name}: no scaffolded exercise (a starter cell with ... blanks "
                        "guarded by filled(...))")
    return problems


def _solution_problems(cell: Cell, label: str) -> list[str]:
    source = cell_source(cell)
    problems = []
    if cell["cell_type"] == "code":
        magic = SOLUTION_LINE.match(source.splitlines()[0] if source else "")
        if not magic or magic.group(1) != f"Exercise {label}":
            problems.append(f"a code solution starts with '%%solution Exercise {label}'")
        if not _hidden(cell):
            problems.append("solution code needs source_hidden metadata")
        if re.search(r"^\s*assert\b", source, re.MULTILINE):
            problems.append("no assert in a worked solution (tests belong in tests/)")
        run = longest = 0
        for line in source.splitlines():
            run = run + 1 if line.strip().startswith("#") else 0
            longest = max(longest, run)
        if longest > MAX_COMMENT_RUN:
            problems.append(f"{longest} comment lines in a row in a code solution: write the "
                            "interpretation as a Markdown solution block")
    else:
        summary = SOLUTION_SUMMARY.match(source.strip())
        if not summary or summary.group(1) != label or not source.strip().endswith("</details>"):
            problems.append('a Markdown solution is one block: <details class="oxy-solution">'
                            f"<summary>Worked solution to Exercise {label}</summary> (blank "
                            "line, Markdown, blank line) </details>")
    return problems


# -- the quizzes ------------------------------------------------------------------------------

#: No option position may hold more than this share of the course's correct answers.
MAX_POSITION_SHARE = 0.35
#: The correct option may be the longest in at most this share of choice items.
MAX_LONGEST_SHARE = 0.40
#: Two questions whose stems share this much of their words (Jaccard) are one question.
DUPLICATE_SIMILARITY = 0.6
#: Words this short do not count towards two stems' similarity.
MAX_SHORT_WORD = 2
#: Modules of the course's illustrative teaching models: a numeric item whose key is
#: one of their outputs asks for an arbitrary number, not a transferable skill.
TEACHING_MODELS = ("hpa.", "loop.", "alliance.", "fear.", "voles.", "ferguson.",
                   "literature.simulate", "assay.simulate", "release.simulate", "trustgame.simulate")


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower())
            if len(word) > MAX_SHORT_WORD}


def quiz_problems(files: list[str] | None = None) -> list[str]:
    """Course-wide fairness checks of the self-check items (run by the lint and tests).

    Correct options spread over positions (none above 35% of the course's choice
    items) and not usually the longest (at most 40%); no two items that ask the
    same thing; no numeric item keyed to an illustrative model's output.
    """
    from .quiz import LETTERS, all_quiz_files, load

    problems: list[str] = []
    questions = [question for number in (files or all_quiz_files()) for question in load(number)]
    choice = [question for question in questions if question.type == "choice"]
    if choice:
        positions: dict[int, int] = {}
        longest = 0
        for question in choice:
            correct = next(k for k, option in enumerate(question.options) if option.correct)
            positions[correct] = positions.get(correct, 0) + 1
            lengths = [len(option.text) for option in question.options]
            if lengths[correct] == max(lengths):
                longest += 1
        for position, count in sorted(positions.items()):
            if count / len(choice) > MAX_POSITION_SHARE:
                problems.append(f"quizzes: the correct option is {LETTERS[position]} in {count} of "
                                f"{len(choice)} choice items (at most {MAX_POSITION_SHARE:.0%}); "
                                "reorder options")
        if longest / len(choice) > MAX_LONGEST_SHARE:
            problems.append(f"quizzes: the correct option is the longest in {longest} of "
                            f"{len(choice)} choice items (at most {MAX_LONGEST_SHARE:.0%})")
    for k, first in enumerate(questions):
        for second in questions[k + 1:]:
            first_words, second_words = _words(first.question), _words(second.question)
            same_key = (first.type == second.type == "numeric" and first.answer == second.answer)
            similarity = (len(first_words & second_words)
                          / max(1, len(first_words | second_words)))
            if similarity >= DUPLICATE_SIMILARITY or (same_key
                                                      and similarity >= DUPLICATE_SIMILARITY / 2):
                problems.append(f"quizzes: {first.id} and {second.id} ask the same question; "
                                "keep one")
    by_claim: dict[str, str] = {}
    for question in questions:
        if question.claim and question.claim in by_claim:
            problems.append(f"quizzes: {by_claim[question.claim]} and {question.id} both ask for "
                            f"the grade of {question.claim}; keep one")
        elif question.claim:
            by_claim[question.claim] = question.id
    for question in questions:
        if question.verify and any(model in question.verify for model in TEACHING_MODELS):
            problems.append(f"quizzes: {question.id} asks for an output of a teaching model "
                            f"({question.verify}); make it a transfer item")
        texts = [question.question, question.explanation] + [
            text for option in question.options for text in (option.text, option.feedback)]
        for text in texts:
            seed = SEED_WORD.search(INLINE_CODE.sub("", text))
            if seed:
                problems.append(f"quizzes: {question.id} says {seed.group(0)!r}: call the "
                                "commissioning documents 'source documents'")
                break
    return problems


# -- text outside the notebooks ---------------------------------------------------------------

def wording_problems() -> list[str]:
    """Text readers see outside the notebooks (register rows, bibliography notes):
    the commissioning documents are "source documents" there too."""
    from .register import read_rows

    problems = []
    for row in read_rows():
        for column in ("claim", "study", "reason"):
            seed = SEED_WORD.search(_prose(row.get(column, "")))
            if seed:
                problems.append(f"claims.csv: {row['id']} {column} says {seed.group(0)!r}: "
                                "write 'source document'")
    for key, entry in bibliography().entries.items():
        for bib_field in ("title", "organization", "howpublished", "note"):
            seed = SEED_WORD.search(_prose(entry.fields.get(bib_field, "")))
            if seed:
                problems.append(f"references.bib: {key} {bib_field} says {seed.group(0)!r}: "
                                "write 'source document'")
    return problems


# -- retracted works --------------------------------------------------------------------------

#: A passage about a retraction says "retract…".
RETRACTION_WORD = re.compile(r"retract", re.IGNORECASE)
#: Package files that may hold data or evidence (quizzes are checked item by item).
CHECKED_SUFFIXES = (".py", ".yaml", ".yml", ".csv")
#: Package folders not checked: quizzes (item by item, above) and the site's browser assets.
UNCHECKED_FOLDERS = ("quizzes", "node_modules", "static")


def _names(text: str, key: str) -> bool:
    """``text`` names ``key`` as a word (not as part of a longer key)."""
    return re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text) is not None


def retracted_citation_problems(keys: Iterable[str] | None = None) -> list[str]:
    """Places where a retracted work is cited as evidence.

    A retracted work may be cited only inside a passage about its retraction: a
    Markdown cell (or quiz question, or glossary definition) whose text mentions the
    retraction ("retract…").  It may never be cited by the evidence register, named
    in a notebook code cell or in the package's code and data (where it would be
    used as data or as evidence).
    """
    from . import glossary, quiz, register

    keys = retracted_keys() if keys is None else list(keys)
    problems: list[str] = []
    if not keys:
        return problems
    for path in notebooks():
        cells = read_notebook(path)["cells"]
        for index, cell in enumerate(cells):
            source = cell_source(cell)
            for key in keys:
                if cell["cell_type"] == "markdown":
                    if key in citation_keys(source) and not RETRACTION_WORD.search(source):
                        problems.append(f"{path.name} cell {index}: cites retracted {key} "
                                        "outside a passage about its retraction")
                elif _names(source, key):
                    problems.append(f"{path.name} cell {index}: code names retracted {key}")
    for row in register.read_rows():
        cited = {key.strip() for key in (row.get("cite") or "").split(";")}
        for key in set(keys) & cited:
            problems.append(f"evidence register {row.get('id')}: cites retracted {key}")
    for number in quiz.all_quiz_files():
        for question in quiz.load(number):
            about_retraction = RETRACTION_WORD.search(question.question + " "
                                                      + question.explanation)
            text = " ".join([question.question, question.explanation]
                            + [option.text + " " + option.feedback for option in question.options])
            for key in keys:
                if key in question.cite and not about_retraction:
                    problems.append(f"quiz {question.id}: cites retracted {key} as evidence")
                elif key not in question.cite and _names(text, key):
                    problems.append(f"quiz {question.id}: names retracted {key}")
    for term in glossary.terms():
        for key in set(keys) & set(term.cite):
            if not RETRACTION_WORD.search(term.definition):
                problems.append(f"glossary {term.term!r}: cites retracted {key} as evidence")
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if (path.suffix not in CHECKED_SUFFIXES
                or any(folder in path.parts for folder in UNCHECKED_FOLDERS)
                or path == Path(__file__).resolve()):  # the module that runs this check
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for key in keys:
            if _names(text, key):
                problems.append(f"{path.relative_to(ROOT)}: names retracted {key}")
    return problems


# -- one numbering of sessions and parts -------------------------------------------------------

def numbering_problems(name: str, number: str, first: str, notebook_kind: str) -> list[str]:
    """The header's part is :data:`~oxytocin_course.notebook_files.PARTS`'s label for the
    notebook; a lesson's header links to its run sheet (session ``NN`` = notebook ``NN``)."""
    from .runsheets import run_sheet_name

    problems = []
    header = first.strip().splitlines()[-1] if first.strip() else ""
    part = HEADER_PART.match(header)
    try:
        expected = part_of(number)
    except KeyError as err:
        return [f"{name}: {err.args[0]}"]
    if not part or part.group(1) != expected:
        problems.append(f"{name}: the header's part must read **{expected}** "
                        f"(notebook_files.PARTS); found {part.group(0) if part else 'none'}")
    if notebook_kind == "lesson" and f"[Run sheet]({run_sheet_name(number)})" not in header:
        problems.append(f"{name}: the header must link its run sheet, "
                        f"[Run sheet]({run_sheet_name(number)})")
    return problems


SESSION_WORD = re.compile(r"\b[Ss]essions? (\d+)(?:(?:–| and |, )(\d+))?")
TABLE_ROW = re.compile(r"^\| ([^|]+?) \|(.*)$", re.MULTILINE)
LINKED_NOTEBOOK = re.compile(r"\]\((\d\d)_[\w-]+\.ipynb")


def guide_session_problems(markdown: str, name: str = GUIDE_NOTEBOOK) -> list[str]:
    """In the instructor guide, a session number is a lesson's two-digit number: every
    "session NN" names a lesson, and in the session and graduate-depth tables a row's
    session is the number of the notebook it links (its run sheet's too)."""
    lessons = {path.name[:2] for path in notebooks()
               if kind(read_notebook(path)) == "lesson"}
    problems = []
    for match in SESSION_WORD.finditer(_prose(markdown)):
        for value in filter(None, match.groups()):
            if value not in lessons:
                problems.append(f"{name}: '{match.group(0)}': sessions are numbered as the "
                                f"lessons, {min(lessons)}–{max(lessons)} (two digits)")
    for row in TABLE_ROW.finditer(markdown):
        first_cell, rest = row.group(1).strip(), row.group(2)
        sessions = re.findall(r"\b\d+\b", first_cell)
        linked = sorted(set(LINKED_NOTEBOOK.findall(rest)) - {"13"})
        sheets = sorted(set(re.findall(r"\(run_sheet_(\d\d)\.ipynb\)", rest)))
        if not sessions or first_cell.startswith("-"):
            continue
        if sorted(sessions) != linked or (sheets and sheets != sorted(sessions)):
            problems.append(f"{name}: table row for session {first_cell!r} links notebooks "
                            f"{linked} and run sheets {sheets}; session NN is notebook NN")
    return problems


#: The README's course map: ``| NN | [Title](notebooks/NN_x.ipynb) | part | ... |``.
README_MAP_ROW = re.compile(r"^\| (\d\d) \| \[[^\]]+\]\(notebooks/\d\d_[\w-]+\.ipynb\) \| ([^|]+?) \|",
                            re.MULTILINE)


def readme_problems(readme: Path | None = None) -> list[str]:
    """The README's course map lists every notebook with its part from PARTS."""
    text = (readme or ROOT / "README.md").read_text(encoding="utf-8")
    rows = {number: part for number, part in README_MAP_ROW.findall(text)}
    problems = []
    for path in notebooks():
        number = path.name[:2]
        if number not in rows:
            problems.append(f"README.md: the course map has no row for notebook {number}")
        elif rows[number] != part_of(number):
            problems.append(f"README.md: course map row {number} says part {rows[number]!r}; "
                            f"notebook_files.PARTS says {part_of(number)!r}")
    return problems


def run_sheet_problems() -> list[str]:
    """Every run sheet is current (``python -m oxytocin_course.runsheets --write``) and,
    like a notebook, free of placeholders and of "seed" for a source document."""
    from . import runsheets

    problems = runsheets.problems()
    for path in sorted(runsheets.NOTEBOOK_DIR.glob("run_sheet_*.ipynb")):
        for index, cell in enumerate(read_notebook(path)["cells"]):
            text = cell_source(cell)
            forbidden = FORBIDDEN.search(text)
            if forbidden:
                problems.append(f"{path.name}: cell {index} contains {forbidden.group(0)!r}")
            seed = SEED_WORD.search(_prose(text))
            if seed:
                problems.append(f"{path.name}: cell {index} says {seed.group(0)!r}: call the "
                                "commissioning documents 'source documents'")
    return problems


# -- links between notebooks ------------------------------------------------------------------

def link_problems(path: Path) -> list[str]:
    """Links between notebooks (see :mod:`oxytocin_course.notebook_links`): every
    ``13_glossary.ipynb#…`` link names an existing term anchor and the first use of each
    glossary term is linked; in the course's own notebooks 13 and 00, the glossary
    entries match ``seeds/glossary.yaml`` and the course map the notebooks' headers."""
    from . import glossary, notebook_links
    from .notebook_files import NOTEBOOK_DIR

    problems = notebook_links.glossary_link_problems(glossary.terms(), [path])
    if path.resolve() == (NOTEBOOK_DIR / glossary.GLOSSARY_NOTEBOOK).resolve():
        if glossary.notebook_markdown() != glossary.glossary_markdown():
            problems.append(f"{path.name}: the entries under 'All terms' differ from "
                            "seeds/glossary.yaml; run python -m oxytocin_course.glossary --write")
    if path.resolve() == (NOTEBOOK_DIR / notebook_links.START_NOTEBOOK).resolve():
        if not notebook_links.course_map_is_current():
            problems.append(f"{path.name}: the course map differs from the notebooks' header "
                            "cells; run python -m oxytocin_course.glossary --write-map")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or notebooks()
    n_problems = 0
    for path in paths:
        for problem in lint(path):
            print(problem)
            n_problems += 1
    if not argv:
        for problem in (quiz_problems() + wording_problems() + readme_problems()
                        + run_sheet_problems()):
            print(problem)
            n_problems += 1
    print(f"{len(paths)} notebooks checked, {n_problems} problems")
    return 1 if n_problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
