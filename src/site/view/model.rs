//! The entry page's section on how algoreg trained the model ("Hoe het model is gemaakt"): what was
//! trained from the register's spec, on which rows, which rows were held back and audited, the
//! held-out quality against predicting the average for every row, and the settings and SHA-256 hashes
//! a committee needs to reproduce it. Its quality table has the shape of [`super::table`].

use tera::Value;

use super::cell::{Obj, not_available, range_text};
use super::frame::{fill, word};
use super::table::{Column, cell, number_cell, part, row, table};
use crate::format::{self, Lang};
use crate::record::trained::{PlaceboCheck, QualityMetric, TrainingRecord};
use crate::record::{AuditRecord, FileHash};

/// How many held-out groups the split sentence names before "and n more".
const NAMED_VALUES: usize = 12;

/// The section's view-model (`lines`, `quality`, `settings`, `inputs`, `artifacts`, `reproduce`), or
/// none when algoreg did not train the model.
pub fn training_view(id: &str, rec: &AuditRecord, lang: Lang) -> Value {
    let Some(t) = &rec.training else {
        return Value::none();
    };
    let mut lines = vec![made_line(t, lang), split_line(t, lang)];
    if t.unlabelled == "negative" {
        let none = if t.kind == "foundation-risk" {
            "m_none_damage"
        } else {
            "m_none_generic"
        };
        lines.push(fill(
            "m_negative",
            lang,
            &[("none", word(none, lang)), ("target", &t.target)],
        ));
    }
    Obj::new()
        .set("lines", lines)
        .set("quality", Value::from(quality_part(t, lang)))
        .set(
            "placebo",
            t.placebo
                .as_ref()
                .map_or(Value::none(), |p| Value::from(placebo_part(p, lang))),
        )
        .set("settings", settings(t, lang))
        .set("inputs", hashes(&t.inputs))
        .set("artifacts", hashes(&t.artifacts))
        .set("reproduce", format!("algoreg train models/{id}"))
        .into()
}

/// The algorithm in words: "logistische regressie", "Poisson regression", …
fn algorithm_words(algorithm: &str, lang: Lang) -> String {
    let words = match algorithm {
        "logistic" => lang.pick("een logistische regressie", "a logistic regression"),
        "poisson" => lang.pick("een Poisson-regressie", "a Poisson regression"),
        "decision-tree" => lang.pick("een beslisboom", "a decision tree"),
        "random-forest" => lang.pick(
            "een random forest (veel beslisbomen samen)",
            "a random forest (many decision trees together)",
        ),
        other => return other.to_string(),
    };
    words.to_string()
}

/// "a, b en c" / "a, b and c".
fn join(names: &[String], lang: Lang) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.pick("en", "and")),
    }
}

fn made_line(t: &TrainingRecord, lang: Lang) -> String {
    fill(
        "m_made",
        lang,
        &[
            ("algorithm", &algorithm_words(&t.algorithm, lang)),
            ("target", &t.target),
            ("features", &join(&t.features, lang)),
        ],
    )
}

/// Which rows the model learned from and which it held back, and how they were chosen.
fn split_line(t: &TrainingRecord, lang: Lang) -> String {
    let s = &t.split;
    let count = |n: usize| format::count(n as u64, lang);
    let how = held_out_how(t, lang);
    let (rows, train, fit, test) = (
        count(s.rows),
        count(s.train_rows),
        count(s.fit_rows),
        count(s.test_rows),
    );
    if s.fit_rows < s.train_rows {
        fill(
            "m_split_fit",
            lang,
            &[
                ("rows", &rows),
                ("train", &train),
                ("fit", &fit),
                ("test", &test),
                ("how", &how),
            ],
        )
    } else {
        fill(
            "m_split",
            lang,
            &[
                ("rows", &rows),
                ("train", &train),
                ("test", &test),
                ("how", &how),
            ],
        )
    }
}

