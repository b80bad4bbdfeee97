//! Which rows a model learns from and which are held out: a seeded random share, whole groups of a
//! column drawn at random, or the latest periods of a time column. Pure and deterministic: the same
//! table, spec and seed give the same split.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::manifest::model::SplitSpec;
use crate::reference::RawTable;

/// The split: `test[i]` is true for a held-out row; `test_values` are the held-out groups or periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub test: Vec<bool>,
    pub test_values: Vec<String>,
}

/// Values of a time column in time order: numbers numerically, else as text (2025-03, 2025-W09).
pub(crate) fn time_order(values: &mut [String]) {
    let numeric: Option<Vec<f64>> = values
        .iter()
        .map(|v| v.trim().parse::<f64>().ok())
        .collect();
    if numeric.is_some() {
        values.sort_by(|a, b| {
            let (x, y) = (
                a.trim().parse::<f64>().unwrap_or(0.0),
                b.trim().parse::<f64>().unwrap_or(0.0),
            );
            x.total_cmp(&y)
        });
    } else {
        values.sort();
    }
}

/// Splits the rows of `table`.
pub fn split(
    table: &RawTable,
    spec: &SplitSpec,
    seed: u64,
    origin: &std::path::Path,
) -> Result<Split> {
    let n = table.rows;
    if n < 2 {
        return Err(Error::field(
            origin,
            "model.split",
            format!(
                "{} has {n} data row(s); a split needs at least two",
                table.path.display()
            ),
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (share, column) = match spec {
        SplitSpec::Random { test_share } => {
            let mut order: Vec<usize> = (0..n).collect();
            order.shuffle(&mut rng);
            let k = ((test_share * n as f64).round() as usize).clamp(1, n.saturating_sub(1));
            let mut test = vec![false; n];
            for &i in &order[..k] {
                test[i] = true;
            }
            return Ok(Split {
                test,
                test_values: Vec::new(),
            });
        }
        SplitSpec::Group { column, test_share } | SplitSpec::Time { column, test_share } => {
            (*test_share, column)
        }
    };
    let cells = table.require(column, "split column")?;
    if let Some(i) = cells.iter().position(|c| c.trim().is_empty()) {
        return Err(Error::BadValue {
            path: table.path.clone(),
            line: i as u64 + 2,
            column: column.clone(),
            value: String::new(),
            reason: "the split column must be filled in on every row".into(),
        });
    }
    let mut values: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    values.sort();
    values.dedup();
    if values.len() < 2 {
        return Err(Error::field(
            origin,
            "model.split.column",
            format!("`{column}` has one value; a split needs at least two"),
        ));
    }
    let count = |v: &str| cells.iter().filter(|c| c.trim() == v).count();
    let ordered: Vec<String> = match spec {
        SplitSpec::Time { .. } => {
            let mut v = values.clone();
            time_order(&mut v);
            v.reverse();
            v
        }
        _ => {
            let mut v = values.clone();
            v.shuffle(&mut rng);
            v
        }
    };
    let target = share * n as f64;
    let mut held = Vec::new();
    let mut rows = 0usize;
    for v in &ordered[..ordered.len() - 1] {
        if rows as f64 >= target {
            break;
        }
        rows += count(v);
        held.push(v.clone());
    }
    held.sort();
    let test = cells
        .iter()
        .map(|c| held.binary_search(&c.trim().to_string()).is_ok())
        .collect();
    if matches!(spec, SplitSpec::Time { .. }) {
        time_order(&mut held);
    }
    Ok(Split {
        test,
        test_values: held,
    })
}
