"""Peer of the `sessions` benchmark: the session-history features of gold.session_features computed with pandas from
the same silver rows Patron reads (exported by the benchmark as CSV), strictly before each session's start.

Usage: sessions_pandas.py DIR  (DIR holds sessions.csv, orders.csv, lines.csv). Prints one JSON line: timings, peak RSS
and checksums of the features, which the benchmark compares with Patron's.
"""
import json
import resource
import sys
import time

import pandas as pd


def main(folder):
    wall0, cpu0 = time.perf_counter(), time.process_time()
    sessions = pd.read_csv(f"{folder}/sessions.csv", parse_dates=["started_at"], dtype={"session_id": str, "customer_id": str})
    orders = pd.read_csv(f"{folder}/orders.csv", parse_dates=["ordered_at"], dtype={"order_id": str, "customer_id": str})
    lines = pd.read_csv(f"{folder}/lines.csv", dtype={"order_id": str})
    load = time.perf_counter() - wall0

    known = sessions[sessions["customer_id"].notna()]
    # Per customer and start instant, then running totals minus the instant's own rows: strictly earlier sessions only.
    per_time = (known.assign(n=1, p=known["purchased"].astype("int64"),
                             dn=known["duration_sec"].notna().astype("int64"), vn=known["page_views"].notna().astype("int64"))
                .groupby(["customer_id", "started_at"], sort=True)
                .agg(n=("n", "sum"), p=("p", "sum"), d=("duration_sec", "sum"), dn=("dn", "sum"), v=("page_views", "sum"), vn=("vn", "sum"))
                .reset_index())
    cols = ["n", "p", "d", "dn", "v", "vn"]
    running = per_time.groupby("customer_id", sort=False)[cols].cumsum() - per_time[cols]
    per_time[[c + "_prior" for c in cols]] = running
    per_time["previous_at"] = per_time.groupby("customer_id", sort=False)["started_at"].shift(1)
    history = known[["session_id", "customer_id", "started_at"]].merge(per_time, on=["customer_id", "started_at"], how="left")
    history["prior_sessions"] = history["n_prior"]
    history["prior_purchase_sessions"] = history["p_prior"]
    history["prior_purchase_session_share"] = (history["p_prior"] / history["n_prior"]).where(history["n_prior"] > 0)
    history["prior_mean_duration_sec"] = (history["d_prior"] / history["dn_prior"]).where(history["dn_prior"] > 0)
    history["prior_mean_page_views"] = (history["v_prior"] / history["vn_prior"]).where(history["vn_prior"] > 0)
    history["days_since_prior_session"] = (history["started_at"] - history["previous_at"]).dt.total_seconds() / 86400.0

    # Purchases: amounts without outlier lines, then running totals per customer and instant; the latest strictly
    # earlier instant is found with merge_asof.
    amounts = lines[~lines["is_outlier"]].groupby("order_id")["line_amount"].sum()
    purchases = orders[orders["is_purchase"]].merge(amounts.rename("amount"), left_on="order_id", right_index=True, how="left")
    purchases["amount"] = purchases["amount"].fillna(0.0)
    at_time = purchases.groupby(["customer_id", "ordered_at"], sort=True).agg(orders=("order_id", "size"), spend=("amount", "sum")).reset_index()
    at_time[["orders_upto", "spend_upto"]] = at_time.groupby("customer_id", sort=False)[["orders", "spend"]].cumsum()
    left = history.sort_values("started_at")
    right = at_time.sort_values("ordered_at")
    joined = pd.merge_asof(left, right[["customer_id", "ordered_at", "orders_upto", "spend_upto"]], left_on="started_at", right_on="ordered_at",
                           by="customer_id", allow_exact_matches=False, direction="backward")
    joined["prior_orders"] = joined["orders_upto"].fillna(0).astype("int64")
    joined["prior_spend"] = joined["spend_upto"].fillna(0.0)
    joined["days_since_prior_order"] = (joined["started_at"] - joined["ordered_at"]).dt.total_seconds() / 86400.0

    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    print(json.dumps({
        "seconds": wall, "load_seconds": load, "cpu_seconds": cpu, "sessions": int(len(sessions)), "known": int(len(joined)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "checksums": {
            "prior_sessions": int(joined["prior_sessions"].sum()),
            "prior_purchase_sessions": int(joined["prior_purchase_sessions"].sum()),
            "prior_orders": int(joined["prior_orders"].sum()),
            "prior_spend": float(joined["prior_spend"].sum()),
            "prior_purchase_session_share": float(joined["prior_purchase_session_share"].sum()),
            "prior_mean_duration_sec": float(joined["prior_mean_duration_sec"].sum()),
            "days_since_prior_session": float(joined["days_since_prior_session"].sum()),
            "days_since_prior_order": float(joined["days_since_prior_order"].sum()),
        },
    }))


if __name__ == "__main__":
    main(sys.argv[1])
