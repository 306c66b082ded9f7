"""Peer pipeline for `Patron.Bench run --peer`: the job of `patron run` on a generic demo shop, written the way a data
scientist would with pandas and XGBoost (Debian's python3 packages), vectorised throughout.

Usage: run_pandas_xgboost.py SHOP OUT [--horizon 90] [--seed 42] [--max-train-rows 500000] [--rounds 200]

Stages (each timed in wall and CPU seconds, with the process's peak RSS so far):
  ingest    read transactions, customers, products and sessions with explicit dtypes; the basic cleaning (rows without
            customer, time or amounts, times in the future or before 2000, zero quantities, non-positive prices, repeated transaction and session ids,
            customers missing from customers.csv, negative session durations and page counts cleared)
  features  the customer features of features_pandas.py (behaviour, RFM, affinity, time, attributes, interactions,
            cross-category) plus the customer's web sessions, at the three cutoffs of docs/pipeline.md (scoring cutoff
            S = the day after the last purchase, T = S - horizon, E = T - horizon), the labels over [E, T) and [T, S),
            and the per-session features (own columns and the customer's history strictly before the session)
  models    per task (churn, repeat, high_value, clv, session_purchase) the baseline of docs/pipeline.md and an XGBoost
            hist model (depth 4, eta 0.05, 80 % row and column sampling, rounds by early stopping on a fifth of E, at
            most --rounds), judged out of time (fit at E, measured at T), refitted at T with the same rounds, scoring
            every customer at S; sessions: trained on those before T, tested on [T, S), refitted on both and scoring
            the test window; at most --max-train-rows rows per fit (a seeded sample), as Patron does
  write     predictions.csv, session_predictions.csv and metrics.json in OUT

The metrics follow docs/learning.md (ROC-AUC and average precision as scikit-learn computes them; top-decile lift;
normalized Gini and decile MAPE of Wang, Liu & Miao 2019). Prints one JSON line. Benchmark use only.
"""
import json
import os
import resource
import sys
import time

# XGBoost's OpenMP threads would otherwise spin while they wait, which on a shared machine is counted as CPU time and
# is not work (docs/learning.md, the LightGBM peer); set before the OpenMP runtime loads with xgboost.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xgboost as xgb  # noqa: E402
from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features_pandas import features, labels, load  # noqa: E402

TASKS = {
    # task: (label, kind, primary, secondary, baseline feature: higher = more of the label)
    "churn": ("churn", "binary", "pr_auc", "top_decile_lift", "days_since_last_order"),
    "repeat": ("repeat", "binary", "pr_auc", "top_decile_lift", "orders"),
    "high_value": ("high_value", "binary", "roc_auc", "pr_auc", "net_revenue"),
    "clv": ("future_spend", "regression", "normalized_gini", "decile_mape", "net_revenue"),
}


class Stages:
    def __init__(self):
        self.rows = []
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def done(self, name):
        wall, cpu = time.perf_counter(), time.process_time()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.rows.append({"name": name, "seconds": wall - self._wall, "cpu_seconds": cpu - self._cpu,
                          "peak_rss_mb": usage.ru_maxrss / 1024.0})
        print(f"{name} done: {wall - self._wall:.1f} s, peak {usage.ru_maxrss / 1024.0:.0f} MB", file=sys.stderr, flush=True)
        self._wall, self._cpu = wall, cpu


