//! Leakage: columns that carry the answer rather than a cause of it.
//!
//! Three checks (Kaufman et al. 2012, "Leakage in data mining", ACM TKDD 6(4); Deepchecks'
//! single-feature predictive power and identifier-label correlation checks):
//! - **nearly determines the outcome**: the feature alone reaches a folded AUC `max(AUC, 1 − AUC)` of
//!   at least the policy's `leakage_auc` (a categorical feature is scored by its categories' outcome
//!   rates). Reported from a folded AUC of 0.8 (Deepchecks' warning level); judged on the feature's
//!   Mann–Whitney or χ² p-value;
//! - **identifier-like**: every value is unique (a text or whole-number column), or a numeric column is
//!   monotone with the row order (|Spearman ρ with the row number| ≥ 0.99); it is a finding only when
//!   its order still tells the outcome apart (Mann–Whitney test of the values, or of text values'
//!   sort order);
//! - **missingness that tells**: empty cells only in labelled rows (or only in unlabelled ones), or only
//!   in positive (or only negative) rows, tested with the two-proportion z-test or Fisher's exact test
//!   ([`crate::stats::compare_proportions`]).

use crate::policy::Rules;
use crate::record::Verdict;
use crate::record::sampling::Judgement;
use crate::record::spurious::{FeatureAssociation, LeakKind, LeakageResult};
use crate::stats::{self, assoc};

use super::association::folded_auc;
use super::features::{Column, Values};
use crate::audit::sampling::{not_tested, proposed};

/// Folded AUC from which a column is listed under "nearly determines the outcome".
pub const REPORT_AUC: f64 = 0.8;

/// A categorical feature's folded AUC when each category is scored by its outcome rate (the best
/// single ordering of its categories).
fn category_auc(levels: usize, codes: &[Option<u32>], labels: &[Option<bool>]) -> Option<f64> {
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
    assoc::mann_whitney(&scores, &y).map(|t| t.auc.max(1.0 - t.auc))
}

/// Whether the column looks like an identifier, and why.
pub fn identifier_like(column: &Column) -> Option<&'static str> {
    let present = (0..column.len()).filter(|&i| !column.is_missing(i)).count();
    if present < 3 {
        return None;
    }
    let unique = column.distinct() == present;
    match &column.values {
        Values::Categorical { .. } if unique => Some("every value is unique"),
        Values::Numeric(v) => {
            let whole = v.iter().flatten().all(|x| x.fract() == 0.0);
            if unique && whole {
                return Some("every value is a unique whole number");
            }
            let (rows, x): (Vec<f64>, Vec<f64>) = v
                .iter()
                .enumerate()
                .filter_map(|(i, x)| x.map(|x| (i as f64, x)))
                .unzip();
            assoc::spearman(&rows, &x, 1.96)
                .filter(|s| s.r.abs() >= 0.99)
                .map(|_| "it rises or falls with the row order")
        }
        _ => None,
    }
}

/// Leak checks of one column; `association` is its test against the outcome (absent for columns
/// only checked as identifiers).
pub fn assess(
    column: &Column,
    association: Option<&FeatureAssociation>,
    labels: &[Option<bool>],
    rules: &Rules,
) -> Vec<LeakageResult> {
    let mut out = Vec::new();
    let folded = match (&column.values, association) {
        (Values::Numeric(_), Some(a)) => folded_auc(a),
        (Values::Categorical { levels, codes }, Some(a)) if a.judgement.p_value.is_some() => {
            category_auc(levels.len(), codes, labels)
        }
        _ => None,
    };
    if let (Some(auc), Some(a)) = (folded, association)
        && auc >= REPORT_AUC
    {
        let judgement = match a.judgement.p_value {
            Some(p) => proposed(
                p,
                auc >= rules.leakage_auc,
                &format!(
                    "alone it separates positive from negative rows with AUC {auc:.3} (leak from {:.2})",
                    rules.leakage_auc
                ),
            ),
            None => not_tested(a.judgement.verdict, a.judgement.reason.clone()),
        };
        out.push(LeakageResult {
            feature: column.name.clone(),
            kind: LeakKind::NearlyDeterminesOutcome,
            value: Some(auc),
            detail: format!("folded AUC {auc:.3} of the column alone"),
            judgement,
        });
    }
    if let Some(why) = identifier_like(column) {
        let pairs: Vec<(f64, bool)> = match &column.values {
            Values::Numeric(v) => v
                .iter()
                .zip(labels)
                .filter_map(|(x, l)| Some(((*x)?, (*l)?)))
                .collect(),
            Values::Categorical { codes, .. } => codes
                .iter()
                .zip(labels)
                .filter_map(|(c, l)| Some((f64::from((*c)?), (*l)?)))
                .collect(),
        };
        let (x, y): (Vec<f64>, Vec<bool>) = pairs.into_iter().unzip();
        let test = ((x.len() as u64) >= rules.min_group_size)
            .then(|| assoc::mann_whitney(&x, &y))
            .flatten();
        let judgement = match test {
            _ if (x.len() as u64) < rules.min_group_size => {
                not_tested(Verdict::TooFewRows, "too few labelled rows to judge")
            }
            Some(t) => proposed(
                t.p_value,
                true,
                &format!(
                    "identifier-like ({why}); its order vs the outcome: AUC {:.3}",
                    t.auc
                ),
            ),
            None => not_tested(
                Verdict::Undefined,
                "every labelled row has the same outcome",
            ),
        };
        let value = test.map(|t| t.auc);
        out.push(LeakageResult {
            feature: column.name.clone(),
            kind: LeakKind::IdentifierLike,
            value,
            detail: why.to_string(),
            judgement,
        });
    }
    out.extend(missingness(column, labels, rules));
    out
}

/// The missingness checks of one column.
fn missingness(column: &Column, labels: &[Option<bool>], rules: &Rules) -> Vec<LeakageResult> {
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
    let mut out = Vec::new();
    let candidates = [
        (
            LeakKind::MissingOnlyWhenLabelled,
            labelled,
            unlabelled,
            labelled.0 > 0 && unlabelled.0 == 0,
            "empty only in rows with a label",
        ),
        (
            LeakKind::PresentOnlyWhenLabelled,
            unlabelled,
            labelled,
            unlabelled.1 > 0 && unlabelled.0 == unlabelled.1 && labelled.0 < labelled.1,
            "filled in only in rows with a label",
        ),
        (
            LeakKind::MissingOnlyWhenPositive,
            positive,
            negative,
            positive.0 > 0 && negative.0 == 0,
            "empty only in positive rows",
        ),
        (
            LeakKind::MissingOnlyWhenNegative,
            negative,
            positive,
            negative.0 > 0 && positive.0 == 0,
            "empty only in negative rows",
        ),
    ];
    for (kind, here, there, pattern, words) in candidates {
        if !pattern {
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
    if here.1 < rules.min_group_size || there.1 < rules.min_group_size {
        return not_tested(
            Verdict::TooFewRows,
            format!(
                "{words}, but too few rows to judge (n = {} and {})",
                here.1, there.1
            ),
        );
    }
    match stats::compare_proportions(here.0, here.1, there.0, there.1) {
        Some(t) => proposed(t.p_value, true, words),
        None => not_tested(Verdict::Undefined, format!("{words}; no test is defined")),
    }
}
