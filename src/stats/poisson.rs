//! Exact Poisson sampling for the bootstrap: a sampler prepared once per mean and drawn from many
//! times, so a table reweighted in 1,000 replicates pays the set-up once per entry.
//!
//! - Means up to [`TABLE_MEAN`]: an alias table over the outcomes (Walker 1977; Vose 1991), one
//!   64-bit random word per draw.
//! - Larger means, when the draws pay for it: an alias table of the mean's own, kept in a cache
//!   shared by all threads (a bootstrap meets the same count in many entries).
//! - Otherwise PTRS, the transformed rejection method with squeeze (Hörmann 1993, "The
//!   transformed rejection method for generating Poisson random variables", Insurance: Mathematics
//!   and Economics 12(1), algorithm PTRS), exact for means ≥ 10, about 1.1 iterations per draw and
//!   most draws accepted without a logarithm.

use std::sync::{Arc, OnceLock};

use rand::{Rng, RngExt};

/// Means up to this are drawn by table inversion.
pub const TABLE_MEAN: u64 = 64;

/// `ln k!` is tabulated below this; above, Stirling's series.
const LN_FACTORIAL_TABLE: usize = 1024;

/// The alias table of one small mean (Walker 1977, "An efficient method for generating discrete
/// random variables with general distributions", ACM TOMS 3(3); built by Vose's linear method, Vose
/// 1991, IEEE Trans. Software Eng. 17(9)).
///
/// A 64-bit random word `r` picks slot `i = ⌊r·K / 2⁶⁴⌋`; the low 64 bits of `r·K` are a fresh
/// uniform that keeps `i` with probability `keep[i] / 2⁶⁴`, else gives `alias[i]`. One word, no
/// branch on the outcome, probabilities resolved to 2⁻⁶⁴ per slot.
#[derive(Debug, Clone)]
struct AliasTable {
    /// The smallest outcome kept: slot `i` stands for `first + i`.
    first: u64,
    slots: Vec<(u64, u32)>,
}

/// What building an alias table needs besides the table: the pmf and Vose's two work lists, kept
/// per thread so that building one table per bootstrap entry allocates nothing.
#[derive(Default)]
struct Scratch {
    scaled: Vec<f64>,
    small: Vec<u32>,
    large: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl AliasTable {
    fn new(mean: u64) -> Self {
        let mut table = AliasTable {
            first: 0,
            slots: Vec::new(),
        };
        SCRATCH.with_borrow_mut(|scratch| table.build(mean, scratch));
        table
    }

    fn build(&mut self, mean: u64, scratch: &mut Scratch) {
        let Scratch {
            scaled,
            small,
            large,
        } = scratch;
        scaled.clear();
        scaled.reserve(20 * (mean as f64).sqrt() as usize + 40);
        // The pmf from the mode outwards by its ratios, `p(k+1) = p(k)·λ/(k+1)`, until terms fall
        // below 10⁻²⁰ (the tails left out are smaller still): first downwards (then reversed).
        let lambda = mean as f64;
        let at_mode = (-lambda + lambda * lambda.ln() - ln_factorial(mean)).exp();
        let (mut p, mut k) = (at_mode, mean);
        while k > 0 {
            p *= k as f64 / lambda;
            if p < 1e-20 {
                break;
            }
            scaled.push(p);
            k -= 1;
        }
        self.first = mean - scaled.len() as u64;
        scaled.reverse();
        scaled.push(at_mode);
        let (mut p, mut k) = (at_mode, mean);
        loop {
            k += 1;
            p *= lambda / k as f64;
            if p < 1e-20 {
                break;
            }
            scaled.push(p);
        }
        let n = scaled.len();
        let total: f64 = scaled.iter().sum();
        let to_slots = n as f64 / total;
        scaled.iter_mut().for_each(|p| *p *= to_slots);
        // Vose's pairing, on slices with the stack heights in locals. The pmf is unimodal, so the
        // slots under 1 are its two tails and the branches below follow long runs.
        small.clear();
        small.resize(n, 0);
        large.clear();
        large.resize(n, 0);
        let (small, large, scaled) = (&mut small[..], &mut large[..], &mut scaled[..]);
        let (mut smalls, mut larges) = (0, 0);
        for (i, &q) in scaled.iter().enumerate() {
            if q < 1.0 {
                small[smalls] = i as u32;
                smalls += 1;
            } else {
                large[larges] = i as u32;
                larges += 1;
            }
        }
        self.slots.clear();
        self.slots.resize(n, (u64::MAX, 0));
        let slots = &mut self.slots[..];
        while smalls > 0 && larges > 0 {
            smalls -= 1;
            let (s, l) = (small[smalls] as usize, large[larges - 1]);
            slots[s] = (to_threshold(scaled[s]), l);
            let rest = scaled[l as usize] - (1.0 - scaled[s]);
            scaled[l as usize] = rest;
            if rest < 1.0 {
                larges -= 1;
                small[smalls] = l;
                smalls += 1;
            }
        }
        // What is left holds probability 1 (up to rounding): always kept.
        for &i in small[..smalls].iter().chain(&large[..larges]) {
            slots[i as usize] = (u64::MAX, i);
        }
    }

    fn sample(&self, r: u64) -> u64 {
        let wide = u128::from(r) * self.slots.len() as u128;
        let (i, fraction) = ((wide >> 64) as usize, wide as u64);
        let (keep, alias) = self.slots[i];
        // The outcome is random by design: a conditional move, not a branch the CPU mispredicts.
        self.first + std::hint::select_unpredictable(fraction < keep, i as u64, u64::from(alias))
    }
}

/// Slots the kept tables may hold in all (16 MiB, whatever the threads); past it the cache starts
/// over.
const CACHE_SLOTS: usize = 1 << 20;

/// The tables of the means drawn from recently, shared by all threads. A bootstrap meets the same
/// count in many entries and groups, and a table depends on its mean only, so it is built once: the
/// draws are the same as without the cache.
#[derive(Default)]
struct TableCache {
    tables: rustc_hash::FxHashMap<u64, Arc<AliasTable>>,
    slots: usize,
}

static CACHE: std::sync::Mutex<Option<TableCache>> = std::sync::Mutex::new(None);

fn cached_table(mean: u64) -> Arc<AliasTable> {
    let found = CACHE
        .lock()
        .expect("no thread panics holding the cache")
        .as_ref()
        .and_then(|c| c.tables.get(&mean).cloned());
    if let Some(t) = found {
        return t;
    }
    // Built outside the lock; two threads may build the same table, which is the same table.
    let table = Arc::new(AliasTable::new(mean));
    let mut cache = CACHE.lock().expect("no thread panics holding the cache");
    let cache = cache.get_or_insert_with(TableCache::default);
    if cache.slots + table.slots.len() > CACHE_SLOTS {
        cache.tables.clear();
        cache.slots = 0;
    }
    if cache.tables.insert(mean, Arc::clone(&table)).is_none() {
        cache.slots += table.slots.len();
    }
    table
}

/// A probability in [0, 1] as a threshold on a 64-bit uniform word.
fn to_threshold(q: f64) -> u64 {
    if q >= 1.0 {
        u64::MAX
    } else {
        (q * 18_446_744_073_709_551_616.0) as u64
    }
}

fn tables() -> &'static [AliasTable] {
    static TABLES: OnceLock<Vec<AliasTable>> = OnceLock::new();
    TABLES.get_or_init(|| (1..=TABLE_MEAN).map(AliasTable::new).collect())
}

