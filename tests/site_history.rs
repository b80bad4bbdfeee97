//! The history page of an entry (issue 8): audit, submit, review, change the data, the policy and a
//! register text, audit again, publish — the page lists both versions newest first with what changed
//! and the decision, in Dutch and English, linked both ways and from the entry page; every version is
//! kept with bytes hashing to its name, and `verify` (and `publish`) name a changed one; a finding
//! about a group of fewer than 10 rows never appears on it.

mod common;

use std::path::{Path, PathBuf};

use common::site::*;
use common::*;
use predicates::prelude::*;
use predicates::str::contains;

const ID: &str = "foundation-risk-zaandam";

fn run(reg: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    algoreg().current_dir(reg).args(args).assert()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn record_sha(reg: &Path) -> String {
    sha256(&std::fs::read(reg.join("audits").join(ID).join("audit.json")).unwrap())
}

fn versions(reg: &Path) -> PathBuf {
    reg.join("audits").join(ID).join("versions")
}

/// Replaces the first `from` in a file by `to`, checking that it was there.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Puts the entry before the committee and records an approval with one condition.
fn submit_and_approve(reg: &Path) {
    run(
        reg,
        &[
            "submit",
            ID,
            "--by",
            "A. de Vries",
            "--role",
            "data scientist",
        ],
    )
    .success();
    let review = reg.join("review.toml");
    std::fs::write(
        &review,
        format!(
            "decision = \"approved-with-conditions\"\naudit_sha256 = \"{}\"\nreasoning = \"De steekproef moet er komen.\"\nre_review = \"2027-06-01\"\n\n[[members]]\nname = \"Dr. A. Jansen\"\nrole = \"voorzitter\"\n\n[[conditions]]\ntext = \"Inspecteer 200 willekeurige particuliere huizen\"\ndue = \"2027-03-01\"\n",
            record_sha(reg)
        ),
    )
    .unwrap();
    run(
        reg,
        &[
            "review",
            ID,
            "--file",
            review.to_str().unwrap(),
            "--by",
            "C. de Boer",
            "--role",
            "secretaris",
        ],
    )
    .success();
}

/// Every kept version's bytes hash to its name; returns the names.
fn kept(reg: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(versions(reg)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (stem, ext) = name.rsplit_once('.').unwrap();
        assert!(ext == "json" || ext == "toml", "{name}");
        assert_eq!(sha256(&std::fs::read(&path).unwrap()), stem, "{name}");
        names.push(name);
    }
    names
}

#[test]
fn the_history_page_lists_both_versions_with_what_changed_and_the_decision() {
    let reg = copy_register();
    let r = reg.path();
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    let v1 = record_sha(r);
    submit_and_approve(r);
    // New data, a stricter policy and a reworded goal: a second version.
    replace_in(
        &r.join("audits/policy.toml"),
        "alpha = 0.05",
        "alpha = 0.01",
    );
    replace_in(
        &r.join("models").join(ID).join("population.csv"),
        ",2025",
        ",2024",
    );
    replace_in(
        &r.join("models").join(ID).join("model.toml"),
        "goal = \"Funderingsschade op tijd vinden",
        "goal = \"Funderingsschade tijdig vinden",
    );
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    let v2 = record_sha(r);
    assert_ne!(v1, v2);
    // Notes from the command line are escaped.
    run(
        r,
        &[
            "correct",
            ID,
            "--by",
            "C. de Boer",
            "--role",
            "secretaris",
            "--note",
            "<script>alert(1)</script>",
        ],
    )
    .success();
    run(r, &["publish", "--out", "site"]).success();

    // Both records and both manifests are kept, each under the SHA-256 of its bytes.
    let names = kept(r);
    assert!(names.contains(&format!("{v1}.json")) && names.contains(&format!("{v2}.json")));
    assert_eq!(names.iter().filter(|n| n.ends_with(".toml")).count(), 2);
    let stored = std::fs::read(r.join("audits").join(ID).join("audit.json")).unwrap();
    assert_eq!(
        std::fs::read(versions(r).join(format!("{v2}.json"))).unwrap(),
        stored
    );
    run(r, &["verify", ID])
        .code(0)
        .stdout(contains("note:").not());

    for (nl, name, other) in [
        (
            true,
            format!("{ID}.history.html"),
            format!("{ID}.history.en.html"),
        ),
        (
            false,
            format!("{ID}.history.en.html"),
            format!("{ID}.history.html"),
        ),
    ] {
        let html = page(r, &name);
        has(&html, &format!("class=\"switch\" href=\"{other}\""), &name);
        let entry = page(r, &name.replace(".history", ""));
        has(
            &entry,
            &format!("href=\"{name}\""),
            "the entry page links to its history",
        );
        // Newest first: version 2's audit, then the review of version 1, then version 1's audit.
        let version = |n: u32| format!("{} {n} <code", pick(nl, "versie", "version"));
        let second = html.find(&version(2)).expect("version 2");
        let decision = html
            .find(pick(
                nl,
                "goedgekeurd onder voorwaarden",
                "approved with conditions",
            ))
            .expect("the decision");
        let first = html.rfind(&version(1)).expect("version 1");
        assert!(
            second < decision && decision < first,
            "{name}: newest first"
        );
        has(&html, &v1[..12], &name);
        has(&html, &v2[..12], &name);
        has(
            &html,
            "Inspecteer 200 willekeurige particuliere huizen",
            &name,
        );
        // What changed: the input files, the policy setting, the register text.
        has(
            &html,
            "<code>models/foundation-risk-zaandam/population.csv</code>",
            &name,
        );
        has(&html, "<code>audits/policy.toml</code>", &name);
        let alpha = format!(
            "<code>alpha</code>: {} → {}",
            num(0.05, 2, nl),
            num(0.01, 2, nl)
        );
        has(&html, &alpha, &name);
        has(&html, "<code>goal</code> (NL)", &name);
        has(&html, "Funderingsschade tijdig vinden", &name);
        has(&html, &format!("<code>algoreg verify {ID}</code>"), &name);
        has(&html, "<caption>", &name);
        has(&html, "<th scope=\"row\">", &name);
        assert!(
            !html.contains("<script>alert"),
            "{name}: the note is escaped"
        );
        has(&html, "&lt;script&gt;alert(1)", &name);
        has(
            &html,
            pick(nl, "auditrapport opgeslagen", "audit record written"),
            &name,
        );
    }

    // A changed version is a failure naming it, in `verify` and in `publish`.
    let path = versions(r).join(format!("{v1}.json"));
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        original.replacen("\"alpha\": 0.05", "\"alpha\": 0.1", 1),
    )
    .unwrap();
    let place = format!("audits/{ID}/versions/{v1}.json");
    run(r, &["verify", ID])
        .code(1)
        .stdout(contains("FAILED"))
        .stdout(contains(place.as_str()));
    run(r, &["publish", "--out", "site"])
        .code(2)
        .stderr(contains(format!("{v1}.json")));
    // A version that was never kept (audited before algoreg kept them) is a note, and the page says
    // what changed cannot be shown.
    std::fs::remove_file(&path).unwrap();
    run(r, &["verify", ID])
        .code(0)
        .stdout(contains(format!("note: {place}: not kept")));
    run(r, &["publish", "--out", "site"]).success();
    has(
        &page(r, &format!("{ID}.history.en.html")),
        "what changed cannot be shown",
        "a missing version",
    );
}

