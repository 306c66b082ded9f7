"""Writes a large synthetic run folder for the serving benchmark's startup and memory figures: the template run's
run.json, metrics.json, models/ and kpi/, and a predictions.csv of N customers made by cycling the template's rows
under new ids (C00000001, ...). features.parquet is left out (no Parquet writer in Debian's python3 here), so the
profiles carry no features and the memory figure covers the prediction columns and the index.

Usage: make_big_run.py TEMPLATE_RUN OUT_DIR N"""
import csv
import os
import shutil
import sys


def main(template, out, n):
    os.makedirs(out, exist_ok=True)
    for name in ("run.json", "metrics.json"):
        shutil.copy(os.path.join(template, name), out)
    for folder in ("models", "kpi"):
        shutil.copytree(os.path.join(template, folder), os.path.join(out, folder), dirs_exist_ok=True)
    with open(os.path.join(template, "predictions.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    with open(os.path.join(out, "predictions.csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for i in range(n):
            row = list(rows[i % len(rows)])
            row[0] = f"C{i + 1:08d}"
            writer.writerow(row)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
