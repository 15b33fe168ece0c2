"""Power, positive predictive value, and sign and magnitude errors (notebook 07).

Illustrative model of a two-group experiment: ``n`` participants per group,
outcomes normal with SD 1, true standardised difference ``d``, a two-sided
two-sample t-test at level ``α``.

* **Power** ``1 − β``: ``statsmodels.stats.power.TTestIndPower`` (noncentral
  t), checked against :func:`simulate_studies` (raw data, the t-test of
  ``scipy.stats``).  Where statsmodels returns NaN (it evaluates the
  lower tail with SciPy's ``nct.cdf``, which fails far in that tail, e.g.
  df = 34, δ = 12), the same integral is taken as two upper tails,
  ``P(T > c; δ) + P(T > c; −δ)`` with SciPy's ``nct.sf``.
* **PPV** (Ioannidis 2005), with pre-study odds ``R``::

      PPV = (1 − β) R / ((1 − β) R + α)

  and with bias ``u`` (the share of would-be null results reported as
  significant)::

      PPV = ([1 − β] R + u β R) / (R + α − β R + u − u α + u β R)

* **Type S and Type M errors** (Gelman & Carlin 2014), conditional on a
  significant result.  With the t statistic ``T ~ nct(df = 2n − 2, δ)``,
  ``δ = d √(n/2)``, critical value ``c``::

      power      = P(T > c) + P(T < −c)
      type S     = P(T < −c) / power
      exaggeration (Type M) = E(|T| ; |T| > c) / (power · δ)

  because the estimated effect ``d̂ = T √(2/n)`` is proportional to ``T``.
  ``E(X ; A)`` is the partial expectation ``E(X · 1{A})`` (``X`` counted as 0
  where ``A`` fails), so ``E(|T| ; |T| > c) / power = E(|T| | |T| > c)``, the
  mean of ``|T|`` over the significant studies; notebook 07 writes the
  exaggeration with this conditional mean.
  The normal approximation replaces the noncentral t by ``N(δ, 1)`` and ``c``
  by ``z_{1−α/2}``; then ``E(|Y| ; |Y| > c)`` has the closed form
  ``δ[Φ(δ−c) − Φ(−δ−c)] + φ(c−δ) + φ(c+δ)``.  The t version applies the same
  closed form conditionally on the pooled SD and integrates it over the SD's
  chi-square distribution (one quadrature).

* **Crossover (within-subject) designs** (notebook 07, section 6): each of
  ``n`` participants is measured once under each condition, and the analysis
  is a paired t-test on the ``n`` differences.  With equal SDs ``σ`` in the two
  conditions and correlation ``r`` between a person's two measurements, the
  differences have SD ``σ √(2 (1 − r))``, so the effect size of the paired
  test is (Lakens 2013)::

      d_z = d / √(2 (1 − r))

  ``r = 0.5`` gives ``d_z = d``; a higher ``r`` gives a larger ``d_z``.  Power:
  ``statsmodels.stats.power.TTestPower`` (one-sample / paired t, ``n − 1``
  degrees of freedom, noncentrality ``d_z √n``).  The model assumes no
  carry-over and no period effect.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy import integrate, optimize, stats
from statsmodels.stats.power import TTestIndPower, TTestPower

from ..checks import in_range, integer, one_of
from ..explorer import Explorer, slider
from ..figures import new_figure, nice_ceil
from ..style import PALETTE, ROLE
from .trustgame import KOSFELD_N

_T_TEST_POWER = TTestIndPower()
_PAIRED_POWER = TTestPower()

#: Smallest significance level accepted by the power functions: below it the
#: tail integrals of the noncentral t lose their precision in double arithmetic.
ALPHA_MIN = 1e-6
#: Largest true effect (in absolute value) and group size the functions accept.
D_MAX = 5.0
N_MAX = 100_000

#: The design notebooks 07 and 08 keep returning to: the 29 investors per group of
#: Kosfeld et al. 2005 (read from the published data, via :mod:`.trustgame`).
REFERENCE_N = KOSFELD_N

#: Power the figures mark with a dotted line (the conventional target).
CONVENTIONAL_POWER = 0.8
#: Above this many degrees of freedom, :func:`retrodesign` with ``method="t"`` uses the
#: normal approximation (the two then agree to better than 0.1%).
NORMAL_ABOVE_DF = 1000
#: Most simulated values per group (studies × n) :func:`simulate_studies` holds in memory.
MAX_SIMULATED_PER_GROUP = 20_000_000


def _check(d: float, n: int, alpha: float) -> tuple[float, int, float]:
    return (in_range("d", d, -D_MAX, D_MAX), integer("n", n, 2, N_MAX),
            in_range("alpha", alpha, ALPHA_MIN, 0.5))


def _power_t(d: float | np.ndarray, n1, n2=None, alpha: float = 0.05) -> np.ndarray:
    """Two-sided power of the two-sample t-test with ``n1`` and ``n2`` per group
    (``d``, ``n1`` and ``n2`` may be arrays, broadcast together; ``n2 = n1`` by
    default): ``statsmodels`` ``TTestIndPower``, with the upper-tail form where
    statsmodels returns NaN (module docstring).  Arguments are checked by the
    public callers."""
    effect = np.abs(np.asarray(d, dtype=float))
    n1 = np.asarray(n1, dtype=float)
    n2 = n1 if n2 is None else np.asarray(n2, dtype=float)
    with np.errstate(invalid="ignore"):
        result = np.atleast_1d(np.asarray(
            _T_TEST_POWER.power(effect_size=effect, nobs1=n1, ratio=n2 / n1, alpha=alpha,
                                alternative="two-sided"), dtype=float)).copy()
    failed = ~np.isfinite(result)
    if failed.any():
        df = np.broadcast_to(n1 + n2 - 2, result.shape)[failed]
        delta = (np.broadcast_to(effect, result.shape)[failed]
                 * np.sqrt(np.broadcast_to(n1 * n2 / (n1 + n2), result.shape)[failed]))
        c = stats.t.isf(alpha / 2, df)
        result[failed] = stats.nct.sf(c, df, delta) + stats.nct.sf(c, df, -delta)
    return result


def _tails(d: float, n, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """``(P(T > c), P(T < −c))`` for ``T ~ nct(2n − 2, |d| √(n/2))``; ``n`` may be an array."""
    df = 2 * np.asarray(n, dtype=float) - 2
    delta = abs(d) * np.sqrt(np.asarray(n, dtype=float) / 2)
    c = stats.t.isf(alpha / 2, df)
    return stats.nct.sf(c, df, delta), stats.nct.sf(c, df, -delta)


def power(d: float, n: int, alpha: float = 0.05, *, n2: int | None = None) -> float:
    """Two-sided power of the two-sample t-test (statsmodels ``TTestIndPower``) with
    ``n`` per group; give ``n2`` when the second group has another size."""
    d, n, alpha = _check(d, n, alpha)
    if n2 is not None:
        n2 = integer("n2", n2, 2, N_MAX)
    return float(_power_t(d, n, n2, alpha=alpha)[0])


def power_curve(d: float, n_values: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Power at each ``n`` in ``n_values`` (vectorised over ``n``)."""
    d = in_range("d", d, -D_MAX, D_MAX)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    n = np.asarray(n_values, dtype=float)
    if n.size == 0 or not np.all(np.isfinite(n)) or np.any(n < 2) or np.any(n > N_MAX):
        raise ValueError(f"n_values must all be in [2, {N_MAX}]")
    return _power_t(d, n, alpha=alpha).reshape(n.shape)


