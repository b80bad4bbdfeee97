//! The streamed read of a scored CSV file: the file is cut into chunks at record boundaries, each chunk
//! is parsed and folded into per-cell tables on rayon's threads ([`crate::audit::fold::CellFold`]),
//! the bytes are hashed on the way, and a seeded uniform sample of rows is kept for the checks that
//! need rows (the sampling and spurious audits). Memory depends on the number of groups and the
//! sample size, not on the rows.
//!
//! Every cell is read by [`RowColumns::parse`], as the in-memory loader reads it, so a bad value gives
//! the same error naming file, line and column (the first bad row of the file, whatever the thread
//! timing).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use crate::audit::fold::{CellFold, CellTables, FoldRow};
use crate::data::{Fields, Lines, RowColumns, check_rows, csv_error, csv_error_at, csv_reader};
use crate::error::{Error, Result};
use crate::hash::mix;
use crate::manifest::DataSpec;
use crate::progress::Progress;

mod plain;
pub use plain::{for_each_plain_record, plain_text};

/// How a file is streamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOptions {
    /// Bytes read per chunk (a chunk ends at the last record boundary inside it).
    pub chunk_bytes: usize,
    /// Rows kept in the sample (at most).
    pub sample_rows: usize,
    /// Seed of the sample.
    pub seed: u64,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            chunk_bytes: 4 << 20,
            sample_rows: 100_000,
            seed: 20251201,
        }
    }
}

/// A uniform sample of a streamed file's rows, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub header: csv::StringRecord,
    /// `(line, row)`: the line each row starts on.
    pub rows: Vec<(u64, csv::StringRecord)>,
    /// Rows of the whole file.
    pub of_rows: u64,
    /// How the rows were chosen, in words (for the record).
    pub method: String,
}

/// What a streamed read gives.
#[derive(Debug)]
pub struct Streamed {
    pub path: PathBuf,
    pub tables: CellTables,
    pub sha256: String,
    pub bytes: u64,
    pub sample: Sample,
}

/// What the chunk workers share.
struct Shared {
    /// Folds not in use: a worker takes one (or starts one), folds its chunk into it and puts it
    /// back, so there are at most as many folds as chunks in flight, each finished once at the end.
    folds: Vec<CellFold>,
    sample: Vec<(u64, u64, csv::StringRecord)>,
    /// The first bad row: `(chunk index, error)` with the lowest index.
    error: Option<(usize, Error)>,
    rows: u64,
}

/// Streams `spec.file`, folding every row.
pub fn stream_scored(
    spec: &DataSpec,
    options: &StreamOptions,
    progress: &dyn Progress,
) -> Result<Streamed> {
    let path = spec.file.as_path();
    let total = std::fs::metadata(path)
        .map_err(|e| Error::io(path, "opening the data file", e))?
        .len();
    // The sample keeps rows whose key falls below a threshold set for about 1.5× the wanted rows
    // (estimated from the file size and the first chunk's bytes per row), then the lowest keys.
    let threshold = std::sync::OnceLock::<u64>::new();
    let shared = Mutex::new(Shared {
        folds: Vec::new(),
        sample: Vec::new(),
        error: None,
        rows: 0,
    });
    let stop = AtomicBool::new(false);
    let chunks = read_chunks(path, options.chunk_bytes, true, &stop, progress, |header| {
        let columns = RowColumns::resolve(header, spec, path)?;
        let header = header.clone();
        let (shared, stop, threshold) = (&shared, &stop, &threshold);
        let seed = options.seed;
        Ok(move |index: usize, chunk: &[u8], start_line: u64| {
            let limit = *threshold.get_or_init(|| {
                let rows_estimate = (total as f64 / chunk.len() as f64)
                    * memchr::memchr_iter(b'\n', chunk).count().max(1) as f64;
                let share = (1.5 * options.sample_rows as f64 / rows_estimate).min(1.0);
                if share >= 1.0 {
                    u64::MAX
                } else {
                    (share * u64::MAX as f64) as u64
                }
            });
            let taken = shared.lock().expect("no worker panics").folds.pop();
            let mut fold = taken.unwrap_or_else(|| CellFold::new(columns.groups.len()));
            let result = fold_chunk(
                &mut fold, chunk, start_line, &header, &columns, path, seed, limit,
            );
            let mut s = shared.lock().expect("no worker panics");
            s.folds.push(fold);
            match result {
                Ok((rows, sample)) => {
                    s.rows += rows;
                    s.sample.extend(sample);
                    progress.advance_bytes(chunk.len() as u64, s.rows);
                }
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    if s.error.as_ref().is_none_or(|(i, _)| index < *i) {
                        s.error = Some((index, e));
                    }
                }
            }
        })
    })?;
    let shared = shared.into_inner().expect("no worker panics");
    if let Some((_, e)) = shared.error {
        return Err(e);
    }
    let tables = CellFold::finish_all(shared.folds);
    let labelled = tables.labelled();
    let rows = tables.rows();
    let mut sample = shared.sample;
    sample.sort_unstable_by_key(|s| (s.0, s.1));
    sample.truncate(options.sample_rows);
    sample.sort_unstable_by_key(|s| s.1);
    check_rows(rows, labelled, spec.label.as_deref(), path)?;
    Ok(Streamed {
        path: path.to_path_buf(),
        tables,
        sha256: chunks.sha256,
        bytes: chunks.bytes,
        sample: Sample {
            header: chunks.header,
            rows: sample.into_iter().map(|(_, l, r)| (l, r)).collect(),
            of_rows: rows,
            method: format!(
                "the rows with the lowest SplitMix64 keys of (seed {} xor line number)",
                options.seed
            ),
        },
    })
}

