"""What four accounts of oxytocin's context dependence predict: a schematic (notebook 02).

Notebook 02, section 7, compares four accounts of why oxytocin's social effects depend
on context: anxiolysis (stress reduction), social salience, social approach–avoidance
and the allostatic theory.  This module holds the course's **reading** of what each
account implies for four test situations, as a small table of signs, and draws it as
a prediction matrix.  It is a schematic, not a model with parameters and not data:
the signs are the course's derivations from the accounts' verbal claims, to be argued
with, and the authors of the accounts might draw some of them differently.  Each sign is
for a typical person in that situation.  The social salience account in particular lets
what a cue invites, and how strongly, depend on the person (sex, personality,
psychopathology), so its row holds for a person whom the cue moves in the usual way: a
test of it needs that response measured in advance (for example on placebo).

Each entry is the predicted direction of the effect of oxytocin, compared with
placebo, on the measure named for that situation:

* ``"+"``: the measure rises;
* ``"−"``: it falls;
* ``"0"``: the account predicts little or no change;
* ``"±"``: the account predicts a change whose direction depends on the person's
  state (so the situation alone cannot test it).

Two accounts are told apart by a situation in which both make a definite prediction
(not ``"±"``) and the predictions differ (:func:`discriminating_contexts`).
"""
from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..checks import one_of
from ..figures import new_figure
from ..style import PALETTE

__all__ = ["THEORIES", "CONTEXTS", "SIGNS", "prediction", "prediction_matrix",
           "theories_predicting", "discriminating_contexts", "plot_prediction_matrix"]

#: The four accounts, key → label.
THEORIES: dict[str, str] = {
    "anxiolysis": "Anxiolysis\n(stress reduction)",
    "salience": "Social salience",
    "approach": "Approach–avoidance",
    "allostatic": "Allostatic theory",
}

#: The four test situations, key → label (the measure in brackets).
CONTEXTS: dict[str, str] = {
    "safe_partner": "Safe, familiar\nin-group partner\n(affiliation)",
    "threat_outgroup": "Threatening\nout-group\n(avoidance)",
    "rival_loss": "Losing to\na rival\n(envy)",
    "nonsocial_stress": "Non-social\nstressor\n(stress response)",
}

#: The allowed entries, in the order of the legend.
SIGNS: tuple[str, ...] = ("+", "−", "0", "±")

#: The course's reading, one row per account, columns in the order of CONTEXTS.
_READING: dict[str, tuple[str, str, str, str]] = {
    # Effects scale with the anxiety present: little to lower with a safe partner or
    # in a comparison that is not frightening; less avoidance, lower stress response.
    "anxiolysis": ("0", "−", "0", "−"),
    # Social cues weigh more, so the response each cue invites grows, whatever its sign;
    # no social cue, no effect.  Signs for a person whom each cue moves in the usual way
    # (the account lets the invited response depend on the person).
    "salience": ("+", "+", "+", "0"),
    # Motivation shifts toward approach: more affiliation, less avoidance, more of the
    # approach-related emotion envy; the account is about social approach.
    "approach": ("+", "−", "+", "0"),
    # Oxytocin adjusts behaviour to keep the organism stable: little to adjust when all
    # is stable; otherwise the direction depends on the person's state, social or not.
    "allostatic": ("0", "±", "±", "±"),
}


def prediction(theory: str = "salience", context: str = "rival_loss") -> str:
    """The predicted direction of oxytocin's effect (one of :data:`SIGNS`).

    ``theory`` is a key of :data:`THEORIES`, ``context`` a key of :data:`CONTEXTS`.
    """
    one_of("theory", theory, tuple(THEORIES))
    one_of("context", context, tuple(CONTEXTS))
    return _READING[theory][list(CONTEXTS).index(context)]


def prediction_matrix() -> dict[str, tuple]:
    """The whole table: ``theories`` and ``contexts`` (keys) and ``signs`` (one row each)."""
    return {"theories": tuple(THEORIES), "contexts": tuple(CONTEXTS),
            "signs": tuple(_READING[t] for t in THEORIES)}


def theories_predicting(context: str = "rival_loss", sign: str = "+") -> tuple[str, ...]:
    """The accounts whose prediction in ``context`` is ``sign``, in the order of THEORIES."""
    one_of("context", context, tuple(CONTEXTS))
    one_of("sign", sign, SIGNS)
    return tuple(t for t in THEORIES if prediction(t, context) == sign)


def discriminating_contexts(theory_a: str = "salience",
                            theory_b: str = "approach") -> tuple[str, ...]:
    """The situations whose outcome tells ``theory_a`` from ``theory_b``.

    A situation discriminates when both accounts make a definite prediction (not
    ``"±"``) and the two predictions differ.  The result is symmetric in the two
    arguments and empty when they are the same account.
    """
    one_of("theory_a", theory_a, tuple(THEORIES))
    one_of("theory_b", theory_b, tuple(THEORIES))
    out = []
    for context in CONTEXTS:
        a, b = prediction(theory_a, context), prediction(theory_b, context)
        if "±" not in (a, b) and a != b:
            out.append(context)
    return tuple(out)


#: Cell colour of each sign.
_COLOURS = {"+": PALETTE["blue"], "−": PALETTE["vermillion"], "0": "#DDDDDD",
            "±": PALETTE["yellow"]}
_WORDS = {"+": "more", "−": "less", "0": "no change", "±": "depends on state"}


def plot_prediction_matrix() -> Figure:
    """The prediction matrix: accounts as rows, situations as columns, a sign per cell."""
    fig, ax = new_figure(figsize=(8.6, 4.4))
    ax.grid(False)
    theories, contexts = list(THEORIES), list(CONTEXTS)
    for i, theory in enumerate(theories):
        y = len(theories) - 1 - i
        for j, context in enumerate(contexts):
            sign = prediction(theory, context)
            ax.add_patch(Rectangle((j - 0.45, y - 0.42), 0.9, 0.84, color=_COLOURS[sign],
                                   alpha=0.35 if sign in ("0", "±") else 0.6, lw=0))
            ax.text(j, y + 0.08, sign, ha="center", va="center", fontsize=17,
                    fontweight="bold", color=PALETTE["black"])
            ax.text(j, y - 0.24, _WORDS[sign], ha="center", va="center", fontsize=8,
                    color=PALETTE["black"])
    ax.set_xticks(range(len(contexts)), [CONTEXTS[c] for c in contexts], fontsize=8.5)
    ax.set_yticks(range(len(theories)), [THEORIES[t] for t in theories[::-1]])
    ax.xaxis.tick_top()
    ax.set_xlim(-0.55, len(contexts) - 0.45)
    ax.set_ylim(-0.55, len(theories) - 0.45)
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_xlabel("schematic: the course's reading of each account, not data\n"
                  "sign = predicted effect of oxytocin vs placebo on the measure in brackets",
                  fontsize=8.5, color=PALETTE["grey"])
    return fig
