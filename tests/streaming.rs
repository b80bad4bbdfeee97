//! The streamed audit against the in-memory one: the same tables and the same numbers (to 1e-9),
//! whatever the chunk size; the same error for a bad row; memory that follows the groups.

mod common;

use std::path::{Path, PathBuf};

use algoreg::audit::fold;
use algoreg::data::load_scored;
use algoreg::manifest::sampling::SamplingSpec;
use algoreg::manifest::spurious::SpuriousSpec;
use algoreg::manifest::{CountSpec, DataSpec, GroupSpec, PredictionSpec, ReferenceGroup};
use algoreg::progress::Silent;
use algoreg::register::{ReadMode, quick_audit};
use algoreg::stream::{StreamOptions, stream_scored};
use common::scored::{same, spec};
use common::*;

/// A scored file with what makes reading hard: quoted cells with commas, doubled quotes and a line
/// break, CRLF line ends, spaces around cells, empty group cells, unlabelled rows and repeated scores.
fn tricky_file(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("id,hood,age,label,score,note\r\n");
    let hoods = ["Noord", "Zuid", "\"Oost, binnen\"", "", " West "];
    let ages = ["jong", "oud", "midden"];
    let mut x: u64 = 12345;
    for i in 0..rows {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (x >> 11) as f64 / (1u64 << 53) as f64;
        let hood = hoods[(x >> 20) as usize % hoods.len()];
        let age = ages[(x >> 30) as usize % ages.len()];
        // Scores repeat (3 decimals) so tables have ties; a few scores lie outside [0, 1].
        let score = if i % 997 == 0 {
            1.25
        } else {
            (u * 1000.0).round() / 1000.0
        };
        let label = match (x >> 40) % 10 {
            0 => String::new(),
            k if (k as f64) / 10.0 < score => "1".into(),
            _ => "0".into(),
        };
        let note = match i % 50 {
            0 => "\"a note, with \"\"quotes\"\"\r\nand a line break\"".to_string(),
            _ => "plain".to_string(),
        };
        text.push_str(&format!("{i},{hood},{age}, {label} ,{score},{note}\r\n"));
    }
    let path = dir.join("scored.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn streamed_tables_equal_the_in_memory_ones_for_every_chunk_size() {
    let dir = tempfile::tempdir().unwrap();
    let file = tricky_file(dir.path(), 6000);
    let spec = spec(&file);
    let data = load_scored(&spec).unwrap();
    let want = fold::from_rows(&data, &spec).unwrap();
    assert_eq!(want.rows, 6000);
    assert!(!want.probabilities, "a few scores lie above 1");
    for chunk_bytes in [1024, 4099, 1 << 20] {
        let options = StreamOptions {
            chunk_bytes,
            ..StreamOptions::default()
        };
        let streamed = stream_scored(&spec, &options, &Silent).unwrap();
        assert_eq!(streamed.sha256, data.sha256, "the whole file is hashed");
        let got = streamed.tables.into_folded(&spec, true, false);
        assert_eq!(got, want, "chunks of {chunk_bytes} bytes");
    }
}

#[test]
fn streamed_and_in_memory_records_agree_to_1e9() {
    let dir = tempfile::tempdir().unwrap();
    let file = tricky_file(dir.path(), 6000);
    let spec = spec(&file);
    let (m, s) = records_both_ways(&spec, 2048);
    same(&m["subgroup"], &s["subgroup"], "subgroup");
    // The file is smaller than the sample: the sample is every row, so the other audits agree too.
    same(&m["sampling"], &s["sampling"], "sampling");
    same(&m["spurious"], &s["spurious"], "spurious");
    same(&m["findings"], &s["findings"], "findings");
    assert_eq!(s["data"]["streamed"]["sample_rows"], 6000);
    assert!(m["data"].get("streamed").is_none());
}

#[test]
fn a_sample_is_uniform_seeded_and_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = tricky_file(dir.path(), 20_000);
    let spec = spec(&file);
    let options = StreamOptions {
        chunk_bytes: 8192,
        sample_rows: 1000,
        seed: 7,
    };
    let a = stream_scored(&spec, &options, &Silent).unwrap();
    let b = stream_scored(
        &spec,
        &StreamOptions {
            chunk_bytes: 100_000,
            ..options.clone()
        },
        &Silent,
    )
    .unwrap();
    assert_eq!(a.sample.rows.len(), 1000);
    assert_eq!(
        a.sample.rows, b.sample.rows,
        "the sample does not depend on chunking"
    );
    let lines: Vec<u64> = a.sample.rows.iter().map(|r| r.0).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "file order");
    // Uniform: the ids (row numbers 0..20,000) of the sample average about 10,000; the mean of 1,000
    // draws without replacement has sd ≈ 5,774/√1000 ≈ 183, so 4 sd is 730.
    let mean: f64 = a
        .sample
        .rows
        .iter()
        .map(|(_, r)| r[0].parse::<f64>().unwrap())
        .sum::<f64>()
        / 1000.0;
    assert!((mean - 9999.5).abs() < 730.0, "mean id {mean}");
    let other = stream_scored(
        &spec,
        &StreamOptions {
            seed: 8,
            ..options.clone()
        },
        &Silent,
    )
    .unwrap();
    assert_ne!(
        other.sample.rows, a.sample.rows,
        "another seed, another sample"
    );
}

