"""The Ferguson reflex as a feedback loop (an illustrative model).

Notebook 01, section 2.  Two variables, both deviations from a resting
baseline in arbitrary units: cervical stretch ``x`` and plasma oxytocin ``y``.
Stretch drives oxytocin release (through a saturating response, because
release capacity is finite); oxytocin drives contractions that add to the
stretch (positive feedback, the Ferguson loop) or, for contrast, oppose it
(negative feedback, a homeostatic loop)::

    tau_y dy/dt = y_max * tanh(a x / y_max) - y          (release, clearance)
    tau_x dx/dt = s * b * y - x                          (contraction, relaxation)

with feedback sign ``s = +1`` (positive) or ``s = -1`` (negative).  The *loop
gain* ``G = a b`` is the steady-state amplification once round the loop.  Near
baseline (tanh(u) ≈ u) the system is linear with Jacobian

    J = [[-1/tau_x,  s b / tau_x],
         [ a / tau_y,  -1/tau_y  ]],   det J = (1 - s G) / (tau_x tau_y).

So with positive feedback the baseline is stable for ``G < 1`` and unstable
(a saddle: one growing mode) for ``G > 1``: the critical gain is exactly 1.
The growth rate of that mode is the larger eigenvalue

    lambda = [-(tau_x + tau_y) + sqrt((tau_x - tau_y)^2 + 4 s G tau_x tau_y)] / (2 tau_x tau_y)

(real part, for the negative sign).  With negative feedback every gain returns
to baseline: the determinant ``(1 + G)/(tau_x tau_y)`` is positive and the trace
``-(1/tau_x + 1/tau_y)`` negative.  Above ``G = (tau_x - tau_y)^2 / (4 tau_x tau_y)``
the two eigenvalues are a complex pair: the stretch overshoots the baseline and
swings around it with period ``2 pi / |Im lambda|`` while the swings die away at
the rate ``-Re lambda = (1/tau_x + 1/tau_y) / 2``, the same for every such gain.  *Delivery* ends the loop: when ``x`` reaches ``threshold`` the
stretch stimulus is gone and oxytocin is simply cleared,
``y(t) = y(t_d) exp(-(t - t_d)/tau_y)``.

All parameters (time constants, threshold, y_max, the kick x0) are
illustrative; they are not measured values, and the time axis is not a
prediction of how long labour lasts.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, MaxNLocator
from scipy.integrate import solve_ivp

from ..checks import in_range, integer, one_of
from ..explorer import Explorer, dropdown, panel_line, slider
from ..figures import nice_ceil, new_figure
from ..style import BENEATH_LINES, PALETTE, ROLE

__all__ = ["DEFAULTS", "SIGNS", "NEGATIVE_GAINS", "Trajectory", "critical_gain", "eigenvalues",
           "growth_rate", "simulate", "delivery_time", "feedback_figure_values",
           "negative_feedback_figure_values", "plot_feedback", "plot_negative_feedback",
           "feedback_explorer"]

#: Illustrative defaults (arbitrary units, minutes); not measured values.
DEFAULTS = dict(tau_x=5.0, tau_y=2.0, y_max=5.0, threshold=1.0, x0=0.1, t_max=300.0)
SIGNS = ("positive", "negative")
#: Shortest time constant accepted (min); smaller values underflow the eigenvalue formula.
TAU_MIN = 0.01
#: Loop gains of the negative-feedback figure (:func:`plot_negative_feedback`).
NEGATIVE_GAINS = (0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True)
class Trajectory:
    """A simulated run: times, stretch x, oxytocin y, and the delivery time (or None)."""
    t: np.ndarray
    stretch: np.ndarray
    oxytocin: np.ndarray
    t_delivery: float | None
    gain: float
    sign: str

    @property
    def delivered(self) -> bool:
        return self.t_delivery is not None


def _sign(sign: str) -> int:
    one_of("sign", sign, SIGNS)
    return 1 if sign == "positive" else -1


def critical_gain(sign: str = "positive") -> float:
    """Loop gain at which the baseline loses stability: 1 for positive feedback, none (inf) for negative."""
    return 1.0 if _sign(sign) > 0 else math.inf


def eigenvalues(gain: float = 2.0, sign: str = "positive", *, tau_x: float = DEFAULTS["tau_x"],
                tau_y: float = DEFAULTS["tau_y"]) -> tuple[complex, complex]:
    """The two eigenvalues of the linearised loop (per min), the larger real part first.

    They are the rates of the loop's two modes.  A complex pair ``re ± i im``
    means a mode that swings around the baseline with period ``2 pi / im``
    while its size changes at the rate ``re``.
    """
    g = in_range("gain", gain, 0.0, 10.0)
    s = _sign(sign)
    tx = in_range("tau_x", tau_x, TAU_MIN, 1e3)
    ty = in_range("tau_y", tau_y, TAU_MIN, 1e3)
    disc = (tx - ty) ** 2 + 4.0 * s * g * tx * ty
    root = complex(math.sqrt(disc), 0.0) if disc >= 0 else complex(0.0, math.sqrt(-disc))
    lo = (-(tx + ty) - root) / (2.0 * tx * ty)
    hi = (-(tx + ty) + root) / (2.0 * tx * ty)
    return hi, lo


def growth_rate(gain: float, sign: str = "positive", *, tau_x: float = DEFAULTS["tau_x"],
                tau_y: float = DEFAULTS["tau_y"]) -> float:
    """Real part of the leading eigenvalue of the linearised loop (per min); > 0 means growth."""
    g = in_range("gain", gain, 0.0, 10.0)
    s = _sign(sign)
    tx = in_range("tau_x", tau_x, TAU_MIN, 1e3)
    ty = in_range("tau_y", tau_y, TAU_MIN, 1e3)
    disc = (tx - ty) ** 2 + 4.0 * s * g * tx * ty
    if disc >= 0:
        return (-(tx + ty) + math.sqrt(disc)) / (2.0 * tx * ty)
    return -(tx + ty) / (2.0 * tx * ty)


def simulate(gain: float = 2.0, sign: str = "positive", *, tau_x: float = DEFAULTS["tau_x"],
             tau_y: float = DEFAULTS["tau_y"], y_max: float = DEFAULTS["y_max"],
             threshold: float = DEFAULTS["threshold"], x0: float = DEFAULTS["x0"],
             t_max: float = DEFAULTS["t_max"], n_points: int = 601) -> Trajectory:
    """Integrate the loop (``solve_ivp``, RK45) from a small initial stretch ``x0``.

    Stops at delivery (``x`` reaches ``threshold``; a terminal event), after
    which oxytocin decays with time constant ``tau_y`` and stretch is zero.
    With ``a = 1`` and ``b = gain`` the loop gain is ``G = gain``.
    """
    g = in_range("gain", gain, 0.0, 10.0)
    s = _sign(sign)
    tx = in_range("tau_x", tau_x, TAU_MIN, 1e3)
    ty = in_range("tau_y", tau_y, TAU_MIN, 1e3)
    y_cap = in_range("y_max", y_max, 0.0, 1e6, lo_open=True)
    x_threshold = in_range("threshold", threshold, 0.0, 1e6, lo_open=True)
    x_init = in_range("x0", x0, 0.0, x_threshold, hi_open=True)
    t_end = in_range("t_max", t_max, 1.0, 1e5)
    n_points = integer("n_points", n_points, 2, 100_000)
    a, b = 1.0, g

    def rhs(_t: float, z: np.ndarray) -> list[float]:
        x, y = z
        return [(s * b * y - x) / tx, (y_cap * math.tanh(a * x / y_cap) - y) / ty]

    def delivery(_t: float, z: np.ndarray) -> float:
        return z[0] - x_threshold
    delivery.terminal = True
    delivery.direction = 1

    t_eval = np.linspace(0.0, t_end, n_points)
    sol = solve_ivp(rhs, (0.0, t_end), [x_init, 0.0], method="RK45", t_eval=t_eval,
                    events=delivery, rtol=1e-6, atol=1e-9)
    if not sol.t_events[0].size:
        return Trajectory(sol.t, sol.y[0].copy(), sol.y[1].copy(), None, g, sign)
    t_d = float(sol.t_events[0][0])
    y_d = float(sol.y_events[0][0][1])
    rest = t_eval[t_eval > t_d]
    # Up to delivery, the event point itself, then the stretch stimulus is gone (x = 0)
    # and oxytocin is cleared: y = y_d exp(-(t - t_d) / tau_y).
    t = np.concatenate([sol.t[sol.t < t_d], [t_d, t_d], rest])
    x = np.concatenate([sol.y[0][sol.t < t_d], [x_threshold, 0.0], np.zeros_like(rest)])
    y = np.concatenate([sol.y[1][sol.t < t_d], [y_d, y_d], y_d * np.exp(-(rest - t_d) / ty)])
    return Trajectory(t, x, y, t_d, g, sign)


@functools.lru_cache(maxsize=512)
def delivery_time(gain: float, sign: str = "positive") -> float:
    """Time (min) at which stretch reaches the delivery threshold; ``inf`` if it never does
    within ``t_max`` (default illustrative parameters).

    When the baseline is stable (growth rate <= 0: positive feedback with G <= 1, or any
    negative feedback) a small initial stretch cannot grow, because the saturating release
    term is never larger than its linearisation; the answer is ``inf`` without integrating.
    """
    if growth_rate(gain, sign) <= 0:
        return math.inf
    t_d = simulate(gain, sign, n_points=2).t_delivery
    return math.inf if t_d is None else t_d


def feedback_figure_values(gain: float = 2.0, sign: str = "positive") -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``01-feedback-default``.

    At the settings of :func:`plot_feedback` with the same arguments (other
    parameters from :data:`DEFAULTS`):

    * ``gain``; ``x0`` and ``threshold``: the initial stretch and the delivery
      threshold (a.u.); ``g_crit``: the critical gain of positive feedback (1);
    * ``t_delivery``: when stretch reaches the threshold in the left panel (min);
    * ``y_delivery``: oxytocin at that moment (a.u.); ``t_clear``: the minutes
      after delivery until oxytocin has fallen to 1% of that level,
      ``tau_y · ln 100`` (it decays as ``y(t_d) exp(-(t - t_d)/tau_y)``);
    * ``curve_gain_low``, ``curve_time_low``: the smallest gain on the right
      panel's curve that reaches delivery within ``t_max``, and its delivery time;
      ``curve_gain_high``, ``curve_time_high``: the same at the largest gain shown.

    ``ValueError`` when the left panel's loop does not reach delivery (the
    figure's text describes a delivery).
    """
    g = in_range("gain", gain, 0.0, 10.0)
    _sign(sign)
    tr = simulate(g, sign)
    if not tr.delivered:
        raise ValueError(f"gain = {gain!r} with {sign} feedback does not reach delivery within "
                         f"{DEFAULTS['t_max']:g} min; the figure text needs a delivery")
    i_d = int(np.flatnonzero(tr.t == tr.t_delivery)[0])
    gains, times = _delivery_curve()
    finite = np.flatnonzero(np.isfinite(times))
    lo, hi = finite[0], finite[-1]
    return {"gain": g, "x0": DEFAULTS["x0"], "threshold": DEFAULTS["threshold"],
            "g_crit": critical_gain("positive"), "t_delivery": float(tr.t_delivery),
            "y_delivery": float(tr.oxytocin[i_d]),
            "t_clear": DEFAULTS["tau_y"] * math.log(100.0),
            "curve_gain_low": float(gains[lo]), "curve_time_low": float(times[lo]),
            "curve_gain_high": float(gains[hi]), "curve_time_high": float(times[hi])}


