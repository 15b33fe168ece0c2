"""Power, positive predictive value, and sign and magnitude errors (notebook 07).

Illustrative model of a two-group experiment: ``n`` participants per group,
outcomes normal with SD 1, true standardised difference ``d``, a two-sided
two-sample t-test at level ``α``.

* **Power** ``1 − β``: ``statsmodels.stats.power.TTestIndPower`` (noncentral
  t), checked against :func:`simulate_studies` (raw data,
  ``scipy.stats.ttest_ind``).  Where statsmodels returns NaN (it evaluates the
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
"""
from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from scipy import integrate, optimize, stats
from statsmodels.stats.power import TTestIndPower

from ..checks import in_range, integer, one_of
from ..explorer import Explorer, slider
from ..figures import nice_ceil, new_figure
from ..style import PALETTE, ROLE

_POWER = TTestIndPower()

#: Smallest significance level accepted by the power functions: below it the
#: tail integrals of the noncentral t lose their precision in double arithmetic.
ALPHA_MIN = 1e-6


def _check(d: float, n: int, alpha: float) -> tuple[float, int, float]:
    return (in_range("d", d, -5, 5), integer("n", n, 2, 100_000),
            in_range("alpha", alpha, ALPHA_MIN, 0.5))


def _power_t(d: float, n1, n2=None, alpha: float = 0.05) -> np.ndarray:
    """Two-sided power of the two-sample t-test with ``n1`` and ``n2`` per group
    (arrays allowed; ``n2 = n1`` by default): ``statsmodels`` ``TTestIndPower``,
    with the upper-tail form where statsmodels returns NaN (module docstring).
    Arguments are checked by the public callers."""
    n1 = np.asarray(n1, dtype=float)
    n2 = n1 if n2 is None else np.asarray(n2, dtype=float)
    with np.errstate(invalid="ignore"):
        p = np.atleast_1d(np.asarray(
            _POWER.power(effect_size=abs(d), nobs1=n1, ratio=n2 / n1, alpha=alpha,
                         alternative="two-sided"), dtype=float)).copy()
    bad = ~np.isfinite(p)
    if bad.any():
        df = np.broadcast_to(n1 + n2 - 2, p.shape)[bad]
        delta = abs(d) * np.sqrt(np.broadcast_to(n1 * n2 / (n1 + n2), p.shape)[bad])
        c = stats.t.isf(alpha / 2, df)
        p[bad] = stats.nct.sf(c, df, delta) + stats.nct.sf(c, df, -delta)
    return p


def _tails(d: float, n, alpha: float):
    """``(P(T > c), P(T < −c))`` for ``T ~ nct(2n − 2, |d| √(n/2))``; ``n`` may be an array."""
    df = 2 * np.asarray(n, dtype=float) - 2
    delta = abs(d) * np.sqrt(np.asarray(n, dtype=float) / 2)
    c = stats.t.isf(alpha / 2, df)
    return stats.nct.sf(c, df, delta), stats.nct.sf(c, df, -delta)


def power(d: float, n: int, alpha: float = 0.05) -> float:
    """Two-sided power of the two-sample t-test (statsmodels ``TTestIndPower``)."""
    d, n, alpha = _check(d, n, alpha)
    return float(_power_t(d, n, alpha=alpha)[0])


