//! Where the map's grid lies on the drawing: a cell's corner (x eastward, y northward, so north is
//! up), the path of the borders between areas and around the edge, and each area's label at the
//! centroid of its cells.

use std::collections::BTreeMap;

use tera::Value;

use super::Shown;
use super::areas::AreaSum;
use crate::record::map::MapSection;
use crate::site::view::cell::Obj;
use crate::site::view::chart::at;

/// The widest a grid is drawn, the largest a cell, and the margin around the map.
const GRID_WIDTH: f64 = 480.0;
const CELL_MAX: f64 = 24.0;
pub(super) const PAD: f64 = 10.0;

/// Where the grid lies on the drawing.
pub(super) struct Grid {
    min_x: i64,
    max_y: i64,
    pub(super) size: f64,
    pub(super) width: f64,
    pub(super) height: f64,
}

impl Grid {
    pub(super) fn new(m: &MapSection) -> Self {
        let xs = m.cells.iter().map(|c| c.x);
        let ys = m.cells.iter().map(|c| c.y);
        let (min_x, max_x) = (xs.clone().min().unwrap_or(0), xs.max().unwrap_or(0));
        let (min_y, max_y) = (ys.clone().min().unwrap_or(0), ys.max().unwrap_or(0));
        let (cols, rows) = ((max_x - min_x + 1) as f64, (max_y - min_y + 1) as f64);
        let size = (GRID_WIDTH / cols).floor().clamp(4.0, CELL_MAX);
        Grid {
            min_x,
            max_y,
            size,
            width: cols * size,
            height: rows * size,
        }
    }

    /// The top-left corner of a cell: x grows eastward, y northward (up on the page).
    pub(super) fn corner(&self, x: i64, y: i64) -> (f64, f64) {
        (
            PAD + (x - self.min_x) as f64 * self.size,
            PAD + (self.max_y - y) as f64 * self.size,
        )
    }

    /// The centre of a point in grid units (e.g. an area's centroid).
    fn centre(&self, x: f64, y: f64) -> (f64, f64) {
        (
            PAD + (x - self.min_x as f64 + 0.5) * self.size,
            PAD + (self.max_y as f64 - y + 0.5) * self.size,
        )
    }

    /// One path of every border between two areas and around the map's edge.
    pub(super) fn borders(&self, cells: &[Shown]) -> String {
        let area: BTreeMap<(i64, i64), &str> = cells
            .iter()
            .map(|s| ((s.cell.x, s.cell.y), s.cell.area.as_str()))
            .collect();
        let s = self.size;
        let mut d = String::new();
        for (&(x, y), a) in &area {
            let (left, top) = self.corner(x, y);
            // (neighbour, the side's start, horizontal?, drawn for a different neighbour?)
            let sides = [
                ((x + 1, y), (left + s, top), false, true),
                ((x - 1, y), (left, top), false, false),
                ((x, y + 1), (left, top), true, true),
                ((x, y - 1), (left, top + s), true, false),
            ];
            for (n, (sx, sy), horizontal, own) in sides {
                let draw = match area.get(&n) {
                    None => true,
                    Some(b) => own && b != a,
                };
                if draw {
                    let end = if horizontal {
                        format!("H{}", at(sx + s))
                    } else {
                        format!("V{}", at(sy + s))
                    };
                    d.push_str(&format!("M{} {}{end}", at(sx), at(sy)));
                }
            }
        }
        d
    }

    /// Each area's name at the centroid of its cells; an area without a shown cell stays unnamed (like
    /// a group below the row minimum, it is named only in its suppressed table row).
    pub(super) fn labels(&self, areas: &BTreeMap<&str, AreaSum>) -> Vec<Value> {
        areas
            .iter()
            .filter(|(_, a)| a.rows > 0)
            .map(|(name, a)| {
                let n = a.cells as f64;
                let (x, y) = self.centre(a.centre.0 / n, a.centre.1 / n);
                Obj::new()
                    .set("x", at(x))
                    .set("y", at(y + 4.0))
                    .set("text", *name)
                    .into()
            })
            .collect()
    }
}
