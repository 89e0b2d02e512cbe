#!/usr/bin/env bash
# bench/run.sh - the llmspend performance benchmark (issue 8), one command.
#
#   bench/run.sh [--corpora DIR] [--llmspend BIN | --commit REV] [--runs N] [--only large|llm]
#                [--wait-idle SECS] [--no-accuracy] [--no-build]
#
# 1. builds or reuses the corpora with ../shared/bench/make-corpus.sh (pinned Debian + npm packages,
#    ~85 s the first time) into DIR (default /work/corpora, or $LLMSPEND_CORPORA) - never inside the repo;
#    warns when a content digest differs from the recipe's expected one;
# 2. builds bench/tsparse (parse-only timer, repo's pinned tree-sitter) and the binary to time:
#    --llmspend BIN: that binary; --commit REV: `git archive REV` exported to
#    $LLMSPEND_BENCH_BUILD/<sha> (default /work/bench-build) and built Release there, so the figures
#    belong to exactly one commit (other people's uncommitted edits are not in it); default: the
#    repo's build/release binary (built with `cmake --preset release` when missing, unless --no-build);
# 3. per corpus, warm page cache, median of N runs (default 3) of:
#      read floor   cd CORPUS && tr '\n' '\0' < LIST | xargs -0 cat > /dev/null
#      parse-only   bench tsparse -j J -C CORPUS LIST          (J = 1 and 2)
#      llmspend     llmspend scan . --no-default-excludes --format json --quiet --jobs J --out-file F
#                   under /usr/bin/time (peak RSS = max resident set size)          (J = 1 and 2)
#    and prints files, MB, wall, MB/s, sites, peak RSS and the ratios issue 8 targets;
# 4. runs bench/accuracy.py on the generated part of llm/ (from the llm/ report, and scanning
#    llm/synth as its own root).
# Results (TSV, reports, logs) go to DIR/results/<UTC timestamp>/. Timing is only meaningful on an
# otherwise idle machine: the load average before/after is printed; --wait-idle waits (up to SECS)
# for the 1-minute load to fall below 0.5 first.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
CORPORA="${LLMSPEND_CORPORA:-/work/corpora}"
BIN=""
COMMIT_REQ=""
RUNS=3
ONLY="large llm"
WAIT_IDLE=0
ACCURACY=1
BUILD=1
MAKE_CORPUS="${MAKE_CORPUS:-$REPO/../shared/bench/make-corpus.sh}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --corpora) CORPORA="$2"; shift 2 ;;
    --llmspend) BIN="$2"; shift 2 ;;
    --commit) COMMIT_REQ="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --wait-idle) WAIT_IDLE="$2"; shift 2 ;;
    --no-accuracy) ACCURACY=0; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
die() { echo "ERROR: $*" >&2; exit 1; }
declare -A EXPECT_DIGEST=([large]=5764b889231dc7be [llm]=0f46e3067723641c)
declare -A EXPECT_FILES=([large]=20507 [llm]=11533)

