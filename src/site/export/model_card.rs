//! The model card of an entry (Mitchell et al. 2019, "Model Cards for Model Reporting"): model
//! details, intended use, factors, metrics, evaluation and training data, quantitative analyses,
//! ethical considerations and caveats, as JSON with its own `schema_version`.
//!
//! Texts come from the manifest as `{"nl": …, "en": …}` (`en` left out when not translated); numbers
//! from the stored audit record as stored (`value`, `ci_low`/`ci_high` from a formula,
//! `boot_low`/`boot_high` from the seeded bootstrap, all at the policy's confidence level). A group with
//! fewer rows than `min_rows`, and a rate or value resting on fewer, is named without any number; a
//! comparison with a reference resting on fewer is left out. Findings stand only when the public page
//! shows them. Built as a `serde_json::Value` by hand: no export type derives serde.

use serde_json::{Map, Value, json};

use super::ExportEntry;
use crate::manifest::{Manifest, RegisterTexts};
use crate::record::subgroup::AttributeResult;
use crate::record::{AuditRecord, Estimate, FileHash, GroupResult, MetricResult, ValueMetric};

/// The model-card schema this build writes.
pub const MODEL_CARD_SCHEMA_VERSION: u32 = 1;

/// The model card of an entry; `min_rows` is the suppression minimum (the policy's, 10 by default).
pub fn model_card(e: &ExportEntry, min_rows: u64) -> Value {
    let m = e.manifest;
    let rec = e.record;
    json!({
        "schema_version": MODEL_CARD_SCHEMA_VERSION,
        "id": m.id,
        "model_details": model_details(e),
        "intended_use": intended_use(m),
        "factors": factors(m, rec),
        "metrics": rec.map_or(Value::Null, |r| metrics(r, min_rows)),
        "evaluation_data": rec.map_or(Value::Null, |r| evaluation_data(m, r)),
        "training_data": rec.map_or(Value::Null, training_data),
        "quantitative_analyses": rec.map_or(Value::Null, |r| quantitative(r, min_rows)),
        "ethical_considerations": ethical(m, rec, min_rows),
        "caveats": caveats(m),
    })
}

/// A text in Dutch with its English version when there is one.
fn both(nl: &str, en: Option<&String>) -> Value {
    let mut o = Map::new();
    o.insert("nl".into(), nl.into());
    if let Some(en) = en {
        o.insert("en".into(), en.as_str().into());
    }
    Value::Object(o)
}

/// An optional text: null when the Dutch one is absent.
fn both_opt(nl: Option<&String>, en: Option<&String>) -> Value {
    nl.map_or(Value::Null, |nl| both(nl, en))
}

fn english(m: &Manifest) -> crate::manifest::EnglishTexts {
    m.register.en.clone().unwrap_or_default()
}

fn model_details(e: &ExportEntry) -> Value {
    let m = e.manifest;
    let r = &m.register;
    let (nl, en) = (&r.nl, english(m));
    let kind = e.record.and_then(|rec| rec.training.as_ref()).map(|t| {
        let hyper: Map<String, Value> = t
            .hyperparameters
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        json!({
            "trained_by": "algoreg",
            "kind": t.kind,
            "algorithm": t.algorithm,
            "target": t.target,
            "features": t.features,
            "hyperparameters": hyper,
            "seed": t.seed,
        })
    });
    json!({
        "name": both(&nl.name, en.name.as_ref()),
        "description": both(&nl.description_short, en.description_short.as_ref()),
        "version": r.version,
        "organisation": r.organization,
        "department": r.department,
        "provider": r.provider,
        "status": r.status,
        "publication_category": r.publication_category,
        "date": {
            "in_use_since": r.begin_date,
            "out_of_use_since": r.end_date,
            "last_reviewed": e.reviewed_on,
        },
        "type": kind,
        "how_it_works": both_opt(nl.methods_and_models.as_ref(), en.methods_and_models.as_ref()),
        "inputs_outputs": both_opt(nl.inputs_outputs.as_ref(), en.inputs_outputs.as_ref()),
        "ai_act_role": r.ai_act_role,
        "personal_data": r.personal_data,
        "links": {
            "source_code": r.publiccode,
            "website": r.website,
            "processing_register": r.process_index_url,
            "lawful_basis": r.lawful_basis_links.iter()
                .map(|l| json!({ "title": l.title, "link": l.link })).collect::<Vec<_>>(),
        },
        "contact": {
            "email": r.contact_email,
            "person": r.people.as_ref().and_then(|p| p.contact_person.clone()),
        },
        "accountability": r.people,
        "lawful_basis": both(&nl.lawful_basis, en.lawful_basis.as_ref()),
        "lifecycle_state": e.state.as_str(),
    })
}

