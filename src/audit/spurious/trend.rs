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
//! Verdict. With several rows per period an association is trend-driven when it is significant over
//! all rows, but within periods it is not significant (uncorrected, which makes the flag harder to
//! raise) and has shrunk below `trend_collapse` × the overall correlation. With one row per period (a
//! pure time series, like the tylervigen charts) it is trend-driven when the raw series correlation is
//! significant but rests on fewer than `min_effective_points` effective points, or loses significance
//! once autocorrelation, a linear trend or differencing is accounted for. The Maine-divorce-rate vs
//! margarine pair (r = 0.993 over 2000–2009) has r₁ ≈ 0.58 in both series, so `n_eff` ≈ 5.

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

/// Whether an association that is significant over all rows is carried by the time pattern, and why.
pub fn verdict(
    overall: &CorrelationEstimate,
    within: Option<&CorrelationEstimate>,
    series: &SeriesTrend,
    rules: &Rules,
) -> Vec<TrendReason> {
    match within {
        Some(w) => {
            if w.p_value >= rules.alpha && w.r.abs() < rules.trend_collapse * overall.r.abs() {
                vec![TrendReason::CollapsesWithinPeriods]
            } else {
                Vec::new()
            }
        }
        None => series.reasons.clone(),
    }
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
