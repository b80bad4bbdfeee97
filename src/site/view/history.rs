//! The history page of an entry (`<id>.history.html`): a timeline of its log, newest first — date,
//! step, who and role, the note, the version it concerns — with, for every audit, what changed against
//! the version before (`history::diff`), and for every review the decision and its conditions; then the
//! chain's head and how to verify it. The register loads the log, reviews and kept versions; this only
//! formats them. No finding about a group of fewer than `min_rows` rows is shown, nor counted.

use std::collections::BTreeMap;

use tera::Value;

use super::audit::{audit_state, finding_is_shown};
use super::cell::Obj;
use super::decision::decision_word;
use super::frame::{fill, frame, page_name, word};
use crate::format::{self, Lang};
use crate::history::diff::{Changes, FlagChange, Setting, changes};
use crate::manifest::Manifest;
use crate::record::AuditRecord;
use crate::record::history::{Event, Review};

/// A version of the entry's audit record as the register kept it.
#[derive(Debug, Clone, Default)]
pub struct Version {
    /// `None` when it was not kept (audited before algoreg kept versions) or cannot be read.
    pub record: Option<AuditRecord>,
    /// The manifest that produced it, when kept.
    pub manifest: Option<Manifest>,
}

/// What the register knows of an entry's history.
#[derive(Debug, Clone, Default)]
pub struct HistoryInput {
    /// The checked log, oldest first.
    pub events: Vec<Event>,
    /// The review of each `reviewed` event, by the event's `seq`.
    pub reviews: BTreeMap<u64, Review>,
    /// The versions the `audited` events name, by their SHA-256.
    pub versions: BTreeMap<String, Version>,
    /// The SHA-256 of the stored audit record, if there is one.
    pub current: Option<String>,
}

/// The page stem of an entry's history: `page_name(&history_stem(id), lang)`.
pub fn history_stem(id: &str) -> String {
    format!("{id}.history")
}

/// The history page's view-model; `record` is the stored audit record (the entry page's).
pub fn history_page(
    m: &Manifest,
    record: Option<&AuditRecord>,
    h: &HistoryInput,
    lang: Lang,
    min_rows: u64,
) -> Obj {
    let en_name = m.register.en.as_ref().and_then(|e| e.name.as_deref());
    let name = match (lang, en_name) {
        (Lang::En, Some(n)) => n,
        _ => m.register.nl.name.as_str(),
    };
    let title = fill("hi_title", lang, &[("name", name)]);
    let entry_href = page_name(&m.id, lang);
    let o = frame(lang, &history_stem(&m.id), &title)
        .set("heading", title.as_str())
        .set("entry_href", entry_href.as_str())
        .set("verify_command", format!("algoreg verify {}", m.id));
    let Some(head) = h.events.last() else {
        // No log yet: the stored record (if any) is version 1.
        let rows: Vec<Value> = match (record, &h.current) {
            (Some(_), Some(sha)) => vec![
                with_version(
                    Obj::new()
                        .set("date", word("hi_unknown_date", lang))
                        .set("event", word("hi_ev_audited", lang))
                        .set("who", "")
                        .set("role", "")
                        .set("what", word("hi_stored", lang)),
                    Some(sha),
                    &numbers_of(&[sha]),
                    h,
                    &entry_href,
                    lang,
                )
                .set("note", word("hi_first", lang))
                .set("changes", Vec::<Value>::new())
                .set("decision", "")
                .set("conditions", Vec::<Value>::new())
                .into(),
            ],
            _ => Vec::new(),
        };
        let not_audited = if rows.is_empty() {
            word("hi_not_audited", lang)
        } else {
            ""
        };
        return o
            .set("not_audited", not_audited)
            .set(
                "no_steps",
                if rows.is_empty() {
                    ""
                } else {
                    word("hi_no_steps", lang)
                },
            )
            .set("rows", rows)
            .set("head", "")
            .set("head_line", "");
    };
    let audited: Vec<&str> = h
        .events
        .iter()
        .filter(|e| e.event == "audited")
        .filter_map(|e| e.content_sha256.as_deref())
        .collect();
    let numbers = numbers_of(&audited);
    let mut rows = Vec::new();
    // The version current at each step, in log order.
    let mut now: Option<&str> = None;
    for e in &h.events {
        let mut row = Obj::new()
            .set("date", date(&e.at))
            .set("event", event_words(&e.event, lang))
            .set("who", e.who.as_str())
            .set("role", e.role.as_str())
            .set("what", what_words(&e.what, lang))
            .set("note", "")
            .set("changes", Vec::<Value>::new())
            .set("decision", "")
            .set("conditions", Vec::<Value>::new());
        match e.event.as_str() {
            "audited" => {
                let before = std::mem::replace(&mut now, e.content_sha256.as_deref());
                row = with_version(row, now, &numbers, h, &entry_href, lang);
                row = match before {
                    None => row.set("note", word("hi_first", lang)),
                    Some(b) => {
                        let (note, items) = what_changed(h, b, now, lang, min_rows);
                        row.set("note", note).set("changes", items)
                    }
                };
            }
            "reviewed" => {
                let review = h.reviews.get(&e.seq);
                let judged = review.map(|r| r.audit_sha256.as_str()).or(now);
                row = with_version(row, judged, &numbers, h, &entry_href, lang).set("what", "");
                if let Some(r) = review {
                    row = review_cells(row, r, lang);
                } else {
                    let decision = word(decision_word(&e.what), lang);
                    row = row.set(
                        "decision",
                        fill("hi_decision", lang, &[("decision", decision)]),
                    );
                }
            }
            _ => row = with_version(row, now, &numbers, h, &entry_href, lang),
        }
        rows.push(Value::from(row));
    }
    rows.reverse();
    o.set("not_audited", "")
        .set("no_steps", "")
        .set("rows", rows)
        .set("head", head.hash.as_str())
        .set(
            "head_line",
            fill("hi_head", lang, &[("n", &format::count(head.seq, lang))]),
        )
}

