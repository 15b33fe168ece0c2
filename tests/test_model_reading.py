"""Properties of the illustrative "how to read a model" model (notebook 00)."""
import numpy as np
import pytest

from oxytocin_course.models import reading


@pytest.mark.parametrize("h", [2.0, 6.0, 13.5, 20.0])
@pytest.mark.parametrize("n", [3, 8, 40])
def test_noiseless_data_recover_the_true_half_life(h, n):
    t, y = reading.simulate_measurements(h, n, 0.0, seed=1)
    assert np.allclose(y, reading.concentration(t, h))
    fit = reading.fit_half_life(t, y)
    assert fit.half_life == pytest.approx(h, rel=1e-6)
    assert fit.c0 == pytest.approx(reading.C0, rel=1e-6)
    assert fit.se < 1e-6


def test_two_noiseless_points_give_the_half_life_exactly():
    c = reading.concentration(np.array([2.0, 10.0]), 4.0)
    assert reading.half_life_from_two_points(2.0, c[0], 10.0, c[1]) == pytest.approx(4.0)
    # A quarter of the level after 8 min: two half-lives, h = 4.
    assert reading.half_life_from_two_points(2, 80, 10, 20) == pytest.approx(4.0)


def test_curve_halves_every_half_life():
    h = 7.0
    c = reading.concentration(np.array([0.0, h, 2 * h, 3 * h]), h)
    assert np.allclose(c / reading.C0, [1, 0.5, 0.25, 0.125])
    # A shorter half-life decays faster.
    assert reading.concentration(10.0, 3.0) < reading.concentration(10.0, 6.0)


def test_fitted_uncertainty_shrinks_as_n_grows():
    ns = [4, 8, 16, 32]
    se = reading.mean_se_by_n(6.0, ns, 8.0, n_rep=60, seed=123)
    assert np.all(np.diff(se) < 0), se
    # Roughly 1/sqrt(n): quadrupling n about halves the standard error.
    assert 0.35 < se[3] / se[1] < 0.65


def test_spread_of_estimates_shrinks_with_n_and_grows_with_noise():
    few, _ = reading.replicate_fits(6.0, 5, 8.0, 80, seed=7)
    many, _ = reading.replicate_fits(6.0, 30, 8.0, 80, seed=7)
    assert np.nanstd(many) < np.nanstd(few)
    quiet, _ = reading.replicate_fits(6.0, 10, 2.0, 80, seed=7)
    loud, _ = reading.replicate_fits(6.0, 10, 15.0, 80, seed=7)
    assert np.nanstd(quiet) < np.nanstd(loud)


def test_fitted_se_agrees_with_the_asymptotic_formula_and_the_spread():
    h, n, sigma = 6.0, 20, 5.0
    est, ses = reading.replicate_fits(h, n, sigma, 200, seed=11)
    expected = reading.expected_se(h, n, sigma)
    assert np.nanmean(ses) == pytest.approx(expected, rel=0.15)
    assert np.nanstd(est) == pytest.approx(expected, rel=0.2)
    # The estimates centre on the truth (no systematic bias at this precision).
    assert abs(np.nanmean(est) - h) < 3 * expected / np.sqrt(200) + 0.05


def test_expected_se_scales_with_noise_and_shrinks_with_n():
    assert reading.expected_se(6, 10, 8) == pytest.approx(2 * reading.expected_se(6, 10, 4))
    assert reading.expected_se(6, 10, 0) == 0
    values = [reading.expected_se(6, n, 8) for n in (3, 5, 10, 20, 40)]
    assert np.all(np.diff(values) < 0)


def test_confidence_interval_covers_the_truth_about_95_percent():
    h, n, sigma = 6.0, 12, 8.0
    hits = 0
    for k in range(200):
        t, y = reading.simulate_measurements(h, n, sigma, seed=1000 + k)
        lo, hi = reading.fit_half_life(t, y).ci()
        hits += lo <= h <= hi
    assert 0.88 <= hits / 200 <= 0.99


def test_same_seed_same_data_different_seed_different_data():
    a = reading.simulate_measurements(6.0, 10, 5.0, seed=42)
    b = reading.simulate_measurements(6.0, 10, 5.0, seed=42)
    c = reading.simulate_measurements(6.0, 10, 5.0, seed=43)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


