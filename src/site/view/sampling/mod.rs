//! The sampling audit's section of an entry page ("Is de data een eerlijk beeld?"): who carries a
//! label, the data against the population, how many events reach the data, how the data moved since
//! training, and the audit's warnings; plus which sampling findings a public page may show.
//! Its parts and tables have the shape of [`super::table`].

mod drift;

use drift::drift_part;
use tera::Value;

use super::cell::{Obj, absent_cell, not_available, range_text, shown_interval, suppressed_text};
use super::frame::{fill, word};
use super::table::{Column, cell, estimate, item, number_cell, part, row, table};
use crate::audit::sampling::text::selected_sample_statement;
use crate::audit::text::{correction_name, p_phrase};
use crate::format::{self, Lang};
use crate::record::sampling::{
    Judgement, LabelSelection, ReportingResult, RepresentAttribute, SamplingSection,
    SelectionAttribute, TestStatistic,
};
use crate::record::{AuditRecord, Estimate, SamplingMeasure, Verdict};

fn two(x: f64, lang: Lang) -> String {
    format::number(x, 2, lang)
}

fn three(x: f64, lang: Lang) -> String {
    format::number(x, 3, lang)
}

/// A count of rows, people or events: "31.000"; a fraction keeps one decimal.
fn amount(x: f64, lang: Lang) -> String {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e15 {
        format::count(x as u64, lang)
    } else if x.is_finite() {
        format::number(x, 1, lang)
    } else {
        "—".to_string()
    }
}

/// "p < 0,0001" / "p = 0,0417", or "p n.v.t." for a p-value that does not exist.
fn p_text(p: f64, lang: Lang) -> String {
    if p.is_finite() {
        format!("p {}", p_phrase(p, lang))
    } else {
        format!("p {}", not_available(lang))
    }
}

/// "χ² = 224,36 (df 11), p < 0,0001", or that there is no test.
fn test_text(symbol: &str, t: Option<&TestStatistic>, lang: Lang) -> String {
    match t {
        Some(t) if t.statistic.is_finite() => format!(
            "{symbol} = {} (df {}), {}",
            two(t.statistic, lang),
            t.df,
            p_text(t.p_value, lang)
        ),
        _ => format!(
            "{symbol}: {}",
            lang.pick("geen toets mogelijk", "no test possible")
        ),
    }
}

/// The ratio to the reference group: "referentie" on the reference's own row.
fn ratio_cell(ratio: Option<&Estimate>, is_reference: bool, lang: Lang) -> Value {
    match (is_reference, ratio) {
        (true, _) => cell(lang.pick("referentie", "reference"), "num").into(),
        (false, Some(e)) => estimate(e, lang, two),
        (false, None) => absent_cell(lang).set("class", "").into(),
    }
}

/// The verdict in the error-rate table's words (as `rates` has them); for drift the band is the PSI
/// floor. Where the words alone do not say why (too few rows, undefined), the record's reason follows.
fn verdict_cell(j: Option<&Judgement>, drift: bool, lang: Lang) -> Value {
    let Some(j) = j else {
        return cell("—", "").into();
    };
    let (key, class) = match (j.verdict, drift) {
        (Verdict::Flagged, _) => ("v_flagged", "flagged"),
        (Verdict::WithinBand, true) => ("v_below_floor", "ok"),
        (Verdict::WithinBand, false) => ("v_within", "ok"),
        (Verdict::Uncertain, true) => ("v_above_floor", "chance"),
        (Verdict::Uncertain, false) => ("v_uncertain", "chance"),
        (Verdict::TooFewRows, _) => ("v_too_few", "nojudge"),
        (Verdict::Undefined, _) => ("v_undefined", "nojudge"),
        (Verdict::NotJudged, _) => ("v_not_judged", ""),
    };
    let c = cell(word(key, lang), class);
    if matches!(j.verdict, Verdict::TooFewRows | Verdict::Undefined) {
        c.set("note", j.reason.as_str())
            .set("note_lang", lang.pick("en", ""))
            .into()
    } else {
        c.into()
    }
}

