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

/// Every case runs `algoreg train`'s defaults for a parameter the manifest leaves out.
pub(crate) use algoreg::manifest::model::defaults;

/// The forest defaults' trees and their size, as the case descriptions word them.
fn forest_trees() -> String {
    format!(
        "{} trees, depth {}, min leaf {}",
        defaults::FOREST_TREES,
        defaults::FOREST_MAX_DEPTH,
        defaults::FOREST_MIN_LEAF
    )
}

/// smartcore's features tried per split (`m`): the forest's feature share of the features, rounded up.
fn smartcore_m() -> usize {
    (defaults::FOREST_FEATURE_SHARE * CLASS_FEATURES as f64).ceil() as usize
}

struct Case {
    name: &'static str,
    /// What the case runs, with its settings.
    settings: fn() -> String,
    /// Runs on the shipped examples instead of generated rows (`--rows` does not apply).
    pipeline: bool,
}

static CASES: &[Case] = &[
    Case {
        name: "logistic",
        settings: || {
            format!(
                "linfa-logistic L-BFGS, l2 {}, ≤{} iterations, gradient tolerance {:e}",
                defaults::LOGISTIC_L2,
                defaults::LOGISTIC_MAX_ITERATIONS,
                defaults::LOGISTIC_TOLERANCE
            )
        },
        pipeline: false,
    },
    Case {
        name: "tree",
        settings: || {
            format!(
                "algoreg's CART (Gini, no pruning), max depth {}, min leaf {}",
                defaults::TREE_MAX_DEPTH,
                defaults::TREE_MIN_LEAF
            )
        },
        pipeline: false,
    },
    Case {
        name: "linfa-tree",
        settings: || {
            format!(
                "linfa-trees 0.8.1 directly, max depth {}, min leaf {} (prunes same-class siblings; class only)",
                defaults::TREE_MAX_DEPTH,
                defaults::TREE_MIN_LEAF
            )
        },
        pipeline: false,
    },
    Case {
        name: "forest",
        settings: || {
            format!(
                "algoreg's forest, {}, {}% bootstrap rows per tree, {}% of features per split, in parallel",
                forest_trees(),
                defaults::FOREST_SAMPLE_SHARE * 100.0,
                defaults::FOREST_FEATURE_SHARE * 100.0
            )
        },
        pipeline: false,
    },
    Case {
        name: "linfa-forest",
        settings: || {
            format!(
                "linfa-ensemble 0.8.1 directly, {}, {}% rows and {}% of features per tree (class votes only)",
                forest_trees(),
                defaults::FOREST_SAMPLE_SHARE * 100.0,
                defaults::FOREST_FEATURE_SHARE * 100.0
            )
        },
        pipeline: false,
    },
    Case {
        name: "smartcore-forest",
        settings: || {
            format!(
                "smartcore 0.7 RandomForestClassifier, {} trees, depth {}, min_samples_leaf {}, min_samples_split {}, m {} features per split, n rows bootstrapped per tree, keep_samples false",
                defaults::FOREST_TREES,
                defaults::FOREST_MAX_DEPTH,
                defaults::FOREST_MIN_LEAF,
                2.0 * defaults::FOREST_MIN_LEAF,
                smartcore_m()
            )
        },
        pipeline: false,
    },
    Case {
        name: "poisson",
        settings: || {
            format!(
                "own IRLS, l2 {}, ≤{} iterations, tolerance {:e}",
                defaults::POISSON_L2,
                defaults::POISSON_MAX_ITERATIONS,
                defaults::POISSON_TOLERANCE
            )
        },
        pipeline: false,
    },
    Case {
        name: "pipeline-logistic",
        settings: || {
            "algoreg::train::train on models/foundation-risk-zaandam (its own [model]: logistic)"
                .into()
        },
        pipeline: true,
    },
    Case {
        name: "pipeline-tree",
        settings: || "the same with algorithm decision-tree at the defaults".into(),
        pipeline: true,
    },
    Case {
        name: "pipeline-forest",
        settings: || {
            format!(
                "the same with algorithm random-forest at the defaults ({} trees, depth {}, sample_share {})",
                defaults::FOREST_TREES,
                defaults::FOREST_MAX_DEPTH,
                defaults::FOREST_SAMPLE_SHARE
            )
        },
        pipeline: true,
    },
    Case {
        name: "pipeline-poisson",
        settings: || {
            "algoreg::train::train on models/hotspot-tilburg (its own [model]: poisson)".into()
        },
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
