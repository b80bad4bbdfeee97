//! The entry page's charts and map: markers and whiskers sit where a hand computation of the axis puts
//! them, the map has one square per cell at its grid place, a group or cell of 7 rows is drawn with
//! no numbers (and its numbers appear nowhere), every SVG is labelled, and `[data.map]` errors name
//! the field or column. Expected values are computed here from counts and the data files, not by
//! calling the view code.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use approx::assert_abs_diff_eq;
use common::site::{page, published, record, row, table};
use common::{algoreg, f, metric, root};
use predicates::str::contains;

/// z of a two-sided 95% interval.
const Z: f64 = 1.959_963_984_540_054;

/// Wilson's interval of k out of n, written out here.
fn wilson(k: f64, n: f64) -> (f64, f64) {
    let p = k / n;
    let centre = (p + Z * Z / (2.0 * n)) / (1.0 + Z * Z / n);
    let half = Z / (1.0 + Z * Z / n) * (p * (1.0 - p) / n + Z * Z / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

/// A cell of the tiny map: id, x, y.
type Cell = (&'static str, i32, i32);

/// The rows of the tiny register's data: (group, label, prediction, cell, x, y, incidents, expected).
/// Group A (40 rows): 15 TP, 5 FN, 4 FP, 16 TN in cells A1 and A2; B (30): 6 TP, 9 FN, 3 FP, 12 TN in
/// cells B1 and B2; C (7): 1 TP, 4 FN, 1 FP, 1 TN, all in cell C1.
fn tiny_rows() -> Vec<String> {
    let mut out = Vec::new();
    let groups: [(&str, [usize; 4], [Cell; 2]); 3] = [
        ("A", [15, 5, 4, 16], [("A1", 0, 0), ("A2", 1, 0)]),
        ("B", [6, 9, 3, 12], [("B1", 0, 1), ("B2", 1, 1)]),
        ("C", [1, 4, 1, 1], [("C1", 2, 0), ("C1", 2, 0)]),
    ];
    for (g, counts, cells) in groups {
        let mut pairs = Vec::new();
        for (k, (label, pred)) in counts.iter().zip([(1, 1), (1, 0), (0, 1), (0, 0)]) {
            pairs.extend(std::iter::repeat_n((label, pred), *k));
        }
        let half = pairs.len().div_ceil(2);
        for (i, (label, pred)) in pairs.into_iter().enumerate() {
            let (cell, x, y) = cells[usize::from(i >= half)];
            // Cell C1's counts are odd on purpose, so they stand out if they leak.
            let (incidents, expected) = if g == "C" {
                ([3, 1, 4, 1, 5, 9, 2][i], 1.1 + 0.1 * i as f64)
            } else {
                (2 * label, 1.0)
            };
            out.push(format!(
                "{g},{label},{pred},{cell},{x},{y},{incidents},{expected:.1}"
            ));
        }
    }
    out
}

const MANIFEST: &str = r#"schema_version = 1
id = "charts-test"

[register]
organization = "Gemeente Test"
theme = "Openbare orde en veiligheid"
status = "In gebruik"
publication_category = "Impactvolle algoritmes"
contact_email = "test@example.org"
provider = "Gemeente Test"

[register.nl]
name = "Testmodel voor grafieken"
description_short = "Een klein model om de grafieken te toetsen."
goal = "Toetsen."
impact = "Geen."
lawful_basis = "Geen."
human_intervention = "Altijd."
risks = "Geen."
source_data = "Verzonnen."
objection_procedure = "Mail test@example.org."

[data]
file = "tiny.csv"
label = "label"
prediction = "pred"
count = "incidents"
predicted_count = "expected"

[data.map]
cell = "cell"
x = "x"
y = "y"

[[data.groups]]
column = "g"
"#;

/// A register with the tiny model (its manifest edited by `edit`) and the shipped policy.
fn tiny_register(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let reg = tempfile::tempdir().unwrap();
    let dir = reg.path().join("models/charts-test");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(reg.path().join("audits")).unwrap();
    std::fs::copy(
        root().join("audits/policy.toml"),
        reg.path().join("audits/policy.toml"),
    )
    .unwrap();
    std::fs::write(dir.join("model.toml"), edit(MANIFEST)).unwrap();
    let mut csv = vec!["g,label,pred,cell,x,y,incidents,expected".to_string()];
    csv.extend(tiny_rows());
    std::fs::write(dir.join("tiny.csv"), csv.join("\n") + "\n").unwrap();
    reg
}

fn demo(reg: &Path) {
    algoreg()
        .current_dir(reg)
        .args(["demo", "--out", "site"])
        .assert()
        .code(predicates::ord::lt(2));
}

/// The value of attribute `name` in the tag starting at `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
}

fn number(tag: &str, name: &str) -> f64 {
    attr(tag, name).parse().unwrap()
}

/// Every tag of `html` that starts with `start`, up to its `>`.
fn tags<'a>(html: &'a str, start: &str) -> Vec<&'a str> {
    html.match_indices(start)
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
        .collect()
}

