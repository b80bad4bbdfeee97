//! Attaches the bootstrap intervals of the rate metrics, and the score-model and count-prediction
//! metrics (with closed-form and bootstrap intervals and comparisons to the reference group), to one
//! attribute's results. Pure: counts and columns in, record values out.

use crate::audit::bootstrap::{
    Purpose, Resampler, difference_replicates, percentile_interval, ratio_replicates,
};
use crate::audit::count::{self, CountTable};
use crate::audit::metric::{ConfusionCounts, Metric};
use crate::audit::score::{self, CALIBRATION_BINS, ScoreSummary, ScoreTable};
use crate::audit::subgroup::AttributeCounts;
use crate::policy::Rules;
use crate::record::subgroup::AttributeResult;
use crate::record::{CalibrationBin, Estimate, ValueComparison, ValueMetric, ValueMetricKind};
use crate::stats;
use crate::stats::poisson::PoissonSampler;

use rayon::prelude::*;

/// Adds the bootstrap interval to an estimate that has a value, or notes why there is none.
fn set_boot(estimate: &mut Estimate, replicates: &[f64], level: f64) {
    if estimate.value.is_none() || replicates.is_empty() {
        return;
    }
    match percentile_interval(replicates, level) {
        Ok((lo, hi)) => {
            estimate.boot_low = Some(lo);
            estimate.boot_high = Some(hi);
        }
        Err(why) => estimate.note(&why),
    }
}

/// One Poisson-bootstrap replicate of a group's counts: each of the six cells (TP, FP, TN, FN, and
/// unlabelled rows flagged or not) gets a Poisson(cell) weight.
fn resample_counts(r: &mut Resampler, c: &ConfusionCounts) -> ConfusionCounts {
    let unlabelled_flagged = c.predicted_positive - c.tp - c.fp;
    let unlabelled_cleared = c.n - c.labelled() - unlabelled_flagged;
    let tp = r.weight(c.tp);
    let fp = r.weight(c.fp);
    let tn = r.weight(c.tn);
    let fn_ = r.weight(c.fn_);
    let uf = r.weight(unlabelled_flagged);
    let uc = r.weight(unlabelled_cleared);
    ConfusionCounts {
        n: tp + fp + tn + fn_ + uf + uc,
        predicted_positive: tp + fp + uf,
        tp,
        fp,
        tn,
        fn_,
    }
}

fn rate_replicates(reps: &[ConfusionCounts], metric: Metric) -> Vec<f64> {
    reps.iter()
        .map(|c| {
            let (k, n) = metric.fraction(c);
            if n == 0 {
                f64::NAN
            } else {
                k as f64 / n as f64
            }
        })
        .collect()
}

/// Bootstrap intervals for every rate, `ppr`, ratio and difference of an attribute. The overall row's
/// replicate is the sum of its groups' replicates.
pub fn attach_rate_bootstrap(
    result: &mut AttributeResult,
    counts: &AttributeCounts,
    reference: usize,
    attribute: usize,
    rules: &Rules,
) {
    let b = rules.bootstrap_replicates as usize;
    if b == 0 {
        return;
    }
    let level = rules.confidence_level;
    let reps: Vec<Vec<ConfusionCounts>> = counts
        .counts
        .iter()
        .enumerate()
        .map(|(g, c)| {
            let mut r = Resampler::new(rules.bootstrap_seed, attribute, g, Purpose::Rates);
            (0..b).map(|_| resample_counts(&mut r, c)).collect()
        })
        .collect();
    let overall: Vec<ConfusionCounts> = (0..b)
        .map(|i| {
            let mut t = ConfusionCounts::default();
            reps.iter().for_each(|g| t.merge(&g[i]));
            t
        })
        .collect();
    let flagged: Vec<f64> = overall
        .iter()
        .map(|c| c.predicted_positive as f64)
        .collect();
    let reference_reps = &reps[reference];
    for (g, group) in result.groups.iter_mut().enumerate() {
        let ppr: Vec<f64> = reps[g]
            .iter()
            .zip(&flagged)
            .map(|(c, t)| c.predicted_positive as f64 / t)
            .map(|x| if x.is_finite() { x } else { f64::NAN })
            .collect();
        set_boot(&mut group.ppr, &ppr, level);
        for m in &mut group.metrics {
            let mine = rate_replicates(&reps[g], m.metric);
            set_boot(&mut m.estimate, &mine, level);
            if let Some(c) = &mut m.comparison {
                let theirs = rate_replicates(reference_reps, m.metric);
                set_boot(&mut c.ratio, &ratio_replicates(&mine, &theirs), level);
                set_boot(
                    &mut c.difference,
                    &difference_replicates(&mine, &theirs),
                    level,
                );
            }
        }
    }
    for m in &mut result.overall.metrics {
        set_boot(&mut m.estimate, &rate_replicates(&overall, m.metric), level);
    }
}

