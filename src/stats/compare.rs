//! Comparing distributions: goodness of fit to a reference population, independence in a table,
//! two-sample shift (Kolmogorov–Smirnov, population stability index) and ratios of Poisson rates.
//!
//! Pure functions of numbers, each with its formula and source; `tests/sampling_peers.rs` checks them
//! against scipy / numpy values committed in `tests/data/sampling_expected.json`.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::{score_bound, standard_normal};

/// A test statistic with its χ² reference distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquareTest {
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: u64,
    /// Upper-tail p-value `P(χ²_df ≥ statistic)`.
    pub p_value: f64,
}

pub(crate) fn chi_square_sf(statistic: f64, df: u64) -> f64 {
    let dist = ChiSquared::new(df as f64).expect("df ≥ 1 is a valid χ² distribution");
    dist.sf(statistic).clamp(0.0, 1.0)
}

/// Expected counts `n·q_g` from population counts; `None` when a count is not positive and finite.
fn expected_counts(observed: &[u64], population: &[f64]) -> Option<Vec<f64>> {
    if observed.len() != population.len() || observed.len() < 2 {
        return None;
    }
    if population.iter().any(|&c| !(c.is_finite() && c > 0.0)) {
        return None;
    }
    let n: u64 = observed.iter().sum();
    if n == 0 {
        return None;
    }
    let total: f64 = population.iter().sum();
    Some(population.iter().map(|c| n as f64 * c / total).collect())
}

/// Pearson's χ² goodness-of-fit test of observed group counts against population counts.
///
/// `E_g = n·N_g/ΣN`, `X² = Σ (O_g − E_g)²/E_g`, `df = k − 1`. Source: Pearson (1900), Phil. Mag. 50:157;
/// Agresti (2013) §1.5; scipy.stats.chisquare. `None` with fewer than two groups, no rows, or a
/// population count that is not positive.
pub fn chi_square_gof(observed: &[u64], population: &[f64]) -> Option<ChiSquareTest> {
    let expected = expected_counts(observed, population)?;
    let statistic = observed
        .iter()
        .zip(&expected)
        .map(|(&o, &e)| (o as f64 - e).powi(2) / e)
        .sum();
    let df = observed.len() as u64 - 1;
    Some(ChiSquareTest {
        statistic,
        df,
        p_value: chi_square_sf(statistic, df),
    })
}

/// The likelihood-ratio (G) goodness-of-fit test: `G = 2 Σ O_g ln(O_g/E_g)` (a term with `O_g = 0` is 0),
/// `df = k − 1`. Source: Sokal & Rohlf, *Biometry* (4th ed., 2012) §17.1; Agresti (2013) §1.5;
/// scipy.stats.power_divergence with `lambda_="log-likelihood"`.
pub fn g_test_gof(observed: &[u64], population: &[f64]) -> Option<ChiSquareTest> {
    let expected = expected_counts(observed, population)?;
    let statistic = 2.0
        * observed
            .iter()
            .zip(&expected)
            .filter(|(o, _)| **o > 0)
            .map(|(&o, &e)| o as f64 * (o as f64 / e).ln())
            .sum::<f64>();
    let statistic = statistic.max(0.0);
    let df = observed.len() as u64 - 1;
    Some(ChiSquareTest {
        statistic,
        df,
        p_value: chi_square_sf(statistic, df),
    })
}

