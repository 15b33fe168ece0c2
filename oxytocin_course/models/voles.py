"""Notebook 02 · A system, not a switch: illustrative models.

Everything here is an **illustrative model** written for teaching.  Its
parameters (receptor densities, learning rates, affinities) are chosen to make
the qualitative pattern of the vole experiments visible; none of them is a
measured value.

1. **Receptor occupancy and cross-binding.**  A ligand at concentration ``c``
   occupies a receptor with dissociation constant ``K`` in the proportion

       θ = c / (c + K)                                   (simple binding)

   Concentrations are in units of the dissociation constant of each receptor
   for its own peptide (OT at OTR, AVP at V1aR), so both have ``K = 1`` there.
   The other peptide binds ``s`` times more weakly (``K = s``): the
   *selectivity ratio*.

2. **Partner-preference learning gated by receptor density** (after the model
   of Young & Wang 2004: neuropeptide and dopamine receptors co-activated in
   reward areas during mating condition a preference for the partner).  Over
   cohabitation hours ``t = 1, 2, ...`` the value ``V`` of the partner's cue is
   updated by a delta rule

       ΔV = α · g · (r − V),       g = ρ · (1 − b) · (1 − d₁)

   ``r`` is the reward (dopamine) signal, larger with mating; ``ρ`` the
   receptor density in the reward area (0–1); ``b`` the fraction of receptors
   blocked by an antagonist; ``d₁`` the fraction of D1-like activation, which
   lowers the gain (Aragona et al. 2006: D1-like activation prevented bond
   formation).  With ``V(0) = 0`` the closed form is

       V(t) = r · (1 − (1 − α g)^t).

   The stranger's cue is never paired with reward, ``V_s = 0``.  In a partner
   preference test the share of contact time spent with the partner is

       P = 1 / (1 + exp(−β · (V − V_s)))

   so ``P = 0.5`` (no preference) whenever the gate is closed.

3. **Context and person.**  A single dose can raise a behaviour in one context
   and lower it in another.  If a share ``p`` of a study's situations (or
   participants) is favourable, with effect ``δ₊`` there and ``δ₋`` elsewhere,
   the average ("main") effect the study reports is

       δ̄ = p · δ₊ + (1 − p) · δ₋.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from scipy import stats
from scipy.special import expit

from .. import published
from ..checks import in_range, integer, one_of
from ..explorer import CONTROL_WIDTH, Explorer, dropdown, slider
from ..figures import new_figure
from ..style import BENEATH_LINES, PALETTE, ROLE

__all__ = [
    "ALPHA", "BETA", "REWARD_MATING", "REWARD_NO_MATING", "PRESETS", "CRITERION",
    "occupancy", "crossbinding", "equal_occupancy_concentration",
    "gate", "reward", "cue_value", "learn", "preference", "preset", "preset_preference",
    "hours_to_criterion", "simulate_group", "partner_preference_test", "classic_experiments",
    "average_effect",
    "crossbinding_figure_values", "preference_figure_values", "experiments_figure_values",
    "context_figure_values",
    "plot_crossbinding", "plot_receptor_map", "plot_preference_time", "plot_experiments",
    "plot_context",
    "crossbinding_explorer", "preference_explorer", "experiment_explorer", "context_explorer",
    "SELECTIVITY_STEPS",
]

#: Learning rate per hour of cohabitation (illustrative).
ALPHA = 0.1
#: Steepness of the choice rule in the preference test (illustrative).
BETA = 2.5
#: Reward (dopamine) signal per hour with and without mating (illustrative).
REWARD_MATING = 1.0
REWARD_NO_MATING = 0.35
#: The benchmark of a clear partner preference: two thirds of the contact time.
CRITERION = 2 / 3

#: Illustrative parameter sets.  ``density`` is the neuropeptide receptor
#: density *in the reward area* (0–1), not a measured binding value.
PRESETS: dict[str, dict[str, Any]] = {
    "prairie": dict(label="Prairie vole", density=0.9, blockade=0.0, d1=0.0),
    "montane": dict(label="Montane vole", density=0.05, blockade=0.0, d1=0.0),
    "meadow": dict(label="Meadow vole", density=0.05, blockade=0.0, d1=0.0),
    "prairie_antagonist": dict(label="Prairie + antagonist", density=0.9, blockade=0.95, d1=0.0),
    "meadow_v1ar": dict(label="Meadow + V1aR gene transfer", density=0.7, blockade=0.0, d1=0.0),
    "prairie_d1": dict(label="Prairie + D1-like agonist", density=0.9, blockade=0.0, d1=0.9),
}

_LIGANDS = ("OT", "AVP")


# --------------------------------------------------------------------------
# 1. Receptor occupancy and cross-binding
# --------------------------------------------------------------------------
def occupancy(concentration: float | np.ndarray, kd: float = 1.0) -> np.ndarray:
    """Fraction of receptors occupied, ``θ = c / (c + K)``.

    ``concentration`` ≥ 0 (array allowed), ``kd`` > 0, both in the same units.
    """
    c = np.asarray(concentration, dtype=float)
    if c.size == 0 or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ValueError(f"concentration must be finite and >= 0; got {concentration!r}")
    k = in_range("kd", kd, 0.0, 1e12, lo_open=True)
    return c / (c + k)


def crossbinding(concentration: float | np.ndarray, ligand: str = "OT",
                 selectivity: float = 30.0) -> dict[str, np.ndarray]:
    """Occupancy of OTR and V1aR by one peptide.

    The peptide binds its own receptor with ``K = 1`` and the other receptor
    with ``K = selectivity`` (1–10,000; illustrative).  Returns
    ``{"OTR": θ_OTR, "V1aR": θ_V1aR}``.
    """
    one_of("ligand", ligand, _LIGANDS)
    s = in_range("selectivity", selectivity, 1.0, 1e4)
    own, other = ("OTR", "V1aR") if ligand == "OT" else ("V1aR", "OTR")
    return {own: occupancy(concentration, 1.0), other: occupancy(concentration, s)}


def equal_occupancy_concentration(concentration: float, selectivity: float = 30.0) -> float:
    """Concentration of OT that occupies V1aR as much as AVP at ``concentration``.

    With ``K_AVP = 1`` and ``K_OT = s`` at V1aR, equal occupancy needs
    ``c_OT = s · c_AVP``: the potency ratio equals the affinity ratio when the
    response depends on occupancy alone.
    """
    c = in_range("concentration", concentration, 0.0, 1e9, lo_open=True)
    s = in_range("selectivity", selectivity, 1.0, 1e4)
    return s * c


# --------------------------------------------------------------------------
# 2. Partner-preference learning
# --------------------------------------------------------------------------
def gate(density: float, blockade: float = 0.0, d1: float = 0.0) -> float:
    """The gate ``g = ρ · (1 − b) · (1 − d₁)``; each argument in [0, 1]."""
    rho = in_range("density", density, 0.0, 1.0)
    b = in_range("blockade", blockade, 0.0, 1.0)
    d = in_range("d1", d1, 0.0, 1.0)
    return rho * (1.0 - b) * (1.0 - d)


def reward(mating: bool = True) -> float:
    """The reward (dopamine) signal per hour: larger with mating (illustrative)."""
    if not isinstance(mating, (bool, np.bool_)):
        raise ValueError(f"mating must be True or False; got {mating!r}")
    return REWARD_MATING if mating else REWARD_NO_MATING


def _alpha(alpha: float) -> float:
    """The learning rate ``alpha``, checked."""
    return in_range("alpha", alpha, 0.0, 1.0, lo_open=True)


def _hours(hours: float | np.ndarray) -> np.ndarray:
    """``hours`` of cohabitation as an array, checked."""
    t = np.asarray(hours, dtype=float)
    if t.size == 0 or not np.all(np.isfinite(t)) or np.any(t < 0) or np.any(t > 1000):
        raise ValueError(f"hours must be in [0, 1000]; got {hours!r}")
    return t


def cue_value(hours: float | np.ndarray, density: float, blockade: float = 0.0,
              mating: bool = True, d1: float = 0.0, alpha: float = ALPHA) -> np.ndarray:
    """Closed form ``V(t) = r · (1 − (1 − α g)^t)`` after ``hours`` of cohabitation."""
    t = _hours(hours)
    g = gate(density, blockade, d1)
    a = _alpha(alpha)
    return reward(mating) * (1.0 - (1.0 - a * g) ** t)


def learn(n_hours: int, density: float, blockade: float = 0.0, mating: bool = True,
          d1: float = 0.0, alpha: float = ALPHA) -> np.ndarray:
    """The delta rule step by step: ``V[0] = 0``, ``V[t+1] = V[t] + α g (r − V[t])``.

    Returns ``V[0..n_hours]``; it equals :func:`cue_value` at whole hours.
    """
    n = integer("n_hours", n_hours, 0, 1000)
    g = gate(density, blockade, d1)
    a = _alpha(alpha)
    r = reward(mating)
    v = np.zeros(n + 1)
    for t in range(n):
        v[t + 1] = v[t] + a * g * (r - v[t])
    return v


def preference(hours: float | np.ndarray, density: float, blockade: float = 0.0,
               mating: bool = True, d1: float = 0.0, alpha: float = ALPHA,
               beta: float = BETA) -> np.ndarray:
    """Share of test contact time with the partner, ``P = σ(β (V − V_s))``, ``V_s = 0``."""
    beta = in_range("beta", beta, 0.0, 50.0)
    return expit(beta * cue_value(hours, density, blockade, mating, d1, alpha))


def preset(name: str) -> dict[str, Any]:
    """A copy of the illustrative preset ``name`` (see :data:`PRESETS`)."""
    one_of("name", name, tuple(PRESETS))
    return dict(PRESETS[name])


def preset_preference(name: str, hours: float | np.ndarray = 24.0, mating: bool = True) -> np.ndarray:
    """:func:`preference` for a preset."""
    settings = preset(name)
    return preference(hours, settings["density"], settings["blockade"], mating, settings["d1"])


def hours_to_criterion(density: float, criterion: float = CRITERION, blockade: float = 0.0,
                       mating: bool = True, d1: float = 0.0, alpha: float = ALPHA,
                       beta: float = BETA) -> float:
    """Hours of cohabitation until ``P`` first reaches ``criterion`` (``inf`` if never).

    Solves ``σ(β r (1 − (1 − α g)^t)) = criterion`` for ``t``.
    """
    criterion = in_range("criterion", criterion, 0.5, 1.0, lo_open=True, hi_open=True)
    g = gate(density, blockade, d1)
    a = _alpha(alpha)
    beta = in_range("beta", beta, 0.0, 50.0, lo_open=True)
    r = reward(mating)
    log_odds = float(np.log(criterion / (1 - criterion)))
    if a * g == 0 or log_odds >= beta * r:     # the cue value needed, log_odds / β, is ≥ r
        return float("inf")
    v_needed = log_odds / beta
    if a * g >= 1:
        return 1.0
    # log1p keeps a tiny gate finite and positive: log(1 - αg) would round to log(1) = 0.
    return float(np.log1p(-v_needed / r) / np.log1p(-a * g))


def simulate_group(n: int, density: float, blockade: float = 0.0, mating: bool = True,
                   hours: float = 24.0, d1: float = 0.0, density_sd: float = 0.1,
                   concentration: float = 10.0, contact_minutes: float = 90.0,
                   seed: int | None = 0) -> dict[str, np.ndarray]:
    """A simulated group of ``n`` animals in a partner preference test.

    Each animal's receptor density is ``ρ_i = clip(ρ + density_sd · z_i, 0, 1)``;
    its expected share ``P_i`` follows :func:`preference`; its observed share
    is drawn from ``Beta(κ P_i, κ (1 − P_i))`` with concentration ``κ``; the
    minutes of contact (``contact_minutes``) are split accordingly.  Returns
    arrays ``partner``, ``stranger`` (minutes) and ``share``.
    """
    n_animals = integer("n", n, 2, 10_000)
    sd = in_range("density_sd", density_sd, 0.0, 1.0)
    kappa = in_range("concentration", concentration, 0.5, 1000.0)
    minutes = in_range("contact_minutes", contact_minutes, 1.0, 1000.0)
    in_range("density", density, 0.0, 1.0)
    t = float(_hours(hours))
    rng = np.random.default_rng(seed)
    rho = np.clip(density + sd * rng.standard_normal(n_animals), 0.0, 1.0)
    g = rho * (1 - in_range("blockade", blockade, 0, 1)) * (1 - in_range("d1", d1, 0, 1))
    p = expit(BETA * reward(mating) * (1.0 - (1.0 - ALPHA * g) ** t))
    share = rng.beta(kappa * p, kappa * (1 - p))
    return {"partner": share * minutes, "stranger": (1 - share) * minutes, "share": share}


def partner_preference_test(partner: np.ndarray, stranger: np.ndarray) -> dict[str, float]:
    """The usual group statistic: paired t-test of partner vs stranger contact.

    Returns the mean share of contact with the partner, the paired *t*, its
    two-sided *p*, and the number of animals closer to the partner.
    """
    with_partner = np.asarray(partner, dtype=float)
    with_stranger = np.asarray(stranger, dtype=float)
    if (with_partner.shape != with_stranger.shape or with_partner.ndim != 1
            or with_partner.size < 2):
        raise ValueError("partner and stranger must be 1-D arrays of equal length >= 2")
    if np.any(with_partner < 0) or np.any(with_stranger < 0):
        raise ValueError("partner and stranger must be contact times >= 0")
    total = with_partner + with_stranger
    share = np.divide(with_partner, total, out=np.full_like(with_partner, 0.5), where=total > 0)
    res = stats.ttest_rel(with_partner, with_stranger)
    return {"mean_share": float(share.mean()), "t": float(res.statistic),
            "p": float(res.pvalue), "n_prefer_partner": int(np.sum(with_partner > with_stranger)),
            "n": int(with_partner.size)}


#: The three classic comparisons, as pairs of preset names (control, manipulation).
_EXPERIMENTS = (
    # Insel & Shapiro 1992 mapped receptors; they did not test partner preference, so the
    # species comparison is not labelled with their study.
    ("Species\n(montane vs prairie)", "montane", "prairie"),
    ("V1aR antagonist\nin prairie voles", "prairie", "prairie_antagonist"),
    ("V1aR gene transfer\nin meadow voles", "meadow", "meadow_v1ar"),
)


def classic_experiments(hours: float = 24.0, mating: bool = True) -> list[dict[str, Any]]:
    """Model predictions (share of time with partner) for the three comparisons."""
    out = []
    for title, control, manipulated in _EXPERIMENTS:
        out.append({"experiment": title, "control": PRESETS[control]["label"],
                    "manipulated": PRESETS[manipulated]["label"],
                    "p_control": float(preset_preference(control, hours, mating)),
                    "p_manipulated": float(preset_preference(manipulated, hours, mating))})
    return out


# --------------------------------------------------------------------------
# 3. Context and person
# --------------------------------------------------------------------------
def average_effect(p_favourable: float | np.ndarray, effect_favourable: float,
                   effect_unfavourable: float) -> np.ndarray:
    """``δ̄ = p δ₊ + (1 − p) δ₋`` (effects in standard-deviation units, −2 to 2)."""
    p = np.asarray(p_favourable, dtype=float)
    if p.size == 0 or not np.all(np.isfinite(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError(f"p_favourable must be in [0, 1]; got {p_favourable!r}")
    dp = in_range("effect_favourable", effect_favourable, -2.0, 2.0)
    dm = in_range("effect_unfavourable", effect_unfavourable, -2.0, 2.0)
    return p * dp + (1 - p) * dm


# --------------------------------------------------------------------------
# Numbers quoted in figure text
# --------------------------------------------------------------------------
#: Share of favourable situations marked in :func:`plot_context` (a half-and-half study).
CONTEXT_SHARE = 0.5
#: Concentration at which the caption of ``02-crossbinding-default`` reads the occupancies.
_HIGH_CONCENTRATION = 1000.0
#: Short names of the three classic comparisons (in the order of :func:`classic_experiments`).
_EXPERIMENT_KEYS = ("species", "antagonist", "gene")


def crossbinding_figure_values(selectivity: float = 30.0) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``02-crossbinding-default``.

    At the setting of :func:`plot_crossbinding`: ``selectivity`` (s); ``half_own``
    and ``half_other``, the concentrations at which a peptide half-occupies its
    own receptor (K = 1) and the other one (K = s), since ``θ = c / (c + K)`` is
    one half at ``c = K``; ``high``, a high concentration (1000) and ``own_high``,
    ``other_high``, the fractions of the own and the other receptor the peptide
    occupies there (:func:`crossbinding`; the same for OT and AVP by symmetry).
    """
    s = in_range("selectivity", selectivity, 1.0, 1e4)
    occ = crossbinding(_HIGH_CONCENTRATION, "OT", s)
    return {"selectivity": s, "half_own": 1.0, "half_other": s, "high": _HIGH_CONCENTRATION,
            "own_high": float(occ["OTR"]), "other_high": float(occ["V1aR"])}


