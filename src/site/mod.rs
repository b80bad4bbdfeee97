//! The public register site: loads manifests and stored records, builds view-models, renders the
//! embedded tera templates (Dutch and English pages), and writes every file atomically.

pub mod view;

use std::path::Path;

use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::format::Lang;
use crate::manifest::load_model;
use crate::record::AuditRecord;
use crate::register::Register;
use crate::store::write_atomic;

/// The templates, embedded in the binary. Every name ends in `.html`, so tera 2 autoescapes them.
const TEMPLATES: [(&str, &str); 9] = [
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
    ("charts.html", include_str!("../../templates/charts.html")),
    ("map.html", include_str!("../../templates/map.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
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
        entries.push((model, record, decision));
    }
    let mut pages = 0;
    for lang in Lang::ALL {
        let rows: Vec<Value> = entries
            .iter()
            .map(|(m, r, _)| view::index_row(&m.manifest, r.as_ref(), lang))
            .collect();
        let title = lang.pick("Algoritmeregister", "Algorithm register");
        let ctx = view::frame(lang, "index", title).set("entries", rows);
        write_atomic(
            &out.join(view::page_name("index", lang)),
            render(&tera, "index.html", ctx)?.as_bytes(),
        )?;
        pages += 1;
        for (m, r, d) in &entries {
            let ctx = view::entry(&m.manifest, r.as_ref(), lang)
                .set("decision", view::decision::decision_view(d, lang));
            write_atomic(
                &out.join(view::page_name(&m.manifest.id, lang)),
                render(&tera, "entry.html", ctx)?.as_bytes(),
            )?;
            pages += 1;
        }
    }
    for (m, r, _) in &entries {
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

fn write_record_copy(out: &Path, id: &str, record: &AuditRecord) -> Result<()> {
    write_atomic(
        &out.join("records").join(format!("{id}.json")),
        record.to_json().as_bytes(),
    )
}
