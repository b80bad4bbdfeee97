//! The entry pages' section on the spurious-correlation audit ("Zegt een kolom echt iets over de
//! uitkomst?"): the chance statement, the association, leak, trend, stability and proxy tables, and the
//! spurious findings in the findings list, each as in the stored record. Expected texts are formatted
//! here from the record JSON, not by calling the view code; nothing assumes which findings the example
//! data has.

mod common;

use std::path::Path;

use common::site::*;
use common::*;

const IDS: [&str; 2] = ["foundation-risk-zaandam", "hotspot-tilburg"];

/// The spurious section of a page, up to its `</section>`.
fn spurious(html: &str) -> &str {
    let start = html
        .find("<section aria-labelledby=\"spurious\">")
        .expect("a spurious section");
    &html[start..start + html[start..].find("</section>").unwrap()]
}

/// One part of the spurious section: from its heading to the next `<h3`.
fn spurious_part<'a>(html: &'a str, id: &str) -> &'a str {
    let s = spurious(html);
    let start = s.find(&format!("<h3 id=\"{id}\"")).expect(id);
    let end = s[start + 3..]
        .find("<h3")
        .map_or(s.len(), |i| start + 3 + i);
    &s[start..end]
}

/// A correlation as the page shows it: explicit sign, real minus, zero without a sign.
fn signed(x: f64, decimals: usize, nl: bool) -> String {
    let s = num(x.abs(), decimals, nl);
    if s == num(0.0, decimals, nl) {
        s
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

/// A correlation's interval: "−0,369 tot −0,297" (signed bounds are joined by words).
fn r_interval(c: &Json, nl: bool) -> String {
    let (lo, hi) = (
        signed(f(&c["ci_low"]), 3, nl),
        signed(f(&c["ci_high"]), 3, nl),
    );
    format!("{lo} {} {hi}", pick(nl, "tot", "to"))
}

/// A p-value, escaped as on the page: "&lt; 0,0001" or "0,0417".
fn p_shown(p: &Json, nl: bool) -> String {
    let p = f(p);
    if p < 1e-4 {
        format!("&lt; {}", num(1e-4, 4, nl))
    } else {
        num(p, 4, nl)
    }
}

fn association_verdict(verdict: &Json, nl: bool) -> &'static str {
    match verdict.as_str().unwrap() {
        "flagged" => pick(nl, "samenhang", "related"),
        "within_band" | "outside_band_not_significant" => pick(
            nl,
            "geen samenhang na correctie",
            "not related after correction",
        ),
        "too_few_rows" => pick(
            nl,
            "te weinig rijen om te oordelen",
            "too few rows to judge",
        ),
        "undefined" => pick(nl, "niet te bepalen", "cannot be determined"),
        other => panic!("association verdict {other}"),
    }
}

fn input_words(input: &Json, nl: bool) -> &'static str {
    match input.as_bool() {
        Some(true) => pick(nl, ">ja<", ">yes<"),
        Some(false) => pick(nl, ">nee<", ">no<"),
        None => pick(nl, ">onbekend<", ">unknown<"),
    }
}

/// "a, b en c" / "a, b and c".
fn joined(names: &[&str], nl: bool) -> String {
    match names {
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), pick(nl, "en", "and")),
        [] => String::new(),
    }
}

/// Makes the hotspot manifest name `week` as the time column and the model's inputs, adding to its
/// `[spurious]` table when it has one.
fn with_time_column(reg: &Path) {
    let path = reg.join("models/hotspot-tilburg/model.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let Some(at) = text.find("\n[spurious]\n") else {
        append_line(
            &path,
            "\n[spurious]\ntime = \"week\"\ninputs = [\"incidents_lag1\", \"incidents_lag4_mean\"]",
        );
        return;
    };
    let head = at + "\n[spurious]\n".len();
    let table = &text[head..];
    let table = &table[..table.find("\n[").map_or(table.len(), |i| i + 1)];
    let mut lines = String::new();
    if !table.contains("time =") {
        lines.push_str("time = \"week\"\n");
    }
    if !table.contains("inputs =") {
        lines.push_str("inputs = [\"incidents_lag1\", \"incidents_lag4_mean\"]\n");
    }
    std::fs::write(&path, format!("{}{lines}{}", &text[..head], &text[head..])).unwrap();
}

