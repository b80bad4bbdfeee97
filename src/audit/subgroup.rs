//! Subgroup error-rate audit: per group of each attribute, confusion counts, rates with intervals,
//! ratios and differences to a reference group, tests, multiple-comparison control and verdicts.
//!
//! The rows are folded once into per-group [`ConfusionCounts`]; everything after that works on counts,
//! so the same code serves a streamed or bootstrapped audit later.

use std::path::Path;

use crate::audit::count::COUNT_TABLE_CAP;
use crate::audit::fold::{self, Folded, Grouped};
use crate::audit::groups::{self, Reference};
use crate::audit::intervals;
use crate::audit::metric::{ConfusionCounts, Metric};
use crate::audit::score::{BOOTSTRAP_TABLE_CAP, CALIBRATION_BINS, SCORE_TABLE_CAP};
use crate::audit::text::{finding_texts, metric_label};
use crate::audit::verdict;
use crate::audit::{Audit, AuditInput};
use crate::error::Result;
use crate::format::{self, Lang};
use crate::manifest::DataSpec;
use crate::policy::Rules;
use crate::record::sampling::Warning;
use crate::record::subgroup::{AttributeResult, BootstrapInfo, Methods};
use crate::record::{
    Comparison, Estimate, Finding, GroupResult, Measure, MetricResult, SubgroupSection, Verdict,
};
use crate::stats::{self, Correction};

/// The subgroup error-rate audit.
#[derive(Debug, Clone, Copy, Default)]
pub struct SubgroupAudit;

/// Counts of one attribute: one entry per level, plus the total.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeCounts {
    pub attribute: String,
    pub columns: Vec<String>,
    pub levels: Vec<String>,
    pub counts: Vec<ConfusionCounts>,
    pub total: ConfusionCounts,
}

impl AttributeCounts {
    /// The counts of one folded attribute.
    pub fn of(g: &Grouped) -> Self {
        let mut total = ConfusionCounts::default();
        g.counts.iter().for_each(|c| total.merge(c));
        AttributeCounts {
            attribute: g.name.clone(),
            columns: g.columns.clone(),
            levels: g.levels.clone(),
            counts: g.counts.clone(),
            total,
        }
    }
}

