//! The ethics committee's thresholds (`audits/policy.toml`): file shape, defaults and resolved [`Rules`].
//!
//! A `[default]` table applies to every model; a `[models.<id>]` table overrides single settings for one
//! model (for example which metrics matter: missed rot for foundations, needless enforcement for hotspots).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::audit::metric::Metric;
use crate::error::{Error, Result};
use crate::stats::Correction;

/// The policy schema this build reads.
pub const POLICY_SCHEMA_VERSION: u32 = 1;

/// The policy used when a register has no `audits/policy.toml` (and in quick mode).
pub const DEFAULT_POLICY_TOML: &str = include_str!("default_policy.toml");

/// `audits/policy.toml` as written by the committee's secretary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub schema_version: u32,
    /// Name and date of the council decision that adopted these thresholds.
    #[serde(default)]
    pub adopted_by: Option<String>,
    #[serde(default)]
    pub default: PolicySettings,
    #[serde(default)]
    pub models: BTreeMap<String, PolicySettings>,
}

/// Settings of one policy table; every field may be left out and falls back to the table above it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySettings {
    /// `[low, high]`: a ratio to the reference group inside this band is acceptable.
    pub ratio_band: Option<[f64; 2]>,
    /// Significance level after correction.
    pub alpha: Option<f64>,
    /// `benjamini-hochberg` or `holm`.
    pub correction: Option<Correction>,
    /// Fewest rows a rate may be computed from before a verdict is given (for both groups compared).
    pub min_group_size: Option<u64>,
    /// Level of all confidence intervals, e.g. 0.95.
    pub confidence_level: Option<f64>,
    /// Metrics that are judged against the band; other metrics are reported but not judged.
    pub metrics: Option<Vec<Metric>>,
    /// Bootstrap replicates behind every bootstrap interval (0 turns the bootstrap off).
    pub bootstrap_replicates: Option<u32>,
    /// Seed of the bootstrap's random stream; with the data it fixes every interval.
    pub bootstrap_seed: Option<u64>,
    /// Population stability index from which a significant shift between training and deployment
    /// data is a finding (0.1: moderate shift; 0.25: large).
    pub drift_psi_floor: Option<f64>,
    /// Spurious audit: a single feature whose AUC for the outcome (either direction) reaches this
    /// nearly determines it and is a leak (Deepchecks' single-feature predictive power of 0.8 is a
    /// warning; 0.95 is near-determination).
    pub leakage_auc: Option<f64>,
    /// Spurious audit: Cramér's V from which a feature is a strong proxy of a protected attribute
    /// (0.5: a large association, Cohen 1988).
    pub proxy_strength: Option<f64>,
    /// Spurious audit: an association whose correlation falls below this share of the raw one once the
    /// time trend is removed (and is then not significant) has collapsed.
    pub trend_collapse: Option<f64>,
    /// Spurious audit: fewest effective (autocorrelation-adjusted) points a correlation over time may
    /// rest on.
    pub min_effective_points: Option<f64>,
    /// Spurious audit: the correction over the features' associations with the outcome. Holm by
    /// default: it bounds the chance that *any* unrelated column passes as related (the familywise
    /// error), where Benjamini–Hochberg bounds only the share of false ones among those that pass.
    pub association_correction: Option<Correction>,
    /// Publication: a group statistic computed from fewer rows than this never appears on a public
    /// page or export (the committee's report shows it). 10 by default, the usual floor of statistical
    /// offices for tables about people (e.g. CBS, Eurostat); at least 1.
    pub suppress_below: Option<u64>,
}

/// Fully resolved, validated rules for one audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub band_low: f64,
    pub band_high: f64,
    pub alpha: f64,
    pub correction: Correction,
    pub min_group_size: u64,
    pub confidence_level: f64,
    pub metrics: Vec<Metric>,
    pub bootstrap_replicates: u32,
    pub bootstrap_seed: u64,
    pub drift_psi_floor: f64,
    pub leakage_auc: f64,
    pub proxy_strength: f64,
    pub trend_collapse: f64,
    pub min_effective_points: f64,
    pub association_correction: Correction,
    pub suppress_below: u64,
}

