"""The HPA-axis model (notebook 03): the relations the notebook teaches."""
import numpy as np
import pytest

from oxytocin_course.models import hpa


def test_rests_at_steady_state_without_stressor():
    tr = hpa.simulate(intensity=0.0)
    assert np.allclose(tr.cortisol, tr.cortisol[0], rtol=1e-5)
    c, a, k = hpa.steady_state(1.0)
    # the steady state satisfies dK/dt = 0 and dA/dt = 0
    assert np.isclose(hpa.P_K * a, hpa.K_K * k)
    assert np.isclose(hpa.P_A * c / (1 + k), hpa.K_A * a)


def test_stressor_raises_then_returns():
    tr = hpa.simulate()
    i = int(np.argmax(tr.cortisol))
    assert tr.cortisol[i] > 2 * tr.cortisol[0]
    assert tr.t[i] > hpa.DEFAULTS["onset"]  # cortisol lags the stressor
    # cascade: CRH peaks before ACTH, ACTH before cortisol
    assert tr.t[np.argmax(tr.crh)] < tr.t[np.argmax(tr.acth)] < tr.t[i]
    assert abs(tr.cortisol[-1] - tr.cortisol[0]) < 0.05 * (tr.cortisol[i] - tr.cortisol[0])


def test_stronger_feedback_lower_peak_and_faster_return():
    phis = [0.5, 1.0, 2.0, 4.0]
    peaks = [hpa.peak(feedback=p) for p in phis]
    rec = [hpa.recovery_time(feedback=p) for p in phis]
    assert np.all(np.diff(peaks) < 0)
    assert np.all(np.diff(rec) < 0)


def test_more_damping_lower_peak():
    assert hpa.response(support=1.0) < hpa.response(support=0.5) < hpa.response()
    assert hpa.response(oxytocin=1.0) < hpa.response()
    # the combination damps most
    both = hpa.response(support=1.0, oxytocin=1.0)
    assert both < min(hpa.response(support=1.0), hpa.response(oxytocin=1.0))
    assert hpa.damping(1, 1) > hpa.damping(1, 0) > hpa.damping(0, 1) > hpa.damping(0, 0) == 0


def test_enhanced_feedback_sensitivity_is_the_hypocortisolism_pattern():
    normal, enhanced = hpa.simulate(feedback=1.0), hpa.simulate(feedback=4.0)
    assert enhanced.cortisol[0] < normal.cortisol[0]  # lower baseline
    assert (enhanced.cortisol.max() - enhanced.cortisol[0]) < (
        normal.cortisol.max() - normal.cortisol[0])  # smaller response


def test_larger_and_longer_stressors_give_larger_responses():
    assert hpa.response(intensity=2.0) > hpa.response(intensity=1.0) > hpa.response(intensity=0.5)
    assert hpa.response(duration=30.0) > hpa.response(duration=15.0)


def test_fixed_step_integrator_agrees_with_solve_ivp():
    for kw in (dict(), dict(feedback=4.0, support=1.0), dict(intensity=2.0, duration=30.0)):
        tr = hpa.simulate(n_points=721, **kw)
        t, cort = hpa.simulate_many(kw.get("intensity", 1.0), kw.get("duration", 15.0),
                                    kw.get("feedback", 1.0), kw.get("support", 0.0))
        assert np.allclose(t, tr.t)
        assert np.max(np.abs(cort[0] - tr.cortisol)) < 1e-3 * tr.cortisol.max()


def test_simulated_2x2_reproduces_the_reported_ordering():
    res = hpa.simulate_2x2(n_per_cell=400, seed=3)
    means = {k: v.mean() for k, v in res.items()}
    none, ot, sup, both = (means[c[0]] for c in hpa.CELLS)
    assert none == max(means.values())
    assert both == min(means.values())
    assert sup < none and sup < ot
    # seeded: the same seed gives the same simulated study
    a, b = hpa.simulate_2x2(seed=5), hpa.simulate_2x2(seed=5)
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_small_simulated_study_is_noisy():
    """With about nine per cell the small oxytocin-only effect is often reversed."""
    reversed_ = 0
    for seed in range(40):
        r = hpa.simulate_2x2(n_per_cell=9, seed=seed)
        reversed_ += r[hpa.CELLS[1][0]].mean() > r[hpa.CELLS[0][0]].mean()
    assert 3 < reversed_ < 37


