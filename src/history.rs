//! The pure logic of the register's history: checking a log's hash chain line by line, and the
//! lifecycle of an entry (which events may follow which state). No I/O; `register::log` reads and
//! writes the files.
//!
//! Lifecycle: draft → audited → in review → approved / approved with conditions / changes requested /
//! rejected → published → (re-review due) → retired. `audited` may follow any state but `retired`: a new
//! model version or new data sends the entry back to audit, and any decision made before no longer
//! holds. `submitted` (for review) needs an audit; `reviewed` needs a submission; `published` needs an
//! approval (with or without conditions); `retired` ends the entry; `corrected` never changes the state.
//!
//! `diff`: what changed between two consecutive versions of an entry's audit record.

pub mod diff;

use crate::record::history::{EVENT_SCHEMA_VERSION, Event};

/// The `prev` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where and why a log fails its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    /// 1-based line number.
    pub line: usize,
    pub what: String,
}

/// Parses and checks a whole log: every line valid JSON of the current schema in the form algoreg writes,
/// numbered 1, 2, 3, …, carrying its own hash (SHA-256 of the line with `hash` empty) and naming the hash
/// of the line before it. A deleted, inserted, reordered or edited line breaks it, the last one included.
/// (Someone who rewrites every hash after an edit is caught only against a copy of the latest hash held
/// elsewhere: the entry page publishes it.)
pub fn check_chain(text: &str) -> Result<Vec<Event>, ChainProblem> {
    let mut events = Vec::new();
    let mut prev = GENESIS.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        let line = text.lines().count();
        return Err(ChainProblem {
            line,
            what: "the last line is incomplete (no newline at its end)".into(),
        });
    }
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let event: Event = serde_json::from_str(line).map_err(|e| ChainProblem {
            line: n,
            what: format!("not a valid event line: {e}"),
        })?;
        if event.schema_version != EVENT_SCHEMA_VERSION {
            return Err(ChainProblem {
                line: n,
                what: format!(
                    "schema_version {} is not {EVENT_SCHEMA_VERSION}",
                    event.schema_version
                ),
            });
        }
        if event.seq != n as u64 {
            return Err(ChainProblem {
                line: n,
                what: format!(
                    "sequence number {} where {n} was expected (a line was deleted or moved)",
                    event.seq
                ),
            });
        }
        if event.hash != event.own_hash() {
            return Err(ChainProblem {
                line: n,
                what: "the line's content does not match its own hash (it was edited)".into(),
            });
        }
        if event.prev != prev {
            return Err(ChainProblem {
                line: n,
                what: format!(
                    "names {} as the previous line's hash, but that line hashes to {prev} (a line before it was changed, deleted or moved)",
                    event.prev
                ),
            });
        }
        // The line must be exactly what algoreg writes for its content: no edit that keeps the JSON
        // equivalent (spaces, key order) goes unnoticed either.
        if event.to_line() != line {
            return Err(ChainProblem {
                line: n,
                what: "the line is not in the form algoreg writes (it was edited)".into(),
            });
        }
        prev = event.hash.clone();
        events.push(event);
    }
    Ok(events)
}

/// An entry's state in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Draft,
    Audited,
    InReview,
    Approved,
    ApprovedWithConditions,
    ChangesRequested,
    Rejected,
    Published,
    Retired,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Audited => "audited",
            State::InReview => "in review",
            State::Approved => "approved",
            State::ApprovedWithConditions => "approved with conditions",
            State::ChangesRequested => "changes requested",
            State::Rejected => "rejected",
            State::Published => "published",
            State::Retired => "retired",
        }
    }
}

/// The review decisions a `reviewed` event may carry.
pub const DECISIONS: [&str; 4] = [
    "approved",
    "approved-with-conditions",
    "changes-requested",
    "rejected",
];

