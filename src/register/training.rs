//! `algoreg train`'s I/O: reads a model's data file, trains it (`crate::train`), writes the fitted model,
//! the held-out rows with the model's output and the training record under `models/<id>/trained/`
//! (each atomically), and checks before an audit that those artifacts belong to the current manifest
//! and data.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::hash::sha256_hex;
use crate::manifest::model::{SplitSpec, TrainSpec, Unlabelled};
use crate::manifest::{
    ModelSpec, PredictionSpec, TRAINED_DIR, TRAINED_MODEL, TRAINED_RECORD, TRAINED_SCORED,
    load_model,
};
use crate::progress::Progress;
use crate::record::trained::{FittedModel, SplitSummary, TRAINING_SCHEMA_VERSION, TrainingRecord};
use crate::record::{FileHash, ToolInfo};
use crate::reference::load_raw_table;
use crate::store::write_atomic;
use crate::train::{OutputColumns, Trained, hyperparameters, scored_csv, train};

/// The `[model]` table as TOML, hashed: a change to it (not to the register texts) makes a trained
/// model stale.
fn spec_hash(model: &ModelSpec) -> String {
    let section = model
        .manifest
        .model
        .as_ref()
        .map(|m| toml::to_string(m).expect("the model table serializes"))
        .unwrap_or_default();
    sha256_hex(section.as_bytes())
}

/// Where a model's output goes, from its `[data]` table.
fn output_columns(model: &ModelSpec, spec: &TrainSpec) -> OutputColumns {
    let data = &model.data;
    // A [model] table needs a prediction or score column: checked when the manifest is read.
    let prediction = data
        .prediction
        .as_ref()
        .expect("validated: a trained model has a prediction or score column");
    match (&data.count, spec.algorithm.is_count(), prediction) {
        (Some(c), true, PredictionSpec::Column(p)) => OutputColumns {
            value: c.predicted.clone(),
            decision: spec.cutoff.map(|cut| (p.clone(), cut)),
        },
        (_, _, PredictionSpec::Score { column, .. }) => OutputColumns {
            value: column.clone(),
            decision: None,
        },
        (_, _, PredictionSpec::Column(p)) => OutputColumns {
            value: format!("{p}_probability"),
            decision: spec.cutoff.map(|cut| (p.clone(), cut)),
        },
    }
}

/// A trained model's folder.
pub fn trained_dir(model: &ModelSpec) -> PathBuf {
    model.dir.join(TRAINED_DIR)
}

/// The result of `algoreg train`.
#[derive(Debug)]
pub struct TrainOutcome {
    pub model: ModelSpec,
    pub record: TrainingRecord,
    pub trained: Trained,
    /// The files written.
    pub written: Vec<PathBuf>,
}

fn in_register(model: &ModelSpec, path: &Path) -> String {
    format!(
        "models/{}/{}",
        model.manifest.id,
        path.strip_prefix(&model.dir)
            .unwrap_or(path)
            .display()
            .to_string()
            .replace('\\', "/")
    )
}

