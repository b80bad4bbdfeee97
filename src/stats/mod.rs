//! Pure statistics over counts: interval estimates, tests and multiple-comparison corrections.
//!
//! Everything here is a pure function of numbers; nothing reads files or prints. Each function states
//! its formula and a source, and the integration test `tests/stats_peers.rs` checks it against
//! statsmodels / scipy values committed in `tests/data/stats_expected.json`.

pub mod assoc;
pub mod compare;
pub mod linalg;
pub mod poisson;
pub mod rank;

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::ln_gamma;

/// Two-sided standard normal quantile for a confidence level, e.g. 0.95 → 1.959963984540054.
///
/// `z = Φ⁻¹(1 − (1 − level)/2)`.
pub fn z_for_level(level: f64) -> f64 {
    standard_normal().inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

pub(crate) fn standard_normal() -> Normal {
    Normal::standard()
}

/// Wilson score interval for a binomial proportion `k / n`.
///
/// `centre = (p̂ + z²/2n) / (1 + z²/n)`, `half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)`.
/// Source: Wilson (1927), JASA 22:209; recommended over the Wald interval by Brown, Cai & DasGupta
/// (2001), Statistical Science 16:101. Returns `None` when `n = 0` (no interval exists).
pub fn wilson_interval(k: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || k > n {
        return None;
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At k = 0 the lower bound is exactly 0 (centre = half), at k = n the upper exactly 1; rounding
    // would leave them a few ulps off.
    let low = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if k as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

/// Result of a two-sample test of equal proportions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestResult {
    /// Two-sided p-value.
    pub p_value: f64,
    /// Which test produced it.
    pub method: TestMethod,
}

/// The test used for a comparison of two proportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestMethod {
    /// Pooled two-proportion z-test.
    ZTest,
    /// Fisher's exact test (used when an expected cell count is below 5).
    FisherExact,
}

impl TestMethod {
    /// Stable name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            TestMethod::ZTest => "two-proportion z-test",
            TestMethod::FisherExact => "Fisher exact test",
        }
    }
}

/// Pooled two-proportion z-test of `k1/n1 = k2/n2`, two-sided.
///
/// `p̂ = (k1+k2)/(n1+n2)`, `z = (k1/n1 − k2/n2) / √(p̂(1−p̂)(1/n1 + 1/n2))`, `p = 2·(1 − Φ(|z|))`.
/// Source: Agresti, *Categorical Data Analysis* (3rd ed., 2013), §3.1; statsmodels `proportions_ztest`.
/// Returns `(z, p)`, or `None` when a group is empty or the pooled proportion is 0 or 1 (no variance).
pub fn two_proportion_z_test(k1: u64, n1: u64, k2: u64, n2: u64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 || k1 > n1 || k2 > n2 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (k1 + k2) as f64 / (n1f + n2f);
    let var = pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f);
    if var <= 0.0 {
        return None;
    }
    let z = (k1 as f64 / n1f - k2 as f64 / n2f) / var.sqrt();
    let p = 2.0 * standard_normal().sf(z.abs());
    Some((z, p.min(1.0)))
}

/// Fisher's exact test on the 2×2 table `[[a, b], [c, d]]`, two-sided.
///
/// With margins fixed, `a` is hypergeometric: `P(a) = C(a+b, a)·C(c+d, c) / C(n, a+c)`. The two-sided
/// p-value sums `P(x)` over all tables with `P(x) ≤ P(a)` (with a relative tolerance of 1e-7, as
/// scipy does). Source: Fisher (1935), *The Design of Experiments*; Agresti (2013) §3.5;
/// scipy.stats.fisher_exact.
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let row1 = a + b;
    let col1 = a + c;
    let n = a + b + c + d;
    if n == 0 || row1 == 0 || col1 == 0 || row1 == n || col1 == n {
        return 1.0;
    }
    let ln_choose = |n: u64, k: u64| -> f64 {
        ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
    };
    let ln_denominator = ln_choose(n, col1);
    let ln_p = |x: u64| ln_choose(row1, x) + ln_choose(n - row1, col1 - x) - ln_denominator;
    let lo = col1.saturating_sub(n - row1);
    let hi = row1.min(col1);
    let observed = ln_p(a);
    let mut total = 0.0;
    for x in lo..=hi {
        let lp = ln_p(x);
        if lp <= observed + 1e-7_f64.ln_1p() {
            total += lp.exp();
        }
    }
    total.min(1.0)
}