/// Pearson's χ² test of independence in an `r × c` table of counts (no continuity correction).
///
/// Rows and columns whose total is 0 are left out (they carry no information and would give 0/0).
/// `E_ij = R_i·C_j/n`, `X² = Σ (O_ij − E_ij)²/E_ij`, `df = (r − 1)(c − 1)`. Source: Agresti (2013) §3.2;
/// scipy.stats.chi2_contingency with `correction=False`. `None` when fewer than two rows or two
/// columns remain.
pub fn chi_square_independence(table: &[Vec<u64>]) -> Option<ChiSquareTest> {
    let cols = table.first().map_or(0, Vec::len);
    if table.iter().any(|r| r.len() != cols) {
        return None;
    }
    let row_tot: Vec<u64> = table.iter().map(|r| r.iter().sum()).collect();
    let col_tot: Vec<u64> = (0..cols)
        .map(|j| table.iter().map(|r| r[j]).sum())
        .collect();
    let rows_kept: Vec<usize> = (0..table.len()).filter(|&i| row_tot[i] > 0).collect();
    let cols_kept: Vec<usize> = (0..cols).filter(|&j| col_tot[j] > 0).collect();
    if rows_kept.len() < 2 || cols_kept.len() < 2 {
        return None;
    }
    let n: u64 = row_tot.iter().sum();
    let mut statistic = 0.0;
    for &i in &rows_kept {
        for &j in &cols_kept {
            let e = row_tot[i] as f64 * col_tot[j] as f64 / n as f64;
            statistic += (table[i][j] as f64 - e).powi(2) / e;
        }
    }
    let df = (rows_kept.len() as u64 - 1) * (cols_kept.len() as u64 - 1);
    Some(ChiSquareTest {
        statistic,
        df,
        p_value: chi_square_sf(statistic, df),
    })
}

/// Total variation distance between two distributions given as counts: `½ Σ |p_g − q_g|` with
/// `p = a/Σa`, `q = b/Σb`. Source: Levin, Peres & Wilmer, *Markov Chains and Mixing Times* (2009) §4.1.
/// `None` when either side sums to 0 or the lengths differ.
pub fn total_variation(a: &[f64], b: &[f64]) -> Option<f64> {
    let (sa, sb): (f64, f64) = (a.iter().sum(), b.iter().sum());
    if a.len() != b.len() || !(sa > 0.0 && sb > 0.0) {
        return None;
    }
    Some(
        0.5 * a
            .iter()
            .zip(b)
            .map(|(x, y)| (x / sa - y / sb).abs())
            .sum::<f64>(),
    )
}

/// Score test that a group's share `k/n` equals its population share `q`, two-sided.
///
/// `z = (k − n·q)/√(n·q(1 − q))`, `p = 2·(1 − Φ(|z|))`; `z²` is Pearson's X² for the table collapsed to
/// "this group / all others" (scipy.stats.chisquare on `[k, n − k]` against `[nq, n(1 − q)]`).
/// Source: Agresti (2013) §1.4.1. Returns `(z, p)`, or `None` when `n = 0` or `q` is not in (0, 1).
pub fn share_score_test(k: u64, n: u64, q: f64) -> Option<(f64, f64)> {
    if n == 0 || k > n || !(q > 0.0 && q < 1.0) {
        return None;
    }
    let n = n as f64;
    let z = (k as f64 - n * q) / (n * q * (1.0 - q)).sqrt();
    Some((z, (2.0 * standard_normal().sf(z.abs())).min(1.0)))
}

/// One-sided score tests that a group's representation ratio `(k/n)/q` lies beyond each edge of a
/// band `[low, high]`: `H₀: p ≤ high·q` and `H₀: p ≥ low·q`, with
/// `z(c) = (k − n·c·q)/√(n·cq(1 − cq))`, `(P_above, P_below) = (1 − Φ(z(high)), Φ(z(low)))`. These
/// are the tests the Wilson interval inverts (Wilson 1927), so `P_above < (1 − level)/2` exactly
/// when the Wilson interval divided by `q` lies above `high`. A share above 1 is impossible: when
/// `high·q ≥ 1`, `P_above = 1` (and when `low·q ≥ 1`, `P_below = 0` unless `k = n`). `None` when
/// `n = 0` or `q` is not in (0, 1).
pub fn share_beyond_band(k: u64, n: u64, q: f64, low: f64, high: f64) -> Option<(f64, f64)> {
    if n == 0 || k > n || !(q > 0.0 && q < 1.0) {
        return None;
    }
    let nf = n as f64;
    let z = |c: f64| {
        let p0 = c * q;
        super::standardized(k as f64 - nf * p0, nf * p0 * (1.0 - p0))
    };
    let normal = standard_normal();
    let above = if high * q >= 1.0 {
        1.0
    } else {
        normal.sf(z(high))
    };
    let below = if low * q >= 1.0 {
        if k == n { 1.0 } else { 0.0 }
    } else {
        normal.cdf(z(low))
    };
    Some((above, below))
}

