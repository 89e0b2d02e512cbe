#pragma once
/// The one model every output format renders: costed sites in a total order, totals and rollups,
/// summary counts, diagnostics and the assumptions that priced something. Built once by
/// `build_report`; renderers only format it (render.h). JSON v1 is CONTRACT.md "JSON report".
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/money.h"
#include "cost/costed_site.h"

namespace llmspend::report {

inline constexpr int kSchemaVersion = 1;

struct PricingInfo {
  std::string table_version;
  std::string as_of;   ///< the date prices were taken for (YYYY-MM-DD)
  std::string source;  ///< "embedded" or the --pricing-file path
};

struct ProviderTotal {
  std::string provider;
  core::Money monthly;
  int sites = 0;
};

struct ModelTotal {
  std::string provider;
  std::string model;  ///< the price row's key (candidates and aliases are grouped by it)
  core::Money monthly;
  int sites = 0;
};

/// A configured monorepo project (`projects:` in .llmspend.yml), as reports name it.
struct ProjectInfo {
  std::string name;
  std::string path;  ///< relative to the config file's directory ("." = all of it)
};

/// The spend of one project, or of the sites outside every project (`project` empty).
struct ProjectTotal {
  std::string project;  ///< "" = outside every project
  std::string path;     ///< the project's path; "" for the sites outside every project
  core::Money monthly;
  int sites = 0;       ///< sites with a monthly cost, as in by_provider
  int not_priced = 0;  ///< sites without one (unresolved, unpriced, usage unknown)
};

/// Counts by CONTRACT status.
struct Summary {
  int sites = 0;
  int estimated = 0;
  int usage_unknown = 0;
  int unpriced_model = 0;
  int unresolved_model = 0;
  int free = 0;
};

struct Report {
  std::string tool_version;
  std::string root = ".";
  std::string currency = "USD";
  PricingInfo pricing;
  std::vector<cost::Assumption> assumptions;  ///< sorted by key, one per key
  std::vector<cost::CostedSite> sites;        ///< sorted: see sort_sites
  core::Money total_monthly;                  ///< the sum of the sites' `monthly`
  std::vector<ProviderTotal> by_provider;     ///< monthly desc, then name
  std::vector<ModelTotal> by_model;           ///< monthly desc, then provider, model
  /// Monorepo projects: set when the config has `projects`, and only then are sites' projects
  /// and `by_project` rendered (a report without projects is unchanged by the feature).
  bool has_projects = false;
  std::vector<ProjectInfo> projects;     ///< as configured; by_project names their paths
  std::vector<ProjectTotal> by_project;  ///< monthly desc, then name; outside-every-project last
  Summary summary;
  std::vector<core::Diagnostic> diagnostics;  ///< sorted
};

struct ReportInputs {
  std::string tool_version;
  std::string root;
  PricingInfo pricing;
  std::vector<cost::CostedSite> sites;
  std::vector<core::Diagnostic> diagnostics;
  bool has_projects = false;
  std::vector<ProjectInfo> projects;
};

/// Sorts, totals, rolls up and counts. Deterministic: equal inputs give equal reports.
Report build_report(ReportInputs inputs);

/// The report's total order: monthly cost descending (unknown last), then path, cell, line,
/// column and id.
void sort_sites(std::vector<cost::CostedSite>& sites);

/// Totals, rollups and summary recomputed from `r.sites` (used by the JSON reader
/// and the invariant checks).
void compute_totals(Report& r);

}  // namespace llmspend::report
