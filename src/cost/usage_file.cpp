#include "cost/usage_file.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "cost/yaml_util.h"

namespace llmspend::cost {

const std::vector<std::string>& usage_value_keys() {
  static const std::vector<std::string> kKeys = {"calls_per_month", "input_tokens",
                                                 "output_tokens",   "cache_hit_rate",
                                                 "batch_share",     "audio_minutes"};
  return kKeys;
}

std::optional<int64_t> preset_calls_per_month(std::string_view preset) {
  if (preset == "small") return 1'000;
  if (preset == "medium") return 10'000;
  if (preset == "large") return 100'000;
  return std::nullopt;
}

core::Result<UsageValues> parse_usage_values(const YAML::Node& node, const std::string& origin,
                                             std::string_view what) {
  UsageValues v;
  if (node.IsNull()) return v;  // every key commented out, as `usage init` writes them
  if (auto err = check_keys(node, usage_value_keys(), origin, what)) return *err;
  enum class Kind { kCount, kFraction, kMinutes };
  struct Field {
    const char* key;
    std::optional<int64_t> UsageValues::*member;
    Kind kind;
  };
  static const Field kFields[] = {
      {"calls_per_month", &UsageValues::calls_per_month, Kind::kCount},
      {"input_tokens", &UsageValues::input_tokens, Kind::kCount},
      {"output_tokens", &UsageValues::output_tokens, Kind::kCount},
      {"cache_hit_rate", &UsageValues::cache_hit_ppm, Kind::kFraction},
      {"batch_share", &UsageValues::batch_share_ppm, Kind::kFraction},
      {"audio_minutes", &UsageValues::audio_seconds, Kind::kMinutes},
  };
  for (const Field& f : kFields) {
    const YAML::Node item = node[f.key];
    if (!item) continue;
    auto r = f.kind == Kind::kFraction  ? read_fraction_ppm(item, origin, f.key)
             : f.kind == Kind::kMinutes ? read_minutes_as_seconds(item, origin, f.key)
                                        : read_count(item, origin, f.key);
    if (!r) return r.error();
    v.*(f.member) = *r;
  }
  return v;
}

namespace {

core::Result<std::map<std::string, UsageValues>> parse_group(const YAML::Node& node,
                                                             const std::string& origin,
                                                             std::string_view group) {
  std::map<std::string, UsageValues> out;
  if (node.IsNull()) return out;  // a block whose entries are all commented out
  if (!node.IsMap()) {
    return core::Error{fmt::format("{}: `{}` must map names to usage blocks",
                                   yaml_where(origin, node), group)};
  }
  std::map<std::string, int> lines;
  for (const auto& kv : node) {
    const std::string name = kv.first.as<std::string>("");
    const int line = kv.first.Mark().line + 1;
    // YAML keeps one of two equal keys without a word; which figures win must not be a guess.
    if (auto [it, fresh] = lines.emplace(name, line); !fresh) {
      return core::Error{fmt::format("{}: `{}` lists `{}` twice (first on line {}); keep one",
                                     yaml_where(origin, kv.first), group, name, it->second)};
    }
    auto v = parse_usage_values(kv.second, origin, fmt::format("{} `{}`", group, name));
    if (!v) return v.error();
    out[name] = *v;
  }
  return out;
}

core::Result<std::vector<std::pair<std::string, UsageValues>>> parse_sites(
    const YAML::Node& node, const std::string& origin) {
  std::vector<std::pair<std::string, UsageValues>> out;
  auto grouped = parse_group(node, origin, "sites");
  if (!grouped) return grouped.error();
  // Keep file order: the first matching pattern wins, and a map would sort them.
  for (const auto& kv : node) {
    std::string id = kv.first.as<std::string>("");
    out.emplace_back(id, grouped->at(id));
  }
  return out;
}

std::vector<int> site_lines(const YAML::Node& node) {
  std::vector<int> out;
  if (!node.IsMap()) return out;
  for (const auto& kv : node) out.push_back(kv.first.Mark().line + 1);
  return out;
}

std::optional<core::Error> parse_preset(const YAML::Node& node, const std::string& origin,
                                        UsageFile& file) {
  auto name = read_string(node, origin, "preset");
  if (!name) return name.error();
  if (!preset_calls_per_month(*name)) {
    return core::Error{fmt::format("{}: unknown preset `{}`; use small, medium or large",
                                   yaml_where(origin, node), *name)};
  }
  file.preset = *name;
  return std::nullopt;
}

std::optional<core::Error> parse_top(const YAML::Node& root, const std::string& origin,
                                     UsageFile& file) {
  if (const auto n = root["preset"]) {
    if (auto err = parse_preset(n, origin, file)) return err;
  }
  if (const auto n = root["defaults"]) {
    auto v = parse_usage_values(n, origin, "defaults");
    if (!v) return v.error();
    file.defaults = *v;
  }
  const std::pair<const char*, std::map<std::string, UsageValues>*> groups[] = {
      {"apis", &file.by_api}, {"providers", &file.by_provider}, {"models", &file.by_model}};
  for (const auto& [key, target] : groups) {
    if (const auto n = root[key]) {
      auto g = parse_group(n, origin, key);
      if (!g) return g.error();
      *target = std::move(*g);
    }
  }
  if (const auto n = root["sites"]) {
    auto s = parse_sites(n, origin);
    if (!s) return s.error();
    file.sites = std::move(*s);
    file.site_lines = site_lines(n);
  }
  return std::nullopt;
}

}  // namespace

core::Result<UsageFile> parse_usage_file(std::string_view text, const std::string& origin) {
  auto root = parse_yaml(text, origin);
  if (!root) return root.error();
  UsageFile file;
  file.origin = origin;
  if (root->IsNull()) return file;  // an empty file changes nothing
  static const std::vector<std::string> kTop = {"version", "preset", "defaults", "apis",
                                                "providers", "models", "sites"};
  if (auto err = check_keys(*root, kTop, origin, "the usage file")) return *err;
  if (const auto v = (*root)["version"]; v && v.as<std::string>("") != "1") {
    return core::Error{fmt::format("{}: unsupported usage file version `{}`; this llmspend reads 1",
                                   yaml_where(origin, v), v.as<std::string>(""))};
  }
  if (auto err = parse_top(*root, origin, file)) return *err;
  return file;
}

core::Result<UsageFile> load_usage_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_usage_file(*text, path);
}

}  // namespace llmspend::cost