/// The two-sample Kolmogorov–Smirnov test, two-sided, with Smirnov's asymptotic p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KsTest {
    /// `D = sup_x |F_a(x) − F_b(x)|` over the empirical distribution functions.
    pub statistic: f64,
    /// `P(K ≥ √(n·m/(n+m))·D)` for the Kolmogorov distribution `K`.
    pub p_value: f64,
}

/// Two-sample KS test on two **sorted** samples (ties allowed: the ECDFs are compared after every
/// distinct value, as scipy.stats.ks_2samp does).
///
/// `p = Q_KS(√(nm/(n+m))·D)` with `Q_KS(z) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²z²}` (Smirnov 1948,
/// Ann. Math. Stat. 19:279; scipy `kstwobign.sf`, i.e. ks_2samp with `method="asymp"` up to its
/// finite-n refinement). With ties the test is conservative. `None` when a sample is empty.
pub fn ks_two_sample(a: &[f64], b: &[f64]) -> Option<KsTest> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    debug_assert!(a.windows(2).all(|w| w[0] <= w[1]) && b.windows(2).all(|w| w[0] <= w[1]));
    let (n, m) = (a.len(), b.len());
    let (mut i, mut j, mut d) = (0usize, 0usize, 0.0f64);
    while i < n && j < m {
        let x = a[i].min(b[j]);
        while i < n && a[i] <= x {
            i += 1;
        }
        while j < m && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n as f64 - j as f64 / m as f64).abs());
    }
    let en = (n as f64 * m as f64) / (n + m) as f64;
    Some(KsTest {
        statistic: d,
        p_value: kolmogorov_sf(en.sqrt() * d),
    })
}

