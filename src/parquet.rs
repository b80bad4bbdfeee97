//! Parquet scored files, streamed: every row folded into the subgroup audit's per-cell tables, slices of
//! row groups decoded on rayon's threads, the file hashed, and the same seeded sample as a CSV file.
//!
//! Only the columns the audits read are decoded for the fold. Each value is written as the text a CSV
//! copy of the file would hold ([`cells`]) and read by [`RowColumns::parse`], the CSV readers' row
//! parser, so a Parquet file and its CSV twin give the same tables, the same missing values (a null
//! label is unlabelled, a null group is the missing group) and the same errors. One shortcut: a
//! finite 64-bit float score is handed over as its number (what its text would parse to, exactly).
//! Units are folded into a pool of [`CellFold`]s, one per unit in flight, merged once at the end.
//! Memory depends on the groups, the sample and one batch per thread, not on the rows.

mod cells;
mod slices;

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use ::parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReader, RowSelection};
use rayon::prelude::*;

use crate::audit::fold::{CellFold, FoldRow};
use crate::data::{RowColumns, check_rows};
use crate::error::{Error, Result};
use crate::hash::mix;
use crate::manifest::DataSpec;
use crate::progress::Progress;
use crate::stream::{Sample, StreamOptions, Streamed};
use cells::{Role, cells};
pub use slices::bare_decode;
use slices::{Unit, guarded, hash_file, open, picks, range, reader, units, unreadable};

/// Whether `path` names a Parquet file (by its extension, in any case).
pub fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// An error of a Parquet file at `row` (data rows counted from 1) and `column`.
fn error(path: &Path, row: Option<u64>, column: Option<&str>, message: String) -> Error {
    Error::Parquet {
        path: path.to_path_buf(),
        row,
        column: column.map(str::to_string),
        message,
    }
}

/// A bad value found by the CSV rules, at the row it came from.
fn at_row(e: Error, row: Option<u64>) -> Error {
    match e {
        Error::BadValue {
            path,
            column,
            value,
            reason,
            ..
        } => {
            let value = match (row, value.is_empty()) {
                (None, _) => String::new(),
                (_, true) => " (value: null or empty)".to_string(),
                (_, false) => format!(" (value {value:?})"),
            };
            error(&path, row, Some(&column), format!("{reason}{value}"))
        }
        other => other,
    }
}

/// The file's footer read, and where the audit's columns are in it.
struct Layout<'a> {
    path: &'a Path,
    metadata: ArrowReaderMetadata,
    /// The top-level columns the fold reads (ascending), their names, and how a row of them is parsed.
    needed: Vec<usize>,
    needed_header: csv::StringRecord,
    columns: RowColumns,
    /// The top-level columns a sample row holds (every column that can be written as text).
    sample: Vec<usize>,
    sample_header: csv::StringRecord,
}

impl<'a> Layout<'a> {
    fn new(spec: &DataSpec, path: &'a Path, metadata: ArrowReaderMetadata) -> Result<Self> {
        let fields = metadata.schema().fields().clone();
        let header: csv::StringRecord = fields.iter().map(|f| f.name().as_str()).collect();
        // The same lookup, and the same missing-column error, as a CSV file's header.
        let all = RowColumns::resolve(&header, spec, path)?;
        let mut roles = vec![(Role::Other, ""); fields.len()];
        if let Some(label) = all.label {
            roles[label] = (Role::Binary, "label column");
        }
        if let Some(prediction) = all.prediction {
            roles[prediction] = match all.threshold {
                Some(_) => (Role::Number, "score column"),
                None => (Role::Binary, "prediction column"),
            };
        }
        for (observed, predicted) in all.count.iter().copied() {
            roles[observed] = (Role::Number, "count column");
            roles[predicted] = (Role::Number, "predicted count column");
        }
        for (events, exposure) in all.reporting.iter().copied() {
            roles[events] = (Role::Number, "reported events column");
            if let Some(x) = exposure {
                roles[x] = (Role::Number, "exposure column");
            }
        }
        for &g in &all.groups {
            roles[g] = (Role::Group, "group column");
        }
        let mut needed = Vec::new();
        for (i, ((role, what), field)) in roles.iter().zip(fields.iter()).enumerate() {
            if *role == Role::Other {
                continue;
            }
            if !role.accepts(field.data_type()) {
                return Err(error(
                    path,
                    None,
                    Some(field.name()),
                    format!(
                        "the {what} holds {}; algoreg reads a {what} as {}",
                        field.data_type(),
                        role.allowed()
                    ),
                ));
            }
            needed.push(i);
        }
        let needed_header: csv::StringRecord = needed.iter().map(|&i| &header[i]).collect();
        let columns = RowColumns::resolve(&needed_header, spec, path)?;
        let sample: Vec<usize> = (0..fields.len())
            .filter(|&i| Role::Other.accepts(fields[i].data_type()))
            .collect();
        let sample_header = sample.iter().map(|&i| &header[i]).collect();
        Ok(Layout {
            path,
            metadata,
            needed,
            needed_header,
            columns,
            sample,
            sample_header,
        })
    }

