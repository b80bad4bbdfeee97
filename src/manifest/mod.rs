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
pub mod sampling;
pub mod spurious;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use data::data_spec;
pub(crate) use data::inside_model_folder;
pub use data::{
    CountSpec, DataSection, DataSpec, GroupSection, GroupSpec, INTERSECTION_SEPARATOR,
    IntersectionSection, IntersectionSpec, PredictionSpec, ReferenceGroup,
};
pub use sampling::{
    DriftSpec, Period, PopulationSpec, ReportingSpec, SamplingSection, SamplingSpec,
};

/// The manifest schema this build reads and writes.
pub const MANIFEST_SCHEMA_VERSION: u32 = 1;

/// The sixteen themes of the Dutch Algoritmeregister (API field `category`).
pub const THEMES: [&str; 16] = [
    "Cultuur en recreatie",
    "Economie",
    "Internationaal",
    "Migratie en integratie",
    "Natuur en milieu",
    "Onderwijs en wetenschap",
    "Openbare orde en veiligheid",
    "Organisatie en bedrijfsvoering",
    "Overheidsfinanciën",
    "Recht",
    "Ruimte en infrastructuur",
    "Sociale zekerheid",
    "Verkeer",
    "Werk",
    "Wonen",
    "Zorg en gezondheid",
];

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

/// Register fields that do not depend on the language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterFields {
    /// Organisation responsible (NL required, API `organization`).
    pub organization: String,
    /// Team or department (UK ATRS, Amsterdam register).
    #[serde(default)]
    pub department: Option<String>,
    /// One of [`THEMES`] (NL required, API `category`).
    pub theme: String,
    /// Life-cycle status in the national register (NL required).
    pub status: RegisterStatus,
    /// Publication category (NL required).
    pub publication_category: PublicationCategory,
    /// Generic contact e-mail (NL required).
    pub contact_email: String,
    /// Supplier of the algorithm, or the organisation itself (NL required, API `provider`).
    pub provider: String,
    /// Month of first use, `YYYY-MM` (NL `begin_date`).
    #[serde(default)]
    pub begin_date: Option<String>,
    /// Public web page about the algorithm (NL `url`).
    #[serde(default)]
    pub website: Option<String>,
    /// Dutch texts (required).
    pub nl: RegisterTexts,
    /// English texts (optional, field by field).
    #[serde(default)]
    pub en: Option<EnglishTexts>,
}

/// Status values of the Dutch register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterStatus {
    #[serde(rename = "In ontwikkeling")]
    InDevelopment,
    #[serde(rename = "In gebruik")]
    InUse,
    #[serde(rename = "Buiten gebruik")]
    OutOfUse,
}

/// Publication categories of the Dutch register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicationCategory {
    /// A: high-risk AI system under the EU AI Act.
    #[serde(rename = "Hoog-risico AI-systeem")]
    HighRiskAi,
    /// B: impactful algorithm (legal effects, or it classifies or contacts people).
    #[serde(rename = "Impactvolle algoritmes")]
    Impactful,
    /// C: other algorithms.
    #[serde(rename = "Overige algoritmes")]
    Other,
}

/// The texts of an entry in Dutch; every field a citizen reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterTexts {
    /// Name, at most 100 characters (NL required).
    pub name: String,
    /// Short description at B1 level, at most 400 characters (NL required).
    pub description_short: String,
    /// Why the algorithm is used (NL required).
    pub goal: String,
    /// What it means for residents (NL required).
    pub impact: String,
    /// Legal basis (NL required, API `lawful_basis`).
    pub lawful_basis: String,
    /// How people check and decide on the output (NL required).
    pub human_intervention: String,
    /// Known risks and how they are managed (NL required).
    pub risks: String,
    /// Which data the model uses, and from where (NL required, API `source_data`).
    pub source_data: String,
    /// How a resident objects or appeals, and where to ask questions.
    pub objection_procedure: String,
    /// Trade-offs and alternatives considered (NL `proportionality`).
    #[serde(default)]
    pub proportionality: Option<String>,
    /// How the model works, and whether it learns by itself (NL `methods_and_models`).
    #[serde(default)]
    pub methods_and_models: Option<String>,
}

/// English versions of [`RegisterTexts`]; each one may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnglishTexts {
    pub name: Option<String>,
    pub description_short: Option<String>,
    pub goal: Option<String>,
    pub impact: Option<String>,
    pub lawful_basis: Option<String>,
    pub human_intervention: Option<String>,
    pub risks: Option<String>,
    pub source_data: Option<String>,
    pub objection_procedure: Option<String>,
    pub proportionality: Option<String>,
    pub methods_and_models: Option<String>,
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
    let r = &manifest.register;
    if !THEMES.contains(&r.theme.as_str()) {
        return Err(Error::field(
            p,
            "register.theme",
            format!("`{}` is not one of: {}", r.theme, THEMES.join(", ")),
        ));
    }
    if !r.contact_email.contains('@') {
        return Err(Error::field(
            p,
            "register.contact_email",
            format!("`{}` is not an e-mail address", r.contact_email),
        ));
    }
    if let Some(month) = &r.begin_date {
        let ok = month.len() == 7
            && month.is_ascii()
            && month.as_bytes()[4] == b'-'
            && month[..4].chars().all(|c| c.is_ascii_digit())
            && matches!(month[5..].parse::<u8>(), Ok(1..=12));
        if !ok {
            return Err(Error::field(
                p,
                "register.begin_date",
                format!("`{month}` is not a month like 2024-03"),
            ));
        }
    }
    check_texts(p, "register.nl", &r.nl)?;
    if let Some(en) = &r.en {
        if let Some(name) = &en.name {
            check_len(p, "register.en.name", name, 100)?;
        }
        if let Some(d) = &en.description_short {
            check_len(p, "register.en.description_short", d, 400)?;
        }
    }
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

fn check_texts(p: &Path, prefix: &str, t: &RegisterTexts) -> Result<()> {
    check_len(p, &format!("{prefix}.name"), &t.name, 100)?;
    check_len(
        p,
        &format!("{prefix}.description_short"),
        &t.description_short,
        400,
    )?;
    let required = [
        ("goal", &t.goal),
        ("impact", &t.impact),
        ("lawful_basis", &t.lawful_basis),
        ("human_intervention", &t.human_intervention),
        ("risks", &t.risks),
        ("source_data", &t.source_data),
        ("objection_procedure", &t.objection_procedure),
    ];
    for (field, value) in required {
        if value.trim().is_empty() {
            return Err(Error::field(
                p,
                format!("{prefix}.{field}"),
                "must not be empty",
            ));
        }
    }
    Ok(())
}

fn check_len(p: &Path, field: &str, value: &str, max: usize) -> Result<()> {
    let n = value.chars().count();
    if value.trim().is_empty() {
        return Err(Error::field(p, field, "must not be empty"));
    }
    if n > max {
        return Err(Error::field(
            p,
            field,
            format!("has {n} characters; the register allows at most {max}"),
        ));
    }
    Ok(())
}
