#!/usr/bin/env bash
# The README's second command: the same set-up as scripts/run.sh, then every test through
# ctest (GUI tests run under xvfb-run, which the set-up installs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$here/build"

bash "$here/scripts/setup.sh" "$build"
# The code is clang-formatted (.clang-format at the root); a change that is not fails here.
if command -v git >/dev/null && git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$here" && git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror) \
    || { echo "test: clang-format would change the files above (run clang-format -i on them)" >&2; exit 1; }
fi
cd "$build"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" || { echo "test: some tests failed (see above)" >&2; exit 1; }
