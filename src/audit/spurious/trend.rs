//! Shared trends: does a feature's association with the outcome survive once time is taken out?
//!
//! Two views, both from the labelled rows:
//! - **within periods** (when periods hold several rows): the correlation of the feature and the
//!   outcome after centring both on their period means ([`crate::stats::assoc::pearson_within`]);
//!   anything that only moves between periods, such as a common trend or season, drops out;
//! - **the period means as two series**: their raw correlation, the correlation of first differences
//!   and of the residuals around a straight-line trend, and the raw correlation's p-value on the
//!   Bartlett/Bretherton effective number of points `n_eff = T·(1 − r₁ₓr₁ᵧ)/(1 + r₁ₓr₁ᵧ)`, which
//!   shrinks when both series are autocorrelated (trending).
//!
//! Verdict ([`verdict`]): the within-period view judges only a feature that varies within periods;
//! a feature constant within periods (a weekly temperature) is judged on its series, detrended and
//! differenced with its effective points, so that a true period-level driver is not condemned for
//! being unable to vary inside a week. With one row per period (a pure time series, like the
//! tylervigen charts) it is trend-driven when the raw series correlation is significant but rests on
//! fewer than `min_effective_points` effective points, or loses significance once autocorrelation, a
//! linear trend or differencing is accounted for. The Maine-divorce-rate vs margarine pair
//! (r = 0.993 over 2000–2009) has r₁ ≈ 0.58 in both series, so `n_eff` ≈ 5.

use crate::policy::Rules;
use crate::record::spurious::{CorrelationEstimate, SeriesTrend, TrendReason};
use crate::stats::assoc;

/// A time column: each row's period (index into `labels`), `None` where the cell is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Periods {
    /// Period labels in time order (numbers sorted numerically, else text sorted as text).
    pub labels: Vec<String>,
    /// The position of each period on the time axis: its number, or its index for text.
    pub times: Vec<f64>,
    pub of_row: Vec<Option<usize>>,
}

impl Periods {
    /// Orders the distinct cells of a time column.
    pub fn from_cells(cells: &[String]) -> Periods {
        let trimmed: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
        let numeric = trimmed
            .iter()
            .filter(|c| !c.is_empty())
            .all(|c| c.parse::<f64>().is_ok_and(f64::is_finite));
        let mut distinct: Vec<&str> = trimmed.iter().copied().filter(|c| !c.is_empty()).collect();
        if numeric {
            distinct.sort_by(|a, b| {
                let (x, y) = (
                    a.parse::<f64>().unwrap_or(0.0),
                    b.parse::<f64>().unwrap_or(0.0),
                );
                x.total_cmp(&y).then(a.cmp(b))
            });
        } else {
            distinct.sort();
        }
        distinct.dedup();
        let times = distinct
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if numeric {
                    c.parse::<f64>().unwrap_or(i as f64)
                } else {
                    i as f64
                }
            })
            .collect();
        let of_row = trimmed
            .iter()
            .map(|c| {
                (!c.is_empty())
                    .then(|| distinct.iter().position(|d| d == c))
                    .flatten()
            })
            .collect();
        Periods {
            labels: distinct.iter().map(|s| s.to_string()).collect(),
            times,
            of_row,
        }
    }
}

fn estimate(r: f64, n: usize, df: f64, se: Option<f64>, z: f64) -> Option<CorrelationEstimate> {
    let p = assoc::correlation_p(r, df)?;
    let ci = se.and_then(|se| assoc::fisher_interval(r, se, z));
    Some(CorrelationEstimate {
        r,
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
        n: n as u64,
        df,
        p_value: p,
    })
}

