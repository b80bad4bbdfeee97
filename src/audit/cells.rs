//! Folding streamed rows into *cells* (one combination of every group column's value): per cell its
//! confusion counts, score table and count table ([`CellFold`] for a worker's rows,
//! [`CellTables`] once finished and merged), and from the merged cells every attribute's groups
//! ([`CellTables::into_folded`]).

use rustc_hash::FxHashMap;

use crate::audit::count::CountTable;
use crate::audit::metric::ConfusionCounts;
use crate::audit::score::ScoreTable;
use crate::data::MISSING_GROUP;

mod counter;
mod lookup;
mod tables;
use counter::KeyCounts;
use lookup::{Dictionary, SHORT_COLUMNS, ShortCells, ShortKey};
use tables::CellTable;
pub use tables::CellTables;

/// One cell's rows while they are folded.
#[derive(Debug, Clone, Default)]
struct CellAcc {
    confusion: ConfusionCounts,
    /// Order keys ([`order_key`]) of the labelled rows' scores since the last flush, cases and
    /// non-cases: appending is cache-friendly where a probe into a table per cell (one of many) is
    /// not; a flush counts them into `counted` while that table is in cache.
    pending: [Vec<u64>; 2],
    /// The flushed scores by exact value, until drained into `scores`.
    counted: KeyCounts,
    /// The drained scores (a capped table, see [`ScoreTable::merge`]).
    scores: ScoreTable,
    /// (observed bits, predicted bits) of the rows since the last flush (both ≥ 0, so the bits sort
    /// like the numbers), counted by a sort at the flush like the scores.
    pending_counts: Vec<(u64, u64)>,
    /// The flushed count pairs (a capped table, see [`CountTable::merge`]).
    counts: CountTable,
}

/// A key whose unsigned order is the numeric order of finite scores (sign bit flipped for
/// non-negative numbers, every bit for negative ones).
fn order_key(s: f64) -> u64 {
    let bits = (s + 0.0).to_bits(); // −0 and 0 are one score
    if bits >> 63 == 0 {
        bits | (1 << 63)
    } else {
        !bits
    }
}

fn from_order_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Sorted keys as `(key, count)` runs.
fn runs<K: Ord + Copy>(mut keys: Vec<K>) -> Vec<(K, u64)> {
    keys.sort_unstable();
    let mut out: Vec<(K, u64)> = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

impl CellAcc {
    /// Pending scores the cell's buffers have room for.
    fn capacity(&self) -> usize {
        self.pending[0].capacity() + self.pending[1].capacity()
    }

    fn pending_len(&self) -> usize {
        self.pending[0].len() + self.pending[1].len() + self.pending_counts.len()
    }

    /// Moves the pending scores and count pairs into the tables (so memory stays bounded on long
    /// streams).
    fn flush(&mut self) {
        if !self.pending_counts.is_empty() {
            let entries = runs(std::mem::take(&mut self.pending_counts))
                .into_iter()
                .map(|((y, mu), c)| (f64::from_bits(y), f64::from_bits(mu), c))
                .collect();
            self.counts.merge(&CountTable {
                entries,
                grid: None,
            });
        }
        for (which, pending) in self.pending.iter_mut().enumerate() {
            for &key in pending.iter() {
                if !self.counted.add(key, which) {
                    drain_into(&mut self.counted, &mut self.scores);
                    let counted = self.counted.add(key, which);
                    debug_assert!(counted, "an empty table takes any key");
                }
            }
            pending.clear();
        }
    }

    /// Flushes, and moves the counted scores into the score table.
    fn settle(&mut self) {
        self.flush();
        if self.counted.len() > 0 {
            drain_into(&mut self.counted, &mut self.scores);
        }
    }
}

/// Moves `counted`'s scores into `scores`.
fn drain_into(counted: &mut KeyCounts, scores: &mut ScoreTable) {
    let entries = counted
        .drain()
        .into_iter()
        .map(|(k, p, n)| (from_order_key(k), p, n))
        .collect();
    scores.merge(&ScoreTable {
        entries,
        grid: None,
    });
}

/// One row as the fold needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoldRow {
    pub label: Option<bool>,
    pub predicted: bool,
    pub score: Option<f64>,
    pub count: Option<(f64, f64)>,
}

impl From<&crate::data::ParsedRow> for FoldRow {
    /// What the fold keeps of a parsed row (not its reporting columns).
    fn from(row: &crate::data::ParsedRow) -> Self {
        FoldRow {
            label: row.label,
            predicted: row.predicted,
            score: row.score,
            count: row.count,
        }
    }
}

/// The per-cell accumulator of one worker's rows (any number of chunks).
#[derive(Debug, Clone, Default)]
pub struct CellFold {
    dictionaries: Vec<Dictionary>,
    /// Rows whose values are all short find their cell here...
    short_cells: ShortCells,
    /// ...and the others (and a new combination) by their codes.
    by_codes: FxHashMap<Box<[u32]>, u32>,
    cells: Vec<(Box<[u32]>, CellAcc)>,
    /// Scores appended since every cell was last flushed.
    pending: usize,
    min_score: f64,
    max_score: f64,
}

