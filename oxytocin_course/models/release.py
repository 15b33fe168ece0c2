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

import math

import numpy as np
from numpy.typing import ArrayLike

from ..checks import in_range, integer
from ..explorer import Explorer, slider
from ..figures import nice_ceil, new_figure
from ..style import PALETTE, ROLE

__all__ = [
    "DEFAULTS", "rate_constant", "fraction_remaining", "steady_state", "secretion",
    "concentration", "sample", "random_time_samples", "decay_figure_values",
    "release_figure_values", "plot_decay", "plot_release", "release_explorer",
]

LN2 = math.log(2.0)
#: Shortest half-life accepted (min): shorter ones make ``k`` overflow (k = inf gives NaN).
HALF_LIFE_MIN = 0.01

#: Illustrative defaults (arbitrary units; not measured values).
DEFAULTS = dict(half_life=5.0, basal=0.02, amplitude=0.5, interval=30.0, width=2.0,
                first_pulse=5.0)


def rate_constant(half_life: float) -> float:
    """First-order elimination constant ``k = ln 2 / t_half`` (per min), t_half in [0.01, 1000]."""
    t = in_range("half_life", half_life, HALF_LIFE_MIN, 1000.0)
    return LN2 / t


def fraction_remaining(t: ArrayLike, half_life: float) -> np.ndarray | float:
    """Fraction of a starting concentration left after ``t`` min with no input: ``2^(-t/t_half)``."""
    k = rate_constant(half_life)
    tt = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(tt)) or np.any(tt < 0):
        raise ValueError("t must be finite and >= 0 (minutes)")
    out = np.exp(-k * tt)
    return float(out) if out.ndim == 0 else out


def steady_state(rate: float, half_life: float) -> float:
    """Steady-state concentration under constant secretion ``rate``: ``C* = R / k``."""
    r = in_range("rate", rate, 0.0, 1e6)
    return r / rate_constant(half_life)


def _check_pulses(basal, amplitude, interval, width, first_pulse):
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
    tt = np.atleast_1d(np.asarray(t, dtype=float))
    if tt.size == 0 or np.any(~np.isfinite(tt)) or np.any(tt < 0):
        raise ValueError("t must be a non-empty array of finite times >= 0 (minutes)")
    return tt


def secretion(t: ArrayLike, *, basal: float = DEFAULTS["basal"],
              amplitude: float = DEFAULTS["amplitude"], interval: float = DEFAULTS["interval"],
              width: float = DEFAULTS["width"], first_pulse: float = DEFAULTS["first_pulse"]) -> np.ndarray:
    """Secretion rate ``R(t)`` (a.u./min): basal plus rectangular pulses."""
    b, a, T, w, t0 = _check_pulses(basal, amplitude, interval, width, first_pulse)
    tt = _times(t)
    phase = np.mod(tt - t0, T)
    on = (tt >= t0) & (phase < w)
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
    tt = _times(t)
    c_start = b / k if c0 is None else in_range("c0", c0, 0.0, 1e9)
    out = c_start * np.exp(-k * tt) + (b / k) * (1.0 - np.exp(-k * tt))
    if a > 0 and tt.max() >= t0:
        starts = t0 + T * np.arange(int(np.floor((tt.max() - t0) / T)) + 1)
        since = tt[None, :] - starts[:, None]                  # pulses × times
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
    m = integer("n", n, 1, 10_000_000)
    c = float(concentration([ts], **params)[0])
    return c * _assay_factor(m, cv, seed)


def _assay_factor(n: int, cv: float, seed: int | None) -> np.ndarray:
    v = in_range("cv", cv, 0.0, 3.0)
    rng = np.random.default_rng(seed)
    sigma = math.sqrt(math.log1p(v * v))
    return np.exp(sigma * rng.standard_normal(n) - 0.5 * sigma * sigma)


def random_time_samples(n: int = 200, *, cv: float = 0.2, seed: int | None = 0,
                        window: tuple[float, float] = (60.0, 120.0), **params: float) -> np.ndarray:
    """Single readings taken at uniformly random times in ``window`` (pulse phase unknown)."""
    m = integer("n", n, 1, 10_000_000)
    lo = in_range("window start", window[0], 0.0, 1e4)
    hi = in_range("window end", window[1], lo, 1e4, lo_open=True)
    rng = np.random.default_rng(seed)
    times = rng.uniform(lo, hi, m)
    return concentration(times, **params) * _assay_factor(m, cv, rng.integers(2**32))


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
    tm = in_range("t_max", t_max, 1.0, 1000.0)
    hs = np.atleast_1d(np.asarray(half_lives, dtype=float))
    if hs.size == 0:
        raise ValueError("half_lives must name at least one half-life")
    out: dict[str, float] = {"t_max": tm}
    for h in hs:
        h = in_range("half_lives", h, HALF_LIFE_MIN, 1000.0)
        out[f"h_{_key(h)}"] = h
        for t in (10.0, 20.0, 30.0):
            if t <= tm:
                out[f"left_{_key(h)}_at_{_key(t)}"] = float(fraction_remaining(t, h))
    return out


