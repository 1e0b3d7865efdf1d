#!/usr/bin/python3
"""Largest per-parcel difference (m²) between two check CSVs keyed by parcel_id, over the
columns area_m2, farmland_m2, redline_m2, outside_ucb_m2. Usage: compare_results.py A.csv B.csv"""
import csv
import sys

COLUMNS = ("area_m2", "farmland_m2", "redline_m2", "outside_ucb_m2")


def load(path):
    with open(path, newline="") as f:
        return {row["parcel_id"]: [float(row[c]) for c in COLUMNS] for row in csv.DictReader(f)}


a, b = load(sys.argv[1]), load(sys.argv[2])
if a.keys() != b.keys():
    sys.exit(f"different parcels: {len(a)} vs {len(b)}")
worst = max(abs(x - y) for k in a for x, y in zip(a[k], b[k]))
over = sum(1 for k in a if any(abs(x - y) > 0.01 for x, y in zip(a[k], b[k])))
print(f"max_diff_m2={worst:.6f} parcels_over_0.01m2={over}")
