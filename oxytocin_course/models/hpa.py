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

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from ..checks import in_range, integer
from ..style import PALETTE, ROLE

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


def _check(intensity, duration, feedback, support, oxytocin, drive, onset):
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


def _rhs(t, y, drive_s, phi):
    """Right-hand side with the stressor term ``drive_s = D(1 − δ)·s`` held constant."""
    c, a, k = y
    inhib = 1.0 + phi * k
    return [(BASAL + drive_s) / inhib - K_C * c,
            P_A * c / inhib - K_A * a,
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
def _simulate_cached(intensity, duration, phi, support, oxytocin, drive, onset, t_end,
                     n_points) -> Trajectory:
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
    traj = Trajectory(t_eval, out[0], out[1], out[2])
    for arr in (traj.t, traj.crh, traj.acth, traj.cortisol):
        arr.setflags(write=False)
    return traj


def simulate_many(intensity, duration=15.0, feedback=1.0, support=0.0, oxytocin=0.0, *,
                  drive=5.0, onset: float = 20.0, t_end: float = T_END,
                  dt: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """The same model for many simulated participants at once (fixed-step RK4).

    Every parameter may be an array (broadcast together, shape ``(n,)``).
    Returns ``(t, cortisol)`` with ``cortisol`` of shape ``(n, len(t))``.
    Agrees with :func:`simulate` to well under 1 % (tested).
    """
    dt = in_range("dt", dt, 0.01, 1.0)
    onset = in_range("onset", onset, 0, 120)
    t_end = in_range("t_end", t_end, 1, 1000)
    arrs = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in (
        intensity, duration, feedback, support, oxytocin, drive)))
    for name, arr, lo, hi in zip(("intensity", "duration", "feedback", "support", "oxytocin",
                                  "drive"), arrs, (0, 0, 0, 0, 0, 0), (5, 120, 20, 1, 1, 50)):
        if not (np.all(np.isfinite(arr)) and np.all(arr >= lo) and np.all(arr <= hi)):
            raise ValueError(f"{name} must be in [{lo:g}, {hi:g}] for every participant")
    inten, dur, phi, sup, ot, drv = arrs
    delta = 1.0 - (1.0 - D_SUPPORT * sup) * (1.0 - D_OXYTOCIN * ot)
    drive_eff = drv * (1.0 - delta) * inten
    y = _steady_state_vec(phi)  # (3, n)
    n_steps = int(round(t_end / dt))
    t = np.arange(n_steps + 1) * dt
    out = np.empty((y.shape[1], n_steps + 1))
    out[:, 0] = y[2]

    def f(tt, yy):
        # Midpoint rule for the stressor edge: s is evaluated on [t, t+dt) by its start.
        s = ((tt >= onset) & (tt < onset + dur)).astype(float)
        inhib = 1.0 + phi * yy[2]
        return np.array([(BASAL + drive_eff * s) / inhib - K_C * yy[0],
                         P_A * yy[0] / inhib - K_A * yy[1],
                         P_K * yy[1] - K_K * yy[2]])

    for i in range(n_steps):
        ts = t[i]
        # hold the stressor constant within a step (edges fall on the grid when
        # onset and duration are multiples of dt)
        k1 = f(ts, y)
        k2 = f(ts, y + 0.5 * dt * k1)
        k3 = f(ts, y + 0.5 * dt * k2)
        k4 = f(ts, y + dt * k3)
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
    tr = simulate(intensity, duration, feedback, support, oxytocin, **kw)
    return float(tr.cortisol.max() - tr.cortisol[0])