def preference_figure_values(hours: float = 24.0, max_hours: float = 48.0,
                             mating: bool = True) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``02-preference-default``.

    For every preset ``<name>`` in :data:`PRESETS` (as :func:`plot_preference_time`
    draws them, with ``mating``): ``pct_<name>``, the share of contact time with
    the partner after ``hours`` of cohabitation, and ``pct_end_<name>``, after
    ``max_hours`` (both in percent, :func:`preset_preference`); ``t23_<name>``, the
    hours until the share first reaches the 2/3 benchmark (:func:`hours_to_criterion`).
    Also ``hours`` and ``max_hours``.  ``ValueError`` if a preset never reaches 2/3.
    """
    hours = float(_hours(in_range("hours", hours, 0.0, 1000.0)))
    max_hours = in_range("max_hours", max_hours, 1.0, 1000.0)
    reward(mating)   # checks mating
    out: dict[str, float] = {"hours": hours, "max_hours": max_hours}
    for name, settings in PRESETS.items():
        out[f"pct_{name}"] = 100 * float(preset_preference(name, hours, mating))
        out[f"pct_end_{name}"] = 100 * float(preset_preference(name, max_hours, mating))
        t23 = hours_to_criterion(settings["density"], blockade=settings["blockade"],
                                 mating=mating, d1=settings["d1"])
        if not np.isfinite(t23):
            raise ValueError(f"preset {name!r} never reaches 2/3 with mating = {mating!r}")
        out[f"t23_{name}"] = t23
    return out


def experiments_figure_values(hours: float = 24.0, mating: bool = True) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``02-experiments-default``.

    The bars of :func:`plot_experiments` with the same arguments, in percent of
    contact time with the partner (:func:`classic_experiments`):
    ``<key>_control`` and ``<key>_manipulated`` for the comparisons ``species``
    (montane vs prairie), ``antagonist`` (prairie vs prairie + antagonist) and
    ``gene`` (meadow vs meadow + V1aR gene transfer); also ``hours``.
    """
    hours = float(_hours(in_range("hours", hours, 0.0, 1000.0)))
    out: dict[str, float] = {"hours": hours}
    for key, row in zip(_EXPERIMENT_KEYS, classic_experiments(hours, mating)):
        out[f"{key}_control"] = 100 * row["p_control"]
        out[f"{key}_manipulated"] = 100 * row["p_manipulated"]
    return out