/// "chosen at random, with fixed seed 7", "the latest periods: week 21 to 40", "whole groups of …".
fn held_out_how(t: &TrainingRecord, lang: Lang) -> String {
    let s = &t.split;
    let column = s.column.as_deref().unwrap_or("");
    let mut values = s.test_values.clone();
    // Periods stored as text sort as text ("10" < "9"); sort them as numbers when they all are.
    let numbers: Option<Vec<f64>> = values.iter().map(|v| v.parse::<f64>().ok()).collect();
    if let Some(numbers) = numbers {
        let mut paired: Vec<(f64, String)> = numbers.into_iter().zip(values).collect();
        paired.sort_by(|a, b| a.0.total_cmp(&b.0));
        values = paired.into_iter().map(|(_, v)| v).collect();
    }
    match (s.method.as_str(), values.first(), values.last()) {
        ("random", _, _) => fill("m_how_random", lang, &[("seed", &t.seed.to_string())]),
        ("time", Some(first), Some(last)) => fill(
            "m_how_time",
            lang,
            &[("column", column), ("first", first), ("last", last)],
        ),
        ("group", Some(_), _) => {
            let mut named: Vec<String> = values.iter().take(NAMED_VALUES).cloned().collect();
            if values.len() > NAMED_VALUES {
                let n = (values.len() - NAMED_VALUES).to_string();
                named.push(fill("m_more_values", lang, &[("n", &n)]));
            }
            fill(
                "m_how_group",
                lang,
                &[("column", column), ("values", &join(&named, lang))],
            )
        }
        (method, _, _) => fill("m_how_other", lang, &[("method", method)]),
    }
}

const PLACEBO_COLUMNS: [Column; 3] = [
    ("m_col_importance", true),
    ("m_col_spread", true),
    ("m_col_used", false),
];

/// The placebo check: each feature's permutation importance against the noise columns' floor.
fn placebo_part(p: &PlaceboCheck, lang: Lang) -> Obj {
    let counts = p.metric == "mean_poisson_deviance";
    let fmt = |v: f64| format::number(v, 4, lang);
    let used = p.features.iter().filter(|f| f.above_noise).count();
    let intro = fill(
        if counts {
            "m_placebo_counts"
        } else {
            "m_placebo_classes"
        },
        lang,
        &[
            ("noise", &p.noise_columns.to_string()),
            ("shuffles", &p.permutations.to_string()),
            ("used", &used.to_string()),
            ("all", &p.features.len().to_string()),
        ],
    );
    let mut rows: Vec<Value> = p
        .features
        .iter()
        .map(|f| {
            row(
                &f.feature,
                false,
                None,
                lang,
                vec![
                    number_cell(&fmt(f.mean)),
                    number_cell(&fmt(f.sd)),
                    cell(
                        word(
                            if f.above_noise {
                                "m_used_yes"
                            } else {
                                "m_used_no"
                            },
                            lang,
                        ),
                        "",
                    )
                    .into(),
                ],
            )
        })
        .collect();
    rows.push(row(
        word("m_noise_floor", lang),
        true,
        None,
        lang,
        vec![
            number_cell(&fmt(p.noise_floor)),
            number_cell("—"),
            cell("—", "").into(),
        ],
    ));
    let tables = vec![table(
        word("m_placebo_caption", lang).to_string(),
        "m_col_feature",
        &PLACEBO_COLUMNS,
        rows,
        Vec::new(),
        lang,
    )];
    part(
        "training-placebo",
        word("m_placebo", lang),
        vec![intro],
        tables,
    )
}

const QUALITY_COLUMNS: [Column; 4] = [
    ("m_col_value", true),
    ("m_col_ci", true),
    ("m_col_baseline", true),
    ("m_col_read", false),
];

/// How a metric's values are written.
type Fmt = fn(f64, Lang) -> String;

/// A metric's label and reading hint (word keys), and how its values are written.
fn metric_words(name: &str) -> Option<(&'static str, &'static str, Fmt)> {
    let three = |x: f64, lang: Lang| format::number(x, 3, lang);
    Some(match name {
        "auc" => ("m_auc", "m_auc_read", three),
        "brier" => ("m_brier", "m_brier_read", three),
        "log_loss" => ("m_log_loss", "m_log_loss_read", three),
        "mean_poisson_deviance" => ("m_deviance", "m_deviance_read", three),
        "deviance_explained" => ("m_explained", "m_explained_read", format::percent),
        "mae" => ("m_mae", "m_mae_read", three),
        _ => return None,
    })
}

