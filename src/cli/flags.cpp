// argv → option structs. The only translation unit that includes CLI11 (it dominates compile
// time). Each subcommand registers its flags here and dispatches to its `run_*` in <command>.cpp.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace llmspend::cli {
namespace {

constexpr const char* kExamples = R"(
Examples:
  llmspend scan                          # the current directory, as a table
  llmspend scan src/ notebooks/ --format json --out-file llmspend.json
  llmspend breakdown . --usage-file llmspend-usage.yml --show-skipped
  llmspend prices gpt-4o claude-sonnet-4-5 --as-of 2025-01-01
  llmspend usage init                    # write llmspend-usage.yml listing every site
  llmspend explain app/chat.py:41
  llmspend diff                          # working tree vs the merge-base with the default branch
  llmspend diff --base origin/main --head HEAD --format github-comment
  llmspend comment github --path diff.json --repo OWNER/NAME --pull-request 12

Exit codes: 0 ok, 1 policy failed, 2 usage error, 3 input/config error, 4 internal error.
Docs: docs/commands.md, docs/usage-model.md, docs/config.md, docs/report-schema.md)";

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const CLI::Validator kDate(
    [](std::string& s) { return is_date(s) ? std::string() : "expected a date YYYY-MM-DD"; },
    "YYYY-MM-DD");

void add_output_flags(CLI::App* app, OutputOptions& o, std::vector<std::string> formats) {
  app->add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  app->add_option("--out-file", o.out_file, "Write the result to FILE (atomically) instead of stdout");
  app->add_flag("--no-color", o.no_color, "Never colour the output (colour is used on a TTY only)");
  app->add_flag("-q,--quiet", o.quiet, "Print nothing on stderr but errors");
}

