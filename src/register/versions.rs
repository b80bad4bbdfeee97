//! Every version of an entry's audit record, kept content-addressed beside its history:
//! `audits/<id>/versions/<sha256>.json` holds a record's bytes as stored, `<sha256>.toml` the bytes of
//! the manifest that produced it (its SHA-256 is the record's `inputs.manifest`). A version is written
//! under the entry's lock through `store::write_atomic` and never rewritten once present; it is read
//! back only while its bytes still hash to its name, so "what changed" compares the versions that were
//! really audited. Versions from before algoreg kept them are simply missing.

use std::path::PathBuf;

use super::Register;
use super::log::EntryLock;
use crate::error::{Error, Result};
use crate::hash::sha256_hex;
use crate::manifest::Manifest;
use crate::record::AuditRecord;
use crate::store::write_atomic;

/// The two kinds of version file: an audit record, or the manifest behind one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Record,
    Manifest,
}

impl Kept {
    fn extension(self) -> &'static str {
        match self {
            Kept::Record => "json",
            Kept::Manifest => "toml",
        }
    }
}

impl Register {
    /// The folder of an entry's kept versions.
    pub fn versions_dir(&self, id: &str) -> PathBuf {
        self.entry_dir(id).join("versions")
    }

    /// Where the version with SHA-256 `sha256` of kind `kind` is kept.
    pub fn version_path(&self, id: &str, sha256: &str, kind: Kept) -> PathBuf {
        self.versions_dir(id)
            .join(format!("{sha256}.{}", kind.extension()))
    }

    /// Keeps a record's bytes (and its manifest's, when given) as versions; the caller holds the
    /// entry's lock. A version already present is left as it is: its name is its content.
    pub fn keep_version(
        &self,
        _lock: &EntryLock,
        id: &str,
        record: &[u8],
        manifest: Option<&[u8]>,
    ) -> Result<()> {
        let mut files = vec![(Kept::Record, record)];
        files.extend(manifest.map(|m| (Kept::Manifest, m)));
        for (kind, bytes) in files {
            let path = self.version_path(id, &sha256_hex(bytes), kind);
            if !path.exists() {
                write_atomic(&path, bytes)?;
            }
        }
        Ok(())
    }

    /// A kept version's bytes: `None` when it was never kept, an error naming the file when its bytes
    /// no longer hash to its name.
    pub fn read_version(&self, id: &str, sha256: &str, kind: Kept) -> Result<Option<Vec<u8>>> {
        let path = self.version_path(id, sha256, kind);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, "reading a kept version", e)),
        };
        if sha256_hex(&bytes) != sha256 {
            return Err(Error::Record {
                path,
                message: "its bytes do not hash to its name (the kept version was changed)".into(),
            });
        }
        Ok(Some(bytes))
    }

    /// A kept audit record; `None` when it was never kept or this algoreg cannot read it (another
    /// record schema): its changes are then not shown, and nothing else depends on it.
    pub fn load_version(&self, id: &str, sha256: &str) -> Result<Option<AuditRecord>> {
        let Some(bytes) = self.read_version(id, sha256, Kept::Record)? else {
            return Ok(None);
        };
        let path = self.version_path(id, sha256, Kept::Record);
        Ok(AuditRecord::from_json(&String::from_utf8_lossy(&bytes), &path).ok())
    }

    /// A kept manifest, parsed but not validated (only its register texts and tables are compared);
    /// `None` when it was never kept or no longer parses as a manifest.
    pub fn load_version_manifest(&self, id: &str, sha256: &str) -> Result<Option<Manifest>> {
        let Some(bytes) = self.read_version(id, sha256, Kept::Manifest)? else {
            return Ok(None);
        };
        let path = self.version_path(id, sha256, Kept::Manifest);
        Ok(Manifest::parse(&String::from_utf8_lossy(&bytes), &path).ok())
    }
}