/// Survival function of the Kolmogorov distribution, `Q(z) = P(K > z)`.
///
/// For `z ≥ 1`: `Q = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²z²}`; for `z < 1` the series converges slowly, so
/// `1 − (√(2π)/z) Σ_{k≥1} e^{−(2k−1)²π²/(8z²)}` is used (both from Kolmogorov 1933; Marsaglia, Tsang &
/// Wang 2003, J. Stat. Software 8(18)).
pub fn kolmogorov_sf(z: f64) -> f64 {
    if z <= 0.0 {
        return 1.0;
    }
    if z < 1.0 {
        let pi2 = std::f64::consts::PI.powi(2);
        let mut sum = 0.0;
        for k in 1..=20 {
            let odd = (2 * k - 1) as f64;
            sum += (-(odd * odd) * pi2 / (8.0 * z * z)).exp();
        }
        return (1.0 - (std::f64::consts::TAU).sqrt() / z * sum).clamp(0.0, 1.0);
    }
    let mut sum = 0.0;
    for k in 1..=100u32 {
        let term = (-2.0 * f64::from(k * k) * z * z).exp();
        sum += if k % 2 == 1 { term } else { -term };
        if term < 1e-300 {
            break;
        }
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Smallest share a bin may have in the PSI; empty bins are raised to it so the logarithm exists
/// (the value Evidently and most credit-scoring code use).
pub const PSI_FLOOR: f64 = 0.0001;

/// Population stability index between the bin counts of a reference (training) sample and a current
/// (deployment) sample: `PSI = Σ_b (c_b − r_b)·ln(c_b/r_b)` with shares `r_b`, `c_b` raised to
/// [`PSI_FLOOR`]. Rules of thumb: < 0.1 no shift, 0.1–0.25 moderate, ≥ 0.25 large (Siddiqi, *Credit
/// Risk Scorecards*, 2006, ch. 8; Yurdakul 2018, *Statistical properties of the population stability
/// index*). `None` when either side has no rows or the lengths differ.
pub fn psi(reference: &[u64], current: &[u64]) -> Option<f64> {
    let (sr, sc): (u64, u64) = (reference.iter().sum(), current.iter().sum());
    if reference.len() != current.len() || sr == 0 || sc == 0 {
        return None;
    }
    Some(
        reference
            .iter()
            .zip(current)
            .map(|(&r, &c)| {
                let r = (r as f64 / sr as f64).max(PSI_FLOOR);
                let c = (c as f64 / sc as f64).max(PSI_FLOOR);
                (c - r) * (c / r).ln()
            })
            .sum(),
    )
}

/// The PSI's standard error by the first-order delta method for two independent multinomial samples,
/// and the one-sided p-value that the PSI lies above `floor`: with shares `r_b`, `c_b` (raised to
/// [`PSI_FLOOR`]) the gradients are `∂PSI/∂c_b = ln(c_b/r_b) + 1 − r_b/c_b` and
/// `∂PSI/∂r_b = −ln(c_b/r_b) + 1 − c_b/r_b`, the variance of `Σ a_b·ĉ_b` is
/// `(Σ a_b²c_b − (Σ a_b c_b)²)/n_c` (Agresti 2013, *Categorical Data Analysis*, §16.1), summed over both
/// samples; `p = 1 − Φ((PSI − floor)/se)`. First order: at a PSI of 0 the gradients vanish and the se
/// is 0 (nothing can be shown above a floor there), and in small samples the PSI is biased upward by
/// about `(k − 1)(1/n_r + 1/n_c)/2` (Yurdakul 2018), which makes the test slightly liberal just below
/// the floor. `(se, p)`, `None` as for [`psi`].
pub fn psi_above(reference: &[u64], current: &[u64], floor: f64) -> Option<(f64, f64)> {
    let value = psi(reference, current)?;
    let (sr, sc): (u64, u64) = (reference.iter().sum(), current.iter().sum());
    let shares = |v: &[u64], n: u64| -> Vec<f64> {
        v.iter()
            .map(|&x| (x as f64 / n as f64).max(PSI_FLOOR))
            .collect()
    };
    let (r, c) = (shares(reference, sr), shares(current, sc));
    let variance = |grad: &dyn Fn(usize) -> f64, p: &[f64], n: u64| {
        let m: f64 = p.iter().enumerate().map(|(b, pb)| grad(b) * pb).sum();
        let m2: f64 = p
            .iter()
            .enumerate()
            .map(|(b, pb)| grad(b) * grad(b) * pb)
            .sum();
        ((m2 - m * m) / n as f64).max(0.0)
    };
    let dc = |b: usize| (c[b] / r[b]).ln() + 1.0 - r[b] / c[b];
    let dr = |b: usize| -(c[b] / r[b]).ln() + 1.0 - c[b] / r[b];
    let se = (variance(&dc, &c, sc) + variance(&dr, &r, sr)).sqrt();
    let p = if se > 0.0 {
        standard_normal().sf((value - floor) / se)
    } else if value > floor {
        0.0
    } else {
        1.0
    };
    Some((se, p))
}

/// Inner bin edges at the deciles (or other `bins`-quantiles) of a **sorted** reference sample
/// (Hyndman & Fan type 7, as numpy's default), with repeated edges removed, so discrete columns get
/// fewer bins. A value `x` falls in the first bin with `x ≤ edge`, or in the last bin.
pub fn quantile_edges(sorted: &[f64], bins: usize) -> Vec<f64> {
    let mut edges: Vec<f64> = Vec::with_capacity(bins.saturating_sub(1));
    if sorted.is_empty() {
        return edges;
    }
    for b in 1..bins {
        let h = (sorted.len() - 1) as f64 * b as f64 / bins as f64;
        let (lo, frac) = (h.floor() as usize, h - h.floor());
        let hi = (lo + 1).min(sorted.len() - 1);
        let q = sorted[lo] + frac * (sorted[hi] - sorted[lo]);
        if edges.last().is_none_or(|&last| q > last) {
            edges.push(q);
        }
    }
    edges
}

/// Counts of a **sorted** sample in the bins cut by `edges` (see [`quantile_edges`]).
pub fn bin_counts(sorted: &[f64], edges: &[f64]) -> Vec<u64> {
    let mut counts = vec![0u64; edges.len() + 1];
    let mut start = 0;
    for (b, &edge) in edges.iter().enumerate() {
        let end = start + sorted[start..].partition_point(|&x| x <= edge);
        counts[b] = (end - start) as u64;
        start = end;
    }
    counts[edges.len()] = (sorted.len() - start) as u64;
    counts
}

/// A reporting rate (events recorded per event that happened) relative to a reference group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    pub ratio: f64,
    pub low: f64,
    pub high: f64,
    /// Standard error of `ln ratio`.
    pub se_log: f64,
    /// Two-sided p-value of `ratio = 1` (Wald test on the log scale).
    pub p_value: f64,
}

/// One group's side of a reporting-rate comparison: recorded events and the events an independent
/// incidence estimate expects (`incidence × exposure`), with that estimate's relative standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportingCounts {
    /// Events recorded in the data (Poisson).
    pub recorded: f64,
    /// Events expected from the independent incidence estimate.
    pub expected: f64,
    /// Relative standard error of the incidence estimate (`se / estimate`; 0 when unknown).
    pub relative_se: f64,
}