def recovery_time(intensity: float = 1.0, duration: float = 15.0, feedback: float = 1.0,
                  support: float = 0.0, oxytocin: float = 0.0, *, fraction: float = 0.5,
                  **kw) -> float:
    """Minutes from the cortisol peak until the rise above rest falls to ``fraction`` of its
    peak value (``fraction`` in (0, 1)); ``inf`` if that does not happen within the run."""
    fraction = in_range("fraction", fraction, 0, 1, lo_open=True, hi_open=True)
    if in_range("intensity", intensity, 0, 5) == 0 or in_range("duration", duration, 0, 120) == 0:
        raise ValueError("intensity and duration must both be above 0 for a response to recover from")
    tr = simulate(intensity, duration, feedback, support, oxytocin, t_end=400.0,
                  n_points=4001, **kw)
    excess = tr.cortisol - tr.cortisol[0]
    i = int(np.argmax(excess))
    if not excess[i] > 1e-9 * max(1.0, abs(float(tr.cortisol[0]))):
        raise ValueError("this stressor is too small or too short to raise cortisol measurably "
                         "(increase intensity or duration)")
    below = np.nonzero(excess[i:] <= fraction * excess[i])[0]
    if below.size == 0:
        return float("inf")
    j = i + below[0]
    # linear interpolation between the two samples around the crossing
    x0, x1 = excess[j - 1], excess[j]
    tc = tr.t[j - 1] + (tr.t[j] - tr.t[j - 1]) * (x0 - fraction * excess[i]) / (x0 - x1)
    return float(tc - tr.t[i])


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
    for name, sup, ot in CELLS:
        drive = 5.0 * np.exp(rng.normal(0, sd, n))
        phi = np.exp(rng.normal(0, sd, n))
        sup_i = np.minimum(sup * np.exp(rng.normal(0, sd, n)), 1.0)
        ot_i = np.minimum(ot * np.exp(rng.normal(0, sd, n)), 1.0)
        _, cort = simulate_many(intensity, duration, np.clip(phi, 0, 20), sup_i, ot_i,
                                drive=np.clip(drive, 0, 50), dt=0.5)
        out[name] = cort.max(axis=1) - cort[:, 0]
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


def feedback_sensitivity_figure_values(feedbacks=(0.5, 1.0, 2.0, 4.0, 8.0)) -> dict[str, float]:
    """Numbers quoted with figure ``03-feedback-sensitivity``
    (:func:`plot_feedback_sensitivity` with these ``feedbacks``, each in [0, 20]).

    Returns ``peak_weakest`` and ``peak_strongest``: the highest cortisol
    (arbitrary units) of the time courses at the weakest and at the strongest
    of the feedback strengths drawn.
    """
    phis = [in_range("feedbacks", f, 0, 20) for f in np.atleast_1d(np.asarray(feedbacks, dtype=float))]
    if not phis:
        raise ValueError("feedbacks must hold at least one feedback strength")
    return dict(peak_weakest=peak(feedback=min(phis)), peak_strongest=peak(feedback=max(phis)))


# -- plots ----------------------------------------------------------------------------------

def _freeze(fig) -> None:
    """Run constrained layout once, then fix the axes where it put them: every later
    render skips the layout pass (about half the cost of an explorer update)."""
    from ..figures import png_bytes

    png_bytes(fig)
    fig.set_layout_engine("none")


def _shade(ax, onset, duration):
    return ax.axvspan(onset, onset + duration, color=PALETTE["yellow"], alpha=0.25, lw=0)


def plot_cascade(feedback: float = 1.0):
    """Default figure: CRH, ACTH and cortisol after a stressor (each scaled to its own peak),
    for normal and for enhanced feedback."""
    from ..figures import new_figure

    fig, axes = new_figure(1, 2, figsize=(8.0, 3.4), sharey=True)
    for ax, phi, title in ((axes[0], feedback, f"Feedback φ = {feedback:g}"),
                           (axes[1], 4 * feedback, f"Enhanced feedback φ = {4 * feedback:g}")):
        tr = simulate(feedback=phi)
        ref = simulate(feedback=feedback)
        _shade(ax, DEFAULTS["onset"], DEFAULTS["duration"])
        for y, yref, label, colour in ((tr.crh, ref.crh, "CRH", PALETTE["black"]),
                                       (tr.acth, ref.acth, "ACTH", ROLE["acth"]),
                                       (tr.cortisol, ref.cortisol, "cortisol", ROLE["cortisol"])):
            ax.plot(tr.t, y / yref.max(), color=colour, label=label)
        ax.set_title(title)
        ax.set_xlabel("time (min, model time)")
        ax.set_ylim(0, 1.08)
    axes[0].set_ylabel(f"level ÷ its peak at φ = {feedback:g}")
    axes[1].text(DEFAULTS["onset"] + DEFAULTS["duration"] + 2, 0.95, "stressor", fontsize=9)
    axes[0].legend(loc="upper right")
    return fig


def plot_2x2(result: dict[str, np.ndarray] | None = None, *, seed: int = 0):
    """Simulated cortisol rises in the four cells: each participant a dot, the cell mean a bar."""
    from ..figures import new_figure

    result = result if result is not None else simulate_2x2(seed=seed)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    colours = [ROLE["placebo"], ROLE["oxytocin"], ROLE["support"], PALETTE["sky"]]
    rng = np.random.default_rng(1)
    for i, (name, vals) in enumerate(result.items()):
        ax.bar(i, vals.mean(), color=colours[i], alpha=0.35, width=0.6)
        ax.plot(i + rng.uniform(-0.18, 0.18, vals.size), vals, "o", ms=4, color=colours[i])
    ax.set_xticks(range(len(result)), [n.replace(" · ", "\n") for n in result])
    ax.set_ylabel("simulated cortisol rise (a.u.)")
    ax.set_title("A simulated 2×2 study (illustrative model, not data)")
    return fig


