"""The investment (trust) game, and a reconstruction of Kosfeld et al. 2005.

Illustrative model.  Notation of notebook 06:

* the investor holds an endowment ``E`` (12 monetary units, MU) and sends
  ``t`` of it to the trustee;
* the experimenter multiplies the transfer by ``m`` (3), so the trustee
  receives ``m t``;
* the trustee sends back a share ``s`` of what he received.

Payoffs, with ``T`` the trustee's own endowment (``T = 0`` by default, when
the trustee's payoff is what he gets from the exchange alone)::

    investor = E - t + s m t
    trustee  = T + m t (1 - s)

Their sum is ``E + T + (m - 1) t`` whatever ``s``.  The investor gains from
trusting exactly when ``s m > 1``, i.e. when the back-transfer share exceeds
the break-even share ``1 / m``; ``T`` does not enter.  The share that makes the
two final payoffs equal does depend on ``T``::

    s_equal = (T + (m + 1) t - E) / (2 m t)

(``1/2`` when ``t = E`` and ``T = 0``; ``2/3`` when ``t = E = T = 12`` and ``m = 3``).

Backward induction for one-shot play between self-interested players: the
trustee keeps everything (``s = 0``), so the investor sends nothing
(``t = 0``).  That is the subgame-perfect equilibrium; observed play departs
from it.

The reconstruction functions build integer transfer distributions that are
*consistent with* the summary figures of Kosfeld et al. 2005: the counts of
maximal transfers reported in secondary accounts, and the paper's own table of
descriptive statistics as quoted by Field (2014), who checked his reading of
the paper's Figure 2a against that table.  They are not the data.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from .. import published
from ..checks import in_range, integer, one_of
from ..explorer import Explorer, dropdown, slider
from ..figures import new_figure
from ..style import BENEATH_DATA, PALETTE, ROLE

ENDOWMENT = 12.0
MULTIPLIER = 3.0
TRANSFERS = (0, 4, 8, 12)

# Kosfeld et al. 2005 (see notebook 06): group sizes, maximal transfers and the
# paper's descriptive statistics of the investors' average transfers, and
# Field's (2014) reconstruction of those transfers from the paper's Figure 2a
# (a reading of a figure, not the data): ``data/published/trustgame_kosfeld.yaml``.
_KOSFELD = [r for r in published.load("trustgame_kosfeld") if "reconstruction" not in r]
_FIELD = [r for r in published.load("trustgame_kosfeld") if r.get("reconstruction") == "field2014"]
KOSFELD_N: int = _KOSFELD[0]["n"]
KOSFELD_MAX = {r["group"]: r["n_maximal_transfer"] for r in _KOSFELD}
# The names keep "RECON": these are the targets the reconstruction is fitted to.
KOSFELD_RECON_MEAN = {r["group"]: r["mean"] for r in _KOSFELD}
KOSFELD_RECON_MEDIAN = {r["group"]: r["median"] for r in _KOSFELD}
KOSFELD_RECON_SD = {r["group"]: r["sd"] for r in _KOSFELD}
#: Lowest average transfer in Field's reading of Figure 2a (no investor below 3 MU).
KOSFELD_LOWEST: int = min(r["lowest_transfer"] for r in _FIELD)
#: Field's (2014) reconstruction of the investors' average transfers (MU).
FIELD2014 = {r["group"]: np.array(r["transfers"]) for r in _FIELD}


# -- the game ------------------------------------------------------------------
def payoffs(transfer: float, back_share: float | np.ndarray, endowment: float = ENDOWMENT,
            multiplier: float = MULTIPLIER,
            trustee_endowment: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Investor and trustee payoffs (MU) from one exchange.

    ``investor = E - t + s m t`` and ``trustee = T + m t (1 - s)``, with ``T``
    the trustee's own endowment (``trustee_endowment``; 0 by default, when the
    trustee's payoff is what he gets from the exchange alone).  ``back_share`` may be an array
    (one entry per trustee); the result then has its shape.
    """
    E = in_range("endowment", endowment, 0, 1000, lo_open=True)
    m = in_range("multiplier", multiplier, 1, 10)
    t = in_range("transfer", transfer, 0, E)
    T = in_range("trustee_endowment", trustee_endowment, 0, 1000)
    s = np.asarray(back_share, dtype=float)
    if s.size == 0 or not np.all(np.isfinite(s)) or np.any(s < 0) or np.any(s > 1):
        raise ValueError(f"back_share must be in [0, 1]; got {back_share!r}")
    return E - t + s * m * t, T + m * t * (1 - s)


