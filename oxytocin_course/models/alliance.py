"""The alliance cycle of Eckert & Schandro (2025) as a network (an illustrative model).

Notebook 04.  Five components of the therapeutic alliance (attachment,
empathy, social synchrony, trust and cooperation, social support), each a
level ``x_i`` in (0, 1), reinforce each other with weight ``w`` and saturate::

    dx_i/dt = −x_i + σ( w · Σ_{j≠i} (x_j − ½) + u_i(t) ),   σ(z) = 1 / (1 + e^(−z))

``u_i(t)`` is a brief perturbation of one component (positive: a repair,
such as a moment of attuned empathy; negative: a rupture).  All components at
½ is always a fixed point.  Around it the collective mode (a shared push,
which moves the mean of the five components) grows at rate ``w − 1``
(σ'(0) = ¼ and each component hears four others), while every zero-sum mode
(one component up, another down by the same amount) decays at rate
``1 + w/4``.  So for ``w > 1`` a perturbation with a shared part, such as a
push to a single component, is amplified into a shared high or shared low
state; for ``w < 1`` every perturbation dies away.  The network is symmetric:
``x → 1 − x`` with ``u → −u`` maps it onto itself, so a rupture is amplified
exactly as readily as a repair.  With ``w = 0`` the components do not
interact and nothing spreads.

This is our formalisation of a **postulate**, not of a finding: Eckert and
Schandro propose the cycle as a conceptual framework.  The weight ``w`` and
all time scales are teaching choices.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy.integrate import odeint
from scipy.special import expit

from ..checks import in_range, integer
from ..explorer import Explorer, dropdown, slider
from ..figures import new_figure
from ..style import BENEATH_LINES, PALETTE

COMPONENTS = ("attachment", "empathy", "social synchrony", "trust and cooperation", "social support")
N = len(COMPONENTS)
W_MAX = 3.0
#: Every component starts at the midpoint, where the network is at rest.
MIDPOINT = 0.5
#: When the push starts and how long it lasts (model time): the defaults of :func:`simulate`.
PULSE_START = 2.0
PULSE_DURATION = 2.0
#: Length of a run (model time): the default of :func:`simulate`, and the explorer's x-axis.
T_END = 30.0
#: A final mean level within this distance of the midpoint counts as "back to the midpoint".
SETTLED_TOLERANCE = 0.05
#: Shortest stretch of time (model units) between changes of the input that is integrated.
_MIN_STEP = 1e-9
#: Index of empathy in :data:`COMPONENTS`: the component the figure and the explorer push.
EMPATHY = COMPONENTS.index("empathy")


def simulate(w: float = 1.5, pulse: float = 2.0, component: int = EMPATHY, *,
             pulse_start: float = PULSE_START, pulse_duration: float = PULSE_DURATION,
             t_end: float = T_END, n_points: int = 301) -> tuple[np.ndarray, np.ndarray]:
    """Integrate from the midpoint (all ½) with ``scipy.integrate.odeint`` (LSODA).

    ``w`` in [0, 3], ``pulse`` in [−5, 5] added to the input of component
    ``component`` (0–4, in the order of :data:`COMPONENTS`) for
    ``pulse_duration`` from ``pulse_start``.  Returns ``(t, x)`` with ``x`` of
    shape ``(5, len(t))``.
    """
    w = in_range("w", w, 0, W_MAX)
    pulse = in_range("pulse", pulse, -5, 5)
    component = integer("component", component, 0, N - 1)
    pulse_start = in_range("pulse_start", pulse_start, 0, 500)
    pulse_duration = in_range("pulse_duration", pulse_duration, 0, 50)
    t_end = in_range("t_end", t_end, 1, 500)
    n_points = integer("n_points", n_points, 2, 100_000)
    t, x = _integrate(w, pulse, component, pulse_start, pulse_duration, t_end, n_points)
    return t.copy(), x.copy()


@functools.lru_cache(maxsize=256)
def _integrate(w: float, pulse: float, component: int, pulse_start: float,
               pulse_duration: float, t_end: float, n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`simulate` for checked arguments (cached: the explorer asks again and again)."""
    t = np.linspace(0, t_end, n_points)
    state = np.full(N, MIDPOINT)
    # The times at which the input changes, with any shorter step than _MIN_STEP dropped: a
    # push that brief has no visible effect, and the integrator cannot step over it.
    edges = [0.0]
    for edge in sorted({min(pulse_start, t_end), min(pulse_start + pulse_duration, t_end)}):
        if edge - edges[-1] > _MIN_STEP and t_end - edge > _MIN_STEP:
            edges.append(edge)
    edges.append(t_end)
    levels = np.empty((N, n_points))
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi <= lo:
            continue
        push = np.zeros(N)
        if pulse_start <= 0.5 * (lo + hi) < pulse_start + pulse_duration:
            push[component] = pulse

        def rhs(x: np.ndarray, _t: float, push: np.ndarray = push) -> np.ndarray:
            deviation = x - MIDPOINT
            return -x + expit(w * (deviation.sum() - deviation) + push)

        last = hi == t_end
        mask = (t >= lo) & ((t <= hi) if last else (t < hi))
        times = t[mask]
        if times.size == 0 or times[-1] != hi:
            times = np.append(times, hi)
        if times[0] != lo:
            times = np.insert(times, 0, lo)     # odeint starts at the first time it is given
            rows = odeint(rhs, state, times, rtol=1e-8, atol=1e-10)[1:]
        else:
            rows = odeint(rhs, state, times, rtol=1e-8, atol=1e-10)
        levels[:, mask] = rows[:mask.sum()].T
        state = rows[-1]
    t.flags.writeable = False
    levels.flags.writeable = False
    return t, levels


