"""Reading a null: equivalence tests and the smallest effect size of interest (notebook 11).

A non-significant result says that the data are compatible with no effect; it
does not say that the effect is absent.  An **equivalence test** asks the
second question.  Choose equivalence bounds ``(Δ_L, Δ_U)``, usually ``±Δ``
for the smallest effect size of interest (SESOI), and test two one-sided
null hypotheses (TOST; Schuirmann 1987; Lakens 2017)::

    H01: θ ≤ Δ_L   rejected when  (θ̂ − Δ_L) / se  >  z_{1−α}
    H02: θ ≥ Δ_U   rejected when  (θ̂ − Δ_U) / se  < −z_{1−α}

with p-values ``p_L = 1 − Φ((θ̂ − Δ_L)/se)`` and ``p_U = Φ((θ̂ − Δ_U)/se)``
(Student's t with ``df`` degrees of freedom instead of Φ when ``df`` is
given).  The TOST p-value is ``max(p_L, p_U)``; the effect is declared
**equivalent** (smaller than the SESOI) when it is below α, which happens
exactly when the ``1 − 2α`` confidence interval (90% for α = .05) lies inside
the bounds.  Together with the usual test against zero there are four
verdicts (Lakens, Scheel & Isager 2018): different from zero, equivalent,
both (a real but negligible effect), or inconclusive.

For raw data, statsmodels has the same test (``statsmodels.stats.weightstats
.ttost_ind``); published trials report an estimate and its interval, so
:func:`tost` works from those, and the tests check that both agree.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from ipywidgets import HTML
from matplotlib.figure import Figure
from scipy import stats

from .. import datasets, published
from ..checks import in_range
from ..explorer import Explorer, panel_line, slider
from ..figures import new_figure
from ..style import BENEATH_DATA, PALETTE
from .clinic import effect_interval
from .metaanalysis import pooled

#: Smallest significance level accepted (a smaller one has no finite critical value).
ALPHA_MIN = 1e-6
#: The four verdicts of a test against zero combined with an equivalence test.
VERDICTS = {
    (True, False): "different from zero",
    (False, True): "equivalent: smaller than the bounds",
    (True, True): "different from zero, yet smaller than the bounds",
    (False, False): "inconclusive",
}


def se_from_ci(low: float, high: float, level: float = 0.95) -> float:
    """The standard error behind a symmetric normal confidence interval."""
    level = in_range("level", level, 0.5, 1 - ALPHA_MIN)
    if not high > low:
        raise ValueError(f"the interval's upper end must exceed its lower end; got {low} to {high}")
    return float((high - low) / (2 * stats.norm.ppf(0.5 + level / 2)))


def tost(estimate: float, se: float, low: float, high: float, alpha: float = 0.05,
         df: float | None = None) -> dict[str, Any]:
    """Two one-sided tests of ``estimate`` (standard error ``se``) against the bounds
    ``low`` < ``high``, and the usual two-sided test against zero.

    Returns ``p_lower``, ``p_upper``, ``p`` (the larger: the TOST p-value),
    ``equivalent`` (p < α), the ``1 − 2α`` interval ``ci_tost``, the
    ``1 − α`` interval ``ci``, ``p_zero`` and ``different`` (p_zero < α),
    and the ``verdict`` (:data:`VERDICTS`).
    """
    estimate = in_range("estimate", estimate, -1e6, 1e6)
    se = in_range("se", se, 0, 1e6, lo_open=True)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5, hi_open=True)
    low, high = in_range("low", low, -1e6, 1e6), in_range("high", high, -1e6, 1e6)
    if not high > low:
        raise ValueError(f"the upper bound must exceed the lower bound; got low={low}, high={high}")
    dist = stats.norm if df is None else stats.t(in_range("df", df, 1, 1e9))
    p_lower = float(dist.sf((estimate - low) / se))
    p_upper = float(dist.cdf((estimate - high) / se))
    p_zero = float(2 * dist.sf(abs(estimate) / se))
    one, two = dist.ppf(1 - alpha), dist.ppf(1 - alpha / 2)
    p = max(p_lower, p_upper)
    different, equivalent = p_zero < alpha, p < alpha
    return {"p_lower": p_lower, "p_upper": p_upper, "p": p, "equivalent": equivalent,
            "ci_tost": (float(estimate - one * se), float(estimate + one * se)),
            "ci": (float(estimate - two * se), float(estimate + two * se)),
            "p_zero": p_zero, "different": different,
            "verdict": VERDICTS[(different, equivalent)]}


def smallest_equivalent_bound(estimate: float, se: float, alpha: float = 0.05) -> float:
    """The narrowest symmetric bound ``±Δ`` at which the result is equivalent: the
    larger distance from zero of the ``1 − 2α`` interval's two ends."""
    one = stats.norm.ppf(1 - in_range("alpha", alpha, ALPHA_MIN, 0.5, hi_open=True))
    return float(max(abs(estimate - one * se), abs(estimate + one * se)))