fn intended_use(m: &Manifest) -> Value {
    let (nl, en): (&RegisterTexts, _) = (&m.register.nl, english(m));
    json!({
        "primary_uses": both_opt(nl.intended_use.as_ref(), en.intended_use.as_ref()),
        "goal": both(&nl.goal, en.goal.as_ref()),
        "impact": both(&nl.impact, en.impact.as_ref()),
        "process": both_opt(nl.process.as_ref(), en.process.as_ref()),
        "human_intervention": both(&nl.human_intervention, en.human_intervention.as_ref()),
        "user_training": both_opt(nl.user_training.as_ref(), en.user_training.as_ref()),
        "out_of_scope_uses": both_opt(nl.out_of_scope.as_ref(), en.out_of_scope.as_ref()),
        "objection_procedure": both(&nl.objection_procedure, en.objection_procedure.as_ref()),
    })
}

/// The group columns audited (with intersections as stored) and the manifest's protected attributes.
fn factors(m: &Manifest, rec: Option<&AuditRecord>) -> Value {
    let en = english(m);
    let groups: Vec<Value> = match rec {
        Some(r) => r
            .subgroup
            .attributes
            .iter()
            .map(|a| {
                json!({
                    "attribute": a.attribute,
                    "columns": a.columns,
                    "intersection": a.columns.len() > 1,
                    "reference": a.reference,
                    "reference_rule": a.reference_rule,
                })
            })
            .collect(),
        None => m
            .data
            .groups
            .iter()
            .map(|g| json!({ "attribute": g.column, "columns": [g.column] }))
            .collect(),
    };
    json!({
        "audited_groups": groups,
        "row_unit": m.data.row_unit,
        "protected_attributes": both_opt(
            m.register.nl.protected_attributes.as_ref(),
            en.protected_attributes.as_ref()
        ),
    })
}

fn metrics(rec: &AuditRecord, min_rows: u64) -> Value {
    let p = &rec.policy;
    let judged: Vec<&str> = p.metrics.iter().map(|x| x.as_str()).collect();
    let mut reported: Vec<&str> = Vec::new();
    for mr in rec
        .subgroup
        .attributes
        .iter()
        .flat_map(|a| &a.overall.metrics)
    {
        let name = mr.metric.as_str();
        if !reported.contains(&name) {
            reported.push(name);
        }
    }
    let quality: Vec<Value> = rec.training.as_ref().map_or(Vec::new(), |t| {
        t.quality
            .metrics
            .iter()
            .map(|q| {
                json!({
                    "metric": q.name, "value": q.value, "ci_low": q.ci_low, "ci_high": q.ci_high,
                    "baseline": q.baseline, "method": q.method,
                })
            })
            .collect()
    });
    json!({
        "decision_threshold": rec.data.prediction_rule,
        "judged": judged,
        "reported": reported,
        "ratio_band": p.ratio_band,
        "alpha": p.alpha,
        "correction": p.correction.as_str(),
        "min_group_size": p.min_group_size,
        "confidence_level": p.confidence_level,
        "bootstrap": {
            "replicates": rec.subgroup.bootstrap.replicates,
            "seed": rec.subgroup.bootstrap.seed,
        },
        "suppressed_below_rows": min_rows,
        "held_out_quality": quality,
        "policy_adopted_by": p.adopted_by,
    })
}

fn file_list<'a>(files: impl IntoIterator<Item = &'a FileHash>) -> Vec<Value> {
    files
        .into_iter()
        .map(|f| json!({ "path": f.path, "sha256": f.sha256 }))
        .collect()
}

fn evaluation_data(m: &Manifest, rec: &AuditRecord) -> Value {
    let i = &rec.inputs;
    let inputs = file_list(i.manifest.iter().chain(&i.data).chain([&i.policy]));
    let rows = if rec.training.is_some() {
        "the rows algoreg held out when it trained the model; the model never learned from them"
    } else {
        "every row of the scored file"
    };
    json!({
        "row_unit": m.data.row_unit,
        "rows": rec.data.rows,
        "labelled": rec.data.labelled,
        "unlabelled": rec.data.unlabelled,
        "predicted_positive": rec.data.predicted_positive,
        "which_rows": rows,
        "inputs": inputs,
    })
}

