#!/usr/bin/env bash
# Benchmark: `tally serve` on loopback against the same work done
# in-process through the library. GET of one asset by tag (what `asset show`
# prints) and a scan-receive POST (one line of `receive --scan`), each at 1, 8
# and 32 concurrent clients for SECONDS each (bounded: at most 200,000
# requests per client), printing requests/s and p50/p99 latency side by side
# and the ratio HTTP / in-process.
#   usage: bash bench/bench_serve.sh [--scale F] [--seconds S]
# --scale is tally_generate's (default 0.01 = 10,000 assets; 1 = 1,000,000).
# Builds tally, tally_generate and tally_serve_load in Release in
# $BENCH_BUILD (default build-bench; an existing tree keeps its build type);
# data in $BENCH_DIR (default $BENCH_BUILD/data).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scale=0.01
seconds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: bash bench/bench_serve.sh [--scale F] [--seconds S]" >&2; exit 2 ;;
  esac
done
build="${BENCH_BUILD:-$root/build-bench}"
dir="${BENCH_DIR:-$build/data}"
mkdir -p "$dir"

if [ -f "$build/CMakeCache.txt" ]; then
  # An existing tree (BENCH_BUILD=build, say) keeps its build type; only the bench targets are added.
  echo "== building in $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"))"
  cmake -S "$root" -B "$build" -DTALLY_BUILD_BENCH=ON >/dev/null
else
  echo "== building (Release, $build)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_BENCH=ON \
    ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
fi
cmake --build "$build" --target tally tally_generate tally_serve_load >/dev/null
tally="$build/cli/tally"
load="$build/bench/tally_serve_load"

# The generated estate is kept (generating scale 1 takes minutes) and copied
# afresh for each run, which then adds its PO, user and scans to the copy.
generated="$dir/generated-scale-$scale.db"
db="$dir/serve-scale-$scale.db"
if [ ! -f "$generated" ]; then
  echo "== generating the database (tally_generate --scale $scale)"
  rm -f "$generated.tmp"
  TALLY_NOW=2026-11-27T09:15:00Z "$build/bench/tally_generate" --db "$generated.tmp" --scale "$scale" --seed 1 >/dev/null
  mv "$generated.tmp" "$generated"
else
  echo "== reusing $generated"
fi
rm -f "$db" "$db-wal" "$db-shm"
cp "$generated" "$db"
export TALLY_DB="$db" TALLY_NOW=2026-11-27T09:15:00Z TALLY_ACTOR=bench
assets=$(sqlite3 "$db" "SELECT count(*) FROM asset")
tag=$(sqlite3 "$db" "SELECT tag FROM asset ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM asset)")
location=$(sqlite3 "$db" "SELECT code FROM location ORDER BY id LIMIT 1")
read -r vendor model < <(sqlite3 -separator ' ' "$db" \
  "SELECT v.name, m.name FROM model m JOIN vendor v ON v.id = m.manufacturer_id WHERE m.serialized = 1 ORDER BY m.id LIMIT 1" 2>/dev/null ||
  sqlite3 -separator ' ' "$db" "SELECT v.name, m.name FROM model m JOIN vendor v ON v.id = m.manufacturer_id ORDER BY m.id LIMIT 1")

echo "== a PO line of 10,000,000 units to scan into, a user and a token"
"$tally" budget set A-3 2026 999999999.00 >/dev/null
po=$("$tally" po create --vendor "$vendor" --team A-3 --number PO-2026-9999 --format json | grep -o '"number": *"[^"]*"' | cut -d'"' -f4)
"$tally" po add-line "$po" --model "$vendor $model" --qty 10000000 --unit-cost 0.01 >/dev/null
"$tally" po submit "$po" >/dev/null
TALLY_ACTOR=bench-approver "$tally" po approve "$po" >/dev/null
"$tally" po order "$po" >/dev/null
printf '%s\n' "bench password 123" | "$tally" user add bench --role admin --password-stdin >/dev/null
token=$("$tally" token create bench --label bench --format json | grep -o '"secret": *"[^"]*"' | cut -d'"' -f4)

"$tally" serve --listen 127.0.0.1:0 --threads 32 > "$dir/serve.out" 2> "$dir/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$dir/serve.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start: $(cat "$dir/serve.err")" >&2; exit 1; }

echo "== $assets assets; GET /api/v1/assets/$tag and POST /api/v1/pos/$po/lines/1/receive, ${seconds}s per cell"
printf '\n%-22s %7s | %10s %8s %8s | %10s %8s %8s | %6s\n' operation clients "http req/s" "p50 ms" "p99 ms" \
  "lib req/s" "p50 ms" "p99 ms" ratio
for op in get scan; do
  for clients in 1 8 32; do
    common=(--op "$op" --clients "$clients" --seconds "$seconds" --requests 200000 --tag "$tag" --po "$po" --line 1
            --location "$location")
    read -r _ _ _ hr hp50 hp99 < <("$load" --via http --port "$port" --token "$token" --prefix "H$clients-" "${common[@]}")
    read -r _ _ _ lr lp50 lp99 < <("$load" --via lib --db "$db" --prefix "L$clients-" "${common[@]}")
    name="GET asset by tag"
    [ "$op" = scan ] && name="scan-receive POST"
    awk -v n="$name" -v c="$clients" -v hr="$hr" -v h5="$hp50" -v h9="$hp99" -v lr="$lr" -v l5="$lp50" -v l9="$lp99" \
      'BEGIN { printf "%-22s %7d | %10.0f %8.2f %8.2f | %10.0f %8.2f %8.2f | %6.2f\n", n, c, hr, h5, h9, lr, l5, l9, (lr > 0 ? hr / lr : 0) }'
  done
done
echo
echo "(ratio = HTTP requests/s / in-process requests/s; the in-process side makes the same core calls as the"
echo " handlers, one connection per client thread; scale $scale, $assets assets; server --threads 32)"
