//! The entry page's section on the feedback-loop simulation of a hotspot model ("Wat gebeurt er als
//! handhavers het model volgen"): the loop in plain words, one result sentence per arm (does the gap
//! between patrols and true incidents grow, and by how much less with random patrols), the chart of
//! the gap per week (`feedback/chart`), the per-area table and the simulation's settings. The area table
//! has the shape of [`super::table`].

mod chart;

use tera::Value;

use super::cell::{Obj, range_text, signed};
use super::frame::{fill, word};
use super::table::{labelled_table, number_cell, part, row};
use crate::format::{self, Lang};
use crate::record::AuditRecord;
use crate::record::feedback::{FeedbackArm, FeedbackSection, Spread};

/// The section's view-model (`intro`, `results`, `chart`, `areas`, `settings`, `source`,
/// `source_lang`), or none when the record holds no simulation.
pub fn feedback_view(rec: &AuditRecord, lang: Lang) -> Value {
    let Some(s) = &rec.feedback else {
        return Value::none();
    };
    let replications = format::count(s.replications as u64, lang);
    let intro = vec![
        word("fb_intro", lang).to_string(),
        word("fb_sim", lang).to_string(),
        fill("fb_gap", lang, &[("replications", &replications)]),
    ];
    let results: Vec<String> = s.arms.iter().map(|a| arm_sentence(s, a, lang)).collect();
    let labels: Vec<String> = s.arms.iter().map(|a| arm_label(a, lang)).collect();
    let (source, source_lang) = source_words(&s.reporting_source, lang);
    Obj::new()
        .set("intro", intro)
        .set("results", results)
        .set("chart", chart::chart(s, &labels, lang))
        .set("areas", Value::from(areas_part(s, &labels, lang)))
        .set("settings", settings_line(s, lang))
        .set("source", source)
        .set("source_lang", source_lang)
        .into()
}

/// A share as the page shows it: "27,7%".
fn pct(x: f64, lang: Lang) -> String {
    format::percent(x, lang)
}

/// A share without decimals when it is whole: "25%", "60%", else "12,5%".
fn pct_short(x: f64, lang: Lang) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", format::number(p, 0, lang))
    } else {
        format::percent(x, lang)
    }
}

/// A difference of shares in percentage points, with its sign: "+6,3", "−0,1".
fn points(x: f64, lang: Lang) -> String {
    signed(x * 100.0, 1, lang)
}

/// A difference's interval in points: "5,0–7,6" when both bounds are positive, else
/// "−0,1 tot +3,9".
fn points_range(lo: f64, hi: f64, lang: Lang) -> String {
    if lo >= 0.0 {
        let f = |x: f64| format::number(x * 100.0, 1, lang);
        range_text(f(lo), f(hi), lang)
    } else {
        range_text(points(lo, lang), points(hi, lang), lang)
    }
}

/// The arm's name in the table and the chart: "Alleen het model", "25% willekeurig", …
pub(super) fn arm_label(a: &FeedbackArm, lang: Lang) -> String {
    let share = pct_short(a.random_share, lang);
    match a.name.as_str() {
        "top-k" => word("fb_topk", lang).to_string(),
        "random-share" => fill("fb_share", lang, &[("share", &share)]),
        "random-control" => fill("fb_control", lang, &[("share", &share)]),
        other => other.to_string(),
    }
}

/// The start of an arm's result sentence: "Met 25% van de rondes naar willekeurige plekken, …".
fn arm_lead(a: &FeedbackArm, lang: Lang) -> String {
    let share = pct_short(a.random_share, lang);
    match a.name.as_str() {
        "random-share" => fill("fb_share_lead", lang, &[("share", &share)]),
        "random-control" => fill("fb_control_lead", lang, &[("share", &share)]),
        _ => arm_label(a, lang),
    }
}

/// Whether the gap grows (the growth's interval lies above 0, as the record's `runs_away` says),
/// shrinks (the interval lies below 0), or neither clearly: the word key for each.
fn growth_key(
    a: &FeedbackArm,
    grows: &'static str,
    flat: &'static str,
    shrinks: &'static str,
) -> &'static str {
    if a.runs_away {
        grows
    } else if a.growth.ci_high < 0.0 {
        shrinks
    } else {
        flat
    }
}

