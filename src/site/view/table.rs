//! The one shape of the audit sections' parts and tables (sampling, spurious), rendered by
//! `templates/part.html`: a part has `id`, `heading`, `lines`, `tables`, `list_heading`, `list`; a table
//! has `caption`, `head`, `columns` (`label`, `num`), `rows`, `colspan`, `notes`; a row has `label`,
//! `class`, `suppressed`, `suppressed_text`, `cells`; a cell has `value`, `class` and the interval and
//! note fields of [`estimate_cell`].

use tera::Value;

use super::cell::{Obj, estimate_cell, suppressed_text};
use super::frame::word;
use crate::format::Lang;
use crate::record::Estimate;

/// A cell of words or of an already formatted number, with every field the template reads.
pub(super) fn cell(value: &str, class: &str) -> Obj {
    Obj::new()
        .set("value", value)
        .set("class", class)
        .set("ci", "")
        .set("ci_source", "")
        .set("ci_title", "")
        .set("note_label", "")
        .set("note", "")
        .set("note_lang", "")
}

pub(super) fn number_cell(value: &str) -> Value {
    cell(value, "num").into()
}

/// A value with its interval (or the reason it is missing).
pub(super) fn estimate(e: &Estimate, lang: Lang, fmt: fn(f64, Lang) -> String) -> Value {
    estimate_cell(e, lang, fmt).set("class", "num").into()
}

/// A table row; a row hidden below a threshold (`Some(min_rows)`) shows only the suppression text.
pub(super) fn row(
    label: &str,
    reference: bool,
    hidden_below: Option<u64>,
    lang: Lang,
    cells: Vec<Value>,
) -> Value {
    let hidden = hidden_below.is_some();
    Obj::new()
        .set("label", label)
        .set("class", if reference { "ref" } else { "" })
        .set("suppressed", hidden)
        .set(
            "suppressed_text",
            hidden_below.map_or(String::new(), |n| suppressed_text(false, n, lang)),
        )
        .set("cells", if hidden { Vec::new() } else { cells })
        .into()
}

/// A column header: its key in the site's words, and whether the column holds numbers.
pub(super) type Column = (&'static str, bool);

pub(super) fn table(
    caption: String,
    head: &'static str,
    columns: &[Column],
    rows: Vec<Value>,
    notes: Vec<String>,
    lang: Lang,
) -> Value {
    let labels: Vec<(String, bool)> = columns
        .iter()
        .map(|&(key, num)| (word(key, lang).to_string(), num))
        .collect();
    labelled_table(caption, word(head, lang), &labels, rows, notes)
}

/// A table whose column headers are given as texts (e.g. built from the record), with whether
/// each column holds numbers.
pub(super) fn labelled_table(
    caption: String,
    head: &str,
    columns: &[(String, bool)],
    rows: Vec<Value>,
    notes: Vec<String>,
) -> Value {
    let cols: Vec<Value> = columns
        .iter()
        .map(|(label, num)| {
            Obj::new()
                .set("label", label.as_str())
                .set("num", *num)
                .into()
        })
        .collect();
    Obj::new()
        .set("caption", caption)
        .set("head", head)
        .set("columns", cols)
        .set("colspan", columns.len())
        .set("rows", rows)
        .set("notes", notes)
        .into()
}

/// One part of a section: a heading, paragraphs, tables, and a list (items `name`, `text`, `lang`).
pub(super) fn part(id: &str, heading: &str, lines: Vec<String>, tables: Vec<Value>) -> Obj {
    Obj::new()
        .set("id", id)
        .set("heading", heading)
        .set("lines", lines)
        .set("tables", tables)
        .set("list_heading", "")
        .set("list", Vec::<Value>::new())
}

/// A list item: a name (shown as code, may be empty), a text, and the text's language when it differs
/// from the page's.
pub(super) fn item(name: &str, text: &str, lang: &str) -> Value {
    Obj::new()
        .set("name", name)
        .set("text", text)
        .set("lang", lang)
        .into()
}
