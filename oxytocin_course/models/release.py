"""Pulsatile secretion into plasma with first-order clearance (an illustrative model).

Notebook 01, section 3 ("Minutes in the blood").  Every parameter here is
illustrative: concentrations are in arbitrary units (a.u.), and nothing is a
measured value.  Only the *form* of the model (pulses in, first-order
clearance out) reflects the physiology.

Model (one well-mixed compartment)::

    dC/dt = R(t) - k C,        k = ln 2 / t_half       (t in min)

    R(t) = B + A * sum_j 1[ s_j <= t < s_j + w ],      s_j = t_0 + j T

with basal secretion ``B`` (a.u./min), pulse amplitude ``A`` (a.u./min), pulse
width ``w`` (min), interval ``T`` (min) and first pulse at ``t_0``.  The exact
solution is the convolution of R with the kernel ``exp(-k t)``; for
rectangular pulses it is closed form and is evaluated here for all pulses and
times at once (a vectorised sum)::

    C(t) = C_0 e^{-kt} + (B/k)(1 - e^{-kt}) + sum_j P_j(t)

    P_j(t) = 0                                        t < s_j
           = (A/k)(1 - e^{-k (t - s_j)})              s_j <= t < s_j + w
           = (A/k)(1 - e^{-k w}) e^{-k (t - s_j - w)} t >= s_j + w

Special cases used in the notebook: with no input, ``C(t) = C_0 2^{-t/t_half}``
(the fraction remaining after one half-life is exactly 1/2); under constant
secretion ``R`` the steady state is ``C* = R/k = R t_half / ln 2``.

Measurement: a single sample at time ``t_s`` reads
``Y = C(t_s) * exp(sigma Z - sigma^2/2)``, ``Z ~ N(0, 1)``,
``sigma^2 = ln(1 + CV^2)``: a log-normal multiplicative error whose mean is
the true value and whose coefficient of variation is ``CV``.
"""
from __future__ import annotations

import functools
import math
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from ..checks import in_range, integer
from ..explorer import Explorer, panel_line, slider
from ..figures import new_figure
from ..style import BENEATH_DATA, PALETTE, ROLE

__all__ = [
    "DEFAULTS", "rate_constant", "fraction_remaining", "steady_state", "secretion",
    "concentration", "sample", "random_time_samples", "decay_figure_values",
    "release_figure_values", "plot_decay", "plot_release", "release_explorer", "T_END",
    "RANDOM_WINDOW",
]

LN2 = math.log(2.0)
#: Shortest half-life accepted (min): shorter ones make ``k`` overflow (k = inf gives NaN).
HALF_LIFE_MIN = 0.01

#: Illustrative defaults (arbitrary units; not measured values).
DEFAULTS = dict(half_life=5.0, basal=0.02, amplitude=0.5, interval=30.0, width=2.0,
                first_pulse=5.0)
#: Length of the release figure's time axis (min).
T_END = 120.0
#: The window of the readings taken at random times (min): the second half of the figure,
#: after the pattern has settled.
RANDOM_WINDOW = (60.0, 120.0)


def rate_constant(half_life: float) -> float:
    """First-order elimination constant ``k = ln 2 / t_half`` (per min), t_half in [0.01, 1000]."""
    t_half = in_range("half_life", half_life, HALF_LIFE_MIN, 1000.0)
    return LN2 / t_half


def fraction_remaining(t: ArrayLike, half_life: float) -> np.ndarray | float:
    """Fraction of a starting concentration left after ``t`` min with no input: ``2^(-t/t_half)``."""
    k = rate_constant(half_life)
    times = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(times)) or np.any(times < 0):
        raise ValueError("t must be finite and >= 0 (minutes)")
    out = np.exp(-k * times)
    return float(out) if out.ndim == 0 else out


def steady_state(rate: float, half_life: float) -> float:
    """Steady-state concentration under constant secretion ``rate``: ``C* = R / k``."""
    r = in_range("rate", rate, 0.0, 1e6)
    return r / rate_constant(half_life)


