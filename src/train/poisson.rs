//! Poisson regression with log link, fitted by Newton–Raphson (IRLS) on ndarray.
//!
//! linfa-linear's `TweedieRegressor` with power 1 does not finish from about 1,000 rows (its L-BFGS line
//! search loops), so the GLM is fitted here. The model is `yᵢ ~ Poisson(μᵢ)`, `ln μᵢ = b₀ + xᵢᵀb`. The fit
//! minimises the penalised negative log-likelihood (constants dropped)
//!
//! `L(b) = Σᵢ (μᵢ − yᵢ ηᵢ) + (α/2) Σⱼ≥₁ bⱼ²`
//!
//! (the intercept is not penalised). With `X` the design with a column of ones and `W = diag(μ)`, one
//! Newton step solves `(XᵀWX + αD) δ = −(Xᵀ(μ − y) + αDb)` with `D = diag(0, 1, …, 1)`; for the
//! canonical log link this is exactly iteratively reweighted least squares (McCullagh & Nelder 1989,
//! *Generalized Linear Models*, §2.5). A step that does not lower `L` is halved (up to 30 times). The fit
//! stops when `max|δ| ≤ tolerance·(1 + max|b|)`.
//!
//! `α = 0` gives the maximum-likelihood fit (statsmodels `GLM(family=Poisson())`); scikit-learn's
//! `PoissonRegressor(alpha=a)` minimises `L/n` and matches `α = n·a`.

use ndarray::{Array1, ArrayView1, ArrayView2};

use crate::stats::linalg::cholesky_solve;

/// A fitted Poisson GLM.
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonFit {
    pub intercept: f64,
    pub coefficients: Vec<f64>,
    /// Newton steps taken.
    pub iterations: u64,
    /// The penalised negative log-likelihood `L(b)` at the fit.
    pub objective: f64,
}

/// Why a fit failed.
#[derive(Debug, Clone, PartialEq)]
pub enum PoissonError {
    /// The target has a negative or non-finite value at this row.
    BadTarget(usize),
    /// Every target is 0: the MLE of the intercept is −∞.
    AllZero,
    /// The Hessian is singular (collinear features with `α = 0`).
    Singular,
    /// Not converged within the iteration limit.
    NotConverged(u64),
}

impl std::fmt::Display for PoissonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PoissonError::BadTarget(i) => write!(f, "row {i}: the count must be a number ≥ 0"),
            PoissonError::AllZero => write!(f, "every count is 0; there is nothing to fit"),
            PoissonError::Singular => write!(
                f,
                "the features are collinear; give a positive l2 or drop a feature"
            ),
            PoissonError::NotConverged(n) => {
                write!(f, "the fit did not converge in {n} iterations")
            }
        }
    }
}

/// `L(b)` and `μ = exp(η)` at `(b0, b)`.
fn objective(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    w: ArrayView1<f64>,
    b0: f64,
    b: &Array1<f64>,
    l2: f64,
) -> (f64, Array1<f64>) {
    let eta = x.dot(b) + b0;
    let mu = eta.mapv(f64::exp);
    let nll: f64 = eta
        .iter()
        .zip(mu.iter())
        .zip(y.iter())
        .zip(w.iter())
        .map(|(((&e, &m), &yi), &wi)| wi * m - yi * e)
        .sum();
    (nll + 0.5 * l2 * b.dot(b), mu)
}

/// Fits the Poisson GLM on the rows of `x` (n × p) and the counts `y`, with ridge `l2` on the slopes,
/// starting from `b₀ = ln(mean y)`, `b = 0`.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    l2: f64,
    max_iterations: u64,
    tolerance: f64,
    on_iteration: impl FnMut(),
) -> Result<PoissonFit, PoissonError> {
    fit_from(
        x,
        y,
        None,
        l2,
        max_iterations,
        tolerance,
        None,
        on_iteration,
    )
}