# -- the cases of notebook 11 ------------------------------------------------------------------
def trial_case(label_start: str) -> dict[str, Any]:
    """A trial's published primary effect (``clinic_trials.yaml``): ``label``,
    ``estimate``, ``se`` (from the 95% interval), ``ci``, ``scale``, ``outcome``, ``cite``."""
    for record in published.load("clinic_trials"):
        if record["label"].startswith(label_start) and record.get("effect"):
            effect = record["effect"]
            low, high = effect_interval(effect)
            return {"label": record["label"], "estimate": float(effect["estimate"]),
                    "se": se_from_ci(low, high), "ci": (low, high), "scale": effect["scale"],
                    "outcome": effect["outcome"], "better": effect["better"],
                    "cite": record["cite"]}
    raise ValueError(f"no trial with a published effect whose label starts with {label_start!r}")


def pooled_case(name: str, method: str = "dl") -> dict[str, Any]:
    """A real dataset's pooled effect (:func:`metaanalysis.pooled`) as a case."""
    fit = pooled(name, method)
    info = datasets.info(name)
    return {"label": f"{info['short']}, {fit['k']} trials pooled", "estimate": fit["estimate"],
            "se": fit["se"], "ci": fit["ci"], "scale": "standardised",
            "outcome": info["positive"], "better": "positive", "cite": info["cite"]}


def standardised_cases() -> list[dict[str, Any]]:
    """The results on a standardised scale that the equivalence explorer reads: one trial
    and the three pooled estimates."""
    return [trial_case("Yamasue 2020"), *(pooled_case(name) for name in datasets.names())]


# -- figure ------------------------------------------------------------------------------------
#: x-range of the equivalence figures (standardised effects); the verdicts are
#: written right of the widest bound, at :data:`VERDICT_X`.
TOST_LIMITS = (-1.0, 1.85)
VERDICT_X = 0.86


