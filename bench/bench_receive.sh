#!/usr/bin/env bash
# Benchmark: receive 10,000 serials in one `tally receive --scan`
# session into a database that already holds 1,000,000 assets, against the
# sqlite3 shell doing the same raw work (per unit, one transaction writing a
# receipt, an asset and an event, with the same schema and indexes) on a copy
# of the same database.
#   usage: bash bench/bench_receive.sh [existing_assets] [units]
# Needs a built tally (bash scripts/test.sh, or build/cli/tally); writes to
# $BENCH_DIR (default build/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
existing="${1:-1000000}"
units="${2:-10000}"
dir="${BENCH_DIR:-$root/build/bench}"
mkdir -p "$dir"
db="$dir/receive.db"
shell_db="$dir/receive-shell.db"
rm -f "$db"* "$shell_db"*
export TALLY_DB="$db" TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z

now_ms() { date +%s%3N; }

echo "== setting up: $existing existing assets, a PO line of $units units"
"$tally" init >/dev/null
"$tally" location add WH1 --name Warehouse --kind warehouse >/dev/null
"$tally" vendor add Dell >/dev/null
"$tally" model add Dell R640 --category server --u-height 1 --warranty-months 36 >/dev/null
"$tally" budget set A-3 2026 999999999 >/dev/null
"$tally" po create --vendor Dell --team A-3 >/dev/null
"$tally" po add-line PO-2026-0001 --model "Dell R640" --qty "$units" --unit-cost 1000 >/dev/null
"$tally" po submit PO-2026-0001 >/dev/null
# Another actor approves: nobody approves a PO they created or submitted.
"$tally" po approve PO-2026-0001 --actor bench-approver >/dev/null
"$tally" po order PO-2026-0001 >/dev/null
# The existing estate, written directly (the library path is measured below).
sqlite3 "$db" <<SQL
INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, cost_minor,
                   currency, received_on, warranty_ends, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $existing)
SELECT 'OLD-' || i, 'OLDSN' || i, 1, 1, 'in_stock', 1, (SELECT id FROM team WHERE code = 'A-3'), 100000, 'USD',
       '2025-01-01', '2028-01-01', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;
SQL
seq -f "NEWSN%08.0f" 1 "$units" > "$dir/serials.txt"
cp "$db" "$shell_db"

# The shell's script: the same rows Tally writes for one unit, one transaction each.
awk -v now="2026-11-27T09:15:00Z" '{
  printf "BEGIN IMMEDIATE;\n"
  printf "INSERT INTO receipt (po_line_id, quantity, received_at, received_by, location_id) VALUES (1, 1, %c%s%c, %cbench%c, 1);\n", 39, now, 39, 39, 39
  printf "INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, po_line_id, cost_minor, currency, received_on, warranty_ends, created_at, updated_at) VALUES (%cSH-%d%c, %c%s%c, 1, 1, %cin_stock%c, 1, 3, 1, 100000, %cUSD%c, %c2026-11-27%c, %c2029-11-27%c, %c%s%c, %c%s%c);\n", 39, NR, 39, 39, $1, 39, 39, 39, 39, 39, 39, 39, 39, 39, 39, now, 39, 39, now, 39
  printf "INSERT INTO event (at, actor, action, entity, entity_key, after) VALUES (%c%s%c, %cbench%c, %creceive%c, %casset%c, %cSH-%d%c, json_object(%cserial%c, %c%s%c));\n", 39, now, 39, 39, 39, 39, 39, 39, 39, 39, NR, 39, 39, 39, 39, $1, 39
  printf "COMMIT;\n"
}' "$dir/serials.txt" > "$dir/shell.sql"

echo "== tally receive --scan ($units codes)"
start=$(now_ms)
"$tally" receive PO-2026-0001 --line 1 --location WH1 --scan < "$dir/serials.txt" > "$dir/tally.out" 2>"$dir/tally.err"
tally_ms=$(( $(now_ms) - start ))
answered=$(wc -l < "$dir/tally.out")

echo "== sqlite3 shell, same rows, one transaction per unit"
start=$(now_ms)
sqlite3 -cmd "PRAGMA synchronous = NORMAL" -cmd "PRAGMA foreign_keys = ON" "$shell_db" ".read $dir/shell.sql" >/dev/null
shell_ms=$(( $(now_ms) - start ))
stored=$(sqlite3 "$db" "SELECT count(*) FROM asset WHERE po_line_id IS NOT NULL")

awk -v u="$units" -v a="$answered" -v s="$stored" -v t="$tally_ms" -v h="$shell_ms" -v e="$existing" 'BEGIN {
  tr = u / (t / 1000.0); hr = u / (h / 1000.0)
  printf "\n%-44s %12s %12s %8s\n", "operation", "tally", "sqlite3", "ratio"
  printf "%-44s %9.0f/s %9.0f/s %8.2f\n", "receive " u " scans into " e " assets", tr, hr, tr / hr
  printf "(tally answered %d lines, stored %d units; %d ms vs %d ms)\n", a, s, t, h
}'
