//! The grid map of a model with `[data.map]` (`templates/map.html`): one square per cell at its grid
//! place, in two panels — the share of periods the model flagged the cell (sequential palette) and
//! recorded minus predicted counts per period (diverging palette, with a + or − in the cells beyond
//! the middle step, so the direction never rests on colour alone) — thick borders between areas, each
//! area's name at its centroid, and a per-area table. Cells below the row minimum are hatched, carry
//! no numbers, and are left out of the area numbers (which would otherwise give theirs away).

mod areas;
mod grid;

use std::collections::BTreeMap;

use tera::Value;

use super::{at, listing};
use crate::format::{self, Lang};
use crate::record::AuditRecord;
use crate::record::map::MapCell;
use crate::site::view::cell::{Obj, signed};
use crate::site::view::frame::{fill, word};
use areas::{AreaSum, area_part, area_sums};
use grid::{Grid, PAD};

const LEGEND_GAP: f64 = 28.0;
const LEGEND_WIDTH: f64 = 280.0;
const LEGEND_ROW: f64 = 24.0;
const SWATCH: f64 = 18.0;

/// ColorBrewer YlGnBu (5 classes): sequential, light to dark, readable in grey and colour-blind safe.
const SEQUENTIAL: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];
/// ColorBrewer PuOr (5 classes), purple for fewer recorded than predicted, orange for more:
/// colour-blind safe. The sign drawn on a class uses the ink beside it (contrast ≥ 5:1).
const DIVERGING: [&str; 5] = ["#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101"];
const SIGN_INK: [&str; 5] = ["#ffffff", "#1a1a1a", "#1a1a1a", "#1a1a1a", "#1a1a1a"];

/// What the map shows of one cell; `None` numbers for a cell below the row minimum.
struct Shown<'a> {
    cell: &'a MapCell,
    /// Flagged share and (recorded − predicted) per period.
    values: Option<(f64, f64)>,
}

/// The map section's view-model (`heading`, `intro`, `panels`, `areas`), or none without a map.
pub fn map_view(rec: &AuditRecord, min_rows: u64, lang: Lang) -> Value {
    let Some(m) = &rec.map else {
        return Value::none();
    };
    if m.cells.is_empty() {
        return Value::none();
    }
    let cells: Vec<Shown> = m
        .cells
        .iter()
        .map(|c| Shown {
            cell: c,
            values: (c.rows >= min_rows && c.rows > 0).then(|| {
                let rows = c.rows as f64;
                (c.flagged as f64 / rows, (c.recorded - c.predicted) / rows)
            }),
        })
        .collect();
    let period = period_words(rec, lang);
    let areas = area_sums(&cells);
    let withheld = cells.iter().filter(|c| c.values.is_none()).count();
    let grid = Grid::new(m);
    let panels = vec![
        share_panel(&grid, &cells, &areas, withheld, min_rows, &period, lang),
        diff_panel(&grid, &cells, &areas, withheld, min_rows, &period, lang),
    ];
    Obj::new()
        .set("heading", word("ch_map_heading", lang))
        .set(
            "intro",
            fill(
                "ch_map_intro",
                lang,
                &[
                    ("cells", &format::count(m.cells.len() as u64, lang)),
                    ("areas", &format::count(areas.len() as u64, lang)),
                    ("column", &m.area_column),
                    ("periods", period.1),
                ],
            ),
        )
        .set("panels", panels)
        .set(
            "areas",
            Value::from(area_part(m, &areas, withheld, min_rows, &period, lang)),
        )
        .into()
}

