# Shared by the tests in tests/install: count failures, compare values, and
# end with the count. Source it; do not run it.
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
same() {  # same WHAT EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    fail "$1"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") >&2 || true
  fi
}
# finish MESSAGE: exit 1 with the count if anything failed, else print MESSAGE.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
  fi
  echo "$1"
}
