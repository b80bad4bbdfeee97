//! The one verdict rule every audit uses: what a test proposes, the "too few rows" guard, the
//! correction over a family of tests, and the verdict each test ends with.
//!
//! **Effects judged against the council's band** (a ratio of rates, a representation or reporting
//! ratio, a leak's AUC, a proxy's Cramér's V): the band says which effects the council tolerates, so
//! an alarm means evidence that the effect lies *beyond* the band, not merely that it differs from no
//! effect. Each such effect gets a [`BandTest`]: the one-sided tests against the band's two edges,
//! `H₀: θ ≤ high` and `H₀: θ ≥ low`, combined as `p = min(1, 2·min(P_above, P_below))` (a Bonferroni
//! union over the two sides, so the test keeps its level whatever the width of the interval). It is
//! the interval-inclusion principle (Berger & Hsu 1996, Statistical Science 11:283; Wellek, *Testing
//! Statistical Hypotheses of Equivalence and Noninferiority*, 2nd ed. 2010, ch. 1): before the
//! correction, `p < α` exactly when the `1 − α` interval lies wholly beyond the band. After the
//! policy's correction over the family:
//! - **flagged**: the adjusted `p` is below `α` (evidence beyond the band: a finding);
//! - **within the band**: the effect's interval at the policy's confidence level lies wholly inside
//!   the band (at α = 0.05 and 95%, two one-sided tests at 2.5% each, Schuirmann 1987, Journal of
//!   Pharmacokinetics and Biopharmaceutics 15:657);
//! - **uncertain**: neither; the interval reaches over an edge of the band, so the data cannot tell
//!   whether the effect lies inside or beyond it. Never a finding; the site explains it.
//!
//! **Effects judged by a test with a floor** (an association, a sign flip, a missingness pattern): flagged when the effect is at least the floor and the adjusted p-value of its test is
//! below α; uncertain when the effect is at least the floor but the test is not significant.

use std::fmt::Display;

use statrs::distribution::ContinuousCDF;

use crate::policy::Rules;
use crate::record::sampling::Judgement;
use crate::record::{Comparison, Verdict};
use crate::stats::{self, Correction};

/// A test of whether an effect lies beyond the band, and whether its interval lies inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandTest {
    /// `min(1, 2·min(P_above, P_below))`: the p-value of "the effect lies beyond the band".
    pub p_beyond: f64,
    /// The effect's interval (at the policy's confidence level) lies wholly inside the band.
    pub inside: bool,
}

impl BandTest {
    /// From the one-sided p-values against the upper and the lower edge, and the effect's interval.
    pub fn from_sides(
        p_above: f64,
        p_below: f64,
        interval: Option<(f64, f64)>,
        rules: &Rules,
    ) -> Self {
        let p = (2.0 * p_above.min(p_below)).min(1.0);
        BandTest {
            p_beyond: if p.is_nan() { 1.0 } else { p },
            inside: inside_band(interval, rules.band_low, rules.band_high),
        }
    }

    /// A ratio with a normal sampling distribution on the log scale (standard error `se_log`):
    /// `P_above = 1 − Φ((ln r − ln high)/se)`, `P_below = Φ((ln r − ln low)/se)`.
    pub fn log_wald(ratio: f64, se_log: f64, interval: Option<(f64, f64)>, rules: &Rules) -> Self {
        let normal = stats::standard_normal();
        let (above, below) = if ratio > 0.0 && se_log > 0.0 {
            (
                normal.sf((ratio.ln() - rules.band_high.ln()) / se_log),
                normal.cdf((ratio.ln() - rules.band_low.ln()) / se_log),
            )
        } else {
            (1.0, 1.0)
        };
        Self::from_sides(above, below, interval, rules)
    }

    /// An effect judged against one upper edge `edge` only (a leak's AUC, a proxy's strength), with
    /// the one-sided p-value `p_above` of `H₀: θ ≤ edge`, doubled as for the two-sided band so that
    /// `p < α` exactly when the `1 − α` interval lies above the edge.
    pub fn above(p_above: f64, interval: Option<(f64, f64)>, edge: f64) -> Self {
        let p = (2.0 * p_above).min(1.0);
        BandTest {
            p_beyond: if p.is_nan() { 1.0 } else { p },
            inside: interval.is_some_and(|(_, hi)| hi < edge),
        }
    }
}

