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
to baseline.  *Delivery* ends the loop: when ``x`` reaches ``threshold`` the
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

import ipywidgets as widgets
import numpy as np
from scipy.integrate import solve_ivp

from ..checks import in_range, one_of
from ..explorer import Explorer, slider
from ..figures import nice_ceil, new_figure
from ..style import PALETTE, ROLE

__all__ = ["DEFAULTS", "SIGNS", "Trajectory", "critical_gain", "growth_rate", "simulate",
           "delivery_time", "feedback_figure_values", "plot_feedback", "feedback_explorer"]

#: Illustrative defaults (arbitrary units, minutes); not measured values.
DEFAULTS = dict(tau_x=5.0, tau_y=2.0, y_max=5.0, threshold=1.0, x0=0.1, t_max=300.0)
SIGNS = ("positive", "negative")
#: Shortest time constant accepted (min); smaller values underflow the eigenvalue formula.
TAU_MIN = 0.01


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
    ym = in_range("y_max", y_max, 0.0, 1e6, lo_open=True)
    th = in_range("threshold", threshold, 0.0, 1e6, lo_open=True)
    x_init = in_range("x0", x0, 0.0, th, hi_open=True)
    tm = in_range("t_max", t_max, 1.0, 1e5)
    a, b = 1.0, g

    def rhs(_t, z):
        x, y = z
        return [(s * b * y - x) / tx, (ym * math.tanh(a * x / ym) - y) / ty]

    def delivery(_t, z):
        return z[0] - th
    delivery.terminal = True
    delivery.direction = 1

    t_eval = np.linspace(0.0, tm, n_points)
    sol = solve_ivp(rhs, (0.0, tm), [x_init, 0.0], method="RK45", t_eval=t_eval,
                    events=delivery, rtol=1e-6, atol=1e-9)
    if not sol.t_events[0].size:
        return Trajectory(sol.t, sol.y[0].copy(), sol.y[1].copy(), None, g, sign)
    t_d = float(sol.t_events[0][0])
    y_d = float(sol.y_events[0][0][1])
    rest = t_eval[t_eval > t_d]
    # Up to delivery, the event point itself, then the stretch stimulus is gone (x = 0)
    # and oxytocin is cleared: y = y_d exp(-(t - t_d) / tau_y).
    t = np.concatenate([sol.t[sol.t < t_d], [t_d, t_d], rest])
    x = np.concatenate([sol.y[0][sol.t < t_d], [th, 0.0], np.zeros_like(rest)])
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


# -- plots -----------------------------------------------------------------------------

_GAINS = np.round(np.concatenate([[1.0], np.linspace(1.05, 4.0, 60)]), 4)


@functools.lru_cache(maxsize=1)
def _delivery_curve() -> tuple[np.ndarray, np.ndarray]:
    times = np.array([delivery_time(float(g), "positive") for g in _GAINS])
    return _GAINS, times


def _make_axes():
    fig, (ax, ax2) = new_figure(1, 2, figsize=(9.0, 3.8), gridspec_kw={"width_ratios": [1.6, 1.0]})
    art = {"ax": ax, "ax2": ax2}
    art["x"], = ax.plot([], [], color=PALETTE["vermillion"], label="cervical stretch x")
    art["y"], = ax.plot([], [], color=ROLE["oxytocin"], label="oxytocin y")
    art["thr"] = ax.axhline(DEFAULTS["threshold"], color=PALETTE["grey"], linestyle="--", linewidth=1)
    ax.text(0.98, DEFAULTS["threshold"], "delivery threshold", ha="right",
            va="bottom", fontsize=8.5, color="#444444", transform=ax.get_yaxis_transform())
    art["vd"] = ax.axvline(-10, color=PALETTE["black"], linestyle=":", linewidth=1.2)
    art["msg"] = ax.text(0.98, 0.55, "", transform=ax.transAxes, ha="right", va="center", fontsize=9)
    ax.set_xlim(0, DEFAULTS["t_max"])
    ax.set_xlabel("time (illustrative min)")
    ax.set_ylabel("deviation from baseline (a.u.)")
    ax.legend(loc="upper left", fontsize=9)
    gains, times = _delivery_curve()
    finite = np.isfinite(times)
    ax2.plot(gains[finite], times[finite], color=PALETTE["black"], linewidth=1.6)
    ax2.axvline(1.0, color=PALETTE["grey"], linestyle="--", linewidth=1)
    ax2.text(0.95, 0.97, "G = 1", transform=ax2.get_xaxis_transform(), ha="right", va="top",
             fontsize=9, color="#444444")
    ax2.text(0.5, 0.35, "no\ndelivery", transform=ax2.get_xaxis_transform(),
             ha="center", va="center", fontsize=8.5, color="#444444")
    art["marker"], = ax2.plot([], [], "o", color=PALETTE["vermillion"], markersize=8)
    art["ax2title"] = ax2.set_title("Positive feedback: time to delivery", fontsize=10.5)
    ax2.set_xlim(0, 4)
    ax2.set_ylim(0, DEFAULTS["t_max"])
    ax2.set_xlabel("loop gain G")
    ax2.set_ylabel("time to delivery (illustrative min)")
    return fig, art


