//! The columns the spurious audit tests: which ones (manifest or every column without another role),
//! and each parsed as numeric or categorical with its empty cells kept as missing.
//!
//! A column is numeric when every non-empty cell is a finite number, else categorical; a column of
//! numbers is categorical when the manifest declares it so, or when it looks like a code
//! ([`crate::audit::kinds::code_like`]) and is not declared numeric.

use crate::error::Result;
use crate::manifest::DataSpec;
use crate::record::sampling::{FeatureKind, SkippedFeature};
use crate::reference::RawTable;

/// Most categories a categorical feature may have before it is only checked as a possible identifier.
pub const MAX_CATEGORIES: usize = 100;

/// A column's values, one per data row.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Numeric(Vec<Option<f64>>),
    /// Sorted distinct values; `codes` index into `levels`.
    Categorical {
        levels: Vec<String>,
        codes: Vec<Option<u32>>,
    },
}

/// One column of the data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Values,
}

impl Column {
    /// Parses the text cells of a column (empty or blank = missing).
    pub fn parse(name: &str, cells: &[String]) -> Column {
        let numeric: Option<Vec<Option<f64>>> = cells
            .iter()
            .map(|c| {
                let c = c.trim();
                if c.is_empty() {
                    Some(None)
                } else {
                    c.parse::<f64>().ok().filter(|x| x.is_finite()).map(Some)
                }
            })
            .collect();
        let values = match numeric {
            Some(v) => Values::Numeric(v),
            None => categorical(cells),
        };
        Column {
            name: name.to_string(),
            values,
        }
    }

    pub fn kind(&self) -> FeatureKind {
        match self.values {
            Values::Numeric(_) => FeatureKind::Numeric,
            Values::Categorical { .. } => FeatureKind::Categorical,
        }
    }

    pub fn len(&self) -> usize {
        match &self.values {
            Values::Numeric(v) => v.len(),
            Values::Categorical { codes, .. } => codes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_missing(&self, row: usize) -> bool {
        match &self.values {
            Values::Numeric(v) => v[row].is_none(),
            Values::Categorical { codes, .. } => codes[row].is_none(),
        }
    }

    /// Distinct non-missing values.
    pub fn distinct(&self) -> usize {
        match &self.values {
            Values::Numeric(v) => {
                let mut x: Vec<f64> = v.iter().flatten().copied().collect();
                x.sort_by(f64::total_cmp);
                x.dedup();
                x.len()
            }
            Values::Categorical { levels, .. } => levels.len(),
        }
    }

    /// The column as categories: a categorical column's codes, or a numeric column's bin among
    /// `edges` (see [`crate::stats::compare::bin_counts`]); `(number of categories, code per row)`.
    pub fn categories(&self, edges: &[f64]) -> (usize, Vec<Option<u32>>) {
        match &self.values {
            Values::Categorical { levels, codes } => (levels.len(), codes.clone()),
            Values::Numeric(v) => (
                edges.len() + 1,
                v.iter()
                    .map(|x| x.map(|x| edges.partition_point(|e| *e < x) as u32))
                    .collect(),
            ),
        }
    }
}

impl Column {
    /// The column with its rows in `order` (row `i` of the result is row `order[i]` of this one).
    pub fn permuted(&self, order: &[usize]) -> Column {
        let values = match &self.values {
            Values::Numeric(v) => Values::Numeric(order.iter().map(|&i| v[i]).collect()),
            Values::Categorical { levels, codes } => Values::Categorical {
                levels: levels.clone(),
                codes: order.iter().map(|&i| codes[i]).collect(),
            },
        };
        Column {
            name: self.name.clone(),
            values,
        }
    }
}

/// An order of the rows that depends only on their contents, not on where they stand in the file:
/// rows sorted by a 64-bit FNV-1a hash (Fowler–Noll–Vo, fixed constants, so the same on every machine
/// and build) of their parsed values in `columns` (a number by its value, so `1.40` and `1.4` are the
/// same, as in a CSV file and its Parquet twin), then of the texts in `texts` (group and protected
/// columns); ties keep the file's order but are rows identical in everything hashed, so they are
/// interchangeable for every computation over those values. Results computed in this order are the
/// same for any shuffle of the file: the placebo surrogate and the proxy reconstruction, which split
/// rows into folds and draw noise per row, work in it.
pub fn canonical_order(
    rows: usize,
    columns: &[&Column],
    numbers: &[&[f64]],
    texts: &[Vec<&str>],
) -> Vec<usize> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let eat = |h: &mut u64, bytes: &[u8]| {
        for b in bytes.iter().chain([&0xffu8]) {
            *h ^= u64::from(*b);
            *h = h.wrapping_mul(PRIME);
        }
    };
    let number = |x: f64| {
        if x == 0.0 {
            0f64.to_bits()
        } else {
            x.to_bits()
        }
        .to_le_bytes()
    };
    let hashes: Vec<u64> = (0..rows)
        .map(|r| {
            let mut h = OFFSET;
            for c in columns {
                match &c.values {
                    Values::Numeric(v) => match v[r] {
                        Some(x) => eat(&mut h, &number(x)),
                        None => eat(&mut h, b""),
                    },
                    Values::Categorical { levels, codes } => match codes[r] {
                        Some(code) => eat(&mut h, levels[code as usize].as_bytes()),
                        None => eat(&mut h, b""),
                    },
                }
            }
            for n in numbers {
                eat(&mut h, &number(n[r]));
            }
            for t in texts {
                eat(&mut h, t[r].as_bytes());
            }
            h
        })
        .collect();
    let mut order: Vec<usize> = (0..rows).collect();
    order.sort_by_key(|&r| hashes[r]);
    order
}

/// How one column is read, and why when it holds numbers but is read as a code.
pub fn parse_declared(
    name: &str,
    cells: &[String],
    kinds: &crate::manifest::ColumnKinds,
) -> (Column, Option<&'static str>) {
    let column = Column::parse(name, cells);
    let numbers = matches!(column.values, Values::Numeric(_));
    match crate::audit::kinds::read_as_code(name, cells, numbers, kinds) {
        Some(why) => {
            let (levels, codes) = levels_and_codes(cells);
            (
                Column {
                    name: name.to_string(),
                    values: Values::Categorical { levels, codes },
                },
                why,
            )
        }
        None => (column, None),
    }
}

/// Sorted distinct non-empty cells as levels, and each row's level (`None` for an empty cell), whatever
/// the cells hold (a protected attribute coded 1, 2, 3 is still a set of groups).
pub fn levels_and_codes(cells: &[String]) -> (Vec<String>, Vec<Option<u32>>) {
    let levels: Vec<String> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let codes = cells
        .iter()
        .map(|c| {
            let c = c.trim();
            (!c.is_empty())
                .then(|| levels.binary_search_by(|l| l.as_str().cmp(c)).unwrap_or(0) as u32)
        })
        .collect();
    (levels, codes)
}

fn categorical(cells: &[String]) -> Values {
    let (levels, codes) = levels_and_codes(cells);
    Values::Categorical { levels, codes }
}

/// Decile edges of a numeric column's non-missing values (repeated edges removed).
pub fn decile_edges(values: &[Option<f64>]) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return Vec::new();
    }
    crate::stats::compare::quantile_edges(&sorted, 10)
}

