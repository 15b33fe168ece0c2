"""The stress–affiliation loop as a two-variable dynamical system (an illustrative model).

Notebook 04.  Stress ``S`` and affiliation/approach ``A`` (arbitrary units)
inhibit each other, and affiliation reinforces itself through a sigmoidal,
oxytocin-mediated term (the bidirectional loop of source document 000)::

    dS/dt = T + s0 − S − c · h(A)
    dA/dt = a0 + g · h(A) − A − d · S + u(t)

    h(A) = A⁴ / (1 + A⁴)   (a Hill function, h = 0 for A ≤ 0)

``T`` is chronic threat, ``g`` the strength of the oxytocin-mediated
self-reinforcement of approach ("coupling"), ``c`` the calming effect of
affiliation on stress, ``d`` the suppression of approach by stress and
``u(t)`` an optional supportive episode (a rectangular pulse).  The default
constants (``s0 = 1, a0 = 0.85, c = 1, d = 0.3``) and ``g = 1.2`` give two
stable states, *regulated–connected* (low S, high A) and *stressed–withdrawn*
(high S, low A), for threat between about 0.4 and 1.2, and one state outside
that range.  Every number is a teaching choice, **not a measured value**.

Fixed points lie where the nullclines cross.  Eliminating ``S`` gives one
equation in ``A``::

    A − (g + d·c) · h(A) = a0 − d · (T + s0)

solved by bracketing sign changes on a grid and :func:`scipy.optimize.brentq`;
stability comes from the eigenvalues of the Jacobian
``[[−1, −c·h'(A)], [−d, −1 + g·h'(A)]]``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from ..checks import in_range
from ..style import PALETTE, ROLE

S0, A0, C, D = 1.0, 0.85, 1.0, 0.3
G_DEFAULT = 1.2
THREAT_MAX = 1.8
G_MAX = 2.0


def _check(threat, g):
    return in_range("threat", threat, 0, THREAT_MAX), in_range("g", g, 0, G_MAX)


def hill(a):
    """h(A) = A⁴ / (1 + A⁴) for A > 0, else 0 (vectorised)."""
    a = np.asarray(a, dtype=float)
    ap = np.where(a > 0, a, 0.0) ** 4
    return ap / (1.0 + ap)


def dhill(a):
    """h'(A) = 4A³ / (1 + A⁴)² for A > 0, else 0."""
    a = np.asarray(a, dtype=float)
    ap = np.where(a > 0, a, 0.0)
    return 4 * ap ** 3 / (1 + ap ** 4) ** 2


def rhs(s, a, threat: float, g: float = G_DEFAULT, u: float = 0.0):
    """(dS/dt, dA/dt) at (s, a); arrays broadcast (used for the vector field)."""
    threat, g = _check(threat, g)
    u = in_range("u", u, -10, 10)
    s, a = np.asarray(s, dtype=float), np.asarray(a, dtype=float)
    if not (np.all(np.isfinite(s)) and np.all(np.isfinite(a))):
        raise ValueError("s and a must be finite numbers")
    return _rhs(s, a, threat, g, u)


def _rhs(s, a, threat: float, g: float, u: float = 0.0):
    """Unchecked right-hand side for the solvers' inner loops."""
    return threat + S0 - s - C * hill(a), A0 + g * hill(a) - a - D * s + u


def nullclines(a, threat: float, g: float = G_DEFAULT):
    """The two nullclines as S(A) on the grid ``a``: (S-nullcline, A-nullcline)."""
    threat, g = _check(threat, g)
    h = hill(a)
    return threat + S0 - C * h, (A0 + g * h - np.asarray(a, dtype=float)) / D


@dataclass(frozen=True)
class FixedPoint:
    S: float
    A: float
    stable: bool
    eigenvalues: tuple[complex, complex]


def jacobian(a: float, g: float = G_DEFAULT) -> np.ndarray:
    """Jacobian of (dS/dt, dA/dt) with respect to (S, A) at approach level ``a``."""
    return _jacobian(in_range("a", a, -1e6, 1e6), in_range("g", g, 0, G_MAX))