/// One arm's result: the gap in the first week and the late weeks, its growth with the interval, and
/// for an arm with random patrols how much less it grows than without.
fn arm_sentence(s: &FeedbackSection, a: &FeedbackArm, lang: Lang) -> String {
    let g = &a.growth;
    let first = pct(a.divergence_first.mean, lang);
    let late = pct(a.divergence_late.mean, lang);
    let ci = points_range(g.ci_low, g.ci_high, lang);
    if a.name == "top-k" {
        let key = growth_key(a, "fb_topk_grows", "fb_topk_flat", "fb_topk_shrinks");
        // "That is 6.3 percentage points more": the word says the direction.
        let growth = if a.runs_away {
            format::number(g.mean * 100.0, 1, lang)
        } else {
            points(g.mean, lang)
        };
        return fill(
            key,
            lang,
            &[
                ("first", &first),
                ("late", &late),
                ("late_weeks", &s.late_rounds.to_string()),
                ("rounds", &s.rounds.to_string()),
                ("growth", &growth),
                ("ci", &ci),
            ],
        );
    }
    let key = growth_key(a, "fb_arm_grows", "fb_arm_flat", "fb_arm_shrinks");
    let mut text = fill(
        key,
        lang,
        &[
            ("arm", &arm_lead(a, lang)),
            ("first", &first),
            ("late", &late),
            ("growth", &points(g.mean, lang)),
            ("ci", &ci),
        ],
    );
    if let Some(m) = &a.mitigation {
        text.push(' ');
        text.push_str(&mitigation_sentence(m, lang));
    }
    text
}

/// "Dat is 2,4 procentpunt minder groei dan zonder willekeurige rondes (95%-interval: van 4,9
/// minder tot 0,1 meer), maar niet duidelijk minder": the difference in growth against top-k.
fn mitigation_sentence(m: &Spread, lang: Lang) -> String {
    let key = if m.mean > 0.0 {
        "fb_mitigation_more"
    } else if m.ci_high < 0.0 {
        "fb_mitigation_clear"
    } else {
        "fb_mitigation_unclear"
    };
    let size = format::number(m.mean.abs() * 100.0, 1, lang);
    let ci = fill(
        "fb_from_to",
        lang,
        &[
            ("low", &less_or_more(m.ci_low, lang)),
            ("high", &less_or_more(m.ci_high, lang)),
        ],
    );
    fill(key, lang, &[("size", &size), ("ci", &ci)])
}

/// A bound of the growth difference in words: "4,9 minder", "0,1 meer", or "0,0".
fn less_or_more(x: f64, lang: Lang) -> String {
    let size = format::number(x.abs() * 100.0, 1, lang);
    if size == format::number(0.0, 1, lang) {
        size
    } else if x < 0.0 {
        fill("fb_less", lang, &[("x", &size)])
    } else {
        fill("fb_more", lang, &[("x", &size)])
    }
}

/// Per area: reporting rate, share of the true incidents, and per arm the share of patrols in the
/// first week → the late weeks.
fn areas_part(s: &FeedbackSection, labels: &[String], lang: Lang) -> Obj {
    let mut columns = vec![
        (word("fb_col_reporting", lang).to_string(), true),
        (word("fb_col_true", lang).to_string(), true),
    ];
    for label in labels {
        columns.push((fill("fb_col_arm", lang, &[("arm", label)]), true));
    }
    let rows = s
        .areas
        .iter()
        .map(|area| {
            let mut cells = vec![
                number_cell(&pct(area.reporting_rate, lang)),
                number_cell(&pct(area.true_share, lang)),
            ];
            for arm in &area.arms {
                let first = pct(arm.patrol_first.mean, lang);
                let late = pct(arm.patrol_late.mean, lang);
                cells.push(number_cell(&format!("{first} → {late}")));
            }
            row(&area.area, false, None, lang, cells)
        })
        .collect();
    let caption = fill(
        "fb_areas_caption",
        lang,
        &[
            ("column", &s.area_column),
            ("late", &s.late_rounds.to_string()),
        ],
    );
    let replications = format::count(s.replications as u64, lang);
    let note = fill("fb_areas_note", lang, &[("replications", &replications)]);
    let table = labelled_table(
        caption,
        word("fb_col_area", lang),
        &columns,
        rows,
        vec![note],
    );
    part(
        "feedback-areas",
        word("fb_areas", lang),
        Vec::new(),
        vec![table],
    )
}