def _check_pulses(basal: float, amplitude: float, interval: float, width: float,
                  first_pulse: float) -> tuple[float, float, float, float, float]:
    """The pulse parameters ``B, A, T, w, t_0``, checked."""
    b = in_range("basal", basal, 0.0, 1e3)
    a = in_range("amplitude", amplitude, 0.0, 1e3)
    T = in_range("interval", interval, 1.0, 1e4)
    w = in_range("width", width, 0.0, 1e4, lo_open=True)
    if w > T:
        raise ValueError(f"width must be at most the interval ({T:g} min) so pulses do not "
                         f"overlap; got {width!r}")
    t0 = in_range("first_pulse", first_pulse, 0.0, 1e4)
    return b, a, T, w, t0


def _times(t: ArrayLike) -> np.ndarray:
    times = np.atleast_1d(np.asarray(t, dtype=float))
    if times.size == 0 or np.any(~np.isfinite(times)) or np.any(times < 0):
        raise ValueError("t must be a non-empty array of finite times >= 0 (minutes)")
    return times


def secretion(t: ArrayLike, *, basal: float = DEFAULTS["basal"],
              amplitude: float = DEFAULTS["amplitude"], interval: float = DEFAULTS["interval"],
              width: float = DEFAULTS["width"], first_pulse: float = DEFAULTS["first_pulse"]) -> np.ndarray:
    """Secretion rate ``R(t)`` (a.u./min): basal plus rectangular pulses."""
    b, a, T, w, t0 = _check_pulses(basal, amplitude, interval, width, first_pulse)
    times = _times(t)
    phase = np.mod(times - t0, T)
    on = (times >= t0) & (phase < w)
    return b + a * on


def concentration(t: ArrayLike, *, half_life: float = DEFAULTS["half_life"],
                  basal: float = DEFAULTS["basal"], amplitude: float = DEFAULTS["amplitude"],
                  interval: float = DEFAULTS["interval"], width: float = DEFAULTS["width"],
                  first_pulse: float = DEFAULTS["first_pulse"], c0: float | None = None) -> np.ndarray:
    """Plasma concentration ``C(t)`` (a.u.), exact solution of ``dC/dt = R(t) - kC``.

    ``c0`` is the concentration at ``t = 0``; by default the basal steady
    state ``B/k``.  See the module docstring for the closed form.
    """
    k = rate_constant(half_life)
    b, a, T, w, t0 = _check_pulses(basal, amplitude, interval, width, first_pulse)
    times = _times(t)
    c_start = b / k if c0 is None else in_range("c0", c0, 0.0, 1e9)
    out = c_start * np.exp(-k * times) + (b / k) * (1.0 - np.exp(-k * times))
    if a > 0 and times.max() >= t0:
        starts = t0 + T * np.arange(int(np.floor((times.max() - t0) / T)) + 1)
        since = times[None, :] - starts[:, None]                  # pulses × times
        during = (since >= 0) & (since < w)
        after = since >= w
        rise = (a / k) * -np.expm1(-k * np.clip(since, 0.0, None))
        fall = (a / k) * -np.expm1(-k * w) * np.exp(-k * np.clip(since - w, 0.0, None))
        out = out + np.where(during, rise, 0.0).sum(0) + np.where(after, fall, 0.0).sum(0)
    return out


def sample(t_sample: float, n: int = 1, *, cv: float = 0.2, seed: int | None = 0,
           **params: float) -> np.ndarray:
    """``n`` single-sample readings at ``t_sample`` min with multiplicative assay error.

    Each reading is ``C(t_sample) * exp(sigma Z - sigma^2 / 2)`` with
    ``sigma^2 = ln(1 + cv^2)``; ``params`` are passed to :func:`concentration`.
    """
    ts = in_range("t_sample", t_sample, 0.0, 1e4)
    n_readings = integer("n", n, 1, 10_000_000)
    c = float(concentration([ts], **params)[0])
    return c * _assay_factor(n_readings, cv, seed)


def _assay_factor(n: int, cv: float, seed: int | None) -> np.ndarray:
    """``n`` log-normal assay error factors of mean 1 and coefficient of variation ``cv``."""
    cv = in_range("cv", cv, 0.0, 3.0)
    rng = np.random.default_rng(seed)
    sigma = math.sqrt(math.log1p(cv * cv))
    return np.exp(sigma * rng.standard_normal(n) - 0.5 * sigma * sigma)


