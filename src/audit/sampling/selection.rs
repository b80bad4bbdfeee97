//! Label selection: which rows carry a label (an inspection result, a handled report), by group.
//!
//! When the outcome is only observed where someone looked, a model trained on the labels and every
//! error rate measured on them speak for the groups in proportion to how often each was looked at.
//! Per group: labelled share `L_g/n_g` (Wilson interval), its ratio to the reference group's (Katz
//! interval; Koopman's score interval when the group has no labelled row) with the two-proportion
//! z-test (Fisher's exact test for small cells), and the outcome rate among the labelled rows
//! (Wilson). Per attribute: χ² tests of independence of "labelled" and
//! group, and of outcome and group among the labelled rows. Sources: Agresti (2013) §3.1–3.2; on
//! selection into the training labels, Lakkaraju et al. (2017), "The selective labels problem", KDD.

use crate::audit::groups::Attribute;
use crate::data::ScoredData;
use crate::policy::Rules;
use crate::record::sampling::{LabelSelection, SelectionAttribute, SelectionGroup};
use crate::record::{Estimate, Verdict};
use crate::stats::{self, compare};

use super::{not_tested, proposed, wilson_estimate};

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    rows: u64,
    labelled: u64,
    positives: u64,
}

/// The labelled share overall and, when some rows carry no label, by every attribute.
pub fn run(
    data: &ScoredData,
    attributes: &[Attribute],
    subgroup_references: &[(String, String)],
    rules: &Rules,
) -> LabelSelection {
    let z = stats::z_for_level(rules.confidence_level);
    let rows = data.labels.len() as u64;
    let labelled = data.labels.iter().filter(|l| l.is_some()).count() as u64;
    let selected_sample = labelled < rows;
    let attributes = if selected_sample {
        attributes
            .iter()
            .map(|a| attribute(a, data, subgroup_references, rules, z))
            .collect()
    } else {
        Vec::new()
    };
    LabelSelection {
        rows,
        labelled,
        labelled_share: wilson_estimate(labelled, rows, z, "no rows"),
        selected_sample,
        attributes,
    }
}

fn attribute(
    a: &Attribute,
    data: &ScoredData,
    subgroup_references: &[(String, String)],
    rules: &Rules,
    z: f64,
) -> SelectionAttribute {
    let mut tally = vec![Tally::default(); a.levels.len()];
    for (&code, label) in a.codes.iter().zip(&data.labels) {
        let t = &mut tally[code as usize];
        t.rows += 1;
        if let Some(y) = label {
            t.labelled += 1;
            t.positives += u64::from(*y);
        }
    }
    let reference = subgroup_references
        .iter()
        .find(|(attr, _)| attr == &a.name)
        .and_then(|(_, group)| a.levels.iter().position(|l| l == group))
        .unwrap_or_else(|| {
            // Largest by rows; ties go to the first level in sorted order.
            (0..tally.len()).fold(0, |best, i| {
                if tally[i].rows > tally[best].rows {
                    i
                } else {
                    best
                }
            })
        });
    let r = tally[reference];
    let groups = a
        .levels
        .iter()
        .zip(&tally)
        .enumerate()
        .map(|(g, (level, t))| {
            let (ratio, judgement) = if g == reference {
                (None, None)
            } else {
                let ratio = match stats::ratio_interval(t.labelled, t.rows, r.labelled, r.rows, z) {
                    Some((v, lo, hi)) => Estimate::with_interval(v, Some((lo, hi))),
                    None if r.labelled == 0 => {
                        Estimate::undefined("the reference group has no labelled rows")
                    }
                    // No row of this group carries a label: the Katz interval needs one, Koopman's
                    // score interval [0, upper] does not.
                    None => Estimate::with_interval(
                        0.0,
                        stats::ratio_score_interval(t.labelled, t.rows, r.labelled, r.rows, z),
                    ),
                };
                let smallest = t.rows.min(r.rows);
                let test = stats::compare_proportions(t.labelled, t.rows, r.labelled, r.rows);
                let judgement = match (ratio.value, test) {
                    _ if smallest < rules.min_group_size => not_tested(
                        Verdict::TooFewRows,
                        format!(
                            "too few rows to judge (n = {smallest}, fewer than {})",
                            rules.min_group_size
                        ),
                    ),
                    (Some(v), Some(test)) => proposed(
                        test.p_value,
                        v < rules.band_low || v > rules.band_high,
                        &format!("labelled-share ratio {v:.3} ({})", test.method.as_str()),
                    ),
                    _ => not_tested(Verdict::Undefined, "no test: no group has unlabelled rows"),
                };
                (Some(ratio), Some(judgement))
            };
            SelectionGroup {
                group: level.clone(),
                rows: t.rows,
                labelled: t.labelled,
                positives: t.positives,
                labelled_share: wilson_estimate(t.labelled, t.rows, z, "no rows"),
                ratio,
                outcome_rate: wilson_estimate(t.positives, t.labelled, z, "no labelled rows"),
                judgement,
            }
        })
        .collect();
    let labelled_table: Vec<Vec<u64>> = tally
        .iter()
        .map(|t| vec![t.labelled, t.rows - t.labelled])
        .collect();
    let outcome_table: Vec<Vec<u64>> = tally
        .iter()
        .map(|t| vec![t.positives, t.labelled - t.positives])
        .collect();
    SelectionAttribute {
        attribute: a.name.clone(),
        columns: a.columns.clone(),
        reference: a.levels[reference].clone(),
        independence: compare::chi_square_independence(&labelled_table).map(Into::into),
        outcome_independence: compare::chi_square_independence(&outcome_table).map(Into::into),
        groups,
    }
}
