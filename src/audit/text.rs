//! Plain-language wording of metrics and findings, in Dutch and English.

use crate::audit::metric::Metric;
use crate::format::{self, Lang};
use crate::policy::Rules;
use crate::record::{
    Comparison, Estimate, Measure, MetricResult, SamplingMeasure, SpuriousMeasure,
};
use crate::stats::Correction;

/// Short name of what a finding measures: a metric, or a sampling measure.
pub fn measure_label(measure: Measure, lang: Lang) -> &'static str {
    let (nl, en) = match measure {
        Measure::Metric(m) => return metric_label(m, lang),
        Measure::Sampling(SamplingMeasure::Representation) => (
            "vertegenwoordiging in de data",
            "representation in the data",
        ),
        Measure::Sampling(SamplingMeasure::LabelledShare) => {
            ("deel met bekende uitkomst", "share with a known outcome")
        }
        Measure::Sampling(SamplingMeasure::ReportingRate) => ("meldingsgraad", "reporting rate"),
        Measure::Sampling(SamplingMeasure::Drift) => (
            "verschuiving sinds de training (PSI)",
            "shift since training (PSI)",
        ),
        Measure::Spurious(SpuriousMeasure::Leak) => {
            ("lekt de uitkomst (AUC)", "leaks the outcome (AUC)")
        }
        Measure::Spurious(SpuriousMeasure::TrendDriven) => (
            "samenhang door een gedeelde trend",
            "association through a shared trend",
        ),
        Measure::Spurious(SpuriousMeasure::Unstable) => {
            ("instabiele samenhang", "unstable association")
        }
        Measure::Spurious(SpuriousMeasure::Proxy) => (
            "vervanger van een beschermd kenmerk (Cramérs V)",
            "proxy for a protected attribute (Cramér's V)",
        ),
    };
    lang.pick(nl, en)
}

/// Short name of a metric, e.g. "gemiste gevallen (FNR)".
pub fn metric_label(metric: Metric, lang: Lang) -> &'static str {
    let (nl, en) = match metric {
        Metric::Tpr => ("gevonden gevallen (TPR)", "cases found (TPR)"),
        Metric::Fnr => ("gemiste gevallen (FNR)", "cases missed (FNR)"),
        Metric::Fpr => ("vals alarm (FPR)", "false alarms (FPR)"),
        Metric::Tnr => ("terecht niet aangewezen (TNR)", "correctly cleared (TNR)"),
        Metric::Ppv => ("terecht aangewezen (PPV)", "flags that were right (PPV)"),
        Metric::Fdr => ("onterecht aangewezen (FDR)", "flags that were wrong (FDR)"),
        Metric::Npv => (
            "terecht vrijgegeven (NPV)",
            "clearances that were right (NPV)",
        ),
        Metric::For => (
            "onterecht vrijgegeven (FOR)",
            "clearances that were wrong (FOR)",
        ),
        Metric::SelectionRate => ("aangewezen (selectiegraad)", "selected (selection rate)"),
        Metric::Prevalence => ("echte gevallen (basisfrequentie)", "true cases (base rate)"),
        Metric::Accuracy => (
            "juiste voorspellingen (accuracy)",
            "correct predictions (accuracy)",
        ),
    };
    lang.pick(nl, en)
}

/// What the metric measures, as a phrase that completes "… is X in this group".
fn metric_phrase(metric: Metric, lang: Lang) -> &'static str {
    let (nl, en) = match metric {
        Metric::Tpr => (
            "het aandeel echte gevallen dat het model vindt",
            "the share of true cases the model finds",
        ),
        Metric::Fnr => (
            "het aandeel echte gevallen dat het model mist",
            "the share of true cases the model misses",
        ),
        Metric::Fpr => (
            "het aandeel gevallen zonder probleem dat het model toch aanwijst (vals alarm)",
            "the share of cases without a problem that the model flags anyway (false alarms)",
        ),
        Metric::Tnr => (
            "het aandeel gevallen zonder probleem dat het model terecht niet aanwijst",
            "the share of cases without a problem that the model correctly leaves alone",
        ),
        Metric::Ppv => (
            "het aandeel aanwijzingen dat terecht is",
            "the share of flags that are right",
        ),
        Metric::Fdr => (
            "het aandeel aanwijzingen dat onterecht is",
            "the share of flags that are wrong",
        ),
        Metric::Npv => (
            "het aandeel vrijgegeven gevallen dat terecht is",
            "the share of cleared cases that are right",
        ),
        Metric::For => (
            "het aandeel vrijgegeven gevallen dat toch een probleem heeft",
            "the share of cleared cases that do have a problem",
        ),
        Metric::SelectionRate => (
            "het aandeel dat het model aanwijst",
            "the share the model selects",
        ),
        Metric::Prevalence => ("het aandeel echte gevallen", "the share of true cases"),
        Metric::Accuracy => (
            "het aandeel juiste voorspellingen",
            "the share of correct predictions",
        ),
    };
    lang.pick(nl, en)
}

