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

/// Rows `[first, first + rows)` of the file as CSV text (no header).
fn block(seed: u64, index: u64, rows: u64) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let mut out = Vec::with_capacity(rows as usize * 24);
    for _ in 0..rows {
        let h = pick(&HOODS, rng.random::<f64>());
        let a = pick(&AGES, rng.random::<f64>());
        let z: f64 = StandardNormal.sample(&mut rng);
        let e: f64 = StandardNormal.sample(&mut rng);
        let risk = HOODS[h].2 + AGES[a].2 + 1.5 * z;
        let label = rng.random::<f64>() < sigmoid(risk);
        let bias = if h == 1 { NOORD_BIAS } else { 0.0 };
        let score = sigmoid(risk + bias + 0.7 * e);
        use std::io::Write;
        writeln!(
            out,
            "{},{},{},{:.4}",
            HOODS[h].0,
            AGES[a].0,
            u8::from(label),
            score
        )
        .expect("writing to a Vec cannot fail");
    }
    out
}

/// Writes `rows` rows (with the header) to `out`, generating blocks in parallel, in order.
pub fn write<W: std::io::Write + ?Sized>(seed: u64, rows: u64, out: &mut W) -> std::io::Result<()> {
    out.write_all(HEADER.as_bytes())?;
    let blocks = rows.div_ceil(BLOCK);
    // A few blocks per thread at a time keep memory small.
    let batch = (rayon::current_num_threads() * 2) as u64;
    let mut next = 0;
    while next < blocks {
        let end = (next + batch).min(blocks);
        let texts: Vec<Vec<u8>> = (next..end)
            .into_par_iter()
            .map(|b| block(seed, b, BLOCK.min(rows - b * BLOCK)))
            .collect();
        for t in texts {
            out.write_all(&t)?;
        }
        next = end;
    }
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
