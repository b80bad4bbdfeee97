//! The audit section of an entry page: the audit's state, what data and policy it used, how
//! uncertain its numbers are, per attribute the rate table and the value tables, and the evidence.

use tera::Value;

use super::cell::Obj;
use super::rates::{rate_columns, rate_row};
use super::sampling::{finding_is_public, sampling_view};
use super::spurious::{self, spurious_view};
use super::values::{calibration_table, count_table, score_table};
use crate::audit::metric::Metric;
use crate::audit::text::metric_label;
use crate::format::{self, Lang};
use crate::manifest::Manifest;
use crate::record::subgroup::AttributeResult;
use crate::record::{AuditRecord, Finding, Measure};

/// The audit's one-line state for the index: (text, css class).
pub fn audit_state(record: Option<&AuditRecord>, lang: Lang) -> (String, &'static str) {
    match record {
        None => (
            lang.pick("nog niet getoetst", "not audited yet")
                .to_string(),
            "none",
        ),
        Some(r) if r.verdict.flagged => (
            match lang {
                Lang::Nl => format!("⚑ {} bevinding(en)", r.verdict.findings),
                Lang::En => format!("⚑ {} finding(s)", r.verdict.findings),
            },
            "flagged",
        ),
        Some(_) => (
            lang.pick("geen bevindingen", "no findings").to_string(),
            "ok",
        ),
    }
}

/// The audit section's view-model.
pub fn audit_view(m: &Manifest, rec: &AuditRecord, lang: Lang, min_rows: u64) -> Value {
    let (shown, columns) = rate_columns(rec, lang);
    let mut score_intro = true;
    let mut count_intro = true;
    let attributes: Vec<Value> = rec
        .subgroup
        .attributes
        .iter()
        .map(|attr| {
            let rows: Vec<Value> = attr
                .groups
                .iter()
                .map(|g| rate_row(g, &attr.reference, &shown, lang, min_rows))
                .collect();
            let caption = caption(attr, lang);
            // The explanations stand above the first table of their kind; the calibration of all
            // rows together (the same for every attribute) stands once, under the first score table.
            let mut tables = Vec::new();
            if let Some(t) = score_table(attr, &caption, score_intro, lang, min_rows) {
                tables.push(t);
                if score_intro {
                    tables.extend(calibration_table(&attr.overall, lang, min_rows));
                }
                score_intro = false;
            }
            if let Some(t) = count_table(attr, &caption, count_intro, lang, min_rows) {
                tables.push(t);
                count_intro = false;
            }
            Value::from(
                Obj::new()
                    .set("caption", caption)
                    .set("intersection_note", intersection_note(attr, lang))
                    .set("reference_line", reference_line(attr, lang))
                    .set("rows", rows)
                    .set("tables", tables),
            )
        })
        .collect();
    let findings: Vec<Value> = rec
        .findings
        .iter()
        .filter(|f| finding_is_shown(rec, f, min_rows))
        .map(|f| Value::from(lang.pick(&f.text_nl, &f.text_en)))
        .collect();
    let mut inputs: Vec<Value> = Vec::new();
    for fh in rec
        .inputs
        .manifest
        .iter()
        .chain(&rec.inputs.data)
        .chain(std::iter::once(&rec.inputs.policy))
    {
        inputs.push(
            Obj::new()
                .set("path", fh.path.as_str())
                .set("sha256", fh.sha256.as_str())
                .into(),
        );
    }
    let (state, class) = audit_state(Some(rec), lang);
    Obj::new()
        .set("state", state)
        .set("state_class", class)
        .set("data_line", data_line(m, rec, lang))
        .set("policy_line", policy_line(rec, lang))
        .set("uncertainty", uncertainty_line(rec, lang))
        .set("methods", methods(rec, lang))
        .set("methods_lang", lang.pick("en", ""))
        .set("findings", findings)
        .set("columns", columns)
        .set("rate_colspan", shown.len() + 2)
        .set("attributes", attributes)
        .set("sampling", sampling_view(rec, lang, min_rows))
        .set("spurious", spurious_view(rec, lang, min_rows))
        .set("inputs", inputs)
        .set("reproduce", format!("algoreg audit models/{}", m.id))
        .into()
}

/// "owner_type", or "Intersectie: neighbourhood × owner_type" for groups of two and more columns.
pub(super) fn caption(attr: &AttributeResult, lang: Lang) -> String {
    if attr.columns.len() > 1 {
        format!(
            "{}: {}",
            lang.pick("Intersectie", "Intersection"),
            attr.attribute
        )
    } else {
        attr.attribute.clone()
    }
}

/// For an intersection: what its groups are, and that they are often small.
fn intersection_note(attr: &AttributeResult, lang: Lang) -> String {
    if attr.columns.len() < 2 {
        return String::new();
    }
    let (last, first) = attr.columns.split_last().expect("two or more columns");
    let first = first.join(", ");
    match lang {
        Lang::Nl => format!(
            "Elke groep combineert {first} en {last}. Zulke groepen zijn vaak klein, dus hun intervallen zijn breed."
        ),
        Lang::En => format!(
            "Each group combines {first} and {last}. Such groups are often small, so their intervals are wide."
        ),
    }
}

