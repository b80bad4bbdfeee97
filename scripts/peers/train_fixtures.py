"""Known-answer values from scikit-learn / statsmodels / numpy for algoreg's training code
(src/train/logistic.rs, src/train/poisson.rs, src/train/quality.rs), checked by tests/train_peers.rs.

Run via `bash scripts/peers/run.sh` from the repo root. Writes tests/data/train_expected.json.

Every fixture is drawn from a seeded numpy generator (np.random.default_rng(seed)). Features are stored
as integers in thousandths (`x = k / 1000`), probabilities in millionths (`p = k / 1e6`), predicted
counts in thousandths and counts as integers, so Python and Rust see bit-identical floats (a correctly
rounded division on both sides). Each expected value carries a "source" naming the peer function.

Fixtures:

* logistic "raw_correlated": n = 600, 4 features NOT standardised (a standard normal, a feature
  correlated 0.8 with it, a N(5, 2^2) feature and a 0/1 feature), label 1 the more frequent class
  (50-70%), so linfa's positive class is 1 and the fit is not turned round.
* logistic "standardised_rare_positive": n = 600, 3 standardised features (two correlated 0.5), label 1
  the RARER class (about 15%). linfa-logistic takes the more frequent label as its positive class and
  algoreg's wrapper turns the fit round; this fixture makes the wrapper's flip matter.
* poisson "moderate": n = 800, 3 features (two correlated 0.4, one 0/1), true intercept 0.4 and slopes
  (0.35, -0.25, 0.3).
* classifier quality: 400 labels with probabilities in (0.001, 0.999), rounded to 1e-3 so that ties
  occur (the AUC counts a tie as 1/2); "saturated": 40 rows with some probabilities exactly 0 and 1 on
  the wrong label (the log loss clipping, see below).
* count quality: 300 counts with predicted means; once with a "training" base different from the
  held-out mean, once with base = the held-out mean (then D^2 is sklearn's d2_tweedie_score).

Peers:

* logistic, alpha > 0: sklearn.linear_model.LogisticRegression(C=1/alpha, l1_ratio=0 (an L2 penalty,
  the non-deprecated spelling of penalty="l2" in scikit-learn 1.8+), solver="lbfgs", tol=1e-12,
  max_iter=100000, fit_intercept=True): intercept_, coef_. It minimises
  -sum log-likelihood + alpha/2 ||w||^2 with the intercept unpenalised, as algoreg (l2 = alpha).
  Cross-checked here (asserted to 1e-6) against an independent Newton solve of the same objective in
  numpy (gradient and Hessian by hand, iterated until the step is below 1e-14).
* logistic, alpha = 0: sklearn LogisticRegression(C=np.inf, ...) and statsmodels
  Logit(y, add_constant(X)).fit(method="newton", tol=1e-14); asserted equal to 1e-7; statsmodels'
  values are stored.
* poisson, l2 = 0: statsmodels GLM(y, add_constant(X), family=Poisson()).fit(tol=1e-14): params.
  Cross-checked against the numpy Newton solve.
* poisson, l2 = n a with a = 0.01: sklearn.linear_model.PoissonRegressor(alpha=a, tol=1e-12,
  max_iter=100000) (lbfgs), which minimises (1/(2n)) deviance + (a/2)||w||^2, i.e. algoreg's objective
  sum(mu - y eta) + (l2/2)||b||^2 divided by n. Cross-checked against PoissonRegressor(solver=
  "newton-cholesky") and the numpy Newton solve (asserted to 1e-7); the lbfgs values are stored.
  The objective value at the fit is stored too, by numpy: sum(exp(eta) - y eta) + (l2/2)||b||^2.
* classifier quality: sklearn.metrics.roc_auc_score, brier_score_loss, log_loss. scikit-learn 1.9
  clips probabilities to [eps, 1 - eps] with eps = float64 machine epsilon (2.2e-16), while algoreg
  clips to [1e-15, 1 - 1e-15] (scikit-learn's old default). Both agree when no probability lies
  outside [1e-15, 1 - 1e-15]; for the "saturated" case the stored log loss is
  log_loss(y, clip(p, 1e-15, 1 - 1e-15)), and log_loss(y, p) unclipped is stored beside it for the
  record (not checked). Baselines by numpy: brier mean((base - y)^2), log loss with the constant
  base. Intervals by numpy: mean +- z s/sqrt(n) (s with ddof = 1) for the Brier score and log loss;
  for the AUC an O(n1 n0) DeLong standard error (DeLong, DeLong & Clarke-Pearson 1988) and the logit
  interval logit(AUC) +- z se/(AUC(1 - AUC)) mapped back.
* count quality: sklearn.metrics.mean_poisson_deviance, mean_absolute_error, and
  d2 = 1 - mean_poisson_deviance(y, mu)/mean_poisson_deviance(y, base) (equal to
  sklearn.metrics.d2_tweedie_score(y, mu, power=1) when base = mean(y), asserted for that case).
  Baselines: mean_poisson_deviance(y, base * ones), mean_absolute_error(y, base * ones). Deviance
  and MAE intervals by numpy as above, from the per-row deviance 2(y ln(y/mu) - (y - mu)).
* z: scipy.stats.norm.ppf(0.975).
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy import stats
from sklearn.linear_model import LogisticRegression, PoissonRegressor
from sklearn.metrics import (
    brier_score_loss,
    d2_tweedie_score,
    log_loss,
    mean_absolute_error,
    mean_poisson_deviance,
    roc_auc_score,
)

OUT_JSON = os.path.join("tests", "data", "train_expected.json")

SCALE = 1000  # features x = k / SCALE, predicted counts mu = k / SCALE
P_SCALE = 1_000_000  # probabilities p = k / P_SCALE
NUMBER_ARRAY = re.compile(r"\[\s*([-+0-9.eE,\s]+?)\s*\]")
LEVEL = 0.95
Z = float(stats.norm.ppf(0.5 + LEVEL / 2))
OLD_CLIP = 1e-15  # algoreg's log-loss clipping


def f(x) -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


def fs(xs) -> list[float]:
    return [f(x) for x in np.ravel(xs)]


def ints(xs) -> list[int]:
    return [int(x) for x in np.ravel(xs)]


def milli(x) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float) * SCALE).astype(np.int64)


def unscale(k, scale) -> np.ndarray:
    return np.asarray(k, dtype=np.int64) / scale


def close(a, b, tol, what):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = float(np.max(np.abs(a - b)))
    assert diff <= tol, f"{what}: peers differ by {diff:.2e} > {tol:.0e}"
    return diff


# ---------------------------------------------------------------------------------------------
# Independent Newton solves (numpy), used only to cross-check the stored peer values


def newton(x: np.ndarray, y: np.ndarray, l2: float, family: str) -> np.ndarray:
    """Minimises sum(loss) + l2/2 ||b||^2 over (b0, b) by Newton's method; returns (b0, b...)."""
    n, p = x.shape
    d = np.column_stack([np.ones(n), x])
    pen = np.full(p + 1, l2)
    pen[0] = 0.0
    beta = np.zeros(p + 1)
    if family == "poisson":
        beta[0] = math.log(y.mean())
    for _ in range(200):
        eta = d @ beta
        if family == "logistic":
            mu = 1.0 / (1.0 + np.exp(-eta))
            w = mu * (1.0 - mu)
        else:
            mu = np.exp(eta)
            w = mu
        grad = d.T @ (mu - y) + pen * beta
        hess = d.T @ (d * w[:, None]) + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        beta = beta - step
        if np.max(np.abs(step)) < 1e-14 * (1.0 + np.max(np.abs(beta))):
            return beta
    raise RuntimeError("newton did not converge")