def context_figure_values(effect_favourable: float = 0.5,
                          effect_unfavourable: float = -0.3) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``02-context-default``.

    At the settings of :func:`plot_context`: the two conditional effects (SD);
    ``share``, the share of favourable situations of the study the left panel
    shows (one half) and ``average``, its average effect (:func:`average_effect`);
    ``p_zero``, the share at which the average is zero,
    ``p* = −δ₋ / (δ₊ − δ₋)``.  ``ValueError`` when the two effects have the same
    sign (or are equal), so that no mix gives a zero average inside (0, 1).
    """
    dp = in_range("effect_favourable", effect_favourable, -2.0, 2.0)
    dm = in_range("effect_unfavourable", effect_unfavourable, -2.0, 2.0)
    if not dp * dm < 0:
        raise ValueError("effect_favourable and effect_unfavourable must have opposite signs "
                         f"for the average to cross zero; got {dp:g} and {dm:g}")
    p_zero = -dm / (dp - dm)
    return {"effect_favourable": dp, "effect_unfavourable": dm, "share": CONTEXT_SHARE,
            "average": float(average_effect(CONTEXT_SHARE, dp, dm)), "p_zero": p_zero}


# --------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------
#: Log10 concentrations of the cross-binding curves, and the concentrations.
_LOG_GRID = np.linspace(-2, 4, 241)
_GRID = 10.0 ** _LOG_GRID


def _note(ax: Axes, text: str = "illustrative model, not data") -> Text:
    return ax.text(0.99, 0.02, text, transform=ax.transAxes, ha="right", va="bottom",
                   fontsize=9, style="italic", color=PALETTE["grey"])


def plot_crossbinding(selectivity: float = 30.0) -> Figure:
    """Occupancy of OTR and V1aR by OT and by AVP over concentration."""
    s = in_range("selectivity", selectivity, 1.0, 1e4)
    fig, axes = new_figure(1, 2, figsize=(8.6, 3.6), sharey=True)
    _update_crossbinding(_crossbinding_artists(axes), s)
    return fig


def _crossbinding_artists(axes: Any) -> dict[str, Any]:
    """The cross-binding panels' static parts (one panel per peptide), and the artists
    :func:`_update_crossbinding` changes."""
    curves, half = {}, {}
    for ax, ligand, colour in zip(axes, _LIGANDS, (ROLE["oxytocin"], ROLE["vasopressin"])):
        curves[(ligand, "OTR")], = ax.plot(_LOG_GRID, np.zeros_like(_LOG_GRID), color=colour,
                                           label="at OTR")
        curves[(ligand, "V1aR")], = ax.plot(_LOG_GRID, np.zeros_like(_LOG_GRID), color=colour,
                                            ls="--", label="at V1aR")
        ax.axhline(0.5, color=PALETTE["grey"], lw=0.8, ls=":")
        # The other receptor is half occupied at c = s (theta = c / (c + s) = 1/2).
        half[ligand], = ax.plot([], [], "D", color=colour, ms=6, mfc="white",
                                label="other receptor half full")
        # A linear axis in log10 units with fixed labels: much faster to redraw than a log axis.
        ax.set_xlim(_LOG_GRID[0], _LOG_GRID[-1])
        ax.set_xticks(range(-2, 5), ["0.01", "0.1", "1", "10", "100", "1000", "10000"])
        ax.set_ylim(0, 1.02)
        title = ax.set_title(f"{'Oxytocin' if ligand == 'OT' else 'Vasopressin'} binding")
        # Above the axes, clear of the curves (which are clipped to the axes): drawn beneath
        # them, the title belongs to the explorer's background.
        title.set_zorder(BENEATH_LINES)
        ax.set_xlabel("concentration (multiples of K at own receptor)")
        ax.legend(loc="upper left")
        _note(ax)
    axes[0].set_ylabel("fraction of receptors occupied")
    return {"curves": curves, "half": half}


def _update_crossbinding(art: dict[str, Any], s: float) -> None:
    """Show the occupancy curves for selectivity ratio ``s``."""
    for ligand in _LIGANDS:
        occupied = crossbinding(_GRID, ligand, s)
        art["curves"][(ligand, "OTR")].set_ydata(occupied["OTR"])
        art["curves"][(ligand, "V1aR")].set_ydata(occupied["V1aR"])
        art["half"][ligand].set_data([np.log10(s)], [0.5])


def plot_receptor_map() -> Figure:
    """Qualitative present/absent grid of high OTR binding by region (Insel & Shapiro 1992).

    Only the regions the abstract names: dense binding in the prairie vole in
    prelimbic cortex, BNST, nucleus accumbens, midline thalamus and lateral
    amygdala (little in the montane vole); in the montane vole in lateral
    septum, ventromedial hypothalamus and cortical amygdala.  No densities.
    The grid is data: ``data/published/voles_insel1992.yaml``.
    """
    records = published.load("voles_insel1992")
    regions = [r["region"] for r in records]
    fig, ax = new_figure(figsize=(7.6, 4.0))
    ax.grid(False)
    species = [("prairie_dense", PALETTE["blue"]), ("montane_dense", PALETTE["orange"])]
    for column, (key, colour) in enumerate(species):
        for i, record in enumerate(records):
            y = len(regions) - 1 - i
            if record[key]:
                ax.scatter([column], [y], s=260, color=colour, marker="o", zorder=3)
            else:
                ax.scatter([column], [y], s=260, facecolor="white", edgecolor=PALETTE["grey"],
                           marker="o", zorder=3)
    ax.set_xticks([0, 1], ["Prairie vole\n(monogamous)", "Montane vole\n(polygamous)"])
    ax.set_yticks(range(len(regions)), regions[::-1])
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(-0.8, len(regions) - 0.4)
    # The line between the regions dense in the prairie vole and those dense in the montane vole.
    n_prairie = sum(1 for r in records if r["prairie_dense"])
    ax.axhline(len(regions) - n_prairie - 0.5, color=PALETTE["grey"], lw=0.8, ls=":")
    ax.set_title("Sites of dense OT receptor binding (qualitative)", loc="right")
    ax.set_xlabel("filled = named as a site of dense binding; open = not named as dense\n"
                  "(qualitative, from the abstract of Insel & Shapiro 1992; no densities)",
                  fontsize=8.5, color=PALETTE["grey"])
    return fig


#: Line style of each preset in :func:`plot_preference_time`.
_PRESET_STYLES = {"prairie": (PALETTE["blue"], "-"), "montane": (PALETTE["orange"], "-"),
                  "meadow": (PALETTE["orange"], ":"), "meadow_v1ar": (PALETTE["green"], "--"),
                  "prairie_antagonist": (PALETTE["vermillion"], "-."),
                  "prairie_d1": (PALETTE["purple"], ":")}


def plot_preference_time(names: tuple[str, ...] = ("prairie", "montane", "meadow_v1ar",
                                                   "prairie_antagonist"),
                         max_hours: float = 48.0, mating: bool = True) -> Figure:
    """Share of time with the partner after 0–``max_hours`` of cohabitation, per preset."""
    h = np.linspace(0, in_range("max_hours", max_hours, 1.0, 1000.0), 241)
    for name in names:
        one_of("names", name, tuple(PRESETS))
    fig, ax = new_figure(figsize=(9.0, 3.8))
    for name in names:
        colour, ls = _PRESET_STYLES[name]
        ax.plot(h, 100 * preset_preference(name, h, mating), color=colour, ls=ls,
                label=PRESETS[name]["label"])
    _decorate_preference_axes(ax, h[-1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    _note(ax)
    return fig


def _decorate_preference_axes(ax: Axes, max_hours: float) -> None:
    ax.axhline(50, color=PALETTE["grey"], lw=1, ls=":")
    ax.axhline(100 * CRITERION, color=PALETTE["grey"], lw=1, ls="--")
    ax.text(max_hours * 0.99, 51, "no preference (50%)", fontsize=8.5, color=PALETTE["grey"],
            ha="right")
    ax.text(max_hours * 0.99, 100 * CRITERION + 1, "2/3 of contact time with partner",
            fontsize=8.5, color=PALETTE["grey"], ha="right")
    ax.set_xlim(0, max_hours)
    ax.set_ylim(40, 100)
    ax.set_xlabel("hours of cohabitation before the test")
    ax.set_ylabel("time with partner (% of contact)")


def plot_experiments(hours: float = 24.0, mating: bool = True) -> Figure:
    """Bar chart of the model's predictions for the three classic comparisons."""
    rows = classic_experiments(hours, mating)
    fig, ax = new_figure(figsize=(8.2, 4.0))
    x = np.arange(len(rows))
    width = 0.36
    control = [100 * r["p_control"] for r in rows]
    manipulated = [100 * r["p_manipulated"] for r in rows]
    control_bars = ax.bar(x - width / 2, control, width, color=PALETTE["grey"],
                          label="control group")
    manipulated_bars = ax.bar(x + width / 2, manipulated, width, color=PALETTE["blue"],
                              label="comparison / manipulated group")
    for bars, key in ((control_bars, "control"), (manipulated_bars, "manipulated")):
        for bar, row in zip(bars, rows):
            ax.text(bar.get_x() + bar.get_width() / 2, 2, row[key].replace(" + ", "\n+ "),
                    ha="center", va="bottom", fontsize=7.5, color="white", rotation=90)
    ax.axhline(50, color=PALETTE["black"], lw=1, ls=":", label="no preference (50%)")
    ax.set_xticks(x, [r["experiment"] for r in rows], fontsize=9)
    # Bars start at zero: a truncated baseline would exaggerate the differences.
    # Headroom above 100% keeps the legend and the banner clear of the bars.
    ax.set_ylim(0, 118)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("time with partner (% of contact)")
    ax.set_title(f"Model predictions after {hours:g} h of cohabitation "
                 f"({'with' if mating else 'without'} mating)")
    ax.legend(loc="upper right", fontsize=9)
    ax.text(0.02, 0.94, "ILLUSTRATIVE MODEL, NOT DATA", transform=ax.transAxes, ha="left",
            fontsize=10, weight="bold", color=PALETTE["vermillion"])
    return fig


