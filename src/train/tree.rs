//! Decision trees and random forests through linfa-trees and linfa-ensemble, converted into algoreg's
//! flat [`Tree`] so that the fitted model is plain data (serde) and predicts probabilities.
//!
//! linfa's trees predict a class only; a leaf's probability here is the share of positives among the
//! training rows that reach it (scikit-learn's `predict_proba` for one tree). For the forest each tree is
//! fitted by linfa-ensemble on a bootstrap sample of `sample_share·n` rows and a random subset of
//! `feature_share·p` design columns (drawn with replacement, linfa-ensemble 0.8.1); its leaf probabilities
//! come from all training rows, and the forest's probability is the mean over its trees (Breiman 2001,
//! *Machine Learning* 45:5, with probability averaging as in scikit-learn).

use linfa::prelude::*;
use linfa_ensemble::EnsembleLearnerParams;
use linfa_trees::{DecisionTree, TreeNode as LinfaNode};
use ndarray::{Array1, ArrayView1, ArrayView2};
use rand08::SeedableRng;
use rand08::rngs::StdRng;

use crate::record::trained::{Tree, TreeNode};

/// Converts a linfa tree; `feature_of` maps linfa's column index to the design column.
fn convert(root: &LinfaNode<f64, usize>, feature_of: &dyn Fn(usize) -> usize) -> Tree {
    let mut nodes = Vec::new();
    fn walk(
        node: &LinfaNode<f64, usize>,
        nodes: &mut Vec<TreeNode>,
        feature_of: &dyn Fn(usize) -> usize,
    ) -> usize {
        let at = nodes.len();
        let children = node.children();
        match (node.is_leaf(), children[0], children[1]) {
            (false, Some(left), Some(right)) => {
                let (feature, threshold, _) = node.split();
                nodes.push(TreeNode::Split {
                    feature: feature_of(feature),
                    threshold,
                    left: 0,
                    right: 0,
                });
                let l = walk(left, nodes, feature_of);
                let r = walk(right, nodes, feature_of);
                nodes[at] = TreeNode::Split {
                    feature: feature_of(feature),
                    threshold,
                    left: l,
                    right: r,
                };
            }
            _ => nodes.push(TreeNode::Leaf {
                probability: 0.0,
                rows: 0,
            }),
        }
        at
    }
    walk(root, &mut nodes, feature_of);
    Tree { nodes }
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
                at = if row[feature] < threshold {
                    left
                } else {
                    right
                }
            }
            TreeNode::Leaf { .. } => return at,
        }
    }
}

/// Sets every leaf's probability to the share of positives among the rows of `x` reaching it; a leaf
/// no row reaches (possible only for forest trees) gets the overall share.
fn fill_leaves(tree: &mut Tree, x: ArrayView2<f64>, y: ArrayView1<bool>) {
    let mut counts = vec![(0u64, 0u64); tree.nodes.len()];
    for (row, &label) in x.rows().into_iter().zip(y.iter()) {
        let leaf = leaf_of(tree, row);
        counts[leaf].0 += 1;
        counts[leaf].1 += u64::from(label);
    }
    let overall = y.iter().filter(|v| **v).count() as f64 / y.len().max(1) as f64;
    for (node, (n, k)) in tree.nodes.iter_mut().zip(counts) {
        if let TreeNode::Leaf { probability, rows } = node {
            *rows = n;
            *probability = if n > 0 { k as f64 / n as f64 } else { overall };
        }
    }
}

fn tree_params(max_depth: usize, min_leaf: f64) -> linfa_trees::DecisionTreeParams<f64, usize> {
    DecisionTree::params()
        .max_depth(Some(max_depth))
        .min_weight_leaf(min_leaf as f32)
        .min_weight_split((2.0 * min_leaf) as f32)
}

/// Fits one tree on the design `x` with labels `y`.
pub fn fit_tree(
    x: ArrayView2<f64>,
    y: ArrayView1<bool>,
    max_depth: usize,
    min_leaf: f64,
) -> Result<Tree, String> {
    let targets: Array1<usize> = y.mapv(usize::from);
    let dataset = Dataset::new(x.to_owned(), targets);
    let fitted = tree_params(max_depth, min_leaf)
        .fit(&dataset)
        .map_err(|e| format!("linfa-trees: {e}"))?;
    let mut tree = convert(fitted.root_node(), &|f| f);
    fill_leaves(&mut tree, x, y);
    Ok(tree)
}

/// Fits a random forest; `seed` seeds linfa-ensemble's bootstrap (rand 0.8's `StdRng`).
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
) -> Result<Vec<Tree>, String> {
    let targets: Array1<usize> = y.mapv(usize::from);
    let dataset = Dataset::new(x.to_owned(), targets);
    let fitted = EnsembleLearnerParams::new_fixed_rng(
        tree_params(max_depth, min_leaf),
        StdRng::seed_from_u64(seed),
    )
    .ensemble_size(trees)
    .bootstrap_proportion(sample_share)
    .feature_proportion(feature_share)
    .fit(&dataset)
    .map_err(|e| format!("linfa-ensemble: {e}"))?;
    let mut out = Vec::with_capacity(trees);
    for (model, features) in fitted.models.iter().zip(&fitted.model_features) {
        let mut tree = convert(model.root_node(), &|f| features[f]);
        fill_leaves(&mut tree, x, y);
        out.push(tree);
    }
    Ok(out)
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
        assert_eq!(
            leaf_of(&t, array![2.5].view()),
            leaf_of(&t, array![1.0].view())
        );
        assert!((probability(std::slice::from_ref(&t), array![0.0].view())).abs() < 1e-12);
        assert!((probability(std::slice::from_ref(&t), array![20.0].view()) - 1.0).abs() < 1e-12);
        match t.nodes[0] {
            TreeNode::Split { threshold, .. } => assert!((threshold - 6.5).abs() < 1e-12),
            _ => panic!("root should split"),
        }
    }
}
