//! The public site's downloadable exports, built as bytes without I/O: per entry the Dutch
//! Algoritmeregister entry (API v1_0 field names) and a model card, and one CSV of all entries.
//!
//! Every exporter is a pure function of the manifest, the stored record and what the history says;
//! `site::publish` writes the files under `export/` with the pages. The Algoritmeregister export must
//! pass [`algoritmeregister::validate_v1_0`] or the whole publication is refused. No export carries a
//! number about a group with fewer rows than the suppression minimum, and none carries the raw audit
//! record (that stays with the committee).

pub mod algoritmeregister;
pub mod csv;
pub mod model_card;

use crate::error::{Error, Result};
use crate::history::State;
use crate::manifest::Manifest;
use crate::record::AuditRecord;
use crate::site::view::Obj;

/// The folder of the site that holds the exports.
pub const FOLDER: &str = "export";
/// The CSV of all entries, in [`FOLDER`].
pub const CSV_NAME: &str = "register.csv";

/// Everything an export may say about one entry.
#[derive(Debug, Clone, Copy)]
pub struct ExportEntry<'a> {
    pub manifest: &'a Manifest,
    /// The stored audit record, if the entry was audited.
    pub record: Option<&'a AuditRecord>,
    /// SHA-256 of the stored record's bytes (what a review is bound to).
    pub record_sha256: Option<&'a str>,
    /// The date (`YYYY-MM-DD`) of the latest review, if any.
    pub reviewed_on: Option<&'a str>,
    /// The entry's state in its history.
    pub state: State,
}

/// An export of one entry: its file name and its bytes.
pub trait Exporter {
    /// Short name for errors, e.g. `algoritmeregister`.
    fn name(&self) -> &'static str;
    /// The file name in [`FOLDER`] for the entry `id`.
    fn file_name(&self, id: &str) -> String;
    /// The file's bytes; an error names the entry and the field that stops the export.
    fn render(&self, entry: &ExportEntry) -> Result<Vec<u8>>;
}

/// The entry in the Algoritmeregister's API v1_0 field names, refused when it does not validate.
#[derive(Debug, Clone, Default)]
pub struct Algoritmeregister {
    /// Where the site is served (`https://…`); the entry's `url` then links to its page there.
    pub base_url: Option<String>,
}

impl Exporter for Algoritmeregister {
    fn name(&self) -> &'static str {
        "algoritmeregister"
    }

    fn file_name(&self, id: &str) -> String {
        format!("{id}.algoritmeregister.json")
    }

    fn render(&self, entry: &ExportEntry) -> Result<Vec<u8>> {
        let value = algoritmeregister::v1_0_entry(entry.manifest, self.base_url.as_deref());
        let problems = algoritmeregister::validate_v1_0(&value);
        if let Some(first) = problems.first() {
            let mut reason = first.kind.to_string();
            if problems.len() > 1 {
                let rest: Vec<String> = problems[1..].iter().map(|p| p.to_string()).collect();
                reason.push_str(&format!("; also {}", rest.join("; ")));
            }
            reason.push_str(" (fix the manifest's [register] table)");
            return Err(Error::Export {
                id: entry.manifest.id.clone(),
                export: self.name(),
                field: first.field.clone(),
                reason,
            });
        }
        Ok(pretty(&value))
    }
}

/// The model card (Mitchell et al. 2019) of an entry.
#[derive(Debug, Clone)]
pub struct ModelCard {
    /// Groups with fewer rows than this are named without numbers; `None`: the entry's record's policy
    /// (`suppress_below`).
    pub min_rows: Option<u64>,
}

impl Exporter for ModelCard {
    fn name(&self) -> &'static str {
        "model-card"
    }

    fn file_name(&self, id: &str) -> String {
        format!("{id}.model-card.json")
    }

    fn render(&self, entry: &ExportEntry) -> Result<Vec<u8>> {
        let min_rows = self
            .min_rows
            .or(entry.record.map(|r| r.policy.suppress_below))
            .unwrap_or(crate::site::view::PUBLIC_MIN_ROWS);
        Ok(pretty(&model_card::model_card(entry, min_rows)))
    }
}

/// A file to write: its path relative to the site's root (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every export of the site: per entry the Algoritmeregister entry and the model card, then the CSV.
/// Fails on the first entry whose Algoritmeregister entry does not validate, before anything is
/// written.
pub fn build_all(entries: &[ExportEntry], base_url: Option<&str>) -> Result<Vec<ExportFile>> {
    let exporters: [&dyn Exporter; 2] = [
        &Algoritmeregister {
            base_url: base_url.map(str::to_string),
        },
        &ModelCard { min_rows: None },
    ];
    let mut files = Vec::new();
    for e in entries {
        for x in exporters {
            files.push(ExportFile {
                path: format!("{FOLDER}/{}", x.file_name(&e.manifest.id)),
                bytes: x.render(e)?,
            });
        }
    }
    files.push(ExportFile {
        path: format!("{FOLDER}/{CSV_NAME}"),
        bytes: csv::register_csv(entries, base_url)?,
    });
    Ok(files)
}

/// The links of an entry page to its exports (`register`, `model_card`, `csv`), relative to the page.
pub fn links(id: &str) -> Obj {
    Obj::new()
        .set(
            "register",
            format!("{FOLDER}/{}", Algoritmeregister::default().file_name(id)),
        )
        .set(
            "model_card",
            format!("{FOLDER}/{}", ModelCard { min_rows: None }.file_name(id)),
        )
        .set("csv", csv_href())
}

/// The link of a page at the site's root to the CSV of all entries.
pub fn csv_href() -> String {
    format!("{FOLDER}/{CSV_NAME}")
}

/// Pretty JSON with a final newline.
fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).expect("a JSON value always serializes");
    s.push('\n');
    s.into_bytes()
}
