//! No export of the site carries a number about a group below the suppression minimum (10 rows): a
//! neighbourhood of 7 houses, and its intersections, appear in the model card by name only, none of
//! their numbers appear in any export file, a rate resting on fewer than 10 rows inside a larger group
//! is named without numbers, and a raw record copy left by an earlier publication is removed.

mod common;

use std::path::Path;

use common::site::*;
use common::*;

fn read_json(path: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every JSON number under `v`, as serde_json writes it.
fn numbers(v: &Json, out: &mut Vec<String>) {
    match v {
        Json::Number(n) => out.push(n.to_string()),
        Json::Array(a) => a.iter().for_each(|x| numbers(x, out)),
        Json::Object(o) => o.values().for_each(|x| numbers(x, out)),
        _ => {}
    }
}

/// Whether `text` holds the number `n` as a whole token (not as the start of a longer number such as
/// 0.35768 for 0.3576).
fn contains_number(text: &str, n: &str) -> bool {
    let number_char = |c: u8| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+');
    text.match_indices(n).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| text.as_bytes()[j]);
        let after = text.as_bytes().get(i + n.len()).copied();
        !before.is_some_and(number_char) && !after.is_some_and(number_char)
    })
}

/// Every object in `v` that has a `group` naming `name`.
fn groups_named<'a>(v: &'a Json, name: &str, out: &mut Vec<&'a Json>) {
    match v {
        Json::Array(a) => a.iter().for_each(|x| groups_named(x, name, out)),
        Json::Object(o) => {
            if o.get("group")
                .and_then(Json::as_str)
                .is_some_and(|g| g.contains(name))
            {
                out.push(v);
            }
            o.values().for_each(|x| groups_named(x, name, out));
        }
        _ => {}
    }
}

#[test]
fn a_group_of_seven_rows_appears_in_no_export_with_numbers() {
    let reg = copy_register();
    with_external_scores(reg.path());
    let dir = reg.path().join("models/foundation-risk-zaandam");
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
    // An old site with the raw record published: the copy goes.
    let old = reg.path().join("site/records/foundation-risk-zaandam.json");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    std::fs::write(&old, "{}").unwrap();
    demo(reg.path());
    assert!(
        !reg.path().join("site/records").exists(),
        "old copy removed"
    );

    let rec = record(reg.path(), "foundation-risk-zaandam");
    let mut small = Vec::new();
    groups_named(&rec["subgroup"], "Kleindorp", &mut small);
    assert!(small.len() >= 2, "the group and its intersections");
    assert_eq!(group(&rec, "neighbourhood", "Kleindorp")["n"], 7);
    // Its numbers as the record writes them (rates, intervals, p-values) that no other group of the
    // record shares (a rate of 0 gives the same difference to the reference in every group that has
    // one); small integers stand for many things and are left out.
    let mut secret = Vec::new();
    for g in &small {
        numbers(g, &mut secret);
    }
    let mut others = Vec::new();
    for attr in list(&rec["subgroup"]["attributes"]) {
        numbers(&attr["overall"], &mut others);
        for g in list(&attr["groups"]) {
            if !g["group"].as_str().unwrap().contains("Kleindorp") {
                numbers(g, &mut others);
            }
        }
    }
    secret.retain(|s| s.len() >= 6 && !others.contains(s));
    secret.sort();
    secret.dedup();
    assert!(secret.len() > 10, "enough numbers to look for: {secret:?}");

    let card = read_json(
        &reg.path()
            .join("site/export/foundation-risk-zaandam.model-card.json"),
    );
    let mut named = Vec::new();
    groups_named(&card, "Kleindorp", &mut named);
    assert!(!named.is_empty(), "the group is named");
    for g in &named {
        let keys: Vec<&String> = g.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["group", "suppressed"], "{g}");
        assert_eq!(g["suppressed"], "fewer than 10 rows");
    }
    let files: Vec<_> = std::fs::read_dir(reg.path().join("site/export"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 5);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for s in &secret {
            assert!(!contains_number(&text, s), "{s} in {}", path.display());
        }
        assert!(!text.contains("\"n\": 7,"), "{}", path.display());
    }

    // A rate resting on fewer than 10 rows inside a larger group is named without numbers too.
    let mut checked = 0;
    for attr in list(&rec["subgroup"]["attributes"]) {
        for g in list(&attr["groups"]) {
            if g["n"].as_u64().unwrap() < 10 {
                continue;
            }
            for m in list(&g["metrics"]) {
                if m["denominator"].as_u64().unwrap() >= 10 {
                    continue;
                }
                let a = by(
                    &card["quantitative_analyses"]["attributes"],
                    "attribute",
                    attr["attribute"].as_str().unwrap(),
                );
                let cm = by(
                    &by(&a["groups"], "group", g["group"].as_str().unwrap())["metrics"],
                    "metric",
                    m["metric"].as_str().unwrap(),
                );
                assert_eq!(cm.as_object().unwrap().len(), 2, "{cm}");
                assert!(cm["suppressed"].is_string());
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "a rate on fewer than 10 rows was found and checked"
    );
}