def _draw(art, gain: float, sign: str) -> str:
    tr = simulate(gain, sign)
    ax = art["ax"]
    art["x"].set_data(tr.t, tr.stretch)
    art["y"].set_data(tr.t, tr.oxytocin)
    top = max(1.3 * DEFAULTS["threshold"], float(np.max(tr.oxytocin)) * 1.1, float(np.max(tr.stretch)) * 1.1)
    bottom = min(0.0, float(np.min(tr.stretch)) * 1.2, float(np.min(tr.oxytocin)) * 1.2)
    # Limits move only in coarse steps, so most slider moves redraw just the curves.
    ax.set_ylim(-nice_ceil(max(0.25, 0.02 - bottom)), nice_ceil(max(1.5, top)))
    lam = growth_rate(gain, sign)
    if tr.delivered:
        right = max(60.0, 2.5 * tr.t_delivery)
    elif lam < 0:
        right = max(30.0, 5.0 / -lam)
    else:
        right = DEFAULTS["t_max"]
    ax.set_xlim(0, min(DEFAULTS["t_max"], nice_ceil(max(60.0, right))))
    if tr.delivered:
        art["vd"].set_xdata([tr.t_delivery, tr.t_delivery])
        art["msg"].set_text(f"delivery at {tr.t_delivery:.0f} min\nthen oxytocin is cleared")
        art["marker"].set_data([gain], [tr.t_delivery])
        outcome = (f"stretch and oxytocin grow until stretch crosses the delivery threshold at "
                   f"about {tr.t_delivery:.0f} illustrative minutes; afterwards oxytocin decays")
    else:
        art["vd"].set_xdata([-10, -10])
        art["msg"].set_text("no delivery:\nthe loop returns to baseline" if lam < 0
                            else "slow growth:\nno delivery in this window")
        art["marker"].set_data([], [])
        outcome = ("the initial stretch dies away and both variables return to baseline"
                   if lam < 0 else "growth is too slow to reach the threshold in the window shown")
    ax.set_title(f"{sign.capitalize()} feedback, loop gain G = {gain:.2f} "
                 f"(growth rate {lam:+.3f}/min; illustrative)", fontsize=10)
    return (f"Left: illustrative time courses of cervical stretch and oxytocin after a small initial "
            f"stretch, with {sign} feedback and loop gain {gain:.2f}: {outcome}. Right: time to "
            f"delivery against loop gain for positive feedback; no delivery below G = 1, and higher "
            f"gain gives earlier delivery." + (" The dot marks the current gain."
                                               if tr.delivered else ""))


def plot_feedback(gain: float = 2.0, sign: str = "positive"):
    """Time courses for one loop, and delivery time as a function of loop gain."""
    fig, art = _make_axes()
    _draw(art, gain, sign)
    return fig


def feedback_explorer() -> Explorer:
    """Loop gain and feedback sign; the figure redraws in place."""
    fig, art = _make_axes()
    controls = {
        "gain": slider("Loop gain G", 2.0, 0.0, 4.0, 0.1),
        "sign": widgets.Dropdown(options=[("positive (Ferguson loop)", "positive"),
                                          ("negative (homeostatic loop)", "negative")],
                                 value="positive", description="Feedback sign",
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="32em")),
    }

    def draw(gain: float, sign: str) -> str:
        return _draw(art, gain, sign)

    return Explorer("01-feedback-explorer", fig, controls, draw,
                    title="Positive vs negative feedback in labour (illustrative model)",
                    kernel_free="gain",
                    kernel_free_values=[0.5, 0.9, 1.1, 1.5, 2.0, 2.5, 3.0, 4.0])