#[test]
fn a_bad_row_gives_the_same_error_streamed_or_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let file = tricky_file(dir.path(), 3000);
    let text = std::fs::read_to_string(&file).unwrap();
    // Break the score of row id 2500 (and a later one: the first must be reported).
    let lines: Vec<&str> = text.split("\r\n").collect();
    let mut out = Vec::new();
    for l in lines {
        if l.starts_with("2500,") || l.starts_with("2900,") {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells[4] = "n/a";
            out.push(cells.join(","));
        } else {
            out.push(l.to_string());
        }
    }
    std::fs::write(&file, out.join("\r\n")).unwrap();
    let spec = spec(&file);
    let memory = load_scored(&spec).unwrap_err().to_string();
    let streamed = stream_scored(
        &spec,
        &StreamOptions {
            chunk_bytes: 1024,
            ..StreamOptions::default()
        },
        &Silent,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(streamed, memory);
    assert!(
        memory.contains("score") && memory.contains("n/a"),
        "{memory}"
    );
}

/// A worker that panics (a bug, never bad input: that is an error) ends the read with that panic
/// instead of leaving the reader waiting for the worker's buffer: before the buffer was handed back
/// on unwinding, this hung once every buffer had been lost.
#[test]
fn a_panicking_worker_ends_the_read_instead_of_hanging_it() {
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().unwrap();
    let file = tricky_file(dir.path(), 6000);
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            let stop = AtomicBool::new(false);
            algoreg::stream::read_chunks(&file, 1024, true, &stop, &Silent, |_| {
                Ok(|_: usize, _: &[u8], _: u64| panic!("a worker's bug"))
            })
        });
        done.send(outcome.is_err()).unwrap();
    });
    let panicked = wait
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the read ends within a minute");
    assert!(panicked, "the worker's panic reaches the caller");
}

#[test]
fn the_cli_streams_on_request_and_says_so_in_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let file = tricky_file(dir.path(), 2000);
    let quick = || {
        let mut c = algoreg();
        c.args(["audit", "--data"]).arg(&file).args([
            "--label",
            "label",
            "--score",
            "score",
            "--threshold",
            "0.5",
            "--group",
            "hood",
        ]);
        c
    };
    let out = quick()
        .args(["--stream", "--sample-rows", "500", "--json"])
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    let record = json(&out.stdout);
    assert_eq!(record["data"]["rows"], 2000);
    assert_eq!(record["data"]["streamed"]["sample_rows"], 500);
    // --sample-rows without --stream is refused before any work.
    let bad = quick().args(["--sample-rows", "5"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// A count model with continuous predictions: every row a distinct (observed, predicted) pair, more
/// of them overall than a count table keeps, so the overall table moves to a grid. Streamed and in
/// memory still agree, and the record says how coarse the grid is.
#[test]
fn a_count_table_past_its_cap_is_the_same_streamed_and_says_its_grid() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("counts.csv");
    let mut text = String::from("hood,label,pred,y,mu\n");
    let mut x: u64 = 3;
    for i in 0..90_000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mu = 0.05 + 5.0 * ((x >> 11) as f64 / (1u64 << 53) as f64);
        let y = (x >> 5) % 7;
        let hood = if i % 2 == 0 { "Noord" } else { "Zuid" };
        text.push_str(&format!(
            "{hood},{},{},{y},{mu}\n",
            u8::from(y > 0),
            u8::from(mu > 2.5)
        ));
    }
    std::fs::write(&file, text).unwrap();
    let spec = DataSpec {
        origin: PathBuf::from("<test>"),
        file: file.clone(),
        label: Some("label".into()),
        prediction: Some(PredictionSpec::Column("pred".into())),
        groups: vec![GroupSpec {
            column: "hood".into(),
            reference: ReferenceGroup::Largest,
        }],
        intersections: Vec::new(),
        count: Some(CountSpec {
            observed: "y".into(),
            predicted: "mu".into(),
        }),
        sampling: SamplingSpec::default(),
        spurious: SpuriousSpec::default(),
        map: None,
        kinds: Default::default(),
    };
    let (m, s) = records_both_ways(&spec, 64 << 10);
    same(&m["subgroup"], &s["subgroup"], "subgroup");
    let note = m["subgroup"]["methods"]["counts"].as_str().unwrap();
    assert!(note.contains("significant bits"), "{note}");
}

/// The quick audit's record of `spec` read in memory and streamed in chunks of `chunk_bytes`, as JSON.
fn records_both_ways(
    spec: &DataSpec,
    chunk_bytes: usize,
) -> (serde_json::Value, serde_json::Value) {
    let memory = quick_audit(spec, &ReadMode::InMemory, &Silent).unwrap();
    let streamed = quick_audit(
        spec,
        &ReadMode::Streamed(StreamOptions {
            chunk_bytes,
            ..StreamOptions::default()
        }),
        &Silent,
    )
    .unwrap();
    (
        serde_json::to_value(&memory).unwrap(),
        serde_json::to_value(&streamed).unwrap(),
    )
}
