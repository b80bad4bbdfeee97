//! Reference files of the sampling audit that do not fit the data: a clear error (exit code 2, naming
//! the file, the line or the group) or an explicit warning in the record — never a silent drop.

mod common;

use std::path::Path;

use common::*;
use predicates::str::contains;

const FOUNDATION: &str = "models/foundation-risk-zaandam";
const HOTSPOT: &str = "models/hotspot-tilburg";

fn edit(path: &Path, f: impl Fn(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

fn audit(reg: &Path, model: &str) -> assert_cmd::assert::Assert {
    algoreg()
        .current_dir(reg)
        .args(["audit", model, "--json"])
        .assert()
}

/// The 1-based line of the first line of `path` that contains `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn a_data_group_missing_from_the_population_is_an_error_naming_it() {
    let reg = copy_register();
    let pop = reg.path().join(FOUNDATION).join("population.csv");
    edit(&pop, |t| {
        t.lines()
            .filter(|l| !l.contains(",Westzaan,"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    audit(reg.path(), FOUNDATION)
        .code(2)
        .stderr(contains("population.csv"))
        .stderr(contains(
            "group `Westzaan` of `neighbourhood` occurs in the data (170 rows)",
        ));
}

#[test]
fn a_population_group_without_rows_is_kept_with_zero_rows_and_a_warning() {
    let reg = copy_register();
    let pop = reg.path().join(FOUNDATION).join("population.csv");
    edit(&pop, |t| {
        t + "neighbourhood,Spijkerboor,400,house,test,2025\n"
    });
    let out = audit(reg.path(), FOUNDATION)
        .code(1)
        .get_output()
        .stdout
        .clone();
    let r = json(&out);
    let s = &r["sampling"];
    let hood = s["representativeness"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute"] == "neighbourhood")
        .unwrap();
    let g = hood["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "Spijkerboor")
        .expect("the missing group is in the table");
    assert_eq!(g["rows"], 0);
    assert_eq!(f(&g["ratio"]["value"]), 0.0);
    // 8000 rows × 400 / 31,400 houses = 101.9 expected rows: enough to judge, and none came.
    assert_eq!(g["judgement"]["verdict"], "flagged");
    let warned = s["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["text_en"].as_str().unwrap().contains("Spijkerboor"));
    assert!(warned, "the record warns about the group without rows");
}

#[test]
fn zero_negative_or_non_numeric_counts_name_the_line() {
    for (bad, reason) in [
        ("0", "must be above 0"),
        ("-12", "must be above 0"),
        ("veel", "must be a number"),
    ] {
        let reg = copy_register();
        let pop = reg.path().join(FOUNDATION).join("population.csv");
        let line = line_of(&pop, ",Kogerveld,");
        edit(&pop, |t| {
            t.lines()
                .map(|l| {
                    if l.contains(",Kogerveld,") {
                        let mut cells: Vec<&str> = l.split(',').collect();
                        cells[2] = bad;
                        cells.join(",") + "\n"
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect()
        });
        audit(reg.path(), FOUNDATION)
            .code(2)
            .stderr(contains(format!(
                "population.csv:{line}: column `population`"
            )))
            .stderr(contains(reason));
    }
}

#[test]
fn duplicate_groups_units_and_unknown_attributes_are_refused() {
    let reg = copy_register();
    let pop = reg.path().join(FOUNDATION).join("population.csv");
    let first = line_of(&pop, ",Kogerveld,");
    edit(&pop, |t| t + "neighbourhood,Kogerveld,10,house,test,2025\n");
    audit(reg.path(), FOUNDATION)
        .code(2)
        .stderr(contains(format!(
            "group `Kogerveld` of attribute `neighbourhood` appears twice (first on line {first})"
        )));

    let reg = copy_register();
    let pop = reg.path().join(FOUNDATION).join("population.csv");
    let line = line_of(&pop, ",private,");
    edit(&pop, |t| {
        t.replace("private,18764,house", "private,18764,resident")
    });
    audit(reg.path(), FOUNDATION)
        .code(2)
        .stderr(contains(format!("line {line}: counts `resident`")))
        .stderr(contains("a data row is a `house`"));

    let reg = copy_register();
    let pop = reg.path().join(FOUNDATION).join("population.csv");
    edit(&pop, |t| t.replace("owner_type,", "eigenaar,"));
    audit(reg.path(), FOUNDATION)
        .code(2)
        .stderr(contains("has no lines for attribute `owner_type`"))
        .stderr(contains("eigenaar, neighbourhood"));
}

#[test]
fn incidence_file_mismatches_are_refused_or_warned() {
    // A neighbourhood of the data without an incidence estimate: error naming file and group.
    let reg = copy_register();
    let survey = reg.path().join(HOTSPOT).join("survey.csv");
    edit(&survey, |t| {
        t.lines()
            .filter(|l| !l.contains(",Reeshof,"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    audit(reg.path(), HOTSPOT)
        .code(2)
        .stderr(contains("survey.csv"))
        .stderr(contains(
            "group `Reeshof` of `neighbourhood` occurs in the data",
        ));

    // An estimate for a neighbourhood that is not in the data: a warning in the record.
    let reg = copy_register();
    let survey = reg.path().join(HOTSPOT).join("survey.csv");
    edit(&survey, |t| {
        t + "neighbourhood,Udenhout,80.0,4.0,test,2025\n"
    });
    let out = audit(reg.path(), HOTSPOT)
        .code(1)
        .get_output()
        .stdout
        .clone();
    let warnings = json(&out)["sampling"]["warnings"].clone();
    assert!(
        warnings
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["text_en"].as_str().unwrap().contains("Udenhout")),
        "{warnings}"
    );

    // A bad standard error names the line and column.
    let reg = copy_register();
    let survey = reg.path().join(HOTSPOT).join("survey.csv");
    let line = line_of(&survey, ",Zuid,");
    edit(&survey, |t| {
        t.lines()
            .map(|l| {
                if l.contains(",Zuid,") {
                    let mut cells: Vec<&str> = l.split(',').collect();
                    cells[3] = "-1";
                    cells.join(",") + "\n"
                } else {
                    format!("{l}\n")
                }
            })
            .collect()
    });
    audit(reg.path(), HOTSPOT).code(2).stderr(contains(format!(
        "survey.csv:{line}: column `standard_error`"
    )));
}

#[test]
fn manifest_sampling_fields_are_checked() {
    let cases: [(&str, &str, &str, &str); 5] = [
        (
            FOUNDATION,
            "unit = \"house\"                  # one row of houses.csv is one house\n",
            "",
            "field `sampling.unit`",
        ),
        (
            FOUNDATION,
            "[[sampling.representativeness]]\ncolumn = \"owner_type\"",
            "[[sampling.representativeness]]\ncolumn = \"build_year\"",
            "`build_year` is not one of the group columns",
        ),
        (
            FOUNDATION,
            "training = \"training.csv\"",
            "training = \"../training.csv\"",
            "field `sampling.drift.training`",
        ),
        (
            HOTSPOT,
            "period = \"week\"",
            "period = \"fortnight\"",
            "`fortnight` is not day, week, month, quarter or year",
        ),
        (
            FOUNDATION,
            "\"maintenance_state\",",
            "\"maintenance\",",
            "column `maintenance` (named in sampling.drift.features) is not in the header",
        ),
    ];
    for (model, from, to, message) in cases {
        let reg = copy_register();
        let manifest = reg.path().join(model).join("model.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        assert!(text.contains(from), "{model}: {from}");
        std::fs::write(&manifest, text.replacen(from, to, 1)).unwrap();
        audit(reg.path(), model).code(2).stderr(contains(message));
    }
}
