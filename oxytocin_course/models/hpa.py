"""The HPA axis as three coupled first-order equations (an illustrative model).

Notebook 03.  CRH (``C``), ACTH (``A``) and cortisol (``K``) in arbitrary
units, time ``t`` in minutes of model time.  A rectangular stressor
``s(t) = intensity`` for ``onset <= t < onset + duration`` (else 0) drives
CRH; cortisol feeds back, dividing production at the hypothalamus and at the
pituitary (standing in for MR/GR feedback); social support and oxytocin damp
the central drive::

    dC/dt = (b + D · (1 − δ) · s(t)) / (1 + φ·K) − k_C · C
    dA/dt =  p_A · C / (1 + φ·K)              − k_A · A
    dK/dt =  p_K · A                          − k_K · K

    δ = 1 − (1 − d_S · support) · (1 − d_O · oxytocin)

``b`` basal drive, ``D`` stress drive, ``φ`` feedback strength,
``support`` and ``oxytocin`` in [0, 1], ``d_S`` and ``d_O`` their largest
damping.  Every parameter is a teaching choice, **not a measured value**;
the time axis and units are arbitrary.  The system starts at its resting
steady state, found with :func:`scipy.optimize.brentq`.

Functions: :func:`steady_state`, :func:`simulate` (``scipy.integrate.solve_ivp``),
:func:`simulate_many` (a vectorised fixed-step RK4 over many simulated
participants, checked against ``solve_ivp`` in the tests), :func:`peak`,
:func:`recovery_time`, :func:`simulate_2x2` (a simulated version of the
Heinrichs et al. 2003 design), :func:`ordering_count` (how many small simulated
studies show the built-in ordering), the ``*_figure_values`` functions (the numbers
quoted with the notebook's figures), plots, :func:`cortisol_explorer` and
:func:`study_explorer`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy
from numpy.typing import ArrayLike
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from ..checks import in_range, integer
from ..explorer import Explorer, slider
from ..figures import new_figure
from ..style import BENEATH_DATA, PALETTE, ROLE

# Fixed rate constants (per minute of model time); teaching choices.
K_C, K_A, K_K = 0.20, 0.10, 0.04
P_A, P_K = 0.10, 0.04
BASAL = 0.2
D_SUPPORT, D_OXYTOCIN = 0.45, 0.15
T_END = 180.0
N_STUDIES = 20  # simulated studies the study explorer steps through and counts

DEFAULTS = dict(intensity=1.0, duration=15.0, feedback=1.0, support=0.0, oxytocin=0.0,
                drive=5.0, onset=20.0)


@dataclass(frozen=True)
class Trajectory:
    """Time (min) and the three hormones (arbitrary units)."""
    t: np.ndarray
    crh: np.ndarray
    acth: np.ndarray
    cortisol: np.ndarray


def _check(intensity: float, duration: float, feedback: float, support: float,
           oxytocin: float, drive: float, onset: float) -> tuple[float, ...]:
    return (in_range("intensity", intensity, 0, 5),
            in_range("duration", duration, 0, 120),
            in_range("feedback", feedback, 0, 20),
            in_range("support", support, 0, 1),
            in_range("oxytocin", oxytocin, 0, 1),
            in_range("drive", drive, 0, 50),
            in_range("onset", onset, 0, 120))


def damping(support: float = 0.0, oxytocin: float = 0.0) -> float:
    """δ = 1 − (1 − d_S·support)(1 − d_O·oxytocin): the two damp the drive together."""
    support = in_range("support", support, 0, 1)
    oxytocin = in_range("oxytocin", oxytocin, 0, 1)
    return 1.0 - (1.0 - D_SUPPORT * support) * (1.0 - D_OXYTOCIN * oxytocin)


def steady_state(feedback: float = 1.0) -> tuple[float, float, float]:
    """Resting (C, A, K) with no stressor.

    At rest K solves ``K · k_K k_A k_C (1 + φK)² = p_K p_A b`` (one root for
    K ≥ 0, found with brentq).  Stronger feedback φ gives a lower resting
    cortisol: the hypocortisolism pattern.
    """
    phi = in_range("feedback", feedback, 0, 20)
    gain = P_K * P_A * BASAL / (K_K * K_A * K_C)
    k = brentq(lambda x: x * (1 + phi * x) ** 2 - gain, 0.0, gain + 1.0)
    a = K_K * k / P_K
    c = BASAL / ((1 + phi * k) * K_C)
    return c, a, k


def _steady_state_vec(phi: np.ndarray) -> np.ndarray:
    """:func:`steady_state` for an array of feedback strengths (vectorised bisection)."""
    gain = P_K * P_A * BASAL / (K_K * K_A * K_C)
    lo, hi = np.zeros_like(phi), np.full_like(phi, gain + 1.0)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        too_big = mid * (1 + phi * mid) ** 2 > gain
        hi = np.where(too_big, mid, hi)
        lo = np.where(too_big, lo, mid)
    k = 0.5 * (lo + hi)
    return np.array([BASAL / ((1 + phi * k) * K_C), K_K * k / P_K, k])


def _rhs(t: float, y: np.ndarray, drive_s: float, phi: float) -> list[float]:
    """Right-hand side with the stressor term ``drive_s = D(1 − δ)·s`` held constant."""
    c, a, k = y
    brake = 1.0 + phi * k
    return [(BASAL + drive_s) / brake - K_C * c,
            P_A * c / brake - K_A * a,
            P_K * a - K_K * k]


def simulate(intensity: float = 1.0, duration: float = 15.0, feedback: float = 1.0,
             support: float = 0.0, oxytocin: float = 0.0, *, drive: float = 5.0,
             onset: float = 20.0, t_end: float = T_END, n_points: int = 361) -> Trajectory:
    """Integrate the model with ``solve_ivp`` (RK45), piece by piece at the stressor edges.

    ``intensity`` in [0, 5], ``duration`` in [0, 120] min, ``feedback`` φ in
    [0, 20], ``support`` and ``oxytocin`` in [0, 1].  Returns a
    :class:`Trajectory` on ``n_points`` equally spaced times in [0, t_end].
    """
    intensity, duration, phi, support, oxytocin, drive, onset = _check(
        intensity, duration, feedback, support, oxytocin, drive, onset)
    t_end = in_range("t_end", t_end, 1, 1000)
    n_points = integer("n_points", n_points, 2, 100_000)
    return _simulate_cached(intensity, duration, phi, support, oxytocin, drive, onset,
                            t_end, n_points)


@functools.lru_cache(maxsize=256)
def _simulate_cached(intensity: float, duration: float, phi: float, support: float,
                     oxytocin: float, drive: float, onset: float, t_end: float,
                     n_points: int) -> Trajectory:
    drive_eff = drive * (1.0 - damping(support, oxytocin)) * intensity
    t_eval = np.linspace(0.0, t_end, n_points)
    y0 = np.array(steady_state(phi))
    edges = sorted({0.0, min(onset, t_end), min(onset + duration, t_end), t_end})
    out = np.empty((3, n_points))
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi <= lo:
            continue
        last = hi == t_end
        mask = (t_eval >= lo) & ((t_eval <= hi) if last else (t_eval < hi))
        mid = 0.5 * (lo + hi)
        drive_s = drive_eff if onset <= mid < onset + duration else 0.0
        times = np.append(t_eval[mask], hi) if not last else t_eval[mask]
        if times.size == 0 or times[-1] != hi:
            times = np.append(times, hi)
        sol = solve_ivp(_rhs, (lo, hi), y0, t_eval=times, args=(drive_s, phi),
                        rtol=1e-6, atol=1e-9, max_step=5.0)
        out[:, mask] = sol.y[:, :mask.sum()]
        y0 = sol.y[:, -1]
    course = Trajectory(t_eval, out[0], out[1], out[2])
    for values in (course.t, course.crh, course.acth, course.cortisol):
        values.setflags(write=False)
    return course


def simulate_many(intensity: ArrayLike, duration: ArrayLike = 15.0, feedback: ArrayLike = 1.0,
                  support: ArrayLike = 0.0, oxytocin: ArrayLike = 0.0, *,
                  drive: ArrayLike = 5.0, onset: float = 20.0, t_end: float = T_END,
                  dt: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """The same model for many simulated participants at once (fixed-step RK4).

    Every parameter may be an array (broadcast together, shape ``(n,)``).
    Returns ``(t, cortisol)`` with ``cortisol`` of shape ``(n, len(t))``.
    Agrees with :func:`simulate` to well under 1 % (tested).
    """
    dt = in_range("dt", dt, 0.01, 1.0)
    onset = in_range("onset", onset, 0, 120)
    t_end = in_range("t_end", t_end, 1, 1000)
    settings = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in (
        intensity, duration, feedback, support, oxytocin, drive)))
    for name, values, lo, hi in zip(("intensity", "duration", "feedback", "support",
                                     "oxytocin", "drive"), settings, (0, 0, 0, 0, 0, 0),
                                    (5, 120, 20, 1, 1, 50)):
        if not (np.all(np.isfinite(values)) and np.all(values >= lo) and np.all(values <= hi)):
            raise ValueError(f"{name} must be in [{lo:g}, {hi:g}] for every participant")
    intensity_, duration_, phi, support_, oxytocin_, drive_ = settings
    delta = 1.0 - (1.0 - D_SUPPORT * support_) * (1.0 - D_OXYTOCIN * oxytocin_)
    drive_eff = drive_ * (1.0 - delta) * intensity_
    y = _steady_state_vec(phi)  # (3, n)
    n_steps = int(round(t_end / dt))
    t = np.arange(n_steps + 1) * dt
    out = np.empty((y.shape[1], n_steps + 1))
    out[:, 0] = y[2]

    def derivative(time: float, state: np.ndarray) -> np.ndarray:
        # Midpoint rule for the stressor edge: s is evaluated on [t, t+dt) by its start.
        s = ((time >= onset) & (time < onset + duration_)).astype(float)
        brake = 1.0 + phi * state[2]
        return np.array([(BASAL + drive_eff * s) / brake - K_C * state[0],
                         P_A * state[0] / brake - K_A * state[1],
                         P_K * state[1] - K_K * state[2]])

    for i in range(n_steps):
        ts = t[i]
        # hold the stressor constant within a step (edges fall on the grid when
        # onset and duration are multiples of dt)
        k1 = derivative(ts, y)
        k2 = derivative(ts, y + 0.5 * dt * k1)
        k3 = derivative(ts, y + 0.5 * dt * k2)
        k4 = derivative(ts, y + dt * k3)
        y = y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        out[:, i + 1] = y[2]
    return t, out


def peak(intensity: float = 1.0, duration: float = 15.0, feedback: float = 1.0,
         support: float = 0.0, oxytocin: float = 0.0, **kw) -> float:
    """Highest cortisol (arbitrary units) of :func:`simulate` with these settings."""
    return float(simulate(intensity, duration, feedback, support, oxytocin, **kw).cortisol.max())


def response(intensity: float = 1.0, duration: float = 15.0, feedback: float = 1.0,
             support: float = 0.0, oxytocin: float = 0.0, **kw) -> float:
    """Peak cortisol rise above the resting level (arbitrary units)."""
    course = simulate(intensity, duration, feedback, support, oxytocin, **kw)
    return float(course.cortisol.max() - course.cortisol[0])


def recovery_time(intensity: float = 1.0, duration: float = 15.0, feedback: float = 1.0,
                  support: float = 0.0, oxytocin: float = 0.0, *, fraction: float = 0.5,
                  **kw) -> float:
    """Minutes from the cortisol peak until the rise above rest falls to ``fraction`` of its
    peak value (``fraction`` in (0, 1)); ``inf`` if that does not happen within the run."""
    fraction = in_range("fraction", fraction, 0, 1, lo_open=True, hi_open=True)
    if in_range("intensity", intensity, 0, 5) == 0 or in_range("duration", duration, 0, 120) == 0:
        raise ValueError("intensity and duration must both be above 0 for a response to "
                         "recover from")
    course = simulate(intensity, duration, feedback, support, oxytocin, t_end=400.0,
                      n_points=4001, **kw)
    excess = course.cortisol - course.cortisol[0]
    i = int(np.argmax(excess))
    if not excess[i] > 1e-9 * max(1.0, abs(float(course.cortisol[0]))):
        raise ValueError("this stressor is too small or too short to raise cortisol measurably "
                         "(increase intensity or duration)")
    below = np.nonzero(excess[i:] <= fraction * excess[i])[0]
    if below.size == 0:
        return float("inf")
    j = i + below[0]
    # linear interpolation between the two samples around the crossing
    x0, x1 = excess[j - 1], excess[j]
    t_cross = (course.t[j - 1]
               + (course.t[j] - course.t[j - 1]) * (x0 - fraction * excess[i]) / (x0 - x1))
    return float(t_cross - course.t[i])


CELLS = (("No support · placebo", 0.0, 0.0), ("No support · oxytocin", 0.0, 1.0),
         ("Support · placebo", 1.0, 0.0), ("Support · oxytocin", 1.0, 1.0))


def simulate_2x2(n_per_cell: int = 10, *, seed: int = 0, sd: float = 0.3,
                 intensity: float = 1.0, duration: float = 15.0) -> dict[str, np.ndarray]:
    """A **simulated** 2×2 study (support × oxytocin) in the spirit of Heinrichs et al. 2003.

    Each simulated participant gets their own stress drive and feedback
    strength (log-normal, ``sd`` on the log scale) and their own response to
    support and oxytocin (the cell level times a log-normal factor, capped at 1).
    Returns, per cell name, each participant's peak cortisol rise above rest
    (arbitrary units).  These are simulated numbers, **not data**; the real
    cell sizes are not given in the abstract of Heinrichs et al.
    """
    n = integer("n_per_cell", n_per_cell, 2, 5000)
    sd = in_range("sd", sd, 0, 1)
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray] = {}
    for name, support, oxytocin in CELLS:
        drive = DEFAULTS["drive"] * np.exp(rng.normal(0, sd, n))
        phi = np.exp(rng.normal(0, sd, n))
        support_each = np.minimum(support * np.exp(rng.normal(0, sd, n)), 1.0)
        oxytocin_each = np.minimum(oxytocin * np.exp(rng.normal(0, sd, n)), 1.0)
        _, cortisol = simulate_many(intensity, duration, np.clip(phi, 0, 20), support_each,
                                    oxytocin_each, drive=np.clip(drive, 0, 50), dt=0.5)
        out[name] = cortisol.max(axis=1) - cortisol[:, 0]
    return out


# -- figure values (numbers quoted in the captions and alt text of notebook 03) ---------------

def cascade_figure_values(feedback: float = 1.0) -> dict[str, float]:
    """Numbers quoted with figure ``03-hpa-cascade`` (:func:`plot_cascade` at ``feedback``).

    ``feedback`` φ in [0, 5] (the right panel uses 4φ, which must stay within
    the model's [0, 20]).  Returns the settings the text names (``t_end``,
    ``onset``, ``stressor_end``, ``duration`` in model minutes, ``feedback``
    and ``enhanced`` = 4φ) and, for the left panel, the times of the CRH,
    ACTH and cortisol peaks (``crh_peak_time``, ``acth_peak_time``,
    ``cortisol_peak_time``) and ``cortisol_return_time``, the first time after
    the peak at which the cortisol rise above rest has fallen to 1 % of its
    peak value.  ``crh_ratio``, ``acth_ratio`` and ``cortisol_ratio`` are the
    right panel's peaks divided by the left panel's.  ``ValueError`` if the
    rise does not fall that far within the run.
    """
    phi = in_range("feedback", feedback, 0, 5)
    ref = simulate(feedback=phi)
    enh = simulate(feedback=4 * phi)
    excess = ref.cortisol - ref.cortisol[0]
    i = int(np.argmax(excess))
    back = np.nonzero(excess[i:] <= 0.01 * excess[i])[0]
    if not excess[i] > 0 or back.size == 0:
        raise ValueError(f"feedback = {feedback!r}: the cortisol rise does not return to 1 % of its "
                         f"peak within {T_END:g} model minutes")
    return dict(t_end=T_END, onset=DEFAULTS["onset"], duration=DEFAULTS["duration"],
                stressor_end=DEFAULTS["onset"] + DEFAULTS["duration"], feedback=phi,
                enhanced=4 * phi,
                crh_peak_time=float(ref.t[np.argmax(ref.crh)]),
                acth_peak_time=float(ref.t[np.argmax(ref.acth)]),
                cortisol_peak_time=float(ref.t[i]),
                cortisol_return_time=float(ref.t[i + back[0]]),
                crh_ratio=float(enh.crh.max() / ref.crh.max()),
                acth_ratio=float(enh.acth.max() / ref.acth.max()),
                cortisol_ratio=float(enh.cortisol.max() / ref.cortisol.max()))


def study_2x2_figure_values(n_per_cell: int = 9, seed: int = 2003) -> dict[str, float]:
    """Numbers quoted with figure ``03-simulated-2x2`` (:func:`plot_2x2` of
    ``simulate_2x2(n_per_cell, seed=seed)``).

    ``n_per_cell`` in [2, 5000], ``seed`` a whole number ≥ 0.  Returns
    ``n_per_cell`` and the simulated cell means of the cortisol rise (arbitrary
    units): ``mean_placebo`` (no support, placebo), ``mean_oxytocin`` (no
    support, oxytocin), ``mean_support`` (support, placebo) and
    ``mean_support_oxytocin``; ``mean_gap``, the highest minus the lowest cell
    mean; and ``widest_range``, the largest spread (maximum minus minimum) of
    the simulated participants within one cell.
    """
    n = integer("n_per_cell", n_per_cell, 2, 5000)
    seed = integer("seed", seed, 0, 2**32 - 1)
    sim = simulate_2x2(n_per_cell=n, seed=seed)
    means = [float(sim[name].mean()) for name, _, _ in CELLS]
    return dict(n_per_cell=float(n), mean_placebo=means[0], mean_oxytocin=means[1],
                mean_support=means[2], mean_support_oxytocin=means[3],
                mean_gap=max(means) - min(means),
                widest_range=max(float(np.ptp(v)) for v in sim.values()))


def feedback_sensitivity_figure_values(feedbacks: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
                                       ) -> dict[str, float]:
    """Numbers quoted with figure ``03-feedback-sensitivity``
    (:func:`plot_feedback_sensitivity` with these ``feedbacks``, each in [0, 20]).

    Returns ``peak_weakest`` and ``peak_strongest``: the highest cortisol
    (arbitrary units) of the time courses at the weakest and at the strongest
    of the feedback strengths drawn.
    """
    phis = [in_range("feedbacks", phi, 0, 20)
            for phi in np.atleast_1d(np.asarray(feedbacks, dtype=float))]
    if not phis:
        raise ValueError("feedbacks must hold at least one feedback strength")
    return dict(peak_weakest=peak(feedback=min(phis)), peak_strongest=peak(feedback=max(phis)))


# -- plots ----------------------------------------------------------------------------------

#: Colours of the four cells (no support / support × placebo / oxytocin), in :data:`CELLS` order.
CELL_COLOURS = (ROLE["placebo"], ROLE["oxytocin"], ROLE["support"], PALETTE["sky"])
#: Head room above the highest curve of the cortisol explorer.
HEAD_ROOM = 1.15
#: The cortisol explorer's y-axis tops, as multiples of the default settings' top: the
#: axis grows in these steps (never shrinking below the default) so that moving a slider
#: changes it less often.
Y_TOP_STEPS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0, 20.0,
               25.0, 32.0)
#: Distance (points) of the cortisol explorer's y-axis label from its axis: ticks, pad, the
#: two-digit whole-number tick labels of the largest responses and the label pad.
Y_LABEL_OFFSET = 24.0


def _shade(ax: Axes, onset: float, duration: float) -> Rectangle:
    """The stressor band from ``onset`` for ``duration`` minutes."""
    return ax.axvspan(onset, onset + duration, color=PALETTE["yellow"], alpha=0.25, lw=0)


def _cell_label(name: str) -> str:
    """A cell's name on two lines, as the bar charts label it."""
    return name.replace(" · ", "\n")


