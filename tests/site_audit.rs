//! The public entry pages show the extended audit record: intersections, discrimination and
//! calibration of score models, predicted counts of count models, where the intervals come from, and
//! never the numbers of a group (or score bin) with fewer than 10 rows. Expected texts are computed
//! here from the stored record, not by calling the view code.

mod common;

use common::site::*;
use common::*;

const SUPPRESSED_NL: &str = "minder dan 10 rijen";
const SUPPRESSED_EN: &str = "fewer than 10 rows";

/// A row that shows only the suppression text: no number cells, no percentages.
fn assert_suppressed(row: &str, what: &str) {
    assert!(
        row.contains(SUPPRESSED_NL) || row.contains(SUPPRESSED_EN),
        "{what}: suppression text in {row}"
    );
    assert!(
        !row.contains("class=\"num\""),
        "{what}: no number cells in {row}"
    );
    assert!(!row.contains('%'), "{what}: no percentages in {row}");
}

fn attributes(r: &serde_json::Value) -> &Vec<serde_json::Value> {
    r["subgroup"]["attributes"].as_array().unwrap()
}

#[test]
fn foundation_page_marks_the_intersection_and_its_reference_rule() {
    let reg = published();
    let nl = page(reg.path(), "foundation-risk-zaandam.html");
    let en = page(reg.path(), "foundation-risk-zaandam.en.html");
    let r = record(reg.path(), "foundation-risk-zaandam");
    let inter = attribute(&r, "neighbourhood × owner_type");
    assert_eq!(inter["columns"].as_array().unwrap().len(), 2);
    assert!(nl.contains("<caption>Intersectie: neighbourhood × owner_type — Referentiegroep: Poelenburg × corporation (de grootste groep)"));
    assert!(en.contains("<caption>Intersection: neighbourhood × owner_type — Reference group: Poelenburg × corporation (the largest group)"));
    // Its groups appear in the rate table and in the discrimination and calibration table.
    for (html, title) in [
        (
            &nl,
            "Onderscheidend vermogen en kalibratie — Intersectie: neighbourhood × owner_type",
        ),
        (
            &en,
            "Discrimination and calibration — Intersection: neighbourhood × owner_type",
        ),
    ] {
        assert_eq!(rows(html, "Poelenburg × corporation").len(), 2);
        assert!(row(table(html, title), "Poelenburg × private").contains("class=\"num\""));
    }
    // A column of its own is no intersection; its reference was named in the manifest.
    assert_eq!(attribute(&r, "owner_type")["reference_rule"], "named");
    assert!(
        nl.contains("<caption>owner_type — Referentiegroep: corporation (gekozen in het manifest)")
    );
    assert!(
        en.contains("<caption>owner_type — Reference group: corporation (chosen in the manifest)")
    );
}

#[test]
fn foundation_page_shows_auc_and_calibration_from_the_record() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    let private = group(&r, "owner_type", "private");
    let auc = value_metric(private, "score_metrics", "auc");
    let (value, lo, hi) = (
        f(&auc["estimate"]["value"]),
        f(&auc["estimate"]["ci_low"]),
        f(&auc["estimate"]["ci_high"]),
    );
    let diff = f(&auc["comparison"]["difference"]["value"]);
    let oe = value_metric(private, "score_metrics", "oe_ratio");
    for (name, nl, title, explain) in [
        (
            "foundation-risk-zaandam.html",
            true,
            "Onderscheidend vermogen en kalibratie — owner_type",
            "0,5 is niet beter dan gokken",
        ),
        (
            "foundation-risk-zaandam.en.html",
            false,
            "Discrimination and calibration — owner_type",
            "0.5 is no better than guessing",
        ),
    ] {
        let html = page(reg.path(), name);
        assert!(html.contains(explain), "{name}: AUC explained");
        let scores = table(&html, title);
        let private_row = row(scores, "private");
        assert!(
            private_row.contains(&num(value, 3, nl)),
            "{name}: AUC {value}"
        );
        assert!(
            private_row.contains(&format!("{}–{}", num(lo, 3, nl), num(hi, 3, nl))),
            "{name}: AUC interval"
        );
        // The difference to the reference carries a real minus sign.
        let shown = num(diff.abs(), 3, nl);
        let sign = if diff < 0.0 { '−' } else { '+' };
        assert!(
            private_row.contains(&format!("{sign}{shown}")),
            "{name}: AUC difference"
        );
        // O/E has no closed form: its interval is the bootstrap one, and says so.
        let (olo, ohi) = (
            f(&oe["estimate"]["boot_low"]),
            f(&oe["estimate"]["boot_high"]),
        );
        assert!(oe["estimate"]["ci_low"].is_null());
        assert!(private_row.contains(&format!(
            "{}–{} · bootstrap",
            num(olo, 2, nl),
            num(ohi, 2, nl)
        )));
        assert!(row(scores, "corporation").contains(if nl { "referentie" } else { "reference" }));
        // Calibration of all labelled rows, once, per bin; bins below 10 rows show no numbers.
        let caption = if nl {
            "Kalibratie: alle"
        } else {
            "Calibration: all"
        };
        assert_eq!(html.matches(&format!("<caption>{caption}")).count(), 1);
        let calibration = table(&html, caption);
        let overall = &attribute(&r, "owner_type")["overall"];
        let bins = overall["calibration"].as_array().unwrap();
        assert!(
            bins.iter().any(|b| b["n"].as_u64().unwrap() < 10),
            "the data has a small bin"
        );
        for b in bins {
            let label = format!("{}–{}", num(f(&b["low"]), 1, nl), num(f(&b["high"]), 1, nl));
            let bin_row = row(calibration, &label);
            if b["n"].as_u64().unwrap() < 10 {
                assert_suppressed(bin_row, &label);
            } else {
                let e = &b["observed"];
                assert!(
                    bin_row.contains(&pct(f(&e["value"]), nl)),
                    "{label}: observed"
                );
                assert!(bin_row.contains(&format!(
                    "{}–{}",
                    pct(f(&e["ci_low"]), nl),
                    pct(f(&e["ci_high"]), nl)
                )));
                assert!(
                    bin_row.contains(&pct(f(&b["mean_score"]), nl)),
                    "{label}: mean score"
                );
            }
        }
    }
}

