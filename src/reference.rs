//! Reading the sampling audit's reference files: population counts, an independent incidence estimate
//! (e.g. a victimisation survey) and whole tables of raw columns (training vs deployment data).
//!
//! Each reader checks every cell and names the file, line and column of a bad one; each hashes the
//! file while reading it, so the record can cite exactly what was compared with.
//!
//! **Population file** (CSV, header names in any order): `attribute`, `group`, `population` (a count
//! above 0), optional `unit` (what is counted: `house`, `resident`), `source`, `year`.
//!
//! **Incidence file** (CSV): `attribute`, `group`, `per_1000_per_year` (events per 1,000 residents per
//! year, above 0), `standard_error` (of that rate; may be empty when unknown), `source`, `year`.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::data::csv_error;
use crate::error::{Error, Result};
use crate::hash::HashingReader;

/// One line of a population file.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationRow {
    pub line: u64,
    pub attribute: String,
    pub group: String,
    pub population: f64,
    pub unit: Option<String>,
    pub source: String,
    pub year: String,
}

/// One line of an incidence file.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidenceRow {
    pub line: u64,
    pub attribute: String,
    pub group: String,
    pub per_1000_per_year: f64,
    pub standard_error: Option<f64>,
    pub source: String,
    pub year: String,
}

/// A reference file as read: its path, its SHA-256 and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceFile<R> {
    pub path: PathBuf,
    pub sha256: String,
    pub rows: Vec<R>,
}

/// A population file.
pub type Population = ReferenceFile<PopulationRow>;
/// An incidence file.
pub type Incidence = ReferenceFile<IncidenceRow>;

/// Every column of a CSV file as text, for comparing two files column by column.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub path: PathBuf,
    pub sha256: String,
    /// `(column name, one cell per row)` in header order.
    pub columns: Vec<(String, Vec<String>)>,
    pub rows: usize,
    /// The line in the file where each row starts (empty when unknown: then row `i` is taken to
    /// start on line `i + 2`, after the header).
    pub lines: Vec<u64>,
}

impl RawTable {
    /// The line in the file where data row `i` (from 0) starts.
    pub fn line_of_row(&self, i: usize) -> u64 {
        self.lines.get(i).copied().unwrap_or(i as u64 + 2)
    }

