//! The placebo check of a model algoreg trained: which features does the real model lean on, beyond what
//! pure noise earns? The spec is trained again with [`NOISE_COLUMNS`] seeded N(0, 1) columns added as
//! features (same split, same algorithm); on the held-out rows each feature's permutation importance
//! (Breiman 2001; Fisher, Rudin & Dominici 2019, *JMLR* 20:177) is the loss in quality when its values
//! are shuffled among the rows (its one-hot columns together): the drop in AUC for a classifier, the
//! rise in mean Poisson deviance for a count model, averaged over [`PERMUTATIONS`] seeded shuffles. The
//! noise floor is the largest mean importance of a noise column; a feature counts as used above it (and
//! above 0). Unlike the spurious audit's linear surrogate, this looks at the model itself.

use rand::seq::SliceRandom;
use rand::{SeedableRng, distr::Distribution};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use crate::audit::count::poisson_deviance;
use crate::error::Result;
use crate::manifest::model::TrainSpec;
use crate::record::trained::{FeatureImportance, FeatureStep, PlaceboCheck};
use crate::reference::RawTable;
use crate::stats::assoc::mann_whitney;

use super::{label_value, predict_design, preprocess, train};
use crate::progress::Silent;

/// Noise columns added to the features.
pub const NOISE_COLUMNS: usize = 5;
/// Shuffles per feature.
pub const PERMUTATIONS: usize = 5;
/// The noise columns' seed is the spec's seed XOR this (the bytes of "placebo").
const NOISE_SEED_XOR: u64 = 0x70_6c61_6365_626f;

/// Runs the check; `labels` are the held-out rows' labels (classifiers) or counts (count models).
pub fn check(
    model_id: &str,
    spec: &TrainSpec,
    table: &RawTable,
    origin: &std::path::Path,
) -> Result<PlaceboCheck> {
    let seed = spec.seed ^ NOISE_SEED_XOR;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut augmented = table.clone();
    let mut names = Vec::new();
    for k in 1..=NOISE_COLUMNS {
        let mut name = format!("placebo_{k}");
        while augmented.column(&name).is_some() {
            name.push('_');
        }
        let cells = (0..table.rows)
            .map(|_| {
                let v: f64 = StandardNormal.sample(&mut rng);
                format!("{v:.6}")
            })
            .collect();
        augmented.columns.push((name.clone(), cells));
        names.push(name);
    }
    let mut with_noise = spec.clone();
    with_noise.features.extend(names.iter().cloned());
    with_noise.feedback = None;
    let trained = train(model_id, &with_noise, &augmented, origin, &Silent)?;
    let steps = &trained.model.preprocessing;
    let x = preprocess::design(&augmented, steps, &trained.test_rows)?;
    // Held-out targets, for the rows whose quality is measured.
    let target = augmented
        .column(&spec.target)
        .expect("training checked the target column");
    let is_count = spec.algorithm.is_count();
    let rows: Vec<(usize, f64)> = trained
        .test_rows
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| {
            let cell = target[i].trim();
            if is_count {
                cell.parse::<f64>().ok().map(|v| (k, v))
            } else {
                label_value(cell)
                    .flatten()
                    .map(|v| (k, f64::from(u8::from(v))))
            }
        })
        .collect();
    // Quality of a design, as a loss: 1 − AUC, or the mean Poisson deviance.
    let loss = |x: &ndarray::Array2<f64>| -> Option<f64> {
        let out = predict_design(&trained.model, x);
        if is_count {
            let n = rows.len() as f64;
            Some(
                rows.iter()
                    .map(|&(k, y)| poisson_deviance(y, out[k]))
                    .sum::<f64>()
                    / n,
            )
        } else {
            let p: Vec<f64> = rows.iter().map(|&(k, _)| out[k]).collect();
            let y: Vec<bool> = rows.iter().map(|&(_, y)| y == 1.0).collect();
            mann_whitney(&p, &y).map(|t| 1.0 - t.auc)
        }
    };
    let base = loss(&x).unwrap_or(f64::NAN);
    let mut at = 0;
    let mut importances = Vec::new();
    for (f, step) in steps.iter().enumerate() {
        let (name, width) = match step {
            FeatureStep::Numeric { column, .. } => (column.clone(), 1),
            FeatureStep::Categorical { column, levels } => {
                (column.clone(), levels.len().saturating_sub(1))
            }
        };
        let mut values = Vec::with_capacity(PERMUTATIONS);
        for r in 0..PERMUTATIONS {
            let mut prng = ChaCha8Rng::seed_from_u64(seed);
            prng.set_stream((f * PERMUTATIONS + r) as u64 + 1);
            let mut order: Vec<usize> = (0..x.nrows()).collect();
            order.shuffle(&mut prng);
            let mut shuffled = x.clone();
            for c in at..at + width {
                for (i, &j) in order.iter().enumerate() {
                    shuffled[[i, c]] = x[[j, c]];
                }
            }
            values.push(loss(&shuffled).unwrap_or(f64::NAN) - base);
        }
        at += width;
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        importances.push(FeatureImportance {
            feature: name,
            mean,
            sd,
            above_noise: false,
        });
    }
    let (noise, mut features): (Vec<_>, Vec<_>) = importances
        .into_iter()
        .partition(|i| names.contains(&i.feature));
    let floor = noise
        .iter()
        .map(|i| i.mean)
        .fold(f64::NEG_INFINITY, f64::max);
    for f in &mut features {
        f.above_noise = f.mean > floor.max(0.0);
    }
    Ok(PlaceboCheck {
        metric: if is_count {
            "mean_poisson_deviance".into()
        } else {
            "auc".into()
        },
        noise_columns: NOISE_COLUMNS,
        permutations: PERMUTATIONS,
        seed,
        noise_floor: floor,
        features,
        noise,
    })
}