#[test]
fn hotspot_page_shows_predicted_counts() {
    let reg = published();
    let r = record(reg.path(), "hotspot-tilburg");
    let centrum = group(&r, "neighbourhood", "Centrum");
    let predicted = &value_metric(centrum, "count_metrics", "mean_predicted")["estimate"];
    let ratio = &value_metric(centrum, "count_metrics", "prediction_ratio")["estimate"];
    for (name, nl, title, explain) in [
        (
            "hotspot-tilburg.html",
            true,
            "Voorspelde aantallen — neighbourhood",
            "boven 1 voorspelt het model meer dan er is geregistreerd",
        ),
        (
            "hotspot-tilburg.en.html",
            false,
            "Predicted counts — neighbourhood",
            "above 1 the model predicts more than was recorded",
        ),
    ] {
        let html = page(reg.path(), name);
        assert!(html.contains(explain), "{name}: ratio explained");
        let counts = table(&html, title);
        let centrum_row = row(counts, "Centrum");
        assert!(
            centrum_row.contains(&format!(
                "{}<span class=\"ci\"",
                num(f(&predicted["value"]), 2, nl)
            )),
            "{name}: Centrum mean predicted count"
        );
        assert!(centrum_row.contains(&format!(
            "{}–{}",
            num(f(&predicted["ci_low"]), 2, nl),
            num(f(&predicted["ci_high"]), 2, nl)
        )));
        assert!(centrum_row.contains(&format!(
            "{}–{} · bootstrap",
            num(f(&ratio["boot_low"]), 2, nl),
            num(f(&ratio["boot_high"]), 2, nl)
        )));
        // A count model has no discrimination and calibration tables.
        assert!(!html.contains(if nl {
            "Onderscheidend vermogen"
        } else {
            "Discrimination and"
        }));
    }
    let foundation = page(reg.path(), "foundation-risk-zaandam.html");
    assert!(!foundation.contains("Voorspelde aantallen"));
}

#[test]
fn pages_say_how_uncertain_and_where_intervals_come_from() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    let b = &r["subgroup"]["bootstrap"];
    let (replicates, seed) = (
        b["replicates"].as_u64().unwrap(),
        b["seed"].as_u64().unwrap(),
    );
    assert_eq!(replicates, 1000);
    let nl = page(reg.path(), "foundation-risk-zaandam.html");
    let en = page(reg.path(), "foundation-risk-zaandam.en.html");
    assert!(nl.contains("Hoe onzeker?") && en.contains("How uncertain?"));
    assert!(nl.contains("1.000 keer") && nl.contains(&format!("startgetal (seed) {seed}")));
    assert!(en.contains("1,000 times") && en.contains(&format!("fixed seed {seed}")));
    assert!(nl.contains("Elk interval op deze pagina is een 95%-interval"));
    // The record's own method texts are there too, marked as English on the Dutch page.
    let auc_method = r["subgroup"]["methods"]["auc"].as_str().unwrap();
    assert!(nl.contains(&format!(" lang=\"en\">{auc_method}")));
}

#[test]
fn missing_values_show_their_reason_and_no_cell_is_empty() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    // An AUC whose only interval is missing: the page says why, in the record's words.
    let inter = attribute(&r, "neighbourhood × owner_type");
    let (group, reason) = inter["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|g| {
            let e = &value_metric(g, "score_metrics", "auc")["estimate"];
            (e["ci_low"].is_null() && e["boot_low"].is_null() && g["n"].as_u64().unwrap() >= 10)
                .then(|| {
                    (
                        g["group"].as_str().unwrap(),
                        e["undefined"].as_str().unwrap(),
                    )
                })
        })
        .expect("an intersection group whose AUC has no interval");
    let nl = page(reg.path(), "foundation-risk-zaandam.html");
    let scores = table(
        &nl,
        "Onderscheidend vermogen en kalibratie — Intersectie: neighbourhood × owner_type",
    );
    assert!(
        row(scores, group).contains(&format!("geen interval: <span lang=\"en\">{reason}</span>"))
    );
    for name in [
        "foundation-risk-zaandam.html",
        "foundation-risk-zaandam.en.html",
        "hotspot-tilburg.html",
        "hotspot-tilburg.en.html",
    ] {
        let html = page(reg.path(), name);
        for empty in [
            "<td></td>",
            "<td class=\"num\"></td>",
            "<td class=\"num\">\n",
        ] {
            assert!(!html.contains(empty), "{name}: no empty cell ({empty:?})");
        }
        assert!(
            !html.contains("NaN") && !html.contains(">inf"),
            "{name}: no filler numbers"
        );
    }
}

