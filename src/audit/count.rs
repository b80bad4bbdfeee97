//! Count-prediction metrics per group (e.g. incidents per grid cell and week): mean predicted and
//! observed count, their ratio, mean absolute error and mean Poisson deviance.
//!
//! A group's rows are folded into a [`CountTable`]: per distinct `(observed, predicted)` pair, the number
//! of rows. Every statistic is a function of that table with weights, shared by the point estimate
//! and the Poisson-bootstrap replicates.

use std::collections::BTreeMap;

/// Most entries a count table keeps exactly. A table with more (only on large data with continuous
/// predictions: one entry per distinct `(observed, predicted)` pair) rounds its predicted counts to
/// fewer significant bits, so memory does not grow with the rows.
pub const COUNT_TABLE_CAP: usize = 65_536;

/// The first grid a table moves to when it passes its cap: predicted counts kept to 20 significant
/// bits (a relative step of about 10⁻⁶).
const FIRST_GRID_BITS: u32 = 20;

/// Per distinct `(observed, predicted)` pair (ascending), the number of rows.
///
/// `grid: Some(k)` means each predicted count `μ > 0` was replaced by the midpoint of its cell when `μ`
/// is cut to `k` significant bits: the cell of `μ ∈ [2ᵉ, 2ᵉ⁺¹)` has width `2ᵉ⁻ᵏ`, so the midpoint is
/// within `2⁻⁽ᵏ⁺¹⁾·μ` of `μ`. Observed counts and `μ = 0` stay exact. Cutting to `k − 1` bits merges
/// pairs of `k`-bit cells, so, as for score tables, the table does not depend on the order rows arrive
/// in or how they were split into chunks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountTable {
    pub entries: Vec<(f64, f64, u64)>,
    pub grid: Option<u32>,
}

impl CountTable {
    /// Builds the table from `(observed, predicted)` pairs (both finite and ≥ 0, as the loader checks).
    pub fn from_pairs(pairs: impl Iterator<Item = (f64, f64)>) -> Self {
        // For non-negative floats the bit patterns sort like the numbers.
        let mut map: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        for (y, mu) in pairs {
            // −0 and 0 are one count.
            *map.entry(((y + 0.0).to_bits(), (mu + 0.0).to_bits()))
                .or_insert(0) += 1;
        }
        let mut table = CountTable {
            entries: map
                .into_iter()
                .map(|((y, mu), c)| (f64::from_bits(y), f64::from_bits(mu), c))
                .collect(),
            grid: None,
        };
        table.fit();
        table
    }

    /// Rows in the table.
    pub fn rows(&self) -> u64 {
        self.entries.iter().map(|e| e.2).sum()
    }

    /// Adds `other`'s rows: both tables move to the coarser of their grids, equal `(observed,
    /// predicted)` pairs are summed, and the result moves to a coarser grid while it holds more than
    /// the cap.
    pub fn merge(&mut self, other: &CountTable) {
        let key = |e: &(f64, f64, u64)| (e.0.to_bits(), e.1.to_bits());
        crate::audit::merge_on_grid(
            (&mut self.entries, &mut self.grid),
            (&other.entries, other.grid),
            regrid,
            |x, y| key(x).cmp(&key(y)),
            |x, y| (x.0, x.1, x.2 + y.2),
        );
        self.fit();
    }

    /// Moves to coarser grids until the table holds at most [`COUNT_TABLE_CAP`] entries (or its
    /// predicted counts are down to one significant bit: the observed counts alone then set its size).
    fn fit(&mut self) {
        while self.entries.len() > COUNT_TABLE_CAP && self.grid != Some(0) {
            let k = self.grid.map_or(FIRST_GRID_BITS, |k| k - 1);
            regrid(&mut self.entries, k);
            self.grid = Some(k);
        }
    }
}

/// `μ` cut to `k` significant bits, at its cell's midpoint (`0` stays `0`). Monotone in `μ`, and the
/// midpoint of a `k`-bit cell falls in the `(k−1)`-bit cell that contains the cell.
fn on_grid(mu: f64, k: u32) -> f64 {
    if mu == 0.0 {
        return 0.0;
    }
    let shift = 52 - k.min(51);
    let cell = mu.to_bits() >> shift;
    f64::from_bits((cell << shift) | (1 << (shift - 1)))
}

