"""From lab to clinic: an evidence-graded SMART objective builder and an overclaim checker.

Both are teaching aids for psychoeducation and critical appraisal, not clinical tools and
not treatment advice.

**SMART objective builder.**  Source document 000 pairs each treatment goal with a mechanism.
Here a goal is paired with a *chosen* rationale; the builder returns the objective (an example
paraphrased from source document 000, not a recommendation), the evidence grade of that
rationale, its sources and a caution whose strength follows the grade.  Each rationale is one
row of the evidence register (``seeds/claims.csv``): its grade and sources are read from there,
so the builder and the register cannot disagree.  The figure places every candidate rationale on the
ordered grade scale :math:`g \\in \\{0, \\dots, 5\\}` (Established … Illustrative model).

**Overclaim checker.**  A transparent rule table (:data:`RULES`): each rule is a regular
expression, an explanation grounded in the evidence, and bibliography keys.  A match
preceded within a few words by a negation (*no, not, never, cannot, without*...) is reported as
negated and not flagged, so "no chemical fix" passes while "a chemical fix" is flagged.
It is a keyword heuristic: it misses paraphrases and can flag acceptable sentences, and it
says so.
"""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from scipy import stats

from .. import published
from ..checks import in_range, integer, one_of
from ..evidence import GRADE_NAMES, GRADES, badge_html
from ..explorer import Explorer, dropdown
from ..figures import new_figure
from ..references import cite_html
from ..register import get as register_claim
from ..style import BENEATH_LINES, PALETTE
from .power import ALPHA_MIN, D_MAX, N_MAX, n_for_power
from .power import power as t_test_power

# -- SMART objectives -------------------------------------------------------------------------


@dataclass(frozen=True)
class Mechanism:
    """A candidate rationale; ``claim`` is its row in the evidence register."""

    key: str
    label: str
    claim: str
    note: str

    @property
    def grade(self) -> str:
        """The register's grade for :attr:`claim`."""
        return register_claim(self.claim).grade

    @property
    def cite(self) -> tuple[str, ...]:
        """The register's bibliography keys for :attr:`claim`."""
        return register_claim(self.claim).cite


#: Candidate rationales a clinician might give; grades and sources come from the register.
MECHANISMS: dict[str, Mechanism] = {m.key: m for m in [
    Mechanism("support_buffer", "Social support buffers the stress response", "S000-07",
              "Social buffering of the cortisol response is reported from infancy to adulthood, "
              "mostly with laboratory stressors; it changes with age and with who gives support."),
    Mechanism("ot_buffer", "Oxytocin mediates the calming effect of safe contact", "C09-09",
              "Oxytocin was anxiolytic in one small study (37 men), but its overall effect on "
              "cortisol was small and not significant in a meta-analysis of 18 studies."),
    Mechanism("calm_connection", "A 'calm and connection' anti-stress system integrated by oxytocin",
              "C00-06",
              "An integrative proposal from animal physiology, not a tested human mechanism."),
    Mechanism("loop", "A bidirectional affiliation–calming feedback loop", "S000-08",
              "Each arrow has some support, mostly in animals; the loop is untested in people."),
    Mechanism("parental_circuit", "Neuropeptides support parental care and bonding (in mammals)",
              "S000-19",
              "Replicated across species and methods in animals; in humans the evidence is less "
              "direct: correlational studies and small administration studies."),
    Mechanism("context", "Oxytocin's effects depend on context and person", "S000-04",
              "Widely proposed, but most moderator findings were found after the fact."),
    Mechanism("alliance_cycle", "Alliance components reinforce each other through oxytocin",
              "S002-02",
              "A conceptual model from a mini review; no empirical test yet."),
    Mechanism("trust_spray", "Intranasal oxytocin raises trust", "C00-10",
              "A registered replication with high power found no effect on trust; do not use it as "
              "a rationale."),
]}


@dataclass(frozen=True)
class Goal:
    """A treatment goal of source document 000, its example objective and its own mechanism."""

    key: str
    goal: str
    objective: str
    source_mechanism: str  # key into MECHANISMS: the closest match to source document 000's mechanism
    caution: str


