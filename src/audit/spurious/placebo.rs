//! Placebo: which columns does the model's output actually depend on, measured against seeded noise?
//!
//! algoreg does not see inside a model scored elsewhere, so it fits a global surrogate (Molnar,
//! *Interpretable Machine Learning* (2022) §8.6): a least-squares linear model of the model's output
//! (score, predicted count, or predicted class as 0/1) on the tested columns (numeric ones standardised,
//! an empty cell at the mean; categorical ones one-hot without their first level) plus
//! [`NOISE_COLUMNS`] seeded standard-normal placebo columns. It is fitted on the even rows and judged on
//! the odd rows of the order it is given: the audit passes the rows in their content order
//! ([`super::features::canonical_order`]), so the split does not depend on how the file is sorted. A column's permutation importance (Breiman 2001; Fisher, Rudin & Dominici 2019) is the
//! rise in the held-out mean squared error when its values are shuffled among the held-out rows, averaged
//! over [`PERMUTATIONS`] seeded shuffles and divided by the held-out variance of the output (a drop in
//! R²). The noise floor is the largest importance of a placebo column; a column above it (and above
//! [`MIN_IMPORTANCE`]) is one the output depends on. The surrogate's held-out R² says how much of the model it captures.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::policy::Rules;
use crate::record::spurious::{PlaceboFeature, PlaceboResult};
use crate::stats::linalg::cholesky_solve;

use super::features::{Column, Values};

/// Placebo columns of pure noise.
pub const NOISE_COLUMNS: usize = 5;
/// Shuffles per column.
pub const PERMUTATIONS: usize = 5;
/// Most design columns the surrogate is fitted with (one-hot columns count one each).
pub const MAX_DESIGN_COLUMNS: usize = 64;
/// Least importance (share of the output's variance) a column needs, besides clearing the noise floor,
/// to count as used: with a near-exact surrogate the noise floor can be 1e-7, and a column that moves
/// the output by less than 0.1% of its spread is not one the model leans on.
pub const MIN_IMPORTANCE: f64 = 0.001;
/// Offset of the placebo stream from the policy's bootstrap seed.
const SEED_XOR: u64 = 0x706c_6163_6562_6f00; // "placebo"