/// `ln k!`: a table below [`LN_FACTORIAL_TABLE`], else Stirling's series for `ln Γ(x)` at `x = k+1`,
/// `(x − ½)·ln x − x + ½·ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵)` (Abramowitz & Stegun 6.1.41),
/// whose next term is below 1/(1680·1024⁷) < 10⁻²⁴.
pub fn ln_factorial(k: u64) -> f64 {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = Vec::with_capacity(LN_FACTORIAL_TABLE);
        let mut sum = 0.0f64;
        for k in 0..LN_FACTORIAL_TABLE {
            if k > 1 {
                sum += (k as f64).ln();
            }
            t.push(sum);
        }
        t
    });
    if (k as usize) < LN_FACTORIAL_TABLE {
        return table[k as usize];
    }
    let x = k as f64 + 1.0;
    let (x2, x3) = (x * x, x * x * x);
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x3)
        + 1.0 / (1260.0 * x3 * x2)
}

/// PTRS's constants for one mean.
#[derive(Debug, Clone, Copy)]
struct Ptrs {
    lambda: f64,
    ln_lambda: f64,
    a: f64,
    b: f64,
    inv_alpha: f64,
    v_r: f64,
}

/// A Poisson(mean) sampler, prepared for repeated draws.
#[derive(Debug, Clone)]
pub struct PoissonSampler {
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Zero,
    Table(&'static AliasTable),
    Owned(Arc<AliasTable>),
    Ptrs(Ptrs),
}

/// A table of its own is built when it has at most this many slots per draw it will give. Measured
/// (`cargo test --release --lib poisson_costs -- --ignored --nocapture`, with the bootstrap's
/// xoshiro256++): a slot costs 9–13 ns to build (a ratio step and Vose's pass), a table draw about
/// 2.3 ns and a PTRS draw 17–22 ns, so a table pays for itself up to about 1.5–1.8 slots per draw.
const SLOTS_PER_DRAW: f64 = 1.5;

impl PoissonSampler {
    /// A sampler of Poisson(`mean`) (mean 0 always gives 0).
    pub fn new(mean: u64) -> Self {
        let kind = match mean {
            0 => Kind::Zero,
            1..=TABLE_MEAN => Kind::Table(&tables()[mean as usize - 1]),
            _ => {
                let lambda = mean as f64;
                let b = 0.931 + 2.53 * lambda.sqrt();
                Kind::Ptrs(Ptrs {
                    lambda,
                    ln_lambda: lambda.ln(),
                    a: -0.059 + 0.02483 * b,
                    b,
                    inv_alpha: 1.1239 + 1.1328 / (b - 3.4),
                    v_r: 0.9277 - 3.6224 / (b - 2.0),
                })
            }
        };
        PoissonSampler { kind }
    }