def final_mean(w: float = 1.5, pulse: float = 2.0, component: int = EMPATHY, **kw: Any) -> float:
    """Mean level of the five components at the end of the run (½ = where they started)."""
    return float(simulate(w, pulse, component, **kw)[1][:, -1].mean())


def growth_rate(w: float) -> float:
    """Growth rate of the collective mode at the midpoint: w − 1 (negative: perturbations decay)."""
    w = in_range("w", w, 0, W_MAX)
    jac = -np.eye(N) + 0.25 * w * (np.ones((N, N)) - np.eye(N))
    return float(np.max(np.linalg.eigvalsh(jac)))


def repair_rupture_figure_values(w: float = 1.5, size: float = 2.0) -> dict[str, float]:
    """Numbers quoted with figure ``04-alliance-repair-rupture`` (:func:`plot_repair_rupture`
    with weight ``w`` in [0, 3] and a push of ``size`` in [0, 5] to empathy).

    Returns ``w``; the push window ``push_start`` and ``push_end`` and the run length
    ``t_end`` (model time); ``repair_peak``, empathy at the end of the positive push;
    ``repair_settle``, the mean of the five components at the end of the run after it;
    and ``rupture_trough`` and ``rupture_settle``, the same after the negative push.
    """
    w = in_range("w", w, 0, W_MAX)
    size = in_range("size", size, 0, 5)
    push_end = PULSE_START + PULSE_DURATION
    out = dict(w=w, push_start=PULSE_START, push_end=push_end)
    for sign, peak_key, settle_key in ((1, "repair_peak", "repair_settle"),
                                       (-1, "rupture_trough", "rupture_settle")):
        t, x = simulate(w, sign * size, EMPATHY)
        out[peak_key] = float(np.interp(push_end, t, x[EMPATHY]))
        out[settle_key] = float(x[:, -1].mean())
    out["t_end"] = float(t[-1])
    return out


# -- plots ----------------------------------------------------------------------------------

COLOURS = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple")]


