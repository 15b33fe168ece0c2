"""The six evidence grades of the course, defined once.

Every claim in the course wears one of these grades, decided by the questions
of :data:`RUBRIC`.  The claims themselves live once, in the evidence register
(``seeds/claims.csv``, read by :mod:`oxytocin_course.register`); a notebook
shows a section's claims by id::

    from oxytocin_course.register import evidence_table
    evidence_table(["C01-02", "S000-02"])
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from IPython.display import HTML


@dataclass(frozen=True)
class Grade:
    name: str
    meaning: str
    example: str
    colour: str  # background; white text passes WCAG AA contrast on each


GRADES: dict[str, Grade] = {
    grade.name: grade
    for grade in [
        Grade("Established", "replicated by independent laboratories, methods or species",
              "oxytocin is essential for milk ejection (in mice)", "#1B5E20"),
        Grade("Supported", "consistent tests of adequate size, within a stated limit "
              "(one laboratory, sex, species or method)",
              "uncontrollable, social-evaluative tasks go with the largest cortisol responses "
              "(one meta-analysis of laboratory studies)",
              "#0B5394"),
        Grade("Mixed", "tests disagree, or rest only on small human studies, small studies from "
              "one laboratory, or secondary results",
              "intranasal oxytocin and fear extinction in humans", "#7A4A00"),
        Grade("Not supported", "adequately sized tests (or preregistered ones run to plan) looked "
              "and did not find it",
              "intranasal oxytocin raises trust in strangers", "#A11B1B"),
        Grade("Hypothesis", "proposed, not yet tested as stated",
              "the alliance components reinforce each other through oxytocin", "#5B2C83"),
        Grade("Illustrative model", "a statement about this course's own teaching model; "
              "not evidence", "the bistable stress–affiliation loop", "#454545"),
    ]
}


@dataclass(frozen=True)
class RubricStep:
    """One question of the grading rubric; the first question answered *yes* decides."""
    key: str
    question: str
    grade: str


#: The grading rubric: ask the questions in order and stop at the first *yes*.
#: The steps are mutually exclusive by construction (each claim gets exactly one
#: step), and each step names exactly one grade.  Every row of the evidence
#: register records the step that decided its grade (``rubric`` column).
RUBRIC: tuple[RubricStep, ...] = (
    RubricStep("model", "Is it a statement about one of this course's own teaching models "
               "(what the model does or assumes)?", "Illustrative model"),
    RubricStep("untested", "Has no study tested the claim as stated, in the species, population "
               "and outcome it names?", "Hypothesis"),
    RubricStep("null", "Did well-powered tests (adequately sized, or preregistered and run to their "
               "planned size), or a meta-analysis of them, look for it and not find it, with no "
               "well-powered test finding it?", "Not supported"),
    RubricStep("weak", "Do the direct tests disagree, or does the claim rest only on small human "
               "studies (about 30 or fewer per group), on small studies from one laboratory, or on "
               "secondary, subgroup or exploratory results?", "Mixed"),
    RubricStep("replicated", "Have independent laboratories, methods or species replicated it?",
               "Established"),
    RubricStep("limited", "Otherwise: do consistent tests of adequate size support it within a "
               "stated limit (one laboratory, one sex, one species or one method)?", "Supported"),
)

RUBRIC_STEPS: dict[str, RubricStep] = {step.key: step for step in RUBRIC}


def rubric_step(key: str) -> RubricStep:
    """The rubric step called ``key`` or ``ValueError`` naming the allowed keys."""
    try:
        return RUBRIC_STEPS[key]
    except KeyError:
        raise ValueError(f"rubric step must be one of {', '.join(RUBRIC_STEPS)}; "
                         f"got {key!r}") from None


#: Inline cell style for the course's HTML tables: JupyterLab right-aligns table
#: cells by default; claims and grades read left- and top-aligned.
CELL = 'style="text-align:left;vertical-align:top"'

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
    known = check_grade(grade)
    return (
        f'<span class="oxy-badge" title="{html.escape(known.meaning)}" '
        f'style="background:{known.colour};color:#fff;border-radius:0.8em;'
        f'padding:0.1em 0.6em;font-size:0.85em;font-weight:600;white-space:nowrap">'
        f"{html.escape(known.name)}</span>"
    )


def badge(grade: str) -> HTML:
    """A displayable badge for ``grade``."""
    return HTML(badge_html(grade))


def rubric_html() -> str:
    """The grading rubric as an ordered HTML list: question, then the grade a *yes* gives."""
    items = "".join(
        f"<li><strong>{html.escape(step.question)}</strong> Then: {badge_html(step.grade)}"
        f' <code class="oxy-step">{html.escape(step.key)}</code></li>'
        for step in RUBRIC
    )
    return ('<div class="oxy-rubric"><p>Ask the questions in order and stop at the first '
            "<em>yes</em>; each question gives one grade, so every claim gets exactly one.</p>"
            f"<ol>{items}</ol></div>")


def rubric() -> HTML:
    """Display the grading rubric (the questions that decide a grade)."""
    return HTML(rubric_html())


def legend_html() -> str:
    """The legend of all six grades as an HTML table: badge, meaning, example."""
    rows = "".join(
        f"<tr><td {CELL}>{badge_html(grade.name)}</td><td {CELL}>{html.escape(grade.meaning)}</td>"
        f"<td {CELL}>{html.escape(grade.example)}</td></tr>"
        for grade in GRADES.values()
    )
    return (
        '<table class="oxy-legend"><caption>The six evidence grades</caption>'
        f"<thead><tr><th scope=\"col\" {CELL}>Grade</th><th scope=\"col\" {CELL}>Meaning</th>"
        f"<th scope=\"col\" {CELL}>Example</th></tr></thead><tbody>" + rows + "</tbody></table>"
    )


def legend() -> HTML:
    """Display the legend of all six grades."""
    return HTML(legend_html())
