//! The entry in the Dutch Algoritmeregister's API v1_0 field names: the published field list as Rust
//! data, the mapping from a manifest, and the validator that checks an entry against the list.
//!
//! Field list after MinBZK/Algoritmeregister, `backend/app/schemas/config/v1_0.json` (names, required
//! flags, `max_length`, `max_items`, `permitted_values`, array item fields). Fields the register fills in
//! itself (`lars`, `create_dt`, …) are not ours to send. Lengths count characters (Unicode scalar
//! values), as the register's form does.

use serde_json::{Map, Value, json};

use crate::manifest::{Link, Manifest, PublicationCategory, RegisterStatus, RegisterTexts, THEMES};

/// What a field holds and its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A text of at most `max` characters.
    Text { max: usize },
    /// An address starting with `https://` ("Begin een URL met https://"), at most `max` characters.
    Url { max: usize },
    /// One of the permitted values.
    Choice { permitted: &'static [&'static str] },
    /// A list of at most `max_items` permitted values.
    Choices {
        max_items: usize,
        permitted: &'static [&'static str],
    },
    /// A list of `{title, link}`; `title_max` `None` where the register sets no limit.
    Links {
        title_max: Option<usize>,
        link_max: usize,
        link_required: bool,
    },
}

/// One field of the published list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
}

impl Field {
    /// The longest text the field takes, for text and address fields.
    pub fn max_len(&self) -> Option<usize> {
        match self.shape {
            Shape::Text { max } | Shape::Url { max } => Some(max),
            _ => None,
        }
    }
}

const fn text(name: &'static str, required: bool, max: usize) -> Field {
    Field {
        name,
        required,
        shape: Shape::Text { max },
    }
}

const fn url(name: &'static str) -> Field {
    Field {
        name,
        required: false,
        shape: Shape::Url { max: 500 },
    }
}

const fn links(name: &'static str, title_max: Option<usize>, link_required: bool) -> Field {
    Field {
        name,
        required: false,
        shape: Shape::Links {
            title_max,
            link_max: 500,
            link_required,
        },
    }
}

/// Status values (`status`).
pub const STATUS: [&str; 3] = ["In ontwikkeling", "In gebruik", "Buiten gebruik"];
/// Publication categories (`publication_category`).
pub const PUBLICATION_CATEGORIES: [&str; 3] = [
    "Hoog-risico AI-systeem",
    "Impactvolle algoritmes",
    "Overige algoritmes",
];

/// The register's field list v1_0, in the register's order (the CSV's column order too).
pub const V1_0_FIELDS: &[Field] = &[
    text("name", true, 100),
    text("description_short", true, 350),
    text("organization", true, 100),
    Field {
        name: "category",
        required: false,
        shape: Shape::Choices {
            max_items: 3,
            permitted: &THEMES,
        },
    },
    Field {
        name: "status",
        required: true,
        shape: Shape::Choice { permitted: &STATUS },
    },
    text("begin_date", false, 7),
    text("end_date", false, 7),
    text("contact_email", true, 500),
    url("website"),
    Field {
        name: "publication_category",
        required: true,
        shape: Shape::Choice {
            permitted: &PUBLICATION_CATEGORIES,
        },
    },
    url("url"),
    text("goal", false, 2500),
    text("proportionality", false, 2500),
    text("human_intervention", false, 2500),
    text("risks", false, 2500),
    text("lawful_basis", false, 2500),
    links("lawful_basis_grouping", Some(100), true),
    url("process_index_url"),
    links("impacttoetsen_grouping", None, false),
    text("impacttoetsen", false, 2500),
    text("source_data", false, 2500),
    links("source_data_grouping", Some(500), true),
    text("methods_and_models", false, 5000),
    text("provider", false, 200),
    url("publiccode"),
    Field {
        name: "lang",
        required: true,
        shape: Shape::Choice {
            permitted: &["nld"],
        },
    },
    Field {
        name: "standard_version",
        required: false,
        shape: Shape::Choice {
            permitted: &["1.0"],
        },
    },
    text("source_id", false, 100),
    text("tags", false, 2500),
];

/// The field of the list with this name.
pub fn field(name: &str) -> Option<&'static Field> {
    V1_0_FIELDS.iter().find(|f| f.name == name)
}