/// The `<svg>` whose title is exactly `title`.
fn svg_titled<'a>(html: &'a str, title: &str) -> &'a str {
    let at = html
        .find(&format!("-title\">{title}</title>"))
        .unwrap_or_else(|| panic!("a chart titled {title}"));
    let start = html[..at].rfind("<svg").unwrap();
    &html[start..at + html[at..].find("</svg>").unwrap()]
}

/// The `<svg>` labelled by the ids starting with `id`.
fn svg_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("aria-labelledby=\"{id}-title"))
        .unwrap_or_else(|| panic!("svg {id}"));
    let start = html[..start].rfind("<svg").unwrap();
    &html[start..start + html[start..].find("</svg>").unwrap()]
}

/// The linear axis of a rate chart read off its ticks: (x of 0%, x per unit of rate).
fn percent_axis(svg: &str) -> (f64, f64) {
    let xs: Vec<f64> = tags(svg, "<line class=\"tick\"")
        .iter()
        .map(|t| number(t, "x1"))
        .collect();
    let labels: Vec<f64> = svg
        .match_indices("class=\"tick-label\"")
        .map(|(i, _)| {
            let text = &svg[i + svg[i..].find('>').unwrap() + 1..];
            let text = &text[..text.find('%').unwrap()];
            text.replace(',', ".").parse::<f64>().unwrap() / 100.0
        })
        .collect();
    assert!(xs.len() >= 2 && xs.len() == labels.len(), "ticks in {svg}");
    assert_eq!(labels[0], 0.0);
    let last = xs.len() - 1;
    (xs[0], (xs[last] - xs[0]) / labels[last])
}

/// The row `<g>` of a group in a dot chart.
fn dot_row<'a>(svg: &'a str, group: &str) -> &'a str {
    let start = svg
        .find(&format!("<g data-group=\"{group}\">"))
        .unwrap_or_else(|| panic!("row {group}"));
    &svg[start..start + svg[start..].find("</g>").unwrap()]
}

