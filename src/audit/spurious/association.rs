//! Each feature against the outcome, on the labelled rows where the feature has a value.
//!
//! Numeric features: the AUC `P(feature higher for a positive row)` with the Mann–Whitney test and a
//! DeLong interval (its primary test), the point-biserial (Pearson) and Spearman correlations with
//! Fisher-z intervals, and the mutual information over the feature's deciles with its G-test.
//! Categorical features: Cramér's V with the χ² test of independence (primary) and a seeded Poisson-
//! bootstrap interval, and the mutual information with its G-test. Formulas in
//! [`crate::stats::assoc`]. One primary p-value per feature enters the correction over all features;
//! with `k` features about `α·k` pass an uncorrected test by chance alone.

use crate::audit::bootstrap::{Purpose, Resampler, percentile_interval};
use crate::policy::Rules;
use crate::record::Estimate;
use crate::record::spurious::{AssociationMeasure, CorrelationEstimate, FeatureAssociation};
use crate::stats::assoc::{self, Correlation, TableAssociation};

use super::features::{Column, Values, decile_edges};
use crate::audit::verdict::{not_tested, proposed};

/// The labelled rows of a column: `(row, label)` where the label is known and the feature has a value.
pub fn labelled_rows(column: &Column, labels: &[Option<bool>]) -> Vec<(usize, bool)> {
    labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.filter(|_| !column.is_missing(i)).map(|y| (i, y)))
        .collect()
}

impl From<Correlation> for CorrelationEstimate {
    fn from(c: Correlation) -> Self {
        CorrelationEstimate {
            r: c.r,
            ci_low: c.ci.map(|i| i.0),
            ci_high: c.ci.map(|i| i.1),
            n: c.n as u64,
            df: c.df,
            p_value: c.p_value,
        }
    }
}

/// A `rows × 2` table of a categorical coding against the outcome.
fn outcome_table(codes: &[Option<u32>], k: usize, rows: &[(usize, bool)]) -> Vec<Vec<u64>> {
    let mut table = vec![vec![0u64; 2]; k];
    for &(i, y) in rows {
        if let Some(c) = codes[i] {
            table[c as usize][usize::from(y)] += 1;
        }
    }
    table
}

/// Cramér's V of `table` with a seeded Poisson-bootstrap percentile interval (each cell resampled as
/// Poisson(count), the row-level Poisson bootstrap folded into cells); with an `edge`, also the share
/// of defined replicates at or below it, `(1 + #{V* ≤ edge})/(1 + B)` (`None` without replicates).
pub fn cramers_v_estimate(
    table: &[Vec<u64>],
    found: &TableAssociation,
    rules: &Rules,
    stream: (usize, usize, Purpose),
    edge: Option<f64>,
) -> (Estimate, Option<f64>) {
    let mut estimate = Estimate::with_interval(found.cramers_v, None);
    let mut resampler = Resampler::new(rules.bootstrap_seed, stream.0, stream.1, stream.2);
    let replicates: Vec<f64> = (0..rules.bootstrap_replicates)
        .map(|_| {
            let t: Vec<Vec<u64>> = table
                .iter()
                .map(|r| r.iter().map(|&c| resampler.weight(c)).collect())
                .collect();
            assoc::contingency(&t).map_or(f64::NAN, |a| a.cramers_v)
        })
        .collect();
    match percentile_interval(&replicates, rules.confidence_level) {
        Ok((lo, hi)) => {
            estimate.boot_low = Some(lo);
            estimate.boot_high = Some(hi);
        }
        Err(reason) => estimate.note(&reason),
    }
    estimate.note("Cramér's V has no closed-form interval here; see the bootstrap interval");
    let defined: Vec<f64> = replicates.into_iter().filter(|v| v.is_finite()).collect();
    let below = edge.filter(|_| !defined.is_empty()).map(|e| {
        (1 + defined.iter().filter(|&&v| v <= e).count()) as f64 / (1 + defined.len()) as f64
    });
    (estimate, below)
}

