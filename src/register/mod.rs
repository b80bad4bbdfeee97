//! The register on disk (`models/`, `audits/`): running an audit from a manifest or a quick-mode spec,
//! building the record, and storing it atomically. This is the I/O shell around the pure audit core.

pub mod feedback;
pub mod log;
pub mod read;
pub mod review;
pub mod training;
pub mod verify;
pub mod versions;

use std::path::{Path, PathBuf};

use crate::audit::sampling::{SamplingAudit, SamplingReferences};
use crate::audit::spurious::SpuriousAudit;
use crate::audit::subgroup::{SubgroupAudit, tested_count};
use crate::audit::{Audit, AuditInput};
use crate::error::{Error, Result};
use crate::manifest::model::TrainSpec;
use crate::manifest::{DataSpec, ModelSpec, PredictionSpec, load_model};
use crate::policy::{LoadedPolicy, Rules, built_in_policy, load_policy};
use crate::progress::Progress;
use crate::record::trained::TrainingRecord;
use crate::record::{
    AuditRecord, DataSummary, FileHash, Inputs, OverallVerdict, PolicyApplied,
    RECORD_SCHEMA_VERSION, ToolInfo, Verdict,
};
use crate::reference::{
    Incidence, Population, RawTable, load_incidence, load_population, load_raw_table,
};
use crate::store::write_atomic;
pub use read::{AuditData, ReadMode};

/// A register: a folder with `models/<id>/model.toml` entries and `audits/` (policy and records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub root: PathBuf,
    /// How audits read their scored file (streamed when large, by default).
    pub read: ReadMode,
}

