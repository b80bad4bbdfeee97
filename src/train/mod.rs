//! Training the models algoreg builds itself from a manifest's `[model]` table: split, preprocessing,
//! fit, held-out quality and the held-out rows with the model's output. Pure: the table comes in as
//! text, the artifacts go out as values; `register` reads and writes the files.

pub mod logistic;
pub mod placebo;
pub mod poisson;
pub mod preprocess;
pub mod quality;
pub mod split;
pub mod tree;

use std::path::Path;

use ndarray::Array1;

use crate::error::{Error, Result};
use crate::manifest::model::{Algorithm, TrainSpec, Unlabelled};
use crate::progress::Progress;
use crate::record::trained::{Coefficient, FITTED_SCHEMA_VERSION, FittedModel, ModelBody, Quality};
use crate::reference::RawTable;
pub use split::Split;

/// The confidence level of the held-out quality intervals.
pub const QUALITY_LEVEL: f64 = 0.95;

/// Where the model's output goes in the written rows.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputColumns {
    /// The probability (classifiers) or predicted count (count models).
    pub value: String,
    /// A 0/1 column filled with `value >= cutoff`.
    pub decision: Option<(String, f64)>,
}

/// What a training run gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    pub model: FittedModel,
    pub split: Split,
    /// Rows on the training side, and of them the ones the fit used.
    pub train_rows: usize,
    pub fit_rows: usize,
    /// The held-out rows (indices into the table) and the model's output for each.
    pub test_rows: Vec<usize>,
    pub outputs: Vec<f64>,
    pub quality: Quality,
    pub design_columns: usize,
}

/// The hyperparameters as applied, `(name, value)`.
pub fn hyperparameters(a: &Algorithm) -> Vec<(String, f64)> {
    let v = |pairs: &[(&str, f64)]| pairs.iter().map(|(n, v)| (n.to_string(), *v)).collect();
    match *a {
        Algorithm::Logistic {
            l2,
            max_iterations,
            tolerance,
        }
        | Algorithm::Poisson {
            l2,
            max_iterations,
            tolerance,
        } => v(&[
            ("l2", l2),
            ("max_iterations", max_iterations as f64),
            ("tolerance", tolerance),
        ]),
        Algorithm::DecisionTree {
            max_depth,
            min_leaf,
        } => v(&[("max_depth", max_depth as f64), ("min_leaf", min_leaf)]),
        Algorithm::RandomForest {
            trees,
            max_depth,
            min_leaf,
            sample_share,
            feature_share,
        } => v(&[
            ("trees", trees as f64),
            ("max_depth", max_depth as f64),
            ("min_leaf", min_leaf),
            ("sample_share", sample_share),
            ("feature_share", feature_share),
        ]),
    }
}

/// A label cell's value: `Some(Some(v))` for 0/1 or true/false, `Some(None)` when empty, `None` when
/// it is neither.
pub(crate) fn label_value(cell: &str) -> Option<Option<bool>> {
    match cell.trim() {
        "" => Some(None),
        "1" | "true" | "TRUE" | "True" => Some(Some(true)),
        "0" | "false" | "FALSE" | "False" => Some(Some(false)),
        _ => None,
    }
}

/// A label cell: `Some(true/false)`, `None` when empty.
fn label(table: &RawTable, column: &str, cells: &[String], i: usize) -> Result<Option<bool>> {
    match label_value(&cells[i]) {
        Some(v) => Ok(v),
        None => Err(Error::BadValue {
            path: table.path.clone(),
            line: i as u64 + 2,
            column: column.to_string(),
            value: cells[i].clone(),
            reason: "the target must be 0/1 or true/false (or empty: no label)".into(),
        }),
    }
}

/// A count cell: a number ≥ 0.
fn count(table: &RawTable, column: &str, cells: &[String], i: usize) -> Result<f64> {
    cells[i]
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| Error::BadValue {
            path: table.path.clone(),
            line: i as u64 + 2,
            column: column.to_string(),
            value: cells[i].clone(),
            reason: "the target of a count model must be a number ≥ 0 on every row".into(),
        })
}

