//! Reading a scored file for an audit: whole into memory, or streamed (every row folded into the
//! subgroup audit's tables, a uniform sample kept for the sampling and spurious audits). A Parquet
//! file (`.parquet`) is always streamed.

use std::path::Path;

use crate::audit::fold::{self, Folded};
use crate::data::{RowColumns, ScoredData, ScoredRows};
use crate::error::{Error, Result};
use crate::manifest::{DataSpec, PredictionSpec};
use crate::parquet::stream_parquet;
use crate::progress::Progress;
use crate::record::StreamedSummary;
use crate::reference::RawTable;
use crate::register::LoadedReferences;
use crate::stream::{Sample, StreamOptions, stream_scored};

/// Files larger than this are streamed unless the caller says otherwise.
pub const STREAM_ABOVE_BYTES: u64 = 512 << 20;

/// How the scored file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadMode {
    /// Streamed when larger than [`STREAM_ABOVE_BYTES`], else into memory.
    Auto,
    InMemory,
    Streamed(StreamOptions),
}

/// The scored file as the audits read it.
#[derive(Debug)]
pub struct AuditData {
    /// Every row, or (streamed) the sample.
    pub rows: ScoredData,
    /// The subgroup audit's tables, from every row.
    pub folded: Folded,
    pub refs: LoadedReferences,
    pub streamed: Option<StreamedSummary>,
}

/// Reads `spec.file` (and the sampling audit's reference files) as `mode` says.
pub fn read_for_audit(
    spec: &DataSpec,
    mode: &ReadMode,
    progress: &dyn Progress,
) -> Result<AuditData> {
    let parquet = crate::parquet::is_parquet(&spec.file);
    let options = match mode {
        ReadMode::InMemory if parquet => {
            return Err(Error::field(
                &spec.file,
                "--in-memory",
                "Parquet files are always streamed; leave out --in-memory",
            ));
        }
        ReadMode::Auto if parquet => Some(StreamOptions::default()),
        ReadMode::InMemory => None,
        ReadMode::Streamed(o) => Some(o.clone()),
        ReadMode::Auto => {
            let size = std::fs::metadata(&spec.file)
                .map_err(|e| Error::io(&spec.file, "opening the data file", e))?
                .len();
            (size > STREAM_ABOVE_BYTES).then(StreamOptions::default)
        }
    };
    let Some(options) = options else {
        let rows = crate::data::load_scored(spec)?;
        let folded = fold::from_rows(&rows, spec)?;
        let refs = LoadedReferences::load(spec)?;
        return Ok(AuditData {
            rows,
            folded,
            refs,
            streamed: None,
        });
    };
    if spec.map.is_some() {
        return Err(Error::field(
            &spec.origin,
            "data.map",
            if parquet {
                "a model with a map is audited in memory (its map needs every row), and a Parquet \
                 file is always streamed: give its data as CSV"
            } else {
                "a model with a map is audited in memory (its map needs every row); leave out --stream"
            },
        ));
    }
    let streamed = if parquet {
        stream_parquet(spec, &options, progress)?
    } else {
        stream_scored(spec, &options, progress)?
    };
    let scores = matches!(spec.prediction, Some(PredictionSpec::Score { .. }));
    let (tables, sample) = (streamed.tables, &streamed.sample);
    let (path, sha256) = (&streamed.path, &streamed.sha256);
    let (folded, (rows, scored)) = rayon::join(
        || tables.into_folded(spec, scores, spec.count.is_some()),
        || {
            rayon::join(
                || sample_rows(sample, spec, path, sha256),
                || sample_table(sample, path, sha256),
            )
        },
    );
    let rows = rows?;
    let refs = LoadedReferences::load_with(spec, scored)?;
    Ok(AuditData {
        rows,
        folded,
        refs,
        streamed: Some(StreamedSummary {
            sample_rows: streamed.sample.rows.len() as u64,
            sample_method: format!(
                "{} of {} rows: {}",
                streamed.sample.rows.len(),
                streamed.sample.of_rows,
                streamed.sample.method
            ),
        }),
    })
}

/// The sample as scored rows, each parsed as the loader parses a file's rows (so with the same checks),
/// with its line in the file and the whole file's hash.
fn sample_rows(sample: &Sample, spec: &DataSpec, path: &Path, sha256: &str) -> Result<ScoredData> {
    let columns = RowColumns::resolve(&sample.header, spec, path)?;
    let mut rows = ScoredRows::new(columns, sample.header.clone(), path);
    for (line, record) in &sample.rows {
        rows.push(record, *line)?;
    }
    let mut data = rows.finish(spec)?;
    data.sha256 = sha256.to_string();
    Ok(data)
}

/// The sample as a table of text columns (for the spurious audit and drift).
fn sample_table(sample: &Sample, path: &Path, sha256: &str) -> RawTable {
    use rayon::prelude::*;
    let names: Vec<(usize, &str)> = sample.header.iter().enumerate().collect();
    let columns = names
        .into_par_iter()
        .map(|(i, name)| {
            (
                name.to_string(),
                sample
                    .rows
                    .iter()
                    .map(|(_, r)| r[i].trim().to_string())
                    .collect(),
            )
        })
        .collect();
    RawTable {
        path: path.to_path_buf(),
        sha256: sha256.to_string(),
        columns,
        rows: sample.rows.len(),
        lines: sample.rows.iter().map(|(line, _)| *line).collect(),
    }
}
