//! A short readable summary of an audit record for the terminal (returned as text; the binary prints it).

use std::fmt::Write;

use crate::audit::sampling::text::selected_sample_statement;
use crate::audit::text::measure_label;
use crate::format::{self, Lang};
use crate::record::{AuditRecord, Verdict};

/// The summary in English: what was audited, verdict, findings, and groups too small to judge.
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
    let sampling = &record.sampling;
    let mut parts = vec![if sampling.label_selection.no_label_column {
        "no label column".to_string()
    } else if sampling.label_selection.selected_sample {
        format!(
            "label selection on {} attribute(s)",
            sampling.label_selection.attributes.len()
        )
    } else {
        "every row carries a label".to_string()
    }];
    if !sampling.representativeness.is_empty() {
        parts.push(format!(
            "representativeness of {}",
            sampling
                .representativeness
                .iter()
                .map(|a| a.attribute.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(r) = &sampling.reporting {
        parts.push(format!(
            "reporting rates by {} (against {})",
            r.attribute,
            r.reference
                .as_deref()
                .unwrap_or("the middle groups together")
        ));
    }
    if let Some(d) = &sampling.drift {
        parts.push(format!("drift of {} feature(s)", d.features.len()));
    }
    let _ = writeln!(
        s,
        "sampling audit: {} ({} tests)",
        parts.join(", "),
        sampling.comparisons_tested
    );
    if let Some(statement) = selected_sample_statement(&sampling.label_selection, lang) {
        let _ = writeln!(s, "  {statement}");
    }
    for w in &sampling.warnings {
        let _ = writeln!(s, "  warning: {}", w.text_en);
    }
    let sp = &record.spurious;
    if sp.target_kind.is_none() {
        let _ = writeln!(s, "spurious audit: not run (the data have no outcome)");
    } else {
        let _ = writeln!(
            s,
            "spurious audit: {} column(s) against {}{} ({} tests)",
            sp.features_tested,
            sp.target,
            sp.time
                .as_ref()
                .map(|t| format!(", time column {} ({} periods)", t.column, t.periods))
                .unwrap_or_default(),
            sp.comparisons_tested
        );
        let _ = writeln!(
            s,
            "  {}",
            crate::audit::spurious::text::chance_statement(sp, record.policy.alpha, lang)
        );
    }
    if let Some(p) = &sp.placebo {
        let above: Vec<&str> = p
            .features
            .iter()
            .filter(|f| f.above_noise)
            .map(|f| f.feature.as_str())
            .collect();
        let _ = writeln!(
            s,
            "  placebo: a linear surrogate of {} (held-out R² {:.2}) depends beyond {} noise columns on {} of {} columns: {}",
            p.output,
            p.r_squared,
            p.noise_columns,
            above.len(),
            p.features.len(),
            above.join(", ")
        );
    }
    for w in &sp.warnings {
        let _ = writeln!(s, "  warning: {}", w.text_en);
    }
    if let Some(t) = &record.training {
        let quality: Vec<String> = t
            .quality
            .metrics
            .iter()
            .filter_map(|m| m.value.map(|v| format!("{} {v:.3}", m.name)))
            .collect();
        let _ = writeln!(
            s,
            "trained by algoreg: {} on {} rows, {} held out and audited here; held-out {}",
            t.algorithm,
            t.split.fit_rows,
            t.split.test_rows,
            quality.join(", ")
        );
    }
    if let Some(f) = &record.feedback {
        s.push_str(&feedback_summary(f));
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

/// The summary of a training run: split, held-out quality with intervals, artifact hashes.
pub fn training_summary(record: &crate::record::trained::TrainingRecord) -> String {
    let mut s = String::new();
    let sp = &record.split;
    let _ = writeln!(
        s,
        "{}: {} on {} features ({} design columns), target {}; split {}{}: {} rows to learn from ({} used), {} held out",
        record.model_id,
        record.algorithm,
        record.features.len(),
        record.design_columns,
        record.target,
        sp.method,
        sp.column
            .as_deref()
            .map(|c| format!(" by {c}"))
            .unwrap_or_default(),
        sp.train_rows,
        sp.fit_rows,
        sp.test_rows,
    );
    let q = &record.quality;
    let _ = writeln!(
        s,
        "  held-out quality on {} rows ({}% intervals; baseline = predicting the training mean):",
        q.rows,
        q.confidence_level * 100.0
    );
    for m in &q.metrics {
        let value = m
            .value
            .map_or("undefined".to_string(), |v| format!("{v:.4}"));
        let ci = match (m.ci_low, m.ci_high) {
            (Some(l), Some(h)) => format!(" [{l:.4}, {h:.4}]"),
            _ => String::new(),
        };
        let base = m
            .baseline
            .map_or(String::new(), |b| format!(" (baseline {b:.4})"));
        let _ = writeln!(s, "    {:<22} {value}{ci}{base}", m.name);
    }
    if let Some(p) = &record.placebo {
        let used: Vec<String> = p
            .features
            .iter()
            .filter(|f| f.above_noise)
            .map(|f| format!("{} {:.4}", f.feature, f.mean))
            .collect();
        let unused: Vec<&str> = p
            .features
            .iter()
            .filter(|f| !f.above_noise)
            .map(|f| f.feature.as_str())
            .collect();
        let _ = writeln!(
            s,
            "  placebo check ({} importance, noise floor {:.4} from {} noise columns): uses {}; no more than noise: {}",
            p.metric,
            p.noise_floor,
            p.noise_columns,
            if used.is_empty() {
                "none".to_string()
            } else {
                used.join(", ")
            },
            if unused.is_empty() {
                "none".to_string()
            } else {
                unused.join(", ")
            }
        );
    }
    for a in &record.artifacts {
        let _ = writeln!(s, "  {} sha256 {}", a.path, a.sha256);
    }
    s
}

/// The feedback-loop simulation in a few lines: per arm, how far patrols are from the true incidents by
/// area in the first and the late rounds, and whether that gap grows.
pub fn feedback_summary(f: &crate::record::feedback::FeedbackSection) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "feedback loop: {} rounds, {} of {} cells patrolled per round, detection {}, {} replications (reporting rates: {})",
        f.rounds, f.patrols, f.cells, f.detection, f.replications, f.reporting_source
    );
    for a in &f.arms {
        let mitigation = a
            .mitigation
            .map(|m| {
                format!(
                    "; growth {:+.3} [{:+.3}, {:+.3}] against top-k",
                    m.mean, m.ci_low, m.ci_high
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<15} patrols vs true incidents by {}: distance {:.3} in round 1 → {:.3} in the last {} (growth {:+.3}, 95% CI {:+.3} to {:+.3}): {}{}",
            a.name,
            f.area_column,
            a.divergence_first.mean,
            a.divergence_late.mean,
            f.late_rounds,
            a.growth.mean,
            a.growth.ci_low,
            a.growth.ci_high,
            if a.runs_away {
                "runs away"
            } else {
                "does not clearly grow"
            },
            mitigation
        );
    }
    s
}