fn settings_line(s: &FeedbackSection, lang: Lang) -> String {
    let n = |x: usize| format::count(x as u64, lang);
    fill(
        "fb_settings",
        lang,
        &[
            ("cells", &n(s.cells)),
            ("areas", &n(s.areas.len())),
            ("patrols", &n(s.patrols)),
            ("rounds", &n(s.rounds)),
            ("window", &n(s.retrain_window)),
            ("detection", &pct_short(s.detection, lang)),
            ("replications", &n(s.replications)),
            ("seed", &s.seed.to_string()),
        ],
    )
}

const SOURCE_SAMPLING: &str = "the sampling audit: recorded incidents against ";
const SOURCE_ASSUMED: (&str, &str) = (
    "assumed: residents report ",
    " of incidents in every area (no incidence survey)",
);

/// Where the reporting rates come from, in the page's language when the record says it in one of
/// the two ways `register::feedback` writes; otherwise the record's (English) text, marked as such.
fn source_words(source: &str, lang: Lang) -> (String, &'static str) {
    if let Some(rest) = source.strip_prefix(SOURCE_SAMPLING) {
        return (fill("fb_source_sampling", lang, &[("rest", rest)]), "");
    }
    let assumed = source
        .strip_prefix(SOURCE_ASSUMED.0)
        .and_then(|r| r.strip_suffix(SOURCE_ASSUMED.1));
    match assumed {
        Some(share) => (fill("fb_source_assumed", lang, &[("share", share)]), ""),
        None => (source.to_string(), lang.pick("en", "")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(mean: f64, ci_low: f64, ci_high: f64) -> Spread {
        Spread {
            mean,
            ci_low,
            ci_high,
            low: ci_low,
            high: ci_high,
        }
    }

    #[test]
    fn growth_intervals_and_mitigation_in_words() {
        assert_eq!(points_range(0.0496, 0.0764, Lang::Nl), "5,0–7,6");
        assert_eq!(points_range(-0.0007, 0.0391, Lang::En), "−0.1 to +3.9");
        let unclear = mitigation_sentence(&spread(-0.0241, -0.0494, 0.0013), Lang::Nl);
        assert!(
            unclear.contains("2,4 procentpunt minder groei"),
            "{unclear}"
        );
        assert!(unclear.contains("van 4,9 minder tot 0,1 meer"), "{unclear}");
        assert!(unclear.contains("niet duidelijk"), "{unclear}");
        let clear = mitigation_sentence(&spread(-0.0438, -0.0639, -0.0237), Lang::En);
        assert!(clear.contains("clearly less"), "{clear}");
        assert!(clear.contains("from 6.4 less to 2.4 less"), "{clear}");
        assert_eq!(pct_short(0.25, Lang::Nl), "25%");
        assert_eq!(pct_short(0.125, Lang::Nl), "12,5%");
    }

    #[test]
    fn the_reporting_source_is_translated_or_marked_english() {
        let (nl, lang) = source_words(
            "assumed: residents report 50% of incidents in every area (no incidence survey)",
            Lang::Nl,
        );
        assert_eq!(lang, "");
        assert!(nl.starts_with("aangenomen: bewoners melden in elk gebied 50%"));
        let (text, lang) = source_words("something else", Lang::Nl);
        assert_eq!((text.as_str(), lang), ("something else", "en"));
        let (en, _) = source_words("something else", Lang::En);
        assert_eq!(en, "something else");
    }
}