/// Version numbers by SHA-256, in order of first appearance (a record audited again keeps its number).
fn numbers_of(shas: &[&str]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for s in shas {
        let n = out.len() + 1;
        out.entry(s.to_string()).or_insert(n);
    }
    out
}

/// The row with `version` ("versie 2"), `version_hash` (the first 12 hex digits), `version_full`,
/// and `version_href` and `version_title` (the entry page, when it is the stored record); all empty
/// without a version.
fn with_version(
    row: Obj,
    sha: Option<&str>,
    numbers: &BTreeMap<String, usize>,
    h: &HistoryInput,
    entry_href: &str,
    lang: Lang,
) -> Obj {
    let label = sha
        .and_then(|s| numbers.get(s))
        .map(|n| fill("hi_version", lang, &[("n", &n.to_string())]))
        .unwrap_or_default();
    let current = sha.is_some() && sha == h.current.as_deref();
    row.set("version", label)
        .set("version_hash", sha.map_or("", short))
        .set("version_full", sha.unwrap_or(""))
        .set("version_href", if current { entry_href } else { "" })
        .set(
            "version_title",
            if current {
                word("hi_version_current", lang)
            } else {
                ""
            },
        )
}

/// `2026-11-22T10:00:00Z` → `2026-11-22 10:00`.
fn date(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => at.to_string(),
    }
}

fn event_words(event: &str, lang: Lang) -> String {
    let key = match event {
        "audited" => "hi_ev_audited",
        "submitted" => "hi_ev_submitted",
        "reviewed" => "hi_ev_reviewed",
        "published" => "hi_ev_published",
        "retired" => "hi_ev_retired",
        "corrected" => "hi_ev_corrected",
        other => return other.to_string(),
    };
    word(key, lang).to_string()
}

/// An event's note in the page's language when it is one of algoreg's own; else as it was written.
fn what_words(what: &str, lang: Lang) -> String {
    let key = match what {
        "audit record written" => "hi_what_audited",
        "submitted for review" => "hi_what_submitted",
        "public register site written" => "hi_what_published",
        other => return other.to_string(),
    };
    word(key, lang).to_string()
}

fn review_cells(row: Obj, r: &Review, lang: Lang) -> Obj {
    let decision = word(decision_word(&r.decision), lang);
    let conditions: Vec<Value> = r
        .conditions
        .iter()
        .map(|c| {
            Obj::new()
                .set("text", c.text.as_str())
                .set("due", fill("d_due", lang, &[("date", &c.due)]))
                .into()
        })
        .collect();
    row.set(
        "decision",
        fill("hi_decision", lang, &[("decision", decision)]),
    )
    .set("conditions", conditions)
}

/// One line of the "what changed" list: words, a name shown as code, the words right after it (their
/// own leading space or colon included), and a longer text (shown folded) with its language when it
/// differs from the page's.
fn item(before: &str, code: &str, after: &str) -> Obj {
    Obj::new()
        .set("before", before)
        .set("code", code)
        .set("after", after)
        .set("detail", "")
        .set("detail_label", "")
        .set("detail_lang", "")
}

