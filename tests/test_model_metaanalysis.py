"""Meta-analysis of the real datasets (notebook 11): pooled estimates against an
independent computation, small-study tools on cases with a known answer, study-level
power, and the statements notebook 11 makes about its outputs."""
import numpy as np
import pytest
from scipy import optimize, stats

from oxytocin_course import datasets
from oxytocin_course.models import literature, metaanalysis

NAMES = datasets.names()


def by_hand(y, se, method):
    """Random effects written out with NumPy: DL moment estimate or PM by root finding."""
    y, v = np.asarray(y, float), np.asarray(se, float) ** 2
    k = y.size
    w = 1 / v
    fixed = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - fixed) ** 2)
    if method == "dl":
        c = np.sum(w) - np.sum(w ** 2) / np.sum(w)
        tau2 = max(0.0, (q - (k - 1)) / c)
    else:
        def excess(t2):
            wt = 1 / (v + t2)
            mu = np.sum(wt * y) / np.sum(wt)
            return np.sum(wt * (y - mu) ** 2) - (k - 1)
        tau2 = 0.0 if excess(0.0) <= 0 else optimize.brentq(excess, 0.0, 10.0)
    wt = 1 / (v + tau2)
    mu = np.sum(wt * y) / np.sum(wt)
    se_mu = 1 / np.sqrt(np.sum(wt))
    half = stats.t.ppf(0.975, k - 2) * np.sqrt(tau2 + se_mu ** 2)
    return {"estimate": mu, "se": se_mu, "tau2": tau2, "q": q,
            "i2": max(0.0, (q - (k - 1)) / q), "pi": (mu - half, mu + half)}


@pytest.mark.parametrize("method", ["dl", "pm"])
@pytest.mark.parametrize("name", NAMES)
def test_pooled_equals_an_independent_computation(name, method):
    df = datasets.load(name)
    mine, hand = metaanalysis.pooled(name, method), by_hand(df["yi"], df["sei"], method)
    for key in ("estimate", "se", "q", "i2"):
        assert mine[key] == pytest.approx(hand[key], abs=1e-6), key
    assert mine["tau2"] == pytest.approx(hand["tau2"], abs=1e-5)
    assert mine["pi"] == pytest.approx(hand["pi"], abs=1e-5)
    assert mine["ci"][0] == pytest.approx(hand["estimate"] - 1.959964 * hand["se"], abs=1e-5)


def test_pooled_estimates_match_what_the_papers_report():
    table = metaanalysis.comparison_table().set_index("dataset")
    bk = table.loc[datasets.info("bakermans_kranenburg_2013")["title"]]
    # Notebook 11: "reproduces the published estimate to two decimals, with either
    # estimator; the interval differs in its last digit at most".
    assert round(bk["dl"], 2) == round(bk["pm"], 2) == 0.32
    for low, high in (bk["dl_ci"], bk["pm_ci"]):
        assert abs(low - 0.18) <= 0.01 and abs(high - 0.47) <= 0.01
    keech = table.loc[datasets.info("keech_2018")["title"]]
    assert round(keech["dl"], 2) == 0.08 and keech["difference"] == 0
    ooi = table.loc[datasets.info("ooi_2017")["title"]]
    assert ooi["reported_estimate"] is None and ooi["dl_ci"][0] < 0 < ooi["dl_ci"][1]


def test_heterogeneity_is_low_in_bakermans_kranenburg():
    # "The two estimators agree because these trials hardly disagree beyond sampling error."
    fit = metaanalysis.pooled("bakermans_kranenburg_2013")
    assert fit["i2"] < 0.1 and fit["q_p"] > 0.2
    assert fit["pi"][0] < fit["ci"][0] and fit["pi"][1] > fit["ci"][1]


def test_leave_one_out_pools_each_subset():
    df = datasets.load("ooi_2017")
    loo = metaanalysis.leave_one_out(df)
    for i in range(len(df)):
        kept = df.drop(index=df.index[i])
        assert loo["estimate"].iloc[i] == pytest.approx(by_hand(kept["yi"], kept["sei"], "dl")["estimate"])


def test_leave_one_out_statements_of_notebook_11():
    loo = metaanalysis.leave_one_out("bakermans_kranenburg_2013")
    full = metaanalysis.pooled("bakermans_kranenburg_2013")["estimate"]
    shift = loo["estimate"] - full
    assert loo["label"][shift.abs().idxmax()] == "Bartz 2011"
    assert 0.01 < shift.max() < 0.05          # "only by a few hundredths"
    assert (loo["ci_low"] > 0).all()          # "every interval stays above zero"


def test_egger_and_pet_peese_recover_a_known_line():
    se = np.array([0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6])
    eg = literature.egger(0.2 + 1.5 * se, se)          # y/se = 1.5 + 0.2 (1/se): no noise
    assert eg["intercept"] == pytest.approx(1.5) and eg["slope"] == pytest.approx(0.2)
    pp = literature.pet_peese(0.2 + 1.5 * se, se)
    assert pp["pet"] == pytest.approx(0.2) and pp["pet_slope"] == pytest.approx(1.5)
    peese = literature.pet_peese(0.1 + 2.0 * se ** 2, se)
    assert peese["peese"] == pytest.approx(0.1) and peese["peese_slope"] == pytest.approx(2.0)
    flat = literature.egger(np.full(se.size, 0.3), se)  # no small-study effect at all
    assert flat["intercept"] == pytest.approx(0.0, abs=1e-9)