/// Chooses and runs the test of `k1/n1 = k2/n2`: Fisher's exact test when any expected cell count of
/// the 2×2 table is below 5 (Cochran's rule, Cochran 1954, Biometrics 10:417), else the z-test.
/// Returns `None` when a group is empty, or when neither group has (or both groups only have)
/// events, so there is nothing to test.
pub fn compare_proportions(k1: u64, n1: u64, k2: u64, n2: u64) -> Option<TestResult> {
    if n1 == 0 || n2 == 0 || k1 > n1 || k2 > n2 {
        return None;
    }
    let n = (n1 + n2) as f64;
    let events = (k1 + k2) as f64;
    if events == 0.0 || events == n {
        return None;
    }
    let min_expected = [n1 as f64, n2 as f64]
        .iter()
        .flat_map(|&ni| [ni * events / n, ni * (n - events) / n])
        .fold(f64::INFINITY, f64::min);
    if min_expected < 5.0 {
        Some(TestResult {
            p_value: fisher_exact(k1, n1 - k1, k2, n2 - k2),
            method: TestMethod::FisherExact,
        })
    } else {
        two_proportion_z_test(k1, n1, k2, n2).map(|(_, p)| TestResult {
            p_value: p,
            method: TestMethod::ZTest,
        })
    }
}

/// Ratio of two proportions `(a/n1) / (c/n2)` with the Katz log interval.
///
/// `RR = (a/n1)/(c/n2)`, `se(ln RR) = √(1/a − 1/n1 + 1/c − 1/n2)`, interval `exp(ln RR ± z·se)`.
/// Source: Katz, Baptista, Azen & Pike (1978), Biometrics 34:469; scipy.stats.contingency.relative_risk.
/// Returns `(rr, low, high)`, or `None` when `a` or `c` is zero (the log interval does not exist).
pub fn ratio_interval(a: u64, n1: u64, c: u64, n2: u64, z: f64) -> Option<(f64, f64, f64)> {
    if a == 0 || c == 0 || a > n1 || c > n2 {
        return None;
    }
    let (a, n1, c, n2) = (a as f64, n1 as f64, c as f64, n2 as f64);
    let rr = (a / n1) / (c / n2);
    let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2).max(0.0).sqrt();
    Some((rr, (rr.ln() - z * se).exp(), (rr.ln() + z * se).exp()))
}

/// Koopman's asymptotic score interval for a ratio of proportions `θ = (a/n1) / (c/n2)`: every `θ`
/// that the score test of `p1 = θ·p2` does not reject, `{θ : T(θ)² ≤ z²}` with
///
/// `T(θ) = (p̂1 − θ·p̂2) / √(p̃1(1−p̃1)/n1 + θ²·p̃2(1−p̃2)/n2)`,
///
/// where `p̃2` is the maximum-likelihood `p2` under `p1 = θ·p2`, the smaller root of
/// `Nθ·p² − (n1θ + a + n2 + cθ)·p + (a + c) = 0` (`N = n1 + n2`), and `p̃1 = θ·p̃2`.
/// Sources: Koopman (1984), Biometrics 40:513; the restricted estimate as in Farrington & Manning
/// (1990), Statistics in Medicine 9:1447; statsmodels `confint_proportions_2indep(method='score',
/// compare='ratio', correction=False)`. Fagerland, Lydersen & Laake (2015), Statistical Methods in
/// Medical Research 24:224, recommend it for ratios.
///
/// Unlike the Katz interval it exists when the group has no events (`a = 0`: the interval is
/// `[0, upper]`). Returns `(low, high)`, or `None` when a group is empty or the reference has no
/// events (`c = 0`: the ratio is unbounded).
pub fn ratio_score_interval(a: u64, n1: u64, c: u64, n2: u64, z: f64) -> Option<(f64, f64)> {
    let score = ratio_score_statistic(a, n1, c, n2)?;
    let (m1, p2) = (n1 as f64, c as f64 / n2 as f64);
    let estimate = (a as f64 / m1) / p2;
    // With no events in the group the score is 0 at θ = 0, so the lower bound is 0; the upper is
    // sought upward from far below it (it is about z²/(n1·p̂2)).
    if a == 0 {
        return Some((0.0, score_bound(&score, -z, 1e-6 / (m1 * p2), 2.0)));
    }
    let low = score_bound(&score, z, estimate, 0.5);
    let high = score_bound(&score, -z, estimate, 2.0);
    Some((low, high))
}