#: Source document 000's seven goals with its example SMART objectives (paraphrased).  They are
#: examples from an LLM-written document, not recommendations: no study tested these targets.
GOALS: dict[str, Goal] = {g.key: g for g in [
    Goal("safety", "Increase felt relational safety",
         "By week 8, the client rates feeling safe enough with one chosen person in at least 3 of "
         "4 weekly check-ins.", "support_buffer",
         "Closeness is the client's choice: never use the 'safe connection' frame to push it."),
    Goal("coregulation", "Build co-regulation skills",
         "Over 10 weeks, the client and a consenting partner log one shared soothing routine "
         "(for example paced breathing together) three times a week.", "loop",
         "Both partners consent; touch is optional and governed by preference, culture and trauma "
         "history."),
    Goal("withdrawal", "Reduce social withdrawal",
         "Within 90 days, the client starts two low-risk social contacts a week for 6 weeks in a row.",
         "calm_connection",
         "Frame contacts as chances to experience safety, not as 'doses' of a hormone."),
    Goal("attunement", "Strengthen caregiver attunement",
         "Across 12 weeks, the caregiver soothes the infant after its distress cues in 3 of every 4 "
         "observed interactions.", "parental_circuit",
         "In humans the neuropeptide link is less direct than in animals; the behavioural target "
         "stands on its own."),
    Goal("reframe", "Reframe trust difficulty without shame",
         "By session 4, the client can describe their trust pattern in a non-blaming, "
         "body-based way.", "context",
         "Keep the neurochemistry one explanatory layer among several; do not reduce a history to "
         "a hormone."),
    Goal("conflict", "Lower stress reactivity in relationships",
         "Across 12 weeks, the client uses a grounding or co-regulation skill in 4 of 5 conflicts.",
         "support_buffer",
         "Measure the skill use, not 'oxytocin'; no blood or saliva test can track this goal."),
    Goal("myths", "Correct 'love hormone' misconceptions",
         "By session 3, the client can explain that oxytocin's effects depend on circumstances and "
         "that the therapy prescribes no oxytocin fix.", "context",
         "Questions about oxytocin sprays or products belong with a prescribing physician."),
]}

GRADE_CAUTION = {
    "Established": "Can be stated plainly.",
    "Supported": "Can be presented, with its limits named.",
    "Mixed": "Say that the evidence is mixed; do not promise an effect.",
    "Not supported": "Do not use this rationale: well-powered work did not find it.",
    "Hypothesis": "Present it as an idea researchers are testing, not as a fact.",
    "Illustrative model": "A teaching model only; not evidence.",
}


def smart_objective(goal: str, mechanism: str) -> dict:
    """The objective for ``goal`` justified by ``mechanism``, with its grade and caution.

    Returns ``{"goal", "objective", "mechanism", "grade", "cite", "caution",
    "source_mechanism", "source_grade"}``: ``source_*`` are source document 000's own
    mechanism for the goal and its grade.  ``ValueError`` names a bad argument.
    """
    one_of("goal", goal, tuple(GOALS))
    one_of("mechanism", mechanism, tuple(MECHANISMS))
    chosen_goal, rationale = GOALS[goal], MECHANISMS[mechanism]
    own = MECHANISMS[chosen_goal.source_mechanism]
    return {"goal": chosen_goal.goal, "objective": chosen_goal.objective,
            "mechanism": rationale.label, "grade": rationale.grade, "cite": rationale.cite,
            "caution": f"{GRADE_CAUTION[rationale.grade]} {chosen_goal.caution}",
            "note": rationale.note, "source_mechanism": own.label, "source_grade": own.grade}


def grade_rank(grade: str) -> int:
    """Position of a grade on the ordered scale (0 = Established)."""
    one_of("grade", grade, GRADE_NAMES)
    return GRADE_NAMES.index(grade)


def objective_html(goal: str, mechanism: str) -> str:
    """The objective for ``goal`` justified by ``mechanism`` as HTML: grade badge, sources, caution."""
    objective = smart_objective(goal, mechanism)
    keys = [k for k in objective["cite"] if not k.startswith("seed")]
    return (f"<p><strong>Goal:</strong> {html.escape(objective['goal'])}<br>"
            f"<strong>SMART objective:</strong> {html.escape(objective['objective'])}<br>"
            f"<strong>Rationale:</strong> {html.escape(objective['mechanism'])} "
            f"{badge_html(objective['grade'])} "
            f"({cite_html(keys) if keys else 'source document 000'})<br>"
            f"<em>{html.escape(objective['note'])}</em><br>"
            f"<strong>Caution:</strong> {html.escape(objective['caution'])}</p>"
            "<p><small>The objective is an example paraphrased from source document 000, not a "
            "recommendation. Teaching aid for psychoeducation and appraisal; not treatment advice."
            "</small></p>")


