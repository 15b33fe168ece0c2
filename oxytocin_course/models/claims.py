"""Browsing and grading the evidence register (``seeds/claims.csv``).

The register itself (loading, ids, selection, tables) lives in
:mod:`oxytocin_course.register`; this module holds the notebook-10 tools built
on it: the browser that counts grades in a filtered set,

.. math::  n_g = \\#\\{i : \\text{grade}_i = g,\\ i \\in \\text{filter}\\},

and the grade-it-yourself exercise, which measures the distance between the
learner's grade and the register's on the ordered scale of :data:`GRADE_NAMES`.
Nothing here is a model of nature.
"""
from __future__ import annotations

import html
import textwrap
from typing import Any

import ipywidgets as widgets
import numpy as np
from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..checks import one_of
from ..evidence import GRADE_NAMES, GRADES, badge_html
from ..explorer import Explorer, dropdown
from ..figures import new_figure
from ..register import (ALL, REGISTER_PATH, SOURCE_DOCUMENTS, SOURCES, Claim, get, load,
                        register_table_html, topics)
from ..register import select as _select
from ..style import BENEATH_LINES

CLAIMS_PATH = REGISTER_PATH
SEEDS = SOURCE_DOCUMENTS
SOURCE_LABELS = {"000": "source document 000", "001": "source document 001",
                 "002": "source document 002", "003": "source document 003",
                 "literature": "the course: claims about the literature",
                 "course": "the course: its own teaching models"}


def select(seed: str = ALL, grade: str = ALL, topic: str = ALL,
           claims: tuple[Claim, ...] | None = None, source: str = ALL) -> tuple[Claim, ...]:
    """Claims matching every filter (``"All"`` matches anything).

    ``source`` picks the claims of one source document (``"000"`` … ``"003"``), or
    ``"literature"`` / ``"course"`` for the course's own claims; ``seed`` is an older name
    for the same filter, limited to the source documents.
    """
    one_of("seed", seed, (ALL,) + SEEDS)
    if seed != ALL:
        if source not in (ALL, seed):
            raise ValueError(f"give seed or source, not both (seed={seed!r}, source={source!r})")
        source = seed
    return _select(source, grade, topic, claims)


def grade_counts(claims: tuple[Claim, ...]) -> dict[str, int]:
    """Number of claims per grade, in the order of :data:`GRADE_NAMES`."""
    counts = {grade: 0 for grade in GRADE_NAMES}
    for claim in claims:
        counts[claim.grade] += 1
    return counts


def grade_distance(a: str, b: str) -> int:
    """Steps between two grades on the ordered scale (0 = the same grade)."""
    one_of("a", a, GRADE_NAMES)
    one_of("b", b, GRADE_NAMES)
    return abs(GRADE_NAMES.index(a) - GRADE_NAMES.index(b))


def check_grade(claim_id: str, your_grade: str) -> dict:
    """Compare a learner's grade with the register's.

    Returns ``{"match": bool, "distance": int, "grade": register grade,
    "reason": str, "study": str, "cite": tuple}``.
    """
    claim = get(claim_id)
    one_of("your_grade", your_grade, GRADE_NAMES)
    return {"match": your_grade == claim.grade, "distance": grade_distance(your_grade, claim.grade),
            "grade": claim.grade, "reason": claim.reason, "study": claim.study, "cite": claim.cite}


# -- tables -------------------------------------------------------------------------------

def table_html(claims: tuple[Claim, ...], limit: int | None = None) -> str:
    """An HTML table of claims with badges and linked sources."""
    return register_table_html(claims, limit)


def show(claims: tuple[Claim, ...] | None = None, limit: int | None = None) -> HTML:
    """Display ``claims`` (all claims if ``None``) as an HTML table."""
    return HTML(table_html(load() if claims is None else claims, limit))


# -- plots and explorers -------------------------------------------------------------------

#: Space between a grade-count bar and its count label (in claims, the x unit).
_LABEL_GAP = 0.3


