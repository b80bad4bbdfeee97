//! algoreg's CART trees (`train::tree::fit_tree`) against scikit-learn's `DecisionTreeClassifier`
//! (criterion gini, max_depth, min_samples_leaf) on seeded continuous fixtures made by
//! scripts/peers/tree_fixtures.py (tests/data/tree_expected.json): the same root split, the same number
//! of leaves, and the same probability for every test row to 1e-12.

use algoreg::record::trained::TreeNode;
use algoreg::train::tree::{fit_tree, probability};
use ndarray::{Array1, Array2};
use serde_json::Value;

fn matrix(v: &Value) -> Array2<f64> {
    let rows = v.as_array().unwrap();
    let p = rows[0].as_array().unwrap().len();
    Array2::from_shape_fn((rows.len(), p), |(i, j)| {
        rows[i][j].as_i64().unwrap() as f64 / 1024.0
    })
}

#[test]
fn trees_match_scikit_learn() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tree_expected.json");
    let e: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = e["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        let x = matrix(&c["x_1024"]);
        let y: Array1<bool> = c["y"].as_array().unwrap().iter().map(|v| v == 1).collect();
        let test = matrix(&c["test_x_1024"]);
        let tree = fit_tree(
            x.view(),
            y.view(),
            c["max_depth"].as_u64().unwrap() as usize,
            c["min_leaf"].as_f64().unwrap(),
        )
        .unwrap();
        let leaves = tree
            .nodes
            .iter()
            .filter(|n| matches!(n, TreeNode::Leaf { .. }))
            .count();
        assert_eq!(
            leaves as u64,
            c["leaves"].as_u64().unwrap(),
            "seed {}",
            c["seed"]
        );
        match tree.nodes[0] {
            TreeNode::Split {
                feature, threshold, ..
            } => {
                assert_eq!(feature as u64, c["root_feature"].as_u64().unwrap());
                assert_eq!(threshold, c["root_threshold"].as_f64().unwrap());
            }
            TreeNode::Leaf { .. } => panic!("seed {}: the root should split", c["seed"]),
        }
        for (row, expected) in test.rows().into_iter().zip(c["proba"].as_array().unwrap()) {
            approx::assert_abs_diff_eq!(
                probability(std::slice::from_ref(&tree), row),
                expected.as_f64().unwrap(),
                epsilon = 1e-12
            );
        }
    }
}
