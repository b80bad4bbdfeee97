//! Training benchmark: wall-clock fit time and peak memory of each algorithm `algoreg train` offers,
//! plus smartcore's random forest for comparison with linfa-ensemble's.
//!
//! ```text
//! cargo bench --bench train -- [--rows 100000,1000000] [--only NAME[,NAME…]]
//!                              [--budget SECONDS] [--max-fit SECONDS]
//! ```
//!
//! Each measurement runs in a fresh child process (this binary re-run with `--child NAME ROWS`), so
//! `VmHWM` from `/proc/self/status` is the peak resident memory of that one fit: the child generates the
//! seeded data, reads `VmHWM` (the data alone), times the library call with `Instant`, reads `VmHWM`
//! again, and scores the extra held-out rows (20% of `ROWS`, not timed).
//!
//! Sizes below 10⁶ rows are run 3 times (the median is reported), larger ones once. Before a larger size
//! the fit time is projected from the previous size by `n·ln n`; a fit projected over `--max-fit`
//! (300 s) or past the `--budget` for the whole run (900 s) is skipped and the projection printed.
//!
//! Data: classification rows have 10 features ~ U(−√3, √3) and `P(y) = σ(β₀ + xᵀβ)`; count rows have 3
//! features ~ U(−1, 1) and `y ~ Poisson(exp(γ₀ + xᵀγ))`. `pipeline-*` cases time `algoreg::train::train`
//! (split, preprocessing, fit, held-out scoring) on the shipped example models, read-only.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};

use algoreg::manifest::load_model;
use algoreg::manifest::model::Algorithm;
use algoreg::progress::Silent;
use algoreg::record::trained::{QualityMetric, Tree, TreeNode};
use algoreg::reference::load_raw_table;
use algoreg::train;

mod child;
mod data;
mod parent;

use child::child;
use parent::*;

const CLASS_FEATURES: usize = 10;
const CLASS_INTERCEPT: f64 = -0.5;
const CLASS_BETA: [f64; CLASS_FEATURES] = [1.2, -1.0, 0.8, -0.6, 0.5, -0.4, 0.3, -0.2, 0.1, 0.0];
const COUNT_FEATURES: usize = 3;
const COUNT_INTERCEPT: f64 = 0.5;
const COUNT_GAMMA: [f64; COUNT_FEATURES] = [0.4, -0.3, 0.2];
/// Held-out rows generated after the training rows, as a share of them.
const TEST_SHARE: f64 = 0.2;
const DATA_SEED: u64 = 20_250_601;
const FOREST_SEED: u64 = 7;

/// The default settings of `algoreg train` (src/manifest/model.rs), used by every case.
const TREE_DEPTH: usize = 6;
const TREE_MIN_LEAF: f64 = 20.0;
const FOREST_TREES: usize = 25;
const FOREST_DEPTH: usize = 8;
const FOREST_MIN_LEAF: f64 = 10.0;
const FOREST_SAMPLE_SHARE: f64 = 0.5;
const FOREST_FEATURE_SHARE: f64 = 0.7;

struct Case {
    name: &'static str,
    settings: &'static str,
    /// Runs on the shipped examples instead of generated rows (`--rows` does not apply).
    pipeline: bool,
}

