#!/bin/sh
# Install what is missing, build the dev preset (with tests) and run every test. Exits non-zero
# when the build or any test fails.
#   scripts/test.sh           # dev preset (RelWithDebInfo)
#   scripts/test.sh asan      # the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
# .ci/run runs both, then each fuzz target for a bounded time (fuzz/run.sh).
set -eu
cd "$(dirname "$0")/.."
PRESET="${1:-dev}"
case "$PRESET" in
  dev|asan) ;;
  *) echo "usage: scripts/test.sh [dev|asan]" >&2; exit 2 ;;
esac
scripts/setup.sh
cmake --preset "$PRESET" >/dev/null
cmake --build "build/$PRESET" -j "$(nproc)"
if [ "$PRESET" = asan ]; then
  # Leaks are findings too; abort on the first error so the failing test names it.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
ctest --preset "$PRESET" -j "$(nproc)"
