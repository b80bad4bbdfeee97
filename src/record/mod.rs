//! The audit record: the one serialized artefact of an audit, stored as `audits/<id>/audit.json`.
//!
//! Everything in it is a deterministic function of the inputs (no timestamps, no absolute paths, no
//! hash-map order), so the same manifest, data and policy give a byte-identical record.

pub mod feedback;
pub mod history;
pub mod map;
pub mod sampling;
pub mod spurious;
pub mod subgroup;
pub mod trained;

use serde::{Deserialize, Serialize};

pub use subgroup::{
    BootstrapInfo, CalibrationBin, Comparison, Estimate, GroupResult, MetricResult,
    SubgroupSection, ValueComparison, ValueMetric, ValueMetricKind, Verdict,
};

/// The record schema this build writes and reads.
pub const RECORD_SCHEMA_VERSION: u32 = 8;

/// One audit of one model (or of one file in quick mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// The register id; `None` in quick mode.
    pub model_id: Option<String>,
    pub inputs: Inputs,
    pub policy: PolicyApplied,
    pub data: DataSummary,
    pub subgroup: SubgroupSection,
    pub sampling: sampling::SamplingSection,
    pub spurious: spurious::SpuriousSection,
    /// For a model algoreg trained: the training record (split, held-out quality, artifact hashes).
    pub training: Option<trained::TrainingRecord>,
    /// For a hotspot model with `[model.feedback]`: the feedback-loop simulation.
    pub feedback: Option<feedback::FeedbackSection>,
    /// With a `[data.map]` table: per grid cell, its place and the sums behind the public map.
    pub map: Option<map::MapSection>,
    /// Every flagged comparison, in report order (subgroup, sampling, spurious).
    pub findings: Vec<Finding>,
    pub verdict: OverallVerdict,
}

/// The program that wrote the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

/// What the audit read, each with its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    pub manifest: Option<FileHash>,
    pub data: Vec<FileHash>,
    pub policy: FileHash,
}

/// A file (path relative to the register root, `/`-separated) and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileHash {
    pub path: String,
    pub sha256: String,
}

/// The policy settings the audit applied (after resolving model overrides and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyApplied {
    pub ratio_band: [f64; 2],
    pub alpha: f64,
    pub correction: crate::stats::Correction,
    pub min_group_size: u64,
    pub confidence_level: f64,
    pub metrics: Vec<crate::audit::metric::Metric>,
    pub bootstrap_replicates: u32,
    pub bootstrap_seed: u64,
    pub drift_psi_floor: f64,
    pub leakage_auc: f64,
    pub proxy_strength: f64,
    pub trend_collapse: f64,
    pub min_effective_points: f64,
    pub association_correction: crate::stats::Correction,
    /// Groups with fewer rows are withheld from public pages and exports.
    pub suppress_below: u64,
    pub adopted_by: Option<String>,
}

/// Row counts of the scored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSummary {
    pub rows: u64,
    pub labelled: u64,
    pub unlabelled: u64,
    pub predicted_positive: u64,
    /// How the predicted class was found, e.g. `column predicted` or `risk_score >= 0.5`.
    pub prediction_rule: String,
    /// Present when the file was streamed: the subgroup audit folded every row, the sampling and
    /// spurious audits (which need rows) read a uniform sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streamed: Option<StreamedSummary>,
}

/// How a streamed audit read its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamedSummary {
    /// Rows in the sample the sampling and spurious audits read.
    pub sample_rows: u64,
    /// How the sample was drawn.
    pub sample_method: String,
}

/// What a finding measures: a subgroup metric, or one of the sampling or spurious audit's measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Measure {
    Metric(crate::audit::metric::Metric),
    Sampling(SamplingMeasure),
    Spurious(SpuriousMeasure),
}

/// The spurious-correlation audit's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpuriousMeasure {
    /// The column leaks the outcome (see the leak kind in the section).
    Leak,
    /// The association is carried by a shared time trend.
    TrendDriven,
    /// The association flips sign in a stratum or rests on one stratum.
    Unstable,
    /// A model input is a strong proxy of a protected attribute.
    Proxy,
}

/// The sampling audit's measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SamplingMeasure {
    /// Share in the data / share in the population.
    Representation,
    /// Share of rows that carry a label.
    LabelledShare,
    /// Recorded events / events an independent estimate expects.
    ReportingRate,
    /// Population stability index between training and deployment data.
    Drift,
}

/// A comparison that is outside the policy band (or, for drift, above the PSI floor) and significant
/// after correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// `subgroup`, `sampling` or `spurious`.
    pub audit: String,
    /// The attribute (or, for drift, the feature).
    pub attribute: String,
    pub group: String,
    /// What the group is compared with: the reference group, `population`, or `training data`.
    pub reference: String,
    pub measure: Measure,
    pub value: f64,
    pub reference_value: Option<f64>,
    /// The ratio to the reference (for drift: the PSI), with its intervals.
    pub ratio: Estimate,
    /// After the audit's correction; `None` for a finding that rests on no test (the spurious audit's
    /// "the association disappears without one stratum"), so the record never holds a NaN that JSON
    /// would write as `null` and could not read back.
    pub p_adjusted: Option<f64>,
    /// Plain-language sentence in Dutch.
    pub text_nl: String,
    /// Plain-language sentence in English.
    pub text_en: String,
}

/// The audit's overall outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverallVerdict {
    /// True when at least one finding was raised.
    pub flagged: bool,
    pub findings: u64,
    /// Comparisons that were tested (each audit corrects over its own tests).
    pub comparisons_tested: u64,
    /// Judged comparisons that got no verdict because a group was too small.
    pub too_small: u64,
    /// Judged comparisons that got no verdict because the metric was undefined.
    pub undefined: u64,
}

impl AuditRecord {
    /// The record as it is stored: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("an audit record always serializes");
        s.push('\n');
        s
    }

    /// Reads a stored record; `path` is used in error messages.
    pub fn from_json(text: &str, path: &std::path::Path) -> crate::error::Result<Self> {
        let record: AuditRecord =
            serde_json::from_str(text).map_err(|e| crate::error::Error::Record {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        if record.schema_version != RECORD_SCHEMA_VERSION {
            return Err(crate::error::Error::Record {
                path: path.to_path_buf(),
                message: format!(
                    "schema_version {} is not the {RECORD_SCHEMA_VERSION} this algoreg reads",
                    record.schema_version
                ),
            });
        }
        Ok(record)
    }
}
