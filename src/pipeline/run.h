#pragma once
/// The whole pipeline for one scan: setup (config, usage file, price table — the only failures
/// that stop a run), analysis (analyze.h), pricing and costing of every site, and the Report.
/// The CLI turns the options into this call and the Result's error into exit code 3.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "pipeline/analyze.h"
#include "cost/config.h"
#include "cost/usage_file.h"
#include "price/price_table.h"
#include "report/report.h"
#include "scan/file_source.h"

namespace llmspend::pipeline {

struct RunOptions {
  std::vector<std::string> paths;   ///< scan roots; empty = "."
  std::string config_file;          ///< "" = nearest .llmspend.yml walking up from the first path
  std::string usage_file;           ///< "" = the config's, else <root>/llmspend-usage.yml if present
  std::string pricing_file;         ///< "" = the config's, else the embedded table only
  std::string prices_as_of;         ///< YYYY-MM-DD; "" = the table's own date
  std::vector<std::string> excludes;  ///< added to the config's
  bool default_excludes = true;
  int jobs = 0;
  uint64_t max_file_bytes = 2'000'000;
  uint64_t parse_timeout_ms = 10'000;  ///< per file; a slower parse is skipped with a diagnostic
  std::string tool_version;
  /// Per-file progress of the analysis (AnalyzeOptions::progress): called from worker threads,
  /// must be thread-safe; empty = none.
  std::function<void(size_t done, size_t total)> progress;
  /// Parses shared with other runs over versions of the same project (diff); null = none.
  std::shared_ptr<ModuleCache> module_cache;
};

/// Everything loaded before the scan.
struct RunSetup {
  cost::Config config;                  ///< empty when there is no config file
  std::optional<cost::UsageFile> usage;
  /// `usage` is the config's `usage_file`: it names sites relative to the config's directory
  /// (like every path in the config), not to the scan root.
  bool usage_from_config = false;
  /// The usage file of each of `config.projects` (same order); empty when a project has none.
  std::vector<std::optional<cost::UsageFile>> project_usage;
  price::PriceTable prices;
  report::PricingInfo pricing;
  std::vector<std::string> excludes;    ///< options + config
};

/// Loads config, usage file and prices and checks the paths. Errors name the file and the fix.
core::Result<RunSetup> prepare_run(const RunOptions& options);

/// Analyses `source`, prices and costs every site and builds the report. `root` is the report's
/// root as shown to users.
report::Report run_analysis(const RunOptions& options, const RunSetup& setup,
                            scan::FileSource& source, const std::string& root);

/// The FileSource for `options.paths` (a DiskSource, or a union of them rooted at "." when
/// several paths are given) and the root to report.
std::unique_ptr<scan::FileSource> open_source(const RunOptions& options, const RunSetup& setup,
                                              std::string& root);

/// The directory that report paths are relative to: the one scanned path (its directory when
/// it is a file), or "." when several are scanned.
std::string scan_base(const RunOptions& options);

/// prepare_run + open_source + run_analysis.
core::Result<report::Report> run_analysis(const RunOptions& options);

}  // namespace llmspend::pipeline
