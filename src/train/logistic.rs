//! L2-penalised logistic regression through linfa-logistic (L-BFGS), returned as plain coefficients.
//!
//! linfa minimises `−Σᵢ ln σ(sᵢ zᵢ) + (α/2)‖b‖²` with `zᵢ = b₀ + xᵢᵀb`, `sᵢ = ±1` and the intercept not
//! penalised (linfa-logistic 0.8.1, `logistic_loss`); scikit-learn's `LogisticRegression(C=1/α)` solves
//! the same problem. linfa calls the more frequent label its "positive" class (linfa issue #393), so
//! the probabilities and coefficients are turned round when 1 is the rarer label.

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, ArrayView1, ArrayView2};

/// A fitted logistic regression: `P(y = 1) = σ(intercept + xᵀcoefficients)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    pub intercept: f64,
    pub coefficients: Vec<f64>,
}

/// Fits on the rows of `x` (n × p) with 0/1 labels `y`.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<bool>,
    l2: f64,
    max_iterations: u64,
    tolerance: f64,
) -> Result<LogisticFit, String> {
    let positives = y.iter().filter(|v| **v).count();
    if positives == 0 || positives == y.len() {
        return Err(format!(
            "the training rows hold only one class ({positives} of {} positive)",
            y.len()
        ));
    }
    let targets: Array1<usize> = y.mapv(usize::from);
    let dataset = Dataset::new(x.to_owned(), targets);
    let fitted = LogisticRegression::default()
        .alpha(l2)
        .max_iterations(max_iterations)
        .gradient_tolerance(tolerance)
        .fit(&dataset)
        .map_err(|e| format!("linfa-logistic: {e}"))?;
    let flip = fitted.labels().pos.class != 1;
    let sign = if flip { -1.0 } else { 1.0 };
    Ok(LogisticFit {
        intercept: sign * fitted.intercept(),
        coefficients: fitted.params().iter().map(|b| sign * b).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// One 0/1 feature without penalty: the MLE gives each group its own log-odds, whichever label
    /// linfa takes as positive.
    #[test]
    fn unpenalised_two_group_fit_is_the_group_log_odds() {
        let x = array![
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [1.0],
            [1.0],
            [1.0],
            [1.0],
            [1.0]
        ];
        for y in [
            array![true, false, false, false, true, true, true, false, true],
            array![false, true, true, true, false, false, false, true, false],
        ] {
            let f = fit(x.view(), y.view(), 0.0, 1000, 1e-10).unwrap();
            let p0 = y.iter().take(4).filter(|v| **v).count() as f64 / 4.0;
            let p1 = y.iter().skip(4).filter(|v| **v).count() as f64 / 5.0;
            let logit = |p: f64| (p / (1.0 - p)).ln();
            assert!((f.intercept - logit(p0)).abs() < 1e-5, "{f:?}");
            assert!((f.coefficients[0] - (logit(p1) - logit(p0))).abs() < 1e-5);
        }
    }
}
