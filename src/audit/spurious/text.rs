//! The spurious audit's findings and statements in plain Dutch and English.

use crate::audit::text::p_phrase;
use crate::format::{self, Lang};
use crate::policy::Rules;
use crate::record::spurious::{
    AssociationMeasure, FeatureAssociation, LeakKind, LeakageResult, ProxyAttribute, ProxyFeature,
    SpuriousSection, StabilityResult, TargetKind, TrendReason, TrendResult,
};
use crate::record::{Estimate, Finding, Measure, SpuriousMeasure, Verdict};

fn both(f: impl Fn(Lang) -> String) -> (String, String) {
    (f(Lang::Nl), f(Lang::En))
}

/// A trend reason in English (for the record's reasons).
pub fn reason_en(r: TrendReason) -> &'static str {
    reason(r, Lang::En)
}

/// A trend reason in words.
pub fn reason(r: TrendReason, lang: Lang) -> &'static str {
    match r {
        TrendReason::TooFewEffectivePoints => lang.pick(
            "te weinig onafhankelijke meetpunten in de tijd",
            "too few independent points over time",
        ),
        TrendReason::NotSignificantAfterAutocorrelation => lang.pick(
            "niet significant als je rekening houdt met de samenhang tussen opeenvolgende perioden",
            "not significant once the dependence between successive periods is accounted for",
        ),
        TrendReason::CollapsesWhenDetrended => lang.pick(
            "verdwijnt als de rechte trend eruit is gehaald",
            "disappears once the straight-line trend is removed",
        ),
        TrendReason::CollapsesWhenDifferenced => lang.pick(
            "verdwijnt in de veranderingen van periode tot periode",
            "disappears in the changes from period to period",
        ),
        TrendReason::CollapsesWithinPeriods => lang.pick(
            "verdwijnt binnen elke periode",
            "disappears within each period",
        ),
    }
}

/// Every finding of the section, in report order: leaks, trends, instability, proxies.
pub fn findings(s: &SpuriousSection, rules: &Rules) -> Vec<Finding> {
    let mut out = Vec::new();
    for l in s
        .leakage
        .iter()
        .filter(|l| l.judgement.verdict == Verdict::Flagged)
    {
        let association = s.associations.iter().find(|a| a.feature == l.feature);
        out.push(leak_finding(
            l,
            association,
            rules.confidence_level,
            (&s.target, s.target_kind),
            s.comparisons_tested,
        ));
    }
    let time = s.time.as_ref().map_or("time", |t| t.column.as_str());
    for t in s
        .trends
        .iter()
        .filter(|t| t.judgement.verdict == Verdict::Flagged)
    {
        out.push(trend_finding(t, &s.target, time));
    }
    for st in s
        .stability
        .iter()
        .filter(|x| x.judgement.verdict == Verdict::Flagged)
    {
        out.push(stability_finding(st, &s.target));
    }
    for a in &s.proxies {
        for f in a
            .features
            .iter()
            .filter(|f| f.judgement.verdict == Verdict::Flagged)
        {
            out.push(proxy_finding(a, f, rules, s.comparisons_tested));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)] // one field each of the record's `Finding`
fn finding(
    feature: &str,
    group: &str,
    reference: &str,
    measure: SpuriousMeasure,
    value: f64,
    reference_value: Option<f64>,
    ratio: Estimate,
    p: Option<f64>,
    texts: (String, String),
) -> Finding {
    Finding {
        audit: "spurious".into(),
        attribute: feature.to_string(),
        group: group.to_string(),
        reference: reference.to_string(),
        measure: Measure::Spurious(measure),
        value,
        reference_value,
        ratio,
        p_adjusted: p,
        text_nl: texts.0,
        text_en: texts.1,
    }
}

fn kind_name(k: LeakKind) -> &'static str {
    match k {
        LeakKind::NearlyDeterminesOutcome => "nearly determines the outcome",
        LeakKind::IdentifierLike => "identifier-like",
        LeakKind::MissingOnlyWhenPositive => "missing only when positive",
        LeakKind::MissingOnlyWhenNegative => "missing only when negative",
    }
}