/// The entry of a manifest in v1_0 field names. `base_url` is where the site is served; with it, `url`
/// links to the entry's own page there. Fields the manifest leaves empty are left out. Pure: the
/// result may break the field list (a text too long); [`validate_v1_0`] says where.
pub fn v1_0_entry(m: &Manifest, base_url: Option<&str>) -> Value {
    let r = &m.register;
    let nl = &r.nl;
    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        o.insert(k.to_string(), v);
    };
    let opt = |v: &Option<String>| v.as_ref().map(|s| Value::from(s.as_str()));
    put("name", nl.name.as_str().into());
    put("description_short", nl.description_short.as_str().into());
    put("organization", r.organization.as_str().into());
    put("category", json!([r.theme]));
    put("status", status(r.status).into());
    let fields: [(&str, Option<Value>); 4] = [
        ("begin_date", opt(&r.begin_date)),
        ("end_date", opt(&r.end_date)),
        ("contact_email", Some(r.contact_email.as_str().into())),
        ("website", opt(&r.website)),
    ];
    for (k, v) in fields.into_iter() {
        if let Some(v) = v {
            put(k, v);
        }
    }
    put(
        "publication_category",
        category(r.publication_category).into(),
    );
    if let Some(base) = base_url {
        let page = crate::site::view::page_name(&m.id, crate::format::Lang::Nl);
        put(
            "url",
            format!("{}/{page}", base.trim_end_matches('/')).into(),
        );
    }
    put("goal", format!("{}\n\n{}", nl.goal, nl.impact).into());
    if let Some(p) = proportionality(nl) {
        put("proportionality", p.into());
    }
    put("human_intervention", nl.human_intervention.as_str().into());
    put("risks", nl.risks.as_str().into());
    put("lawful_basis", nl.lawful_basis.as_str().into());
    if !r.lawful_basis_links.is_empty() {
        put("lawful_basis_grouping", link_list(&r.lawful_basis_links));
    }
    if let Some(v) = opt(&r.process_index_url) {
        put("process_index_url", v);
    }
    if !r.impact_assessments.is_empty() {
        let list = r
            .impact_assessments
            .iter()
            .map(|a| {
                let mut item = Map::new();
                item.insert("title".into(), a.title.as_str().into());
                if let Some(l) = &a.link {
                    item.insert("link".into(), l.as_str().into());
                }
                Value::Object(item)
            })
            .collect();
        put("impacttoetsen_grouping", Value::Array(list));
    }
    if let Some(v) = opt(&nl.impact_assessments_note) {
        put("impacttoetsen", v);
    }
    put("source_data", nl.source_data.as_str().into());
    if !r.source_data_links.is_empty() {
        put("source_data_grouping", link_list(&r.source_data_links));
    }
    if let Some(v) = opt(&nl.methods_and_models) {
        put("methods_and_models", v);
    }
    put("provider", r.provider.as_str().into());
    if let Some(v) = opt(&r.publiccode) {
        put("publiccode", v);
    }
    put("lang", "nld".into());
    put("standard_version", "1.0".into());
    put("source_id", m.id.as_str().into());
    if let Some(v) = opt(&r.tags) {
        put("tags", v);
    }
    Value::Object(o)
}

fn status(s: RegisterStatus) -> &'static str {
    match s {
        RegisterStatus::InDevelopment => STATUS[0],
        RegisterStatus::InUse => STATUS[1],
        RegisterStatus::OutOfUse => STATUS[2],
    }
}

fn category(c: PublicationCategory) -> &'static str {
    match c {
        PublicationCategory::HighRiskAi => PUBLICATION_CATEGORIES[0],
        PublicationCategory::Impactful => PUBLICATION_CATEGORIES[1],
        PublicationCategory::Other => PUBLICATION_CATEGORIES[2],
    }
}

fn link_list(links: &[Link]) -> Value {
    links
        .iter()
        .map(|l| json!({ "title": l.title, "link": l.link }))
        .collect()
}

