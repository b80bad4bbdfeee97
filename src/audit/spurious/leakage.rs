//! Leakage: columns that carry the answer rather than a cause of it.
//!
//! Three checks (Kaufman et al. 2012, "Leakage in data mining", ACM TKDD 6(4); Deepchecks'
//! single-feature predictive power and identifier-label correlation checks), all among the labelled
//! rows, and all independent of the order of the rows:
//! - **nearly determines the outcome**: the feature alone reaches a folded AUC `max(AUC, 1 − AUC)`
//!   (a categorical feature is scored by its categories' outcome rates). Listed from a folded AUC of
//!   0.8 (Deepchecks' warning level); judged by the band test of [`crate::audit::verdict`] against
//!   the policy's `leakage_auc`: a finding only when the AUC is shown to lie *above* it
//!   ([`crate::stats::rank::auc_above`], Hanley–McNeil variance at the edge), not merely above 0.5;
//! - **identifier-like**: every value is unique (a text or whole-number column); a finding when its
//!   order is shown to separate the outcome with a concordance above 0.8, within periods when there
//!   is a time column (a running number that only follows time says nothing beyond time, which the
//!   trend checks judge; see [`identifier`]). No check looks at the row order of the file;
//! - **missingness that tells the outcome**: among the labelled rows, empty cells only in positive
//!   (or only in negative) rows, tested with the two-proportion z-test or Fisher's exact test
//!   ([`crate::stats::compare_proportions`]).
//!
//! A column filled in only in rows with a label (a repair cost, a follow-up letter) is not an
//! outcome leak: its missingness tells whether a row was *inspected*, not what was found. It is
//! information from after the inspection, which a model cannot have when it decides; that is a
//! warning in those words, and the column is judged as a leak among the labelled rows like any other.

use statrs::distribution::ContinuousCDF;

use crate::policy::Rules;
use crate::record::Verdict;
use crate::record::sampling::{Judgement, Warning};
use crate::record::spurious::{FeatureAssociation, LeakKind, LeakageResult};
use crate::stats::{self, assoc, rank};

use super::features::{Column, Values};
use super::target::{Target, Values as TargetValues};
use super::trend::Periods;
use crate::audit::verdict::{self, BandTest, not_tested, proposed, too_few};

/// Folded AUC from which a column is listed under "nearly determines the outcome".
pub const REPORT_AUC: f64 = 0.8;

/// A categorical feature's AUC when each category is scored by its outcome rate (the best single
/// ordering of its categories), with its Mann–Whitney test.
fn category_auc(
    levels: usize,
    codes: &[Option<u32>],
    labels: &[Option<bool>],
) -> Option<assoc::AucTest> {
    let mut counts = vec![(0u64, 0u64); levels];
    let mut pairs = Vec::new();
    for (c, l) in codes.iter().zip(labels) {
        if let (Some(c), Some(y)) = (c, l) {
            counts[*c as usize].0 += u64::from(*y);
            counts[*c as usize].1 += 1;
            pairs.push((*c, *y));
        }
    }
    let scores: Vec<f64> = pairs
        .iter()
        .map(|(c, _)| counts[*c as usize].0 as f64 / counts[*c as usize].1 as f64)
        .collect();
    let y: Vec<bool> = pairs.iter().map(|p| p.1).collect();
    assoc::mann_whitney(&scores, &y)
}

/// Whether the column looks like an identifier, and why: every value unique (text, or whole
/// numbers). Nothing here depends on the order of the rows.
pub fn identifier_like(column: &Column) -> Option<&'static str> {
    let present = (0..column.len()).filter(|&i| !column.is_missing(i)).count();
    if present < 3 || column.distinct() != present {
        return None;
    }
    match &column.values {
        Values::Categorical { .. } => Some("every value is unique"),
        Values::Numeric(v) if v.iter().flatten().all(|x| x.fract() == 0.0) => {
            Some("every value is a unique whole number")
        }
        Values::Numeric(_) => None,
    }
}

