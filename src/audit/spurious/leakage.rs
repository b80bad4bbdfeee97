//! Leakage: columns that carry the answer rather than a cause of it.
//!
//! Three checks (Kaufman et al. 2012, "Leakage in data mining", ACM TKDD 6(4); Deepchecks'
//! single-feature predictive power and identifier-label correlation checks), all among the labelled
//! rows, and all independent of the order of the rows:
//! - **nearly determines the outcome**: the feature alone reaches a folded AUC `max(AUC, 1 − AUC)`
//!   (a categorical feature is scored by its categories' outcome rates). Listed from a folded AUC of
//!   0.8 (Deepchecks' warning level); judged by the band test of [`crate::audit::verdict`] against
//!   the policy's `leakage_auc`: a finding only when the AUC is shown to lie *above* it
//!   ([`crate::stats::assoc::auc_above`], Hanley–McNeil variance at the edge), not merely above 0.5;
//! - **identifier-like**: every value is unique (a text or whole-number column); a finding when its
//!   order still tells the outcome apart (Mann–Whitney test of the values, or of text values' sort
//!   order). With a time column the test is the van Elteren test within periods
//!   ([`crate::stats::assoc::van_elteren`]): a running number that only follows time says nothing
//!   beyond time, which the trend checks judge. No check looks at the row order of the file;
//! - **missingness that tells the outcome**: among the labelled rows, empty cells only in positive
//!   (or only in negative) rows, tested with the two-proportion z-test or Fisher's exact test
//!   ([`crate::stats::compare_proportions`]).
//!
//! A column filled in only in rows with a label (a repair cost, a follow-up letter) is not an
//! outcome leak: its missingness tells whether a row was *inspected*, not what was found. It is
//! information from after the inspection, which a model cannot have when it decides; that is a
//! warning in those words, and the column is judged as a leak among the labelled rows like any other.

use crate::policy::Rules;
use crate::record::Verdict;
use crate::record::sampling::{Judgement, Warning};
use crate::record::spurious::{FeatureAssociation, LeakKind, LeakageResult};
use crate::stats::{self, assoc};

use super::trend::Periods;
use super::features::{Column, Values};
use crate::audit::verdict::{self, BandTest, not_tested, proposed, too_few};

/// Folded AUC from which a column is listed under "nearly determines the outcome".
pub const REPORT_AUC: f64 = 0.8;

