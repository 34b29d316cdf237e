#!/usr/bin/env bash
# Benchmark: the same work on a SQLite file and on a three-node
# dqlite cluster on loopback (three `tally node start` processes on this
# machine): `receive --scan` of N units into a PO line, and `asset show`
# latency, each on the same data built by the same commands.
#   usage: bash bench/bench_cluster.sh [units] [shows]
# Needs a built tally (build/cli/tally); writes to $BENCH_DIR/cluster
# (default build/bench/cluster); the nodes listen on 127.0.0.1 ports
# $BENCH_PORT+1..+3 (default 29401-29403) and are stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
units="${1:-2000}"
shows="${2:-200}"
dir="${BENCH_DIR:-$root/build/bench}/cluster"
base="${BENCH_PORT:-29400}"
rm -rf "$dir"
mkdir -p "$dir"
export TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z
unset TALLY_DB

now_ms() { date +%s%3N; }

pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_nodes EXIT

start_node() {  # index [join]
  local i="$1" join="${2:-}"
  local args=(node start --data "$dir/node$i" --bind "127.0.0.1:$((base + i))")
  [ -n "$join" ] && args+=(--join "$join")
  "$tally" "${args[@]}" >"$dir/node$i.out" 2>"$dir/node$i.err" &
  pids+=($!)
  for _ in $(seq 300); do
    grep -q " at 127.0.0.1:$((base + i))" "$dir/node$i.out" 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "node $i did not start:" >&2
  cat "$dir/node$i.err" >&2
  exit 1
}

echo "== starting three nodes on 127.0.0.1:$((base + 1))-$((base + 3))"
start_node 1
start_node 2 "127.0.0.1:$((base + 1))"
start_node 3 "127.0.0.1:$((base + 1))"
nodes="127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2)),127.0.0.1:$((base + 3))"
"$tally" node list --cluster "$nodes"

file_db="$dir/bench.db"
cluster_db="dqlite://$nodes/bench"

setup() {
  local db="$1"
  "$tally" --db "$db" init >/dev/null
  "$tally" --db "$db" location add WH1 --name Warehouse --kind warehouse >/dev/null
  "$tally" --db "$db" vendor add Dell >/dev/null
  "$tally" --db "$db" model add Dell R640 --category server --u-height 1 --warranty-months 36 >/dev/null
  "$tally" --db "$db" budget set A-3 2026 999999999 >/dev/null
  "$tally" --db "$db" po create --vendor Dell --team A-3 >/dev/null
  "$tally" --db "$db" po add-line PO-2026-0001 --model "Dell R640" --qty "$units" --unit-cost 1000 >/dev/null
  "$tally" --db "$db" po submit PO-2026-0001 >/dev/null
  # The approver is never the PO's creator or submitter (README, "The approver rule").
  TALLY_ACTOR=bench-approver "$tally" --db "$db" po approve PO-2026-0001 >/dev/null
  "$tally" --db "$db" po order PO-2026-0001 >/dev/null
}

seq -f "SN%08.0f" 1 "$units" >"$dir/serials.txt"
declare -A scan_ms show_ms stored
for kind in file cluster; do
  db="$file_db"
  [ "$kind" = cluster ] && db="$cluster_db"
  echo "== $kind: setting up a PO line of $units units"
  setup "$db"
  echo "== $kind: tally receive --scan ($units codes)"
  start=$(now_ms)
  "$tally" --db "$db" receive PO-2026-0001 --line 1 --location WH1 --scan <"$dir/serials.txt" \
    >"$dir/$kind-scan.out" 2>"$dir/$kind-scan.err"
  scan_ms[$kind]=$(( $(now_ms) - start ))
  stored[$kind]=$("$tally" --db "$db" asset list --format csv | tail -n +2 | wc -l)
  tag=$("$tally" --db "$db" asset list --format csv | sed -n 2p | cut -d, -f1)
  echo "== $kind: tally asset show $tag, $shows times"
  start=$(now_ms)
  for _ in $(seq "$shows"); do "$tally" --db "$db" asset show "$tag" >/dev/null; done
  show_ms[$kind]=$(( $(now_ms) - start ))
done

start=$(now_ms)
for _ in $(seq "$shows"); do "$tally" --version >/dev/null; done
version_ms=$(( $(now_ms) - start ))

awk -v u="$units" -v n="$shows" -v fs="${scan_ms[file]}" -v cs="${scan_ms[cluster]}" \
    -v fa="${show_ms[file]}" -v ca="${show_ms[cluster]}" -v v="$version_ms" \
    -v sf="${stored[file]}" -v sc="${stored[cluster]}" 'BEGIN {
  printf "\n%-36s %14s %14s %8s\n", "operation", "SQLite file", "3-node cluster", "ratio"
  printf "%-36s %12.0f/s %12.0f/s %8.2f\n", "receive --scan (" u " units)", u / (fs / 1000.0), u / (cs / 1000.0), (u / (cs / 1000.0)) / (u / (fs / 1000.0))
  printf "%-36s %11.2f ms %11.2f ms %8.2f\n", "asset show (mean of " n ")", fa / n, ca / n, (ca / n) / (fa / n)
  printf "\nstored units: file %d, cluster %d\n", sf, sc
  printf "where the time goes, per scanned unit: file %.2f ms, cluster %.2f ms: %.2f ms more, the\n", fs / u, cs / u, (cs - fs) / u
  printf "  requests to the leader (one loopback round trip per statement: tally_cluster_tests\n"
  printf "  --gtest_filter=*RoundTrips prints a read and a commit) and the Raft commit that every COMMIT waits\n"
  printf "  for (the leader appends to its log on disk and waits for a majority to have it)\n"
  printf "per asset show: file %.2f ms, cluster %.2f ms (a process start alone, tally --version: %.2f ms);\n", fa / n, ca / n, v / n
  printf "  the difference is connecting (TCP, handshake, LEADER, CLIENT, OPEN) and one round trip per statement\n"
}'

