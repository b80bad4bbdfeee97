"""Known-answer values for score metrics (AUC, DeLong SE, calibration) and count metrics.

Run via `bash scripts/peers/run.sh` from the repo root, after make_adult_fixture.py
(this script reads the tests/data/adult_scored.csv that script writes). Writes:
  tests/data/adult_score_expected.json   per group of sex, race and "sex × race" (+ "(all)"):
                                         n, AUC (sklearn via fairlearn.MetricFrame), DeLong SE
                                         (fast midrank algorithm, Sun & Xu 2014) and 95% CI,
                                         10-bin calibration table, ECE, O/E ratio; for the
                                         intersection groups and "(all)" also the confusion-matrix
                                         rates of adult_fairlearn_expected.json
  tests/data/hotspot_count_expected.json per group of neighbourhood, income_band and
                                         "neighbourhood × income_band" (+ "(all)") of
                                         models/hotspot-tilburg/trained/scored.csv: n, mean predicted /
                                         observed count and their standard errors, sum ratio,
                                         MAE, mean Poisson deviance (sklearn via MetricFrame)

Python is only a peer here: algoreg (Rust) must reproduce these numbers on its own.
Output is deterministic: groups are written in sorted order, floats via json (repr, full
precision), no timestamps.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import sys
import warnings

import fairlearn
import numpy as np
import pandas as pd
import scipy
import sklearn
from fairlearn.metrics import MetricFrame, count
from scipy.stats import norm, rankdata
from sklearn.metrics import mean_absolute_error, mean_poisson_deviance, roc_auc_score

# Same directory: reuse the exact confusion-matrix metric definitions of the adult fixture.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_adult_fixture as adult  # noqa: E402

SCRIPT = "scripts/peers/make_score_count_fixtures.py"
ADULT_CSV = os.path.join("tests", "data", "adult_scored.csv")
ADULT_JSON = os.path.join("tests", "data", "adult_score_expected.json")
# The rows the audit reads: the held-out weeks with the model algoreg trained (`algoreg train`).
HOTSPOT_CSV = os.path.join("models", "hotspot-tilburg", "trained", "scored.csv")
HOTSPOT_JSON = os.path.join("tests", "data", "hotspot_count_expected.json")

CROSS = " × "  # U+00D7 with one space on each side
N_BINS = 10
Z975 = float(norm.ppf(0.975))
ALL = "(all)"
NOTES: list[str] = []


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fin(x) -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


def versions() -> dict:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "fairlearn": fairlearn.__version__,
        "scipy": scipy.__version__,
    }


def write_json(path: str, obj: dict) -> None:
    with open(path, "w", newline="\n", encoding="utf-8") as f:
        # ensure_ascii=False keeps "×" readable; the file is UTF-8.
        json.dump(obj, f, indent=2, allow_nan=False, ensure_ascii=False)
        f.write("\n")


# ---- DeLong AUC variance --------------------------------------------------------

def delong_fast(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float, np.ndarray, np.ndarray]:
    """AUC and DeLong (1988) variance via the midrank algorithm of Sun & Xu (2014).

    With m positives X and n negatives Y, T_Z = midranks of the pooled m+n scores,
    T_X / T_Y = midranks within X / within Y (scipy.stats.rankdata, method='average'):
      V10_i = (T_Z(X_i) - T_X(X_i)) / n         (share of negatives below X_i, ties 1/2)
      V01_j = 1 - (T_Z(Y_j) - T_Y(Y_j)) / m     (share of positives above Y_j, ties 1/2)
      AUC   = (sum_i T_Z(X_i) - m(m+1)/2) / (m n)
      var   = S10/m + S01/n, S10 = var(V10, ddof=1), S01 = var(V01, ddof=1).
    """
    pos = np.asarray(pos, dtype=np.float64)
    neg = np.asarray(neg, dtype=np.float64)
    m, n = len(pos), len(neg)
    tz = rankdata(np.concatenate([pos, neg]), method="average")
    tx = rankdata(pos, method="average")
    ty = rankdata(neg, method="average")
    v10 = (tz[:m] - tx) / n
    v01 = 1.0 - (tz[m:] - ty) / m
    auc = (np.sum(tz[:m]) - m * (m + 1) / 2.0) / (m * n)
    var = np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n
    return float(auc), float(var), v10, v01


def delong_pairwise(pos, neg) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Direct O(m*n) DeLong: psi(x, y) = 1 if x > y, 1/2 if x == y, 0 otherwise."""
    pos = np.asarray(pos, dtype=np.float64)
    neg = np.asarray(neg, dtype=np.float64)
    m, n = len(pos), len(neg)
    psi = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            psi[i, j] = 1.0 if pos[i] > neg[j] else (0.5 if pos[i] == neg[j] else 0.0)
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    auc = psi.sum() / (m * n)
    s10 = sum((v - auc) ** 2 for v in v10) / (m - 1)
    s01 = sum((v - auc) ** 2 for v in v01) / (n - 1)
    return float(auc), float(s10 / m + s01 / n), v10, v01


