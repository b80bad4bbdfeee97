//! The value tables of an attribute (metrics that are not proportions of counts): discrimination and
//! calibration of score models, the overall calibration bins, and predicted counts of count models.
//! All share one table shape: `caption`, `intro` lines, `head`, `columns`, `rows`, `colspan`.

use std::iter::once;

use tera::Value;

use super::cell::{Obj, absent_cell, estimate_cell, signed, suppressed_text, text_cell};
use crate::format::{self, Lang};
use crate::record::subgroup::AttributeResult;
use crate::record::{CalibrationBin, GroupResult, ValueMetric, ValueMetricKind};

fn two(x: f64, lang: Lang) -> String {
    format::number(x, 2, lang)
}

fn three(x: f64, lang: Lang) -> String {
    format::number(x, 3, lang)
}

fn signed_three(x: f64, lang: Lang) -> String {
    signed(x, 3, lang)
}

/// A table in the shared shape.
fn table(
    caption: String,
    intro: Vec<&str>,
    head: &str,
    columns: Vec<&str>,
    rows: Vec<Value>,
) -> Value {
    let colspan = columns.len();
    Obj::new()
        .set("caption", caption)
        .set("intro", intro)
        .set("head", head)
        .set("columns", columns)
        .set("rows", rows)
        .set("colspan", colspan)
        .into()
}

/// A row; `suppressed` holds the suppression text when the row may not show numbers.
fn row(label: &str, class: &str, suppressed: Option<String>, cells: Vec<Value>) -> Value {
    Obj::new()
        .set("label", label)
        .set("class", class)
        .set("suppressed", suppressed.is_some())
        .set("suppressed_text", suppressed.clone().unwrap_or_default())
        .set(
            "cells",
            if suppressed.is_some() {
                Vec::new()
            } else {
                cells
            },
        )
        .into()
}

/// Which of the attribute's groups a row is.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Overall,
    Reference,
    Other,
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Overall => "all",
        Role::Reference => "ref",
        Role::Other => "",
    }
}

/// The rows of an attribute: all groups together first, then every group.
fn roles(attr: &AttributeResult) -> impl Iterator<Item = (&GroupResult, Role)> {
    once((&attr.overall, Role::Overall)).chain(attr.groups.iter().map(|g| {
        let role = if g.group == attr.reference {
            Role::Reference
        } else {
            Role::Other
        };
        (g, role)
    }))
}

fn row_label(g: &GroupResult, role: Role, lang: Lang) -> String {
    match role {
        Role::Overall => lang
            .pick("Alle groepen samen", "All groups together")
            .to_string(),
        _ => g.group.clone(),
    }
}

/// The privacy rule for a value row: fewer than `min_rows` rows, or the values resting on
/// fewer than that many rows, and the row shows only the suppression text.
fn suppression(
    g: &GroupResult,
    metrics: &[ValueMetric],
    lang: Lang,
    min_rows: u64,
) -> Option<String> {
    let rests_on = metrics.iter().map(|m| m.rows).min().unwrap_or(g.n);
    if g.n < min_rows {
        Some(suppressed_text(false, min_rows, lang))
    } else if rests_on < min_rows {
        Some(suppressed_text(rests_on < g.n, min_rows, lang))
    } else {
        None
    }
}

fn find(metrics: &[ValueMetric], kind: ValueMetricKind) -> Option<&ValueMetric> {
    metrics.iter().find(|m| m.metric == kind)
}

/// The value of one metric with its interval, or n/a with the reason.
fn value_cell(
    metrics: &[ValueMetric],
    kind: ValueMetricKind,
    lang: Lang,
    fmt: fn(f64, Lang) -> String,
) -> Value {
    find(metrics, kind)
        .map_or_else(
            || absent_cell(lang),
            |m| estimate_cell(&m.estimate, lang, fmt),
        )
        .into()
}

/// The difference of a metric to the reference group, with its interval.
fn difference_cell(
    metrics: &[ValueMetric],
    kind: ValueMetricKind,
    role: Role,
    lang: Lang,
    fmt: fn(f64, Lang) -> String,
) -> Value {
    match role {
        Role::Overall => text_cell(lang.pick(
            "alle groepen: geen vergelijking",
            "all groups: not compared",
        )),
        Role::Reference => text_cell(lang.pick("referentie", "reference")),
        Role::Other => find(metrics, kind)
            .and_then(|m| m.comparison.as_ref())
            .map_or_else(
                || absent_cell(lang),
                |c| estimate_cell(&c.difference, lang, fmt),
            )
            .into(),
    }
}