# --- where a cluster receive's time goes ---------------------------------------
# PROFILE_UNITS more units (default 200, at most the line's quantity; 0 skips)
# scanned into a second cluster database under strace: every request Tally
# sends to the leader (one sendto each; the fifth byte of dqlite's header is
# the request type; an EXEC names its statement by the id the answer to its
# PREPARE gave, so it is shown with the first words of that statement's SQL)
# and the wall time it then waited in recvfrom for the answer. strace slows the
# client's own work, not the nodes', so the waits are the leader's.
profile_units="${PROFILE_UNITS:-200}"
if [ "$profile_units" -gt 0 ] && command -v strace >/dev/null; then
  [ "$profile_units" -le "$units" ] || profile_units="$units"
  profile_db="dqlite://$nodes/profile"
  echo
  echo "== cluster: where the time goes: $profile_units units under strace"
  setup "$profile_db"
  head -n "$profile_units" "$dir/serials.txt" | sed 's/^SN/PR/' >"$dir/profile-serials.txt"
  start=$(now_ms)
  strace -o "$dir/profile.strace" -T -xx -s 96 -e trace=sendto,recvfrom \
    "$tally" --db "$profile_db" receive PO-2026-0001 --line 1 --location WH1 --scan \
    <"$dir/profile-serials.txt" >/dev/null
  profile_ms=$(( $(now_ms) - start ))
  awk -v u="$profile_units" -v wall="$profile_ms" '
    BEGIN {
      split("LEADER CLIENT HEARTBEAT OPEN PREPARE EXEC QUERY FINALIZE EXEC_SQL QUERY_SQL INTERRUPT", names, " ")
      for (i = 0; i < 256; i++) hex[sprintf("%02x", i)] = i
    }
    # The bytes of strace -xx output ("\x04\x00...") from the first quote on.
    function bytes(line, out,   s, n, i) {
      s = substr(line, index(line, "\"") + 1)
      s = substr(s, 1, index(s, "\"") - 1)
      n = split(s, parts, "\\\\x")
      for (i = 2; i <= n; i++) out[i - 2] = hex[substr(parts[i], 1, 2)]
      return n - 1
    }
    # A little-endian 32-bit word at byte `at`, and the NUL-ended text from byte 16 (after the
    # header and the 8-byte database id of PREPARE and EXEC_SQL).
    function u32(b, at) { return b[at] + 256 * b[at + 1] + 65536 * b[at + 2] + 16777216 * b[at + 3] }
    function text_of(b, n,   text, i) {
      for (i = 16; i < n && b[i] != 0; i++) text = text sprintf("%c", b[i])
      return text
    }
    /^sendto/ {
      n = bytes($0, b)
      type = b[4]
      name = (type + 1 in names) ? names[type + 1] : "type " type
      if (type == 8) {  # EXEC_SQL: database id (8 bytes), then the text
        text = text_of(b, n)
        name = name " " (text ~ /^COMMIT/ ? "COMMIT" : text ~ /^BEGIN/ ? "BEGIN" : text ~ /^ROLLBACK/ ? "ROLLBACK" : "other")
      }
      if (type == 4) {  # PREPARE: database id (8 bytes), then the text; the answer names the statement
        preparing = text_of(b, n)
      }
      if (type == 5 || type == 6) {  # EXEC, QUERY: database id and statement id (4 bytes each)
        id = u32(b, 12)
        name = name " " ((id in sql) ? sql[id] : "#" id)
      }
      current = name
      count[name]++
      requests++
      next
    }
    /^recvfrom/ && current != "" {
      if (match($0, /<[0-9.]+>$/)) waited[current] += substr($0, RSTART + 1, RLENGTH - 2) * 1000
      # The body of the answer to PREPARE (STMT): database id, statement id (4 bytes each), parameters.
      if (current == "PREPARE" && preparing != "" && $0 ~ /, 16, 0,/ && bytes($0, r) == 16) {
        split(preparing, words, /[ (]+/)
        sql[u32(r, 4)] = words[1] " " words[2] " " words[3]
        preparing = ""
      }
    }
    END {
      printf "%-40s %9s %13s %12s %7s\n", "request", "per unit", "mean wait ms", "ms per unit", "share"
      for (name in count) {
        # Sorted by the wait per unit, the key cut off again.
        printf "%012.3f\t%-40s %9.2f %13.3f %12.3f %6.1f%%\n", waited[name] / u, name, count[name] / u, waited[name] / count[name], waited[name] / u, 100 * waited[name] / wall | "sort -r | cut -f 2-"
        total += waited[name]
      }
      close("sort -r | cut -f 2-")
      printf "%d requests, %.1f per unit; waiting for the leader %.2f ms of the %.2f ms per unit under strace (%.0f%%)\n", requests, requests / u, total / u, wall / u, 100 * total / wall
    }' "$dir/profile.strace"
fi
