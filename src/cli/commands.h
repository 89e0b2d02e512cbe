#pragma once
/// One plain options struct and one entry point per subcommand. flags.cpp fills the structs from
/// argv (it is the only file that sees CLI11); each `run_*` returns the process exit code.
#include <string>
#include <vector>

#include "cli/output.h"
#include "pipeline/run.h"

namespace llmspend::cli {

/// The version printed by --version and written into reports.
const char* tool_version();

/// pipeline::run_analysis with a progress line on stderr when a person is watching (progress.h);
/// the line is erased before this returns.
core::Result<report::Report> analyse_with_progress(pipeline::RunOptions run, bool quiet);
/// The same with the setup already loaded.
report::Report analyse_with_progress(pipeline::RunOptions run, const pipeline::RunSetup& setup,
                                     bool quiet);

struct ScanCommand {
  pipeline::RunOptions run;
  OutputOptions out;
  bool show_skipped = false;
};
int run_scan(const ScanCommand& c);

struct PricesCommand {
  std::vector<std::string> models;
  bool list = false;
  std::string provider;
  std::string as_of;
  std::string pricing_file;
  OutputOptions out;  ///< format: table | json
};
int run_prices(const PricesCommand& c);

struct UsageInitCommand {
  pipeline::RunOptions run;
  OutputOptions out;  ///< out_file: the usage file to write ("" = <PATH>/llmspend-usage.yml)
};
int run_usage_init(const UsageInitCommand& c);

struct ExplainCommand {
  std::string target;  ///< FILE:LINE or a site id
  pipeline::RunOptions run;
  OutputOptions out;   ///< format: table (text) | json
};
int run_explain(const ExplainCommand& c);

/// `llmspend diff`: two git revisions, a revision and the working tree, a JSON report and a scan
/// (`--compare-to`), or two JSON reports.
struct DiffCommand {
  std::vector<std::string> args;  ///< [PATH] or [BASE.json HEAD.json]
  std::string base_rev;           ///< "" = merge-base with the default branch
  std::string head_rev;           ///< "" = the working tree
  std::string compare_to;         ///< a JSON report used as the base
  bool price_change = false;      ///< price the base at its commit date and split the delta
  std::string repo_url;           ///< https://github.com/OWNER/REPO, for links in github-comment
  pipeline::RunOptions run;
  OutputOptions out;              ///< format: table | json | github-comment
};
int run_diff(const DiffCommand& c);

/// `llmspend comment github`: posts or updates the sticky PR comment.
struct CommentCommand {
  std::string path;               ///< a JSON diff (rendered) or a Markdown file (posted as is)
  std::string repo;               ///< OWNER/NAME
  int pull_request = 0;
  std::string behavior = "update";  ///< update | new | delete-and-new
  std::string api_url;            ///< "" = $GITHUB_API_URL, else https://api.github.com
  std::string server_url;         ///< "" = $GITHUB_SERVER_URL, else https://github.com
  std::string head_sha;           ///< links point at this commit ("" = the diff's head ref)
  bool dry_run = false;           ///< print the body instead of posting
  OutputOptions out;
};
int run_comment_github(const CommentCommand& c);

/// Parses argv and runs the chosen subcommand (flags.cpp).
int run(int argc, char** argv);

}  // namespace llmspend::cli
