#!/bin/sh
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan) and runs each for
# SECONDS (default 60), one after another. Corpora start from the fixtures, the examples, the
# hand seeds in fuzz/seeds/ and every kept regression input, and grow in build/fuzz/corpus/.
# A crash leaves its input in build/fuzz/artifacts/<target>/; copy it to fuzz/regressions/<target>/
# once fixed, where `ctest` replays it forever. Prints executions per target and the total, and
# exits non-zero when any target crashed.
#   fuzz/run.sh 30                 # every target, 30 s each
#   FUZZ_TARGETS="notebook config" fuzz/run.sh 600
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
ALL="analyze_python analyze_javascript analyze_typescript analyze_tsx notebook config usage_file price_table report_json"
TARGETS="${FUZZ_TARGETS:-$ALL}"
BUILD=build/fuzz

scripts/setup.sh --fuzz
cmake --preset fuzz >/dev/null
binaries=""
for t in $TARGETS; do binaries="$binaries fuzz_$t"; done
# shellcheck disable=SC2086 # one word per target
cmake --build "$BUILD" -j 2 --target $binaries

# project_seeds TARGET DIR: each multi-file fixture case (a folder) as one input in the target's
# format: files joined by NUL, each opened by "@@ <path>", so cross-file imports resolve.
project_seeds() {
  case "$1" in
    analyze_python) ext=py ;;
    analyze_javascript) ext=js ;;
    analyze_typescript) ext=ts ;;
    *) return 0 ;;
  esac
  find tests/fixtures -mindepth 3 -type d | while IFS= read -r case_dir; do
    files="$(find "$case_dir" -maxdepth 2 -type f -name "*.$ext" | sort | head -n 16)"
    [ "$(echo "$files" | grep -c .)" -ge 2 ] || continue
    out="$2/project_$(echo "$case_dir" | tr '/' '_')"
    echo "$files" | while IFS= read -r f; do
      printf '@@ %s\n' "${f#"$case_dir"/}"
      cat "$f"
      printf '\000'
    done >"$out"
  done
}

# seed_dir TARGET: the seed files of one target, copied flat into build/fuzz/seeds/TARGET.
seed_dir() {
  dir="$BUILD/seeds/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  case "$1" in
    analyze_python) find tests/fixtures examples -name '*.py' ;;
    analyze_javascript) find tests/fixtures examples -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' ;;
    analyze_typescript) find tests/fixtures examples -name '*.ts' -o -name '*.mts' -o -name '*.cts' ;;
    analyze_tsx) find tests/fixtures examples -name '*.tsx' ;;
    notebook) find tests/fixtures examples -name '*.ipynb' ;;
    usage_file) find tests/fixtures examples -name 'llmspend-usage.yml' ;;
    config) find tests/fixtures examples -name '.llmspend.yml' ;;
    report_json) find tests/e2e/golden -name '*.json' ;;
  esac | while IFS= read -r f; do
    if [ "$(wc -c <"$f")" -le 65536 ]; then cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; fi
  done
  # YAML examples from the docs are seeds for the config and usage loaders.
  case "$1" in
    config) doc=docs/config.md ;;
    usage_file) doc=docs/usage-model.md ;;
    *) doc="" ;;
  esac
  if [ -n "$doc" ]; then
    awk '/^```yaml/{n++; f=1; next} /^```/{f=0} f {print > (d "/doc_" n ".yml")}' d="$dir" "$doc"
  fi
  case "$1" in analyze_*) project_seeds "$1" "$dir" ;; esac
  [ -d "fuzz/seeds/$1" ] && cp fuzz/seeds/"$1"/* "$dir/" 2>/dev/null || true
  echo "$dir"
}

total=0
failed=""
for t in $TARGETS; do
  seeds="$(seed_dir "$t")"
  corpus="$BUILD/corpus/$t" artifacts="$BUILD/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts" "fuzz/regressions/$t"
  log="$BUILD/fuzz-$t.log"
  if "$BUILD/fuzz/fuzz_$t" "$corpus" "$seeds" "fuzz/regressions/$t" -max_total_time="$SECONDS_PER_TARGET" \
      -seed=1 -timeout=20 -rss_limit_mb=2560 -max_len=65536 -artifact_prefix="$artifacts" \
      -print_final_stats=1 >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed="$failed $t"
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  runs="${runs:-0}"
  total=$((total + runs))
  printf 'fuzz %-20s %-5s %10s executions in %ss (log: %s)\n' "$t" "$status" "$runs" \
    "$SECONDS_PER_TARGET" "$log"
done
echo "fuzz total: $total executions"
if [ -n "$failed" ]; then
  echo "fuzz: crashes in:$failed (inputs in $BUILD/artifacts/)" >&2
  exit 1
fi
