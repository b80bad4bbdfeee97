//! The attributes an audit splits by: the group columns and their intersections, and the reference
//! group of each (named, largest or best-off).

use std::collections::BTreeSet;
use std::path::Path;

use crate::audit::metric::{ConfusionCounts, Metric};
use crate::audit::verdict;
use crate::data::ScoredData;
use crate::error::{Error, Result};
use crate::manifest::{DataSpec, INTERSECTION_SEPARATOR, ReferenceGroup};
use crate::policy::Rules;
use crate::stats;

/// One attribute: a group column or an intersection of several, with a code per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The column, or the columns joined by ` × `.
    pub name: String,
    pub columns: Vec<String>,
    /// Group names in sorted order (for an intersection: by the tuple of its parts' levels).
    pub levels: Vec<String>,
    /// One code per row, indexing `levels`.
    pub codes: Vec<u32>,
    pub reference: ReferenceGroup,
}

/// The group columns of the spec, then its intersections. Only combinations that occur in the data
/// become intersectional groups. Errors when an intersection has more possible combinations than a
/// 64-bit key can number (the product of its columns' level counts).
pub fn attributes(data: &ScoredData, spec: &DataSpec) -> Result<Vec<Attribute>> {
    let mut out = columns(data, spec);
    for (i, x) in spec.intersections.iter().enumerate() {
        let parts: Vec<&crate::data::GroupColumn> = x
            .columns
            .iter()
            .map(|c| {
                data.groups
                    .iter()
                    .find(|g| &g.name == c)
                    .expect("validated: intersection columns are group columns")
            })
            .collect();
        let combinations = parts
            .iter()
            .try_fold(1u64, |acc, p| acc.checked_mul(p.levels.len() as u64));
        if combinations.is_none() {
            return Err(Error::field(
                &spec.origin,
                format!("data.intersections[{i}].columns"),
                format!(
                    "{} has more possible combinations than algoreg can number; use fewer columns",
                    x.columns.join(INTERSECTION_SEPARATOR)
                ),
            ));
        }
        out.push(intersect(&parts, x.reference.clone()));
    }
    Ok(out)
}

/// The group columns of the spec alone, without their intersections.
pub fn columns(data: &ScoredData, spec: &DataSpec) -> Vec<Attribute> {
    data.groups
        .iter()
        .zip(&spec.groups)
        .map(|(column, g)| Attribute {
            name: column.name.clone(),
            columns: vec![column.name.clone()],
            levels: column.levels.clone(),
            codes: column.codes.clone(),
            reference: g.reference.clone(),
        })
        .collect()
}

/// Combines columns into one: a row's key is its codes read as a mixed-radix number (first column
/// most significant), so sorting keys sorts groups by the tuple of their parts. The caller checks that
/// the product of the level counts fits in a `u64`.
fn intersect(parts: &[&crate::data::GroupColumn], reference: ReferenceGroup) -> Attribute {
    let rows = parts[0].codes.len();
    let keys: Vec<u64> = (0..rows)
        .map(|row| {
            parts.iter().fold(0u64, |key, p| {
                key * p.levels.len() as u64 + u64::from(p.codes[row])
            })
        })
        .collect();
    let distinct: Vec<u64> = keys
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let levels = distinct
        .iter()
        .map(|&key| {
            let mut rest = key;
            let mut names: Vec<&str> = parts
                .iter()
                .rev()
                .map(|p| {
                    let size = p.levels.len() as u64;
                    let code = (rest % size) as usize;
                    rest /= size;
                    p.levels[code].as_str()
                })
                .collect();
            names.reverse();
            names.join(INTERSECTION_SEPARATOR)
        })
        .collect();
    let codes = keys
        .iter()
        .map(|k| distinct.binary_search(k).expect("every key is in the set") as u32)
        .collect();
    let columns: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
    Attribute {
        name: columns.join(INTERSECTION_SEPARATOR),
        columns,
        levels,
        codes,
        reference,
    }
}

/// The reference level of an attribute and the rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub level: usize,
    pub rule: String,
}

/// The metric best-off is judged on: the policy's first judged metric with a direction.
pub fn best_off_metric(rules: &Rules) -> Option<Metric> {
    rules
        .metrics
        .iter()
        .copied()
        .find(|m| m.higher_is_worse() || m.higher_is_better())
}