def cortisol_explorer():
    """Stressor intensity and duration, feedback, support and oxytocin → ACTH and cortisol,
    against the default settings in grey."""
    from ..explorer import Explorer, slider
    from ..figures import new_figure

    fig, (ax_a, ax_k) = new_figure(1, 2, figsize=(8.0, 3.4), sharex=True)
    ref = simulate()
    ax_a.plot(ref.t, ref.acth, color=ROLE["reference"], lw=1.5, ls="--", label="default")
    ax_k.plot(ref.t, ref.cortisol, color=ROLE["reference"], lw=1.5, ls="--", label="default")
    (la,) = ax_a.plot(ref.t, ref.acth, color=ROLE["acth"], label="these settings")
    (lk,) = ax_k.plot(ref.t, ref.cortisol, color=ROLE["cortisol"], label="these settings")
    span_a = _shade(ax_a, DEFAULTS["onset"], DEFAULTS["duration"])
    span_k = _shade(ax_k, DEFAULTS["onset"], DEFAULTS["duration"])
    ax_a.set_title("ACTH")
    ax_k.set_title("Cortisol")
    for ax in (ax_a, ax_k):
        ax.set_xlabel("time (min, model time)")
        ax.set_xlim(0, T_END)
    ax_a.set_ylabel("level (arbitrary units)")
    ax_k.legend(loc="upper right")
    note = ax_k.text(0.98, 0.55, "", transform=ax_k.transAxes, ha="right", fontsize=9)
    ax_a.set_ylim(0, 1.15 * ref.acth.max())
    ax_k.set_ylim(0, 1.15 * ref.cortisol.max())

    note.set_text("rest 0.00\nrise 0.00 (100% of default)")
    _freeze(fig)
    controls = {
        "intensity": slider("Stressor intensity", 1.0, 0.0, 3.0, 0.25),
        "duration": slider("Stressor duration (min)", 15.0, 0.0, 60.0, 5.0),
        "feedback": slider("Feedback strength φ", 1.0, 0.0, 8.0, 0.5),
        "support": slider("Social support", 0.0, 0.0, 1.0, 0.25),
        "oxytocin": slider("Oxytocin (damping of drive)", 0.0, 0.0, 1.0, 0.25),
    }

    def shade_to(span, x0, x1):
        span.set_x(x0)
        span.set_width(x1 - x0)

    def draw(intensity, duration, feedback, support, oxytocin):
        tr = simulate(intensity, duration, feedback, support, oxytocin)
        la.set_ydata(tr.acth)
        lk.set_ydata(tr.cortisol)
        # rescale so both curves fit (the grey default stays visible for comparison)
        ax_a.set_ylim(0, 1.15 * max(tr.acth.max(), ref.acth.max()))
        ax_k.set_ylim(0, 1.15 * max(tr.cortisol.max(), ref.cortisol.max()))
        for span in (span_a, span_k):
            shade_to(span, DEFAULTS["onset"], DEFAULTS["onset"] + duration)
        rise = tr.cortisol.max() - tr.cortisol[0]
        ref_rise = ref.cortisol.max() - ref.cortisol[0]
        msg = (f"rest {tr.cortisol[0]:.2f}\nrise {rise:.2f} ({100 * rise / ref_rise:.0f}% of default)"
               if ref_rise > 0 else "")
        if intensity == 0 or duration == 0:
            msg = f"rest {tr.cortisol[0]:.2f}\nno stressor: no rise"
        note.set_text(msg)
        return (f"Two panels, ACTH (left) and cortisol (right) against model minutes, with the "
                f"default settings as a grey dashed curve. Stressor intensity {intensity:g} for "
                f"{duration:g} min, feedback {feedback:g}, support {support:g}, oxytocin "
                f"{oxytocin:g}: resting cortisol {tr.cortisol[0]:.2f}, peak rise {rise:.2f} "
                f"arbitrary units versus {ref_rise:.2f} at the defaults.")

    return Explorer("03-cortisol-explorer", fig, controls, draw,
                    title="HPA axis: stressor, feedback, support and oxytocin (illustrative model)",
                    kernel_free="feedback", kernel_free_values=[0.0, 0.5, 1.0, 2.0, 4.0, 8.0])