/// The note and the list of what changed from version `before` to `now`.
fn what_changed(
    h: &HistoryInput,
    before: &str,
    now: Option<&str>,
    lang: Lang,
    min_rows: u64,
) -> (&'static str, Vec<Value>) {
    let version = |sha: &str| h.versions.get(sha);
    let (Some(old), Some(new)) = (version(before), now.and_then(version)) else {
        return (word("hi_not_kept", lang), Vec::new());
    };
    let (Some(old_rec), Some(new_rec)) = (&old.record, &new.record) else {
        return (word("hi_not_kept", lang), Vec::new());
    };
    let manifests = old.manifest.as_ref().zip(new.manifest.as_ref());
    let c = changes(old_rec, new_rec, manifests);
    let note = if c.texts.is_none() {
        word("hi_texts_unknown", lang)
    } else if c.inputs.is_empty()
        && c.policy.is_empty()
        && c.texts.as_ref().is_some_and(Vec::is_empty)
    {
        word("hi_same_inputs", lang)
    } else {
        ""
    };
    (note, change_items(&c, old_rec, new_rec, lang, min_rows))
}

fn short(sha: &str) -> &str {
    &sha[..12.min(sha.len())]
}

fn change_items(
    c: &Changes,
    old: &AuditRecord,
    new: &AuditRecord,
    lang: Lang,
    min_rows: u64,
) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    if let Some((b, a)) = c.tool {
        out.push(item(word("hi_tool", lang), "", &format!(": {b} → {a}")).into());
    }
    for i in &c.inputs {
        let what = match (i.before, i.after) {
            (Some(b), Some(a)) => fill(
                "hi_input_changed",
                lang,
                &[("before", short(b)), ("after", short(a))],
            ),
            (None, Some(a)) => fill("hi_input_new", lang, &[("after", short(a))]),
            _ => word("hi_input_gone", lang).to_string(),
        };
        out.push(item(word("hi_input", lang), i.path, &format!(": {what}")).into());
    }
    for s in &c.policy {
        let what = format!(
            ": {} → {}",
            setting_text(&s.before, lang),
            setting_text(&s.after, lang)
        );
        out.push(item(word("hi_setting", lang), &s.name, &what).into());
    }
    for t in c.texts.iter().flatten() {
        let chars = |s: &Option<String>| {
            format::count(s.as_deref().map_or(0, |s| s.chars().count()) as u64, lang)
        };
        let length = fill(
            "hi_text_length",
            lang,
            &[("before", &chars(&t.before)), ("after", &chars(&t.after))],
        );
        let (label, what) = match t.lang {
            Some(l) => (
                word("hi_text", lang),
                format!(" ({}): {length}", l.to_uppercase()),
            ),
            None => (word("hi_field", lang), format!(": {length}")),
        };
        let mut it = item(label, &t.field, &what);
        it = match &t.after {
            Some(text) => it
                .set("detail", text.as_str())
                .set("detail_label", word("hi_text_new", lang))
                .set(
                    "detail_lang",
                    t.lang.filter(|l| *l != lang.code()).unwrap_or(""),
                ),
            None => it.set(
                "after",
                format!("{what} ({})", word("hi_text_removed", lang)),
            ),
        };
        out.push(it.into());
    }
    for t in c.tables.iter().flatten() {
        let what = format!(": {}", word("hi_table_changed", lang));
        out.push(item(word("hi_table", lang), &format!("[{t}]"), &what).into());
    }
    let text = |f: &crate::record::Finding| lang.pick(&f.text_nl, &f.text_en).to_string();
    for f in c
        .added
        .iter()
        .filter(|f| finding_is_shown(new, f, min_rows))
    {
        out.push(item(word("hi_added", lang), "", &format!(" {}", text(f))).into());
    }
    for f in c
        .removed
        .iter()
        .filter(|f| finding_is_shown(old, f, min_rows))
    {
        out.push(item(word("hi_removed", lang), "", &format!(" {}", text(f))).into());
    }
    let (b, a) = (
        audit_state(Some(old), lang).0,
        audit_state(Some(new), lang).0,
    );
    out.push(item(word("hi_verdict", lang), "", &format!(" {b} → {a}")).into());
    let flags = c
        .flags
        .iter()
        .filter(|g| flag_is_public(g, old, new, min_rows))
        .count() as u64;
    out.push(
        item(
            &fill("hi_flags", lang, &[("n", &format::count(flags, lang))]),
            "",
            "",
        )
        .into(),
    );
    out
}

