#!/usr/bin/env bash
# The benchmark table at scale, in one command:
#   bash bench/run_all.sh [--scale F] [--seed N]
#   bash bench/run_all.sh --small    # the older per-script table (each bench_*.sh builds its own database)
#
# 1. Builds tally and tally_generate (Release, in build-bench/).
# 2. Generates the database with tally_generate at that scale and seed
#    (default 1 = 1,000,000 assets), or reuses it if it exists
#    ($BENCH_DIR/scale-F-seed-N.db; BENCH_DIR defaults to build-bench/data).
# 3. Times each operation on that data as whole `tally` processes against the
#    sqlite3 shell doing the same raw work on the same database, and prints
#    one table: operation, tally, sqlite3, ratio (> 1: Tally is faster), and
#    peak RSS (from /usr/bin/time -v) where measured.
# Environment: LOOKUPS (asset show processes, default 200), RECEIVE_UNITS
# (default 2000), INSTALLS (rack installs, default 200).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scale=1
seed=1
small=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --small) small=1; shift ;;
    *) echo "usage: bash bench/run_all.sh [--scale F] [--seed N] | --small" >&2; exit 2 ;;
  esac
done

if [ "$small" = 1 ]; then
  # Each script keeps its own default sizes; their setup lines go to
  # $BENCH_DIR/<name>.log (default build/bench).
  dir="${BENCH_DIR:-$root/build/bench}"
  mkdir -p "$dir"
  printf '%-10s %-60s %12s %12s %8s\n' benchmark operation tally sqlite3 ratio
  for script in "$root"/bench/bench_*.sh; do
    name=$(basename "$script" .sh)
    name=${name#bench_}
    if ! bash "$script" >"$dir/$name.log" 2>&1; then
      printf '%-10s %s\n' "$name" "FAILED (see $dir/$name.log)"
      continue
    fi
    awk -v name="$name" '
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
  exit 0
fi

lookups="${LOOKUPS:-200}"
receive_units="${RECEIVE_UNITS:-2000}"
installs="${INSTALLS:-200}"
build="$root/build-bench"
dir="${BENCH_DIR:-$build/data}"
mkdir -p "$dir"
export TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z TALLY_TODAY=2026-11-27
now_ms() { date +%s%3N; }
log() { echo "== $*" >&2; }

log "building tally and tally_generate (Release) in $build"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_BENCH=ON \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j1 --target tally tally_generate >/dev/null
tally="$build/cli/tally"
generate="$build/bench/tally_generate"

db="$dir/scale-$scale-seed-$seed.db"
if [ -f "$db" ] && [ -f "$db.done" ]; then
  log "reusing $db"
else
  log "generating $db"
  rm -f "$db.done"
  "$generate" --db "$db" --scale "$scale" --seed "$seed" | tee "$db.log"
  touch "$db.done"
fi
assets=$(sqlite3 "$db" "SELECT count(*) FROM asset")
work="$dir/work.db"   # the writes (import target aside) go to a copy
rm -f "$work" "$work-wal" "$work-shm"
cp "$db" "$work"

# Results: one line per operation, "op|tally|sqlite3|ratio|rss".
results="$dir/results.txt"
: >"$results"
row() { echo "$1|$2|$3|$4|${5:-}" >>"$results"; }
# ms_row OP TALLY_MS SHELL_MS [RSS]: figures in ms, ratio = shell / tally.
ms_row() { row "$1" "$2 ms" "$3 ms" "$(awk -v t="$2" -v s="$3" 'BEGIN { printf "%.2f", s / t }')" "${4:-}"; }
# rate_row OP N TALLY_MS SHELL_MS UNIT [RSS]: figures as N per second.
rate_row() {
  row "$1" "$(awk -v n="$2" -v t="$3" 'BEGIN { printf "%.0f", n * 1000 / t }') $5" \
    "$(awk -v n="$2" -v s="$4" 'BEGIN { printf "%.0f", n * 1000 / s }') $5" \
    "$(awk -v t="$3" -v s="$4" 'BEGIN { printf "%.2f", s / t }')" "${6:-}"
}

# timed OUT CMD...: runs CMD once with stdout to OUT under /usr/bin/time -v;
# sets ms and rss (MiB).
timed() {
  local out="$1" start
  shift
  start=$(now_ms)
  /usr/bin/time -v -o "$dir/time.txt" "$@" >"$out"
  ms=$(( $(now_ms) - start ))
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f MiB", $2 / 1024 }' "$dir/time.txt")
}
# best OUT CMD...: best of 3 (ms), the peak RSS of the last run (rss).
best() {
  local out="$1" b=""
  shift
  for _ in 1 2 3; do
    timed "$out" "$@"
    if [ -z "$b" ] || [ "$ms" -lt "$b" ]; then b=$ms; fi
  done
  ms=$b
}
# data_rows FILE: lines after the CSV header (the shell prints no header for no rows).
data_rows() { local n; n=$(wc -l <"$1"); echo $(( n > 0 ? n - 1 : 0 )); }
same_rows() {
  if [ "$(data_rows "$1")" != "$(data_rows "$2")" ]; then
    echo "MISMATCH in $3: tally printed $(data_rows "$1") rows, the shell $(data_rows "$2")" >&2
    exit 1
  fi
}

# --- asset list with a filter ----------------------------------------------
team=A-2
model_term=R0
log "asset list status:in_stock team:$team model~$model_term"
best "$dir/list.csv" env TALLY_DB="$db" "$tally" asset list status:in_stock "team:$team" "model~$model_term" --format csv
t=$ms t_rss=$rss
naive_list="WITH RECURSIVE below(id) AS (SELECT id FROM team WHERE code = '$team'
  UNION SELECT t.id FROM team t JOIN below ON t.parent_id = below.id)
  SELECT a.tag, a.serial, v.name AS manufacturer, m.name AS model, m.category, a.status, l.code AS location,
         t.code AS team, a.received_on, a.warranty_ends
  FROM asset a JOIN model m ON m.id = a.model_id JOIN vendor v ON v.id = a.manufacturer_id
  LEFT JOIN location l ON l.id = a.location_id LEFT JOIN team t ON t.id = a.owner_team_id
  WHERE a.status = 'in_stock' AND a.owner_team_id IN below AND m.name LIKE '%$model_term%' ORDER BY a.tag"