#[test]
fn groups_below_ten_rows_never_show_numbers() {
    // The shipped records: every group with fewer than 10 rows (if any) shows only the suppression text.
    let reg = published();
    for (id, pages) in [
        (
            "foundation-risk-zaandam",
            [
                "foundation-risk-zaandam.html",
                "foundation-risk-zaandam.en.html",
            ],
        ),
        (
            "hotspot-tilburg",
            ["hotspot-tilburg.html", "hotspot-tilburg.en.html"],
        ),
    ] {
        let r = record(reg.path(), id);
        for name in pages {
            let html = page(reg.path(), name);
            for a in attributes(&r) {
                for g in a["groups"].as_array().unwrap() {
                    let label = g["group"].as_str().unwrap();
                    if g["n"].as_u64().unwrap() < 10 {
                        for found in rows(&html, label) {
                            assert_suppressed(found, label);
                        }
                    }
                }
            }
        }
    }

    // A copy with a tiny neighbourhood in each model: its groups, and the intersections with it,
    // appear in every table, but without a number, and in no finding.
    let reg = copy_register();
    with_external_scores(reg.path());
    rename_rows(
        &reg.path().join("models/foundation-risk-zaandam/houses.csv"),
        "neighbourhood",
        6,
        "Kleindorp",
        |_, _| true,
    );
    rename_rows(
        &reg.path().join("models/hotspot-tilburg/cells.csv"),
        "neighbourhood",
        4,
        "Kleinwijk",
        |_, _| true,
    );
    // The reference files of the sampling audit name the new groups too.
    append_line(
        &reg.path()
            .join("models/foundation-risk-zaandam/population.csv"),
        "neighbourhood,Kleindorp,25,house,test,2025",
    );
    append_line(
        &reg.path().join("models/hotspot-tilburg/survey.csv"),
        "neighbourhood,Kleinwijk,100.0,5.0,test,2025",
    );
    demo(reg.path());
    for (id, tiny, tables) in [
        ("foundation-risk-zaandam", "Kleindorp", 4),
        ("hotspot-tilburg", "Kleinwijk", 2),
    ] {
        let r = record(reg.path(), id);
        let small: Vec<&str> = attributes(&r)
            .iter()
            .flat_map(|a| a["groups"].as_array().unwrap())
            .filter(|g| g["n"].as_u64().unwrap() < 10)
            .map(|g| g["group"].as_str().unwrap())
            .collect();
        assert!(small.contains(&tiny), "{id}: {tiny} has fewer than 10 rows");
        for name in [format!("{id}.html"), format!("{id}.en.html")] {
            let html = page(reg.path(), &name);
            let mut shown = 0;
            for label in &small {
                for found in rows(&html, label) {
                    assert_suppressed(found, label);
                    shown += 1;
                }
            }
            assert!(
                shown >= tables,
                "{name}: the small groups are listed ({shown} rows)"
            );
            // Every mention of the tiny group is inside a suppressed row.
            for (i, _) in html.match_indices(tiny) {
                let start = html[..i].rfind("<tr").expect("inside a row");
                let end = i + html[i..].find("</tr>").unwrap();
                assert!(
                    !html[start..i].contains("</tr>"),
                    "{name}: {tiny} only in rows"
                );
                assert_suppressed(&html[start..end], tiny);
            }
        }
    }
}

#[test]
fn group_names_from_the_data_are_escaped_in_the_new_tables() {
    let reg = copy_register();
    let csv = reg.path().join("models/foundation-risk-zaandam/houses.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replace(",Westzaan,", ",<b>Westzaan</b>,")).unwrap();
    // The population file names the same groups (else the sampling audit refuses the mismatch).
    let pop = reg
        .path()
        .join("models/foundation-risk-zaandam/population.csv");
    let text = std::fs::read_to_string(&pop).unwrap();
    std::fs::write(&pop, text.replace(",Westzaan,", ",<b>Westzaan</b>,")).unwrap();
    demo(reg.path());
    let html = page(reg.path(), "foundation-risk-zaandam.html");
    assert!(
        !html.contains("<b>Westzaan"),
        "markup from the data is escaped"
    );
    let scores = table(
        &html,
        "Onderscheidend vermogen en kalibratie — neighbourhood",
    );
    assert!(row(scores, "&lt;b&gt;Westzaan&lt;/b&gt;").contains("class=\"num\""));
}
