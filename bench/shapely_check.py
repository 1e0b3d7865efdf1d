#!/usr/bin/python3
"""The compliance check done the way a careful Python user would: Debian's shapely 1.8 with
an STRtree and prepared geometries over the overlay features as they are (no union of the
layer), reading the GeoPackage with sqlite3. Overlapping patches still count once: where
several meet one parcel, the area of the union of their pieces inside the parcel is taken.
A benchmark peer for `planview check`, not part of PlanView. Usage: shapely_check.py COUNTY.gpkg OUT.csv"""
import csv
import sqlite3
import struct
import sys

from shapely import wkb
from shapely.ops import unary_union
from shapely.prepared import prep
from shapely.strtree import STRtree
from shapely.validation import make_valid
from shapely.geometry import MultiPolygon, Polygon, GeometryCollection


def gpkg_geometry(blob):
    # GeoPackage binary: 8-byte header, then an envelope whose size the flags give, then WKB.
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    return wkb.loads(bytes(blob[8 + envelope:]))


def polygonal(g):
    if isinstance(g, (Polygon, MultiPolygon)):
        return g
    if isinstance(g, GeometryCollection):
        return MultiPolygon([p for part in g.geoms for p in (part.geoms if isinstance(part, MultiPolygon) else [part])
                             if isinstance(p, Polygon)])
    return MultiPolygon()


def valid(g):
    return g if g.is_valid else polygonal(make_valid(g))


def overlay(db, table):
    parts = [valid(gpkg_geometry(row[0])) for row in db.execute(f"SELECT geom FROM {table}")]
    parts = [p for p in parts if not p.is_empty]
    return STRtree(parts), {id(p): prep(p) for p in parts}


def overlap(tree, prepared, g):
    pieces = []
    for part in tree.query(g):
        p = prepared[id(part)]
        if not p.intersects(g):
            continue
        if p.covers(g):
            return g.area
        pieces.append(g.intersection(part))
    if not pieces:
        return 0.0
    return pieces[0].area if len(pieces) == 1 else unary_union(pieces).area


def main():
    db = sqlite3.connect(sys.argv[1])
    layers = {name: overlay(db, name) for name in ("farmland", "eco_redline", "urban_boundary")}
    rows = []
    for parcel_id, blob in db.execute("SELECT parcel_id, geom FROM parcels"):
        g = valid(gpkg_geometry(blob))
        a = g.area
        rows.append((parcel_id, a, overlap(*layers["farmland"], g), overlap(*layers["eco_redline"], g),
                     max(0.0, a - overlap(*layers["urban_boundary"], g))))
    rows.sort()
    with open(sys.argv[2], "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["parcel_id", "area_m2", "farmland_m2", "redline_m2", "outside_ucb_m2"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