def plot_cascade(feedback: float = 1.0) -> Figure:
    """Default figure: CRH, ACTH and cortisol after a stressor (each scaled to its own peak),
    for normal and for enhanced feedback."""
    fig, axes = new_figure(1, 2, figsize=(8.0, 3.4), sharey=True)
    reference = simulate(feedback=feedback)
    for ax, phi, title in ((axes[0], feedback, f"Feedback φ = {feedback:g}"),
                           (axes[1], 4 * feedback, f"Enhanced feedback φ = {4 * feedback:g}")):
        course = simulate(feedback=phi)
        _shade(ax, DEFAULTS["onset"], DEFAULTS["duration"])
        for y, y_ref, label, colour in (
                (course.crh, reference.crh, "CRH", PALETTE["black"]),
                (course.acth, reference.acth, "ACTH", ROLE["acth"]),
                (course.cortisol, reference.cortisol, "cortisol", ROLE["cortisol"])):
            ax.plot(course.t, y / y_ref.max(), color=colour, label=label)
        ax.set_title(title)
        ax.set_xlabel("time (min, model time)")
        ax.set_ylim(0, 1.08)
    axes[0].set_ylabel(f"level ÷ its peak at φ = {feedback:g}")
    axes[1].text(DEFAULTS["onset"] + DEFAULTS["duration"] + 2, 0.95, "stressor", fontsize=9)
    axes[0].legend(loc="upper right")
    return fig


