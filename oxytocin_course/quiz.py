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
from pathlib import Path
from typing import Any

import yaml
from IPython.display import HTML

QUIZ_DIR = Path(__file__).resolve().parent / "data" / "quizzes"
LETTERS = "ABCDEFGH"


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
    qtype = raw["type"]
    if qtype == "choice":
        options = tuple(
            Option(str(o["text"]), bool(o.get("correct", False)), str(o.get("feedback", "")))
            for o in raw.get("options", [])
        )
        if not 2 <= len(options) <= len(LETTERS):
            raise ValueError(f"{where}: a choice question needs 2–{len(LETTERS)} options")
        if sum(o.correct for o in options) != 1:
            raise ValueError(f"{where}: exactly one option must be correct")
        if any(not o.feedback.strip() for o in options):
            raise ValueError(f"{where}: every option needs feedback")
        return Question(raw["id"], qtype, raw["question"], raw["explanation"], options=options,
                        cite=tuple(raw.get("cite", ())), claim=raw.get("claim"))
    if qtype == "numeric":
        if "answer" not in raw or "tolerance" not in raw:
            raise ValueError(f"{where}: a numeric question needs 'answer' and 'tolerance'")
        tol = float(raw["tolerance"])
        if tol < 0:
            raise ValueError(f"{where}: tolerance must be >= 0")
        return Question(raw["id"], qtype, raw["question"], raw["explanation"],
                        answer=float(raw["answer"]), tolerance=tol,
                        unit=str(raw.get("unit", "")), verify=raw.get("verify"),
                        cite=tuple(raw.get("cite", ())))
    raise ValueError(f"{where}: type must be 'choice' or 'numeric', got {qtype!r}")


@functools.lru_cache(maxsize=None)
def load(notebook: str) -> tuple[Question, ...]:
    """All questions for notebook ``notebook`` (e.g. ``"01"``)."""
    path = QUIZ_DIR / f"{notebook}.yaml"
    if not path.exists():
        raise ValueError(f"notebook must name a quiz file in {QUIZ_DIR.name}/; no {path.name}")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    questions = tuple(_parse(q, path.name) for q in raw)
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate question ids")
    return questions


def all_quiz_files() -> list[str]:
    return sorted(p.stem for p in QUIZ_DIR.glob("*.yaml"))


def check(question: Question, response: float | int) -> tuple[bool, str]:
    """Grade a response: an option index for choice, a number for numeric."""
    if question.type == "choice":
        idx = int(response)
        if not 0 <= idx < len(question.options):
            raise ValueError(f"response must be an option index 0–{len(question.options) - 1}")
        opt = question.options[idx]
        return opt.correct, opt.feedback
    ok = abs(float(response) - float(question.answer)) <= question.tolerance  # type: ignore[arg-type]
    return ok, question.explanation


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def question_html(q: Question, number: int | None = None) -> str:
    from .references import cite_html

    title = f"{number}. " if number is not None else ""
    cite = f'<p class="oxy-quiz-cite">Source: {cite_html(q.cite)}</p>' if q.cite else ""
    qid = html.escape(q.id)
    if q.type == "choice":
        opts = []
        for i, o in enumerate(q.options):
            verdict = "Correct." if o.correct else "Not quite."
            opts.append(
                f'<details class="oxy-quiz-option"><summary>{LETTERS[i]}. {html.escape(o.text)}</summary>'
                f'<p><strong>{verdict}</strong> {html.escape(o.feedback)}</p></details>'
            )
        body = (
            '<p class="oxy-quiz-hint">Choose an answer, then open it to see the feedback.</p>'
            + "".join(opts)
            + f"<details><summary>Explanation</summary><p>{html.escape(q.explanation)}</p>{cite}</details>"
        )
    else:
        unit = f" {html.escape(q.unit)}" if q.unit else ""
        data = json.dumps({"a": q.answer, "t": q.tolerance})
        js = (
            "var d=" + data + ";var box=this.parentNode;"
            "var v=parseFloat(box.querySelector('input').value);"
            "var out=box.querySelector('.oxy-quiz-feedback');"
            "if(isNaN(v)){out.textContent='Enter a number first.';}"
            "else if(Math.abs(v-d.a)<=d.t){out.textContent='Correct: within the tolerance of the answer.';}"
            "else{out.textContent='Not yet: '+(v>d.a?'too high':'too low')+'. Try again or show the answer.';}"
        )
        body = (
            f'<div class="oxy-quiz-num"><label>Your answer{unit}: '
            f'<input type="number" step="any" aria-label="Answer to question {qid}"></label> '
            f'<button type="button" onclick="{html.escape(js)}">Check</button>'
            f'<p class="oxy-quiz-feedback" role="status" aria-live="polite"></p></div>'
            f"<details><summary>Show the answer</summary><p><strong>{_fmt(q.answer)}{unit}</strong> "  # type: ignore[arg-type]
            f"(accepted within ±{_fmt(q.tolerance)}). {html.escape(q.explanation)}</p>{cite}</details>"
        )
    return (
        f'<fieldset class="oxy-quiz" id="quiz-{qid}"><legend>{title}{html.escape(q.question)}</legend>'
        f"{body}</fieldset>"
    )


def show(notebook: str, *ids: str) -> HTML:
    """Display a notebook's self-check questions (all, or those named)."""
    questions = load(notebook)
    if ids:
        known = {q.id: q for q in questions}
        missing = [i for i in ids if i not in known]
        if missing:
            raise ValueError(f"ids not in quiz {notebook}: {', '.join(missing)}")
        questions = tuple(known[i] for i in ids)
    return HTML("".join(question_html(q, i + 1) for i, q in enumerate(questions)))

