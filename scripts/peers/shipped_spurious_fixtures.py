"""Known answers for the spurious-correlation audit on the two shipped example models, computed
independently in Python straight from the CSV files and manifests (never from the audit record), checked
against the committed records audits/<id>/audit.json (key `spurious`) by tests/spurious_shipped.rs.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/shipped_spurious_expected.json.

Inputs: models/foundation-risk-zaandam/{model.toml, trained/scored.csv}, models/hotspot-tilburg/{model.toml,
trained/scored.csv} (the held-out rows `algoreg train` scored, which the audit reads) and audits/policy.toml. Every CSV cell is read as text (an empty cell stays empty); a cell is
trimmed and parsed with Python's float() (correctly rounded like Rust's `str::parse::<f64>`; cells with
`_`, which float() accepts and Rust does not, count as text). A label is 0/1 (true/false), empty = no
label. The definitions are those of the doc comments of src/audit/spurious/*.rs, src/stats/assoc.rs and
src/stats/compare.rs.

The outcome (src/audit/spurious/target.rs `resolve`, class `Outcome`): `[spurious] outcome` when the
manifest names one (the label when it names the label; otherwise a column of finite numbers, empty =
not observed, a "count" when every value is a whole number ≥ 0, else "continuous"); else a count
model's observed count column (`[data] count`, kind "count"); else the 0/1 label ("binary"). So
foundation-risk-zaandam is tested against its label `damage_found` and hotspot-tilburg against its
recorded incident count `incidents` (not its 0/1 `hotspot` label). `labelled_rows` counts the rows with
an observed outcome, and "the rows with an outcome" below are the labelled rows for a 0/1 outcome. The
rules for a 0/1 outcome are given first; those for a numeric (count or continuous) outcome follow each
under "numeric outcome".

Peer function behind each value:

* Columns tested: every column of the data file in header order, except the label, prediction / score
  and count columns, the group columns, the time column (spurious.time) and spurious.exclude; then
  columns with fewer than two distinct non-empty values are left out. Numeric = every non-empty cell
  parses as a finite float, else categorical (levels in sorted order). A categorical column with more
  than 100 levels is only checked as an identifier (leakage), not tested against the outcome. A named
  outcome column with no other role is left out without being listed.
* Associations, on the labelled rows where the feature has a value (y = 1 for a positive label):
  - numeric: scipy.stats.mannwhitneyu(x[y=1], x[y=0], method="asymptotic", use_continuity=True,
    alternative="two-sided"): U of the cases and p (the primary p); AUC = U/(n1 n0), asserted equal to
    sklearn.metrics.roc_auc_score(y, x). AUC interval AUC ∓ z·se clipped to [0, 1] with DeLong's se
    from an independent numpy implementation of the structural components (DeLong, DeLong &
    Clarke-Pearson 1988): V10_i = (#non-cases < x_i + ½ #ties)/n0, V01_j = (#cases > x_j + ½ #ties)/n1
    (np.searchsorted on the sorted other sample), se² = var(V10, ddof=1)/n1 + var(V01, ddof=1)/n0.
    scipy.stats.pearsonr(x, y): r, p and res.confidence_interval(level) (Fisher z). scipy.stats
    .spearmanr(x, y): ρ and p; its interval by hand, tanh(atanh ρ ∓ z·sqrt((1 + ρ²/2)/(n − 3))) (Bonett
    & Wright 2000; scipy has none). Mutual information over the feature's deciles: inner edges
    np.quantile(all non-empty values of the column, [0.1, ..., 0.9]) (type 7, "linear") with repeated
    edges removed; a value goes to the first bin whose edge is ≥ x (np.searchsorted side="left"). The
    edges and bins are also recomputed with the formula of src/stats/compare.rs `quantile_edges` /
    src/audit/spurious/features.rs `categories` and asserted to give the same bin of every row.
    MI = sklearn.metrics.mutual_info_score(contingency=table) / ln 2 (bits); the G-test from
    scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood").
  - categorical: the levels × outcome table (empty rows and columns dropped), scipy.stats
    .chi2_contingency(correction=False) (the primary p), scipy.stats.contingency.association(
    method="cramer", correction=False), MI and G as above. (Cramér's V's bootstrap interval is seeded
    Monte Carlo and not reproduced.)
  - numeric outcome (src/audit/spurious/association.rs `assess_numeric`), on the rows where the outcome
    is observed and the feature has a value, y = the count (or value): a numeric feature has measure
    "spearman": scipy.stats.spearmanr(x, y) gives the effect ρ and the primary p (t-approximation on
    n − 2 df), its interval by hand as above (Bonett & Wright); scipy.stats.pearsonr(x, y) with its
    Fisher interval as above. A categorical feature has measure "epsilon_squared":
    scipy.stats.kruskal(y of each level with rows) gives H (tie-corrected) and p (χ² on levels − 1 df,
    stored under chi_square, the primary p), the effect ε² = H/(N − 1) without an interval. No mutual
    information or G-test (null). No tested hotspot column is categorical, so Kruskal–Wallis is not
    exercised by the shipped data.
  - family: statsmodels.stats.multitest.multipletests(primary p's, alpha, method="holm") (the policy's
    association_correction); associated = adjusted p < alpha; significant_uncorrected = #{p < alpha};
    expected_by_chance = alpha × features tested.
* Trends, per numeric feature associated after correction, on its rows with an outcome and a value,
  with y the outcome as a number (0/1 for a label; the count for hotspot-tilburg: the same formulas
  with y = the count instead of 0/1); periods are the distinct non-empty time cells (numbers ordered
  as numbers, at their value on the time axis):
  - overall: scipy.stats.pearsonr(x, y) with its Fisher interval;
  - within periods: statsmodels OLS `y ~ x + C(period)` (formula API) gives the p of x and its residual
    df (n − periods − 1); r is numpy's np.corrcoef of the period-demeaned x and y (asserted equal to
    t/sqrt(t² + df) of the OLS to 1e-10: r is small for some features, so the two routes part at about
    1e-11 relative); interval by hand tanh(atanh r ∓ z/sqrt(df − 1));
  - the period means (pandas groupby mean) as two series over the T periods with rows: raw
    scipy.stats.pearsonr; first differences np.diff then pearsonr; detrended: r = np.corrcoef of the
    residuals of scipy.stats.linregress(t, ·) of each series, p = the p of the mean of x in statsmodels
    OLS `mean_y ~ mean_x + (t − mean t)` (the partial correlation's t-test on T − 3 df; its implied r
    asserted equal to the residuals' r to 1e-10), interval by hand with se = 1/sqrt(T − 4); lag-1
    autocorrelations statsmodels.tsa.stattools.acf(·, nlags=1, fft=False)[1]; effective points
    min(T, T(1 − r1x r1y)/(1 + r1x r1y)) (numpy); p_effective = 2·scipy.stats.t.sf(|r| sqrt(df/(1−r²)),
    df = effective points − 2) (fractional df). A series whose values are all equal (x == x[0], scipy's
    test) has no correlation, autocorrelation, effective points or p_effective (scipy and statsmodels
    give NaN): stored as null, with `constant_feature` / `constant_outcome` set. On hotspot-tilburg the
    weekly means of x, y, lamp_posts, residents and nightlife_venues are constant (the same 300 cells
    every week);
  - the series' reasons (raw p < alpha and: effective points < min_effective_points; p_effective ≥
    alpha; detrended p ≥ alpha; differenced p ≥ alpha);
  - the within view: within_variance_share = Σ(x − x̄_period)²/Σ(x − x̄)² (numpy, over the rows with a
    period); within_slope_ratio = the coefficient of x in statsmodels OLS `y ~ x + C(period)` (the
    fixed-effects slope) over the coefficient of x in OLS `y ~ x` (the pooled slope), both slopes also
    stored;
  - the verdict (src/audit/spurious/trend.rs `verdict`): the within view is informative when the share
    is ≥ 0.05; "within_band" (holds) when it is informative and the within p < alpha, or else when the
    raw series p < alpha and the series has no reason; otherwise "flagged" with reasons
    [collapses_within_periods if informative and |slope ratio| < trend_collapse] + the series reasons
    when the raw series p < alpha, "flagged" with just collapses_within_periods when the series is not
    significant but the slope shrank, else "uncertain" (no reasons).
* Leakage: every tested column's folded AUC max(AUC, 1 − AUC): numeric from the Mann–Whitney AUC above;
  categorical with each category scored by its outcome rate among the labelled rows (pandas groupby
  mean), sklearn.metrics.roc_auc_score(y, score). Listed from 0.8. A listed column gets the band test
  against leakage_auc (src/audit/verdict.rs BandTest::above): the Hanley & McNeil (1982, Radiology
  143:29, eq. 2) variance evaluated at the edge A = leakage_auc, Var = [A(1−A) + (n1−1)(Q1−A²) +
  (n0−1)(Q2−A²)]/(n1 n0), Q1 = A/(2−A), Q2 = 2A²/(1+A), in numpy from the formula (n1 cases, n0
  non-cases among the labelled rows with a value); P_above = scipy.stats.norm.sf((Â − A)/√Var); p =
  min(1, 2·P_above). The interval is the column's DeLong interval from the association above, folded
  (1 − hi, 1 − lo) when AUC < 0.5; a categorical column has none.
  Numeric outcome (src/audit/spurious/leakage.rs `determines`; src/stats/assoc.rs `concordance`):
  Harrell's concordance C of the column for the outcome on the rows with both (a categorical column
  scored by its categories' mean outcome, pandas groupby mean): by brute force over all pairs in numpy
  (`concordance_partners`, in blocks of rows, not the audit's Fenwick tree): a pair is comparable when
  its y differ, credited 1 when x orders it as y does and ½ when the x tie; C = Σ credit / Σ comparable
  pairs. C is asserted equal (1e-12) to lifelines.utils.concordance_index(event_times=y,
  predicted_scores=x) (no censoring: tied times are not compared, tied scores count ½, a higher score
  with a longer time is concordant) and to (1 + D)/2 with D = scipy.stats.somersd(y, x).statistic
  (Somers' D of x given y, whose denominator is the pairs untied in y; valid with ties in x). Folded
  max(C, 1 − C), listed from 0.8. Its jackknife se (Efron & Stein 1981) from every row's own credit
  aᵢ and comparable partners pᵢ: C₋ᵢ = (A − aᵢ)/(P − pᵢ) over the rows with P − pᵢ > 0 (m of them),
  se² = (m − 1)/m Σ(C₋ᵢ − mean)² (numpy); the shortcut is asserted equal to C recomputed by lifelines
  with each row deleted, on the first 150 rows. Band test: P_above = scipy.stats.norm.sf((folded −
  leakage_auc)/se), p = min(1, 2·P_above); the interval folded ∓ z·se clipped to [0, 1] (the leak's
  `interval` and its finding's ci); se = 0 would leave the leak untested ("undefined"). On
  hotspot-tilburg only warden_reports is listed.
  Verdict: "within_band" when the
  interval's upper bound < leakage_auc; else "uncertain" when p ≥ alpha (a Holm or Benjamini–Hochberg
  adjusted p is never below the raw p); else "flagged" when m·p < alpha for m = an upper bound on the
  second correction family (stability tests: trend features × (periods + each group column); the
  listed leaks; strong proxies among the model inputs), since Holm's and BH's adjusted p-values are at
  most m·p; a verdict that would need the family's other p-values is asserted absent. The bound is
  stored (`second_family_bound`) so the test can check the record's family is no larger.
  Identifier-like (src/audit/spurious/leakage.rs `identifier_like`): every value unique (text) or every
  value a unique whole number; missingness (0/1 outcome only): among the labelled rows, empty cells only
  in positive or only in negative rows. Neither applies to a shipped column, tested or identifier-only
  (asserted for both models), so the leakage list has only the folded-AUC / folded-C entries, and the
  identifier order tests are not exercised here (for a 0/1 outcome van Elteren's test within periods;
  for a numeric outcome Spearman's ρ of the ranks within each period, centred per period, on
  n − periods − 1 df). A column filled in some rows with an outcome and in no row without one gives a
  warning (information from after the inspection), not a leak, for any kind of outcome: the names of
  such columns are stored (`warnings_filled_only_when_labelled`; none in the shipped data, and none
  possible on hotspot-tilburg, where every row has a count).
* Proxies (independent of the outcome), for each protected attribute (the group columns; an empty group
  cell is the group "(missing)"), each tested feature as categories (numeric: its decile bins as above),
  on the rows where both are present: scipy.stats.chi2_contingency(correction=False) and
  scipy.stats.contingency.association(method="cramer", correction=False) on the table with empty rows and
  columns dropped; strong = V ≥ proxy_strength. Verdict where the seeded bootstrap does not decide it:
  fewer than min_group_size rows → too_few_rows; not strong → within_band; strong but not named in
  spurious.inputs → not_judged. A strong proxy among the model inputs is judged by the bootstrap band test
  (not reproduced); none is in the shipped data (asserted).
  Reconstruction: greedy forward selection of up to 3 features, each round adding the candidate (in
  column order; the first on ties) with the highest out-of-fold accuracy, kept only when it gains ≥
  0.005 over the best so far. Each candidate set is scored with sklearn.naive_bayes.CategoricalNB(
  alpha=1, fit_prior=True, min_categories=k + 1 per feature) on two folds by the parity of a row's
  position in the content order (below): rows at even positions predicted by the model fitted on the
  odd ones and vice versa; a feature with k categories is coded 0..k−1 (categorical: its sorted levels;
  numeric: its bin) and an empty cell is category k; the classes are the attribute's sorted groups
  (np.argmax: the first class wins a tie, as the audit's strict `>`). Accuracy = sklearn
  accuracy_score, κ = sklearn cohen_kappa_score, baseline = largest group / rows (numpy). The smallest
  gap between the best and second-best joint log-likelihood of any out-of-fold prediction of the
  selected set is reported, so a prediction decided by rounding would show.
* The content order (src/audit/spurious/features.rs `canonical_order`, reimplemented here from its
  definition; independent of the outcome): per row a 64-bit FNV-1a hash (offset 0xcbf29ce484222325, prime
  0x100000001b3; the implementation is checked against the published test vectors of "", "a" and "foobar")
  of, in turn, each tested column in header order (not the identifier-only ones) — a number as the 8
  little-endian bytes of its f64 bits (struct.pack("<d"), −0 as +0), a category as its level's UTF-8 text,
  a missing value as nothing — then the model's output (the score column; without one the predicted count;
  else the 0/1 prediction) as f64 bytes, then each group column's level text (trimmed; "(missing)" for an
  empty cell) in manifest order, then protected attributes that are not group columns (none here); every
  field is followed by one 0xff byte. Rows are sorted by the hash with Python's stable sort.

Stability over periods and groups (and so the second correction family's adjusted p-values) is not
reproduced here; see the leak verdicts above for why they are determined without it.
"""

