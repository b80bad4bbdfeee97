//! Quick mode on UCI Adult (sex, race) against Fairlearn's MetricFrame, to 1e-9.
//! Expected values and the scored file come from `scripts/peers/make_adult_fixture.py`.

mod common;

use approx::assert_relative_eq;
use common::*;

const RATES: [&str; 10] = [
    "tpr",
    "fpr",
    "fnr",
    "tnr",
    "ppv",
    "npv",
    "selection_rate",
    "prevalence",
    "accuracy",
    "ppr",
];

fn check(args: &[&str]) {
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data("adult_fairlearn_expected.json")).unwrap(),
    )
    .unwrap();
    let file = data("adult_scored.csv");
    let mut all = vec![
        "audit",
        "--data",
        file.to_str().unwrap(),
        "--label",
        "label",
        "--group",
        "sex",
        "--group",
        "race",
    ];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--reference",
        "sex=Male",
        "--reference",
        "race=White",
        "--json",
    ]);
    let out = algoreg().args(&all).assert().get_output().stdout.clone();
    let record = json(&out);
    assert_eq!(record["data"]["rows"], expected["rows"]);
    let mut checked = 0;
    for (attribute, block) in expected["attributes"].as_object().unwrap() {
        for (name, want) in block["groups"].as_object().unwrap() {
            let got = group(&record, attribute, name);
            for key in ["n", "tp", "fp", "tn", "fn"] {
                assert_eq!(got[key], want[key], "{attribute}={name} {key}");
            }
            for rate in RATES {
                let value = if rate == "ppr" {
                    &got["ppr"]["value"]
                } else {
                    &metric(got, rate)["estimate"]["value"]
                };
                assert_relative_eq!(f(value), f(&want[rate]), epsilon = 1e-9);
                checked += 1;
                if rate != "ppr"
                    && let Some(ratio) = want.get("ratio")
                {
                    let c = &metric(got, rate)["comparison"];
                    assert_relative_eq!(f(&c["ratio"]["value"]), f(&ratio[rate]), epsilon = 1e-9);
                    assert_relative_eq!(
                        f(&c["difference"]["value"]),
                        f(&want["difference"][rate]),
                        epsilon = 1e-9
                    );
                    checked += 2;
                }
            }
        }
    }
    assert!(checked > 100, "compared {checked} values");
}

#[test]
fn matches_fairlearn_with_the_prediction_column() {
    check(&["--prediction", "prediction"]);
}

#[test]
fn matches_fairlearn_with_score_and_threshold() {
    check(&["--score", "score", "--threshold", "0.5"]);
}

/// `--best-off race`: the reference is the race group with the lowest FNR (the built-in policy's first
/// judged metric with a direction) among groups whose FNR rests on at least 30 cases; chosen here from
/// the Fairlearn values, independently of the audit.
#[test]
fn best_off_reference_is_the_lowest_fnr_group_large_enough_to_judge() {
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data("adult_fairlearn_expected.json")).unwrap(),
    )
    .unwrap();
    let mut best: Option<(&str, f64)> = None;
    for (name, g) in expected["attributes"]["race"]["groups"]
        .as_object()
        .unwrap()
    {
        let cases = g["tp"].as_u64().unwrap() + g["fn"].as_u64().unwrap();
        let fnr = f(&g["fnr"]);
        if cases >= 30 && best.is_none_or(|(_, b)| fnr < b) {
            best = Some((name, fnr));
        }
    }
    let (want, _) = best.unwrap();
    let file = data("adult_scored.csv");
    let out = algoreg()
        .args([
            "audit",
            "--data",
            file.to_str().unwrap(),
            "--label",
            "label",
            "--prediction",
            "prediction",
            "--group",
            "race",
            "--best-off",
            "race",
            "--json",
        ])
        .assert()
        .get_output()
        .stdout
        .clone();
    let record = json(&out);
    let race = &record["subgroup"]["attributes"][0];
    assert_eq!(race["reference"], want);
    assert_eq!(race["reference_rule"], "best-off on fnr");
    // Every other group with enough cases has an FNR ratio of at least 1 against the best-off group.
    for g in race["groups"].as_array().unwrap() {
        let m = metric(g, "fnr");
        if let Some(c) = m["comparison"].as_object()
            && m["denominator"].as_u64().unwrap() >= 30
        {
            assert!(f(&c["ratio"]["value"]) >= 1.0, "{}", g["group"]);
        }
    }
}