def power_curve(d: float, n_values: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Power at each ``n`` in ``n_values`` (vectorised over ``n``)."""
    d = in_range("d", d, -5, 5)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    n = np.asarray(n_values, dtype=float)
    if n.size == 0 or not np.all(np.isfinite(n)) or np.any(n < 2) or np.any(n > 100_000):
        raise ValueError("n_values must all be in [2, 100000]")
    return _power_t(d, n, alpha=alpha).reshape(n.shape)


def n_for_power(d: float, target: float = 0.8, alpha: float = 0.05) -> int:
    """Smallest whole ``n`` per group (2 to 100,000) giving at least ``target`` power.

    Power rises monotonically with ``n``, so the root of ``power(n) = target``
    over a continuous ``n`` is bracketed in [2, 100000] and found with
    :func:`scipy.optimize.brentq`, then rounded up (and checked on whole ``n``).
    """
    d = in_range("d", d, 0, 5, lo_open=True)
    target = in_range("target", target, 0.05, 0.999)
    alpha = in_range("alpha", alpha, ALPHA_MIN, 0.5)

    def gap(n: float) -> float:
        return float(_power_t(d, n, alpha=alpha)[0]) - target

    if gap(2.0) >= 0:
        return 2
    if gap(100_000.0) < 0:
        raise ValueError(f"d = {d:g} is too small to reach {target:g} power at alpha = {alpha:g} "
                         "with at most 100,000 per group")
    n = int(np.ceil(optimize.brentq(gap, 2.0, 100_000.0, xtol=1e-6) - 1e-9))
    while n > 2 and power(d, n - 1, alpha) >= target:  # guard against solver tolerance
        n -= 1
    while power(d, n, alpha) < target:
        n += 1
    return n


def ppv(power_: float, prior_odds: float, alpha: float = 0.05, bias: float = 0.0) -> float:
    """Positive predictive value of a significant finding (Ioannidis 2005).

    ``PPV = ([1−β]R + uβR) / (R + α − βR + u − uα + uβR)``; with ``u = 0`` this
    is ``(1−β)R / ((1−β)R + α)``.
    """
    pw = in_range("power_", power_, 0, 1)
    R = in_range("prior_odds", prior_odds, 0, 1e6, lo_open=True)
    a = in_range("alpha", alpha, 0, 1, lo_open=True)
    u = in_range("bias", bias, 0, 1)
    b = 1 - pw
    return ((1 - b) * R + u * b * R) / (R + a - b * R + u - u * a + u * b * R)


def _significant_abs_t(sv, c: float, delta: float):
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
    if method == "t" and df <= 1000:
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
    else:  # normal approximation (also used for method="t" when df > 1000)
        c = stats.norm.isf(alpha / 2)
        p_hi, p_lo = stats.norm.sf(c - delta), stats.norm.cdf(-c - delta)
        e_abs = (delta * (p_hi - p_lo) + stats.norm.pdf(c - delta) + stats.norm.pdf(c + delta))
    pw = p_hi + p_lo
    if not pw > 0:
        raise ValueError(f"alpha = {alpha:g} is too small for d = {d:g} and n = {n}: the power "
                         "underflows to 0, so Type S and exaggeration are undefined")
    exaggeration = e_abs / (pw * delta)
    if not np.isfinite(exaggeration):
        raise ValueError(f"d = {d:g} is too close to zero for n = {n}: the exaggeration ratio "
                         "overflows")
    return {"power": float(pw), "type_s": float(p_lo / pw),
            "exaggeration": float(exaggeration), "sign": float(sign)}


# Fixed quadrature for the explorer: Gauss–Legendre nodes on the chi-square
# quantile scale u = s**4 (the substitution flattens the integrand near v = 0,
# where small pooled SDs carry the significant results when α is tiny).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(48)
_GL_S = (_GL_X + 1) / 2
_GL_U = _GL_S ** 4
_GL_WU = _GL_W / 2 * 4 * _GL_S ** 3


def _retrodesign_quick(d: float, n: int, alpha: float = 0.05) -> dict:
    """:func:`retrodesign` with ``method="t"``, its chi-square integral taken with a
    fixed 48-node rule instead of adaptive quadrature: about 2 ms instead of 30 to
    200 ms, agreeing to better than 1e-4 (relative) over the power explorer's
    ranges (tested).  For the explorer only; arguments as in :func:`retrodesign`."""
    d, n, alpha = _check(d, n, alpha)
    df = 2 * n - 2
    if d == 0 or df > 1000:
        return retrodesign(d, n, alpha)
    delta = abs(d) * np.sqrt(n / 2)
    c = stats.t.isf(alpha / 2, df)
    sv = np.sqrt(stats.chi2.ppf(_GL_U, df) / df)
    e_abs = float(np.sum(_GL_WU * _significant_abs_t(sv, c, delta)))
    p_hi, p_lo = _tails(d, n, alpha)
    pw = p_hi + p_lo
    if not pw > 0:
        return retrodesign(d, n, alpha)      # raises the explanatory error
    return {"power": float(pw), "type_s": float(p_lo / pw),
            "exaggeration": float(e_abs / (pw * delta)), "sign": float(np.sign(d))}


def simulate_studies(d: float, n: int, n_studies: int = 10_000, alpha: float = 0.05,
                     seed: int = 2005) -> dict:
    """Many independent two-group studies, simulated from raw data (vectorised).

    Each study draws ``n`` control and ``n`` treated values from N(0, 1) and
    N(d, 1), runs ``scipy.stats.ttest_ind`` and estimates ``d̂`` as the mean
    difference over the pooled SD (``d̂ = T √(2/n)``).
    """
    d, n, alpha = _check(d, n, alpha)
    k = integer("n_studies", n_studies, 1, 1_000_000)
    if k * n > 20_000_000:
        raise ValueError("n_studies × n must be at most 20,000,000 (memory)")
    z = _draws(k, n, seed)
    return _analyse(z, d, n, alpha)


@functools.lru_cache(maxsize=8)
def _draws(k: int, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((2, k, n))
    z.setflags(write=False)
    return z


def _analyse(z: np.ndarray, d: float, n: int, alpha: float) -> dict:
    control, treated = z[0], z[1] + d
    t, p = stats.ttest_ind(treated, control, axis=1)
    d_hat = t * np.sqrt(2 / n)
    return {"t": t, "p": p, "d_hat": d_hat, "significant": p < alpha}


def monte_carlo_summary(sim: dict, d: float) -> dict:
    """Power, Type S and exaggeration estimated from :func:`simulate_studies`.

    ``d`` is the true effect the studies were simulated with.  Quantities that
    are undefined are ``None``: Type S and exaggeration when ``d = 0``, and
    every conditional quantity when no study is significant.
    """
    d = in_range("d", d, -5, 5)
    sig = np.asarray(sim["significant"])
    k = sig.size
    if k == 0:
        raise ValueError("sim must hold at least one simulated study")
    out = {"power": float(sig.mean()), "power_se": float(np.sqrt(sig.mean() * (1 - sig.mean()) / k)),
           "type_s": None, "exaggeration": None, "published_mean": None}
    if sig.any():
        est = sim["d_hat"][sig]
        if d != 0:
            out["type_s"] = float(np.mean(np.sign(est) != np.sign(d)))
            out["exaggeration"] = float(np.mean(np.abs(est)) / abs(d))
        out["published_mean"] = float(est.mean())
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
                               alpha: float = 0.05, mark_n: int = 29) -> dict[str, float]:
    """The numbers quoted in the caption and alt text of figure ``07-power-curves``.

    At the settings of :func:`plot_power_curves`: ``alpha`` and ``mark_n``; for
    each true effect ``d`` in ``d_values`` (at most the three the plot draws),
    ``d_<d>`` (the effect itself), ``n80_<d>``, the smallest n per group with at
    least 80% power (:func:`n_for_power`, where the curve passes the 80% line),
    and ``power_<d>``, the power at ``mark_n`` per group (:func:`power`, the
    marked points).  Names write a decimal point as ``p``: ``n80_0p5``.
    """
    ds = _tuple_of("d_values", d_values, 0, 5, 3, lo_open=True)
    a = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    n = integer("mark_n", mark_n, 2, 100_000)
    out: dict[str, float] = {"alpha": a, "mark_n": n}
    for d in ds:
        out[f"d_{_key(d)}"] = d
        out[f"n80_{_key(d)}"] = n_for_power(d, 0.8, a)
        out[f"power_{_key(d)}"] = power(d, n, a)
    return out


def thousand_labs_figure_values(d: float = 0.3, n: int = 29, alpha: float = 0.05,
                                seed: int = 2005, n_labs: int = 1000) -> dict[str, float]:
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
    d, n, a = _check(d, n, alpha)
    k = integer("n_labs", n_labs, 1, 1_000_000)
    if d == 0:
        raise ValueError("d must be non-zero: the ratio of the published mean to d is undefined")
    sim = simulate_studies(d, n, k, a, seed)
    s = monte_carlo_summary(sim, d)
    if s["published_mean"] is None:
        raise ValueError(f"no lab is significant at d = {d:g}, n = {n}, alpha = {a:g}: "
                         "the published mean is undefined")
    ratio = s["published_mean"] / d
    if not np.isfinite(ratio):
        raise ValueError(f"d = {d:g} is too close to zero: the ratio of the published mean to d "
                         "overflows")
    sig = np.asarray(sim["significant"])
    est = np.asarray(sim["d_hat"])
    return {"d": d, "n": n, "n_labs": k, "lowest": float(est.min()), "highest": float(est.max()),
            "n_significant": int(sig.sum()), "pct_significant": 100 * float(sig.mean()),
            "d_crit": float(stats.t.isf(a / 2, 2 * n - 2) * np.sqrt(2 / n)),
            "n_wrong_sign": int(np.sum(sig & (np.sign(est) != np.sign(d)))),
            "published_mean": s["published_mean"], "ratio": ratio}


def _odds_for_ppv(power_: float, target: float = 0.5, alpha: float = 0.05,
                 bias: float = 0.0) -> float:
    """The pre-study odds ``R`` at which :func:`ppv` reaches ``target``.

    PPV rises with ``R``, so the root of ``ppv(power_, R, alpha, bias) = target``
    is bracketed in ``[1e-6, 1e6]`` and found with :func:`scipy.optimize.brentq`
    on ``log R``.  ``ValueError`` when the target is not reached inside that range.
    """
    pw = in_range("power_", power_, 0, 1, lo_open=True)
    tg = in_range("target", target, 0, 1, lo_open=True, hi_open=True)
    a = in_range("alpha", alpha, 0, 1, lo_open=True)
    u = in_range("bias", bias, 0, 1)

    def gap(log_r: float) -> float:
        return ppv(pw, float(np.exp(log_r)), a, u) - tg

    lo, hi = np.log(1e-6), np.log(1e6)
    try:
        if not gap(lo) < 0 < gap(hi):
            raise ValueError(f"target = {tg:g} is not reached for prior odds between 1e-6 and "
                             f"1e6 (power_ = {pw:g}, alpha = {a:g}, bias = {u:g})")
        return float(np.exp(optimize.brentq(gap, lo, hi, xtol=1e-12)))
    except ZeroDivisionError:
        raise ValueError(f"power_ = {pw:g} and alpha = {a:g} are too small: the PPV underflows "
                         "in double precision") from None


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
    pws = _tuple_of("powers", powers, 0, 1, 3, lo_open=True)
    a = in_range("alpha", alpha, 0, 1, lo_open=True)
    u = in_range("bias", bias, 0, 1)
    bp = in_range("biased_power", biased_power, 0, 1, lo_open=True)
    out: dict[str, float] = {"alpha": a, "bias": u, "biased_power": bp}
    for pw in pws:
        out[f"power_{_key(pw)}"] = pw
        out[f"odds_{_key(pw)}"] = _odds_for_ppv(pw, 0.5, a)
    out["odds_biased"] = _odds_for_ppv(bp, 0.5, a, u)
    return out


#: The smallest effects of interest :func:`plot_required_n` draws, and its marked design.
_REQUIRED_N_GRID = np.round(np.arange(0.1, 1.0001, 0.05), 2)
_REQUIRED_N_MARK = 29


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
    tgs = _tuple_of("targets", targets, 0.05, 0.999, 3)
    a = in_range("alpha", alpha, ALPHA_MIN, 0.5)
    m = _REQUIRED_N_MARK
    out: dict[str, float] = {"alpha": a, "mark_n": m}
    for tg in tgs:
        q = _key(round(100 * tg, 6))
        out[f"target_{q}"] = 100 * tg
        for d in _REQUIRED_N_GRID:
            out[f"n_{q}_{_key(float(d))}"] = n_for_power(float(d), tg, a)

        def gap(d: float) -> float:
            return power(d, m, a) - tg

        if not gap(1e-3) < 0 < gap(5.0):
            raise ValueError(f"targets: {tg:g} power is not reached at {m} per group for "
                             f"d between 0.001 and 5 (alpha = {a:g})")
        out[f"d_{q}_at_mark"] = float(optimize.brentq(gap, 1e-3, 5.0, xtol=1e-10))
    return out


# -- plots ---------------------------------------------------------------------
def plot_power_curves(d_values: tuple[float, ...] = (0.2, 0.5, 0.8), alpha: float = 0.05,
                      mark_n: int = 29) -> Figure:
    """Power against n per group for several true effects, with one design marked."""
    fig, ax = new_figure(figsize=(7.0, 3.8))
    n = np.arange(5, 401)
    for dv, col in zip(d_values, [PALETTE["vermillion"], PALETTE["orange"], PALETTE["blue"]]):
        ax.plot(n, power_curve(dv, n, alpha), color=col, label=f"true d = {dv}")
        ax.plot([mark_n], [power(dv, mark_n, alpha)], "o", color=col)
    ax.axvline(mark_n, color="black", lw=1, ls="--")
    ax.text(mark_n + 4, 0.03, f"{mark_n} per group", fontsize=9)
    ax.axhline(0.8, color=PALETTE["grey"], lw=1, ls=":")
    ax.text(400, 0.82, "80% power", fontsize=9, ha="right")
    ax.set_xscale("log")
    ax.set_xticks([5, 10, 20, 50, 100, 200, 400], ["5", "10", "20", "50", "100", "200", "400"])
    ax.set_xlabel("participants per group (log scale)")
    ax.set_ylabel("power (two-sided t-test, α = 0.05)")
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper left")
    return fig


def plot_thousand_labs(d: float = 0.3, n: int = 29, alpha: float = 0.05, seed: int = 2005,
                       n_labs: int = 1000) -> Figure:
    """Histogram of a thousand labs' estimates, published (significant) ones highlighted."""
    fig, ax = new_figure(figsize=(7.0, 3.8))
    art = _labs_artists(ax)
    _labs_draw(art, d, n, alpha, seed, n_labs)
    return fig


_BINS = np.linspace(-1.5, 2.5, 81)


def _labs_artists(ax) -> dict:
    zeros = np.zeros(_BINS.size - 1)
    unpub = ax.stairs(zeros, _BINS, fill=True, color=PALETTE["grey"], alpha=0.55,
                      label="file drawer (not significant)")
    pub = ax.stairs(zeros, _BINS, fill=True, color=PALETTE["vermillion"],
                    label="published (p < α)")
    truth = ax.axvline(0, color=ROLE["truth"], lw=2, label="true effect")
    pmean = ax.axvline(0, color=PALETTE["vermillion"], lw=2, ls="--", label="mean of published")
    ax.set_xlim(_BINS[0], _BINS[-1])
    ax.set_xlabel("estimated effect d̂ in each lab")
    ax.set_ylabel("number of labs")
    ax.legend(loc="upper right", fontsize=9)
    title = ax.set_title("")
    return {"ax": ax, "unpub": unpub, "pub": pub, "truth": truth, "pmean": pmean, "title": title}


def _labs_draw(art: dict, d: float, n: int, alpha: float, seed: int, n_labs: int) -> dict:
    sim = simulate_studies(d, n, n_labs, alpha, seed)
    est = np.clip(sim["d_hat"], _BINS[0], _BINS[-1] - 1e-9)
    sig = sim["significant"]
    h_all, _ = np.histogram(est, _BINS)
    h_pub, _ = np.histogram(est[sig], _BINS)
    art["unpub"].set_data(h_all)
    art["pub"].set_data(h_pub)
    art["ax"].set_ylim(0, nice_ceil(max(10, h_all.max() * 1.15)))
    s = monte_carlo_summary(sim, d)
    art["truth"].set_xdata([d, d])
    pm = s["published_mean"] if s["published_mean"] is not None else d
    art["pmean"].set_xdata([pm, pm])
    art["title"].set_text(f"{sig.sum()} of {n_labs} labs significant; published mean "
                          f"{pm:.2f} vs true {d:.2f}")
    return s


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
    pws = _tuple_of("powers", powers, 0, 1, 3, lo_open=True)
    a = in_range("alpha", alpha, 0, 1, lo_open=True)
    u = in_range("bias", bias, 0, 1)
    bp = in_range("biased_power", biased_power, 0, 1, lo_open=True)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    for pw_, col in zip(pws, [PALETTE["blue"], PALETTE["orange"], PALETTE["vermillion"]]):
        ax.plot(_PPV_ODDS, [ppv(pw_, r, a) for r in _PPV_ODDS], color=col,
                label=f"power {pw_:.0%}")
    ax.plot(_PPV_ODDS, [ppv(bp, r, a, bias=u) for r in _PPV_ODDS], color=PALETTE["vermillion"],
            ls="--", label=f"power {bp:.0%}, bias u = {u:g}")
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
    dgrid = _REQUIRED_N_GRID
    for tgt, col in zip(targets, [PALETTE["orange"], PALETTE["blue"], PALETTE["green"]]):
        ax.plot(dgrid, [n_for_power(d, tgt, alpha) for d in dgrid], ".-", color=col,
                label=f"{100 * tgt:.0f}% power")
    ax.axhline(_REQUIRED_N_MARK, color=PALETTE["grey"], ls="--", lw=1)
    ax.text(0.12, _REQUIRED_N_MARK + 2, f"{_REQUIRED_N_MARK} per group", ha="left", fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel("smallest effect of interest d")
    ax.set_ylabel("n per group needed (log scale)")
    ax.set_yticks(_N_TICKS, [str(t) for t in _N_TICKS])
    ax.minorticks_off()
    ax.set_xlim(0.1, 1.0)
    ax.legend(loc="upper right")
    return fig


# -- explorers -----------------------------------------------------------------------
#: The state :func:`power_explorer` opens in.
POWER_EXPLORER_DEFAULTS = {"d": 0.5, "n": 100, "alpha": 0.05, "prior_odds": 1.0}


def power_explorer() -> Explorer:
    """True effect, n per group, α and prior odds → power, PPV and exaggeration."""
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(8.4, 3.6), width_ratios=[1.4, 1])
    ngrid = np.unique(np.round(np.geomspace(5, 500, 60)).astype(int))
    curve, = ax1.plot(ngrid, np.zeros(ngrid.size), color=PALETTE["blue"])
    mark, = ax1.plot([], [], "o", color=PALETTE["vermillion"], ms=8)
    ax1.axhline(0.8, color=PALETTE["grey"], lw=1, ls=":")
    ax1.set_xscale("log")
    ax1.set_xticks([5, 10, 20, 50, 100, 200, 500], ["5", "10", "20", "50", "100", "200", "500"])
    ax1.set_ylim(0, 1.02)
    ax1.set_xlabel("participants per group (log scale)")
    ax1.set_ylabel("power")
    names = ["power", "PPV", "PPV, bias 0.2", "Type S"]
    bars = ax2.barh(range(4), [0] * 4, color=[PALETTE["blue"], PALETTE["green"],
                                             PALETTE["orange"], PALETTE["vermillion"]])
    labels = [ax2.text(0, i, "", va="center", fontsize=9) for i in range(4)]
    ax2.set_yticks(range(4), names)
    ax2.invert_yaxis()
    ax2.set_xlim(0, 1.25)
    ax2.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax2.set_xlabel("probability")
    title = fig.suptitle("", fontsize=11)

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
        pc = power_curve(d, ngrid, alpha)
        curve.set_ydata(pc)
        rd = _retrodesign_quick(d, int(n), alpha)      # noncentral t, as in notebook 07
        pw = power(d, int(n), alpha)
        mark.set_data([n], [pw])
        vals = [pw, ppv(pw, prior_odds, alpha), ppv(pw, prior_odds, alpha, bias=0.2), rd["type_s"]]
        for b, t, v in zip(bars, labels, vals):
            b.set_width(v)
            t.set_position((v + 0.02, t.get_position()[1]))
            t.set_text(f"{v:.3f}" if v < 0.01 else f"{v:.2f}")
        title.set_text(f"d = {d:.2f}, n = {n} per group: a significant estimate is on average "
                       f"{rd['exaggeration']:.2f}× the true effect")
        return (f"Left: power against participants per group for a true effect d = {d:.2f} at "
                f"alpha = {alpha:.3f}, with the chosen design of {n} per group marked at power "
                f"{pw:.2f}. Right: power {vals[0]:.2f}, positive predictive value {vals[1]:.2f} at "
                f"prior odds {prior_odds:.2f} ({vals[2]:.2f} with bias 0.2), Type S error "
                f"{vals[3]:.3f}; significant estimates exaggerate the true effect "
                f"{rd['exaggeration']:.2f}-fold on average.")

    return Explorer("07-power", fig, controls, draw, title="Power, PPV and exaggeration",
                    kernel_free="n", kernel_free_values=[10, 20, 29, 50, 100, 200, 400])


def labs_explorer() -> Explorer:
    """A thousand labs run the same design; only significant results are published."""
    fig, ax = new_figure(figsize=(7.2, 3.8))
    art = _labs_artists(ax)
    controls = {
        "d": slider("True effect d", 0.3, 0.0, 1.0, 0.05, readout_format=".2f"),
        "n": slider("n per group", 29, 10, 200, 1, integer=True),
    }

    def draw(d: float, n: int) -> str:
        s = _labs_draw(art, float(d), int(n), 0.05, 2005, 1000)
        pm = s["published_mean"]
        pm_txt = f"{pm:.2f}" if pm is not None else "undefined"
        return (f"Histogram of the estimated effects of 1000 simulated labs, each with {n} "
                f"participants per group and a true effect of {d:.2f}. {100 * s['power']:.1f}% "
                f"of labs reach p < 0.05 and are drawn in red as published; their mean estimate "
                f"is {pm_txt} against a true {d:.2f} and an all-lab mean of {s['all_mean']:.2f}.")

    return Explorer("07-labs", fig, controls, draw, title="A thousand labs, one file drawer",
                    kernel_free="d", kernel_free_values=[0.0, 0.1, 0.2, 0.3, 0.5, 0.8])


def design_explorer() -> Explorer:
    """Smallest effect of interest and target power → n per group needed."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    dgrid = np.round(np.arange(0.1, 1.0001, 0.05), 2)   # the slider's values
    line, = ax.plot([], [], color=PALETTE["blue"], marker=".")
    mark, = ax.plot([], [], "o", color=PALETTE["vermillion"], ms=8)
    ax.axhline(29, color=PALETTE["grey"], ls="--", lw=1)
    ax.text(1.0, 31, "29 per group", ha="right", fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel("smallest effect of interest d")
    ax.set_ylabel("participants per group needed (log scale)")
    ax.set_xlim(0.1, 1.0)
    ax.set_ylim(10, 3000)
    ax.set_yticks(_N_TICKS, [str(t) for t in _N_TICKS])
    ax.minorticks_off()
    title = ax.set_title("")
    controls = {
        "d": slider("Smallest effect of interest d", 0.3, 0.1, 1.0, 0.05, readout_format=".2f"),
        "target": slider("Target power", 0.9, 0.5, 0.99, 0.01, readout_format=".2f"),
    }
    cache: dict[float, np.ndarray] = {}

    def draw(d: float, target: float) -> str:
        key = round(float(target), 3)
        if key not in cache:
            cache[key] = np.array([n_for_power(x, key) for x in dgrid])
        line.set_data(dgrid, cache[key])
        i = int(np.argmin(np.abs(dgrid - float(d))))
        need = int(cache[key][i]) if abs(dgrid[i] - float(d)) < 1e-9 else n_for_power(d, target)
        mark.set_data([d], [need])
        title.set_text(f"{need} per group ({2 * need} in total) for {100 * target:.0f}% power at "
                       f"d = {d:.2f}")
        return (f"Curve of the participants per group needed for {100 * target:.0f}% power at "
                f"alpha 0.05 against the smallest effect of interest, on a log scale, falling "
                f"steeply as the effect grows; at d = {d:.2f} a study needs {need} per group. "
                f"A dashed line marks 29 per group.")

    return Explorer("08-design", fig, controls, draw, title="What would a convincing study need?",
                    kernel_free="d", kernel_free_values=[0.1, 0.2, 0.3, 0.4, 0.5, 0.8])
