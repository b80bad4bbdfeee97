//! False-alarm rates and power of the whole audit on seeded data with the nuisances real municipal
//! data has (see tests/common/nuisance.rs), run as a user runs it: `algoreg audit --json` on the
//! files, with the policy judging FNR and FPR.
//!
//! Each scenario runs `ALGOREG_SIM_DATASETS` datasets (default: a CI-sized number). The rates are
//! printed with their Monte Carlo standard error `√(p(1−p)/n)`; the assertions allow two standard
//! errors around each target, so that a true rate at the target passes. The README's table is a run
//! with `ALGOREG_SIM_DATASETS=400` (`bash scripts/simulate-alarms.sh`).

mod common;

use common::nuisance::{World, generate};
use common::{algoreg, json};

fn datasets(default: usize) -> usize {
    std::env::var("ALGOREG_SIM_DATASETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn mc_se(p: f64, n: usize) -> f64 {
    (p * (1.0 - p) / n as f64).sqrt()
}

fn rate(k: usize, n: usize) -> (f64, f64) {
    let p = k as f64 / n as f64;
    (p, mc_se(p, n))
}

/// Audits dataset `i` of `world` (seeded by `base + i`); the record.
fn audit(world: &World, base: u64, i: usize) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let d = generate(world, base + i as u64, tmp.path());
    let out = algoreg()
        .args(["audit", "--json", "--quiet"])
        .args(&d.args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "dataset {i}: exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)
}

fn list(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v.as_array().unwrap()
}

/// The null world: no disparity, no under-reporting, no period-level effect, every nuisance. The share
/// of datasets with any finding, per audit and for the whole audit, is at most 5% (within two Monte
/// Carlo standard errors).
#[test]
fn on_null_data_with_every_nuisance_findings_are_rare() {
    let n = datasets(40);
    let world = World::null();
    let audits = ["subgroup", "sampling", "spurious"];
    let mut any = [0usize; 3];
    let mut whole = 0;
    let mut what = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..n {
        let r = audit(&world, 9_000, i);
        let findings = list(&r["findings"]);
        for (k, a) in audits.iter().enumerate() {
            if findings.iter().any(|f| f["audit"] == *a) {
                any[k] += 1;
            }
        }
        if !findings.is_empty() {
            whole += 1;
        }
        for f in findings {
            *what
                .entry(format!(
                    "{} {} {}",
                    f["audit"], f["measure"], f["attribute"]
                ))
                .or_default() += 1;
        }
    }
    for (k, a) in audits.iter().enumerate() {
        let (p, se) = rate(any[k], n);
        eprintln!(
            "null: {a} audit: any finding in {} of {n} datasets ({p:.3} ± {se:.3})",
            any[k]
        );
    }
    let (p, se) = rate(whole, n);
    eprintln!("null: whole audit: any finding in {whole} of {n} datasets ({p:.3} ± {se:.3})");
    eprintln!("null: findings raised: {what:?}");
    let bound = 0.05 + 2.0 * mc_se(0.05, n);
    for (k, a) in audits.iter().enumerate() {
        assert!(any[k] as f64 / n as f64 <= bound, "{a}: {} of {n}", any[k]);
    }
    assert!(
        whole as f64 / n as f64 <= bound,
        "whole audit: {whole} of {n}"
    );
}

/// Power: an FPR ratio of 1.6 in a group of 4,000 labelled rows (Noord), with every nuisance. The
/// reference is the largest group, Centrum (about 5,600 labelled rows, a third of them cases), and the
/// family holds 46 comparisons (neighbourhoods, owner types and their intersections, FNR and FPR), so
/// showing 1.6 beyond the band's edge 1.25 after the correction is harder than in
/// `tests/simulation.rs` (12 comparisons, a reference of 16,000 rows), where the power is 0.98: here
/// it is about 0.8 (the README gives the measured rate). Asserted: at least 0.7.
#[test]
fn an_fpr_ratio_of_1_6_in_a_group_of_4000_rows_is_found() {
    let n = datasets(20);
    let world = World {
        rows_per_week: 1026,
        noord_share: 0.25,
        fpr_ratio: 1.6,
        ..World::null()
    };
    let mut found = 0;
    let mut rows = 0.0;
    for i in 0..n {
        let r = audit(&world, 19_000, i);
        let noord = list(&r["subgroup"]["attributes"])[0]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == "Noord")
            .unwrap()
            .clone();
        rows += noord["labelled"].as_f64().unwrap() / n as f64;
        if list(&r["findings"])
            .iter()
            .any(|f| f["attribute"] == "wijk" && f["group"] == "Noord" && f["measure"] == "fpr")
        {
            found += 1;
        }
    }
    let (p, se) = rate(found, n);
    eprintln!(
        "power: FPR ratio 1.6 in Noord ({rows:.0} labelled rows on average) found in {found} of {n} datasets ({p:.3} ± {se:.3})"
    );
    assert!(p + 2.0 * se >= 0.7, "power {p} ± {se}");
}

