"""Meta-analysis of real published trials, and the power of each trial (notebook 11).

The data are study-level effect sizes from three published meta-analyses
(:mod:`oxytocin_course.datasets`).  Nothing here is simulated: the functions
summarise what the trials reported.

* **Pooled effect** (random effects): :func:`literature.random_effects
  <oxytocin_course.models.literature.random_effects>` (statsmodels
  ``combine_effects``), with DerSimonian–Laird (``"dl"``) or Paule–Mandel
  (``"pm"``) τ².  With weights ``w_i = 1/(se_i² + τ²)`` the estimate is
  ``μ̂ = Σ w_i y_i / Σ w_i`` with standard error ``1/√Σ w_i``; it also returns
  Cochran's Q, ``I² = max(0, (Q − (k − 1))/Q)`` and the 95% prediction interval
  ``μ̂ ± t(k − 2) √(τ² + se(μ̂)²)``.
* **Small-study effects**: Egger's regression and PET-PEESE, as in notebook 08
  (:func:`literature.egger`, :func:`literature.pet_peese`).
* **Leave-one-out**: the pooled effect with each trial omitted in turn.
* **Power of each trial** (Quintana's study-level power): a trial whose effect
  has standard error ``se`` detects a true effect ``δ`` with a two-sided z-test
  at level α with probability ``Φ(δ/se − z) + Φ(−δ/se − z)``, ``z = z_{1−α/2}``.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
from ipywidgets import HTML, Dropdown
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle
from matplotlib.text import Text
from scipy import stats

from .. import datasets
from ..checks import in_range, one_of
from ..explorer import Explorer, dropdown, panel_line
from ..figures import new_figure, new_mosaic
from ..style import BENEATH_DATA, PALETTE, ROLE
from . import literature

#: The estimators of τ² (labels as the notebook names them).
METHODS = {"dl": "DerSimonian–Laird", "pm": "Paule–Mandel"}
#: True effects at which :func:`power_table` reports the trials' power (d = 0.1 … 1.0).
EFFECTS = tuple(round(0.1 * i, 1) for i in range(1, 11))
#: Power a trial needs to count as adequately powered.
ADEQUATE = 0.8
#: "Leave no trial out" in :func:`analyse` and the explorer.
NONE = "none"


def _frame(name_or_df: str | pd.DataFrame) -> pd.DataFrame:
    """A dataset by name (:func:`datasets.load`) or a DataFrame with ``yi`` and ``sei``."""
    if isinstance(name_or_df, str):
        return datasets.load(name_or_df)
    if not {"yi", "sei"} <= set(name_or_df.columns):
        raise ValueError("the data must have the columns yi (effect) and sei (standard error)")
    return name_or_df


def pooled(data: str | pd.DataFrame, method: str = "dl") -> dict[str, Any]:
    """Random-effects meta-analysis of a dataset (name or DataFrame); see the module docstring."""
    df = _frame(data)
    return literature.random_effects(df["yi"].to_numpy(), df["sei"].to_numpy(), method=method)


def trial_power(se: float | np.ndarray, effect: float | np.ndarray,
                alpha: float = 0.05) -> np.ndarray:
    """Power of a two-sided z-test at level ``alpha`` for a true ``effect``, given the
    trial's standard error ``se`` (arrays broadcast)."""
    alpha = in_range("alpha", alpha, 0, 0.5, lo_open=True)
    se = np.asarray(se, float)
    if np.any(~np.isfinite(se)) or np.any(se <= 0):
        raise ValueError("se must be positive and finite")
    z = stats.norm.ppf(1 - alpha / 2)
    ratio = np.asarray(effect, float) / se
    return stats.norm.cdf(ratio - z) + stats.norm.cdf(-ratio - z)


