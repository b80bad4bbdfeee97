//! Representativeness: each group's share of the data against its share of a reference population.
//!
//! For a group column with `n` rows (rows with an empty cell left out, with a warning) and population
//! counts `N_g`: population share `q_g = N_g/ΣN`, data share `p̂_g = k_g/n` with its Wilson interval,
//! representation ratio `p̂_g/q_g` with the Wilson limits divided by `q_g` (the population count is a
//! census figure, taken as known). Over the attribute Pearson's χ² and the G goodness-of-fit tests and the total variation distance
//! `½Σ|p̂_g − q_g|` with a seeded Poisson-bootstrap interval. A group is judged only when its population
//! share leads one to expect at least `min_group_size` rows, by the band test of
//! [`crate::audit::verdict`] (score tests of the ratio against the band's edges,
//! [`crate::stats::compare::share_beyond_band`]). Sources: Agresti (2013) §1.4–1.5;
//! the representation ratio as in survey practice (Meta's `balance`; Kish, *Survey Sampling*, 1965).

use std::collections::BTreeMap;

use crate::audit::bootstrap::{Purpose, Resampler, percentile_interval};
use crate::data::{MISSING_GROUP, ScoredData};
use crate::error::{Error, Result};
use crate::manifest::PopulationSpec;
use crate::policy::Rules;
use crate::record::Estimate;
use crate::record::Verdict;
use crate::record::sampling::{RepresentAttribute, RepresentGroup, Warning};
use crate::reference::{Population, PopulationRow};
use crate::stats::{self, compare};

use super::{distinct_joined, wilson_estimate};
use crate::audit::verdict::{self, BandTest, not_tested, too_few};