/// The period one row covers, from the reporting comparison when there is one: (singular, plural).
fn period_words(rec: &AuditRecord, lang: Lang) -> (&'static str, &'static str) {
    let period = rec.sampling.reporting.as_ref().map(|r| r.period.as_str());
    let (nl, en) = match period {
        Some("day") => (("dag", "dagen"), ("day", "days")),
        Some("week") => (("week", "weken"), ("week", "weeks")),
        Some("month") => (("maand", "maanden"), ("month", "months")),
        Some("quarter") => (("kwartaal", "kwartalen"), ("quarter", "quarters")),
        Some("year") => (("jaar", "jaren"), ("year", "years")),
        _ => (("periode", "periodes"), ("period", "periods")),
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// One legend entry: a swatch (`fill`, or hatched) with the sign its cells carry, and its label.
fn legend(x: f64, i: usize, fill: &str, label: String, sign: (&str, &str)) -> Value {
    let y = PAD + 24.0 + i as f64 * LEGEND_ROW;
    Obj::new()
        .set("x", at(x))
        .set("y", at(y))
        .set("fill", fill)
        .set("label", label)
        .set("text_x", at(x + SWATCH + 8.0))
        .set("text_y", at(y + SWATCH / 2.0 + 4.0))
        .set("sign", sign.0)
        .set("ink", sign.1)
        .set("sign_x", at(x + SWATCH / 2.0))
        .set("sign_y", at(y + SWATCH / 2.0 + 5.0))
        .into()
}

/// The panel's frame: size, ids, the withheld cells' pattern and legend entry, borders and labels.
#[allow(clippy::too_many_arguments)]
fn panel(
    grid: &Grid,
    cells: &[Shown],
    areas: &BTreeMap<&str, AreaSum>,
    id: &str,
    squares: Vec<Value>,
    mut legend_rows: Vec<Value>,
    texts: [String; 4],
    withheld: usize,
    min_rows: u64,
    lang: Lang,
) -> Value {
    let [title, desc, legend_title, caption] = texts;
    let legend_x = PAD + grid.width + LEGEND_GAP;
    let hatch = format!("{id}-hatch");
    if withheld > 0 {
        let label = fill("ch_map_withheld", lang, &[("min", &min_rows.to_string())]);
        let i = legend_rows.len();
        legend_rows.push(legend(
            legend_x,
            i,
            &format!("url(#{hatch})"),
            label,
            ("", ""),
        ));
    }
    let legend_bottom = PAD + 24.0 + legend_rows.len() as f64 * LEGEND_ROW + PAD;
    let height = (grid.height + 2.0 * PAD).max(legend_bottom);
    Obj::new()
        .set("id", id)
        .set("hatch_id", hatch)
        .set("width", at(legend_x + LEGEND_WIDTH))
        .set("height", at(height))
        .set("size", at(grid.size))
        .set("title", title)
        .set("desc", desc)
        .set("caption", caption)
        .set("cells", squares)
        .set("borders", grid.borders(cells))
        .set("labels", grid.labels(areas))
        .set("legend_title", legend_title)
        .set("legend_x", at(legend_x))
        .set("legend_title_y", at(PAD + 12.0))
        .set("swatch", at(SWATCH))
        .set("legend", legend_rows)
        .into()
}

/// A cell's square: place, fill, tooltip, and an optional sign with its ink.
fn square(grid: &Grid, c: &MapCell, fill: &str, title: String, sign: (&str, &str)) -> Value {
    let (x, y) = grid.corner(c.x, c.y);
    Obj::new()
        .set("cell", c.cell.as_str())
        .set("x", at(x))
        .set("y", at(y))
        .set("fill", fill)
        .set("title", title)
        .set("sign", sign.0)
        .set("ink", sign.1)
        .set("sign_x", at(x + grid.size / 2.0))
        .set("sign_y", at(y + grid.size / 2.0 + 5.0))
        .into()
}

/// The class of a flagged share: 0 for never, then quarters.
fn share_class(share: f64) -> usize {
    if share <= 0.0 {
        0
    } else {
        ((share * 4.0).ceil() as usize).clamp(1, 4)
    }
}

fn withheld_title(c: &MapCell, min_rows: u64, lang: Lang) -> String {
    fill(
        "ch_map_withheld_cell",
        lang,
        &[
            ("cell", &c.cell),
            ("area", &c.area),
            ("min", &min_rows.to_string()),
        ],
    )
}

/// The share of periods the model flagged each cell.
fn share_panel(
    grid: &Grid,
    cells: &[Shown],
    areas: &BTreeMap<&str, AreaSum>,
    withheld: usize,
    min_rows: u64,
    period: &(&str, &str),
    lang: Lang,
) -> Value {
    let hatch = "url(#map-share-hatch)";
    let squares = cells
        .iter()
        .map(|s| match s.values {
            Some((share, _)) => {
                let title = fill(
                    "ch_map_share_cell",
                    lang,
                    &[
                        ("cell", &s.cell.cell),
                        ("area", &s.cell.area),
                        ("share", &format::percent(share, lang)),
                        ("periods", period.1),
                    ],
                );
                square(
                    grid,
                    s.cell,
                    SEQUENTIAL[share_class(share)],
                    title,
                    ("", ""),
                )
            }
            None => square(
                grid,
                s.cell,
                hatch,
                withheld_title(s.cell, min_rows, lang),
                ("", ""),
            ),
        })
        .collect();
    let legend_x = PAD + grid.width + LEGEND_GAP;
    let pct = |q: f64| format!("{}%", format::number(q * 100.0, 0, lang));
    let rows = SEQUENTIAL
        .iter()
        .enumerate()
        .map(|(k, colour)| {
            let label = match k {
                0 => pct(0.0),
                _ => format!("> {}–{}", pct((k - 1) as f64 / 4.0), pct(k as f64 / 4.0)),
            };
            legend(legend_x, k, colour, label, ("", ""))
        })
        .collect();
    let shares: Vec<(&str, f64)> = areas
        .iter()
        .filter_map(|(n, a)| a.values().map(|v| (*n, v.0)))
        .collect();
    let title = fill("ch_map_share_title", lang, &[("periods", period.1)]);
    let mut desc = fill("ch_map_share_desc", lang, &[("periods", period.1)]);
    if let Some((high, low)) = extremes(&shares) {
        desc.push(' ');
        desc.push_str(&fill(
            "ch_map_share_extremes",
            lang,
            &[
                ("high", high.0),
                ("high_share", &format::percent(high.1, lang)),
                ("low", low.0),
                ("low_share", &format::percent(low.1, lang)),
            ],
        ));
    }
    desc.push_str(&withheld_sentence(cells, withheld, min_rows, lang));
    let legend_title = fill("ch_map_share_legend", lang, &[("periods", period.1)]);
    let caption = fill("ch_map_caption", lang, &[("title", &title)]);
    panel(
        grid,
        cells,
        areas,
        "map-share",
        squares,
        rows,
        [title, desc, legend_title, caption],
        withheld,
        min_rows,
        lang,
    )
}

/// A named value (an area and its number).
type Named<'a> = (&'a str, f64);

/// The highest and the lowest of named values (ties: the first by name).
fn extremes<'a>(values: &[Named<'a>]) -> Option<(Named<'a>, Named<'a>)> {
    let pick = |better: fn(f64, f64) -> bool| {
        values
            .iter()
            .fold(None, |best: Option<Named<'a>>, &(n, v)| {
                if best.is_none_or(|b| better(v, b.1)) {
                    Some((n, v))
                } else {
                    best
                }
            })
    };
    Some((pick(|a, b| a > b)?, pick(|a, b| a < b)?))
}