def n_for_power(d: float, target: float = 0.8, alpha: float = 0.05) -> int:
    """Smallest whole ``n`` per group (2 to 100,000) giving at least ``target`` power.

    Power rises monotonically with ``n``, so the answer is the ``n`` with
    ``power(n − 1) < target <= power(n)``.  It is looked for first among a few
    whole ``n`` next to the normal approximation ``2 ((z_{1−α/2} + z_{target}) / d)²``;
    where that misses, the root of ``power(n) = target`` over a continuous ``n``
    is bracketed in [2, 100000] and found with :func:`scipy.optimize.brentq`,
    then rounded up and checked on whole ``n``.
    """
    d = in_range("d", d, 0, D_MAX, lo_open=True)
    target = in_range("target", target, 0.05, 0.999)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    return int(_smallest_n(np.array([d]), target, alpha)[0])


#: Whole ``n`` tried at once next to the normal approximation in :func:`_smallest_n`.
_N_WINDOW = 6


def _smallest_n(d: np.ndarray, target: float, alpha: float) -> np.ndarray:
    """:func:`n_for_power` for each effect in ``d`` (positive; all arguments
    checked by the callers), vectorised over ``d``."""
    d = np.asarray(d, dtype=float)
    # The t-test needs a little more than the normal approximation: start just below it.
    z = stats.norm.isf(alpha / 2) + stats.norm.ppf(target)
    with np.errstate(over="ignore"):             # a tiny d: the start is simply N_MAX
        start = np.clip(np.floor(2 * (z / d) ** 2) - 1, 2, N_MAX)
    candidates = np.minimum(start[:, None] + np.arange(_N_WINDOW), N_MAX)
    reached = _power_t(d[:, None], candidates, alpha=alpha) >= target
    first = np.argmax(reached, axis=1)
    # The first n that reaches the target, with the n before it falling short (or n = 2).
    found = reached.any(axis=1) & ((first > 0) | (start == 2))
    n = candidates[np.arange(d.size), first].astype(int)
    for i in np.flatnonzero(~found):
        n[i] = _smallest_n_by_root(float(d[i]), target, alpha)
    return n


def _smallest_n_by_root(d: float, target: float, alpha: float) -> int:
    """:func:`n_for_power` by root finding (see its docstring); arguments checked."""

    def gap(n: float) -> float:
        return float(_power_t(d, n, alpha=alpha)[0]) - target

    if gap(2.0) >= 0:
        return 2
    if gap(float(N_MAX)) < 0:
        raise ValueError(f"d = {d:g} is too small to reach {target:g} power at alpha = {alpha:g} "
                         f"with at most {N_MAX:,} per group")
    n = int(np.ceil(optimize.brentq(gap, 2.0, float(N_MAX), xtol=1e-6) - 1e-9))
    while n > 2 and gap(n - 1) >= 0:  # guard against the solver's tolerance
        n -= 1
    while gap(n) < 0:
        n += 1
    return n


def ppv(power_: float, prior_odds: float, alpha: float = 0.05, bias: float = 0.0) -> float:
    """Positive predictive value of a significant finding (Ioannidis 2005).

    ``PPV = ([1−β]R + uβR) / (R + α − βR + u − uα + uβR)``; with ``u = 0`` this
    is ``(1−β)R / ((1−β)R + α)``.
    """
    beta = 1 - in_range("power_", power_, 0, 1)
    R = in_range("prior_odds", prior_odds, 0, 1e6, lo_open=True)
    alpha = in_range("alpha", alpha, 0, 1, lo_open=True)
    u = in_range("bias", bias, 0, 1)
    return ((1 - beta) * R + u * beta * R) / (R + alpha - beta * R + u - u * alpha + u * beta * R)


def _significant_abs_t(sv, c: float, delta: float) -> np.ndarray:
    """``E(|T| ; |T| > c | S = sv)``: the partial expectation of ``|T|`` over the
    significant region, given the pooled SD ratio ``sv`` (``T = (Z + delta) / sv``).
    The integrand of :func:`retrodesign`'s noncentral-t method (vectorised in ``sv``)."""
    a_hi, a_lo = c * sv - delta, -c * sv - delta
    e_hi = delta * stats.norm.sf(a_hi) + stats.norm.pdf(a_hi)
    e_lo = -delta * stats.norm.cdf(a_lo) + stats.norm.pdf(a_lo)
    return (e_hi + e_lo) / sv