/// A cell flushes its pending scores at this many (512 KiB)...
const PENDING_PER_CELL: usize = 1 << 16;
/// ...and a fold flushes every cell at this many (16 MiB), so memory is bounded however many cells
/// there are.
const PENDING_PER_FOLD: usize = 1 << 21;
/// At that flush, cells whose counting tables together pass this many slots (64 MiB) move their
/// counts into their score tables and give the slots back.
const COUNTED_SLOTS_PER_FOLD: usize = 1 << 22;

impl CellFold {
    /// A fold over `group_columns` group columns.
    pub fn new(group_columns: usize) -> Self {
        CellFold {
            dictionaries: vec![Dictionary::default(); group_columns],
            short_cells: ShortCells::new(group_columns),
            min_score: f64::INFINITY,
            max_score: f64::NEG_INFINITY,
            ..Default::default()
        }
    }

    /// The index of the cell of a row with group values `values` (by their codes), created when
    /// new.
    fn cell_of_values(&mut self, values: &[&str]) -> usize {
        let codes: Box<[u32]> = self
            .dictionaries
            .iter_mut()
            .zip(values)
            .map(|(d, v)| d.code(v))
            .collect();
        if let Some(&i) = self.by_codes.get(&codes) {
            return i as usize;
        }
        let i = self.cells.len() as u32;
        self.by_codes.insert(codes.clone(), i);
        self.cells.push((codes, CellAcc::default()));
        i as usize
    }

    /// The index of the cell of a row with group values `groups`.
    fn cell<'a, I>(&mut self, groups: I) -> usize
    where
        I: IntoIterator<Item = &'a str> + Clone,
    {
        let missing = |v: &'a str| if v.is_empty() { MISSING_GROUP } else { v };
        // The keys only: the values are read again (`groups` is cheap to clone) on a miss.
        let mut keys = [ShortKey::default(); SHORT_COLUMNS];
        let mut n = 0;
        for v in groups.clone() {
            match (keys.get_mut(n), ShortKey::of(missing(v).as_bytes())) {
                (Some(slot), Some(k)) => *slot = k,
                _ => {
                    // Too many columns or a long value.
                    let values: Vec<&str> = groups.into_iter().map(missing).collect();
                    return self.cell_of_values(&values);
                }
            }
            n += 1;
        }
        let keys = &keys[..n];
        if let Some(i) = self.short_cells.get(keys) {
            return i as usize;
        }
        let values: Vec<&str> = groups.into_iter().map(missing).collect();
        let i = self.cell_of_values(&values);
        self.short_cells.insert(keys, i as u32);
        i
    }

