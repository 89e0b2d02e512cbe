#!/bin/sh
# Quick start: install what is missing, build the release binary, scan the example project.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build build/release -j "$(nproc)" >&2
echo "llmspend built: build/release/src/cli/llmspend" >&2
build/release/src/cli/llmspend scan examples/
