//! View-models of the site: every number already formatted for its language, so templates do no arithmetic.

use std::collections::BTreeMap;

use tera::Value;

use crate::audit::metric::Metric;
use crate::audit::text::metric_label;
use crate::format::{self, Lang};
use crate::manifest::{Manifest, PublicationCategory, RegisterStatus};
use crate::record::{AuditRecord, Estimate, GroupResult, Verdict};

/// Groups with fewer rows than this are never shown on a public page (privacy).
pub const PUBLIC_MIN_ROWS: u64 = 10;

/// Metrics shown in the public group table besides the ones the policy judges.
const SHOWN_METRICS: [Metric; 6] = [
    Metric::SelectionRate,
    Metric::Prevalence,
    Metric::Tpr,
    Metric::Fnr,
    Metric::Fpr,
    Metric::Ppv,
];

/// A string-keyed map for the template context.
#[derive(Default)]
pub struct Obj(BTreeMap<&'static str, Value>);

impl Obj {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, key: &'static str, value: impl Into<Value>) -> Self {
        self.0.insert(key, value.into());
        self
    }
}

impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        Value::from(o.0)
    }
}

/// Page file name of an index or entry in a language: `index.html` / `index.en.html`.
pub fn page_name(stem: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("{stem}.html"),
        Lang::En => format!("{stem}.en.html"),
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    }
}

/// The page frame every template gets: language, switch link, UI words.
pub fn frame(lang: Lang, stem: &str, title: &str) -> Obj {
    let o = other(lang);
    Obj::new()
        .set("lang", lang.code())
        .set("title", title)
        .set("switch_href", page_name(stem, o))
        .set("switch_label", lang.pick("English", "Nederlands"))
        .set("switch_lang", o.code())
        .set("index_href", page_name("index", lang))
        .set("t", ui(lang))
}

fn ui(lang: Lang) -> Value {
    let words: [(&str, &str, &str); 24] = [
        ("site_title", "Algoritmeregister", "Algorithm register"),
        (
            "site_intro",
            "Welke algoritmes gebruikt de gemeente, waarvoor, en hoe vallen hun fouten uit per groep? Elk model hieronder is getoetst op ongelijke fouten.",
            "Which algorithms does the municipality use, what for, and how do their errors fall on each group? Every model below was audited for unequal errors.",
        ),
        ("col_name", "Naam", "Name"),
        ("col_org", "Organisatie", "Organisation"),
        ("col_theme", "Thema", "Theme"),
        ("col_status", "Status", "Status"),
        ("col_category", "Categorie", "Category"),
        ("col_audit", "Toetsing", "Audit"),
        (
            "register_fields",
            "Gegevens in het register",
            "Register details",
        ),
        (
            "audit_heading",
            "Hoe vallen de fouten uit per groep?",
            "How do the errors fall on each group?",
        ),
        ("findings_heading", "Bevindingen", "Findings"),
        (
            "no_findings",
            "Geen afwijkingen buiten de band die het beleid accepteert.",
            "No differences outside the band the policy accepts.",
        ),
        (
            "not_audited",
            "Dit model is nog niet getoetst.",
            "This model has not been audited yet.",
        ),
        ("col_group", "Groep", "Group"),
        ("col_rows", "Rijen", "Rows"),
        ("col_labelled", "Met uitkomst", "With outcome"),
        (
            "evidence",
            "Bewijs en herhaalbaarheid",
            "Evidence and reproducibility",
        ),
        ("reproduce", "Opnieuw uitrekenen", "Reproduce"),
        (
            "record_link",
            "Volledig toetsingsverslag (JSON)",
            "Full audit record (JSON)",
        ),
        ("back", "Terug naar het overzicht", "Back to the overview"),
        (
            "object_heading",
            "Bezwaar en vragen",
            "Objections and questions",
        ),
        (
            "how_to_read",
            "Per groep: de waarde met het 95%-betrouwbaarheidsinterval, en de verhouding tot de referentiegroep. ⚑ betekent: buiten de band van het beleid en geen toeval na correctie voor het aantal vergelijkingen.",
            "Per group: the value with its 95% confidence interval, and the ratio to the reference group. ⚑ means: outside the policy's band and not chance after correcting for the number of comparisons.",
        ),
        (
            "suppressed",
            "minder dan 10 rijen: niet gepubliceerd",
            "fewer than 10 rows: not published",
        ),
        ("skip", "Naar de inhoud", "Skip to content"),
    ];
    let map: BTreeMap<&str, Value> = words
        .iter()
        .map(|(k, nl, en)| (*k, Value::from(lang.pick(nl, en))))
        .collect();
    Value::from(map)
}

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