def option(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def top_decile_lift(y, s):
    order = np.argsort(-s, kind="stable")
    top = y[order[: max(1, len(y) // 10)]]
    return float(top.mean() / y.mean())


def gini(y, s):
    order = np.argsort(-s, kind="stable")
    gain = np.cumsum(y[order]) / y.sum()
    return 2.0 * gain.mean() - 1.0


def decile_mape(y, s):
    order = np.argsort(-s, kind="stable")
    groups = np.array_split(order, 10)
    errors = [abs(s[g].mean() - y[g].mean()) / y[g].mean() for g in groups if y[g].mean() != 0]
    return float(np.mean(errors))


def metrics(kind, y, s):
    y = np.asarray(y, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    if kind == "binary":
        return {"roc_auc": float(roc_auc_score(y, s)), "pr_auc": float(average_precision_score(y, s)),
                "top_decile_lift": top_decile_lift(y, s)}
    return {"normalized_gini": float(gini(y, s) / gini(y, y)), "decile_mape": decile_mape(y, s)}


def categories(frames, columns):
    """One code per value of each text column, shared by every frame, so a code means the same at every cutoff."""
    found = {}
    for c in columns:
        if any(f[c].dtype == object or str(f[c].dtype) == "category" for f in frames):
            values = pd.concat([f[c].dropna().astype(str) for f in frames]).unique()
            found[c] = np.sort(values)
    return found


def matrix(frame, columns, codes):
    x = frame.reindex(columns=columns)
    for c, values in codes.items():
        code = pd.Categorical(x[c].astype(str).where(x[c].notna()), categories=values).codes.astype("float32")
        x[c] = np.where(code < 0, np.nan, code)
    return x.astype("float32")


def sample(n, limit, seed):
    if limit <= 0 or n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))


def boost(kind, x, y, seed, rounds, early=True):
    params = {"tree_method": "hist", "max_depth": 4, "eta": 0.05, "subsample": 0.8, "colsample_bytree": 0.8,
              "min_child_weight": 5, "lambda": 5, "nthread": os.cpu_count(), "seed": seed}
    if kind == "binary":
        params.update({"objective": "binary:logistic", "eval_metric": "logloss", "base_score": float(np.mean(y))})
    else:
        params.update({"objective": "reg:tweedie", "tweedie_variance_power": 1.5, "eval_metric": "tweedie-nloglik@1.5"})
    if not early:
        return xgb.train(params, xgb.DMatrix(x, label=y), num_boost_round=rounds), rounds
    valid = np.random.default_rng(seed).random(len(y)) < 0.2
    dtrain = xgb.DMatrix(x[~valid], label=y[~valid])
    dvalid = xgb.DMatrix(x[valid], label=y[valid])
    booster = xgb.train(params, dtrain, num_boost_round=rounds, evals=[(dvalid, "valid")],
                        early_stopping_rounds=20, verbose_eval=False)
    best = booster.best_iteration + 1
    return booster, best


def predict(booster, x, rounds):
    return booster.predict(xgb.DMatrix(x), iteration_range=(0, rounds))


def session_frame(sessions, tx, products):
    """Per session: its own columns and the customer's history strictly before its start (docs/features.md)."""
    s = sessions.copy()
    s["hour"] = s["started_at"].dt.hour
    s["weekday"] = s["started_at"].dt.dayofweek + 1
    s["is_weekend"] = (s["weekday"] >= 6).astype("int8")
    s["names_product"] = s["product_id"].notna().astype("int8")
    s["product_category"] = s["product_id"].map(products["category"])
    known = s[s["customer_id"].notna()]
    per_time = (known.assign(n=1, p=known["purchased"].astype("int64"),
                             dn=known["duration_sec"].notna().astype("int64"), vn=known["page_views"].notna().astype("int64"))
                .groupby(["customer_id", "started_at"], sort=True)
                .agg(n=("n", "sum"), p=("p", "sum"), d=("duration_sec", "sum"), dn=("dn", "sum"), v=("page_views", "sum"),
                     vn=("vn", "sum"))
                .reset_index())
    cols = ["n", "p", "d", "dn", "v", "vn"]
    running = per_time.groupby("customer_id", sort=False)[cols].cumsum() - per_time[cols]
    per_time[[c + "_prior" for c in cols]] = running.values
    per_time["previous_at"] = per_time.groupby("customer_id", sort=False)["started_at"].shift(1)
    h = s[["session_id", "customer_id", "started_at"]].merge(per_time, on=["customer_id", "started_at"], how="left")
    s["prior_sessions"] = h["n_prior"].values
    s["prior_purchase_sessions"] = h["p_prior"].values
    s["prior_purchase_session_share"] = (h["p_prior"] / h["n_prior"]).where(h["n_prior"] > 0).values
    s["prior_mean_duration_sec"] = (h["d_prior"] / h["dn_prior"]).where(h["dn_prior"] > 0).values
    s["prior_mean_page_views"] = (h["v_prior"] / h["vn_prior"]).where(h["vn_prior"] > 0).values
    s["days_since_prior_session"] = ((h["started_at"] - h["previous_at"]).dt.total_seconds() / 86400.0).values
    purchases = tx[tx["quantity"] > 0].groupby(["customer_id", "ts"], sort=True)["amount"].agg(["size", "sum"]).reset_index()
    purchases[["orders_upto", "spend_upto"]] = purchases.groupby("customer_id", sort=False)[["size", "sum"]].cumsum().values
    left = s[["session_id", "customer_id", "started_at"]].dropna(subset=["customer_id"]).sort_values("started_at")
    joined = pd.merge_asof(left, purchases.sort_values("ts")[["customer_id", "ts", "orders_upto", "spend_upto"]],
                           left_on="started_at", right_on="ts", by="customer_id", allow_exact_matches=False,
                           direction="backward").set_index("session_id")
    s = s.set_index("session_id")
    s["prior_orders"] = joined["orders_upto"].fillna(0)
    s["prior_spend"] = joined["spend_upto"].fillna(0.0)
    s["days_since_prior_order"] = (joined["started_at"] - joined["ts"]).dt.total_seconds() / 86400.0
    s.loc[s["customer_id"].isna(), ["prior_orders", "prior_spend"]] = np.nan
    return s


def customer_sessions(sessions, cutoff):
    cut = pd.Timestamp(cutoff)
    s = sessions[(sessions["started_at"] < cut) & sessions["customer_id"].notna()]
    g = s.groupby("customer_id")
    out = pd.DataFrame({"session_count": g.size(), "session_duration_mean": g["duration_sec"].mean(),
                        "views_per_session": g["page_views"].mean(), "session_purchase_rate": g["purchased"].mean()})
    out["days_since_last_session"] = (cut - g["started_at"].max().dt.normalize()).dt.days
    return out


def main():
    shop, out = sys.argv[1], sys.argv[2]
    horizon = option("--horizon", 90)
    seed = option("--seed", 42)
    cap = option("--max-train-rows", 500000)
    rounds_cap = option("--rounds", 200)
    os.makedirs(out, exist_ok=True)
    stages = Stages()

    # ingest: read and clean.
    tx, customers = load(shop)
    now = pd.Timestamp.now()
    tx = tx[(tx["ts"] <= now) & (tx["ts"] >= pd.Timestamp("2000-01-01"))]
    products = pd.read_csv(f"{shop}/products.csv", dtype={"product_id": str, "category": "category"}).drop_duplicates("product_id").set_index("product_id")
    sessions = pd.read_csv(f"{shop}/sessions.csv", dtype={"session_id": str, "customer_id": str, "product_id": str,
                                                         "duration_sec": "float64", "page_views": "float64", "purchased": "float64"})
    sessions["started_at"] = pd.to_datetime(sessions["started_at"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    sessions = sessions.dropna(subset=["session_id", "started_at"]).drop_duplicates("session_id", keep="first")
    sessions = sessions[(sessions["started_at"] <= now) & (sessions["started_at"] >= pd.Timestamp("2000-01-01"))]
    sessions.loc[sessions["duration_sec"] < 0, "duration_sec"] = np.nan
    sessions.loc[sessions["page_views"] < 0, "page_views"] = np.nan
    sessions["purchased"] = sessions["purchased"].fillna(0)
    stages.done("ingest")

    # features: three cutoffs, labels, sessions.
    last = tx.loc[tx["quantity"] > 0, "ts"].max().normalize()
    s_cut = last + pd.Timedelta(days=1)
    t_cut = s_cut - pd.Timedelta(days=horizon)
    e_cut = t_cut - pd.Timedelta(days=horizon)
    frames = {}
    for name, cut in (("E", e_cut), ("T", t_cut), ("S", s_cut)):
        f, _ = features(tx, customers, cut)
        cs = customer_sessions(sessions, cut)
        f = f.join(cs)
        f["session_count"] = f["session_count"].fillna(0)
        frames[name] = f
    lab_e = labels(tx, frames["E"], e_cut, horizon)
    lab_t = labels(tx, frames["T"], t_cut, horizon)
    sf = session_frame(sessions[sessions["started_at"] < s_cut], tx, products)
    stages.done("features")

    # models.
    columns = list(frames["T"].columns)
    codes = categories(list(frames.values()), columns)
    x_e, x_t, x_s = (matrix(frames[k], columns, codes) for k in ("E", "T", "S"))
    results, predictions = {}, pd.DataFrame(index=frames["S"].index)
    for task, (label, kind, primary, secondary, base) in TASKS.items():
        y_e = lab_e[label].astype("float64").clip(lower=0).values
        y_t = lab_t[label].astype("float64").clip(lower=0).values
        if kind == "regression":
            scale = y_e.sum() / max(frames["E"][base].clip(lower=0).sum(), 1e-12)
            base_t = frames["T"][base].clip(lower=0).values * scale
        else:
            base_t = frames["T"][base].fillna(0).values.astype("float64")
        rows_e = sample(len(y_e), cap, seed)
        booster, rounds = boost(kind, x_e.values[rows_e], y_e[rows_e], seed, rounds_cap)
        model_t = predict(booster, x_t.values, rounds)
        rows_t = sample(len(y_t), cap, seed)
        refit, _ = boost(kind, x_t.values[rows_t], y_t[rows_t], seed, rounds, early=False)
        predictions[f"{task}_prediction"] = predict(refit, x_s.values, rounds)
        results[task] = {"primary_metric": primary, "secondary_metric": secondary, "rounds": int(rounds),
                         "train_rows": int(len(y_e)), "test_rows": int(len(y_t)),
                         "baseline": metrics(kind, y_t, base_t), "xgboost": metrics(kind, y_t, model_t)}

    known = sf["purchased"].notna()
    train = sf[known & (sf["started_at"] < t_cut)]
    test = sf[known & (sf["started_at"] >= t_cut)]
    s_cols = ["duration_sec", "page_views", "hour", "weekday", "is_weekend", "names_product", "product_category",
              "prior_sessions", "prior_purchase_sessions", "prior_purchase_session_share", "prior_mean_duration_sec",
              "prior_mean_page_views", "days_since_prior_session", "prior_orders", "prior_spend", "days_since_prior_order"]
    x_all = matrix(sf, s_cols, categories([sf], s_cols)).values
    in_train = (known & (sf["started_at"] < t_cut)).values
    in_test = (known & (sf["started_at"] >= t_cut)).values
    rows = sample(len(train), cap, seed)
    x_train = x_all[in_train][rows]
    y_train = train["purchased"].values[rows]
    x_test = x_all[in_test]
    booster, rounds = boost("binary", x_train, y_train, seed, rounds_cap)
    labelled = np.flatnonzero(in_train | in_test)
    rows = labelled[sample(len(labelled), cap, seed)]
    refit, _ = boost("binary", x_all[rows], sf["purchased"].values[rows], seed, rounds, early=False)
    session_scores = predict(refit, x_test, rounds)
    results["session_purchase"] = {"primary_metric": "pr_auc", "secondary_metric": "top_decile_lift", "rounds": int(rounds),
                                   "train_rows": int(len(train)), "test_rows": int(len(test)),
                                   "baseline": metrics("binary", test["purchased"].values, test["page_views"].fillna(0).values),
                                   "xgboost": metrics("binary", test["purchased"].values, predict(booster, x_test, rounds))}
    stages.done("models")

    predictions.index.name = "customer_id"
    predictions.to_csv(f"{out}/predictions.csv")
    pd.DataFrame({"purchase_probability": session_scores}, index=test.index).to_csv(f"{out}/session_predictions.csv")
    with open(f"{out}/metrics.json", "w") as handle:
        json.dump(results, handle, indent=2)
    stages.done("write")

    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"stages": stages.rows, "tasks": results, "cutoffs": [str(e_cut.date()), str(t_cut.date()), str(s_cut.date())],
                      "customers_scored": int(len(predictions)), "sessions_scored": int(len(test)),
                      "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024.0}))


if __name__ == "__main__":
    main()
