//! The audit charts of an entry page as view-models for inline SVG (`templates/charts.html`,
//! `templates/map.html`): group rates with their intervals (`rates`), ratios to the population or to
//! the reference group on a log scale (`ratios`), and the grid map of a hotspot model (`map`). Rust
//! computes every coordinate and label; the templates only place them. This file holds what the
//! charts share: scales, ticks, and the layout of a dot-and-whisker chart. Groups or cells below the
//! public row minimum (`min_rows`, passed in) are never drawn.

mod map;
mod rates;
mod ratios;

pub(super) use map::map_view;

use tera::Value;

use super::cell::Obj;
use super::frame::word;
use crate::format::{self, Lang};
use crate::record::AuditRecord;

/// The charts of the audit section (`heading`, `intro`, `groups` of `heading`, `intro`, `charts`), or
/// none when there is nothing to draw.
pub(super) fn charts_view(rec: &AuditRecord, min_rows: u64, lang: Lang) -> Value {
    let mut ids = 0;
    let mut groups = Vec::new();
    let rates = rates::rate_charts(rec, min_rows, lang, &mut ids);
    if !rates.is_empty() {
        groups.push(group("ch_rates_heading", "ch_rates_intro", rates, lang));
    }
    let represent = ratios::represent_charts(rec, min_rows, lang, &mut ids);
    if !represent.is_empty() {
        groups.push(group(
            "ch_represent_heading",
            "ch_represent_intro",
            represent,
            lang,
        ));
    }
    if let Some(c) = ratios::reporting_chart(rec, min_rows, lang, &mut ids) {
        groups.push(group(
            "ch_reporting_heading",
            "ch_reporting_intro",
            vec![c],
            lang,
        ));
    }
    if groups.is_empty() {
        return Value::none();
    }
    Obj::new()
        .set("heading", word("ch_heading", lang))
        .set("intro", word("ch_intro", lang))
        .set("groups", groups)
        .into()
}

fn group(heading: &'static str, intro: &'static str, charts: Vec<Value>, lang: Lang) -> Value {
    Obj::new()
        .set("heading", word(heading, lang))
        .set("intro", word(intro, lang))
        .set("charts", charts)
        .into()
}

/// A coordinate as SVG wants it: "12.3", always with a point.
pub(super) fn at(x: f64) -> String {
    format!("{x:.1}")
}

/// "Vals alarm (FPR)" from "vals alarm (FPR)".
pub(super) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A horizontal axis: linear from `low` to `high`, or logarithmic between them (both above 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scale {
    Linear { low: f64, high: f64 },
    Log { low: f64, high: f64 },
}

impl Scale {
    /// Where `v` lies between the ends, 0 to 1 (clamped: a value beyond an end sits on it).
    pub(super) fn fraction(self, v: f64) -> f64 {
        let f = match self {
            Scale::Linear { low, high } => (v - low) / (high - low),
            Scale::Log { low, high } => {
                if v <= 0.0 {
                    0.0
                } else {
                    (v.ln() - low.ln()) / (high.ln() - low.ln())
                }
            }
        };
        if f.is_nan() { 0.0 } else { f.clamp(0.0, 1.0) }
    }

    /// The x coordinate of `v` on a plot from `left` to `right`.
    pub(super) fn x(self, v: f64, left: f64, right: f64) -> f64 {
        left + self.fraction(v) * (right - left)
    }
}

/// The percentage axis of rates: from 0 to the first tick at or above `max`, with at most six ticks
/// on round percentages. Returns the top and the ticks (value, label).
pub(super) fn percent_axis(max: f64, lang: Lang) -> (f64, Vec<(f64, String)>) {
    const STEPS: [f64; 7] = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25];
    let max = if max.is_finite() {
        max.clamp(0.001, 1.0)
    } else {
        1.0
    };
    let step = STEPS
        .into_iter()
        .find(|s| (max / s - 1e-9).ceil() <= 5.0)
        .unwrap_or(0.25);
    let n = ((max / step) - 1e-9).ceil().max(1.0) as usize;
    let ticks = (0..=n)
        .map(|i| {
            let p = i as f64 * step * 100.0;
            let decimals = if (p - p.round()).abs() < 1e-6 { 0 } else { 1 };
            (p / 100.0, format!("{}%", format::number(p, decimals, lang)))
        })
        .collect();
    (n as f64 * step, ticks)
}

/// The ratio axis: symmetric on a log scale around 1, out to the first of 1.5, 2, 3, 5, 10, … that
/// holds every value (and the band). Returns the outer end and the ticks (value, label).
pub(super) fn ratio_axis(values: &[f64], lang: Lang) -> (f64, Vec<(f64, String)>) {
    const ENDS: [f64; 10] = [1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 1000.0];
    let need = values
        .iter()
        .filter(|v| v.is_finite() && **v > 0.0)
        .map(|v| v.max(1.0 / v))
        .fold(1.0, f64::max);
    let end = ENDS
        .into_iter()
        .find(|e| *e >= need - 1e-9)
        .unwrap_or(1000.0);
    let inner: Vec<f64> = ENDS.into_iter().filter(|k| *k <= end + 1e-9).collect();
    // At most three ticks on each side of 1: the end and evenly chosen ones between.
    let picked: Vec<f64> = if inner.len() <= 3 {
        inner
    } else {
        let last = inner.len() - 1;
        vec![inner[0], inner[last / 2], inner[last]]
    };
    let mut ticks = vec![(1.0, ratio_label(1.0, lang))];
    for k in picked {
        ticks.insert(0, (1.0 / k, ratio_label(1.0 / k, lang)));
        ticks.push((k, ratio_label(k, lang)));
    }
    (end, ticks)
}

