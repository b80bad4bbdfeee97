//! The committee's review of an entry (`algoreg review`): reads the decision file, checks it names the
//! current audit record and that the record is not stale (its manifest, data and policy unchanged), and
//! stores it as `audits/<id>/reviews/<seq>.json` with a `reviewed` event naming its hash. Also the
//! simpler events: `submitted`, `published`, `retired`, `corrected`.
//!
//! ```toml
//! # review.toml
//! decision = "approved-with-conditions"
//! audit_sha256 = "…"                 # sha256sum audits/<id>/audit.json
//! reasoning = "…"
//! re_review = "2027-11-01"
//! [[members]]
//! name = "Dr. A. Jansen"
//! role = "voorzitter"
//! [[conditions]]
//! text = "Inspecteer 200 particuliere huizen willekeurig"
//! due = "2027-03-01"
//! [[dissent]]
//! name = "B. Pietersen"
//! text = "…"
//! ```

use std::path::Path;

use serde::Deserialize;

use super::Register;
use super::log::Actor;
use crate::error::{Error, Result};
use crate::hash::sha256_hex;
use crate::history::DECISIONS;
use crate::record::AuditRecord;
use crate::record::history::{Condition, Dissent, Event, Member, REVIEW_SCHEMA_VERSION, Review};
use crate::store::write_atomic;

/// The decision file as the committee's secretary writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    decision: String,
    audit_sha256: String,
    reasoning: String,
    re_review: String,
    members: Vec<Member>,
    #[serde(default)]
    conditions: Vec<Condition>,
    #[serde(default)]
    dissent: Vec<Dissent>,
}

/// `YYYY-MM-DD` with a real month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4].chars().all(|c| c.is_ascii_digit())
        && matches!(s[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u8>(), Ok(1..=31))
}

fn field(path: &Path, name: impl Into<String>, why: impl Into<String>) -> Error {
    Error::field(path, name, why)
}

fn parse(text: &str, path: &Path, id: &str) -> Result<Review> {
    let f: ReviewFile = toml::from_str(text).map_err(|e| Error::Toml {
        path: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    })?;
    if !DECISIONS.contains(&f.decision.as_str()) {
        return Err(field(
            path,
            "decision",
            format!("`{}` is not one of {}", f.decision, DECISIONS.join(", ")),
        ));
    }
    if f.members.is_empty() {
        return Err(field(path, "members", "name the members who decided"));
    }
    for (i, m) in f.members.iter().enumerate() {
        if m.name.trim().is_empty() || m.role.trim().is_empty() {
            return Err(field(
                path,
                format!("members[{i}]"),
                "give a name and a role",
            ));
        }
    }
    if f.reasoning.trim().is_empty() {
        return Err(field(path, "reasoning", "must not be empty"));
    }
    if !is_date(&f.re_review) {
        return Err(field(
            path,
            "re_review",
            format!("`{}` is not a date like 2027-03-01", f.re_review),
        ));
    }
    for (i, c) in f.conditions.iter().enumerate() {
        if c.text.trim().is_empty() || !is_date(&c.due) {
            return Err(field(
                path,
                format!("conditions[{i}]"),
                "give a text and a due date like 2027-03-01",
            ));
        }
    }
    match (f.decision.as_str(), f.conditions.is_empty()) {
        ("approved-with-conditions", true) => {
            return Err(field(
                path,
                "conditions",
                "an approval with conditions names at least one",
            ));
        }
        ("approved" | "rejected", false) => {
            return Err(field(
                path,
                "decision",
                "conditions belong to `approved-with-conditions` (or `changes-requested`)",
            ));
        }
        _ => {}
    }
    for (i, d) in f.dissent.iter().enumerate() {
        if d.name.trim().is_empty() || d.text.trim().is_empty() {
            return Err(field(
                path,
                format!("dissent[{i}]"),
                "give a name and the opinion",
            ));
        }
    }
    Ok(Review {
        schema_version: REVIEW_SCHEMA_VERSION,
        model_id: id.to_string(),
        decision: f.decision,
        audit_sha256: f.audit_sha256.trim().to_lowercase(),
        members: f.members,
        reasoning: f.reasoning,
        conditions: f.conditions,
        dissent: f.dissent,
        re_review: f.re_review,
    })
}

impl Register {
    /// Why the stored audit record of `id` is not current, if it is not: a file it read has changed.
    pub fn stale_inputs(&self, record: &AuditRecord) -> Result<Option<String>> {
        let mut files: Vec<&crate::record::FileHash> = record.inputs.data.iter().collect();
        files.extend(record.inputs.manifest.iter());
        files.push(&record.inputs.policy);
        for f in files {
            let path = self.root.join(&f.path);
            match std::fs::read(&path) {
                Ok(bytes) if sha256_hex(&bytes) == f.sha256 => {}
                Ok(_) => return Ok(Some(format!("{} changed since the audit", f.path))),
                Err(_) => return Ok(Some(format!("{} is gone since the audit", f.path))),
            }
        }
        Ok(None)
    }

    /// Records a committee decision from a review file.
    pub fn review(&self, id: &str, file: &Path, actor: &Actor) -> Result<(Review, Event)> {
        let text =
            std::fs::read_to_string(file).map_err(|e| Error::io(file, "reading the review", e))?;
        let review = parse(&text, file, id)?;
        let refused = |message: String| Error::Refused {
            id: id.to_string(),
            message,
        };
        let record_path = self.record_path(id);
        let lock = self.lock_entry(id)?;
        let bytes = std::fs::read(&record_path).map_err(|_| {
            refused("there is no audit record to review: run `algoreg audit` first".into())
        })?;
        let current = sha256_hex(&bytes);
        if review.audit_sha256 != current {
            return Err(refused(format!(
                "the review is based on audit record {}, but the stored record is {current}: review the current audit",
                review.audit_sha256
            )));
        }
        let record = AuditRecord::from_json(&String::from_utf8_lossy(&bytes), &record_path)?;
        if let Some(why) = self.stale_inputs(&record)? {
            return Err(refused(format!(
                "the audit is stale ({why}): run `algoreg audit models/{id}` and review the new record"
            )));
        }
        let seq = self.read_log(id)?.len() + 1;
        let path = self
            .entry_dir(id)
            .join("reviews")
            .join(format!("{seq}.json"));
        let json = review.to_json();
        // The lifecycle is checked again when the event is appended; check it before writing the file.
        crate::history::transition(self.state(id)?, "reviewed", &review.decision)
            .map_err(refused)?;
        write_atomic(&path, json.as_bytes())?;
        let event = self.append_locked(
            &lock,
            id,
            "reviewed",
            &review.decision,
            actor,
            Some((&path, json.as_bytes())),
        )?;
        Ok((review, event))
    }

    /// The latest review of an entry (`None` before the first).
    pub fn latest_review(&self, id: &str) -> Result<Option<Review>> {
        let events = self.read_log(id)?;
        match events.iter().rev().find(|e| e.event == "reviewed") {
            Some(e) => self.read_review(e),
            None => Ok(None),
        }
    }

    /// The review a `reviewed` event names (`None` when it names no file).
    pub fn read_review(&self, e: &Event) -> Result<Option<Review>> {
        let Some(rel) = &e.content_path else {
            return Ok(None);
        };
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path)
            .map_err(|err| Error::io(&path, "reading the review", err))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|err| Error::Record {
                path,
                message: err.to_string(),
            })
    }
}
