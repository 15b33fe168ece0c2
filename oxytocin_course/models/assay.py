"""Simulated comparison of extracted and unextracted oxytocin immunoassays (illustrative model).

Not a model of any real assay: its parameters are teaching choices, never measured values.
Only the *ratio* default is anchored to a published figure: in Brown et al. (2016) unextracted
samples read about 60 times higher than extracted ones.

For sample :math:`i` with latent true concentration :math:`T_i` (arbitrary units),

.. math::
    T_i &\\sim \\mathrm{LogNormal}(0, \\sigma_T^2),\\qquad
    M_i \\sim \\mathrm{LogNormal}(0, \\sigma_M^2)\\ \\text{(cross-reacting matrix, independent of } T),\\\\
    E_i &= T_i\\, e^{\\varepsilon_i},\\quad \\varepsilon_i \\sim N(0, \\sigma_E^2)
        \\quad\\text{(extracted: unbiased up to noise)},\\\\
    U_i &= R\\,\\big[(1-c)\\,\\tilde T_i + c\\,\\tilde M_i\\big]\\, e^{\\eta_i},\\quad \\eta_i \\sim N(0, \\sigma_E^2)
        \\quad\\text{(unextracted)},

where :math:`\\tilde T = T/\\overline{T}` and :math:`\\tilde M = M/\\overline{M}` are scaled to mean
1 times the mean of :math:`E`, :math:`c \\in [0, 1]` is the share of the unextracted signal that
comes from cross-reacting matrix components, and :math:`R` is the inflation ratio, so that
:math:`\\overline{U}/\\overline{E} \\approx R`.  With :math:`c \\to 1` the unextracted reading no
longer tracks :math:`T` at all.
"""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter
from scipy import stats

from ..checks import in_range, integer
from ..explorer import Explorer, slider
from ..figures import new_figure
from ..style import PALETTE, ROLE

BROWN2016_RATIO = 60.0  # "about 60 times higher" (Brown, Cardoso & Ellenbogen 2016)


def simulate(n: int = 200, ratio: float = BROWN2016_RATIO, cross_reactivity: float = 0.8,
             noise: float = 0.15, sd_true: float = 0.5, seed: int = 1) -> dict[str, np.ndarray]:
    """Simulate ``n`` samples measured both ways.  Returns arrays ``true``, ``extracted``,
    ``unextracted`` (see the module docstring for the equations)."""
    n = integer("n", n, 10, 100_000)
    ratio = in_range("ratio", ratio, 1.0, 500.0)
    c = in_range("cross_reactivity", cross_reactivity, 0.0, 1.0)
    noise = in_range("noise", noise, 0.0, 2.0)
    sd_true = in_range("sd_true", sd_true, 0.01, 2.0)
    rng = np.random.default_rng(seed)
    true = rng.lognormal(0.0, sd_true, n)
    matrix = rng.lognormal(0.0, sd_true, n)
    extracted = true * np.exp(rng.normal(0.0, noise, n))
    base = extracted.mean()
    mix = (1 - c) * true / true.mean() + c * matrix / matrix.mean()
    unextracted = ratio * base * mix * np.exp(rng.normal(0.0, noise, n))
    return {"true": true, "extracted": extracted, "unextracted": unextracted}


def summary(sim: dict[str, np.ndarray]) -> dict[str, float]:
    """Mean ratio (unextracted / extracted) and Pearson correlations of log readings with log truth."""
    lt = np.log(sim["true"])
    return {
        "mean_ratio": float(sim["unextracted"].mean() / sim["extracted"].mean()),
        "r_extracted": float(stats.pearsonr(lt, np.log(sim["extracted"]))[0]),
        "r_unextracted": float(stats.pearsonr(lt, np.log(sim["unextracted"]))[0]),
    }


def attenuated_correlation(rho_true: float, reliability_r: float) -> float:
    """Correlation a behaviour shows with an assay whose reading correlates ``reliability_r``
    with the true concentration, if the behaviour correlates ``rho_true`` with the truth and
    relates to the reading only through the truth: :math:`r_{obs} = \\rho\\, r_{assay}`."""
    rho = in_range("rho_true", rho_true, -1.0, 1.0)
    rel = in_range("reliability_r", reliability_r, -1.0, 1.0)
    return rho * rel