/// One value metric of one group: point value (or why undefined), closed-form interval and standard
/// error where they exist, and one value per bootstrap replicate (`NaN` where undefined).
struct Series {
    kind: ValueMetricKind,
    rows: u64,
    point: Result<f64, &'static str>,
    ci: Option<(f64, f64)>,
    /// Why a closed-form interval that usually exists is missing here.
    no_ci: Option<&'static str>,
    se: Option<f64>,
    reps: Vec<f64>,
}

/// Builds a group's value metric and, for a non-reference group, its comparison: ratio (bootstrap
/// interval) and difference (normal interval `±z·√(se² + se_ref²)` for independent groups when both
/// standard errors exist, and the bootstrap interval).
fn value_metric(s: &Series, reference: Option<&Series>, z: f64, level: f64) -> ValueMetric {
    let mut estimate = match s.point {
        Ok(v) => Estimate::with_interval(v, s.ci),
        Err(why) => Estimate::undefined(why),
    };
    if let (Ok(_), None, Some(why)) = (s.point, s.ci, s.no_ci) {
        estimate.note(why);
    }
    set_boot(&mut estimate, &s.reps, level);
    let comparison = reference.map(|r| {
        let (ratio, difference) = match (s.point, r.point) {
            (Ok(v), Ok(rv)) => {
                let ratio = if rv == 0.0 {
                    Estimate::undefined(
                        "the reference group's value is 0, so a ratio does not exist",
                    )
                } else {
                    let mut e = Estimate::with_interval(v / rv, None);
                    set_boot(&mut e, &ratio_replicates(&s.reps, &r.reps), level);
                    e
                };
                let ci = s.se.zip(r.se).map(|(a, b)| {
                    let half = z * (a * a + b * b).sqrt();
                    (v - rv - half, v - rv + half)
                });
                let mut difference = Estimate::with_interval(v - rv, ci);
                set_boot(
                    &mut difference,
                    &difference_replicates(&s.reps, &r.reps),
                    level,
                );
                (ratio, difference)
            }
            (Err(why), _) => (Estimate::undefined(why), Estimate::undefined(why)),
            (_, Err(why)) => {
                let why = format!("reference group: {why}");
                (Estimate::undefined(why.clone()), Estimate::undefined(why))
            }
        };
        ValueComparison { ratio, difference }
    });
    ValueMetric {
        metric: s.kind,
        rows: s.rows,
        estimate,
        comparison,
    }
}

/// Attaches every group's series to the results, comparing with the reference group.
fn attach_series(
    result: &mut AttributeResult,
    per_group: &[Vec<Series>],
    overall: &[Series],
    reference: usize,
    rules: &Rules,
    slot: fn(&mut crate::record::GroupResult) -> &mut Vec<ValueMetric>,
) {
    let z = stats::z_for_level(rules.confidence_level);
    let level = rules.confidence_level;
    for (g, group) in result.groups.iter_mut().enumerate() {
        *slot(group) = per_group[g]
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let r = (g != reference).then(|| &per_group[reference][k]);
                value_metric(s, r, z, level)
            })
            .collect();
    }
    *slot(&mut result.overall) = overall
        .iter()
        .map(|s| value_metric(s, None, z, level))
        .collect();
}