# ---------------------------------------------------------------------------------------------
# Fixtures


def logistic_raw_correlated() -> tuple[str, str, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2024_01)
    n = 600
    x1 = rng.normal(0.0, 1.0, n)
    x2 = 0.8 * x1 + 0.6 * rng.normal(0.0, 1.0, n)
    x3 = rng.normal(5.0, 2.0, n)
    x4 = (rng.random(n) < 0.4).astype(float)
    xk = milli(np.column_stack([x1, x2, x3, x4]))
    x = unscale(xk, SCALE)
    eta = -1.0 + 0.8 * x[:, 0] - 0.5 * x[:, 1] + 0.3 * x[:, 2] - 0.7 * x[:, 3]
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-eta))).astype(np.int64)
    assert 0.5 < y.mean() < 0.7, y.mean()  # 1 the more frequent label: linfa's fit is not turned round
    return (
        "raw_correlated",
        f"n = 600, 4 unstandardised features: N(0,1); 0.8 x1 + 0.6 N(0,1); N(5, 2^2); Bernoulli(0.4); "
        f"label 1 is the more frequent class ({int(y.sum())} of {n})",
        xk,
        y,
    )


def logistic_rare_positive() -> tuple[str, str, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2024_02)
    n = 600
    z1 = rng.normal(0.0, 1.0, n)
    z2 = 0.5 * z1 + math.sqrt(0.75) * rng.normal(0.0, 1.0, n)
    z3 = rng.exponential(1.0, n)
    raw = np.column_stack([z1, z2, z3])
    xk = milli((raw - raw.mean(axis=0)) / raw.std(axis=0))
    x = unscale(xk, SCALE)
    eta = -2.2 + 0.9 * x[:, 0] + 0.4 * x[:, 1] - 0.6 * x[:, 2]
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-eta))).astype(np.int64)
    share = y.mean()
    assert 0.10 < share < 0.20, share
    return (
        "standardised_rare_positive",
        f"n = 600, 3 standardised features (two correlated 0.5, one from an exponential); "
        f"label 1 is the rarer class ({int(y.sum())} of {n})",
        xk,
        y,
    )


