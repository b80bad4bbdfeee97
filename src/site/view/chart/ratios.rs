//! The sampling audit's ratio charts on a log scale centred at 1, with the policy's band shaded:
//! per represented attribute, each group's share in the data over its share in the population; and
//! for the reporting comparison, each group's reporting rate over the reference group's. Groups
//! below the row minimum, groups without rows and undefined ratios are left out with a note.

use tera::Value;

use super::rates::{flagged_sentence, hidden_note};
use super::{Dot, DotChart, Scale, dot_chart, note, ratio_axis};
use crate::format::{self, Lang};
use crate::record::sampling::{Judgement, ReportingResult, RepresentAttribute};
use crate::record::{AuditRecord, Estimate, Verdict};
use crate::site::view::cell::{range_text, shown_interval};
use crate::site::view::frame::{fill, word};

/// One group as the ratio charts read it.
struct Ratio<'a> {
    group: &'a str,
    rows: u64,
    estimate: Option<&'a Estimate>,
    judgement: Option<&'a Judgement>,
}

/// One chart per attribute compared with the population.
pub(super) fn represent_charts(
    rec: &AuditRecord,
    min_rows: u64,
    lang: Lang,
    ids: &mut usize,
) -> Vec<Value> {
    rec.sampling
        .representativeness
        .iter()
        .map(|a| {
            let c = represent_chart(rec, a, min_rows, lang, *ids);
            *ids += 1;
            c
        })
        .collect()
}

fn represent_chart(
    rec: &AuditRecord,
    a: &RepresentAttribute,
    min_rows: u64,
    lang: Lang,
    id: usize,
) -> Value {
    let groups = a.groups.iter().map(|g| Ratio {
        group: &g.group,
        rows: g.rows,
        estimate: Some(&g.ratio),
        judgement: Some(&g.judgement),
    });
    let title = fill("ch_represent_title", lang, &[("attribute", &a.attribute)]);
    let table = fill("ch_represent_table", lang, &[("attribute", &a.attribute)]);
    ratio_chart(
        rec,
        groups,
        Texts {
            title,
            table,
            what: word("ch_represent_what", lang).to_string(),
            one: word("ch_represent_one", lang).to_string(),
            axis: word("ch_represent_axis", lang).to_string(),
        },
        min_rows,
        lang,
        id,
    )
}

/// The reporting comparison's chart, when the record has one.
pub(super) fn reporting_chart(
    rec: &AuditRecord,
    min_rows: u64,
    lang: Lang,
    ids: &mut usize,
) -> Option<Value> {
    let r: &ReportingResult = rec.sampling.reporting.as_ref()?;
    // The reference group is the line at 1 itself.
    let groups = r
        .groups
        .iter()
        .filter(|g| r.reference.as_deref() != Some(g.group.as_str()))
        .map(|g| Ratio {
            group: &g.group,
            rows: g.rows,
            estimate: g.ratio.as_ref(),
            judgement: g.judgement.as_ref(),
        });
    let title = fill("ch_reporting_title", lang, &[("attribute", &r.attribute)]);
    let reference = match &r.reference {
        Some(name) => name.clone(),
        None => lang
            .pick("de middelste groepen samen", "the middle groups together")
            .to_string(),
    };
    let table = fill("ch_reporting_table", lang, &[("attribute", &r.attribute)]);
    let texts = Texts {
        title,
        table,
        what: fill("ch_reporting_what", lang, &[("reference", &reference)]),
        one: fill("ch_reporting_one", lang, &[("reference", &reference)]),
        axis: fill("ch_reporting_axis", lang, &[("reference", &reference)]),
    };
    let c = ratio_chart(rec, groups, texts, min_rows, lang, *ids);
    *ids += 1;
    Some(c)
}

/// The words of one ratio chart.
struct Texts {
    title: String,
    /// The table with the numbers, as the chart refers to it.
    table: String,
    /// What the ratio is, for the description.
    what: String,
    /// What 1 means, for the legend and the description.
    one: String,
    axis: String,
}

/// "×0,42 (0,33–0,52)".
fn ratio_words(value: f64, interval: Option<(f64, f64)>, lang: Lang) -> String {
    let two = |x: f64| format::number(x, 2, lang);
    match interval {
        Some((lo, hi)) => format!("×{} ({})", two(value), range_text(two(lo), two(hi), lang)),
        None => format!("×{}", two(value)),
    }
}

