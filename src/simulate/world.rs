//! The simulated city, built from a hotspot model's data: its cells, their area (the one of their latest
//! period), their static features,
//! their recorded history, and their true incident rate `λ_c = mean recorded count / reporting rate of
//! the cell's area` (a reporting rate is clamped to [0.05, 1]: an estimate above 1 means no under-reporting).

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::manifest::model::{FeedbackSpec, SplitSpec, TrainSpec};
use crate::reference::RawTable;
use crate::train::split::time_order;

/// One grid cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub id: String,
    pub area: usize,
    /// Recorded counts per period, in time order (the data's history).
    pub recorded: Vec<f64>,
    /// Each model feature's value at the cell's last period (lag features are recomputed).
    pub features_last: Vec<f64>,
    /// Feature rows of the data, per period: for the first retraining window.
    pub feature_rows: Vec<Vec<f64>>,
    /// The true incident rate per period.
    pub lambda: f64,
}

/// The city.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    pub areas: Vec<String>,
    pub reporting: Vec<f64>,
    pub cells: Vec<Cell>,
    pub periods: usize,
    /// For each model feature: `Some(k)` when it is the mean of the last k recorded counts.
    pub lags: Vec<Option<usize>>,
}

fn bad(table: &RawTable, column: &str, row: usize, value: &str, reason: &str) -> Error {
    Error::BadValue {
        path: table.path.clone(),
        line: row as u64 + 2,
        column: column.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

fn column<'a>(table: &'a RawTable, name: &str, role: &'static str) -> Result<&'a [String]> {
    table.require(name, role)
}

/// Builds the world. `reporting` maps an area to its reporting rate; areas it lacks get `fb.reporting`.
pub fn build(
    table: &RawTable,
    train: &TrainSpec,
    fb: &FeedbackSpec,
    reporting: &BTreeMap<String, f64>,
    origin: &Path,
) -> Result<World> {
    let SplitSpec::Time { column: time, .. } = &train.split else {
        return Err(Error::field(
            origin,
            "model.feedback",
            "the simulation needs a time split",
        ));
    };
    let times = column(table, time, "time column")?;
    let cell_ids = column(table, &fb.cell, "cell column")?;
    let area_cells = column(table, &fb.area, "area column")?;
    let target = column(table, &train.target, "model target")?;
    let mut periods: Vec<String> = times.iter().map(|t| t.trim().to_string()).collect();
    periods.sort();
    periods.dedup();
    time_order(&mut periods);
    let period_of: BTreeMap<&str, usize> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let lags: Vec<Option<usize>> = train
        .features
        .iter()
        .map(|f| fb.lags.iter().find(|(n, _)| n == f).map(|(_, k)| *k))
        .collect();
    let feature_cols: Vec<&[String]> = train
        .features
        .iter()
        .map(|f| column(table, f, "model feature"))
        .collect::<Result<_>>()?;
    let mut areas: Vec<String> = area_cells.iter().map(|a| a.trim().to_string()).collect();
    areas.sort();
    areas.dedup();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut cells: Vec<Cell> = Vec::new();
    let n_periods = periods.len();
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for i in 0..table.rows {
        let id = cell_ids[i].trim();
        let area = areas
            .binary_search(&area_cells[i].trim().to_string())
            .expect("every area is listed");
        let c = *index.entry(id.to_string()).or_insert_with(|| {
            cells.push(Cell {
                id: id.to_string(),
                area,
                recorded: vec![0.0; n_periods],
                features_last: vec![0.0; train.features.len()],
                feature_rows: vec![Vec::new(); n_periods],
                lambda: 0.0,
            });
            seen.push(vec![false; n_periods]);
            cells.len() - 1
        });
        let t = period_of[times[i].trim()];
        // A cell whose area changes over the periods belongs to the area of its latest period.
        if t + 1 == n_periods {
            cells[c].area = area;
        }
        if seen[c][t] {
            return Err(bad(
                table,
                time,
                i,
                &times[i],
                "the cell has two rows for this period",
            ));
        }
        seen[c][t] = true;
        let y = target[i]
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                bad(
                    table,
                    &train.target,
                    i,
                    &target[i],
                    "a count must be a number ≥ 0",
                )
            })?;
        cells[c].recorded[t] = y;
        let mut row = Vec::with_capacity(feature_cols.len());
        for (f, col) in train.features.iter().zip(&feature_cols) {
            let v = col[i]
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    bad(
                        table,
                        f,
                        i,
                        &col[i],
                        "the simulation needs numeric model features",
                    )
                })?;
            row.push(v);
        }
        if t == n_periods - 1 {
            cells[c].features_last = row.clone();
        }
        cells[c].feature_rows[t] = row;
    }
    if let Some((c, _)) = seen.iter().enumerate().find(|(_, s)| s.iter().any(|v| !v)) {
        return Err(Error::field(
            origin,
            "model.feedback.cell",
            format!(
                "cell `{}` lacks a row for some period; the simulation needs every cell in every period",
                cells[c].id
            ),
        ));
    }
    let rates: Vec<f64> = areas
        .iter()
        .map(|a| {
            reporting
                .get(a)
                .copied()
                .unwrap_or(fb.reporting)
                .clamp(0.05, 1.0)
        })
        .collect();
    for cell in &mut cells {
        let mean = cell.recorded.iter().sum::<f64>() / n_periods as f64;
        cell.lambda = mean / rates[cell.area];
    }
    Ok(World {
        areas,
        reporting: rates,
        cells,
        periods: n_periods,
        lags,
    })
}
