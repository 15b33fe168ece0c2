"""The prediction matrix of notebook 02, section 7 (oxytocin_course.models.theories)."""
from __future__ import annotations

import itertools

import pytest
from matplotlib.figure import Figure

from oxytocin_course.models import theories as th


def test_every_cell_is_a_known_sign_and_the_matrix_is_complete():
    m = th.prediction_matrix()
    assert m["theories"] == tuple(th.THEORIES) and m["contexts"] == tuple(th.CONTEXTS)
    assert len(m["signs"]) == len(th.THEORIES)
    for row in m["signs"]:
        assert len(row) == len(th.CONTEXTS)
        assert set(row) <= set(th.SIGNS)


def test_only_salience_and_approach_predict_more_envy():
    # The Predict-then-check prompt of section 7 and its reading of Shamay-Tsoory et al. 2009.
    assert th.theories_predicting("rival_loss", "+") == ("salience", "approach")
    assert th.prediction("anxiolysis", "rival_loss") == "0"


def test_salience_and_approach_part_only_on_threat():
    # Both predict more affiliation and more envy; they disagree on avoidance of a threat.
    assert th.discriminating_contexts("salience", "approach") == ("threat_outgroup",)
    assert th.prediction("salience", "threat_outgroup") == "+"
    assert th.prediction("approach", "threat_outgroup") == "−"


def test_social_accounts_predict_nothing_without_a_social_cue():
    for theory in ("salience", "approach"):
        assert th.prediction(theory, "nonsocial_stress") == "0"
    assert th.prediction("anxiolysis", "nonsocial_stress") == "−"


def test_discrimination_is_symmetric_and_never_uses_a_state_dependent_cell():
    for a, b in itertools.product(th.THEORIES, repeat=2):
        found = th.discriminating_contexts(a, b)
        assert found == th.discriminating_contexts(b, a)
        if a == b:
            assert found == ()
        for context in found:
            pa, pb = th.prediction(a, context), th.prediction(b, context)
            assert "±" not in (pa, pb) and pa != pb


def test_theories_predicting_partitions_each_context():
    for context in th.CONTEXTS:
        groups = [th.theories_predicting(context, s) for s in th.SIGNS]
        assert sorted(itertools.chain(*groups)) == sorted(th.THEORIES)


def test_plot_draws_one_sign_per_cell():
    fig = th.plot_prediction_matrix()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    signs = [t.get_text() for t in ax.texts if t.get_text() in th.SIGNS]
    assert len(signs) == len(th.THEORIES) * len(th.CONTEXTS)
    assert "not data" in ax.get_xlabel()


@pytest.mark.parametrize("call,arg", [
    (lambda: th.prediction(theory="love hormone"), "theory"),
    (lambda: th.prediction(context="party"), "context"),
    (lambda: th.theories_predicting(sign="++"), "sign"),
    (lambda: th.discriminating_contexts(theory_b="trust"), "theory_b"),
])
def test_bad_names_raise_value_error_naming_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()
