//! Classification trees (CART, Breiman, Friedman, Olshen & Stone 1984) and random forests (Breiman 2001,
//! *Machine Learning* 45:5), grown here rather than through linfa-trees 0.8.1, whose fitted trees are
//! pruned where two sibling leaves predict the same majority class (so a leaf of 10% and one of 40%
//! positives merge, and the probabilities lose their resolution) and whose majority class of a tied
//! node follows `HashMap` order, so the same data and seed gave different forests from run to run
//! (measured with `cargo bench --bench train`; both break the register's byte-identical artifacts).
//!
//! A node of `n` rows with `k` positives becomes a leaf with probability `k/n` when it is pure, at
//! `max_depth`, or when no split leaves `min_leaf` rows on both sides. Otherwise it splits on the
//! feature and threshold that minimise the weighted Gini impurity `n_L·g(p_L) + n_R·g(p_R)`,
//! `g(p) = 2p(1 − p)`, over every midpoint between consecutive distinct values (the first minimum in
//! feature order, then in value order; the midpoint as scikit-learn computes it, `a/2 + b/2`, falling back
//! to `a` when that rounds to `b`); rows with `x ≤ threshold` go left. This is scikit-learn's
//! `DecisionTreeClassifier` (criterion "gini", `min_samples_leaf`, `max_depth`) and is tested against it.
//!
//! A forest grows each tree on a bootstrap sample of `⌈sample_share·n⌉` rows drawn with replacement and,
//! at each split, on `⌈feature_share·p⌉` features drawn without replacement; its probability is the mean
//! of its trees' leaf probabilities (as scikit-learn's `RandomForestClassifier.predict_proba`). Tree `t`
//! draws from ChaCha8 stream `t` of the seed, so the forest does not depend on how threads run.

use ndarray::{ArrayView1, ArrayView2};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::record::trained::{Tree, TreeNode};

/// How a tree is grown.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Grow {
    max_depth: usize,
    min_leaf: usize,
    /// Features tried per split; all when `None`.
    mtry: Option<usize>,
}

fn gini_weighted(n: f64, k: f64) -> f64 {
    if n == 0.0 {
        return 0.0;
    }
    let p = k / n;
    n * 2.0 * p * (1.0 - p)
}

/// The best split of `rows` on the candidate features: `(feature, threshold)`.
fn best_split(
    x: ArrayView2<f64>,
    y: ArrayView1<bool>,
    rows: &[usize],
    features: &[usize],
    min_leaf: usize,
) -> Option<(usize, f64)> {
    let n = rows.len();
    let k = rows.iter().filter(|&&i| y[i]).count() as f64;
    let mut best: Option<(f64, usize, f64)> = None;
    let mut pairs: Vec<(f64, bool)> = Vec::with_capacity(n);
    for &f in features {
        pairs.clear();
        pairs.extend(rows.iter().map(|&i| (x[[i, f]], y[i])));
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut nl, mut kl) = (0usize, 0usize);
        for j in 0..n - 1 {
            nl += 1;
            kl += usize::from(pairs[j].1);
            if pairs[j].0 == pairs[j + 1].0 || nl < min_leaf || n - nl < min_leaf {
                continue;
            }
            let impurity =
                gini_weighted(nl as f64, kl as f64) + gini_weighted((n - nl) as f64, k - kl as f64);
            if best.is_none_or(|(b, _, _)| impurity < b) {
                let (a, b) = (pairs[j].0, pairs[j + 1].0);
                let mut threshold = a / 2.0 + b / 2.0;
                if threshold == b || !threshold.is_finite() {
                    threshold = a;
                }
                best = Some((impurity, f, threshold));
            }
        }
    }
    best.map(|(_, f, t)| (f, t))
}

fn grow_node(
    x: ArrayView2<f64>,
    y: ArrayView1<bool>,
    rows: Vec<usize>,
    depth: usize,
    g: Grow,
    rng: &mut Option<ChaCha8Rng>,
    nodes: &mut Vec<TreeNode>,
) -> usize {
    let at = nodes.len();
    let n = rows.len();
    let k = rows.iter().filter(|&&i| y[i]).count();
    let leaf = TreeNode::Leaf {
        probability: k as f64 / n.max(1) as f64,
        rows: n as u64,
    };
    nodes.push(leaf.clone());
    if depth >= g.max_depth || k == 0 || k == n || n < 2 * g.min_leaf.max(1) {
        return at;
    }
    let p = x.ncols();
    let features: Vec<usize> = match (g.mtry, rng.as_mut()) {
        (Some(m), Some(r)) if m < p => {
            // A partial Fisher–Yates shuffle: the first m of a random permutation, in drawn order.
            let mut all: Vec<usize> = (0..p).collect();
            for i in 0..m {
                let j = r.random_range(i..p);
                all.swap(i, j);
            }
            all.truncate(m);
            all
        }
        _ => (0..p).collect(),
    };
    let Some((feature, threshold)) = best_split(x, y, &rows, &features, g.min_leaf.max(1)) else {
        return at;
    };
    let (left, right): (Vec<usize>, Vec<usize>) = rows
        .into_iter()
        .partition(|&i| x[[i, feature]] <= threshold);
    let l = grow_node(x, y, left, depth + 1, g, rng, nodes);
    let r = grow_node(x, y, right, depth + 1, g, rng, nodes);
    nodes[at] = TreeNode::Split {
        feature,
        threshold,
        left: l,
        right: r,
    };
    at
}

