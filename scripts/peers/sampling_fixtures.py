"""Known-answer values from scipy / numpy / statsmodels for algoreg's sampling statistics
(src/stats/compare.rs), checked by tests/sampling_peers.rs.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/sampling_expected.json.

Every case is drawn from a seeded numpy generator (np.random.default_rng(seed)), so the fixture is
reproducible. Samples for the KS test and the PSI are stored as integers in thousandths
(`x = k / 1000`, correctly rounded in both Python and Rust), so both sides see bit-identical floats.

Independent implementations used for the expected values:

* chi_square_gof: scipy.stats.chisquare(f_obs, f_exp) with f_exp = n * N_g / sum(N).
* g_test_gof: scipy.stats.power_divergence(f_obs, f_exp, lambda_="log-likelihood").
* chi_square_independence: scipy.stats.chi2_contingency(table, correction=False); for a table with an
  all-zero row (which algoreg drops) scipy is run on the table without that row.
* total_variation: numpy, 0.5 * sum(|a/sum(a) - b/sum(b)|).
* share_score_test: p from scipy.stats.chisquare([k, n-k], [nq, n(1-q)]); z = (k - nq)/sqrt(nq(1-q)).
* ks_two_sample: statistic from scipy.stats.ks_2samp(a, b, method="asymp"). The p-value is compared
  with scipy.stats.kstwobign.sf(sqrt(n*m/(n+m)) * D), the pure Smirnov limit that algoreg uses, NOT
  with ks_2samp's own pvalue: for method="asymp" scipy refines the limit with the finite-n kstwo
  distribution (scipy >= 1.5), which differs from the limit by up to a factor of ~2 in the far tail.
  Both are stored ("p_limit" is what is checked, "p_scipy_asymp" for reference).
* kolmogorov_sf: scipy.stats.kstwobign.sf(z).
* quantile_edges: np.quantile(reference, [0.1, ..., 0.9]) (numpy's default method "linear" =
  Hyndman & Fan type 7), repeated edges removed (an edge is kept only if it exceeds the last kept one).
* bin_counts: np.searchsorted(edges, x, side="left") (the first bin with x <= edge, else the last bin),
  counted with np.bincount.
* psi: numpy from those counts, shares floored at 0.0001: sum((c - r) * ln(c / r)).
* reporting_rate_ratio: by hand in numpy: RR = (Og/Eg)/(Or/Er), se = sqrt(1/Og + 1/Or + sg^2 + sr^2),
  CI exp(ln RR -/+ z se) with z = scipy.stats.norm.ppf(0.975), p = 2 norm.sf(|ln RR| / se). For the
  cases without survey error (sg = sr = 0) also statsmodels.stats.rates.test_poisson_2indep(Og, Eg,
  Or, Er, method="wald-log").pvalue and confint_poisson_2indep(..., method="wald-log", alpha=0.05)
  (exposures = the expected counts).
* rate_ratio_score (the score interval and test used when a group recorded no events): without survey
  error statsmodels.stats.rates.test_poisson_2indep(Og, Eg, Or, Er, method="score") gives the p-value
  and, at our bounds, a statistic of -/+z (its confint_poisson_2indep stops up to 3e-7 short, and at
  Og = 0 returns the upper bound twice), and confint_poisson(0, Eg, method="score") the group's rate
  bound; every case is the documented statistic (see rate_ratio_score_mpmath) solved at 50 digits.
* z_for_level: scipy.stats.norm.ppf(1 - (1 - level)/2).
"""

from __future__ import annotations

import json
import mpmath as mp
from mp_bisect import log_bisect
import math
import os
import platform
import re
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep, test_poisson_2indep

OUT_JSON = os.path.join("tests", "data", "sampling_expected.json")

SCALE = 1000  # samples are stored as integers k with x = k / SCALE
PSI_FLOOR = 0.0001
NUMBER_ARRAY = re.compile(r"\[\s*([-+0-9.eE,\s]+?)\s*\]")
BINS = 10


def f(x) -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


