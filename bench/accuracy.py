#!/usr/bin/env python3
"""bench/accuracy.py - accuracy of `llmspend scan` on the generated part of the LLM-heavy corpus.

The corpus recipe (../shared/bench/make-corpus.sh) writes CORPORA/llm/synth/ and
CORPORA/lists/synth-expected.tsv: one row per generated call site
    path (relative to llm/)  line (1-based, or "cellN:1" = line 1 of the N-th cell, 1-based)
    lang  sdk  call  model ("" = deliberately dynamic: no static answer exists)

This script compares a JSON report (schema v1) against that list:
  * found      - a site is reported at that path + line (notebooks: JSON `cell` is 0-based over ALL
                 cells, `start_line` is the line inside the cell; the TSV's cellN is 1-based over all
                 cells - every cell of the generated notebooks is a code cell, so cellN -> cell N-1)
  * model      - for rows with a known model: the reported `model` equals it exactly
                 (a multi-valued answer whose candidates include it is counted separately, not as right)
  * dynamic    - rows with model "": the report should say unresolved (model null); a value is counted
  * extra      - reported sites under synth/ that match no row (possible false positives)

Usage:
  accuracy.py [--corpora DIR] [--report FILE.json | --llmspend BIN] [--jobs N] [--json OUT] [--examples K]
With --llmspend (default: build/release/src/cli/llmspend) it runs
  llmspend scan CORPORA/llm/synth --no-default-excludes --format json --quiet --out-file TMP
A report of the whole llm/ corpus (paths starting with "synth/") is accepted too and filtered.
Exit code: 0 when every listed site is found and >= 95% of known models are right, else 1 (2 on setup errors).
python3 stdlib only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_expected(tsv_path):
    rows = []
    with open(tsv_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:6] != ["path", "line", "lang", "sdk", "call", "model"]:
            sys.exit(f"error: unexpected header in {tsv_path}: {header}")
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw:
                continue
            path, line, lang, sdk, call, model = raw.split("\t")
            if line.startswith("cell"):
                cell_1based, cell_line = line[4:].split(":")
                key = (path, int(cell_1based) - 1, int(cell_line))
            else:
                key = (path, None, int(line))
            rows.append({"key": key, "path": path, "line": line, "lang": lang, "sdk": sdk, "call": call, "model": model})
    return rows


def run_scan(binary, root, jobs, out=None):
    if not out:
        fd, out = tempfile.mkstemp(prefix="llmspend-synth-", suffix=".json")
        os.close(fd)
    cmd = [binary, "scan", root, "--no-default-excludes", "--format", "json", "--quiet", "--out-file", out]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    print("$ " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd)
    if proc.returncode not in (0, 1):
        sys.exit(f"error: llmspend exited with {proc.returncode}")
    return out


def source_line(corpora, rel_llm_path, cell, line):
    """The source text at a row's location (for examples), '' when unavailable."""
    p = os.path.join(corpora, "llm", rel_llm_path)
    try:
        if cell is not None:
            with open(p, encoding="utf-8") as f:
                nb = json.load(f)
            src = nb["cells"][cell]["source"]
            text = "".join(src) if isinstance(src, list) else src
        else:
            with open(p, encoding="utf-8", errors="replace") as f:
                text = f.read()
        lines = text.split("\n")
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""
    except (OSError, ValueError, KeyError, IndexError):
        return ""