/// The held-out quality: one row per metric with its value, interval and baseline.
fn quality_part(t: &TrainingRecord, lang: Lang) -> Obj {
    let q = &t.quality;
    let counts = t.algorithm == "poisson";
    // Cases among the rows (classifiers) or the sum of the counts (count models): whole numbers.
    let cases = format::count(q.outcome_total.round().max(0.0) as u64, lang);
    let intro = fill(
        if counts {
            "m_quality_counts"
        } else {
            "m_quality_classes"
        },
        lang,
        &[
            ("rows", &format::count(q.rows as u64, lang)),
            ("cases", &cases),
            ("target", &t.target),
        ],
    );
    let rows = q.metrics.iter().map(|m| metric_row(m, lang)).collect();
    let level = format::number(q.confidence_level * 100.0, 0, lang);
    let caption = fill("m_quality_caption", lang, &[("level", &level)]);
    let tables = vec![table(
        caption,
        "m_col_metric",
        &QUALITY_COLUMNS,
        rows,
        Vec::new(),
        lang,
    )];
    part(
        "training-quality",
        word("m_quality", lang),
        vec![intro],
        tables,
    )
}

fn metric_row(m: &QualityMetric, lang: Lang) -> Value {
    let (label, read, fmt): (String, &str, Fmt) = match metric_words(&m.name) {
        Some((label, read, fmt)) => (word(label, lang).to_string(), word(read, lang), fmt),
        None => (m.name.clone(), "", |x, lang| format::number(x, 3, lang)),
    };
    let value = match m.value {
        Some(v) if v.is_finite() => number_cell(&fmt(v, lang)),
        _ => cell(not_available(lang), "num")
            .set("note_label", word("m_undefined", lang))
            .set("note", m.method.as_str())
            .set("note_lang", lang.pick("en", ""))
            .into(),
    };
    let ci = match (m.ci_low, m.ci_high) {
        (Some(lo), Some(hi)) if lo.is_finite() && hi.is_finite() => {
            number_cell(&range_text(fmt(lo, lang), fmt(hi, lang), lang))
        }
        _ => number_cell("—"),
    };
    let baseline = match m.baseline {
        Some(b) if b.is_finite() => number_cell(&fmt(b, lang)),
        _ => number_cell("—"),
    };
    row(
        &label,
        false,
        None,
        lang,
        vec![value, ci, baseline, cell(read, "").into()],
    )
}

/// A hyperparameter's value as written: "1", "500", "0,000001".
fn param_value(v: f64, lang: Lang) -> String {
    let s = format!("{v}");
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// The settings for the committee: algorithm, hyperparameters, design columns, seed and the
/// metrics' interval methods (English, as in the record).
fn settings(t: &TrainingRecord, lang: Lang) -> Vec<Value> {
    let params = t
        .hyperparameters
        .iter()
        .map(|(name, v)| format!("{name} = {}", param_value(*v, lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let methods = t
        .quality
        .metrics
        .iter()
        .map(|m| format!("{}: {}", m.name, m.method))
        .collect::<Vec<_>>()
        .join("; ");
    let item = |label: &'static str, text: String, english: bool| -> Value {
        Obj::new()
            .set("label", word(label, lang))
            .set("text", text)
            .set("lang", if english { lang.pick("en", "") } else { "" })
            .into()
    };
    vec![
        item("m_algorithm", t.algorithm.clone(), false),
        item("m_params", params, false),
        item(
            "m_design",
            format::count(t.design_columns as u64, lang),
            false,
        ),
        item("m_seed", t.seed.to_string(), false),
        item("m_methods", methods, true),
    ]
}

fn hashes(files: &[FileHash]) -> Vec<Value> {
    files
        .iter()
        .map(|f| {
            Obj::new()
                .set("path", f.path.as_str())
                .set("sha256", f.sha256.as_str())
                .into()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_and_lists_in_words() {
        assert_eq!(
            algorithm_words("logistic", Lang::Nl),
            "een logistische regressie"
        );
        assert_eq!(algorithm_words("poisson", Lang::En), "a Poisson regression");
        assert_eq!(algorithm_words("new-kind", Lang::En), "new-kind");
        let names = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(join(&names, Lang::Nl), "a, b en c");
        assert_eq!(join(&names[..1], Lang::En), "a");
        assert_eq!(param_value(1e-6, Lang::Nl), "0,000001");
        assert_eq!(param_value(500.0, Lang::En), "500");
    }
}
