//! Parquet scored files against their CSV twins: the same tables, records (to 1e-9) and sample; errors
//! that name the file, column and row, exit code 2, and no panic on a broken file.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use algoreg::audit::fold;
use algoreg::data::load_scored;
use algoreg::parquet::stream_parquet;
use algoreg::progress::Silent;
use algoreg::register::{ReadMode, quick_audit};
use algoreg::stream::{StreamOptions, stream_scored};
use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Float32Array, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{Field, Schema};
use common::scored::{same, spec};
use common::*;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// One row of the test data; `None` is a null in Parquet and an empty cell in CSV.
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    hood: Option<&'static str>,
    age: &'static str,
    label: Option<bool>,
    score: f64,
    note: String,
}

/// Rows with what makes the comparison hard: null and empty groups, a group with spaces around it,
/// unlabelled rows, repeated scores (3 decimals) and a few above 1, text with commas and quotes.
/// (No line breaks inside cells: a row's line in the CSV twin is then its row number + 1.)
fn rows(n: usize) -> Vec<Row> {
    let hoods = [
        Some("Noord"),
        Some("Zuid"),
        Some("Oost, binnen"),
        None,
        Some(" West "),
        Some(""),
    ];
    let ages = ["jong", "oud", "midden"];
    let mut x: u64 = 12345;
    (0..n)
        .map(|i| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            let score = if i % 997 == 0 {
                1.25
            } else {
                (u * 1000.0).round() / 1000.0
            };
            let label = match (x >> 40) % 10 {
                0 => None,
                k => Some((k as f64) / 10.0 < score),
            };
            Row {
                id: i as i64,
                hood: hoods[(x >> 20) as usize % hoods.len()],
                age: ages[(x >> 30) as usize % ages.len()],
                label,
                score,
                note: if i % 50 == 0 {
                    "a note, with \"quotes\"".into()
                } else {
                    "plain".into()
                },
            }
        })
        .collect()
}

/// The CSV twin, written independently of algoreg: empty cells for nulls, labels as 0/1.
fn write_csv(rows: &[Row], path: &Path) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "hood", "age", "label", "score", "note"])
        .unwrap();
    for r in rows {
        let label = r.label.map_or(String::new(), |l| u8::from(l).to_string());
        w.write_record([
            r.id.to_string(),
            r.hood.unwrap_or("").to_string(),
            r.age.to_string(),
            label,
            r.score.to_string(),
            r.note.clone(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

/// How the Parquet file types its columns.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Flavour {
    /// Labels as booleans, `hood` dictionary-encoded (as pandas writes a categorical), scores float64.
    Pyarrow,
    /// Labels as int64 0/1, `hood` plain text, scores float32 (3-decimal values survive float32's
    /// shortest form: 0.123f32 is written "0.123").
    Narrow,
}

/// Writes `rows` as Snappy-compressed Parquet with row groups of `group_rows` rows.
fn write_parquet(rows: &[Row], path: &Path, flavour: Flavour, group_rows: usize) {
    write_compressed(rows, path, flavour, group_rows, Compression::SNAPPY);
}

/// [`write_parquet`] with the pages compressed by `codec`.
fn write_compressed(
    rows: &[Row],
    path: &Path,
    flavour: Flavour,
    group_rows: usize,
    codec: Compression,
) {
    let hood: ArrayRef = match flavour {
        Flavour::Pyarrow => {
            let mut b = StringDictionaryBuilder::<Int32Type>::new();
            for r in rows {
                b.append_option(r.hood);
            }
            Arc::new(b.finish())
        }
        Flavour::Narrow => Arc::new(StringArray::from(
            rows.iter().map(|r| r.hood).collect::<Vec<_>>(),
        )),
    };
    let label: ArrayRef = match flavour {
        Flavour::Pyarrow => Arc::new(BooleanArray::from(
            rows.iter().map(|r| r.label).collect::<Vec<_>>(),
        )),
        Flavour::Narrow => Arc::new(Int64Array::from(
            rows.iter()
                .map(|r| r.label.map(i64::from))
                .collect::<Vec<_>>(),
        )),
    };
    let score: ArrayRef = match flavour {
        Flavour::Pyarrow => Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.score))),
        Flavour::Narrow => Arc::new(Float32Array::from_iter_values(
            rows.iter().map(|r| r.score as f32),
        )),
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.id))),
        hood,
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.age))),
        label,
        score,
        Arc::new(StringArray::from_iter_values(
            rows.iter().map(|r| r.note.as_str()),
        )),
    ];
    write_batch_with(
        columns,
        &["id", "hood", "age", "label", "score", "note"],
        path,
        group_rows,
        codec,
    );
}

