//! The sampling-audit statistics (`stats::compare`) against scipy / numpy / statsmodels: known answers
//! in tests/data/sampling_expected.json, made by scripts/peers/sampling_fixtures.py from seeded data
//! (its docstring names the peer function behind each value).
//!
//! Statistics and p-values must agree to 1e-9 relative. The absolute epsilon is set to 1e-300
//! explicitly: approx's default (f64::EPSILON) would let every p-value below 2e-16 pass unchecked.
//! Run with `-- --nocapture` to see the relative error of every comparison.

use algoreg::stats::{
    self,
    compare::{
        ReportingCounts, bin_counts, chi_square_gof, chi_square_independence, g_test_gof,
        kolmogorov_sf, ks_two_sample, psi, quantile_edges, reporting_rate_ratio,
        reporting_rate_ratio_score, share_score_test, total_variation,
    },
};
use approx::relative_eq;
use serde_json::Value;

fn expected() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sampling_expected.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn cases<'a>(e: &'a Value, key: &str) -> &'a [Value] {
    let cases = e[key].as_array().unwrap();
    assert!(!cases.is_empty(), "no {key} cases in the fixture");
    cases
}

fn name(case: &Value) -> &str {
    case["name"].as_str().unwrap()
}

fn u64s(v: &Value) -> Vec<u64> {
    v.as_array().unwrap().iter().map(u).collect()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

/// A stored sample: integers `k` with `x = k / scale` (bit-identical to numpy's `k / scale`), sorted.
fn sample(v: &Value, scale: f64) -> Vec<f64> {
    let mut x: Vec<f64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_i64().unwrap() as f64 / scale)
        .collect();
    x.sort_by(f64::total_cmp);
    x
}

/// `got` agrees with `want` to 1e-9 relative (absolute 1e-300 for values that small).
fn close(what: &str, got: f64, want: f64) {
    let rel = if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    };
    eprintln!("{what}: got {got:e}, want {want:e}, relative error {rel:.1e}");
    assert!(
        relative_eq!(got, want, epsilon = 1e-300, max_relative = 1e-9),
        "{what}: got {got:e}, want {want:e}, relative error {rel:.1e}"
    );
}

#[test]
fn normal_quantile_matches_scipy() {
    for c in cases(&expected(), "normal_quantile") {
        let level = f(&c["level"]);
        close(
            &format!("z_for_level({level})"),
            stats::z_for_level(level),
            f(&c["z"]),
        );
    }
}

#[test]
fn chi_square_and_g_goodness_of_fit_match_scipy() {
    for c in cases(&expected(), "gof") {
        let observed = u64s(&c["observed"]);
        let population: Vec<f64> = u64s(&c["population"]).iter().map(|&n| n as f64).collect();
        let chi = chi_square_gof(&observed, &population).unwrap();
        let g = g_test_gof(&observed, &population).unwrap();
        assert_eq!(chi.df, u(&c["df"]), "{}", name(c));
        assert_eq!(g.df, u(&c["df"]), "{}", name(c));
        close(&format!("chi2 {}", name(c)), chi.statistic, f(&c["chi2"]));
        close(&format!("chi2 p {}", name(c)), chi.p_value, f(&c["chi2_p"]));
        close(&format!("G {}", name(c)), g.statistic, f(&c["g"]));
        close(&format!("G p {}", name(c)), g.p_value, f(&c["g_p"]));
    }
}

#[test]
fn chi_square_independence_matches_scipy() {
    for c in cases(&expected(), "independence") {
        let table: Vec<Vec<u64>> = c["table"].as_array().unwrap().iter().map(u64s).collect();
        let t = chi_square_independence(&table).unwrap();
        assert_eq!(t.df, u(&c["df"]), "{}", name(c));
        close(&format!("X2 {}", name(c)), t.statistic, f(&c["chi2"]));
        close(&format!("X2 p {}", name(c)), t.p_value, f(&c["p"]));
    }
}

#[test]
fn total_variation_matches_numpy() {
    for c in cases(&expected(), "tvd") {
        let tvd = total_variation(&f64s(&c["a"]), &f64s(&c["b"])).unwrap();
        close(&format!("TVD {}", name(c)), tvd, f(&c["tvd"]));
    }
}

#[test]
fn share_score_test_matches_scipy_chisquare() {
    for c in cases(&expected(), "share") {
        let (z, p) = share_score_test(u(&c["k"]), u(&c["n"]), f(&c["q"])).unwrap();
        close(&format!("share z {}", name(c)), z, f(&c["z"]));
        close(&format!("share p {}", name(c)), p, f(&c["p"]));
    }
}

#[test]
fn ks_two_sample_matches_scipy() {
    let e = expected();
    let scale = f(&e["scale"]);
    for c in cases(&e, "ks") {
        let (a, b) = (sample(&c["a"], scale), sample(&c["b"], scale));
        let t = ks_two_sample(&a, &b).unwrap();
        close(&format!("KS D {}", name(c)), t.statistic, f(&c["d"]));
        // the Smirnov limit (kstwobign), not ks_2samp's finite-n refined p-value
        close(&format!("KS p {}", name(c)), t.p_value, f(&c["p_limit"]));
    }
}

