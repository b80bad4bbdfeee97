//! The manifest's `[spurious]` table: which columns the spurious-correlation audit tests, the time
//! column, the protected attributes and the model's inputs, and its validation into [`SpuriousSpec`].
//!
//! ```toml
//! [spurious]
//! features = ["build_year", "soil"]  # default: every column without another role, except `exclude`
//! exclude = ["house_id"]             # columns never tested (ids you know about, bookkeeping columns)
//! time = "inspection_year"           # numbers, or text that sorts in time order (2025-03, 2025-W09)
//! protected = ["owner_type"]         # attributes proxies are sought for; default: the group columns
//! inputs = ["build_year", "soil"]    # the columns the model uses; a strong proxy among them is a finding
//! outcome = "divorce_rate"           # default: a count model's observed count, else the label
//! ```
//!
//! Every table is optional: without it the audit tests every other column of the data file.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DataSpec;
use crate::error::{Error, Result};

/// `[spurious]` as written in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpuriousSection {
    #[serde(default)]
    pub features: Option<Vec<String>>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub protected: Option<Vec<String>>,
    #[serde(default)]
    pub inputs: Option<Vec<String>>,
    #[serde(default)]
    pub outcome: Option<String>,
}

/// The validated `[spurious]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpuriousSpec {
    /// `None`: every column of the data file without another role, except `exclude`.
    pub features: Option<Vec<String>>,
    pub exclude: Vec<String>,
    pub time: Option<String>,
    /// `None`: the group columns.
    pub protected: Option<Vec<String>>,
    /// `None`: the manifest does not say which columns the model uses.
    pub inputs: Option<Vec<String>>,
    /// The outcome every column is tested against; `None`: a count model's observed count, else the
    /// label (see `audit::spurious::target`).
    pub outcome: Option<String>,
}

impl SpuriousSpec {
    /// The attributes proxies are sought for: `protected`, or else every group column.
    pub fn protected_attributes(&self, data: &DataSpec) -> Vec<String> {
        match &self.protected {
            Some(p) => p.clone(),
            None => data.groups.iter().map(|g| g.column.clone()).collect(),
        }
    }
}

fn names(p: &Path, field: &str, list: &[String], allow_empty: bool) -> Result<()> {
    if list.is_empty() && !allow_empty {
        return Err(Error::field(
            p,
            field,
            "name at least one column, or leave the field out",
        ));
    }
    if let Some((i, f)) = list
        .iter()
        .enumerate()
        .find(|(i, f)| f.trim().is_empty() || list[..*i].contains(f))
    {
        return Err(Error::field(
            p,
            format!("{field}[{i}]"),
            format!("`{f}` is empty or appears twice"),
        ));
    }
    Ok(())
}

/// Checks `[spurious]` against the validated `[data]` table (`p` is the manifest, for messages).
/// Column names are checked against the data file's header when it is read.
pub(super) fn validate(s: &SpuriousSection, data: &DataSpec, p: &Path) -> Result<SpuriousSpec> {
    if let Some(f) = &s.features {
        names(p, "spurious.features", f, false)?;
    }
    names(p, "spurious.exclude", &s.exclude, true)?;
    if let Some(list) = &s.protected {
        names(p, "spurious.protected", list, false)?;
    }
    if let Some(list) = &s.inputs {
        names(p, "spurious.inputs", list, true)?;
    }
    let roles = data.output_columns();
    if let Some(t) = &s.time {
        if t.trim().is_empty() {
            return Err(Error::field(p, "spurious.time", "column name is empty"));
        }
        if let Some((role, _)) = roles.iter().find(|(_, c)| c == t) {
            return Err(Error::field(
                p,
                "spurious.time",
                format!("`{t}` is already the {role} column"),
            ));
        }
    }
    for (field, list) in [
        ("spurious.features", s.features.as_deref().unwrap_or(&[])),
        ("spurious.inputs", s.inputs.as_deref().unwrap_or(&[])),
    ] {
        for (i, f) in list.iter().enumerate() {
            if let Some((role, _)) = roles.iter().find(|(_, c)| c == f) {
                return Err(Error::field(
                    p,
                    format!("{field}[{i}]"),
                    format!("`{f}` is the {role} column, not an input"),
                ));
            }
            if s.time.as_ref() == Some(f) {
                return Err(Error::field(
                    p,
                    format!("{field}[{i}]"),
                    format!("`{f}` is the time column (spurious.time)"),
                ));
            }
        }
    }
    if let Some(o) = &s.outcome {
        if o.trim().is_empty() {
            return Err(Error::field(p, "spurious.outcome", "column name is empty"));
        }
        if s.time.as_ref() == Some(o) {
            return Err(Error::field(
                p,
                "spurious.outcome",
                format!("`{o}` is the time column (spurious.time)"),
            ));
        }
    }
    Ok(SpuriousSpec {
        features: s.features.clone(),
        exclude: s.exclude.clone(),
        time: s.time.clone(),
        protected: s.protected.clone(),
        inputs: s.inputs.clone(),
        outcome: s.outcome.clone(),
    })
}
