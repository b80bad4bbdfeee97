//! The sufficient statistics of the subgroup audit, per group of every attribute: confusion counts,
//! score tables and count tables ([`Folded`]). Built from rows in memory ([`from_rows`]), or from a
//! streamed file's per-cell folds ([`CellFold`], merged chunk by chunk, then [`CellTables::into_folded`]).
//!
//! A *cell* is one combination of every group column's value. Each row is folded into its cell once;
//! a group of a column, of an intersection or the whole file is a union of cells, so its tables are
//! merges of cell tables. Every statistic after this is a function of the tables, and every table
//! merge is exact (integer counts per distinct score or pair, and a score grid that does not depend on
//! chunking), so the streamed audit and the in-memory one give the same numbers.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::audit::count::CountTable;
use crate::audit::groups;
use crate::audit::metric::ConfusionCounts;
use crate::audit::score::ScoreTable;
use crate::data::{MISSING_GROUP, ScoredData};
use crate::error::Result;
use crate::manifest::{DataSpec, INTERSECTION_SEPARATOR, ReferenceGroup};

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

/// A column's values in the order first seen, and the code of each.
#[derive(Debug, Clone, Default)]
struct Dictionary {
    codes: FxHashMap<String, u32>,
    values: Vec<String>,
}

impl Dictionary {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(&c) = self.codes.get(value) {
            return c;
        }
        let c = self.values.len() as u32;
        self.values.push(value.to_string());
        self.codes.insert(value.to_string(), c);
        c
    }
}

/// One cell's rows while a chunk is folded.
#[derive(Debug, Clone, Default)]
struct CellAcc {
    confusion: ConfusionCounts,
    /// Score bits → (cases, non-cases) of the labelled rows.
    scores: FxHashMap<u64, (u64, u64)>,
    /// (observed bits, predicted bits) → rows.
    counts: FxHashMap<(u64, u64), u64>,
}

/// One row as the fold needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoldRow {
    pub label: Option<bool>,
    pub predicted: bool,
    pub score: Option<f64>,
    pub count: Option<(f64, f64)>,
}

/// The per-cell accumulator of one chunk of rows.
#[derive(Debug, Clone, Default)]
pub struct CellFold {
    dictionaries: Vec<Dictionary>,
    cells: FxHashMap<Box<[u32]>, CellAcc>,
    key: Vec<u32>,
    min_score: f64,
    max_score: f64,
}

impl CellFold {
    /// A fold over `group_columns` group columns.
    pub fn new(group_columns: usize) -> Self {
        CellFold {
            dictionaries: vec![Dictionary::default(); group_columns],
            min_score: f64::INFINITY,
            max_score: f64::NEG_INFINITY,
            ..Default::default()
        }
    }

    /// Adds one row whose group values are `groups` (one per group column, as in the file; an empty
    /// value is the group [`MISSING_GROUP`]).
    pub fn add<'a>(&mut self, groups: impl IntoIterator<Item = &'a str>, row: FoldRow) {
        self.key.clear();
        for (d, v) in self.dictionaries.iter_mut().zip(groups) {
            self.key
                .push(d.code(if v.is_empty() { MISSING_GROUP } else { v }));
        }
        let cell = match self.cells.get_mut(self.key.as_slice()) {
            Some(c) => c,
            None => self
                .cells
                .entry(self.key.clone().into_boxed_slice())
                .or_default(),
        };
        cell.confusion.add(row.label, row.predicted);
        if let Some(s) = row.score {
            self.min_score = self.min_score.min(s);
            self.max_score = self.max_score.max(s);
            if let Some(y) = row.label {
                let e = cell.scores.entry((s + 0.0).to_bits()).or_default();
                if y { e.0 += 1 } else { e.1 += 1 }
            }
        }
        if let Some((y, mu)) = row.count {
            *cell.counts.entry((y.to_bits(), mu.to_bits())).or_default() += 1;
        }
    }

    /// The chunk's cells as tables, ready to merge with other chunks'.
    pub fn finish(self) -> CellTables {
        let cells = self
            .cells
            .into_iter()
            .map(|(key, acc)| {
                let mut scores: Vec<(f64, u64, u64)> = acc
                    .scores
                    .into_iter()
                    .map(|(bits, (p, n))| (f64::from_bits(bits), p, n))
                    .collect();
                scores.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut table = ScoreTable::default();
                table.merge(&ScoreTable {
                    entries: scores,
                    grid: None,
                });
                let mut counts: Vec<((u64, u64), u64)> = acc.counts.into_iter().collect();
                counts.sort_unstable();
                let cell = CellTable {
                    confusion: acc.confusion,
                    scores: table,
                    counts: CountTable {
                        entries: counts
                            .into_iter()
                            .map(|((y, mu), c)| (f64::from_bits(y), f64::from_bits(mu), c))
                            .collect(),
                    },
                };
                (key.into_vec(), cell)
            })
            .collect();
        CellTables {
            values: self.dictionaries.into_iter().map(|d| d.values).collect(),
            cells,
            min_score: self.min_score,
            max_score: self.max_score,
        }
    }
}

/// One cell's tables.
#[derive(Debug, Clone, Default, PartialEq)]
struct CellTable {
    confusion: ConfusionCounts,
    scores: ScoreTable,
    counts: CountTable,
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
    values: Vec<Vec<String>>,
    cells: FxHashMap<Vec<u32>, CellTable>,
    min_score: f64,
    max_score: f64,
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
