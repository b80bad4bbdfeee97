//! The sampling audit in words: its findings, and the plain statement when labels come from a selected
//! sample, in Dutch and English.

use crate::audit::text::{correction_name, interval, p_phrase};
use crate::format::{self, Lang};
use crate::policy::Rules;
use crate::record::sampling::{
    DriftFeature, FeatureKind, Judgement, LabelSelection, ReportingResult, SamplingSection,
};
use crate::record::{Estimate, Finding, Measure, SamplingMeasure, Verdict};

fn ratio_text(e: &Estimate, rules: &Rules, lang: Lang) -> (String, String) {
    (
        e.value
            .map(|v| format::number(v, 2, lang))
            .unwrap_or_default(),
        interval(e, rules.confidence_level, lang, |x, l| {
            format::number(x, 2, l)
        }),
    )
}

fn band(rules: &Rules, lang: Lang) -> String {
    format!(
        "{}–{}",
        format::number(rules.band_low, 2, lang),
        format::number(rules.band_high, 2, lang)
    )
}

/// "even allowing for chance, beyond the band 0.80–1.25 (test against the band's edge: p …)".
fn beyond_band(p: f64, rules: &Rules, tested: u64, lang: Lang) -> String {
    let p = p_phrase(p, lang);
    let c = correction_name(rules.correction);
    let b = band(rules, lang);
    match lang {
        Lang::Nl => format!(
            "ook als je rekening houdt met toeval buiten de band {b} van het beleid (toets tegen de rand van de band: \
             p {p} na {c}-correctie over {tested} toetsen)"
        ),
        Lang::En => format!(
            "even allowing for chance beyond the policy's band {b} (test against the band's edge: p {p} after {c} \
             correction over {tested} tests)"
        ),
    }
}

/// The adjusted p-value and the ratio of a flagged comparison; `None` when it is not flagged.
fn flagged<'a>(j: Option<&Judgement>, ratio: Option<&'a Estimate>) -> Option<(f64, &'a Estimate)> {
    match (j, ratio) {
        (Some(j), Some(r)) if j.verdict == Verdict::Flagged => {
            Some((j.p_adjusted.unwrap_or(1.0), r))
        }
        _ => None,
    }
}

/// An estimate's value as a percentage (empty when undefined).
fn percent_of(e: &Estimate, lang: Lang) -> String {
    e.value
        .map(|v| format::percent(v, lang))
        .unwrap_or_default()
}

fn both(f: impl Fn(Lang) -> String) -> (String, String) {
    (f(Lang::Nl), f(Lang::En))
}

