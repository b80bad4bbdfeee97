//! View-models of the site: every number already formatted for its language, so templates do no arithmetic.
//!
//! Modules, each depending only on those below it: `entry` (index row, register fields, the entry
//! page) and `history` (an entry's timeline with what changed, using `audit`'s public-findings rule
//! and `decision`'s words) → `model` (how algoreg trained the model), `feedback` (the feedback-loop simulation) and
//! `audit` (the audit section) → `rates` (error-rate table), `values` (discrimination,
//! calibration, predicted counts), `sampling` (the sampling audit's section) and `spurious` (the
//! spurious-correlation audit's section) → `table` (the parts and tables both sections share) →
//! `frame` (page frame, UI words) → `cell` (`Obj`, privacy minimum, formatted cells). Nothing here
//! does I/O.

mod audit;
mod cell;
mod chart;
pub mod decision;
mod entry;
mod feedback;
mod fields;
mod frame;
pub mod history;
pub mod index;
mod model;
mod rates;
pub mod report;
mod sampling;
mod spurious;
mod table;
mod values;
mod words;

pub(crate) use audit::finding_is_shown;
pub use cell::{Obj, PUBLIC_MIN_ROWS};
pub use entry::entry;
pub use frame::{frame, page_name};
pub use history::{HistoryInput, Version, history_page, history_stem};