best "$dir/list-shell.csv" sqlite3 -csv -header "$db" "$naive_list"
same_rows "$dir/list.csv" "$dir/list-shell.csv" "asset list"
ms_row "asset list status:in_stock team:$team model~$model_term --format csv ($(data_rows "$dir/list.csv") rows, best of 3)" "$t" "$ms" "$t_rss"

# --- report assets --by team -------------------------------------------------
log "report assets --by team"
best "$dir/report-assets.csv" env TALLY_DB="$db" "$tally" report assets --by team --format csv
t=$ms t_rss=$rss
naive_report="SELECT r.ancestor AS team, count(*) AS assets, sum(a.status = 'deployed') AS deployed,
  sum(a.status = 'in_stock') AS in_stock, sum(coalesce(a.cost_minor, 0)) / 100.0 AS cost
  FROM asset a JOIN v_team_rollup r ON r.team_id = a.owner_team_id
  WHERE a.status NOT IN ('disposed', 'returned_to_vendor') GROUP BY r.ancestor_id ORDER BY r.ancestor"
best "$dir/report-assets-shell.csv" sqlite3 -csv -header "$db" "$naive_report"
ms_row "report assets --by team --format csv (every unit rolled up, best of 3)" "$t" "$ms" "$t_rss"

# --- license compliance ------------------------------------------------------
log "report licenses --by team, license list --over-allocated"
best "$dir/report-licenses.csv" env TALLY_DB="$db" "$tally" report licenses --by team --format csv
t=$ms t_rss=$rss
naive_lic_team="SELECT r.ancestor AS team, count(*) AS licenses, sum(c.seats) AS seats, sum(c.used) AS used,
  sum(c.over_allocated) AS over_allocated FROM v_license_compliance c
  JOIN team tt ON tt.code = c.team JOIN v_team_rollup r ON r.team_id = tt.id GROUP BY r.ancestor_id ORDER BY r.ancestor"