# ---- 1. corpora -----------------------------------------------------------------------------
mkdir -p "$CORPORA"
CORPORA="$(cd "$CORPORA" && pwd)"
case "$CORPORA/" in "$REPO"/*) die "corpora must live outside the repo (got $CORPORA)";; esac
need_build=0
for c in $ONLY; do [[ -f "$CORPORA/$c/.corpus-ok" && -f "$CORPORA/lists/$c.txt" ]] || need_build=1; done
[[ -f "$MAKE_CORPUS" ]] || die "corpus recipe not found: $MAKE_CORPUS (set MAKE_CORPUS=...)"
echo "== corpora: $CORPORA ($([[ $need_build == 1 ]] && echo building || echo checking))"
corpus_log="$CORPORA/make-corpus.log"
for c in $ONLY; do
  bash "$MAKE_CORPUS" --only "$c" "$CORPORA" >"$corpus_log.$c" 2>&1 || { tail -20 "$corpus_log.$c" >&2; die "make-corpus.sh --only $c failed (log: $corpus_log.$c)"; }
  got="$(sed -n 's/.*content digest: //p' "$corpus_log.$c" | tail -1)"
  if [[ "$got" == "${EXPECT_DIGEST[$c]}" ]]; then echo "   $c: digest $got (as the recipe expects)"
  else echo "   WARNING: $c digest $got, recipe expects ${EXPECT_DIGEST[$c]}: figures are not comparable" >&2; fi
done

# ---- 2. tools -----------------------------------------------------------------------------
bash "$HERE/build-tsparse.sh" >/dev/null || die "building bench tsparse failed"
TSPARSE="$REPO/build/bench/tsparse"
if [[ -n "$COMMIT_REQ" ]]; then
  sha="$(git -C "$REPO" rev-parse --short=12 "$COMMIT_REQ^{commit}")" || die "unknown commit $COMMIT_REQ"
  src="${LLMSPEND_BENCH_BUILD:-/work/bench-build}/$sha"
  BIN="$src/build/release/src/cli/llmspend"
  if [[ ! -x "$BIN" ]]; then
    echo "== building llmspend at $sha in $src (Release)"
    rm -rf "$src"; mkdir -p "$src"
    git -C "$REPO" archive "$sha" | tar -x -C "$src" || die "git archive $sha failed"
    ln -s "$REPO/grammars/node_modules" "$src/grammars/node_modules"
    # The BPE rank files are embedded from tokenizer/node_modules (npm ci in the repo).
    [[ -d "$REPO/tokenizer/node_modules" ]] && ln -s "$REPO/tokenizer/node_modules" "$src/tokenizer/node_modules"
    (cd "$src" && cmake --preset release >"$src/build.log" 2>&1 && nice cmake --build build/release -j2 >>"$src/build.log" 2>&1) \
      || { tail -20 "$src/build.log" >&2; die "release build of $sha failed (log: $src/build.log)"; }
  fi
elif [[ -z "$BIN" ]]; then
  BIN="$REPO/build/release/src/cli/llmspend"
  if [[ ! -x "$BIN" && $BUILD == 1 ]]; then
    echo "== building the release binary (cmake --preset release)"
    (cd "$REPO" && cmake --preset release >/dev/null && cmake --build build/release -j2 >/dev/null) || die "release build failed"
  fi
fi
[[ -x "$BIN" ]] || die "llmspend binary not found: $BIN"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"  # the scans run from inside each corpus
[[ -x /usr/bin/time ]] || die "/usr/bin/time missing (apt-get install time)"

load1() { cut -d' ' -f1 /proc/loadavg; }
if [[ "$WAIT_IDLE" -gt 0 ]]; then
  waited=0
  while awk -v l="$(load1)" 'BEGIN{exit !(l >= 0.5)}' && [[ $waited -lt $WAIT_IDLE ]]; do sleep 5; waited=$((waited + 5)); done
  echo "== waited ${waited}s for an idle machine (load1 now $(load1))"
fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$CORPORA/results/$STAMP"; mkdir -p "$OUT"
if [[ -n "$COMMIT_REQ" ]]; then COMMIT="$sha (exported, clean)"; DIRTY=""
else
  COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  DIRTY="$(git -C "$REPO" status --porcelain -- src CMakeLists.txt cmake 2>/dev/null | head -1)"
fi
BIN_TIME="$(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ)"
{
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine:  $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "repo:     HEAD $COMMIT$([[ -n "$DIRTY" ]] && echo ' (src/ has uncommitted changes)'); binary $BIN built $BIN_TIME ($("$BIN" --version 2>/dev/null))"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (before)"
  echo "runs:     median of $RUNS, warm page cache"
} | tee "$OUT/env.txt"

now_ns() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'; }

# ---- 3. measurements ------------------------------------------------------------------------
RES="$OUT/results.tsv"
printf 'corpus\tmeasure\tjobs\twall_s\tpeak_rss_kib\tsites\trc\n' >"$RES"
for c in $ONLY; do
  dir="$CORPORA/$c"; list="$CORPORA/lists/$c.txt"
  nfiles=$(wc -l <"$list")
  bytes=$(cd "$dir" && tr '\n' '\0' <"$list" | du -cb --files0-from=- | tail -1 | cut -f1)
  echo "== $c: $nfiles files, $bytes bytes"
  (cd "$dir" && tr '\n' '\0' <"$list" | xargs -0 cat >/dev/null)   # warm the page cache

  # read floor
  for ((r = 0; r < RUNS; r++)); do
    t0=$(now_ns); (cd "$dir" && tr '\n' '\0' <"$list" | xargs -0 cat >/dev/null); t1=$(now_ns)
    echo "$(( (t1 - t0) / 1000000 ))"
  done | awk '{printf "%.3f\n", $1/1000}' | median >"$OUT/$c.read"
  printf '%s\tread_floor\t1\t%s\t\t\t0\n' "$c" "$(cat "$OUT/$c.read")" >>"$RES"

  for j in 1 2; do
    # parse-only
    for ((r = 0; r < RUNS; r++)); do
      "$TSPARSE" -j "$j" -C "$dir" "$list" >"$OUT/$c.tsparse.j$j.$r.txt"
      sed -n 's/.* wall=\([0-9.]*\).*/\1/p' "$OUT/$c.tsparse.j$j.$r.txt"
    done | median >"$OUT/$c.parse.j$j"
    printf '%s\tparse_only\t%s\t%s\t\t\t0\n' "$c" "$j" "$(cat "$OUT/$c.parse.j$j")" >>"$RES"

    # llmspend
    : >"$OUT/$c.scan.j$j.runs"
    for ((r = 0; r < RUNS; r++)); do
      rep="$OUT/$c.j$j.json"
      t0=$(now_ns)
      (cd "$dir" && /usr/bin/time -f '%M' -o "$OUT/$c.scan.j$j.$r.time" \
        "$BIN" scan . --no-default-excludes --format json --quiet --jobs "$j" --out-file "$rep" 2>"$OUT/$c.scan.j$j.$r.err")
      rc=$?; t1=$(now_ns)
      rss=$(grep -E '^[0-9]+$' "$OUT/$c.scan.j$j.$r.time" | tail -1)
      [[ $rc -eq 0 || $rc -eq 1 ]] || { grep -q 'signal' "$OUT/$c.scan.j$j.$r.time" && rc="sig$(grep -o 'signal [0-9]*' "$OUT/$c.scan.j$j.$r.time" | grep -o '[0-9]*')"; }
      sites=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["sites"])' "$rep" 2>/dev/null || echo "")
      printf '%s %s %s %s\n' "$(( (t1 - t0) / 1000000 ))" "${rss:--}" "${sites:--}" "$rc" >>"$OUT/$c.scan.j$j.runs"
      rm -f "$rep.tmp"
      [[ "$rc" == 0 || "$rc" == 1 ]] || { echo "   llmspend --jobs $j crashed: exit $rc (stderr: $OUT/$c.scan.j$j.$r.err)" >&2; break; }
    done
    wall=$(awk '{printf "%.3f\n", $1/1000}' "$OUT/$c.scan.j$j.runs" | median)
    rss=$(awk '$2 != "-" {print $2}' "$OUT/$c.scan.j$j.runs" | sort -n | tail -1)
    sites=$(awk '$3 != "-" {print $3}' "$OUT/$c.scan.j$j.runs" | tail -1)
    rc=$(awk '{print $4}' "$OUT/$c.scan.j$j.runs" | sort -u | paste -sd, -)
    printf '%s\tllmspend\t%s\t%s\t%s\t%s\t%s\n' "$c" "$j" "$wall" "$rss" "$sites" "$rc" >>"$RES"
  done
  printf '%s\tbytes\t\t%s\t\t%s\t\n' "$c" "$bytes" "$nfiles" >>"$RES"
