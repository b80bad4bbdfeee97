//! The model manifest (`models/<id>/model.toml`): its serde shape and its validation into [`ModelSpec`].
//!
//! Field names follow the Dutch Algoritmeregister publication standard (API v1_0 names where the API has
//! one; `theme` is the API's `category`, `publication_category` takes the register's three values).
//! Texts a citizen reads come in a `[register.nl]` table (required) and a `[register.en]` table
//! (optional, field by field; a missing English text falls back to Dutch and is marked as such).

pub mod model;
pub mod sampling;
pub mod spurious;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
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

/// `[data]`: the scored file and its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// The scored CSV file, relative to the model folder.
    pub file: String,
    /// What one row stands for (a house, a grid cell in a week, a resident).
    #[serde(default)]
    pub row_unit: Option<String>,
    /// The observed outcome column: 0/1 or true/false; an empty cell means "not observed".
    pub label: String,
    /// A 0/1 prediction column (give this, or `score` with `threshold`).
    #[serde(default)]
    pub prediction: Option<String>,
    /// A numeric score column; rows with `score >= threshold` are predicted positive.
    #[serde(default)]
    pub score: Option<String>,
    /// The decision threshold for `score`.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Count predictions: the observed count column (e.g. recorded incidents per cell-week).
    #[serde(default)]
    pub count: Option<String>,
    /// Count predictions: the predicted count column (same unit as `count`, ≥ 0).
    #[serde(default)]
    pub predicted_count: Option<String>,
    /// The attributes the audit splits by.
    pub groups: Vec<GroupSection>,
    /// Intersectional groups: combinations of two or more of the group columns.
    #[serde(default)]
    pub intersections: Vec<IntersectionSection>,
}

/// One `[[data.intersections]]` entry: e.g. `columns = ["neighbourhood", "owner_type"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntersectionSection {
    /// Two or more columns of `[[data.groups]]`.
    pub columns: Vec<String>,
    /// A named reference, its parts joined by ` × ` in the order of `columns`.
    #[serde(default)]
    pub reference: Option<String>,
    /// `largest` (default) or `best-off`, when no `reference` is named.
    #[serde(default)]
    pub reference_rule: Option<String>,
}

/// One `[[data.groups]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSection {
    /// The column holding the group of each row.
    pub column: String,
    /// The reference group that others are compared with; the largest group when left out.
    #[serde(default)]
    pub reference: Option<String>,
    /// `largest` (default) or `best-off`, when no `reference` is named.
    #[serde(default)]
    pub reference_rule: Option<String>,
}

/// How a row's predicted class is found.
#[derive(Debug, Clone, PartialEq)]
pub enum PredictionSpec {
    /// A 0/1 column.
    Column(String),
    /// `score >= threshold` on a numeric column.
    Score { column: String, threshold: f64 },
}

/// Which group of an attribute the others are compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceGroup {
    /// A named group.
    Named(String),
    /// The group with the most rows (ties: the first in sorted order).
    Largest,
    /// The group best off on the policy's first judged metric that has a direction (lowest FNR,
    /// FPR, FDR or FOR; highest TPR, TNR, PPV, NPV or accuracy), among groups whose rate rests on at
    /// least `min_group_size` rows. A data-driven choice: ratios to it lean away from 1.
    BestOff,
}

impl ReferenceGroup {
    /// From the manifest's `reference` and `reference_rule` fields (or the command line).
    pub fn from_parts(
        named: Option<&str>,
        rule: Option<&str>,
        origin: &Path,
        field: &str,
    ) -> Result<Self> {
        match (named, rule) {
            (Some(name), None) => Ok(ReferenceGroup::Named(name.to_string())),
            (None, None | Some("largest")) => Ok(ReferenceGroup::Largest),
            (None, Some("best-off")) => Ok(ReferenceGroup::BestOff),
            (None, Some(other)) => Err(Error::field(
                origin,
                format!("{field}.reference_rule"),
                format!("`{other}` is not `largest` or `best-off`"),
            )),
            (Some(_), Some(_)) => Err(Error::field(
                origin,
                format!("{field}.reference_rule"),
                "give `reference` (a named group) or `reference_rule`, not both",
            )),
        }
    }
}

/// A validated intersection of two or more group columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntersectionSpec {
    pub columns: Vec<String>,
    pub reference: ReferenceGroup,
}

/// Count predictions: the observed and the predicted count column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountSpec {
    pub observed: String,
    pub predicted: String,
}

/// Joins the parts of an intersectional group or attribute name.
pub const INTERSECTION_SEPARATOR: &str = " × ";

/// A validated group attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSpec {
    pub column: String,
    pub reference: ReferenceGroup,
}

/// A validated description of a scored file: what the loader and the audits work from.
/// Built from a manifest or from the quick-mode command line.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSpec {
    /// Where this description came from (the manifest file, or `<command line>`), for error messages.
    pub origin: PathBuf,
    pub file: PathBuf,
    pub label: String,
    pub prediction: PredictionSpec,
    pub groups: Vec<GroupSpec>,
    pub intersections: Vec<IntersectionSpec>,
    pub count: Option<CountSpec>,
    /// What the sampling audit compares the data with (empty in quick mode unless given).
    pub sampling: SamplingSpec,
    /// What the spurious-correlation audit tests (defaults in quick mode).
    pub spurious: spurious::SpuriousSpec,
}

