//! Proxies: how well the features predict a protected attribute, alone and together.
//!
//! Alone: Cramér's V of the feature (a numeric feature by its deciles) and the attribute over all rows
//! where both are present, with the χ² test and a seeded Poisson-bootstrap interval. A feature with
//! V ≥ the policy's `proxy_strength` is a strong proxy; it is a finding when the manifest names it as a
//! model input and the bootstrap shows V above `proxy_strength` after correction (the band test of
//! [`crate::audit::verdict`]; a model that uses it can treat groups differently without ever seeing
//! the attribute).
//!
//! Together: greedy forward selection (up to [`MAX_TOGETHER`] features) of a categorical naive Bayes
//! classifier over the binned features (Laplace smoothing α = 1, empirical class priors; as
//! scikit-learn's `CategoricalNB`), scored by two-fold out-of-fold accuracy (rows split by the parity
//! of their position in the content order of [`super::features::canonical_order`], not in the file), with Cohen's κ (Cohen 1960) against chance. An empty cell is its own category.

use crate::audit::bootstrap::Purpose;
use crate::policy::Rules;
use crate::record::Verdict;
use crate::record::spurious::{ProxyAttribute, ProxyFeature, Reconstruction};
use crate::stats::assoc;

use super::association::cramers_v_estimate;
use super::features::{Column, Values, decile_edges};
use crate::audit::verdict::{self, BandTest, not_tested, too_few};

/// Most features the reconstruction combines.
pub const MAX_TOGETHER: usize = 3;
/// A feature is added only when it raises the out-of-fold accuracy by at least this much.
pub const MIN_GAIN: f64 = 0.005;

/// A protected attribute: its groups and each row's group.
pub struct Attribute<'a> {
    pub name: &'a str,
    pub levels: &'a [String],
    pub codes: Vec<Option<u32>>,
}

/// A feature offered to the proxy check: the column, its categories (see [`binned`]) and whether the
/// model uses it.
pub struct Candidate<'a> {
    pub column: &'a Column,
    pub binned: (usize, Vec<Option<u32>>),
    pub model_input: Option<bool>,
}

/// A feature as categories: `(number of categories, code per row)`, numeric ones by their deciles.
pub fn binned(column: &Column) -> (usize, Vec<Option<u32>>) {
    match &column.values {
        Values::Numeric(v) => column.categories(&decile_edges(v)),
        Values::Categorical { .. } => column.categories(&[]),
    }
}