/// The model's output for design rows.
pub fn predict_design(model: &FittedModel, x: &ndarray::Array2<f64>) -> Vec<f64> {
    match &model.body {
        ModelBody::Linear {
            link,
            intercept,
            coefficients,
        } => {
            let b: Array1<f64> = coefficients.iter().map(|c| c.value).collect();
            x.dot(&b)
                .iter()
                .map(|eta| {
                    let eta = intercept + eta;
                    if link == "log" {
                        eta.exp()
                    } else {
                        1.0 / (1.0 + (-eta).exp())
                    }
                })
                .collect()
        }
        ModelBody::Trees { trees } => x
            .rows()
            .into_iter()
            .map(|r| tree::probability(trees, r))
            .collect(),
    }
}

/// The model's output for `rows` of `table`.
pub fn predict(model: &FittedModel, table: &RawTable, rows: &[usize]) -> Result<Vec<f64>> {
    let x = preprocess::design(table, &model.preprocessing, rows)?;
    Ok(predict_design(model, &x))
}

fn fit_failed(origin: &Path, why: impl std::fmt::Display) -> Error {
    Error::field(origin, "model", format!("training failed: {why}"))
}

/// Trains the model of `spec` on `table` (the manifest's data file); `origin` is the manifest.
pub fn train(
    model_id: &str,
    spec: &TrainSpec,
    table: &RawTable,
    origin: &Path,
    progress: &dyn Progress,
) -> Result<Trained> {
    let split = split::split(table, &spec.split, spec.seed, origin)?;
    let target = table
        .column(&spec.target)
        .ok_or_else(|| Error::MissingColumn {
            path: table.path.clone(),
            column: spec.target.clone(),
            role: "model target",
            available: table
                .columns
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let train_side: Vec<usize> = (0..table.rows).filter(|&i| !split.test[i]).collect();
    let test_rows: Vec<usize> = (0..table.rows).filter(|&i| split.test[i]).collect();
    let is_count = spec.algorithm.is_count();
    // The rows the fit uses and their targets.
    let mut fit_rows = Vec::new();
    let mut y_class = Vec::new();
    let mut y_count = Vec::new();
    for &i in &train_side {
        if is_count {
            y_count.push(count(table, &spec.target, target, i)?);
            fit_rows.push(i);
        } else {
            match (label(table, &spec.target, target, i)?, spec.unlabelled) {
                (Some(v), _) => y_class.push(v),
                (None, Unlabelled::Negative) => y_class.push(false),
                (None, Unlabelled::Skip) => continue,
            }
            fit_rows.push(i);
        }
    }
    if fit_rows.is_empty() {
        return Err(fit_failed(origin, "no training row has a target"));
    }
    let steps = preprocess::fit(
        table,
        &spec.features,
        spec.categorical.as_deref(),
        &fit_rows,
        spec.algorithm.scales(),
    )?;
    let names = preprocess::column_names(&steps);
    progress.begin("design matrix", None);
    let x = preprocess::design(table, &steps, &fit_rows)?;
    progress.end();
    let y_bool = Array1::from(y_class.clone());
    let linear = |intercept: f64, coefs: &[f64], link: &str| ModelBody::Linear {
        link: link.into(),
        intercept,
        coefficients: names
            .iter()
            .zip(coefs)
            .map(|(n, v)| Coefficient {
                name: n.clone(),
                value: *v,
            })
            .collect(),
    };
    progress.begin(
        &format!("fitting {}", spec.algorithm.name()),
        match spec.algorithm {
            Algorithm::Poisson { max_iterations, .. } => Some(max_iterations),
            _ => None,
        },
    );
    let body = match spec.algorithm {
        Algorithm::Logistic {
            l2,
            max_iterations,
            tolerance,
        } => {
            let f = logistic::fit(x.view(), y_bool.view(), l2, max_iterations, tolerance)
                .map_err(|e| fit_failed(origin, e))?;
            linear(f.intercept, &f.coefficients, "logit")
        }
        Algorithm::Poisson {
            l2,
            max_iterations,
            tolerance,
        } => {
            let y = Array1::from(y_count.clone());
            let f = poisson::fit(x.view(), y.view(), l2, max_iterations, tolerance, || {
                progress.advance()
            })
            .map_err(|e| fit_failed(origin, e))?;
            linear(f.intercept, &f.coefficients, "log")
        }
        Algorithm::DecisionTree {
            max_depth,
            min_leaf,
        } => {
            check_both_classes(&y_class, origin)?;
            let t = tree::fit_tree(x.view(), y_bool.view(), max_depth, min_leaf)
                .map_err(|e| fit_failed(origin, e))?;
            ModelBody::Trees { trees: vec![t] }
        }
        Algorithm::RandomForest {
            trees,
            max_depth,
            min_leaf,
            sample_share,
            feature_share,
        } => {
            check_both_classes(&y_class, origin)?;
            let t = tree::fit_forest(
                x.view(),
                y_bool.view(),
                trees,
                max_depth,
                min_leaf,
                sample_share,
                feature_share,
                spec.seed,
                &|| progress.advance(),
            )
            .map_err(|e| fit_failed(origin, e))?;
            ModelBody::Trees { trees: t }
        }
    };
    progress.end();
    let model = FittedModel {
        schema_version: FITTED_SCHEMA_VERSION,
        model_id: model_id.to_string(),
        algorithm: spec.algorithm.name().to_string(),
        target: spec.target.clone(),
        preprocessing: steps,
        body,
    };
    progress.begin("predicting the held-out rows", None);
    let outputs = predict(&model, table, &test_rows)?;
    progress.end();
    let quality = if is_count {
        let y: Vec<f64> = test_rows
            .iter()
            .map(|&i| count(table, &spec.target, target, i))
            .collect::<Result<_>>()?;
        let base = y_count.iter().sum::<f64>() / y_count.len() as f64;
        quality::counts(&outputs, &y, base, QUALITY_LEVEL)
    } else {
        let mut p = Vec::new();
        let mut y = Vec::new();
        for (k, &i) in test_rows.iter().enumerate() {
            if let Some(v) = label(table, &spec.target, target, i)? {
                p.push(outputs[k]);
                y.push(v);
            }
        }
        if y.is_empty() {
            return Err(fit_failed(
                origin,
                "no held-out row has a label, so the model's quality cannot be measured; hold out more rows",
            ));
        }
        let base = y_class.iter().filter(|v| **v).count() as f64 / y_class.len() as f64;
        quality::classifier(&p, &y, base, QUALITY_LEVEL)
    };
    Ok(Trained {
        model,
        split,
        train_rows: train_side.len(),
        fit_rows: fit_rows.len(),
        test_rows,
        outputs,
        quality,
        design_columns: names.len(),
    })
}

fn check_both_classes(y: &[bool], origin: &Path) -> Result<()> {
    let k = y.iter().filter(|v| **v).count();
    if k == 0 || k == y.len() {
        return Err(fit_failed(
            origin,
            format!(
                "the training rows hold only one class ({k} of {} positive)",
                y.len()
            ),
        ));
    }
    Ok(())
}

/// Formats a model output for the written file: probabilities and counts with 6 decimals.
pub fn format_output(v: f64) -> String {
    format!("{v:.6}")
}

/// The held-out rows of `table` as CSV text, with the output columns set (replaced where the file has
/// them, appended otherwise). Row order and every other cell stay as in the table.
pub fn scored_csv(table: &RawTable, trained: &Trained, columns: &OutputColumns) -> Result<String> {
    let mut header: Vec<String> = table.columns.iter().map(|(n, _)| n.clone()).collect();
    let mut position = |name: &str| match header.iter().position(|h| h == name) {
        Some(p) => p,
        None => {
            header.push(name.to_string());
            header.len() - 1
        }
    };
    let value_at = position(&columns.value);
    let decision_at = columns.decision.as_ref().map(|(n, c)| (position(n), *c));
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let csv_error = |e: csv::Error| Error::Csv {
        path: table.path.clone(),
        line: 0,
        message: format!("writing the scored rows: {e}"),
    };
    w.write_record(&header).map_err(csv_error)?;
    for (k, &i) in trained.test_rows.iter().enumerate() {
        let mut row: Vec<String> = table.columns.iter().map(|(_, c)| c[i].clone()).collect();
        row.resize(header.len(), String::new());
        let v = trained.outputs[k];
        row[value_at] = format_output(v);
        if let Some((at, cutoff)) = decision_at {
            row[at] = u8::from(v >= cutoff).to_string();
        }
        w.write_record(&row).map_err(csv_error)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Csv {
        path: table.path.clone(),
        line: 0,
        message: format!("writing the scored rows: {e}"),
    })?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8"))
}