def ints(xs) -> list[int]:
    return [int(x) for x in xs]


def tilted_multinomial(seed: int, population: list[int], n: int, tilt: float) -> np.ndarray:
    """Counts of n draws from the population shares, tilted by exp(tilt * t) with t from -1 to 1."""
    rng = np.random.default_rng(seed)
    p = np.asarray(population, dtype=float)
    p = p / p.sum()
    p = p * np.exp(tilt * np.linspace(-1.0, 1.0, len(p)))
    return rng.multinomial(n, p / p.sum())


# ---------------------------------------------------------------------------------------------
# goodness of fit (χ² and G)

GOF_CASES = [
    # name, seed, population counts, n, tilt
    ("small_k3_n100", 4, [5000, 3000, 2000], 100, 0.0),
    ("small_k3_n100_tilted", 1, [5000, 3000, 2000], 100, 0.5),
    ("medium_k8_n5000_p_near_half", 1, [900, 800, 700, 600, 500, 400, 300, 200], 5000, 0.0),
    ("medium_k8_n5000_tilted", 3, [900, 800, 700, 600, 500, 400, 300, 200], 5000, 0.1),
    (
        "large_k8_n1e6_null",
        5,
        [120000, 95000, 80000, 60000, 40000, 30000, 20000, 5000],
        1_000_000,
        0.0,
    ),
    (
        "large_k8_n1e6_p_1e-30",
        7,
        [120000, 95000, 80000, 60000, 40000, 30000, 20000, 5000],
        1_000_000,
        0.0205,
    ),
]


