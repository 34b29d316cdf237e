#!/usr/bin/env bash
# ctest Install.StagedTree: `cmake --install` into a staging directory
# (DESTDIR) installs exactly the expected files; the installed tally runs;
# its man page renders without warnings and names every command of --help,
# every environment variable the code reads and every exit code.
#   usage: test_install.sh BUILD_DIR SOURCE_DIR VERSION SCHEMA_VERSION
set -euo pipefail
build="$1"
source_dir="$2"
version="$3"
schema_version="$4"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

DESTDIR="$stage/root" cmake --install "$build" --prefix /usr > "$stage/install.log"
root="$stage/root"

same "installed files" "./usr/bin/tally
./usr/lib/tally/modules/tally_dqlite.so
./usr/lib/tally/modules/tally_labels.so
./usr/lib/tally/modules/tally_serve.so
./usr/lib/tally/modules/tally_yaml.so
./usr/share/bash-completion/completions/tally
./usr/share/doc/tally/README.md
./usr/share/doc/tally/examples/tally.service
./usr/share/fish/vendor_completions.d/tally.fish
./usr/share/man/man1/tally.1.gz
./usr/share/zsh/vendor-completions/_tally" "$(cd "$root" && find . ! -type d | LC_ALL=C sort)"
same "mode of bin/tally" "755" "$(stat -c %a "$root/usr/bin/tally")"
same "modes of the modules" "644" "$(cd "$root/usr/lib/tally/modules" && find . -type f -printf '%m\n' | sort -u)"
same "modes of the data files" "644" "$(cd "$root/usr/share" && find . -type f -printf '%m\n' | sort -u)"
same "README.md installed as is" "" "$(cmp "$source_dir/README.md" "$root/usr/share/doc/tally/README.md" 2>&1)"
same "systemd unit example installed as is" "" \
  "$(cmp "$source_dir/packaging/tally.service" "$root/usr/share/doc/tally/examples/tally.service" 2>&1)"
# The build tree's RUNPATH is dropped on install.
same "RUNPATH of the installed binary" "" "$(readelf -d "$root/usr/bin/tally" | grep -E 'RUNPATH|RPATH' || true)"

tally="$root/usr/bin/tally"
same "installed tally --version" "tally $version (schema version $schema_version)" "$("$tally" --version)"
db="$stage/t.db"
"$tally" --db "$db" init > /dev/null
same "installed tally on a database" "IT-5,Asset & Procurement" \
  "$("$tally" --db "$db" team show IT-5 --format csv | sed -n 2p | cut -d, -f1,2)"
# The modules are found in ../lib/tally/modules/ from the installed binary: a photo
# that is missing is refused by tally_labels.so (exit 1), not a missing module (3).
set +e
err="$("$tally" --db "$db" scan decode "$stage/none.png" 2>&1)"
rc=$?
set -e
same "installed scan decode reaches tally_labels.so" "1 tally: error: cannot read image $stage/none.png: No such file or directory" "$rc $err"
printf 'manufacturer: Acme\nmodel: Box 1\nu_height: 2\n' > "$stage/box.yaml"
same "installed import models reads YAML (tally_yaml.so)" "Acme,Box 1,2" \
  "$("$tally" --db "$db" import models "$stage/box.yaml" --dry-run --format csv | sed -n 2p | cut -d, -f2,3,5)"
set +e
err="$("$tally" --db "$db" serve --listen nowhere 2>&1 | head -1)"
set -e
same "installed serve reaches tally_serve.so" "tally: error: --listen: 'nowhere' is not HOST:PORT (e.g. 127.0.0.1:8080, port 0 for any)" "$err"
for shell in bash zsh fish; do
  case "$shell" in
    bash) file="$root/usr/share/bash-completion/completions/tally" ;;
    zsh) file="$root/usr/share/zsh/vendor-completions/_tally" ;;
    fish) file="$root/usr/share/fish/vendor_completions.d/tally.fish" ;;
  esac
  same "installed $shell completion is tally completion $shell" "" \
    "$(cmp <("$tally" completion "$shell") "$file" 2>&1)"
done

# The man page: the generated roff, rendered by man(1) without a warning.
page="$root/usr/share/man/man1/tally.1.gz"
same "man page is tally __manpage" "" "$(cmp <("$tally" __manpage) <(gzip -dc "$page") 2>&1)"
MANWIDTH=80 man --warnings -l "$page" > "$stage/man.txt" 2> "$stage/man.err" || fail "man -l exited $?"
same "man --warnings output" "" "$(cat "$stage/man.err")"
same "man page sections" "NAME
SYNOPSIS
DESCRIPTION
GLOBAL OPTIONS
COMMANDS
FILTER TERMS
EXIT STATUS
ENVIRONMENT
FILES
SEE ALSO" "$(grep -E '^[A-Z][A-Z ]+$' "$stage/man.txt")"

# Every command of `tally --help`, and every verb of each, is a subsection.
commands() {  # the names under "Subcommands:" of a --help text
  awk '/^Subcommands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }'
}
nouns="$("$tally" --help | commands)"
# A guard against reading no commands at all (the parse of --help broke).
[ "$(printf '%s\n' "$nouns" | wc -l)" -ge 25 ] || fail "fewer than 25 commands read from tally --help"
checked=0
for noun in $nouns; do
  grep -qx "   tally $noun" "$stage/man.txt" || fail "man page has no subsection 'tally $noun'"
  checked=$((checked + 1))
  for verb in $("$tally" "$noun" --help | commands); do
    grep -qx "   tally $noun $verb" "$stage/man.txt" || fail "man page has no subsection 'tally $noun $verb'"
    checked=$((checked + 1))
  done
done
[ "$checked" -ge 100 ] || fail "only $checked commands and verbs read from --help"
# Every option of every verb is in its section: spot-check one of each kind.
for text in "--db PATH" "--format table|csv|json" "--override" "--qty" "status:in_stock" "tally sql"; do
  grep -qF -- "$text" "$stage/man.txt" || fail "man page does not mention '$text'"
done

# Every environment variable the code reads is documented, and nothing else.
# (Tags of .TP items start at column 7; a short tag shares its line with the text.)
read_vars="$(cd "$source_dir" && { grep -rhoE 'getenv\("[A-Z_]+"\)' src cli | sed -E 's/getenv\("(.*)"\)/\1/';
  grep -rhoE 'envname\("[A-Z_]+"\)' cli | sed -E 's/envname\("(.*)"\)/\1/'; } | LC_ALL=C sort -u)"
documented="$(awk '/^ENVIRONMENT$/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^       [A-Z_]+( |$)/ { print $1 }' \
  "$stage/man.txt" | LC_ALL=C sort)"
same "environment variables in the man page" "$read_vars" "$documented"
same "exit codes in the man page" "0 1 2 3 4" \
  "$(awk '/^EXIT STATUS$/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^       [0-9]+( |$)/ { print $1 }' \
    "$stage/man.txt" | xargs)"
same "files in the man page" "./tally.db
DATABASE-wal, DATABASE-shm" \
  "$(awk '/^FILES$/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^       [^ ]/ { print $0 }' "$stage/man.txt" |
    sed 's/^ *//')"

finish "install into DESTDIR: 6 files, tally --version, man page with $checked commands and verbs: ok"
