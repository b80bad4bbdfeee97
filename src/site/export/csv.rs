//! `register.csv`: one row per entry, with the Algoritmeregister's v1_0 fields as columns plus the
//! entry's id, state, audit verdict, number of findings, record hash and last review date.
//!
//! RFC 4180 quoting by the `csv` crate (a text with a comma, quote or line break round-trips), UTF-8
//! without a byte-order mark, `\n` line ends. List fields (`category`, the `…_grouping` fields) hold
//! their JSON text, so nothing is lost. Against formula injection (OWASP "CSV Injection"), a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows
//! it as text instead of running it; such a cell no longer equals the register text byte for byte.

use serde_json::Value;

use super::ExportEntry;
use super::algoritmeregister::{V1_0_FIELDS, v1_0_entry};
use crate::error::{Error, Result};

/// The columns after the v1_0 fields.
pub const EXTRA_COLUMNS: [&str; 5] = [
    "state",
    "audit_verdict",
    "findings",
    "record_sha256",
    "last_reviewed",
];

/// The CSV of all entries, in the order given. `base_url` as for the v1_0 entry's `url`.
pub fn register_csv(entries: &[ExportEntry], base_url: Option<&str>) -> Result<Vec<u8>> {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let header = std::iter::once("id")
        .chain(V1_0_FIELDS.iter().map(|f| f.name))
        .chain(EXTRA_COLUMNS);
    w.write_record(header).map_err(write_error)?;
    for e in entries {
        let nl = v1_0_entry(e.manifest, base_url);
        let mut row = vec![e.manifest.id.clone()];
        row.extend(V1_0_FIELDS.iter().map(|f| cell_text(nl.get(f.name))));
        let (verdict, findings) = match e.record {
            None => ("not_audited".to_string(), String::new()),
            Some(r) => (
                if r.verdict.flagged {
                    "flagged"
                } else {
                    "no_findings"
                }
                .to_string(),
                r.verdict.findings.to_string(),
            ),
        };
        row.extend([
            e.state.as_str().to_string(),
            verdict,
            findings,
            e.record_sha256.unwrap_or_default().to_string(),
            e.reviewed_on.unwrap_or_default().to_string(),
        ]);
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .map_err(write_error)?;
    }
    w.into_inner().map_err(|e| Error::Export {
        id: "(all entries)".into(),
        export: "csv",
        field: "(file)".into(),
        reason: e.to_string(),
    })
}

fn write_error(e: ::csv::Error) -> Error {
    Error::Export {
        id: "(all entries)".into(),
        export: "csv",
        field: "(row)".into(),
        reason: e.to_string(),
    }
}

/// A text as it is; a list as its JSON; an absent field empty.
fn cell_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The cell with a leading `'` when a spreadsheet would read it as a formula (OWASP: `=`, `+`, `-`,
/// `@`, tab, carriage return).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_other_text_stays() {
        for f in ["=1+1", "+31 20", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(f), format!("'{f}"));
        }
        for t in ["Wonen", "a=b", "", "'al"] {
            assert_eq!(neutralise(t), t);
        }
    }
}