fn training_data(rec: &AuditRecord) -> Value {
    let Some(t) = &rec.training else {
        return Value::Null;
    };
    let s = &t.split;
    json!({
        "rows": s.rows,
        "train_rows": s.train_rows,
        "fit_rows": s.fit_rows,
        "held_out_rows": s.test_rows,
        "split": { "method": s.method, "column": s.column, "test_share": s.test_share },
        "unlabelled_rows": t.unlabelled,
        "inputs": file_list(&t.inputs),
        "artifacts": file_list(&t.artifacts),
    })
}

fn suppressed(min_rows: u64) -> Value {
    format!("fewer than {min_rows} rows").into()
}

/// Every attribute (intersections included) with its groups; small groups by name only.
fn quantitative(rec: &AuditRecord, min_rows: u64) -> Value {
    let attributes: Vec<Value> = rec
        .subgroup
        .attributes
        .iter()
        .map(|a| {
            let groups: Vec<Value> = a.groups.iter().map(|g| group(a, g, min_rows)).collect();
            json!({
                "attribute": a.attribute,
                "columns": a.columns,
                "intersection": a.columns.len() > 1,
                "reference": a.reference,
                "groups": groups,
            })
        })
        .collect();
    let overall = rec
        .subgroup
        .attributes
        .first()
        .map_or(Value::Null, |a| group(a, &a.overall, min_rows));
    json!({
        "confidence_level": rec.policy.confidence_level,
        "intervals": "ci_low/ci_high from a formula (see the methods), boot_low/boot_high from the seeded Poisson bootstrap; a missing value or interval has its reason in `undefined`",
        "methods": {
            "rate_interval": rec.subgroup.methods.rate_interval,
            "ratio_interval": rec.subgroup.methods.ratio_interval,
            "difference_interval": rec.subgroup.methods.difference_interval,
            "test": rec.subgroup.methods.test,
            "correction": rec.subgroup.methods.correction,
        },
        "overall": overall,
        "attributes": attributes,
    })
}

fn reference_group(a: &AttributeResult) -> Option<&GroupResult> {
    a.groups.iter().find(|g| g.group == a.reference)
}

fn group(a: &AttributeResult, g: &GroupResult, min_rows: u64) -> Value {
    if g.n < min_rows {
        return json!({ "group": g.group, "suppressed": suppressed(min_rows) });
    }
    let reference = reference_group(a);
    let rates: Vec<Value> = g
        .metrics
        .iter()
        .map(|mr| {
            let ref_rows = reference
                .and_then(|r| r.metrics.iter().find(|x| x.metric == mr.metric))
                .map(|x| x.denominator);
            rate(mr, ref_rows, min_rows)
        })
        .collect();
    let values = |list: &[ValueMetric], pick: fn(&GroupResult) -> &[ValueMetric]| {
        list.iter()
            .map(|v| {
                let ref_rows = reference
                    .and_then(|r| pick(r).iter().find(|x| x.metric == v.metric))
                    .map(|x| x.rows);
                value(v, ref_rows, min_rows)
            })
            .collect::<Vec<_>>()
    };
    let mut o = json!({
        "group": g.group,
        "n": g.n,
        "labelled": g.labelled,
        "is_reference": g.group == a.reference,
        "metrics": rates,
    });
    if !g.score_metrics.is_empty() {
        o["score_metrics"] = values(&g.score_metrics, |r| &r.score_metrics).into();
    }
    if !g.count_metrics.is_empty() {
        o["count_metrics"] = values(&g.count_metrics, |r| &r.count_metrics).into();
    }
    o
}

fn estimate(e: &Estimate) -> Value {
    json!({
        "value": e.value,
        "ci_low": e.ci_low,
        "ci_high": e.ci_high,
        "boot_low": e.boot_low,
        "boot_high": e.boot_high,
        "undefined": e.undefined,
    })
}

/// A comparison stands only when the reference's value rests on enough rows too.
fn reference_ok(ref_rows: Option<u64>, min_rows: u64) -> bool {
    ref_rows.is_some_and(|n| n >= min_rows)
}

