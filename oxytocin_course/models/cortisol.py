"""Summaries of a repeated cortisol profile: areas under the curve and reactivity.

Notebook 03, section 6.  A profile is ``n`` cortisol samples ``m_1 … m_n``
taken at times ``t_1 < … < t_n`` (minutes).  Joining the samples with
straight lines, Pruessner et al. (2003) define two areas by the trapezoid
rule::

    AUC_G = Σ_{i=1}^{n−1} (m_{i+1} + m_i) / 2 · (t_{i+1} − t_i)     (area with respect to ground)
    AUC_I = AUC_G − m_1 · (t_n − t_1)                               (area with respect to increase)

``AUC_G`` is the whole area between the profile and zero (total output over
the sampling window); ``AUC_I`` is the area between the profile and the level
of the first sample, counted negative where the profile falls below it, so it
measures change from baseline.  **Reactivity** is the peak minus the first
(baseline) sample, ``max(m) − m_1``.  Here ``t_i`` is the time of sample ``i``;
Pruessner et al. write the same formulas with ``t_i`` as the interval between
samples ``i`` and ``i + 1``, which gives the same areas.  Which sample is the
baseline is a choice: pass the profile from that sample on.

:func:`tsst_profile` returns an **illustrative** profile: its sampling
schedule has the shape of a Trier Social Stress Test study (two samples before
the task, then samples up to 90 minutes after its onset, with the highest
value 30 minutes after onset), but its values are teaching choices in the
range of salivary cortisol in nmol/L, **not published data**.
:func:`matched_profile` gives a second, illustrative participant with the same
``AUC_G`` and no rise at all.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from numpy.typing import ArrayLike

from ..checks import in_range
from ..figures import new_figure
from ..style import BENEATH_DATA, PALETTE, ROLE

#: Sampling times of the illustrative profile, minutes from the onset of the task
#: (the task itself occupies minutes 0 to TASK_END).
TSST_TIMES = (-10.0, 0.0, 20.0, 30.0, 45.0, 60.0, 90.0)
#: Illustrative salivary cortisol values (nmol/L) at those times: teaching choices.
TSST_VALUES = (5.5, 5.0, 9.5, 12.0, 10.5, 8.0, 6.0)
TASK_END = 20.0


def _profile(times: ArrayLike, values: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Check and convert a profile; raise ``ValueError`` naming the bad argument."""
    t = np.asarray(times, dtype=float)
    m = np.asarray(values, dtype=float)
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"times must be a 1-D sequence of at least 2 sampling times; got {times!r}")
    if m.shape != t.shape:
        raise ValueError(f"values must have one cortisol value per time ({t.size}); "
                         f"got shape {m.shape}")
    if not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ValueError("times must be finite and strictly increasing")
    if not np.all(np.isfinite(m)) or np.any(m < 0):
        raise ValueError("values must be finite concentrations ≥ 0")
    return t, m


def auc_ground(times: ArrayLike, values: ArrayLike) -> float:
    """Area under the curve with respect to ground (Pruessner et al. 2003)::

        AUC_G = Σ_{i=1}^{n−1} (m_{i+1} + m_i) / 2 · (t_{i+1} − t_i)

    in (value unit) × minutes.  Raises ``ValueError`` for fewer than two samples,
    unequal lengths, times not strictly increasing, or negative values.
    """
    t, m = _profile(times, values)
    return float(np.sum((m[1:] + m[:-1]) / 2.0 * np.diff(t)))


def auc_increase(times: ArrayLike, values: ArrayLike) -> float:
    """Area under the curve with respect to increase (Pruessner et al. 2003)::

        AUC_I = AUC_G − m_1 · (t_n − t_1)

    the area between the profile and the level of the first sample; parts below
    that level count negative, so ``AUC_I`` can be negative.
    """
    t, m = _profile(times, values)
    return auc_ground(t, m) - float(m[0] * (t[-1] - t[0]))


def reactivity(values: ArrayLike) -> float:
    """Peak minus baseline: ``max(m) − m_1`` (zero if no sample exceeds the first)."""
    m = np.asarray(values, dtype=float)
    _profile(np.arange(m.size, dtype=float), m)
    return float(m.max() - m[0])