#: Window of the negative-feedback figure (min) and its time grid.
_NEG_T_MAX = 30.0


def _negative_runs(gains: float | tuple[float, ...]) -> list[Trajectory]:
    gs = np.atleast_1d(np.asarray(gains, dtype=float))
    if gs.size == 0 or gs.ndim != 1:
        raise ValueError(f"gains must name at least one loop gain; got {gains!r}")
    return [simulate(in_range("gains", float(g), 0.0, 10.0), "negative", t_max=_NEG_T_MAX,
                     n_points=601) for g in gs]


def negative_feedback_figure_values(gains: float | tuple[float, ...] = NEGATIVE_GAINS
                                    ) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``01-feedback-negative``.

    For each loop gain ``g`` in ``gains`` (negative feedback, other parameters
    from :data:`DEFAULTS`), as :func:`plot_negative_feedback` draws them:
    ``gain_<g>`` (the gain), ``overshoot_<g>``, how far the stretch falls below
    the baseline at its lowest, as a percentage of the initial stretch (0 if it
    never does), and ``t_dip_<g>``, when it is lowest (min).  Also ``t_max`` (the window,
    min), ``x0`` (the initial stretch) and ``decay``: the rate at which the
    swings die away, ``(1/tau_x + 1/tau_y) / 2`` per min, the same for every
    gain whose eigenvalues are a complex pair.  Names write a decimal point as ``p``.
    """
    out: dict[str, float] = {"t_max": _NEG_T_MAX, "x0": DEFAULTS["x0"],
                             "decay": (1.0 / DEFAULTS["tau_x"] + 1.0 / DEFAULTS["tau_y"]) / 2.0}
    for tr in _negative_runs(gains):
        k = f"{tr.gain:g}".replace(".", "p")
        i = int(np.argmin(tr.stretch))
        out[f"gain_{k}"] = tr.gain
        out[f"overshoot_{k}"] = float(max(0.0, -100.0 * tr.stretch[i] / DEFAULTS["x0"]))
        out[f"t_dip_{k}"] = float(tr.t[i])
    return out


# -- plots -----------------------------------------------------------------------------

#: Loop gains of the right panel's curve of delivery time against gain.
_CURVE_GAINS = np.round(np.concatenate([[1.0], np.linspace(1.05, 4.0, 60)]), 4)


@functools.lru_cache(maxsize=1)
def _delivery_curve() -> tuple[np.ndarray, np.ndarray]:
    times = np.array([delivery_time(float(g), "positive") for g in _CURVE_GAINS])
    return _CURVE_GAINS, times


#: The time axis of the left panel runs from 0 to one of these windows (min): the
#: shortest that shows the delivery and the clearance after it (at least
#: ``_WINDOW_PER_DELIVERY`` times the delivery time plus ``_CLEARANCE_MARGIN``), or the
#: return to baseline (``_RETURN_TIME_CONSTANTS`` time constants of the slowest mode).
#: Few windows: the axis stays put while the gain moves, and the figure redraws faster.
_WINDOWS = (60.0, 120.0, DEFAULTS["t_max"])
_WINDOW_PER_DELIVERY = 1.5
_CLEARANCE_MARGIN = 10.0
_RETURN_TIME_CONSTANTS = 5.0
#: Off the axes: where the delivery line waits when there is no delivery.
_OFF_AXIS = -10.0
#: A zorder above that of texts (3).
_ABOVE_TEXT = 3.5
#: Most intervals between y ticks on the time-course axes.
_Y_TICK_BINS = 5


def _feedback_artists(ax: Axes, ax_gain: Axes) -> dict[str, Any]:
    """The feedback figure's static parts, and the artists :func:`_update_feedback` changes:
    time courses on ``ax``, delivery time against loop gain on ``ax_gain``."""
    stretch, = ax.plot([], [], color=PALETTE["vermillion"], label="cervical stretch x")
    oxytocin, = ax.plot([], [], color=ROLE["oxytocin"], label="oxytocin y")
    ax.axhline(DEFAULTS["threshold"], color=PALETTE["grey"], linestyle="--", linewidth=1)
    threshold_label = ax.text(0.98, DEFAULTS["threshold"], "delivery threshold", ha="right",
                              va="bottom", fontsize=8.5, color="#444444",
                              transform=ax.get_yaxis_transform())
    delivery_line = ax.axvline(_OFF_AXIS, color=PALETTE["black"], linestyle=":", linewidth=1.2)
    message = ax.text(0.98, 0.55, "", transform=ax.transAxes, ha="right", va="center", fontsize=9)
    ax.set_xlim(0, DEFAULTS["t_max"])
    ax.set_xlabel("time (illustrative min)")
    ax.set_ylabel("deviation from baseline (a.u.)")
    # Two decimals on every scale: the zoomed-in view of negative feedback then needs no
    # wider tick labels than the default view, whose layout the explorer keeps.
    ax.yaxis.set_major_formatter(FormatStrFormatter("%.2f"))
    # About five ticks (not nine): easier to read, and fewer labels to draw when
    # the explorer rescales.
    ax.yaxis.set_major_locator(MaxNLocator(nbins=_Y_TICK_BINS))
    ax.legend(loc="upper left", fontsize=9)
    gains, times = _delivery_curve()
    finite = np.isfinite(times)
    ax_gain.plot(gains[finite], times[finite], color=PALETTE["black"], linewidth=1.6)
    ax_gain.axvline(critical_gain("positive"), color=PALETTE["grey"], linestyle="--", linewidth=1)
    ax_gain.text(0.95, 0.97, "G = 1", transform=ax_gain.get_xaxis_transform(), ha="right",
                 va="top", fontsize=9, color="#444444")
    ax_gain.text(0.5, 0.35, "no\ndelivery", transform=ax_gain.get_xaxis_transform(),
                 ha="center", va="center", fontsize=8.5, color="#444444")
    # The marker is drawn over the panel's texts and spines (it overlaps none of them), so
    # that the explorer redraws it alone in this panel.
    marker, = ax_gain.plot([], [], "o", color=PALETTE["vermillion"], markersize=8,
                           zorder=_ABOVE_TEXT)
    ax_gain.set_title("Positive feedback: time to delivery", fontsize=10.5)
    ax_gain.set_xlim(0, 4)
    ax_gain.set_ylim(0, DEFAULTS["t_max"])
    ax_gain.set_xlabel("loop gain G")
    ax_gain.set_ylabel("time to delivery (illustrative min)")
    return {"stretch": stretch, "oxytocin": oxytocin, "threshold_label": threshold_label,
            "delivery_line": delivery_line, "message": message, "marker": marker,
            "title": ax.set_title("", fontsize=10)}


def _rate_text(gain: float, sign: str) -> str:
    """The title's account of the slowest mode: a growth rate, or a decay rate and a swing."""
    leading, _ = eigenvalues(gain, sign)
    if leading.imag != 0.0:
        return (f"swings fade at {-leading.real:.2f}/min, period "
                f"{2.0 * math.pi / abs(leading.imag):.0f} min")
    return f"growth rate {leading.real:+.3f}/min"


