//! The sampling section of the entry pages never shows the numbers of a group with fewer than 10
//! rows, says why a value is missing, and escapes markup from the data. Expected texts are computed
//! here from the stored record JSON, not by calling the view code.

mod common;

use common::site::*;
use common::*;

#[test]
fn groups_below_ten_rows_show_no_numbers_in_the_sampling_tables() {
    let reg = copy_register();
    with_external_scores(reg.path());
    let foundation = reg.path().join("models/foundation-risk-zaandam");
    rename_rows(
        &foundation.join("houses.csv"),
        "neighbourhood",
        6,
        "Kleindorp",
        |_, _| true,
    );
    append_line(
        &foundation.join("population.csv"),
        "neighbourhood,Kleindorp,25,house,test,2025",
    );
    let hotspot = reg.path().join("models/hotspot-tilburg");
    rename_rows(
        &hotspot.join("cells.csv"),
        "neighbourhood",
        4,
        "Kleinwijk",
        |_, _| true,
    );
    append_line(
        &hotspot.join("survey.csv"),
        "neighbourhood,Kleinwijk,100.0,5.0,test,2025",
    );
    demo(reg.path());

    let r = record(reg.path(), "foundation-risk-zaandam");
    let s = &r["sampling"];
    let rep = by(&s["representativeness"], "attribute", "neighbourhood");
    assert_eq!(by(&rep["groups"], "group", "Kleindorp")["rows"], 6);
    let sel = by(
        &s["label_selection"]["attributes"],
        "attribute",
        "neighbourhood",
    );
    assert_eq!(by(&sel["groups"], "group", "Kleindorp")["rows"], 6);
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        for (id, caption) in [
            (
                "sampling-population",
                pick(nl, "Vertegenwoordiging — ", "Representation — "),
            ),
            (
                "sampling-labels",
                pick(nl, "Uitkomst bekend — ", "Outcome known — "),
            ),
        ] {
            let t = table(part(&html, id), &format!("{caption}neighbourhood"));
            assert_suppressed(row(t, "Kleindorp"), &format!("{name} {caption}"));
            // The other groups of the same table keep their numbers.
            has(row(t, "Westzaan"), "class=\"num\"", &name);
        }
        // Kleindorp appears only inside suppressed rows of the section.
        let sampling = section(&html);
        for (i, _) in sampling.match_indices("Kleindorp") {
            let start = sampling[..i].rfind("<tr").expect("inside a row");
            assert!(
                !sampling[start..i].contains("</tr>"),
                "{name}: Kleindorp only in rows"
            );
            let end = i + sampling[i..].find("</tr>").unwrap();
            assert_suppressed(&sampling[start..end], "Kleindorp");
        }
    }

    let r = record(reg.path(), "hotspot-tilburg");
    let rep = &r["sampling"]["reporting"];
    assert_eq!(by(&rep["groups"], "group", "Kleinwijk")["rows"], 4);
    for (name, nl) in pages("hotspot-tilburg") {
        let html = page(reg.path(), &name);
        let t = table(
            part(&html, "sampling-reporting"),
            pick(nl, "Meldingsgraad", "Reporting rate"),
        );
        assert_suppressed(row(t, "Kleinwijk"), &name);
        has(row(t, "Reeshof"), "class=\"num\"", &name);
    }
}

