#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test.
#   usage: bash scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages
build
echo "==> running the tests"
cd "$tally_build"
ctest --output-on-failure -j "$(nproc)" --timeout 300
# The fuzz targets, a few seconds each, when clang++ is there (README,
# "Doctor, crash safety, concurrency and fuzzing").
if command -v clang++ >/dev/null; then
  echo "==> fuzzing (scripts/fuzz.sh, 5 s per target)"
  bash "$tally_root/scripts/fuzz.sh" 5
fi
