//! The public register site: loads manifests and stored records, builds view-models, renders the
//! embedded tera templates (Dutch and English pages), and writes every file atomically.

pub mod export;
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
use view::index::{self, IndexEntry};
use view::report::Edition;

/// The templates, embedded in the binary. Every name ends in `.html`, so tera 2 autoescapes them.
/// Static files of the site: the style sheet and the script that filters the index as one types
/// (the pages work without it).
const ASSETS: [(&str, &str); 2] = [
    ("site.css", include_str!("../../templates/assets/site.css")),
    (
        "register.js",
        include_str!("../../templates/assets/register.js"),
    ),
];

const TEMPLATES: [(&str, &str); 13] = [
    ("charts.html", include_str!("../../templates/charts.html")),
    ("map.html", include_str!("../../templates/map.html")),
    ("history.html", include_str!("../../templates/history.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "audit_sections.html",
        include_str!("../../templates/audit_sections.html"),
    ),
    ("report.html", include_str!("../../templates/report.html")),
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

/// How to publish: the site's public address and where the committee's edition goes.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// The site's public address (`https://…`); the Algoritmeregister export's `url` then links to
    /// each entry's page there. Without it, `url` is left out.
    pub base_url: Option<String>,
    /// Where to write the ethics committee's edition of every audit report (nothing withheld) and the
    /// full audit records; it must lie outside the public site.
    pub committee: Option<std::path::PathBuf>,
}

/// Renders the public site of `register` into `out` (and, with `committee`, the committee's edition of
/// the audit reports there); returns the number of public HTML pages written.
pub fn publish(register: &Register, out: &Path, committee: Option<&Path>) -> Result<usize> {
    let options = PublishOptions {
        committee: committee.map(Path::to_path_buf),
        ..Default::default()
    };
    publish_with(register, out, &options)
}

/// Renders the site of `register` into `out`: index, filter and search-term pages, each entry's page,
/// audit report and history, and under `export/` each entry's Algoritmeregister entry and model card
/// and the CSV of all entries. Every export is built (and the Algoritmeregister entries validated)
/// before anything is written, so a refusal leaves the site as it was. Groups below each record's
/// policy threshold (`suppress_below`) are withheld from every public page and export. Returns the
/// number of public HTML pages written.
pub fn publish_with(register: &Register, out: &Path, options: &PublishOptions) -> Result<usize> {
    let committee = options.committee.as_deref();
    if let Some(c) = committee {
        check_apart(out, c)?;
    }
    let tera = engine()?;
    let mut entries = Vec::new();
    for dir in register.model_dirs()? {
        let model = load_model(&dir)?;
        let record = register.load_record(&model.manifest.id)?;
        let decision = decision_input(register, &model.manifest.id)?;
        let history = history_input(register, &model.manifest.id, record.as_ref())?;
        entries.push((model, record, decision, history));
    }
    let export_entries: Vec<export::ExportEntry> = entries
        .iter()
        .map(|(m, r, d, _)| export::ExportEntry {
            manifest: &m.manifest,
            record: r.as_ref(),
            record_sha256: d.current_audit.as_deref(),
            reviewed_on: d.reviewed_at.as_deref().and_then(|at| at.get(..10)),
            state: d.state,
        })
        .collect();
    let exports = export::build_all(&export_entries, options.base_url.as_deref())?;
    let index: Vec<IndexEntry> = entries
        .iter()
        .map(|(m, r, d, _)| IndexEntry {
            manifest: &m.manifest,
            record: r.as_ref(),
            reviewed: d
                .reviewed_at
                .as_ref()
                .map(|at| at[..10.min(at.len())].to_string()),
        })
        .collect();
    for (name, bytes) in ASSETS {
        write_atomic(&out.join("assets").join(name), bytes.as_bytes())?;
    }
    let mut pages = 0;
    for lang in Lang::ALL {
        let filters = index::filters(&index);
        let all = std::iter::once(None).chain(filters.iter().map(|(f, v)| Some((*f, v.as_str()))));
        for filter in all {
            let (stem, ctx) = index::index_page(&index, lang, filter);
            write_atomic(
                &out.join(view::page_name(&stem, lang)),
                render(&tera, "index.html", ctx)?.as_bytes(),
            )?;
            pages += 1;
        }
        write_atomic(
            &out.join(view::page_name("search", lang)),
            render(&tera, "search.html", index::search_page(&index, lang))?.as_bytes(),
        )?;
        pages += 1;
        for (m, r, d, h) in &entries {
            let history = view::history_stem(&m.manifest.id);
            let ctx = view::entry(&m.manifest, r.as_ref(), lang)
                .set("decision", view::decision::decision_view(d, lang))
                .set("history_href", view::page_name(&history, lang))
                .set("exports", export::links(&m.manifest.id));
            write_atomic(
                &out.join(view::page_name(&m.manifest.id, lang)),
                render(&tera, "entry.html", ctx)?.as_bytes(),
            )?;
            let min_rows = r
                .as_ref()
                .map_or(view::PUBLIC_MIN_ROWS, |r| r.policy.suppress_below);
            let ctx = view::history_page(&m.manifest, r.as_ref(), h, lang, min_rows);
            write_atomic(
                &out.join(view::page_name(&history, lang)),
                render(&tera, "history.html", ctx)?.as_bytes(),
            )?;
            pages += 2;
        }
    }
    for (m, r, _, _) in &entries {
        let Some(r) = r else { continue };
        let id = &m.manifest.id;
        // The hash of the stored file, as `sha256sum` shows it (not of a re-serialization).
        let record_path = register.record_path(id);
        let stored = std::fs::read(&record_path)
            .map_err(|e| Error::io(&record_path, "reading the audit record", e))?;
        let sha = crate::hash::sha256_hex(&stored);
        for lang in Lang::ALL {
            let stem = format!("{id}.report");
            let ctx = view::report::report(&m.manifest, r, &sha, lang, Edition::Public);
            write_atomic(
                &out.join(view::page_name(&stem, lang)),
                render(&tera, "report.html", ctx)?.as_bytes(),
            )?;
            pages += 1;
            if let Some(c) = committee {
                let ctx = view::report::report(&m.manifest, r, &sha, lang, Edition::Committee);
                write_atomic(
                    &c.join(view::page_name(&stem, lang)),
                    render(&tera, "report.html", ctx)?.as_bytes(),
                )?;
            }
        }
        if let Some(c) = committee {
            write_record_copy(c, id, r)?;
        }
    }
    for file in &exports {
        write_atomic(&out.join(&file.path), &file.bytes)?;
    }
    for (m, _, _, _) in &entries {
        remove_old_record_copy(out, &m.manifest.id)?;
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

/// The committee's folder must not be inside the public site (it would be published with it), nor the
/// other way round.
fn check_apart(public: &Path, committee: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, c) = (abs(public), abs(committee));
    if c.starts_with(&p) || p.starts_with(&c) {
        return Err(Error::Apart {
            public: public.to_path_buf(),
            committee: committee.to_path_buf(),
        });
    }
    Ok(())
}

fn write_record_copy(out: &Path, id: &str, record: &AuditRecord) -> Result<()> {
    write_atomic(
        &out.join("records").join(format!("{id}.json")),
        record.to_json().as_bytes(),
    )
}

/// Earlier versions published the raw audit record as `records/<id>.json`; it holds the numbers of
/// groups below the suppression minimum, so a copy left in the site folder is removed.
fn remove_old_record_copy(out: &Path, id: &str) -> Result<()> {
    let dir = out.join("records");
    let path = dir.join(format!("{id}.json"));
    match std::fs::remove_file(&path) {
        Ok(()) => {
            // Only when nothing else is in it.
            let _ = std::fs::remove_dir(&dir);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(&path, "removing the old public record copy", e)),
    }
}