from __future__ import annotations

import json
import math
import os
import platform
import struct
import sys
import tomllib

import lifelines
import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats
from scipy.stats.contingency import association
from sklearn.metrics import accuracy_score, cohen_kappa_score, mutual_info_score, roc_auc_score
from lifelines.utils import concordance_index
from sklearn.naive_bayes import CategoricalNB
from statsmodels.stats.multitest import multipletests
from statsmodels.tsa.stattools import acf

OUT_JSON = os.path.join("tests", "data", "shipped_spurious_expected.json")
MODELS = ["foundation-risk-zaandam", "hotspot-tilburg"]
POLICY = os.path.join("audits", "policy.toml")

MAX_CATEGORIES = 100
REPORT_AUC = 0.8
MAX_TOGETHER = 3
MIN_GAIN = 0.005
MISSING_GROUP = "(missing)"
MIN_WITHIN_SHARE = 0.05


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
    assert p["association_correction"] == "holm", p
    return {
        "alpha": float(p["alpha"]),
        "min_group_size": int(p["min_group_size"]),
        "confidence_level": float(p["confidence_level"]),
        "leakage_auc": float(p["leakage_auc"]),
        "proxy_strength": float(p["proxy_strength"]),
        "trend_collapse": float(p["trend_collapse"]),
        "min_effective_points": float(p["min_effective_points"]),
        "association_correction": p["association_correction"],
        "correction": p["correction"],
    }