def equal_split_share(transfer: float = ENDOWMENT, endowment: float = ENDOWMENT,
                      multiplier: float = MULTIPLIER, trustee_endowment: float = 0.0) -> float:
    """Back-transfer share ``s`` at which both players end with the same payoff.

    Solving ``E - t + s m t = T + m t (1 - s)`` for ``s`` gives
    ``s = (T + (m + 1) t - E) / (2 m t)``.  With an unendowed trustee
    (``T = 0``) and ``t = E`` this is ``1/2``, so returning half of the
    multiplied transfer equalises the payoffs; with ``T = E`` it is
    ``(m + 1) / (2 m)`` (``2/3`` for ``m = 3``) at every transfer, the share
    that also splits the gains from trust equally, because the trustee must
    make up for his own endowment.  Raises ``ValueError`` when no share in
    [0, 1] equalises the payoffs (for example ``t = 0``).
    """
    E = in_range("endowment", endowment, 0, 1000, lo_open=True)
    m = in_range("multiplier", multiplier, 1, 10)
    t = in_range("transfer", transfer, 0, E)
    T = in_range("trustee_endowment", trustee_endowment, 0, 1000)
    if t == 0:
        raise ValueError("transfer must be above 0 for a back-transfer to equalise payoffs")
    s = (T + (m + 1) * t - E) / (2 * m * t)
    if not 0 <= s <= 1:
        raise ValueError(f"no back-transfer share in [0, 1] equalises the payoffs at transfer "
                         f"{t:g}, endowment {E:g}, multiplier {m:g} and trustee_endowment {T:g} "
                         f"(it would be {s:.3f})")
    return float(s)


def break_even_share(multiplier: float = MULTIPLIER) -> float:
    """Back-transfer share at which trusting neither gains nor loses: ``1 / m``."""
    return 1.0 / in_range("multiplier", multiplier, 1, 10)


def subgame_perfect(endowment: float = ENDOWMENT, multiplier: float = MULTIPLIER) -> dict:
    """The self-interested equilibrium of the one-shot game (backward induction).

    Stage 2: a payoff-maximising trustee returns ``s = 0`` whatever he received.
    Stage 1: anticipating that, the investor's payoff ``E - t`` is largest at ``t = 0``.
    """
    E = in_range("endowment", endowment, 0, 1000, lo_open=True)
    in_range("multiplier", multiplier, 1, 10)
    return {"transfer": 0.0, "back_share": 0.0, "investor": E, "trustee": 0.0,
            "joint": E, "joint_if_full_trust": E * multiplier}


def minimum_acceptable_probability(returned: float, endowment: float = ENDOWMENT,
                                   betrayal_cost: float = 0.0) -> float:
    """Smallest probability of a trustworthy partner at which sending ``E`` pays.

    Binary version of the game: keep ``E`` for sure, or send it all and get back
    ``returned`` with probability ``p`` (else nothing).  A risk-neutral investor
    who also feels a cost ``c`` (in MU) when betrayed sends iff
    ``p R - (1 - p) c >= E``, i.e. ``p >= (E + c) / (R + c)``.
    With ``c = 0`` this is the pure-risk threshold ``E / R`` (same as a lottery);
    ``c > 0`` is an illustrative way to express betrayal aversion.
    """
    E = in_range("endowment", endowment, 0, 1000, lo_open=True)
    R = in_range("returned", returned, E, 1000, lo_open=True)
    c = in_range("betrayal_cost", betrayal_cost, 0, 1000)
    return (E + c) / (R + c)


def trustee_pool(n: int = 1000, p_betray: float = 0.25, mean_share: float = 0.4,
                 concentration: float = 8.0, seed: int = 2005) -> np.ndarray:
    """Back-transfer shares of a simulated trustee pool (illustrative model).

    With probability ``p_betray`` a trustee returns nothing; otherwise his share
    is drawn from ``Beta(mean_share * k, (1 - mean_share) * k)`` with
    concentration ``k``.  These parameters are teaching choices, not estimates.
    """
    n = integer("n", n, 1, 1_000_000)
    pb = in_range("p_betray", p_betray, 0, 1)
    mu = in_range("mean_share", mean_share, 0, 1, lo_open=True, hi_open=True)
    k = in_range("concentration", concentration, 0, 1000, lo_open=True)
    rng = np.random.default_rng(seed)
    share = rng.beta(mu * k, (1 - mu) * k, size=n)
    share[rng.random(n) < pb] = 0.0
    return share


