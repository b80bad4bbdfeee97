//! The manifest's `[model]` table: a model algoreg trains itself (kind, algorithm, hyperparameters,
//! features, target, split, seed, feedback-loop simulation), and its validation into [`TrainSpec`].
//!
//! ```toml
//! [model]
//! kind = "foundation-risk"          # or "hotspot"
//! algorithm = "logistic"            # logistic | decision-tree | random-forest | poisson
//! features = ["build_year", "pile_type"]
//! categorical = ["pile_type"]       # default: every feature with a cell that is not a number
//! target = "damage_found"           # default: data.label (data.count for poisson)
//! unlabelled = "skip"               # or "negative": rows without a label count as negative
//! cutoff = 1.0                      # a 0/1 prediction column is `output >= cutoff`
//! seed = 7
//!
//! [model.split]                     # which rows are held out (and audited)
//! method = "random"                 # random | group (with column) | time (with column)
//! test_share = 0.5
//!
//! [model.params]                    # only the ones the algorithm has; defaults below
//! l2 = 1.0
//!
//! [model.feedback]                  # hotspot models: the feedback-loop simulation
//! rounds = 40
//! ```
//!
//! Like linfa's `ParamGuard`, the unchecked tables ([`ModelSection`]) become checked values
//! ([`TrainSpec`], [`Algorithm`]) before any training starts; every error names its field.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use super::feedback::{FeedbackSection, FeedbackSpec};
use super::{DataSpec, PredictionSpec};
use crate::error::{Error, Result};

/// `[model]` as written in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSection {
    pub kind: String,
    pub algorithm: String,
    pub features: Vec<String>,
    #[serde(default)]
    pub categorical: Option<Vec<String>>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub unlabelled: Option<String>,
    #[serde(default)]
    pub cutoff: Option<f64>,
    pub seed: u64,
    pub split: SplitSection,
    #[serde(default)]
    pub params: ParamsSection,
    #[serde(default)]
    pub feedback: Option<FeedbackSection>,
}

/// `[model.split]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitSection {
    pub method: String,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub test_share: Option<f64>,
}

/// `[model.params]` as written: every hyperparameter of every algorithm, all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsSection {
    pub l2: Option<f64>,
    pub max_iterations: Option<u64>,
    pub tolerance: Option<f64>,
    pub max_depth: Option<usize>,
    pub min_leaf: Option<f64>,
    pub trees: Option<usize>,
    pub sample_share: Option<f64>,
    pub feature_share: Option<f64>,
}

/// What the model is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// Foundation damage: a classifier of houses.
    FoundationRisk,
    /// Nuisance hotspots: counts per grid cell and period (or a classifier of them).
    Hotspot,
}

/// The checked algorithm with its hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Algorithm {
    /// L2-penalised logistic regression (linfa-logistic, L-BFGS).
    Logistic {
        l2: f64,
        max_iterations: u64,
        tolerance: f64,
    },
    /// One CART tree (linfa-trees, Gini), leaf probabilities from the training rows.
    DecisionTree { max_depth: usize, min_leaf: f64 },
    /// Bagged trees on random feature subsets (linfa-ensemble).
    RandomForest {
        trees: usize,
        max_depth: usize,
        min_leaf: f64,
        sample_share: f64,
        feature_share: f64,
    },
    /// L2-penalised Poisson regression with log link, by IRLS (Newton) on ndarray.
    Poisson {
        l2: f64,
        max_iterations: u64,
        tolerance: f64,
    },
}

impl Algorithm {
    /// The algorithm's name as written in the manifest.
    pub fn name(&self) -> &'static str {
        match self {
            Algorithm::Logistic { .. } => "logistic",
            Algorithm::DecisionTree { .. } => "decision-tree",
            Algorithm::RandomForest { .. } => "random-forest",
            Algorithm::Poisson { .. } => "poisson",
        }
    }

    /// Whether the model predicts a count (else a probability).
    pub fn is_count(&self) -> bool {
        matches!(self, Algorithm::Poisson { .. })
    }

    /// Whether numeric features are standardised before fitting (the penalised linear models).
    pub fn scales(&self) -> bool {
        matches!(self, Algorithm::Logistic { .. } | Algorithm::Poisson { .. })
    }
}

/// Which rows are held out.
#[derive(Debug, Clone, PartialEq)]
pub enum SplitSpec {
    /// A seeded random share of the rows.
    Random { test_share: f64 },
    /// Whole groups of a column (e.g. neighbourhoods), drawn at random until the share is reached.
    Group { column: String, test_share: f64 },
    /// The latest periods of a column, until the share is reached.
    Time { column: String, test_share: f64 },
}

