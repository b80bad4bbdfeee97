//! The entry pages' sections on how algoreg trained the model ("Hoe het model is gemaakt") and on the
//! feedback-loop simulation ("Wat gebeurt er als handhavers het model volgen"): on the right pages in
//! both languages, with the record's numbers formatted per language, an accessible chart, and no
//! markup from the record reaching the page. Expected texts are formatted here from the record JSON,
//! not by calling the view code.

mod common;

use std::path::Path;

use algoreg::register::Register;
use algoreg::register::training::train_model;
use common::site::*;
use common::*;

const FOUNDATION: &str = "foundation-risk-zaandam";
const HOTSPOT: &str = "hotspot-tilburg";

/// A copy of the shipped register: every model trained, audited and stored, and the site published
/// into `site/`.
fn published_register() -> tempfile::TempDir {
    let reg = copy_register();
    let register = Register::new(reg.path());
    for dir in register.model_dirs().unwrap() {
        train_model(&dir, &algoreg::progress::Silent).unwrap();
        register.audit_and_store(&dir).unwrap();
    }
    publish(reg.path());
    reg
}

fn publish(reg: &Path) {
    let pages = algoreg::site::publish(&Register::new(reg), &reg.join("site"), None).unwrap();
    for stem in ["index", FOUNDATION, HOTSPOT] {
        for name in [format!("{stem}.html"), format!("{stem}.en.html")] {
            assert!(reg.join("site").join(&name).is_file(), "{name} missing");
        }
    }
    assert!(pages > 6, "filter, search and report pages too");
}

/// Rewrites the stored record of `id` and publishes again.
fn edit_record(reg: &Path, id: &str, edit: impl FnOnce(&mut Json)) {
    let path = reg.join("audits").join(id).join("audit.json");
    let mut r: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut r);
    std::fs::write(&path, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    publish(reg);
}

/// The `<section>` labelled `id`, up to its `</section>`, if the page has one.
fn section_of<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section aria-labelledby=\"{id}\">"))?;
    Some(&html[start..start + html[start..].find("</section>").unwrap()])
}

fn training(html: &str) -> &str {
    section_of(html, "training").expect("a training section")
}

fn feedback(html: &str) -> &str {
    section_of(html, "feedback").expect("a feedback section")
}

fn position(html: &str, id: &str) -> usize {
    html.find(&format!("<section aria-labelledby=\"{id}\">"))
        .unwrap_or_else(|| panic!("section {id}"))
}

/// The `<li>` texts of the feedback section's result list.
fn results(section: &str) -> Vec<&str> {
    findings_list(section)
        .split("<li>")
        .skip(1)
        .map(|item| &item[..item.find("</li>").unwrap()])
        .collect()
}

