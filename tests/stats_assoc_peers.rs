//! The association statistics (`stats::assoc`) against scipy / statsmodels / scikit-learn / numpy:
//! known answers in tests/data/assoc_expected.json, made by scripts/peers/assoc_fixtures.py from seeded
//! data (its docstring names the peer function behind each value).
//!
//! Statistics and p-values must agree to 1e-9 relative. The absolute epsilon is set to 1e-300
//! explicitly: approx's default (f64::EPSILON) would let every p-value below 2e-16 pass unchecked.
//! The one looser absolute epsilon (scikit-learn's mutual information) says why where it is used.
//! Run with `-- --nocapture` to see the relative error of every comparison; each line starts with the
//! function checked, so the largest error per function is one `sort` away.

use algoreg::stats::{
    self,
    assoc::{
        Correlation, contingency, correlation_p, detrend, effective_sample_size, first_differences,
        fisher_interval, heterogeneity, lag1_autocorrelation, mann_whitney, pearson,
        pearson_within, ranks, spearman,
    },
};
use approx::relative_eq;
use serde_json::Value;

fn expected() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/assoc_expected.json"
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

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

/// Stored inputs: integers `k` with `x = k / scale` (bit-identical to numpy's `k / scale`), in order.
fn sample(v: &Value, scale: f64) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_i64().unwrap() as f64 / scale)
        .collect()
}

fn scale(e: &Value) -> f64 {
    f(&e["scale"])
}

fn z95(e: &Value) -> f64 {
    let z = stats::z_for_level(0.95);
    close("z_for_level(0.95)", z, f(&e["z95"]));
    z
}

fn rel_error(got: f64, want: f64) -> f64 {
    if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    }
}

/// `got` agrees with `want` to 1e-9 relative (absolute 1e-300 for values that small).
fn close(what: &str, got: f64, want: f64) {
    let rel = rel_error(got, want);
    eprintln!("{what}: got {got:e}, want {want:e}, relative error {rel:.1e}");
    assert!(
        relative_eq!(got, want, epsilon = 1e-300, max_relative = 1e-9),
        "{what}: got {got:e}, want {want:e}, relative error {rel:.1e}"
    );
}

/// A stored interval (`null` when the peer has none) against ours.
fn close_interval(what: &str, got: Option<(f64, f64)>, want: &Value) {
    match (got, want.as_array()) {
        (None, None) => eprintln!("{what}: none, as expected"),
        (Some((lo, hi)), Some(w)) => {
            close(&format!("{what} low"), lo, f(&w[0]));
            close(&format!("{what} high"), hi, f(&w[1]));
        }
        (got, _) => panic!("{what}: got {got:?}, want {want}"),
    }
}

/// The x and y of a correlation case after its transform, done with algoreg's own functions.
fn transformed(c: &Value, scale: f64) -> (Vec<f64>, Vec<f64>) {
    let (x, y) = (sample(&c["x"], scale), sample(&c["y"], scale));
    match c["transform"].as_str().unwrap() {
        "none" => (x, y),
        "first_differences" => (first_differences(&x), first_differences(&y)),
        "detrend" => {
            let t = sample(&c["t"], scale);
            (detrend(&t, &x).unwrap(), detrend(&t, &y).unwrap())
        }
        other => panic!("unknown transform {other}"),
    }
}

fn check_correlation(what: &str, c: &Correlation, n: usize, r: f64, p: f64) {
    assert_eq!(c.n, n, "{what} n");
    assert_eq!(c.df, (n - 2) as f64, "{what} df");
    close(&format!("{what} r"), c.r, r);
    close(&format!("{what} p"), c.p_value, p);
}

#[test]
fn pearson_matches_scipy_pearsonr() {
    let e = expected();
    let z = z95(&e);
    for c in cases(&e, "correlation") {
        let (x, y) = transformed(c, scale(&e));
        let n = u(&c["n"]) as usize;
        assert_eq!(x.len(), n, "{}", name(c));
        let got = pearson(&x, &y, z).unwrap();
        let what = format!("pearson {}", name(c));
        check_correlation(&what, &got, n, f(&c["pearson_r"]), f(&c["pearson_p"]));
        close_interval(&format!("{what} ci"), got.ci, &c["pearson_ci"]);
    }
}