def random_time_samples(n: int = 200, *, cv: float = 0.2, seed: int | None = 0,
                        window: tuple[float, float] = RANDOM_WINDOW, **params: float) -> np.ndarray:
    """Single readings taken at uniformly random times in ``window`` (pulse phase unknown)."""
    n_readings = integer("n", n, 1, 10_000_000)
    lo = in_range("window start", window[0], 0.0, 1e4)
    hi = in_range("window end", window[1], lo, 1e4, lo_open=True)
    rng = np.random.default_rng(seed)
    times = rng.uniform(lo, hi, n_readings)
    return concentration(times, **params) * _assay_factor(n_readings, cv, rng.integers(2**32))


# -- numbers quoted in figure text ------------------------------------------------------

def _key(x: float) -> str:
    """``2.0`` -> ``"2"``, ``2.5`` -> ``"2p5"``: a number as part of a placeholder name."""
    return f"{x:g}".replace(".", "p").replace("-", "m")


def decay_figure_values(half_lives: tuple[float, ...] = (2.0, 5.0, 10.0),
                        t_max: float = 30.0) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``01-decay-default``.

    For the settings of :func:`plot_decay`: ``t_max`` and, for each half-life
    ``h`` in ``half_lives``, ``h_<h>`` (the half-life itself) and
    ``left_<h>_at_<t>``, the fraction :func:`fraction_remaining` left after
    ``t`` = 10, 20 and 30 min (only the times up to ``t_max``); for example
    ``left_5_at_20`` = 0.0625.  Names write a decimal point as ``p``.
    """
    t_max = in_range("t_max", t_max, 1.0, 1000.0)
    checked = np.atleast_1d(np.asarray(half_lives, dtype=float))
    if checked.size == 0:
        raise ValueError("half_lives must name at least one half-life")
    out: dict[str, float] = {"t_max": t_max}
    for h in checked:
        h = in_range("half_lives", h, HALF_LIFE_MIN, 1000.0)
        out[f"h_{_key(h)}"] = h
        for t in (10.0, 20.0, 30.0):
            if t <= t_max:
                out[f"left_{_key(h)}_at_{_key(t)}"] = float(fraction_remaining(t, h))
    return out


def _last_interval(params: dict[str, float]) -> tuple[float, float]:
    """Peak and trough of the true concentration over the last full pulse interval
    inside 0–120 min (the settled pattern)."""
    t0, T = params["first_pulse"], params["interval"]
    last = t0 + T * np.floor((T_END - t0) / T - 1.0)   # start of the last full interval
    if last < 0:
        raise ValueError(f"interval must leave a full pulse interval inside {T_END:g} min; "
                         f"got {T!r}")
    c = concentration(np.linspace(last, last + T, 2001), **params)
    return float(c.max()), float(c.min())


def release_figure_values(half_life: float = DEFAULTS["half_life"],
                          interval: float = DEFAULTS["interval"], t_sample: float = 80.0,
                          cv: float = 0.2) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``01-release-default``.

    Computed exactly as :func:`plot_release` draws them, with the same arguments
    (the other parameters from :data:`DEFAULTS`):

    * the settings ``half_life``, ``interval``, ``t_sample``, ``cv``, ``n_samples``
      (readings per strip), the pulse times ``pulse_1`` … ``pulse_4`` (the first
      four, min) and the random-time window ``window_start``, ``window_end``;
    * ``peak`` and ``trough``: the highest and the lowest true concentration over
      the last full pulse interval inside 0–120 min (a.u.), and ``peak_trough``,
      their ratio (the figure's readout);
    * ``c_true``: the true concentration at ``t_sample``; ``mean_level``: the
      time-averaged level ``(B + A w / T) / k``;
    * ``fixed_min``, ``fixed_max``: the range of the single readings at ``t_sample``;
      ``random_min``, ``random_max``: the range of the readings at random times.
    """
    data = _release_data(half_life, interval, t_sample, cv, seed=_SEED)
    out = {"half_life": data["half_life"], "interval": data["interval"],
           "t_sample": data["t_sample"], "cv": data["cv"], "n_samples": _N_SAMPLES,
           "window_start": RANDOM_WINDOW[0], "window_end": RANDOM_WINDOW[1],
           "peak": data["peak"], "trough": data["trough"],
           "peak_trough": data["peak"] / data["trough"], "c_true": data["c_true"],
           "mean_level": data["mean_level"], "fixed_min": float(data["fixed"].min()),
           "fixed_max": float(data["fixed"].max()), "random_min": float(data["random"].min()),
           "random_max": float(data["random"].max())}
    for j in range(4):
        out[f"pulse_{j + 1}"] = DEFAULTS["first_pulse"] + j * data["interval"]
    return out


