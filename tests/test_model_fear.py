"""The fear-learning model (notebook 05): acquisition, extinction, renewal, oxytocin timing."""
import numpy as np
import pytest

from oxytocin_course.models import fear


def test_acquisition_approaches_the_us_value():
    for a in (0.1, 0.3, 0.8):
        run = fear.simulate(a, n_acq=40, n_ext=0, n_test=0)
        # closed form of the Rescorla-Wagner rule with lambda = 1: V_n = 1 - (1 - a)^n
        assert np.isclose(run.v[-1], 1 - (1 - a) ** 40)
        assert np.all(np.diff(run.cr) >= 0) and run.cr[-1] < 1.0 + 1e-12
    assert fear.simulate(1.0, n_acq=1, n_ext=0, n_test=0).v[-1] == 1.0


def test_extinction_lowers_responding_in_the_extinction_context():
    run = fear.simulate()
    ext = run.phase_slice("extinction")
    assert np.all(np.diff(run.cr[ext]) < 0)
    assert run.cr[ext][-1] < 0.2 * run.cr[ext][0]
    # extinction is new learning: the excitatory memory is untouched
    assert run.v[ext.stop - 1] == run.v[ext.start - 1]
    assert run.inhibition[ext.stop - 1, 1] > 0


def test_renewal_aba_abc_abb():
    aba, abc, abb = (fear.renewal(test_context=c) for c in "ACB")
    assert aba > abc > 0.3 > abs(abb)
    assert abb <= 0
    # fully generalised extinction memory: no renewal in A
    assert fear.renewal(generalisation=1.0, transfer=1.0) < 1e-9
    # less generalisation, more renewal
    assert fear.renewal(generalisation=0.0) > fear.renewal(generalisation=0.5)


def test_slow_extinction_leaves_more_fear():
    fast, slow = fear.simulate(alpha_ext=0.15), fear.simulate(alpha_ext=0.04)
    ext = fast.phase_slice("extinction")
    assert slow.cr[ext][-1] > fast.cr[ext][-1] + 0.2


def test_oxytocin_is_phase_specific():
    placebo = fear.simulate(test_context="B")
    before_acq = fear.simulate(test_context="B", oxytocin="before acquisition")
    before_ext = fear.simulate(test_context="B", oxytocin="before extinction")
    acq, ext = placebo.phase_slice("acquisition"), placebo.phase_slice("extinction")
    # before acquisition: faster conditioning, extinction phase parameters unchanged
    assert np.all(before_acq.cr[acq][1:] > placebo.cr[acq][1:])
    # before extinction: acquisition identical, MORE responding early in extinction, less late
    assert np.array_equal(before_ext.cr[acq], placebo.cr[acq])
    assert before_ext.cr[ext][0] > placebo.cr[ext][0]
    assert before_ext.cr[ext][-1] < placebo.cr[ext][-1]
    # no oxytocin effect when its gain and boost are zero
    same = fear.simulate(test_context="B", oxytocin="before extinction", ot_gain=0, ot_boost=0)
    assert np.array_equal(same.cr, placebo.cr)


def test_better_extinction_does_not_remove_renewal():
    r = fear.renewal(oxytocin="before extinction", test_context="A")
    assert r > 0.3


@pytest.mark.parametrize("value", [0, -0.1, 1.01, float("nan"), "fast"])
@pytest.mark.parametrize("name", ["alpha_acq", "alpha_ext"])
def test_learning_rates_must_be_in_zero_one(name, value):
    with pytest.raises(ValueError, match=name):
        fear.simulate(**{name: value})


@pytest.mark.parametrize("kw,name", [
    (dict(test_context="D"), "test_context"), (dict(oxytocin="during test"), "oxytocin"),
    (dict(generalisation=2), "generalisation"), (dict(n_acq=0), "n_acq"),
    (dict(transfer=-1), "transfer"),
])
def test_bad_arguments_name_themselves(kw, name):
    with pytest.raises(ValueError, match=name):
        fear.simulate(**kw)


def test_renewal_needs_both_phases():
    with pytest.raises(ValueError, match="n_test"):
        fear.renewal(n_test=0)


def test_explorer_rejects_zero_extinction_rate_with_a_message():
    ex = fear.fear_explorer()
    assert not ex.set(alpha_ext=0.0)
    assert "alpha_ext" in ex.last_error
    assert ex.set(alpha_ext=0.2, oxytocin="before extinction")


def test_explorer_keeps_the_oxytocin_timing_live_on_the_page():
    ex = fear.fear_explorer()
    assert ex.page_control == "oxytocin"
    assert ex.frame_values() == list(fear.TIMINGS)
    assert ex.last_error is None
    assert ex.set(test_context="C", oxytocin="before acquisition")
    assert "test in C" in ex.last_alt and "oxytocin before acquisition" in ex.last_alt