def plot_2x2(result: dict[str, np.ndarray] | None = None, *, seed: int = 0) -> Figure:
    """Simulated cortisol rises in the four cells: each participant a dot, the cell mean a bar."""
    result = result if result is not None else simulate_2x2(seed=seed)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    rng = np.random.default_rng(1)
    for i, (values, colour) in enumerate(zip(result.values(), CELL_COLOURS)):
        ax.bar(i, values.mean(), color=colour, alpha=0.35, width=0.6)
        ax.plot(i + rng.uniform(-0.18, 0.18, values.size), values, "o", ms=4, color=colour)
    ax.set_xticks(range(len(result)), [_cell_label(name) for name in result])
    ax.set_ylabel("simulated cortisol rise (a.u.)")
    ax.set_title("A simulated 2×2 study (illustrative model, not data)")
    return fig


def _cortisol_artists(ax_a: Axes, ax_k: Axes, default: Trajectory) -> dict[str, Any]:
    """The cortisol explorer's static parts (the ``default`` curves dashed), and the
    artists :func:`_update_cortisol` changes."""
    ax_a.plot(default.t, default.acth, color=ROLE["reference"], lw=1.5, ls="--", label="default")
    ax_k.plot(default.t, default.cortisol, color=ROLE["reference"], lw=1.5, ls="--",
              label="default")
    (acth,) = ax_a.plot(default.t, default.acth, color=ROLE["acth"], label="these settings")
    (cortisol,) = ax_k.plot(default.t, default.cortisol, color=ROLE["cortisol"],
                            label="these settings")
    bands = [_shade(ax, DEFAULTS["onset"], DEFAULTS["duration"]) for ax in (ax_a, ax_k)]
    # With y given, matplotlib keeps the titles where they are instead of moving them clear
    # of top ticks (there are none) at every redraw: a tenth of the time of a full redraw,
    # which every change of the y-axes needs.  Titles and legend are drawn before the
    # stressor bands (the first changing artists), which they never overlap, so that the
    # fast redraw does not repaint them.
    ax_a.set_title("ACTH", zorder=BENEATH_DATA)
    ax_k.set_title("Cortisol", zorder=BENEATH_DATA)
    for ax in (ax_a, ax_k):
        ax.set_xlabel("time (min, model time)")
        ax.set_xlim(0, T_END)
    ax_a.set_ylabel("level (arbitrary units)")
    # ACTH can rise to ~17 times its default peak: whole-number ticks, and the label kept
    # clear of their widest labels (the layout is solved once, at the default settings).
    ax_a.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_a.yaxis.set_label_coords(0.0, 0.5, transform=offset_copy(
        ax_a.transAxes, fig=ax_a.figure, x=-Y_LABEL_OFFSET, units="points"))
    ax_k.legend(loc="upper right").set_zorder(BENEATH_DATA)
    note = ax_k.text(0.98, 0.55, "", transform=ax_k.transAxes, ha="right", fontsize=9)
    return {"acth": acth, "cortisol": cortisol, "bands": bands, "note": note}


