"""Peer for the features benchmark: the customer features of Patron's registry (the groups a generic three-file
export supports: behaviour, RFM, affinity, time, attributes, interactions, cross-category, plus labels), computed with
vectorised pandas from the same transactions.csv, customers.csv and products.csv.

Usage: features_pandas.py FOLDER CUTOFF [HORIZON_DAYS]. Prints one JSON line with seconds, customers, features and the
process's peak RSS. Cleaning is the basic part of Patron's silver rules (rows without customer, time or amounts, zero
quantities, non-positive prices, repeated transaction ids, customers missing from customers.csv), so values can differ
slightly from Patron's where its quality rules quarantine more (outlier prices, future or pre-opening times).
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd

FREE = {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com",
        "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "orange.fr", "free.fr", "wanadoo.fr"}
PAY = {"card": "card", "credit_card": "card", "debit_card": "card", "paypal": "wallet", "wallet": "wallet",
       "bank_transfer": "bank", "boleto": "bank", "gift_card": "voucher", "voucher": "voucher"}
GRID = [["Lost", "Lost", "At risk", "Can't lose", "Can't lose"],
        ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose"],
        ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
        ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Champions"],
        ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"]]


def load(folder):
    tx = pd.read_csv(f"{folder}/transactions.csv",
                     dtype={"transaction_id": str, "customer_id": str, "product_id": str, "quantity": "float64",
                            "price": "float64", "discount": "float64", "timestamp": str, "payment_method": "category"})
    tx["ts"] = pd.to_datetime(tx["timestamp"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    tx.drop(columns=["timestamp"], inplace=True)
    customers = pd.read_csv(f"{folder}/customers.csv", dtype={"customer_id": str, "country": "category",
                            "email_domain": str, "acquisition_channel": "category"})
    customers["registered"] = pd.to_datetime(customers["registration_date"], format="%Y-%m-%d", errors="coerce")
    products = pd.read_csv(f"{folder}/products.csv", dtype={"product_id": str, "category": "category", "brand": "category"})
    tx = tx.dropna(subset=["customer_id", "ts", "quantity", "price"])
    tx = tx[(tx["quantity"] != 0) & ~((tx["quantity"] > 0) & (tx["price"] <= 0))]
    tx = tx.drop_duplicates(subset="transaction_id", keep="first")
    tx = tx[tx["customer_id"].isin(customers["customer_id"])]
    tx["amount"] = tx["quantity"] * tx["price"] * (1 - tx["discount"].fillna(0))
    products = products.drop_duplicates(subset="product_id").set_index("product_id")
    tx["category"] = tx["product_id"].map(products["category"])
    tx["brand"] = tx["product_id"].map(products["brand"])
    tx["margin"] = tx["product_id"].map(products["margin"])
    return tx, customers.drop_duplicates(subset="customer_id").set_index("customer_id")


def features(tx, customers, cutoff):
    cut = pd.Timestamp(cutoff)
    h = tx[tx["ts"] < cut].copy()
    h["date"] = h["ts"].dt.normalize()
    h["days_before"] = (cut - h["date"]).dt.days
    p = h[h["quantity"] > 0].sort_values(["customer_id", "ts", "transaction_id"])
    r = h[h["quantity"] < 0]
    g = p.groupby("customer_id", sort=True)
    f = pd.DataFrame({"orders": g.size(), "gross_revenue": g["amount"].sum(), "items": g["quantity"].sum(),
                      "first": g["date"].min(), "last": g["date"].max()})
    rg = r.groupby("customer_id")
    f["returned_amount"] = (-rg["amount"].sum()).reindex(f.index, fill_value=0.0)
    f["return_orders"] = rg.size().reindex(f.index, fill_value=0)
    f["net_revenue"] = f["gross_revenue"] - f["returned_amount"]
    f["avg_order_value"] = f["gross_revenue"] / f["orders"]
    same = p["customer_id"].eq(p["customer_id"].shift())
    p = p.assign(gap=np.where(same, (p["date"] - p["date"].shift()).dt.days, np.nan))
    f["gap_mean_days"] = p.groupby("customer_id")["gap"].mean()
    f["gap_std_days"] = p.groupby("customer_id")["gap"].std()
    f["days_since_first_order"] = (cut - f["first"]).dt.days
    f["days_since_last_order"] = (cut - f["last"]).dt.days
    reg = customers["registered"].reindex(f.index)
    start = np.where(reg < cut, np.minimum(reg.values, f["first"].values), f["first"].values)
    f["tenure_days"] = (cut - pd.to_datetime(start)).days
    f["orders_per_week"] = f["orders"] * 7.0 / f["tenure_days"].clip(lower=1)
    f["return_rate"] = f["return_orders"] / f["orders"]
    f["discount_order_share"] = (p["discount"].fillna(0) > 0).groupby(p["customer_id"]).mean()
    pay = p["payment_method"].astype(str).map(PAY).where(p["payment_method"].notna(), None)
    pay = pay.fillna(pd.Series(np.where(p["payment_method"].notna(), "other", None), index=p.index))
    shares = pd.crosstab(p["customer_id"], pay, normalize="index")
    for kind in ["card", "wallet", "bank", "voucher", "other"]:
        f[f"payment_share_{kind}"] = shares[kind] if kind in shares else 0.0

    # RFM: ranks with ties sharing the lower score.
    n = len(f)
    f["r_score"] = np.minimum(5, 1 + np.floor(5.0 * (f["days_since_last_order"].rank(method="min", ascending=False) - 1) / n)).astype(int)
    f["f_score"] = np.minimum(5, 1 + np.floor(5.0 * (f["orders"].rank(method="min") - 1) / n)).astype(int)
    f["m_score"] = np.minimum(5, 1 + np.floor(5.0 * (f["net_revenue"].rank(method="min") - 1) / n)).astype(int)
    f["fm_score"] = (f["f_score"] + f["m_score"] + 1) // 2
    f["rfm_cell"] = f["r_score"].astype(str) + f["f_score"].astype(str) + f["m_score"].astype(str)
    grid = np.array(GRID, dtype=object)
    f["rfm_segment"] = grid[f["r_score"].values - 1, f["fm_score"].values - 1]

    # Affinity over purchase lines with a positive amount.
    a = p[p["amount"] > 0]
    cat = a.groupby(["customer_id", "category"], observed=True)["amount"].sum().reset_index()
    cat["total"] = cat.groupby("customer_id")["amount"].transform("sum")
    cat["share"] = cat["amount"] / cat["total"]
    cg = cat.groupby("customer_id")
    f["distinct_categories"] = cg.size().reindex(f.index, fill_value=0)
    top = cat.sort_values(["customer_id", "amount", "category"], ascending=[True, False, True]).drop_duplicates("customer_id")
    f["favourite_category"] = top.set_index("customer_id")["category"]
    f["favourite_category_share"] = top.set_index("customer_id")["share"]
    f["category_entropy"] = (-(cat["share"] * np.log2(cat["share"]))).groupby(cat["customer_id"]).sum()
    br = a.groupby(["customer_id", "brand"], observed=True)["amount"].sum().reset_index()
    br["share"] = br["amount"] / br.groupby("customer_id")["amount"].transform("sum")
    bg = br.groupby("customer_id")["share"]
    f["distinct_brands"] = bg.size().reindex(f.index, fill_value=0)
    f["top_brand_share"] = bg.max()
    f["brand_hhi"] = (br["share"] ** 2).groupby(br["customer_id"]).sum()

    # Time: quarters, habits, rolling windows, acceleration, trend, largest 30-day spend.
    db = h["days_before"]
    hc = h["customer_id"]
    purchase = h["quantity"] > 0
    for q in range(1, 5):
        m = (h["ts"] >= cut - pd.DateOffset(months=3 * q)) & (h["ts"] < cut - pd.DateOffset(months=3 * (q - 1)))
        f[f"spend_quarter_{q}"] = h["amount"].where(m, 0).groupby(hc).sum()
    pc = p["customer_id"]
    f["weekend_share"] = (p["ts"].dt.dayofweek >= 5).groupby(pc).mean()
    hour = p["ts"].dt.hour
    for name, lo, hi in [("night", 0, 5), ("morning", 6, 11), ("afternoon", 12, 17), ("evening", 18, 23)]:
        f[f"hour_share_{name}"] = hour.between(lo, hi).groupby(pc).mean()
    for d in [7, 30, 90, 365]:
        f[f"orders_{d}d"] = (purchase & (db <= d)).groupby(hc).sum()
    for d in [7, 30, 90, 365]:
        f[f"spend_{d}d"] = h["amount"].where(db <= d, 0).groupby(hc).sum()
    prev = (db >= 91) & (db <= 180)
    f["orders_prev_90d"] = (purchase & prev).groupby(hc).sum()
    f["spend_prev_90d"] = h["amount"].where(prev, 0).groupby(hc).sum()
    f["order_acceleration"] = f["orders_90d"] - f["orders_prev_90d"]
    f["spend_acceleration"] = f["spend_90d"] - f["spend_prev_90d"]
    month = (db - 1) // 30
    f["monthly_spend_slope"] = ((5.5 - month) * h["amount"]).where(db <= 360, 0).groupby(hc).sum() / 143.0
    daily = p.groupby(["customer_id", "days_before"])["amount"].sum().reset_index().sort_values(["customer_id", "days_before"], ascending=[True, False])
    code = daily["customer_id"].astype("category").cat.codes.values.astype(np.int64)
    day = -daily["days_before"].values.astype(np.int64)
    key = code * 1_000_000 + day
    cs = np.cumsum(daily["amount"].values)
    left = np.searchsorted(key, key - 29, side="left")
    window = cs - np.where(left > 0, cs[left - 1], 0.0)
    f["max_spend_30d"] = pd.Series(window, index=daily.index).groupby(daily["customer_id"].values).max()

    # Attributes.
    c = customers.reindex(f.index)
    f["age_band"] = pd.cut(c["age"], [-np.inf, 24, 34, 44, 54, 64, np.inf], labels=["under 25", "25-34", "35-44", "45-54", "55-64", "65+"])
    f["country"] = c["country"]
    f["acquisition_channel"] = c["acquisition_channel"]
    dom = c["email_domain"].str.lower()
    f["email_domain_class"] = np.where(dom.isna(), None, np.where(dom.isin(FREE), "free",
                                       np.where(dom.str.endswith(".edu") | dom.str.contains(".ac.", regex=False), "education", "business")))
    f["days_registration_to_first_purchase"] = np.where(c["registered"] < cut, (f["first"] - c["registered"]).dt.days, np.nan)

    # Interactions.
    f["aov_x_frequency"] = f["avg_order_value"] * f["orders"]
    f["items_per_order"] = f["items"] / f["orders"]
    mm = a[a["margin"].notna()]
    f["margin_share"] = (mm["amount"] * mm["margin"]).groupby(mm["customer_id"]).sum() / mm.groupby("customer_id")["amount"].sum()

    # Cross-category: P(B | A) and the likeliest category not yet bought.
    cc = cat[["customer_id", "category"]].astype({"category": str})
    size_a = cc.groupby("category").size().rename("customers_a")
    pairs = cc.merge(cc, on="customer_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["category_a"] != pairs["category_b"]]
    cross = pairs.groupby(["category_a", "category_b"]).size().rename("customers_ab").reset_index()
    cross = cross.join(size_a, on="category_a")
    cross["probability"] = cross["customers_ab"] / cross["customers_a"]
    cand = cc.merge(cross, left_on="category", right_on="category_a")
    owned = pd.MultiIndex.from_frame(cc[["customer_id", "category"]])
    cand = cand[~pd.MultiIndex.from_arrays([cand["customer_id"], cand["category_b"]]).isin(owned)]
    best = cand.sort_values(["customer_id", "probability", "customers_ab", "category_b"], ascending=[True, False, False, True]).drop_duplicates("customer_id")
    f["next_category"] = best.set_index("customer_id")["category_b"]
    f["next_category_probability"] = best.set_index("customer_id")["probability"]
    return f.drop(columns=["first", "last"]), cross


def labels(tx, f, cutoff, horizon):
    cut = pd.Timestamp(cutoff)
    w = tx[(tx["ts"] >= cut) & (tx["ts"] < cut + pd.Timedelta(days=horizon)) & tx["customer_id"].isin(f.index)]
    g = w.groupby("customer_id")
    lab = pd.DataFrame(index=f.index)
    lab["future_orders"] = (w["quantity"] > 0).groupby(w["customer_id"]).sum().reindex(f.index, fill_value=0)
    lab["future_spend"] = g["amount"].sum().reindex(f.index, fill_value=0.0)
    lab["churn"] = lab["future_orders"] == 0
    lab["repeat"] = ~lab["churn"]
    lab["one_time_buyer"] = f["orders"] == 1
    p75, p95 = lab["future_spend"].quantile([0.75, 0.95])
    lab["high_value"] = (lab["future_spend"] >= p75) & (lab["future_spend"] > 0)
    lab["top5"] = (lab["future_spend"] >= p95) & (lab["future_spend"] > 0)
    return lab


def main():
    folder, cutoff = sys.argv[1], sys.argv[2]
    horizon = int(sys.argv[3]) if len(sys.argv) > 3 else 90
    start = time.perf_counter()
    tx, customers = load(folder)
    loaded = time.perf_counter()
    f, cross = features(tx, customers, cutoff)
    lab = labels(tx, f, cutoff, horizon)
    done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024.0
    print(json.dumps({"seconds": done - start, "load_seconds": loaded - start, "customers": int(len(f)),
                      "features": int(f.shape[1]), "labels": int(lab.shape[1]), "cross_pairs": int(len(cross)),
                      "orders_sum": int(f["orders"].sum()), "net_revenue_sum": float(f["net_revenue"].sum()),
                      "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
