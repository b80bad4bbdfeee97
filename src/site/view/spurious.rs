//! The spurious-correlation audit's section of an entry page ("Zegt een kolom echt iets over de
//! uitkomst?"): the policy and the chance statement, each column's relation with the outcome, and which
//! spurious findings a public page may show; in `spurious/` leaks (`leakage`), relations over time and
//! their stability over groups (`over_time`) and stand-ins for protected attributes (`proxies`).
//! Its parts and tables have the shape of [`super::table`].

mod leakage;
mod over_time;
mod placebo;
mod proxies;

use tera::Value;

use super::cell::{Obj, estimate_cell, signed};
use super::frame::{fill, word};
use super::table::{Column, cell, item, number_cell, part, row, table};
use crate::audit::spurious::text::chance_statement;
use crate::format::{self, Lang};
use crate::record::sampling::Judgement;
use crate::record::spurious::{
    AssociationMeasure, CorrelationEstimate, FeatureAssociation, SpuriousSection, StabilityResult,
};
use crate::record::{AuditRecord, Estimate, SpuriousMeasure, Verdict};

fn two(x: f64, lang: Lang) -> String {
    format::number(x, 2, lang)
}

fn three(x: f64, lang: Lang) -> String {
    format::number(x, 3, lang)
}

/// A correlation: "+0,135" / "−0,330", with a real minus.
fn r_text(r: f64, lang: Lang) -> String {
    signed(r, 3, lang)
}

/// A correlation with its interval, or "—" when there is none.
fn correlation(c: Option<&CorrelationEstimate>, lang: Lang) -> Value {
    match c {
        Some(c) => {
            let e = Estimate::with_interval(c.r, c.ci_low.zip(c.ci_high));
            estimate_cell(&e, lang, r_text).set("class", "num").into()
        }
        None => number_cell("—"),
    }
}

/// "ja", "nee" or "onbekend": whether the manifest names the column as a model input.
fn input_words(input: Option<bool>, lang: Lang) -> &'static str {
    match input {
        Some(true) => word("sp_yes", lang),
        Some(false) => word("sp_no", lang),
        None => word("sp_unknown", lang),
    }
}

fn input_cell(input: Option<bool>, lang: Lang) -> Value {
    cell(input_words(input, lang), "").into()
}

/// A corrected p-value, or "—" where the check has no test.
fn p_cell(p: Option<f64>, lang: Lang) -> Value {
    match p {
        Some(p) if p.is_finite() => number_cell(&format::p_value(p, lang)),
        _ => number_cell("—"),
    }
}

/// "A", "A en B", "A, B en C".
fn join_names(names: &[&str], lang: Lang) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), word("sp_and", lang)),
    }
}

/// The verdict of one check in the words of its table: `shown` gives (word key, css class) for the
/// verdicts the table has its own words for; too few rows and undefined always take the site's words
/// (as in the sampling tables), and any verdict without words of its own shows the record's reason.
fn verdict_cell(j: &Judgement, shown: Option<(&'static str, &'static str)>, lang: Lang) -> Obj {
    let (key, class, why) = match (j.verdict, shown) {
        (Verdict::TooFewRows, _) => ("v_too_few", "nojudge", true),
        (Verdict::Undefined, _) => ("v_undefined", "nojudge", true),
        (_, Some((key, class))) => (key, class, false),
        (Verdict::Flagged, None) => ("v_flagged", "flagged", true),
        (_, None) => ("v_not_judged", "", true),
    };
    let c = cell(word(key, lang), class);
    if why {
        c.set("note", j.reason.as_str())
            .set("note_lang", lang.pick("en", ""))
    } else {
        c
    }
}

/// The section's view-model: `policy_line`, `chance` and `parts`.
pub fn spurious_view(rec: &AuditRecord, lang: Lang, min_rows: u64) -> Value {
    let s = &rec.spurious;
    let mut parts = vec![
        association_part(s, lang, min_rows),
        leakage::leakage_part(s, lang),
    ];
    parts.push(over_time::trend_part(s, lang, min_rows));
    parts.push(over_time::stability_part(s, lang, min_rows));
    parts.push(proxies::proxy_part(s, lang, min_rows));
    parts.push(placebo::placebo_part(s, lang));
    if !s.warnings.is_empty() {
        let list: Vec<Value> = s
            .warnings
            .iter()
            .map(|w| item("", lang.pick(&w.text_nl, &w.text_en), ""))
            .collect();
        parts.push(
            part(
                "spurious-warnings",
                word("sp_warnings", lang),
                Vec::new(),
                Vec::new(),
            )
            .set("list", list),
        );
    }
    let parts: Vec<Value> = parts.into_iter().map(Value::from).collect();
    Obj::new()
        .set("policy_line", policy_line(rec, lang))
        .set("chance", chance_statement(s, rec.policy.alpha, lang))
        .set("parts", parts)
        .into()
}

