"""Writes SciPy's answers for Patron's drift statistics (tests/Patron.Learning.Tests/Drift/DriftGoldenTests.cs).

Run with Debian's interpreter (python3-scipy):  /usr/bin/python3 make_drift_golden.py  > drift_golden.json
The samples are not stored: both sides generate them from the same 64-bit linear congruential generator, using only
additions, multiplications and floor, which IEEE arithmetic rounds the same way in Python and .NET.
References: scipy.stats.ks_2samp (method='auto'), scipy.stats.wasserstein_distance,
scipy.spatial.distance.jensenshannon (base=2), scipy.stats.chi2_contingency (correction=False).
"""
import json
import math

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance

MASK = (1 << 64) - 1


class Lcg:
    """Knuth's MMIX constants; u in [0, 1) from the top 53 bits."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 11) / 9007199254740992.0


def sample(seed, n, kind, shift=0.0, scale=1.0):
    g = Lcg(seed)
    out = []
    for _ in range(n):
        if kind == "uniform":
            v = g.next() * 10.0
        elif kind == "sum3":
            v = g.next() + g.next() + g.next()
        elif kind == "ints":
            v = float(math.floor(g.next() * 20.0))
        else:
            raise ValueError(kind)
        out.append(v * scale + shift)
    return np.array(out)


# name, (seed, n, kind, shift, scale) for reference and current
CASES = [
    ("equal_small", (1, 50, "uniform", 0.0, 1.0), (2, 50, "uniform", 0.8, 1.0)),
    ("unequal_small", (3, 80, "sum3", 0.0, 1.0), (4, 120, "sum3", 0.0, 1.1)),
    ("ties", (5, 300, "ints", 0.0, 1.0), (6, 500, "ints", 0.0, 1.1)),
    ("exact_largest", (7, 10000, "sum3", 0.0, 1.0), (8, 9000, "sum3", 0.03, 1.0)),
    ("asymptotic_drift", (9, 20000, "sum3", 0.0, 1.0), (10, 15000, "sum3", 0.05, 1.0)),
    ("asymptotic_same", (11, 30000, "sum3", 0.0, 1.0), (12, 25000, "sum3", 0.0, 1.0)),
    ("asymptotic_small_side", (13, 12000, "sum3", 0.0, 1.0), (14, 400, "sum3", 0.0, 1.0)),
    ("asymptotic_tiny_side", (15, 12000, "sum3", 0.0, 1.0), (16, 60, "sum3", 0.1, 1.0)),
]

out = {"scipy_version": scipy.__version__, "ks": [], "chi_squared": [], "jensen_shannon": []}
for name, a, b in CASES:
    x = sample(*a)
    y = sample(*b)
    r = ks_2samp(x, y, method="auto")
    out["ks"].append({
        "name": name, "reference": list(a), "current": list(b),
        "statistic": float(r.statistic), "p_value": float(r.pvalue),
        "wasserstein": float(wasserstein_distance(x, y)),
    })

# Near-identical large samples: 60 of 200,000 values moved, so D = 3e-4 and the Durbin-matrix branch is taken.
x = np.sort(sample(17, 200000, "sum3"))
y = x.copy()
y[:60] = 5.0
r = ks_2samp(x, y, method="auto")
out["ks"].append({"name": "durbin_branch", "reference": [17, 200000, "sum3", 0.0, 1.0], "current": "reference with its 60 smallest values set to 5",
                  "statistic": float(r.statistic), "p_value": float(r.pvalue), "wasserstein": float(wasserstein_distance(x, y))})

for ref, cur in [([50, 30, 20], [30, 30, 40]), ([120, 0, 35, 7], [100, 12, 40, 0]), ([400, 600], [430, 570])]:
    stat, p, dof, _ = chi2_contingency(np.array([ref, cur]), correction=False)
    out["chi_squared"].append({"reference": ref, "current": cur, "statistic": float(stat), "degrees": int(dof), "p_value": float(p)})
    out["jensen_shannon"].append({"reference": ref, "current": cur,
                                  "distance": float(jensenshannon(np.array(ref) / sum(ref), np.array(cur) / sum(cur), base=2))})

print(json.dumps(out, indent=1))
