#!/usr/bin/env bash
# Benchmark: `tally import assets` of a tally-dialect CSV of N assets
# (default 100,000) into a database that has only the catalog, timed as a whole
# process, against the sqlite3 shell doing the same raw work on the same file
# and the same schema: `.import` into a plain table, then one INSERT ... SELECT
# into asset joining vendor, model, location and team. Prints rows/s for each,
# the ratio (Tally's rate over the shell's: above 1, Tally is faster) and
# Tally's peak RSS (from /usr/bin/time -v if present, else /proc polling).
# Then the same file with two custom-field columns (ram_gb integer, mac text
# with a regex) imported by Tally, its rate beside the rate without.
#   usage: bash bench/bench_import.sh [rows]
# Needs a built tally (build/cli/tally); writes to $BENCH_DIR (default build/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
rows="${1:-100000}"
dir="${BENCH_DIR:-$root/build/bench}"
mkdir -p "$dir"
csv="$dir/import.csv"
export TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z

now_ms() { date +%s%3N; }

catalog() {
  local db="$1"
  rm -f "$db"*
  TALLY_DB="$db" "$tally" init >/dev/null
  TALLY_DB="$db" "$tally" location add DC1 --name "Data centre 1" >/dev/null
  TALLY_DB="$db" "$tally" vendor add Dell --manufacturer >/dev/null
  TALLY_DB="$db" "$tally" model add Dell "PowerEdge R640" --category server --u-height 1 >/dev/null
}

echo "== generating $rows assets in $csv"
{
  echo "tag,serial,manufacturer,model,category,status,location,owner_team,custodian,po,po_line,cost,currency,received_on,warranty_ends,hostname,rack,rack_u"
  awk -v n="$rows" 'BEGIN { for (i = 1; i <= n; i++)
    printf ",SN%08d,Dell,PowerEdge R640,server,in_stock,DC1,A-2,,,,%d.%02d,USD,2026-01-%02d,2029-01-%02d,,,\n",
           i, 1000 + i % 9000, i % 100, 1 + i % 28, 1 + i % 28 }'
} >"$csv"

tally_db="$dir/import-tally.db"
catalog "$tally_db"
echo "== tally import assets"
start=$(now_ms)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$dir/import-time.txt" env TALLY_DB="$tally_db" "$tally" import assets "$csv" --format csv >/dev/null
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/import-time.txt")
else
  TALLY_DB="$tally_db" "$tally" import assets "$csv" --format csv >/dev/null &
  pid=$!
  rss_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$r" ] && [ "$r" -gt "$rss_kb" ] && rss_kb=$r
    sleep 0.05
  done
  wait "$pid"
fi
tally_ms=$(( $(now_ms) - start ))
imported=$(sqlite3 "$tally_db" "SELECT count(*) FROM asset")
[ "$imported" -eq "$rows" ] || { echo "tally imported $imported of $rows rows" >&2; exit 1; }

# The shell's raw work: `.import` into a plain table, one INSERT ... SELECT
# into asset, then the SQL in $2 (none, or the events), in one transaction;
# sets shell_time_ms. The database is made from the same catalog first.
shell_import() {
  local db="$1" extra="$2"
  catalog "$db"
  start=$(now_ms)
  sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE raw (tag TEXT, serial TEXT, manufacturer TEXT, model TEXT, category TEXT, status TEXT,
  location TEXT, owner_team TEXT, custodian TEXT, po TEXT, po_line TEXT, cost TEXT, currency TEXT,
  received_on TEXT, warranty_ends TEXT, hostname TEXT, rack TEXT, rack_u TEXT);
.import --csv --skip 1 $csv raw
BEGIN;
INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, cost_minor, currency,
                   received_on, warranty_ends, created_at, updated_at)
SELECT 'AT-' || printf('%08d', r.rowid), r.serial, m.id, v.id, r.status, l.id, t.id, CAST(round(r.cost * 100) AS INTEGER),
       r.currency, r.received_on, r.warranty_ends, '2026-11-27T09:15:00Z', '2026-11-27T09:15:00Z'
FROM raw r JOIN vendor v ON v.name = r.manufacturer JOIN model m ON m.manufacturer_id = v.id AND m.name = r.model
LEFT JOIN location l ON l.code = r.location LEFT JOIN team t ON t.code = r.owner_team;
$extra
COMMIT;
SQL
  shell_time_ms=$(( $(now_ms) - start ))
}

