"""A simulated literature, publication bias and its corrections (notebook 08).

Illustrative model.  Each of many candidate studies has ``n_i`` participants
per group (log-uniform between ``n_min`` and ``n_max``), a true effect
``θ_i ~ N(μ, τ²)`` and an observed standardised difference
``y_i ~ N(θ_i, v_i)`` with ``v_i = 2 / n_i``.  It is published with
probability 1 if it is significant in the predicted direction
(``y_i / √v_i > 1.96``) and with probability ``1 − selection`` otherwise.

Estimators (all from statsmodels or SciPy):

* random-effects meta-analysis, ``combine_effects(y, v, method_re="pm")``
  (Paule–Mandel, the default here) or ``"dl"`` (DerSimonian–Laird,
  ``τ² = max(0, (Q − (k − 1)) / C)``; statsmodels 0.15 does not truncate the
  DL moment estimate at zero, so :func:`random_effects` does: with ``τ² = 0``
  the random-effects estimate is the fixed-effect one);
* Egger's regression: OLS of ``y_i / se_i`` on ``1 / se_i``; the intercept
  measures small-study asymmetry, the slope is a bias-adjusted effect;
* PET: WLS of ``y_i`` on ``se_i`` with weights ``1 / se_i²``, the intercept is
  the effect of a study with ``se = 0``; PEESE: the same with ``se_i²``;
  PET-PEESE uses PEESE when PET's intercept is significantly positive
  (one-sided ``p < 0.05``), else PET (Stanley & Doucouliagos 2014);
* p-curve (Simonsohn et al. 2014): among significant p-values, the share
  below .025, and the right-skew test: ``pp_i = p_i / .05``, Stouffer
  ``Z = Σ Φ⁻¹(pp_i) / √k``; a strongly negative Z (small ``Φ(Z)``) means
  evidential value (``scipy.stats.combine_pvalues(pp, "stouffer")``).
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import statsmodels.api as sm
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from ..checks import in_range, integer, one_of
from ..explorer import Explorer, slider
from ..figures import new_figure
from ..style import PALETTE, ROLE
from .power import REFERENCE_N

#: Two-sided 5% critical value of the standard normal (1.96).
Z_CRIT = stats.norm.ppf(0.975)

#: Seeds of the simulated literatures: the funnel plot and its explorer, and the p-curves.
FUNNEL_SEED = 2016
P_CURVE_SEED = 2014
#: Candidate studies :func:`simulate_literature` runs at most before it gives up.
MAX_STUDIES_RUN = 5_000_000


def simulate_literature(k: int = 40, true_effect: float = 0.0, tau: float = 0.0,
                        n_min: int = 10, n_max: int = 150, selection: float = 0.0,
                        seed: int = FUNNEL_SEED) -> dict:
    """``k`` published studies from the selection model in the module docstring.

    Returns arrays ``y`` (estimates), ``se``, ``v``, ``n`` (per group), ``p``
    (two-sided), ``theta`` (the studies' true effects) and ``n_run``, the
    number of studies run to obtain ``k`` published ones.  Vectorised: all
    candidate studies are drawn in blocks.
    """
    k = integer("k", k, 3, 100_000)
    mu = in_range("true_effect", true_effect, -2, 2)
    tau = in_range("tau", tau, 0, 2)
    n_min = integer("n_min", n_min, 4, 10_000)
    n_max = integer("n_max", n_max, n_min, 100_000)
    selection = in_range("selection", selection, 0, 1)
    rng = np.random.default_rng(seed)
    blocks: list[tuple] = []
    n_published, n_run = 0, 0
    block_size = max(4 * k, 2000)
    while n_published < k:
        if n_run > MAX_STUDIES_RUN:
            raise ValueError("selection is too strong for this true_effect: too few studies "
                             "are ever published; lower selection or raise true_effect")
        n = np.floor(np.exp(rng.uniform(np.log(n_min), np.log(n_max + 1), block_size))).astype(int)
        n = np.clip(n, n_min, n_max)
        v = 2.0 / n
        theta = mu + tau * rng.standard_normal(block_size)
        y = theta + np.sqrt(v) * rng.standard_normal(block_size)
        z = y / np.sqrt(v)
        publish = (z > Z_CRIT) | (rng.random(block_size) >= selection)
        kept = np.flatnonzero(publish)[: k - n_published]
        # Studies run in this block: up to the last one published, or the whole block.
        if n_published + kept.size >= k and kept.size:
            n_run += int(kept[-1] + 1)
        else:
            n_run += block_size
        blocks.append((y[kept], v[kept], n[kept], theta[kept]))
        n_published += kept.size
    y, v, n, theta = (np.concatenate([block[i] for block in blocks]) for i in range(4))
    se = np.sqrt(v)
    return {"y": y, "v": v, "se": se, "n": n, "theta": theta,
            "p": 2 * stats.norm.sf(np.abs(y / se)), "n_run": n_run}


def _check_arrays(y: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``y`` and ``se`` as float arrays, checked (``ValueError`` names the bad one)."""
    y = np.asarray(y, float)
    se = np.asarray(se, float)
    if y.ndim != 1 or y.shape != se.shape or y.size < 3:
        raise ValueError("y and se must be 1-D arrays of the same length, at least 3 studies")
    if np.any(~np.isfinite(se)) or np.any(se <= 0):
        raise ValueError("se must be positive and finite")
    return y, se


def random_effects(y: np.ndarray, se: np.ndarray, method: str = "pm") -> dict:
    """Random-effects pooled estimate (statsmodels ``combine_effects``) and its heterogeneity.

    Returns ``estimate``, its ``se`` and 95% ``ci``; ``tau2`` (τ², ``tau`` = τ);
    the fixed-effect estimate ``fixed``; Cochran's ``q`` on ``k − 1`` degrees of
    freedom with its p-value ``q_p``; ``i2`` = max(0, (Q − (k − 1)) / Q), the share
    of the spread not due to sampling error (Higgins & Thompson 2002; computed
    from Q, so the same for both estimators); and the 95% prediction interval
    ``pi`` for the true effect of a new study, ``μ̂ ± t(k − 2) √(τ² + se(μ̂)²)``
    (Higgins, Thompson & Spiegelhalter 2009).
    """
    one_of("method", method, ("dl", "pm"))
    y, se = _check_arrays(y, se)
    with np.errstate(invalid="ignore", divide="ignore"):  # negative DL τ², handled below
        fit = combine_effects(y, se ** 2, method_re=method)
    estimate, estimate_se, tau2 = fit.mean_effect_re, fit.sd_eff_w_re, fit.tau2
    if tau2 < 0:  # untruncated DL moment estimate: truncate at 0 (= fixed effect)
        estimate, estimate_se, tau2 = fit.mean_effect_fe, fit.sd_eff_w_fe, 0.0
    k = y.size
    q = float(fit.q)
    half_pi = stats.t.ppf(0.975, k - 2) * np.sqrt(tau2 + estimate_se ** 2)
    return {"estimate": float(estimate), "se": float(estimate_se),
            "ci": (float(estimate - Z_CRIT * estimate_se), float(estimate + Z_CRIT * estimate_se)),
            "tau2": float(tau2), "tau": float(np.sqrt(tau2)), "fixed": float(fit.mean_effect_fe),
            "k": int(k), "q": q, "q_p": float(stats.chi2.sf(q, k - 1)),
            "i2": max(0.0, (q - (k - 1)) / q) if q > 0 else 0.0,
            "pi": (float(estimate - half_pi), float(estimate + half_pi))}


def egger(y: np.ndarray, se: np.ndarray) -> dict:
    """Egger's regression test: OLS of ``y/se`` on ``1/se`` (statsmodels)."""
    y, se = _check_arrays(y, se)
    X = sm.add_constant(1.0 / se)
    fit = sm.OLS(y / se, X).fit()
    return {"intercept": float(fit.params[0]), "p_intercept": float(fit.pvalues[0]),
            "slope": float(fit.params[1])}


def pet_peese(y: np.ndarray, se: np.ndarray) -> dict:
    """PET, PEESE and the conditional PET-PEESE estimate (statsmodels WLS).

    Returns the intercepts ``pet`` and ``peese`` (the effect at ``se = 0``), PET's
    one-sided p-value, the ``estimate`` PET-PEESE reports and which one it ``used``,
    and the slopes ``pet_slope`` (on ``se``) and ``peese_slope`` (on ``se²``).
    """
    y, se = _check_arrays(y, se)
    weights = 1.0 / se ** 2
    pet = sm.WLS(y, sm.add_constant(se), weights=weights).fit()
    peese = sm.WLS(y, sm.add_constant(se ** 2), weights=weights).fit()
    pet_estimate, pet_t = float(pet.params[0]), float(pet.tvalues[0])
    p_one_sided = float(stats.t.sf(pet_t, pet.df_resid))
    use_peese = p_one_sided < 0.05
    return {"pet": pet_estimate, "pet_p_one_sided": p_one_sided, "peese": float(peese.params[0]),
            "estimate": float(peese.params[0]) if use_peese else pet_estimate,
            "used": "PEESE" if use_peese else "PET",
            "pet_slope": float(pet.params[1]), "peese_slope": float(peese.params[1])}


def p_curve(p: np.ndarray, alpha: float = 0.05) -> dict:
    """p-curve of the significant p-values (Simonsohn et al. 2014).

    Returns the number of significant p-values, the share below ``alpha / 2``
    and the right-skew test: ``pp = p / alpha``, Stouffer ``Z = Σ Φ⁻¹(pp)/√k``,
    ``p_right_skew = Φ(Z)`` (via ``scipy.stats.combine_pvalues``).
    """
    alpha = in_range("alpha", alpha, 0, 0.5, lo_open=True)
    p = np.asarray(p, float)
    significant = p[(p < alpha) & (p > 0)]
    if significant.size < 2:
        raise ValueError("p must contain at least 2 significant p-values for a p-curve")
    pp = significant / alpha
    combined = stats.combine_pvalues(pp, method="stouffer")
    z = float(np.sum(stats.norm.ppf(pp)) / np.sqrt(pp.size))
    return {"k": int(significant.size), "share_below_half": float(np.mean(significant < alpha / 2)),
            "z": z, "p_right_skew": float(combined.pvalue)}


def summary(lit: dict, true_effect: float) -> dict:
    """Naive (random-effects), Egger and PET-PEESE estimates next to the truth."""
    pooled = random_effects(lit["y"], lit["se"])
    corrected = pet_peese(lit["y"], lit["se"])
    asymmetry = egger(lit["y"], lit["se"])
    return {"truth": float(true_effect), "naive": pooled["estimate"],
            "pet_peese": corrected["estimate"], "used": corrected["used"],
            "egger_intercept": asymmetry["intercept"], "egger_p": asymmetry["p_intercept"],
            "tau2": pooled["tau2"]}


# -- numbers quoted in figure text (notebook 08) -----------------------------------------
def _key(x: float) -> str:
    """``0.3`` -> ``"0p3"``: a number as part of a placeholder name."""
    return f"{x:g}".replace(".", "p").replace("-", "m")


def funnel_figure_values(k: int = 40, true_effect: float = 0.0, selection: float = 1.0,
                         seed: int = FUNNEL_SEED) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``08-funnel-default``.

    The simulated literature of :func:`plot_funnel` with the same arguments
    (:func:`simulate_literature`, :func:`summary`): the settings ``k``,
    ``true_effect``, ``selection``; ``n_significant``, the published studies to
    the right of the p = .05 boundary (``y / se > 1.96``); ``y_top`` and
    ``y_bottom``, the estimates of the most and of the least precise study (top
    and bottom of the funnel); ``naive`` (random effects), ``pet_peese`` (the
    PET-PEESE estimate), ``egger_intercept`` and ``egger_p``.
    """
    lit = simulate_literature(k=k, true_effect=true_effect, selection=selection, seed=seed)
    estimates = summary(lit, true_effect)
    y, se = lit["y"], lit["se"]
    return {"k": int(y.size), "true_effect": float(true_effect), "selection": float(selection),
            "n_significant": int(np.sum(y / se > Z_CRIT)),
            "y_top": float(y[np.argmin(se)]), "y_bottom": float(y[np.argmax(se)]),
            "naive": estimates["naive"], "pet_peese": estimates["pet_peese"],
            "egger_intercept": estimates["egger_intercept"], "egger_p": estimates["egger_p"]}


#: True effects drawn by :func:`plot_p_curves`, and the edges of its p-value bins.
P_CURVE_EFFECTS = (0.0, 0.3, 0.6)
_P_EDGES = np.array([0, 0.01, 0.02, 0.03, 0.04, 0.05])


def _p_curve_bins(d: float, n: int, k: int, seed: int) -> tuple[np.ndarray, dict]:
    """Shares of the significant p-values in each bin of ``_P_EDGES``, and the p-curve."""
    lit = simulate_literature(k=k, true_effect=d, n_min=n, n_max=n, selection=1.0, seed=seed)
    significant = lit["p"][lit["p"] < 0.05]
    return np.histogram(significant, _P_EDGES)[0] / significant.size, p_curve(lit["p"])


def p_curves_figure_values(n: int = REFERENCE_N, k: int = 2000,
                           seed: int = P_CURVE_SEED) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``08-p-curves``.

    The curves of :func:`plot_p_curves` with the same arguments: ``n`` and
    ``k``; for each true effect ``d`` in :data:`P_CURVE_EFFECTS`, ``d_<d>``
    (the effect), ``first_<d>`` and ``last_<d>``, the percentage of significant
    p-values in the first (< .01) and the last (.04–.05) bin, ``min_<d>`` and
    ``max_<d>``, the smallest and largest percentage over the five bins, and
    ``below_half_<d>``, the percentage below .025 (:func:`p_curve`).  Names
    write a decimal point as ``p``: ``first_0p3``.
    """
    n = integer("n", n, 4, 10_000)
    k = integer("k", k, 3, 100_000)
    out: dict[str, float] = {"n": n, "k": k}
    for d in P_CURVE_EFFECTS:
        share, curve = _p_curve_bins(d, n, k, seed)
        key = _key(d)
        out[f"d_{key}"] = d
        out[f"first_{key}"] = 100 * float(share[0])
        out[f"last_{key}"] = 100 * float(share[-1])
        out[f"min_{key}"] = 100 * float(share.min())
        out[f"max_{key}"] = 100 * float(share.max())
        out[f"below_half_{key}"] = 100 * curve["share_below_half"]
    return out


# -- plots -----------------------------------------------------------------------
#: Standard errors along which :func:`plot_funnel` draws the funnel's edges and the p = .05 line.
_FUNNEL_SE = np.linspace(0.0, 0.7, 50)


def _funnel_artists(ax: Axes) -> dict[str, Any]:
    """The funnel plot's static parts, and the artists :func:`_update_funnel` changes."""
    studies = ax.scatter([], [], s=18, color=PALETTE["grey"], alpha=0.75, label="published study")
    left_edge, = ax.plot([], [], color=PALETTE["grey"], lw=1, ls=":")
    right_edge, = ax.plot([], [], color=PALETTE["grey"], lw=1, ls=":")
    ax.plot(Z_CRIT * _FUNNEL_SE, _FUNNEL_SE, color=PALETTE["purple"], lw=1, ls="-.",
            label="p = .05 boundary")
    truth = ax.axvline(0, color=ROLE["truth"], lw=2, label="true effect")
    naive = ax.axvline(0, color=ROLE["naive"], lw=2, ls="--", label="naive (random effects)")
    corrected = ax.axvline(0, color=ROLE["corrected"], lw=2, ls="-.", label="PET-PEESE")
    ax.set_ylim(0.5, 0)
    ax.set_xlim(-1.0, 2.0)
    ax.set_xlabel("estimated effect d")
    ax.set_ylabel("standard error (inverted)")
    ax.legend(loc="lower left", fontsize=8)
    return {"studies": studies, "left_edge": left_edge, "right_edge": right_edge,
            "truth": truth, "naive": naive, "corrected": corrected,
            "title": ax.set_title("", fontsize=10)}


def _update_funnel(art: dict[str, Any], lit: dict, estimates: dict) -> None:
    """Show the literature ``lit`` and its :func:`summary` ``estimates``."""
    art["studies"].set_offsets(np.c_[lit["y"], lit["se"]])
    art["left_edge"].set_data(estimates["naive"] - Z_CRIT * _FUNNEL_SE, _FUNNEL_SE)
    art["right_edge"].set_data(estimates["naive"] + Z_CRIT * _FUNNEL_SE, _FUNNEL_SE)
    for line, estimate in (("truth", "truth"), ("naive", "naive"), ("corrected", "pet_peese")):
        art[line].set_xdata([estimates[estimate], estimates[estimate]])
    art["title"].set_text(f"true {estimates['truth']:.2f} · naive {estimates['naive']:.2f} · "
                          f"{estimates['used']} {estimates['pet_peese']:.2f} · Egger intercept "
                          f"{estimates['egger_intercept']:.2f} ({_format_p(estimates['egger_p'])})")


def _format_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def plot_funnel(k: int = 40, true_effect: float = 0.0, selection: float = 1.0,
                seed: int = FUNNEL_SEED) -> Figure:
    """Funnel plot of one simulated literature with naive, corrected and true estimates."""
    fig, ax = new_figure(figsize=(7.0, 4.2))
    lit = simulate_literature(k=k, true_effect=true_effect, selection=selection, seed=seed)
    _update_funnel(_funnel_artists(ax), lit, summary(lit, true_effect))
    return fig


def plot_p_curves(n: int = REFERENCE_N, k: int = 2000, seed: int = P_CURVE_SEED) -> Figure:
    """p-curves of significant results for a null and two true effects (simulated)."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    mids = (_P_EDGES[:-1] + _P_EDGES[1:]) / 2
    for d, colour in zip(P_CURVE_EFFECTS, (PALETTE["grey"], PALETTE["orange"], PALETTE["blue"])):
        share, curve = _p_curve_bins(d, n, k, seed)
        ax.plot(mids, 100 * share, "o-", color=colour,
                label=f"true d = {d}: {100 * curve['share_below_half']:.0f}% of p < .025")
    ax.axhline(100 / (_P_EDGES.size - 1), color="black", lw=1, ls=":")   # flat: the null
    ax.set_xticks(mids, ["<.01", ".01–.02", ".02–.03", ".03–.04", ".04–.05"])
    ax.set_xlabel("p-value of a published (significant) study")
    ax.set_ylabel("% of significant results")
    ax.set_ylim(0, 80)
    ax.legend(loc="upper right", fontsize=9)
    return fig


# -- explorer ----------------------------------------------------------------------
@functools.lru_cache(maxsize=512)
def _literature_and_summary(k: int, true_effect: float, selection: float) -> tuple[dict, dict]:
    """The explorer's literature (seed :data:`FUNNEL_SEED`) and its :func:`summary`, cached."""
    lit = simulate_literature(k=k, true_effect=true_effect, selection=selection, seed=FUNNEL_SEED)
    return lit, summary(lit, true_effect)


#: The state :func:`funnel_explorer` opens in: no selection, every study published.  Notebook 08
#: asks learners to predict the biased cases before they move the sliders, so the opening state
#: is the unbiased baseline and answers none of its prompts.
FUNNEL_EXPLORER_DEFAULTS = {"selection": 0.0, "true_effect": 0.0, "k": 40}


def funnel_explorer() -> Explorer:
    """Selection strength, true effect and number of studies → funnel plot and estimates.

    Opens at :data:`FUNNEL_EXPLORER_DEFAULTS` (no selection).
    """
    fig, ax = new_figure(figsize=(7.2, 4.2))
    art = _funnel_artists(ax)
    start = FUNNEL_EXPLORER_DEFAULTS
    controls = {
        "selection": slider("Selection on significance", start["selection"], 0.0, 1.0, 0.1,
                            readout_format=".1f"),
        "true_effect": slider("True effect d", start["true_effect"], 0.0, 0.8, 0.1,
                              readout_format=".1f"),
        "k": slider("Published studies", start["k"], 10, 200, 10, integer=True),
    }

    def draw(selection: float, true_effect: float, k: int) -> str:
        lit, estimates = _literature_and_summary(int(k), round(float(true_effect), 2),
                                                 round(float(selection), 2))
        _update_funnel(art, lit, estimates)
        return (f"Funnel plot of {k} published studies (effect estimate against inverted standard "
                f"error) from a simulated literature with true effect {true_effect:.1f} and "
                f"selection strength {selection:.1f} ({lit['n_run']} studies run). Vertical "
                f"lines: true effect {estimates['truth']:.2f}, naive random-effects estimate "
                f"{estimates['naive']:.2f}, {estimates['used']} estimate "
                f"{estimates['pet_peese']:.2f}. Egger intercept "
                f"{estimates['egger_intercept']:.2f} ({_format_p(estimates['egger_p'])}).")

    return Explorer("08-funnel", fig, controls, draw, animated=art,
                    title="A simulated file drawer", page_control="selection",
                    page_values=[0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0])