/// A leak's value with its interval, or the reason it has none. A numeric column's folded AUC
/// `max(A, 1 − A)` takes its association's DeLong interval, folded the same way (`[1 − high, 1 − low]`
/// when `A < ½`).
fn leak_estimate(l: &LeakageResult, association: Option<&FeatureAssociation>) -> Estimate {
    let Some(v) = l.value else {
        return Estimate::undefined("the column's order could not be tested");
    };
    if let Some([lo, hi]) = l.interval {
        return Estimate::with_interval(v, Some((lo, hi)));
    }
    let why = match l.kind {
        LeakKind::NearlyDeterminesOutcome => {
            let effect = association
                .filter(|a| a.measure == AssociationMeasure::Auc)
                .map(|a| &a.effect);
            if let Some((auc, lo, hi)) =
                effect.and_then(|e| Some((e.value?, e.ci_low?, e.ci_high?)))
            {
                let folded = if auc >= 0.5 {
                    (lo, hi)
                } else {
                    (1.0 - hi, 1.0 - lo)
                };
                return Estimate::with_interval(v, Some(folded));
            }
            match effect {
                Some(e) => e.undefined.as_deref().unwrap_or("no DeLong interval"),
                None => {
                    "no interval: the categories are ordered by their outcome rates in these same \
                     rows, so this AUC is a fitted, optimistic value; the χ² test's p-value carries the \
                     evidence"
                }
            }
        }
        LeakKind::IdentifierLike => {
            "no interval kept: only the order test's p-value is kept for an identifier-like column"
        }
        _ => {
            "no interval kept: the counts behind the share are in the detail, and the \
             two-proportion test's p-value carries the evidence"
        }
    };
    let mut e = Estimate::with_interval(v, None);
    e.note(why);
    e
}

fn leak_finding(
    l: &LeakageResult,
    association: Option<&FeatureAssociation>,
    level: f64,
    (target, kind): (&str, Option<TargetKind>),
    tested: u64,
) -> Finding {
    let p = l.judgement.p_adjusted;
    let estimate = leak_estimate(l, association);
    // The measure of the order: the AUC for a 0/1 outcome, Harrell's concordance C (its
    // generalisation) for a numeric outcome.
    let numeric = kind.is_some_and(|k| k != TargetKind::Binary);
    let texts = both(|lang| {
        let measure = if numeric {
            lang.pick("concordantie C", "concordance C")
        } else {
            "AUC"
        };
        // "0.984" or "0.984, 95% CI 0.980–0.988" (inside the sentence's own parentheses).
        let three = |x: f64| format::number(x, 3, lang);
        let mut auc = three(l.value.unwrap_or(f64::NAN));
        if let (Some(lo), Some(hi)) = (estimate.ci_low, estimate.ci_high) {
            let label = crate::audit::text::ci_label(level, lang);
            auc = format!("{auc}, {label} {}–{}", three(lo), three(hi));
        }
        let chance = p
            .map(|p| {
                format!(
                    " (p {} {} {tested} {})",
                    p_phrase(p, lang),
                    lang.pick("na correctie over", "after correction over"),
                    lang.pick("toetsen", "tests")
                )
            })
            .unwrap_or_default();
        let f = &l.feature;
        match (l.kind, lang) {
            (LeakKind::NearlyDeterminesOutcome, Lang::Nl) => format!(
                "De kolom {f} voorspelt in haar eentje {target} bijna perfect ({measure} {auc}){chance}. Waarschijnlijk wordt \
                 zij pas na de uitkomst vastgelegd: een lek. Een model dat ervan leert lijkt nauwkeurig, maar werkt niet \
                 bij nieuwe gevallen."
            ),
            (LeakKind::NearlyDeterminesOutcome, Lang::En) => format!(
                "The column {f} on its own predicts {target} almost perfectly ({measure} {auc}){chance}. It is probably \
                 recorded after the outcome: a leak. A model that learns from it looks accurate but fails on new cases."
            ),
            (LeakKind::IdentifierLike, Lang::Nl) => format!(
                "De kolom {f} lijkt een volgnummer of kenmerk ({}), maar de volgorde ervan verraadt {target} \
                 ({measure} {auc}){chance}. Een nummer hoort niets over de uitkomst te zeggen; hier doet het dat wel, \
                 door hoe de rijen zijn verzameld of gesorteerd.",
                l.detail
            ),
            (LeakKind::IdentifierLike, Lang::En) => format!(
                "The column {f} looks like an identifier ({}), yet its order tells {target} apart ({measure} {auc}){chance}. \
                 A number like this should say nothing about the outcome; here it does, through how the rows were \
                 collected or sorted.",
                l.detail
            ),
            (_, Lang::Nl) => format!(
                "De kolom {f} is {} ({}){chance}. Of een waarde ontbreekt, verraadt dan de uitkomst aan het model.",
                missing_words(l.kind, lang),
                l.detail
            ),
            (_, Lang::En) => format!(
                "The column {f} is {} ({}){chance}. Whether a value is missing then gives the outcome away to the model.",
                missing_words(l.kind, lang),
                l.detail
            ),
        }
    });
    finding(
        &l.feature,
        kind_name(l.kind),
        target,
        SpuriousMeasure::Leak,
        l.value.unwrap_or(f64::NAN),
        None,
        estimate,
        p,
        texts,
    )
}