/// Checks every feature against one attribute; `index` numbers the attribute's bootstrap streams.
#[allow(clippy::type_complexity)] // (column, its binned codes, model input): read in one place
pub fn assess(
    attribute: &Attribute<'_>,
    features: &[Candidate<'_>],
    rules: &Rules,
    index: usize,
) -> ProxyAttribute {
    let mut out = Vec::new();
    for (
        f,
        Candidate {
            column,
            binned: (k, codes),
            model_input: input,
        },
    ) in features.iter().enumerate()
    {
        if column.name == attribute.name {
            continue;
        }
        let mut table = vec![vec![0u64; attribute.levels.len()]; *k];
        for (c, a) in codes.iter().zip(&attribute.codes) {
            if let (Some(c), Some(a)) = (c, a) {
                table[*c as usize][*a as usize] += 1;
            }
        }
        let rows: u64 = table.iter().flatten().sum();
        let found = assoc::contingency(&table);
        let (cramers_v, chi_square, judgement) = match found {
            None => (
                crate::record::Estimate::undefined("fewer than two categories with rows"),
                None,
                not_tested(Verdict::Undefined, "fewer than two categories with rows"),
            ),
            Some(t) => {
                let v = t.cramers_v;
                let strong = v >= rules.proxy_strength;
                let words = format!(
                    "Cramér's V {v:.3} (strong from {:.2})",
                    rules.proxy_strength
                );
                let (estimate, below) = cramers_v_estimate(
                    &table,
                    &t,
                    rules,
                    (index, f, Purpose::Proxy),
                    Some(rules.proxy_strength),
                );
                let judgement = if let Some(few) = too_few(rows as f64, rules, "rows") {
                    few
                } else if !strong {
                    not_tested(Verdict::WithinBand, format!("{words}: not a strong proxy"))
                } else {
                    match (input, below) {
                        // The bootstrap test against the threshold: the share of replicates at or
                        // below it is the one-sided p-value of "V ≤ proxy_strength" (Efron &
                        // Tibshirani 1993, §15.4: the test the percentile interval inverts).
                        (Some(true), Some(share)) => verdict::band(
                            BandTest::above(
                                share,
                                estimate.boot_low.zip(estimate.boot_high),
                                rules.proxy_strength,
                            ),
                            &words,
                        ),
                        (Some(true), None) => not_tested(
                            Verdict::Uncertain,
                            format!(
                                "{words}: no bootstrap interval, so no test against the threshold"
                            ),
                        ),
                        (Some(false), _) => not_tested(
                            Verdict::NotJudged,
                            format!("{words}: a strong proxy, but not a model input"),
                        ),
                        (None, _) => not_tested(
                            Verdict::NotJudged,
                            format!(
                                "{words}: a strong proxy; the manifest does not say whether the model uses it (spurious.inputs)"
                            ),
                        ),
                    }
                };
                (estimate, Some(t.chi_square.into()), judgement)
            }
        };
        out.push(ProxyFeature {
            feature: column.name.clone(),
            model_input: *input,
            rows,
            cramers_v,
            chi_square,
            judgement,
        });
    }
    let candidates: Vec<(&str, usize, &[Option<u32>])> = features
        .iter()
        .filter(|c| c.column.name != attribute.name)
        .map(|c| (c.column.name.as_str(), c.binned.0, c.binned.1.as_slice()))
        .collect();
    ProxyAttribute {
        attribute: attribute.name.to_string(),
        groups: attribute.levels.len() as u64,
        features: out,
        reconstruction: reconstruct(attribute, &candidates),
    }
}

/// Out-of-fold predictions of a categorical naive Bayes over `chosen` features. Rows without an
/// attribute value are left out; an empty feature cell is category `k`.
pub fn naive_bayes_oof(
    classes: usize,
    target: &[Option<u32>],
    chosen: &[(usize, &[Option<u32>])],
) -> Vec<(u32, u32)> {
    let rows: Vec<usize> = (0..target.len()).filter(|&i| target[i].is_some()).collect();
    let mut out = Vec::with_capacity(rows.len());
    for fold in 0..2 {
        // counts[j][category][class], class totals
        let mut totals = vec![0u64; classes];
        let mut counts: Vec<Vec<Vec<u64>>> = chosen
            .iter()
            .map(|(k, _)| vec![vec![0u64; classes]; k + 1])
            .collect();
        for &i in rows.iter().filter(|&&i| i % 2 != fold) {
            let c = target[i].unwrap_or(0) as usize;
            totals[c] += 1;
            for (j, (k, codes)) in chosen.iter().enumerate() {
                counts[j][codes[i].map_or(*k, |v| v as usize)][c] += 1;
            }
        }
        let n: u64 = totals.iter().sum();
        for &i in rows.iter().filter(|&&i| i % 2 == fold) {
            let mut best = (f64::NEG_INFINITY, 0u32);
            for (c, &t) in totals.iter().enumerate() {
                if t == 0 {
                    continue;
                }
                let mut lp = (t as f64 / n as f64).ln();
                for (j, (k, codes)) in chosen.iter().enumerate() {
                    let v = codes[i].map_or(*k, |v| v as usize);
                    lp += ((counts[j][v][c] as f64 + 1.0) / (t as f64 + (*k + 1) as f64)).ln();
                }
                if lp > best.0 {
                    best = (lp, c as u32);
                }
            }
            out.push((target[i].unwrap_or(0), best.1));
        }
    }
    out
}

/// `(accuracy, Cohen's κ)` of `(actual, predicted)` pairs.
pub fn accuracy_kappa(pairs: &[(u32, u32)], classes: usize) -> (f64, f64) {
    let n = pairs.len() as f64;
    let mut actual = vec![0.0; classes];
    let mut predicted = vec![0.0; classes];
    let mut agree = 0.0;
    for &(a, p) in pairs {
        actual[a as usize] += 1.0;
        predicted[p as usize] += 1.0;
        agree += f64::from(u8::from(a == p));
    }
    let po = agree / n;
    let pe: f64 = actual
        .iter()
        .zip(&predicted)
        .map(|(a, p)| a * p)
        .sum::<f64>()
        / (n * n);
    (
        po,
        if pe < 1.0 {
            (po - pe) / (1.0 - pe)
        } else {
            0.0
        },
    )
}

fn reconstruct(
    attribute: &Attribute<'_>,
    candidates: &[(&str, usize, &[Option<u32>])],
) -> Option<Reconstruction> {
    let classes = attribute.levels.len();
    let rows = attribute.codes.iter().filter(|c| c.is_some()).count();
    if classes < 2 || rows < 4 || candidates.is_empty() {
        return None;
    }
    let mut counts = vec![0u64; classes];
    for c in attribute.codes.iter().flatten() {
        counts[*c as usize] += 1;
    }
    let baseline = *counts.iter().max()? as f64 / rows as f64;
    let mut chosen: Vec<usize> = Vec::new();
    let mut best = (baseline, 0.0);
    while chosen.len() < MAX_TOGETHER {
        let mut round: Option<(usize, (f64, f64))> = None;
        for j in (0..candidates.len()).filter(|j| !chosen.contains(j)) {
            let set: Vec<(usize, &[Option<u32>])> = chosen
                .iter()
                .chain(std::iter::once(&j))
                .map(|&c| (candidates[c].1, candidates[c].2))
                .collect();
            let score = accuracy_kappa(&naive_bayes_oof(classes, &attribute.codes, &set), classes);
            if round.is_none_or(|r| score.0 > r.1.0) {
                round = Some((j, score));
            }
        }
        match round {
            Some((j, score)) if score.0 >= best.0 + MIN_GAIN => {
                chosen.push(j);
                best = score;
            }
            _ => break,
        }
    }
    (!chosen.is_empty()).then(|| Reconstruction {
        features: chosen
            .iter()
            .map(|&j| candidates[j].0.to_string())
            .collect(),
        rows: rows as u64,
        accuracy: best.0,
        baseline,
        kappa: best.1,
    })
}
