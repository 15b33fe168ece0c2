"""Power, PPV and Type S / Type M errors (notebook 07)."""
import numpy as np
import pytest
from scipy import stats

from oxytocin_course.models import power as pw


@pytest.mark.parametrize("d,n", [(0.3, 29), (0.5, 20), (0.8, 12), (0.2, 100)])
def test_analytic_power_agrees_with_simulation(d, n):
    sim = pw.simulate_studies(d, n, n_studies=10_000, seed=11)
    mc = pw.monte_carlo_summary(sim, d)
    analytic = pw.power(d, n)
    se = np.sqrt(analytic * (1 - analytic) / 10_000)
    assert abs(mc["power"] - analytic) < 3 * se


def test_power_equals_noncentral_t_closed_form():
    d, n = 0.4, 29
    df, delta = 2 * n - 2, d * np.sqrt(n / 2)
    c = stats.t.ppf(0.975, df)
    closed = stats.nct.sf(c, df, delta) + stats.nct.cdf(-c, df, delta)
    assert pw.power(d, n) == pytest.approx(closed, rel=1e-6)
    assert pw.retrodesign(d, n, method="t")["power"] == pytest.approx(closed, rel=1e-6)


def test_power_rises_with_n_and_d_and_equals_alpha_at_zero():
    n = np.arange(5, 200, 5)
    curve = pw.power_curve(0.3, n)
    assert np.all(np.diff(curve) > 0)
    assert pw.power(0.5, 29) > pw.power(0.3, 29)
    assert pw.power(0.0, 29) == pytest.approx(0.05, abs=1e-6)


def test_n_for_power_is_the_smallest_sufficient_n():
    n = pw.n_for_power(0.5, 0.8)
    assert n == 64  # the textbook value for d = 0.5, 80% power, alpha .05
    assert pw.power(0.5, n) >= 0.8 > pw.power(0.5, n - 1)


def test_ppv_formulas():
    # Without bias: (1 - beta) R / ((1 - beta) R + alpha)
    assert pw.ppv(0.8, 1.0) == pytest.approx(0.8 / 0.85)
    # Ioannidis: a claimed finding is more likely true than false iff (1 - beta) R > alpha
    assert pw.ppv(0.2, 0.25) == pytest.approx(0.5)
    assert pw.ppv(0.2, 0.3) > 0.5 > pw.ppv(0.2, 0.2)
    # Bias lowers PPV; full bias with power 1 leaves PPV = R / (R + 1)
    assert pw.ppv(0.2, 0.25, bias=0.2) < pw.ppv(0.2, 0.25)
    assert pw.ppv(1.0, 0.5, bias=1.0) == pytest.approx(0.5 / 1.5)


def test_ppv_bias_formula_matches_counting():
    # Count outcomes among c relationships: R/(R+1) true, 1/(R+1) null.
    power_, R, a, u = 0.3, 0.4, 0.05, 0.25
    true, null = R / (R + 1), 1 / (R + 1)
    tp = true * (power_ + u * (1 - power_))
    fp = null * (a + u * (1 - a))
    assert pw.ppv(power_, R, a, u) == pytest.approx(tp / (tp + fp))


@pytest.mark.parametrize("d,n", [(0.2, 29), (0.5, 29), (0.3, 15)])
def test_type_s_and_exaggeration_agree_with_simulation(d, n):
    sim = pw.simulate_studies(d, n, n_studies=40_000, seed=5)
    mc = pw.monte_carlo_summary(sim, d)
    rd = pw.retrodesign(d, n, method="t")
    k = sim["significant"].sum()
    se_s = np.sqrt(rd["type_s"] * (1 - rd["type_s"]) / k) + 1e-4
    assert abs(mc["type_s"] - rd["type_s"]) < 4 * se_s
    sd_abs = np.std(np.abs(sim["d_hat"][sim["significant"]])) / d
    assert abs(mc["exaggeration"] - rd["exaggeration"]) < 4 * sd_abs / np.sqrt(k)


