//! Every bad input ends with exit code 2 and a message that names the file and the place.

mod common;

use common::*;
use predicates::str::contains;

fn quick_on(csv: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scored.csv");
    std::fs::write(&file, csv).unwrap();
    let mut args = vec![
        "audit",
        "--data",
        file.to_str().unwrap(),
        "--label",
        "y",
        "--group",
        "wijk",
    ];
    if !extra.contains(&"--score") {
        args.extend_from_slice(&["--prediction", "yhat"]);
    }
    args.extend_from_slice(extra);
    let assert = algoreg().args(&args).assert();
    drop(dir);
    assert
}

#[test]
fn missing_column_names_the_column_and_the_header() {
    quick_on("wijk,y,pred\nA,1,1\n", &[])
        .code(2)
        .stderr(contains("scored.csv"))
        .stderr(contains(
            "column `yhat` (the prediction column) is not in the header",
        ))
        .stderr(contains("wijk, y, pred"));
}

#[test]
fn non_numeric_score_names_file_line_and_column() {
    quick_on(
        "wijk,y,p\nA,1,0.5\nB,0,abc\n",
        &["--score", "p", "--threshold", "0.5"],
    )
    .code(2)
    .stderr(contains(
        "scored.csv:3: column `p`: a score must be a finite number (value \"abc\")",
    ));
}

#[test]
fn empty_file_and_header_only_file() {
    quick_on("", &[])
        .code(2)
        .stderr(contains("scored.csv: the file is empty (no header line)"));
    quick_on("wijk,y,yhat\n", &[])
        .code(2)
        .stderr(contains("the file is empty (a header but no data rows)"));
}

#[test]
fn non_binary_label_names_the_line() {
    quick_on("wijk,y,yhat\nA,1,1\nA,0,0\nB,2,1\n", &[])
        .code(2)
        .stderr(contains(
            "scored.csv:4: column `y`: a label must be 0/1 or true/false",
        ))
        .stderr(contains("\"2\""));
}

#[test]
fn non_binary_prediction_and_ragged_rows() {
    quick_on("wijk,y,yhat\nA,1,yes\n", &[])
        .code(2)
        .stderr(contains(
            "scored.csv:2: column `yhat`: a prediction must be 0/1",
        ));
    quick_on("wijk,y,yhat\nA,1,1\nB,0\n", &[])
        .code(2)
        .stderr(contains(
            "scored.csv:3: this row has 2 fields, the header has 3",
        ));
}

#[test]
fn no_observed_label_at_all() {
    quick_on("wijk,y,yhat\nA,,1\nB,,0\n", &[])
        .code(2)
        .stderr(contains("every label cell is empty"));
}

#[test]
fn unknown_reference_group_lists_the_groups() {
    quick_on("wijk,y,yhat\nA,1,1\nB,0,0\n", &["--reference", "wijk=Z"])
        .code(2)
        .stderr(contains("group `Z` does not occur"))
        .stderr(contains("A, B"));
}

#[test]
fn missing_data_file() {
    algoreg()
        .args([
            "audit",
            "--data",
            "/nonexistent/x.csv",
            "--label",
            "y",
            "--prediction",
            "p",
            "--group",
            "g",
        ])
        .assert()
        .code(2)
        .stderr(contains("/nonexistent/x.csv"));
}

/// A register whose foundation manifest is edited; its `[model]` table is removed first, so that these
/// checks of the manifest and the data file meet `houses.csv` itself (bad `[model]` tables are
/// tests/train_shipped.rs's).
fn register_with_manifest(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let reg = copy_register();
    let path = reg.path().join("models/foundation-risk-zaandam/model.toml");
    let text = common::without_model_table(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, edit(text)).unwrap();
    reg
}

fn audit_in(reg: &tempfile::TempDir) -> assert_cmd::assert::Assert {
    algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam"])
        .assert()
}

#[test]
fn manifest_unknown_key_is_named() {
    let reg = register_with_manifest(|t| {
        t.replace("threshold = 0.15", "threshold = 0.15\nthreshhold = 0.3")
    });
    audit_in(&reg)
        .code(2)
        .stderr(contains("model.toml"))
        .stderr(contains("unknown field `threshhold`"));
}

#[test]
fn manifest_missing_required_field_is_named() {
    let reg = register_with_manifest(|t| t.replacen("goal = ", "doel = ", 1));
    audit_in(&reg)
        .code(2)
        .stderr(contains("model.toml"))
        .stderr(contains("goal"));
}