def plot_context(effect_favourable: float = 0.5, effect_unfavourable: float = -0.3) -> Figure:
    """Average effect across studies that mix favourable and unfavourable contexts."""
    fig, axes = new_figure(1, 2, figsize=(8.6, 3.6), gridspec_kw={"width_ratios": [1, 1.5]})
    _update_context(_context_artists(axes), CONTEXT_SHARE, effect_favourable, effect_unfavourable)
    return fig


#: Shares of favourable situations along the right panel's line.
_SHARES = np.linspace(0, 1, 101)


def _context_artists(axes: Any) -> dict[str, Any]:
    """The context figure's static parts, and the artists :func:`_update_context` changes."""
    ax_bars, ax_line = axes
    bars = ax_bars.bar([0, 1, 2], [0, 0, 0],
                       color=[PALETTE["green"], PALETTE["vermillion"], PALETTE["grey"]])
    ax_bars.set_xticks([0, 1, 2], ["favourable\ncontext", "unfavourable\ncontext",
                                   "study\naverage"], fontsize=9)
    ax_bars.axhline(0, color=PALETTE["black"], lw=0.8)
    ax_bars.set_ylim(-1.1, 1.1)
    ax_bars.set_ylabel("effect of oxytocin (SD units)")
    ax_bars.set_title("Conditional effects")
    line, = ax_line.plot(_SHARES, np.zeros_like(_SHARES), color=PALETTE["black"])
    dot, = ax_line.plot([], [], "o", color=PALETTE["grey"], ms=9)
    ax_line.axhline(0, color=PALETTE["black"], lw=0.8)
    ax_line.set_xlim(0, 1)
    ax_line.set_ylim(-1.1, 1.1)
    ax_line.set_xlabel("share of favourable situations in the study")
    ax_line.set_ylabel("average effect (SD units)")
    ax_line.set_title("What a main-effect study reports")
    _note(ax_line)
    return {"bars": bars, "line": line, "dot": dot}