def parse_number(cell: str) -> float | None:
    """A finite float, or None when the (non-empty) cell is not one."""
    if "_" in cell:
        return None
    try:
        x = float(cell)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def parse_label(cell: str) -> int | None:
    if cell == "":
        return None
    if cell in ("1", "1.0") or cell.lower() == "true":
        return 1
    if cell in ("0", "0.0") or cell.lower() == "false":
        return 0
    raise ValueError(f"bad label {cell!r}")


class Outcome:
    """The spurious audit's outcome (src/audit/spurious/target.rs `resolve`): `[spurious] outcome` when
    named (the label itself when it names the label), else a count model's observed count column
    (`[data] count`), else the 0/1 label. `y` is a float per row (NaN = not observed); `labels` the 0/1
    label per row (-1 = none) for a binary outcome, else None."""

    def __init__(self, manifest: dict, table: pd.DataFrame):
        data = manifest["data"]
        named = manifest.get("spurious", {}).get("outcome")
        label = data.get("label")
        if named is not None and named != label:
            self.column = named
            values = []
            for cell in table[named]:
                c = cell.strip()
                if c == "":
                    values.append(np.nan)
                    continue
                x = parse_number(c)
                assert x is not None, (named, c, "the audit refuses a non-numeric outcome cell")
                values.append(x)
            self.y = np.array(values, dtype=float)
            v = self.y[~np.isnan(self.y)]
            self.kind = "count" if bool(((v >= 0.0) & (v == np.floor(v))).all()) else "continuous"
            self.labels = None
        elif named is None and "count" in data:
            # a count model's observed count: every row has one (the data loader refuses an empty cell)
            self.column = data["count"]
            values = [parse_number(c.strip()) for c in table[self.column]]
            assert all(v is not None for v in values), "a count model's observed count is never empty"
            self.y = np.array(values, dtype=float)
            self.kind = "count"
            self.labels = None
        else:
            self.column = label
            self.labels = np.array([(-1 if (v := parse_label(c)) is None else v) for c in table[label]])
            self.y = np.where(self.labels >= 0, self.labels, np.nan).astype(float)
            self.kind = "binary"
        self.present = ~np.isnan(self.y)

    @property
    def binary(self) -> bool:
        return self.labels is not None


class Column:
    """One column: numeric (float per row, NaN = empty) or categorical (code per row, -1 = empty)."""

    def __init__(self, name: str, cells: pd.Series):
        self.name = name
        trimmed = [c.strip() for c in cells]
        self.present = np.array([c != "" for c in trimmed])
        parsed = [parse_number(c) for c in trimmed if c != ""]
        if all(x is not None for x in parsed):
            self.kind = "numeric"
            self.values = np.array([parse_number(c) if c != "" else np.nan for c in trimmed])
            self.levels = None
            self.distinct = len(np.unique(self.values[self.present]))
        else:
            self.kind = "categorical"
            self.levels = sorted(set(c for c in trimmed if c != ""))
            index = {l: i for i, l in enumerate(self.levels)}
            self.codes = np.array([index[c] if c != "" else -1 for c in trimmed])
            self.distinct = len(self.levels)

    def binned(self) -> tuple[int, np.ndarray]:
        """(k, code per row, -1 = empty): categorical levels, or numeric decile bins."""
        if self.kind == "categorical":
            return len(self.levels), self.codes
        edges = decile_edges(self.values[self.present])
        codes = np.full(len(self.values), -1)
        codes[self.present] = np.searchsorted(edges, self.values[self.present], side="left")
        # the audit's formula (compare.rs quantile_edges; features.rs categories: #edges < x) gives the
        # same bin for every row
        rust_edges = quantile_edges_as_rust(np.sort(self.values[self.present]), 10)
        rust_codes = np.array([sum(e < x for e in rust_edges) for x in self.values[self.present]])
        assert len(rust_edges) == len(edges) and (rust_codes == codes[self.present]).all(), self.name
        return len(edges) + 1, codes


def decile_edges(values: np.ndarray) -> np.ndarray:
    raw = np.quantile(values, np.arange(1, 10) / 10, method="linear")
    kept: list[float] = []
    for e in raw:
        if not kept or e > kept[-1]:
            kept.append(float(e))
    return np.asarray(kept)


def quantile_edges_as_rust(sorted_values: np.ndarray, bins: int) -> list[float]:
    """Only to check np.quantile's bins: the formula of src/stats/compare.rs quantile_edges."""
    n = len(sorted_values)
    edges: list[float] = []
    for b in range(1, bins):
        h = (n - 1) * b / bins
        lo = math.floor(h)
        frac = h - lo
        hi = min(lo + 1, n - 1)
        q = sorted_values[lo] + frac * (sorted_values[hi] - sorted_values[lo])
        if not edges or q > edges[-1]:
            edges.append(float(q))
    return edges


def z_of(level: float) -> float:
    return f(stats.norm.ppf(1.0 - (1.0 - level) / 2.0))


def fisher_ci(r: float, se: float, z: float) -> tuple[float, float]:
    c = math.atanh(r)
    return f(math.tanh(c - z * se)), f(math.tanh(c + z * se))


def pearson_of(x: np.ndarray, y: np.ndarray, level: float) -> dict:
    res = stats.pearsonr(x, y)
    ci = res.confidence_interval(confidence_level=level)
    return {
        "r": f(res.statistic),
        "p": f(res.pvalue),
        "n": len(x),
        "df": f(len(x) - 2),
        "ci_low": f(ci.low),
        "ci_high": f(ci.high),
    }


def t_p(r: float, df: float) -> float:
    t = abs(r) * math.sqrt(df / (1.0 - r * r))
    return f(2.0 * stats.t.sf(t, df))


