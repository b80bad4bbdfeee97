//! The sampling-bias audit: is the data a fair picture of the people it decides about?
//!
//! Four parts, each in its own file: representativeness against population counts
//! ([`represent`]), who carries a label ([`selection`]), recorded events against an independent
//! incidence estimate ([`reporting`]), and drift between training and deployment data ([`drift`]).
//! Every part proposes tests; this module corrects all of them together with the policy's correction
//! (the same Benjamini–Hochberg or Holm as the subgroup audit) and gives each its verdict by the rule
//! of [`crate::audit::verdict`]: a finding only when its effect is shown to lie beyond the policy band
//! (for drift: the PSI above the policy's floor) after correction; groups too small to support a
//! verdict get none.

pub mod drift;
pub mod reporting;
pub mod represent;
pub mod selection;
pub mod text;

use crate::audit::groups;
use crate::audit::verdict::correct_family;
use crate::audit::{Audit, AuditInput};
use crate::error::Result;
use crate::policy::Rules;
use crate::record::sampling::{Judgement, SamplingSection};
use crate::record::{Finding, Verdict};
use crate::reference::{Incidence, Population, RawTable};
use crate::stats;

/// What the sampling audit compares the data with (each part optional), already read from disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct SamplingReferences<'a> {
    pub population: Option<&'a Population>,
    pub incidence: Option<&'a Incidence>,
    /// `(training data, the scored data)`, every column as text.
    pub drift: Option<(&'a RawTable, &'a RawTable)>,
    /// `(attribute, reference group)` chosen by the subgroup audit, so both audits compare with the
    /// same group.
    pub subgroup_references: &'a [(String, String)],
    /// The scored file as text, for checks that need a column beyond the audit's own (the time
    /// column, to find periods a group lacks).
    pub scored: Option<&'a RawTable>,
}

/// The sampling audit over loaded columns and reference files.
#[derive(Debug, Clone, Copy)]
pub struct SamplingAudit<'a> {
    pub references: SamplingReferences<'a>,
}

impl Audit for SamplingAudit<'_> {
    type Output = SamplingSection;

    fn id(&self) -> &'static str {
        "sampling"
    }

    fn run(&self, input: AuditInput<'_>) -> Result<SamplingSection> {
        let r = &self.references;
        let mut warnings = Vec::new();
        let representativeness = match (&input.spec.sampling.population, r.population) {
            (Some(spec), Some(population)) => {
                represent::run(input.data, spec, population, input.rules, &mut warnings)?
            }
            _ => Vec::new(),
        };
        // Label selection by the group columns themselves: intersections would repeat the same
        // selection cell by cell (and most of their cells are too small to judge).
        let columns = groups::columns(input.data, input.spec);
        let label_selection = selection::run(
            input.data,
            &columns,
            r.subgroup_references,
            input.rules,
            input.spec.label.is_some(),
            &mut warnings,
        );
        let reporting = match (&input.spec.sampling.reporting, r.incidence) {
            (Some(spec), Some(incidence)) => {
                let periods = match (&input.spec.spurious.time, r.scored) {
                    (Some(time), Some(table)) => {
                        table.column(time).map(|cells| (time.as_str(), cells))
                    }
                    _ => None,
                };
                Some(reporting::run(
                    input.data,
                    spec,
                    incidence,
                    input.rules,
                    &input.spec.origin,
                    periods,
                    &mut warnings,
                )?)
            }
            _ => None,
        };
        let drift = match (&input.spec.sampling.drift, r.drift) {
            (Some(spec), Some((training, current))) => Some(drift::run(
                spec,
                input.spec,
                training,
                current,
                input.rules,
            )?),
            _ => None,
        };
        let mut section = SamplingSection {
            representativeness,
            label_selection,
            reporting,
            drift,
            warnings,
            comparisons_tested: 0,
            too_small: 0,
            undefined: 0,
        };
        correct(&mut section, input.rules);
        Ok(section)
    }

    fn findings(&self, section: &SamplingSection, rules: &Rules) -> Vec<Finding> {
        text::findings(section, rules)
    }
}

/// `k/n` with its Wilson interval, or undefined with `reason` when `n = 0`.
pub(crate) fn wilson_estimate(k: u64, n: u64, z: f64, reason: &str) -> crate::record::Estimate {
    match stats::wilson_interval(k, n, z) {
        Some(ci) => crate::record::Estimate::with_interval(k as f64 / n as f64, Some(ci)),
        None => crate::record::Estimate::undefined(reason),
    }
}

/// The distinct texts, sorted and joined by `; ` (sources and years of a reference file's lines).
pub(crate) fn distinct_joined<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    texts
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join("; ")
}

fn judgements_mut(s: &mut SamplingSection) -> Vec<&mut Judgement> {
    let mut out: Vec<&mut Judgement> = Vec::new();
    for a in &mut s.representativeness {
        out.extend(a.groups.iter_mut().map(|g| &mut g.judgement));
    }
    for a in &mut s.label_selection.attributes {
        out.extend(a.groups.iter_mut().filter_map(|g| g.judgement.as_mut()));
    }
    if let Some(r) = &mut s.reporting {
        out.extend(r.groups.iter_mut().filter_map(|g| g.judgement.as_mut()));
    }
    if let Some(d) = &mut s.drift {
        out.extend(d.features.iter_mut().map(|f| &mut f.judgement));
    }
    out
}

/// Corrects every proposed test of the section over the whole family and settles its verdict.
fn correct(section: &mut SamplingSection, rules: &Rules) {
    let all = judgements_mut(section);
    let too_small = all
        .iter()
        .filter(|j| j.verdict == Verdict::TooFewRows)
        .count() as u64;
    let undefined = all
        .iter()
        .filter(|j| j.verdict == Verdict::Undefined)
        .count() as u64;
    let tested = correct_family(
        all,
        rules,
        rules.correction,
        [": a finding", ": not shown beyond the band, no finding"],
    );
    section.comparisons_tested = tested;
    section.too_small = too_small;
    section.undefined = undefined;
}