const SELECTION_COLUMNS: [Column; 5] = [
    ("col_rows", true),
    ("s_col_known", true),
    ("s_col_ratio", true),
    ("s_col_positive", true),
    ("s_col_verdict", false),
];
const REPRESENT_COLUMNS: [Column; 5] = [
    ("s_col_rows_data", true),
    ("s_col_share_data", true),
    ("s_col_share_population", true),
    ("s_col_ratio_population", true),
    ("s_col_verdict", false),
];
const REPORTING_COLUMNS: [Column; 5] = [
    ("s_col_recorded", true),
    ("s_col_expected", true),
    ("s_col_reporting_rate", true),
    ("s_col_ratio", true),
    ("s_col_verdict", false),
];

/// The section's view-model.
pub fn sampling_view(rec: &AuditRecord, lang: Lang, min_rows: u64) -> Value {
    let s = &rec.sampling;
    // Data without a label column (a reporting channel) have no label selection to show.
    let mut parts: Vec<Obj> = (!s.label_selection.no_label_column)
        .then(|| label_part(&s.label_selection, s.reporting.is_some(), lang, min_rows))
        .into_iter()
        .collect();
    if !s.representativeness.is_empty() {
        parts.push(represent_part(&s.representativeness, lang, min_rows));
    }
    if let Some(r) = &s.reporting {
        parts.push(reporting_part(r, lang, min_rows));
    }
    if let Some(d) = &s.drift {
        parts.push(drift_part(d, lang, min_rows));
    }
    if !s.warnings.is_empty() {
        let list: Vec<Value> = s
            .warnings
            .iter()
            .map(|w| item("", lang.pick(&w.text_nl, &w.text_en), ""))
            .collect();
        parts.push(
            part(
                "sampling-warnings",
                word("s_warnings", lang),
                Vec::new(),
                Vec::new(),
            )
            .set("list", list),
        );
    }
    let parts: Vec<Value> = parts.into_iter().map(Value::from).collect();
    Obj::new()
        .set("policy_line", policy_line(rec, lang))
        .set("parts", parts)
        .into()
}

/// The policy as this section applies it: band (or PSI floor), α and its own correction family.
fn policy_line(rec: &AuditRecord, lang: Lang) -> String {
    let (p, s) = (&rec.policy, &rec.sampling);
    let (low, high) = (two(p.ratio_band[0], lang), two(p.ratio_band[1], lang));
    let alpha = two(p.alpha, lang);
    let correction = correction_name(p.correction);
    let (tested, min) = (s.comparisons_tested, p.min_group_size);
    let drift = s.drift.as_ref().map_or(String::new(), |d| {
        fill(
            "s_policy_drift",
            lang,
            &[("floor", &two(d.psi_floor, lang))],
        )
    });
    fill(
        "s_policy",
        lang,
        &[
            ("band", &format!("{low}–{high}")),
            ("drift", &drift),
            ("alpha", &alpha),
            ("correction", correction),
            ("tested", &tested.to_string()),
            ("min", &min.to_string()),
        ],
    )
}

/// Who carries a label: the selected-sample statement and a table per attribute, or one sentence
/// when every row carries one.
fn label_part(ls: &LabelSelection, reporting: bool, lang: Lang, min_rows: u64) -> Obj {
    let mut lines = Vec::new();
    match selected_sample_statement(ls, lang) {
        Some(statement) => lines.push(statement),
        None => {
            let rows = format::count(ls.rows, lang);
            lines.push(fill("s_labels_all", lang, &[("rows", &rows)]));
            if reporting {
                lines.push(word("s_labels_reporting", lang).to_string());
            }
        }
    }
    let tables = ls
        .attributes
        .iter()
        .map(|a| selection_table(a, lang, min_rows))
        .collect();
    part("sampling-labels", word("s_labels", lang), lines, tables)
}