/// "Onderscheidend vermogen en kalibratie" of a score model; `None` for other models.
pub fn score_table(
    attr: &AttributeResult,
    caption: &str,
    intro: bool,
    lang: Lang,
    min_rows: u64,
) -> Option<Value> {
    if roles(attr).all(|(g, _)| g.score_metrics.is_empty()) {
        return None;
    }
    use ValueMetricKind as K;
    let rows = roles(attr)
        .map(|(g, role)| {
            let m = &g.score_metrics;
            let rests_on = find(m, K::Auc).map_or(g.labelled, |a| a.rows);
            let cells = vec![
                text_cell(&format::count(rests_on, lang)),
                value_cell(m, K::Auc, lang, three),
                difference_cell(m, K::Auc, role, lang, signed_three),
                value_cell(m, K::MeanScore, lang, format::percent),
                value_cell(m, K::ObservedRate, lang, format::percent),
                value_cell(m, K::OeRatio, lang, two),
                value_cell(m, K::Ece, lang, format::percent),
            ];
            row(
                &row_label(g, role, lang),
                role_class(role),
                suppression(g, m, lang, min_rows),
                cells,
            )
        })
        .collect();
    let intro = if intro {
        vec![
            lang.pick(
                "AUC (onderscheidend vermogen): hoe vaak het model een echt geval een hogere score geeft dan een geval zonder probleem. 1 is perfect, 0,5 is niet beter dan gokken.",
                "AUC (discrimination): how often the model gives a real case a higher score than a case without a problem. 1 is perfect, 0.5 is no better than guessing.",
            ),
            lang.pick(
                "Kalibratie: klopt de score als kans? Van de gevallen met een score van 30% heeft dan ongeveer 30% echt een probleem. O/E is het waargenomen aandeel gedeeld door de gemiddelde score: boven 1 schat het model te laag, onder 1 te hoog. ECE is hoeveel de score gemiddeld naast het waargenomen aandeel zit, in procentpunten (0 is perfect).",
                "Calibration: does the score work as a chance? Then about 30% of the cases with a score of 30% really have a problem. O/E is the observed share divided by the mean score: above 1 the model estimates too low, below 1 too high. ECE is how far the score is from the observed share on average, in percentage points (0 is perfect).",
            ),
            lang.pick(
                "Deze getallen staan er ter informatie: het beleid toetst ze niet. Het AUC-verschil is dat met de referentiegroep.",
                "These numbers are reported, not judged by the policy. The AUC difference is the one with the reference group.",
            ),
        ]
    } else {
        Vec::new()
    };
    let columns = match lang {
        Lang::Nl => vec![
            "Met uitkomst",
            "AUC",
            "AUC-verschil met de referentie",
            "Gemiddelde score",
            "Waargenomen aandeel",
            "O/E",
            "ECE",
        ],
        Lang::En => vec![
            "With outcome",
            "AUC",
            "AUC difference to the reference",
            "Mean score",
            "Observed share",
            "O/E",
            "ECE",
        ],
    };
    let title = lang.pick(
        "Onderscheidend vermogen en kalibratie",
        "Discrimination and calibration",
    );
    Some(table(
        format!("{title} — {caption}"),
        intro,
        lang.pick("Groep", "Group"),
        columns,
        rows,
    ))
}

/// "0,2–0,3": a bin's score range, with as many decimals as its edges need (1 or 2).
fn bin_label(b: &CalibrationBin, lang: Lang) -> String {
    let tenths = |x: f64| ((x * 10.0).round() - x * 10.0).abs() < 1e-9;
    let decimals = if tenths(b.low) && tenths(b.high) {
        1
    } else {
        2
    };
    format!(
        "{}–{}",
        format::number(b.low, decimals, lang),
        format::number(b.high, decimals, lang)
    )
}

