//! The sufficient statistics of the subgroup audit, per group of every attribute: confusion counts,
//! score tables and count tables ([`Folded`]). Built from rows in memory ([`from_rows`]), or from a
//! streamed file's per-cell folds ([`CellFold`], merged, then [`CellTables::into_folded`], in
//! `cells.rs`).
//!
//! A *cell* is one combination of every group column's value. Each row is folded into its cell once;
//! a group of a column, of an intersection or the whole file is a union of cells, so its tables are
//! merges of cell tables. Every statistic after this is a function of the tables, and every table
//! merge is exact (integer counts per distinct score or pair, and a score grid that does not depend on
//! chunking), so the streamed audit and the in-memory one give the same numbers.

use crate::audit::count::CountTable;
use crate::audit::groups;
use crate::audit::metric::ConfusionCounts;
use crate::audit::score::ScoreTable;
use crate::data::ScoredData;
use crate::error::Result;
use crate::manifest::{DataSpec, ReferenceGroup};

pub use crate::audit::cells::{CellFold, CellTables, FoldRow};

/// One attribute (a group column or an intersection) with its groups' tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouped {
    /// The column, or the columns joined by ` × `.
    pub name: String,
    pub columns: Vec<String>,
    /// Group names in sorted order (for an intersection: by the tuple of its parts' levels).
    pub levels: Vec<String>,
    pub reference: ReferenceGroup,
    /// Per level.
    pub counts: Vec<ConfusionCounts>,
    /// Per level, the labelled rows' scores (empty unless the prediction comes from a score).
    pub scores: Vec<ScoreTable>,
    /// Per level (empty unless the model predicts counts).
    pub count_tables: Vec<CountTable>,
}

/// Everything the subgroup audit reads from the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    pub attributes: Vec<Grouped>,
    /// All labelled rows' scores, when the prediction comes from a score.
    pub overall_scores: Option<ScoreTable>,
    /// Whether every score (labelled or not) lies in [0, 1].
    pub probabilities: bool,
    /// All rows' count pairs, when the model predicts counts.
    pub overall_counts: Option<CountTable>,
    pub rows: u64,
    pub labelled: u64,
    pub predicted_positive: u64,
}

impl Folded {
    /// One table list per attribute (`of` picks which: scores or count tables), in attribute order.
    pub fn per_attribute<'a, T>(&'a self, of: impl Fn(&'a Grouped) -> &'a Vec<T>) -> Vec<&'a [T]> {
        self.attributes.iter().map(|g| of(g).as_slice()).collect()
    }
}

/// Folds rows held in memory, group by group (the reference implementation the streamed fold is
/// tested against).
pub fn from_rows(data: &ScoredData, spec: &DataSpec) -> Result<Folded> {
    let attributes = groups::attributes(data, spec)?;
    let grouped = attributes
        .into_iter()
        .map(|a| {
            let k = a.levels.len();
            let mut counts = vec![ConfusionCounts::default(); k];
            for ((&code, &label), &predicted) in
                a.codes.iter().zip(&data.labels).zip(&data.predictions)
            {
                counts[code as usize].add(label, predicted);
            }
            let scores = match &data.scores {
                Some(scores) => {
                    let mut pairs: Vec<Vec<(f64, bool)>> = vec![Vec::new(); k];
                    for ((&code, label), &s) in a.codes.iter().zip(&data.labels).zip(scores) {
                        if let Some(y) = *label {
                            pairs[code as usize].push((s, y));
                        }
                    }
                    pairs.into_iter().map(ScoreTable::from_pairs).collect()
                }
                None => Vec::new(),
            };
            let count_tables = match &data.counts {
                Some(c) => {
                    let mut pairs: Vec<Vec<(f64, f64)>> = vec![Vec::new(); k];
                    for ((&code, &y), &mu) in a.codes.iter().zip(&c.observed).zip(&c.predicted) {
                        pairs[code as usize].push((y, mu));
                    }
                    pairs
                        .into_iter()
                        .map(|p| CountTable::from_pairs(p.into_iter()))
                        .collect()
                }
                None => Vec::new(),
            };
            Grouped {
                name: a.name,
                columns: a.columns,
                levels: a.levels,
                reference: a.reference,
                counts,
                scores,
                count_tables,
            }
        })
        .collect();
    let overall_scores = data.scores.as_ref().map(|scores| {
        ScoreTable::from_pairs(
            data.labels
                .iter()
                .zip(scores)
                .filter_map(|(l, &s)| l.map(|y| (s, y)))
                .collect(),
        )
    });
    let probabilities = data
        .scores
        .as_ref()
        .is_some_and(|s| s.iter().all(|s| (0.0..=1.0).contains(s)));
    let overall_counts = data.counts.as_ref().map(|c| {
        CountTable::from_pairs(c.observed.iter().copied().zip(c.predicted.iter().copied()))
    });
    Ok(Folded {
        attributes: grouped,
        overall_scores,
        probabilities,
        overall_counts,
        rows: data.rows() as u64,
        labelled: data.labels.iter().filter(|l| l.is_some()).count() as u64,
        predicted_positive: data.predictions.iter().filter(|&&p| p).count() as u64,
    })
}
