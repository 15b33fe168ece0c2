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

import numpy as np
from scipy.integrate import solve_ivp
from scipy.special import expit

from ..checks import in_range, integer
from ..style import PALETTE

COMPONENTS = ("attachment", "empathy", "social synchrony", "trust and cooperation", "social support")
N = len(COMPONENTS)
W_MAX = 3.0


def simulate(w: float = 1.5, pulse: float = 2.0, component: int = 1, *, pulse_start: float = 2.0,
             pulse_duration: float = 2.0, t_end: float = 30.0,
             n_points: int = 301) -> tuple[np.ndarray, np.ndarray]:
    """Integrate from the midpoint (all ½) with ``solve_ivp``.

    ``w`` in [0, 3], ``pulse`` in [−5, 5] added to the input of component
    ``component`` (0–4, in the order of :data:`COMPONENTS`) for
    ``pulse_duration`` from ``pulse_start``.  Returns ``(t, x)`` with ``x`` of
    shape ``(5, len(t))``.
    """
    w = in_range("w", w, 0, W_MAX)
    pulse = in_range("pulse", pulse, -5, 5)
    component = integer("component", component, 0, N - 1)
    pulse_duration = in_range("pulse_duration", pulse_duration, 0, 50)
    t_end = in_range("t_end", t_end, 1, 500)
    t = np.linspace(0, t_end, n_points)
    x0 = np.full(N, 0.5)
    edges = sorted({0.0, min(pulse_start, t_end), min(pulse_start + pulse_duration, t_end), t_end})
    out = np.empty((N, n_points))
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi <= lo:
            continue
        u = np.zeros(N)
        if pulse_start <= 0.5 * (lo + hi) < pulse_start + pulse_duration:
            u[component] = pulse

        def f(_t, x, u=u):
            dev = x - 0.5
            return -x + expit(w * (dev.sum() - dev) + u)

        last = hi == t_end
        mask = (t >= lo) & ((t <= hi) if last else (t < hi))
        times = t[mask]
        if times.size == 0 or times[-1] != hi:
            times = np.append(times, hi)
        sol = solve_ivp(f, (lo, hi), x0, t_eval=times, rtol=1e-8, atol=1e-10)
        out[:, mask] = sol.y[:, :mask.sum()]
        x0 = sol.y[:, -1]
    return t, out


def final_mean(w: float = 1.5, pulse: float = 2.0, component: int = 1, **kw) -> float:
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
    start, duration = 2.0, 2.0  # the defaults of simulate(), used by the plot
    out = dict(w=w, push_start=start, push_end=start + duration)
    for sign, peak_key, settle_key in ((1, "repair_peak", "repair_settle"),
                                       (-1, "rupture_trough", "rupture_settle")):
        t, x = simulate(w, sign * size, 1, pulse_start=start, pulse_duration=duration)
        out[peak_key] = float(np.interp(start + duration, t, x[1]))
        out[settle_key] = float(x[:, -1].mean())
    out["t_end"] = float(t[-1])
    return out


# -- plots ----------------------------------------------------------------------------------

COLOURS = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple")]


def plot_repair_rupture(w: float = 1.5, size: float = 2.0):
    """Default figure: the same network after a repair (+) and after a rupture (−) of empathy."""
    from ..figures import new_figure

    fig, axes = new_figure(1, 2, figsize=(9.0, 3.4), sharey=True)
    for ax, sign, name in ((axes[0], 1, "Repair: empathy +"), (axes[1], -1, "Rupture: empathy −")):
        t, x = simulate(w, sign * size, 1)
        ax.axvspan(2, 4, color=PALETTE["yellow"], alpha=0.3, lw=0)
        ax.plot(t, x[1], color=COLOURS[1], lw=2.5, label="empathy (perturbed)")
        ax.plot(t, x[0], color=COLOURS[0], lw=1.8, ls="--",
                label="the other four\n(identical curves)")
        ax.axhline(0.5, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.set_title(f"{name} (w = {w:g})")
        ax.set_xlabel("time (model units)")
    axes[0].set_ylabel("component level (0–1)")
    axes[0].set_ylim(0, 1)
    axes[1].legend(loc="center right", fontsize=8)
    return fig


def alliance_explorer():
    """Coupling weight, size and sign of a perturbation, and which component receives it."""
    from ..explorer import Explorer, slider
    from ..figures import new_figure, png_bytes
    import ipywidgets as widgets

    fig, ax = new_figure(figsize=(7.5, 3.4))
    lines = [ax.plot([], [], color=COLOURS[i], label=c)[0] for i, c in enumerate(COMPONENTS)]
    span = ax.axvspan(2, 4, color=PALETTE["yellow"], alpha=0.3, lw=0)
    ax.axhline(0.5, color=PALETTE["grey"], lw=0.8, ls=":")
    ax.set_xlim(0, 30)
    ax.set_ylim(0, 1)
    ax.set_xlabel("time (model units)")
    ax.set_ylabel("component level (0–1)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    title = ax.set_title(" ")
    png_bytes(fig)
    fig.set_layout_engine("none")
    controls = {
        "w": slider("Mutual reinforcement w", 1.5, 0.0, W_MAX, 0.1),
        "pulse": slider("Perturbation (− rupture, + repair)", 2.0, -4.0, 4.0, 0.5),
        "component": widgets.Dropdown(options=[(c, i) for i, c in enumerate(COMPONENTS)], value=1,
                                      description="Perturbed component",
                                      style={"description_width": "initial"}),
    }

    def draw(w, pulse, component):
        t, x = simulate(w, pulse, component)
        for i, ln in enumerate(lines):
            ln.set_data(t, x[i])
            ln.set_linewidth(2.6 if i == component else 1.5)
        m = x[:, -1].mean()
        if abs(m - 0.5) < 0.05:
            verdict = "back to the midpoint"
        else:
            verdict = "amplified to a shared high (repair)" if m > 0.5 else "amplified to a shared low (rupture)"
        title.set_text(f"w = {w:g} (growth rate {w - 1:+.1f}): {verdict}")
        return (f"Time courses of the five alliance components (levels 0 to 1) after a perturbation of "
                f"{pulse:+g} to {COMPONENTS[component]} between times 2 and 4, with mutual reinforcement "
                f"w = {w:g}. At the end the mean level is {m:.2f}: {verdict}.")

    return Explorer("04-alliance-explorer", fig, controls, draw,
                    title="The alliance cycle as a network (illustrative model of a postulate)",
                    # On the static page w moves (push +2 to empathy): the push fades at
                    # w = 0.9 and spreads at 1.1, the two questions section 4 asks of the explorer.
                    kernel_free="w", kernel_free_values=[0.0, 0.5, 0.9, 1.1, 1.5, 2.0, 3.0])