#[test]
fn kolmogorov_sf_matches_kstwobign() {
    for c in cases(&expected(), "kolmogorov_sf") {
        let z = f(&c["z"]);
        close(&format!("Q_KS({z})"), kolmogorov_sf(z), f(&c["sf"]));
    }
}

#[test]
fn quantile_edges_bin_counts_and_psi_match_numpy() {
    let e = expected();
    let scale = f(&e["scale"]);
    for c in cases(&e, "psi") {
        let (reference, current) = (sample(&c["reference"], scale), sample(&c["current"], scale));
        let edges = quantile_edges(&reference, u(&c["bins"]) as usize);
        let want_edges = f64s(&c["edges"]);
        assert_eq!(edges.len(), want_edges.len(), "edges {}", name(c));
        for (i, (&got, &want)) in edges.iter().zip(&want_edges).enumerate() {
            close(&format!("edge {i} {}", name(c)), got, want);
        }
        let ref_counts = bin_counts(&reference, &edges);
        let cur_counts = bin_counts(&current, &edges);
        assert_eq!(
            ref_counts,
            u64s(&c["reference_counts"]),
            "reference counts {}",
            name(c)
        );
        assert_eq!(
            cur_counts,
            u64s(&c["current_counts"]),
            "current counts {}",
            name(c)
        );
        close(
            &format!("PSI {}", name(c)),
            psi(&ref_counts, &cur_counts).unwrap(),
            f(&c["psi"]),
        );
    }
}

#[test]
fn reporting_rate_ratio_matches_numpy_and_statsmodels() {
    let e = expected();
    let z = f(&e["rate_ratio_z"]);
    for c in cases(&e, "rate_ratio") {
        let side = |s: &str| ReportingCounts {
            recorded: f(&c[format!("recorded_{s}")]),
            expected: f(&c[format!("expected_{s}")]),
            relative_se: f(&c[format!("relative_se_{s}")]),
        };
        let rr = reporting_rate_ratio(side("g"), side("r"), z).unwrap();
        let n = name(c);
        close(&format!("RR {n}"), rr.ratio, f(&c["ratio"]));
        close(&format!("RR se {n}"), rr.se_log, f(&c["se_log"]));
        close(&format!("RR low {n}"), rr.low, f(&c["low"]));
        close(&format!("RR high {n}"), rr.high, f(&c["high"]));
        close(&format!("RR p {n}"), rr.p_value, f(&c["p"]));
        // without survey error the interval and test are statsmodels' 'wald-log' for two Poisson rates
        if c.get("statsmodels_p").is_some() {
            close(
                &format!("RR p statsmodels {n}"),
                rr.p_value,
                f(&c["statsmodels_p"]),
            );
            close(
                &format!("RR low statsmodels {n}"),
                rr.low,
                f(&c["statsmodels_low"]),
            );
            close(
                &format!("RR high statsmodels {n}"),
                rr.high,
                f(&c["statsmodels_high"]),
            );
        }
    }
}

/// The score interval and test of a reporting-rate ratio (used where a group recorded no events)
/// against the documented statistic solved at 50 digits (mpmath), whose bounds statsmodels' own score
/// statistic puts at ∓z where there is no survey error (see scripts/peers/sampling_fixtures.py); and
/// the group's rate bound at 0 events against statsmodels' Poisson score interval.
#[test]
fn reporting_rate_ratio_score_matches_mpmath_and_statsmodels() {
    let e = expected();
    let z = f(&e["rate_ratio_z"]);
    let all = cases(&e, "rate_ratio_score");
    assert!(
        all.iter()
            .any(|c| f(&c["recorded_g"]) == 0.0 && f(&c["relative_se_g"]) > 0.0)
    );
    for c in all {
        let side = |s: &str| ReportingCounts {
            recorded: f(&c[format!("recorded_{s}")]),
            expected: f(&c[format!("expected_{s}")]),
            relative_se: f(&c[format!("relative_se_{s}")]),
        };
        let n = name(c);
        let (low, high, p) = reporting_rate_ratio_score(side("g"), side("r"), z).unwrap();
        close(&format!("score low {n}"), low, f(&c["low"]));
        close(&format!("score high {n}"), high, f(&c["high"]));
        close(&format!("score p {n}"), p, f(&c["p"]));
        if c.get("statsmodels_p").is_some() {
            close(
                &format!("score p statsmodels {n}"),
                p,
                f(&c["statsmodels_p"]),
            );
        }
        if side("g").recorded == 0.0 {
            assert_eq!(low, 0.0);
            // No log interval exists here: this is why the score one is used.
            assert!(reporting_rate_ratio(side("g"), side("r"), z).is_none());
            let rate_high = side("g").upper_without_events(z).unwrap();
            close(&format!("rate high {n}"), rate_high, f(&c["rate_high"]));
        }
    }
}
