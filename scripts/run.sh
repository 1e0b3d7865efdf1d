#!/usr/bin/env bash
# The README's first command: installs what is missing, builds in Release, makes the sample
# county if it is not there yet, and runs the main job on it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$here/build"
sample="$build/sample"

bash "$here/scripts/setup.sh" "$build"
if [ ! -f "$sample/wuyi.gpkg" ] || [ ! -f "$sample/wuyi_dem.tif" ]; then
  "$build/app/planview" sample --out "$sample" || { echo "run: could not make the sample county" >&2; exit 1; }
fi
exec "$build/app/planview" info "$sample/wuyi.gpkg"