impl Register {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            read: ReadMode::Auto,
        }
    }

    /// The same register, reading scored files as `read` says.
    pub fn reading(self, read: ReadMode) -> Self {
        Self { read, ..self }
    }

    /// The register a model folder belongs to: the folder above `models/`, else the current folder.
    pub fn containing(model_dir: &Path) -> Self {
        let parent = model_dir.parent();
        match parent {
            Some(p) if p.file_name().is_some_and(|n| n == "models") => {
                let root = p
                    .parent()
                    .filter(|r| !r.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                Self::new(root)
            }
            _ => Self::new("."),
        }
    }

    pub fn models_dir(&self) -> PathBuf {
        self.root.join("models")
    }

    pub fn policy_path(&self) -> PathBuf {
        self.root.join("audits").join("policy.toml")
    }

    /// Where the audit record of a model is stored.
    pub fn record_path(&self, id: &str) -> PathBuf {
        self.root.join("audits").join(id).join("audit.json")
    }

    /// Model folders (those holding a `model.toml`), sorted by name.
    pub fn model_dirs(&self) -> Result<Vec<PathBuf>> {
        let dir = self.models_dir();
        let entries =
            std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, "listing the models folder", e))?;
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, "listing the models folder", e))?;
            if entry.path().join("model.toml").is_file() {
                out.push(entry.path());
            }
        }
        out.sort();
        Ok(out)
    }

    /// The stored record of a model, if it has been audited.
    pub fn load_record(&self, id: &str) -> Result<Option<AuditRecord>> {
        let path = self.record_path(id);
        match std::fs::read_to_string(&path) {
            Ok(text) => AuditRecord::from_json(&text, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path, "reading the audit record", e)),
        }
    }

    /// Audits a registered model: manifest, data and policy in; a record out (not yet stored).
    pub fn audit_model(&self, model_dir: &Path) -> Result<(ModelSpec, AuditRecord)> {
        let model = load_model(model_dir)?;
        self.audit_spec(model)
    }

    /// Audits a loaded (and possibly adjusted) model spec.
    pub fn audit_spec(&self, model: ModelSpec) -> Result<(ModelSpec, AuditRecord)> {
        let policy = load_policy(&self.policy_path(), "audits/policy.toml")?;
        let rules = policy
            .file
            .rules_for(Some(&model.manifest.id), &self.policy_path())?;
        let fitted = match &model.train {
            Some((_, source)) => Some(training::check_trained(&model, source)?),
            None => None,
        };
        let trained = match &model.train {
            Some((spec, source)) => Some(Trained {
                spec,
                record: training::load_training_record(&model)?.ok_or_else(|| {
                    Error::field(
                        &model.manifest_path,
                        "model",
                        "the training record is missing",
                    )
                })?,
                source: load_raw_table(source)?,
                origin: &model.manifest_path,
            }),
            None => None,
        };
        let audit = read::read_for_audit(&model.data, &self.read, &crate::progress::Silent)?;
        let id = model.manifest.id.clone();
        let in_model = |path: &Path| FileHash {
            path: format!(
                "models/{id}/{}",
                path.strip_prefix(&model.dir)
                    .unwrap_or(path)
                    .display()
                    .to_string()
                    .replace('\\', "/")
            ),
            sha256: String::new(),
        };
        let mut files = vec![FileHash {
            sha256: audit.rows.sha256.clone(),
            ..in_model(&model.data.file)
        }];
        files.extend(
            audit
                .refs
                .hashes()
                .into_iter()
                .map(|(path, sha256)| FileHash {
                    sha256: sha256.to_string(),
                    ..in_model(path)
                }),
        );
        files.extend(fitted);
        let inputs = Inputs {
            manifest: Some(FileHash {
                path: format!("models/{id}/model.toml"),
                sha256: model.manifest_sha256.clone(),
            }),
            data: files,
            policy: FileHash {
                path: policy.source.clone(),
                sha256: policy.sha256.clone(),
            },
        };
        let record = build_record(
            Some(id),
            inputs,
            &policy,
            &rules,
            &model.data,
            &audit,
            trained.as_ref(),
        )?;
        Ok((model, record))
    }

    /// Audits a model and stores its record atomically under `audits/<id>/audit.json`; when the record
    /// differs from the one the log last recorded, an `audited` event follows (which sends the entry back
    /// to audit: a decision made on an earlier record no longer holds). Everything is written under the
    /// entry's lock: first the record and its manifest as kept versions (`audits/<id>/versions/`, so the
    /// history can show what changed), then the record, then the event. A crash between them leaves a
    /// genuine record the log does not name yet, which `verify` reports as an interrupted audit, not as
    /// tampering.
    pub fn audit_and_store(&self, model_dir: &Path) -> Result<(ModelSpec, AuditRecord, PathBuf)> {
        let (model, record) = self.audit_model(model_dir)?;
        let id = model.manifest.id.clone();
        let path = self.record_path(&id);
        let json = record.to_json();
        let lock = self.lock_entry(&id)?;
        // The manifest version must be the bytes the record names, not a later edit.
        let manifest = std::fs::read(&model.manifest_path)
            .map_err(|e| Error::io(&model.manifest_path, "reading the manifest", e))?;
        if crate::hash::sha256_hex(&manifest) != model.manifest_sha256 {
            return Err(Error::Refused {
                id,
                message: format!(
                    "{} changed while it was audited; nothing was stored: run the audit again",
                    self.relative(&model.manifest_path)
                ),
            });
        }
        self.keep_version(&lock, &id, json.as_bytes(), Some(&manifest))?;
        write_atomic(&path, json.as_bytes())?;
        let events = self.read_log(&id)?;
        let hash = crate::hash::sha256_hex(json.as_bytes());
        let last = events
            .iter()
            .rev()
            .find(|e| e.event == "audited")
            .and_then(|e| e.content_sha256.as_deref());
        if last != Some(hash.as_str()) {
            self.append_locked(
                &lock,
                &id,
                "audited",
                "audit record written",
                &log::Actor::now("algoreg", "audit run"),
                Some((&path, json.as_bytes())),
            )?;
        }
        Ok((model, record, path))
    }
}

