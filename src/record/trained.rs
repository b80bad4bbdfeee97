//! What `algoreg train` stores: the fitted model (`trained/model.json`, preprocessing included) and the
//! training record (`trained/training.json`: split, held-out quality, the hashes of inputs and
//! artifacts). Both are deterministic functions of manifest and data: the same spec gives the same bytes.

use serde::{Deserialize, Serialize};

use super::{FileHash, ToolInfo};

/// The fitted-model schema this build writes and reads.
pub const FITTED_SCHEMA_VERSION: u32 = 1;
/// The training-record schema this build writes and reads.
pub const TRAINING_SCHEMA_VERSION: u32 = 1;

/// A fitted model with the preprocessing that turns a data row into its design row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedModel {
    pub schema_version: u32,
    pub model_id: String,
    /// `logistic`, `decision-tree`, `random-forest` or `poisson`.
    pub algorithm: String,
    /// The column the model learned.
    pub target: String,
    /// One step per feature, in the order of the manifest's `features`; the design's columns follow
    /// that order (a categorical feature gives one column per level after the first).
    pub preprocessing: Vec<FeatureStep>,
    pub body: ModelBody,
}

/// How one feature becomes design columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum FeatureStep {
    /// One column `(value − center)/scale` (center 0 and scale 1 when the algorithm needs no scaling).
    Numeric {
        column: String,
        center: f64,
        scale: f64,
    },
    /// One 0/1 column per level after the first (the reference level); a level not seen in training
    /// gets zeros everywhere, like the reference.
    Categorical { column: String, levels: Vec<String> },
}

/// The fitted parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ModelBody {
    /// `output = inverse_link(intercept + Σ coefficient·design)`; link `logit` or `log`.
    Linear {
        link: String,
        intercept: f64,
        coefficients: Vec<Coefficient>,
    },
    /// The mean of the trees' leaf probabilities.
    Trees { trees: Vec<Tree> },
}

/// A named coefficient of the design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coefficient {
    /// `build_year`, or `pile_type=wood` for a level of a categorical feature.
    pub name: String,
    pub value: f64,
}

/// A tree as a flat list of nodes; node 0 is the root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    pub nodes: Vec<TreeNode>,
}

/// One node: a split goes left when `design[feature] <= threshold` (scikit-learn's rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum TreeNode {
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
    /// `probability` is the share of positives among the training rows reaching the leaf.
    Leaf { probability: f64, rows: u64 },
}

/// The record of one training run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingRecord {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub model_id: String,
    pub kind: String,
    pub algorithm: String,
    /// `(name, value)` of every hyperparameter as applied (defaults filled in).
    pub hyperparameters: Vec<(String, f64)>,
    pub features: Vec<String>,
    pub design_columns: usize,
    pub target: String,
    /// `skip` or `negative`.
    pub unlabelled: String,
    pub seed: u64,
    pub split: SplitSummary,
    pub quality: Quality,
    /// Which features the model leans on beyond seeded noise columns (`train::placebo`).
    pub placebo: Option<PlaceboCheck>,
    /// The manifest and the data file the model learned from.
    pub inputs: Vec<FileHash>,
    /// The fitted model and the held-out rows with its output.
    pub artifacts: Vec<FileHash>,
}

/// The placebo check: permutation importance of every feature of the model retrained with noise columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceboCheck {
    /// `auc` (importance = its drop) or `mean_poisson_deviance` (importance = its rise).
    pub metric: String,
    pub noise_columns: usize,
    pub permutations: usize,
    pub seed: u64,
    /// The largest mean importance of a noise column.
    pub noise_floor: f64,
    pub features: Vec<FeatureImportance>,
    pub noise: Vec<FeatureImportance>,
}

/// One feature's permutation importance on the held-out rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureImportance {
    pub feature: String,
    /// Mean and standard deviation over the shuffles.
    pub mean: f64,
    pub sd: f64,
    /// Above the noise floor and above 0: the model uses it.
    pub above_noise: bool,
}

/// How the rows were split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitSummary {
    pub method: String,
    pub column: Option<String>,
    pub test_share: f64,
    pub rows: usize,
    /// Rows on the training side, and of them the ones the fit used (a label, or any row when
    /// unlabelled rows count as negative).
    pub train_rows: usize,
    pub fit_rows: usize,
    /// Rows held out: written with the model's output and audited.
    pub test_rows: usize,
    /// The held-out values of the split column (groups or periods), sorted.
    pub test_values: Vec<String>,
}

/// Held-out quality; each metric with a confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    /// Held-out rows the metrics are computed on (those with a label, for a classifier).
    pub rows: usize,
    /// Cases among them (classifiers) or the sum of the counts (count models).
    pub outcome_total: f64,
    pub confidence_level: f64,
    pub metrics: Vec<QualityMetric>,
}

/// One quality metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityMetric {
    /// `auc`, `brier`, `log_loss`, `mean_poisson_deviance`, `mae`, `deviance_explained`.
    pub name: String,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// The same metric for a model that predicts the training rows' mean for every row.
    pub baseline: Option<f64>,
    /// How the interval was computed.
    pub method: String,
}

impl QualityMetric {
    /// The metric's value by name, if present.
    pub fn find<'a>(metrics: &'a [QualityMetric], name: &str) -> Option<&'a QualityMetric> {
        metrics.iter().find(|m| m.name == name)
    }
}

impl TrainingRecord {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a training record serializes");
        s.push('\n');
        s
    }
}

impl FittedModel {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a fitted model serializes");
        s.push('\n');
        s
    }
}