impl DataSpec {
    /// `(role, column)` of the outcome and the model's output: label, prediction (or score) and the
    /// count columns. These are never input features.
    pub fn output_columns(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![
            ("label", self.label.as_str()),
            (
                "prediction",
                match &self.prediction {
                    PredictionSpec::Column(c) => c.as_str(),
                    PredictionSpec::Score { column, .. } => column.as_str(),
                },
            ),
        ];
        if let Some(c) = &self.count {
            out.push(("count", c.observed.as_str()));
            out.push(("predicted_count", c.predicted.as_str()));
        }
        out
    }

    /// Checks the column roles: a prediction source, at least one group, no column in two roles.
    pub fn validate(self) -> Result<Self> {
        let origin = self.origin.as_path();
        if self.groups.is_empty() {
            return Err(Error::field(
                origin,
                "data.groups",
                "name at least one group column",
            ));
        }
        if let PredictionSpec::Score { threshold, .. } = &self.prediction {
            if !threshold.is_finite() {
                return Err(Error::field(
                    origin,
                    "data.threshold",
                    format!("must be a finite number, got {threshold}"),
                ));
            }
        }
        let prediction_column = match &self.prediction {
            PredictionSpec::Column(c) => c,
            PredictionSpec::Score { column, .. } => column,
        };
        let mut seen: Vec<(&str, &str)> =
            vec![("label", &self.label), ("prediction", prediction_column)];
        for g in &self.groups {
            seen.push(("group", &g.column));
        }
        if let Some(c) = &self.count {
            seen.push(("count", &c.observed));
            seen.push(("predicted_count", &c.predicted));
        }
        for (i, (role, col)) in seen.iter().enumerate() {
            if col.trim().is_empty() {
                return Err(Error::field(
                    origin,
                    format!("data.{role}"),
                    "column name is empty",
                ));
            }
            if let Some((other, _)) = seen[..i].iter().find(|(_, c)| c == col) {
                return Err(Error::field(
                    origin,
                    format!("data.{role}"),
                    format!("column `{col}` is already used as the {other} column"),
                ));
            }
        }
        for (i, x) in self.intersections.iter().enumerate() {
            let field = format!("data.intersections[{i}].columns");
            if x.columns.len() < 2 {
                return Err(Error::field(
                    origin,
                    field,
                    "an intersection combines at least two group columns",
                ));
            }
            for (j, col) in x.columns.iter().enumerate() {
                if !self.groups.iter().any(|g| &g.column == col) {
                    return Err(Error::field(
                        origin,
                        field,
                        format!("`{col}` is not one of the group columns"),
                    ));
                }
                if x.columns[..j].contains(col) {
                    return Err(Error::field(
                        origin,
                        field,
                        format!("`{col}` appears twice"),
                    ));
                }
            }
        }
        Ok(self)
    }
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
    if let Some(folder) = dir.file_name().and_then(|f| f.to_str()) {
        if folder != manifest.id {
            return Err(Error::field(
                p,
                "id",
                format!("`{}` differs from the folder name `{folder}`", manifest.id),
            ));
        }
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

fn data_spec(d: &DataSection, dir: &Path, p: &Path) -> Result<DataSpec> {
    let prediction = match (&d.prediction, &d.score, d.threshold) {
        (Some(col), None, None) => PredictionSpec::Column(col.clone()),
        (None, Some(col), Some(t)) => PredictionSpec::Score {
            column: col.clone(),
            threshold: t,
        },
        (None, Some(_), None) => {
            return Err(Error::field(
                p,
                "data.threshold",
                "required when `score` is given",
            ));
        }
        (None, None, _) => {
            return Err(Error::field(
                p,
                "data.prediction",
                "give `prediction`, or `score` with `threshold`",
            ));
        }
        (Some(_), _, _) => {
            return Err(Error::field(
                p,
                "data.prediction",
                "give either `prediction` or `score`, not both",
            ));
        }
    };
    let file = inside_model_folder(&d.file, dir, p, "data.file")?;
    let count = match (&d.count, &d.predicted_count) {
        (Some(observed), Some(predicted)) => Some(CountSpec {
            observed: observed.clone(),
            predicted: predicted.clone(),
        }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(Error::field(
                p,
                "data.predicted_count",
                "required when `count` is given",
            ));
        }
        (None, Some(_)) => {
            return Err(Error::field(
                p,
                "data.count",
                "required when `predicted_count` is given",
            ));
        }
    };
    let groups = d
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            Ok(GroupSpec {
                column: g.column.clone(),
                reference: ReferenceGroup::from_parts(
                    g.reference.as_deref(),
                    g.reference_rule.as_deref(),
                    p,
                    &format!("data.groups[{i}]"),
                )?,
            })
        })
        .collect::<Result<_>>()?;
    let intersections = d
        .intersections
        .iter()
        .enumerate()
        .map(|(i, x)| {
            Ok(IntersectionSpec {
                columns: x.columns.clone(),
                reference: ReferenceGroup::from_parts(
                    x.reference.as_deref(),
                    x.reference_rule.as_deref(),
                    p,
                    &format!("data.intersections[{i}]"),
                )?,
            })
        })
        .collect::<Result<_>>()?;
    DataSpec {
        origin: p.to_path_buf(),
        file,
        label: d.label.clone(),
        prediction,
        groups,
        intersections,
        count,
        sampling: SamplingSpec::default(),
        spurious: spurious::SpuriousSpec::default(),
    }
    .validate()
}

/// A file named by the manifest, resolved against the model folder; it must stay inside that folder.
pub(crate) fn inside_model_folder(
    name: &str,
    dir: &Path,
    p: &Path,
    field: &str,
) -> Result<PathBuf> {
    let file = Path::new(name);
    if name.trim().is_empty()
        || file.is_absolute()
        || file
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(Error::field(
            p,
            field,
            format!("`{name}` must be a path inside the model folder"),
        ));
    }
    Ok(dir.join(file))
}
