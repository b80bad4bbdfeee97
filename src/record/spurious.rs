//! The spurious-correlation audit's section of the record: associations with the outcome, shared
//! trends, stability over periods and groups, leakage, and proxies for protected attributes.

use serde::{Deserialize, Serialize};

use super::Estimate;
use super::sampling::{FeatureKind, Judgement, SkippedFeature, TestStatistic, Warning};

/// Everything the spurious-correlation audit found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpuriousSection {
    /// The outcome column every feature is tested against (rows where it is observed); empty when
    /// the data have no outcome (then `target_kind` is `None` and nothing is tested).
    pub target: String,
    /// A 0/1 label, a count, or a continuous outcome; `None` when there is no outcome.
    pub target_kind: Option<TargetKind>,
    /// Rows with an observed outcome.
    pub labelled_rows: u64,
    pub features_tested: u64,
    /// `alpha × features_tested`: how many features one expects to pass an uncorrected test by chance
    /// alone when none is related to the outcome.
    pub expected_by_chance: f64,
    /// Features with p < alpha before correction.
    pub significant_uncorrected: u64,
    /// Features significant after the policy's correction over all features.
    pub significant_corrected: u64,
    pub associations: Vec<FeatureAssociation>,
    /// The time column and how many periods it has; `None` without one.
    pub time: Option<TimeColumn>,
    /// Per numeric feature with a significant association, when there is a time column.
    pub trends: Vec<TrendResult>,
    /// Per numeric feature with a significant association: by period and by each group column.
    pub stability: Vec<StabilityResult>,
    pub leakage: Vec<LeakageResult>,
    pub proxies: Vec<ProxyAttribute>,
    /// The surrogate's placebo check: which columns the model's output depends on beyond noise.
    pub placebo: Option<PlaceboResult>,
    /// Columns not tested, and why.
    pub skipped: Vec<SkippedFeature>,
    pub warnings: Vec<Warning>,
    /// Tests in the audit's two correction families (associations; every other check).
    pub comparisons_tested: u64,
    pub too_small: u64,
    pub undefined: u64,
}

impl SpuriousSection {
    /// The section of data without an outcome to test against: nothing tested, and a warning that
    /// says so.
    pub fn without_outcome() -> Self {
        SpuriousSection {
            target: String::new(),
            target_kind: None,
            labelled_rows: 0,
            features_tested: 0,
            expected_by_chance: 0.0,
            significant_uncorrected: 0,
            significant_corrected: 0,
            associations: Vec::new(),
            time: None,
            trends: Vec::new(),
            stability: Vec::new(),
            leakage: Vec::new(),
            proxies: Vec::new(),
            placebo: None,
            skipped: Vec::new(),
            warnings: vec![Warning {
                text_nl: "Geen toets op schijnverbanden: de data hebben geen uitkomst om kolommen mee te vergelijken \
                          (geef een label, een telling of een uitkomstkolom)."
                    .into(),
                text_en: "No spurious-correlation check: the data have no outcome to compare columns with \
                          (give a label, a count or an outcome column)."
                    .into(),
            }],
            comparisons_tested: 0,
            too_small: 0,
            undefined: 0,
        }
    }
}

/// The time column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeColumn {
    pub column: String,
    pub periods: u64,
    pub first: String,
    pub last: String,
}

/// What kind of outcome the spurious audit tests against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A 0/1 label.
    Binary,
    /// A count (whole numbers ≥ 0), such as recorded incidents.
    Count,
    /// Any other number, such as a rate.
    Continuous,
}

/// How a feature's association with the outcome is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssociationMeasure {
    /// Numeric feature, 0/1 outcome: AUC (Mann–Whitney), `P(feature higher for a positive)`.
    Auc,
    /// Categorical feature, 0/1 outcome: Cramér's V (χ² test).
    CramersV,
    /// Numeric feature, numeric outcome: Spearman's rank correlation (Fisher-z interval).
    Spearman,
    /// Categorical feature, numeric outcome: ε² of the Kruskal–Wallis test.
    EpsilonSquared,
}

/// A correlation with its interval and test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrelationEstimate {
    pub r: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub n: u64,
    pub df: f64,
    pub p_value: f64,
}