def _jacobian(a: float, g: float) -> np.ndarray:
    hp = float(dhill(a))
    return np.array([[-1.0, -C * hp], [-D, -1.0 + g * hp]])


def fixed_points(threat: float, g: float = G_DEFAULT) -> list[FixedPoint]:
    """All fixed points, ordered by increasing A, with stability from the Jacobian."""
    threat, g = _check(threat, g)
    return list(_fixed_points(threat, g))


@functools.lru_cache(maxsize=1024)
def _fixed_points(threat: float, g: float) -> tuple[FixedPoint, ...]:
    rhs_const = A0 - D * (threat + S0)
    m = g + D * C

    def f(a):
        return a - m * float(hill(a)) - rhs_const

    grid = np.linspace(-2.0, A0 + g + 1.0, 801)
    vals = grid - m * hill(grid) - rhs_const
    roots = []
    for i in np.nonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) <= 0)[0]:
        if vals[i] == 0:
            r = grid[i]
        elif vals[i + 1] == 0:
            continue
        else:
            r = brentq(f, grid[i], grid[i + 1], xtol=1e-12)
        if not roots or abs(r - roots[-1]) > 1e-7:  # deduplicate
            roots.append(r)
    out = []
    for a in roots:
        s = threat + S0 - C * float(hill(a))
        ev = np.linalg.eigvals(_jacobian(a, g))
        out.append(FixedPoint(float(s), float(a), bool(np.all(ev.real < 0)),
                              (complex(ev[0]), complex(ev[1]))))
    return tuple(out)


def n_stable(threat: float, g: float = G_DEFAULT) -> int:
    """How many stable states the loop has at this threat and coupling."""
    return sum(fp.stable for fp in fixed_points(threat, g))


def bistable_range(g: float = G_DEFAULT, n: int = 501) -> tuple[float, float] | None:
    """(lowest, highest) threat in [0, 1.8] with two stable states, on a grid of ``n``;
    ``None`` if the coupling is too weak for bistability."""
    g = in_range("g", g, 0, G_MAX)
    ts = np.linspace(0, THREAT_MAX, n)
    bi = [t for t in ts if n_stable(float(t), g) == 2]
    return (float(bi[0]), float(bi[-1])) if bi else None