def plot_grade_counts(claims: tuple[Claim, ...] | None = None, title: str = "All claims") -> Figure:
    """Horizontal bars: how many claims carry each grade."""
    claims = load() if claims is None else claims
    fig, ax = new_figure(figsize=(7.0, 3.4))
    art = _counts_artists(ax, _counts_xmax(claims))
    _update_counts(art, claims)
    art["title"].set_text(title)
    return fig


def _counts_xmax(claims: tuple[Claim, ...]) -> float:
    """Right end of the count axis: room for the longest bar and its label."""
    return max(5, max(grade_counts(claims).values()) * 1.15 + 1)


def _counts_artists(ax: Axes, xmax: float) -> dict[str, Any]:
    """The grade-count chart's static parts (counts up to ``xmax``), and the artists
    :func:`_update_counts` changes."""
    rows = np.arange(len(GRADE_NAMES))
    bars = ax.barh(rows, np.zeros(rows.size), color=[GRADES[g].colour for g in GRADE_NAMES])
    ax.set_yticks(rows, GRADE_NAMES)
    ax.invert_yaxis()
    ax.set_xlabel("number of claims")
    title = ax.set_title("")
    labels = [ax.text(_LABEL_GAP, bar.get_y() + bar.get_height() / 2, "", va="center", fontsize=10)
              for bar in bars]
    ax.set_xlim(0, xmax)
    ax.grid(axis="y", visible=False)
    return {"bars": bars, "labels": labels, "title": title}


def _update_counts(art: dict[str, Any], claims: tuple[Claim, ...]) -> None:
    """Show the grade counts of ``claims``."""
    counts = grade_counts(claims)
    for bar, label, grade in zip(art["bars"], art["labels"], GRADE_NAMES):
        bar.set_width(counts[grade])
        label.set_x(counts[grade] + _LABEL_GAP)
        label.set_text(str(counts[grade]))


def _alt_counts(claims: tuple[Claim, ...], what: str) -> str:
    counts = grade_counts(claims)
    parts = ", ".join(f"{g} {n}" for g, n in counts.items() if n)
    return (f"Horizontal bar chart of evidence grades for {what}: {len(claims)} claims; "
            f"{parts}.")


#: Rows of the table under the browser's figure.
BROWSER_TABLE_ROWS = 15


def browser_explorer(hold_back: tuple[str, ...] | list[str] = ()) -> Explorer:
    """Filter the register by source document, grade and topic; bars count the grades of the
    filtered set, and a table under the figure lists the matching claims.

    ``hold_back`` lists claim ids the browser leaves out (from the bars and the table), so
    that a later prompt can ask the learner to grade them before seeing the register's grade;
    the figure's title and alt text say how many are held back.  ``ValueError`` names an id
    that is not in the register.
    """
    held = tuple(hold_back)
    for claim_id in held:
        get(claim_id)
    pool = tuple(c for c in load() if c.id not in held)
    fig, ax = new_figure(figsize=(7.0, 3.4))
    art = _counts_artists(ax, _counts_xmax(pool))
    panel = widgets.HTML()
    controls = {
        "source": dropdown("Source", [(ALL, ALL)] + [(SOURCE_LABELS[s], s) for s in SOURCES], ALL),
        "grade": dropdown("Grade", (ALL,) + GRADE_NAMES, ALL),
        "topic": dropdown("Topic", (ALL,) + topics(), ALL),
    }

    def draw(source: str, grade: str, topic: str) -> str:
        chosen = select(source=source, grade=grade, topic=topic, claims=pool)
        if not chosen:
            raise ValueError(f"no claim matches source={source}, grade={grade}, topic={topic}; "
                             "widen a filter")
        _update_counts(art, chosen)
        what = ", ".join(f"{k} {v}" for k, v in (("source", source), ("grade", grade), ("topic", topic))
                         if v != ALL) or "all claims"
        note = f"; {len(held)} held back for later" if held else ""
        art["title"].set_text(f"{len(chosen)} claims ({what}{note})")
        panel.value = table_html(chosen, limit=BROWSER_TABLE_ROWS)
        return _alt_counts(chosen, what) + (f" {len(held)} claims are held back for a later "
                                            "exercise." if held else "")

    return Explorer("10-claims-browser", fig, controls, draw, animated=art,
                    title="Claims register browser", page_control="source", panel=panel)


