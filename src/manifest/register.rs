//! The `[register]` table of a manifest: every field the public registers and documentation standards
//! ask for (Dutch Algoritmeregister 1.0, UK ATRS, Amsterdam/Helsinki, model cards, EU AI Act), and its
//! validation.
//!
//! Texts a citizen reads come in `[register.nl]` (required) and `[register.en]` (optional, field by
//! field; a missing English text falls back to Dutch and is marked as such). Lists of links and
//! assessments carry proper names (laws, reports) that are not translated; the risk list and the
//! lessons from elsewhere carry an optional English text per item. Field names follow the register's
//! API v1_0 where it has one (`description_short`, `lawful_basis`, `process_index_url`, `publiccode`…).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The sixteen themes of the Dutch Algoritmeregister (API field `category`).
pub const THEMES: [&str; 16] = [
    "Cultuur en recreatie",
    "Economie",
    "Internationaal",
    "Migratie en integratie",
    "Natuur en milieu",
    "Onderwijs en wetenschap",
    "Openbare orde en veiligheid",
    "Organisatie en bedrijfsvoering",
    "Overheidsfinanciën",
    "Recht",
    "Ruimte en infrastructuur",
    "Sociale zekerheid",
    "Verkeer",
    "Werk",
    "Wonen",
    "Zorg en gezondheid",
];

/// Longest name the register accepts (API v1_0 `name`).
pub const NAME_MAX: usize = 100;
/// Longest short description the register accepts (API v1_0 `description_short`: 350).
pub const DESCRIPTION_MAX: usize = 350;

/// Register fields that do not depend on the language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterFields {
    /// Organisation responsible (NL required, API `organization`).
    pub organization: String,
    /// Team or department (UK ATRS, Amsterdam register).
    #[serde(default)]
    pub department: Option<String>,
    /// One of [`THEMES`] (NL, API `category`).
    pub theme: String,
    /// Life-cycle status in the national register (NL required).
    pub status: RegisterStatus,
    /// Publication category (NL required).
    pub publication_category: PublicationCategory,
    /// Generic contact e-mail (NL required).
    pub contact_email: String,
    /// Supplier of the algorithm, or the organisation itself (NL, API `provider`).
    pub provider: String,
    /// Month of first use, `YYYY-MM` (NL `begin_date`).
    #[serde(default)]
    pub begin_date: Option<String>,
    /// Month the algorithm went out of use, `YYYY-MM` (NL `end_date`).
    #[serde(default)]
    pub end_date: Option<String>,
    /// Public web page of the organisation about the algorithm (NL `website`).
    #[serde(default)]
    pub website: Option<String>,
    /// Link to the public part of the processing register (AVG art. 30; NL `process_index_url`).
    #[serde(default)]
    pub process_index_url: Option<String>,
    /// Link to the source code (NL `publiccode`).
    #[serde(default)]
    pub publiccode: Option<String>,
    /// Version of the model or its software, as the organisation names it.
    #[serde(default)]
    pub version: Option<String>,
    /// Search terms, comma-separated (NL `tags`; not shown, used for finding the entry).
    #[serde(default)]
    pub tags: Option<String>,
    /// Kind of personal data the algorithm uses (Amsterdam register, UK ATRS).
    #[serde(default)]
    pub personal_data: Option<PersonalData>,
    /// The organisation's role under the EU AI Act.
    #[serde(default)]
    pub ai_act_role: Option<AiActRole>,
    /// How many months the algorithm's logs are kept (EU AI Act art. 26: at least 6 for deployers).
    #[serde(default)]
    pub logs_kept_months: Option<u32>,
    /// Who is accountable (UK ATRS tier 2, Amsterdam register).
    #[serde(default)]
    pub people: Option<People>,
    /// Laws the process rests on, with links (NL `lawful_basis_grouping`).
    #[serde(default)]
    pub lawful_basis_links: Vec<Link>,
    /// Data sources, with links (NL `source_data_grouping`).
    #[serde(default)]
    pub source_data_links: Vec<Link>,
    /// Impact assessments done (IAMA, DPIA, FRIA…; NL `impacttoetsen_grouping`).
    #[serde(default)]
    pub impact_assessments: Vec<Assessment>,
    /// Risks one by one, with their mitigation (UK ATRS).
    #[serde(default)]
    pub risk_list: Vec<RiskItem>,
    /// What went wrong with similar algorithms elsewhere, with a source (for the public summary).
    #[serde(default)]
    pub elsewhere: Vec<Lesson>,
    /// Dutch texts (required).
    pub nl: RegisterTexts,
    /// English texts (optional, field by field).
    #[serde(default)]
    pub en: Option<EnglishTexts>,
}

