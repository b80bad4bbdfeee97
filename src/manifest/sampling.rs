//! The manifest's `[sampling]` table: which reference population, incidence estimate and training data
//! the sampling audit compares the scored data with, and its validation into [`SamplingSpec`].
//!
//! ```toml
//! [sampling]
//! population = "population.csv"   # attribute, group, population, [unit,] source, year
//! unit = "house"                  # what one data row is, in the population file's unit
//!
//! [[sampling.representativeness]]
//! column = "neighbourhood"        # a group column of [[data.groups]]
//! attribute = "wijk"              # its name in the population file (default: the column name)
//!
//! [sampling.reporting]
//! file = "survey.csv"             # attribute, group, per_1000_per_year, standard_error, source, year
//! column = "neighbourhood"
//! events = "incidents"            # events recorded per row
//! exposure = "residents"          # residents a row stands for (default: 1 per row)
//! period = "week"                 # time a row covers: day, week, month, quarter or year
//!
//! [sampling.drift]
//! training = "training.csv"       # the data the model was trained on
//! features = ["build_year"]       # default: every column both files share, except the outcome and
//!                                 # prediction columns
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{DataSpec, inside_model_folder};
use crate::error::{Error, Result};

/// `[sampling]` as written in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplingSection {
    /// Reference population file, relative to the model folder.
    #[serde(default)]
    pub population: Option<String>,
    /// What one row of the data is, in the population file's unit (`house`, `resident`, ...).
    #[serde(default)]
    pub unit: Option<String>,
    /// Group columns compared with the population.
    #[serde(default)]
    pub representativeness: Vec<RepresentativenessSection>,
    /// Recorded events against an independent incidence estimate.
    #[serde(default)]
    pub reporting: Option<ReportingSection>,
    /// Training data against the data the model scores now.
    #[serde(default)]
    pub drift: Option<DriftSection>,
}

/// One `[[sampling.representativeness]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentativenessSection {
    pub column: String,
    #[serde(default)]
    pub attribute: Option<String>,
}

/// `[sampling.reporting]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingSection {
    pub file: String,
    pub column: String,
    #[serde(default)]
    pub attribute: Option<String>,
    pub events: String,
    #[serde(default)]
    pub exposure: Option<String>,
    pub period: String,
    /// The group others are compared with; by default the group with the most person-years.
    #[serde(default)]
    pub reference: Option<String>,
}

/// `[sampling.drift]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftSection {
    pub training: String,
    #[serde(default)]
    pub features: Option<Vec<String>>,
}

/// The validated `[sampling]` table; every part is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SamplingSpec {
    pub population: Option<PopulationSpec>,
    pub reporting: Option<ReportingSpec>,
    pub drift: Option<DriftSpec>,
}

/// A population file and the group columns compared with it.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationSpec {
    pub file: PathBuf,
    pub unit: String,
    /// `(data column, attribute in the population file)`.
    pub attributes: Vec<(String, String)>,
}

/// The reporting-rate comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingSpec {
    pub file: PathBuf,
    pub column: String,
    pub attribute: String,
    pub events: String,
    pub exposure: Option<String>,
    pub period: Period,
    pub reference: Option<String>,
}

/// The drift comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct DriftSpec {
    pub training: PathBuf,
    /// `None`: every column both files share, except the outcome and prediction columns.
    pub features: Option<Vec<String>>,
}