impl ReportingCounts {
    /// The reporting rate `recorded / expected`.
    pub fn rate(&self) -> f64 {
        self.recorded / self.expected
    }

    /// The upper bound of the score interval of the reporting rate when no events were recorded:
    /// every `ρ` with `(O − ρE)² ≤ z²·Var(O)`, `Var(O) = ρE + (ρEs)²` (Poisson and survey), which at
    /// `O = 0` is `ρ ≤ z² / (E·(1 − z²s²))`. With `s = 0` it is the Poisson score (Wilson-type)
    /// interval's `z²/E` (Barker 2002, The American Statistician 56:85). `None` when the survey alone
    /// allows any rate (`z·s ≥ 1`) or nothing is expected.
    pub fn upper_without_events(&self, z: f64) -> Option<f64> {
        let room = 1.0 - (z * self.relative_se).powi(2);
        (self.expected > 0.0 && room > 0.0).then(|| z * z / (self.expected * room))
    }

    /// `Var(ln rate) ≈ 1/recorded + relative_se²` (delta method; the recorded count is Poisson and
    /// independent of the survey). `None` without recorded events.
    pub fn log_variance(&self) -> Option<f64> {
        (self.recorded > 0.0 && self.expected > 0.0)
            .then(|| 1.0 / self.recorded + self.relative_se.powi(2))
    }
}

/// The ratio of two reporting rates with a Wald interval on the log scale:
/// `RR = (O_g/E_g)/(O_r/E_r)`, `se(ln RR) = √(1/O_g + 1/O_r + s_g² + s_r²)` with `s` the relative
/// standard errors of the incidence estimates, interval `exp(ln RR ± z·se)`, `p = 2(1 − Φ(|ln RR|/se))`.
/// Source: Rothman, Greenland & Lash, *Modern Epidemiology* (3rd ed., 2008), ch. 14 (rate ratio);
/// the survey term is the delta method (Agresti 2013 §16.1). `None` when either side has no events.
pub fn reporting_rate_ratio(
    group: ReportingCounts,
    reference: ReportingCounts,
    z: f64,
) -> Option<RateRatio> {
    let se_log = (group.log_variance()? + reference.log_variance()?).sqrt();
    let ratio = group.rate() / reference.rate();
    let p_value = (2.0 * standard_normal().sf((ratio.ln() / se_log).abs())).min(1.0);
    Some(RateRatio {
        ratio,
        low: ratio * (-z * se_log).exp(),
        high: ratio * (z * se_log).exp(),
        se_log,
        p_value,
    })
}

/// The score interval and test of a reporting-rate ratio `R = ρ_g/ρ_r`, which (unlike
/// [`reporting_rate_ratio`]) exist when the group recorded no events. Under `R`, the Poisson
/// maximum-likelihood rates are `ρ̃_r = (O_g + O_r)/(R·E_g + E_r)` and `ρ̃_g = R·ρ̃_r`, and
///
/// `T(R) = (O_g/E_g − R·O_r/E_r) / √(ρ̃_g/E_g + ρ̃_g²·s_g² + R²·(ρ̃_r/E_r + ρ̃_r²·s_r²))`,
///
/// the variance of each observed rate `O/E` being the Poisson term plus the survey's, `ρ/E + ρ²s²`
/// (the delta method, as in the log interval). Interval `{R : |T(R)| ≤ z}` (from 0 when `O_g = 0`),
/// two-sided `p = 2(1 − Φ(|T(1)|))`. Source: the score test W2A of Gu, Ng, Tang & Schucany (2008),
/// Biometrical Journal 50:283 (statsmodels `test_poisson_2indep` / `confint_poisson_2indep`,
/// `method='score'`), which this is when `s_g = s_r = 0`. Returns `(low, high, p)`, or `None` when the
/// reference recorded no events or a side expects none.
pub fn reporting_rate_ratio_score(
    group: ReportingCounts,
    reference: ReportingCounts,
    z: f64,
) -> Option<(f64, f64, f64)> {
    let score = reporting_score_statistic(group, reference)?;
    let p_value = (2.0 * standard_normal().sf(score(1.0).abs())).min(1.0);
    let (rg, rr) = (group.rate(), reference.rate());
    let estimate = rg / rr;
    let (low, high) = if group.recorded == 0.0 {
        (
            0.0,
            score_bound(&score, -z, 1e-6 / (group.expected * rr), 2.0),
        )
    } else {
        (
            score_bound(&score, z, estimate, 0.5),
            score_bound(&score, -z, estimate, 2.0),
        )
    };
    Some((low, high, p_value))
}

