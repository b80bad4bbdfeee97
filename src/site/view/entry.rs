//! The register-entry pages' text parts: the index row, the register fields of an entry, and the
//! frame of an entry page (the audit section comes from `audit`, how the model was trained from
//! `model`, the feedback-loop simulation from `feedback`).

use tera::Value;

use super::audit::{audit_state, audit_view};
use super::cell::{Obj, PUBLIC_MIN_ROWS};
use super::chart::{charts_view, map_view};
use super::feedback::feedback_view;
use super::frame::{frame, page_name};
use super::model::training_view;
use crate::format::Lang;
use crate::manifest::{Manifest, PublicationCategory, RegisterStatus};
use crate::record::AuditRecord;

fn status_text(s: RegisterStatus, lang: Lang) -> &'static str {
    match s {
        RegisterStatus::InDevelopment => lang.pick("In ontwikkeling", "In development"),
        RegisterStatus::InUse => lang.pick("In gebruik", "In use"),
        RegisterStatus::OutOfUse => lang.pick("Buiten gebruik", "Out of use"),
    }
}

fn category_text(c: PublicationCategory, lang: Lang) -> &'static str {
    match c {
        PublicationCategory::HighRiskAi => {
            lang.pick("Hoog-risico AI-systeem", "High-risk AI system")
        }
        PublicationCategory::Impactful => lang.pick("Impactvol algoritme", "Impactful algorithm"),
        PublicationCategory::Other => lang.pick("Overig algoritme", "Other algorithm"),
    }
}

/// A text in the page's language; English falls back to Dutch with a marker.
fn localized(nl: &str, en: Option<&String>, lang: Lang) -> (String, bool) {
    match (lang, en) {
        (Lang::En, Some(e)) => (e.clone(), false),
        (Lang::En, None) => (nl.to_string(), true),
        (Lang::Nl, _) => (nl.to_string(), false),
    }
}

/// One index row.
pub fn index_row(m: &Manifest, record: Option<&AuditRecord>, lang: Lang) -> Value {
    let en = m.register.en.clone().unwrap_or_default();
    let (name, _) = localized(&m.register.nl.name, en.name.as_ref(), lang);
    let (state, class) = audit_state(record, lang);
    Obj::new()
        .set("href", page_name(&m.id, lang))
        .set("name", name)
        .set("organization", m.register.organization.as_str())
        .set("theme", m.register.theme.as_str())
        .set("status", status_text(m.register.status, lang))
        .set(
            "category",
            category_text(m.register.publication_category, lang),
        )
        .set("audit_state", state)
        .set("audit_class", class)
        .into()
}

/// The entry page's view-model.
pub fn entry(m: &Manifest, record: Option<&AuditRecord>, lang: Lang) -> Obj {
    let r = &m.register;
    let nl = &r.nl;
    let en = r.en.clone().unwrap_or_default();
    let only_nl = lang.pick("", "(only available in Dutch)");
    let mut fields = Vec::new();
    let mut text_field =
        |label_nl: &str, label_en: &str, nl_text: &str, en_text: Option<&String>| {
            let (value, fallback) = localized(nl_text, en_text, lang);
            fields.push(Value::from(
                Obj::new()
                    .set("label", lang.pick(label_nl, label_en))
                    .set("value", value)
                    .set("note", if fallback { only_nl } else { "" }),
            ));
        };
    text_field("Doel", "Goal", &nl.goal, en.goal.as_ref());
    text_field(
        "Impact op inwoners",
        "Impact on residents",
        &nl.impact,
        en.impact.as_ref(),
    );
    text_field(
        "Menselijke tussenkomst",
        "Human intervention",
        &nl.human_intervention,
        en.human_intervention.as_ref(),
    );
    text_field("Risico's", "Risks", &nl.risks, en.risks.as_ref());
    text_field(
        "Gebruikte gegevens",
        "Data used",
        &nl.source_data,
        en.source_data.as_ref(),
    );
    text_field(
        "Wettelijke grondslag",
        "Legal basis",
        &nl.lawful_basis,
        en.lawful_basis.as_ref(),
    );
    if let Some(p) = &nl.proportionality {
        text_field(
            "Afwegingen en alternatieven",
            "Trade-offs and alternatives",
            p,
            en.proportionality.as_ref(),
        );
    }
    if let Some(mm) = &nl.methods_and_models {
        text_field(
            "Werking",
            "How it works",
            mm,
            en.methods_and_models.as_ref(),
        );
    }
    text_field("Organisatie", "Organisation", &r.organization, None);
    if let Some(d) = &r.department {
        text_field("Afdeling", "Department", d, None);
    }
    text_field("Leverancier", "Supplier", &r.provider, None);
    text_field("Thema", "Theme", &r.theme, None);
    text_field("Status", "Status", status_text(r.status, lang), None);
    text_field(
        "Publicatiecategorie",
        "Publication category",
        category_text(r.publication_category, lang),
        None,
    );
    if let Some(b) = &r.begin_date {
        text_field("In gebruik sinds", "In use since", b, None);
    }
    text_field("Contact", "Contact", &r.contact_email, None);
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
        .set("fields", fields);
    o = match record {
        Some(rec) => o
            .set("audit", audit_view(m, rec, lang))
            .set("training", training_view(&m.id, rec, lang))
            .set("feedback", feedback_view(rec, lang))
            .set("charts", charts_view(rec, PUBLIC_MIN_ROWS, lang))
            .set("map", map_view(rec, PUBLIC_MIN_ROWS, lang)),
        None => o
            .set("charts", Value::none())
            .set("map", Value::none())
            .set("audit", Value::none())
            .set("training", Value::none())
            .set("feedback", Value::none()),
    };
    o
}
