"""Every explorer in the package, and values to drive its controls through:
shared by the tests (``tests/test_explorers.py``, ``test_rendering.py``,
``test_robustness.py``) and the benchmark."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..explorer import Explorer

#: Values per control in a sweep.
SWEEP_POINTS = 8


def explorer_factories() -> list[tuple[str, Callable[[], Explorer]]]:
    """Every ``*_explorer`` function defined in ``oxytocin_course.models``, by
    ``module.function`` name."""
    import oxytocin_course.models as models

    found = []
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"oxytocin_course.models.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and fn.__module__ == module.__name__:
                found.append((f"{info.name}.{name}", fn))
    return found


def control_sweep(control: widgets.Widget, n: int = SWEEP_POINTS) -> list[Any]:
    """Up to ``n`` values spanning a control's range (or its options)."""
    if getattr(control, "options", None):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        picks = np.unique(np.linspace(0, len(options) - 1, min(n, len(options))).round().astype(int))
        return [options[i] for i in picks]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [not control.value, control.value]
    if hasattr(control, "min") and hasattr(control, "max"):
        values = np.linspace(control.min, control.max, n)
        if isinstance(control, widgets.IntSlider):
            return sorted({int(round(v)) for v in values})
        return [float(v) for v in values]
    return []
