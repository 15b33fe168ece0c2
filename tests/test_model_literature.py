"""Simulated literature, meta-analysis and bias corrections (notebook 08)."""
import numpy as np
import pytest
from scipy import stats
import statsmodels.api as sm

from oxytocin_course.models import literature as lit_


def test_no_selection_pooled_estimate_is_unbiased_over_seeds():
    est = [lit_.random_effects(**{k: v for k, v in (("y", L["y"]), ("se", L["se"]))})["estimate"]
           for L in (lit_.simulate_literature(40, 0.3, tau=0.1, selection=0.0, seed=s)
                     for s in range(40))]
    est = np.asarray(est)
    assert abs(est.mean() - 0.3) < 3 * est.std(ddof=1) / np.sqrt(est.size)


def test_no_selection_egger_intercept_is_near_zero():
    ints = np.array([lit_.egger(L["y"], L["se"])["intercept"]
                     for L in (lit_.simulate_literature(40, 0.3, selection=0.0, seed=s)
                               for s in range(40))])
    assert abs(ints.mean()) < 3 * ints.std(ddof=1) / np.sqrt(ints.size)


def test_strong_selection_inflates_and_corrections_move_toward_zero():
    naive, corrected, egger_p = [], [], []
    for s in range(20):
        L = lit_.simulate_literature(60, 0.0, selection=1.0, seed=s)
        out = lit_.summary(L, 0.0)
        naive.append(out["naive"])
        corrected.append(out["pet_peese"])
        egger_p.append(out["egger_p"])
    naive, corrected = np.array(naive), np.array(corrected)
    assert naive.mean() > 0.3                      # inflated well above the true zero
    assert abs(corrected.mean()) < naive.mean() / 3  # corrections move toward zero
    assert np.mean(np.abs(corrected) < naive) > 0.8  # ... in most literatures
    assert np.median(egger_p) < 0.05               # and Egger detects the asymmetry


def test_selection_means_more_studies_run():
    a = lit_.simulate_literature(40, 0.0, selection=0.0, seed=1)
    b = lit_.simulate_literature(40, 0.0, selection=0.9, seed=1)
    assert a["n_run"] == 40 and b["n_run"] > 4 * 40
    assert len(b["y"]) == 40


def test_random_effects_matches_hand_dl_without_heterogeneity():
    y = np.array([0.1, 0.3, 0.2, 0.4, 0.25])
    se = np.array([0.1, 0.2, 0.15, 0.3, 0.12])
    w = 1 / se ** 2
    fixed = np.sum(w * y) / np.sum(w)
    res = lit_.random_effects(y, se)
    assert res["fixed"] == pytest.approx(fixed)
    # Q < df here, so tau2 = 0 and the random-effects estimate equals the fixed one
    assert res["tau2"] == pytest.approx(0, abs=1e-8)
    assert res["estimate"] == pytest.approx(fixed)


def test_dersimonian_laird_matches_hand_formula_and_truncates_at_zero():
    # heterogeneous: tau2 = (Q - df) / C by hand
    y = np.array([0.0, 0.8, 0.1, 0.9, 0.4])
    se = np.array([0.1, 0.12, 0.15, 0.2, 0.1])
    w = 1 / se ** 2
    fixed = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - fixed) ** 2)
    tau2 = (q - (y.size - 1)) / (w.sum() - np.sum(w ** 2) / w.sum())
    assert tau2 > 0
    w_re = 1 / (se ** 2 + tau2)
    res = lit_.random_effects(y, se, method="dl")
    assert res["tau2"] == pytest.approx(tau2)
    assert res["estimate"] == pytest.approx(np.sum(w_re * y) / w_re.sum())
    assert res["se"] == pytest.approx(1 / np.sqrt(w_re.sum()))
    # Q < df: the moment estimate is negative and must be truncated at 0
    y0 = np.array([0.1, 0.1, 0.1, 0.1])
    se0 = np.array([0.3, 0.2, 0.25, 0.4])
    res0 = lit_.random_effects(y0, se0, method="dl")
    assert res0["tau2"] == 0.0
    assert np.isfinite(res0["se"]) and res0["se"] == pytest.approx(1 / np.sqrt(np.sum(1 / se0 ** 2)))


def test_egger_and_pet_match_statsmodels_directly():
    L = lit_.simulate_literature(30, 0.2, selection=0.5, seed=4)
    y, se = L["y"], L["se"]
    fit = sm.OLS(y / se, sm.add_constant(1 / se)).fit()
    assert lit_.egger(y, se)["intercept"] == pytest.approx(fit.params[0])
    pet = sm.WLS(y, sm.add_constant(se), weights=1 / se ** 2).fit()
    assert lit_.pet_peese(y, se)["pet"] == pytest.approx(pet.params[0])
    # Egger's slope equals PET's intercept (the same regression, rescaled)
    assert lit_.egger(y, se)["slope"] == pytest.approx(pet.params[0])