def power_table(data: str | pd.DataFrame, effects: tuple[float, ...] = EFFECTS,
                alpha: float = 0.05) -> pd.DataFrame:
    """For each true effect: the share of trials with at least 80% power and the
    trials' median power (columns ``effect``, ``share_adequate``, ``median_power``)."""
    df = _frame(data)
    effects_ = np.asarray(effects, float)
    if effects_.ndim != 1 or effects_.size == 0 or np.any(effects_ <= 0):
        raise ValueError("effects must be a non-empty list of positive effect sizes")
    powers = trial_power(df["sei"].to_numpy()[None, :], effects_[:, None], alpha)
    return pd.DataFrame({"effect": effects_, "share_adequate": np.mean(powers >= ADEQUATE, axis=1),
                         "median_power": np.median(powers, axis=1)})


def median_power(data: str | pd.DataFrame, effect: float, alpha: float = 0.05) -> float:
    """The trials' median power to detect a true ``effect`` (e.g. the pooled one)."""
    df = _frame(data)
    return float(np.median(trial_power(df["sei"].to_numpy(), abs(effect), alpha)))


def leave_one_out(data: str | pd.DataFrame, method: str = "dl") -> pd.DataFrame:
    """The pooled effect with each trial left out in turn: one row per trial left out
    (``label``, ``estimate``, ``ci_low``, ``ci_high``, ``tau2``, ``i2``)."""
    df = _frame(data)
    rows = []
    for i in range(len(df)):
        fit = pooled(df.drop(index=df.index[i]), method)
        rows.append({"label": df["label"].iloc[i] if "label" in df else str(i),
                     "estimate": fit["estimate"], "ci_low": fit["ci"][0], "ci_high": fit["ci"][1],
                     "tau2": fit["tau2"], "i2": fit["i2"]})
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=256)
def analyse(name: str, method: str = "dl", leave_out: str = NONE) -> dict[str, Any]:
    """Everything the explorer shows for dataset ``name``: the trials kept (``data``),
    the ``pooled`` fit, ``egger``, ``pet_peese``, the ``power`` table and the
    ``median_power`` at the pooled effect, with trial ``leave_out`` (a ``study``
    name, or ``"none"``) omitted."""
    one_of("method", method, tuple(METHODS))
    df = datasets.load(name)
    if leave_out != NONE:
        one_of("leave_out", leave_out, [NONE, *df["study"]])
        df = df[df["study"] != leave_out]
    y, se = df["yi"].to_numpy(), df["sei"].to_numpy()
    fit = pooled(df, method)
    return {"data": df, "pooled": fit, "egger": literature.egger(y, se),
            "pet_peese": literature.pet_peese(y, se), "power": power_table(df),
            "median_power": median_power(df, fit["estimate"])}


def comparison_table() -> pd.DataFrame:
    """Each dataset's pooled effect as its paper reports it next to this reanalysis
    (DerSimonian–Laird and Paule–Mandel): ``reported`` (the paper's words),
    ``reported_estimate`` (None if the abstract gives none), ``dl``, ``dl_ci``, ``pm``,
    ``pm_ci`` and ``difference`` (DerSimonian–Laird, rounded as reported, minus reported;
    None without a reported estimate)."""
    rows = []
    for name in datasets.names():
        info = datasets.info(name)
        reported = info.get("reported", {})
        dl, pm = pooled(name, "dl"), pooled(name, "pm")
        estimate = reported.get("estimate")
        rows.append({"dataset": info["title"], "reported": reported.get("text", ""),
                     "reported_estimate": estimate,
                     "dl": dl["estimate"], "dl_ci": tuple(round(x, 2) for x in dl["ci"]),
                     "pm": pm["estimate"], "pm_ci": tuple(round(x, 2) for x in pm["ci"]),
                     "difference": (None if estimate is None
                                    else round(round(dl["estimate"], 2) - estimate, 2))})
    return pd.DataFrame(rows, dtype=object)


