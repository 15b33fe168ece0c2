"""Properties of the illustrative vole models that notebook 02 teaches."""
import numpy as np
import pytest

from oxytocin_course.models import voles


def test_more_receptor_density_more_preference():
    dens = np.linspace(0, 1, 21)
    p = np.array([float(voles.preference(24, d)) for d in dens])
    assert np.all(np.diff(p) > 0)


def test_antagonist_lowers_preference_monotonically():
    blocks = np.linspace(0, 1, 11)
    p = np.array([float(voles.preference(24, 0.9, b)) for b in blocks])
    assert np.all(np.diff(p) < 0)
    assert voles.preset_preference("prairie_antagonist") < voles.preset_preference("prairie")


def test_closed_gate_means_no_preference():
    for kwargs in (dict(density=0.0), dict(density=0.9, blockade=1.0), dict(density=0.9, d1=1.0)):
        assert np.allclose(voles.preference(np.array([0, 6, 48, 500]), **kwargs), 0.5)
    assert voles.hours_to_criterion(0.0) == float("inf")


def test_presets_reproduce_the_qualitative_pattern():
    prairie = float(voles.preset_preference("prairie"))
    montane = float(voles.preset_preference("montane"))
    meadow = float(voles.preset_preference("meadow"))
    gene = float(voles.preset_preference("meadow_v1ar"))
    assert prairie > 2 / 3 > montane
    assert gene > 2 / 3 > meadow
    assert gene > meadow
    assert voles.preset_preference("prairie_d1") < prairie
    for row in voles.classic_experiments():
        assert row["p_control"] != row["p_manipulated"]


def test_mating_and_time_raise_preference():
    assert voles.preference(24, 0.9, mating=True) > voles.preference(24, 0.9, mating=False)
    p = voles.preference(np.arange(0, 49), 0.6)
    assert p[0] == pytest.approx(0.5) and np.all(np.diff(p) > 0)


def test_delta_rule_matches_closed_form():
    v = voles.learn(30, 0.7, blockade=0.2, mating=False)
    assert np.allclose(v, voles.cue_value(np.arange(31), 0.7, blockade=0.2, mating=False))
    assert v[-1] < voles.reward(False)


def test_hours_to_criterion_hits_the_criterion():
    t = voles.hours_to_criterion(0.8, criterion=0.75)
    assert float(voles.preference(t, 0.8)) == pytest.approx(0.75, abs=1e-9)
    assert voles.hours_to_criterion(0.9) < voles.hours_to_criterion(0.5)


def test_occupancy_and_crossbinding():
    assert float(voles.occupancy(1.0, 1.0)) == pytest.approx(0.5)
    occ = voles.crossbinding(np.logspace(-2, 4, 50), "OT", 30)
    assert np.all(occ["OTR"] > occ["V1aR"])           # selective at every concentration
    assert occ["V1aR"][-1] > 0.99                       # ...but not at high concentration
    c_ot = voles.equal_occupancy_concentration(2.0, 100)
    assert float(voles.crossbinding(c_ot, "OT", 100)["V1aR"]) == pytest.approx(
        float(voles.crossbinding(2.0, "AVP", 100)["V1aR"]))


def test_group_simulation_and_statistic():
    a = voles.simulate_group(12, 0.9, seed=3)
    b = voles.simulate_group(12, 0.9, seed=3)
    assert np.array_equal(a["share"], b["share"])
    assert np.allclose(a["partner"] + a["stranger"], 90.0)
    strong = voles.partner_preference_test(a["partner"], a["stranger"])
    assert strong["mean_share"] > 0.75 and strong["p"] < 0.01
    none = voles.simulate_group(4000, 0.0, density_sd=0.0, seed=1)
    assert np.mean(none["share"]) == pytest.approx(0.5, abs=0.01)


def test_average_effect_is_the_mixture():
    assert float(voles.average_effect(0.5, 0.6, -0.6)) == pytest.approx(0.0)
    assert float(voles.average_effect(1.0, 0.6, -0.6)) == pytest.approx(0.6)