def _y_top(peak_value: float, default_peak: float) -> float:
    """The y-axis top for curves peaking at ``peak_value``: :data:`HEAD_ROOM` above the
    default settings' peak, times the smallest of :data:`Y_TOP_STEPS` that fits the curve."""
    ratio = peak_value / default_peak
    step = next((m for m in Y_TOP_STEPS if m >= ratio), ratio)
    return HEAD_ROOM * default_peak * step


def _update_cortisol(art: dict[str, Any], default: Trajectory, intensity: float,
                     duration: float, feedback: float, support: float, oxytocin: float) -> str:
    """Show the ACTH and cortisol courses at these settings; return the alt text."""
    course = simulate(intensity, duration, feedback, support, oxytocin)
    art["acth"].set_ydata(course.acth)
    art["cortisol"].set_ydata(course.cortisol)
    # rescale so both curves fit (the grey default stays visible for comparison)
    for ax, y, y_ref in ((art["acth"].axes, course.acth, default.acth),
                         (art["cortisol"].axes, course.cortisol, default.cortisol)):
        limits = (0.0, _y_top(y.max(), y_ref.max()))
        if ax.get_ylim() != limits:
            ax.set_ylim(*limits)
    for band in art["bands"]:
        band.set_width(duration)
    rise = course.cortisol.max() - course.cortisol[0]
    default_rise = default.cortisol.max() - default.cortisol[0]
    if intensity == 0 or duration == 0:
        note = f"rest {course.cortisol[0]:.2f}\nno stressor: no rise"
    else:
        note = (f"rest {course.cortisol[0]:.2f}\n"
                f"rise {rise:.2f} ({100 * rise / default_rise:.0f}% of default)")
    art["note"].set_text(note)
    return (f"Two panels, ACTH (left) and cortisol (right) against model minutes, with the "
            f"default settings as a grey dashed curve. Stressor intensity {intensity:g} for "
            f"{duration:g} min, feedback {feedback:g}, support {support:g}, oxytocin "
            f"{oxytocin:g}: resting cortisol {course.cortisol[0]:.2f}, peak rise {rise:.2f} "
            f"arbitrary units versus {default_rise:.2f} at the defaults.")


