# Shared by scripts/demo.sh and scripts/test.sh: install what is missing,
# then configure and build. Source it; do not run it.

# Debian 12 packages Tally builds and tests with (README, "Dependencies").
TALLY_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libsqlite3-dev sqlite3
  libcli11-dev libhowardhinnant-date-dev nlohmann-json3-dev
  libcsv-dev libyaml-cpp-dev libsodium-dev
  libdqlite-dev libraft-dev libuv1-dev
  libgtest-dev libxml2-utils
  libzxing-dev libcairo2-dev libjpeg-dev
  libcpp-httplib-dev openssl
  clang libclang-rt-14-dev
  dpkg-dev file lintian man-db zsh fish
  chromium
)

tally_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tally_build="${TALLY_BUILD_DIR:-$tally_root/build}"

ensure_packages() {
  local missing=()
  local wanted=("${TALLY_PACKAGES[@]}")
  # Node.js and npm run the browser tests. Debian's `nodejs` and `npm` unless a
  # node and an npm are already on the PATH (a machine with Node.js from
  # elsewhere cannot take Debian's npm beside it).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    wanted+=(nodejs npm)
  fi
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      sudo="sudo"
    else
      echo "error: need root (or sudo) to install: ${missing[*]}" >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The browser tests' npm packages (tests/browser/package-lock.json), installed as locked.
ensure_npm_packages() {
  echo "==> installing the browser tests' npm packages (npm ci)"
  (cd "$tally_root/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
}

# build [targets...]: configure (tests on) and build the given targets, or all.
build() {
  echo "==> building in $tally_build"
  cmake -S "$tally_root" -B "$tally_build" -G Ninja -DTALLY_BUILD_TESTS=ON -DTALLY_BUILD_BENCH=ON >/dev/null
  if [ "$#" -eq 0 ]; then
    cmake --build "$tally_build" -j "$(nproc)"
  else
    cmake --build "$tally_build" -j "$(nproc)" --target "$@"
  fi
}