impl SubgroupAudit {
    /// The audit of already folded tables (from rows in memory or a streamed file); `data_path` names
    /// the data in messages.
    pub fn run_folded(
        &self,
        folded: &Folded,
        spec: &DataSpec,
        rules: &Rules,
        data_path: &Path,
    ) -> Result<SubgroupSection> {
        let counts: Vec<AttributeCounts> =
            folded.attributes.iter().map(AttributeCounts::of).collect();
        let references = folded
            .attributes
            .iter()
            .map(|g| {
                groups::resolve_reference(
                    &g.name,
                    &g.levels,
                    &g.reference,
                    &g.counts,
                    spec,
                    rules,
                    data_path,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        let mut section = judge(&counts, &references, rules);
        let mut scores = folded.overall_scores.as_ref().map(|t| {
            let tables = folded.per_attribute(|g| &g.scores);
            intervals::ScoreContext::new(t, &tables, folded.probabilities, rules)
        });
        let mut count_context = folded.overall_counts.as_ref().map(|t| {
            let tables = folded.per_attribute(|g| &g.count_tables);
            intervals::CountContext::new(t, &tables, rules)
        });
        for (a, result) in section.attributes.iter_mut().enumerate() {
            let reference = references[a].level;
            intervals::attach_rate_bootstrap(result, &counts[a], reference, a, rules);
            if let Some(context) = &mut scores {
                intervals::attach_score_metrics(result, context, reference, a, rules);
            }
            if let Some(context) = &mut count_context {
                intervals::attach_count_metrics(result, context, reference, a, rules);
            }
        }
        if let Some(note) = score_grid_note(folded) {
            section.methods.auc.push_str(&note);
        }
        if let Some(note) = count_grid_note(folded) {
            section.methods.counts.push_str(&note);
        }
        Ok(section)
    }
}

/// When a score table was put on a grid (large data), how far the AUC can be from the exact one (the
/// largest `T/2` over the tables, [`crate::audit::score::ScoreTable::tied_pair_share`]), and whether
/// bootstrap replicates reweighted a gridded copy.
fn score_grid_note(folded: &Folded) -> Option<String> {
    let tables: Vec<&crate::audit::score::ScoreTable> = folded
        .attributes
        .iter()
        .flat_map(|g| &g.scores)
        .chain(&folded.overall_scores)
        .collect();
    let mut note = String::new();
    let mut coarsest: Option<i32> = None;
    let mut bound: f64 = 0.0;
    for t in &tables {
        let Some(e) = t.grid else { continue };
        coarsest = Some(coarsest.map_or(e, |c| c.min(e)));
        bound = bound.max(t.tied_pair_share().unwrap_or(0.0) / 2.0);
    }
    if let Some(e) = coarsest {
        note.push_str(&format!(
            "; groups with more than {SCORE_TABLE_CAP} distinct scores had their scores grouped in \
             steps of 2^-{e}, ties within a step counted ½: every AUC is within {bound:.2e} of the \
             exact value"
        ));
    }
    if tables.iter().any(|t| t.entries.len() > BOOTSTRAP_TABLE_CAP) {
        note.push_str(&format!(
            "; the bootstrap replicates of a group with more than {BOOTSTRAP_TABLE_CAP} distinct \
             scores reweight its scores grouped on the finest dyadic grid of at most \
             {BOOTSTRAP_TABLE_CAP} steps"
        ));
    }
    (!note.is_empty()).then_some(note)
}

/// When a count table was put on a grid (large data with continuous predictions), how coarse it is
/// and what that bounds: a predicted count `μ` moved by at most `2⁻⁽ᵏ⁺¹⁾·μ`, so the mean predicted count
/// and the MAE (1-Lipschitz in `μ`) move by at most `2⁻⁽ᵏ⁺¹⁾` times the mean predicted count.
fn count_grid_note(folded: &Folded) -> Option<String> {
    let k = folded
        .attributes
        .iter()
        .flat_map(|g| &g.count_tables)
        .chain(&folded.overall_counts)
        .filter_map(|t| t.grid)
        .min()?;
    Some(format!(
        "; groups with more than {COUNT_TABLE_CAP} distinct (observed, predicted) pairs had their \
         predicted counts rounded to {k} significant bits (each within a relative {:.1e} of itself), \
         so each mean predicted count and MAE is within {:.1e} times the group's mean predicted count \
         of the exact value; observed counts are exact",
        2f64.powi(-(k as i32) - 1),
        2f64.powi(-(k as i32) - 1),
    ))
}

impl Audit for SubgroupAudit {
    type Output = SubgroupSection;

    fn id(&self) -> &'static str {
        "subgroup"
    }

    fn run(&self, input: AuditInput<'_>) -> Result<SubgroupSection> {
        let folded = fold::from_rows(input.data, input.spec)?;
        self.run_folded(&folded, input.spec, input.rules, &input.data.path)
    }

    fn findings(&self, section: &SubgroupSection, rules: &Rules) -> Vec<Finding> {
        let mut out = Vec::new();
        let tested = tested_count(section);
        for attr in &section.attributes {
            for g in &attr.groups {
                for m in &g.metrics {
                    let Some(c) = &m.comparison else { continue };
                    if c.verdict != Verdict::Flagged {
                        continue;
                    }
                    let reference = attr.groups.iter().find(|r| r.group == attr.reference);
                    let ref_metric =
                        reference.and_then(|r| r.metrics.iter().find(|x| x.metric == m.metric));
                    let (Some(value), Some(ref_estimate), Some(p_adj)) = (
                        m.estimate.value,
                        ref_metric.map(|r| &r.estimate),
                        c.p_adjusted,
                    ) else {
                        continue;
                    };
                    let Some(reference_value) = ref_estimate.value else {
                        continue;
                    };
                    let (text_nl, text_en) = finding_texts(
                        &attr.attribute,
                        &g.group,
                        &attr.reference,
                        m,
                        ref_estimate,
                        c,
                        rules,
                        tested,
                    );
                    out.push(Finding {
                        audit: self.id().to_string(),
                        attribute: attr.attribute.clone(),
                        group: g.group.clone(),
                        reference: attr.reference.clone(),
                        measure: Measure::Metric(m.metric),
                        value,
                        reference_value: Some(reference_value),
                        ratio: c.ratio.clone(),
                        p_adjusted: Some(p_adj),
                        text_nl,
                        text_en,
                    });
                }
            }
        }
        out
    }
}

/// The section of data without a model's decisions and their outcomes (a reporting channel, a
/// series): no group is compared, and the section says why.
pub fn not_run(rules: &Rules) -> SubgroupSection {
    let mut section = judge(&[], &[], rules);
    section.not_run = Some(
        "the data hold no label and prediction, so there are no error rates to compare".into(),
    );
    section
}

/// Number of comparisons inside the correction family.
pub fn tested_count(section: &SubgroupSection) -> u64 {
    section
        .attributes
        .iter()
        .flat_map(|a| &a.groups)
        .flat_map(|g| &g.metrics)
        .filter(|m| {
            m.comparison
                .as_ref()
                .is_some_and(|c| c.p_adjusted.is_some())
        })
        .count() as u64
}

/// Computes every group's metrics and comparisons, corrects the p-values over all tested comparisons,
/// and gives each comparison its verdict.
pub fn judge(
    counts: &[AttributeCounts],
    references: &[Reference],
    rules: &Rules,
) -> SubgroupSection {
    let z = stats::z_for_level(rules.confidence_level);
    let mut attributes = Vec::with_capacity(counts.len());
    // Automatic references checked against the other groups together, one check per judged metric.
    let checks = references
        .iter()
        .filter(|r| r.rule.starts_with("largest"))
        .count()
        * rules.metrics.len();
    for (attr, reference) in counts.iter().zip(references) {
        let ref_counts = &attr.counts[reference.level];
        let total_pp = attr.total.predicted_positive;
        let groups = attr
            .counts
            .iter()
            .enumerate()
            .map(|(g, c)| {
                let is_ref = g == reference.level;
                let metrics = Metric::ALL
                    .iter()
                    .map(|&metric| {
                        let mut result = metric_result(metric, c, z);
                        if !is_ref {
                            result.comparison = Some(compare(metric, c, ref_counts, rules, z));
                        }
                        result
                    })
                    .collect();
                group_result(&attr.levels[g], c, total_pp, z, metrics)
            })
            .collect();
        // Only the largest-group rule is checked: a named group is the committee's yardstick, and a
        // best-off group stands out by design.
        let reference_warnings = if !reference.rule.starts_with("largest") {
            Vec::new()
        } else {
            rules
                .metrics
                .iter()
                .filter_map(|&metric| {
                    let fractions: Vec<(u64, u64)> =
                        attr.counts.iter().map(|c| metric.fraction(c)).collect();
                    let ratio =
                        groups::reference_stands_out(&fractions, reference.level, rules, checks)?;
                    Some(reference_warning(
                        &attr.attribute,
                        &attr.levels[reference.level],
                        metric,
                        ratio,
                    ))
                })
                .collect()
        };
        attributes.push(AttributeResult {
            attribute: attr.attribute.clone(),
            columns: attr.columns.clone(),
            reference: attr.levels[reference.level].clone(),
            reference_rule: reference.rule.clone(),
            reference_warnings,
            overall: overall_result(group_result(
                "(all)",
                &attr.total,
                total_pp,
                z,
                Metric::ALL
                    .iter()
                    .map(|&m| metric_result(m, &attr.total, z))
                    .collect(),
            )),
            groups,
        });
    }

    let family: Vec<&mut Comparison> = attributes
        .iter_mut()
        .flat_map(|a| &mut a.groups)
        .flat_map(|g| &mut g.metrics)
        .filter_map(|m| m.comparison.as_mut())
        .collect();
    verdict::correct_family(
        family,
        rules,
        rules.correction,
        [
            ": beyond the band, a finding",
            ": the interval reaches over an edge of the band, uncertain",
        ],
    );

    SubgroupSection {
        not_run: None,
        bootstrap: BootstrapInfo {
            replicates: rules.bootstrap_replicates,
            seed: rules.bootstrap_seed,
            method: "Poisson bootstrap over per-group cell counts (each cell of c rows gets a Poisson(c) \
                     weight; groups resampled independently, each from its own xoshiro256++ stream of the seed)"
                .into(),
            interval: format!(
                "percentile ({}%, type-7 quantiles); none when the value is undefined in more than 1% of replicates or the interval would have zero width",
                rules.confidence_level * 100.0
            ),
        },
        methods: Methods {
            rate_interval: format!("Wilson score interval, {}%", rules.confidence_level * 100.0),
            ratio_interval: "Koopman score interval for a ratio of proportions".into(),
            difference_interval: "Newcombe hybrid score interval (method 10)".into(),
            test: "verdict: score tests of the ratio against each edge of the band (Farrington–Manning), \
                   p = 2·min of the two one-sided p-values, corrected over the audit; flagged when the \
                   corrected p is below alpha, within the band when the ratio's interval lies inside it, \
                   uncertain otherwise. Also reported: the test of equal rates (two-proportion z-test; \
                   Fisher exact test when an expected cell count is below 5)"
                .into(),
            correction: match rules.correction {
                Correction::BenjaminiHochberg => "Benjamini–Hochberg (false discovery rate)".into(),
                Correction::Holm => "Holm (family-wise error rate)".into(),
            },
            auc: "Mann–Whitney AUC on labelled rows (ties ½); DeLong standard error, normal interval \
                  clipped to 0–1; difference to the reference with the DeLong variances of both groups"
                .into(),
            calibration: format!(
                "{CALIBRATION_BINS} equal-width score bins on labelled rows; observed rate per bin with a \
                 Wilson interval; expected calibration error Σ (n_b/n)·|observed − mean score|; \
                 O/E = observed rate / mean score"
            ),
            counts: "mean predicted and observed count with normal intervals (mean ± z·s/√n); \
                     prediction ratio Σ predicted / Σ observed; MAE; mean Poisson deviance \
                     2·(y·ln(y/μ) − (y − μ))"
                .into(),
            reference: "per attribute: named, the largest group (default), or best-off: the group with \
                        the best rate on the policy's first judged metric that has a direction, among \
                        groups with at least min_group_size rows (a data-driven choice that pushes ratios \
                        away from 1)"
                .into(),
        },
        attributes,
    }
}

/// The warning that an automatically chosen reference group itself stands out on `metric`.
fn reference_warning(attribute: &str, group: &str, metric: Metric, ratio: f64) -> Warning {
    let both = |lang: Lang| {
        let label = metric_label(metric, lang);
        let r = format::number(ratio, 2, lang);
        match lang {
            Lang::Nl => format!(
                "De referentiegroep {attribute} = {group} (de grootste groep) wijkt zelf af: haar {label} is {r} keer \
                 die van de andere groepen samen. Groepen die op haar lijken, vallen in de vergelijking niet op, en \
                 de andere wel. Kies in het manifest een referentiegroep die u als maatstaf wilt gebruiken."
            ),
            Lang::En => format!(
                "The reference group {attribute} = {group} (the largest group) itself stands out: its {label} is {r} \
                 times that of the other groups together. Groups like it do not stand out in the comparison, and the \
                 others do. Name in the manifest a reference group you want as the yardstick."
            ),
        }
    };
    Warning {
        text_nl: both(Lang::Nl),
        text_en: both(Lang::En),
    }
}

/// The overall row's `ppr` is 1 by definition; it gets no interval.
fn overall_result(mut all: GroupResult) -> GroupResult {
    if all.ppr.value.is_some() {
        all.ppr = Estimate::with_interval(1.0, None);
        all.ppr
            .note("1 by definition: all rows together hold every flagged row");
    }
    all
}

fn group_result(
    name: &str,
    c: &ConfusionCounts,
    total_pp: u64,
    z: f64,
    metrics: Vec<MetricResult>,
) -> GroupResult {
    GroupResult {
        group: name.to_string(),
        n: c.n,
        labelled: c.labelled(),
        unlabelled: c.n - c.labelled(),
        predicted_positive: c.predicted_positive,
        tp: c.tp,
        fp: c.fp,
        tn: c.tn,
        fn_: c.fn_,
        ppr: match stats::wilson_interval(c.predicted_positive, total_pp, z) {
            Some(ci) => {
                Estimate::with_interval(c.predicted_positive as f64 / total_pp as f64, Some(ci))
            }
            None => Estimate::undefined("the model flagged no row of this attribute"),
        },
        metrics,
        score_metrics: Vec::new(),
        calibration: Vec::new(),
        count_metrics: Vec::new(),
    }
}

fn metric_result(metric: Metric, c: &ConfusionCounts, z: f64) -> MetricResult {
    let (k, n) = metric.fraction(c);
    let estimate = match stats::wilson_interval(k, n, z) {
        Some(ci) => Estimate::with_interval(k as f64 / n as f64, Some(ci)),
        None => Estimate::undefined(metric.empty_denominator()),
    };
    MetricResult {
        metric,
        numerator: k,
        denominator: n,
        estimate,
        comparison: None,
    }
}

/// The comparison of a group with the reference on one metric, before correction: a judged metric
/// with enough rows and a ratio gets its band test ([`verdict::band`]) as a provisional verdict, which
/// [`verdict::correct_family`] settles over every comparison of the audit.
fn compare(
    metric: Metric,
    c: &ConfusionCounts,
    r: &ConfusionCounts,
    rules: &Rules,
    z: f64,
) -> Comparison {
    let (k, n) = metric.fraction(c);
    let (kr, nr) = metric.fraction(r);
    let ratio = ratio_estimate(metric, k, n, kr, nr, z);
    let difference = match stats::difference_interval(k, n, kr, nr, z) {
        Some((d, lo, hi)) => Estimate::with_interval(d, Some((lo, hi))),
        None => Estimate::undefined(if n == 0 {
            metric.empty_denominator()
        } else {
            "the reference group has no rows for this metric"
        }),
    };
    let test = stats::compare_proportions(k, n, kr, nr);
    let interval = ratio.ci_low.zip(ratio.ci_high);
    let band = ratio
        .value
        .and_then(|_| stats::ratio_beyond_band(k, n, kr, nr, rules.band_low, rules.band_high))
        .map(|(above, below)| verdict::BandTest::from_sides(above, below, interval, rules));
    let smallest = n.min(nr);
    let judgement = if !rules.metrics.contains(&metric) {
        verdict::not_tested(
            Verdict::NotJudged,
            "the policy does not judge this metric for this model",
        )
    } else if let Some(few) = verdict::too_few(smallest as f64, rules, "rows") {
        few
    } else {
        match (ratio.value, band) {
            (None, _) => verdict::not_tested(
                Verdict::Undefined,
                ratio.undefined.clone().unwrap_or_default(),
            ),
            (Some(_), None) => verdict::not_tested(
                Verdict::Undefined,
                "no test is possible: the reference group has no cases",
            ),
            (Some(v), Some(b)) => verdict::band(
                b,
                &format!(
                    "ratio {v:.3}{}, band {}–{}{}",
                    interval.map_or(String::new(), |(lo, hi)| format!(
                        " (interval {lo:.3}–{hi:.3})"
                    )),
                    rules.band_low,
                    rules.band_high,
                    if b.inside {
                        ": the interval lies inside the band"
                    } else {
                        ""
                    }
                ),
            ),
        }
    };
    Comparison {
        ratio,
        difference,
        p_value: test.map(|t| t.p_value),
        test: test.map(|t| t.method.as_str().to_string()),
        p_beyond_band: band.map(|b| b.p_beyond),
        p_adjusted: None,
        smallest_n: smallest,
        verdict: judgement.verdict,
        reason: judgement.reason,
    }
}

fn ratio_estimate(metric: Metric, k: u64, n: u64, kr: u64, nr: u64, z: f64) -> Estimate {
    if n == 0 {
        return Estimate::undefined(metric.empty_denominator());
    }
    if nr == 0 {
        return Estimate::undefined(format!("reference group: {}", metric.empty_denominator()));
    }
    if kr == 0 {
        return Estimate::undefined("the reference group's rate is 0, so a ratio does not exist");
    }
    let value = (k as f64 / n as f64) / (kr as f64 / nr as f64);
    // Koopman's score interval exists where a rate is 0 or 100% (the Katz log interval needs a case,
    // and at 100% its variance term vanishes, giving a narrow interval the data do not support), and
    // it is the interval the band test inverts.
    Estimate::with_interval(value, stats::ratio_score_interval(k, n, kr, nr, z))
}
