"""Links between the notebooks that work in JupyterLab without running anything.

* **Glossary links at first use.** In each notebook (but the glossary itself), the first
  use of each glossary term in the Markdown cells, in reading order, links to the term's
  entry in notebook 13: ``[HPA axis](13_glossary.ipynb#term-hpa-axis)``.
  :func:`link_markdown` does it for a sequence of Markdown texts, :func:`link_notebook`
  for a notebook file (idempotent); :func:`glossary_link_problems` is the lint's check.
  The glossary's terms are passed in (this module imports nothing of the course but
  :mod:`oxytocin_course.notebook_files`); the command line is ``python -m
  oxytocin_course.glossary --link``.
* **The course map.** Notebook 00 holds a table of every notebook, generated from the
  notebooks' header cells (:func:`course_map_markdown`), under the anchor
  ``<a id="course-map"></a>`` that every header's *Contents* link points to.

Which words match a term
------------------------
:func:`term_forms` gives the forms of a term: the term without a trailing parenthetical
("ACTH", "Cortisol awakening response") plus the parenthetical when it names the same
thing ("adrenocorticotropic hormone", "CAR"); ``match:`` in ``seeds/glossary.yaml``
replaces these forms (``match: []`` never links the term). In a form, a word with two or
more capitals (PVN, OTR, vmPFC, II) matches only as written; every other word matches in
any case. Forms match whole words (not inside a hyphenated compound), with an optional
plural ``s``/``es``; where forms overlap, the longest wins (``Cortisol reactivity`` over
``Cortisol``). ``not_in:`` lists notebooks where a term is never linked (where the word
is used in another sense).

Never linked: the title cell, heading lines, code spans and fenced code, maths (``$…$``,
``$$…$$``), existing links (text and URL), citations ``[@…]``, HTML tags and comments,
``<summary>`` lines, a grade beside its claim id (``*Mixed* (C05-02)``) and the generated
course map.  A term that a notebook already links (anywhere) is left alone there: where the
first use of a word means something else, link the right use by hand.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .notebook_files import GLOSSARY_NOTEBOOK, cell_source, notebook_path, notebooks

#: A glossary link: group 1 the link text, group 2 the anchor.
GLOSSARY_LINK = re.compile(r"\[([^\]]*)\]\(" + re.escape(GLOSSARY_NOTEBOOK) + r"#([\w-]+)\)")
#: The anchor of the course map in notebook 00.
COURSE_MAP_ANCHOR = "course-map"
START_NOTEBOOK = "00_start_here.ipynb"
#: Where every notebook's *Contents* link goes (in notebook 00: ``#course-map``).
CONTENTS_TARGET = f"{START_NOTEBOOK}#{COURSE_MAP_ANCHOR}"

_GRADES = ("Established", "Supported", "Mixed", "Not supported", "Hypothesis",
           "Illustrative model")
#: Spans of Markdown in which nothing is linked.
PROTECTED = [
    re.compile(r"```.*?```", re.DOTALL),                       # fenced code
    re.compile(r"(`+).+?\1", re.DOTALL),                        # code spans
    re.compile(r"\$\$.+?\$\$", re.DOTALL),                      # display maths
    re.compile(r"(?<![\\$])\$(?=\S)[^$\n]+?\$"),                # inline maths
    re.compile(r"^[ \t]{0,3}#{1,6}[ \t].*$", re.MULTILINE),     # headings
    re.compile(r"^.*<summary>.*$", re.MULTILINE),               # <summary> lines
    re.compile(r"<!--.*?-->", re.DOTALL),                       # HTML comments
    re.compile(r"<[A-Za-z/][^>\n]*>"),                          # HTML tags
    re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)\s]*\)"),    # links and images
    re.compile(r"\[@[^\]]*\]"),                                 # citations
    re.compile(r"<?https?://[^\s>)]+"),                         # bare URLs
    re.compile(r"\*{1,2}(?:" + "|".join(_GRADES) + r")\*{1,2}\s*\([A-Z]\d{2,3}-\d{2}\)"),
]

_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
#: A parenthetical that qualifies a term ("of a correlation") rather than naming it.
_QUALIFIER = re.compile(r"^(?:of|in|on|for|with|to|a|an|the)\b", re.IGNORECASE)


def _word_pattern(word: str) -> str:
    """One word of a form: as written when it has two or more capitals, else any case."""
    escaped = re.escape(word).replace("'", "['’]").replace("’", "['’]")
    if sum(char.isupper() for char in word) >= 2:
        return escaped
    return f"(?i:{escaped})"


def form_pattern(form: str) -> str:
    """The regular expression of one form (words joined by any whitespace)."""
    return r"\s+".join(_word_pattern(word) for word in form.split())


def term_forms(term: Any) -> tuple[str, ...]:
    """The forms of a glossary term that the linker matches (see the module docstring)."""
    if term.match is not None:
        return tuple(term.match)
    paren = _PAREN.match(term.term)
    if not paren:
        return (term.term,)
    forms = [paren.group(1)]
    inner = paren.group(2).strip()
    if len(inner) > 1 and not _QUALIFIER.match(inner) and "," not in inner:
        forms.append(inner)
    return tuple(forms)


@dataclass(frozen=True)
class Matcher:
    """Every form of every term in one regular expression, longest forms first."""

    pattern: re.Pattern[str]
    #: (form regex, anchor), longest first: which term a matched text belongs to.
    forms: tuple[tuple[re.Pattern[str], str], ...]
    #: Term anchors skipped per notebook number.
    skipped: dict[str, frozenset[str]]

    def anchor_of(self, text: str) -> str:
        for regex, anchor in self.forms:
            if regex.fullmatch(text):
                return anchor
        raise ValueError(f"{text!r} matches no glossary form")


def build_matcher(entries: Iterable[Any]) -> Matcher:
    """The matcher for glossary entries (:class:`oxytocin_course.glossary.Term`)."""
    forms: list[tuple[str, str]] = []
    skipped: dict[str, set[str]] = {}
    for entry in entries:
        for form in term_forms(entry):
            forms.append((form, entry.anchor))
        for number in entry.not_in:
            skipped.setdefault(number, set()).add(entry.anchor)
    forms.sort(key=lambda pair: (-len(pair[0]), pair[0]))
    suffix = r"(?:e?s)?"
    alternatives = "|".join(form_pattern(form) for form, _ in forms) or r"(?!x)x"
    pattern = re.compile(rf"(?<![\w\-–/@#]){'(?:' + alternatives + ')'}{suffix}(?![\w\-–/])")
    compiled = tuple((re.compile(form_pattern(form) + suffix), anchor) for form, anchor in forms)
    return Matcher(pattern, compiled, {k: frozenset(v) for k, v in skipped.items()})


def protected_spans(markdown: str) -> list[tuple[int, int]]:
    """Spans of ``markdown`` in which no glossary link may be made."""
    return [found.span() for regex in PROTECTED for found in regex.finditer(markdown)]


def _overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    return any(begin < stop and start < end for begin, end in spans)


def link_text(markdown: str, matcher: Matcher, done: set[str],
              skip: frozenset[str] = frozenset()) -> str:
    """``markdown`` with the first use of each term not in ``done`` linked; ``done``
    gains the terms linked (or already linked) here."""
    spans = protected_spans(markdown)
    events: list[tuple[int, int, str, bool]] = []  # start, stop, anchor, is an existing link
    for link in GLOSSARY_LINK.finditer(markdown):
        events.append((link.start(), link.end(), link.group(2), True))
    for found in matcher.pattern.finditer(markdown):
        if not _overlaps(spans, *found.span()):
            events.append((found.start(), found.end(), matcher.anchor_of(found.group(0)), False))
    events.sort()
    pieces, position = [], 0
    for start, stop, anchor, existing in events:
        if existing:
            done.add(anchor)
            continue
        if anchor in done or anchor in skip or start < position:
            continue
        done.add(anchor)
        pieces.append(markdown[position:start])
        pieces.append(f"[{markdown[start:stop]}]({GLOSSARY_NOTEBOOK}#{anchor})")
        position = stop
    pieces.append(markdown[position:])
    return "".join(pieces)


def link_markdown(texts: Sequence[str], matcher: Matcher, notebook_number: str = "") -> list[str]:
    """The Markdown cells of one notebook, in order, with each term's first use linked."""
    skip = matcher.skipped.get(notebook_number, frozenset())
    # A term the notebook already links anywhere is left alone: to link a later use
    # (where an earlier one means something else), link that use by hand.
    done = {link.group(2) for text in texts for link in GLOSSARY_LINK.finditer(text)}
    return [link_text(text, matcher, done, skip) for text in texts]


