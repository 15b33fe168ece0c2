"""The evidence register: one row per graded claim, shown by id everywhere.

These tests fail on an unknown claim id, a claim typed into a notebook, the same
claim registered twice, a grade that the rubric does not give, a Markdown grade
that disagrees with the register, and a quiz key that disagrees with it.
"""
from __future__ import annotations

import ast
import csv
import importlib
import itertools
import json
import re

import pytest

from oxytocin_course import evidence, quiz, register
from oxytocin_course.notebook_files import NOTEBOOK_DIR, cell_source, notebooks, python_source
from oxytocin_course.references import bibliography

NOTEBOOKS = notebooks()
GRADE_ALT = "|".join(re.escape(g) for g in evidence.GRADE_NAMES)
ID_IN_TEXT = r"[SC]\d{2,3}-\d\d"


def _cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        yield i, cell["cell_type"], cell_source(cell)


def _table_calls(src: str) -> list[list[str]]:
    """The id lists of every ``evidence_table([...])`` call in a code cell."""
    out = []
    try:
        tree = ast.parse(python_source(src))
    except SyntaxError:
        return out
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                == "evidence_table"):
            out.append(list(ast.literal_eval(node.args[0])))
    return out


def _used_ids() -> dict[str, list[str]]:
    """Every claim id a notebook shows, with where."""
    used: dict[str, list[str]] = {}
    for path in NOTEBOOKS:
        for i, kind, src in _cells(path):
            if kind == "code":
                for ids in _table_calls(src):
                    for cid in ids:
                        used.setdefault(cid, []).append(f"{path.name} cell {i}")
    return used


@pytest.fixture(scope="module")
def claims():
    return register.load()


def test_register_loads_and_every_row_is_valid(claims):
    # load() raises ValueError naming the line of any row with a bad id, source,
    # grade, rubric step, or an 'Illustrative model' row that is not a course model.
    assert len(claims) >= 100


def test_loader_rejects_a_bad_row(tmp_path):
    good = register.read_rows()[0]
    cases = {
        "grade": dict(good, grade="Proven"),
        "rubric": dict(good, rubric="weak"),  # weak gives Mixed, not the row's grade
        "Illustrative model": dict(good, grade="Illustrative model", rubric="model"),
        "id must look like": dict(good, id="X1"),
    }
    for message, row in cases.items():
        p = tmp_path / f"{abs(hash(message))}.csv"
        with open(p, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=register.COLUMNS)
            w.writeheader()
            w.writerow(row)
        with pytest.raises(ValueError, match=message):
            register.load(p)


def test_ids_unique(claims):
    ids = [c.id for c in claims]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate claim ids: {dupes}"


def test_every_id_a_notebook_uses_exists(claims):
    known = {c.id for c in claims}
    used = _used_ids()
    assert used, "no notebook shows an evidence table"
    unknown = {cid: where for cid, where in used.items() if cid not in known}
    assert not unknown, f"unknown claim ids: {unknown}"


def test_every_course_claim_is_shown(claims):
    """A course claim (C…) exists to be shown in a notebook table; none is orphaned."""
    used = _used_ids()
    orphans = [c.id for c in claims if c.id.startswith("C") and c.id not in used]
    assert not orphans, f"course claims no notebook shows: {orphans}"


def test_a_table_lists_each_claim_once():
    for path in NOTEBOOKS:
        for i, kind, src in _cells(path):
            if kind == "code":
                for ids in _table_calls(src):
                    assert len(ids) == len(set(ids)), f"{path.name} cell {i}: repeated id"


def test_every_citation_key_resolves(claims):
    known = bibliography().entries
    for c in claims:
        for k in c.cite:
            assert k in known, f"{c.id}: unknown citation key {k!r}"


def test_every_row_has_a_written_reason(claims):
    for c in claims:
        assert "to be written" not in c.reason and len(c.reason) >= 20, c.id


def test_rubric_decides_every_grade(claims):
    for c in claims:
        assert evidence.RUBRIC_STEPS[c.rubric].grade == c.grade, c.id


def test_rubric_steps_are_mutually_exclusive():
    """One step per grade, each grade reached by exactly one step, and the wording
    that used to sit under two grades ('small samples') sits under one."""
    grades = [s.grade for s in evidence.RUBRIC]
    assert sorted(grades) == sorted(evidence.GRADE_NAMES)
    assert len({s.key for s in evidence.RUBRIC}) == len(evidence.RUBRIC)
    small = [s.key for s in evidence.RUBRIC if re.search(r"\bsmall\b", s.question, re.I)]
    assert small == ["weak"]
    meanings = [g.meaning for g in evidence.GRADES.values()]
    assert sum(bool(re.search(r"\bsmall\b", m)) for m in meanings) == 1