#[test]
fn section_stands_after_sampling_in_both_languages() {
    let reg = published();
    for id in IDS {
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let sampling = html.find("<section aria-labelledby=\"sampling\">").unwrap();
            let here = html.find("<section aria-labelledby=\"spurious\">").unwrap();
            let evidence = html.find("<section aria-labelledby=\"evidence\">").unwrap();
            assert!(sampling < here && here < evidence, "{name}: section order");
            let s = spurious(&html);
            has(
                s,
                pick(
                    nl,
                    "Zegt een kolom echt iets over de uitkomst?",
                    "Does a column really say something about the outcome?",
                ),
                &name,
            );
            has(s, pick(nl, "schijnverband", "spurious correlation"), &name);
            for id in [
                "spurious-associations",
                "spurious-leakage",
                "spurious-trends",
                "spurious-stability",
                "spurious-proxies",
            ] {
                has(s, &format!("<h3 id=\"{id}\""), &name);
            }
        }
    }
}

#[test]
fn policy_line_and_chance_statement_come_from_the_record() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let (p, s) = (&r["policy"], &r["spurious"]);
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let section = spurious(&html);
            for want in [
                format!(
                    "AUC {} {}",
                    pick(nl, "van", "of"),
                    num(f(&p["leakage_auc"]), 2, nl)
                ),
                format!("V {}", num(f(&p["proxy_strength"]), 2, nl)),
                format!("{}%", num(f(&p["trend_collapse"]) * 100.0, 0, nl)),
                format!("α = {}", num(f(&p["alpha"]), 2, nl)),
                format!(
                    "({} {}",
                    s["comparisons_tested"],
                    pick(nl, "toetsen in dit deel", "tests in this part")
                ),
            ] {
                has(section, &escaped(&want), &name);
            }
            let alpha = num(f(&p["alpha"]), 2, nl);
            let expected = num(f(&s["expected_by_chance"]), 1, nl);
            let (tested, before, after, target) = (
                &s["features_tested"],
                &s["significant_uncorrected"],
                &s["significant_corrected"],
                s["target"].as_str().unwrap(),
            );
            let chance = if nl {
                format!(
                    "Van de {tested} geteste kolommen hangen er {before} samen met {target} bij p < {alpha} \
                     zonder correctie; door toeval alleen verwacht je er {expected}. Na correctie voor het \
                     aantal toetsen blijven er {after} over."
                )
            } else {
                format!(
                    "Of the {tested} columns tested, {before} are related to {target} at p < {alpha} before \
                     correction; chance alone would give about {expected}. After correcting for the number of \
                     tests, {after} remain."
                )
            };
            has(section, &escaped(&chance), &name);
            // The statement stands before the first table.
            let at = section.find(&escaped(&chance)).unwrap();
            assert!(at < section.find("<table").unwrap(), "{name}");
        }
    }
}

#[test]
fn build_year_row_matches_the_record() {
    let reg = published();
    let r = record(reg.path(), "foundation-risk-zaandam");
    let a = by(&r["spurious"]["associations"], "feature", "build_year");
    assert_eq!(a["measure"], "auc");
    let (auc, rho) = (&a["effect"], &a["spearman"]);
    for (name, nl) in pages("foundation-risk-zaandam") {
        let html = page(reg.path(), &name);
        let part = spurious_part(&html, "spurious-associations");
        let t = table(
            part,
            pick(
                nl,
                "Samenhang met damage_found",
                "Relation with damage_found",
            ),
        );
        let found = row(t, "build_year");
        for want in [
            format!("AUC {}", num(f(&auc["value"]), 3, nl)),
            ci(auc, 3, nl),
            signed(f(&rho["r"]), 3, nl),
            r_interval(rho, nl),
            num(f(&a["mutual_information_bits"]), 3, nl),
            p_shown(&a["judgement"]["p_adjusted"], nl),
            count(a["rows"].as_u64().unwrap(), nl),
            association_verdict(&a["judgement"]["verdict"], nl).to_string(),
            input_words(&a["model_input"], nl).to_string(),
        ] {
            has(found, &want, &name);
        }
        if nl {
            assert!(
                !found.contains(&num(f(&auc["value"]), 3, false)),
                "decimal comma in Dutch"
            );
        }
    }
}