/// A difference of shares in percentage points with its sign: "+6,3", "−0,1".
fn points(x: f64, nl: bool) -> String {
    let s = num((x * 100.0).abs(), 1, nl);
    if s == num(0.0, 1, nl) {
        s
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

/// A growth interval in points: "5,0–7,6", or with a negative bound "−0,1 tot +3,9".
fn points_range(lo: f64, hi: f64, nl: bool) -> String {
    if lo >= 0.0 {
        format!("{}–{}", num(lo * 100.0, 1, nl), num(hi * 100.0, 1, nl))
    } else {
        format!(
            "{} {} {}",
            points(lo, nl),
            pick(nl, "tot", "to"),
            points(hi, nl)
        )
    }
}

/// A metric's label in the quality table.
fn metric_label(name: &str, nl: bool) -> &'static str {
    match name {
        "auc" => pick(nl, "Onderscheidend vermogen (AUC)", "Discrimination (AUC)"),
        "brier" => pick(nl, "Brier-score", "Brier score"),
        "log_loss" => pick(nl, "Log-loss", "Log loss"),
        "mean_poisson_deviance" => {
            pick(nl, "Gemiddelde Poisson-deviantie", "Mean Poisson deviance")
        }
        "deviance_explained" => pick(nl, "Verklaarde deviantie", "Deviance explained"),
        "mae" => pick(
            nl,
            "Gemiddelde absolute fout (MAE)",
            "Mean absolute error (MAE)",
        ),
        other => panic!("metric {other}"),
    }
}

/// A metric's value as the quality table writes it: a share as a percentage, else three decimals.
fn metric_value(name: &str, x: f64, nl: bool) -> String {
    if name == "deviance_explained" {
        pct(x, nl)
    } else {
        num(x, 3, nl)
    }
}

#[test]
fn both_sections_stand_on_the_right_pages_in_a_sensible_order() {
    let reg = published_register();
    for (id, simulated) in [(FOUNDATION, false), (HOTSPOT, true)] {
        let r = record(reg.path(), id);
        assert!(r["training"].is_object(), "{id}: the record holds training");
        assert_eq!(r["feedback"].is_object(), simulated, "{id}: feedback");
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let t = training(&html);
            has(
                t,
                pick(nl, "Hoe het model is gemaakt", "How the model was made"),
                &name,
            );
            // Training comes before the audit sections; the simulation after the sampling section.
            assert!(
                position(&html, "training") < position(&html, "audit"),
                "{name}"
            );
            match section_of(&html, "feedback") {
                Some(fb) => {
                    assert!(simulated, "{name}: a feedback section without a simulation");
                    has(
                        fb,
                        pick(
                            nl,
                            "Wat gebeurt er als handhavers het model volgen",
                            "What happens when wardens follow the model",
                        ),
                        &name,
                    );
                    assert!(
                        position(&html, "sampling") < position(&html, "feedback"),
                        "{name}"
                    );
                }
                None => assert!(!simulated, "{name}: no feedback section"),
            }
            let lang = if nl {
                "<html lang=\"nl\">"
            } else {
                "<html lang=\"en\">"
            };
            has(&html, lang, &name);
        }
    }
}

#[test]
fn training_numbers_are_the_records_formatted_per_language() {
    let reg = published_register();
    for id in [FOUNDATION, HOTSPOT] {
        let r = record(reg.path(), id);
        let tr = &r["training"];
        let split = &tr["split"];
        for (name, nl) in pages(id) {
            let html = page(reg.path(), &name);
            let t = training(&html);
            let algorithm = match tr["algorithm"].as_str().unwrap() {
                "logistic" => pick(nl, "logistische regressie", "logistic regression"),
                "poisson" => pick(nl, "Poisson-regressie", "Poisson regression"),
                other => panic!("algorithm {other}"),
            };
            has(t, algorithm, &name);
            for feature in list(&tr["features"]) {
                has(t, &escaped(feature.as_str().unwrap()), &name);
            }
            let rows = |key: &str| count(split[key].as_u64().unwrap(), nl);
            let learned = if nl {
                format!(
                    "Van de {} rijen leerde het model van {}.",
                    rows("rows"),
                    rows("train_rows")
                )
            } else {
                format!(
                    "Of the {} rows, the model learned from {}.",
                    rows("rows"),
                    rows("train_rows")
                )
            };
            has(t, &learned, &name);
            let held = if nl {
                format!("De andere {} rijen hield het apart", rows("test_rows"))
            } else {
                format!("It held the other {} rows back", rows("test_rows"))
            };
            has(t, &held, &name);
            let negative = pick(nl, "‘geen schade’", "‘no damage’");
            assert_eq!(
                t.contains(negative),
                tr["unlabelled"] == "negative",
                "{name}: the note on unlabelled rows counted as negative"
            );
            let quality = table(t, pick(nl, "Kwaliteit op de apart", "Quality on the rows"));
            let metrics = list(&tr["quality"]["metrics"]);
            assert!(!metrics.is_empty(), "{id}: quality metrics");
            for m in metrics {
                let metric = m["name"].as_str().unwrap();
                let found = row(quality, metric_label(metric, nl));
                let value = |key: &str| metric_value(metric, f(&m[key]), nl);
                has(
                    found,
                    &format!("<td class=\"num\">{}</td>", value("value")),
                    &name,
                );
                let ci = format!("{}–{}", value("ci_low"), value("ci_high"));
                has(found, &format!("<td class=\"num\">{ci}</td>"), &name);
                has(
                    found,
                    &format!("<td class=\"num\">{}</td>", value("baseline")),
                    &name,
                );
            }
            for a in list(&tr["artifacts"]) {
                has(t, &escaped(a["path"].as_str().unwrap()), &name);
                has(t, a["sha256"].as_str().unwrap(), &name);
            }
            has(t, &format!("<code>algoreg train models/{id}</code>"), &name);
        }
    }
    // The held-out AUC of the foundation model, with a decimal comma in Dutch and a point in English.
    let r = record(reg.path(), FOUNDATION);
    let auc = list(&r["training"]["quality"]["metrics"])
        .iter()
        .find(|m| m["name"] == "auc")
        .expect("an AUC");
    let (dutch, english) = (
        num(f(&auc["value"]), 3, true),
        num(f(&auc["value"]), 3, false),
    );
    assert_ne!(dutch, english);
    let nl = page(reg.path(), &format!("{FOUNDATION}.html"));
    let auc_row = row(training(&nl), "Onderscheidend vermogen (AUC)");
    has(auc_row, &dutch, "NL AUC");
    assert!(
        !auc_row.contains(&english),
        "NL AUC with a decimal point: {auc_row}"
    );
    let en = page(reg.path(), &format!("{FOUNDATION}.en.html"));
    has(
        row(training(&en), "Discrimination (AUC)"),
        &english,
        "EN AUC",
    );
}

