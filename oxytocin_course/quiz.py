"""Self-check questions with feedback, with or without a kernel.

Questions live in ``oxytocin_course/data/quizzes/<NN>.yaml`` (``NN`` is the
notebook number); the tests validate every file and recompute numeric answers
that carry a ``verify`` expression.  A notebook shows its questions with::

    from oxytocin_course import quiz
    quiz.show("01")

Rendering is plain HTML, so it works in JupyterLab and on the static HTML
pages alike: a multiple-choice option is a ``<details>`` element that opens
onto its own feedback; a numeric question has an input and a *Check* button
(a few lines of inline JavaScript), plus a *Show the answer* fallback.

Schema of one question (YAML)::

    - id: 01-halflife            # unique, starts with the notebook number
      type: choice               # or: numeric
      question: ...
      options:                   # choice only; exactly one is correct
        - {text: ..., correct: true, feedback: ...}
        - {text: ..., correct: false, feedback: ...}
      answer: 6.25               # numeric only
      tolerance: 0.1             # numeric only, absolute
      unit: "%"                  # numeric only, optional
      verify: "100 * 0.5 ** 4"   # numeric only, optional: Python expression the
                                 # tests evaluate (names: np, oc = oxytocin_course)
      explanation: ...           # shown with the answer
      cite: [key, ...]           # optional
      claim: C00-10              # choice only, optional: the question asks for the
                                 # grade of this register claim; the tests check that
                                 # the correct option is the register's grade
"""
from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from IPython.display import HTML

from .notebook_files import QUIZ_DIR
from .references import cite_html

#: Option labels; a choice question has at most this many options.
LETTERS = "ABCDEFGH"
#: A choice question has at least this many options.
MIN_OPTIONS = 2


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    question: str
    explanation: str
    options: tuple[Option, ...] = ()
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    verify: str | None = None
    cite: tuple[str, ...] = field(default_factory=tuple)
    claim: str | None = None


def _parse(raw: dict[str, Any], source: str) -> Question:
    where = f"{source}: question {raw.get('id', '?')!r}"
    for key in ("id", "type", "question", "explanation"):
        if not raw.get(key):
            raise ValueError(f"{where} needs a non-empty {key!r}")
    question_type = raw["type"]
    if question_type == "choice":
        options = tuple(
            Option(str(option["text"]), bool(option.get("correct", False)),
                   str(option.get("feedback", "")))
            for option in raw.get("options", [])
        )
        if not MIN_OPTIONS <= len(options) <= len(LETTERS):
            raise ValueError(f"{where}: a choice question needs {MIN_OPTIONS}–{len(LETTERS)} options")
        if sum(option.correct for option in options) != 1:
            raise ValueError(f"{where}: exactly one option must be correct")
        if any(not option.feedback.strip() for option in options):
            raise ValueError(f"{where}: every option needs feedback")
        return Question(raw["id"], question_type, raw["question"], raw["explanation"],
                        options=options, cite=tuple(raw.get("cite", ())), claim=raw.get("claim"))
    if question_type == "numeric":
        if "answer" not in raw or "tolerance" not in raw:
            raise ValueError(f"{where}: a numeric question needs 'answer' and 'tolerance'")
        tolerance = float(raw["tolerance"])
        if tolerance < 0:
            raise ValueError(f"{where}: tolerance must be >= 0")
        return Question(raw["id"], question_type, raw["question"], raw["explanation"],
                        answer=float(raw["answer"]), tolerance=tolerance,
                        unit=str(raw.get("unit", "")), verify=raw.get("verify"),
                        cite=tuple(raw.get("cite", ())))
    raise ValueError(f"{where}: type must be 'choice' or 'numeric', got {question_type!r}")


@functools.cache
def load(notebook: str) -> tuple[Question, ...]:
    """All questions for notebook ``notebook`` (e.g. ``"01"``)."""
    path = QUIZ_DIR / f"{notebook}.yaml"
    if not path.exists():
        raise ValueError(f"notebook must name a quiz file in {QUIZ_DIR.name}/; no {path.name}")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    questions = tuple(_parse(q, path.name) for q in raw)
    ids = [question.id for question in questions]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate question ids")
    return questions


