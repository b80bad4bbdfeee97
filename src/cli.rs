//! Command-line interface of the binary: clap structs, their conversion into validated library config,
//! and exit codes (0 nothing flagged, 1 something flagged, 2 error).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use algoreg::generate::ExampleKind;
use algoreg::record::AuditRecord;
use algoreg::register::{Register, quick_audit_with};
use algoreg::stream::StreamOptions;

mod audit_args;
use audit_args::{AuditArgs, AuditJob};

/// Exit code when an audit raised a finding.
const EXIT_FLAGGED: i32 = 1;
/// Exit code on any error (bad input, unreadable file, …).
const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "algoreg",
    version,
    about = "Algorithm register and bias audits for municipalities",
    after_help = "Examples:\n  algoreg demo\n  algoreg audit models/foundation-risk-zaandam\n  algoreg audit --data scored.csv --label y --score p --threshold 0.5 --group wijk\n  algoreg publish --out site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Audit a registered model (and store its record), or any scored CSV in quick mode.
    #[command(
        after_help = "Examples:\n  algoreg audit models/foundation-risk-zaandam\n  algoreg audit models/hotspot-tilburg --json > record.json\n  algoreg audit --data scored.csv --label y --prediction yhat --group wijk --group leeftijd --reference wijk=Centrum\n  algoreg audit --data scored.csv --label y --score p --threshold 0.3 --group wijk --json\n\nExit codes: 0 nothing flagged, 1 something flagged, 2 error."
    )]
    Audit(Box<AuditArgs>),
    /// Train a model from its manifest's [model] table: held-out quality, fitted model and the
    /// held-out rows with the model's output under models/<id>/trained/ (the audit then reads those).
    #[command(
        after_help = "Examples:\n  algoreg train models/foundation-risk-zaandam\n  algoreg train models/hotspot-tilburg --quiet\n\nThe same manifest and data give byte-identical artifacts (their SHA-256 is printed)."
    )]
    Train {
        /// The model folder (models/<id>, holding model.toml with a [model] table).
        model_dir: PathBuf,
        /// No progress bars.
        #[arg(long)]
        quiet: bool,
    },
    /// Run a hotspot model's feedback-loop simulation with other settings than its manifest's (nothing
    /// is stored; `algoreg audit` runs it with the manifest's settings).
    #[command(
        after_help = "Examples:\n  algoreg simulate models/hotspot-tilburg\n  algoreg simulate models/hotspot-tilburg --random-share 0.5 --detection 0.9 --rounds 60"
    )]
    Simulate(SimulateArgs),
    /// Submit an audited entry to the ethics committee for review (a `submitted` event).
    Submit(crate::history_cli::EventArgs),
    /// Record the committee's decision on an entry from a decision file, bound to the audit it judged.
    #[command(
        after_help = "Example:\n  algoreg review foundation-risk-zaandam --file review.toml --by \"C. de Boer\" --role \"secretaris ethische commissie\"\n\nThe file names the SHA-256 of audits/<id>/audit.json; a review of another or a stale audit is refused."
    )]
    Review(crate::history_cli::ReviewArgs),
    /// Retire an entry (a `retired` event; --note says why).
    Retire(crate::history_cli::EventArgs),
    /// Record a correction (a `corrected` event; nothing in the log is ever rewritten).
    Correct(crate::history_cli::EventArgs),
    /// Check every entry's history chain and re-run every stored audit; exit 0 only when all holds.
    Verify {
        /// One entry (default: all).
        model_id: Option<String>,
        #[arg(long, default_value = ".")]
        register: PathBuf,
    },
    /// A table of all entries: state, open conditions, re-reviews due.
    Status {
        #[arg(long, default_value = ".")]
        register: PathBuf,
    },
    /// Render the public register site (Dutch, with English pages) from the stored records.
    #[command(after_help = "Example:\n  algoreg publish --out site && xdg-open site/index.html")]
    Publish {
        /// Folder to write the site into (created if needed).
        #[arg(long)]
        out: PathBuf,
        /// Also write the ethics committee's edition of every audit report (groups below the policy's
        /// suppression threshold included, and the full audit records) into this folder; it must lie
        /// outside the public site.
        #[arg(long)]
        committee: Option<PathBuf>,
        /// The register folder (holding models/ and audits/).
        #[arg(long, default_value = ".")]
        register: PathBuf,
        /// Where the site will be served (https://…): the Algoritmeregister exports then link to each
        /// entry's page there (field `url`).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Audit every shipped example model and publish the site: the five-minute tour.
    #[command(after_help = "Example:\n  algoreg demo --out /tmp/algoreg-site")]
    Demo {
        /// Folder for the site (default: algoreg-demo-site in the system's temporary folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The register folder (holding models/ and audits/).
        #[arg(long, default_value = ".")]
        register: PathBuf,
    },
    /// Regenerate an example model's data with its seeded generator (or a bigger copy for benchmarks).
    /// The scale benchmark's tools: `bench data` writes its seeded scored file, `bench parse` times
    /// a bare parse of a file (the floor for an audit's read). See scripts/bench/scale.sh.
    #[command(subcommand)]
    Bench(BenchCommand),
    #[command(
        after_help = "Examples:\n  algoreg generate-example foundation-risk-zaandam\n  algoreg generate-example hotspot --rows 10000000 --out /tmp/big"
    )]
    GenerateExample {
        /// foundation-risk-zaandam or hotspot-tilburg.
        kind: String,
        /// Random seed (default: the seed of the shipped data).
        #[arg(long)]
        seed: Option<u64>,
        /// Number of rows (default: the size of the shipped data).
        #[arg(long)]
        rows: Option<usize>,
        /// Output folder (default: models/<id>).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Write the benchmark's scored file: hood,age,label,score (20 intersectional groups).
    Data {
        /// Number of rows.
        #[arg(long)]
        rows: u64,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 20260101)]
        seed: u64,
        /// csv, or parquet (the same rows: hood and age text, label int64, score float64; snappy).
        #[arg(long, default_value = "csv", value_parser = ["csv", "parquet"])]
        format: String,
    },
    /// Parse a CSV file into fields on every thread and nothing else (a `.parquet` file: decode every
    /// column); prints rows, fields, seconds.
    Parse {
        file: PathBuf,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
}