/// Status values of the Dutch register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterStatus {
    #[serde(rename = "In ontwikkeling")]
    InDevelopment,
    #[serde(rename = "In gebruik")]
    InUse,
    #[serde(rename = "Buiten gebruik")]
    OutOfUse,
}

/// Publication categories of the Dutch register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicationCategory {
    /// A: high-risk AI system under the EU AI Act.
    #[serde(rename = "Hoog-risico AI-systeem")]
    HighRiskAi,
    /// B: impactful algorithm (legal effects, or it classifies or contacts people).
    #[serde(rename = "Impactvolle algoritmes")]
    Impactful,
    /// C: other algorithms.
    #[serde(rename = "Overige algoritmes")]
    Other,
}

/// Kind of personal data used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PersonalData {
    /// Data about identified persons.
    Identified,
    /// Pseudonymised personal data.
    Pseudonymised,
    /// No personal data.
    None,
}

/// Role under the EU AI Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AiActRole {
    /// The organisation develops the system and places it in service.
    Provider,
    /// The organisation uses a system under its authority.
    Deployer,
}

/// Who is accountable; each a name or a function (UK ATRS tier 2, Amsterdam register).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// Senior responsible owner (UK ATRS).
    #[serde(default)]
    pub senior_owner: Option<String>,
    /// Responsible manager (Amsterdam register).
    #[serde(default)]
    pub responsible_manager: Option<String>,
    /// Contact person for the algorithm.
    #[serde(default)]
    pub contact_person: Option<String>,
    /// Technical expert.
    #[serde(default)]
    pub technical_expert: Option<String>,
    /// Independent auditor or reviewing body.
    #[serde(default)]
    pub independent_auditor: Option<String>,
    /// The supplier's role (UK ATRS).
    #[serde(default)]
    pub supplier_role: Option<String>,
    /// On which terms the supplier has access to data (UK ATRS).
    #[serde(default)]
    pub data_access_terms: Option<String>,
}

/// A titled link (a law, a data source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Title, e.g. "Woningwet".
    pub title: String,
    /// Address, starting with https://.
    pub link: String,
}

/// An impact assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// E.g. "Data Protection Impact Assessment (DPIA)".
    pub title: String,
    /// Where it is published, if it is.
    #[serde(default)]
    pub link: Option<String>,
    /// When it was completed, `YYYY-MM-DD` or `YYYY-MM`.
    #[serde(default)]
    pub date: Option<String>,
    /// Its conclusion in a few sentences (Dutch).
    #[serde(default)]
    pub summary: Option<String>,
    /// Its conclusion in English.
    #[serde(default)]
    pub summary_en: Option<String>,
}

/// One risk and how it is managed (UK ATRS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskItem {
    pub name: String,
    pub description: String,
    pub mitigation: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    #[serde(default)]
    pub mitigation_en: Option<String>,
}

/// What went wrong with a similar algorithm elsewhere, in plain words, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// What happened, at B1 level (Dutch).
    pub text: String,
    #[serde(default)]
    pub text_en: Option<String>,
    /// The source's title.
    pub source: String,
    /// The source's address.
    #[serde(default)]
    pub link: Option<String>,
}