/// Resolves the reference of attribute `name` (groups `levels` with their `counts`) by `rule`;
/// `data_path` names the data in the message of a named group that does not occur.
pub fn resolve_reference(
    name: &str,
    levels: &[String],
    rule: &ReferenceGroup,
    counts: &[ConfusionCounts],
    spec: &DataSpec,
    rules: &Rules,
    data_path: &Path,
) -> Result<Reference> {
    let largest = || {
        // Largest by rows; ties go to the first level in sorted order.
        let mut best = 0;
        for (i, c) in counts.iter().enumerate() {
            if c.n > counts[best].n {
                best = i;
            }
        }
        best
    };
    match rule {
        ReferenceGroup::Named(group) => levels
            .iter()
            .position(|l| l == group)
            .map(|level| Reference {
                level,
                rule: "named".into(),
            })
            .ok_or_else(|| {
                Error::field(
                    &spec.origin,
                    format!("reference of `{name}`"),
                    format!(
                        "group `{group}` does not occur in {}; its groups are: {}",
                        data_path.display(),
                        levels.join(", ")
                    ),
                )
            }),
        ReferenceGroup::Largest => Ok(Reference {
            level: largest(),
            rule: "largest".into(),
        }),
        ReferenceGroup::BestOff => {
            let Some(metric) = best_off_metric(rules) else {
                return Err(Error::field(
                    &spec.origin,
                    format!("reference of `{}`", name),
                    "best-off needs a judged metric with a direction (e.g. fnr or fpr) in the policy",
                ));
            };
            let better = |a: f64, b: f64| {
                if metric.higher_is_worse() {
                    a < b
                } else {
                    a > b
                }
            };
            let mut best: Option<(usize, f64)> = None;
            for (i, c) in counts.iter().enumerate() {
                let (k, n) = metric.fraction(c);
                if n < rules.min_group_size {
                    continue;
                }
                let rate = k as f64 / n as f64;
                if best.is_none_or(|(_, b)| better(rate, b)) {
                    best = Some((i, rate));
                }
            }
            Ok(match best {
                Some((level, _)) => Reference {
                    level,
                    rule: format!("best-off on {}", metric.as_str()),
                },
                None => Reference {
                    level: largest(),
                    rule: format!(
                        "largest (no group has {} rows for best-off on {})",
                        rules.min_group_size,
                        metric.as_str()
                    ),
                },
            })
        }
    }
}

/// Whether a reference group stands out itself: its rate `k/n` against all other groups together,
/// by the band test of [`crate::audit::verdict`] (Koopman's score statistic at the band's edges).
/// `checks` is the number of such checks made in the audit; the test is Bonferroni-corrected over
/// them (`p_beyond < α/checks`), so that on data without disparities a warning is rare. Returns the
/// ratio (reference / the others) when it stands out.
///
/// The trap it catches: when the largest group is itself the outlier (Street Bump's under-reporting
/// centre), every other group looks off against it and the outlier is never named.
pub fn reference_stands_out(
    fractions: &[(u64, u64)],
    reference: usize,
    rules: &Rules,
    checks: usize,
) -> Option<f64> {
    let (k, n) = fractions[reference];
    let (ko, no) = fractions
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != reference)
        .fold((0, 0), |(a, b), (_, (k, n))| (a + k, b + n));
    if n.min(no) < rules.min_group_size || ko == 0 {
        return None;
    }
    let (above, below) = stats::ratio_beyond_band(k, n, ko, no, rules.band_low, rules.band_high)?;
    let test = verdict::BandTest::from_sides(above, below, None, rules);
    (test.p_beyond < rules.alpha / checks.max(1) as f64)
        .then(|| (k as f64 / n as f64) / (ko as f64 / no as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::GroupColumn;

    fn column(name: &str, levels: &[&str], codes: &[u32]) -> GroupColumn {
        GroupColumn {
            name: name.into(),
            levels: levels.iter().map(|s| s.to_string()).collect(),
            codes: codes.to_vec(),
        }
    }

    #[test]
    fn intersections_keep_only_occurring_combinations_in_tuple_order() {
        let hood = column("hood", &["Noord", "Zuid"], &[1, 0, 1, 1, 0]);
        let owner = column("owner", &["corp", "private", "x"], &[0, 1, 1, 0, 1]);
        let a = intersect(&[&hood, &owner], ReferenceGroup::Largest);
        assert_eq!(a.name, "hood × owner");
        assert_eq!(
            a.levels,
            ["Noord × private", "Zuid × corp", "Zuid × private"]
        );
        assert_eq!(a.codes, [1, 0, 2, 1, 0]);
    }
}
