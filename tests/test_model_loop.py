"""The stress–affiliation loop (notebook 04): fixed points, stability, hysteresis, pulses."""
import numpy as np
import pytest

from oxytocin_course.models import loop


def test_number_of_stable_states_goes_one_two_one_with_threat():
    counts = [loop.n_stable(float(t)) for t in np.linspace(0, loop.THREAT_MAX, 91)]
    # collapse runs: 1 -> 2 -> 1
    runs = [c for i, c in enumerate(counts) if i == 0 or c != counts[i - 1]]
    assert runs == [1, 2, 1]
    lo, hi = loop.bistable_range()
    assert 0.2 < lo < hi < loop.THREAT_MAX - 0.2


def test_weak_coupling_has_one_state_everywhere():
    assert loop.bistable_range(0.4) is None
    assert all(loop.n_stable(float(t), 0.4) == 1 for t in np.linspace(0, loop.THREAT_MAX, 37))
    # stronger coupling widens the bistable window
    lo1, hi1 = loop.bistable_range(1.0)
    lo2, hi2 = loop.bistable_range(1.4)
    assert hi2 - lo2 > hi1 - lo1


def test_fixed_points_are_fixed_and_on_both_nullclines():
    for t in (0.2, 0.8, 1.5):
        for fp in loop.fixed_points(t):
            dS, dA = loop.rhs(fp.S, fp.A, t)
            assert abs(dS) < 1e-8 and abs(dA) < 1e-8
            sn, an = loop.nullclines(np.array([fp.A]), t)
            assert np.isclose(sn[0], fp.S) and np.isclose(an[0], fp.S)


def test_bistable_middle_point_is_a_saddle():
    fps = loop.fixed_points(0.8)
    assert [fp.stable for fp in fps] == [True, False, True]
    ev = np.real(fps[1].eigenvalues)
    assert ev.min() < 0 < ev.max()


def test_jacobian_stability_agrees_with_simulation():
    rng = np.random.default_rng(0)
    for t in (0.3, 0.8, 1.1, 1.6):
        for fp in loop.fixed_points(t):
            ends = []
            for _ in range(4):
                dS, dA = 0.02 * rng.standard_normal(2)
                _, S, A = loop.simulate(fp.S + dS, fp.A + dA, t, t_end=60)
                ends.append(np.hypot(S[-1] - fp.S, A[-1] - fp.A))
            if fp.stable:
                assert max(ends) < 1e-3
            else:
                assert max(ends) > 0.1  # leaves the saddle


def test_sweeps_differ_inside_and_agree_outside_the_bistable_range():
    sw = loop.sweep()
    lo, hi = loop.bistable_range()
    th = sw["threat"]
    inside = (th > lo + 0.05) & (th < hi - 0.05)
    outside = (th < lo - 0.15) | (th > hi + 0.25)
    assert np.all(sw["A_up"][inside] - sw["A_down"][inside] > 0.5)
    assert np.all(np.abs(sw["A_up"][outside] - sw["A_down"][outside]) < 0.02)


def test_supportive_episode_flips_only_above_a_threshold():
    fp = loop.fixed_points(0.8)[0]  # stressed-withdrawn
    high = loop.fixed_points(0.8)[-1]
    _, _, A_small = loop.simulate(fp.S, fp.A, 0.8, pulse=0.25)
    _, _, A_big = loop.simulate(fp.S, fp.A, 0.8, pulse=1.0)
    assert abs(A_small[-1] - fp.A) < 1e-3
    assert abs(A_big[-1] - high.A) < 1e-3
    # outside the bistable range the same episode only has a transient effect
    one = loop.fixed_points(1.6)[0]
    _, _, A = loop.simulate(one.S, one.A, 1.6, pulse=1.0)
    assert A.max() > one.A + 0.3 and abs(A[-1] - one.A) < 1e-3