fn write_batch(columns: Vec<ArrayRef>, names: &[&str], path: &Path, group_rows: usize) {
    write_batch_with(columns, names, path, group_rows, Compression::SNAPPY);
}

fn write_batch_with(
    columns: Vec<ArrayRef>,
    names: &[&str],
    path: &Path,
    group_rows: usize,
    codec: Compression,
) {
    let fields: Vec<Field> = columns
        .iter()
        .zip(names)
        .map(|(c, n)| Field::new(*n, c.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let props = WriterProperties::builder()
        .set_compression(codec)
        .set_max_row_group_row_count(Some(group_rows))
        .build();
    let mut w =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

/// A CSV file and Parquet files of the same 6,000 rows in row groups of 500.
fn twins(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let rows = rows(6000);
    let csv = dir.join("scored.csv");
    write_csv(&rows, &csv);
    let (a, b) = (dir.join("scored.parquet"), dir.join("narrow.PARQUET"));
    write_parquet(&rows, &a, Flavour::Pyarrow, 500);
    write_parquet(&rows, &b, Flavour::Narrow, 500);
    (csv, a, b)
}

#[test]
fn parquet_and_csv_twins_fold_into_the_same_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, a, b) = twins(dir.path());
    let want = fold::from_rows(&load_scored(&spec(&csv)).unwrap(), &spec(&csv)).unwrap();
    assert_eq!(want.rows, 6000);
    assert!(want.labelled < 6000, "some rows are unlabelled");
    for file in [a, b] {
        let streamed = stream_parquet(&spec(&file), &StreamOptions::default(), &Silent).unwrap();
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(
            streamed.sha256,
            algoreg::hash::sha256_hex(&bytes),
            "the file is hashed"
        );
        assert_eq!(streamed.bytes, bytes.len() as u64);
        let got = streamed.tables.into_folded(&spec(&file), true, false);
        assert_eq!(got, want, "{}", file.display());
    }
}

/// Every codec the Parquet format names that a writer can produce today (all but the long-deprecated
/// LZO): pandas and Spark write Snappy by default, and exports often choose gzip, zstd or brotli.
#[test]
fn every_common_codec_reads_as_its_csv_twin() {
    use parquet::basic::{BrotliLevel, GzipLevel, ZstdLevel};
    let dir = tempfile::tempdir().unwrap();
    let rows = rows(6000);
    let csv = dir.path().join("scored.csv");
    write_csv(&rows, &csv);
    let want = fold::from_rows(&load_scored(&spec(&csv)).unwrap(), &spec(&csv)).unwrap();
    let codecs = [
        ("uncompressed", Compression::UNCOMPRESSED),
        ("snappy", Compression::SNAPPY),
        ("gzip", Compression::GZIP(GzipLevel::default())),
        ("brotli", Compression::BROTLI(BrotliLevel::default())),
        ("lz4", Compression::LZ4),
        ("lz4_raw", Compression::LZ4_RAW),
        ("zstd", Compression::ZSTD(ZstdLevel::default())),
    ];
    for (name, codec) in codecs {
        let file = dir.path().join(format!("{name}.parquet"));
        write_compressed(&rows, &file, Flavour::Pyarrow, 700, codec);
        let streamed = stream_parquet(&spec(&file), &StreamOptions::default(), &Silent)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = streamed.tables.into_folded(&spec(&file), true, false);
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn parquet_and_csv_records_agree_to_1e9() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, a, b) = twins(dir.path());
    let memory = quick_audit(&spec(&csv), &ReadMode::InMemory, &Silent).unwrap();
    let m = serde_json::to_value(&memory).unwrap();
    // A missing group (null or empty) is a group of its own, as an empty CSV cell is.
    let hoods: Vec<&str> = m["subgroup"]["attributes"][0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert!(
        hoods.contains(&"(missing)") && hoods.contains(&"West"),
        "{hoods:?}"
    );
    for (file, mode) in [
        (&a, ReadMode::Auto),
        (&b, ReadMode::Streamed(StreamOptions::default())),
    ] {
        let p = quick_audit(&spec(file), &mode, &Silent).unwrap();
        let p = serde_json::to_value(&p).unwrap();
        // The file is smaller than the sample: every audit sees every row.
        for part in ["subgroup", "sampling", "spurious", "findings", "verdict"] {
            same(&m[part], &p[part], part);
        }
        assert_eq!(p["data"]["rows"], 6000);
        assert_eq!(
            p["data"]["streamed"]["sample_rows"], 6000,
            "Parquet is always streamed"
        );
    }
}

#[test]
fn parquet_keeps_the_sample_of_its_csv_twin() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, _, narrow) = twins(dir.path());
    let options = StreamOptions {
        chunk_bytes: 8192,
        sample_rows: 700,
        seed: 7,
    };
    let c = stream_scored(&spec(&csv), &options, &Silent).unwrap();
    let p = stream_parquet(&spec(&narrow), &options, &Silent).unwrap();
    assert_eq!(p.sample.rows.len(), 700);
    assert_eq!(p.sample.header, c.sample.header);
    assert_eq!(p.sample.rows, c.sample.rows, "same rows, same cells");
    assert_eq!(p.sample.of_rows, 6000);
    let other = stream_parquet(
        &spec(&narrow),
        &StreamOptions { seed: 8, ..options },
        &Silent,
    )
    .unwrap();
    assert_ne!(
        other.sample.rows, p.sample.rows,
        "another seed, another sample"
    );
}