/// Koopman's score statistic `T(θ)` of [`ratio_score_interval`] as a function of `θ > 0`: falling in
/// `θ`, positive below the estimate and negative above it, `±∞` where the restricted variance is 0.
/// `None` when a group is empty, the reference has no events, or a count exceeds its total.
pub fn ratio_score_statistic(a: u64, n1: u64, c: u64, n2: u64) -> Option<impl Fn(f64) -> f64> {
    if n1 == 0 || n2 == 0 || c == 0 || a > n1 || c > n2 {
        return None;
    }
    let (x1, m1, x2, m2) = (a as f64, n1 as f64, c as f64, n2 as f64);
    let (p1, p2) = (x1 / m1, x2 / m2);
    Some(move |theta: f64| {
        let qa = (m1 + m2) * theta;
        let qb = -(m1 * theta + x1 + m2 + x2 * theta);
        let qc = x1 + x2;
        let disc = (qb * qb - 4.0 * qa * qc).max(0.0);
        // The smaller root, written so that it does not cancel: 2C / (−B + √disc).
        let t2 = (2.0 * qc / (-qb + disc.sqrt())).min(1.0);
        let t1 = (theta * t2).min(1.0);
        let var = t1 * (1.0 - t1) / m1 + theta * theta * t2 * (1.0 - t2) / m2;
        standardized(p1 - theta * p2, var)
    })
}

/// A score statistic `diff/√var`; where the variance under the hypothesis is 0, `0` for no
/// difference and `±∞` otherwise (the hypothesis is then impossible for the data).
pub(crate) fn standardized(diff: f64, var: f64) -> f64 {
    if var > 0.0 {
        diff / var.sqrt()
    } else if diff == 0.0 {
        0.0
    } else {
        diff.signum() * f64::INFINITY
    }
}

/// One-sided p-values that a ratio of proportions lies beyond each edge of a band `[low, high]`:
/// `(P_above, P_below) = (1 − Φ(T(high)), Φ(T(low)))` with Koopman's score statistic `T`
/// ([`ratio_score_statistic`]), the score tests of `H₀: θ ≤ high` and `H₀: θ ≥ low` of Farrington &
/// Manning (1990), Statistics in Medicine 9:1447 (their test of a ratio against a margin `θ₀ ≠ 1`).
/// They are the tests Koopman's interval inverts: `P_above < (1 − level)/2` exactly when the
/// interval's lower bound lies above `high`. `None` where the statistic is undefined.
pub fn ratio_beyond_band(
    a: u64,
    n1: u64,
    c: u64,
    n2: u64,
    low: f64,
    high: f64,
) -> Option<(f64, f64)> {
    let score = ratio_score_statistic(a, n1, c, n2)?;
    let normal = standard_normal();
    Some((normal.sf(score(high)), normal.cdf(score(low))))
}