def retrodesign(d: float, n: int, alpha: float = 0.05, method: str = "t") -> dict:
    """Power, Type S error rate and exaggeration ratio given significance.

    ``method="t"`` uses the noncentral t distribution (exact for the t-test);
    ``method="normal"`` uses the normal approximation of Gelman & Carlin (2014),
    which ``method="t"`` also falls back to when ``df = 2n − 2`` exceeds 1000
    (where the two agree to better than 0.1%).
    See the module docstring for the formulas.
    """
    d, n, alpha = _check(d, n, alpha)
    one_of("method", method, ("t", "normal"))
    if d == 0:
        raise ValueError("d must be non-zero: sign and exaggeration are undefined for a zero effect")
    sign = np.sign(d)
    delta = abs(d) * np.sqrt(n / 2)
    df = 2 * n - 2
    if method == "t" and df <= NORMAL_ABOVE_DF:
        c = stats.t.isf(alpha / 2, df)
        p_hi, p_lo = _tails(d, n, alpha)
        # E(|T| ; |T| > c), writing T = (Z + δ) / S with S = sqrt(V / df),
        # V ~ chi2(df): given S, the normal closed form applies, and one
        # smooth quadrature over V remains.
        chi = stats.chi2(df)

        def tails(v: float) -> float:
            return _significant_abs_t(np.sqrt(v / df), c, delta) * chi.pdf(v)

        # From v = 0 (small pooled SDs carry the significant results when alpha is tiny
        # and df small), with a break where the upper critical point meets delta.
        v_top = chi.isf(1e-12)
        v_edge = df * (delta / c) ** 2
        pts = [v_edge] if 0 < v_edge < v_top else None
        e_abs = integrate.quad(tails, 0.0, v_top, points=pts, limit=400, epsabs=0.0,
                               epsrel=1e-9)[0]
    else:  # normal approximation (also used for method="t" when df > NORMAL_ABOVE_DF)
        c = stats.norm.isf(alpha / 2)
        p_hi, p_lo = stats.norm.sf(c - delta), stats.norm.cdf(-c - delta)
        e_abs = (delta * (p_hi - p_lo) + stats.norm.pdf(c - delta) + stats.norm.pdf(c + delta))
    p_significant = p_hi + p_lo
    if not p_significant > 0:
        raise ValueError(f"alpha = {alpha:g} is too small for d = {d:g} and n = {n}: the power "
                         "underflows to 0, so Type S and exaggeration are undefined")
    exaggeration = e_abs / (p_significant * delta)
    if not np.isfinite(exaggeration):
        raise ValueError(f"d = {d:g} is too close to zero for n = {n}: the exaggeration ratio "
                         "overflows")
    return {"power": float(p_significant), "type_s": float(p_lo / p_significant),
            "exaggeration": float(exaggeration), "sign": float(sign)}


# Fixed quadrature for the explorer: Gauss–Legendre nodes on the chi-square
# quantile scale u = s**4 (the substitution flattens the integrand near v = 0,
# where small pooled SDs carry the significant results when α is tiny).
_QUADRATURE_NODES = 48
_legendre_x, _legendre_w = np.polynomial.legendre.leggauss(_QUADRATURE_NODES)
_QUAD_S = (_legendre_x + 1) / 2                      # nodes on [0, 1]
_QUAD_U = _QUAD_S ** 4                               # chi-square quantile levels
_QUAD_WEIGHTS = _legendre_w / 2 * 4 * _QUAD_S ** 3   # weights, with du = 4 s³ ds


def _retrodesign_quick(d: float, n: int, alpha: float = 0.05) -> dict:
    """:func:`retrodesign` with ``method="t"``, its chi-square integral taken with a
    fixed 48-node rule instead of adaptive quadrature: about 2 ms instead of 30 to
    200 ms, agreeing to better than 1e-4 (relative) over the power explorer's
    ranges (tested).  For the explorer only; arguments as in :func:`retrodesign`."""
    d, n, alpha = _check(d, n, alpha)
    df = 2 * n - 2
    if d == 0 or df > NORMAL_ABOVE_DF:
        return retrodesign(d, n, alpha)
    delta = abs(d) * np.sqrt(n / 2)
    c = stats.t.isf(alpha / 2, df)
    sd_ratio = np.sqrt(stats.chi2.ppf(_QUAD_U, df) / df)
    e_abs = float(np.sum(_QUAD_WEIGHTS * _significant_abs_t(sd_ratio, c, delta)))
    p_hi, p_lo = _tails(d, n, alpha)
    p_significant = p_hi + p_lo
    if not p_significant > 0:
        return retrodesign(d, n, alpha)      # raises the explanatory error
    return {"power": float(p_significant), "type_s": float(p_lo / p_significant),
            "exaggeration": float(e_abs / (p_significant * delta)), "sign": float(np.sign(d))}


def simulate_studies(d: float, n: int, n_studies: int = 10_000, alpha: float = 0.05,
                     seed: int = 2005) -> dict:
    """Many independent two-group studies, simulated from raw data (vectorised).

    Each study draws ``n`` control and ``n`` treated values from N(0, 1) and
    N(d, 1), runs the two-sample t-test (``scipy.stats.ttest_ind_from_stats`` on
    its groups' means and SDs) and estimates ``d̂`` as the mean difference over
    the pooled SD (``d̂ = T √(2/n)``).
    """
    d, n, alpha = _check(d, n, alpha)
    k = integer("n_studies", n_studies, 1, 1_000_000)
    if k * n > MAX_SIMULATED_PER_GROUP:
        raise ValueError(f"n_studies × n must be at most {MAX_SIMULATED_PER_GROUP:,} (memory)")
    return _analyse(_draws(k, n, seed), d, n, alpha)


@functools.lru_cache(maxsize=8)
def _draws(k: int, n: int, seed: int) -> np.ndarray:
    """Standard normal draws for ``k`` studies of two groups of ``n`` (read-only, cached)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((2, k, n))
    z.setflags(write=False)
    return z


def _analyse(z: np.ndarray, d: float, n: int, alpha: float) -> dict:
    """The two-sample t-test of each study in ``z`` (from :func:`_draws`) with true effect
    ``d``: ``scipy.stats.ttest_ind_from_stats`` on each study's group means and SDs (the
    same test as ``ttest_ind`` on the raw values, several times faster on many studies)."""
    control, treated = z[0], z[1] + d
    t, p = stats.ttest_ind_from_stats(treated.mean(axis=1), treated.std(axis=1, ddof=1), n,
                                      control.mean(axis=1), control.std(axis=1, ddof=1), n)
    d_hat = t * np.sqrt(2 / n)
    return {"t": t, "p": p, "d_hat": d_hat, "significant": p < alpha}


def monte_carlo_summary(sim: dict, d: float) -> dict:
    """Power, Type S and exaggeration estimated from :func:`simulate_studies`.

    ``d`` is the true effect the studies were simulated with.  Quantities that
    are undefined are ``None``: Type S and exaggeration when ``d = 0``, the
    exaggeration when ``d`` is so close to 0 that it overflows, and every
    conditional quantity when no study is significant.
    """
    d = in_range("d", d, -D_MAX, D_MAX)
    significant = np.asarray(sim["significant"])
    n_studies = significant.size
    if n_studies == 0:
        raise ValueError("sim must hold at least one simulated study")
    share = significant.mean()
    out = {"power": float(share), "power_se": float(np.sqrt(share * (1 - share) / n_studies)),
           "type_s": None, "exaggeration": None, "published_mean": None}
    if significant.any():
        published = sim["d_hat"][significant]
        if d != 0:
            out["type_s"] = float(np.mean(np.sign(published) != np.sign(d)))
            with np.errstate(over="ignore"):
                exaggeration = np.mean(np.abs(published)) / abs(d)
            out["exaggeration"] = float(exaggeration) if np.isfinite(exaggeration) else None
        out["published_mean"] = float(published.mean())
    out["all_mean"] = float(sim["d_hat"].mean())
    return out


# -- numbers quoted in figure text (notebooks 07 and 08) --------------------------------
def _key(x: float) -> str:
    """``0.3`` -> ``"0p3"``, ``0.12`` -> ``"0p12"``: a number as part of a placeholder name."""
    return f"{x:g}".replace(".", "p").replace("-", "m")


def _tuple_of(name: str, values, lo: float, hi: float, max_len: int, **kw) -> list[float]:
    """``values`` (one number or a sequence of 1 to ``max_len``), each checked to be in range."""
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    if arr.ndim != 1 or not 1 <= arr.size <= max_len:
        raise ValueError(f"{name} must hold 1 to {max_len} values; got {values!r}")
    return [in_range(name, float(x), lo, hi, **kw) for x in arr]


def power_curves_figure_values(d_values: tuple[float, ...] = (0.2, 0.5, 0.8),
                               alpha: float = 0.05, mark_n: int = REFERENCE_N) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``07-power-curves``.

    At the settings of :func:`plot_power_curves`: ``alpha`` and ``mark_n``; for
    each true effect ``d`` in ``d_values`` (at most the three the plot draws),
    ``d_<d>`` (the effect itself), ``n80_<d>``, the smallest n per group with at
    least 80% power (:func:`n_for_power`, where the curve passes the 80% line),
    and ``power_<d>``, the power at ``mark_n`` per group (:func:`power`, the
    marked points).  Names write a decimal point as ``p``: ``n80_0p5``.
    """
    effects = _tuple_of("d_values", d_values, 0, D_MAX, 3, lo_open=True)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    mark_n = integer("mark_n", mark_n, 2, N_MAX)
    out: dict[str, float] = {"alpha": alpha, "mark_n": mark_n}
    for d in effects:
        out[f"d_{_key(d)}"] = d
        out[f"n80_{_key(d)}"] = n_for_power(d, CONVENTIONAL_POWER, alpha)
        out[f"power_{_key(d)}"] = power(d, mark_n, alpha)
    return out


