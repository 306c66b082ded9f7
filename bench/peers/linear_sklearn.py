"""Peer for Patron's logistic-regression benchmark: scikit-learn LogisticRegression(solver='lbfgs') on the matrix the
C# side wrote (float32 column-major features, then float64 labels). Prints one JSON line with the fit time.

Usage: /usr/bin/python3 linear_sklearn.py FILE ROWS FEATURES C TOL MAX_ITER
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

path, rows, features = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
C, tol, max_iter = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
with open(path, "rb") as f:
    X = np.fromfile(f, dtype=np.float32, count=rows * features).reshape(features, rows).T
    y = np.fromfile(f, dtype=np.float64, count=rows)
# lbfgs works in float64; convert before the clock starts, as Patron's matrix is already in memory.
X = np.ascontiguousarray(X, dtype=np.float64)

start = time.perf_counter()
model = LogisticRegression(C=C, penalty="l2", solver="lbfgs", tol=tol, max_iter=max_iter).fit(X, y)
seconds = time.perf_counter() - start

z = X @ model.coef_[0] + model.intercept_[0]
objective = C * float(np.sum(np.logaddexp(0, z) - y * z)) + 0.5 * float(model.coef_[0] @ model.coef_[0])
print(json.dumps({"seconds": seconds, "n_iter": int(model.n_iter_[0]), "coef": model.coef_[0].tolist(),
                  "intercept": float(model.intercept_[0]), "objective": objective}))
