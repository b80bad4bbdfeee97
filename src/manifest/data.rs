//! The manifest's `[data]` table: the scored file, its label, prediction or score, count columns, group
//! attributes and intersections, and its validation into [`DataSpec`] (also built by quick mode).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::map::{MapSection, MapSpec};
use super::{SamplingSpec, spurious};
use crate::error::{Error, Result};

/// `[data]`: the scored file and its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// The scored CSV file, relative to the model folder.
    pub file: String,
    /// What one row stands for (a house, a grid cell in a week, a resident).
    #[serde(default)]
    pub row_unit: Option<String>,
    /// The observed outcome column: 0/1 or true/false; an empty cell means "not observed". Leave it
    /// (and the prediction) out for data without a model's decisions, such as a reporting channel:
    /// then only the sampling and spurious audits run.
    #[serde(default)]
    pub label: Option<String>,
    /// A 0/1 prediction column (give this, or `score` with `threshold`).
    #[serde(default)]
    pub prediction: Option<String>,
    /// A numeric score column; rows with `score >= threshold` are predicted positive.
    #[serde(default)]
    pub score: Option<String>,
    /// The decision threshold for `score`.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Count predictions: the observed count column (e.g. recorded incidents per cell-week).
    #[serde(default)]
    pub count: Option<String>,
    /// Count predictions: the predicted count column (same unit as `count`, ≥ 0).
    #[serde(default)]
    pub predicted_count: Option<String>,
    /// The attributes the audit splits by.
    pub groups: Vec<GroupSection>,
    /// Intersectional groups: combinations of two or more of the group columns.
    #[serde(default)]
    pub intersections: Vec<IntersectionSection>,
    /// Where each row's grid cell lies, for the public page's map.
    #[serde(default)]
    pub map: Option<MapSection>,
    /// Columns that hold codes written as numbers (a postcode, a neighbourhood code): read as
    /// categories by every audit, never as quantities.
    #[serde(default)]
    pub categorical: Vec<String>,
    /// Columns read as numbers even where they look like codes (see [`ColumnKinds`]).
    #[serde(default)]
    pub numeric: Vec<String>,
}

/// How columns that hold numbers are read: as quantities, or as codes (categories). Declared in the
/// manifest (`[data] categorical = [...]`, `numeric = [...]`) or on the command line
/// (`--categorical COL`, `--numeric COL`); a column declared in neither is a code when it looks like
/// one (see `audit::spurious::features::code_like`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnKinds {
    pub categorical: Vec<String>,
    pub numeric: Vec<String>,
}

impl ColumnKinds {
    /// Checks that no name is empty, repeated, or in both lists.
    pub fn validate(self, origin: &Path) -> Result<Self> {
        for (field, list) in [
            ("data.categorical", &self.categorical),
            ("data.numeric", &self.numeric),
        ] {
            for (i, name) in list.iter().enumerate() {
                if name.trim().is_empty() || list[..i].contains(name) {
                    return Err(Error::field(
                        origin,
                        format!("{field}[{i}]"),
                        format!("`{name}` is empty or appears twice"),
                    ));
                }
            }
        }
        if let Some(both) = self.categorical.iter().find(|c| self.numeric.contains(c)) {
            return Err(Error::field(
                origin,
                "data.numeric",
                format!("`{both}` is also in data.categorical; a column is one or the other"),
            ));
        }
        Ok(self)
    }
}

/// One `[[data.intersections]]` entry: e.g. `columns = ["neighbourhood", "owner_type"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntersectionSection {
    /// Two or more columns of `[[data.groups]]`.
    pub columns: Vec<String>,
    /// A named reference, its parts joined by ` × ` in the order of `columns`.
    #[serde(default)]
    pub reference: Option<String>,
    /// `largest` (default) or `best-off`, when no `reference` is named.
    #[serde(default)]
    pub reference_rule: Option<String>,
}

/// One `[[data.groups]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSection {
    /// The column holding the group of each row.
    pub column: String,
    /// The reference group that others are compared with; the largest group when left out.
    #[serde(default)]
    pub reference: Option<String>,
    /// `largest` (default) or `best-off`, when no `reference` is named.
    #[serde(default)]
    pub reference_rule: Option<String>,
}

/// How a row's predicted class is found.
#[derive(Debug, Clone, PartialEq)]
pub enum PredictionSpec {
    /// A 0/1 column.
    Column(String),
    /// `score >= threshold` on a numeric column.
    Score { column: String, threshold: f64 },
}

impl PredictionSpec {
    /// The column the prediction is read from.
    pub fn column(&self) -> &str {
        match self {
            PredictionSpec::Column(c) => c,
            PredictionSpec::Score { column, .. } => column,
        }
    }
}