/// The texts of an entry in Dutch; every field a citizen reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterTexts {
    /// Name, at most [`NAME_MAX`] characters (NL required).
    pub name: String,
    /// Short description at B1 level, at most [`DESCRIPTION_MAX`] characters (NL required).
    pub description_short: String,
    /// Why the algorithm is used (NL required).
    pub goal: String,
    /// What it means for residents (NL: together with `goal` in "Doel en impact").
    pub impact: String,
    /// Legal basis (NL, API `lawful_basis`).
    pub lawful_basis: String,
    /// How people check and decide on the output (NL).
    pub human_intervention: String,
    /// Known risks and how they are managed (NL).
    pub risks: String,
    /// Which data the model uses, and from where (NL, API `source_data`).
    pub source_data: String,
    /// How a resident objects or appeals, and where to ask questions (UK; dropped by NL, kept here).
    pub objection_procedure: String,
    /// Trade-offs and alternatives considered (NL `proportionality`).
    #[serde(default)]
    pub proportionality: Option<String>,
    /// Why the goal needs an algorithm at all (necessity, asked apart from proportionality).
    #[serde(default)]
    pub necessity: Option<String>,
    /// Why no less intrusive means serves the goal (subsidiarity).
    #[serde(default)]
    pub subsidiarity: Option<String>,
    /// How the model works, and whether it learns by itself (NL `methods_and_models`).
    #[serde(default)]
    pub methods_and_models: Option<String>,
    /// What the algorithm is meant for (model cards: intended uses).
    #[serde(default)]
    pub intended_use: Option<String>,
    /// What it must not be used for (model cards: out-of-scope uses).
    #[serde(default)]
    pub out_of_scope: Option<String>,
    /// How outputs enter the work process, how often and at what scale (UK ATRS).
    #[serde(default)]
    pub process: Option<String>,
    /// What training the people who use the output get (UK ATRS).
    #[serde(default)]
    pub user_training: Option<String>,
    /// Why impact assessments were not done, where not (NL `impacttoetsen`).
    #[serde(default)]
    pub impact_assessments_note: Option<String>,
    /// Sensitive or protected attributes used, or what could stand in for them (Amsterdam, UK).
    #[serde(default)]
    pub protected_attributes: Option<String>,
    /// How complete and representative the data is (UK ATRS).
    #[serde(default)]
    pub data_quality: Option<String>,
    /// How the data is collected, prepared and kept up to date (datasheets).
    #[serde(default)]
    pub data_maintenance: Option<String>,
    /// Input and output of the algorithm.
    #[serde(default)]
    pub inputs_outputs: Option<String>,
    /// Known limitations (model cards).
    #[serde(default)]
    pub limitations: Option<String>,
}

/// English versions of [`RegisterTexts`]; each one may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnglishTexts {
    pub name: Option<String>,
    pub description_short: Option<String>,
    pub goal: Option<String>,
    pub impact: Option<String>,
    pub lawful_basis: Option<String>,
    pub human_intervention: Option<String>,
    pub risks: Option<String>,
    pub source_data: Option<String>,
    pub objection_procedure: Option<String>,
    pub proportionality: Option<String>,
    pub necessity: Option<String>,
    pub subsidiarity: Option<String>,
    pub methods_and_models: Option<String>,
    pub intended_use: Option<String>,
    pub out_of_scope: Option<String>,
    pub process: Option<String>,
    pub user_training: Option<String>,
    pub impact_assessments_note: Option<String>,
    pub protected_attributes: Option<String>,
    pub data_quality: Option<String>,
    pub data_maintenance: Option<String>,
    pub inputs_outputs: Option<String>,
    pub limitations: Option<String>,
}