def all_quiz_files() -> list[str]:
    """The notebook numbers that have a quiz file (``"00"``, ``"01"`` ...)."""
    return sorted(path.stem for path in QUIZ_DIR.glob("*.yaml"))


def check(question: Question, response: float) -> tuple[bool, str]:
    """Grade a response: an option index for choice, a number for numeric."""
    if question.type == "choice":
        chosen = int(response)
        if not 0 <= chosen < len(question.options):
            raise ValueError(f"response must be an option index 0–{len(question.options) - 1}")
        option = question.options[chosen]
        return option.correct, option.feedback
    correct = abs(float(response) - float(question.answer)) <= question.tolerance  # type: ignore[arg-type]
    return correct, question.explanation


def _number(value: float) -> str:
    return f"{value:.6g}"


def question_html(question: Question, number: int | None = None) -> str:
    """One question as an HTML ``<fieldset>``, numbered ``number`` if given."""
    title = f"{number}. " if number is not None else ""
    cite = (f'<p class="oxy-quiz-cite">Source: {cite_html(question.cite)}</p>'
            if question.cite else "")
    question_id = html.escape(question.id)
    explanation = html.escape(question.explanation)
    if question.type == "choice":
        options = []
        for letter, option in zip(LETTERS, question.options):
            verdict = "Correct." if option.correct else "Not quite."
            options.append(
                f'<details class="oxy-quiz-option"><summary>{letter}. {html.escape(option.text)}'
                f'</summary><p><strong>{verdict}</strong> {html.escape(option.feedback)}</p></details>'
            )
        body = (
            '<p class="oxy-quiz-hint">Choose an answer, then open it to see the feedback.</p>'
            + "".join(options)
            + f"<details><summary>Explanation</summary><p>{explanation}</p>{cite}</details>"
        )
    else:
        unit = f" {html.escape(question.unit)}" if question.unit else ""
        data = json.dumps({"a": question.answer, "t": question.tolerance})
        check_script = (
            "var d=" + data + ";var box=this.parentNode;"
            "var v=parseFloat(box.querySelector('input').value);"
            "var out=box.querySelector('.oxy-quiz-feedback');"
            "if(isNaN(v)){out.textContent='Enter a number first.';}"
            "else if(Math.abs(v-d.a)<=d.t){out.textContent='Correct: within the tolerance of the answer.';}"
            "else{out.textContent='Not yet: '+(v>d.a?'too high':'too low')+'. Try again or show the answer.';}"
        )
        body = (
            f'<div class="oxy-quiz-num"><label>Your answer{unit}: '
            f'<input type="number" step="any" aria-label="Answer to question {question_id}"></label> '
            f'<button type="button" onclick="{html.escape(check_script)}">Check</button>'
            f'<p class="oxy-quiz-feedback" role="status" aria-live="polite"></p></div>'
            f"<details><summary>Show the answer</summary><p><strong>"
            f"{_number(question.answer)}{unit}</strong> "  # type: ignore[arg-type]
            f"(accepted within ±{_number(question.tolerance)}). {explanation}</p>{cite}</details>"
        )
    return (
        f'<fieldset class="oxy-quiz" id="quiz-{question_id}"><legend>{title}'
        f"{html.escape(question.question)}</legend>{body}</fieldset>"
    )


def show(notebook: str, *ids: str) -> HTML:
    """Display a notebook's self-check questions (all, or those named)."""
    questions = load(notebook)
    if ids:
        known = {question.id: question for question in questions}
        missing = [question_id for question_id in ids if question_id not in known]
        if missing:
            raise ValueError(f"ids not in quiz {notebook}: {', '.join(missing)}")
        questions = tuple(known[question_id] for question_id in ids)
    return HTML("".join(question_html(question, number)
                        for number, question in enumerate(questions, start=1)))