/// Puts sorted entries' predicted counts on the `k`-bit grid, summing entries that meet.
fn regrid(entries: &mut Vec<(f64, f64, u64)>, k: u32) {
    let mut out: Vec<(f64, f64, u64)> = Vec::with_capacity(entries.len());
    for &(y, mu, c) in entries.iter() {
        let mu = on_grid(mu, k);
        match out.last_mut() {
            Some(last) if last.0 == y && last.1 == mu => last.2 += c,
            _ => out.push((y, mu, c)),
        }
    }
    *entries = out;
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

    /// Seeded `(observed, predicted)` pairs with continuous predictions (every pair distinct) and
    /// some exact zeros.
    fn continuous_pairs(n: usize) -> Vec<(f64, f64)> {
        let mut x: u64 = 99;
        (0..n)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = (x >> 11) as f64 / (1u64 << 53) as f64;
                let mu = if i % 101 == 0 { 0.0 } else { 0.01 + 9.0 * u };
                let y = if mu == 0.0 {
                    0.0
                } else {
                    ((x >> 7) % 6) as f64
                };
                (y, mu)
            })
            .collect()
    }

    #[test]
    fn a_large_table_moves_to_a_grid_within_its_stated_bound() {
        let pairs = continuous_pairs(300_000);
        let t = CountTable::from_pairs(pairs.iter().copied());
        let k = t.grid.expect("more distinct pairs than the cap");
        assert!(t.entries.len() <= COUNT_TABLE_CAP);
        assert_eq!(t.rows(), 300_000);
        // Exact values from the raw pairs, by hand.
        let n = pairs.len() as f64;
        let mean_mu = pairs.iter().map(|p| p.1).sum::<f64>() / n;
        let mae = pairs.iter().map(|p| (p.0 - p.1).abs()).sum::<f64>() / n;
        let mean_y = pairs.iter().map(|p| p.0).sum::<f64>() / n;
        let bound = 2f64.powi(-(k as i32) - 1) * mean_mu;
        let s = observed(&t);
        let got_mu = s.mean_predicted.unwrap().0;
        let got_mae = s.mae.unwrap().0;
        assert!(
            (got_mu - mean_mu).abs() <= bound,
            "{got_mu} vs {mean_mu}, bound {bound}"
        );
        assert!(
            (got_mae - mae).abs() <= bound,
            "{got_mae} vs {mae}, bound {bound}"
        );
        assert_abs_diff_eq!(s.mean_observed.unwrap().0, mean_y, epsilon = 1e-12);
        // The grid is not trivially loose: the rounding moved something.
        assert!(got_mu != mean_mu);
        // Zero predictions stay zero (a row with y > 0 would still make the deviance infinite).
        assert!(t.entries.iter().any(|e| e.1 == 0.0));
        let mut with_miss = pairs.clone();
        with_miss.push((1.0, 0.0));
        let t = CountTable::from_pairs(with_miss.into_iter());
        assert_eq!(observed(&t).poisson_deviance, Err(INFINITE_DEVIANCE));
    }

    #[test]
    fn chunking_and_merge_order_do_not_change_a_gridded_table() {
        let pairs = continuous_pairs(200_000);
        let whole = CountTable::from_pairs(pairs.iter().copied());
        assert!(whole.grid.is_some());
        let cuts = [0, 3, 70_000, 70_001, 150_000, 200_000];
        let parts: Vec<CountTable> = cuts
            .windows(2)
            .map(|w| CountTable::from_pairs(pairs[w[0]..w[1]].iter().copied()))
            .collect();
        let mut forward = CountTable::default();
        parts.iter().for_each(|p| forward.merge(p));
        let mut backward = CountTable::default();
        parts.iter().rev().for_each(|p| backward.merge(p));
        assert_eq!(forward, whole);
        assert_eq!(backward, whole);
    }

    #[test]
    fn zero_prediction_with_observed_counts_makes_the_deviance_undefined() {
        let t = CountTable::from_pairs([(1.0, 0.0), (0.0, 0.0)].into_iter());
        assert_eq!(observed(&t).poisson_deviance, Err(INFINITE_DEVIANCE));
        let t = CountTable::from_pairs([(0.0, 0.0)].into_iter());
        assert_eq!(observed(&t).prediction_ratio, Err(NO_OBSERVED));
    }
}
