"""Peer of the `serve` benchmark: a FastAPI + uvicorn service scoring Online Shoppers sessions with scikit-learn's
HistGradientBoostingClassifier, trained on the same export's February sessions as the Patron run (held-out March).

Usage: serve_fastapi.py EXPORT_CSV PORT. Answers POST /api/score/sessions with {"sessions": [rows of the 17 export
columns]} -> {"predictions": [{"purchase_probability": p}]}, like patron serve (without reasons).
"""
import sys

import numpy as np
import pandas as pd
import uvicorn
from fastapi import FastAPI, Request
from sklearn.ensemble import HistGradientBoostingClassifier

NUMERIC = ["Administrative", "Administrative_Duration", "Informational", "Informational_Duration", "ProductRelated",
           "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues", "SpecialDay"]
CATEGORICAL = ["Month", "OperatingSystems", "Browser", "Region", "TrafficType", "VisitorType"]


def encode(frame, levels):
    x = frame[NUMERIC].astype("float64").copy()
    for column in CATEGORICAL:
        x[column] = frame[column].astype(str).map(levels[column]).astype("float64")
    x["Weekend"] = frame["Weekend"].astype(str).str.lower().eq("true").astype("float64")
    return x


def build(path):
    data = pd.read_csv(path)
    levels = {c: {v: i for i, v in enumerate(sorted(data[c].astype(str).unique()))} for c in CATEGORICAL}
    train = data[data["Month"] != "Mar"]
    model = HistGradientBoostingClassifier(max_iter=200, random_state=42,
                                           categorical_features=[NUMERIC.__len__() + i for i in range(len(CATEGORICAL))])
    model.fit(encode(train, levels), train["Revenue"].astype(str).str.lower().eq("true"))
    return model, levels


def main(path, port):
    model, levels = build(path)
    app = FastAPI()

    @app.post("/api/score/sessions")
    async def score(request: Request):
        body = await request.json()
        frame = pd.DataFrame(body["sessions"])
        p = model.predict_proba(encode(frame, levels))[:, 1]
        return {"predictions": [{"purchase_probability": float(v)} for v in np.asarray(p)]}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", workers=1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