def cortisol_explorer() -> Explorer:
    """Stressor intensity and duration, feedback, support and oxytocin → ACTH and cortisol,
    against the default settings in grey."""
    fig, axes = new_figure(1, 2, figsize=(8.0, 3.4), sharex=True)
    default = simulate()
    art = _cortisol_artists(*axes, default)
    controls = {
        "intensity": slider("Stressor intensity", 1.0, 0.0, 3.0, 0.25),
        "duration": slider("Stressor duration (min)", 15.0, 0.0, 60.0, 5.0),
        "feedback": slider("Feedback strength φ", 1.0, 0.0, 8.0, 0.5),
        "support": slider("Social support", 0.0, 0.0, 1.0, 0.25),
        "oxytocin": slider("Oxytocin (damping of drive)", 0.0, 0.0, 1.0, 0.25),
    }

    def draw(intensity: float, duration: float, feedback: float, support: float,
             oxytocin: float) -> str:
        return _update_cortisol(art, default, intensity, duration, feedback, support, oxytocin)

    return Explorer("03-cortisol-explorer", fig, controls, draw, animated=art,
                    title="HPA axis: stressor, feedback, support and oxytocin (illustrative model)",
                    page_control="feedback", page_values=[0.0, 0.5, 1.0, 2.0, 4.0, 8.0])


