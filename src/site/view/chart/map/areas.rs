//! The map's numbers per area: sums over the area's shown cells (a withheld cell would otherwise be
//! worked back from its area's total) and the per-area table under the maps.

use std::collections::BTreeMap;

use super::Shown;
use crate::format::{self, Lang};
use crate::record::map::MapSection;
use crate::site::view::cell::Obj;
use crate::site::view::frame::{fill, word};
use crate::site::view::table::{labelled_table, number_cell, part, row};

/// Sums of one area over its shown cells.
#[derive(Default)]
pub(super) struct AreaSum {
    pub(super) cells: u64,
    pub(super) withheld: u64,
    pub(super) rows: u64,
    pub(super) flagged: u64,
    pub(super) recorded: f64,
    pub(super) predicted: f64,
    /// Sum of the cells' centres in grid units, for the label.
    pub(super) centre: (f64, f64),
}

/// Each area's sums, by name.
pub(super) fn area_sums<'a>(cells: &[Shown<'a>]) -> BTreeMap<&'a str, AreaSum> {
    let mut out: BTreeMap<&str, AreaSum> = BTreeMap::new();
    for s in cells {
        let c = s.cell;
        let a = out.entry(c.area.as_str()).or_default();
        a.cells += 1;
        a.centre.0 += c.x as f64;
        a.centre.1 += c.y as f64;
        if s.values.is_none() {
            a.withheld += 1;
            continue;
        }
        a.rows += c.rows;
        a.flagged += c.flagged;
        a.recorded += c.recorded;
        a.predicted += c.predicted;
    }
    out
}

impl AreaSum {
    /// Flagged share, recorded and predicted per period; none when too few rows are shown.
    pub(super) fn values(&self) -> Option<(f64, f64, f64)> {
        (self.rows > 0).then(|| {
            let rows = self.rows as f64;
            (
                self.flagged as f64 / rows,
                self.recorded / rows,
                self.predicted / rows,
            )
        })
    }
}

/// Per area: cells, flagged share, recorded and predicted per period, over the shown cells.
pub(super) fn area_part(
    m: &MapSection,
    areas: &BTreeMap<&str, AreaSum>,
    withheld: usize,
    min_rows: u64,
    period: &(&str, &str),
    lang: Lang,
) -> Obj {
    let columns = [
        (word("ch_map_col_cells", lang).to_string(), true),
        (
            fill("ch_map_col_share", lang, &[("periods", period.1)]),
            true,
        ),
        (
            fill("ch_map_col_recorded", lang, &[("period", period.0)]),
            true,
        ),
        (
            fill("ch_map_col_predicted", lang, &[("period", period.0)]),
            true,
        ),
    ];
    let rows = areas
        .iter()
        .map(|(name, a)| {
            let mut cells_text = format::count(a.cells, lang);
            if a.withheld > 0 {
                cells_text = fill(
                    "ch_map_cells_withheld",
                    lang,
                    &[("cells", &cells_text), ("n", &a.withheld.to_string())],
                );
            }
            match a.values().filter(|_| a.rows >= min_rows) {
                Some((share, recorded, predicted)) => {
                    let cells = vec![
                        number_cell(&cells_text),
                        number_cell(&format::percent(share, lang)),
                        number_cell(&format::number(recorded, 2, lang)),
                        number_cell(&format::number(predicted, 2, lang)),
                    ];
                    row(name, false, None, lang, cells)
                }
                None => row(name, false, Some(min_rows), lang, Vec::new()),
            }
        })
        .collect();
    let caption = fill(
        "ch_map_table_caption",
        lang,
        &[("column", &m.area_column), ("periods", period.1)],
    );
    let mut notes = vec![fill("ch_map_table_note", lang, &[("period", period.0)])];
    if withheld > 0 {
        notes.push(fill(
            "ch_map_table_withheld",
            lang,
            &[("min", &min_rows.to_string())],
        ));
    }
    let table = labelled_table(
        caption,
        word("ch_map_col_area", lang),
        &columns,
        rows,
        notes,
    );
    part(
        "map-areas",
        word("ch_map_areas", lang),
        Vec::new(),
        vec![table],
    )
}
