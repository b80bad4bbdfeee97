//! Count-prediction metrics per group (e.g. incidents per grid cell and week): mean predicted and
//! observed count, their ratio, mean absolute error and mean Poisson deviance.
//!
//! A group's rows are folded into a [`CountTable`]: per distinct `(observed, predicted)` pair, the number
//! of rows. Every statistic is a function of that table with weights, shared by the point estimate
//! and the Poisson-bootstrap replicates.

use std::collections::BTreeMap;

/// Per distinct `(observed, predicted)` pair (ascending), the number of rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountTable {
    pub entries: Vec<(f64, f64, u64)>,
}

impl CountTable {
    /// Builds the table from `(observed, predicted)` pairs (both finite and ≥ 0, as the loader checks).
    pub fn from_pairs(pairs: impl Iterator<Item = (f64, f64)>) -> Self {
        // For non-negative floats the bit patterns sort like the numbers.
        let mut map: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        for (y, mu) in pairs {
            *map.entry((y.to_bits(), mu.to_bits())).or_insert(0) += 1;
        }
        CountTable {
            entries: map
                .into_iter()
                .map(|((y, mu), c)| (f64::from_bits(y), f64::from_bits(mu), c))
                .collect(),
        }
    }

    /// Adds `other`'s rows: equal `(observed, predicted)` pairs are summed (both tables ascending).
    pub fn merge(&mut self, other: &CountTable) {
        let key = |e: &(f64, f64, u64)| (e.0.to_bits(), e.1.to_bits());
        self.entries = crate::audit::merge_sorted(
            std::mem::take(&mut self.entries),
            &other.entries,
            |x, y| key(x).cmp(&key(y)),
            |x, y| (x.0, x.1, x.2 + y.2),
        );
    }
}

/// One row's Poisson deviance `2·(y·ln(y/μ) − (y − μ))`, with `y·ln(y/μ) = 0` at `y = 0`
/// (McCullagh & Nelder 1989, *Generalized Linear Models*, 2nd ed., table 2.1; as
/// `sklearn.metrics.mean_poisson_deviance`). Infinite when `μ = 0 < y`.
pub fn poisson_deviance(y: f64, mu: f64) -> f64 {
    let term = if y == 0.0 { 0.0 } else { y * (y / mu).ln() };
    2.0 * (term - (y - mu))
}

/// A statistic, its standard error when a closed form exists, or why it is undefined.
pub type Value = Result<(f64, Option<f64>), &'static str>;

/// Every count statistic of one (possibly reweighted) table.
#[derive(Debug, Clone, PartialEq)]
pub struct CountSummary {
    pub mean_predicted: Value,
    pub mean_observed: Value,
    pub prediction_ratio: Value,
    pub mae: Value,
    pub poisson_deviance: Value,
}

const NO_ROWS: &str = "no rows in this group";
const NO_OBSERVED: &str =
    "no counts were observed in this group (sum 0), so the ratio does not exist";
const INFINITE_DEVIANCE: &str = "a row has a predicted count of 0 but an observed count above 0: the Poisson deviance is infinite";

/// Weighted mean of per-row values and its standard error `s/√W` (sample variance with divisor
/// `W − 1`; the normal interval for a mean, by the central limit theorem).
#[derive(Default)]
struct Moments {
    w: f64,
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    fn add(&mut self, x: f64, w: f64) {
        self.w += w;
        self.sum += w * x;
        self.sum_sq += w * x * x;
    }

    fn mean_se(&self) -> Value {
        if self.w == 0.0 {
            return Err(NO_ROWS);
        }
        let mean = self.sum / self.w;
        let se = (self.w > 1.0).then(|| {
            let var = ((self.sum_sq - self.w * mean * mean) / (self.w - 1.0)).max(0.0);
            (var / self.w).sqrt()
        });
        Ok((mean, se))
    }
}

/// Summarises a table under one weight per entry. Means carry normal standard errors; the ratio
/// `Σμ/Σy` has none (bootstrap only).
pub fn summarize(entries: &[(f64, f64, u64)], weights: impl Iterator<Item = f64>) -> CountSummary {
    let (mut pred, mut obs, mut abs, mut dev) = (
        Moments::default(),
        Moments::default(),
        Moments::default(),
        Moments::default(),
    );
    let mut infinite = false;
    for (&(y, mu, _), w) in entries.iter().zip(weights) {
        if w == 0.0 {
            continue;
        }
        pred.add(mu, w);
        obs.add(y, w);
        abs.add((y - mu).abs(), w);
        let d = poisson_deviance(y, mu);
        if d.is_finite() {
            dev.add(d, w);
        } else {
            infinite = true;
        }
    }
    let prediction_ratio = if pred.w == 0.0 {
        Err(NO_ROWS)
    } else if obs.sum == 0.0 {
        Err(NO_OBSERVED)
    } else {
        Ok((pred.sum / obs.sum, None))
    };
    CountSummary {
        mean_predicted: pred.mean_se(),
        mean_observed: obs.mean_se(),
        prediction_ratio,
        mae: abs.mean_se(),
        poisson_deviance: if infinite {
            Err(INFINITE_DEVIANCE)
        } else {
            dev.mean_se()
        },
    }
}

/// The summary of the table as observed.
pub fn observed(table: &CountTable) -> CountSummary {
    summarize(&table.entries, table.entries.iter().map(|e| e.2 as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn count_metrics_by_hand() {
        // y = [0, 2, 3, 3], μ = [0.5, 1.0, 3.0, 3.0]
        let t =
            CountTable::from_pairs([(0.0, 0.5), (2.0, 1.0), (3.0, 3.0), (3.0, 3.0)].into_iter());
        assert_eq!(t.entries.len(), 3);
        let s = observed(&t);
        assert_abs_diff_eq!(s.mean_predicted.unwrap().0, 7.5 / 4.0, epsilon = 1e-15);
        assert_abs_diff_eq!(s.mean_observed.unwrap().0, 2.0, epsilon = 1e-15);
        assert_abs_diff_eq!(s.prediction_ratio.unwrap().0, 7.5 / 8.0, epsilon = 1e-15);
        assert_abs_diff_eq!(s.mae.unwrap().0, 1.5 / 4.0, epsilon = 1e-15);
        // Deviances: 2·(0 − (0 − 0.5)) = 1; 2·(2 ln 2 − 1); 0; 0.
        let want = (1.0 + 2.0 * (2.0 * 2f64.ln() - 1.0)) / 4.0;
        assert_abs_diff_eq!(s.poisson_deviance.unwrap().0, want, epsilon = 1e-15);
        // SE of mean observed: sample sd of [0, 2, 3, 3] = sqrt(2), over √4.
        assert_abs_diff_eq!(
            s.mean_observed.unwrap().1.unwrap(),
            2f64.sqrt() / 2.0,
            epsilon = 1e-15
        );
    }

    #[test]
    fn zero_prediction_with_observed_counts_makes_the_deviance_undefined() {
        let t = CountTable::from_pairs([(1.0, 0.0), (0.0, 0.0)].into_iter());
        assert_eq!(observed(&t).poisson_deviance, Err(INFINITE_DEVIANCE));
        let t = CountTable::from_pairs([(0.0, 0.0)].into_iter());
        assert_eq!(observed(&t).prediction_ratio, Err(NO_OBSERVED));
    }
}