/// As [`fit`], starting from `(intercept, coefficients)` when given (a warm start from a previous fit
/// on similar data; the optimum is the same, the objective being strictly convex when `l2 > 0` or `X`
/// has full rank). With `weights`, row `i` stands for `wᵢ` rows with the same features and `yᵢ` is
/// their summed count: `L = Σᵢ (wᵢμᵢ − yᵢηᵢ) + (α/2)‖b‖²` is exactly the unaggregated objective, so
/// identical feature rows can be fitted once.
#[allow(clippy::too_many_arguments)]
pub fn fit_from(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    weights: Option<ArrayView1<f64>>,
    l2: f64,
    max_iterations: u64,
    tolerance: f64,
    start: Option<(f64, &[f64])>,
    mut on_iteration: impl FnMut(),
) -> Result<PoissonFit, PoissonError> {
    let (n, p) = x.dim();
    if let Some(i) = y.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err(PoissonError::BadTarget(i));
    }
    let w = match weights {
        Some(w) => w.to_owned(),
        None => Array1::ones(n),
    };
    let mean = y.sum() / w.sum().max(f64::MIN_POSITIVE);
    if mean <= 0.0 {
        return Err(PoissonError::AllZero);
    }
    let (mut b0, mut b) = match start {
        Some((b0, b)) if b.len() == p && b0.is_finite() && b.iter().all(|v| v.is_finite()) => {
            (b0, Array1::from(b.to_vec()))
        }
        _ => (mean.ln(), Array1::<f64>::zeros(p)),
    };
    let (mut current, mut mu) = objective(x, y, w.view(), b0, &b, l2);
    for iteration in 1..=max_iterations {
        on_iteration();
        // With weights, μ stands for wᵢμᵢ in the gradient and the Hessian.
        let mu_w = &mu * &w;
        let resid = &mu_w - &y;
        // Gradient and Hessian over (b0, b).
        let mut grad = vec![resid.sum()];
        grad.extend(
            x.t()
                .dot(&resid)
                .iter()
                .zip(b.iter())
                .map(|(g, bj)| g + l2 * bj),
        );
        let xw = &x * &mu_w.view().insert_axis(ndarray::Axis(1));
        let xtwx = x.t().dot(&xw);
        let colw = xw.sum_axis(ndarray::Axis(0));
        let mut h = vec![vec![0.0; p + 1]; p + 1];
        h[0][0] = mu_w.sum();
        for j in 0..p {
            h[0][j + 1] = colw[j];
            h[j + 1][0] = colw[j];
            for k in 0..p {
                h[j + 1][k + 1] = xtwx[[j, k]];
            }
            h[j + 1][j + 1] += l2;
        }
        let neg: Vec<f64> = grad.iter().map(|g| -g).collect();
        let delta = cholesky_solve(&h, &neg).ok_or(PoissonError::Singular)?;
        let mut step = 1.0;
        let (mut nb0, mut nb) = (b0, b.clone());
        let mut accepted = false;
        for _ in 0..=30 {
            nb0 = b0 + step * delta[0];
            nb = &b + &(Array1::from(delta[1..].to_vec()) * step);
            let (value, new_mu) = objective(x, y, w.view(), nb0, &nb, l2);
            if value.is_finite() && value <= current {
                current = value;
                mu = new_mu;
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        let largest = delta.iter().fold(0.0f64, |m, d| m.max(d.abs()));
        let scale = 1.0 + nb.iter().fold(nb0.abs(), |m, v| m.max(v.abs()));
        if accepted {
            b0 = nb0;
            b = nb;
        }
        if largest * step <= tolerance * scale || !accepted {
            return Ok(PoissonFit {
                intercept: b0,
                coefficients: b.to_vec(),
                iterations: iteration,
                objective: current,
            });
        }
    }
    Err(PoissonError::NotConverged(max_iterations))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// With one 0/1 feature the MLE is closed-form: exp(b0) is the mean count where x = 0 and
    /// exp(b0 + b1) the mean where x = 1.
    #[test]
    fn two_group_mle_is_the_log_of_the_group_means() {
        let x = array![[0.0], [0.0], [0.0], [1.0], [1.0]];
        let y = array![1.0, 2.0, 3.0, 5.0, 7.0];
        let f = fit(x.view(), y.view(), 0.0, 100, 1e-12, || {}).unwrap();
        assert!((f.intercept - 2.0f64.ln()).abs() < 1e-10);
        assert!((f.coefficients[0] - (6.0f64 / 2.0).ln()).abs() < 1e-10);
    }

    /// Fitting identical rows once with weights and summed counts gives the unaggregated fit.
    #[test]
    fn weighted_rows_equal_repeated_rows() {
        let x = array![[0.0], [0.0], [1.0], [1.0], [1.0], [2.0]];
        let y = array![1.0, 3.0, 2.0, 4.0, 5.0, 9.0];
        let full = fit(x.view(), y.view(), 0.5, 100, 1e-12, || {}).unwrap();
        let xa = array![[0.0], [1.0], [2.0]];
        let ya = array![4.0, 11.0, 9.0];
        let wa = array![2.0, 3.0, 1.0];
        let agg = fit_from(
            xa.view(),
            ya.view(),
            Some(wa.view()),
            0.5,
            100,
            1e-12,
            None,
            || {},
        )
        .unwrap();
        assert!((full.intercept - agg.intercept).abs() < 1e-10);
        assert!((full.coefficients[0] - agg.coefficients[0]).abs() < 1e-10);
        assert!((full.objective - agg.objective).abs() < 1e-9);
    }

    #[test]
    fn all_zero_counts_are_refused() {
        let x = array![[0.0], [1.0]];
        let y = array![0.0, 0.0];
        assert_eq!(
            fit(x.view(), y.view(), 0.0, 10, 1e-10, || {}),
            Err(PoissonError::AllZero)
        );
    }
}
