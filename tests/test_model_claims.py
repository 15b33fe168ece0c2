"""The source-document rows of the evidence register (seeds/claims.csv) and its browser.

The register as a whole is tested in test_register.py."""
import csv
from collections import Counter

import pytest

from oxytocin_course.evidence import GRADE_NAMES
from oxytocin_course import register
from oxytocin_course.models import claims as cl
from oxytocin_course.references import bibliography

#: One claim per section heading (and the title) of seed 001, the popular article.
SEED001_HEADING_CLAIMS = {
    "S001-01": "The Love Hormone (title and opening)",
    "S001-02": "What Is Oxytocin? (made in the hypothalamus, released into blood)",
    "S001-07": "What Is Oxytocin? (an anxiolytic that lowers blood pressure)",
    "S001-08": "Is Oxytocin Linked to Attachment Styles?",
    "S001-09": "Secure Attachers Have Higher Oxytocin Levels in Stressful Situations",
    "S001-10": "Securely Attached Caregivers Have More Oxytocin",
    "S001-14": "Low Oxytocin Levels May Contribute to the Development of Insecure Attachment",
    "S001-17": "Oxytocin Increases Feelings of Security in Relationships",
    "S001-21": "Oxytocin Makes Avoidant Attachers More Trusting In General",
    "S001-24": "Oxytocin Facilitates Cooperation",
    "S001-25": "Oxytocin Levels Increase After Friendship Issues",
    "S001-27": "Final Thoughts (resilience to rejection)",
}


@pytest.fixture(scope="module")
def rows():
    with open(cl.CLAIMS_PATH, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_columns_and_size(rows):
    assert tuple(rows[0].keys()) == register.COLUMNS
    assert sum(r["source"] in cl.SEEDS for r in rows) >= 40


def test_required_fields(rows):
    for r in rows:
        if r["source"] in cl.SEEDS:
            for c in ("id", "source", "topic", "claim", "study", "grade", "reason", "cite"):
                assert r[c].strip(), f"{r['id']}: empty {c}"


def test_grades_in_defined_set(rows):
    for r in rows:
        assert r["grade"] in GRADE_NAMES, r["id"]


def test_no_duplicate_ids(rows):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_ids_match_source(rows):
    for r in rows:
        if r["source"] in cl.SEEDS:
            assert r["id"].startswith(f"S{r['source']}-"), r["id"]
        else:
            assert r["id"].startswith("C"), r["id"]


def test_citation_keys_resolve(rows):
    known = bibliography().entries
    for r in rows:
        for k in filter(None, r["cite"].split(";")):
            assert k.strip() in known, f"{r['id']}: unknown key {k!r}"


def test_llm_tag_for_seed000_only(rows):
    for r in rows:
        if r["source"] == "000":
            assert r["llm_tagged"] in ("yes", "no"), r["id"]
        else:
            assert r["llm_tagged"] == "", r["id"]
    assert any(r["llm_tagged"] == "yes" for r in rows)


def test_every_seed_present(rows):
    counts = Counter(r["source"] for r in rows)
    for s in cl.SEEDS:
        assert counts[s] >= 1
    assert counts["001"] >= 20, "every substantive claim of the popular article"


def test_seed001_headings_covered(rows):
    ids = {r["id"] for r in rows}
    missing = set(SEED001_HEADING_CLAIMS) - ids
    assert not missing


#: Source document 001's claims about a person's measured (natural) oxytocin: high, low or
#: rising "levels", chosen by reading each claim, not by keyword (notebook 10, Exercise 1.1).
MEASURED_LEVEL_CLAIMS = ("S001-09", "S001-10", "S001-12", "S001-13", "S001-14", "S001-16",
                         "S001-19", "S001-22", "S001-23", "S001-25", "S001-28")


def test_popular_levels_claims_are_not_graded_strong(rows):
    """The article's claims about measured oxytocin 'levels' meet the measurement problem:
    none is Established, and only S001-10 is Supported, within the limit its reason states
    (one laboratory's correlational cohort); the lesson of notebook 10, Exercise 1.1."""
    by_id = {r["id"]: r for r in rows}
    for cid in MEASURED_LEVEL_CLAIMS:
        assert by_id[cid]["source"] == "001", cid
        assert by_id[cid]["grade"] != "Established", cid
    strong = [c for c in MEASURED_LEVEL_CLAIMS if by_id[c]["grade"] == "Supported"]
    assert strong == ["S001-10"]
    assert "one laboratory" in by_id["S001-10"]["reason"] and by_id["S001-10"]["rubric"] == "limited"


def test_love_hormone_claim_not_supported():
    assert cl.get("S001-01").grade == "Not supported"


def test_alliance_cycle_is_hypothesis():
    for c in cl.select(seed="002", topic="alliance"):
        assert c.grade == "Hypothesis"


def test_loader_and_filters():
    all_claims = cl.load()
    assert len(cl.select()) == len(all_claims)
    s1 = cl.select(seed="001")
    assert s1 and all(c.source == "001" for c in s1)
    assert cl.select(source="001") == s1
    course = cl.select(source="course")
    assert course and all(c.grade == "Illustrative model" for c in course)
    counts = cl.grade_counts(all_claims)
    assert list(counts) == list(GRADE_NAMES)
    assert sum(counts.values()) == len(all_claims)
    # Filtering never adds claims.
    assert len(cl.select(seed="001", grade="Mixed")) <= len(s1)


def test_grade_it_yourself():
    c = cl.get("S001-01")
    same = cl.check_grade(c.id, c.grade)
    assert same["match"] and same["distance"] == 0
    other = "Established" if c.grade != "Established" else "Hypothesis"
    diff = cl.check_grade(c.id, other)
    assert not diff["match"] and diff["distance"] == cl.grade_distance(other, c.grade) > 0


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="claim id"):
        cl.get("S999-99")
    with pytest.raises(ValueError, match="your_grade"):
        cl.check_grade("S001-01", "Probably")
    with pytest.raises(ValueError, match="seed"):
        cl.select(seed="004")
    with pytest.raises(ValueError, match="grade"):
        cl.select(grade="Proven")


