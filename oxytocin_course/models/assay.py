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

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter
from scipy import stats

from .. import published
from ..checks import in_range, integer
from ..explorer import Explorer, slider
from ..figures import new_figure
from ..style import PALETTE, ROLE

#: Unextracted readings are "about 60 times higher" than extracted ones (Brown,
#: Cardoso & Ellenbogen 2016): ``data/published/assay_brown2016.yaml``.
BROWN2016_RATIO: float = float(published.load("assay_brown2016")[0]["ratio"])
#: Reading axis of both scatter plots (arbitrary units, log scale).
READING_LIMITS = (0.05, 2000.0)
#: Defaults of the simulated comparison the figure and the explorer show (illustrative):
#: number of samples, share of the unextracted signal from cross-reacting material, seed.
N_SAMPLES = 200
CROSS_REACTIVITY = 0.8
SEED = 1


def simulate(n: int = N_SAMPLES, ratio: float = BROWN2016_RATIO,
             cross_reactivity: float = CROSS_REACTIVITY, noise: float = 0.15, sd_true: float = 0.5,
             seed: int = SEED) -> dict[str, np.ndarray]:
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
    log_true = np.log(sim["true"])
    return {
        "mean_ratio": float(sim["unextracted"].mean() / sim["extracted"].mean()),
        "r_extracted": float(stats.pearsonr(log_true, np.log(sim["extracted"]))[0]),
        "r_unextracted": float(stats.pearsonr(log_true, np.log(sim["unextracted"]))[0]),
    }


def attenuated_correlation(rho_true: float, reliability_r: float) -> float:
    """Correlation a behaviour shows with an assay whose reading correlates ``reliability_r``
    with the true concentration, if the behaviour correlates ``rho_true`` with the truth and
    relates to the reading only through the truth: :math:`r_{obs} = \\rho\\, r_{assay}`."""
    rho = in_range("rho_true", rho_true, -1.0, 1.0)
    rel = in_range("reliability_r", reliability_r, -1.0, 1.0)
    return rho * rel


def _comparison_artists(fig: Figure, ax_extracted: Axes, ax_unextracted: Axes, n: int,
                        seed: int) -> dict[str, Any]:
    """The two scatter plots' static parts, and the artists :func:`_update_comparison` changes.

    The scatters start at the true concentrations of the ``n`` samples of ``seed`` (the
    same whatever the assay settings), which sets the shared x-axis."""
    true = simulate(n, seed=seed)["true"]
    art = {
        "extracted": ax_extracted.scatter(true, true, s=10, color=ROLE["corrected"], alpha=0.6),
        "unextracted": ax_unextracted.scatter(true, true, s=10, color=ROLE["naive"], alpha=0.6),
    }
    for ax, name in ((ax_extracted, "extracted assay"), (ax_unextracted, "unextracted assay")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("true concentration (arbitrary units)")
        ax.set_title(name)
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_ylim(*READING_LIMITS)
        art[f"{name.split()[0]}_note"] = ax.text(0.04, 0.95, "", transform=ax.transAxes,
                                                 va="top", fontsize=9)
    ax_extracted.set_ylabel("reading (arbitrary units)")
    fig.suptitle("Illustrative model, not data", fontsize=10, color=PALETTE["grey"])
    return art


def _update_comparison(art: dict[str, Any], ratio: float, cross_reactivity: float, n: int,
                       seed: int) -> str:
    """Show ``n`` simulated samples (``seed``) at these settings; return the alt text."""
    sim = simulate(n, ratio, cross_reactivity, seed=seed)
    result = summary(sim)
    art["extracted"].set_offsets(np.column_stack([sim["true"], sim["extracted"]]))
    art["unextracted"].set_offsets(np.column_stack([sim["true"], sim["unextracted"]]))
    art["extracted_note"].set_text(f"r with truth = {result['r_extracted']:.2f}")
    art["unextracted_note"].set_text(f"r with truth = {result['r_unextracted']:.2f}\n"
                                     f"mean reading × {result['mean_ratio']:.0f} vs extracted")
    return (f"Two log-log scatter plots of simulated readings against the true concentration. "
            f"Extracted readings lie on the diagonal (correlation {result['r_extracted']:.2f}). "
            f"Unextracted readings sit about {result['mean_ratio']:.0f} times higher and, with "
            f"{cross_reactivity:.0%} of their signal from cross-reacting material, correlate "
            f"{result['r_unextracted']:.2f} with the truth. Illustrative model.")


def plot_comparison(ratio: float = BROWN2016_RATIO, cross_reactivity: float = CROSS_REACTIVITY,
                    n: int = N_SAMPLES, seed: int = SEED) -> Figure:
    """Two panels: extracted vs truth and unextracted vs truth (log axes, shared x)."""
    fig, axes = new_figure(1, 2, figsize=(7.6, 3.6), sharex=True)
    _update_comparison(_comparison_artists(fig, *axes, n, seed), ratio, cross_reactivity, n, seed)
    return fig


def assay_explorer() -> Explorer:
    """Move the cross-reactivity share and the inflation ratio; watch accuracy and tracking."""
    fig, axes = new_figure(1, 2, figsize=(7.6, 3.6), sharex=True)
    art = _comparison_artists(fig, *axes, N_SAMPLES, SEED)
    controls = {
        "cross_reactivity": slider("Share of signal from cross-reacting matrix", CROSS_REACTIVITY,
                                   0.0, 1.0, 0.1),
        "ratio": slider("Inflation ratio R", BROWN2016_RATIO, 1.0, 100.0, 1.0),
    }

    def draw(cross_reactivity: float, ratio: float) -> str:
        return _update_comparison(art, ratio, cross_reactivity, N_SAMPLES, SEED)

    return Explorer("10-assay-comparison", fig, controls, draw, animated=art,
                    title="Extracted vs unextracted assay (illustrative model)",
                    page_control="cross_reactivity")


def comparison_figure_values(ratio: float = BROWN2016_RATIO,
                             cross_reactivity: float = CROSS_REACTIVITY, n: int = N_SAMPLES,
                             seed: int = SEED) -> dict[str, float]:
    """Numbers for figure ``10-assay-default`` (:func:`plot_comparison` at the same settings).

    Keys: ``r_extracted`` and ``r_unextracted`` (correlations of the log readings with the log
    true concentration), ``mean_ratio`` (mean unextracted / mean extracted reading), from
    :func:`summary` of the same :func:`simulate` run the figure draws; and the inputs ``ratio``,
    ``cross_reactivity`` and ``n``.  Arguments are checked by :func:`simulate`
    (``ValueError`` names the argument).
    """
    s = summary(simulate(n, ratio, cross_reactivity, seed=seed))
    return {**s, "ratio": float(ratio), "cross_reactivity": float(cross_reactivity), "n": int(n)}
