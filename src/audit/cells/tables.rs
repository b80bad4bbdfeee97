//! A worker's folded cells once finished ([`CellTables`]): merged across workers, and from them
//! every attribute's groups and the overall table ([`CellTables::into_folded`]).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::audit::count::CountTable;
use crate::audit::fold::{Folded, Grouped};
use crate::audit::metric::ConfusionCounts;
use crate::audit::score::ScoreTable;
use crate::manifest::{DataSpec, INTERSECTION_SEPARATOR, ReferenceGroup};

/// One cell's tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct CellTable {
    pub(super) confusion: ConfusionCounts,
    pub(super) scores: ScoreTable,
    pub(super) counts: CountTable,
}

impl CellTable {
    fn merge(&mut self, other: &CellTable) {
        self.confusion.merge(&other.confusion);
        self.scores.merge(&other.scores);
        self.counts.merge(&other.counts);
    }
}

/// The folded cells of one or more chunks: per group column its values (codes index them), and per
/// combination of codes that occurs, the cell's tables.
#[derive(Debug, Clone, Default)]
pub struct CellTables {
    pub(super) values: Vec<Vec<String>>,
    pub(super) cells: FxHashMap<Vec<u32>, CellTable>,
    pub(super) min_score: f64,
    pub(super) max_score: f64,
}

impl CellTables {
    /// Adds another chunk's cells (its codes are translated into this one's by value).
    pub fn merge(&mut self, other: CellTables) {
        if self.values.is_empty() && self.cells.is_empty() {
            *self = other;
            return;
        }
        let translate: Vec<Vec<u32>> = other
            .values
            .iter()
            .zip(self.values.iter_mut())
            .map(|(theirs, mine)| {
                let mut index: FxHashMap<String, u32> = mine
                    .iter()
                    .enumerate()
                    .map(|(c, v)| (v.clone(), c as u32))
                    .collect();
                theirs
                    .iter()
                    .map(|v| {
                        *index.entry(v.clone()).or_insert_with(|| {
                            mine.push(v.clone());
                            (mine.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        for (key, cell) in other.cells {
            let key: Vec<u32> = key
                .iter()
                .zip(&translate)
                .map(|(&c, t)| t[c as usize])
                .collect();
            self.cells.entry(key).or_default().merge(&cell);
        }
        self.min_score = self.min_score.min(other.min_score);
        self.max_score = self.max_score.max(other.max_score);
    }

    /// Rows folded so far.
    pub fn rows(&self) -> u64 {
        self.cells.values().map(|c| c.confusion.n).sum()
    }

    /// Rows with an observed label.
    pub fn labelled(&self) -> u64 {
        self.cells.values().map(|c| c.confusion.labelled()).sum()
    }

    /// The attributes of `spec` (its group columns, in its order, then its intersections) with their
    /// groups' tables. `scores` / `counts`: whether the prediction comes from a score / the model
    /// predicts counts.
    pub fn into_folded(self, spec: &DataSpec, scores: bool, counts: bool) -> Folded {
        // Sorted codes: a column's levels sort as text, like the in-memory loader's.
        let sorted: Vec<Vec<String>> = self
            .values
            .iter()
            .map(|v| {
                let set: BTreeSet<&String> = v.iter().collect();
                set.into_iter().cloned().collect()
            })
            .collect();
        let rank: Vec<Vec<u32>> = self
            .values
            .iter()
            .zip(&sorted)
            .map(|(v, s)| {
                v.iter()
                    .map(|x| s.binary_search(x).expect("a value is in its own set") as u32)
                    .collect()
            })
            .collect();
        let cells: Vec<(Vec<u32>, CellTable)> = self
            .cells
            .into_iter()
            .map(|(key, cell)| {
                let key = key.iter().zip(&rank).map(|(&c, r)| r[c as usize]).collect();
                (key, cell)
            })
            .collect();
        let column_index = |name: &str| {
            spec.groups
                .iter()
                .position(|g| g.column == name)
                .expect("validated: intersection columns are group columns")
        };
        let mut plans: Vec<(String, Vec<String>, Vec<usize>, ReferenceGroup)> = spec
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                (
                    g.column.clone(),
                    vec![g.column.clone()],
                    vec![i],
                    g.reference.clone(),
                )
            })
            .collect();
        for x in &spec.intersections {
            plans.push((
                x.columns.join(INTERSECTION_SEPARATOR),
                x.columns.clone(),
                x.columns.iter().map(|c| column_index(c)).collect(),
                x.reference.clone(),
            ));
        }
        let attributes = plans
            .into_iter()
            .map(|(name, columns, parts, reference)| {
                let mut by_group: BTreeMap<Vec<u32>, CellTable> = BTreeMap::new();
                for (key, cell) in &cells {
                    let sub: Vec<u32> = parts.iter().map(|&p| key[p]).collect();
                    by_group.entry(sub).or_default().merge(cell);
                }
                let levels = by_group
                    .keys()
                    .map(|k| {
                        k.iter()
                            .zip(&parts)
                            .map(|(&c, &p)| sorted[p][c as usize].as_str())
                            .collect::<Vec<_>>()
                            .join(INTERSECTION_SEPARATOR)
                    })
                    .collect();
                let tables: Vec<CellTable> = by_group.into_values().collect();
                Grouped {
                    name,
                    columns,
                    levels,
                    reference,
                    counts: tables.iter().map(|t| t.confusion).collect(),
                    scores: if scores {
                        tables.iter().map(|t| t.scores.clone()).collect()
                    } else {
                        Vec::new()
                    },
                    count_tables: if counts {
                        tables.into_iter().map(|t| t.counts).collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        let mut overall = CellTable::default();
        cells.iter().for_each(|(_, c)| overall.merge(c));
        Folded {
            attributes,
            overall_scores: scores.then(|| overall.scores.clone()),
            probabilities: scores && self.min_score >= 0.0 && self.max_score <= 1.0,
            overall_counts: counts.then(|| overall.counts.clone()),
            rows: overall.confusion.n,
            labelled: overall.confusion.labelled(),
            predicted_positive: overall.confusion.predicted_positive,
        }
    }
}
