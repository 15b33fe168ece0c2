"""Clinical effect measures for a two-arm trial with a yes/no outcome (notebook 09, section 6).

A trial with a dichotomous outcome (responder or not, adverse event or not) is a 2×2 table:
:math:`a` events among :math:`n_t` participants in the treatment arm and :math:`c` events among
:math:`n_c` in the control arm.  The risks are :math:`p_t = a/n_t` and :math:`p_c = c/n_c`.

* **Risk difference** (absolute effect): :math:`RD = p_t - p_c`.  Its 95% interval is
  Newcombe's hybrid score interval (method 10 of Newcombe 1998), computed by
  ``statsmodels.stats.proportion.confint_proportions_2indep(..., method="newcomb")``.
* **Relative risk**: :math:`RR = p_t / p_c`, with the log interval
  :math:`\\exp\\big(\\ln RR \\pm z\\sqrt{1/a - 1/n_t + 1/c - 1/n_c}\\big)`.
* **Odds ratio**: :math:`OR = \\dfrac{a\\,(n_c - c)}{c\\,(n_t - a)}`, with Woolf's logit
  interval :math:`\\exp\\big(\\ln OR \\pm z\\sqrt{1/a + 1/b + 1/c + 1/d}\\big)`.
* **Number needed to treat**: write the *benefit* :math:`b` as the risk difference in the
  direction that favours treatment (:math:`b = RD` when the event is good, such as a response;
  :math:`b = -RD` when it is bad, such as an adverse event).  Then :math:`NNT = 1/|b|`: an NNTB
  (number needed to treat for one extra person to benefit) when :math:`b > 0`, an NNTH (to
  harm) when :math:`b < 0`.  Its interval comes from inverting the limits of the interval of
  :math:`b` (Altman 1998).  When that interval contains 0, the NNT interval is not a
  range between two numbers: it runs from NNTB :math:`1/b_{hi}` through infinity to NNTH
  :math:`1/|b_{lo}|`.

All functions are pure and check their arguments (``ValueError`` naming the argument).
These are teaching tools for critical appraisal, not clinical decision tools.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from ..checks import in_range, integer, one_of
from ..figures import new_figure
from ..style import BENEATH_LINES, PALETTE

#: Largest arm size the functions accept.
N_MAX = 10_000_000
#: What an event means for the participant: "good" (a response) or "bad" (a harm).
OUTCOMES = ("good", "bad")


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its two-sided ``1 - alpha`` confidence interval."""

    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class NNT:
    """Number needed to treat and its interval, described as NNTB and NNTH (Altman 1998).

    ``benefit``, ``benefit_low`` and ``benefit_high`` are the absolute benefit :math:`b`
    and its interval.  ``estimate`` is :math:`1/|b|` (``inf`` when :math:`b = 0`) and
    ``kind`` says which it is: ``"NNTB"``, ``"NNTH"`` or ``"none"`` (no difference).
    ``nntb`` and ``nnth`` are the NNTB and NNTH values the interval contains, each as
    ``(nearest, farthest)``, with ``inf`` as the far end when the interval of :math:`b`
    reaches 0, or ``None`` when the interval contains no value of that kind.  ``alpha``:
    the interval is a two-sided ``1 - alpha`` interval.
    """

    benefit: float
    benefit_low: float
    benefit_high: float
    estimate: float
    kind: str
    nntb: tuple[float, float] | None
    nnth: tuple[float, float] | None
    alpha: float = 0.05

    @property
    def crosses_zero(self) -> bool:
        """True when the interval of the benefit includes 0 (the NNT interval passes ∞)."""
        return self.benefit_low <= 0.0 <= self.benefit_high

    def describe(self) -> str:
        """The point estimate and interval in words, in Altman's notation.

        For ``nnt(11, 14, 12, 18, outcome="bad")`` (notebook 09's registry table) this
        returns ``NNTH 8.4 (95% CI NNTB 5.2 to ∞ to NNTH 2.6)``; the test suite checks
        that this example is the real output, so it cannot drift.
        """
        point = "no difference (NNT = ∞)" if self.kind == "none" else (
            f"{self.kind} {self.estimate:.1f}")
        if self.nntb is not None and self.nnth is not None:
            span = f"NNTB {self.nntb[0]:.1f} to ∞ to NNTH {self.nnth[0]:.1f}"
        elif self.nntb is not None:
            span = f"NNTB {_fmt(self.nntb[0])} to {_fmt(self.nntb[1])}"
        elif self.nnth is not None:
            span = f"NNTH {_fmt(self.nnth[0])} to {_fmt(self.nnth[1])}"
        else:
            span = "undefined"
        return f"{point} ({100 * (1 - self.alpha):g}% CI {span})"