/// How rows without a label enter the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlabelled {
    /// Left out of the fit (the default).
    Skip,
    /// Counted as negative: reproduces training on "recorded damage", a common mistake.
    Negative,
}

/// A validated `[model]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSpec {
    pub kind: ModelKind,
    pub algorithm: Algorithm,
    pub features: Vec<String>,
    /// `None`: a feature is categorical when one of its cells is not a number.
    pub categorical: Option<Vec<String>>,
    /// The column the model learns: the label (0/1) or, for a count model, the count.
    pub target: String,
    pub unlabelled: Unlabelled,
    /// A 0/1 prediction column is `output >= cutoff` (required when the manifest has no `score`).
    pub cutoff: Option<f64>,
    pub seed: u64,
    pub split: SplitSpec,
    pub feedback: Option<FeedbackSpec>,
}

fn share(p: &Path, field: &str, v: Option<f64>, default: f64) -> Result<f64> {
    let v = v.unwrap_or(default);
    if !(v > 0.0 && v < 1.0) {
        return Err(Error::field(
            p,
            field,
            format!("must be between 0 and 1 (exclusive), got {v}"),
        ));
    }
    Ok(v)
}

fn positive(p: &Path, field: &str, v: Option<f64>, default: f64) -> Result<f64> {
    let v = v.unwrap_or(default);
    if !(v.is_finite() && v >= 0.0) {
        return Err(Error::field(
            p,
            field,
            format!("must be a number ≥ 0, got {v}"),
        ));
    }
    Ok(v)
}

pub(super) fn at_least_one<T: Copy + PartialOrd + From<u8> + std::fmt::Display>(
    p: &Path,
    field: &str,
    v: Option<T>,
    default: T,
) -> Result<T> {
    let v = v.unwrap_or(default);
    if v < T::from(1) {
        return Err(Error::field(
            p,
            field,
            format!("must be at least 1, got {v}"),
        ));
    }
    Ok(v)
}

/// Checks the hyperparameters against the algorithm: unknown names are refused by serde, names the
/// algorithm does not have are refused here.
fn algorithm(p: &Path, name: &str, q: &ParamsSection) -> Result<Algorithm> {
    let given = [
        ("l2", q.l2.is_some()),
        ("max_iterations", q.max_iterations.is_some()),
        ("tolerance", q.tolerance.is_some()),
        ("max_depth", q.max_depth.is_some()),
        ("min_leaf", q.min_leaf.is_some()),
        ("trees", q.trees.is_some()),
        ("sample_share", q.sample_share.is_some()),
        ("feature_share", q.feature_share.is_some()),
    ];
    let allowed: &[&str] = match name {
        "logistic" | "poisson" => &["l2", "max_iterations", "tolerance"],
        "decision-tree" => &["max_depth", "min_leaf"],
        "random-forest" => &[
            "trees",
            "max_depth",
            "min_leaf",
            "sample_share",
            "feature_share",
        ],
        other => {
            return Err(Error::field(
                p,
                "model.algorithm",
                format!("`{other}` is not logistic, decision-tree, random-forest or poisson"),
            ));
        }
    };
    if let Some((param, _)) = given
        .iter()
        .find(|(param, set)| *set && !allowed.contains(param))
    {
        return Err(Error::field(
            p,
            format!("model.params.{param}"),
            format!("{name} has no `{param}`; it takes {}", allowed.join(", ")),
        ));
    }
    let tolerance = |default| {
        let t = q.tolerance.unwrap_or(default);
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::field(
                p,
                "model.params.tolerance",
                format!("must be a number > 0, got {t}"),
            ));
        }
        Ok(t)
    };
    use defaults as d;
    Ok(match name {
        "logistic" => Algorithm::Logistic {
            l2: positive(p, "model.params.l2", q.l2, d::LOGISTIC_L2)?,
            max_iterations: at_least_one(
                p,
                "model.params.max_iterations",
                q.max_iterations,
                d::LOGISTIC_MAX_ITERATIONS,
            )?,
            tolerance: tolerance(d::LOGISTIC_TOLERANCE)?,
        },
        "poisson" => Algorithm::Poisson {
            l2: positive(p, "model.params.l2", q.l2, d::POISSON_L2)?,
            max_iterations: at_least_one(
                p,
                "model.params.max_iterations",
                q.max_iterations,
                d::POISSON_MAX_ITERATIONS,
            )?,
            tolerance: tolerance(d::POISSON_TOLERANCE)?,
        },
        "decision-tree" => Algorithm::DecisionTree {
            max_depth: at_least_one(p, "model.params.max_depth", q.max_depth, d::TREE_MAX_DEPTH)?,
            min_leaf: positive(p, "model.params.min_leaf", q.min_leaf, d::TREE_MIN_LEAF)?,
        },
        _ => Algorithm::RandomForest {
            trees: at_least_one(p, "model.params.trees", q.trees, d::FOREST_TREES)?,
            max_depth: at_least_one(
                p,
                "model.params.max_depth",
                q.max_depth,
                d::FOREST_MAX_DEPTH,
            )?,
            min_leaf: positive(p, "model.params.min_leaf", q.min_leaf, d::FOREST_MIN_LEAF)?,
            sample_share: share(
                p,
                "model.params.sample_share",
                q.sample_share,
                d::FOREST_SAMPLE_SHARE,
            )?,
            feature_share: share(
                p,
                "model.params.feature_share",
                q.feature_share,
                d::FOREST_FEATURE_SHARE,
            )?,
        },
    })
}