#[test]
fn feedback_sentences_and_area_table_are_the_records() {
    let reg = published_register();
    let r = record(reg.path(), HOTSPOT);
    let fb = &r["feedback"];
    let arms = list(&fb["arms"]);
    assert_eq!(arms.len(), 3, "top-k, random-share, random-control");
    for (name, nl) in pages(HOTSPOT) {
        let html = page(reg.path(), &name);
        let s = feedback(&html);
        let sentences = results(s);
        assert_eq!(sentences.len(), arms.len(), "{name}: one sentence per arm");
        for (arm, text) in arms.iter().zip(&sentences) {
            let arm_name = arm["name"].as_str().unwrap();
            let what = format!("{name} {arm_name}");
            let (first, late) = (
                pct(f(&arm["divergence_first"]["mean"]), nl),
                pct(f(&arm["divergence_late"]["mean"]), nl),
            );
            let g = &arm["growth"];
            let ci = points_range(f(&g["ci_low"]), f(&g["ci_high"]), nl);
            let runs_away = arm["runs_away"].as_bool().unwrap();
            assert_eq!(
                runs_away,
                f(&g["ci_low"]) > 0.0,
                "{what}: runs_away is the growth's CI above 0"
            );
            has(text, &escaped(&ci), &what);
            let unclear = pick(nl, "niet duidelijk:", "does not clearly grow");
            if arm_name == "top-k" {
                let gap = if nl {
                    format!(
                        "van {first} in de eerste week naar {late} in de laatste {} van {} weken",
                        fb["late_rounds"], fb["rounds"]
                    )
                } else {
                    format!(
                        "from {first} in the first week to {late} in the last {} of {} weeks",
                        fb["late_rounds"], fb["rounds"]
                    )
                };
                has(text, &gap, &what);
                has(
                    text,
                    pick(nl, "Zonder willekeurige rondes", "Without random patrols"),
                    &what,
                );
                if runs_away {
                    let more = format!(
                        "{} {}",
                        num(f(&g["mean"]) * 100.0, 1, nl),
                        pick(nl, "procentpunt meer", "percentage points more")
                    );
                    has(text, &more, &what);
                }
                assert_eq!(text.contains(unclear), !runs_away, "{what}: {text}");
                continue;
            }
            has(
                text,
                &format!("{first} {} {late}", pick(nl, "naar", "to")),
                &what,
            );
            has(text, &points(f(&g["mean"]), nl), &what);
            assert_eq!(
                text.contains(unclear),
                !runs_away && f(&g["ci_high"]) >= 0.0,
                "{what}: {text}"
            );
            let m = &arm["mitigation"];
            let size = format!(
                "{} {}",
                num(f(&m["mean"]).abs() * 100.0, 1, nl),
                pick(
                    nl,
                    "procentpunt minder groei",
                    "percentage points less growth"
                )
            );
            assert!(
                f(&m["mean"]) < 0.0,
                "{what}: the shipped mitigations reduce growth"
            );
            has(text, &size, &what);
            let clear = f(&m["ci_high"]) < 0.0;
            assert_eq!(
                text.contains(pick(nl, "niet duidelijk minder", "not clearly less")),
                !clear,
                "{what}: {text}"
            );
            assert_eq!(
                text.contains(pick(nl, ": duidelijk minder.", ": clearly less.")),
                clear,
                "{what}: {text}"
            );
        }
        let t = table(
            s,
            pick(
                nl,
                "Aandeel van de rondes per gebied",
                "Share of patrols per area",
            ),
        );
        for area in list(&fb["areas"]) {
            let label = escaped(area["area"].as_str().unwrap());
            let found = row(t, &label);
            has(found, &pct(f(&area["reporting_rate"]), nl), &label);
            has(found, &pct(f(&area["true_share"]), nl), &label);
            for a in list(&area["arms"]) {
                let shares = format!(
                    "<td class=\"num\">{} → {}</td>",
                    pct(f(&a["patrol_first"]["mean"]), nl),
                    pct(f(&a["patrol_late"]["mean"]), nl)
                );
                has(found, &shares, &label);
            }
        }
        let settings = if nl {
            format!(
                "elke week bezoeken handhavers {} vakken, {} weken lang",
                fb["patrols"], fb["rounds"]
            )
        } else {
            format!(
                "every week wardens visit {} squares, for {} weeks",
                fb["patrols"], fb["rounds"]
            )
        };
        has(s, &settings, &name);
        let runs = if nl {
            format!(
                "{} herhalingen met vast startgetal (seed) {}",
                fb["replications"], fb["seed"]
            )
        } else {
            format!("{} runs with fixed seed {}", fb["replications"], fb["seed"])
        };
        has(s, &runs, &name);
        let detection = format!("{}%", num(f(&fb["detection"]) * 100.0, 0, nl));
        has(s, &detection, &name);
        has(
            s,
            pick(nl, "Meldingsgraad per gebied:", "Reporting rate per area:"),
            &name,
        );
    }
}