/// The thresholds this section applies, from the record's policy.
fn policy_line(rec: &AuditRecord, lang: Lang) -> String {
    let p = &rec.policy;
    let points = p.min_effective_points;
    let points = format::number(points, if points.fract() == 0.0 { 0 } else { 1 }, lang);
    let collapse = format!("{}%", format::number(p.trend_collapse * 100.0, 0, lang));
    fill(
        "sp_policy",
        lang,
        &[
            ("leak", &two(p.leakage_auc, lang)),
            ("proxy", &two(p.proxy_strength, lang)),
            ("collapse", &collapse),
            ("points", &points),
            ("alpha", &two(p.alpha, lang)),
            ("tested", &rec.spurious.comparisons_tested.to_string()),
            ("min", &p.min_group_size.to_string()),
        ],
    )
}

const ASSOCIATION_COLUMNS: [Column; 7] = [
    ("sp_col_input", false),
    ("col_rows", true),
    ("sp_col_measure", true),
    ("sp_col_spearman", true),
    ("sp_col_mi", true),
    ("s_col_p", true),
    ("s_col_verdict", false),
];

/// Each column against the outcome: strength with its interval, rank correlation, mutual
/// information, corrected p and whether it is related; then the columns not tested and why.
fn association_part(s: &SpuriousSection, lang: Lang, min_rows: u64) -> Obj {
    let mut lines = vec![fill("sp_assoc_intro", lang, &[("target", &s.target)])];
    if !s.associations.is_empty() && s.associations.iter().all(|a| a.model_input.is_none()) {
        lines.push(word("sp_inputs_unknown", lang).to_string());
    }
    let rows = s
        .associations
        .iter()
        .map(|a| {
            let cells = vec![
                input_cell(a.model_input, lang),
                rows_cell(a, lang),
                strength_cell(a, lang),
                correlation(a.spearman.as_ref(), lang),
                match a.mutual_information_bits {
                    Some(bits) if bits.is_finite() => number_cell(&three(bits, lang)),
                    _ => number_cell("—"),
                },
                p_cell(a.judgement.p_adjusted, lang),
                verdict_cell(
                    &a.judgement,
                    match a.judgement.verdict {
                        Verdict::Flagged => Some(("sp_v_related", "")),
                        Verdict::WithinBand | Verdict::Uncertain => {
                            Some(("sp_v_unrelated", "chance"))
                        }
                        _ => None,
                    },
                    lang,
                )
                .into(),
            ];
            // A relation measured on a handful of rows would show those rows' outcomes.
            row(
                &a.feature,
                false,
                (a.rows < min_rows).then_some(min_rows),
                lang,
                cells,
            )
        })
        .collect();
    let caption = fill(
        "sp_assoc_caption",
        lang,
        &[
            ("target", &s.target),
            ("rows", &format::count(s.labelled_rows, lang)),
        ],
    );
    let t = table(
        caption,
        "s_col_feature",
        &ASSOCIATION_COLUMNS,
        rows,
        Vec::new(),
        lang,
    );
    let skipped: Vec<Value> = s
        .skipped
        .iter()
        .map(|k| item(&k.feature, &k.reason, lang.pick("en", "")))
        .collect();
    let list_heading = if skipped.is_empty() {
        ""
    } else {
        word("sp_not_tested", lang)
    };
    part(
        "spurious-associations",
        word("sp_assoc", lang),
        lines,
        vec![t],
    )
    .set("list_heading", list_heading)
    .set("list", skipped)
}

/// Labelled rows with a value, and how many cells were empty.
fn rows_cell(a: &FeatureAssociation, lang: Lang) -> Value {
    let c = cell(&format::count(a.rows, lang), "num");
    if a.missing > 0 {
        let n = format::count(a.missing, lang);
        c.set("note", fill("sp_empty_cells", lang, &[("n", &n)]))
            .into()
    } else {
        c.into()
    }
}

/// "AUC 0,285" or "Cramérs V 0,441", with the closed-form interval, else the bootstrap one.
fn strength_cell(a: &FeatureAssociation, lang: Lang) -> Value {
    let name = match a.measure {
        AssociationMeasure::Auc => "AUC",
        AssociationMeasure::CramersV => lang.pick("Cramérs V", "Cramér’s V"),
        AssociationMeasure::Spearman => lang.pick("Spearmans ρ", "Spearman’s ρ"),
        AssociationMeasure::EpsilonSquared => "ε²",
    };
    let c = estimate_cell(&a.effect, lang, three).set("class", "num");
    match a.effect.value {
        Some(v) => c.set("value", format!("{name} {}", three(v, lang))).into(),
        None => c.into(),
    }
}