#[test]
fn manifest_bad_values_are_named() {
    let reg = register_with_manifest(|t| t.replace("theme = \"Wonen\"", "theme = \"Housing\""));
    audit_in(&reg)
        .code(2)
        .stderr(contains("field `register.theme`: `Housing` is not one of"));
    let reg = register_with_manifest(|t| t.replace("threshold = 0.15\n", ""));
    audit_in(&reg).code(2).stderr(contains(
        "field `data.threshold`: required when `score` is given",
    ));
    let reg =
        register_with_manifest(|t| t.replace("id = \"foundation-risk-zaandam\"", "id = \"other\""));
    audit_in(&reg)
        .code(2)
        .stderr(contains("differs from the folder name"));
    let reg = register_with_manifest(|t| {
        t.replace("column = \"owner_type\"", "column = \"eigenaar\"")
            .replace("\"owner_type\"]", "\"eigenaar\"]")
    });
    audit_in(&reg).code(2).stderr(contains(
        "houses.csv: column `eigenaar` (the group column) is not in the header",
    ));
}

#[test]
fn manifest_intersection_count_and_reference_errors_are_named() {
    let reg =
        register_with_manifest(|t| t.replace("column = \"owner_type\"", "column = \"eigenaar\""));
    audit_in(&reg).code(2).stderr(contains(
        "field `data.intersections[0].columns`: `owner_type` is not one of the group columns",
    ));
    let reg = register_with_manifest(|t| {
        t.replace(
            "columns = [\"neighbourhood\", \"owner_type\"]",
            "columns = [\"owner_type\"]",
        )
    });
    audit_in(&reg).code(2).stderr(contains(
        "field `data.intersections[0].columns`: an intersection combines at least two group columns",
    ));
    let reg = register_with_manifest(|t| {
        t.replace(
            "reference = \"corporation\"",
            "reference = \"corporation\"\nreference_rule = \"best-off\"",
        )
    });
    audit_in(&reg).code(2).stderr(contains(
        "field `data.groups[0].reference_rule`: give `reference` (a named group) or `reference_rule`, not both",
    ));
    let reg = register_with_manifest(|t| {
        t.replace(
            "reference = \"corporation\"",
            "reference_rule = \"smallest\"",
        )
    });
    audit_in(&reg).code(2).stderr(contains(
        "field `data.groups[0].reference_rule`: `smallest` is not `largest` or `best-off`",
    ));
    let reg = register_with_manifest(|t| {
        t.replace(
            "threshold = 0.15\n",
            "threshold = 0.15\ncount = \"build_year\"\n",
        )
    });
    audit_in(&reg).code(2).stderr(contains(
        "field `data.predicted_count`: required when `count` is given",
    ));
    // A column cannot be both a model output and a model input.
    let reg = register_with_manifest(|t| {
        t.replace(
            "threshold = 0.15\n",
            "threshold = 0.15\ncount = \"pile_type\"\npredicted_count = \"build_year\"\n",
        )
    });
    audit_in(&reg).code(2).stderr(contains(
        "field `spurious.inputs[0]`: `build_year` is the predicted_count column, not an input",
    ));
    // A count cell that is not a number names file, line, column and value.
    let reg = register_with_manifest(|t| {
        t.replace(
            "threshold = 0.15\n",
            "threshold = 0.15\ncount = \"pile_type\"\npredicted_count = \"build_year\"\n",
        )
        .replace("inputs = [\"build_year\", \"pile_type\", ", "inputs = [")
    });
    audit_in(&reg)
        .code(2)
        .stderr(contains(
            "houses.csv:2: column `pile_type`: a count must be a number (e.g. 3 or 2.5) (value \"concrete\")",
        ));
}

#[test]
fn policy_errors_are_named() {
    let reg = copy_register();
    let policy = reg.path().join("audits/policy.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text.replace("alpha = 0.05", "alpha = 5")).unwrap();
    audit_in(&reg)
        .code(2)
        .stderr(contains("policy.toml: field `default.alpha`"));
    std::fs::write(
        &policy,
        text.replace("metrics = [\"fnr\"]", "metrics = [\"fnr\", \"recall\"]"),
    )
    .unwrap();
    audit_in(&reg)
        .code(2)
        .stderr(contains("policy.toml"))
        .stderr(contains("recall"));
}
