//! AUC (with DeLong standard error), calibration bins and ECE per group, and intersectional groups, on
//! UCI Adult against scikit-learn / Fairlearn / numpy; count-prediction metrics on the hotspot example
//! against scikit-learn's `mean_absolute_error` and `mean_poisson_deviance` through Fairlearn's
//! MetricFrame. Expected values: `scripts/peers/make_score_count_fixtures.py`.

mod common;

use approx::assert_relative_eq;
use common::*;

fn expected(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data(name)).unwrap()).unwrap()
}

fn adult_record() -> serde_json::Value {
    let file = data("adult_scored.csv");
    let out = algoreg()
        .args([
            "audit",
            "--data",
            file.to_str().unwrap(),
            "--label",
            "label",
            "--score",
            "score",
            "--threshold",
            "0.5",
            "--group",
            "sex",
            "--group",
            "race",
            "--intersect",
            "sex,race",
            "--json",
        ])
        .assert()
        .get_output()
        .stdout
        .clone();
    json(&out)
}

/// Every group of `attribute` in `want`, plus the overall row under "(all)".
fn groups<'a>(
    record: &'a serde_json::Value,
    want: &'a serde_json::Value,
    attr: &str,
) -> Vec<(&'a serde_json::Value, &'a serde_json::Value)> {
    let mut out: Vec<_> = want["attributes"][attr]["groups"]
        .as_object()
        .unwrap_or_else(|| panic!("expected attribute {attr}"))
        .iter()
        .map(|(name, w)| (group(record, attr, name), w))
        .collect();
    out.push((&attribute(record, attr)["overall"], &want["(all)"]));
    out
}

#[test]
fn auc_delong_and_calibration_match_the_peers_on_adult() {
    let record = adult_record();
    let want = expected("adult_score_expected.json");
    let mut checked = 0;
    for attr in ["sex", "race", "sex × race"] {
        for (got, w) in groups(&record, &want, attr) {
            let auc = value_metric(got, "score_metrics", "auc");
            assert_eq!(auc["rows"], w["n"]);
            let e = &auc["estimate"];
            assert_relative_eq!(f(&e["value"]), f(&w["auc"]), max_relative = 1e-9);
            assert_relative_eq!(f(&e["ci_low"]), f(&w["auc_ci_95"][0]), max_relative = 1e-9);
            assert_relative_eq!(f(&e["ci_high"]), f(&w["auc_ci_95"][1]), max_relative = 1e-9);
            for (ours, theirs) in [
                ("ece", "ece"),
                ("mean_score", "mean_score"),
                ("observed_rate", "observed_rate"),
                ("oe_ratio", "oe_ratio"),
            ] {
                let v = &value_metric(got, "score_metrics", ours)["estimate"]["value"];
                assert_relative_eq!(f(v), f(&w[theirs]), max_relative = 1e-9);
            }
            let bins = got["calibration"].as_array().unwrap();
            let want_bins = w["calibration"].as_array().unwrap();
            assert_eq!(bins.len(), want_bins.len(), "{attr}: bins");
            for (b, wb) in bins.iter().zip(want_bins) {
                assert_relative_eq!(f(&b["low"]) * 10.0, f(&wb["bin"]), epsilon = 1e-12);
                assert_eq!(b["n"], wb["n"]);
                assert_eq!(b["positives"], wb["positives"]);
                assert_relative_eq!(
                    f(&b["mean_score"]),
                    f(&wb["mean_score"]),
                    max_relative = 1e-9
                );
                assert_relative_eq!(
                    f(&b["observed"]["value"]),
                    f(&wb["observed_rate"]),
                    max_relative = 1e-9
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 2 + 5 + 10 + 3, "groups compared");
}

#[test]
fn auc_difference_uses_both_delong_variances() {
    let record = adult_record();
    let want = expected("adult_score_expected.json");
    let w = &want["attributes"]["sex"]["groups"];
    // Reference: the largest group (Male).
    let diff = &value_metric(group(&record, "sex", "Female"), "score_metrics", "auc")["comparison"]
        ["difference"];
    let d = f(&w["Female"]["auc"]) - f(&w["Male"]["auc"]);
    let se = f(&w["Female"]["auc_se"]).hypot(f(&w["Male"]["auc_se"]));
    let z = 1.959_963_984_540_054;
    assert_relative_eq!(f(&diff["value"]), d, max_relative = 1e-9);
    assert_relative_eq!(f(&diff["ci_low"]), d - z * se, max_relative = 1e-9);
    assert_relative_eq!(f(&diff["ci_high"]), d + z * se, max_relative = 1e-9);
    // The bootstrap interval of the same difference agrees with the closed form to about a tenth of
    // its width (both estimate the same sampling distribution).
    let width = 2.0 * z * se;
    assert!((f(&diff["boot_low"]) - (d - z * se)).abs() < 0.1 * width);
    assert!((f(&diff["boot_high"]) - (d + z * se)).abs() < 0.1 * width);
}

#[test]
fn intersectional_rates_match_fairlearn_on_adult() {
    let record = adult_record();
    let want = expected("adult_score_expected.json");
    let keys = [
        "tpr",
        "fpr",
        "fnr",
        "tnr",
        "ppv",
        "npv",
        "selection_rate",
        "prevalence",
        "accuracy",
    ];
    let attr = attribute(&record, "sex × race");
    assert_eq!(attr["columns"], serde_json::json!(["sex", "race"]));
    let mut checked = 0;
    for (name, w) in want["attributes"]["sex × race"]["groups"]
        .as_object()
        .unwrap()
    {
        let got = group(&record, "sex × race", name);
        for key in ["n", "tp", "fp", "tn", "fn"] {
            assert_eq!(got[key], w[key], "{name} {key}");
        }
        for key in keys {
            let v = &metric(got, key)["estimate"]["value"];
            assert_relative_eq!(f(v), f(&w[key]), epsilon = 1e-9);
            checked += 1;
        }
        assert_relative_eq!(f(&got["ppr"]["value"]), f(&w["ppr"]), epsilon = 1e-9);
    }
    assert_eq!(checked, 10 * keys.len());
}

#[test]
fn count_metrics_match_sklearn_on_the_hotspot_example() {
    let register = copy_register();
    let out = algoreg()
        .current_dir(register.path())
        .args(["audit", "models/hotspot-tilburg", "--json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let record = json(&out);
    let want = expected("hotspot_count_expected.json");
    let mut checked = 0;
    for attr in ["neighbourhood", "income_band"] {
        for (got, w) in groups(&record, &want, attr) {
            for (ours, theirs) in [
                ("mean_predicted", "mean_predicted"),
                ("mean_observed", "mean_observed"),
                ("prediction_ratio", "ratio"),
                ("mae", "mae"),
                ("poisson_deviance", "poisson_deviance"),
            ] {
                let m = value_metric(got, "count_metrics", ours);
                assert_eq!(m["rows"], w["n"]);
                assert_relative_eq!(
                    f(&m["estimate"]["value"]),
                    f(&w[theirs]),
                    max_relative = 1e-12
                );
                checked += 1;
            }
            // Normal interval of a mean: ± z·s/√n with the peer's standard error.
            let z = 1.959_963_984_540_054;
            let m = &value_metric(got, "count_metrics", "mean_observed")["estimate"];
            assert_relative_eq!(
                f(&m["ci_high"]) - f(&m["ci_low"]),
                2.0 * z * f(&w["mean_observed_se"]),
                max_relative = 1e-9
            );
        }
    }
    assert_eq!(checked, 5 * (8 + 3 + 2));
}
