//! The spurious-correlation audit: does the model lean on columns related to the outcome only by
//! chance, through a shared time trend, because they leak the answer, or because they stand in for a
//! protected attribute?
//!
//! Parts, each in its own file: the columns tested ([`features`]), each feature against the outcome
//! ([`association`]), shared trends ([`trend`]), stability over periods and groups ([`stability`]),
//! leakage ([`leakage`]) and proxies ([`proxy`]). Two correction families with the policy's correction
//! (Benjamini–Hochberg by default): the features' associations with the outcome (so that with `k`
//! features the `α·k` expected by chance do not pass as relations), and every other check. An
//! association is not a finding by itself; findings are leaks, trend-driven and unstable associations,
//! and strong proxies among the model's inputs.

pub mod association;
pub mod features;
pub mod leakage;
pub mod placebo;
pub mod proxy;
pub mod stability;
pub mod target;
pub mod text;
pub mod trend;

use crate::audit::verdict::{correct_family, not_tested};
use crate::audit::{Audit, AuditInput};
use crate::error::Result;
use crate::manifest::PredictionSpec;
use crate::policy::Rules;
use crate::record::sampling::Judgement;
use crate::record::spurious::{SpuriousSection, TimeColumn, TrendResult};
use crate::record::{Finding, Verdict};
use crate::reference::RawTable;
use crate::stats::{self, assoc};

use features::{Column, MAX_CATEGORIES, Values};

/// A numeric feature's labelled rows with a value: row numbers, values and outcomes (0/1).
struct NumericFeature<'a> {
    column: &'a Column,
    rows: Vec<usize>,
    x: Vec<f64>,
    y: Vec<f64>,
}

/// The spurious-correlation audit over the scored file read as text.
#[derive(Debug, Clone, Copy)]
pub struct SpuriousAudit<'a> {
    pub table: &'a RawTable,
}