/// What [`read_chunks`] saw of the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunked {
    pub header: csv::StringRecord,
    pub sha256: String,
    pub bytes: u64,
}

/// Reads the CSV file at `path` in chunks of about `chunk_bytes`, each cut after its last whole
/// record (outside quotes), hashing every byte when `hash` (else `sha256` is empty). `start(header)` builds the worker, which then gets
/// `(index, chunk, line of its first record)` for every chunk on rayon's threads, at most two per
/// thread (plus one) in memory at once. Setting `stop` ends the reading early.
pub fn read_chunks<W, F>(
    path: &Path,
    chunk_bytes: usize,
    hash: bool,
    stop: &AtomicBool,
    progress: &dyn Progress,
    start: F,
) -> Result<Chunked>
where
    F: FnOnce(&csv::StringRecord) -> Result<W>,
    W: Fn(usize, &[u8], u64) + Sync,
{
    let io = |e| Error::io(path, "reading the data file", e);
    let mut file = File::open(path).map_err(|e| Error::io(path, "opening the data file", e))?;
    let total = file.metadata().map_err(io)?.len();
    let mut hasher = Sha256::new();
    let chunk_bytes = chunk_bytes.max(1024);

    // The header: read until a whole first record is in the buffer.
    let mut carry: Vec<u8> = Vec::new();
    let mut eof;
    let (header, mut line) = loop {
        let before = carry.len();
        eof = fill(&mut file, &mut carry, chunk_bytes).map_err(io)?;
        if hash {
            hasher.update(&carry[before..]);
        }
        if let Some(end) = record_end(&carry, eof) {
            let header = csv_reader(&carry[..end])
                .headers()
                .map_err(|e| csv_error(path, e))?
                .clone();
            let lines = memchr::memchr_iter(b'\n', &carry[..end]).count() as u64;
            carry.drain(..end);
            break (header, lines + 1);
        }
    };
    let work = start(&header)?;
    let work = &work;
    // Chunk buffers circulate: the reader fills one, a worker folds it and hands it back, so at most
    // `in_flight` chunks are in memory and no chunk is copied or freshly allocated (and paged in)
    // after the first few.
    let in_flight = rayon::current_num_threads() * 2 + 1;
    let (give, take) = std::sync::mpsc::sync_channel::<Vec<u8>>(in_flight);
    for _ in 0..in_flight {
        give.send(Vec::new())
            .expect("the channel has room for every buffer");
    }
    progress.begin_bytes("reading", total);
    let mut read_error = None;
    rayon::in_place_scope(|scope| {
        let mut index = 0usize;
        while !stop.load(Ordering::Relaxed) && (!eof || !carry.is_empty()) {
            let Ok(mut chunk) = take.recv() else {
                break;
            };
            // The buffer starts with what the last chunk left: the start of a record it cut.
            chunk.clear();
            chunk.extend_from_slice(&carry);
            carry.clear();
            if !eof {
                let before = chunk.len();
                match fill(&mut file, &mut chunk, chunk_bytes) {
                    Ok(e) => eof = e,
                    Err(e) => {
                        read_error = Some(io(e));
                        break;
                    }
                }
                if hash {
                    hasher.update(&chunk[before..]);
                }
            }
            let cut = if eof {
                chunk.len()
            } else {
                match record_end_last(&chunk) {
                    Some(cut) => cut,
                    None => {
                        // No record ends in it yet: keep all of it and read on.
                        std::mem::swap(&mut carry, &mut chunk);
                        give.send(chunk).ok();
                        continue;
                    }
                }
            };
            carry.extend_from_slice(&chunk[cut..]);
            chunk.truncate(cut);
            if chunk.is_empty() {
                break;
            }
            let start_line = line;
            line += memchr::memchr_iter(b'\n', &chunk).count() as u64;
            let give = &give;
            let i = index;
            index += 1;
            scope.spawn(move |_| {
                // Handed back even if `work` panics: else the reader would wait for a buffer that
                // never comes instead of ending and letting the scope pass the panic on.
                let back = HandBack { chunk, give, stop };
                work(i, &back.chunk, start_line);
            });
        }
    });
    progress.end();
    if let Some(e) = read_error {
        return Err(e);
    }
    Ok(Chunked {
        header,
        sha256: if hash {
            crate::hash::hex(&hasher.finalize())
        } else {
            String::new()
        },
        bytes: total,
    })
}

