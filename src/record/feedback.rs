//! The feedback-loop simulation's section of the audit record: where patrols went round by round, with
//! and without a share of random patrols, against where the incidents truly are.

use serde::{Deserialize, Serialize};

/// A measure over the simulation's replications: the mean with its 95% confidence interval
/// (`mean ± t₀.₉₇₅,ₙ₋₁·s/√n`), and the 2.5th and 97.5th percentiles of the single runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub low: f64,
    pub high: f64,
}

/// The simulation's settings and results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackSection {
    /// The column the results are per (neighbourhood).
    pub area_column: String,
    pub cells: usize,
    /// Cells patrolled per round.
    pub patrols: usize,
    pub rounds: usize,
    /// Periods of recorded history each retraining uses.
    pub retrain_window: usize,
    /// P(a patrol records an incident residents did not report).
    pub detection: f64,
    pub replications: usize,
    pub seed: u64,
    /// Where the reporting rates come from: the sampling audit's survey comparison, or an assumption.
    pub reporting_source: String,
    /// Rounds at the end whose mean is reported as "late".
    pub late_rounds: usize,
    pub areas: Vec<FeedbackArea>,
    /// `top-k` (patrols follow the model), `random-share` (a share of patrols at random cells) and
    /// `random-control` (the same, and the model learns only from reports and the random patrols).
    pub arms: Vec<FeedbackArm>,
}

/// One area (neighbourhood).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackArea {
    pub area: String,
    pub cells: usize,
    /// Share of incidents that residents report here.
    pub reporting_rate: f64,
    /// Share of all true incidents that happen here.
    pub true_share: f64,
    /// Share of patrols here if patrols went to the cells with the most true incidents.
    pub oracle_share: f64,
    /// Per arm, in the order of `FeedbackSection::arms`.
    pub arms: Vec<AreaArm>,
}

/// One area in one arm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaArm {
    /// Share of patrols in the first round.
    pub patrol_first: Spread,
    /// Share of patrols over the late rounds.
    pub patrol_late: Spread,
    /// Share of what the model learns from over the late rounds.
    pub recorded_late: Spread,
    /// Share of the model's predicted incidents over the late rounds.
    pub belief_late: Spread,
}

/// One arm of the simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackArm {
    /// `top-k` or `random-share`.
    pub name: String,
    pub random_share: f64,
    /// What the retrained model learns from.
    pub learns_from: String,
    /// Mean over replications, per round: total variation distance between the patrols' shares by
    /// area and the true incidents' shares, `½ Σ |patrol share − true share|`.
    pub divergence_by_round: Vec<f64>,
    pub divergence_first: Spread,
    pub divergence_late: Spread,
    /// Late minus first-round divergence, paired by replication.
    pub growth: Spread,
    /// Allocation runs away from true incidence: the growth's confidence interval lies above 0.
    pub runs_away: bool,
    /// This arm's growth minus the top-k arm's, paired by replication (`None` for top-k itself).
    pub mitigation: Option<Spread>,
    /// The same distance for the model's predicted incidents (its picture of the city).
    pub belief_first: Spread,
    pub belief_late: Spread,
    /// The same distance for what the model learns from (its training target), first and late.
    pub record_first: Spread,
    pub record_late: Spread,
    /// Distance between the patrols' shares by area and the oracle's, first and late.
    pub allocation_first: Spread,
    pub allocation_late: Spread,
    /// Share of the late rounds' directed patrols at cells outside the oracle's top-k.
    pub misdirected_late: Spread,
    /// Share of the late rounds' directed patrols at cells the first round's directed patrols visited.
    pub lock_in: Spread,
}
