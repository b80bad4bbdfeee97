//! Seeded generators of the two example models' data, with their biases injected at documented sizes.
//!
//! The committed files under `models/` are exactly what these generators write with their default
//! seed and size (a test checks this), so the data can be regenerated, and scaled up for benchmarks.

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

#[cfg(test)]
mod tests {
    use super::*;

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
