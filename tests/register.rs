//! End to end on the shipped register: audits flag the injected biases, records are byte-identical
//! across runs, the committed example data is what the seeded generators write, and publish renders.

mod common;

use common::site::html_files;
use common::*;
use predicates::str::contains;

/// Audits a shipped model in a fresh copy of the register; expects exit code 1 (flagged).
fn audit_json(model: &str) -> serde_json::Value {
    let reg = copy_register();
    let out = algoreg()
        .current_dir(reg.path())
        .args(["audit", &format!("models/{model}"), "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    json(&out)
}

#[test]
fn foundation_audit_flags_private_owners_missed_damage() {
    let r = audit_json("foundation-risk-zaandam");
    assert_eq!(r["schema_version"], 8);
    assert_eq!(r["model_id"], "foundation-risk-zaandam");
    let private = group(&r, "owner_type", "private");
    for key in [
        "n",
        "labelled",
        "tp",
        "fp",
        "tn",
        "fn",
        "predicted_positive",
    ] {
        assert!(private[key].is_u64(), "{key} present");
    }
    for m in [
        "tpr",
        "fpr",
        "fnr",
        "tnr",
        "ppv",
        "npv",
        "selection_rate",
        "prevalence",
    ] {
        let e = &metric(private, m)["estimate"];
        assert!(
            f(&e["ci_low"]) <= f(&e["value"]) && f(&e["value"]) <= f(&e["ci_high"]),
            "{m} inside its interval"
        );
        assert!(
            metric(private, m)["comparison"]["ratio"]["value"].is_f64(),
            "{m} has a ratio"
        );
    }
    // BIAS.md: the score shifts private homes' log-odds by ln(0.10/0.60), so far more of their damage is missed.
    let fnr = metric(private, "fnr");
    assert_eq!(fnr["comparison"]["verdict"], "flagged");
    assert!(f(&fnr["comparison"]["ratio"]["ci_low"]) > 1.25);
    let finding = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["attribute"] == "owner_type")
        .expect("a finding on owner type");
    assert_eq!(finding["group"], "private");
    assert_eq!(finding["measure"], "fnr");
    assert!(
        finding["text_en"]
            .as_str()
            .unwrap()
            .contains("owner_type = private")
    );
    assert!(
        finding["text_nl"]
            .as_str()
            .unwrap()
            .contains("owner_type = private")
    );
    // Input hashes: relative paths, so records do not depend on where the register lives. The audit
    // reads the held-out houses `algoreg train` scored, and names the fitted model it used.
    assert_eq!(
        r["inputs"]["data"][0]["path"],
        "models/foundation-risk-zaandam/trained/scored.csv"
    );
    let data = r["inputs"]["data"].as_array().unwrap();
    assert_eq!(
        data.last().unwrap()["path"],
        "models/foundation-risk-zaandam/trained/model.json"
    );
    assert_eq!(r["training"]["algorithm"], "logistic");
    assert_eq!(r["inputs"]["policy"]["path"], "audits/policy.toml");
    assert_eq!(r["inputs"]["data"][0]["sha256"].as_str().unwrap().len(), 64);
    // The manifest hash is that of the committed file (FIPS 180 SHA-256 via sha2, checked against
    // the known "abc" digest in src/hash.rs).
    let manifest = std::fs::read(root().join("models/foundation-risk-zaandam/model.toml")).unwrap();
    assert_eq!(
        r["inputs"]["manifest"]["sha256"],
        algoreg::hash::sha256_hex(&manifest)
    );
}

#[test]
fn same_inputs_give_byte_identical_records() {
    let reg = copy_register();
    let path = reg.path().join("audits/foundation-risk-zaandam/audit.json");
    algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam"])
        .assert()
        .code(1);
    let first = std::fs::read(&path).unwrap();
    algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam"])
        .assert()
        .code(1);
    assert_eq!(first, std::fs::read(&path).unwrap());
    // Also from another working directory, with --register.
    let elsewhere = tempfile::tempdir().unwrap();
    algoreg()
        .current_dir(elsewhere.path())
        .args([
            "audit",
            reg.path()
                .join("models/foundation-risk-zaandam")
                .to_str()
                .unwrap(),
        ])
        .args(["--register", reg.path().to_str().unwrap()])
        .assert()
        .code(1);
    assert_eq!(first, std::fs::read(&path).unwrap());
    // And the stored record is what --json prints.
    let printed = algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam", "--json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    assert_eq!(first, printed);
}

/// The records committed under `audits/` are the evidence citizens download: they must be exactly what
/// the current code writes from the committed manifests, data and policy.
#[test]
fn committed_records_are_current() {
    let reg = copy_register();
    for model in ["foundation-risk-zaandam", "hotspot-tilburg"] {
        algoreg()
            .current_dir(reg.path())
            .args(["audit", &format!("models/{model}")])
            .assert()
            .code(1);
        let fresh = std::fs::read(reg.path().join(format!("audits/{model}/audit.json"))).unwrap();
        let committed = std::fs::read(root().join(format!("audits/{model}/audit.json"))).unwrap();
        assert!(
            fresh == committed,
            "audits/{model}/audit.json is stale: run `algoreg demo` and commit the records"
        );
    }
}

#[test]
fn committed_example_data_is_what_the_generators_write() {
    use algoreg::generate::ExampleKind;
    for kind in ExampleKind::ALL {
        for (name, contents) in kind.generate(kind.default_seed(), kind.default_rows()) {
            let path = root().join("models").join(kind.model_id()).join(name);
            let committed = std::fs::read_to_string(&path).unwrap();
            assert!(
                committed == contents,
                "{} differs from its generator: run `algoreg generate-example {}`",
                path.display(),
                kind.model_id()
            );
        }
    }
}

#[test]
fn hotspot_audit_flags_the_under_reporting_neighbourhoods() {
    let r = audit_json("hotspot-tilburg");
    // BIAS.md: Reeshof and Noord report 0.30 of incidents against 0.70 elsewhere, so the model,
    // which learns from reports, selects their cells far less often.
    for hood in ["Reeshof", "Noord"] {
        let sel = metric(group(&r, "neighbourhood", hood), "selection_rate");
        assert_eq!(sel["comparison"]["verdict"], "flagged", "{hood}");
        assert!(f(&sel["comparison"]["ratio"]["value"]) < 0.8);
    }
}

#[test]
fn publish_renders_register_fields_and_group_tables_in_both_languages() {
    let reg = copy_register();
    algoreg()
        .current_dir(reg.path())
        .args(["audit", "models/foundation-risk-zaandam"])
        .assert()
        .code(1);
    let site = reg.path().join("site");
    let out = algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site"])
        .assert()
        .code(0);
    // The count it reports is the count of HTML files it wrote, and that is more than the
    // 2 languages × (index + search + entry + history) of the two entries.
    let pages = html_files(&site);
    assert!(
        pages > 2 * (2 + 2 * 2),
        "filter pages and the report are there too"
    );
    out.stdout(contains(format!("wrote {pages} pages to site")));
    let nl = std::fs::read_to_string(site.join("foundation-risk-zaandam.html")).unwrap();
    let en = std::fs::read_to_string(site.join("foundation-risk-zaandam.en.html")).unwrap();
    for needle in [
        "Risicoschatting funderingsschade",
        "Wettelijke grondslag",
        "Menselijke tussenkomst",
        "funderingsloket@zaanstad.example",
        "owner_type",
        "private",
        "gemiste gevallen (FNR)",
        "⚑ afwijking",
        "te weinig rijen om te oordelen (n = 8)",
        "lang=\"nl\"",
    ] {
        assert!(nl.contains(needle), "Dutch page shows {needle}");
    }
    for needle in [
        "Foundation damage risk estimate",
        "Legal basis",
        "cases missed (FNR)",
        "⚑ finding",
        "lang=\"en\"",
    ] {
        assert!(en.contains(needle), "English page shows {needle}");
    }
    // The hotspot model was not audited in this copy: its page says so.
    let hot = std::fs::read_to_string(site.join("hotspot-tilburg.html")).unwrap();
    assert!(hot.contains("nog niet getoetst"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("foundation-risk-zaandam.html") && index.contains("hotspot-tilburg.html")
    );
    // The raw record (with numbers of small groups) is not published; the exports are.
    assert!(!site.join("records").exists());
    assert!(
        site.join("export/foundation-risk-zaandam.model-card.json")
            .is_file()
    );
}

#[test]
fn manifest_text_cannot_inject_markup() {
    let reg = copy_register();
    let path = reg.path().join("models/foundation-risk-zaandam/model.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "name = \"Risicoschatting funderingsschade\"",
            "name = \"<script>alert(1)</script>\\\" onload=\\\"x\"",
            1,
        ),
    )
    .unwrap();
    algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site"])
        .assert()
        .code(0);
    let page =
        std::fs::read_to_string(reg.path().join("site/foundation-risk-zaandam.html")).unwrap();
    assert!(
        !page.contains("<script>alert"),
        "markup from the manifest is escaped"
    );
    assert!(page.contains("&lt;script&gt;"));
}

#[test]
fn demo_audits_every_example_and_publishes() {
    let reg = copy_register();
    let out = algoreg()
        .current_dir(reg.path())
        .args(["demo", "--out", "site"])
        .assert()
        .code(0)
        .stdout(contains("audited ./models/foundation-risk-zaandam"));
    let pages = html_files(&reg.path().join("site"));
    out.stdout(contains(format!("published {pages} pages")));
    assert!(
        reg.path()
            .join("audits/hotspot-tilburg/audit.json")
            .is_file()
    );
    assert!(reg.path().join("site/index.en.html").is_file());
}
