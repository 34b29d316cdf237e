#!/usr/bin/env bash
# ctest Completion.Shells: sources `tally completion bash` in bash and calls
# its function with COMP_WORDS/COMP_CWORD set, on a real database made here,
# checking the exact candidates (nouns, verbs, options, choices, and team,
# location, rack and PO codes read from the database without writing to it);
# runs fish's own completer on `tally completion fish`; checks the zsh
# script's syntax with zsh -n.
#   usage: test_completion.sh TALLY_BIN
set -euo pipefail
tally="$(readlink -f "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

export TALLY_ACTOR=test TALLY_NOW=2026-11-27T09:00:00Z TALLY_TODAY=2026-11-27
export TALLY_DB="$work/tally.db"
t() { "$tally" "$@" > /dev/null; }
t init
t location add DC1 --name "Frankfurt"
t location add DC1-H1 --name "Hall 1" --parent DC1
t location add DC2 --name "Berlin"
t location add WH1 --name "Warehouse" --kind warehouse
t rack add R01 --location DC1-H1 --height 42 --team A-3
t rack add R02 --location DC1-H1 --height 42 --team A-3
t rack add S07 --location DC2 --height 42 --team A-3
t vendor add Dell --manufacturer --supplier
t po create --vendor Dell --team A-3
t po create --vendor Dell --team A-3
t po create --vendor Dell --team IT-5

source <("$tally" completion bash)
# complete WORD... : the candidates bash offers for the last word.
complete_line() {
  COMP_WORDS=("$tally" "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _tally
  printf '%s\n' "${COMPREPLY[@]}" | xargs
}
expect() {  # expect "CANDIDATES" WORD...
  local want="$1"
  shift
  local got
  got="$(complete_line "$@")"
  if [ "$got" != "$want" ]; then
    fail "tally $* <TAB>: want '$want', got '$got'"
  fi
}

# Completion opens the database read-only, never migrated (OpenMode::inspect,
# like tally doctor): the file's bytes stay the same. SQLite creates the
# -wal and -shm files a WAL reader needs when they are missing; nothing is
# written to the log.
before="$(sha256sum "$TALLY_DB")"
expect "team test" te
expect "list show" team ""
expect "add list set" location ""
expect "IT-1 IT-2 IT-3 IT-4 IT-5" team show IT-
expect "U-AP1 U-AP2 U-AP3" person list --team U-AP
expect "DC1 DC1-H1" location set DC1
expect "DC1 DC1-H1 DC2 WH1" location add NEW --name x --parent ""
expect "R01 R02" rack show R
expect "S07" rack install AT-00000001 --rack S
expect "PO-2026-0001 PO-2026-0002 PO-2026-0003" po show PO-
expect "PO-2026-0003" receive PO-2026-0003
expect "WH1" stock transfer "FS.com SFP" --qty 1 --from DC1 --to W
expect "csv json table" --format ""
expect "csv" team list --format c
expect "--format" team list --fo
expect "--db --decimal --dialect --dry-run" import assets --d
expect "bash fish zsh" completion ""
# No database: nothing, exit 0; --db on the line is the database read.
expect "" --db "$work/none.db" team show IT-
expect "IT-5" --db "$TALLY_DB" team show IT-5
(
  unset TALLY_DB
  cd "$work"
  mkdir -p empty && cd empty
  expect "" team show IT-
  expect "" po show ""
  out="$("$tally" __complete -- team show "" 2>&1)" && rc=0 || rc=$?
  [ "$rc" = 0 ] && [ -z "$out" ] || fail "__complete without a database: exit $rc, output '$out'"
  [ -z "$(ls -A)" ] || fail "__complete without a database created $(ls -A)"
)
after="$(sha256sum "$TALLY_DB")"
[ "$before" = "$after" ] || fail "completion changed the database: '$before' -> '$after'"
[ ! -s "$TALLY_DB-wal" ] || fail "completion wrote $(stat -c %s "$TALLY_DB-wal") bytes to the write-ahead log"

# An unknown shell is a usage error; the hidden commands are not in --help.
"$tally" completion tcsh > /dev/null 2>&1 && rc=0 || rc=$?
[ "$rc" = 2 ] || fail "tally completion tcsh: exit $rc, want 2"
[ -z "$("$tally" --help | grep -e __complete -e __manpage)" ] || fail "tally --help lists a hidden command"

# fish runs its own completer over the script (tally on PATH, as installed).
mkdir -p "$work/bin"
ln -s "$(readlink -f "$tally")" "$work/bin/tally"
"$tally" completion fish > "$work/tally.fish"
"$tally" completion zsh > "$work/_tally"
if command -v fish > /dev/null; then
  fish -n "$work/tally.fish" || fail "fish -n tally.fish"
  got="$(PATH="$work/bin:$PATH" fish --no-config -c "source $work/tally.fish; complete -C'tally rack show R'" | xargs)"
  [ "$got" = "R01 R02" ] || fail "fish: tally rack show R<TAB>: want 'R01 R02', got '$got'"
  got="$(PATH="$work/bin:$PATH" fish --no-config -c "source $work/tally.fish; complete -C'tally tea'" | xargs)"
  [ "$got" = "team" ] || fail "fish: tally tea<TAB>: want 'team', got '$got'"
else
  fail "fish is not installed (scripts/lib.sh installs it)"
fi
if command -v zsh > /dev/null; then
  zsh -n "$work/_tally" || fail "zsh -n _tally"
else
  fail "zsh is not installed (scripts/lib.sh installs it)"
fi

finish "completion: bash candidates, fish candidates, zsh syntax: ok"
