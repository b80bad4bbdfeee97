//! The sampling audit's section of the record: is the data a fair picture of the people it decides
//! about? Representativeness against a population, who carries a label, reporting rates against an
//! independent incidence estimate, and drift between training and deployment data.

use serde::{Deserialize, Serialize};

use super::subgroup::{Estimate, Verdict};

/// Everything the sampling audit found; each part is empty or `None` when the manifest gives no
/// reference for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplingSection {
    pub representativeness: Vec<RepresentAttribute>,
    pub label_selection: LabelSelection,
    pub reporting: Option<ReportingResult>,
    pub drift: Option<DriftResult>,
    /// Mismatches between the data and a reference file that did not stop the audit.
    pub warnings: Vec<Warning>,
    /// Tests inside the sampling audit's correction family.
    pub comparisons_tested: u64,
    /// Comparisons that got no verdict because a group was too small.
    pub too_small: u64,
    /// Comparisons that got no verdict because a value or test was undefined.
    pub undefined: u64,
}

/// A mismatch the audit worked around, said in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub text_nl: String,
    pub text_en: String,
}

/// A χ² (or G) test: statistic, degrees of freedom, p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestStatistic {
    pub statistic: f64,
    pub df: u64,
    pub p_value: f64,
}

impl From<crate::stats::compare::ChiSquareTest> for TestStatistic {
    fn from(t: crate::stats::compare::ChiSquareTest) -> Self {
        TestStatistic {
            statistic: t.statistic,
            df: t.df,
            p_value: t.p_value,
        }
    }
}

/// The verdict of one tested comparison of the sampling audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// Raw p-value of the test the verdict rests on, when one exists: for an effect judged against
    /// the band, that it lies beyond the band (see `audit::verdict`); otherwise the test's two-sided
    /// p-value.
    pub p_value: Option<f64>,
    /// After the policy's correction over every test of the sampling audit.
    pub p_adjusted: Option<f64>,
    pub verdict: Verdict,
    /// Why this verdict, in words.
    pub reason: String,
}

/// One group column compared with the population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentAttribute {
    /// The data column.
    pub attribute: String,
    /// Its name in the population file.
    pub population_attribute: String,
    /// What the population counts (the manifest's `sampling.unit`).
    pub unit: String,
    pub source: String,
    pub year: String,
    /// Rows compared (rows with an empty group cell are left out, with a warning).
    pub rows: u64,
    pub population: f64,
    pub chi_square: Option<TestStatistic>,
    pub g_test: Option<TestStatistic>,
    /// `½ Σ |share in data − share in population|`, with a seeded multinomial bootstrap interval.
    pub total_variation: Estimate,
    pub groups: Vec<RepresentGroup>,
}

/// One group: its share in the data against its share in the population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentGroup {
    pub group: String,
    pub rows: u64,
    pub population: f64,
    pub population_share: f64,
    /// Rows the population share leads one to expect: `rows of the attribute × population share`.
    pub expected_rows: f64,
    /// Share in the data, with its Wilson interval.
    pub share: Estimate,
    /// `share / population share`, with the Wilson interval divided by the population share.
    pub ratio: Estimate,
    pub judgement: Judgement,
}

/// Who carries a label: the outcome is only known for some rows (inspected houses, handled reports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSelection {
    pub rows: u64,
    pub labelled: u64,
    /// Labelled rows / rows, with its Wilson interval.
    pub labelled_share: Estimate,
    /// True when some rows carry no label: error rates and any model trained on the labels rest on a
    /// selected sample.
    pub selected_sample: bool,
    /// Per attribute; empty when every row carries a label.
    pub attributes: Vec<SelectionAttribute>,
    /// The data have no label column at all (a reporting channel, a series): nothing to select.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_label_column: bool,
}

/// The labelled share by the groups of one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionAttribute {
    pub attribute: String,
    pub columns: Vec<String>,
    /// The same reference group as the subgroup audit's.
    pub reference: String,
    /// χ² test of independence of "labelled" and group (all rows).
    pub independence: Option<TestStatistic>,
    /// χ² test of independence of outcome and group among the labelled rows.
    pub outcome_independence: Option<TestStatistic>,
    pub groups: Vec<SelectionGroup>,
}

