"""Writes SciPy's and statsmodels' answers for Patron's experiment statistics (experiments_golden.json).

Run with Debian's interpreter (python3-scipy 1.10, python3-statsmodels 0.13.5):
    /usr/bin/python3 make_experiments_golden.py
The samples are drawn here with a fixed seed and stored in the JSON, so both sides read the same numbers.
"""
import json

import numpy as np
from scipy import stats
from scipy.optimize import brentq
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

rng = np.random.default_rng(20261205)
out = {}

# Welch's t: skewed revenue-like samples of unequal size and spread.
welch = []
for n_c, n_t, scale_c, scale_t in [(40, 55, 20.0, 26.0), (500, 480, 35.0, 35.0), (7, 12, 3.0, 9.0)]:
    c = np.round(rng.gamma(0.8, scale_c, n_c), 2)
    t = np.round(rng.gamma(0.8, scale_t, n_t), 2)
    res = stats.ttest_ind(t, c, equal_var=False)
    vc, vt = c.var(ddof=1) / n_c, t.var(ddof=1) / n_t
    df = (vc + vt) ** 2 / (vt ** 2 / (n_t - 1) + vc ** 2 / (n_c - 1))
    half = stats.t.ppf(0.975, df) * np.sqrt(vc + vt)
    diff = t.mean() - c.mean()
    welch.append({"control": c.tolist(), "treatment": t.tolist(), "t": float(res.statistic), "p": float(res.pvalue),
                  "df": float(df), "ci_low": float(diff - half), "ci_high": float(diff + half)})
out["welch"] = welch

# Two-proportion z test (pooled) and the Wald interval of the difference.
props = []
for cc, nc, ct, nt in [(120, 1000, 150, 1010), (30, 400, 31, 380), (5, 60, 14, 58)]:
    z, p = proportions_ztest([ct, cc], [nt, nc])
    low, high = confint_proportions_2indep(ct, nt, cc, nc, method="wald", compare="diff")
    props.append({"control_conversions": cc, "control_count": nc, "treatment_conversions": ct, "treatment_count": nt,
                  "z": float(z), "p": float(p), "ci_low": float(low), "ci_high": float(high)})
out["proportions"] = props

# Power: sample size per arm and minimum detectable effect (statsmodels NormalIndPower, two-sided).
power = NormalIndPower()
out["power"] = [
    {"effect": d, "alpha": a, "power": pw, "ratio": r,
     "nobs1": float(power.solve_power(effect_size=d, nobs1=None, alpha=a, power=pw, ratio=r))}
    for d, a, pw, r in [(0.05, 0.05, 0.8, 1.0), (0.2, 0.05, 0.9, 1.0), (0.1, 0.01, 0.8, 2.0), (0.5, 0.1, 0.8, 0.5)]
]
# solve_power stops at its solver's default tolerance (about 1e-6 relative here); "effect_exact" is the root of
# statsmodels' own power function found by brentq to 1e-15.
out["mde"] = [
    {"nobs1": n, "alpha": a, "power": pw, "ratio": r,
     "effect": float(power.solve_power(effect_size=None, nobs1=n, alpha=a, power=pw, ratio=r)),
     "effect_exact": float(brentq(lambda d: power.power(d, n, a, r) - pw, 1e-6, 10, xtol=1e-15))}
    for n, a, pw, r in [(1000.0, 0.05, 0.8, 1.0), (25000.0, 0.05, 0.8, 1.0), (300.0, 0.01, 0.9, 1.5)]
]

# Sample ratio mismatch: Pearson's chi-squared goodness of fit.
srm = []
for observed, shares in [([5050, 4950], [0.5, 0.5]), ([5200, 4800], [0.5, 0.5]), ([3100, 3300, 3600], [1, 1, 1.2])]:
    total = sum(observed)
    expected = np.array(shares, dtype=float) / sum(shares) * total
    res = stats.chisquare(observed, expected)
    srm.append({"observed": observed, "shares": shares, "statistic": float(res.statistic), "p": float(res.pvalue)})
out["srm"] = srm

# Holm's correction.
pvals = [0.01, 0.04, 0.03, 0.2, 0.005]
out["holm"] = {"p": pvals, "adjusted": multipletests(pvals, method="holm")[1].tolist()}

# Distribution functions at a few points.
out["normal"] = [{"x": x, "cdf": float(stats.norm.cdf(x))} for x in [-8.0, -3.2, -1.0, 0.0, 0.3, 1.96, 5.5]]
out["normal_quantile"] = [{"p": p, "x": float(stats.norm.ppf(p))} for p in [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]]
out["t"] = [{"t": t, "df": df, "cdf": float(stats.t.cdf(t, df)), "ppf975": float(stats.t.ppf(0.975, df))}
            for t, df in [(-2.5, 3.0), (0.7, 11.4), (2.1, 57.3), (-4.0, 1000.0)]]
out["chi2"] = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))} for x, df in [(0.5, 1), (3.84, 1), (12.0, 2), (40.0, 9)]]

with open("experiments_golden.json", "w") as f:
    json.dump(out, f, indent=1)
