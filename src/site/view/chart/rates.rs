//! The group-rate charts: per attribute and per judged metric of the subgroup audit, each group's
//! rate as a dot with the interval the rate table shows as a whisker, the reference group's rate as a
//! dashed line, flagged groups as labelled diamonds. Groups below the row minimum and undefined
//! rates are left out with a note saying so.

use tera::Value;

use super::{Dot, DotChart, Scale, capitalised, dot_chart, listing, note, percent_axis};
use crate::audit::metric::Metric;
use crate::audit::text::metric_label;
use crate::format::{self, Lang};
use crate::record::subgroup::AttributeResult;
use crate::record::{AuditRecord, Verdict};
use crate::site::view::audit::caption;
use crate::site::view::cell::{range_text, shown_interval};
use crate::site::view::frame::{fill, word};

/// One chart per attribute and judged metric, in the record's order.
pub(super) fn rate_charts(
    rec: &AuditRecord,
    min_rows: u64,
    lang: Lang,
    ids: &mut usize,
) -> Vec<Value> {
    let mut out = Vec::new();
    for attr in &rec.subgroup.attributes {
        for &metric in &rec.policy.metrics {
            out.push(rate_chart(attr, metric, min_rows, lang, *ids));
            *ids += 1;
        }
    }
    out
}

/// "12,3% (9,8–15,1%)": a rate with the interval the table shows.
fn rate_words(value: f64, interval: Option<(f64, f64)>, lang: Lang) -> String {
    let v = format::percent(value, lang);
    match interval {
        Some((lo, hi)) => format!(
            "{v} ({})",
            range_text(format::percent(lo, lang), format::percent(hi, lang), lang)
        ),
        None => v,
    }
}

fn rate_chart(
    attr: &AttributeResult,
    metric: Metric,
    min_rows: u64,
    lang: Lang,
    id: usize,
) -> Value {
    let label = metric_label(metric, lang);
    let table = caption(attr, lang);
    let (mut dots, mut hidden, mut notes) = (Vec::new(), 0, Vec::new());
    let mut reference_value = None;
    for g in &attr.groups {
        if g.n < min_rows {
            hidden += 1;
            continue;
        }
        let Some(mr) = g.metrics.iter().find(|m| m.metric == metric) else {
            notes.push(note(
                fill("ch_left_out", lang, &[("group", &g.group)]),
                word("ch_not_computed", lang),
                "",
            ));
            continue;
        };
        let Some(value) = mr.estimate.value else {
            let reason = mr.estimate.undefined.as_deref().unwrap_or_default();
            notes.push(note(
                fill("ch_left_out", lang, &[("group", &g.group)]),
                reason,
                lang.pick("en", ""),
            ));
            continue;
        };
        let interval = shown_interval(&mr.estimate).map(|(lo, hi, _)| (lo, hi));
        let is_reference = g.group == attr.reference;
        if is_reference {
            reference_value = Some(value);
        }
        let mut remark = Vec::new();
        if is_reference {
            remark.push(word("ch_reference", lang));
        }
        if interval.is_none() {
            remark.push(word("ch_no_interval", lang));
        }
        dots.push(Dot {
            group: g.group.clone(),
            value,
            interval,
            flagged: mr
                .comparison
                .as_ref()
                .is_some_and(|c| c.verdict == Verdict::Flagged),
            remark: remark.join(" · "),
            text: format!("{}: {}", g.group, rate_words(value, interval, lang)),
        });
    }
    if hidden > 0 {
        notes.insert(0, hidden_note(hidden, min_rows, lang));
    }
    let max = dots
        .iter()
        .map(|d| d.interval.map_or(d.value, |(_, hi)| hi.max(d.value)))
        .fold(0.0, f64::max);
    let (top, ticks) = percent_axis(max, lang);
    let line = reference_value.map(|v| {
        let text = fill(
            "ch_reference_line",
            lang,
            &[
                ("group", &attr.reference),
                ("value", &format::percent(v, lang)),
            ],
        );
        (v, text)
    });
    let title = fill(
        "ch_rate_title",
        lang,
        &[("metric", &capitalised(label)), ("attribute", &table)],
    );
    let desc = rate_desc(
        &dots,
        label,
        line.as_ref().map(|l| l.1.as_str()),
        &table,
        lang,
    );
    let caption = fill(
        "ch_rate_caption",
        lang,
        &[("title", &title), ("table", &table)],
    );
    dot_chart(
        DotChart {
            title,
            desc,
            caption,
            axis_title: capitalised(label),
            scale: Scale::Linear {
                low: 0.0,
                high: top,
            },
            ticks,
            line,
            band: None,
            dots,
            notes,
        },
        id,
        lang,
    )
}

/// "Niet getoond: 2 groepen met minder dan 10 rijen." The groups are not named: like the tables, the
/// page names a group below the minimum only in its suppressed table row.
pub(super) fn hidden_note(hidden: usize, min_rows: u64, lang: Lang) -> Value {
    let key = if hidden == 1 {
        "ch_hidden_one"
    } else {
        "ch_hidden_many"
    };
    note(
        fill(
            key,
            lang,
            &[("n", &hidden.to_string()), ("min", &min_rows.to_string())],
        ),
        "",
        "",
    )
}

/// The chart in words: what it shows, the reference, the highest and lowest rate, the flagged
/// groups, and where the numbers are.
fn rate_desc(
    dots: &[Dot],
    label: &str,
    reference: Option<&str>,
    table: &str,
    lang: Lang,
) -> String {
    let mut parts = vec![fill("ch_rate_desc", lang, &[("metric", label)])];
    if let Some(r) = reference {
        parts.push(format!("{}.", capitalised(r)));
    }
    let high = dots.iter().max_by(|a, b| a.value.total_cmp(&b.value));
    let low = dots.iter().min_by(|a, b| a.value.total_cmp(&b.value));
    if let (Some(h), Some(l)) = (high, low) {
        parts.push(fill(
            "ch_high_low",
            lang,
            &[("high", &h.text), ("low", &l.text)],
        ));
    }
    parts.push(flagged_sentence(dots, lang));
    parts.push(fill("ch_numbers_below", lang, &[("table", table)]));
    parts.join(" ")
}

/// "Als afwijking gemarkeerd: A en B." or that none is.
pub(super) fn flagged_sentence(dots: &[Dot], lang: Lang) -> String {
    let flagged: Vec<String> = dots
        .iter()
        .filter(|d| d.flagged)
        .map(|d| d.group.clone())
        .collect();
    if flagged.is_empty() {
        word("ch_none_flagged", lang).to_string()
    } else {
        fill(
            "ch_some_flagged",
            lang,
            &[("groups", &listing(&flagged, lang))],
        )
    }
}
