//! The training code (`train::logistic`, `train::poisson`, `train::quality`) against scikit-learn /
//! statsmodels / numpy: known answers in tests/data/train_expected.json, made by
//! scripts/peers/train_fixtures.py from seeded numpy data (its docstring, and the `source` beside each
//! value, name the peer behind it).
//!
//! * `logistic::fit` with `l2 = α` against `sklearn.linear_model.LogisticRegression(C = 1/α, L2,
//!   lbfgs, tol 1e-12)` for α = 1 and 0.1, and against `statsmodels Logit` (unpenalised) for α = 0:
//!   intercept and coefficients to 1e-4 absolute. One fixture has 1 as the more frequent label, the other
//!   as the rarer (~15%) one, where linfa's fit is turned round by the wrapper.
//! * `poisson::fit` against `statsmodels GLM(family=Poisson())` for `l2 = 0` (1e-6 absolute) and
//!   `sklearn PoissonRegressor(alpha = a)` for `l2 = n·a` (1e-5 absolute); the objective at the fit
//!   against numpy's at the peer's coefficients (1e-9 relative).
//! * `quality::classifier` against `roc_auc_score`, `brier_score_loss`, `log_loss`, and
//!   `quality::counts` against `mean_poisson_deviance`, `d2_tweedie_score` (base = held-out mean),
//!   `mean_absolute_error`: values, baselines (the constant `base` scored by the same peer or by numpy)
//!   and intervals (numpy: mean ± z·s/√n; DeLong's standard error on the logit scale for the AUC), all
//!   to 1e-9 relative.
//!
//! scikit-learn 1.9 clips log-loss probabilities at float64 epsilon, algoreg at 1e-15; the fixture's
//! case with probabilities exactly 0 and 1 therefore holds the peer's log loss of the probabilities
//! clipped to `[1e-15, 1 − 1e-15]` (the unclipped value is stored beside it and not checked).
//!
//! Run with `-- --nocapture` to see the difference of every comparison.

use algoreg::record::trained::{Quality, QualityMetric};
use algoreg::train::{logistic, poisson, quality};
use approx::{abs_diff_eq, relative_eq};
use ndarray::{Array1, Array2};
use serde_json::Value;

fn expected() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/train_expected.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

fn cases<'a>(e: &'a Value, key: &str) -> &'a [Value] {
    let cases = e[key].as_array().unwrap();
    assert!(!cases.is_empty(), "no {key} cases in the fixture");
    cases
}

fn name(case: &Value) -> &str {
    case["name"].as_str().unwrap()
}

/// Stored integers `k` as `k / scale` (bit-identical to numpy's `k / scale`).
fn scaled(v: &Value, scale: f64) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_i64().unwrap() as f64 / scale)
        .collect()
}

/// The design matrix: rows of integers in `1/scale`.
fn matrix(v: &Value, scale: f64) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| scaled(r, scale))
        .collect();
    let p = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == p), "ragged design");
    Array2::from_shape_vec((rows.len(), p), rows.concat()).unwrap()
}

fn labels(v: &Value) -> Vec<bool> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| match k.as_i64().unwrap() {
            0 => false,
            1 => true,
            other => panic!("label {other}"),
        })
        .collect()
}

fn counts(v: &Value) -> Vec<f64> {
    scaled(v, 1.0)
}

/// `got` agrees with `want` to `epsilon` absolute.
fn close_abs(what: &str, got: f64, want: f64, epsilon: f64) {
    let diff = (got - want).abs();
    eprintln!("{what}: got {got:.12}, want {want:.12}, absolute difference {diff:.1e}");
    assert!(
        abs_diff_eq!(got, want, epsilon = epsilon),
        "{what}: got {got}, want {want}, absolute difference {diff:.1e} > {epsilon:e}"
    );
}

