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
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from ..checks import in_range
from ..explorer import Explorer, slider
from ..figures import new_figure
from ..style import BENEATH_DATA, BENEATH_LINES, PALETTE, ROLE

S0, A0, C, D = 1.0, 0.85, 1.0, 0.3
G_DEFAULT = 1.2
THREAT_MAX = 1.8
G_MAX = 2.0
#: Plotted ranges of approach A and stress S (the phase plane's axes).
A_LIM = (-0.1, 2.4)
S_LIM = (0.0, 3.0)


def _check(threat: float, g: float) -> tuple[float, float]:
    return in_range("threat", threat, 0, THREAT_MAX), in_range("g", g, 0, G_MAX)


def hill(a: np.ndarray | float) -> np.ndarray:
    """h(A) = A⁴ / (1 + A⁴) for A > 0, else 0 (vectorised)."""
    a = np.asarray(a, dtype=float)
    a4 = np.where(a > 0, a, 0.0) ** 4
    return a4 / (1.0 + a4)


def dhill(a: np.ndarray | float) -> np.ndarray:
    """h'(A) = 4A³ / (1 + A⁴)² for A > 0, else 0."""
    a = np.asarray(a, dtype=float)
    a_pos = np.where(a > 0, a, 0.0)
    return 4 * a_pos ** 3 / (1 + a_pos ** 4) ** 2


def rhs(s: np.ndarray | float, a: np.ndarray | float, threat: float, g: float = G_DEFAULT,
        u: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(dS/dt, dA/dt) at (s, a); arrays broadcast (used for the vector field)."""
    threat, g = _check(threat, g)
    u = in_range("u", u, -10, 10)
    s, a = np.asarray(s, dtype=float), np.asarray(a, dtype=float)
    if not (np.all(np.isfinite(s)) and np.all(np.isfinite(a))):
        raise ValueError("s and a must be finite numbers")
    return _rhs(s, a, threat, g, u)


def _rhs(s: Any, a: Any, threat: float, g: float, u: float = 0.0) -> tuple[Any, Any]:
    """Unchecked right-hand side for the solvers' inner loops."""
    return threat + S0 - s - C * hill(a), A0 + g * hill(a) - a - D * s + u


def nullclines(a: np.ndarray, threat: float, g: float = G_DEFAULT
               ) -> tuple[np.ndarray, np.ndarray]:
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
    slope = float(dhill(a))
    return np.array([[-1.0, -C * slope], [-D, -1.0 + g * slope]])


def fixed_points(threat: float, g: float = G_DEFAULT) -> list[FixedPoint]:
    """All fixed points, ordered by increasing A, with stability from the Jacobian."""
    threat, g = _check(threat, g)
    return list(_fixed_points(threat, g))


#: Grid on which sign changes bracket the fixed points: points, and the margin below A = 0.
ROOT_GRID_POINTS = 801
ROOT_GRID_FROM = -2.0


@functools.lru_cache(maxsize=1024)
def _fixed_points(threat: float, g: float) -> tuple[FixedPoint, ...]:
    target = A0 - D * (threat + S0)
    gain = g + D * C

    def excess(a: float) -> float:
        return a - gain * float(hill(a)) - target

    grid = np.linspace(ROOT_GRID_FROM, A0 + g + 1.0, ROOT_GRID_POINTS)
    values = grid - gain * hill(grid) - target
    roots: list[float] = []
    for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)[0]:
        if values[i] == 0:
            root = grid[i]
        elif values[i + 1] == 0:
            continue
        else:
            root = brentq(excess, grid[i], grid[i + 1], xtol=1e-12)
        if not roots or abs(root - roots[-1]) > 1e-7:  # deduplicate
            roots.append(root)
    points = []
    for a in roots:
        s = threat + S0 - C * float(hill(a))
        eigenvalues = np.linalg.eigvals(_jacobian(a, g))
        points.append(FixedPoint(float(s), float(a), bool(np.all(eigenvalues.real < 0)),
                                 (complex(eigenvalues[0]), complex(eigenvalues[1]))))
    return tuple(points)


