#!/usr/bin/env bash
# The README's first command: installs what is missing, builds in Release, makes the sample
# county if it is not there yet, and opens the viewer on it. With no display it renders the
# sample county's briefing image instead and says where it is.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$here/build"
sample="$build/sample"
planview="$build/app/planview"

bash "$here/scripts/setup.sh" "$build"
if [ ! -f "$sample/wuyi.gpkg" ] || [ ! -f "$sample/wuyi_dem.tif" ]; then
  "$planview" sample --out "$sample" --quiet || { echo "run: could not make the sample county" >&2; exit 1; }
fi
if ! problem=$("$planview" info "$sample/wuyi.gpkg" 2>&1 >/dev/null); then
  echo "$problem" >&2
  echo "run: the sample county does not read back" >&2
  exit 1
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$planview" open "$sample/wuyi.gpkg" --dem "$sample/wuyi_dem.tif"
fi
image="$sample/briefing.png"
# EGL renders with no X server at all; Xvfb (installed by the set-up) is the fallback.
"$planview" snapshot "$sample/wuyi.gpkg" --out "$image" --targets "$sample/targets.toml" >/dev/null 2>&1 \
  || xvfb-run -a -s "-screen 0 1920x1080x24" "$planview" snapshot "$sample/wuyi.gpkg" --out "$image" \
       --targets "$sample/targets.toml" >/dev/null \
  || { echo "run: could not render the sample county" >&2; exit 1; }
echo "run: no display here, so the sample county was rendered to $image"
