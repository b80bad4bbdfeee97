//! Reporting rates: events recorded per group against an independent estimate of how many happened.
//!
//! Street Bump's lesson: data that arrives through reports measures who reports, not only what
//! happens. With `O_g` recorded events, person-years `T_g = Σ exposure × period` and an independent
//! incidence `I_g` per 1,000 residents per year (e.g. a victimisation survey, with standard error
//! `se_g`), the expected events are `E_g = I_g·T_g/1000` and the reporting rate is `O_g/E_g` — the
//! share of events that reach the data, with `Var(ln) ≈ 1/O_g + (se_g/I_g)²`.
//!
//! Reporting is a question against the independent incidence, not against one neighbourhood. A
//! single reference group fails when it is itself the outlier (Street Bump: when the largest
//! neighbourhood under-reports, the honest ones look as if they record *more* than happens and the
//! under-reporting ones look normal); so does the pooled rate of all groups when under-reporting
//! groups hold much of the population. By default each group is therefore compared with the **middle
//! groups together** ([`middle_groups`]: a trimmed reference, the quarter of groups with the lowest
//! and the quarter with the highest rates left out; recorded and expected events summed,
//! [`crate::stats::compare::pooled_reporting`]), without itself. The record names the middle groups.
//! A group the manifest names is still honoured, with a warning when it itself stands out from the
//! rest. The
//! comparison is the rate ratio `(O_g/E_g)/(O_r/E_r)`, Wald interval on the log scale
//! ([`crate::stats::compare::reporting_rate_ratio`]), judged by the band test of
//! [`crate::audit::verdict`] ([`crate::stats::compare::reporting_beyond_band`]). A group that recorded
//! no events, where the log scale has no interval, gets score intervals from 0 and score tests
//! instead ([`crate::stats::compare::reporting_rate_ratio_score`]): a neighbourhood from which nothing
//! reaches the data is the strongest case of the bias, not a gap in the table. A group is judged only
//! when the survey leads one to expect at least `min_group_size` events in it and in what it is
//! compared with. Implausible inputs get warnings: rates far above 100% (an incidence per resident
//! where per 1,000 is expected, a wrong period) and an incidence file that looks like per resident.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::{MISSING_GROUP, ScoredData};
use crate::error::{Error, Result};
use crate::manifest::ReportingSpec;
use crate::policy::Rules;
use crate::record::sampling::{Judgement, ReportingGroup, ReportingResult, Warning};
use crate::record::{Estimate, Verdict};
use crate::reference::{Incidence, IncidenceRow};
use crate::stats::{
    self,
    compare::{self, ReportingCounts},
};

use super::distinct_joined;
use crate::audit::verdict::{self, BandTest, not_tested, too_few};

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    rows: u64,
    events: f64,
    person_years: f64,
}