/// A categorical feature's AUC when each category is scored by its outcome rate (the best single
/// ordering of its categories), with its Mann–Whitney test.
fn category_auc(levels: usize, codes: &[Option<u32>], labels: &[Option<bool>]) -> Option<assoc::AucTest> {
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
/// A column filled in only in labelled rows adds a warning to `warnings`.
pub fn assess(
    column: &Column,
    association: Option<&FeatureAssociation>,
    labels: &[Option<bool>],
    periods: Option<&Periods>,
    rules: &Rules,
    warnings: &mut Vec<Warning>,
) -> Vec<LeakageResult> {
    let mut out = Vec::new();
    let test = match (&column.values, association) {
        (Values::Numeric(v), Some(a)) if a.judgement.p_value.is_some() => {
            let (x, y): (Vec<f64>, Vec<bool>) = v
                .iter()
                .zip(labels)
                .filter_map(|(x, l)| Some(((*x)?, (*l)?)))
                .unzip();
            assoc::mann_whitney(&x, &y)
        }
        (Values::Categorical { levels, codes }, Some(a)) if a.judgement.p_value.is_some() => {
            category_auc(levels.len(), codes, labels)
        }
        _ => None,
    };
    if let Some(t) = test {
        let auc = t.auc.max(1.0 - t.auc);
        if auc >= REPORT_AUC {
            let interval = association
                .and_then(|a| match a.measure {
                    crate::record::spurious::AssociationMeasure::Auc => {
                        Some((a.effect.ci_low?, a.effect.ci_high?))
                    }
                    _ => None,
                })
                .map(|(lo, hi)| if t.auc >= 0.5 { (lo, hi) } else { (1.0 - hi, 1.0 - lo) });
            let judgement = match assoc::auc_above(auc, t.cases, t.non_cases, rules.leakage_auc) {
                Some(p_above) => verdict::band(
                    BandTest::above(p_above, interval, rules.leakage_auc),
                    &format!(
                        "alone it separates positive from negative rows with AUC {auc:.3} (a leak when shown above {:.2})",
                        rules.leakage_auc
                    ),
                ),
                None => not_tested(Verdict::Undefined, "no test of the AUC against the leak threshold"),
            };
            out.push(LeakageResult {
                feature: column.name.clone(),
                kind: LeakKind::NearlyDeterminesOutcome,
                value: Some(auc),
                detail: format!("folded AUC {auc:.3} of the column alone"),
                judgement,
            });
        }
    }
    if let Some(why) = identifier_like(column) {
        out.push(identifier(column, why, labels, periods, rules));
    }
    out.extend(missingness(column, labels, rules, warnings));
    out
}

/// The identifier check: does the order of a column of unique values tell the outcome apart
/// (within periods, when there is a time column)?
fn identifier(
    column: &Column,
    why: &str,
    labels: &[Option<bool>],
    periods: Option<&Periods>,
    rules: &Rules,
) -> LeakageResult {
    let rows: Vec<(f64, bool, Option<usize>)> = (0..column.len())
        .filter_map(|i| {
            let y = labels[i]?;
            let x = match &column.values {
                Values::Numeric(v) => v[i]?,
                Values::Categorical { codes, .. } => f64::from(codes[i]?),
            };
            Some((x, y, periods.and_then(|p| p.of_row[i])))
        })
        .collect();
    let x: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let y: Vec<bool> = rows.iter().map(|r| r.1).collect();
    let within = periods.is_some();
    let test = if (x.len() as u64) < rules.min_group_size {
        None
    } else if within {
        let kept: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].2.is_some()).collect();
        assoc::van_elteren(
            &kept.iter().map(|&i| x[i]).collect::<Vec<_>>(),
            &kept.iter().map(|&i| y[i]).collect::<Vec<_>>(),
            &kept.iter().map(|&i| rows[i].2.unwrap_or(0)).collect::<Vec<_>>(),
        )
    } else {
        assoc::mann_whitney(&x, &y).map(|t| (t.auc, t.p_value))
    };
    let judgement = match test {
        _ if (x.len() as u64) < rules.min_group_size => {
            too_few(x.len() as f64, rules, "labelled rows").expect("below the minimum")
        }
        Some((auc, p)) => proposed(
            p,
            true,
            &format!(
                "identifier-like ({why}); its order vs the outcome{}: AUC {auc:.3}",
                if within { " within periods (van Elteren)" } else { "" }
            ),
        ),
        None => not_tested(
            Verdict::Undefined,
            "no period or no row set with both outcomes",
        ),
    };
    LeakageResult {
        feature: column.name.clone(),
        kind: LeakKind::IdentifierLike,
        value: test.map(|t| t.0),
        detail: why.to_string(),
        judgement,
    }
}

/// The missingness checks of one column: an outcome leak among the labelled rows, and the warning
/// for a column filled in only where a label is known.
fn missingness(
    column: &Column,
    labels: &[Option<bool>],
    rules: &Rules,
    warnings: &mut Vec<Warning>,
) -> Vec<LeakageResult> {
    // (missing, rows) among labelled, unlabelled, positive, negative rows.
    let mut c = [(0u64, 0u64); 4];
    for (i, l) in labels.iter().enumerate() {
        let m = u64::from(column.is_missing(i));
        let slots: &[usize] = match l {
            Some(true) => &[0, 2],
            Some(false) => &[0, 3],
            None => &[1],
        };
        for &s in slots {
            c[s].0 += m;
            c[s].1 += 1;
        }
    }
    let [labelled, unlabelled, positive, negative] = c;
    if unlabelled.1 > 0 && labelled.1 > 0 {
        let filled_labelled = labelled.1 - labelled.0;
        let filled_unlabelled = unlabelled.1 - unlabelled.0;
        if filled_unlabelled == 0 && filled_labelled > 0 {
            warnings.push(Warning {
                text_nl: format!(
                    "De kolom {} is alleen ingevuld in rijen met een bekende uitkomst ({filled_labelled} van de {} rijen met, \
                     0 van de {} rijen zonder uitkomst). Ze komt dus pas na de inspectie in de data: een model kan haar niet \
                     gebruiken op het moment dat het beslist. Het lekt de uitkomst alleen als ze ook binnen de rijen met \
                     een uitkomst de uitkomst verraadt; dat staat in de tabel hieronder.",
                    column.name, labelled.1, unlabelled.1
                ),
                text_en: format!(
                    "The column {} is filled in only in rows with a known outcome ({filled_labelled} of the {} rows with, \
                     0 of the {} rows without an outcome). It reaches the data only after the inspection: a model cannot \
                     use it at the moment it decides. It leaks the outcome only if it also gives the outcome away among \
                     the rows with an outcome; that is in the table below.",
                    column.name, labelled.1, unlabelled.1
                ),
            });
        }
    }
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
