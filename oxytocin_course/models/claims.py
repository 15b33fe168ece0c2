"""The claims register (``seeds/claims.csv``): load it, browse it, grade it yourself.

Each row of the register is one claim from a seed document, paraphrased, with
what the cited (or best available) study actually did, the course's evidence
grade, a one- or two-sentence reason, and bibliography keys.  Claims from seed
000 keep that document's ``LLM`` mark (``llm_tagged`` = ``yes``/``no``).

Nothing here is a model of nature: the browser counts grades in a filtered set,

.. math::  n_g = \\#\\{i : \\text{grade}_i = g,\\ i \\in \\text{filter}\\},

and the grade-it-yourself exercise measures the distance between the learner's
grade and the register's on the ordered scale of :data:`GRADE_NAMES`.
"""
from __future__ import annotations

import csv
import functools
import html
import textwrap
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import numpy as np

from ..checks import one_of
from ..evidence import GRADE_NAMES, GRADES, badge_html
from ..explorer import Explorer
from ..figures import new_figure
from ..references import ROOT

CLAIMS_PATH = ROOT / "seeds" / "claims.csv"
COLUMNS = ("id", "seed", "topic", "claim", "study", "grade", "reason", "cite", "llm_tagged")
SEEDS = ("000", "001", "002", "003")
ALL = "All"


@dataclass(frozen=True)
class Claim:
    id: str
    seed: str
    topic: str
    claim: str
    study: str
    grade: str
    reason: str
    cite: tuple[str, ...]
    llm_tagged: str

    @property
    def short(self) -> str:
        return textwrap.shorten(self.claim, 70, placeholder="…")


def _parse(row: dict[str, str], line: int) -> Claim:
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise ValueError(f"claims.csv line {line}: missing column(s) {missing}")
    for c in ("id", "seed", "topic", "claim", "study", "grade", "reason"):
        if not (row[c] or "").strip():
            raise ValueError(f"claims.csv line {line}: empty {c!r}")
    if row["grade"] not in GRADES:
        raise ValueError(f"claims.csv line {line}: grade must be one of {', '.join(GRADE_NAMES)}; "
                         f"got {row['grade']!r}")
    cite = tuple(k.strip() for k in (row["cite"] or "").split(";") if k.strip())
    return Claim(row["id"].strip(), row["seed"].strip(), row["topic"].strip(), row["claim"].strip(),
                 row["study"].strip(), row["grade"], row["reason"].strip(), cite,
                 (row["llm_tagged"] or "").strip())