/// A feature's association before anything is computed: `(rows with a value, rows without)` and the
/// measure for a numeric and for a categorical column.
fn empty(
    column: &Column,
    model_input: Option<bool>,
    (rows, missing): (usize, usize),
    [numeric, categorical]: [AssociationMeasure; 2],
) -> FeatureAssociation {
    FeatureAssociation {
        feature: column.name.clone(),
        kind: column.kind(),
        model_input,
        rows: rows as u64,
        missing: missing as u64,
        measure: match column.values {
            Values::Numeric(_) => numeric,
            Values::Categorical { .. } => categorical,
        },
        effect: Estimate::undefined("not computed"),
        pearson: None,
        spearman: None,
        chi_square: None,
        mutual_information_bits: None,
        g_test: None,
        judgement: not_tested(crate::record::Verdict::Undefined, "not computed"),
    }
}

/// Tests one feature against the outcome; `index` numbers the feature's bootstrap stream.
pub fn assess(
    column: &Column,
    labels: &[Option<bool>],
    rules: &Rules,
    model_input: Option<bool>,
    index: usize,
) -> FeatureAssociation {
    let z = crate::stats::z_for_level(rules.confidence_level);
    let rows = labelled_rows(column, labels);
    let labelled = labels.iter().filter(|l| l.is_some()).count();
    let mut out = empty(
        column,
        model_input,
        (rows.len(), labelled - rows.len()),
        [AssociationMeasure::Auc, AssociationMeasure::CramersV],
    );
    let cases = rows.iter().filter(|r| r.1).count();
    if (rows.len() as u64) < rules.min_group_size {
        out.effect = Estimate::undefined("too few labelled rows with a value");
        out.judgement = not_tested(
            crate::record::Verdict::TooFewRows,
            format!(
                "too few labelled rows with a value to judge (n = {})",
                rows.len()
            ),
        );
        return out;
    }
    if cases == 0 || cases == rows.len() {
        out.effect = Estimate::undefined("every labelled row has the same outcome");
        out.judgement = not_tested(
            crate::record::Verdict::Undefined,
            "every labelled row with a value has the same outcome",
        );
        return out;
    }
    let y: Vec<bool> = rows.iter().map(|r| r.1).collect();
    let yf: Vec<f64> = y.iter().map(|&b| f64::from(u8::from(b))).collect();
    match &column.values {
        Values::Numeric(v) => {
            let x: Vec<f64> = rows.iter().map(|r| v[r.0].unwrap_or(f64::NAN)).collect();
            out.pearson = assoc::pearson(&x, &yf, z).map(Into::into);
            out.spearman = assoc::spearman(&x, &yf, z).map(Into::into);
            let edges = decile_edges(v);
            let (k, codes) = column.categories(&edges);
            if let Some(t) = assoc::contingency(&outcome_table(&codes, k, &rows)) {
                out.mutual_information_bits = Some(t.mutual_information / std::f64::consts::LN_2);
                out.g_test = Some(t.g_test.into());
            }
            match assoc::mann_whitney(&x, &y) {
                Some(t) => {
                    let ci =
                        t.se.map(|se| ((t.auc - z * se).max(0.0), (t.auc + z * se).min(1.0)));
                    out.effect = Estimate::with_interval(t.auc, ci);
                    out.judgement = proposed(t.p_value, true, &format!("AUC {:.3}", t.auc));
                }
                None => {
                    out.effect = Estimate::undefined("no AUC without both outcomes");
                    out.judgement = not_tested(
                        crate::record::Verdict::Undefined,
                        "no AUC without both outcomes",
                    );
                }
            }
        }
        Values::Categorical { levels, codes } => {
            let table = outcome_table(codes, levels.len(), &rows);
            match assoc::contingency(&table) {
                Some(t) => {
                    out.chi_square = Some(t.chi_square.into());
                    out.mutual_information_bits =
                        Some(t.mutual_information / std::f64::consts::LN_2);
                    out.g_test = Some(t.g_test.into());
                    out.effect = cramers_v_estimate(
                        &table,
                        &t,
                        rules,
                        (index, 0, Purpose::Association),
                        None,
                    )
                    .0;
                    out.judgement = proposed(
                        t.chi_square.p_value,
                        true,
                        &format!("Cramér's V {:.3}", t.cramers_v),
                    );
                }
                None => {
                    let why = "fewer than two categories among the labelled rows";
                    out.effect = Estimate::undefined(why);
                    out.judgement = not_tested(crate::record::Verdict::Undefined, why);
                }
            }
        }
    }
    out
}

