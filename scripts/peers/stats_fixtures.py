"""Known-answer statistics from statsmodels/scipy for algoreg's Rust tests.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/stats_expected.json.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys

import numpy as np
import scipy
import statsmodels
from scipy.stats import fisher_exact, norm
from scipy.stats.contingency import relative_risk
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

OUT_JSON = os.path.join("tests", "data", "stats_expected.json")

WILSON = [(0, 10), (1, 10), (5, 10), (10, 10), (37, 120), (512, 2000), (3, 7), (999, 1000)]
ZTEST = [(30, 100, 45, 100), (120, 2000, 80, 2000), (5, 40, 15, 60), (250, 1000, 251, 1000), (7, 50, 30, 55)]
FISHER = [(3, 7, 10, 5), (0, 12, 6, 6), (1, 9, 11, 3), (8, 2, 1, 5), (20, 30, 25, 25)]
RR = [(30, 100, 45, 100), (120, 2000, 80, 2000), (5, 40, 15, 60), (7, 50, 30, 55)]
PVECS = [
    [0.01, 0.04, 0.03, 0.005, 0.5],
    [0.001, 0.2, 0.049, 0.051, 0.9, 0.0004, 0.03],
    [0.8],
]


def f(x) -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


def main() -> None:
    out: dict = {}
    out["source"] = (
        f"statsmodels {statsmodels.__version__}, scipy {scipy.__version__}, numpy {np.__version__}, "
        f"python {platform.python_version()}. wilson: statsmodels proportion_confint(k, n, alpha=0.05, "
        f"method='wilson'); ztest: statsmodels proportions_ztest([k1,k2],[n1,n2]) (pooled variance, "
        f"two-sided, z for group1 - group2); fisher: scipy.stats.fisher_exact([[a,b],[c,d]], "
        f"alternative='two-sided'); relative_risk: scipy.stats.contingency.relative_risk(a, n1, c, n2) "
        f"and .confidence_interval(confidence_level=0.95) (Katz log method); bh/holm: statsmodels "
        f"multipletests(p, method='fdr_bh'/'holm')[1]; normal_quantile_975: scipy.stats.norm.ppf(0.975)."
    )

    out["wilson"] = []
    for k, n in WILSON:
        low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
        out["wilson"].append({"k": k, "n": n, "low": f(low), "high": f(high)})

    out["ztest"] = []
    for k1, n1, k2, n2 in ZTEST:
        z, p = proportions_ztest(np.array([k1, k2]), np.array([n1, n2]))
        out["ztest"].append({"k1": k1, "n1": n1, "k2": k2, "n2": n2, "z": f(z), "p": f(p)})

    out["fisher"] = []
    for a, b, c, d in FISHER:
        res = fisher_exact([[a, b], [c, d]], alternative="two-sided")
        out["fisher"].append({"a": a, "b": b, "c": c, "d": d, "p": f(res.pvalue)})

    out["relative_risk"] = []
    for a, n1, c, n2 in RR:
        res = relative_risk(exposed_cases=a, exposed_total=n1, control_cases=c, control_total=n2)
        ci = res.confidence_interval(confidence_level=0.95)
        out["relative_risk"].append(
            {"a": a, "n1": n1, "c": c, "n2": n2, "rr": f(res.relative_risk), "low": f(ci.low), "high": f(ci.high)}
        )

    for key, method in (("bh", "fdr_bh"), ("holm", "holm")):
        out[key] = []
        for p in PVECS:
            adj = multipletests(p, alpha=0.05, method=method)[1]
            out[key].append({"p": [f(x) for x in p], "adjusted": [f(x) for x in adj]})

    out["normal_quantile_975"] = f(norm.ppf(0.975))

    os.makedirs(os.path.dirname(OUT_JSON), exist_ok=True)
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as fh:
        json.dump(out, fh, indent=2, allow_nan=False)
        fh.write("\n")
    print(f"wrote {OUT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