/// " Vakken met minder dan 10 rijen (3) zijn gearceerd en zonder getallen." or nothing.
fn withheld_sentence(cells: &[Shown], withheld: usize, min_rows: u64, lang: Lang) -> String {
    if withheld == 0 {
        return String::new();
    }
    let names: Vec<String> = cells
        .iter()
        .filter(|c| c.values.is_none())
        .map(|c| c.cell.cell.clone())
        .collect();
    let names = if names.len() <= 10 {
        format!(" ({})", listing(&names, lang))
    } else {
        String::new()
    };
    format!(
        " {}",
        fill(
            "ch_map_withheld_desc",
            lang,
            &[
                ("n", &withheld.to_string()),
                ("min", &min_rows.to_string()),
                ("cells", &names),
            ],
        )
    )
}

/// The step of the difference classes: the first of 0.01, 0.02, 0.05, … with two steps holding
/// nine in ten of the differences (so the outer classes show the cells that stand out, not one
/// outlier's range).
fn diff_step(diffs: &[f64]) -> f64 {
    const STEPS: [f64; 14] = [
        0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0,
    ];
    let mut sizes: Vec<f64> = diffs.iter().map(|d| d.abs()).collect();
    sizes.sort_by(f64::total_cmp);
    let p90 = sizes
        .get((sizes.len().saturating_sub(1) as f64 * 0.9).floor() as usize)
        .copied()
        .unwrap_or(0.0);
    STEPS
        .into_iter()
        .find(|s| 2.0 * s >= p90 - 1e-12)
        .unwrap_or(100.0)
}

/// Class 0 (far below) to 4 (far above); 2 is within one step of 0.
fn diff_class(d: f64, step: f64) -> usize {
    if d < -2.0 * step {
        0
    } else if d < -step {
        1
    } else if d <= step {
        2
    } else if d <= 2.0 * step {
        3
    } else {
        4
    }
}