/// Tests one feature against a numeric outcome (a count or a continuous value) on the rows where
/// both are present: a numeric feature by Spearman's ρ (the primary test; robust to the skew of
/// counts) with its Fisher-z interval, and Pearson's r; a categorical feature by the Kruskal–Wallis
/// test with ε² (no closed-form interval; said in the record).
pub fn assess_numeric(
    column: &Column,
    outcome: &[Option<f64>],
    rules: &Rules,
    model_input: Option<bool>,
) -> FeatureAssociation {
    let z = crate::stats::z_for_level(rules.confidence_level);
    let rows: Vec<(usize, f64)> = outcome
        .iter()
        .enumerate()
        .filter_map(|(i, y)| y.filter(|_| !column.is_missing(i)).map(|y| (i, y)))
        .collect();
    let observed = outcome.iter().filter(|y| y.is_some()).count();
    let mut out = empty(
        column,
        model_input,
        (rows.len(), observed - rows.len()),
        [
            AssociationMeasure::Spearman,
            AssociationMeasure::EpsilonSquared,
        ],
    );
    if let Some(few) =
        crate::audit::verdict::too_few(rows.len() as f64, rules, "rows with an outcome and a value")
    {
        out.effect = Estimate::undefined("too few rows with an outcome and a value");
        out.judgement = few;
        return out;
    }
    let y: Vec<f64> = rows.iter().map(|r| r.1).collect();
    if y.iter().all(|v| *v == y[0]) {
        out.effect = Estimate::undefined("the outcome has the same value in every row");
        out.judgement = not_tested(
            crate::record::Verdict::Undefined,
            "the outcome has the same value in every row with a value",
        );
        return out;
    }
    match &column.values {
        Values::Numeric(v) => {
            let x: Vec<f64> = rows.iter().map(|r| v[r.0].unwrap_or(f64::NAN)).collect();
            out.pearson = assoc::pearson(&x, &y, z).map(Into::into);
            out.spearman = assoc::spearman(&x, &y, z).map(Into::into);
            match out.spearman {
                Some(rho) => {
                    out.effect = Estimate::with_interval(rho.r, rho.ci_low.zip(rho.ci_high));
                    out.judgement =
                        proposed(rho.p_value, true, &format!("Spearman's ρ {:.3}", rho.r));
                }
                None => {
                    out.effect =
                        Estimate::undefined("no rank correlation: a column without spread");
                    out.judgement = not_tested(
                        crate::record::Verdict::Undefined,
                        "no rank correlation: a column without spread",
                    );
                }
            }
        }
        Values::Categorical { levels, codes } => {
            let c: Vec<usize> = rows
                .iter()
                .map(|r| codes[r.0].map_or(0, |c| c as usize))
                .collect();
            match crate::stats::rank::kruskal_wallis(&y, &c, levels.len()) {
                Some((h, df, p, eps)) => {
                    out.chi_square = Some(crate::record::sampling::TestStatistic {
                        statistic: h,
                        df,
                        p_value: p,
                    });
                    out.effect = Estimate::with_interval(eps, None);
                    out.effect.note("ε² has no closed-form interval here; the Kruskal–Wallis p-value carries the evidence");
                    out.judgement = proposed(p, true, &format!("Kruskal–Wallis ε² {eps:.3}"));
                }
                None => {
                    let why = "fewer than two categories among the rows with an outcome";
                    out.effect = Estimate::undefined(why);
                    out.judgement = not_tested(crate::record::Verdict::Undefined, why);
                }
            }
        }
    }
    out
}

/// The AUC of a feature for the outcome, folded so that 0.5 is no information and 1 is perfect
/// separation in either direction: `max(AUC, 1 − AUC)`.
pub fn folded_auc(a: &FeatureAssociation) -> Option<f64> {
    match a.measure {
        AssociationMeasure::Auc => a.effect.value.map(|v| v.max(1.0 - v)),
        AssociationMeasure::CramersV
        | AssociationMeasure::Spearman
        | AssociationMeasure::EpsilonSquared => None,
    }
}