/// Where a score statistic that falls in `θ` crosses `target`, starting on the `inside` side and
/// moving by factors of `step` (below 1: downward) until the crossing is bracketed, then by bisection
/// on `ln θ` to machine precision. A bound beyond 10^±300 is returned as that far point (a ratio
/// without a finite bound).
pub(crate) fn score_bound(score: &dyn Fn(f64) -> f64, target: f64, inside: f64, step: f64) -> f64 {
    let side = |theta: f64| score(theta) - target;
    let mut inside = inside;
    let mut outside = inside * step;
    while side(outside) * side(inside) > 0.0 {
        inside = outside;
        outside *= step;
        if !(1e-300..1e300).contains(&outside) {
            return outside;
        }
    }
    for _ in 0..200 {
        let mid = (inside * outside).sqrt();
        if side(mid) * side(inside) > 0.0 {
            inside = mid;
        } else {
            outside = mid;
        }
        if (outside / inside - 1.0).abs() < 1e-15 {
            break;
        }
    }
    (inside * outside).sqrt()
}

/// Newcombe's hybrid score interval for a difference of proportions `p1 − p2` (method 10).
///
/// With Wilson limits `(l1, u1)`, `(l2, u2)`: `low = d − √((p1−l1)² + (u2−p2)²)`,
/// `high = d + √((u1−p1)² + (p2−l2)²)`. Source: Newcombe (1998), Statistics in Medicine 17:873.
pub fn difference_interval(k1: u64, n1: u64, k2: u64, n2: u64, z: f64) -> Option<(f64, f64, f64)> {
    let (l1, u1) = wilson_interval(k1, n1, z)?;
    let (l2, u2) = wilson_interval(k2, n2, z)?;
    let p1 = k1 as f64 / n1 as f64;
    let p2 = k2 as f64 / n2 as f64;
    let d = p1 - p2;
    let low = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let high = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some((d, low, high))
}

/// How p-values of one audit are corrected for the number of comparisons.
/// (Also a policy value, hence its serde names.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Correction {
    /// Benjamini–Hochberg step-up: controls the false discovery rate.
    BenjaminiHochberg,
    /// Holm step-down: controls the family-wise error rate.
    Holm,
}

impl Correction {
    /// Stable name used in policy files and records.
    pub fn as_str(self) -> &'static str {
        match self {
            Correction::BenjaminiHochberg => "benjamini-hochberg",
            Correction::Holm => "holm",
        }
    }
}

