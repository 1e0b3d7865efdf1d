#!/usr/bin/env bash
# Installs every Debian 12 package PlanView needs (build, run, test), then configures and
# builds in Release. Idempotent: packages already present are skipped, the build is incremental.
# Usage: scripts/setup.sh [BUILD_DIR]   (default: build)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-$here/build}"

fail() { echo "setup: $*" >&2; exit 1; }

packages=(
  # toolchain
  g++ cmake make pkg-config git
  # GIS core
  libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev libspatialite7 libtomlplusplus-dev
  # the allocator (app/allocator.cpp)
  libjemalloc-dev
  # UI and 3D
  qt6-base-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  qt6-charts-dev libopenscenegraph-dev libopenscenegraph161
  libgl1-mesa-dri libegl-mesa0 libegl-dev libgles-dev
  fonts-wqy-microhei
  # tests and the format check
  libgtest-dev xvfb xauth clang-format
  # a team's review database (the tests start a private server on 127.0.0.1)
  postgresql-15 postgresql-15-postgis-3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || fail "missing packages (${missing[*]}); run as root or install them with apt-get"
  echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install failed for: ${missing[*]}"
fi

jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release --log-level=WARNING \
  || fail "cmake configure failed (see output above)"
cmake --build "$build_dir" -j "$jobs" || fail "build failed (see output above)"
echo "setup: built into $build_dir"