def _time_limits(tr: Trajectory, sign: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The left panel's x and y limits for run ``tr``, in coarse steps (:data:`_WINDOWS`,
    :func:`nice_ceil`), so that most changes of the gain keep them."""
    if sign == "negative":
        # Negative feedback never reaches the threshold: zoom in on the small swings
        # around the baseline (the threshold is far above the window).
        high = max(float(np.max(tr.stretch)), float(np.max(tr.oxytocin)))
        low = min(float(np.min(tr.stretch)), float(np.min(tr.oxytocin)))
        top = nice_ceil(1.15 * high)
        ylim = (-nice_ceil(max(0.2 * top, -1.4 * low)), top)
    else:
        top = max(1.3 * DEFAULTS["threshold"], float(np.max(tr.oxytocin)) * 1.1,
                  float(np.max(tr.stretch)) * 1.1)
        bottom = min(0.0, float(np.min(tr.stretch)) * 1.2, float(np.min(tr.oxytocin)) * 1.2)
        ylim = (-nice_ceil(max(0.25, 0.02 - bottom)), nice_ceil(max(1.5, top)))
    rate = growth_rate(tr.gain, sign)
    if tr.delivered:
        needed = _WINDOW_PER_DELIVERY * tr.t_delivery + _CLEARANCE_MARGIN
    elif rate < 0:
        needed = _RETURN_TIME_CONSTANTS / -rate
    else:
        needed = DEFAULTS["t_max"]
    xlim = (0.0, next((w for w in _WINDOWS if w >= needed), DEFAULTS["t_max"]))
    return xlim, ylim


@functools.lru_cache(maxsize=256)
def _run(gain: float, sign: str) -> Trajectory:
    """:func:`simulate` with the default parameters, cached for the explorer (read only)."""
    return simulate(gain, sign)


def _update_feedback(art: dict[str, Any], gain: float, sign: str) -> str:
    """Show the loop with ``gain`` and ``sign``; return the figure's alt text."""
    tr = _run(float(gain), sign)
    art["stretch"].set_data(tr.t, tr.stretch)
    art["oxytocin"].set_data(tr.t, tr.oxytocin)
    zoom = sign == "negative"
    ax = art["stretch"].axes
    xlim, ylim = _time_limits(tr, sign)
    # New limits redraw the whole figure: set them only when they change.
    if ax.get_xlim() != xlim:
        ax.set_xlim(*xlim)
    if ax.get_ylim() != ylim:
        ax.set_ylim(*ylim)
    art["threshold_label"].set_visible(not zoom)
    if tr.delivered:
        art["delivery_line"].set_xdata([tr.t_delivery, tr.t_delivery])
        art["message"].set_text(f"delivery at {tr.t_delivery:.0f} min\nthen oxytocin is cleared")
        art["marker"].set_data([gain], [tr.t_delivery])
        outcome = (f"stretch and oxytocin grow until stretch crosses the delivery threshold at "
                   f"about {tr.t_delivery:.0f} illustrative minutes; afterwards oxytocin decays")
    else:
        art["delivery_line"].set_xdata([_OFF_AXIS, _OFF_AXIS])
        dip = 100.0 * float(np.min(tr.stretch)) / DEFAULTS["x0"]
        if zoom:
            art["message"].set_text("no delivery: the loop returns\nto baseline (axis zoomed in)")
            outcome = ("the initial stretch dies away and both variables return to baseline"
                       + (f"; the stretch first overshoots below the baseline, by {-dip:.0f}% of "
                          "the initial stretch" if dip <= -0.5 else ""))
        elif growth_rate(gain, sign) < 0:
            art["message"].set_text("no delivery:\nthe loop returns to baseline")
            outcome = "the initial stretch dies away and both variables return to baseline"
        else:
            art["message"].set_text("slow growth:\nno delivery in this window")
            outcome = "growth is too slow to reach the threshold in the window shown"
        art["marker"].set_data([], [])
    if "title" in art:
        art["title"].set_text(f"{sign.capitalize()} feedback, G = {gain:.2f}: "
                              f"{_rate_text(gain, sign)}")
    else:  # the explorer: the title names the loop, the panel under the figure gives the rate
        title = f"{sign.capitalize()} feedback (illustrative model)"
        ax = art["stretch"].axes
        if ax.get_title() != title:
            ax.set_title(title, fontsize=10).set_zorder(BENEATH_LINES)
    return (f"Left: illustrative time courses of cervical stretch and oxytocin after a small initial "
            f"stretch, with {sign} feedback and loop gain {gain:.2f}: {outcome}."
            + (" The vertical axis is zoomed in on the baseline." if zoom else "")
            + " Right: time to delivery against loop gain for positive feedback; no delivery below "
            "G = 1, and higher gain gives earlier delivery."
            + (" The dot marks the current gain." if tr.delivered else ""))