/// Trains the model of `model_dir` and writes its artifacts.
pub fn train_model(model_dir: &Path, progress: &dyn Progress) -> Result<TrainOutcome> {
    let model = load_model(model_dir)?;
    let Some((spec, source)) = model.train.clone() else {
        return Err(Error::field(
            &model.manifest_path,
            "model",
            "the manifest has no [model] table: algoreg trains only models it has a spec for",
        ));
    };
    progress.begin("reading the data", None);
    let table = load_raw_table(&source)?;
    progress.end();
    let trained = train(
        &model.manifest.id,
        &spec,
        &table,
        &model.manifest_path,
        progress,
    )?;
    progress.begin("placebo check (retraining with noise columns)", None);
    let placebo =
        crate::train::placebo::check(&model.manifest.id, &spec, &table, &model.manifest_path)?;
    progress.end();
    let columns = output_columns(&model, &spec);
    let scored = scored_csv(&table, &trained, &columns)?;
    let fitted = trained.model.to_json();
    let dir = trained_dir(&model);
    let model_path = dir.join(TRAINED_MODEL);
    let scored_path = dir.join(TRAINED_SCORED);
    let record_path = dir.join(TRAINED_RECORD);
    let record = TrainingRecord {
        schema_version: TRAINING_SCHEMA_VERSION,
        tool: ToolInfo {
            name: "algoreg".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        model_id: model.manifest.id.clone(),
        kind: model
            .manifest
            .model
            .as_ref()
            .map(|m| m.kind.clone())
            .unwrap_or_default(),
        algorithm: spec.algorithm.name().into(),
        hyperparameters: hyperparameters(&spec.algorithm),
        features: spec.features.clone(),
        design_columns: trained.design_columns,
        target: spec.target.clone(),
        unlabelled: match spec.unlabelled {
            Unlabelled::Skip => "skip".into(),
            Unlabelled::Negative => "negative".into(),
        },
        seed: spec.seed,
        split: split_summary(&spec.split, &trained, table.rows),
        quality: trained.quality.clone(),
        placebo: Some(placebo),
        inputs: vec![
            FileHash {
                path: format!("models/{}/model.toml#model", model.manifest.id),
                sha256: spec_hash(&model),
            },
            FileHash {
                path: in_register(&model, &source),
                sha256: table.sha256.clone(),
            },
        ],
        artifacts: vec![
            FileHash {
                path: in_register(&model, &model_path),
                sha256: sha256_hex(fitted.as_bytes()),
            },
            FileHash {
                path: in_register(&model, &scored_path),
                sha256: sha256_hex(scored.as_bytes()),
            },
        ],
    };
    // Under the entry's lock, like every other write to the register.
    let _lock = super::Register::containing(model_dir).lock_entry(&model.manifest.id)?;
    write_atomic(&model_path, fitted.as_bytes())?;
    write_atomic(&scored_path, scored.as_bytes())?;
    write_atomic(&record_path, record.to_json().as_bytes())?;
    Ok(TrainOutcome {
        model,
        record,
        trained,
        written: vec![model_path, scored_path, record_path],
    })
}

fn split_summary(split: &SplitSpec, trained: &Trained, rows: usize) -> SplitSummary {
    let (method, column, test_share) = match split {
        SplitSpec::Random { test_share } => ("random", None, *test_share),
        SplitSpec::Group { column, test_share } => ("group", Some(column.clone()), *test_share),
        SplitSpec::Time { column, test_share } => ("time", Some(column.clone()), *test_share),
    };
    SplitSummary {
        method: method.into(),
        column,
        test_share,
        rows,
        train_rows: trained.train_rows,
        fit_rows: trained.fit_rows,
        test_rows: trained.test_rows.len(),
        test_values: trained.split.test_values.clone(),
    }
}

/// A stored training record, if the model has been trained.
pub fn load_training_record(model: &ModelSpec) -> Result<Option<TrainingRecord>> {
    let path = trained_dir(model).join(TRAINED_RECORD);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let record: TrainingRecord =
                serde_json::from_str(&text).map_err(|e| Error::Record {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            if record.schema_version != TRAINING_SCHEMA_VERSION {
                return Err(Error::Record {
                    path,
                    message: format!(
                        "schema_version {} is not the {TRAINING_SCHEMA_VERSION} this algoreg reads",
                        record.schema_version
                    ),
                });
            }
            Ok(Some(record))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&path, "reading the training record", e)),
    }
}

/// Reads the fitted model of a trained model folder.
pub fn load_fitted(model: &ModelSpec) -> Result<FittedModel> {
    let path = trained_dir(model).join(TRAINED_MODEL);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::io(&path, "reading the fitted model", e))?;
    serde_json::from_str(&text).map_err(|e| Error::Record {
        path,
        message: e.to_string(),
    })
}

/// Before an audit of a model algoreg trains: its artifacts exist and belong to the current `[model]`
/// table, data file and written files. Returns the fitted model's hash entry for the audit's inputs.
pub fn check_trained(model: &ModelSpec, source: &Path) -> Result<FileHash> {
    let id = &model.manifest.id;
    let retrain = format!("run `algoreg train models/{id}` first");
    let record = load_training_record(model)?.ok_or_else(|| {
        Error::field(
            &model.manifest_path,
            "model",
            format!("the model has not been trained yet: {retrain}"),
        )
    })?;
    let stale = |what: String| {
        Error::field(
            &model.manifest_path,
            "model",
            format!("the trained model is stale ({what}): {retrain}"),
        )
    };
    if record.inputs.first().map(|h| h.sha256.as_str()) != Some(spec_hash(model).as_str()) {
        return Err(stale("the [model] table changed since training".into()));
    }
    let data_bytes =
        std::fs::read(source).map_err(|e| Error::io(source, "reading the data file", e))?;
    if record.inputs.get(1).map(|h| h.sha256.as_str()) != Some(sha256_hex(&data_bytes).as_str()) {
        return Err(stale(format!(
            "{} changed since training",
            source.display()
        )));
    }
    for artifact in &record.artifacts {
        let name = artifact.path.rsplit('/').next().unwrap_or_default();
        let path = trained_dir(model).join(name);
        let bytes =
            std::fs::read(&path).map_err(|e| Error::io(&path, "reading a trained artifact", e))?;
        if sha256_hex(&bytes) != artifact.sha256 {
            return Err(stale(format!(
                "{} is not the file training wrote (its SHA-256 differs)",
                path.display()
            )));
        }
    }
    Ok(record.artifacts[0].clone())
}
