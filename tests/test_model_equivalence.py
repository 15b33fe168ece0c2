"""Equivalence tests (notebook 11): decisions at the bounds, agreement with statsmodels,
the four verdicts, and the statements notebook 11 makes about its cases."""
import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import ttost_ind

from oxytocin_course.models import equivalence

Z90 = stats.norm.ppf(0.95)


def test_se_from_a_published_interval():
    assert equivalence.se_from_ci(-1.5, 1.0) == pytest.approx(2.5 / (2 * 1.959964), rel=1e-6)
    assert equivalence.se_from_ci(-1.0, 1.0, level=0.9) == pytest.approx(1 / Z90)
    with pytest.raises(ValueError, match="upper end"):
        equivalence.se_from_ci(1.0, -1.0)


@pytest.mark.parametrize("delta", [0.2, 0.5, 1.0])
def test_decision_flips_exactly_at_the_bound(delta):
    # The 90% interval's upper end sits exactly on the bound: p = alpha.
    se = 0.1
    at_bound = delta - Z90 * se
    result = equivalence.tost(at_bound, se, -delta, delta)
    assert result["p"] == pytest.approx(0.05, abs=1e-9)
    assert result["ci_tost"][1] == pytest.approx(delta)
    assert equivalence.tost(at_bound - 1e-6, se, -delta, delta)["equivalent"] is True
    assert equivalence.tost(at_bound + 1e-6, se, -delta, delta)["equivalent"] is False
    # Symmetric at the lower bound.
    assert equivalence.tost(-at_bound + 1e-6, se, -delta, delta)["equivalent"] is True
    assert equivalence.tost(-at_bound - 1e-6, se, -delta, delta)["equivalent"] is False


def test_equivalent_if_and_only_if_the_90_percent_interval_is_inside():
    rng = np.random.default_rng(3)
    for _ in range(500):
        est, se, delta = rng.normal(0, 0.5), rng.uniform(0.05, 0.5), rng.uniform(0.05, 1.0)
        r = equivalence.tost(est, se, -delta, delta)
        inside = -delta < r["ci_tost"][0] and r["ci_tost"][1] < delta
        assert r["equivalent"] == inside


def test_the_four_verdicts():
    assert equivalence.tost(0.0, 0.05, -0.3, 0.3)["verdict"] == "equivalent: smaller than the bounds"
    assert equivalence.tost(0.6, 0.1, -0.3, 0.3)["verdict"] == "different from zero"
    both = equivalence.tost(0.1, 0.03, -0.3, 0.3)
    assert both["different"] and both["equivalent"]
    assert both["verdict"] == "different from zero, yet smaller than the bounds"
    assert equivalence.tost(0.1, 0.4, -0.3, 0.3)["verdict"] == "inconclusive"


def test_summary_tost_equals_statsmodels_on_raw_data():
    rng = np.random.default_rng(11)
    for shift in (0.0, 0.2, 0.45):
        x1, x2 = rng.normal(shift, 1, 80), rng.normal(0, 1, 90)
        p_sm, lower, upper = ttost_ind(x1, x2, -0.3, 0.3)
        pooled_var = ((79 * x1.var(ddof=1)) + (89 * x2.var(ddof=1))) / 168
        se = np.sqrt(pooled_var * (1 / 80 + 1 / 90))
        mine = equivalence.tost(x1.mean() - x2.mean(), se, -0.3, 0.3, df=168)
        assert mine["p"] == pytest.approx(p_sm, rel=1e-8)
        assert mine["p_lower"] == pytest.approx(lower[1], rel=1e-8)
        assert mine["p_upper"] == pytest.approx(upper[1], rel=1e-8)


def test_bad_bounds_are_refused():
    with pytest.raises(ValueError, match="upper bound"):
        equivalence.tost(0.0, 0.1, 0.3, -0.3)
    with pytest.raises(ValueError, match="se"):
        equivalence.tost(0.0, 0.0, -0.3, 0.3)


def test_statements_of_notebook_11():
    sikich = equivalence.trial_case("Sikich 2021")
    assert (sikich["estimate"], sikich["ci"]) == (-0.2, (-1.5, 1.0))
    assert equivalence.tost(sikich["estimate"], sikich["se"], -1, 1)["verdict"] == "inconclusive"
    assert equivalence.tost(sikich["estimate"], sikich["se"], -2, 2)["equivalent"]
    verdicts = {case["label"].split(",")[0]: equivalence.tost(case["estimate"], case["se"], -0.3, 0.3)
                for case in equivalence.standardised_cases()}
    assert verdicts["Keech 2018"]["equivalent"]
    assert verdicts["Yamasue 2020"]["verdict"] == verdicts["Ooi 2017"]["verdict"] == "inconclusive"
    assert verdicts["Bakermans-Kranenburg 2013"]["verdict"] == "different from zero"
    yamasue, keech = (c for c in equivalence.standardised_cases()
                      if c["label"].startswith(("Yamasue", "Keech")))
    assert round(equivalence.smallest_equivalent_bound(yamasue["estimate"], yamasue["se"]), 1) == 0.4
    assert 0.15 < equivalence.smallest_equivalent_bound(keech["estimate"], keech["se"]) < 0.25
    with pytest.raises(ValueError, match="Flanagan"):
        equivalence.trial_case("Flanagan")      # no effect with an interval in its abstract


def test_tost_explorer_at_its_extremes():
    ex = equivalence.tost_explorer()
    control = ex.controls["bound"]
    assert ex.set(bound=control.min) and "0 of 4" in ex.panel.value
    # At the widest bound every result is equivalent; Bakermans-Kranenburg's is also
    # different from zero: the fourth verdict, a real effect smaller than the bounds.
    assert ex.set(bound=control.max) and "4 of 4" in ex.panel.value
    assert "different from zero, yet smaller than the bounds" in ex.last_alt
