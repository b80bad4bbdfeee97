//! The entry pages' section on the sampling audit ("Is de data een eerlijk beeld?"): who carries a
//! label, representativeness, reporting rates and drift, each as in the stored record. Expected texts
//! are computed here from the stored record JSON, not by calling the view code.

mod common;

use common::site::*;
use common::*;

#[test]
fn representation_table_shows_westzaan_under_represented_and_flagged() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    let attr = by(
        &r["sampling"]["representativeness"],
        "attribute",
        "neighbourhood",
    );
    let westzaan = by(&attr["groups"], "group", "Westzaan");
    assert_eq!(westzaan["judgement"]["verdict"], "flagged");
    let ratio = f(&westzaan["ratio"]["value"]);
    assert!(ratio < 0.8, "the archive gap: Westzaan under-represented");
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let caption = pick(
            nl,
            "Vertegenwoordiging — neighbourhood",
            "Representation — neighbourhood",
        );
        let t = table(&html, caption);
        has(t, &escaped(attr["source"].as_str().unwrap()), &name);
        has(t, attr["year"].as_str().unwrap(), &name);
        let w = row(t, "Westzaan");
        if nl {
            assert!(!w.contains(&num(ratio, 2, false)), "decimal comma in Dutch");
        }
        for want in [
            num(ratio, 2, nl),
            ci(&westzaan["ratio"], 2, nl),
            pct(f(&westzaan["share"]["value"]), nl),
            pct(f(&westzaan["population_share"]), nl),
            count(westzaan["rows"].as_u64().unwrap(), nl),
            "class=\"flagged\"".to_string(),
        ] {
            has(w, &want, &name);
        }
        // Every group's verdict is the record's, in words.
        for g in list(&attr["groups"]) {
            let label = escaped(g["group"].as_str().unwrap());
            let words = verdict_words(&g["judgement"]["verdict"], nl);
            has(row(t, &label), words, &name);
        }
        // The tests over the whole attribute, and the total variation distance with its interval.
        let line = after(&html, t);
        has(line, &test_text("χ²", &attr["chi_square"], nl), &name);
        has(line, &test_text("G", &attr["g_test"], nl), &name);
        let tvd = &attr["total_variation"];
        let interval = range(tvd, "boot_low", "boot_high", |x| pct(x, nl));
        let level = pick(nl, "95%-interval", "95% interval");
        let shown = format!(
            "{} ({level} {interval}, bootstrap)",
            pct(f(&tvd["value"]), nl)
        );
        has(line, &shown, &name);
    }
}

#[test]
fn hotspot_reporting_table_flags_reeshof_and_noord() {
    let reg = published();
    let r = record(reg.path(), "hotspot-tilburg");
    let rep = &r["sampling"]["reporting"];
    let flagged: Vec<&str> = list(&rep["groups"])
        .iter()
        .filter(|g| g["judgement"]["verdict"] == "flagged")
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["Noord", "Reeshof"]);
    let html = page(reg.path(), "hotspot-tilburg.en.html");
    let t = table(&html, "Reporting rate — neighbourhood");
    has(t, &escaped(rep["source"].as_str().unwrap()), "source");
    // No group is named, so each is compared with the other groups together (none is the yardstick).
    assert!(rep["reference"].is_null());
    has(
        t,
        "each group compared with the middle groups together",
        "rule",
    );
    has(
        t,
        "Reporting rate: share of events that reach the data",
        "column",
    );
    for g in list(&rep["groups"]) {
        let label = g["group"].as_str().unwrap();
        let found = row(t, label);
        let rate = &g["reporting_rate"];
        let mut wants = vec![
            pct(f(&rate["value"]), false),
            range(rate, "ci_low", "ci_high", |x| pct(x, false)),
            count(f(&g["expected"]).round() as u64, false),
        ];
        wants.push(num(f(&g["ratio"]["value"]), 2, false));
        wants.push(ci(&g["ratio"], 2, false));
        for want in &wants {
            has(found, want, label);
        }
        assert_eq!(
            found.contains("⚑ finding"),
            flagged.contains(&label),
            "{label}"
        );
    }
    // Every group's incidence has a standard error: no note about intervals that are too narrow.
    assert_eq!(rep["survey_error_missing"], false);
    assert!(!section(&html).contains("too narrow"));
}

