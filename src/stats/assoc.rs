//! Association between two columns: Pearson and Spearman correlation, the Mann–Whitney AUC, Cramér's V
//! with χ² and mutual information over a contingency table, within-stratum (fixed-effects) correlation,
//! and the time-series tools that keep a shared trend from passing as a relation (lag-1
//! autocorrelation, effective sample size, first differences, detrending) and the heterogeneity of a
//! correlation across strata (Cochran's Q, I²).
//!
//! Pure functions over slices; `tests/stats_assoc_peers.rs` checks them against scipy, scikit-learn and
//! statsmodels values in `tests/data/assoc_expected.json` (made by `scripts/peers/assoc_fixtures.py`).

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::compare::{ChiSquareTest, chi_square_independence, chi_square_sf};
use super::standard_normal;

/// A correlation coefficient with its two-sided test and interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correlation {
    pub r: f64,
    /// Points used.
    pub n: usize,
    /// Degrees of freedom of the t-test (`n − 2`, fewer after removing strata or a trend).
    pub df: f64,
    /// Two-sided p-value of `r = 0`.
    pub p_value: f64,
    /// Fisher-z interval at the requested level; `None` when too few points.
    pub ci: Option<(f64, f64)>,
}

/// Two-sided p-value of a correlation `r` with `df` degrees of freedom:
/// `t = r·√(df/(1 − r²))`, `p = 2·P(T_df > |t|)`. Source: Fisher (1915); scipy.stats.pearsonr's test.
/// `df` may be fractional (an effective sample size). `|r| = 1` gives 0; `df ≤ 0` gives `None`.
pub fn correlation_p(r: f64, df: f64) -> Option<f64> {
    if (df.is_nan() || df <= 0.0) || !r.is_finite() {
        return None;
    }
    if r.abs() >= 1.0 {
        return Some(0.0);
    }
    let t = r.abs() * (df / (1.0 - r * r)).sqrt();
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    Some((2.0 * dist.sf(t)).min(1.0))
}

/// Fisher-z interval: `tanh(atanh r ± z·se)`. Source: Fisher (1921), Metron 1:3.
pub fn fisher_interval(r: f64, se: f64, z: f64) -> Option<(f64, f64)> {
    if (se.is_nan() || se <= 0.0) || !se.is_finite() || r.abs() >= 1.0 {
        return None;
    }
    let c = r.atanh();
    Some(((c - z * se).tanh(), (c + z * se).tanh()))
}

