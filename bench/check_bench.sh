#!/usr/bin/env bash
# Benchmarks `planview check` against PostGIS (load + one-statement check), shapely (STRtree +
# prepared geometries) and, at the smallest size, GDAL's SQLite/SpatiaLite dialect, on the same
# generated county in the same run, and checks that every engine's figures agree.
# Usage (as root, after scripts/setup.sh): bash bench/check_bench.sh [SIZES...]   default: 10000 100000 1000000
# Prints one markdown table row per size; bench/README.md records the figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
planview="$root/build/app/planview"
work="${PLANVIEW_BENCH_DIR:-/tmp/planview-bench}"
port=55432
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)

need=()
for p in postgresql-15-postgis-3 python3-shapely time bc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -x "$planview" ] || { echo "bench: build first (bash scripts/setup.sh)" >&2; exit 1; }
mkdir -p "$work"

source "$here/bench_postgres.sh"

echo "| parcels | planview check s | peak MB | PostGIS load s | PostGIS check s | PostGIS total s | ratio | shapely s | ratio | SQLite s | max diff m² |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  data="$work/county-$n"
  [ -f "$data/wuyi.gpkg" ] || "$planview" sample --out "$data" --parcels "$n" --quiet >/dev/null
  gpkg="$data/wuyi.gpkg"

  # --zones none: the peers do not measure the three zones either (the sample has them since 2026-12-05).
  timed "$planview" check "$gpkg" --out "$work/planview-$n.csv" --quiet --zones none
  planview_s=$secs planview_mb=$peak_mb

  psql_ -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
  psql_ -d bench -c "CREATE EXTENSION postgis"
  timed ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$port user=postgres dbname=bench" "$gpkg" \
    parcels farmland eco_redline urban_boundary -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST --config PG_USE_COPY YES
  load_s=$secs
  timed psql -q -X -h 127.0.0.1 -p $port -U postgres -d bench -v ON_ERROR_STOP=1 -f "$here/postgis_check.sql"
  query_s=$secs
  psql_ -d bench -c "\\copy (SELECT * FROM check_result ORDER BY parcel_id) TO '$work/postgis-$n.csv' CSV HEADER"
  postgis_total=$(echo "$load_s + $query_s" | bc -l)

  timed /usr/bin/python3 "$here/shapely_check.py" "$gpkg" "$work/shapely-$n.csv"
  shapely_s=$secs

  sqlite_s="-"
  if [ "$n" -le 10000 ]; then
    timed ogr2ogr -f CSV "$work/sqlite-$n.csv" "$gpkg" -dialect SQLite -sql @"$here/sqlite_check.sql"
    sqlite_s=$secs
  fi

  diff_pg=$(/usr/bin/python3 "$here/compare_results.py" "$work/planview-$n.csv" "$work/postgis-$n.csv")
  diff_sh=$(/usr/bin/python3 "$here/compare_results.py" "$work/planview-$n.csv" "$work/shapely-$n.csv")
  printf "| %s | %s | %s | %s | %s | %.1f | %.1f× | %s | %.1f× | %s | PostGIS %s; shapely %s |\n" \
    "$n" "$planview_s" "$planview_mb" "$load_s" "$query_s" "$postgis_total" \
    "$(echo "$postgis_total / $planview_s" | bc -l)" "$shapely_s" "$(echo "$shapely_s / $planview_s" | bc -l)" \
    "$sqlite_s" "${diff_pg#max_diff_m2=}" "${diff_sh#max_diff_m2=}"
done
