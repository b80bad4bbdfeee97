//! The statistics core against statsmodels / scipy (values in tests/data/stats_expected.json,
//! made by scripts/peers/stats_fixtures.py).

use algoreg::stats::{self, Correction};
use approx::assert_relative_eq;

fn expected() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/stats_expected.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn u(v: &serde_json::Value) -> u64 {
    v.as_u64().unwrap()
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap()
}

#[test]
fn normal_quantile() {
    assert_relative_eq!(
        stats::z_for_level(0.95),
        f(&expected()["normal_quantile_975"]),
        epsilon = 1e-12
    );
}

#[test]
fn wilson_matches_statsmodels() {
    let z = stats::z_for_level(0.95);
    for case in expected()["wilson"].as_array().unwrap() {
        let (lo, hi) = stats::wilson_interval(u(&case["k"]), u(&case["n"]), z).unwrap();
        assert_relative_eq!(lo, f(&case["low"]), epsilon = 1e-9);
        assert_relative_eq!(hi, f(&case["high"]), epsilon = 1e-9);
    }
}

#[test]
fn z_test_matches_statsmodels() {
    for c in expected()["ztest"].as_array().unwrap() {
        let (z, p) =
            stats::two_proportion_z_test(u(&c["k1"]), u(&c["n1"]), u(&c["k2"]), u(&c["n2"]))
                .unwrap();
        assert_relative_eq!(z, f(&c["z"]), epsilon = 1e-9);
        assert_relative_eq!(p, f(&c["p"]), epsilon = 1e-9);
    }
}

#[test]
fn fisher_matches_scipy() {
    for c in expected()["fisher"].as_array().unwrap() {
        let p = stats::fisher_exact(u(&c["a"]), u(&c["b"]), u(&c["c"]), u(&c["d"]));
        assert_relative_eq!(p, f(&c["p"]), epsilon = 1e-9);
    }
}

#[test]
fn katz_ratio_interval_matches_scipy() {
    let z = stats::z_for_level(0.95);
    for c in expected()["relative_risk"].as_array().unwrap() {
        let (rr, lo, hi) =
            stats::ratio_interval(u(&c["a"]), u(&c["n1"]), u(&c["c"]), u(&c["n2"]), z).unwrap();
        assert_relative_eq!(rr, f(&c["rr"]), epsilon = 1e-9);
        assert_relative_eq!(lo, f(&c["low"]), epsilon = 1e-9);
        assert_relative_eq!(hi, f(&c["high"]), epsilon = 1e-9);
    }
}

/// Koopman's score interval against statsmodels, and (where statsmodels' root search fails: degenerate
/// and very large groups) against the same statistic solved at 60 digits with mpmath.
#[test]
fn koopman_ratio_interval_matches_statsmodels_and_mpmath() {
    let z = stats::z_for_level(0.95);
    let e = expected();
    let cases: Vec<&serde_json::Value> = ["koopman", "koopman_extreme"]
        .iter()
        .flat_map(|key| e[key].as_array().unwrap())
        .collect();
    assert!(
        cases.iter().any(|c| u(&c["a"]) == 0),
        "a group without events"
    );
    for c in cases {
        let (a, n1, k, n2) = (u(&c["a"]), u(&c["n1"]), u(&c["c"]), u(&c["n2"]));
        let (lo, hi) = stats::ratio_score_interval(a, n1, k, n2, z).unwrap();
        // statsmodels finds the bounds with brentq (absolute tolerance 2e-12).
        assert_relative_eq!(lo, f(&c["low"]), epsilon = 1e-9, max_relative = 1e-9);
        assert_relative_eq!(hi, f(&c["high"]), epsilon = 1e-9, max_relative = 1e-9);
        if a == 0 {
            assert_eq!(lo, 0.0, "{a}/{n1} vs {k}/{n2}");
        }
    }
}

#[test]
fn corrections_match_statsmodels() {
    let e = expected();
    for (key, correction) in [
        ("bh", Correction::BenjaminiHochberg),
        ("holm", Correction::Holm),
    ] {
        for c in e[key].as_array().unwrap() {
            let p: Vec<f64> = c["p"].as_array().unwrap().iter().map(f).collect();
            let got = stats::adjust_p_values(&p, correction);
            for (g, want) in got.iter().zip(c["adjusted"].as_array().unwrap()) {
                assert_relative_eq!(*g, f(want), epsilon = 1e-9);
            }
        }
    }
}