/// The score statistic `T(R)` of [`reporting_rate_ratio_score`] as a function of the ratio `R > 0`
/// (falling in `R`). `None` when the reference recorded no events or a side expects none.
pub fn reporting_score_statistic(
    group: ReportingCounts,
    reference: ReportingCounts,
) -> Option<impl Fn(f64) -> f64> {
    let (og, eg, sg) = (group.recorded, group.expected, group.relative_se);
    let (or, er, sr) = (
        reference.recorded,
        reference.expected,
        reference.relative_se,
    );
    if !(or > 0.0 && eg > 0.0 && er > 0.0) {
        return None;
    }
    let (rg, rr) = (og / eg, or / er);
    Some(move |ratio: f64| {
        let ref_rate = (og + or) / (ratio * eg + er);
        let group_rate = ratio * ref_rate;
        let var = group_rate / eg
            + (group_rate * sg).powi(2)
            + ratio * ratio * (ref_rate / er + (ref_rate * sr).powi(2));
        (rg - ratio * rr) / var.sqrt()
    })
}

/// One-sided p-values that a reporting-rate ratio lies beyond each edge of a band `[low, high]`,
/// `(P_above, P_below)`: on the log scale, `(1 − Φ((ln RR − ln high)/se), Φ((ln RR − ln low)/se))`
/// with the `se` of [`reporting_rate_ratio`]; when the group recorded no events (no log scale), by
/// the score statistic of [`reporting_rate_ratio_score`] at the edges, `(1 − Φ(T(high)), Φ(T(low)))`.
/// Each is the test its interval inverts. `None` when the reference recorded no events or a side
/// expects none.
pub fn reporting_beyond_band(
    group: ReportingCounts,
    reference: ReportingCounts,
    low: f64,
    high: f64,
) -> Option<(f64, f64)> {
    let normal = standard_normal();
    if let Some(rr) = reporting_rate_ratio(group, reference, 1.0) {
        let l = rr.ratio.ln();
        return Some((
            normal.sf((l - high.ln()) / rr.se_log),
            normal.cdf((l - low.ln()) / rr.se_log),
        ));
    }
    let score = reporting_score_statistic(group, reference)?;
    Some((normal.sf(score(high)), normal.cdf(score(low))))
}