def _last_interval(params: dict) -> tuple[float, float]:
    """Peak and trough of the true concentration over the last full pulse interval
    inside 0–120 min (the settled pattern)."""
    t0, T = params["first_pulse"], params["interval"]
    last = t0 + T * np.floor((120.0 - t0) / T - 1.0)   # start of the last full interval
    if last < 0:
        raise ValueError(f"interval must leave a full pulse interval inside 120 min; "
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
    h = in_range("half_life", half_life, HALF_LIFE_MIN, 1000.0)
    T = in_range("interval", interval, 1.0, 1e4)
    ts = in_range("t_sample", t_sample, 0.0, 120.0)
    v = in_range("cv", cv, 0.0, 3.0)
    params = dict(DEFAULTS)
    params.update(half_life=h, interval=T)
    _, _, fixed, rand, mean_level, c_true = _release_data(params, ts, v, seed=1)
    t0 = params["first_pulse"]
    peak, trough = _last_interval(params)
    out = {"half_life": h, "interval": T, "t_sample": ts, "cv": v, "n_samples": _N_SAMPLES,
           "window_start": 60.0, "window_end": 120.0,
           "peak": peak, "trough": trough, "peak_trough": peak / trough, "c_true": c_true,
           "mean_level": mean_level, "fixed_min": float(fixed.min()),
           "fixed_max": float(fixed.max()), "random_min": float(rand.min()),
           "random_max": float(rand.max())}
    for j in range(4):
        out[f"pulse_{j + 1}"] = t0 + j * T
    return out


# -- plots -------------------------------------------------------------------------------

def plot_decay(half_lives: tuple[float, ...] = (2.0, 5.0, 10.0), t_max: float = 30.0):
    """Fraction remaining after secretion stops, for several half-lives."""
    tm = in_range("t_max", t_max, 1.0, 1000.0)
    if not half_lives:
        raise ValueError("half_lives must name at least one half-life")
    fig, ax = new_figure(figsize=(7.0, 3.4))
    t = np.linspace(0.0, tm, 301)
    colours = [PALETTE["vermillion"], ROLE["oxytocin"], PALETTE["green"], PALETTE["purple"]]
    for i, h in enumerate(half_lives):
        frac = fraction_remaining(t, h)
        ax.plot(t, frac, color=colours[i % len(colours)], label=f"t½ = {h:g} min")
        ax.plot([h], [0.5], "o", color=colours[i % len(colours)], markersize=5)
    ax.axhline(0.5, color=PALETTE["grey"], linestyle=":", linewidth=1)
    ax.text(tm, 0.52, "half the starting level", ha="right", va="bottom", fontsize=9, color="#444444")
    ax.set_xlim(0, tm)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("minutes after secretion stops")
    ax.set_ylabel("fraction of starting concentration")
    ax.set_title("First-order clearance (illustrative model)")
    ax.legend(loc="upper right")
    return fig


def _make_release_axes():
    fig, (ax, ax2) = new_figure(1, 2, figsize=(9.0, 3.8),
                                gridspec_kw={"width_ratios": [3.0, 1.25]})
    art = {"ax": ax, "ax2": ax2}
    art["curve"], = ax.plot([], [], color=ROLE["oxytocin"], label="plasma concentration C(t)")
    art["pulses"], = ax.plot([], [], color=PALETTE["orange"], linewidth=1.2,
                             label="secretion R(t), scaled")
    art["vline"] = ax.axvline(0, color=PALETTE["black"], linestyle="--", linewidth=1.2)
    art["fixed_pts"] = ax.scatter([], [], s=14, color=PALETTE["vermillion"], alpha=0.6, zorder=3,
                                  label="single samples at that time")
    ax.set_xlabel("time (min)")
    ax.set_ylabel("concentration (a.u.)")
    ax.legend(loc="upper left", fontsize=8.5, ncol=1)
    art["strip_fixed"] = ax2.scatter([], [], s=10, color=PALETTE["vermillion"], alpha=0.5)
    art["strip_random"] = ax2.scatter([], [], s=10, color=PALETTE["purple"], alpha=0.5)
    art["true"], = ax2.plot([], [], color=PALETTE["black"], linewidth=1.5)
    art["mean_line"], = ax2.plot([], [], color=ROLE["oxytocin"], linewidth=1.5, linestyle=":")
    ax2.legend([art["true"], art["mean_line"]], ["true value then", "time average"],
               loc="upper left", fontsize=8, handlelength=1.5)
    ax2.set_xticks([0, 1], ["fixed\ntime", "random\ntime"])
    ax2.set_xlim(-0.6, 1.6)
    ax2.set_ylabel("single-sample reading (a.u.)")
    art["title2"] = ax2.set_title("", fontsize=10)
    ax2.grid(axis="x", visible=False)
    return fig, art


_T_GRID = np.linspace(0.0, 120.0, 961)
_N_SAMPLES = 60


def _release_data(params: dict, ts: float, cv: float, seed: int):
    """What the release figure draws: the curve and secretion on the grid, the two strips
    of single readings, the time-averaged level and the true value at ``ts``."""
    c = concentration(_T_GRID, **params)
    r = secretion(_T_GRID, **{k: v for k, v in params.items() if k != "half_life"})
    c_true = float(concentration([ts], **params)[0])
    fixed = sample(ts, _N_SAMPLES, cv=cv, seed=seed, **params)
    rand = random_time_samples(_N_SAMPLES, cv=cv, seed=seed + 1, window=(60.0, 120.0), **params)
    mean_level = ((params["basal"] + params["amplitude"] * params["width"] / params["interval"])
                  / rate_constant(params["half_life"]))
    return c, r, fixed, rand, mean_level, c_true


def _draw_release(art, half_life: float, interval: float, t_sample: float, cv: float,
                  seed: int = 1) -> str:
    params = dict(DEFAULTS)
    params.update(half_life=half_life, interval=interval)
    ts = in_range("t_sample", t_sample, 0.0, 120.0)
    c, r, fixed, rand, mean_level, c_true = _release_data(params, ts, cv, seed)
    peak, trough = _last_interval(params)
    top = nice_ceil(max(float(c.max()), float(fixed.max()), float(rand.max())) * 1.3)
    ax, ax2 = art["ax"], art["ax2"]
    art["curve"].set_data(_T_GRID, c)
    art["pulses"].set_data(_T_GRID, r / max(r.max(), 1e-12) * 0.18 * top)
    art["vline"].set_xdata([ts, ts])
    jitter = np.linspace(-0.9, 0.9, _N_SAMPLES)
    art["fixed_pts"].set_offsets(np.column_stack([ts + jitter, fixed]))
    art["title2"].set_text(f"Single samples\n(at {ts:.0f} min, true C = {c_true:.2f})")
    ax.set_xlim(0, 120)
    ax.set_ylim(0, top)
    ax.set_title(f"t½ = {half_life:g} min, pulse every {interval:g} min, assay CV = {cv:.0%}"
                 f" (illustrative)\ntime average {mean_level:.2f} a.u. · peak / trough over the "
                 f"last interval {peak / trough:.1f}", fontsize=10)
    jj = np.linspace(-0.25, 0.25, _N_SAMPLES)
    art["strip_fixed"].set_offsets(np.column_stack([jj, fixed]))
    art["strip_random"].set_offsets(np.column_stack([1 + jj, rand]))
    art["true"].set_data([-0.4, 0.4], [c_true, c_true])
    art["mean_line"].set_data([0.6, 1.4], [mean_level, mean_level])
    ax2.set_ylim(0, top)
    lo_f, hi_f = np.percentile(fixed, [5, 95])
    lo_r, hi_r = np.percentile(rand, [5, 95])
    return (f"Left: illustrative plasma concentration over 120 minutes with a secretion pulse every "
            f"{interval:g} min and a half-life of {half_life:g} min; the level jumps after each pulse "
            f"and decays between pulses; over the last full pulse interval the peak is "
            f"{peak / trough:.1f} times the trough, and the time-averaged level is {mean_level:.2f} a.u. "
            f"A dashed line marks a sample at {ts:.0f} min, where the "
            f"true value is {c_true:.2f} a.u. Right: {_N_SAMPLES} single readings with assay CV "
            f"{cv:.0%}; taken at that fixed time they span about {lo_f:.2f} to {hi_f:.2f} a.u. "
            f"(90% range); taken at random times between 60 and 120 min they span about "
            f"{lo_r:.2f} to {hi_r:.2f} a.u., around a time-averaged level of {mean_level:.2f}.")


def plot_release(half_life: float = DEFAULTS["half_life"], interval: float = DEFAULTS["interval"],
                 t_sample: float = 80.0, cv: float = 0.2):
    """Concentration time course with a sampling time marked, and the spread of single samples."""
    fig, art = _make_release_axes()
    _draw_release(art, half_life, interval, t_sample, cv)
    return fig


def release_explorer() -> Explorer:
    """Half-life, pulse interval, sampling time and assay CV, redrawn in place."""
    fig, art = _make_release_axes()
    controls = {
        "half_life": slider("Plasma half-life (min)", DEFAULTS["half_life"], 1.0, 20.0, 0.5),
        "interval": slider("Pulse interval (min)", DEFAULTS["interval"], 10.0, 60.0, 5.0),
        "t_sample": slider("Sampling time (min)", 80.0, 0.0, 120.0, 1.0),
        "cv": slider("Assay CV", 0.2, 0.0, 0.5, 0.05, readout_format=".0%"),
    }

    def draw(half_life: float, interval: float, t_sample: float, cv: float) -> str:
        return _draw_release(art, half_life, interval, t_sample, cv)

    return Explorer("01-release-explorer", fig, controls, draw,
                    title="Pulsatile release and one blood sample (illustrative model)",
                    kernel_free="half_life",
                    kernel_free_values=[2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0])
