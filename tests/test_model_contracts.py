"""Contracts every public model function keeps, checked automatically for all
modules in ``oxytocin_course.models`` (present and future):

* called with its defaults (or the module's ``EXAMPLES`` entry) it returns
  finite numbers only: no NaN, no inf (the one exception: a function listed in
  ``model_examples.RETURNS_INF`` whose docstring documents ``inf`` as an answer,
  such as "hours until ... (``inf`` if never)", may return ``+inf``; NaN and
  ``-inf`` are never allowed);
* each documented range (every ``in_range``/``integer`` check it makes) is
  enforced: a value just outside it raises ``ValueError`` naming the argument
  and giving the range;
* over random values inside the documented ranges (Hypothesis) it returns
  finite numbers or refuses the combination with ``ValueError``: nothing else.

Plotting and explorer functions are covered by tests/test_explorers.py and
tests/test_robustness.py.  A public function that needs arguments with no
default gets valid ones in ``tests/model_examples.py`` (``EXAMPLES``, keyed
``"module.function"``).  Functions wrapped by a decorator (``functools.lru_cache``)
are included; their cache is cleared before a recorded call, so the range
checks run.  ``HYPOTHESIS_LIMITS`` there may narrow a size-like argument of a
slow simulation to a sub-interval of its documented range.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oxytocin_course.models as models
from oxytocin_course import checks


def public_functions():
    out = []
    for m in pkgutil.iter_modules(models.__path__):
        mod = importlib.import_module(f"oxytocin_course.models.{m.name}")
        for name, fn in inspect.getmembers(
                mod, lambda o: callable(o) and inspect.isfunction(inspect.unwrap(o))):
            if (inspect.unwrap(fn).__module__ == mod.__name__ and not name.startswith("_")
                    and not name.startswith("plot") and not name.endswith("_explorer")):
                out.append((mod, name, fn))
    return out


FUNCTIONS = public_functions()
IDS = [f"{mod.__name__.rsplit('.', 1)[1]}.{name}" for mod, name, _ in FUNCTIONS]


def key_of(mod, name):
    return f"{mod.__name__.rsplit('.', 1)[1]}.{name}"


def call_recorded(mod, fn, kwargs):
    """Call ``fn(**kwargs)`` recording its range checks (cache cleared first)."""
    if hasattr(fn, "cache_clear"):
        fn.cache_clear()
    with recording(mod) as seen:
        result = fn(**kwargs)
    return result, seen


def example_kwargs(mod, name, fn):
    from model_examples import EXAMPLES

    key = key_of(mod, name)
    if key in EXAMPLES:
        return dict(EXAMPLES[key])
    sig = inspect.signature(fn)
    for p in sig.parameters.values():
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            return None
    return {}


@contextmanager
def recording(mod):
    """Record the (name, lo, hi, kind) of every range check the module makes."""
    seen: dict[str, tuple] = {}
    orig_in_range, orig_integer = checks.in_range, checks.integer

    def in_range(name, value, lo, hi, **kw):
        seen.setdefault(name, (lo, hi, "float", kw))
        return orig_in_range(name, value, lo, hi, **kw)

    def integer(name, value, lo, hi):
        seen.setdefault(name, (lo, hi, "int", {}))
        return orig_integer(name, value, lo, hi)

    patched = []
    for target in {mod, checks}:
        for attr, new in (("in_range", in_range), ("integer", integer)):
            if hasattr(target, attr):
                patched.append((target, attr, getattr(target, attr)))
                setattr(target, attr, new)
    try:
        yield seen
    finally:
        for target, attr, old in patched:
            setattr(target, attr, old)


def finite_leaves(obj, depth=0):
    """Yield every number inside ``obj`` (arrays, containers, dataclasses, frames)."""
    if depth > 6 or obj is None or isinstance(obj, (str, bytes, bool)):
        return
    if isinstance(obj, (int, float, np.number)):
        yield float(obj)
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fiuc":
            yield from (float(x) for x in np.ravel(np.abs(obj)))
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from finite_leaves(v, depth + 1)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from finite_leaves(v, depth + 1)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from finite_leaves(getattr(obj, f.name), depth + 1)
    elif hasattr(obj, "select_dtypes"):  # pandas DataFrame
        yield from finite_leaves(obj.select_dtypes("number").to_numpy(), depth + 1)


def may_return_inf(mod, name, fn):
    """True only for functions listed in RETURNS_INF whose docstring documents ``inf``."""
    from model_examples import RETURNS_INF

    if key_of(mod, name) not in RETURNS_INF:
        return False
    assert "inf" in (inspect.getdoc(fn) or ""), (
        f"{key_of(mod, name)} is listed in RETURNS_INF but its docstring does not document inf")
    return True


def assert_finite(result, where, allow_inf=False):
    bad = [x for x in finite_leaves(result)
           if not (math.isfinite(x) or (allow_inf and x == math.inf))]
    assert not bad, f"{where} returned non-finite values: {bad[:5]}"


def callable_cases():
    cases = []
    for (mod, name, fn), id_ in zip(FUNCTIONS, IDS):
        kwargs = example_kwargs(mod, name, fn)
        cases.append(pytest.param(mod, name, fn, kwargs, id=id_))
    return cases


def test_every_public_function_is_callable_for_the_tests():
    missing = [i for (mod, name, fn), i in zip(FUNCTIONS, IDS) if example_kwargs(mod, name, fn) is None]
    assert not missing, ("these public model functions need arguments with no default: give valid "
                         f"ones in tests/model_examples.py: {missing}")


@pytest.mark.parametrize("mod,name,fn,kwargs", callable_cases())
def test_defaults_finite_and_ranges_enforced(mod, name, fn, kwargs):
    if kwargs is None:
        pytest.skip("needs an EXAMPLES entry (reported by the test above)")
    result, seen = call_recorded(mod, fn, kwargs)
    assert_finite(result, name, may_return_inf(mod, name, fn))
    params = inspect.signature(fn).parameters
    for arg, (lo, hi, kind, kw) in seen.items():
        if arg not in params:
            continue  # a check made deeper inside, on a derived quantity
        span = (hi - lo) if math.isfinite(hi - lo) and hi > lo else 1.0
        bad_values = [math.nan]
        if math.isfinite(hi):
            bad_values.append(hi + span + 1 if kind == "float" else int(hi) + 1)
        if math.isfinite(lo):
            bad_values.append(lo - span - 1 if kind == "float" else int(lo) - 1)
        for bad in bad_values:
            with pytest.raises(ValueError) as err:
                fn(**{**kwargs, arg: bad})
            assert arg in str(err.value), f"{name}({arg}={bad!r}): message does not name {arg!r}"


def in_range_strategy(lo, hi, kind, kw, limit=None):
    """Values inside a documented range; ``limit`` (from HYPOTHESIS_LIMITS) narrows it."""
    lo_open, hi_open = kw.get("lo_open", False), kw.get("hi_open", False)
    if limit is not None:
        a, b = limit
        assert lo <= a <= b <= hi and not (lo_open and a == lo) and not (hi_open and b == hi), (
            f"HYPOTHESIS_LIMITS {limit} must lie inside the documented range [{lo}, {hi}]")
        lo, hi, lo_open, hi_open = a, b, False, False
    if kind == "int":
        hi = min(hi, lo + 200)  # keep simulated sizes modest
        return st.integers(int(lo), int(hi))
    lo_, hi_ = max(lo, -1e6), min(hi, 1e6)
    return st.floats(lo_, hi_, allow_nan=False, allow_infinity=False,
                     exclude_min=lo_open, exclude_max=hi_open)


@pytest.mark.parametrize("mod,name,fn,kwargs", callable_cases())
def test_random_values_in_range(mod, name, fn, kwargs):
    if kwargs is None:
        pytest.skip("needs an EXAMPLES entry")
    from model_examples import HYPOTHESIS_LIMITS

    _, seen = call_recorded(mod, fn, kwargs)
    params = inspect.signature(fn).parameters
    limits = HYPOTHESIS_LIMITS.get(key_of(mod, name), {})
    unknown = set(limits) - {a for a in seen if a in params}
    assert not unknown, f"HYPOTHESIS_LIMITS names arguments without a range check: {unknown}"
    ranged = {a: in_range_strategy(*v, limit=limits.get(a)) for a, v in seen.items() if a in params}
    allow_inf = may_return_inf(mod, name, fn)
    if not ranged:
        pytest.skip("no documented numeric ranges")

    @settings(max_examples=12, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.fixed_dictionaries(ranged))
    def check(values):
        try:
            result = fn(**{**kwargs, **values})
        except ValueError as err:
            assert str(err).strip(), "a refusal needs a message"
            return
        assert_finite(result, name, allow_inf)

    check()
