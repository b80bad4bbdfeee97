//! The map of a grid model (`[data.map]`): folds the audited rows into one entry per grid cell — its
//! place, its area, its rows, the recorded and predicted counts, the rows the model flagged and the
//! label positives. Pure: the scored file arrives as columns of text and as typed columns.

use std::collections::BTreeMap;

use crate::data::{MISSING_GROUP, ScoredData};
use crate::error::{Error, Result};
use crate::manifest::DataSpec;
use crate::record::map::{MapCell, MapSection};
use crate::reference::RawTable;

/// One cell while the rows are folded.
#[derive(Default)]
struct Fold {
    place: Option<(i64, i64, usize)>,
    areas: BTreeMap<String, u64>,
    rows: u64,
    recorded: f64,
    predicted: f64,
    flagged: u64,
    labelled: u64,
    positives: u64,
}

/// The map section for a spec with `[data.map]`, else `None`. `table` is the scored file as text and
/// `data` its typed columns (the same rows in the same order). Errors name the file, line and column
/// of a coordinate that is not an integer, a cell that moves, or two cells on one place.
pub fn cell_map(
    spec: &DataSpec,
    table: &RawTable,
    data: &ScoredData,
) -> Result<Option<MapSection>> {
    let Some(m) = &spec.map else {
        return Ok(None);
    };
    let (Some(count), Some(counts)) = (&spec.count, &data.counts) else {
        return Err(Error::field(
            &spec.origin,
            "data.map",
            "the map needs the count columns `data.count` and `data.predicted_count`",
        ));
    };
    if table.rows != data.rows() {
        return Err(Error::Reference {
            path: table.path.clone(),
            message: format!(
                "read as text it has {} rows, as scored data {}",
                table.rows,
                data.rows()
            ),
        });
    }
    let cells = table.require(&m.cell, "map's cell column")?;
    let xs = table.require(&m.x, "map's x column")?;
    let ys = table.require(&m.y, "map's y column")?;
    let areas = table.require(&m.area, "map's area column")?;
    let bad = |row: usize, column: &str, value: &str, reason: String| Error::BadValue {
        path: table.path.clone(),
        line: row as u64 + 2,
        column: column.to_string(),
        value: value.to_string(),
        reason,
    };
    let coordinate = |row: usize, column: &str, cells: &[String]| {
        let v = cells[row].trim();
        v.parse::<i64>().map_err(|_| {
            bad(
                row,
                column,
                v,
                "a grid coordinate must be a whole number".into(),
            )
        })
    };
    let mut fold: BTreeMap<&str, Fold> = BTreeMap::new();
    let mut places: BTreeMap<(i64, i64), &str> = BTreeMap::new();
    for row in 0..table.rows {
        let id = cells[row].trim();
        if id.is_empty() {
            return Err(bad(row, &m.cell, id, "the cell id is empty".into()));
        }
        let (x, y) = (coordinate(row, &m.x, xs)?, coordinate(row, &m.y, ys)?);
        let f = fold.entry(id).or_default();
        match f.place {
            Some((px, py, first)) if (px, py) != (x, y) => {
                return Err(bad(
                    row,
                    &m.x,
                    &format!("{x}, {y}"),
                    format!(
                        "cell `{id}` lies at ({px}, {py}) on line {}; a cell cannot move",
                        first + 2
                    ),
                ));
            }
            Some(_) => {}
            None => {
                if let Some(other) = places.insert((x, y), id) {
                    return Err(bad(
                        row,
                        &m.x,
                        &format!("{x}, {y}"),
                        format!("cells `{other}` and `{id}` both lie at ({x}, {y})"),
                    ));
                }
                f.place = Some((x, y, row));
            }
        }
        let area = match areas[row].trim() {
            "" => MISSING_GROUP,
            a => a,
        };
        *f.areas.entry(area.to_string()).or_default() += 1;
        f.rows += 1;
        f.recorded += counts.observed[row];
        f.predicted += counts.predicted[row];
        f.flagged += u64::from(data.predictions[row]);
        if let Some(label) = data.labels[row] {
            f.labelled += 1;
            f.positives += u64::from(label);
        }
    }
    let cells = fold
        .into_iter()
        .map(|(id, f)| {
            let (x, y, _) = f.place.expect("every folded cell has a place");
            MapCell {
                cell: id.to_string(),
                x,
                y,
                area: majority(&f.areas),
                rows: f.rows,
                recorded: f.recorded,
                predicted: f.predicted,
                flagged: f.flagged,
                labelled: f.labelled,
                positives: f.positives,
            }
        })
        .collect();
    Ok(Some(MapSection {
        cell_column: m.cell.clone(),
        x_column: m.x.clone(),
        y_column: m.y.clone(),
        area_column: m.area.clone(),
        count_column: count.observed.clone(),
        predicted_count_column: count.predicted.clone(),
        cells,
    }))
}

/// The area with the most rows; ties go to the first in sorted order.
fn majority(areas: &BTreeMap<String, u64>) -> String {
    let mut best: Option<(&String, u64)> = None;
    for (a, &n) in areas {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((a, n));
        }
    }
    best.map(|(a, _)| a.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_majority_area_wins_and_ties_go_to_the_first() {
        let areas: BTreeMap<String, u64> =
            [("Noord".to_string(), 2), ("Oost".to_string(), 3)].into();
        assert_eq!(majority(&areas), "Oost");
        let tie: BTreeMap<String, u64> = [("Noord".to_string(), 3), ("Oost".to_string(), 3)].into();
        assert_eq!(majority(&tie), "Noord");
    }
}