/// Power: Street Bump's largest neighbourhood reports 0.45 as much as the others. It is found as
/// under-reporting in at least 90% of datasets, and no honest neighbourhood is said to record more
/// than it should.
#[test]
fn an_under_reporting_largest_group_is_found_and_nothing_is_inverted() {
    let n = datasets(20);
    let world = World {
        largest_reporting: 0.45,
        ..World::null()
    };
    let (mut found, mut inverted) = (0, 0);
    for i in 0..n {
        let r = audit(&world, 29_000, i);
        let reporting: Vec<&serde_json::Value> = list(&r["findings"])
            .iter()
            .filter(|f| f["measure"] == "reporting_rate")
            .collect();
        if reporting
            .iter()
            .any(|f| f["group"] == "Centrum" && f["ratio"]["value"].as_f64().unwrap() < 1.0)
        {
            found += 1;
        }
        if reporting
            .iter()
            .any(|f| f["group"] != "Centrum" && f["ratio"]["value"].as_f64().unwrap() > 1.0)
        {
            inverted += 1;
        }
    }
    let (p, se) = rate(found, n);
    let (q, qse) = rate(inverted, n);
    eprintln!(
        "power: reporting ratio 0.45 in the largest group found in {found} of {n} datasets ({p:.3} ± {se:.3}); \
         an honest group said to record more in {inverted} ({q:.3} ± {qse:.3})"
    );
    assert!(p + 2.0 * se >= 0.9, "power {p} ± {se}");
    assert!(q <= 0.05 + 2.0 * mc_se(0.05, n), "inverted {q}");
}

/// Power: a weekly temperature that truly drives the outcome, without a trend and the same for every
/// row of a week, is kept (not called trend-driven) in at least 90% of the datasets in which it is
/// associated with the outcome.
#[test]
fn a_true_period_level_driver_is_kept() {
    let n = datasets(20);
    let world = World {
        temperature_effect: 1.0,
        ..World::null()
    };
    let (mut associated, mut kept) = (0, 0);
    for i in 0..n {
        let r = audit(&world, 39_000, i);
        let Some(t) = list(&r["spurious"]["trends"])
            .iter()
            .find(|t| t["feature"] == "temperature")
        else {
            continue;
        };
        associated += 1;
        if t["judgement"]["verdict"] != "flagged" {
            kept += 1;
        }
    }
    let (p, se) = rate(kept, associated.max(1));
    eprintln!(
        "power: the weekly driver is associated in {associated} of {n} datasets and kept in {kept} of those ({p:.3} ± {se:.3})"
    );
    assert!(
        associated as f64 >= 0.9 * n as f64,
        "associated in {associated} of {n}"
    );
    assert!(p + 2.0 * se >= 0.9, "kept {p} ± {se}");
}