def _normalise(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3}


def test_no_claim_registered_twice(claims):
    """Two rows whose claims share most of their words are one claim in two wordings."""
    pairs = []
    for a, b in itertools.combinations(claims, 2):
        ta, tb = _normalise(a.claim), _normalise(b.claim)
        overlap = len(ta & tb) / max(1, len(ta | tb))
        if overlap >= 0.6:
            pairs.append(f"{a.id} / {b.id} ({overlap:.2f})")
    assert not pairs, f"near-duplicate claims: {pairs}"


def test_illustrative_model_only_for_course_models(claims):
    for c in claims:
        if c.grade != "Illustrative model":
            continue
        assert c.source == "course", c.id
        importlib.import_module(c.model)  # the model it describes exists
        assert not re.search(r"\b(of|in) this (section|notebook)\b", c.claim, re.I), (
            f"{c.id}: a course row states what a model does, not 'the simulation of this section'")
        assert len(c.claim.split()) >= 8, f"{c.id}: say what the model does"
        assert not re.search(r"1\s*/\s*sqrt|\bidentity\b", c.claim), f"{c.id}: maths, not a model"


def test_no_claim_or_grade_typed_in_notebook_code():
    """Code cells name claims by id only: no (claim text, grade) tuples, no old claims()."""
    for path in NOTEBOOKS:
        for i, kind, src in _cells(path):
            if kind != "code":
                continue
            assert not re.search(r"(?<![\w.])claims\s*\(\s*\[", src), f"{path.name} cell {i}"
            try:
                tree = ast.parse(python_source(src))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.Tuple, ast.List)):
                    strings = [e.value for e in node.elts
                               if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                    if any(s in evidence.GRADES for s in strings) and any(
                            len(s) > 30 for s in strings):
                        pytest.fail(f"{path.name} cell {i}: a claim and its grade typed in code")


def test_markdown_grade_mentions_match_the_register(claims):
    """`*Mixed* (C05-02)` in Markdown must be the register's grade of C05-02."""
    grade_of = {c.id: c.grade for c in claims}
    pattern = re.compile(rf"\*\*?({GRADE_ALT})\*\*?\s*\(({ID_IN_TEXT})\)")
    seen = 0
    for path in NOTEBOOKS:
        for i, kind, src in _cells(path):
            if kind != "markdown":
                continue
            for grade, cid in pattern.findall(src):
                seen += 1
                assert cid in grade_of, f"{path.name} cell {i}: unknown claim id {cid}"
                assert grade_of[cid] == grade, (
                    f"{path.name} cell {i}: says {cid} is {grade}; the register says "
                    f"{grade_of[cid]}")
    assert seen >= 1


def test_quiz_grade_items_match_the_register(claims):
    grade_of = {c.id: c.grade for c in claims}
    n = 0
    for number in quiz.all_quiz_files():
        for q in quiz.load(number):
            if q.claim is None:
                continue
            n += 1
            assert q.claim in grade_of, f"{q.id}: unknown claim {q.claim}"
            correct = [o.text for o in q.options if o.correct]
            assert correct == [grade_of[q.claim]], (
                f"{q.id}: key {correct} but the register grades {q.claim} {grade_of[q.claim]}")
    assert n >= 3, "the grade-a-claim items name their register claim"


def test_notebook_00_shows_the_rubric_from_code():
    path = NOTEBOOK_DIR / "00_start_here.ipynb"
    code = [src for _, kind, src in _cells(path) if kind == "code"]
    assert any(re.search(r"^rubric\(\)", s, re.M) for s in code)


def test_evidence_table_html_shows_grade_reason_and_sources(claims):
    c = next(c for c in claims if c.cite and c.source == "literature")
    out = register.evidence_table_html([c.id])
    assert c.grade in out and "oxy-badge" in out and c.id in out
    with pytest.raises(ValueError, match="C99-99"):
        register.evidence_table_html(["C99-99"])
    with pytest.raises(ValueError, match="at least one"):
        register.evidence_table_html([])


def test_locked_edit_validates(tmp_path):
    p = tmp_path / "claims.csv"
    p.write_text(register.REGISTER_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    cid = register.read_rows(p)[0]["id"]
    with pytest.raises(ValueError, match="rubric step"):
        register.edit("set", cid, ["grade=Mixed"], path=p)
    register.edit("set", cid, ["grade=Mixed", "rubric=weak"], path=p)
    assert {r["id"]: r for r in register.read_rows(p)}[cid]["grade"] == "Mixed"
    register.load.cache_clear()