def _fmt(x: float) -> str:
    return "∞" if math.isinf(x) else f"{x:.1f}"


def _counts(events_t: int, n_t: int, events_c: int, n_c: int) -> tuple[int, int, int, int]:
    """Check a 2×2 table: whole numbers, arms of 1 to N_MAX, events at most the arm size."""
    n_t = integer("n_t", n_t, 1, N_MAX)
    n_c = integer("n_c", n_c, 1, N_MAX)
    events_t = integer("events_t", events_t, 0, N_MAX)
    events_c = integer("events_c", events_c, 0, N_MAX)
    if events_t > n_t:
        raise ValueError(f"events_t must be at most n_t ({n_t}); got {events_t}")
    if events_c > n_c:
        raise ValueError(f"events_c must be at most n_c ({n_c}); got {events_c}")
    return events_t, n_t, events_c, n_c


def _alpha(alpha: float) -> float:
    return in_range("alpha", alpha, 0.001, 0.5)


def risk_difference(events_t: int, n_t: int, events_c: int, n_c: int,
                    alpha: float = 0.05) -> Estimate:
    """Risk difference :math:`p_t - p_c` with Newcombe's hybrid score interval.

    The interval is statsmodels' ``confint_proportions_2indep(events_t, n_t, events_c, n_c,
    method="newcomb", compare="diff")``; unlike the simple Wald interval it stays inside
    [-1, 1] and behaves sensibly with few or no events.
    """
    a, n_t, c, n_c = _counts(events_t, n_t, events_c, n_c)
    alpha = _alpha(alpha)
    low, high = confint_proportions_2indep(a, n_t, c, n_c, method="newcomb", compare="diff",
                                           alpha=alpha)
    return Estimate(a / n_t - c / n_c, float(low), float(high))


def relative_risk(events_t: int, n_t: int, events_c: int, n_c: int,
                  alpha: float = 0.05) -> Estimate:
    """Relative risk :math:`p_t / p_c` with the log (Katz) interval.

    Needs at least one event in each arm (``ValueError`` otherwise): with none, the ratio or
    its interval is undefined.  The interval is statsmodels'
    ``confint_proportions_2indep(..., method="log", compare="ratio")``.
    """
    a, n_t, c, n_c = _counts(events_t, n_t, events_c, n_c)
    alpha = _alpha(alpha)
    if a == 0 or c == 0:
        raise ValueError("events_t and events_c must both be at least 1 for a relative risk; "
                         f"got {a} and {c}")
    low, high = confint_proportions_2indep(a, n_t, c, n_c, method="log", compare="ratio",
                                           alpha=alpha)
    return Estimate((a / n_t) / (c / n_c), float(low), float(high))


def odds_ratio(events_t: int, n_t: int, events_c: int, n_c: int,
               alpha: float = 0.05) -> Estimate:
    """Odds ratio :math:`a(n_c - c) / (c(n_t - a))` with Woolf's logit interval.

    Needs every cell of the 2×2 table to be at least 1 (``ValueError`` otherwise).
    """
    a, n_t, c, n_c = _counts(events_t, n_t, events_c, n_c)
    alpha = _alpha(alpha)
    b, d = n_t - a, n_c - c
    if min(a, b, c, d) == 0:
        raise ValueError("events_t, events_c and the non-events of each arm must all be at "
                         f"least 1 for an odds ratio; got the table {a}/{n_t} vs {c}/{n_c}")
    log_or = math.log(a * d / (b * c))
    half = stats.norm.ppf(1 - alpha / 2) * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return Estimate(math.exp(log_or), math.exp(log_or - half), math.exp(log_or + half))