def trimmed(table: np.ndarray) -> np.ndarray:
    table = np.asarray(table, dtype=np.int64)
    return table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]


def table_stats(table: np.ndarray) -> dict:
    """χ², G, Cramér's V and MI of a table of counts (empty rows and columns dropped)."""
    kept = trimmed(table)
    chi = stats.chi2_contingency(kept, correction=False)
    g = stats.chi2_contingency(kept, correction=False, lambda_="log-likelihood")
    mi = mutual_info_score(None, None, contingency=kept)
    return {
        "rows": int(kept.sum()),
        "chi_square": {"statistic": f(chi.statistic), "df": int(chi.dof), "p": f(chi.pvalue)},
        "g_test": {"statistic": f(g.statistic), "df": int(g.dof), "p": f(g.pvalue)},
        "cramers_v": f(association(kept, method="cramer", correction=False)),
        "mutual_information_bits": f(mi / math.log(2.0)),
    }


def crosstab(a: np.ndarray, ka: int, b: np.ndarray, kb: int) -> np.ndarray:
    """Counts of (a, b) pairs, codes 0..ka-1 and 0..kb-1."""
    t = np.zeros((ka, kb), dtype=np.int64)
    np.add.at(t, (a, b), 1)
    return t


def delong_se(x: np.ndarray, y: np.ndarray) -> float:
    cases, non = x[y == 1], x[y == 0]
    n1, n0 = len(cases), len(non)
    s0, s1 = np.sort(non), np.sort(cases)
    v10 = (np.searchsorted(s0, cases, side="left") + np.searchsorted(s0, cases, side="right")) / (2.0 * n0)
    v01 = 1.0 - (np.searchsorted(s1, non, side="left") + np.searchsorted(s1, non, side="right")) / (2.0 * n1)
    return math.sqrt(np.var(v10, ddof=1) / n1 + np.var(v01, ddof=1) / n0)


# ---------------------------------------------------------------------------------------------


def select(
    manifest: dict, table: pd.DataFrame, outcome: Outcome
) -> tuple[list[Column], list[Column], list[dict]]:
    data = manifest["data"]
    spec = manifest.get("spurious", {})
    assert "features" not in spec and "protected" not in spec, spec
    outputs = [data["label"], data.get("prediction", data.get("score"))]
    if "count" in data:
        outputs += [data["count"], data["predicted_count"]]
    groups = [g["column"] for g in data["groups"]]
    exclude = spec.get("exclude", [])
    time = spec.get("time")
    tested, wide, columns = [], [], []
    for name in table.columns:
        if name in outputs:
            columns.append({"feature": name, "status": "skipped", "reason": "output"})
        elif name in groups:
            columns.append({"feature": name, "status": "skipped", "reason": "group"})
        elif name == time:
            columns.append({"feature": name, "status": "skipped", "reason": "time"})
        elif name in exclude:
            columns.append({"feature": name, "status": "skipped", "reason": "excluded"})
        else:
            c = Column(name, table[name])
            if c.distinct < 2:
                columns.append({"feature": name, "status": "skipped", "reason": "constant"})
            elif name == outcome.column:
                continue  # a named outcome with no other role: neither tested nor listed as skipped
            elif c.kind == "categorical" and len(c.levels) > MAX_CATEGORIES:
                wide.append(c)
                columns.append({"feature": name, "status": "identifier_only", "kind": c.kind, "reason": "wide"})
            else:
                tested.append(c)
                columns.append({"feature": name, "status": "tested", "kind": c.kind})
    return tested, wide, columns


def associate(c: Column, outcome: Outcome, pol: dict) -> dict:
    if outcome.binary:
        return associate_binary(c, outcome.labels, pol)
    return associate_numeric(c, outcome, pol)


def spearman_of(x: np.ndarray, y: np.ndarray, z: float) -> dict:
    """scipy.stats.spearmanr: ρ and its p (t-approximation on n − 2 df); the Fisher-z interval by hand
    with Bonett & Wright's (2000) se, sqrt((1 + ρ²/2)/(n − 3)) (scipy has none)."""
    n = len(x)
    sp = stats.spearmanr(x, y)
    rho = f(sp.statistic)
    lo, hi = fisher_ci(rho, math.sqrt((1.0 + rho * rho / 2.0) / (n - 3)), z)
    return {"r": rho, "p": f(sp.pvalue), "n": n, "df": f(n - 2), "ci_low": lo, "ci_high": hi}


def associate_numeric(c: Column, outcome: Outcome, pol: dict) -> dict:
    """A feature against a numeric outcome (src/audit/spurious/association.rs `assess_numeric`), on the
    rows where the outcome is observed and the feature has a value: a numeric feature by Spearman's ρ
    (primary p) and Pearson's r, a categorical one by the Kruskal–Wallis test with ε² = H/(N − 1)."""
    z = z_of(pol["confidence_level"])
    rows = outcome.present & c.present
    y = outcome.y[rows]
    n = int(rows.sum())
    assert n >= pol["min_group_size"] and not constant(y), c.name
    out: dict = {
        "feature": c.name,
        "kind": c.kind,
        "rows": n,
        "missing": int(outcome.present.sum()) - n,
        # no mutual information or G-test against a numeric outcome
        "mutual_information_bits": None,
        "g_test": None,
    }
    if c.kind == "numeric":
        x = c.values[rows]
        sp = spearman_of(x, y, z)
        out.update(
            {
                "measure": "spearman",
                "effect": sp["r"],
                "effect_low": sp["ci_low"],
                "effect_high": sp["ci_high"],
                "pearson": pearson_of(x, y, pol["confidence_level"]),
                "spearman": sp,
                "chi_square": None,
                "p": sp["p"],
            }
        )
    else:
        codes = c.codes[rows]
        groups = [y[codes == k] for k in range(len(c.levels)) if (codes == k).any()]
        assert len(groups) >= 2, c.name
        kw = stats.kruskal(*groups)
        h = f(kw.statistic)
        out.update(
            {
                "measure": "epsilon_squared",
                "effect": f(h / (n - 1)),
                "effect_low": None,
                "effect_high": None,
                "pearson": None,
                "spearman": None,
                "chi_square": {"statistic": h, "df": len(groups) - 1, "p": f(kw.pvalue)},
                "p": f(kw.pvalue),
            }
        )
    return out


def associate_binary(c: Column, labels: np.ndarray, pol: dict) -> dict:
    z = z_of(pol["confidence_level"])
    labelled = labels >= 0
    rows = labelled & c.present
    y = labels[rows]
    n = int(rows.sum())
    assert n >= pol["min_group_size"] and 0 < y.sum() < n, c.name
    out: dict = {
        "feature": c.name,
        "kind": c.kind,
        "rows": n,
        "missing": int(labelled.sum()) - n,
    }
    k, codes = c.binned()
    t = table_stats(crosstab(codes[rows], k, y, 2))
    out["mutual_information_bits"] = t["mutual_information_bits"]
    out["g_test"] = t["g_test"]
    if c.kind == "numeric":
        x = c.values[rows]
        mw = stats.mannwhitneyu(x[y == 1], x[y == 0], method="asymptotic", use_continuity=True,
                                alternative="two-sided")
        n1, n0 = int(y.sum()), int(n - y.sum())
        auc = float(mw.statistic) / (n1 * n0)
        assert math.isclose(auc, roc_auc_score(y, x), rel_tol=1e-12), c.name
        se = delong_se(x, y)
        out.update(
            {
                "measure": "auc",
                "effect": f(auc),
                "effect_low": f(max(auc - z * se, 0.0)),
                "effect_high": f(min(auc + z * se, 1.0)),
                "mann_whitney_u": f(mw.statistic),
                "pearson": pearson_of(x, y.astype(float), pol["confidence_level"]),
                "spearman": spearman_of(x, y, z),
                "chi_square": None,
                "p": f(mw.pvalue),
            }
        )
    else:
        out.update(
            {
                "measure": "cramers_v",
                "effect": t["cramers_v"],
                "pearson": None,
                "spearman": None,
                "chi_square": t["chi_square"],
                "p": t["chi_square"]["p"],
            }
        )
    return out