def test_bad_grade_in_file_is_rejected(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text(",".join(register.COLUMNS)
                 + "\nS001-01,001,x,a claim,a study,Proven,weak,why,seed001,,\n")
    with pytest.raises(ValueError, match="grade"):
        cl.load(p)


def test_browser_empty_filter_keeps_figure():
    ex = cl.browser_explorer()
    assert ex.last_error is None
    ok = ex.set(source="002", grade="Established")
    assert not ok and "no claim" in ex.last_error
    assert ex.set(source="002", grade="Hypothesis")
    assert "Hypothesis" in ex.last_alt


def test_browser_holds_back_claims():
    """Notebook 10 holds back the claims its Section 2 asks the learner to grade."""
    held = ("S001-15", "S001-21")
    ex = cl.browser_explorer(hold_back=held)
    assert ex.set(source="001")
    n_all = len(cl.select(source="001"))
    assert f"{n_all - len(held)} claims" in ex.last_alt and "held back" in ex.last_alt
    for cid in held:
        assert cid not in ex.panel.value
    assert ex.set(source="001", topic="trust")
    assert "S001-22" in ex.panel.value and "S001-21" not in ex.panel.value
    with pytest.raises(ValueError, match="claim id"):
        cl.browser_explorer(hold_back=("S999-99",))


def test_source_003_weak_links():
    """Notebook 09, Exercise 2.1 solution: source document 003's only Not supported claim is
    the trust step, and none of its claims is graded Hypothesis."""
    assert [c.id for c in cl.select(source="003", grade="Not supported")] == ["S003-07"]
    assert cl.select(source="003", grade="Hypothesis") == ()


def test_grade_it_yourself_hides_the_grade_until_revealed():
    ex = cl.grade_it_yourself_explorer("S001-21")
    assert ex.last_error is None and "hidden" in ex.last_alt and "tick Reveal" in ex.panel.value
    register_grade = cl.get("S001-21").grade
    assert ex.set(your_grade=register_grade, reveal=True)
    assert "They match." in ex.last_alt and "Register:" in ex.panel.value
    with pytest.raises(ValueError, match="claim id"):
        cl.grade_it_yourself_explorer("S999-99")
