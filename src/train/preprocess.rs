//! The documented preprocessing step, saved with the model: numeric features standardised with the
//! training rows' mean and standard deviation (only for the penalised linear models, whose penalty
//! depends on the scale), categorical features one-hot encoded with their first level (in sorted order)
//! as the reference. Every cell must be filled in; an empty or unreadable cell is an error naming the
//! file, line and column.

use ndarray::Array2;

use crate::error::{Error, Result};
use crate::record::trained::FeatureStep;
use crate::reference::RawTable;

/// The cells of `column` in `table`, or a missing-column error.
fn cells<'a>(table: &'a RawTable, column: &str) -> Result<&'a [String]> {
    table.require(column, "model feature")
}

fn empty_cell(table: &RawTable, column: &str, row: usize) -> Error {
    Error::BadValue {
        path: table.path.clone(),
        line: row as u64 + 2,
        column: column.to_string(),
        value: String::new(),
        reason: "a model feature must be filled in on every row".into(),
    }
}

/// Fits the preprocessing on the training rows `rows`.
pub fn fit(
    table: &RawTable,
    features: &[String],
    categorical: Option<&[String]>,
    rows: &[usize],
    scale: bool,
) -> Result<Vec<FeatureStep>> {
    let mut steps = Vec::with_capacity(features.len());
    for f in features {
        let col = cells(table, f)?;
        if let Some(&i) = rows.iter().find(|&&i| col[i].trim().is_empty()) {
            return Err(empty_cell(table, f, i));
        }
        let numeric = match categorical {
            Some(list) => !list.contains(f),
            None => col
                .iter()
                .all(|c| c.trim().is_empty() || c.trim().parse::<f64>().is_ok_and(f64::is_finite)),
        };
        if !numeric {
            let mut levels: Vec<String> = rows.iter().map(|&i| col[i].trim().to_string()).collect();
            levels.sort();
            levels.dedup();
            steps.push(FeatureStep::Categorical {
                column: f.clone(),
                levels,
            });
            continue;
        }
        let mut values = Vec::with_capacity(rows.len());
        for &i in rows {
            values.push(number(table, f, col, i)?);
        }
        let (center, scale_by) = if scale {
            let n = values.len() as f64;
            let mean = values.iter().sum::<f64>() / n;
            let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
            if sd.is_nan() || sd <= 0.0 {
                return Err(Error::BadValue {
                    path: table.path.clone(),
                    line: rows.first().map_or(2, |&i| i as u64 + 2),
                    column: f.clone(),
                    value: col[rows[0]].clone(),
                    reason: "the feature has one value on every training row; leave it out".into(),
                });
            }
            (mean, sd)
        } else {
            (0.0, 1.0)
        };
        steps.push(FeatureStep::Numeric {
            column: f.clone(),
            center,
            scale: scale_by,
        });
    }
    Ok(steps)
}

fn number(table: &RawTable, column: &str, col: &[String], i: usize) -> Result<f64> {
    let cell = col[i].trim();
    if cell.is_empty() {
        return Err(empty_cell(table, column, i));
    }
    cell.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| Error::BadValue {
            path: table.path.clone(),
            line: i as u64 + 2,
            column: column.to_string(),
            value: col[i].clone(),
            reason: "a numeric model feature must be a number (list the column under `categorical` if it is not)".into(),
        })
}

/// The design columns' names, in order: a numeric feature's name, `feature=level` for each level after
/// the first of a categorical one.
pub fn column_names(steps: &[FeatureStep]) -> Vec<String> {
    let mut out = Vec::new();
    for s in steps {
        match s {
            FeatureStep::Numeric { column, .. } => out.push(column.clone()),
            FeatureStep::Categorical { column, levels } => {
                out.extend(levels.iter().skip(1).map(|l| format!("{column}={l}")))
            }
        }
    }
    out
}

/// The design matrix of `rows` (one row per entry, in that order).
pub fn design(table: &RawTable, steps: &[FeatureStep], rows: &[usize]) -> Result<Array2<f64>> {
    let width = column_names(steps).len();
    let mut x = Array2::<f64>::zeros((rows.len(), width));
    let mut at = 0;
    for s in steps {
        match s {
            FeatureStep::Numeric {
                column,
                center,
                scale,
            } => {
                let col = cells(table, column)?;
                for (r, &i) in rows.iter().enumerate() {
                    x[[r, at]] = (number(table, column, col, i)? - center) / scale;
                }
                at += 1;
            }
            FeatureStep::Categorical { column, levels } => {
                let col = cells(table, column)?;
                for (r, &i) in rows.iter().enumerate() {
                    let cell = col[i].trim();
                    if cell.is_empty() {
                        return Err(empty_cell(table, column, i));
                    }
                    if let Ok(k) = levels.binary_search_by(|l| l.as_str().cmp(cell))
                        && k > 0
                    {
                        x[[r, at + k - 1]] = 1.0;
                    }
                }
                at += levels.len().saturating_sub(1);
            }
        }
    }
    Ok(x)
}