/// Finds `name` in the header or says which field named it.
pub fn require<'t>(table: &'t RawTable, name: &str, field: &'static str) -> Result<&'t [String]> {
    table.require(name, field)
}

/// The columns to test, parsed, the columns left out with the reason, and a warning for each column
/// of numbers read as a code.
#[allow(clippy::type_complexity)]
pub fn select(
    spec: &DataSpec,
    table: &RawTable,
) -> Result<(
    Vec<Column>,
    Vec<SkippedFeature>,
    Vec<crate::record::sampling::Warning>,
)> {
    let s = &spec.spurious;
    for c in spec.kinds.categorical.iter().chain(&spec.kinds.numeric) {
        require(table, c, "column in data.categorical or data.numeric")?;
    }
    let outputs = spec.output_columns();
    for e in &s.exclude {
        require(table, e, "column in spurious.exclude")?;
    }
    for i in s.inputs.iter().flatten() {
        require(table, i, "column in spurious.inputs")?;
    }
    let mut skipped = Vec::new();
    let names: Vec<String> = match &s.features {
        Some(list) => {
            for f in list {
                require(table, f, "column in spurious.features")?;
            }
            list.clone()
        }
        None => {
            let mut names = Vec::new();
            for (name, _) in &table.columns {
                let reason = if outputs.iter().any(|(_, c)| c == name) {
                    Some("the outcome or the model's output")
                } else if spec.groups.iter().any(|g| &g.column == name) {
                    Some("a group column (the subgroup audit compares its groups)")
                } else if s.time.as_ref() == Some(name) {
                    Some("the time column")
                } else if s.exclude.contains(name) {
                    Some("excluded in the manifest (spurious.exclude)")
                } else {
                    None
                };
                match reason {
                    Some(r) => skipped.push(skip(name, r)),
                    None => names.push(name.clone()),
                }
            }
            names
        }
    };
    let mut columns = Vec::new();
    let mut warnings = Vec::new();
    for name in names {
        let cells = require(table, &name, "feature")?;
        let (column, code) = parse_declared(&name, cells, &spec.kinds);
        if column.distinct() < 2 {
            skipped.push(skip(&name, "fewer than two distinct values"));
        } else {
            if let Some(why) = code {
                warnings.push(crate::audit::kinds::code_warning(&name, why));
            }
            columns.push(column);
        }
    }
    Ok((columns, skipped, warnings))
}

pub fn skip(name: &str, reason: &str) -> SkippedFeature {
    SkippedFeature {
        feature: name.to_string(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numeric_and_categorical_columns() {
        let c = Column::parse("x", &cells(&["1.5", "", "2"]));
        assert_eq!(c.values, Values::Numeric(vec![Some(1.5), None, Some(2.0)]));
        let c = Column::parse("x", &cells(&["b", "a", " ", "b"]));
        assert_eq!(
            c.values,
            Values::Categorical {
                levels: cells(&["a", "b"]),
                codes: vec![Some(1), Some(0), None, Some(1)]
            }
        );
        assert_eq!(
            levels_and_codes(&cells(&["2", "1", "", "2"])),
            (cells(&["1", "2"]), vec![Some(1), Some(0), None, Some(1)])
        );
        let (k, codes) = Column::parse("x", &cells(&["1", "5", "9"])).categories(&[2.0, 5.0]);
        assert_eq!((k, codes), (3, vec![Some(0), Some(1), Some(2)]));
    }
}