# -- figure ------------------------------------------------------------------------------
#: Most trials in any dataset: the forest keeps this many rows of artists.
MAX_TRIALS = max(datasets.info(name)["rows"] for name in datasets.names())
#: x-range of the forest and the funnel (every interval in the data fits).
EFFECT_LIMITS = (-2.5, 2.5)
#: Standard errors over which the funnel's edges and the PET line are drawn.
_SE_GRID = np.linspace(0.0, 0.8, 41)
#: True effects along the power panel's curves.
_POWER_GRID = np.linspace(0.05, 1.0, 39)
#: Distance in rows from the forest's first trial to its pooled diamond (the same for
#: every dataset: fewer trials are spaced further apart, so the axes never change).
_FOREST_SPAN = MAX_TRIALS + 0.8
#: Marker area of a trial with the average weight in the forest.
_MARKER_AREA = 40.0


def _meta_figure(panels: bool = True) -> tuple[Figure, dict[str, Any], list[Text], Text]:
    """The static parts of the forest (and, with ``panels``, of the funnel and power
    panels), the artists :func:`_update_meta` changes, the trial labels and the
    forest's title (static: they change with the dataset only)."""
    if panels:
        fig, axes = new_mosaic([["labels", "forest", "funnel"], ["labels", "forest", "power"]],
                               figsize=(10.0, 5.6), width_ratios=[0.42, 1.25, 1.0])
    else:
        fig, axes = new_mosaic([["labels", "forest"]], figsize=(7.4, 5.6), width_ratios=[0.42, 1.25])
    names, forest = axes["labels"], axes["forest"]
    names.set_axis_off()
    forest.sharey(names)
    names.set_ylim(_FOREST_SPAN + 0.8, -0.8)
    forest.axvline(0, color="black", lw=1)
    forest.set_xlim(*EFFECT_LIMITS)
    forest.set_xlabel("effect (oxytocin − placebo)")
    forest.tick_params(axis="y", left=False, labelleft=False)
    forest.grid(False, axis="y")
    title = forest.set_title("", fontsize=10)
    labels = [names.text(1.0, 0, "", ha="right", va="center", fontsize=8,
                         transform=names.get_yaxis_transform()) for _ in range(MAX_TRIALS)]
    names.text(1.0, _FOREST_SPAN, "pooled (random effects)", ha="right", va="center", fontsize=8,
               color=ROLE["oxytocin"], transform=names.get_yaxis_transform())
    art: dict[str, Any] = {
        # A white veil over the label of the trial left out (above the labels).
        "veil": names.add_patch(Rectangle((0, 0), 1.0, 0.0, color="white", alpha=0.7, zorder=4,
                                          transform=names.get_yaxis_transform())),
        "intervals": forest.add_collection(LineCollection([], colors=PALETTE["black"], lw=1.2)),
        "points": forest.scatter([], [], marker="s", color=PALETTE["black"], zorder=3),
        "diamond": forest.add_patch(Polygon(np.zeros((4, 2)), closed=True, color=ROLE["oxytocin"])),
        "prediction": forest.plot([], [], color=ROLE["oxytocin"], lw=4, alpha=0.35,
                                  solid_capstyle="butt")[0],
        "pooled_line": forest.axvline(0, color=ROLE["oxytocin"], lw=1, ls="--"),
    }
    fig.legend(handles=[Patch(color=ROLE["oxytocin"], label="pooled effect, 95% CI (diamond)"),
                        Line2D([], [], color=ROLE["oxytocin"], lw=4, alpha=0.35,
                               label="95% prediction interval")],
               loc="outside lower left", ncols=2, fontsize=8)
    if not panels:
        return fig, art, labels, title
    funnel, power = axes["funnel"], axes["power"]
    funnel.set_xlim(-2.0, 2.0)
    funnel.set_ylim(_SE_GRID[-1], 0)
    funnel.set_xlabel("effect")
    funnel.set_ylabel("standard error")
    funnel.set_title("Funnel", fontsize=10)
    funnel.axvline(0, color="black", lw=1)
    art.update({
        "funnel_points": funnel.scatter([], [], s=16, color=PALETTE["black"], alpha=0.8),
        "funnel_left": funnel.plot([], [], color=PALETTE["grey"], lw=1, ls=":")[0],
        "funnel_right": funnel.plot([], [], color=PALETTE["grey"], lw=1, ls=":")[0],
        "funnel_pooled": funnel.axvline(0, color=ROLE["oxytocin"], lw=1.5, ls="--",
                                        label="pooled (random effects)"),
        "pet_line": funnel.plot([], [], color=ROLE["corrected"], lw=1.5, ls="-.",
                                label="PET-PEESE line")[0],
    })
    funnel.legend(loc="lower right", fontsize=7).set_zorder(BENEATH_DATA)
    power.set_xlim(0, 1.0)
    power.set_ylim(0, 1.0)
    power.set_xlabel("true effect")
    power.set_ylabel("share / power")
    power.set_title("Power of the trials", fontsize=10)
    power.axhline(ADEQUATE, color=PALETTE["grey"], lw=1, ls=":")
    art.update({
        "share_line": power.plot([], [], color=PALETTE["vermillion"], lw=2,
                                 label="share with 80% power")[0],
        "median_line": power.plot([], [], color=PALETTE["green"], lw=2, ls="--",
                                  label="median power")[0],
        "power_marker": power.plot([], [], "o", color=ROLE["oxytocin"], ms=6,
                                   label="at the pooled effect")[0],
    })
    power.legend(loc="upper left", fontsize=7).set_zorder(BENEATH_DATA)
    return fig, art, labels, title