/// Whether an interval lies wholly inside `[low, high]`.
pub fn inside_band(interval: Option<(f64, f64)>, low: f64, high: f64) -> bool {
    interval.is_some_and(|(lo, hi)| lo >= low && hi <= high)
}

/// A provisional judgement from a band test; [`correct_family`] settles it.
pub fn band(test: BandTest, effect: &str) -> Judgement {
    Judgement {
        p_value: Some(test.p_beyond),
        p_adjusted: None,
        verdict: if test.inside {
            Verdict::WithinBand
        } else {
            Verdict::Uncertain
        },
        reason: effect.to_string(),
    }
}

/// A provisional judgement from a test with a floor: its raw p-value, and whether the effect is at
/// least the floor (`material`). [`correct_family`] settles the verdict.
pub fn proposed(p_value: f64, material: bool, effect: &str) -> Judgement {
    Judgement {
        p_value: Some(p_value),
        p_adjusted: None,
        verdict: if material {
            Verdict::Uncertain
        } else {
            Verdict::WithinBand
        },
        reason: effect.to_string(),
    }
}

/// A judgement without a test in the family.
pub fn not_tested(verdict: Verdict, reason: impl Into<String>) -> Judgement {
    Judgement {
        p_value: None,
        p_adjusted: None,
        verdict,
        reason: reason.into(),
    }
}

/// The guard every audit applies before it judges: a comparison whose smaller side rests on fewer
/// than the policy's `min_group_size` rows (or expected rows or events) gets no verdict. `what`
/// names the quantity, e.g. "rows" or "expected events".
pub fn too_few(smallest: f64, rules: &Rules, what: impl Display) -> Option<Judgement> {
    (smallest < rules.min_group_size as f64).then(|| {
        let shown = if smallest.fract() == 0.0 {
            format!("{smallest:.0}")
        } else {
            format!("{smallest:.1}")
        };
        not_tested(
            Verdict::TooFewRows,
            format!(
                "too few {what} to judge (n = {shown}; the policy asks for at least {})",
                rules.min_group_size
            ),
        )
    })
}

/// Anything that carries a judgement the correction settles: the raw p-value of its test, and its
/// adjusted p-value, verdict and reason.
pub trait Judged {
    fn p_value(&self) -> Option<f64>;
    fn slots(&mut self) -> (&mut Option<f64>, &mut Verdict, &mut String);
}

impl Judged for Judgement {
    fn p_value(&self) -> Option<f64> {
        self.p_value
    }
    fn slots(&mut self) -> (&mut Option<f64>, &mut Verdict, &mut String) {
        (&mut self.p_adjusted, &mut self.verdict, &mut self.reason)
    }
}

impl Judged for Comparison {
    fn p_value(&self) -> Option<f64> {
        self.p_beyond_band
    }
    fn slots(&mut self) -> (&mut Option<f64>, &mut Verdict, &mut String) {
        (&mut self.p_adjusted, &mut self.verdict, &mut self.reason)
    }
}

