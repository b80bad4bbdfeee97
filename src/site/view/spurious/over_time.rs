//! The spurious section's parts on relations that may not be rules: shared trends over time (when the
//! manifest names a time column) and stability over periods and groups, without listing the strata.

use tera::Value;

use super::{correlation, join_names, r_text, stratum_is_public, verdict_cell};
use crate::audit::spurious::text::reason;
use crate::audit::spurious::trend::MIN_WITHIN_SHARE;
use crate::format::{self, Lang};
use crate::record::Verdict;
use crate::record::spurious::{
    CorrelationEstimate, SpuriousSection, StabilityResult, TrendReason, TrendResult,
};
use crate::site::view::cell::Obj;
use crate::site::view::frame::{fill, word};
use crate::site::view::table::{Column, cell, number_cell, part, row, table};

const TREND_COLUMNS: [Column; 7] = [
    ("sp_col_r", true),
    ("sp_col_r_within", true),
    ("sp_col_r_series", true),
    ("sp_col_r_diff", true),
    ("sp_col_r_detrended", true),
    ("sp_col_effective", true),
    ("s_col_verdict", false),
];

/// Reasons in words, joined: "verdwijnt binnen elke periode; …".
fn reasons_text(reasons: &[TrendReason], lang: Lang) -> String {
    reasons
        .iter()
        .map(|r| reason(*r, lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Relations over time: a line naming the time column and its periods, and a row per related
/// numeric column; without a time column one line saying trends were not checked.
pub(super) fn trend_part(s: &SpuriousSection, lang: Lang, min_rows: u64) -> Obj {
    let heading = word("sp_trend", lang);
    let Some(time) = &s.time else {
        let lines = vec![word("sp_time_none", lang).to_string()];
        return part("spurious-trends", heading, lines, Vec::new());
    };
    let mut lines = vec![
        word("sp_trend_intro", lang).to_string(),
        fill(
            "sp_time_line",
            lang,
            &[
                ("column", &time.column),
                ("periods", &format::count(time.periods, lang)),
                ("first", &time.first),
                ("last", &time.last),
            ],
        ),
    ];
    if s.trends.is_empty() {
        lines.push(word("sp_none_related", lang).to_string());
        return part("spurious-trends", heading, lines, Vec::new());
    }
    let rows = s
        .trends
        .iter()
        .map(|t| {
            let series = &t.series;
            let cells = vec![
                correlation(Some(&t.overall), lang),
                match &t.within_periods {
                    Some(w) => correlation(Some(w), lang),
                    None => cell(word("sp_one_per_period", lang), "num").into(),
                },
                // The series rest on a handful of points: their intervals are wide and say little.
                series_r(series.raw.as_ref(), lang),
                series_r(series.differenced.as_ref(), lang),
                series_r(series.detrended.as_ref(), lang),
                match series.effective_points {
                    Some(n) if n.is_finite() => {
                        let points = format::number(n, 1, lang);
                        let of = format::count(series.points, lang);
                        cell(&points, "num")
                            .set("note", format!("{} {of}", lang.pick("van", "of")))
                            .into()
                    }
                    _ => number_cell("—"),
                },
                trend_verdict(t, lang),
            ];
            row(
                &t.feature,
                false,
                (t.overall.n < min_rows).then_some(min_rows),
                lang,
                cells,
            )
        })
        .collect();
    // Where the relation holds within periods but the period means alone would not show it: said
    // under the table, so the verdict column stays narrow.
    let notes = s
        .trends
        .iter()
        .filter(|t| t.overall.n >= min_rows && t.within_periods.is_some())
        .filter(|t| {
            t.judgement.verdict == Verdict::WithinBand
                && !t.series.reasons.is_empty()
                && t.within_variance_share
                    .is_some_and(|s| s >= MIN_WITHIN_SHARE)
        })
        .map(|t| {
            let why = reasons_text(&t.series.reasons, lang);
            fill(
                "sp_series_alone",
                lang,
                &[("feature", &t.feature), ("reasons", &why)],
            )
        })
        .collect();
    let caption = fill(
        "sp_trend_caption",
        lang,
        &[("target", &s.target), ("column", &time.column)],
    );
    let t = table(caption, "s_col_feature", &TREND_COLUMNS, rows, notes, lang);
    part("spurious-trends", heading, lines, vec![t])
}

/// A series correlation without its interval, or "—".
fn series_r(c: Option<&CorrelationEstimate>, lang: Lang) -> Value {
    number_cell(&c.map_or_else(|| "—".to_string(), |c| r_text(c.r, lang)))
}

/// Carried by time (⚑, with why), or holds within periods / survives the checks.
fn trend_verdict(t: &TrendResult, lang: Lang) -> Value {
    let within = t.within_periods.is_some()
        && t.within_variance_share
            .is_some_and(|s| s >= MIN_WITHIN_SHARE)
        && t.series.reasons.is_empty();
    let shown = match t.judgement.verdict {
        Verdict::Flagged => Some(("v_flagged", "flagged")),
        Verdict::WithinBand if within => Some(("sp_v_holds_within", "ok")),
        Verdict::WithinBand => Some(("sp_v_survives", "ok")),
        Verdict::Uncertain => Some(("sp_v_trend_uncertain", "chance")),
        _ => None,
    };
    let c = verdict_cell(&t.judgement, shown, lang);
    let why = match t.judgement.verdict {
        Verdict::Flagged => reasons_text(&t.reasons, lang),
        _ => return c.into(),
    };
    c.set("note", why).set("note_lang", "").into()
}

const STABILITY_COLUMNS: [Column; 5] = [
    ("sp_col_by", false),
    ("sp_col_strata", true),
    ("sp_col_i2", true),
    ("sp_col_where", false),
    ("s_col_verdict", false),
];

/// Stability over periods and groups: one row per (column, split), no row per stratum.
pub(super) fn stability_part(s: &SpuriousSection, lang: Lang, min_rows: u64) -> Obj {
    let heading = word("sp_stability", lang);
    let mut lines = vec![word("sp_stability_intro", lang).to_string()];
    if s.stability.is_empty() {
        lines.push(word("sp_none_related", lang).to_string());
        return part("spurious-stability", heading, lines, Vec::new());
    }
    let rows = s
        .stability
        .iter()
        .map(|st| {
            let cells = vec![
                cell(&st.by, "").into(),
                strata_cell(st, lang),
                match &st.heterogeneity {
                    Some(h) if h.i_squared.is_finite() => {
                        number_cell(&format::percent(h.i_squared, lang))
                    }
                    _ => number_cell("—"),
                },
                cell(&where_text(st, lang, min_rows), "").into(),
                verdict_cell(
                    &st.judgement,
                    match st.judgement.verdict {
                        Verdict::Flagged => Some(("v_flagged", "flagged")),
                        Verdict::WithinBand => Some(("sp_v_stable", "ok")),
                        Verdict::Uncertain => Some(("sp_v_flip_chance", "chance")),
                        _ => None,
                    },
                    lang,
                )
                .into(),
            ];
            row(&st.feature, false, None, lang, cells)
        })
        .collect();
    let caption = fill("sp_stability_caption", lang, &[("target", &s.target)]);
    let t = table(
        caption,
        "s_col_feature",
        &STABILITY_COLUMNS,
        rows,
        Vec::new(),
        lang,
    );
    part("spurious-stability", heading, lines, vec![t])
}

/// "10 van 12", with "2 met te weinig rijen" when strata had no correlation.
fn strata_cell(st: &StabilityResult, lang: Lang) -> Value {
    let judged = st.strata.iter().filter(|x| x.correlation.is_some()).count() as u64;
    let total = st.strata.len() as u64;
    let text = fill(
        "sp_strata",
        lang,
        &[
            ("judged", &format::count(judged, lang)),
            ("total", &format::count(total, lang)),
        ],
    );
    let c = cell(&text, "num");
    if judged < total {
        let n = format::count(total - judged, lang);
        c.set("note", fill("sp_strata_small", lang, &[("n", &n)]))
            .into()
    } else {
        c.into()
    }
}

/// "hangt aan Reeshof", "keert om in hoog", or "—"; a stratum with 1–9 rows is never named.
fn where_text(st: &StabilityResult, lang: Lang, min_rows: u64) -> String {
    let name = |n: &str| {
        if stratum_is_public(st, n, min_rows) {
            n.to_string()
        } else {
            word("sp_small_stratum", lang).to_string()
        }
    };
    if let Some(r) = &st.rests_on {
        return fill("sp_rests_on", lang, &[("name", &name(r))]);
    }
    if st.sign_flips.is_empty() {
        return "—".to_string();
    }
    // Several small strata become one "a group with fewer than 10 rows".
    let mut names: Vec<String> = Vec::new();
    for n in st.sign_flips.iter().map(|n| name(n)) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    fill("sp_reverses", lang, &[("names", &join_names(&names, lang))])
}
