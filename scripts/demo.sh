#!/usr/bin/env bash
# The demo command: installs what is missing, builds tally, creates a demo
# database from fixtures/ and takes a short tour of it.
#   usage: bash scripts/demo.sh        (the database is left in build/demo.db)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages
build tally

tally_bin="$tally_build/cli/tally"
export TALLY_DB="$tally_build/demo.db"
export TALLY_ACTOR="demo"
rm -f "$TALLY_DB" "$TALLY_DB-wal" "$TALLY_DB-shm"

step() {
  echo
  echo "\$ tally $*"
  "$tally_bin" "$@"
}

echo "==> creating the demo database $TALLY_DB from fixtures/"
"$tally_bin" init >/dev/null
while IFS=$'\t' read -r code parent kind name; do
  [ "$code" = "code" ] && continue
  args=(location add "$code" --name "$name" --kind "$kind")
  [ -n "$parent" ] && [ "$parent" != "-" ] && args+=(--parent "$parent")
  "$tally_bin" "${args[@]}" >/dev/null
done < "$tally_root/fixtures/demo/locations.tsv"
while IFS=$'\t' read -r username team email name; do
  [ "$username" = "username" ] && continue
  "$tally_bin" person add "$username" --name "$name" --email "$email" --team "$team" >/dev/null
done < "$tally_root/fixtures/demo/people.tsv"

echo "==> a short tour"
step init
step team show IT-5
step team show "Platform Engineering & Developer Tools"
step team show 1A --format csv
step person list --team 1A
step location list
step location set DC1-H2-R14 --parent DC1-H1
step log --entity location --key DC1-H2-R14 --format json
step log --limit 5
echo
echo "\$ tally team show \"Inventory & Warehousing\"   # refused: two units have that name"
"$tally_bin" team show "Inventory & Warehousing" || echo "(exit code $?)"
echo
echo "The demo database is $TALLY_DB; try: $tally_bin --db $TALLY_DB team list"
