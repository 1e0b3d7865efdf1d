#!/usr/bin/env bash
# Whole processes as a user waits for them, repeated: GDAL's own read of the parcels, launch →
# first picture (the county rasterised while it loads: its few-feature layers, the dense ones
# filling in after), the whole picture, first frame of the county itself and
# its analysis in `planview open` (under Xvfb, llvmpipe), and `planview snapshot`
# 1920×1080 from launch to exit. Prints min and median of each, and the ratios to the read.
# Usage: bench/whole_process.sh COUNTY.gpkg [RUNS=5]   (or a one-layer source: a delivered Shapefile)
# SNAPSHOT_ONLY=1 leaves `planview open` out (a minute a run at 1M parcels).
set -euo pipefail
county=${1:?usage: bench/whole_process.sh COUNTY.gpkg [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
planview=$root/build/app/planview
bench=$root/build/bench/viewer_bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

stats() { # min and median of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { printf "%.2f %.2f\n", v[1], v[int((NR + 1) / 2)] }'
}

: >"$out/read" >"$out/picture" >"$out/whole" >"$out/view" >"$out/frame" >"$out/analysis" >"$out/snapshot" >"$out/snapshot_mb"
for ((i = 1; i <= runs; i++)); do
  # Alternately, so that the machine's drift touches each figure alike.
  # GDAL's read as any GDAL program does it: glibc's malloc as it comes (planview has jemalloc).
  "$bench" --gdal-read "$county" | awk '/GDAL read/ { print $5 / 1000 }' >>"$out/read"
  if [[ -z ${SNAPSHOT_ONLY:-} ]]; then
    xvfb-run -a -s "-screen 0 1920x1080x24" "$planview" open "$county" --timing >"$out/open.txt" 2>/dev/null
    awk '/first picture/ { print $(NF - 3) }' "$out/open.txt" >>"$out/picture"
    awk '/whole picture/ { print $(NF - 3) }' "$out/open.txt" >>"$out/whole"
    awk '/picture of the view/ { print $(NF - 3) }' "$out/open.txt" >>"$out/view"
    awk '/first frame/ { print $3 }' "$out/open.txt" >>"$out/frame"
    awk '/analysis done/ { print $3 }' "$out/open.txt" >>"$out/analysis"
  fi
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$planview" snapshot "$county" --out "$out/s.png" \
    --size 1920x1080 >/dev/null 2>&1
  awk '{ print $1 }' "$out/time.txt" >>"$out/snapshot"
  awk '{ print $2 / 1024 }' "$out/time.txt" >>"$out/snapshot_mb"
done

read -r read_min read_med < <(stats <"$out/read")
read -r snap_min snap_med < <(stats <"$out/snapshot")
read -r mb_min mb_med < <(stats <"$out/snapshot_mb")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "$county, $runs runs each, min / median (s):"
echo "  GDAL read of the parcels            $read_min / $read_med"
if [[ -z ${SNAPSHOT_ONLY:-} ]]; then
  read -r picture_min picture_med < <(stats <"$out/picture")
  read -r whole_min whole_med < <(stats <"$out/whole")
  echo "  open: launch → first picture        $picture_min / $picture_med  ($(ratio "$picture_min" "$read_min")× / $(ratio "$picture_med" "$read_med")× the read)"
  echo "  open: launch → whole picture        $whole_min / $whole_med  ($(ratio "$whole_min" "$read_min")× / $(ratio "$whole_med" "$read_med")× the read)"
  if [[ -s $out/frame ]]; then # meshed
    read -r frame_min frame_med < <(stats <"$out/frame")
    read -r analysis_min analysis_med < <(stats <"$out/analysis")
    echo "  open: launch → first frame          $frame_min / $frame_med  ($(ratio "$frame_min" "$read_min")× / $(ratio "$frame_med" "$read_med")× the read)"
    echo "  open: launch → analysis done        $analysis_min / $analysis_med"
  fi
  if [[ -s $out/view ]]; then # viewed as pictures (over the memory budget, or a city)
    read -r view_min view_med < <(stats <"$out/view")
    echo "  open: launch → picture of the view  $view_min / $view_med  ($(ratio "$view_min" "$read_min")× / $(ratio "$view_med" "$read_med")× the read)"
  fi
fi
echo "  snapshot 1920x1080, launch → exit   $snap_min / $snap_med  ($(ratio "$snap_min" "$read_min")× / $(ratio "$snap_med" "$read_med")× the read), peak $mb_min / $mb_med MB"