def play_rounds(transfers: list[int] | tuple[int, ...] = (12, 12, 8, 4), p_betray: float = 0.25,
                mean_share: float = 0.4, seed: int = 2005) -> pd.DataFrame:
    """Play one round against each of ``len(transfers)`` trustees drawn from the pool.

    Returns the payoff accounting, one row per round: transfer, amount the
    trustee received (``m t``), share returned, amount returned, investor's and
    trustee's payoffs.  Seeded: the same seed gives the same trustees.
    """
    if len(transfers) == 0 or len(transfers) > 100:
        raise ValueError("transfers must list 1 to 100 transfers")
    for t in transfers:
        one_of("transfers", t, TRANSFERS)
    shares = trustee_pool(len(transfers), p_betray, mean_share, seed=seed)
    t = np.asarray(transfers, dtype=float)
    inv = ENDOWMENT - t + shares * MULTIPLIER * t
    tru = MULTIPLIER * t * (1 - shares)
    return pd.DataFrame({
        "round": np.arange(1, len(t) + 1),
        "sent (MU)": t,
        "trustee received (MU)": MULTIPLIER * t,
        "share returned": shares.round(2),
        "returned (MU)": (shares * MULTIPLIER * t).round(2),
        "investor payoff (MU)": inv.round(2),
        "trustee payoff (MU)": tru.round(2),
    }).set_index("round")


# -- Kosfeld et al. 2005: what the quoted figures do and do not mean --------------
def share_maximal(group: str) -> float:
    """Share of investors who made the maximal transfer (13/29 or 6/29)."""
    one_of("group", group, tuple(KOSFELD_MAX))
    return KOSFELD_MAX[group] / KOSFELD_N


def maximal_transfer_table(n_max_oxytocin: int = 13, n_max_placebo: int = 6,
                           n_per_group: int = KOSFELD_N) -> np.ndarray:
    """2×2 table [[max, not max] (oxytocin), [max, not max] (placebo)]."""
    n = integer("n_per_group", n_per_group, 2, 10_000)
    a = integer("n_max_oxytocin", n_max_oxytocin, 0, n)
    b = integer("n_max_placebo", n_max_placebo, 0, n)
    return np.array([[a, n - a], [b, n - b]])


def fisher_test(n_max_oxytocin: int = 13, n_max_placebo: int = 6,
                n_per_group: int = KOSFELD_N, alternative: str = "two-sided") -> dict:
    """Fisher's exact test on the counts of maximal transfers (scipy.stats.fisher_exact).

    Computed by the course on counts derived from reported percentages; it is
    *not* a p-value reported by Kosfeld et al.  The sample odds ratio
    ``a (n - b) / ((n - a) b)`` is ``None`` when a zero cell makes it infinite
    or undefined (for example when no placebo investor made the maximal transfer).
    """
    one_of("alternative", alternative, ("two-sided", "greater", "less"))
    table = maximal_transfer_table(n_max_oxytocin, n_max_placebo, n_per_group)
    res = stats.fisher_exact(table, alternative=alternative)
    odds = float(res.statistic) if table[0, 1] * table[1, 0] > 0 else None
    return {"odds_ratio": odds, "p": float(res.pvalue), "table": table}