/// The metric's plain label, or its record name when it is not a rate metric we know.
fn metric_words(name: &str, lang: Lang) -> String {
    Metric::from_name(name).map_or_else(|| name.to_string(), |m| metric_label(m, lang).to_string())
}

/// How the reference group was chosen, in plain words.
fn reference_rule_text(rule: &str, lang: Lang) -> String {
    if rule == "named" {
        return lang
            .pick("gekozen in het manifest", "chosen in the manifest")
            .to_string();
    }
    if rule == "largest" {
        return lang
            .pick("de grootste groep", "the largest group")
            .to_string();
    }
    if let Some(metric) = rule.strip_prefix("best-off on ") {
        let label = metric_words(metric, lang);
        return match lang {
            Lang::Nl => format!(
                "de groep die het best af is op {label}; een keuze op grond van de gegevens, waardoor verhoudingen verder van 1 vallen"
            ),
            Lang::En => format!(
                "the group best off on {label}; a choice made from the data, which pushes ratios away from 1"
            ),
        };
    }
    let fallback = rule
        .strip_prefix("largest (no group has ")
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|r| r.split_once(" rows for best-off on "));
    match (fallback, lang) {
        (Some((n, metric)), Lang::Nl) => format!(
            "de grootste groep: geen groep had {n} rijen om de best af zijnde groep op {} te kiezen",
            metric_words(metric, lang)
        ),
        (Some((n, metric)), Lang::En) => format!(
            "the largest group: no group had {n} rows to choose the one best off on {}",
            metric_words(metric, lang)
        ),
        (None, _) => rule.to_string(),
    }
}

fn reference_line(attr: &AttributeResult, lang: Lang) -> String {
    let rule = reference_rule_text(&attr.reference_rule, lang);
    let mut line = match lang {
        Lang::Nl => format!("Referentiegroep: {} ({rule})", attr.reference),
        Lang::En => format!("Reference group: {} ({rule})", attr.reference),
    };
    for w in &attr.reference_warnings {
        line.push_str(". ");
        line.push_str(lang.pick(&w.text_nl, &w.text_en));
    }
    line
}

/// "8,000 rows (a house), of which 2,480 with a known outcome; prediction: …".
fn data_line(m: &Manifest, rec: &AuditRecord, lang: Lang) -> String {
    let d = &rec.data;
    let (rows, labelled) = (format::count(d.rows, lang), format::count(d.labelled, lang));
    let unit = m
        .data
        .row_unit
        .as_deref()
        .unwrap_or(lang.pick("rij", "row"));
    let rule = &d.prediction_rule;
    match lang {
        Lang::Nl => format!(
            "{rows} rijen ({unit}), waarvan {labelled} met een bekende uitkomst; voorspelling: {rule}."
        ),
        Lang::En => format!(
            "{rows} rows ({unit}), of which {labelled} with a known outcome; prediction: {rule}."
        ),
    }
}

/// The policy the audit applied, in one sentence.
fn policy_line(rec: &AuditRecord, lang: Lang) -> String {
    let p = &rec.policy;
    let (low, high) = (
        format::number(p.ratio_band[0], 2, lang),
        format::number(p.ratio_band[1], 2, lang),
    );
    let alpha = format::number(p.alpha, 2, lang);
    // The verdict counts every audit's tests; each audit corrects over its own.
    let tested = rec
        .verdict
        .comparisons_tested
        .saturating_sub(rec.sampling.comparisons_tested)
        .saturating_sub(rec.spurious.comparisons_tested);
    let (correction, min) = (p.correction.as_str(), p.min_group_size);
    let by = p
        .adopted_by
        .as_deref()
        .unwrap_or(lang.pick("onbekend", "unknown"));
    if rec.subgroup.not_run.is_some() {
        return match lang {
            Lang::Nl => format!(
                "Deze data bevatten geen beslissingen van een model met hun uitkomst, dus er zijn geen foutmaten per groep. Het beleid geldt voor de delen hieronder. Vastgesteld door: {by}."
            ),
            Lang::En => format!(
                "These data hold no decisions of a model with their outcomes, so there are no error rates per group. The policy applies to the parts below. Adopted by: {by}."
            ),
        };
    }
    match lang {
        Lang::Nl => format!(
            "Beleid: verhouding tot de referentiegroep tussen {low} en {high}; α = {alpha} na {correction}-correctie over {tested} vergelijkingen; oordeel pas vanaf {min} rijen. Vastgesteld door: {by}."
        ),
        Lang::En => format!(
            "Policy: ratio to the reference group between {low} and {high}; α = {alpha} after {correction} correction over {tested} comparisons; no verdict below {min} rows. Adopted by: {by}."
        ),
    }
}

