"""Valid example arguments for public model functions that have required
parameters (used by tests/test_model_contracts.py).  Keys are
``"module.function"``; values are keyword arguments.

The values follow the way the notebooks call the functions (default
illustrative settings, the Kosfeld/Heinrichs-style designs, the preset names),
kept small so every call takes well under 0.2 s.

``HYPOTHESIS_LIMITS`` narrows, for a few simulation-heavy functions, the
interval Hypothesis draws a size-like argument from (for example the step
``dt`` or the run length ``t_end``).  Each limit must lie inside the
function's documented range (the contract test checks this), so it only keeps
the random calls fast; the out-of-range checks still use the documented range.
"""
import numpy as np

from oxytocin_course.models import assay, claims, literature, metaanalysis, power, reading

# Small fixed data sets (deterministic) for the analysis functions.
_RNG = np.random.default_rng(2016)
_N = np.array([10, 14, 20, 29, 40, 60, 90, 150])
_SE = np.sqrt(2.0 / _N)
_Y = 0.2 + _SE * _RNG.standard_normal(_N.size) + 0.8 * _SE   # small-study asymmetry
_P = np.array([0.001, 0.004, 0.012, 0.02, 0.03, 0.041, 0.049, 0.2, 0.6])
_LIT = literature.simulate_literature(k=12, true_effect=0.2, selection=0.8, seed=3)
_READ_T, _READ_Y = reading.simulate_measurements(half_life=6.0, n=8, noise=4.0)

