"""Writes the fixed data sets and scikit-learn's answers on them for Patron's golden tests.

Run with Debian's interpreter (python3-sklearn, python3-scipy):  /usr/bin/python3 make_golden.py
Every feature value is rounded to float32 first, because Patron's feature matrix is float32: both sides then
see exactly the same numbers.
"""
import json

import numpy as np
import sklearn
from scipy.stats import spearmanr
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (average_precision_score, brier_score_loss, log_loss, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(20261121)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def write_csv(path, header, columns):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*columns):
            f.write(",".join(repr(float(v)) for v in row) + "\n")


# Logistic regression: 400 rows, 5 correlated numeric features on different scales.
n, p = 400, 5
base = rng.normal(size=(n, p))
base[:, 1] += 0.6 * base[:, 0]
# Moderate scales and offsets: scikit-learn's lbfgs stops on a relative objective change (ftol = 64 eps), so on an
# ill-conditioned design it ends short of the optimum; check_optimum below guards the values written.
scales = np.array([1.0, 2.0, 0.5, 3.0, 1.0])
X = f32(base * scales + np.array([0.0, 1.0, -1.0, 2.0, 0.0]))
logit = 0.8 * base[:, 0] - 1.2 * base[:, 1] + 0.5 * base[:, 2] + 0.3 * base[:, 3] - 0.4
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
w = f32(rng.uniform(0.5, 2.0, size=n))
names = [f"x{j}" for j in range(p)]
write_csv("logistic.csv", names + ["y", "w"], [X[:, j] for j in range(p)] + [y, w])

golden = {"sklearn_version": sklearn.__version__}


def lr(C, Xf, sample_weight=None, class_weight=None):
    m = LogisticRegression(C=C, penalty="l2", solver="lbfgs", tol=1e-12, max_iter=100000, class_weight=class_weight)
    m.fit(Xf, y, sample_weight=sample_weight)
    check_optimum(m, C, Xf, sample_weight, class_weight)
    return m


def check_optimum(m, C, Xf, sample_weight, class_weight):
    s = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if class_weight is not None:
        s = s * np.where(y == 1, class_weight[1], class_weight[0])
    coef = m.coef_[0]
    prob = 1 / (1 + np.exp(-(Xf @ coef + m.intercept_[0])))
    r = C * s * (prob - y)
    grad = np.r_[Xf.T @ r + coef, r.sum()]
    # The distance to the optimum is about one Newton step; it must stay well below the 1e-4 test tolerance.
    Z = np.c_[Xf, np.ones(len(y))]
    hessian = Z.T @ (Z * (C * s * prob * (1 - prob))[:, None]) + np.diag(np.r_[np.ones(Xf.shape[1]), 0.0])
    step = np.linalg.solve(hessian, grad)
    assert np.max(np.abs(step)) < 3e-5, f"scikit-learn stopped short of the optimum: Newton step {step}"


m = lr(0.5, X)
golden["logistic_raw"] = {"C": 0.5, "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])}
m = lr(2.0, X, sample_weight=w, class_weight={0: 1.0, 1: 3.0})
golden["logistic_weighted"] = {"C": 2.0, "positive_class_weight": 3.0, "coef": m.coef_[0].tolist(),
                               "intercept": float(m.intercept_[0])}
scaler = StandardScaler().fit(X)
m = lr(0.1, scaler.transform(X))
coef = m.coef_[0] / scaler.scale_
golden["logistic_standardized"] = {"C": 0.1, "coef": coef.tolist(),
                                   "intercept": float(m.intercept_[0] - np.sum(coef * scaler.mean_))}

# Ranking metrics on scores with many ties (two decimals, few distinct values).
m_rows = 500
labels = (rng.random(m_rows) < 0.3).astype(float)
scores = np.clip(np.round(0.3 * labels + rng.normal(0.35, 0.2, size=m_rows), 1), 0.0, 1.0)
scores = np.clip(scores, 0.02, 0.98)
sw = np.round(rng.uniform(0.5, 2.0, size=m_rows), 2)
write_csv("scores.csv", ["label", "score", "weight"], [labels, scores, sw])
golden["ranking"] = {
    "roc_auc": roc_auc_score(labels, scores),
    "pr_auc": average_precision_score(labels, scores),
    "roc_auc_weighted": roc_auc_score(labels, scores, sample_weight=sw),
    "pr_auc_weighted": average_precision_score(labels, scores, sample_weight=sw),
    "log_loss": log_loss(labels, scores),
    "brier": brier_score_loss(labels, scores),
}

# Platt scaling as scikit-learn's sigmoid calibration (Platt 1999 with Lin et al. 2007 targets).
a, b = _sigmoid_calibration(scores, labels)
golden["platt"] = {"a": float(a), "b": float(b)}

# Isotonic regression with tied x, weights, and out-of-range queries.
iso_x = np.round(rng.uniform(0, 10, size=120), 0)
iso_y = np.round(0.3 * iso_x + rng.normal(0, 1.5, size=120), 2)
iso_w = np.round(rng.uniform(0.5, 2.0, size=120), 2)
write_csv("isotonic.csv", ["x", "y", "w"], [iso_x, iso_y, iso_w])
queries = np.linspace(-1.0, 11.0, 49)
iso = IsotonicRegression(out_of_bounds="clip").fit(iso_x, iso_y, sample_weight=iso_w)
golden["isotonic"] = {"queries": queries.tolist(), "predictions": iso.predict(queries).tolist()}
iso_unweighted = IsotonicRegression(out_of_bounds="clip").fit(iso_x, iso_y)
golden["isotonic_unweighted"] = {"predictions": iso_unweighted.predict(queries).tolist()}

# Regression metrics with tied ranks.
truth = np.round(rng.gamma(1.5, 40.0, size=300), 0)
pred = np.round(truth * rng.uniform(0.5, 1.5, size=300) + rng.normal(0, 10, size=300), 0)
write_csv("regression.csv", ["truth", "pred"], [truth, pred])
golden["regression"] = {
    "rmse": float(np.sqrt(mean_squared_error(truth, pred))),
    "mae": mean_absolute_error(truth, pred),
    "r2": r2_score(truth, pred),
    "spearman": float(spearmanr(truth, pred).correlation),
}

with open("golden.json", "w") as f:
    json.dump(golden, f, indent=2, sort_keys=True)
    f.write("\n")
print("wrote golden.json")
