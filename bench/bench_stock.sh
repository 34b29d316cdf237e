#!/usr/bin/env bash
# Benchmark: bulk stock over 10,000 models x 500 locations with
# 5,000,000 ledger rows. Times whole `tally` processes against the sqlite3
# shell computing the same from the ledger with a naive GROUP BY on the same
# database:
#   * `tally stock show MODEL --format json`: one model's on-hand per location,
#     rolled up the location tree (the shell sums the model's movements per
#     location and rolls them up with a recursive CTE);
#   * `tally stock list --below-reorder --format csv`: every (model, location)
#     at or below its reorder point (the shell sums the whole ledger per
#     (model, location) and compares with the reorder points).
# Each command runs 3 times; the best time counts. The ratio is the shell's
# time over Tally's: above 1, Tally is faster.
#   usage: bash bench/bench_stock.sh [models] [locations_per_model] [rows_per_pair]
# Defaults: 10,000 models, each held at 20 of the 500 locations, 25 ledger
# rows per (model, location): 200,000 stock levels, 5,000,000 ledger rows.
# Needs a built tally (bash scripts/test.sh, or build/cli/tally); writes to
# $BENCH_DIR (default build/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
models="${1:-10000}"
per_model="${2:-20}"
per_pair="${3:-25}"
dir="${BENCH_DIR:-$root/build/bench}"
mkdir -p "$dir"
db="$dir/stock.db"
rm -f "$db"*
export TALLY_DB="$db" TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z

now_ms() { date +%s%3N; }

echo "== setting up: $models models x 500 locations, $((models * per_model * per_pair)) ledger rows"
setup_start=$(now_ms)
"$tally" init >/dev/null
"$tally" vendor add FS.com --manufacturer >/dev/null
# The estate, written with SQL through the shell; the ledger rows go through
# the schema's trigger, which keeps stock_level (and refuses negative stock).
# Locations: 5 sites > 9 rooms each > 10 bins each = 500. Model m is held at
# 20 locations spread over the tree; per (model, location) the ledger
# alternates receipts of 10 with issues of 1..7, so on hand never drops
# below zero. One pair in ten has a reorder point between 0 and 99.
sqlite3 "$db" >/dev/null <<SQL
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN;
INSERT INTO model (manufacturer_id, name, category, serialized)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $models)
SELECT 1, printf('PART-%05d', i), CASE i % 3 WHEN 0 THEN 'optic' WHEN 1 THEN 'cable' ELSE 'component' END, 0 FROM n;
INSERT INTO location (id, code, name, kind, parent_id)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
SELECT i, 'S' || i, 'Site ' || i, 'site', NULL FROM n;
INSERT INTO location (id, code, name, kind, parent_id)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 44)
SELECT 6 + i, 'S' || (i / 9 + 1) || '-R' || (i % 9 + 1), 'Room', 'room', i / 9 + 1 FROM n;
INSERT INTO location (id, code, name, kind, parent_id)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 449)
SELECT 51 + i, (SELECT code FROM location WHERE id = 6 + i / 10) || '-B' || (i % 10 + 1), 'Bin', 'bin', 6 + i / 10 FROM n;
COMMIT;
BEGIN;
INSERT INTO stock_movement (model_id, location_id, delta, kind, reason, at, actor)
WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < $models),
j(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM j WHERE j < $per_model - 1),
k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k < $per_pair - 1)
SELECT m.i, (m.i * 37 + j.j * 25) % 500 + 1,
       CASE WHEN k.k % 2 = 0 THEN 10 ELSE -(k.k % 7 + 1) END,
       CASE WHEN k.k % 2 = 0 THEN 'receipt' ELSE 'issue' END, 'bench',
       printf('2026-%02d-%02dT08:00:00Z', k.k % 12 + 1, k.k % 28 + 1), 'bench'
