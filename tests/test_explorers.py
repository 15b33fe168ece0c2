"""Every explorer in the package, found automatically, survives its controls'
extremes: no exception escapes, a figure is always shown, bad combinations
give the one-line message."""
import ipywidgets as widgets
import pytest

from oxytocin_course.dev.explorers import explorer_factories
from oxytocin_course.explorer import Explorer


FACTORIES = explorer_factories()


def extremes(control):
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)):
        return [control.min, control.max]
    if hasattr(control, "options") and control.options:
        opts = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [opts[0], opts[-1]]
    if isinstance(control, widgets.Checkbox) or isinstance(control, widgets.ToggleButton):
        return [True, False]
    return []


def test_explorers_exist():
    assert len(FACTORIES) >= 4


@pytest.mark.parametrize("name,factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_explorer_extremes(name, factory):
    ex = factory()
    assert isinstance(ex, Explorer)
    assert ex.last_error is None, f"default settings fail: {ex.last_error}"
    assert ex.image.value.startswith("<img") and 'alt="' in ex.image.value
    for cname, control in ex.controls.items():
        for v in extremes(control):
            ok = ex.set(**{cname: v})
            assert ex.image.value.startswith("<img"), "the last good figure is kept"
            if not ok:
                assert ex.last_error and "\n" not in ex.last_error
                assert "Traceback" not in ex.message.value
    # All at once: every control at its minimum, then maximum.
    for pick in (0, 1):
        values = {k: extremes(c)[pick] for k, c in ex.controls.items() if extremes(c)}
        ex.set(**values)
        assert ex.image.value.startswith("<img")
