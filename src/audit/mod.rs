//! The audits: pure functions from loaded columns and resolved rules to record sections.
//!
//! Each audit lives in its own file behind the [`Audit`] trait; nothing here reads files or prints.

pub mod bootstrap;
pub mod cells;
pub mod count;
pub mod fold;
pub mod groups;
pub mod intervals;
pub mod kinds;
pub mod map;
pub mod metric;
pub mod sampling;
pub mod score;
pub mod spurious;
pub mod subgroup;
pub mod text;
pub mod verdict;

use crate::data::ScoredData;
use crate::error::Result;
use crate::manifest::DataSpec;
use crate::policy::Rules;
use crate::record::Finding;

/// What every audit gets: the loaded data, its description and the resolved policy rules.
#[derive(Debug, Clone, Copy)]
pub struct AuditInput<'a> {
    pub data: &'a ScoredData,
    pub spec: &'a DataSpec,
    pub rules: &'a Rules,
}

/// One audit. `Output` is its section of the audit record.
pub trait Audit {
    type Output;

    /// Stable id used in findings (`subgroup`, later `sampling`, `spurious`).
    fn id(&self) -> &'static str;

    /// Runs the audit. Errors only for inputs the audit cannot interpret (e.g. an unknown reference group).
    fn run(&self, input: AuditInput<'_>) -> Result<Self::Output>;

    /// The findings raised in a section, in report order.
    fn findings(&self, output: &Self::Output, rules: &Rules) -> Vec<Finding>;
}

/// Merges the sorted entries of a table on a grid (`grid`: its fineness, `None` = exact; a lower
/// number is coarser) with another's: both move to the coarser grid with `regrid`, then equal entries
/// are combined by `add`. The score and count tables' merge (each then fits itself to its cap).
pub(crate) fn merge_on_grid<T: Copy, G: Ord + Copy>(
    (entries, grid): (&mut Vec<T>, &mut Option<G>),
    (other, other_grid): (&[T], Option<G>),
    regrid: impl Fn(&mut Vec<T>, G),
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    add: impl Fn(T, T) -> T,
) {
    let coarser = match (*grid, other_grid) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut theirs = other.to_vec();
    if let Some(g) = coarser {
        regrid(entries, g);
        regrid(&mut theirs, g);
    }
    *grid = coarser;
    *entries = merge_sorted(std::mem::take(entries), &theirs, order, add);
}

/// Merges two lists sorted by `order` into one: entries that compare equal are combined by `add`.
/// Shared by the score and count tables (a table's merge is a merge of its sorted entries).
pub(crate) fn merge_sorted<T: Copy>(
    a: Vec<T>,
    b: &[T],
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    add: impl Fn(T, T) -> T,
) -> Vec<T> {
    use std::cmp::Ordering::*;
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.iter().copied().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match order(x, y) {
                Equal => add(a.next().unwrap(), b.next().unwrap()),
                Less => a.next().unwrap(),
                Greater => b.next().unwrap(),
            },
            (Some(_), None) => a.next().unwrap(),
            (None, Some(_)) => b.next().unwrap(),
            (None, None) => break,
        };
        out.push(next);
    }
    out
}
