//! The section's later tables (trends, stability, proxies, placebo), the findings list, escaping, and
//! the subgroup section's policy line beside this one's.

use super::*;

#[test]
fn trends_table_with_a_time_column() {
    let reg = copy_register();
    with_time_column(reg.path());
    demo(reg.path());
    let r = record(reg.path(), "hotspot-tilburg");
    let s = &r["spurious"];
    let time = &s["time"];
    assert_eq!(time["column"], "week");
    let trends = list(&s["trends"]);
    assert!(
        !trends.is_empty(),
        "related numeric columns are checked over time"
    );
    let inputs: Vec<bool> = list(&s["associations"])
        .iter()
        .filter_map(|a| a["model_input"].as_bool())
        .collect();
    assert!(
        inputs.contains(&true) && inputs.contains(&false),
        "inputs are named"
    );
    for (name, nl) in pages("hotspot-tilburg") {
        let html = page(reg.path(), &name);
        let part = spurious_part(&html, "spurious-trends");
        let line = format!(
            "{}: week, {} {} ({}–{}).",
            pick(nl, "Tijdkolom", "Time column"),
            time["periods"],
            pick(nl, "perioden", "periods"),
            time["first"].as_str().unwrap(),
            time["last"].as_str().unwrap()
        );
        has(part, &line, &name);
        // the outcome is the count model's observed count, not the 0/1 label
        let target = s["target"].as_str().unwrap();
        assert_eq!(target, "incidents");
        let t = table(
            part,
            &format!(
                "{} {target} {}",
                pick(nl, "Samenhang met", "Relation with"),
                pick(nl, "over de tijd", "over time")
            ),
        );
        for x in trends {
            let found = row(t, &escaped(x["feature"].as_str().unwrap()));
            let overall = &x["overall"];
            let mut wants = vec![signed(f(&overall["r"]), 3, nl), r_interval(overall, nl)];
            match x["within_periods"].as_object() {
                Some(_) => {
                    let w = &x["within_periods"];
                    wants.push(signed(f(&w["r"]), 3, nl));
                    wants.push(r_interval(w, nl));
                }
                None => wants.push(pick(nl, "één rij per periode", "one row per period").into()),
            }
            let series = &x["series"];
            for key in ["raw", "differenced", "detrended"] {
                if let Some(c) = series[key].as_object() {
                    wants.push(signed(c["r"].as_f64().unwrap(), 3, nl));
                }
            }
            if let Some(n) = series["effective_points"].as_f64() {
                wants.push(num(n, 1, nl));
            }
            for want in &wants {
                has(found, want, &name);
            }
            let flagged = x["judgement"]["verdict"] == "flagged";
            assert_eq!(found.contains("class=\"flagged\""), flagged, "{name}");
        }
        // The manifest names the model's inputs: yes and no, as in the record.
        let assoc = spurious_part(&html, "spurious-associations");
        for a in list(&s["associations"]) {
            let found = row(assoc, &escaped(a["feature"].as_str().unwrap()));
            has(found, input_words(&a["model_input"], nl), &name);
        }
    }
}

#[test]
fn time_line_says_whether_a_time_column_was_named() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let named = r["spurious"]["time"].is_object();
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let part = spurious_part(&html, "spurious-trends");
            let none = pick(
                nl,
                "Het manifest noemt geen tijdkolom",
                "The manifest names no time column",
            );
            assert_eq!(part.contains(none), !named, "{name}");
            assert_eq!(
                part.contains(pick(nl, "Tijdkolom:", "Time column:")),
                named,
                "{name}"
            );
        }
    }
}

