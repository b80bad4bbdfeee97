//! Every register field of an entry, grouped as the public standards group them (identification,
//! accountability, purpose, legal basis, use, data, technical, risks), in the page's language. A field
//! the manifest leaves empty is shown as "not filled in", so a reader sees what the entry does not say.

use tera::Value;

use super::cell::Obj;
use super::frame::word;
use crate::format::Lang;
use crate::manifest::{
    AiActRole, EnglishTexts, Link, Manifest, PersonalData, PublicationCategory, RegisterStatus,
};
use crate::record::AuditRecord;

pub(super) fn status_text(s: RegisterStatus, lang: Lang) -> &'static str {
    match s {
        RegisterStatus::InDevelopment => lang.pick("In ontwikkeling", "In development"),
        RegisterStatus::InUse => lang.pick("In gebruik", "In use"),
        RegisterStatus::OutOfUse => lang.pick("Buiten gebruik", "Out of use"),
    }
}

pub(super) fn category_text(c: PublicationCategory, lang: Lang) -> &'static str {
    match c {
        PublicationCategory::HighRiskAi => {
            lang.pick("Hoog-risico AI-systeem", "High-risk AI system")
        }
        PublicationCategory::Impactful => lang.pick("Impactvol algoritme", "Impactful algorithm"),
        PublicationCategory::Other => lang.pick("Overig algoritme", "Other algorithm"),
    }
}

/// A text in the page's language; English falls back to Dutch with a marker (`true`).
pub(super) fn localized(nl: &str, en: Option<&String>, lang: Lang) -> (String, bool) {
    match (lang, en) {
        (Lang::En, Some(e)) => (e.clone(), false),
        (Lang::En, None) => (nl.to_string(), true),
        (Lang::Nl, _) => (nl.to_string(), false),
    }
}

/// The fields of one group, built in order.
struct Group {
    lang: Lang,
    fields: Vec<Value>,
}

impl Group {
    fn new(lang: Lang) -> Self {
        Group {
            lang,
            fields: Vec::new(),
        }
    }

    fn label(&self, nl: &str, en: &str) -> String {
        self.lang.pick(nl, en).to_string()
    }

    /// A field; `None` or blank shows as "not filled in". `fallback` marks a Dutch text on an English
    /// page.
    fn push(&mut self, label: String, value: Option<&str>, fallback: bool) {
        let empty = value.is_none_or(|v| v.trim().is_empty());
        let o = Obj::new()
            .set("label", label)
            .set(
                "value",
                if empty {
                    word("fg_empty", self.lang).to_string()
                } else {
                    value.unwrap_or_default().to_string()
                },
            )
            .set("empty", empty)
            .set(
                "note",
                if fallback && !empty {
                    self.lang.pick("", "(only available in Dutch)")
                } else {
                    ""
                },
            );
        self.fields.push(Value::from(o));
    }

    fn text(&mut self, nl_label: &str, en_label: &str, nl: Option<&str>, en: Option<&String>) {
        let label = self.label(nl_label, en_label);
        match nl {
            Some(nl) => {
                let (v, fb) = localized(nl, en, self.lang);
                self.push(label, Some(&v), fb);
            }
            None => self.push(label, None, false),
        }
    }

    /// A field with a list of links (titles and addresses); empty lists show as "not filled in".
    fn links(&mut self, nl_label: &str, en_label: &str, links: &[Link]) {
        let label = self.label(nl_label, en_label);
        if links.is_empty() {
            self.push(label, None, false);
            return;
        }
        let items: Vec<Value> = links
            .iter()
            .map(|l| {
                Obj::new()
                    .set("title", l.title.as_str())
                    .set("href", l.link.as_str())
                    .into()
            })
            .collect();
        self.fields.push(
            Obj::new()
                .set("label", label)
                .set("value", "")
                .set("empty", false)
                .set("note", "")
                .set("links", items)
                .into(),
        );
    }

    fn link(&mut self, nl_label: &str, en_label: &str, url: Option<&String>) {
        let links: Vec<Link> = url
            .map(|u| Link {
                title: u.clone(),
                link: u.clone(),
            })
            .into_iter()
            .collect();
        self.links(nl_label, en_label, &links);
    }

    fn items(&mut self, label: String, items: Vec<Value>) {
        if items.is_empty() {
            self.push(label, None, false);
            return;
        }
        self.fields.push(
            Obj::new()
                .set("label", label)
                .set("value", "")
                .set("empty", false)
                .set("note", "")
                .set("items", items)
                .into(),
        );
    }

    fn done(self, id: &str, heading_key: &'static str) -> Value {
        Obj::new()
            .set("id", id)
            .set("heading", word(heading_key, self.lang))
            .set("fields", self.fields)
            .into()
    }
}

