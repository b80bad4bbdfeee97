//! algoreg: an algorithm register and bias-audit toolkit for Dutch municipalities.
//!
//! The path of a register entry: a manifest ([`manifest`]) names a scored file, [`data`] loads it into
//! typed columns, the audits ([`audit`]) turn columns and the committee's [`policy`] into a section of the
//! [`record`], [`register`] runs and stores audits atomically, and [`site`] renders the public register.
//! See ARCHITECTURE.md for the codemap and invariants.

pub mod audit;
pub mod data;
pub mod error;
pub mod format;
pub mod generate;
pub mod hash;
pub mod history;
pub mod manifest;
pub mod numbers;
pub mod parquet;
pub mod policy;
pub mod progress;
pub mod record;
pub mod reference;
pub mod register;
pub mod simulate;
pub mod site;
pub mod stats;
pub mod store;
pub mod stream;
pub mod summary;
pub mod train;

pub use error::{Error, Result};