/// Several groups' reporting counts taken together: recorded and expected events summed, and the
/// relative standard error of the summed expectation, `√(Σ(E_h·s_h)²)/ΣE_h` (the groups' incidence
/// estimates independent, as separate survey domains are). `None` for no groups.
pub fn pooled_reporting(groups: &[ReportingCounts]) -> Option<ReportingCounts> {
    if groups.is_empty() {
        return None;
    }
    let recorded = groups.iter().map(|g| g.recorded).sum();
    let expected: f64 = groups.iter().map(|g| g.expected).sum();
    let var: f64 = groups
        .iter()
        .map(|g| (g.expected * g.relative_se).powi(2))
        .sum();
    Some(ReportingCounts {
        recorded,
        expected,
        relative_se: if expected > 0.0 {
            var.sqrt() / expected
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn chi_square_by_hand() {
        // O = (30, 70), population 1:1 → E = (50, 50), X² = 400/50 + 400/50 = 16, df 1.
        let t = chi_square_gof(&[30, 70], &[1.0, 1.0]).unwrap();
        assert_relative_eq!(t.statistic, 16.0, epsilon = 1e-12);
        assert_eq!(t.df, 1);
        // The 1-df test equals the score test on one group's share.
        let (z, p) = share_score_test(30, 100, 0.5).unwrap();
        assert_relative_eq!(z * z, 16.0, epsilon = 1e-12);
        assert_relative_eq!(p, t.p_value, max_relative = 1e-10);
        // G = 2(30 ln 0.6 + 70 ln 1.4).
        let g = g_test_gof(&[30, 70], &[1.0, 1.0]).unwrap();
        assert_relative_eq!(
            g.statistic,
            2.0 * (30.0 * 0.6f64.ln() + 70.0 * 1.4f64.ln()),
            epsilon = 1e-12
        );
        assert!(chi_square_gof(&[1, 2], &[1.0, 0.0]).is_none());
    }

    #[test]
    fn independence_drops_empty_margins() {
        // [[10, 20], [30, 40], [0, 0]]: the empty row is left out; 2×2 X² by hand = 100·(10·40 − 20·30)²
        // / (30·70·40·60) = 0.79365...
        let t = chi_square_independence(&[vec![10, 20], vec![30, 40], vec![0, 0]]).unwrap();
        assert_relative_eq!(
            t.statistic,
            100.0 * 200.0f64.powi(2) / (30.0 * 70.0 * 40.0 * 60.0),
            epsilon = 1e-12
        );
        assert_eq!(t.df, 1);
    }

    #[test]
    fn ks_with_ties_and_kolmogorov_tail() {
        // a = (1, 2, 2, 3), b = (2, 3, 4): after 1 → 1/4 vs 0; after 2 → 3/4 vs 1/3 (0.4167);
        // after 3 → 1 vs 2/3; after 4 → 1 vs 1. D = 5/12.
        let t = ks_two_sample(&[1.0, 2.0, 2.0, 3.0], &[2.0, 3.0, 4.0]).unwrap();
        assert_relative_eq!(t.statistic, 5.0 / 12.0, epsilon = 1e-15);
        // Both series agree where they meet, and the 5% critical value is 1.3581.
        let below = 1.0 - 1e-9;
        assert_relative_eq!(
            kolmogorov_sf(below),
            kolmogorov_sf(1.0),
            max_relative = 1e-7
        );
        assert_relative_eq!(kolmogorov_sf(1.358_098_8), 0.05, max_relative = 1e-5);
    }

    #[test]
    fn psi_and_bins_by_hand() {
        // Shares (0.5, 0.5) → (0.25, 0.75): PSI = −0.25·ln 0.5 + 0.25·ln 1.5.
        let v = psi(&[50, 50], &[25, 75]).unwrap();
        assert_relative_eq!(v, -0.25 * 0.5f64.ln() + 0.25 * 1.5f64.ln(), epsilon = 1e-15);
        let sorted: Vec<f64> = (1..=10).map(f64::from).collect();
        // Type-7 quartiles of 1..10: 3.25, 5.5, 7.75.
        let edges = quantile_edges(&sorted, 4);
        assert_eq!(edges, vec![3.25, 5.5, 7.75]);
        assert_eq!(bin_counts(&sorted, &edges), vec![3, 2, 2, 3]);
        // A constant column has a single bin.
        assert!(quantile_edges(&[2.0; 5], 10).len() == 1);
    }

    #[test]
    fn reporting_ratio_by_hand() {
        // 30 of 100 expected vs 70 of 100 expected, no survey error: RR = 3/7,
        // se = √(1/30 + 1/70).
        let g = ReportingCounts {
            recorded: 30.0,
            expected: 100.0,
            relative_se: 0.0,
        };
        let r = ReportingCounts {
            recorded: 70.0,
            expected: 100.0,
            relative_se: 0.0,
        };
        let rr = reporting_rate_ratio(g, r, 1.96).unwrap();
        assert_relative_eq!(rr.ratio, 3.0 / 7.0, epsilon = 1e-15);
        assert_relative_eq!(
            rr.se_log,
            (1.0 / 30.0 + 1.0 / 70.0f64).sqrt(),
            epsilon = 1e-15
        );
        let none = ReportingCounts { recorded: 0.0, ..g };
        assert!(reporting_rate_ratio(none, r, 1.96).is_none());
    }
}