/// A ratio with two significant digits and no trailing zeros: "0,67", "0,5", "1,5", "10".
pub(super) fn ratio_label(v: f64, lang: Lang) -> String {
    let decimals = if v >= 10.0 {
        0
    } else if v >= 1.0 {
        2
    } else {
        (1.0 - v.log10().floor()) as usize
    };
    let s = format::number(v, decimals, lang);
    if s.contains([',', '.']) {
        s.trim_end_matches('0')
            .trim_end_matches([',', '.'])
            .to_string()
    } else {
        s
    }
}

// The dot-and-whisker chart: one row per group, labels left of the plot, a text slot right of it.
const WIDTH: f64 = 720.0;
const LEFT: f64 = 210.0;
const RIGHT: f64 = 560.0;
const TOP: f64 = 10.0;
const ROW: f64 = 24.0;
const LEGEND_ROW: f64 = 20.0;
/// Markers: a group, and a flagged group (also a diamond, and labelled). Contrast ≥ 8:1 on white.
const COLOUR: &str = "#0b4f9c";
const FLAGGED: &str = "#8b0000";

/// One group's row: its value and shown interval in data units.
pub(super) struct Dot {
    pub group: String,
    pub value: f64,
    pub interval: Option<(f64, f64)>,
    pub flagged: bool,
    /// The text right of the plot besides the flag ("referentie", "geen interval").
    pub remark: String,
    /// The row's tooltip: the group, its value and interval in words.
    pub text: String,
}

/// What a dot-and-whisker chart shows; `dot_chart` lays it out.
pub(super) struct DotChart {
    pub title: String,
    pub desc: String,
    pub caption: String,
    pub axis_title: String,
    pub scale: Scale,
    pub ticks: Vec<(f64, String)>,
    /// A dashed vertical line (the reference value, or 1) and its legend text.
    pub line: Option<(f64, String)>,
    /// A shaded band (the policy's) and its legend text.
    pub band: Option<(f64, f64, String)>,
    pub dots: Vec<Dot>,
    /// Paragraphs under the chart: groups left out, and why (`text`, `reason`, `reason_lang`).
    pub notes: Vec<Value>,
}

/// A note under a chart: a text in the page's language and a reason that may be in English.
pub(super) fn note(text: String, reason: &str, reason_lang: &str) -> Value {
    Obj::new()
        .set("text", text)
        .set("reason", reason)
        .set("reason_lang", reason_lang)
        .into()
}

