//! Loading a scored CSV file into typed columns, with errors that name the file, line and column.
//!
//! Only the columns the audit needs are kept. The file is hashed while it is parsed (one read).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::hash::HashingReader;
use crate::manifest::{DataSpec, PredictionSpec};

/// A finite, non-negative number, or the reason it is not.
fn parse_count(cell: &str) -> std::result::Result<f64, &'static str> {
    match cell.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(_) => Err("a count must be a finite number of at least 0"),
        Err(_) => Err("a count must be a number (e.g. 3 or 2.5)"),
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

/// Reads `spec.file`.
pub fn load_scored(spec: &DataSpec) -> Result<ScoredData> {
    let path = spec.file.as_path();
    let file = File::open(path).map_err(|e| Error::io(path, "opening the data file", e))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(HashingReader::new(file));
    let header = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(Error::EmptyData {
            path: path.to_path_buf(),
            what: "no header line",
        });
    }
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
    let label_idx = find(&spec.label, "label column")?;
    let (pred_idx, threshold) = match &spec.prediction {
        PredictionSpec::Column(c) => (find(c, "prediction column")?, None),
        PredictionSpec::Score { column, threshold } => {
            (find(column, "score column")?, Some(*threshold))
        }
    };
    let count_idx = match &spec.count {
        Some(c) => Some((
            find(&c.observed, "count column")?,
            find(&c.predicted, "predicted count column")?,
        )),
        None => None,
    };
    let reporting_idx = match &spec.sampling.reporting {
        Some(r) => Some((
            find(&r.events, "reported events column")?,
            r.exposure
                .as_deref()
                .map(|e| find(e, "exposure column"))
                .transpose()?,
        )),
        None => None,
    };
    let group_idx: Vec<usize> = spec
        .groups
        .iter()
        .map(|g| find(&g.column, "group column"))
        .collect::<Result<_>>()?;

    let mut labels = Vec::new();
    let mut predictions = Vec::new();
    let mut scores = threshold.map(|_| Vec::new());
    let mut group_values: Vec<Vec<String>> = vec![Vec::new(); group_idx.len()];
    let mut counts = count_idx.map(|_| CountColumns {
        observed: Vec::new(),
        predicted: Vec::new(),
    });
    let mut reporting = reporting_idx.map(|_| ReportingColumns {
        events: Vec::new(),
        exposure: Vec::new(),
    });
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(path, e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let bad = |idx: usize, reason: &str| Error::BadValue {
            path: path.to_path_buf(),
            line,
            column: header[idx].to_string(),
            value: record[idx].to_string(),
            reason: reason.to_string(),
        };
        let label_cell = &record[label_idx];
        labels.push(if label_cell.is_empty() {
            None
        } else {
            Some(parse_binary(label_cell).ok_or_else(|| {
                bad(
                    label_idx,
                    "a label must be 0/1 or true/false (or empty when not observed)",
                )
            })?)
        });
        let pred_cell = &record[pred_idx];
        match (threshold, scores.as_mut()) {
            (Some(t), Some(scores)) => {
                let s: f64 = pred_cell
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite())
                    .ok_or_else(|| bad(pred_idx, "a score must be a finite number"))?;
                scores.push(s);
                predictions.push(s >= t);
            }
            _ => predictions.push(
                parse_binary(pred_cell)
                    .ok_or_else(|| bad(pred_idx, "a prediction must be 0/1 or true/false"))?,
            ),
        }
        if let (Some((oi, pi)), Some(c)) = (count_idx, counts.as_mut()) {
            c.observed
                .push(parse_count(&record[oi]).map_err(|why| bad(oi, why))?);
            c.predicted
                .push(parse_count(&record[pi]).map_err(|why| bad(pi, why))?);
        }
        if let (Some((ei, xi)), Some(r)) = (reporting_idx, reporting.as_mut()) {
            r.events
                .push(parse_count(&record[ei]).map_err(|why| bad(ei, why))?);
            r.exposure.push(match xi {
                Some(xi) => parse_count(&record[xi]).map_err(|why| bad(xi, why))?,
                None => 1.0,
            });
        }
        for (values, &idx) in group_values.iter_mut().zip(&group_idx) {
            let v = &record[idx];
            values.push(if v.is_empty() {
                MISSING_GROUP.to_string()
            } else {
                v.to_string()
            });
        }
    }
    if predictions.is_empty() {
        return Err(Error::EmptyData {
            path: path.to_path_buf(),
            what: "a header but no data rows",
        });
    }
    if labels.iter().all(Option::is_none) {
        return Err(Error::BadValue {
            path: path.to_path_buf(),
            line: 2,
            column: spec.label.clone(),
            value: String::new(),
            reason: "every label cell is empty: no outcome was observed, so no error rate can be computed".into(),
        });
    }
    let sha256 = reader
        .into_inner()
        .finish()
        .map_err(|e| Error::io(path, "reading the data file", e))?;
    let groups = spec
        .groups
        .iter()
        .zip(group_values)
        .map(|(g, values)| encode(&g.column, values))
        .collect();
    Ok(ScoredData {
        path: path.to_path_buf(),
        sha256,
        labels,
        predictions,
        scores,
        groups,
        counts,
        reporting,
    })
}

fn parse_binary(cell: &str) -> Option<bool> {
    match cell {
        "1" | "1.0" => Some(true),
        "0" | "0.0" => Some(false),
        _ if cell.eq_ignore_ascii_case("true") => Some(true),
        _ if cell.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn encode(name: &str, values: Vec<String>) -> GroupColumn {
    let mut index: BTreeMap<String, u32> = BTreeMap::new();
    for v in &values {
        index.entry(v.clone()).or_insert(0);
    }
    for (code, slot) in index.values_mut().enumerate() {
        *slot = code as u32;
    }
    let codes = values.iter().map(|v| index[v]).collect();
    GroupColumn {
        name: name.to_string(),
        levels: index.into_keys().collect(),
        codes,
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