fn selection_table(a: &SelectionAttribute, lang: Lang, min_rows: u64) -> Value {
    let rows = a
        .groups
        .iter()
        .map(|g| {
            let is_ref = g.group == a.reference;
            // The outcome rate of a handful of labelled rows would show individual outcomes.
            let outcome = if g.labelled > 0 && g.labelled < min_rows {
                cell(&suppressed_text(true, min_rows, lang), "").into()
            } else {
                estimate(&g.outcome_rate, lang, format::percent)
            };
            let cells = vec![
                number_cell(&format::count(g.rows, lang)),
                estimate(&g.labelled_share, lang, format::percent),
                ratio_cell(g.ratio.as_ref(), is_ref, lang),
                outcome,
                verdict_cell(g.judgement.as_ref(), false, lang),
            ];
            row(
                &g.group,
                is_ref,
                (g.rows < min_rows).then_some(min_rows),
                lang,
                cells,
            )
        })
        .collect();
    let tests = fill(
        "s_labels_tests",
        lang,
        &[
            ("labelled", &test_text("χ²", a.independence.as_ref(), lang)),
            (
                "outcome",
                &test_text("χ²", a.outcome_independence.as_ref(), lang),
            ),
        ],
    );
    let caption = fill(
        "s_labels_caption",
        lang,
        &[("attribute", &a.attribute), ("reference", &a.reference)],
    );
    table(
        caption,
        "col_group",
        &SELECTION_COLUMNS,
        rows,
        vec![tests],
        lang,
    )
}

/// Each attribute's groups: share in the data against share in the population.
fn represent_part(attributes: &[RepresentAttribute], lang: Lang, min_rows: u64) -> Obj {
    let line = word("s_population_intro", lang);
    let tables = attributes
        .iter()
        .map(|a| represent_table(a, lang, min_rows))
        .collect();
    part(
        "sampling-population",
        word("s_population", lang),
        vec![line.to_string()],
        tables,
    )
}

fn represent_table(a: &RepresentAttribute, lang: Lang, min_rows: u64) -> Value {
    let rows = a
        .groups
        .iter()
        .map(|g| {
            let cells = vec![
                number_cell(&format::count(g.rows, lang)),
                estimate(&g.share, lang, format::percent),
                number_cell(&format::percent(g.population_share, lang)),
                estimate(&g.ratio, lang, two),
                verdict_cell(Some(&g.judgement), false, lang),
            ];
            // A population group with no rows at all reveals no one: its numbers (0) are shown.
            row(
                &g.group,
                false,
                (1..min_rows).contains(&g.rows).then_some(min_rows),
                lang,
                cells,
            )
        })
        .collect();
    let (rows_n, population) = (format::count(a.rows, lang), amount(a.population, lang));
    let named = if a.population_attribute == a.attribute {
        String::new()
    } else {
        fill(
            "s_population_named",
            lang,
            &[("name", &a.population_attribute)],
        )
    };
    let caption = fill(
        "s_population_caption",
        lang,
        &[
            ("attribute", &a.attribute),
            ("rows", &rows_n),
            ("population", &population),
            ("unit", &a.unit),
            ("source", &a.source),
            ("year", &a.year),
            ("named", &named),
        ],
    );
    let tvd = match (a.total_variation.value, shown_interval(&a.total_variation)) {
        (Some(v), Some((lo, hi, boot))) => format!(
            "{} ({} {}{})",
            format::percent(v, lang),
            lang.pick("95%-interval", "95% interval"),
            range_text(format::percent(lo, lang), format::percent(hi, lang), lang),
            if boot { ", bootstrap" } else { "" }
        ),
        (Some(v), None) => format::percent(v, lang),
        (None, _) => format!(
            "{} ({})",
            not_available(lang),
            a.total_variation.undefined.as_deref().unwrap_or_default()
        ),
    };
    let tests = fill(
        "s_population_tests",
        lang,
        &[
            ("chi", &test_text("χ²", a.chi_square.as_ref(), lang)),
            ("g", &test_text("G", a.g_test.as_ref(), lang)),
            ("tvd", &tvd),
        ],
    );
    table(
        caption,
        "col_group",
        &REPRESENT_COLUMNS,
        rows,
        vec![tests],
        lang,
    )
}