/// Quick mode: audits any scored CSV with the built-in policy; nothing is stored. `read` says whether
/// the file is streamed; `progress` hears about a streamed read.
pub fn quick_audit(
    spec: &DataSpec,
    read: &ReadMode,
    progress: &dyn Progress,
) -> Result<AuditRecord> {
    quick_audit_with(spec, read, progress, &built_in_policy())
}

/// Quick mode with a policy the user names (`--policy FILE`: its `[default]` table applies).
pub fn quick_audit_with(
    spec: &DataSpec,
    read: &ReadMode,
    progress: &dyn Progress,
    policy: &LoadedPolicy,
) -> Result<AuditRecord> {
    let rules = policy.file.rules_for(None, Path::new(&policy.source))?;
    let audit = read::read_for_audit(spec, read, progress)?;
    let as_given = |path: &Path, sha256: &str| FileHash {
        path: path.display().to_string().replace('\\', "/"),
        sha256: sha256.to_string(),
    };
    let mut files = vec![as_given(&spec.file, &audit.rows.sha256)];
    files.extend(audit.refs.hashes().into_iter().map(|(p, h)| as_given(p, h)));
    let inputs = Inputs {
        manifest: None,
        data: files,
        policy: FileHash {
            path: policy.source.clone(),
            sha256: policy.sha256.clone(),
        },
    };
    build_record(None, inputs, policy, &rules, spec, &audit, None)
}

/// The sampling audit's reference files, read from disk (each only when the spec names it).
#[derive(Debug)]
pub struct LoadedReferences {
    pub population: Option<Population>,
    pub incidence: Option<Incidence>,
    /// The training data, every column as text (for drift).
    pub training: Option<RawTable>,
    /// The scored file, every column as text (for drift and the spurious audit).
    pub scored: RawTable,
}

impl LoadedReferences {
    pub fn load(spec: &DataSpec) -> Result<Self> {
        Self::load_with(spec, load_raw_table(&spec.file)?)
    }

    /// The reference files of `spec`, with the scored file already read as `scored`.
    pub fn load_with(spec: &DataSpec, scored: RawTable) -> Result<Self> {
        let s = &spec.sampling;
        Ok(LoadedReferences {
            population: s
                .population
                .as_ref()
                .map(|p| load_population(&p.file))
                .transpose()?,
            incidence: s
                .reporting
                .as_ref()
                .map(|r| load_incidence(&r.file))
                .transpose()?,
            training: s
                .drift
                .as_ref()
                .map(|d| load_raw_table(&d.training))
                .transpose()?,
            scored,
        })
    }

    /// `(path, sha256)` of every reference file read (the scored file is hashed by the loader).
    fn hashes(&self) -> Vec<(&Path, &str)> {
        let mut out: Vec<(&Path, &str)> = Vec::new();
        if let Some(p) = &self.population {
            out.push((&p.path, &p.sha256));
        }
        if let Some(i) = &self.incidence {
            out.push((&i.path, &i.sha256));
        }
        if let Some(t) = &self.training {
            out.push((&t.path, &t.sha256));
        }
        out
    }
}

/// A model algoreg trained: its spec, training record and the whole data file it learned from.
pub struct Trained<'a> {
    pub spec: &'a TrainSpec,
    pub record: TrainingRecord,
    pub source: RawTable,
    pub origin: &'a Path,
}

