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
# The unit suite under ASan and UBSan, on request (a second full build:
# about 15 min cold at -j1 on a shared 2-core machine, the run itself 4 s).
if [ "${TALLY_TEST_SANITIZE:-0}" = 1 ]; then
  echo "==> unit tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
  cmake -S "$tally_root" -B "$tally_root/build-asan" -G Ninja -DTALLY_SANITIZE=ON -DTALLY_BUILD_TESTS=ON >/dev/null
  cmake --build "$tally_root/build-asan" -j "$(nproc)" --target tally_unit_tests
  "$tally_root/build-asan/tests/tally_unit_tests"
fi