EXAMPLES: dict[str, dict] = {
    # -- alliance (notebook 04) -------------------------------------------------------
    "alliance.growth_rate": dict(w=1.5),
    # -- assay (notebook 10) ----------------------------------------------------------
    "assay.attenuated_correlation": dict(rho_true=0.4, reliability_r=0.5),
    "assay.summary": dict(sim=assay.simulate(n=60, seed=11)),
    # -- claims register (notebook 10) -------------------------------------------------
    "claims.check_grade": dict(claim_id="S000-01", your_grade="Supported"),
    "claims.get": dict(claim_id="S000-01"),
    "claims.grade_counts": dict(claims=claims.load()[:8]),
    "claims.grade_distance": dict(a="Established", b="Mixed"),
    "claims.table_html": dict(claims=claims.load()[:3]),
    # -- clinic (notebook 09) ----------------------------------------------------------
    "clinic.check_script": dict(text="Oxytocin, the love hormone, is proven to cure loneliness."),
    "clinic.effect_interval": dict(effect={"estimate": 0.22, "se": 0.40}),
    "clinic.flagged": dict(text="A nasal spray boosts your oxytocin levels."),
    "clinic.grade_rank": dict(grade="Supported"),
    "clinic.n_per_arm": dict(d=0.5),
    "clinic.objective_html": dict(goal="safety", mechanism="support_buffer"),
    "clinic.power_two_group": dict(d=0.5, n1=8, n2=9),
    "clinic.report_html": dict(text="There is no chemical fix; support is associated with calm."),
    "clinic.smart_objective": dict(goal="conflict", mechanism="support_buffer"),
    # -- cortisol (notebook 03) ---------------------------------------------------------
    "cortisol.auc_ground": dict(times=[-10.0, 0.0, 20.0, 30.0, 60.0], values=[5.5, 5.0, 9.5, 12.0, 8.0]),
    "cortisol.auc_increase": dict(times=[-10.0, 0.0, 20.0, 30.0, 60.0], values=[5.5, 5.0, 9.5, 12.0, 8.0]),
    "cortisol.reactivity": dict(values=[5.5, 5.0, 9.5, 12.0, 8.0]),
    "cortisol.summary": dict(times=[-10.0, 0.0, 20.0, 30.0, 60.0], values=[5.5, 5.0, 9.5, 12.0, 8.0]),
    # -- effects (notebook 09) ---------------------------------------------------------
    "effects.absolute_difference": dict(relative_risk=2.0, control_risk=0.01),
    "effects.effect_summary": dict(events_t=11, n_t=14, events_c=12, n_c=18, outcome="bad"),
    "effects.nnt": dict(events_t=11, n_t=14, events_c=12, n_c=18, outcome="bad"),
    "effects.odds_ratio": dict(events_t=11, n_t=14, events_c=12, n_c=18),
    "effects.relative_risk": dict(events_t=11, n_t=14, events_c=12, n_c=18),
    "effects.risk_difference": dict(events_t=11, n_t=14, events_c=12, n_c=18),
    # -- ferguson (notebook 01) --------------------------------------------------------
    "ferguson.delivery_time": dict(gain=2.0),
    "ferguson.growth_rate": dict(gain=2.0),
    # -- hpa (notebook 03) ---------------------------------------------------------------
    "hpa.simulate_many": dict(intensity=np.array([1.0, 2.0, 1.0]),
                              support=np.array([0.0, 0.0, 1.0]), dt=0.5),
    # -- literature (notebook 08) --------------------------------------------------------
    "literature.egger": dict(y=_Y, se=_SE),
    "literature.p_curve": dict(p=_P),
    "literature.pet_peese": dict(y=_Y, se=_SE),
    "literature.random_effects": dict(y=_Y, se=_SE),
    "literature.summary": dict(lit=_LIT, true_effect=0.2),
    # -- equivalence (notebook 11) -------------------------------------------------------
    "equivalence.pooled_case": dict(name="ooi_2017"),
    "equivalence.se_from_ci": dict(low=-1.5, high=1.0),
    "equivalence.smallest_equivalent_bound": dict(estimate=-0.08, se=0.2),
    "equivalence.tost": dict(estimate=-0.2, se=0.64, low=-2.0, high=2.0),
    "equivalence.trial_case": dict(label_start="Sikich 2021"),
    # -- metaanalysis (notebook 11) ------------------------------------------------------
    "metaanalysis.analyse": dict(name="keech_2018"),
    "metaanalysis.describe": dict(result=metaanalysis.analyse("ooi_2017")),
    "metaanalysis.leave_one_out": dict(data="ooi_2017"),
    "metaanalysis.leave_out_options": dict(name="ooi_2017"),
    "metaanalysis.median_power": dict(data="ooi_2017", effect=0.3),
    "metaanalysis.pooled": dict(data="bakermans_kranenburg_2013"),
    "metaanalysis.power_table": dict(data="keech_2018"),
    "metaanalysis.trial_power": dict(se=np.array([0.2, 0.3, 0.5]), effect=0.3),
    # -- loop (notebook 04) --------------------------------------------------------------
    "loop.dhill": dict(a=np.linspace(-0.5, 2.0, 11)),
    "loop.fixed_points": dict(threat=0.8),
    "loop.hill": dict(a=np.linspace(-0.5, 2.0, 11)),
    "loop.jacobian": dict(a=1.2),
    "loop.n_stable": dict(threat=0.8),
    "loop.nullclines": dict(a=np.linspace(0.0, 2.0, 21), threat=0.8),
    "loop.rhs": dict(s=1.5, a=0.6, threat=0.8),
    "loop.simulate": dict(s0=1.5, a0=0.6, threat=0.8, t_end=20.0, n_points=51),
    # -- peptides (notebook 01) ----------------------------------------------------------
    "peptides.compare": dict(a="oxytocin", b="arginine vasopressin"),
    "peptides.differences": dict(a="oxytocin", b="lysine vasopressin"),
    "peptides.one_letter": dict(name="oxytocin"),
    "peptides.sequence": dict(name="arginine vasopressin"),
    # -- power (notebook 07) -------------------------------------------------------------
    "power.monte_carlo_summary": dict(sim=power.simulate_studies(0.3, 29, n_studies=400, seed=2),
                                      d=0.3),
    "power.n_for_power": dict(d=0.3, target=0.8),
    "power.power": dict(d=0.3, n=29),
    "power.power_curve": dict(d=0.3, n_values=np.array([10, 29, 100, 400])),
    "power.ppv": dict(power_=0.2, prior_odds=0.25),
    "power.retrodesign": dict(d=0.3, n=29),
    "power.simulate_studies": dict(d=0.3, n=29, n_studies=200, seed=1),
    "power.crossover_comparison": dict(d=0.4, r=0.5),
    "power.dz_from_d": dict(d=0.4, r=0.5),
    "power.n_for_power_paired": dict(d=0.4, r=0.5),
    "power.power_paired": dict(d=0.4, r=0.5, n=52),
    # -- reading (notebook 00) -----------------------------------------------------------
    "reading.concentration": dict(t=np.array([0.0, 2.0, 10.0, 30.0]), half_life=6.0),
    "reading.expected_se": dict(half_life=6.0, n=8, noise=8.0),
    "reading.fit_half_life": dict(t=_READ_T, y=_READ_Y),
    "reading.half_life_from_two_points": dict(t1=2.0, y1=80.0, t2=10.0, y2=20.0),
    "reading.mean_se_by_n": dict(half_life=6.0, ns=[5, 10], noise=8.0, n_rep=5),
    "reading.replicate_fits": dict(half_life=6.0, n=8, noise=8.0, n_rep=5),
    "reading.sample_times": dict(n=8),
    "reading.simulate_measurements": dict(half_life=6.0, n=8, noise=8.0),
    # -- release (notebook 01) -----------------------------------------------------------
    "release.concentration": dict(t=np.linspace(0.0, 120.0, 61)),
    "release.fraction_remaining": dict(t=np.array([0.0, 5.0, 20.0]), half_life=5.0),
    "release.rate_constant": dict(half_life=5.0),
    "release.sample": dict(t_sample=80.0, n=20, cv=0.2, seed=11),
    "release.secretion": dict(t=np.linspace(0.0, 120.0, 61)),
    "release.steady_state": dict(rate=0.1, half_life=5.0),
    # -- trustgame (notebook 06) ---------------------------------------------------------
    "trustgame.mann_whitney": dict(x=np.array([12, 12, 10, 8, 9, 12, 11, 6]),
                                   y=np.array([8, 4, 12, 6, 8, 9, 7, 5])),
    "trustgame.minimum_acceptable_probability": dict(returned=18.0, betrayal_cost=6.0),
    "trustgame.payoffs": dict(transfer=12.0, back_share=np.array([0.0, 1 / 3, 0.5])),
    "trustgame.share_maximal": dict(group="oxytocin"),
    # -- voles (notebook 02) -------------------------------------------------------------
    "voles.average_effect": dict(p_favourable=0.5, effect_favourable=0.5,
                                 effect_unfavourable=-0.3),
    "voles.crossbinding": dict(concentration=np.array([0.1, 1.0, 10.0]), selectivity=100.0),
    "voles.cue_value": dict(hours=24.0, density=0.9),
    "voles.equal_occupancy_concentration": dict(concentration=2.0, selectivity=100.0),
    "voles.gate": dict(density=0.9, blockade=0.95),
    "voles.hours_to_criterion": dict(density=0.9),
    "voles.learn": dict(n_hours=24, density=0.9),
    "voles.occupancy": dict(concentration=np.array([0.0, 0.5, 1.0, 10.0])),
    "voles.partner_preference_test": dict(partner=np.array([60.0, 55.0, 70.0, 40.0, 65.0]),
                                          stranger=np.array([30.0, 35.0, 20.0, 50.0, 25.0])),
    "voles.preference": dict(hours=24.0, density=0.9),
    "voles.preset": dict(name="prairie"),
    "voles.preset_preference": dict(name="prairie_antagonist", hours=24.0),
    "voles.simulate_group": dict(n=10, density=0.9, hours=24.0, seed=1),
}