# -- plots -------------------------------------------------------------------------------

def plot_decay(half_lives: tuple[float, ...] = (2.0, 5.0, 10.0), t_max: float = 30.0) -> Figure:
    """Fraction remaining after secretion stops, for several half-lives."""
    t_max = in_range("t_max", t_max, 1.0, 1000.0)
    if not half_lives:
        raise ValueError("half_lives must name at least one half-life")
    fig, ax = new_figure(figsize=(7.0, 3.4))
    t = np.linspace(0.0, t_max, 301)
    colours = [PALETTE["vermillion"], ROLE["oxytocin"], PALETTE["green"], PALETTE["purple"]]
    for i, h in enumerate(half_lives):
        frac = fraction_remaining(t, h)
        ax.plot(t, frac, color=colours[i % len(colours)], label=f"t½ = {h:g} min")
        ax.plot([h], [0.5], "o", color=colours[i % len(colours)], markersize=5)
    ax.axhline(0.5, color=PALETTE["grey"], linestyle=":", linewidth=1)
    ax.text(t_max, 0.52, "half the starting level", ha="right", va="bottom", fontsize=9,
            color="#444444")
    ax.set_xlim(0, t_max)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("minutes after secretion stops")
    ax.set_ylabel("fraction of starting concentration")
    ax.set_title("First-order clearance (illustrative model)")
    ax.legend(loc="upper right")
    return fig


#: Times of the release figure's curve (min), and single readings per strip.
_T_GRID = np.linspace(0.0, T_END, 961)
_N_SAMPLES = 60
#: Seed of the simulated readings in the figure and the explorer.
_SEED = 1
#: Headroom above the highest reading or concentration (the y-axis top, before rounding
#: up with :func:`_axis_top`), and the height of the scaled secretion trace as a share
#: of the y-axis.
_HEADROOM = 1.3
_PULSE_HEIGHT = 0.18
#: Horizontal spread (min) of the single readings drawn at the sampling time, and (in
#: strip units) of each strip on the right.
_SAMPLE_SPREAD = 0.9
_STRIP_SPREAD = 0.25
#: Most intervals between y ticks.
_Y_TICK_BINS = 5


def _axis_top(x: float) -> float:
    """The smallest of 1, 2 or 5 × 10^k that is ≥ ``x`` > 0: the top of the y-axes.

    Coarse steps: most moves of a slider keep the axes, and the figure redraws fast."""
    decade = 10.0 ** math.floor(math.log10(x))
    return next(m * decade for m in (1.0, 2.0, 5.0, 10.0) if m * decade >= x * (1 - 1e-12))


@functools.lru_cache(maxsize=256)
def _release_data(half_life: float, interval: float, t_sample: float, cv: float,
                  seed: int) -> dict[str, Any]:
    """What the release figure draws (the other parameters from :data:`DEFAULTS`): the
    curve and secretion on the grid, the two strips of single readings, the time-averaged
    level, the true value at ``t_sample``, and peak and trough over the last interval.

    Cached: the explorer asks for the same settings again and again.  The arrays are
    read-only."""
    params = dict(DEFAULTS)
    params.update(half_life=in_range("half_life", half_life, HALF_LIFE_MIN, 1000.0),
                  interval=in_range("interval", interval, 1.0, 1e4))
    t_sample = in_range("t_sample", t_sample, 0.0, T_END)
    cv = in_range("cv", cv, 0.0, 3.0)
    pulses = {k: v for k, v in params.items() if k != "half_life"}
    peak, trough = _last_interval(params)
    data = {
        "half_life": params["half_life"], "interval": params["interval"],
        "t_sample": t_sample, "cv": cv,
        "curve": concentration(_T_GRID, **params),
        "secretion": secretion(_T_GRID, **pulses),
        "c_true": float(concentration([t_sample], **params)[0]),
        "fixed": sample(t_sample, _N_SAMPLES, cv=cv, seed=seed, **params),
        "random": random_time_samples(_N_SAMPLES, cv=cv, seed=seed + 1, window=RANDOM_WINDOW,
                                      **params),
        "mean_level": ((params["basal"] + params["amplitude"] * params["width"]
                        / params["interval"]) / rate_constant(params["half_life"])),
        "peak": peak, "trough": trough,
    }
    for value in data.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return data