def simulate(s0: float, a0: float, threat: float, g: float = G_DEFAULT, *, t_end: float = 40.0,
             pulse: float = 0.0, pulse_start: float = 5.0, pulse_duration: float = 2.0,
             n_points: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integrate from (S, A) = (s0, a0) with ``solve_ivp``; a supportive episode adds
    ``pulse`` to dA/dt for ``pulse_duration`` from ``pulse_start``. Returns (t, S, A)."""
    threat, g = _check(threat, g)
    pulse = in_range("pulse", pulse, -5, 5)
    pulse_duration = in_range("pulse_duration", pulse_duration, 0, 50)
    t_end = in_range("t_end", t_end, 0.1, 1000)
    t = np.linspace(0, t_end, n_points)
    y0 = np.array([s0, a0], dtype=float)
    edges = sorted({0.0, min(pulse_start, t_end), min(pulse_start + pulse_duration, t_end), t_end})
    S, A = np.empty(n_points), np.empty(n_points)
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi <= lo:
            continue
        u = pulse if pulse_start <= 0.5 * (lo + hi) < pulse_start + pulse_duration else 0.0
        last = hi == t_end
        mask = (t >= lo) & ((t <= hi) if last else (t < hi))
        times = t[mask]
        if times.size == 0 or times[-1] != hi:
            times = np.append(times, hi)
        sol = solve_ivp(lambda _t, y: _rhs(y[0], y[1], threat, g, u), (lo, hi), y0,
                        t_eval=times, rtol=1e-6, atol=1e-9)
        S[mask], A[mask] = sol.y[0, :mask.sum()], sol.y[1, :mask.sum()]
        y0 = sol.y[:, -1]
    return t, S, A


def sweep(g: float = G_DEFAULT, *, rate: float = 0.004, threat_max: float = THREAT_MAX,
          n_points: int = 251) -> dict[str, np.ndarray]:
    """Raise threat slowly from 0 to ``threat_max`` and lower it back again.

    The state is carried along (one continuous integration each way, threat
    changing at ``rate`` per time unit).  Returns ``threat`` (the grid) and the
    approach level ``A_up`` and ``A_down`` (and ``S_up``, ``S_down``) on it.
    Inside the bistable range the two sweeps differ: hysteresis.
    """
    g = in_range("g", g, 0, G_MAX)
    rate = in_range("rate", rate, 1e-4, 0.1)
    threat_max = in_range("threat_max", threat_max, 0.1, THREAT_MAX)
    return _sweep(g, rate, threat_max, n_points)


@functools.lru_cache(maxsize=64)
def _sweep(g, rate, threat_max, n_points):
    grid = np.linspace(0.0, threat_max, n_points)
    t_total = threat_max / rate
    t_eval = grid / rate
    start = min(fixed_points(0.0, g), key=lambda fp: -fp.A)  # connected state at zero threat
    up = solve_ivp(lambda t, y: _rhs(y[0], y[1], rate * t, g), (0, t_total), [start.S, start.A],
                   t_eval=t_eval, rtol=1e-6, atol=1e-9, max_step=5.0)
    down = solve_ivp(lambda t, y: _rhs(y[0], y[1], threat_max - rate * t, g), (0, t_total),
                     up.y[:, -1], t_eval=t_eval, rtol=1e-6, atol=1e-9, max_step=5.0)
    out = dict(threat=grid, S_up=up.y[0], A_up=up.y[1], S_down=down.y[0][::-1],
               A_down=down.y[1][::-1])
    for v in out.values():
        v.setflags(write=False)
    return out


def branches(g: float = G_DEFAULT, n: int = 251) -> dict[str, np.ndarray]:
    """Fixed-point A against threat, split into stable and unstable points (for plotting)."""
    g = in_range("g", g, 0, G_MAX)
    ts, As, st = [], [], []
    for t in np.linspace(0, THREAT_MAX, n):
        for fp in fixed_points(float(t), g):
            ts.append(t), As.append(fp.A), st.append(fp.stable)
    return dict(threat=np.array(ts), A=np.array(As), stable=np.array(st))


# -- figure values (numbers quoted in the captions and alt text of notebook 04) ---------------

SWITCH_LEVEL = 0.7


def _sweep_switches(g: float, level: float = SWITCH_LEVEL) -> tuple[float, float]:
    """(threat at which the rising sweep first falls below ``level``, threat at which the
    falling sweep, followed from high threat down, first rises above it); ``ValueError``
    without hysteresis."""
    sw = sweep(g)
    th = sw["threat"]
    down = sw["A_up"] < level
    up = sw["A_down"][::-1] > level
    if not down.any() or down[0] or not up.any() or up[0]:
        raise ValueError(f"g = {g!r}: the slow sweep shows no drop and recovery across "
                         f"A = {level:g} (too little coupling for hysteresis)")
    return float(th[np.argmax(down)]), float(th[::-1][np.argmax(up)])


def phase_figure_values(threat: float = 0.8, g: float = G_DEFAULT) -> dict[str, float]:
    """Numbers quoted with figure ``04-loop-phase-plane`` (:func:`plot_phase` at ``threat``
    in [0, 1.8] and coupling ``g`` in [0, 2]).

    ``threat``; the S-nullcline at the two ends of the plotted A range
    (``s_null_left`` at A = 0, ``s_null_right`` at A = 2.4); the three fixed points
    ``withdrawn_A``/``withdrawn_S``, ``saddle_A``/``saddle_S`` and
    ``connected_A``/``connected_S`` (``ValueError`` unless there are exactly three).
    """
    threat, g = _check(threat, g)
    fps = fixed_points(threat, g)
    if len(fps) != 3:
        raise ValueError(f"threat = {threat!r}, g = {g!r}: the figure text describes three fixed "
                         f"points, this setting has {len(fps)}")
    withdrawn, saddle, connected = fps
    sn, _ = nullclines(np.array([0.0, A_LIM[1]]), threat, g)
    return dict(threat=threat, s_null_left=float(sn[0]), s_null_right=float(sn[1]),
                withdrawn_A=withdrawn.A, withdrawn_S=withdrawn.S, saddle_A=saddle.A,
                saddle_S=saddle.S, connected_A=connected.A, connected_S=connected.S)


def hysteresis_figure_values(g: float = G_DEFAULT) -> dict[str, float]:
    """Numbers quoted with figure ``04-loop-hysteresis`` (:func:`plot_hysteresis` with
    coupling ``g`` in [0, 2]; ``ValueError`` if the slow sweep shows no hysteresis).

    ``threat_max``, the top of the sweep; ``sweep_lost``, the threat at which the rising
    sweep of :func:`sweep` first falls below A = 0.7; ``sweep_drop_to``, the approach of
    the withdrawn state at that threat (where the sweep lands); ``sweep_regained``, the
    threat below which the falling sweep climbs back above A = 0.7; and
    ``bistable_lo``/``bistable_hi``, the bistable range on the figure's grid of 251
    threats (:func:`bistable_range`).
    """
    g = in_range("g", g, 0, G_MAX)
    rng_ = bistable_range(g, n=251)
    if rng_ is None:
        raise ValueError(f"g = {g!r}: no bistable range (too little coupling for hysteresis)")
    lost, regained = _sweep_switches(g)
    drop_to = min(fp.A for fp in fixed_points(lost, g) if fp.stable)
    return dict(threat_max=THREAT_MAX, sweep_lost=lost, sweep_drop_to=float(drop_to),
                sweep_regained=regained, bistable_lo=rng_[0], bistable_hi=rng_[1])


def coupling_figure_values(gs=(0.4, 0.8, 1.2, 1.6)) -> dict[str, float]:
    """Numbers quoted with figure ``04-loop-coupling`` (:func:`plot_coupling` with
    couplings ``gs``, each in [0, 2]).

    For panel ``i`` (1, 2, ... in the order of ``gs``): ``g<i>``; ``rest_start<i>``,
    the approach of the (most connected) stable state at threat 0; ``rest_end<i>``
    and ``upper_end<i>``, the lowest and the highest stable approach at threat 1.8;
    and, only for panels with a bistable window, ``window_lo<i>`` and
    ``window_hi<i>``, its ends on the figure's grid of 251 threats.
    """
    out: dict[str, float] = {}
    for i, g in enumerate(np.atleast_1d(np.asarray(gs, dtype=float)), start=1):
        g = in_range("gs", g, 0, G_MAX)
        start = [fp.A for fp in fixed_points(0.0, g) if fp.stable]
        end = [fp.A for fp in fixed_points(THREAT_MAX, g) if fp.stable]
        out.update({f"g{i}": g, f"rest_start{i}": max(start), f"rest_end{i}": min(end),
                    f"upper_end{i}": max(end)})
        rng_ = bistable_range(g, n=251)
        if rng_ is not None:
            out.update({f"window_lo{i}": rng_[0], f"window_hi{i}": rng_[1]})
    if not out:
        raise ValueError("gs must hold at least one coupling")
    return out


# -- plots ----------------------------------------------------------------------------------

def _freeze(fig) -> None:
    from ..figures import png_bytes

    png_bytes(fig)
    fig.set_layout_engine("none")


A_LIM = (-0.1, 2.4)
S_LIM = (0.0, 3.0)


def _phase_axes(ax):
    ax.set_xlim(*A_LIM)
    ax.set_ylim(*S_LIM)
    ax.set_xlabel("affiliation / approach A")
    ax.set_ylabel("stress S")


def plot_phase(threat: float = 0.8, g: float = G_DEFAULT):
    """Default figure of section 1: vector field, nullclines and fixed points at one threat
    level."""
    from ..figures import new_figure

    fig, ax = new_figure(figsize=(6.0, 4.2))
    aa, ss = np.meshgrid(np.linspace(*A_LIM, 15), np.linspace(*S_LIM, 15))
    dS, dA = rhs(ss, aa, threat, g)
    norm = np.hypot(dA, dS) + 1e-12
    ax.quiver(aa, ss, dA / norm, dS / norm, color=PALETTE["grey"], alpha=0.6, scale=30, width=0.004)
    a = np.linspace(*A_LIM, 400)
    sn, an = nullclines(a, threat, g)
    ax.plot(a, sn, color=ROLE["cortisol"], label="S-nullcline (dS/dt = 0)")
    ax.plot(a, an, color=ROLE["oxytocin"], label="A-nullcline (dA/dt = 0)")
    for fp in fixed_points(threat, g):
        ax.plot(fp.A, fp.S, "o", ms=9, mfc=PALETTE["black"] if fp.stable else "white",
                mec=PALETTE["black"], mew=1.5, zorder=5)
    ax.plot([], [], "o", mfc=PALETTE["black"], mec=PALETTE["black"], label="stable state")
    ax.plot([], [], "o", mfc="white", mec=PALETTE["black"], label="unstable (saddle)")
    _phase_axes(ax)
    ax.set_title(f"Phase plane at threat {threat:g}")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def plot_hysteresis(g: float = G_DEFAULT):
    """Default figure of section 3: stable and unstable resting states against chronic threat,
    with a slow sweep of threat up and down (hysteresis)."""
    from ..figures import new_figure

    g = in_range("g", g, 0, G_MAX)
    fig, ax = new_figure(figsize=(6.0, 3.9))
    sw = sweep(g)
    br = branches(g)
    ax.plot(br["threat"][br["stable"]], br["A"][br["stable"]], ".", ms=3, color=PALETTE["black"],
            label="stable states")
    ax.plot(br["threat"][~br["stable"]], br["A"][~br["stable"]], ".", ms=2, color=PALETTE["grey"],
            label="unstable states")
    ax.plot(sw["threat"], sw["A_up"], color=ROLE["cortisol"], label="threat rising")
    ax.plot(sw["threat"], sw["A_down"], color=ROLE["oxytocin"], ls="--", label="threat falling")
    ax.set_xlabel("chronic threat T")
    ax.set_ylabel("approach A")
    ax.set_title(f"Slow sweep of threat, coupling {g:g}")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def plot_coupling(gs=(0.4, 0.8, 1.2, 1.6)):
    """Stable states against threat for several couplings: weak coupling, one state."""
    from ..figures import new_figure

    fig, axes = new_figure(1, len(gs), figsize=(9.0, 3.0), sharey=True)
    for ax, g in zip(axes, gs):
        br = branches(g, n=151)
        ax.plot(br["threat"][br["stable"]], br["A"][br["stable"]], ".", ms=3, color=PALETTE["black"])
        ax.plot(br["threat"][~br["stable"]], br["A"][~br["stable"]], ".", ms=2, color=PALETTE["grey"])
        rng_ = bistable_range(g, n=251)
        ax.set_title(f"g = {g:g}: " + ("one state" if rng_ is None else "bistable"), fontsize=10)
        if rng_ is not None:
            ax.axvspan(*rng_, color=PALETTE["yellow"], alpha=0.3, lw=0)
        ax.set_xlabel("threat T")
    axes[0].set_ylabel("approach A at rest")
    return fig


def loop_explorer():
    """Threat, coupling and a supportive episode: phase plane with nullclines, fixed points and
    the trajectory, and the time courses."""
    from ..explorer import Explorer, slider
    from ..figures import new_figure

    fig, (ax, ax_t) = new_figure(1, 2, figsize=(9.0, 3.9), gridspec_kw=dict(width_ratios=[1.1, 1]))
    a_grid = np.linspace(*A_LIM, 300)
    aa, ss = np.meshgrid(np.linspace(*A_LIM, 13), np.linspace(*S_LIM, 13))
    quiv = ax.quiver(aa, ss, np.zeros_like(aa), np.zeros_like(aa), color=PALETTE["grey"], alpha=0.6,
                     scale=28, width=0.004)
    (ln_s,) = ax.plot(a_grid, a_grid * 0, color=ROLE["cortisol"], label="S-nullcline")
    (ln_a,) = ax.plot(a_grid, a_grid * 0, color=ROLE["oxytocin"], label="A-nullcline")
    (traj,) = ax.plot([], [], color=PALETTE["green"], lw=2.5, label="trajectory")
    (start_pt,) = ax.plot([], [], "s", ms=7, color=PALETTE["green"])
    stable_pts = ax.scatter([], [], s=70, c=PALETTE["black"], zorder=5, label="stable")
    unstable_pts = ax.scatter([], [], s=70, facecolors="white", edgecolors=PALETTE["black"],
                              linewidths=1.5, zorder=5, label="unstable")
    _phase_axes(ax)
    ax.legend(loc="upper right", fontsize=8)
    title = ax.set_title(" ")
    (ts_s,) = ax_t.plot([], [], color=ROLE["cortisol"], label="stress S")
    (ts_a,) = ax_t.plot([], [], color=ROLE["oxytocin"], label="approach A")
    span = ax_t.axvspan(5, 7, color=PALETTE["green"], alpha=0.15, lw=0)
    ax_t.set_xlim(0, 40)
    ax_t.set_ylim(-0.1, 3.0)
    ax_t.set_xlabel("time (model units)")
    ax_t.set_ylabel("level (arbitrary units)")
    ax_t.legend(loc="upper right", fontsize=8)
    verdict = ax_t.set_title(" ")
    _freeze(fig)
    controls = {
        "threat": slider("Chronic threat T", 0.8, 0.0, THREAT_MAX, 0.1),
        "g": slider("Oxytocin coupling g", G_DEFAULT, 0.0, G_MAX, 0.1),
        "pulse": slider("Supportive episode (size)", 0.5, 0.0, 3.0, 0.25),
    }

    def draw(threat, g, pulse):
        fps = fixed_points(threat, g)
        dS, dA = rhs(ss, aa, threat, g)
        norm = np.hypot(dA, dS) + 1e-12
        quiv.set_UVC(dA / norm, dS / norm)
        sn, an = nullclines(a_grid, threat, g)
        ln_s.set_ydata(sn)
        ln_a.set_ydata(an)
        st = [(fp.A, fp.S) for fp in fps if fp.stable]
        un = [(fp.A, fp.S) for fp in fps if not fp.stable]
        stable_pts.set_offsets(np.array(st).reshape(-1, 2))
        unstable_pts.set_offsets(np.array(un).reshape(-1, 2))
        start = min((fp for fp in fps if fp.stable), key=lambda fp: fp.A)  # most withdrawn state
        t, S, A = simulate(start.S, start.A, threat, g, pulse=pulse)
        traj.set_data(A, S)
        start_pt.set_data([start.A], [start.S])
        ts_s.set_data(t, S)
        ts_a.set_data(t, A)
        n_st = len(st)
        title.set_text(f"Threat {threat:g}, coupling {g:g}: "
                       + ("two stable states" if n_st == 2 else "one stable state"))
        flipped = n_st == 2 and A[-1] > 0.5 * (fps[0].A + fps[-1].A)
        if n_st == 1:
            msg = "one state only: the episode's effect fades"
        elif pulse == 0:
            msg = "no episode: stays withdrawn"
        else:
            msg = "episode flips the state" if flipped else "episode too small: falls back"
        verdict.set_text(msg)
        return (f"Left: phase plane of approach A (x-axis) against stress S (y-axis) at threat {threat:g} "
                f"and coupling {g:g}, with the vector field in grey, the S-nullcline in orange and the "
                f"A-nullcline in blue; {n_st} stable state(s) and {len(un)} unstable point(s). A green "
                f"trajectory starts at the most withdrawn stable state (A = {start.A:.2f}, S = {start.S:.2f}) "
                f"and receives a supportive episode of size {pulse:g}. Right: S and A over time; at the end "
                f"A = {A[-1]:.2f}, S = {S[-1]:.2f}: {msg}.")

    return Explorer("04-loop-explorer", fig, controls, draw,
                    title="The stress–affiliation loop (illustrative model)",
                    # On the static page threat moves: the default episode (0.5) flips the
                    # withdrawn state at 0.5 and 0.8 but not at 1.1 (section 1's prompt), and the
                    # number of stable states changes along the way (section 3).
                    kernel_free="threat", kernel_free_values=[0.0, 0.3, 0.5, 0.8, 1.1, 1.4, 1.8])
