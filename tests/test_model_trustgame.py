"""The trust game and the Kosfeld reconstruction (notebook 06)."""
import numpy as np
import pytest
from scipy import stats

from oxytocin_course.models import trustgame as tg


def test_payoff_accounting_conserves_money():
    s = np.linspace(0, 1, 11)
    for t in tg.TRANSFERS:
        inv, tru = tg.payoffs(t, s)
        # Joint payoff = endowment + (m - 1) * transfer, whatever the split.
        assert np.allclose(inv + tru, tg.ENDOWMENT + (tg.MULTIPLIER - 1) * t)


def test_break_even_share_is_one_over_m():
    be = tg.break_even_share()
    assert be == pytest.approx(1 / 3)
    inv, _ = tg.payoffs(12, be)
    assert float(inv) == pytest.approx(tg.ENDOWMENT)
    assert float(tg.payoffs(12, be + 0.01)[0]) > tg.ENDOWMENT > float(tg.payoffs(12, be - 0.01)[0])


def test_subgame_perfect_equilibrium_is_no_trust():
    eq = tg.subgame_perfect()
    assert eq["transfer"] == 0 and eq["back_share"] == 0
    # Against a trustee who returns nothing, every positive transfer loses money.
    assert all(float(tg.payoffs(t, 0.0)[0]) < tg.ENDOWMENT for t in (4, 8, 12))
    assert eq["joint_if_full_trust"] == pytest.approx(36.0)


def test_betrayal_cost_raises_the_minimum_acceptable_probability():
    pure = tg.minimum_acceptable_probability(returned=18)
    assert pure == pytest.approx(12 / 18)
    assert tg.minimum_acceptable_probability(18, betrayal_cost=6) > pure
    assert tg.minimum_acceptable_probability(18, betrayal_cost=6) == pytest.approx(18 / 24)


def test_trustee_pool_is_seeded_and_respects_betrayal_rate():
    a = tg.trustee_pool(20_000, p_betray=0.3, seed=1)
    b = tg.trustee_pool(20_000, p_betray=0.3, seed=1)
    assert np.array_equal(a, b)
    assert abs((a == 0).mean() - 0.3) < 3 * np.sqrt(0.3 * 0.7 / 20_000)
    assert np.all((a >= 0) & (a <= 1))


def test_play_rounds_accounting():
    df = tg.play_rounds((12, 8, 4, 0), seed=3)
    assert len(df) == 4
    assert np.allclose(df["investor payoff (MU)"] + df["trustee payoff (MU)"],
                       12 + 2 * df["sent (MU)"], atol=0.02)
    assert df.loc[4, "investor payoff (MU)"] == 12


def test_kosfeld_shares_are_shares_of_maximal_transfers():
    assert tg.share_maximal("oxytocin") == pytest.approx(13 / 29)
    assert round(100 * tg.share_maximal("oxytocin")) == 45
    assert round(100 * tg.share_maximal("placebo")) == 21


def test_fisher_matches_scipy_and_hypergeometric():
    res = tg.fisher_test(13, 6)
    direct = stats.fisher_exact([[13, 16], [6, 23]])
    assert res["p"] == pytest.approx(direct.pvalue)
    # One-sided p equals the hypergeometric upper tail: 58 investors, 19 maximal, 29 on oxytocin.
    one = tg.fisher_test(13, 6, alternative="greater")["p"]
    assert one == pytest.approx(stats.hypergeom.sf(12, 58, 19, 29))
    assert tg.fisher_test(6, 6)["p"] == pytest.approx(1.0)


@pytest.mark.parametrize("group", ["oxytocin", "placebo"])
def test_reconstruction_is_consistent_with_quoted_figures(group):
    x = tg.reconstruct_transfers(group)
    assert x.size == 29
    assert (x == 12).sum() == tg.KOSFELD_MAX[group]
    assert abs(x.mean() - tg.KOSFELD_RECON_MEAN[group]) < 0.05
    assert np.median(x) == tg.KOSFELD_RECON_MEDIAN[group]
    assert abs(x.std(ddof=1) - tg.KOSFELD_RECON_SD[group]) < 0.3
    assert x.min() >= 0 and x.max() <= 12 and np.all(x == np.round(x))


def test_reconstruction_follows_the_target_mean():
    lo = tg.reconstruct_transfers("oxytocin", 8.5)
    hi = tg.reconstruct_transfers("oxytocin", 10.2)
    assert lo.mean() < hi.mean()
    assert (lo == 12).sum() == (hi == 12).sum() == 13


def test_mann_whitney_matches_scipy_and_superiority():
    ox, pl = tg.reconstruct_transfers("oxytocin"), tg.reconstruct_transfers("placebo")
    res = tg.mann_whitney(ox, pl)
    assert res["p"] == pytest.approx(stats.mannwhitneyu(ox, pl).pvalue)
    # Probability of superiority by brute force over all pairs (ties count 1/2).
    diff = ox[:, None] - pl[None, :]
    ps = ((diff > 0) + 0.5 * (diff == 0)).mean()
    assert res["prob_superiority"] == pytest.approx(ps)


