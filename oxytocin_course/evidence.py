"""The six evidence grades of the course, defined once.

Every claim in the course wears one of these grades.  Use :func:`badge` for a
single coloured label and :func:`claims` for a section's graded claims::

    from oxytocin_course.evidence import claims
    claims([
        ("Oxytocin is essential for milk ejection in mice", "Established", ["gimpl2001"]),
    ])
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterable, Sequence

from IPython.display import HTML


@dataclass(frozen=True)
class Grade:
    name: str
    meaning: str
    example: str
    colour: str  # background; white text passes WCAG AA contrast on each


GRADES: dict[str, Grade] = {
    g.name: g
    for g in [
        Grade("Established", "replicated across labs, methods or species",
              "oxytocin is essential for milk ejection", "#1B5E20"),
        Grade("Supported", "consistent evidence with known limits",
              "social support buffers the cortisol response to the TSST", "#0B5394"),
        Grade("Mixed", "conflicting or small-sample findings",
              "intranasal oxytocin and fear extinction in humans", "#7A4A00"),
        Grade("Not supported", "tested and not found in well-powered work",
              "intranasal oxytocin raises trust in strangers", "#A11B1B"),
        Grade("Hypothesis", "proposed, not yet tested as stated",
              "the alliance components reinforce each other through oxytocin", "#5B2C83"),
        Grade("Illustrative model", "this course's own teaching model; not evidence",
              "the bistable stress–affiliation loop", "#454545"),
    ]
}

#: Grade names in order from strongest to the teaching-model label.
GRADE_NAMES: tuple[str, ...] = tuple(GRADES)


def check_grade(grade: str) -> Grade:
    """Return the :class:`Grade` called ``grade`` or raise ``ValueError``."""
    try:
        return GRADES[grade]
    except KeyError:
        raise ValueError(
            f"grade must be one of {', '.join(GRADE_NAMES)}; got {grade!r}"
        ) from None


def badge_html(grade: str) -> str:
    """HTML for one coloured badge (text label too, so colour is not the only cue)."""
    g = check_grade(grade)
    return (
        f'<span class="oxy-badge" title="{html.escape(g.meaning)}" '
        f'style="background:{g.colour};color:#fff;border-radius:0.8em;'
        f'padding:0.1em 0.6em;font-size:0.85em;font-weight:600;white-space:nowrap">'
        f"{html.escape(g.name)}</span>"
    )


def badge(grade: str) -> HTML:
    """A displayable badge for ``grade``."""
    return HTML(badge_html(grade))


def claims_html(rows: Iterable[Sequence[object]]) -> str:
    """HTML table of graded claims: rows of (claim, grade[, citation keys])."""
    from .references import cite_html

    body = []
    for row in rows:
        if len(row) not in (2, 3):
            raise ValueError("each claim row must be (claim, grade) or (claim, grade, keys)")
        claim, grade = str(row[0]), str(row[1])
        keys = list(row[2]) if len(row) == 3 else []  # type: ignore[arg-type]
        sources = cite_html(keys) if keys else "this course"
        body.append(
            f"<tr><td>{html.escape(claim)}</td><td>{badge_html(grade)}</td>"
            f"<td>{sources}</td></tr>"
        )
    return (
        '<table class="oxy-claims"><caption>Evidence grades for this section</caption>'
        "<thead><tr><th scope=\"col\">Claim</th><th scope=\"col\">Grade</th>"
        "<th scope=\"col\">Sources</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def claims(rows: Iterable[Sequence[object]]) -> HTML:
    """Display a section's claims with their evidence grades and sources."""
    return HTML(claims_html(rows))


def legend_html() -> str:
    rows = "".join(
        f"<tr><td>{badge_html(g.name)}</td><td>{html.escape(g.meaning)}</td>"
        f"<td>{html.escape(g.example)}</td></tr>"
        for g in GRADES.values()
    )
    return (
        '<table class="oxy-legend"><caption>The six evidence grades</caption>'
        "<thead><tr><th scope=\"col\">Grade</th><th scope=\"col\">Meaning</th>"
        "<th scope=\"col\">Example</th></tr></thead><tbody>" + rows + "</tbody></table>"
    )


def legend() -> HTML:
    """Display the legend of all six grades."""
    return HTML(legend_html())
