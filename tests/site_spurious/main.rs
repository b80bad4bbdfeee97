//! The entry pages' section on the spurious-correlation audit ("Zegt een kolom echt iets over de
//! uitkomst?"): the chance statement, the association, leak, trend, stability and proxy tables, and the
//! spurious findings in the findings list, each as in the stored record. Expected texts are formatted
//! here from the record JSON, not by calling the view code; nothing assumes which findings the example
//! data has.

#[path = "../common/mod.rs"]
mod common;
mod tables;

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
                // a leak and a strong proxy are judged against the policy's thresholds, allowing
                // for chance (the band test)
                format!(
                    "{} {}",
                    pick(
                        nl,
                        "AUC, ook met toeval meegerekend, boven",
                        "AUC lies above"
                    ),
                    num(f(&p["leakage_auc"]), 2, nl)
                ),
                format!(
                    "{} {}",
                    pick(
                        nl,
                        "Cramérs V, ook met toeval meegerekend, boven",
                        "Cramér’s V lies above"
                    ),
                    num(f(&p["proxy_strength"]), 2, nl)
                ),
                format!(
                    "{} {}% {}",
                    pick(nl, "zakt onder", "drops below"),
                    num(f(&p["trend_collapse"]) * 100.0, 0, nl),
                    pick(nl, "van de helling over alles", "of the overall slope")
                ),
                format!(
                    "{} {} {}",
                    pick(nl, "ten minste", "at least"),
                    {
                        // a whole number of points without decimals, else one
                        let points = f(&p["min_effective_points"]);
                        num(points, if points.fract() == 0.0 { 0 } else { 1 }, nl)
                    },
                    pick(nl, "onafhankelijke meetpunten", "independent points")
                ),
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
                // a 0/1 outcome: AUC or Cramér's V; a numeric outcome (hotspot-tilburg's
                // incident counts): Spearman's ρ or ε²
                let measure = match a["measure"].as_str().unwrap() {
                    "auc" => "AUC",
                    "cramers_v" => pick(nl, "Cramérs V", "Cramér’s V"),
                    "spearman" => pick(nl, "Spearmans ρ", "Spearman’s ρ"),
                    "epsilon_squared" => "ε²",
                    other => panic!("{name}: measure {other}"),
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
