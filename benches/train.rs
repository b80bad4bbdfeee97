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

// ---------------------------------------------------------------------------------------------------
// Data

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `rows` training rows and `TEST_SHARE·rows` held-out rows, with the true probabilities of the latter.
struct ClassData {
    x: Array2<f64>,
    y: Array1<bool>,
    test_x: Array2<f64>,
    test_y: Vec<bool>,
    test_p: Vec<f64>,
}

fn class_data(rows: usize) -> ClassData {
    let mut rng = ChaCha8Rng::seed_from_u64(DATA_SEED);
    let half_width = 3f64.sqrt();
    let mut draw = |n: usize| {
        let mut x = Array2::<f64>::zeros((n, CLASS_FEATURES));
        let mut y = Vec::with_capacity(n);
        let mut p = Vec::with_capacity(n);
        for mut row in x.rows_mut() {
            let mut z = CLASS_INTERCEPT;
            for (v, b) in row.iter_mut().zip(CLASS_BETA) {
                *v = rng.random_range(-half_width..half_width);
                z += b * *v;
            }
            let pi = sigmoid(z);
            y.push(rng.random::<f64>() < pi);
            p.push(pi);
        }
        (x, y, p)
    };
    let (x, y, _) = draw(rows);
    let (test_x, test_y, test_p) = draw(test_rows(rows));
    ClassData {
        x,
        y: Array1::from(y),
        test_x,
        test_y,
        test_p,
    }
}

struct CountData {
    x: Array2<f64>,
    y: Array1<f64>,
    test_x: Array2<f64>,
    test_y: Vec<f64>,
    test_mu: Vec<f64>,
}

fn count_data(rows: usize) -> CountData {
    let mut rng = ChaCha8Rng::seed_from_u64(DATA_SEED + 1);
    let mut draw = |n: usize| {
        let mut x = Array2::<f64>::zeros((n, COUNT_FEATURES));
        let mut y = Vec::with_capacity(n);
        let mut mu = Vec::with_capacity(n);
        for mut row in x.rows_mut() {
            let mut eta = COUNT_INTERCEPT;
            for (v, g) in row.iter_mut().zip(COUNT_GAMMA) {
                *v = rng.random_range(-1.0..1.0);
                eta += g * *v;
            }
            let m = eta.exp();
            let poisson = Poisson::new(m).expect("a positive finite mean");
            y.push(poisson.sample(&mut rng));
            mu.push(m);
        }
        (x, y, mu)
    };
    let (x, y, _) = draw(rows);
    let (test_x, test_y, test_mu) = draw(test_rows(rows));
    CountData {
        x,
        y: Array1::from(y),
        test_x,
        test_y,
        test_mu,
    }
}

fn test_rows(rows: usize) -> usize {
    ((rows as f64 * TEST_SHARE).round() as usize).max(2)
}

// ---------------------------------------------------------------------------------------------------
// Held-out quality

