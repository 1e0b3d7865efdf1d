#!/usr/bin/env bash
# Benchmarks the check of a city of sample counties (planview sample --counties), end to end,
# with the local engine and through PostGIS (planview load of every county into its schema of a
# private PostgreSQL, then planview check of the counties' connections: the check runs inside
# PostGIS), and compares every parcel's figures between the two.
# Usage (as root, after scripts/setup.sh): bash bench/city_bench.sh COUNTIES PARCELS_EACH [MORE PAIRS...]
#   e.g. bash bench/city_bench.sh 4 25000 4 250000
# Prints one markdown table row per city; bench/README.md records the figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
planview="$root/build/app/planview"
work="${PLANVIEW_BENCH_DIR:-/tmp/planview-bench}"
port=55433
(($# >= 2 && $# % 2 == 0)) || { echo "usage: bash bench/city_bench.sh COUNTIES PARCELS_EACH [...]" >&2; exit 2; }
for p in postgresql-15-postgis-3 time bc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
[ -x "$planview" ] || { echo "bench: build first (bash scripts/setup.sh)" >&2; exit 1; }
mkdir -p "$work"
source "$here/bench_postgres.sh"
database="PG:host=127.0.0.1 port=$port user=postgres dbname=citybench"

echo "| counties × parcels | local check s | peak MB | PostGIS load s | PostGIS check s | PostGIS ÷ local (check) | (load + check) | largest difference |"
echo "|---|---|---|---|---|---|---|---|"
while (($#)); do
  counties=$1 each=$2
  shift 2
  city="$work/city-${counties}x$each"
  [ -f "$city/wuyi/wuyi.gpkg" ] ||
    "$planview" sample --out "$city" --counties "$counties" --parcels "$each" --quiet >/dev/null

  rm -rf "$work/city-local" "$work/city-postgis"
  timed "$planview" check "$city" --out "$work/city-local" --quiet
  local_s=$secs local_mb=$peak_mb

  psql_ -d postgres -c "DROP DATABASE IF EXISTS citybench" -c "CREATE DATABASE citybench"
  start=$(date +%s.%N)
  connections=()
  for gpkg in "$city"/*/*.gpkg; do
    stem=$(basename "$gpkg" .gpkg)
    "$planview" load "$gpkg" "$database" --schema "$stem" --quiet >/dev/null
    connections+=("$database schemas=$stem")
  done
  load_s=$(echo "$(date +%s.%N) - $start" | bc -l)
  timed "$planview" check "${connections[@]}" --out "$work/city-postgis" --quiet
  postgis_s=$secs

  worst=0
  for result in "$work/city-local"/*.csv; do
    stem=$(basename "$result" .csv)
    [ "$stem" = city_summary ] && continue
    diff=$(/usr/bin/python3 "$here/compare_results.py" "$result" "$work/city-postgis/$stem.csv")
    diff=${diff#max_diff_m2=}
    diff=${diff%% *}
    worst=$(echo "if ($diff > $worst) $diff else $worst" | bc -l)
  done
  printf "| %s × %s | %s | %s | %.1f | %s | %.1f× | %.1f× | %.6f m² |\n" "$counties" "$each" "$local_s" "$local_mb" \
    "$load_s" "$postgis_s" "$(echo "$postgis_s / $local_s" | bc -l)" "$(echo "($load_s + $postgis_s) / $local_s" | bc -l)" \
    "$worst"
done