@pytest.mark.parametrize("call,name", [
    (lambda: tg.payoffs(13, 0.5), "transfer"),
    (lambda: tg.payoffs(4, 1.5), "back_share"),
    (lambda: tg.break_even_share(0.5), "multiplier"),
    (lambda: tg.trustee_pool(10, p_betray=2), "p_betray"),
    (lambda: tg.play_rounds((5,)), "transfers"),
    (lambda: tg.fisher_test(30, 6), "n_max_oxytocin"),
    (lambda: tg.reconstruct_transfers("control"), "group"),
    (lambda: tg.minimum_acceptable_probability(6), "returned"),
])
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_equal_split_when_sending_everything_is_one_half():
    # Exercise 1.1 (a) of notebook 06: 12 - 12 + 36 s = 36 (1 - s) at s = 1/2.
    inv, tru = tg.payoffs(12, 0.5)
    assert float(inv) == pytest.approx(float(tru)) == pytest.approx(18.0)
    assert float(tg.payoffs(12, 0.45)[0]) < float(tg.payoffs(12, 0.45)[1])


def test_explorers_open_away_from_the_reported_figures_that_notebook_06_asks_about():
    fisher = tg.fisher_explorer()
    assert fisher.values() != {"n_max_oxytocin": 13, "n_max_placebo": 6}
    assert fisher.last_error is None
    recon = tg.reconstruction_explorer()
    assert recon.values()["mean_oxytocin"] != tg.KOSFELD_RECON_MEAN["oxytocin"]
    assert recon.last_error is None
    assert recon.values()["mean_oxytocin"] in recon.frame_values()


@pytest.mark.parametrize("trustee_endowment", [0.0, 6.0, 12.0])
def test_payoff_identities_with_an_endowed_trustee(trustee_endowment):
    s = np.linspace(0, 1, 21)
    for t in tg.TRANSFERS:
        inv, tru = tg.payoffs(t, s, trustee_endowment=trustee_endowment)
        # Joint payoff = E + T + (m - 1) t whatever the split.
        assert np.allclose(inv + tru, tg.ENDOWMENT + trustee_endowment + (tg.MULTIPLIER - 1) * t)
        # The trustee's endowment shifts only his own payoff.
        inv0, tru0 = tg.payoffs(t, s)
        assert np.allclose(inv, inv0)
        assert np.allclose(tru - tru0, trustee_endowment)


def test_break_even_share_does_not_depend_on_the_trustees_endowment():
    be = tg.break_even_share()
    for T in (0.0, 12.0):
        assert float(tg.payoffs(12, be, trustee_endowment=T)[0]) == pytest.approx(tg.ENDOWMENT)


def test_equal_split_share_equalises_and_grows_with_the_trustees_endowment():
    assert tg.equal_split_share(12) == pytest.approx(0.5)
    assert tg.equal_split_share(12, trustee_endowment=12) == pytest.approx(2 / 3)
    for t in (4, 8, 12):
        for T in (0.0, 6.0, 12.0):
            try:
                s = tg.equal_split_share(t, trustee_endowment=T)
            except ValueError:
                continue
            inv, tru = tg.payoffs(t, s, trustee_endowment=T)
            assert float(inv) == pytest.approx(float(tru))
    shares = [tg.equal_split_share(12, trustee_endowment=T) for T in (0, 4, 8, 12)]
    assert np.all(np.diff(shares) > 0)
    # With an endowed trustee, an equal split of the tripled amount leaves him ahead.
    inv, tru = tg.payoffs(12, 0.5, trustee_endowment=12)
    assert float(tru) - float(inv) == pytest.approx(12)


def test_equal_split_benchmarks_of_notebook_06():
    """With T = 0 the equal-final-payoff share depends on t (5/12 at t = 8);
    with T = E it is (m + 1)/(2m) at every transfer, which is also the share
    that splits the gains from trust (payoffs above E and T) equally."""
    assert tg.equal_split_share(8) == pytest.approx(5 / 12)
    assert tg.equal_split_share(4) < tg.equal_split_share(8) < tg.equal_split_share(12)
    for m in (2.0, 3.0, 4.0):
        for t in (4, 8, 12):
            s = tg.equal_split_share(t, multiplier=m, trustee_endowment=12)
            assert s == pytest.approx((m + 1) / (2 * m))
            inv, tru = tg.payoffs(t, s, multiplier=m, trustee_endowment=12)
            assert float(inv) - 12 == pytest.approx(float(tru) - 12)


@pytest.mark.parametrize("call,name", [
    (lambda: tg.payoffs(12, 0.5, trustee_endowment=-1), "trustee_endowment"),
    (lambda: tg.equal_split_share(0), "transfer"),
    (lambda: tg.equal_split_share(4, trustee_endowment=200), "trustee_endowment"),
])
def test_equal_split_bad_arguments(call, name):
    with pytest.raises(ValueError, match=name):
        call()