@pytest.mark.parametrize("call,name", [
    (lambda: reading.simulate_measurements(0.0, 8, 5.0), "half_life"),
    (lambda: reading.simulate_measurements(6.0, 1, 5.0), "n"),
    (lambda: reading.simulate_measurements(6.0, 8.5, 5.0), "n"),
    (lambda: reading.simulate_measurements(6.0, 8, -1.0), "noise"),
    (lambda: reading.simulate_measurements(6.0, 8, 5.0, seed=-3), "seed"),
    (lambda: reading.concentration(1.0, -2.0), "half_life"),
    (lambda: reading.concentration(-1.0, 2.0), "t"),
    (lambda: reading.expected_se(6.0, 2, 5.0), "n"),
    (lambda: reading.half_life_from_two_points(2, 20, 10, 80), "y2"),
    (lambda: reading.half_life_from_two_points(5, 80, 5, 20), "t2"),
    (lambda: reading.fit_half_life([0, 1], [1, 0.5]), "len(t)"),
    (lambda: reading.replicate_fits(6.0, 8, 5.0, 0), "n_rep"),
])
def test_bad_arguments_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=r"^" + name.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_fit_reports_data_that_cannot_pin_down_the_half_life():
    t = np.array([0.0, 15.0, 30.0])
    with pytest.raises(ValueError, match="half-life"):
        reading.fit_half_life(t, np.array([0.0, 0.0, 0.0]))


def test_plot_and_explorer():
    from matplotlib.figure import Figure
    assert isinstance(reading.plot_reading(), Figure)
    ex = reading.reading_explorer()
    assert "Illustrative model" in ex.last_alt and "half-life 6 min" in ex.last_alt
    assert ex.page_control == "n" and ex.last_error is None
    assert ex.set(n=40, noise=0)
    assert "Fitted half-life 6.0 min" in ex.last_alt


def test_se_by_n_plot_shows_the_simulated_and_formula_values():
    from matplotlib.figure import Figure
    ns = [4, 8, 16, 32]
    fig = reading.plot_se_by_n(6.0, ns, 8.0, n_rep=10)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    sim, formula = (line.get_ydata() for line in ax.get_lines()[:2])
    values = reading.se_by_n_values(6.0, ns, 8.0, n_rep=10)
    assert np.allclose(sim, [values[f"se_sim_{n}"] for n in ns])
    assert np.allclose(formula, [values[f"se_formula_{n}"] for n in ns])
    # Both fall with n, and every point lies inside the plotted range.
    assert np.all(np.diff(sim) < 0) and np.all(np.diff(formula) < 0)
    lo, hi = ax.get_ylim()
    assert lo < min(sim.min(), formula.min()) and max(sim.max(), formula.max()) < hi


def test_halving_the_noise_halves_the_standard_error_at_any_n():
    for n in (4, 8, 32):
        assert reading.expected_se(6, n, 4) == pytest.approx(reading.expected_se(6, n, 8) / 2)


@pytest.mark.parametrize("kwargs,name", [
    (dict(ns=[8, 8]), "ns"),
    (dict(ns=[2, 8]), "ns"),
    (dict(noise=0.0), "noise"),
    (dict(n_rep=0), "n_rep"),
])
def test_se_by_n_plot_refuses_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        reading.plot_se_by_n(**kwargs)


@pytest.mark.parametrize("h,n,noise", [(6.0, 8, 8.0), (2.0, 3, 20.0), (20.0, 40, 20.0),
                                       (3.0, 5, 8.0), (12.0, 4, 15.0), (6.0, 10, 0.0)])
def test_repeat_experiments_are_fitted_exactly_as_fit_half_life_fits_them(h, n, noise):
    """The explorer's repeats skip curve_fit's argument handling; the numbers are the same."""
    est, ses = reading._replicates(h, n, noise, 40, reading.DEFAULT_SEED)
    for k in range(40):
        t, y = reading.simulate_measurements(h, n, noise, seed=reading.DEFAULT_SEED + 1 + k)
        try:
            fit = reading.fit_half_life(t, y)
        except ValueError:
            assert np.isnan(est[k]) and np.isnan(ses[k])
        else:
            assert (est[k], ses[k]) == (fit.half_life, fit.se)
