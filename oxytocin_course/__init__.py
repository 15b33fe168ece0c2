"""Oxytocin, Stress and Trust: the course package.

Models (pure NumPy/SciPy), plots (functions that return a Figure) and
explorers (ipywidgets) used by the notebooks, plus the shared course
machinery: plot style, evidence grades, references, self-check quizzes and
the glossary.

Notebooks import from here instead of pasting helpers::

    from oxytocin_course import setup
    setup()                      # course style + fixed seed
"""
from __future__ import annotations

import numpy as np

__all__ = ["setup", "filled", "SEED", "__version__"]
__version__ = "0.7.0"

from .exercises import filled  # noqa: E402  (starter cells: ``if filled(x): ...``)

#: The course-wide seed: every notebook's setup cell uses it.
SEED = 20050602  # Kosfeld et al. 2005 appeared on 2 June 2005.


def setup(seed: int = SEED) -> np.random.Generator:
    """Apply the course plot style and return a seeded random generator.

    One call in each notebook's setup cell.  Also seeds NumPy's legacy global
    generator so that any library code that uses it is deterministic.
    """
    from . import exercises, style

    style.use()
    exercises.register_magics()
    np.random.seed(seed % (2**32))
    return np.random.default_rng(seed)
