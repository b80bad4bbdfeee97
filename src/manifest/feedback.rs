//! The manifest's `[model.feedback]` table: the feedback-loop simulation of a hotspot model (which
//! column names the cell, which features are recent counts, rounds, patrols, detection, random share,
//! replications), and its validation into [`FeedbackSpec`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DataSpec;
use super::model::{ModelSection, at_least_one};
use crate::error::{Error, Result};

/// `[model.feedback]` as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackSection {
    /// The column naming the cell (one row per cell and period).
    pub cell: String,
    /// Features that are the mean of the target over the last k periods: `{ incidents_lag1 = 1 }`.
    pub lags: BTreeMap<String, usize>,
    /// The column whose groups the report is per (default: the first group column).
    pub area: Option<String>,
    pub rounds: Option<usize>,
    pub patrols: Option<usize>,
    pub detection: Option<f64>,
    pub random_share: Option<f64>,
    pub replications: Option<usize>,
    pub reporting: Option<f64>,
}

/// The checked feedback-loop simulation settings.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackSpec {
    /// The column naming the cell.
    pub cell: String,
    /// `(feature, k)`: the feature is the mean of the target over the last k periods.
    pub lags: Vec<(String, usize)>,
    /// The column the report is per.
    pub area: String,
    /// Periods simulated after the data's last period.
    pub rounds: usize,
    /// Cells patrolled per period (top-k of the prediction); default: 10% of the cells.
    pub patrols: Option<usize>,
    /// Probability that a patrol records an incident residents did not report.
    pub detection: f64,
    /// Share of patrols sent to uniformly random cells in the mitigated arm.
    pub random_share: f64,
    /// Independent runs of each arm.
    pub replications: usize,
    /// The reporting rate assumed where no incidence survey gives one.
    pub reporting: f64,
}

impl FeedbackSpec {
    /// The defaults of everything but the columns.
    pub fn with_columns(cell: String, lags: Vec<(String, usize)>, area: String) -> Self {
        FeedbackSpec {
            cell,
            lags,
            area,
            rounds: 40,
            patrols: None,
            detection: 0.6,
            random_share: 0.25,
            replications: 40,
            reporting: 0.7,
        }
    }
}

pub(super) fn validate(
    p: &Path,
    f: &FeedbackSection,
    m: &ModelSection,
    data: &DataSpec,
) -> Result<FeedbackSpec> {
    let area = match &f.area {
        Some(a) => a.clone(),
        None => data.groups[0].column.clone(),
    };
    if f.lags.is_empty() {
        return Err(Error::field(
            p,
            "model.feedback.lags",
            "name the features that are recent counts, e.g. { incidents_lag1 = 1 }",
        ));
    }
    for (name, k) in &f.lags {
        if !m.features.contains(name) {
            return Err(Error::field(
                p,
                format!("model.feedback.lags.{name}"),
                "is not one of the model's features",
            ));
        }
        if *k == 0 {
            return Err(Error::field(
                p,
                format!("model.feedback.lags.{name}"),
                "the window must be at least 1 period",
            ));
        }
    }
    let lags = f.lags.iter().map(|(n, k)| (n.clone(), *k)).collect();
    let d = FeedbackSpec::with_columns(f.cell.clone(), lags, area);
    let probability = |field: &str, v: Option<f64>, default: f64| {
        let v = v.unwrap_or(default);
        if !(0.0..=1.0).contains(&v) {
            return Err(Error::field(
                p,
                format!("model.feedback.{field}"),
                format!("must be a probability between 0 and 1, got {v}"),
            ));
        }
        Ok(v)
    };
    let spec = FeedbackSpec {
        cell: d.cell.clone(),
        lags: d.lags.clone(),
        area: d.area.clone(),
        rounds: at_least_one(p, "model.feedback.rounds", f.rounds, d.rounds)?,
        patrols: f
            .patrols
            .map(|k| at_least_one(p, "model.feedback.patrols", Some(k), 1))
            .transpose()?,
        detection: probability("detection", f.detection, d.detection)?,
        random_share: probability("random_share", f.random_share, d.random_share)?,
        replications: at_least_one(
            p,
            "model.feedback.replications",
            f.replications,
            d.replications,
        )?,
        reporting: probability("reporting", f.reporting, d.reporting)?,
    };
    if spec.reporting == 0.0 {
        return Err(Error::field(
            p,
            "model.feedback.reporting",
            "must be above 0: with no reporting the true incidence cannot be estimated",
        ));
    }
    Ok(spec)
}
