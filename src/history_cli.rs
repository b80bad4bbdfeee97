//! The binary's history commands: submit, review, retire, correct, verify and status (clap structs and
//! printing; the work is in `algoreg::register::{log, review, verify}`).

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use algoreg::register::Register;
use algoreg::register::log::{Actor, utc_now};

/// Who records an event: `--by` and `--role` (the log's `who` and `role`).
#[derive(Debug, Args)]
pub struct EventArgs {
    /// The entry (its model folder's name).
    pub model_id: String,
    /// Who records the event (a name).
    #[arg(long)]
    pub by: String,
    /// Their role (e.g. "secretaris ethische commissie", "data scientist").
    #[arg(long)]
    pub role: String,
    /// What happened, in a few words (for retire and correct: the reason or the correction).
    #[arg(long, default_value = "")]
    pub note: String,
    /// The register folder (holding models/ and audits/).
    #[arg(long, default_value = ".")]
    pub register: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub event: EventArgs,
    /// The decision file (TOML: decision, audit_sha256, reasoning, re_review, members, conditions,
    /// dissent).
    #[arg(long)]
    pub file: PathBuf,
}

/// The id names an entry of the register: lower-case letters, digits and dashes, with a manifest.
fn check_entry(register: &Register, id: &str) -> anyhow::Result<()> {
    let id_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        bail!("`{id}` is not an entry id (lower-case letters, digits and dashes)");
    }
    if !register.models_dir().join(id).join("model.toml").is_file() {
        bail!(
            "{}: no entry `{id}` (no {}/{id}/model.toml)",
            register.root.display(),
            register.models_dir().display()
        );
    }
    Ok(())
}

impl EventArgs {
    /// The register and the actor, after checking the entry exists and the texts are not empty.
    fn validated(&self) -> anyhow::Result<(Register, Actor)> {
        let register = Register::new(&self.register);
        check_entry(&register, &self.model_id)?;
        if self.by.trim().is_empty() || self.role.trim().is_empty() {
            bail!("--by and --role must name who records the event and in which role");
        }
        Ok((register, Actor::now(self.by.trim(), self.role.trim())))
    }
}

/// Records a simple event (`submitted`, `retired`, `corrected`).
pub fn event(kind: &str, args: &EventArgs) -> anyhow::Result<i32> {
    let (register, actor) = args.validated()?;
    if kind != "submitted" && args.note.trim().is_empty() {
        bail!("--note: say why the entry is {kind}");
    }
    let what = if args.note.trim().is_empty() {
        "submitted for review".to_string()
    } else {
        args.note.trim().to_string()
    };
    let e = register.append(&args.model_id, kind, &what, &actor, None)?;
    println!(
        "{}: event {} `{kind}` recorded; the entry is now {}",
        args.model_id,
        e.seq,
        register.state(&args.model_id)?.as_str()
    );
    Ok(0)
}

pub fn review(args: &ReviewArgs) -> anyhow::Result<i32> {
    let (register, actor) = args.event.validated()?;
    let (review, e) = register.review(&args.event.model_id, &args.file, &actor)?;
    println!(
        "{}: decision `{}` recorded as event {} ({}), based on audit record {}; re-review by {}",
        args.event.model_id,
        review.decision,
        e.seq,
        e.content_path.as_deref().unwrap_or(""),
        review.audit_sha256,
        review.re_review
    );
    for c in &review.conditions {
        println!("  condition (due {}): {}", c.due, c.text);
    }
    Ok(0)
}

/// Verifies every entry (or one): exit 0 when all holds, 1 when something does not.
pub fn verify(register: &Register, id: Option<&str>) -> anyhow::Result<i32> {
    let ids: Vec<String> = match id {
        Some(id) => {
            check_entry(register, id)?;
            vec![id.to_string()]
        }
        None => register
            .model_dirs()?
            .iter()
            .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().to_string()))
            .collect(),
    };
    let mut failed = 0;
    for id in &ids {
        let c = register.verify_entry(id)?;
        let state = c.state.map_or("unknown", |s| s.as_str());
        if c.problems.is_empty() {
            println!("{id}: OK ({} events, {state})", c.events);
        } else {
            failed += 1;
            println!("{id}: FAILED ({} problem(s))", c.problems.len());
            for p in &c.problems {
                println!("  {}: {}", p.place, p.what);
            }
        }
        for n in &c.notes {
            println!("  note: {n}");
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

pub fn status(register: &Register) -> anyhow::Result<i32> {
    let today = &utc_now()[..10];
    let rows = register.status(today)?;
    println!(
        "{:<28} {:<26} {:<14} {:<18} last event",
        "entry", "state", "re-review", "open conditions"
    );
    for r in rows {
        let re = match (&r.re_review, r.re_review_due) {
            (Some(d), true) => format!("{d} DUE"),
            (Some(d), false) => d.clone(),
            (None, _) => "—".into(),
        };
        println!(
            "{:<28} {:<26} {:<14} {:<18} {}",
            r.id,
            r.state,
            re,
            r.open_conditions.len(),
            r.last_event
        );
        for (text, due) in &r.open_conditions {
            println!("    condition due {due}: {text}");
        }
    }
    Ok(0)
}
