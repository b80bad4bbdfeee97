//! The outcome the spurious audit tests every column against: the 0/1 label, a count (a count
//! model's observed count: recorded incidents are judged as counts, not cut at a threshold), or any
//! numeric column the manifest (`[spurious] outcome`) or command line (`--outcome`) names, such as a
//! series of divorce rates.
//!
//! Which one: the named outcome; else a count model's observed count; else the label. A named column
//! that is the label is the 0/1 label; otherwise every non-empty cell must be a finite number (an
//! empty cell is a row without an outcome), and it is a count when every value is a whole number of
//! at least 0, else continuous.

use crate::data::ScoredData;
use crate::error::{Error, Result};
use crate::manifest::DataSpec;
use crate::record::spurious::TargetKind;
use crate::reference::RawTable;

/// The outcome's values, one per data row (`None` where it is not observed).
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Binary(Vec<Option<bool>>),
    Numeric(Vec<Option<f64>>),
}

/// The spurious audit's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub column: String,
    pub kind: TargetKind,
    pub values: Values,
}

impl Target {
    /// The outcome as numbers (a 0/1 label as 0 and 1).
    pub fn number(&self, row: usize) -> Option<f64> {
        match &self.values {
            Values::Binary(v) => v[row].map(|b| f64::from(u8::from(b))),
            Values::Numeric(v) => v[row],
        }
    }

    /// Rows with an observed outcome.
    pub fn observed(&self) -> usize {
        match &self.values {
            Values::Binary(v) => v.iter().filter(|x| x.is_some()).count(),
            Values::Numeric(v) => v.iter().filter(|x| x.is_some()).count(),
        }
    }

    /// The 0/1 labels, when the outcome is binary.
    pub fn labels(&self) -> Option<&[Option<bool>]> {
        match &self.values {
            Values::Binary(v) => Some(v),
            Values::Numeric(_) => None,
        }
    }
}

/// The outcome of `spec` (see the module text), or `None` when the data have none to test against.
pub fn resolve(spec: &DataSpec, data: &ScoredData, table: &RawTable) -> Result<Option<Target>> {
    let named = spec.spurious.outcome.as_deref();
    let label = spec.label.as_deref();
    if let Some(name) = named.filter(|n| Some(*n) != label) {
        let cells = table.require(name, "outcome column (spurious.outcome)")?;
        return numeric(name, cells, table).map(Some);
    }
    if named.is_none()
        && let Some(c) = &spec.count
        && let Some(counts) = &data.counts
    {
        return Ok(Some(Target {
            column: c.observed.clone(),
            kind: TargetKind::Count,
            values: Values::Numeric(counts.observed.iter().map(|&v| Some(v)).collect()),
        }));
    }
    Ok(label.map(|l| Target {
        column: l.to_string(),
        kind: TargetKind::Binary,
        values: Values::Binary(data.labels.clone()),
    }))
}

/// A named numeric outcome column: an error naming the file, line and value when a cell is not a
/// finite number.
fn numeric(name: &str, cells: &[String], table: &RawTable) -> Result<Target> {
    let mut values = Vec::with_capacity(cells.len());
    for (i, cell) in cells.iter().enumerate() {
        let c = cell.trim();
        if c.is_empty() {
            values.push(None);
            continue;
        }
        match crate::numbers::parse_f64(c).filter(|x| x.is_finite()) {
            Some(x) => values.push(Some(x)),
            None => {
                return Err(Error::BadValue {
                    path: table.path.clone(),
                    line: table.line_of_row(i),
                    column: name.to_string(),
                    value: c.to_string(),
                    reason:
                        "the outcome must be a finite number (or empty where it is not observed)"
                            .into(),
                });
            }
        }
    }
    let count = values
        .iter()
        .flatten()
        .all(|x| *x >= 0.0 && x.fract() == 0.0);
    Ok(Target {
        column: name.to_string(),
        kind: if count {
            TargetKind::Count
        } else {
            TargetKind::Continuous
        },
        values: Values::Numeric(values),
    })
}
