//! Loading a scored CSV file into typed columns, with errors that name the file, line and column.
//!
//! Only the columns the audit needs are kept. The file is hashed while it is parsed (one read).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::manifest::{DataSpec, PredictionSpec};

/// A finite, non-negative number, or the reason it is not.
fn parse_count(cell: &str) -> std::result::Result<f64, &'static str> {
    match crate::numbers::parse_f64(cell) {
        Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Some(_) => Err("a count must be a finite number of at least 0"),
        None => Err("a count must be a number (e.g. 3 or 2.5)"),
    }
}

/// Shown as the group of a row whose group cell is empty, so missing values stay visible.
pub const MISSING_GROUP: &str = "(missing)";

/// A categorical column: sorted distinct values and one code per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupColumn {
    pub name: String,
    /// Distinct values in sorted order; `codes` index into this.
    pub levels: Vec<String>,
    pub codes: Vec<u32>,
}

/// The columns of a scored file that the audits use, one entry per data row.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredData {
    /// The file as given (for messages).
    pub path: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Observed outcome; `None` where the label cell is empty (not observed).
    pub labels: Vec<Option<bool>>,
    /// Predicted class (from the prediction column, or `score >= threshold`).
    pub predictions: Vec<bool>,
    /// The score column, when the prediction comes from a score.
    pub scores: Option<Vec<f64>>,
    /// Group columns in the order of the spec.
    pub groups: Vec<GroupColumn>,
    /// Observed and predicted counts, when the model predicts counts.
    pub counts: Option<CountColumns>,
    /// Recorded events and the residents each row stands for, when the sampling audit compares
    /// reporting rates.
    pub reporting: Option<ReportingColumns>,
}

/// Events recorded per row and the residents a row stands for (1 each without an exposure column).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingColumns {
    pub events: Vec<f64>,
    pub exposure: Vec<f64>,
}

/// The two columns of a count prediction, one entry per data row (both finite and ≥ 0).
#[derive(Debug, Clone, PartialEq)]
pub struct CountColumns {
    pub observed: Vec<f64>,
    pub predicted: Vec<f64>,
}

impl ScoredData {
    /// Number of data rows.
    pub fn rows(&self) -> usize {
        self.predictions.len()
    }
}

/// Reads `spec.file` (whole into memory first: the in-memory path is for files that fit).
pub fn load_scored(spec: &DataSpec) -> Result<ScoredData> {
    let path = spec.file.as_path();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "reading the data file", e))?;
    let mut data = read_scored(&bytes, spec, path)?;
    data.sha256 = crate::hash::sha256_hex(&bytes);
    Ok(data)
}

/// Physical line numbers of records from their byte offsets. (The csv crate's own line count of a
/// record lags one behind after a CRLF line end, so it is not used.) Offsets must not decrease.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    /// Counting from `bytes[0]`, which lies on line `first_line`.
    pub fn new(bytes: &'a [u8], first_line: u64) -> Self {
        Lines {
            bytes,
            at: 0,
            line: first_line,
        }
    }

    /// The line of the record (or error) csv places at byte `offset`: line ends left over before
    /// its first character are skipped.
    pub fn line_of(&mut self, offset: u64) -> u64 {
        let mut c = (offset as usize).min(self.bytes.len());
        while c < self.bytes.len() && matches!(self.bytes[c], b'\r' | b'\n') {
            c += 1;
        }
        if c > self.at {
            self.line += memchr::memchr_iter(b'\n', &self.bytes[self.at..c]).count() as u64;
            self.at = c;
        }
        self.line
    }
}

/// A csv error at its physical line (see [`Lines`]).
pub fn csv_error_at(path: &Path, e: csv::Error, lines: &mut Lines<'_>) -> Error {
    let offset = e.position().map(|p| p.byte());
    let mut err = csv_error(path, e);
    if let (Error::Csv { line, .. }, Some(offset)) = (&mut err, offset) {
        *line = lines.line_of(offset);
    }
    err
}

/// Reads a scored file's rows from its `bytes` (`path` names it in messages); `sha256` is left empty.
pub fn read_scored(bytes: &[u8], spec: &DataSpec, path: &Path) -> Result<ScoredData> {
    let reader = &mut csv_reader(bytes);
    let mut lines = Lines::new(bytes, 1);
    let (columns, header) = RowColumns::from_reader(reader, spec, path)?;
    let mut rows = ScoredRows::new(columns, header, path);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error_at(path, e, &mut lines)),
        }
        let line = lines.line_of(record.position().map_or(0, |p| p.byte()));
        rows.push(&record, line)?;
    }
    rows.finish(spec)
}