done
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (after)" | tee -a "$OUT/env.txt"

# ---- report -------------------------------------------------------------------------------
python3 - "$RES" <<'PYEOF' | tee "$OUT/summary.txt"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {}
for r in rows:
    by.setdefault(r["corpus"], {})[(r["measure"], r["jobs"])] = r
def f(x):
    try: return float(x)
    except (TypeError, ValueError): return None
print()
print(f"{'corpus':7} {'files':>6} {'MB':>7} | {'read s':>7} | {'parse j1':>8} {'parse j2':>8} | {'scan j1':>8} {'scan j2':>8} {'MB/s j2':>8} {'sites':>6} {'RSS j1':>7} {'RSS j2':>7} | {'j2/read':>7} {'j2/parse2':>9} {'j2/j1':>6} {'exit':>8}")
for c, m in by.items():
    b = m[("bytes", "")]; mb = f(b["wall_s"]) / 1e6; files = b["sites"]
    rd = f(m[("read_floor", "1")]["wall_s"])
    p1 = f(m[("parse_only", "1")]["wall_s"]); p2 = f(m[("parse_only", "2")]["wall_s"])
    s1 = m[("llmspend", "1")]; s2 = m[("llmspend", "2")]
    w1 = f(s1["wall_s"]); w2 = f(s2["wall_s"])
    ok = all(x["rc"] in ("0", "1") for x in (s1, s2))
    rss = lambda x: f"{int(x['peak_rss_kib']) / 1024:.0f}Mi" if x["peak_rss_kib"] else "-"
    r = lambda a, b: f"{a / b:.2f}" if (a and b and ok) else "-"
    print(f"{c:7} {files:>6} {mb:7.1f} | {rd:7.3f} | {p1:8.3f} {p2:8.3f} | {w1 if ok else float('nan'):8.3f} {w2 if ok else float('nan'):8.3f} "
          f"{(mb / w2) if (ok and w2) else 0:8.1f} {s2['sites'] or '-':>6} {rss(s1):>7} {rss(s2):>7} | {r(w2, rd):>7} {r(w2, p2):>9} {r(w2, w1):>6} {s1['rc'] + '/' + s2['rc']:>8}")
print("\ntargets (issue 8): large j2/read <= 1.5 (stretch 1.0); llm j2/parse2 <= 1.5; j2/j1 <= 0.6; RSS <= 200 MiB at j2")
PYEOF

# ---- 4. accuracy --------------------------------------------------------------------------
if [[ $ACCURACY == 1 && " $ONLY " == *" llm "* ]]; then
  echo
  if [[ -f "$OUT/llm.j2.json" ]]; then
    echo "== accuracy on llm/synth, from the llm/ scan (--jobs 2)"
    python3 "$HERE/accuracy.py" --corpora "$CORPORA" --report "$OUT/llm.j2.json" --json "$OUT/accuracy-llm.json" >"$OUT/accuracy-llm.txt"
    sed -n '1,7p;/^verdict/p' "$OUT/accuracy-llm.txt"
  else
    echo "== accuracy from the llm/ scan: no report (scan failed)"
  fi
  echo "== accuracy on llm/synth scanned as its own root"
  python3 "$HERE/accuracy.py" --corpora "$CORPORA" --llmspend "$BIN" --save-report "$OUT/synth.json" --json "$OUT/accuracy-synth.json" >"$OUT/accuracy-synth.txt" 2>/dev/null
  sed -n '1,7p;/^verdict/p' "$OUT/accuracy-synth.txt"
fi
echo
echo "results: $OUT"
