"""Known-answer values from scipy / numpy / statsmodels / scikit-learn for algoreg's association
statistics (src/stats/assoc.rs), checked by tests/stats_assoc_peers.rs.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/assoc_expected.json.

Every random case is drawn from a seeded numpy generator (np.random.default_rng(seed)), so the fixture
is reproducible. All inputs are stored as integers in thousandths (`x = k / 1000`, correctly rounded in
both Python and Rust), so both sides see bit-identical floats; the inputs of `correlation_p` are stored
as integers too (r in millionths, df in thousandths). Derived series (first differences, detrended
residuals) are recomputed on each side from those inputs: numpy.diff and algoreg's first_differences do
the same IEEE subtraction, so they are bit-identical (including which float differences tie, which
matters for Spearman ranks), while detrended residuals differ from the peer's by rounding only.

Independent implementations used for the expected values:

* pearson: scipy.stats.pearsonr(x, y): r and p; the interval is res.confidence_interval(0.95) (Fisher z,
  se = 1/sqrt(n - 3); not stored for n <= 3, where algoreg gives none). For the binary-y case also
  scipy.stats.pointbiserialr (asserted equal here).
* spearman: scipy.stats.spearmanr(x, y): rho and p (t-test on n - 2 df). scipy has no interval for
  Spearman: it is computed BY HAND in numpy as tanh(atanh(rho) -/+ z * se) with Bonett & Wright's
  (2000) se = sqrt((1 + rho^2/2)/(n - 3)) and z = scipy.stats.norm.ppf(0.975); not stored when
  |rho| = 1 or n <= 3.
* fisher_interval: checked against pearsonr's confidence_interval (same cases as pearson).
* ranks: scipy.stats.rankdata(x) (method "average").
* pearson_within: statsmodels OLS `y ~ x + C(stratum)` (formula API): the p-value of the x coefficient
  is the expected p, its residual df (n - k - 1 for k non-empty strata) the expected df, and
  r_from_ols = t / sqrt(t^2 + df) (the partial correlation implied by the t statistic); r itself is
  numpy's Pearson correlation (np.corrcoef) of the stratum-demeaned columns (asserted equal to
  r_from_ols to 1e-12). The interval is by hand in numpy: tanh(atanh r -/+ z / sqrt(df - 1)), the
  Fisher interval of a partial correlation given k - 1 dummies (se = 1/sqrt(n - (k - 1) - 3)).
* mann_whitney: scipy.stats.mannwhitneyu(cases, non_cases, method="asymptotic", use_continuity=True,
  alternative="two-sided"): U (of the cases) and p. AUC = U / (n1 n0), and also
  sklearn.metrics.roc_auc_score(case, values). DeLong's standard error by an independent O(n1 n0)
  numpy implementation of DeLong, DeLong & Clarke-Pearson (1988): psi(X, Y) = 1 if X > Y, 1/2 if
  X = Y, else 0; V10_i = mean_j psi(X_i, Y_j), V01_j = mean_i psi(X_i, Y_j);
  se^2 = var(V10, ddof=1)/n1 + var(V01, ddof=1)/n0 (not stored with fewer than two cases or
  non-cases). psi.mean() is asserted equal to U / (n1 n0).
* contingency: empty rows and columns are dropped first (as algoreg does), then
  scipy.stats.chi2_contingency(kept, correction=False) for X^2, df and p;
  chi2_contingency(kept, correction=False, lambda_="log-likelihood") for G and its p;
  scipy.stats.contingency.association(kept, method="cramer", correction=False) for Cramer's V;
  sklearn.metrics.mutual_info_score(None, None, contingency=kept) for the mutual information (nats).
  G = 2 n MI is asserted here.
* lag1_autocorrelation: statsmodels.tsa.stattools.acf(x, nlags=1, fft=False)[1].
* effective_sample_size: by hand in numpy, n (1 - r1x r1y)/(1 + r1x r1y) capped at n, with r1 from
  statsmodels acf (series cases) or given in thousandths.
* first_differences: numpy.diff.
* detrend: residuals x - (intercept + slope t) of scipy.stats.linregress(t, x).
* correlation_p(r, df): 2 * scipy.stats.t.sf(|r| sqrt(df/(1 - r^2)), df) with fractional df (also
  asserted equal to scipy.special.betainc(df/2, 1/2, 1 - r^2)).
* heterogeneity: statsmodels.stats.meta_analysis.combine_effects(atanh r, 1/(n - 3)) over the strata
  algoreg uses (n > 3, |r| < 1): fixed-effect Q = res.q, its p = res.test_homogeneity().pvalue,
  pooled r = tanh(res.mean_effect_fe), I^2 = max(0, res.i2) (statsmodels reports 1 - df/Q unclipped,
  negative when Q < df; algoreg and Higgins & Thompson 2002 truncate at 0). Q is also computed by hand
  in numpy as sum w (z - zbar)^2 and asserted equal to statsmodels' to 1e-12.
* z_for_level(0.95): scipy.stats.norm.ppf(0.975).
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.formula.api as smf
from scipy import special, stats
from scipy.stats.contingency import association
from sklearn.metrics import mutual_info_score, roc_auc_score
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.tsa.stattools import acf

OUT_JSON = os.path.join("tests", "data", "assoc_expected.json")

SCALE = 1000  # inputs are stored as integers k with x = k / SCALE
R_SCALE = 1_000_000  # correlation_p: r = k / R_SCALE
NUMBER_ARRAY = re.compile(r"\[\s*([-+0-9.eE,\s]+?)\s*\]")
Z95 = float(stats.norm.ppf(0.975))

# Maine divorce rate per 1000 and US per-capita margarine consumption (lbs), 2000-2009 (tylervigen.com).
YEARS = list(range(2000, 2010))
DIVORCE = [5.0, 4.7, 4.6, 4.4, 4.3, 4.1, 4.2, 4.2, 4.2, 4.1]
MARGARINE = [8.2, 7.0, 6.5, 5.3, 5.2, 4.0, 4.6, 4.5, 4.2, 3.7]


def f(x) -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


def ints(xs) -> list[int]:
    return [int(x) for x in xs]


def milli(x) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float) * SCALE).astype(np.int64)


def unmilli(k) -> np.ndarray:
    return np.asarray(k, dtype=np.int64) / SCALE


def fisher(r: float, se: float) -> tuple[float, float]:
    c = math.atanh(r)
    return f(math.tanh(c - Z95 * se)), f(math.tanh(c + Z95 * se))


def detrended(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    fit = stats.linregress(t, x)
    return x - (fit.intercept + fit.slope * t)


# ---------------------------------------------------------------------------------------------
# Pearson and Spearman


def correlation_specs() -> list[tuple]:
    """(name, x_k, y_k, transform, t_k): integers in thousandths; transform is applied on both sides."""
    specs = []
    rng = np.random.default_rng(100)
    x = rng.normal(0, 1, 3)
    specs.append(("n3", milli(x), milli(x + rng.normal(0, 1, 3)), "none", None))
    rng = np.random.default_rng(101)
    x = rng.normal(0, 1, 4)
    specs.append(("n4", milli(x), milli(0.5 * x + rng.normal(0, 1, 4)), "none", None))
    rng = np.random.default_rng(102)
    x = rng.normal(0, 1, 5)
    specs.append(("n5", milli(x), milli(x + rng.normal(0, 1, 5)), "none", None))
    rng = np.random.default_rng(103)
    x = rng.normal(0, 1, 50)
    specs.append(("n50_weak", milli(x), milli(0.1 * x + rng.normal(0, 1, 50)), "none", None))
    rng = np.random.default_rng(104)
    x = rng.normal(0, 1, 100)
    specs.append(("n100_negative", milli(x), milli(-0.3 * x + rng.normal(0, 1, 100)), "none", None))
    rng = np.random.default_rng(105)
    xi = rng.integers(0, 6, 40)
    yi = xi + rng.integers(-2, 3, 40)
    specs.append(("n40_integer_ties", xi * SCALE, yi * SCALE, "none", None))
    rng = np.random.default_rng(106)
    x = rng.normal(0, 1, 30)
    specs.append(("n30_strong_p_1e-28", milli(x), milli(x + rng.normal(0, 0.085, 30)), "none", None))
    rng = np.random.default_rng(107)
    x = rng.normal(0, 1, 300)
    specs.append(("n300_strong_p_below_1e-150", milli(x), milli(x + rng.normal(0, 0.3, 300)), "none", None))
    rng = np.random.default_rng(108)
    x = rng.normal(0, 1, 80)
    y = (rng.random(80) < 1.0 / (1.0 + np.exp(-1.2 * x))).astype(np.int64)
    specs.append(("n80_point_biserial", milli(x), y * SCALE, "none", None))
    rng = np.random.default_rng(109)
    x = np.sort(rng.normal(0, 1, 8))
    specs.append(("n8_monotone_spearman_1", milli(x), milli(np.exp(2.0 * x)), "none", None))
    rng = np.random.default_rng(110)
    walk_x = np.cumsum(rng.normal(0, 1, 100))
    walk_y = np.cumsum(rng.normal(0, 1, 100))
    specs.append(("n100_random_walks", milli(walk_x), milli(walk_y), "none", None))
    specs.append(("n100_random_walks_first_differences", milli(walk_x), milli(walk_y), "first_differences", None))
    t = np.arange(100) * SCALE
    specs.append(("n100_random_walks_detrended", milli(walk_x), milli(walk_y), "detrend", t))
    div, mar, years = milli(DIVORCE), milli(MARGARINE), np.asarray(YEARS) * SCALE
    specs.append(("tylervigen", div, mar, "none", None))
    specs.append(("tylervigen_first_differences", div, mar, "first_differences", None))
    specs.append(("tylervigen_detrended", div, mar, "detrend", years))
    return specs


def apply_transform(x: np.ndarray, transform: str, t: np.ndarray | None) -> np.ndarray:
    if transform == "none":
        return x
    if transform == "first_differences":
        return np.diff(x)
    if transform == "detrend":
        return detrended(t, x)
    raise ValueError(transform)


def correlation_cases() -> list[dict]:
    out = []
    for name, xk, yk, transform, tk in correlation_specs():
        t = None if tk is None else unmilli(tk)
        x = apply_transform(unmilli(xk), transform, t)
        y = apply_transform(unmilli(yk), transform, t)
        n = len(x)
        pr = stats.pearsonr(x, y)
        sr = stats.spearmanr(x, y)
        r, rho = f(pr.statistic), f(sr.statistic)
        # |rho| a rounding error away from 1 would make p and the interval rounding noise, not a test
        assert abs(rho) == 1.0 or abs(rho) < 1.0 - 1e-9, (name, rho)
        case = {
            "name": name,
            "x": ints(xk),
            "y": ints(yk),
            "transform": transform,
            "n": n,
            "pearson_r": r,
            "pearson_p": f(pr.pvalue),
            "pearson_ci": None,
            "spearman_rho": rho,
            "spearman_p": f(sr.pvalue),
            "spearman_ci": None,
        }
        if tk is not None:
            case["t"] = ints(tk)
        if n > 3:
            ci = pr.confidence_interval(confidence_level=0.95)
            case["pearson_ci"] = [f(ci.low), f(ci.high)]
            if abs(rho) < 1.0:
                case["spearman_ci"] = list(fisher(rho, math.sqrt((1.0 + rho * rho / 2.0) / (n - 3))))
        if set(np.unique(yk)) <= {0, SCALE}:
            pb = stats.pointbiserialr(y, x)
            assert math.isclose(pb.statistic, r, rel_tol=1e-14) and math.isclose(pb.pvalue, pr.pvalue, rel_tol=1e-12)
        out.append(case)
    assert any(c["spearman_p"] == 0.0 for c in out), "a case must have |rho| = 1"
    assert min(c["pearson_p"] for c in out) < 1e-150
    return out


def ranks_cases(corr: list[dict]) -> list[dict]:
    out = []
    for c in corr:
        if c["transform"] == "none":
            out.append({"name": c["name"], "x": c["y"], "ranks": [f(v) for v in stats.rankdata(unmilli(c["y"]))]})
    return out


# ---------------------------------------------------------------------------------------------
# within-stratum correlation


def within_cases() -> list[dict]:
    specs = []
    # 5 periods: x and y both trend across periods (a shared trend), weak relation within a period
    rng = np.random.default_rng(200)
    s = np.repeat(np.arange(5), 20)
    x = 2.0 * s + rng.normal(0, 1, 100)
    y = 1.5 * s + 0.2 * (x - 2.0 * s) + rng.normal(0, 1, 100)
    specs.append(("k5_n100_shared_trend", x, y, s))
    # 10 strata, no within-stratum relation
    rng = np.random.default_rng(201)
    s = np.repeat(np.arange(10), 6)
    x = s + rng.normal(0, 1, 60)
    y = -s + rng.normal(0, 1, 60)
    specs.append(("k10_n60_null", x, y, s))
    # unequal sizes, a singleton stratum and an unused label (2): strata 0, 1, 3, 4
    rng = np.random.default_rng(202)
    s = np.array([0] * 12 + [1] * 7 + [3] * 1 + [4] * 15)
    x = rng.normal(0, 1, len(s)) + s
    y = 0.5 * x + rng.normal(0, 1, len(s)) - 2 * s
    specs.append(("unequal_singleton_and_unused_label", x, y, s))
    # strong within relation, tiny p
    rng = np.random.default_rng(203)
    s = np.repeat(np.arange(3), 30)
    x = rng.normal(0, 1, 90) + 3 * s
    y = x + rng.normal(0, 0.6, 90) - 5 * s
    specs.append(("k3_n90_strong", x, y, s))
    # small: 2 strata of 3
    rng = np.random.default_rng(204)
    s = np.array([0, 0, 0, 1, 1, 1])
    x = rng.normal(0, 1, 6)
    y = x + rng.normal(0, 1, 6)
    specs.append(("k2_n6_small", x, y, s))
    # integer-valued data
    rng = np.random.default_rng(205)
    s = np.repeat(np.arange(4), 15)
    xi = rng.integers(0, 5, 60) + s
    yi = xi // 2 + rng.integers(0, 4, 60)
    specs.append(("k4_n60_integers", xi.astype(float), yi.astype(float), s))

    out = []
    for name, x, y, s in specs:
        xk, yk = milli(x), milli(y)
        x, y = unmilli(xk), unmilli(yk)
        df_ = pd.DataFrame({"x": x, "y": y, "stratum": s})
        fit = smf.ols("y ~ x + C(stratum)", data=df_).fit()
        tstat, p, dof = float(fit.tvalues["x"]), float(fit.pvalues["x"]), float(fit.df_resid)
        cx = x - df_.groupby("stratum")["x"].transform("mean").to_numpy()
        cy = y - df_.groupby("stratum")["y"].transform("mean").to_numpy()
        r = float(np.corrcoef(cx, cy)[0, 1])
        r_ols = tstat / math.sqrt(tstat * tstat + dof)
        assert math.isclose(r, r_ols, rel_tol=1e-12), (name, r, r_ols)
        k = len(np.unique(s))
        assert dof == len(x) - k - 1
        out.append(
            {
                "name": name,
                "x": ints(xk),
                "y": ints(yk),
                "stratum": ints(s),
                "strata_used": k,
                "df": f(dof),
                "r": f(r),
                "r_from_ols": f(r_ols),
                "p": f(p),
                "ci": list(fisher(r, 1.0 / math.sqrt(dof - 1.0))) if dof > 1 else None,
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# Mann-Whitney / AUC / DeLong


def delong_se(cases: np.ndarray, non: np.ndarray) -> tuple[float, float]:
    """DeLong et al. (1988) structural components, pairwise O(n1 n0). Returns (auc, se)."""
    psi = (cases[:, None] > non[None, :]).astype(float) + 0.5 * (cases[:, None] == non[None, :])
    auc = psi.mean()
    if len(cases) < 2 or len(non) < 2:
        return auc, None
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    return auc, math.sqrt(np.var(v10, ddof=1) / len(cases) + np.var(v01, ddof=1) / len(non))


def mann_whitney_cases() -> list[dict]:
    specs = []
    specs.append(("by_hand_3_3", milli([3, 4, 5, 1, 2, 3]), np.array([1, 1, 1, 0, 0, 0])))
    specs.append(("identical_samples_p_1", milli([1, 2, 3, 1, 2, 3]), np.array([1, 1, 1, 0, 0, 0])))
    rng = np.random.default_rng(300)
    v = np.concatenate([rng.normal(0.5, 1, 30), rng.normal(0, 1, 40)])
    specs.append(("continuous_30_40", milli(v), np.repeat([1, 0], [30, 40])))
    rng = np.random.default_rng(301)
    v = np.concatenate([rng.normal(0, 1, 150), rng.normal(0, 1, 250)])
    specs.append(("null_150_250", milli(v), np.repeat([1, 0], [150, 250])))
    rng = np.random.default_rng(302)
    # Likert 1..5: heavy ties
    v = np.concatenate([rng.integers(2, 6, 120), rng.integers(1, 5, 80)])
    specs.append(("likert_heavy_ties_120_80", v * SCALE, np.repeat([1, 0], [120, 80])))
    rng = np.random.default_rng(303)
    # a binary score: two tie groups only
    v = np.concatenate([rng.random(90) < 0.6, rng.random(110) < 0.4]).astype(np.int64)
    specs.append(("binary_score_90_110", v * SCALE, np.repeat([1, 0], [90, 110])))
    rng = np.random.default_rng(304)
    v = np.concatenate([rng.normal(1.2, 1, 400), rng.normal(0, 1, 500)])
    case = np.repeat([1, 0], [400, 500])
    perm = rng.permutation(len(v))  # interleave cases and non-cases
    specs.append(("separated_400_500_p_tiny", milli(v[perm]), case[perm]))
    rng = np.random.default_rng(305)
    v = np.concatenate([rng.normal(-0.4, 1, 60), rng.normal(0, 1, 45)])
    specs.append(("auc_below_half_60_45", milli(v), np.repeat([1, 0], [60, 45])))
    rng = np.random.default_rng(306)
    v = rng.normal(0, 1, 25)
    specs.append(("one_case_1_24", milli(v), np.array([1] + [0] * 24)))

    out = []
    for name, vk, case in specs:
        v = unmilli(vk)
        cases, non = v[case == 1], v[case == 0]
        n1, n0 = len(cases), len(non)
        res = stats.mannwhitneyu(cases, non, method="asymptotic", use_continuity=True, alternative="two-sided")
        u = f(res.statistic)
        auc_pairs, se = delong_se(cases, non)
        assert math.isclose(auc_pairs, u / (n1 * n0), rel_tol=1e-14)
        out.append(
            {
                "name": name,
                "values": ints(vk),
                "case": ints(case),
                "cases": n1,
                "non_cases": n0,
                "u": u,
                "p": f(res.pvalue),
                "auc": f(u / (n1 * n0)),
                "auc_sklearn": f(roc_auc_score(case, v)),
                "delong_se": None if se is None else f(se),
            }
        )
    assert min(c["p"] for c in out) < 1e-50
    return out


# ---------------------------------------------------------------------------------------------
# contingency tables


def contingency_cases() -> list[dict]:
    rng = np.random.default_rng(400)
    t22 = rng.poisson(np.array([[60.0, 40.0], [45.0, 55.0]]))
    mean = np.outer([0.5, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1]) * 600
    mean[0, 0] *= 1.3
    t34 = rng.poisson(mean)
    tz = rng.poisson(np.outer([0.4, 0.35, 0.0, 0.25], [0.5, 0.3, 0.2]) * 300)
    assert tz[2].sum() == 0
    tc = rng.poisson(np.outer([0.3, 0.3, 0.4], [0.3, 0.0, 0.45, 0.25]) * 80)
    assert tc[:, 1].sum() == 0
    mean = np.outer([0.3, 0.25, 0.2, 0.15, 0.1], [0.5, 0.3, 0.2]) * 1_000_000
    mean[4] *= [1.05, 0.97, 0.95]
    tl = rng.poisson(mean)
    t_small = np.array([[3, 0, 1, 2, 5], [1, 4, 2, 0, 1]])
    t_independent = np.array([[100, 200, 300], [200, 400, 600]])  # exactly independent: X2 = G = MI = 0
    out = []
    for name, table in (
        ("table_2x2", t22),
        ("table_3x4", t34),
        ("table_4x3_zero_row", tz),
        ("table_3x4_zero_column", tc),
        ("table_5x3_n1e6_p_tiny", tl),
        ("table_2x5_small_counts", t_small),
        ("table_2x3_exactly_independent", t_independent),
    ):
        kept = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
        n = int(kept.sum())
        chi = stats.chi2_contingency(kept, correction=False)
        g = stats.chi2_contingency(kept, correction=False, lambda_="log-likelihood")
        v = association(kept, method="cramer", correction=False)
        mi = mutual_info_score(None, None, contingency=kept)
        if g.statistic > 0:
            assert math.isclose(g.statistic, 2 * n * mi, rel_tol=1e-9), (name, g.statistic, 2 * n * mi)
        out.append(
            {
                "name": name,
                "table": [ints(r) for r in table],
                "n": n,
                "rows_used": int(kept.shape[0]),
                "cols_used": int(kept.shape[1]),
                "df": int(chi.dof),
                "chi2": f(chi.statistic),
                "chi2_p": f(chi.pvalue),
                "cramers_v": f(v),
                "mutual_information": f(mi),
                "g": f(g.statistic),
                "g_p": f(g.pvalue),
            }
        )
    assert min(c["chi2_p"] for c in out) < 1e-30
    return out


# ---------------------------------------------------------------------------------------------
# time series: lag-1 autocorrelation, effective sample size, first differences, detrending


def series_specs() -> list[tuple]:
    specs = [("tylervigen_divorce", milli(DIVORCE)), ("tylervigen_margarine", milli(MARGARINE))]
    rng = np.random.default_rng(500)
    specs.append(("random_walk_n200", milli(np.cumsum(rng.normal(0, 1, 200)))))
    specs.append(("random_walk_b_n200", milli(np.cumsum(rng.normal(0, 1, 200)))))
    rng = np.random.default_rng(501)
    specs.append(("white_noise_n50", milli(rng.normal(0, 1, 50))))
    rng = np.random.default_rng(502)
    e = rng.normal(0, 1, 200)
    ar = np.zeros(200)
    for i in range(200):
        ar[i] = (-0.6 * ar[i - 1] if i else 0.0) + e[i]
    specs.append(("ar1_negative_n200", milli(ar)))
    specs.append(("short_n3", milli([1.0, 3.0, 2.0])))
    rng = np.random.default_rng(503)
    specs.append(("integers_n30", rng.integers(0, 4, 30) * SCALE))
    return specs


def autocorrelation_cases() -> list[dict]:
    out = []
    for name, xk in series_specs():
        x = unmilli(xk)
        out.append({"name": name, "x": ints(xk), "r1": f(acf(x, nlags=1, fft=False)[1])})
    return out


def n_eff(n: int, r1x: float, r1y: float) -> float:
    p = r1x * r1y
    return min(n * (1.0 - p) / (1.0 + p), float(n))


def ess_cases(auto: list[dict]) -> list[dict]:
    by_name = {c["name"]: c for c in auto}
    out = []
    for name, a, b in (
        ("tylervigen", "tylervigen_divorce", "tylervigen_margarine"),
        ("two_random_walks", "random_walk_n200", "random_walk_b_n200"),
        ("random_walk_and_negative_ar1_capped", "random_walk_n200", "ar1_negative_n200"),
    ):
        r1x, r1y = by_name[a]["r1"], by_name[b]["r1"]
        n = len(by_name[a]["x"])
        assert len(by_name[b]["x"]) == n
        out.append({"name": name, "series_x": a, "series_y": b, "n": n, "n_eff": f(n_eff(n, r1x, r1y))})
    for n, rx, ry in ((10, 900, 850), (50, 500, -400), (1000, 990, 990), (30, 0, 700)):
        out.append(
            {"name": f"given_n{n}_{rx}_{ry}", "n": n, "r1x_milli": rx, "r1y_milli": ry, "n_eff": f(n_eff(n, rx / SCALE, ry / SCALE))}
        )
    assert any(c["n_eff"] == c["n"] for c in out), "a case must hit the cap"
    return out


def differences_cases() -> list[dict]:
    out = []
    for name, xk in series_specs():
        out.append({"name": name, "x": ints(xk), "diff": [f(v) for v in np.diff(unmilli(xk))]})
    return out


def detrend_cases() -> list[dict]:
    out = []
    years = np.asarray(YEARS) * SCALE
    specs = [("tylervigen_divorce", years, milli(DIVORCE)), ("tylervigen_margarine", years, milli(MARGARINE))]
    rng = np.random.default_rng(600)
    t = np.sort(rng.choice(np.arange(0, 400), 60, replace=False)) * SCALE  # unevenly spaced times
    specs.append(("random_walk_uneven_times_n60", t, milli(np.cumsum(rng.normal(0, 1, 60)) + 0.05 * t / SCALE)))
    rng = np.random.default_rng(601)
    t = np.arange(25) * SCALE
    specs.append(("trend_plus_noise_n25", t, milli(3.0 - 0.2 * np.arange(25) + rng.normal(0, 0.5, 25))))
    for name, tk, xk in specs:
        res = detrended(unmilli(tk), unmilli(xk))
        out.append({"name": name, "t": ints(tk), "x": ints(xk), "residuals": [f(v) for v in res]})
    return out


# ---------------------------------------------------------------------------------------------
# correlation_p with fractional df


def correlation_p_cases(corr: list[dict], ess: list[dict]) -> list[dict]:
    specs = [
        (500_000, 2500),
        (-300_000, 17300),
        (0, 5000),
        (999_000, 40500),
        (950_000, 200000),
        (-123_456, 7800),
        (1_000_000, 8000),
        (999_999, 3000),
    ]
    # the tylervigen r on its effective sample size (df = n_eff - 2), rounded to the stored precision
    ty = next(c for c in corr if c["name"] == "tylervigen")
    ty_ess = next(c for c in ess if c["name"] == "tylervigen")
    specs.append((round(ty["pearson_r"] * R_SCALE), round((ty_ess["n_eff"] - 2.0) * SCALE)))
    out = []
    for rk, dfk in specs:
        r, dof = rk / R_SCALE, dfk / SCALE
        if abs(r) >= 1.0:
            p = 0.0
        else:
            t = abs(r) * math.sqrt(dof / (1.0 - r * r))
            p = min(2.0 * float(stats.t.sf(t, dof)), 1.0)
            beta = float(special.betainc(dof / 2.0, 0.5, 1.0 - r * r))
            assert math.isclose(p, min(beta, 1.0), rel_tol=1e-11), (r, dof, p, beta)
        out.append({"r_micro": rk, "df_milli": dfk, "p": f(p)})
    assert min(c["p"] for c in out if c["p"] > 0) < 1e-30
    return out


# ---------------------------------------------------------------------------------------------
# Cochran's Q / I^2


def heterogeneity_cases() -> list[dict]:
    specs = [
        ("three_strata_homogeneous", [300, 340, 280], [100, 150, 120]),
        ("five_strata_heterogeneous", [100, 450, -200, 300, 600], [80, 120, 60, 200, 90]),
        ("two_strata_p_tiny", [-400, 700], [500, 800]),
        ("i2_clipped_at_zero", [250, 260, 240, 255], [40, 50, 45, 60]),
        ("small_strata_dropped", [500, 100, 1000, 300, -1000], [3, 20, 30, 25, 40]),
    ]
    out = []
    for name, rk, ns in specs:
        used = [(r / SCALE, n) for r, n in zip(rk, ns) if n > 3 and abs(r) < SCALE]
        z = np.arctanh([r for r, _ in used])
        w = np.array([n - 3.0 for _, n in used])
        res = combine_effects(z, 1.0 / w)
        q = float(res.q)
        zbar = float((w * z).sum() / w.sum())
        q_hand = float((w * (z - zbar) ** 2).sum())
        assert math.isclose(q, q_hand, rel_tol=1e-12), (name, q, q_hand)
        assert math.isclose(float(res.mean_effect_fe), zbar, rel_tol=1e-13)
        hom = res.test_homogeneity()
        out.append(
            {
                "name": name,
                "r_milli": ints(rk),
                "n": ints(ns),
                "strata_used": len(used),
                "df": len(used) - 1,
                "pooled_r": f(math.tanh(res.mean_effect_fe)),
                "q": f(q),
                "p": f(hom.pvalue),
                "i_squared": f(max(0.0, float(res.i2))),
                "i_squared_statsmodels_unclipped": f(res.i2),
            }
        )
    assert any(c["i_squared"] == 0.0 for c in out)
    assert any(c["p"] < 1e-30 for c in out)
    return out


# ---------------------------------------------------------------------------------------------


def main() -> None:
    out: dict = {}
    out["source"] = (
        f"scipy {scipy.__version__}, numpy {np.__version__}, statsmodels {statsmodels.__version__}, "
        f"scikit-learn {sklearn.__version__}, pandas {pd.__version__}, python {platform.python_version()}; "
        f"made by scripts/peers/assoc_fixtures.py (see its docstring for the peer function behind each "
        f"value). Inputs are integers k with x = k / {SCALE} (correlation_p: r = r_micro / {R_SCALE}, "
        f"df = df_milli / {SCALE}). Spearman intervals (Bonett-Wright se) and pearson_within intervals "
        f"are by hand in numpy; scipy/statsmodels have no such interval."
    )
    out["scale"] = SCALE
    out["r_scale"] = R_SCALE
    out["z95"] = f(Z95)
    corr = correlation_cases()
    out["correlation"] = corr
    out["ranks"] = ranks_cases(corr)
    out["within"] = within_cases()
    out["mann_whitney"] = mann_whitney_cases()
    out["contingency"] = contingency_cases()
    auto = autocorrelation_cases()
    out["autocorrelation"] = auto
    ess = ess_cases(auto)
    out["effective_sample_size"] = ess
    out["first_differences"] = differences_cases()
    out["detrend"] = detrend_cases()
    out["correlation_p"] = correlation_p_cases(corr, ess)
    out["heterogeneity"] = heterogeneity_cases()

    os.makedirs(os.path.dirname(OUT_JSON), exist_ok=True)
    text = json.dumps(out, indent=2, allow_nan=False)
    # one line per array of numbers; the numbers themselves are untouched
    text = NUMBER_ARRAY.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text)
    assert json.loads(text) == out
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    print(f"wrote {OUT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