/// The register asks necessity, proportionality and subsidiarity in one field ("Afwegingen"); the
/// manifest keeps them apart. One answer alone goes in as it is; more than one each get a short Dutch
/// heading, separated by a blank line. Never shortened: a too long result fails validation.
fn proportionality(nl: &RegisterTexts) -> Option<String> {
    let parts: Vec<(&str, &str)> = [
        ("Noodzaak", &nl.necessity),
        ("Proportionaliteit", &nl.proportionality),
        ("Subsidiariteit", &nl.subsidiarity),
    ]
    .into_iter()
    .filter_map(|(h, t)| t.as_deref().map(|t| (h, t)))
    .filter(|(_, t)| !t.trim().is_empty())
    .collect();
    match parts.as_slice() {
        [] => None,
        [(_, only)] => Some((*only).to_string()),
        _ => Some(
            parts
                .iter()
                .map(|(h, t)| format!("{h}: {t}"))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
    }
}

/// What is wrong with one field of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field, with the item for list fields: `lawful_basis_grouping[1].title`.
    pub field: String,
    pub kind: ProblemKind,
}

/// The kinds of problem the validator finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A required field is absent, null or blank.
    Missing,
    /// A text longer than the field allows (both in characters).
    TooLong { max: usize, actual: usize },
    /// A value that is not on the field's list.
    NotPermitted {
        value: String,
        permitted: &'static [&'static str],
    },
    /// More list items than the field allows.
    TooManyItems { max: usize, actual: usize },
    /// An address that does not start with `https://`.
    NotHttps { value: String },
    /// The value has the wrong JSON type.
    WrongType { expected: &'static str },
    /// A field the list does not have.
    Unknown,
}

impl std::fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProblemKind::Missing => write!(f, "is required but missing or empty"),
            ProblemKind::TooLong { max, actual } => write!(
                f,
                "has {actual} characters; the register allows at most {max}"
            ),
            ProblemKind::NotPermitted { value, permitted } => write!(
                f,
                "`{value}` is not permitted; the register allows: {}",
                permitted.join(", ")
            ),
            ProblemKind::TooManyItems { max, actual } => {
                write!(f, "has {actual} items; the register allows at most {max}")
            }
            ProblemKind::NotHttps { value } => {
                write!(f, "`{value}` does not start with https://")
            }
            ProblemKind::WrongType { expected } => write!(f, "must be {expected}"),
            ProblemKind::Unknown => write!(f, "is not a field of the register's v1_0 list"),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.kind)
    }
}

/// Checks an entry against the v1_0 field list: required fields present and not blank, lengths and
/// item counts within limits, values on their lists, addresses https. Empty when the entry is valid.
pub fn validate_v1_0(entry: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(obj) = entry.as_object() else {
        return vec![Problem {
            field: "(entry)".into(),
            kind: ProblemKind::WrongType {
                expected: "a JSON object",
            },
        }];
    };
    for f in V1_0_FIELDS {
        match obj.get(f.name) {
            None | Some(Value::Null) => {
                if f.required {
                    problems.push(problem(f.name, ProblemKind::Missing));
                }
            }
            Some(v) => check_field(f, v, &mut problems),
        }
    }
    for key in obj.keys() {
        if field(key).is_none() {
            problems.push(problem(key, ProblemKind::Unknown));
        }
    }
    problems
}

fn problem(field: impl Into<String>, kind: ProblemKind) -> Problem {
    Problem {
        field: field.into(),
        kind,
    }
}

fn check_field(f: &Field, v: &Value, out: &mut Vec<Problem>) {
    match f.shape {
        Shape::Text { max } => check_text(f.name, v, max, f.required, false, out),
        Shape::Url { max } => check_text(f.name, v, max, f.required, true, out),
        Shape::Choice { permitted } => match v.as_str() {
            Some(s) if s.trim().is_empty() && f.required => {
                out.push(problem(f.name, ProblemKind::Missing))
            }
            Some(s) => check_choice(f.name, s, permitted, out),
            None => out.push(problem(
                f.name,
                ProblemKind::WrongType { expected: "a text" },
            )),
        },
        Shape::Choices {
            max_items,
            permitted,
        } => {
            let Some(items) = array(f.name, v, out) else {
                return;
            };
            if items.len() > max_items {
                out.push(problem(
                    f.name,
                    ProblemKind::TooManyItems {
                        max: max_items,
                        actual: items.len(),
                    },
                ));
            }
            for (i, item) in items.iter().enumerate() {
                let name = format!("{}[{i}]", f.name);
                match item.as_str() {
                    Some(s) => check_choice(&name, s, permitted, out),
                    None => out.push(problem(name, ProblemKind::WrongType { expected: "a text" })),
                }
            }
        }
        Shape::Links {
            title_max,
            link_max,
            link_required,
        } => {
            let Some(items) = array(f.name, v, out) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                let name = format!("{}[{i}]", f.name);
                let Some(o) = item.as_object() else {
                    out.push(problem(
                        name,
                        ProblemKind::WrongType {
                            expected: "an object with title and link",
                        },
                    ));
                    continue;
                };
                let title = o.get("title").unwrap_or(&Value::Null);
                let max = title_max.unwrap_or(usize::MAX);
                check_text(&format!("{name}.title"), title, max, true, false, out);
                match o.get("link") {
                    None | Some(Value::Null) if !link_required => {}
                    link => check_text(
                        &format!("{name}.link"),
                        link.unwrap_or(&Value::Null),
                        link_max,
                        link_required,
                        true,
                        out,
                    ),
                }
                for key in o.keys().filter(|k| *k != "title" && *k != "link") {
                    out.push(problem(format!("{name}.{key}"), ProblemKind::Unknown));
                }
            }
        }
    }
}