/// The time one data row covers, for turning residents into person-years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// Length in years, with a year of 365.25 days (a week is 7/365.25 years).
    pub fn years(self) -> f64 {
        match self {
            Period::Day => 1.0 / 365.25,
            Period::Week => 7.0 / 365.25,
            Period::Month => 1.0 / 12.0,
            Period::Quarter => 0.25,
            Period::Year => 1.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// From its name (`day`, `week`, `month`, `quarter`, `year`).
    pub fn parse(s: &str) -> Option<Self> {
        [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Checks `[sampling]` against the validated `[data]` table (`p` is the manifest, for messages).
pub(super) fn validate(
    s: &SamplingSection,
    data: &DataSpec,
    dir: &Path,
    p: &Path,
) -> Result<SamplingSpec> {
    let group_column = |column: &str, field: String| -> Result<()> {
        if data.groups.iter().any(|g| g.column == column) {
            Ok(())
        } else {
            Err(Error::field(
                p,
                field,
                format!("`{column}` is not one of the group columns; add it under [[data.groups]]"),
            ))
        }
    };
    let population = match (&s.population, &s.unit, s.representativeness.is_empty()) {
        (None, None, true) => None,
        (Some(file), Some(unit), false) => {
            if unit.trim().is_empty() {
                return Err(Error::field(p, "sampling.unit", "must not be empty"));
            }
            let mut attributes: Vec<(String, String)> = Vec::new();
            for (i, r) in s.representativeness.iter().enumerate() {
                let field = format!("sampling.representativeness[{i}].column");
                group_column(&r.column, field.clone())?;
                if attributes.iter().any(|(c, _)| c == &r.column) {
                    return Err(Error::field(
                        p,
                        field,
                        format!("`{}` appears twice", r.column),
                    ));
                }
                attributes.push((
                    r.column.clone(),
                    r.attribute.clone().unwrap_or_else(|| r.column.clone()),
                ));
            }
            Some(PopulationSpec {
                file: inside_model_folder(file, dir, p, "sampling.population")?,
                unit: unit.trim().to_string(),
                attributes,
            })
        }
        (None, _, _) => {
            return Err(Error::field(
                p,
                "sampling.population",
                "required with `unit` and [[sampling.representativeness]]: the file of population counts",
            ));
        }
        (Some(_), None, _) => {
            return Err(Error::field(
                p,
                "sampling.unit",
                "required with `population`: what one data row is (e.g. \"house\"), in the population file's unit",
            ));
        }
        (Some(_), Some(_), true) => {
            return Err(Error::field(
                p,
                "sampling.representativeness",
                "name at least one group column to compare with the population ([[sampling.representativeness]] column = \"...\")",
            ));
        }
    };
    let reporting = match &s.reporting {
        None => None,
        Some(r) => {
            group_column(&r.column, "sampling.reporting.column".into())?;
            let period = Period::parse(r.period.trim()).ok_or_else(|| {
                Error::field(
                    p,
                    "sampling.reporting.period",
                    format!("`{}` is not day, week, month, quarter or year", r.period),
                )
            })?;
            for (field, value) in [
                ("events", Some(&r.events)),
                ("exposure", r.exposure.as_ref()),
            ] {
                if value.is_some_and(|v| v.trim().is_empty()) {
                    return Err(Error::field(
                        p,
                        format!("sampling.reporting.{field}"),
                        "column name is empty",
                    ));
                }
            }
            Some(ReportingSpec {
                file: inside_model_folder(&r.file, dir, p, "sampling.reporting.file")?,
                column: r.column.clone(),
                attribute: r.attribute.clone().unwrap_or_else(|| r.column.clone()),
                events: r.events.clone(),
                exposure: r.exposure.clone(),
                period,
                reference: r.reference.clone(),
            })
        }
    };
    let drift = match &s.drift {
        None => None,
        Some(d) => {
            if let Some(features) = &d.features {
                if features.is_empty() {
                    return Err(Error::field(
                        p,
                        "sampling.drift.features",
                        "name at least one column, or leave `features` out to compare every shared column",
                    ));
                }
                if let Some((i, f)) = features
                    .iter()
                    .enumerate()
                    .find(|(i, f)| f.trim().is_empty() || features[..*i].contains(f))
                {
                    return Err(Error::field(
                        p,
                        format!("sampling.drift.features[{i}]"),
                        format!("`{f}` is empty or appears twice"),
                    ));
                }
            }
            Some(DriftSpec {
                training: inside_model_folder(&d.training, dir, p, "sampling.drift.training")?,
                features: d.features.clone(),
            })
        }
    };
    Ok(SamplingSpec {
        population,
        reporting,
        drift,
    })
}