/// Calibration of all labelled rows together, per score bin; bins below `min_rows` rows
/// show no numbers. `None` when the record holds no bins.
pub fn calibration_table(overall: &GroupResult, lang: Lang, min_rows: u64) -> Option<Value> {
    if overall.calibration.is_empty() {
        return None;
    }
    let rows = overall
        .calibration
        .iter()
        .map(|b| {
            let cells = vec![
                text_cell(&format::count(b.n, lang)),
                text_cell(&format::percent(b.mean_score, lang)),
                estimate_cell(&b.observed, lang, format::percent).into(),
            ];
            let hidden = (b.n < min_rows).then(|| suppressed_text(true, min_rows, lang));
            row(&bin_label(b, lang), "", hidden, cells)
        })
        .collect();
    let labelled = format::count(overall.labelled, lang);
    let caption = match lang {
        Lang::Nl => format!("Kalibratie: alle {labelled} rijen met uitkomst samen, per scoregroep"),
        Lang::En => {
            format!("Calibration: all {labelled} rows with an outcome together, per score band")
        }
    };
    let intro = vec![lang.pick(
        "Per scoregroep: de gemiddelde score tegenover het aandeel dat echt een probleem had. Bij een goede kalibratie liggen die twee dicht bij elkaar.",
        "Per score band: the mean score against the share that really had a problem. When the model is well calibrated, the two are close.",
    )];
    let columns = match lang {
        Lang::Nl => vec!["Met uitkomst", "Gemiddelde score", "Waargenomen aandeel"],
        Lang::En => vec!["With outcome", "Mean score", "Observed share"],
    };
    Some(table(caption, intro, "Score", columns, rows))
}

/// "Voorspelde aantallen" of a count model; `None` for other models.
pub fn count_table(
    attr: &AttributeResult,
    caption: &str,
    intro: bool,
    lang: Lang,
    min_rows: u64,
) -> Option<Value> {
    if roles(attr).all(|(g, _)| g.count_metrics.is_empty()) {
        return None;
    }
    use ValueMetricKind as K;
    let rows = roles(attr)
        .map(|(g, role)| {
            let m = &g.count_metrics;
            let rests_on = find(m, K::MeanPredicted).map_or(g.n, |a| a.rows);
            let cells = vec![
                text_cell(&format::count(rests_on, lang)),
                value_cell(m, K::MeanPredicted, lang, two),
                value_cell(m, K::MeanObserved, lang, two),
                value_cell(m, K::PredictionRatio, lang, two),
                value_cell(m, K::Mae, lang, two),
                value_cell(m, K::PoissonDeviance, lang, two),
            ];
            row(
                &row_label(g, role, lang),
                role_class(role),
                suppression(g, m, lang, min_rows),
                cells,
            )
        })
        .collect();
    let intro = if intro {
        vec![
            lang.pick(
                "Per groep: hoeveel het model gemiddeld per rij voorspelt, en hoeveel er gemiddeld is geregistreerd. Geregistreerd is niet hetzelfde als gebeurd: waar minder wordt gemeld, lijkt het rustiger.",
                "Per group: how many the model predicts per row on average, and how many were recorded on average. Recorded is not the same as happened: where fewer incidents are reported, it looks quieter.",
            ),
            lang.pick(
                "Verhouding voorspeld / geregistreerd: boven 1 voorspelt het model meer dan er is geregistreerd, onder 1 minder. MAE is de gemiddelde fout per rij en Poisson-deviantie een maat voor de fout bij aantallen: lager is beter. Ter informatie, niet getoetst.",
                "Ratio predicted / recorded: above 1 the model predicts more than was recorded, below 1 less. MAE is the average error per row and Poisson deviance a measure of the error for counts: lower is better. Reported, not judged.",
            ),
        ]
    } else {
        Vec::new()
    };
    let columns = match lang {
        Lang::Nl => vec![
            "Rijen",
            "Gemiddeld voorspeld",
            "Gemiddeld geregistreerd",
            "Verhouding voorspeld / geregistreerd",
            "Gemiddelde fout (MAE)",
            "Poisson-deviantie",
        ],
        Lang::En => vec![
            "Rows",
            "Mean predicted",
            "Mean recorded",
            "Ratio predicted / recorded",
            "Mean absolute error (MAE)",
            "Poisson deviance",
        ],
    };
    let title = lang.pick("Voorspelde aantallen", "Predicted counts");
    Some(table(
        format!("{title} — {caption}"),
        intro,
        lang.pick("Groep", "Group"),
        columns,
        rows,
    ))
}