/// Two series `x`, `y` observed at `times` (in time order): raw, differenced and detrended
/// correlations, lag-1 autocorrelations, effective points, and the reasons (if any) why the raw
/// correlation is not evidence of a relation.
pub fn series_trend(times: &[f64], x: &[f64], y: &[f64], rules: &Rules) -> SeriesTrend {
    let z = crate::stats::z_for_level(rules.confidence_level);
    let t = x.len();
    let raw = assoc::pearson(x, y, z).map(CorrelationEstimate::from);
    let differenced = assoc::pearson(
        &assoc::first_differences(x),
        &assoc::first_differences(y),
        z,
    )
    .map(CorrelationEstimate::from);
    let detrended = match (assoc::detrend(times, x), assoc::detrend(times, y)) {
        (Some(rx), Some(ry)) if t > 3 => assoc::pearson_r(&rx, &ry).and_then(|r| {
            let df = (t - 3) as f64;
            estimate(r, t, df, (t > 4).then(|| 1.0 / ((t - 4) as f64).sqrt()), z)
        }),
        _ => None,
    };
    let r1x = assoc::lag1_autocorrelation(x);
    let r1y = assoc::lag1_autocorrelation(y);
    let effective_points = match (r1x, r1y) {
        (Some(a), Some(b)) => Some(assoc::effective_sample_size(t, a, b)),
        _ => None,
    };
    let p_effective = match (&raw, effective_points) {
        (Some(r), Some(n)) => assoc::correlation_p(r.r, n - 2.0),
        _ => None,
    };
    let mut reasons = Vec::new();
    if raw.is_some_and(|r| r.p_value < rules.alpha) {
        if effective_points.is_some_and(|n| n < rules.min_effective_points) {
            reasons.push(TrendReason::TooFewEffectivePoints);
        }
        if p_effective.is_none_or(|p| p >= rules.alpha) {
            reasons.push(TrendReason::NotSignificantAfterAutocorrelation);
        }
        if detrended.is_some_and(|d| d.p_value >= rules.alpha) {
            reasons.push(TrendReason::CollapsesWhenDetrended);
        }
        if differenced.is_some_and(|d| d.p_value >= rules.alpha) {
            reasons.push(TrendReason::CollapsesWhenDifferenced);
        }
    }
    SeriesTrend {
        points: t as u64,
        raw,
        differenced,
        detrended,
        autocorrelation_feature: r1x,
        autocorrelation_outcome: r1y,
        effective_points,
        p_effective,
        reasons,
    }
}

/// The period means of `x` and `y` over `rows`, for the periods that have rows:
/// `(times, mean x, mean y)`.
pub fn period_means(
    periods: &Periods,
    rows: &[usize],
    x: &[f64],
    y: &[f64],
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let k = periods.labels.len();
    let mut sums = vec![(0.0, 0.0, 0usize); k];
    for (j, &i) in rows.iter().enumerate() {
        if let Some(p) = periods.of_row[i] {
            sums[p].0 += x[j];
            sums[p].1 += y[j];
            sums[p].2 += 1;
        }
    }
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (p, s) in sums.iter().enumerate() {
        if s.2 > 0 {
            out.0.push(periods.times[p]);
            out.1.push(s.0 / s.2 as f64);
            out.2.push(s.1 / s.2 as f64);
        }
    }
    out
}

/// Below this share of the feature's variance within periods, the within-period view carries no
/// information about it: a column that is (nearly) constant within each period (a weekly temperature,
/// a yearly budget) cannot be correlated with anything inside a period, whatever it does.
pub const MIN_WITHIN_SHARE: f64 = 0.05;

/// The feature's share of variance within periods, `Σ(x − x̄ₚ)² / Σ(x − x̄)²`, and the ratio of its
/// within-period least-squares slope for the outcome to its overall slope, `β_w/β`, where
/// `β = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)²` and `β_w` the same on values centred on their period means (the
/// fixed-effects estimator, Wooldridge 2010, *Econometric Analysis of Cross Section and Panel Data*,
/// §10.5). A true driver keeps its slope within periods even when it varies little there, where its
/// correlation shrinks with its within variance; a column related only through time loses its slope.
/// `(None, None)` without variance.
pub fn within_view(x: &[f64], y: &[f64], of: &[usize]) -> (Option<f64>, Option<f64>) {
    let n = x.len();
    if n < 3 {
        return (None, None);
    }
    let k = of.iter().copied().max().map_or(0, |m| m + 1);
    let mut sums = vec![(0.0, 0.0, 0usize); k];
    for ((a, b), &s) in x.iter().zip(y).zip(of) {
        sums[s].0 += a;
        sums[s].1 += b;
        sums[s].2 += 1;
    }
    let (mx, my) = (
        x.iter().sum::<f64>() / n as f64,
        y.iter().sum::<f64>() / n as f64,
    );
    let (mut sxx, mut sxy, mut wxx, mut wxy) = (0.0, 0.0, 0.0, 0.0);
    for ((a, b), &s) in x.iter().zip(y).zip(of) {
        sxx += (a - mx) * (a - mx);
        sxy += (a - mx) * (b - my);
        let (px, py) = (sums[s].0 / sums[s].2 as f64, sums[s].1 / sums[s].2 as f64);
        wxx += (a - px) * (a - px);
        wxy += (a - px) * (b - py);
    }
    if sxx <= 0.0 {
        return (None, None);
    }
    let share = wxx / sxx;
    let ratio = (wxx > 0.0 && sxy != 0.0).then(|| (wxy / wxx) / (sxy / sxx));
    (Some(share), ratio)
}