best "$dir/report-licenses-shell.csv" sqlite3 -csv -header "$db" "$naive_lic_team"
ms_row "report licenses --by team --format csv (best of 3)" "$t" "$ms" "$t_rss"
best "$dir/lic-over.csv" env TALLY_DB="$db" "$tally" license list --over-allocated --format csv
t=$ms t_rss=$rss
best "$dir/lic-over-shell.csv" sqlite3 -csv -header "$db" "SELECT * FROM v_license_compliance WHERE over_allocated = 1 ORDER BY license"
same_rows "$dir/lic-over.csv" "$dir/lic-over-shell.csv" "license list --over-allocated"
ms_row "license list --over-allocated --format csv ($(data_rows "$dir/lic-over.csv") rows, best of 3)" "$t" "$ms" "$t_rss"

# --- asset show by tag and by serial, one process per lookup ----------------
log "asset show: $lookups lookups by tag and by serial, one process each"
sqlite3 -separator ' ' "$db" "SELECT tag, serial FROM asset ORDER BY (id * 7919) % 1000003 LIMIT $lookups" >"$dir/lookups.txt"
show_sql="SELECT a.tag, a.serial, v.name, m.name, m.category, a.status, l.code, t.code, a.received_on, a.warranty_ends
  FROM asset a JOIN model m ON m.id = a.model_id JOIN vendor v ON v.id = a.manufacturer_id
  LEFT JOIN location l ON l.id = a.location_id LEFT JOIN team t ON t.id = a.owner_team_id WHERE"
for key in tag serial; do
  col=1; [ "$key" = serial ] && col=2
  start=$(now_ms)
  while read -r -a pair; do
    TALLY_DB="$db" "$tally" asset show "${pair[$((col - 1))]}" --format json >/dev/null
  done <"$dir/lookups.txt"
  t=$(( $(now_ms) - start ))
  start=$(now_ms)
  while read -r -a pair; do
    sqlite3 "$db" "$show_sql a.$key = '${pair[$((col - 1))]}'" >/dev/null
  done <"$dir/lookups.txt"
  s=$(( $(now_ms) - start ))
  rate_row "asset show $(echo "$key" | tr a-z A-Z), one process per lookup ($lookups lookups)" "$lookups" "$t" "$s" "/s"
done

# --- CSV import -----------------------------------------------------------------
# Every generated asset exported with `asset list`, imported into a database
# holding the same catalog (tally_generate --catalog-only). The PO and rack
# columns are emptied: the target has no POs and its racks are empty. The
# statuses that need their records (disposed, RMA, returned, in repair:
# migration 0006) are left out, as neither import can write those records.
log "CSV import of the $assets assets less those that need records"
csv="$dir/export.csv"
env TALLY_DB="$db" "$tally" asset list -status:disposed -status:rma -status:returned_to_vendor -status:in_repair \
  --format csv >"$dir/export-raw.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
  { $col["po"] = ""; if ("po_line" in col) $col["po_line"] = ""; $col["rack"] = ""; $col["rack_u"] = ""; print }' \
  "$dir/export-raw.csv" >"$csv"
rows=$(( $(wc -l <"$csv") - 1 ))
catalog="$dir/catalog-$scale-$seed.db"
[ -f "$catalog" ] || "$generate" --db "$catalog" --scale "$scale" --seed "$seed" --catalog-only >&2
import_db="$dir/import-tally.db"
rm -f "$import_db"*
cp "$catalog" "$import_db"
timed "$dir/import.out" env TALLY_DB="$import_db" "$tally" import assets "$csv" --format csv
t=$ms t_rss=$rss
imported=$(sqlite3 "$import_db" "SELECT count(*) FROM asset")
[ "$imported" -eq "$rows" ] || { echo "tally imported $imported of $rows rows" >&2; exit 1; }
shell_import_db="$dir/import-shell.db"
rm -f "$shell_import_db"*
cp "$catalog" "$shell_import_db"
header=$(head -1 "$csv")
cat >"$dir/import.sql" <<SQL
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE raw ($(echo "$header" | sed 's/\([a-z_]*\)/"\1" TEXT/g'));
.import --csv --skip 1 $csv raw
BEGIN;
INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, cost_minor, currency,
                   received_on, warranty_ends, created_at, updated_at)
