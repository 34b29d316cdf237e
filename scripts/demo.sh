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
  echo "\$ tally $(printf '%q ' "$@")"
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

"$tally_bin" vendor add Dell --manufacturer --supplier --url https://www.dell.com >/dev/null
"$tally_bin" vendor add "FS.com" >/dev/null
"$tally_bin" model add Dell "PowerEdge R640" --category server --u-height 1 --stores-data \
  --warranty-months 36 --gtin 09506000134352 >/dev/null
"$tally_bin" model add FS.com SFP-10G-SR --category optic --bulk >/dev/null
"$tally_bin" budget set 1A 2026 500000 >/dev/null
"$tally_bin" budget set A-3 2026 60000 >/dev/null

echo "==> a short tour"
step init
step team show IT-5
step team show "Platform Engineering & Developer Tools"
step team show 1A --format csv
step person list --team 1A
step location list
step location set DC1-H2-R14 --parent DC1-H1
step log --entity location --key DC1-H2-R14 --format json
step po create --vendor Dell --team A-3 --format json
step po add-line PO-2026-0001 --model "Dell PowerEdge R640" --qty 4 --unit-cost 8450.00 --format csv
step po add-line PO-2026-0001 --model "FS.com SFP-10G-SR" --qty 40 --unit-cost 19.99 --format csv
step po submit PO-2026-0001 --format csv
step po approve PO-2026-0001 --actor dana.approver
step po order PO-2026-0001 --format csv
echo
echo "\$ tally receive PO-2026-0001 --line 1 --location WH1-RCV --scan < fixtures/demo/scan-po1.txt"
"$tally_bin" receive PO-2026-0001 --line 1 --location WH1-RCV --scan < "$tally_root/fixtures/demo/scan-po1.txt" \
  || echo "(exit code $?: the repeated serial was refused, the others kept)"
step receive PO-2026-0001 --line 2 --location WH1-BIN-A01 --qty 40
step po show PO-2026-0001
step budget show 1A
step asset list --team 1A
step asset show SN-R640-0002 --format json
step asset set-status SN-R640-0001 staging --reason burn-in
step repair open SN-R640-0001 --reason "PSU fan failed"
step repair close SN-R640-0001 --outcome fixed --notes "replaced fan"
step rma open SN-R640-0002 --vendor Dell --reason "DIMM errors" --vendor-rma 4471-22
step rma resolve RMA-00001 --outcome replaced --replacement-serial SN-R640-0099
step asset history SN-R640-0002
step license add "Windows Server Datacenter" --vendor Dell --type per-device --seats 2 --key ABCD-EFGH-IJKL-7Q2K --expires 2027-06-30 --team A-3
step license assign LIC-00001 --asset SN-R640-0001
step license list
step audit start WH1
printf 'SN-R640-0001\nSN-R640-0099\nUNKNOWN-42\n' > "$tally_build/demo-audit.txt"
echo
echo "\$ tally audit scan AUD-00001 --scan < (three codes)"
"$tally_bin" audit scan AUD-00001 --scan < "$tally_build/demo-audit.txt"
step audit finish AUD-00001
step rack add R01 --location DC1-H1-R12 --height 42 --team A-3
step test record SN-R640-0001 --kind memory --result pass --notes "memtest86, 4 passes"
step image record SN-R640-0001 --image debian-12-base --version 2026.11
step asset set SN-R640-0001 --hostname web01.dc1
step rack install SN-R640-0001 --rack R01 --u 10
step rack install SN-R640-0099 --rack R01 --u 11
step rack show R01
step stock issue "FS.com SFP-10G-SR" --qty 4 --from WH1-BIN-A01 --to-asset SN-R640-0001 --reason uplinks
step stock transfer "FS.com SFP-10G-SR" --qty 10 --from WH1-BIN-A01 --to WH1-BIN-A02
step stock show "FS.com SFP-10G-SR"
step contract add SUP-4471 --vendor Dell --kind support --starts 2026-01-01 --ends 2028-12-31 --sla NBD --team A-1
step contract cover SUP-4471 --rack R01
step report coverage --team 1A
step log --limit 5
echo
echo "\$ tally team show \"Inventory & Warehousing\"   # refused: two units have that name"
"$tally_bin" team show "Inventory & Warehousing" || echo "(exit code $?)"
echo
echo "The demo database is $TALLY_DB; try: $tally_bin --db $TALLY_DB team list"
