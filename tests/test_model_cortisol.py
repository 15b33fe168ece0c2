"""Properties of the cortisol-profile summaries taught in notebook 03, section 6."""
import numpy as np
import pytest
from scipy.integrate import trapezoid

from oxytocin_course.models import cortisol


def test_auc_ground_is_the_trapezoid_rule():
    rng = np.random.default_rng(3)
    for _ in range(20):
        t = np.cumsum(rng.uniform(1, 20, size=8))
        m = rng.uniform(1, 20, size=8)
        assert cortisol.auc_ground(t, m) == pytest.approx(trapezoid(m, t))


def test_auc_increase_is_area_above_first_sample():
    t, m = cortisol.tsst_profile()
    assert cortisol.auc_increase(t, m) == pytest.approx(trapezoid(m - m[0], t))
    # Pruessner's identity: AUC_G − AUC_I is the baseline rectangle
    assert cortisol.auc_ground(t, m) - cortisol.auc_increase(t, m) == pytest.approx(
        m[0] * (t[-1] - t[0]))


def test_hand_example():
    # two trapezoids: (2+4)/2·10 + (4+2)/2·20 = 30 + 60 = 90; AUC_I = 90 − 2·30 = 30
    assert cortisol.auc_ground([0, 10, 30], [2, 4, 2]) == pytest.approx(90.0)
    assert cortisol.auc_increase([0, 10, 30], [2, 4, 2]) == pytest.approx(30.0)
    assert cortisol.reactivity([2, 4, 2]) == pytest.approx(2.0)


def test_flat_profile_has_zero_increase_and_reactivity():
    t = np.array([0.0, 15.0, 30.0, 60.0])
    m = np.full(4, 7.0)
    assert cortisol.auc_increase(t, m) == pytest.approx(0.0)
    assert cortisol.reactivity(m) == 0.0
    assert cortisol.auc_ground(t, m) == pytest.approx(7.0 * 60.0)


def test_adding_a_constant_changes_auc_g_not_auc_i():
    t, m = cortisol.tsst_profile()
    assert cortisol.auc_increase(t, m + 3.0) == pytest.approx(cortisol.auc_increase(t, m))
    assert cortisol.auc_ground(t, m + 3.0) == pytest.approx(
        cortisol.auc_ground(t, m) + 3.0 * (t[-1] - t[0]))
    assert cortisol.reactivity(m + 3.0) == pytest.approx(cortisol.reactivity(m))


def test_baseline_choice_changes_auc_i_and_reactivity():
    # Starting the illustrative profile at the task-onset sample (a lower
    # baseline than the sample 10 min before) raises reactivity by exactly
    # the difference between the two baselines, and changes AUC_I.
    t, m = cortisol.tsst_profile()
    assert m[1] < m[0]
    assert cortisol.reactivity(m[1:]) - cortisol.reactivity(m) == pytest.approx(m[0] - m[1])
    later = cortisol.auc_increase(t[1:], m[1:])
    assert later == pytest.approx(trapezoid(m[1:] - m[1], t[1:]))
    assert later != pytest.approx(cortisol.auc_increase(t, m))


def test_falling_profile_has_negative_auc_i():
    assert cortisol.auc_increase([0, 30, 60], [10, 8, 6]) < 0


@pytest.mark.parametrize("decline", [0.0, 1.0, 2.0, 5.0, 8.0])
def test_matched_profile_same_auc_g_no_rise(decline):
    a = cortisol.summary(*cortisol.tsst_profile())
    b = cortisol.summary(*cortisol.matched_profile(decline))
    assert b["auc_g"] == pytest.approx(a["auc_g"])
    assert b["reactivity"] == pytest.approx(0.0)
    assert a["reactivity"] > 0 and a["auc_i"] > 0
    assert b["auc_i"] <= 1e-9


def test_steeper_decline_gives_more_negative_auc_i():
    values = [cortisol.auc_increase(*cortisol.matched_profile(d)) for d in (0, 2, 4, 8)]
    assert np.all(np.diff(values) < 0)


def test_illustrative_profile_peaks_after_the_task():
    s = cortisol.summary(*cortisol.tsst_profile())
    assert s["peak_time"] > cortisol.TASK_END
    assert s["mean_level"] == pytest.approx(s["auc_g"] / 100.0)


@pytest.mark.parametrize("times,values,arg", [
    ([0], [1], "times"),
    ([0, 10, 20], [1, 2], "values"),
    ([0, 20, 10], [1, 2, 3], "times"),
    ([0, 10, 20], [1, -2, 3], "values"),
    ([0, 10, np.nan], [1, 2, 3], "times"),
])
def test_bad_profiles_raise(times, values, arg):
    for fn in (cortisol.auc_ground, cortisol.auc_increase, cortisol.summary):
        with pytest.raises(ValueError, match=arg):
            fn(times, values)


def test_bad_decline_raises():
    with pytest.raises(ValueError, match="decline"):
        cortisol.matched_profile(decline=-1)
    with pytest.raises(ValueError, match="decline"):
        cortisol.matched_profile(decline=9)


def test_plot_returns_two_panels():
    fig = cortisol.plot_auc()
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["Participant A", "Participant B"]