SELECT r.tag, r.serial, m.id, v.id, r.status, l.id, t.id, CAST(round(r.cost * 100) AS INTEGER),
       nullif(r.currency, ''), nullif(r.received_on, ''), nullif(r.warranty_ends, ''),
       '2026-11-27T09:15:00Z', '2026-11-27T09:15:00Z'
FROM raw r JOIN vendor v ON v.name = r.manufacturer JOIN model m ON m.manufacturer_id = v.id AND m.name = r.model
LEFT JOIN location l ON l.code = r.location LEFT JOIN team t ON t.code = r.owner_team;
COMMIT;
SQL
timed "$dir/import-shell.out" sqlite3 "$shell_import_db" ".read $dir/import.sql"
s=$ms
shell_rows=$(sqlite3 "$shell_import_db" "SELECT count(*) FROM asset")
[ "$shell_rows" -eq "$rows" ] || { echo "the shell imported $shell_rows of $rows rows" >&2; exit 1; }
rate_row "import assets of the exported CSV ($rows rows) into the catalog" "$rows" "$t" "$s" "rows/s" "$t_rss"

# --- receiving by scan ----------------------------------------------------------
log "receive --scan of $receive_units serials"
model=$(sqlite3 -separator ' ' "$work" "SELECT v.name, m.name FROM model m JOIN vendor v ON v.id = m.manufacturer_id
  WHERE m.category = 'server' ORDER BY m.id LIMIT 1")
vendor=${model%% *}
bin=$(sqlite3 "$work" "SELECT code FROM location WHERE kind = 'bin' ORDER BY id LIMIT 1")
w() { TALLY_DB="$work" "$tally" "$@" >/dev/null; }
w po create --vendor "$vendor" --team A-3 --number PO-BENCH-1 --fy 2026
w po add-line PO-BENCH-1 --model "$model" --qty "$receive_units" --unit-cost 1000
w po add-line PO-BENCH-1 --model "$model" --qty "$receive_units" --unit-cost 1000
w po submit PO-BENCH-1
w po approve PO-BENCH-1 --actor bench-approver  # never who created or submitted it
w po order PO-BENCH-1
seq -f "BENCHSN%08.0f" 1 "$receive_units" >"$dir/serials.txt"
start=$(now_ms)
TALLY_DB="$work" "$tally" receive PO-BENCH-1 --line 1 --location "$bin" --scan <"$dir/serials.txt" >"$dir/receive.out" 2>"$dir/receive.err"
t=$(( $(now_ms) - start ))
ids=$(sqlite3 -separator ' ' "$work" "SELECT pl.id, pl.model_id, m.manufacturer_id, (SELECT id FROM location WHERE code = '$bin'),
  po.team_id FROM po_line pl JOIN purchase_order po ON po.id = pl.po_id JOIN model m ON m.id = pl.model_id
  WHERE po.number = 'PO-BENCH-1' AND pl.line_no = 2")
read -r line_id model_id maker_id location_id team_id <<<"$ids"
awk -v now="$TALLY_NOW" -v line="$line_id" -v model="$model_id" -v maker="$maker_id" -v loc="$location_id" -v team="$team_id" '{
  q = sprintf("%c", 39)
  print "BEGIN IMMEDIATE;"
  print "INSERT INTO receipt (po_line_id, quantity, received_at, received_by, location_id) VALUES (" line ", 1, " q now q ", " q "bench" q ", " loc ");"
  print "INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, po_line_id, cost_minor, currency, received_on, warranty_ends, created_at, updated_at) VALUES (" q "SH-" NR q ", " q "SHELL-" $1 q ", " model ", " maker ", " q "in_stock" q ", " loc ", " team ", " line ", 100000, " q "USD" q ", " q "2026-11-27" q ", " q "2029-11-27" q ", " q now q ", " q now q ");"
  print "INSERT INTO event (at, actor, action, entity, entity_key, after) VALUES (" q now q ", " q "bench" q ", " q "receive" q ", " q "asset" q ", " q "SH-" NR q ", json_object(" q "serial" q ", " q "SHELL-" $1 q "));"
  print "COMMIT;"
}' "$dir/serials.txt" >"$dir/receive-shell.sql"
start=$(now_ms)
sqlite3 -cmd "PRAGMA synchronous = NORMAL" -cmd "PRAGMA foreign_keys = ON" "$work" ".read $dir/receive-shell.sql" >/dev/null
s=$(( $(now_ms) - start ))
got=$(sqlite3 "$work" "SELECT count(*) FROM asset WHERE serial LIKE 'BENCHSN%' OR serial LIKE 'SHELL-%'")
[ "$got" -eq $(( 2 * receive_units )) ] || { echo "receive: stored $got of $((2 * receive_units)) units" >&2; exit 1; }
rate_row "receive --scan, $receive_units serials in one session (a transaction per unit)" "$receive_units" "$t" "$s" "units/s"

# --- rack install, one process each ------------------------------------------
# In-stock 1U devices into U41 of the first racks (the generator fills to U40).
log "rack install: $installs installs, one process each"
sqlite3 -separator ' ' "$work" "SELECT a.tag, l.code || '/' || k.name, k.id FROM
  (SELECT a.tag, row_number() OVER (ORDER BY a.id) AS n FROM asset a JOIN model m ON m.id = a.model_id
   WHERE a.status = 'in_stock' AND m.u_height_halves = 2 AND a.serial NOT LIKE 'SHELL-%' LIMIT $(( 2 * installs ))) a
  JOIN (SELECT id, name, location_id, row_number() OVER (ORDER BY id) AS n FROM rack) k ON k.n = (a.n + 1) / 2
  JOIN location l ON l.id = k.location_id ORDER BY a.n" >"$dir/installs.txt"
# Odd rows go to tally at U41, even rows to the shell at U42 of the same rack.
awk 'NR % 2 == 1' "$dir/installs.txt" >"$dir/installs-tally.txt"
awk 'NR % 2 == 0' "$dir/installs.txt" >"$dir/installs-shell.txt"
n_installs=$(wc -l <"$dir/installs-tally.txt")
start=$(now_ms)
while read -r tag rack _; do
  TALLY_DB="$work" "$tally" rack install "$tag" --rack "$rack" --u 41 >/dev/null
done <"$dir/installs-tally.txt"
t=$(( $(now_ms) - start ))
start=$(now_ms)
while read -r tag _ rack_id; do
  sqlite3 "$work" "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE;
UPDATE asset SET status = 'deployed', location_id = (SELECT location_id FROM rack WHERE id = $rack_id),
  updated_at = '$TALLY_NOW' WHERE tag = '$tag';
INSERT INTO placement (asset_id, rack_id, lo_half, hi_half, face, front, rear, installed_at)
  SELECT id, $rack_id, 82, 84, NULL, 1, 1, '$TALLY_NOW' FROM asset WHERE tag = '$tag';
INSERT INTO event (at, actor, action, entity, entity_key, before, after)
  VALUES ('$TALLY_NOW', 'bench', 'install', 'asset', '$tag', '{\"status\":\"in_stock\"}', '{\"status\":\"deployed\"}');
COMMIT;" >/dev/null
done <"$dir/installs-shell.txt"
s=$(( $(now_ms) - start ))
rate_row "rack install TAG --rack R --u 41, one process each ($n_installs installs)" "$n_installs" "$t" "$s" "installs/s"

# --- size ------------------------------------------------------------------------
bytes=$(stat -c %s "$db")
per_asset=$(( bytes / assets ))
shell_bytes=$(stat -c %s "$shell_import_db")
row "database size per asset (bytes; the shell: its import of the same assets, no events)" "$per_asset" \
  "$(( shell_bytes / rows ))" "-"

# --- the table ------------------------------------------------------------------
echo
echo "scale $scale, seed $seed: $assets assets, $(( bytes / 1048576 )) MiB ($db)"
printf '%-92s %16s %16s %7s %12s\n' operation tally sqlite3 ratio "peak RSS"
while IFS='|' read -r op t s r m; do
  printf '%-92s %16s %16s %7s %12s\n' "$op" "$t" "$s" "$r" "$m"
done <"$results"
echo "(ratio = shell time / tally time, or tally rate / shell rate: above 1, Tally is faster; peak RSS is Tally's)"