/// One feature against the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureAssociation {
    pub feature: String,
    pub kind: FeatureKind,
    /// Whether the manifest names it as a model input; `None` when the manifest does not say.
    pub model_input: Option<bool>,
    /// Labelled rows with a value.
    pub rows: u64,
    /// Labelled rows with an empty cell.
    pub missing: u64,
    pub measure: AssociationMeasure,
    /// AUC (DeLong interval) or Cramér's V (bootstrap interval).
    pub effect: Estimate,
    /// Point-biserial (Pearson) correlation, numeric features.
    pub pearson: Option<CorrelationEstimate>,
    pub spearman: Option<CorrelationEstimate>,
    /// χ² test of independence (categorical features, 0/1 outcome), or the Kruskal–Wallis H with its
    /// χ² p-value (categorical features, numeric outcome).
    pub chi_square: Option<TestStatistic>,
    /// Mutual information in bits (numeric features over their deciles), with its G-test.
    pub mutual_information_bits: Option<f64>,
    pub g_test: Option<TestStatistic>,
    /// Mann–Whitney (numeric) or χ² (categorical), corrected over all features. `Flagged` here
    /// means "associated", which is not a finding by itself.
    pub judgement: Judgement,
}

/// Does an association survive removing the time trend?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendResult {
    pub feature: String,
    /// Correlation over all labelled rows.
    pub overall: CorrelationEstimate,
    /// Correlation within periods (both columns centred on their period means); `None` with one row
    /// per period.
    pub within_periods: Option<CorrelationEstimate>,
    /// The feature's share of variance within periods; below 5% the within-period view is not used.
    pub within_variance_share: Option<f64>,
    /// Within-period slope of the outcome on the feature over its overall slope.
    pub within_slope_ratio: Option<f64>,
    /// The period means of the feature and the outcome as two series.
    pub series: SeriesTrend,
    /// Why the association is carried by the time pattern (empty when it is not).
    pub reasons: Vec<TrendReason>,
    /// `Flagged`: carried by the shared time pattern; `Uncertain`: the association rests on
    /// period-level values and the periods do not support it; `WithinBand`: it holds.
    pub judgement: Judgement,
}

/// Two series over time: the raw correlation and what is left after removing trends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesTrend {
    pub points: u64,
    pub raw: Option<CorrelationEstimate>,
    /// Correlation of the first differences.
    pub differenced: Option<CorrelationEstimate>,
    /// Correlation of the residuals after a straight-line trend (df = points − 3).
    pub detrended: Option<CorrelationEstimate>,
    /// Lag-1 autocorrelation of the feature series and of the outcome series.
    pub autocorrelation_feature: Option<f64>,
    pub autocorrelation_outcome: Option<f64>,
    /// Bartlett/Bretherton effective number of independent points.
    pub effective_points: Option<f64>,
    /// p-value of the raw correlation on `effective_points − 2` degrees of freedom.
    pub p_effective: Option<f64>,
    /// Why the series says the correlation is trend-driven, if it does (empty otherwise).
    pub reasons: Vec<TrendReason>,
}

/// Why a series correlation is not evidence of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendReason {
    /// Fewer effective points than the policy's minimum.
    TooFewEffectivePoints,
    /// Not significant once the autocorrelation is accounted for.
    NotSignificantAfterAutocorrelation,
    /// Not significant after a straight-line trend is removed.
    CollapsesWhenDetrended,
    /// Not significant in first differences.
    CollapsesWhenDifferenced,
    /// Within periods the association is gone.
    CollapsesWithinPeriods,
}

/// A feature's association per stratum (periods, or the groups of one column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StabilityResult {
    pub feature: String,
    /// Whether the manifest names the feature as a model input; `None` when it does not say.
    pub model_input: Option<bool>,
    /// The time column or the group column that defines the strata.
    pub by: String,
    pub overall_r: f64,
    /// The sign strata are compared with: the pooled within-stratum correlation (or the overall one
    /// when fewer than two strata have enough rows).
    pub direction: f64,
    pub strata: Vec<StratumCorrelation>,
    /// Cochran's Q and I² over the strata (Fisher z).
    pub heterogeneity: Option<HeterogeneityTest>,
    /// Strata whose correlation is significant with the opposite sign of `direction`.
    pub sign_flips: Vec<String>,
    /// The stratum without which the association disappears, if there is one.
    pub rests_on: Option<String>,
    pub judgement: Judgement,
}

