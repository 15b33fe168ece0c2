"""Fear conditioning, extinction and renewal: Rescorla–Wagner with a context-gated
extinction memory, and oxytocin as a phase-specific change (an illustrative model).

Notebook 05.  One conditioned stimulus (CS) and three contexts (A, B, C).
Trials run in three phases: **acquisition** in context A (CS followed by the
unconditioned stimulus, US value λ = 1), **extinction** in context B (CS
alone), and a **test** (CS alone) in the context chosen: A gives the ABA
renewal design, B the ABB control, C a novel context (ABC).

Two memories, following the idea that extinction is new learning rather than
erasure: an excitatory association ``V`` (not tied to a context) and an
inhibitory extinction memory ``I_k`` stored in the context ``k`` where it was
learned.  On a trial in context ``k`` the model predicts::

    R = max(0, ν_k · V − Σ_j γ_jk · I_j),   γ_kk = 1,  γ_jk = γ (generalisation) for j ≠ k

where ν_A = 1 and ν_k = ν (``transfer``, default 0.85) elsewhere: fear
learned in A is expressed slightly less in other contexts, so renewal is
stronger back in A (ABA) than in a new context (ABC)

and learns from the prediction error δ = λ − R (λ = 1 with the US, 0 without)::

    δ > 0:  V   ← V   + α_acq · δ        (acquisition)
    δ < 0:  I_k ← I_k + α_ext · (−δ)      (extinction, in the current context)

The expressed conditioned response is ``CR = R · (1 + b · e^(−n/3))`` where
``b`` is a transient arousal boost (0 unless oxytocin was given before
extinction) and ``n`` counts extinction trials.  Oxytocin is modelled as a
change of parameters in one phase:

- ``"before acquisition"``: α_acq × (1 + ot_gain)  (faster conditioning);
- ``"before extinction"``: α_ext × (1 + ot_gain) and b = ot_boost
  (more responding early in extinction, a faster decline later).

These mappings are teaching choices chosen to mimic the *direction* of some
reported findings; every parameter is illustrative, **not a measured value**.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..checks import in_range, integer, one_of
from ..explorer import Explorer, dropdown, slider
from ..figures import new_figure
from ..style import PALETTE, ROLE

TIMINGS = ("none", "before acquisition", "before extinction")
CONTEXTS = ("A", "B", "C")
PHASES = ("acquisition", "extinction", "test")
#: Decay (in extinction trials) of oxytocin's transient arousal boost, the 3 of e^(−n/3).
TAU = 3.0


@dataclass(frozen=True)
class Run:
    """Trial-by-trial result: ``cr`` expressed response, ``v`` and ``inhibition`` (per context,
    shape (n, 3)) after each trial, ``phase`` and ``context`` labels."""
    cr: np.ndarray
    v: np.ndarray
    inhibition: np.ndarray
    phase: tuple[str, ...]
    context: tuple[str, ...]

    def phase_slice(self, name: str) -> slice:
        """The trials of phase ``name`` (an empty slice if the run has none)."""
        trials = [i for i, phase in enumerate(self.phase) if phase == name]
        return slice(trials[0], trials[-1] + 1) if trials else slice(0, 0)


def _rate(name: str, value: Any) -> float:
    """A learning rate, checked to lie in (0, 1]."""
    return in_range(name, value, 0, 1, lo_open=True)


def simulate(alpha_acq: float = 0.3, alpha_ext: float = 0.15, *, n_acq: int = 10, n_ext: int = 16,
             n_test: int = 4, test_context: str = "A", generalisation: float = 0.2,
             transfer: float = 0.85, oxytocin: str = "none", ot_gain: float = 0.6,
             ot_boost: float = 0.3) -> Run:
    """Run acquisition (context A), extinction (context B) and a test in ``test_context``.

    ``alpha_acq`` and ``alpha_ext`` are learning rates in (0, 1];
    ``generalisation`` γ in [0, 1] is how much an extinction memory applies
    outside its own context (0: fully context-bound, 1: everywhere);
    ``transfer`` ν in [0, 1] is how much of the fear learned in A is expressed
    elsewhere;
    ``oxytocin`` is one of :data:`TIMINGS`.
    """
    a_acq = _rate("alpha_acq", alpha_acq)
    a_ext = _rate("alpha_ext", alpha_ext)
    n_acq = integer("n_acq", n_acq, 1, 500)
    n_ext = integer("n_ext", n_ext, 0, 500)
    n_test = integer("n_test", n_test, 0, 500)
    one_of("test_context", test_context, CONTEXTS)
    gamma = in_range("generalisation", generalisation, 0, 1)
    nu = np.array([1.0, in_range("transfer", transfer, 0, 1), transfer])
    one_of("oxytocin", oxytocin, TIMINGS)
    ot_gain = in_range("ot_gain", ot_gain, 0, 5)
    ot_boost = in_range("ot_boost", ot_boost, 0, 5)
    boost = 0.0
    if oxytocin == "before acquisition":
        a_acq = min(1.0, a_acq * (1 + ot_gain))
    elif oxytocin == "before extinction":
        a_ext = min(1.0, a_ext * (1 + ot_gain))
        boost = ot_boost
    gate = np.full((3, 3), gamma)
    np.fill_diagonal(gate, 1.0)
    schedule = ([("acquisition", "A", 1.0)] * n_acq + [("extinction", "B", 0.0)] * n_ext
                + [("test", test_context, 0.0)] * n_test)
    n = len(schedule)
    v, inhibition = 0.0, np.zeros(3)
    cr, v_after, inhibition_after = np.empty(n), np.empty(n), np.empty((n, 3))
    n_ext_seen = 0
    for i, (phase, context, lam) in enumerate(schedule):
        k = CONTEXTS.index(context)
        r = max(0.0, nu[k] * v - float(gate[:, k] @ inhibition))
        expressed = r
        if phase == "extinction":
            expressed = r * (1 + boost * np.exp(-n_ext_seen / TAU))
            n_ext_seen += 1
        cr[i] = expressed
        delta = lam - r
        if delta > 0:
            v += a_acq * delta
        elif delta < 0:
            inhibition[k] += a_ext * (-delta)
        v_after[i], inhibition_after[i] = v, inhibition
    phases = tuple(phase for phase, _, _ in schedule)
    contexts = tuple(context for _, context, _ in schedule)
    for arr in (cr, v_after, inhibition_after):
        arr.setflags(write=False)
    return Run(cr, v_after, inhibition_after, phases, contexts)


def renewal(alpha_acq: float = 0.3, alpha_ext: float = 0.15, **kw) -> float:
    """First test response minus last extinction response (positive: fear came back)."""
    run = simulate(alpha_acq, alpha_ext, **kw)
    ext, test = run.phase_slice("extinction"), run.phase_slice("test")
    if ext.stop == ext.start or test.stop == test.start:
        raise ValueError("n_ext and n_test must both be at least 1 to measure renewal")
    return float(run.cr[test][0] - run.cr[ext][-1])


# -- figure values (numbers quoted in the captions and alt text of notebook 05) ---------------

def _ends(run: Run) -> tuple[float, float, float]:
    """(last acquisition trial, last extinction trial, first test trial) of ``run``."""
    acq, ext, test = (run.phase_slice(p) for p in PHASES)
    return float(run.cr[acq][-1]), float(run.cr[ext][-1]), float(run.cr[test][0])


def renewal_figure_values(alpha_acq: float = 0.3, alpha_ext: float = 0.15) -> dict[str, float]:
    """Numbers quoted with figure ``05-fear-renewal`` (:func:`plot_renewal` with these
    learning rates, each in (0, 1]).

    Returns the conditioned response on the last acquisition trial (``acq_end``) and on
    the last extinction trial (``ext_end``), the first test trial back in A
    (``aba_test``) and in the new context C (``abc_test``), and the mean of the four
    test trials in B (``abb_test``).
    """
    a_acq, a_ext = _rate("alpha_acq", alpha_acq), _rate("alpha_ext", alpha_ext)
    acq_end, ext_end, aba = _ends(simulate(a_acq, a_ext, test_context="A"))
    abc = _ends(simulate(a_acq, a_ext, test_context="C"))[2]
    abb = simulate(a_acq, a_ext, test_context="B")
    return dict(acq_end=acq_end, ext_end=ext_end, aba_test=aba, abc_test=abc,
                abb_test=float(abb.cr[abb.phase_slice("test")].mean()))


def ptsd_figure_values(alpha_acq: float = 0.3) -> dict[str, float]:
    """Numbers quoted with figure ``05-fear-two-failures`` (:func:`plot_ptsd` with
    ``alpha_acq`` in (0, 1]; test in A).

    Returns ``acq_end`` (last acquisition trial, the same in all three cases), the last
    extinction trial for typical extinction (``ext_end_typical``, α_ext 0.15, γ 0.2;
    the fully context-bound case, γ 0, ends extinction at the same value) and for slow
    extinction learning (``ext_end_slow``, α_ext 0.04), and the first test trial in A
    for each case (``test_typical``, ``test_slow``, ``test_bound``).
    """
    a_acq = _rate("alpha_acq", alpha_acq)
    acq_end, ext_typ, test_typ = _ends(simulate(a_acq, 0.15, test_context="A"))
    _, ext_slow, test_slow = _ends(simulate(a_acq, 0.04, test_context="A"))
    _, _, test_bound = _ends(simulate(a_acq, 0.15, test_context="A", generalisation=0.0))
    return dict(acq_end=acq_end, ext_end_typical=ext_typ, ext_end_slow=ext_slow,
                test_typical=test_typ, test_slow=test_slow, test_bound=test_bound)


def oxytocin_timing_figure_values(alpha_acq: float = 0.3, alpha_ext: float = 0.15
                                  ) -> dict[str, float]:
    """Numbers quoted with figure ``05-fear-oxytocin-timing`` (:func:`plot_oxytocin_timing`
    with these learning rates, each in (0, 1]; test in B).

    Returns the conditioned response on trial 5 for placebo (``trial5_placebo``) and with
    oxytocin before acquisition (``trial5_acquisition``); on the first extinction trial
    (``first_ext_placebo``, ``first_ext_extinction``, the latter with oxytocin before
    extinction); and on trial 15 (``trial15_placebo``, ``trial15_extinction``).
    """
    a_acq, a_ext = _rate("alpha_acq", alpha_acq), _rate("alpha_ext", alpha_ext)
    runs = {t: simulate(a_acq, a_ext, test_context="B", oxytocin=t) for t in TIMINGS}
    first_ext = runs["none"].phase_slice("extinction").start
    return dict(trial5_placebo=float(runs["none"].cr[4]),
                trial5_acquisition=float(runs["before acquisition"].cr[4]),
                first_ext_placebo=float(runs["none"].cr[first_ext]),
                first_ext_extinction=float(runs["before extinction"].cr[first_ext]),
                trial15_placebo=float(runs["none"].cr[14]),
                trial15_extinction=float(runs["before extinction"].cr[14]))


# -- plots ----------------------------------------------------------------------------------

#: Height of the phase labels above the trials (response units; the US is 1).
PHASE_LABEL_Y = 1.22
#: Top of the response axis, leaving room for the phase labels.
RESPONSE_TOP = 1.3
#: Where the legend sits: right of the acquisition curve, in axes coordinates.
LEGEND_ANCHOR = (0.42, 0.92)


def _shade_phases(ax: Axes, run: Run) -> None:
    """Shade the extinction trials of ``run``, label the three phases, set the trial axis."""
    acquisition, extinction = run.phase_slice("acquisition"), run.phase_slice("extinction")
    ax.axvspan(extinction.start + 0.5, extinction.stop + 0.5, color=PALETTE["sky"], alpha=0.12,
               lw=0)
    ax.text((acquisition.start + acquisition.stop) / 2 + 0.5, PHASE_LABEL_Y, "acquisition (A)",
            ha="center", fontsize=9)
    ax.text((extinction.start + extinction.stop) / 2 + 0.5, PHASE_LABEL_Y, "extinction (B)",
            ha="center", fontsize=9)
    ax.text(extinction.stop + 0.5 + (len(run.cr) - extinction.stop) / 2, PHASE_LABEL_Y, "test",
            ha="center", fontsize=9)
    ax.set_ylim(0, RESPONSE_TOP)
    ax.set_xlim(0.5, len(run.cr) + 0.5)
    ax.set_xlabel("trial")


def _finish(ax: Axes, run: Run) -> None:
    """Phases, response axis and legend, the same in every figure of the module."""
    _shade_phases(ax, run)
    ax.set_ylabel("conditioned response (US = 1)")
    ax.legend(loc="upper left", bbox_to_anchor=LEGEND_ANCHOR, fontsize=9)


def _trials(run: Run) -> np.ndarray:
    """Trial numbers 1, 2, ... of ``run``."""
    return np.arange(1, len(run.cr) + 1)


def plot_renewal(alpha_acq: float = 0.3, alpha_ext: float = 0.15) -> Figure:
    """Default figure: the same learning tested back in A (ABA), in B (ABB) and in C (ABC)."""
    fig, ax = new_figure(figsize=(8.0, 3.6))
    styles = {"A": (ROLE["cortisol"], "-", "test in A (ABA): renewal"),
              "C": (PALETTE["orange"], "-.", "test in new context C (ABC)"),
              "B": (ROLE["oxytocin"], "--", "test in B (ABB)")}
    for context, (colour, style, label) in styles.items():
        run = simulate(alpha_acq, alpha_ext, test_context=context)
        ax.plot(_trials(run), run.cr, style, color=colour, marker="o", ms=3.5, label=label)
    _finish(ax, run)
    return fig


def plot_ptsd(alpha_acq: float = 0.3) -> Figure:
    """Typical extinction vs slow extinction learning vs context-bound extinction."""
    fig, ax = new_figure(figsize=(8.0, 3.6))
    cases = [(dict(alpha_ext=0.15), ROLE["reference"], "-", "typical (α_ext 0.15, γ 0.2)"),
             (dict(alpha_ext=0.04), ROLE["cortisol"], "-",
              "slow extinction learning (α_ext 0.04)"),
             (dict(alpha_ext=0.15, generalisation=0.0), PALETTE["purple"], "--",
              "fully context-bound extinction (γ 0)")]
    for settings, colour, style, label in cases:
        run = simulate(alpha_acq, test_context="A", **settings)
        ax.plot(_trials(run), run.cr, style, color=colour, marker="o", ms=3.5, label=label)
    _finish(ax, run)
    return fig


def plot_oxytocin_timing(alpha_acq: float = 0.3, alpha_ext: float = 0.15) -> Figure:
    """Placebo vs oxytocin before acquisition vs oxytocin before extinction (test in B)."""
    fig, ax = new_figure(figsize=(8.0, 3.6))
    cases = [("none", ROLE["placebo"], "-", "placebo"),
             ("before acquisition", PALETTE["orange"], "-.", "oxytocin before acquisition"),
             ("before extinction", ROLE["oxytocin"], "--", "oxytocin before extinction")]
    for timing, colour, style, label in cases:
        run = simulate(alpha_acq, alpha_ext, test_context="B", oxytocin=timing)
        ax.plot(_trials(run), run.cr, style, color=colour, marker="o", ms=3.5, label=label)
    _finish(ax, run)
    return fig


def _fear_artists(ax: Axes) -> dict[str, Any]:
    """The explorer's static parts (the default run in grey, the phases), and the artists
    :func:`_update_fear` changes."""
    default = simulate()
    ax.plot(_trials(default), default.cr, "--", color=ROLE["reference"], lw=1.5,
            label="default (placebo, test in A)")
    (curve,) = ax.plot(_trials(default), default.cr, "-o", ms=3.5, color=ROLE["cortisol"],
                       label="these settings")
    _finish(ax, default)
    note = ax.text(0.99, 0.74, "", transform=ax.transAxes, ha="right", va="top", fontsize=9)
    return {"curve": curve, "note": note}


def _update_fear(art: dict[str, Any], alpha_acq: float, alpha_ext: float, test_context: str,
                 oxytocin: str) -> str:
    """Show the run with these settings; return the alt text."""
    if alpha_ext <= 0:
        raise ValueError("alpha_ext must be above 0: with no extinction learning at all, "
                         "the model has nothing to extinguish (try 0.05)")
    run = simulate(alpha_acq, alpha_ext, test_context=test_context, oxytocin=oxytocin)
    art["curve"].set_ydata(run.cr)
    extinction, test = run.phase_slice("extinction"), run.phase_slice("test")
    last_extinction, first_test = run.cr[extinction][-1], run.cr[test][0]
    art["note"].set_text(f"end of extinction {last_extinction:.2f} · "
                         f"first test trial {first_test:.2f}")
    return (f"Conditioned response over {len(run.cr)} trials: acquisition in context A, "
            f"extinction in B, test in {test_context}; learning rates {alpha_acq:g} and "
            f"{alpha_ext:g}; oxytocin {oxytocin}. Acquisition ends at "
            f"{run.cr[extinction.start - 1]:.2f}, extinction at {last_extinction:.2f}, and the "
            f"first test trial is {first_test:.2f} (change {first_test - last_extinction:+.2f}). "
            f"The grey dashed curve is the default.")


def fear_explorer() -> Explorer:
    """Learning rates, test context and oxytocin timing → conditioned response across phases,
    against the default (placebo, ABA) in grey."""
    fig, ax = new_figure(figsize=(8.0, 3.6))
    art = _fear_artists(ax)
    controls = {
        "alpha_acq": slider("Acquisition learning rate α_acq", 0.3, 0.05, 1.0, 0.05),
        "alpha_ext": slider("Extinction learning rate α_ext", 0.15, 0.0, 1.0, 0.05),
        "test_context": dropdown("Test context",
                                 [("A: back where fear was learned (ABA)", "A"),
                                  ("B: where extinction happened (ABB)", "B"),
                                  ("C: a new context (ABC)", "C")], "A"),
        "oxytocin": dropdown("Oxytocin given", TIMINGS, "none"),
    }

    def draw(alpha_acq: float, alpha_ext: float, test_context: str, oxytocin: str) -> str:
        return _update_fear(art, alpha_acq, alpha_ext, test_context, oxytocin)

    return Explorer("05-fear-explorer", fig, controls, draw, animated=art,
                    title="Conditioning, extinction and renewal (illustrative model)",
                    page_control="oxytocin")