@functools.lru_cache(maxsize=4)
def load(path: str | Path = CLAIMS_PATH) -> tuple[Claim, ...]:
    """Every claim of the register, in file order (cached)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return tuple(_parse(row, i + 2) for i, row in enumerate(reader))


def get(claim_id: str) -> Claim:
    """The claim with id ``claim_id`` (``ValueError`` naming it if unknown)."""
    for c in load():
        if c.id == claim_id:
            return c
    raise ValueError(f"claim_id must be an id in seeds/claims.csv (e.g. 'S001-01'); got {claim_id!r}")


def topics() -> tuple[str, ...]:
    return tuple(sorted({c.topic for c in load()}))


def select(seed: str = ALL, grade: str = ALL, topic: str = ALL,
           claims: tuple[Claim, ...] | None = None) -> tuple[Claim, ...]:
    """Claims matching every filter (``"All"`` matches anything)."""
    claims = load() if claims is None else claims
    one_of("seed", seed, (ALL,) + SEEDS)
    one_of("grade", grade, (ALL,) + GRADE_NAMES)
    one_of("topic", topic, (ALL,) + topics())
    return tuple(c for c in claims
                 if (seed == ALL or c.seed == seed) and (grade == ALL or c.grade == grade)
                 and (topic == ALL or c.topic == topic))


def grade_counts(claims: tuple[Claim, ...]) -> dict[str, int]:
    """Number of claims per grade, in the order of :data:`GRADE_NAMES`."""
    counts = {g: 0 for g in GRADE_NAMES}
    for c in claims:
        counts[c.grade] += 1
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
    c = get(claim_id)
    one_of("your_grade", your_grade, GRADE_NAMES)
    return {"match": your_grade == c.grade, "distance": grade_distance(your_grade, c.grade),
            "grade": c.grade, "reason": c.reason, "study": c.study, "cite": c.cite}


# -- tables -------------------------------------------------------------------------------

def table_html(claims: tuple[Claim, ...], limit: int | None = None) -> str:
    """An HTML table of claims with badges and linked sources."""
    from ..references import cite_html

    rows = []
    for c in claims[:limit] if limit else claims:
        llm = ' <span title="statement tagged LLM (unsourced) in seed 000">[LLM]</span>' \
            if c.llm_tagged == "yes" else ""
        keys = [k for k in c.cite if not k.startswith("seed")]
        src = cite_html(keys) if keys else "the seed itself"
        rows.append(
            f"<tr><td>{html.escape(c.id)}</td><td>{html.escape(c.claim)}{llm}</td>"
            f"<td>{html.escape(c.study)}</td><td>{badge_html(c.grade)}<br>"
            f"<small>{html.escape(c.reason)}</small></td><td>{src}</td></tr>")
    more = ""
    if limit and len(claims) > limit:
        more = f"<p><em>{len(claims) - limit} more claims match; narrow the filters.</em></p>"
    return ('<table class="oxy-claims"><caption>Claims register</caption><thead><tr>'
            '<th scope="col">Id</th><th scope="col">Claim (paraphrased)</th>'
            '<th scope="col">What the study did</th><th scope="col">Grade and reason</th>'
            '<th scope="col">Sources</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>" + more)


def show(claims: tuple[Claim, ...] | None = None, limit: int | None = None):
    from IPython.display import HTML

    return HTML(table_html(load() if claims is None else claims, limit))


# -- plots and explorers -------------------------------------------------------------------

def plot_grade_counts(claims: tuple[Claim, ...] | None = None, title: str = "All claims"):
    """Horizontal bars: how many claims carry each grade."""
    claims = load() if claims is None else claims
    counts = grade_counts(claims)
    fig, ax = new_figure(figsize=(7.0, 3.4))
    y = np.arange(len(GRADE_NAMES))
    bars = ax.barh(y, [counts[g] for g in GRADE_NAMES],
                   color=[GRADES[g].colour for g in GRADE_NAMES])
    ax.set_yticks(y, GRADE_NAMES)
    ax.invert_yaxis()
    ax.set_xlabel("number of claims")
    ax.set_title(title)
    labels = [ax.text(b.get_width() + 0.3, b.get_y() + b.get_height() / 2, str(counts[g]),
                      va="center", fontsize=10) for b, g in zip(bars, GRADE_NAMES)]
    ax.set_xlim(0, max(5, max(counts.values()) * 1.15 + 1))
    ax.grid(axis="y", visible=False)
    fig._oxy = {"ax": ax, "bars": bars, "labels": labels}  # type: ignore[attr-defined]
    return fig


def _alt_counts(claims: tuple[Claim, ...], what: str) -> str:
    counts = grade_counts(claims)
    parts = ", ".join(f"{g} {n}" for g, n in counts.items() if n)
    return (f"Horizontal bar chart of evidence grades for {what}: {len(claims)} claims; "
            f"{parts}.")


def browser_explorer() -> Explorer:
    """Filter the register by seed, grade and topic; bars count the grades of the filtered set,
    and a table under the figure lists the matching claims."""
    fig = plot_grade_counts(load(), "All claims")
    art = fig._oxy  # type: ignore[attr-defined]
    table = widgets.HTML()
    controls = {
        "seed": widgets.Dropdown(options=[(ALL, ALL)] + [(f"seed {s}", s) for s in SEEDS],
                                 value=ALL, description="Seed"),
        "grade": widgets.Dropdown(options=(ALL,) + GRADE_NAMES, value=ALL, description="Grade"),
        "topic": widgets.Dropdown(options=(ALL,) + topics(), value=ALL, description="Topic"),
    }
    xmax = max(grade_counts(load()).values()) * 1.15 + 1

    def draw(seed: str, grade: str, topic: str) -> str:
        chosen = select(seed, grade, topic)
        if not chosen:
            raise ValueError(f"no claim matches seed={seed}, grade={grade}, topic={topic}; "
                             "widen a filter")
        counts = grade_counts(chosen)
        for bar, label, g in zip(art["bars"], art["labels"], GRADE_NAMES):
            bar.set_width(counts[g])
            label.set_x(counts[g] + 0.3)
            label.set_text(str(counts[g]))
        art["ax"].set_xlim(0, xmax)
        what = ", ".join(f"{k} {v}" for k, v in (("seed", seed), ("grade", grade), ("topic", topic))
                         if v != ALL) or "all claims"
        art["ax"].set_title(f"{len(chosen)} claims ({what})")
        table.value = table_html(chosen, limit=15)
        return _alt_counts(chosen, what)

    ex = Explorer("10-claims-browser", fig, controls, draw, title="Claims register browser",
                  kernel_free="seed", details=table)
    return ex


def plot_grade_scale(claim_id: str = "S001-01", your_grade: str = "Mixed"):
    """The six grades as a row of boxes; the learner's pick outlined, the register's filled."""
    fig, ax = new_figure(figsize=(7.4, 2.6))
    x = np.arange(len(GRADE_NAMES))
    ax.scatter(x, np.zeros_like(x), s=900, marker="s", facecolor="white",
               edgecolor=[GRADES[g].colour for g in GRADE_NAMES], linewidth=1.5, zorder=1)
    for xi, g in zip(x, GRADE_NAMES):
        ax.text(xi, -0.42, g.replace(" ", "\n"), ha="center", va="top", fontsize=9)
    reg = ax.scatter([0], [0], s=520, marker="s", color="#444444", zorder=2,
                     label="register's grade")
    you = ax.scatter([0], [0], s=1300, marker="s", facecolor="none", edgecolor="#E69F00",
                     linewidth=3, zorder=3, label="your grade")
    title = ax.set_title("", fontsize=10, loc="left")
    verdict = ax.text(0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                      fontweight="bold")
    ax.set_xlim(-0.6, len(GRADE_NAMES) - 0.4)
    ax.set_ylim(-1.1, 0.6)
    ax.axis("off")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, -0.05), ncol=2, fontsize=9, frameon=False,
              markerscale=0.4, handletextpad=0.5, columnspacing=1.5)
    fig._oxy = {"reg": reg, "you": you, "title": title, "verdict": verdict}  # type: ignore[attr-defined]
    _update_scale(fig, claim_id, your_grade)
    return fig


def _update_scale(fig, claim_id: str, your_grade: str, reveal: bool = True) -> str:
    art = fig._oxy
    res = check_grade(claim_id, your_grade)
    c = get(claim_id)
    art["reg"].set_offsets([[GRADE_NAMES.index(res["grade"]), 0]])
    art["reg"].set_color(GRADES[res["grade"]].colour)
    art["reg"].set_visible(reveal)
    art["you"].set_offsets([[GRADE_NAMES.index(your_grade), 0]])
    art["title"].set_text(textwrap.fill(f"{c.id}: {c.claim}", 95)[:300])
    if not reveal:
        art["verdict"].set_text("Commit to a grade, then tick Reveal")
        return (f"Six grade boxes from Established to Illustrative model. Claim {c.id}. "
                f"Your grade: {your_grade}. The register's grade is hidden until you reveal it.")
    art["verdict"].set_text("Same grade as the register" if res["match"]
                            else f"{res['distance']} step(s) from the register")
    return (f"Six grade boxes from Established to Illustrative model. Claim {c.id}. "
            f"Your grade: {your_grade}. The register's grade: {res['grade']}. "
            + ("They match." if res["match"] else f"They are {res['distance']} step(s) apart."))


def grade_it_yourself_explorer(claim_id: str = "S001-09") -> Explorer:
    """Pick a claim, commit to a grade; the figure and a note show the register's grade and why."""
    get(claim_id)
    fig = plot_grade_scale(claim_id, "Established")
    note = widgets.HTML()
    controls = {
        "claim_id": widgets.Dropdown(options=[(f"{c.id}: {c.short}", c.id) for c in load()],
                                     value=claim_id, description="Claim",
                                     layout=widgets.Layout(width="48em")),
        "your_grade": widgets.Dropdown(options=GRADE_NAMES, value="Established",
                                       description="Your grade"),
        "reveal": widgets.Checkbox(value=False, description="Reveal the register's grade"),
    }

    def draw(claim_id: str, your_grade: str, reveal: bool) -> str:
        alt = _update_scale(fig, claim_id, your_grade, reveal)
        c = get(claim_id)
        if not reveal:
            note.value = "<p><em>Choose your grade first, then tick Reveal to see the register's.</em></p>"
            return alt
        note.value = (f"<p><strong>Register:</strong> {badge_html(c.grade)} {html.escape(c.reason)}"
                      f"<br><strong>What the study did:</strong> {html.escape(c.study)}</p>")
        return alt

    ex = Explorer("10-grade-it-yourself", fig, controls, draw, title="Grade it yourself",
                  details=note)
    return ex