fn missing_words(k: LeakKind, lang: Lang) -> &'static str {
    match k {
        LeakKind::MissingOnlyWhenPositive => lang.pick(
            "alleen leeg in positieve rijen",
            "empty only in positive rows",
        ),
        _ => lang.pick(
            "alleen leeg in negatieve rijen",
            "empty only in negative rows",
        ),
    }
}

fn r_text(r: f64, lang: Lang) -> String {
    format::number(r, 3, lang)
}

fn trend_finding(t: &TrendResult, target: &str, time: &str) -> Finding {
    let texts = both(|lang| {
        let f = &t.feature;
        let r = r_text(t.overall.r, lang);
        let reasons = t
            .series
            .reasons
            .iter()
            .map(|x| reason(*x, lang))
            .collect::<Vec<_>>()
            .join("; ");
        let within = t
            .within_periods
            .as_ref()
            .filter(|_| t.reasons.contains(&TrendReason::CollapsesWithinPeriods));
        match (within, lang) {
            (Some(w), Lang::Nl) => format!(
                "De samenhang tussen {f} en {target} (r = {r}) komt van een gedeeld patroon in de tijd ({time}): \
                 binnen elke periode verdwijnt zij (r = {}, p {}). Deze kolom zegt niets over de uitkomst zelf; \
                 zij beweegt alleen mee met de tijd.",
                r_text(w.r, lang),
                p_phrase(w.p_value, lang)
            ),
            (Some(w), Lang::En) => format!(
                "The relation between {f} and {target} (r = {r}) comes from a shared pattern over time ({time}): \
                 within each period it disappears (r = {}, p {}). The column says nothing about the outcome itself; \
                 it only moves with time.",
                r_text(w.r, lang),
                p_phrase(w.p_value, lang)
            ),
            (None, Lang::Nl) => format!(
                "De samenhang tussen {f} en {target} (r = {r} over {} perioden) komt van een gedeelde trend in de \
                 tijd: {reasons}. Er zijn maar {} onafhankelijke meetpunten.",
                t.series.points,
                format::number(t.series.effective_points.unwrap_or(f64::NAN), 1, lang)
            ),
            (None, Lang::En) => format!(
                "The relation between {f} and {target} (r = {r} over {} periods) comes from a shared trend over time: \
                 {reasons}. It rests on only {} independent points.",
                t.series.points,
                format::number(t.series.effective_points.unwrap_or(f64::NAN), 1, lang)
            ),
        }
    });
    finding(
        &t.feature,
        time,
        target,
        SpuriousMeasure::TrendDriven,
        t.overall.r,
        t.within_periods.map(|w| w.r),
        Estimate::with_interval(t.overall.r, t.overall.ci_low.zip(t.overall.ci_high)),
        t.judgement.p_value,
        texts,
    )
}

fn stability_finding(s: &StabilityResult, target: &str) -> Finding {
    let texts = both(|lang| {
        let f = &s.feature;
        let by = &s.by;
        let r = r_text(s.overall_r, lang);
        match (&s.rests_on, lang) {
            (Some(x), Lang::Nl) => format!(
                "De samenhang tussen {f} en {target} (r = {r}) hangt aan één {by}: zonder {x} verdwijnt zij. \
                 Een model dat erop leunt, werkt elders waarschijnlijk niet."
            ),
            (Some(x), Lang::En) => format!(
                "The relation between {f} and {target} (r = {r}) rests on one {by}: without {x} it disappears. \
                 A model that leans on it probably does not work elsewhere."
            ),
            (None, Lang::Nl) => format!(
                "De samenhang tussen {f} en {target} (r = {r}) keert om in {} ({by}). Een model dat erop leunt, \
                 zit daar de verkeerde kant op.",
                s.sign_flips.join(", ")
            ),
            (None, Lang::En) => format!(
                "The relation between {f} and {target} (r = {r}) reverses in {} ({by}). A model that leans on it \
                 points the wrong way there.",
                s.sign_flips.join(", ")
            ),
        }
    });
    finding(
        &s.feature,
        &s.by,
        target,
        SpuriousMeasure::Unstable,
        s.overall_r,
        None,
        Estimate::with_interval(s.overall_r, None),
        s.judgement.p_adjusted,
        texts,
    )
}