/// Scored rows gathered one record at a time (from a file, or from records already read, such as a
/// streamed file's sample), each parsed by [`RowColumns::parse`].
pub struct ScoredRows<'p> {
    columns: RowColumns,
    header: csv::StringRecord,
    path: &'p Path,
    data: ScoredData,
    /// Per group column, its values coded in the order first seen.
    group_values: Vec<Interned>,
}

impl<'p> ScoredRows<'p> {
    /// Rows of a file with `header` whose columns are `columns`; `path` names it in messages.
    pub fn new(columns: RowColumns, header: csv::StringRecord, path: &'p Path) -> Self {
        let data = ScoredData {
            path: path.to_path_buf(),
            sha256: String::new(),
            labels: Vec::new(),
            predictions: Vec::new(),
            scores: columns.threshold.map(|_| Vec::new()),
            groups: Vec::new(),
            counts: columns.count.map(|_| CountColumns {
                observed: Vec::new(),
                predicted: Vec::new(),
            }),
            reporting: columns.reporting.map(|_| ReportingColumns {
                events: Vec::new(),
                exposure: Vec::new(),
            }),
        };
        ScoredRows {
            group_values: (0..columns.groups.len())
                .map(|_| Interned::default())
                .collect(),
            columns,
            header,
            path,
            data,
        }
    }

    /// Adds the record on `line`.
    pub fn push<F: Fields + ?Sized>(&mut self, record: &F, line: u64) -> Result<()> {
        let row = self.columns.parse(record, line, &self.header, self.path)?;
        let data = &mut self.data;
        data.labels.push(row.label);
        data.predictions.push(row.predicted);
        if let (Some(scores), Some(s)) = (data.scores.as_mut(), row.score) {
            scores.push(s);
        }
        if let (Some(c), Some((y, mu))) = (data.counts.as_mut(), row.count) {
            c.observed.push(y);
            c.predicted.push(mu);
        }
        if let (Some(r), Some((events, exposure))) = (data.reporting.as_mut(), row.reporting) {
            r.events.push(events);
            r.exposure.push(exposure);
        }
        for (values, v) in self
            .group_values
            .iter_mut()
            .zip(self.columns.group_values(record))
        {
            values.push(v);
        }
        Ok(())
    }

    /// The rows, once checked that there are enough (see [`check_rows`]).
    pub fn finish(self, spec: &DataSpec) -> Result<ScoredData> {
        let mut data = self.data;
        let labelled = data.labels.iter().filter(|l| l.is_some()).count();
        check_rows(
            data.labels.len() as u64,
            labelled as u64,
            spec.label.as_deref(),
            self.path,
        )?;
        data.groups = spec
            .groups
            .iter()
            .zip(self.group_values)
            .map(|(g, values)| values.into_column(&g.column))
            .collect();
        Ok(data)
    }
}

/// The CSV settings every reader of a scored file uses (header line, cells trimmed).
pub fn csv_reader<R: std::io::Read>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(r)
}

/// The errors of a file whose rows all parsed: no rows at all, or no observed label.
pub fn check_rows(rows: u64, labelled: u64, label_column: Option<&str>, path: &Path) -> Result<()> {
    if rows == 0 {
        return Err(Error::EmptyData {
            path: path.to_path_buf(),
            what: "a header but no data rows",
        });
    }
    if let Some(label_column) = label_column
        && labelled == 0
    {
        return Err(Error::BadValue {
            path: path.to_path_buf(),
            line: 2,
            column: label_column.to_string(),
            value: String::new(),
            reason: "every label cell is empty: no outcome was observed, so no error rate can be computed".into(),
        });
    }
    Ok(())
}

/// One data row as the audits read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedRow {
    pub label: Option<bool>,
    pub predicted: bool,
    pub score: Option<f64>,
    pub count: Option<(f64, f64)>,
    pub reporting: Option<(f64, f64)>,
}

