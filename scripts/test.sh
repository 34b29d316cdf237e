#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test.
#   usage: bash scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages
ensure_npm_packages
build
echo "==> running the tests"
cd "$tally_build"
ctest --output-on-failure -j "$(nproc)" --timeout 300
# The fuzz targets, a few seconds each, and the whole unit suite under
# AddressSanitizer and UndefinedBehaviorSanitizer (README, "Doctor, crash
# safety, concurrency and fuzzing"); ensure_packages installed clang. Both use
# the fuzz build, whose tally_core is compiled with the sanitizers once for both.
echo "==> fuzzing (scripts/fuzz.sh, 5 s per target)"
bash "$tally_root/scripts/fuzz.sh" 5
fuzz_build="${TALLY_FUZZ_BUILD_DIR:-$tally_root/build-fuzz}"
echo "==> unit tests under AddressSanitizer and UndefinedBehaviorSanitizer ($fuzz_build)"
cmake --build "$fuzz_build" -j "$(nproc)" --target tally_unit_tests
"$fuzz_build/tests/tally_unit_tests"
