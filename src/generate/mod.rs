//! Seeded generators of the two example models' data, with their biases injected at documented sizes.
//!
//! The committed files under `models/` are exactly what these generators write with their default
//! seed and size (a test checks this), so the data can be regenerated, and scaled up for benchmarks.
//!
//! Columns added later for another audit (the spurious and leaky columns of both examples) are appended at
//! the end of a file and drawn from a stream of their own (the data seed XOR a documented constant), so the
//! earlier columns stay byte for byte what they were and other audits' results do not move (a test checks
//! this too).

pub mod bench;
pub mod foundation;
pub mod hotspot;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Which example to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// `models/foundation-risk-zaandam`: houses on wooden piles.
    FoundationRisk,
    /// `models/hotspot-tilburg`: grid cells × weeks.
    Hotspot,
}

impl ExampleKind {
    pub const ALL: [ExampleKind; 2] = [ExampleKind::FoundationRisk, ExampleKind::Hotspot];

    /// The model id (and folder name) of the shipped example.
    pub fn model_id(self) -> &'static str {
        match self {
            ExampleKind::FoundationRisk => "foundation-risk-zaandam",
            ExampleKind::Hotspot => "hotspot-tilburg",
        }
    }

    /// Parses a model id or short name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "foundation-risk-zaandam" | "foundation-risk" | "foundation" => {
                Some(ExampleKind::FoundationRisk)
            }
            "hotspot-tilburg" | "hotspot" => Some(ExampleKind::Hotspot),
            _ => None,
        }
    }

    /// The seed and size of the shipped data.
    pub fn default_seed(self) -> u64 {
        match self {
            ExampleKind::FoundationRisk => 20_240_601,
            ExampleKind::Hotspot => 20_240_602,
        }
    }

    /// Rows of the shipped data file.
    pub fn default_rows(self) -> usize {
        match self {
            ExampleKind::FoundationRisk => 8_000,
            ExampleKind::Hotspot => 12_000,
        }
    }

    /// Generates the example's files: `(file name, contents)` pairs.
    pub fn generate(self, seed: u64, rows: usize) -> Vec<(&'static str, String)> {
        match self {
            ExampleKind::FoundationRisk => vec![
                ("houses.csv", foundation::generate(seed, rows)),
                ("training.csv", foundation::training(seed)),
                ("population.csv", foundation::population()),
            ],
            ExampleKind::Hotspot => {
                let (cells, survey) = hotspot::generate(seed, rows);
                vec![("cells.csv", cells), ("survey.csv", survey)]
            }
        }
    }
}

/// The random source of the generators: ChaCha8, so a seed gives the same stream on every platform.
pub(crate) struct Draw(ChaCha8Rng);

