//! The public register site: loads manifests, stored records and each entry's history (log, reviews,
//! kept versions), builds view-models, renders the embedded tera templates (Dutch and English pages:
//! index, entry, entry history), and writes every file atomically.

pub mod view;

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::format::Lang;
use crate::manifest::load_model;
use crate::record::AuditRecord;
use crate::register::Register;
use crate::store::write_atomic;

/// The templates, embedded in the binary. Every name ends in `.html`, so tera 2 autoescapes them.
const TEMPLATES: [(&str, &str); 8] = [
    (
        "decision.html",
        include_str!("../../templates/decision.html"),
    ),
    ("base.html", include_str!("../../templates/base.html")),
    ("part.html", include_str!("../../templates/part.html")),
    ("model.html", include_str!("../../templates/model.html")),
    (
        "feedback.html",
        include_str!("../../templates/feedback.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    ("history.html", include_str!("../../templates/history.html")),
];

fn engine() -> Result<Tera> {
    let mut tera = Tera::new();
    tera.add_raw_templates(TEMPLATES)
        .map_err(|e| Error::Render {
            template: "(loading)".into(),
            message: e.to_string(),
        })?;
    Ok(tera)
}

fn render(tera: &Tera, template: &str, ctx: view::Obj) -> Result<String> {
    let mut context = Context::new();
    if let Some(map) = Value::from(ctx).as_map() {
        for (k, v) in map {
            context.insert_value(k.to_string(), v.clone());
        }
    }
    tera.render(template, &context).map_err(|e| Error::Render {
        template: template.into(),
        message: format!("{e:?}"),
    })
}

/// Renders the site of `register` into `out`; returns the number of HTML pages written.
pub fn publish(register: &Register, out: &Path) -> Result<usize> {
    let tera = engine()?;
    let mut entries = Vec::new();
    for dir in register.model_dirs()? {
        let model = load_model(&dir)?;
        let record = register.load_record(&model.manifest.id)?;
        let decision = decision_input(register, &model.manifest.id)?;
        let history = history_input(register, &model.manifest.id, record.as_ref())?;
        entries.push((model, record, decision, history));
    }
    let mut pages = 0;
    for lang in Lang::ALL {
        let rows: Vec<Value> = entries
            .iter()
            .map(|(m, r, _, _)| view::index_row(&m.manifest, r.as_ref(), lang))
            .collect();
        let title = lang.pick("Algoritmeregister", "Algorithm register");
        let ctx = view::frame(lang, "index", title).set("entries", rows);
        write_atomic(
            &out.join(view::page_name("index", lang)),
            render(&tera, "index.html", ctx)?.as_bytes(),
        )?;
        pages += 1;
        for (m, r, d, h) in &entries {
            let history = view::history_stem(&m.manifest.id);
            let ctx = view::entry(&m.manifest, r.as_ref(), lang)
                .set("decision", view::decision::decision_view(d, lang))
                .set("history_href", view::page_name(&history, lang));
            write_atomic(
                &out.join(view::page_name(&m.manifest.id, lang)),
                render(&tera, "entry.html", ctx)?.as_bytes(),
            )?;
            let ctx = view::history_page(&m.manifest, r.as_ref(), h, lang, view::PUBLIC_MIN_ROWS);
            write_atomic(
                &out.join(view::page_name(&history, lang)),
                render(&tera, "history.html", ctx)?.as_bytes(),
            )?;
            pages += 2;
        }
    }
    for (m, r, _, _) in &entries {
        if let Some(r) = r {
            write_record_copy(out, &m.manifest.id, r)?;
        }
    }
    Ok(pages)
}

/// The entry's state, latest decision and the hash of its stored record, from its history.
fn decision_input(register: &Register, id: &str) -> Result<view::decision::DecisionInput> {
    let events = register.read_log(id)?;
    let reviewed_at = events
        .iter()
        .rev()
        .find(|e| e.event == "reviewed")
        .map(|e| e.at.clone());
    let current_audit = std::fs::read(register.record_path(id))
        .ok()
        .map(|b| crate::hash::sha256_hex(&b));
    // A record written before the entry had a log shows as audited, not as a draft.
    let state = match register.state(id)? {
        crate::history::State::Draft if current_audit.is_some() => crate::history::State::Audited,
        s => s,
    };
    let review = register.latest_review(id)?;
    let today = crate::register::log::utc_now();
    let re_review_due = state != crate::history::State::Retired
        && review
            .as_ref()
            .is_some_and(|r| r.re_review.as_str() <= &today[..10]);
    let head = events.last().map(|e| (e.seq, e.hash.clone()));
    Ok(view::decision::DecisionInput {
        head,
        state,
        re_review_due,
        review,
        reviewed_at,
        current_audit,
    })
}

/// The entry's log, the review of every `reviewed` event, and every version its `audited` events name
/// (with the manifest behind it), as far as they were kept. `current` is the stored record.
fn history_input(
    register: &Register,
    id: &str,
    current: Option<&AuditRecord>,
) -> Result<view::HistoryInput> {
    let events = register.read_log(id)?;
    let mut reviews = BTreeMap::new();
    for e in events.iter().filter(|e| e.event == "reviewed") {
        if let Some(r) = register.read_review(e)? {
            reviews.insert(e.seq, r);
        }
    }
    let current_sha = std::fs::read(register.record_path(id))
        .ok()
        .map(|b| crate::hash::sha256_hex(&b));
    let mut versions = BTreeMap::new();
    let audited = events
        .iter()
        .filter(|e| e.event == "audited")
        .filter_map(|e| e.content_sha256.as_deref());
    for sha in audited {
        if versions.contains_key(sha) {
            continue;
        }
        let record = match current {
            Some(r) if current_sha.as_deref() == Some(sha) => Some(r.clone()),
            _ => register.load_version(id, sha)?,
        };
        let manifest = match record.as_ref().and_then(|r| r.inputs.manifest.as_ref()) {
            Some(m) => register.load_version_manifest(id, &m.sha256)?,
            None => None,
        };
        versions.insert(sha.to_string(), view::Version { record, manifest });
    }
    Ok(view::HistoryInput {
        events,
        reviews,
        versions,
        current: current.and(current_sha),
    })
}

fn write_record_copy(out: &Path, id: &str, record: &AuditRecord) -> Result<()> {
    write_atomic(
        &out.join("records").join(format!("{id}.json")),
        record.to_json().as_bytes(),
    )
}
