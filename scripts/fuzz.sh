#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++ (only tally_core and fuzz/, not the
# CLI; tests are configured so that scripts/test.sh can build the unit suite
# here, under the same sanitizers) and runs each for a few seconds on its corpus in tests/fuzz/<target>/.
#   usage: bash scripts/fuzz.sh [seconds per target, default 5]
# A longer run: bash scripts/fuzz.sh 600
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TALLY_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-5}"
targets=(fuzz_codes fuzz_date fuzz_amount fuzz_encoding fuzz_units fuzz_csv fuzz_filter fuzz_json_import fuzz_text fuzz_render)
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
echo "==> building the fuzz targets in $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTALLY_FUZZ=ON -DTALLY_BUILD_TESTS=ON "${launcher[@]}" >/dev/null
cmake --build "$build" -j "${TALLY_JOBS:-$(nproc)}" --target "${targets[@]}"
for target in "${targets[@]}"; do
  corpus="$root/tests/fuzz/$target"
  work="$build/corpus/$target"
  mkdir -p "$work"
  echo "==> $target for ${seconds}s"
  # Seeds and regression inputs from tests/ are run first; new finds go to $work.
  "$build/fuzz/$target" -max_total_time="$seconds" -print_final_stats=0 \
    -artifact_prefix="$build/$target-" "$work" "$corpus" 2>&1 | tail -n 2
done