/// Adjusted p-values, in the order given.
///
/// Benjamini–Hochberg (1995, JRSS-B 57:289): with sorted `p(1) ≤ … ≤ p(m)`,
/// `q(i) = min_{j ≥ i} min(1, m·p(j)/j)`. Holm (1979, Scand. J. Statistics 6:65):
/// `q(i) = max_{j ≤ i} min(1, (m − j + 1)·p(j))`. Both as statsmodels `multipletests`.
pub fn adjust_p_values(p: &[f64], correction: Correction) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut adjusted = vec![0.0; m];
    match correction {
        Correction::BenjaminiHochberg => {
            let mut running = 1.0_f64;
            for (rank, &idx) in order.iter().enumerate().rev() {
                let q = (p[idx] * m as f64 / (rank + 1) as f64).min(1.0);
                running = running.min(q);
                adjusted[idx] = running;
            }
        }
        Correction::Holm => {
            let mut running = 0.0_f64;
            for (rank, &idx) in order.iter().enumerate() {
                let q = (p[idx] * (m - rank) as f64).min(1.0);
                running = running.max(q);
                adjusted[idx] = running;
            }
        }
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn wilson_by_hand() {
        // k = 5, n = 10, z = 2 (round numbers): centre = (0.5 + 0.2)/1.4 = 0.5,
        // half = 2/1.4 · √(0.025 + 0.01) = 0.267261...
        let (lo, hi) = wilson_interval(5, 10, 2.0).unwrap();
        let half = 2.0 / 1.4 * 0.035_f64.sqrt();
        assert_relative_eq!(lo, 0.5 - half, epsilon = 1e-15);
        assert_relative_eq!(hi, 0.5 + half, epsilon = 1e-15);
        assert!(wilson_interval(0, 0, 2.0).is_none());
        // The bounds at 0 and n are exact: centre = half there.
        let z = z_for_level(0.95);
        for n in 1..=2000 {
            assert_eq!(wilson_interval(0, n, z).unwrap().0, 0.0, "0 of {n}");
            assert_eq!(wilson_interval(n, n, z).unwrap().1, 1.0, "{n} of {n}");
        }
    }

    #[test]
    fn fisher_symmetric_table_is_one() {
        assert_relative_eq!(fisher_exact(5, 5, 5, 5), 1.0, epsilon = 1e-12);
        // Lady tasting tea (Fisher 1935): [[3,1],[1,3]] has two-sided p = 34/70 = 0.4857...
        assert_relative_eq!(fisher_exact(3, 1, 1, 3), 34.0 / 70.0, epsilon = 1e-12);
    }

    #[test]
    fn bh_and_holm_by_hand() {
        // m = 3, p = (0.01, 0.02, 0.04): BH q = (0.03, 0.03, 0.04); Holm = (0.03, 0.04, 0.04).
        let p = [0.02, 0.01, 0.04];
        let bh = adjust_p_values(&p, Correction::BenjaminiHochberg);
        assert_relative_eq!(bh[0], 0.03, epsilon = 1e-15);
        assert_relative_eq!(bh[1], 0.03, epsilon = 1e-15);
        assert_relative_eq!(bh[2], 0.04, epsilon = 1e-15);
        let holm = adjust_p_values(&p, Correction::Holm);
        assert_relative_eq!(holm[0], 0.04, epsilon = 1e-15);
        assert_relative_eq!(holm[1], 0.03, epsilon = 1e-15);
        assert_relative_eq!(holm[2], 0.04, epsilon = 1e-15);
    }

    #[test]
    fn ratio_interval_undefined_without_events() {
        assert!(ratio_interval(0, 10, 3, 10, 1.96).is_none());
        let (rr, lo, hi) = ratio_interval(10, 100, 5, 100, 1.96).unwrap();
        assert_relative_eq!(rr, 2.0, epsilon = 1e-15);
        assert!(lo < 2.0 && hi > 2.0);
    }

    #[test]
    fn score_ratio_interval_exists_without_group_events_but_not_without_reference_events() {
        let z = 1.96;
        // No events in the group: [0, upper], the upper bound shrinking as the group grows.
        let (lo, small) = ratio_score_interval(0, 50, 9, 380, z).unwrap();
        assert_eq!(lo, 0.0);
        let (_, large) = ratio_score_interval(0, 5000, 9, 380, z).unwrap();
        assert!(0.0 < large && large < small && small.is_finite());
        // Where both exist, it holds the point estimate, as the Katz interval does.
        let (rr, ..) = ratio_interval(12, 90, 20, 100, z).unwrap();
        let (lo, hi) = ratio_score_interval(12, 90, 20, 100, z).unwrap();
        assert!(lo < rr && rr < hi);
        // 10/10 against 10/10: below θ = 1 the constrained p̃2 is 1, so T(θ) is the Wilson score
        // statistic of p1 = θ and the lower bound is Wilson's lower bound for 10 of 10.
        let (lo, hi) = ratio_score_interval(10, 10, 10, 10, z).unwrap();
        assert_relative_eq!(
            lo,
            wilson_interval(10, 10, z).unwrap().0,
            max_relative = 1e-12
        );
        assert!(hi > 1.0);
        // No events in the reference: the ratio is unbounded; empty groups: nothing.
        assert!(ratio_score_interval(3, 50, 0, 60, z).is_none());
        assert!(ratio_score_interval(0, 0, 3, 60, z).is_none());
        assert!(ratio_score_interval(0, 10, 3, 0, z).is_none());
    }
}