fn array<'a>(name: &str, v: &'a Value, out: &mut Vec<Problem>) -> Option<&'a Vec<Value>> {
    let items = v.as_array();
    if items.is_none() {
        out.push(problem(name, ProblemKind::WrongType { expected: "a list" }));
    }
    items
}

fn check_choice(name: &str, s: &str, permitted: &'static [&'static str], out: &mut Vec<Problem>) {
    if !permitted.contains(&s) {
        out.push(problem(
            name,
            ProblemKind::NotPermitted {
                value: s.to_string(),
                permitted,
            },
        ));
    }
}

fn check_text(
    name: &str,
    v: &Value,
    max: usize,
    required: bool,
    https: bool,
    out: &mut Vec<Problem>,
) {
    let Some(s) = v.as_str() else {
        let kind = if v.is_null() {
            ProblemKind::Missing
        } else {
            ProblemKind::WrongType { expected: "a text" }
        };
        out.push(problem(name, kind));
        return;
    };
    if s.trim().is_empty() {
        if required {
            out.push(problem(name, ProblemKind::Missing));
        }
        return;
    }
    let actual = s.chars().count();
    if actual > max {
        out.push(problem(name, ProblemKind::TooLong { max, actual }));
    }
    if https && !s.starts_with("https://") {
        out.push(problem(
            name,
            ProblemKind::NotHttps {
                value: s.to_string(),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nl(necessity: Option<&str>, prop: Option<&str>, subs: Option<&str>) -> RegisterTexts {
        let s = |x: Option<&str>| x.map(str::to_string);
        RegisterTexts {
            name: "n".into(),
            description_short: "d".into(),
            goal: "g".into(),
            impact: "i".into(),
            lawful_basis: "l".into(),
            human_intervention: "h".into(),
            risks: "r".into(),
            source_data: "s".into(),
            objection_procedure: "o".into(),
            proportionality: s(prop),
            necessity: s(necessity),
            subsidiarity: s(subs),
            methods_and_models: None,
            intended_use: None,
            out_of_scope: None,
            process: None,
            user_training: None,
            impact_assessments_note: None,
            protected_attributes: None,
            data_quality: None,
            data_maintenance: None,
            inputs_outputs: None,
            limitations: None,
        }
    }

    #[test]
    fn one_answer_goes_in_plain_more_get_headings() {
        assert_eq!(proportionality(&nl(None, None, None)), None);
        assert_eq!(
            proportionality(&nl(None, Some("Alleen dit."), None)).as_deref(),
            Some("Alleen dit.")
        );
        assert_eq!(
            proportionality(&nl(Some("A."), None, Some("C."))).as_deref(),
            Some("Noodzaak: A.\n\nSubsidiariteit: C.")
        );
    }

    #[test]
    fn optional_links_may_lack_a_link_required_ones_may_not() {
        let entry = json!({
            "name": "n", "description_short": "d", "organization": "o", "status": "In gebruik",
            "contact_email": "a@b.nl", "publication_category": "Overige algoritmes", "lang": "nld",
            "impacttoetsen_grouping": [{ "title": "IAMA" }],
            "lawful_basis_grouping": [{ "title": "Wet" }],
        });
        let problems = validate_v1_0(&entry);
        assert_eq!(
            problems,
            vec![problem(
                "lawful_basis_grouping[0].link",
                ProblemKind::Missing
            )]
        );
    }
}
