#!/usr/bin/env bash
# Benchmark: installing servers into 2,000 racks of 42U.
# The database holds 2,000 racks in 20 halls, each already half full (20 1U
# servers at U1-U20, 40,000 placements), and 2,000 more servers in stock.
# Timed, as whole processes, one per install (how people and scripts run it):
#   * `tally rack install TAG --rack HALL/RACK --u 30`: resolve the asset and
#     the rack, check status, tests, hostname and overlap, update the asset,
#     insert the placement, append the event;
#   * the sqlite3 shell doing the same raw writes per install in one
#     transaction (UPDATE asset, INSERT placement, INSERT event), with no
#     checks beyond the schema's own triggers.
# Then `tally rack list` (utilization of all 2,000 racks) against the shell's
# GROUP BY over the placements, best of 3.
# The ratio is the shell's time over Tally's: above 1, Tally is faster.
#   usage: bash bench/bench_racks.sh [installs]
# Needs a built tally (bash scripts/test.sh, or build/cli/tally); writes to
# $BENCH_DIR (default build/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
installs="${1:-2000}"
racks=2000
dir="${BENCH_DIR:-$root/build/bench}"
mkdir -p "$dir"
db="$dir/racks.db"
shell_db="$dir/racks-shell.db"
rm -f "$db"* "$shell_db"*
export TALLY_DB="$db" TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z

now_ms() { date +%s%3N; }

echo "== setting up: $racks racks of 42U half full, $installs servers to install"
"$tally" init >/dev/null
"$tally" vendor add Dell --manufacturer >/dev/null
"$tally" model add Dell R640 --category server --u-height 1 >/dev/null
"$tally" location add DC1 --name "Data center 1" --kind site >/dev/null
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO location (code, name, kind, parent_id)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
SELECT printf('DC1-H%02d', i), 'Hall ' || i, 'room', (SELECT id FROM location WHERE code = 'DC1') FROM n;
INSERT INTO rack (location_id, name, height_u, starting_unit)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $racks - 1)
SELECT (SELECT id FROM location WHERE code = printf('DC1-H%02d', i % 20 + 1)), printf('R%04d', i), 42, 1 FROM n;
-- 20 deployed servers in each rack at U1-U20, then the servers to install.
INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $racks * 20 - 1)
SELECT printf('OLD-%06d', i), 'OLD' || i, 1, 1, 'deployed', (SELECT location_id FROM rack WHERE id = i / 20 + 1),
       '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;
INSERT INTO placement (asset_id, rack_id, lo_half, hi_half, face, front, rear, installed_at)
SELECT id, (id - 1) / 20 + 1, ((id - 1) % 20) * 2, ((id - 1) % 20) * 2 + 2, 'front', 1, 1, '2025-01-01T00:00:00Z'
FROM asset;
INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $installs - 1)
SELECT printf('NEW-%06d', i), 'NEW' || i, 1, 1, 'in_stock', (SELECT id FROM location WHERE code = 'DC1'),
       '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;
COMMIT;
SQL
cp "$db" "$shell_db"
echo "   $(sqlite3 "$db" 'SELECT count(*) FROM placement') placements, $(sqlite3 "$db" 'SELECT count(*) FROM rack') racks"

# Install i goes into rack i mod $racks at U30 (a free unit).
rack_of() { printf 'DC1-H%02d/R%04d' $(( $1 % racks % 20 + 1 )) $(( $1 % racks )); }

echo "== installing $installs servers, one process each"
start=$(now_ms)
for ((i = 0; i < installs; i++)); do
  "$tally" rack install "$(printf 'NEW-%06d' "$i")" --rack "$(rack_of "$i")" --u 30 >/dev/null
done
t_install=$(( $(now_ms) - start ))

start=$(now_ms)
for ((i = 0; i < installs; i++)); do
  tag=$(printf 'NEW-%06d' "$i")
  rack_id=$(( i % racks + 1 ))
  sqlite3 "$shell_db" "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE;
UPDATE asset SET status = 'deployed', location_id = (SELECT location_id FROM rack WHERE id = $rack_id),
  updated_at = '2026-11-27T09:15:00Z' WHERE tag = '$tag';
INSERT INTO placement (asset_id, rack_id, lo_half, hi_half, face, front, rear, installed_at)
  SELECT id, $rack_id, 58, 60, NULL, 1, 1, '2026-11-27T09:15:00Z' FROM asset WHERE tag = '$tag';
INSERT INTO event (at, actor, action, entity, entity_key, before, after)
  VALUES ('2026-11-27T09:15:00Z', 'bench', 'install', 'asset', '$tag', '{\"status\":\"in_stock\"}',
          '{\"status\":\"deployed\"}');
COMMIT;"
done
s_install=$(( $(now_ms) - start ))

placed=$(sqlite3 "$db" "SELECT count(*) FROM placement WHERE lo_half = 58")
shell_placed=$(sqlite3 "$shell_db" "SELECT count(*) FROM placement WHERE lo_half = 58")
if [ "$placed" != "$installs" ] || [ "$shell_placed" != "$installs" ]; then
  echo "MISMATCH: tally placed $placed, the shell $shell_placed, expected $installs" >&2
  exit 1
fi

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
naive_list="SELECT l.code || '/' || k.name AS rack, k.height_u, coalesce(sum(p.hi_half - p.lo_half), 0) / 2.0 AS used,
  count(p.asset_id) AS devices FROM rack k JOIN location l ON l.id = k.location_id
  LEFT JOIN placement p ON p.rack_id = k.id GROUP BY k.id ORDER BY l.code, k.name"
t_list=$(best_ms "$dir/racks.csv" "$tally" rack list --format csv)
s_list=$(best_ms "$dir/racks-shell.csv" sqlite3 -csv -header "$db" "$naive_list")

printf "\n%-52s %10s %10s %8s\n" "operation ($racks racks, $((racks * 20 + installs)) placements)" "tally" "sqlite3" "ratio"
awk -v n="$installs" -v t="$t_install" -v s="$s_install" 'BEGIN {
  printf "%-52s %7.0f /s %7.0f /s %8.2f\n", "rack install, one process each (" n " installs)", n * 1000 / t, n * 1000 / s, s / t }'
awk -v t="$t_list" -v s="$s_list" 'BEGIN { printf "%-52s %7d ms %7d ms %8.2f\n", "rack list (utilization of every rack)", t, s, s / t }'
echo "(ratio = shell time / tally time; above 1 means tally is faster)"
