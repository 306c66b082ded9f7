#!/usr/bin/env python3
"""Second, independent recount of the demo shop's defects with pandas (the C# tests recount them in plain C#).

Usage: check_defects.py SHOP_DIR

Applies each rule of docs/demo-shop.md to the written files and prints, per defect key, the count found, the count in
truth/truth.json and OK or MISMATCH; exits 1 on any mismatch. Used on shops too large for the unit tests (1M rows);
results are recorded in check_defects.txt next to this script.
"""
import json
import sys

import numpy as np
import pandas as pd


def main() -> int:
    shop = sys.argv[1]
    t = pd.read_csv(f"{shop}/transactions.csv", dtype={"payment_method": str}, keep_default_na=False)
    c = pd.read_csv(f"{shop}/customers.csv", dtype=str, keep_default_na=False)
    p = pd.read_csv(f"{shop}/products.csv", dtype=str, keep_default_na=False)
    truth = json.load(open(f"{shop}/truth/truth.json"))["defects"]
    with open(f"{shop}/transactions.csv") as f:
        lines = pd.Series(f.read().split("\n")[1:-1])
    repeated = lines.duplicated().values
    t["ts"] = pd.to_datetime(t.timestamp)
    positive = t[t.price > 0].copy()
    positive["lp"] = np.log(positive.price)
    median = positive.groupby("product_id").lp.transform("median")
    deviation = (positive.lp - median).abs()
    mad = deviation.groupby(positive.product_id).transform("median")
    first = t.groupby("customer_id").ts.min()
    joined = c.set_index("customer_id").join(first, how="inner")
    found = {
        "exact_duplicates": int(repeated.sum()),
        "business_key_duplicates": int(t[~repeated].transaction_id.duplicated().sum()),
        "negative_quantity": int((t.quantity < 0).sum()),
        "zero_quantity": int((t.quantity == 0).sum()),
        "zero_or_negative_price": int(((t.price <= 0) & (t.quantity > 0)).sum()),
        "price_outliers": int((deviation > np.maximum(5 * 1.4826 * mad, np.log(5))).sum()),
        "orphan_customers": int((~t.customer_id.isin(c.customer_id)).sum()),
        "orphan_products": int((~t.product_id.isin(p.product_id)).sum()),
        "future_timestamps": int((t.ts.dt.year == 2099).sum()),
        "pre_opening_timestamps": int((t.ts < "2000-01-01").sum()),
        "registration_after_first_purchase": int((pd.to_datetime(joined.registration_date) > joined.ts).sum()),
    }
    expected = dict(truth)
    missing = expected.pop("missing_values")
    found_missing = {
        "customers.age": int((c.age == "").sum()),
        "customers.country": int((c.country == "").sum()),
        "customers.acquisition_channel": int((c.acquisition_channel == "").sum()),
        "transactions.payment_method": int((t.payment_method == "").sum()),
        "products.brand": int((p.brand == "").sum()),
    }
    ok = True
    for key, value in list(found.items()) + list(found_missing.items()):
        wanted = expected[key] if key in expected else missing[key]
        ok &= value == wanted
        print(f"{key:36} {value:>8} {wanted:>8} {'OK' if value == wanted else 'MISMATCH'}")
    print(f"rows {len(t)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