/// Checks the `[register]` table; errors name the field (`register.…`).
pub(super) fn check(p: &Path, r: &RegisterFields) -> Result<()> {
    if !THEMES.contains(&r.theme.as_str()) {
        return Err(Error::field(
            p,
            "register.theme",
            format!("`{}` is not one of: {}", r.theme, THEMES.join(", ")),
        ));
    }
    if !r.contact_email.contains('@') {
        return Err(Error::field(
            p,
            "register.contact_email",
            format!("`{}` is not an e-mail address", r.contact_email),
        ));
    }
    for (field, month) in [("begin_date", &r.begin_date), ("end_date", &r.end_date)] {
        if let Some(m) = month {
            check_month(p, &format!("register.{field}"), m)?;
        }
    }
    if let (Some(b), Some(e)) = (&r.begin_date, &r.end_date)
        && e < b
    {
        return Err(Error::field(
            p,
            "register.end_date",
            format!("`{e}` is before begin_date `{b}`"),
        ));
    }
    for (field, url) in [
        ("website", &r.website),
        ("process_index_url", &r.process_index_url),
        ("publiccode", &r.publiccode),
    ] {
        if let Some(u) = url {
            check_url(p, &format!("register.{field}"), u)?;
        }
    }
    for (list, links) in [
        ("lawful_basis_links", &r.lawful_basis_links),
        ("source_data_links", &r.source_data_links),
    ] {
        for (i, l) in links.iter().enumerate() {
            check_len(p, &format!("register.{list}[{i}].title"), &l.title, 500)?;
            check_url(p, &format!("register.{list}[{i}].link"), &l.link)?;
        }
    }
    for (i, a) in r.impact_assessments.iter().enumerate() {
        check_len(
            p,
            &format!("register.impact_assessments[{i}].title"),
            &a.title,
            500,
        )?;
        if let Some(l) = &a.link {
            check_url(p, &format!("register.impact_assessments[{i}].link"), l)?;
        }
        if let Some(d) = &a.date {
            check_date(p, &format!("register.impact_assessments[{i}].date"), d)?;
        }
    }
    for (i, k) in r.risk_list.iter().enumerate() {
        for (f, v) in [
            ("name", &k.name),
            ("description", &k.description),
            ("mitigation", &k.mitigation),
        ] {
            check_len(p, &format!("register.risk_list[{i}].{f}"), v, 2500)?;
        }
    }
    for (i, l) in r.elsewhere.iter().enumerate() {
        check_len(p, &format!("register.elsewhere[{i}].text"), &l.text, 1000)?;
        if let Some(u) = &l.link {
            check_url(p, &format!("register.elsewhere[{i}].link"), u)?;
        }
    }
    check_texts(p, "register.nl", &r.nl)?;
    if let Some(en) = &r.en {
        if let Some(name) = &en.name {
            check_len(p, "register.en.name", name, NAME_MAX)?;
        }
        if let Some(d) = &en.description_short {
            check_len(p, "register.en.description_short", d, DESCRIPTION_MAX)?;
        }
    }
    Ok(())
}

fn check_texts(p: &Path, prefix: &str, t: &RegisterTexts) -> Result<()> {
    check_len(p, &format!("{prefix}.name"), &t.name, NAME_MAX)?;
    check_len(
        p,
        &format!("{prefix}.description_short"),
        &t.description_short,
        DESCRIPTION_MAX,
    )?;
    let required = [
        ("goal", &t.goal),
        ("impact", &t.impact),
        ("lawful_basis", &t.lawful_basis),
        ("human_intervention", &t.human_intervention),
        ("risks", &t.risks),
        ("source_data", &t.source_data),
        ("objection_procedure", &t.objection_procedure),
    ];
    for (field, value) in required {
        if value.trim().is_empty() {
            return Err(Error::field(
                p,
                format!("{prefix}.{field}"),
                "must not be empty",
            ));
        }
    }
    Ok(())
}

fn check_len(p: &Path, field: &str, value: &str, max: usize) -> Result<()> {
    let n = value.chars().count();
    if value.trim().is_empty() {
        return Err(Error::field(p, field, "must not be empty"));
    }
    if n > max {
        return Err(Error::field(
            p,
            field,
            format!("has {n} characters; the register allows at most {max}"),
        ));
    }
    Ok(())
}

fn check_month(p: &Path, field: &str, month: &str) -> Result<()> {
    let ok = month.len() == 7
        && month.is_ascii()
        && month.as_bytes()[4] == b'-'
        && month[..4].chars().all(|c| c.is_ascii_digit())
        && matches!(month[5..].parse::<u8>(), Ok(1..=12));
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            p,
            field,
            format!("`{month}` is not a month like 2024-03"),
        ))
    }
}

fn check_date(p: &Path, field: &str, date: &str) -> Result<()> {
    if date.len() == 7 {
        return check_month(p, field, date);
    }
    let ok = date.len() == 10
        && date.is_ascii()
        && date.as_bytes()[7] == b'-'
        && check_month(p, field, &date[..7]).is_ok()
        && matches!(date[8..].parse::<u8>(), Ok(1..=31));
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            p,
            field,
            format!("`{date}` is not a date like 2024-03-15 or a month like 2024-03"),
        ))
    }
}

/// A public link must be an https address (the register's rule: "Begin een URL met https://"),
/// without characters that could end an attribute.
fn check_url(p: &Path, field: &str, url: &str) -> Result<()> {
    let ok = url.starts_with("https://")
        && url.len() <= 500
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            p,
            field,
            format!("`{url}` is not an https:// address of at most 500 characters"),
        ))
    }
}
