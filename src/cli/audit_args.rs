//! The `audit` command's arguments ([`AuditArgs`]) and their conversion into a validated job
//! ([`AuditJob`]): a registered model's folder, or a quick audit's data spec and read mode.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use algoreg::manifest::{
    ColumnKinds, CountSpec, DataSpec, DriftSpec, GroupSpec, IntersectionSpec, Period,
    PopulationSpec, PredictionSpec, ReferenceGroup, ReportingSpec, SamplingSpec,
    spurious::SpuriousSpec,
};
use algoreg::register::{ReadMode, Register};
use algoreg::stream::StreamOptions;

#[derive(Debug, Args)]
pub(super) struct AuditArgs {
    /// The model folder (models/<id>, holding model.toml). Leave out for quick mode.
    model_dir: Option<PathBuf>,
    /// Print the full record as JSON instead of the summary.
    #[arg(long)]
    pub(super) json: bool,
    /// The register folder (default: the folder above models/, else the current folder).
    #[arg(long)]
    register: Option<PathBuf>,
    /// Quick mode: the scored file, CSV or Parquet (`.parquet`, always streamed).
    #[arg(long, conflicts_with = "model_dir")]
    data: Option<PathBuf>,
    /// Quick mode: the observed outcome column (0/1 or true/false; empty = not observed). Leave it
    /// and the prediction out for data without a model's decisions: then only the sampling and
    /// spurious audits run.
    #[arg(long, requires = "data")]
    label: Option<String>,
    /// Quick mode: the outcome the spurious audit tests every column against (0/1, a count or any
    /// number; default: --count, else --label).
    #[arg(long, requires = "data", value_name = "COL")]
    outcome: Option<String>,
    /// Quick mode: an independent incidence estimate per group (attribute, group,
    /// per_1000_per_year, standard_error, source, year): the sampling audit compares the events
    /// recorded per group with it (needs --events and --period).
    #[arg(long, requires_all = ["data", "events", "period"], value_name = "FILE")]
    incidence: Option<PathBuf>,
    /// Quick mode: the column of events recorded per row (with --incidence).
    #[arg(long, requires = "incidence", value_name = "COL")]
    events: Option<String>,
    /// Quick mode: the column of residents a row stands for (with --incidence; default 1 per row).
    #[arg(long, requires = "incidence", value_name = "COL")]
    exposure: Option<String>,
    /// Quick mode: the time one row covers: day, week, month, quarter or year (with --incidence).
    #[arg(long, requires = "incidence", value_name = "PERIOD")]
    period: Option<String>,
    /// Quick mode: the group column compared with --incidence (default: the first --group); its
    /// groups are the incidence file's groups of the attribute with the same name.
    #[arg(long, requires = "incidence", value_name = "COL")]
    reporting_group: Option<String>,
    /// Quick mode: a group every other is compared with in the reporting comparison (default: each
    /// group against all others together).
    #[arg(long, requires = "incidence", value_name = "GROUP")]
    reporting_reference: Option<String>,
    /// Quick mode: population counts per group (attribute, group, population, source, year): the
    /// sampling audit compares each --group column's shares with it (needs --unit).
    #[arg(long, requires_all = ["data", "unit"], value_name = "FILE")]
    population: Option<PathBuf>,
    /// Quick mode: what one data row is, in the population file's unit (with --population).
    #[arg(long, requires = "population", value_name = "UNIT")]
    unit: Option<String>,
    /// Quick mode: the 0/1 prediction column.
    #[arg(long, requires = "data", conflicts_with = "score")]
    prediction: Option<String>,
    /// Quick mode: a score column; `score >= threshold` is predicted positive.
    #[arg(long, requires_all = ["data", "threshold"])]
    score: Option<String>,
    /// Quick mode: the threshold for --score.
    #[arg(long, requires = "score")]
    threshold: Option<f64>,
    /// Quick mode: a group column (repeat for more).
    #[arg(long = "group", requires = "data")]
    groups: Vec<String>,
    /// Quick mode: COL=VALUE, the reference group of a group column (default: its largest group).
    #[arg(long = "reference", requires = "data")]
    references: Vec<String>,
    /// Quick mode: compare a group column's groups with its best-off group (on the first judged
    /// metric with a direction) instead of the largest.
    #[arg(long = "best-off", requires = "data", value_name = "COL")]
    best_off: Vec<String>,
    /// Quick mode: an intersection of group columns, comma-separated (e.g. `wijk,leeftijd`); repeat
    /// for more. Its reference is the largest intersectional group.
    #[arg(long = "intersect", requires = "data", value_name = "COL,COL[,…]")]
    intersections: Vec<String>,
    /// Quick mode: the observed count column of a count prediction (with --predicted-count).
    #[arg(long, requires_all = ["data", "predicted_count"], value_name = "COL")]
    count: Option<String>,
    /// Quick mode: the predicted count column (with --count).
    #[arg(long, requires = "count", value_name = "COL")]
    predicted_count: Option<String>,
    /// Quick mode: the training data (CSV); the sampling audit compares every column it shares with
    /// --data (except the outcome and prediction) for drift.
    #[arg(long, requires = "data", value_name = "FILE")]
    training: Option<PathBuf>,
    /// Quick mode: the time column (numbers, or text that sorts in time order); the spurious audit
    /// then checks each association for a shared time trend and for stability over periods.
    #[arg(long, requires = "data", value_name = "COL")]
    time: Option<String>,
    /// Quick mode: a column the spurious audit leaves out (an id you know about); repeat for more.
    #[arg(long = "exclude", requires = "data", value_name = "COL")]
    exclude: Vec<String>,
    /// Quick mode: a column of numbers that holds codes (a postcode): read as categories; repeat.
    #[arg(long = "categorical", requires = "data", value_name = "COL")]
    categorical: Vec<String>,
    /// Quick mode: a column read as numbers even where it looks like a code; repeat.
    #[arg(long = "numeric", requires = "data", value_name = "COL")]
    numeric: Vec<String>,
    /// Quick mode: a column the model uses as input (a strong proxy among them is a finding); repeat.
    #[arg(long = "input", requires = "data", value_name = "COL")]
    inputs: Vec<String>,
    /// Quick mode: the committee's policy file (its `[default]` table) instead of the built-in one.
    #[arg(long, requires = "data", value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Stream the scored file in chunks: every row is folded into the subgroup audit, the sampling
    /// and spurious audits read a uniform sample (default: files over 512 MiB are streamed).
    #[arg(long, conflicts_with = "in_memory")]
    stream: bool,
    /// Read the whole scored file into memory, however large.
    #[arg(long)]
    in_memory: bool,
    /// Streaming: rows in the sample the sampling and spurious audits read.
    #[arg(long, value_name = "ROWS")]
    sample_rows: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    pub(super) quiet: bool,
}

