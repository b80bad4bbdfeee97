//! The entry pages' section on the sampling audit ("Is de data een eerlijk beeld?"): who carries a
//! label, representativeness, reporting rates and drift, each as in the stored record, never the
//! numbers of a group with fewer than 10 rows, and data markup escaped. Expected texts are computed
//! here from the stored record JSON, not by calling the view code.

mod common;

use std::path::Path;

use common::*;

type Json = serde_json::Value;

fn append_line(path: &Path, line: &str) {
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push_str(line);
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

/// Runs `algoreg demo --out site` in `reg` (audits every model, then publishes).
fn demo(reg: &Path) {
    algoreg()
        .current_dir(reg)
        .args(["demo", "--out", "site"])
        .assert()
        .code(0);
}

fn published() -> tempfile::TempDir {
    let reg = copy_register();
    demo(reg.path());
    reg
}

fn page(reg: &Path, name: &str) -> String {
    std::fs::read_to_string(reg.join("site").join(name)).unwrap()
}

fn record(reg: &Path, id: &str) -> Json {
    let text = std::fs::read_to_string(reg.join("audits").join(id).join("audit.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The Dutch and the English page of a model, each with "is Dutch".
fn pages(id: &str) -> [(String, bool); 2] {
    [
        (format!("{id}.html"), true),
        (format!("{id}.en.html"), false),
    ]
}

fn pick(nl: bool, dutch: &'static str, english: &'static str) -> &'static str {
    if nl { dutch } else { english }
}

/// `x` with `decimals` decimals, with a decimal comma in Dutch.
fn num(x: f64, decimals: usize, nl: bool) -> String {
    let s = format!("{x:.decimals$}");
    if nl { s.replace('.', ",") } else { s }
}

fn pct(x: f64, nl: bool) -> String {
    format!("{}%", num(x * 100.0, 1, nl))
}

/// A count with grouping: 12000 → "12.000" (nl) / "12,000" (en).
fn count(n: u64, nl: bool) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(if nl { '.' } else { ',' });
        }
        out.push(c);
    }
    out
}

/// "0,43–0,53": the interval `lo`–`hi` of an estimate, formatted by `fmt`.
fn range(e: &Json, lo: &str, hi: &str, fmt: impl Fn(f64) -> String) -> String {
    format!("{}–{}", fmt(f(&e[lo])), fmt(f(&e[hi])))
}

/// "0,43–0,53": an estimate's closed-form interval with `decimals` decimals.
fn ci(e: &Json, decimals: usize, nl: bool) -> String {
    range(e, "ci_low", "ci_high", |x| num(x, decimals, nl))
}

/// What tera's autoescape makes of a text from the data.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[track_caller]
fn has(hay: &str, needle: &str, what: &str) {
    assert!(hay.contains(needle), "{what}: {needle:?} not in {hay}");
}

/// The sampling section of a page, up to the next section.
fn section(html: &str) -> &str {
    let start = html
        .find("<section aria-labelledby=\"sampling\">")
        .expect("a sampling section");
    &html[start..start + html[start..].find("</section>").unwrap()]
}

/// One part of the sampling section: from its heading to the next `<h3`.
fn part<'a>(html: &'a str, id: &str) -> &'a str {
    let s = section(html);
    let start = s.find(&format!("<h3 id=\"{id}\"")).expect(id);
    let end = s[start + 3..]
        .find("<h3")
        .map_or(s.len(), |i| start + 3 + i);
    &s[start..end]
}

/// The `<table>` whose caption starts with `caption`, up to its `</table>`.
fn table<'a>(html: &'a str, caption: &str) -> &'a str {
    let start = html.find(&format!("<caption>{caption}")).expect(caption);
    &html[start..start + html[start..].find("</table>").unwrap()]
}