fn check(x: ArrayView2<f64>, y: ArrayView1<bool>) -> Result<(), String> {
    if x.nrows() != y.len() || x.nrows() == 0 {
        return Err(format!(
            "{} rows of features against {} labels",
            x.nrows(),
            y.len()
        ));
    }
    if let Some((i, _)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(format!("design cell {i:?} is not a finite number"));
    }
    Ok(())
}

/// Grows one tree on every row of `x` (n × p) with labels `y`.
pub fn fit_tree(
    x: ArrayView2<f64>,
    y: ArrayView1<bool>,
    max_depth: usize,
    min_leaf: f64,
) -> Result<Tree, String> {
    check(x, y)?;
    let g = Grow {
        max_depth,
        min_leaf: min_leaf.ceil() as usize,
        mtry: None,
    };
    let mut nodes = Vec::new();
    grow_node(x, y, (0..x.nrows()).collect(), 0, g, &mut None, &mut nodes);
    Ok(Tree { nodes })
}

/// Grows a random forest; `seed` and the tree's index choose its stream.
#[allow(clippy::too_many_arguments)]
pub fn fit_forest(
    x: ArrayView2<f64>,
    y: ArrayView1<bool>,
    trees: usize,
    max_depth: usize,
    min_leaf: f64,
    sample_share: f64,
    feature_share: f64,
    seed: u64,
    on_tree: &(dyn Fn() + Sync),
) -> Result<Vec<Tree>, String> {
    check(x, y)?;
    let (n, p) = x.dim();
    let sample = ((sample_share * n as f64).ceil() as usize).max(1);
    let mtry = ((feature_share * p as f64).ceil() as usize).clamp(1, p);
    let g = Grow {
        max_depth,
        min_leaf: min_leaf.ceil() as usize,
        mtry: Some(mtry),
    };
    Ok((0..trees)
        .into_par_iter()
        .map(|t| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(t as u64);
            let rows: Vec<usize> = (0..sample).map(|_| rng.random_range(0..n)).collect();
            let mut rng = Some(rng);
            let mut nodes = Vec::new();
            grow_node(x, y, rows, 0, g, &mut rng, &mut nodes);
            on_tree();
            Tree { nodes }
        })
        .collect())
}

/// The leaf a design row reaches.
pub fn leaf_of(tree: &Tree, row: ArrayView1<f64>) -> usize {
    let mut at = 0;
    loop {
        match tree.nodes[at] {
            TreeNode::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                at = if row[feature] <= threshold {
                    left
                } else {
                    right
                }
            }
            TreeNode::Leaf { .. } => return at,
        }
    }
}

/// The probability a set of trees gives a design row: the mean of its leaves' probabilities.
pub fn probability(trees: &[Tree], row: ArrayView1<f64>) -> f64 {
    let sum: f64 = trees
        .iter()
        .map(|t| match t.nodes[leaf_of(t, row)] {
            TreeNode::Leaf { probability, .. } => probability,
            TreeNode::Split { .. } => unreachable!("leaf_of returns a leaf"),
        })
        .sum();
    sum / trees.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// A perfectly separable one-feature problem: one split at the midpoint, pure leaves.
    #[test]
    fn tree_splits_at_the_midpoint_with_pure_leaves() {
        let x = array![[1.0], [2.0], [3.0], [10.0], [11.0], [12.0]];
        let y = array![false, false, false, true, true, true];
        let t = fit_tree(x.view(), y.view(), 3, 1.0).unwrap();
        assert_eq!(t.nodes.len(), 3);
        assert!((probability(std::slice::from_ref(&t), array![0.0].view())).abs() < 1e-12);
        assert!((probability(std::slice::from_ref(&t), array![20.0].view()) - 1.0).abs() < 1e-12);
        match t.nodes[0] {
            TreeNode::Split { threshold, .. } => assert!((threshold - 6.5).abs() < 1e-12),
            _ => panic!("root should split"),
        }
    }

    /// Leaves that predict the same majority class are kept apart (linfa-trees would merge them):
    /// x ≤ 2 holds 0 of 2 positives, x > 2 holds 1 of 3; both "predict" 0 but differ in probability.
    #[test]
    fn leaves_keep_their_own_probability() {
        let x = array![[1.0], [2.0], [3.0], [4.0], [5.0]];
        let y = array![false, false, false, true, false];
        let t = fit_tree(x.view(), y.view(), 1, 1.0).unwrap();
        let p_low = probability(std::slice::from_ref(&t), array![1.0].view());
        let p_high = probability(std::slice::from_ref(&t), array![4.5].view());
        assert!(p_low < p_high, "{p_low} {p_high}");
    }

    /// The same seed gives the same forest, whatever the thread count.
    #[test]
    fn forests_are_reproducible() {
        let x = ndarray::Array2::from_shape_fn((200, 3), |(i, j)| ((i * 7 + j * 13) % 17) as f64);
        let y = ndarray::Array1::from_shape_fn(200, |i| (i * 7) % 17 > 8);
        let a = fit_forest(x.view(), y.view(), 8, 4, 2.0, 0.5, 0.7, 3, &|| {}).unwrap();
        let b = fit_forest(x.view(), y.view(), 8, 4, 2.0, 0.5, 0.7, 3, &|| {}).unwrap();
        assert_eq!(a, b);
        let c = fit_forest(x.view(), y.view(), 8, 4, 2.0, 0.5, 0.7, 4, &|| {}).unwrap();
        assert_ne!(a, c);
    }
}