#: The thousand labs of notebook 07: how many, and the seed of their simulated data.
N_LABS = 1000
LABS_SEED = 2005


def thousand_labs_figure_values(d: float = 0.3, n: int = REFERENCE_N, alpha: float = 0.05,
                                seed: int = LABS_SEED, n_labs: int = N_LABS) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``07-thousand-labs``.

    The simulated labs of :func:`plot_thousand_labs` with the same arguments
    (:func:`simulate_studies`, :func:`monte_carlo_summary`): the settings ``d``,
    ``n``, ``n_labs``; ``lowest`` and ``highest``, the extreme estimates;
    ``n_significant`` and ``pct_significant``, the labs with ``p < alpha``
    (count and percent); ``d_crit``, the smallest absolute estimate that reaches
    significance, ``t_{1−α/2, 2n−2} √(2/n)``; ``n_wrong_sign``, the significant
    labs whose estimate has the opposite sign to ``d``; ``published_mean``, the
    mean of the significant estimates, and ``ratio``, that mean over ``d``.
    ``ValueError`` when ``d`` is 0 (no ratio) or no lab is significant.
    """
    d, n, alpha = _check(d, n, alpha)
    n_labs = integer("n_labs", n_labs, 1, 1_000_000)
    if d == 0:
        raise ValueError("d must be non-zero: the ratio of the published mean to d is undefined")
    sim = simulate_studies(d, n, n_labs, alpha, seed)
    summary = monte_carlo_summary(sim, d)
    if summary["published_mean"] is None:
        raise ValueError(f"no lab is significant at d = {d:g}, n = {n}, alpha = {alpha:g}: "
                         "the published mean is undefined")
    ratio = summary["published_mean"] / d
    if not np.isfinite(ratio):
        raise ValueError(f"d = {d:g} is too close to zero: the ratio of the published mean to d "
                         "overflows")
    significant = np.asarray(sim["significant"])
    estimates = np.asarray(sim["d_hat"])
    return {"d": d, "n": n, "n_labs": n_labs,
            "lowest": float(estimates.min()), "highest": float(estimates.max()),
            "n_significant": int(significant.sum()),
            "pct_significant": 100 * float(significant.mean()),
            "d_crit": float(stats.t.isf(alpha / 2, 2 * n - 2) * np.sqrt(2 / n)),
            "n_wrong_sign": int(np.sum(significant & (np.sign(estimates) != np.sign(d)))),
            "published_mean": summary["published_mean"], "ratio": ratio}


def _odds_for_ppv(power_: float, target: float = 0.5, alpha: float = 0.05,
                  bias: float = 0.0) -> float:
    """The pre-study odds ``R`` at which :func:`ppv` reaches ``target``.

    PPV rises with ``R``, so the root of ``ppv(power_, R, alpha, bias) = target``
    is bracketed in ``[1e-6, 1e6]`` and found with :func:`scipy.optimize.brentq`
    on ``log R``.  ``ValueError`` when the target is not reached inside that range.
    """
    power_ = in_range("power_", power_, 0, 1, lo_open=True)
    target = in_range("target", target, 0, 1, lo_open=True, hi_open=True)
    alpha = in_range("alpha", alpha, 0, 1, lo_open=True)
    bias = in_range("bias", bias, 0, 1)

    def gap(log_odds: float) -> float:
        return ppv(power_, float(np.exp(log_odds)), alpha, bias) - target

    lowest, highest = np.log(1e-6), np.log(1e6)
    try:
        if not gap(lowest) < 0 < gap(highest):
            raise ValueError(f"target = {target:g} is not reached for prior odds between 1e-6 and "
                             f"1e6 (power_ = {power_:g}, alpha = {alpha:g}, bias = {bias:g})")
        return float(np.exp(optimize.brentq(gap, lowest, highest, xtol=1e-12)))
    except ZeroDivisionError:
        raise ValueError(f"power_ = {power_:g} and alpha = {alpha:g} are too small: the PPV "
                         "underflows in double precision") from None


def ppv_figure_values(powers: tuple[float, ...] = (0.8, 0.3, 0.12), alpha: float = 0.05,
                      bias: float = 0.2, biased_power: float = 0.12) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``07-ppv-curves``.

    At the settings of :func:`plot_ppv_curves`, which draws PPV against the
    pre-study odds for each power in ``powers`` and, dashed, for
    ``biased_power`` with ``bias``.  Returned: ``alpha``, ``bias``,
    ``biased_power``; for each power ``p``, ``power_<p>`` (the power) and
    ``odds_<p>``, the odds at which its curve passes PPV = 0.5
    (:func:`_odds_for_ppv`, equal to ``α / (1 − β)``); ``odds_biased``, the same
    for the dashed curve.  Names write a decimal point as ``p``: ``odds_0p12``.
    """
    powers = _tuple_of("powers", powers, 0, 1, 3, lo_open=True)
    alpha = in_range("alpha", alpha, 0, 1, lo_open=True)
    bias = in_range("bias", bias, 0, 1)
    biased_power = in_range("biased_power", biased_power, 0, 1, lo_open=True)
    out: dict[str, float] = {"alpha": alpha, "bias": bias, "biased_power": biased_power}
    for power_ in powers:
        out[f"power_{_key(power_)}"] = power_
        out[f"odds_{_key(power_)}"] = _odds_for_ppv(power_, 0.5, alpha)
    out["odds_biased"] = _odds_for_ppv(biased_power, 0.5, alpha, bias)
    return out