#: The candidate rationales in the order the profile figure lists them (top to bottom).
_MECHANISM_ORDER = list(MECHANISMS)


def plot_objective_profile(goal: str = "safety", mechanism: str = "support_buffer") -> Figure:
    """Every candidate rationale on the grade scale; the chosen one and source document 000's highlighted."""
    smart_objective(goal, mechanism)
    fig, ax = new_figure(figsize=(7.6, 3.8))
    _update_profile(_profile_artists(ax), goal, mechanism)
    return fig


def _profile_artists(ax: Axes) -> dict[str, Any]:
    """The profile figure's static parts (every rationale at its grade), and the artists
    :func:`_update_profile` changes."""
    rows = np.arange(len(_MECHANISM_ORDER))
    ranks = np.array([grade_rank(MECHANISMS[k].grade) for k in _MECHANISM_ORDER])
    ax.scatter(ranks, rows, s=60, color="#BBBBBB", zorder=1)
    own = ax.scatter([0], [0], s=260, facecolor="none", edgecolor="#E69F00", linewidth=2.5,
                     zorder=2, label="source document 000's mechanism")
    chosen = ax.scatter([0], [0], s=120, color="#0072B2", zorder=3, label="your chosen rationale")
    ax.set_yticks(rows, [textwrap.shorten(MECHANISMS[k].label, 46, placeholder="…")
                         for k in _MECHANISM_ORDER], fontsize=8.5)
    ax.set_xticks(range(len(GRADE_NAMES)), [g.replace(" ", "\n") for g in GRADE_NAMES],
                  fontsize=8.5)
    for label, grade in zip(ax.get_xticklabels(), GRADE_NAMES):
        label.set_color(GRADES[grade].colour)
    ax.set_xlim(-0.5, len(GRADE_NAMES) - 0.5)
    ax.set_ylim(len(_MECHANISM_ORDER) - 0.5, -0.5)
    title = ax.set_title("", fontsize=10.5, loc="left")
    # The legend sits under the axes, clear of the markers: drawn under them (zorder 1),
    # it stays out of the explorer's redrawn layer.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9).set_zorder(BENEATH_LINES)
    return {"own": own, "chosen": chosen, "title": title}


def _update_profile(art: dict[str, Any], goal: str, mechanism: str) -> str:
    """Mark the rationale ``mechanism`` chosen for ``goal``, and the goal's own; the alt text."""
    objective = smart_objective(goal, mechanism)
    own_key = GOALS[goal].source_mechanism
    art["own"].set_offsets([[grade_rank(MECHANISMS[own_key].grade), _MECHANISM_ORDER.index(own_key)]])
    art["chosen"].set_offsets([[grade_rank(objective["grade"]), _MECHANISM_ORDER.index(mechanism)]])
    art["title"].set_text(f"{objective['goal']}: rationale graded {objective['grade']}")
    return (f"Dot chart of eight candidate rationales placed on the six evidence grades. "
            f"Goal: {objective['goal']}. Chosen rationale '{objective['mechanism']}' is graded "
            f"{objective['grade']}; source document 000's mechanism for this goal, "
            f"'{objective['source_mechanism']}', is graded {objective['source_grade']}.")


#: Width of the builder's dropdowns: wide enough for the longest rationale.
_WIDE_CONTROL = "36em"


def smart_explorer() -> Explorer:
    """Pick a goal and a rationale: see the objective, the rationale's grade, sources, caution."""
    fig, ax = new_figure(figsize=(7.6, 3.8))
    art = _profile_artists(ax)
    panel = widgets.HTML()
    controls = {
        "goal": dropdown("Goal", [(g.goal, k) for k, g in GOALS.items()], "safety"),
        "mechanism": dropdown("Rationale", [(m.label, k) for k, m in MECHANISMS.items()],
                              "support_buffer"),
    }
    for control in controls.values():
        control.layout.width = _WIDE_CONTROL

    def draw(goal: str, mechanism: str) -> str:
        alt = _update_profile(art, goal, mechanism)
        panel.value = objective_html(goal, mechanism)
        return alt

    return Explorer("09-smart-builder", fig, controls, draw, animated=art,
                    title="Evidence-graded SMART objective builder", page_control="mechanism",
                    panel=panel)