def _update_context(art: dict[str, Any], p_favourable: float, effect_favourable: float,
                    effect_unfavourable: float) -> str:
    """Show the conditional effects and the average at share ``p_favourable``; the alt text."""
    average = float(average_effect(p_favourable, effect_favourable, effect_unfavourable))
    for bar, height in zip(art["bars"], (effect_favourable, effect_unfavourable, average)):
        bar.set_height(height)
    art["line"].set_ydata(average_effect(_SHARES, effect_favourable, effect_unfavourable))
    art["dot"].set_data([p_favourable], [average])
    return (f"Left: bars of the effect of oxytocin in a favourable context "
            f"({effect_favourable:+.2f} SD), an unfavourable context ({effect_unfavourable:+.2f} "
            f"SD) and the study average ({average:+.2f} SD). Right: the average effect as a line "
            f"against the share of favourable situations, marked at {p_favourable:.2f}. "
            f"Illustrative model, not data.")


# --------------------------------------------------------------------------
# Explorers
# --------------------------------------------------------------------------
#: Selectivity ratios offered by the cross-binding explorer (one decade in two steps).
SELECTIVITY_STEPS = (1, 3, 10, 30, 100, 300, 1000, 3000, 10000)


def crossbinding_explorer() -> Explorer:
    """Move the selectivity ratio and a peptide concentration; read off occupancy."""
    fig, axes = new_figure(1, 2, figsize=(8.6, 3.6), sharey=True)
    art = _crossbinding_artists(axes)
    art["dots"] = {ligand: ax.plot([], [], "o", color=PALETTE["black"], ms=6)[0]
                   for ligand, ax in zip(_LIGANDS, axes)}
    art["concentration"] = {ligand: ax.axvline(0.0, color=PALETTE["grey"], lw=1, ls=":")
                            for ligand, ax in zip(_LIGANDS, axes)}
    readout = widgets.HTML()
    controls = {
        # A slider over the ratios, styled like the other sliders.
        "selectivity": widgets.SelectionSlider(
            options=[(f"{v:,}", v) for v in SELECTIVITY_STEPS], value=30,
            description="Selectivity ratio s", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width=CONTROL_WIDTH)),
        "log_conc": slider("Peptide concentration (log10)", 0.0, -2.0, 4.0, 0.25),
    }

    def draw(selectivity: float, log_conc: float) -> str:
        s = float(selectivity)
        log_c = float(log_conc)
        c = 10.0 ** log_c
        _update_crossbinding(art, s)
        parts = []
        for ligand in _LIGANDS:
            own, other = ("OTR", "V1aR") if ligand == "OT" else ("V1aR", "OTR")
            here = crossbinding(c, ligand, s)
            own_at_half = float(crossbinding(s, ligand, s)[own])
            art["dots"][ligand].set_data([log_c, log_c], [float(here["OTR"]), float(here["V1aR"])])
            art["concentration"][ligand].set_xdata([log_c, log_c])
            parts.append(f"{ligand} occupies {100 * float(here['OTR']):.0f}% of OTR and "
                         f"{100 * float(here['V1aR']):.0f}% of V1aR; it half-fills {other} at "
                         f"concentration {s:g}, where it fills {100 * own_at_half:.0f}% of {own}")
        ot_here = crossbinding(c, "OT", s)
        ot_half = float(crossbinding(s, "OT", s)["OTR"])
        readout.value = (
            f"<p style='margin:0.2em 0'>Selectivity ratio {s:,.0f}. At concentration {c:.3g} "
            f"(dots), oxytocin fills {100 * float(ot_here['OTR']):.0f}% of OTR and "
            f"{100 * float(ot_here['V1aR']):.0f}% of V1aR; vasopressin mirrors it. Oxytocin "
            f"half-fills V1aR at concentration {s:,.0f} (open diamond, where the dashed curve "
            f"crosses the dotted 50% line), and there it already fills "
            f"{100 * ot_half:.0f}% of its own receptor.</p>")
        return (f"Two panels of receptor occupancy against log concentration, selectivity ratio "
                f"{s:g}. At concentration {c:.3g}: " + "; ".join(parts) +
                ". Illustrative model, not data.")

    return Explorer("02-crossbinding", fig, controls, draw, animated=art,
                    title="Cross-binding: one peptide, two receptors (illustrative model)",
                    page_control="selectivity", panel=readout)