#: The smallest effects of interest :func:`plot_required_n` and :func:`design_explorer`
#: draw (0.1 to 1.0 in steps of 0.05, the explorer's slider values).
_EFFECT_GRID = np.round(np.arange(0.1, 1.0001, 0.05), 2)


def required_n_figure_values(targets: tuple[float, ...] = (0.8, 0.95),
                             alpha: float = 0.05) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``08-required-n``.

    At the settings of :func:`plot_required_n`: ``alpha``, ``mark_n`` (the
    dashed 29 per group); for each target power ``q`` (in percent, e.g. 80)
    ``target_<q>`` and, at each smallest effect of interest ``d`` the plot draws
    (0.1 to 1.0 in steps of 0.05), ``n_<q>_<d>``, the n per group needed
    (:func:`n_for_power`), e.g. ``n_80_0p2``; and ``d_<q>_at_mark``, the
    smallest effect that ``mark_n`` per group detects with that power (the root
    of :func:`power` = target, :func:`scipy.optimize.brentq`).
    """
    targets = _tuple_of("targets", targets, 0.05, 0.999, 3)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    mark_n = REFERENCE_N
    out: dict[str, float] = {"alpha": alpha, "mark_n": mark_n}
    for target in targets:
        q = _key(round(100 * target, 6))
        out[f"target_{q}"] = 100 * target
        for d in _EFFECT_GRID:
            out[f"n_{q}_{_key(float(d))}"] = n_for_power(float(d), target, alpha)

        def gap(d: float) -> float:
            return power(d, mark_n, alpha) - target

        if not gap(1e-3) < 0 < gap(D_MAX):
            raise ValueError(f"targets: {target:g} power is not reached at {mark_n} per group for "
                             f"d between 0.001 and 5 (alpha = {alpha:g})")
        out[f"d_{q}_at_mark"] = float(optimize.brentq(gap, 1e-3, D_MAX, xtol=1e-10))
    return out


# -- crossover (within-subject) designs ------------------------------------------
#: Range of the between-session correlation ``r`` the crossover functions accept.
R_MIN, R_MAX = -0.9, 0.95


def dz_from_d(d: float, r: float) -> float:
    """Effect size of the paired t-test, ``d_z = d / √(2 (1 − r))``.

    ``d`` is the standardised difference between conditions in units of the
    between-person SD (the ``d`` of a two-group study) and ``r`` the correlation
    between a person's measurements in the two sessions (``R_MIN`` to ``R_MAX``).
    """
    d = in_range("d", d, -D_MAX, D_MAX)
    r = in_range("r", r, R_MIN, R_MAX)
    return float(d / np.sqrt(2 * (1 - r)))


def _paired_power(dz: float, n, alpha: float) -> np.ndarray:
    """Two-sided power of the paired t-test with ``n`` pairs (statsmodels
    ``TTestPower``), with the upper-tail form where statsmodels returns NaN."""
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore"):
        result = np.atleast_1d(np.asarray(_PAIRED_POWER.power(
            effect_size=abs(dz), nobs=n, alpha=alpha, alternative="two-sided"),
            dtype=float)).copy()
    failed = ~np.isfinite(result)
    if failed.any():
        df = np.broadcast_to(n - 1, result.shape)[failed]
        delta = abs(dz) * np.sqrt(np.broadcast_to(n, result.shape)[failed])
        c = stats.t.isf(alpha / 2, df)
        result[failed] = stats.nct.sf(c, df, delta) + stats.nct.sf(c, df, -delta)
    return result


def power_paired(d: float, r: float, n: int, alpha: float = 0.05) -> float:
    """Two-sided power of a crossover study with ``n`` participants, each measured
    under both conditions: the paired t-test at ``d_z = d / √(2 (1 − r))``
    (:func:`dz_from_d`), via statsmodels ``TTestPower``."""
    dz = dz_from_d(d, r)
    n = integer("n", n, 2, N_MAX)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    return float(_paired_power(dz, n, alpha)[0])


def n_for_power_paired(d: float, r: float, target: float = 0.8, alpha: float = 0.05) -> int:
    """Smallest whole number of participants (2 to 100,000) for which a crossover
    study reaches ``target`` power: the paired t-test at ``d_z = d / √(2 (1 − r))``.

    statsmodels ``TTestPower.solve_power`` gives the continuous ``n``; it is
    rounded up and checked on whole ``n`` (the ``n`` with
    ``power(n − 1) < target <= power(n)``).
    """
    d = in_range("d", d, 0, D_MAX, lo_open=True)
    dz = dz_from_d(d, r)
    target = in_range("target", target, 0.05, 0.999)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    z = stats.norm.isf(alpha / 2) + stats.norm.ppf(target)
    if z > dz * np.sqrt(N_MAX):         # (z / d_z)² > N_MAX, without overflow
        raise ValueError(f"d = {d:g} with r = {r:g} is too small to reach {target:g} power at "
                         f"alpha = {alpha:g} with at most {N_MAX:,} participants")

    def pw(n: float) -> float:
        return float(_paired_power(dz, n, alpha)[0])

    if pw(2) >= target:
        return 2
    try:
        with np.errstate(all="ignore"):
            guess = float(np.squeeze(_PAIRED_POWER.solve_power(
                effect_size=dz, nobs=None, alpha=alpha, power=target,
                alternative="two-sided")))
    except (ValueError, RuntimeError, FloatingPointError):
        guess = float("nan")
    if not np.isfinite(guess) or guess < 2:
        guess = (z / dz) ** 2 + 2          # the normal approximation, then searched
    n = int(min(max(np.ceil(guess - 1e-9), 2), N_MAX))
    while n > 2 and pw(n - 1) >= target:
        n -= 1
    while pw(n) < target:
        n += 1
        if n > N_MAX:
            raise ValueError(f"d = {d:g} with r = {r:g} needs more than {N_MAX:,} participants")
    return n


def crossover_comparison(d: float, r: float, target: float = 0.8,
                         alpha: float = 0.05) -> dict[str, float]:
    """Participants a crossover and a two-group study need for the same ``d``.

    ``dz``: :func:`dz_from_d`; ``n_crossover``: :func:`n_for_power_paired`
    (each participant measured twice); ``n_per_group`` and ``n_parallel``:
    :func:`n_for_power` and twice it; ``ratio``: ``n_crossover / n_parallel``
    (about ``(1 − r) / 2`` for large samples).
    """
    n_cross = n_for_power_paired(d, r, target, alpha)
    per_group = n_for_power(d, target, alpha)
    return {"dz": dz_from_d(d, r), "n_crossover": n_cross, "n_per_group": per_group,
            "n_parallel": 2 * per_group, "ratio": n_cross / (2 * per_group)}


#: Between-session correlations :func:`plot_crossover_n` draws (0 to 0.9).
_R_GRID = np.round(np.arange(0.0, 0.9001, 0.05), 2)


def crossover_figure_values(d: float = 0.4, target: float = 0.8,
                            alpha: float = 0.05) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``07-crossover-n``.

    At the settings of :func:`plot_crossover_n`: ``d``, ``target`` (in
    percent), ``alpha``; ``n_parallel``, the total of the two-group design;
    for each correlation ``r`` drawn (0 to 0.9 in steps of 0.05)
    ``n_cross_<r>``, the crossover's participants (e.g. ``n_cross_0p5``); and
    ``ratio_0p5``, the crossover's share of the two-group total at ``r = 0.5``.
    """
    d = in_range("d", d, 0, D_MAX, lo_open=True)
    target = in_range("target", target, 0.05, 0.999)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    out: dict[str, float] = {"d": d, "target": 100 * target, "alpha": alpha,
                             "n_parallel": 2 * n_for_power(d, target, alpha)}
    for r in _R_GRID:
        out[f"n_cross_{_key(float(r))}"] = n_for_power_paired(d, float(r), target, alpha)
    out["ratio_0p5"] = out["n_cross_0p5"] / out["n_parallel"]
    return out


