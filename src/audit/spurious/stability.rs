//! Stability: does an association hold in every period and every group, or only in one?
//!
//! For a numeric feature and one stratification (the periods of the time column, or the groups of a
//! group column), each stratum with at least `min_group_size` labelled rows gets its own point-biserial
//! correlation, and the correlation of all rows *without* it. Reported: Cochran's Q and I² over the
//! strata on Fisher's z scale ([`crate::stats::assoc::heterogeneity`]). Judged:
//! - a **sign flip**: a stratum whose correlation has the opposite sign of the pooled within-stratum
//!   correlation (the strata disagree with each other) and is significant; its smallest p-value, Bonferroni-adjusted for the strata of this stratification,
//!   enters the audit's correction family;
//! - **resting on one stratum**: leaving one stratum out makes the association not significant and
//!   shrinks it below `trend_collapse` × the overall correlation.
//!
//! Instability is a finding only for the model's inputs when the manifest names them
//! (`spurious.inputs`); for other columns it is reported with the verdict `not_judged`. The reason:
//! whenever real causes go together (lamp posts and nightlife in a city centre), the raw correlation of
//! each with the outcome differs between strata, even reverses (Simpson's paradox), without anything
//! being wrong with the cause; that only misleads a model that uses the column. Leaks and trends, in
//! contrast, mislead any model trained on the data, so they are findings for every column.

use crate::policy::Rules;
use crate::record::Verdict;
use crate::record::spurious::{
    CorrelationEstimate, HeterogeneityTest, StabilityResult, StratumCorrelation,
};
use crate::stats::assoc;

use crate::audit::verdict::{not_tested, proposed};

/// One stratification: a name, the stratum labels, and each row's stratum.
pub struct Strata<'a> {
    pub by: &'a str,
    pub labels: &'a [String],
    pub of_row: Vec<Option<usize>>,
}

/// Checks one feature (`x`, `y` over the labelled `rows`) across one stratification.
#[allow(clippy::too_many_arguments)]
pub fn assess(
    feature: &str,
    model_input: Option<bool>,
    strata: &Strata<'_>,
    rows: &[usize],
    x: &[f64],
    y: &[f64],
    overall: &CorrelationEstimate,
    rules: &Rules,
) -> StabilityResult {
    let z = crate::stats::z_for_level(rules.confidence_level);
    let k = strata.labels.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (j, &i) in rows.iter().enumerate() {
        if let Some(s) = strata.of_row[i] {
            members[s].push(j);
        }
    }
    let mut out = Vec::with_capacity(k);
    for (s, m) in members.iter().enumerate() {
        let correlation = if (m.len() as u64) >= rules.min_group_size {
            let xs: Vec<f64> = m.iter().map(|&j| x[j]).collect();
            let ys: Vec<f64> = m.iter().map(|&j| y[j]).collect();
            assoc::pearson(&xs, &ys, z).map(CorrelationEstimate::from)
        } else {
            None
        };
        let mut inside = vec![false; x.len()];
        for &j in m {
            inside[j] = true;
        }
        let (xo, yo): (Vec<f64>, Vec<f64>) = (0..x.len())
            .filter(|&j| !inside[j])
            .map(|j| (x[j], y[j]))
            .unzip();
        let without = if m.is_empty() || (xo.len() as u64) < rules.min_group_size {
            None
        } else {
            assoc::pearson(&xo, &yo, z).map(CorrelationEstimate::from)
        };
        out.push(StratumCorrelation {
            stratum: strata.labels[s].clone(),
            rows: m.len() as u64,
            correlation,
            without,
        });
    }
    let heterogeneity = assoc::heterogeneity(
        &out.iter()
            .filter_map(|s| s.correlation.map(|c| (c.r, c.n as usize)))
            .collect::<Vec<_>>(),
    )
    .map(|h| HeterogeneityTest {
        strata: h.strata as u64,
        pooled_r: h.pooled_r,
        q: h.q,
        df: h.df,
        p_value: h.p_value,
        i_squared: h.i_squared,
    });
    let judged = out.iter().filter(|s| s.correlation.is_some()).count();
    // Strata are compared with the pooled within-stratum correlation: when the overall correlation has
    // the other sign (Simpson's paradox: the strata differ in both columns), the strata agree with each
    // other and that is reported through `pooled_r`, not as instability.
    let direction = heterogeneity.map_or(overall.r, |h| h.pooled_r);
    let opposite: Vec<&StratumCorrelation> = out
        .iter()
        .filter(|s| s.correlation.is_some_and(|c| c.r * direction < 0.0))
        .collect();
    let rests_on = out
        .iter()
        .filter(|s| {
            s.without.is_some_and(|w| {
                w.p_value >= rules.alpha && w.r.abs() < rules.trend_collapse * overall.r.abs()
            })
        })
        .map(|s| s.stratum.clone())
        .next();
    let judgement = if judged < 2 {
        not_tested(
            Verdict::TooFewRows,
            format!(
                "fewer than two {} strata with at least {} labelled rows",
                strata.by, rules.min_group_size
            ),
        )
    } else if let Some(s) = &rests_on {
        let mut j = not_tested(
            Verdict::Flagged,
            format!("the association disappears without `{s}`: it rests on that stratum alone"),
        );
        j.p_value = None;
        j
    } else {
        match opposite
            .iter()
            .filter_map(|s| s.correlation.map(|c| c.p_value))
            .min_by(f64::total_cmp)
        {
            Some(p) => proposed(
                (p * judged as f64).min(1.0),
                true,
                &format!(
                    "{} of {judged} strata have the opposite sign; smallest p × {judged} strata",
                    opposite.len()
                ),
            ),
            None => not_tested(
                Verdict::WithinBand,
                format!("same sign in all {judged} strata with enough rows"),
            ),
        }
    };
    StabilityResult {
        feature: feature.to_string(),
        model_input,
        by: strata.by.to_string(),
        overall_r: overall.r,
        direction,
        sign_flips: Vec::new(),
        strata: out,
        heterogeneity,
        rests_on,
        judgement,
    }
}

/// After the correction: the strata named as sign flips (opposite sign, significant) when the
/// stability judgement is a finding, and no finding for a column the model does not use.
pub fn settle(result: &mut StabilityResult, alpha: f64) {
    if result.judgement.verdict == Verdict::Flagged && result.model_input == Some(false) {
        result.judgement.verdict = Verdict::NotJudged;
        result.judgement.reason = format!(
            "{}; unstable, but not a finding: the model does not use this column (spurious.inputs)",
            result.judgement.reason
        );
    }
    if result.judgement.verdict == Verdict::Flagged && result.rests_on.is_none() {
        let overall = result.direction;
        result.sign_flips = result
            .strata
            .iter()
            .filter(|s| {
                s.correlation
                    .is_some_and(|c| c.r * overall < 0.0 && c.p_value < alpha)
            })
            .map(|s| s.stratum.clone())
            .collect();
    }
}
