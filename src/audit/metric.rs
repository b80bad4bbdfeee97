//! Confusion counts per group and the rate metrics computed from them (each a numerator over a denominator).

use serde::{Deserialize, Serialize};

/// Counts of one group, folded one row at a time.
///
/// `n` and `predicted_positive` count every row; the four confusion cells count only rows whose label
/// was observed (an empty label cell means "not observed", e.g. a house that was never inspected).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfusionCounts {
    pub n: u64,
    pub predicted_positive: u64,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    pub fn_: u64,
}

impl ConfusionCounts {
    /// Adds one row.
    #[inline]
    pub fn add(&mut self, label: Option<bool>, predicted: bool) {
        // Arithmetic instead of a branch on the (random) outcome, which would be mispredicted often.
        let p = u64::from(predicted);
        let (l, y) = label.map_or((0, 0), |y| (1, u64::from(y)));
        self.n += 1;
        self.predicted_positive += p;
        self.tp += l * y * p;
        self.fp += l * (1 - y) * p;
        self.tn += l * (1 - y) * (1 - p);
        self.fn_ += l * y * (1 - p);
    }

    /// Adds another group's counts (for totals and, later, for merging chunks).
    pub fn merge(&mut self, other: &ConfusionCounts) {
        self.n += other.n;
        self.predicted_positive += other.predicted_positive;
        self.tp += other.tp;
        self.fp += other.fp;
        self.tn += other.tn;
        self.fn_ += other.fn_;
    }

    /// Rows with an observed label.
    pub fn labelled(&self) -> u64 {
        self.tp + self.fp + self.tn + self.fn_
    }
}

/// The rate metrics of the subgroup audit. Definitions follow Aequitas / Fairlearn
/// (see `../shared/reference/audit-methods.md`): every metric is `numerator / denominator` of counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// TP / (TP + FN): share of true cases the model finds (recall).
    Tpr,
    /// FN / (TP + FN): share of true cases the model misses.
    Fnr,
    /// FP / (FP + TN): share of non-cases wrongly flagged (false alarms).
    Fpr,
    /// TN / (FP + TN).
    Tnr,
    /// TP / (TP + FP): share of flagged rows that are true cases (precision).
    Ppv,
    /// FP / (TP + FP).
    Fdr,
    /// TN / (TN + FN).
    Npv,
    /// FN / (TN + FN).
    For,
    /// Predicted positive / rows (Aequitas `pprev`); over all rows, labelled or not.
    SelectionRate,
    /// (TP + FN) / labelled rows: the base rate.
    Prevalence,
    /// (TP + TN) / labelled rows.
    Accuracy,
}

impl Metric {
    /// All metrics in report order.
    pub const ALL: [Metric; 11] = [
        Metric::Tpr,
        Metric::Fnr,
        Metric::Fpr,
        Metric::Tnr,
        Metric::Ppv,
        Metric::Fdr,
        Metric::Npv,
        Metric::For,
        Metric::SelectionRate,
        Metric::Prevalence,
        Metric::Accuracy,
    ];

    /// Stable name used in records and policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Tpr => "tpr",
            Metric::Fnr => "fnr",
            Metric::Fpr => "fpr",
            Metric::Tnr => "tnr",
            Metric::Ppv => "ppv",
            Metric::Fdr => "fdr",
            Metric::Npv => "npv",
            Metric::For => "for",
            Metric::SelectionRate => "selection_rate",
            Metric::Prevalence => "prevalence",
            Metric::Accuracy => "accuracy",
        }
    }

    /// Parses a stable name.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// `(numerator, denominator)` of this metric for a group's counts.
    pub fn fraction(self, c: &ConfusionCounts) -> (u64, u64) {
        let positives = c.tp + c.fn_;
        let negatives = c.fp + c.tn;
        let flagged = c.tp + c.fp;
        let cleared = c.tn + c.fn_;
        match self {
            Metric::Tpr => (c.tp, positives),
            Metric::Fnr => (c.fn_, positives),
            Metric::Fpr => (c.fp, negatives),
            Metric::Tnr => (c.tn, negatives),
            Metric::Ppv => (c.tp, flagged),
            Metric::Fdr => (c.fp, flagged),
            Metric::Npv => (c.tn, cleared),
            Metric::For => (c.fn_, cleared),
            Metric::SelectionRate => (c.predicted_positive, c.n),
            Metric::Prevalence => (positives, c.labelled()),
            Metric::Accuracy => (c.tp + c.tn, c.labelled()),
        }
    }

    /// Why the metric is undefined when its denominator is zero.
    pub fn empty_denominator(self) -> &'static str {
        match self {
            Metric::Tpr | Metric::Fnr => "no true cases (label 1) in this group",
            Metric::Fpr | Metric::Tnr => "no non-cases (label 0) in this group",
            Metric::Ppv | Metric::Fdr => "the model flagged no labelled row in this group",
            Metric::Npv | Metric::For => "the model cleared no labelled row in this group",
            Metric::SelectionRate => "no rows in this group",
            Metric::Prevalence | Metric::Accuracy => "no labelled rows in this group",
        }
    }

    /// Whether a higher value is better for the people in the group (the complements of the error rates,
    /// and accuracy). Selection rate and prevalence have no direction.
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Metric::Tpr | Metric::Tnr | Metric::Ppv | Metric::Npv | Metric::Accuracy
        )
    }

    /// Whether a higher value is worse for the people in the group (used to word findings).
    pub fn higher_is_worse(self) -> bool {
        matches!(self, Metric::Fnr | Metric::Fpr | Metric::Fdr | Metric::For)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.as_str()), Some(m));
        }
    }

    #[test]
    fn fractions_by_hand() {
        let mut c = ConfusionCounts::default();
        // 2 TP, 1 FN, 1 FP, 3 TN, and one unlabelled row predicted positive.
        for (l, p) in [(1, 1), (1, 1), (1, 0), (0, 1), (0, 0), (0, 0), (0, 0)] {
            c.add(Some(l == 1), p == 1);
        }
        c.add(None, true);
        assert_eq!(Metric::Tpr.fraction(&c), (2, 3));
        assert_eq!(Metric::Fpr.fraction(&c), (1, 4));
        assert_eq!(Metric::Ppv.fraction(&c), (2, 3));
        assert_eq!(Metric::Npv.fraction(&c), (3, 4));
        assert_eq!(Metric::SelectionRate.fraction(&c), (4, 8));
        assert_eq!(Metric::Prevalence.fraction(&c), (3, 7));
        assert_eq!(Metric::Accuracy.fraction(&c), (5, 7));
    }
}
