"""Slide decks, one per session: ``make slides`` (also written by ``make site``).

A deck is nbconvert's reveal.js slides export of the executed lesson notebook, with only
the cells tagged ``slide`` (:data:`SLIDE_TAG`): the title, the questions and objectives,
every *Predict, then check* prompt followed by the key figure that answers it (with its
caption), the seminar questions and the key points.  The lint checks that every lesson
tags all of these (:func:`slide_problems`).  A prompt's slide carries speaker notes
(reveal.js: press ``S``) with the expected answer from the session's run sheet.

:mod:`oxytocin_course.site.build` writes the decks (``build_slides``, ``write_deck``) to
``_site/slides/NN_name.slides.html`` and load reveal.js 5 (pinned in
``package.json``), require.js and MathJax from the site's ``assets/``: nothing is fetched
from another host, from disk or over HTTP.
"""
from __future__ import annotations

import copy
import re
from typing import Any

from ..notebook_files import cell_source, sections
from ..runsheets import PROMPT

#: The tag that puts a cell on its session's slides.
SLIDE_TAG = "slide"
#: Where reveal.js lives, relative to a deck in ``slides/``.
REVEAL_PREFIX = "../assets/reveal.js"
SLIDES_DIR = "slides"
#: Where a Markdown cell is cut into slides: before each ``## `` heading.
SECTION_START = re.compile(r"(?m)^(?=## )")
#: Sections never shown on a slide.
LEFT_OFF = "## References"


def slide_cells(cells: list[dict[str, Any]]) -> list[int]:
    return [index for index, cell in enumerate(cells)
            if SLIDE_TAG in cell.get("metadata", {}).get("tags", [])]


def slide_problems(name: str, cells: list[dict[str, Any]]) -> list[str]:
    """What a lesson's deck must show: its title, objectives, every prompt with a figure
    after it, the seminar questions and the key points, each tagged ``slide``."""
    tagged = set(slide_cells(cells))
    problems = []
    if 0 not in tagged:
        problems.append(f"{name}: tag the title cell '{SLIDE_TAG}' (the deck's first slide)")
    figures = 0
    for section in sections(cells):
        markdown = [index for index in section.cells if cells[index]["cell_type"] == "markdown"]
        for wanted in ("Questions and objectives", "Seminar questions", "Key points"):
            if section.title.startswith(wanted) and not tagged & ({section.start} | set(markdown)):
                problems.append(f"{name}: tag the '{wanted}' cell '{SLIDE_TAG}'")
        for index in markdown:
            if PROMPT.search(cell_source(cells[index])) and index not in tagged:
                problems.append(f"{name}: cell {index} (a Predict, then check prompt) is not "
                                f"tagged '{SLIDE_TAG}'")
        for index in section.cells:
            if index in tagged and cells[index]["cell_type"] == "code":
                if "show_figure(" not in cell_source(cells[index]) or \
                        "solution" in cells[index].get("metadata", {}).get("tags", []):
                    problems.append(f"{name}: cell {index} is tagged '{SLIDE_TAG}' but shows no "
                                    "figure (only show_figure cells and Markdown go on slides)")
                else:
                    figures += 1
    if not figures:
        problems.append(f"{name}: no key figure is tagged '{SLIDE_TAG}'")
    return problems


def deck_notebook(notebook, expected: list[str] | None = None):
    """A copy of an executed notebook with reveal.js slide types: tagged cells are slides,
    the rest skipped; after each prompt, speaker notes with its expected answer."""
    import nbformat

    deck = copy.deepcopy(notebook)
    deck.metadata.pop("widgets", None)
    answers = list(expected or [])
    cells = []
    for cell in deck.cells:
        if SLIDE_TAG not in cell.metadata.get("tags", []):
            continue
        cell.metadata["slideshow"] = {"slide_type": "slide"}
        if cell.cell_type == "code":
            cell.outputs = [output for output in cell.get("outputs", [])
                            if output.get("output_type") in ("display_data", "execute_result")]
            cells.append(cell)
            continue
        # A cell holding several sections (seminar questions, key points, references)
        # gives one slide per section; the references stay on the notebook's page.
        parts = [part.strip() for part in SECTION_START.split(cell.source)
                 if part.strip() and not part.lstrip().startswith(LEFT_OFF)]
        for k, part in enumerate(parts):
            piece = copy.deepcopy(cell)
            piece.source = part
            if k and "id" in piece:
                piece.id = f"{piece.id}-{k}"
            cells.append(piece)
        cell = cells[-1]
        if cell.cell_type == "markdown" and PROMPT.search(cell.source) and answers:
            notes = nbformat.v4.new_markdown_cell("**Expected answer** (from the run sheet): "
                                                  + answers.pop(0))
            notes.metadata["slideshow"] = {"slide_type": "notes"}
            cells.append(notes)
    if cells and cells[0].cell_type == "markdown":
        cells[0].source = title_slide(cells[0].source)
    deck.cells = cells
    return deck


def title_slide(source: str) -> str:
    """The title cell without the notebook's navigation: title, part, session and time, and
    links to the notebook's page and its run sheet."""
    from ..runsheets import run_sheet_name

    title = re.search(r"^# (\d\d) · .+$", source, re.MULTILINE)
    part = re.search(r"^\*\*(.+?)\*\*", source.strip().splitlines()[-1])
    time = re.search(r"Time: ([^·]+?)\s*·", source)
    if not (title and part and time):
        return source
    number = title.group(1)
    return (f"{title.group(0)}\n\n<p class=\"oxy-deck-meta\">{part.group(1)} · Session {number} · "
            f"{time.group(1)}</p>\n\n<p class=\"oxy-deck-meta\">For the instructor: "
            f'<a href="{run_sheet_name(number)}">run sheet {number}</a>; press <kbd>S</kbd> for '
            "speaker notes with the expected answers</p>")


def slides_exporter():
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    from .assets import MATHJAX, REQUIRE_JS, TEMPLATES

    config = Config()
    exporter_config = config.SlidesExporter
    exporter_config.extra_template_basedirs = [str(TEMPLATES)]
    exporter_config.template_name = "oxytocin_slides"
    exporter_config.reveal_url_prefix = REVEAL_PREFIX
    exporter_config.reveal_theme = "white"
    exporter_config.reveal_transition = "none"
    exporter_config.reveal_number = "c/t"
    exporter_config.require_js_url = "../" + REQUIRE_JS
    exporter_config.mathjax_url = "../" + MATHJAX
    exporter_config.exclude_input = True
    exporter_config.exclude_input_prompt = True
    exporter_config.exclude_output_prompt = True
    exporter_config.anchor_link_text = ""
    return SlidesExporter(config=config)


def expected_answers(number: str) -> list[str]:
    """The run sheet's expected answers to the notebook's prompts, as Markdown."""
    from .. import runsheets

    try:
        data = runsheets.load(number)
    except runsheets.RunSheetError:
        return []
    return [runsheets.fill(entry.get("expected"), f"predict[{k}].expected")
            for k, entry in enumerate(data.get("predict") or [])]
