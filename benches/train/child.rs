//! The child: one fit in a fresh process, timed, with the peak memory around it.

use super::*;
use crate::data::*;

/// `VmHWM` (peak resident set) of this process in kB.
pub(crate) fn peak_kb() -> u64 {
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
pub(crate) fn cpu_seconds() -> f64 {
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
pub(crate) struct Measured {
    pub(crate) rows: usize,
    pub(crate) features: usize,
    pub(crate) seconds: f64,
    pub(crate) cpu_seconds: f64,
    pub(crate) data_kb: u64,
    pub(crate) peak_kb: u64,
    pub(crate) note: String,
}

/// Times `fit` and reads the memory around it.
pub(crate) fn timed<T>(fit: impl FnOnce() -> T) -> (T, f64, f64, u64, u64) {
    let data_kb = peak_kb();
    let cpu = cpu_seconds();
    let start = Instant::now();
    let out = fit();
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    (out, seconds, cpu, data_kb, peak_kb())
}

/// Leaves over all `trees` (linfa prunes a split whose two sides predict the same class).
pub(crate) fn leaves(trees: &[Tree]) -> usize {
    trees
        .iter()
        .flat_map(|t| &t.nodes)
        .filter(|n| matches!(n, TreeNode::Leaf { .. }))
        .count()
}

pub(crate) fn linear_predictions(
    x: ArrayView2<f64>,
    intercept: f64,
    b: &[f64],
    link: fn(f64) -> f64,
) -> Vec<f64> {
    let b = ArrayView1::from(b);
    x.dot(&b).iter().map(|eta| link(intercept + eta)).collect()
}

pub(crate) fn run_synthetic(name: &str, rows: usize) -> Result<Measured, String> {
    if name == "poisson" {
        let d = count_data(rows);
        let (fit, seconds, cpu_seconds, data_kb, peak) = timed(|| {
            algoreg::train::poisson::fit(
                d.x.view(),
                d.y.view(),
                defaults::POISSON_L2,
                defaults::POISSON_MAX_ITERATIONS,
                defaults::POISSON_TOLERANCE,
                || {},
            )
        });
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
            let (fit, s, c, a, b) = timed(|| {
                algoreg::train::logistic::fit(
                    d.x.view(),
                    d.y.view(),
                    defaults::LOGISTIC_L2,
                    defaults::LOGISTIC_MAX_ITERATIONS,
                    defaults::LOGISTIC_TOLERANCE,
                )
            });
            let fit = fit?;
            let p = linear_predictions(d.test_x.view(), fit.intercept, &fit.coefficients, sigmoid);
            (class_note(&p, &d), s, c, a, b)
        }
        "tree" => {
            let (fit, s, c, a, b) = timed(|| {
                algoreg::train::tree::fit_tree(
                    d.x.view(),
                    d.y.view(),
                    defaults::TREE_MAX_DEPTH,
                    defaults::TREE_MIN_LEAF,
                )
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
                    defaults::FOREST_TREES,
                    defaults::FOREST_MAX_DEPTH,
                    defaults::FOREST_MIN_LEAF,
                    defaults::FOREST_SAMPLE_SHARE,
                    defaults::FOREST_FEATURE_SHARE,
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
pub(crate) fn linfa_trees(
    name: &str,
    d: ClassData,
) -> Result<(String, f64, f64, u64, u64), String> {
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
                .max_depth(Some(defaults::TREE_MAX_DEPTH))
                .min_weight_leaf(defaults::TREE_MIN_LEAF as f32)
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
                .max_depth(Some(defaults::FOREST_MAX_DEPTH))
                .min_weight_leaf(defaults::FOREST_MIN_LEAF as f32),
            rand08::rngs::StdRng::seed_from_u64(FOREST_SEED),
        )
        .ensemble_size(defaults::FOREST_TREES)
        .bootstrap_proportion(defaults::FOREST_SAMPLE_SHARE)
        .feature_proportion(defaults::FOREST_FEATURE_SHARE)
        .fit(&dataset)
    });
    let forest = fit.map_err(|e| format!("linfa-ensemble: {e}"))?;
    let acc = accuracy(forest.predict(&d.test_x));
    Ok((format!("accuracy of the votes {acc:.3}"), s, c, a, b))
}

/// smartcore's forest: row-major `DenseMatrix` from ndarray's buffer, labels 0/1 as `u32`; it predicts
/// classes by majority vote only, so the note has the accuracy and the AUC of the 0/1 votes.
pub(crate) fn smartcore_forest(d: ClassData) -> Result<(String, f64, f64, u64, u64), String> {
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
        .with_n_trees(defaults::FOREST_TREES as u16)
        .with_max_depth(defaults::FOREST_MAX_DEPTH as u16)
        .with_min_samples_leaf(defaults::FOREST_MIN_LEAF as usize)
        .with_min_samples_split(2 * defaults::FOREST_MIN_LEAF as usize)
        .with_m(smartcore_m())
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

pub(crate) fn run_pipeline(name: &str) -> Result<Measured, String> {
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
                max_depth: defaults::TREE_MAX_DEPTH,
                min_leaf: defaults::TREE_MIN_LEAF,
            }
        }
        "pipeline-forest" => {
            spec.algorithm = Algorithm::RandomForest {
                trees: defaults::FOREST_TREES,
                max_depth: defaults::FOREST_MAX_DEPTH,
                min_leaf: defaults::FOREST_MIN_LEAF,
                sample_share: defaults::FOREST_SAMPLE_SHARE,
                feature_share: defaults::FOREST_FEATURE_SHARE,
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

pub(crate) fn child(name: &str, rows: usize) -> ! {
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