impl Draw {
    pub(crate) fn new(seed: u64) -> Self {
        Draw(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform on [0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    pub(crate) fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal by the Box–Muller transform (one of the pair is used, for a simple stream).
    pub(crate) fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Poisson by inversion of the CDF (fine for the small means used here).
    pub(crate) fn poisson(&mut self, lambda: f64) -> u64 {
        let u = self.uniform();
        let mut k = 0u64;
        let mut p = (-lambda).exp();
        let mut cdf = p;
        while u > cdf && k < 10_000 {
            k += 1;
            p *= lambda / k as f64;
            cdf += p;
        }
        k
    }

    /// Binomial thinning: each of `n` events is kept with probability `p`.
    pub(crate) fn binomial(&mut self, n: u64, p: f64) -> u64 {
        (0..n).filter(|_| self.bernoulli(p)).count() as u64
    }

    /// Picks an index with the given (unnormalised) weights.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut u = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len() - 1
    }
}

/// The logistic function `1 / (1 + e^(−x))`.
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Small statistics for the generators' unit tests.
#[cfg(test)]
pub(crate) mod check {
    /// Pearson's correlation of two equally long series.
    pub(crate) fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
        let n = xs.len() as f64;
        let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (x, y) in xs.iter().zip(ys) {
            sxy += (x - mx) * (y - my);
            sxx += (x - mx).powi(2);
            syy += (y - my).powi(2);
        }
        sxy / (sxx * syy).sqrt()
    }

    /// Pearson's correlation after subtracting each group's mean from both series.
    pub(crate) fn pearson_within(xs: &[f64], ys: &[f64], groups: &[i64]) -> f64 {
        let mut sums = std::collections::HashMap::<i64, (f64, f64, f64)>::new();
        for ((x, y), g) in xs.iter().zip(ys).zip(groups) {
            let s = sums.entry(*g).or_default();
            *s = (s.0 + x, s.1 + y, s.2 + 1.0);
        }
        let demean = |values: &[f64], pick: fn(&(f64, f64, f64)) -> f64| -> Vec<f64> {
            values
                .iter()
                .zip(groups)
                .map(|(v, g)| {
                    let s = &sums[g];
                    v - pick(s) / s.2
                })
                .collect()
        };
        pearson(&demean(xs, |s| s.0), &demean(ys, |s| s.1))
    }

    /// The AUC of `scores` for the 0/1 `labels`: P(score of a 1 > score of a 0), ties counting half.
    pub(crate) fn auc(scores: &[f64], labels: &[bool]) -> f64 {
        let mut pairs: Vec<(f64, bool)> =
            scores.iter().copied().zip(labels.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Sum of the positives' mid-ranks (1-based), by runs of tied scores.
        let (mut rank_sum, mut start) = (0.0, 0);
        while start < pairs.len() {
            let end = (start..pairs.len())
                .find(|&i| pairs[i].0 != pairs[start].0)
                .unwrap_or(pairs.len());
            let mid_rank = (start + 1 + end) as f64 / 2.0;
            rank_sum += mid_rank * pairs[start..end].iter().filter(|p| p.1).count() as f64;
            start = end;
        }
        let positives = labels.iter().filter(|l| **l).count() as f64;
        let negatives = labels.len() as f64 - positives;
        (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first `columns` fields of every line (all of them if `None`).
    fn project(text: &str, columns: Option<usize>) -> String {
        text.split('\n')
            .map(|line| match columns {
                Some(n) => line.split(',').take(n).collect::<Vec<_>>().join(","),
                None => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The columns every audit but the spurious-correlation one reads were fixed before the spurious and
    /// leaky columns were appended: these digests are of the shipped files as they were then (the first 12
    /// columns of the houses, the first 16 of the cells, and the whole of the other files). A change in
    /// them moves other audits' results, so it must be deliberate.
    #[test]
    fn earlier_columns_are_unchanged() {
        let expected = [
            (
                "houses.csv",
                Some(12),
                "071266101e78c7d1ae5b01f26967029a21c9bb6fa4d5b00a386376fe14c78efe",
            ),
            (
                "training.csv",
                Some(12),
                "90e183f8929849c197142ad35435b40066e44fdecb5755e1eb1e460f982e0e30",
            ),
            (
                "population.csv",
                None,
                "628339a97286c95e8dc316d53b9cd1a19783d9fe6b86fbfb3b1bf9d655eafa20",
            ),
            (
                "cells.csv",
                Some(16),
                "d85fecd6d0aa0da2742499e70a9ce01cf4b13da7e0a0e380c208268fb87d23bf",
            ),
            (
                "survey.csv",
                None,
                "a1467ad52cd4df7d3cd943ad6c0f31eaac0007e9d0b1a5c36c4a987cf04fd590",
            ),
        ];
        for kind in ExampleKind::ALL {
            for (name, contents) in kind.generate(kind.default_seed(), kind.default_rows()) {
                let (_, columns, digest) = expected
                    .iter()
                    .find(|e| e.0 == name)
                    .expect("every file has a digest");
                let projected = project(&contents, *columns);
                assert_eq!(
                    crate::hash::sha256_hex(projected.as_bytes()),
                    *digest,
                    "the earlier columns of {name} changed"
                );
            }
        }
    }

    #[test]
    fn auc_counts_ties_half() {
        let labels = [true, false, true, false];
        assert_eq!(check::auc(&[2.0, 1.0, 3.0, 0.0], &labels), 1.0);
        assert_eq!(check::auc(&[1.0, 1.0, 1.0, 1.0], &labels), 0.5);
        // Positives 2 and 1; negatives 1 and 0: pairs (2>1, 2>0, 1=1, 1>0) = 3.5 of 4.
        assert_eq!(check::auc(&[2.0, 1.0, 1.0, 0.0], &labels), 0.875);
    }

    #[test]
    fn draws_have_the_right_moments() {
        let mut d = Draw::new(7);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| d.normal(1.0, 2.0)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        // Standard errors: 2/√n ≈ 0.0045 for the mean; the variance's is about 4·√(2/n) ≈ 0.013.
        assert!((mean - 1.0).abs() < 0.02, "mean {mean}");
        assert!((var - 4.0).abs() < 0.06, "variance {var}");
        let ks: Vec<u64> = (0..n).map(|_| d.poisson(2.5)).collect();
        let pm = ks.iter().sum::<u64>() as f64 / n as f64;
        assert!((pm - 2.5).abs() < 0.02, "poisson mean {pm}");
    }
}