def _fit_counts(n: int, n_max: int, mean: float, median: float | None,
                sd: float | None, lowest: int = 0) -> np.ndarray:
    """Counts of investors at 0, 1, ..., 12 MU that meet the summary figures.

    A small mixed-integer linear programme (``scipy.optimize.milp``) over the
    counts ``c_0 … c_11`` of non-maximal investors (``n_max`` sit at 12 MU):
    the group total as close as possible to ``mean · n`` (first priority), the
    sum of squares as close as possible to the one implied by ``sd`` (second),
    no level holding more investors than needed (third, for a smooth shape),
    no investor below ``lowest`` MU, and, if ``median`` is given, the middle
    investor exactly at ``median``.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    v = np.arange(12, dtype=float)
    r = n - n_max
    nv = 12 + 5                       # counts, ±slack on total, ±slack on m2, max count
    cost = np.zeros(nv)
    cost[12:14] = 1000.0
    cost[14:16] = 0.1
    cost[16] = 1.0
    rows, lo, hi = [], [], []

    def add(coef: np.ndarray, a: float, b: float) -> None:
        rows.append(coef)
        lo.append(a)
        hi.append(b)

    base = np.zeros(nv)
    a = base.copy(); a[:12] = 1
    add(a, r, r)
    total = mean * n - 12 * n_max
    a = base.copy(); a[:12] = v; a[12], a[13] = -1, 1
    add(a, total, total)
    if sd is not None:
        m2 = (n - 1) * sd ** 2 + n * mean ** 2 - 144 * n_max
        a = base.copy(); a[:12] = v ** 2; a[14], a[15] = -1, 1
        add(a, m2, m2)
    for k in range(12):
        a = base.copy(); a[k] = 1; a[16] = -1
        add(a, -np.inf, 0)
    if median is not None:
        rank = (n + 1) // 2            # 1-based rank of the (lower) median
        med = int(median)
        if med < 12:
            if rank > r:
                raise ValueError("median must be 12 MU when most investors sent 12 MU")
            a = base.copy(); a[:12] = v < med
            add(a, -np.inf, rank - 1)
            a = base.copy(); a[:12] = v <= med
            add(a, rank, np.inf)
    upper = np.full(nv, np.inf)
    upper[:min(int(lowest), 12)] = 0.0        # no investor below `lowest` MU
    res = milp(cost, constraints=LinearConstraint(np.array(rows), lo, hi),
               integrality=np.r_[np.ones(12), np.zeros(5)],
               bounds=Bounds(np.zeros(nv), upper))
    if res.status != 0 or res.x is None:
        raise ValueError("target_mean cannot be met together with the other figures")
    return np.r_[np.round(res.x[:12]).astype(int), n_max]


def reconstruct_transfers(group: str = "oxytocin", target_mean: float | None = None,
                          n_per_group: int = KOSFELD_N, n_max: int | None = None,
                          median: float | None = None, sd: float | None = None,
                          lowest: int = KOSFELD_LOWEST) -> np.ndarray:
    """A *reconstruction* of one group's investor transfers (MU), not the data.

    Each investor's transfer is taken as his average over four decisions of
    0, 4, 8 or 12 MU, hence a whole number 0–12.  ``n_max`` investors sit at
    12 MU (default 13 for oxytocin, 6 for placebo); the others are placed by
    :func:`_fit_counts` so that the group mean is as close as whole numbers
    allow to ``target_mean``, the median equals ``median``, the SD is near
    ``sd`` and nobody sent less than ``lowest`` MU.  Defaults: the paper's
    reported mean / median / SD of 9.6 / 10 / 2.8 MU (oxytocin) and
    8.1 / 8 / 3.1 MU (placebo), as quoted by Field (2014), and a floor of 3 MU
    (Field's reading of Figure 2a).  For the 29-per-group design the reported
    median is imposed whenever it can be met, also with another
    ``target_mean`` (so the default state of the explorer equals the default
    reconstruction) unless it would stop the mean from reaching
    ``target_mean``; then it is dropped.  Many other distributions fit the
    same figures equally well.
    """
    one_of("group", group, tuple(KOSFELD_MAX))
    n = integer("n_per_group", n_per_group, 3, 1000)
    k = KOSFELD_MAX[group] if n_max is None else integer("n_max", n_max, 0, n)
    mean = KOSFELD_RECON_MEAN[group] if target_mean is None else in_range(
        "target_mean", target_mean, 0, 12)
    low = integer("lowest", lowest, 0, 12)
    auto_median = median is None and n == KOSFELD_N and n_max is None
    if auto_median:
        median = KOSFELD_RECON_MEDIAN[group]
    if sd is None:
        sd = KOSFELD_RECON_SD[group]
    try:
        counts = _fit_counts(n, k, mean, median, sd, low)
    except ValueError:
        if not auto_median:
            raise
        counts = None
    if auto_median and (counts is None
                        or abs(counts @ np.arange(13) / n - mean) > 0.5 / n + 1e-9):
        # the reported median and the requested mean cannot both hold: keep the mean
        counts = _fit_counts(n, k, mean, None, sd, low)
    return np.repeat(np.arange(13), counts)


def mann_whitney(x: np.ndarray, y: np.ndarray, alternative: str = "two-sided") -> dict:
    """Mann–Whitney U test (scipy.stats.mannwhitneyu) of x against y.

    Also returns the common-language effect size ``U / (n_x n_y)``: the
    probability that a random x exceeds a random y (ties count one half).
    """
    one_of("alternative", alternative, ("two-sided", "greater", "less"))
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if x.size < 2 or y.size < 2:
        raise ValueError("x and y must each hold at least 2 values")
    res = stats.mannwhitneyu(x, y, alternative=alternative)
    return {"U": float(res.statistic), "p": float(res.pvalue),
            "prob_superiority": float(res.statistic) / (x.size * y.size)}


# -- numbers quoted in figure text (notebook 06) ---------------------------------------
def payoff_figure_values(endowment: float = ENDOWMENT,
                         multiplier: float = MULTIPLIER) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``06-payoff-lines``.

    At the settings of :func:`plot_payoff_lines`: ``endowment`` (E) and
    ``multiplier`` (m); ``break_even``, the break-even share ``1/m``
    (:func:`break_even_share`); ``keep``, the investor's payoff when he sends
    nothing; and for each positive allowed transfer ``t`` (4, 8, 12 MU)
    ``start_<t>`` and ``end_<t>``, his payoff when the trustee returns nothing
    (``s = 0``) and everything (``s = 1``), from :func:`payoffs`.
    """
    E = in_range("endowment", endowment, 0, 1000, lo_open=True)
    m = in_range("multiplier", multiplier, 1, 10)
    out: dict[str, float] = {"endowment": E, "multiplier": m,
                             "break_even": break_even_share(m),
                             "keep": float(payoffs(0.0, 0.0, E, m)[0])}
    for t in TRANSFERS[1:]:
        inv, _ = payoffs(t, np.array([0.0, 1.0]), E, m)
        out[f"start_{t}"] = float(inv[0])
        out[f"end_{t}"] = float(inv[1])
    return out


def maximal_transfer_figure_values(n_max_oxytocin: int = 13, n_max_placebo: int = 6,
                                   n_per_group: int = KOSFELD_N) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``06-maximal-transfers``.

    At the settings of :func:`plot_maximal_transfers`: the counts
    ``n_max_oxytocin``, ``n_max_placebo`` and ``n_per_group``; for each group
    ``<group>`` (``oxytocin``, ``placebo``) ``pct_<group>``, the share making
    the maximal transfer, and ``lo_<group>``, ``hi_<group>``, the ends of its
    95% Wilson interval (all in percent, as the bars and whiskers draw them).
    """
    table = maximal_transfer_table(n_max_oxytocin, n_max_placebo, n_per_group)
    n = int(table[0].sum())
    out: dict[str, float] = {"n_max_oxytocin": int(table[0, 0]),
                             "n_max_placebo": int(table[1, 0]), "n_per_group": n}
    for group, k in (("oxytocin", int(table[0, 0])), ("placebo", int(table[1, 0]))):
        lo, hi = _ci(k, n)
        out[f"pct_{group}"] = 100 * k / n
        out[f"lo_{group}"] = 100 * lo
        out[f"hi_{group}"] = 100 * hi
    return out


def _check_transfers(name: str, x: np.ndarray | None, group: str) -> np.ndarray:
    """``x`` as a 1-D array of whole-MU transfers 0–12 (the default reconstruction if None)."""
    if x is None:
        return reconstruct_transfers(group)
    a = np.asarray(x, dtype=float)
    if (a.ndim != 1 or a.size < 2 or not np.all(np.isfinite(a)) or np.any(a < 0)
            or np.any(a > ENDOWMENT) or np.any(a != np.round(a))):
        raise ValueError(f"{name} must be a 1-D array of at least 2 whole transfers "
                         f"in [0, {ENDOWMENT:g}] MU; got {x!r}")
    return a


def reconstruction_figure_values(ox: np.ndarray | None = None,
                                 pl: np.ndarray | None = None) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``06-reconstruction``.

    For the two distributions :func:`plot_reconstruction` draws (by default the
    course's reconstructions, :func:`reconstruct_transfers`): ``mean_oxytocin``
    and ``mean_placebo`` (MU); ``top_oxytocin`` and ``top_placebo``, the numbers
    of investors at the maximal 12 MU; ``lowest``, the lowest transfer in
    either group, and ``highest_below_top``, the highest transfer below 12 MU
    in either group (MU).
    """
    ox = _check_transfers("ox", ox, "oxytocin")
    pl = _check_transfers("pl", pl, "placebo")
    both = np.concatenate([ox, pl])
    below = both[both < ENDOWMENT]
    if below.size == 0:
        raise ValueError("ox and pl must hold at least one transfer below 12 MU")
    return {"mean_oxytocin": float(ox.mean()), "mean_placebo": float(pl.mean()),
            "top_oxytocin": int(np.sum(ox == ENDOWMENT)), "top_placebo": int(np.sum(pl == ENDOWMENT)),
            "lowest": float(both.min()), "highest_below_top": float(below.max())}


# -- plots -------------------------------------------------------------------------
def plot_payoff_lines(endowment: float = ENDOWMENT, multiplier: float = MULTIPLIER) -> Figure:
    """Investor payoff against the trustee's back-transfer share, one line per transfer."""
    fig, ax = new_figure(figsize=(7.0, 3.8))
    s = np.linspace(0, 1, 101)
    colours = [PALETTE["grey"], PALETTE["sky"], PALETTE["orange"], PALETTE["blue"]]
    for t, c in zip(TRANSFERS, colours):
        inv, _ = payoffs(t, s, endowment, multiplier)
        ax.plot(s, inv, color=c, label=f"send {t} MU")
    be = break_even_share(multiplier)
    ax.axvline(be, color=PALETTE["black"], lw=1, ls="--")
    ax.annotate(f"break-even share 1/m = {be:.2f}", (be, endowment * multiplier * 0.9),
                xytext=(6, 0), textcoords="offset points", fontsize=9)
    ax.set_xlabel("share of the tripled transfer the trustee sends back, s")
    ax.set_ylabel("investor payoff (MU)")
    ax.set_title("Trusting pays only if the trustee returns more than 1/m")
    ax.legend(loc="upper left")
    return fig


def _ci(k: int, n: int) -> tuple[float, float]:
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(lo), float(hi)


def plot_maximal_transfers(n_max_oxytocin: int = 13, n_max_placebo: int = 6,
                           n_per_group: int = KOSFELD_N) -> Figure:
    """Share of investors making the maximal transfer, with 95% Wilson intervals."""
    fig, ax = new_figure(figsize=(6.0, 3.6))
    _update_max(_max_artists(ax), n_max_oxytocin, n_max_placebo, n_per_group)
    return fig


def _max_artists(ax: Axes) -> dict[str, Any]:
    """The maximal-transfer bar chart's static parts, and the artists
    :func:`_update_max` changes."""
    bars = ax.bar([0, 1], [0, 0], color=[ROLE["oxytocin"], ROLE["placebo"]], width=0.55)
    whiskers = ax.vlines([0, 1], [0, 0], [0, 0], colors="black", lw=1.3, zorder=3)
    caps, = ax.plot([0, 1, 0, 1], [0, 0, 0, 0], "_", color="black", ms=14, mew=1.3, zorder=3)
    labels = [ax.text(x + 0.3, 0, "", va="center", fontsize=10) for x in (0, 1)]
    ax.set_xticks([0, 1], ["oxytocin", "placebo"])
    ax.set_xlim(-0.5, 1.9)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share making the maximal transfer")
    return {"bars": bars, "whiskers": whiskers, "caps": caps, "labels": labels}


def _update_max(art: dict[str, Any], n_oxytocin: int, n_placebo: int, n: int):
    """Show ``n_oxytocin`` and ``n_placebo`` maximal transferors of ``n`` per group."""
    shares = [n_oxytocin / n, n_placebo / n]
    cis = [_ci(n_oxytocin, n), _ci(n_placebo, n)]
    for bar, share in zip(art["bars"], shares):
        bar.set_height(share)
    art["whiskers"].set_segments([[(x, ci[0]), (x, ci[1])] for x, ci in zip([0, 1], cis)])
    art["caps"].set_data([0, 1, 0, 1], [cis[0][0], cis[1][0], cis[0][1], cis[1][1]])
    for label, x, share, count in zip(art["labels"], [0, 1], shares, [n_oxytocin, n_placebo]):
        label.set_position((x + 0.3, share))
        label.set_text(f"{count}/{n} = {100 * share:.0f}%")
    return shares, cis


def plot_reconstruction(ox: np.ndarray | None = None, pl: np.ndarray | None = None) -> Figure:
    """Dot histograms of the two reconstructed transfer distributions."""
    ox = reconstruct_transfers("oxytocin") if ox is None else ox
    pl = reconstruct_transfers("placebo") if pl is None else pl
    fig, ax = new_figure(figsize=(7.0, 3.8))
    _update_recon(_recon_artists(ax), ox, pl)
    return fig


_TRANSFER_VALUES = np.arange(int(ENDOWMENT) + 1)   # whole MU an investor can send


def _recon_artists(ax: Axes) -> dict[str, Any]:
    """The reconstruction histogram's static parts, and the artists
    :func:`_update_recon` changes."""
    zeros = np.zeros(_TRANSFER_VALUES.size)
    oxytocin_bars = ax.bar(_TRANSFER_VALUES - 0.2, zeros, width=0.4, color=ROLE["oxytocin"],
                           label="oxytocin")
    placebo_bars = ax.bar(_TRANSFER_VALUES + 0.2, zeros, width=0.4, color=ROLE["placebo"],
                          label="placebo")
    ax.set_xticks(_TRANSFER_VALUES)
    ax.set_xlabel("investor's average transfer (MU) — RECONSTRUCTION, not the data")
    ax.set_ylabel("number of investors")
    ax.set_ylim(0, 15)
    # Below the bars in drawing order (they never reach it: nobody sent under
    # KOSFELD_LOWEST MU), so an explorer frame need not redraw it.
    ax.legend(loc="upper left").set_zorder(BENEATH_DATA)
    means = ax.text(0.02, 0.70, "", transform=ax.transAxes, va="top", fontsize=10)
    return {"oxytocin": oxytocin_bars, "placebo": placebo_bars, "means": means}


def _update_recon(art: dict[str, Any], ox: np.ndarray, pl: np.ndarray) -> None:
    """Show the reconstructed transfers ``ox`` (oxytocin) and ``pl`` (placebo)."""
    for group, transfers in (("oxytocin", ox), ("placebo", pl)):
        for bar, value in zip(art[group], _TRANSFER_VALUES):
            bar.set_height(int(np.sum(transfers == value)))
    art["means"].set_text(f"mean transfer: oxytocin {ox.mean():.2f}, placebo {pl.mean():.2f} MU")


# -- explorers ---------------------------------------------------------------------
def payoff_explorer() -> Explorer:
    """Transfer and back-transfer share → both players' payoffs (illustrative)."""
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(8.0, 3.6), width_ratios=[1.5, 1])
    share = np.linspace(0, 1, 101)
    colours = [PALETTE["grey"], PALETTE["sky"], PALETTE["orange"], PALETTE["blue"]]
    curves = {t: ax1.plot(share, payoffs(t, share)[0], color=c, lw=1.5, label=f"send {t}")[0]
              for t, c in zip(TRANSFERS, colours)}
    ax1.axvline(break_even_share(), color="black", lw=1, ls="--")
    marker, = ax1.plot([], [], "o", color=PALETTE["vermillion"], ms=9, zorder=5)
    ax1.set_xlabel("trustee's back-transfer share s")
    ax1.set_ylabel("investor payoff (MU)")
    ax1.legend(loc="upper left", fontsize=9)
    bars = ax2.bar([0, 1], [0, 0], color=[PALETTE["vermillion"], PALETTE["green"]], width=0.6)
    ax2.axhline(ENDOWMENT, color="black", lw=1, ls=":")
    ax2.text(0.5, ENDOWMENT + 0.5, f"keep all\n= {ENDOWMENT:g} MU", fontsize=8, va="bottom", ha="center")
    ax2.set_xticks([0, 1], ["investor", "trustee"])
    ax2.set_ylim(0, 40)
    ax2.set_ylabel("final payoff, T = 0 (MU)")
    art = {"curves": curves, "marker": marker, "bars": bars, "title": ax2.set_title("")}

    controls = {
        "transfer": dropdown("Transfer (MU)", TRANSFERS, 12),
        "back_share": slider("Trustee returns share s", 0.4, 0.0, 1.0, 0.05),
    }

    def draw(transfer: int, back_share: float) -> str:
        inv, tru = (float(p) for p in payoffs(transfer, back_share))
        art["marker"].set_data([back_share], [inv])
        for t, curve in art["curves"].items():
            curve.set_linewidth(3.0 if t == transfer else 1.2)
        art["bars"][0].set_height(inv)
        art["bars"][1].set_height(tru)
        net = inv - ENDOWMENT
        art["title"].set_text(f"investor {net:+.1f} MU vs keeping all")
        return (f"Left: investor payoff against the trustee's back-transfer share for transfers "
                f"{', '.join(map(str, TRANSFERS[:-1]))} and {TRANSFERS[-1]} MU, with the break-even "
                f"share 1/3 dashed; the chosen transfer of "
                f"{transfer} MU at share {back_share:.2f} is marked. Right: investor gets "
                f"{inv:.1f} MU and trustee {tru:.1f} MU; the investor is {net:+.1f} MU relative "
                f"to keeping the {ENDOWMENT:g} MU endowment.")

    return Explorer("06-payoff", fig, controls, draw, animated=art, title="Payoffs of one exchange",
                    page_control="back_share", page_values=[0.0, 0.2, 1 / 3, 0.5, 0.7, 1.0])