def plot_repair_rupture(w: float = 1.5, size: float = 2.0) -> Figure:
    """Default figure: the same network after a repair (+) and after a rupture (−) of empathy."""
    fig, axes = new_figure(1, 2, figsize=(9.0, 3.4), sharey=True)
    other = 0   # every component but empathy follows the same curve; draw the first
    for ax, sign, name in ((axes[0], 1, "Repair: empathy +"), (axes[1], -1, "Rupture: empathy −")):
        t, x = simulate(w, sign * size, EMPATHY)
        ax.axvspan(PULSE_START, PULSE_START + PULSE_DURATION, color=PALETTE["yellow"], alpha=0.3,
                   lw=0)
        ax.plot(t, x[EMPATHY], color=COLOURS[EMPATHY], lw=2.5, label="empathy (perturbed)")
        ax.plot(t, x[other], color=COLOURS[other], lw=1.8, ls="--",
                label="the other four\n(identical curves)")
        ax.axhline(MIDPOINT, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.set_title(f"{name} (w = {w:g})")
        ax.set_xlabel("time (model units)")
    axes[0].set_ylabel("component level (0–1)")
    axes[0].set_ylim(0, 1)
    axes[1].legend(loc="center right", fontsize=8)
    return fig


#: Line widths of the perturbed component and of the others in the explorer.
_PUSHED_WIDTH, _OTHER_WIDTH = 2.6, 1.5


def _alliance_artists(ax: Axes) -> dict[str, Any]:
    """The explorer's static parts, and the artists :func:`_update_alliance` changes."""
    lines = [ax.plot([], [], color=COLOURS[i], label=name)[0] for i, name in enumerate(COMPONENTS)]
    ax.axvspan(PULSE_START, PULSE_START + PULSE_DURATION, color=PALETTE["yellow"], alpha=0.3, lw=0)
    ax.axhline(MIDPOINT, color=PALETTE["grey"], lw=0.8, ls=":")
    ax.set_xlim(0, T_END)
    ax.set_ylim(0, 1)
    ax.set_xlabel("time (model units)")
    ax.set_ylabel("component level (0–1)")
    legend = ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    # The legend sits beside the axes, clear of the curves: drawn beneath them it is
    # part of the explorer's background and not redrawn with every frame.
    legend.set_zorder(BENEATH_LINES)
    return {"lines": lines, "title": ax.set_title(" ")}


def _update_alliance(art: dict[str, Any], w: float, pulse: float, component: int) -> str:
    """Show the run with weight ``w`` after a push ``pulse`` to ``component``; the alt text."""
    t, x = simulate(w, pulse, component)
    for i, line in enumerate(art["lines"]):
        line.set_data(t, x[i])
        line.set_linewidth(_PUSHED_WIDTH if i == component else _OTHER_WIDTH)
    end_mean = float(x[:, -1].mean())
    if abs(end_mean - MIDPOINT) < SETTLED_TOLERANCE:
        verdict = "back to the midpoint"
    elif end_mean > MIDPOINT:
        verdict = "amplified to a shared high (repair)"
    else:
        verdict = "amplified to a shared low (rupture)"
    art["title"].set_text(f"w = {w:g} (growth rate {w - 1:+.1f}): {verdict}")
    return (f"Time courses of the five alliance components (levels 0 to 1) after a perturbation of "
            f"{pulse:+g} to {COMPONENTS[component]} between times {PULSE_START:g} and "
            f"{PULSE_START + PULSE_DURATION:g}, with mutual reinforcement "
            f"w = {w:g}. At the end the mean level is {end_mean:.2f}: {verdict}.")


def alliance_explorer() -> Explorer:
    """Coupling weight, size and sign of a perturbation, and which component receives it."""
    fig, ax = new_figure(figsize=(7.5, 3.4))
    art = _alliance_artists(ax)
    controls = {
        "w": slider("Mutual reinforcement w", 1.5, 0.0, W_MAX, 0.1),
        "pulse": slider("Perturbation (− rupture, + repair)", 2.0, -4.0, 4.0, 0.5),
        "component": dropdown("Perturbed component", [(c, i) for i, c in enumerate(COMPONENTS)],
                              EMPATHY),
    }

    def draw(w: float, pulse: float, component: int) -> str:
        return _update_alliance(art, w, pulse, component)

    return Explorer("04-alliance-explorer", fig, controls, draw, animated=art,
                    title="The alliance cycle as a network (illustrative model of a postulate)",
                    # On the static page w moves (push +2 to empathy): the push fades at
                    # w = 0.9 and spreads at 1.1, the two questions section 4 asks of the explorer.
                    page_control="w", page_values=[0.0, 0.5, 0.9, 1.1, 1.5, 2.0, 3.0])