def test_p_curve_flat_under_null_right_skewed_under_effect():
    null = lit_.p_curve(lit_.simulate_literature(400, 0.0, n_min=29, n_max=29, selection=1.0,
                                                 seed=2)["p"])
    real = lit_.p_curve(lit_.simulate_literature(400, 0.5, n_min=29, n_max=29, selection=1.0,
                                                 seed=2)["p"])
    assert abs(null["share_below_half"] - 0.5) < 3 * np.sqrt(0.25 / null["k"])
    assert null["p_right_skew"] > 0.01
    assert real["share_below_half"] > 0.7 and real["p_right_skew"] < 1e-6


def test_p_curve_stouffer_matches_hand_formula():
    p = np.array([0.001, 0.01, 0.02, 0.04, 0.03, 0.2])
    pp = p[p < 0.05] / 0.05
    z = stats.norm.ppf(pp).sum() / np.sqrt(pp.size)
    res = lit_.p_curve(p)
    assert res["z"] == pytest.approx(z)
    assert res["p_right_skew"] == pytest.approx(stats.norm.cdf(z))
    assert res["k"] == 5


def test_ten_thousand_studies_are_fast():
    import time
    t0 = time.perf_counter()
    lit_.simulate_literature(10_000, 0.2, selection=0.5, seed=1)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("call,name", [
    (lambda: lit_.simulate_literature(k=2), "k"),
    (lambda: lit_.simulate_literature(selection=1.5), "selection"),
    (lambda: lit_.simulate_literature(tau=-1), "tau"),
    (lambda: lit_.simulate_literature(n_min=50, n_max=20), "n_max"),
    (lambda: lit_.random_effects([0.1, 0.2, 0.3], [0.1, 0.1, 0.1], method="reml"), "method"),
    (lambda: lit_.egger([0.1, 0.2, 0.3], [0.1, 0.0, 0.1]), "se"),
    (lambda: lit_.p_curve([0.2, 0.3]), "p"),
])
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_funnel_explorer_opens_without_selection():
    # Notebook 08 asks for predictions about the biased cases before the explorer is used:
    # the opening state is the unbiased baseline, so it answers none of them.
    assert lit_.FUNNEL_EXPLORER_DEFAULTS["selection"] == 0.0
    ex = lit_.funnel_explorer()
    assert ex.controls["selection"].value == 0.0
    assert "selection strength 0.0" in ex.last_alt


def _exercise_1_1(selection):
    L = lit_.simulate_literature(k=40, true_effect=0.0, selection=selection, seed=1)
    return L, lit_.random_effects(L["y"], L["se"]), lit_.egger(L["y"], L["se"])


def test_notebook_08_exercise_1_1_statements():
    # What the worked solution to Exercise 1.1 says in words.
    L9, fit9, eg9 = _exercise_1_1(0.9)
    L0, fit0, eg0 = _exercise_1_1(0.0)
    assert L9["n_run"] > 4 * 40 and L0["n_run"] == 40      # several times more studies run
    assert fit9["estimate"] > 0.05                        # naive estimate above the true zero
    assert abs(fit0["estimate"]) < 0.05                   # close to zero without selection
    assert abs(lit_.pet_peese(L0["y"], L0["se"])["estimate"]) < 0.05
    assert eg9["p_intercept"] > 0.05                      # Egger's test misses it here


def test_notebook_08_exercise_2_1_statements():
    def pc(d):
        return lit_.p_curve(lit_.simulate_literature(k=30, true_effect=d, n_min=29, n_max=29,
                                                     selection=1.0, seed=3)["p"])
    null, real = pc(0.0), pc(0.5)
    assert abs(null["share_below_half"] - 0.5) < 0.1 and null["p_right_skew"] > 0.05
    assert real["share_below_half"] > 0.6 and real["z"] < -2 and real["p_right_skew"] < 0.05


def test_notebook_08_exercise_4_1_statements():
    # DerSimonian-Laird by hand equals random_effects(method="dl"); Paule-Mandel is somewhat
    # larger; both are positive although every simulated study has the same true effect.
    L = lit_.simulate_literature(k=40, true_effect=0.0, selection=0.9, seed=1)
    y, se = L["y"], L["se"]
    w = 1 / se ** 2
    y_bar = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - y_bar) ** 2)
    c = np.sum(w) - np.sum(w ** 2) / np.sum(w)
    tau2 = max(0.0, (q - (y.size - 1)) / c)
    dl = lit_.random_effects(y, se, method="dl")["tau2"]
    pm = lit_.random_effects(y, se)["tau2"]
    assert dl == pytest.approx(tau2)
    assert q > y.size - 1 and 0 < dl < pm < 2 * dl