def _update_meta(art: dict[str, Any], labels: list[Text], title: Text, name: str, method: str,
                 leave_out: str) -> dict[str, Any]:
    """Show dataset ``name`` with trial ``leave_out`` omitted; returns :func:`analyse`'s result.

    The trial ``labels`` and the forest's ``title`` are static: they change (and
    the figure is redrawn beneath the data) only when the dataset does."""
    result = analyse(name, method, leave_out)
    full = datasets.load(name)
    fit = result["pooled"]
    k = len(full)
    step = _FOREST_SPAN / (k - 1 + 1.8)
    rows = step * np.arange(k)
    kept = (full["study"] != leave_out).to_numpy()
    weights = 1 / (full["sei"].to_numpy() ** 2 + fit["tau2"])
    sizes = _MARKER_AREA * weights / weights[kept].mean()
    colours = np.where(kept, PALETTE["black"], PALETTE["grey"])
    names = [*full["label"], *[""] * (len(labels) - k)]
    if [text.get_text() for text in labels] != names:
        title.set_text(f"{datasets.info(name)['short']}: trials and pooled effect")
        for text, label, y in zip(labels, names, [*rows, *[0.0] * (len(labels) - k)]):
            text.set_text(label)
            text.set_y(y)
    out = np.flatnonzero(~kept)
    art["veil"].set_visible(bool(out.size))
    if out.size:
        art["veil"].set_bounds(0, rows[out[0]] - step / 2, 1.0, step)
    art["intervals"].set_segments([[(lo, y), (hi, y)] for y, lo, hi in
                                   zip(rows, full["ci_low"], full["ci_high"])])
    art["intervals"].set_colors(colours)
    art["points"].set_offsets(np.c_[full["yi"], rows])
    art["points"].set_sizes(np.where(kept, sizes, 12.0))
    art["points"].set_color(colours)
    mu, (lo, hi), y0 = fit["estimate"], fit["ci"], _FOREST_SPAN
    art["diamond"].set_xy([(lo, y0), (mu, y0 - 0.4), (hi, y0), (mu, y0 + 0.4)])
    art["prediction"].set_data(fit["pi"], [y0, y0])
    art["pooled_line"].set_xdata([mu, mu])
    if "funnel_points" not in art:   # the forest alone
        return result
    df = result["data"]
    art["funnel_points"].set_offsets(np.c_[df["yi"], df["sei"]])
    art["funnel_left"].set_data(mu - literature.Z_CRIT * _SE_GRID, _SE_GRID)
    art["funnel_right"].set_data(mu + literature.Z_CRIT * _SE_GRID, _SE_GRID)
    art["funnel_pooled"].set_xdata([mu, mu])
    art["pet_line"].set_data(_pet_peese_line(result["pet_peese"]), _SE_GRID)
    se = df["sei"].to_numpy()
    powers = trial_power(se[None, :], _POWER_GRID[:, None])
    art["share_line"].set_data(_POWER_GRID, np.mean(powers >= ADEQUATE, axis=1))
    art["median_line"].set_data(_POWER_GRID, np.median(powers, axis=1))
    art["power_marker"].set_data([abs(mu)], [result["median_power"]])
    return result


