//! Drift: does the data the model scores now look like the data it was trained on, feature by feature?
//!
//! A column is numeric when every non-empty cell in both files is a finite number and it is not a
//! code ([`crate::audit::kinds`]), else categorical.
//! Numeric: two-sample Kolmogorov–Smirnov test and the PSI over the training data's deciles;
//! categorical: χ² test of homogeneity (training vs now × category) and the PSI over categories
//! (formulas in [`crate::stats::compare`]). The PSI gets its delta-method interval and a seeded
//! Poisson-bootstrap interval. With large files every small shift is significant, so the test of
//! equal distributions is reported, not judged: a feature is a finding only when its PSI is shown to
//! lie **above** the policy's `drift_psi_floor` after correction (the band test of
//! [`crate::audit::verdict`] with the delta-method test [`crate::stats::compare::psi_above`]), not
//! when a PSI estimated just above the floor is significantly different from 0.

use std::collections::BTreeMap;

use crate::audit::bootstrap::{Purpose, Resampler, percentile_interval};
use crate::error::{Error, Result};
use crate::manifest::{DataSpec, DriftSpec};
use crate::policy::Rules;
use crate::record::sampling::{DriftBin, DriftFeature, DriftResult, FeatureKind, SkippedFeature};
use crate::record::{Estimate, Verdict};
use crate::reference::RawTable;
use crate::stats::compare;

use crate::audit::verdict::{self, BandTest, not_tested};

/// Bins of a numeric feature: the training data's deciles (or one per value, see [`numeric_edges`]).
pub const NUMERIC_BINS: usize = 10;
/// Most categories a categorical feature may have before it is left out (bin it first).
pub const MAX_CATEGORIES: usize = 100;

