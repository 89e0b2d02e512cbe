#include "cost/config.h"

#include <filesystem>

#include <fmt/format.h>

#include "cost/yaml_util.h"

namespace llmspend::cost {
namespace fs = std::filesystem;

std::optional<std::string> Config::default_model(std::string_view sdk,
                                                 std::string_view provider) const {
  for (std::string_view key : {sdk, provider, std::string_view("*")}) {
    auto it = default_models.find(std::string(key));
    if (it != default_models.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<std::string> find_config(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (; !dir.empty(); dir = dir.parent_path()) {
    fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

namespace {

core::Result<std::map<std::string, std::string>> read_string_map(const YAML::Node& node,
                                                                 const std::string& origin,
                                                                 std::string_view key) {
  std::map<std::string, std::string> out;
  if (!node.IsMap()) {
    return core::Error{fmt::format("{}: `{}` must map names to strings, e.g. `openai: gpt-4o-mini`",
                                   yaml_where(origin, node), key)};
  }
  for (const auto& kv : node) {
    auto value = read_string(kv.second, origin, key);
    if (!value) return value.error();
    out[kv.first.as<std::string>("")] = *value;
  }
  return out;
}

core::Result<core::Money> read_factor(const YAML::Node& node, const std::string& origin) {
  std::optional<core::Money> m;
  if (node.IsScalar()) m = core::Money::parse(node.Scalar());
  if (!m || m->is_negative() || m->nanos() > 10 * core::Money::kNanosPerUnit) {
    return core::Error{fmt::format("{}: a discount is a price factor such as 0.8 (20% off)",
                                   yaml_where(origin, node))};
  }
  return *m;
}

/// `discounts: {openai: 0.8, anthropic: {claude-sonnet-4-5: 0.9}}`
core::Result<std::vector<Discount>> read_discounts(const YAML::Node& node,
                                                   const std::string& origin) {
  std::vector<Discount> out;
  if (!node.IsMap()) {
    return core::Error{fmt::format("{}: `discounts` must map providers to factors",
                                   yaml_where(origin, node))};
  }
  for (const auto& kv : node) {
    const std::string provider = kv.first.as<std::string>("");
    if (!kv.second.IsMap()) {
      auto f = read_factor(kv.second, origin);
      if (!f) return f.error();
      out.push_back({provider, "", *f});
      continue;
    }
    for (const auto& m : kv.second) {
      auto f = read_factor(m.second, origin);
      if (!f) return f.error();
      out.push_back({provider, m.first.as<std::string>(""), *f});
    }
  }
  return out;
}

std::string relative_to(const std::string& dir, const std::string& p) {
  fs::path path(p);
  return path.is_absolute() || dir.empty() ? p : (fs::path(dir) / path).lexically_normal().string();
}

std::optional<core::Error> read_files(const YAML::Node& root, Config& c) {
  for (auto [key, target] : {std::pair{"usage_file", &c.usage_file},
                             std::pair{"pricing_file", &c.pricing_file}}) {
    if (const auto n = root[key]) {
      auto s = read_string(n, c.path, key);
      if (!s) return s.error();
      *target = relative_to(c.dir, *s);
    }
  }
  return std::nullopt;
}

std::optional<core::Error> read_maps(const YAML::Node& root, Config& c) {
  for (auto [key, target] : {std::pair{"default_models", &c.default_models},
                             std::pair{"azure_deployments", &c.azure_deployments}}) {
    if (const auto n = root[key]) {
      auto m = read_string_map(n, c.path, key);
      if (!m) return m.error();
      *target = std::move(*m);
    }
  }
  return std::nullopt;
}

std::optional<core::Error> read_rest(const YAML::Node& root, Config& c) {
  if (const auto n = root["exclude"]) {
    auto list = read_string_list(n, c.path, "exclude");
    if (!list) return list.error();
    c.exclude = std::move(*list);
  }
  if (const auto n = root["usage"]) {
    auto v = parse_usage_values(n, c.path, "usage");
    if (!v) return v.error();
    c.usage = *v;
  }
  if (const auto n = root["discounts"]) {
    auto d = read_discounts(n, c.path);
    if (!d) return d.error();
    c.discounts = std::move(*d);
  }
  return std::nullopt;
}

}  // namespace

core::Result<Config> parse_config(std::string_view text, const std::string& path) {
  auto root = parse_yaml(text, path);
  if (!root) return root.error();
  Config c;
  c.path = path;
  c.dir = fs::path(path).parent_path().string();
  if (root->IsNull()) return c;
  static const std::vector<std::string> kKeys = {
      "version",    "exclude",  "default_models", "azure_deployments", "usage_file",
      "pricing_file", "usage", "discounts"};
  if (auto err = check_keys(*root, kKeys, path, "the config file")) return *err;
  if (auto err = read_files(*root, c)) return *err;
  if (auto err = read_maps(*root, c)) return *err;
  if (auto err = read_rest(*root, c)) return *err;
  return c;
}

core::Result<Config> load_config(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_config(*text, path);
}

}  // namespace llmspend::cost