/// The chart's view-model (see `templates/charts.html`); `id` makes its title and desc ids unique.
pub(super) fn dot_chart(c: DotChart, id: usize, lang: Lang) -> Value {
    let bottom = TOP + c.dots.len() as f64 * ROW;
    let x = |v: f64| c.scale.x(v, LEFT, RIGHT);
    let ticks: Vec<Value> = c
        .ticks
        .iter()
        .map(|(v, label)| {
            Obj::new()
                .set("x", at(x(*v)))
                .set("label", label.as_str())
                .into()
        })
        .collect();
    let rows: Vec<Value> = c
        .dots
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = TOP + (i as f64 + 0.5) * ROW;
            let cx = x(d.value);
            let colour = if d.flagged { FLAGGED } else { COLOUR };
            let mut right = Vec::new();
            if d.flagged {
                right.push(word("ch_flagged", lang));
            }
            if !d.remark.is_empty() {
                right.push(d.remark.as_str());
            }
            let (lo, hi) = d.interval.map_or((cx, cx), |(lo, hi)| (x(lo), x(hi)));
            Obj::new()
                .set("group", d.group.as_str())
                .set("text", d.text.as_str())
                .set("y", at(y))
                .set("text_y", at(y + 4.0))
                .set("cap_top", at(y - 5.0))
                .set("cap_bottom", at(y + 5.0))
                .set("x", at(cx))
                .set("whisker", d.interval.is_some())
                .set("lo", at(lo))
                .set("hi", at(hi))
                .set("flagged", d.flagged)
                .set("diamond", diamond(cx, y, 7.0))
                .set("colour", colour)
                .set("right", right.join(" · "))
                .into()
        })
        .collect();
    let mut legend = Vec::new();
    let legend_top = bottom + 58.0;
    let mut add = |kind: &str, label: &str| {
        let y = legend_top + legend.len() as f64 * LEGEND_ROW;
        legend.push(Value::from(
            Obj::new()
                .set("kind", kind)
                .set("label", label)
                .set("x1", at(LEFT))
                .set("x2", at(LEFT + 24.0))
                .set("mid", at(LEFT + 12.0))
                .set("y", at(y))
                .set("box_y", at(y - 7.0))
                .set("text_x", at(LEFT + 34.0))
                .set("text_y", at(y + 4.0))
                .set("diamond", diamond(LEFT + 12.0, y, 6.0))
                .set("colour", COLOUR)
                .set("flagged_colour", FLAGGED),
        ));
    };
    if let Some((_, _, label)) = &c.band {
        add("band", label);
    }
    if let Some((_, label)) = &c.line {
        add("line", label);
    }
    add("dot", word("ch_legend_dot", lang));
    if c.dots.iter().any(|d| d.flagged) {
        add("diamond", word("ch_legend_flagged", lang));
    }
    let height = legend_top + (legend.len() as f64 - 1.0) * LEGEND_ROW + 14.0;
    let band = match &c.band {
        Some((lo, hi, _)) => Obj::new()
            .set("x", at(x(*lo)))
            .set("width", at(x(*hi) - x(*lo)))
            .into(),
        None => Value::none(),
    };
    let line = match &c.line {
        Some((v, _)) => Obj::new().set("x", at(x(*v))).into(),
        None => Value::none(),
    };
    Obj::new()
        .set("id", format!("chart-{id}"))
        .set("width", at(WIDTH))
        .set("height", at(height))
        .set("title", c.title)
        .set("desc", c.desc)
        .set("caption", c.caption)
        .set("left", at(LEFT))
        .set("right", at(RIGHT))
        .set("top", at(TOP))
        .set("bottom", at(bottom))
        .set("band_height", at(bottom - TOP))
        .set("label_x", at(LEFT - 10.0))
        .set("remark_x", at(RIGHT + 12.0))
        .set("tick_end", at(bottom + 5.0))
        .set("tick_label_y", at(bottom + 18.0))
        .set("axis_title", c.axis_title)
        .set("axis_title_x", at((LEFT + RIGHT) / 2.0))
        .set("axis_title_y", at(bottom + 36.0))
        .set("ticks", ticks)
        .set("band", band)
        .set("line", line)
        .set("rows", rows)
        .set("legend", legend)
        .set("notes", c.notes)
        .into()
}

/// The points of a diamond of half-diagonal `r` around (x, y).
fn diamond(x: f64, y: f64, r: f64) -> String {
    format!(
        "{},{} {},{} {},{} {},{}",
        at(x),
        at(y - r),
        at(x + r),
        at(y),
        at(x),
        at(y + r),
        at(x - r),
        at(y)
    )
}

/// "A, B en C" / "A, B and C".
pub(super) fn listing(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.pick("en", "and")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_axes_end_on_a_round_tick() {
        let (top, ticks) = percent_axis(0.37, Lang::Nl);
        assert!((top - 0.4).abs() < 1e-12);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0%", "10%", "20%", "30%", "40%"]);
        let (top, ticks) = percent_axis(0.06, Lang::En);
        assert!((top - 0.06).abs() < 1e-12, "{top}");
        assert_eq!(ticks[3].1, "6%");
        let (top, ticks) = percent_axis(0.11, Lang::Nl);
        assert!((top - 0.125).abs() < 1e-12, "{top}");
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0%", "2,5%", "5%", "7,5%", "10%", "12,5%"]);
        let (top, _) = percent_axis(0.9, Lang::En);
        assert!((top - 1.0).abs() < 1e-12);
    }

    #[test]
    fn ratio_axes_are_symmetric_around_one() {
        let (end, ticks) = ratio_axis(&[0.42, 1.25, 0.8], Lang::Nl);
        assert_eq!(end, 3.0);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0,33", "0,5", "0,67", "1", "1,5", "2", "3"]);
        let (end, ticks) = ratio_axis(&[0.05], Lang::En);
        assert_eq!(end, 20.0);
        assert_eq!(ticks.first().map(|t| t.1.as_str()), Some("0.05"));
        assert_eq!(ratio_label(0.2, Lang::En), "0.2");
        assert_eq!(ratio_label(20.0, Lang::En), "20");
    }

    #[test]
    fn scales_place_and_clamp() {
        let lin = Scale::Linear {
            low: 0.0,
            high: 0.4,
        };
        assert!((lin.x(0.1, 100.0, 500.0) - 200.0).abs() < 1e-9);
        assert!((lin.x(0.9, 100.0, 500.0) - 500.0).abs() < 1e-9);
        let log = Scale::Log {
            low: 0.5,
            high: 2.0,
        };
        assert!((log.x(1.0, 100.0, 500.0) - 300.0).abs() < 1e-9);
        assert!((log.x(0.0, 100.0, 500.0) - 100.0).abs() < 1e-9);
        assert_eq!(
            listing(&["A".into(), "B".into(), "C".into()], Lang::Nl),
            "A, B en C"
        );
        assert_eq!(capitalised("vals alarm (FPR)"), "Vals alarm (FPR)");
    }
}