#: Hours of cohabitation along the preference explorer's curves.
_HOURS = np.linspace(0, 48, 193)


def preference_explorer() -> Explorer:
    """Receptor density, antagonist, cohabitation hours and mating → partner preference."""
    fig, ax = new_figure(figsize=(9.0, 3.8))
    ax.plot(_HOURS, 100 * preset_preference("prairie", _HOURS), color=PALETTE["blue"], lw=1,
            alpha=0.45, label="prairie preset")
    ax.plot(_HOURS, 100 * preset_preference("montane", _HOURS), color=PALETTE["orange"], lw=1,
            alpha=0.45, label="montane preset")
    curve, = ax.plot(_HOURS, np.full_like(_HOURS, 50.0), color=PALETTE["black"],
                     label="your settings")
    dot, = ax.plot([], [], "o", color=PALETTE["black"], ms=8)
    art = {"curve": curve, "dot": dot, "title": ax.set_title("", fontsize=10.5)}
    _decorate_preference_axes(ax, _HOURS[-1])
    legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    # The legend sits beside the axes, clear of the curves: drawn beneath them it is part
    # of the explorer's background.
    legend.set_zorder(BENEATH_LINES)
    # The note sits below 50%, where no curve goes (the share is never below one half).
    _note(ax).set_zorder(BENEATH_LINES)
    controls = {
        "density": slider("Receptor density in reward area ρ", 0.9, 0.0, 1.0, 0.05),
        "blockade": slider("Antagonist blockade b", 0.0, 0.0, 1.0, 0.05),
        "hours": slider("Cohabitation (hours)", 24, 1, 48, 1, integer=True),
        "mating": widgets.ToggleButtons(options=[("mating", True), ("no mating", False)],
                                        value=True, description="Cohabitation with",
                                        style={"description_width": "initial"}),
    }

    def draw(density: float, blockade: float, hours: int, mating: bool) -> str:
        mating = bool(mating)
        art["curve"].set_ydata(100 * preference(_HOURS, density, blockade, mating))
        p_here = float(100 * preference(hours, density, blockade, mating))
        art["dot"].set_data([hours], [p_here])
        g = gate(density, blockade)
        verdict = "reaches" if p_here >= 100 * CRITERION else "stays below"
        art["title"].set_text(f"gate g = {g:.2f} · after {hours} h: {p_here:.0f}% of contact "
                              f"with the partner")
        return (f"Line chart of time with the partner (percent of contact) against hours of "
                f"cohabitation, receptor density {density:.2f}, blockade {blockade:.2f}, "
                f"{'with' if mating else 'without'} mating. After {hours} h the model gives "
                f"{p_here:.0f}% and {verdict} the two-thirds line; prairie and montane presets "
                f"shown faintly for comparison. Illustrative model, not data.")

    return Explorer("02-preference", fig, controls, draw, animated=art,
                    title="Partner preference learning gated by receptor density (illustrative model)",
                    page_control="density",
                    page_values=[0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, 1.0])