def plot_grade_scale(claim_id: str = "S001-01", your_grade: str = "Mixed") -> Figure:
    """The six grades as a row of boxes; the learner's pick outlined, the register's filled."""
    fig, ax = new_figure(figsize=(7.4, 2.6))
    _update_scale(_scale_artists(ax), claim_id, your_grade)
    return fig


def _scale_artists(ax: Axes) -> dict[str, Any]:
    """The grade scale's static parts (six boxes and their names), and the artists
    :func:`_update_scale` changes."""
    x = np.arange(len(GRADE_NAMES))
    ax.scatter(x, np.zeros_like(x), s=900, marker="s", facecolor="white",
               edgecolor=[GRADES[g].colour for g in GRADE_NAMES], linewidth=1.5, zorder=1)
    # The grade names and the legend sit below the row of boxes and never overlap the
    # markers: drawn under them (zorder 1), they stay out of the explorer's redrawn layer.
    for xi, grade in zip(x, GRADE_NAMES):
        ax.text(xi, -0.42, grade.replace(" ", "\n"), ha="center", va="top", fontsize=9, zorder=1)
    register_grade = ax.scatter([0], [0], s=520, marker="s", color="#444444", zorder=2,
                                label="register's grade")
    your_grade = ax.scatter([0], [0], s=1300, marker="s", facecolor="none", edgecolor="#E69F00",
                            linewidth=3, zorder=3, label="your grade")
    title = ax.set_title("", fontsize=10, loc="left")
    verdict = ax.text(0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                      fontweight="bold")
    ax.set_xlim(-0.6, len(GRADE_NAMES) - 0.4)
    ax.set_ylim(-1.1, 0.6)
    ax.axis("off")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, -0.05), ncol=2, fontsize=9, frameon=False,
              markerscale=0.4, handletextpad=0.5, columnspacing=1.5).set_zorder(BENEATH_LINES)
    return {"register_grade": register_grade, "your_grade": your_grade, "title": title,
            "verdict": verdict}


#: The claim shown as the grade scale's title: wrapped at this many characters a line,
#: and cut at :data:`_TITLE_CHARS` characters in all.
_TITLE_WIDTH = 95
_TITLE_CHARS = 300


def _update_scale(art: dict[str, Any], claim_id: str, your_grade: str, reveal: bool = True) -> str:
    """Show ``your_grade`` for claim ``claim_id`` (and the register's if ``reveal``); the alt text."""
    result = check_grade(claim_id, your_grade)
    claim = get(claim_id)
    art["register_grade"].set_offsets([[GRADE_NAMES.index(result["grade"]), 0]])
    art["register_grade"].set_color(GRADES[result["grade"]].colour)
    art["register_grade"].set_visible(reveal)
    art["your_grade"].set_offsets([[GRADE_NAMES.index(your_grade), 0]])
    art["title"].set_text(textwrap.fill(f"{claim.id}: {claim.claim}", _TITLE_WIDTH)[:_TITLE_CHARS])
    if not reveal:
        art["verdict"].set_text("Commit to a grade, then tick Reveal")
        return (f"Six grade boxes from Established to Illustrative model. Claim {claim.id}. "
                f"Your grade: {your_grade}. The register's grade is hidden until you reveal it.")
    art["verdict"].set_text("Same grade as the register" if result["match"]
                            else f"{result['distance']} step(s) from the register")
    return (f"Six grade boxes from Established to Illustrative model. Claim {claim.id}. "
            f"Your grade: {your_grade}. The register's grade: {result['grade']}. "
            + ("They match." if result["match"] else f"They are {result['distance']} step(s) apart."))