#[test]
fn a_finding_about_a_group_of_fewer_than_ten_rows_never_appears_on_the_history_page() {
    let reg = copy_register();
    let r = reg.path();
    with_external_scores(r);
    let dir = r.join("models").join(ID);
    let (houses, population) = (dir.join("houses.csv"), dir.join("population.csv"));
    let originals = [
        std::fs::read_to_string(&houses).unwrap(),
        std::fs::read_to_string(&population).unwrap(),
    ];
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    // Six houses in a village the population says is large: a finding about a group of six rows.
    rename_rows(&houses, "neighbourhood", 6, "Kleindorp", |_, _| true);
    append_line(&population, "neighbourhood,Kleindorp,2500,house,test,2025");
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    let with_small = record(r, ID);
    assert!(
        list(&with_small["findings"])
            .iter()
            .any(|f| f["group"] == "Kleindorp"),
        "the record has a finding about the small group"
    );
    // And back: the finding is gone again.
    std::fs::write(&houses, &originals[0]).unwrap();
    std::fs::write(&population, &originals[1]).unwrap();
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    run(r, &["publish", "--out", "site"]).success();
    assert_eq!(kept(r).iter().filter(|n| n.ends_with(".json")).count(), 2);
    for (name, nl) in [
        (format!("{ID}.history.html"), true),
        (format!("{ID}.history.en.html"), false),
    ] {
        let html = page(r, &name);
        assert!(
            !html.contains("Kleindorp"),
            "{name}: the small group is named"
        );
        // The page does show the three audits and what changed; the third record is the first again
        // (same bytes), so it is version 1 again.
        let audited = format!("<td>{}</td>", pick(nl, "Geaudit", "Audited"));
        assert_eq!(html.matches(&audited).count(), 3, "{name}");
        has(
            &html,
            "<code>models/foundation-risk-zaandam/houses.csv</code>",
            &name,
        );
        has(&html, pick(nl, "versie 2", "version 2"), &name);
    }
}

#[test]
fn an_entry_audited_before_it_had_a_log_shows_its_record_as_version_one() {
    let reg = copy_register();
    let r = reg.path();
    let committed = root().join("audits").join(ID).join("audit.json");
    std::fs::create_dir_all(r.join("audits").join(ID)).unwrap();
    std::fs::copy(&committed, r.join("audits").join(ID).join("audit.json")).unwrap();
    run(r, &["publish", "--out", "site"]).success();
    let sha = record_sha(r);
    let html = page(r, &format!("{ID}.history.en.html"));
    has(
        &html,
        &format!("version 1 <code title=\"SHA-256 {sha}\""),
        "version 1",
    );
    has(&html, "No steps are recorded yet", "no steps");
    let html = page(r, "hotspot-tilburg.history.html");
    has(&html, "nog niet geaudit", "an entry without a record");
}