#: Most animals per group in the experiment explorer.
_MAX_ANIMALS = 40
#: Where each group's pair of columns (partner, stranger) starts on the x-axis.
_GROUP_X = (0.0, 2.5)
#: Horizontal spread of the animals' dots in a column, and half the width of a mean bar.
_ANIMAL_SPREAD = 0.12
_MEAN_HALF_WIDTH = 0.25


def _experiment_artists(ax: Axes) -> dict[str, Any]:
    """The experiment explorer's static parts, and the artists its ``draw`` changes."""
    ax.grid(False)
    colours = (PALETTE["grey"], PALETTE["blue"])
    groups = []
    for colour in colours:
        groups.append({
            "dots": [ax.plot([], [], "o", ms=4, alpha=0.6, color=colour)[0] for _ in range(2)]})
    for group in groups:
        group["means"] = [ax.plot([], [], "-", lw=3, color=PALETTE["black"])[0] for _ in range(2)]
    for group, colour in zip(groups, colours):
        # One line per animal from its partner to its stranger minutes (capped like a plotted
        # line): one artist, not one per animal.
        group["links"] = ax.add_collection(LineCollection([], colors=colour, lw=0.4, alpha=0.5,
                                                          capstyle="projecting"))
    ax.set_xticks([0, 1, 2.5, 3.5], ["partner", "stranger", "partner", "stranger"])
    ax.set_xlim(-0.5, 4.0)
    ax.set_ylim(0, 92)
    ax.set_ylabel("minutes in contact")
    above = dict(transform=ax.get_xaxis_transform(), ha="center", va="bottom")
    for group, x in zip(groups, _GROUP_X):
        group["label"] = ax.text(x + 0.5, 1.17, "", fontsize=10, weight="bold", **above)
    for group, x in zip(groups, _GROUP_X):
        group["statistic"] = ax.text(x + 0.5, 1.02, "", fontsize=9, **above)
    _note(ax, "simulated animals: illustrative model, not data")
    return {"groups": groups}