@pytest.mark.parametrize("kw,name", [
    (dict(intensity=-1), "intensity"), (dict(duration=500), "duration"),
    (dict(feedback=-0.1), "feedback"), (dict(support=1.5), "support"),
    (dict(oxytocin=float("nan")), "oxytocin"), (dict(drive="x"), "drive"),
])
def test_bad_arguments_name_themselves(kw, name):
    with pytest.raises(ValueError, match=name):
        hpa.simulate(**kw)


def test_bad_arguments_elsewhere():
    with pytest.raises(ValueError, match="n_per_cell"):
        hpa.simulate_2x2(n_per_cell=1)
    with pytest.raises(ValueError, match="fraction"):
        hpa.recovery_time(fraction=1.0)
    with pytest.raises(ValueError, match="intensity"):
        hpa.recovery_time(intensity=0.0)
    with pytest.raises(ValueError, match="support"):
        hpa.simulate_many(1.0, support=np.array([0.5, 2.0]))


def test_explorer_is_fast_enough_and_describes_itself():
    ex = hpa.cortisol_explorer()
    assert "cortisol" in ex.last_alt
    assert ex.set(intensity=3.0, duration=60.0, feedback=0.0)
    assert ex.set(intensity=0.0)
    assert "no stressor" in ex.fig.axes[1].texts[0].get_text()


def test_larger_studies_recover_the_ordering_more_often():
    """Section 2: the share of small simulated studies that show the built-in ordering
    grows with the number per cell."""
    few, many = hpa.ordering_count(3, 200), hpa.ordering_count(60, 200)
    assert few < many <= 200
    assert 0 <= hpa.ordering_count(9) <= 20
    with pytest.raises(ValueError, match="n_per_cell"):
        hpa.ordering_count(201)
    with pytest.raises(ValueError, match="n_studies"):
        hpa.ordering_count(9, 0)


def test_study_explorer_counts_the_studies_it_steps_through():
    """The explorer's title gives the count the section 2 prompt asks for; stepping
    through studies 1 to 20 gives the same count."""
    ex = hpa.study_explorer()
    n = 9
    shown = 0
    for s in range(1, hpa.N_STUDIES + 1):
        assert ex.set(n_per_cell=n, study=s)
        shown += "population ordering recovered" in ex.fig.axes[0].get_title()
    assert shown == hpa.ordering_count(n, hpa.N_STUDIES)
    assert f"{shown} of {hpa.N_STUDIES}" in ex.fig.axes[0].get_title()
    assert f"{shown} show it" in ex.last_alt


def test_sensitive_brake_hides_a_stronger_drive():
    """Sections 3 and 4: a four-fold brake with a two-fold stressor gives a smaller rise and
    a lower resting level; only a stressor several times as intense restores the rise."""
    assert hpa.response(intensity=2, feedback=4) < hpa.response()
    assert hpa.steady_state(4)[2] < hpa.steady_state(1)[2]
    needed = hpa.brentq(lambda i: hpa.response(intensity=i, feedback=4) - hpa.response(), 1.0, 5.0)
    assert 2 < needed < 5


def test_explorer_axis_grows_in_steps_and_keeps_its_label_in_the_figure():
    """The y-axes change only in coarse steps (never below the default), and the ACTH
    label stays inside the fixed layout even for the largest responses."""
    ex = hpa.cortisol_explorer()
    ax_a, ax_k = ex.fig.axes
    default_top = ax_a.get_ylim()[1]
    default = hpa.simulate()
    assert default_top == pytest.approx(hpa.HEAD_ROOM * default.acth.max())
    assert ex.set(support=1.0)
    assert ax_a.get_ylim()[1] == default_top
    for settings in (dict(support=0.0, intensity=2.0),
                     dict(intensity=3.0, duration=60.0, feedback=0.0)):
        assert ex.set(**settings)
        course = hpa.simulate(**ex.values())
        for ax, y, y_ref in ((ax_a, course.acth, default.acth),
                             (ax_k, course.cortisol, default.cortisol)):
            top = ax.get_ylim()[1]
            assert y.max() * hpa.HEAD_ROOM <= top + 1e-9
            step = top / (hpa.HEAD_ROOM * y_ref.max())
            assert min(abs(step - allowed) for allowed in hpa.Y_TOP_STEPS) < 1e-9
        renderer = ex.fig.canvas.get_renderer()
        label = ax_a.yaxis.label.get_window_extent(renderer)
        ticks = [t.get_window_extent(renderer) for t in ax_a.get_yticklabels()
                 if t.get_text() and t.get_position()[1] <= ax_a.get_ylim()[1]]
        assert label.x0 >= 0 and all(label.x1 <= tick.x0 for tick in ticks)