/// Every value equal to the first. Tested exactly (as scipy does): the mean of 40 copies of 504.6 is
/// 504.5999999999999, so a sum of squared deviations is not exactly 0 for a constant column.
fn constant(x: &[f64]) -> bool {
    x.iter().all(|v| *v == x[0])
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Plain Pearson `r = Σ(x−x̄)(y−ȳ)/√(Σ(x−x̄)²·Σ(y−ȳ)²)`; `None` when either side is constant or the
/// lengths differ or fewer than 2 points.
pub fn pearson_r(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 || constant(x) || constant(y) {
        return None;
    }
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx.is_nan() || syy.is_nan() || sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Pearson correlation with the t-test (`df = n − 2`) and the Fisher-z interval `se = 1/√(n − 3)`.
/// Source: scipy.stats.pearsonr (same statistic and p-value). For a 0/1 `y` this is the point-biserial
/// correlation. `None` with fewer than 3 points or a constant column.
pub fn pearson(x: &[f64], y: &[f64], z: f64) -> Option<Correlation> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let r = pearson_r(x, y)?;
    let df = (n - 2) as f64;
    Some(Correlation {
        r,
        n,
        df,
        p_value: correlation_p(r, df)?,
        ci: (n > 3)
            .then(|| fisher_interval(r, 1.0 / ((n - 3) as f64).sqrt(), z))
            .flatten(),
    })
}

/// Average ranks (1-based; ties share the mean of their ranks), as scipy.stats.rankdata.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut out = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Spearman's ρ: Pearson's r of the average ranks, with the t-test on `n − 2` df (scipy.stats.spearmanr)
/// and the Fisher-z interval with Bonett & Wright's (2000, Psychometrika 65:23) standard error
/// `√((1 + ρ²/2)/(n − 3))`.
pub fn spearman(x: &[f64], y: &[f64], z: f64) -> Option<Correlation> {
    let n = x.len();
    if n < 3 || y.len() != n {
        return None;
    }
    let r = pearson_r(&ranks(x), &ranks(y))?;
    let df = (n - 2) as f64;
    Some(Correlation {
        r,
        n,
        df,
        p_value: correlation_p(r, df)?,
        ci: (n > 3)
            .then(|| fisher_interval(r, ((1.0 + r * r / 2.0) / (n - 3) as f64).sqrt(), z))
            .flatten(),
    })
}

/// Pearson correlation within strata (fixed effects): both columns are centred on their stratum means,
/// so anything that only differs between strata (a time trend when the strata are periods) drops out.
/// `r` is the Pearson r of the centred values; its t-test has `df = n − k − 1` for `k` strata (the
/// partial correlation given the stratum dummies; equal to the t-test of `x` in the OLS regression
/// `y ~ x + C(stratum)`), and the Fisher interval uses `se = 1/√(n − k − 2)`. Source: Wooldridge,
/// *Introductory Econometrics* (2019) §14.1 (within transformation). `None` when no within-stratum
/// variation is left or `df ≤ 0`.
pub fn pearson_within(x: &[f64], y: &[f64], stratum: &[usize], z: f64) -> Option<Correlation> {
    let n = x.len();
    if y.len() != n || stratum.len() != n || n < 3 {
        return None;
    }
    let k = stratum.iter().copied().max()? + 1;
    let mut sums = vec![(0.0, 0.0, 0usize); k];
    for ((a, b), &s) in x.iter().zip(y).zip(stratum) {
        sums[s].0 += a;
        sums[s].1 += b;
        sums[s].2 += 1;
    }
    let used = sums.iter().filter(|s| s.2 > 0).count();
    let cx: Vec<f64> = x
        .iter()
        .zip(stratum)
        .map(|(a, &s)| a - sums[s].0 / sums[s].2 as f64)
        .collect();
    let cy: Vec<f64> = y
        .iter()
        .zip(stratum)
        .map(|(b, &s)| b - sums[s].1 / sums[s].2 as f64)
        .collect();
    let r = pearson_r(&cx, &cy)?;
    let df = n as f64 - used as f64 - 1.0;
    Some(Correlation {
        r,
        n,
        df,
        p_value: correlation_p(r, df)?,
        ci: (df > 1.0)
            .then(|| fisher_interval(r, 1.0 / (df - 1.0).sqrt(), z))
            .flatten(),
    })
}

/// The AUC of a numeric column for a binary outcome, with the Mann–Whitney test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AucTest {
    /// `P(X_case > X_non-case) + ½·P(tie)`.
    pub auc: f64,
    pub cases: usize,
    pub non_cases: usize,
    /// Mann–Whitney `U` of the cases.
    pub u: f64,
    /// Two-sided p-value (normal approximation with tie and continuity correction).
    pub p_value: f64,
    /// DeLong standard error of the AUC; `None` with fewer than two cases or non-cases.
    pub se: Option<f64>,
}

