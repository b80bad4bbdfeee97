//! The child's seeded data (classification and count rows) and the held-out quality it reports.

use super::*;

pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `rows` training rows and `TEST_SHARE·rows` held-out rows, with the true probabilities of the latter.
pub(crate) struct ClassData {
    pub(crate) x: Array2<f64>,
    pub(crate) y: Array1<bool>,
    pub(crate) test_x: Array2<f64>,
    pub(crate) test_y: Vec<bool>,
    pub(crate) test_p: Vec<f64>,
}

pub(crate) fn class_data(rows: usize) -> ClassData {
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

pub(crate) struct CountData {
    pub(crate) x: Array2<f64>,
    pub(crate) y: Array1<f64>,
    pub(crate) test_x: Array2<f64>,
    pub(crate) test_y: Vec<f64>,
    pub(crate) test_mu: Vec<f64>,
}

pub(crate) fn count_data(rows: usize) -> CountData {
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

pub(crate) fn test_rows(rows: usize) -> usize {
    ((rows as f64 * TEST_SHARE).round() as usize).max(2)
}

// Held-out quality

/// Mann–Whitney AUC with mid-ranks for ties.
pub(crate) fn auc(score: &[f64], y: &[bool]) -> f64 {
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

pub(crate) fn accuracy(class: impl Iterator<Item = bool>, y: &[bool]) -> f64 {
    class.zip(y).filter(|(c, y)| c == *y).count() as f64 / y.len() as f64
}

pub(crate) fn class_note(p: &[f64], d: &ClassData) -> String {
    format!(
        "held-out AUC {:.3} (true p {:.3}), accuracy {:.3}",
        auc(p, &d.test_y),
        auc(&d.test_p, &d.test_y),
        accuracy(p.iter().map(|p| *p >= 0.5), &d.test_y),
    )
}

pub(crate) fn poisson_deviance(y: f64, mu: f64) -> f64 {
    let term = if y > 0.0 { y * (y / mu).ln() } else { 0.0 };
    2.0 * (term - (y - mu))
}

/// Held-out D² = 1 − deviance/deviance of the training mean.
pub(crate) fn deviance_explained(mu: &[f64], y: &[f64], base: f64) -> f64 {
    let dev: f64 = mu
        .iter()
        .zip(y)
        .map(|(m, y)| poisson_deviance(*y, *m))
        .sum();
    let dev0: f64 = y.iter().map(|y| poisson_deviance(*y, base)).sum();
    1.0 - dev / dev0
}