void add_run_flags(CLI::App* app, pipeline::RunOptions& r) {
  app->add_option("--config", r.config_file, "Config file (default: nearest .llmspend.yml walking up)")
      ->check(CLI::ExistingFile);
  app->add_option("--usage-file", r.usage_file, "Usage file (default: <PATH>/llmspend-usage.yml)");
  app->add_option("--pricing-file", r.pricing_file,
                  "Extra price table: llmspend format or LiteLLM model_prices JSON");
  app->add_option("--prices-as-of", r.prices_as_of, "Price models as of this date")->check(kDate);
  app->add_option("--exclude", r.excludes, "Skip paths matching GLOB (repeatable)");
  app->add_option("-j,--jobs", r.jobs, "Worker threads (0 = one per core)")
      ->check(CLI::Range(0, 1024));
  app->add_flag("!--no-default-excludes", r.default_excludes,
                "Also scan node_modules, virtualenvs, build output and caches");
  app->add_option("--max-file-size", r.max_file_bytes, "Skip larger files (bytes; 2MB, 500kB…)")
      ->transform(CLI::AsSizeValue(false));
  app->add_option("--parse-timeout-ms", r.parse_timeout_ms,
                  "Skip a file whose parse takes longer (milliseconds per file)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{3'600'000}))
      ->capture_default_str();
}

CLI::App* add_scan(CLI::App& app, ScanCommand& c) {
  CLI::App* s = app.add_subcommand("scan", "Breakdown of every LLM call site and the monthly total");
  s->alias("breakdown");
  s->add_option("paths", c.run.paths, "Directories or files to scan (default: .)");
  add_run_flags(s, c.run);
  add_output_flags(s, c.out, {"table", "json", "markdown", "csv", "sarif"});
  s->add_flag("--show-skipped", c.show_skipped, "List unpriced sites with the reason");
  return s;
}

CLI::App* add_prices(CLI::App& app, PricesCommand& c) {
  CLI::App* p = app.add_subcommand("prices", "Look up prices, aliases and effective dates");
  p->add_option("models", c.models, "Model names as sent to the vendor");
  p->add_flag("--list", c.list, "List every model in the table");
  p->add_option("--provider", c.provider, "Only this provider (openai, anthropic, google, …)");
  p->add_option("--as-of", c.as_of, "Prices in force on this date")->check(kDate);
  p->add_option("--pricing-file", c.pricing_file, "Extra price table");
  add_output_flags(p, c.out, {"table", "json"});
  return p;
}

CLI::App* add_usage(CLI::App& app, UsageInitCommand& c) {
  CLI::App* u = app.add_subcommand("usage", "Manage the usage file");
  u->require_subcommand(1);
  CLI::App* init = u->add_subcommand(
      "init", "Write (or update) llmspend-usage.yml listing every site with commented defaults");
  init->add_option("path", c.run.paths, "Project to scan (default: .)")->expected(0, 1);
  add_run_flags(init, c.run);
  init->add_option("--out-file", c.out.out_file, "Usage file to write (default: <PATH>/llmspend-usage.yml)");
  init->add_flag("-q,--quiet", c.out.quiet, "Print nothing on stderr but errors");
  return init;
}

CLI::App* add_explain(CLI::App& app, ExplainCommand& c) {
  CLI::App* e = app.add_subcommand("explain", "The whole chain for one site: call, model, price, usage, arithmetic");
  e->add_option("target", c.target, "FILE:LINE or a site id")->required();
  e->add_option("path", c.run.paths, "Project root (default: .)")->expected(0, 1);
  add_run_flags(e, c.run);
  add_output_flags(e, c.out, {"table", "json"});
  return e;
}

CLI::App* add_diff(CLI::App& app, DiffCommand& c) {
  CLI::App* d = app.add_subcommand("diff", "Monthly-spend change between two revisions or reports");
  d->add_option("args", c.args, "PATH (default .), or BASE.json HEAD.json")->expected(0, 2);
  d->add_option("--base", c.base_rev, "Base revision (default: merge-base with the default branch)");
  d->add_option("--head", c.head_rev, "Head revision (default: the working tree)");
  d->add_option("--compare-to", c.compare_to, "A JSON report to use as the base")
      ->check(CLI::ExistingFile);
  d->add_flag("--price-change", c.price_change,
              "Price the base as of its commit date and show the part of the delta due to prices");
  d->add_option("--repo-url", c.repo_url,
                "https://github.com/OWNER/REPO for file links in github-comment "
                "(default: from GITHUB_SERVER_URL and GITHUB_REPOSITORY)");
  add_run_flags(d, c.run);
  add_output_flags(d, c.out, {"table", "json", "github-comment"});
  return d;
}

CLI::App* add_comment(CLI::App& app, CommentCommand& c) {
  CLI::App* comment = app.add_subcommand("comment", "Post the diff as a pull-request comment");
  comment->require_subcommand(1);
  CLI::App* g = comment->add_subcommand("github", "Post or update the sticky comment on a GitHub PR");
  g->add_option("--path", c.path, "JSON diff (llmspend diff --format json) or a Markdown file")
      ->required()->check(CLI::ExistingFile);
  g->add_option("--repo", c.repo, "OWNER/NAME")->required();
  g->add_option("--pull-request", c.pull_request, "Pull request number")->required()
      ->check(CLI::PositiveNumber);
  g->add_option("--behavior", c.behavior, "update: edit the comment in place; new: post another; "
                "delete-and-new: replace it")
      ->check(CLI::IsMember({"update", "new", "delete-and-new"}))->capture_default_str();
  g->add_option("--github-api-url", c.api_url, "API root (default: $GITHUB_API_URL or "
                "https://api.github.com; GitHub Enterprise: https://HOST/api/v3)");
  g->add_option("--github-server-url", c.server_url, "Web root for links (default: "
                "$GITHUB_SERVER_URL or https://github.com)");
  g->add_option("--head-sha", c.head_sha, "Commit the file links point at (default: the diff's head)");
  g->add_flag("--dry-run", c.dry_run, "Print the comment body instead of posting it");
  g->add_flag("-q,--quiet", c.out.quiet, "Print nothing on stderr but errors");
  return g;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"llmspend: estimate the monthly spend of the LLM API calls in a codebase", "llmspend"};
  app.set_version_flag("--version", std::string("llmspend ") + tool_version());
  app.require_subcommand(1);
  app.footer(kExamples);
  ScanCommand scan;
  PricesCommand prices;
  UsageInitCommand usage;
  ExplainCommand explain;
  CLI::App* scan_app = add_scan(app, scan);
  CLI::App* prices_app = add_prices(app, prices);
  CLI::App* init_app = add_usage(app, usage);
  CLI::App* explain_app = add_explain(app, explain);
  DiffCommand diff;
  CommentCommand comment;
  CLI::App* diff_app = add_diff(app, diff);
  CLI::App* comment_app = add_comment(app, comment);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  for (auto* r : {&scan.run, &usage.run, &explain.run, &diff.run}) r->tool_version = tool_version();
  if (scan_app->parsed()) return run_scan(scan);
  if (prices_app->parsed()) return run_prices(prices);
  if (init_app->parsed()) return run_usage_init(usage);
  if (explain_app->parsed()) return run_explain(explain);
  if (diff_app->parsed()) return run_diff(diff);
  if (comment_app->parsed()) return run_comment_github(comment);
  return kExitUsage;
}

}  // namespace llmspend::cli
