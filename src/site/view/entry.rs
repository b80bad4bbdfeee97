//! The register-entry pages' text parts: the index row, the register fields of an entry, and the
//! frame of an entry page (the audit section comes from `audit`, how the model was trained from
//! `model`, the feedback-loop simulation from `feedback`).

use tera::Value;

use super::audit::{audit_view, finding_is_shown};
use super::cell::Obj;
use super::chart::{charts_view, map_view};
use super::feedback::feedback_view;
use super::fields::{field_groups, localized};
use super::frame::{fill, frame, page_name, word};
use super::model::training_view;
use crate::format::{self, Lang};
use crate::manifest::Manifest;
use crate::record::AuditRecord;

/// The entry page's view-model: the plain-language summary, the audit, and every register field.
pub fn entry(m: &Manifest, record: Option<&AuditRecord>, lang: Lang) -> Obj {
    let r = &m.register;
    let nl = &r.nl;
    let en = r.en.clone().unwrap_or_default();
    let only_nl = lang.pick("", "(only available in Dutch)");
    // The fallback note applies only to translated texts; language-neutral fields carry none.
    let (name, _) = localized(&nl.name, en.name.as_ref(), lang);
    let (description, desc_fallback) =
        localized(&nl.description_short, en.description_short.as_ref(), lang);
    let (objection, obj_fallback) = localized(
        &nl.objection_procedure,
        en.objection_procedure.as_ref(),
        lang,
    );
    let mut o = frame(lang, &m.id, &name)
        .set("name", name.clone())
        .set("description", description)
        .set("description_note", if desc_fallback { only_nl } else { "" })
        .set("objection", objection)
        .set("objection_note", if obj_fallback { only_nl } else { "" })
        .set("contact_email", r.contact_email.as_str())
        .set("elsewhere", elsewhere(m, lang))
        .set("found", found(record, lang))
        .set("report_href", page_name(&format!("{}.report", m.id), lang))
        .set("groups", field_groups(m, record, lang));
    o = match record {
        Some(rec) => o
            .set("audit", audit_view(m, rec, lang, rec.policy.suppress_below))
            .set("training", training_view(&m.id, rec, lang))
            .set("feedback", feedback_view(rec, lang))
            .set("charts", charts_view(rec, rec.policy.suppress_below, lang))
            .set("map", map_view(rec, rec.policy.suppress_below, lang)),
        None => o
            .set("charts", Value::none())
            .set("map", Value::none())
            .set("audit", Value::none())
            .set("training", Value::none())
            .set("feedback", Value::none()),
    };
    o
}

/// "What went wrong elsewhere": the manifest's lessons, each with its source.
fn elsewhere(m: &Manifest, lang: Lang) -> Vec<Value> {
    m.register
        .elsewhere
        .iter()
        .map(|l| {
            let (text, _) = localized(&l.text, l.text_en.as_ref(), lang);
            Obj::new()
                .set("text", text)
                .set("source", l.source.as_str())
                .set("href", l.link.clone().unwrap_or_default())
                .into()
        })
        .collect()
}

/// "What did the audit find": how many public findings, and the first one in full.
fn found(record: Option<&AuditRecord>, lang: Lang) -> Obj {
    let Some(rec) = record else {
        return Obj::new().set("lead", word("su_not_audited", lang));
    };
    let public: Vec<_> = rec
        .findings
        .iter()
        .filter(|f| finding_is_shown(rec, f, rec.policy.suppress_below))
        .collect();
    match public.as_slice() {
        [] => Obj::new().set("lead", word("su_found_none", lang)),
        [only] => Obj::new()
            .set("lead", word("su_found_one", lang))
            .set("first", lang.pick(&only.text_nl, &only.text_en)),
        [first, ..] => Obj::new()
            .set(
                "lead",
                fill(
                    "su_found_some",
                    lang,
                    &[("n", &format::count(public.len() as u64, lang))],
                ),
            )
            .set("first", lang.pick(&first.text_nl, &first.text_en)),
    }
}
