"""Writes monotone.csv: a small regression data set and XGBoost's predictions on it with and without
monotone_constraints, for Patron's monotone-constraint golden test (GradientBoostingMonotoneTests).

Run with Debian's interpreter (python3-xgboost 1.7):  /usr/bin/python3 make_monotone_golden.py
Features are small integers so every distinct value is a candidate threshold on both sides (XGBoost's exact method,
Patron's one bin per distinct value) and both grow the same trees. base_score is set to the label mean, which is
Patron's starting score for squared error.
"""
import numpy as np
import xgboost as xgb

rng = np.random.default_rng(20261205)
n = 300
x0 = rng.integers(0, 30, n).astype(np.float64)
x1 = rng.integers(0, 20, n).astype(np.float64)
x2 = rng.integers(0, 10, n).astype(np.float64)
# Rising in x0 and falling in x1 on average, with wiggles and noise that tempt an unconstrained tree the other way.
y = 0.3 * x0 + 2.0 * np.sin(x0 / 2.0) - 0.2 * x1 + 1.5 * np.cos(x1) + np.where(x2 > 4, 1.0, -1.0) + rng.normal(0, 1.0, n)
y = np.round(y, 3)
X = np.column_stack([x0, x1, x2])

params = dict(objective="reg:squarederror", tree_method="exact", max_depth=3, eta=0.3, reg_lambda=1.0,
              min_child_weight=1.0, gamma=0.0, base_score=float(np.mean(y)), subsample=1.0, colsample_bytree=1.0)
dtrain = xgb.DMatrix(X, label=y)
free = xgb.train(params, dtrain, num_boost_round=10).predict(dtrain)
mono = xgb.train(dict(params, monotone_constraints="(1,-1,0)"), dtrain, num_boost_round=10).predict(dtrain)

with open("monotone.csv", "w") as f:
    f.write("x0,x1,x2,y,xgb_free,xgb_monotone\n")
    for row in zip(x0, x1, x2, y, free, mono):
        f.write(",".join(repr(float(v)) for v in row) + "\n")
print("xgboost", xgb.__version__, "rows", n)