def logistic_case(spec) -> dict:
    name, description, xk, y = spec
    x = unscale(xk, SCALE)
    fits = []
    for alpha in (1.0, 0.1):
        m = LogisticRegression(
            C=1.0 / alpha, l1_ratio=0.0, solver="lbfgs", tol=1e-12, max_iter=100000, fit_intercept=True
        ).fit(x, y)
        sk = np.concatenate([m.intercept_, m.coef_.ravel()])
        diff = close(sk, newton(x, y.astype(float), alpha, "logistic"), 1e-6, f"{name} alpha {alpha}")
        fits.append(
            {
                "l2": alpha,
                "intercept": f(sk[0]),
                "coefficients": fs(sk[1:]),
                "source": (
                    f"sklearn.linear_model.LogisticRegression(C={1.0 / alpha}, l1_ratio=0, solver='lbfgs', "
                    f"tol=1e-12, max_iter=100000, fit_intercept=True).fit(X, y): intercept_, coef_ "
                    f"(agrees with a numpy Newton solve of the same objective to {diff:.1e})"
                ),
            }
        )
    # alpha = 0: the maximum-likelihood fit.
    sm_fit = sm.Logit(y, sm.add_constant(x)).fit(method="newton", tol=1e-14, maxiter=1000, disp=0)
    m = LogisticRegression(C=np.inf, l1_ratio=0.0, solver="lbfgs", tol=1e-12, max_iter=100000).fit(x, y)
    sk = np.concatenate([m.intercept_, m.coef_.ravel()])
    diff = close(sk, sm_fit.params, 1e-7, f"{name} alpha 0")
    close(sm_fit.params, newton(x, y.astype(float), 0.0, "logistic"), 1e-9, f"{name} alpha 0 newton")
    fits.append(
        {
            "l2": 0.0,
            "intercept": f(sm_fit.params[0]),
            "coefficients": fs(sm_fit.params[1:]),
            "source": (
                "statsmodels.api.Logit(y, add_constant(X)).fit(method='newton', tol=1e-14): params "
                f"(sklearn LogisticRegression(C=np.inf, solver='lbfgs', tol=1e-12) agrees to {diff:.1e})"
            ),
        }
    )
    return {
        "name": name,
        "description": description,
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "x": [ints(row) for row in xk],
        "y": ints(y),
        "fits": fits,
    }