def plot_feedback_sensitivity(feedbacks=(0.5, 1.0, 2.0, 4.0, 8.0)):
    """Resting cortisol and cortisol rise as feedback strength grows (the hypocortisolism
    pattern of the model), with the cortisol time courses beside them."""
    from ..figures import new_figure

    fig, (ax_t, ax_s) = new_figure(1, 2, figsize=(8.0, 3.4))
    grid = np.linspace(0.25, 8.0, 32)
    rest = np.array([steady_state(p)[2] for p in grid])
    rise = np.array([response(feedback=float(p)) for p in grid])
    shades = np.linspace(0.35, 1.0, len(feedbacks))
    for f, a in zip(feedbacks, shades):
        tr = simulate(feedback=f)
        ax_t.plot(tr.t, tr.cortisol, color=ROLE["cortisol"], alpha=float(a), label=f"φ = {f:g}")
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
    res = simulate_2x2(n_per_cell=n_pool, seed=seed)
    for v in res.values():
        v.setflags(write=False)
    return res


def _small_study(n_per_cell: int, study: int) -> list[np.ndarray]:
    """Simulated study number ``study``: ``n_per_cell`` simulated participants drawn without
    replacement from each cell of the large simulated population (the explorer's draw)."""
    pool = _pool()
    rng = np.random.default_rng(int(study))
    return [rng.choice(pool[name], size=n_per_cell, replace=False) for name, _, _ in CELLS]


def _shows_ordering(means) -> bool:
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
    n = integer("n_per_cell", n_per_cell, 2, 200)
    k = integer("n_studies", n_studies, 1, 1000)
    return sum(_shows_ordering([v.mean() for v in _small_study(n, s)]) for s in range(1, k + 1))


def study_explorer():
    """Draw small simulated 2×2 studies from a large simulated population: how often does
    a study with n per cell show the population's ordering?"""
    from ..explorer import Explorer, slider
    from ..figures import new_figure

    pool = _pool()
    names = list(pool)
    pop_means = np.array([pool[k].mean() for k in names])
    fig, ax = new_figure(figsize=(7.0, 3.4))
    colours = [ROLE["placebo"], ROLE["oxytocin"], ROLE["support"], PALETTE["sky"]]
    bars = ax.bar(range(4), pop_means, color=colours, alpha=0.4, width=0.6)
    ax.plot(range(4), pop_means, "_", ms=40, mew=2, color=PALETTE["black"],
            label="simulated population mean")
    dots = [ax.plot([], [], "o", ms=4, color=c)[0] for c in colours]
    ax.set_xticks(range(4), [n.replace(" · ", "\n") for n in names])
    ax.set_ylabel("simulated cortisol rise (a.u.)")
    ax.set_ylim(0, 1.05 * max(v.max() for v in pool.values()))
    ax.legend(loc="upper right", markerscale=0.4)
    title = ax.set_title(" \n ")
    _freeze(fig)
    controls = {
        "n_per_cell": slider("Participants per cell", 9, 3, 60, 1, integer=True),
        "study": slider("Simulated study number", 1, 1, N_STUDIES, 1, integer=True),
    }

    def draw(n_per_cell, study):
        n = integer("n_per_cell", n_per_cell, 2, 200)
        study = integer("study", study, 1, N_STUDIES)
        jitter = np.random.default_rng(0).uniform(-0.18, 0.18, n)
        picks = _small_study(n, study)
        means = [float(p.mean()) for p in picks]
        for i, pick in enumerate(picks):
            dots[i].set_data(i + jitter, pick)
            bars[i].set_height(means[i])
        order_ok = _shows_ordering(means)
        tally = ordering_count(n, N_STUDIES)
        title.set_text(f"Study {study}, n = {n} per cell: "
                       + ("population ordering recovered" if order_ok else "ordering NOT recovered")
                       + f"\nStudies 1–{N_STUDIES} at n = {n}: {tally} of {N_STUDIES} recover the ordering")
        return (f"Bar chart of four cells of a simulated 2×2 study with {n} simulated participants "
                f"per cell (study {study}); bars are this study's means "
                + ", ".join(f"{k} {m:.2f}" for k, m in zip(names, means))
                + "; black marks show the simulated population means. "
                + ("This study shows the population ordering. " if order_ok else
                   "This study does not show the population ordering. ")
                + f"Of studies 1 to {N_STUDIES} with {n} per cell, {tally} show it.")

    return Explorer("03-study-explorer", fig, controls, draw,
                    title="Small simulated 2×2 studies (illustrative model, not data)",
                    kernel_free="n_per_cell", kernel_free_values=[3, 6, 9, 20, 40, 60])