def _pet_peese_line(pp: dict[str, Any]) -> np.ndarray:
    """The effect along :data:`_SE_GRID` on the regression line PET-PEESE used
    (:func:`literature.pet_peese`): linear in se for PET, in se² for PEESE."""
    if pp["used"] == "PEESE":
        return pp["peese"] + pp["peese_slope"] * _SE_GRID ** 2
    return pp["pet"] + pp["pet_slope"] * _SE_GRID


def describe(result: dict[str, Any]) -> str:
    """One sentence of the numbers the figure shows (the explorer's results line)."""
    fit, egger, pp = result["pooled"], result["egger"], result["pet_peese"]
    lo, hi = fit["ci"]
    return (f"{fit['k']} trials · pooled {fit['estimate']:.2f} (95% CI {lo:.2f} to {hi:.2f}) · "
            f"τ² {fit['tau2']:.3f}, I² {100 * fit['i2']:.0f}% · prediction interval "
            f"{fit['pi'][0]:.2f} to {fit['pi'][1]:.2f} · Egger p {egger['p_intercept']:.2f} · "
            f"{pp['used']} {pp['estimate']:.2f} · median power at the pooled effect "
            f"{100 * result['median_power']:.0f}%")


def _alt(result: dict[str, Any], name: str, method: str, leave_out: str) -> str:
    info = datasets.info(name)
    left = ("" if leave_out == NONE else
            f" with {datasets.label(leave_out)} left out (drawn in grey)")
    return (f"Forest plot, funnel plot and power of the trials in {info['title']}{left}, "
            f"{METHODS[method]} random effects: {describe(result)}.")


def plot_forest(name: str = "bakermans_kranenburg_2013", method: str = "dl") -> Figure:
    """The forest plot of one real dataset: each trial's effect with its 95% CI (square
    area proportional to its random-effects weight), the pooled diamond and the
    prediction interval."""
    fig, art, labels, title = _meta_figure(panels=False)
    _update_meta(art, labels, title, name, method, NONE)
    return fig


def plot_meta(name: str = "bakermans_kranenburg_2013", method: str = "dl",
              leave_out: str = NONE) -> Figure:
    """Forest plot, funnel plot and the trials' power for one real dataset."""
    fig, art, labels, title = _meta_figure()
    _update_meta(art, labels, title, name, method, leave_out)
    return fig