#[test]
fn every_association_has_a_row_with_its_strength_and_verdict() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let s = &r["spurious"];
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let part = spurious_part(&html, "spurious-associations");
            let caption = format!(
                "{} {} — {}",
                pick(nl, "Samenhang met", "Relation with"),
                s["target"].as_str().unwrap(),
                count(s["labelled_rows"].as_u64().unwrap(), nl)
            );
            let t = table(part, &caption);
            for a in list(&s["associations"]) {
                let feature = escaped(a["feature"].as_str().unwrap());
                let found = row(t, &feature);
                let effect = &a["effect"];
                let measure = match a["measure"].as_str().unwrap() {
                    "auc" => "AUC",
                    _ => pick(nl, "Cramérs V", "Cramér’s V"),
                };
                if a["rows"].as_u64().unwrap() < 10 {
                    assert_suppressed(found, &name);
                    continue;
                }
                if let Some(v) = effect["value"].as_f64() {
                    has(found, &format!("{measure} {}", num(v, 3, nl)), &name);
                }
                if effect["ci_low"].is_number() {
                    has(found, &ci(effect, 3, nl), &name);
                } else if effect["boot_low"].is_number() {
                    let interval = range(effect, "boot_low", "boot_high", |x| num(x, 3, nl));
                    has(found, &format!("{interval} · bootstrap"), &name);
                }
                has(
                    found,
                    association_verdict(&a["judgement"]["verdict"], nl),
                    &name,
                );
            }
            // The columns left out are listed with their reason.
            for k in list(&s["skipped"]) {
                has(
                    part,
                    &format!("<code>{}</code>", escaped(k["feature"].as_str().unwrap())),
                    &name,
                );
            }
        }
    }
}

#[test]
fn leak_rows_or_the_no_leak_line() {
    let reg = published();
    for id in IDS {
        let r = record(reg.path(), id);
        let leakage = list(&r["spurious"]["leakage"]);
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let part = spurious_part(&html, "spurious-leakage");
            let none = pick(
                nl,
                "Geen kolom verraadt de uitkomst.",
                "No column gives the outcome away.",
            );
            assert_eq!(part.contains(none), leakage.is_empty(), "{name}");
            assert_eq!(part.contains("<table"), !leakage.is_empty(), "{name}");
            for l in leakage {
                let feature = escaped(l["feature"].as_str().unwrap());
                let same = leakage
                    .iter()
                    .filter(|x| x["feature"] == l["feature"])
                    .count();
                let found = rows(part, &feature);
                assert_eq!(found.len(), same, "{name}: {feature}");
                let value = f(&l["value"]);
                let shown = match l["kind"].as_str().unwrap() {
                    "nearly_determines_outcome" | "identifier_like" => {
                        format!("AUC {}", num(value, 3, nl))
                    }
                    _ => format!("{} {}", pct(value, nl), pick(nl, "leeg", "empty")),
                };
                assert!(found.iter().any(|x| x.contains(&shown)), "{name}: {shown}");
                let flagged = l["judgement"]["verdict"] == "flagged";
                assert_eq!(
                    found.iter().any(|x| x.contains("class=\"flagged\"")),
                    flagged,
                    "{name}: {feature}"
                );
            }
        }
    }
}

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
        let t = table(
            part,
            pick(
                nl,
                "Samenhang met hotspot over de tijd",
                "Relation with hotspot over time",
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
            let start = html
                .find("<ul class=\"findings\">")
                .expect("a findings list");
            let ul = &html[start..start + html[start..].find("</ul>").unwrap()];
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