def linked_cells(cells: Sequence[Any]) -> list[Any]:
    """The cells the linker reads: Markdown cells but the title cell and the generated
    course map."""
    return [cell for cell in cells[1:] if cell["cell_type"] == "markdown"
            and not cell_source(cell).startswith(MAP_FIRST_LINE)]


def _linkable(path: Path) -> bool:
    return path.name != GLOSSARY_NOTEBOOK


def link_notebook(notebook: str | Path, matcher: Matcher, write: bool = True) -> int:
    """Link the first use of each term in a notebook's Markdown cells (the title cell
    apart); return how many cells change (and write them when ``write``)."""
    import nbformat

    path = notebook_path(notebook)
    if not _linkable(path):
        return 0
    nb = nbformat.read(path, as_version=4)
    cells = linked_cells(nb.cells)
    linked = link_markdown([cell_source(cell) for cell in cells], matcher, path.name[:2])
    changed = 0
    for cell, text in zip(cells, linked):
        if cell_source(cell) != text:
            cell.source = text
            changed += 1
    if changed and write:
        nbformat.write(nb, path)
    return changed


def count_links(notebook: str | Path) -> int:
    """How many glossary links a notebook's Markdown holds."""
    nb = _read(notebook)
    return sum(len(GLOSSARY_LINK.findall(cell_source(cell))) for cell in nb["cells"]
               if cell["cell_type"] == "markdown")


def _read(notebook: str | Path) -> dict[str, Any]:
    import json

    return json.loads(notebook_path(notebook).read_text(encoding="utf-8"))