def plot_feedback_sensitivity(feedbacks: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
                              ) -> Figure:
    """Resting cortisol and cortisol rise as feedback strength grows (the hypocortisolism
    pattern of the model), with the cortisol time courses beside them."""
    fig, (ax_t, ax_s) = new_figure(1, 2, figsize=(8.0, 3.4))
    grid = np.linspace(0.25, 8.0, 32)
    rest = np.array([steady_state(phi)[2] for phi in grid])
    rise = np.array([response(feedback=float(phi)) for phi in grid])
    shades = np.linspace(0.35, 1.0, len(feedbacks))
    for phi, shade in zip(feedbacks, shades):
        course = simulate(feedback=phi)
        ax_t.plot(course.t, course.cortisol, color=ROLE["cortisol"], alpha=float(shade),
                  label=f"φ = {phi:g}")
    _shade(ax_t, DEFAULTS["onset"], DEFAULTS["duration"])
    ax_t.set_xlabel("time (min, model time)")
    ax_t.set_ylabel("cortisol (arbitrary units)")
    ax_t.set_title("Cortisol for five feedback strengths")
    ax_t.legend(loc="upper right", fontsize=9)
    ax_s.plot(grid, rest, color=PALETTE["black"], label="resting level")
    ax_s.plot(grid, rise, color=ROLE["cortisol"], ls="--", label="rise after stressor")
    ax_s.set_xlabel("feedback strength φ")
    ax_s.set_ylabel("cortisol (arbitrary units)")
    ax_s.set_title("Stronger feedback: lower rest and rise")
    ax_s.legend(loc="upper right")
    return fig