/// Compares the training file with the scored file, feature by feature.
pub fn run(
    spec: &DriftSpec,
    data: &DataSpec,
    training: &RawTable,
    current: &RawTable,
    rules: &Rules,
) -> Result<DriftResult> {
    let roles: Vec<&str> = data.output_columns().into_iter().map(|(_, c)| c).collect();
    let mut skipped = Vec::new();
    let names: Vec<String> = match &spec.features {
        Some(list) => {
            for f in list {
                for table in [training, current] {
                    if table.column(f).is_none() {
                        return Err(Error::Reference {
                            path: table.path.clone(),
                            message: format!(
                                "column `{f}` (named in sampling.drift.features) is not in the header; the header has: {}",
                                table
                                    .columns
                                    .iter()
                                    .map(|(n, _)| n.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        });
                    }
                }
            }
            list.clone()
        }
        None => {
            let mut names = Vec::new();
            for (name, _) in &training.columns {
                if roles.contains(&name.as_str()) {
                    skipped.push(skip(
                        name,
                        "the outcome or the model's output, not an input feature",
                    ));
                } else if current.column(name).is_none() {
                    skipped.push(skip(name, "only in the training data"));
                } else {
                    names.push(name.clone());
                }
            }
            for (name, _) in &current.columns {
                if training.column(name).is_none() && !roles.contains(&name.as_str()) {
                    skipped.push(skip(name, "only in the scored data"));
                }
            }
            names
        }
    };
    let mut features = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let (a, b) = (
            training.column(name).expect("checked above"),
            current.column(name).expect("checked above"),
        );
        let numbers = numbers(a).is_some() && numbers(b).is_some();
        let code = crate::audit::kinds::read_as_code(name, a, numbers, &data.kinds).is_some()
            || crate::audit::kinds::read_as_code(name, b, numbers, &data.kinds).is_some();
        match feature(index, name, a, b, code, rules) {
            Ok(f) => features.push(f),
            Err(reason) => skipped.push(skip(name, &reason)),
        }
    }
    Ok(DriftResult {
        training_rows: training.rows as u64,
        current_rows: current.rows as u64,
        psi_floor: rules.drift_psi_floor,
        features,
        skipped,
    })
}

fn skip(name: &str, reason: &str) -> SkippedFeature {
    SkippedFeature {
        feature: name.to_string(),
        reason: reason.to_string(),
    }
}

fn numbers(cells: &[String]) -> Option<Vec<f64>> {
    cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect()
}

/// One feature's comparison, or why it was left out.
fn feature(
    index: usize,
    name: &str,
    training: &[String],
    current: &[String],
    code: bool,
    rules: &Rules,
) -> std::result::Result<DriftFeature, String> {
    let missing = |cells: &[String]| cells.iter().filter(|c| c.is_empty()).count();
    let (miss_a, miss_b) = (missing(training), missing(current));
    if miss_a == training.len() {
        return Err("every cell is empty in the training data".into());
    }
    if miss_b == current.len() {
        return Err("every cell is empty in the scored data".into());
    }
    let mut means = (None, None);
    let (kind, counts_a, counts_b, bins, test, statistic, p) = match (
        numbers(training).filter(|_| !code),
        numbers(current).filter(|_| !code),
    ) {
        (Some(mut a), Some(mut b)) => {
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            means = (Some(mean(&a)), Some(mean(&b)));
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            let edges = numeric_edges(&a, &b);
            let ks = compare::ks_two_sample(&a, &b).expect("both samples have values");
            (
                FeatureKind::Numeric,
                compare::bin_counts(&a, &edges),
                compare::bin_counts(&b, &edges),
                numeric_bins(&edges),
                "ks",
                ks.statistic,
                Some(ks.p_value),
            )
        }
        _ => {
            let mut categories: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
            for c in training.iter().filter(|c| !c.is_empty()) {
                categories.entry(c).or_default().0 += 1;
            }
            for c in current.iter().filter(|c| !c.is_empty()) {
                categories.entry(c).or_default().1 += 1;
            }
            let present = current.len() - miss_b;
            if categories.len() > MAX_CATEGORIES || categories.len() * 2 > present.max(2) {
                return Err(format!(
                    "{} distinct values: an identifier or a column with too many categories to compare (bin it first)",
                    categories.len()
                ));
            }
            let (a, b): (Vec<u64>, Vec<u64>) = categories.values().copied().unzip();
            let chi = compare::chi_square_independence(&[a.clone(), b.clone()]);
            (
                FeatureKind::Categorical,
                a,
                b,
                categories
                    .keys()
                    .map(|k| Bin {
                        category: Some(k.to_string()),
                        low: None,
                        high: None,
                    })
                    .collect(),
                "chi-square",
                chi.map_or(0.0, |t| t.statistic),
                chi.map(|t| t.p_value),
            )
        }
    };
    let (n_a, n_b): (u64, u64) = (counts_a.iter().sum(), counts_b.iter().sum());
    let value = compare::psi(&counts_a, &counts_b).expect("both sides have rows");
    let (se, p_above) = compare::psi_above(&counts_a, &counts_b, rules.drift_psi_floor)
        .expect("both sides have rows");
    let z = crate::stats::z_for_level(rules.confidence_level);
    let interval = (se > 0.0).then(|| ((value - z * se).max(0.0), value + z * se));
    let mut psi = Estimate::with_interval(value, interval);
    if interval.is_none() {
        psi.note("the delta-method interval does not exist where the shares do not differ");
    }
    let mut rng = Resampler::new(rules.bootstrap_seed, index, 0, Purpose::Drift);
    let replicates: Vec<f64> = (0..rules.bootstrap_replicates)
        .map(|_| {
            let a: Vec<u64> = counts_a.iter().map(|&c| rng.weight(c)).collect();
            let b: Vec<u64> = counts_b.iter().map(|&c| rng.weight(c)).collect();
            compare::psi(&a, &b).unwrap_or(f64::NAN)
        })
        .collect();
    match percentile_interval(&replicates, rules.confidence_level) {
        Ok((lo, hi)) => {
            psi.boot_low = Some(lo);
            psi.boot_high = Some(hi);
        }
        Err(why) => psi.note(&why),
    }
    let fewest = n_a.min(n_b);
    let judgement = match p {
        _ if fewest < rules.min_group_size => not_tested(
            Verdict::TooFewRows,
            format!(
                "too few values to judge (n = {fewest}, fewer than {})",
                rules.min_group_size
            ),
        ),
        // The shift is judged against the floor as a band of one edge: a finding when the PSI is
        // shown above it (the delta-method test), within when its interval lies below it.
        Some(_) => verdict::band(
            BandTest::above(
                p_above,
                interval.or(Some((value, value))),
                rules.drift_psi_floor,
            ),
            &format!(
                "PSI {value:.3} (a shift when shown above {}), {test} statistic {statistic:.4}",
                rules.drift_psi_floor
            ),
        ),
        None => not_tested(
            Verdict::Undefined,
            "one value on both sides: nothing to test",
        ),
    };
    let share = |c: u64, n: u64| c as f64 / n as f64;
    Ok(DriftFeature {
        feature: name.to_string(),
        kind,
        training_missing: share(miss_a as u64, training.len() as u64),
        current_missing: share(miss_b as u64, current.len() as u64),
        training_mean: means.0,
        current_mean: means.1,
        psi,
        test: test.to_string(),
        statistic,
        test_p_value: p,
        bins: bins
            .into_iter()
            .zip(counts_a.iter().zip(&counts_b))
            .map(|(bin, (&a, &b))| DriftBin {
                category: bin.category,
                low: bin.low,
                high: bin.high,
                training_share: share(a, n_a),
                current_share: share(b, n_b),
            })
            .collect(),
        judgement,
    })
}

/// Bin edges of a numeric feature: its distinct values when both files together have at most
/// [`NUMERIC_BINS`] of them (a 0/1 or small-count column gets a bin per value, so a shift between
/// values is not hidden inside one decile), else the training data's deciles.
fn numeric_edges(training: &[f64], current: &[f64]) -> Vec<f64> {
    let mut distinct: Vec<f64> = training.iter().chain(current).copied().collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    if distinct.len() <= NUMERIC_BINS {
        distinct.pop();
        distinct
    } else {
        compare::quantile_edges(training, NUMERIC_BINS)
    }
}

/// Numeric bins `(low, high]` cut by `edges`, the first and last unbounded.
fn numeric_bins(edges: &[f64]) -> Vec<Bin> {
    (0..=edges.len())
        .map(|b| Bin {
            category: None,
            low: b.checked_sub(1).map(|i| edges[i]),
            high: edges.get(b).copied(),
        })
        .collect()
}

struct Bin {
    category: Option<String>,
    low: Option<f64>,
    high: Option<f64>,
}
