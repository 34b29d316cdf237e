#!/usr/bin/env bash
# Runs every bench/bench_*.sh and prints their figures as one table:
# benchmark, operation, tally, sqlite3, ratio (shell time / tally time).
#   usage: bash bench/run_all.sh
# Each script keeps its own default sizes; their setup lines go to
# $BENCH_DIR/<name>.log (default build/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
dir="${BENCH_DIR:-$root/../build/bench}"
mkdir -p "$dir"
printf '%-10s %-60s %12s %12s %8s\n' benchmark operation tally sqlite3 ratio
for script in "$root"/bench_*.sh; do
  name=$(basename "$script" .sh)
  name=${name#bench_}
  if ! bash "$script" > "$dir/$name.log" 2>&1; then
    printf '%-10s %s\n' "$name" "FAILED (see $dir/$name.log)"
    continue
  fi
  # Each script prints a header line "operation ... tally sqlite3 ratio",
  # then one line per operation, then "(ratio = ...)".
  awk -v name="$name" '
    # One figure ending at field k: "123 ms", "456 /s" or "456/s"; sets k before it.
    function figure(   v) {
      if ($k == "ms" || $k == "/s") { v = $(k - 1) " " $k; k -= 2 } else { v = $k; k -= 1 }
      return v
    }
    /^\(ratio/ { on = 0 }
    on && NF >= 4 {
      k = NF - 1; s = figure(); t = figure()
      op = $1; for (i = 2; i <= k; i++) op = op " " $i
      printf "%-10s %-60s %12s %12s %8s\n", name, op, t, s, $NF
    }
    /tally +sqlite3 +ratio/ { on = 1 }' "$dir/$name.log"
done