FROM m, j, k ORDER BY m.i, j.j, k.k;
UPDATE stock_level SET reorder_point = (model_id * 7 + location_id) % 100, reorder_qty = 50
WHERE (model_id + location_id) % 10 = 0;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
ledger=$(sqlite3 "$db" "SELECT count(*) FROM stock_movement")
levels=$(sqlite3 "$db" "SELECT count(*) FROM stock_level")
below=$(sqlite3 "$db" "SELECT count(*) FROM stock_level WHERE reorder_point IS NOT NULL AND on_hand <= reorder_point")
echo "   $ledger ledger rows, $levels stock levels, $below at or below their reorder point ($(( ($(now_ms) - setup_start) / 1000 )) s)"

# best_ms OUT CMD...: runs CMD 3 times with stdout to OUT; prints the best time in ms.
best_ms() {
  local out="$1" best="" start ms
  shift
  for _ in 1 2 3; do
    start=$(now_ms)
    "$@" > "$out"
    ms=$(( $(now_ms) - start ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

shell() { sqlite3 -csv -header "$db" "$1"; }

part=$(printf 'PART-%05d' $(( models < 1234 ? models : 1234 )))
model="FS.com $part"
naive_show="WITH RECURSIVE own(id, n) AS (
    SELECT location_id, sum(delta) FROM stock_movement
    WHERE model_id = (SELECT id FROM model WHERE name = '$part') GROUP BY location_id),
  up(id, n) AS (SELECT id, n FROM own
    UNION ALL SELECT l.parent_id, up.n FROM up JOIN location l ON l.id = up.id WHERE l.parent_id IS NOT NULL)
  SELECT l.code, coalesce((SELECT n FROM own WHERE own.id = l.id), 0) AS on_hand, sum(up.n) AS total
  FROM up JOIN location l ON l.id = up.id GROUP BY up.id HAVING total > 0 ORDER BY l.code"
naive_below="SELECT m.name, l.code, g.n AS on_hand, s.reorder_point, s.reorder_qty FROM (
    SELECT model_id, location_id, sum(delta) AS n FROM stock_movement GROUP BY model_id, location_id) g
  JOIN stock_level s ON s.model_id = g.model_id AND s.location_id = g.location_id
  JOIN model m ON m.id = g.model_id JOIN location l ON l.id = g.location_id
  WHERE s.reorder_point IS NOT NULL AND g.n <= s.reorder_point ORDER BY m.name, l.code"

echo "== timing (best of 3)"
t_show=$(best_ms "$dir/stock-show.json" "$tally" stock show "$model" --format json)
s_show=$(best_ms "$dir/stock-show-shell.csv" shell "$naive_show")
t_below=$(best_ms "$dir/stock-below.csv" "$tally" stock list --below-reorder --format csv)
s_below=$(best_ms "$dir/stock-below-shell.csv" shell "$naive_below")

rows() { echo $(( $(wc -l < "$1") - 1 )); }
show_rows=$(grep -c '"depth"' "$dir/stock-show.json" || true)
if [ "$show_rows" != "$(rows "$dir/stock-show-shell.csv")" ]; then
  echo "MISMATCH: tally showed $show_rows locations, the shell $(rows "$dir/stock-show-shell.csv")" >&2
  exit 1
fi
if [ "$(rows "$dir/stock-below.csv")" != "$(rows "$dir/stock-below-shell.csv")" ]; then
  echo "MISMATCH: tally listed $(rows "$dir/stock-below.csv") rows, the shell $(rows "$dir/stock-below-shell.csv")" >&2
  exit 1
fi

printf "\n%-58s %10s %10s %8s\n" "operation ($models models, $ledger ledger rows)" "tally" "sqlite3" "ratio"
line() { awk -v n="$1" -v r="$2" -v t="$3" -v s="$4" 'BEGIN { printf "%-58s %7d ms %7d ms %8.2f\n", n " (" r " rows)", t, s, s / t }'; }
line "stock show MODEL (tree roll-up)" "$show_rows" "$t_show" "$s_show"
line "stock list --below-reorder" "$(rows "$dir/stock-below.csv")" "$t_below" "$s_below"
echo "(ratio = shell time / tally time; above 1 means tally is faster)"