#[test]
fn the_benchmark_files_hold_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, pq) = (dir.path().join("b.csv"), dir.path().join("b.parquet"));
    for (format, file) in [("csv", &csv), ("parquet", &pq)] {
        algoreg()
            .args([
                "bench", "data", "--rows", "3000", "--seed", "5", "--format", format, "--out",
            ])
            .arg(file)
            .assert()
            .success();
    }
    let mut s = spec(&csv);
    s.groups.truncate(1);
    s.intersections.clear();
    let want = fold::from_rows(&load_scored(&s).unwrap(), &s).unwrap();
    s.file = pq.clone();
    let options = StreamOptions {
        sample_rows: 300,
        ..StreamOptions::default()
    };
    let got = stream_parquet(&s, &options, &Silent).unwrap();
    // Only the audited columns and none else: the sample is kept from the first read. The same rows
    // and numbers ("0.688" in Parquet's sample is "0.6880" in the CSV file).
    let c = stream_scored(&spec(&csv), &options, &Silent).unwrap();
    let cells = |rows: &[(u64, csv::StringRecord)]| -> Vec<(u64, String, String, String, f64)> {
        rows.iter()
            .map(|(line, r)| {
                (
                    *line,
                    r[0].into(),
                    r[1].into(),
                    r[2].into(),
                    r[3].parse().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(got.sample.rows.len(), 300);
    assert!(
        cells(&got.sample.rows) == cells(&c.sample.rows),
        "the same sample"
    );
    assert_eq!(got.tables.into_folded(&s, true, false), want);
    let out = algoreg()
        .args(["bench", "parse", "--quiet"])
        .arg(&pq)
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["rows"], 3000);
    assert_eq!(report["fields"], 12000);
}

/// `algoreg audit --data FILE` with the test's columns and `extra` arguments.
fn audit(file: &Path, extra: &[&str]) -> std::process::Output {
    let mut c = algoreg();
    c.args(["audit", "--data"]).arg(file).args([
        "--label",
        "label",
        "--threshold",
        "0.5",
        "--group",
        "hood",
        "--json",
    ]);
    c.args(extra).output().unwrap()
}

fn refused(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A file of the rows' hood and label with `score` as its score column (row groups of 400).
fn write_with_score(rows: &[Row], score: ArrayRef, path: &Path) {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(
            rows.iter().map(|r| r.hood).collect::<Vec<_>>(),
        )),
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| r.label).collect::<Vec<_>>(),
        )),
        score,
    ];
    write_batch(columns, &["hood", "label", "score"], path, 400);
}