/// Which group of an attribute the others are compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceGroup {
    /// A named group.
    Named(String),
    /// The group with the most rows (ties: the first in sorted order).
    Largest,
    /// The group best off on the policy's first judged metric that has a direction (lowest FNR,
    /// FPR, FDR or FOR; highest TPR, TNR, PPV, NPV or accuracy), among groups whose rate rests on at
    /// least `min_group_size` rows. A data-driven choice: ratios to it lean away from 1.
    BestOff,
}

impl ReferenceGroup {
    /// From the manifest's `reference` and `reference_rule` fields (or the command line).
    pub fn from_parts(
        named: Option<&str>,
        rule: Option<&str>,
        origin: &Path,
        field: &str,
    ) -> Result<Self> {
        match (named, rule) {
            (Some(name), None) => Ok(ReferenceGroup::Named(name.to_string())),
            (None, None | Some("largest")) => Ok(ReferenceGroup::Largest),
            (None, Some("best-off")) => Ok(ReferenceGroup::BestOff),
            (None, Some(other)) => Err(Error::field(
                origin,
                format!("{field}.reference_rule"),
                format!("`{other}` is not `largest` or `best-off`"),
            )),
            (Some(_), Some(_)) => Err(Error::field(
                origin,
                format!("{field}.reference_rule"),
                "give `reference` (a named group) or `reference_rule`, not both",
            )),
        }
    }
}

/// A validated intersection of two or more group columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntersectionSpec {
    pub columns: Vec<String>,
    pub reference: ReferenceGroup,
}

/// Count predictions: the observed and the predicted count column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountSpec {
    pub observed: String,
    pub predicted: String,
}

/// Joins the parts of an intersectional group or attribute name.
pub const INTERSECTION_SEPARATOR: &str = " × ";

/// A validated group attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSpec {
    pub column: String,
    pub reference: ReferenceGroup,
}

/// A validated description of a scored file: what the loader and the audits work from.
/// Built from a manifest or from the quick-mode command line.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSpec {
    /// Where this description came from (the manifest file, or `<command line>`), for error messages.
    pub origin: PathBuf,
    pub file: PathBuf,
    /// The 0/1 outcome column; `None` for data without labels (no subgroup audit).
    pub label: Option<String>,
    /// How a row's predicted class is found; `None` for data without a model's decisions (no
    /// subgroup audit).
    pub prediction: Option<PredictionSpec>,
    pub groups: Vec<GroupSpec>,
    pub intersections: Vec<IntersectionSpec>,
    pub count: Option<CountSpec>,
    /// What the sampling audit compares the data with (empty in quick mode unless given).
    pub sampling: SamplingSpec,
    /// What the spurious-correlation audit tests (defaults in quick mode).
    pub spurious: spurious::SpuriousSpec,
    /// Where each row's grid cell lies (`[data.map]`; none in quick mode).
    pub map: Option<MapSpec>,
    /// Columns declared as codes or as numbers.
    pub kinds: ColumnKinds,
}

impl DataSpec {
    /// `(role, column)` of the outcome and the model's output: label, prediction (or score) and the
    /// count columns. These are never input features.
    pub fn output_columns(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(label) = &self.label {
            out.push(("label", label.as_str()));
        }
        if let Some(p) = &self.prediction {
            out.push(("prediction", p.column()));
        }
        if let Some(c) = &self.count {
            out.push(("count", c.observed.as_str()));
            out.push(("predicted_count", c.predicted.as_str()));
        }
        out
    }

    /// Whether the data carry a model's decisions and their outcomes, so that the subgroup audit of
    /// error rates can run.
    pub fn has_decisions(&self) -> bool {
        self.label.is_some() && self.prediction.is_some()
    }