def periods_of(cells: pd.Series) -> tuple[list[str], list[float], np.ndarray]:
    """Labels in time order, their times, each row's period (-1 = empty)."""
    trimmed_cells = [c.strip() for c in cells]
    distinct = set(c for c in trimmed_cells if c != "")
    numbers = {c: parse_number(c) for c in distinct}
    assert all(v is not None for v in numbers.values()), "text time columns are not shipped"
    labels = sorted(distinct, key=lambda c: (numbers[c], c))
    index = {l: i for i, l in enumerate(labels)}
    of_row = np.array([index[c] if c != "" else -1 for c in trimmed_cells])
    return labels, [f(numbers[l]) for l in labels], of_row


def constant(v: np.ndarray) -> bool:
    """scipy's test for an undefined correlation (pearsonr warns and returns NaN): all values equal."""
    return bool((v == v[0]).all())


def series_trend(times: np.ndarray, mx: np.ndarray, my: np.ndarray, pol: dict) -> dict:
    """The period-mean series; a quantity of a constant series is None (scipy and statsmodels give NaN)."""
    z = z_of(pol["confidence_level"])
    level = pol["confidence_level"]
    alpha = pol["alpha"]
    big_t = len(mx)
    const_x, const_y = constant(mx), constant(my)
    raw = None if const_x or const_y else pearson_of(mx, my, level)
    dx, dy = np.diff(mx), np.diff(my)
    differenced = None if constant(dx) or constant(dy) else pearson_of(dx, dy, level)
    detrended = None
    if not (const_x or const_y):
        fx, fy = stats.linregress(times, mx), stats.linregress(times, my)
        rx = mx - (fx.intercept + fx.slope * times)
        ry = my - (fy.intercept + fy.slope * times)
        r_det = f(np.corrcoef(rx, ry)[0, 1])
        # time centred on its mean: the same model, without the ill-conditioning of years around 2020
        ols = sm.OLS(my, sm.add_constant(np.column_stack([mx, times - times.mean()]))).fit()
        t_stat, df_det = float(ols.tvalues[1]), float(ols.df_resid)
        assert df_det == big_t - 3
        # r is small for some features, so the two routes agree to about 1e-11 relative, not 1e-16
        assert math.isclose(t_stat / math.sqrt(t_stat**2 + df_det), r_det, rel_tol=1e-10), (r_det, t_stat)
        lo, hi = fisher_ci(r_det, 1.0 / math.sqrt(big_t - 4), z)
        detrended = {"r": r_det, "p": f(ols.pvalues[1]), "n": big_t, "df": f(df_det), "ci_low": lo, "ci_high": hi}
    r1x = None if const_x else f(acf(mx, nlags=1, fft=False)[1])
    r1y = None if const_y else f(acf(my, nlags=1, fft=False)[1])
    n_eff = p_eff = None
    if r1x is not None and r1y is not None:
        prod = r1x * r1y
        n_eff = f(min(big_t * (1.0 - prod) / (1.0 + prod), float(big_t)))
        if raw is not None:
            p_eff = t_p(raw["r"], n_eff - 2.0)
    reasons = []
    if raw is not None and raw["p"] < alpha:
        if n_eff is not None and n_eff < pol["min_effective_points"]:
            reasons.append("too_few_effective_points")
        if p_eff is None or p_eff >= alpha:
            reasons.append("not_significant_after_autocorrelation")
        if detrended is not None and detrended["p"] >= alpha:
            reasons.append("collapses_when_detrended")
        if differenced is not None and differenced["p"] >= alpha:
            reasons.append("collapses_when_differenced")
    return {
        "points": big_t,
        "constant_feature": const_x,
        "constant_outcome": const_y,
        "raw": raw,
        "differenced": differenced,
        "detrended": detrended,
        "autocorrelation_feature": r1x,
        "autocorrelation_outcome": r1y,
        "effective_points": n_eff,
        "p_effective": p_eff,
        "reasons": reasons,
    }


def trend_verdict(within: dict | None, share: float | None, ratio: float | None, series: dict, pol: dict):
    """src/audit/spurious/trend.rs `verdict`: (verdict, reasons)."""
    alpha = pol["alpha"]
    series_significant = series["raw"] is not None and series["raw"]["p"] < alpha
    series_supports = series_significant and not series["reasons"]
    informative = within is not None and share is not None and share >= MIN_WITHIN_SHARE
    within_shows = informative and within["p"] < alpha
    shrunk = informative and (ratio is None or abs(ratio) < pol["trend_collapse"])
    if within_shows or series_supports:
        return "within_band", []
    reasons = ["collapses_within_periods"] if shrunk else []
    if series_significant:
        return "flagged", reasons + list(series["reasons"])
    if shrunk:
        return "flagged", reasons
    return "uncertain", []


def trend(c: Column, outcome: Outcome, periods: tuple, pol: dict) -> dict:
    """The trend checks of one feature on the rows with an outcome and a value; y is the outcome as a
    number (0/1 for a label, the count or value for a numeric outcome)."""
    z = z_of(pol["confidence_level"])
    period_labels, times, of_row = periods
    rows = outcome.present & c.present
    x, y, per = c.values[rows], outcome.y[rows], of_row[rows]
    overall = pearson_of(x, y, pol["confidence_level"])
    keep = per >= 0
    frame = pd.DataFrame({"x": x[keep], "y": y[keep], "period": per[keep]})
    assert len(frame) > len(period_labels) + 2
    ols = smf.ols("y ~ x + C(period)", data=frame).fit()
    df_w = float(ols.df_resid)
    assert df_w == len(frame) - frame["period"].nunique() - 1
    cx = frame["x"] - frame.groupby("period")["x"].transform("mean")
    cy = frame["y"] - frame.groupby("period")["y"].transform("mean")
    r_w = f(np.corrcoef(cx, cy)[0, 1])
    t_w = float(ols.tvalues["x"])
    assert math.isclose(t_w / math.sqrt(t_w**2 + df_w), r_w, rel_tol=1e-10), (c.name, r_w, t_w)
    lo, hi = fisher_ci(r_w, 1.0 / math.sqrt(df_w - 1.0), z)
    within = {"r": r_w, "p": f(ols.pvalues["x"]), "n": len(frame), "df": df_w, "ci_low": lo, "ci_high": hi}
    # the within view: the feature's share of variance within periods (numpy) and the fixed-effects
    # slope (the coefficient of x in y ~ x + C(period)) over the pooled slope (y ~ x), statsmodels OLS
    xv = frame["x"].to_numpy()
    share = f(np.sum(cx.to_numpy() ** 2) / np.sum((xv - xv.mean()) ** 2))
    slope_overall = float(smf.ols("y ~ x", data=frame).fit().params["x"])
    slope_within = float(ols.params["x"])
    ratio = f(slope_within / slope_overall)
    means = frame.groupby("period")[["x", "y"]].mean().sort_index()
    t_axis = np.array([times[p] for p in means.index])
    series = series_trend(t_axis, means["x"].to_numpy(), means["y"].to_numpy(), pol)
    verdict, reasons = trend_verdict(within, share, ratio, series, pol)
    return {
        "feature": c.name,
        "overall": overall,
        "within_periods": within,
        "within_variance_share": share,
        "within_slope_overall": f(slope_overall),
        "within_slope_within": f(slope_within),
        "within_slope_ratio": ratio,
        "series": series,
        "verdict": verdict,
        "reasons": reasons,
    }