def test_normal_approximation_close_to_t_and_exaggeration_falls_with_power():
    a = pw.retrodesign(0.3, 29, method="normal")
    b = pw.retrodesign(0.3, 29, method="t")
    assert abs(a["power"] - b["power"]) < 0.01
    ex = [pw.retrodesign(0.3, n)["exaggeration"] for n in (15, 29, 100, 400)]
    assert all(x > y for x, y in zip(ex, ex[1:]))
    assert ex[-1] == pytest.approx(1.0, abs=0.02)


def test_simulation_is_fast_vectorised_and_seeded():
    import time
    t0 = time.perf_counter()
    a = pw.simulate_studies(0.3, 29, 10_000, seed=99)
    assert time.perf_counter() - t0 < 1.0
    b = pw.simulate_studies(0.3, 29, 10_000, seed=99)
    assert np.array_equal(a["p"], b["p"])
    # d_hat = mean difference / pooled SD for the first study
    assert a["d_hat"].shape == (10_000,)


def test_published_estimates_exaggerate():
    sim = pw.simulate_studies(0.3, 29, 10_000, seed=3)
    mc = pw.monte_carlo_summary(sim, 0.3)
    assert mc["published_mean"] > 0.5 > 0.35 > mc["all_mean"] > 0.25


@pytest.mark.parametrize("call,name", [
    (lambda: pw.power(0.3, 1), "n"),
    (lambda: pw.power(0.3, 29, alpha=0.7), "alpha"),
    (lambda: pw.ppv(1.2, 1), "power_"),
    (lambda: pw.ppv(0.8, 0), "prior_odds"),
    (lambda: pw.ppv(0.8, 1, bias=-0.1), "bias"),
    (lambda: pw.retrodesign(0.0, 29), "d"),
    (lambda: pw.retrodesign(0.3, 29, method="exact"), "method"),
    (lambda: pw.n_for_power(0.3, target=1.0), "target"),
    (lambda: pw.simulate_studies(0.3, 29, n_studies=0), "n_studies"),
])
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_d_hat_is_the_standardised_mean_difference():
    rng = np.random.default_rng(99)
    z = rng.standard_normal((2, 3, 29))
    res = pw._analyse(z, 0.3, 29, 0.05)
    x, y = z[1][0] + 0.3, z[0][0]
    pooled = np.sqrt((x.var(ddof=1) + y.var(ddof=1)) / 2)
    assert res["d_hat"][0] == pytest.approx((x.mean() - y.mean()) / pooled)


def test_plot_ppv_curves_draws_the_ppv_of_each_power_and_bias_lowers_it():
    powers, bias, biased_power = (0.8, 0.3, 0.12), 0.2, 0.12
    fig = pw.plot_ppv_curves(powers=powers, bias=bias, biased_power=biased_power)
    ax = fig.axes[0]
    curves = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 2]
    assert len(curves) == len(powers) + 1
    solid, dashed = curves[:-1], curves[-1]
    for ln, p_ in zip(solid, powers):
        x, y = np.asarray(ln.get_xdata()), np.asarray(ln.get_ydata())
        assert np.all(np.diff(y) > 0), "PPV rises with the pre-study odds"
        assert y == pytest.approx([pw.ppv(p_, r) for r in x])
    # More power, higher PPV at every odds.
    ys = [np.asarray(ln.get_ydata()) for ln in solid]
    assert np.all(ys[0] > ys[1]) and np.all(ys[1] > ys[2])
    # Bias lowers the PPV everywhere when power exceeds alpha (same power, solid vs dashed).
    assert dashed.get_linestyle() == "--"
    assert np.all(np.asarray(dashed.get_ydata()) < ys[2])
    # The caption's numbers: each solid curve crosses PPV = 0.5 at odds alpha / power.
    vals = pw.ppv_figure_values(powers=powers, bias=bias, biased_power=biased_power)
    for p_ in powers:
        assert vals[f"odds_{pw._key(p_)}"] == pytest.approx(0.05 / p_, rel=1e-6)
    assert vals["odds_biased"] > vals["odds_0p12"]