/// Compares recorded events per group of `spec.column` with the incidence file.
pub fn run(
    data: &ScoredData,
    spec: &ReportingSpec,
    incidence: &Incidence,
    rules: &Rules,
    origin: &Path,
    periods: Option<(&str, &[String])>,
    warnings: &mut Vec<Warning>,
) -> Result<ReportingResult> {
    let z = stats::z_for_level(rules.confidence_level);
    let columns = data
        .reporting
        .as_ref()
        .expect("the loader reads the reporting columns when the spec asks for them");
    let col = data
        .groups
        .iter()
        .find(|g| g.name == spec.column)
        .expect("validated: the reporting column is a group column");
    let lines: BTreeMap<&str, &IncidenceRow> = incidence
        .rows
        .iter()
        .filter(|r| r.attribute == spec.attribute)
        .map(|r| (r.group.as_str(), r))
        .collect();
    if lines.is_empty() {
        let known: std::collections::BTreeSet<&str> = incidence
            .rows
            .iter()
            .map(|r| r.attribute.as_str())
            .collect();
        return Err(Error::Reference {
            path: incidence.path.clone(),
            message: format!(
                "has no lines for attribute `{}` (compared with data column `{}`); its attributes are: {}",
                spec.attribute,
                spec.column,
                known.into_iter().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    let mut tally = vec![Tally::default(); col.levels.len()];
    let years = spec.period.years();
    for ((&code, &events), &exposure) in
        col.codes.iter().zip(&columns.events).zip(&columns.exposure)
    {
        let t = &mut tally[code as usize];
        t.rows += 1;
        t.events += events;
        t.person_years += exposure * years;
    }
    let mut groups: Vec<(&str, Tally, &IncidenceRow)> = Vec::new();
    for (level, t) in col.levels.iter().zip(&tally) {
        if t.rows == 0 {
            continue;
        }
        if level == MISSING_GROUP {
            warnings.push(Warning {
                text_nl: format!(
                    "{} rijen hebben geen waarde voor {}; ze tellen niet mee in de vergelijking met de meldingsgraad.",
                    t.rows, spec.column
                ),
                text_en: format!(
                    "{} rows have no value for {}; they are left out of the reporting-rate comparison.",
                    t.rows, spec.column
                ),
            });
            continue;
        }
        let Some(line) = lines.get(level.as_str()) else {
            return Err(Error::Reference {
                path: incidence.path.clone(),
                message: format!(
                    "group `{level}` of `{}` occurs in the data ({} rows) but not under attribute `{}`; its groups there are: {}",
                    spec.column,
                    t.rows,
                    spec.attribute,
                    lines.keys().copied().collect::<Vec<_>>().join(", ")
                ),
            });
        };
        if t.person_years <= 0.0 {
            warnings.push(Warning {
                text_nl: format!(
                    "{} = {level} heeft geen inwoners in de data; de meldingsgraad is niet te berekenen.",
                    spec.column
                ),
                text_en: format!(
                    "{} = {level} has no residents in the data; its reporting rate cannot be computed.",
                    spec.column
                ),
            });
            continue;
        }
        groups.push((level.as_str(), *t, *line));
    }
    for group in lines.keys() {
        if !col.levels.iter().any(|l| l == group) {
            warnings.push(Warning {
                text_nl: format!(
                    "{} = {group} staat in het bestand met de onafhankelijke schatting maar niet in de data.",
                    spec.column
                ),
                text_en: format!(
                    "{} = {group} is in the independent estimate's file but not in the data.",
                    spec.column
                ),
            });
        }
    }
    let counts: Vec<ReportingCounts> = groups
        .iter()
        .map(|(_, t, line)| ReportingCounts {
            recorded: t.events,
            expected: line.per_1000_per_year * t.person_years / 1000.0,
            relative_se: line
                .standard_error
                .map_or(0.0, |se| se / line.per_1000_per_year),
        })
        .collect();
    if groups.is_empty() {
        return Err(Error::Reference {
            path: incidence.path.clone(),
            message: format!("no group of `{}` has residents in the data", spec.column),
        });
    }
    let reference = match &spec.reference {
        Some(name) => Some(
            groups
                .iter()
                .position(|(g, _, _)| g == name)
                .ok_or_else(|| {
                    Error::field(
                        origin,
                        "sampling.reporting.reference",
                        format!(
                            "group `{name}` has no residents in the data; the groups are: {}",
                            groups
                                .iter()
                                .map(|(g, _, _)| *g)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?,
        ),
        None => None,
    };
    let rest = |i: usize| {
        let others: Vec<ReportingCounts> = counts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| *c)
            .collect();
        compare::pooled_reporting(&others)
    };
    let pooled = compare::pooled_reporting(&counts).expect("at least one group");
    let middle = middle_groups(&counts, rules);
    // Each group against the middle groups together (without itself); with too few groups to trim,
    // against all others.
    let against_middle = |i: usize| {
        let others: Vec<ReportingCounts> = middle
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| counts[j])
            .collect();
        if others.is_empty() {
            rest(i)
        } else {
            compare::pooled_reporting(&others)
        }
    };
    if let Some(r) = reference
        && let Some(others) = rest(r)
        && let Some((above, below)) =
            compare::reporting_beyond_band(counts[r], others, rules.band_low, rules.band_high)
        && BandTest::from_sides(above, below, None, rules).p_beyond < rules.alpha
    {
        let ratio = counts[r].rate() / others.rate();
        warnings.push(Warning {
            text_nl: format!(
                "De referentiegroep {} = {} wijkt zelf af: haar meldingsgraad is {ratio:.2} keer die van de andere groepen samen. \
                 Vergelijkingen met haar kunnen de verkeerde kant op wijzen; laat de referentie weg om elke groep met de andere samen te vergelijken.",
                spec.column, groups[r].0
            ),
            text_en: format!(
                "The reference group {} = {} itself stands out: its reporting rate is {ratio:.2} times that of the other groups together. \
                 Comparisons with it can point the wrong way; leave the reference out to compare each group with the others together.",
                spec.column, groups[r].0
            ),
        });
    }
    plausibility(&groups, &counts, pooled, spec, warnings);
    missing_periods(col, &columns.events, spec, periods, rules, warnings);
    let results = groups
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, ((group, t, line), c))| {
            let reporting_rate = rate_estimate(*c, z);
            let against = match reference {
                Some(r) if r == i => None,
                Some(r) => Some(counts[r]),
                None => against_middle(i),
            };
            let (reference_rate, ratio, judgement) = match against {
                None => (None, None, None),
                Some(other) => {
                    let (ratio, judgement) = judge(*c, other, rules, z);
                    (Some(rate_estimate(other, z)), Some(ratio), Some(judgement))
                }
            };
            ReportingGroup {
                group: group.to_string(),
                rows: t.rows,
                recorded: t.events,
                person_years: t.person_years,
                incidence_per_1000_per_year: line.per_1000_per_year,
                incidence_standard_error: line.standard_error,
                expected: c.expected,
                reporting_rate,
                reference_rate,
                ratio,
                judgement,
            }
        })
        .collect();
    Ok(ReportingResult {
        attribute: spec.column.clone(),
        events_column: spec.events.clone(),
        exposure_column: spec.exposure.clone(),
        period: spec.period.as_str().to_string(),
        source: distinct_joined(groups.iter().map(|(_, _, l)| l.source.as_str())),
        year: distinct_joined(groups.iter().map(|(_, _, l)| l.year.as_str())),
        reference: reference.map(|r| groups[r].0.to_string()),
        reference_rule: match reference {
            Some(_) => "named",
            None => MIDDLE_TOGETHER,
        }
        .to_string(),
        reference_groups: match reference {
            Some(_) => Vec::new(),
            None => middle.iter().map(|&i| groups[i].0.to_string()).collect(),
        },
        pooled_rate: rate_estimate(pooled, z),
        survey_error_missing: groups.iter().any(|(_, _, l)| l.standard_error.is_none()),
        groups: results,
    })
}

/// The reference rule when no group is named: each group against the middle groups together.
pub const MIDDLE_TOGETHER: &str = "middle groups together";

/// The groups whose reporting rates lie in the middle: the groups that expect at least
/// `min_group_size` events, sorted by reporting rate, without the ⌈k/4⌉ lowest and the ⌈k/4⌉ highest
/// (a trimmed reference, as a trimmed mean: Tukey & McLaughlin 1963, Sankhyā A 25:331). Up to a
/// quarter of the groups may report far less (or far more) without moving the yardstick the others
/// are measured by; the pooled rate of all groups would move with them, so that honest groups look
/// as if they record *more* than happens. With fewer than 4 such groups, every group is in the middle
/// (each is then compared with all others).
fn middle_groups(counts: &[ReportingCounts], rules: &Rules) -> Vec<usize> {
    let mut judged: Vec<usize> = (0..counts.len())
        .filter(|&i| counts[i].expected >= rules.min_group_size as f64)
        .collect();
    if judged.len() < 4 {
        return (0..counts.len()).collect();
    }
    judged.sort_by(|&a, &b| {
        counts[a]
            .rate()
            .total_cmp(&counts[b].rate())
            .then(a.cmp(&b))
    });
    let trim = judged.len().div_ceil(4);
    let mut middle = judged[trim..judged.len() - trim].to_vec();
    middle.sort_unstable();
    middle
}

/// A reporting rate with its interval: on the log scale, or from 0 by the score bound when no
/// events were recorded.
fn rate_estimate(c: ReportingCounts, z: f64) -> Estimate {
    match c.log_variance() {
        Some(var) => {
            let r = c.rate();
            let half = z * var.sqrt();
            Estimate::with_interval(r, Some((r * (-half).exp(), r * half.exp())))
        }
        // No events recorded: the log interval does not exist, the score interval does.
        None => match c.upper_without_events(z) {
            Some(high) => Estimate::with_interval(c.rate(), Some((0.0, high))),
            None => Estimate::undefined(
                "no events recorded, and the survey's uncertainty allows any reporting rate",
            ),
        },
    }
}

/// A group's reporting-rate ratio against `other` (the other groups together, or the named
/// reference) with its interval, and the band test's provisional judgement.
fn judge(
    c: ReportingCounts,
    other: ReportingCounts,
    rules: &Rules,
    z: f64,
) -> (Estimate, Judgement) {
    // (ratio, interval): on the log scale, or, when the group recorded no events (no log
    // interval), by the score interval.
    let rr = compare::reporting_rate_ratio(c, other, z)
        .map(|rr| (rr.ratio, rr.low, rr.high))
        .or_else(|| {
            if c.recorded > 0.0 {
                return None;
            }
            compare::reporting_rate_ratio_score(c, other, z).map(|(low, high, _)| (0.0, low, high))
        });
    let ratio = match rr {
        Some((ratio, low, high)) => Estimate::with_interval(ratio, Some((low, high))),
        None => Estimate::undefined("no events recorded in what the group is compared with"),
    };
    let band = compare::reporting_beyond_band(c, other, rules.band_low, rules.band_high);
    let fewest = c.expected.min(other.expected);
    let judgement = match (rr, band) {
        _ if fewest < rules.min_group_size as f64 => {
            too_few(fewest, rules, "events expected by the independent estimate")
                .expect("below the minimum")
        }
        (Some((ratio, low, high)), Some((above, below))) => verdict::band(
            BandTest::from_sides(above, below, Some((low, high)), rules),
            &format!("reporting-rate ratio {ratio:.3}"),
        ),
        _ => not_tested(
            Verdict::Undefined,
            "no events recorded in what the group is compared with: no test",
        ),
    };
    (ratio, judgement)
}

/// Warnings for inputs that make the comparison meaningless: rates far above 100% (an incidence per
/// resident where per 1,000 is expected, or the wrong period), an incidence file that looks like per
/// resident, and a file in which no row records 0 events (rows without events left out, so the
/// person-years of quiet periods are missing and reporting rates are overstated).
fn plausibility(
    groups: &[(&str, Tally, &IncidenceRow)],
    counts: &[ReportingCounts],
    pooled: ReportingCounts,
    spec: &ReportingSpec,
    warnings: &mut Vec<Warning>,
) {
    let high: Vec<&str> = groups
        .iter()
        .zip(counts)
        .filter(|(_, c)| c.expected > 0.0 && c.rate() > IMPLAUSIBLE_RATE)
        .map(|((g, _, _), _)| *g)
        .collect();
    if !high.is_empty() || pooled.rate() > IMPLAUSIBLE_RATE {
        let (nl, en) = (
            format!(
                "De data bevatten veel meer meldingen dan de onafhankelijke schatting verwacht (samen {:.0}% van het verwachte aantal; \
                 boven {:.0}% in: {}). Staat de schatting per 1.000 inwoners per jaar, en klopt de periode van een rij ({})?",
                pooled.rate() * 100.0,
                IMPLAUSIBLE_RATE * 100.0,
                if high.is_empty() {
                    "geen enkele groep apart".to_string()
                } else {
                    high.join(", ")
                },
                spec.period.as_str()
            ),
            format!(
                "The data hold far more records than the independent estimate expects (together {:.0}% of the expected number; \
                 above {:.0}% in: {}). Is the estimate per 1,000 residents per year, and is the period of a row ({}) right?",
                pooled.rate() * 100.0,
                IMPLAUSIBLE_RATE * 100.0,
                if high.is_empty() {
                    "no single group".to_string()
                } else {
                    high.join(", ")
                },
                spec.period.as_str()
            ),
        );
        warnings.push(Warning {
            text_nl: nl,
            text_en: en,
        });
    }
    if groups.iter().all(|(_, _, l)| l.per_1000_per_year < 1.0) {
        warnings.push(Warning {
            text_nl: "Elke incidentie in het bestand met de onafhankelijke schatting is kleiner dan 1 per 1.000 inwoners per jaar. \
                      Staat er misschien een aantal per inwoner in plaats van per 1.000 inwoners?"
                .into(),
            text_en: "Every incidence in the independent estimate's file is below 1 per 1,000 residents per year. \
                      Does it perhaps give a number per resident instead of per 1,000 residents?"
                .into(),
        });
    }
}

/// Warnings for rows without events that a group-by left out: a file aggregated per group and period
/// often drops the periods in which nothing was recorded, so the group's person-years (and the events
/// expected) shrink and its reporting rate looks higher than it is. Two signs: no row at all records
/// 0 events (among at least `MIN_ROWS_FOR_ZERO_CHECK` rows), and, with a time column, a group that
/// has no rows in periods where other groups have (only a group of at least `min_group_size` and
/// `suppress_below` rows: a smaller one may not be named on a public page, and lacks periods by nature).
fn missing_periods(
    col: &crate::data::GroupColumn,
    events: &[f64],
    spec: &ReportingSpec,
    periods: Option<(&str, &[String])>,
    rules: &Rules,
    warnings: &mut Vec<Warning>,
) {
    if events.len() >= MIN_ROWS_FOR_ZERO_CHECK && events.iter().all(|&e| e > 0.0) {
        warnings.push(Warning {
            text_nl: format!(
                "Geen enkele rij heeft 0 voorvallen in {}. Zijn rijen zonder meldingen weggelaten (bijvoorbeeld door per groep \
                 en periode op te tellen)? Dan ontbreken hun inwoners in de verwachting, en lijkt de meldingsgraad hoger dan hij is.",
                spec.events
            ),
            text_en: format!(
                "No row has 0 events in {}. Were rows without reports left out (for example by counting per group and \
                 period)? Then their residents are missing from what is expected, and the reporting rate looks higher than it is.",
                spec.events
            ),
        });
    }
    let Some((time, cells)) = periods else { return };
    let mut all: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut by_group: Vec<std::collections::BTreeSet<&str>> =
        vec![Default::default(); col.levels.len()];
    for (&code, cell) in col.codes.iter().zip(cells) {
        let c = cell.trim();
        if !c.is_empty() {
            all.insert(c);
            by_group[code as usize].insert(c);
        }
    }
    let mut rows = vec![0u64; col.levels.len()];
    col.codes.iter().for_each(|&c| rows[c as usize] += 1);
    for ((level, seen), &n) in col.levels.iter().zip(&by_group).zip(&rows) {
        // A group too small to be named publicly (or judged) is not named here either; sparse
        // groups lack periods by nature.
        if level == MISSING_GROUP
            || seen.is_empty()
            || seen.len() == all.len()
            || n < rules.suppress_below.max(rules.min_group_size)
        {
            continue;
        }
        let lacking = all.len() - seen.len();
        let first: Vec<&str> = all
            .iter()
            .filter(|p| !seen.contains(*p))
            .take(3)
            .copied()
            .collect();
        warnings.push(Warning {
            text_nl: format!(
                "{} = {level} heeft geen rijen in {lacking} van de {} perioden van {time} (bijvoorbeeld {}). Als daar niets \
                 gemeld werd, horen die perioden er met 0 voorvallen in te staan: nu ontbreken hun inwoners in de \
                 verwachting, en lijkt de meldingsgraad hoger dan hij is.",
                spec.column,
                all.len(),
                first.join(", ")
            ),
            text_en: format!(
                "{} = {level} has no rows in {lacking} of the {} periods of {time} (for example {}). If nothing was \
                 reported there, those periods belong in the file with 0 events: now their residents are missing from \
                 what is expected, and the reporting rate looks higher than it is.",
                spec.column,
                all.len(),
                first.join(", ")
            ),
        });
    }
}

/// Fewest rows from which a file without a single 0-event row is suspect.
pub const MIN_ROWS_FOR_ZERO_CHECK: usize = 30;

/// A reporting rate above this (300%) is not a reporting rate: more is recorded than happens.
pub const IMPLAUSIBLE_RATE: f64 = 3.0;
