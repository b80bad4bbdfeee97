//! The register's index pages: the table of all entries, the filter pages that work without
//! JavaScript (one pre-rendered page per value of status, theme, organisation, category and audit
//! state), and the search-term page (every word of the entries' names, descriptions and search terms,
//! with the entries it occurs in). A small script (`assets/register.js`) filters as one types; without
//! it the search form leads to the search-term page.

use std::collections::BTreeMap;

use tera::Value;

use super::audit::audit_state;
use super::cell::Obj;
use super::fields::{category_text, localized, status_text};
use super::frame::{fill, frame, page_name, word};
use crate::format::{self, Lang};
use crate::manifest::Manifest;
use crate::record::AuditRecord;

/// What the index knows of one entry.
pub struct IndexEntry<'a> {
    pub manifest: &'a Manifest,
    pub record: Option<&'a AuditRecord>,
    /// Date (UTC, `YYYY-MM-DD`) of the latest committee review, if any.
    pub reviewed: Option<String>,
}

/// The facets one can filter on: (key, Dutch label, English label).
const FACETS: [(&str, &str, &str); 5] = [
    ("status", "Status", "Status"),
    ("theme", "Thema", "Theme"),
    ("organisation", "Organisatie", "Organisation"),
    ("category", "Categorie", "Category"),
    ("audit", "Toetsing", "Audit"),
];

/// The value of a facet for an entry, in the page's language.
fn facet_value(facet: &str, e: &IndexEntry, lang: Lang) -> String {
    let r = &e.manifest.register;
    match facet {
        "status" => status_text(r.status, lang).to_string(),
        "theme" => r.theme.clone(),
        "organisation" => r.organization.clone(),
        "category" => category_text(r.publication_category, lang).to_string(),
        _ => match e.record {
            None => word("ix_audit_none", lang).to_string(),
            Some(rec) if rec.verdict.flagged => word("ix_audit_flagged", lang).to_string(),
            Some(_) => word("ix_audit_clean", lang).to_string(),
        },
    }
}