/// Every flagged test of the section as a finding, in report order.
pub fn findings(s: &SamplingSection, rules: &Rules) -> Vec<Finding> {
    let tested = s.comparisons_tested;
    let mut out = Vec::new();
    for a in &s.representativeness {
        for g in a
            .groups
            .iter()
            .filter(|g| g.judgement.verdict == Verdict::Flagged)
        {
            let p = g.judgement.p_adjusted.unwrap_or(1.0);
            let share = g.share.value.unwrap_or(0.0);
            let under = g.ratio.value.is_some_and(|r| r < 1.0);
            let (text_nl, text_en) = both(|lang| {
                let (ratio, ratio_ci) = ratio_text(&g.ratio, rules, lang);
                let (s_, q) = (
                    format::percent(share, lang),
                    format::percent(g.population_share, lang),
                );
                let chance = beyond_band(p, rules, tested, lang);
                match (lang, under) {
                    (Lang::Nl, true) => format!(
                        "{} = {}: {s_} van de rijen in de data, tegen {q} van de bevolking ({}, {}). Deze groep is \
                         ondervertegenwoordigd: {ratio} keer haar aandeel{ratio_ci}, {chance}.",
                        a.attribute, g.group, a.source, a.year
                    ),
                    (Lang::Nl, false) => format!(
                        "{} = {}: {s_} van de rijen in de data, tegen {q} van de bevolking ({}, {}). Deze groep is \
                         oververtegenwoordigd: {ratio} keer haar aandeel{ratio_ci}, {chance}.",
                        a.attribute, g.group, a.source, a.year
                    ),
                    (Lang::En, true) => format!(
                        "{} = {}: {s_} of the rows in the data, against {q} of the population ({}, {}). The group is \
                         under-represented: {ratio} times its share{ratio_ci}, {chance}.",
                        a.attribute, g.group, a.source, a.year
                    ),
                    (Lang::En, false) => format!(
                        "{} = {}: {s_} of the rows in the data, against {q} of the population ({}, {}). The group is \
                         over-represented: {ratio} times its share{ratio_ci}, {chance}.",
                        a.attribute, g.group, a.source, a.year
                    ),
                }
            });
            out.push(Finding {
                audit: "sampling".into(),
                attribute: a.attribute.clone(),
                group: g.group.clone(),
                reference: "population".into(),
                measure: Measure::Sampling(SamplingMeasure::Representation),
                value: share,
                reference_value: Some(g.population_share),
                ratio: g.ratio.clone(),
                p_adjusted: Some(p),
                text_nl,
                text_en,
            });
        }
    }
    out.extend(selection_findings(&s.label_selection, rules, tested));
    if let Some(r) = &s.reporting {
        out.extend(reporting_findings(r, rules, tested));
    }
    if let Some(d) = &s.drift {
        for f in d
            .features
            .iter()
            .filter(|f| f.judgement.verdict == Verdict::Flagged)
        {
            out.push(drift_finding(f, d.psi_floor, rules, tested));
        }
    }
    out
}

fn selection_findings(ls: &LabelSelection, rules: &Rules, tested: u64) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in &ls.attributes {
        let Some(reference) = a.groups.iter().find(|g| g.group == a.reference) else {
            continue;
        };
        for g in &a.groups {
            let Some((p, ratio)) = flagged(g.judgement.as_ref(), g.ratio.as_ref()) else {
                continue;
            };
            let fewer = ratio.value.is_some_and(|r| r < 1.0);
            let (text_nl, text_en) = both(|lang| {
                let (r, r_ci) = ratio_text(ratio, rules, lang);
                let share = percent_of(&g.labelled_share, lang);
                let ref_share = percent_of(&reference.labelled_share, lang);
                let chance = beyond_band(p, rules, tested, lang);
                match lang {
                    Lang::Nl => format!(
                        "{} = {}: bij {share} van de rijen is de uitkomst bekend, tegen {ref_share} in de referentiegroep {}. \
                         Dat is {r} keer zo vaak{r_ci}: {chance}. Een model dat van deze \
                         uitkomsten leert, en de foutmaten in deze audit, steunen voor deze groep op verhoudingsgewijs {} gevallen.",
                        a.attribute,
                        g.group,
                        a.reference,
                        if fewer { "minder" } else { "meer" }
                    ),
                    Lang::En => format!(
                        "{} = {}: the outcome is known for {share} of the rows, against {ref_share} in the reference group {}. \
                         That is {r} times as often{r_ci}: {chance}. A model that learns from \
                         these outcomes, and this audit's error rates, rest on relatively {} cases for this group.",
                        a.attribute,
                        g.group,
                        a.reference,
                        if fewer { "fewer" } else { "more" }
                    ),
                }
            });
            out.push(Finding {
                audit: "sampling".into(),
                attribute: a.attribute.clone(),
                group: g.group.clone(),
                reference: a.reference.clone(),
                measure: Measure::Sampling(SamplingMeasure::LabelledShare),
                value: g.labelled_share.value.unwrap_or(0.0),
                reference_value: reference.labelled_share.value,
                ratio: ratio.clone(),
                p_adjusted: Some(p),
                text_nl,
                text_en,
            });
        }
    }
    out
}