    /// A reader of `columns` over the rows `selection` picks in row group `group`.
    fn reader(
        &self,
        group: usize,
        columns: &[usize],
        selection: RowSelection,
    ) -> Result<ParquetRecordBatchReader> {
        reader(self.path, &self.metadata, group, columns, selection)
    }
}

type Picked = Vec<(u64, u64, csv::StringRecord)>;

/// Folds one unit into `fold`; returns its rows and the rows whose key is below `limit` as
/// `(key, line, row)`, a row's line being its data row number + 1 (its line in a CSV copy).
fn fold_unit(
    fold: &mut CellFold,
    layout: &Layout,
    unit: &Unit,
    seed: u64,
    limit: u64,
    stop: &AtomicBool,
) -> Result<(u64, Picked)> {
    let reader = layout.reader(unit.group, &layout.needed, range(unit.offset, unit.rows))?;
    let columns = &layout.columns;
    // The needed columns are every column of a sample row when there are no others.
    let whole = layout.sample == layout.needed;
    let mut picked: Picked = Vec::new();
    let mut offsets = Vec::new();
    let mut record = TypedRow::default();
    let mut text = String::new();
    let mut row = unit.first; // data rows before this one
    for batch in reader {
        let batch = batch.map_err(|e| unreadable(layout.path, e))?;
        let writers = writers(layout.path, &batch, &layout.needed_header)?;
        let doubles = doubles(&batch, columns);
        for i in 0..batch.num_rows() {
            record.fill(&writers, &doubles, i);
            row += 1;
            let line = row + 1;
            let parsed = columns
                .parse(&record, line, &layout.needed_header, layout.path)
                .map_err(|e| at_row(e, Some(row)))?;
            fold.add(columns.group_values(&record), FoldRow::from(&parsed));
            let key = mix(seed ^ line);
            if key < limit {
                if whole {
                    let mut all = csv::StringRecord::new();
                    fill(&mut all, &writers, i, &mut text);
                    picked.push((key, line, all));
                } else {
                    picked.push((key, line, csv::StringRecord::new()));
                    offsets.push((row - 1 - unit.first) as usize + unit.offset);
                }
            }
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
    }
    if !whole && !offsets.is_empty() {
        // The sample's rows with every column: a second read of just those rows.
        let reader = layout.reader(unit.group, &layout.sample, picks(&offsets))?;
        let mut slots = picked.iter_mut();
        for batch in reader {
            let batch = batch.map_err(|e| unreadable(layout.path, e))?;
            let writers = writers(layout.path, &batch, &layout.sample_header)?;
            for i in 0..batch.num_rows() {
                if let Some(slot) = slots.next() {
                    fill(&mut slot.2, &writers, i, &mut text);
                }
            }
        }
    }
    Ok((row - unit.first, picked))
}

/// The cell writers of a batch's columns (named by `header`, in order).
fn writers<'b>(
    path: &Path,
    batch: &'b arrow_array::RecordBatch,
    header: &csv::StringRecord,
) -> Result<Vec<cells::Cell<'b>>> {
    batch
        .columns()
        .iter()
        .zip(header.iter())
        .map(|(a, name)| {
            cells(a.as_ref()).ok_or_else(|| {
                let t = a.data_type().to_string();
                error(
                    path,
                    None,
                    Some(name),
                    format!("cannot read a column of {t}"),
                )
            })
        })
        .collect()
}

/// The score column of a batch when it holds 64-bit floats: its values are taken as numbers
/// ([`crate::data::Fields::number`]) instead of being written as text and parsed back.
fn doubles<'b>(
    batch: &'b arrow_array::RecordBatch,
    columns: &RowColumns,
) -> Vec<Option<&'b arrow_array::Float64Array>> {
    use arrow_array::cast::AsArray;
    (0..batch.num_columns())
        .map(|c| {
            let a = batch.column(c);
            (columns.threshold.is_some()
                && Some(c) == columns.prediction
                && *a.data_type() == arrow_schema::DataType::Float64)
                .then(|| a.as_primitive::<arrow_array::types::Float64Type>())
        })
        .collect()
}

/// One row of a batch as the row parser reads it: text cells written into one buffer, with a finite
/// 64-bit float score as its number (its text left empty).
#[derive(Default)]
struct TypedRow {
    text: String,
    /// Where each cell's text ends in `text`.
    ends: Vec<usize>,
    numbers: Vec<Option<f64>>,
}

