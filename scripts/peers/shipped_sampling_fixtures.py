"""Known answers for the sampling audit on the two shipped example models, computed independently in
Python straight from the CSV files (never from the audit record), checked against the committed records
audits/<id>/audit.json (key `sampling`) by tests/sampling_shipped.rs.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/shipped_sampling_expected.json.

Inputs: models/foundation-risk-zaandam/{model.toml, trained/scored.csv (the held-out houses `algoreg train` scored), population.csv, training.csv},
models/hotspot-tilburg/{model.toml, trained/scored.csv (the held-out weeks), survey.csv} and audits/policy.toml. Every CSV cell is read
as text (an empty cell stays empty) and numbers are parsed with Python's float(), correctly rounded like
Rust's `str::parse::<f64>`.

Peer function behind each value (the definitions are those of the doc comments of
src/audit/sampling/*.rs and src/stats/compare.rs):

* Representativeness (foundation: neighbourhood, owner_type against population.csv): q = N_g / ΣN,
  share k/n with statsmodels proportion_confint(method="wilson"), ratio share/q with the Wilson limits
  divided by q, score-test p from scipy.stats.chisquare([k, n−k], [nq, n(1−q)]); per attribute
  scipy.stats.chisquare and power_divergence(lambda_="log-likelihood") against n·q, TVD ½Σ|k/n − q|
  (numpy). Judged when n·q ≥ min_group_size.
* Label selection (foundation, by owner_type and neighbourhood; a row is labelled when damage_found is
  not empty): labelled share and outcome rate among the labelled with proportion_confint(wilson);
  ratio of labelled shares to the reference group with scipy.stats.contingency.relative_risk(...)
  .confidence_interval(level) (Katz log interval, checked in scipy's source); the group's test p from
  statsmodels proportions_ztest (pooled two-proportion z-test; Fisher's exact test would be used when an
  expected cell is below 5 — no shipped group needs it, asserted), cross-checked with
  chi2_contingency(correction=False) on the 2×2 table; per attribute chi2_contingency(correction=False)
  on labelled × group and on outcome × group among the labelled. Reference: owner_type is named in
  model.toml (corporation); neighbourhood has none, so the subgroup audit's rule applies: the largest
  group by rows (ties to the first in sorted order).
* Drift (foundation, training.csv vs houses.csv, the features of [sampling.drift]): numeric when every
  non-empty cell of both files parses as a finite float. Numeric: scipy ks_2samp(method="asymp")
  statistic D, p = kstwobign.sf(sqrt(nm/(n+m))·D) (the Smirnov limit the audit uses, see
  sampling_fixtures.py); bins are one per distinct value when both files together have ≤ 10 distinct
  values (inner edges = all distinct values but the largest), else inner edges at
  np.quantile(training, [0.1, ..., 0.9]) (type 7) with repeated edges removed; a value goes to the
  first bin with x <= edge (np.searchsorted side="left"). Categorical: chi2_contingency(correction=False)
  on the 2 × k table (training, current) × category, categories in sorted order. PSI = Σ (c−r)·ln(c/r)
  with shares floored at 0.0001. Empty cells are left out and reported as missing shares.
* Reporting (hotspot, cells.csv vs survey.csv): per neighbourhood recorded = Σ incidents, person-years
  = Σ residents × 7/365.25, expected = per_1000_per_year/1000 × person-years, rate = recorded/expected
  with interval rate·exp(∓z·sqrt(1/recorded + (se/incidence)²)); reference = most person-years; ratio
  (Og/Eg)/(Or/Er), se = sqrt(1/Og + 1/Or + sg² + sr²), Wald interval and p on the log scale, z from
  scipy.stats.norm.ppf. Without the survey terms the interval and p are checked (here, to 1e-12) against
  statsmodels test_poisson_2indep / confint_poisson_2indep(method="wald-log") with the expected counts
  as exposures; the Poisson-only log variance is stored so the Rust test can check that the record's
  interval is exactly the Poisson part plus the survey part. Judged when both expected counts ≥
  min_group_size.
* Correction: per record, every judged test (representativeness groups, non-reference label-selection
  groups, non-reference reporting groups, drift features) corrected together with statsmodels
  multipletests(method="fdr_bh"); flagged = adjusted p < alpha and ratio outside the policy band (drift:
  PSI ≥ drift_psi_floor).

Bootstrap intervals (TVD, PSI) are seeded Monte Carlo in the audit and are not reproduced here.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import tomllib

import numpy as np
import pandas as pd
import scipy
import statsmodels
from scipy import stats
from scipy.stats.contingency import relative_risk
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

OUT_JSON = os.path.join("tests", "data", "shipped_sampling_expected.json")
FOUNDATION = os.path.join("models", "foundation-risk-zaandam")
HOTSPOT = os.path.join("models", "hotspot-tilburg")
POLICY = os.path.join("audits", "policy.toml")

NUMERIC_BINS = 10
PSI_FLOOR = 0.0001
WEEK_YEARS = 7.0 / 365.25


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


def outside(ratio: float, band: list[float]) -> bool:
    return bool(ratio < band[0] or ratio > band[1])


# ---------------------------------------------------------------------------------------------
# foundation: representativeness


def representativeness(houses: pd.DataFrame, manifest: dict, pol: dict) -> list[dict]:
    population = read_text(os.path.join(FOUNDATION, manifest["sampling"]["population"]))
    unit = manifest["sampling"]["unit"]
    level = pol["confidence_level"]
    out = []
    for spec in manifest["sampling"]["representativeness"]:
        column = spec["column"]
        attribute = spec.get("attribute", column)
        lines = population[population["attribute"] == attribute]
        assert (lines["unit"] == unit).all()
        pop = {g: f(c) for g, c in zip(lines["group"], lines["population"])}
        cells = houses[column]
        assert (cells != "").all(), f"empty {column} cells: the audit would leave them out"
        counts = cells.value_counts()
        assert set(counts.index) <= set(pop), (column, set(counts.index) - set(pop))
        groups = sorted(pop)
        k = np.array([int(counts.get(g, 0)) for g in groups], dtype=np.int64)
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
            score = stats.chisquare([kg, n - kg], [n * q, n * (1.0 - q)])
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
                    "p": f(score.pvalue),
                    "judged": bool(expected >= pol["min_group_size"]),
                    "outside_band": outside(share / q, pol["band"]),
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
    return out


# ---------------------------------------------------------------------------------------------
# foundation: label selection


def chi2_table(table: np.ndarray) -> dict:
    """chi2_contingency without continuity correction, on the table without all-zero rows/columns."""
    table = np.asarray(table, dtype=np.int64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    res = stats.chi2_contingency(table, correction=False)
    return {"statistic": f(res.statistic), "df": int(res.dof), "p": f(res.pvalue)}


def label_selection(houses: pd.DataFrame, manifest: dict, pol: dict) -> dict:
    level = pol["confidence_level"]
    label = manifest["data"]["label"]
    labelled = houses[label] != ""
    assert set(houses.loc[labelled, label]) <= {"0", "1"}
    positive = houses[label] == "1"
    n_all, l_all = len(houses), int(labelled.sum())
    lo, hi = wilson(l_all, n_all, level)
    named = {g["column"]: g.get("reference") for g in manifest["data"]["groups"]}
    attributes = []
    for column, reference in named.items():
        tally = (
            pd.DataFrame({"g": houses[column], "labelled": labelled, "positive": positive})
            .groupby("g")
            .agg(rows=("labelled", "size"), labelled=("labelled", "sum"), positives=("positive", "sum"))
            .sort_index()
        )
        if reference is None:
            # the subgroup audit's default: largest by rows, ties to the first in sorted order
            reference = tally["rows"].idxmax()
        ref = tally.loc[reference]
        rows_col, lab_col, pos_col = (tally[k].to_numpy(dtype=np.int64) for k in ("rows", "labelled", "positives"))
        r_rows, r_lab = int(ref["rows"]), int(ref["labelled"])
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
                rr = relative_risk(lab, rows, r_lab, r_rows)
                ci = rr.confidence_interval(confidence_level=level)
                # Cochran's rule: the audit would switch to Fisher's exact test below 5
                events, n = lab + r_lab, rows + r_rows
                min_expected = min(m * e / n for m in (rows, r_rows) for e in (events, n - events))
                assert min_expected >= 5.0, (column, g, min_expected)
                _, p = proportions_ztest([lab, r_lab], [rows, r_rows])
                p_chi = stats.chi2_contingency(
                    [[lab, rows - lab], [r_lab, r_rows - r_lab]], correction=False
                ).pvalue
                assert p == 0.0 and p_chi == 0.0 or math.isclose(p, p_chi, rel_tol=1e-9), (g, p, p_chi)
                entry.update(
                    {
                        "ratio": f(rr.relative_risk),
                        "ratio_low": f(ci.low),
                        "ratio_high": f(ci.high),
                        "p": float(p),  # may be exactly 0.0 (underflow), on both sides
                        "judged": bool(min(rows, r_rows) >= pol["min_group_size"]),
                        "outside_band": outside(float(rr.relative_risk), pol["band"]),
                    }
                )
            groups.append(entry)
        attributes.append(
            {
                "attribute": column,
                "reference": reference,
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
    }


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
        entry["outside_band"] = bool(psi >= pol["drift_psi_floor"])
        features.append(entry)
    return {"training_rows": len(training), "current_rows": len(houses), "features": features}


# ---------------------------------------------------------------------------------------------
# hotspot: reporting rates


def reporting(pol: dict) -> dict:
    manifest = toml(os.path.join(HOTSPOT, "model.toml"))
    spec = manifest["sampling"]["reporting"]
    assert spec["period"] == "week" and "reference" not in spec, spec
    cells = read_text(audited_file(HOTSPOT, manifest))
    survey = read_text(os.path.join(HOTSPOT, spec["file"]))
    survey = survey[survey["attribute"] == spec.get("attribute", spec["column"])].set_index("group")
    z = f(stats.norm.ppf(1.0 - (1.0 - pol["confidence_level"]) / 2.0))
    frame = pd.DataFrame(
        {
            "g": cells[spec["column"]],
            "events": [float(x) for x in cells[spec["events"]]],
            "residents": [float(x) for x in cells[spec["exposure"]]],
        }
    )
    assert (frame["g"] != "").all()
    by = frame.groupby("g").agg(rows=("events", "size"), recorded=("events", "sum"), residents=("residents", "sum"))
    by = by.sort_index()
    by["person_years"] = by["residents"] * WEEK_YEARS
    by["incidence"] = [float(survey.loc[g, "per_1000_per_year"]) for g in by.index]
    by["se"] = [float(survey.loc[g, "standard_error"]) for g in by.index]
    by["expected"] = by["incidence"] / 1000.0 * by["person_years"]
    by["rel_se"] = by["se"] / by["incidence"]
    reference = by["person_years"].idxmax()
    ref = by.loc[reference]
    groups = []
    for g, t in by.iterrows():
        rate = t["recorded"] / t["expected"]
        half = z * math.sqrt(1.0 / t["recorded"] + t["rel_se"] ** 2)
        entry = {
            "group": g,
            "rows": int(t["rows"]),
            "recorded": f(t["recorded"]),
            "person_years": f(t["person_years"]),
            "incidence": f(t["incidence"]),
            "incidence_se": f(t["se"]),
            "expected": f(t["expected"]),
            "rate": f(rate),
            "rate_low": f(rate * math.exp(-half)),
            "rate_high": f(rate * math.exp(half)),
        }
        if g != reference:
            og, eg, orr, er = t["recorded"], t["expected"], ref["recorded"], ref["expected"]
            rr = (og / eg) / (orr / er)
            survey_var = t["rel_se"] ** 2 + ref["rel_se"] ** 2
            se = math.sqrt(1.0 / og + 1.0 / orr + survey_var)
            # the Poisson part alone: statsmodels' wald-log test and interval for two Poisson rates
            sm_p = test_poisson_2indep(og, eg, orr, er, method="wald-log").pvalue
            alpha = 1.0 - pol["confidence_level"]
            sm_lo, sm_hi = confint_poisson_2indep(og, eg, orr, er, method="wald-log", alpha=alpha)
            se0 = math.sqrt(1.0 / og + 1.0 / orr)
            assert math.isclose(sm_p, 2.0 * stats.norm.sf(abs(math.log(rr)) / se0), rel_tol=1e-12), g
            assert math.isclose(sm_lo, rr * math.exp(-z * se0), rel_tol=1e-12), g
            assert math.isclose(sm_hi, rr * math.exp(z * se0), rel_tol=1e-12), g
            entry.update(
                {
                    "ratio": f(rr),
                    "se_log": f(se),
                    "ratio_low": f(rr * math.exp(-z * se)),
                    "ratio_high": f(rr * math.exp(z * se)),
                    "p": f(2.0 * stats.norm.sf(abs(math.log(rr)) / se)),
                    "poisson_log_variance_statsmodels": f((math.log(sm_hi / sm_lo) / (2.0 * z)) ** 2),
                    "survey_log_variance": f(survey_var),
                    "statsmodels_poisson_p": f(sm_p),
                    "judged": bool(min(eg, er) >= pol["min_group_size"]),
                    "outside_band": outside(rr, pol["band"]),
                }
            )
        groups.append(entry)
    return {"reference": reference, "z": z, "groups": groups}


# ---------------------------------------------------------------------------------------------
# correction over the whole sampling family of one record


def family_of(section: dict, pol: dict) -> list[dict]:
    items = []
    for a in section.get("representativeness", []):
        for g in a["groups"]:
            if g["judged"]:
                items.append({"part": "representativeness", "attribute": a["attribute"], "item": g["group"], **pick(g)})
    for a in section.get("label_selection", {}).get("attributes", []):
        for g in a["groups"]:
            if "p" in g and g["judged"]:
                items.append({"part": "label_selection", "attribute": a["attribute"], "item": g["group"], **pick(g)})
    if "reporting" in section:
        for g in section["reporting"]["groups"]:
            if "p" in g and g["judged"]:
                items.append({"part": "reporting", "attribute": "neighbourhood", "item": g["group"], **pick(g)})
    for d in section.get("drift", {}).get("features", []):
        if d["judged"]:
            items.append({"part": "drift", "attribute": "", "item": d["feature"], **pick(d)})
    _, adjusted, _, _ = multipletests([i["p"] for i in items], alpha=pol["alpha"], method="fdr_bh")
    for i, q in zip(items, adjusted):
        i["p_adjusted"] = float(q)
        i["flagged"] = bool(q < pol["alpha"] and i["outside_band"])
    return items


def pick(entry: dict) -> dict:
    return {"p": entry["p"], "outside_band": entry["outside_band"]}


# ---------------------------------------------------------------------------------------------


def main() -> None:
    pol = policy()
    manifest = toml(os.path.join(FOUNDATION, "model.toml"))
    houses = read_text(audited_file(FOUNDATION, manifest))
    foundation = {
        "representativeness": representativeness(houses, manifest, pol),
        "label_selection": label_selection(houses, manifest, pol),
        "drift": drift(houses, manifest, pol),
    }
    foundation["family"] = family_of(foundation, pol)
    hotspot = {"reporting": reporting(pol)}
    hotspot["family"] = family_of(hotspot, pol)

    out = {
        "source": (
            f"scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}, statsmodels "
            f"{statsmodels.__version__}, python {platform.python_version()}; made by "
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