static CASES: &[Case] = &[
    Case {
        name: "logistic",
        settings: "linfa-logistic L-BFGS, l2 1, ≤500 iterations, gradient tolerance 1e-6",
        pipeline: false,
    },
    Case {
        name: "tree",
        settings: "algoreg's CART (Gini, no pruning), max depth 6, min leaf 20",
        pipeline: false,
    },
    Case {
        name: "linfa-tree",
        settings: "linfa-trees 0.8.1 directly, max depth 6, min leaf 20 (prunes same-class siblings; class only)",
        pipeline: false,
    },
    Case {
        name: "forest",
        settings: "algoreg's forest, 25 trees, depth 8, min leaf 10, 50% bootstrap rows per tree, 70% of features per split, in parallel",
        pipeline: false,
    },
    Case {
        name: "linfa-forest",
        settings: "linfa-ensemble 0.8.1 directly, 25 trees, depth 8, min leaf 10, 50% rows and 70% of features per tree (class votes only)",
        pipeline: false,
    },
    Case {
        name: "smartcore-forest",
        settings: "smartcore 0.7 RandomForestClassifier, 25 trees, depth 8, min_samples_leaf 10, min_samples_split 20, m 7 features per split, n rows bootstrapped per tree, keep_samples false",
        pipeline: false,
    },
    Case {
        name: "poisson",
        settings: "own IRLS, l2 0, ≤100 iterations, tolerance 1e-10",
        pipeline: false,
    },
    Case {
        name: "pipeline-logistic",
        settings: "algoreg::train::train on models/foundation-risk-zaandam (its own [model]: logistic)",
        pipeline: true,
    },
    Case {
        name: "pipeline-tree",
        settings: "the same with algorithm decision-tree at the defaults",
        pipeline: true,
    },
    Case {
        name: "pipeline-forest",
        settings: "the same with algorithm random-forest at the defaults (25 trees, depth 8, sample_share 0.5)",
        pipeline: true,
    },
    Case {
        name: "pipeline-poisson",
        settings: "algoreg::train::train on models/hotspot-tilburg (its own [model]: poisson)",
        pipeline: true,
    },
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let name = args.get(1).unwrap_or_else(|| usage());
        let rows = args
            .get(2)
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| usage());
        child(name, rows);
    }
    let opts = options(&args);
    let start = Instant::now();
    let budget_left = || opts.budget - start.elapsed().as_secs_f64();
    let selected: Vec<&'static Case> = CASES
        .iter()
        .filter(|c| {
            opts.only
                .as_ref()
                .is_none_or(|o| o.iter().any(|n| n == c.name))
        })
        .collect();
    eprintln!("training benchmark on {}", machine());
    let mut table: Vec<Row> = Vec::new();
    // The shipped examples first: small and fixed in size.
    for &case in selected.iter().filter(|c| c.pipeline) {
        table.push(measure(case, 0, 3, budget_left));
    }
    let synthetic: Vec<&'static Case> = selected.iter().copied().filter(|c| !c.pipeline).collect();
    // The last measured (rows, fit seconds, child wall seconds) per case.
    let mut last: Vec<Option<(usize, f64, f64)>> = vec![None; synthetic.len()];
    for (size_index, &rows) in opts.rows.iter().enumerate() {
        // Cheapest projected first, so that the budget goes to as many cases as possible.
        let mut order: Vec<usize> = (0..synthetic.len()).collect();
        let projected = |last: &[Option<(usize, f64, f64)>], k: usize| {
            last[k].map(|(n, s, w)| (s * growth(n, rows), w * growth(n, rows)))
        };
        order.sort_by(|&a, &b| {
            let key = |k| projected(&last, k).map_or(0.0, |p| p.1);
            key(a).total_cmp(&key(b))
        });
        for k in order {
            let case = synthetic[k];
            let reps = repeats(rows);
            if size_index > 0 {
                let Some((n, s, _)) = last[k] else {
                    table.push(Row {
                        case,
                        rows,
                        features: 0,
                        outcome: Outcome::Skipped(
                            "not run: the smaller size was not measured".into(),
                        ),
                    });
                    continue;
                };
                let (fit, wall) = projected(&last, k).expect("measured");
                let why = if fit > opts.max_fit {
                    Some(format!("over the {:.0} s limit per fit", opts.max_fit))
                } else if wall * reps as f64 > budget_left() {
                    Some(format!(
                        "would overrun the {:.0} s budget ({:.0} s left)",
                        opts.budget,
                        budget_left().max(0.0)
                    ))
                } else {
                    None
                };
                if let Some(why) = why {
                    table.push(Row {
                        case,
                        rows,
                        features: 0,
                        outcome: Outcome::Skipped(format!(
                            "skipped: projected ≈ {fit:.0} s (from {s:.2} s at {n} rows × {:.1}), {why}",
                            growth(n, rows)
                        )),
                    });
                    continue;
                }
            } else if budget_left() <= 0.0 {
                table.push(Row {
                    case,
                    rows,
                    features: 0,
                    outcome: Outcome::Skipped(format!(
                        "skipped: the {:.0} s budget is spent",
                        opts.budget
                    )),
                });
                continue;
            }
            let row = measure(case, rows, reps, budget_left);
            if let Outcome::Measured { seconds, wall, .. } = &row.outcome {
                last[k] = Some((rows, *seconds, *wall));
            }
            table.push(row);
        }
    }
    // Table order: pipeline cases, then by case, then by rows.
    table.sort_by_key(|r| {
        let at = CASES
            .iter()
            .position(|c| std::ptr::eq(c, r.case))
            .unwrap_or(0);
        (!r.case.pipeline, at, r.rows)
    });
    print_table(&table, &opts, start.elapsed().as_secs_f64());
}
