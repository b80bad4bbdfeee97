//! Label selection: which rows carry a label (an inspection result, a handled report), by group.
//!
//! When the outcome is only observed where someone looked, a model trained on the labels and every
//! error rate measured on them speak for the groups in proportion to how often each was looked at.
//! Per group: labelled share `L_g/n_g` (Wilson interval), its ratio to the reference group's
//! (Koopman's score interval) judged by the band test of [`crate::audit::verdict`] (score tests
//! against the band's edges), and the outcome rate among the labelled rows (Wilson). Per attribute: χ² tests of independence of "labelled" and
//! group, and of outcome and group among the labelled rows. Sources: Agresti (2013) §3.1–3.2; on
//! selection into the training labels, Lakkaraju et al. (2017), "The selective labels problem", KDD.

use crate::audit::groups::{self, Attribute};
use crate::data::ScoredData;
use crate::manifest::ReferenceGroup;
use crate::policy::Rules;
use crate::record::sampling::{LabelSelection, SelectionAttribute, SelectionGroup, Warning};
use crate::record::{Estimate, Verdict};
use crate::stats::{self, compare};

use super::wilson_estimate;
use crate::audit::verdict::{self, BandTest, not_tested, too_few};

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
    has_label: bool,
    warnings: &mut Vec<Warning>,
) -> LabelSelection {
    let z = stats::z_for_level(rules.confidence_level);
    let rows = data.labels.len() as u64;
    if !has_label {
        return LabelSelection {
            rows,
            labelled: 0,
            labelled_share: crate::record::Estimate::undefined("the data have no label column"),
            selected_sample: false,
            attributes: Vec::new(),
            no_label_column: true,
        };
    }
    let labelled = data.labels.iter().filter(|l| l.is_some()).count() as u64;
    let selected_sample = labelled < rows;
    let attributes = if selected_sample {
        attributes
            .iter()
            .map(|a| {
                let checks = attributes
                    .iter()
                    .filter(|a| a.reference == ReferenceGroup::Largest)
                    .count();
                attribute(a, data, subgroup_references, rules, z, checks, warnings)
            })
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
        no_label_column: false,
    }
}

fn attribute(
    a: &Attribute,
    data: &ScoredData,
    subgroup_references: &[(String, String)],
    rules: &Rules,
    z: f64,
    checks: usize,
    warnings: &mut Vec<Warning>,
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
    if a.reference == ReferenceGroup::Largest {
        let fractions: Vec<(u64, u64)> = tally.iter().map(|t| (t.labelled, t.rows)).collect();
        if let Some(ratio) = groups::reference_stands_out(&fractions, reference, rules, checks) {
            let level = &a.levels[reference];
            warnings.push(Warning {
                text_nl: format!(
                    "De referentiegroep {} = {level} (de grootste groep) wijkt zelf af: bij haar is de uitkomst {ratio:.2} keer \
                     zo vaak bekend als bij de andere groepen samen. Vergelijkingen met haar kunnen de verkeerde kant op wijzen.",
                    a.name
                ),
                text_en: format!(
                    "The reference group {} = {level} (the largest group) itself stands out: its outcome is known {ratio:.2} \
                     times as often as in the other groups together. Comparisons with it can point the wrong way.",
                    a.name
                ),
            });
        }
    }
    let groups = a
        .levels
        .iter()
        .zip(&tally)
        .enumerate()
        .map(|(g, (level, t))| {
            let (ratio, judgement) = if g == reference {
                (None, None)
            } else {
                let ratio =
                    match stats::ratio_score_interval(t.labelled, t.rows, r.labelled, r.rows, z) {
                        // Koopman's score interval: it exists where a share is 0 or 100%, and it is the
                        // interval the band test inverts.
                        Some(ci) => Estimate::with_interval(
                            (t.labelled as f64 / t.rows as f64)
                                / (r.labelled as f64 / r.rows as f64),
                            Some(ci),
                        ),
                        None if r.labelled == 0 => {
                            Estimate::undefined("the reference group has no labelled rows")
                        }
                        None => Estimate::undefined("the group has no rows"),
                    };
                let band = stats::ratio_beyond_band(
                    t.labelled,
                    t.rows,
                    r.labelled,
                    r.rows,
                    rules.band_low,
                    rules.band_high,
                )
                .map(|(above, below)| {
                    BandTest::from_sides(above, below, ratio.ci_low.zip(ratio.ci_high), rules)
                });
                let judgement = match (ratio.value, band) {
                    _ if t.rows.min(r.rows) < rules.min_group_size => {
                        too_few(t.rows.min(r.rows) as f64, rules, "rows")
                            .expect("below the minimum")
                    }
                    (Some(v), Some(b)) if t.labelled < t.rows || r.labelled < r.rows => {
                        verdict::band(b, &format!("labelled-share ratio {v:.3}"))
                    }
                    (Some(_), Some(_)) => not_tested(
                        Verdict::Undefined,
                        "no test: every row of both groups carries a label",
                    ),
                    _ => not_tested(
                        Verdict::Undefined,
                        "no ratio: the reference group has no labelled rows",
                    ),
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