/// Where the columns the audits read sit in a scored file's header, and how a row is parsed: shared
/// by the in-memory loader and the streamed audit, so both read every cell the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct RowColumns {
    /// `None` for data without labels (every row unlabelled).
    pub label: Option<usize>,
    /// `None` for data without a model's decisions (every row predicted negative, unused).
    pub prediction: Option<usize>,
    /// `Some(t)` when the prediction is `score >= t`.
    pub threshold: Option<f64>,
    pub count: Option<(usize, usize)>,
    pub reporting: Option<(usize, Option<usize>)>,
    pub groups: Vec<usize>,
}

/// Refuses a header in which a name appears twice, naming the column and both positions: every
/// reader (CSV in memory or streamed, Parquet, reference files) looks columns up by name, and a
/// duplicate would silently resolve to the first.
pub fn unique_header<'h>(names: impl Iterator<Item = &'h str>, path: &Path) -> Result<()> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, name) in names.enumerate() {
        if let Some(&first) = seen.get(name) {
            return Err(Error::DuplicateColumn {
                path: path.to_path_buf(),
                column: name.to_string(),
                first: first + 1,
                second: i + 1,
            });
        }
        seen.insert(name, i);
    }
    Ok(())
}

impl RowColumns {
    /// Reads the header of `reader` and finds every column of `spec` in it.
    pub fn from_reader<R: std::io::Read>(
        reader: &mut csv::Reader<R>,
        spec: &DataSpec,
        path: &Path,
    ) -> Result<(Self, csv::StringRecord)> {
        let header = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        Ok((Self::resolve(&header, spec, path)?, header))
    }

    /// Finds every column of `spec` in `header`.
    pub fn resolve(header: &csv::StringRecord, spec: &DataSpec, path: &Path) -> Result<Self> {
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Err(Error::EmptyData {
                path: path.to_path_buf(),
                what: "no header line",
            });
        }
        unique_header(header.iter(), path)?;
        let find = |column: &str, role: &'static str| -> Result<usize> {
            header
                .iter()
                .position(|h| h == column)
                .ok_or_else(|| Error::MissingColumn {
                    path: path.to_path_buf(),
                    column: column.to_string(),
                    role,
                    available: header.iter().collect::<Vec<_>>().join(", "),
                })
        };
        let label = spec
            .label
            .as_deref()
            .map(|l| find(l, "label column"))
            .transpose()?;
        let (prediction, threshold) = match &spec.prediction {
            Some(PredictionSpec::Column(c)) => (Some(find(c, "prediction column")?), None),
            Some(PredictionSpec::Score { column, threshold }) => {
                (Some(find(column, "score column")?), Some(*threshold))
            }
            None => (None, None),
        };
        let count = match &spec.count {
            Some(c) => Some((
                find(&c.observed, "count column")?,
                find(&c.predicted, "predicted count column")?,
            )),
            None => None,
        };
        let reporting = match &spec.sampling.reporting {
            Some(r) => Some((
                find(&r.events, "reported events column")?,
                r.exposure
                    .as_deref()
                    .map(|e| find(e, "exposure column"))
                    .transpose()?,
            )),
            None => None,
        };
        let groups = spec
            .groups
            .iter()
            .map(|g| find(&g.column, "group column"))
            .collect::<Result<_>>()?;
        Ok(RowColumns {
            label,
            prediction,
            threshold,
            count,
            reporting,
            groups,
        })
    }

    /// Parses one row (at `line` of `path`; cells are trimmed here, so a reader need not trim); an
    /// error names the line, column and value.
    #[inline]
    pub fn parse<F: Fields + ?Sized>(
        &self,
        record: &F,
        line: u64,
        header: &csv::StringRecord,
        path: &Path,
    ) -> Result<ParsedRow> {
        let cell = |i: usize| trim(record.field(i));
        let bad = |idx: usize, reason: &str| Error::BadValue {
            path: path.to_path_buf(),
            line,
            column: header[idx].to_string(),
            value: cell(idx).to_string(),
            reason: reason.to_string(),
        };
        let label = match self.label.map(|i| (i, cell(i))) {
            None | Some((_, "")) => None,
            Some((i, label_cell)) => Some(parse_binary(label_cell).ok_or_else(|| {
                bad(
                    i,
                    "a label must be 0/1 or true/false (or empty when not observed)",
                )
            })?),
        };
        let (predicted, score) = match (self.prediction, self.threshold) {
            (None, _) => (false, None),
            (Some(pi), Some(t)) => {
                let s: f64 = record
                    .number(pi)
                    .or_else(|| crate::numbers::parse_f64(cell(pi)))
                    .filter(|s: &f64| s.is_finite())
                    .ok_or_else(|| bad(pi, "a score must be a finite number"))?;
                (s >= t, Some(s))
            }
            (Some(pi), None) => (
                parse_binary(cell(pi))
                    .ok_or_else(|| bad(pi, "a prediction must be 0/1 or true/false"))?,
                None,
            ),
        };
        let count = match self.count {
            Some((oi, pi)) => Some((
                parse_count(cell(oi)).map_err(|why| bad(oi, why))?,
                parse_count(cell(pi)).map_err(|why| bad(pi, why))?,
            )),
            None => None,
        };
        let reporting = match self.reporting {
            Some((ei, xi)) => Some((
                parse_count(cell(ei)).map_err(|why| bad(ei, why))?,
                match xi {
                    Some(xi) => parse_count(cell(xi)).map_err(|why| bad(xi, why))?,
                    None => 1.0,
                },
            )),
            None => None,
        };
        Ok(ParsedRow {
            label,
            predicted,
            score,
            count,
            reporting,
        })
    }

    /// The row's group values in spec order, an empty cell as [`MISSING_GROUP`].
    pub fn group_values<'r, F: Fields + ?Sized>(
        &'r self,
        record: &'r F,
    ) -> impl Iterator<Item = &'r str> + Clone + 'r {
        self.groups.iter().map(|&i| match trim(record.field(i)) {
            "" => MISSING_GROUP,
            v => v,
        })
    }
}

