// Precedence of usage figures (see usage_file.h): every level is a UsageValues; the first level
// that sets a figure supplies it and names itself as the figure's source.
#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "core/strings.h"
#include "cost/usage_file.h"

namespace llmspend::cost {
namespace {

/// `*` matches any run of characters (slashes and colons included); everything else is literal.
bool star_match(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

struct Level {
  const UsageValues* values;
  std::string source;
};

template <typename T>
void take(Sourced<T>& out, const std::optional<T>& v, const std::string& source) {
  if (!out.value && v) {
    out.value = v;
    out.source = source;
  }
}

const UsageValues* find_in(const std::map<std::string, UsageValues>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

void add_site_levels(const UsageFile& file, const SiteKey& site, std::vector<Level>& levels) {
  for (const auto& [pattern, values] : file.sites) {
    if (pattern == site.id) levels.push_back({&values, "usage_file"});
  }
  for (const auto& [pattern, values] : file.sites) {
    if (pattern != site.id && site_pattern_matches(pattern, site)) {
      levels.push_back({&values, "usage_file_pattern"});
      break;
    }
  }
}

/// The levels of one usage file, most specific first.
void add_file_levels(const UsageLayer& layer, std::vector<UsageValues>& presets,
                     std::vector<Level>& levels) {
  const UsageFile& file = *layer.file;
  const SiteKey& site = layer.site;
  const std::string& pre = layer.source_prefix;
  std::vector<Level> own;
  add_site_levels(file, site, own);
  for (Level& l : own) levels.push_back({l.values, pre + l.source});
  if (auto* v = site.model.empty() ? nullptr : find_in(file.by_model, site.model)) {
    levels.push_back({v, pre + "usage_file_model"});
  }
  if (auto* v = find_in(file.by_provider, site.provider)) {
    levels.push_back({v, pre + "usage_file_provider"});
  }
  if (auto* v = find_in(file.by_api, site.api)) levels.push_back({v, pre + "usage_file_api"});
  levels.push_back({&file.defaults, pre + "usage_file_defaults"});
  if (file.preset) {
    presets.emplace_back().calls_per_month = preset_calls_per_month(*file.preset);
    levels.push_back({&presets.back(), pre + "preset:" + *file.preset});
  }
}

}  // namespace

bool site_pattern_matches(std::string_view pattern, const SiteKey& site) {
  if (pattern.find("::") != std::string_view::npos) return star_match(pattern, site.id);
  return core::glob_match(pattern, site.path);
}

std::vector<size_t> unmatched_site_entries(const UsageFile& file,
                                           const std::vector<SiteKey>& sites) {
  std::unordered_set<std::string_view> ids;
  for (const SiteKey& k : sites) ids.insert(k.id);
  std::vector<size_t> out;
  for (size_t i = 0; i < file.sites.size(); ++i) {
    const std::string& key = file.sites[i].first;
    if (ids.count(key)) continue;
    const bool pattern = key.find('*') != std::string::npos || key.find("::") == std::string::npos;
    const bool used = pattern && std::any_of(sites.begin(), sites.end(), [&](const SiteKey& k) {
                        return site_pattern_matches(key, k);
                      });
    if (!used) out.push_back(i);
  }
  return out;
}

namespace {

std::string_view path_part(std::string_view id) { return id.substr(0, id.find("::")); }

std::string_view file_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// The site id closest to a stale `entry`: among the ids of the same file (a renamed function),
/// else of a file with the same name (a moved file); "" when none is close.
std::string suggest_id(const std::string& entry, const std::vector<SiteKey>& sites) {
  std::vector<std::string> same_path, same_name;
  for (const SiteKey& k : sites) {
    if (path_part(k.id) == path_part(entry)) same_path.push_back(k.id);
    if (file_name(path_part(k.id)) == file_name(path_part(entry))) same_name.push_back(k.id);
  }
  std::string hint = core::closest(entry, same_path);
  return hint.empty() ? core::closest(entry, same_name) : hint;
}

}  // namespace

std::vector<core::Diagnostic> unmatched_entry_diagnostics(const UsageFile& file,
                                                          const std::vector<SiteKey>& sites,
                                                          const std::string& shown_path) {
  std::vector<core::Diagnostic> out;
  for (size_t i : unmatched_site_entries(file, sites)) {
    const std::string& key = file.sites[i].first;
    const std::string hint = suggest_id(key, sites);
    std::optional<int> line;
    if (i < file.site_lines.size()) line = file.site_lines[i];
    out.push_back({shown_path, line, "usage-entry-unmatched",
                   fmt::format("`sites` entry `{}` matches no site in this scan, so it prices "
                               "nothing; {}",
                               key,
                               hint.empty() ? "fix or remove it (`llmspend scan --format json` "
                                              "lists the site ids)"
                                            : fmt::format("did you mean `{}`?", hint))});
  }
  return out;
}

UsageLookup lookup_usage(const UsageFile* file, const UsageValues* config_usage,
                         const SiteKey& site) {
  std::vector<UsageLayer> layers;
  if (file) layers.push_back({file, site, ""});
  return lookup_usage(layers, config_usage);
}

UsageLookup lookup_usage(const std::vector<UsageLayer>& layers, const UsageValues* config_usage) {
  std::vector<UsageValues> presets;
  presets.reserve(layers.size());  // levels point into it: no reallocation
  std::vector<Level> levels;
  for (const UsageLayer& layer : layers) {
    if (layer.file) add_file_levels(layer, presets, levels);
  }
  if (config_usage) levels.push_back({config_usage, "config"});
  UsageLookup out;
  for (const Level& level : levels) {
    const UsageValues& v = *level.values;
    take(out.calls_per_month, v.calls_per_month, level.source);
    take(out.input_tokens, v.input_tokens, level.source);
    take(out.output_tokens, v.output_tokens, level.source);
    take(out.cache_hit_ppm, v.cache_hit_ppm, level.source);
    take(out.batch_share_ppm, v.batch_share_ppm, level.source);
    take(out.audio_seconds, v.audio_seconds, level.source);
  }
  return out;
}

}  // namespace llmspend::cost