def poisson_case() -> dict:
    rng = np.random.default_rng(2024_03)
    n = 800
    x1 = rng.normal(0.0, 1.0, n)
    x2 = 0.4 * x1 + math.sqrt(1 - 0.16) * rng.normal(0.0, 1.0, n)
    x3 = (rng.random(n) < 0.3).astype(float)
    xk = milli(np.column_stack([x1, x2, x3]))
    x = unscale(xk, SCALE)
    eta = 0.4 + 0.35 * x[:, 0] - 0.25 * x[:, 1] + 0.3 * x[:, 2]
    y = rng.poisson(np.exp(eta)).astype(np.int64)
    yf = y.astype(float)

    def objective(beta, l2):
        e = beta[0] + x @ beta[1:]
        return f(np.sum(np.exp(e) - yf * e) + 0.5 * l2 * np.sum(beta[1:] ** 2))

    fits = []
    glm = sm.GLM(yf, sm.add_constant(x), family=sm.families.Poisson()).fit(tol=1e-14, maxiter=1000)
    diff = close(glm.params, newton(x, yf, 0.0, "poisson"), 1e-9, "poisson l2 0")
    fits.append(
        {
            "l2": 0.0,
            "intercept": f(glm.params[0]),
            "coefficients": fs(glm.params[1:]),
            "objective": objective(np.asarray(glm.params), 0.0),
            "source": (
                "statsmodels.api.GLM(y, add_constant(X), family=sm.families.Poisson()).fit(tol=1e-14): "
                f"params (a numpy Newton solve agrees to {diff:.1e}); objective by numpy "
                "sum(exp(eta) - y eta)"
            ),
        }
    )
    a = 0.01
    l2 = n * a
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning must not pass silently
        lb = PoissonRegressor(alpha=a, tol=1e-12, max_iter=100000).fit(x, yf)
        nc = PoissonRegressor(alpha=a, tol=1e-12, max_iter=100000, solver="newton-cholesky").fit(x, yf)
    lbv = np.concatenate([[lb.intercept_], lb.coef_])
    ncv = np.concatenate([[nc.intercept_], nc.coef_])
    d_nc = close(lbv, ncv, 1e-7, "poisson lbfgs vs newton-cholesky")
    d_nt = close(lbv, newton(x, yf, l2, "poisson"), 1e-7, "poisson lbfgs vs newton")
    fits.append(
        {
            "l2": l2,
            "sklearn_alpha": a,
            "intercept": f(lbv[0]),
            "coefficients": fs(lbv[1:]),
            "objective": objective(lbv, l2),
            "source": (
                f"sklearn.linear_model.PoissonRegressor(alpha={a}, tol=1e-12, max_iter=100000).fit(X, y): "
                f"intercept_, coef_ (l2 = n alpha = {l2}; PoissonRegressor(solver='newton-cholesky') agrees "
                f"to {d_nc:.1e}, a numpy Newton solve to {d_nt:.1e}); objective by numpy "
                "sum(exp(eta) - y eta) + l2/2 ||b||^2"
            ),
        }
    )
    return {
        "name": "moderate",
        "description": (
            "n = 800, 3 features: N(0,1); correlated 0.4 with it; Bernoulli(0.3); "
            "y ~ Poisson(exp(0.4 + 0.35 x1 - 0.25 x2 + 0.3 x3))"
        ),
        "rows": n,
        "x": [ints(row) for row in xk],
        "y": ints(y),
        "fits": fits,
    }


# ---------------------------------------------------------------------------------------------
# Quality metrics


def mean_ci(values: np.ndarray) -> list[float]:
    m = values.mean()
    half = Z * values.std(ddof=1) / math.sqrt(len(values))
    return [f(m - half), f(m + half)]


def delong_logit_ci(p: np.ndarray, y: np.ndarray) -> tuple[float, list[float]]:
    cases, non = p[y == 1], p[y == 0]
    psi = (cases[:, None] > non[None, :]).astype(float) + 0.5 * (cases[:, None] == non[None, :])
    auc = psi.mean()
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    se = math.sqrt(v10.var(ddof=1) / len(cases) + v01.var(ddof=1) / len(non))
    logit = math.log(auc / (1 - auc))
    half = Z * se / (auc * (1 - auc))
    inv = lambda v: 1.0 / (1.0 + math.exp(-v))  # noqa: E731
    return f(auc), [f(inv(logit - half)), f(inv(logit + half))]


