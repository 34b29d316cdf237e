#!/usr/bin/env bash
# Benchmark: license compliance over 100,000 licenses and 1,000,000
# seat assignments. Times whole `tally` processes against the sqlite3 shell
# running the naive aggregate SQL (join the assignments, group by license) on
# the same database, each printing CSV to a file:
#   * `tally license list --over-allocated` (every license's seats in use);
#   * `tally license list --team 1I`, the per-team compliance view (the
#     division and every unit below it);
#   * `tally license list`, every license.
# Each command runs 3 times; the best time counts. The ratio is the shell's
# time over Tally's, like bench_receive.sh's rates: above 1, Tally is faster.
#   usage: bash bench/bench_licenses.sh [licenses] [assignments_per_license]
# Needs a built tally (bash scripts/test.sh, or build/cli/tally); writes to
# $BENCH_DIR (default build/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
licenses="${1:-100000}"
per_license="${2:-10}"
people=20000
assets=50000
dir="${BENCH_DIR:-$root/build/bench}"
mkdir -p "$dir"
db="$dir/licenses.db"
rm -f "$db"*
export TALLY_DB="$db" TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z

now_ms() { date +%s%3N; }

echo "== setting up: $licenses licenses, $((licenses * per_license)) assignments ($people people, $assets assets)"
"$tally" init >/dev/null
"$tally" vendor add Dell --manufacturer >/dev/null
"$tally" vendor add Microsoft --supplier >/dev/null
"$tally" model add Dell R640 --category server --u-height 1 >/dev/null
# The estate, written directly: Tally's own write path is measured elsewhere.
# Per license: 7 people, 2 assets and 1 team, one seat each. Seats are 10, so
# one license in 7 gets 8 seats with over-allocation allowed (over-allocated);
# one in 50 is a site license. Expiry dates spread over three years; owners
# cycle through the 82 units of the org chart.
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE unit AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM team;
BEGIN;
INSERT INTO person (username, name, team_id)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $people)
SELECT 'user' || i, 'User ' || i, (SELECT id FROM unit WHERE unit.n = i % 82) FROM n;
INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, owner_team_id, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $assets)
SELECT 'OLD-' || i, 'SN' || i, 1, 1, 'deployed', (SELECT id FROM unit WHERE unit.n = i % 82),
       '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;
INSERT INTO license (product, vendor_id, type, seats, license_key, starts_on, expires_on, owner_team_id,
                     allow_overallocation, cost_minor, currency, created_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $licenses)
SELECT 'Product ' || i, 2, CASE WHEN i % 50 = 0 THEN 'site' ELSE 'per-seat' END,
       CASE WHEN i % 50 = 0 THEN NULL WHEN i % 7 = 0 THEN 8 ELSE 10 END,
       printf('KEY%05d-ABCD-EFGH-%04d', i, i % 10000), '2025-01-01', date('2025-12-01', '+' || (i % 1100) || ' days'),
       (SELECT id FROM unit WHERE unit.n = i % 82), CASE WHEN i % 7 = 0 THEN 1 ELSE 0 END, 100000, 'USD',
       '2025-01-01T00:00:00Z' FROM n;
INSERT INTO license_assignment (license_id, person_id, asset_id, team_id, quantity, assigned_at)
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < $per_license - 1)
SELECT l.id,
       CASE WHEN k.j < 7 THEN (l.id * 7 + k.j) % $people + 1 END,
       CASE WHEN k.j IN (7, 8) THEN (l.id * 2 + k.j) % $assets + 1 END,
       CASE WHEN k.j >= 9 THEN (SELECT id FROM unit WHERE unit.n = (l.id + k.j) % 82) END,
       1, '2025-01-01T00:00:00Z'
FROM license l, k ORDER BY l.id, k.j;
COMMIT;
SQL
assignments=$(sqlite3 "$db" "SELECT count(*) FROM license_assignment")
over=$(sqlite3 "$db" "SELECT count(*) FROM license l WHERE seats < (SELECT sum(quantity) FROM license_assignment WHERE license_id = l.id)")
echo "   $assignments assignments, $over licenses over-allocated"

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

naive_over="SELECT l.id, l.product, l.seats, sum(a.quantity) AS used FROM license l
  JOIN license_assignment a ON a.license_id = l.id GROUP BY l.id HAVING l.seats IS NOT NULL AND used > l.seats"
naive_team="WITH RECURSIVE below(id) AS (SELECT id FROM team WHERE code = '1I'
  UNION SELECT t.id FROM team t JOIN below ON t.parent_id = below.id)
  SELECT l.id, l.product, l.seats, coalesce(sum(a.quantity), 0) AS used FROM license l
  LEFT JOIN license_assignment a ON a.license_id = l.id WHERE l.owner_team_id IN below GROUP BY l.id"
naive_all="SELECT l.id, l.product, l.seats, coalesce(sum(a.quantity), 0) AS used FROM license l
  LEFT JOIN license_assignment a ON a.license_id = l.id GROUP BY l.id"

echo "== timing (best of 3)"
t_over=$(best_ms "$dir/lic-over.csv" "$tally" license list --over-allocated --format csv)
s_over=$(best_ms "$dir/lic-over-shell.csv" shell "$naive_over")
t_team=$(best_ms "$dir/lic-team.csv" "$tally" license list --team 1I --format csv)
s_team=$(best_ms "$dir/lic-team-shell.csv" shell "$naive_team")
t_all=$(best_ms "$dir/lic-all.csv" "$tally" license list --format csv)
s_all=$(best_ms "$dir/lic-all-shell.csv" shell "$naive_all")

rows() { echo $(( $(wc -l < "$1") - 1 )); }
for pair in "lic-over over-allocated" "lic-team 1I" "lic-all all"; do
  set -- $pair
  if [ "$(rows "$dir/$1.csv")" != "$(rows "$dir/$1-shell.csv")" ]; then
    echo "MISMATCH: tally printed $(rows "$dir/$1.csv") rows for $2, the shell $(rows "$dir/$1-shell.csv")" >&2
    exit 1
  fi
done

printf "\n%-52s %10s %10s %8s\n" "operation ($licenses licenses, $assignments assignments)" "tally" "sqlite3" "ratio"
line() { awk -v n="$1" -v r="$2" -v t="$3" -v s="$4" 'BEGIN { printf "%-52s %7d ms %7d ms %8.2f\n", n " (" r " rows)", t, s, s / t }'; }
line "license list --over-allocated" "$(rows "$dir/lic-over.csv")" "$t_over" "$s_over"
line "license list --team 1I (division roll-up)" "$(rows "$dir/lic-team.csv")" "$t_team" "$s_team"
line "license list (every license)" "$(rows "$dir/lic-all.csv")" "$t_all" "$s_all"
echo "(ratio = shell time / tally time; above 1 means tally is faster)"
