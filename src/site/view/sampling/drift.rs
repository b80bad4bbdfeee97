//! The drift part of the sampling section: training data against the data scored now, feature by
//! feature, and the features left out.

use tera::Value;

use super::{three, two, verdict_cell};
use crate::audit::sampling::text::shift_phrase;
use crate::format::{self, Lang};
use crate::record::sampling::{DriftFeature, DriftResult, FeatureKind};
use crate::site::view::cell::Obj;
use crate::site::view::frame::{fill, word};
use crate::site::view::table::{Column, cell, estimate, item, number_cell, part, row, table};

const DRIFT_COLUMNS: [Column; 6] = [
    ("s_col_kind", false),
    ("s_col_how", false),
    ("s_col_psi", true),
    ("s_col_test", true),
    ("s_col_p", true),
    ("s_col_verdict", false),
];

/// How a feature moved, unless that names a category with fewer than `min_rows` rows.
fn shift_text(
    f: &DriftFeature,
    training_rows: u64,
    current_rows: u64,
    lang: Lang,
    min_rows: u64,
) -> String {
    if f.kind == FeatureKind::Categorical {
        // The category `shift_phrase` names: the one whose share moved most (ties: the last).
        let moved = f.bins.iter().max_by(|x, y| {
            (x.current_share - x.training_share)
                .abs()
                .total_cmp(&(y.current_share - y.training_share).abs())
        });
        let rows = |share: f64, n: u64, missing: f64| (share * n as f64 * (1.0 - missing)).round();
        let small = |k: f64| k > 0.0 && k < min_rows as f64;
        if moved.is_some_and(|b| {
            small(rows(b.training_share, training_rows, f.training_missing))
                || small(rows(b.current_share, current_rows, f.current_missing))
        }) {
            return word("s_shift_hidden", lang).to_string();
        }
    }
    shift_phrase(f, lang)
}

fn kind_text(kind: FeatureKind, lang: Lang) -> &'static str {
    match kind {
        FeatureKind::Numeric => lang.pick("getal", "number"),
        FeatureKind::Categorical => lang.pick("categorie", "category"),
    }
}

/// "D = 0,219" under "KS-toets", "χ² = 869,56" under "χ²-toets".
fn drift_test(f: &DriftFeature, lang: Lang) -> Value {
    let (value, name) = match f.test.as_str() {
        "ks" => (
            format!("D = {}", three(f.statistic, lang)),
            lang.pick("KS-toets", "KS test").to_string(),
        ),
        "chi-square" => (
            format!("χ² = {}", two(f.statistic, lang)),
            lang.pick("χ²-toets", "χ² test").to_string(),
        ),
        other => (three(f.statistic, lang), other.to_string()),
    };
    cell(&value, "num").set("note", name).into()
}

/// Training data against the data scored now, feature by feature, and the features left out.
pub(super) fn drift_part(d: &DriftResult, lang: Lang, min_rows: u64) -> Obj {
    let (training, current) = (
        format::count(d.training_rows, lang),
        format::count(d.current_rows, lang),
    );
    let line = fill(
        "s_drift_intro",
        lang,
        &[("training", &training), ("current", &current)],
    );
    let rows = d
        .features
        .iter()
        .map(|f| {
            let mut how = cell(
                &shift_text(f, d.training_rows, d.current_rows, lang, min_rows),
                "",
            );
            if f.training_missing > 0.0 || f.current_missing > 0.0 {
                how = how.set(
                    "note",
                    format!(
                        "{} {} {}, {} {}",
                        lang.pick("lege cellen:", "empty cells:"),
                        format::percent(f.training_missing, lang),
                        lang.pick("in de training", "in training"),
                        format::percent(f.current_missing, lang),
                        lang.pick("nu", "now")
                    ),
                );
            }
            let p = match f.judgement.p_adjusted {
                Some(p) if p.is_finite() => format::p_value(p, lang),
                _ => "—".to_string(),
            };
            let cells = vec![
                cell(kind_text(f.kind, lang), "").into(),
                how.into(),
                estimate(&f.psi, lang, three),
                drift_test(f, lang),
                number_cell(&p),
                verdict_cell(Some(&f.judgement), true, lang),
            ];
            row(&f.feature, false, None, lang, cells)
        })
        .collect();
    let floor = two(d.psi_floor, lang);
    let caption = fill("s_drift_caption", lang, &[("floor", &floor)]);
    let t = table(
        caption,
        "s_col_feature",
        &DRIFT_COLUMNS,
        rows,
        Vec::new(),
        lang,
    );
    let skipped: Vec<Value> = d
        .skipped
        .iter()
        .map(|s| item(&s.feature, &s.reason, lang.pick("en", "")))
        .collect();
    let list_heading = if skipped.is_empty() {
        ""
    } else {
        word("s_not_compared", lang)
    };
    part("sampling-drift", word("s_drift", lang), vec![line], vec![t])
        .set("list_heading", list_heading)
        .set("list", skipped)
}
