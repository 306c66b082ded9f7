#!/usr/bin/env python3
"""XGBoost peer for `Patron.Bench boosting`: trains on the exact matrix the C# side wrote and reports its time.

Usage: boosting_xgboost.py DATA.bin PREDICTIONS.out ROUNDS DEPTH ETA LAMBDA MIN_CHILD_WEIGHT THREADS MAX_BIN [--contribs]

DATA.bin: int32 rows, int32 columns, int32 training rows, then float32 cells column by column (NaN = missing), then
float32 labels. The first `training rows` rows train, the rest are scored; test probabilities are written as float64 to
PREDICTIONS.out so both sides' AUC is computed by the same code. Prints one JSON line with the training wall-clock
and CPU time (CPU time is the fairer figure when the machine is shared). With --contribs it also times exact TreeSHAP
contributions of the test rows (`predict(..., pred_contribs=True)`, the path-dependent algorithm) on the test matrix
built beforehand, and checks that each row's contributions add up to its margin.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    rounds, depth = int(sys.argv[3]), int(sys.argv[4])
    eta, lam, mcw = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
    threads, max_bin = int(sys.argv[8]), int(sys.argv[9])
    contribs = "--contribs" in sys.argv[10:]

    rows, cols, train_rows = (int(v) for v in np.fromfile(path, dtype=np.int32, count=3))
    cells = np.fromfile(path, dtype=np.float32, count=rows * cols, offset=12).reshape(cols, rows)
    labels = np.fromfile(path, dtype=np.float32, count=rows, offset=12 + 4 * rows * cols)
    x = np.ascontiguousarray(cells.T)  # XGBoost's native row-major layout; not part of the timed section
    x_train, y_train, x_test = x[:train_rows], labels[:train_rows], x[train_rows:]

    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "grow_policy": "depthwise",
        "max_depth": depth,
        "eta": eta,
        "lambda": lam,
        "min_child_weight": mcw,
        "max_bin": max_bin,
        "nthread": threads,
        "base_score": float(y_train.mean()),  # the same start as Patron (XGBoost 1.7 would use 0.5)
        "seed": 0,
    }
    start = time.perf_counter()
    cpu_start = time.process_time()
    dtrain = xgb.DMatrix(x_train, label=y_train, missing=np.nan, nthread=threads)
    booster = xgb.train(params, dtrain, num_boost_round=rounds)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    dtest = xgb.DMatrix(x_test, missing=np.nan, nthread=threads)
    predictions = booster.predict(dtest)
    predictions.astype(np.float64).tofile(out)
    result = {"train_seconds": seconds, "cpu_seconds": cpu_seconds, "xgboost": xgb.__version__}
    if contribs:
        start = time.perf_counter()
        cpu_start = time.process_time()
        phi = booster.predict(dtest, pred_contribs=True)
        result["contribs_seconds"] = time.perf_counter() - start
        result["contribs_cpu_seconds"] = time.process_time() - cpu_start
        margin = booster.predict(dtest, output_margin=True)
        result["contribs_max_sum_error"] = float(np.max(np.abs(phi.sum(axis=1) - margin)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