#[test]
fn errors_name_the_file_column_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_, a, _) = twins(dir.path());
    let name = a.display().to_string();

    let err = refused(&audit(&a, &["--score", "score", "--group", "wijk"]));
    assert!(err.contains(&name) && err.contains("`wijk`"), "{err}");
    assert!(
        err.contains("the header has: id, hood, age, label, score, note"),
        "{err}"
    );

    let err = refused(&audit(&a, &["--score", "note"]));
    assert!(
        err.contains(&name) && err.contains("`note`") && err.contains("Utf8"),
        "{err}"
    );

    // A null score in row 2501 (and a later one: the first is reported), as an empty CSV cell.
    let rows = rows(3000);
    let bad = dir.path().join("bad.parquet");
    let score = Float64Array::from(
        rows.iter()
            .map(|r| (r.id != 2500 && r.id != 2900).then_some(r.score))
            .collect::<Vec<_>>(),
    );
    write_with_score(&rows, Arc::new(score), &bad);
    let err = refused(&audit(&bad, &["--score", "score", "--stream"]));
    let bad_name = bad.display().to_string();
    assert!(
        err.contains(&format!(
            "{bad_name}: row 2501: column `score`: a score must be a finite number"
        )),
        "{err}"
    );
    assert!(err.contains("null"), "{err}");

    // A NaN score (row 1201) is read as its CSV cell `NaN` is: an error showing the value.
    let nan = dir.path().join("nan.parquet");
    let score = Float64Array::from_iter_values(
        rows.iter()
            .map(|r| if r.id == 1200 { f64::NAN } else { r.score }),
    );
    write_with_score(&rows, Arc::new(score), &nan);
    let err = refused(&audit(&nan, &["--score", "score"]));
    assert!(
        err.contains(&format!(
            "{}: row 1201: column `score`: a score must be a finite number",
            nan.display()
        )) && err.contains("NaN"),
        "{err}"
    );
}

#[test]
fn parquet_is_never_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (_, a, _) = twins(dir.path());
    let err = refused(&audit(&a, &["--score", "score", "--in-memory"]));
    assert!(
        err.contains("Parquet files are always streamed; leave out --in-memory"),
        "{err}"
    );
    // Nor as training data (only the scored file is read from Parquet).
    let err = refused(&audit(
        &a,
        &["--score", "score", "--training", a.to_str().unwrap()],
    ));
    assert!(err.contains("give this file as CSV"), "{err}");
}

#[test]
fn a_broken_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, a, _) = twins(dir.path());
    let bytes = std::fs::read(&a).unwrap();
    let cases = [
        ("truncated.parquet", bytes[..bytes.len() / 2].to_vec()),
        ("empty.parquet", Vec::new()),
        ("text.parquet", std::fs::read(&csv).unwrap()),
        ("scrambled.parquet", {
            // Footer intact, the data pages overwritten.
            let mut b = bytes.clone();
            for x in &mut b[4..bytes.len() / 2] {
                *x = x.wrapping_mul(31).wrapping_add(7);
            }
            b
        }),
    ];
    for (name, contents) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        let err = refused(&audit(&file, &["--score", "score"]));
        assert!(
            err.contains(&file.display().to_string())
                && err.contains("not a readable Parquet file"),
            "{name}: {err}"
        );
    }
}
