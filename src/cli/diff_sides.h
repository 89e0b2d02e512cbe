#pragma once
/// The two reports `llmspend diff` compares, built from what the command line names: two git
/// revisions read from git objects (no checkout), a revision and the working tree, a JSON report
/// and a scan, or two JSON reports. Each git side reads its own `.llmspend.yml`, usage file and
/// price file from that revision, so a usage-file or price-table change shows up as a change.
#include <map>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "core/result.h"
#include "report/report.h"

namespace llmspend::cli {

struct DiffSides {
  report::Report base;
  report::Report head;
  std::optional<report::Report> base_now;      ///< --price-change: base code at the head's prices
  std::map<std::string, std::string> renames;  ///< base path → head path
  std::string base_ref;                        ///< commit id or file name
  std::string head_ref;                        ///< commit id, "working tree" or file name
  std::string repo_prefix;                     ///< the scan root inside the repository
  pipeline::RunSetup head_setup;               ///< the head's config (policies) and prices
  bool head_is_commit = false;
  bool analysed_once = false;  ///< base and head trees were identical
  size_t modules_reused = 0;   ///< files parsed on one side and reused by the other
};

/// Builds both sides; errors (unknown revision, shallow clone, bad config) are exit code 3.
core::Result<DiffSides> load_diff_sides(const DiffCommand& c);

}  // namespace llmspend::cli