fn proxy_finding(a: &ProxyAttribute, f: &ProxyFeature, rules: &Rules, tested: u64) -> Finding {
    let v = f.cramers_v.value.unwrap_or(f64::NAN);
    let p = f.judgement.p_adjusted;
    let texts = both(|lang| {
        let vv = format::number(v, 2, lang);
        let floor = format::number(rules.proxy_strength, 2, lang);
        let chance = p
            .map(|p| {
                format!(
                    "p {} {} {tested} {}",
                    p_phrase(p, lang),
                    lang.pick("na correctie over", "after correction over"),
                    lang.pick("toetsen", "tests")
                )
            })
            .unwrap_or_default();
        let (feature, attr) = (&f.feature, &a.attribute);
        match lang {
            Lang::Nl => format!(
                "{feature}, waar het model op leunt, is een sterke vervanger van {attr} (Cramérs V {vv}, sterk vanaf \
                 {floor}; {chance}). Via {feature} kan het model groepen van {attr} verschillend behandelen, ook al \
                 ziet het {attr} zelf niet."
            ),
            Lang::En => format!(
                "{feature}, which the model uses, is a strong stand-in for {attr} (Cramér's V {vv}, strong from {floor}; \
                 {chance}). Through {feature} the model can treat the groups of {attr} differently without ever \
                 seeing {attr}."
            ),
        }
    });
    finding(
        &f.feature,
        &a.attribute,
        &a.attribute,
        SpuriousMeasure::Proxy,
        v,
        None,
        f.cramers_v.clone(),
        p,
        texts,
    )
}

/// "Of 12 features tested, 4 would pass by chance alone at α = 0.05 (0.6 expected); 3 remain after
/// correction."
pub fn chance_statement(s: &SpuriousSection, alpha: f64, lang: Lang) -> String {
    let alpha = format::number(alpha, 2, lang);
    let expected = format::number(s.expected_by_chance, 1, lang);
    match lang {
        Lang::Nl => format!(
            "Van de {} geteste kolommen hangen er {} samen met {} bij p < {alpha} zonder correctie; door toeval alleen \
             verwacht je er {expected}. Na correctie voor het aantal toetsen blijven er {} over.",
            s.features_tested, s.significant_uncorrected, s.target, s.significant_corrected
        ),
        Lang::En => format!(
            "Of the {} columns tested, {} are related to {} at p < {alpha} before correction; chance alone would give \
             about {expected}. After correcting for the number of tests, {} remain.",
            s.features_tested, s.significant_uncorrected, s.target, s.significant_corrected
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sampling::{FeatureKind, Judgement};

    fn judgement() -> Judgement {
        Judgement {
            p_value: Some(1e-9),
            p_adjusted: Some(1e-8),
            verdict: Verdict::Flagged,
            reason: String::new(),
        }
    }

    fn leak(kind: LeakKind, value: f64) -> LeakageResult {
        LeakageResult {
            feature: "x".into(),
            kind,
            value: Some(value),
            detail: String::new(),
            interval: None,
            judgement: judgement(),
        }
    }

    fn auc_association(auc: f64, ci: (f64, f64)) -> FeatureAssociation {
        FeatureAssociation {
            feature: "x".into(),
            kind: FeatureKind::Numeric,
            model_input: None,
            rows: 500,
            missing: 0,
            measure: AssociationMeasure::Auc,
            effect: Estimate::with_interval(auc, Some(ci)),
            pearson: None,
            spearman: None,
            chi_square: None,
            mutual_information_bits: None,
            g_test: None,
            judgement: judgement(),
        }
    }

    #[test]
    fn a_leaks_auc_takes_its_delong_interval_folded_like_the_auc() {
        // AUC 0.03 (the column falls as the outcome rises): folded 0.97, interval 1 − (0.05, 0.01).
        let low_auc = auc_association(0.03, (0.01, 0.05));
        let e = leak_estimate(
            &leak(LeakKind::NearlyDeterminesOutcome, 0.97),
            Some(&low_auc),
        );
        assert_eq!(e.value, Some(0.97));
        approx::assert_relative_eq!(e.ci_low.unwrap(), 0.95, epsilon = 1e-12);
        approx::assert_relative_eq!(e.ci_high.unwrap(), 0.99, epsilon = 1e-12);
        // AUC 0.9 stays as it is.
        let high_auc = auc_association(0.9, (0.86, 0.94));
        let e = leak_estimate(
            &leak(LeakKind::NearlyDeterminesOutcome, 0.9),
            Some(&high_auc),
        );
        assert_eq!((e.ci_low, e.ci_high), (Some(0.86), Some(0.94)));
        // A categorical column's fitted AUC and a telling missingness share have no interval, and
        // say why.
        for (kind, association) in [
            (LeakKind::NearlyDeterminesOutcome, None),
            (LeakKind::MissingOnlyWhenPositive, None),
            (LeakKind::IdentifierLike, None),
        ] {
            let e = leak_estimate(&leak(kind, 0.85), association);
            assert_eq!((e.value, e.ci_low), (Some(0.85), None));
            assert!(e.undefined.unwrap().starts_with("no interval"), "{kind:?}");
        }
    }
}