@pytest.mark.parametrize("kw,name", [
    ({"powers": (0.8, 1.5)}, "powers"),
    ({"powers": ()}, "powers"),
    ({"alpha": 0}, "alpha"),
    ({"bias": 1.5}, "bias"),
    ({"biased_power": 0}, "biased_power"),
])
def test_plot_ppv_curves_bad_arguments_name_themselves(kw, name):
    with pytest.raises(ValueError, match=name):
        pw.plot_ppv_curves(**kw)


def test_power_explorer_opens_on_a_state_that_answers_no_prompt_of_notebook_07():
    ex = pw.power_explorer()
    v = ex.values()
    assert v == pw.POWER_EXPLORER_DEFAULTS and ex.last_error is None
    # Notebook 07 asks for power at d = 0.3 with 29 per group, the published mean at
    # d = 0.2, the PPV at power 20% and R = 0.25, and the n for 80% power at d = 0.4.
    assert (v["d"], v["n"]) != (0.3, 29) and v["d"] not in (0.2, 0.3, 0.4)
    assert abs(pw.power(v["d"], v["n"], v["alpha"]) - 0.2) > 0.1
    assert v["prior_odds"] != 0.25
    assert v["n"] in ex.frame_values(), "the static page starts at the default n"


def test_power_explorer_uses_the_noncentral_t_exaggeration_quickly():
    # The explorer's title and Type S bar use the t version of notebook 07's
    # Exercise 2.1 (not the normal approximation), with a fixed-node quadrature.
    import time
    worst = 0.0
    for d in (0.05, 0.3, 0.55, 1.0):
        for n in (5, 12, 29, 150, 500):
            for alpha in (0.005, 0.05, 0.1):
                quick = pw._retrodesign_quick(d, n, alpha)
                exact = pw.retrodesign(d, n, alpha, method="t")
                for key in ("power", "type_s", "exaggeration"):
                    if exact[key] > 0:
                        worst = max(worst, abs(quick[key] / exact[key] - 1))
    assert worst < 1e-4
    t0 = time.perf_counter()
    for _ in range(20):
        pw._retrodesign_quick(0.3, 29)
    assert (time.perf_counter() - t0) / 20 < 0.01
    ex = pw.power_explorer()
    ex.set(d=0.3, n=29)
    assert f"{pw.retrodesign(0.3, 29)['exaggeration']:.2f}×" in ex.fig.texts[0].get_text()


def test_n_for_power_window_search_equals_root_finding():
    """n_for_power looks next to the normal approximation first; the answer is the same
    as by root finding, also over the design explorer's whole grid (vectorised)."""
    grid = np.round(np.arange(0.1, 1.0001, 0.05), 2)
    for target in (0.5, 0.63, 0.8, 0.9, 0.95, 0.99):
        for alpha in (0.05, 0.005):
            fast = pw._smallest_n(grid, target, alpha)
            slow = [pw._smallest_n_by_root(float(d), target, alpha) for d in grid]
            assert list(fast) == slow, (target, alpha)
            assert all(pw.power(d, n, alpha) >= target > pw.power(d, n - 1, alpha)
                       for d, n in zip(grid, fast) if n > 2)
    # Far from the normal approximation (tiny alpha, huge effect) the root is used.
    assert pw.n_for_power(5.0, 0.999, 1e-6) == pw._smallest_n_by_root(5.0, 0.999, 1e-6)
    with pytest.raises(ValueError, match="too small"):
        pw.n_for_power(0.001, 0.99)