def nnt(events_t: int, n_t: int, events_c: int, n_c: int, outcome: str = "good",
        alpha: float = 0.05) -> NNT:
    """Number needed to treat :math:`1/|b|` and its interval as NNTB and NNTH (Altman 1998).

    ``outcome`` says whether an event is ``"good"`` (a response: benefit :math:`b = RD`) or
    ``"bad"`` (a harm: :math:`b = -RD`).  The interval inverts the limits
    :math:`(b_{lo}, b_{hi})` of :func:`risk_difference`'s interval:

    * :math:`b_{lo} > 0`: NNTB from :math:`1/b_{hi}` to :math:`1/b_{lo}`;
    * :math:`b_{hi} < 0`: NNTH from :math:`1/|b_{lo}|` to :math:`1/|b_{hi}|`;
    * otherwise the interval passes through infinity: NNTB :math:`1/b_{hi}` to ``inf`` and
      NNTH :math:`1/|b_{lo}|` to ``inf``.

    The estimate is ``inf`` when the two risks are equal.
    """
    one_of("outcome", outcome, OUTCOMES)
    rd = risk_difference(events_t, n_t, events_c, n_c, alpha)
    sign = 1.0 if outcome == "good" else -1.0
    b = sign * rd.estimate
    lo, hi = sorted((sign * rd.low, sign * rd.high))
    kind = "NNTB" if b > 0 else "NNTH" if b < 0 else "none"
    estimate = math.inf if b == 0 else 1.0 / abs(b)
    if lo > 0:
        nntb, nnth = (1 / hi, 1 / lo), None
    elif hi < 0:
        nntb, nnth = None, (1 / abs(lo), 1 / abs(hi))
    else:
        nntb = (1 / hi, math.inf) if hi > 0 else None
        nnth = (1 / abs(lo), math.inf) if lo < 0 else None
    return NNT(b, lo, hi, estimate, kind, nntb, nnth, alpha)


def absolute_difference(relative_risk: float, control_risk: float) -> float:
    """The risk difference :math:`p_c(RR - 1)` that a relative risk implies at a control risk.

    The same relative effect is a large absolute effect when the event is common and a tiny
    one when it is rare.  ``ValueError`` if the treated risk :math:`p_c RR` would exceed 1.
    """
    rr = in_range("relative_risk", relative_risk, 0.0, 1000.0)
    pc = in_range("control_risk", control_risk, 0.0, 1.0)
    if pc * rr > 1.0:
        raise ValueError(f"control_risk × relative_risk must be at most 1; got {pc * rr:.3g}")
    return pc * (rr - 1.0)


def effect_summary(events_t: int, n_t: int, events_c: int, n_c: int,
                   outcome: str = "good") -> dict[str, float | str]:
    """Every measure of one 2×2 table, for a figure caption or a table.

    Keys: ``p_t``, ``p_c`` (risks), ``rd``, ``rd_low``, ``rd_high`` (risk difference and
    95% interval), ``rr``, ``rr_low``, ``rr_high`` (relative risk; needs events in both
    arms), ``nnt`` (the point NNT, ``inf`` when the two risks are equal) and ``nnt_kind``,
    ``nnt_text`` (:meth:`NNT.describe`).
    """
    rd = risk_difference(events_t, n_t, events_c, n_c)
    rr = relative_risk(events_t, n_t, events_c, n_c)
    number = nnt(events_t, n_t, events_c, n_c, outcome)
    return {"p_t": events_t / n_t, "p_c": events_c / n_c,
            "rd": rd.estimate, "rd_low": rd.low, "rd_high": rd.high,
            "rr": rr.estimate, "rr_low": rr.low, "rr_high": rr.high,
            "nnt": number.estimate, "nnt_kind": number.kind, "nnt_text": number.describe()}


