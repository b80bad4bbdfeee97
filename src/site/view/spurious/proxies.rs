//! The spurious section's part on stand-ins (proxies) for protected attributes: per attribute a table
//! of the columns with Cramér's V, and how well the best columns together predict the attribute.

use tera::Value;

use super::{input_cell, join_names, three, two, verdict_cell};
use crate::format::{self, Lang};
use crate::record::Verdict;
use crate::record::spurious::{ProxyAttribute, ProxyFeature, Reconstruction, SpuriousSection};
use crate::site::view::cell::Obj;
use crate::site::view::frame::{fill, word};
use crate::site::view::table::{Column, cell, estimate, part, row, table};

const PROXY_COLUMNS: [Column; 4] = [
    ("sp_col_input", false),
    ("col_rows", true),
    ("sp_col_v", true),
    ("s_col_verdict", false),
];

/// One table per protected attribute, or a line when there is none.
pub(super) fn proxy_part(s: &SpuriousSection, lang: Lang, min_rows: u64) -> Obj {
    let heading = word("sp_proxy", lang);
    let mut lines = vec![word("sp_proxy_intro", lang).to_string()];
    if s.proxies.is_empty() {
        lines.push(word("sp_proxy_none", lang).to_string());
    }
    let tables = s
        .proxies
        .iter()
        .map(|a| proxy_table(a, lang, min_rows))
        .collect();
    part("spurious-proxies", heading, lines, tables)
}

fn proxy_table(a: &ProxyAttribute, lang: Lang, min_rows: u64) -> Value {
    let rows = a
        .features
        .iter()
        .map(|f| {
            let cells = vec![
                input_cell(f.model_input, lang),
                cell(&format::count(f.rows, lang), "num").into(),
                estimate(&f.cramers_v, lang, three),
                proxy_verdict(f, lang),
            ];
            row(
                &f.feature,
                false,
                (f.rows < min_rows).then_some(min_rows),
                lang,
                cells,
            )
        })
        .collect();
    let caption = fill(
        "sp_proxy_caption",
        lang,
        &[
            ("attribute", &a.attribute),
            ("groups", &format::count(a.groups, lang)),
        ],
    );
    let notes = a
        .reconstruction
        .iter()
        .map(|r| reconstruction_text(&a.attribute, r, lang))
        .collect();
    table(caption, "s_col_feature", &PROXY_COLUMNS, rows, notes, lang)
}

/// Not a strong stand-in; strong, and whether the model uses it; a finding when it does.
fn proxy_verdict(f: &ProxyFeature, lang: Lang) -> Value {
    let shown = match (f.judgement.verdict, f.model_input) {
        (Verdict::Flagged, _) => Some(("v_flagged", "flagged")),
        (Verdict::WithinBand, _) => Some(("sp_v_weak", "ok")),
        (Verdict::Uncertain, _) => Some(("sp_v_strong_chance", "chance")),
        (Verdict::NotJudged, Some(false)) => Some(("sp_v_strong_unused", "")),
        (Verdict::NotJudged, None) => Some(("sp_v_strong_unknown", "")),
        _ => None,
    };
    let c = verdict_cell(&f.judgement, shown, lang);
    if f.judgement.verdict == Verdict::Flagged {
        c.set("note", word("sp_v_strong_used", lang))
            .set("note_lang", "")
            .into()
    } else {
        c.into()
    }
}

/// "Together, x, y and nightlife_venues predict neighbourhood right for 84.0% of 12,000 rows
/// (guessing the largest group: 23.3%; Cohen's κ 0.81 …)."
fn reconstruction_text(attribute: &str, r: &Reconstruction, lang: Lang) -> String {
    let names: Vec<&str> = r.features.iter().map(String::as_str).collect();
    let key = if names.len() == 1 {
        "sp_reconstruct_one"
    } else {
        "sp_reconstruct"
    };
    fill(
        key,
        lang,
        &[
            ("features", &join_names(&names, lang)),
            ("attribute", attribute),
            ("accuracy", &format::percent(r.accuracy, lang)),
            ("rows", &format::count(r.rows, lang)),
            ("baseline", &format::percent(r.baseline, lang)),
            ("kappa", &two(r.kappa, lang)),
        ],
    )
}
