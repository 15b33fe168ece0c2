"""How to read a model: a true curve, noisy measurements and a fitted estimate.

An *illustrative model* for notebook 00 ("Start here").  It is not a model of
any real measurement: the units are arbitrary and every number is a teaching
setting, not a measured value.

Notation (as in the notebook)
-----------------------------
The *model* says that a substance is cleared by first-order kinetics::

    c(t) = c0 · 2^(−t / h) = c0 · exp(−ln 2 · t / h)

with two *parameters*: the starting level ``c0`` and the half-life ``h`` (the
time for ``c`` to halve).  The *data* are ``n`` measurements at evenly spaced
times ``t_i = i · T / (n − 1)``, ``i = 0 … n−1`` over a window ``[0, T]``, each
with additive Gaussian measurement noise of standard deviation ``σ``::

    y_i = c(t_i) + ε_i,      ε_i ~ Normal(0, σ²)

A *fit* (nonlinear least squares, :func:`scipy.optimize.curve_fit`) returns an
estimate ĥ and its standard error SE(ĥ), estimated from the scatter of the
residuals, as an analyst who does not know σ would do.  The 95 % confidence
interval is ĥ ± t₀.₉₇₅,ₙ₋₂ · SE(ĥ).

For large ``n`` the standard error approaches its asymptotic value::

    SE(ĥ) ≈ σ · sqrt( [(JᵀJ)⁻¹]_hh ),    J_i = (∂c/∂c0, ∂c/∂h) at t_i

which shrinks roughly as 1/√n for a fixed window: more and cleaner data
narrow the estimate; they never make the model itself true.

Two noiseless points determine the half-life exactly::

    h = (t2 − t1) · ln 2 / ln(y1 / y2)
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy import optimize, stats

from ..checks import in_range, integer
from ..explorer import Explorer, slider
from ..figures import new_figure
from ..style import BENEATH_LINES, PALETTE, ROLE

#: Window of the measurements (minutes) and the starting level (arbitrary units).
T_MAX = 30.0
C0 = 100.0
#: Seed of the "this experiment" data set in the figure and the explorer.  Chosen
#: so that, at the default settings, this experiment is a typical one (its
#: standard error is close to the expected value); repeats use seeds 10, 11, ...
DEFAULT_SEED = 9
#: How many replicate experiments the figure draws to show the spread of estimates.
N_REPLICATES = 40

LN2 = float(np.log(2.0))
#: Most model evaluations a fit may take before it counts as not converged.
FIT_MAX_CALLS = 2000
#: A fitted half-life (or its standard error) this large means the data show no decay.
MAX_FITTED_HALF_LIFE = 1e4
#: A fitted starting level below this share of the largest |measurement| counts as zero.
MIN_START_SHARE = 1e-6


# ---------------------------------------------------------------- the model
def concentration(t: np.ndarray | float, half_life: float, c0: float = C0) -> np.ndarray:
    """The model's true curve ``c(t) = c0 · 2^(−t/h)``.

    ``t`` in minutes (any shape, ≥ 0), ``half_life`` h in minutes (0.01–1000),
    ``c0`` the level at t = 0 (arbitrary units, > 0).
    """
    h = in_range("half_life", half_life, 0.01, 1000.0)
    c0 = in_range("c0", c0, 0.0, 1e9, lo_open=True)
    t = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("t must contain finite times >= 0")
    return c0 * np.exp(-LN2 * t / h)


def sample_times(n: int, t_max: float = T_MAX) -> np.ndarray:
    """``n`` evenly spaced measurement times ``t_i = i·T/(n−1)`` in ``[0, T]``."""
    n = integer("n", n, 2, 10_000)
    t_max = in_range("t_max", t_max, 0.0, 1e6, lo_open=True)
    return np.linspace(0.0, t_max, n)


def simulate_measurements(half_life: float, n: int, noise: float, *, c0: float = C0,
                          t_max: float = T_MAX, seed: int = DEFAULT_SEED
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Times and noisy measurements ``y_i = c(t_i) + ε_i``, ``ε_i ~ N(0, σ²)``.

    ``noise`` is σ in the units of ``c`` (0–1000).  The same ``seed`` gives the
    same data; with ``noise = 0`` the data lie exactly on the true curve.
    """
    h = in_range("half_life", half_life, 0.01, 1000.0)
    sigma = in_range("noise", noise, 0.0, 1000.0)
    t = sample_times(n, t_max)
    seed = integer("seed", seed, 0, 2**63 - 1)
    z = np.random.default_rng(seed).standard_normal(t.size)
    return t, concentration(t, h, c0) + sigma * z