def _release_artists(ax: Axes, ax_strips: Axes) -> dict[str, Any]:
    """The release figure's static parts, and the artists :func:`_update_release` changes:
    the time course on ``ax``, the strips of single readings on ``ax_strips``."""
    curve, = ax.plot([], [], color=ROLE["oxytocin"], label="plasma concentration C(t)")
    pulses, = ax.plot([], [], color=PALETTE["orange"], linewidth=1.2,
                      label="secretion R(t), scaled")
    # The data stay below 1 / _HEADROOM of the y-axis, and so does the sampling line:
    # nothing that changes reaches the legend above them.
    sampling_line = ax.axvline(0, ymax=1 / _HEADROOM, color=PALETTE["black"], linestyle="--",
                               linewidth=1.2)
    readings = ax.scatter([], [], s=14, color=PALETTE["vermillion"], alpha=0.6, zorder=3,
                          label="single samples at that time")
    ax.set_xlim(0, T_END)
    ax.set_xlabel("time (min)")
    ax.set_ylabel("concentration (a.u.)")
    ax.legend(loc="upper left", fontsize=8.5, ncol=1).set_zorder(BENEATH_DATA)
    strip_fixed = ax_strips.scatter([], [], s=10, color=PALETTE["vermillion"], alpha=0.5)
    strip_random = ax_strips.scatter([], [], s=10, color=PALETTE["purple"], alpha=0.5)
    true_line, = ax_strips.plot([], [], color=PALETTE["black"], linewidth=1.5)
    mean_line, = ax_strips.plot([], [], color=ROLE["oxytocin"], linewidth=1.5, linestyle=":")
    legend = ax_strips.legend([true_line, mean_line], ["true value then", "time average"],
                              loc="upper left", fontsize=8, handlelength=1.5)
    # Everything in the strips stays below 1 / _HEADROOM of the y-axis, under the legend:
    # drawn beneath the strips it belongs to the explorer's background.
    legend.set_zorder(BENEATH_DATA)
    ax_strips.set_xticks([0, 1], ["fixed\ntime", "random\ntime"])
    ax_strips.set_xlim(-0.6, 1.6)
    ax_strips.set_ylabel("single-sample reading (a.u.)")
    # About five ticks (not nine) on each axis: easier to read, and fewer labels
    # to draw when the explorer rescales.
    for axis in (ax.yaxis, ax_strips.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=_Y_TICK_BINS))
    ax_strips.grid(axis="x", visible=False)
    return {"curve": curve, "pulses": pulses, "sampling_line": sampling_line,
            "readings": readings, "strip_fixed": strip_fixed, "strip_random": strip_random,
            "true_line": true_line, "mean_line": mean_line,
            "title": ax.set_title("", fontsize=10),
            "strips_title": ax_strips.set_title("", fontsize=10)}


def _update_release(art: dict[str, Any], half_life: float, interval: float, t_sample: float,
                    cv: float, seed: int = _SEED) -> str:
    """Show the release pattern and the single samples; return the figure's alt text."""
    data = _release_data(half_life, interval, t_sample, cv, seed)
    half_life, interval, ts = data["half_life"], data["interval"], data["t_sample"]
    fixed, rand, c_true = data["fixed"], data["random"], data["c_true"]
    mean_level, peak_trough = data["mean_level"], data["peak"] / data["trough"]
    top = _axis_top(max(float(data["curve"].max()), float(fixed.max()), float(rand.max()))
                    * _HEADROOM)
    secretion_rate = data["secretion"]
    art["curve"].set_data(_T_GRID, data["curve"])
    art["pulses"].set_data(_T_GRID, secretion_rate / max(secretion_rate.max(), 1e-12)
                           * _PULSE_HEIGHT * top)
    art["sampling_line"].set_xdata([ts, ts])
    spread = np.linspace(-_SAMPLE_SPREAD, _SAMPLE_SPREAD, _N_SAMPLES)
    art["readings"].set_offsets(np.column_stack([ts + spread, fixed]))
    if "strips_title" in art:
        art["strips_title"].set_text(_strips_title(ts, c_true))
    # New limits redraw the whole figure: set them only when they change.
    for ax in (art["curve"].axes, art["true_line"].axes):
        if ax.get_ylim() != (0.0, top):
            ax.set_ylim(0, top)
    if "title" in art:
        art["title"].set_text(_results_line(mean_level, peak_trough))
    strip = np.linspace(-_STRIP_SPREAD, _STRIP_SPREAD, _N_SAMPLES)
    art["strip_fixed"].set_offsets(np.column_stack([strip, fixed]))
    art["strip_random"].set_offsets(np.column_stack([1 + strip, rand]))
    art["true_line"].set_data([-0.4, 0.4], [c_true, c_true])
    art["mean_line"].set_data([0.6, 1.4], [mean_level, mean_level])
    lo_f, hi_f = np.percentile(fixed, [5, 95])
    lo_r, hi_r = np.percentile(rand, [5, 95])
    start, end = RANDOM_WINDOW
    return (f"Left: illustrative plasma concentration over {T_END:g} minutes with a secretion "
            f"pulse every {interval:g} min and a half-life of {half_life:g} min; the level jumps "
            f"after each pulse and decays between pulses; over the last full pulse interval the "
            f"peak is {peak_trough:.1f} times the trough, and the time-averaged level is "
            f"{mean_level:.2f} a.u. A dashed line marks a sample at {ts:.0f} min, where the "
            f"true value is {c_true:.2f} a.u. Right: {_N_SAMPLES} single readings with assay CV "
            f"{cv:.0%}; taken at that fixed time they span about {lo_f:.2f} to {hi_f:.2f} a.u. "
            f"(90% range); taken at random times between {start:g} and {end:g} min they span "
            f"about {lo_r:.2f} to {hi_r:.2f} a.u., around a time-averaged level of "
            f"{mean_level:.2f}.")