    /// Adds one row whose group values are `groups` (one per group column, as in the file; an empty
    /// value is the group [`MISSING_GROUP`]).
    pub fn add<'a>(&mut self, groups: impl IntoIterator<Item = &'a str> + Clone, row: FoldRow) {
        let i = self.cell(groups);
        let cell = &mut self.cells[i].1;
        cell.confusion.add(row.label, row.predicted);
        if let Some(s) = row.score {
            self.min_score = self.min_score.min(s);
            self.max_score = self.max_score.max(s);
            if let Some(y) = row.label {
                cell.pending[usize::from(!y)].push(order_key(s));
                self.pending += 1;
            }
        }
        if let Some((y, mu)) = row.count {
            // −0 and 0 are one count.
            cell.pending_counts
                .push(((y + 0.0).to_bits(), (mu + 0.0).to_bits()));
            self.pending += 1;
        }
        if cell.pending_len() >= PENDING_PER_CELL {
            cell.flush();
        }
        if self.pending >= PENDING_PER_FOLD {
            self.cells.iter_mut().for_each(|(_, c)| c.flush());
            self.pending = 0;
            // Cells keep their (now empty) buffers, so the next rows allocate nothing, unless
            // together they hold room for more than twice the fold's pending scores.
            let room: usize = self.cells.iter().map(|(_, c)| c.capacity()).sum();
            if room > 2 * PENDING_PER_FOLD {
                self.cells
                    .iter_mut()
                    .for_each(|(_, c)| c.pending = Default::default());
            }
            let slots: usize = self.cells.iter().map(|(_, c)| c.counted.slots()).sum();
            if slots > COUNTED_SLOTS_PER_FOLD {
                for (_, c) in &mut self.cells {
                    c.settle();
                    c.counted.release();
                }
            }
        }
    }

    /// Finishes `folds` on rayon's threads and merges them into one set of tables (merges are exact
    /// and order-free, so the result does not depend on which fold finishes first).
    pub fn finish_all(folds: Vec<CellFold>) -> CellTables {
        use rayon::prelude::*;
        folds
            .into_par_iter()
            .map(CellFold::finish)
            .reduce(CellTables::default, |mut a, b| {
                a.merge(b);
                a
            })
    }

    /// The fold's cells as tables, ready to merge with other folds'.
    pub fn finish(self) -> CellTables {
        let cells = self
            .cells
            .into_iter()
            .map(|(key, mut acc)| {
                acc.settle();
                let cell = CellTable {
                    confusion: acc.confusion,
                    scores: acc.scores,
                    counts: acc.counts,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn rows_find_the_same_cell_by_short_keys_codes_or_long_values() {
        // 3 columns, 40 × 7 × 2 values (some over 16 bytes): more cells than the first table has
        // slots, so it grows. Every row's cell must hold the row's own values.
        let mut fold = CellFold::new(3);
        let mut want: BTreeMap<Vec<String>, u64> = BTreeMap::new();
        let mut x: u64 = 11;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let a = format!("wijk-{}", (x >> 33) % 40);
            let b = if (x >> 20).is_multiple_of(7) {
                "a-value-longer-than-sixteen-bytes".to_string()
            } else {
                format!("b{}", (x >> 20) % 7)
            };
            let c = if (x >> 45).is_multiple_of(2) { "" } else { "c" };
            *want
                .entry(vec![
                    a.clone(),
                    b.clone(),
                    if c.is_empty() { MISSING_GROUP } else { c }.into(),
                ])
                .or_default() += 1;
            let row = FoldRow {
                label: None,
                predicted: false,
                score: None,
                count: None,
            };
            fold.add([a.as_str(), b.as_str(), c], row);
        }
        let tables = fold.finish();
        let got: BTreeMap<Vec<String>, u64> = tables
            .cells
            .iter()
            .map(|(key, cell)| {
                let values = key
                    .iter()
                    .zip(&tables.values)
                    .map(|(&c, v)| v[c as usize].clone())
                    .collect();
                (values, cell.confusion.n)
            })
            .collect();
        assert!(want.len() > 64, "{} cells", want.len());
        assert_eq!(got, want);
    }

    #[test]
    fn count_pairs_folded_with_many_flushes_give_the_table_built_at_once() {
        let mut fold = CellFold::new(1);
        let mut pairs = Vec::new();
        let mut x: u64 = 5;
        for i in 0..(PENDING_PER_CELL * 3 + 7) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let mu = ((x >> 11) as f64 / (1u64 << 53) as f64) * 4.0;
            let y = if i == 9 { -0.0 } else { ((x >> 5) % 4) as f64 };
            pairs.push((y, mu));
            let row = FoldRow {
                label: None,
                predicted: false,
                score: None,
                count: Some((y, mu)),
            };
            fold.add(["g"], row);
        }
        let tables = fold.finish();
        let cell = tables.cells.values().next().unwrap();
        let want = CountTable::from_pairs(pairs.into_iter());
        assert!(
            want.grid.is_some(),
            "enough distinct pairs to need the grid"
        );
        assert_eq!(cell.counts, want);
    }

    #[test]
    fn order_keys_sort_as_the_scores_and_decode_back() {
        let scores = [-3.5, -1e-300, -0.0, 0.0, 1e-300, 0.25, 0.3535, 1.0, 7e10];
        let keys: Vec<u64> = scores.iter().map(|&s| order_key(s)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        assert_eq!(keys[2], keys[3], "−0 and 0 are one score");
        for &s in &scores {
            assert_eq!(from_order_key(order_key(s)), s + 0.0);
        }
    }

    #[test]
    fn a_fold_flushed_often_gives_the_table_of_one_flush() {
        // More labelled rows than a cell keeps pending: the table equals the one built at once.
        // With 5,000 distinct scores they are counted exactly until the end; with ~260,000 the
        // counting table fills and is drained again and again, and the table moves to a grid.
        for distinct in [5_000, 1 << 40] {
            let table = fold_scores(PENDING_PER_CELL * 4 + 123, distinct);
            assert_eq!(table.grid.is_some(), distinct > 5_000);
        }
    }

    /// Folds `rows` labelled rows with seeded scores of `distinct` values into one cell, and checks
    /// its table against [`ScoreTable::from_pairs`] of the same rows.
    fn fold_scores(rows: usize, distinct: u64) -> ScoreTable {
        let mut fold = CellFold::new(1);
        let mut pairs = Vec::new();
        let mut x: u64 = 7;
        for _ in 0..rows {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let s = ((x >> 20) % distinct) as f64 / (distinct - 1) as f64 - 0.1;
            let y = (x >> 50).is_multiple_of(3);
            pairs.push((s, y));
            let row = FoldRow {
                label: Some(y),
                predicted: s >= 0.5,
                score: Some(s),
                count: None,
            };
            fold.add(["g"], row);
        }
        let tables = fold.finish();
        let cell = tables.cells.values().next().unwrap();
        assert_eq!(cell.scores, ScoreTable::from_pairs(pairs));
        cell.scores.clone()
    }
}
