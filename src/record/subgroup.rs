//! Record types of the subgroup error-rate audit: per attribute, per group, per metric.

use serde::{Deserialize, Serialize};

use crate::audit::metric::Metric;

/// The subgroup audit's section of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubgroupSection {
    /// Names the interval and test methods used, for the committee report.
    pub methods: Methods,
    pub attributes: Vec<AttributeResult>,
}

/// The statistical methods behind the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methods {
    pub rate_interval: String,
    pub ratio_interval: String,
    pub difference_interval: String,
    pub test: String,
    pub correction: String,
}

/// One group column (attribute) and its groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeResult {
    pub attribute: String,
    pub reference: String,
    /// `named` (by the manifest or command line) or `largest` (the default).
    pub reference_rule: String,
    /// All rows together.
    pub overall: GroupResult,
    pub groups: Vec<GroupResult>,
}

/// Counts and metrics of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupResult {
    pub group: String,
    pub n: u64,
    pub labelled: u64,
    pub unlabelled: u64,
    pub predicted_positive: u64,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Aequitas `ppr`: this group's share of all predicted positives.
    pub ppr: Option<f64>,
    pub metrics: Vec<MetricResult>,
}

/// One metric of one group, with its interval and, for non-reference groups, the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricResult {
    pub metric: Metric,
    pub numerator: u64,
    pub denominator: u64,
    pub estimate: Estimate,
    /// Absent for the reference group and for the overall row.
    pub comparison: Option<Comparison>,
}

/// A point estimate with its confidence interval, or the reason it does not exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Why `value` (or its interval) is missing; `None` when both exist.
    pub undefined: Option<String>,
}

impl Estimate {
    /// An undefined estimate with its reason.
    pub fn undefined(reason: impl Into<String>) -> Self {
        Estimate {
            value: None,
            ci_low: None,
            ci_high: None,
            undefined: Some(reason.into()),
        }
    }
}

/// A group compared with the reference group on one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// `value / reference value`.
    pub ratio: Estimate,
    /// `value − reference value`.
    pub difference: Estimate,
    /// Raw two-sided p-value of equal rates, when a test exists.
    pub p_value: Option<f64>,
    /// p-value after the policy's correction over all tested comparisons of the audit.
    pub p_adjusted: Option<f64>,
    pub test: Option<String>,
    /// Rows the smaller of the two rates rests on (its denominator); compared with `min_group_size`.
    pub smallest_n: u64,
    pub verdict: Verdict,
    /// Why this verdict (e.g. "too few rows to judge (n = 7)").
    pub reason: String,
}

/// The judgement of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The policy does not judge this metric for this model; reported only.
    NotJudged,
    /// A group (or the reference) has fewer rows than the policy's minimum.
    TooFewRows,
    /// The metric or its ratio is undefined (see the reason).
    Undefined,
    /// The ratio lies inside the policy band.
    WithinBand,
    /// Outside the band, but not significant after correction: no alarm.
    OutsideBandNotSignificant,
    /// Outside the band and significant after correction: a finding.
    Flagged,
}