/// Mann–Whitney U test and AUC. `U = R₁ − n₁(n₁+1)/2` with `R₁` the sum of the cases' average ranks,
/// `AUC = U/(n₁n₀)`; `σ² = n₁n₀/12·((n+1) − Σ(t³−t)/(n(n−1)))` over tie groups `t`;
/// `z = (|U − n₁n₀/2| − ½)/σ`, `p = 2·(1 − Φ(z))` (scipy.stats.mannwhitneyu, `method="asymptotic"`,
/// `use_continuity=True`). DeLong's standard error from the placements: a case's
/// `V₁₀ = (R_all − R_cases)/n₀`, a non-case's `V₀₁ = 1 − (R_all − R_non-cases)/n₁` (Sun & Xu 2014, IEEE
/// SPL 21:1389), `se² = s²(V₁₀)/n₁ + s²(V₀₁)/n₀`. `None` without both outcomes.
pub fn mann_whitney(values: &[f64], case: &[bool]) -> Option<AucTest> {
    if values.len() != case.len() {
        return None;
    }
    let n = values.len();
    let all = ranks(values);
    let cases: Vec<f64> = (0..n).filter(|&i| case[i]).map(|i| values[i]).collect();
    let non: Vec<f64> = (0..n).filter(|&i| !case[i]).map(|i| values[i]).collect();
    let (n1, n0) = (cases.len(), non.len());
    if n1 == 0 || n0 == 0 {
        return None;
    }
    let r1: f64 = (0..n).filter(|&i| case[i]).map(|i| all[i]).sum();
    let (f1, f0, nf) = (n1 as f64, n0 as f64, n as f64);
    let u = r1 - f1 * (f1 + 1.0) / 2.0;
    let auc = u / (f1 * f0);
    // Tie correction over the pooled sample.
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut ties = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[i] {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    let var = f1 * f0 / 12.0 * ((nf + 1.0) - ties / (nf * (nf - 1.0)));
    let p_value = if var > 0.0 {
        let zs = ((u - f1 * f0 / 2.0).abs() - 0.5).max(0.0) / var.sqrt();
        (2.0 * standard_normal().sf(zs)).min(1.0)
    } else {
        1.0
    };
    let se = (n1 >= 2 && n0 >= 2).then(|| {
        let within_cases = ranks(&cases);
        let within_non = ranks(&non);
        let all_cases = (0..n).filter(|&i| case[i]).map(|i| all[i]);
        let all_non = (0..n).filter(|&i| !case[i]).map(|i| all[i]);
        let v10: Vec<f64> = all_cases
            .zip(&within_cases)
            .map(|(a, w)| (a - w) / f0)
            .collect();
        let v01: Vec<f64> = all_non
            .zip(&within_non)
            .map(|(a, w)| 1.0 - (a - w) / f1)
            .collect();
        (sample_variance(&v10) / f1 + sample_variance(&v01) / f0).sqrt()
    });
    Some(AucTest {
        auc,
        cases: n1,
        non_cases: n0,
        u,
        p_value,
        se,
    })
}

fn sample_variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// Association in a contingency table (rows × columns of counts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableAssociation {
    pub n: u64,
    /// Pearson's χ² test of independence (no continuity correction).
    pub chi_square: ChiSquareTest,
    /// `V = √(X²/(n·(min(r, c) − 1)))` over the rows and columns with a non-zero total.
    pub cramers_v: f64,
    /// `MI = Σ (n_ij/n)·ln(n·n_ij/(R_i·C_j))`, in nats (plug-in estimate).
    pub mutual_information: f64,
    /// The G-test `G = 2·n·MI` on the same df as χ².
    pub g_test: ChiSquareTest,
}