/// The score metrics of one group and, from the same point summary, its calibration bins.
fn score_series(
    table: &ScoreTable,
    probabilities: bool,
    mut resampler: Resampler,
    rules: &Rules,
) -> (Vec<Series>, Vec<CalibrationBin>) {
    let z = stats::z_for_level(rules.confidence_level);
    let point = score::observed(table, probabilities);
    let bins = calibration_bins(&point, z);
    let boot = table.for_bootstrap();
    // Entry by entry, every replicate's weights at once (see [`score::ReplicateSums`]).
    let b = rules.bootstrap_replicates as usize;
    let mut sums = score::ReplicateSums::new(b);
    let (mut p, mut n) = (vec![0.0; b], vec![0.0; b]);
    for &(s, cases, non_cases) in &boot.entries {
        let draws = b as u64;
        let (ps, ns) = (
            PoissonSampler::for_draws(cases, draws),
            PoissonSampler::for_draws(non_cases, draws),
        );
        resampler.fill(&ps, &mut p);
        resampler.fill(&ns, &mut n);
        sums.add(s, score::bin_of(s), &p, &n);
    }
    let reps: Vec<ScoreSummary> = (0..b).map(|r| sums.summary(r, probabilities)).collect();
    let rows = table.rows();
    let cases: u64 = table.entries.iter().map(|e| e.1).sum();
    // With perfect separation in a small group every structural component equals the AUC and the
    // DeLong variance is 0: a zero-width interval would claim false certainty, so none is given.
    let auc_se = score::delong_se(table).filter(|se| *se > 0.0);
    let pick = |f: fn(&ScoreSummary) -> Result<f64, &'static str>| -> Vec<f64> {
        reps.iter().map(|s| f(s).unwrap_or(f64::NAN)).collect()
    };
    let series = vec![
        Series {
            kind: ValueMetricKind::Auc,
            rows,
            point: point.auc,
            ci: point
                .auc
                .ok()
                .zip(auc_se)
                .map(|(a, se)| ((a - z * se).max(0.0), (a + z * se).min(1.0))),
            no_ci: Some(
                "no DeLong interval: it needs at least two cases and two non-cases and cases and \
                 non-cases that overlap in score",
            ),
            se: auc_se,
            reps: pick(|s| s.auc),
        },
        Series {
            kind: ValueMetricKind::MeanScore,
            rows,
            point: point.mean_score,
            ci: None,
            no_ci: None,
            se: None,
            reps: pick(|s| s.mean_score),
        },
        Series {
            kind: ValueMetricKind::ObservedRate,
            rows,
            point: point.observed_rate,
            ci: stats::wilson_interval(cases, rows, z),
            no_ci: None,
            se: None,
            reps: pick(|s| s.observed_rate),
        },
        Series {
            kind: ValueMetricKind::OeRatio,
            rows,
            point: point.oe_ratio,
            ci: None,
            no_ci: None,
            se: None,
            reps: pick(|s| s.oe_ratio),
        },
        Series {
            kind: ValueMetricKind::Ece,
            rows,
            point: point.ece,
            ci: None,
            no_ci: None,
            se: None,
            reps: pick(|s| s.ece),
        },
    ];
    (series, bins)
}

fn calibration_bins(point: &ScoreSummary, z: f64) -> Vec<CalibrationBin> {
    let Some(bins) = &point.bins else {
        return Vec::new();
    };
    bins.iter()
        .enumerate()
        .filter(|(_, b)| b.weight > 0.0)
        .map(|(i, b)| {
            let (n, k) = (b.weight as u64, b.positives as u64);
            CalibrationBin {
                low: i as f64 / CALIBRATION_BINS as f64,
                high: (i + 1) as f64 / CALIBRATION_BINS as f64,
                n,
                positives: k,
                mean_score: b.score_sum / b.weight,
                observed: Estimate::with_interval(
                    k as f64 / n as f64,
                    stats::wilson_interval(k, n, z),
                ),
            }
        })
        .collect()
}

/// The stream id of the overall row, shared by all attributes (its rows do not depend on the split).
const OVERALL: usize = 0xFF_FFFF;

/// `series(attribute, group, table)` of the overall table (attribute [`OVERALL`], group 0) and of
/// every group's table of every attribute (`attributes[a][g]`), all on rayon's threads at once; the
/// overall result, then the results per attribute and group.
fn in_one_batch<T: Sync, R: Send>(
    overall: &T,
    attributes: &[&[T]],
    series: impl Fn(usize, usize, &T) -> R + Sync,
) -> (R, Vec<Vec<R>>) {
    let jobs: Vec<(usize, usize, &T)> = std::iter::once((OVERALL, 0, overall))
        .chain(
            attributes
                .iter()
                .enumerate()
                .flat_map(|(a, tables)| tables.iter().enumerate().map(move |(g, t)| (a, g, t))),
        )
        .collect();
    let mut done = jobs
        .par_iter()
        .map(|&(a, g, t)| series(a, g, t))
        .collect::<Vec<_>>()
        .into_iter();
    let overall = done.next().expect("the overall job comes first");
    let groups = attributes
        .iter()
        .map(|tables| done.by_ref().take(tables.len()).collect())
        .collect();
    (overall, groups)
}

/// Every score-metric series of an audit, computed in one parallel batch (the overall row and every
/// group of every attribute; each from its own seeded stream, so the order of work changes nothing).
pub struct ScoreContext {
    overall: Vec<Series>,
    overall_bins: Vec<CalibrationBin>,
    /// Per attribute, per group: its series and calibration bins (taken by
    /// [`attach_score_metrics`]).
    groups: Vec<Vec<(Vec<Series>, Vec<CalibrationBin>)>>,
}