/// A bare parse of the CSV file at `path`: read in chunks and every record split into its fields on
/// all threads (by hand where the audit splits by hand, [`plain_text`]), nothing checked, converted
/// or hashed. The floor an audit's read cannot go below.
/// Returns `(records, fields)`.
pub fn bare_parse(path: &Path, chunk_bytes: usize, progress: &dyn Progress) -> Result<(u64, u64)> {
    use std::sync::atomic::AtomicU64;
    let (records, fields) = (AtomicU64::new(0), AtomicU64::new(0));
    let stop = AtomicBool::new(false);
    read_chunks(path, chunk_bytes, false, &stop, progress, |_| {
        Ok(|_, chunk: &[u8], _| {
            if let Some(text) = plain_text(chunk) {
                let (mut r, mut f) = (0, 0);
                for_each_plain_record(text, 0, |_, fields| {
                    r += 1;
                    f += fields.len() as u64;
                    Ok(())
                })
                .expect("counting cannot fail");
                records.fetch_add(r, Ordering::Relaxed);
                fields.fetch_add(f, Ordering::Relaxed);
                progress.advance_bytes(chunk.len() as u64, records.load(Ordering::Relaxed));
                return;
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(chunk);
            let mut record = csv::ByteRecord::new();
            let (mut r, mut f) = (0, 0);
            while let Ok(true) = reader.read_byte_record(&mut record) {
                r += 1;
                f += record.len() as u64;
            }
            records.fetch_add(r, Ordering::Relaxed);
            fields.fetch_add(f, Ordering::Relaxed);
            progress.advance_bytes(chunk.len() as u64, records.load(Ordering::Relaxed));
        })
    })?;
    Ok((records.into_inner(), fields.into_inner()))
}

/// A chunk on its way back to the reader when its worker is done with it (or panics, which also
/// stops the reading).
struct HandBack<'a> {
    chunk: Vec<u8>,
    give: &'a std::sync::mpsc::SyncSender<Vec<u8>>,
    stop: &'a AtomicBool,
}

impl Drop for HandBack<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.stop.store(true, Ordering::Relaxed);
        }
        self.give.send(std::mem::take(&mut self.chunk)).ok();
    }
}