#[test]
fn rate_markers_and_whiskers_sit_where_the_axis_puts_them() {
    let reg = tiny_register(str::to_string);
    demo(reg.path());
    let r = record(reg.path(), "charts-test");
    let attribute = &r["subgroup"]["attributes"][0];
    let b = attribute["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "B")
        .unwrap();
    // The record's interval of B's FNR (9 of 15) is Wilson's: the one the table and the chart show.
    let (lo, hi) = wilson(9.0, 15.0);
    let e = &metric(b, "fnr")["estimate"];
    assert_abs_diff_eq!(f(&e["ci_low"]), lo, epsilon = 1e-9);
    assert_abs_diff_eq!(f(&e["ci_high"]), hi, epsilon = 1e-9);
    for (name, title) in [
        ("charts-test.html", "Gemiste gevallen (FNR) per groep — g"),
        ("charts-test.en.html", "Cases missed (FNR) by group — g"),
    ] {
        let html = page(reg.path(), name);
        let svg = svg_titled(&html, title);
        let (x0, per) = percent_axis(svg);
        let at = |v: f64| x0 + v * per;
        let row_b = dot_row(svg, "B");
        let mark = tags(row_b, "<circle class=\"mark\"")[0];
        assert_abs_diff_eq!(number(mark, "cx"), at(9.0 / 15.0), epsilon = 0.1);
        let whisker = tags(row_b, "<line class=\"whisker\"")[0];
        assert_abs_diff_eq!(number(whisker, "x1"), at(lo), epsilon = 0.1);
        assert_abs_diff_eq!(number(whisker, "x2"), at(hi), epsilon = 0.1);
        // A, the largest group, is the reference: its FNR (5 of 20) is the dashed line.
        let line = tags(svg, "<line class=\"reference\"")[0];
        assert_abs_diff_eq!(number(line, "x1"), at(0.25), epsilon = 0.1);
        let (alo, ahi) = wilson(5.0, 20.0);
        let whisker = tags(dot_row(svg, "A"), "<line class=\"whisker\"")[0];
        assert_abs_diff_eq!(number(whisker, "x1"), at(alo), epsilon = 0.1);
        assert_abs_diff_eq!(number(whisker, "x2"), at(ahi), epsilon = 0.1);
    }
}

#[test]
fn a_group_and_a_cell_of_seven_rows_are_drawn_without_numbers() {
    let reg = tiny_register(str::to_string);
    demo(reg.path());
    let r = record(reg.path(), "charts-test");
    let cells = r["map"]["cells"].as_array().unwrap();
    let c1 = cells.iter().find(|c| c["cell"] == "C1").unwrap();
    assert_eq!(
        (&c1["rows"], &c1["flagged"], &c1["positives"]),
        (&7.into(), &2.into(), &5.into())
    );
    assert_abs_diff_eq!(f(&c1["recorded"]), 25.0, epsilon = 1e-9);
    let a1 = cells.iter().find(|c| c["cell"] == "A1").unwrap();
    assert_eq!((&a1["rows"], &a1["flagged"]), (&20.into(), &15.into()));
    for (name, nl) in [("charts-test.html", true), ("charts-test.en.html", false)] {
        let html = page(reg.path(), name);
        // Group C's rates (2 and 5 of 7) and cell C1's numbers (25 and 9.8 counts over 7 rows).
        let comma = |s: &str| {
            if nl {
                s.replace('.', ",")
            } else {
                s.to_string()
            }
        };
        for secret in ["28.6%", "71.4%", "3.57", "1.40", "+2.17"] {
            assert!(!html.contains(&comma(secret)), "{name}: {secret} leaks");
        }
        assert!(!html.contains("data-group=\"C\""), "{name}: group C drawn");
        let hidden = if nl {
            "Niet getoond: 1 groep met minder dan 10 rijen."
        } else {
            "Not shown: 1 group with fewer than 10 rows."
        };
        assert!(html.contains(hidden), "{name}: {hidden}");
        for panel in ["map-share", "map-diff"] {
            let svg = svg_with_id(&html, panel);
            let squares = tags(svg, "<rect class=\"cell\"");
            assert_eq!(squares.len(), 5, "{name} {panel}");
            let c1 = squares
                .iter()
                .find(|t| attr(t, "data-cell") == "C1")
                .unwrap();
            assert_eq!(attr(c1, "fill"), format!("url(#{panel}-hatch)"));
            let start = svg.find("data-cell=\"C1\"").unwrap();
            let start = start + svg[start..].find("<title>").unwrap() + "<title>".len();
            let title = &svg[start..start + svg[start..].find("</title>").unwrap()];
            assert!(
                !title
                    .chars()
                    .any(|c| c.is_ascii_digit() && c != '1' && c != '0'),
                "{name}: C1's tooltip holds numbers: {title}"
            );
            // Cells on the grid: C1 (2, 0) two squares east of A1 (0, 0), B1 (0, 1) one north.
            let corner = |id: &str| {
                let t = squares.iter().find(|t| attr(t, "data-cell") == id).unwrap();
                (number(t, "x"), number(t, "y"), number(t, "width"))
            };
            let (ax, ay, size) = corner("A1");
            let (cx, cy, _) = corner("C1");
            let (bx, by, _) = corner("B1");
            assert_abs_diff_eq!(cx, ax + 2.0 * size, epsilon = 0.1);
            assert_abs_diff_eq!(cy, ay, epsilon = 0.1);
            assert_abs_diff_eq!(bx, ax, epsilon = 0.1);
            assert_abs_diff_eq!(by, ay - size, epsilon = 0.1);
        }
        // The area table: C's only cell is withheld, so C has no numbers; A's 19 flagged of 40 rows.
        let caption = if nl { "Per gebied (g)" } else { "By area (g)" };
        let areas = table(&html, caption);
        assert!(!row(areas, "C").contains("class=\"num\""), "{name}: C row");
        let share = if nl { "47,5%" } else { "47.5%" };
        assert!(row(areas, "A").contains(share), "{name}: A's share");
    }
}

/// Distinct cells of the hotspot example and their grid place, read from its data file.
fn hotspot_cells() -> BTreeMap<String, (i64, i64)> {
    let text = std::fs::read_to_string(root().join("models/hotspot-tilburg/cells.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id, x, y) = (col("cell_id"), col("x"), col("y"));
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (
                cells[id].to_string(),
                (cells[x].parse().unwrap(), cells[y].parse().unwrap()),
            )
        })
        .collect()
}

#[test]
fn the_hotspot_map_has_one_square_per_cell_at_its_grid_place() {
    let reg = published();
    let cells = hotspot_cells();
    assert_eq!(cells.len(), 300);
    // Flagged share of Centrum over the audited rows, from the scored file.
    let scored =
        std::fs::read_to_string(root().join("models/hotspot-tilburg/trained/scored.csv")).unwrap();
    let mut lines = scored.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (hood, flag) = (col("neighbourhood"), col("predicted_hotspot"));
    let (mut rows, mut flagged) = (0.0, 0.0);
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        if c[hood] == "Centrum" {
            rows += 1.0;
            flagged += c[flag].parse::<f64>().unwrap();
        }
    }
    for (name, nl) in [
        ("hotspot-tilburg.html", true),
        ("hotspot-tilburg.en.html", false),
    ] {
        let html = page(reg.path(), name);
        for panel in ["map-share", "map-diff"] {
            let svg = svg_with_id(&html, panel);
            let squares = tags(svg, "<rect class=\"cell\"");
            assert_eq!(squares.len(), 300, "{name} {panel}");
            let drawn: BTreeSet<&str> = squares.iter().map(|t| attr(t, "data-cell")).collect();
            assert_eq!(drawn.len(), 300, "{name} {panel}: one square per cell");
            let anchor = squares
                .iter()
                .find(|t| attr(t, "data-cell") == "TB0000")
                .unwrap();
            let (x0, y0, size) = (
                number(anchor, "x"),
                number(anchor, "y"),
                number(anchor, "width"),
            );
            for t in &squares {
                let (x, y) = cells[attr(t, "data-cell")];
                // x grows eastward (right), y northward (up).
                assert_abs_diff_eq!(number(t, "x"), x0 + x as f64 * size, epsilon = 0.1);
                assert_abs_diff_eq!(number(t, "y"), y0 - y as f64 * size, epsilon = 0.1);
                assert!(!attr(t, "fill").starts_with("url("), "no cell is withheld");
            }
        }
        let caption = if nl {
            "Per gebied (neighbourhood)"
        } else {
            "By area (neighbourhood)"
        };
        let share = format!("{:.1}%", 100.0 * flagged / rows);
        let share = if nl { share.replace('.', ",") } else { share };
        assert!(
            row(table(&html, caption), "Centrum").contains(&share),
            "{name}: Centrum {share}"
        );
    }
}

