"""Writes reference Qini and uplift curves, their areas and uplift@k (uplift_golden.json).

Run with Debian's interpreter (numpy, scikit-learn): /usr/bin/python3 make_uplift_golden.py
The curves follow scikit-uplift's definitions (sklift.metrics.qini_curve, uplift_curve, uplift_at_k with
average='first'); scikit-uplift is not packaged in Debian, so they are written out here from those definitions,
with numpy's stable descending order and scikit-learn's trapezoid auc. Samples are drawn with a fixed seed and
stored in the JSON, so both sides read the same numbers. Scores are rounded to one decimal so that ties occur.
"""
import json
import math

import numpy as np
from sklearn.metrics import auc

rng = np.random.default_rng(20261205)


def curves(y, t, s):
    # Descending stable order: mergesort of the negated score keeps tied rows in input order.
    order = np.argsort(-s, kind="mergesort")
    y, t, s = y[order], t[order], s[order]
    last = np.r_[np.where(np.diff(s) != 0)[0], s.size - 1]
    yt = np.cumsum(np.where(t == 1, y, 0.0))[last]
    yc = np.cumsum(np.where(t == 0, y, 0.0))[last]
    nt = np.cumsum(t)[last].astype(float)
    nall = (last + 1).astype(float)
    nc = nall - nt
    qini = yt - np.divide(yc * nt, nc, out=np.zeros_like(yc), where=nc != 0)
    mt = np.divide(yt, nt, out=np.zeros_like(yt), where=nt != 0)
    mc = np.divide(yc, nc, out=np.zeros_like(yc), where=nc != 0)
    upl = (mt - mc) * nall
    x = np.r_[0.0, nall]
    return x, np.r_[0.0, qini], np.r_[0.0, upl], y, t


cases = []
for n, binary in [(40, True), (200, False), (9, False)]:
    t = (rng.random(n) < 0.5).astype(int)
    t[0], t[1] = 1, 0
    s = np.round(rng.normal(0, 1, n), 1)
    if binary:
        y = (rng.random(n) < 0.3 + 0.2 * t * (s > 0)).astype(float)
    else:
        y = np.round(rng.gamma(0.7, 40, n) * (rng.random(n) < 0.4) + t * np.maximum(s, 0) * 10, 2)
    x, qini, upl, ys, ts = curves(y, t, s)
    total = float(n)
    case = {"outcome": y.tolist(), "treated": t.tolist(), "score": s.tolist(),
            "counts": x.tolist(), "qini": qini.tolist(), "uplift": upl.tolist(),
            # Areas on the fraction scale: x / n and value / n.
            "qini_area": float(auc(x / total, qini / total)), "auuc": float(auc(x / total, upl / total))}
    at = {}
    for k in (0.1, 0.2, 0.3, 0.5):
        m = math.ceil(n * k)
        top_y, top_t = ys[:m], ts[:m]
        if (top_t == 1).any() and (top_t == 0).any():
            at[str(k)] = float(top_y[top_t == 1].mean() - top_y[top_t == 0].mean())
        else:
            at[str(k)] = None
    case["uplift_at_k"] = at
    cases.append(case)

with open("uplift_golden.json", "w") as f:
    json.dump({"cases": cases}, f, indent=1)
    f.write("\n")