#[test]
fn the_chart_is_an_accessible_image_of_every_arm() {
    let reg = published_register();
    let r = record(reg.path(), HOTSPOT);
    let arms = list(&r["feedback"]["arms"]);
    for (name, nl) in pages(HOTSPOT) {
        let html = page(reg.path(), &name);
        let s = feedback(&html);
        let start = s.find("<svg").expect("an inline SVG");
        let svg = &s[start..start + s[start..].find("</svg>").unwrap()];
        let open = &svg[..svg.find('>').unwrap()];
        has(open, "role=\"img\"", &name);
        has(
            open,
            "aria-labelledby=\"feedback-chart-title feedback-chart-desc\"",
            &name,
        );
        has(svg, "<title id=\"feedback-chart-title\">", &name);
        has(svg, "<desc id=\"feedback-chart-desc\">", &name);
        has(
            svg,
            pick(
                nl,
                "Verschil tussen de rondes en de echte overlast, per week",
                "Gap between the patrols and the real nuisance, per week",
            ),
            &name,
        );
        has(svg, ">Week</text>", &name);
        has(
            svg,
            &format!(">{}</text>", pick(nl, "Verschil", "Gap")),
            &name,
        );
        // One line per arm with a point per week; each line its own colour and dash pattern.
        let lines: Vec<&str> = svg.split("<polyline ").skip(1).collect();
        assert_eq!(lines.len(), arms.len(), "{name}: one line per arm");
        let mut styles = Vec::new();
        for (line, arm) in lines.iter().zip(arms) {
            let attr = |key: &str| {
                let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                line[at..at + line[at..].find('"').unwrap()].to_string()
            };
            let weeks = list(&arm["divergence_by_round"]).len();
            assert_eq!(attr("points").split(' ').count(), weeks, "{name}: points");
            styles.push((attr("stroke"), attr("stroke-dasharray")));
        }
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a.0, b.0, "{name}: colours differ");
                assert_ne!(a.1, b.1, "{name}: dash patterns differ");
            }
        }
        // The description names every arm's first and last week, as the table does.
        let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
        for arm in arms {
            let weeks = list(&arm["divergence_by_round"]);
            let (first, last) = (f(&weeks[0]), f(weeks.last().unwrap()));
            has(
                desc,
                &format!("{} {}", pct(first, nl), pick(nl, "in week 1", "in week 1")),
                &name,
            );
            has(
                desc,
                &format!("{} in week {}", pct(last, nl), weeks.len()),
                &name,
            );
        }
        assert!(
            only_the_sites_script(&html),
            "{name}: no script but the site's own"
        );
    }
}