#[test]
fn a_group_without_labels_shows_why_its_values_are_missing() {
    // Twelve houses that were never inspected form their own neighbourhood: enough rows to publish,
    // no known outcome, so its outcome rate does not exist.
    let reg = copy_register();
    with_external_scores(reg.path());
    let dir = reg.path().join("models/foundation-risk-zaandam");
    let not_inspected = |names: &[&str], line: &str| {
        let i = names.iter().position(|c| *c == "inspected").unwrap();
        line.split(',').nth(i) == Some("0")
    };
    rename_rows(
        &dir.join("houses.csv"),
        "neighbourhood",
        12,
        "Kleindorp",
        not_inspected,
    );
    append_line(
        &dir.join("population.csv"),
        "neighbourhood,Kleindorp,40,house,test,2025",
    );
    demo(reg.path());
    let r = record(reg.path(), "foundation-risk-zaandam");
    let sel = by(
        &r["sampling"]["label_selection"]["attributes"],
        "attribute",
        "neighbourhood",
    );
    let g = by(&sel["groups"], "group", "Kleindorp");
    assert_eq!(
        (g["rows"].as_u64(), g["labelled"].as_u64()),
        (Some(12), Some(0))
    );
    assert!(g["outcome_rate"]["value"].is_null());
    let reason = g["outcome_rate"]["undefined"].as_str().expect("a reason");
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let labels = part(&html, "sampling-labels");
        let k = row(
            table(
                labels,
                pick(
                    nl,
                    "Uitkomst bekend — neighbourhood",
                    "Outcome known — neighbourhood",
                ),
            ),
            "Kleindorp",
        );
        has(k, pick(nl, ">n.v.t.", ">n/a"), &name);
        has(k, &escaped(reason), &name);
        has(k, verdict_words(&g["judgement"]["verdict"], nl), &name);
        let s = section(&html);
        assert!(
            !s.contains("NaN") && !s.contains("inf<"),
            "{name}: no filler numbers"
        );
        for empty in ["<td></td>", "<td class=\"num\"></td>"] {
            assert!(!s.contains(empty), "{name}: no empty cell");
        }
    }
}

#[test]
fn markup_from_the_data_is_escaped_in_the_sampling_section() {
    let reg = copy_register();
    let dir = reg.path().join("models/foundation-risk-zaandam");
    for file in ["houses.csv", "population.csv"] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace(",Westzaan,", ",<b>Westzaan</b>,")
            .replace(",BAG en WOZ", ",<i>BAG</i> en WOZ");
        std::fs::write(&path, text).unwrap();
    }
    demo(reg.path());
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let s = section(&html);
        assert!(
            !s.contains("<b>") && !s.contains("<i>"),
            "{name}: markup escaped"
        );
        let t = table(
            s,
            pick(
                nl,
                "Vertegenwoordiging — neighbourhood",
                "Representation — neighbourhood",
            ),
        );
        has(t, "&lt;i&gt;BAG&lt;/i&gt; en WOZ", &name);
        has(
            row(t, "&lt;b&gt;Westzaan&lt;/b&gt;"),
            "class=\"flagged\"",
            &name,
        );
        // The selected-sample statement names it too, escaped.
        has(
            part(&html, "sampling-labels"),
            "neighbourhood = &lt;b&gt;Westzaan&lt;/b&gt;",
            &name,
        );
    }
}

#[test]
fn a_population_group_missing_from_the_data_shows_its_zero_and_its_finding() {
    // Zero rows reveal no one, so the page shows the group's numbers and the finding about it.
    let reg = copy_register();
    append_line(
        &reg.path()
            .join("models/foundation-risk-zaandam/population.csv"),
        "neighbourhood,Spijkerboor,400,house,test,2025",
    );
    demo(reg.path());
    let r = record(reg.path(), "foundation-risk-zaandam");
    let finding = list(&r["findings"])
        .iter()
        .find(|x| x["group"] == "Spijkerboor")
        .expect("a finding on the missing group");
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let t = table(
            part(&html, "sampling-population"),
            pick(nl, "Vertegenwoordiging — ", "Representation — "),
        );
        let spijkerboor = row(t, "Spijkerboor");
        assert!(
            !spijkerboor.contains("minder dan 10 rijen")
                && !spijkerboor.contains("fewer than 10 rows"),
            "{name}: the empty group is not suppressed: {spijkerboor}"
        );
        has(spijkerboor, ">0<", &name);
        let text = finding[if nl { "text_nl" } else { "text_en" }]
            .as_str()
            .unwrap();
        has(&html, &escaped(text), &name);
    }
}