def experiment_explorer() -> Explorer:
    """A simulated pair of groups in a partner preference test, with the paired statistic."""
    fig, ax = new_figure(figsize=(7.6, 3.8))
    art = _experiment_artists(ax)
    controls = {
        "experiment": dropdown("Experiment", [("Species: montane vs prairie", 0),
                                              ("Antagonist in prairie voles", 1),
                                              ("V1aR gene transfer in meadow voles", 2)], 2),
        "n": slider("Animals per group", 10, 3, _MAX_ANIMALS, 1, integer=True),
        "hours": slider("Cohabitation (hours)", 24, 1, 48, 1, integer=True),
        "seed": slider("Random seed", 1, 0, 50, 1, integer=True),
    }

    def draw(experiment: int, n: int, hours: int, seed: int) -> str:
        title, control, manipulated = _EXPERIMENTS[int(experiment)]
        n = integer("n", n, 3, _MAX_ANIMALS)
        summary = []
        jitter = np.linspace(-_ANIMAL_SPREAD, _ANIMAL_SPREAD, n)
        for k, (name, x0, group) in enumerate(zip((control, manipulated), _GROUP_X,
                                                  art["groups"])):
            settings = PRESETS[name]
            sim = simulate_group(n, settings["density"], settings["blockade"], True, hours,
                                 settings["d1"], seed=int(seed) * 2 + k)
            test = partner_preference_test(sim["partner"], sim["stranger"])
            for column, (key, dots, mean_bar) in enumerate(zip(("partner", "stranger"),
                                                               group["dots"], group["means"])):
                x = x0 + column
                dots.set_data(x + jitter, sim[key])
                mean = float(sim[key].mean())
                mean_bar.set_data([x - _MEAN_HALF_WIDTH, x + _MEAN_HALF_WIDTH], [mean, mean])
            group["links"].set_segments(
                [[(x0 + dx, p), (x0 + 1 + dx, s)]
                 for dx, p, s in zip(jitter, sim["partner"], sim["stranger"])])
            group["label"].set_text(settings["label"])
            group["statistic"].set_text(f"{100 * test['mean_share']:.0f}% with partner\n"
                                        f"paired t = {test['t']:.2f}, p = {test['p']:.3g}")
            summary.append(f"{settings['label']}: mean {100 * test['mean_share']:.0f}% of "
                           f"contact with the partner, paired t = {test['t']:.2f}, "
                           f"p = {test['p']:.3g}")
        return (f"Simulated partner preference test for the comparison '{title.splitlines()[0]}', "
                f"{n} animals per group after {hours} h of cohabitation with mating; each dot is one "
                f"animal's minutes with the partner and with the stranger, joined by a line. "
                + "; ".join(summary) + ". Illustrative model, not data.")

    return Explorer("02-experiment", fig, controls, draw, animated=art,
                    title="Simulated partner preference tests (illustrative model)",
                    page_control="seed", page_values=list(range(1, 7)))


def context_explorer() -> Explorer:
    """Conditional effects and the average a main-effect study would report."""
    fig, axes = new_figure(1, 2, figsize=(8.6, 3.6), gridspec_kw={"width_ratios": [1, 1.5]})
    art = _context_artists(axes)
    controls = {
        "p_favourable": slider("Share of favourable situations p", 0.5, 0.0, 1.0, 0.05),
        "effect_favourable": slider("Effect in favourable context δ₊", 0.5, -1.0, 1.0, 0.05),
        "effect_unfavourable": slider("Effect in unfavourable context δ₋", -0.3, -1.0, 1.0, 0.05),
    }

    def draw(p_favourable: float, effect_favourable: float, effect_unfavourable: float) -> str:
        return _update_context(art, p_favourable, effect_favourable, effect_unfavourable)

    return Explorer("02-context", fig, controls, draw, animated=art,
                    title="Context and person: conditional effects vs the average (illustrative model)",
                    page_control="p_favourable",
                    page_values=[0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0])