/// Leak checks of one column; `association` is its test against the outcome (absent for columns
/// only checked as identifiers), `periods` the time column's periods when the manifest names one.
/// A column filled in only in rows with an outcome adds a warning to `warnings`.
pub fn assess(
    column: &Column,
    association: Option<&FeatureAssociation>,
    target: &Target,
    periods: Option<&Periods>,
    rules: &Rules,
    warnings: &mut Vec<Warning>,
) -> Vec<LeakageResult> {
    let mut out = Vec::new();
    let tested = association.is_some_and(|a| a.judgement.p_value.is_some());
    if tested && let Some(l) = determines(column, association, target, rules) {
        out.push(l);
    }
    if let Some(why) = identifier_like(column) {
        out.push(identifier(column, why, target, periods, rules));
    }
    filled_after(column, target, warnings);
    if let Some(labels) = target.labels() {
        out.extend(missingness(column, labels, rules));
    }
    out
}

/// The "nearly determines the outcome" check: the column alone as a score for the outcome, its
/// folded AUC (0/1 outcome: Mann–Whitney, a categorical column by its categories' outcome rates) or
/// folded concordance C (numeric outcome: Harrell's C, [`rank::concordance`], the AUC's
/// generalisation, a categorical column by its categories' mean outcome), listed from
/// [`REPORT_AUC`] and judged by the band test against `leakage_auc`: for the AUC with the
/// Hanley–McNeil variance at the edge ([`rank::auc_above`]), for C with its jackknife standard error.
fn determines(
    column: &Column,
    association: Option<&FeatureAssociation>,
    target: &Target,
    rules: &Rules,
) -> Option<LeakageResult> {
    let z = crate::stats::z_for_level(rules.confidence_level);
    let normal = crate::stats::standard_normal();
    let (raw, p_above, interval, what) = match &target.values {
        TargetValues::Binary(labels) => {
            let t = match &column.values {
                Values::Numeric(v) => {
                    let (x, y): (Vec<f64>, Vec<bool>) = v
                        .iter()
                        .zip(labels.iter())
                        .filter_map(|(x, l)| Some(((*x)?, (*l)?)))
                        .unzip();
                    assoc::mann_whitney(&x, &y)
                }
                Values::Categorical { levels, codes } => category_auc(levels.len(), codes, labels),
            }?;
            let folded = t.auc.max(1.0 - t.auc);
            let interval = association
                .and_then(|a| match a.measure {
                    crate::record::spurious::AssociationMeasure::Auc => {
                        Some((a.effect.ci_low?, a.effect.ci_high?))
                    }
                    _ => None,
                })
                .map(|(lo, hi)| {
                    if t.auc >= 0.5 {
                        (lo, hi)
                    } else {
                        (1.0 - hi, 1.0 - lo)
                    }
                });
            let p = rank::auc_above(folded, t.cases, t.non_cases, rules.leakage_auc);
            (t.auc, p, interval, "AUC")
        }
        TargetValues::Numeric(y) => {
            let (x, yy): (Vec<f64>, Vec<f64>) = match &column.values {
                Values::Numeric(v) => v
                    .iter()
                    .zip(y)
                    .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
                    .unzip(),
                Values::Categorical { levels, codes } => {
                    let mut sums = vec![(0.0f64, 0u64); levels.len()];
                    for (c, y) in codes.iter().zip(y) {
                        if let (Some(c), Some(y)) = (c, y) {
                            sums[*c as usize].0 += y;
                            sums[*c as usize].1 += 1;
                        }
                    }
                    codes
                        .iter()
                        .zip(y)
                        .filter_map(|(c, y)| {
                            let c = (*c)? as usize;
                            Some((sums[c].0 / sums[c].1 as f64, (*y)?))
                        })
                        .unzip()
                }
            };
            let c = rank::concordance(&x, &yy)?;
            let folded = c.c.max(1.0 - c.c);
            let se = floored_se(c.se, rules.leakage_auc, &yy);
            let p = se.map(|se| normal.sf((folded - rules.leakage_auc) / se));
            let interval = se.map(|se| ((folded - z * se).max(0.0), (folded + z * se).min(1.0)));
            (c.c, p, interval, "concordance C")
        }
    };
    let value = raw.max(1.0 - raw);
    if value < REPORT_AUC {
        return None;
    }
    let judgement = match p_above {
        Some(p_above) => verdict::band(
            BandTest::above(p_above, interval, rules.leakage_auc),
            &format!(
                "alone it orders the outcome with {what} {value:.3} (a leak when shown above {:.2})",
                rules.leakage_auc
            ),
        ),
        None => not_tested(
            Verdict::Undefined,
            format!("no test of the {what} against the leak threshold"),
        ),
    };
    Some(LeakageResult {
        feature: column.name.clone(),
        kind: LeakKind::NearlyDeterminesOutcome,
        value: Some(value),
        detail: format!("folded {what} {value:.3} of the column alone"),
        interval: interval.map(|(lo, hi)| [lo, hi]),
        judgement,
    })
}

