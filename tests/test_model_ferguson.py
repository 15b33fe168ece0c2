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
