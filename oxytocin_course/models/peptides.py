"""Oxytocin and its relatives as sequences: compare two nonapeptides residue by residue.

Notebook 01 ("The molecule and the body").  Not a dynamical model: the data are
the sequences, and the functions make the comparison explicit.

Notation (notebook 01).  A peptide is a tuple of nine residues
``p = (p_1, ..., p_9)`` (three-letter codes); position 9 carries the
C-terminal amide (glycinamide, ``Gly-NH2``).  Cys1 and Cys6 are joined by a
disulfide bond, which closes a six-residue ring and leaves a three-residue tail
(positions 7–9).  The set of differing positions is

    D(a, b) = { i in 1..9 : a_i != b_i }.

Counting: nine amino-acid residues.  Older texts that count the disulfide-linked
pair Cys1–Cys6 as one *cystine* arrive at eight ("octapeptide"):
``n_cystine_count = 9 - 1``.

Sources of the sequences: oxytocin and arginine vasopressin are the standard
sequences (du Vigneaud et al. 1953 for oxytocin; the IUPHAR/BPS Guide to
Pharmacology for the comparison).  Lysine vasopressin
(the pig's vasopressin) is included from secondary sources only and is marked
``source_grade="S"``.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
from matplotlib.patches import FancyBboxPatch

from ..checks import one_of
from ..explorer import Explorer
from ..figures import new_figure
from ..style import PALETTE, ROLE

__all__ = [
    "Peptide", "PEPTIDES", "NAMES", "DISULFIDE", "sequence", "one_letter", "compare",
    "differences", "residue_count", "sequence_figure_values", "plot_sequences",
    "sequence_explorer",
]

#: One-letter codes for the residues used here.
ONE_LETTER = {"Cys": "C", "Tyr": "Y", "Ile": "I", "Phe": "F", "Gln": "Q", "Asn": "N",
              "Pro": "P", "Leu": "L", "Arg": "R", "Lys": "K", "Gly": "G"}

#: The disulfide bridge, as 1-based positions.
DISULFIDE = (1, 6)


@dataclass(frozen=True)
class Peptide:
    """A neurohypophysial nonapeptide: name, residues (three-letter), provenance."""
    name: str
    short: str
    residues: tuple[str, ...]
    source: str
    source_grade: str  # "P" primary / reference database, "S" secondary only

    @property
    def one_letter(self) -> str:
        return "".join(ONE_LETTER[r] for r in self.residues) + "-NH2"


PEPTIDES: dict[str, Peptide] = {
    "oxytocin": Peptide(
        "oxytocin", "OT", ("Cys", "Tyr", "Ile", "Gln", "Asn", "Cys", "Pro", "Leu", "Gly"),
        "du Vigneaud et al. 1953; IUPHAR/BPS Guide to Pharmacology", "P"),
    "arginine vasopressin": Peptide(
        "arginine vasopressin", "AVP", ("Cys", "Tyr", "Phe", "Gln", "Asn", "Cys", "Pro", "Arg", "Gly"),
        "IUPHAR/BPS Guide to Pharmacology (vasopressin and oxytocin receptors)", "P"),
    "lysine vasopressin": Peptide(
        "lysine vasopressin", "LVP", ("Cys", "Tyr", "Phe", "Gln", "Asn", "Cys", "Pro", "Lys", "Gly"),
        "secondary sources only (the vasopressin of pigs)", "S"),
}

#: Names accepted by the functions below.
NAMES: tuple[str, ...] = tuple(PEPTIDES)


def _peptide(argname: str, name: str) -> Peptide:
    one_of(argname, name, NAMES)
    return PEPTIDES[name]


def sequence(name: str) -> tuple[str, ...]:
    """The nine residues of peptide ``name`` (three-letter codes; position 9 is amidated)."""
    return _peptide("name", name).residues


def one_letter(name: str) -> str:
    """One-letter sequence with the C-terminal amide, e.g. ``CYIQNCPLG-NH2``."""
    return _peptide("name", name).one_letter


def compare(a: str, b: str) -> list[int]:
    """Positions (1-based) at which peptides ``a`` and ``b`` differ: D(a, b).

    >>> compare("oxytocin", "arginine vasopressin")
    [3, 8]
    """
    pa, pb = _peptide("a", a), _peptide("b", b)
    return [i + 1 for i, (x, y) in enumerate(zip(pa.residues, pb.residues)) if x != y]


def differences(a: str, b: str) -> list[tuple[int, str, str]]:
    """``(position, residue in a, residue in b)`` for every differing position."""
    pa, pb = _peptide("a", a), _peptide("b", b)
    return [(i, pa.residues[i - 1], pb.residues[i - 1]) for i in compare(a, b)]


def residue_count(name: str = "oxytocin", *, cystine_as_one: bool = False) -> int:
    """Residues in peptide ``name``: 9, or 8 if the Cys1–Cys6 pair is counted as one cystine."""
    n = len(_peptide("name", name).residues)
    return n - 1 if cystine_as_one else n


def sequence_figure_values(a: str = "oxytocin", b: str = "arginine vasopressin"
                           ) -> dict[str, str | int]:
    """The text quoted in the caption and alt text of figure ``01-sequence-default``.

    For :func:`plot_sequences` with the same arguments: ``a_name``, ``b_name``
    and ``a_short``, ``b_short`` (the peptides); ``a_residues``, ``b_residues``
    (their residues, comma-separated three-letter codes); ``n_residues``;
    ``positions``, the differing positions from :func:`compare` ("3 and 8", or
    "none"); ``changes``, each with its residues ("3 (Ile vs Phe) and 8 (Leu vs
    Arg)", from :func:`differences`); ``n_differ``, how many positions differ;
    ``ss_1``, ``ss_2``: the disulfide-bridged positions.
    """
    pa, pb = _peptide("a", a), _peptide("b", b)

    def _and(items: list[str]) -> str:
        if not items:
            return "none"
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    diffs = differences(a, b)
    return {"a_name": pa.name, "b_name": pb.name, "a_short": pa.short, "b_short": pb.short,
            "a_residues": ", ".join(pa.residues), "b_residues": ", ".join(pb.residues),
            "n_residues": len(pa.residues),
            "positions": _and([str(p) for p in compare(a, b)]),
            "changes": _and([f"{p} ({x} vs {y})" for p, x, y in diffs]),
            "n_differ": len(diffs), "ss_1": DISULFIDE[0], "ss_2": DISULFIDE[1]}


# -- plot ---------------------------------------------------------------------------

_BOX_W, _BOX_H = 0.86, 0.62
_SAME, _DIFF = "#E8EEF4", PALETTE["orange"]


def _layout(fig_ax):
    """Draw the static parts of the residue grid; return the artists to update."""
    fig, ax = fig_ax
    ax.set_xlim(0.2, 10.3)
    ax.set_ylim(-0.55, 2.75)
    ax.set_axis_off()
    rows = []
    for row, y in enumerate((1.75, 0.45)):
        boxes, texts = [], []
        for i in range(9):
            box = FancyBboxPatch((i + 1 - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H,
                                 boxstyle="round,pad=0.02,rounding_size=0.08",
                                 facecolor=_SAME, edgecolor="#4A4A4A", linewidth=1.0)
            ax.add_patch(box)
            boxes.append(box)
            texts.append(ax.text(i + 1, y, "", ha="center", va="center", fontsize=11))
        label = ax.text(0.45, y, "", ha="right", va="center", fontsize=11, fontweight="bold")
        amide = ax.text(9.5, y, "–NH₂", ha="left", va="center", fontsize=10, color="#333333")
        # Disulfide bracket between positions 1 and 6 (above the top row, below the bottom row).
        sign = 1 if row == 0 else -1
        yb = y + sign * (_BOX_H / 2 + 0.06)
        yt = yb + sign * 0.22
        ax.plot([1, 1, 6, 6], [yb, yt, yt, yb], color=PALETTE["grey"], linewidth=1.4)
        ax.text(3.5, yt + sign * 0.02, "S–S (Cys1–Cys6)", ha="center",
                va="bottom" if sign > 0 else "top", fontsize=9, color="#333333")
        rows.append({"boxes": boxes, "texts": texts, "label": label, "amide": amide})
    for i in range(9):
        ax.text(i + 1, 1.1, str(i + 1), ha="center", va="center", fontsize=9, color="#555555")
    ax.text(9.95, 1.1, "position", ha="left", va="center", fontsize=8, color="#555555")
    title = ax.set_title("", fontsize=12)
    return {"rows": rows, "title": title}


def _update(art, a: str, b: str) -> str:
    pa, pb = _peptide("a", a), _peptide("b", b)
    diff = set(compare(a, b))
    for row, pep in zip(art["rows"], (pa, pb)):
        row["label"].set_text(pep.short + ("*" if pep.source_grade == "S" else ""))
        for i, (box, txt) in enumerate(zip(row["boxes"], row["texts"])):
            pos = i + 1
            txt.set_text(pep.residues[i])
            txt.set_fontweight("bold" if pos in diff else "normal")
            box.set_facecolor(_DIFF if pos in diff else _SAME)
            box.set_linewidth(2.2 if pos in diff else 1.0)
    if diff:
        where = " and ".join(str(p) for p in sorted(diff))
        art["title"].set_text(f"{pa.short} vs {pb.short}: differ at position{'s' if len(diff) > 1 else ''} {where}")
    else:
        art["title"].set_text(f"{pa.short} vs {pb.short}: identical sequences")
    changes = "; ".join(f"position {p}: {x} in {pa.short}, {y} in {pb.short}"
                        for p, x, y in differences(a, b)) or "no positions differ"
    note = " (LVP is from secondary sources only)" if "S" in (pa.source_grade, pb.source_grade) else ""
    return (f"Residue grid of two nonapeptides, {pa.name} (top row) and {pb.name} (bottom row), "
            f"positions 1 to 9 left to right, each ending in a C-terminal amide and bridged by a "
            f"disulfide between Cys1 and Cys6. Highlighted boxes mark differences: {changes}.{note}")


def plot_sequences(a: str = "oxytocin", b: str = "arginine vasopressin"):
    """Residue grid of peptides ``a`` (top) and ``b`` (bottom), differences highlighted."""
    _peptide("a", a), _peptide("b", b)
    fig, ax = new_figure(figsize=(7.6, 2.9))
    art = _layout((fig, ax))
    _update(art, a, b)
    return fig


def sequence_explorer() -> Explorer:
    """Pick two peptides; the grid highlights the positions where they differ."""
    fig, ax = new_figure(figsize=(7.6, 2.9))
    art = _layout((fig, ax))
    options = [(f"{p.name} ({p.short}){' — secondary source' if p.source_grade == 'S' else ''}", k)
               for k, p in PEPTIDES.items()]
    controls = {
        "a": widgets.Dropdown(options=options, value="oxytocin", description="Top row",
                              style={"description_width": "initial"},
                              layout=widgets.Layout(width="32em")),
        "b": widgets.Dropdown(options=options, value="arginine vasopressin",
                              description="Bottom row", style={"description_width": "initial"},
                              layout=widgets.Layout(width="32em")),
    }

    def draw(a: str, b: str) -> str:
        return _update(art, a, b)

    return Explorer("01-sequence-explorer", fig, controls, draw,
                    title="Compare two neurohypophysial peptides", kernel_free="b")