# -- plots ---------------------------------------------------------------------
def plot_power_curves(d_values: tuple[float, ...] = (0.2, 0.5, 0.8), alpha: float = 0.05,
                      mark_n: int = REFERENCE_N) -> Figure:
    """Power against n per group for several true effects, with one design marked."""
    fig, ax = new_figure(figsize=(7.0, 3.8))
    n = np.arange(5, 401)
    for d, colour in zip(d_values, [PALETTE["vermillion"], PALETTE["orange"], PALETTE["blue"]]):
        ax.plot(n, power_curve(d, n, alpha), color=colour, label=f"true d = {d}")
        ax.plot([mark_n], [power(d, mark_n, alpha)], "o", color=colour)
    ax.axvline(mark_n, color="black", lw=1, ls="--")
    ax.text(mark_n + 4, 0.03, f"{mark_n} per group", fontsize=9)
    ax.axhline(CONVENTIONAL_POWER, color=PALETTE["grey"], lw=1, ls=":")
    ax.text(400, 0.82, "80% power", fontsize=9, ha="right")
    ax.set_xscale("log")
    ax.set_xticks([5, 10, 20, 50, 100, 200, 400], ["5", "10", "20", "50", "100", "200", "400"])
    ax.set_xlabel("participants per group (log scale)")
    ax.set_ylabel("power (two-sided t-test, α = 0.05)")
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper left")
    return fig


def plot_thousand_labs(d: float = 0.3, n: int = REFERENCE_N, alpha: float = 0.05,
                       seed: int = LABS_SEED, n_labs: int = N_LABS) -> Figure:
    """Histogram of a thousand labs' estimates, published (significant) ones highlighted."""
    fig, ax = new_figure(figsize=(7.0, 3.8))
    _update_labs(_labs_artists(ax), d, n, alpha, seed, n_labs)
    return fig


#: Bin edges of the labs' estimates d̂ (estimates outside go to the end bins).
_LABS_BINS = np.linspace(-1.5, 2.5, 81)


def _labs_artists(ax: Axes) -> dict[str, Any]:
    """The thousand-labs histogram's static parts, and the artists :func:`_update_labs` changes."""
    zeros = np.zeros(_LABS_BINS.size - 1)
    file_drawer = ax.stairs(zeros, _LABS_BINS, fill=True, color=PALETTE["grey"], alpha=0.55,
                            label="file drawer (not significant)")
    published = ax.stairs(zeros, _LABS_BINS, fill=True, color=PALETTE["vermillion"],
                          label="published (p < α)")
    truth = ax.axvline(0, color=ROLE["truth"], lw=2, label="true effect")
    published_mean = ax.axvline(0, color=PALETTE["vermillion"], lw=2, ls="--",
                                label="mean of published")
    ax.set_xlim(_LABS_BINS[0], _LABS_BINS[-1])
    ax.set_xlabel("estimated effect d̂ in each lab")
    ax.set_ylabel("number of labs")
    ax.legend(loc="upper right", fontsize=9)
    return {"file_drawer": file_drawer, "published": published, "truth": truth,
            "published_mean": published_mean, "title": ax.set_title("")}


def _update_labs(art: dict[str, Any], d: float, n: int, alpha: float, seed: int,
                 n_labs: int) -> dict:
    """Show ``n_labs`` simulated labs; their :func:`monte_carlo_summary`."""
    sim = simulate_studies(d, n, n_labs, alpha, seed)
    estimates = np.clip(sim["d_hat"], _LABS_BINS[0], _LABS_BINS[-1] - 1e-9)
    significant = sim["significant"]
    counts_all, _ = np.histogram(estimates, _LABS_BINS)
    counts_published, _ = np.histogram(estimates[significant], _LABS_BINS)
    art["file_drawer"].set_data(counts_all)
    art["published"].set_data(counts_published)
    # The y-axis grows in nice steps, so most updates keep it (and redraw only the bars).
    ax = art["title"].axes
    top = nice_ceil(max(10, counts_all.max() * 1.15))
    if ax.get_ylim() != (0, top):
        ax.set_ylim(0, top)
    summary = monte_carlo_summary(sim, d)
    art["truth"].set_xdata([d, d])
    shown_mean = summary["published_mean"] if summary["published_mean"] is not None else d
    art["published_mean"].set_xdata([shown_mean, shown_mean])
    art["title"].set_text(f"{significant.sum()} of {n_labs} labs significant; published mean "
                          f"{shown_mean:.2f} vs true {d:.2f}")
    return summary