/// Corrects the proposed tests among `judgements` (those with a raw p-value, not yet adjusted, and a
/// provisional verdict from [`band`] or [`proposed`]) over one family with `correction`, and settles
/// each verdict: `Flagged` when it was not inside the band (or was at least the floor) and the
/// adjusted p-value is below α. The reason gets the adjusted p-value and `words[0]` (flagged) or
/// `words[1]` (uncertain). Returns the number of tests in the family.
pub fn correct_family<J: Judged + ?Sized>(
    judgements: Vec<&mut J>,
    rules: &Rules,
    correction: Correction,
    words: [&str; 2],
) -> u64 {
    let mut family: Vec<&mut J> = judgements
        .into_iter()
        .filter(|j| j.p_value().is_some())
        .filter_map(|j| {
            let open = {
                let (adjusted, verdict, _) = j.slots();
                adjusted.is_none() && matches!(*verdict, Verdict::WithinBand | Verdict::Uncertain)
            };
            open.then_some(j)
        })
        .collect();
    let raw: Vec<f64> = family.iter().map(|j| j.p_value().unwrap_or(1.0)).collect();
    let adjusted = stats::adjust_p_values(&raw, correction);
    let tested = family.len();
    for (j, q) in family.iter_mut().zip(adjusted) {
        let (p_adjusted, verdict, reason) = j.slots();
        *p_adjusted = Some(q);
        let open = *verdict == Verdict::Uncertain;
        let significant = q < rules.alpha;
        *verdict = match (open, significant) {
            (true, true) => Verdict::Flagged,
            (true, false) => Verdict::Uncertain,
            (false, _) => Verdict::WithinBand,
        };
        *reason = format!(
            "{reason}; p = {q:.3e} after {} over {tested} tests{}",
            correction.as_str(),
            match (open, significant) {
                (true, true) => words[0],
                (true, false) => words[1],
                (false, _) => "",
            }
        );
    }
    tested as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyFile;
    use std::path::Path;

    fn rules() -> Rules {
        PolicyFile::built_in()
            .rules_for(None, Path::new("x"))
            .unwrap()
    }

    #[test]
    fn the_band_test_rejects_exactly_when_the_interval_lies_beyond_the_band() {
        // ln-scale estimate and se chosen so that the 95% interval's lower bound sits just above or
        // just below the band's upper edge 1.25.
        let r = rules();
        let z = stats::z_for_level(0.95);
        let se = 0.1;
        for (shift, beyond) in [(1e-6, true), (-1e-6, false)] {
            let ratio = (1.25f64.ln() + z * se + shift).exp();
            let ci = (ratio * (-z * se).exp(), ratio * (z * se).exp());
            let t = BandTest::log_wald(ratio, se, Some(ci), &r);
            assert_eq!(
                t.p_beyond < 0.05,
                beyond,
                "shift {shift}: p = {}",
                t.p_beyond
            );
            assert!(!t.inside);
        }
        // A ratio of 1.235 with a narrow interval lies inside the band: never beyond it.
        let t = BandTest::log_wald(1.235, 0.005, Some((1.223, 1.247)), &r);
        assert!(t.inside && t.p_beyond > 0.5, "{t:?}");
    }

    #[test]
    fn correction_settles_band_and_floor_proposals() {
        let r = rules();
        let mut j = vec![
            band(
                BandTest {
                    p_beyond: 0.001,
                    inside: false,
                },
                "beyond",
            ),
            band(
                BandTest {
                    p_beyond: 0.9,
                    inside: true,
                },
                "inside",
            ),
            band(
                BandTest {
                    p_beyond: 0.2,
                    inside: false,
                },
                "straddles",
            ),
            proposed(0.001, false, "below the floor"),
            not_tested(Verdict::TooFewRows, "small"),
        ];
        let n = correct_family(
            j.iter_mut().collect(),
            &r,
            Correction::Holm,
            [": a finding", ": uncertain"],
        );
        assert_eq!(n, 4);
        let v: Vec<Verdict> = j.iter().map(|j| j.verdict).collect();
        assert_eq!(
            v,
            [
                Verdict::Flagged,
                Verdict::WithinBand,
                Verdict::Uncertain,
                Verdict::WithinBand,
                Verdict::TooFewRows
            ]
        );
        // Holm over 4: 0.001 → 0.004.
        assert!((j[0].p_adjusted.unwrap() - 0.004).abs() < 1e-15);
        assert!(j[0].reason.ends_with(": a finding"));
    }

    #[test]
    fn too_few_names_the_quantity() {
        let r = rules();
        assert!(too_few(30.0, &r, "rows").is_none());
        let j = too_few(7.5, &r, "expected events").unwrap();
        assert_eq!(j.verdict, Verdict::TooFewRows);
        assert!(
            j.reason.contains("7.5") && j.reason.contains("expected events"),
            "{}",
            j.reason
        );
    }
}