def test_small_study_statements_of_notebook_11():
    bk, ooi, keech = (metaanalysis.analyse(name) for name in NAMES)
    # Bakermans-Kranenburg: reversed asymmetry, flagged; PET-PEESE above the pooled effect.
    assert bk["egger"]["intercept"] < 0 and bk["egger"]["p_intercept"] < 0.05
    assert bk["pet_peese"]["estimate"] > bk["pooled"]["estimate"]
    # Ooi: notebook 08's direction, not significant; PET extrapolates below zero.
    assert ooi["egger"]["intercept"] > 0 and ooi["egger"]["p_intercept"] > 0.05
    assert ooi["pet_peese"]["used"] == "PET" and ooi["pet_peese"]["estimate"] < 0
    # Keech: close to symmetric.
    assert keech["egger"]["p_intercept"] > 0.5
    # Exercise 3.1 (c): without the two negative trials.
    df = datasets.load("bakermans_kranenburg_2013")
    kept = df[~df["study"].isin(["den-boer_1992", "bartz_2011"])]
    eg, pp = literature.egger(kept["yi"], kept["sei"]), literature.pet_peese(kept["yi"], kept["sei"])
    pooled_kept = metaanalysis.pooled(kept)["estimate"]
    assert eg["p_intercept"] > 0.05 and pooled_kept > bk["pooled"]["estimate"]
    assert abs(pp["estimate"] - pooled_kept) < abs(bk["pet_peese"]["estimate"] - bk["pooled"]["estimate"])


def test_trial_power_formula_and_properties():
    assert float(metaanalysis.trial_power(0.3, 0.0)) == pytest.approx(0.05)
    assert float(metaanalysis.trial_power(0.25, 0.4)) == pytest.approx(
        stats.norm.cdf(1.6 - 1.959964) + stats.norm.cdf(-1.6 - 1.959964), abs=1e-6)
    effects = np.linspace(0.05, 1.0, 20)
    assert np.all(np.diff(metaanalysis.trial_power(0.3, effects)) > 0)      # rises with the effect
    ses = np.linspace(0.1, 0.7, 20)
    assert np.all(np.diff(metaanalysis.trial_power(ses, 0.4)) < 0)          # falls with the SE
    with pytest.raises(ValueError, match="se"):
        metaanalysis.trial_power(0.0, 0.3)


def test_trial_power_matches_simulation():
    rng = np.random.default_rng(5)
    se, delta = 0.3, 0.5
    z = (delta + se * rng.standard_normal(200_000)) / se
    assert np.mean(np.abs(z) > 1.959964) == pytest.approx(float(metaanalysis.trial_power(se, delta)),
                                                          abs=0.005)


def test_power_statements_of_notebook_11():
    tables = {name: metaanalysis.power_table(name).set_index("effect") for name in NAMES}
    for table in tables.values():
        assert table.loc[0.3, "share_adequate"] == 0      # "no trial had 80% power for d = 0.3"
        assert table["share_adequate"].is_monotonic_increasing
        assert table["median_power"].is_monotonic_increasing
    bk = tables["bakermans_kranenburg_2013"]["share_adequate"]
    assert bk.loc[0.8] < 0.5 <= bk.loc[0.9]                # "about 0.9 or more ... half"
    for name in NAMES:
        effect = metaanalysis.pooled(name)["estimate"]
        assert metaanalysis.median_power(name, effect) < 0.25


def test_the_real_negative_intercept_is_rare_in_the_simulated_literatures():
    # Exercise 6.1: a file drawer pushes the intercept up; neither it nor a literature
    # without selection produces, in 200 runs, an intercept as negative as the real one.
    real = metaanalysis.analyse("bakermans_kranenburg_2013")["egger"]["intercept"]
    medians = {}
    for selection in (0.9, 0.0):
        sims = np.array([literature.egger(*(lambda lit: (lit["y"], lit["se"]))(
            literature.simulate_literature(k=19, true_effect=0.2, n_min=5, n_max=60,
                                           selection=selection, seed=s)))["intercept"]
            for s in range(200)])
        assert np.mean(sims <= real) == 0
        medians[selection] = np.median(sims)
    assert medians[0.9] > medians[0.0] + 0.3
    # 5 to 60 per group gives standard errors close to the real range.
    lit = literature.simulate_literature(k=19, true_effect=0.2, n_min=5, n_max=60, seed=0)
    assert lit["se"].max() > 0.55 and lit["se"].min() >= np.sqrt(2 / 60)