/// Whether a stratum may be named on a public page: it has no rows (it reveals no one) or at least
/// `min_rows`.
fn stratum_is_public(st: &StabilityResult, name: &str, min_rows: u64) -> bool {
    st.strata
        .iter()
        .find(|s| s.stratum == name)
        .is_none_or(|s| s.rows == 0 || s.rows >= min_rows)
}

/// Whether a spurious finding may stand on a public page. Leaks, trends and proxies name columns and
/// rest on all labelled rows; an instability names the strata it reverses in or rests on, and those
/// must each have at least `min_rows` rows.
pub fn finding_is_public(
    s: &SpuriousSection,
    measure: SpuriousMeasure,
    feature: &str,
    by: &str,
    min_rows: u64,
) -> bool {
    if measure != SpuriousMeasure::Unstable {
        return true;
    }
    s.stability
        .iter()
        .filter(|st| st.feature == feature && st.by == by)
        .all(|st| {
            st.rests_on
                .iter()
                .chain(&st.sign_flips)
                .all(|name| stratum_is_public(st, name, min_rows))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::view::PUBLIC_MIN_ROWS;
    use crate::site::view::cell::range_text;

    /// Built from JSON, so fields a later schema adds as options need no change here.
    fn stability(rests_on: Option<&str>, flips: &[&str], rows: &[(&str, u64)]) -> StabilityResult {
        let strata: Vec<serde_json::Value> = rows
            .iter()
            .map(|(name, n)| {
                serde_json::json!({"stratum": name, "rows": n, "correlation": null, "without": null})
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "feature": "x",
            "by": "wijk",
            "overall_r": 0.2,
            "direction": 0.2,
            "strata": strata,
            "heterogeneity": null,
            "sign_flips": flips,
            "rests_on": rests_on,
            "judgement": {"p_value": null, "p_adjusted": null, "verdict": "flagged", "reason": ""},
        }))
        .expect("a stability result")
    }

    #[test]
    fn small_strata_are_never_named() {
        let big = stability(Some("A"), &[], &[("A", 10), ("B", 3)]);
        assert!(stratum_is_public(&big, "A", PUBLIC_MIN_ROWS));
        let small = stability(Some("B"), &[], &[("A", 10), ("B", 3)]);
        assert!(!stratum_is_public(&small, "B", PUBLIC_MIN_ROWS));
        assert!(stratum_is_public(&small, "B", 3));
        let flips = stability(None, &["A", "B"], &[("A", 10), ("B", 9)]);
        assert!(!stratum_is_public(&flips, "B", PUBLIC_MIN_ROWS));
        assert!(stratum_is_public(&flips, "A", PUBLIC_MIN_ROWS));
    }

    #[test]
    fn an_instability_naming_a_small_stratum_is_not_public() {
        let section = |st: StabilityResult| -> SpuriousSection {
            serde_json::from_value(serde_json::json!({
                "target": "y",
                "labelled_rows": 100,
                "features_tested": 1,
                "expected_by_chance": 0.05,
                "significant_uncorrected": 1,
                "significant_corrected": 1,
                "associations": [],
                "time": null,
                "trends": [],
                "stability": [st],
                "leakage": [],
                "proxies": [],
                "skipped": [],
                "warnings": [],
                "comparisons_tested": 1,
                "too_small": 0,
                "undefined": 0,
            }))
            .expect("a spurious section")
        };
        let unstable = SpuriousMeasure::Unstable;
        let small = section(stability(Some("B"), &[], &[("A", 90), ("B", 3)]));
        assert!(!finding_is_public(&small, unstable, "x", "wijk", 10));
        assert!(finding_is_public(&small, unstable, "x", "wijk", 3));
        // Other findings name columns only.
        assert!(finding_is_public(
            &small,
            SpuriousMeasure::Leak,
            "x",
            "wijk",
            10
        ));
        let big = section(stability(None, &["A"], &[("A", 90), ("B", 3)]));
        assert!(finding_is_public(&big, unstable, "x", "wijk", 10));
        assert!(!finding_is_public(&big, unstable, "x", "wijk", 91));
    }

    #[test]
    fn names_and_signs() {
        assert_eq!(join_names(&["a", "b", "c"], Lang::Nl), "a, b en c");
        assert_eq!(join_names(&["a", "b"], Lang::En), "a and b");
        assert_eq!(join_names(&["a"], Lang::En), "a");
        let (lo, hi) = (r_text(-0.365, Lang::Nl), r_text(-0.2949, Lang::Nl));
        assert_eq!(range_text(lo, hi, Lang::Nl), "−0,365 tot −0,295");
        assert_eq!(r_text(0.1348, Lang::En), "+0.135");
    }
}
