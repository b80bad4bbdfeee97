//! The spurious section's part on leaks: columns that give the outcome away, each with what was
//! measured in the page's language where the record's wording is known.

use super::{three, verdict_cell};
use crate::format::{self, Lang};
use crate::record::Verdict;
use crate::record::spurious::{LeakKind, LeakageResult, SpuriousSection};
use crate::site::view::cell::{Obj, not_available};
use crate::site::view::frame::{fill, word};
use crate::site::view::table::{Column, cell, number_cell, part, row, table};

const LEAKAGE_COLUMNS: [Column; 4] = [
    ("s_col_kind", false),
    ("sp_col_value", true),
    ("sp_col_detail", false),
    ("s_col_verdict", false),
];

/// The leak checks that found a pattern, or one line saying no column gives the outcome away.
pub(super) fn leakage_part(s: &SpuriousSection, lang: Lang) -> Obj {
    let mut lines = vec![word("sp_leak_intro", lang).to_string()];
    if s.leakage.is_empty() {
        lines.push(word("sp_leak_none", lang).to_string());
        return part("spurious-leakage", word("sp_leak", lang), lines, Vec::new());
    }
    let rows = s
        .leakage
        .iter()
        .map(|l| {
            let (detail, detail_lang) = leak_detail(l, lang);
            let cells = vec![
                cell(word(leak_kind_key(l.kind), lang), "").into(),
                number_cell(&leak_value(l, lang)),
                cell(&detail, "").set("note_lang", detail_lang).into(),
                verdict_cell(
                    &l.judgement,
                    match l.judgement.verdict {
                        Verdict::Flagged => Some(("v_flagged", "flagged")),
                        Verdict::WithinBand => Some(("v_below_floor", "ok")),
                        Verdict::Uncertain => Some(("sp_v_chance", "chance")),
                        _ => None,
                    },
                    lang,
                )
                .into(),
            ];
            row(&l.feature, false, None, lang, cells)
        })
        .collect();
    let caption = fill("sp_leak_caption", lang, &[("target", &s.target)]);
    let t = table(
        caption,
        "s_col_feature",
        &LEAKAGE_COLUMNS,
        rows,
        Vec::new(),
        lang,
    );
    part("spurious-leakage", word("sp_leak", lang), lines, vec![t])
}

fn leak_kind_key(k: LeakKind) -> &'static str {
    match k {
        LeakKind::NearlyDeterminesOutcome => "sp_kind_determines",
        LeakKind::IdentifierLike => "sp_kind_identifier",
        LeakKind::MissingOnlyWhenPositive => "sp_kind_missing_positive",
        LeakKind::MissingOnlyWhenNegative => "sp_kind_missing_negative",
    }
}

/// "AUC 0,971" for the first two kinds, "12,3% leeg" for the missingness kinds.
fn leak_value(l: &LeakageResult, lang: Lang) -> String {
    let Some(value) = l.value.filter(|v| v.is_finite()) else {
        return not_available(lang).to_string();
    };
    match l.kind {
        LeakKind::NearlyDeterminesOutcome | LeakKind::IdentifierLike => {
            format!("AUC {}", three(value, lang))
        }
        _ => format!(
            "{} {}",
            format::percent(value, lang),
            lang.pick("leeg", "empty")
        ),
    }
}

/// The record's detail in the page's language where its wording is known, else as recorded
/// (English, marked as such on a Dutch page): (text, its `lang` attribute or "").
fn leak_detail(l: &LeakageResult, lang: Lang) -> (String, &'static str) {
    let known = match l.detail.as_str() {
        "every value is unique" => Some(lang.pick("elke waarde is uniek", "every value is unique")),
        "every value is a unique whole number" => Some(lang.pick(
            "elke waarde is een uniek geheel getal",
            "every value is a unique whole number",
        )),
        d if d.starts_with("folded AUC") => Some(lang.pick(
            "de kolom alleen, als score voor de uitkomst (de AUC telt de kant op die het best scheidt)",
            "the column alone, as a score for the outcome (the AUC counts the way round that separates best)",
        )),
        _ => None,
    };
    if let Some(text) = known {
        return (text.to_string(), "");
    }
    // "empty only in positive rows: 3 of 120 rows there, 0 of 800 elsewhere"
    let counts = l.detail.split_once(": ").and_then(|(_, rest)| {
        let (here, there) = rest.split_once(" rows there, ")?;
        let there = there.strip_suffix(" elsewhere")?;
        let (a, b) = here.split_once(" of ")?;
        let (c, d) = there.split_once(" of ")?;
        let n = |x: &str| x.parse::<u64>().ok().map(|v| format::count(v, lang));
        Some([n(a)?, n(b)?, n(c)?, n(d)?])
    });
    match counts {
        Some([a, b, c, d]) => (
            match lang {
                Lang::Nl => format!("leeg in {a} van {b} rijen hier, in {c} van {d} andere rijen"),
                Lang::En => format!("empty in {a} of {b} rows here, in {c} of {d} other rows"),
            },
            "",
        ),
        None => (l.detail.clone(), lang.pick("en", "")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sampling::Judgement;

    #[test]
    fn missingness_detail_in_dutch() {
        let l = LeakageResult {
            feature: "f".into(),
            kind: LeakKind::MissingOnlyWhenPositive,
            value: Some(0.25),
            detail: "empty only in positive rows: 30 of 120 rows there, 0 of 1800 elsewhere".into(),
            interval: None,
            judgement: Judgement {
                p_value: None,
                p_adjusted: None,
                verdict: Verdict::Flagged,
                reason: String::new(),
            },
        };
        assert_eq!(
            leak_detail(&l, Lang::Nl),
            (
                "leeg in 30 van 120 rijen hier, in 0 van 1.800 andere rijen".to_string(),
                ""
            )
        );
        assert_eq!(leak_value(&l, Lang::En), "25.0% empty");
        let odd = LeakageResult {
            detail: "something new".into(),
            ..l
        };
        assert_eq!(leak_detail(&odd, Lang::Nl), ("something new".into(), "en"));
    }
}