def classifier_case(name: str, pk: np.ndarray, y: np.ndarray, base: float) -> dict:
    p = unscale(pk, P_SCALE)
    yf = y.astype(float)
    auc = roc_auc_score(y, p)
    auc_delong, auc_ci = delong_logit_ci(p, y)
    assert abs(auc - auc_delong) < 1e-12
    pc = np.clip(p, OLD_CLIP, 1 - OLD_CLIP)
    ll = log_loss(y, pc)
    ll_rows = -(yf * np.log(pc) + (1 - yf) * np.log(1 - pc))
    assert abs(ll - ll_rows.mean()) < 1e-12 * max(1.0, ll)
    brier = brier_score_loss(y, p)
    brier_rows = (p - yf) ** 2
    base_ll = log_loss(y, np.full(len(y), base))
    assert abs(base_ll - -(yf * math.log(base) + (1 - yf) * math.log(1 - base)).mean()) < 1e-12
    case = {
        "name": name,
        "p": ints(pk),
        "y": ints(y),
        "base": base,
        "metrics": {
            "auc": {
                "value": f(auc),
                "ci": auc_ci,
                "baseline": 0.5,
                "source": "sklearn.metrics.roc_auc_score(y, p); interval: numpy DeLong se, logit scale",
            },
            "brier": {
                "value": f(brier),
                "ci": mean_ci(brier_rows),
                "baseline": f(np.mean((base - yf) ** 2)),
                "source": (
                    "sklearn.metrics.brier_score_loss(y, p); baseline numpy mean((base - y)^2); "
                    "interval numpy mean +- z s/sqrt(n)"
                ),
            },
            "log_loss": {
                "value": f(ll),
                "ci": mean_ci(ll_rows),
                "baseline": f(base_ll),
                "source": (
                    "sklearn.metrics.log_loss(y, clip(p, 1e-15, 1 - 1e-15)); baseline "
                    "log_loss(y, base * ones); interval numpy mean +- z s/sqrt(n)"
                ),
            },
        },
    }
    unclipped = log_loss(y, p)
    if unclipped != ll:
        case["sklearn_log_loss_unclipped"] = {
            "value": f(unclipped),
            "source": (
                "sklearn.metrics.log_loss(y, p) as scikit-learn 1.9 computes it (clipping at float64 eps, "
                "not 1e-15); stored for the record, not checked"
            ),
        }
    return case


def classifier_cases() -> list[dict]:
    rng = np.random.default_rng(2024_04)
    n = 400
    score = rng.normal(0.0, 1.0, n)
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(-0.8 + 1.3 * score)))).astype(np.int64)
    p = 1.0 / (1.0 + np.exp(-(-0.6 + 1.1 * score + rng.normal(0.0, 0.5, n))))
    p = np.clip(np.round(p, 3), 0.001, 0.999)  # 1e-3 steps: ties
    pk = np.round(p * P_SCALE).astype(np.int64)
    assert len(np.unique(pk)) < n  # ties present
    out = [classifier_case("n400_ties", pk, y, 0.33)]

    rng = np.random.default_rng(2024_05)
    n = 40
    y = (rng.random(n) < 0.4).astype(np.int64)
    p = np.clip(0.6 * y + 0.2 + rng.normal(0.0, 0.2, n), 0.0, 1.0)
    p[:3] = 1 - y[:3]  # exactly wrong: 0 where y = 1, 1 where y = 0
    p[3:5] = y[3:5]  # exactly right
    pk = np.round(p * P_SCALE).astype(np.int64)
    out.append(classifier_case("n40_saturated", pk, y, 0.4))
    return out