/// `got` agrees with `want` to 1e-9 relative (the absolute epsilon 1e-300 only matters at 0).
fn close_rel(what: &str, got: f64, want: f64) {
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

fn close_fit(what: &str, intercept: f64, coefficients: &[f64], fit: &Value, epsilon: f64) {
    let want = f64s(&fit["coefficients"]);
    assert_eq!(coefficients.len(), want.len(), "{what}: coefficient count");
    close_abs(
        &format!("{what} intercept"),
        intercept,
        f(&fit["intercept"]),
        epsilon,
    );
    for (j, (got, want)) in coefficients.iter().zip(&want).enumerate() {
        close_abs(&format!("{what} coefficient {j}"), *got, *want, epsilon);
    }
}

#[test]
fn logistic_agrees_with_sklearn_and_statsmodels() {
    let e = expected();
    let scale = f(&e["scale"]);
    let mut seen = (0, 0);
    for case in cases(&e, "logistic") {
        let x = matrix(&case["x"], scale);
        let y = Array1::from(labels(&case["y"]));
        let positives = y.iter().filter(|v| **v).count();
        assert_eq!(positives as u64, case["positives"].as_u64().unwrap());
        // Both sides of linfa's "positive = more frequent label" must be covered.
        if 2 * positives < y.len() {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        let fits = case["fits"].as_array().unwrap();
        assert_eq!(fits.len(), 3, "{}: α = 1, 0.1 and 0", name(case));
        for fit in fits {
            let l2 = f(&fit["l2"]);
            let what = format!("logistic {} l2={l2}", name(case));
            let got = logistic::fit(x.view(), y.view(), l2, 10_000, 1e-10)
                .unwrap_or_else(|err| panic!("{what}: {err}"));
            close_fit(&what, got.intercept, &got.coefficients, fit, 1e-4);
        }
    }
    assert!(
        seen.0 > 0 && seen.1 > 0,
        "fixtures with 1 the rarer and the more frequent label: {seen:?}"
    );
}

#[test]
fn poisson_agrees_with_statsmodels_and_sklearn() {
    let e = expected();
    let scale = f(&e["scale"]);
    for case in cases(&e, "poisson") {
        let x = matrix(&case["x"], scale);
        let y = Array1::from(counts(&case["y"]));
        let n = y.len();
        assert_eq!(n as u64, case["rows"].as_u64().unwrap());
        let fits = case["fits"].as_array().unwrap();
        assert!(fits.iter().any(|fit| f(&fit["l2"]) == 0.0), "no MLE case");
        assert!(
            fits.iter().any(|fit| f(&fit["l2"]) > 0.0),
            "no penalised case"
        );
        for fit in fits {
            let l2 = f(&fit["l2"]);
            let what = format!("poisson {} l2={l2}", name(case));
            // statsmodels' MLE to 1e-6; scikit-learn's penalised fit (l2 = n·alpha) to 1e-5.
            let epsilon = if l2 == 0.0 {
                1e-6
            } else {
                close_rel(
                    &format!("{what} l2 = n·alpha"),
                    l2,
                    n as f64 * f(&fit["sklearn_alpha"]),
                );
                1e-5
            };
            let mut calls = 0u64;
            let got = poisson::fit(x.view(), y.view(), l2, 100, 1e-10, || calls += 1)
                .unwrap_or_else(|err| panic!("{what}: {err}"));
            eprintln!("{what}: {} Newton steps", got.iterations);
            assert_eq!(calls, got.iterations, "{what}: one progress call per step");
            assert!(got.iterations < 100, "{what}: stopped at the limit");
            close_fit(&what, got.intercept, &got.coefficients, fit, epsilon);
            close_rel(
                &format!("{what} objective"),
                got.objective,
                f(&fit["objective"]),
            );
        }
    }
}

/// A metric's value, baseline and interval against the fixture's.
fn check_metrics(what: &str, q: &Quality, want: &Value, names: &[&str]) {
    assert_eq!(q.metrics.len(), names.len(), "{what}: metric count");
    for &metric in names {
        let got = QualityMetric::find(&q.metrics, metric)
            .unwrap_or_else(|| panic!("{what}: no metric {metric}"));
        let w = &want[metric];
        assert!(w.is_object(), "{what}: the fixture has no {metric}");
        let what = format!("{what} {metric}");
        close_rel(&what, got.value.expect("a value"), f(&w["value"]));
        close_rel(
            &format!("{what} baseline"),
            got.baseline.expect("a baseline"),
            f(&w["baseline"]),
        );
        let ci = f64s(&w["ci"]);
        close_rel(
            &format!("{what} ci low"),
            got.ci_low.expect("an interval"),
            ci[0],
        );
        close_rel(
            &format!("{what} ci high"),
            got.ci_high.expect("an interval"),
            ci[1],
        );
    }
}

#[test]
fn classifier_quality_agrees_with_sklearn() {
    let e = expected();
    let p_scale = f(&e["p_scale"]);
    let level = f(&e["level"]);
    close_rel(
        "z_for_level",
        algoreg::stats::z_for_level(level),
        f(&e["z"]),
    );
    for case in cases(&e, "classifier_quality") {
        let p = scaled(&case["p"], p_scale);
        let y = labels(&case["y"]);
        let q = quality::classifier(&p, &y, f(&case["base"]), level);
        let what = format!("classifier {}", name(case));
        assert_eq!(q.rows, y.len(), "{what} rows");
        assert_eq!(q.outcome_total, y.iter().filter(|v| **v).count() as f64);
        assert_eq!(q.confidence_level, level);
        check_metrics(&what, &q, &case["metrics"], &["auc", "brier", "log_loss"]);
    }
}

#[test]
fn count_quality_agrees_with_sklearn() {
    let e = expected();
    let scale = f(&e["scale"]);
    let level = f(&e["level"]);
    for case in cases(&e, "count_quality") {
        let mu = scaled(&case["mu"], scale);
        let y = counts(&case["y"]);
        let q = quality::counts(&mu, &y, f(&case["base"]), level);
        let what = format!("counts {}", name(case));
        assert_eq!(q.rows, y.len(), "{what} rows");
        assert_eq!(q.outcome_total, y.iter().sum::<f64>());
        assert_eq!(q.confidence_level, level);
        check_metrics(
            &what,
            &q,
            &case["metrics"],
            &["mean_poisson_deviance", "deviance_explained", "mae"],
        );
    }
}