def _tost_artists(ax, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Static rows (labels, 95% intervals, estimates) and the artists that move with the bound."""
    rows = np.arange(len(cases))
    band = ax.axvspan(-0.3, 0.3, color=PALETTE["green"], alpha=0.15, lw=0)
    low_line = ax.axvline(-0.3, color=PALETTE["green"], lw=1.2, ls="--")
    high_line = ax.axvline(0.3, color=PALETTE["green"], lw=1.2, ls="--")
    ax.axvline(0, color="black", lw=1, zorder=BENEATH_DATA)
    for row, case in zip(rows, cases):
        ax.plot(case["ci"], [row, row], color=PALETTE["grey"], lw=1.2)
        ax.plot([case["estimate"]], [row], "s", color=PALETTE["black"], ms=6, zorder=3)
    thick = [ax.plot([], [], color=PALETTE["blue"], lw=4, solid_capstyle="butt")[0] for _ in cases]
    verdicts = [ax.text(VERDICT_X, row, "", ha="left", va="center", fontsize=8) for row in rows]
    ax.set_yticks(rows, [case["label"] for case in cases], fontsize=9)
    ax.set_ylim(len(cases) - 0.5, -1.0)
    ax.set_xlim(*TOST_LIMITS)
    ax.set_xticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    ax.set_xlabel("effect, standardised (> 0 favours oxytocin)")
    ax.grid(axis="y", visible=False)
    ax.plot([], [], color=PALETTE["grey"], lw=1.2, label="95% CI")
    ax.plot([], [], color=PALETTE["blue"], lw=4, label="90% CI (TOST)")
    ax.legend(loc="upper left", fontsize=8, ncols=2).set_zorder(BENEATH_DATA)
    return {"band": band, "low": low_line, "high": high_line, "thick": thick, "verdicts": verdicts}


def _update_tost(art: dict[str, Any], cases: list[dict[str, Any]], bound: float) -> list[dict]:
    """Move the bounds to ``±bound`` and give each case its TOST verdict."""
    art["band"].set_x(-bound)
    art["band"].set_width(2 * bound)
    art["low"].set_xdata([-bound, -bound])
    art["high"].set_xdata([bound, bound])
    results = []
    for row, (case, thick, text) in enumerate(zip(cases, art["thick"], art["verdicts"])):
        result = tost(case["estimate"], case["se"], -bound, bound)
        thick.set_data(result["ci_tost"], [row, row])
        text.set_text(result["verdict"].replace(": ", ":\n").replace(", yet", ",\nyet"))
        text.set_color(PALETTE["green"] if result["equivalent"] else PALETTE["vermillion"]
                       if result["different"] else PALETTE["grey"])
        results.append(result)
    return results


def _tost_results(cases: list[dict[str, Any]], results: list[dict]) -> str:
    """Each case's estimate, 90% interval and verdict, as one sentence."""
    return "; ".join(f"{case['label']}: estimate {case['estimate']:.2f}, 90% CI "
                     f"{r['ci_tost'][0]:.2f} to {r['ci_tost'][1]:.2f}, {r['verdict']}"
                     for case, r in zip(cases, results)) + "."


def _tost_alt(cases: list[dict[str, Any]], results: list[dict], bound: float) -> str:
    return (f"Equivalence tests at bounds of plus or minus {bound:.2f} (shaded band) for "
            f"{len(cases)} standardised results. " + _tost_results(cases, results))


def plot_tost(bound: float = 0.3) -> Figure:
    """The standardised cases against equivalence bounds ``±bound``."""
    bound = in_range("bound", bound, 0.01, 1.0)
    cases = standardised_cases()
    fig, ax = new_figure(figsize=(9.6, 3.4))
    _update_tost(_tost_artists(ax, cases), cases, bound)
    return fig


def tost_figure_values(bound: float = 0.3) -> dict[str, Any]:
    """The numbers quoted in the caption and alt text of figure ``11-tost-default``:
    ``bound``, and ``alt_results``, each result's estimate, 90% interval and verdict."""
    cases = standardised_cases()
    results = [tost(case["estimate"], case["se"], -bound, bound) for case in cases]
    return {"bound": bound, "alt_results": _tost_results(cases, results)}


def tost_explorer() -> Explorer:
    """Equivalence bound → which results are equivalent, different, both, or inconclusive."""
    cases = standardised_cases()
    fig, ax = new_figure(figsize=(9.6, 3.4))
    art = _tost_artists(ax, cases)
    results_line = HTML("")
    controls = {"bound": slider("Equivalence bound ±Δ (standardised)", 0.3, 0.05, 0.8, 0.05,
                                readout_format=".2f")}

    def draw(bound: float) -> str:
        results = _update_tost(art, cases, bound)
        equivalent = sum(r["equivalent"] for r in results)
        results_line.value = panel_line(
            f"bounds ±{bound:.2f}: {equivalent} of {len(cases)} results equivalent "
            "(their 90% interval lies inside the band)")
        return _tost_alt(cases, results, bound)

    return Explorer("11-tost", fig, controls, draw, animated=art, panel=results_line,
                    title="Equivalence bounds and four verdicts", page_control="bound")
