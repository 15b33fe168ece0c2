"""The alliance network (notebook 04): amplification, symmetry, and no coupling."""
import numpy as np
import pytest

from oxytocin_course.models import alliance


def test_midpoint_is_a_fixed_point():
    t, x = alliance.simulate(1.5, 0.0)
    assert np.allclose(x, 0.5)


@pytest.mark.parametrize("w", [0.5, 1.5, 2.5])
def test_repair_and_rupture_are_mirror_images(w):
    _, up = alliance.simulate(w, 2.0, 1)
    _, down = alliance.simulate(w, -2.0, 1)
    assert np.allclose(up - 0.5, -(down - 0.5), atol=1e-6)


def test_strong_reinforcement_amplifies_both_directions():
    assert alliance.final_mean(1.5, 2.0) > 0.85
    assert alliance.final_mean(1.5, -2.0) < 0.15
    # even a small perturbation is amplified when w > 1
    assert alliance.final_mean(1.5, 0.5) > 0.85
    assert alliance.growth_rate(1.5) == pytest.approx(0.5)


def test_no_coupling_no_amplification():
    t, x = alliance.simulate(0.0, 3.0, 2)
    others = np.delete(x, 2, axis=0)
    assert np.allclose(others, 0.5)  # nobody else moves
    assert x[2].max() > 0.6 and abs(x[2, -1] - 0.5) < 1e-6  # the perturbed one returns
    assert alliance.growth_rate(0.0) == pytest.approx(-1.0)


@pytest.mark.parametrize("w", [0.0, 0.5, 1.5, 2.5])
def test_shared_push_grows_at_w_minus_1_and_zero_sum_pushes_decay_at_1_plus_w_over_4(w):
    """The rates notebook 04 quotes: eigenvalues of the network's Jacobian at the midpoint."""
    jac = -np.eye(alliance.N) + 0.25 * w * (np.ones((alliance.N, alliance.N)) - np.eye(alliance.N))
    ev = np.sort(np.linalg.eigvalsh(jac))
    assert alliance.growth_rate(w) == pytest.approx(w - 1)
    assert ev[-1] == pytest.approx(w - 1)
    assert np.allclose(ev[:-1], -(1 + w / 4))


def test_weak_reinforcement_returns_to_midpoint():
    assert abs(alliance.final_mean(0.5, 3.0, t_end=60) - 0.5) < 1e-3
    assert alliance.growth_rate(0.9) < 0 < alliance.growth_rate(1.1)


def test_static_explorer_frames_answer_section_4s_prompt():
    """Section 4 asks what the default push (+2 to empathy) does at w = 0.5 and where, between
    0.5 and 1.5, the behaviour changes; on the static page only w moves."""
    ex = alliance.alliance_explorer()
    pulse, comp = ex.controls["pulse"].value, ex.controls["component"].value
    assert ex.page_control == "w" and {0.5, 0.9, 1.1} <= set(ex.frame_values())
    assert abs(alliance.final_mean(0.5, pulse, comp) - 0.5) < 0.05   # fades
    assert abs(alliance.final_mean(0.9, pulse, comp) - 0.5) < 0.05   # still fades
    assert alliance.final_mean(1.1, pulse, comp) > 0.55              # spreads


def test_above_w_1_push_size_does_not_change_the_end_state():
    """Things to try / Test yourself: a small and a large repair end at the same shared level."""
    small, large = alliance.final_mean(1.5, 0.5, 0), alliance.final_mean(1.5, 4.0, 0)
    assert small == pytest.approx(large, abs=1e-3) and small > 0.85


@pytest.mark.parametrize("kw,name", [
    (dict(w=-1), "w"), (dict(w=4), "w"), (dict(pulse=10), "pulse"),
    (dict(component=5), "component"), (dict(component=1.5), "component"),
])
def test_bad_arguments_name_themselves(kw, name):
    with pytest.raises(ValueError, match=name):
        alliance.simulate(**kw)


def test_results_are_fresh_arrays():
    """simulate caches its runs; changing a returned array must not change the next call."""
    t, x = alliance.simulate(1.5, 2.0, 1)
    x[:] = 0.0
    t[:] = -1.0
    t2, x2 = alliance.simulate(1.5, 2.0, 1)
    assert t2[0] == 0.0 and x2[0, 0] == pytest.approx(0.5)


def test_explorer_follows_the_default_push_and_names_the_verdict():
    ex = alliance.alliance_explorer()
    assert "shared high" in ex.last_alt
    assert ex.set(pulse=-2.0)
    assert "shared low" in ex.last_alt
    assert ex.set(w=0.5)
    assert "back to the midpoint" in ex.last_alt