    pub fn column(&self, name: &str) -> Option<&[String]> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The cells of a column, or an error naming the file, the column, its `role` and the header.
    pub fn require(&self, name: &str, role: &'static str) -> Result<&[String]> {
        self.column(name).ok_or_else(|| Error::MissingColumn {
            path: self.path.clone(),
            column: name.to_string(),
            role,
            available: self
                .columns
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

/// Reads a population file.
pub fn load_population(path: &Path) -> Result<Population> {
    read_rows(
        path,
        &["attribute", "group", "population", "source", "year"],
        &["unit"],
        |cells, line, bad| {
            let population = positive(cells[2], "population")
                .map_err(|why| bad("population", cells[2], &why))?;
            Ok(PopulationRow {
                line,
                attribute: cells[0].to_string(),
                group: cells[1].to_string(),
                population,
                unit: cells[5..].first().map(|u| u.to_string()),
                source: cells[3].to_string(),
                year: cells[4].to_string(),
            })
        },
        |r| (&r.attribute, &r.group),
    )
}

/// Reads an incidence file.
pub fn load_incidence(path: &Path) -> Result<Incidence> {
    read_rows(
        path,
        &[
            "attribute",
            "group",
            "per_1000_per_year",
            "standard_error",
            "source",
            "year",
        ],
        &[],
        |cells, line, bad| {
            let rate = positive(cells[2], "rate")
                .map_err(|why| bad("per_1000_per_year", cells[2], &why))?;
            let standard_error = match cells[3] {
                "" => None,
                s => Some(
                    s.parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && *x >= 0.0)
                        .ok_or_else(|| {
                            bad(
                                "standard_error",
                                s,
                                "a standard error must be a number of at least 0 (or empty when unknown)",
                            )
                        })?,
                ),
            };
            Ok(IncidenceRow {
                line,
                attribute: cells[0].to_string(),
                group: cells[1].to_string(),
                per_1000_per_year: rate,
                standard_error,
                source: cells[4].to_string(),
                year: cells[5].to_string(),
            })
        },
        |r| (&r.attribute, &r.group),
    )
}

fn positive(cell: &str, what: &str) -> std::result::Result<f64, String> {
    match cell.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        Ok(_) => Err(format!(
            "a {what} must be above 0: a group with none cannot be compared with"
        )),
        Err(_) => Err(format!("a {what} must be a number (e.g. 1250)")),
    }
}

type BadCell<'a> = &'a dyn Fn(&str, &str, &str) -> Error;

/// Reads a CSV with `required` and `optional` columns (cells handed to `parse` in that order, optional
/// ones only when present); checks that no text cell is empty and no `key` appears twice.
fn read_rows<R>(
    path: &Path,
    required: &[&str],
    optional: &[&str],
    parse: impl Fn(&[&str], u64, BadCell<'_>) -> Result<R>,
    key: impl Fn(&R) -> (&String, &String),
) -> Result<ReferenceFile<R>> {
    let mut reader = open(path)?;
    let header = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    crate::data::unique_header(header.iter(), path)?;
    let mut idx: Vec<usize> = Vec::new();
    for name in required {
        idx.push(
            header
                .iter()
                .position(|h| h == *name)
                .ok_or_else(|| Error::MissingColumn {
                    path: path.to_path_buf(),
                    column: name.to_string(),
                    role: "required column of a reference file",
                    available: header.iter().collect::<Vec<_>>().join(", "),
                })?,
        );
    }
    for name in optional {
        if let Some(i) = header.iter().position(|h| h == *name) {
            idx.push(i);
        }
    }
    let mut rows = Vec::new();
    let mut first_line: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(path, e))?
    {
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<&str> = idx.iter().map(|&i| &record[i]).collect();
        let bad = |column: &str, value: &str, reason: &str| Error::BadValue {
            path: path.to_path_buf(),
            line,
            column: column.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        };
        for (&i, cell) in idx.iter().zip(&cells) {
            let name = &header[i];
            let may_be_empty = name == "standard_error";
            if cell.is_empty() && !may_be_empty {
                return Err(bad(name, cell, "must not be empty"));
            }
        }
        let row = parse(&cells, line, &bad)?;
        let (a, g) = key(&row);
        if let Some(first) = first_line.insert((a.clone(), g.clone()), line) {
            return Err(bad(
                "group",
                g,
                &format!("group `{g}` of attribute `{a}` appears twice (first on line {first})"),
            ));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(Error::EmptyData {
            path: path.to_path_buf(),
            what: "a header but no data rows",
        });
    }
    let sha256 = finish(reader, path)?;
    Ok(ReferenceFile {
        path: path.to_path_buf(),
        sha256,
        rows,
    })
}

/// Reads every column of a CSV file as text (for drift: the training file and the scored file).
pub fn load_raw_table(path: &Path) -> Result<RawTable> {
    let mut reader = open(path)?;
    let header = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(Error::EmptyData {
            path: path.to_path_buf(),
            what: "no header line",
        });
    }
    crate::data::unique_header(header.iter(), path)?;
    let mut columns: Vec<(String, Vec<String>)> =
        header.iter().map(|h| (h.to_string(), Vec::new())).collect();
    let mut record = csv::StringRecord::new();
    let mut rows = 0;
    let mut lines = Vec::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(path, e))?
    {
        for ((_, values), cell) in columns.iter_mut().zip(record.iter()) {
            values.push(cell.to_string());
        }
        lines.push(record.position().map_or(rows as u64 + 2, |p| p.line()));
        rows += 1;
    }
    if rows == 0 {
        return Err(Error::EmptyData {
            path: path.to_path_buf(),
            what: "a header but no data rows",
        });
    }
    let sha256 = finish(reader, path)?;
    Ok(RawTable {
        path: path.to_path_buf(),
        sha256,
        columns,
        rows,
        lines,
    })
}

fn open(path: &Path) -> Result<csv::Reader<HashingReader<File>>> {
    if crate::parquet::is_parquet(path) {
        return Err(Error::Parquet {
            path: path.to_path_buf(),
            row: None,
            column: None,
            message: "algoreg reads Parquet only as the scored data file of an audit (`data.file` \
                      or --data), not for training or as a reference file; give this file as CSV"
                .into(),
        });
    }
    let file = File::open(path).map_err(|e| Error::io(path, "opening a reference file", e))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(HashingReader::new(file)))
}

fn finish(reader: csv::Reader<HashingReader<File>>, path: &Path) -> Result<String> {
    reader
        .into_inner()
        .finish()
        .map_err(|e| Error::io(path, "reading a reference file", e))
}