/// What the trend checks conclude about an association that is significant over all rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendVerdict {
    /// Why it is carried by the time pattern; empty when it is not (or when it is uncertain).
    pub reasons: Vec<TrendReason>,
    /// Neither shown to hold nor shown to be carried by time.
    pub uncertain: bool,
    /// The verdict in words, for the record.
    pub why: String,
}

/// Whether an association that is significant over all rows is carried by the time pattern, and why.
///
/// The within-period view is used only when the feature varies within periods (at least
/// [`MIN_WITHIN_SHARE`] of its variance); it shows the association when its within-period correlation
/// is significant. The series view (the period means) supports the association when its raw
/// correlation is significant and survives the effective-points, detrending and differencing checks;
/// it shows a trend when its raw correlation is significant but fails one of them. The verdict:
/// - **holds** when the within-period view shows it, or the series supports it (a period-level
///   relation, such as a weekly temperature that drives weekly nuisance, with noise within periods);
/// - **carried by the time pattern** (a finding) when the series shows a trend, or, when the series
///   is not significant either, the within-period view is informative and its slope has shrunk below
///   `trend_collapse` × the overall slope (the association lives between periods only);
/// - **uncertain** otherwise: the association rests on period-level values that neither view can
///   confirm or reject (too few periods, a column constant within them).
pub fn verdict(
    within: Option<&CorrelationEstimate>,
    share: Option<f64>,
    slope_ratio: Option<f64>,
    series: &SeriesTrend,
    rules: &Rules,
) -> TrendVerdict {
    let series_significant = series.raw.is_some_and(|r| r.p_value < rules.alpha);
    let series_supports = series_significant && series.reasons.is_empty();
    let informative = within.is_some() && share.is_some_and(|s| s >= MIN_WITHIN_SHARE);
    let within_shows = informative && within.is_some_and(|w| w.p_value < rules.alpha);
    let shrunk = informative && slope_ratio.is_none_or(|r| r.abs() < rules.trend_collapse);
    let verdict = |reasons: Vec<TrendReason>, uncertain: bool, why: String| TrendVerdict {
        reasons,
        uncertain,
        why,
    };
    if within_shows {
        return verdict(
            Vec::new(),
            false,
            "the association holds within periods".into(),
        );
    }
    let level = if !informative && share.is_some_and(|s| s < MIN_WITHIN_SHARE) {
        format!(
            "the column barely varies within periods (less than {:.0}% of its variance), so only the period means can judge it; ",
            MIN_WITHIN_SHARE * 100.0
        )
    } else if !informative {
        "too few rows per period for a within-period view; ".to_string()
    } else {
        "the association is not shown within periods; ".to_string()
    };
    if series_supports {
        return verdict(
            Vec::new(),
            false,
            format!(
                "{level}the period means support it (it survives the effective-points, detrending and \
                 differencing checks): a relation between periods"
            ),
        );
    }
    let mut reasons = Vec::new();
    if shrunk {
        reasons.push(TrendReason::CollapsesWithinPeriods);
    }
    if series_significant {
        reasons.extend(series.reasons.iter().copied());
        return verdict(
            reasons,
            false,
            format!("{level}carried by the time pattern"),
        );
    }
    if shrunk {
        return verdict(
            reasons,
            false,
            format!("{level}carried by the time pattern"),
        );
    }
    verdict(
        Vec::new(),
        true,
        format!(
            "{level}over the {} periods its correlation is not significant either: uncertain",
            series.points
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_sort_numbers_as_numbers() {
        let cells: Vec<String> = ["10", "9", "", "10"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let p = Periods::from_cells(&cells);
        assert_eq!(p.labels, vec!["9", "10"]);
        assert_eq!(p.of_row, vec![Some(1), Some(0), None, Some(1)]);
        assert_eq!(p.times, vec![9.0, 10.0]);
    }
}
