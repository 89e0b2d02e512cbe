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

std::string Project::default_usage_file(const std::string& config_dir) const {
  fs::path dir = config_dir.empty() ? fs::path(".") : fs::path(config_dir);
  return (dir / path / "llmspend-usage.yml").lexically_normal().string();
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

/// A non-negative amount such as `500` or `12.5`.
core::Result<core::Money> read_amount(const YAML::Node& node, const std::string& origin,
                                      std::string_view key) {
  std::optional<core::Money> m;
  if (node.IsScalar()) m = core::Money::parse(node.Scalar());
  if (!m || m->is_negative()) {
    return core::Error{fmt::format("{}: `{}` must be a non-negative number such as 500 or 12.5",
                                   yaml_where(origin, node), key)};
  }
  return *m;
}

core::Result<bool> read_flag(const YAML::Node& node, const std::string& origin,
                             std::string_view key) {
  if (node.IsScalar()) {
    const std::string v = node.Scalar();
    if (v == "true") return true;
    if (v == "false") return false;
  }
  return core::Error{fmt::format("{}: `{}` must be true or false", yaml_where(origin, node), key)};
}

/// `budgets: [{path: "services/search/**", max_monthly: 200}]`
core::Result<std::vector<PathBudget>> read_budgets(const YAML::Node& node,
                                                   const std::string& origin) {
  std::vector<PathBudget> out;
  if (!node.IsSequence()) {
    return core::Error{fmt::format("{}: `budgets` must be a list of {{path: GLOB, max_monthly: "
                                   "AMOUNT}}", yaml_where(origin, node))};
  }
  for (const auto& item : node) {
    if (auto err = check_keys(item, {"path", "max_monthly"}, origin, "budget")) return *err;
    if (!item["path"] || !item["max_monthly"]) {
      return core::Error{fmt::format("{}: a budget needs both `path` and `max_monthly`",
                                     yaml_where(origin, item))};
    }
    auto path = read_string(item["path"], origin, "path");
    if (!path) return path.error();
    auto max = read_amount(item["max_monthly"], origin, "max_monthly");
    if (!max) return max.error();
    out.push_back({*path, *max});
  }
  return out;
}

std::optional<core::Error> read_policy_amounts(const YAML::Node& node, const std::string& origin,
                                               Policies& p) {
  for (auto [key, target] : {std::pair{"max_monthly_increase", &p.max_monthly_increase},
                             std::pair{"max_monthly_increase_percent",
                                       &p.max_monthly_increase_percent},
                             std::pair{"max_monthly_total", &p.max_monthly_total}}) {
    if (const auto n = node[key]) {
      auto m = read_amount(n, origin, key);
      if (!m) return m.error();
      *target = *m;
    }
  }
  return std::nullopt;
}

/// `policies:` (docs/config.md): amounts, path budgets and two fail-on switches.
core::Result<Policies> read_policies(const YAML::Node& node, const std::string& origin) {
  static const std::vector<std::string> kKeys = {
      "max_monthly_increase", "max_monthly_increase_percent", "max_monthly_total", "budgets",
      "fail_on_unresolved_model", "fail_on_deprecated_model"};
  if (auto err = check_keys(node, kKeys, origin, "policies")) return *err;
  Policies p;
  if (auto err = read_policy_amounts(node, origin, p)) return *err;
  if (const auto n = node["budgets"]) {
    auto b = read_budgets(n, origin);
    if (!b) return b.error();
    p.budgets = std::move(*b);
  }
  for (auto [key, target] : {std::pair{"fail_on_unresolved_model", &p.fail_on_unresolved_model},
                             std::pair{"fail_on_deprecated_model", &p.fail_on_deprecated_model}}) {
    if (const auto n = node[key]) {
      auto f = read_flag(n, origin, key);
      if (!f) return f.error();
      *target = *f;
    }
  }
  return p;
}

std::string relative_to(const std::string& dir, const std::string& p) {
  fs::path path(p);
  return path.is_absolute() || dir.empty() ? p : (fs::path(dir) / path).lexically_normal().string();
}

/// "services/api/", "./services//api" → "services/api"; "", "." and "./" → "."; nullopt for an
/// absolute path (a project is a part of the repository the config file describes).
std::optional<std::string> project_path(const std::string& raw) {
  fs::path p(raw);
  if (p.is_absolute()) return std::nullopt;
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

core::Result<Project> read_project(const YAML::Node& item, const Config& c) {
  if (auto err = check_keys(item, {"name", "path", "usage_file"}, c.path, "a project")) return *err;
  if (!item["name"] || !item["path"]) {
    return core::Error{
        fmt::format("{}: a project needs `name` and `path`, e.g. "
                    "`{{name: api, path: services/api}}`",
                    yaml_where(c.path, item))};
  }
  Project p;
  p.line = item.Mark().line + 1;
  auto name = read_string(item["name"], c.path, "name");
  if (!name) return name.error();
  p.name = *name;
  auto raw = read_string(item["path"], c.path, "path");
  if (!raw) return raw.error();
  auto path = project_path(*raw);
  if (!path) {
    return core::Error{
        fmt::format("{}: project path `{}` must be relative to the config file's "
                    "directory",
                    yaml_where(c.path, item["path"]), *raw)};
  }
  p.path = *path;
  if (const auto n = item["usage_file"]) {
    auto file = read_string(n, c.path, "usage_file");
    if (!file) return file.error();
    p.usage_file = relative_to(c.dir, *file);
  }
  return p;
}

/// A second project with the same name or path is an error naming both lines.
std::optional<core::Error> check_unique(const std::vector<Project>& done, const Project& p,
                                        const std::string& origin) {
  for (const Project& q : done) {
    const char* what = q.name == p.name ? "name" : q.path == p.path ? "path" : nullptr;
    if (what == nullptr) continue;
    return core::Error{
        fmt::format("{}:{}: a second project with the {} `{}` (the first is on "
                    "line {}); give each project its own name and path",
                    origin, p.line, what, q.name == p.name ? p.name : p.path, q.line)};
  }
  return std::nullopt;
}

/// `projects: [{name: api, path: services/api, usage_file: services/api/usage.yml}]`
core::Result<std::vector<Project>> read_projects(const YAML::Node& node, const Config& c) {
  std::vector<Project> out;
  if (node.IsNull()) return out;
  if (!node.IsSequence()) {
    return core::Error{fmt::format("{}: `projects` must be a list of {{name, path, usage_file}}",
                                   yaml_where(c.path, node))};
  }
  for (const auto& item : node) {
    auto p = read_project(item, c);
    if (!p) return p.error();
    if (auto err = check_unique(out, *p, c.path)) return *err;
    out.push_back(std::move(*p));
  }
  return out;
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
  if (const auto n = root["policies"]) {
    auto p = read_policies(n, c.path);
    if (!p) return p.error();
    c.policies = std::move(*p);
  }
  if (const auto n = root["projects"]) {
    auto p = read_projects(n, c);
    if (!p) return p.error();
    c.projects = std::move(*p);
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
      "version",      "exclude", "default_models", "azure_deployments", "usage_file",
      "pricing_file", "usage",   "discounts",      "policies",          "projects"};
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
