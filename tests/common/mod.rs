//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod browser;
pub mod nuisance;
pub mod scored;
pub mod site;

use std::path::{Path, PathBuf};

/// The `algoreg` binary built for these tests.
pub fn algoreg() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_algoreg"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn data(name: &str) -> PathBuf {
    root().join("tests").join("data").join(name)
}

/// Copies the shipped register (models/ and audits/policy.toml) into a fresh temporary folder.
pub fn copy_register() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("models"), &tmp.path().join("models"));
    std::fs::create_dir_all(tmp.path().join("audits")).unwrap();
    std::fs::copy(
        root().join("audits/policy.toml"),
        tmp.path().join("audits/policy.toml"),
    )
    .unwrap();
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Parses stdout as JSON.
pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("stdout is JSON")
}

/// The record entry of `group` within `attribute`.
pub fn group<'a>(
    record: &'a serde_json::Value,
    attribute: &str,
    group: &str,
) -> &'a serde_json::Value {
    record["subgroup"]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute"] == attribute)
        .unwrap_or_else(|| panic!("attribute {attribute}"))["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == group)
        .unwrap_or_else(|| panic!("group {group}"))
}

/// The metric entry of a group.
pub fn metric<'a>(group: &'a serde_json::Value, metric: &str) -> &'a serde_json::Value {
    group["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == metric)
        .unwrap_or_else(|| panic!("metric {metric}"))
}

pub fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A value metric (`score_metrics` or `count_metrics`) of a group.
pub fn value_metric<'a>(
    group: &'a serde_json::Value,
    list: &str,
    metric: &str,
) -> &'a serde_json::Value {
    group[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} in {}", group["group"]))
        .iter()
        .find(|m| m["metric"] == metric)
        .unwrap_or_else(|| panic!("{list} {metric}"))
}

/// The attribute entry of a record.
pub fn attribute<'a>(record: &'a serde_json::Value, attribute: &str) -> &'a serde_json::Value {
    record["subgroup"]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute"] == attribute)
        .unwrap_or_else(|| panic!("attribute {attribute}"))
}

/// A manifest without its `[model]` table and sub-tables: the audit then reads `[data] file` with the
/// scores it brings (the generators' `risk_score`, `predicted_rate`), as for a model built elsewhere.
pub fn without_model_table(text: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('[') {
            skip = t.starts_with("[model]") || t.starts_with("[model.");
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
