//! Held-out quality of a trained model, each metric with a confidence interval and a baseline (the
//! training rows' mean predicted for every row).
//!
//! Classifiers: AUC (Mann–Whitney, DeLong standard error, interval on the logit scale so it stays inside
//! (0, 1): `logit(AUC) ± z·se/(AUC(1−AUC))`, Pepe 2003, *The Statistical Evaluation of Medical Tests*,
//! §5.2), the Brier score `mean (p − y)²` (Brier 1950) and the log loss `−mean(y ln p + (1−y) ln(1−p))`
//! with `p` clipped to `[1e-15, 1 − 1e-15]` (scikit-learn's `log_loss` default before 1.5; 1.9 clips at machine epsilon,
//! which differs only for a probability of exactly 0 or 1 on the wrong label). Counts: the mean Poisson
//! deviance `mean 2(y ln(y/μ) − (y − μ))`, the mean absolute error, and the share of the baseline's
//! deviance the model explains, `D² = 1 − dev/dev₀` (Cameron & Windmeijer 1996, *J. Bus. Econ. Stat.*
//! 14:209). A mean of per-row losses gets the normal interval `mean ± z·s/√n`.

use crate::audit::count::poisson_deviance;
use crate::record::trained::{Quality, QualityMetric};
use crate::stats::assoc::mann_whitney;
use crate::stats::z_for_level;

const NORMAL_MEAN: &str = "normal interval of a mean of per-row losses: mean ± z·s/√n";

/// Mean, and the normal interval of the mean.
fn mean_interval(values: &[f64], z: f64) -> (f64, Option<(f64, f64)>) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, None);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = z * (var / n).sqrt();
    (mean, Some((mean - half, mean + half)))
}

fn metric(name: &str, values: &[f64], baseline: Option<f64>, z: f64) -> QualityMetric {
    let (value, ci) = mean_interval(values, z);
    QualityMetric {
        name: name.into(),
        value: Some(value),
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
        baseline,
        method: NORMAL_MEAN.into(),
    }
}

fn clip(p: f64) -> f64 {
    p.clamp(1e-15, 1.0 - 1e-15)
}

fn log_loss_row(p: f64, y: bool) -> f64 {
    let p = clip(p);
    if y { -p.ln() } else { -(1.0 - p).ln() }
}

/// Quality of probabilities `p` against labels `y` (held-out rows with a label); `base` is the share of
/// positives on the training rows the model learned from.
pub fn classifier(p: &[f64], y: &[bool], base: f64, level: f64) -> Quality {
    let z = z_for_level(level);
    let mut metrics = Vec::new();
    let auc = mann_whitney(p, y);
    metrics.push(match auc {
        Some(t) => {
            let ci = t.se.filter(|_| t.auc > 0.0 && t.auc < 1.0).map(|se| {
                let logit = (t.auc / (1.0 - t.auc)).ln();
                let half = z * se / (t.auc * (1.0 - t.auc));
                let inv = |v: f64| 1.0 / (1.0 + (-v).exp());
                (inv(logit - half), inv(logit + half))
            });
            QualityMetric {
                name: "auc".into(),
                value: Some(t.auc),
                ci_low: ci.map(|c| c.0),
                ci_high: ci.map(|c| c.1),
                baseline: Some(0.5),
                method: "Mann–Whitney AUC; DeLong standard error, interval on the logit scale"
                    .into(),
            }
        }
        None => QualityMetric {
            name: "auc".into(),
            value: None,
            ci_low: None,
            ci_high: None,
            baseline: Some(0.5),
            method: "undefined: the held-out rows hold one class only".into(),
        },
    });
    let brier: Vec<f64> = p
        .iter()
        .zip(y)
        .map(|(p, y)| (p - f64::from(u8::from(*y))).powi(2))
        .collect();
    let n = y.len().max(1) as f64;
    let brier_base = y
        .iter()
        .map(|y| (base - f64::from(u8::from(*y))).powi(2))
        .sum::<f64>()
        / n;
    metrics.push(metric("brier", &brier, Some(brier_base), z));
    let ll: Vec<f64> = p.iter().zip(y).map(|(p, y)| log_loss_row(*p, *y)).collect();
    let ll_base = y.iter().map(|y| log_loss_row(base, *y)).sum::<f64>() / n;
    metrics.push(metric("log_loss", &ll, Some(ll_base), z));
    Quality {
        rows: y.len(),
        outcome_total: y.iter().filter(|v| **v).count() as f64,
        confidence_level: level,
        metrics,
    }
}

/// Quality of predicted counts `mu` against observed counts `y`; `base` is the training rows' mean count.
pub fn counts(mu: &[f64], y: &[f64], base: f64, level: f64) -> Quality {
    let z = z_for_level(level);
    let dev: Vec<f64> = mu
        .iter()
        .zip(y)
        .map(|(m, y)| poisson_deviance(*y, *m))
        .collect();
    let dev0: Vec<f64> = y.iter().map(|y| poisson_deviance(*y, base)).collect();
    let n = y.len().max(1) as f64;
    let mean_dev0 = dev0.iter().sum::<f64>() / n;
    let mae: Vec<f64> = mu.iter().zip(y).map(|(m, y)| (m - y).abs()).collect();
    let mae0 = y.iter().map(|y| (base - y).abs()).sum::<f64>() / n;
    let deviance = metric("mean_poisson_deviance", &dev, Some(mean_dev0), z);
    // D² and its interval: the deviance's interval divided by the baseline deviance (treated as fixed).
    let explained = QualityMetric {
        name: "deviance_explained".into(),
        value: deviance.value.map(|d| 1.0 - d / mean_dev0),
        ci_low: deviance.ci_high.map(|d| 1.0 - d / mean_dev0),
        ci_high: deviance.ci_low.map(|d| 1.0 - d / mean_dev0),
        baseline: Some(0.0),
        method:
            "1 − deviance/baseline deviance; interval from the deviance's, the baseline held fixed"
                .into(),
    };
    Quality {
        rows: y.len(),
        outcome_total: y.iter().sum(),
        confidence_level: level,
        metrics: vec![deviance, explained, metric("mae", &mae, Some(mae0), z)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed: p = (0.9, 0.2, 0.6), y = (1, 0, 0): Brier (0.01 + 0.04 + 0.36)/3, AUC 1.
    #[test]
    fn brier_and_auc_by_hand() {
        let q = classifier(&[0.9, 0.2, 0.6], &[true, false, false], 0.5, 0.95);
        let brier = QualityMetric::find(&q.metrics, "brier").unwrap();
        assert!((brier.value.unwrap() - 0.41 / 3.0).abs() < 1e-12);
        let auc = QualityMetric::find(&q.metrics, "auc").unwrap();
        assert!((auc.value.unwrap() - 1.0).abs() < 1e-12);
        let ll = QualityMetric::find(&q.metrics, "log_loss").unwrap();
        let expected = -(0.9f64.ln() + 0.8f64.ln() + 0.4f64.ln()) / 3.0;
        assert!((ll.value.unwrap() - expected).abs() < 1e-12);
    }
}