/// One group's labelled share and the outcome rate among its labelled rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionGroup {
    pub group: String,
    pub rows: u64,
    pub labelled: u64,
    pub positives: u64,
    /// Labelled / rows (Wilson interval).
    pub labelled_share: Estimate,
    /// Labelled share / the reference group's (Koopman's score interval, which exists also when the group
    /// has no labelled row); `None` for the reference itself.
    pub ratio: Option<Estimate>,
    /// Positives / labelled (Wilson interval).
    pub outcome_rate: Estimate,
    /// `None` for the reference group.
    pub judgement: Option<Judgement>,
}

/// Recorded events per group against an independent incidence estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingResult {
    pub attribute: String,
    pub events_column: String,
    /// Residents per row; `None` means one resident per row.
    pub exposure_column: Option<String>,
    /// Time one row covers (`week`, ...).
    pub period: String,
    pub source: String,
    pub year: String,
    /// The group every other is compared with when the manifest names one; `None` (the default):
    /// each group is compared with all other groups together.
    pub reference: Option<String>,
    /// `named` or `middle groups together`.
    pub reference_rule: String,
    /// Without a named reference: the middle groups (by reporting rate) every group is compared with,
    /// without itself (see `audit::sampling::reporting::middle_groups`).
    pub reference_groups: Vec<String>,
    /// The reporting rate of all groups together (recorded / expected events), for context.
    pub pooled_rate: Estimate,
    /// True when at least one group's incidence has no standard error, so its intervals leave out the
    /// survey's own uncertainty.
    pub survey_error_missing: bool,
    pub groups: Vec<ReportingGroup>,
}

/// One group: recorded events against the events the incidence estimate expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingGroup {
    pub group: String,
    pub rows: u64,
    pub recorded: f64,
    pub person_years: f64,
    pub incidence_per_1000_per_year: f64,
    pub incidence_standard_error: Option<f64>,
    /// `incidence / 1000 × person-years`.
    pub expected: f64,
    /// `recorded / expected`: the share of events that end up in the data.
    pub reporting_rate: Estimate,
    /// The reporting rate this group is compared with: the middle groups' together (without this
    /// group), or the named reference group's; `None` for the named reference itself.
    pub reference_rate: Option<Estimate>,
    /// Reporting rate / `reference_rate`; `None` for the named reference itself.
    pub ratio: Option<Estimate>,
    pub judgement: Option<Judgement>,
}

/// The training data against the data the model scores now, feature by feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftResult {
    pub training_rows: u64,
    pub current_rows: u64,
    /// The PSI from which a significant shift is a finding (the policy's `drift_psi_floor`).
    pub psi_floor: f64,
    pub features: Vec<DriftFeature>,
    /// Columns left out, and why.
    pub skipped: Vec<SkippedFeature>,
}

/// Numeric (KS test, PSI over training deciles) or categorical (χ² test, PSI over categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    Numeric,
    Categorical,
}

/// One feature's shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftFeature {
    pub feature: String,
    pub kind: FeatureKind,
    /// Empty cells, as a share of rows, in each file.
    pub training_missing: f64,
    pub current_missing: f64,
    /// Means of a numeric feature (non-empty cells).
    pub training_mean: Option<f64>,
    pub current_mean: Option<f64>,
    /// Population stability index, with its delta-method interval and a seeded bootstrap interval.
    pub psi: Estimate,
    /// `ks` (statistic D) or `chi-square`: the test of equal distributions (reported; the verdict
    /// rests on the PSI against the policy's floor, `judgement`).
    pub test: String,
    pub statistic: f64,
    pub test_p_value: Option<f64>,
    /// Bins (numeric: training deciles; categorical: categories) with both shares.
    pub bins: Vec<DriftBin>,
    pub judgement: Judgement,
}

/// One bin of a drift comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftBin {
    /// The category (categorical features).
    pub category: Option<String>,
    /// Numeric bins hold `low < x ≤ high`; `None` is unbounded.
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub training_share: f64,
    pub current_share: f64,
}

/// A column the drift comparison left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedFeature {
    pub feature: String,
    pub reason: String,
}
