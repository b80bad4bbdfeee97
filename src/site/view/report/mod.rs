//! The audit report of one entry for the ethics committee: every table and test with its raw and
//! corrected p-value, the correction families, the whole policy, the hashes of every input and
//! artifact, and the commands that reproduce it. Published in two editions: the public one withholds
//! groups below the policy's `suppress_below`, the committee's one (`publish --committee`) shows them.

mod tests;

use tera::Value;

use super::audit::audit_view;
use super::cell::Obj;
use super::chart::{charts_view, map_view};
use super::feedback::feedback_view;
use super::frame::{fill, frame, page_name, word};
use super::model::training_view;
use crate::format::{self, Lang};
use crate::manifest::Manifest;
use crate::record::AuditRecord;

/// Which edition of the report: what a citizen may read, or everything for the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// Groups below the policy's threshold are withheld.
    Public,
    /// Nothing is withheld; not for publication.
    Committee,
}

/// The report page's view-model. `record_sha256` is the SHA-256 of the stored record's bytes.
pub fn report(
    m: &Manifest,
    rec: &AuditRecord,
    record_sha256: &str,
    lang: Lang,
    edition: Edition,
) -> Obj {
    let threshold = rec.policy.suppress_below;
    let min_rows = match edition {
        Edition::Public => threshold,
        Edition::Committee => 0,
    };
    let name = match (lang, m.register.en.as_ref().and_then(|e| e.name.as_ref())) {
        (Lang::En, Some(n)) => n.clone(),
        _ => m.register.nl.name.clone(),
    };
    let title = fill("rp_title", lang, &[("name", &name)]);
    let n = format::count(threshold, lang);
    let (edition_line, edition_class) = match edition {
        Edition::Public => (fill("rp_public", lang, &[("n", &n)]), "small"),
        Edition::Committee => (fill("rp_committee", lang, &[("n", &n)]), "flagged"),
    };
    let (families, tests) = tests::tests_view(rec, lang, min_rows);
    let mut hashes: Vec<Value> = vec![hash_row(word("rp_record", lang), record_sha256)];
    for fh in rec
        .inputs
        .manifest
        .iter()
        .chain(&rec.inputs.data)
        .chain(std::iter::once(&rec.inputs.policy))
    {
        hashes.push(hash_row(&fh.path, &fh.sha256));
    }
    let mut reproduce = Vec::new();
    if let Some(t) = &rec.training {
        for fh in t.inputs.iter().chain(&t.artifacts) {
            hashes.push(hash_row(&fh.path, &fh.sha256));
        }
        reproduce.push(format!("algoreg train models/{}", m.id));
    }
    reproduce.push(format!("algoreg audit models/{}", m.id));
    reproduce.push(format!("algoreg verify {}", m.id));
    frame(lang, &format!("{}.report", m.id), &title)
        .set("name", name)
        .set("heading", title)
        .set("entry_href", page_name(&m.id, lang))
        .set("edition_line", edition_line)
        .set("edition_class", edition_class)
        .set("tool", format!("{} {}", rec.tool.name, rec.tool.version))
        .set("hashes", hashes)
        .set("reproduce", reproduce)
        .set("policy", policy_rows(rec, lang))
        .set("families", families)
        .set("tests", tests)
        .set("audit", audit_view(m, rec, lang, min_rows))
        .set("training", training_view(&m.id, rec, lang))
        .set("feedback", feedback_view(rec, lang))
        .set("charts", charts_view(rec, min_rows, lang))
        .set("map", map_view(rec, min_rows, lang))
}

fn hash_row(what: &str, sha: &str) -> Value {
    Obj::new().set("what", what).set("sha256", sha).into()
}

/// Every setting of the policy the audit applied, formatted.
fn policy_rows(rec: &AuditRecord, lang: Lang) -> Vec<Value> {
    let p = &rec.policy;
    let num = |x: f64, d: usize| format::number(x, d, lang);
    let metrics: Vec<&str> = p.metrics.iter().map(|m| m.as_str()).collect();
    let rows: Vec<(&str, String)> = vec![
        (
            "ratio_band",
            format!("{} – {}", num(p.ratio_band[0], 2), num(p.ratio_band[1], 2)),
        ),
        ("alpha", num(p.alpha, 3)),
        ("correction", p.correction.as_str().to_string()),
        (
            "association_correction",
            p.association_correction.as_str().to_string(),
        ),
        ("min_group_size", format::count(p.min_group_size, lang)),
        ("confidence_level", num(p.confidence_level, 2)),
        ("metrics", metrics.join(", ")),
        (
            "bootstrap_replicates",
            format::count(u64::from(p.bootstrap_replicates), lang),
        ),
        ("bootstrap_seed", p.bootstrap_seed.to_string()),
        ("drift_psi_floor", num(p.drift_psi_floor, 2)),
        ("leakage_auc", num(p.leakage_auc, 2)),
        ("proxy_strength", num(p.proxy_strength, 2)),
        ("trend_collapse", num(p.trend_collapse, 2)),
        ("min_effective_points", num(p.min_effective_points, 1)),
        ("suppress_below", format::count(p.suppress_below, lang)),
        (
            "adopted_by",
            p.adopted_by.clone().unwrap_or_else(|| "—".to_string()),
        ),
    ];
    rows.into_iter()
        .map(|(k, v)| Obj::new().set("setting", k).set("value", v).into())
        .collect()
}