def meta_figure_values(name: str = "bakermans_kranenburg_2013", method: str = "dl") -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``11-forest``:
    ``k``, ``estimate``, ``ci_low``, ``ci_high``, ``tau2``, ``i2`` (percent),
    ``pi_low``, ``pi_high``, ``egger_p``, ``pet_peese`` and ``median_power``
    (percent), from :func:`analyse`."""
    result = analyse(name, method)
    fit = result["pooled"]
    return {"k": fit["k"], "estimate": fit["estimate"], "ci_low": fit["ci"][0],
            "ci_high": fit["ci"][1], "tau2": fit["tau2"], "i2": 100 * fit["i2"],
            "pi_low": fit["pi"][0], "pi_high": fit["pi"][1],
            "egger_p": result["egger"]["p_intercept"], "pet_peese": result["pet_peese"]["estimate"],
            "median_power": 100 * result["median_power"]}


def plot_leave_one_out(name: str = "bakermans_kranenburg_2013", method: str = "dl") -> Figure:
    """The pooled effect with each trial left out in turn (one row per trial left out),
    next to the pooled effect of all trials."""
    df = datasets.load(name)
    loo = leave_one_out(df, method)
    full = pooled(df, method)
    fig, ax = new_figure(figsize=(7.4, 0.9 + 0.2 * len(df)))
    rows = np.arange(len(df))
    ax.axvspan(*full["ci"], color=ROLE["oxytocin"], alpha=0.12, lw=0, label="95% CI, all trials")
    ax.axvline(full["estimate"], color=ROLE["oxytocin"], lw=1.5, ls="--", label="pooled, all trials")
    ax.axvline(0, color="black", lw=1)
    ax.hlines(rows, loo["ci_low"], loo["ci_high"], color=PALETTE["black"], lw=1.2)
    ax.plot(loo["estimate"], rows, "s", color=PALETTE["black"], ms=5)
    ax.set_yticks(rows, [f"without {label}" for label in df["label"]], fontsize=8)
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.set_xlabel(f"pooled {datasets.info(name)['measure']} ({METHODS[method]})")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside upper center", ncols=2, fontsize=8)
    return fig


def leave_one_out_figure_values(name: str = "bakermans_kranenburg_2013",
                                method: str = "dl") -> dict[str, Any]:
    """The numbers quoted in the caption and alt text of figure ``11-leave-one-out``:
    ``k``, ``full`` (the pooled effect of all trials), ``low`` and ``high`` (the
    smallest and largest leave-one-out estimate), ``low_label`` and ``high_label``
    (the trial whose omission gives each) and ``min_ci_low`` (the lowest lower bound)."""
    df = datasets.load(name)
    loo = leave_one_out(df, method)
    return {"k": len(df), "full": pooled(df, method)["estimate"],
            "low": float(loo["estimate"].min()), "high": float(loo["estimate"].max()),
            "low_label": loo["label"][loo["estimate"].idxmin()],
            "high_label": loo["label"][loo["estimate"].idxmax()],
            "min_ci_low": float(loo["ci_low"].min())}


def plot_funnels(method: str = "dl") -> Figure:
    """The three real funnel plots side by side, each with its pooled effect, the
    pseudo-confidence funnel around it and the PET-PEESE line."""
    fig, axes = new_figure(1, len(datasets.names()), figsize=(10.0, 3.6), sharey=True)
    for ax, name in zip(axes, datasets.names()):
        result = analyse(name, method)
        df, mu, pp = result["data"], result["pooled"]["estimate"], result["pet_peese"]
        ax.axvline(0, color="black", lw=1)
        ax.plot(mu - literature.Z_CRIT * _SE_GRID, _SE_GRID, color=PALETTE["grey"], lw=1, ls=":")
        ax.plot(mu + literature.Z_CRIT * _SE_GRID, _SE_GRID, color=PALETTE["grey"], lw=1, ls=":")
        ax.axvline(mu, color=ROLE["oxytocin"], lw=1.5, ls="--", label="pooled")
        ax.plot(_pet_peese_line(pp), _SE_GRID, color=ROLE["corrected"],
                lw=1.5, ls="-.", label=f"{pp['used']} line")
        ax.scatter(df["yi"], df["sei"], s=18, color=PALETTE["black"], zorder=3)
        ax.set_xlim(-2.0, 2.0)
        ax.set_ylim(_SE_GRID[-1], 0)
        ax.set_xlabel(datasets.info(name)["measure"])
        egger = result["egger"]
        ax.set_title(f"{datasets.info(name)['short']}\nEgger intercept {egger['intercept']:.2f} "
                     f"(p = {egger['p_intercept']:.2f}); {pp['used']} {pp['estimate']:.2f}",
                     fontsize=9)
        ax.legend(loc="lower left", fontsize=7)
    axes[0].set_ylabel("standard error")
    return fig


def plot_power_curves(effects: np.ndarray = _POWER_GRID) -> Figure:
    """For each real dataset, the share of its trials with 80% power (left) and the
    trials' median power (right) against the true effect."""
    fig, (share, median) = new_figure(1, 2, figsize=(9.0, 3.4), sharex=True)
    colours = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])
    for name, colour, style in zip(datasets.names(), colours, ("-", "--", "-.")):
        table = power_table(name, tuple(effects))
        label = datasets.info(name)["short"]
        share.plot(table["effect"], table["share_adequate"], color=colour, ls=style, label=label)
        median.plot(table["effect"], table["median_power"], color=colour, ls=style, label=label)
    for ax, title in ((share, "Share of trials with 80% power"), (median, "Median power of the trials")):
        ax.axhline(ADEQUATE, color=PALETTE["grey"], lw=1, ls=":")
        ax.set_xlim(0, 1.0)
        ax.set_ylim(0, 1.0)
        ax.set_xlabel("true effect (d or g)")
        ax.set_title(title, fontsize=10)
    share.legend(loc="upper left", fontsize=8)
    return fig


