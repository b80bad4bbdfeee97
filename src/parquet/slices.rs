//! How a Parquet file is read: its footer, row groups cut into slices for rayon's threads, readers of
//! some columns over some rows of a slice, the file's hash, and the bare decode the benchmark times.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use ::parquet::arrow::ProjectionMask;
use ::parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder, RowSelection, RowSelector,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::error;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// Rows of a row group one task decodes at most (a large row group is cut into slices).
pub(super) const SLICE_ROWS: usize = 1 << 17;
/// Rows per decoded batch.
pub(super) const BATCH_ROWS: usize = 8192;

/// The Parquet reader's complaint about the file itself.
pub(super) fn unreadable(path: &Path, e: impl std::fmt::Display) -> Error {
    error(
        path,
        None,
        None,
        format!("not a readable Parquet file: {e}"),
    )
}

/// A slice of one row group: `rows` rows from `offset` within it; `first` is the file's data row
/// number (from 0) of its first row; `bytes` its share of the group's compressed bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Unit {
    pub(super) group: usize,
    pub(super) offset: usize,
    pub(super) rows: usize,
    pub(super) first: u64,
    pub(super) bytes: u64,
}

/// Opens the file and reads its footer (once; every reader shares it).
pub(super) fn open(path: &Path) -> Result<(File, ArrowReaderMetadata)> {
    let file = File::open(path).map_err(|e| Error::io(path, "opening the data file", e))?;
    let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
        .map_err(|e| unreadable(path, e))?;
    Ok((file, metadata))
}

/// A reader of the top-level `columns` over the rows `selection` picks in row group `group` (each
/// reader opens the file anew: a cloned handle would share its read position with other threads).
pub(super) fn reader(
    path: &Path,
    metadata: &ArrowReaderMetadata,
    group: usize,
    columns: &[usize],
    selection: RowSelection,
) -> Result<ParquetRecordBatchReader> {
    let file = File::open(path).map_err(|e| Error::io(path, "opening the data file", e))?;
    let mask = ProjectionMask::roots(metadata.parquet_schema(), columns.iter().copied());
    ParquetRecordBatchReaderBuilder::new_with_metadata(file, metadata.clone())
        .with_row_groups(vec![group])
        .with_projection(mask)
        .with_row_selection(selection)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| unreadable(path, e))
}

/// Every row group cut into slices of at most [`SLICE_ROWS`] rows, in file order.
pub(super) fn units(metadata: &ArrowReaderMetadata) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut first = 0u64;
    for (group, g) in metadata.metadata().row_groups().iter().enumerate() {
        let rows = usize::try_from(g.num_rows()).unwrap_or(0);
        let bytes = u64::try_from(g.compressed_size()).unwrap_or(0);
        let mut offset = 0;
        while offset < rows {
            let n = SLICE_ROWS.min(rows - offset);
            out.push(Unit {
                group,
                offset,
                rows: n,
                first: first + offset as u64,
                bytes: bytes * n as u64 / rows as u64,
            });
            offset += n;
        }
        first += rows as u64;
    }
    out
}

/// Skips to `offset` and selects `rows` rows.
pub(super) fn range(offset: usize, rows: usize) -> RowSelection {
    vec![RowSelector::skip(offset), RowSelector::select(rows)].into()
}

/// Rows at the given offsets (ascending) of a row group.
pub(super) fn picks(offsets: &[usize]) -> RowSelection {
    let mut selectors = Vec::new();
    let mut at = 0;
    for &o in offsets {
        if o > at {
            selectors.push(RowSelector::skip(o - at));
        }
        selectors.push(RowSelector::select(1));
        at = o + 1;
    }
    selectors.into()
}

/// A panic inside the Parquet reader (a malformed file it did not check) as an error, not a crash.
pub(super) fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        Err(error(
            path,
            None,
            None,
            format!("not a readable Parquet file: the reader failed ({why})"),
        ))
    })
}

/// SHA-256 of the file's bytes, as the CSV reader hashes them; given up (empty) once `stop` is set.
pub(super) fn hash_file(path: &Path, stop: &AtomicBool) -> Result<String> {
    let io = |e| Error::io(path, "reading the data file", e);
    let mut file = File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    while !stop.load(Ordering::Relaxed) {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(crate::hash::hex(&hasher.finalize()))
}

/// A bare decode of the Parquet file at `path`: every column of every row group, in the same slices
/// as an audit, on all threads; nothing converted, checked or hashed. The floor an audit's read cannot
/// go below. Returns `(rows, fields)`.
pub fn bare_decode(path: &Path, progress: &dyn Progress) -> Result<(u64, u64)> {
    let (file, metadata) = guarded(path, || open(path))?;
    let total = file
        .metadata()
        .map_err(|e| Error::io(path, "opening the data file", e))?
        .len();
    let all: Vec<usize> = (0..metadata.schema().fields().len()).collect();
    let units = units(&metadata);
    progress.begin_bytes("decoding", total);
    let done = std::sync::atomic::AtomicU64::new(0);
    let counts = units
        .par_iter()
        .map(|unit| {
            guarded(path, || {
                let mut fields = 0u64;
                for batch in reader(
                    path,
                    &metadata,
                    unit.group,
                    &all,
                    range(unit.offset, unit.rows),
                )? {
                    let batch = batch.map_err(|e| unreadable(path, e))?;
                    fields += (batch.num_rows() * batch.num_columns()) as u64;
                }
                let rows = done.fetch_add(unit.rows as u64, Ordering::Relaxed) + unit.rows as u64;
                progress.advance_bytes(unit.bytes, rows);
                Ok((unit.rows as u64, fields))
            })
        })
        .collect::<Result<Vec<_>>>();
    progress.end();
    Ok(counts?
        .into_iter()
        .fold((0, 0), |(r, f), (a, b)| (r + a, f + b)))
}