/// A row's cells by column index: a csv record, or fields split from a line by hand (the streamed
/// reader's fast path).
pub trait Fields {
    fn field(&self, i: usize) -> &str;

    /// The cell's number when the source holds it as a finite 64-bit float (a Parquet `DOUBLE`):
    /// exactly what its text, Rust's shortest round-trip form, parses to, so the parse is skipped.
    /// `field(i)` may then be empty.
    fn number(&self, _i: usize) -> Option<f64> {
        None
    }
}

impl Fields for csv::StringRecord {
    fn field(&self, i: usize) -> &str {
        &self[i]
    }
}

impl Fields for [&str] {
    fn field(&self, i: usize) -> &str {
        self[i]
    }
}

/// `cell.trim()`, without the Unicode scan when the cell starts and ends with a visible ASCII
/// character (nothing to trim then).
#[inline]
fn trim(cell: &str) -> &str {
    let b = cell.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
}

#[inline]
fn parse_binary(cell: &str) -> Option<bool> {
    // A one-character 0/1 (the common case) without a branch on which it is: labels and
    // predictions are random from row to row, so such a branch is mispredicted half the time.
    if let [b @ (b'0' | b'1')] = cell.as_bytes() {
        return Some(*b == b'1');
    }
    match cell {
        "1" | "1.0" => Some(true),
        "0" | "0.0" => Some(false),
        _ if cell.eq_ignore_ascii_case("true") => Some(true),
        _ if cell.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A column's values as codes in the order first seen (one hash lookup per row, no text copied
/// unless the value is new), sorted into a [`GroupColumn`] at the end.
#[derive(Debug, Default)]
struct Interned {
    index: rustc_hash::FxHashMap<String, u32>,
    codes: Vec<u32>,
}

impl Interned {
    fn push(&mut self, value: &str) {
        let code = match self.index.get(value) {
            Some(&c) => c,
            None => {
                let c = self.index.len() as u32;
                self.index.insert(value.to_string(), c);
                c
            }
        };
        self.codes.push(code);
    }

    /// The column with its levels sorted and the codes indexing them.
    fn into_column(self, name: &str) -> GroupColumn {
        let mut levels: Vec<(String, u32)> = self.index.into_iter().collect();
        levels.sort_unstable();
        let mut recode = vec![0u32; levels.len()];
        for (sorted, (_, first_seen)) in levels.iter().enumerate() {
            recode[*first_seen as usize] = sorted as u32;
        }
        GroupColumn {
            name: name.to_string(),
            levels: levels.into_iter().map(|(v, _)| v).collect(),
            codes: self.codes.iter().map(|&c| recode[c as usize]).collect(),
        }
    }
}

pub(crate) fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields, the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("not valid UTF-8 (in field {})", err.field() + 1)
        }
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    };
    Error::Csv {
        path: path.to_path_buf(),
        line,
        message,
    }
}
