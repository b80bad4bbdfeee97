//! The record's map section (`[data.map]`): per grid cell of the audited rows, where it lies, which
//! area it belongs to, and what the model and the data say about it — the sums behind the public
//! page's map.

use serde::{Deserialize, Serialize};

/// Every cell of the audited rows, sorted by cell id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapSection {
    /// The columns the cells come from.
    pub cell_column: String,
    pub x_column: String,
    pub y_column: String,
    pub area_column: String,
    /// The observed and the predicted count column that `recorded` and `predicted` sum.
    pub count_column: String,
    pub predicted_count_column: String,
    pub cells: Vec<MapCell>,
}

/// One grid cell: its place, its area, and sums over its rows (one row per cell and period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapCell {
    pub cell: String,
    /// Grid column (growing eastward) and row (growing northward).
    pub x: i64,
    pub y: i64,
    /// The area of most of the cell's rows (ties: the first in sorted order).
    pub area: String,
    pub rows: u64,
    /// Sum of the observed count column.
    pub recorded: f64,
    /// Sum of the predicted count column.
    pub predicted: f64,
    /// Rows the model flagged (predicted positive).
    pub flagged: u64,
    /// Rows with a known outcome, and those of them with label 1.
    pub labelled: u64,
    pub positives: u64,
}
