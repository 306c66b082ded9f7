"""Writes the benchmark's request bodies: 1 and 1,000 Online Shoppers sessions (rows of the export, repeated), and the
customer ids of a run's predictions.csv (at most 300,000, spread evenly over the file, in file order).
Usage: make_bodies.py EXPORT_CSV PREDICTIONS_CSV OUT_DIR"""
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
    with open(predictions, newline="") as f:
        reader = csv.reader(f)
        column = next(reader).index("customer_id")
        ids = [r[column] for r in reader]
    step = max(1, len(ids) // 300_000)
    with open(f"{out}/ids.txt", "w") as f:
        for i in range(0, len(ids), step):
            f.write(ids[i] + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