def self_check_delong() -> dict:
    pos, neg = [0.9, 0.8, 0.4], [0.7, 0.3, 0.4]
    a1, v1, p1, q1 = delong_fast(pos, neg)
    a2, v2, p2, q2 = delong_pairwise(pos, neg)
    assert abs(a1 - a2) <= 1e-12, (a1, a2)
    assert abs(v1 - v2) <= 1e-12, (v1, v2)
    assert np.max(np.abs(p1 - p2)) <= 1e-12 and np.max(np.abs(q1 - q2)) <= 1e-12
    # by hand: psi rows (0.9: 1,1,1) (0.8: 1,1,1) (0.4: 0,1,1/2) -> AUC = 7.5/9 = 5/6;
    # V10 = (1, 1, 1/2), S10 = 1/12; V01 = (2/3, 1, 5/6), S01 = 1/36;
    # var = (1/12)/3 + (1/36)/3 = 1/27
    assert abs(a1 - 5.0 / 6.0) <= 1e-15, a1
    assert abs(v1 - 1.0 / 27.0) <= 1e-15, v1
    a3 = roc_auc_score([1, 1, 1, 0, 0, 0], pos + neg)
    assert abs(a1 - a3) <= 1e-12, (a1, a3)
    # a larger random check with many ties (scores on a coarse grid)
    rng = np.random.default_rng(20140101)
    rp = np.round(rng.uniform(0, 1, 57), 1)
    rn = np.round(rng.uniform(0, 0.8, 83), 1)
    b1, w1, _, _ = delong_fast(rp, rn)
    b2, w2, _, _ = delong_pairwise(rp, rn)
    assert abs(b1 - b2) <= 1e-12 and abs(w1 - w2) <= 1e-12, (b1, b2, w1, w2)
    return {"positives": pos, "negatives": neg, "auc": a1, "auc_var": v1, "auc_se": math.sqrt(v1)}


# ---- calibration bins -------------------------------------------------------------

def bin_index(score: np.ndarray) -> np.ndarray:
    """min(floor(float64(score) * 10), 9), the product rounded once in IEEE-754 binary64."""
    return np.minimum(np.floor(np.asarray(score, dtype=np.float64) * 10.0), N_BINS - 1).astype(int)