#: Narrower Hypothesis intervals for size-like arguments of slow simulations,
#: ``{"module.function": {"argument": (lo, hi)}}``; each must lie inside the
#: documented range.
HYPOTHESIS_LIMITS: dict[str, dict[str, tuple[float, float]]] = {
    # fixed-step RK4: t_end / dt steps for every participant
    "hpa.simulate_many": {"dt": (0.1, 1.0), "t_end": (1.0, 300.0)},
    # one least-squares fit per replicate and per n
    "reading.replicate_fits": {"n": (3, 40), "n_rep": (1, 10)},
    "reading.mean_se_by_n": {"n_rep": (1, 10)},
}

#: Functions whose documented answer may be ``+inf`` ("never", "no threshold"):
#: the docstring must say so (checked).  NaN and ``-inf`` stay forbidden.
RETURNS_INF: set[str] = {
    "effects.nnt",                 # NNT = inf when the risks are equal; interval through inf
    "effects.effect_summary",      # its nnt, as above
    "effects.nnt_figure_values",   # an interval limit of a kind the interval lacks
    "ferguson.critical_gain",      # no critical gain for negative feedback
    "ferguson.delivery_time",      # delivery never reached
    "voles.hours_to_criterion",    # the criterion is never reached
    "hpa.recovery_time",           # no recovery within the simulated run
}
