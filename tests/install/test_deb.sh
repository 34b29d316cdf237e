#!/usr/bin/env bash
# ctest Install.DebianPackage: builds the .deb from the built tree with CPack,
# checks its control fields (the Depends that dpkg-shlibdeps computed), its
# exact contents and the stripped binary, installs it with dpkg into a
# throwaway root, runs `tally --version` from there, removes it again, and
# runs lintian, whose findings must be exactly the explained ones.
#   usage: test_deb.sh BUILD_DIR VERSION SCHEMA_VERSION
set -euo pipefail
build="$1"
version="$2"
schema_version="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

arch="$(dpkg --print-architecture)"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; exit 1; }
deb="$work/out/tally_${version}_${arch}.deb"
same "packages made (no debug-symbols package)" "tally_${version}_${arch}.deb" "$(cd "$work/out" && ls -- *.deb)"

same "control fields" "Package: tally
Version: $version
Architecture: $arch
Maintainer: Tally maintainers <maintainers@users.noreply.b-seed-659849ae.example>
Section: utils
Priority: optional" "$(dpkg-deb -f "$deb" Package Version Architecture Maintainer Section Priority)"
# From the shlibs of the libraries the binary links (Debian 12's versions).
same "Depends" "libc6 (>= 2.34), libcairo2 (>= 1.2.4), libcpp-httplib0.11 (>= 0.11.4+ds), libcsv3 (>= 3.0.3), libdate-tz3 (>= 3.0.1), libdqlite0 (>= 1.11.1), libgcc-s1 (>= 3.0), libjpeg62-turbo (>= 1.3.1), libsodium23 (>= 1.0.14), libsqlite3-0 (>= 3.30.1+fossil191229), libstdc++6 (>= 12), libyaml-cpp0.7 (>= 0.7.0), libzxing2 (>= 1.4.0)" \
  "$(dpkg-deb -f "$deb" Depends)"
same "contents" "./usr/
./usr/bin/
./usr/bin/tally
./usr/lib/
./usr/lib/tally/
./usr/lib/tally/modules/
./usr/lib/tally/modules/tally_dqlite.so
./usr/lib/tally/modules/tally_labels.so
./usr/lib/tally/modules/tally_serve.so
./usr/lib/tally/modules/tally_yaml.so
./usr/share/
./usr/share/bash-completion/
./usr/share/bash-completion/completions/
./usr/share/bash-completion/completions/tally
./usr/share/doc/
./usr/share/doc/tally/
./usr/share/doc/tally/README.md
./usr/share/doc/tally/changelog.gz
./usr/share/doc/tally/examples/
./usr/share/doc/tally/examples/tally.service
./usr/share/fish/
./usr/share/fish/vendor_completions.d/
./usr/share/fish/vendor_completions.d/tally.fish
./usr/share/lintian/
./usr/share/lintian/overrides/
./usr/share/lintian/overrides/tally
./usr/share/man/
./usr/share/man/man1/
./usr/share/man/man1/tally.1.gz
./usr/share/zsh/
./usr/share/zsh/vendor-completions/
./usr/share/zsh/vendor-completions/_tally" "$(dpkg-deb -c "$deb" | awk '{ print $6 }')"
same "owners" "root/root" "$(dpkg-deb -c "$deb" | awk '{ print $2 }' | sort -u)"

dpkg-deb -x "$deb" "$work/x"
case "$(file -b "$work/x/usr/bin/tally")" in
  *", stripped"*) ;;
  *) fail "usr/bin/tally is not stripped: $(file -b "$work/x/usr/bin/tally")" ;;
esac
size="$(stat -c %s "$work/x/usr/bin/tally")"
[ "$size" -lt 20000000 ] || fail "stripped usr/bin/tally is $size bytes"

# dpkg into a throwaway root (its own dpkg database; the libraries are the host's).
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg --root="$root" --log=/dev/null --force-depends -i "$deb" > "$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; fail "dpkg -i into $root"; }
same "dpkg status in the throwaway root" "install ok installed $version" \
  "$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status} ${Version}' tally)"
same "tally --version from the package" "tally $version (schema version $schema_version)" \
  "$("$root/usr/bin/tally" --version)"
dpkg --root="$root" --log=/dev/null --purge tally > "$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; fail "dpkg --purge"; }
same "files left after dpkg --purge" "" "$(cd "$root" && find usr ! -type d 2>/dev/null)"

# lintian: every finding left is overridden with its reason (packaging/lintian-overrides).
# The exact list below is the check (--show-overrides alone makes lintian exit 2).
lintian --no-cfg --display-level ">=pedantic" --show-overrides --fail-on none "$deb" > "$work/lintian.txt" \
  2> "$work/lintian.err" ||
  fail "lintian exited $?: $(cat "$work/lintian.txt" "$work/lintian.err")"
same "lintian findings (O: overridden)" "$(cat "$(dirname "$0")/lintian-expected.txt")" \
  "$(grep -E '^[EWIPXO]: ' "$work/lintian.txt" | LC_ALL=C sort)"
same "changelog" "tally ($version) unstable; urgency=medium" "$(gzip -dc "$work/x/usr/share/doc/tally/changelog.gz" | head -1)"

finish "debian package: control, Depends, contents, dpkg --root install and purge, lintian: ok"