def fisher_explorer() -> Explorer:
    """Counts of maximal transfers → shares with 95% CIs and Fisher's exact p."""
    fig, ax = new_figure(figsize=(6.4, 3.6))
    art = _max_artists(ax) | {"title": ax.set_title("", fontsize=10)}
    # Opens on 6 vs 6 (no difference), not on the reported 13 vs 6: notebook 06 asks
    # the learner to predict the p-value for 13 vs 6 and then check it here.
    controls = {
        "n_max_oxytocin": slider("Oxytocin: maximal transferors", 6, 0, KOSFELD_N, 1, integer=True),
        "n_max_placebo": slider("Placebo: maximal transferors", 6, 0, KOSFELD_N, 1, integer=True),
    }

    def draw(n_max_oxytocin: int, n_max_placebo: int) -> str:
        shares, cis = _update_max(art, n_max_oxytocin, n_max_placebo, KOSFELD_N)
        two = fisher_test(n_max_oxytocin, n_max_placebo)["p"]
        one = fisher_test(n_max_oxytocin, n_max_placebo, alternative="greater")["p"]
        art["title"].set_text(f"Fisher exact (course-computed): two-sided p = {two:.3f}, "
                              f"one-sided p = {one:.3f}")
        return (f"Bar chart: {n_max_oxytocin}/{KOSFELD_N} oxytocin and {n_max_placebo}/{KOSFELD_N} "
                f"placebo investors "
                f"made the maximal transfer ({100 * shares[0]:.0f}% vs {100 * shares[1]:.0f}%), "
                f"with 95% Wilson intervals {100 * cis[0][0]:.0f}–{100 * cis[0][1]:.0f}% and "
                f"{100 * cis[1][0]:.0f}–{100 * cis[1][1]:.0f}%. Fisher's exact test computed by "
                f"the course: two-sided p = {two:.3f}, one-sided p = {one:.3f}.")

    return Explorer("06-fisher", fig, controls, draw, animated=art, title="How fragile is 13 vs 6?",
                    page_control="n_max_oxytocin", page_values=[6, 8, 10, 11, 12, 13, 14, 15, 16])


