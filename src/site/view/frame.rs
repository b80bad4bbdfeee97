//! The page frame every template gets: language, page names, the language switch, and the fixed UI
//! words of the site in Dutch and English.

use std::collections::BTreeMap;

use tera::Value;

use super::cell::{Obj, suppressed_text};
use crate::format::Lang;

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

/// The fixed words of the site: (key, Dutch, English).
const WORDS: &[(&str, &str, &str)] = &[
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
    ("uncertain_heading", "Hoe onzeker?", "How uncertain?"),
    (
        "methods_summary",
        "De methoden precies (in het Engels, zoals in het toetsingsverslag)",
        "The methods exactly (as in the audit record)",
    ),
    ("skip", "Naar de inhoud", "Skip to content"),
];

fn ui(lang: Lang) -> Value {
    let mut map: BTreeMap<&str, Value> = WORDS
        .iter()
        .map(|(k, nl, en)| (*k, Value::from(lang.pick(nl, en))))
        .collect();
    map.insert("suppressed", Value::from(suppressed_text(false, lang)));
    Value::from(map)
}
