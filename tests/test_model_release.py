"""Pulsatile release with first-order clearance (notebook 01): closed forms and limits."""
import math

import numpy as np
import pytest

from oxytocin_course.models import release


def test_one_half_life_leaves_exactly_half_with_no_input():
    for h in (1.0, 5.0, 12.5):
        c = release.concentration([0.0, h], half_life=h, basal=0.0, amplitude=0.0, c0=2.0)
        assert c[0] == pytest.approx(2.0)
        assert c[1] == pytest.approx(1.0, rel=1e-12)
    assert release.fraction_remaining(20.0, 5.0) == pytest.approx(0.0625)


def test_shorter_half_life_decays_faster():
    t = np.linspace(0.5, 30.0, 60)
    fast = release.concentration(t, half_life=2.0, basal=0.0, amplitude=0.0, c0=1.0)
    slow = release.concentration(t, half_life=8.0, basal=0.0, amplitude=0.0, c0=1.0)
    assert np.all(fast < slow)
    assert np.all(np.diff(fast) < 0)


def test_constant_secretion_reaches_R_over_k():
    r, h = 0.1, 5.0
    expected = r / (math.log(2) / h)
    assert release.steady_state(r, h) == pytest.approx(expected)
    c = release.concentration([200.0], half_life=h, basal=r, amplitude=0.0, c0=0.0)
    assert c[0] == pytest.approx(expected, rel=1e-9)
    # Starting at the steady state, it stays there.
    flat = release.concentration(np.linspace(0, 50, 11), half_life=h, basal=r, amplitude=0.0)
    assert np.allclose(flat, expected)


def test_closed_form_matches_numerical_integration():
    from scipy.integrate import solve_ivp
    p = dict(half_life=4.0, basal=0.02, amplitude=0.5, interval=20.0, width=3.0, first_pulse=5.0)
    k = release.rate_constant(p["half_life"])
    rhs = lambda t, c: release.secretion([t], **{q: v for q, v in p.items() if q != "half_life"}) - k * c
    t = np.linspace(0, 60, 121)
    num = solve_ivp(rhs, (0, 60), [p["basal"] / k], t_eval=t, max_step=0.05, rtol=1e-8, atol=1e-10)
    assert np.allclose(release.concentration(t, **p), num.y[0], atol=2e-3)


def test_pulses_raise_the_level_and_time_average_is_mean_secretion_over_k():
    p = dict(half_life=5.0, basal=0.02, amplitude=0.5, interval=30.0, width=2.0, first_pulse=5.0)
    t = np.linspace(300.0, 600.0, 30001)
    c = release.concentration(t, **p)
    mean_rate = p["basal"] + p["amplitude"] * p["width"] / p["interval"]
    assert c.mean() == pytest.approx(mean_rate / release.rate_constant(5.0), rel=5e-3)
    assert c.max() / c.min() > 3  # a short half-life makes the level swing between pulses


def test_sampling_variability_grows_with_cv_and_is_seeded():
    a = release.sample(80.0, 5000, cv=0.1, seed=3)
    b = release.sample(80.0, 5000, cv=0.3, seed=3)
    assert np.std(b) > 2 * np.std(a)
    assert np.array_equal(release.sample(80.0, 10, cv=0.2, seed=7), release.sample(80.0, 10, cv=0.2, seed=7))
    true = release.concentration([80.0])[0]
    assert np.mean(b) == pytest.approx(true, rel=0.03)
    assert np.std(b) / np.mean(b) == pytest.approx(0.3, rel=0.08)
    assert np.allclose(release.sample(80.0, 5, cv=0.0), true)


def test_random_sampling_time_adds_spread_beyond_the_assay():
    fixed = release.sample(80.0, 4000, cv=0.1, seed=1)
    rand = release.random_time_samples(4000, cv=0.1, seed=1)
    assert np.std(rand) / np.mean(rand) > 2 * np.std(fixed) / np.mean(fixed)


@pytest.mark.parametrize("kwargs,name", [
    (dict(half_life=0.0), "half_life"),
    (dict(half_life=-5.0), "half_life"),
    (dict(interval=0.5), "interval"),
    (dict(width=40.0, interval=30.0), "width"),
    (dict(basal=-1.0), "basal"),
    (dict(amplitude=float("nan")), "amplitude"),
])
def test_bad_arguments_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        release.concentration([1.0, 2.0], **kwargs)


def test_bad_sampling_arguments():
    with pytest.raises(ValueError, match="^cv must"):
        release.sample(10.0, 3, cv=-0.1)
    with pytest.raises(ValueError, match="^n must"):
        release.sample(10.0, 0)
    with pytest.raises(ValueError, match="^t must"):
        release.concentration([-1.0])
    with pytest.raises(ValueError, match="^rate must"):
        release.steady_state(-0.1, 5.0)


def test_explorer_reports_the_sampling_time():
    ex = release.release_explorer()
    assert ex.set(t_sample=95.0, half_life=2.0)
    assert "95 min" in ex.last_alt and "half-life of 2 min" in ex.last_alt


def test_longer_half_life_raises_the_average_and_smooths_the_pulses():
    # Notebook 01, section 3 prompt: doubling the half-life doubles the time-averaged
    # level and lowers the ratio of peak to trough.
    short = release.release_figure_values(half_life=5.0)
    long = release.release_figure_values(half_life=10.0)
    assert long["mean_level"] == pytest.approx(2 * short["mean_level"])
    assert long["peak_trough"] < short["peak_trough"]
    assert short["peak_trough"] == pytest.approx(short["peak"] / short["trough"])


def test_explorer_precomputes_the_half_life():
    ex = release.release_explorer()
    assert ex.page_control == "half_life"
    assert 5.0 in ex.frame_values() and 10.0 in ex.frame_values()
    assert ex.set(half_life=10.0)
    assert "peak / trough" in ex.panel.value and not ex.fig.axes[0].get_title()
    assert "3.1 times the trough" in ex.last_alt


def test_explorer_keeps_the_axis_while_only_the_sampling_time_moves():
    """Moving the sampling time changes neither the curve nor the y-axis."""
    ex = release.release_explorer()
    ylim = ex.fig.axes[0].get_ylim()
    for t in (0.0, 33.0, 120.0):
        assert ex.set(t_sample=t)
        assert ex.fig.axes[0].get_ylim() == ylim
        assert f"sample at {t:.0f} min" in ex.last_alt