/// What `audit` was asked to do, validated.
pub(super) enum AuditJob {
    Registered {
        register: Register,
        model_dir: PathBuf,
    },
    Quick(Box<DataSpec>, ReadMode, Option<PathBuf>),
}

impl AuditArgs {
    fn read_mode(&self) -> anyhow::Result<ReadMode> {
        let mut options = StreamOptions::default();
        if let Some(rows) = self.sample_rows {
            if rows == 0 {
                bail!("--sample-rows must be at least 1");
            }
            options.sample_rows = rows;
        }
        Ok(match (self.stream, self.in_memory) {
            (true, _) => ReadMode::Streamed(options),
            (_, true) => ReadMode::InMemory,
            _ if self.sample_rows.is_some() => bail!("--sample-rows goes with --stream"),
            _ => ReadMode::Auto,
        })
    }

    pub(super) fn into_job(self) -> anyhow::Result<AuditJob> {
        let read = self.read_mode()?;
        if let Some(model_dir) = self.model_dir {
            let register = self
                .register
                .map(Register::new)
                .unwrap_or_else(|| Register::containing(&model_dir))
                .reading(read);
            return Ok(AuditJob::Registered {
                register,
                model_dir,
            });
        }
        let Some(file) = self.data else {
            bail!("give a model folder (algoreg audit models/<id>) or --data FILE for quick mode");
        };
        let label = self.label;
        let prediction = match (self.prediction, self.score, self.threshold) {
            (Some(p), None, _) => Some(PredictionSpec::Column(p)),
            (None, Some(column), Some(threshold)) => {
                Some(PredictionSpec::Score { column, threshold })
            }
            (None, None, _) => None,
            _ => bail!("give --prediction COL, or --score COL with --threshold T"),
        };
        if prediction.is_some() && label.is_none() {
            bail!("a prediction needs --label COL: the observed outcome it is judged against");
        }
        let what = label.is_some()
            || self.outcome.is_some()
            || self.incidence.is_some()
            || self.population.is_some()
            || self.training.is_some();
        if !what {
            bail!(
                "quick mode needs something to audit: --label with --prediction (or --score), \
                 --outcome, --incidence or --population"
            );
        }
        if prediction.is_some() && self.groups.is_empty() {
            bail!("quick mode needs at least one --group COL");
        }
        let group_names = self.groups.clone();
        let mut groups: Vec<GroupSpec> = self
            .groups
            .into_iter()
            .map(|column| GroupSpec {
                column,
                reference: ReferenceGroup::Largest,
            })
            .collect();
        for r in self.references {
            let Some((col, value)) = r.split_once('=') else {
                bail!("--reference {r:?}: write it as COL=VALUE");
            };
            let Some(g) = groups.iter_mut().find(|g| g.column == col) else {
                bail!("--reference {r:?}: `{col}` is not one of the --group columns");
            };
            g.reference = ReferenceGroup::Named(value.to_string());
        }
        for col in self.best_off {
            let Some(g) = groups.iter_mut().find(|g| g.column == col) else {
                bail!("--best-off {col:?}: not one of the --group columns");
            };
            if g.reference != ReferenceGroup::Largest {
                bail!("--best-off {col:?}: this column already has a --reference");
            }
            g.reference = ReferenceGroup::BestOff;
        }
        let intersections = self
            .intersections
            .iter()
            .map(|list| IntersectionSpec {
                columns: list.split(',').map(|c| c.trim().to_string()).collect(),
                reference: ReferenceGroup::Largest,
            })
            .collect();
        let count = self.count.map(|observed| CountSpec {
            observed,
            predicted: self.predicted_count.unwrap_or_default(),
        });
        let reporting = match self.incidence {
            None => None,
            Some(file) => {
                let period_name = self.period.unwrap_or_default();
                let Some(period) = Period::parse(&period_name) else {
                    bail!("--period {period_name:?}: give day, week, month, quarter or year");
                };
                let column = match self
                    .reporting_group
                    .or_else(|| group_names.first().cloned())
                {
                    Some(c) => c,
                    None => {
                        bail!("--incidence needs the group column it is compared by: --group COL")
                    }
                };
                if !group_names.contains(&column) {
                    bail!("--reporting-group {column:?}: not one of the --group columns");
                }
                Some(ReportingSpec {
                    file,
                    attribute: column.clone(),
                    column,
                    events: self.events.unwrap_or_default(),
                    exposure: self.exposure,
                    period,
                    reference: self.reporting_reference,
                })
            }
        };
        let population = match (self.population, self.unit) {
            (Some(file), Some(unit)) => {
                if group_names.is_empty() {
                    bail!("--population needs the group columns to compare: --group COL");
                }
                Some(PopulationSpec {
                    file,
                    unit,
                    attributes: group_names.iter().map(|g| (g.clone(), g.clone())).collect(),
                })
            }
            _ => None,
        };
        let spec = DataSpec {
            origin: PathBuf::from("<command line>"),
            file,
            label,
            prediction,
            groups,
            intersections,
            count,
            sampling: SamplingSpec {
                drift: self.training.map(|training| DriftSpec {
                    training,
                    features: None,
                }),
                reporting,
                population,
            },
            spurious: SpuriousSpec {
                features: None,
                exclude: self.exclude,
                time: self.time,
                protected: None,
                inputs: (!self.inputs.is_empty()).then_some(self.inputs),
                outcome: self.outcome,
            },
            map: None,
            kinds: ColumnKinds {
                categorical: self.categorical,
                numeric: self.numeric,
            }
            .validate(std::path::Path::new("<command line>"))?,
        }
        .validate()?;
        Ok(AuditJob::Quick(Box::new(spec), read, self.policy))
    }
}