def test_reference_design_is_kosfeld_29_per_group():
    from oxytocin_course.models import trustgame

    assert pw.REFERENCE_N == trustgame.KOSFELD_N == 29
    assert pw.power_curves_figure_values()["mark_n"] == 29
    assert pw.required_n_figure_values()["mark_n"] == 29


def test_design_explorer_reads_the_needed_n():
    ex = pw.design_explorer()
    assert ex.set(d=0.5, target=0.8)
    assert "needs 64 per group" in ex.last_alt
    assert ex.set(d=0.33)                 # off the curve's grid: computed on its own
    assert f"needs {pw.n_for_power(0.33, 0.8)} per group" in ex.last_alt


def test_labs_explorer_shows_the_file_drawer():
    ex = pw.labs_explorer()
    assert ex.values() == {"d": 0.3, "n": 29}
    summary = pw.monte_carlo_summary(pw.simulate_studies(0.3, 29, 1000, 0.05, 2005), 0.3)
    assert f"their mean estimate is {summary['published_mean']:.2f}" in ex.last_alt
    assert ex.set(d=0.0) and "true 0.00" in ex.last_alt


# -- crossover designs (notebook 07, section 6) ------------------------------------
def test_dz_equals_d_at_r_one_half_and_grows_with_r():
    assert pw.dz_from_d(0.4, 0.5) == pytest.approx(0.4)
    assert pw.dz_from_d(0.4, 0.0) == pytest.approx(0.4 / np.sqrt(2))
    rs = np.linspace(-0.5, 0.9, 15)
    dz = [pw.dz_from_d(0.3, r) for r in rs]
    assert np.all(np.diff(dz) > 0)


def test_higher_r_needs_fewer_participants():
    ns = [pw.n_for_power_paired(0.4, r) for r in (0.0, 0.3, 0.5, 0.7, 0.9)]
    assert all(a > b for a, b in zip(ns, ns[1:]))


def test_paired_n_agrees_with_statsmodels():
    from statsmodels.stats.power import TTestPower

    tp = TTestPower()
    for d, r, target in [(0.4, 0.5, 0.8), (0.3, 0.7, 0.9), (0.8, 0.2, 0.8)]:
        dz = pw.dz_from_d(d, r)
        n = pw.n_for_power_paired(d, r, target)
        assert n == int(np.ceil(tp.solve_power(dz, None, 0.05, target) - 1e-9))
        assert tp.power(dz, n, 0.05) >= target > tp.power(dz, n - 1, 0.05)
        assert pw.power_paired(d, r, n) == pytest.approx(tp.power(dz, n, 0.05))


def test_crossover_needs_fewer_people_than_two_groups():
    for r in (0.0, 0.5, 0.8):
        c = pw.crossover_comparison(0.4, r)
        assert c["n_crossover"] < c["n_parallel"]
        # Large-sample rule: crossover N / two-group N is about (1 - r) / 2.
        assert c["ratio"] == pytest.approx((1 - r) / 2, abs=0.04)


def test_crossover_figure_values_follow_the_functions():
    v = pw.crossover_figure_values(0.4)
    assert v["n_parallel"] == 2 * pw.n_for_power(0.4)
    assert v["n_cross_0p5"] == pw.n_for_power_paired(0.4, 0.5)
    assert v["n_cross_0"] > v["n_cross_0p9"]


@pytest.mark.parametrize("call,name", [
    (lambda: pw.dz_from_d(0.4, 1.0), "r"),
    (lambda: pw.dz_from_d(0.4, 1.5), "r"),
    (lambda: pw.dz_from_d(0.4, -1.0), "r"),
    (lambda: pw.n_for_power_paired(0.4, 0.99), "r"),
    (lambda: pw.n_for_power_paired(0.0, 0.5), "d"),
    (lambda: pw.n_for_power_paired(1e-4, 0.0), "d"),
    (lambda: pw.power_paired(0.4, 0.5, 1), "n"),
])
def test_crossover_bad_arguments(call, name):
    with pytest.raises(ValueError, match=name):
        call()
