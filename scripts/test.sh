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