/// What `algoreg train` uses for a `[model.params]` entry the manifest leaves out, per algorithm
/// (README, *Models algoreg trains*). The training bench runs these too, so it measures what a register
/// entry gets.
pub mod defaults {
    pub const LOGISTIC_L2: f64 = 1.0;
    pub const LOGISTIC_MAX_ITERATIONS: u64 = 500;
    pub const LOGISTIC_TOLERANCE: f64 = 1e-6;
    pub const POISSON_L2: f64 = 0.0;
    pub const POISSON_MAX_ITERATIONS: u64 = 100;
    pub const POISSON_TOLERANCE: f64 = 1e-10;
    pub const TREE_MAX_DEPTH: usize = 6;
    pub const TREE_MIN_LEAF: f64 = 20.0;
    pub const FOREST_TREES: usize = 25;
    pub const FOREST_MAX_DEPTH: usize = 8;
    pub const FOREST_MIN_LEAF: f64 = 10.0;
    pub const FOREST_SAMPLE_SHARE: f64 = 0.5;
    pub const FOREST_FEATURE_SHARE: f64 = 0.7;
}

/// Validates `[model]` against the data description.
pub fn validate(m: &ModelSection, data: &DataSpec, p: &Path) -> Result<TrainSpec> {
    let kind = match m.kind.as_str() {
        "foundation-risk" => ModelKind::FoundationRisk,
        "hotspot" => ModelKind::Hotspot,
        other => {
            return Err(Error::field(
                p,
                "model.kind",
                format!("`{other}` is not foundation-risk or hotspot"),
            ));
        }
    };
    let algorithm = algorithm(p, &m.algorithm, &m.params)?;
    if kind == ModelKind::FoundationRisk && algorithm.is_count() {
        return Err(Error::field(
            p,
            "model.algorithm",
            "a foundation-risk model is a classifier: logistic, decision-tree or random-forest",
        ));
    }
    let target = match (&m.target, algorithm.is_count(), &data.count) {
        (Some(t), _, _) => t.clone(),
        (None, false, _) => data.label.clone().ok_or_else(|| {
            Error::field(
                p,
                "model.target",
                "a classifier needs `target`, or `label` in [data]",
            )
        })?,
        (None, true, Some(c)) => c.observed.clone(),
        (None, true, None) => {
            return Err(Error::field(
                p,
                "model.target",
                "a poisson model needs `target`, or `count` in [data]",
            ));
        }
    };
    if m.features.is_empty() {
        return Err(Error::field(
            p,
            "model.features",
            "name at least one column",
        ));
    }
    let outputs = data.output_columns();
    for (i, f) in m.features.iter().enumerate() {
        let field = format!("model.features[{i}]");
        if f.trim().is_empty() || m.features[..i].contains(f) {
            return Err(Error::field(
                p,
                field,
                format!("`{f}` is empty or appears twice"),
            ));
        }
        if *f == target {
            return Err(Error::field(p, field, format!("`{f}` is the target")));
        }
        if let Some((role, _)) = outputs.iter().find(|(_, c)| c == f) {
            return Err(Error::field(
                p,
                field,
                format!("`{f}` is the {role} column, which the model must not learn from"),
            ));
        }
    }
    if let Some(cats) = &m.categorical
        && let Some((i, c)) = cats
            .iter()
            .enumerate()
            .find(|(_, c)| !m.features.contains(c))
    {
        return Err(Error::field(
            p,
            format!("model.categorical[{i}]"),
            format!("`{c}` is not one of the features"),
        ));
    }
    let unlabelled = match m.unlabelled.as_deref() {
        None | Some("skip") => Unlabelled::Skip,
        Some("negative") => Unlabelled::Negative,
        Some(other) => {
            return Err(Error::field(
                p,
                "model.unlabelled",
                format!("`{other}` is not skip or negative"),
            ));
        }
    };
    if let Some(c) = m.cutoff
        && !c.is_finite()
    {
        return Err(Error::field(
            p,
            "model.cutoff",
            format!("must be a number, got {c}"),
        ));
    }
    let Some(prediction) = &data.prediction else {
        return Err(Error::field(
            p,
            "data.prediction",
            "a model algoreg trains writes its output into [data]'s `prediction` or `score` column: name one",
        ));
    };
    let needs_cutoff = matches!(prediction, PredictionSpec::Column(_));
    if needs_cutoff && m.cutoff.is_none() {
        return Err(Error::field(
            p,
            "model.cutoff",
            "required: [data] names a 0/1 prediction column, which the model fills with `output >= cutoff`",
        ));
    }
    if algorithm.is_count() && data.count.is_none() {
        return Err(Error::field(
            p,
            "model.algorithm",
            "a poisson model fills data.predicted_count: name `count` and `predicted_count` in [data]",
        ));
    }
    let s = &m.split;
    let test_share = share(p, "model.split.test_share", s.test_share, 0.3)?;
    let column = |method: &str| match &s.column {
        Some(c) if !c.trim().is_empty() => Ok(c.clone()),
        _ => Err(Error::field(
            p,
            "model.split.column",
            format!("required for method `{method}`"),
        )),
    };
    let split = match s.method.as_str() {
        "random" => {
            if s.column.is_some() {
                return Err(Error::field(
                    p,
                    "model.split.column",
                    "a random split takes no column",
                ));
            }
            SplitSpec::Random { test_share }
        }
        "group" => SplitSpec::Group {
            column: column("group")?,
            test_share,
        },
        "time" => SplitSpec::Time {
            column: column("time")?,
            test_share,
        },
        other => {
            return Err(Error::field(
                p,
                "model.split.method",
                format!("`{other}` is not random, group or time"),
            ));
        }
    };
    let feedback = match (&m.feedback, kind) {
        (None, _) => None,
        (Some(f), ModelKind::Hotspot) if algorithm.is_count() => {
            if !matches!(split, SplitSpec::Time { .. }) {
                return Err(Error::field(
                    p,
                    "model.feedback",
                    "the simulation runs over periods: use a time split",
                ));
            }
            Some(super::feedback::validate(p, f, m, data)?)
        }
        (Some(_), _) => {
            return Err(Error::field(
                p,
                "model.feedback",
                "the feedback-loop simulation is for hotspot models with algorithm poisson",
            ));
        }
    };
    Ok(TrainSpec {
        kind,
        algorithm,
        features: m.features.clone(),
        categorical: m.categorical.clone(),
        target,
        unlabelled,
        cutoff: m.cutoff,
        seed: m.seed,
        split,
        feedback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's `[model.params]` lines (`# key = value, …   algorithm`) state each algorithm's
    /// defaults; an empty `[model.params]` must give exactly those, and every parameter of the
    /// algorithm must be stated.
    #[test]
    fn the_readme_states_every_default_a_manifest_gets() {
        let readme = include_str!("../../README.md");
        let p = Path::new("model.toml");
        let mut seen = Vec::new();
        for name in ["logistic", "poisson", "decision-tree", "random-forest"] {
            let line = readme
                .lines()
                .find(|l| l.starts_with("# ") && l.trim_end().ends_with(&format!(" {name}")))
                .unwrap_or_else(|| panic!("README has no defaults line for {name}"));
            let pairs = line[2..line.rfind(name).unwrap()].trim();
            let documented: ParamsSection = toml::from_str(&pairs.replace(", ", "\n"))
                .unwrap_or_else(|e| panic!("README line for {name}: {e}"));
            let given = algorithm(p, name, &documented).unwrap();
            let defaults = algorithm(p, name, &ParamsSection::default()).unwrap();
            assert_eq!(given, defaults, "README's {name} defaults");
            let count = pairs.split(", ").count();
            let want = match name {
                "decision-tree" => 2,
                "random-forest" => 5,
                _ => 3,
            };
            assert_eq!(count, want, "README's {name} line names every parameter");
            seen.push(defaults);
        }
        // And the values themselves, written out from the README by hand.
        assert_eq!(
            seen[3],
            Algorithm::RandomForest {
                trees: 25,
                max_depth: 8,
                min_leaf: 10.0,
                sample_share: 0.5,
                feature_share: 0.7
            }
        );
        assert_eq!(
            seen[1],
            Algorithm::Poisson {
                l2: 0.0,
                max_iterations: 100,
                tolerance: 1e-10
            }
        );
    }
}