/// Cramér's V, mutual information and their tests for a table of counts. Sources: Cramér (1946),
/// *Mathematical Methods of Statistics* §21.9 (scipy.stats.contingency.association, `method="cramer"`,
/// `correction=False`); mutual information as scikit-learn's `mutual_info_score`; `G = 2n·MI` is the
/// likelihood-ratio statistic (Agresti 2013 §3.2.1; scipy.stats.chi2_contingency with
/// `lambda_="log-likelihood"`, `correction=False`). `None` when fewer than two non-empty rows or columns.
pub fn contingency(table: &[Vec<u64>]) -> Option<TableAssociation> {
    let chi_square = chi_square_independence(table)?;
    let cols = table.first().map_or(0, Vec::len);
    let row_tot: Vec<u64> = table.iter().map(|r| r.iter().sum()).collect();
    let col_tot: Vec<u64> = (0..cols)
        .map(|j| table.iter().map(|r| r[j]).sum())
        .collect();
    let n: u64 = row_tot.iter().sum();
    let r = row_tot.iter().filter(|&&t| t > 0).count();
    let c = col_tot.iter().filter(|&&t| t > 0).count();
    let nf = n as f64;
    let mut mi = 0.0;
    for (i, row) in table.iter().enumerate() {
        for (j, &o) in row.iter().enumerate() {
            if o > 0 {
                let o = o as f64;
                mi += o / nf * (nf * o / (row_tot[i] as f64 * col_tot[j] as f64)).ln();
            }
        }
    }
    let mi = mi.max(0.0);
    let g = 2.0 * nf * mi;
    Some(TableAssociation {
        n,
        chi_square,
        cramers_v: (chi_square.statistic / (nf * (r.min(c) - 1) as f64))
            .sqrt()
            .min(1.0),
        mutual_information: mi,
        g_test: ChiSquareTest {
            statistic: g,
            df: chi_square.df,
            p_value: chi_square_sf(g, chi_square.df),
        },
    })
}

/// Lag-1 autocorrelation `r₁ = Σ_{t<T}(x_t − x̄)(x_{t+1} − x̄) / Σ_t(x_t − x̄)²` (Box & Jenkins 1976;
/// statsmodels.tsa.stattools.acf). `None` for fewer than 3 points or a constant series.
pub fn lag1_autocorrelation(x: &[f64]) -> Option<f64> {
    if x.len() < 3 || constant(x) {
        return None;
    }
    let m = mean(x);
    let den: f64 = x.iter().map(|v| (v - m).powi(2)).sum();
    if den.is_nan() || den <= 0.0 {
        return None;
    }
    let num: f64 = x.windows(2).map(|w| (w[0] - m) * (w[1] - m)).sum();
    Some(num / den)
}

/// Effective number of independent pairs of two autocorrelated series of length `n`:
/// `n_eff = n·(1 − r₁ₓr₁ᵧ)/(1 + r₁ₓr₁ᵧ)`, capped at `n` (negative products would inflate it).
/// Source: Bartlett (1935), JRSS Suppl. 2:27; Bretherton et al. (1999), J. Climate 12:1990, eq. 31.
pub fn effective_sample_size(n: usize, r1x: f64, r1y: f64) -> f64 {
    let p = r1x * r1y;
    (n as f64 * (1.0 - p) / (1.0 + p)).min(n as f64)
}

/// `x_{t+1} − x_t`.
pub fn first_differences(x: &[f64]) -> Vec<f64> {
    x.windows(2).map(|w| w[1] - w[0]).collect()
}

/// Residuals of the least-squares line `x ~ a + b·t`. `None` when `t` is constant or lengths differ.
pub fn detrend(t: &[f64], x: &[f64]) -> Option<Vec<f64>> {
    if t.len() != x.len() || t.len() < 2 {
        return None;
    }
    let (mt, mx) = (mean(t), mean(x));
    let stt: f64 = t.iter().map(|v| (v - mt).powi(2)).sum();
    if stt.is_nan() || stt <= 0.0 {
        return None;
    }
    let b = t
        .iter()
        .zip(x)
        .map(|(a, c)| (a - mt) * (c - mx))
        .sum::<f64>()
        / stt;
    Some(
        t.iter()
            .zip(x)
            .map(|(a, c)| c - mx - b * (a - mt))
            .collect(),
    )
}