/// The state after `event` (with `what`, the decision of a review) in `state`, or why it may not happen.
pub fn transition(state: State, event: &str, what: &str) -> Result<State, String> {
    use State::*;
    let refused = |why: &str| {
        Err(format!(
            "`{event}` is not allowed when the entry is {}: {why}",
            state.as_str()
        ))
    };
    match event {
        _ if state == Retired && event != "corrected" => {
            refused("a retired entry takes no more events")
        }
        "audited" => Ok(Audited),
        "submitted" => match state {
            Audited | ChangesRequested => Ok(InReview),
            _ => refused(
                "only an audited entry (or one sent back for changes) can be submitted for review",
            ),
        },
        "reviewed" => match (state, what) {
            (InReview, "approved") => Ok(Approved),
            (InReview, "approved-with-conditions") => Ok(ApprovedWithConditions),
            (InReview, "changes-requested") => Ok(ChangesRequested),
            (InReview, "rejected") => Ok(Rejected),
            (InReview, other) => Err(format!(
                "`{other}` is not a decision: one of {}",
                DECISIONS.join(", ")
            )),
            _ => refused("only an entry in review can be reviewed (submit it first)"),
        },
        "published" => match state {
            Approved | ApprovedWithConditions | Published => Ok(Published),
            _ => refused("only an approved entry can be published"),
        },
        "retired" => Ok(Retired),
        "corrected" => Ok(state),
        other => Err(format!("`{other}` is not an event algoreg knows")),
    }
}

/// Replays a checked log into the entry's state; the first illegal step is an error naming its line.
pub fn replay(events: &[Event]) -> Result<State, ChainProblem> {
    let mut state = State::Draft;
    for e in events {
        state = transition(state, &e.event, &e.what).map_err(|what| ChainProblem {
            line: e.seq as usize,
            what,
        })?;
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: u64, kind: &str, what: &str, prev: &str) -> Event {
        Event {
            schema_version: EVENT_SCHEMA_VERSION,
            seq,
            event: kind.into(),
            at: "2026-11-22T10:00:00Z".into(),
            who: "A. de Vries".into(),
            role: "data scientist".into(),
            what: what.into(),
            content_path: None,
            content_sha256: None,
            prev: prev.into(),
            hash: String::new(),
        }
        .sealed()
    }

    fn log(kinds: &[(&str, &str)]) -> String {
        let mut prev = GENESIS.to_string();
        let mut out = String::new();
        for (i, (k, w)) in kinds.iter().enumerate() {
            let e = event(i as u64 + 1, k, w, &prev);
            prev = e.hash.clone();
            let line = e.to_line();
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    #[test]
    fn a_valid_chain_replays_to_published() {
        let text = log(&[
            ("audited", "audit"),
            ("submitted", "for review"),
            ("reviewed", "approved-with-conditions"),
            ("published", "site"),
        ]);
        let events = check_chain(&text).unwrap();
        assert_eq!(replay(&events).unwrap(), State::Published);
    }

    #[test]
    fn deleting_or_editing_a_line_is_caught_at_that_line() {
        let text = log(&[
            ("audited", "a"),
            ("submitted", "b"),
            ("reviewed", "rejected"),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        let without_second = format!("{}\n{}\n", lines[0], lines[2]);
        assert_eq!(check_chain(&without_second).unwrap_err().line, 2);
        let edited = text.replacen("\"b\"", "\"c\"", 1);
        assert_eq!(check_chain(&edited).unwrap_err().line, 2);
        let last_edited = text.replacen("\"rejected\"", "\"approved\"", 1);
        assert_eq!(check_chain(&last_edited).unwrap_err().line, 3);
        let truncated = &text[..text.len() - 5];
        assert!(check_chain(truncated).is_err());
    }

    #[test]
    fn publishing_what_was_not_approved_is_refused() {
        assert!(transition(State::Audited, "published", "").is_err());
        assert!(transition(State::Rejected, "published", "").is_err());
        assert!(transition(State::Audited, "reviewed", "approved").is_err());
        assert_eq!(
            transition(State::Published, "audited", "").unwrap(),
            State::Audited
        );
        assert!(transition(State::Retired, "audited", "").is_err());
    }
}