@functools.lru_cache(maxsize=4)
def _pool(n_pool: int = 200, seed: int = 2003) -> dict[str, np.ndarray]:
    """The large simulated population the small studies are drawn from."""
    pool = simulate_2x2(n_per_cell=n_pool, seed=seed)
    for values in pool.values():
        values.setflags(write=False)
    return pool


def _small_study(n_per_cell: int, study: int) -> list[np.ndarray]:
    """Simulated study number ``study``: ``n_per_cell`` simulated participants drawn without
    replacement from each cell of the large simulated population (the explorer's draw)."""
    pool = _pool()
    rng = np.random.default_rng(int(study))
    return [rng.choice(pool[name], size=n_per_cell, replace=False) for name, _, _ in CELLS]


def _shows_ordering(means: list[float]) -> bool:
    """True when no support with placebo is the highest cell mean and support with oxytocin
    the lowest (the ordering built into the simulated population)."""
    return bool(means[0] == max(means) and means[3] == min(means))


def ordering_count(n_per_cell: int = 9, n_studies: int = 20) -> int:
    """How many of the simulated studies 1 … ``n_studies`` (each with ``n_per_cell``
    simulated participants per cell, drawn as in :func:`study_explorer`) show the
    population's full ordering: no support with placebo highest, support with oxytocin
    lowest.

    ``n_per_cell`` a whole number in [2, 200] (the population holds 200 per cell),
    ``n_studies`` in [1, 1000].  Simulated numbers from the illustrative model, not data.
    """
    return _ordering_count(integer("n_per_cell", n_per_cell, 2, 200),
                           integer("n_studies", n_studies, 1, 1000))