def hanley_mcneil_variance(a: float, n1: int, n0: int) -> float:
    """Hanley & McNeil (1982), Radiology 143:29, eq. (2): the variance of an AUC `a` estimated from n1
    cases and n0 non-cases, with Q1 = a/(2 − a), Q2 = 2a²/(1 + a)."""
    a = np.float64(a)
    q1 = a / (2.0 - a)
    q2 = 2.0 * a * a / (1.0 + a)
    return f((a * (1.0 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / (np.float64(n1) * n0))


def concordance_partners(x: np.ndarray, y: np.ndarray, block: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Every row's own concordance credit a_i and comparable partners p_i, by brute force over all
    pairs (numpy, in blocks of rows): a pair is comparable when its y differ; its credit is 1 when x
    orders it as y does, ½ when the x tie, 0 otherwise. Counts of halves, so the sums are exact."""
    n = len(x)
    a, p = np.zeros(n), np.zeros(n)
    for start in range(0, n, block):
        sy = np.sign(y[start : start + block, None] - y[None, :])
        sx = np.sign(x[start : start + block, None] - x[None, :])
        comparable = sy != 0
        a[start : start + block] = ((sx * sy) > 0).sum(axis=1) + 0.5 * ((sx == 0) & comparable).sum(axis=1)
        p[start : start + block] = comparable.sum(axis=1)
    return a, p


def concordance(x: np.ndarray, y: np.ndarray) -> dict:
    """Harrell's C of the score x for the outcome y, C = Σ credit / Σ comparable pairs (each pair once:
    half the row sums), and its jackknife standard error from the leave-one-out values
    C₋ᵢ = (A − aᵢ)/(P − pᵢ) (rows with P − pᵢ > 0): se² = (m − 1)/m Σ(C₋ᵢ − mean)² (Efron & Stein
    1981). C is cross-checked against lifelines.utils.concordance_index(event_times=y,
    predicted_scores=x) (no censoring: pairs with tied times are not compared, tied scores count ½;
    a higher score with a longer time is concordant) and against scipy.stats.somersd(y, x): Somers' D of
    x given y (denominator: the pairs untied in y), C = (1 + D)/2 with ties in x too."""
    a, p = concordance_partners(x, y)
    total_a, total_p = a.sum() / 2.0, p.sum() / 2.0
    assert total_p > 0
    c = f(total_a / total_p)
    assert math.isclose(c, concordance_index(y, x), rel_tol=1e-12, abs_tol=0.0), (c, concordance_index(y, x))
    assert math.isclose(c, (1.0 + stats.somersd(y, x).statistic) / 2.0, rel_tol=1e-12), c
    keep = total_p - p > 0
    loo = (total_a - a[keep]) / (total_p - p[keep])
    m = len(loo)
    se = f(math.sqrt((m - 1) / m * np.sum((loo - loo.mean()) ** 2))) if len(x) >= 3 else None
    return {"c": c, "pairs": f(total_p), "se": se, "a": a, "p": p}


def jackknife_shortcut_check(x: np.ndarray, y: np.ndarray, rows: int = 150) -> None:
    """The leave-one-out values from the row sums equal C recomputed with each row deleted (on the first
    `rows` rows, with lifelines)."""
    x, y = x[:rows], y[:rows]
    a, p = concordance_partners(x, y)
    total_a, total_p = a.sum() / 2.0, p.sum() / 2.0
    for i in range(len(x)):
        kept = np.arange(len(x)) != i
        if total_p - p[i] > 0:
            direct = concordance_index(y[kept], x[kept])
            assert math.isclose((total_a - a[i]) / (total_p - p[i]), direct, rel_tol=1e-12), i


def leak_test(c: Column, outcome: Outcome, association_entry: dict, pol: dict) -> dict:
    if outcome.binary:
        return leak_test_auc(c, outcome.labels, association_entry, pol)
    return leak_test_concordance(c, outcome, pol)


def leak_test_concordance(c: Column, outcome: Outcome, pol: dict) -> dict:
    """A numeric outcome: the folded concordance C, max(C, 1 − C), of the column alone (a categorical
    column scored by its categories' mean outcome, pandas groupby mean) on the rows with an outcome and
    a value; when listed (≥ 0.8) its band test against leakage_auc with the jackknife se: P_above =
    1 − Φ((folded − edge)/se) (scipy.stats.norm.sf), p = min(1, 2·P_above), interval folded ∓ z·se
    clipped to [0, 1]."""
    rows = outcome.present & c.present
    y = outcome.y[rows]
    if c.kind == "numeric":
        x = c.values[rows]
    else:
        frame = pd.DataFrame({"code": c.codes[rows], "y": y})
        x = frame.groupby("code")["y"].transform("mean").to_numpy()
    found = concordance(x, y)
    folded = f(max(found["c"], 1.0 - found["c"]))
    out = {"feature": c.name, "statistic": "concordance", "folded": folded, "listed": bool(folded >= REPORT_AUC)}
    if not out["listed"]:
        return out
    jackknife_shortcut_check(x, y)
    edge = pol["leakage_auc"]
    z = z_of(pol["confidence_level"])
    se = found["se"]
    out.update({"c": found["c"], "rows": int(len(y)), "comparable_pairs": found["pairs"], "se": se})
    if se is None or not se > 0.0:
        # no test against the edge: the audit leaves the leak undefined
        out.update({"p_above": None, "p": None, "interval": None, "inside": False})
        return out
    p_above = f(stats.norm.sf((folded - edge) / se))
    lo, hi = f(max(folded - z * se, 0.0)), f(min(folded + z * se, 1.0))
    out.update(
        {
            "p_above": p_above,
            "p": f(min(1.0, 2.0 * p_above)),
            "interval": {"low": lo, "high": hi},
            "inside": bool(hi < edge),
        }
    )
    return out


def leak_test_auc(c: Column, labels: np.ndarray, association_entry: dict, pol: dict) -> dict:
    """The folded AUC of one tested column and, when it is listed (≥ 0.8), its band test against
    leakage_auc: the Hanley–McNeil variance at the edge, P_above = 1 − Φ((Â − edge)/√Var), p = min(1,
    2·P_above), and the folded DeLong interval (numeric columns; a categorical column's fitted AUC has
    none)."""
    rows = (labels >= 0) & c.present
    y = labels[rows]
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    if c.kind == "numeric":
        a = association_entry["effect"]
        lo, hi = association_entry["effect_low"], association_entry["effect_high"]
        interval = (lo, hi) if a >= 0.5 else (f(1.0 - hi), f(1.0 - lo))
    else:
        frame = pd.DataFrame({"code": c.codes[rows], "y": y})
        score = frame.groupby("code")["y"].transform("mean").to_numpy()
        a = f(roc_auc_score(frame["y"], score))
        interval = None
    auc = f(max(a, 1.0 - a))
    out = {"feature": c.name, "statistic": "auc", "folded": auc, "listed": bool(auc >= REPORT_AUC)}
    if not out["listed"]:
        return out
    edge = pol["leakage_auc"]
    var = hanley_mcneil_variance(edge, n1, n0)
    assert var > 0.0, c.name
    p_above = f(stats.norm.sf((auc - edge) / math.sqrt(var)))
    out.update(
        {
            "cases": n1,
            "non_cases": n0,
            "variance_at_edge": var,
            "p_above": p_above,
            "p": f(min(1.0, 2.0 * p_above)),
            "interval": None if interval is None else {"low": interval[0], "high": interval[1]},
            # the interval lies wholly below the edge: within the band, whatever the correction
            "inside": bool(interval is not None and interval[1] < edge),
        }
    )
    return out


def leak_verdict(leak: dict, family_bound: int, pol: dict) -> str:
    """The leak's verdict where the second family's correction cannot change it: within_band when the
    interval lies below the edge; uncertain when even the raw p is ≥ alpha (every correction here only
    raises a p-value); flagged when family_bound·p < alpha (Holm's and Benjamini–Hochberg's adjusted
    p-values are at most m·p, and m ≤ family_bound)."""
    assert pol["correction"] in ("benjamini-hochberg", "holm", "bonferroni"), pol["correction"]
    if leak["p"] is None:
        return "undefined"
    if leak["inside"]:
        return "within_band"
    if leak["p"] >= pol["alpha"]:
        return "uncertain"
    assert family_bound * leak["p"] < pol["alpha"], (
        leak,
        family_bound,
        "the verdict depends on the stability p-values",
    )
    return "flagged"


def identifier_like(c: Column) -> str | None:
    """src/audit/spurious/leakage.rs `identifier_like`: every value unique (text), or every value a
    unique whole number; nothing about the row order."""
    present = int(c.present.sum())
    if present < 3 or c.distinct != present:
        return None
    if c.kind == "categorical":
        return "every value is unique"
    v = c.values[c.present]
    return "every value is a unique whole number" if (v == np.floor(v)).all() else None


def missingness_patterns(c: Column, labels: np.ndarray) -> list[str]:
    """Among the labelled rows: empty cells only in positive or only in negative rows."""
    missing = ~c.present
    pos, neg = labels == 1, labels == 0
    out = []
    if missing[pos].any() and not missing[neg].any():
        out.append("missing_only_when_positive")
    if missing[neg].any() and not missing[pos].any():
        out.append("missing_only_when_negative")
    return out


def filled_only_when_labelled(c: Column, outcome: Outcome) -> bool:
    """The column is filled in some rows with an outcome and in no row without one (information from
    after the inspection): a warning in spurious.warnings, not a leak. For any kind of outcome."""
    labelled, unlabelled = outcome.present, ~outcome.present
    return bool(
        labelled.any() and unlabelled.any() and c.present[labelled].any() and not c.present[unlabelled].any()
    )


# ---------------------------------------------------------------------------------------------
# The content order (src/audit/spurious/features.rs `canonical_order`), reimplemented from its definition.

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a64(data: bytes, h: int = FNV_OFFSET) -> int:
    """64-bit FNV-1a (Fowler–Noll–Vo): for each byte, h ^= byte, h *= prime (mod 2⁶⁴)."""
    for byte in data:
        h ^= byte
        h = (h * FNV_PRIME) & MASK64
    return h


# the published FNV-1a 64 test vectors (draft-eastlake-fnv, appendix C)
assert fnv1a64(b"") == 0xCBF29CE484222325
assert fnv1a64(b"a") == 0xAF63DC4C8601EC8C
assert fnv1a64(b"foobar") == 0x85944171F73967E8


def field(h: int, data: bytes) -> int:
    """One field: its bytes, then a 0xff byte (a missing value is the 0xff byte alone)."""
    return fnv1a64(data + b"\xff", h)


def number_bytes(x: float) -> bytes:
    """The little-endian bytes of an f64's bits, −0 as +0."""
    return struct.pack("<d", 0.0 if x == 0.0 else float(x))


def canonical_order(columns: list[Column], numbers: list[np.ndarray], texts: list[list[str]]) -> list[int]:
    """Rows sorted (stably) by the hash of their tested columns' parsed values (in column order), then
    the model's output value, then the texts (group columns' levels)."""
    n = len(columns[0].present)
    hashes = []
    for r in range(n):
        h = FNV_OFFSET
        for c in columns:
            if c.kind == "numeric":
                h = field(h, number_bytes(c.values[r]) if c.present[r] else b"")
            else:
                h = field(h, c.levels[c.codes[r]].encode("utf-8") if c.codes[r] >= 0 else b"")
        for v in numbers:
            h = field(h, number_bytes(v[r]))
        for t in texts:
            h = field(h, t[r].encode("utf-8"))
        hashes.append(h)
    return sorted(range(n), key=hashes.__getitem__)


def model_output(manifest: dict, table: pd.DataFrame) -> np.ndarray:
    """What the placebo surrogate imitates and the content order hashes: the score, else the predicted
    count, else the 0/1 prediction (src/audit/spurious/mod.rs)."""
    data = manifest["data"]
    if "score" in data:
        cells = table[data["score"]]
    elif "count" in data:
        cells = table[data["predicted_count"]]
    else:
        return np.array([float(parse_label(c.strip())) for c in table[data["prediction"]]])
    values = [parse_number(c.strip()) for c in cells]
    assert all(v is not None for v in values)
    return np.array(values, dtype=float)


def group_texts(manifest: dict, table: pd.DataFrame) -> list[list[str]]:
    """Each group column's level per row (trimmed; an empty cell is the group "(missing)")."""
    return [[c.strip() or MISSING_GROUP for c in table[g["column"]]] for g in manifest["data"]["groups"]]


def naive_bayes_oof(classes: int, target: np.ndarray, chosen: list[tuple[int, np.ndarray]]):
    """Out-of-fold (actual, predicted) over the rows with a target, and the smallest log-likelihood gap."""
    rows = np.flatnonzero(target >= 0)
    x = np.column_stack([np.where(codes >= 0, codes, k) for k, codes in chosen])
    actual, predicted, gap = [], [], math.inf
    for fold in (0, 1):
        train = rows[rows % 2 != fold]
        test = rows[rows % 2 == fold]
        nb = CategoricalNB(alpha=1.0, fit_prior=True, min_categories=[k + 1 for k, _ in chosen])
        nb.fit(x[train], target[train])
        jll = nb.predict_joint_log_proba(x[test])
        best = np.argmax(jll, axis=1)
        top2 = np.sort(jll, axis=1)[:, -2:] if jll.shape[1] > 1 else None
        if top2 is not None:
            gaps = top2[:, 1] - top2[:, 0]
            nonzero = gaps[gaps > 0]
            if len(nonzero):
                gap = min(gap, float(nonzero.min()))
        pred = nb.classes_[best]
        assert (pred == nb.predict(x[test])).all()
        actual.extend(target[test].tolist())
        predicted.extend(pred.tolist())
    return np.array(actual), np.array(predicted), gap


def reconstruct(target: np.ndarray, levels: list[str], candidates: list[tuple[str, int, np.ndarray]]) -> dict:
    classes = len(levels)
    present = target[target >= 0]
    baseline = f(np.bincount(present, minlength=classes).max() / len(present))
    chosen: list[int] = []
    best = (baseline, 0.0)
    rounds = []
    while len(chosen) < MAX_TOGETHER:
        round_best = None
        scores = []
        for j in range(len(candidates)):
            if j in chosen:
                continue
            subset = [(candidates[c][1], candidates[c][2]) for c in chosen + [j]]
            actual, predicted, _ = naive_bayes_oof(classes, target, subset)
            score = (f(accuracy_score(actual, predicted)), f(cohen_kappa_score(actual, predicted)))
            scores.append({"feature": candidates[j][0], "accuracy": score[0]})
            if round_best is None or score[0] > round_best[1][0]:
                round_best = (j, score)
        rounds.append(scores)
        if round_best is not None and round_best[1][0] >= best[0] + MIN_GAIN:
            chosen.append(round_best[0])
            best = round_best[1]
        else:
            break
    assert chosen
    _, _, gap = naive_bayes_oof(classes, target, [(candidates[c][1], candidates[c][2]) for c in chosen])
    return {
        "features": [candidates[c][0] for c in chosen],
        "rows": int(len(present)),
        "accuracy": best[0],
        "baseline": baseline,
        "kappa": best[1],
        "smallest_log_likelihood_gap": gap,
        "rounds": rounds,
    }


def proxies(manifest: dict, table: pd.DataFrame, tested: list[Column], pol: dict) -> list[dict]:
    inputs = manifest.get("spurious", {}).get("inputs")
    binned = [(c, c.binned()) for c in tested]
    # the reconstruction's folds: parity of the position in the content order
    order = np.array(canonical_order(tested, [model_output(manifest, table)], group_texts(manifest, table)))
    out = []
    for g in manifest["data"]["groups"]:
        name = g["column"]
        cells = [v.strip() or MISSING_GROUP for v in table[name]]
        levels = sorted(set(cells))
        index = {l: i for i, l in enumerate(levels)}
        target = np.array([index[v] for v in cells])
        features = []
        for c, (k, codes) in binned:
            both = codes >= 0
            t = table_stats(crosstab(codes[both], k, target[both], len(levels)))
            strong = t["cramers_v"] >= pol["proxy_strength"]
            model_input = None if inputs is None else c.name in inputs
            if t["rows"] < pol["min_group_size"]:
                verdict = "too_few_rows"
            elif not strong:
                verdict = "within_band"
            elif model_input:
                verdict = "bootstrap"  # the seeded bootstrap band test decides: not reproduced
            else:
                verdict = "not_judged"
            assert verdict != "bootstrap", (name, c.name, "no shipped strong proxy is a model input")
            features.append(
                {
                    "feature": c.name,
                    "model_input": model_input,
                    "rows": t["rows"],
                    "cramers_v": t["cramers_v"],
                    "chi_square": t["chi_square"],
                    "strong": bool(strong),
                    "verdict": verdict,
                }
            )
        candidates = [(c.name, k, codes[order]) for c, (k, codes) in binned if c.name != name]
        out.append(
            {
                "attribute": name,
                "groups": len(levels),
                "features": features,
                "reconstruction": reconstruct(target[order], levels, candidates),
            }
        )
    return out


def spurious(model: str, pol: dict) -> dict:
    directory = os.path.join("models", model)
    manifest = toml(os.path.join(directory, "model.toml"))
    table = read_text(audited_file(directory, manifest))
    outcome = Outcome(manifest, table)
    tested, wide, columns = select(manifest, table, outcome)
    associations = [associate(c, outcome, pol) for c in tested]
    ps = [a["p"] for a in associations]
    _, adjusted, _, _ = multipletests(ps, alpha=pol["alpha"], method="holm")
    for a, q in zip(associations, adjusted):
        a["p_adjusted"] = f(q)
        a["associated"] = bool(q < pol["alpha"])
    time = manifest["spurious"]["time"]
    periods = periods_of(table[time])
    trends = [
        trend(c, outcome, periods, pol)
        for c, a in zip(tested, associations)
        if c.kind == "numeric" and a["associated"]
    ]
    by_name = {a["feature"]: a for a in associations}
    leaks = [leak_test(c, outcome, by_name[c.name], pol) for c in tested]
    for c in tested + wide:
        # no identifier-like column: neither the order test of a 0/1 outcome (Mann–Whitney, van
        # Elteren within periods) nor that of a numeric one (Spearman's ρ within periods) is needed
        assert identifier_like(c) is None, (c.name, identifier_like(c))
        # missingness patterns only against a 0/1 outcome
        if outcome.binary:
            assert not missingness_patterns(c, outcome.labels), (c.name, missingness_patterns(c, outcome.labels))
    warnings = [c.name for c in tested + wide if filled_only_when_labelled(c, outcome)]
    proxy_list = proxies(manifest, table, tested, pol)
    # An upper bound on the second correction family: a stability test per trend feature (every numeric
    # feature associated after correction) and stratification (the periods and each group column), the
    # listed leaks, and the strong proxies among the model inputs (none: asserted in `proxies`).
    strata = 1 + len(manifest["data"]["groups"])
    family_bound = len(trends) * strata + sum(l["listed"] for l in leaks) + sum(
        pf["verdict"] == "bootstrap" for p in proxy_list for pf in p["features"]
    )
    for leak in leaks:
        if leak["listed"]:
            leak["verdict"] = leak_verdict(leak, family_bound, pol)
    n_tested = len(associations)
    return {
        "target": outcome.column,
        "target_kind": outcome.kind,
        # rows with an observed outcome (a label, or a count / value)
        "labelled_rows": int(outcome.present.sum()),
        "features_tested": n_tested,
        "expected_by_chance": f(pol["alpha"] * n_tested),
        "significant_uncorrected": int(sum(p < pol["alpha"] for p in ps)),
        "significant_corrected": int(sum(a["associated"] for a in associations)),
        "time": {
            "column": time,
            "periods": len(periods[0]),
            "first": periods[0][0],
            "last": periods[0][-1],
        },
        "columns": columns,
        "associations": associations,
        "trends": trends,
        "leakage": leaks,
        "second_family_bound": family_bound,
        "warnings_filled_only_when_labelled": warnings,
        "proxies": proxy_list,
    }


def main() -> None:
    pol = policy()
    out = {
        "source": (
            f"scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}, statsmodels "
            f"{statsmodels.__version__}, scikit-learn {sklearn.__version__}, lifelines {lifelines.__version__}, python "
            f"{platform.python_version()}; made by scripts/peers/shipped_spurious_fixtures.py from the "
            f"shipped models' CSV files and manifests (see its docstring for the peer function behind each "
            f"value). Bootstrap intervals, the bootstrap verdicts of strong proxies among the model inputs, the "
            f"placebo surrogate and the stability checks are not included."
        ),
        "policy": pol,
    }
    for model in MODELS:
        out[model] = spurious(model, pol)
    os.makedirs(os.path.dirname(OUT_JSON), exist_ok=True)
    text = json.dumps(out, indent=1, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == out
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    print(f"wrote {OUT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