/// The register fields of an entry, in groups.
pub fn field_groups(m: &Manifest, record: Option<&AuditRecord>, lang: Lang) -> Vec<Value> {
    let r = &m.register;
    let nl = &r.nl;
    let en = r.en.clone().unwrap_or_default();
    let e = |f: fn(&EnglishTexts) -> &Option<String>| f(&en).clone();
    let mut groups = Vec::new();

    let mut g = Group::new(lang);
    g.text("Organisatie", "Organisation", Some(&r.organization), None);
    g.text("Afdeling", "Department", r.department.as_deref(), None);
    g.text("Thema", "Theme", Some(&r.theme), None);
    g.text("Status", "Status", Some(status_text(r.status, lang)), None);
    g.text(
        "Publicatiecategorie",
        "Publication category",
        Some(category_text(r.publication_category, lang)),
        None,
    );
    g.text(
        "In gebruik sinds",
        "In use since",
        r.begin_date.as_deref(),
        None,
    );
    g.text(
        "Buiten gebruik sinds",
        "Out of use since",
        r.end_date.as_deref(),
        None,
    );
    g.text("Versie", "Version", r.version.as_deref(), None);
    g.text("Contact", "Contact", Some(&r.contact_email), None);
    g.link("Publiekspagina", "Public page", r.website.as_ref());
    g.text("Registernummer", "Register id", Some(&m.id), None);
    let langs = if r.en.is_some() {
        lang.pick("Nederlands en Engels", "Dutch and English")
    } else {
        lang.pick("Nederlands", "Dutch")
    };
    g.text("Taal", "Language", Some(langs), None);
    g.text(
        "Standaard",
        "Standard",
        Some("Algoritmeregister publicatiestandaard 1.0"),
        None,
    );
    groups.push(g.done("fields-identification", "fg_identification"));

    let p = r.people.clone().unwrap_or_default();
    let mut g = Group::new(lang);
    g.text(
        "Eindverantwoordelijke",
        "Senior responsible owner",
        p.senior_owner.as_deref(),
        None,
    );
    g.text(
        "Verantwoordelijk manager",
        "Responsible manager",
        p.responsible_manager.as_deref(),
        None,
    );
    g.text(
        "Contactpersoon",
        "Contact person",
        p.contact_person.as_deref(),
        None,
    );
    g.text(
        "Technisch deskundige",
        "Technical expert",
        p.technical_expert.as_deref(),
        None,
    );
    g.text(
        "Onafhankelijke toetser",
        "Independent auditor",
        p.independent_auditor.as_deref(),
        None,
    );
    g.text("Leverancier", "Supplier", Some(&r.provider), None);
    g.text(
        "Rol van de leverancier",
        "Supplier's role",
        p.supplier_role.as_deref(),
        None,
    );
    g.text(
        "Toegang van de leverancier tot gegevens",
        "Supplier's access to data",
        p.data_access_terms.as_deref(),
        None,
    );
    let role = r.ai_act_role.map(|x| match x {
        AiActRole::Provider => lang.pick("aanbieder", "provider"),
        AiActRole::Deployer => lang.pick("gebruiksverantwoordelijke", "deployer"),
    });
    g.text(
        "Rol onder de AI-verordening",
        "Role under the AI Act",
        role,
        None,
    );
    groups.push(g.done("fields-accountability", "fg_accountability"));

    let mut g = Group::new(lang);
    g.text("Doel", "Goal", Some(&nl.goal), en.goal.as_ref());
    g.text(
        "Impact op inwoners",
        "Impact on residents",
        Some(&nl.impact),
        en.impact.as_ref(),
    );
    g.text(
        "Bedoeld gebruik",
        "Intended use",
        nl.intended_use.as_deref(),
        e(|x| &x.intended_use).as_ref(),
    );
    g.text(
        "Niet bedoeld voor",
        "Out of scope",
        nl.out_of_scope.as_deref(),
        e(|x| &x.out_of_scope).as_ref(),
    );
    g.text(
        "Noodzaak",
        "Necessity",
        nl.necessity.as_deref(),
        e(|x| &x.necessity).as_ref(),
    );
    g.text(
        "Afwegingen en alternatieven",
        "Trade-offs and alternatives",
        nl.proportionality.as_deref(),
        e(|x| &x.proportionality).as_ref(),
    );
    g.text(
        "Minder ingrijpende middelen",
        "Less intrusive means",
        nl.subsidiarity.as_deref(),
        e(|x| &x.subsidiarity).as_ref(),
    );
    groups.push(g.done("fields-purpose", "fg_purpose"));

    let mut g = Group::new(lang);
    g.text(
        "Wettelijke grondslag",
        "Legal basis",
        Some(&nl.lawful_basis),
        en.lawful_basis.as_ref(),
    );
    g.links("Wetten", "Laws", &r.lawful_basis_links);
    g.link(
        "Verwerkingsregister",
        "Processing register",
        r.process_index_url.as_ref(),
    );
    let assessments: Vec<Value> = r
        .impact_assessments
        .iter()
        .map(|a| {
            let (summary, _) = match &a.summary {
                Some(s) => localized(s, a.summary_en.as_ref(), lang),
                None => (String::new(), false),
            };
            Obj::new()
                .set("title", a.title.as_str())
                .set("href", a.link.clone().unwrap_or_default())
                .set("meta", a.date.clone().unwrap_or_default())
                .set("text", summary)
                .into()
        })
        .collect();
    g.items(g.label("Impacttoetsen", "Impact assessments"), assessments);
    g.text(
        "Toelichting op impacttoetsen",
        "Note on impact assessments",
        nl.impact_assessments_note.as_deref(),
        e(|x| &x.impact_assessments_note).as_ref(),
    );
    groups.push(g.done("fields-legal", "fg_legal"));

    let mut g = Group::new(lang);
    g.text(
        "Menselijke tussenkomst",
        "Human intervention",
        Some(&nl.human_intervention),
        en.human_intervention.as_ref(),
    );
    g.text(
        "Hoe de uitkomst wordt gebruikt",
        "How the output is used",
        nl.process.as_deref(),
        e(|x| &x.process).as_ref(),
    );
    g.text(
        "Opleiding van gebruikers",
        "Training for users",
        nl.user_training.as_deref(),
        e(|x| &x.user_training).as_ref(),
    );
    let months = r.logs_kept_months.map(|n| match lang {
        Lang::Nl => format!("{n} maanden"),
        Lang::En => format!("{n} months"),
    });
    g.text("Logboeken bewaard", "Logs kept", months.as_deref(), None);
    g.text(
        "Bezwaar en vragen",
        "Objections and questions",
        Some(&nl.objection_procedure),
        en.objection_procedure.as_ref(),
    );
    groups.push(g.done("fields-process", "fg_process"));

    let mut g = Group::new(lang);
    g.text(
        "Gebruikte gegevens",
        "Data used",
        Some(&nl.source_data),
        en.source_data.as_ref(),
    );
    g.links("Bronnen", "Sources", &r.source_data_links);
    let personal = r.personal_data.map(|x| match x {
        PersonalData::Identified => {
            lang.pick("ja, herleidbaar tot personen", "yes, identifiable persons")
        }
        PersonalData::Pseudonymised => lang.pick("ja, gepseudonimiseerd", "yes, pseudonymised"),
        PersonalData::None => lang.pick("nee", "no"),
    });
    g.text("Persoonsgegevens", "Personal data", personal, None);
    g.text(
        "Gevoelige kenmerken",
        "Sensitive attributes",
        nl.protected_attributes.as_deref(),
        e(|x| &x.protected_attributes).as_ref(),
    );
    g.text(
        "Volledigheid en representativiteit",
        "Completeness and representativeness",
        nl.data_quality.as_deref(),
        e(|x| &x.data_quality).as_ref(),
    );
    g.text(
        "Verzameling en onderhoud",
        "Collection and maintenance",
        nl.data_maintenance.as_deref(),
        e(|x| &x.data_maintenance).as_ref(),
    );
    groups.push(g.done("fields-data", "fg_data"));

    let mut g = Group::new(lang);
    g.text(
        "Werking",
        "How it works",
        nl.methods_and_models.as_deref(),
        en.methods_and_models.as_ref(),
    );
    g.text(
        "Invoer en uitvoer",
        "Input and output",
        nl.inputs_outputs.as_deref(),
        e(|x| &x.inputs_outputs).as_ref(),
    );
    let model_type = record
        .and_then(|rec| rec.training.as_ref())
        .map(|t| format!("{} ({})", t.algorithm, t.kind));
    g.text("Soort model", "Model type", model_type.as_deref(), None);
    let learns = m.model.is_some().then(|| {
        lang.pick(
            "Nee: algoreg traint het model opnieuw uit de specificatie; het leert niet zelf bij.",
            "No: algoreg retrains the model from the spec; it does not learn by itself.",
        )
    });
    g.text(
        "Leert het zelf bij?",
        "Does it learn by itself?",
        learns,
        None,
    );
    g.link("Broncode", "Source code", r.publiccode.as_ref());
    groups.push(g.done("fields-technical", "fg_technical"));

    let mut g = Group::new(lang);
    g.text(
        "Risicobeheer",
        "Risk management",
        Some(&nl.risks),
        en.risks.as_ref(),
    );
    let risks: Vec<Value> = r
        .risk_list
        .iter()
        .map(|k| {
            let (name, _) = localized(&k.name, k.name_en.as_ref(), lang);
            let (desc, _) = localized(&k.description, k.description_en.as_ref(), lang);
            let (mitigation, _) = localized(&k.mitigation, k.mitigation_en.as_ref(), lang);
            Obj::new()
                .set("title", name)
                .set("href", "")
                .set("meta", "")
                .set("text", desc)
                .set("mitigation", mitigation)
                .into()
        })
        .collect();
    g.items(g.label("Risico's één voor één", "Risks one by one"), risks);
    g.text(
        "Beperkingen",
        "Limitations",
        nl.limitations.as_deref(),
        e(|x| &x.limitations).as_ref(),
    );
    groups.push(g.done("fields-risks", "fg_risks"));
    groups
}