# -- overclaim checker ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """One row of the overclaim checker's rule table."""

    name: str
    pattern: str
    explanation: str
    cite: tuple[str, ...]


#: The transparent rule table of the overclaim checker.
RULES: tuple[Rule, ...] = (
    Rule("love hormone", r"\b(love|cuddle|hug|bonding|happy)[ -](hormone|drug|chemical|molecule)s?\b",
         "A metaphor, not a finding: oxytocin's functions are plural and conditional, and no study "
         "shows one molecule producing love.", ("carter2022", "bartz2011")),
    Rule("trust hormone", r"\btrust[ -](hormone|drug|chemical|molecule|spray)s?\b",
         "The trust effect of intranasal oxytocin did not replicate in well-powered work.",
         ("nave2015", "declerck2020")),
    Rule("proven", r"\b(proven|proves|prove|scientifically shown|science (says|shows)|it is a fact)\b",
         "Little in human oxytocin research is proven; name the grade of the evidence instead.",
         ("nave2015", "walum2016")),
    Rule("boosts", r"\b(boost(s|ing|ed)?|increase your oxytocin|raise your oxytocin|release more oxytocin)\b",
         "Promises to raise oxytocin imply we can measure and steer it; peripheral measures are "
         "unreliable and behaviour is not a dose.", ("mccullough2013", "leng2016")),
    Rule("cure", r"\b(cure[sd]?|fix(es)?|miracle|treatment for)\b",
         "Trials in autism, PTSD and social anxiety did not show reliable core-symptom benefits.",
         ("sikich2021", "decagna2019", "vanzuiden2017")),
    Rule("levels", r"\b(low|high|higher|lower|raised|healthy|your|their)\s+oxytocin(\s+levels?)?\b|\boxytocin\s+levels?\b"
                   r"|\byour\s+levels?\b",
         "'Levels' depend on the assay: unextracted immunoassays read about 60 times higher than "
         "extracted ones, and resting blood levels say little about levels in the brain.",
         ("brown2016", "mccullough2013", "valstad2017")),
    Rule("causes", r"\b(causes?|caused|makes (you|us|people|them)|leads? to|is responsible for|triggers)\b",
         "A measured association cannot show a cause, and an administration experiment tests only "
         "one dose in one task: say 'is associated with' unless an experiment tested that cause.",
         ("nave2015", "leng2016")),
    Rule("always", r"\b(always|every time|guarantee[sd]?|reliably|dramatically)\b",
         "Oxytocin's effects in people are often weak or inconsistent, and may depend on context "
         "and person; no study shows a universal or large effect.",
         ("bartz2011",)),
    Rule("sprays and products", r"\b(nasal spray|oxytocin spray|oxytocin supplement|supplements?)\b",
         "Self-administered oxytocin products are unproven; questions about medication are for a "
         "prescribing physician.", ("sikich2021", "seed000")),
)

#: Characters before a match searched for a negation (the pattern then allows at most
#: 25 characters between the negation and the match, within one sentence).
NEGATION_WINDOW = 40
NEGATION = re.compile(r"\b(no|not|never|without|isn't|aren't|nor|neither|cannot|can't|doesn't|don't|nobody)\b"
                      r"[^.!?]{0,25}$", re.I)


@dataclass(frozen=True)
class Flag:
    """One match of a rule in a script."""

    rule: str
    phrase: str
    start: int
    end: int
    negated: bool
    explanation: str
    cite: tuple[str, ...]


