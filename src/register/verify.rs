//! `algoreg verify` and `algoreg status`: every entry's log checked line by line (hash chain, lifecycle),
//! every review file against the hash its event names, every kept version against its name (and every
//! `audited` event against its kept version), the stored audit record against a fresh audit of the
//! current manifest, data and policy (byte for byte); and a table of the entries' states, open
//! conditions and re-reviews due.

use super::Register;
use super::versions::Kept;
use crate::error::Result;
use crate::hash::sha256_hex;
use crate::history::{State, check_chain, replay};
use crate::record::history::Event;

/// One thing that does not hold, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `file:line`, or the file.
    pub place: String,
    pub what: String,
}

/// The outcome of verifying one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryCheck {
    pub id: String,
    pub state: Option<State>,
    pub events: usize,
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not failures (an interrupted audit, an unused review file).
    pub notes: Vec<String>,
}

/// One row of `algoreg status`.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRow {
    pub id: String,
    pub state: String,
    pub last_event: String,
    pub open_conditions: Vec<(String, String)>,
    pub re_review: Option<String>,
    pub re_review_due: bool,
}

/// The first line (1-based) where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()))
        + 1
}

impl Register {
    /// Verifies one entry (`id` is its model folder's name).
    pub fn verify_entry(&self, id: &str) -> Result<EntryCheck> {
        let mut check = EntryCheck {
            id: id.to_string(),
            state: None,
            events: 0,
            problems: Vec::new(),
            notes: Vec::new(),
        };
        let log = self.log_path(id);
        let log_name = self.relative(&log);
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let mut problem =
            |place: String, what: String| check.problems.push(Problem { place, what });
        let events = match check_chain(&text) {
            Ok(e) => e,
            Err(p) => {
                problem(format!("{log_name}:{}", p.line), p.what);
                Vec::new()
            }
        };
        let state = match replay(&events) {
            Ok(s) => Some(s),
            Err(p) => {
                problem(format!("{log_name}:{}", p.line), p.what);
                None
            }
        };
        // Review files: never rewritten, so each must still have the hash its event names.
        for e in events.iter().filter(|e| e.event == "reviewed") {
            if let (Some(rel), Some(hash)) = (&e.content_path, &e.content_sha256) {
                match std::fs::read(self.root.join(rel)) {
                    Ok(bytes) if &sha256_hex(&bytes) == hash => {}
                    Ok(_) => problem(
                        rel.clone(),
                        format!(
                            "its SHA-256 differs from the one event {} of {log_name} names",
                            e.seq
                        ),
                    ),
                    Err(_) => problem(
                        rel.clone(),
                        format!("missing; event {} of {log_name} names it", e.seq),
                    ),
                }
            }
        }
        // The stored record against a fresh audit, and against the log's last `audited` event.
        let record_path = self.record_path(id);
        let record_name = self.relative(&record_path);
        match std::fs::read_to_string(&record_path) {
            Ok(stored) => {
                match self.audit_model(&self.models_dir().join(id)) {
                    Ok((_, fresh)) => {
                        let fresh = fresh.to_json();
                        if fresh != stored {
                            problem(
                                format!("{record_name}:{}", first_difference(&stored, &fresh)),
                                "differs from a fresh audit of the current manifest, data and policy".into(),
                            );
                        }
                    }
                    Err(e) => problem(record_name.clone(), format!("cannot be re-run: {e}")),
                }
                let hash = sha256_hex(stored.as_bytes());
                let last = events
                    .iter()
                    .rev()
                    .find(|e| e.event == "audited")
                    .and_then(|e| e.content_sha256.clone());
                if last.as_deref() != Some(hash.as_str()) {
                    check.notes.push(format!(
                        "{record_name} is not the record the log's last `audited` event names (an audit was interrupted after writing it, or ran before the log existed): run `algoreg audit models/{id}` to log it"
                    ));
                }
            }
            Err(_) => check.notes.push(format!("{record_name}: not audited yet")),
        }
        self.verify_versions(id, &events, &mut check);
        // Review files no event names: a review interrupted before its event was written.
        if let Ok(entries) = std::fs::read_dir(self.entry_dir(id).join("reviews")) {
            let named: Vec<&str> = events
                .iter()
                .filter_map(|e| e.content_path.as_deref())
                .collect();
            for entry in entries.flatten() {
                let rel = self.relative(&entry.path());
                if rel.ends_with(".json") && !named.contains(&rel.as_str()) {
                    check.notes.push(format!(
                        "{rel}: no event names it (an interrupted review); it has no effect"
                    ));
                }
            }
        }
        check.state = state;
        check.events = events.len();
        Ok(check)
    }