#[test]
fn every_chart_is_an_image_with_a_title_and_a_description() {
    let reg = published();
    let mut charts = 0;
    for id in ["foundation-risk-zaandam", "hotspot-tilburg"] {
        for name in [format!("{id}.html"), format!("{id}.en.html")] {
            let html = page(reg.path(), &name);
            let mut ids = BTreeSet::new();
            for (i, _) in html.match_indices("<svg") {
                let svg = &html[i..i + html[i..].find("</svg>").unwrap()];
                let tag = &svg[..svg.find('>').unwrap()];
                assert_eq!(attr(tag, "role"), "img", "{name}: {tag}");
                let labels: Vec<&str> = attr(tag, "aria-labelledby").split(' ').collect();
                assert_eq!(labels.len(), 2, "{name}: {tag}");
                for (label, element) in labels.iter().zip(["title", "desc"]) {
                    assert!(ids.insert(label.to_string()), "{name}: id {label} twice");
                    let open = format!("<{element} id=\"{label}\">");
                    let start =
                        svg.find(&open).unwrap_or_else(|| panic!("{name}: {open}")) + open.len();
                    let text = &svg[start..start + svg[start..].find('<').unwrap()];
                    assert!(!text.trim().is_empty(), "{name}: empty {element} {label}");
                }
                charts += 1;
            }
        }
    }
    // Per page: foundation 3 rate charts + 2 representation charts; hotspot 4 rate charts, the
    // reporting chart, two map panels and the feedback chart.
    assert_eq!(charts, 2 * (5 + 8));
}