/// A concordance's standard error for its test against `edge`. The jackknife's (like DeLong's)
/// vanishes at perfect separation, which would make any small sample "certain". For a 0/1 outcome
/// it is therefore never below the Hanley–McNeil standard error of an AUC of `edge` (the null value,
/// as a score test uses) from the same cases and non-cases; for a numeric outcome, which has no such
/// formula, that standard error with half the rows as cases stands in only where the jackknife's is 0.
fn floored_se(jackknife: Option<f64>, edge: f64, y: &[f64]) -> Option<f64> {
    let binary = y.iter().all(|v| *v == 0.0 || *v == 1.0);
    let (n1, n0) = if binary {
        let cases = y.iter().filter(|v| **v == 1.0).count();
        (cases, y.len() - cases)
    } else {
        (y.len() / 2, y.len() - y.len() / 2)
    };
    let floor = rank::hanley_mcneil_variance(edge, n1, n0).map(f64::sqrt);
    let jackknife = jackknife.filter(|s| *s > 0.0);
    match (jackknife, floor) {
        (Some(j), Some(f)) if binary => Some(j.max(f)),
        (Some(j), _) => Some(j),
        (None, f) => f,
    }
}

/// The identifier check: does the order of a column of unique values tell the outcome apart, within
/// periods when there is a time column? Its folded concordance with the outcome (Harrell's C, the AUC
/// for a 0/1 outcome; within periods [`rank::stratified_concordance`], so that a running number that
/// only follows time says nothing beyond time), judged by the band test against [`REPORT_AUC`] (0.8,
/// Deepchecks' warning level for a single column's predictive power) with its jackknife standard
/// error: a finding only when the order is shown to separate the outcome that well, so that a running
/// number does not raise a chance alarm in α of audits.
fn identifier(
    column: &Column,
    why: &str,
    target: &Target,
    periods: Option<&Periods>,
    rules: &Rules,
) -> LeakageResult {
    let rows: Vec<(f64, f64, Option<usize>)> = (0..column.len())
        .filter_map(|i| {
            let y = target.number(i)?;
            let x = match &column.values {
                Values::Numeric(v) => v[i]?,
                Values::Categorical { codes, .. } => f64::from(codes[i]?),
            };
            Some((x, y, periods.and_then(|p| p.of_row[i])))
        })
        .collect();
    let within = periods.is_some();
    let kept: Vec<&(f64, f64, Option<usize>)> =
        rows.iter().filter(|r| !within || r.2.is_some()).collect();
    let x: Vec<f64> = kept.iter().map(|r| r.0).collect();
    let y: Vec<f64> = kept.iter().map(|r| r.1).collect();
    let s: Vec<usize> = kept.iter().map(|r| r.2.unwrap_or(0)).collect();
    let z = crate::stats::z_for_level(rules.confidence_level);
    let normal = crate::stats::standard_normal();
    let found = rank::stratified_concordance(&x, &y, &s);
    let value = found.map(|c| c.c.max(1.0 - c.c));
    let judgement = match (found, value) {
        _ if (rows.len() as u64) < rules.min_group_size => {
            too_few(rows.len() as f64, rules, "rows with an outcome").expect("below the minimum")
        }
        (Some(c), Some(folded)) => match floored_se(c.se, REPORT_AUC, &y) {
            Some(se) => verdict::band(
                BandTest::above(
                    normal.sf((folded - REPORT_AUC) / se),
                    Some(((folded - z * se).max(0.0), (folded + z * se).min(1.0))),
                    REPORT_AUC,
                ),
                &format!(
                    "identifier-like ({why}); its order vs the outcome{}: folded concordance {folded:.3} (a finding when shown above {REPORT_AUC})",
                    if within { " within periods" } else { "" }
                ),
            ),
            None => not_tested(
                Verdict::Undefined,
                "no standard error for the order's concordance",
            ),
        },
        _ => not_tested(
            Verdict::Undefined,
            "no period or no row set in which the outcome varies",
        ),
    };
    LeakageResult {
        feature: column.name.clone(),
        kind: LeakKind::IdentifierLike,
        value,
        detail: why.to_string(),
        interval: None,
        judgement,
    }
}

