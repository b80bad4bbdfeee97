//! An entry's history on disk: `audits/<id>/log.jsonl` (the hash-chained events), `audits/<id>/reviews/`
//! (the committee's decisions) and `audits/<id>/.lock`. Every append happens under an exclusive lock on
//! the lock file (`flock`, released by the system when a process dies, so a killed writer never blocks
//! the next), checks the chain and the lifecycle first, and replaces the whole log through
//! `store::write_atomic`: a crash leaves the old log or the new one, never half a line.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::hash::sha256_hex;
use crate::history::{GENESIS, State, check_chain, replay, transition};
use crate::record::history::{EVENT_SCHEMA_VERSION, Event};
use crate::store::write_atomic;

use super::Register;

/// Who records an event, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub who: String,
    pub role: String,
    /// UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
}

impl Actor {
    /// An actor at the current time.
    pub fn now(who: impl Into<String>, role: impl Into<String>) -> Self {
        Actor {
            who: who.into(),
            role: role.into(),
            at: utc_now(),
        }
    }
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ` (civil date from days since 1970, Hinnant's
/// `civil_from_days`).
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// An exclusive lock on an entry's history, held until dropped.
pub struct EntryLock {
    _file: File,
}

impl Register {
    /// The folder of an entry's records and history.
    pub fn entry_dir(&self, id: &str) -> PathBuf {
        self.root.join("audits").join(id)
    }

    pub fn log_path(&self, id: &str) -> PathBuf {
        self.entry_dir(id).join("log.jsonl")
    }

    /// Waits for the entry's lock (another writer holds it at most a moment).
    pub fn lock_entry(&self, id: &str) -> Result<EntryLock> {
        let dir = self.entry_dir(id);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "creating the folder", e))?;
        let path = dir.join(".lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, "opening the lock file", e))?;
        file.lock()
            .map_err(|e| Error::io(&path, "locking the entry", e))?;
        Ok(EntryLock { _file: file })
    }

    /// The entry's checked events (none when it has no log yet).
    pub fn read_log(&self, id: &str) -> Result<Vec<Event>> {
        let path = self.log_path(id);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(&path, "reading the log", e)),
        };
        check_chain(&text).map_err(|p| Error::History {
            path: path.clone(),
            line: p.line,
            message: p.what,
        })
    }

    /// The entry's state from its log.
    pub fn state(&self, id: &str) -> Result<State> {
        let events = self.read_log(id)?;
        replay(&events).map_err(|p| Error::History {
            path: self.log_path(id),
            line: p.line,
            message: p.what,
        })
    }

    /// Appends an event; the caller holds the entry's lock. Refused when the chain is broken or the
    /// lifecycle does not allow the event in the entry's state.
    pub fn append_locked(
        &self,
        _lock: &EntryLock,
        id: &str,
        kind: &str,
        what: &str,
        actor: &Actor,
        content: Option<(&Path, &[u8])>,
    ) -> Result<Event> {
        let path = self.log_path(id);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(&path, "reading the log", e)),
        };
        let events = check_chain(&text).map_err(|p| Error::History {
            path: path.clone(),
            line: p.line,
            message: format!("{}; nothing is appended to a broken log", p.what),
        })?;
        let state = replay(&events).map_err(|p| Error::History {
            path: path.clone(),
            line: p.line,
            message: p.what,
        })?;
        transition(state, kind, what).map_err(|message| Error::Refused {
            id: id.to_string(),
            message,
        })?;
        let prev = events
            .last()
            .map_or(GENESIS.to_string(), |e| e.hash.clone());
        let event = Event {
            schema_version: EVENT_SCHEMA_VERSION,
            seq: events.len() as u64 + 1,
            event: kind.to_string(),
            at: actor.at.clone(),
            who: actor.who.clone(),
            role: actor.role.clone(),
            what: what.to_string(),
            content_path: content.map(|(p, _)| self.relative(p)),
            content_sha256: content.map(|(_, bytes)| sha256_hex(bytes)),
            prev,
            hash: String::new(),
        }
        .sealed();
        let mut new = text;
        new.push_str(&event.to_line());
        new.push('\n');
        write_atomic(&path, new.as_bytes())?;
        Ok(event)
    }

    /// Takes the lock and appends an event.
    pub fn append(
        &self,
        id: &str,
        kind: &str,
        what: &str,
        actor: &Actor,
        content: Option<(&Path, &[u8])>,
    ) -> Result<Event> {
        let lock = self.lock_entry(id)?;
        self.append_locked(&lock, id, kind, what, actor, content)
    }

    /// After the site is written: a `published` event for every entry approved (with or without
    /// conditions) since it was last published. Returns their ids.
    pub fn mark_published(&self, actor: &Actor) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for dir in self.model_dirs()? {
            let id = dir
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let lock = self.lock_entry(&id)?;
            if matches!(
                self.state(&id)?,
                State::Approved | State::ApprovedWithConditions
            ) {
                self.append_locked(
                    &lock,
                    &id,
                    "published",
                    "public register site written",
                    actor,
                    None,
                )?;
                out.push(id);
            }
        }
        Ok(out)
    }

    /// A path inside the register, `/`-separated and relative to its root.
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
            .replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_now_has_the_register_format() {
        let t = utc_now();
        assert_eq!(t.len(), 20);
        assert!(t.ends_with('Z') && &t[4..5] == "-" && &t[10..11] == "T");
        assert!(t.as_str() > "2026-01-01");
    }
}