# ------------------------------------------------------------------ the fit
@dataclass(frozen=True)
class HalfLifeFit:
    """A least-squares fit of the model to data."""

    half_life: float   #: estimate ĥ (minutes)
    se: float          #: standard error of ĥ (minutes)
    c0: float          #: estimate of the starting level
    c0_se: float       #: standard error of the starting-level estimate
    n: int             #: number of measurements

    def ci(self, level: float = 0.95) -> tuple[float, float]:
        """Confidence interval ĥ ± t_{(1+level)/2, n−2} · SE(ĥ)."""
        level = in_range("level", level, 0.0, 1.0, lo_open=True, hi_open=True)
        q = float(stats.t.ppf(0.5 + level / 2, self.n - 2))
        return self.half_life - q * self.se, self.half_life + q * self.se


def _model(t: np.ndarray, c0: float, h: float) -> np.ndarray:
    return c0 * np.exp(-LN2 * t / h)


def _start(t: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Starting values from a log-linear regression on the positive points."""
    pos = y > 0
    if pos.sum() >= 2 and np.ptp(t[pos]) > 0:
        slope, intercept = np.polyfit(t[pos], np.log(y[pos]), 1)
        if slope < 0:
            return float(np.exp(intercept)), float(min(-LN2 / slope, 1000.0))
    return float(max(np.max(y), 1.0)), float(np.ptp(t) / 4 or 1.0)


def fit_half_life(t: np.ndarray, y: np.ndarray) -> HalfLifeFit:
    """Fit ``c(t) = c0 · 2^(−t/h)`` to data by least squares.

    Returns the estimates and their standard errors from
    :func:`scipy.optimize.curve_fit` (covariance scaled by the residual
    variance, i.e. σ unknown).  Needs at least 3 points (2 parameters plus one
    degree of freedom for the noise).  Raises ``ValueError`` when the data
    cannot pin down a positive, finite half-life with a positive starting level.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    if t.ndim != 1 or t.shape != y.shape:
        raise ValueError("t and y must be 1-D arrays of the same length")
    integer("len(t)", t.size, 3, 100_000)
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
        raise ValueError("t and y must be finite")
    if np.ptp(t) <= 0:
        raise ValueError("t must contain at least two different times")
    p0 = _start(t, y)
    try:
        with warnings.catch_warnings(), np.errstate(over="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", optimize.OptimizeWarning)
            popt, pcov = optimize.curve_fit(_model, t, y, p0=p0, maxfev=FIT_MAX_CALLS)
    except RuntimeError:
        raise ValueError("the fit did not converge: these data cannot pin down the half-life "
                         "(add measurements or reduce the noise)") from None
    c0_hat, h_hat = (float(v) for v in popt)
    se = np.sqrt(np.clip(np.diag(pcov), 0.0, None))
    if not _plausible(c0_hat, h_hat, se, y):
        raise ValueError("these data cannot pin down a positive, finite half-life "
                         "(add measurements or reduce the noise)")
    return HalfLifeFit(half_life=h_hat, se=float(se[1]), c0=c0_hat, c0_se=float(se[0]),
                       n=int(t.size))


def half_life_from_two_points(t1: float, y1: float, t2: float, y2: float) -> float:
    """Exact half-life from two noiseless points: ``h = (t2 − t1)·ln 2 / ln(y1/y2)``.

    Needs ``t2 > t1`` and ``y1 > y2 > 0`` (a decaying curve).
    """
    t1 = in_range("t1", t1, 0.0, 1e9)
    t2 = in_range("t2", t2, t1, 1e9, lo_open=True)
    y1 = in_range("y1", y1, 0.0, 1e12, lo_open=True)
    y2 = in_range("y2", y2, 0.0, y1, lo_open=True, hi_open=True)
    return (t2 - t1) * LN2 / float(np.log(y1 / y2))


def expected_se(half_life: float, n: int, noise: float, *, c0: float = C0,
                t_max: float = T_MAX) -> float:
    """Asymptotic standard error of ĥ: ``σ · sqrt([(JᵀJ)⁻¹]_hh)``.

    ``J`` is the n×2 matrix of the model's derivatives with respect to
    (c0, h) at the measurement times; σ = ``noise``.
    """
    h = in_range("half_life", half_life, 0.01, 1000.0)
    sigma = in_range("noise", noise, 0.0, 1000.0)
    c0 = in_range("c0", c0, 0.0, 1e9, lo_open=True)
    t = sample_times(integer("n", n, 3, 10_000), t_max)
    e = np.exp(-LN2 * t / h)
    jac = np.column_stack([e, c0 * e * LN2 * t / h**2])
    cov = np.linalg.inv(jac.T @ jac)
    return float(sigma * np.sqrt(cov[1, 1]))


def replicate_fits(half_life: float, n: int, noise: float, n_rep: int = N_REPLICATES, *,
                   seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Fit ``n_rep`` independent simulated experiments (seeds ``seed+1 …``).

    Returns arrays of the estimates ĥ and their standard errors for the
    experiments whose fit succeeded (a fit fails when the noise swamps the
    decay); ``ValueError`` if none did.
    """
    n_rep = integer("n_rep", n_rep, 1, 10_000)
    seed = integer("seed", seed, 0, 2**62)
    est, ses = _replicates(in_range("half_life", half_life, 0.01, 1000.0),
                           integer("n", n, 3, 10_000), in_range("noise", noise, 0.0, 1000.0),
                           n_rep, seed)
    ok = np.isfinite(est) & np.isfinite(ses)
    if not ok.any():
        raise ValueError(f"none of the {n_rep} simulated experiments could be fitted: with "
                         f"noise = {noise:g} and n = {n} the data do not show the decay")
    return est[ok], ses[ok]


@functools.lru_cache(maxsize=256)
def _replicates(h: float, n: int, sigma: float, n_rep: int, seed: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """Estimates and standard errors of the repeat experiments (NaN where a fit fails):
    the data of :func:`simulate_measurements` with seeds ``seed+1 …``, each fitted as
    :func:`fit_half_life` fits it (the same numbers; tested)."""
    t = sample_times(n)
    est = np.full(n_rep, np.nan)
    ses = np.full(n_rep, np.nan)
    for k, y in enumerate(concentration(t, h) + sigma * _replicate_noise(n, n_rep, seed)):
        fitted = _least_squares(t, y)
        if fitted is not None:
            est[k], ses[k] = fitted[1], fitted[3]
    est.setflags(write=False)
    ses.setflags(write=False)
    return est, ses


@functools.lru_cache(maxsize=64)
def _replicate_noise(n: int, n_rep: int, seed: int) -> np.ndarray:
    """Standard normal draws of the repeat experiments, one row per seed ``seed+1 …``
    (the draws :func:`simulate_measurements` makes)."""
    z = np.array([np.random.default_rng(seed + 1 + k).standard_normal(n) for k in range(n_rep)])
    z.setflags(write=False)
    return z


def _least_squares(t: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float] | None:
    """(ĉ0, ĥ, SE(ĉ0), SE(ĥ)) of :func:`fit_half_life` for checked data, or ``None`` where
    that fit fails; without ``curve_fit``'s argument handling (about a third of the time
    of a fit; the explorer refits its 40 repeats at every change).

    ``curve_fit``'s default method is MINPACK's Levenberg–Marquardt,
    :func:`scipy.optimize.leastsq`: this calls it the same way (same residuals, start,
    tolerances and evaluation limit) and scales its covariance by the residual variance
    as ``curve_fit`` does, so the numbers are identical.
    """
    p0 = _start(t, y)
    exponent = -LN2 * t   # _model's exponent is exponent / h: the same numbers, computed once

    def residuals(p: np.ndarray) -> np.ndarray:
        return p[0] * np.exp(exponent / p[1]) - y

    with np.errstate(over="ignore", invalid="ignore"):
        popt, cov, info, _, status = optimize.leastsq(residuals, p0, full_output=True,
                                                      maxfev=FIT_MAX_CALLS)
    if status not in (1, 2, 3, 4) or cov is None or np.isnan(cov).any():
        return None
    residual_variance = float(np.sum(info["fvec"] ** 2)) / (t.size - 2)
    se = np.sqrt(np.clip(np.diag(cov * residual_variance), 0.0, None))
    c0_hat, h_hat = (float(v) for v in popt)
    if not _plausible(c0_hat, h_hat, se, y):
        return None
    return c0_hat, h_hat, float(se[0]), float(se[1])


def _plausible(c0_hat: float, h_hat: float, se: np.ndarray, y: np.ndarray) -> bool:
    """Whether a fit pins down a positive, finite half-life with a positive starting level."""
    scale = max(1.0, float(np.max(np.abs(y))))
    return bool(np.isfinite(h_hat) and 0 < h_hat < MAX_FITTED_HALF_LIFE
                and c0_hat > MIN_START_SHARE * scale
                and np.all(np.isfinite(se)) and se[1] < MAX_FITTED_HALF_LIFE)


def mean_se_by_n(half_life: float, ns: list[int] | np.ndarray, noise: float,
                 n_rep: int = 50, *, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Mean fitted SE(ĥ) over ``n_rep`` simulated experiments, for each n in ``ns``
    (each a whole number in [3, 10000]; experiments whose fit fails are left out)."""
    values = list(np.atleast_1d(ns))
    if not values:
        raise ValueError("ns must list at least one number of measurements")
    return np.array([float(np.mean(replicate_fits(half_life, integer("ns", n, 3, 10_000), noise,
                                                  n_rep, seed=seed)[1]))
                     for n in values])


# ------------------------------------------------------------------- plots
H_AXIS = (0.0, 32.0)  # half-life axis of the right panel (minutes)
#: Times at which the true and the fitted curves are drawn.
CURVE_TIMES = np.linspace(0.0, T_MAX, 200)
#: Vertical scatter of the repeat experiments' dots in the right panel (fixed, seed 0).
REPEAT_JITTER = np.random.default_rng(0).uniform(-0.25, 0.25, N_REPLICATES)
REPEAT_JITTER.setflags(write=False)


def _reading_artists(ax: Axes, ax_repeats: Axes) -> dict[str, Any]:
    """Both panels' static parts, and the artists :func:`_update_reading` changes
    (left ``ax``: truth, data and fit; right: this estimate among the repeats)."""
    art: dict[str, Any] = {}
    art["true"], = ax.plot(CURVE_TIMES, np.zeros_like(CURVE_TIMES), color=ROLE["truth"], ls="--",
                           lw=1.8, label="true curve (assumed)")
    art["fit"], = ax.plot(CURVE_TIMES, np.zeros_like(CURVE_TIMES), color=PALETTE["blue"], lw=2.2,
                          label="fitted curve")
    art["data"], = ax.plot([], [], "o", color=PALETTE["vermillion"], ms=6, mec="white", mew=0.8,
                           label="measurements (simulated)")
    ax.axhline(0, color=PALETTE["grey"], lw=0.8)
    ax.set_xlim(-0.5, T_MAX + 0.5)
    ax.set_ylim(-60, 160)
    ax.set_xlabel("time (min)")
    ax.set_ylabel("level (arbitrary units)")
    # The legend goes under the curves and dots (which rarely reach its corner), so that
    # the explorer's fast redraw, which repaints everything drawn after the first
    # changing artist, does not have to repaint it.
    ax.legend(loc="upper right").set_zorder(BENEATH_LINES)
    art["title"] = ax.set_title("", loc="left", fontsize=11)

    ax_repeats.set_xlim(*H_AXIS)
    ax_repeats.set_ylim(-0.6, 2.4)
    ax_repeats.set_yticks([0, 1], ["other\nexperiments", "this\nexperiment"])
    ax_repeats.set_xlabel("half-life estimate (min)")
    ax_repeats.grid(axis="y", visible=False)
    art["truth"] = ax_repeats.axvline(0, color=ROLE["truth"], ls="--", lw=1.5, label="true h")
    art["repeats"], = ax_repeats.plot([], [], "o", color=PALETTE["grey"], ms=4, alpha=0.7,
                                      label="repeat experiments")
    art["ci"], = ax_repeats.plot([], [], color=PALETTE["blue"], lw=3, solid_capstyle="butt",
                                 label="estimate, 95% CI")
    art["estimate"], = ax_repeats.plot([], [], "o", color=PALETTE["blue"], ms=8, mec="white",
                                       mew=1)
    ax_repeats.legend(loc="upper right", fontsize=9, handlelength=1.6, frameon=True,
                      framealpha=0.95, edgecolor="none")
    art["repeats_title"] = ax_repeats.set_title("", loc="left", fontsize=11)
    return art


def _summary(half_life: float, n: int, noise: float, seed: int) -> dict[str, Any]:
    """This experiment's data and fit, and the repeat experiments, as the figure shows them."""
    t, y = simulate_measurements(half_life, n, noise, seed=seed)
    fit = fit_half_life(t, y)  # ValueError if the data cannot pin down h
    lo, hi = fit.ci()
    est, _ = _replicates(half_life, n, noise, N_REPLICATES, seed)
    ok = np.isfinite(est)
    shown = ok & (est >= H_AXIS[0]) & (est <= H_AXIS[1])
    spread = float(np.nanstd(est)) if ok.sum() > 1 else float("nan")
    off = int(ok.sum() - shown.sum()) + int((~ok).sum())
    return dict(t=t, y=y, fit=fit, lo=lo, hi=hi, est=est, ok=ok, shown=shown, spread=spread,
                off=off)


def _update_reading(art: dict[str, Any], half_life: float, n: int, noise: float,
                    seed: int) -> str:
    """Show this experiment (``seed``) and its repeats at these settings; return the alt text."""
    result = _summary(half_life, n, noise, seed)
    fit, lo, hi = result["fit"], result["lo"], result["hi"]
    est, shown, spread, off = result["est"], result["shown"], result["spread"], result["off"]
    art["true"].set_ydata(concentration(CURVE_TIMES, half_life))
    art["fit"].set_ydata(_model(CURVE_TIMES, fit.c0, fit.half_life))
    art["data"].set_data(result["t"], result["y"])
    art["title"].set_text(f"Fit: h = {fit.half_life:.1f} ± {fit.se:.1f} min (SE), "
                          f"true h = {half_life:g} min")
    art["truth"].set_xdata([half_life, half_life])
    art["repeats"].set_data(est[shown], REPEAT_JITTER[shown])
    art["ci"].set_data([max(lo, H_AXIS[0]), min(hi, H_AXIS[1])], [1, 1])
    art["estimate"].set_data([fit.half_life], [1])
    note = f"; {off} of them off the scale or not fitted" if off else ""
    art["repeats_title"].set_text(f"{N_REPLICATES} repeats: SD {spread:.1f} min"
                                  + (f", {off} not shown" if off else ""))
    return (
        f"Illustrative model. Left: the assumed true decay curve with half-life {half_life:g} min "
        f"(dashed), {n} simulated measurements with noise SD {noise:g} units (dots) and the fitted "
        f"curve. Fitted half-life {fit.half_life:.1f} min, standard error {fit.se:.1f} min, 95% "
        f"confidence interval {lo:.1f} to {hi:.1f} min. Right: this experiment's estimate with its "
        f"interval, and the estimates of {N_REPLICATES} repeat experiments with the same settings, "
        f"which scatter with SD {spread:.1f} min around the true value (dashed line){note}."
    )


def _reading_figure() -> tuple[Figure, dict[str, Any]]:
    """The two-panel figure and its changing artists."""
    fig, axes = new_figure(1, 2, figsize=(9.6, 4.0), width_ratios=[1.7, 1.0])
    return fig, _reading_artists(*axes)


def plot_reading(half_life: float = 6.0, n: int = 8, noise: float = 8.0, *,
                 seed: int = DEFAULT_SEED) -> Figure:
    """Two panels: true curve, noisy data and fit; the estimate vs repeat experiments."""
    fig, art = _reading_figure()
    _update_reading(art, half_life, n, noise, seed)
    return fig


def reading_figure_values(half_life: float = 6.0, n: int = 8, noise: float = 8.0, *,
                          seed: int = DEFAULT_SEED) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``00-reading-default``.

    Computed at the settings of :func:`plot_reading` with the same arguments:

    * ``half_life``, ``n``, ``noise``: the settings (true h in min, number of
      measurements, noise σ); ``n_rep``: the number of repeat experiments drawn;
    * ``fit_half_life``, ``fit_se``: this experiment's estimate ĥ and SE(ĥ) (min);
    * ``ci_low``, ``ci_high``: its 95 % confidence interval (min);
    * ``spread``: the standard deviation of the repeat experiments' estimates (min);
    * ``n_off``: repeats off the plotted scale or not fitted.

    ``ValueError`` (naming the argument) for settings out of range, or when this
    experiment or fewer than two repeats can be fitted.
    """
    h = in_range("half_life", half_life, 0.01, 1000.0)
    n = integer("n", n, 3, 10_000)
    sigma = in_range("noise", noise, 0.0, 1000.0)
    seed = integer("seed", seed, 0, 2**62)
    result = _summary(h, n, sigma, seed)
    if result["ok"].sum() < 2:
        raise ValueError(f"fewer than two of the {N_REPLICATES} repeat experiments could be "
                         f"fitted with noise = {noise:g} and n = {n}")
    fit = result["fit"]
    return {"half_life": h, "n": n, "noise": sigma, "n_rep": N_REPLICATES,
            "fit_half_life": fit.half_life, "fit_se": fit.se, "ci_low": result["lo"],
            "ci_high": result["hi"], "spread": result["spread"], "n_off": result["off"]}


def se_by_n_values(half_life: float = 6.0, ns: list[int] | np.ndarray = (4, 8, 16, 32),
                   noise: float = 8.0, n_rep: int = 40, *, seed: int = DEFAULT_SEED
                   ) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``00-se-vs-n``.

    Notebook 00, Exercise 4.2: the standard error of the fitted half-life
    against the number of measurements.  For each ``n`` in ``ns``:
    ``se_sim_<n>``, the mean fitted SE(ĥ) over ``n_rep`` simulated experiments
    (:func:`mean_se_by_n`), and ``se_formula_<n>``, the large-sample value
    (:func:`expected_se`).  ``slope_sim`` and ``slope_formula`` are the slopes of
    log SE against log n (least squares); a 1/√n law has slope −0.5.  Also the
    settings ``half_life``, ``noise`` and ``n_rep``.  ``ns`` needs at least two
    different whole numbers in [3, 10000].
    """
    h = in_range("half_life", half_life, 0.01, 1000.0)
    sigma = in_range("noise", noise, 0.0, 1000.0)
    n_rep = integer("n_rep", n_rep, 1, 10_000)
    values = [integer("ns", v, 3, 10_000) for v in np.atleast_1d(ns)]
    if len(set(values)) < 2:
        raise ValueError(f"ns must list at least two different numbers of measurements; got {ns!r}")
    sizes = np.array(values)
    simulated = mean_se_by_n(h, sizes, sigma, n_rep=n_rep, seed=seed)
    formula = np.array([expected_se(h, int(v), sigma) for v in sizes])
    if not (np.all(simulated > 0) and np.all(formula > 0)):
        raise ValueError("noise must be > 0 for the standard error to fall with n; got "
                         f"{noise!r}")
    out: dict[str, float] = {"half_life": h, "noise": sigma, "n_rep": n_rep}
    for v, s_sim, s_f in zip(values, simulated, formula):
        out[f"se_sim_{v}"] = float(s_sim)
        out[f"se_formula_{v}"] = float(s_f)
    out["slope_sim"] = float(np.polyfit(np.log(sizes), np.log(simulated), 1)[0])
    out["slope_formula"] = float(np.polyfit(np.log(sizes), np.log(formula), 1)[0])
    return out


#: Candidate tick values for the standard-error axis of :func:`plot_se_by_n`.
_SE_TICKS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0, 4.0, 6.0,
             8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0, 80.0, 100.0)