def power_curves_figure_values() -> dict[str, Any]:
    """The numbers quoted in the caption and alt text of figure ``11-power``: for each
    dataset's short key (``bk``, ``ooi``, ``keech``), ``<key>_first``, the smallest true
    effect on the grid 0.1 … 1.0 at which any trial has 80% power, and ``<key>_half``,
    the smallest at which half of the trials have (``none`` if never)."""
    out: dict[str, Any] = {}
    for name in datasets.names():
        key = _short_key(name)
        table = power_table(name)
        some = table[table["share_adequate"] > 0]["effect"]
        half = table[table["share_adequate"] >= 0.5]["effect"]
        out[f"{key}_first"] = f"{some.iloc[0]:.1f}" if len(some) else "none"
        out[f"{key}_half"] = f"{half.iloc[0]:.1f}" if len(half) else "none"
    return out


def _short_key(name: str) -> str:
    """``bakermans_kranenburg_2013`` → ``bk``; ``ooi_2017`` → ``ooi``; ``keech_2018`` → ``keech``."""
    return name.split("_")[0][:5].replace("baker", "bk")


def funnels_figure_values(method: str = "dl") -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``11-funnels``: for each
    dataset's short key (``bk``, ``ooi``, ``keech``), ``<key>_k``, ``<key>_pooled``,
    ``<key>_egger`` (Egger's intercept), ``<key>_egger_p``, ``<key>_pp`` (the PET-PEESE
    estimate) and ``<key>_used`` (PET or PEESE)."""
    out: dict[str, Any] = {}
    for name in datasets.names():
        key = _short_key(name)
        result = analyse(name, method)
        out.update({f"{key}_k": result["pooled"]["k"], f"{key}_pooled": result["pooled"]["estimate"],
                    f"{key}_egger": result["egger"]["intercept"],
                    f"{key}_egger_p": result["egger"]["p_intercept"],
                    f"{key}_pp": result["pet_peese"]["estimate"],
                    f"{key}_used": result["pet_peese"]["used"]})
    return out


def leave_out_options(name: str) -> list[tuple[str, str]]:
    """The explorer's choices of a trial to leave out of dataset ``name``: (label, study)."""
    df = datasets.load(name)
    return [("no trial", NONE), *zip(df["label"], df["study"])]


def meta_explorer() -> Explorer:
    """Dataset, τ² estimator and one trial left out → forest, funnel and power panels."""
    fig, art, labels, title = _meta_figure()
    start = datasets.names()[0]
    controls: dict[str, Dropdown] = {
        "name": dropdown("Meta-analysis", [(datasets.info(n)["short"], n)
                                           for n in datasets.names()], start),
        "method": dropdown("Estimator of τ²", [(label, key) for key, label in METHODS.items()], "dl"),
        "leave_out": dropdown("Leave out", leave_out_options(start), NONE),
    }
    results = HTML("")

    def adjust(controls_: dict[str, Any]) -> None:
        options = leave_out_options(controls_["name"].value)
        if list(controls_["leave_out"].options) != options:
            controls_["leave_out"].options = options
            controls_["leave_out"].value = NONE

    def draw(name: str, method: str, leave_out: str) -> str:
        result = _update_meta(art, labels, title, name, method, leave_out)
        results.value = panel_line(describe(result))
        return _alt(result, name, method, leave_out)

    return Explorer("11-meta", fig, controls, draw, animated=art, adjust=adjust,
                    title="Three real meta-analyses", page_control="name", panel=results)