# -- figure -----------------------------------------------------------------------------------
def plot_nnt_interval(events_t: int = 11, n_t: int = 14, events_c: int = 12, n_c: int = 18,
                      outcome: str = "bad") -> Figure:
    """Left: the curve :math:`NNT = 1/|b|` against the absolute benefit :math:`b`, with the
    trial's interval of :math:`b` (shaded) and the NNTB and NNTH values it maps to (thick
    segments on the two branches).  Right: the absolute difference :math:`p_c(RR - 1)` that
    the trial's relative risk implies at control risks from 0.1% to 100%.

    The defaults are the adverse-event counts of the registry record used in notebook 09.
    """
    number = nnt(events_t, n_t, events_c, n_c, outcome)
    rr = relative_risk(events_t, n_t, events_c, n_c)
    fig, (left, right) = new_figure(1, 2, figsize=(9.6, 3.8))
    b = np.linspace(-1, 1, 801)
    b = b[np.abs(b) > 0.01]
    left.plot(b[b > 0], 1 / b[b > 0], color=PALETTE["blue"], lw=1.5, label="NNTB = 1/b")
    left.plot(b[b < 0], 1 / np.abs(b[b < 0]), color=PALETTE["vermillion"], lw=1.5,
              label="NNTH = 1/|b|")
    left.axvspan(number.benefit_low, number.benefit_high, color=PALETTE["grey"], alpha=0.2,
                 lw=0, zorder=BENEATH_LINES, label="95% CI of b")
    left.axvline(0, color="black", lw=0.8)
    left.axvline(number.benefit, color="black", lw=1.2, ls="--", label="estimate of b")
    top = 100.0
    for span, colour, sign in ((number.nntb, PALETTE["blue"], 1), (number.nnth,
                                                                    PALETTE["vermillion"], -1)):
        if span is not None:
            near, far = span[0], min(span[1], top)
            xs = sign / np.linspace(near, far, 50)
            left.plot(xs, np.linspace(near, far, 50), color=colour, lw=5, alpha=0.6)
    left.set_yscale("log")
    left.set_ylim(1, top)
    left.set_xlim(-1, 1)
    left.set_xlabel("absolute benefit b (risk difference favouring treatment)")
    left.set_ylabel("number needed to treat (log scale)")
    left.set_title("NNT interval through infinity", fontsize=10)
    left.legend(fontsize=8, loc="upper left")
    pc = np.logspace(-3, 0, 200)
    pc = pc[pc * rr.estimate <= 1]
    right.plot(pc, np.abs(pc * (rr.estimate - 1)), color=PALETTE["blue"], lw=1.5)
    right.axvline(events_c / n_c, color=PALETTE["grey"], ls=":",
                  lw=1.2, label=f"this trial's control risk ({events_c / n_c:.0%})")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("control risk p_c (log scale)")
    right.set_ylabel("|risk difference| (log scale)")
    right.set_title(f"Same relative risk ({rr.estimate:.2f}), different absolute effects",
                    fontsize=10)
    right.legend(fontsize=8, loc="upper left")
    return fig


def nnt_figure_values(events_t: int = 11, n_t: int = 14, events_c: int = 12, n_c: int = 18,
                      outcome: str = "bad") -> dict[str, float | str]:
    """Placeholders for the caption and alt text of ``09-nnt-interval``: the keys of
    :func:`effect_summary` (risks as percentages ``pct_t``, ``pct_c`` too), the NNT
    interval's limits ``nntb_near`` and ``nnth_near`` (``inf`` if absent), the benefit
    :math:`b` and its limits as ``neg_rd``, ``neg_rd_low``, ``neg_rd_high`` (the risk difference
    with the sign that favours treatment: for a bad outcome ``neg_rd_low`` is minus the upper
    RD limit) and ``rd_at_control``, :math:`|p_c(RR - 1)|`."""
    out = effect_summary(events_t, n_t, events_c, n_c, outcome)
    number = nnt(events_t, n_t, events_c, n_c, outcome)
    out["pct_t"] = 100 * out["p_t"]
    out["pct_c"] = 100 * out["p_c"]
    out["nntb_near"] = number.nntb[0] if number.nntb else math.inf
    out["nnth_near"] = number.nnth[0] if number.nnth else math.inf
    sign = 1.0 if outcome == "good" else -1.0
    out["neg_rd"] = sign * out["rd"]
    out["neg_rd_low"] = sign * out["rd_low"]
    out["neg_rd_high"] = sign * out["rd_high"]
    out["rd_at_control"] = abs(absolute_difference(out["rr"], out["p_c"]))
    return out