def summary(times: ArrayLike, values: ArrayLike) -> dict[str, float]:
    """The usual summaries of one profile: baseline, peak, peak time, reactivity,
    ``AUC_G``, ``AUC_I`` and the mean level ``AUC_G / (t_n − t_1)``."""
    t, m = _profile(times, values)
    i = int(np.argmax(m))
    auc_g = auc_ground(t, m)
    return {"baseline": float(m[0]), "peak": float(m[i]), "peak_time": float(t[i]),
            "reactivity": reactivity(m), "auc_g": auc_g, "auc_i": auc_increase(t, m),
            "mean_level": auc_g / float(t[-1] - t[0])}


def tsst_profile() -> tuple[np.ndarray, np.ndarray]:
    """The illustrative TSST-shaped profile (times in minutes from task onset, nmol/L).

    Its values are teaching choices, not published data (see the module docstring).
    """
    return np.array(TSST_TIMES), np.array(TSST_VALUES)


def matched_profile(decline: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """A second illustrative participant, sampled on the same schedule as
    :func:`tsst_profile`, whose cortisol falls in a straight line by ``decline``
    (nmol/L, in [0, 8]) from the first to the last sample and whose ``AUC_G``
    equals that of :func:`tsst_profile`: high all along, with no rise.

    A straight line ``c + s·(t − t̄)``, with ``t̄`` the middle of the window,
    has ``AUC_G = c · (t_n − t_1)`` whatever its slope ``s``, so ``c`` is the
    first participant's mean level.
    """
    decline = in_range("decline", decline, 0.0, 8.0)
    t, m = tsst_profile()
    level = auc_ground(t, m) / (t[-1] - t[0])
    mid = (t[0] + t[-1]) / 2.0
    slope = -decline / (t[-1] - t[0])
    return t, level + slope * (t - mid)


def auc_figure_values(decline: float = 2.0) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``03-auc``."""
    a = summary(*tsst_profile())
    b = summary(*matched_profile(decline))
    out = {f"a_{k}": v for k, v in a.items()}
    out.update({f"b_{k}": v for k, v in b.items()})
    out["task_end"] = TASK_END
    out["t_first"], out["t_last"] = TSST_TIMES[0], TSST_TIMES[-1]
    return out


def _draw_profile(ax: Axes, t: np.ndarray, m: np.ndarray, title: str) -> None:
    """One profile with AUC_G (light) and AUC_I (dark above, hatched below baseline) shaded."""
    ax.axvspan(0.0, TASK_END, color=PALETTE["yellow"], alpha=0.25, lw=0)
    ax.fill_between(t, 0.0, m, color=ROLE["cortisol"], alpha=0.15, lw=0)
    base = m[0]
    ax.fill_between(t, base, m, where=m >= base, interpolate=True, color=ROLE["cortisol"],
                    alpha=0.45, lw=0)
    ax.fill_between(t, base, m, where=m < base, interpolate=True, facecolor="none",
                    edgecolor=PALETTE["blue"], hatch="///", lw=0)
    ax.axhline(base, color=PALETTE["grey"], ls="--", lw=1.0, zorder=BENEATH_DATA)
    ax.plot(t, m, "o-", color=ROLE["cortisol"], ms=5)
    ax.set_title(title)
    ax.set_xlabel("minutes from task onset")
    ax.set_ylim(0.0, 17.0)


def plot_auc(decline: float = 2.0) -> Figure:
    """Default figure of section 6: two illustrative participants with the same
    ``AUC_G``, one rising after the task (left), one high and slowly falling
    (right), with ``AUC_G`` and ``AUC_I`` shaded."""
    fig, axes = new_figure(1, 2, figsize=(8.4, 3.6), sharey=True)
    _draw_profile(axes[0], *tsst_profile(), "Participant A")
    _draw_profile(axes[1], *matched_profile(decline), "Participant B")
    axes[0].set_ylabel("salivary cortisol (nmol/L,\nillustrative)")
    axes[0].text(1.0, 15.0, "task", fontsize=9)
    legend = [Patch(color=ROLE["cortisol"], alpha=0.15, label="AUC$_G$: area down to zero"),
              Patch(color=ROLE["cortisol"], alpha=0.45, label="AUC$_I$: above baseline (+)"),
              Patch(facecolor="none", edgecolor=PALETTE["blue"], hatch="///",
                    label="AUC$_I$: below baseline (−)")]
    axes[1].legend(handles=legend, loc="upper right", fontsize=8)
    return fig
