"""Build the UCI Adult scored fixture and its Fairlearn known-answer values.

Run via `bash scripts/peers/run.sh` from the repo root. Writes:
  tests/data/adult_scored.csv             row,sex,race,label,score,prediction
  tests/data/adult_fairlearn_expected.json per-group metrics from fairlearn.MetricFrame

Python is only a peer here: algoreg (Rust) must reproduce these numbers on its own.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import platform
import sys
from functools import partial

import fairlearn
import numpy as np
import pandas as pd
import sklearn
from fairlearn.metrics import (
    MetricFrame,
    count,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, precision_score
from sklearn.preprocessing import StandardScaler

OUT_CSV = os.path.join("tests", "data", "adult_scored.csv")
OUT_JSON = os.path.join("tests", "data", "adult_fairlearn_expected.json")

# Numeric model inputs. `fnlwgt` is deliberately left out: it is a census
# sampling weight, not an attribute of the person. sex/race are never used.
FEATURES = ["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
REFERENCES = {"sex": "Male", "race": "White"}
RATE_KEYS = [
    "tpr", "fpr", "fnr", "tnr", "ppv", "npv",
    "selection_rate", "prevalence", "accuracy", "ppr",
]
METRIC_KEYS = [
    "n", "tp", "fp", "tn", "fn", "tpr", "fpr", "fnr", "tnr", "ppv", "npv",
    "selection_rate", "prevalence", "accuracy",
]


def adult_csv_path() -> str:
    """Locate adult.csv inside the installed `fairness` package without importing it."""
    spec = importlib.util.find_spec("fairness")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("package `fairness` (0.1.8) is not installed")
    for base in spec.submodule_search_locations:
        p = os.path.join(base, "data", "raw", "adult.csv")
        if os.path.isfile(p):
            return p
    sys.exit("adult.csv not found inside the `fairness` package")


def build_csv() -> str:
    src = adult_csv_path()
    raw = pd.read_csv(src, skipinitialspace=True, dtype=str, keep_default_na=False)
    if len(raw) != 32561:
        sys.exit(f"expected 32561 Adult rows, got {len(raw)}")
    income_col = [c for c in raw.columns if c.strip().startswith("income")][0]

    income = raw[income_col].str.strip().str.rstrip(".").str.strip()
    bad = set(income) - {">50K", "<=50K"}
    if bad:
        sys.exit(f"unexpected income values: {bad}")
    label = (income == ">50K").astype(int).to_numpy()

    X = raw[FEATURES].apply(lambda s: pd.to_numeric(s.str.strip())).to_numpy(dtype=float)
    Xs = StandardScaler().fit_transform(X)
    clf = LogisticRegression(solver="lbfgs", max_iter=10_000, tol=1e-10)
    clf.fit(Xs, label)
    if int(np.max(clf.n_iter_)) >= clf.max_iter:
        sys.exit("LogisticRegression did not converge")
    proba = clf.predict_proba(Xs)[:, 1]

    score_str = [f"{p:.6f}" for p in proba]  # exactly 6 decimals
    rounded = np.array([float(s) for s in score_str])
    pred = (rounded >= 0.5).astype(int)

    sex = raw["sex"].str.strip()
    race = raw["race"].str.strip()
    lines = ["row,sex,race,label,score,prediction"]
    for i in range(len(raw)):
        lines.append(f"{i},{sex.iat[i]},{race.iat[i]},{label[i]},{score_str[i]},{pred[i]}")
    with open(OUT_CSV, "w", newline="\n", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return (
        f"scores: sklearn LogisticRegression(lbfgs, C=1.0, tol=1e-10, max_iter=10000; "
        f"converged in {int(np.max(clf.n_iter_))} iterations) on StandardScaler'd "
        f"{FEATURES}; predict_proba[:,1] written with 6 decimals; prediction = "
        f"rounded score >= 0.5. Data: fairness==0.1.8 package file data/raw/adult.csv."
    )


# ---- custom metric functions passed to MetricFrame --------------------------

def _arr(y):
    return np.asarray(y, dtype=int)


def tp_fn(y_true, y_pred):
    return int(np.sum((_arr(y_true) == 1) & (_arr(y_pred) == 1)))


def fp_fn(y_true, y_pred):
    return int(np.sum((_arr(y_true) == 0) & (_arr(y_pred) == 1)))


def tn_fn(y_true, y_pred):
    return int(np.sum((_arr(y_true) == 0) & (_arr(y_pred) == 0)))


def fn_fn(y_true, y_pred):
    return int(np.sum((_arr(y_true) == 1) & (_arr(y_pred) == 0)))


def prevalence_fn(y_true, y_pred):
    return float(np.mean(_arr(y_true)))


def npv_fn(y_true, y_pred):
    tn, fn = tn_fn(y_true, y_pred), fn_fn(y_true, y_pred)
    return float(tn / (tn + fn)) if (tn + fn) > 0 else float("nan")


METRICS = {
    "n": count,
    "tp": tp_fn,
    "fp": fp_fn,
    "tn": tn_fn,
    "fn": fn_fn,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    "fnr": false_negative_rate,
    "tnr": true_negative_rate,
    "ppv": partial(precision_score, zero_division=np.nan),
    "npv": npv_fn,
    "selection_rate": selection_rate,
    "prevalence": prevalence_fn,
    "accuracy": accuracy_score,
}
INT_KEYS = {"n", "tp", "fp", "tn", "fn"}
# denominators: a rate whose denominator is 0 is reported as null
DENOMS = {
    "tpr": ("tp", "fn"), "fnr": ("tp", "fn"),
    "fpr": ("fp", "tn"), "tnr": ("fp", "tn"),
    "ppv": ("tp", "fp"), "npv": ("tn", "fn"),
}
NOTES: list[str] = []


def clean(v):
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


def block_from_series(s: pd.Series, where: str) -> dict:
    out = {}
    for k in METRIC_KEYS:
        v = s[k]
        if k in INT_KEYS:
            out[k] = int(v)
        else:
            out[k] = clean(v)
    for k, (a, b) in DENOMS.items():
        if out[a] + out[b] == 0:
            if out[k] is not None:
                NOTES.append(f"{where}: {k} denominator is 0; fairlearn gave {out[k]!r}, written as null")
            out[k] = None
    # independent sanity check of the fairlearn numbers from the confusion counts
    tp, fp, tn, fn, n = out["tp"], out["fp"], out["tn"], out["fn"], out["n"]
    assert tp + fp + tn + fn == n, where
    checks = {
        "tpr": (tp, tp + fn), "fnr": (fn, tp + fn), "fpr": (fp, fp + tn), "tnr": (tn, fp + tn),
        "ppv": (tp, tp + fp), "npv": (tn, tn + fn), "selection_rate": (tp + fp, n),
        "prevalence": (tp + fn, n), "accuracy": (tp + tn, n),
    }
    for k, (num, den) in checks.items():
        if out[k] is None:
            assert den == 0, (where, k)
        else:
            assert abs(out[k] - num / den) <= 1e-15, (where, k, out[k], num / den)
    return out


def compute_expected(source_model: str) -> dict:
    df = pd.read_csv(
        OUT_CSV,
        dtype={"row": int, "sex": str, "race": str, "label": int, "score": float, "prediction": int},
        keep_default_na=False,
    )
    y_true = df["label"].to_numpy()
    y_pred = df["prediction"].to_numpy()
    total_pp = int(df["prediction"].sum())

    overall = None
    attributes = {}
    for attr, ref in REFERENCES.items():
        mf = MetricFrame(metrics=METRICS, y_true=y_true, y_pred=y_pred, sensitive_features=df[attr])
        if overall is None:
            overall = block_from_series(mf.overall, "overall")
        ppr = df.groupby(attr)["prediction"].sum() / total_pp
        groups = {}
        for g in mf.by_group.index:
            b = block_from_series(mf.by_group.loc[g], f"{attr}={g}")
            b["ppr"] = float(ppr[g])
            if b["tp"] + b["fp"] == 0:
                NOTES.append(f"{attr}={g}: zero predicted positives")
            groups[str(g)] = b
        if ref not in groups:
            sys.exit(f"reference group {ref!r} missing for {attr}")
        refb = groups[ref]
        for g, b in groups.items():
            if g == ref:
                continue
            ratio, diff = {}, {}
            for k in RATE_KEYS:
                v, r = b[k], refb[k]
                diff[k] = None if (v is None or r is None) else v - r
                if v is None or r is None or r == 0:
                    ratio[k] = None
                    NOTES.append(f"{attr}={g}: ratio {k} undefined (group={v!r}, reference={r!r})")
                else:
                    ratio[k] = v / r
            b["ratio"] = ratio
            b["difference"] = diff
        # reference first, then the others in sorted order
        ordered = {ref: groups[ref]}
        for g in sorted(groups):
            if g != ref:
                ordered[g] = groups[g]
        attributes[attr] = {"reference": ref, "groups": ordered}

    with open(OUT_CSV, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    source = (
        f"fairlearn.metrics.MetricFrame on tests/data/adult_scored.csv (read back from disk), "
        f"y_true=label, y_pred=prediction, one sensitive feature at a time. "
        f"n=fairlearn count; tpr/fpr/fnr/tnr=fairlearn true_positive_rate/false_positive_rate/"
        f"false_negative_rate/true_negative_rate; selection_rate=fairlearn selection_rate; "
        f"ppv=sklearn precision_score(zero_division=nan); accuracy=sklearn accuracy_score; "
        f"prevalence=mean(y_true), npv=TN/(TN+FN), tp/fp/tn/fn = custom MetricFrame functions; "
        f"ppr=group predicted positives / all predicted positives (Aequitas), pandas groupby. "
        f"ratio=group/reference, difference=group-reference (null where undefined); rates with a "
        f"zero denominator are null. {source_model} "
        f"Versions: fairlearn {fairlearn.__version__}, scikit-learn {sklearn.__version__}, "
        f"pandas {pd.__version__}, numpy {np.__version__}, python {platform.python_version()}."
    )
    return {
        "source": source,
        "csv": "tests/data/adult_scored.csv",
        "csv_sha256": sha,
        "rows": int(len(df)),
        "overall": overall,
        "attributes": attributes,
        "notes": NOTES,
    }


def main() -> None:
    os.makedirs(os.path.dirname(OUT_CSV), exist_ok=True)
    model_desc = build_csv()
    expected = compute_expected(model_desc)
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, allow_nan=False)
        f.write("\n")
    print(f"wrote {OUT_CSV} ({os.path.getsize(OUT_CSV)} bytes) and {OUT_JSON}", file=sys.stderr)
    for n in NOTES:
        print("note:", n, file=sys.stderr)


if __name__ == "__main__":
    main()