fn reporting_findings(r: &ReportingResult, rules: &Rules, tested: u64) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in &r.groups {
        let Some((p, ratio)) = flagged(g.judgement.as_ref(), g.ratio.as_ref()) else {
            continue;
        };
        let Some(against) = &g.reference_rate else {
            continue;
        };
        let less = ratio.value.is_some_and(|v| v < 1.0);
        let (text_nl, text_en) = both(|lang| {
            let (rr, rr_ci) = ratio_text(ratio, rules, lang);
            let rate = percent_of(&g.reporting_rate, lang);
            let ref_rate = percent_of(against, lang);
            let chance = beyond_band(p, rules, tested, lang);
            let (nl_ref, en_ref) = match &r.reference {
                Some(name) => (
                    format!("{} = {name}", r.attribute),
                    format!("{} = {name}", r.attribute),
                ),
                None => (
                    format!(
                        "de middelste groepen van {} samen ({})",
                        r.attribute,
                        r.reference_groups.join(", ")
                    ),
                    format!(
                        "the middle groups of {} together ({})",
                        r.attribute,
                        r.reference_groups.join(", ")
                    ),
                ),
            };
            match lang {
                Lang::Nl => format!(
                    "{} = {}: van de voorvallen die de onafhankelijke schatting ({}, {}) verwacht, staat {rate} als melding \
                     in de data, tegen {ref_rate} in {nl_ref}. De meldingsgraad is {rr} keer zo hoog{rr_ci}, {chance}. \
                     Hier wordt verhoudingsgewijs {} gemeld; een model dat van meldingen leert, ziet hier {} dan elders.",
                    r.attribute,
                    g.group,
                    r.source,
                    r.year,
                    if less { "minder" } else { "meer" },
                    if less { "minder" } else { "meer" }
                ),
                Lang::En => format!(
                    "{} = {}: of the events the independent estimate ({}, {}) expects, {rate} reach the data as reports, \
                     against {ref_rate} in {en_ref}. The reporting rate is {rr} times as high{rr_ci}, {chance}. \
                     Relatively {} is reported here; a model that learns from reports sees {} here than elsewhere.",
                    r.attribute,
                    g.group,
                    r.source,
                    r.year,
                    if less { "less" } else { "more" },
                    if less { "less" } else { "more" }
                ),
            }
        });
        out.push(Finding {
            audit: "sampling".into(),
            attribute: r.attribute.clone(),
            group: g.group.clone(),
            reference: r
                .reference
                .clone()
                .unwrap_or_else(|| crate::audit::sampling::reporting::MIDDLE_TOGETHER.into()),
            measure: Measure::Sampling(SamplingMeasure::ReportingRate),
            value: g.reporting_rate.value.unwrap_or(0.0),
            reference_value: against.value,
            ratio: ratio.clone(),
            p_adjusted: Some(p),
            text_nl,
            text_en,
        });
    }
    out
}

fn drift_finding(f: &DriftFeature, floor: f64, rules: &Rules, tested: u64) -> Finding {
    let p = f.judgement.p_adjusted.unwrap_or(1.0);
    let value = f.psi.value.unwrap_or(0.0);
    let (text_nl, text_en) = both(|lang| {
        let psi = format::number(value, 3, lang);
        let ci = interval(&f.psi, rules.confidence_level, lang, |x, l| {
            format::number(x, 3, l)
        });
        let floor = format::number(floor, 2, lang);
        let p = p_phrase(p, lang);
        let c = correction_name(rules.correction);
        let how = shift_phrase(f, lang);
        match lang {
            Lang::Nl => format!(
                "{} is verschoven sinds de trainingsdata: {how}. PSI {psi}{ci}; vanaf {floor} telt een verschuiving, en ook \
                 als je rekening houdt met toeval ligt de PSI daarboven (toets tegen {floor}: p {p} na {c}-correctie over \
                 {tested} toetsen). Het model beoordeelt nu andere gevallen dan die waarvan het leerde.",
                f.feature
            ),
            Lang::En => format!(
                "{} has shifted since the training data: {how}. PSI {psi}{ci}; a shift counts from {floor}, and even \
                 allowing for chance the PSI lies above it (test against {floor}: p {p} after {c} correction over \
                 {tested} tests). The model now scores different cases from the ones it learned from.",
                f.feature
            ),
        }
    });
    Finding {
        audit: "sampling".into(),
        attribute: f.feature.clone(),
        group: "scored data".into(),
        reference: "training data".into(),
        measure: Measure::Sampling(SamplingMeasure::Drift),
        value,
        reference_value: None,
        ratio: f.psi.clone(),
        p_adjusted: Some(p),
        text_nl,
        text_en,
    }
}

