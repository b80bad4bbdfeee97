//! The spurious audit end to end through the command line (quick mode) on a seeded file with one leak
//! of each kind the audit knows, a trending column and a real one, and its errors for bad input.

mod common;

use std::fmt::Write;

use common::*;
use predicates::str::contains;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// 12 periods × 200 rows. The outcome rate rises over the periods; `real` drives it within periods;
/// `trending` follows the period only; `case_no` is unique per row and was handed out in the order the
/// outcomes came in (positives first within each period, so its order tells the outcome);
/// `closing_date` is filled in only for positive rows (empty otherwise); `copy` equals the outcome
/// in 97% of rows; `wijk` is a group column.
fn write_fixture(dir: &std::path::Path) -> std::path::PathBuf {
    let mut rng = ChaCha8Rng::seed_from_u64(20_261_122);
    let mut rows: Vec<(u32, f64, f64, bool, &str)> = Vec::new();
    for p in 0..12u32 {
        let mut period: Vec<(u32, f64, f64, bool, &str)> = (0..200)
            .map(|_| {
                let t = f64::from(p) / 12.0;
                let real: f64 = rng.random::<f64>() * 4.0 - 2.0;
                let trending = 10.0 * t + rng.random::<f64>();
                let y = rng.random::<f64>() < logistic(-1.5 + 2.0 * t + 0.8 * real);
                let wijk = if rng.random::<f64>() < 0.5 {
                    "Noord"
                } else {
                    "Zuid"
                };
                (p, real, trending, y, wijk)
            })
            .collect();
        period.sort_by_key(|r| !r.3);
        rows.extend(period);
    }
    let mut csv = String::from("case_no,period,wijk,real,trending,closing_date,copy,y,yhat\n");
    for (i, (p, real, trending, y, wijk)) in rows.iter().enumerate() {
        let copy = if rng.random::<f64>() < 0.97 { *y } else { !*y };
        let _ = writeln!(
            csv,
            "{},{},{wijk},{real:.4},{trending:.4},{},{},{},{}",
            100_000 + i,
            2014 + p,
            if *y {
                format!("2025-{:02}-01", 1 + i % 12)
            } else {
                String::new()
            },
            u8::from(copy),
            u8::from(*y),
            u8::from(*real > 0.0)
        );
    }
    let path = dir.join("cases.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn quick(file: &std::path::Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut args = vec![
        "audit",
        "--data",
        file.to_str().unwrap(),
        "--label",
        "y",
        "--prediction",
        "yhat",
        "--group",
        "wijk",
        "--json",
    ];
    args.extend_from_slice(extra);
    algoreg().args(&args).assert()
}