def n_stable(threat: float, g: float = G_DEFAULT) -> int:
    """How many stable states the loop has at this threat and coupling."""
    return sum(point.stable for point in fixed_points(threat, g))


def bistable_range(g: float = G_DEFAULT, n: int = 501) -> tuple[float, float] | None:
    """(lowest, highest) threat in [0, 1.8] with two stable states, on a grid of ``n``;
    ``None`` if the coupling is too weak for bistability."""
    g = in_range("g", g, 0, G_MAX)
    threats = np.linspace(0, THREAT_MAX, n)
    bistable = [t for t in threats if n_stable(float(t), g) == 2]
    return (float(bistable[0]), float(bistable[-1])) if bistable else None


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
def _sweep(g: float, rate: float, threat_max: float, n_points: int) -> dict[str, np.ndarray]:
    grid = np.linspace(0.0, threat_max, n_points)
    t_total = threat_max / rate
    t_eval = grid / rate
    start = min(fixed_points(0.0, g), key=lambda point: -point.A)  # connected state at zero threat
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
    threats, approach, stable = [], [], []
    for t in np.linspace(0, THREAT_MAX, n):
        for point in fixed_points(float(t), g):
            threats.append(t)
            approach.append(point.A)
            stable.append(point.stable)
    return dict(threat=np.array(threats), A=np.array(approach), stable=np.array(stable))


# -- figure values (numbers quoted in the captions and alt text of notebook 04) ---------------

SWITCH_LEVEL = 0.7


def _sweep_switches(g: float, level: float = SWITCH_LEVEL) -> tuple[float, float]:
    """(threat at which the rising sweep first falls below ``level``, threat at which the
    falling sweep, followed from high threat down, first rises above it); ``ValueError``
    without hysteresis."""
    swept = sweep(g)
    threats = swept["threat"]
    down = swept["A_up"] < level
    up = swept["A_down"][::-1] > level
    if not down.any() or down[0] or not up.any() or up[0]:
        raise ValueError(f"g = {g!r}: the slow sweep shows no drop and recovery across "
                         f"A = {level:g} (too little coupling for hysteresis)")
    return float(threats[np.argmax(down)]), float(threats[::-1][np.argmax(up)])