#: Width of the claim dropdown: wide enough for an id and a short claim.
_CLAIM_CONTROL_WIDTH = "48em"


def grade_it_yourself_explorer(claim_id: str = "S001-09") -> Explorer:
    """Pick a claim, commit to a grade; the figure and a note show the register's grade and why."""
    get(claim_id)
    fig, ax = new_figure(figsize=(7.4, 2.6))
    art = _scale_artists(ax)
    panel = widgets.HTML()
    controls = {
        "claim_id": dropdown("Claim", [(f"{c.id}: {c.short}", c.id) for c in load()], claim_id),
        "your_grade": dropdown("Your grade", GRADE_NAMES, "Established"),
        "reveal": widgets.Checkbox(value=False, description="Reveal the register's grade"),
    }
    controls["claim_id"].layout.width = _CLAIM_CONTROL_WIDTH

    def draw(claim_id: str, your_grade: str, reveal: bool) -> str:
        alt = _update_scale(art, claim_id, your_grade, reveal)
        if not reveal:
            panel.value = ("<p><em>Choose your grade first, then tick Reveal to see the "
                           "register's.</em></p>")
            return alt
        claim = get(claim_id)
        panel.value = (f"<p><strong>Register:</strong> {badge_html(claim.grade)} "
                       f"{html.escape(claim.reason)}<br><strong>What the study did:</strong> "
                       f"{html.escape(claim.study)}</p>")
        return alt

    return Explorer("10-grade-it-yourself", fig, controls, draw, animated=art,
                    title="Grade it yourself", panel=panel)


# -- figure values (numbers for captions and alt text) -------------------------------------

def grade_count_values(claims: tuple[Claim, ...] | None = None) -> dict[str, int]:
    """The counts shown by :func:`plot_grade_counts` for ``claims`` (all claims if ``None``).

    Fills the caption and alt text of the grade-count figures (``09-enhancer-grades``:
    source documents 002 and 003; ``10-article-grades``: source document 001).  Keys:
    ``n_total`` (number of claims), ``n_<grade>`` for each grade in :data:`GRADE_NAMES`
    (lower case, spaces as underscores: ``n_established`` … ``n_illustrative_model``) and
    ``n_established_or_supported``.  Counts come from :func:`grade_counts`, so the text and
    the bars cannot disagree.  ``ValueError`` names ``claims`` if it is not a sequence of
    register claims.
    """
    claims = load() if claims is None else claims
    if not isinstance(claims, (tuple, list)) or not all(isinstance(c, Claim) for c in claims):
        raise ValueError("claims must be a tuple of evidence-register claims (from select or load)")
    counts = grade_counts(tuple(claims))
    out = {"n_total": len(claims)}
    out.update({"n_" + g.lower().replace(" ", "_"): n for g, n in counts.items()})
    out["n_established_or_supported"] = counts["Established"] + counts["Supported"]
    return out


def grade_scale_values(claim_id: str = "S001-01", your_grade: str = "Mixed") -> dict[str, object]:
    """What :func:`plot_grade_scale` shows for ``claim_id`` and the learner's ``your_grade``.

    Fills the caption and alt text of figure ``10-grade-scale``.  Keys: ``claim_id``,
    ``your_grade``, ``register_grade`` (the register's grade), ``distance`` (steps between
    the two on the ordered scale, from :func:`grade_distance`) and ``verdict`` ("they match"
    or "they are N step(s) apart").  ``ValueError`` names a bad ``claim_id`` or ``your_grade``.
    """
    if not any(c.id == claim_id for c in load()):
        raise ValueError(f"claim_id must be an id of the evidence register seeds/claims.csv "
                         f"(e.g. 'S001-01'); got {claim_id!r}")
    res = check_grade(claim_id, your_grade)
    verdict = "they match" if res["match"] else f"they are {res['distance']} step(s) apart"
    return {"claim_id": claim_id, "your_grade": your_grade, "register_grade": res["grade"],
            "distance": res["distance"], "verdict": verdict}
