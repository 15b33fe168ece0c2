"""One matplotlib style for the whole course.

Colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
readable sizes, light grid.  Call :func:`use` once (``setup()`` does it).
"""
from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

#: Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#777777",
}

#: Order used for successive lines.
CYCLE = ["blue", "orange", "green", "vermillion", "purple", "sky", "black"]

#: Semantic colours used consistently across notebooks.
ROLE: dict[str, str] = {
    "oxytocin": PALETTE["blue"],
    "placebo": PALETTE["grey"],
    "vasopressin": PALETTE["orange"],
    "cortisol": PALETTE["vermillion"],
    "acth": PALETTE["purple"],
    "support": PALETTE["green"],
    "reference": PALETTE["grey"],
    "truth": PALETTE["black"],
    "naive": PALETTE["vermillion"],
    "corrected": PALETTE["blue"],
}

RC: dict[str, object] = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "standard",  # figures use constrained layout
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    # Grid and ticks under every data artist, bars and shaded bands included:
    # the explorers' blitting then never has to redraw an axis over them.
    "axes.axisbelow": True,
    # Titles at the top of their Axes (no tick labels are ever on top): a fixed
    # place spares matplotlib measuring the tick labels at every draw.
    "axes.titley": 1.0,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "axes.prop_cycle": cycler(color=[PALETTE[c] for c in CYCLE]),
    "svg.hashsalt": "oxytocin-course",  # deterministic SVG ids
    "svg.fonttype": "none",
}


#: Drawing orders (zorder) for static parts that the changing data never reach
#: (legends, labels, titles): drawn beneath the data, they stay in an explorer's
#: cached background instead of being redrawn with every frame (CONTRIBUTING,
#: "Adding an explorer").  The grid is at 0.5, patches and collections at 1,
#: lines at 2, texts at 3.
BENEATH_DATA = 0.9     # above the grid, below patches, collections and lines
BENEATH_LINES = 1.5    # above patches and collections, below lines


def use() -> None:
    """Apply the course style to matplotlib's global rcParams."""
    mpl.rcParams.update(RC)