@functools.lru_cache(maxsize=256)
def _recon_cached(group: str, mean: float) -> np.ndarray:
    return reconstruct_transfers(group, mean)


def reconstruction_explorer() -> Explorer:
    """Assumed group means → reconstructed distributions and a Mann–Whitney test."""
    fig, ax = new_figure(figsize=(7.0, 3.8))
    art = _recon_artists(ax) | {"title": ax.set_title("", fontsize=10)}
    # Opens with equal group means (8.1 MU), not on the reported 9.6 vs 8.1: notebook 06
    # asks the learner to predict, and then compute, the test on the reported means.
    controls = {
        "mean_oxytocin": slider("Oxytocin mean (MU)", 8.1, 7.0, 11.0, 0.1, readout_format=".1f"),
        "mean_placebo": slider("Placebo mean (MU)", 8.1, 5.0, 9.0, 0.1, readout_format=".1f"),
    }

    def draw(mean_oxytocin: float, mean_placebo: float) -> str:
        ox = _recon_cached("oxytocin", round(float(mean_oxytocin), 2))
        pl = _recon_cached("placebo", round(float(mean_placebo), 2))
        _update_recon(art, ox, pl)
        mw = mann_whitney(ox, pl)
        art["title"].set_text(f"Mann–Whitney (course-computed, on a reconstruction): "
                              f"two-sided p = {mw['p']:.3f}")
        top = {group: int(np.sum(x == ENDOWMENT)) for group, x in (("oxytocin", ox), ("placebo", pl))}
        return (f"Reconstructed transfer counts for {ox.size} oxytocin investors (mean "
                f"{ox.mean():.2f}, {top['oxytocin']} at {ENDOWMENT:g} MU) and {pl.size} placebo "
                f"investors (mean {pl.mean():.2f}, {top['placebo']} at {ENDOWMENT:g} MU). "
                f"Two-sided Mann–Whitney p = {mw['p']:.3f}; probability that a random oxytocin "
                f"investor sent more than a random placebo investor = {mw['prob_superiority']:.2f}.")

    return Explorer("06-reconstruction", fig, controls, draw, animated=art,
                    title="A reconstruction, not the data", page_control="mean_oxytocin",
                    page_values=[8.1, 8.5, 9.0, 9.3, 9.6, 9.9, 10.2])