def phase_figure_values(threat: float = 0.8, g: float = G_DEFAULT) -> dict[str, float]:
    """Numbers quoted with figure ``04-loop-phase-plane`` (:func:`plot_phase` at ``threat``
    in [0, 1.8] and coupling ``g`` in [0, 2]).

    ``threat``; the S-nullcline at the two ends of the plotted A range
    (``s_null_left`` at A = 0, ``s_null_right`` at A = 2.4); the three fixed points
    ``withdrawn_A``/``withdrawn_S``, ``saddle_A``/``saddle_S`` and
    ``connected_A``/``connected_S`` (``ValueError`` unless there are exactly three).
    """
    threat, g = _check(threat, g)
    points = fixed_points(threat, g)
    if len(points) != 3:
        raise ValueError(f"threat = {threat!r}, g = {g!r}: the figure text describes three fixed "
                         f"points, this setting has {len(points)}")
    withdrawn, saddle, connected = points
    s_null, _ = nullclines(np.array([0.0, A_LIM[1]]), threat, g)
    return dict(threat=threat, s_null_left=float(s_null[0]), s_null_right=float(s_null[1]),
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
    window = bistable_range(g, n=251)
    if window is None:
        raise ValueError(f"g = {g!r}: no bistable range (too little coupling for hysteresis)")
    lost, regained = _sweep_switches(g)
    drop_to = min(point.A for point in fixed_points(lost, g) if point.stable)
    return dict(threat_max=THREAT_MAX, sweep_lost=lost, sweep_drop_to=float(drop_to),
                sweep_regained=regained, bistable_lo=window[0], bistable_hi=window[1])


def coupling_figure_values(gs: tuple[float, ...] = (0.4, 0.8, 1.2, 1.6)) -> dict[str, float]:
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
        start = [point.A for point in fixed_points(0.0, g) if point.stable]
        end = [point.A for point in fixed_points(THREAT_MAX, g) if point.stable]
        out.update({f"g{i}": g, f"rest_start{i}": max(start), f"rest_end{i}": min(end),
                    f"upper_end{i}": max(end)})
        window = bistable_range(g, n=251)
        if window is not None:
            out.update({f"window_lo{i}": window[0], f"window_hi{i}": window[1]})
    if not out:
        raise ValueError("gs must hold at least one coupling")
    return out


# -- plots ----------------------------------------------------------------------------------

def _phase_axes(ax: Axes) -> None:
    ax.set_xlim(*A_LIM)
    ax.set_ylim(*S_LIM)
    ax.set_xlabel("affiliation / approach A")
    ax.set_ylabel("stress S")


def _directions(a_mesh: np.ndarray, s_mesh: np.ndarray, threat: float, g: float
                ) -> tuple[np.ndarray, np.ndarray]:
    """Unit arrows (A, S components) of the flow on a grid: the vector field's directions."""
    ds, da = rhs(s_mesh, a_mesh, threat, g)
    length = np.hypot(da, ds) + 1e-12
    return da / length, ds / length


def plot_phase(threat: float = 0.8, g: float = G_DEFAULT) -> Figure:
    """Default figure of section 1: vector field, nullclines and fixed points at one threat
    level."""
    fig, ax = new_figure(figsize=(6.0, 4.2))
    a_mesh, s_mesh = np.meshgrid(np.linspace(*A_LIM, 15), np.linspace(*S_LIM, 15))
    ax.quiver(a_mesh, s_mesh, *_directions(a_mesh, s_mesh, threat, g), color=PALETTE["grey"],
              alpha=0.6, scale=30, width=0.004)
    a = np.linspace(*A_LIM, 400)
    s_null, a_null = nullclines(a, threat, g)
    ax.plot(a, s_null, color=ROLE["cortisol"], label="S-nullcline (dS/dt = 0)")
    ax.plot(a, a_null, color=ROLE["oxytocin"], label="A-nullcline (dA/dt = 0)")
    for point in fixed_points(threat, g):
        ax.plot(point.A, point.S, "o", ms=9, mfc=PALETTE["black"] if point.stable else "white",
                mec=PALETTE["black"], mew=1.5, zorder=5)
    ax.plot([], [], "o", mfc=PALETTE["black"], mec=PALETTE["black"], label="stable state")
    ax.plot([], [], "o", mfc="white", mec=PALETTE["black"], label="unstable (saddle)")
    _phase_axes(ax)
    ax.set_title(f"Phase plane at threat {threat:g}")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def _plot_branches(ax: Axes, branch: dict[str, np.ndarray], **labels: str) -> None:
    """Stable states as black dots, unstable ones as smaller grey dots."""
    stable = branch["stable"]
    ax.plot(branch["threat"][stable], branch["A"][stable], ".", ms=3, color=PALETTE["black"],
            label=labels.get("stable"))
    ax.plot(branch["threat"][~stable], branch["A"][~stable], ".", ms=2, color=PALETTE["grey"],
            label=labels.get("unstable"))


def plot_hysteresis(g: float = G_DEFAULT) -> Figure:
    """Default figure of section 3: stable and unstable resting states against chronic threat,
    with a slow sweep of threat up and down (hysteresis)."""
    g = in_range("g", g, 0, G_MAX)
    fig, ax = new_figure(figsize=(6.0, 3.9))
    swept = sweep(g)
    _plot_branches(ax, branches(g), stable="stable states", unstable="unstable states")
    ax.plot(swept["threat"], swept["A_up"], color=ROLE["cortisol"], label="threat rising")
    ax.plot(swept["threat"], swept["A_down"], color=ROLE["oxytocin"], ls="--",
            label="threat falling")
    ax.set_xlabel("chronic threat T")
    ax.set_ylabel("approach A")
    ax.set_title(f"Slow sweep of threat, coupling {g:g}")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def plot_coupling(gs: tuple[float, ...] = (0.4, 0.8, 1.2, 1.6)) -> Figure:
    """Stable states against threat for several couplings: weak coupling, one state."""
    fig, axes = new_figure(1, len(gs), figsize=(9.0, 3.0), sharey=True)
    for ax, g in zip(axes, gs):
        _plot_branches(ax, branches(g, n=151))
        window = bistable_range(g, n=251)
        ax.set_title(f"g = {g:g}: " + ("one state" if window is None else "bistable"), fontsize=10)
        if window is not None:
            ax.axvspan(*window, color=PALETTE["yellow"], alpha=0.3, lw=0)
        ax.set_xlabel("threat T")
    axes[0].set_ylabel("approach A at rest")
    return fig


#: The explorer's grids: approach levels of the nullclines, and the vector field's arrows
#: (13 per side).
NULLCLINE_A = np.linspace(*A_LIM, 300)
ARROW_A, ARROW_S = np.meshgrid(np.linspace(*A_LIM, 13), np.linspace(*S_LIM, 13))
NULLCLINE_A.setflags(write=False)
ARROW_A.setflags(write=False)
ARROW_S.setflags(write=False)
#: The supportive episode of the explorer: start and duration (model time units).
PULSE_START, PULSE_DURATION = 5.0, 2.0
# The explorer's legends: the left one beneath the arrows of the vector field, the
# right one above the episode's band but beneath the curves.


def _loop_artists(ax: Axes, ax_t: Axes) -> dict[str, Any]:
    """The loop explorer's static parts, and the artists :func:`_update_loop` changes
    (left ``ax``: the phase plane; right ``ax_t``: the time courses)."""
    zeros = np.zeros_like(ARROW_A)
    art: dict[str, Any] = {}
    art["field"] = ax.quiver(ARROW_A, ARROW_S, zeros, zeros, color=PALETTE["grey"], alpha=0.6,
                             scale=28, width=0.004)
    art["s_nullcline"], = ax.plot(NULLCLINE_A, NULLCLINE_A * 0, color=ROLE["cortisol"],
                                  label="S-nullcline")
    art["a_nullcline"], = ax.plot(NULLCLINE_A, NULLCLINE_A * 0, color=ROLE["oxytocin"],
                                  label="A-nullcline")
    art["trajectory"], = ax.plot([], [], color=PALETTE["green"], lw=2.5, label="trajectory")
    art["start"], = ax.plot([], [], "s", ms=7, color=PALETTE["green"])
    art["stable"] = ax.scatter([], [], s=70, c=PALETTE["black"], zorder=5, label="stable")
    art["unstable"] = ax.scatter([], [], s=70, facecolors="white", edgecolors=PALETTE["black"],
                                 linewidths=1.5, zorder=5, label="unstable")
    _phase_axes(ax)
    # Both legends go under the changing arrows and curves (which cross a few of their
    # letters at most), so that the fast redraw, which repaints everything drawn after the
    # first changing artist, does not have to repaint them.
    ax.legend(loc="upper right", fontsize=8).set_zorder(BENEATH_DATA)
    art["title"] = ax.set_title("")
    art["stress"], = ax_t.plot([], [], color=ROLE["cortisol"], label="stress S")
    art["approach"], = ax_t.plot([], [], color=ROLE["oxytocin"], label="approach A")
    ax_t.axvspan(PULSE_START, PULSE_START + PULSE_DURATION, color=PALETTE["green"], alpha=0.15,
                 lw=0)
    ax_t.set_xlim(0, 40)
    ax_t.set_ylim(-0.1, 3.0)
    ax_t.set_xlabel("time (model units)")
    ax_t.set_ylabel("level (arbitrary units)")
    ax_t.legend(loc="upper right", fontsize=8).set_zorder(BENEATH_LINES)
    art["verdict"] = ax_t.set_title("")
    return art


@functools.lru_cache(maxsize=512)
def _episode(threat: float, g: float, pulse: float) -> tuple[FixedPoint, np.ndarray, np.ndarray,
                                                             np.ndarray]:
    """The explorer's run: from the most withdrawn stable state, a supportive episode of
    size ``pulse``.  Returns the start and (t, S, A)."""
    start = min((point for point in fixed_points(threat, g) if point.stable),
                key=lambda point: point.A)
    t, S, A = simulate(start.S, start.A, threat, g, pulse=pulse, pulse_start=PULSE_START,
                       pulse_duration=PULSE_DURATION)
    for values in (t, S, A):
        values.setflags(write=False)
    return start, t, S, A


@functools.lru_cache(maxsize=512)
def _field(threat: float, g: float) -> tuple[np.ndarray, np.ndarray]:
    """The explorer's arrow directions at this threat and coupling."""
    return _directions(ARROW_A, ARROW_S, threat, g)


def _update_loop(art: dict[str, Any], threat: float, g: float, pulse: float) -> str:
    """Show the loop at this threat, coupling and episode size; return the alt text."""
    threat, g = _check(threat, g)
    pulse = in_range("pulse", pulse, -5, 5)
    points = fixed_points(threat, g)
    art["field"].set_UVC(*_field(threat, g))
    s_null, a_null = nullclines(NULLCLINE_A, threat, g)
    art["s_nullcline"].set_ydata(s_null)
    art["a_nullcline"].set_ydata(a_null)
    stable = [(point.A, point.S) for point in points if point.stable]
    unstable = [(point.A, point.S) for point in points if not point.stable]
    art["stable"].set_offsets(np.array(stable).reshape(-1, 2))
    art["unstable"].set_offsets(np.array(unstable).reshape(-1, 2))
    start, t, S, A = _episode(threat, g, pulse)
    art["trajectory"].set_data(A, S)
    art["start"].set_data([start.A], [start.S])
    art["stress"].set_data(t, S)
    art["approach"].set_data(t, A)
    n_states = len(stable)
    art["title"].set_text(f"Threat {threat:g}, coupling {g:g}: "
                          + ("two stable states" if n_states == 2 else "one stable state"))
    flipped = n_states == 2 and A[-1] > 0.5 * (points[0].A + points[-1].A)
    if n_states == 1:
        verdict = "one state only: the episode's effect fades"
    elif pulse == 0:
        verdict = "no episode: stays withdrawn"
    else:
        verdict = "episode flips the state" if flipped else "episode too small: falls back"
    art["verdict"].set_text(verdict)
    return (f"Left: phase plane of approach A (x-axis) against stress S (y-axis) at threat "
            f"{threat:g} and coupling {g:g}, with the vector field in grey, the S-nullcline in "
            f"orange and the A-nullcline in blue; {n_states} stable state(s) and {len(unstable)} "
            f"unstable point(s). A green trajectory starts at the most withdrawn stable state "
            f"(A = {start.A:.2f}, S = {start.S:.2f}) and receives a supportive episode of size "
            f"{pulse:g}. Right: S and A over time; at the end A = {A[-1]:.2f}, S = {S[-1]:.2f}: "
            f"{verdict}.")


def loop_explorer() -> Explorer:
    """Threat, coupling and a supportive episode: phase plane with nullclines, fixed points and
    the trajectory, and the time courses."""
    fig, axes = new_figure(1, 2, figsize=(9.0, 3.9), gridspec_kw=dict(width_ratios=[1.1, 1]))
    art = _loop_artists(*axes)
    controls = {
        "threat": slider("Chronic threat T", 0.8, 0.0, THREAT_MAX, 0.1),
        "g": slider("Oxytocin coupling g", G_DEFAULT, 0.0, G_MAX, 0.1),
        "pulse": slider("Supportive episode (size)", 0.5, 0.0, 3.0, 0.25),
    }

    def draw(threat: float, g: float, pulse: float) -> str:
        return _update_loop(art, threat, g, pulse)

    return Explorer("04-loop-explorer", fig, controls, draw, animated=art,
                    title="The stress–affiliation loop (illustrative model)",
                    # On the static page threat moves: the default episode (0.5) flips the
                    # withdrawn state at 0.5 and 0.8 but not at 1.1 (section 1's prompt), and the
                    # number of stable states changes along the way (section 3).
                    page_control="threat", page_values=[0.0, 0.3, 0.5, 0.8, 1.1, 1.4, 1.8])
