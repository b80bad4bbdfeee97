//! The register's history: one JSON line per event in `audits/<id>/log.jsonl`, each carrying the hash of
//! the line before it (a hash chain), and the committee's review decisions stored beside it.

use serde::{Deserialize, Serialize};

/// The event-line schema this build writes and reads.
pub const EVENT_SCHEMA_VERSION: u32 = 1;
/// The review schema this build writes and reads.
pub const REVIEW_SCHEMA_VERSION: u32 = 1;

/// One line of an entry's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub schema_version: u32,
    /// 1 for the first line, then one more per line.
    pub seq: u64,
    /// `submitted`, `audited`, `reviewed`, `published`, `retired` or `corrected`.
    pub event: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    pub who: String,
    pub role: String,
    /// What happened, in a few words (for `reviewed`: the decision).
    pub what: String,
    /// The file the event concerns and the SHA-256 of its bytes at the time.
    pub content_path: Option<String>,
    pub content_sha256: Option<String>,
    /// The previous line's `hash`; 64 zeros for the first line.
    pub prev: String,
    /// SHA-256 of this line as written with `hash` empty: any edited byte, the last line's included,
    /// shows.
    pub hash: String,
}

/// A committee decision, stored as `audits/<id>/reviews/<seq>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub schema_version: u32,
    pub model_id: String,
    /// `approved`, `approved-with-conditions`, `changes-requested` or `rejected`.
    pub decision: String,
    /// The SHA-256 of the audit record (`audits/<id>/audit.json`) the decision is based on.
    pub audit_sha256: String,
    pub members: Vec<Member>,
    pub reasoning: String,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub dissent: Vec<Dissent>,
    /// The date (`YYYY-MM-DD`) by which the entry must be reviewed again.
    pub re_review: String,
}

/// A committee member taking part in a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    pub role: String,
}

/// A condition of an approval, with its due date (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub text: String,
    pub due: String,
}

/// A dissenting opinion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dissent {
    pub name: String,
    pub text: String,
}

impl Review {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a review serializes");
        s.push('\n');
        s
    }
}

impl Event {
    /// The event as one JSON line (no newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("an event serializes")
    }

    /// The hash this event must carry: SHA-256 of its line with `hash` empty.
    pub fn own_hash(&self) -> String {
        let mut blank = self.clone();
        blank.hash = String::new();
        crate::hash::sha256_hex(blank.to_line().as_bytes())
    }

    /// The event with its `hash` filled in.
    pub fn sealed(mut self) -> Self {
        self.hash = self.own_hash();
        self
    }
}