def glossary_link_problems(entries: Sequence[Any],
                           paths: Iterable[Path] | None = None) -> list[str]:
    """Every glossary link names an existing term anchor (of ``entries``, the glossary's
    terms), and the first use of each term in each notebook is linked (what the linker
    would change)."""
    anchors = {entry.anchor for entry in entries}
    problems: list[str] = []
    matcher = build_matcher(entries)
    for path in (list(paths) if paths is not None else notebooks()):
        nb = _read(path)
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            for link in GLOSSARY_LINK.finditer(cell_source(cell)):
                if link.group(2) not in anchors:
                    problems.append(f"{path.name}: cell {index} links {link.group(0)!r}, but "
                                    f"{link.group(2)!r} is no glossary anchor (see "
                                    "seeds/glossary.yaml; Term.anchor)")
        if not _linkable(path):
            continue
        cells = linked_cells(nb["cells"])
        before = [cell_source(cell) for cell in cells]
        after = link_markdown(before, matcher, path.name[:2])
        for old, new in zip(before, after):
            if old == new:
                continue
            new_links = {a for _, a in GLOSSARY_LINK.findall(new)} - {
                a for _, a in GLOSSARY_LINK.findall(old)}
            for anchor in sorted(new_links):
                problems.append(f"{path.name}: the first use of glossary term {anchor!r} is "
                                "not linked; run python -m oxytocin_course.glossary --link "
                                f"notebooks/{path.name}")
    return problems


# --------------------------------------------------------------------------- the course map
_TITLE = re.compile(r"^# (\d\d) · (.+?)\s*$", re.MULTILINE)
_PART = re.compile(r"^\*\*(.+?)\*\*")
_TIME = re.compile(r"Time: ([^·]+?)\s*·")
#: The course map's cell in notebook 00 starts with this line.
MAP_FIRST_LINE = f'<a id="{COURSE_MAP_ANCHOR}"></a>'


def header_info(path: Path) -> tuple[str, str, str, str]:
    """(number, title, part, time) from a notebook's title cell."""
    first = cell_source(_read(path)["cells"][0])
    title = _TITLE.search(first)
    header = first.splitlines()[-1].strip() if first.strip() else ""
    part = _PART.match(header)
    time = _TIME.search(header)
    if not (title and part and time):
        raise ValueError(f"{path.name}: the title cell must hold '# NN · Title' and the header "
                         "line '**Part …** · Time: … · …'")
    return title.group(1), title.group(2), part.group(1), time.group(1)


def teaches(path: Path) -> str:
    """What a notebook teaches, in one line: ``metadata.oxytocin.teaches``."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    text = str(nb.metadata.get("oxytocin", {}).get("teaches", "")).strip()
    if not text:
        raise ValueError(f"{path.name}: metadata.oxytocin.teaches (one line for the course "
                         "map) is missing")
    return text


def course_map_markdown(paths: Iterable[Path] | None = None) -> str:
    """The course map: every notebook with its number, linked title, part, time and what
    it teaches."""
    rows = ["| # | Notebook | Part | Time | What it teaches |", "|---|---|---|---|---|"]
    for path in (list(paths) if paths is not None else notebooks()):
        number, title, part, time = header_info(path)
        rows.append(f"| {number} | [{title}]({path.name}) | {part} | {time} | "
                    f"{teaches(path)} |")
    return (f"{MAP_FIRST_LINE}\n\n### Course map\n\nEvery notebook of the course, in order "
            "(the *Contents* link of each notebook leads here):\n\n" + "\n".join(rows))


def _map_cell(nb: Any) -> Any:
    found = [cell for cell in nb.cells if cell.cell_type == "markdown"
             and cell_source(cell).startswith(MAP_FIRST_LINE)]
    if len(found) != 1:
        raise ValueError(f"{START_NOTEBOOK} needs exactly one course-map cell starting with "
                         f"{MAP_FIRST_LINE!r}; found {len(found)}")
    return found[0]


def course_map_is_current() -> bool:
    """Does notebook 00's course map match the notebooks' header cells?"""
    import nbformat

    nb = nbformat.read(notebook_path(START_NOTEBOOK), as_version=4)
    return cell_source(_map_cell(nb)) == course_map_markdown()


def write_course_map() -> bool:
    """Regenerate notebook 00's course map in place; True when it changed."""
    import nbformat

    path = notebook_path(START_NOTEBOOK)
    nb = nbformat.read(path, as_version=4)
    cell, text = _map_cell(nb), course_map_markdown()
    if cell_source(cell) == text:
        return False
    cell.source = text
    nbformat.write(nb, path)
    return True


def link_notebooks(entries: Sequence[Any], paths: Iterable[str | Path] = ()) -> list[str]:
    """Run the linker over notebooks (all but the glossary when ``paths`` is empty); one
    report line per notebook."""
    matcher = build_matcher(entries)
    lines = []
    for path in [notebook_path(path) for path in paths] or notebooks():
        if _linkable(path):
            changed = link_notebook(path, matcher)
            lines.append(f"{path.name}: {changed} cells changed, {count_links(path)} glossary links")
    return lines
