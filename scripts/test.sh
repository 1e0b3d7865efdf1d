#!/usr/bin/env bash
# The README's second command: the same set-up as scripts/run.sh, then every test through
# ctest (GUI tests run under xvfb-run, which the set-up installs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$here/build"

bash "$here/scripts/setup.sh" "$build"
cd "$build"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" || { echo "test: some tests failed (see above)" >&2; exit 1; }