def loc(row_or_key):
    path, cell, line = row_or_key
    return f"{path}:cell{cell + 1}:{line}" if cell is not None else f"{path}:{line}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=os.environ.get("LLMSPEND_CORPORA", "/work/corpora"))
    ap.add_argument("--report", help="existing JSON report of llm/synth (or of llm/)")
    ap.add_argument("--llmspend", default=os.path.join(REPO, "build/release/src/cli/llmspend"))
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--save-report", help="with --llmspend: keep the JSON report here")
    ap.add_argument("--json", dest="json_out", help="also write the figures as JSON here")
    ap.add_argument("--examples", type=int, default=3, help="examples per miss/wrong group")
    args = ap.parse_args()

    tsv = os.path.join(args.corpora, "lists", "synth-expected.tsv")
    if not os.path.isfile(tsv):
        print(f"error: {tsv} missing: build the corpora first (bench/run.sh or make-corpus.sh)", file=sys.stderr)
        return 2
    expected = load_expected(tsv)

    report_path = args.report or run_scan(args.llmspend, os.path.join(args.corpora, "llm", "synth"), args.jobs,
                                          args.save_report)
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    sites = report.get("sites", [])
    whole_llm = any(s["path"].startswith("synth/") for s in sites)

    reported = collections.defaultdict(list)  # key -> [site]
    for s in sites:
        path = s["path"]
        if whole_llm:
            if not path.startswith("synth/"):
                continue
        else:
            path = "synth/" + path
        cell = s.get("cell")
        reported[(path, cell, s["start_line"])].append(s)

    n = len(expected)
    found = known = known_found = right = cand_only = 0
    dyn = dyn_found = dyn_unresolved = 0
    misses = collections.defaultdict(list)
    wrong = collections.defaultdict(list)
    dyn_valued = []
    matched_keys = set()
    per_group = collections.defaultdict(lambda: [0, 0, 0, 0])  # listed, found, known, right
    for r in expected:
        g = (r["lang"], r["sdk"], r["call"])
        pg = per_group[g]
        pg[0] += 1
        got = reported.get(r["key"], [])
        if r["model"]:
            known += 1
            pg[2] += 1
        else:
            dyn += 1
        if not got:
            misses[g].append(r)
            continue
        matched_keys.add(r["key"])
        found += 1
        pg[1] += 1
        s = got[0]
        if r["model"]:
            known_found += 1
            if s.get("model") == r["model"]:
                right += 1
                pg[3] += 1
            else:
                if r["model"] in (s.get("model_candidates") or []):
                    cand_only += 1
                wrong[g].append((r, s))
        else:
            dyn_found += 1
            if s.get("model") is None and not s.get("model_candidates"):
                dyn_unresolved += 1
            else:
                dyn_valued.append((r, s))

    extra = [(k, s) for k, ss in reported.items() if k not in matched_keys for s in ss]
    dup = sum(len(ss) - 1 for k, ss in reported.items() if k in matched_keys and len(ss) > 1)

    def pct(a, b):
        return 100.0 * a / b if b else 0.0

    print(f"report: {report_path}  ({len(sites)} sites in report, tool {report.get('tool', {}).get('version')})")
    print(f"listed sites:            {n}")
    print(f"found (path+line):       {found} / {n} = {pct(found, n):.2f}%")
    print(f"known-model sites:       {known} (found {known_found})")
    print(f"model right:             {right} / {known} = {pct(right, known):.2f}%   "
          f"(wrong {known_found - right}, of which candidates include it {cand_only}; missed {known - known_found})")
    print(f"dynamic sites (\"\"):      {dyn}: found {dyn_found}, reported unresolved {dyn_unresolved}, "
          f"given a value {len(dyn_valued)}")
    print(f"extra sites (not listed): {len(extra)}   duplicate reports at a listed line: {dup}")

    print("\nper (lang, sdk, call):  listed  found  known  right")
    for g in sorted(per_group):
        a, b, c, d = per_group[g]
        print(f"  {'/'.join(g):45s} {a:6d} {b:6d} {c:6d} {d:6d}"
              + ("" if a == b and c == d else "   <--"))

    k = args.examples
    if misses:
        print("\nMISSES by (lang, sdk, call):")
        for g, rs in sorted(misses.items(), key=lambda kv: -len(kv[1])):
            print(f"  {'/'.join(g)}: {len(rs)} missed of {per_group[g][0]}")
            for r in rs[:k]:
                p, c, l = r["key"]
                print(f"    {loc(r['key'])}  | {source_line(args.corpora, p, c, l)}")
    if wrong:
        print("\nWRONG MODEL by (lang, sdk, call):")
        for g, ps in sorted(wrong.items(), key=lambda kv: -len(kv[1])):
            print(f"  {'/'.join(g)}: {len(ps)} wrong")
            reasons = collections.Counter(
                (s.get("model_source") or "?") + ((": " + s["unresolved_reason"]) if s.get("unresolved_reason") else "")
                for _, s in ps)
            for reason, cnt in reasons.most_common(3):
                print(f"    [{cnt}x] {reason}")
            for r, s in ps[:k]:
                p, c, l = r["key"]
                print(f"    {loc(r['key'])}  expected {r['model']!r} got {s.get('model')!r} "
                      f"cands={s.get('model_candidates')} expr={s.get('model_expr')!r}")
                print(f"      | {source_line(args.corpora, p, c, l)}")
    if dyn_valued:
        print("\nDYNAMIC sites given a value (expected unresolved):")
        for r, s in dyn_valued[:k]:
            print(f"    {loc(r['key'])}  got {s.get('model')!r} cands={s.get('model_candidates')}")
    if extra:
        print("\nEXTRA sites (reported, not listed):")
        by = collections.Counter((s.get("sdk"), s.get("api")) for _, s in extra)
        for (sdk, api), cnt in by.most_common():
            print(f"  {sdk}/{api}: {cnt}")
        for key, s in extra[: max(k, 5)]:
            p, c, l = key
            print(f"    {loc(key)}  {s.get('sdk')}/{s.get('api')} model={s.get('model')!r}  | "
                  f"{source_line(args.corpora, p, c, l)}")

    figures = {
        "listed": n, "found": found, "found_pct": round(pct(found, n), 2),
        "known": known, "model_right": right, "model_right_pct": round(pct(right, known), 2),
        "model_wrong": known_found - right, "dynamic": dyn, "dynamic_found": dyn_found,
        "dynamic_unresolved": dyn_unresolved, "extra": len(extra), "duplicates": dup,
        "misses": {"/".join(g): len(v) for g, v in misses.items()},
        "wrong": {"/".join(g): len(v) for g, v in wrong.items()},
    }
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=1)
    ok = found == n and pct(right, known) >= 95.0
    print(f"\nverdict (issue 8: every site found, >= 95% models right): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
