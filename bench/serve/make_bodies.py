"""Writes the benchmark's request bodies: 1 and 1,000 Online Shoppers sessions (rows of the export, repeated), and the
customer ids of a run's predictions.csv. Usage: make_bodies.py EXPORT_CSV PREDICTIONS_CSV OUT_DIR"""
import csv
import json
import sys


def row(r):
    out = {}
    for k, v in r.items():
        if k in ("Month", "VisitorType"):
            out[k] = v
        elif k in ("Weekend", "Revenue"):
            out[k] = v.upper() == "TRUE"
        else:
            out[k] = float(v)
    return out


def main(export, predictions, out):
    rows = [row(r) for r in csv.DictReader(open(export, newline=""))]
    for n in (1, 1000):
        body = {"sessions": [rows[i % len(rows)] for i in range(n)]}
        json.dump(body, open(f"{out}/sessions_{n}.json", "w"))
    with open(f"{out}/ids.txt", "w") as f:
        for r in csv.DictReader(open(predictions, newline="")):
            f.write(r["customer_id"] + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
