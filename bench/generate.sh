#!/usr/bin/env bash
# Builds a realistic database of a chosen size through Tally's own commands,
# reproducible from a seed: the org chart (tally init), 10 sites with rooms
# and bins, 3 manufacturers, 20 models, one ordered PO per 1,000 units, every
# unit received by scan (one `receive --scan` session per PO line), racks with
# a tenth of the units installed, and licenses with assignments.
#   usage: bash bench/generate.sh DB [ASSETS=10000] [SEED=1]
# Needs a built tally (build/cli/tally or $TALLY_BIN).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tally="${TALLY_BIN:-$root/build/cli/tally}"
db="${1:?usage: generate.sh DB [ASSETS] [SEED]}"
assets="${2:-10000}"
seed="${3:-1}"
rm -f "$db" "$db-wal" "$db-shm"
export TALLY_DB="$db" TALLY_ACTOR=bench TALLY_NOW=2026-11-27T09:15:00Z
t() { "$tally" "$@" >/dev/null; }

t init
for s in $(seq 1 10); do
  t location add "S$s" --name "Site $s" --kind site
  t location add "S$s-R1" --name "Room 1 of site $s" --parent "S$s"
  t location add "S$s-BIN" --name "Bin of site $s" --parent "S$s" --kind bin
  t rack add R01 --location "S$s-R1"
  t rack add R02 --location "S$s-R1"
done
for v in Dell HPE Lenovo; do
  t vendor add "$v" --manufacturer --supplier
  for m in 1 2 3 4 5 6; do
    t model add "$v" "M$m" --category server --u-height $(( m % 2 + 1 )) --warranty-months 36
  done
done
t budget set A-3 2026 100000000.00
models=()
for v in Dell HPE Lenovo; do for m in 1 2 3 4 5 6; do models+=("$v M$m"); done; done

# Serials and models from the seed: the same seed gives the same database.
received=0
po=0
while [ "$received" -lt "$assets" ]; do
  batch=$(( assets - received < 1000 ? assets - received : 1000 ))
  po=$((po + 1))
  number=$(printf 'PO-2026-%04d' "$po")
  pick=$(awk -v s="$seed" -v p="$po" 'BEGIN { srand(s * 7919 + p); print int(rand() * 18) }')
  model="${models[$pick]}"
  vendor="${model%% *}"
  t po create --vendor "$vendor" --team A-3
  t po add-line "$number" --model "$model" --qty "$batch" --unit-cost 1000.00
  t po submit "$number"
  t po approve "$number" --actor bench-approver  # never who created or submitted it
  t po order "$number"
  site=$(( po % 10 + 1 ))
  awk -v s="$seed" -v p="$po" -v n="$batch" 'BEGIN { srand(s * 104729 + p); for (i = 1; i <= n; i++) printf "P%d-%06d-%05d\n", p, i, int(rand() * 100000) }' |
    "$tally" receive "$number" --line 1 --location "S$site-BIN" --scan >/dev/null 2>&1
  received=$((received + batch))
done

# A tenth of the units (at most 80, 4 per rack) into racks, one process each.
tags=$(sqlite3 "$db" "SELECT a.tag FROM asset a JOIN model m ON m.id = a.model_id WHERE m.u_height_halves = 2 ORDER BY a.id LIMIT min(80, $assets / 10)")
i=0
for tag in $tags; do
  site=$(( i / 8 + 1 )); rack=$(( i / 4 % 2 + 1 ))
  t rack install "$tag" --rack "S$site-R1/R0$rack" --u $(( i % 4 * 2 + 1 )) || true
  i=$((i + 1))
done

# Licenses: 20, 50 seats each, a seat to every tenth asset up to the seats.
for l in $(seq 1 20); do
  t license add "Product $l" --vendor Dell --seats 50
done
j=0
for tag in $(sqlite3 "$db" "SELECT tag FROM asset WHERE id % 10 = 0 ORDER BY id LIMIT 1000"); do
  t license assign "$(printf 'LIC-%05d' $(( j % 20 + 1 )))" --asset "$tag" || true
  j=$((j + 1))
done
echo "$db: $(sqlite3 "$db" 'SELECT count(*) FROM asset') assets, $(sqlite3 "$db" 'SELECT count(*) FROM placement') placements, $(sqlite3 "$db" 'SELECT count(*) FROM license_assignment') seats, $(sqlite3 "$db" 'SELECT count(*) FROM event') events, $(( $(stat -c %s "$db") / 1024 )) KiB"