def check_script(text: str) -> list[Flag]:
    """Every rule match in ``text``, in order; negated matches are marked, not flagged.

    >>> [f.rule for f in check_script("Oxytocin, the love hormone, is proven to cure loneliness.")
    ...  if not f.negated]
    ['love hormone', 'proven', 'cure']
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__}")
    flags = []
    for rule in RULES:
        for match in re.finditer(rule.pattern, text, flags=re.I):
            before = text[max(0, match.start() - NEGATION_WINDOW):match.start()]
            negated = bool(NEGATION.search(before))
            flags.append(Flag(rule.name, match.group(0), match.start(), match.end(), negated,
                              rule.explanation, rule.cite))
    return sorted(flags, key=lambda f: f.start)


def flagged(text: str) -> list[str]:
    """Names of the rules that flag ``text`` (negated matches excluded), in text order."""
    return [f.rule for f in check_script(text) if not f.negated]


def report_html(text: str) -> str:
    """The script with flagged phrases highlighted, and a table explaining each flag."""
    flags = [f for f in check_script(text) if not f.negated]
    out, pos = [], 0
    for f in flags:
        if f.start < pos:
            continue
        out.append(html.escape(text[pos:f.start]))
        out.append(f'<mark title="{html.escape(f.rule)}">{html.escape(f.phrase)}</mark>')
        pos = f.end
    out.append(html.escape(text[pos:]))
    rows = "".join(
        f"<tr><td>{html.escape(f.phrase)}</td><td>{html.escape(f.rule)}</td>"
        f"<td>{html.escape(f.explanation)}</td>"
        f"<td>{cite_html([k for k in f.cite if not k.startswith('seed')]) or 'source document 000'}</td></tr>"
        for f in flags)
    table = ("<table class=\"oxy-claims\"><caption>Flags</caption><thead><tr><th scope=\"col\">Phrase"
             "</th><th scope=\"col\">Rule</th><th scope=\"col\">Why it is flagged</th>"
             "<th scope=\"col\">Evidence</th></tr></thead><tbody>" + rows + "</tbody></table>"
             if flags else "<p>No phrase in the rule table was found. That does not make the "
             "script accurate: read it again for claims the rules cannot see.</p>")
    return (f"<blockquote>{''.join(out)}</blockquote>{table}"
            "<p><small>A keyword teaching aid, not an arbiter: it misses paraphrases and can flag "
            "acceptable sentences.</small></p>")


#: The over-claiming script notebook 09 opens the overclaim checker with (written for the
#: course to trip most rules at once; no source says it).
EXAMPLE_SCRIPT = ("Oxytocin is the love hormone, and hugs boost your oxytocin levels. "
                  "It is proven that this causes trust, and a nasal spray could cure your loneliness.")


def overclaim_checker(text: str = "") -> widgets.Widget:
    """A text box and a button that show :func:`report_html` for what the learner wrote."""
    box = widgets.Textarea(value=text, placeholder="Paste or write a psychoeducation script",
                           description="Script", layout=widgets.Layout(width="48em", height="8em"))
    button = widgets.Button(description="Check the script")
    out = widgets.HTML(report_html(text) if text else "")

    def run(_button: widgets.Button | None = None) -> None:
        out.value = report_html(box.value)

    button.on_click(run)
    return widgets.VBox([box, button, out])


# -- trials ------------------------------------------------------------------------------------

#: Trials and a meta-analysis of oxytocin in the clinic: (label, participants, verdict,
#: bibliography key), from ``data/published/clinic_trials.yaml`` (read in the primary
#: abstracts; retracted works never appear there).
TRIALS: tuple[tuple[str, int, str, str], ...] = tuple(
    (trial["label"], int(trial["n"]), trial["verdict"], trial["cite"])
    for trial in published.load("clinic_trials"))
VERDICT_COLOUR = {"null": "#D55E00", "partial": "#E69F00", "pooled": "#0072B2"}
VERDICT_LABEL = {"null": "primary outcome null / non-significant",
                 "partial": "secondary measures only",
                 "pooled": "meta-analysis: pooled effect reported"}


#: Each trial's primary effect where a source gives it with a 95% interval (label → the
#: record's ``effect`` mapping, see ``clinic_trials.yaml``), or None.
TRIAL_EFFECTS: dict[str, dict[str, Any] | None] = {
    trial["label"]: trial.get("effect") for trial in published.load("clinic_trials")}
#: x-range of the trial forest (standardised effects).
FOREST_LIMITS = (-1.2, 1.2)


def effect_interval(effect: dict[str, Any]) -> tuple[float, float]:
    """The 95% interval of a trial's ``effect``: as published, or estimate ± 1.96 se."""
    if "ci" in effect:
        low, high = effect["ci"]
        return float(low), float(high)
    half = stats.norm.ppf(0.975) * float(effect["se"])
    return float(effect["estimate"]) - half, float(effect["estimate"]) + half


def _effect_note(effect: dict[str, Any] | None) -> str:
    """What the forest writes in a row that has no standardised interval."""
    if effect is None:
        return "no effect size with a 95% CI in the abstract"
    low, high = effect_interval(effect)
    units, _, scale = effect["scale"].partition(" on the ")
    text = (f"{effect['estimate']:.1f} {units} (95% CI {low:.1f} to {high:.1f}) on the {scale}:\n"
            "no standardised effect reported")
    return text.replace("-", "\N{MINUS SIGN}")