/// `fisher_interval` on its own, with pearsonr's `se = 1/√(n − 3)`: scipy's confidence_interval.
#[test]
fn fisher_interval_matches_pearsonr_confidence_interval() {
    let e = expected();
    let z = z95(&e);
    let mut checked = 0;
    for c in cases(&e, "correlation") {
        let n = u(&c["n"]) as usize;
        if n <= 3 {
            continue;
        }
        let (x, y) = transformed(c, scale(&e));
        let r = pearson(&x, &y, z).unwrap().r;
        let got = fisher_interval(r, 1.0 / ((n - 3) as f64).sqrt(), z);
        close_interval(
            &format!("fisher_interval {}", name(c)),
            got,
            &c["pearson_ci"],
        );
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn spearman_matches_scipy_spearmanr() {
    let e = expected();
    let z = z95(&e);
    for c in cases(&e, "correlation") {
        let (x, y) = transformed(c, scale(&e));
        let n = u(&c["n"]) as usize;
        let got = spearman(&x, &y, z).unwrap();
        let what = format!("spearman {}", name(c));
        check_correlation(&what, &got, n, f(&c["spearman_rho"]), f(&c["spearman_p"]));
        // Bonett–Wright interval: by hand in numpy (scipy has none)
        close_interval(&format!("{what} ci"), got.ci, &c["spearman_ci"]);
    }
}

#[test]
fn ranks_match_scipy_rankdata() {
    let e = expected();
    for c in cases(&e, "ranks") {
        let got = ranks(&sample(&c["x"], scale(&e)));
        let want = f64s(&c["ranks"]);
        assert_eq!(got.len(), want.len(), "{}", name(c));
        for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
            close(&format!("ranks {} [{i}]", name(c)), g, w);
        }
    }
}

#[test]
fn pearson_within_matches_statsmodels_ols() {
    let e = expected();
    let z = z95(&e);
    for c in cases(&e, "within") {
        let (x, y) = (sample(&c["x"], scale(&e)), sample(&c["y"], scale(&e)));
        let stratum: Vec<usize> = c["stratum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| u(s) as usize)
            .collect();
        let got = pearson_within(&x, &y, &stratum, z).unwrap();
        let what = format!("pearson_within {}", name(c));
        assert_eq!(got.n, x.len(), "{what} n");
        // residual df of `y ~ x + C(stratum)`: an exact small integer
        assert_eq!(got.df, f(&c["df"]), "{what} df");
        close(&format!("{what} r (numpy, demeaned)"), got.r, f(&c["r"]));
        close(
            &format!("{what} r (t/sqrt(t²+df) of OLS)"),
            got.r,
            f(&c["r_from_ols"]),
        );
        close(
            &format!("{what} p (OLS t-test of x)"),
            got.p_value,
            f(&c["p"]),
        );
        close_interval(&format!("{what} ci"), got.ci, &c["ci"]);
    }
}

#[test]
fn mann_whitney_matches_scipy_sklearn_and_pairwise_delong() {
    let e = expected();
    for c in cases(&e, "mann_whitney") {
        let values = sample(&c["values"], scale(&e));
        let case: Vec<bool> = c["case"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| u(v) == 1)
            .collect();
        let got = mann_whitney(&values, &case).unwrap();
        let what = format!("mann_whitney {}", name(c));
        assert_eq!(got.cases as u64, u(&c["cases"]), "{what} cases");
        assert_eq!(got.non_cases as u64, u(&c["non_cases"]), "{what} non-cases");
        close(&format!("{what} U"), got.u, f(&c["u"]));
        close(&format!("{what} p"), got.p_value, f(&c["p"]));
        close(&format!("{what} AUC"), got.auc, f(&c["auc"]));
        close(
            &format!("{what} AUC (roc_auc_score)"),
            got.auc,
            f(&c["auc_sklearn"]),
        );
        match (got.se, c["delong_se"].as_f64()) {
            (Some(g), Some(w)) => close(&format!("{what} DeLong se (pairwise)"), g, w),
            (None, None) => eprintln!("{what} DeLong se: none, as expected"),
            (g, w) => panic!("{what} DeLong se: got {g:?}, want {w:?}"),
        }
    }
}

#[test]
fn contingency_matches_scipy_and_sklearn() {
    let e = expected();
    for c in cases(&e, "contingency") {
        let table: Vec<Vec<u64>> = c["table"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().iter().map(u).collect())
            .collect();
        let got = contingency(&table).unwrap();
        let what = format!("contingency {}", name(c));
        assert_eq!(got.n, u(&c["n"]), "{what} n");
        assert_eq!(got.chi_square.df, u(&c["df"]), "{what} df");
        assert_eq!(got.g_test.df, u(&c["df"]), "{what} G df");
        close(
            &format!("{what} X2"),
            got.chi_square.statistic,
            f(&c["chi2"]),
        );
        close(
            &format!("{what} X2 p"),
            got.chi_square.p_value,
            f(&c["chi2_p"]),
        );
        close(&format!("{what} V"), got.cramers_v, f(&c["cramers_v"]));
        close(&format!("{what} G"), got.g_test.statistic, f(&c["g"]));
        close(&format!("{what} G p"), got.g_test.p_value, f(&c["g_p"]));
        // MI against scipy's G/(2n): relative, exact zero included.
        let n = got.n as f64;
        close(
            &format!("{what} MI (scipy G/2n)"),
            got.mutual_information,
            f(&c["g"]) / (2.0 * n),
        );
        // MI against scikit-learn: mutual_info_score sums p_ij·(ln n_ij − ln n − ln p_i − ln p_j), a
        // difference of O(ln n) terms, so its own rounding is ~1e-16·ln n absolute even when the MI is 0
        // (it returns 2.8e-16 for the exactly independent table). Hence an absolute epsilon of 1e-14; the
        // smallest non-zero MI in the fixture is ~1e-4, where it still means 1e-10 relative.
        let (g, w) = (got.mutual_information, f(&c["mutual_information"]));
        let rel = rel_error(g, w);
        eprintln!(
            "{what} MI (mutual_info_score): got {g:e}, want {w:e}, relative error {rel:.1e}, absolute {:.1e}",
            (g - w).abs()
        );
        assert!(
            relative_eq!(g, w, epsilon = 1e-14, max_relative = 1e-9),
            "{what} MI (mutual_info_score): got {g:e}, want {w:e}"
        );
    }
}

#[test]
fn lag1_autocorrelation_matches_statsmodels_acf() {
    let e = expected();
    for c in cases(&e, "autocorrelation") {
        let x = sample(&c["x"], scale(&e));
        close(
            &format!("lag1_autocorrelation {}", name(c)),
            lag1_autocorrelation(&x).unwrap(),
            f(&c["r1"]),
        );
    }
}

#[test]
fn effective_sample_size_matches_formula() {
    let e = expected();
    let auto = cases(&e, "autocorrelation");
    let series = |key: &Value| {
        let c = auto
            .iter()
            .find(|a| a["name"] == *key)
            .unwrap_or_else(|| panic!("no series {key}"));
        lag1_autocorrelation(&sample(&c["x"], scale(&e))).unwrap()
    };
    for c in cases(&e, "effective_sample_size") {
        let (r1x, r1y) = if c.get("series_x").is_some() {
            (series(&c["series_x"]), series(&c["series_y"]))
        } else {
            (
                f(&c["r1x_milli"]) / scale(&e),
                f(&c["r1y_milli"]) / scale(&e),
            )
        };
        close(
            &format!("effective_sample_size {}", name(c)),
            effective_sample_size(u(&c["n"]) as usize, r1x, r1y),
            f(&c["n_eff"]),
        );
    }
}

#[test]
fn first_differences_match_numpy_diff() {
    let e = expected();
    for c in cases(&e, "first_differences") {
        let got = first_differences(&sample(&c["x"], scale(&e)));
        let want = f64s(&c["diff"]);
        assert_eq!(got.len(), want.len(), "{}", name(c));
        for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
            close(&format!("first_differences {} [{i}]", name(c)), g, w);
        }
    }
}

#[test]
fn detrend_matches_scipy_linregress_residuals() {
    let e = expected();
    for c in cases(&e, "detrend") {
        let t = sample(&c["t"], scale(&e));
        let got = detrend(&t, &sample(&c["x"], scale(&e))).unwrap();
        let want = f64s(&c["residuals"]);
        assert_eq!(got.len(), want.len(), "{}", name(c));
        for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
            close(&format!("detrend {} [{i}]", name(c)), g, w);
        }
    }
}