def self_check_bins(score_strings: pd.Series) -> None:
    # Exhaustive: for all 1,000,001 six-decimal values u/1e6 in [0, 1] the float rule equals
    # the exact decimal rule min(u // 100000, 9) (so exact boundaries k/10 land in bin k).
    u = np.arange(0, 1_000_001, dtype=np.int64)
    as_float = np.array([float(f"{k / 1e6:.6f}") for k in range(0, 1_000_001, 1)])
    assert np.array_equal(bin_index(as_float), np.minimum(u // 100_000, N_BINS - 1))
    # and the CSV column: parse each score string as an exact integer number of millionths
    s = score_strings.to_numpy()
    assert all(len(x) == 8 and x[1] == "." for x in s), "score must look like d.dddddd"
    micro = np.array([int(x[0]) * 1_000_000 + int(x[2:]) for x in s], dtype=np.int64)
    assert np.array_equal(bin_index(np.array([float(x) for x in s])),
                          np.minimum(micro // 100_000, N_BINS - 1))


def calibration(y: np.ndarray, score: np.ndarray) -> dict:
    y = np.asarray(y, dtype=int)
    score = np.asarray(score, dtype=np.float64)
    n = len(y)
    b = bin_index(score)
    bins, ece = [], 0.0
    for k in range(N_BINS):
        mask = b == k
        nb = int(mask.sum())
        if nb == 0:
            continue
        pos = int(y[mask].sum())
        ms = float(np.mean(score[mask]))
        orate = pos / nb
        bins.append({"bin": k, "n": nb, "positives": pos, "mean_score": ms, "observed_rate": orate})
        ece += (nb / n) * abs(orate - ms)
    mean_score = float(np.mean(score))
    observed = float(np.mean(y))
    out = {
        "bins": bins,
        "ece": fin(ece),
        "mean_score": mean_score,
        "observed_rate": observed,
        "oe_ratio": None if mean_score == 0 else observed / mean_score,
    }
    return out


def ece_fn(y_true, y_pred) -> float:
    return calibration(y_true, y_pred)["ece"]


# ---- score metrics for the adult fixture ----------------------------------------------

def auc_fn(y_true, y_score) -> float:
    y = np.asarray(y_true, dtype=int)
    if len(np.unique(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, y_score))


def score_block(y: np.ndarray, score: np.ndarray, auc_mf, ece_mf, where: str) -> dict:
    y = np.asarray(y, dtype=int)
    score = np.asarray(score, dtype=np.float64)
    out: dict = {"n": int(len(y))}
    m, n = int(y.sum()), int(len(y) - y.sum())
    if m == 0 or n == 0:
        out.update({"auc": None, "auc_se": None, "auc_ci_95": None,
                    "auc_undefined": f"only one class in label ({m} positives, {n} negatives)"})
        NOTES.append(f"{where}: AUC undefined ({m} positives, {n} negatives)")
        assert auc_mf is None or math.isnan(float(auc_mf)), (where, auc_mf)
    else:
        auc = fin(auc_mf)
        a_fast, var, _, _ = delong_fast(score[y == 1], score[y == 0])
        assert abs(a_fast - auc) <= 1e-12, (where, auc, a_fast)
        out["auc"] = auc
        if m < 2 or n < 2:
            out["auc_se"] = None
            out["auc_ci_95"] = None
            out["auc_se_undefined"] = f"DeLong sample variance needs >= 2 of each class ({m}, {n})"
            NOTES.append(f"{where}: AUC SE undefined ({m} positives, {n} negatives)")
        else:
            se = fin(math.sqrt(var))
            out["auc_se"] = se
            out["auc_ci_95"] = [max(0.0, auc - Z975 * se), min(1.0, auc + Z975 * se)]
    cal = calibration(y, score)
    assert abs(cal["ece"] - float(ece_mf)) <= 1e-15, (where, cal["ece"], ece_mf)
    out["calibration"] = cal["bins"]
    for k in ("ece", "mean_score", "observed_rate", "oe_ratio"):
        out[k] = cal[k]
    return out


def adult_expected() -> dict:
    raw = pd.read_csv(ADULT_CSV, dtype=str, keep_default_na=False)
    self_check_bins(raw["score"])
    df = pd.DataFrame({
        "sex": raw["sex"],
        "race": raw["race"],
        "label": raw["label"].astype(int),
        "score": np.array([float(x) for x in raw["score"]], dtype=np.float64),
        "prediction": raw["prediction"].astype(int),
    })
    assert set(df["label"]) <= {0, 1} and set(df["prediction"]) <= {0, 1}
    y = df["label"].to_numpy()
    s = df["score"].to_numpy()
    yhat = df["prediction"].to_numpy()
    total_pp = int(yhat.sum())

    score_metrics = {"n": count, "auc": auc_fn, "ece": ece_fn}
    attrs = {"sex": ["sex"], "race": ["race"], f"sex{CROSS}race": ["sex", "race"]}
    attributes: dict = {}
    all_block = None
    for name, cols in attrs.items():
        sf = df[cols] if len(cols) > 1 else df[cols[0]]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mf = MetricFrame(metrics=score_metrics, y_true=y, y_pred=s, sensitive_features=sf)
        intersect = len(cols) > 1
        if intersect:
            mf_rates = MetricFrame(metrics=adult.METRICS, y_true=y, y_pred=yhat, sensitive_features=sf)
            ppr = df.groupby(cols)["prediction"].sum() / total_pp
        if all_block is None:
            all_block = score_block(y, s, mf.overall["auc"], mf.overall["ece"], ALL)
            assert all_block["n"] == int(mf.overall["n"])
        groups = {}
        for g in sorted(mf.by_group.index):
            row = mf.by_group.loc[g]
            if pd.isna(row["n"]) or int(row["n"]) == 0:
                NOTES.append(f"{name}: empty combination {g!r} skipped")
                continue
            key = CROSS.join(g) if intersect else str(g)
            if intersect:
                mask = np.ones(len(df), dtype=bool)
                for c, v in zip(cols, g):
                    mask &= (df[c] == v).to_numpy()
            else:
                mask = (df[cols[0]] == g).to_numpy()
            b = score_block(y[mask], s[mask], row["auc"], row["ece"], f"{name}={key}")
            assert b["n"] == int(row["n"]), (key, b["n"], row["n"])
            if intersect:
                rates = adult.block_from_series(mf_rates.by_group.loc[g], f"{name}={key}")
                rates["ppr"] = float(ppr[g])
                b = {**rates, **{k: v for k, v in b.items() if k != "n"}}
            groups[key] = b
        attributes[name] = {"groups": groups}
        if intersect:
            # "(all)" also gets the rate metrics, from the intersection MetricFrame's overall
            rates_all = adult.block_from_series(mf_rates.overall, ALL)
            rates_all["ppr"] = 1.0
            all_block = {**rates_all, **{k: v for k, v in all_block.items() if k != "n"}}
    NOTES.extend(adult.NOTES)

    definitions = {
        "groups": f"sex and race groups from one-feature fairlearn MetricFrames; intersection groups from MetricFrame(sensitive_features=df[['sex','race']]) (its multi-index), named '<sex>{CROSS}<race>'; '(all)' is every row; groups are listed in sorted order.",
        "n": "n is fairlearn.metrics.count, the number of rows in the group.",
        "tp/fp/tn/fn": "tp, fp, tn, fn are the confusion-matrix counts of prediction vs label (custom MetricFrame functions, as in make_adult_fixture.py); only intersection groups and '(all)' carry them.",
        "tpr/fpr/fnr/tnr": "tpr, fpr, fnr, tnr are fairlearn true_positive_rate, false_positive_rate, false_negative_rate, true_negative_rate of prediction vs label, null when the denominator is 0.",
        "ppv": "ppv is sklearn precision_score(zero_division=nan) = TP/(TP+FP), null when TP+FP = 0.",
        "npv": "npv is TN/(TN+FN), null when TN+FN = 0.",
        "selection_rate": "selection_rate is fairlearn selection_rate = (TP+FP)/n.",
        "prevalence": "prevalence is mean(label) = (TP+FN)/n.",
        "accuracy": "accuracy is sklearn accuracy_score = (TP+TN)/n.",
        "ppr": "ppr is the group's predicted positives divided by all predicted positives in the file (pandas groupby; 1.0 for '(all)').",
        "auc": "auc is sklearn.metrics.roc_auc_score(label, score) per group through MetricFrame (ties count 1/2); null, with auc_undefined giving the reason, when the group has only one class.",
        "auc_se": "auc_se is the square root of the DeLong (1988) variance S10/m + S01/n (sample variances with ddof=1 of the structural components V10 over the m positives and V01 over the n negatives), computed with the midrank algorithm of Sun & Xu (2014, IEEE SPL 21(11)) using scipy.stats.rankdata(method='average').",
        "auc_ci_95": f"auc_ci_95 is [max(0, auc - z*auc_se), min(1, auc + z*auc_se)] with z = scipy.stats.norm.ppf(0.975) = {Z975!r}.",
        "calibration": "calibration lists the non-empty bins of 10 equal-width bins over [0,1] with bin = min(floor(float64(score) * 10), 9), where score is the CSV's 6-decimal text parsed as float64 and the product is one IEEE-754 binary64 multiplication; this equals the exact decimal rule min(floor(micro / 100000), 9) on the integer millionths for all 1,000,001 six-decimal values in [0,1] (checked exhaustively), so a score of exactly k/10 falls in bin k and 1.000000 falls in bin 9.",
        "bin fields": "each bin has bin (0-9), n (rows), positives (label = 1), mean_score (mean of score) and observed_rate (positives / n).",
        "ece": "ece is the expected calibration error sum_b (n_b / n) * |observed_rate_b - mean_score_b| over the non-empty bins (Naeini et al. 2015; Guo et al. 2017), accumulated in bin order 0..9.",
        "mean_score/observed_rate": "mean_score is the group's mean score and observed_rate its mean label.",
        "oe_ratio": "oe_ratio is observed_rate / mean_score (observed-to-expected; > 1 means the scores under-predict).",
    }
    return {
        "provenance": {
            "script": SCRIPT,
            "versions": versions(),
            "input": ADULT_CSV,
            "input_sha256": sha256(ADULT_CSV),
            "definitions": definitions,
        },
        "rows": int(len(df)),
        "delong_check": self_check_delong(),
        ALL: all_block,
        "attributes": attributes,
        "notes": NOTES[:],
    }


# ---- count metrics for the hotspot fixture ---------------------------------------------

def _f(a):
    return np.asarray(a, dtype=np.float64)


def mean_pred_fn(y_true, y_pred):
    return float(np.mean(_f(y_pred)))


def mean_obs_fn(y_true, y_pred):
    return float(np.mean(_f(y_true)))


def sum_pred_fn(y_true, y_pred):
    return float(np.sum(_f(y_pred)))


def sum_obs_fn(y_true, y_pred):
    return float(np.sum(_f(y_true)))


def se_obs_fn(y_true, y_pred):
    y = _f(y_true)
    return float(np.std(y, ddof=1) / math.sqrt(len(y))) if len(y) > 1 else float("nan")


def se_pred_fn(y_true, y_pred):
    p = _f(y_pred)
    return float(np.std(p, ddof=1) / math.sqrt(len(p))) if len(p) > 1 else float("nan")


COUNT_METRICS = {
    "n": count,
    "mean_predicted": mean_pred_fn,
    "mean_observed": mean_obs_fn,
    "sum_predicted": sum_pred_fn,
    "sum_observed": sum_obs_fn,
    "mae": mean_absolute_error,
    "poisson_deviance": mean_poisson_deviance,
    "mean_predicted_se": se_pred_fn,
    "mean_observed_se": se_obs_fn,
}


def count_block(row: pd.Series, where: str) -> dict:
    out = {"n": int(row["n"])}
    for k in ("mean_predicted", "mean_observed", "sum_predicted", "sum_observed"):
        out[k] = fin(row[k])
    if out["sum_observed"] == 0:
        out["ratio"] = None
        out["ratio_undefined"] = "sum of observed incidents is 0"
        NOTES.append(f"{where}: ratio undefined (no observed incidents)")
    else:
        out["ratio"] = out["sum_predicted"] / out["sum_observed"]
    out["mae"] = fin(row["mae"])
    out["poisson_deviance"] = fin(row["poisson_deviance"])
    for k in ("mean_predicted_se", "mean_observed_se"):
        v = float(row[k])
        out[k] = None if math.isnan(v) else v
    return out


def hotspot_expected() -> dict:
    df = pd.read_csv(HOTSPOT_CSV, dtype={"neighbourhood": str, "income_band": str}, keep_default_na=False)
    y = df["incidents"].to_numpy(dtype=np.float64)
    p = df["predicted_rate"].to_numpy(dtype=np.float64)
    assert np.all(y >= 0) and np.all(y == np.floor(y)), "incidents must be counts"
    assert np.all(p > 0), "predicted_rate must be > 0 for the Poisson deviance"

    attrs = {
        "neighbourhood": ["neighbourhood"],
        "income_band": ["income_band"],
        f"neighbourhood{CROSS}income_band": ["neighbourhood", "income_band"],
    }
    attributes: dict = {}
    all_block = None
    for name, cols in attrs.items():
        sf = df[cols] if len(cols) > 1 else df[cols[0]]
        mf = MetricFrame(metrics=COUNT_METRICS, y_true=y, y_pred=p, sensitive_features=sf)
        if all_block is None:
            all_block = count_block(mf.overall, ALL)
            # independent check of the overall numbers with plain numpy
            assert all_block["n"] == len(df)
            assert abs(all_block["mae"] - float(np.mean(np.abs(y - p)))) <= 1e-12
            dev = 2.0 * np.mean(np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / p), 0.0) - y + p)
            assert abs(all_block["poisson_deviance"] - float(dev)) <= 1e-12, (all_block, dev)
        groups = {}
        for g in sorted(mf.by_group.index):
            row = mf.by_group.loc[g]
            key = CROSS.join(g) if len(cols) > 1 else str(g)
            if pd.isna(row["n"]) or int(row["n"]) == 0:
                NOTES.append(f"{name}: empty combination {key!r} skipped")
                continue
            groups[key] = count_block(row, f"{name}={key}")
        attributes[name] = {"groups": groups}

    definitions = {
        "groups": f"groups from fairlearn MetricFrame with y_true=incidents and y_pred=predicted_rate, one feature at a time, and sensitive_features=df[['neighbourhood','income_band']] for the intersection (only combinations present in the data, named '<neighbourhood>{CROSS}<income_band>'); '(all)' is every row; groups are listed in sorted order.",
        "n": "n is fairlearn.metrics.count, the number of cells (rows) in the group.",
        "mean_predicted/mean_observed": "mean_predicted is the mean of predicted_rate (the predicted count) and mean_observed the mean of incidents (the observed count).",
        "sum_predicted/sum_observed": "sum_predicted and sum_observed are the group sums of predicted_rate and incidents.",
        "ratio": "ratio is sum(predicted_rate) / sum(incidents) (> 1 means over-prediction); null, with ratio_undefined giving the reason, when sum(incidents) = 0.",
        "mae": "mae is sklearn.metrics.mean_absolute_error(incidents, predicted_rate).",
        "poisson_deviance": "poisson_deviance is sklearn.metrics.mean_poisson_deviance(y_true=incidents, y_pred=predicted_rate) = mean of 2*(y*ln(y/mu) - y + mu), with y*ln(y/mu) = 0 when y = 0.",
        "mean_observed_se": "mean_observed_se is the sample standard deviation (ddof=1) of incidents divided by sqrt(n).",
        "mean_predicted_se": "mean_predicted_se is the sample standard deviation (ddof=1) of predicted_rate divided by sqrt(n).",
    }
    return {
        "provenance": {
            "script": SCRIPT,
            "versions": versions(),
            "input": HOTSPOT_CSV,
            "input_sha256": sha256(HOTSPOT_CSV),
            "definitions": definitions,
        },
        "rows": int(len(df)),
        ALL: all_block,
        "attributes": attributes,
        "notes": NOTES[:],
    }


def main() -> None:
    if not os.path.isfile(ADULT_CSV):
        sys.exit(f"{ADULT_CSV} missing: run make_adult_fixture.py first")
    NOTES.clear()
    a = adult_expected()
    write_json(ADULT_JSON, a)
    for n in NOTES:
        print("note:", n, file=sys.stderr)
    NOTES.clear()
    h = hotspot_expected()
    write_json(HOTSPOT_JSON, h)
    for n in NOTES:
        print("note:", n, file=sys.stderr)
    print(f"wrote {ADULT_JSON} and {HOTSPOT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
