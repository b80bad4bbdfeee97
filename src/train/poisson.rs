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

fn objective(x: ArrayView2<f64>, y: ArrayView1<f64>, b0: f64, b: &Array1<f64>, l2: f64) -> f64 {
    let eta = x.dot(b) + b0;
    let nll: f64 = eta
        .iter()
        .zip(y.iter())
        .map(|(&e, &yi)| e.exp() - yi * e)
        .sum();
    nll + 0.5 * l2 * b.dot(b)
}

/// Fits the Poisson GLM on the rows of `x` (n × p) and the counts `y`, with ridge `l2` on the slopes.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    l2: f64,
    max_iterations: u64,
    tolerance: f64,
    mut on_iteration: impl FnMut(),
) -> Result<PoissonFit, PoissonError> {
    let (n, p) = x.dim();
    if let Some(i) = y.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err(PoissonError::BadTarget(i));
    }
    let mean = y.sum() / n.max(1) as f64;
    if mean <= 0.0 {
        return Err(PoissonError::AllZero);
    }
    let mut b0 = mean.ln();
    let mut b = Array1::<f64>::zeros(p);
    let mut current = objective(x, y, b0, &b, l2);
    for iteration in 1..=max_iterations {
        on_iteration();
        let mu = (x.dot(&b) + b0).mapv(f64::exp);
        let resid = &mu - &y;
        // Gradient and Hessian over (b0, b).
        let mut grad = vec![resid.sum()];
        grad.extend(x.t().dot(&resid).iter().zip(b.iter()).map(|(g, bj)| g + l2 * bj));
        let xw = &x * &mu.view().insert_axis(ndarray::Axis(1));
        let xtwx = x.t().dot(&xw);
        let colw = xw.sum_axis(ndarray::Axis(0));
        let mut h = vec![vec![0.0; p + 1]; p + 1];
        h[0][0] = mu.sum();
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
            let value = objective(x, y, nb0, &nb, l2);
            if value.is_finite() && value <= current {
                current = value;
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