def test_heterogeneity_by_hand_statements_of_notebook_11():
    """Section 7 and Exercise 7.1 of notebook 11 (the sums done by hand)."""
    bk = datasets.load("bakermans_kranenburg_2013")
    fit = metaanalysis.pooled(bk, "dl")
    w = 1 / bk["sei"].to_numpy() ** 2
    terms = w * (bk["yi"].to_numpy() - fit["fixed"]) ** 2
    assert terms.sum() == pytest.approx(fit["q"])
    negative = bk["study"].isin(["den-boer_1992", "bartz_2011"]).to_numpy()
    # "den Boer 1992 and Bartz 2011 carry little weight, yet together they
    # contribute more than half of Q"
    assert w[negative].max() < np.median(w) and terms[negative].sum() > fit["q"] / 2
    # "Q comes out only a little above its df ... the two estimates differ by a few
    # thousandths"; "the random-effects estimate rounds to the published d = 0.32 ...
    # while the fixed-effect estimate rounds to a different second decimal"
    dof = fit["k"] - 1
    assert dof < fit["q"] < 1.2 * dof and fit["i2"] < 0.1
    assert 0.001 < abs(fit["fixed"] - fit["estimate"]) < 0.01
    assert round(fit["estimate"], 2) == 0.32 != round(fit["fixed"], 2)
    # Exercise 7.1: standard errors from Keech's printed intervals with 1.96.
    keech = datasets.load("keech_2018")
    y, low, high = (keech[c].to_numpy() for c in ("yi", "ci_low", "ci_high"))
    se = (high - low) / (2 * 1.96)
    hand = by_hand(y, se, "dl")
    fixed = np.sum(y / se**2) / np.sum(1 / se**2)
    course = metaanalysis.pooled("keech_2018", "dl")
    for key, digits in (("estimate", 3), ("q", 2), ("tau2", 4), ("i2", 2)):
        assert round(hand[key], digits) == round(course[key], digits), key
    assert hand["q"] < 1.2 * (len(y) - 1) and hand["i2"] < 0.1
    assert round(hand["estimate"], 2) == 0.08 != round(fixed, 2)
    assert abs(hand["estimate"] - fixed) < 0.001
    # "the off-centre intervals are off by no more than this rounding allows"
    assert 0 < np.abs((high - y) - (y - low)).max() <= 0.02 + 1e-9
    # "Errors of this size, in the estimates and the bounds together, move the pooled
    # estimate by less than 0.01"
    rng = np.random.default_rng(0)
    for _ in range(200):
        dy, dl, dh = rng.uniform(-0.005, 0.005, (3, y.size))
        moved = by_hand(y + dy, (high + dh - low - dl) / 3.92, "dl")["estimate"]
        assert abs(moved - hand["estimate"]) < 0.01


def test_expected_q_terms_of_notebook_11_section_7():
    """'term i has expectation 1 - w_i / sum w ... these add up to k - 1'
    (homogeneous trials with known standard errors), checked by simulation."""
    se = datasets.load("bakermans_kranenburg_2013")["sei"].to_numpy()
    w = 1 / se**2
    expected = 1 - w / w.sum()
    assert expected.sum() == pytest.approx(se.size - 1)
    rng = np.random.default_rng(11)
    y = rng.normal(0.3, se, size=(40_000, se.size))
    fixed = (y * w).sum(axis=1, keepdims=True) / w.sum()
    terms = w * (y - fixed) ** 2
    assert np.allclose(terms.mean(axis=0), expected, atol=0.04)
    # the heaviest trial contributes least on average
    assert terms.mean(axis=0)[np.argmax(w)] == pytest.approx(expected.min(), abs=0.04)
    assert expected.min() < 0.9


def test_bad_input_names_the_problem():
    with pytest.raises(ValueError, match="ooi_2017"):
        metaanalysis.pooled("ooi")
    with pytest.raises(ValueError, match="method"):
        metaanalysis.analyse("ooi_2017", "reml")
    with pytest.raises(ValueError, match="leave_out"):
        metaanalysis.analyse("ooi_2017", "dl", "bartz_2011")
    with pytest.raises(ValueError, match="yi"):
        metaanalysis.pooled(datasets.load("ooi_2017")[["study", "sei"]])
    with pytest.raises(ValueError, match="effects"):
        metaanalysis.power_table("ooi_2017", effects=())


def test_meta_explorer_at_its_extremes():
    ex = metaanalysis.meta_explorer()
    for name in NAMES:
        for method in metaanalysis.METHODS:
            options = [value for _, value in metaanalysis.leave_out_options(name)]
            for leave_out in (options[0], options[1], options[-1]):
                assert ex.set(name=name, method=method, leave_out=leave_out), ex.last_error
                assert f"{len(datasets.load(name)) - (leave_out != 'none')} trials" in ex.panel.value
    # Changing the dataset resets "leave out" to a trial of the new dataset (no trial).
    ex.set(name="bakermans_kranenburg_2013", leave_out="bartz_2011")
    ex.controls["name"].value = "ooi_2017"
    assert ex.values()["leave_out"] == "none" and ex.last_error is None
    assert [v for _, v in ex.controls["leave_out"].options] == [
        v for _, v in metaanalysis.leave_out_options("ooi_2017")]