impl ScoreContext {
    /// The series of the overall row (all labelled rows' scores, `overall`) and of every group of
    /// every attribute (`attributes[a][g]`); `probabilities`: whether every score lies in [0, 1]
    /// (calibration needs it).
    pub fn new(
        overall: &ScoreTable,
        attributes: &[&[ScoreTable]],
        probabilities: bool,
        rules: &Rules,
    ) -> Self {
        let seed = rules.bootstrap_seed;
        let ((overall, overall_bins), groups) = in_one_batch(overall, attributes, |a, g, t| {
            score_series(
                t,
                probabilities,
                Resampler::new(seed, a, g, Purpose::Scores),
                rules,
            )
        });
        ScoreContext {
            overall,
            overall_bins,
            groups,
        }
    }
}

/// Score models: AUC, mean score, observed rate, O/E ratio and ECE per group (labelled rows), with
/// calibration bins, from the series `context` computed for attribute `attribute`. Calibration needs
/// scores in [0, 1]; otherwise it is reported as undefined.
pub fn attach_score_metrics(
    result: &mut AttributeResult,
    context: &mut ScoreContext,
    reference: usize,
    attribute: usize,
    rules: &Rules,
) {
    let (per_group, bins): (Vec<Vec<Series>>, Vec<Vec<CalibrationBin>>) =
        std::mem::take(&mut context.groups[attribute])
            .into_iter()
            .unzip();
    attach_series(
        result,
        &per_group,
        &context.overall,
        reference,
        rules,
        |g| &mut g.score_metrics,
    );
    for (group, bins) in result.groups.iter_mut().zip(bins) {
        group.calibration = bins;
    }
    result.overall.calibration = context.overall_bins.clone();
}

fn count_series(table: &CountTable, mut resampler: Resampler, rules: &Rules) -> Vec<Series> {
    let z = stats::z_for_level(rules.confidence_level);
    let point = count::observed(table);
    let samplers: Vec<PoissonSampler> = table
        .entries
        .iter()
        .map(|e| PoissonSampler::new(e.2))
        .collect();
    let reps: Vec<count::CountSummary> = (0..rules.bootstrap_replicates)
        .map(|_| {
            count::summarize(
                &table.entries,
                samplers.iter().map(|s| resampler.draw(s) as f64),
            )
        })
        .collect();
    let rows: u64 = table.entries.iter().map(|e| e.2).sum();
    let series = |kind, v: count::Value, f: fn(&count::CountSummary) -> count::Value| {
        let se = v.ok().and_then(|x| x.1);
        Series {
            kind,
            rows,
            point: v.map(|x| x.0),
            ci: v.ok().zip(se).map(|((m, _), se)| (m - z * se, m + z * se)),
            no_ci: None,
            se,
            reps: reps
                .iter()
                .map(|s| f(s).map_or(f64::NAN, |x| x.0))
                .collect(),
        }
    };
    vec![
        series(ValueMetricKind::MeanPredicted, point.mean_predicted, |s| {
            s.mean_predicted
        }),
        series(ValueMetricKind::MeanObserved, point.mean_observed, |s| {
            s.mean_observed
        }),
        series(
            ValueMetricKind::PredictionRatio,
            point.prediction_ratio,
            |s| s.prediction_ratio,
        ),
        series(ValueMetricKind::Mae, point.mae, |s| s.mae),
        series(
            ValueMetricKind::PoissonDeviance,
            point.poisson_deviance,
            |s| s.poisson_deviance,
        ),
    ]
}

/// Every count-metric series of an audit, computed in one parallel batch (as [`ScoreContext`]).
pub struct CountContext {
    overall: Vec<Series>,
    /// Per attribute, per group (taken by [`attach_count_metrics`]).
    groups: Vec<Vec<Vec<Series>>>,
}

impl CountContext {
    /// The series of the overall row (all rows' count pairs, `overall`) and of every group of every
    /// attribute (`attributes[a][g]`).
    pub fn new(overall: &CountTable, attributes: &[&[CountTable]], rules: &Rules) -> Self {
        let seed = rules.bootstrap_seed;
        let (overall, groups) = in_one_batch(overall, attributes, |a, g, t| {
            count_series(t, Resampler::new(seed, a, g, Purpose::Counts), rules)
        });
        CountContext { overall, groups }
    }
}

/// Count predictions: mean predicted and observed count, their ratio, MAE and Poisson deviance per
/// group, from the series `context` computed for attribute `attribute`.
pub fn attach_count_metrics(
    result: &mut AttributeResult,
    context: &mut CountContext,
    reference: usize,
    attribute: usize,
    rules: &Rules,
) {
    let per_group = std::mem::take(&mut context.groups[attribute]);
    attach_series(
        result,
        &per_group,
        &context.overall,
        reference,
        rules,
        |g| &mut g.count_metrics,
    );
}
