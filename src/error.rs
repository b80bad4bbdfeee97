//! Typed errors of the library: every variant names the file, line, column or field that is wrong.

use std::path::PathBuf;

/// Everything that can go wrong in the library. The binary maps every variant to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {action} failed: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// A TOML file (manifest or policy) is not valid TOML or does not match the expected shape.
    #[error("{path}: {message}")]
    Toml { path: PathBuf, message: String },

    /// A field of a manifest, policy or command line has a value that is not allowed.
    #[error("{path}: field `{field}`: {reason}")]
    Field {
        path: PathBuf,
        field: String,
        reason: String,
    },

    /// The data file has no header or no data rows.
    #[error("{path}: the file is empty ({what})")]
    EmptyData { path: PathBuf, what: &'static str },

    /// A column named by the manifest or the command line is not in the data file's header.
    #[error(
        "{path}: column `{column}` (the {role}) is not in the header; the header has: {available}"
    )]
    MissingColumn {
        path: PathBuf,
        column: String,
        role: &'static str,
        available: String,
    },

    /// Two columns of a file's header have the same name: which one a role means would be a guess.
    #[error(
        "{path}: line 1: column `{column}` appears twice in the header (columns {first} and {second}); rename one"
    )]
    DuplicateColumn {
        path: PathBuf,
        column: String,
        /// 1-based positions in the header.
        first: usize,
        second: usize,
    },

    /// A value in the data file cannot be read as what its column should hold.
    #[error("{path}:{line}: column `{column}`: {reason} (value {value:?})")]
    BadValue {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        reason: String,
    },

    /// The CSV itself is malformed (wrong number of fields, invalid UTF-8, ...).
    #[error("{path}:{line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },

    /// A Parquet data file cannot be read: not Parquet or corrupt, a column of a type algoreg does not
    /// read, a value that is not what its column should hold (rows counted from 1, the first data row),
    /// or a Parquet file where only CSV is read.
    #[error("{path}: {}{message}", place(*.row, .column.as_deref()))]
    Parquet {
        path: PathBuf,
        row: Option<u64>,
        column: Option<String>,
        message: String,
    },

    /// A reference file of the sampling audit (population, incidence, training data) does not fit the
    /// data: a group on one side only, an attribute or column it lacks, a different unit.
    #[error("{path}: {message}")]
    Reference { path: PathBuf, message: String },

    /// A stored audit record cannot be read back.
    #[error("{path}: not a valid audit record: {message}")]
    Record { path: PathBuf, message: String },

    /// An entry's log fails its check: a broken hash chain, an illegal step, a missing content file.
    #[error("{path}:{line}: {message}")]
    History {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// An event that the entry's lifecycle or evidence does not allow (publishing what was not
    /// approved, reviewing a stale audit).
    #[error("{id}: {message}")]
    Refused { id: String, message: String },

    /// Two command-line paths that must be kept apart are not (the committee's report folder inside the
    /// public site).
    #[error(
        "--committee {committee}: must lie outside the public site {public} (it shows groups the public pages withhold)"
    )]
    Apart { public: PathBuf, committee: PathBuf },

    /// An entry's export does not meet the published field list it claims (the Dutch Algoritmeregister's
    /// API v1_0): a required field missing, a text too long, a value not permitted. Fix the manifest.
    #[error("{id}: export `{export}`: field `{field}`: {reason}")]
    Export {
        id: String,
        export: &'static str,
        field: String,
        reason: String,
    },

    /// A template failed to render (a bug in a template or view-model, never user input).
    #[error("template `{template}`: {message}")]
    Render { template: String, message: String },
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path and what was being done.
    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }

    /// A field error for a value that failed validation.
    pub fn field(
        path: impl Into<PathBuf>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::Field {
            path: path.into(),
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// `row N: column `c`: ` for a message, as much of it as is known.
fn place(row: Option<u64>, column: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(r) = row {
        s.push_str(&format!("row {r}: "));
    }
    if let Some(c) = column {
        s.push_str(&format!("column `{c}`: "));
    }
    s
}