    /// A sampler for `draws` draws of Poisson(`mean`): an alias table of its own when the draws
    /// pay for building it (a table has about 20·√mean slots), else [`PoissonSampler::new`].
    pub fn for_draws(mean: u64, draws: u64) -> Self {
        let slots = 20.0 * (mean as f64).sqrt() + 20.0;
        if mean > TABLE_MEAN && slots <= SLOTS_PER_DRAW * draws as f64 {
            PoissonSampler {
                kind: Kind::Owned(cached_table(mean)),
            }
        } else {
            PoissonSampler::new(mean)
        }
    }

    /// Fills `out` with draws: the same draws, in the same order, as one [`PoissonSampler::sample`]
    /// per element, with the choice of method made once.
    pub fn fill<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        match &self.kind {
            Kind::Zero => out.fill(0.0),
            Kind::Table(t) => out
                .iter_mut()
                .for_each(|w| *w = t.sample(rng.next_u64()) as f64),
            Kind::Owned(t) => out
                .iter_mut()
                .for_each(|w| *w = t.sample(rng.next_u64()) as f64),
            Kind::Ptrs(_) => out.iter_mut().for_each(|w| *w = self.sample(rng) as f64),
        }
    }

    /// One draw.
    ///
    /// PTRS step (Hörmann 1993): `U ~ U(−½, ½)`, `V ~ U(0, 1)`, `us = ½ − |U|`,
    /// `k = ⌊(2a/us + b)·U + λ + 0.43⌋`; accept at once when `us ≥ 0.07` and `V ≤ v_r`; reject when
    /// `k < 0` or (`us < 0.013` and `V > us`); else accept when
    /// `ln(V·α⁻¹ / (a/us² + b)) ≤ −λ + k·ln λ − ln k!`.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match &self.kind {
            Kind::Zero => 0,
            Kind::Table(t) => t.sample(rng.next_u64()),
            Kind::Owned(t) => t.sample(rng.next_u64()),
            Kind::Ptrs(p) => loop {
                let u = rng.random::<f64>() - 0.5;
                let v = rng.random::<f64>();
                let us = 0.5 - u.abs();
                if us <= 0.0 {
                    continue;
                }
                let x = (2.0 * p.a / us + p.b) * u + p.lambda + 0.43;
                if x < 0.0 {
                    continue; // k < 0
                }
                let k = x as u64; // truncation is the floor of a non-negative number
                if us >= 0.07 && v <= p.v_r {
                    return k;
                }
                if us < 0.013 && v > us {
                    continue;
                }
                let lhs = (v * p.inv_alpha / (p.a / (us * us) + p.b)).ln();
                let rhs = -p.lambda + k as f64 * p.ln_lambda - ln_factorial(k);
                if lhs <= rhs {
                    return k;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use statrs::distribution::{ChiSquared, ContinuousCDF, Discrete, DiscreteCDF, Poisson};
    use statrs::function::gamma::ln_gamma;

    #[test]
    fn ln_factorial_matches_ln_gamma() {
        for k in [0u64, 1, 2, 10, 255, 1023, 1024, 1025, 123_456, 10_000_000] {
            assert_relative_eq!(
                ln_factorial(k),
                ln_gamma(k as f64 + 1.0),
                max_relative = 1e-13,
                epsilon = 1e-15
            );
        }
    }

    /// Pearson's χ² goodness of fit of `n` seeded draws against the exact Poisson pmf (statrs),
    /// outcomes pooled from both tails until every expected count is at least 20.
    fn chi_square_p(sampler: &PoissonSampler, mean: u64, n: usize, seed: u64) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut counts = std::collections::BTreeMap::<u64, f64>::new();
        for _ in 0..n {
            *counts.entry(sampler.sample(&mut rng)).or_default() += 1.0;
        }
        let pmf = Poisson::new(mean as f64).unwrap();
        let lambda = mean as f64;
        let sd = lambda.sqrt();
        let lo = (lambda - 6.0 * sd).max(0.0) as u64;
        let hi = (lambda + 6.0 * sd + 10.0) as u64;
        // Cells: [0, lo'], each k, [hi', ∞), merged so that expected ≥ 20.
        let mut cells: Vec<(f64, f64)> = Vec::new(); // (expected, observed)
        let (mut e, mut o) = (0.0, 0.0);
        for k in 0..=hi {
            e += n as f64 * pmf.pmf(k);
            o += counts.get(&k).copied().unwrap_or(0.0);
            if e >= 20.0 && k >= lo {
                cells.push((e, o));
                (e, o) = (0.0, 0.0);
            }
        }
        let tail_observed: f64 = counts.range(hi + 1..).map(|(_, c)| c).sum();
        let last = cells.last_mut().unwrap();
        last.0 += e + n as f64 * pmf.sf(hi);
        last.1 += o + tail_observed;
        let stat: f64 = cells.iter().map(|(e, o)| (o - e).powi(2) / e).sum();
        let df = (cells.len() - 1) as f64;
        1.0 - ChiSquared::new(df).unwrap().cdf(stat)
    }

    #[test]
    fn draws_follow_the_poisson_distribution() {
        // Every method, both sides of the switch, and means where PTRS's squeeze matters.
        for (mean, seed) in [
            (1, 1),
            (3, 2),
            (16, 3),
            (TABLE_MEAN, 4),
            (TABLE_MEAN + 1, 5),
            (150, 6),
            (5_000, 7),
            (2_000_000, 8),
        ] {
            let p = chi_square_p(&PoissonSampler::new(mean), mean, 200_000, seed);
            assert!(p > 1e-4, "mean {mean}: χ² p = {p}");
            // The same mean from a table of its own.
            let owned = PoissonSampler::for_draws(mean, u64::MAX);
            let p = chi_square_p(&owned, mean, 200_000, seed + 100);
            assert!(p > 1e-4, "mean {mean}, own table: χ² p = {p}");
        }
    }

    #[test]
    fn a_wrong_mean_is_detected() {
        // The test above can fail: draws of mean 100 tested as if their mean were 102.
        let sampler = PoissonSampler::new(100);
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let n = 200_000;
        let mean = (0..n).map(|_| sampler.sample(&mut rng) as f64).sum::<f64>() / n as f64;
        assert!((mean - 102.0).abs() > 6.0 * (102.0f64 / n as f64).sqrt());
        assert_relative_eq!(mean, 100.0, epsilon = 6.0 * (100.0f64 / n as f64).sqrt());
    }

    #[test]
    fn fill_gives_the_draws_of_repeated_samples() {
        for (mean, draws) in [
            (0, 10),
            (5, 100),
            (300, 100),
            (300, 1_000_000),
            (100_000, 100),
        ] {
            let sampler = PoissonSampler::for_draws(mean, draws);
            let (mut a, mut b) = (ChaCha8Rng::seed_from_u64(3), ChaCha8Rng::seed_from_u64(3));
            let mut filled = vec![0.0; 500];
            sampler.fill(&mut a, &mut filled);
            let one_by_one: Vec<f64> = (0..500).map(|_| sampler.sample(&mut b) as f64).collect();
            assert_eq!(filled, one_by_one, "mean {mean}");
        }
    }

    #[test]
    fn zero_mean_gives_zero() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(PoissonSampler::new(0).sample(&mut rng), 0);
    }
}
/// Not a test: the costs behind [`SLOTS_PER_DRAW`], printed (run it with `--ignored --nocapture`).
#[cfg(test)]
mod costs {
    use super::*;
    use rand::SeedableRng;