/// The warning for a column filled in only in rows with an outcome: information from after the
/// inspection, which a model cannot have when it decides.
fn filled_after(column: &Column, target: &Target, warnings: &mut Vec<Warning>) {
    let (mut with, mut filled_with, mut without, mut filled_without) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..column.len() {
        let filled = u64::from(!column.is_missing(i));
        if target.number(i).is_some() {
            with += 1;
            filled_with += filled;
        } else {
            without += 1;
            filled_without += filled;
        }
    }
    if without == 0 || with == 0 || filled_without > 0 || filled_with == 0 {
        return;
    }
    warnings.push(Warning {
        text_nl: format!(
            "De kolom {} is alleen ingevuld in rijen met een bekende uitkomst ({filled_with} van de {with} rijen met, \
             0 van de {without} rijen zonder uitkomst). Ze komt dus pas na de inspectie in de data: een model kan haar niet \
             gebruiken op het moment dat het beslist. Het lekt de uitkomst alleen als ze ook binnen de rijen met \
             een uitkomst de uitkomst verraadt; dat staat in de tabel hieronder.",
            column.name
        ),
        text_en: format!(
            "The column {} is filled in only in rows with a known outcome ({filled_with} of the {with} rows with, \
             0 of the {without} rows without an outcome). It reaches the data only after the inspection: a model cannot \
             use it at the moment it decides. It leaks the outcome only if it also gives the outcome away among \
             the rows with an outcome; that is in the table below.",
            column.name
        ),
    });
}

/// The missingness checks of one column against a 0/1 outcome, among the labelled rows.
fn missingness(column: &Column, labels: &[Option<bool>], rules: &Rules) -> Vec<LeakageResult> {
    // (missing, rows) among positive and negative rows.
    let mut c = [(0u64, 0u64); 2];
    for (i, l) in labels.iter().enumerate() {
        if let Some(y) = l {
            let s = usize::from(!*y);
            c[s].0 += u64::from(column.is_missing(i));
            c[s].1 += 1;
        }
    }
    let [positive, negative] = c;
    let mut out = Vec::new();
    let candidates = [
        (
            LeakKind::MissingOnlyWhenPositive,
            positive,
            negative,
            "empty only in positive rows",
        ),
        (
            LeakKind::MissingOnlyWhenNegative,
            negative,
            positive,
            "empty only in negative rows",
        ),
    ];
    for (kind, here, there, words) in candidates {
        if !(here.0 > 0 && there.0 == 0) {
            continue;
        }
        let judgement = judge_missing(here, there, rules, words);
        out.push(LeakageResult {
            feature: column.name.clone(),
            kind,
            value: Some(here.0 as f64 / here.1.max(1) as f64),
            detail: format!(
                "{words}: {} of {} rows there, {} of {} elsewhere",
                here.0, here.1, there.0, there.1
            ),
            interval: None,
            judgement,
        });
    }
    out
}

fn judge_missing(here: (u64, u64), there: (u64, u64), rules: &Rules, words: &str) -> Judgement {
    if let Some(few) = too_few(here.1.min(there.1) as f64, rules, "labelled rows") {
        return few;
    }
    match stats::compare_proportions(here.0, here.1, there.0, there.1) {
        Some(t) => proposed(t.p_value, true, words),
        None => not_tested(Verdict::Undefined, format!("{words}; no test is defined")),
    }
}