def gof_cases() -> list[dict]:
    out = []
    draws = [(name, tilted_multinomial(seed, pop, n, tilt), pop) for name, seed, pop, n, tilt in GOF_CASES]
    # An observed zero: a group with 0.1% of the population and 60 draws.
    pop = [50000, 30000, 19900, 100]
    zero = tilted_multinomial(2, pop, 60, 0.0)
    assert zero[-1] == 0, zero
    draws.append(("zero_observed_k4_n60", zero, pop))
    for name, obs, pop in draws:
        obs = np.asarray(obs, dtype=np.int64)
        n = obs.sum()
        exp = n * np.asarray(pop, dtype=float) / float(sum(pop))
        chi = stats.chisquare(obs, exp)
        g = stats.power_divergence(obs, exp, lambda_="log-likelihood")
        out.append(
            {
                "name": name,
                "observed": ints(obs),
                "population": ints(pop),
                "df": len(obs) - 1,
                "chi2": f(chi.statistic),
                "chi2_p": f(chi.pvalue),
                "g": f(g.statistic),
                "g_p": f(g.pvalue),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# χ² independence


def independence_cases() -> list[dict]:
    rng = np.random.default_rng(20)
    # 3×4 with a mild interaction, n ≈ 600.
    mean = np.outer([0.5, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1]) * 600
    mean[0, 0] *= 1.3
    t34 = rng.poisson(mean)
    # 2×2, n ≈ 200.
    t22 = rng.poisson(np.array([[60.0, 40.0], [45.0, 55.0]]))
    # 4×3 with an all-zero third row.
    tz = rng.poisson(np.outer([0.4, 0.35, 0.0, 0.25], [0.5, 0.3, 0.2]) * 300)
    assert tz[2].sum() == 0
    # 5×3 with n ≈ 10^6 and a small dependence: p far in the tail.
    mean = np.outer([0.3, 0.25, 0.2, 0.15, 0.1], [0.5, 0.3, 0.2]) * 1_000_000
    mean[4] *= [1.05, 0.97, 0.95]
    tl = rng.poisson(mean)
    out = []
    for name, table in (
        ("table_3x4", t34),
        ("table_2x2", t22),
        ("table_4x3_zero_row", tz),
        ("table_5x3_n1e6", tl),
    ):
        kept = table[table.sum(axis=1) > 0]
        res = stats.chi2_contingency(kept, correction=False)
        out.append(
            {
                "name": name,
                "table": [ints(r) for r in table],
                "rows_used": int(kept.shape[0]),
                "df": int(res.dof),
                "chi2": f(res.statistic),
                "p": f(res.pvalue),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# total variation distance


def tvd_cases(gof: list[dict]) -> list[dict]:
    out = []
    for c in gof:
        a = np.asarray(c["observed"], dtype=float)
        b = np.asarray(c["population"], dtype=float)
        out.append({"name": c["name"], "a": [f(x) for x in a], "b": [f(x) for x in b]})
    rng = np.random.default_rng(30)
    for k in (2, 5, 12):
        out.append(
            {"name": f"uniform_floats_k{k}", "a": [f(x) for x in rng.random(k)], "b": [f(x) for x in rng.random(k) * 50]}
        )
    out.append({"name": "disjoint", "a": [3.0, 0.0, 0.0], "b": [0.0, 2.0, 5.0]})
    out.append({"name": "identical_shares", "a": [1.0, 2.0, 3.0], "b": [10.0, 20.0, 30.0]})
    for c in out:
        a = np.asarray(c["a"], dtype=float)
        b = np.asarray(c["b"], dtype=float)
        c["tvd"] = f(0.5 * np.abs(a / a.sum() - b / b.sum()).sum())
    return out


# ---------------------------------------------------------------------------------------------
# share score test


def share_cases() -> list[dict]:
    out = []
    specs = [
        # name, seed, n, q (population share), true share
        ("small_n100", 40, 100, 0.25, 0.18),
        ("medium_n5000_p_near_half", 11, 5000, 0.137, 0.137),
        ("medium_n5000", 41, 5000, 0.08, 0.07),
        ("large_n1e6_null", 42, 1_000_000, 0.31, 0.31),
        ("large_n1e6_p_1e-30", 43, 1_000_000, 0.2, 0.2038),
    ]
    for name, seed, n, q, true in specs:
        k = int(np.random.default_rng(seed).binomial(n, true))
        res = stats.chisquare([k, n - k], [n * q, n * (1.0 - q)])
        z = (k - n * q) / math.sqrt(n * q * (1.0 - q))
        out.append({"name": name, "k": k, "n": n, "q": f(q), "z": f(z), "p": f(res.pvalue)})
    return out


# ---------------------------------------------------------------------------------------------
# two-sample Kolmogorov–Smirnov


def ks_cases() -> list[dict]:
    def milli(x):
        return np.round(np.asarray(x) * SCALE).astype(np.int64)

    specs = []
    rng = np.random.default_rng(50)
    # tenths → many ties
    specs.append(("small_30_40_ties", milli(np.round(rng.normal(0, 1, 30), 1)), milli(np.round(rng.normal(0.5, 1, 40), 1))))
    rng = np.random.default_rng(7)
    specs.append(("medium_500_400_p_near_half", milli(rng.normal(0, 1, 500)), milli(rng.normal(0, 1, 400))))
    rng = np.random.default_rng(51)
    specs.append(("medium_2000_1500_shift", milli(rng.normal(0, 1, 2000)), milli(rng.normal(0.1, 1, 1500))))
    rng = np.random.default_rng(11)
    specs.append(("large_2000_2000_p_1e-30", milli(rng.normal(0, 1, 2000)), milli(rng.normal(0.44, 1, 2000))))
    rng = np.random.default_rng(52)
    specs.append(("discrete_ties_600_800", rng.poisson(3.0, 600) * SCALE, rng.poisson(3.3, 800) * SCALE))
    out = []
    for name, a_k, b_k in specs:
        a, b = a_k / SCALE, b_k / SCALE
        res = stats.ks_2samp(a, b, method="asymp")
        n, m = len(a), len(b)
        d = float(res.statistic)
        p_limit = stats.kstwobign.sf(math.sqrt(n * m / (n + m)) * d)
        out.append(
            {
                "name": name,
                "a": ints(a_k),
                "b": ints(b_k),
                "d": f(d),
                "p_limit": f(p_limit),
                "p_scipy_asymp": f(res.pvalue),
            }
        )
    return out


KOLMOGOROV_Z = [0.2, 0.5, 0.8, 0.99, 1.0, 1.2, 1.5, 2.0, 3.0]


# ---------------------------------------------------------------------------------------------
# quantile edges, bin counts and PSI


def edges_of(reference: np.ndarray) -> np.ndarray:
    raw = np.quantile(reference, np.arange(1, BINS) / BINS)
    kept: list[float] = []
    for e in raw:
        if not kept or e > kept[-1]:
            kept.append(float(e))
    return np.asarray(kept)


def counts_of(x: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.bincount(np.searchsorted(edges, x, side="left"), minlength=len(edges) + 1)


def psi_of(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    r = np.maximum(ref_counts / ref_counts.sum(), PSI_FLOOR)
    c = np.maximum(cur_counts / cur_counts.sum(), PSI_FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_cases() -> list[dict]:
    specs = []
    rng = np.random.default_rng(60)
    specs.append(
        (
            "continuous_shift",
            np.round(rng.normal(0, 1, 2000) * SCALE).astype(np.int64),
            np.round(rng.normal(0.3, 1.1, 1500) * SCALE).astype(np.int64),
        )
    )
    rng = np.random.default_rng(61)
    specs.append(
        (
            "same_distribution",
            np.round(rng.gamma(2.0, 1.5, 3000) * SCALE).astype(np.int64),
            np.round(rng.gamma(2.0, 1.5, 2500) * SCALE).astype(np.int64),
        )
    )
    rng = np.random.default_rng(62)
    # discrete scores 0..~12: tied deciles, deduplicated edges (fewer bins)
    specs.append(("discrete_ties", rng.poisson(3.0, 3000) * SCALE, rng.poisson(3.6, 2000) * SCALE))
    rng = np.random.default_rng(63)
    # current sample far above the reference: the lower bins are empty and floored
    specs.append(
        (
            "empty_bins_floored",
            np.round(rng.normal(0, 1, 1000) * SCALE).astype(np.int64),
            np.round(rng.normal(2.5, 0.5, 800) * SCALE).astype(np.int64),
        )
    )
    out = []
    for name, ref_k, cur_k in specs:
        ref, cur = np.sort(ref_k / SCALE), np.sort(cur_k / SCALE)
        edges = edges_of(ref)
        rc, cc = counts_of(ref, edges), counts_of(cur, edges)
        assert rc.sum() == len(ref) and cc.sum() == len(cur)
        out.append(
            {
                "name": name,
                "reference": ints(ref_k),
                "current": ints(cur_k),
                "bins": BINS,
                "edges": [f(e) for e in edges],
                "reference_counts": ints(rc),
                "current_counts": ints(cc),
                "psi": f(psi_of(rc, cc)),
            }
        )
    assert any(len(c["edges"]) < BINS - 1 for c in out), "a case must have deduplicated edges"
    assert any(0 in c["current_counts"] for c in out), "a case must have an empty bin"
    return out


# ---------------------------------------------------------------------------------------------
# reporting-rate ratio


def rate_ratio_cases() -> list[dict]:
    z = stats.norm.ppf(0.975)
    specs = [
        # name, seed, expected_g, expected_r, true ratio, relative se group, relative se reference
        ("small_no_survey_error", 70, 20.5, 50.2, 0.6, 0.0, 0.0),
        ("small_with_survey_error", 71, 180.3, 420.7, 0.75, 0.08, 0.05),
        ("medium_p_near_half", 6, 2400.0, 5100.0, 1.0, 0.0, 0.0),
        ("medium_with_survey_error", 73, 2400.0, 5100.0, 0.9, 0.03, 0.02),
        ("large_no_survey_error_p_1e-30", 74, 100000.0, 120000.0, 1.06, 0.0, 0.0),
        ("large_with_survey_error", 75, 100000.0, 120000.0, 0.97, 0.01, 0.004),
    ]
    out = []
    for name, seed, eg, er, ratio, sg, sr in specs:
        rng = np.random.default_rng(seed)
        # the expected counts carry a fractional part, as incidence × exposure does
        eg = eg * rng.uniform(0.9, 1.1)
        er = er * rng.uniform(0.9, 1.1)
        base = rng.uniform(0.3, 0.8)
        og = int(rng.poisson(base * ratio * eg))
        orr = int(rng.poisson(base * er))
        rr = (og / eg) / (orr / er)
        se = math.sqrt(1.0 / og + 1.0 / orr + sg**2 + sr**2)
        case = {
            "name": name,
            "recorded_g": og,
            "expected_g": f(eg),
            "relative_se_g": f(sg),
            "recorded_r": orr,
            "expected_r": f(er),
            "relative_se_r": f(sr),
            "ratio": f(rr),
            "se_log": f(se),
            "low": f(np.exp(np.log(rr) - z * se)),
            "high": f(np.exp(np.log(rr) + z * se)),
            "p": f(2.0 * stats.norm.sf(abs(math.log(rr)) / se)),
        }
        if sg == 0.0 and sr == 0.0:
            t = test_poisson_2indep(og, eg, orr, er, method="wald-log")
            low, high = confint_poisson_2indep(og, eg, orr, er, method="wald-log", alpha=0.05)
            case["statsmodels_p"] = f(t.pvalue)
            case["statsmodels_low"] = f(low)
            case["statsmodels_high"] = f(high)
            for ours, theirs in (("p", "statsmodels_p"), ("low", "statsmodels_low"), ("high", "statsmodels_high")):
                assert math.isclose(case[ours], case[theirs], rel_tol=1e-12), (name, ours, case[ours], case[theirs])
        out.append(case)
    return out


def rate_ratio_score_mpmath(og, eg, sg, orr, er, sr) -> tuple[float, float, float, float]:
    """The score statistic T(R) = (Og/Eg - R Or/Er) / sqrt(rg/Eg + (rg sg)^2 + R^2 (rr/Er + (rr sr)^2)),
    rr = (Og + Or)/(R Eg + Er), rg = R rr, at 50 digits: (low, high) where |T| = z by bisection on
    ln R, p = 2 sf(|T(1)|) = erfc(|T(1)|/sqrt 2), and the group's rate upper bound at Og = 0, z^2 / (Eg (1 - z^2 sg^2))."""
    mp.mp.dps = 50
    z = mp.sqrt(2) * mp.erfinv(mp.mpf("0.95"))
    og, eg, sg, orr, er, sr = (mp.mpf(x) for x in (og, eg, sg, orr, er, sr))

    def t(ratio):
        rr = (og + orr) / (ratio * eg + er)
        rg = ratio * rr
        var = rg / eg + (rg * sg) ** 2 + ratio**2 * (rr / er + (rr * sr) ** 2)
        return (og / eg - ratio * orr / er) / mp.sqrt(var)

    def root(target, inside, outside):
        return log_bisect(t, target, inside, outside)

    estimate = (og / eg) / (orr / er)
    big, tiny = mp.mpf(10) ** 30, mp.mpf(10) ** -30
    high = root(-z, estimate if og > 0 else tiny, big)
    low = root(z, estimate, tiny) if og > 0 else mp.mpf(0)
    p = mp.erfc(abs(t(mp.mpf(1))) / mp.sqrt(2))
    rate_high = z**2 / (eg * (1 - z**2 * sg**2))
    return float(low), float(high), float(p), float(rate_high)


def rate_ratio_score_cases() -> list[dict]:
    specs = [
        # name, recorded_g, expected_g, relative se g, recorded_r, expected_r, relative se r
        ("none_recorded_no_survey_error", 0, 50.0, 0.0, 60, 100.0, 0.0),
        ("none_recorded_large_no_survey_error", 0, 812.4, 0.0, 950, 1603.7, 0.0),
        ("none_recorded_fractional_expected", 0, 12.5, 0.0, 33.5, 40.25, 0.0),
        ("none_recorded_with_survey_error", 0, 48.3, 0.15, 61, 97.2, 0.05),
        ("few_recorded_no_survey_error", 3, 50.0, 0.0, 60, 100.0, 0.0),
        ("few_recorded_with_survey_error", 4, 63.1, 0.1, 120, 140.2, 0.08),
    ]
    out = []
    for name, og, eg, sg, orr, er, sr in specs:
        low, high, p, rate_high = rate_ratio_score_mpmath(og, eg, sg, orr, er, sr)
        case = {
            "name": name,
            "recorded_g": og,
            "expected_g": eg,
            "relative_se_g": sg,
            "recorded_r": orr,
            "expected_r": er,
            "relative_se_r": sr,
            "low": f(low),
            "high": f(high),
            "p": f(p),
        }
        if og == 0:
            case["rate_high"] = f(rate_high)
        if sg == 0.0 and sr == 0.0:
            # statsmodels' own score statistic is -z at our upper bound and +z at our lower one (its
            # confint_poisson_2indep stops its root search up to 3e-7 short, so the bounds are checked
            # through the statistic), its p-value is ours, and so is its rate interval at Og = 0
            z = stats.norm.ppf(0.975)
            sm = lambda value: test_poisson_2indep(og, eg, orr, er, value=value, method="score")
            assert math.isclose(sm(high).statistic, -z, rel_tol=1e-9), (name, sm(high).statistic)
            if og > 0:
                assert math.isclose(sm(low).statistic, z, rel_tol=1e-9), (name, sm(low).statistic)
            assert math.isclose(p, sm(1.0).pvalue, rel_tol=1e-9), (name, p, sm(1.0).pvalue)
            if og == 0:
                sm_rate = confint_poisson(0, eg, method="score", alpha=0.05)[1]
                assert math.isclose(rate_high, sm_rate, rel_tol=1e-12), (name, rate_high, sm_rate)
            case["statsmodels_p"] = f(sm(1.0).pvalue)
        out.append(case)
    return out


# ---------------------------------------------------------------------------------------------


def main() -> None:
    out: dict = {}
    out["source"] = (
        f"scipy {scipy.__version__}, numpy {np.__version__}, statsmodels {statsmodels.__version__}, "
        f"python {platform.python_version()}; made by scripts/peers/sampling_fixtures.py (see its "
        f"docstring for the peer function behind each value). Samples (ks, psi) are integers k with "
        f"x = k / {SCALE}. ks 'p_limit' = scipy.stats.kstwobign.sf(sqrt(nm/(n+m)) D), the pure Smirnov "
        f"limit algoreg uses; 'p_scipy_asymp' = ks_2samp(method='asymp').pvalue (finite-n kstwo "
        f"refinement), kept for reference only. rate_ratio_score: mpmath {mp.__version__} at 50 digits, "
        f"checked against statsmodels where there is no survey error."
    )
    out["scale"] = SCALE
    out["normal_quantile"] = [
        {"level": level, "z": f(stats.norm.ppf(1.0 - (1.0 - level) / 2.0))} for level in (0.9, 0.95, 0.99)
    ]
    gof = gof_cases()
    out["gof"] = gof
    out["independence"] = independence_cases()
    out["tvd"] = tvd_cases(gof)
    out["share"] = share_cases()
    out["ks"] = ks_cases()
    out["kolmogorov_sf"] = [{"z": z, "sf": f(stats.kstwobign.sf(z))} for z in KOLMOGOROV_Z]
    out["psi"] = psi_cases()
    out["rate_ratio_z"] = f(stats.norm.ppf(0.975))
    out["rate_ratio"] = rate_ratio_cases()
    out["rate_ratio_score"] = rate_ratio_score_cases()

    os.makedirs(os.path.dirname(OUT_JSON), exist_ok=True)
    text = json.dumps(out, indent=2, allow_nan=False)
    # one line per array of numbers (the samples have thousands); the numbers themselves are untouched
    text = NUMBER_ARRAY.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text)
    assert json.loads(text) == out
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    print(f"wrote {OUT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
