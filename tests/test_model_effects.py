"""Clinical effect measures (notebook 09, section 6): checked against hand calculations,
statsmodels, and the interval rules of Altman (1998)."""
import math

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from oxytocin_course.models import effects

#: The adverse-event counts of notebook 09's registry example (oxytocin 11 of 14,
#: placebo 12 of 18).
TABLE = (11, 14, 12, 18)


def test_risk_difference_point_and_newcombe_interval():
    rd = effects.risk_difference(*TABLE)
    assert rd.estimate == pytest.approx(11 / 14 - 12 / 18)
    low, high = confint_proportions_2indep(*TABLE, method="newcomb", compare="diff")
    assert (rd.low, rd.high) == pytest.approx((low, high))
    assert rd.low < rd.estimate < rd.high
    # Newcombe's interval for 0/10 vs 0/10 stays inside [-1, 1] and contains 0.
    zero = effects.risk_difference(0, 10, 0, 10)
    assert zero.estimate == 0 and -1 <= zero.low < 0 < zero.high <= 1


def test_newcombe_interval_matches_wilson_hand_calculation():
    # Newcombe's method 10 from two Wilson score intervals, by hand.
    def wilson(x, n, z=1.959963984540054):
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        return centre - half, centre + half

    a, n1, c, n2 = 30, 100, 10, 100
    p1, p2 = a / n1, c / n2
    l1, u1 = wilson(a, n1)
    l2, u2 = wilson(c, n2)
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    rd = effects.risk_difference(a, n1, c, n2)
    assert (rd.low, rd.high) == pytest.approx((low, high), abs=1e-9)


def test_relative_risk_log_interval_by_hand():
    a, n1, c, n2 = TABLE
    rr = effects.relative_risk(a, n1, c, n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    z = 1.959963984540054
    assert rr.estimate == pytest.approx((a / n1) / (c / n2))
    assert rr.low == pytest.approx(rr.estimate * math.exp(-z * se), rel=1e-9)
    assert rr.high == pytest.approx(rr.estimate * math.exp(z * se), rel=1e-9)
    with pytest.raises(ValueError, match="events_t"):
        effects.relative_risk(0, 10, 3, 10)


def test_odds_ratio_woolf_by_hand_and_statsmodels():
    a, n1, c, n2 = TABLE
    b, d = n1 - a, n2 - c
    orr = effects.odds_ratio(*TABLE)
    assert orr.estimate == pytest.approx(a * d / (b * c))
    low, high = confint_proportions_2indep(*TABLE, method="logit", compare="odds-ratio")
    assert (orr.low, orr.high) == pytest.approx((low, high), rel=1e-6)
    with pytest.raises(ValueError, match="odds ratio"):
        effects.odds_ratio(10, 10, 3, 10)


def test_nnt_significant_benefit_is_a_plain_range():
    # 30% vs 10% responders: b = 0.2, NNTB 5; interval inverts the RD limits.
    rd = effects.risk_difference(30, 100, 10, 100)
    number = effects.nnt(30, 100, 10, 100, outcome="good")
    assert number.kind == "NNTB" and number.estimate == pytest.approx(5.0)
    assert not number.crosses_zero and number.nnth is None
    assert number.nntb == pytest.approx((1 / rd.high, 1 / rd.low))
    assert number.nntb[0] < number.estimate < number.nntb[1]


def test_nnt_sign_follows_the_meaning_of_the_event():
    good = effects.nnt(30, 100, 10, 100, outcome="good")
    bad = effects.nnt(30, 100, 10, 100, outcome="bad")
    assert good.kind == "NNTB" and bad.kind == "NNTH"
    assert good.estimate == pytest.approx(bad.estimate)
    assert bad.nnth == pytest.approx(good.nntb)


def test_nnt_interval_runs_through_infinity_when_rd_interval_includes_zero():
    number = effects.nnt(*TABLE, outcome="bad")
    rd = effects.risk_difference(*TABLE)
    assert rd.low < 0 < rd.high and number.crosses_zero
    assert number.kind == "NNTH" and number.estimate == pytest.approx(1 / (11 / 14 - 12 / 18))
    # Benefit limit from the lower RD limit (fewer adverse events), harm from the upper.
    assert number.nntb == (pytest.approx(1 / abs(rd.low)), math.inf)
    assert number.nnth == (pytest.approx(1 / rd.high), math.inf)
    text = number.describe()
    assert text.startswith("NNTH 8.4") and "to ∞ to" in text
    # The point NNT lies outside neither range: 8.4 is an NNTH above the nearest NNTH.
    assert number.estimate > number.nnth[0]


def test_equal_risks_give_infinite_nnt():
    number = effects.nnt(5, 10, 5, 10)
    assert number.kind == "none" and math.isinf(number.estimate)
    assert number.nntb[1] == math.inf and number.nnth[1] == math.inf


def test_same_relative_risk_gives_tiny_or_large_absolute_effects():
    assert effects.absolute_difference(2.0, 0.001) == pytest.approx(0.001)
    assert effects.absolute_difference(2.0, 0.3) == pytest.approx(0.3)
    assert effects.absolute_difference(0.5, 0.4) == pytest.approx(-0.2)
    with pytest.raises(ValueError, match="control_risk"):
        effects.absolute_difference(3.0, 0.5)


def test_bad_tables_are_refused_with_the_argument_named():
    with pytest.raises(ValueError, match="events_t"):
        effects.risk_difference(15, 14, 12, 18)
    with pytest.raises(ValueError, match="n_c"):
        effects.risk_difference(1, 14, 0, 0)
    with pytest.raises(ValueError, match="outcome"):
        effects.nnt(*TABLE, outcome="neutral")
    with pytest.raises(ValueError, match="alpha"):
        effects.risk_difference(*TABLE, alpha=0.9)


def test_wider_confidence_gives_wider_intervals():
    narrow = effects.risk_difference(*TABLE, alpha=0.10)
    wide = effects.risk_difference(*TABLE, alpha=0.01)
    assert wide.low < narrow.low and wide.high > narrow.high
    assert effects.nnt(*TABLE, outcome="bad", alpha=0.10).describe().count("90% CI") == 1


def test_figure_values_and_plot():
    values = effects.nnt_figure_values()
    assert values["pct_t"] == pytest.approx(100 * 11 / 14)
    assert values["nnth_near"] == pytest.approx(1 / values["rd_high"])
    assert values["nntb_near"] == pytest.approx(1 / abs(values["rd_low"]))
    fig = effects.plot_nnt_interval()
    left, right = fig.axes
    assert left.get_yscale() == "log" and right.get_xscale() == "log"


def test_describe_docstring_example_is_the_real_output():
    """The example in NNT.describe's docstring must be what the code returns."""
    doc = effects.NNT.describe.__doc__
    example = doc.split("returns ``", 1)[1].split("``", 1)[0]
    assert effects.nnt(*TABLE, outcome="bad").describe() == example
    assert example == "NNTH 8.4 (95% CI NNTB 5.2 to ∞ to NNTH 2.6)"