def plot_se_by_n(half_life: float = 6.0, ns: list[int] | np.ndarray = (4, 8, 16, 32),
                 noise: float = 8.0, n_rep: int = 40, *, seed: int = DEFAULT_SEED) -> Figure:
    """Standard error of the fitted half-life against n, on log-log axes.

    Notebook 00, Exercise 4.2.  Dots: the mean fitted SE(ĥ) of ``n_rep``
    simulated experiments for each n in ``ns`` (:func:`mean_se_by_n`); dashed:
    the large-sample value (:func:`expected_se`).  On log-log axes a power law
    SE ∝ n^b is a straight line of slope b (b = −0.5 for 1/√n).  Arguments and
    their ranges as in :func:`se_by_n_values` (the figure's caption values).
    """
    values = se_by_n_values(half_life, ns, noise, n_rep, seed=seed)  # validates the arguments
    sizes = sorted({int(v) for v in np.atleast_1d(ns)})
    simulated = np.array([values[f"se_sim_{v}"] for v in sizes])
    formula = np.array([values[f"se_formula_{v}"] for v in sizes])
    fig, ax = new_figure(figsize=(6.0, 3.6))
    ax.loglog(sizes, simulated, "o-", color=PALETTE["blue"],
              label=f"mean fitted SE ({n_rep} simulated experiments each)")
    ax.loglog(sizes, formula, "--", color=PALETTE["grey"], label="large-sample formula")
    ax.minorticks_off()
    ax.set_xticks(sizes, [str(v) for v in sizes])
    both = np.concatenate([simulated, formula])
    lo, hi = float(both.min()) / 1.15, float(both.max()) * 1.15
    ax.set_ylim(lo, hi)
    ticks = [v for v in _SE_TICKS if lo <= v <= hi]
    if len(ticks) >= 2:
        ax.set_yticks(ticks, [f"{v:g}" for v in ticks])
    ax.set_xlabel("number of measurements n (log scale)")
    ax.set_ylabel("SE of half-life (min, log scale)")
    ax.legend(loc="upper right")
    return fig


def reading_explorer() -> Explorer:
    """Sliders: true half-life, number of measurements, noise.  Illustrative model."""
    fig, art = _reading_figure()
    controls = {
        "half_life": slider("True half-life h (min)", 6.0, 2.0, 20.0, 1.0, readout_format=".0f"),
        "n": slider("Number of measurements n", 8, 3, 40, 1, integer=True),
        "noise": slider("Measurement noise σ (units)", 8.0, 0.0, 20.0, 1.0, readout_format=".0f"),
    }

    def draw(half_life: float, n: int, noise: float) -> str:
        return _update_reading(art, float(half_life), int(n), float(noise), DEFAULT_SEED)

    return Explorer("00-reading", fig, controls, draw, animated=art,
                    title="Reading a model: truth, data and estimate (illustrative model)",
                    page_control="n", page_values=[3, 4, 6, 8, 12, 16, 20, 32, 40])