#[test]
fn stability_has_one_row_per_split_and_names_only_reversing_strata() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let stability = list(&r["spurious"]["stability"]);
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let part = spurious_part(&html, "spurious-stability");
            if stability.is_empty() {
                assert!(!part.contains("<table"), "{name}");
                continue;
            }
            let body = &part[part.find("<tbody>").unwrap()..];
            // One row per (feature, split), never one per stratum.
            assert_eq!(
                body.matches("<th scope=\"row\">").count(),
                stability.len(),
                "{name}"
            );
            for st in stability {
                let feature = escaped(st["feature"].as_str().unwrap());
                let by_col = escaped(st["by"].as_str().unwrap());
                let found = rows(body, &feature)
                    .into_iter()
                    .find(|x| x.contains(&format!(">{by_col}<")))
                    .unwrap_or_else(|| panic!("{name}: {feature} by {by_col}"));
                let strata = list(&st["strata"]);
                let judged = strata
                    .iter()
                    .filter(|x| x["correlation"].is_object())
                    .count();
                let of = format!("{judged} {} {}", pick(nl, "van", "of"), strata.len());
                has(found, &of, &name);
                if let Some(h) = st["heterogeneity"].as_object() {
                    has(found, &pct(h["i_squared"].as_f64().unwrap(), nl), &name);
                }
                let flips: Vec<&str> = list(&st["sign_flips"])
                    .iter()
                    .map(|x| x.as_str().unwrap())
                    .collect();
                let small = |n: &str| {
                    strata
                        .iter()
                        .find(|x| x["stratum"] == n)
                        .is_some_and(|x| (1..10).contains(&x["rows"].as_u64().unwrap()))
                };
                let shown = |n: &str| {
                    if small(n) {
                        pick(
                            nl,
                            "een groep met minder dan 10 rijen",
                            "a group with fewer than 10 rows",
                        )
                        .to_string()
                    } else {
                        escaped(n)
                    }
                };
                let place = match st["rests_on"].as_str() {
                    Some(x) => format!("{} {}", pick(nl, "hangt aan", "rests on"), shown(x)),
                    None if !flips.is_empty() => {
                        let mut names: Vec<String> = Vec::new();
                        for n in flips.iter().map(|n| shown(n)) {
                            if !names.contains(&n) {
                                names.push(n);
                            }
                        }
                        let names: Vec<&str> = names.iter().map(String::as_str).collect();
                        format!(
                            "{} {}",
                            pick(nl, "keert om in", "reverses in"),
                            joined(&names, nl)
                        )
                    }
                    None => "—".to_string(),
                };
                has(found, &format!(">{place}<"), &name);
                let flagged = st["judgement"]["verdict"] == "flagged";
                assert_eq!(found.contains("class=\"flagged\""), flagged, "{name}");
            }
        }
    }
}

#[test]
fn proxy_tables_and_the_reconstruction_sentence() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let part = spurious_part(&html, "spurious-proxies");
            for a in list(&r["spurious"]["proxies"]) {
                let attribute = a["attribute"].as_str().unwrap();
                let caption = format!(
                    "{} {attribute} ({} {})",
                    pick(nl, "Vervangers van", "Stand-ins for"),
                    a["groups"],
                    pick(nl, "groepen", "groups")
                );
                let t = table(part, &caption);
                for x in list(&a["features"]) {
                    let found = row(t, &escaped(x["feature"].as_str().unwrap()));
                    if x["rows"].as_u64().unwrap() < 10 {
                        assert_suppressed(found, &name);
                        continue;
                    }
                    let v = &x["cramers_v"];
                    if let Some(value) = v["value"].as_f64() {
                        has(found, &num(value, 3, nl), &name);
                    }
                    if v["boot_low"].is_number() {
                        let interval = range(v, "boot_low", "boot_high", |y| num(y, 3, nl));
                        has(found, &format!("{interval} · bootstrap"), &name);
                    }
                    has(found, input_words(&x["model_input"], nl), &name);
                    let flagged = x["judgement"]["verdict"] == "flagged";
                    assert_eq!(found.contains("class=\"flagged\""), flagged, "{name}");
                }
                let Some(rc) = a["reconstruction"].as_object() else {
                    continue;
                };
                let features: Vec<String> = rc["features"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| escaped(x.as_str().unwrap()))
                    .collect();
                let features: Vec<&str> = features.iter().map(String::as_str).collect();
                let (accuracy, rows_n, baseline, kappa) = (
                    pct(rc["accuracy"].as_f64().unwrap(), nl),
                    count(rc["rows"].as_u64().unwrap(), nl),
                    pct(rc["baseline"].as_f64().unwrap(), nl),
                    num(rc["kappa"].as_f64().unwrap(), 2, nl),
                );
                let names = joined(&features, nl);
                let start = match (features.len(), nl) {
                    (1, true) => format!("Alleen al {names} voorspelt"),
                    (1, false) => format!("{names} alone predicts"),
                    (_, true) => format!("Samen voorspellen {names}"),
                    (_, false) => format!("Together, {names} predict"),
                };
                let sentence = if nl {
                    format!(
                        "{start} {attribute} goed voor {accuracy} van de {rows_n} rijen (door de grootste \
                         groep te gokken: {baseline}; Cohens κ {kappa}"
                    )
                } else {
                    format!(
                        "{start} {attribute} right for {accuracy} of {rows_n} rows (guessing the largest \
                         group: {baseline}; Cohen’s κ {kappa}"
                    )
                };
                has(after(part, t), &sentence, &name);
            }
        }
    }
}

