"""The labour feedback loop (notebook 01): growth vs return, and the gain threshold."""
import math

import numpy as np
import pytest

from oxytocin_course.models import ferguson


@pytest.mark.parametrize("gain", [1.5, 2.0, 3.0])
def test_positive_feedback_above_one_grows_until_delivery(gain):
    tr = ferguson.simulate(gain, "positive")
    assert tr.delivered
    before = tr.t < tr.t_delivery
    assert np.all(np.diff(tr.stretch[before][5:]) > 0)  # growing once the transient is over
    assert tr.stretch[tr.t > tr.t_delivery].max() == 0.0
    assert tr.oxytocin[-1] < 1e-6  # cleared after delivery


@pytest.mark.parametrize("gain", [0.5, 2.0, 4.0])
def test_negative_feedback_returns_to_baseline(gain):
    tr = ferguson.simulate(gain, "negative")
    assert not tr.delivered
    assert abs(tr.stretch[-1]) < 1e-6 and abs(tr.oxytocin[-1]) < 1e-6


def test_positive_feedback_below_one_also_returns():
    tr = ferguson.simulate(0.8, "positive")
    assert not tr.delivered and abs(tr.stretch[-1]) < 1e-3


def test_larger_gain_gives_earlier_delivery():
    times = [ferguson.delivery_time(g) for g in (1.2, 1.5, 2.0, 3.0, 4.0)]
    assert all(np.isfinite(times))
    assert all(a > b for a, b in zip(times, times[1:]))
    assert ferguson.delivery_time(0.9) == math.inf


def test_critical_gain_is_one_and_growth_rate_changes_sign_there():
    assert ferguson.critical_gain("positive") == 1.0
    assert ferguson.critical_gain("negative") == math.inf
    assert ferguson.growth_rate(1.0) == pytest.approx(0.0, abs=1e-12)
    assert ferguson.growth_rate(0.99) < 0 < ferguson.growth_rate(1.01)
    assert all(ferguson.growth_rate(g, "negative") < 0 for g in (0.0, 1.0, 4.0, 10.0))
    # Linearised growth rate matches the eigenvalues of the Jacobian.
    tx, ty, g = 5.0, 2.0, 2.0
    J = np.array([[-1 / tx, g / tx], [1 / ty, -1 / ty]])
    assert ferguson.growth_rate(g) == pytest.approx(max(np.linalg.eigvals(J).real))


@pytest.mark.parametrize("kwargs,name", [
    (dict(gain=-1.0), "gain"), (dict(gain=11.0), "gain"), (dict(sign="up"), "sign"),
    (dict(tau_x=0.0), "tau_x"), (dict(x0=2.0), "x0"), (dict(threshold=0.0), "threshold"),
])
def test_bad_arguments_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        ferguson.simulate(**kwargs)


def test_explorer_switches_sign():
    ex = ferguson.feedback_explorer()
    assert "delivery" in ex.last_alt
    ex.set(sign="negative")
    assert "return to baseline" in ex.last_alt


@pytest.mark.parametrize("sign", ["positive", "negative"])
@pytest.mark.parametrize("gain", [0.0, 0.2, 0.5, 1.0, 2.0, 4.0])
def test_eigenvalues_are_those_of_the_jacobian(gain, sign):
    tx, ty = ferguson.DEFAULTS["tau_x"], ferguson.DEFAULTS["tau_y"]
    s = 1 if sign == "positive" else -1
    J = np.array([[-1 / tx, s * gain / tx], [1 / ty, -1 / ty]])
    got = sorted(ferguson.eigenvalues(gain, sign), key=lambda z: (z.real, z.imag))
    want = sorted(np.linalg.eigvals(J), key=lambda z: (z.real, z.imag))
    assert np.allclose(got, want)
    assert ferguson.growth_rate(gain, sign) == pytest.approx(max(z.real for z in got))


def test_strong_negative_feedback_swings_faster_but_settles_no_sooner():
    # Notebook 01, section 2 and section 4: above a small gain the rates are a complex
    # pair whose real part (half the trace) does not depend on the gain.
    pairs = [ferguson.eigenvalues(g, "negative") for g in ferguson.NEGATIVE_GAINS]
    reals = [p[0].real for p in pairs]
    imags = [abs(p[0].imag) for p in pairs]
    half_trace = -(1 / ferguson.DEFAULTS["tau_x"] + 1 / ferguson.DEFAULTS["tau_y"]) / 2
    assert np.allclose(reals, half_trace)
    assert all(a < b for a, b in zip(imags, imags[1:]))
    v = ferguson.negative_feedback_figure_values()
    overshoots = [v[f"overshoot_{g:g}".replace(".", "p")] for g in ferguson.NEGATIVE_GAINS]
    assert all(a < b for a, b in zip(overshoots, overshoots[1:]))
    assert overshoots[-1] > 10 and overshoots[0] < 1
    assert v["decay"] == pytest.approx(-half_trace)


def test_explorer_zooms_in_on_negative_feedback():
    ex = ferguson.feedback_explorer()
    ax = ex.fig.axes[0]
    assert ax.get_ylim()[1] > ferguson.DEFAULTS["threshold"]
    assert ex.set(sign="negative", gain=4.0)
    assert ax.get_ylim()[1] < ferguson.DEFAULTS["threshold"] / 2
    assert "overshoots below the baseline" in ex.last_alt and "zoomed" in ex.last_alt
    assert "swings fade" in ex.panel.value and ax.get_title().startswith("Negative feedback")
    assert ex.set(sign="positive", gain=2.0)
    assert ax.get_ylim()[1] > ferguson.DEFAULTS["threshold"]


@pytest.mark.parametrize("gain", [0.0, 0.5, 0.9, 1.1, 1.3, 1.7, 2.0, 3.0, 4.0])
def test_explorer_window_shows_the_delivery_or_the_return(gain):
    """The time axis is one of a few windows, long enough to show the delivery and the
    clearance after it, or the return to baseline."""
    ex = ferguson.feedback_explorer()
    assert ex.set(gain=gain)
    right = ex.fig.axes[0].get_xlim()[1]
    assert right in (60.0, 120.0, ferguson.DEFAULTS["t_max"])
    tr = ferguson.simulate(gain)
    if tr.delivered:
        assert right >= tr.t_delivery + 10
    elif ferguson.growth_rate(gain) < 0:
        assert right >= min(5 / -ferguson.growth_rate(gain), ferguson.DEFAULTS["t_max"])