/// The audit's one-line state for the index: (text, css class).
fn audit_state(record: Option<&AuditRecord>, lang: Lang) -> (String, &'static str) {
    match record {
        None => (
            lang.pick("nog niet getoetst", "not audited yet")
                .to_string(),
            "none",
        ),
        Some(r) if r.verdict.flagged => (
            match lang {
                Lang::Nl => format!("⚑ {} bevinding(en)", r.verdict.findings),
                Lang::En => format!("⚑ {} finding(s)", r.verdict.findings),
            },
            "flagged",
        ),
        Some(_) => (
            lang.pick("geen bevindingen", "no findings").to_string(),
            "ok",
        ),
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
        Some(rec) => o.set("audit", audit_view(m, rec, lang)),
        None => o.set("audit", Value::none()),
    };
    o
}

fn interval_text(e: &Estimate, lang: Lang, f: impl Fn(f64, Lang) -> String) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(lo), Some(hi)) => format!("{}–{}", f(lo, lang), f(hi, lang)),
        _ => String::new(),
    }
}

fn verdict_text(v: Verdict, reason: &str, smallest_n: u64, lang: Lang) -> String {
    match v {
        Verdict::Flagged => lang.pick("⚑ afwijking", "⚑ finding").to_string(),
        Verdict::WithinBand => lang.pick("binnen de band", "within the band").to_string(),
        Verdict::OutsideBandNotSignificant => lang
            .pick(
                "buiten de band, mogelijk toeval",
                "outside the band, may be chance",
            )
            .to_string(),
        Verdict::TooFewRows => match lang {
            Lang::Nl => format!("te weinig rijen om te oordelen (n = {smallest_n})"),
            Lang::En => format!("too few rows to judge (n = {smallest_n})"),
        },
        Verdict::Undefined => {
            lang.pick("niet te bepalen", "cannot be determined")
                .to_string()
                + ": "
                + reason
        }
        Verdict::NotJudged => String::new(),
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Flagged => "flagged",
        Verdict::WithinBand => "ok",
        Verdict::OutsideBandNotSignificant => "chance",
        Verdict::TooFewRows | Verdict::Undefined => "nojudge",
        Verdict::NotJudged => "",
    }
}

fn audit_view(m: &Manifest, rec: &AuditRecord, lang: Lang) -> Value {
    let mut shown: Vec<Metric> = rec.policy.metrics.clone();
    shown.extend(
        SHOWN_METRICS
            .iter()
            .filter(|x| !rec.policy.metrics.contains(x)),
    );
    let columns: Vec<Value> = shown
        .iter()
        .map(|&x| {
            let judged = rec.policy.metrics.contains(&x);
            Value::from(
                Obj::new()
                    .set("label", metric_label(x, lang))
                    .set("judged", judged)
                    .set(
                        "judged_note",
                        if judged {
                            lang.pick("getoetst", "judged")
                        } else {
                            ""
                        },
                    ),
            )
        })
        .collect();
    let attributes: Vec<Value> = rec
        .subgroup
        .attributes
        .iter()
        .map(|attr| {
            let rows: Vec<Value> = attr
                .groups
                .iter()
                .map(|g| group_row(g, &attr.reference, &shown, lang))
                .collect();
            Value::from(
                Obj::new()
                    .set("attribute", attr.attribute.as_str())
                    .set(
                        "reference_line",
                        match lang {
                            Lang::Nl => format!(
                                "Referentiegroep: {} ({})",
                                attr.reference,
                                if attr.reference_rule == "named" {
                                    "gekozen in het manifest"
                                } else {
                                    "de grootste groep"
                                }
                            ),
                            Lang::En => format!(
                                "Reference group: {} ({})",
                                attr.reference,
                                if attr.reference_rule == "named" {
                                    "chosen in the manifest"
                                } else {
                                    "the largest group"
                                }
                            ),
                        },
                    )
                    .set("rows", rows),
            )
        })
        .collect();
    let findings: Vec<Value> = rec
        .findings
        .iter()
        .filter(|f| group_n(rec, &f.attribute, &f.group) >= PUBLIC_MIN_ROWS)
        .map(|f| Value::from(lang.pick(&f.text_nl, &f.text_en)))
        .collect();
    let mut inputs: Vec<Value> = Vec::new();
    for fh in rec
        .inputs
        .manifest
        .iter()
        .chain(&rec.inputs.data)
        .chain(std::iter::once(&rec.inputs.policy))
    {
        inputs.push(
            Obj::new()
                .set("path", fh.path.as_str())
                .set("sha256", fh.sha256.as_str())
                .into(),
        );
    }
    let (state, class) = audit_state(Some(rec), lang);
    Obj::new()
        .set("state", state)
        .set("state_class", class)
        .set("data_line", data_line(m, rec, lang))
        .set("policy_line", policy_line(rec, lang))
        .set("findings", findings)
        .set("columns", columns)
        .set("attributes", attributes)
        .set("inputs", inputs)
        .set("record_href", format!("records/{}.json", m.id))
        .set("reproduce", format!("algoreg audit models/{}", m.id))
        .into()
}