@functools.lru_cache(maxsize=256)
def _ordering_count(n_per_cell: int, n_studies: int) -> int:
    return sum(_shows_ordering([v.mean() for v in _small_study(n_per_cell, study)])
               for study in range(1, n_studies + 1))


#: Horizontal scatter of a study's dots around their cell (fixed, seed 0).
STUDY_JITTER = np.random.default_rng(0).uniform(-0.18, 0.18, 200)


def _study_artists(ax: Axes) -> dict[str, Any]:
    """The study explorer's static parts (the population means), and the artists
    :func:`_update_study` changes."""
    pool = _pool()
    population_means = np.array([values.mean() for values in pool.values()])
    bars = ax.bar(range(4), population_means, color=CELL_COLOURS, alpha=0.4, width=0.6)
    ax.plot(range(4), population_means, "_", ms=40, mew=2, color=PALETTE["black"],
            label="simulated population mean")
    dots = [ax.plot([], [], "o", ms=4, color=colour)[0] for colour in CELL_COLOURS]
    ax.set_xticks(range(4), [_cell_label(name) for name in pool])
    ax.set_ylabel("simulated cortisol rise (a.u.)")
    ax.set_ylim(0, 1.05 * max(values.max() for values in pool.values()))
    ax.legend(loc="upper right", markerscale=0.4)
    return {"bars": bars, "dots": dots, "title": ax.set_title("")}


def _update_study(art: dict[str, Any], n_per_cell: int, study: int) -> str:
    """Show simulated study ``study`` with ``n_per_cell`` per cell; return the alt text."""
    n = integer("n_per_cell", n_per_cell, 2, 200)
    study = integer("study", study, 1, N_STUDIES)
    picks = _small_study(n, study)
    means = [float(pick.mean()) for pick in picks]
    for i, (pick, dots, bar) in enumerate(zip(picks, art["dots"], art["bars"])):
        dots.set_data(i + STUDY_JITTER[:n], pick)
        bar.set_height(means[i])
    order_ok = _shows_ordering(means)
    tally = ordering_count(n, N_STUDIES)
    art["title"].set_text(
        f"Study {study}, n = {n} per cell: "
        + ("population ordering recovered" if order_ok else "ordering NOT recovered")
        + f"\nStudies 1–{N_STUDIES} at n = {n}: {tally} of {N_STUDIES} recover the ordering")
    return (f"Bar chart of four cells of a simulated 2×2 study with {n} simulated participants "
            f"per cell (study {study}); bars are this study's means "
            + ", ".join(f"{name} {m:.2f}" for (name, _, _), m in zip(CELLS, means))
            + "; black marks show the simulated population means. "
            + ("This study shows the population ordering. " if order_ok else
               "This study does not show the population ordering. ")
            + f"Of studies 1 to {N_STUDIES} with {n} per cell, {tally} show it.")


def study_explorer() -> Explorer:
    """Draw small simulated 2×2 studies from a large simulated population: how often does
    a study with n per cell show the population's ordering?"""
    fig, ax = new_figure(figsize=(7.0, 3.4))
    art = _study_artists(ax)
    controls = {
        "n_per_cell": slider("Participants per cell", 9, 3, 60, 1, integer=True),
        "study": slider("Simulated study number", 1, 1, N_STUDIES, 1, integer=True),
    }

    def draw(n_per_cell: int, study: int) -> str:
        return _update_study(art, n_per_cell, study)

    return Explorer("03-study-explorer", fig, controls, draw, animated=art,
                    title="Small simulated 2×2 studies (illustrative model, not data)",
                    page_control="n_per_cell", page_values=[3, 6, 9, 20, 40, 60])
