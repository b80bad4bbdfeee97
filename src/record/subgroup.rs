//! Record types of the subgroup error-rate audit: per attribute, per group, per metric.

use serde::{Deserialize, Serialize};

use crate::audit::metric::Metric;

/// The subgroup audit's section of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubgroupSection {
    /// Names the interval and test methods used, for the committee report.
    pub methods: Methods,
    /// The bootstrap behind every `boot_low`/`boot_high`.
    pub bootstrap: BootstrapInfo,
    /// Group columns first, then intersections, in the order of the spec.
    pub attributes: Vec<AttributeResult>,
    /// Why the audit did not run (data without a model's decisions); absent when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_run: Option<String>,
}

/// How the bootstrap intervals were made, so they can be reproduced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BootstrapInfo {
    /// Replicates; 0 when the policy turned the bootstrap off.
    pub replicates: u32,
    pub seed: u64,
    pub method: String,
    pub interval: String,
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
    /// AUC and its interval (score models).
    pub auc: String,
    /// Calibration bins and expected calibration error (score models).
    pub calibration: String,
    /// Count-prediction metrics and their intervals.
    pub counts: String,
    /// How the reference group of each attribute is chosen.
    pub reference: String,
}

/// One group column (attribute) and its groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeResult {
    /// The column name, or the columns joined by ` × ` for an intersection.
    pub attribute: String,
    /// The group columns behind the attribute: one, or two and more for an intersection.
    pub columns: Vec<String>,
    pub reference: String,
    /// `named` (by the manifest or command line), `largest` (the default) or `best-off on <metric>`.
    pub reference_rule: String,
    /// When the reference was chosen automatically and itself stands out from all other groups
    /// together on a judged metric (see [`crate::audit::groups::reference_stands_out`]): a warning
    /// that comparisons with it can point the wrong way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_warnings: Vec<super::sampling::Warning>,
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
    /// Aequitas `ppr`: this group's share of all predicted positives of the attribute.
    pub ppr: Estimate,
    pub metrics: Vec<MetricResult>,
    /// Score models: AUC, mean score, observed rate, O/E ratio and expected calibration error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub score_metrics: Vec<ValueMetric>,
    /// Score models: observed vs predicted rate per score bin (labelled rows).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calibration: Vec<CalibrationBin>,
    /// Count predictions: mean predicted and observed count, their ratio, MAE and Poisson deviance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub count_metrics: Vec<ValueMetric>,
}

/// A metric that is not a proportion of counts (AUC, calibration error, count errors), with its
/// comparison with the reference group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueMetric {
    pub metric: ValueMetricKind,
    /// Rows the value rests on (labelled rows for score metrics, all rows for count metrics).
    pub rows: u64,
    pub estimate: Estimate,
    /// Absent for the reference group and the overall row. Reported, not judged.
    pub comparison: Option<ValueComparison>,
}

/// Which non-proportion metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueMetricKind {
    /// Area under the ROC curve: P(score of a case > score of a non-case), ties counting ½.
    Auc,
    /// Mean score over labelled rows.
    MeanScore,
    /// Share of labelled rows with label 1.
    ObservedRate,
    /// Observed rate / mean score (calibration in the large; below 1 means over-prediction).
    OeRatio,
    /// Expected calibration error over the score bins.
    Ece,
    /// Mean predicted count per row.
    MeanPredicted,
    /// Mean observed count per row.
    MeanObserved,
    /// Sum of predicted / sum of observed counts (above 1: over-prediction).
    PredictionRatio,
    /// Mean absolute error of the count prediction.
    Mae,
    /// Mean Poisson deviance of the count prediction.
    PoissonDeviance,
}

impl ValueMetricKind {
    /// Stable name, as in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueMetricKind::Auc => "auc",
            ValueMetricKind::MeanScore => "mean_score",
            ValueMetricKind::ObservedRate => "observed_rate",
            ValueMetricKind::OeRatio => "oe_ratio",
            ValueMetricKind::Ece => "ece",
            ValueMetricKind::MeanPredicted => "mean_predicted",
            ValueMetricKind::MeanObserved => "mean_observed",
            ValueMetricKind::PredictionRatio => "prediction_ratio",
            ValueMetricKind::Mae => "mae",
            ValueMetricKind::PoissonDeviance => "poisson_deviance",
        }
    }
}

/// A value metric of a group against the reference group's: ratio and difference with intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueComparison {
    pub ratio: Estimate,
    pub difference: Estimate,
}

/// One score bin of a group's calibration table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationBin {
    /// Scores in `[low, high)` (the last bin includes 1).
    pub low: f64,
    pub high: f64,
    pub n: u64,
    pub positives: u64,
    pub mean_score: f64,
    /// Observed rate with its Wilson interval.
    pub observed: Estimate,
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
    /// Closed-form interval (Wilson, Koopman, Newcombe, DeLong or normal; see `methods`), if one
    /// exists.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Percentile interval of the seeded Poisson bootstrap (see `bootstrap`).
    pub boot_low: Option<f64>,
    pub boot_high: Option<f64>,
    /// Why `value` or one of its intervals is missing; `None` when all exist.
    pub undefined: Option<String>,
}

impl Estimate {
    /// An undefined estimate with its reason.
    pub fn undefined(reason: impl Into<String>) -> Self {
        Estimate {
            value: None,
            ci_low: None,
            ci_high: None,
            boot_low: None,
            boot_high: None,
            undefined: Some(reason.into()),
        }
    }

    /// A value with an optional closed-form interval; bootstrap bounds are added later.
    pub fn with_interval(value: f64, interval: Option<(f64, f64)>) -> Self {
        Estimate {
            value: Some(value),
            ci_low: interval.map(|i| i.0),
            ci_high: interval.map(|i| i.1),
            boot_low: None,
            boot_high: None,
            undefined: None,
        }
    }

    /// Appends a reason (several intervals may be missing for different reasons).
    pub fn note(&mut self, reason: &str) {
        match &mut self.undefined {
            Some(r) => {
                r.push_str("; ");
                r.push_str(reason);
            }
            None => self.undefined = Some(reason.to_string()),
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
    /// Raw two-sided p-value of equal rates, when a test exists (reported; the verdict rests on
    /// `p_beyond_band`).
    pub p_value: Option<f64>,
    pub test: Option<String>,
    /// Raw p-value of the test that the ratio lies beyond the policy band (score tests against each
    /// edge, see [`crate::audit::verdict`]), when the ratio exists.
    pub p_beyond_band: Option<f64>,
    /// `p_beyond_band` after the policy's correction over all judged comparisons of the audit.
    pub p_adjusted: Option<f64>,
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
    /// The effect's interval lies wholly inside the policy band (for a test with a floor: the effect
    /// is below the floor, or the test found nothing).
    WithinBand,
    /// Neither inside nor shown beyond the band: the interval reaches over a band edge, so the data
    /// cannot tell (for a test with a floor: at least the floor, but not significant after
    /// correction). No alarm; see [`crate::audit::verdict`].
    Uncertain,
    /// Evidence beyond the band (or at least the floor) that survives the correction: a finding.
    Flagged,
}
