//! The spurious section's placebo part: how much the model's output depends on each column, against
//! the importance of seeded noise columns (the surrogate of `audit::spurious::placebo`).

use super::three;
use crate::format::{self, Lang};
use crate::record::spurious::SpuriousSection;
use crate::site::view::cell::Obj;
use crate::site::view::frame::{fill, word};
use crate::site::view::table::{Column, cell, number_cell, part, row, table};

use super::input_cell;

const PLACEBO_COLUMNS: [Column; 3] = [
    ("sp_col_input", false),
    ("sp_col_importance", true),
    ("sp_col_above_noise", false),
];

/// Importance as a share of the output's spread, e.g. "12.3%" (or "< 0.1%").
fn share(x: f64, lang: Lang) -> String {
    if x.abs() < 0.0005 {
        format!("< {}", format::percent(0.001, lang))
    } else {
        format::percent(x, lang)
    }
}

/// The placebo table, or the reason there is none.
pub(super) fn placebo_part(s: &SpuriousSection, lang: Lang) -> Obj {
    let heading = word("sp_placebo", lang);
    let Some(p) = &s.placebo else {
        let reason = s
            .warnings
            .iter()
            .map(|w| lang.pick(&w.text_nl, &w.text_en).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        return part(
            "spurious-placebo",
            heading,
            vec![fill("sp_placebo_none", lang, &[("reason", &reason)])],
            Vec::new(),
        );
    };
    let intro = fill(
        "sp_placebo_intro",
        lang,
        &[
            ("output", &p.output),
            ("noise", &format::count(p.noise_columns, lang)),
            ("r2", &format::percent(p.r_squared.max(0.0), lang)),
            ("floor", &share(p.noise_floor, lang)),
        ],
    );
    let mut rows: Vec<_> = p
        .features
        .iter()
        .map(|f| {
            let verdict = if f.above_noise {
                "sp_above_noise"
            } else {
                "sp_below_noise"
            };
            row(
                &f.feature,
                false,
                None,
                lang,
                vec![
                    input_cell(f.model_input, lang),
                    number_cell(&share(f.importance, lang)),
                    cell(word(verdict, lang), "").into(),
                ],
            )
        })
        .collect();
    rows.push(row(
        word("sp_noise_floor", lang),
        true,
        None,
        lang,
        vec![
            cell("placebo", "").into(),
            number_cell(&share(p.noise_floor, lang)),
            cell(&format!("R² {}", three(p.r_squared, lang)), "").into(),
        ],
    ));
    let caption = fill("sp_placebo_caption", lang, &[("output", &p.output)]);
    let tables = vec![table(
        caption,
        "s_col_feature",
        &PLACEBO_COLUMNS,
        rows,
        Vec::new(),
        lang,
    )];
    part("spurious-placebo", heading, vec![intro], tables)
}