/// Mann–Whitney AUC with mid-ranks for ties.
fn auc(score: &[f64], y: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[a].total_cmp(&score[b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && score[order[j + 1]] == score[order[i]] {
            j += 1;
        }
        let mid_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mid_rank * order[i..=j].iter().filter(|&&k| y[k]).count() as f64;
        i = j + 1;
    }
    let pos = y.iter().filter(|v| **v).count() as f64;
    let neg = y.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

fn accuracy(class: impl Iterator<Item = bool>, y: &[bool]) -> f64 {
    class.zip(y).filter(|(c, y)| c == *y).count() as f64 / y.len() as f64
}

fn class_note(p: &[f64], d: &ClassData) -> String {
    format!(
        "held-out AUC {:.3} (true p {:.3}), accuracy {:.3}",
        auc(p, &d.test_y),
        auc(&d.test_p, &d.test_y),
        accuracy(p.iter().map(|p| *p >= 0.5), &d.test_y),
    )
}

fn poisson_deviance(y: f64, mu: f64) -> f64 {
    let term = if y > 0.0 { y * (y / mu).ln() } else { 0.0 };
    2.0 * (term - (y - mu))
}

/// Held-out D² = 1 − deviance/deviance of the training mean.
fn deviance_explained(mu: &[f64], y: &[f64], base: f64) -> f64 {
    let dev: f64 = mu
        .iter()
        .zip(y)
        .map(|(m, y)| poisson_deviance(*y, *m))
        .sum();
    let dev0: f64 = y.iter().map(|y| poisson_deviance(*y, base)).sum();
    1.0 - dev / dev0
}

// ---------------------------------------------------------------------------------------------------
// The child: one fit in a fresh process

/// `VmHWM` (peak resident set) of this process in kB.
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// User + system CPU seconds of this process (`/proc/self/stat`, at Linux's USER_HZ of 100).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The fields after the command name, which is in parentheses and may hold spaces.
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// What a child reports.
struct Measured {
    rows: usize,
    features: usize,
    seconds: f64,
    cpu_seconds: f64,
    data_kb: u64,
    peak_kb: u64,
    note: String,
}

/// Times `fit` and reads the memory around it.
fn timed<T>(fit: impl FnOnce() -> T) -> (T, f64, f64, u64, u64) {
    let data_kb = peak_kb();
    let cpu = cpu_seconds();
    let start = Instant::now();
    let out = fit();
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    (out, seconds, cpu, data_kb, peak_kb())
}

/// Leaves over all `trees` (linfa prunes a split whose two sides predict the same class).
fn leaves(trees: &[Tree]) -> usize {
    trees
        .iter()
        .flat_map(|t| &t.nodes)
        .filter(|n| matches!(n, TreeNode::Leaf { .. }))
        .count()
}

fn linear_predictions(
    x: ArrayView2<f64>,
    intercept: f64,
    b: &[f64],
    link: fn(f64) -> f64,
) -> Vec<f64> {
    let b = ArrayView1::from(b);
    x.dot(&b).iter().map(|eta| link(intercept + eta)).collect()
}

fn run_synthetic(name: &str, rows: usize) -> Result<Measured, String> {
    if name == "poisson" {
        let d = count_data(rows);
        let (fit, seconds, cpu_seconds, data_kb, peak) =
            timed(|| algoreg::train::poisson::fit(d.x.view(), d.y.view(), 0.0, 100, 1e-10, || {}));
        let fit = fit.map_err(|e| e.to_string())?;
        let mu = linear_predictions(d.test_x.view(), fit.intercept, &fit.coefficients, f64::exp);
        let base = d.y.mean().unwrap_or(0.0);
        let note = format!(
            "{} IRLS steps; held-out D² {:.3} (true μ {:.3})",
            fit.iterations,
            deviance_explained(&mu, &d.test_y, base),
            deviance_explained(&d.test_mu, &d.test_y, base),
        );
        return Ok(Measured {
            rows,
            features: COUNT_FEATURES,
            seconds,
            cpu_seconds,
            data_kb,
            peak_kb: peak,
            note,
        });
    }
    let d = class_data(rows);
    let (note, seconds, cpu_seconds, data_kb, peak) = match name {
        "logistic" => {
            let (fit, s, c, a, b) =
                timed(|| algoreg::train::logistic::fit(d.x.view(), d.y.view(), 1.0, 500, 1e-6));
            let fit = fit?;
            let p = linear_predictions(d.test_x.view(), fit.intercept, &fit.coefficients, sigmoid);
            (class_note(&p, &d), s, c, a, b)
        }
        "tree" => {
            let (fit, s, c, a, b) = timed(|| {
                algoreg::train::tree::fit_tree(d.x.view(), d.y.view(), TREE_DEPTH, TREE_MIN_LEAF)
            });
            let tree = fit?;
            let p: Vec<f64> = d
                .test_x
                .rows()
                .into_iter()
                .map(|r| algoreg::train::tree::probability(std::slice::from_ref(&tree), r))
                .collect();
            let leaves = leaves(std::slice::from_ref(&tree));
            (
                format!("{}; {leaves} leaves", class_note(&p, &d)),
                s,
                c,
                a,
                b,
            )
        }
        "forest" => {
            let (fit, s, c, a, b) = timed(|| {
                algoreg::train::tree::fit_forest(
                    d.x.view(),
                    d.y.view(),
                    FOREST_TREES,
                    FOREST_DEPTH,
                    FOREST_MIN_LEAF,
                    FOREST_SAMPLE_SHARE,
                    FOREST_FEATURE_SHARE,
                    FOREST_SEED,
                    &|| {},
                )
            });
            let trees = fit?;
            let p: Vec<f64> = d
                .test_x
                .rows()
                .into_iter()
                .map(|r| algoreg::train::tree::probability(&trees, r))
                .collect();
            let leaves = leaves(&trees);
            (
                format!("{}; {leaves} leaves in all", class_note(&p, &d)),
                s,
                c,
                a,
                b,
            )
        }
        "smartcore-forest" => smartcore_forest(d)?,
        "linfa-tree" | "linfa-forest" => linfa_trees(name, d)?,
        other => return Err(format!("unknown case `{other}`")),
    };
    Ok(Measured {
        rows,
        features: CLASS_FEATURES,
        seconds,
        cpu_seconds,
        data_kb,
        peak_kb: peak,
        note,
    })
}

/// linfa-trees / linfa-ensemble fitted directly (what algoreg used before its own CART): timed for
/// comparison; they predict classes only, so the note has the accuracy of the votes.
fn linfa_trees(name: &str, d: ClassData) -> Result<(String, f64, f64, u64, u64), String> {
    use linfa::prelude::*;
    use linfa_ensemble::EnsembleLearnerParams;
    use linfa_trees::DecisionTree;
    use rand08::SeedableRng;
    let targets = d.y.mapv(usize::from);
    let dataset = Dataset::new(d.x.clone(), targets);
    let truth: Vec<usize> = d.test_y.iter().map(|&v| usize::from(v)).collect();
    let accuracy = |pred: ndarray::Array1<usize>| {
        pred.iter().zip(&truth).filter(|(a, b)| a == b).count() as f64 / truth.len() as f64
    };
    if name == "linfa-tree" {
        let (fit, s, c, a, b) = timed(|| {
            DecisionTree::params()
                .max_depth(Some(TREE_DEPTH))
                .min_weight_leaf(TREE_MIN_LEAF as f32)
                .fit(&dataset)
        });
        let tree = fit.map_err(|e| format!("linfa-trees: {e}"))?;
        let acc = accuracy(tree.predict(&d.test_x));
        return Ok((
            format!("accuracy {acc:.3}; {} leaves", tree.num_leaves()),
            s,
            c,
            a,
            b,
        ));
    }
    let (fit, s, c, a, b) = timed(|| {
        EnsembleLearnerParams::new_fixed_rng(
            DecisionTree::params()
                .max_depth(Some(FOREST_DEPTH))
                .min_weight_leaf(FOREST_MIN_LEAF as f32),
            rand08::rngs::StdRng::seed_from_u64(FOREST_SEED),
        )
        .ensemble_size(FOREST_TREES)
        .bootstrap_proportion(FOREST_SAMPLE_SHARE)
        .feature_proportion(FOREST_FEATURE_SHARE)
        .fit(&dataset)
    });
    let forest = fit.map_err(|e| format!("linfa-ensemble: {e}"))?;
    let acc = accuracy(forest.predict(&d.test_x));
    Ok((format!("accuracy of the votes {acc:.3}"), s, c, a, b))
}

/// smartcore's forest: row-major `DenseMatrix` from ndarray's buffer, labels 0/1 as `u32`; it predicts
/// classes by majority vote only, so the note has the accuracy and the AUC of the 0/1 votes.
fn smartcore_forest(d: ClassData) -> Result<(String, f64, f64, u64, u64), String> {
    use smartcore::ensemble::random_forest_classifier::{
        RandomForestClassifier, RandomForestClassifierParameters,
    };
    use smartcore::linalg::basic::matrix::DenseMatrix;

    let dense = |x: Array2<f64>| {
        let (rows, cols) = x.dim();
        let x = x.as_standard_layout().into_owned();
        let (values, offset) = x.into_raw_vec_and_offset();
        assert_eq!(
            offset.unwrap_or(0),
            0,
            "a standard-layout array starts at its buffer"
        );
        DenseMatrix::new(rows, cols, values, false).map_err(|e| format!("smartcore: {e}"))
    };
    let ClassData {
        x,
        y,
        test_x,
        test_y,
        test_p,
    } = d;
    let x = dense(x)?;
    let test_x = dense(test_x)?;
    let labels: Vec<u32> = y.iter().map(|v| u32::from(*v)).collect();
    drop(y);
    let params = RandomForestClassifierParameters::default()
        .with_n_trees(FOREST_TREES as u16)
        .with_max_depth(FOREST_DEPTH as u16)
        .with_min_samples_leaf(FOREST_MIN_LEAF as usize)
        .with_min_samples_split(2 * FOREST_MIN_LEAF as usize)
        .with_m((FOREST_FEATURE_SHARE * CLASS_FEATURES as f64).ceil() as usize)
        .with_keep_samples(false)
        .with_seed(FOREST_SEED);
    let (fit, s, c, a, b) = timed(|| RandomForestClassifier::fit(&x, &labels, params));
    let forest = fit.map_err(|e| format!("smartcore: {e}"))?;
    let votes: Vec<u32> = forest
        .predict(&test_x)
        .map_err(|e| format!("smartcore: {e}"))?;
    let p: Vec<f64> = votes.iter().map(|v| f64::from(*v)).collect();
    let note = format!(
        "held-out accuracy {:.3}, AUC of the 0/1 votes {:.3} (true p {:.3}); no probabilities",
        accuracy(votes.iter().map(|v| *v == 1), &test_y),
        auc(&p, &test_y),
        auc(&test_p, &test_y),
    );
    Ok((note, s, c, a, b))
}

fn run_pipeline(name: &str) -> Result<Measured, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let dir = if name == "pipeline-poisson" {
        root.join("hotspot-tilburg")
    } else {
        root.join("foundation-risk-zaandam")
    };
    let model = load_model(&dir).map_err(|e| e.to_string())?;
    let (mut spec, source) = model
        .train
        .clone()
        .ok_or_else(|| format!("{} has no [model]", dir.display()))?;
    match name {
        "pipeline-tree" => {
            spec.algorithm = Algorithm::DecisionTree {
                max_depth: TREE_DEPTH,
                min_leaf: TREE_MIN_LEAF,
            }
        }
        "pipeline-forest" => {
            spec.algorithm = Algorithm::RandomForest {
                trees: FOREST_TREES,
                max_depth: FOREST_DEPTH,
                min_leaf: FOREST_MIN_LEAF,
                sample_share: FOREST_SAMPLE_SHARE,
                feature_share: FOREST_FEATURE_SHARE,
            }
        }
        "pipeline-logistic" | "pipeline-poisson" => {}
        other => return Err(format!("unknown case `{other}`")),
    }
    let table = load_raw_table(&source).map_err(|e| e.to_string())?;
    let (trained, seconds, cpu_seconds, data_kb, peak) = timed(|| {
        train::train(
            &model.manifest.id,
            &spec,
            &table,
            &model.manifest_path,
            &Silent,
        )
    });
    let trained = trained.map_err(|e| e.to_string())?;
    let metric = |n: &str| {
        QualityMetric::find(&trained.quality.metrics, n)
            .and_then(|m| m.value)
            .map_or("–".to_string(), |v| format!("{v:.3}"))
    };
    let quality = if spec.algorithm.is_count() {
        format!("held-out D² {}", metric("deviance_explained"))
    } else {
        format!("held-out AUC {}", metric("auc"))
    };
    Ok(Measured {
        rows: trained.fit_rows,
        features: trained.design_columns,
        seconds,
        cpu_seconds,
        data_kb,
        peak_kb: peak,
        note: format!(
            "{}: {} of {} file rows fit, {} design columns; split + design + fit + scoring; {quality}",
            model.manifest.id, trained.fit_rows, table.rows, trained.design_columns
        ),
    })
}

fn child(name: &str, rows: usize) -> ! {
    let result = if name.starts_with("pipeline-") {
        run_pipeline(name)
    } else {
        run_synthetic(name, rows)
    };
    match result {
        Ok(m) => {
            println!(
                "RESULT\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                m.rows,
                m.features,
                m.seconds,
                m.cpu_seconds,
                m.data_kb,
                m.peak_kb,
                m.note.replace(['\t', '\n'], " ")
            );
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("{name} at {rows} rows failed: {e}");
            std::process::exit(1)
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The parent: schedule, project, print

struct Options {
    rows: Vec<usize>,
    only: Option<Vec<String>>,
    budget: f64,
    max_fit: f64,
}

fn usage() -> ! {
    eprintln!(
        "usage: cargo bench --bench train -- [--rows 100000,1000000] [--only NAME[,NAME…]] \
         [--budget SECONDS] [--max-fit SECONDS]\ncases: {}",
        CASES.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
    );
    std::process::exit(2)
}

fn options(args: &[String]) -> Options {
    let mut o = Options {
        rows: vec![100_000, 1_000_000],
        only: None,
        budget: 900.0,
        max_fit: 300.0,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().unwrap_or_else(|| usage());
        match a.as_str() {
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            "--rows" => {
                let mut rows: Vec<usize> = value()
                    .split(',')
                    .map(|v| {
                        v.trim()
                            .replace('_', "")
                            .parse()
                            .unwrap_or_else(|_| usage())
                    })
                    .collect();
                rows.sort_unstable();
                rows.dedup();
                if rows.iter().any(|&n| n < 10) {
                    usage()
                }
                o.rows = rows;
            }
            "--only" => {
                let names: Vec<String> = value().split(',').map(|s| s.trim().to_string()).collect();
                if let Some(bad) = names.iter().find(|n| !CASES.iter().any(|c| c.name == *n)) {
                    eprintln!("unknown case `{bad}`");
                    usage()
                }
                o.only = Some(names);
            }
            "--budget" => o.budget = value().parse().unwrap_or_else(|_| usage()),
            "--max-fit" => o.max_fit = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    o
}

/// One table row: measured (median over repeats) or skipped with a reason.
struct Row {
    case: &'static Case,
    rows: usize,
    features: usize,
    outcome: Outcome,
}

enum Outcome {
    Measured {
        repeats: usize,
        seconds: f64,
        cpu_seconds: f64,
        data_kb: u64,
        peak_kb: u64,
        note: String,
        /// The child's whole wall time (data, fit, scoring), for projecting the budget.
        wall: f64,
    },
    Skipped(String),
}

fn run_child(case: &Case, rows: usize) -> Result<(Measured, f64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let out = Command::new(exe)
        .args(["--child", case.name, &rows.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    let wall = start.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!("child exited with {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with("RESULT\t"))
        .ok_or("the child printed no result")?;
    let f: Vec<&str> = line.splitn(8, '\t').collect();
    let bad = || format!("unreadable child result: {line}");
    Ok((
        Measured {
            rows: f[1].parse().map_err(|_| bad())?,
            features: f[2].parse().map_err(|_| bad())?,
            seconds: f[3].parse().map_err(|_| bad())?,
            cpu_seconds: f[4].parse().map_err(|_| bad())?,
            data_kb: f[5].parse().map_err(|_| bad())?,
            peak_kb: f[6].parse().map_err(|_| bad())?,
            note: f[7].to_string(),
        },
        wall,
    ))
}

fn measure(case: &'static Case, rows: usize, repeats: usize, budget_left: impl Fn() -> f64) -> Row {
    let mut runs: Vec<(Measured, f64)> = Vec::new();
    for k in 0..repeats {
        // After the first run, repeat only while the budget allows another run of the same length.
        if let Some((_, wall)) = runs.first()
            && *wall > budget_left()
        {
            break;
        }
        eprintln!("  {} at {rows} rows, run {}/{repeats} …", case.name, k + 1);
        match run_child(case, rows) {
            Ok(r) => runs.push(r),
            Err(e) => {
                return Row {
                    case,
                    rows,
                    features: 0,
                    outcome: Outcome::Skipped(format!("failed: {e}")),
                };
            }
        }
    }
    let first = &runs[0].0;
    let mut by_time: Vec<&(Measured, f64)> = runs.iter().collect();
    by_time.sort_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds));
    let (median, wall) = by_time[by_time.len() / 2];
    Row {
        case,
        rows: first.rows,
        features: first.features,
        outcome: Outcome::Measured {
            repeats: runs.len(),
            seconds: median.seconds,
            cpu_seconds: median.cpu_seconds,
            data_kb: runs.iter().map(|r| r.0.data_kb).max().unwrap_or(0),
            peak_kb: runs.iter().map(|r| r.0.peak_kb).max().unwrap_or(0),
            note: first.note.clone(),
            wall: *wall,
        },
    }
}

fn repeats(rows: usize) -> usize {
    if rows >= 1_000_000 { 1 } else { 3 }
}

/// `n ln n` from `small` to `large` rows.
fn growth(small: usize, large: usize) -> f64 {
    let f = |n: usize| n as f64 * (n as f64).ln();
    f(large) / f(small)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {threads} hardware threads")
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn print_table(rows: &[Row], opts: &Options, total: f64) {
    println!();
    println!("Machine: {}; whole run {total:.0} s.", machine());
    println!();
    println!("| algorithm | rows | features | fit seconds | peak MB (+ during fit) | notes |");
    println!("|---|---:|---:|---:|---:|---|");
    for r in rows {
        match &r.outcome {
            Outcome::Measured {
                repeats,
                seconds,
                cpu_seconds,
                data_kb,
                peak_kb,
                note,
                ..
            } => {
                let timing = if *repeats > 1 {
                    format!("median of {repeats}")
                } else {
                    "1 run".to_string()
                };
                println!(
                    "| {} | {} | {} | {seconds:.3} | {:.0} (+{:.0}) | {timing}, CPU {cpu_seconds:.1} s; {note} |",
                    r.case.name,
                    r.rows,
                    r.features,
                    mb(*peak_kb),
                    mb(peak_kb.saturating_sub(*data_kb)),
                );
            }
            Outcome::Skipped(why) => {
                let features = if r.features > 0 {
                    r.features.to_string()
                } else {
                    "–".into()
                };
                println!(
                    "| {} | {} | {features} | – | – | {why} |",
                    r.case.name, r.rows
                );
            }
        }
    }
    println!();
    println!(
        "Fit seconds: wall clock of the library call alone (data generation and scoring not timed). \
         Peak MB: VmHWM of a fresh process after the fit, which includes the generated data and the \
         {:.0}% held-out rows; in brackets the rise during the fit. CPU: user + system seconds of the \
         fit (CPU ≈ wall means one thread). Projections scale the previous size's time by n·ln n; \
         limits: {:.0} s per fit, {:.0} s for the whole run.",
        TEST_SHARE * 100.0,
        opts.max_fit,
        opts.budget
    );
    println!();
    for c in CASES {
        if rows.iter().any(|r| std::ptr::eq(r.case, c)) {
            println!("- {}: {}", c.name, c.settings);
        }
    }
}

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
