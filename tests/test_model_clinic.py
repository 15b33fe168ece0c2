"""SMART objective builder and overclaim checker (teaching aids)."""
import pytest

from oxytocin_course.evidence import GRADE_NAMES
from oxytocin_course.models import clinic
from oxytocin_course.references import bibliography

OVERCLAIMS = {
    "Oxytocin is the love hormone.": "love hormone",
    "They call it the trust hormone for a reason.": "trust hormone",
    "It is proven that hugs calm you.": "proven",
    "Hugs boost oxytocin.": "boosts",
    "This spray could cure social anxiety.": "cure",
    "Your low oxytocin levels explain your loneliness.": "levels",
    "Touch causes bonding.": "causes",
    "Warmth always makes people trust.": "always",
    "Ask about an oxytocin nasal spray.": "sprays and products",
}

HONEST = [
    "Oxytocin is one part of a system; its effects depend on context and person.",
    "Safe, consented contact is associated with feeling calmer for many people.",
    "There is no oxytocin fix, and it is not a love hormone.",
    "Research on oxytocin sprays in autism and PTSD has mostly been null; ask your physician.",
]


@pytest.mark.parametrize("text,rule", OVERCLAIMS.items())
def test_overclaims_are_flagged(text, rule):
    assert rule in clinic.flagged(text)


@pytest.mark.parametrize("text", HONEST[:3])
def test_honest_sentences_pass(text):
    assert clinic.flagged(text) == []


def test_negation_is_marked_not_dropped():
    flags = clinic.check_script("There is no oxytocin fix.")
    assert flags and all(f.negated for f in flags)


def test_rule_table_is_transparent_and_cited():
    known = bibliography().entries
    names = [r.name for r in clinic.RULES]
    assert len(names) == len(set(names))
    for r in clinic.RULES:
        assert r.explanation and r.cite
        assert all(k in known for k in r.cite)


def test_report_explains_each_flag():
    html = clinic.report_html("The love hormone is proven.")
    assert html.count("<mark") == 2 and "teaching aid" in html


def test_every_goal_and_mechanism_builds():
    known = bibliography().entries
    for g in clinic.GOALS:
        for m in clinic.MECHANISMS:
            r = clinic.smart_objective(g, m)
            assert r["grade"] in GRADE_NAMES and r["objective"] and r["caution"]
            assert all(k in known for k in r["cite"])


def test_caution_strength_follows_grade():
    weak = clinic.smart_objective("safety", "trust_spray")
    assert weak["grade"] == "Not supported" and "Do not use" in weak["caution"]
    hyp = clinic.smart_objective("coregulation", "alliance_cycle")
    assert hyp["grade"] == "Hypothesis" and "not as a fact" in hyp["caution"]


def test_no_oxytocin_rationale_is_graded_above_supported():
    for m in clinic.MECHANISMS.values():
        if "xytocin" in m.label and m.key != "context":
            assert clinic.grade_rank(m.grade) >= clinic.grade_rank("Mixed")


def test_bad_arguments():
    with pytest.raises(ValueError, match="goal"):
        clinic.smart_objective("happiness", "context")
    with pytest.raises(ValueError, match="mechanism"):
        clinic.smart_objective("safety", "magic")
    with pytest.raises(ValueError, match="text"):
        clinic.check_script(None)


def test_explorer_updates():
    ex = clinic.smart_explorer()
    assert ex.set(goal="myths", mechanism="trust_spray")
    assert "Not supported" in ex.last_alt
    assert "Do not use this rationale" in ex.panel.value
    assert ex.page_control == "mechanism"


def test_power_grows_with_n_and_d():
    small = clinic.power_two_group(0.5, 8, 9)
    assert 0.05 < small < 0.3
    assert clinic.power_two_group(0.5, 64, 64) > 0.79
    assert clinic.power_two_group(0.8, 8, 9) > small
    assert clinic.power_two_group(0.0, 50, 50) == pytest.approx(0.05, abs=1e-6)
    with pytest.raises(ValueError, match="n1"):
        clinic.power_two_group(0.5, 1, 9)


#: clinic.TRIALS as read from data/published/clinic_trials.yaml (the first six as the module
#: held them before the numbers moved there; Daniels 2023, Guastella 2023 and Williams 2017
#: added in November 2026, each checked against its abstract).
TRIALS_BEFORE = (
    ("Flanagan 2018, PTSD + exposure (pilot)", 17, "null", "flanagan2018"),
    ("Guastella 2009, social anxiety + exposure", 25, "partial", "guastella2009"),
    ("Daniels 2023, autism, ages 8-12", 77, "null", "daniels2023"),
    ("Guastella 2023, autism, ages 3-12", 87, "null", "guastella2023"),
    ("Yamasue 2020, autism, adults", 106, "null", "yamasue2020"),
    ("van Zuiden 2017, PTSD prevention", 120, "null", "vanzuiden2017"),
    ("Sikich 2021, autism, ages 3-17", 290, "null", "sikich2021"),
    ("Williams 2017, schizophrenia, 8 trials pooled", 238, "pooled", "williams2017"),
    ("Bakermans-Kranenburg 2013, 19 trials pooled", 304, "pooled", "bakermans2013"),
)