/// Recorded minus predicted counts per period in each cell.
fn diff_panel(
    grid: &Grid,
    cells: &[Shown],
    areas: &BTreeMap<&str, AreaSum>,
    withheld: usize,
    min_rows: u64,
    period: &(&str, &str),
    lang: Lang,
) -> Value {
    let diffs: Vec<f64> = cells.iter().filter_map(|s| s.values.map(|v| v.1)).collect();
    let step = diff_step(&diffs);
    let decimals = if step < 0.1 {
        2
    } else if step < 1.0 {
        1
    } else {
        0
    };
    let hatch = "url(#map-diff-hatch)";
    let squares = cells
        .iter()
        .map(|s| match s.values {
            Some((_, d)) => {
                let k = diff_class(d, step);
                let sign = match k {
                    0 | 1 => "−",
                    3 | 4 => "+",
                    _ => "",
                };
                let c = s.cell;
                let rows = c.rows as f64;
                let title = fill(
                    "ch_map_diff_cell",
                    lang,
                    &[
                        ("cell", &c.cell),
                        ("area", &c.area),
                        ("diff", &signed(d, 2, lang)),
                        ("recorded", &format::number(c.recorded / rows, 2, lang)),
                        ("predicted", &format::number(c.predicted / rows, 2, lang)),
                        ("period", period.0),
                    ],
                );
                square(grid, c, DIVERGING[k], title, (sign, SIGN_INK[k]))
            }
            None => square(
                grid,
                s.cell,
                hatch,
                withheld_title(s.cell, min_rows, lang),
                ("", ""),
            ),
        })
        .collect();
    let legend_x = PAD + grid.width + LEGEND_GAP;
    let b = |x: f64| signed(x, decimals, lang);
    let to = lang.pick("tot", "to");
    let labels = [
        format!("> {}", b(2.0 * step)),
        format!("{} {to} {}", b(step), b(2.0 * step)),
        format!("{} {to} {}", b(-step), b(step)),
        format!("{} {to} {}", b(-2.0 * step), b(-step)),
        format!("< {}", b(-2.0 * step)),
    ];
    let signs = ["+", "+", "", "−", "−"];
    let rows = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let sign = (signs[i], SIGN_INK[4 - i]);
            legend(legend_x, i, DIVERGING[4 - i], label, sign)
        })
        .collect();
    let diffs: Vec<(&str, f64)> = areas
        .iter()
        .filter_map(|(n, a)| a.values().map(|v| (*n, v.1 - v.2)))
        .collect();
    let title = fill("ch_map_diff_title", lang, &[("period", period.0)]);
    let mut desc = fill("ch_map_diff_desc", lang, &[("period", period.0)]);
    if let Some((high, low)) = extremes(&diffs) {
        desc.push(' ');
        desc.push_str(&fill(
            "ch_map_diff_extremes",
            lang,
            &[
                ("high", high.0),
                ("high_diff", &signed(high.1, 2, lang)),
                ("low", low.0),
                ("low_diff", &signed(low.1, 2, lang)),
            ],
        ));
    }
    desc.push_str(&withheld_sentence(cells, withheld, min_rows, lang));
    let legend_title = fill("ch_map_diff_legend", lang, &[("period", period.0)]);
    let caption = fill("ch_map_caption", lang, &[("title", &title)]);
    panel(
        grid,
        cells,
        areas,
        "map-diff",
        squares,
        rows,
        [title, desc, legend_title, caption],
        withheld,
        min_rows,
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_the_range() {
        assert_eq!(share_class(0.0), 0);
        assert_eq!(share_class(0.05), 1);
        assert_eq!(share_class(0.25), 1);
        assert_eq!(share_class(0.26), 2);
        assert_eq!(share_class(1.0), 4);
        // Nine in ten differences within ±0.35: steps of 0.2; one outlier does not widen them.
        let mut diffs: Vec<f64> = (0..20).map(|i| (i as f64 - 10.0) * 0.035).collect();
        diffs.push(4.0);
        assert_eq!(diff_step(&diffs), 0.2);
        assert_eq!(diff_step(&[]), 0.01);
        assert_eq!(diff_class(-0.5, 0.2), 0);
        assert_eq!(diff_class(-0.3, 0.2), 1);
        assert_eq!(diff_class(0.2, 0.2), 2);
        assert_eq!(diff_class(0.3, 0.2), 3);
        assert_eq!(diff_class(0.41, 0.2), 4);
    }
}
