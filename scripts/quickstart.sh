#!/bin/sh
# Quick start: install what is missing, build the release binary, scan the example project.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
echo "quickstart: building build/release/src/cli/llmspend (log: build/release/build.log)" >&2
if ! cmake --build build/release -j "$(nproc)" >build/release/build.log 2>&1; then
  tail -n 40 build/release/build.log >&2
  exit 1
fi
build/release/src/cli/llmspend scan examples/