#[test]
fn map_table_errors_name_the_field_or_the_column() {
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "x = \"x\"",
            "x = \"east\"",
            &["`east`", "map's x column", "tiny.csv"],
        ),
        (
            "y = \"y\"\n",
            "y = \"y\"\narea = \"label\"\n",
            &["data.map.area", "label column"],
        ),
        (
            "count = \"incidents\"\npredicted_count = \"expected\"\n",
            "",
            &["`data.map`"],
        ),
        ("cell = \"cell\"\n", "", &["missing field `cell`"]),
    ];
    for (from, to, expected) in cases {
        let reg = tiny_register(|m| m.replace(from, to));
        let mut assert = algoreg()
            .current_dir(reg.path())
            .args(["audit", "models/charts-test"])
            .assert()
            .code(2);
        for e in expected {
            assert = assert.stderr(contains(*e));
        }
    }
}

#[test]
fn map_cells_that_are_off_the_grid_move_or_overlap_are_errors_naming_the_line() {
    let csv_cases: [(&str, &str, &[&str]); 3] = [
        (
            "A1,0,0,",
            "A1,1.5,0,",
            &["tiny.csv:2", "column `x`", "whole number"],
        ),
        (
            "B1,0,1,",
            "B1,0,0,",
            &["tiny.csv:42", "cells `A1` and `B1` both lie at (0, 0)"],
        ),
        (
            "C,1,0,C1,2,0,",
            "C,1,0,C1,2,3,",
            &["tiny.csv:", "cell `C1` lies at (2, 0) on line"],
        ),
    ];
    for (from, to, expected) in csv_cases {
        let reg = tiny_register(str::to_string);
        let path = reg.path().join("models/charts-test/tiny.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        // Only the first matching row changes.
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let mut assert = algoreg()
            .current_dir(reg.path())
            .args(["audit", "models/charts-test"])
            .assert()
            .code(2);
        for e in expected {
            assert = assert.stderr(contains(*e));
        }
    }
}