@pytest.mark.parametrize("call,name", [
    (lambda: voles.gate(1.2), "density"),
    (lambda: voles.gate(0.5, blockade=-0.1), "blockade"),
    (lambda: voles.gate(0.5, d1=2), "d1"),
    (lambda: voles.preference(-1, 0.5), "hours"),
    (lambda: voles.preference(5, 0.5, alpha=0), "alpha"),
    (lambda: voles.preference(5, 0.5, beta=-1), "beta"),
    (lambda: voles.reward("yes"), "mating"),
    (lambda: voles.learn(2.5, 0.5), "n_hours"),
    (lambda: voles.preset("prairie dog"), "name"),
    (lambda: voles.hours_to_criterion(0.5, criterion=0.4), "criterion"),
    (lambda: voles.simulate_group(1, 0.5), "n"),
    (lambda: voles.crossbinding(1.0, "dopamine"), "ligand"),
    (lambda: voles.crossbinding(1.0, "OT", selectivity=0.5), "selectivity"),
    (lambda: voles.occupancy(-1.0), "concentration"),
    (lambda: voles.average_effect(1.5, 0.1, 0.1), "p_favourable"),
    (lambda: voles.partner_preference_test([1.0], [2.0]), "partner"),
])
def test_bad_arguments_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_crossbinding_explorer_precomputes_the_selectivity():
    # Notebook 02, section 1 prompt: at s = 100 oxytocin half-fills V1aR at c = 100,
    # where it already fills 99% of its own receptor.
    ex = voles.crossbinding_explorer()
    assert ex.page_control == "selectivity" and 100.0 in ex.frame_values()
    assert ex.values()["selectivity"] == 30.0   # the default figure's ratio
    assert ex.set(selectivity=100.0)
    assert "half-fills V1aR at concentration 100" in ex.panel.value
    assert "99% of its own receptor" in ex.panel.value


def test_halving_the_gate_shrinks_the_preference_by_less_than_half():
    # Notebook 02, section 5 prompt: the share at 24 h lies well above halfway.
    full = float(voles.preference(24, 0.9))
    half_gate = float(voles.preference(24, 0.9, blockade=0.5))
    assert half_gate == pytest.approx(float(voles.preference(24, 0.45)))
    assert half_gate > 0.5 + 0.75 * (full - 0.5)
    assert 0.45 in voles.preference_explorer().frame_values()


def test_context_and_experiment_explorers_precompute_what_the_prompts_need():
    ex = voles.context_explorer()
    d = ex.values()
    p_zero = voles.context_figure_values(d["effect_favourable"], d["effect_unfavourable"])["p_zero"]
    assert any(abs(v - p_zero) < 1e-9 for v in ex.frame_values())
    ex2 = voles.experiment_explorer()
    assert ex2.page_control == "seed" and len(ex2.frame_values()) >= 5
    assert ex2.values()["experiment"] == 2   # the gene-transfer comparison of the prompt


def test_receptor_map_is_read_from_the_published_data():
    """Insel & Shapiro 1992 (abstract): the regions and which species binds densely there
    live in data/published/voles_insel1992.yaml; they equal the figure's former table."""
    from oxytocin_course import published

    records = published.load("voles_insel1992")
    assert [r["region"] for r in records] == [
        "Prelimbic cortex", "Bed nucleus of the stria terminalis", "Nucleus accumbens",
        "Midline thalamic nuclei", "Lateral amygdala", "Lateral septum",
        "Ventromedial hypothalamus", "Cortical amygdala"]
    assert [int(r["prairie_dense"]) for r in records] == [1, 1, 1, 1, 1, 0, 0, 0]
    assert [int(r["montane_dense"]) for r in records] == [0, 0, 0, 0, 0, 1, 1, 1]
    assert {r["cite"] for r in records} == {"insel1992"}
    fig = voles.plot_receptor_map()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [r["region"] for r in records][::-1]


def test_experiment_explorer_draws_one_link_per_animal():
    ex = voles.experiment_explorer()
    for n in (3, 17, 40):
        assert ex.set(n=n)
        assert f"{n} animals per group" in ex.last_alt
        # dots and the lines joining each animal's partner and stranger minutes
        lines = [a for a in ex.fig.axes[0].lines if len(a.get_xdata()) == n]
        assert len(lines) == 4
        assert all(len(c.get_segments()) == n for c in ex.fig.axes[0].collections)
