//! The seeded scored file of the scale benchmark: `hood,age,label,score`, 5 neighbourhoods × 4 age
//! bands = 20 intersectional groups, every row labelled, a score with 4 decimals (predicted positive
//! at `score >= 0.5`).
//!
//! Row `i` is drawn from ChaCha8 stream `i / BLOCK` of the seed, so blocks can be generated in
//! parallel and the file does not depend on the number of threads. The model under-scores one
//! neighbourhood (Noord), so an audit has a real difference to find.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

/// Rows per independently seeded block.
pub const BLOCK: u64 = 1 << 20;

/// Neighbourhoods with their share of rows and their base log-odds.
const HOODS: [(&str, f64, f64); 5] = [
    ("Centrum", 0.25, -1.0),
    ("Noord", 0.20, -0.6),
    ("Oost", 0.20, -1.2),
    ("West", 0.20, -1.1),
    ("Zuid", 0.15, -1.4),
];

/// Age bands with their share of rows and their log-odds shift.
const AGES: [(&str, f64, f64); 4] = [
    ("18-29", 0.20, 0.3),
    ("30-49", 0.35, 0.0),
    ("50-66", 0.30, -0.2),
    ("67+", 0.15, -0.4),
];

/// How much the model under-scores Noord (log-odds).
const NOORD_BIAS: f64 = -0.5;

fn pick<const N: usize>(table: &[(&'static str, f64, f64); N], u: f64) -> usize {
    let mut acc = 0.0;
    for (i, t) in table.iter().enumerate() {
        acc += t.1;
        if u < acc {
            return i;
        }
    }
    N - 1
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The header line.
pub const HEADER: &str = "hood,age,label,score\n";

/// One generated row: indices into the neighbourhoods and age bands, the label, and the score as
/// written (4 decimals) and read back, so the CSV and Parquet files hold the same numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    hood: usize,
    age: usize,
    label: bool,
    score: f64,
    /// The score's 4-decimal text, `score` being what it parses to.
    text: [u8; 6],
}

/// The rows of block `index` (`rows` of them).
fn block_rows(seed: u64, index: u64, rows: u64) -> Vec<Row> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let mut out = Vec::with_capacity(rows as usize);
    for _ in 0..rows {
        let h = pick(&HOODS, rng.random::<f64>());
        let a = pick(&AGES, rng.random::<f64>());
        let z: f64 = StandardNormal.sample(&mut rng);
        let e: f64 = StandardNormal.sample(&mut rng);
        let risk = HOODS[h].2 + AGES[a].2 + 1.5 * z;
        let label = rng.random::<f64>() < sigmoid(risk);
        let bias = if h == 1 { NOORD_BIAS } else { 0.0 };
        let score = sigmoid(risk + bias + 0.7 * e);
        // A sigmoid lies in (0, 1), so `{:.4}` is always 6 bytes ("0.xxxx" or "1.0000").
        let mut text = [0u8; 6];
        {
            use std::io::Write;
            write!(&mut text[..], "{score:.4}").expect("6 bytes hold a score in [0, 1]");
        }
        let score = std::str::from_utf8(&text)
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or(score);
        out.push(Row {
            hood: h,
            age: a,
            label,
            score,
            text,
        });
    }
    out
}

/// Rows of block `index` as CSV text (no header).
fn block(seed: u64, index: u64, rows: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows as usize * 24);
    for r in block_rows(seed, index, rows) {
        out.extend_from_slice(HOODS[r.hood].0.as_bytes());
        out.push(b',');
        out.extend_from_slice(AGES[r.age].0.as_bytes());
        out.extend_from_slice(if r.label { b",1," } else { b",0," });
        out.extend_from_slice(&r.text);
        out.push(b'\n');
    }
    out
}

/// Generates the blocks of a `rows`-row file in parallel, a few per thread at a time (so memory stays
/// small), and hands each to `emit` in order.
fn blocks<T: Send>(
    seed: u64,
    rows: u64,
    make: impl Fn(u64, u64, u64) -> T + Sync,
    mut emit: impl FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let count = rows.div_ceil(BLOCK);
    let batch = (rayon::current_num_threads() * 2) as u64;
    let mut next = 0;
    while next < count {
        let end = (next + batch).min(count);
        let made: Vec<T> = (next..end)
            .into_par_iter()
            .map(|b| make(seed, b, BLOCK.min(rows - b * BLOCK)))
            .collect();
        for m in made {
            emit(m)?;
        }
        next = end;
    }
    Ok(())
}

/// Writes `rows` rows (with the header) to `out`, generating blocks in parallel, in order.
pub fn write<W: std::io::Write + ?Sized>(seed: u64, rows: u64, out: &mut W) -> std::io::Result<()> {
    out.write_all(HEADER.as_bytes())?;
    blocks(seed, rows, block, |t| out.write_all(&t))
}

/// Writes the same rows as [`write`] as a Parquet file to `out`, as pandas would from the CSV file:
/// `hood` and `age` text, `label` int64 (0/1), `score` float64; snappy-compressed (pyarrow's default),
/// row groups of the writer's default size (1,048,576 rows).
pub fn write_parquet<W: std::io::Write + Send>(
    seed: u64,
    rows: u64,
    out: W,
) -> std::io::Result<()> {
    use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    use std::sync::Arc;

    let schema = Arc::new(Schema::new(vec![
        Field::new("hood", DataType::Utf8, false),
        Field::new("age", DataType::Utf8, false),
        Field::new("label", DataType::Int64, false),
        Field::new("score", DataType::Float64, false),
    ]));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    fn fail(e: impl std::fmt::Display) -> std::io::Error {
        std::io::Error::other(e.to_string())
    }
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(fail)?;
    let batch_of = |seed, index, n| -> std::io::Result<RecordBatch> {
        let rows = block_rows(seed, index, n);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| HOODS[r.hood].0),
            )),
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| AGES[r.age].0),
            )),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| i64::from(r.label)),
            )),
            Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.score))),
        ];
        RecordBatch::try_new(schema.clone(), columns).map_err(fail)
    };
    blocks(seed, rows, batch_of, |batch| {
        writer.write(&batch?).map_err(fail)
    })?;
    writer.close().map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_do_not_depend_on_the_batching() {
        let mut a = Vec::new();
        write(7, 10, &mut a).unwrap();
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count(), 11);
        assert!(text.starts_with(HEADER));
        // The first rows are block 0's first rows, whatever the file size.
        let mut b = Vec::new();
        write(7, 3, &mut b).unwrap();
        assert!(text.starts_with(std::str::from_utf8(&b).unwrap()));
    }
}