#[derive(Debug, Args)]
struct SimulateArgs {
    /// The model folder (a trained hotspot model with [model.feedback]).
    model_dir: PathBuf,
    /// Rounds (periods) to simulate.
    #[arg(long)]
    rounds: Option<usize>,
    /// Cells patrolled per round.
    #[arg(long)]
    patrols: Option<usize>,
    /// Probability that a patrol records an incident residents did not report.
    #[arg(long)]
    detection: Option<f64>,
    /// Share of patrols sent to random cells in the mitigated arms.
    #[arg(long)]
    random_share: Option<f64>,
    /// Independent runs of each arm.
    #[arg(long)]
    replications: Option<usize>,
    /// The register folder (default: the folder above models/, else the current folder).
    #[arg(long)]
    register: Option<PathBuf>,
}

impl SimulateArgs {
    /// Applies the overrides to the manifest's settings, checking them like the manifest's.
    fn apply(&self, model: &mut algoreg::manifest::ModelSpec) -> anyhow::Result<()> {
        let Some(fb) = model
            .train
            .as_mut()
            .and_then(|(spec, _)| spec.feedback.as_mut())
        else {
            bail!(
                "{}: the manifest has no [model.feedback] table (a hotspot model with algorithm poisson)",
                model.manifest_path.display()
            );
        };
        for (flag, v) in [
            ("--detection", self.detection),
            ("--random-share", self.random_share),
        ] {
            if let Some(v) = v
                && !(0.0..=1.0).contains(&v)
            {
                bail!("{flag}: must be a probability between 0 and 1, got {v}");
            }
        }
        for (flag, v) in [
            ("--rounds", self.rounds),
            ("--patrols", self.patrols),
            ("--replications", self.replications),
        ] {
            if v == Some(0) {
                bail!("{flag}: must be at least 1");
            }
        }
        fb.rounds = self.rounds.unwrap_or(fb.rounds);
        fb.patrols = self.patrols.or(fb.patrols);
        fb.detection = self.detection.unwrap_or(fb.detection);
        fb.random_share = self.random_share.unwrap_or(fb.random_share);
        fb.replications = self.replications.unwrap_or(fb.replications);
        Ok(())
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_ERROR
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Audit(args) => {
            let (json, quiet) = (args.json, args.quiet);
            let record = match args.into_job()? {
                AuditJob::Registered {
                    register,
                    model_dir,
                } => {
                    let (_, record, path) = register.audit_and_store(&model_dir)?;
                    if !json {
                        eprintln!("stored {}", path.display());
                    }
                    record
                }
                AuditJob::Quick(spec, read, policy) => {
                    let bars = crate::bars::Bars::new(quiet || json);
                    let policy = match policy {
                        Some(path) => algoreg::policy::load_named_policy(&path)?,
                        None => algoreg::policy::built_in_policy(),
                    };
                    quick_audit_with(&spec, &read, &bars, &policy)?
                }
            };
            print_record(&record, json);
            Ok(if record.verdict.flagged {
                EXIT_FLAGGED
            } else {
                0
            })
        }
        Command::Train { model_dir, quiet } => {
            let bars = crate::bars::Bars::new(quiet);
            let outcome = algoreg::register::training::train_model(&model_dir, &bars)?;
            print!("{}", algoreg::summary::training_summary(&outcome.record));
            for path in &outcome.written {
                println!("wrote {}", path.display());
            }
            Ok(0)
        }
        Command::Simulate(args) => {
            let mut model = algoreg::manifest::load_model(&args.model_dir)?;
            args.apply(&mut model)?;
            let register = args
                .register
                .clone()
                .map(Register::new)
                .unwrap_or_else(|| Register::containing(&args.model_dir));
            let (_, record) = register.audit_spec(model)?;
            if let Some(f) = &record.feedback {
                print!("{}", algoreg::summary::feedback_summary(f));
            }
            Ok(0)
        }
        Command::Submit(args) => crate::history_cli::event("submitted", &args),
        Command::Review(args) => crate::history_cli::review(&args),
        Command::Retire(args) => crate::history_cli::event("retired", &args),
        Command::Correct(args) => crate::history_cli::event("corrected", &args),
        Command::Verify { model_id, register } => {
            crate::history_cli::verify(&Register::new(register), model_id.as_deref())
        }
        Command::Status { register } => crate::history_cli::status(&Register::new(register)),
        Command::Publish {
            out,
            committee,
            register,
            base_url,
        } => {
            let register = Register::new(register);
            let options = algoreg::site::PublishOptions {
                base_url,
                committee,
            };
            let pages = algoreg::site::publish_with(&register, &out, &options)?;
            for id in register.mark_published(&algoreg::register::log::Actor::now(
                "algoreg publish",
                "public register site",
            ))? {
                println!("{id}: published (its approval is now public)");
            }
            println!(
                "wrote {pages} pages to {}; open {}",
                out.display(),
                out.join("index.html").display()
            );
            Ok(0)
        }
        Command::Demo { out, register } => {
            let out = out.unwrap_or_else(|| std::env::temp_dir().join("algoreg-demo-site"));
            demo(&Register::new(register), &out)?;
            Ok(0)
        }
        Command::Bench(BenchCommand::Data {
            rows,
            out,
            seed,
            format,
        }) => {
            if rows == 0 {
                bail!("--rows must be at least 1");
            }
            algoreg::store::write_atomic_with(&out, |w| match format.as_str() {
                "parquet" => algoreg::generate::bench::write_parquet(seed, rows, w),
                _ => algoreg::generate::bench::write(seed, rows, w),
            })?;
            println!("wrote {rows} rows to {}", out.display());
            Ok(0)
        }
        Command::Bench(BenchCommand::Parse { file, quiet }) => {
            let bars = crate::bars::Bars::new(quiet);
            let start = std::time::Instant::now();
            let (task, (rows, fields)) = if algoreg::parquet::is_parquet(&file) {
                ("bare-decode", algoreg::parquet::bare_decode(&file, &bars)?)
            } else {
                (
                    "bare-parse",
                    algoreg::stream::bare_parse(
                        &file,
                        StreamOptions::default().chunk_bytes,
                        &bars,
                    )?,
                )
            };
            let seconds = start.elapsed().as_secs_f64();
            println!(
                "{{\"tool\":\"algoreg\",\"task\":\"{task}\",\"rows\":{rows},\"fields\":{fields},\"seconds\":{seconds:.4}}}"
            );
            Ok(0)
        }
        Command::GenerateExample {
            kind,
            seed,
            rows,
            out,
        } => {
            let Some(kind) = ExampleKind::from_name(&kind) else {
                bail!(
                    "unknown example `{kind}`: choose foundation-risk-zaandam or hotspot-tilburg"
                );
            };
            let out = out.unwrap_or_else(|| Path::new("models").join(kind.model_id()));
            let seed = seed.unwrap_or(kind.default_seed());
            let rows = rows.unwrap_or(kind.default_rows());
            for (name, contents) in kind.generate(seed, rows) {
                let path = out.join(name);
                algoreg::store::write_atomic(&path, contents.as_bytes())?;
                println!("wrote {} (seed {seed})", path.display());
            }
            Ok(0)
        }
    }
}

fn print_record(record: &AuditRecord, json: bool) {
    if json {
        print!("{}", record.to_json());
    } else {
        print!("{}", algoreg::summary::summary(record));
    }
}

fn demo(register: &Register, out: &Path) -> anyhow::Result<()> {
    let dirs = register.model_dirs().with_context(|| {
        "no register here: run the demo from the algoreg checkout, or pass --register DIR"
            .to_string()
    })?;
    if dirs.is_empty() {
        bail!("{} holds no models", register.models_dir().display());
    }
    let bars = crate::bars::Bars::new(false);
    for dir in &dirs {
        if algoreg::manifest::load_model(dir)?.train.is_some() {
            let outcome = algoreg::register::training::train_model(dir, &bars)?;
            println!("trained {}", dir.display());
            print!("{}", algoreg::summary::training_summary(&outcome.record));
        }
        let (_, record, path) = register.audit_and_store(dir)?;
        println!("audited {} → {}", dir.display(), path.display());
        print!("{}", algoreg::summary::summary(&record));
        println!();
    }
    let pages = algoreg::site::publish(register, out, None)?;
    println!(
        "published {pages} pages; open {} in a browser",
        out.join("index.html").display()
    );
    Ok(())
}
