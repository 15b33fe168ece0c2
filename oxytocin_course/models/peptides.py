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
``source_grade="S"``.  The sequences are data, read from
``data/published/peptides_sequences.yaml`` (:func:`oxytocin_course.published.load`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from .. import published
from ..checks import one_of
from ..explorer import Explorer, dropdown
from ..figures import new_figure
from ..style import BENEATH_DATA, PALETTE

__all__ = [
    "Peptide", "PEPTIDES", "NAMES", "DISULFIDE", "sequence", "one_letter", "compare",
    "differences", "residue_count", "sequence_figure_values", "plot_sequences",
    "sequence_explorer",
]

#: One-letter codes for the residues used here.
ONE_LETTER = {"Cys": "C", "Tyr": "Y", "Ile": "I", "Phe": "F", "Gln": "Q", "Asn": "N",
              "Pro": "P", "Leu": "L", "Arg": "R", "Lys": "K", "Gly": "G"}
#: Grade of a sequence known from secondary sources only (the other grade, "P", is a
#: primary paper or a reference database).
SECONDARY = "S"


@dataclass(frozen=True)
class Peptide:
    """A neurohypophysial nonapeptide: name, residues (three-letter), provenance."""
    name: str
    short: str
    residues: tuple[str, ...]
    source: str
    source_grade: str  # "P" primary / reference database, "S" secondary only
    cite: str          # its key in seeds/references.bib

    @property
    def one_letter(self) -> str:
        return "".join(ONE_LETTER[r] for r in self.residues) + "-NH2"


def _load_peptides() -> tuple[dict[str, Peptide], tuple[int, int]]:
    """The peptides of ``peptides_sequences.yaml``, and the disulfide bridge they share."""
    records = published.load("peptides_sequences")
    peptides = {r["name"]: Peptide(r["name"], r["short"], tuple(r["residues"]), r["source"],
                                   r["source_grade"], r["cite"]) for r in records}
    bridges = {tuple(r["disulfide"]) for r in records}
    if len(bridges) != 1:
        raise ValueError(f"peptides_sequences: the peptides must share one disulfide bridge; "
                         f"got {sorted(bridges)}")
    return peptides, bridges.pop()


PEPTIDES: dict[str, Peptide]
#: The disulfide bridge, as 1-based positions.
DISULFIDE: tuple[int, int]
PEPTIDES, DISULFIDE = _load_peptides()

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


def _and(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``; ``"none"`` for no items."""
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
    diffs = differences(a, b)
    return {"a_name": pa.name, "b_name": pb.name, "a_short": pa.short, "b_short": pb.short,
            "a_residues": ", ".join(pa.residues), "b_residues": ", ".join(pb.residues),
            "n_residues": len(pa.residues),
            "positions": _and([str(p) for p in compare(a, b)]),
            "changes": _and([f"{p} ({x} vs {y})" for p, x, y in diffs]),
            "n_differ": len(diffs), "ss_1": DISULFIDE[0], "ss_2": DISULFIDE[1]}


# -- plot ---------------------------------------------------------------------------

_BOX_WIDTH, _BOX_HEIGHT = 0.86, 0.62
_SAME_COLOUR, _DIFF_COLOUR = "#E8EEF4", PALETTE["orange"]
#: Line widths of a box whose residue differs between the rows, and of one that does not.
_DIFF_EDGE, _SAME_EDGE = 2.2, 1.0
#: Heights of the top and bottom rows, and of the position numbers between them.
_ROW_Y = (1.75, 0.45)
_POSITION_Y = 1.1
# The static labels around the grid overlap no residue box and sit beneath the boxes
# (BENEATH_DATA), so that the explorer leaves them in its background.


def _sequence_artists(ax: Axes) -> dict[str, Any]:
    """Draw the static parts of the residue grid; return the artists that change."""
    ax.set_xlim(0.2, 10.3)
    ax.set_ylim(-0.55, 2.75)
    ax.set_axis_off()
    static = {"zorder": BENEATH_DATA}
    rows = []
    n_positions = len(next(iter(PEPTIDES.values())).residues)
    first, last = DISULFIDE
    for row, y in enumerate(_ROW_Y):
        boxes, texts = [], []
        for i in range(n_positions):
            box = FancyBboxPatch((i + 1 - _BOX_WIDTH / 2, y - _BOX_HEIGHT / 2), _BOX_WIDTH,
                                 _BOX_HEIGHT, boxstyle="round,pad=0.02,rounding_size=0.08",
                                 facecolor=_SAME_COLOUR, edgecolor="#4A4A4A", linewidth=_SAME_EDGE)
            ax.add_patch(box)
            boxes.append(box)
            texts.append(ax.text(i + 1, y, "", ha="center", va="center", fontsize=11))
        label = ax.text(0.45, y, "", ha="right", va="center", fontsize=11, fontweight="bold")
        ax.text(n_positions + 0.5, y, "–NH₂", ha="left", va="center", fontsize=10,
                color="#333333", **static)
        # Disulfide bracket between the bridged positions (above the top row, below the bottom row).
        sign = 1 if row == 0 else -1
        bracket_foot = y + sign * (_BOX_HEIGHT / 2 + 0.06)
        bracket_top = bracket_foot + sign * 0.22
        ax.plot([first, first, last, last], [bracket_foot, bracket_top, bracket_top, bracket_foot],
                color=PALETTE["grey"], linewidth=1.4, **static)
        ax.text((first + last) / 2, bracket_top + sign * 0.02, f"S–S (Cys{first}–Cys{last})",
                ha="center", va="bottom" if sign > 0 else "top", fontsize=9, color="#333333",
                **static)
        rows.append({"boxes": boxes, "texts": texts, "label": label})
    for i in range(n_positions):
        ax.text(i + 1, _POSITION_Y, str(i + 1), ha="center", va="center", fontsize=9,
                color="#555555", **static)
    ax.text(n_positions + 0.95, _POSITION_Y, "position", ha="left", va="center", fontsize=8,
            color="#555555", **static)
    return {"rows": rows, "title": ax.set_title("", fontsize=12)}


def _update_sequences(art: dict[str, Any], a: str, b: str) -> str:
    """Show peptide ``a`` in the top row and ``b`` in the bottom row; the alt text."""
    pa, pb = _peptide("a", a), _peptide("b", b)
    diff = set(compare(a, b))
    for row, pep in zip(art["rows"], (pa, pb)):
        row["label"].set_text(pep.short + ("*" if pep.source_grade == SECONDARY else ""))
        for position, (box, text, residue) in enumerate(
                zip(row["boxes"], row["texts"], pep.residues), start=1):
            differs = position in diff
            text.set_text(residue)
            text.set_fontweight("bold" if differs else "normal")
            box.set_facecolor(_DIFF_COLOUR if differs else _SAME_COLOUR)
            box.set_linewidth(_DIFF_EDGE if differs else _SAME_EDGE)
    if diff:
        where = " and ".join(str(p) for p in sorted(diff))
        art["title"].set_text(f"{pa.short} vs {pb.short}: differ at "
                              f"position{'s' if len(diff) > 1 else ''} {where}")
    else:
        art["title"].set_text(f"{pa.short} vs {pb.short}: identical sequences")
    changes = "; ".join(f"position {p}: {x} in {pa.short}, {y} in {pb.short}"
                        for p, x, y in differences(a, b)) or "no positions differ"
    secondary = [p.short for p in (pa, pb) if p.source_grade == SECONDARY]
    note = (f" ({secondary[0]} is from secondary sources only)" if secondary else "")
    first, last = DISULFIDE
    return (f"Residue grid of two nonapeptides, {pa.name} (top row) and {pb.name} (bottom row), "
            f"positions 1 to {len(pa.residues)} left to right, each ending in a C-terminal amide "
            f"and bridged by a disulfide between Cys{first} and Cys{last}. Highlighted boxes mark "
            f"differences: {changes}.{note}")


def plot_sequences(a: str = "oxytocin", b: str = "arginine vasopressin") -> Figure:
    """Residue grid of peptides ``a`` (top) and ``b`` (bottom), differences highlighted."""
    _peptide("a", a), _peptide("b", b)
    fig, ax = new_figure(figsize=(7.6, 2.9))
    _update_sequences(_sequence_artists(ax), a, b)
    return fig


def sequence_explorer() -> Explorer:
    """Pick two peptides; the grid highlights the positions where they differ."""
    fig, ax = new_figure(figsize=(7.6, 2.9))
    art = _sequence_artists(ax)
    options = [(f"{p.name} ({p.short})"
                f"{' — secondary source' if p.source_grade == SECONDARY else ''}", key)
               for key, p in PEPTIDES.items()]
    controls = {
        "a": dropdown("Top row", options, "oxytocin"),
        "b": dropdown("Bottom row", options, "arginine vasopressin"),
    }

    def draw(a: str, b: str) -> str:
        return _update_sequences(art, a, b)

    return Explorer("01-sequence-explorer", fig, controls, draw, animated=art,
                    title="Compare two neurohypophysial peptides", page_control="b")