    /// Kept versions (`audits/<id>/versions/`): every file's bytes must hash to its name (a failure
    /// naming the file); every `audited` event's record, and the manifest that record names, should be
    /// kept (a note when not: the audit ran before algoreg kept versions).
    fn verify_versions(&self, id: &str, events: &[Event], check: &mut EntryCheck) {
        let dir = self.versions_dir(id);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // A temporary file of a write that was killed is not a version.
            if name.starts_with('.') {
                continue;
            }
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            match std::fs::read(&path) {
                Ok(bytes) if sha256_hex(&bytes) == stem => {}
                Ok(_) => check.problems.push(Problem {
                    place: self.relative(&path),
                    what: "a kept version whose bytes do not hash to its name (it was changed)"
                        .into(),
                }),
                Err(e) => check.problems.push(Problem {
                    place: self.relative(&path),
                    what: format!("a kept version that cannot be read: {e}"),
                }),
            }
        }
        let log = self.relative(&self.log_path(id));
        for e in events.iter().filter(|e| e.event == "audited") {
            let Some(hash) = &e.content_sha256 else {
                continue;
            };
            let path = self.version_path(id, hash, Kept::Record);
            let Ok(bytes) = std::fs::read(&path) else {
                check.notes.push(format!(
                    "{}: not kept (event {} of {log} is from before algoreg kept every version); its changes cannot be shown",
                    self.relative(&path),
                    e.seq
                ));
                continue;
            };
            let manifest = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v["inputs"]["manifest"]["sha256"].as_str().map(String::from));
            if let Some(m) = manifest {
                let path = self.version_path(id, &m, Kept::Manifest);
                if !path.exists() {
                    check.notes.push(format!(
                        "{}: the manifest of event {} of {log} is not kept; its register texts cannot be compared",
                        self.relative(&path),
                        e.seq
                    ));
                }
            }
        }
    }

    /// The status of every entry; `today` is `YYYY-MM-DD`.
    pub fn status(&self, today: &str) -> Result<Vec<StatusRow>> {
        let mut rows = Vec::new();
        for dir in self.model_dirs()? {
            let id = dir
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // A broken history is shown in its row (run `verify` for the details), not an error for all.
            let (events, state, review) =
                match (self.read_log(&id), self.state(&id), self.latest_review(&id)) {
                    (Ok(e), Ok(s), Ok(r)) => (e, s, r),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                        rows.push(StatusRow {
                            id,
                            state: format!("HISTORY BROKEN: {e}"),
                            last_event: "—".into(),
                            open_conditions: Vec::new(),
                            re_review: None,
                            re_review_due: false,
                        });
                        continue;
                    }
                };
            let approved_with_conditions =
                matches!(state, State::ApprovedWithConditions | State::Published)
                    && review
                        .as_ref()
                        .is_some_and(|r| r.decision == "approved-with-conditions");
            let open_conditions = if approved_with_conditions {
                review
                    .as_ref()
                    .map(|r| {
                        r.conditions
                            .iter()
                            .map(|c| (c.text.clone(), c.due.clone()))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let re_review = review
                .as_ref()
                .filter(|_| state != State::Retired)
                .map(|r| r.re_review.clone());
            rows.push(StatusRow {
                id,
                state: state.as_str().to_string(),
                last_event: events
                    .last()
                    .map(|e| format!("{} {} ({})", e.at, e.event, e.who))
                    .unwrap_or_else(|| "—".into()),
                re_review_due: re_review.as_deref().is_some_and(|d| d <= today),
                re_review,
                open_conditions,
            });
        }
        Ok(rows)
    }
}
