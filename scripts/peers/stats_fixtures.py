"""Known-answer statistics from statsmodels/scipy for algoreg's Rust tests.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/stats_expected.json.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys

import mpmath as mp
from mp_bisect import log_bisect
import numpy as np
import scipy
import statsmodels
from scipy.stats import fisher_exact, norm
from scipy.stats.contingency import relative_risk
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

OUT_JSON = os.path.join("tests", "data", "stats_expected.json")

WILSON = [(0, 10), (1, 10), (5, 10), (10, 10), (37, 120), (512, 2000), (3, 7), (999, 1000)]
ZTEST = [(30, 100, 45, 100), (120, 2000, 80, 2000), (5, 40, 15, 60), (250, 1000, 251, 1000), (7, 50, 30, 55)]
FISHER = [(3, 7, 10, 5), (0, 12, 6, 6), (1, 9, 11, 3), (8, 2, 1, 5), (20, 30, 25, 25)]
RR = [(30, 100, 45, 100), (120, 2000, 80, 2000), (5, 40, 15, 60), (7, 50, 30, 55)]
# Koopman's score interval for the ratio: no events in the group (small and large groups), every
# row an event, few events, and the Katz cases.
KOOPMAN = [
    (0, 400, 9, 380),
    (0, 12, 6, 18),
    (0, 100000, 50, 90000),
    (10, 10, 3, 10),
    (1, 20, 1, 25),
    (5, 400, 9, 380),
] + RR
# Cases where statsmodels' root search fails (a complex bound for 10/10 vs 10/10, a wrong root for
# 1/1 vs 1/10^6, a bound off by 1e-5 at 10^9 rows): the same statistic solved at 60 digits.
KOOPMAN_EXTREME = [(10, 10, 10, 10), (0, 1, 1, 1), (1, 1, 1, 1_000_000), (0, 10**9, 50_000, 10**9)]


def koopman_mpmath(a: int, n1: int, c: int, n2: int) -> tuple[float, float]:
    """Koopman's score interval for p1/p2 by bisection on ln(theta) at 60 digits: T(theta) = +-z with
    T = (p1hat - theta p2hat) / sqrt(pt1(1-pt1)/n1 + theta^2 pt2(1-pt2)/n2), pt2 the smaller root of
    N theta p^2 - (n1 theta + a + n2 + c theta) p + (a + c) = 0 and pt1 = theta pt2."""
    mp.mp.dps = 60
    z = mp.sqrt(2) * mp.erfinv(mp.mpf("0.95"))

    def t(theta):
        qa = (n1 + n2) * theta
        qb = -(n1 * theta + a + n2 + c * theta)
        qc = a + c
        pt2 = min(mp.mpf(1), 2 * qc / (-qb + mp.sqrt(max(qb * qb - 4 * qa * qc, 0))))
        pt1 = min(mp.mpf(1), theta * pt2)
        var = pt1 * (1 - pt1) / n1 + theta**2 * pt2 * (1 - pt2) / n2
        diff = mp.mpf(a) / n1 - theta * mp.mpf(c) / n2
        if var == 0:
            return mp.sign(diff) * mp.inf if diff else mp.mpf(0)
        return diff / mp.sqrt(var)

    def root(target, inside, outside):
        return log_bisect(t, target, inside, outside)

    estimate = (mp.mpf(a) / n1) / (mp.mpf(c) / n2)
    high = root(-z, estimate if a else mp.mpf(10) ** -40, mp.mpf(10) ** 40)
    low = root(z, estimate, mp.mpf(10) ** -40) if a else mp.mpf(0)
    return float(low), float(high)

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
        f"and .confidence_interval(confidence_level=0.95) (Katz log method); koopman: statsmodels confint_proportions_2indep(a, n1, c, n2, method='score', "
        f"compare='ratio', correction=False, alpha=0.05) (Koopman 1984); koopman_extreme: the same score "
        f"statistic solved at 60 digits with mpmath {mp.__version__} (bisection on ln theta); bh/holm: statsmodels "
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

    out["koopman"] = []
    for a, n1, c, n2 in KOOPMAN:
        low, high = confint_proportions_2indep(
            a, n1, c, n2, method="score", compare="ratio", correction=False, alpha=0.05
        )
        out["koopman"].append({"a": a, "n1": n1, "c": c, "n2": n2, "low": f(low), "high": f(high)})

    out["koopman_extreme"] = []
    for a, n1, c, n2 in KOOPMAN_EXTREME:
        low, high = koopman_mpmath(a, n1, c, n2)
        out["koopman_extreme"].append({"a": a, "n1": n1, "c": c, "n2": n2, "low": f(low), "high": f(high)})

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
