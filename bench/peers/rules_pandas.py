"""Peer of Patron.Bench rules: association rules of length 2 by a vectorised pandas pair counter.

Usage: /usr/bin/python3 rules_pandas.py BASKETS.csv MIN_SUPPORT MIN_CONFIDENCE MIN_LIFT MAX_BASKET
BASKETS.csv has columns basket,item (one row per item of a basket). Baskets with more distinct items than
MAX_BASKET are left out, as Patron does. Prints one JSON line: seconds reading the CSV, seconds counting, the
frequent items and pairs, the rules, and the best rule's measures for a cross-check.
"""
import json
import math
import sys
import time

import numpy as np
import pandas as pd

path, min_support, min_conf, min_lift, max_basket = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])

t0, c0 = time.perf_counter(), time.process_time()
df = pd.read_csv(path, dtype={"basket": "string", "item": "string"})
read_s, read_cpu = time.perf_counter() - t0, time.process_time() - c0

t0, c0 = time.perf_counter(), time.process_time()
df = df.drop_duplicates()
df["b"] = pd.factorize(df["basket"])[0].astype(np.int32)
df["i"] = pd.factorize(df["item"])[0].astype(np.int32)
size = df.groupby("b")["i"].transform("size")
df = df[size <= max_basket]
n = df["b"].nunique()
min_count = math.ceil(min_support * n)
while min_count > 1 and (min_count - 1) / n >= min_support:
    min_count -= 1
item_counts = df.groupby("i").size()
frequent = item_counts[item_counts >= min_count]
d = df[df["i"].isin(frequent.index)][["b", "i"]]
pairs = d.merge(d, on="b", suffixes=("_a", "_c"))
pairs = pairs[pairs["i_a"] < pairs["i_c"]]
counts = pairs.groupby(["i_a", "i_c"]).size()
counts = counts[counts >= min_count].reset_index(name="n_ac")
both = pd.concat([
    counts.rename(columns={"i_a": "a", "i_c": "c"}),
    counts.rename(columns={"i_c": "a", "i_a": "c"}),
], ignore_index=True)
s_a = frequent.reindex(both["a"]).to_numpy() / n
s_c = frequent.reindex(both["c"]).to_numpy() / n
s = both["n_ac"].to_numpy() / n
conf = s / s_a
lift = conf / s_c
both["support"], both["confidence"], both["lift"] = s, conf, lift
both["leverage"] = s - s_a * s_c
with np.errstate(divide="ignore"):
    both["conviction"] = np.where(conf >= 1, np.inf, (1 - s_c) / (1 - conf))
rules = both[(both["confidence"] >= min_conf) & (both["lift"] >= min_lift)].sort_values(["lift", "confidence"], ascending=False)
count_s, count_cpu = time.perf_counter() - t0, time.process_time() - c0

best = rules.iloc[0] if len(rules) else None
print(json.dumps({
    "read_seconds": read_s,
    "read_cpu_seconds": read_cpu,
    "count_seconds": count_s,
    "count_cpu_seconds": count_cpu,
    "baskets": int(n),
    "frequent_items": int(len(frequent)),
    "frequent_pairs": int(len(counts)),
    "rules": int(len(rules)),
    "best_lift": float(best["lift"]) if best is not None else None,
    "best_support": float(best["support"]) if best is not None else None,
}))