fn rate(mr: &MetricResult, ref_rows: Option<u64>, min_rows: u64) -> Value {
    let name = mr.metric.as_str();
    if mr.denominator < min_rows {
        return json!({ "metric": name, "suppressed": suppressed(min_rows) });
    }
    let mut o =
        json!({ "metric": name, "rows": mr.denominator, "estimate": estimate(&mr.estimate) });
    if let Some(c) = &mr.comparison {
        o["comparison"] = if reference_ok(ref_rows, min_rows) {
            json!({
                "ratio": estimate(&c.ratio),
                "difference": estimate(&c.difference),
                "p_value": c.p_value,
                "test": c.test,
                "p_beyond_band": c.p_beyond_band,
                "p_adjusted": c.p_adjusted,
                "verdict": c.verdict,
                "reason": c.reason,
            })
        } else {
            json!({ "suppressed": format!("the reference rests on {}", suppressed(min_rows).as_str().unwrap_or_default()) })
        };
    }
    o
}

fn value(v: &ValueMetric, ref_rows: Option<u64>, min_rows: u64) -> Value {
    let name = v.metric.as_str();
    if v.rows < min_rows {
        return json!({ "metric": name, "suppressed": suppressed(min_rows) });
    }
    let mut o = json!({ "metric": name, "rows": v.rows, "estimate": estimate(&v.estimate) });
    if let Some(c) = &v.comparison
        && reference_ok(ref_rows, min_rows)
    {
        o["comparison"] = json!({
            "ratio": estimate(&c.ratio),
            "difference": estimate(&c.difference),
        });
    }
    o
}

fn ethical(m: &Manifest, rec: Option<&AuditRecord>, min_rows: u64) -> Value {
    let r = &m.register;
    let (nl, en) = (&r.nl, english(m));
    let risk_list: Vec<Value> = r
        .risk_list
        .iter()
        .map(|k| {
            json!({
                "name": both(&k.name, k.name_en.as_ref()),
                "description": both(&k.description, k.description_en.as_ref()),
                "mitigation": both(&k.mitigation, k.mitigation_en.as_ref()),
            })
        })
        .collect();
    let assessments: Vec<Value> = r
        .impact_assessments
        .iter()
        .map(|a| {
            json!({
                "title": a.title, "link": a.link, "date": a.date,
                "summary": both_opt(a.summary.as_ref(), a.summary_en.as_ref()),
            })
        })
        .collect();
    let findings: Vec<Value> = rec.map_or(Vec::new(), |rec| {
        rec.findings
            .iter()
            .filter(|f| crate::site::view::finding_is_shown(rec, f, min_rows))
            .map(|f| {
                json!({
                    "audit": f.audit,
                    "attribute": f.attribute,
                    "group": f.group,
                    "measure": f.measure,
                    "text": { "nl": f.text_nl, "en": f.text_en },
                })
            })
            .collect()
    });
    json!({
        "risks": both(&nl.risks, en.risks.as_ref()),
        "risk_list": risk_list,
        "protected_attributes": both_opt(nl.protected_attributes.as_ref(), en.protected_attributes.as_ref()),
        "necessity": both_opt(nl.necessity.as_ref(), en.necessity.as_ref()),
        "proportionality": both_opt(nl.proportionality.as_ref(), en.proportionality.as_ref()),
        "subsidiarity": both_opt(nl.subsidiarity.as_ref(), en.subsidiarity.as_ref()),
        "impact_assessments": assessments,
        "impact_assessments_note": both_opt(nl.impact_assessments_note.as_ref(), en.impact_assessments_note.as_ref()),
        "findings": findings,
        "findings_total": rec.map(|r| r.verdict.findings),
    })
}

fn caveats(m: &Manifest) -> Value {
    let (nl, en) = (&m.register.nl, english(m));
    let elsewhere: Vec<Value> = m
        .register
        .elsewhere
        .iter()
        .map(|l| json!({ "text": both(&l.text, l.text_en.as_ref()), "source": l.source, "link": l.link }))
        .collect();
    json!({
        "limitations": both_opt(nl.limitations.as_ref(), en.limitations.as_ref()),
        "data_quality": both_opt(nl.data_quality.as_ref(), en.data_quality.as_ref()),
        "data_maintenance": both_opt(nl.data_maintenance.as_ref(), en.data_maintenance.as_ref()),
        "lessons_from_elsewhere": elsewhere,
    })
}
