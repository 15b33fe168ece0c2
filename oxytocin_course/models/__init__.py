"""The course's illustrative models, one module per model.

Each module follows the same pattern: ``simulate``-style pure functions
(NumPy/SciPy, typed, equations in the docstring, ``ValueError`` naming the
argument and its range on bad input) → ``plot_*`` functions that return a
``matplotlib.figure.Figure`` → ``*_explorer`` functions that return an
:class:`oxytocin_course.explorer.Explorer`.  The tests find every
``*_explorer`` function in this package automatically.
"""