/// Built-in values when neither the model's table nor `[default]` sets a field: the Aequitas band
/// 0.8–1.25 (the four-fifths rule and its inverse), α = 0.05 with Benjamini–Hochberg, 30 rows, 95%,
/// a PSI of 0.1 for drift (the credit-scoring threshold of a moderate shift, Siddiqi 2006), and for the
/// spurious audit a leak from AUC 0.95, a strong proxy from Cramér's V 0.5, a collapse below half the
/// raw correlation, at least 10 effective points over time, and Holm over the features' associations.
const BUILT_IN: Rules = Rules {
    band_low: 0.8,
    band_high: 1.25,
    alpha: 0.05,
    correction: Correction::BenjaminiHochberg,
    min_group_size: 30,
    confidence_level: 0.95,
    metrics: Vec::new(),
    bootstrap_replicates: 1000,
    bootstrap_seed: 20_251_201,
    drift_psi_floor: 0.1,
    leakage_auc: 0.95,
    proxy_strength: 0.5,
    trend_collapse: 0.5,
    min_effective_points: 10.0,
    association_correction: Correction::Holm,
    suppress_below: 10,
};

/// Most bootstrap replicates a policy may ask for (the audit keeps groups × replicates in memory).
pub const MAX_BOOTSTRAP_REPLICATES: u32 = 100_000;

impl PolicyFile {
    /// Parses and checks a policy file; `path` is used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let file: PolicyFile = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        if file.schema_version != POLICY_SCHEMA_VERSION {
            return Err(Error::field(
                path,
                "schema_version",
                format!(
                    "this algoreg reads version {POLICY_SCHEMA_VERSION}, the file has {}",
                    file.schema_version
                ),
            ));
        }
        file.rules_for(None, path)?;
        for id in file.models.keys() {
            file.rules_for(Some(id), path)?;
        }
        Ok(file)
    }

    /// The built-in default policy.
    pub fn built_in() -> Self {
        Self::parse(DEFAULT_POLICY_TOML, Path::new("<built-in policy>"))
            .expect("the built-in policy is valid")
    }

    /// Resolves the rules for a model (or for quick mode, `None`): model table, then `[default]`,
    /// then the built-in values.
    pub fn rules_for(&self, model: Option<&str>, path: &Path) -> Result<Rules> {
        let table = model.and_then(|m| self.models.get(m));
        let prefix = match (model, table) {
            (Some(m), Some(_)) => format!("models.{m}"),
            _ => "default".to_string(),
        };
        let over = table.cloned().unwrap_or_default();
        let d = &self.default;
        let band = over
            .ratio_band
            .or(d.ratio_band)
            .unwrap_or([BUILT_IN.band_low, BUILT_IN.band_high]);
        let rules = Rules {
            band_low: band[0],
            band_high: band[1],
            alpha: over.alpha.or(d.alpha).unwrap_or(BUILT_IN.alpha),
            correction: over
                .correction
                .or(d.correction)
                .unwrap_or(BUILT_IN.correction),
            min_group_size: over
                .min_group_size
                .or(d.min_group_size)
                .unwrap_or(BUILT_IN.min_group_size),
            confidence_level: over
                .confidence_level
                .or(d.confidence_level)
                .unwrap_or(BUILT_IN.confidence_level),
            metrics: over
                .metrics
                .or_else(|| d.metrics.clone())
                .unwrap_or_else(|| Metric::ALL.to_vec()),
            bootstrap_replicates: over
                .bootstrap_replicates
                .or(d.bootstrap_replicates)
                .unwrap_or(BUILT_IN.bootstrap_replicates),
            bootstrap_seed: over
                .bootstrap_seed
                .or(d.bootstrap_seed)
                .unwrap_or(BUILT_IN.bootstrap_seed),
            drift_psi_floor: over
                .drift_psi_floor
                .or(d.drift_psi_floor)
                .unwrap_or(BUILT_IN.drift_psi_floor),
            leakage_auc: over
                .leakage_auc
                .or(d.leakage_auc)
                .unwrap_or(BUILT_IN.leakage_auc),
            proxy_strength: over
                .proxy_strength
                .or(d.proxy_strength)
                .unwrap_or(BUILT_IN.proxy_strength),
            trend_collapse: over
                .trend_collapse
                .or(d.trend_collapse)
                .unwrap_or(BUILT_IN.trend_collapse),
            min_effective_points: over
                .min_effective_points
                .or(d.min_effective_points)
                .unwrap_or(BUILT_IN.min_effective_points),
            association_correction: over
                .association_correction
                .or(d.association_correction)
                .unwrap_or(BUILT_IN.association_correction),
            suppress_below: over
                .suppress_below
                .or(d.suppress_below)
                .unwrap_or(BUILT_IN.suppress_below),
        };
        let field = |name: &str| format!("{prefix}.{name}");
        if !(rules.band_low > 0.0
            && rules.band_low < 1.0
            && rules.band_high > 1.0
            && rules.band_high.is_finite())
        {
            return Err(Error::field(
                path,
                field("ratio_band"),
                format!(
                    "[{}, {}] must satisfy 0 < low < 1 < high",
                    rules.band_low, rules.band_high
                ),
            ));
        }
        if !(rules.alpha > 0.0 && rules.alpha < 1.0) {
            return Err(Error::field(
                path,
                field("alpha"),
                format!("{} must lie strictly between 0 and 1", rules.alpha),
            ));
        }
        if !(rules.confidence_level > 0.5 && rules.confidence_level < 1.0) {
            return Err(Error::field(
                path,
                field("confidence_level"),
                format!(
                    "{} must lie strictly between 0.5 and 1",
                    rules.confidence_level
                ),
            ));
        }
        if rules.min_group_size == 0 {
            return Err(Error::field(
                path,
                field("min_group_size"),
                "must be at least 1",
            ));
        }
        if rules.bootstrap_replicates > MAX_BOOTSTRAP_REPLICATES {
            return Err(Error::field(
                path,
                field("bootstrap_replicates"),
                format!(
                    "{} is more than the {MAX_BOOTSTRAP_REPLICATES} this algoreg allows",
                    rules.bootstrap_replicates
                ),
            ));
        }
        if !(rules.drift_psi_floor.is_finite() && rules.drift_psi_floor > 0.0) {
            return Err(Error::field(
                path,
                field("drift_psi_floor"),
                format!("{} must be a number above 0", rules.drift_psi_floor),
            ));
        }
        for (name, value, low, high) in [
            ("leakage_auc", rules.leakage_auc, 0.5, 1.0),
            ("proxy_strength", rules.proxy_strength, 0.0, 1.0),
            ("trend_collapse", rules.trend_collapse, 0.0, 1.0),
        ] {
            if !(value > low && value <= high) {
                return Err(Error::field(
                    path,
                    field(name),
                    format!("{value} must lie above {low} and at most {high}"),
                ));
            }
        }
        if rules.suppress_below == 0 {
            return Err(Error::field(
                path,
                field("suppress_below"),
                "must be at least 1",
            ));
        }
        if !(rules.min_effective_points.is_finite() && rules.min_effective_points >= 3.0) {
            return Err(Error::field(
                path,
                field("min_effective_points"),
                format!(
                    "{} must be a number of at least 3",
                    rules.min_effective_points
                ),
            ));
        }
        if rules.metrics.is_empty() {
            return Err(Error::field(
                path,
                field("metrics"),
                "name at least one metric",
            ));
        }
        Ok(rules)
    }
}