fn spurious_findings(r: &serde_json::Value) -> Vec<(String, String, String)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["audit"] == "spurious")
        .map(|f| {
            (
                f["measure"].as_str().unwrap().to_string(),
                f["attribute"].as_str().unwrap().to_string(),
                f["group"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_kind_of_leak_and_the_trend_are_found_by_name_and_the_real_column_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_fixture(dir.path());
    let out = quick(&file, &["--time", "period"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let r = json(&out);
    let found = spurious_findings(&r);
    let has = |m: &str, a: &str, g: &str| found.iter().any(|f| f.0 == m && f.1 == a && f.2 == g);
    assert!(
        has("leak", "copy", "nearly determines the outcome"),
        "{found:?}"
    );
    assert!(has("leak", "case_no", "identifier-like"), "{found:?}");
    assert!(
        has("leak", "closing_date", "missing only when negative"),
        "{found:?}"
    );
    assert!(has("trend_driven", "trending", "period"), "{found:?}");
    assert!(!found.iter().any(|f| f.1 == "real"), "{found:?}");
    // closing_date is text with 12 dates: a categorical column, tested with χ² and Cramér's V.
    let s = &r["spurious"];
    let closing = s["associations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["feature"] == "closing_date")
        .unwrap();
    assert_eq!(closing["measure"], "cramers_v");
    assert_eq!(s["time"]["periods"], 12);
    assert_eq!(s["time"]["first"], "2014");
    // The prediction is `real > 0`: the placebo surrogate of it leans on `real` far above the noise
    // floor, and on no column more.
    let placebo = &s["placebo"];
    assert_eq!(placebo["output"], "yhat");
    assert_eq!(placebo["noise_columns"], 5);
    let features = placebo["features"].as_array().unwrap();
    let real = features.iter().find(|f| f["feature"] == "real").unwrap();
    assert_eq!(real["above_noise"], true);
    let top = features
        .iter()
        .max_by(|a, b| f(&a["importance"]).total_cmp(&f(&b["importance"])))
        .unwrap();
    assert_eq!(top["feature"], "real");
    assert!(f(&real["importance"]) > 10.0 * f(&placebo["noise_floor"]));
}

#[test]
fn excluded_columns_are_not_tested() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_fixture(dir.path());
    let out = quick(
        &file,
        &[
            "--time",
            "period",
            "--exclude",
            "case_no",
            "--exclude",
            "copy",
        ],
    )
    .code(1)
    .get_output()
    .stdout
    .clone();
    let r = json(&out);
    let found = spurious_findings(&r);
    assert!(
        !found.iter().any(|f| f.1 == "case_no" || f.1 == "copy"),
        "{found:?}"
    );
    let skipped: Vec<&str> = r["spurious"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["feature"].as_str().unwrap())
        .collect();
    assert!(skipped.contains(&"case_no") && skipped.contains(&"copy"));
}

#[test]
fn unknown_columns_stop_the_audit_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_fixture(dir.path());
    quick(&file, &["--time", "quarter"])
        .code(2)
        .stderr(contains(
            "cases.csv: column `quarter` (the time column (spurious.time)) is not in the header",
        ));
    quick(&file, &["--exclude", "nope"])
        .code(2)
        .stderr(contains(
            "column `nope` (the column in spurious.exclude) is not in the header",
        ));
    quick(&file, &["--input", "nope"]).code(2).stderr(contains(
        "column `nope` (the column in spurious.inputs) is not in the header",
    ));
}

#[test]
fn manifest_spurious_table_errors_name_the_field() {
    let reg = copy_register();
    let manifest = reg.path().join("models/foundation-risk-zaandam/model.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    for (from, to, message) in [
        (
            "time = \"inspection_year\"",
            "time = \"damage_found\"",
            "field `spurious.time`: `damage_found` is already the label column",
        ),
        (
            "exclude = [\"house_id\", \"inspected\"]",
            "exclude = [\"house_id\", \"house_id\"]",
            "field `spurious.exclude[1]`: `house_id` is empty or appears twice",
        ),
        (
            "exclude = [\"house_id\", \"inspected\"]",
            "exclude = [\"house_id\"]\nfeatures = [\"risk_score\"]",
            "field `spurious.features[0]`: `risk_score` is the prediction column, not an input",
        ),
        (
            "exclude = [\"house_id\", \"inspected\"]",
            "exclude = [\"house_id\"]\nprotected = []",
            "field `spurious.protected`: name at least one column, or leave the field out",
        ),
    ] {
        std::fs::write(&manifest, text.replace(from, to)).unwrap();
        algoreg()
            .current_dir(reg.path())
            .args(["audit", "models/foundation-risk-zaandam"])
            .assert()
            .code(2)
            .stderr(contains(message));
    }
}

/// A protected attribute stored as numbers (0/1) is a set of groups like any other.
#[test]
fn a_numeric_protected_attribute_is_read_as_groups() {
    let reg = copy_register();
    let manifest = reg.path().join("models/foundation-risk-zaandam/model.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace(
            "exclude = [\"house_id\", \"inspected\"]",
            "exclude = [\"house_id\", \"inspected\"]\nprotected = [\"inspected\", \"owner_type\"]",
        ),
    )
    .unwrap();
    let out = algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let r = json(&out);
    let proxies = r["spurious"]["proxies"].as_array().unwrap();
    assert_eq!(proxies[0]["attribute"], "inspected");
    assert_eq!(proxies[0]["groups"], 2);
    assert_eq!(proxies[1]["attribute"], "owner_type");
}