/// A file-name-safe form of a value: lower-case ASCII letters and digits, runs of others as `-`
/// ("Openbare orde en veiligheid" → "openbare-orde-en-veiligheid"; "Overheidsfinanciën" →
/// "overheidsfinanci-n").
pub fn slug(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "x".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The stem of a filter page. Facet values are slugged from their Dutch form, so the Dutch and English
/// page of one filter share a stem.
pub fn filter_stem(facet: &str, dutch_value: &str) -> String {
    format!("filter-{facet}-{}", slug(dutch_value))
}

fn row(e: &IndexEntry, lang: Lang) -> Value {
    let m = e.manifest;
    let en = m.register.en.clone().unwrap_or_default();
    let (name, _) = localized(&m.register.nl.name, en.name.as_ref(), lang);
    let (description, _) = localized(
        &m.register.nl.description_short,
        en.description_short.as_ref(),
        lang,
    );
    let (state, class) = audit_state(e.record, lang);
    let search = [
        name.as_str(),
        &description,
        &m.register.organization,
        &m.register.theme,
        m.register.tags.as_deref().unwrap_or(""),
        &m.id,
    ]
    .join(" ")
    .to_lowercase();
    Obj::new()
        .set("href", page_name(&m.id, lang))
        .set("name", name)
        .set("description", description)
        .set("organization", m.register.organization.as_str())
        .set("theme", m.register.theme.as_str())
        .set("status", status_text(m.register.status, lang))
        .set(
            "category",
            category_text(m.register.publication_category, lang),
        )
        .set("audit_state", state)
        .set("audit_class", class)
        .set("reviewed", e.reviewed.clone().unwrap_or_else(|| "—".into()))
        .set("search", search)
        .into()
}

/// The facet lists: per facet, every value with its number of entries and its filter page.
fn facets(entries: &[IndexEntry], lang: Lang, current: Option<(&str, &str)>) -> Vec<Value> {
    FACETS
        .iter()
        .map(|(key, nl, en)| {
            let mut values: BTreeMap<String, (String, u64)> = BTreeMap::new();
            for e in entries {
                let shown = facet_value(key, e, lang);
                let stem = filter_stem(key, &facet_value(key, e, Lang::Nl));
                values.entry(shown).or_insert((stem, 0)).1 += 1;
            }
            let values: Vec<Value> = values
                .into_iter()
                .map(|(value, (stem, n))| {
                    let here = current.is_some_and(|(f, v)| f == *key && v == value);
                    Obj::new()
                        .set("href", page_name(&stem, lang))
                        .set("value", value)
                        .set("count", format::count(n, lang))
                        .set("current", here)
                        .into()
                })
                .collect();
            Obj::new()
                .set("key", *key)
                .set("label", lang.pick(nl, en))
                .set("values", values)
                .into()
        })
        .collect()
}

/// One index page: all entries (`filter` = `None`) or those with one facet value. Returns the page's
/// stem and its view-model.
pub fn index_page(
    entries: &[IndexEntry],
    lang: Lang,
    filter: Option<(&str, &str)>,
) -> (String, Obj) {
    let shown: Vec<&IndexEntry> = entries
        .iter()
        .filter(|e| filter.is_none_or(|(f, v)| facet_value(f, e, Lang::Nl) == v))
        .collect();
    let (stem, heading, current) = match filter {
        None => ("index".to_string(), String::new(), None),
        Some((facet, dutch)) => {
            let shown_value = shown
                .first()
                .map_or_else(|| dutch.to_string(), |e| facet_value(facet, e, lang));
            let label = FACETS
                .iter()
                .find(|(k, _, _)| *k == facet)
                .map_or(facet, |(_, nl, en)| lang.pick(nl, en));
            (
                filter_stem(facet, dutch),
                fill(
                    "ix_filtered",
                    lang,
                    &[("facet", label), ("value", &shown_value)],
                ),
                Some((facet, shown_value)),
            )
        }
    };
    let rows: Vec<Value> = shown.iter().map(|e| row(e, lang)).collect();
    let total = format::count(entries.len() as u64, lang);
    let count = fill(
        "ix_showing",
        lang,
        &[
            ("n", &format::count(rows.len() as u64, lang)),
            ("total", &total),
        ],
    );
    let title = if heading.is_empty() {
        word("site_title", lang).to_string()
    } else {
        heading.clone()
    };
    let o = frame(lang, &stem, &title)
        .set("filtered", heading)
        .set("entries", rows)
        .set("count", count)
        .set(
            "count_template",
            fill("ix_showing", lang, &[("total", &total)]),
        )
        .set(
            "facets",
            facets(
                entries,
                lang,
                current.as_ref().map(|(f, v)| (*f, v.as_str())),
            ),
        )
        .set("search_href", page_name("search", lang))
        .set("csv_href", "export/register.csv");
    (stem, o)
}

/// Every (facet, Dutch value) that has a filter page.
pub fn filters(entries: &[IndexEntry]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (key, _, _) in FACETS {
        for e in entries {
            let v = facet_value(key, e, Lang::Nl);
            if !out.iter().any(|(k, x)| *k == key && *x == v) {
                out.push((key, v));
            }
        }
    }
    out
}

/// The search-term page: every word of three or more letters from the entries' names, short
/// descriptions, organisations, themes and search terms, A–Z, with links to the entries.
pub fn search_page(entries: &[IndexEntry], lang: Lang) -> Obj {
    let mut words: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for e in entries {
        let m = e.manifest;
        let en = m.register.en.clone().unwrap_or_default();
        let (name, _) = localized(&m.register.nl.name, en.name.as_ref(), lang);
        let (description, _) = localized(
            &m.register.nl.description_short,
            en.description_short.as_ref(),
            lang,
        );
        let text = [
            name.as_str(),
            &description,
            &m.register.organization,
            &m.register.theme,
            m.register.tags.as_deref().unwrap_or(""),
        ]
        .join(" ");
        for w in text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .map(|w| w.trim_matches('-').to_lowercase())
            .filter(|w| w.chars().count() >= 3)
        {
            let list = words.entry(w).or_default();
            if !list.iter().any(|(href, _)| *href == page_name(&m.id, lang)) {
                list.push((page_name(&m.id, lang), name.clone()));
            }
        }
    }
    let items: Vec<Value> = words
        .into_iter()
        .map(|(w, list)| {
            let links: Vec<Value> = list
                .into_iter()
                .map(|(href, name)| Obj::new().set("href", href).set("name", name).into())
                .collect();
            Obj::new()
                .set("search", w.clone())
                .set("word", w)
                .set("entries", links)
                .into()
        })
        .collect();
    frame(lang, "search", word("ix_keywords", lang))
        .set("words", items)
        .set("index_search", page_name("index", lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_name_safe() {
        assert_eq!(
            slug("Openbare orde en veiligheid"),
            "openbare-orde-en-veiligheid"
        );
        assert_eq!(slug("Overheidsfinanciën"), "overheidsfinanci-n");
        assert_eq!(slug("../etc/passwd"), "etc-passwd");
        assert_eq!(slug("“”"), "x");
    }
}