/// Heterogeneity of one correlation across strata.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Heterogeneity {
    /// Strata used (`n > 3` and `|r| < 1`).
    pub strata: usize,
    /// Inverse-variance pooled correlation `tanh(Σwᵢzᵢ/Σwᵢ)`.
    pub pooled_r: f64,
    /// Cochran's `Q = Σ wᵢ(zᵢ − z̄)²` with `zᵢ = atanh rᵢ`, `wᵢ = nᵢ − 3`.
    pub q: f64,
    pub df: u64,
    /// `P(χ²_{k−1} > Q)`.
    pub p_value: f64,
    /// `I² = max(0, (Q − df)/Q)`: the share of the spread beyond chance.
    pub i_squared: f64,
}

/// Cochran's Q and I² for correlations `(r, n)` from independent strata, on Fisher's z scale.
/// Sources: Cochran (1954), Biometrics 10:101; Hedges & Olkin (1985) ch. 11; Higgins & Thompson (2002),
/// Stat. Med. 21:1539. `None` with fewer than two usable strata.
pub fn heterogeneity(strata: &[(f64, usize)]) -> Option<Heterogeneity> {
    let used: Vec<(f64, f64)> = strata
        .iter()
        .filter(|(r, n)| *n > 3 && r.abs() < 1.0 && r.is_finite())
        .map(|&(r, n)| (r.atanh(), (n - 3) as f64))
        .collect();
    if used.len() < 2 {
        return None;
    }
    let w: f64 = used.iter().map(|u| u.1).sum();
    let zbar = used.iter().map(|u| u.0 * u.1).sum::<f64>() / w;
    let q: f64 = used.iter().map(|u| u.1 * (u.0 - zbar).powi(2)).sum();
    let df = used.len() as u64 - 1;
    Some(Heterogeneity {
        strata: used.len(),
        pooled_r: zbar.tanh(),
        q,
        df,
        p_value: chi_square_sf(q, df),
        i_squared: if q > 0.0 {
            ((q - df as f64) / q).max(0.0)
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    /// Maine divorce rate vs US margarine consumption, 2000–2009 (tylervigen.com): r = 0.99256 by hand
    /// from the sums below, and r₁ of each series from the definition.
    #[test]
    fn tylervigen_pair_by_hand() {
        let divorce = [5.0, 4.7, 4.6, 4.4, 4.3, 4.1, 4.2, 4.2, 4.2, 4.1];
        let margarine = [8.2, 7.0, 6.5, 5.3, 5.2, 4.0, 4.6, 4.5, 4.2, 3.7];
        let c = pearson(&divorce, &margarine, 1.96).unwrap();
        assert_abs_diff_eq!(c.r, 0.992_558_458_223_818_5, epsilon = 1e-12);
        // Mean 4.38; deviations 0.62, 0.32, 0.22, 0.02, −0.08, −0.28, −0.18, −0.18, −0.18, −0.28:
        // Σd² = 0.7960, Σ d_t·d_{t+1} = 0.4596 → r₁ = 0.577387.
        let r1 = lag1_autocorrelation(&divorce).unwrap();
        assert_abs_diff_eq!(r1, 0.4596 / 0.7960, epsilon = 1e-12);
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    /// Cases [3, 4, 5], non-cases [1, 2, 3]: the case wins 8 of 9 pairs and ties one → AUC = 8.5/9.
    #[test]
    fn auc_by_hand() {
        let t = mann_whitney(
            &[3.0, 4.0, 5.0, 1.0, 2.0, 3.0],
            &[true, true, true, false, false, false],
        )
        .unwrap();
        assert_abs_diff_eq!(t.auc, 8.5 / 9.0, epsilon = 1e-15);
        assert_abs_diff_eq!(t.u, 8.5, epsilon = 1e-15);
    }

    #[test]
    fn constant_or_short_columns_have_no_correlation() {
        assert!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0], 1.96).is_none());
        assert!(pearson(&[1.0, 2.0], &[1.0, 2.0], 1.96).is_none());
        assert!(mann_whitney(&[1.0, 2.0], &[true, true]).is_none());
        assert!(heterogeneity(&[(0.3, 50)]).is_none());
    }
}