_N_TICKS = [10, 20, 50, 100, 200, 500, 1000, 2000]   # plain labels on log n axes

#: Pre-study odds drawn by :func:`plot_ppv_curves` (log axis) and its labelled ticks.
_PPV_ODDS = np.geomspace(0.01, 2, 200)
_PPV_TICKS = [0.01, 0.03, 0.1, 0.3, 1, 2]


def plot_ppv_curves(powers: tuple[float, ...] = (0.8, 0.3, 0.12), alpha: float = 0.05,
                    bias: float = 0.2, biased_power: float = 0.12) -> Figure:
    """PPV of a significant finding against the pre-study odds ``R`` (log axis).

    One solid curve per power in ``powers`` (:func:`ppv` without bias), one
    dashed curve for ``biased_power`` with bias ``u = bias``, and a dotted line
    at PPV = 0.5 (a significant finding as likely false as true).  The numbers
    its caption quotes come from :func:`ppv_figure_values` with the same arguments.
    """
    powers = _tuple_of("powers", powers, 0, 1, 3, lo_open=True)
    alpha = in_range("alpha", alpha, 0, 1, lo_open=True)
    bias = in_range("bias", bias, 0, 1)
    biased_power = in_range("biased_power", biased_power, 0, 1, lo_open=True)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    for power_, colour in zip(powers, [PALETTE["blue"], PALETTE["orange"], PALETTE["vermillion"]]):
        ax.plot(_PPV_ODDS, [ppv(power_, odds, alpha) for odds in _PPV_ODDS], color=colour,
                label=f"power {power_:.0%}")
    ax.plot(_PPV_ODDS, [ppv(biased_power, odds, alpha, bias=bias) for odds in _PPV_ODDS],
            color=PALETTE["vermillion"], ls="--", label=f"power {biased_power:.0%}, bias u = {bias:g}")
    ax.axhline(0.5, color="black", lw=1, ls=":")
    ax.set_xscale("log")
    ax.set_xticks(_PPV_TICKS, [f"{t:g}" for t in _PPV_TICKS])
    ax.minorticks_off()
    ax.set_xlabel("pre-study odds R (log scale)")
    ax.set_ylabel("PPV of a significant finding")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize=9)
    return fig