/// The one table row of `html` whose row header is exactly `label`.
fn row<'a>(html: &'a str, label: &str) -> &'a str {
    let header = format!("<th scope=\"row\">{label}</th>");
    let found: Vec<&str> = html
        .match_indices(&header)
        .map(|(i, _)| {
            let start = html[..i].rfind("<tr").unwrap();
            &html[start..i + html[i..].find("</tr>").unwrap()]
        })
        .collect();
    assert_eq!(found.len(), 1, "one row {label:?}");
    found[0]
}

/// The paragraph right after a table (its test line).
fn after<'a>(html: &'a str, table: &str) -> &'a str {
    let start = html.find(table).unwrap() + table.len();
    let p = start + html[start..].find("<p class=\"small\">").unwrap();
    &html[p..p + html[p..].find("</p>").unwrap()]
}

/// A row that shows only the suppression text: no number cells, no percentages.
#[track_caller]
fn assert_suppressed(row: &str, what: &str) {
    assert!(
        row.contains("minder dan 10 rijen") || row.contains("fewer than 10 rows"),
        "{what}: suppression text in {row}"
    );
    assert!(!row.contains("class=\"num\""), "{what}: numbers in {row}");
    assert!(!row.contains('%'), "{what}: percentages in {row}");
}

fn list(v: &Json) -> &Vec<Json> {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}"))
}

fn by<'a>(items: &'a Json, key: &str, value: &str) -> &'a Json {
    list(items)
        .iter()
        .find(|x| x[key] == value)
        .unwrap_or_else(|| panic!("{key} = {value}"))
}

/// "χ² = 224,36 (df 11), p &lt; 0,0001", as escaped on the page.
fn test_text(symbol: &str, t: &Json, nl: bool) -> String {
    let p = f(&t["p_value"]);
    let p = if p < 1e-4 {
        format!("< {}", num(1e-4, 4, nl))
    } else {
        format!("= {}", num(p, 4, nl))
    };
    let (stat, df) = (num(f(&t["statistic"]), 2, nl), &t["df"]);
    escaped(&format!("{symbol} = {stat} (df {df}), p {p}"))
}

fn verdict_words(verdict: &Json, nl: bool) -> &'static str {
    match verdict.as_str().unwrap() {
        "flagged" => pick(nl, "⚑ afwijking", "⚑ finding"),
        "within_band" => pick(nl, "binnen de band", "within the band"),
        "too_few_rows" => pick(
            nl,
            "te weinig rijen om te oordelen",
            "too few rows to judge",
        ),
        other => panic!("verdict {other} not expected here"),
    }
}

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
    has(
        t,
        "reference group Oost (the group with the most person-years)",
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
        if label == "Oost" {
            wants.push(">reference<".to_string());
        } else {
            wants.push(num(f(&g["ratio"]["value"]), 2, false));
            wants.push(ci(&g["ratio"], 2, false));
        }
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
        has(
            caption,
            &format!("PSI {}", num(f(&drift["psi_floor"]), 2, nl)),
            &name,
        );
        for feat in list(&drift["features"]) {
            let label = feat["feature"].as_str().unwrap();
            let found = row(t, label);
            let psi = &feat["psi"];
            let interval = range(psi, "boot_low", "boot_high", |x| num(x, 3, nl));
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
                format!("{interval} · bootstrap"),
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
            let start = html
                .find("<ul class=\"findings\">")
                .expect("a findings list");
            let ul = &html[start..start + html[start..].find("</ul>").unwrap()];
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

/// Renames the `column` value of the first `k` data rows of a CSV that `choose` accepts.
fn rename_rows(
    csv: &Path,
    column: &str,
    k: usize,
    to: &str,
    choose: impl Fn(&[&str], &str) -> bool,
) {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let col = names.iter().position(|c| *c == column).unwrap();
    let (mut out, mut renamed) = (vec![header.to_string()], 0);
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if renamed < k && choose(&names, line) {
            cells[col] = to.to_string();
            renamed += 1;
        }
        out.push(cells.join(","));
    }
    std::fs::write(csv, out.join("\n") + "\n").unwrap();
}

#[test]
fn groups_below_ten_rows_show_no_numbers_in_the_sampling_tables() {
    let reg = copy_register();
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