def plot_comparison(ratio: float = BROWN2016_RATIO, cross_reactivity: float = 0.8, n: int = 200,
                    seed: int = 1):
    """Two panels: extracted vs truth and unextracted vs truth (log axes, shared x)."""
    sim = simulate(n, ratio, cross_reactivity, seed=seed)
    s = summary(sim)
    fig, (a1, a2) = new_figure(1, 2, figsize=(7.6, 3.6), sharex=True)
    p1 = a1.scatter(sim["true"], sim["extracted"], s=10, color=ROLE["corrected"], alpha=0.6)
    p2 = a2.scatter(sim["true"], sim["unextracted"], s=10, color=ROLE["naive"], alpha=0.6)
    for ax, name in ((a1, "extracted assay"), (a2, "unextracted assay")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("true concentration (arbitrary units)")
        ax.set_title(name)
        ax.xaxis.set_minor_formatter(NullFormatter())
    a1.set_ylabel("reading (arbitrary units)")
    a1.set_ylim(0.05, 2000)
    a2.set_ylim(0.05, 2000)
    t1 = a1.text(0.04, 0.95, "", transform=a1.transAxes, va="top", fontsize=9)
    t2 = a2.text(0.04, 0.95, "", transform=a2.transAxes, va="top", fontsize=9)
    fig.suptitle("Illustrative model, not data", fontsize=10, color=PALETTE["grey"])
    fig._oxy = {"p1": p1, "p2": p2, "t1": t1, "t2": t2, "n": n, "seed": seed}  # type: ignore[attr-defined]
    _update(fig, ratio, cross_reactivity)
    return fig


def _update(fig, ratio: float, cross_reactivity: float) -> str:
    art = fig._oxy
    sim = simulate(art["n"], ratio, cross_reactivity, seed=art["seed"])
    s = summary(sim)
    art["p1"].set_offsets(np.column_stack([sim["true"], sim["extracted"]]))
    art["p2"].set_offsets(np.column_stack([sim["true"], sim["unextracted"]]))
    art["t1"].set_text(f"r with truth = {s['r_extracted']:.2f}")
    art["t2"].set_text(f"r with truth = {s['r_unextracted']:.2f}\n"
                       f"mean reading × {s['mean_ratio']:.0f} vs extracted")
    return (f"Two log-log scatter plots of simulated readings against the true concentration. "
            f"Extracted readings lie on the diagonal (correlation {s['r_extracted']:.2f}). "
            f"Unextracted readings sit about {s['mean_ratio']:.0f} times higher and, with "
            f"{cross_reactivity:.0%} of their signal from cross-reacting material, correlate "
            f"{s['r_unextracted']:.2f} with the truth. Illustrative model.")


def assay_explorer() -> Explorer:
    """Move the cross-reactivity share and the inflation ratio; watch accuracy and tracking."""
    fig = plot_comparison()
    controls = {
        "cross_reactivity": slider("Share of signal from cross-reacting matrix", 0.8, 0.0, 1.0, 0.1),
        "ratio": slider("Inflation ratio R", BROWN2016_RATIO, 1.0, 100.0, 1.0),
    }

    def draw(cross_reactivity: float, ratio: float) -> str:
        return _update(fig, ratio, cross_reactivity)

    return Explorer("10-assay-comparison", fig, controls, draw,
                    title="Extracted vs unextracted assay (illustrative model)",
                    kernel_free="cross_reactivity")


def comparison_figure_values(ratio: float = BROWN2016_RATIO, cross_reactivity: float = 0.8,
                             n: int = 200, seed: int = 1) -> dict[str, float]:
    """Numbers for figure ``10-assay-default`` (:func:`plot_comparison` at the same settings).

    Keys: ``r_extracted`` and ``r_unextracted`` (correlations of the log readings with the log
    true concentration), ``mean_ratio`` (mean unextracted / mean extracted reading), from
    :func:`summary` of the same :func:`simulate` run the figure draws; and the inputs ``ratio``,
    ``cross_reactivity`` and ``n``.  Arguments are checked by :func:`simulate`
    (``ValueError`` names the argument).
    """
    s = summary(simulate(n, ratio, cross_reactivity, seed=seed))
    return {**s, "ratio": float(ratio), "cross_reactivity": float(cross_reactivity), "n": int(n)}
