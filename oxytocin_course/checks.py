"""Argument checks shared by the models: each raises ``ValueError`` naming the
argument and its allowed range."""
from __future__ import annotations

import math
from typing import Any

import numpy as np


def in_range(name: str, value: Any, lo: float, hi: float, *, lo_open: bool = False,
             hi_open: bool = False) -> float:
    """Return ``float(value)`` if ``lo <= value <= hi`` (or open ends), else raise."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in {_range(lo, hi, lo_open, hi_open)}; "
                         f"got {value!r}") from None
    ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        raise ValueError(f"{name} must be in {_range(lo, hi, lo_open, hi_open)}; got {value!r}")
    return v


def integer(name: str, value: Any, lo: int, hi: int) -> int:
    """Return ``int(value)`` if it is a whole number in ``[lo, hi]``, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) and not (
            isinstance(value, float) and value.is_integer()):
        raise ValueError(f"{name} must be a whole number in [{lo}, {hi}]; got {value!r}")
    v = int(value)
    if not lo <= v <= hi:
        raise ValueError(f"{name} must be a whole number in [{lo}, {hi}]; got {value!r}")
    return v


def one_of(name: str, value: Any, allowed: tuple | list) -> Any:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def _range(lo: float, hi: float, lo_open: bool, hi_open: bool) -> str:
    return f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