    /// Checks the column roles: a prediction source, at least one group, no column in two roles.
    pub fn validate(self) -> Result<Self> {
        let origin = self.origin.as_path();
        if self.prediction.is_some() && self.label.is_none() {
            return Err(Error::field(
                origin,
                "data.label",
                "a prediction needs the observed outcome it is judged against",
            ));
        }
        let needs_groups = self.has_decisions()
            || self.sampling.reporting.is_some()
            || self.sampling.population.is_some();
        if self.groups.is_empty() && needs_groups {
            return Err(Error::field(
                origin,
                "data.groups",
                "name at least one group column",
            ));
        }
        if let Some(PredictionSpec::Score { threshold, .. }) = &self.prediction
            && !threshold.is_finite()
        {
            return Err(Error::field(
                origin,
                "data.threshold",
                format!("must be a finite number, got {threshold}"),
            ));
        }
        let mut seen: Vec<(&str, &str)> = self.output_columns();
        seen.retain(|(role, _)| *role == "label" || *role == "prediction");
        for g in &self.groups {
            seen.push(("group", &g.column));
        }
        if let Some(c) = &self.count {
            seen.push(("count", &c.observed));
            seen.push(("predicted_count", &c.predicted));
        }
        for (i, (role, col)) in seen.iter().enumerate() {
            if col.trim().is_empty() {
                return Err(Error::field(
                    origin,
                    format!("data.{role}"),
                    "column name is empty",
                ));
            }
            if let Some((other, _)) = seen[..i].iter().find(|(_, c)| c == col) {
                return Err(Error::field(
                    origin,
                    format!("data.{role}"),
                    format!("column `{col}` is already used as the {other} column"),
                ));
            }
        }
        for (i, x) in self.intersections.iter().enumerate() {
            let field = format!("data.intersections[{i}].columns");
            if x.columns.len() < 2 {
                return Err(Error::field(
                    origin,
                    field,
                    "an intersection combines at least two group columns",
                ));
            }
            for (j, col) in x.columns.iter().enumerate() {
                if !self.groups.iter().any(|g| &g.column == col) {
                    return Err(Error::field(
                        origin,
                        field,
                        format!("`{col}` is not one of the group columns"),
                    ));
                }
                if x.columns[..j].contains(col) {
                    return Err(Error::field(
                        origin,
                        field,
                        format!("`{col}` appears twice"),
                    ));
                }
            }
        }
        Ok(self)
    }
}

pub(super) fn data_spec(d: &DataSection, dir: &Path, p: &Path) -> Result<DataSpec> {
    let prediction = match (&d.prediction, &d.score, d.threshold) {
        (Some(col), None, None) => Some(PredictionSpec::Column(col.clone())),
        (None, Some(col), Some(t)) => Some(PredictionSpec::Score {
            column: col.clone(),
            threshold: t,
        }),
        (None, Some(_), None) => {
            return Err(Error::field(
                p,
                "data.threshold",
                "required when `score` is given",
            ));
        }
        (None, None, None) => None,
        (None, None, Some(_)) => {
            return Err(Error::field(
                p,
                "data.threshold",
                "goes with `score`; give `score` too, or leave `threshold` out",
            ));
        }
        (Some(_), _, _) => {
            return Err(Error::field(
                p,
                "data.prediction",
                "give either `prediction` or `score`, not both",
            ));
        }
    };
    let file = inside_model_folder(&d.file, dir, p, "data.file")?;
    let count = match (&d.count, &d.predicted_count) {
        (Some(observed), Some(predicted)) => Some(CountSpec {
            observed: observed.clone(),
            predicted: predicted.clone(),
        }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(Error::field(
                p,
                "data.predicted_count",
                "required when `count` is given",
            ));
        }
        (None, Some(_)) => {
            return Err(Error::field(
                p,
                "data.count",
                "required when `predicted_count` is given",
            ));
        }
    };
    let groups = d
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            Ok(GroupSpec {
                column: g.column.clone(),
                reference: ReferenceGroup::from_parts(
                    g.reference.as_deref(),
                    g.reference_rule.as_deref(),
                    p,
                    &format!("data.groups[{i}]"),
                )?,
            })
        })
        .collect::<Result<_>>()?;
    let intersections = d
        .intersections
        .iter()
        .enumerate()
        .map(|(i, x)| {
            Ok(IntersectionSpec {
                columns: x.columns.clone(),
                reference: ReferenceGroup::from_parts(
                    x.reference.as_deref(),
                    x.reference_rule.as_deref(),
                    p,
                    &format!("data.intersections[{i}]"),
                )?,
            })
        })
        .collect::<Result<_>>()?;
    let mut spec = DataSpec {
        origin: p.to_path_buf(),
        file,
        label: d.label.clone(),
        prediction,
        groups,
        intersections,
        count,
        sampling: SamplingSpec::default(),
        spurious: spurious::SpuriousSpec::default(),
        map: None,
        kinds: ColumnKinds {
            categorical: d.categorical.clone(),
            numeric: d.numeric.clone(),
        }
        .validate(p)?,
    }
    .validate()?;
    spec.map = d
        .map
        .as_ref()
        .map(|m| super::map::validate(m, &spec, p))
        .transpose()?;
    Ok(spec)
}

/// A file named by the manifest, resolved against the model folder; it must stay inside that folder.
pub(crate) fn inside_model_folder(
    name: &str,
    dir: &Path,
    p: &Path,
    field: &str,
) -> Result<PathBuf> {
    let file = Path::new(name);
    if name.trim().is_empty()
        || file.is_absolute()
        || file
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(Error::field(
            p,
            field,
            format!("`{name}` must be a path inside the model folder"),
        ));
    }
    Ok(dir.join(file))
}