/// Compares every group column named in `[[sampling.representativeness]]` with the population file.
pub fn run(
    data: &ScoredData,
    spec: &PopulationSpec,
    population: &Population,
    rules: &Rules,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<RepresentAttribute>> {
    let z = stats::z_for_level(rules.confidence_level);
    let mut out = Vec::new();
    for (index, (column, attribute)) in spec.attributes.iter().enumerate() {
        let col = data
            .groups
            .iter()
            .find(|g| &g.name == column)
            .expect("validated: representativeness columns are group columns");
        let rows: Vec<&PopulationRow> = population
            .rows
            .iter()
            .filter(|r| &r.attribute == attribute)
            .collect();
        if rows.is_empty() {
            let known: std::collections::BTreeSet<&str> = population
                .rows
                .iter()
                .map(|r| r.attribute.as_str())
                .collect();
            return Err(Error::Reference {
                path: population.path.clone(),
                message: format!(
                    "has no lines for attribute `{attribute}` (compared with data column `{column}`); its attributes are: {}",
                    known.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        if let Some(r) = rows
            .iter()
            .find(|r| r.unit.as_ref().is_some_and(|u| u != &spec.unit))
        {
            return Err(Error::Reference {
                path: population.path.clone(),
                message: format!(
                    "line {}: counts `{}`, but the manifest says a data row is a `{}` (sampling.unit); \
                     shares of different units cannot be compared",
                    r.line,
                    r.unit.as_deref().unwrap_or_default(),
                    spec.unit
                ),
            });
        }
        let mut counts: BTreeMap<&str, u64> = rows.iter().map(|r| (r.group.as_str(), 0)).collect();
        let mut tally = vec![0u64; col.levels.len()];
        col.codes.iter().for_each(|&c| tally[c as usize] += 1);
        for (level, &k) in col.levels.iter().zip(&tally) {
            if k == 0 {
                continue;
            }
            if level == MISSING_GROUP {
                warnings.push(Warning {
                    text_nl: format!(
                        "{k} rijen hebben geen waarde voor {column}; ze tellen niet mee in de vergelijking met de bevolking."
                    ),
                    text_en: format!(
                        "{k} rows have no value for {column}; they are left out of the comparison with the population."
                    ),
                });
                continue;
            }
            match counts.get_mut(level.as_str()) {
                Some(slot) => *slot = k,
                None => {
                    return Err(Error::Reference {
                        path: population.path.clone(),
                        message: format!(
                            "group `{level}` of `{column}` occurs in the data ({k} rows) but not under attribute \
                             `{attribute}`; its groups there are: {}",
                            rows.iter()
                                .map(|r| r.group.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                }
            }
        }
        for (group, &k) in &counts {
            if k == 0 {
                warnings.push(Warning {
                    text_nl: format!(
                        "{column} = {group} staat in het bevolkingsbestand maar komt in de data niet voor: deze groep ontbreekt helemaal."
                    ),
                    text_en: format!(
                        "{column} = {group} is in the population file but has no rows in the data: the group is missing entirely."
                    ),
                });
            }
        }
        let by_group: BTreeMap<&str, &PopulationRow> =
            rows.iter().map(|r| (r.group.as_str(), *r)).collect();
        let observed: Vec<u64> = counts.values().copied().collect();
        let pop: Vec<f64> = counts.keys().map(|g| by_group[g].population).collect();
        out.push(compare_attribute(
            index, column, attribute, &spec.unit, &rows, &counts, &observed, &pop, rules, z,
        ));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn compare_attribute(
    index: usize,
    column: &str,
    attribute: &str,
    unit: &str,
    rows: &[&PopulationRow],
    counts: &BTreeMap<&str, u64>,
    observed: &[u64],
    pop: &[f64],
    rules: &Rules,
    z: f64,
) -> RepresentAttribute {
    let n: u64 = observed.iter().sum();
    let total: f64 = pop.iter().sum();
    let groups = counts
        .keys()
        .zip(observed.iter().zip(pop))
        .map(|(group, (&k, &count))| {
            let q = count / total;
            let expected = n as f64 * q;
            let share = wilson_estimate(k, n, z, "no rows with a value for this column");
            let ratio = match (share.value, share.ci_low, share.ci_high) {
                (Some(v), Some(lo), Some(hi)) => {
                    Estimate::with_interval(v / q, Some((lo / q, hi / q)))
                }
                _ => Estimate::undefined("no rows with a value for this column"),
            };
            let band = compare::share_beyond_band(k, n, q, rules.band_low, rules.band_high).map(
                |(above, below)| {
                    BandTest::from_sides(above, below, ratio.ci_low.zip(ratio.ci_high), rules)
                },
            );
            let judgement = match (ratio.value, band) {
                _ if expected < rules.min_group_size as f64 => {
                    too_few(expected, rules, "rows expected from the population share")
                        .expect("below the minimum")
                }
                (Some(r), Some(b)) => verdict::band(b, &format!("representation ratio {r:.3}")),
                _ => not_tested(
                    Verdict::Undefined,
                    "no test: the population share is 0 or 1",
                ),
            };
            RepresentGroup {
                group: group.to_string(),
                rows: k,
                population: count,
                population_share: q,
                expected_rows: expected,
                share,
                ratio,
                judgement,
            }
        })
        .collect();
    RepresentAttribute {
        attribute: column.to_string(),
        population_attribute: attribute.to_string(),
        unit: unit.to_string(),
        source: distinct_joined(rows.iter().map(|r| r.source.as_str())),
        year: distinct_joined(rows.iter().map(|r| r.year.as_str())),
        rows: n,
        population: total,
        chi_square: compare::chi_square_gof(observed, pop).map(Into::into),
        g_test: compare::g_test_gof(observed, pop).map(Into::into),
        total_variation: total_variation(index, observed, pop, rules),
        groups,
    }
}

/// TVD with a Poisson-bootstrap percentile interval (each group's count redrawn as Poisson(count)).
/// The TVD of a sample is biased upward when groups are small, so the interval says how precise the
/// distance is, not whether it differs from 0: that is the χ²/G test's job.
fn total_variation(index: usize, observed: &[u64], pop: &[f64], rules: &Rules) -> Estimate {
    let as_f64: Vec<f64> = observed.iter().map(|&k| k as f64).collect();
    let Some(value) = compare::total_variation(&as_f64, pop) else {
        return Estimate::undefined("no rows with a value for this column");
    };
    let mut rng = Resampler::new(rules.bootstrap_seed, index, 0, Purpose::Representation);
    let replicates: Vec<f64> = (0..rules.bootstrap_replicates)
        .map(|_| {
            let w: Vec<f64> = observed.iter().map(|&k| rng.weight(k) as f64).collect();
            compare::total_variation(&w, pop).unwrap_or(f64::NAN)
        })
        .collect();
    let mut e = Estimate::with_interval(value, None);
    match percentile_interval(&replicates, rules.confidence_level) {
        Ok((lo, hi)) => {
            e.boot_low = Some(lo);
            e.boot_high = Some(hi);
        }
        Err(why) => e.note(&why),
    }
    e
}
