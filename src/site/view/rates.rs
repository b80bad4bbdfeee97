//! The error-rate table of an attribute: which rate metrics are shown, and per group each rate with
//! its interval, its ratio to the reference group and the policy's verdict.

use tera::Value;

use super::cell::{
    Obj, absent_cell, estimate_cell, not_available, range_text, shown_interval, suppressed_text,
};
use crate::audit::metric::Metric;
use crate::audit::text::metric_label;
use crate::format::{self, Lang};
use crate::record::{AuditRecord, Comparison, GroupResult, Verdict};

/// Metrics shown in the public group table besides the ones the policy judges.
const SHOWN_METRICS: [Metric; 6] = [
    Metric::SelectionRate,
    Metric::Prevalence,
    Metric::Tpr,
    Metric::Fnr,
    Metric::Fpr,
    Metric::Ppv,
];

/// The shown metrics (judged ones first) and their column headers.
pub fn rate_columns(rec: &AuditRecord, lang: Lang) -> (Vec<Metric>, Vec<Value>) {
    let mut shown: Vec<Metric> = rec.policy.metrics.clone();
    shown.extend(
        SHOWN_METRICS
            .iter()
            .filter(|x| !rec.policy.metrics.contains(x)),
    );
    let columns = shown
        .iter()
        .map(|&x| {
            let judged = rec.policy.metrics.contains(&x);
            Value::from(
                Obj::new()
                    .set("label", metric_label(x, lang))
                    .set("judged", judged)
                    .set(
                        "judged_note",
                        if judged {
                            lang.pick("getoetst", "judged")
                        } else {
                            ""
                        },
                    ),
            )
        })
        .collect();
    (shown, columns)
}

fn verdict_text(v: Verdict, reason: &str, smallest_n: u64, lang: Lang) -> String {
    match v {
        Verdict::Flagged => lang.pick("⚑ afwijking", "⚑ finding").to_string(),
        Verdict::WithinBand => lang.pick("binnen de band", "within the band").to_string(),
        Verdict::Uncertain => lang
            .pick(
                "onzeker: het interval ligt deels in, deels buiten de band",
                "uncertain: the interval lies partly inside, partly outside the band",
            )
            .to_string(),
        Verdict::TooFewRows => match lang {
            Lang::Nl => format!("te weinig rijen om te oordelen (n = {smallest_n})"),
            Lang::En => format!("too few rows to judge (n = {smallest_n})"),
        },
        Verdict::Undefined => {
            lang.pick("niet te bepalen", "cannot be determined")
                .to_string()
                + ": "
                + reason
        }
        Verdict::NotJudged => String::new(),
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Flagged => "flagged",
        Verdict::WithinBand => "ok",
        Verdict::Uncertain => "chance",
        Verdict::TooFewRows | Verdict::Undefined => "nojudge",
        Verdict::NotJudged => "",
    }
}

/// "×1,17 (0,95–1,43)", or "verhouding n.v.t." with the reason (unless the verdict already says it).
fn ratio_text(c: &Comparison, lang: Lang) -> (String, String) {
    let two = |x: f64, l: Lang| format::number(x, 2, l);
    match c.ratio.value {
        Some(v) => {
            let text = match shown_interval(&c.ratio) {
                Some((lo, hi, _)) => format!(
                    "×{} ({})",
                    two(v, lang),
                    range_text(two(lo, lang), two(hi, lang), lang)
                ),
                None => format!("×{}", two(v, lang)),
            };
            (text, String::new())
        }
        None => {
            let label = format!(
                "{} {}",
                lang.pick("verhouding", "ratio"),
                not_available(lang)
            );
            let reason = if c.verdict == Verdict::Undefined {
                String::new()
            } else {
                c.ratio.undefined.clone().unwrap_or_default()
            };
            (label, reason)
        }
    }
}

/// One group's row of the rate table; a group below `min_rows` rows shows no numbers.
pub fn rate_row(
    g: &GroupResult,
    reference: &str,
    shown: &[Metric],
    lang: Lang,
    min_rows: u64,
) -> Value {
    let is_ref = g.group == reference;
    if g.n < min_rows {
        return Obj::new()
            .set("group", g.group.as_str())
            .set("suppressed", true)
            .set("suppressed_text", suppressed_text(false, min_rows, lang))
            .set("is_reference", is_ref)
            .into();
    }
    let cells: Vec<Value> = shown
        .iter()
        .map(|&x| {
            let Some(mr) = g.metrics.iter().find(|r| r.metric == x) else {
                return Value::from(
                    absent_cell(lang)
                        .set("ratio", "")
                        .set("ratio_note", "")
                        .set("ratio_note_lang", "")
                        .set("verdict", "")
                        .set("verdict_class", ""),
                );
            };
            let cell = estimate_cell(&mr.estimate, lang, format::percent);
            let (ratio, ratio_note, verdict, class) = match &mr.comparison {
                None => (
                    lang.pick("referentie", "reference").to_string(),
                    String::new(),
                    String::new(),
                    "",
                ),
                Some(c) => {
                    // Without a value the cell already says why; the ratio adds nothing.
                    let (ratio, note) = if mr.estimate.value.is_some() {
                        ratio_text(c, lang)
                    } else {
                        (String::new(), String::new())
                    };
                    (
                        ratio,
                        note,
                        verdict_text(c.verdict, &c.reason, c.smallest_n, lang),
                        verdict_class(c.verdict),
                    )
                }
            };
            Value::from(
                cell.set("ratio", ratio)
                    .set("ratio_note", ratio_note)
                    .set("ratio_note_lang", lang.pick("en", ""))
                    .set("verdict", verdict)
                    .set("verdict_class", class),
            )
        })
        .collect();
    Obj::new()
        .set("group", g.group.as_str())
        .set("suppressed", false)
        .set("is_reference", is_ref)
        .set("n", format::count(g.n, lang))
        .set("labelled", format::count(g.labelled, lang))
        .set("cells", cells)
        .into()
}