/// A group whose flagged state changed is counted only when every finding it has, in the version
/// where it has them, may stand on a public page: the count never reveals a small group.
fn flag_is_public(g: &FlagChange, old: &AuditRecord, new: &AuditRecord, min_rows: u64) -> bool {
    let rec = if g.after { new } else { old };
    rec.findings
        .iter()
        .filter(|f| f.audit == g.audit && f.attribute == g.attribute && f.group == g.group)
        .all(|f| finding_is_shown(rec, f, min_rows))
}

/// A policy setting's value in the page's language: numbers with its decimal sign, lists joined.
fn setting_text(s: &Setting, lang: Lang) -> String {
    match s {
        Setting::Absent => word("hi_absent", lang).to_string(),
        Setting::Whole(n) => n.to_string(),
        Setting::Number(x) => {
            let t = format!("{x}");
            match lang {
                Lang::Nl => t.replace('.', ","),
                Lang::En => t,
            }
        }
        Setting::Text(t) => t.clone(),
        Setting::List(items) => {
            let parts: Vec<String> = items.iter().map(|i| setting_text(i, lang)).collect();
            parts.join(lang.pick("; ", ", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::GENESIS;
    use crate::record::history::EVENT_SCHEMA_VERSION;

    fn shipped() -> (AuditRecord, Manifest) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("audits/foundation-risk-zaandam/audit.json");
        let record =
            AuditRecord::from_json(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        let path = root.join("models/foundation-risk-zaandam/model.toml");
        let manifest = Manifest::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        (record, manifest)
    }

    fn audited(seq: u64, sha: &str) -> Event {
        Event {
            schema_version: EVENT_SCHEMA_VERSION,
            seq,
            event: "audited".into(),
            at: "2026-11-22T10:00:00Z".into(),
            who: "algoreg".into(),
            role: "audit run".into(),
            what: "audit record written".into(),
            content_path: Some("audits/x/audit.json".into()),
            content_sha256: Some(sha.into()),
            prev: GENESIS.into(),
            hash: "cd".repeat(32),
        }
    }

    fn text(o: Obj) -> String {
        Value::from(o).to_string()
    }

    #[test]
    fn an_entry_without_a_log_shows_its_record_as_version_one() {
        let (r, m) = shipped();
        let h = HistoryInput {
            current: Some("ab".repeat(32)),
            ..HistoryInput::default()
        };
        let page = text(history_page(&m, Some(&r), &h, Lang::En, 10));
        assert!(page.contains("version 1"), "{page}");
        assert!(page.contains(word("hi_no_steps", Lang::En)));
        assert!(page.contains("abababababab"));
        let none = text(history_page(
            &m,
            None,
            &HistoryInput::default(),
            Lang::Nl,
            10,
        ));
        assert!(none.contains(word("hi_not_audited", Lang::Nl)));
    }

    #[test]
    fn a_finding_about_a_small_group_is_neither_shown_nor_counted() {
        let (old, m) = shipped();
        let mut new = old.clone();
        // A new group of 5 rows in the first subgroup attribute, with a finding of its own.
        let attr = &mut new.subgroup.attributes[0];
        let mut small = attr.groups[0].clone();
        small.group = "Kleindorp".into();
        small.n = 5;
        attr.groups.push(small);
        let mut finding = new
            .findings
            .iter()
            .find(|f| f.audit == "subgroup")
            .expect("a subgroup finding")
            .clone();
        finding.attribute = attr.attribute.clone();
        finding.group = "Kleindorp".into();
        finding.text_en = "SMALL GROUP FINDING".into();
        new.findings.push(finding);
        let (a, b) = ("aa".repeat(32), "bb".repeat(32));
        let version = |r: &AuditRecord| Version {
            record: Some(r.clone()),
            manifest: Some(m.clone()),
        };
        let h = HistoryInput {
            events: vec![audited(1, &a), audited(2, &b)],
            reviews: BTreeMap::new(),
            versions: [(a.clone(), version(&old)), (b.clone(), version(&new))].into(),
            current: Some(b.clone()),
        };
        let page = text(history_page(&m, Some(&new), &h, Lang::En, 10));
        assert!(!page.contains("SMALL GROUP FINDING"), "{page}");
        assert!(!page.contains("Kleindorp"));
        assert!(page.contains(&fill("hi_flags", Lang::En, &[("n", "0")])));
        // The minimum is a parameter: with 5 the group may be shown, and is.
        let page = text(history_page(&m, Some(&new), &h, Lang::En, 5));
        assert!(page.contains("SMALL GROUP FINDING"));
        assert!(page.contains(&fill("hi_flags", Lang::En, &[("n", "1")])));
    }
}
