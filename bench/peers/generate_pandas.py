#!/usr/bin/env python3
"""NumPy/pandas peer for `Patron.Bench generate`: a vectorised generator of the same transactions.csv schema.

Usage: generate_pandas.py ROWS OUT_DIR SEED

Same latent model in simplified, vectorised form: per customer lambda ~ Gamma(0.9, 1/60) per day and p ~ Beta(1, 6),
front-weighted sign-ups over two years, purchases = 1 + min(Geometric(p) - 1, Poisson(lambda * exposure)) at uniform
times, Zipf(1.1) products, lognormal base prices with +-4.5 % noise, quantities 1-5, 15 % discounts, payment methods.
No seasonality, defects, returns or truth files: it measures the cost of drawing and writing the rows. Writes
OUT_DIR/transactions.csv with pandas and prints one JSON line with seconds, rows and peak RSS.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd


def main() -> None:
    target, out, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    days = 730
    customers = max(1, int(target / 4.6))
    lam = rng.gamma(0.9, 1 / 60, customers)
    p = rng.beta(1.0, 6.0, customers)
    u = np.sort(rng.random(customers))
    signup = -np.log(1 - u * (1 - np.exp(-1.2))) / 1.2 * days
    first = signup + rng.exponential(4.0, customers)
    exposure = np.clip(days - first, 0, None)
    repeats = np.minimum(rng.geometric(p) - 1, rng.poisson(lam * exposure))
    counts = np.where(first < days, 1 + repeats, 0)
    owner = np.repeat(np.arange(customers), counts)
    n = owner.size
    offset = np.where(np.arange(n) == np.repeat(np.cumsum(counts) - counts, counts), 0.0, rng.random(n))
    t = first[owner] + offset * exposure[owner]
    products = 2000
    zipf = np.cumsum(np.arange(1, products + 1) ** -1.1)
    product = np.searchsorted(zipf, rng.random(n) * zipf[-1], side="right")
    base = np.exp(rng.normal(np.log(30), 0.9, products))
    price = np.round(base[product] * (1 + rng.uniform(-0.045, 0.045, n)), 2)
    quantity = rng.choice(5, n, p=[0.72, 0.16, 0.07, 0.03, 0.02]) + 1
    discount = np.where(rng.random(n) < 0.15, rng.choice([0.05, 0.1, 0.15, 0.2, 0.25, 0.3], n), 0.0)
    payment = np.array(["card", "paypal", "bank_transfer", "cash_on_delivery", "gift_card"])[
        rng.choice(5, n, p=[0.45, 0.28, 0.10, 0.07, 0.10])]
    stamp = pd.Timestamp("2024-10-01") + pd.to_timedelta(np.floor(t * 86400), unit="s")
    frame = pd.DataFrame({
        "transaction_id": pd.Series(np.arange(1, n + 1)).map("T{:09d}".format),
        "customer_id": pd.Series(owner + 1).map("C{:07d}".format),
        "product_id": pd.Series(product + 1).map("P{:05d}".format),
        "quantity": quantity,
        "price": price,
        "discount": discount,
        "timestamp": stamp,
        "payment_method": payment,
    })
    frame.to_csv(os.path.join(out, "transactions.csv"), index=False, float_format="%.2f",
                 date_format="%Y-%m-%d %H:%M:%S", lineterminator="\n")
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": int(n), "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