def count_case(name: str, muk: np.ndarray, y: np.ndarray, base: float, d2_peer: bool) -> dict:
    mu = unscale(muk, SCALE)
    yf = y.astype(float)
    ones = np.ones(len(y))
    dev = mean_poisson_deviance(yf, mu)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(yf == 0, 0.0, yf * np.log(yf / mu))
    dev_rows = 2 * (term - (yf - mu))
    assert abs(dev - dev_rows.mean()) < 1e-12 * dev
    dev0 = mean_poisson_deviance(yf, base * ones)
    d2 = 1 - dev / dev0
    dev_ci = mean_ci(dev_rows)
    d2_source = "1 - mean_poisson_deviance(y, mu) / mean_poisson_deviance(y, base * ones) (sklearn.metrics)"
    if d2_peer:
        d2_sk = d2_tweedie_score(yf, mu, power=1)
        assert abs(d2_sk - d2) < 1e-12, (d2_sk, d2)
        d2 = d2_sk
        d2_source = "sklearn.metrics.d2_tweedie_score(y, mu, power=1) (base = mean(y))"
    mae = mean_absolute_error(yf, mu)
    return {
        "name": name,
        "mu": ints(muk),
        "y": ints(y),
        "base": base,
        "metrics": {
            "mean_poisson_deviance": {
                "value": f(dev),
                "ci": dev_ci,
                "baseline": f(dev0),
                "source": (
                    "sklearn.metrics.mean_poisson_deviance(y, mu); baseline "
                    "mean_poisson_deviance(y, base * ones); interval numpy mean +- z s/sqrt(n)"
                ),
            },
            "deviance_explained": {
                "value": f(d2),
                "ci": [f(1 - dev_ci[1] / dev0), f(1 - dev_ci[0] / dev0)],
                "baseline": 0.0,
                "source": d2_source + "; interval 1 - (deviance interval)/baseline deviance",
            },
            "mae": {
                "value": f(mae),
                "ci": mean_ci(np.abs(mu - yf)),
                "baseline": f(mean_absolute_error(yf, base * ones)),
                "source": (
                    "sklearn.metrics.mean_absolute_error(y, mu); baseline "
                    "mean_absolute_error(y, base * ones); interval numpy mean +- z s/sqrt(n)"
                ),
            },
        },
    }


def count_cases() -> list[dict]:
    rng = np.random.default_rng(2024_06)
    n = 300
    x = rng.normal(0.0, 1.0, n)
    y = rng.poisson(np.exp(0.5 + 0.6 * x)).astype(np.int64)
    mu = np.exp(0.45 + 0.5 * x + rng.normal(0.0, 0.2, n))
    muk = np.maximum(np.round(mu * SCALE), 1).astype(np.int64)
    assert (y == 0).any()
    out = [count_case("n300_training_base", muk, y, 1.9, False)]
    base = int(y.sum()) / n  # correctly rounded on both sides
    assert base == y.astype(float).mean()
    out.append(count_case("n300_base_is_mean", muk, y, base, True))
    return out


# ---------------------------------------------------------------------------------------------


def main() -> None:
    out: dict = {}
    out["source"] = (
        f"scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}, numpy {np.__version__}, "
        f"scipy {scipy.__version__}, python {platform.python_version()}; made by "
        f"scripts/peers/train_fixtures.py (its docstring names the peer behind each value; each value "
        f"also has its own source). Features x = k / {SCALE}, probabilities p = k / {P_SCALE}, "
        f"predicted counts mu = k / {SCALE}, counts and labels as integers."
    )
    out["scale"] = SCALE
    out["p_scale"] = P_SCALE
    out["level"] = LEVEL
    out["z"] = f(Z)
    out["logistic"] = [logistic_case(logistic_raw_correlated()), logistic_case(logistic_rare_positive())]
    out["poisson"] = [poisson_case()]
    out["classifier_quality"] = classifier_cases()
    out["count_quality"] = count_cases()

    os.makedirs(os.path.dirname(OUT_JSON), exist_ok=True)
    text = json.dumps(out, indent=2, allow_nan=False)
    # one line per array of numbers; the numbers themselves are untouched
    text = NUMBER_ARRAY.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text)
    assert json.loads(text) == out
    with open(OUT_JSON, "w", newline="\n", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    print(f"wrote {OUT_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
