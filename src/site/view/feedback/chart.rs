//! The geometry of the feedback section's line chart: the gap between patrols and true incidents per
//! week, one line per arm, as coordinates and labels for the inline SVG of `templates/feedback.html`
//! (no script; every text is autoescaped there). Lines differ by colour and by dash pattern.

use tera::Value;

use crate::format::{self, Lang};
use crate::record::feedback::FeedbackSection;
use crate::site::view::cell::Obj;
use crate::site::view::frame::fill;
use crate::site::view::frame::word;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = WIDTH - 20.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 240.0;
/// The legend's first row, and the distance between rows.
const LEGEND_TOP: f64 = BOTTOM + 60.0;
const LEGEND_ROW: f64 = 22.0;

/// Per arm: stroke colour and dash pattern. All colours have a contrast of at least 6:1 on white.
const STYLES: [(&str, &str); 4] = [
    ("#1a1a1a", "none"),
    ("#0b4f9c", "9 5"),
    ("#a04000", "2 4"),
    ("#5a2d82", "12 4 2 4"),
];

/// A coordinate as SVG wants it: "12.3", always with a point.
fn at(x: f64) -> String {
    format!("{x:.1}")
}

/// The top of the gap axis: the next 10% above the largest value (at least 10%, at most 100%).
fn axis_top(max: f64) -> f64 {
    ((max * 10.0).ceil() / 10.0).clamp(0.1, 1.0)
}

/// The step between the gap axis' ticks.
fn axis_step(top: f64) -> f64 {
    if top <= 0.2 {
        0.05
    } else if top <= 0.6 {
        0.1
    } else {
        0.2
    }
}

/// Week ticks: week 1, then every 5, 10 or 20 weeks.
fn week_ticks(rounds: usize) -> Vec<usize> {
    let step = match rounds {
        0..=20 => 5,
        21..=60 => 10,
        _ => 20,
    };
    let mut ticks = vec![1];
    ticks.extend((step..=rounds).step_by(step));
    ticks
}

/// The chart's view-model: `width`, `height`, `title`, `desc`, axes, ticks, the late weeks' band,
/// `lines` (`points`, `colour`, `dash`) and `legend` rows; `labels` are the arms' names in words.
pub(super) fn chart(s: &FeedbackSection, labels: &[String], lang: Lang) -> Value {
    let rounds = s
        .arms
        .iter()
        .map(|a| a.divergence_by_round.len())
        .max()
        .unwrap_or(0);
    let max = s
        .arms
        .iter()
        .flat_map(|a| &a.divergence_by_round)
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let top = axis_top(max);
    let x = |week: usize| {
        if rounds < 2 {
            (LEFT + RIGHT) / 2.0
        } else {
            LEFT + (week - 1) as f64 / (rounds - 1) as f64 * (RIGHT - LEFT)
        }
    };
    let y = |v: f64| BOTTOM - v.clamp(0.0, top) / top * (BOTTOM - TOP);
    let step = axis_step(top);
    let y_ticks: Vec<Value> = (0..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v <= top + 1e-9)
        .map(|v| {
            Obj::new()
                .set("y", at(y(v)))
                .set("text_y", at(y(v) + 4.0))
                .set("label", format!("{}%", format::number(v * 100.0, 0, lang)))
                .into()
        })
        .collect();
    let x_ticks: Vec<Value> = week_ticks(rounds)
        .into_iter()
        .map(|w| {
            Obj::new()
                .set("x", at(x(w)))
                .set("label", w.to_string())
                .into()
        })
        .collect();
    let mut lines = Vec::new();
    let mut legend = Vec::new();
    let mut described = Vec::new();
    for (i, (arm, label)) in s.arms.iter().zip(labels).enumerate() {
        let (colour, dash) = STYLES[i % STYLES.len()];
        let points = arm
            .divergence_by_round
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(r, v)| format!("{},{}", at(x(r + 1)), at(y(*v))))
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(Value::from(
            Obj::new()
                .set("points", points)
                .set("colour", colour)
                .set("dash", dash),
        ));
        let row_y = LEGEND_TOP + i as f64 * LEGEND_ROW;
        legend.push(Value::from(
            Obj::new()
                .set("x1", at(LEFT))
                .set("x2", at(LEFT + 40.0))
                .set("y", at(row_y))
                .set("text_x", at(LEFT + 50.0))
                .set("text_y", at(row_y + 4.0))
                .set("colour", colour)
                .set("dash", dash)
                .set("label", label.as_str()),
        ));
        if let (Some(first), Some(last)) = (
            arm.divergence_by_round.first(),
            arm.divergence_by_round.last(),
        ) {
            described.push(fill(
                "fb_chart_line",
                lang,
                &[
                    ("arm", label),
                    ("first", &format::percent(*first, lang)),
                    ("last", &format::percent(*last, lang)),
                    ("rounds", &arm.divergence_by_round.len().to_string()),
                ],
            ));
        }
    }
    let height = LEGEND_TOP + s.arms.len().saturating_sub(1) as f64 * LEGEND_ROW + 16.0;
    let late = s.late_rounds.min(rounds);
    let band_x = if late > 0 && rounds > late {
        x(rounds - late + 1)
    } else {
        RIGHT
    };
    let band = Obj::new()
        .set("x", at(band_x))
        .set("y", at(TOP))
        .set("width", at(RIGHT - band_x))
        .set("height", at(BOTTOM - TOP))
        .set("text_x", at(band_x + 4.0))
        .set("text_y", at(TOP + 14.0))
        .set(
            "label",
            if band_x < RIGHT {
                fill("fb_late_band", lang, &[("n", &late.to_string())])
            } else {
                String::new()
            },
        );
    Obj::new()
        .set("width", at(WIDTH))
        .set("height", at(height))
        .set("title", word("fb_chart_title", lang))
        .set(
            "desc",
            fill("fb_chart_desc", lang, &[("lines", &described.join(" "))]),
        )
        .set("left", at(LEFT))
        .set("right", at(RIGHT))
        .set("top", at(TOP))
        .set("bottom", at(BOTTOM))
        .set("tick_label_x", at(LEFT - 8.0))
        .set("tick_end", at(BOTTOM + 5.0))
        .set("week_label_y", at(BOTTOM + 18.0))
        .set("x_title", word("fb_axis_week", lang))
        .set("x_title_x", at((LEFT + RIGHT) / 2.0))
        .set("x_title_y", at(BOTTOM + 38.0))
        .set("y_title", word("fb_axis_gap", lang))
        .set(
            "y_title_transform",
            format!("rotate(-90 16 {})", at((TOP + BOTTOM) / 2.0)),
        )
        .set("y_title_y", at((TOP + BOTTOM) / 2.0))
        .set("y_ticks", y_ticks)
        .set("x_ticks", x_ticks)
        .set("band", Value::from(band))
        .set("lines", lines)
        .set("legend", legend)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_fit_the_values() {
        assert_eq!(axis_top(0.368), 0.4);
        assert_eq!(axis_top(0.0), 0.1);
        assert_eq!(axis_top(0.95), 1.0);
        assert_eq!(axis_step(0.4), 0.1);
        assert_eq!(week_ticks(40), vec![1, 10, 20, 30, 40]);
        assert_eq!(week_ticks(12), vec![1, 5, 10]);
    }
}