    #[test]
    #[ignore]
    fn poisson_costs() {
        // The bootstrap's generator (`audit::bootstrap::Resampler`).
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
        let mut out = vec![0.0; 1000];
        let reps = 2000;
        for mean in [30u64, 200, 600, 5_000, 12_000, 100_000] {
            let mut check = 0.0;
            let start = std::time::Instant::now();
            for _ in 0..reps {
                PoissonSampler::for_draws(mean, 1000).fill(&mut rng, &mut out);
                check += out[3];
            }
            let chosen = start.elapsed().as_nanos() as f64 / (reps * 1000) as f64;
            let ptrs = PoissonSampler::new(mean);
            let start = std::time::Instant::now();
            for _ in 0..reps {
                ptrs.fill(&mut rng, &mut out);
                check += out[3];
            }
            let plain = start.elapsed().as_nanos() as f64 / (reps * 1000) as f64;
            let start = std::time::Instant::now();
            let mut slots = 0;
            for _ in 0..200 {
                slots += AliasTable::new(mean).slots.len();
            }
            let build = start.elapsed().as_nanos() as f64 / slots as f64;
            eprintln!(
                "mean {mean}: {chosen:.1} ns/draw as chosen for 1,000 draws, {plain:.1} ns/draw by \
                 PoissonSampler::new, {build:.1} ns per slot built, {} slots ({check})",
                slots / 200
            );
        }
    }
}
