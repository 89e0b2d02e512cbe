#!/usr/bin/env bash
# bench/build-tsparse.sh [OUTDIR] - build the parse-only timer (bench/tsparse.c) from the repo's
# pinned tree-sitter core and grammars in grammars/node_modules (the very sources CMake compiles
# into llmspend, with the same -O2 flags). Default OUTDIR: build/bench. Result: OUTDIR/tsparse.
# Needs gcc (or $CC). If grammars/node_modules is missing: (cd grammars && npm ci --ignore-scripts).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="${1:-$REPO/build/bench}"
CC="${CC:-gcc}"
NM="$REPO/grammars/node_modules"
TS="$NM/tree-sitter/vendor/tree-sitter/lib"
[[ -f "$TS/src/lib.c" ]] || { echo "ERROR: $TS/src/lib.c missing: run (cd grammars && npm ci --ignore-scripts)" >&2; exit 1; }
mkdir -p "$OUT/obj"
OUT="$(cd "$OUT" && pwd)"
# Rebuild only when a source is newer than the binary.
if [[ -x "$OUT/tsparse" && "$OUT/tsparse" -nt "$HERE/tsparse.c" && "$OUT/tsparse" -nt "$NM/tree-sitter/package.json" ]]; then
  echo "tsparse up to date: $OUT/tsparse"; exit 0
fi
pids=()
"$CC" -O2 -w -std=c11 -D_POSIX_C_SOURCE=200112L -D_DEFAULT_SOURCE -I"$TS/include" -I"$TS/src" \
  -c "$TS/src/lib.c" -o "$OUT/obj/core.o" & pids+=($!)
for g in python javascript typescript/typescript typescript/tsx; do
  dir="$NM/tree-sitter-$g"; name="${g##*/}"
  "$CC" -O2 -w -I"$dir/src" -c "$dir/src/parser.c" -o "$OUT/obj/$name-parser.o" & pids+=($!)
  if [[ -f "$dir/src/scanner.c" ]]; then
    "$CC" -O2 -w -I"$dir/src" -c "$dir/src/scanner.c" -o "$OUT/obj/$name-scanner.o" & pids+=($!)
  fi
  # at most 2 compilers at once (2-core machines)
  while [[ $(jobs -rp | wc -l) -ge 2 ]]; do wait -n; done
done
for p in "${pids[@]}"; do wait "$p"; done
"$CC" -O2 -Wall -Wextra -std=c11 -I"$TS/include" "$HERE/tsparse.c" "$OUT"/obj/*.o -lpthread -o "$OUT/tsparse"
echo "built $OUT/tsparse (tree-sitter $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$NM/tree-sitter/package.json" | head -1))"