/// What the reporting comparison compares each group with, in plain words: the other groups
/// together, or the reference group the manifest names.
pub(crate) fn reporting_reference(r: &ReportingResult, lang: Lang) -> String {
    match &r.reference {
        Some(name) => match lang {
            Lang::Nl => format!("referentiegroep {name} (gekozen in het manifest)"),
            Lang::En => format!("reference group {name} (chosen in the manifest)"),
        },
        None => match lang {
            Lang::Nl => format!(
                "de middelste groepen samen ({}; de groepen met de hoogste en de laagste meldingsgraad tellen niet mee)",
                r.reference_groups.join(", ")
            ),
            Lang::En => format!(
                "the middle groups together ({}; the groups with the highest and the lowest reporting rates do not count)",
                r.reference_groups.join(", ")
            ),
        },
    }
}

/// Recorded events against the events an independent estimate expects.
fn reporting_part(r: &ReportingResult, lang: Lang, min_rows: u64) -> Obj {
    let source_args = [
        ("attribute", r.attribute.as_str()),
        ("events", &r.events_column),
        ("source", &r.source),
        ("year", &r.year),
    ];
    let people = match &r.exposure_column {
        Some(c) => fill("s_reporting_exposure", lang, &[("column", c)]),
        None => word("s_reporting_one", lang).to_string(),
    };
    let lines = vec![
        fill("s_reporting_intro", lang, &source_args),
        fill(
            "s_reporting_expected",
            lang,
            &[("people", &people), ("period", &r.period)],
        ),
    ];
    let rows = r
        .groups
        .iter()
        .map(|g| {
            let is_ref = r.reference.as_deref() == Some(g.group.as_str());
            let cells = vec![
                number_cell(&amount(g.recorded, lang)),
                number_cell(&amount(g.expected.round(), lang)),
                estimate(&g.reporting_rate, lang, format::percent),
                ratio_cell(g.ratio.as_ref(), is_ref, lang),
                verdict_cell(g.judgement.as_ref(), false, lang),
            ];
            row(
                &g.group,
                is_ref,
                (g.rows < min_rows).then_some(min_rows),
                lang,
                cells,
            )
        })
        .collect();
    let reference = reporting_reference(r, lang);
    let mut args = source_args.to_vec();
    args.push(("reference", reference.as_str()));
    let caption = fill("s_reporting_caption", lang, &args);
    let mut notes = Vec::new();
    if r.survey_error_missing {
        notes.push(word("s_survey_error", lang).to_string());
    }
    let t = table(caption, "col_group", &REPORTING_COLUMNS, rows, notes, lang);
    part(
        "sampling-reporting",
        word("s_reporting", lang),
        lines,
        vec![t],
    )
}

/// Whether a sampling finding may stand on a public page: the group it names has at least
/// `min_rows` rows in the section's own table (or none at all: a population group missing from
/// the data reveals no one). Drift names a feature, not a group: always.
pub fn finding_is_public(
    s: &SamplingSection,
    measure: SamplingMeasure,
    attribute: &str,
    group: &str,
    min_rows: u64,
) -> bool {
    let rows = match measure {
        SamplingMeasure::Drift => return true,
        SamplingMeasure::Representation => s
            .representativeness
            .iter()
            .filter(|a| a.attribute == attribute)
            .flat_map(|a| &a.groups)
            .find(|g| g.group == group)
            .map(|g| g.rows),
        SamplingMeasure::LabelledShare => s
            .label_selection
            .attributes
            .iter()
            .filter(|a| a.attribute == attribute)
            .flat_map(|a| &a.groups)
            .find(|g| g.group == group)
            .map(|g| g.rows),
        SamplingMeasure::ReportingRate => s
            .reporting
            .iter()
            .filter(|r| r.attribute == attribute)
            .flat_map(|r| &r.groups)
            .find(|g| g.group == group)
            .map(|g| g.rows),
    };
    rows.is_some_and(|n| n == 0 || n >= min_rows)
}
