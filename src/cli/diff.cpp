// `llmspend diff`: build both sides (diff_sides.cpp), compare them, evaluate the policies, render
// the result, and exit 1 when a policy failed (after printing the report).
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/diff_sides.h"
#include "cli/exit_codes.h"
#include "diff/policy.h"
#include "diff/render.h"

namespace llmspend::cli {
namespace {

/// Today's date (UTC), for deprecation dates.
std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

/// Links in the comment: --repo-url, else GitHub Actions' own variables; only for a commit.
std::string blob_url(const DiffCommand& c, const DiffSides& s) {
  if (!s.head_is_commit) return "";
  std::string repo = c.repo_url;
  if (repo.empty() && !env("GITHUB_SERVER_URL").empty() && !env("GITHUB_REPOSITORY").empty()) {
    repo = env("GITHUB_SERVER_URL") + "/" + env("GITHUB_REPOSITORY");
  }
  if (repo.empty()) return "";
  while (!repo.empty() && repo.back() == '/') repo.pop_back();
  return repo + "/blob/" + s.head_ref + "/";
}

std::string render(const DiffCommand& c, const diff::ReportDiff& d, const DiffSides& s) {
  diff::DiffContext ctx{c.run.tool_version, s.repo_prefix};
  if (c.out.format == "json") return diff::render_diff_json(d, ctx);
  if (c.out.format == "github-comment") {
    return diff::render_github_comment(d, ctx, {blob_url(c, s), diff::kCommentLimit});
  }
  return diff::render_diff_table(d, use_color(c.out));
}

}  // namespace

int run_diff(const DiffCommand& c) {
  auto sides = load_diff_sides(c);
  if (!sides) return fail_input(sides.error());
  DiffSides& s = *sides;
  diff::DiffOptions options{s.base_ref, s.head_ref, s.renames};
  diff::ReportDiff d = diff::diff_reports(s.base, s.head, options);
  if (s.base_now) diff::attribute_price_change(d, s.base, *s.base_now);
  diff::evaluate_policies(
      d, {&s.head_setup.config.policies, &s.base, &s.head, &s.head_setup.prices, today()});
  if (s.analysed_once) log_info(c.out, "base and head trees are identical; analysed once");
  if (s.modules_reused > 0) log_info(c.out, fmt::format("{} unchanged files parsed once for both sides", s.modules_reused));
  const int rc = emit(render(c, d, s), c.out);
  if (rc != kExitOk) return rc;
  if (d.policy.verdict == "fail") {
    log_info(c.out, "a policy failed (see the report); exit code 1");
    return kExitPolicy;
  }
  return kExitOk;
}

}  // namespace llmspend::cli