/// Standardised design columns of one source column (one for numeric, one per level but the first for
/// categorical).
fn design(column: &Column) -> Vec<Vec<f64>> {
    match &column.values {
        Values::Numeric(v) => {
            let present: Vec<f64> = v.iter().flatten().copied().collect();
            let n = present.len().max(1) as f64;
            let mean = present.iter().sum::<f64>() / n;
            let sd = (present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            let sd = if sd > 0.0 { sd } else { 1.0 };
            vec![
                v.iter()
                    .map(|x| x.map_or(0.0, |x| (x - mean) / sd))
                    .collect(),
            ]
        }
        Values::Categorical { levels, codes } => (1..levels.len())
            .map(|l| {
                codes
                    .iter()
                    .map(|c| f64::from(u8::from(*c == Some(l as u32))))
                    .collect()
            })
            .collect(),
    }
}

/// Least squares with an intercept on `rows` of the column-major `x`: returns `(intercept, β)`. A ridge
/// of 1e-9 × the mean diagonal keeps collinear one-hot columns solvable without moving the fit.
pub fn least_squares(x: &[Vec<f64>], y: &[f64], rows: &[usize]) -> Option<(f64, Vec<f64>)> {
    let p = x.len();
    let n = rows.len() as f64;
    let means: Vec<f64> = x
        .iter()
        .map(|c| rows.iter().map(|&i| c[i]).sum::<f64>() / n)
        .collect();
    let my = rows.iter().map(|&i| y[i]).sum::<f64>() / n;
    let mut a = vec![vec![0.0; p]; p];
    let mut b = vec![0.0; p];
    for j in 0..p {
        for k in 0..=j {
            let s: f64 = rows
                .iter()
                .map(|&i| (x[j][i] - means[j]) * (x[k][i] - means[k]))
                .sum();
            a[j][k] = s;
            a[k][j] = s;
        }
        b[j] = rows
            .iter()
            .map(|&i| (x[j][i] - means[j]) * (y[i] - my))
            .sum();
    }
    let ridge = 1e-9 * (0..p).map(|j| a[j][j]).sum::<f64>() / p.max(1) as f64;
    for (j, row) in a.iter_mut().enumerate() {
        row[j] += ridge.max(f64::MIN_POSITIVE);
    }
    let beta = cholesky_solve(&a, &b)?;
    let intercept = my - beta.iter().zip(&means).map(|(b, m)| b * m).sum::<f64>();
    Some((intercept, beta))
}

/// The surrogate and its placebo check; `Err` says why there is none (no column to test, or too many).
pub fn run(
    columns: &[Column],
    output: &[f64],
    output_name: &str,
    input_of: impl Fn(&str) -> Option<bool>,
    rules: &Rules,
) -> Result<PlaceboResult, String> {
    if columns.is_empty() {
        // A surrogate of noise columns alone would say nothing about the data.
        return Err(
            "the file has no columns besides the audit's own (groups, label, prediction) to test"
                .into(),
        );
    }
    let mut x: Vec<Vec<f64>> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (c, column) in columns.iter().enumerate() {
        for d in design(column) {
            x.push(d);
            owner.push(c);
        }
    }
    if x.len() > MAX_DESIGN_COLUMNS {
        return Err(format!(
            "{} design columns (one-hot included): more than the {MAX_DESIGN_COLUMNS} the surrogate takes",
            x.len()
        ));
    }
    let n = output.len();
    let mut rng = ChaCha8Rng::seed_from_u64(rules.bootstrap_seed ^ SEED_XOR);
    for k in 0..NOISE_COLUMNS {
        x.push((0..n).map(|_| StandardNormal.sample(&mut rng)).collect());
        owner.push(columns.len() + k);
    }
    let fit: Vec<usize> = (0..n)
        .filter(|i| i % 2 == 0 && output[*i].is_finite())
        .collect();
    let test: Vec<usize> = (0..n)
        .filter(|i| i % 2 == 1 && output[*i].is_finite())
        .collect();
    if (test.len() as u64) < rules.min_group_size || fit.len() <= x.len() + 1 {
        return Err("too few rows to fit and judge the surrogate".into());
    }
    let (intercept, beta) = least_squares(&x, output, &fit)
        .ok_or_else(|| "the surrogate's equations have no unique solution".to_string())?;
    let predicted: Vec<f64> = test
        .iter()
        .map(|&i| intercept + x.iter().zip(&beta).map(|(c, b)| c[i] * b).sum::<f64>())
        .collect();
    let mean_test = test.iter().map(|&i| output[i]).sum::<f64>() / test.len() as f64;
    let variance = test
        .iter()
        .map(|&i| (output[i] - mean_test).powi(2))
        .sum::<f64>()
        / test.len() as f64;
    if variance.is_nan() || variance <= 0.0 {
        return Err("the model's output does not vary".into());
    }
    let mse = |pred: &[f64]| {
        test.iter()
            .zip(pred)
            .map(|(&i, p)| (output[i] - p).powi(2))
            .sum::<f64>()
            / test.len() as f64
    };
    let base = mse(&predicted);
    let sources = columns.len() + NOISE_COLUMNS;
    let mut importance = vec![0.0; sources];
    for (source, value) in importance.iter_mut().enumerate() {
        let mine: Vec<usize> = (0..x.len()).filter(|&j| owner[j] == source).collect();
        let mut total = 0.0;
        for _ in 0..PERMUTATIONS {
            let mut order = test.clone();
            for i in (1..order.len()).rev() {
                let j = rng.random_range(0..=i);
                order.swap(i, j);
            }
            let shuffled: Vec<f64> = predicted
                .iter()
                .zip(test.iter().zip(&order))
                .map(|(p, (&i, &o))| {
                    p + mine
                        .iter()
                        .map(|&j| (x[j][o] - x[j][i]) * beta[j])
                        .sum::<f64>()
                })
                .collect();
            total += mse(&shuffled) - base;
        }
        *value = total / PERMUTATIONS as f64 / variance;
    }
    let floor = importance[columns.len()..]
        .iter()
        .copied()
        .fold(0.0_f64, f64::max);
    Ok(PlaceboResult {
        output: output_name.to_string(),
        fit_rows: fit.len() as u64,
        test_rows: test.len() as u64,
        r_squared: 1.0 - base / variance,
        noise_columns: NOISE_COLUMNS as u64,
        noise_floor: floor,
        noise_importance: importance[columns.len()..].to_vec(),
        features: columns
            .iter()
            .zip(&importance)
            .map(|(c, &imp)| PlaceboFeature {
                feature: c.name.clone(),
                model_input: input_of(&c.name),
                importance: imp,
                above_noise: imp > floor.max(MIN_IMPORTANCE),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    /// `y = 1 + 2·a − 3·b` exactly: least squares recovers the coefficients.
    #[test]
    fn no_column_to_test_is_no_placebo_check() {
        let rules = crate::policy::PolicyFile::built_in()
            .rules_for(None, std::path::Path::new("<built-in policy>"))
            .unwrap();
        let why = run(&[], &[0.1, 0.9, 0.4, 0.6], "score", |_| None, &rules).unwrap_err();
        assert!(why.contains("no columns besides"), "{why}");
    }

    #[test]
    fn exact_linear_fit() {
        let a = [0.0, 1.0, 2.0, 3.0, 4.0, 0.5];
        let b = [1.0, 0.0, 1.0, 2.0, 0.0, 3.0];
        let y: Vec<f64> = a
            .iter()
            .zip(&b)
            .map(|(a, b)| 1.0 + 2.0 * a - 3.0 * b)
            .collect();
        let (c, beta) = least_squares(&[a.to_vec(), b.to_vec()], &y, &[0, 1, 2, 3, 4, 5]).unwrap();
        assert_abs_diff_eq!(c, 1.0, epsilon = 1e-6);
        assert_abs_diff_eq!(beta[0], 2.0, epsilon = 1e-6);
        assert_abs_diff_eq!(beta[1], -3.0, epsilon = 1e-6);
    }

    /// [[4, 2], [2, 3]]·x = [2, 1] → x = [0.5, 0] (by hand: det 8, x₁ = (2·3 − 2·1)/8, x₂ = (4·1 − 2·2)/8).
    #[test]
    fn cholesky_by_hand() {
        let x = cholesky_solve(&[vec![4.0, 2.0], vec![2.0, 3.0]], &[2.0, 1.0]).unwrap();
        assert_abs_diff_eq!(x[0], 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(x[1], 0.0, epsilon = 1e-15);
        assert!(cholesky_solve(&[vec![1.0, 2.0], vec![2.0, 1.0]], &[1.0, 1.0]).is_none());
    }
}