/// "8,000 rows (a house), of which 2,480 with a known outcome; prediction: …".
fn data_line(m: &Manifest, rec: &AuditRecord, lang: Lang) -> String {
    let d = &rec.data;
    let (rows, labelled) = (format::count(d.rows, lang), format::count(d.labelled, lang));
    let unit = m
        .data
        .row_unit
        .as_deref()
        .unwrap_or(lang.pick("rij", "row"));
    let rule = &d.prediction_rule;
    match lang {
        Lang::Nl => format!(
            "{rows} rijen ({unit}), waarvan {labelled} met een bekende uitkomst; voorspelling: {rule}."
        ),
        Lang::En => format!(
            "{rows} rows ({unit}), of which {labelled} with a known outcome; prediction: {rule}."
        ),
    }
}

/// The policy the audit applied, in one sentence.
fn policy_line(rec: &AuditRecord, lang: Lang) -> String {
    let p = &rec.policy;
    let (low, high) = (
        format::number(p.ratio_band[0], 2, lang),
        format::number(p.ratio_band[1], 2, lang),
    );
    let alpha = format::number(p.alpha, 2, lang);
    let (correction, tested, min) = (
        p.correction.as_str(),
        rec.verdict.comparisons_tested,
        p.min_group_size,
    );
    let by = p
        .adopted_by
        .as_deref()
        .unwrap_or(lang.pick("onbekend", "unknown"));
    match lang {
        Lang::Nl => format!(
            "Beleid: verhouding tot de referentiegroep tussen {low} en {high}; α = {alpha} na {correction}-correctie over {tested} vergelijkingen; oordeel pas vanaf {min} rijen. Vastgesteld door: {by}."
        ),
        Lang::En => format!(
            "Policy: ratio to the reference group between {low} and {high}; α = {alpha} after {correction} correction over {tested} comparisons; no verdict below {min} rows. Adopted by: {by}."
        ),
    }
}

fn group_n(rec: &AuditRecord, attribute: &str, group: &str) -> u64 {
    rec.subgroup
        .attributes
        .iter()
        .filter(|a| a.attribute == attribute)
        .flat_map(|a| &a.groups)
        .find(|g| g.group == group)
        .map_or(0, |g| g.n)
}

fn group_row(g: &GroupResult, reference: &str, shown: &[Metric], lang: Lang) -> Value {
    let is_ref = g.group == reference;
    if g.n < PUBLIC_MIN_ROWS {
        return Obj::new()
            .set("group", g.group.as_str())
            .set("suppressed", true)
            .set("is_reference", is_ref)
            .into();
    }
    let cells: Vec<Value> = shown
        .iter()
        .map(|&x| {
            let Some(mr) = g.metrics.iter().find(|r| r.metric == x) else {
                return Value::from(Obj::new().set("value", "—"));
            };
            let value = mr
                .estimate
                .value
                .map_or_else(|| "—".to_string(), |v| format::percent(v, lang));
            let ci = interval_text(&mr.estimate, lang, format::percent);
            let (ratio, verdict, class) = match &mr.comparison {
                None => (
                    lang.pick("referentie", "reference").to_string(),
                    String::new(),
                    "",
                ),
                Some(c) => {
                    let ratio = c.ratio.value.map_or_else(String::new, |v| {
                        let ci = interval_text(&c.ratio, lang, |x, l| format::number(x, 2, l));
                        if ci.is_empty() {
                            format!("×{}", format::number(v, 2, lang))
                        } else {
                            format!("×{} ({ci})", format::number(v, 2, lang))
                        }
                    });
                    (
                        ratio,
                        verdict_text(c.verdict, &c.reason, c.smallest_n, lang),
                        verdict_class(c.verdict),
                    )
                }
            };
            Value::from(
                Obj::new()
                    .set("value", value)
                    .set("ci", ci)
                    .set("ratio", ratio)
                    .set("verdict", verdict)
                    .set("verdict_class", class),
            )
        })
        .collect();
    Obj::new()
        .set("group", g.group.as_str())
        .set("suppressed", false)
        .set("is_reference", is_ref)
        .set("n", format::count(g.n, lang))
        .set("labelled", format::count(g.labelled, lang))
        .set("cells", cells)
        .into()
}