def _results_line(mean_level: float, peak_trough: float) -> str:
    """What the figure's title says: the results (the settings are on the controls
    and in the alt text)."""
    return (f"time average {mean_level:.2f} a.u. · peak / trough over the last interval "
            f"{peak_trough:.1f} (illustrative)")


def _strips_title(t_sample: float, c_true: float) -> str:
    return f"Single samples\n(at {t_sample:.0f} min, true C = {c_true:.2f})"


def _release_figure(results_in_titles: bool = True) -> tuple[Figure, dict[str, Any]]:
    fig, (ax, ax_strips) = new_figure(1, 2, figsize=(9.0, 3.8),
                                      gridspec_kw={"width_ratios": [3.0, 1.25]})
    art = _release_artists(ax, ax_strips)
    if not results_in_titles:
        del art["title"], art["strips_title"]
        ax_strips.set_title("Single samples", fontsize=10).set_zorder(BENEATH_DATA)
    return fig, art


def plot_release(half_life: float = DEFAULTS["half_life"], interval: float = DEFAULTS["interval"],
                 t_sample: float = 80.0, cv: float = 0.2) -> Figure:
    """Concentration time course with a sampling time marked, and the spread of single samples."""
    fig, art = _release_figure()
    _update_release(art, half_life, interval, t_sample, cv)
    return fig


def release_explorer() -> Explorer:
    """Half-life, pulse interval, sampling time and assay CV, redrawn in place.

    The results (time average, peak / trough, the true value at the sampling
    time) sit in a line under the figure rather than in its titles: a changing
    title is redrawn at every update, and text is the costliest thing to draw."""
    fig, art = _release_figure(results_in_titles=False)
    results = widgets.HTML()
    controls = {
        "half_life": slider("Plasma half-life (min)", DEFAULTS["half_life"], 1.0, 20.0, 0.5),
        "interval": slider("Pulse interval (min)", DEFAULTS["interval"], 10.0, 60.0, 5.0),
        "t_sample": slider("Sampling time (min)", 80.0, 0.0, T_END, 1.0),
        "cv": slider("Assay CV", 0.2, 0.0, 0.5, 0.05, readout_format=".0%"),
    }

    def draw(half_life: float, interval: float, t_sample: float, cv: float) -> str:
        alt = _update_release(art, half_life, interval, t_sample, cv)
        data = _release_data(half_life, interval, t_sample, cv, _SEED)
        line = (_results_line(data["mean_level"], data["peak"] / data["trough"]).capitalize()
                + f"; true value at the sampling time ({data['t_sample']:.0f} min) "
                  f"{data['c_true']:.2f} a.u.")
        results.value = panel_line(line)
        return alt

    return Explorer("01-release-explorer", fig, controls, draw, animated=art, panel=results,
                    title="Pulsatile release and one blood sample (illustrative model)",
                    page_control="half_life",
                    page_values=[2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0])