#[test]
fn the_wording_follows_runs_away_and_the_mitigation_interval() {
    let reg = published_register();
    // Flip the record: top-k no longer clearly runs away, random-share's mitigation becomes clear.
    edit_record(reg.path(), HOTSPOT, |r| {
        let arms = r["feedback"]["arms"].as_array_mut().unwrap();
        arms[0]["runs_away"] = Json::from(false);
        arms[0]["growth"]["ci_low"] = Json::from(-0.004);
        arms[1]["mitigation"]["ci_high"] = Json::from(-0.001);
    });
    let nl = page(reg.path(), &format!("{HOTSPOT}.html"));
    let sentences = results(feedback(&nl));
    has(
        sentences[0],
        "groeit het verschil tussen waar handhavers heen gaan en waar de overlast echt is niet duidelijk",
        "top-k without runaway",
    );
    has(
        sentences[0],
        "(95%-interval −0,4 tot ",
        "top-k interval with a negative bound",
    );
    has(
        sentences[1],
        ": duidelijk minder.",
        "random-share with a clear mitigation",
    );
    assert!(
        !sentences[1].contains("niet duidelijk minder"),
        "{}",
        sentences[1]
    );
}

#[test]
fn values_from_the_record_cannot_inject_markup() {
    let reg = published_register();
    let feature = "<script>alert(1)</script>";
    let area = "<img src=x onerror=alert(2)>";
    let source = "</span><script>alert(3)</script>";
    let arm = "\"><svg onload=alert(4)>";
    let path = "x\" onmouseover=\"alert(5)";
    edit_record(reg.path(), HOTSPOT, |r| {
        r["training"]["features"][0] = Json::from(feature);
        r["training"]["artifacts"][0]["path"] = Json::from(path);
        r["feedback"]["areas"][0]["area"] = Json::from(area);
        r["feedback"]["reporting_source"] = Json::from(source);
        r["feedback"]["arms"][2]["name"] = Json::from(arm);
    });
    for (name, _) in pages(HOTSPOT) {
        let html = page(reg.path(), &name);
        for raw in [feature, area, source, arm, path] {
            assert!(!html.contains(raw), "{name}: {raw} unescaped");
            has(&html, &escaped(raw), &name);
        }
        assert!(
            only_the_sites_script(&html),
            "{name}: a script from the record"
        );
        assert!(!html.contains("<img"), "{name}: an image from the record");
        // The renamed arm names its table column and its line in the chart's legend and description.
        let fb = feedback(&html);
        let svg = &fb[fb.find("<svg").unwrap()..fb.find("</svg>").unwrap()];
        has(svg, &escaped(arm), &name);
        has(
            feedback(&html),
            &format!("<th scope=\"row\">{}</th>", escaped(area)),
            &name,
        );
    }
}