/// "How uncertain?": the intervals' level and where they come from (formula or seeded bootstrap).
fn uncertainty_line(rec: &AuditRecord, lang: Lang) -> String {
    let level = format::number(rec.policy.confidence_level * 100.0, 0, lang);
    let b = &rec.subgroup.bootstrap;
    let (replicates, seed) = (format::count(u64::from(b.replicates), lang), b.seed);
    let formula = match lang {
        Lang::Nl => format!(
            "Elk interval op deze pagina is een {level}%-interval. Waar een formule bestaat (Wilson, Koopman, Newcombe, DeLong of de normale benadering), komt het interval uit die formule."
        ),
        Lang::En => format!(
            "Every interval on this page is a {level}% interval. Where a formula exists (Wilson, Koopman, Newcombe, DeLong or the normal approximation), the interval comes from that formula."
        ),
    };
    let rest = match (b.replicates, lang) {
        (0, Lang::Nl) => "Waar geen formule bestaat, staat er geen interval: het beleid heeft de bootstrap uitgezet.".to_string(),
        (0, Lang::En) => "Where no formula exists there is no interval: the policy turned the bootstrap off.".to_string(),
        (_, Lang::Nl) => format!(
            "Anders komt het uit de bootstrap: de berekening {replicates} keer overdoen op opnieuw getrokken gegevens, met vast startgetal (seed) {seed}, zodat iedereen precies dezelfde intervallen krijgt. Die intervallen staan gemarkeerd met ‘bootstrap’."
        ),
        (_, Lang::En) => format!(
            "Otherwise it comes from the bootstrap: redoing the calculation {replicates} times on resampled data, with fixed seed {seed}, so anyone gets exactly the same intervals. Those intervals are marked ‘bootstrap’."
        ),
    };
    format!("{formula} {rest}")
}

/// The record's method texts (English, as stored), each with a label in the page's language.
fn methods(rec: &AuditRecord, lang: Lang) -> Vec<Value> {
    let s = &rec.subgroup;
    let groups = s
        .attributes
        .iter()
        .flat_map(|a| once_and(&a.overall, &a.groups));
    let (mut scores, mut counts) = (false, false);
    for g in groups {
        scores |= !g.score_metrics.is_empty();
        counts |= !g.count_metrics.is_empty();
    }
    let b = &s.bootstrap;
    let bootstrap = format!(
        "{}; {}; {} replicates, seed {}",
        b.method, b.interval, b.replicates, b.seed
    );
    let mut list: Vec<(&str, &str, String)> = vec![
        (
            "Interval van een aandeel",
            "Interval of a share",
            s.methods.rate_interval.clone(),
        ),
        (
            "Interval van een verhouding",
            "Interval of a ratio",
            s.methods.ratio_interval.clone(),
        ),
        (
            "Interval van een verschil",
            "Interval of a difference",
            s.methods.difference_interval.clone(),
        ),
        ("Toets", "Test", s.methods.test.clone()),
        ("Correctie", "Correction", s.methods.correction.clone()),
        (
            "Referentiegroep",
            "Reference group",
            s.methods.reference.clone(),
        ),
        ("Bootstrap", "Bootstrap", bootstrap),
    ];
    if scores {
        list.push(("AUC", "AUC", s.methods.auc.clone()));
        list.push(("Kalibratie", "Calibration", s.methods.calibration.clone()));
    }
    if counts {
        list.push(("Aantallen", "Counts", s.methods.counts.clone()));
    }
    list.into_iter()
        .map(|(nl, en, text)| {
            Obj::new()
                .set("label", lang.pick(nl, en))
                .set("text", text)
                .into()
        })
        .collect()
}

fn once_and<'a, T>(first: &'a T, rest: &'a [T]) -> impl Iterator<Item = &'a T> {
    std::iter::once(first).chain(rest)
}

/// A finding stands on the public page unless the group it names has fewer than
/// `min_rows` rows in the table it comes from.
pub fn finding_is_shown(rec: &AuditRecord, f: &Finding, min_rows: u64) -> bool {
    match f.measure {
        Measure::Metric(_) => group_n(rec, &f.attribute, &f.group) >= min_rows,
        Measure::Sampling(m) => {
            finding_is_public(&rec.sampling, m, &f.attribute, &f.group, min_rows)
        }
        // Spurious findings name columns; an instability also names strata, never one of 1–9 rows.
        Measure::Spurious(m) => {
            spurious::finding_is_public(&rec.spurious, m, &f.attribute, &f.group, min_rows)
        }
    }
}

fn group_n(rec: &AuditRecord, attribute: &str, group: &str) -> u64 {
    rec.subgroup
        .attributes
        .iter()
        .filter(|a| a.attribute == attribute)
        .flat_map(|a| &a.groups)
        .find(|g| g.group == group)
        .map_or(0, |g| g.n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_rules_in_plain_words() {
        assert_eq!(
            reference_rule_text("largest", Lang::En),
            "the largest group"
        );
        assert!(reference_rule_text("best-off on fnr", Lang::En).contains("cases missed (FNR)"));
        assert!(
            reference_rule_text(
                "largest (no group has 30 rows for best-off on fpr)",
                Lang::Nl
            )
            .contains("30 rijen")
        );
        assert_eq!(
            reference_rule_text("something new", Lang::Nl),
            "something new"
        );
    }
}