fn build_record(
    model_id: Option<String>,
    inputs: Inputs,
    policy: &LoadedPolicy,
    rules: &Rules,
    spec: &DataSpec,
    audit_data: &AuditData,
    trained: Option<&Trained>,
) -> Result<AuditRecord> {
    let (data, refs, folded) = (&audit_data.rows, &audit_data.refs, &audit_data.folded);
    let input = AuditInput { data, spec, rules };
    let audit = SubgroupAudit;
    let spurious_audit = SpuriousAudit {
        table: &refs.scored,
    };
    // The spurious audit reads the sample only: it runs beside the subgroup audit's bootstrap.
    let (section, spurious) = rayon::join(
        || {
            if spec.has_decisions() {
                audit.run_folded(folded, spec, rules, &spec.file)
            } else {
                Ok(crate::audit::subgroup::not_run(rules))
            }
        },
        || spurious_audit.run(input),
    );
    let (section, spurious) = (section?, spurious?);
    let mut findings = audit.findings(&section, rules);
    let subgroup_references: Vec<(String, String)> = section
        .attributes
        .iter()
        .map(|a| (a.attribute.clone(), a.reference.clone()))
        .collect();
    let sampling_audit = SamplingAudit {
        references: SamplingReferences {
            population: refs.population.as_ref(),
            incidence: refs.incidence.as_ref(),
            drift: refs.training.as_ref().map(|t| (t, &refs.scored)),
            subgroup_references: &subgroup_references,
            scored: Some(&refs.scored),
        },
    };
    let sampling = sampling_audit.run(input)?;
    findings.extend(sampling_audit.findings(&sampling, rules));
    findings.extend(spurious_audit.findings(&spurious, rules));
    let feedback = match trained {
        Some(t) => feedback::run(t, &sampling)?,
        None => None,
    };
    let map = crate::audit::map::cell_map(spec, &refs.scored, data)?;
    let (rows, labelled) = (folded.rows, folded.labelled);
    let comparisons = section
        .attributes
        .iter()
        .flat_map(|a| &a.groups)
        .flat_map(|g| &g.metrics)
        .filter_map(|m| m.comparison.as_ref());
    let (mut too_small, mut undefined) = (0, 0);
    for c in comparisons {
        match c.verdict {
            Verdict::TooFewRows => too_small += 1,
            Verdict::Undefined => undefined += 1,
            _ => {}
        }
    }
    Ok(AuditRecord {
        schema_version: RECORD_SCHEMA_VERSION,
        tool: ToolInfo {
            name: "algoreg".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        model_id,
        inputs,
        policy: PolicyApplied {
            ratio_band: [rules.band_low, rules.band_high],
            alpha: rules.alpha,
            correction: rules.correction,
            min_group_size: rules.min_group_size,
            confidence_level: rules.confidence_level,
            metrics: rules.metrics.clone(),
            bootstrap_replicates: rules.bootstrap_replicates,
            bootstrap_seed: rules.bootstrap_seed,
            drift_psi_floor: rules.drift_psi_floor,
            leakage_auc: rules.leakage_auc,
            proxy_strength: rules.proxy_strength,
            trend_collapse: rules.trend_collapse,
            min_effective_points: rules.min_effective_points,
            association_correction: rules.association_correction,
            suppress_below: rules.suppress_below,
            adopted_by: policy.file.adopted_by.clone(),
        },
        data: DataSummary {
            rows,
            labelled,
            unlabelled: rows - labelled,
            predicted_positive: folded.predicted_positive,
            prediction_rule: match &spec.prediction {
                Some(PredictionSpec::Column(c)) => format!("column {c}"),
                Some(PredictionSpec::Score { column, threshold }) => {
                    format!("{column} >= {threshold}")
                }
                None => "none: the data hold no model decisions".into(),
            },
            streamed: audit_data.streamed.clone(),
        },
        verdict: OverallVerdict {
            flagged: !findings.is_empty(),
            findings: findings.len() as u64,
            comparisons_tested: tested_count(&section)
                + sampling.comparisons_tested
                + spurious.comparisons_tested,
            too_small: too_small + sampling.too_small + spurious.too_small,
            undefined: undefined + sampling.undefined + spurious.undefined,
        },
        subgroup: section,
        sampling,
        spurious,
        training: trained.map(|t| t.record.clone()),
        feedback,
        map,
        findings,
    })
}
