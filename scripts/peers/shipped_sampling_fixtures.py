"""Known answers for the sampling audit on the two shipped example models, computed independently in
Python straight from the CSV files (never from the audit record), checked against the committed records
audits/<id>/audit.json (key `sampling`) by tests/sampling_shipped.rs.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/shipped_sampling_expected.json.

Inputs: models/foundation-risk-zaandam/{model.toml, trained/scored.csv (the held-out houses `algoreg train` scored), population.csv, training.csv},
models/hotspot-tilburg/{model.toml, trained/scored.csv (the held-out weeks), survey.csv} and audits/policy.toml. Every CSV cell is read
as text (an empty cell stays empty) and numbers are parsed with Python's float(), correctly rounded like
Rust's `str::parse::<f64>`.

Peer function behind each value (the definitions are those of the doc comments of src/audit/verdict.rs,
src/audit/sampling/*.rs, src/audit/groups.rs, src/stats/compare.rs and src/stats/mod.rs). Below, [low, high]
is the policy's ratio band and `level` its confidence level.

* The band test (every ratio judged against the band): one-sided p-values P_above (H0: ratio <= high)
  and P_below (H0: ratio >= low) from the peer named for each part, p_beyond = min(1, 2·min(P_above,
  P_below)); this p_beyond is the judgement's `p_value`. `inside` = the ratio's interval at `level`
  lies wholly inside [low, high] (low <= ratio_low and ratio_high <= high). The script asserts the
  interval-inclusion principle on every band test: P_above < (1 − level)/2 exactly when ratio_low > high,
  and P_below < (1 − level)/2 exactly when ratio_high < low (the interval and the tests are each other's
  inversions).
* Representativeness (foundation: neighbourhood, owner_type against population.csv): q = N_g / ΣN,
  share k/n with statsmodels proportion_confint(method="wilson"), ratio share/q with the Wilson limits
  divided by q; P_above = statsmodels proportions_ztest(k, n, value=high·q, alternative="larger",
  prop_var=high·q) and P_below = proportions_ztest(k, n, value=low·q, alternative="smaller",
  prop_var=low·q), i.e. the one-sided score tests z(c) = (k − n·cq)/sqrt(n·cq(1 − cq)) (no shipped group
  has high·q >= 1, the edge case src/stats/compare.rs share_beyond_band sets to P_above = 1; asserted);
  per attribute scipy.stats.chisquare and power_divergence(lambda_="log-likelihood") against n·q,
  TVD ½Σ|k/n − q| (numpy). Judged when n·q >= min_group_size.
* Label selection (foundation, by owner_type and neighbourhood; a row is labelled when damage_found is
  not empty): labelled share and outcome rate among the labelled with proportion_confint(wilson);
  ratio of labelled shares to the reference group with Koopman's score interval, statsmodels
  confint_proportions_2indep(lab, rows, ref_lab, ref_rows, method="score", compare="ratio",
  correction=False, alpha=1 − level); P_above / P_below are Farrington–Manning score tests of the ratio
  against the edges, statsmodels test_proportions_2indep(lab, rows, ref_lab, ref_rows, value=high /
  low, method="score", compare="ratio", alternative="larger" / "smaller", correction=False).pvalue.
  statsmodels' score statistic (score_test_proportions_2indep, compare="ratio": the constrained p̃2 the
  smaller root of N·θ·p² − (n1·θ + x1 + n2 + x2·θ)·p + (x1 + x2) = 0, p̃1 = θ·p̃2, variance p̃1(1 − p̃1)/n1
  + θ²·p̃2(1 − p̃2)/n2, numerator p̂1 − θ·p̂2) is the statistic of src/stats/mod.rs ratio_score_statistic;
  the script checks this numerically at the band edges against the same statistic evaluated in mpmath
  at 60 digits. Koopman's interval from statsmodels (the closed-form cubic of Nam 1995, solved with
  numpy.roots) is checked against that mpmath statistic inverted by bisection on ln θ
  (scripts/peers/mp_bisect.py); where they differ by more than 1e-11 relative (statsmodels' root
  search is known to misbehave in degenerate cases) the mpmath bounds are used, and the group's
  `interval_peer` says which ("statsmodels" or "mpmath"). Judged when min(rows, ref_rows) >=
  min_group_size. Per attribute chi2_contingency(correction=False) on labelled × group and on outcome ×
  group among the labelled. Reference: owner_type is named in model.toml (corporation); neighbourhood
  has none, so the largest group by rows is the reference (ties to the first in sorted order).
  Reference that stands out (src/audit/groups.rs reference_stands_out, only for a reference chosen as
  the largest): the reference's labelled share against all other groups together, the band test with
  statsmodels test_proportions_2indep(k_ref, n_ref, k_rest, n_rest, value=edge, method="score",
  compare="ratio", correction=False) at both edges; a warning when p_beyond < alpha / checks, checks =
  the number of group columns whose reference is the largest (skipped when min(n_ref, n_rest) <
  min_group_size or k_rest = 0). Written as `reference_stands_out` per attribute.
* Drift (foundation, training.csv vs houses.csv, the features of [sampling.drift]): numeric when every
  non-empty cell of both files parses as a finite float. Numeric: scipy ks_2samp(method="asymp")
  statistic D, p = kstwobign.sf(sqrt(nm/(n+m))·D) (the Smirnov limit the audit uses, see
  sampling_fixtures.py); bins are one per distinct value when both files together have <= 10 distinct
  values (inner edges = all distinct values but the largest), else inner edges at
  np.quantile(training, [0.1, ..., 0.9]) (type 7) with repeated edges removed; a value goes to the
  first bin with x <= edge (np.searchsorted side="left"). Categorical: chi2_contingency(correction=False)
  on the 2 × k table (training, current) × category, categories in sorted order. PSI = Σ (c−r)·ln(c/r)
  with shares floored at 0.0001. Empty cells are left out and reported as missing shares. The KS / χ²
  p is the record's `test_p_value`; the verdict is the band test of the PSI against drift_psi_floor:
  its delta-method standard error from a complex-step gradient of the PSI in each sample's
  shares and the multinomial covariance (diag(p) − ppᵀ)/n, summed over both samples (independent of the
  closed-form gradient in src/stats/compare.rs), p = min(1, 2·(1 − Φ((PSI − floor)/se))), inside when
  PSI + z·se < floor; the record's closed-form PSI interval is PSI ∓ z·se (the low end at least 0).
* Reporting (hotspot, cells.csv vs survey.csv; no reference is named, so each neighbourhood is compared
  with the middle neighbourhoods together: among the groups expecting at least min_group_size events,
  sorted by reporting rate O/E, the ceil(k/4) lowest and highest are left out, and a group is compared
  with the remaining ones without itself — with fewer than 4 such groups, with all others): per neighbourhood recorded O = Σ incidents, person-years =
  Σ residents × 7/365.25, expected E = per_1000_per_year/1000 × person-years, relative se s =
  standard_error/per_1000_per_year, rate = O/E with interval rate·exp(∓z·sqrt(1/O + s²)), z from
  scipy.stats.norm.ppf. The rest of a group (its middle groups pooled): O_rest = ΣO, E_rest = ΣE, s_rest
  = sqrt(Σ(E_h·s_h)²)/ΣE_h; its rate (the record's `reference_rate`) with the same interval; the record's
  `pooled_rate` is all groups pooled the same way. Ratio RR = (O_g/E_g)/(O_rest/E_rest), se = sqrt(1/O_g
  + 1/O_rest + s_g² + s_rest²), interval RR·exp(∓z·se), P_above = norm.sf((ln RR − ln high)/se),
  P_below = norm.cdf((ln RR − ln low)/se). Without the survey terms the interval and the one-sided
  statistics are checked (to 1e-12) against statsmodels confint_poisson_2indep(method="wald-log") and
  test_poisson_2indep(method="wald-log", value=high / low, alternative="larger" / "smaller") with the
  expected counts as exposures; the Poisson-only log variance is stored so the Rust test can check that
  the record's interval is exactly the Poisson part plus the survey part. Judged when min(E_g, E_rest) >=
  min_group_size. Warnings the audit would give are computed: a reporting rate above 300% in a group or
  pooled, every incidence below 1 per 1,000, survey groups absent from the data, groups without
  residents.
* Warnings (per record, `warnings`): the conditions under which the sampling audit writes a warning,
  computed from the CSVs (empty group cells are asserted absent; population groups without rows; the
  reference that stands out; the reporting checks above), with their total `count`.
* Correction and verdicts: per record, every judged test (representativeness groups, non-reference
  label-selection groups, reporting groups, drift features) corrected together with statsmodels
  multipletests(method="fdr_bh"). Band tests: "flagged" when adjusted p < alpha and not inside,
  "within_band" when inside, else "uncertain". Drift: "flagged" when material and adjusted p < alpha,
  "uncertain" when material and not significant, else "within_band".

Bootstrap intervals (TVD, PSI) are seeded Monte Carlo in the audit and are not reproduced here.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import tomllib

import mpmath as mp
import numpy as np
import pandas as pd
import scipy
import statsmodels
from mp_bisect import log_bisect
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
    score_test_proportions_2indep,
    test_proportions_2indep,
)
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

OUT_JSON = os.path.join("tests", "data", "shipped_sampling_expected.json")
FOUNDATION = os.path.join("models", "foundation-risk-zaandam")
HOTSPOT = os.path.join("models", "hotspot-tilburg")
POLICY = os.path.join("audits", "policy.toml")

NUMERIC_BINS = 10
PSI_FLOOR = 0.0001
WEEK_YEARS = 7.0 / 365.25
IMPLAUSIBLE_RATE = 3.0
# statsmodels' Koopman bounds are kept when they agree with the 60-digit inversion to this.
KOOPMAN_AGREE = 1e-11


def f(x) -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


def audited_file(directory: str, manifest: dict) -> str:
    """The file the audit reads: the trained model's held-out rows (trained/scored.csv, written by
    `algoreg train`) when the manifest has a [model] table, else [data] file."""
    if "model" in manifest:
        return os.path.join(directory, "trained", "scored.csv")
    return os.path.join(directory, manifest["data"]["file"])


def read_text(path: str) -> pd.DataFrame:
    """Every cell as text; an empty cell stays "" (no NA conversion)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def toml(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def policy() -> dict:
    p = toml(POLICY)["default"]
    assert p["correction"] == "benjamini-hochberg", p
    return {
        "alpha": float(p["alpha"]),
        "band": [float(p["ratio_band"][0]), float(p["ratio_band"][1])],
        "min_group_size": int(p["min_group_size"]),
        "confidence_level": float(p["confidence_level"]),
        "drift_psi_floor": float(p["drift_psi_floor"]),
    }


def wilson(k: int, n: int, level: float) -> tuple[float, float]:
    lo, hi = proportion_confint(k, n, alpha=1.0 - level, method="wilson")
    return f(lo), f(hi)


def band_test(p_above: float, p_below: float, low: float, high: float, pol: dict) -> dict:
    """The band test of src/audit/verdict.rs from the one-sided p-values and the interval, with the
    interval-inclusion check (each one-sided test rejects at (1 − level)/2 exactly when the interval
    lies beyond that edge)."""
    band_low, band_high = pol["band"]
    tail = (1.0 - pol["confidence_level"]) / 2.0
    assert (p_above < tail) == (low > band_high), ("upper edge", p_above, low)
    assert (p_below < tail) == (high < band_low), ("lower edge", p_below, high)
    return {
        "p_above": f(p_above),
        "p_below": f(p_below),
        "p": f(min(1.0, 2.0 * min(p_above, p_below))),
        "inside": bool(band_low <= low and high <= band_high),
    }


# ---------------------------------------------------------------------------------------------
# foundation: representativeness


def representativeness(houses: pd.DataFrame, manifest: dict, pol: dict) -> tuple[list[dict], int]:
    """The attributes, and the number of warnings the part gives (population groups without rows)."""
    population = read_text(os.path.join(FOUNDATION, manifest["sampling"]["population"]))
    unit = manifest["sampling"]["unit"]
    level = pol["confidence_level"]
    band_low, band_high = pol["band"]
    out = []
    warnings = 0
    for spec in manifest["sampling"]["representativeness"]:
        column = spec["column"]
        attribute = spec.get("attribute", column)
        lines = population[population["attribute"] == attribute]
        assert (lines["unit"] == unit).all()
        pop = {g: f(c) for g, c in zip(lines["group"], lines["population"])}
        cells = houses[column]
        assert (cells != "").all(), f"empty {column} cells: the audit would leave them out (with a warning)"
        counts = cells.value_counts()
        assert set(counts.index) <= set(pop), (column, set(counts.index) - set(pop))
        groups = sorted(pop)
        k = np.array([int(counts.get(g, 0)) for g in groups], dtype=np.int64)
        warnings += int((k == 0).sum())
        big_n = np.array([pop[g] for g in groups])
        n = int(k.sum())
        total = float(big_n.sum())
        exp = n * big_n / total
        chi = stats.chisquare(k, exp)
        g_test = stats.power_divergence(k, exp, lambda_="log-likelihood")
        tvd = 0.5 * np.abs(k / n - big_n / total).sum()
        rows = []
        for g, kg, ng in zip(groups, k, big_n):
            kg = int(kg)
            q = ng / total
            lo, hi = wilson(kg, n, level)
            share = kg / n
            expected = n * q
            # one-sided score tests of the share against high·q and low·q (null variance)
            assert band_high * q < 1.0 and band_low * q < 1.0, (column, g, q)
            _, p_above = proportions_ztest(kg, n, value=band_high * q, alternative="larger", prop_var=band_high * q)
            _, p_below = proportions_ztest(kg, n, value=band_low * q, alternative="smaller", prop_var=band_low * q)
            rows.append(
                {
                    "group": g,
                    "rows": kg,
                    "population": f(ng),
                    "population_share": f(q),
                    "expected_rows": f(expected),
                    "share": f(share),
                    "share_low": lo,
                    "share_high": hi,
                    "ratio": f(share / q),
                    "ratio_low": f(lo / q),
                    "ratio_high": f(hi / q),
                    **band_test(float(p_above), float(p_below), lo / q, hi / q, pol),
                    "judged": bool(expected >= pol["min_group_size"]),
                }
            )
        out.append(
            {
                "attribute": column,
                "population_attribute": attribute,
                "rows": n,
                "population": f(total),
                "chi_square": {"statistic": f(chi.statistic), "df": len(k) - 1, "p": f(chi.pvalue)},
                "g_test": {"statistic": f(g_test.statistic), "df": len(k) - 1, "p": f(g_test.pvalue)},
                "total_variation": f(tvd),
                "groups": rows,
            }
        )
    return out, warnings


# ---------------------------------------------------------------------------------------------
# foundation: label selection


def chi2_table(table: np.ndarray) -> dict:
    """chi2_contingency without continuity correction, on the table without all-zero rows/columns."""
    table = np.asarray(table, dtype=np.int64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    res = stats.chi2_contingency(table, correction=False)
    return {"statistic": f(res.statistic), "df": int(res.dof), "p": f(res.pvalue)}


def koopman_statistic_mp(a: int, n1: int, c: int, n2: int):
    """The ratio score statistic T(θ) (statsmodels score_test_proportions_2indep, compare="ratio",
    correction=False; src/stats/mod.rs ratio_score_statistic) in mpmath at the current precision."""

    def t(theta):
        theta = mp.mpf(theta)
        qa = (n1 + n2) * theta
        qb = -(n1 * theta + a + n2 + c * theta)
        qc = mp.mpf(a + c)
        pt2 = min(mp.mpf(1), 2 * qc / (-qb + mp.sqrt(max(qb * qb - 4 * qa * qc, 0))))
        pt1 = min(mp.mpf(1), theta * pt2)
        var = pt1 * (1 - pt1) / n1 + theta**2 * pt2 * (1 - pt2) / n2
        diff = mp.mpf(a) / n1 - theta * mp.mpf(c) / n2
        if var == 0:
            return mp.sign(diff) * mp.inf if diff else mp.mpf(0)
        return diff / mp.sqrt(var)

    return t


def koopman(a: int, n1: int, c: int, n2: int, level: float) -> tuple[float, float, str]:
    """Koopman's score interval: statsmodels, checked against the 60-digit inversion of the same
    statistic; the mpmath bounds where statsmodels' root search is off."""
    low, high = confint_proportions_2indep(
        a, n1, c, n2, method="score", compare="ratio", correction=False, alpha=1.0 - level
    )
    mp.mp.dps = 60
    z = mp.sqrt(2) * mp.erfinv(mp.mpf(level))
    t = koopman_statistic_mp(a, n1, c, n2)
    estimate = (mp.mpf(a) / n1) / (mp.mpf(c) / n2)
    mp_high = float(log_bisect(t, -z, estimate if a else mp.mpf(10) ** -40, mp.mpf(10) ** 40))
    mp_low = float(log_bisect(t, z, estimate, mp.mpf(10) ** -40)) if a else 0.0
    ok = all(
        np.isreal(s) and math.isfinite(float(np.real(s))) and math.isclose(float(np.real(s)), m, rel_tol=KOOPMAN_AGREE)
        for s, m in ((low, mp_low), (high, mp_high))
    )
    if ok:
        return f(np.real(low)), f(np.real(high)), "statsmodels"
    print(f"koopman {a}/{n1} vs {c}/{n2}: statsmodels ({low}, {high}), mpmath ({mp_low}, {mp_high}): mpmath used", file=sys.stderr)
    return f(mp_low), f(mp_high), "mpmath"


def ratio_sides(a: int, n1: int, c: int, n2: int, pol: dict) -> tuple[float, float]:
    """(P_above, P_below): Farrington–Manning score tests of p1/p2 against the band's edges
    (statsmodels), with their statistic checked against the mpmath statistic."""
    band_low, band_high = pol["band"]
    out = []
    mp.mp.dps = 60
    t = koopman_statistic_mp(a, n1, c, n2)
    for edge, alternative in ((band_high, "larger"), (band_low, "smaller")):
        res = test_proportions_2indep(
            a, n1, c, n2, value=edge, method="score", compare="ratio", alternative=alternative, correction=False
        )
        # test_proportions_2indep is score_test_proportions_2indep here, and its statistic is T(edge)
        direct = score_test_proportions_2indep(
            a, n1, c, n2, value=edge, compare="ratio", alternative=alternative, correction=False
        )
        assert float(res.statistic) == float(direct.statistic) and float(res.pvalue) == float(direct.pvalue)
        assert math.isclose(float(res.statistic), float(t(edge)), rel_tol=1e-12), (a, n1, c, n2, edge)
        out.append(float(res.pvalue))
    return out[0], out[1]


def label_selection(houses: pd.DataFrame, manifest: dict, pol: dict) -> tuple[dict, int]:
    """The part, and the number of warnings it gives (references that stand out)."""
    level = pol["confidence_level"]
    label = manifest["data"]["label"]
    labelled = houses[label] != ""
    assert set(houses.loc[labelled, label]) <= {"0", "1"}
    positive = houses[label] == "1"
    n_all, l_all = len(houses), int(labelled.sum())
    assert l_all < n_all, "a selected sample: label selection is audited"
    lo, hi = wilson(l_all, n_all, level)
    named = {g["column"]: g.get("reference") for g in manifest["data"]["groups"]}
    assert all("reference_rule" not in g for g in manifest["data"]["groups"])
    # the number of reference checks, over which the stands-out test is Bonferroni-corrected
    checks = sum(1 for r in named.values() if r is None)
    attributes = []
    warnings = 0
    for column, reference in named.items():
        tally = (
            pd.DataFrame({"g": houses[column], "labelled": labelled, "positive": positive})
            .groupby("g")
            .agg(rows=("labelled", "size"), labelled=("labelled", "sum"), positives=("positive", "sum"))
            .sort_index()
        )
        largest = reference is None
        if largest:
            # the subgroup audit's default: largest by rows, ties to the first in sorted order
            reference = tally["rows"].idxmax()
        ref = tally.loc[reference]
        rows_col, lab_col, pos_col = (tally[k].to_numpy(dtype=np.int64) for k in ("rows", "labelled", "positives"))
        r_rows, r_lab = int(ref["rows"]), int(ref["labelled"])
        assert r_lab > 0, "the ratio needs labelled rows in the reference"
        groups = []
        for g, t in tally.iterrows():
            rows, lab, pos = int(t["rows"]), int(t["labelled"]), int(t["positives"])
            s_lo, s_hi = wilson(lab, rows, level)
            o_lo, o_hi = wilson(pos, lab, level)
            entry = {
                "group": g,
                "rows": rows,
                "labelled": lab,
                "positives": pos,
                "share": f(lab / rows),
                "share_low": s_lo,
                "share_high": s_hi,
                "outcome_rate": f(pos / lab),
                "outcome_low": o_lo,
                "outcome_high": o_hi,
            }
            if g != reference:
                assert lab < rows or r_lab < r_rows, "every row labelled: the audit has no test"
                ratio = (lab / rows) / (r_lab / r_rows)
                c_lo, c_hi, peer = koopman(lab, rows, r_lab, r_rows, level)
                p_above, p_below = ratio_sides(lab, rows, r_lab, r_rows, pol)
                entry.update(
                    {
                        "ratio": f(ratio),
                        "ratio_low": c_lo,
                        "ratio_high": c_hi,
                        "interval_peer": peer,
                        **band_test(p_above, p_below, c_lo, c_hi, pol),
                        "judged": bool(min(rows, r_rows) >= pol["min_group_size"]),
                    }
                )
            groups.append(entry)
        stands_out = None
        if largest:
            k, n = r_lab, r_rows
            ko, no = int(lab_col.sum()) - k, int(rows_col.sum()) - n
            if min(n, no) >= pol["min_group_size"] and ko > 0:
                p_above, p_below = ratio_sides(k, n, ko, no, pol)
                p = min(1.0, 2.0 * min(p_above, p_below))
                stands_out = {
                    "rest_labelled": ko,
                    "rest_rows": no,
                    "ratio": f((k / n) / (ko / no)),
                    "p_above": f(p_above),
                    "p_below": f(p_below),
                    "p": f(p),
                    "checks": checks,
                    "warning": bool(p < pol["alpha"] / max(checks, 1)),
                }
            else:
                stands_out = {"checks": checks, "warning": False}
            warnings += int(stands_out["warning"])
        attributes.append(
            {
                "attribute": column,
                "reference": reference,
                "reference_stands_out": stands_out,
                # labelled / unlabelled × group (all rows); positive / negative × group (labelled rows)
                "independence": chi2_table(np.column_stack([lab_col, rows_col - lab_col])),
                "outcome_independence": chi2_table(np.column_stack([pos_col, lab_col - pos_col])),
                "groups": groups,
            }
        )
    return {
        "rows": n_all,
        "labelled": l_all,
        "share": f(l_all / n_all),
        "share_low": lo,
        "share_high": hi,
        "attributes": attributes,
    }, warnings


# ---------------------------------------------------------------------------------------------
# foundation: drift


def as_numbers(cells: list[str]) -> np.ndarray | None:
    out = []
    for c in cells:
        if c == "":
            continue
        try:
            x = float(c)
        except ValueError:
            return None
        if not math.isfinite(x):
            return None
        out.append(x)
    return np.asarray(out)


def psi_of(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    r = np.maximum(ref_counts / ref_counts.sum(), PSI_FLOOR)
    c = np.maximum(cur_counts / cur_counts.sum(), PSI_FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_delta_se(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    """The PSI's first-order delta-method standard error, computed independently of the closed form in
    src/stats/compare.rs: the gradient of the PSI in each sample's shares by complex-step differentiation, and
    the multinomial covariance (diag(p) − ppᵀ)/n of each sample's shares, summed over both samples."""
    r = np.maximum(ref_counts / ref_counts.sum(), PSI_FLOOR)
    c = np.maximum(cur_counts / cur_counts.sum(), PSI_FLOOR)

    def value(rr: np.ndarray, cc: np.ndarray) -> complex:
        return np.sum((cc - rr) * np.log(cc / rr))

    def gradient(which: str) -> np.ndarray:
        # Complex-step differentiation (Squire & Trapp 1998, SIAM Review 40:110): exact to rounding,
        # since the PSI is analytic in the shares.
        h = 1e-30
        g = np.zeros(len(r))
        for b in range(len(r)):
            rr, cc = r.astype(complex), c.astype(complex)
            if which == "r":
                rr[b] += 1j * h
            else:
                cc[b] += 1j * h
            g[b] = value(rr, cc).imag / h
        return g

    var = 0.0
    for which, shares, n in (("r", r, ref_counts.sum()), ("c", c, cur_counts.sum())):
        g = gradient(which)
        cov = (np.diag(shares) - np.outer(shares, shares)) / n
        var += float(g @ cov @ g)
    return math.sqrt(max(var, 0.0))


def numeric_edges(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    distinct = np.unique(np.concatenate([a, b]))
    if len(distinct) <= NUMERIC_BINS:
        return distinct[:-1]
    raw = np.quantile(a, np.arange(1, NUMERIC_BINS) / NUMERIC_BINS)
    kept: list[float] = []
    for e in raw:
        if not kept or e > kept[-1]:
            kept.append(float(e))
    return np.asarray(kept)


def drift(houses: pd.DataFrame, manifest: dict, pol: dict) -> dict:
    spec = manifest["sampling"]["drift"]
    training = read_text(os.path.join(FOUNDATION, spec["training"]))
    features = []
    for name in spec["features"]:
        ta, tb = list(training[name]), list(houses[name])
        miss_a, miss_b = ta.count(""), tb.count("")
        a, b = as_numbers(ta), as_numbers(tb)
        entry: dict = {
            "feature": name,
            "training_missing": f(miss_a / len(ta)),
            "current_missing": f(miss_b / len(tb)),
        }
        if a is not None and b is not None:
            edges = numeric_edges(a, b)
            ca = np.bincount(np.searchsorted(edges, a, side="left"), minlength=len(edges) + 1)
            cb = np.bincount(np.searchsorted(edges, b, side="left"), minlength=len(edges) + 1)
            ks = stats.ks_2samp(a, b, method="asymp")
            n, m = len(a), len(b)
            d = float(ks.statistic)
            lows = [None] + [f(e) for e in edges]
            highs = [f(e) for e in edges] + [None]
            entry.update(
                {
                    "kind": "numeric",
                    "test": "ks",
                    "training_mean": f(np.mean(a)),
                    "current_mean": f(np.mean(b)),
                    "statistic": f(d),
                    "p": f(stats.kstwobign.sf(math.sqrt(n * m / (n + m)) * d)),
                    "bins": [
                        {"low": lo, "high": hi, "training_share": f(x / n), "current_share": f(y / m)}
                        for lo, hi, x, y in zip(lows, highs, ca, cb)
                    ],
                }
            )
        else:
            categories = sorted(set(c for c in ta + tb if c != ""))
            va = pd.Series([c for c in ta if c != ""]).value_counts()
            vb = pd.Series([c for c in tb if c != ""]).value_counts()
            ca = np.array([int(va.get(c, 0)) for c in categories], dtype=np.int64)
            cb = np.array([int(vb.get(c, 0)) for c in categories], dtype=np.int64)
            chi = chi2_table(np.vstack([ca, cb]))
            entry.update(
                {
                    "kind": "categorical",
                    "test": "chi-square",
                    "training_mean": None,
                    "current_mean": None,
                    "statistic": chi["statistic"],
                    "p": chi["p"],
                    "bins": [
                        {"category": c, "training_share": f(x / ca.sum()), "current_share": f(y / cb.sum())}
                        for c, x, y in zip(categories, ca, cb)
                    ],
                }
            )
        psi = psi_of(ca, cb)
        entry["psi"] = f(psi)
        entry["judged"] = bool(min(ca.sum(), cb.sum()) >= pol["min_group_size"])
        # The test of equal distributions is reported; the verdict is the PSI against the floor,
        # with its delta-method standard error (numerical gradient, multinomial covariance).
        entry["test_p"] = entry.pop("p")
        se = psi_delta_se(ca, cb)
        z = float(stats.norm.ppf(1.0 - (1.0 - pol["confidence_level"]) / 2.0))
        floor = pol["drift_psi_floor"]
        entry["psi_se"] = f(se)
        entry["psi_low"] = f(max(0.0, psi - z * se))
        entry["psi_high"] = f(psi + z * se)
        entry["p"] = f(min(1.0, 2.0 * float(stats.norm.sf((psi - floor) / se))))
        entry["inside"] = bool(psi + z * se < floor)
        features.append(entry)
    return {"training_rows": len(training), "current_rows": len(houses), "features": features}


# ---------------------------------------------------------------------------------------------
# hotspot: reporting rates


def rate_with_interval(recorded: float, expected: float, rel_se: float, z: float) -> dict:
    assert recorded > 0 and expected > 0
    rate = recorded / expected
    half = z * math.sqrt(1.0 / recorded + rel_se**2)
    return {"rate": f(rate), "rate_low": f(rate * math.exp(-half)), "rate_high": f(rate * math.exp(half))}


def pooled(o: np.ndarray, e: np.ndarray, s: np.ndarray) -> tuple[float, float, float]:
    """Groups taken together: (ΣO, ΣE, sqrt(Σ(E_h·s_h)²)/ΣE_h)."""
    total_e = float(e.sum())
    return float(o.sum()), total_e, float(math.sqrt(float(np.sum((e * s) ** 2))) / total_e)


def reporting(pol: dict) -> tuple[dict, dict]:
    """The part, and the warnings it would give."""
    manifest = toml(os.path.join(HOTSPOT, "model.toml"))
    spec = manifest["sampling"]["reporting"]
    assert spec["period"] == "week" and "reference" not in spec, spec
    band_low, band_high = pol["band"]
    cells = read_text(audited_file(HOTSPOT, manifest))
    survey = read_text(os.path.join(HOTSPOT, spec["file"]))
    survey = survey[survey["attribute"] == spec.get("attribute", spec["column"])].set_index("group")
    z = f(stats.norm.ppf(1.0 - (1.0 - pol["confidence_level"]) / 2.0))
    alpha_ci = 1.0 - pol["confidence_level"]
    frame = pd.DataFrame(
        {
            "g": cells[spec["column"]],
            "events": [float(x) for x in cells[spec["events"]]],
            "residents": [float(x) for x in cells[spec["exposure"]]],
        }
    )
    assert (frame["g"] != "").all(), "empty group cells: the audit would leave them out (with a warning)"
    by = frame.groupby("g").agg(rows=("events", "size"), recorded=("events", "sum"), residents=("residents", "sum"))
    by = by.sort_index()
    by["person_years"] = by["residents"] * WEEK_YEARS
    without_residents = [g for g in by.index if not by.loc[g, "person_years"] > 0]
    by = by[by["person_years"] > 0]
    by["incidence"] = [float(survey.loc[g, "per_1000_per_year"]) for g in by.index]
    by["se"] = [float(survey.loc[g, "standard_error"]) for g in by.index]
    by["expected"] = by["incidence"] / 1000.0 * by["person_years"]
    by["rel_se"] = by["se"] / by["incidence"]
    o_all, e_all, s_all = (by[k].to_numpy(dtype=float) for k in ("recorded", "expected", "rel_se"))
    pooled_all = pooled(o_all, e_all, s_all)
    # The reference: the middle groups by reporting rate (among groups expecting at least
    # min_group_size events: sort by rate, leave out the ceil(k/4) lowest and highest; with fewer
    # than 4 such groups, all groups), each group compared with the middle ones without itself.
    judged = [i for i in range(len(by)) if e_all[i] >= pol["min_group_size"]]
    if len(judged) < 4:
        middle = list(range(len(by)))
    else:
        ordered = sorted(judged, key=lambda i: (o_all[i] / e_all[i], i))
        trim = math.ceil(len(ordered) / 4)
        middle = sorted(ordered[trim : len(ordered) - trim])
    groups = []
    for i, (g, t) in enumerate(by.iterrows()):
        rest = np.array([j in middle and j != i for j in range(len(by))])
        if not rest.any():
            rest = np.arange(len(by)) != i
        orr, er, sr = pooled(o_all[rest], e_all[rest], s_all[rest])
        og, eg, sg = float(t["recorded"]), float(t["expected"]), float(t["rel_se"])
        rr = (og / eg) / (orr / er)
        survey_var = sg**2 + sr**2
        se = math.sqrt(1.0 / og + 1.0 / orr + survey_var)
        ratio_low, ratio_high = rr * math.exp(-z * se), rr * math.exp(z * se)
        p_above = float(stats.norm.sf((math.log(rr) - math.log(band_high)) / se))
        p_below = float(stats.norm.cdf((math.log(rr) - math.log(band_low)) / se))
        # The Poisson part alone: statsmodels' wald-log interval and one-sided tests for two Poisson
        # rates, the expected counts as exposures.
        se0 = math.sqrt(1.0 / og + 1.0 / orr)
        sm_lo, sm_hi = confint_poisson_2indep(og, eg, orr, er, method="wald-log", alpha=alpha_ci)
        assert math.isclose(sm_lo, rr * math.exp(-z * se0), rel_tol=1e-12), g
        assert math.isclose(sm_hi, rr * math.exp(z * se0), rel_tol=1e-12), g
        for edge, alternative in ((band_high, "larger"), (band_low, "smaller")):
            sm = test_poisson_2indep(og, eg, orr, er, value=edge, method="wald-log", alternative=alternative)
            assert math.isclose(float(sm.statistic), (math.log(rr) - math.log(edge)) / se0, rel_tol=1e-12), g
            tail = stats.norm.sf if alternative == "larger" else stats.norm.cdf
            assert math.isclose(float(sm.pvalue), float(tail(float(sm.statistic))), rel_tol=1e-12), g
        rate = rate_with_interval(og, eg, sg, z)
        rest_rate = rate_with_interval(orr, er, sr, z)
        groups.append(
            {
                "group": g,
                "rows": int(t["rows"]),
                "recorded": f(og),
                "person_years": f(t["person_years"]),
                "incidence": f(t["incidence"]),
                "incidence_se": f(t["se"]),
                "expected": f(eg),
                **rate,
                "rest_recorded": f(orr),
                "rest_expected": f(er),
                "rest_relative_se": f(sr),
                "reference_rate": rest_rate["rate"],
                "reference_rate_low": rest_rate["rate_low"],
                "reference_rate_high": rest_rate["rate_high"],
                "ratio": f(rr),
                "se_log": f(se),
                "ratio_low": f(ratio_low),
                "ratio_high": f(ratio_high),
                **band_test(p_above, p_below, ratio_low, ratio_high, pol),
                "poisson_log_variance_statsmodels": f((math.log(sm_hi / sm_lo) / (2.0 * z)) ** 2),
                "survey_log_variance": f(survey_var),
                "judged": bool(min(eg, er) >= pol["min_group_size"]),
            }
        )
    pool = rate_with_interval(*pooled_all, z)
    high_groups = [g["group"] for g in groups if g["rate"] > IMPLAUSIBLE_RATE]
    implausible_rate = bool(high_groups) or pool["rate"] > IMPLAUSIBLE_RATE
    low_incidence = bool((by["incidence"] < 1.0).all())
    survey_not_in_data = sorted(set(survey.index) - set(frame["g"]))
    warnings = {
        "implausible_rate": implausible_rate,
        "incidence_below_1_per_1000": low_incidence,
        "survey_groups_not_in_data": survey_not_in_data,
        "groups_without_residents": without_residents,
    }
    part = {
        "reference": None,
        "reference_rule": "middle groups together",
        "reference_groups": [by.index[i] for i in middle],
        "z": z,
        "pooled_rate": pool["rate"],
        "pooled_rate_low": pool["rate_low"],
        "pooled_rate_high": pool["rate_high"],
        "groups": groups,
    }
    return part, warnings


# ---------------------------------------------------------------------------------------------
# correction over the whole sampling family of one record


def family_of(section: dict, pol: dict) -> list[dict]:
    items = []
    for a in section.get("representativeness", []):
        for g in a["groups"]:
            if g["judged"]:
                items.append({"part": "representativeness", "attribute": a["attribute"], "item": g["group"], **band_item(g)})
    for a in section.get("label_selection", {}).get("attributes", []):
        for g in a["groups"]:
            if "p" in g and g["judged"]:
                items.append({"part": "label_selection", "attribute": a["attribute"], "item": g["group"], **band_item(g)})
    if "reporting" in section:
        for g in section["reporting"]["groups"]:
            if g["judged"]:
                items.append({"part": "reporting", "attribute": "neighbourhood", "item": g["group"], **band_item(g)})
    for d in section.get("drift", {}).get("features", []):
        if d["judged"]:
            items.append({"part": "drift", "attribute": "", "item": d["feature"], **band_item(d)})
    _, adjusted, _, _ = multipletests([i["p"] for i in items], alpha=pol["alpha"], method="fdr_bh")
    for i, q in zip(items, adjusted):
        i["p_adjusted"] = float(q)
        significant = bool(q < pol["alpha"])
        if i["kind"] == "band":
            i["verdict"] = "within_band" if i["inside"] else "flagged" if significant else "uncertain"
        else:
            i["verdict"] = ("flagged" if significant else "uncertain") if i["material"] else "within_band"
    return items


def band_item(entry: dict) -> dict:
    return {"kind": "band", "p": entry["p"], "inside": entry["inside"]}


# ---------------------------------------------------------------------------------------------


def main() -> None:
    pol = policy()
    manifest = toml(os.path.join(FOUNDATION, "model.toml"))
    houses = read_text(audited_file(FOUNDATION, manifest))
    represent, represent_warnings = representativeness(houses, manifest, pol)
    selection, selection_warnings = label_selection(houses, manifest, pol)
    foundation = {
        "representativeness": represent,
        "label_selection": selection,
        "drift": drift(houses, manifest, pol),
        "warnings": {
            "population_groups_without_rows": represent_warnings,
            "references_standing_out": selection_warnings,
            "count": represent_warnings + selection_warnings,
        },
    }
    foundation["family"] = family_of(foundation, pol)

    hot_manifest = toml(os.path.join(HOTSPOT, "model.toml"))
    cells = read_text(audited_file(HOTSPOT, hot_manifest))
    # every row carries a label: no label-selection comparison, so no reference check either
    assert (cells[hot_manifest["data"]["label"]] != "").all()
    part, hot_warnings = reporting(pol)
    hot_warnings["count"] = (
        int(hot_warnings["implausible_rate"])
        + int(hot_warnings["incidence_below_1_per_1000"])
        + len(hot_warnings["survey_groups_not_in_data"])
        + len(hot_warnings["groups_without_residents"])
    )
    hotspot = {"reporting": part, "warnings": hot_warnings}
    hotspot["family"] = family_of(hotspot, pol)

    out = {
        "source": (
            f"scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}, statsmodels "
            f"{statsmodels.__version__}, mpmath {mp.__version__}, python {platform.python_version()}; made by "
            f"scripts/peers/shipped_sampling_fixtures.py from the shipped models' CSV files (see its "
            f"docstring for the peer function behind each value). Bootstrap intervals are not included."
        ),
        "policy": pol,
        "foundation-risk-zaandam": foundation,
        "hotspot-tilburg": hotspot,
    }
    os.makedirs(os.path.dirname(OUT_JSON), exist_ok=True)
    text = json.dumps(out, indent=1, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == out
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    print(f"wrote {OUT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
