#pragma once
/// The analysis half of the pipeline: scan → parse → index → detect → resolve. Produces the
/// resolved call sites and the diagnostics; pricing, costing and reporting follow in run.h.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "resolve/resolved_site.h"
#include "scan/file_source.h"

namespace llmspend::pipeline {

struct AnalyzeOptions {
  int jobs = 0;                          ///< worker threads; 0 = hardware concurrency
  uint64_t max_file_bytes = 2'000'000;   ///< larger files are skipped with a diagnostic
  uint64_t parse_timeout_ms = 10'000;
  bool prefilter = true;                 ///< skip files without SDK markers before parsing
  std::string catalog_file;              ///< extra/override catalog JSON ("" = embedded only)
  /// Progress of the per-file stage: `done` of `total` listed files read (and parsed when they
  /// hold an SDK marker) so far. Called from worker threads, so it must be thread-safe; may be
  /// empty. Once per file is fine: the CLI's renderer throttles its own output and clears its
  /// line after `analyze` returns, so no final call is needed.
  std::function<void(size_t done, size_t total)> progress;
};

struct AnalyzeResult {
  std::vector<resolve::ResolvedSite> sites;  ///< in path, line order
  std::vector<core::Diagnostic> diagnostics; ///< sorted
  size_t files_listed = 0;
  size_t files_parsed = 0;
};

/// Runs the analysis over every file `source` lists. Never throws for bad input files.
AnalyzeResult analyze(const AnalyzeOptions& options, scan::FileSource& source);

}  // namespace llmspend::pipeline
