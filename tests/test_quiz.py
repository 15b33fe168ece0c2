"""Self-check answer keys: valid, consistent, and recomputed where possible."""
import numpy as np
import pytest

import oxytocin_course as oc
from oxytocin_course import quiz, references
from oxytocin_course.notebook_files import notebooks

FILES = quiz.all_quiz_files()
QUESTIONS = [(f, q) for f in FILES for q in quiz.load(f)]


def test_every_lesson_has_a_quiz_file():
    import json
    for p in notebooks():
        nb = json.loads(p.read_text())
        if nb["metadata"].get("oxytocin", {}).get("kind", "lesson") == "lesson":
            assert p.name[:2] in FILES, f"{p.name} has no quiz file"


@pytest.mark.parametrize("f,q", QUESTIONS, ids=[q.id for _, q in QUESTIONS])
def test_question_key(f, q):
    assert q.id.startswith(f + "-"), "question ids start with the notebook number"
    for key in q.cite:
        references.entry(key)
    if q.type == "choice":
        right = [i for i, o in enumerate(q.options) if o.correct]
        assert quiz.check(q, right[0])[0] is True
        wrong = [i for i, o in enumerate(q.options) if not o.correct]
        assert all(quiz.check(q, i)[0] is False for i in wrong)
    else:
        assert quiz.check(q, q.answer)[0]
        assert not quiz.check(q, q.answer + 10 * q.tolerance + 1)[0]
        if q.verify:
            import importlib
            import pkgutil

            from oxytocin_course import models
            ns = {"np": np, "oc": oc}
            for m in pkgutil.iter_modules(models.__path__):
                ns[m.name] = importlib.import_module(f"oxytocin_course.models.{m.name}")
            value = float(eval(q.verify, ns))
            assert abs(value - q.answer) <= q.tolerance, f"{q.id}: key {q.answer}, recomputed {value}"
    html = quiz.question_html(q)
    assert "<fieldset" in html and q.explanation[:20].replace("'", "&#x27;")[:5] in html


def test_bad_quiz_data_is_rejected():
    with pytest.raises(ValueError, match="exactly one option"):
        quiz._parse({"id": "x", "type": "choice", "question": "q", "explanation": "e",
                     "options": [{"text": "a", "correct": True, "feedback": "f"},
                                 {"text": "b", "correct": True, "feedback": "f"}]}, "t")
    with pytest.raises(ValueError, match="tolerance"):
        quiz._parse({"id": "x", "type": "numeric", "question": "q", "explanation": "e",
                     "answer": 1}, "t")