/// Appends up to `want` bytes; true at the end of the file.
fn fill(file: &mut File, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let start = buf.len();
    buf.resize(start + want, 0);
    let mut got = 0;
    while got < want {
        match file.read(&mut buf[start + got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(start + got);
                return Err(e);
            }
        }
    }
    buf.truncate(start + got);
    Ok(got < want)
}

/// The end (after its newline) of the first record in `buf`, outside quotes; at the end of the file,
/// the whole buffer.
fn record_end(buf: &[u8], eof: bool) -> Option<usize> {
    let mut quoted = false;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        match buf[i] {
            b'"' => quoted = !quoted,
            _ if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    eof.then_some(buf.len())
}

/// The end (after its newline) of the last whole record in `buf`, which starts at a record boundary.
/// A doubled quote inside a quoted field toggles twice, so counting quotes is enough.
fn record_end_last(buf: &[u8]) -> Option<usize> {
    if memchr::memchr(b'"', buf).is_none() {
        return memchr::memrchr(b'\n', buf).map(|i| i + 1);
    }
    let mut quoted = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        match buf[i] {
            b'"' => quoted = !quoted,
            _ if !quoted => last = Some(i + 1),
            _ => {}
        }
    }
    last
}

/// Rows folded, and the chunk's rows in the sample as `(key, line, record)`.
type ChunkResult = Result<(u64, Vec<(u64, u64, csv::StringRecord)>)>;

/// The rows of one chunk as they are folded, with the sample they leave.
struct ChunkFold<'a> {
    fold: &'a mut CellFold,
    rows: u64,
    sample: Vec<(u64, u64, csv::StringRecord)>,
    header: &'a csv::StringRecord,
    columns: &'a RowColumns,
    path: &'a Path,
    seed: u64,
    limit: u64,
}

impl ChunkFold<'_> {
    /// Folds one record on `line` (whose field count matches the header). `owned` gives the
    /// record to keep when it falls in the sample.
    fn row<F: Fields + ?Sized>(
        &mut self,
        record: &F,
        line: u64,
        owned: impl FnOnce() -> csv::StringRecord,
    ) -> Result<()> {
        let row = self.columns.parse(record, line, self.header, self.path)?;
        self.fold
            .add(self.columns.group_values(record), FoldRow::from(&row));
        self.rows += 1;
        let key = mix(self.seed ^ line);
        if key < self.limit {
            self.sample.push((key, line, owned()));
        }
        Ok(())
    }

    fn wrong_length(&self, line: u64, fields: usize) -> Error {
        Error::Csv {
            path: self.path.to_path_buf(),
            line,
            message: format!(
                "this row has {fields} fields, the header has {}",
                self.header.len()
            ),
        }
    }
}

/// Parses one chunk whose first record starts on `start_line` and folds it into `fold`.
#[allow(clippy::too_many_arguments)]
fn fold_chunk(
    fold: &mut CellFold,
    chunk: &[u8],
    start_line: u64,
    header: &csv::StringRecord,
    columns: &RowColumns,
    path: &Path,
    seed: u64,
    limit: u64,
) -> ChunkResult {
    let mut f = ChunkFold {
        fold,
        rows: 0,
        sample: Vec::new(),
        header,
        columns,
        path,
        seed,
        limit,
    };
    if let Some(text) = plain_text(chunk) {
        for_each_plain_record(text, start_line, |line, fields| {
            if fields.len() != header.len() {
                return Err(f.wrong_length(line, fields.len()));
            }
            f.row(fields, line, || csv::StringRecord::from(fields.to_vec()))
        })?;
        return Ok((f.rows, f.sample));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk);
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::new(chunk, start_line);
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| csv_error_at(path, e, &mut lines))?;
        if !more {
            break;
        }
        let line = lines.line_of(record.position().map_or(0, |p| p.byte()));
        if record.len() != header.len() {
            if record.len() == 1 && record[0].is_empty() {
                continue; // a blank line, as the csv reader skips it
            }
            return Err(f.wrong_length(line, record.len()));
        }
        f.row(&record, line, || record.clone())?;
    }
    Ok((f.rows, f.sample))
}
