"""Known answers for algoreg's classification trees (src/train/tree.rs), from scikit-learn.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/tree_expected.json.

Peer: sklearn.tree.DecisionTreeClassifier(criterion="gini", max_depth=d, min_samples_leaf=m,
random_state=0), fitted on seeded continuous features (numpy default_rng), so no two candidate splits tie
and scikit-learn's random feature order cannot change the tree. For each case the fixture holds the
training rows, the labels, test rows, and scikit-learn's predict_proba(X_test)[:, 1], its number of
leaves and the threshold of its root split. Features are multiples of 1/1024, stored as those integers:
scikit-learn fits on float32 copies of X, and multiples of 1/1024 (and their midpoints) are exact in
float32 and float64 alike, so both libraries compare the same numbers.
"""

import json
import os

import numpy as np
from sklearn.tree import DecisionTreeClassifier

OUT = os.path.join("tests", "data", "tree_expected.json")


def case(seed: int, n: int, p: int, depth: int, leaf: int) -> dict:
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(0.0, 1.0, (n, p)) * 1024.0) / 1024.0
    eta = 1.2 * x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 0] * x[:, 2] if p >= 3 else 1.5 * x[:, 0]
    y = rng.random(n) < 1.0 / (1.0 + np.exp(-eta))
    xt = np.round(rng.normal(0.0, 1.0, (200, p)) * 1024.0) / 1024.0
    if has_tied_split(x, y, depth, leaf):
        raise SystemExit(f"seed {seed}: a node has two equally good splits; choose another seed")
    tree = DecisionTreeClassifier(
        criterion="gini", max_depth=depth, min_samples_leaf=leaf, random_state=0
    ).fit(x, y)
    proba = tree.predict_proba(xt)[:, list(tree.classes_).index(True)]
    return {
        "seed": seed,
        "max_depth": depth,
        "min_leaf": leaf,
        "x_1024": (x * 1024.0).round().astype(int).tolist(),
        "y": y.astype(int).tolist(),
        "test_x_1024": (xt * 1024.0).round().astype(int).tolist(),
        "proba": proba.tolist(),
        "leaves": int(tree.get_n_leaves()),
        "root_threshold": float(tree.tree_.threshold[0]),
        "root_feature": int(tree.tree_.feature[0]),
    }


def has_tied_split(x: np.ndarray, y: np.ndarray, depth: int, leaf: int) -> bool:
    """True when some node of the grown tree has equally good splits on two features. scikit-learn then
    takes the first in its random feature order, algoreg the first in column order: both are right, but
    the trees differ, so such fixtures are not used (ties on one feature both break by the lowest value). Grows the tree the way CART does (best weighted Gini over
    midpoints, min_samples_leaf on both sides, x <= threshold goes left) only to look for ties."""

    def gini(n: float, k: float) -> float:
        return 0.0 if n == 0 else n * 2.0 * (k / n) * (1.0 - k / n)

    def node(rows: np.ndarray, d: int) -> bool:
        n, k = len(rows), int(y[rows].sum())
        if d >= depth or k in (0, n) or n < 2 * leaf:
            return False
        scores = []
        for f in range(x.shape[1]):
            order = rows[np.argsort(x[rows, f], kind="stable")]
            v, yy = x[order, f], y[order]
            nl = kl = 0
            for j in range(n - 1):
                nl += 1
                kl += int(yy[j])
                if v[j] == v[j + 1] or nl < leaf or n - nl < leaf:
                    continue
                scores.append((gini(nl, kl) + gini(n - nl, k - kl), f, v[j] / 2 + v[j + 1] / 2))
        if not scores:
            return False
        scores.sort()
        if any(abs(sc - scores[0][0]) <= 1e-12 and f != scores[0][1] for sc, f, _ in scores):
            return True
        _, f, t = scores[0]
        return node(rows[x[rows, f] <= t], d + 1) or node(rows[x[rows, f] > t], d + 1)

    return node(np.arange(len(y)), 0)


def main() -> None:
    cases = [
        case(11, 400, 3, 3, 5),
        case(12, 600, 4, 4, 25),
        case(13, 300, 1, 8, 1),
    ]
    with open(OUT, "w") as f:
        json.dump({"source": __doc__.strip(), "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
