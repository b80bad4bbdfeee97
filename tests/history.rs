//! The register's history (issue 7): audit → submit → review (approved with a condition) → publish end to
//! end; `verify` catching an edited byte in a record, a review or a log line, and a deleted line, naming
//! the place; stale or mismatched audits refused for review; illegal steps refused; SIGKILL at random
//! moments of audit and review writes never leaving a register that fails `verify`; and concurrent
//! writers never corrupting the log.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{algoreg, copy_register};
use predicates::prelude::*;
use predicates::str::contains;

const ID: &str = "foundation-risk-zaandam";

fn run(reg: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    algoreg().current_dir(reg).args(args).assert()
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn review_file(reg: &Path, decision: &str, audit: &str, conditions: bool) -> std::path::PathBuf {
    let mut text = format!(
        "decision = \"{decision}\"\naudit_sha256 = \"{audit}\"\nreasoning = \"De steekproef moet er komen.\"\nre_review = \"2027-06-01\"\n\n[[members]]\nname = \"Dr. A. Jansen\"\nrole = \"voorzitter\"\n\n[[members]]\nname = \"B. Pietersen\"\nrole = \"lid, burgerpanel\"\n\n[[dissent]]\nname = \"B. Pietersen\"\ntext = \"Afwijzen tot de steekproef er is.\"\n"
    );
    if conditions {
        text.push_str("\n[[conditions]]\ntext = \"Inspecteer 200 willekeurige particuliere huizen\"\ndue = \"2027-03-01\"\n");
    }
    let path = reg.join(format!("review-{decision}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

fn record(reg: &Path) -> std::path::PathBuf {
    reg.join("audits").join(ID).join("audit.json")
}

/// Puts the entry before the committee (a `submitted` event).
fn submit(reg: &Path) {
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
}

/// Starts the binary in `reg` with its output discarded.
fn spawn(reg: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_algoreg"))
        .current_dir(reg)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn by(role: &str) -> [&str; 4] {
    ["--by", "C. de Boer", "--role", role]
}

/// Audit, submit, review with a condition, publish: the register verifies, status shows the condition.
fn reviewed_and_published(reg: &Path) {
    run(reg, &["audit", &format!("models/{ID}")]).code(1);
    submit(reg);
    let file = review_file(reg, "approved-with-conditions", &sha256(&record(reg)), true);
    let mut args = vec!["review", ID, "--file", file.to_str().unwrap()];
    args.extend(by("secretaris"));
    run(reg, &args)
        .success()
        .stdout(contains("approved-with-conditions"));
    run(reg, &["publish", "--out", "site"])
        .success()
        .stdout(contains(format!("{ID}: published")));
}

#[test]
fn audit_review_publish_end_to_end() {
    let reg = copy_register();
    reviewed_and_published(reg.path());
    run(reg.path(), &["status"])
        .success()
        .stdout(contains("published"))
        .stdout(contains("condition due 2027-03-01: Inspecteer 200"));
    run(reg.path(), &["verify", ID])
        .code(0)
        .stdout(contains("OK (4 events, published)"));
    // The entry page shows the decision, who took it, the condition and the audit it judged, and the
    // latest history line's hash, so that anyone can later hold the register to it.
    // (The page was rendered before its own `published` event: it names the review's line.)
    let hash = sha256(&record(reg.path()));
    let log =
        std::fs::read_to_string(reg.path().join("audits").join(ID).join("log.jsonl")).unwrap();
    let head =
        serde_json::from_str::<serde_json::Value>(log.lines().nth(2).unwrap()).unwrap()["hash"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(
        std::fs::read_to_string(reg.path().join("site").join(format!("{ID}.html")))
            .unwrap()
            .contains(&head)
    );
    for (page, words) in [
        (
            format!("{ID}.html"),
            [
                "goedgekeurd onder voorwaarden",
                "uiterlijk 2027-03-01",
                "Dat is de audit op deze pagina.",
            ],
        ),
        (
            format!("{ID}.en.html"),
            [
                "approved with conditions",
                "by 2027-03-01",
                "That is the audit on this page.",
            ],
        ),
    ] {
        let html = std::fs::read_to_string(reg.path().join("site").join(&page)).unwrap();
        assert!(html.contains(&hash), "{page}: the audit hash");
        assert!(
            html.contains("Dr. A. Jansen, voorzitter"),
            "{page}: members and roles"
        );
        assert!(
            html.contains("Inspecteer 200 willekeurige particuliere huizen"),
            "{page}: the condition"
        );
        assert!(
            html.contains("Afwijzen tot de steekproef er is."),
            "{page}: the dissent"
        );
        for w in words {
            assert!(html.contains(w), "{page}: {w}");
        }
    }
    let log =
        std::fs::read_to_string(reg.path().join("audits").join(ID).join("log.jsonl")).unwrap();
    let kinds: Vec<String> = log
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["audited", "submitted", "reviewed", "published"]);
    // A new audit (changed data) sends the entry back to audit: the approval no longer holds.
    let pop = reg.path().join("models").join(ID).join("population.csv");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(&pop, text.replacen(",2025", ",2024", 1)).unwrap();
    run(reg.path(), &["audit", &format!("models/{ID}")]).code(1);
    run(reg.path(), &["status"])
        .success()
        .stdout(contains("audited"));
}

/// An edit of a file's text.
type Edit = Box<dyn Fn(&str) -> String>;

#[test]
fn verify_names_every_tampered_place() {
    let reg = copy_register();
    reviewed_and_published(reg.path());
    let dir = reg.path().join("audits").join(ID);
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "audit.json",
            Box::new(|t: &str| t.replacen("\"alpha\": 0.05", "\"alpha\": 0.06", 1)),
            "audit.json:",
        ),
        (
            "reviews/3.json",
            Box::new(|t: &str| t.replacen("voorzitter", "voorzitster", 1)),
            "reviews/3.json",
        ),
        (
            "log.jsonl",
            Box::new(|t: &str| t.replacen("data scientist", "data-scientist", 1)),
            "log.jsonl:2",
        ),
        (
            "log.jsonl",
            Box::new(|t: &str| t.replacen("algoreg publish", "algoreg publisx", 1)),
            "log.jsonl:4",
        ),
        (
            "log.jsonl",
            Box::new(|t: &str| {
                let lines: Vec<&str> = t.lines().collect();
                format!("{}\n{}\n{}\n", lines[0], lines[2], lines[3])
            }),
            "log.jsonl:2",
        ),
    ];
    for (file, edit, place) in cases {
        let path = dir.join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let changed = edit(&original);
        assert_ne!(changed, original, "{file}: the edit changes something");
        std::fs::write(&path, changed).unwrap();
        run(reg.path(), &["verify", ID])
            .code(1)
            .stdout(contains("FAILED"))
            .stdout(contains(place));
        if file == "log.jsonl" {
            run(reg.path(), &["status"])
                .success()
                .stdout(contains("HISTORY BROKEN"))
                .stdout(contains("hotspot-tilburg"));
        }
        std::fs::write(&path, original).unwrap();
        run(reg.path(), &["verify", ID]).code(0);
    }
}

#[test]
fn stale_or_other_audits_and_illegal_steps_are_refused() {
    let reg = copy_register();
    let r = reg.path();
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    // Reviewing before submitting, and publishing what was not approved, are illegal steps.
    let good = review_file(r, "approved-with-conditions", &sha256(&record(r)), true);
    let mut args = vec!["review", ID, "--file", good.to_str().unwrap()];
    args.extend(by("secretaris"));
    run(r, &args)
        .code(2)
        .stderr(contains("only an entry in review can be reviewed"));
    submit(r);
    // A review that names another record.
    let other = review_file(r, "approved", &"ab".repeat(32), false);
    let mut a = vec!["review", ID, "--file", other.to_str().unwrap()];
    a.extend(by("secretaris"));
    run(r, &a)
        .code(2)
        .stderr(contains("review the current audit"));
    // The named record is current, but its data changed since: stale.
    let pop = r.join("models").join(ID).join("population.csv");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(&pop, text.replacen(",2025", ",2024", 1)).unwrap();
    run(r, &args)
        .code(2)
        .stderr(contains("the audit is stale"))
        .stderr(contains("population.csv changed since the audit"));
    std::fs::write(&pop, text).unwrap();
    // Texts from the decision file cannot inject markup into the entry page.
    let tricky = review_file(r, "changes-requested", &sha256(&record(r)), true);
    let t = std::fs::read_to_string(&tricky).unwrap();
    std::fs::write(
        &tricky,
        t.replace(
            "De steekproef moet er komen.",
            "<script>alert(1)</script> \\\" onmouseover=x",
        ),
    )
    .unwrap();
    let mut args_tricky = vec!["review", ID, "--file", tricky.to_str().unwrap()];
    args_tricky.extend(by("secretaris"));
    run(r, &args_tricky).success();
    run(r, &["publish", "--out", "site"]).success();
    let html = std::fs::read_to_string(r.join("site").join(format!("{ID}.html"))).unwrap();
    assert!(
        !html.contains("<script>alert(1)"),
        "the reasoning is escaped"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    submit(r);
    // Unknown or malformed entry ids are errors, not empty histories.
    run(r, &["verify", "no-such-entry"])
        .code(2)
        .stderr(contains("no entry `no-such-entry`"));
    run(r, &["submit", "../models", "--by", "a", "--role", "b"])
        .code(2)
        .stderr(contains("is not an entry id"));
    // A bad decision file names its field.
    let bad = review_file(r, "approved-with-conditions", &sha256(&record(r)), false);
    let mut b = vec!["review", ID, "--file", bad.to_str().unwrap()];
    b.extend(by("secretaris"));
    run(r, &b).code(2).stderr(contains("field `conditions`"));
    // Rejected: publishing it is refused (no published event), retiring ends the entry.
    let rejected = review_file(r, "rejected", &sha256(&record(r)), false);
    let mut c = vec!["review", ID, "--file", rejected.to_str().unwrap()];
    c.extend(by("secretaris"));
    run(r, &c).success();
    run(r, &["publish", "--out", "site"])
        .success()
        .stdout(contains(format!("{ID}: published")).not());
    run(
        r,
        &[
            "retire",
            ID,
            "--by",
            "C. de Boer",
            "--role",
            "secretaris",
            "--note",
            "rejected",
        ],
    )
    .success();
    run(
        r,
        &[
            "submit",
            ID,
            "--by",
            "A. de Vries",
            "--role",
            "data scientist",
        ],
    )
    .code(2)
    .stderr(contains("a retired entry takes no more events"));
    run(r, &["verify", ID]).code(0);
}

/// A deterministic sequence of delays (a linear congruential generator).
struct Delays(u64);
impl Delays {
    fn next_ms(&mut self, max: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % max
    }
}

fn kill_after(reg: &Path, args: &[&str], ms: u64) {
    let mut child = spawn(reg, args);
    std::thread::sleep(Duration::from_millis(ms));
    // SIGKILL: no destructor, no cleanup runs.
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn sigkill_during_audit_and_review_writes_never_breaks_verify() {
    let mut delays = Delays(20_261_122);
    // Audits killed at random moments, each on a register with no record yet or with one.
    for round in 0..12 {
        let reg = copy_register();
        if round % 2 == 1 {
            run(reg.path(), &["audit", &format!("models/{ID}")]).code(1);
        }
        kill_after(
            reg.path(),
            &["audit", &format!("models/{ID}")],
            delays.next_ms(700),
        );
        run(reg.path(), &["verify", ID]).code(0);
    }
    // Reviews killed at random moments, many times on one entry: changes requested, resubmitted, …
    let reg = copy_register();
    let r = reg.path();
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    submit(r);
    let file = review_file(r, "changes-requested", &sha256(&record(r)), true);
    for _ in 0..20 {
        let mut args = vec!["review", ID, "--file", file.to_str().unwrap()];
        args.extend(by("secretaris"));
        kill_after(r, &args, delays.next_ms(60));
        run(r, &["verify", ID]).code(0);
        // Back in review for the next round, whether or not the decision got through.
        let status = algoreg().current_dir(r).args(["status"]).output().unwrap();
        if String::from_utf8_lossy(&status.stdout).contains("changes requested") {
            submit(r);
        }
    }
    run(r, &["verify"]).code(0);
}

#[test]
fn concurrent_writers_never_corrupt_the_log() {
    let reg = copy_register();
    let r = reg.path();
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    submit(r);
    let file = review_file(r, "approved-with-conditions", &sha256(&record(r)), true);
    let mut children = Vec::new();
    for i in 0..8 {
        let args: Vec<String> = if i % 4 == 0 {
            vec!["audit".into(), format!("models/{ID}")]
        } else if i % 4 == 1 {
            vec![
                "review".into(),
                ID.into(),
                "--file".into(),
                file.to_str().unwrap().into(),
                "--by".into(),
                format!("secretary {i}"),
                "--role".into(),
                "secretaris".into(),
            ]
        } else {
            vec![
                "correct".into(),
                ID.into(),
                "--by".into(),
                format!("writer {i}"),
                "--role".into(),
                "test".into(),
                "--note".into(),
                format!("correction {i}"),
            ]
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        children.push(spawn(r, &args));
    }
    for mut c in children {
        c.wait().unwrap();
    }
    // One review wins (the other finds the entry decided already), every correction lands, and the
    // audits, whose record is unchanged, add nothing.
    run(r, &["verify", ID])
        .code(0)
        .stdout(contains("OK (7 events"));
    let log = std::fs::read_to_string(r.join("audits").join(ID).join("log.jsonl")).unwrap();
    assert_eq!(log.matches("\"event\":\"corrected\"").count(), 4);
    assert_eq!(log.matches("\"event\":\"reviewed\"").count(), 1);
    assert_eq!(log.matches("\"event\":\"audited\"").count(), 1);
}

#[test]
fn a_passed_re_review_date_shows_as_due() {
    let reg = copy_register();
    let r = reg.path();
    run(r, &["audit", &format!("models/{ID}")]).code(1);
    submit(r);
    let file = review_file(r, "approved", &sha256(&record(r)), false);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("2027-06-01", "2020-01-01")).unwrap();
    let mut args = vec!["review", ID, "--file", file.to_str().unwrap()];
    args.extend(by("secretaris"));
    run(r, &args).success();
    run(r, &["status"])
        .success()
        .stdout(contains("2020-01-01 DUE"));
    run(r, &["publish", "--out", "site"]).success();
    let html = std::fs::read_to_string(r.join("site").join(format!("{ID}.en.html"))).unwrap();
    assert!(html.contains("that re-review is due now"));
}
