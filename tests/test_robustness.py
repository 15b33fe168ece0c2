"""Explorers cannot be broken: random combinations of control values
(Hypothesis) never let an exception escape, a figure is always present, and a
refused combination shows the one-line message."""
import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oxytocin_course.dev.explorers import explorer_factories

FACTORIES = explorer_factories()


def strategy_for(control):
    if isinstance(control, widgets.IntSlider):
        return st.integers(control.min, control.max)
    if isinstance(control, (widgets.FloatSlider, widgets.FloatLogSlider)):
        lo, hi = control.min, control.max
        if isinstance(control, widgets.FloatLogSlider):
            lo, hi = control.base ** lo, control.base ** hi
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    if hasattr(control, "options") and control.options:
        return st.sampled_from([o[1] if isinstance(o, tuple) else o for o in control.options])
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return st.booleans()
    return None


@pytest.mark.parametrize("name,factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_random_combinations(name, factory):
    ex = factory()
    strategies = {k: s for k, c in ex.controls.items() if (s := strategy_for(c)) is not None}
    assert strategies, f"{name} has no controls the test can drive"

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.fixed_dictionaries(strategies))
    def check(values):
        ok = ex.set(**values)
        assert ex.image.value.startswith("<img") and 'alt="' in ex.image.value
        if ok:
            assert ex.last_error is None and ex.message.value == ""
            assert ex.last_alt.strip()
        else:
            assert ex.last_error and "\n" not in ex.last_error
            assert "Traceback" not in ex.message.value and 'role="alert"' in ex.message.value

    check()