/// One stratum's correlation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumCorrelation {
    pub stratum: String,
    pub rows: u64,
    /// `None` below the policy's minimum rows or without variation.
    pub correlation: Option<CorrelationEstimate>,
    /// Correlation of all rows except this stratum.
    pub without: Option<CorrelationEstimate>,
}

/// Cochran's Q test of equal correlations, with I².
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeterogeneityTest {
    pub strata: u64,
    pub pooled_r: f64,
    pub q: f64,
    pub df: u64,
    pub p_value: f64,
    pub i_squared: f64,
}

/// Which kind of leak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeakKind {
    /// The feature alone nearly determines the outcome (AUC at least the policy's `leakage_auc`).
    NearlyDeterminesOutcome,
    /// Unique per row and still related to the outcome (within periods, when there is a time column).
    IdentifierLike,
    /// Empty cells only in positive rows.
    MissingOnlyWhenPositive,
    /// Empty cells only in negative rows.
    MissingOnlyWhenNegative,
}

/// One leakage check of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeakageResult {
    pub feature: String,
    pub kind: LeakKind,
    /// AUC for the first two kinds; the share of empty cells in the rows concerned otherwise. `None` for
    /// an identifier-like column whose order could not be tested (see the judgement's reason).
    pub value: Option<f64>,
    /// What was measured, in words.
    pub detail: String,
    /// The interval of `value` at the policy's level, where one exists (a numeric column's folded
    /// DeLong interval for a 0/1 outcome; the jackknife interval of the concordance C for a numeric
    /// outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<[f64; 2]>,
    pub judgement: Judgement,
}

/// How well the features predict one protected attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyAttribute {
    pub attribute: String,
    pub groups: u64,
    pub features: Vec<ProxyFeature>,
    /// The best few features together, by greedy forward selection.
    pub reconstruction: Option<Reconstruction>,
}

/// One feature as a predictor of a protected attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyFeature {
    pub feature: String,
    /// Whether the model uses it: named in `spurious.inputs`, or, when the manifest names no inputs,
    /// whether the placebo surrogate's output depends on it beyond noise; `None` when neither is known.
    pub model_input: Option<bool>,
    pub rows: u64,
    /// Cramér's V of the feature (numeric: its deciles) and the attribute, with a bootstrap interval.
    pub cramers_v: Estimate,
    pub chi_square: Option<TestStatistic>,
    /// `Flagged`: a strong proxy that the model uses (a finding). Strong proxies the manifest does
    /// not name as inputs are `Uncertain` with the reason.
    pub judgement: Judgement,
}

/// Several features together predicting the attribute (naive Bayes over binned features, two-fold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reconstruction {
    /// In the order greedy forward selection added them.
    pub features: Vec<String>,
    pub rows: u64,
    /// Out-of-fold share of rows whose attribute is predicted correctly.
    pub accuracy: f64,
    /// The share of the largest group (what guessing it for everyone gets right).
    pub baseline: f64,
    /// Cohen's κ of predicted vs actual (0: chance, 1: perfect).
    pub kappa: f64,
}

/// A linear surrogate of the model's output, with seeded noise columns as placebo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceboResult {
    /// The column (or rule) the surrogate imitates: the score, the predicted count or the prediction.
    pub output: String,
    pub fit_rows: u64,
    pub test_rows: u64,
    /// Held-out R² of the surrogate: how much of the model's output it captures.
    pub r_squared: f64,
    pub noise_columns: u64,
    /// The largest importance of a noise column.
    pub noise_floor: f64,
    pub noise_importance: Vec<f64>,
    pub features: Vec<PlaceboFeature>,
}

/// One column's permutation importance in the surrogate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceboFeature {
    pub feature: String,
    pub model_input: Option<bool>,
    /// Rise in held-out squared error when the column is shuffled, as a share of the output's variance.
    pub importance: f64,
    /// True when the importance exceeds the noise floor and 0.001 (0.1% of the output's variance).
    pub above_noise: bool,
}