impl Audit for SpuriousAudit<'_> {
    type Output = SpuriousSection;

    fn id(&self) -> &'static str {
        "spurious"
    }

    fn run(&self, input: AuditInput<'_>) -> Result<SpuriousSection> {
        let rules = input.rules;
        let spec = &input.spec.spurious;
        let Some(target) = target::resolve(input.spec, input.data, self.table)? else {
            return Ok(SpuriousSection::without_outcome());
        };
        let (all, mut skipped, mut warnings) = features::select(input.spec, self.table)?;
        // The outcome column itself is never a feature (a named outcome may have no other role).
        let all: Vec<Column> = all
            .into_iter()
            .filter(|c| c.name != target.column)
            .collect();
        let input_of = |name: &str| spec.inputs.as_ref().map(|l| l.iter().any(|i| i == name));
        // High-cardinality text columns are only checked as identifiers.
        let (columns, wide): (Vec<Column>, Vec<Column>) =
            all.into_iter().partition(|c| match &c.values {
                Values::Categorical { levels, .. } => levels.len() <= MAX_CATEGORIES,
                Values::Numeric(_) => true,
            });
        for w in &wide {
            skipped.push(features::skip(
                &w.name,
                &format!(
                    "more than {MAX_CATEGORIES} categories: too many for a χ² test; checked only as a possible identifier"
                ),
            ));
        }
        let periods = match &spec.time {
            Some(t) => Some(trend::Periods::from_cells(features::require(
                self.table,
                t,
                "time column (spurious.time)",
            )?)),
            None => None,
        };
        // A time series (one row per period, like the tylervigen charts) has few rows by nature: its
        // associations are judged from 3 points, and the trend checks guard them with the policy's
        // `min_effective_points` instead of `min_group_size`.
        let series = periods.as_ref().is_some_and(|p| {
            let mut per = vec![0usize; p.labels.len()];
            for (i, period) in p.of_row.iter().enumerate() {
                if let Some(period) = period
                    && target.number(i).is_some()
                {
                    per[*period] += 1;
                }
            }
            per.iter().all(|&n| n <= 1)
        });
        let association_rules = Rules {
            min_group_size: if series { 3 } else { rules.min_group_size },
            ..rules.clone()
        };
        let mut associations: Vec<_> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| match &target.values {
                target::Values::Binary(labels) => {
                    association::assess(c, labels, &association_rules, input_of(&c.name), i)
                }
                target::Values::Numeric(y) => {
                    association::assess_numeric(c, y, &association_rules, input_of(&c.name))
                }
            })
            .collect();
        let significant_uncorrected = associations
            .iter()
            .filter(|a| a.judgement.p_value.is_some_and(|p| p < rules.alpha))
            .count() as u64;
        // The associations are corrected with the policy's association correction (Holm by default),
        // so that an unrelated column passes as related in at most alpha of audits.
        let tested_first = correct_family(
            associations.iter_mut().map(|a| &mut a.judgement).collect(),
            rules,
            rules.association_correction,
            [": associated", ": not significant"],
        );
        let associated = |name: &str| {
            associations
                .iter()
                .any(|a| a.feature == name && a.judgement.verdict == Verdict::Flagged)
        };

        // Numeric features with a significant association: their labelled rows and values.
        let z = stats::z_for_level(rules.confidence_level);
        let numeric: Vec<NumericFeature<'_>> = columns
            .iter()
            .filter(|c| associated(&c.name))
            .filter_map(|c| match &c.values {
                Values::Numeric(v) => {
                    let rows: Vec<(usize, f64)> = (0..c.len())
                        .filter(|&i| !c.is_missing(i))
                        .filter_map(|i| target.number(i).map(|y| (i, y)))
                        .collect();
                    let idx: Vec<usize> = rows.iter().map(|r| r.0).collect();
                    let x = rows.iter().map(|r| v[r.0].unwrap_or(0.0)).collect();
                    let y = rows.iter().map(|r| r.1).collect();
                    Some(NumericFeature {
                        column: c,
                        rows: idx,
                        x,
                        y,
                    })
                }
                Values::Categorical { .. } => None,
            })
            .collect();

        // The stratifications every related numeric feature is checked over: the periods, then each
        // group column.
        let mut strata: Vec<stability::Strata<'_>> = Vec::new();
        if let Some(p) = &periods {
            strata.push(stability::Strata {
                by: spec.time.as_deref().unwrap_or("time"),
                labels: &p.labels,
                of_row: p.of_row.clone(),
            });
        }
        for g in &input.data.groups {
            strata.push(stability::Strata {
                by: &g.name,
                labels: &g.levels,
                of_row: g.codes.iter().map(|&c| Some(c as usize)).collect(),
            });
        }
        let mut trends = Vec::new();
        let mut stability_results = Vec::new();
        for NumericFeature {
            column: c,
            rows: idx,
            x,
            y,
        } in &numeric
        {
            let Some(overall) = assoc::pearson(x, y, z).map(Into::into) else {
                continue;
            };
            let overall: crate::record::spurious::CorrelationEstimate = overall;
            if let Some(p) = &periods {
                let (kept, of): (Vec<usize>, Vec<usize>) = idx
                    .iter()
                    .enumerate()
                    .filter_map(|(j, &i)| p.of_row[i].map(|s| (j, s)))
                    .unzip();
                let xs: Vec<f64> = kept.iter().map(|&j| x[j]).collect();
                let ys: Vec<f64> = kept.iter().map(|&j| y[j]).collect();
                let within = if kept.len() > p.labels.len() + 2 {
                    assoc::pearson_within(&xs, &ys, &of, z).map(Into::into)
                } else {
                    None
                };
                let (times, mx, my) = trend::period_means(p, idx, x, y);
                let series = trend::series_trend(&times, &mx, &my, rules);
                let (share, slope_ratio) = trend::within_view(&xs, &ys, &of);
                let found = trend::verdict(within.as_ref(), share, slope_ratio, &series, rules);
                trends.push(TrendResult {
                    feature: c.name.clone(),
                    overall,
                    within_periods: within,
                    within_variance_share: share,
                    within_slope_ratio: slope_ratio,
                    judgement: trend_judgement(&found, within.as_ref(), &series),
                    reasons: found.reasons,
                    series,
                });
            }
            for st in &strata {
                stability_results.push(stability::assess(
                    &c.name,
                    input_of(&c.name),
                    st,
                    idx,
                    x,
                    y,
                    &overall,
                    rules,
                ));
            }
        }

        let mut leakage = Vec::new();
        for (c, tested) in columns
            .iter()
            .map(|c| (c, true))
            .chain(wide.iter().map(|c| (c, false)))
        {
            let a = tested
                .then(|| associations.iter().find(|a| a.feature == c.name))
                .flatten();
            leakage.extend(leakage::assess(
                c,
                a,
                &target,
                periods.as_ref(),
                rules,
                &mut warnings,
            ));
        }

        // The placebo surrogate of the model's output; its verdict on which columns the output depends
        // on stands in for `spurious.inputs` when the manifest does not name the inputs.
        let prediction_column = input.spec.prediction.as_ref().map(PredictionSpec::column);
        let output: Option<(Vec<f64>, &str)> =
            match (&input.data.scores, &input.data.counts, &input.spec.count) {
                (Some(scores), _, _) => prediction_column.map(|p| (scores.clone(), p)),
                (None, Some(counts), Some(spec)) => {
                    Some((counts.predicted.clone(), spec.predicted.as_str()))
                }
                _ => prediction_column.map(|p| {
                    (
                        input
                            .data
                            .predictions
                            .iter()
                            .map(|&p| f64::from(u8::from(p)))
                            .collect(),
                        p,
                    )
                }),
            };
        let (output, output_name) = output.unwrap_or_default();
        // The placebo and the proxy reconstruction split rows into folds and draw noise per row:
        // they work in an order of the rows that depends on their contents only, so that no verdict
        // depends on how the file happens to be sorted.
        let protected = spec.protected_attributes(input.spec);
        let mut texts: Vec<Vec<&str>> = input
            .data
            .groups
            .iter()
            .map(|g| {
                g.codes
                    .iter()
                    .map(|&c| g.levels[c as usize].as_str())
                    .collect()
            })
            .collect();
        for name in &protected {
            if !input.data.groups.iter().any(|g| &g.name == name)
                && let Some(cells) = self.table.column(name)
            {
                texts.push(cells.iter().map(|c| c.trim()).collect());
            }
        }
        let numbers: Vec<&[f64]> = if output.is_empty() {
            Vec::new()
        } else {
            vec![&output]
        };
        let order = features::canonical_order(
            self.table.rows,
            &columns.iter().collect::<Vec<_>>(),
            &numbers,
            &texts,
        );
        let canonical: Vec<Column> = columns.iter().map(|c| c.permuted(&order)).collect();
        let placebo = match (output.is_empty(), output_name) {
            (true, _) => Err("the data hold no model output to imitate".to_string()),
            (false, name) => {
                let output: Vec<f64> = order.iter().map(|&i| output[i]).collect();
                placebo::run(&canonical, &output, name, input_of, rules)
            }
        };
        let placebo = match placebo {
            Ok(p) => Some(p),
            Err(why) => {
                warnings.push(crate::record::sampling::Warning {
                    text_nl: format!("Geen placebocontrole: {why}."),
                    text_en: format!("No placebo check: {why}."),
                });
                None
            }
        };
        let used = |name: &str| {
            input_of(name).or_else(|| {
                placebo
                    .as_ref()
                    .and_then(|p| p.features.iter().find(|f| f.feature == name))
                    .map(|f| f.above_noise)
            })
        };
        let binned: Vec<_> = canonical
            .iter()
            .map(|c| proxy::Candidate {
                column: c,
                binned: proxy::binned(c),
                model_input: used(&c.name),
            })
            .collect();
        let mut proxies = Vec::new();
        for (i, name) in protected.iter().enumerate() {
            let column = match input.data.groups.iter().find(|g| &g.name == name) {
                Some(g) => (g.levels.clone(), g.codes.iter().map(|&c| Some(c)).collect()),
                None => {
                    let cells =
                        features::require(self.table, name, "column in spurious.protected")?;
                    features::levels_and_codes(cells)
                }
            };
            let attribute = proxy::Attribute {
                name,
                levels: &column.0,
                codes: order.iter().map(|&i| column.1[i]).collect(),
            };
            proxies.push(proxy::assess(&attribute, &binned, rules, i));
        }

        let mut second: Vec<&mut Judgement> = Vec::new();
        second.extend(stability_results.iter_mut().map(|s| &mut s.judgement));
        second.extend(leakage.iter_mut().map(|l| &mut l.judgement));
        second.extend(
            proxies
                .iter_mut()
                .flat_map(|p| p.features.iter_mut().map(|f| &mut f.judgement)),
        );
        let tested_second = correct_family(
            second,
            rules,
            rules.correction,
            [
                ": a finding",
                ": not shown beyond the threshold, no finding",
            ],
        );
        for s in &mut stability_results {
            stability::settle(s, rules.alpha);
        }

        let count = |v: Verdict| {
            let a = associations
                .iter()
                .filter(|x| x.judgement.verdict == v)
                .count();
            let b = stability_results
                .iter()
                .filter(|x| x.judgement.verdict == v)
                .count();
            let c = leakage.iter().filter(|x| x.judgement.verdict == v).count();
            let d = proxies
                .iter()
                .flat_map(|p| &p.features)
                .filter(|x| x.judgement.verdict == v)
                .count();
            (a + b + c + d) as u64
        };
        let (too_small, undefined) = (count(Verdict::TooFewRows), count(Verdict::Undefined));
        let features_tested = associations
            .iter()
            .filter(|a| a.judgement.p_value.is_some())
            .count() as u64;
        Ok(SpuriousSection {
            target: target.column.clone(),
            target_kind: Some(target.kind),
            labelled_rows: target.observed() as u64,
            features_tested,
            expected_by_chance: rules.alpha * features_tested as f64,
            significant_uncorrected,
            significant_corrected: associations
                .iter()
                .filter(|a| a.judgement.verdict == Verdict::Flagged)
                .count() as u64,
            time: match (&spec.time, &periods) {
                (Some(column), Some(p)) => Some(TimeColumn {
                    column: column.clone(),
                    periods: p.labels.len() as u64,
                    first: p.labels.first().cloned().unwrap_or_default(),
                    last: p.labels.last().cloned().unwrap_or_default(),
                }),
                _ => None,
            },
            associations,
            trends,
            stability: stability_results,
            leakage,
            proxies,
            placebo,
            skipped,
            warnings,
            comparisons_tested: tested_first + tested_second,
            too_small,
            undefined,
        })
    }

    fn findings(&self, section: &SpuriousSection, rules: &Rules) -> Vec<Finding> {
        text::findings(section, rules)
    }
}

fn trend_judgement(
    found: &trend::TrendVerdict,
    within: Option<&crate::record::spurious::CorrelationEstimate>,
    series: &crate::record::spurious::SeriesTrend,
) -> Judgement {
    let p = within.map(|w| w.p_value).or(series.p_effective);
    let (verdict, reason) = if !found.reasons.is_empty() {
        (
            Verdict::Flagged,
            format!(
                "{}: {}",
                found.why,
                found
                    .reasons
                    .iter()
                    .map(|r| text::reason_en(*r))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    } else if found.uncertain {
        (Verdict::Uncertain, found.why.clone())
    } else {
        (Verdict::WithinBand, found.why.clone())
    };
    let mut j = not_tested(verdict, reason);
    j.p_value = p;
    j
}
