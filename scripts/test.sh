#!/bin/sh
# Install what is missing, build the dev preset (with tests) and run every test. Exits non-zero
# when the build or any test fails. .ci/run runs exactly this.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build build/dev -j "$(nproc)"
ctest --preset dev -j "$(nproc)"