echo "== sqlite3 .import + INSERT ... SELECT"
shell_import "$dir/import-shell.db" ""
shell_ms=$shell_time_ms
shell_rows=$(sqlite3 "$dir/import-shell.db" "SELECT count(*) FROM asset")
[ "$shell_rows" -eq "$rows" ] || { echo "the shell imported $shell_rows of $rows rows" >&2; exit 1; }

# The same, plus what Tally also writes: one `import` event per asset with
# its fields as a JSON object (like for like; the issue's ratio is the one above).
echo "== sqlite3 .import + INSERT ... SELECT + an event per asset"
shell_import "$dir/import-shell-events.db" "INSERT INTO event (at, actor, action, entity, entity_key, before, after)
SELECT '2026-11-27T09:15:00Z', 'bench', 'import', 'asset', 'AT-' || printf('%08d', r.rowid), NULL,
       json_object('serial', r.serial, 'manufacturer', r.manufacturer, 'model', r.model, 'status', r.status,
                   'location', nullif(r.location, ''), 'owner_team', nullif(r.owner_team, ''),
                   'custodian', nullif(r.custodian, ''), 'po', nullif(r.po, ''), 'po_line', nullif(r.po_line, ''),
                   'cost', nullif(r.cost, ''), 'currency', nullif(r.currency, ''),
                   'received_on', nullif(r.received_on, ''), 'warranty_ends', nullif(r.warranty_ends, ''),
                   'hostname', nullif(r.hostname, ''), 'line', r.rowid + 1)
FROM raw r;"
events_ms=$shell_time_ms
events_rows=$(sqlite3 "$dir/import-shell-events.db" "SELECT count(*) FROM event WHERE action = 'import'")
[ "$events_rows" -eq "$rows" ] || { echo "the shell wrote $events_rows of $rows events" >&2; exit 1; }

awk -v n="$rows" -v t="$tally_ms" -v s="$shell_ms" -v e="$events_ms" -v rss="$rss_kb" 'BEGIN {
  tr = n / (t / 1000); sr = n / (s / 1000); er = n / (e / 1000);
  printf "tally import assets: %d rows in %.2f s = %.0f rows/s, peak RSS %.1f MiB\n", n, t / 1000, tr, rss / 1024;
  printf "sqlite3 .import + INSERT ... SELECT: %d rows in %.2f s = %.0f rows/s\n", n, s / 1000, sr;
  printf "ratio (tally rate / shell rate): %.2f\n", tr / sr;
  printf "sqlite3 .import + INSERT ... SELECT + an event per asset: %d rows in %.2f s = %.0f rows/s\n", n, e / 1000, er;
  printf "ratio against the shell writing the same events: %.2f\n", tr / er }'

# The same rows with two custom-field columns: RAM (GB), an integer, and mac,
# a unique text field with a regex; each value checked on its row, and stored
# with the batch of its asset (README, Batches).
fields_csv="$dir/import-fields.csv"
echo "== tally import assets with two custom-field columns"
awk -F, -v OFS=, 'NR == 1 { print $0, "RAM (GB)", "mac"; next }
  { n = NR - 1; printf "%s,%d,02:00:%02X:%02X:%02X:%02X\n", $0, 16 * (1 + n % 8),
      int(n / 16777216) % 256, int(n / 65536) % 256, int(n / 256) % 256, n % 256 }' "$csv" >"$fields_csv"
fields_db="$dir/import-fields.db"
catalog "$fields_db"
TALLY_DB="$fields_db" "$tally" field add ram_gb --type integer --label "RAM (GB)" --category server >/dev/null
TALLY_DB="$fields_db" "$tally" field add mac --type text --regex '([0-9A-F]{2}:){5}[0-9A-F]{2}' --unique >/dev/null
start=$(now_ms)
TALLY_DB="$fields_db" "$tally" import assets "$fields_csv" --format csv >/dev/null
fields_ms=$(( $(now_ms) - start ))
values=$(sqlite3 "$fields_db" "SELECT count(*) FROM asset_field")
[ "$values" -eq $((2 * rows)) ] || { echo "tally stored $values of $((2 * rows)) field values" >&2; exit 1; }
awk -v n="$rows" -v t="$tally_ms" -v f="$fields_ms" 'BEGIN {
  tr = n / (t / 1000); fr = n / (f / 1000);
  printf "tally import assets, two custom-field columns: %d rows in %.2f s = %.0f rows/s (%.2f of the rate without)\n",
         n, f / 1000, fr, fr / tr }'