def test_trial_forest_shows_sizes_and_intervals():
    assert dict((t[3], t[1]) for t in clinic.TRIALS)["sikich2021"] == 290
    fig = clinic.plot_trial_forest()
    forest, sizes = fig.axes
    assert [round(p.get_width()) for p in sizes.patches] == [t[1] for t in clinic.TRIALS]
    assert [t.get_text() for t in forest.get_yticklabels()] == [t[0] for t in clinic.TRIALS]
    # One interval per trial with a standardised effect, drawn where the source puts it.
    intervals = [line for line in forest.get_lines() if len(line.get_xdata()) == 2
                 and line.get_ydata()[0] == line.get_ydata()[1]]
    standardised = {label: e for label, e in clinic.TRIAL_EFFECTS.items()
                    if e is not None and e["scale"] == "standardised"}
    assert len(intervals) == len(standardised) == 3
    yamasue = next(e for label, e in standardised.items() if label.startswith("Yamasue"))
    assert clinic.effect_interval(yamasue) == (-0.46, 0.31)
    guastella = next(e for label, e in standardised.items() if label.startswith("Guastella"))
    low, high = clinic.effect_interval(guastella)
    assert (low + high) / 2 == pytest.approx(0.22) and high - low == pytest.approx(2 * 1.96 * 0.40, abs=1e-3)
    # The rows without a standardised interval say why, in words.
    notes = [t.get_text() for t in forest.texts]
    assert sum("no effect size" in note for note in notes) == 5
    assert any("0–39" in note and "\N{MINUS SIGN}1.5" in note for note in notes)


def test_every_effect_source_is_in_the_bibliography():
    from oxytocin_course import published
    from oxytocin_course.references import bibliography

    keys = bibliography().entries
    for record in published.load("clinic_trials"):
        effect = record.get("effect")
        if effect is not None:
            assert effect.get("source", record["cite"]) in keys
            assert effect["better"] in ("positive", "negative")
            assert "ci" in effect or "se" in effect


def test_trials_come_from_the_published_data_unchanged():
    from oxytocin_course import published

    assert clinic.TRIALS == TRIALS_BEFORE
    records = published.load("clinic_trials")
    assert [(r["label"], r["n"], r["verdict"], r["cite"]) for r in records] == list(TRIALS_BEFORE)
    assert {r["verdict"] for r in records} <= set(clinic.VERDICT_COLOUR)


def test_n_per_arm_shrinks_with_effect():
    assert clinic.n_per_arm(0.5) == 64
    assert clinic.n_per_arm(0.8) < clinic.n_per_arm(0.5) < clinic.n_per_arm(0.2)
    with pytest.raises(ValueError, match="power"):
        clinic.n_per_arm(0.5, power=1.2)


def test_cannot_negates_causal_verb():
    assert clinic.flagged("These studies cannot show cause and effect.") == []
    assert clinic.flagged("Oxytocin causes trust.") == ["causes"]


def test_power_two_group_matches_statsmodels():
    # Moved from the worked solution to notebook 09, Exercise 1.1.
    from statsmodels.stats.power import TTestIndPower
    pilot = TTestIndPower().power(effect_size=0.5, nobs1=8, ratio=9 / 8, alpha=0.05)
    assert abs(pilot - clinic.power_two_group(0.5, 8, 9)) < 1e-9


def test_exercise_3_1_script_passes():
    # Moved from the worked solution to notebook 09, Exercise 3.1.
    script = ("Many people find their body settles more easily when they feel safe with someone they "
              "trust. Researchers think several brain chemicals, oxytocin among them, are involved, but "
              "their effects depend on the person and the situation, and there is no oxytocin fix. "
              "We will practise ways of finding that safety that feel right to you.")
    assert clinic.flagged(script) == []


def test_example_script_trips_most_rules():
    names = set(clinic.flagged(clinic.EXAMPLE_SCRIPT))
    assert {"love hormone", "boosts", "levels", "proven", "causes", "cure",
            "sprays and products"} <= names


def test_only_caregiver_attunement_has_a_stronger_own_mechanism():
    # Moved from the worked solution to notebook 09, Exercise 5.1 (formerly 3.2).
    support = clinic.MECHANISMS["support_buffer"]
    stronger = [g.goal for g in clinic.GOALS.values()
                if g.source_mechanism != "support_buffer"
                and clinic.grade_rank(clinic.MECHANISMS[g.source_mechanism].grade)
                < clinic.grade_rank(support.grade)]
    assert stronger == ["Strengthen caregiver attunement"]
    same = [g.key for g in clinic.GOALS.values() if g.source_mechanism == "support_buffer"]
    assert same == ["safety", "conflict"]


def test_smart_objective_names_source_document_mechanism():
    r = clinic.smart_objective("withdrawal", "support_buffer")
    assert r["source_mechanism"] == clinic.MECHANISMS["calm_connection"].label
    assert r["source_grade"] == clinic.MECHANISMS["calm_connection"].grade


def test_section_3_ranking_has_four_distinct_grades():
    """Notebook 09, Section 3 prompt: (d) parental care in mammals, (a) social buffering,
    (b) oxytocin mediating calm and (c) calm and connection rank strictly in that order."""
    order = ["parental_circuit", "support_buffer", "ot_buffer", "calm_connection"]
    ranks = [clinic.grade_rank(clinic.MECHANISMS[k].grade) for k in order]
    assert ranks == sorted(ranks) and len(set(ranks)) == 4


def test_quiz_pilot_is_underpowered():
    """Quiz 09-pilot-group-therapy: a 12 vs 10 pilot has low power even for d = 0.6."""
    assert clinic.power_two_group(0.6, 12, 10) < 0.3 < clinic.power_two_group(0.6, 45, 45)
