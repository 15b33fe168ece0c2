"""Simulated extracted vs unextracted assay comparison (illustrative model)."""
import numpy as np
import pytest

from oxytocin_course import published
from oxytocin_course.models import assay


def test_mean_ratio_close_to_requested():
    s = assay.summary(assay.simulate(n=20_000, ratio=60, cross_reactivity=0.8, seed=3))
    assert s["mean_ratio"] == pytest.approx(60, rel=0.05)


def test_extracted_tracks_truth():
    s = assay.summary(assay.simulate(n=5000, noise=0.15, seed=2))
    assert s["r_extracted"] > 0.9


def test_cross_reactivity_weakens_tracking():
    rs = [assay.summary(assay.simulate(n=5000, cross_reactivity=c, seed=4))["r_unextracted"]
          for c in (0.0, 0.5, 0.8, 1.0)]
    assert all(a > b for a, b in zip(rs, rs[1:]))
    assert abs(rs[-1]) < 0.1  # pure matrix signal: no relation to the truth


def test_no_noise_no_matrix_is_exact():
    sim = assay.simulate(n=500, ratio=1.0, cross_reactivity=0.0, noise=0.0, seed=5)
    np.testing.assert_allclose(sim["extracted"], sim["true"])
    assert assay.summary(sim)["r_unextracted"] == pytest.approx(1.0)


def test_attenuation():
    assert assay.attenuated_correlation(0.5, 0.3) == pytest.approx(0.15)
    assert abs(assay.attenuated_correlation(0.5, 0.3)) < 0.5


def test_seeded_and_reproducible():
    a = assay.simulate(seed=7)["unextracted"]
    b = assay.simulate(seed=7)["unextracted"]
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kw,name", [({"n": 3}, "n"), ({"ratio": 0.5}, "ratio"),
                                     ({"cross_reactivity": 1.5}, "cross_reactivity"),
                                     ({"noise": -1}, "noise")])
def test_bad_arguments(kw, name):
    with pytest.raises(ValueError, match=name):
        assay.simulate(**kw)


def test_published_ratio_comes_from_the_data_file():
    """The 60-fold inflation (Brown et al. 2016) lives in data/published, not in the model."""
    (record,) = published.load("assay_brown2016")
    assert record["cite"] == "brown2016"
    assert assay.BROWN2016_RATIO == record["ratio"] == 60.0
    assert assay.simulate.__defaults__[1] == assay.BROWN2016_RATIO


def test_explorer_and_figure_show_the_same_simulation():
    ex = assay.assay_explorer()
    assert ex.page_control == "cross_reactivity" and ex.last_error is None
    values = assay.comparison_figure_values()
    assert f"correlation {values['r_extracted']:.2f}" in ex.last_alt
    assert ex.set(cross_reactivity=0.0, ratio=1.0)
    assert "0% of their signal" in ex.last_alt