/// "95%-BI" / "95% CI" at the policy's confidence `level` (0.9 → "90%", 0.975 → "97.5%").
pub(crate) fn ci_label(level: f64, lang: Lang) -> String {
    let percent = level * 100.0;
    let decimals = if (percent - percent.round()).abs() < 1e-9 {
        0
    } else {
        1
    };
    let n = format::number(percent, decimals, lang);
    match lang {
        Lang::Nl => format!("{n}%-BI"),
        Lang::En => format!("{n}% CI"),
    }
}

/// ` (95% CI low–high)` after a value (at the policy's confidence `level`), or nothing when the
/// estimate has no closed-form interval.
pub(crate) fn interval(
    e: &Estimate,
    level: f64,
    lang: Lang,
    fmt: impl Fn(f64, Lang) -> String,
) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(lo), Some(hi)) => format!(
            " ({} {}–{})",
            ci_label(level, lang),
            fmt(lo, lang),
            fmt(hi, lang)
        ),
        _ => String::new(),
    }
}

/// The Dutch and English sentence for a flagged comparison.
#[allow(clippy::too_many_arguments)]
pub fn finding_texts(
    attribute: &str,
    group: &str,
    reference: &str,
    m: &MetricResult,
    reference_estimate: &Estimate,
    c: &Comparison,
    rules: &Rules,
    tested: u64,
) -> (String, String) {
    let one = |lang: Lang| {
        let value = m
            .estimate
            .value
            .map(|v| format::percent(v, lang))
            .unwrap_or_default();
        let ref_value = reference_estimate
            .value
            .map(|v| format::percent(v, lang))
            .unwrap_or_default();
        let ratio = c
            .ratio
            .value
            .map(|v| format::number(v, 2, lang))
            .unwrap_or_default();
        let level = rules.confidence_level;
        let ratio_ci = interval(&c.ratio, level, lang, |x, l| format::number(x, 2, l));
        let value_ci = interval(&m.estimate, level, lang, format::percent);
        let band = format!(
            "{}–{}",
            format::number(rules.band_low, 2, lang),
            format::number(rules.band_high, 2, lang)
        );
        let p = c.p_adjusted.map(|p| p_phrase(p, lang)).unwrap_or_default();
        let correction = correction_name(rules.correction);
        match lang {
            Lang::Nl => format!(
                "{attribute} = {group}: {} is {value}{value_ci}, tegen {ref_value} in de referentiegroep {reference}. \
                 Dat is {ratio} keer zoveel{ratio_ci}. Ook als je rekening houdt met toeval, ligt dit buiten de band \
                 {band} die het beleid accepteert (toets tegen de rand van de band: p {p} na {correction}-correctie \
                 over {tested} vergelijkingen).",
                metric_phrase(m.metric, lang)
            ),
            Lang::En => format!(
                "{attribute} = {group}: {} is {value}{value_ci}, against {ref_value} in the reference group {reference}. \
                 That is {ratio} times as much{ratio_ci}. Even allowing for chance, this lies beyond the band {band} \
                 the policy accepts (test against the band's edge: p {p} after {correction} correction over {tested} \
                 comparisons).",
                metric_phrase(m.metric, lang)
            ),
        }
    };
    (one(Lang::Nl), one(Lang::En))
}

/// `= 0.0123` or `< 0.0001`, to follow "p".
pub(crate) fn p_phrase(p: f64, lang: Lang) -> String {
    let shown = format::p_value(p, lang);
    if shown.starts_with('<') {
        shown
    } else {
        format!("= {shown}")
    }
}

/// The name of a multiple-comparison correction in a sentence.
pub(crate) fn correction_name(c: Correction) -> &'static str {
    match c {
        Correction::BenjaminiHochberg => "Benjamini–Hochberg",
        Correction::Holm => "Holm",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_label_states_the_policys_level() {
        assert_eq!(ci_label(0.95, Lang::En), "95% CI");
        assert_eq!(ci_label(0.95, Lang::Nl), "95%-BI");
        assert_eq!(ci_label(0.9, Lang::En), "90% CI");
        assert_eq!(ci_label(0.975, Lang::Nl), "97,5%-BI");
        assert_eq!(ci_label(0.99, Lang::En), "99% CI");
    }
}