def test_a_deeper_withdrawn_state_needs_a_bigger_episode():
    """Section 1's prediction: at threat 1.1 the smallest episode that flips the withdrawn
    state is larger than at threat 0.8."""
    def smallest_flip(threat):
        low, high = loop.fixed_points(threat)[0], loop.fixed_points(threat)[-1]
        for pulse in np.arange(0.0, 3.01, 0.05):
            _, _, A = loop.simulate(low.S, low.A, threat, pulse=float(pulse))
            if abs(A[-1] - high.A) < 1e-3:
                return pulse
        return np.inf
    assert smallest_flip(0.8) < smallest_flip(1.1) < np.inf


def test_static_explorer_frames_answer_section_1s_prompt():
    """Section 1 asks whether the explorer's default episode flips the withdrawn state at
    threat 0.8 and at 1.1; on the static page only threat moves, so both must be frames,
    and the answers must be yes and no."""
    ex = loop.loop_explorer()
    pulse = ex.controls["pulse"].value
    assert ex.page_control == "threat" and {0.8, 1.1} <= set(ex.frame_values())
    assert ex.controls["threat"].value == 0.8 and ex.controls["g"].value == loop.G_DEFAULT

    def flips(threat):
        low, high = loop.fixed_points(threat)[0], loop.fixed_points(threat)[-1]
        _, _, A = loop.simulate(low.S, low.A, threat, pulse=pulse)
        return abs(A[-1] - high.A) < 1e-3

    assert flips(0.8) and not flips(1.1)
    # the frames also show the number of stable states going one, two, one (section 3)
    counts = [loop.n_stable(float(t)) for t in ex.frame_values()]
    assert counts[0] == counts[-1] == 1 and 2 in counts


def test_critical_slowing_down_near_the_tipping_point():
    """The connected state's slowest eigenvalue approaches zero as threat nears the fold."""
    _, hi = loop.bistable_range()
    slowest = [max(np.real(loop.fixed_points(t)[-1].eigenvalues)) for t in (0.6, 0.8, 1.0, 1.2)]
    assert all(s < 0 for s in slowest)
    assert slowest == sorted(slowest)  # rising towards zero
    assert slowest[-1] > -0.2 and 1.2 < hi


def test_slow_sweep_overshoots_the_exact_folds_less_when_slower():
    """Exercise 3.1: the sweep switches outside the exact bistable range, closer when slower."""
    for g in (1.0, 1.2, 1.4):
        lo, hi = loop.bistable_range(g)
        gaps = []
        for rate in (0.004, 0.001):
            sw = loop.sweep(g, rate=rate)
            th = sw["threat"]
            lost = th[np.argmax(sw["A_up"] < 0.7)]
            regained = th[::-1][np.argmax(sw["A_down"][::-1] > 0.7)]
            assert lost > hi and regained < lo
            gaps.append((lost - hi) + (lo - regained))
        assert gaps[1] < gaps[0]


def test_hysteresis_figure_values_match_the_sweep_and_the_range():
    v = loop.hysteresis_figure_values()
    lo, hi = loop.bistable_range(n=251)
    assert (v["bistable_lo"], v["bistable_hi"]) == (lo, hi)
    assert v["sweep_regained"] < lo < hi < v["sweep_lost"]
    assert v["sweep_drop_to"] < 0.5
    with pytest.raises(ValueError, match="g"):
        loop.hysteresis_figure_values(0.4)  # one state: no hysteresis to describe


@pytest.mark.parametrize("call,name", [
    (lambda: loop.fixed_points(-0.1), "threat"),
    (lambda: loop.fixed_points(0.5, g=5), "g"),
    (lambda: loop.simulate(1, 1, 0.5, pulse=9), "pulse"),
    (lambda: loop.sweep(rate=0), "rate"),
    (lambda: loop.nullclines(np.linspace(0, 1, 3), threat=float("inf")), "threat"),
])
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=name):
        call()