#[test]
fn label_statement_on_foundation_and_every_row_sentence_on_hotspot() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    let ls = &r["sampling"]["label_selection"];
    assert_eq!(ls["selected_sample"], true);
    let share = f(&ls["labelled_share"]["value"]);
    let mut flagged = Vec::new();
    for a in list(&ls["attributes"]) {
        for g in list(&a["groups"]) {
            if g["judgement"]["verdict"] == "flagged" {
                flagged.push(format!(
                    "{} = {}",
                    a["attribute"].as_str().unwrap(),
                    g["group"].as_str().unwrap()
                ));
            }
        }
    }
    assert!(flagged.contains(&"owner_type = private".to_string()));
    let owner = by(&ls["attributes"], "attribute", "owner_type");
    let private = by(&owner["groups"], "group", "private");
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let labels = part(&html, "sampling-labels");
        let statement = match nl {
            true => format!(
                "De uitkomst is alleen bekend voor {} van de rijen.",
                pct(share, nl)
            ),
            false => format!(
                "The outcome is known for only {} of the rows.",
                pct(share, nl)
            ),
        };
        has(labels, &statement, &name);
        let paragraph = &labels[labels.find(&statement).unwrap()..];
        let paragraph = &paragraph[..paragraph.find("</p>").unwrap()];
        for group in &flagged {
            has(paragraph, group, &name);
        }
        assert!(!labels.contains("carries a label") && !labels.contains("Bij alle"));
        // The table per attribute: the reference says so, the others show ratio and verdict.
        let t = table(
            labels,
            pick(
                nl,
                "Uitkomst bekend — owner_type",
                "Outcome known — owner_type",
            ),
        );
        has(
            row(t, "corporation"),
            pick(nl, ">referentie<", ">reference<"),
            &name,
        );
        let p_row = row(t, "private");
        for want in [
            num(f(&private["ratio"]["value"]), 2, nl),
            ci(&private["ratio"], 2, nl),
            pct(f(&private["labelled_share"]["value"]), nl),
            pct(f(&private["outcome_rate"]["value"]), nl),
            verdict_words(&private["judgement"]["verdict"], nl).to_string(),
        ] {
            has(p_row, &want, &name);
        }
        let line = after(labels, t);
        has(line, &test_text("χ²", &owner["independence"], nl), &name);
        has(
            line,
            &test_text("χ²", &owner["outcome_independence"], nl),
            &name,
        );
    }

    let r = record(reg.path(), "hotspot-tilburg");
    let ls = &r["sampling"]["label_selection"];
    assert_eq!(ls["selected_sample"], false);
    assert_eq!(ls["rows"], ls["labelled"]);
    let n = ls["rows"].as_u64().unwrap();
    for (name, nl) in pages("hotspot-tilburg") {
        let html = page(reg.path(), &name);
        let labels = part(&html, "sampling-labels");
        let sentence = match nl {
            true => format!("Bij alle {} rijen is de uitkomst bekend", count(n, nl)),
            false => format!("Every one of the {} rows carries a label", count(n, nl)),
        };
        has(labels, &sentence, &name);
        assert!(!labels.contains("alleen bekend voor") && !labels.contains("known for only"));
        assert!(!labels.contains("<table"), "{name}: no label table");
        // Hotspot has no population and no training file: those parts are absent.
        let s = section(&html);
        assert!(!s.contains("sampling-population") && !s.contains("sampling-drift"));
    }
}

#[test]
fn drift_rows_flag_the_shifted_features() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    let drift = &r["sampling"]["drift"];
    let flagged: Vec<&str> = list(&drift["features"])
        .iter()
        .filter(|x| x["judgement"]["verdict"] == "flagged")
        .map(|x| x["feature"].as_str().unwrap())
        .collect();
    assert_eq!(
        flagged,
        [
            "groundwater_drop_cm",
            "subsidence_mm_per_year",
            "owner_type"
        ]
    );
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let d = part(&html, "sampling-drift");
        has(
            d,
            &count(drift["training_rows"].as_u64().unwrap(), nl),
            &name,
        );
        let t = table(d, pick(nl, "Verschuiving per kenmerk", "Shift per feature"));
        let caption = &t[..t.find("</caption>").unwrap()];
        // The caption states the floor the PSI must be shown above.
        has(
            caption,
            &format!(
                "{} {}",
                pick(nl, "boven", "above"),
                num(f(&drift["psi_floor"]), 2, nl)
            ),
            &name,
        );
        for feat in list(&drift["features"]) {
            let label = feat["feature"].as_str().unwrap();
            let found = row(t, label);
            let psi = &feat["psi"];
            // The delta-method interval (a formula), which the verdict rests on.
            let interval = range(psi, "ci_low", "ci_high", |x| num(x, 3, nl));
            let kind = match feat["kind"].as_str().unwrap() {
                "numeric" => pick(nl, ">getal<", ">number<"),
                _ => pick(nl, ">categorie<", ">category<"),
            };
            let (symbol, decimals) = if feat["test"] == "ks" {
                ("D", 3)
            } else {
                ("χ²", 2)
            };
            for want in [
                num(f(&psi["value"]), 3, nl),
                interval,
                kind.to_string(),
                format!("{symbol} = {}", num(f(&feat["statistic"]), decimals, nl)),
            ] {
                has(found, &want, label);
            }
            let is_flagged = flagged.contains(&label);
            assert_eq!(
                found.contains("class=\"flagged\""),
                is_flagged,
                "{name}: {label}"
            );
        }
        // A numeric feature's shift in words: its means in training and now.
        let gw = by(&drift["features"], "feature", "groundwater_drop_cm");
        let (before, now) = (
            num(f(&gw["training_mean"]), 2, nl),
            num(f(&gw["current_mean"]), 2, nl),
        );
        let means = match nl {
            true => format!("gemiddeld {before} in de training, {now} nu"),
            false => format!("mean {before} in training, {now} now"),
        };
        has(row(t, "groundwater_drop_cm"), &means, &name);
    }
}

#[test]
fn findings_list_shows_the_sampling_findings() {
    let reg = published();
    for id in ["foundation-risk-zaandam", "hotspot-tilburg"] {
        let r = record(reg.path(), id);
        let findings = list(&r["findings"]);
        let sampling: Vec<&Json> = findings
            .iter()
            .filter(|x| x["audit"] == "sampling")
            .collect();
        assert!(!sampling.is_empty(), "{id} has sampling findings");
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let ul = findings_list(&html);
            for x in &sampling {
                has(
                    ul,
                    &escaped(x[pick(nl, "text_nl", "text_en")].as_str().unwrap()),
                    &name,
                );
            }
            // Every group in the shipped records has 10 rows or more: the list holds every
            // finding (drift ones too), and the state line counts them all.
            assert_eq!(ul.matches("<li>").count(), findings.len(), "{name}");
            let total = r["verdict"]["findings"].as_u64().unwrap();
            assert_eq!(total as usize, findings.len());
            has(
                &html,
                &format!("⚑ {total} {}", pick(nl, "bevinding(en)", "finding(s)")),
                &name,
            );
        }
    }
}
