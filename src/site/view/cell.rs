//! The building blocks of every view-model: the template map `Obj`, the public row minimum, and
//! formatted table cells (a value, its 95% interval and where it comes from, or why it is missing).

use std::collections::BTreeMap;

use tera::Value;

use crate::format::{self, Lang};
use crate::record::Estimate;

/// The policy's default suppression threshold (`suppress_below`): groups with fewer rows are never
/// shown on a public page or export. Pages take the threshold from the record's policy; this is only
/// the default tests and documentation refer to.
pub const PUBLIC_MIN_ROWS: u64 = 10;

/// A string-keyed map for the template context.
#[derive(Default)]
pub struct Obj(BTreeMap<&'static str, Value>);

impl Obj {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, key: &'static str, value: impl Into<Value>) -> Self {
        self.0.insert(key, value.into());
        self
    }
}

impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        Value::from(o.0)
    }
}

/// "n.v.t." / "n/a": shown instead of a value that does not exist, always next to the reason.
pub fn not_available(lang: Lang) -> &'static str {
    lang.pick("n.v.t.", "n/a")
}

/// The suppression text of a row with fewer than `min_rows` rows (or labelled rows).
pub fn suppressed_text(labelled: bool, min_rows: u64, lang: Lang) -> String {
    let n = format::count(min_rows, lang);
    match (labelled, lang) {
        (true, Lang::Nl) => format!("minder dan {n} rijen met uitkomst: niet gepubliceerd"),
        (true, Lang::En) => format!("fewer than {n} rows with an outcome: not published"),
        (false, Lang::Nl) => format!("minder dan {n} rijen: niet gepubliceerd"),
        (false, Lang::En) => format!("fewer than {n} rows: not published"),
    }
}

/// `x` with an explicit sign and a real minus: "+0,012" / "−0,023" (for differences).
pub fn signed(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format::number(x.abs(), decimals, lang);
    let zero = format::number(0.0, decimals, lang);
    if s == zero {
        s
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

/// The interval the page shows: the closed form when it exists, else the bootstrap percentile
/// interval. The flag says whether it is the bootstrap one.
pub fn shown_interval(e: &Estimate) -> Option<(f64, f64, bool)> {
    match (e.ci_low, e.ci_high, e.boot_low, e.boot_high) {
        (Some(lo), Some(hi), _, _) => Some((lo, hi, false)),
        (_, _, Some(lo), Some(hi)) => Some((lo, hi, true)),
        _ => None,
    }
}

/// "1,2–3,4"; with a negative bound "−0,07 tot +0,02" / "−0.07 to +0.02", so signs stay readable.
pub fn range_text(lo: String, hi: String, lang: Lang) -> String {
    if lo.starts_with('−') || lo.starts_with('+') || hi.starts_with('−') {
        format!("{lo} {} {hi}", lang.pick("tot", "to"))
    } else {
        format!("{lo}–{hi}")
    }
}

/// Why a value or interval is missing: the record's reason (English), else a reason of our own.
struct Reason {
    text: String,
    /// The language of `text` when it differs from the page's ("en" on a Dutch page), else "".
    lang: &'static str,
}

fn reason(e: &Estimate, fallback_nl: &str, fallback_en: &str, lang: Lang) -> Reason {
    match &e.undefined {
        Some(r) => Reason {
            text: r.clone(),
            lang: lang.pick("en", ""),
        },
        None => Reason {
            text: lang.pick(fallback_nl, fallback_en).to_string(),
            lang: "",
        },
    }
}

/// A cell with a value, its interval (marked when it is the bootstrap one), and the reason when the
/// value or its interval is missing. Fields: `value`, `ci`, `ci_source`, `ci_title`, `note_label`,
/// `note`, `note_lang`.
pub fn estimate_cell(e: &Estimate, lang: Lang, fmt: impl Fn(f64, Lang) -> String) -> Obj {
    let Some(v) = e.value else {
        let why = reason(e, "geen reden vastgelegd", "no reason recorded", lang);
        return note_cell(not_available(lang), "", why);
    };
    let cell = blank_cell(&fmt(v, lang));
    match shown_interval(e) {
        Some((lo, hi, boot)) => cell
            .set("ci", range_text(fmt(lo, lang), fmt(hi, lang), lang))
            .set("ci_source", if boot { "bootstrap" } else { "" })
            .set(
                "ci_title",
                match (boot, lang) {
                    (false, Lang::Nl) => "95%-interval uit een formule",
                    (false, Lang::En) => "95% interval from a formula",
                    (true, Lang::Nl) => "95%-interval uit de bootstrap",
                    (true, Lang::En) => "95% interval from the bootstrap",
                },
            ),
        None => {
            let why = reason(
                e,
                "geen formule en geen bootstrap",
                "no formula and no bootstrap",
                lang,
            );
            cell.set("note_label", lang.pick("geen interval: ", "no interval: "))
                .set("note", why.text)
                .set("note_lang", why.lang)
        }
    }
}

/// A cell with every field present and empty but the value, so templates never meet a missing key.
fn blank_cell(value: &str) -> Obj {
    Obj::new()
        .set("value", value)
        .set("ci", "")
        .set("ci_source", "")
        .set("ci_title", "")
        .set("note_label", "")
        .set("note", "")
        .set("note_lang", "")
}

fn note_cell(value: &str, label: &str, why: Reason) -> Obj {
    blank_cell(value)
        .set("note_label", label)
        .set("note", why.text)
        .set("note_lang", why.lang)
}

/// A cell that holds words, not a number (e.g. "referentie").
pub fn text_cell(text: &str) -> Value {
    blank_cell(text).into()
}

/// A cell for a value the record does not hold at all.
pub fn absent_cell(lang: Lang) -> Obj {
    note_cell(
        not_available(lang),
        "",
        Reason {
            text: lang.pick("niet berekend", "not computed").to_string(),
            lang: "",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_ranges() {
        assert_eq!(signed(-0.0231, 3, Lang::Nl), "−0,023");
        assert_eq!(signed(0.02, 3, Lang::En), "+0.020");
        assert_eq!(signed(-0.0001, 3, Lang::En), "0.000");
        assert_eq!(
            range_text("−0,067".into(), "+0,020".into(), Lang::Nl),
            "−0,067 tot +0,020"
        );
        assert_eq!(
            range_text("0.78".into(), "0.82".into(), Lang::En),
            "0.78–0.82"
        );
    }

    #[test]
    fn closed_form_first_then_bootstrap() {
        let mut e = Estimate::with_interval(0.5, None);
        e.boot_low = Some(0.4);
        e.boot_high = Some(0.6);
        assert_eq!(shown_interval(&e), Some((0.4, 0.6, true)));
        e.ci_low = Some(0.45);
        e.ci_high = Some(0.55);
        assert_eq!(shown_interval(&e), Some((0.45, 0.55, false)));
    }
}
