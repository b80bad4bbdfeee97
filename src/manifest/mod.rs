//! The model manifest (`models/<id>/model.toml`): its serde shape and its validation into [`ModelSpec`].
//!
//! Field names follow the Dutch Algoritmeregister publication standard (API v1_0 names where the API has
//! one; `theme` is the API's `category`, `publication_category` takes the register's three values).
//! Texts a citizen reads come in a `[register.nl]` table (required) and a `[register.en]` table
//! (optional, field by field; a missing English text falls back to Dutch and is marked as such).

mod data;
pub mod feedback;
pub mod map;
pub mod model;
mod register;
pub mod sampling;
pub mod spurious;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use data::data_spec;
pub(crate) use data::inside_model_folder;
pub use data::{
    ColumnKinds, CountSpec, DataSection, DataSpec, GroupSection, GroupSpec, INTERSECTION_SEPARATOR,
    IntersectionSection, IntersectionSpec, PredictionSpec, ReferenceGroup,
};
pub use register::{
    AiActRole, Assessment, DESCRIPTION_MAX, EnglishTexts, Lesson, Link, NAME_MAX, People,
    PersonalData, PublicationCategory, RegisterFields, RegisterStatus, RegisterTexts, RiskItem,
    THEMES,
};
pub use sampling::{
    DriftSpec, Period, PopulationSpec, ReportingSpec, SamplingSection, SamplingSpec,
};

/// The manifest schema this build reads and writes.
pub const MANIFEST_SCHEMA_VERSION: u32 = 1;

/// `model.toml` as written by a data scientist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Must be [`MANIFEST_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Stable id: lower-case letters, digits and dashes; equal to the model's folder name.
    pub id: String,
    /// The public register entry.
    pub register: RegisterFields,
    /// Where the scored data is and how to read it.
    pub data: DataSection,
    /// Reference data for the sampling audit: population counts, an independent incidence estimate,
    /// the training data. Without it the sampling audit still checks who carries a label.
    #[serde(default)]
    pub sampling: Option<SamplingSection>,
    /// What the spurious-correlation audit tests; without it, every column without another role.
    #[serde(default)]
    pub spurious: Option<spurious::SpuriousSection>,
    /// A model algoreg trains itself from `[data] file`; the audit then reads the held-out rows with
    /// the model's output (`trained/scored.csv`) instead of scores the file brings.
    #[serde(default)]
    pub model: Option<model::ModelSection>,
}

/// A manifest that has passed validation, with its data description resolved against its folder.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    /// The manifest as written.
    pub manifest: Manifest,
    /// The manifest file.
    pub manifest_path: PathBuf,
    /// SHA-256 of the manifest's bytes as read.
    pub manifest_sha256: String,
    /// The model folder.
    pub dir: PathBuf,
    /// The validated data description. With a `[model]` table its `file` is the trained model's
    /// held-out rows, [`TRAINED_SCORED`] in [`TRAINED_DIR`].
    pub data: DataSpec,
    /// The validated `[model]` table, with the file the model learns from.
    pub train: Option<(model::TrainSpec, PathBuf)>,
}

/// The folder (inside the model folder) where `algoreg train` writes its artifacts.
pub const TRAINED_DIR: &str = "trained";
/// The fitted model (preprocessing included), serde JSON.
pub const TRAINED_MODEL: &str = "model.json";
/// The held-out rows of the data file with the model's output columns: what the audit reads.
pub const TRAINED_SCORED: &str = "scored.csv";
/// The training record: split, held-out quality and the hashes of the artifacts.
pub const TRAINED_RECORD: &str = "training.json";

impl Manifest {
    /// Parses manifest text; errors carry the file name, and serde's message names the field
    /// (unknown keys and missing required fields included) with its line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })
    }
}

/// Reads and validates `<dir>/model.toml`.
pub fn load_model(dir: &Path) -> Result<ModelSpec> {
    let manifest_path = dir.join("model.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| Error::io(&manifest_path, "reading the manifest", e))?;
    let manifest = Manifest::parse(&text, &manifest_path)?;
    let mut spec = validate(manifest, dir, manifest_path)?;
    spec.manifest_sha256 = crate::hash::sha256_hex(text.as_bytes());
    Ok(spec)
}

fn validate(manifest: Manifest, dir: &Path, path: PathBuf) -> Result<ModelSpec> {
    let p = path.as_path();
    if manifest.schema_version != MANIFEST_SCHEMA_VERSION {
        return Err(Error::field(
            p,
            "schema_version",
            format!(
                "this algoreg reads version {MANIFEST_SCHEMA_VERSION}, the file has {}",
                manifest.schema_version
            ),
        ));
    }
    let id_ok = !manifest.id.is_empty()
        && manifest
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(Error::field(
            p,
            "id",
            format!(
                "`{}` must be lower-case letters, digits and dashes",
                manifest.id
            ),
        ));
    }
    if let Some(folder) = dir.file_name().and_then(|f| f.to_str())
        && folder != manifest.id
    {
        return Err(Error::field(
            p,
            "id",
            format!("`{}` differs from the folder name `{folder}`", manifest.id),
        ));
    }
    register::check(p, &manifest.register)?;
    let mut data = data_spec(&manifest.data, dir, p)?;
    if let Some(sampling) = &manifest.sampling {
        data.sampling = sampling::validate(sampling, &data, dir, p)?;
    }
    if let Some(s) = &manifest.spurious {
        data.spurious = spurious::validate(s, &data, p)?;
    }
    let train = match &manifest.model {
        Some(m) => {
            let spec = model::validate(m, &data, p)?;
            let source =
                std::mem::replace(&mut data.file, dir.join(TRAINED_DIR).join(TRAINED_SCORED));
            Some((spec, source))
        }
        None => None,
    };
    Ok(ModelSpec {
        manifest,
        manifest_path: path.clone(),
        manifest_sha256: String::new(),
        dir: dir.to_path_buf(),
        data,
        train,
    })
}
