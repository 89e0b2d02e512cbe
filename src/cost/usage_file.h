#pragma once
/// The usage model's inputs: `llmspend-usage.yml` (defaults per api / provider / model, per-site
/// overrides keyed by site id or glob, presets) and the usage block of `.llmspend.yml`.
///
/// Precedence for each figure, first hit wins (docs/usage-model.md):
///   exact site id > wildcard / path-glob site pattern (first in file order) > model > provider >
///   api > `defaults` > `preset` > config `usage` > built-in default.
/// In a monorepo the site's project usage file goes through these levels first, then the root
/// usage file (UsageLayer).
/// Each figure remembers which of these supplied it, so the report can say where it came from.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/result.h"

namespace YAML {
class Node;
}  // namespace YAML

namespace llmspend::cost {

/// Figures a usage block may set; unset ones fall through to the next level of precedence.
struct UsageValues {
  std::optional<int64_t> calls_per_month;
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
  std::optional<int64_t> cache_hit_ppm;    ///< share of input tokens read from the prompt cache
  std::optional<int64_t> batch_share_ppm;  ///< share of calls sent through a Batch API
  /// Seconds of audio per call (`audio_minutes`, minutes with decimals): what transcription and
  /// translation bill by, which code never shows.
  std::optional<int64_t> audio_seconds;
};

/// Keys accepted in any usage block, in documentation order.
const std::vector<std::string>& usage_value_keys();

/// A figure and the level that supplied it ("usage_file", "usage_file_pattern", "default"…).
template <typename T>
struct Sourced {
  std::optional<T> value;
  std::string source;
};

struct UsageFile {
  std::string origin;  ///< path as given, for messages and the report
  std::optional<std::string> preset;  ///< small | medium | large
  UsageValues defaults;
  std::map<std::string, UsageValues> by_api;
  std::map<std::string, UsageValues> by_provider;
  std::map<std::string, UsageValues> by_model;
  std::vector<std::pair<std::string, UsageValues>> sites;  ///< in file order
  std::vector<int> site_lines;  ///< the line of each `sites` entry (same order), for messages
};

/// The identity of a site as the usage file sees it.
struct SiteKey {
  std::string id;
  std::string path;
  std::string api;
  std::string provider;
  std::string model;  ///< "" when unknown
};

/// The figures for one site from the usage file and the config usage block (built-in defaults are
/// the cost model's business). Sources: usage_file, usage_file_pattern, usage_file_model,
/// usage_file_provider, usage_file_api, usage_file_defaults, preset:<name>, config.
struct UsageLookup {
  Sourced<int64_t> calls_per_month;
  Sourced<int64_t> input_tokens;
  Sourced<int64_t> output_tokens;
  Sourced<int64_t> cache_hit_ppm;
  Sourced<int64_t> batch_share_ppm;
  Sourced<int64_t> audio_seconds;
};

UsageLookup lookup_usage(const UsageFile* file, const UsageValues* config_usage,
                         const SiteKey& site);

/// One usage file in the precedence chain and the site as that file names it: a monorepo
/// project's file sees ids and paths relative to the project's directory. `source_prefix` goes
/// in front of the level names ("project_" gives `project_usage_file_defaults`,
/// `project_preset:medium`).
struct UsageLayer {
  const UsageFile* file = nullptr;
  SiteKey site;
  std::string source_prefix;
};

/// The figures for one site: each layer in turn with all its levels (exact id, pattern, model,
/// provider, api, defaults, preset), then the config's usage block. A project's usage file is
/// the first layer and the root usage file the second, so the project speaks for its sites and
/// the root file fills what it leaves unset.
UsageLookup lookup_usage(const std::vector<UsageLayer>& layers, const UsageValues* config_usage);

/// Whether a site pattern matches: a pattern containing "::" is matched against the id with `*`
/// spanning any characters; otherwise it is a path glob (core::glob_match) against the path.
bool site_pattern_matches(std::string_view pattern, const SiteKey& site);

/// The `sites` entries of `file` that match none of `sites` (each named as the file names it),
/// as indices in file order: ids gone stale after a rename or a move, typos. Exact ids are looked
/// up; only patterns are matched against every site.
std::vector<size_t> unmatched_site_entries(const UsageFile& file,
                                           const std::vector<SiteKey>& sites);

/// A warning per `sites` entry of `file` that matches no site (unmatched_site_entries), at
/// `shown_path` and the entry's line, with the closest site id of the same file as a suggestion.
std::vector<core::Diagnostic> unmatched_entry_diagnostics(const UsageFile& file,
                                                          const std::vector<SiteKey>& sites,
                                                          const std::string& shown_path);

/// Parses the text of a usage file. Unknown keys are errors with a "did you mean".
core::Result<UsageFile> parse_usage_file(std::string_view text, const std::string& origin);
core::Result<UsageFile> load_usage_file(const std::string& path);
/// One usage block (the usage file's `defaults`, a site override, the config's `usage`).
core::Result<UsageValues> parse_usage_values(const YAML::Node& node, const std::string& origin,
                                             std::string_view what);

/// Calls per month of a preset, or nullopt for an unknown name.
std::optional<int64_t> preset_calls_per_month(std::string_view preset);

}  // namespace llmspend::cost