fn ratio_chart<'a>(
    rec: &AuditRecord,
    groups: impl Iterator<Item = Ratio<'a>>,
    t: Texts,
    min_rows: u64,
    lang: Lang,
    id: usize,
) -> Value {
    let (mut dots, mut hidden, mut notes) = (Vec::new(), 0, Vec::new());
    let left_out = |g: &str| fill("ch_left_out", lang, &[("group", g)]);
    for g in groups {
        if g.rows == 0 {
            notes.push(note(left_out(g.group), word("ch_no_rows", lang), ""));
            continue;
        }
        if g.rows < min_rows {
            hidden += 1;
            continue;
        }
        let Some(e) = g.estimate else {
            notes.push(note(left_out(g.group), word("ch_not_computed", lang), ""));
            continue;
        };
        let value = match e.value {
            Some(v) if v > 0.0 && v.is_finite() => v,
            Some(_) => {
                notes.push(note(left_out(g.group), word("ch_zero_ratio", lang), ""));
                continue;
            }
            None => {
                let reason = e.undefined.as_deref().unwrap_or_default();
                notes.push(note(left_out(g.group), reason, lang.pick("en", "")));
                continue;
            }
        };
        let interval = shown_interval(e).map(|(lo, hi, _)| (lo, hi));
        dots.push(Dot {
            group: g.group.to_string(),
            value,
            interval,
            flagged: g.judgement.is_some_and(|j| j.verdict == Verdict::Flagged),
            remark: if interval.is_none() {
                word("ch_no_interval", lang).to_string()
            } else {
                String::new()
            },
            text: format!("{}: {}", g.group, ratio_words(value, interval, lang)),
        });
    }
    if hidden > 0 {
        notes.insert(0, hidden_note(hidden, min_rows, lang));
    }
    let [band_low, band_high] = rec.policy.ratio_band;
    let mut values = vec![band_low, band_high];
    for d in &dots {
        values.push(d.value);
        if let Some((lo, hi)) = d.interval {
            values.extend([lo, hi]);
        }
    }
    let (end, ticks) = ratio_axis(&values, lang);
    let band = format!(
        "{}–{}",
        format::number(band_low, 2, lang),
        format::number(band_high, 2, lang)
    );
    let desc = ratio_desc(&dots, &t, &band, lang);
    let caption = fill(
        "ch_ratio_caption",
        lang,
        &[("title", &t.title), ("table", &t.table)],
    );
    dot_chart(
        DotChart {
            title: t.title,
            desc,
            caption,
            axis_title: t.axis,
            scale: Scale::Log {
                low: 1.0 / end,
                high: end,
            },
            ticks,
            line: Some((1.0, t.one)),
            band: Some((
                band_low,
                band_high,
                fill("ch_band", lang, &[("band", &band)]),
            )),
            dots,
            notes,
        },
        id,
        lang,
    )
}

/// The chart in words: what it shows on which scale, the band, the groups furthest below and above
/// 1, the flagged groups, and where the numbers are.
fn ratio_desc(dots: &[Dot], t: &Texts, band: &str, lang: Lang) -> String {
    let mut parts = vec![fill(
        "ch_ratio_desc",
        lang,
        &[("what", &t.what), ("one", &t.one), ("band", band)],
    )];
    let low = dots.iter().min_by(|a, b| a.value.total_cmp(&b.value));
    let high = dots.iter().max_by(|a, b| a.value.total_cmp(&b.value));
    if let (Some(l), Some(h)) = (low, high) {
        parts.push(fill(
            "ch_low_high",
            lang,
            &[("low", &l.text), ("high", &h.text)],
        ));
    }
    parts.push(flagged_sentence(dots, lang));
    parts.push(fill("ch_numbers_sampling", lang, &[("table", &t.table)]));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_in_words() {
        assert_eq!(
            ratio_words(0.42, Some((0.331, 0.524)), Lang::Nl),
            "×0,42 (0,33–0,52)"
        );
        assert_eq!(ratio_words(1.5, None, Lang::En), "×1.50");
    }
}