/// "mean 18.2 in training, 24.1 now" or "corporation: 78.1% in training, 41.0% now" (the category whose
/// share moved most).
pub fn shift_phrase(f: &DriftFeature, lang: Lang) -> String {
    match (f.kind, f.training_mean, f.current_mean) {
        (FeatureKind::Numeric, Some(a), Some(b)) => {
            let digits = if a.abs().max(b.abs()) >= 100.0 { 0 } else { 2 };
            match lang {
                Lang::Nl => format!(
                    "gemiddeld {} in de training, {} nu",
                    format::number(a, digits, lang),
                    format::number(b, digits, lang)
                ),
                Lang::En => format!(
                    "mean {} in training, {} now",
                    format::number(a, digits, lang),
                    format::number(b, digits, lang)
                ),
            }
        }
        _ => {
            let moved = f.bins.iter().max_by(|x, y| {
                (x.current_share - x.training_share)
                    .abs()
                    .total_cmp(&(y.current_share - y.training_share).abs())
            });
            match moved {
                Some(bin) => format!(
                    "{}: {} {}, {} {}",
                    bin.category.as_deref().unwrap_or_default(),
                    format::percent(bin.training_share, lang),
                    lang.pick("in de training", "in training"),
                    format::percent(bin.current_share, lang),
                    lang.pick("nu", "now")
                ),
                None => String::new(),
            }
        }
    }
}

/// The plain statement about a selected sample: `None` when every row carries a label.
pub fn selected_sample_statement(ls: &LabelSelection, lang: Lang) -> Option<String> {
    if !ls.selected_sample {
        return None;
    }
    let share = format::percent(ls.labelled_share.value.unwrap_or(0.0), lang);
    let skewed = |fewer: bool| -> Vec<String> {
        ls.attributes
            .iter()
            .flat_map(|a| {
                a.groups
                    .iter()
                    .filter(move |g| {
                        g.judgement
                            .as_ref()
                            .is_some_and(|j| j.verdict == Verdict::Flagged)
                            && g.ratio
                                .as_ref()
                                .and_then(|r| r.value)
                                .is_some_and(|r| (r < 1.0) == fewer)
                    })
                    .map(move |g| format!("{} = {}", a.attribute, g.group))
            })
            .collect()
    };
    let (less, more) = (skewed(true), skewed(false));
    let base = match lang {
        Lang::Nl => format!(
            "De uitkomst is alleen bekend voor {share} van de rijen. Het model leerde dus van een selectie, en de foutmaten \
             in deze audit gelden alleen voor de rijen met een bekende uitkomst."
        ),
        Lang::En => format!(
            "The outcome is known for only {share} of the rows. The model therefore learned from a selected sample, and \
             this audit's error rates hold only for the rows whose outcome is known."
        ),
    };
    if less.is_empty() && more.is_empty() {
        return Some(
            base + lang.pick(
                " Hoe vaak de uitkomst bekend is, verschilt niet aantoonbaar tussen de groepen.",
                " How often the outcome is known does not differ demonstrably between the groups.",
            ),
        );
    }
    let mut out = base
        + lang.pick(
            " Die selectie is scheef ten opzichte van de referentiegroep:",
            " That selection is skewed against the reference group:",
        );
    if !less.is_empty() {
        out += &format!(
            " {} {}",
            lang.pick("veel minder vaak bekend voor", "known far less often for"),
            less.join(", ")
        );
    }
    if !more.is_empty() {
        out += &format!(
            "{} {} {}",
            if less.is_empty() { "" } else { ";" },
            lang.pick("veel vaker bekend voor", "known far more often for"),
            more.join(", ")
        );
    }
    out.push('.');
    Some(out)
}
