//! The audit report page: the public edition lists every test with raw and corrected p-values, the
//! policy and the hashes, and withholds a group of 7 rows; the committee's edition (`publish
//! --committee`) shows that group's row with its numbers; the committee folder may not lie inside the
//! public site.

mod common;

use common::site::*;
use common::*;

const ID: &str = "foundation-risk-zaandam";

/// A register whose foundation data has a neighbourhood of 7 houses ("Kleindorp"), published with
/// the committee's edition in `committee/`.
fn published_with_small_group() -> tempfile::TempDir {
    let reg = copy_register();
    with_external_scores(reg.path());
    let dir = reg.path().join("models").join(ID);
    rename_rows(
        &dir.join("houses.csv"),
        "neighbourhood",
        7,
        "Kleindorp",
        |_, _| true,
    );
    append_line(
        &dir.join("population.csv"),
        "neighbourhood,Kleindorp,25,house,test,2025",
    );
    demo(reg.path());
    algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site", "--committee", "committee"])
        .assert()
        .code(0);
    reg
}

/// The table row of `group` in the rate table of the report, if any: `<th scope="row">group</th>…`.
fn rate_row<'a>(html: &'a str, group: &str) -> Option<&'a str> {
    let start = html.find(&format!("<th scope=\"row\">{group}</th><td class=\"num\">"))?;
    let end = html[start..].find("</tr>")? + start;
    Some(&html[start..end])
}

#[test]
fn a_group_of_seven_rows_is_in_the_committee_report_only() {
    let reg = published_with_small_group();
    let rec = record(reg.path(), ID);
    let small = group(&rec, "neighbourhood", "Kleindorp");
    assert_eq!(small["n"], 7);
    let fnr = small["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "fnr")
        .unwrap();
    for (suffix, nl) in [("", true), (".en", false)] {
        let name = format!("{ID}.report{suffix}.html");
        let public = std::fs::read_to_string(reg.path().join("site").join(&name)).unwrap();
        let committee = std::fs::read_to_string(reg.path().join("committee").join(&name)).unwrap();
        // Public: the group is named with the suppression text only, in no test row.
        assert!(
            rate_row(&public, "Kleindorp").is_none(),
            "{name}: public row"
        );
        assert!(
            public.contains(pick(
                nl,
                "minder dan 10 rijen: niet gepubliceerd",
                "fewer than 10 rows: not published"
            )),
            "{name}"
        );
        assert!(
            !public.contains("neighbourhood = Kleindorp"),
            "{name}: a test row"
        );
        // Committee: the same row with its count and the edition's warning.
        let row = rate_row(&committee, "Kleindorp").expect("committee row");
        assert!(row.contains("<td class=\"num\">7</td>"), "{name}: {row}");
        if let Some(v) = fnr["estimate"]["value"].as_f64() {
            assert!(
                row.contains(&pct(v, nl)),
                "{name}: FNR {} in {row}",
                pct(v, nl)
            );
        }
        assert!(
            committee.contains(pick(nl, "Vertrouwelijk", "Confidential")),
            "{name}"
        );
        assert!(!public.contains(pick(nl, "Vertrouwelijk", "Confidential")));
    }
    // The committee folder holds the full record; the public site holds none.
    assert!(
        reg.path()
            .join("committee/records")
            .join(format!("{ID}.json"))
            .is_file()
    );
    assert!(!reg.path().join("site/records").exists());
}

#[test]
fn the_report_lists_every_test_with_both_p_values_and_the_hashes() {
    let reg = published();
    let rec = record(reg.path(), ID);
    let html = page(reg.path(), &format!("{ID}.report.en.html"));
    // Every input's SHA-256 and the record's own.
    for input in rec["inputs"]["data"].as_array().unwrap() {
        assert!(html.contains(input["sha256"].as_str().unwrap()));
    }
    let bytes = std::fs::read(reg.path().join("audits").join(ID).join("audit.json")).unwrap();
    let sha = {
        use sha2::Digest;
        let d = sha2::Sha256::digest(&bytes);
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert!(html.contains(&sha), "record hash");
    assert!(html.contains("algoreg audit models/foundation-risk-zaandam"));
    // The subgroup comparison of private owners' FNR: raw and corrected p as the record has them.
    let private = group(&rec, "owner_type", "private");
    let c = &private["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "fnr")
        .unwrap()["comparison"];
    let start = html.find("owner_type = private · fnr").expect("test row");
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    for key in ["p_value", "p_adjusted"] {
        let p = f(&c[key]);
        let shown = if p < 1e-4 {
            "&lt; 0.0001".to_string()
        } else {
            format!("{p:.4}")
        };
        assert!(row.contains(&shown), "{key} {p} as {shown} in {row}");
    }
    // One family per correction, with its method.
    assert!(html.contains("benjamini-hochberg") && html.contains("holm"));
}

#[test]
fn the_committee_folder_may_not_lie_inside_the_public_site() {
    let reg = published();
    algoreg()
        .current_dir(reg.path())
        .args(["publish", "--out", "site", "--committee", "site/committee"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "must lie outside the public site",
        ));
    assert!(!reg.path().join("site/committee").exists());
}
