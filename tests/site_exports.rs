//! The site's exports: the Algoritmeregister entry (API v1_0 field names) validates against the
//! register's field list and publish refuses one that does not; register.csv quotes and neutralises its
//! cells; the model card carries the record's numbers; the raw record is no longer published (privacy of
//! small groups: `site_exports_privacy.rs`). Limits and required fields are written out here from the register's list
//! (MinBZK/Algoritmeregister, backend/app/schemas/config/v1_0.json), not taken from the code.

mod common;

use std::path::Path;

use algoreg::site::export::algoritmeregister::{ProblemKind, validate_v1_0};
use approx::assert_relative_eq;
use common::site::*;
use common::*;
use serde_json::json;

const IDS: [&str; 2] = ["foundation-risk-zaandam", "hotspot-tilburg"];

fn read_json(path: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn export(reg: &Path, name: &str) -> std::path::PathBuf {
    reg.join("site/export").join(name)
}

fn manifest(reg: &Path, id: &str) -> toml::Value {
    let text = std::fs::read_to_string(reg.join("models").join(id).join("model.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// The register's required fields and text limits (characters), as published.
const REQUIRED: [&str; 7] = [
    "name",
    "description_short",
    "organization",
    "status",
    "contact_email",
    "publication_category",
    "lang",
];
const LIMITS: [(&str, usize); 21] = [
    ("name", 100),
    ("description_short", 350),
    ("organization", 100),
    ("begin_date", 7),
    ("end_date", 7),
    ("contact_email", 500),
    ("website", 500),
    ("url", 500),
    ("goal", 2500),
    ("proportionality", 2500),
    ("human_intervention", 2500),
    ("risks", 2500),
    ("lawful_basis", 2500),
    ("process_index_url", 500),
    ("impacttoetsen", 2500),
    ("source_data", 2500),
    ("methods_and_models", 5000),
    ("provider", 200),
    ("publiccode", 500),
    ("source_id", 100),
    ("tags", 2500),
];

#[test]
fn the_nl_export_of_both_examples_validates_with_every_required_field() {
    let tmp = published();
    let reg = tmp.path();
    for id in IDS {
        let e = read_json(&export(reg, &format!("{id}.algoritmeregister.json")));
        assert_eq!(validate_v1_0(&e), vec![], "{id}: no problems");
        for field in REQUIRED {
            let v = e[field].as_str().unwrap_or_default();
            assert!(!v.trim().is_empty(), "{id}: required {field}");
        }
        for (field, max) in LIMITS {
            if let Some(v) = e[field].as_str() {
                assert!(v.chars().count() <= max, "{id}: {field} within {max}");
            }
        }
        assert_eq!(e["lang"], "nld");
        assert_eq!(e["standard_version"], "1.0");
        assert_eq!(e["source_id"], id);
        assert!(e.get("url").is_none(), "{id}: no url without a base URL");
        let m = manifest(reg, id);
        let (r, nl) = (&m["register"], &m["register"]["nl"]);
        assert_eq!(e["name"].as_str(), nl["name"].as_str());
        assert_eq!(e["status"].as_str(), r["status"].as_str());
        assert_eq!(e["category"], json!([r["theme"].as_str().unwrap()]));
        let goal = format!(
            "{}\n\n{}",
            nl["goal"].as_str().unwrap(),
            nl["impact"].as_str().unwrap()
        );
        assert_eq!(
            e["goal"].as_str(),
            Some(goal.as_str()),
            "{id}: goal + impact"
        );
        let links = r["lawful_basis_links"].as_array().unwrap();
        let grouping = list(&e["lawful_basis_grouping"]);
        assert_eq!(grouping.len(), links.len());
        assert_eq!(grouping[0]["link"].as_str(), links[0]["link"].as_str());
        let assessments = r["impact_assessments"].as_array().unwrap();
        assert_eq!(
            list(&e["impacttoetsen_grouping"])[0]["title"].as_str(),
            assessments[0]["title"].as_str()
        );
    }
    // The foundation entry answers necessity, proportionality and subsidiarity apart: all three
    // stand in the one field, each under its heading.
    let e = read_json(&export(
        reg,
        "foundation-risk-zaandam.algoritmeregister.json",
    ));
    let nl = manifest(reg, "foundation-risk-zaandam")["register"]["nl"].clone();
    let p = e["proportionality"].as_str().unwrap();
    for (heading, key) in [
        ("Noodzaak: ", "necessity"),
        ("Proportionaliteit: ", "proportionality"),
        ("Subsidiariteit: ", "subsidiarity"),
    ] {
        has(
            p,
            &format!("{heading}{}", nl[key].as_str().unwrap()),
            "proportionality",
        );
    }
}

fn valid_entry() -> Json {
    json!({
        "name": "Naam", "description_short": "Kort.", "organization": "Gemeente Voorbeeld",
        "category": ["Wonen"], "status": "In gebruik", "contact_email": "a@voorbeeld.nl",
        "publication_category": "Overige algoritmes", "lang": "nld", "standard_version": "1.0",
        "goal": "Doel.", "lawful_basis_grouping": [{ "title": "Woningwet", "link": "https://wetten.overheid.nl/x" }],
    })
}

#[test]
fn the_validator_names_field_limit_and_length_of_each_problem() {
    assert_eq!(validate_v1_0(&valid_entry()), vec![]);
    let mut e = valid_entry();
    // 2,501 characters but more bytes: the limit counts characters.
    e["goal"] = json!("ë".repeat(2501));
    e["description_short"] = json!("é".repeat(350)); // exactly at the limit: fine
    e.as_object_mut().unwrap().remove("contact_email");
    e["status"] = json!("Actief");
    e["category"] = json!(["Wonen", "Werk", "Verkeer", "Economie"]);
    e["lawful_basis_grouping"][0]["title"] = json!("W".repeat(101));
    e["website"] = json!("http://voorbeeld.nl");
    e["lars"] = json!("set by the register");
    let problems = validate_v1_0(&e);
    let kind = |field: &str| {
        problems
            .iter()
            .find(|p| p.field == field)
            .unwrap_or_else(|| panic!("a problem with {field} in {problems:?}"))
            .kind
            .clone()
    };
    assert_eq!(
        kind("goal"),
        ProblemKind::TooLong {
            max: 2500,
            actual: 2501
        }
    );
    assert_eq!(kind("contact_email"), ProblemKind::Missing);
    assert!(matches!(kind("status"), ProblemKind::NotPermitted { value, .. } if value == "Actief"));
    assert_eq!(
        kind("category"),
        ProblemKind::TooManyItems { max: 3, actual: 4 }
    );
    assert_eq!(
        kind("lawful_basis_grouping[0].title"),
        ProblemKind::TooLong {
            max: 100,
            actual: 101
        }
    );
    assert!(matches!(kind("website"), ProblemKind::NotHttps { .. }));
    assert_eq!(kind("lars"), ProblemKind::Unknown);
    assert_eq!(problems.len(), 7, "nothing else: {problems:?}");
    let goal = problems.iter().find(|p| p.field == "goal").unwrap();
    assert_eq!(
        goal.to_string(),
        "goal: has 2501 characters; the register allows at most 2500"
    );

    let mut e = valid_entry();
    e["category"] = json!(["Sport"]);
    e["name"] = json!("  ");
    e["lang"] = json!("eng");
    let problems = validate_v1_0(&e);
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["name", "category[0]", "lang"], "{problems:?}");
    assert_eq!(problems[0].kind, ProblemKind::Missing);
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn publish_refuses_an_entry_that_breaks_the_field_list_and_writes_nothing() {
    let reg = copy_register();
    let toml = reg.path().join("models/hotspot-tilburg/model.toml");
    // Each text alone is allowed by the manifest; goal and impact together exceed the register's 2500.
    let long = "lang ".repeat(500);
    replace_in(
        &toml,
        "goal = \"Handhavers inzetten",
        &format!("goal = \"{long}Handhavers inzetten"),
    );
    let out = algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for needle in ["hotspot-tilburg", "`goal`", "at most 2500"] {
        has(&stderr, needle, "the refusal");
    }
    assert!(
        !reg.path().join("site").exists(),
        "nothing is written: {stderr}"
    );
}

#[test]
fn a_base_url_links_each_entry_to_its_page_and_must_be_https() {
    let reg = copy_register();
    algoreg()
        .current_dir(reg.path())
        .args([
            "publish",
            "--out",
            "site",
            "--base-url",
            "https://algoritmes.voorbeeld.nl/register/",
        ])
        .assert()
        .code(0);
    let e = read_json(&export(
        reg.path(),
        "hotspot-tilburg.algoritmeregister.json",
    ));
    assert_eq!(
        e["url"],
        "https://algoritmes.voorbeeld.nl/register/hotspot-tilburg.html"
    );
    let out = algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site2", "--base-url", "http://x.nl"])
        .assert()
        .code(2);
    has(
        &String::from_utf8_lossy(&out.get_output().stderr),
        "field `url`",
        "an http base URL",
    );
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn register_csv_round_trips_quotes_commas_and_line_breaks_and_neutralises_formulas() {
    let reg = copy_register();
    let toml = reg.path().join("models/foundation-risk-zaandam/model.toml");
    let name = "Risico, \"fundering\"\nen schade";
    replace_in(
        &toml,
        "name = \"Risicoschatting funderingsschade\"",
        "name = \"Risico, \\\"fundering\\\"\\nen schade\"",
    );
    replace_in(
        &toml,
        "tags = \"fundering,",
        "tags = \"=HYPERLINK(\\\"https://x.example\\\"),",
    );
    replace_in(
        &toml,
        "provider = \"Gemeente Zaanstad (eigen ontwikkeling)\"",
        "provider = \"@Zaanstad\"",
    );
    algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam"])
        .assert()
        .code(1);
    // Before the committee and approved: the CSV gives the state and the review's date.
    let stored =
        std::fs::read(reg.path().join("audits/foundation-risk-zaandam/audit.json")).unwrap();
    let sha = algoreg::hash::sha256_hex(&stored);
    let review = reg.path().join("review.toml");
    std::fs::write(
        &review,
        format!("decision = \"approved\"\naudit_sha256 = \"{sha}\"\nreasoning = \"Goed.\"\nre_review = \"2027-06-01\"\n\n[[members]]\nname = \"A. Jansen\"\nrole = \"voorzitter\"\n"),
    )
    .unwrap();
    let who = ["--by", "C. de Boer", "--role", "secretaris"];
    for args in [
        vec!["submit", "foundation-risk-zaandam"],
        vec![
            "review",
            "foundation-risk-zaandam",
            "--file",
            review.to_str().unwrap(),
        ],
    ] {
        algoreg()
            .current_dir(reg.path())
            .args(args.iter().chain(&who))
            .assert()
            .success();
    }
    algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site"])
        .assert()
        .code(0);
    let log = std::fs::read_to_string(reg.path().join("audits/foundation-risk-zaandam/log.jsonl"))
        .unwrap();
    let reviewed: Json = log
        .lines()
        .map(|l| serde_json::from_str::<Json>(l).unwrap())
        .find(|e| e["event"] == "reviewed")
        .unwrap();
    let (header, rows) = csv_rows(&export(reg.path(), "register.csv"));
    assert_eq!(header[0], "id");
    for (field, _) in LIMITS.iter().chain(&[("category", 0), ("status", 0)]) {
        assert!(header.iter().any(|h| h == field), "column {field}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2);
    let f = rows
        .iter()
        .find(|r| r[0] == "foundation-risk-zaandam")
        .unwrap();
    assert_eq!(
        f[col("name")],
        name,
        "quote, comma and line break round-trip"
    );
    assert!(f[col("tags")].starts_with("'=HYPERLINK(\"https://x.example\"),"));
    assert_eq!(f[col("provider")], "'@Zaanstad");
    // Lists are JSON text.
    let themes: Json = serde_json::from_str(&f[col("category")]).unwrap();
    assert_eq!(themes, json!(["Wonen"]));
    // The audit and history columns.
    assert_eq!(f[col("record_sha256")], sha);
    assert_eq!(
        f[col("last_reviewed")],
        reviewed["at"].as_str().unwrap()[..10]
    );
    assert_eq!(f[col("state")], "approved");
    let rec = record(reg.path(), "foundation-risk-zaandam");
    assert_eq!(f[col("findings")], rec["verdict"]["findings"].to_string());
    assert_eq!(f[col("audit_verdict")], "flagged");
    // The hotspot model was not audited in this copy.
    let h = rows.iter().find(|r| r[0] == "hotspot-tilburg").unwrap();
    assert_eq!(
        (
            h[col("audit_verdict")].as_str(),
            h[col("findings")].as_str()
        ),
        ("not_audited", "")
    );
}

#[test]
fn the_model_card_carries_the_records_numbers() {
    let tmp = published();
    let reg = tmp.path();
    let rec = record(reg, "foundation-risk-zaandam");
    let card = read_json(&export(reg, "foundation-risk-zaandam.model-card.json"));
    assert_eq!(card["schema_version"], 1);
    for section in [
        "model_details",
        "intended_use",
        "factors",
        "metrics",
        "evaluation_data",
        "training_data",
        "quantitative_analyses",
        "ethical_considerations",
        "caveats",
    ] {
        assert!(card[section].is_object(), "section {section}");
    }
    assert_eq!(card["model_details"]["type"]["algorithm"], "logistic");
    assert_eq!(
        card["evaluation_data"]["rows"], rec["data"]["rows"],
        "evaluation rows"
    );
    let want = group(&rec, "owner_type", "private");
    let attr = by(
        &card["quantitative_analyses"]["attributes"],
        "attribute",
        "owner_type",
    );
    let got = by(&attr["groups"], "group", "private");
    assert_eq!(got["n"], want["n"]);
    let (w, g) = (metric(want, "fnr"), by(&got["metrics"], "metric", "fnr"));
    for key in ["value", "ci_low", "ci_high", "boot_low", "boot_high"] {
        assert_relative_eq!(
            f(&g["estimate"][key]),
            f(&w["estimate"][key]),
            max_relative = 1e-12
        );
    }
    assert_relative_eq!(
        f(&g["comparison"]["ratio"]["value"]),
        f(&w["comparison"]["ratio"]["value"]),
        max_relative = 1e-12
    );
    assert_eq!(g["comparison"]["verdict"], w["comparison"]["verdict"]);
    assert_eq!(g["comparison"]["verdict"], "flagged");
    // The inputs with their hashes.
    let inputs = list(&card["evaluation_data"]["inputs"]);
    let data0 = &rec["inputs"]["data"][0];
    assert!(inputs.iter().any(|i| i == data0), "{data0} in the card");
    // Intersections are in, and the public findings.
    assert!(
        list(&card["quantitative_analyses"]["attributes"])
            .iter()
            .any(|a| a["intersection"] == true)
    );
    assert!(!list(&card["ethical_considerations"]["findings"]).is_empty());

    let rec = record(reg, "hotspot-tilburg");
    let card = read_json(&export(reg, "hotspot-tilburg.model-card.json"));
    let want = value_metric(
        group(&rec, "neighbourhood", "Reeshof"),
        "count_metrics",
        "mae",
    );
    let attr = by(
        &card["quantitative_analyses"]["attributes"],
        "attribute",
        "neighbourhood",
    );
    let got = by(
        &by(&attr["groups"], "group", "Reeshof")["count_metrics"],
        "metric",
        "mae",
    );
    assert_relative_eq!(
        f(&got["estimate"]["ci_high"]),
        f(&want["estimate"]["ci_high"]),
        max_relative = 1e-12
    );
}

#[test]
fn pages_link_the_exports_and_no_longer_the_raw_record() {
    let tmp = published();
    let reg = tmp.path();
    let site = reg.join("site");
    assert!(!site.join("records").exists());
    for id in IDS {
        for (name, _) in pages(id) {
            let html = page(reg, &name);
            assert!(!html.contains("records/"), "{name}: no record link");
            for href in [
                format!("export/{id}.algoritmeregister.json"),
                format!("export/{id}.model-card.json"),
                "export/register.csv".to_string(),
            ] {
                has(&html, &format!("href=\"{href}\""), &name);
                assert!(site.join(&href).is_file(), "{href} exists");
            }
        }
    }
    for name in ["index.html", "index.en.html"] {
        has(&page(reg, name), "href=\"export/register.csv\"", name);
    }
}

#[test]
fn exports_are_the_same_bytes_when_published_again() {
    let tmp = published();
    let reg = tmp.path();
    let again = tempfile::tempdir().unwrap();
    algoreg::site::publish(&algoreg::register::Register::new(reg), again.path(), None).unwrap();
    for name in [
        "register.csv",
        "foundation-risk-zaandam.model-card.json",
        "hotspot-tilburg.algoritmeregister.json",
    ] {
        assert_eq!(
            std::fs::read(export(reg, name)).unwrap(),
            std::fs::read(again.path().join("export").join(name)).unwrap(),
            "{name}"
        );
    }
}