def plot_required_n(targets: tuple[float, ...] = (0.8, 0.95), alpha: float = 0.05) -> Figure:
    """Participants per group needed against the smallest effect of interest."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    for target, colour in zip(targets, [PALETTE["orange"], PALETTE["blue"], PALETTE["green"]]):
        ax.plot(_EFFECT_GRID, [n_for_power(d, target, alpha) for d in _EFFECT_GRID], ".-",
                color=colour, label=f"{100 * target:.0f}% power")
    ax.axhline(REFERENCE_N, color=PALETTE["grey"], ls="--", lw=1)
    ax.text(0.12, REFERENCE_N + 2, f"{REFERENCE_N} per group", ha="left", fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel("smallest effect of interest d")
    ax.set_ylabel("n per group needed (log scale)")
    ax.set_yticks(_N_TICKS, [str(t) for t in _N_TICKS])
    ax.minorticks_off()
    ax.set_xlim(0.1, 1.0)
    ax.legend(loc="upper right")
    return fig



def plot_crossover_n(d: float = 0.4, target: float = 0.8, alpha: float = 0.05) -> Figure:
    """Total participants needed against the between-session correlation ``r``:
    a crossover (:func:`n_for_power_paired`) and a two-group study
    (twice :func:`n_for_power`, which does not depend on ``r``)."""
    values = crossover_figure_values(d, target, alpha)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    cross = [values[f"n_cross_{_key(float(r))}"] for r in _R_GRID]
    ax.plot(_R_GRID, np.full(_R_GRID.size, values["n_parallel"]), color=ROLE["placebo"],
            lw=2, label="two groups (total of both)")
    ax.plot(_R_GRID, cross, ".-", color=ROLE["oxytocin"],
            label="crossover (each person in both conditions)")
    ax.axvline(0.5, color=PALETTE["black"], lw=1, ls=":")
    ax.text(0.51, values["n_parallel"] * 0.9, "r = 0.5: $d_z = d$", fontsize=9, va="top")
    ax.set_xlim(0, 0.9)
    ax.set_ylim(0, nice_ceil(values["n_parallel"] * 1.1))
    ax.set_xlabel("correlation between a person's two sessions, r")
    ax.set_ylabel("participants needed (total)")
    ax.set_title(f"d = {values['d']:g}, {values['target']:.0f}% power, two-sided "
                 f"α = {values['alpha']:g}", fontsize=10)
    ax.legend(loc="center left", fontsize=9)
    return fig

# -- explorers -----------------------------------------------------------------------
#: The state :func:`power_explorer` opens in.
POWER_EXPLORER_DEFAULTS = {"d": 0.5, "n": 100, "alpha": 0.05, "prior_odds": 1.0}
#: The bias ``u`` of the power explorer's second PPV bar.
_EXPLORER_BIAS = 0.2


def power_explorer() -> Explorer:
    """True effect, n per group, α and prior odds → power, PPV and exaggeration."""
    fig, (ax_curve, ax_bars) = new_figure(1, 2, figsize=(8.4, 3.6), width_ratios=[1.4, 1])
    n_grid = np.unique(np.round(np.geomspace(5, 500, 60)).astype(int))
    curve, = ax_curve.plot(n_grid, np.zeros(n_grid.size), color=PALETTE["blue"])
    design, = ax_curve.plot([], [], "o", color=PALETTE["vermillion"], ms=8)
    ax_curve.axhline(CONVENTIONAL_POWER, color=PALETTE["grey"], lw=1, ls=":")
    ax_curve.set_xscale("log")
    ax_curve.set_xticks([5, 10, 20, 50, 100, 200, 500],
                        ["5", "10", "20", "50", "100", "200", "500"])
    ax_curve.set_ylim(0, 1.02)
    ax_curve.set_xlabel("participants per group (log scale)")
    ax_curve.set_ylabel("power")
    bar_names = ["power", "PPV", f"PPV, bias {_EXPLORER_BIAS:g}", "Type S"]
    bars = ax_bars.barh(range(4), [0] * 4, color=[PALETTE["blue"], PALETTE["green"],
                                                 PALETTE["orange"], PALETTE["vermillion"]])
    labels = [ax_bars.text(0, i, "", va="center", fontsize=9) for i in range(4)]
    ax_bars.set_yticks(range(4), bar_names)
    ax_bars.invert_yaxis()
    ax_bars.set_xlim(0, 1.25)
    ax_bars.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_bars.set_xlabel("probability")
    art = {"curve": curve, "design": design, "bars": bars, "labels": labels,
           "title": fig.suptitle("", fontsize=11)}

    controls = {
        # The default state is a well-powered design with even prior odds: it answers
        # none of notebook 07's prompts, exercises or quiz items (d = 0.3 with 29 per
        # group, PPV at power 20% and R = 0.25...), which the learner checks by moving
        # the controls after committing to a prediction.
        "d": slider("True effect d", POWER_EXPLORER_DEFAULTS["d"], 0.05, 1.0, 0.05,
                    readout_format=".2f"),
        "n": slider("n per group", POWER_EXPLORER_DEFAULTS["n"], 5, 500, 1, integer=True),
        "alpha": slider("α", POWER_EXPLORER_DEFAULTS["alpha"], 0.005, 0.1, 0.005,
                        readout_format=".3f"),
        "prior_odds": slider("Prior odds R", POWER_EXPLORER_DEFAULTS["prior_odds"], 0.05, 2.0,
                             0.05, readout_format=".2f"),
    }

    def draw(d: float, n: int, alpha: float, prior_odds: float) -> str:
        art["curve"].set_ydata(power_curve(d, n_grid, alpha))
        errors = _retrodesign_quick(d, int(n), alpha)      # noncentral t, as in notebook 07
        design_power = power(d, int(n), alpha)
        art["design"].set_data([n], [design_power])
        values = [design_power, ppv(design_power, prior_odds, alpha),
                  ppv(design_power, prior_odds, alpha, bias=_EXPLORER_BIAS), errors["type_s"]]
        for bar, label, value in zip(art["bars"], art["labels"], values):
            bar.set_width(value)
            label.set_x(value + 0.02)
            label.set_text(f"{value:.3f}" if value < 0.01 else f"{value:.2f}")
        art["title"].set_text(f"d = {d:.2f}, n = {n} per group: a significant estimate is on "
                              f"average {errors['exaggeration']:.2f}× the true effect")
        return (f"Left: power against participants per group for a true effect d = {d:.2f} at "
                f"alpha = {alpha:.3f}, with the chosen design of {n} per group marked at power "
                f"{design_power:.2f}. Right: power {values[0]:.2f}, positive predictive value "
                f"{values[1]:.2f} at prior odds {prior_odds:.2f} ({values[2]:.2f} with bias "
                f"{_EXPLORER_BIAS:g}), Type S error {values[3]:.3f}; significant estimates "
                f"exaggerate the true effect {errors['exaggeration']:.2f}-fold on average.")

    return Explorer("07-power", fig, controls, draw, animated=art,
                    title="Power, PPV and exaggeration", page_control="n",
                    page_values=[10, 20, REFERENCE_N, 50, 100, 200, 400])


def labs_explorer() -> Explorer:
    """A thousand labs run the same design; only significant results are published."""
    fig, ax = new_figure(figsize=(7.2, 3.8))
    art = _labs_artists(ax)
    controls = {
        "d": slider("True effect d", 0.3, 0.0, 1.0, 0.05, readout_format=".2f"),
        "n": slider("n per group", REFERENCE_N, 10, 200, 1, integer=True),
    }

    def draw(d: float, n: int) -> str:
        summary = _update_labs(art, float(d), int(n), 0.05, LABS_SEED, N_LABS)
        published_mean = summary["published_mean"]
        shown = f"{published_mean:.2f}" if published_mean is not None else "undefined"
        return (f"Histogram of the estimated effects of {N_LABS} simulated labs, each with {n} "
                f"participants per group and a true effect of {d:.2f}. "
                f"{100 * summary['power']:.1f}% of labs reach p < 0.05 and are drawn in red as "
                f"published; their mean estimate is {shown} against a true {d:.2f} and an "
                f"all-lab mean of {summary['all_mean']:.2f}.")

    return Explorer("07-labs", fig, controls, draw, animated=art,
                    title="A thousand labs, one file drawer", page_control="d",
                    page_values=[0.0, 0.1, 0.2, 0.3, 0.5, 0.8])


@functools.lru_cache(maxsize=128)
def _required_n_curve(target: float) -> np.ndarray:
    """n per group for ``target`` power (α = 0.05) at each effect of ``_EFFECT_GRID``."""
    need = _smallest_n(_EFFECT_GRID, target, 0.05)
    need.setflags(write=False)
    return need


def design_explorer() -> Explorer:
    """Smallest effect of interest and target power → n per group needed."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    curve, = ax.plot([], [], color=PALETTE["blue"], marker=".")
    design, = ax.plot([], [], "o", color=PALETTE["vermillion"], ms=8)
    ax.axhline(REFERENCE_N, color=PALETTE["grey"], ls="--", lw=1)
    ax.text(1.0, REFERENCE_N + 2, f"{REFERENCE_N} per group", ha="right", fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel("smallest effect of interest d")
    ax.set_ylabel("participants per group needed (log scale)")
    ax.set_xlim(0.1, 1.0)
    ax.set_ylim(10, 3000)
    ax.set_yticks(_N_TICKS, [str(t) for t in _N_TICKS])
    ax.minorticks_off()
    art = {"curve": curve, "design": design, "title": ax.set_title("")}
    controls = {
        "d": slider("Smallest effect of interest d", 0.3, 0.1, 1.0, 0.05, readout_format=".2f"),
        "target": slider("Target power", 0.9, 0.5, 0.99, 0.01, readout_format=".2f"),
    }

    def draw(d: float, target: float) -> str:
        need_curve = _required_n_curve(round(float(target), 3))
        art["curve"].set_data(_EFFECT_GRID, need_curve)
        i = int(np.argmin(np.abs(_EFFECT_GRID - float(d))))
        on_grid = abs(_EFFECT_GRID[i] - float(d)) < 1e-9
        need = int(need_curve[i]) if on_grid else n_for_power(d, target)
        art["design"].set_data([d], [need])
        art["title"].set_text(f"{need} per group ({2 * need} in total) for {100 * target:.0f}% "
                              f"power at d = {d:.2f}")
        return (f"Curve of the participants per group needed for {100 * target:.0f}% power at "
                f"alpha 0.05 against the smallest effect of interest, on a log scale, falling "
                f"steeply as the effect grows; at d = {d:.2f} a study needs {need} per group. "
                f"A dashed line marks {REFERENCE_N} per group.")

    return Explorer("08-design", fig, controls, draw, animated=art,
                    title="What would a convincing study need?", page_control="d",
                    page_values=[0.1, 0.2, 0.3, 0.4, 0.5, 0.8])
