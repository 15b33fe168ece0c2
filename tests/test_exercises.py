"""Starter cells and folded worked solutions (oxytocin_course.exercises)."""
import pytest
from IPython.core.interactiveshell import InteractiveShell

from oxytocin_course import exercises, lint, quiz


def test_filled_tells_the_learner_to_fill_the_blanks(capsys):
    assert exercises.filled(1, "a", 0.0) is True
    assert capsys.readouterr().out == ""
    assert exercises.filled(1, ...) is False
    assert exercises.BLANK_MESSAGE in capsys.readouterr().out


def test_solution_html_folds_every_output_and_nothing_when_silent():
    block = exercises.solution_html("Exercise 2.1", "n = 64\n",
                                    [({"text/html": "<table><tr><td>7</td></tr></table>"}, {}),
                                     ({"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}, {})])
    assert block.startswith('<details class="oxy-solution-output"')
    assert "<details" in block and " open" not in block
    assert "n = 64" in block and "<td>7</td>" in block
    assert 'alt="Figure from the worked solution to Exercise 2.1"' in block
    assert exercises.solution_html("Exercise 2.1", "", []) == ""


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    exercises.register_magics(ip)
    return ip


def test_solution_magic_runs_the_code_and_folds_its_output(shell, capsys, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    shell.run_cell_magic("solution", "Exercise 1.1", "answer = 6 * 7\nprint('answer', answer)")
    assert shell.user_ns["answer"] == 42          # later cells can use its variables
    assert "answer 42" not in capsys.readouterr().out  # nothing printed in the open
    assert len(shown) == 1
    assert "<details" in shown[0].data and "answer 42" in shown[0].data


def test_solution_magic_fails_loudly_on_a_broken_solution(shell):
    with pytest.raises(ZeroDivisionError):
        shell.run_cell_magic("solution", "Exercise 1.2", "1 / 0")


def test_quiz_fairness_checks_catch_a_rigged_quiz(tmp_path, monkeypatch):
    rigged = "\n".join(
        f"""- id: 98-q{i}
  type: choice
  question: "Unrelated question number {i} about topic {chr(97 + i)}{chr(97 + i)}{i} here?"
  options:
    - {{text: "The right and much longer answer {i}", correct: true, feedback: "Yes."}}
    - {{text: "Short {i}", correct: false, feedback: "No."}}
  explanation: "Because."
""" for i in range(4)) + """
- id: 98-dup
  type: numeric
  question: "Unrelated question number 0 about topic aa0 here?"
  answer: 1
  tolerance: 0
  verify: "hpa.response()"
  explanation: "The seed 001 says so."
"""
    (tmp_path / "98.yaml").write_text(rigged)
    monkeypatch.setattr(quiz, "QUIZ_DIR", tmp_path)
    quiz.load.cache_clear()
    try:
        problems = "\n".join(lint.quiz_problems(["98"]))
    finally:
        quiz.load.cache_clear()
    assert "the correct option is A in 4 of 4" in problems
    assert "the longest in 4 of 4" in problems
    assert "98-q0 and 98-dup ask the same question" in problems
    assert "98-dup asks for an output of a teaching model" in problems
    assert "98-dup says 'seed'" in problems


def test_the_course_quizzes_are_fair():
    assert lint.quiz_problems() == []
