//! A short readable summary of an audit record for the terminal (returned as text; the binary prints it).

use std::fmt::Write;

use crate::audit::text::measure_label;
use crate::format::{self, Lang};
use crate::record::{AuditRecord, Verdict};

/// The summary in English: verdict, findings, and groups too small to judge.
pub fn summary(record: &AuditRecord) -> String {
    let lang = Lang::En;
    let mut s = String::new();
    let who = record.model_id.as_deref().unwrap_or("quick audit");
    let d = &record.data;
    let _ = writeln!(
        s,
        "{who}: {} rows ({} labelled, {} without a label), prediction: {}",
        format::count(d.rows, lang),
        format::count(d.labelled, lang),
        format::count(d.unlabelled, lang),
        d.prediction_rule
    );
    let p = &record.policy;
    let metrics: Vec<&str> = p.metrics.iter().map(|m| m.as_str()).collect();
    let _ = writeln!(
        s,
        "policy ({}): band {}–{}, α = {} ({}), min group {}, judged: {}",
        record.inputs.policy.path,
        p.ratio_band[0],
        p.ratio_band[1],
        p.alpha,
        p.correction.as_str(),
        p.min_group_size,
        metrics.join(", ")
    );
    for attr in &record.subgroup.attributes {
        let _ = writeln!(
            s,
            "  {} (reference {}, {} groups)",
            attr.attribute,
            attr.reference,
            attr.groups.len()
        );
    }
    let v = &record.verdict;
    if v.flagged {
        let _ = writeln!(
            s,
            "FLAGGED: {} finding(s) over {} tested comparisons",
            v.findings, v.comparisons_tested
        );
        for f in &record.findings {
            let _ = writeln!(s, "  - [{}] {}", measure_label(f.measure, lang), f.text_en);
        }
    } else {
        let _ = writeln!(
            s,
            "no findings over {} tested comparisons",
            v.comparisons_tested
        );
    }
    let mut small = Vec::new();
    for attr in &record.subgroup.attributes {
        for g in &attr.groups {
            let n = g
                .metrics
                .iter()
                .filter_map(|m| {
                    m.comparison
                        .as_ref()
                        .filter(|c| c.verdict == Verdict::TooFewRows)
                        .map(|_| m.denominator)
                })
                .min();
            if let Some(n) = n {
                small.push(format!("{} = {} (n = {n})", attr.attribute, g.group));
            }
        }
    }
    if !small.is_empty() {
        let _ = writeln!(s, "too few rows to judge: {}", small.join("; "));
    }
    s
}