def _feedback_figure(rate_in_title: bool = True) -> tuple[Figure, dict[str, Any]]:
    fig, (ax, ax_gain) = new_figure(1, 2, figsize=(9.0, 3.8),
                                    gridspec_kw={"width_ratios": [1.6, 1.0]})
    art = _feedback_artists(ax, ax_gain)
    if not rate_in_title:
        del art["title"]
    return fig, art


def plot_feedback(gain: float = 2.0, sign: str = "positive") -> Figure:
    """Time courses for one loop, and delivery time as a function of loop gain."""
    fig, art = _feedback_figure()
    _update_feedback(art, gain, sign)
    return fig


def plot_negative_feedback(gains: float | tuple[float, ...] = NEGATIVE_GAINS) -> Figure:
    """Negative (homeostatic) feedback: the stretch after a small kick, for several gains.

    The stretch is drawn as a percentage of the initial stretch, so that an
    overshoot below the baseline of a few percent is visible.
    """
    runs = _negative_runs(gains)
    fig, ax = new_figure(figsize=(7.6, 3.6))
    colours = [PALETTE["sky"], PALETTE["blue"], PALETTE["purple"], PALETTE["vermillion"]]
    styles = [":", "-.", "--", "-"]
    for i, tr in enumerate(runs):
        ax.plot(tr.t, 100.0 * tr.stretch / DEFAULTS["x0"], color=colours[i % len(colours)],
                linestyle=styles[i % len(styles)], label=f"G = {tr.gain:g}")
    ax.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
    ax.text(_NEG_T_MAX * 0.99, 1.5, "baseline", ha="right", va="bottom", fontsize=8.5,
            color="#444444")
    ax.set_xlim(0, _NEG_T_MAX)
    ax.set_ylim(-30, 105)
    ax.set_xlabel("time (illustrative min)")
    ax.set_ylabel("stretch (% of the initial stretch)")
    ax.set_title("Negative feedback: a small stretch after the kick (illustrative model)",
                 fontsize=10.5)
    ax.legend(loc="upper right", fontsize=9, title="loop gain", title_fontsize=9)
    return fig


def feedback_explorer() -> Explorer:
    """Loop gain and feedback sign; the figure redraws in place.

    The growth or decay rate sits in a line under the figure rather than in the
    title: a changing title is redrawn at every update, and text is the
    costliest thing to draw."""
    fig, art = _feedback_figure(rate_in_title=False)
    rate = widgets.HTML()
    controls = {
        "gain": slider("Loop gain G", 2.0, 0.0, 4.0, 0.1),
        "sign": dropdown("Feedback sign", [("positive (Ferguson loop)", "positive"),
                                           ("negative (homeostatic loop)", "negative")],
                         "positive"),
    }

    def draw(gain: float, sign: str) -> str:
        alt = _update_feedback(art, gain, sign)
        line = f"{sign.capitalize()} feedback, G = {gain:.2f}: {_rate_text(gain, sign)}."
        rate.value = panel_line(line)
        return alt

    return Explorer("01-feedback-explorer", fig, controls, draw, animated=art, panel=rate,
                    title="Positive vs negative feedback in labour (illustrative model)",
                    page_control="gain", page_values=[0.5, 0.9, 1.1, 1.5, 2.0, 2.5, 3.0, 4.0])