/// Where the policy of an audit came from, for the record.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedPolicy {
    pub file: PolicyFile,
    /// Display path (`audits/policy.toml`) or `built-in`.
    pub source: String,
    /// SHA-256 of the exact bytes the policy was parsed from.
    pub sha256: String,
}

/// Loads `path` if it exists, else the built-in default policy.
pub fn load_policy(path: &Path, display: &str) -> Result<LoadedPolicy> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes.clone()).map_err(|_| Error::Toml {
                path: path.to_path_buf(),
                message: "not valid UTF-8".into(),
            })?;
            Ok(LoadedPolicy {
                file: PolicyFile::parse(&text, path)?,
                source: display.to_string(),
                sha256: crate::hash::sha256_hex(&bytes),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(built_in_policy()),
        Err(e) => Err(Error::io(path, "reading the policy", e)),
    }
}

/// Loads a policy file the user named: unlike [`load_policy`], a missing file is an error.
pub fn load_named_policy(path: &Path) -> Result<LoadedPolicy> {
    if !path.exists() {
        return Err(Error::io(
            path,
            "reading the policy",
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    load_policy(path, &path.display().to_string().replace('\\', "/"))
}

/// The built-in policy with its hash.
pub fn built_in_policy() -> LoadedPolicy {
    LoadedPolicy {
        file: PolicyFile::built_in(),
        source: "built-in".to_string(),
        sha256: crate::hash::sha256_hex(DEFAULT_POLICY_TOML.as_bytes()),
    }
}