impl TypedRow {
    /// Row `i` of the batch: each column's text, or its number where `doubles` has its array and the
    /// value is present and finite (a null or non-finite value is written as text, so it is read,
    /// and reported, as a CSV cell is).
    fn fill(
        &mut self,
        writers: &[cells::Cell],
        doubles: &[Option<&arrow_array::Float64Array>],
        i: usize,
    ) {
        use arrow_array::Array;
        self.text.clear();
        self.ends.clear();
        self.numbers.clear();
        for (w, d) in writers.iter().zip(doubles) {
            let number = d
                .filter(|a| a.is_valid(i))
                .map(|a| a.value(i))
                .filter(|v| v.is_finite());
            if number.is_none() {
                w(i, &mut self.text);
            }
            self.ends.push(self.text.len());
            self.numbers.push(number);
        }
    }
}

impl crate::data::Fields for TypedRow {
    fn field(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn number(&self, i: usize) -> Option<f64> {
        self.numbers[i]
    }
}

/// Row `i` of the batch as text cells.
fn fill(record: &mut csv::StringRecord, writers: &[cells::Cell], i: usize, text: &mut String) {
    record.clear();
    for w in writers {
        text.clear();
        w(i, text);
        record.push_field(text);
    }
}

/// What the unit workers share.
struct Shared {
    /// Folds not in use: a worker takes one (or starts one) for its unit and puts it back, so there
    /// are at most as many folds as units in flight, each finished and merged once at the end.
    folds: Vec<CellFold>,
    sample: Picked,
    /// The first bad unit: `(unit index, error)` with the lowest index.
    error: Option<(usize, Error)>,
    rows: u64,
}

/// Streams the Parquet file `spec.file`, folding every row (the Parquet twin of
/// [`crate::stream::stream_scored`], with the same tables, sample and errors).
pub fn stream_parquet(
    spec: &DataSpec,
    options: &StreamOptions,
    progress: &dyn Progress,
) -> Result<Streamed> {
    let path = spec.file.as_path();
    let (file, metadata) = guarded(path, || open(path))?;
    let total = file
        .metadata()
        .map_err(|e| Error::io(path, "opening the data file", e))?
        .len();
    drop(file);
    let layout = Layout::new(spec, path, metadata)?;
    let units = units(&layout.metadata);
    let rows_in_file: u64 = units.iter().map(|u| u.rows as u64).sum();
    // Keep every row whose key lies below a threshold set for well over the wanted rows (the row
    // count is known), then the lowest keys: the rows a CSV copy of the file would give.
    let want = options.sample_rows as f64;
    let share = (1.5 * want + 8.0 * want.sqrt() + 64.0) / rows_in_file.max(1) as f64;
    let limit = if share >= 1.0 {
        u64::MAX
    } else {
        (share * u64::MAX as f64) as u64
    };
    let shared = Mutex::new(Shared {
        folds: Vec::new(),
        sample: Vec::new(),
        error: None,
        rows: 0,
    });
    let stop = AtomicBool::new(false);
    progress.begin_bytes("reading", total);
    let sha256 = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| hash_file(path, &stop));
        units.par_iter().enumerate().for_each(|(index, unit)| {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let taken = shared.lock().unwrap_or_else(|p| p.into_inner()).folds.pop();
            let mut fold = taken.unwrap_or_else(|| CellFold::new(layout.columns.groups.len()));
            let result = guarded(path, || {
                fold_unit(&mut fold, &layout, unit, options.seed, limit, &stop)
            });
            let mut s = shared.lock().unwrap_or_else(|p| p.into_inner());
            s.folds.push(fold);
            match result {
                Ok((rows, sample)) => {
                    s.rows += rows;
                    s.sample.extend(sample);
                    progress.advance_bytes(unit.bytes, s.rows);
                }
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    if s.error.as_ref().is_none_or(|(i, _)| index < *i) {
                        s.error = Some((index, e));
                    }
                }
            }
        });
        hashing
            .join()
            .unwrap_or_else(|_| Err(error(path, None, None, "hashing the file failed".into())))
    });
    progress.end();
    let shared = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    if let Some((_, e)) = shared.error {
        return Err(e);
    }
    let sha256 = sha256?;
    let tables = CellFold::finish_all(shared.folds);
    let rows = tables.rows();
    check_rows(rows, tables.labelled(), spec.label.as_deref(), path)
        .map_err(|e| at_row(e, None))?;
    let mut sample = shared.sample;
    sample.sort_unstable_by_key(|s| (s.0, s.1));
    sample.truncate(options.sample_rows);
    sample.sort_unstable_by_key(|s| s.1);
    Ok(Streamed {
        path: path.to_path_buf(),
        tables,
        sha256,
        bytes: total,
        sample: Sample {
            header: layout.sample_header,
            rows: sample.into_iter().map(|(_, l, r)| (l, r)).collect(),
            of_rows: rows,
            method: format!(
                "the rows with the lowest SplitMix64 keys of (seed {} xor line number), a row's \
                 line number being its row number + 1 (its line in a CSV copy with a header)",
                options.seed
            ),
        },
    })
}