def plot_trial_forest() -> Figure:
    """Each trial's primary effect with its 95% interval (standardised, positive favours
    oxytocin), and its size (participants, log axis), coloured by what it found."""
    height = 1.5 + 0.35 * len(TRIALS)
    fig, (forest, sizes) = new_figure(1, 2, figsize=(9.6, height), sharey=True,
                                      gridspec_kw={"width_ratios": [1.7, 1.0]})
    rows = range(len(TRIALS))
    forest.axvline(0, color="black", lw=1)
    for row, (label, _, verdict, _) in zip(rows, TRIALS):
        effect = TRIAL_EFFECTS[label]
        colour = VERDICT_COLOUR[verdict]
        if effect is not None and effect["scale"] == "standardised":
            low, high = effect_interval(effect)
            forest.plot([low, high], [row, row], color=colour, lw=2)
            forest.plot([effect["estimate"]], [row], "s" if verdict != "pooled" else "D",
                        color=colour, ms=7)
        else:
            forest.text(FOREST_LIMITS[0] + 0.05, row, _effect_note(effect), va="center",
                        fontsize=8, style="italic", color=PALETTE["grey"],
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    forest.set_xlim(*FOREST_LIMITS)
    forest.set_yticks(list(rows), [label for label, _, _, _ in TRIALS], fontsize=9)
    forest.invert_yaxis()
    forest.set_xlabel("primary effect, standardised (> 0 favours oxytocin)")
    forest.grid(axis="y", visible=False)
    forest.set_title("Effect with 95% CI", fontsize=10)
    counts = [n for _, n, _, _ in TRIALS]
    sizes.barh(list(rows), counts, color=[VERDICT_COLOUR[v] for _, _, v, _ in TRIALS])
    for row, n in zip(rows, counts):
        sizes.text(n * 1.05, row, f"N = {n}", va="center", fontsize=9)
    sizes.set_xscale("log")
    sizes.set_xlim(10, 900)
    sizes.set_xlabel("participants (log scale)")
    sizes.grid(axis="y", visible=False)
    sizes.tick_params(axis="y", left=False)
    sizes.set_title("Size", fontsize=10)
    fig.legend(handles=[Patch(color=colour, label=VERDICT_LABEL[verdict])
                        for verdict, colour in VERDICT_COLOUR.items()],
               loc="outside lower center", ncols=3, fontsize=8)
    return fig


def power_two_group(d: float, n1: int, n2: int, alpha: float = 0.05) -> float:
    """Power of a two-sided two-sample t test (statsmodels ``TTestIndPower``).

    Power :math:`= P(|T| > t_{1-\\alpha/2,\\,\\nu} \\mid \\delta = d\\sqrt{n_1 n_2/(n_1+n_2)})`
    with :math:`\\nu = n_1 + n_2 - 2`.
    """
    d = in_range("d", d, 0.0, D_MAX)
    n1 = integer("n1", n1, 2, N_MAX)
    n2 = integer("n2", n2, 2, N_MAX)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    return t_test_power(d, n1, alpha, n2=n2)


def n_per_arm(d: float, power: float = 0.8, alpha: float = 0.05) -> int:
    """Participants per arm for a two-arm t test to reach ``power`` at effect ``d`` (rounded up)."""
    in_range("power", power, 0.05, 0.999)
    return n_for_power(d, target=power, alpha=alpha)


def objective_profile_values(goal: str = "safety", mechanism: str = "support_buffer") -> dict[str, str]:
    """What :func:`plot_objective_profile` shows, for the caption and alt text of ``09-smart-profile``.

    Keys: ``goal`` (the goal's label), ``chosen`` and ``chosen_grade`` (the chosen rationale and
    its register grade), ``source_mechanism`` and ``source_grade`` (source document 000's mechanism
    for the goal and its grade), and ``grade_<key>`` for every rationale in :data:`MECHANISMS`
    (its grade in the evidence register).  ``ValueError`` names a bad ``goal`` or ``mechanism``.
    """
    objective = smart_objective(goal, mechanism)
    out = {"goal": objective["goal"], "chosen": objective["mechanism"],
           "chosen_grade": objective["grade"], "source_mechanism": objective["source_mechanism"],
           "source_grade": objective["source_grade"]}
    out.update({f"grade_{k}": m.grade for k, m in MECHANISMS.items()})
    return out
