"""Peer for the ingest benchmark: the generic shop's three CSV files loaded with pandas under explicit dtypes,
then the same quality checks Patron runs (duplicates, reused keys, orphans, bad quantities and prices, timestamps,
price outliers by the median/MAD rule, registration after first purchase, missing values) and the silver-like
resolution. Prints one JSON line: seconds and peak RSS. Benchmark use only; the product never runs Python."""
import json, resource, sys, time
import numpy as np
import pandas as pd

shop = sys.argv[1]
t0 = time.perf_counter()
tx = pd.read_csv(f"{shop}/transactions.csv", dtype={"transaction_id": str, "customer_id": str, "product_id": str,
                 "quantity": "Int32", "price": float, "discount": float, "payment_method": str})
tx["timestamp"] = pd.to_datetime(tx["timestamp"], format="%Y-%m-%d %H:%M:%S")
cu = pd.read_csv(f"{shop}/customers.csv", dtype={"customer_id": str, "age": "Int32", "country": str,
                 "email_domain": str, "acquisition_channel": str})
cu["registration_date"] = pd.to_datetime(cu["registration_date"], format="%Y-%m-%d")
pr = pd.read_csv(f"{shop}/products.csv", dtype={"product_id": str, "category": str, "subcategory": str, "brand": str,
                 "base_price": float, "margin": float})

findings = {}
for name, frame in (("transactions", tx), ("customers", cu), ("products", pr)):
    for column, count in frame.isna().sum().items():
        findings[f"missing_values.{name}.{column}"] = int(count)

dup = tx.duplicated(keep="first")
findings["exact_duplicates"] = int(dup.sum())
tx = tx[~dup]
reused = tx.duplicated(subset=["transaction_id"], keep="first")
findings["business_key_duplicates"] = int(reused.sum())
tx = tx[~reused]

now = pd.Timestamp.utcnow().tz_localize(None)
future = tx["timestamp"] > now
pre = tx["timestamp"] < pd.Timestamp("2000-01-01")
orphan_c = ~tx["customer_id"].isin(cu["customer_id"])
orphan_p = ~tx["product_id"].isin(pr["product_id"])
zero_q = tx["quantity"] == 0
bad_price = (tx["quantity"] > 0) & (tx["price"] <= 0)
returns = tx["quantity"] < 0
positive = (tx["price"] > 0) & (tx["quantity"] != 0)
lp = np.log(tx.loc[positive, "price"])
groups = lp.groupby(tx.loc[positive, "product_id"])
m = groups.transform("median")
mad = (lp - m).abs().groupby(tx.loc[positive, "product_id"]).transform("median")
outlier = pd.Series(False, index=tx.index)
outlier.loc[positive] = (lp - m).abs() > np.maximum(5 * 1.4826 * mad, np.log(5))
for name, mask in (("future_timestamps", future), ("pre_opening_timestamps", pre), ("orphan_customers", orphan_c),
                   ("orphan_products", orphan_p), ("zero_quantity", zero_q), ("zero_or_negative_price", bad_price),
                   ("negative_quantity", returns), ("price_outliers", outlier)):
    findings[name] = int(mask.sum())

valid = tx[~(future | pre)]
first = valid[valid["quantity"] > 0].groupby("customer_id")["timestamp"].min().dt.normalize()
reg = cu.set_index("customer_id")["registration_date"]
joined = pd.concat([reg, first], axis=1, join="inner")
findings["registration_after_first_purchase"] = int((joined["registration_date"] > joined["timestamp"]).sum())

silver = tx[~(future | pre | orphan_c | orphan_p | zero_q | bad_price)].copy()
silver["line_amount"] = silver["quantity"] * silver["price"] * (1 - silver["discount"].fillna(0))
silver["is_outlier"] = outlier[silver.index]
seconds = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": peak_mb, "rows": int(len(silver)), "findings": findings}))