#[test]
fn correlation_p_matches_scipy_t_sf() {
    let e = expected();
    let r_scale = f(&e["r_scale"]);
    for c in cases(&e, "correlation_p") {
        let r = f(&c["r_micro"]) / r_scale;
        let df = f(&c["df_milli"]) / scale(&e);
        close(
            &format!("correlation_p r={r} df={df}"),
            correlation_p(r, df).unwrap(),
            f(&c["p"]),
        );
    }
}

#[test]
fn heterogeneity_matches_statsmodels_combine_effects() {
    let e = expected();
    for c in cases(&e, "heterogeneity") {
        let strata: Vec<(f64, usize)> = c["r_milli"]
            .as_array()
            .unwrap()
            .iter()
            .zip(c["n"].as_array().unwrap())
            .map(|(r, n)| (f(r) / scale(&e), u(n) as usize))
            .collect();
        let got = heterogeneity(&strata).unwrap();
        let what = format!("heterogeneity {}", name(c));
        assert_eq!(got.strata as u64, u(&c["strata_used"]), "{what} strata");
        assert_eq!(got.df, u(&c["df"]), "{what} df");
        close(&format!("{what} pooled r"), got.pooled_r, f(&c["pooled_r"]));
        close(&format!("{what} Q"), got.q, f(&c["q"]));
        close(&format!("{what} p"), got.p_value, f(&c["p"]));
        close(&format!("{what} I2"), got.i_squared, f(&c["i_squared"]));
    }
}
