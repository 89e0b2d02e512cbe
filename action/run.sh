#!/usr/bin/env bash
# The llmspend GitHub Action's work, after the binary is built (action.yml): diff the pull
# request's base and head commits, write the job summary, warning annotations and step outputs,
# post or update the sticky comment, and fail only when a configured policy failed.
# Inputs come as INPUT_* variables (action.yml), context from the usual GITHUB_* variables.
# The token is passed to llmspend through GITHUB_TOKEN and never echoed.
set -euo pipefail

bin="${LLMSPEND_BIN:?LLMSPEND_BIN must point at the llmspend binary}"
event="${GITHUB_EVENT_PATH:-/dev/null}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

event_field() { jq -r "$1 // empty" "$event" 2>/dev/null || true; }

base="${INPUT_BASE_REF:-$(event_field .pull_request.base.sha)}"
head="${INPUT_HEAD_REF:-$(event_field .pull_request.head.sha)}"
pr="${INPUT_PULL_REQUEST:-$(event_field .pull_request.number)}"
path="${INPUT_PATH:-.}"
if [ -z "$base" ] || [ -z "$head" ]; then
  echo "::error::llmspend: no base/head commit: run on pull_request events or set base-ref and head-ref"
  exit 2
fi

# A pull request from a fork gets a read-only token: write the job summary instead of commenting.
head_repo="$(event_field .pull_request.head.repo.full_name)"
fork=false
if [ -n "$head_repo" ] && [ "$head_repo" != "${GITHUB_REPOSITORY:-}" ]; then fork=true; fi

# Shallow checkouts lack the base commit: try to fetch just it (llmspend names fetch-depth: 0
# if that is not enough).
for rev in "$base" "$head"; do
  git cat-file -e "$rev^{commit}" 2>/dev/null || git fetch --no-tags --quiet origin "$rev" 2>/dev/null || true
done

args=(diff --base "$base" --head "$head" "$path" --quiet)
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_USAGE_FILE:-}" ] && args+=(--usage-file "$INPUT_USAGE_FILE")

set +e
"$bin" "${args[@]}" --format json --out-file "$work/diff.json"
rc=$?
set -e
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "::error::llmspend diff failed (exit $rc); see the log above"
  exit "$rc"
fi

repo="${GITHUB_REPOSITORY:-o/r}"
"$bin" comment github --path "$work/diff.json" --repo "$repo" --pull-request "${pr:-1}" \
  --dry-run --quiet > "$work/comment.md"

# Job summary: always.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$work/comment.md" >> "$GITHUB_STEP_SUMMARY"; fi

# Annotations: the largest increases, within GitHub's limit of 10 warnings per step.
max="${INPUT_MAX_ANNOTATIONS:-10}"
jq -r --argjson max "$max" '
  def esc: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
  def prop: esc | gsub(":"; "%3A") | gsub(","; "%2C");
  (.path_prefix // "") as $p
  | [.changes[] | select(.delta_monthly != null and (.delta_monthly | tonumber) > 0)]
  | sort_by(-(.delta_monthly | tonumber)) | .[:$max][]
  | "::warning file=\((if $p == "" then .path else $p + "/" + .path end) | prop),line=\(.start_line),title=\("LLM spend +$" + .delta_monthly + "/month" | prop)::\(
      ((.before.model // "new site") + " -> " + (.after.model // "?")) | esc)"
' "$work/diff.json"

# Outputs.
delta="$(jq -r .totals.delta_monthly "$work/diff.json")"
percent="$(jq -r '.totals.percent // ""' "$work/diff.json")"
verdict="$(jq -r .policy.verdict "$work/diff.json")"
mkdir -p "${RUNNER_TEMP:-$work}"
json_out="${RUNNER_TEMP:-$(dirname "$work")}/llmspend-diff.json"
cp "$work/diff.json" "$json_out"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "monthly-delta=$delta"
    echo "percent=$percent"
    echo "verdict=$verdict"
    echo "json=$json_out"
  } >> "$GITHUB_OUTPUT"
fi

# The comment.
if [ "$fork" = true ]; then
  echo "::notice::llmspend: pull request from a fork: its token is read-only, so the report is in the job summary instead of a comment"
elif [ -z "${GITHUB_TOKEN:-}" ]; then
  echo "::notice::llmspend: no github-token; the report is in the job summary"
else
  set +e
  "$bin" comment github --path "$work/diff.json" --repo "$repo" --pull-request "$pr" \
    --behavior "${INPUT_BEHAVIOR:-update}"
  crc=$?
  set -e
  if [ "$crc" -ne 0 ]; then
    echo "::warning::llmspend: could not post the comment (exit $crc); the report is in the job summary"
  fi
fi

if [ "$verdict" = fail ] && [ "${INPUT_FAIL_ON_POLICY:-true}" = true ]; then
  echo "::error::llmspend: a budget policy failed (see the comment or the job summary)"
  exit 1
fi
exit 0
