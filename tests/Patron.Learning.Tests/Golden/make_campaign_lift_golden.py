"""Reference values for CampaignLiftTests.Estimate_SmallSeries_MatchesScipyComputation.

The same estimator written out with numpy and scipy.stats.t (Debian python3-scipy): weekday levels from the latest
8 same-weekday days before the campaign, pooled within-weekday variance, t interval. Run: /usr/bin/python3 make_campaign_lift_golden.py
"""
import datetime as dt
import numpy as np
from scipy import stats

first = dt.date(2026, 1, 5)  # a Monday
days = 84
revenue = np.array([100 + 10 * (i % 7) + ((i * 37) % 11) - 5 for i in range(days)], dtype=float)
start, end = dt.date(2026, 3, 16), dt.date(2026, 3, 25)  # 10 days, starts on a Monday
s, e = (start - first).days, (end - first).days
revenue[s:e + 1] += 20
camp = list(range(s, e + 1))
n = len(camp)
counts = {}
for d in camp:
    counts[d % 7] = counts.get(d % 7, 0) + 1
levels, ks, squares, dof = {}, {}, 0.0, 0
for w in counts:
    base = [d for d in range(s - 1, -1, -1) if d % 7 == w][:8]
    y = revenue[base]
    levels[w], ks[w] = y.mean(), len(base)
    squares += ((y - y.mean()) ** 2).sum()
    dof += len(base) - 1
observed = revenue[camp].mean()
expected = sum(counts[w] * levels[w] for w in counts) / n
lift = observed - expected
var = squares / dof
se = np.sqrt(var * (1 / n + sum(counts[w] ** 2 / ks[w] for w in counts) / n ** 2))
t = stats.t.ppf(0.975, dof)
print(repr(observed), repr(expected), repr(lift), repr(se), dof, repr(lift - t * se), repr(lift + t * se))
