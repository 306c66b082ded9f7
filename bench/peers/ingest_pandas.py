"""Peer for the ingest benchmark: the generic shop's three CSV files loaded with pandas under explicit dtypes,
then the same quality checks Patron runs (duplicates, reused keys, orphans, bad quantities and prices, timestamps,
price outliers by the median/MAD rule, registration after first purchase, missing values) and the silver-like
resolution. Prints one JSON line: seconds and peak RSS. Benchmark use only; the product never runs Python."""
import json, os, resource, sys, time
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
# Web sessions, when the shop has them (sessions.csv): the same checks as Patron's silver sessions. Rows without an
# id are set aside; of an id given more than once the earliest start is kept (then file order); negative durations and
# page counts are cleared; sessions dated in the future or before the opening are set aside; a customer missing from
# customers.csv is reported. A purchase session's amount is the net value of the customer's silver purchases placed
# from its start to its end (an hour when the duration is unknown, at most a day).
if os.path.exists(f"{shop}/sessions.csv"):
    se = pd.read_csv(f"{shop}/sessions.csv", dtype={"session_id": str, "customer_id": str, "duration_sec": "Int32",
                     "page_views": "Int32", "product_id": str, "purchased": "boolean"})
    se["started_at"] = pd.to_datetime(se["started_at"], format="%Y-%m-%d %H:%M:%S")
    for column, count in se.isna().sum().items():
        findings[f"missing_values.sessions.{column}"] = int(count)
    no_id = se["session_id"].isna()
    findings["session_missing_key"] = int(no_id.sum())
    se = se[~no_id]
    content = ["session_id", "customer_id", "started_at", "duration_sec", "page_views", "product_id", "purchased"]
    copy = se.duplicated(subset=content, keep="first")
    findings["session_exact_duplicates"] = int(copy.sum())
    se = se[~copy]
    se = se.sort_values(["started_at"], kind="stable")
    version = se.duplicated(subset=["session_id"], keep="first")
    findings["session_business_key_duplicates"] = int(version.sum())
    se = se[~version]
    neg_d = se["duration_sec"] < 0
    neg_p = se["page_views"] < 0
    findings["session_negative_duration"] = int(neg_d.sum())
    findings["session_negative_page_views"] = int(neg_p.sum())
    se.loc[neg_d.fillna(False), "duration_sec"] = pd.NA
    se.loc[neg_p.fillna(False), "page_views"] = pd.NA
    s_future = se["started_at"] > now
    s_pre = se["started_at"] < pd.Timestamp("2000-01-01")
    findings["session_future_timestamps"] = int(s_future.sum())
    findings["session_pre_opening_timestamps"] = int(s_pre.sum())
    findings["session_orphan_customers"] = int((se["customer_id"].notna() & ~se["customer_id"].isin(cu["customer_id"])).sum())
    se = se[~(s_future | s_pre)]
    bought = silver[silver["quantity"] > 0][["customer_id", "timestamp", "line_amount"]]
    visits = se[se["purchased"].fillna(False)][["customer_id", "started_at", "duration_sec"]].reset_index()
    visits["ended_at"] = visits["started_at"] + pd.to_timedelta(visits["duration_sec"].astype("float64").fillna(3600).clip(upper=86400), unit="s")
    pairs = visits.merge(bought, on="customer_id")
    pairs = pairs[(pairs["timestamp"] >= pairs["started_at"]) & (pairs["timestamp"] <= pairs["ended_at"])]
    se["purchase_amount"] = pairs.groupby("index")["line_amount"].sum().reindex(se.index)
    findings["sessions"] = int(len(se))
seconds = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": peak_mb, "rows": int(len(silver)), "findings": findings}))