#[test]
fn findings_list_shows_the_spurious_findings() {
    let reg = copy_register();
    with_time_column(reg.path());
    demo(reg.path());
    let mut shown = 0;
    for id in IDS {
        let r = record(reg.path(), id);
        let findings = list(&r["findings"]);
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let ul = findings_list(&html);
            for x in findings.iter().filter(|x| x["audit"] == "spurious") {
                has(
                    ul,
                    &escaped(x[pick(nl, "text_nl", "text_en")].as_str().unwrap()),
                    &name,
                );
                shown += 1;
            }
            // No spurious finding in the shipped data names a stratum of 1–9 rows: none is left out.
            assert_eq!(ul.matches("<li>").count(), findings.len(), "{name}");
        }
    }
    assert!(shown > 0, "the example data has spurious findings to show");
}

#[test]
fn script_in_a_column_name_is_escaped() {
    let reg = copy_register();
    let csv = reg.path().join("models/hotspot-tilburg/cells.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let evil = "<script>alert(1)</script>";
    let (header, rest) = text.split_once('\n').unwrap();
    assert!(header.contains(",lamp_posts,"));
    let header = header.replace(",lamp_posts,", &format!(",{evil},"));
    std::fs::write(&csv, format!("{header}\n{rest}")).unwrap();
    demo(reg.path());
    let r = record(reg.path(), "hotspot-tilburg");
    by(&r["spurious"]["associations"], "feature", evil);
    for (name, _) in pages("hotspot-tilburg") {
        let html = page(reg.path(), &name);
        assert!(only_the_sites_script(&html), "{name}: a raw script tag");
        let s = spurious(&html);
        let safe = escaped(evil);
        row(spurious_part(&html, "spurious-associations"), &safe);
        assert!(
            s.matches(&format!("<th scope=\"row\">{safe}</th>")).count() >= 3,
            "{name}: escaped in the association, stability and proxy tables"
        );
    }
}

#[test]
fn subgroup_policy_line_counts_only_its_own_comparisons() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let own = r["verdict"]["comparisons_tested"].as_u64().unwrap()
            - r["sampling"]["comparisons_tested"].as_u64().unwrap()
            - r["spurious"]["comparisons_tested"].as_u64().unwrap();
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let audit = &html[html.find("<section aria-labelledby=\"audit\">").unwrap()..];
            let line = if nl {
                format!("-correctie over {own} vergelijkingen;")
            } else {
                format!(" correction over {own} comparisons;")
            };
            has(audit, &line, &name);
        }
    }
}

/// The placebo part: one row per column with its importance (a share of the spread, "< 0.1%" below
/// 0.05%) and whether it clears the noise, and the noise floor row with the surrogate's R².
#[test]
fn placebo_table_shows_each_importance_against_the_noise_floor() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let p = &r["spurious"]["placebo"];
        let share = |x: f64, nl: bool| {
            if x.abs() < 0.0005 {
                format!("&lt; {}", pct(0.001, nl))
            } else {
                pct(x, nl)
            }
        };
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let part = spurious_part(&html, "spurious-placebo");
            has(
                part,
                pick(
                    nl,
                    "Op welke kolommen leunt het model?",
                    "Which columns does the model lean on?",
                ),
                &name,
            );
            has(
                part,
                &format!(
                    "{} {} (R²)",
                    pct(f(&p["r_squared"]).max(0.0), nl),
                    pick(nl, "van wat het model doet", "of what the model does")
                ),
                &name,
            );
            for x in list(&p["features"]) {
                let found = row(part, &escaped(x["feature"].as_str().unwrap()));
                has(found, &share(f(&x["importance"]), nl), &name);
                let words = if x["above_noise"] == true {
                    pick(
                        nl,
                        "ja, boven de toevalskolommen",
                        "yes, above the chance columns",
                    )
                } else {
                    pick(nl, "nee, niet boven toeval", "no, not above chance")
                };
                has(found, words, &name);
            }
            let floor = row(
                part,
                pick(nl, "hoogste toevalskolom", "highest chance column"),
            );
            has(floor, &share(f(&p["noise_floor"]), nl), &name);
            has(
                floor,
                &format!("R² {}", num(f(&p["r_squared"]), 3, nl)),
                &name,
            );
        }
    }
}
