//! The manifest's `[data.map]` table: which columns of the scored file place each row's grid cell on
//! a map (the cell id, its integer grid coordinates, the area it belongs to), and its validation into
//! [`MapSpec`]. The column names are checked against the data file's header when the audit reads it.
//!
//! ```toml
//! [data.map]
//! cell = "cell_id"        # the cell a row is about (one row per cell and period)
//! x = "x"                 # integer grid column, growing eastward
//! y = "y"                 # integer grid row, growing northward
//! area = "neighbourhood"  # the area a cell lies in (default: the first group column)
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DataSpec;
use crate::error::{Error, Result};

/// `[data.map]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapSection {
    pub cell: String,
    pub x: String,
    pub y: String,
    #[serde(default)]
    pub area: Option<String>,
}

/// The checked `[data.map]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSpec {
    pub cell: String,
    pub x: String,
    pub y: String,
    pub area: String,
}

/// Checks `[data.map]` against the validated `[data]` table (`p` is the manifest, for messages): four
/// distinct, non-empty column names, none of them the label, prediction or a count column, and the
/// count columns the map sums.
pub(super) fn validate(m: &MapSection, data: &DataSpec, p: &Path) -> Result<MapSpec> {
    if data.count.is_none() {
        return Err(Error::field(
            p,
            "data.map",
            "the map sums recorded and predicted counts per cell: give `data.count` and `data.predicted_count`",
        ));
    }
    let area = m
        .area
        .clone()
        .unwrap_or_else(|| data.groups[0].column.clone());
    let fields = [("cell", &m.cell), ("x", &m.x), ("y", &m.y), ("area", &area)];
    let roles = data.output_columns();
    for (i, (name, col)) in fields.iter().enumerate() {
        let field = format!("data.map.{name}");
        if col.trim().is_empty() {
            return Err(Error::field(p, field, "column name is empty"));
        }
        if let Some((other, _)) = fields[..i].iter().find(|(_, c)| c == col) {
            return Err(Error::field(
                p,
                field,
                format!("column `{col}` is already the map's {other} column"),
            ));
        }
        if let Some((role, _)) = roles.iter().find(|(_, c)| c == col) {
            return Err(Error::field(
                p,
                field,
                format!("column `{col}` is the {role} column"),
            ));
        }
    }
    Ok(MapSpec {
        cell: m.cell.clone(),
        x: m.x.clone(),
        y: m.y.clone(),
        area,
    })
}
